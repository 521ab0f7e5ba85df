//! M-of-N policy verification ([`Op::MultisigVerify`]) with the policy encoding of
//! [`sig::multisig`](crate::sig::multisig):
//! `M (1 B) ‖ N (1 B) ‖ N × (name length (1 B) ‖ algorithm name ‖ key length (2 B, BE) ‖ key)`.
//!
//! The signatures presented are encoded (big-endian, like the policy) as
//! `count (1 B) ‖ count × (key index (1 B) ‖ signature length (2 B, BE) ‖ signature)`.
//!
//! Gas: `base + per item × N` (decoding and validating the policy's keys), plus, for
//! every signature presented with an index below N, the cost of its scheme's single
//! verification over message + context ([`Op::VerifyEd25519Strict`] for Ed25519 keys:
//! policies use the strict rule of [`sig::dynamic::verify`](crate::sig::dynamic::verify)).
//! To price the call, the policy's structure (names and lengths, not the keys) and the
//! signature list are parsed before charging; a malformed structure is
//! `Err(InvalidEncoding)` / `Err(UnknownAlgorithm)` / `Err(UnsupportedAlgorithm)` with
//! no gas charged.
//!
//! Caps: N ≤ [`MAX_MULTISIG_KEYS`], policy ≤ [`MAX_POLICY_LEN`] bytes, signatures
//! presented ≤ [`MAX_MULTISIG_KEYS`], message ≤ [`MAX_MESSAGE_LEN`], context ≤
//! [`MAX_CONTEXT_LEN`].
//!
//! Verdicts: too few signatures, an unknown or repeated index, or any signature that
//! is malformed or does not verify is `Ok(Verdict::Invalid)` (the whole set is judged,
//! as in [`MultisigPolicy::verify`](crate::sig::multisig::MultisigPolicy::verify)); a policy whose keys do not validate is `Err` (its
//! code from [`MultisigPolicy::from_bytes`](crate::sig::multisig::MultisigPolicy::from_bytes)),
//! after charging. The policy is not copied: the keys are validated and the rules applied
//! in place by the same code as [`MultisigPolicy`](crate::sig::multisig::MultisigPolicy).

use super::limits::{MAX_CONTEXT_LEN, MAX_MESSAGE_LEN, MAX_MULTISIG_KEYS, MAX_POLICY_LEN};
use super::{GasMeter, GuestMemory, Op, Span, Verdict, capped};
use crate::sig::multisig::{check_policy, verify_policy};
use crate::util::Reader;
use crate::{Algorithm, Error};

/// A policy's structure, borrowed from guest memory (keys not yet validated).
struct Scanned<'a> {
    threshold: usize,
    keys: Vec<(Algorithm, &'a [u8])>,
    /// The verification operation each key's signatures are priced at.
    ops: Vec<Op>,
}

/// Parses the policy encoding exactly as `MultisigPolicy::from_bytes` does, without
/// copying or validating the keys.
fn scan_policy(policy: &[u8]) -> Result<Scanned<'_>, Error> {
    let mut r = Reader::new(policy);
    let threshold = usize::from(r.u8()?);
    let n = usize::from(r.u8()?);
    if n > MAX_MULTISIG_KEYS as usize {
        return Err(Error::LimitExceeded);
    }
    let mut keys = Vec::with_capacity(n);
    let mut ops = Vec::with_capacity(n);
    for _ in 0..n {
        let name_len = usize::from(r.u8()?);
        let name = core::str::from_utf8(r.take(name_len)?).map_err(|_| Error::InvalidEncoding)?;
        let alg: Algorithm = name.parse()?;
        let op = match alg {
            Algorithm::Ed25519 => Op::VerifyEd25519Strict,
            Algorithm::FrostEd25519 => return Err(Error::UnsupportedAlgorithm),
            alg => Op::verify(alg)?,
        };
        ops.push(op.require()?);
        let key_len = usize::from(r.u16_be()?);
        keys.push((alg, r.take(key_len)?));
    }
    r.done()?;
    Ok(Scanned {
        threshold,
        keys,
        ops,
    })
}

/// The `(key index, signature)` pairs.
fn scan_signatures(list: &[u8]) -> Result<Vec<(usize, &[u8])>, Error> {
    let mut r = Reader::new(list);
    let count = usize::from(r.u8()?);
    if count > MAX_MULTISIG_KEYS as usize {
        return Err(Error::LimitExceeded);
    }
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let index = usize::from(r.u8()?);
        let len = usize::from(r.u16_be()?);
        out.push((index, r.take(len)?));
    }
    r.done()?;
    Ok(out)
}

/// Verifies the signatures in `signatures` (see the module docs) over `message` and
/// `context` against the encoded `policy`.
///
/// ```
/// use zcrypto::metered::{multisig, Gas, Span, Verdict};
/// use zcrypto::{Algorithm, sig::{dynamic, multisig::MultisigPolicy}};
/// let (sk_a, pk_a) = dynamic::keygen(Algorithm::Ed25519, &[1; 32])?;
/// let (_, pk_b) = dynamic::keygen(Algorithm::Bip340, &[2; 32])?;
/// let policy = MultisigPolicy::new(1, [(Algorithm::Ed25519, pk_a), (Algorithm::Bip340, pk_b)])?.to_bytes();
/// let sig = dynamic::sign(Algorithm::Ed25519, &sk_a, b"pay", b"")?;
/// let list = [&[1u8, 0, 0, 64][..], &sig].concat(); // one signature, by key 0
/// let mem = [&policy[..], b"pay", &list].concat();
/// let (p, m) = (policy.len() as u32, 3);
/// let verdict = multisig::verify(&mem[..], &mut Gas::unlimited(), Span::new(0, p), Span::new(p, m),
///                                Span::default(), Span::new(p + m, list.len() as u32))?;
/// assert_eq!(verdict, Verdict::Valid);
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn verify<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &M,
    gas: &mut G,
    policy: Span,
    message: Span,
    context: Span,
    signatures: Span,
) -> Result<Verdict, Error> {
    let policy_bytes = mem.read(policy)?;
    let msg = mem.read(message)?;
    let ctx = mem.read(context)?;
    let list = mem.read(signatures)?;
    capped(policy, MAX_POLICY_LEN)?;
    let bytes = capped(message, MAX_MESSAGE_LEN)? + capped(context, MAX_CONTEXT_LEN)?;
    let scanned = scan_policy(policy_bytes)?;
    let sigs = scan_signatures(list)?;
    let mut cost = Op::MultisigVerify.cost().gas(0, scanned.keys.len() as u64);
    for &(index, _) in &sigs {
        if let Some(op) = scanned.ops.get(index) {
            cost = cost.saturating_add(op.cost().gas(bytes, 0));
        }
    }
    gas.charge(cost)?;
    // The keys are validated and the rules applied by `sig::multisig` itself, on the
    // borrowed keys (no copy of the policy).
    check_policy(scanned.threshold, &scanned.keys)?;
    match verify_policy(scanned.threshold, &scanned.keys, msg, ctx, &sigs) {
        Ok(()) => Ok(Verdict::Valid),
        Err(Error::InvalidSignature | Error::PolicyNotSatisfied) => Ok(Verdict::Invalid),
        Err(e) => Err(e),
    }
}
