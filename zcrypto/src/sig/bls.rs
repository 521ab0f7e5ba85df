//! BLS signatures on BLS12-381 as Ethereum uses them: the minimal-public-key-size
//! variant (48-byte G1 public keys, 96-byte G2 signatures) of the IETF BLS draft's
//! proof-of-possession ciphersuite `BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_`.
//!
//! * [`SigningKey`]: a secret scalar, from input keying material
//!   ([`SigningKey::key_gen`], the draft's `KeyGen`, equal to EIP-2333's
//!   `derive_master_SK` with an empty `key_info`) or from its 32 big-endian bytes;
//! * [`VerifyingKey`]: a compressed G1 point, validated on the way in (`KeyValidate`:
//!   on the curve, in the prime-order subgroup, not the point at infinity);
//! * [`Signature`]: a compressed G2 point, subgroup-checked on the way in;
//! * aggregation: [`aggregate_signatures`], [`aggregate_verifying_keys`],
//!   [`fast_aggregate_verify`] (one message) and [`aggregate_verify`] (one message each);
//! * proofs of possession ([`ProofOfPossession`], `PopProve` / `PopVerify` with the DST
//!   [`POP_DST`]), which make aggregation safe against rogue-key attacks.
//!
//! ```
//! use zcrypto::sig::{bls, Encoding, Signer, Verifier};
//! // Ethereum consensus-spec `sign` vector (bls12-381-tests v0.1.2).
//! let sk = bls::SigningKey::from_bytes(&zcrypto::encoding::from_hex(
//!     "263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3",
//! )?)?;
//! let vk = sk.verifying_key();
//! assert_eq!(
//!     vk.to_hex(),
//!     "a491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20f\
//!      d6e10c1b77654d067c0618f6e5a7f79a"
//! );
//! let sig = sk.sign(&[0u8; 32])?;
//! assert!(sig.to_hex().starts_with("b6ed936746e01f8e"));
//!
//! // The receiver parses the key and signature; both are validated on the way in.
//! let vk = bls::VerifyingKey::from_bytes(&vk.to_bytes())?;
//! let sig = bls::Signature::from_bytes(&sig.to_bytes())?;
//! vk.verify(&[0u8; 32], &sig)?;
//! assert_eq!(vk.verify(&[1u8; 32], &sig), Err(zcrypto::Error::InvalidSignature));
//! // BLS has no context string.
//! assert_eq!(sk.sign_with_context(b"", b"ctx").err(), Some(zcrypto::Error::UnsupportedAlgorithm));
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! ## Aggregation
//!
//! ```
//! use zcrypto::sig::{bls, Encoding, Signer, Verifier};
//! let keys: Vec<bls::SigningKey> = (1u8..=3)
//!     .map(|i| bls::SigningKey::from_seed(&[i; 32]))
//!     .collect::<Result<_, _>>()?;
//! let vks: Vec<bls::VerifyingKey> = keys.iter().map(|k| k.verifying_key()).collect();
//!
//! // Every key proves possession once (e.g. on registration)...
//! for (k, vk) in keys.iter().zip(&vks) {
//!     vk.verify_possession(&k.prove_possession())?;
//! }
//! // ...then signatures on one message aggregate into one signature.
//! let sigs: Vec<bls::Signature> = keys.iter().map(|k| k.sign(b"block 7")).collect::<Result<_, _>>()?;
//! let agg = bls::aggregate_signatures(&sigs)?;
//! bls::fast_aggregate_verify(&vks, b"block 7", &agg)?;
//! // The same check with the aggregate public key.
//! bls::aggregate_verifying_keys(&vks)?.verify(b"block 7", &agg)?;
//!
//! // Distinct messages: aggregate_verify.
//! let msgs: [&[u8]; 3] = [b"a", b"b", b"c"];
//! let sigs: Vec<bls::Signature> =
//!     keys.iter().zip(msgs).map(|(k, m)| k.sign(m)).collect::<Result<_, _>>()?;
//! bls::aggregate_verify(&vks, &msgs, &bls::aggregate_signatures(&sigs)?)?;
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! ## Rules (those of the Ethereum consensus specification)
//!
//! * Public keys must pass `KeyValidate`: the point at infinity and points outside the
//!   prime-order subgroup are [`Error::InvalidKey`] when decoded, so no function here
//!   ever sees one.
//! * Signatures are subgroup-checked when decoded ([`Error::InvalidSignature`]). The
//!   point at infinity *is* a valid signature encoding (`0xc0 ‖ 0…0`; it is what
//!   aggregation can produce) but does not verify under any valid key.
//! * Aggregating or verifying against an empty list fails: no signatures is
//!   [`Error::InvalidSignature`], no keys [`Error::InvalidKey`]. A key list and message
//!   list of different lengths is [`Error::InvalidLength`].
//! * [`aggregate_verify`] does not require distinct messages: with proofs of possession
//!   (this ciphersuite) `AggregateVerify` is the draft's `CoreAggregateVerify`, and the
//!   Ethereum specification and its tests do not require them either.
//! * [`fast_aggregate_verify`] and [`aggregate_verifying_keys`] are safe only for keys
//!   whose proofs of possession were checked ([`VerifyingKey::verify_possession`]).
//!
//! ## Implementation
//!
//! [`blst`](https://github.com/supranational/blst) (C and assembly, formally verified
//! parts, audited) is the only implementation: there is no pure-Rust twin of equal
//! standing, so the [`Backend`](crate::Backend) split does not apply and BLS takes no
//! backend argument. blst needs a C compiler for the target (clang for
//! `wasm32-unknown-unknown`), so this module is behind the `bls` cargo feature, which is
//! part of `default` and `native` but not of `portable`. blst's safe Rust API is used;
//! zcrypto adds no `unsafe` code. With `std`, blst runs the pairing checks of
//! verification on its internal thread pool.

use core::fmt;
use core::hash::{Hash, Hasher};

use blst::BLST_ERROR;
use blst::min_pk as blst_bls;
use zeroize::Zeroizing;

use super::{Encoding, Signer, Verifier, no_context};
use crate::{Algorithm, Error};

/// Length of a secret key (a big-endian scalar in `[1, r)`).
pub const SECRET_KEY_LEN: usize = 32;
/// Length of the seed [`Signer::from_seed`] takes (input keying material for `KeyGen`).
pub const SEED_LEN: usize = 32;
/// The shortest input keying material [`SigningKey::key_gen`] accepts.
pub const MIN_IKM_LEN: usize = 32;
/// Length of a public key: a compressed G1 point.
pub const PUBLIC_KEY_LEN: usize = 48;
/// Length of a signature (and of a proof of possession): a compressed G2 point.
pub const SIGNATURE_LEN: usize = 96;
/// The signature domain separation tag (Ethereum's ciphersuite).
pub const DST: &[u8] = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
/// The domain separation tag of proofs of possession.
pub const POP_DST: &[u8] = b"BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

/// The compressed encoding of the point at infinity in G2.
const G2_INFINITY: [u8; SIGNATURE_LEN] = {
    let mut b = [0u8; SIGNATURE_LEN];
    b[0] = 0xc0;
    b
};

fn verified(result: BLST_ERROR) -> Result<(), Error> {
    if result == BLST_ERROR::BLST_SUCCESS {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
}

// ---------------------------------------------------------------------------------------
// Signature
// ---------------------------------------------------------------------------------------

/// A BLS signature: a compressed G2 point (96 bytes), in the prime-order subgroup.
///
/// An aggregate signature has the same type and encoding.
///
/// ```
/// use zcrypto::Error;
/// use zcrypto::sig::{bls::Signature, Encoding};
/// // The point at infinity decodes (aggregation can produce it) but verifies nothing.
/// let mut inf = [0u8; 96];
/// inf[0] = 0xc0;
/// assert!(Signature::from_bytes(&inf)?.is_infinity());
/// // Without the compression flag, or with the wrong length, it is refused.
/// assert_eq!(Signature::from_bytes(&[0u8; 96]), Err(Error::InvalidSignature));
/// assert_eq!(
///     Signature::from_bytes(&inf[1..]),
///     Err(Error::InvalidLength { expected: 96, got: 95 })
/// );
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Signature {
    bytes: [u8; SIGNATURE_LEN],
    point: blst_bls::Signature,
}

impl Signature {
    /// Decodes a compressed G2 point and checks that it lies in the prime-order subgroup
    /// (the `_validate` deserialiser, infinity allowed).
    fn from_array(bytes: [u8; SIGNATURE_LEN]) -> Result<Signature, Error> {
        let point = blst_bls::Signature::uncompress(&bytes).map_err(|_| Error::InvalidSignature)?;
        point.validate(false).map_err(|_| Error::InvalidSignature)?;
        Ok(Signature::from_point(point))
    }

    fn from_point(point: blst_bls::Signature) -> Signature {
        Signature {
            bytes: point.compress(),
            point,
        }
    }

    /// The 96 bytes of the compressed point.
    ///
    /// ```
    /// use zcrypto::sig::{bls::SigningKey, Signer};
    /// let sig = SigningKey::from_seed(&[1; 32])?.sign(b"m")?;
    /// assert_eq!(sig.as_bytes().len(), 96);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8; SIGNATURE_LEN] {
        &self.bytes
    }

    /// The decoded, subgroup-checked point (for batch verification).
    pub(crate) fn point(&self) -> &blst_bls::Signature {
        &self.point
    }

    /// Whether this is the point at infinity (never a valid signature under a valid key).
    ///
    /// ```
    /// use zcrypto::sig::{bls::SigningKey, Signer};
    /// assert!(!SigningKey::from_seed(&[1; 32])?.sign(b"m")?.is_infinity());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn is_infinity(&self) -> bool {
        self.bytes == G2_INFINITY
    }
}

impl Encoding for Signature {
    /// Decodes 96 bytes: a compressed G2 point in the prime-order subgroup (the point at
    /// infinity included). Anything else is [`Error::InvalidSignature`].
    fn from_bytes(bytes: &[u8]) -> Result<Signature, Error> {
        Signature::from_array(crate::util::array(bytes)?)
    }

    fn to_bytes(&self) -> Vec<u8> {
        self.bytes.to_vec()
    }
}

impl PartialEq for Signature {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for Signature {}

impl Hash for Signature {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bls::Signature({})", self.to_hex())
    }
}

// ---------------------------------------------------------------------------------------
// Proof of possession
// ---------------------------------------------------------------------------------------

/// A proof of possession (`PopProve`): a signature over the signer's own public key
/// under [`POP_DST`]. Its encoding is that of a [`Signature`] (96 bytes), but it is a
/// separate type so that neither can be passed for the other.
///
/// ```
/// use zcrypto::sig::{bls::{ProofOfPossession, SigningKey}, Encoding, Signer};
/// let sk = SigningKey::from_seed(&[9; 32])?;
/// let pop = ProofOfPossession::from_bytes(&sk.prove_possession().to_bytes())?;
/// sk.verifying_key().verify_possession(&pop)?;
/// let other = SigningKey::from_seed(&[8; 32])?;
/// assert!(other.verifying_key().verify_possession(&pop).is_err());
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProofOfPossession(Signature);

impl ProofOfPossession {
    /// The 96 bytes of the compressed G2 point.
    ///
    /// ```
    /// use zcrypto::sig::bls::SigningKey;
    /// use zcrypto::sig::Signer;
    /// let pop = SigningKey::from_seed(&[9; 32])?.prove_possession();
    /// assert_eq!(pop.as_bytes().len(), 96);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8; SIGNATURE_LEN] {
        self.0.as_bytes()
    }
}

impl Encoding for ProofOfPossession {
    /// Decodes 96 bytes exactly as [`Signature::from_bytes`] does.
    fn from_bytes(bytes: &[u8]) -> Result<ProofOfPossession, Error> {
        Signature::from_bytes(bytes).map(ProofOfPossession)
    }

    fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes()
    }
}

impl fmt::Debug for ProofOfPossession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bls::ProofOfPossession({})", self.to_hex())
    }
}

// ---------------------------------------------------------------------------------------
// Verifying key
// ---------------------------------------------------------------------------------------

/// A BLS public key: a compressed G1 point (48 bytes) that passed `KeyValidate` (on the
/// curve, in the prime-order subgroup, not the point at infinity).
///
/// ```
/// use zcrypto::Error;
/// use zcrypto::sig::{bls::VerifyingKey, Encoding};
/// let hex = "a491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20f\
///            d6e10c1b77654d067c0618f6e5a7f79a";
/// let vk = VerifyingKey::from_hex(hex)?;
/// assert_eq!(vk.to_hex(), hex);
/// // The point at infinity is refused.
/// let mut inf = [0u8; 48];
/// inf[0] = 0xc0;
/// assert_eq!(VerifyingKey::from_bytes(&inf), Err(Error::InvalidKey));
/// assert_eq!(
///     VerifyingKey::from_bytes(&inf[..47]),
///     Err(Error::InvalidLength { expected: 48, got: 47 })
/// );
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct VerifyingKey {
    bytes: [u8; PUBLIC_KEY_LEN],
    point: blst_bls::PublicKey,
}

impl VerifyingKey {
    fn from_point(point: blst_bls::PublicKey) -> Result<VerifyingKey, Error> {
        point.validate().map_err(|_| Error::InvalidKey)?;
        Ok(VerifyingKey {
            bytes: point.compress(),
            point,
        })
    }

    /// The 48 bytes of the compressed point.
    ///
    /// ```
    /// use zcrypto::sig::{bls::SigningKey, Signer};
    /// let vk = SigningKey::from_seed(&[1; 32])?.verifying_key();
    /// assert_eq!(vk.as_bytes().len(), 48);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LEN] {
        &self.bytes
    }

    /// The decoded, validated point (for batch verification).
    pub(crate) fn point(&self) -> &blst_bls::PublicKey {
        &self.point
    }

    /// `PopVerify`: checks a proof of possession of this key's secret.
    /// A failing proof is [`Error::InvalidSignature`].
    ///
    /// ```
    /// use zcrypto::sig::{bls::SigningKey, Signer};
    /// let sk = SigningKey::from_seed(&[3; 32])?;
    /// sk.verifying_key().verify_possession(&sk.prove_possession())?;
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn verify_possession(&self, proof: &ProofOfPossession) -> Result<(), Error> {
        verified(
            proof
                .0
                .point
                .verify(false, &self.bytes, POP_DST, &[], &self.point, false),
        )
    }
}

impl Encoding for VerifyingKey {
    /// Decodes a compressed G1 point and runs `KeyValidate`: a wrong length is
    /// [`Error::InvalidLength`], anything else that is not a point of the prime-order
    /// subgroup other than infinity is [`Error::InvalidKey`].
    fn from_bytes(bytes: &[u8]) -> Result<VerifyingKey, Error> {
        let bytes: [u8; PUBLIC_KEY_LEN] = crate::util::array(bytes)?;
        let point = blst_bls::PublicKey::uncompress(&bytes).map_err(|_| Error::InvalidKey)?;
        VerifyingKey::from_point(point)
    }

    fn to_bytes(&self) -> Vec<u8> {
        self.bytes.to_vec()
    }
}

impl Verifier for VerifyingKey {
    type Signature = Signature;

    /// `Verify` of the POP ciphersuite. A signature that does not verify (the point at
    /// infinity included) is [`Error::InvalidSignature`].
    fn verify(&self, message: &[u8], signature: &Signature) -> Result<(), Error> {
        // Both points were validated when decoded. blst's `verify` is `aggregate_verify`
        // of one (augmentation ‖ message), built by copying the message; with no
        // augmentation, calling `aggregate_verify` directly is the same check without
        // the copy (a metered call's working memory must not grow with the message).
        verified(
            signature
                .point
                .aggregate_verify(false, &[message], DST, &[&self.point], false),
        )
    }

    /// BLS has no context: a non-empty one is [`Error::UnsupportedAlgorithm`].
    fn verify_with_context(
        &self,
        message: &[u8],
        context: &[u8],
        signature: &Signature,
    ) -> Result<(), Error> {
        no_context(context)?;
        self.verify(message, signature)
    }
}

impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for VerifyingKey {}

impl Hash for VerifyingKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bls::VerifyingKey({})", self.to_hex())
    }
}

// ---------------------------------------------------------------------------------------
// Signing key
// ---------------------------------------------------------------------------------------

/// A BLS secret key: a scalar in `[1, r)`.
///
/// blst zeroizes the scalar on drop; [`SigningKey::to_bytes`] hands it out in a
/// [`Zeroizing`] buffer; `Debug` prints only the public key.
///
/// ```
/// use zcrypto::sig::{bls::SigningKey, Signer, Verifier};
/// let sk = SigningKey::key_gen(&[7u8; 48], b"validator 12")?;
/// // BLS signatures are deterministic.
/// assert_eq!(sk.sign(b"msg")?, sk.sign(b"msg")?);
/// let again = SigningKey::from_bytes(&*sk.to_bytes())?;
/// assert_eq!(again.verifying_key(), sk.verifying_key());
/// assert!(!format!("{sk:?}").contains(&zcrypto::encoding::to_hex(&*sk.to_bytes())));
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone)]
pub struct SigningKey {
    secret: blst_bls::SecretKey,
    verifying_key: VerifyingKey,
}

impl SigningKey {
    fn from_secret(secret: blst_bls::SecretKey) -> Result<SigningKey, Error> {
        // A scalar in [1, r) times the generator is a valid, non-infinity key.
        let verifying_key =
            VerifyingKey::from_point(secret.sk_to_pk()).map_err(|_| Error::Internal)?;
        Ok(SigningKey {
            secret,
            verifying_key,
        })
    }

    /// `KeyGen(IKM, key_info)` of the IETF BLS draft (HKDF-SHA-256 with the salt
    /// `BLS-SIG-KEYGEN-SALT-` hashed before each attempt, the version Ethereum's EIP-2333
    /// `derive_master_SK` uses with an empty `key_info`). `ikm` must be secret, uniformly
    /// random and at least [`MIN_IKM_LEN`] bytes (shorter: [`Error::InvalidLength`]).
    ///
    /// ```
    /// use zcrypto::sig::{bls::SigningKey, Signer};
    /// let a = SigningKey::key_gen(&[1u8; 32], b"")?;
    /// assert_eq!(a.verifying_key(), SigningKey::from_seed(&[1u8; 32])?.verifying_key());
    /// assert_ne!(a.verifying_key(), SigningKey::key_gen(&[1u8; 32], b"x")?.verifying_key());
    /// assert_eq!(
    ///     SigningKey::key_gen(&[1u8; 31], b"").err(),
    ///     Some(zcrypto::Error::InvalidLength { expected: 32, got: 31 })
    /// );
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn key_gen(ikm: &[u8], key_info: &[u8]) -> Result<SigningKey, Error> {
        if ikm.len() < MIN_IKM_LEN {
            return Err(Error::InvalidLength {
                expected: MIN_IKM_LEN,
                got: ikm.len(),
            });
        }
        let secret = blst_bls::SecretKey::key_gen(ikm, key_info).map_err(|_| Error::Internal)?;
        SigningKey::from_secret(secret)
    }

    /// The secret key from its 32-byte big-endian scalar. Zero or a value `≥ r` is
    /// [`Error::InvalidKey`].
    ///
    /// ```
    /// use zcrypto::sig::bls::SigningKey;
    /// assert_eq!(SigningKey::from_bytes(&[0u8; 32]).err(), Some(zcrypto::Error::InvalidKey));
    /// assert_eq!(SigningKey::from_bytes(&[0xff; 32]).err(), Some(zcrypto::Error::InvalidKey));
    /// let mut one = [0u8; 32];
    /// one[31] = 1;
    /// assert!(SigningKey::from_bytes(&one).is_ok());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<SigningKey, Error> {
        let bytes: Zeroizing<[u8; SECRET_KEY_LEN]> = Zeroizing::new(crate::util::array(bytes)?);
        let secret = blst_bls::SecretKey::from_bytes(&*bytes).map_err(|_| Error::InvalidKey)?;
        SigningKey::from_secret(secret)
    }

    /// A fresh key: `KeyGen` on 32 bytes of operating-system randomness.
    ///
    /// ```
    /// use zcrypto::sig::{bls::SigningKey, Signer, Verifier};
    /// let sk = SigningKey::generate()?;
    /// sk.verifying_key().verify(b"hi", &sk.sign(b"hi")?)?;
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    #[cfg(feature = "std")]
    pub fn generate() -> Result<SigningKey, Error> {
        let ikm = Zeroizing::new(crate::rand::array::<SEED_LEN>()?);
        SigningKey::key_gen(&*ikm, &[])
    }

    /// The 32-byte big-endian secret scalar (secret!).
    ///
    /// ```
    /// use zcrypto::sig::bls::SigningKey;
    /// let mut one = [0u8; 32];
    /// one[31] = 1;
    /// assert_eq!(*SigningKey::from_bytes(&one)?.to_bytes(), one);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn to_bytes(&self) -> Zeroizing<[u8; SECRET_KEY_LEN]> {
        Zeroizing::new(self.secret.to_bytes())
    }

    /// `PopProve`: a proof of possession of this key (a signature over the compressed
    /// public key under [`POP_DST`]).
    ///
    /// ```
    /// use zcrypto::sig::{bls::SigningKey, Signer};
    /// let sk = SigningKey::from_seed(&[3; 32])?;
    /// sk.verifying_key().verify_possession(&sk.prove_possession())?;
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn prove_possession(&self) -> ProofOfPossession {
        let point = self.secret.sign(&self.verifying_key.bytes, POP_DST, &[]);
        ProofOfPossession(Signature::from_point(point))
    }
}

impl Signer for SigningKey {
    const ALGORITHM: Algorithm = Algorithm::Bls12381;
    const SEED_LEN: usize = SEED_LEN;
    type VerifyingKey = VerifyingKey;
    type Signature = Signature;

    /// `KeyGen` ([`SigningKey::key_gen`]) on exactly 32 bytes of input keying material
    /// with an empty `key_info`. To load a raw secret scalar use
    /// [`SigningKey::from_bytes`].
    fn from_seed(seed: &[u8]) -> Result<SigningKey, Error> {
        Error::check_len(SEED_LEN, seed.len())?;
        SigningKey::key_gen(seed, &[])
    }

    fn verifying_key(&self) -> VerifyingKey {
        self.verifying_key
    }

    /// `Sign` of the POP ciphersuite (hash to G2 with [`DST`], multiply by the secret).
    fn sign(&self, message: &[u8]) -> Result<Signature, Error> {
        Ok(Signature::from_point(self.secret.sign(message, DST, &[])))
    }

    /// BLS has no context: a non-empty one is [`Error::UnsupportedAlgorithm`].
    fn sign_with_context(&self, message: &[u8], context: &[u8]) -> Result<Signature, Error> {
        no_context(context)?;
        self.sign(message)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("bls::SigningKey")
            .field("verifying_key", &self.verifying_key)
            .finish_non_exhaustive()
    }
}

// ---------------------------------------------------------------------------------------
// Aggregation
// ---------------------------------------------------------------------------------------

/// `Aggregate`: the sum of signatures, itself a [`Signature`]. An empty list is
/// [`Error::InvalidSignature`].
///
/// ```
/// use zcrypto::sig::{bls, Signer};
/// let sig = bls::SigningKey::from_seed(&[1; 32])?.sign(b"m")?;
/// assert_eq!(bls::aggregate_signatures(&[sig])?, sig);
/// assert_eq!(bls::aggregate_signatures(&[]), Err(zcrypto::Error::InvalidSignature));
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn aggregate_signatures(signatures: &[Signature]) -> Result<Signature, Error> {
    let points: Vec<&blst_bls::Signature> = signatures.iter().map(|s| &s.point).collect();
    // Each signature was subgroup-checked when decoded.
    let aggregate = blst_bls::AggregateSignature::aggregate(&points, false)
        .map_err(|_| Error::InvalidSignature)?;
    Ok(Signature::from_point(aggregate.to_signature()))
}

/// The sum of public keys (Ethereum's `eth_aggregate_pubkeys`), for
/// [`fast_aggregate_verify`] with a precomputed key. An empty list, or a sum that is the
/// point at infinity, is [`Error::InvalidKey`]. Only safe for keys whose proofs of
/// possession were checked.
///
/// ```
/// use zcrypto::sig::{bls, Signer};
/// let vk = bls::SigningKey::from_seed(&[1; 32])?.verifying_key();
/// assert_eq!(bls::aggregate_verifying_keys(&[vk])?, vk);
/// assert_eq!(bls::aggregate_verifying_keys(&[]), Err(zcrypto::Error::InvalidKey));
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn aggregate_verifying_keys(keys: &[VerifyingKey]) -> Result<VerifyingKey, Error> {
    let points: Vec<&blst_bls::PublicKey> = keys.iter().map(|k| &k.point).collect();
    let aggregate =
        blst_bls::AggregatePublicKey::aggregate(&points, false).map_err(|_| Error::InvalidKey)?;
    VerifyingKey::from_point(aggregate.to_public_key())
}

/// `FastAggregateVerify`: `signature` is the aggregate of signatures by every key in
/// `keys` over the same `message`. No keys is [`Error::InvalidKey`]; a failing check is
/// [`Error::InvalidSignature`]. Only safe for keys whose proofs of possession were
/// checked.
///
/// ```
/// use zcrypto::sig::{bls, Signer};
/// let a = bls::SigningKey::from_seed(&[1; 32])?;
/// let b = bls::SigningKey::from_seed(&[2; 32])?;
/// let agg = bls::aggregate_signatures(&[a.sign(b"m")?, b.sign(b"m")?])?;
/// let vks = [a.verifying_key(), b.verifying_key()];
/// bls::fast_aggregate_verify(&vks, b"m", &agg)?;
/// assert!(bls::fast_aggregate_verify(&vks[..1], b"m", &agg).is_err());
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn fast_aggregate_verify(
    keys: &[VerifyingKey],
    message: &[u8],
    signature: &Signature,
) -> Result<(), Error> {
    aggregate_verifying_keys(keys)?.verify(message, signature)
}

/// `AggregateVerify`: `signature` is the aggregate of one signature by `keys[i]` over
/// `messages[i]` for every `i`. Messages need not be distinct (see the
/// [module documentation](self)). No keys is [`Error::InvalidKey`]; lists of different
/// lengths are [`Error::InvalidLength`] (`expected` the number of keys); a failing check
/// is [`Error::InvalidSignature`].
///
/// ```
/// use zcrypto::sig::{bls, Signer};
/// let a = bls::SigningKey::from_seed(&[1; 32])?;
/// let b = bls::SigningKey::from_seed(&[2; 32])?;
/// let agg = bls::aggregate_signatures(&[a.sign(b"x")?, b.sign(b"y")?])?;
/// let vks = [a.verifying_key(), b.verifying_key()];
/// bls::aggregate_verify(&vks, &[b"x", b"y"], &agg)?;
/// assert!(bls::aggregate_verify(&vks, &[b"y", b"x"], &agg).is_err());
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn aggregate_verify<M: AsRef<[u8]>>(
    keys: &[VerifyingKey],
    messages: &[M],
    signature: &Signature,
) -> Result<(), Error> {
    if keys.is_empty() {
        return Err(Error::InvalidKey);
    }
    Error::check_len(keys.len(), messages.len())?;
    let points: Vec<&blst_bls::PublicKey> = keys.iter().map(|k| &k.point).collect();
    let messages: Vec<&[u8]> = messages.iter().map(AsRef::as_ref).collect();
    verified(
        signature
            .point
            .aggregate_verify(false, &messages, DST, &points, false),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        crate::encoding::from_hex(s).unwrap()
    }

    // Ethereum bls12-381-tests v0.1.2, sign_case_* and the matching verify cases.
    const SK: &str = "263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3";
    const PK: &str = "a491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20f\
                      d6e10c1b77654d067c0618f6e5a7f79a";
    const SIG: &str = "b6ed936746e01f8ecf281f020953fbf1f01debd5657c4a383940b020b26507f6\
                       076334f91e2366c96e9ab279fb5158090352ea1c5b0c9274504f4f0e7053af24\
                       802e51e4568d164fe986834f41e55c8e850ce1f98458c0cfc9ab380b55285a55";

    #[test]
    fn known_answer() {
        let sk = SigningKey::from_bytes(&unhex(SK)).unwrap();
        assert_eq!(sk.verifying_key().to_hex(), PK);
        let sig = sk.sign(&[0u8; 32]).unwrap();
        assert_eq!(sig.to_hex(), SIG);
        assert_eq!(crate::encoding::to_hex(&*sk.to_bytes()), SK);
        sk.verifying_key().verify(&[0u8; 32], &sig).unwrap();
        assert_eq!(
            sk.verifying_key().verify(&[1u8; 32], &sig),
            Err(Error::InvalidSignature)
        );
    }

    #[test]
    fn debug_hides_the_secret() {
        let sk = SigningKey::from_bytes(&unhex(SK)).unwrap();
        let dbg = format!("{sk:?}");
        assert!(!dbg.contains(&SK[..16]), "{dbg}");
        assert!(dbg.contains(PK), "{dbg}");
    }

    #[test]
    fn pop_and_message_domains_are_separate() {
        let sk = SigningKey::from_seed(&[5; 32]).unwrap();
        let vk = sk.verifying_key();
        // A message signature over the key bytes is not a proof of possession.
        let sig = sk.sign(vk.as_bytes()).unwrap();
        let fake = ProofOfPossession::from_bytes(sig.as_bytes()).unwrap();
        assert_eq!(vk.verify_possession(&fake), Err(Error::InvalidSignature));
        let pop = sk.prove_possession();
        let as_sig = Signature::from_bytes(pop.as_bytes()).unwrap();
        assert_eq!(
            vk.verify(vk.as_bytes(), &as_sig),
            Err(Error::InvalidSignature)
        );
        vk.verify_possession(&pop).unwrap();
    }

    #[test]
    fn infinity_constant() {
        let sig = Signature::from_bytes(&G2_INFINITY).unwrap();
        assert!(sig.is_infinity());
        let vk = SigningKey::from_seed(&[5; 32]).unwrap().verifying_key();
        assert_eq!(vk.verify(b"", &sig), Err(Error::InvalidSignature));
    }
}
