//! Batch signature verification: many signatures, any mix of schemes, checked faster
//! than one by one, deterministically, naming the bad items.
//!
//! ```
//! use zcrypto::batch::{BatchVerifier, Item};
//! use zcrypto::sig::{ed25519, bls, Encoding, Signer};
//! use zcrypto::Algorithm;
//!
//! let ed = ed25519::SigningKey::from_seed(&[1; 32])?;
//! let ed_pk = ed.verifying_key().to_bytes();
//! let ed_sig = ed.sign(b"block 7")?.to_bytes();
//! let bl = bls::SigningKey::from_seed(&[2; 32])?;
//! let bl_pk = bl.verifying_key().to_bytes();
//! let bl_sig = bl.sign(b"block 7")?.to_bytes();
//!
//! let mut batch = BatchVerifier::new();
//! batch.push(Item::new(Algorithm::Ed25519, &ed_pk, b"block 7", &ed_sig))?;
//! batch.push(Item::new(Algorithm::Bls12381, &bl_pk, b"block 7", &bl_sig))?;
//! batch.push(Item::new(Algorithm::Ed25519, &ed_pk, b"block 8", &ed_sig))?; // wrong message
//! assert!(batch.verify_all().is_err());
//! let results = batch.verify_each();
//! assert_eq!(results, vec![Ok(()), Ok(()), Err(zcrypto::Error::InvalidSignature)]);
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! ## How each scheme is checked
//!
//! | scheme | method |
//! |---|---|
//! | Ed25519, FROST(Ed25519) | one randomised, cofactored multiscalar multiplication (ZIP-215 rules), split across cores |
//! | BLS12-381 | randomised fast aggregate verification per message; blst's randomised multi-message check for the rest |
//! | ECDSA and BIP-340 (secp256k1), ML-DSA, Ed25519+ML-DSA-65 | each item verified alone, in parallel across cores |
//!
//! k256 offers no BIP-340 batch equation, so BIP-340 items are verified one by one in
//! parallel. The random coefficients of the batch equations come from a hash of the
//! whole batch (see `transcript`), so every node computes the same answer; when a batch
//! equation fails, the items are bisected until the bad ones are found, and items are
//! never reported bad without a single verification confirming it.
//!
//! ## Agreement with single verification
//!
//! [`BatchVerifier::verify_each`] returns, for every item, what [`verify_one`] returns for
//! it (the same `Ok` or the same error code); [`BatchVerifier::verify_all`], the fast path
//! with no bisection, is `Ok` exactly when all of them are. For Ed25519 that needs a rule both can share: a batch can only be
//! made to agree with the **cofactored** equation, so under the default
//! [`Ed25519Rule::Zip215`] Ed25519 items are checked against
//! [`VerifyingKey::verify_zip215`](crate::sig::ed25519::VerifyingKey::verify_zip215)
//! (the consensus rule of Zcash and others; small-order and non-canonical encodings
//! included). [`Ed25519Rule::Strict`] gives the strict single-signature rule of
//! [`sig::dynamic::verify`](crate::sig::dynamic::verify) instead, by verifying each
//! Ed25519 item alone in parallel, because the cofactorless equation cannot be batched
//! without disagreeing on adversarial inputs.
//!
//! ## Bounded work
//!
//! [`Limits`] caps the number of items and the total message bytes; [`BatchVerifier::push`]
//! refuses an item that would exceed them with [`Error::LimitExceeded`] before any work.

#[cfg(feature = "bls")]
mod bls;
mod ed25519;
mod transcript;

use crate::sig::{Encoding, Verifier, dynamic};
use crate::{Algorithm, Error, par};

/// One signature to verify, borrowed from the caller: nothing is copied.
///
/// Build it with [`Item::new`] from encodings, or with [`Item::ed25519`] from a decoded
/// Ed25519 key and signature, which spares the batch the key's point decompression
/// (about a quarter of the per-signature cost) when keys are kept decoded, as a
/// validator set is.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// The signature scheme ([`Algorithm::Ed25519`], [`Algorithm::Bls12381`],
    /// [`Algorithm::FrostEd25519`], ...).
    pub algorithm: Algorithm,
    /// The verifying key in the scheme's standard encoding.
    pub public_key: &'a [u8],
    /// The signed message.
    pub message: &'a [u8],
    /// The signature in the scheme's standard encoding.
    pub signature: &'a [u8],
    /// The context string (ML-DSA and the hybrid scheme); empty otherwise.
    pub context: &'a [u8],
    /// The decoded Ed25519 key whose encoding is `public_key`, if the caller has one.
    ed25519: Option<&'a crate::sig::ed25519::VerifyingKey>,
}

/// Items are equal when their algorithm, key, message, signature and context bytes are.
impl PartialEq for Item<'_> {
    fn eq(&self, other: &Self) -> bool {
        (
            self.algorithm,
            self.public_key,
            self.message,
            self.signature,
            self.context,
        ) == (
            other.algorithm,
            other.public_key,
            other.message,
            other.signature,
            other.context,
        )
    }
}

impl Eq for Item<'_> {}

impl<'a> Item<'a> {
    /// An item with an empty context.
    pub fn new(
        algorithm: Algorithm,
        public_key: &'a [u8],
        message: &'a [u8],
        signature: &'a [u8],
    ) -> Item<'a> {
        Item {
            algorithm,
            public_key,
            message,
            signature,
            context: &[],
            ed25519: None,
        }
    }

    /// An Ed25519 item from a decoded key and signature. It verifies exactly like
    /// `Item::new(Algorithm::Ed25519, key.as_bytes(), message, signature.as_bytes())`.
    ///
    /// ```
    /// use zcrypto::batch::{BatchVerifier, Item};
    /// use zcrypto::sig::{ed25519::SigningKey, Signer};
    /// let sk = SigningKey::from_seed(&[1; 32])?;
    /// let (vk, sig) = (sk.verifying_key(), sk.sign(b"vote")?);
    /// let mut batch = BatchVerifier::new();
    /// batch.push(Item::ed25519(&vk, b"vote", &sig))?;
    /// batch.verify_all()?;
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn ed25519(
        key: &'a crate::sig::ed25519::VerifyingKey,
        message: &'a [u8],
        signature: &'a crate::sig::ed25519::Signature,
    ) -> Item<'a> {
        Item {
            ed25519: Some(key),
            ..Item::new(
                Algorithm::Ed25519,
                key.as_bytes(),
                message,
                signature.as_bytes(),
            )
        }
    }

    /// The same item with a context string.
    pub fn with_context(self, context: &'a [u8]) -> Item<'a> {
        Item { context, ..self }
    }
}

/// How Ed25519 and FROST(Ed25519) items are verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum Ed25519Rule {
    /// ZIP-215 (cofactored equation, any point encodings): true batch verification.
    #[default]
    Zip215 = 1,
    /// Strict (cofactorless, canonical, no small-order points), as
    /// [`sig::dynamic::verify`](crate::sig::dynamic::verify): each item alone, in parallel.
    Strict = 2,
}

/// Bounds on the work one batch may ask for, checked as items are pushed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most items in one batch.
    pub max_items: usize,
    /// The most message bytes in one batch, summed over its items.
    pub max_message_bytes: usize,
}

impl Limits {
    /// 100,000 items and 256 MiB of messages: a few seconds of work on one core.
    pub const DEFAULT: Limits = Limits {
        max_items: 100_000,
        max_message_bytes: 256 << 20,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// One item's verification result.
type ItemResult = (usize, Result<(), Error>);

/// Collects items, then verifies them all at once.
#[derive(Debug, Clone, Default)]
pub struct BatchVerifier<'a> {
    items: Vec<Item<'a>>,
    message_bytes: usize,
    limits: Limits,
    rule: Ed25519Rule,
    /// Verify one-by-one items on the calling thread only (the metered API: its memory
    /// bound is per operation, and a VM call runs on one thread).
    serial: bool,
}

impl<'a> BatchVerifier<'a> {
    /// An empty batch with [`Limits::DEFAULT`] and the ZIP-215 rule for Ed25519.
    pub fn new() -> BatchVerifier<'a> {
        BatchVerifier::default()
    }

    /// An empty batch with caller-set limits.
    ///
    /// ```
    /// use zcrypto::batch::{BatchVerifier, Item, Limits};
    /// use zcrypto::{Algorithm, Error};
    /// let mut batch = BatchVerifier::with_limits(Limits { max_items: 1, max_message_bytes: 4 });
    /// assert_eq!(
    ///     batch.push(Item::new(Algorithm::Ed25519, &[0; 32], b"12345", &[0; 64])),
    ///     Err(Error::LimitExceeded)
    /// );
    /// batch.push(Item::new(Algorithm::Ed25519, &[0; 32], b"1234", &[0; 64]))?;
    /// assert_eq!(
    ///     batch.push(Item::new(Algorithm::Ed25519, &[0; 32], b"", &[0; 64])),
    ///     Err(Error::LimitExceeded)
    /// );
    /// assert_eq!(batch.len(), 1);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn with_limits(limits: Limits) -> BatchVerifier<'a> {
        BatchVerifier {
            limits,
            ..BatchVerifier::default()
        }
    }

    /// Chooses the Ed25519 rule (see the [module documentation](self)).
    pub fn ed25519_rule(mut self, rule: Ed25519Rule) -> BatchVerifier<'a> {
        self.rule = rule;
        self
    }

    /// Verifies the items checked one by one (see the table above) on the calling thread,
    /// stopping at the first failure, instead of across cores.
    pub(crate) fn serial(mut self) -> BatchVerifier<'a> {
        self.serial = true;
        self
    }

    /// The Ed25519 rule in force.
    pub fn rule(&self) -> Ed25519Rule {
        self.rule
    }

    /// Adds an item. Refuses it, leaving the batch unchanged, with
    /// [`Error::LimitExceeded`] if it would exceed the item count or the message-byte
    /// budget. Malformed keys and signatures are accepted here and reported per item by
    /// the verification.
    pub fn push(&mut self, item: Item<'a>) -> Result<(), Error> {
        let bytes = self
            .message_bytes
            .checked_add(item.message.len())
            .filter(|&b| b <= self.limits.max_message_bytes)
            .ok_or(Error::LimitExceeded)?;
        if self.items.len() >= self.limits.max_items {
            return Err(Error::LimitExceeded);
        }
        self.items.push(item);
        self.message_bytes = bytes;
        Ok(())
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items, in the order they were pushed.
    pub fn items(&self) -> &[Item<'a>] {
        &self.items
    }

    /// `Ok` if every item verifies: the fast path. The batch equations run over all
    /// items at once with no bisection, so a batch with bad items costs no more than one
    /// without (the gas-metered API relies on this). `Ok` exactly when every entry of
    /// [`BatchVerifier::verify_each`] is `Ok`.
    ///
    /// On failure the error is that of one bad item, found without bisection: the first
    /// (by index) item that fails to decode or, among schemes verified one by one, to
    /// verify; otherwise [`Error::InvalidSignature`] from a batch equation that failed.
    /// Use [`BatchVerifier::verify_each`] to name every bad item. An empty batch is `Ok`.
    pub fn verify_all(&self) -> Result<(), Error> {
        let rule = self.rule;
        let items = &self.items;
        let groups = Groups::of(items, rule);
        let single = |i: usize| verify_one(&items[i], rule);
        if self.serial {
            groups.rest.iter().try_for_each(|&i| single(i))?;
        } else {
            par::map(&groups.rest, |&i| single(i))
                .into_iter()
                .collect::<Result<(), Error>>()?;
        }
        if groups.ed.is_empty() && groups.bls.is_empty() {
            return Ok(());
        }
        let seed = transcript::seed(items, rule);
        if !groups.ed.is_empty() {
            ed25519::holds(items, &groups.ed, &seed, &single)?;
        }
        bls_holds(items, &groups.bls, &seed, &single)
    }

    /// One result per item, in push order: exactly what [`verify_one`] says for it.
    pub fn verify_each(&self) -> Vec<Result<(), Error>> {
        let rule = self.rule;
        let items = &self.items;
        let Groups { ed, bls, rest } = Groups::of(items, rule);
        let seed = if ed.is_empty() && bls.is_empty() {
            [0; 32]
        } else {
            transcript::seed(items, rule)
        };
        let single = |i: usize| verify_one(&items[i], rule);
        let (ed, (bls, rest)) = par::join(
            || {
                if ed.is_empty() {
                    Vec::new()
                } else {
                    ed25519::verify(items, &ed, &seed, &single)
                }
            },
            || {
                par::join(
                    || verify_bls(items, &bls, &seed, &single),
                    || par::map(&rest, |&i| (i, single(i))),
                )
            },
        );
        let mut out = vec![Ok(()); items.len()];
        for (i, r) in ed.into_iter().chain(bls).chain(rest) {
            out[i] = r;
        }
        out
    }
}

/// Item indices by how they are verified.
struct Groups {
    /// Ed25519 and FROST under ZIP-215: one multiscalar multiplication.
    ed: Vec<usize>,
    /// BLS12-381: randomised aggregate checks.
    bls: Vec<usize>,
    /// Everything else: one by one, in parallel.
    rest: Vec<usize>,
}

impl Groups {
    fn of(items: &[Item<'_>], rule: Ed25519Rule) -> Groups {
        let mut groups = Groups {
            ed: Vec::new(),
            bls: Vec::new(),
            rest: Vec::new(),
        };
        for (i, item) in items.iter().enumerate() {
            match item.algorithm {
                Algorithm::Ed25519 | Algorithm::FrostEd25519 if rule == Ed25519Rule::Zip215 => {
                    groups.ed.push(i)
                }
                Algorithm::Bls12381 if cfg!(feature = "bls") => groups.bls.push(i),
                _ => groups.rest.push(i),
            }
        }
        groups
    }
}

#[cfg(feature = "bls")]
fn verify_bls(
    items: &[Item<'_>],
    indices: &[usize],
    seed: &[u8; 32],
    single: &(dyn Fn(usize) -> Result<(), Error> + Sync),
) -> Vec<ItemResult> {
    if indices.is_empty() {
        Vec::new()
    } else {
        bls::verify(items, indices, seed, single)
    }
}

#[cfg(not(feature = "bls"))]
fn verify_bls(
    _: &[Item<'_>],
    indices: &[usize],
    _: &[u8; 32],
    _: &(dyn Fn(usize) -> Result<(), Error> + Sync),
) -> Vec<ItemResult> {
    debug_assert!(indices.is_empty());
    Vec::new()
}

#[cfg(feature = "bls")]
fn bls_holds(
    items: &[Item<'_>],
    indices: &[usize],
    seed: &[u8; 32],
    single: &(dyn Fn(usize) -> Result<(), Error> + Sync),
) -> Result<(), Error> {
    if indices.is_empty() {
        Ok(())
    } else {
        bls::holds(items, indices, seed, single)
    }
}

#[cfg(not(feature = "bls"))]
fn bls_holds(
    _: &[Item<'_>],
    indices: &[usize],
    _: &[u8; 32],
    _: &(dyn Fn(usize) -> Result<(), Error> + Sync),
) -> Result<(), Error> {
    debug_assert!(indices.is_empty());
    Ok(())
}

/// Single verification of one item: the answer the batch must agree with.
///
/// Ed25519 and FROST(Ed25519) follow `rule`; every other scheme is
/// [`sig::dynamic::verify`](crate::sig::dynamic::verify). A non-signature algorithm is
/// [`Error::UnsupportedAlgorithm`].
///
/// ```
/// use zcrypto::batch::{verify_one, Ed25519Rule, Item};
/// use zcrypto::{Algorithm, Error};
/// // Identity key and R with s = 0: ZIP-215 valid, strictly refused.
/// let mut pk = [0u8; 32];
/// pk[0] = 1;
/// let mut sig = [0u8; 64];
/// sig[0] = 1;
/// let item = Item::new(Algorithm::Ed25519, &pk, b"any", &sig);
/// assert_eq!(verify_one(&item, Ed25519Rule::Zip215), Ok(()));
/// assert_eq!(verify_one(&item, Ed25519Rule::Strict), Err(Error::InvalidKey));
/// ```
pub fn verify_one(item: &Item<'_>, rule: Ed25519Rule) -> Result<(), Error> {
    use crate::sig::ed25519;
    match (item.algorithm, rule) {
        (Algorithm::Ed25519 | Algorithm::FrostEd25519, Ed25519Rule::Zip215) => {
            let vk = ed25519::VerifyingKey::from_bytes(item.public_key)?;
            let sig = ed25519::Signature::from_bytes(item.signature)?;
            crate::sig::no_context(item.context)?;
            vk.verify_zip215(item.message, &sig)
        }
        (Algorithm::FrostEd25519, Ed25519Rule::Strict) => {
            let vk = ed25519::VerifyingKey::from_bytes(item.public_key)?;
            let sig = ed25519::Signature::from_bytes(item.signature)?;
            vk.verify_with_context(item.message, item.context, &sig)
        }
        (alg, _) => dynamic::verify(
            alg,
            item.public_key,
            item.message,
            item.context,
            item.signature,
        ),
    }
}

/// Sets this small are verified item by item: as fast, and exact.
const LEAF: usize = 2;

/// Whether every position in `set` is valid, as [`resolve`] would find, without
/// bisecting: small sets item by item (their first error), larger ones by the batch
/// check alone ([`Error::InvalidSignature`] if it fails).
fn holds(
    set: &[usize],
    check: &(dyn Fn(&[usize]) -> bool + Sync),
    single: &(dyn Fn(usize) -> Result<(), Error> + Sync),
) -> Result<(), Error> {
    if set.len() <= LEAF {
        set.iter().try_for_each(|&p| single(p))
    } else if check(set) {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
}

/// Splits decoded items into the results of those that failed to decode, the prepared
/// ones, and the item index of each prepared one.
fn split_decoded<P>(
    decoded: Vec<(usize, Result<P, Error>)>,
) -> (Vec<ItemResult>, Vec<P>, Vec<usize>) {
    let mut results = Vec::new();
    let mut prepared = Vec::with_capacity(decoded.len());
    let mut origin = Vec::with_capacity(decoded.len());
    for (i, r) in decoded {
        match r {
            Ok(p) => {
                origin.push(i);
                prepared.push(p);
            }
            Err(e) => results.push((i, Err(e))),
        }
    }
    (results, prepared, origin)
}

/// Finds the result of every position in `set`: if the batch check passes, all are
/// valid; otherwise the set is halved and each half resolved, down to single
/// verification, which decides every item reported bad.
fn resolve(
    set: &[usize],
    check: &(dyn Fn(&[usize]) -> bool + Sync),
    single: &(dyn Fn(usize) -> Result<(), Error> + Sync),
) -> Vec<ItemResult> {
    if set.len() <= LEAF {
        return set.iter().map(|&p| (p, single(p))).collect();
    }
    if check(set) {
        return set.iter().map(|&p| (p, Ok(()))).collect();
    }
    let (left, right) = set.split_at(set.len() / 2);
    let (mut a, b) = par::join(
        || resolve(left, check, single),
        || resolve(right, check, single),
    );
    a.extend(b);
    a
}
