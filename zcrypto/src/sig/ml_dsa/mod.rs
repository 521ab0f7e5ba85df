//! ML-DSA-44/65/87 (FIPS 204) signatures: key generation from the 32-byte seed ξ, pure
//! ML-DSA with a context string (deterministic or hedged), verification.
//!
//! ```
//! use zcrypto::sig::ml_dsa::{MlDsa, Signature, SigningKey, VerifyingKey};
//! // FIPS 204 ML-DSA.KeyGen_internal(ξ): the 32-byte seed is the whole secret.
//! let sk = SigningKey::from_seed(MlDsa::MlDsa65, &[42u8; 32])?;
//! let pk = sk.verifying_key().as_bytes().to_vec();
//! assert_eq!(pk.len(), 1952);
//!
//! // Deterministic signing (rnd = 0^32): the same inputs give the same signature.
//! let sig = sk.sign_with_context(b"transfer 10", b"my-app v1")?;
//! assert_eq!(sig.as_bytes().len(), 3309);
//! assert_eq!(sig, sk.sign_with_context(b"transfer 10", b"my-app v1")?);
//!
//! // The verifier needs only the public key and signature bytes.
//! let vk = VerifyingKey::from_bytes(MlDsa::MlDsa65, &pk)?;
//! let sig = Signature::from_bytes(MlDsa::MlDsa65, sig.as_bytes())?;
//! vk.verify_with_context(b"transfer 10", b"my-app v1", &sig)?;
//!
//! // Another message or another context does not verify.
//! assert_eq!(vk.verify_with_context(b"transfer 99", b"my-app v1", &sig), Err(zcrypto::Error::InvalidSignature));
//! assert!(vk.verify(b"transfer 10", &sig).is_err());
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! ## Two layers of types
//! The working types [`SigningKey`], [`VerifyingKey`] and [`Signature`] carry their
//! parameter set ([`MlDsa`]) at run time, like the [`kem`](crate::kem) types, so the CLI,
//! the FFI and the VM pick ML-DSA-44/65/87 from an [`Algorithm`] value without generics.
//! The [`sig`](crate::sig) traits need a compile-time [`Signer::ALGORITHM`], so each
//! parameter set also has three thin typed wrappers ([`MlDsa65SigningKey`],
//! [`MlDsa65VerifyingKey`], [`MlDsa65Signature`], and the same for 44 and 87) that hold a
//! working type of that set and implement [`Signer`], [`Verifier`] and [`Encoding`].
//! Converting between the layers is free (`From` one way, `TryFrom` checking the set the
//! other way). Wrappers rather than `SigningKey<P>` generics keep one non-generic code
//! path (and one backend dispatch) for run-time selection.
//!
//! ## Signing variants
//! * [`SigningKey::sign_with_context`] (and the trait methods): deterministic ML-DSA
//!   (rnd = 0^32), reproducible, as FIPS 204 §3.4 allows;
//! * [`SigningKey::sign_hedged`] (`std` feature): hedged ML-DSA with fresh OS randomness,
//!   the FIPS 204 default, which resists fault and side-channel attacks better;
//! * [`SigningKey::sign_with_randomness`]: hedged with caller-given `rnd`, for
//!   known-answer tests;
//! * [`SigningKey::sign_mu`] / [`VerifyingKey::verify_mu`]: the "external μ" interface
//!   (μ from [`VerifyingKey::mu`], e.g. computed where the message is);
//! * [`SigningKey::sign_internal`] / [`VerifyingKey::verify_internal`]: FIPS 204
//!   ML-DSA.Sign_internal / Verify_internal on a raw M', for ACVP tests only.
//!
//! HashML-DSA (the pre-hash variant, FIPS 204 §5.4) is not offered: neither `ml-dsa` 0.1
//! nor aws-lc-rs 1.19 implements it.
//!
//! ## Backends
//! Portable: RustCrypto `ml-dsa` (pure Rust, wasm32). Native (default with the `native`
//! feature): aws-lc-rs, measured on our reference x86-64 machine at 56 µs for ML-DSA-65
//! verification from bytes and 194 µs for signing, against 239 / 1102 µs for `ml-dsa`.
//! aws-lc-rs 1.19 signs only *hedged* and signs and verifies only with the *empty*
//! context, so on the native backend:
//!
//! | operation | native backend runs |
//! |---|---|
//! | key generation from ξ, expanded key loading | aws-lc |
//! | [`VerifyingKey::verify`], and `verify_with_context` with an empty context | aws-lc |
//! | [`SigningKey::sign_hedged`] with an empty context | aws-lc |
//! | deterministic signing (`sign`, `sign_with_context`, the trait methods) | portable |
//! | non-empty contexts, `sign_with_randomness`, μ and internal interfaces | portable |
//!
//! The portable key behind a native key is built on first use and kept. Both backends
//! give byte-identical keys and deterministic signatures and accept the same signatures
//! (checked by the differential tests).
//!
//! ## Input checks
//! Every public key of the right length is a valid FIPS 204 key (pkDecode cannot fail);
//! a signature must have the right length and a valid encoding (sigDecode: canonical
//! hints, ‖z‖∞ < γ1 − β), else [`Error::InvalidSignature`]. An expanded signing key must
//! have s1 and s2 coefficients in [−η, η] and pass a pairwise consistency test (a
//! signature it makes verifies under the public key derived from it), else
//! [`Error::InvalidKey`]. Contexts longer than 255 bytes are
//! [`Error::InvalidLength`] with `expected` = 255, the maximum.

mod portable;

#[cfg(feature = "native")]
mod native;

use core::fmt;
#[cfg(feature = "native")]
use std::sync::OnceLock;

use zeroize::Zeroizing;

use super::{Encoding, Signer, Verifier};
use crate::{Algorithm, Backend, Error};

/// Length of the key-generation seed ξ.
pub const SEED_LEN: usize = 32;
/// Length of the signing randomness `rnd` (all zero for deterministic signing).
pub const RANDOMNESS_LEN: usize = 32;
/// Length of the message representative μ.
pub const MU_LEN: usize = 64;
/// The longest context string FIPS 204 allows.
pub const MAX_CONTEXT_LEN: usize = 255;

/// An ML-DSA parameter set.
///
/// ```
/// use zcrypto::{sig::ml_dsa::MlDsa, Algorithm};
/// let p = MlDsa::try_from(Algorithm::MlDsa65)?;
/// assert_eq!((p.verifying_key_len(), p.signature_len()), (1952, 3309));
/// assert_eq!(p.algorithm().name(), "ml-dsa-65");
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MlDsa {
    /// ML-DSA-44 (NIST category 2).
    MlDsa44,
    /// ML-DSA-65 (NIST category 3).
    MlDsa65,
    /// ML-DSA-87 (NIST category 5).
    MlDsa87,
}

impl MlDsa {
    /// Every parameter set.
    pub const ALL: [MlDsa; 3] = [MlDsa::MlDsa44, MlDsa::MlDsa65, MlDsa::MlDsa87];

    /// Verifying (public) key length.
    pub const fn verifying_key_len(self) -> usize {
        match self {
            MlDsa::MlDsa44 => 1312,
            MlDsa::MlDsa65 => 1952,
            MlDsa::MlDsa87 => 2592,
        }
    }

    /// Signing (secret) key length in the expanded FIPS 204 encoding.
    pub const fn signing_key_len(self) -> usize {
        match self {
            MlDsa::MlDsa44 => 2560,
            MlDsa::MlDsa65 => 4032,
            MlDsa::MlDsa87 => 4896,
        }
    }

    /// Signature length.
    pub const fn signature_len(self) -> usize {
        match self {
            MlDsa::MlDsa44 => 2420,
            MlDsa::MlDsa65 => 3309,
            MlDsa::MlDsa87 => 4627,
        }
    }

    /// The stable algorithm name.
    pub const fn algorithm(self) -> Algorithm {
        match self {
            MlDsa::MlDsa44 => Algorithm::MlDsa44,
            MlDsa::MlDsa65 => Algorithm::MlDsa65,
            MlDsa::MlDsa87 => Algorithm::MlDsa87,
        }
    }

    /// (k, ℓ, η) of FIPS 204 Table 1.
    const fn dims(self) -> (usize, usize, u32) {
        match self {
            MlDsa::MlDsa44 => (4, 4, 2),
            MlDsa::MlDsa65 => (6, 5, 4),
            MlDsa::MlDsa87 => (8, 7, 2),
        }
    }
}

impl TryFrom<Algorithm> for MlDsa {
    type Error = Error;
    fn try_from(alg: Algorithm) -> Result<Self, Error> {
        MlDsa::ALL
            .into_iter()
            .find(|p| p.algorithm() == alg)
            .ok_or(Error::UnsupportedAlgorithm)
    }
}

fn check_context(context: &[u8]) -> Result<(), Error> {
    if context.len() > MAX_CONTEXT_LEN {
        Err(Error::InvalidLength {
            expected: MAX_CONTEXT_LEN,
            got: context.len(),
        })
    } else {
        Ok(())
    }
}

/// Checks that every s1 and s2 coefficient of an expanded key (`bytes` of the right
/// length) decodes into [−η, η]: packed values above 2η are malformed, and `ml-dsa`'s
/// skDecode would panic on them. Runs in time independent of the coefficient values.
fn check_expanded_ranges(params: MlDsa, bytes: &[u8]) -> Result<(), Error> {
    let (k, l, eta) = params.dims();
    let bits: u32 = if eta == 2 { 3 } else { 4 };
    // rho (32) ‖ K (32) ‖ tr (64) ‖ s1 (ℓ polynomials) ‖ s2 (k polynomials) ‖ t0.
    let start = 128;
    let len = (k + l) * 256 * bits as usize / 8;
    let region = bytes.get(start..start + len).ok_or(Error::InvalidKey)?;
    let mask = (1u32 << bits) - 1;
    let (mut acc, mut have, mut bad) = (0u32, 0u32, 0u32);
    for &b in region {
        acc |= u32::from(b) << have;
        have += 8;
        while have >= bits {
            // 1 in the top bit iff the coefficient exceeds 2η.
            bad |= (2 * eta).wrapping_sub(acc & mask) >> 31;
            acc >>= bits;
            have -= bits;
        }
    }
    if bad == 0 {
        Ok(())
    } else {
        Err(Error::InvalidKey)
    }
}

/// An ML-DSA signature (sigEncode), well-formed for its parameter set.
///
/// ```
/// use zcrypto::sig::ml_dsa::{MlDsa, Signature, SigningKey};
/// let sig = SigningKey::from_seed(MlDsa::MlDsa44, &[1; 32])?.sign(b"hi")?;
/// assert_eq!(Signature::from_bytes(MlDsa::MlDsa44, sig.as_bytes())?, sig);
/// // Wrong lengths and malformed encodings are refused up front.
/// assert!(Signature::from_bytes(MlDsa::MlDsa44, &sig.as_bytes()[1..]).is_err());
/// assert_eq!(Signature::from_bytes(MlDsa::MlDsa44, &[0xff; 2420]), Err(zcrypto::Error::InvalidSignature));
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    params: MlDsa,
    bytes: Vec<u8>,
}

impl Signature {
    /// Parses a signature: [`Error::InvalidLength`] for a wrong length,
    /// [`Error::InvalidSignature`] if sigDecode rejects it (non-canonical hints, ‖z‖∞ too
    /// large).
    pub fn from_bytes(params: MlDsa, bytes: &[u8]) -> Result<Signature, Error> {
        Error::check_len(params.signature_len(), bytes.len())?;
        if !portable::check_signature(params, bytes) {
            return Err(Error::InvalidSignature);
        }
        Ok(Signature {
            params,
            bytes: bytes.to_vec(),
        })
    }

    /// The parameter set.
    pub fn params(&self) -> MlDsa {
        self.params
    }

    /// The encoded signature.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Signature({:?}, {} bytes)",
            self.params,
            self.bytes.len()
        )
    }
}

#[derive(Clone)]
enum VkInner {
    Portable(portable::Vk),
    /// aws-lc's key, and the portable one for contexts and μ, built on first use.
    #[cfg(feature = "native")]
    Native(native::Vk, OnceLock<portable::Vk>),
}

/// An ML-DSA verifying (public) key.
///
/// ```
/// use zcrypto::{Backend, sig::ml_dsa::{MlDsa, SigningKey, VerifyingKey}};
/// let sk = SigningKey::from_seed(MlDsa::MlDsa87, &[3; 32])?;
/// let sig = sk.sign(b"block 17")?;
/// for &backend in Backend::AVAILABLE {
///     let vk = VerifyingKey::from_bytes_with_backend(MlDsa::MlDsa87, sk.verifying_key().as_bytes(), backend)?;
///     vk.verify(b"block 17", &sig)?;
/// }
/// assert!(VerifyingKey::from_bytes(MlDsa::MlDsa87, &[0; 2591]).is_err());
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone)]
pub struct VerifyingKey {
    params: MlDsa,
    bytes: Vec<u8>,
    backend: Backend,
    inner: VkInner,
}

impl VerifyingKey {
    /// Parses a public key (pkDecode) for the default backend. Any encoding of the right
    /// length is a FIPS 204 public key; a wrong length is [`Error::InvalidLength`].
    pub fn from_bytes(params: MlDsa, bytes: &[u8]) -> Result<VerifyingKey, Error> {
        VerifyingKey::from_bytes_with_backend(params, bytes, Backend::default())
    }

    /// As [`VerifyingKey::from_bytes`], on a chosen backend.
    pub fn from_bytes_with_backend(
        params: MlDsa,
        bytes: &[u8],
        backend: Backend,
    ) -> Result<VerifyingKey, Error> {
        Error::check_len(params.verifying_key_len(), bytes.len())?;
        let inner = match backend {
            Backend::Portable => VkInner::Portable(portable::Vk::from_bytes(params, bytes)?),
            #[cfg(feature = "native")]
            Backend::Native => {
                VkInner::Native(native::Vk::from_bytes(params, bytes)?, OnceLock::new())
            }
            #[cfg(not(feature = "native"))]
            Backend::Native => return Err(Error::UnsupportedAlgorithm),
        };
        Ok(VerifyingKey {
            params,
            bytes: bytes.to_vec(),
            backend,
            inner,
        })
    }

    /// The parameter set.
    pub fn params(&self) -> MlDsa {
        self.params
    }

    /// The backend that verifies.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The FIPS 204 encoding (pkEncode).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    fn portable(&self) -> Result<&portable::Vk, Error> {
        match &self.inner {
            VkInner::Portable(vk) => Ok(vk),
            #[cfg(feature = "native")]
            VkInner::Native(_, cell) => {
                if let Some(vk) = cell.get() {
                    return Ok(vk);
                }
                let vk = portable::Vk::from_bytes(self.params, &self.bytes)?;
                Ok(cell.get_or_init(|| vk))
            }
        }
    }

    fn check_sig(&self, signature: &Signature) -> Result<(), Error> {
        if signature.params == self.params {
            Ok(())
        } else {
            Err(Error::InvalidLength {
                expected: self.params.signature_len(),
                got: signature.bytes.len(),
            })
        }
    }

    /// ML-DSA.Verify with the empty context.
    pub fn verify(&self, message: &[u8], signature: &Signature) -> Result<(), Error> {
        self.verify_with_context(message, &[], signature)
    }

    /// ML-DSA.Verify (FIPS 204 Algorithm 3) under a context of at most 255 bytes.
    /// Failure is [`Error::InvalidSignature`].
    pub fn verify_with_context(
        &self,
        message: &[u8],
        context: &[u8],
        signature: &Signature,
    ) -> Result<(), Error> {
        check_context(context)?;
        self.check_sig(signature)?;
        let ok = match &self.inner {
            #[cfg(feature = "native")]
            VkInner::Native(vk, _) if context.is_empty() => vk.verify(message, &signature.bytes),
            _ => self.portable()?.verify(message, context, &signature.bytes),
        };
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// The message representative μ = H(H(pk) ‖ 0 ‖ |ctx| ‖ ctx ‖ M) that ML-DSA signs,
    /// for the external-μ interface ([`SigningKey::sign_mu`], [`VerifyingKey::verify_mu`]).
    ///
    /// ```
    /// use zcrypto::sig::ml_dsa::{MlDsa, SigningKey};
    /// let sk = SigningKey::from_seed(MlDsa::MlDsa65, &[9; 32])?;
    /// let vk = sk.verifying_key();
    /// let mu = vk.mu(b"large message", b"ctx")?;
    /// // Signing μ with rnd = 0 is deterministic signing of the message.
    /// let sig = sk.sign_mu(&mu, &[0; 32])?;
    /// assert_eq!(sig, sk.sign_with_context(b"large message", b"ctx")?);
    /// vk.verify_mu(&mu, &sig)?;
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn mu(&self, message: &[u8], context: &[u8]) -> Result<[u8; MU_LEN], Error> {
        check_context(context)?;
        self.portable()?.mu(message, context)
    }

    /// ML-DSA.Verify_internal on a caller-computed μ (runs on the portable code).
    pub fn verify_mu(&self, mu: &[u8; MU_LEN], signature: &Signature) -> Result<(), Error> {
        self.check_sig(signature)?;
        if self.portable()?.verify_mu(mu, &signature.bytes) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// FIPS 204 ML-DSA.Verify_internal(pk, M', σ) on a raw M' (no context or domain
    /// separation). For known-answer tests only; use [`VerifyingKey::verify_with_context`].
    pub fn verify_internal(&self, m_prime: &[u8], signature: &Signature) -> Result<(), Error> {
        self.check_sig(signature)?;
        if self.portable()?.verify_internal(m_prime, &signature.bytes) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        self.params == other.params && self.bytes == other.bytes
    }
}
impl Eq for VerifyingKey {}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifyingKey({:?}, {:?})", self.params, self.backend)
    }
}

enum SkInner {
    Portable(portable::Sk),
    /// aws-lc's key pair, its expanded encoding (aws-lc re-exports it only through a
    /// fallible call), and the portable key for everything aws-lc-rs cannot do.
    #[cfg(feature = "native")]
    Native(native::Sk, Zeroizing<Vec<u8>>, OnceLock<portable::Sk>),
}

/// An ML-DSA signing (secret) key. Secret material is zeroized on drop; `Debug` shows
/// only the parameter set and backend.
///
/// ```
/// use zcrypto::{Backend, sig::ml_dsa::{MlDsa, SigningKey}};
/// let seed = [5u8; 32];
/// let sk = SigningKey::from_seed_with_backend(MlDsa::MlDsa65, &seed, Backend::Portable)?;
/// assert_eq!(sk.seed(), Some(&seed));
/// assert_eq!(format!("{sk:?}"), "SigningKey { params: MlDsa65, backend: Portable, .. }");
///
/// // The expanded FIPS 204 encoding loads back to the same key.
/// let expanded = sk.to_expanded_bytes()?;
/// let again = SigningKey::from_expanded_bytes(MlDsa::MlDsa65, &expanded)?;
/// assert_eq!(again.verifying_key(), sk.verifying_key());
/// assert_eq!(again.sign(b"m")?, sk.sign(b"m")?);
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub struct SigningKey {
    params: MlDsa,
    seed: Option<Zeroizing<[u8; SEED_LEN]>>,
    vk: VerifyingKey,
    inner: SkInner,
}

impl SigningKey {
    /// ML-DSA.KeyGen_internal(ξ) (FIPS 204 Algorithm 6) from the 32-byte seed, on the
    /// default backend.
    pub fn from_seed(params: MlDsa, seed: &[u8; SEED_LEN]) -> Result<SigningKey, Error> {
        SigningKey::from_seed_with_backend(params, seed, Backend::default())
    }

    /// As [`SigningKey::from_seed`], on a chosen backend.
    pub fn from_seed_with_backend(
        params: MlDsa,
        seed: &[u8; SEED_LEN],
        backend: Backend,
    ) -> Result<SigningKey, Error> {
        let mut key = match backend {
            Backend::Portable => {
                SigningKey::portable(params, portable::Sk::from_seed(params, seed))?
            }
            #[cfg(feature = "native")]
            Backend::Native => SigningKey::native(params, native::Sk::from_seed(params, seed)?)?,
            #[cfg(not(feature = "native"))]
            Backend::Native => return Err(Error::UnsupportedAlgorithm),
        };
        key.seed = Some(Zeroizing::new(*seed));
        Ok(key)
    }

    /// A fresh key pair from operating-system randomness (ML-DSA.KeyGen; the seed is kept).
    #[cfg(feature = "std")]
    pub fn generate(params: MlDsa) -> Result<SigningKey, Error> {
        let seed = Zeroizing::new(crate::rand::array::<SEED_LEN>()?);
        SigningKey::from_seed(params, &seed)
    }

    /// Loads the expanded FIPS 204 signing key encoding (skDecode), default backend.
    ///
    /// Seeds are the preferred form; this is for keys that exist only expanded (e.g. the
    /// ACVP `sk`). Refused with [`Error::InvalidKey`]: s1 or s2 coefficients outside
    /// [−η, η], or a key whose own signature does not verify under the public key derived
    /// from it (an inconsistent tr, t0, ρ or K).
    pub fn from_expanded_bytes(params: MlDsa, bytes: &[u8]) -> Result<SigningKey, Error> {
        SigningKey::from_expanded_bytes_with_backend(params, bytes, Backend::default())
    }

    /// As [`SigningKey::from_expanded_bytes`], on a chosen backend.
    pub fn from_expanded_bytes_with_backend(
        params: MlDsa,
        bytes: &[u8],
        backend: Backend,
    ) -> Result<SigningKey, Error> {
        Error::check_len(params.signing_key_len(), bytes.len())?;
        check_expanded_ranges(params, bytes)?;
        let key = match backend {
            Backend::Portable => {
                SigningKey::portable(params, portable::Sk::from_expanded(params, bytes)?)?
            }
            #[cfg(feature = "native")]
            Backend::Native => {
                SigningKey::native(params, native::Sk::from_expanded(params, bytes)?)?
            }
            #[cfg(not(feature = "native"))]
            Backend::Native => return Err(Error::UnsupportedAlgorithm),
        };
        key.pairwise_consistency()?;
        Ok(key)
    }

    fn portable(params: MlDsa, sk: portable::Sk) -> Result<SigningKey, Error> {
        let vk = sk.verifying_key();
        Ok(SigningKey {
            params,
            seed: None,
            vk: VerifyingKey {
                params,
                bytes: vk.to_bytes(),
                backend: Backend::Portable,
                inner: VkInner::Portable(vk),
            },
            inner: SkInner::Portable(sk),
        })
    }

    #[cfg(feature = "native")]
    fn native(params: MlDsa, sk: native::Sk) -> Result<SigningKey, Error> {
        let vk = VerifyingKey::from_bytes_with_backend(params, &sk.public_key(), Backend::Native)
            .map_err(|_| Error::Internal)?;
        let expanded = sk.to_expanded()?;
        Error::check_len(params.signing_key_len(), expanded.len()).map_err(|_| Error::Internal)?;
        Ok(SigningKey {
            params,
            seed: None,
            vk,
            inner: SkInner::Native(sk, expanded, OnceLock::new()),
        })
    }

    /// Signs a fixed message and verifies it with the derived public key.
    fn pairwise_consistency(&self) -> Result<(), Error> {
        const MSG: &[u8] = b"zcrypto ML-DSA pairwise consistency test";
        let sig = match &self.inner {
            SkInner::Portable(sk) => sk.sign(MSG, &[], &[0; RANDOMNESS_LEN]),
            #[cfg(feature = "native")]
            SkInner::Native(sk, _, _) => sk.sign_hedged(MSG),
        }
        .map_err(|_| Error::InvalidKey)?;
        let sig = Signature::from_bytes(self.params, &sig).map_err(|_| Error::InvalidKey)?;
        self.vk.verify(MSG, &sig).map_err(|_| Error::InvalidKey)
    }

    /// The portable key (for a native key: built from the seed or expanded form on first
    /// use).
    fn portable_sk(&self) -> Result<&portable::Sk, Error> {
        match &self.inner {
            SkInner::Portable(sk) => Ok(sk),
            #[cfg(feature = "native")]
            SkInner::Native(_, expanded, cell) => {
                if let Some(sk) = cell.get() {
                    return Ok(sk);
                }
                let sk = match &self.seed {
                    Some(seed) => portable::Sk::from_seed(self.params, seed),
                    // Came from aws-lc, which only holds keys that passed our checks.
                    None => portable::Sk::from_expanded(self.params, expanded)?,
                };
                Ok(cell.get_or_init(|| sk))
            }
        }
    }

    /// The parameter set.
    pub fn params(&self) -> MlDsa {
        self.params
    }

    /// The backend that generated or loaded the key (see the module docs for which
    /// operations it carries out).
    pub fn backend(&self) -> Backend {
        self.vk.backend
    }

    /// The matching verifying key.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.vk
    }

    /// The 32-byte seed ξ, if this key was made from one (secret!).
    pub fn seed(&self) -> Option<&[u8; SEED_LEN]> {
        self.seed.as_deref()
    }

    /// The expanded FIPS 204 signing key encoding (skEncode; secret!).
    pub fn to_expanded_bytes(&self) -> Result<Zeroizing<Vec<u8>>, Error> {
        match &self.inner {
            SkInner::Portable(sk) => Ok(sk.to_expanded()),
            #[cfg(feature = "native")]
            SkInner::Native(_, expanded, _) => Ok(expanded.clone()),
        }
    }

    /// Deterministic ML-DSA.Sign with the empty context.
    pub fn sign(&self, message: &[u8]) -> Result<Signature, Error> {
        self.sign_with_context(message, &[])
    }

    /// Deterministic ML-DSA.Sign (FIPS 204 Algorithm 2 with rnd = 0^32) under a context of
    /// at most 255 bytes. Runs on the portable code on both backends (aws-lc-rs has no
    /// deterministic signing).
    pub fn sign_with_context(&self, message: &[u8], context: &[u8]) -> Result<Signature, Error> {
        self.sign_with_randomness(message, context, &[0; RANDOMNESS_LEN])
    }

    /// Hedged ML-DSA.Sign with 32 fresh bytes of operating-system randomness: the FIPS 204
    /// default. On the native backend with an empty context, aws-lc signs.
    ///
    /// ```
    /// use zcrypto::sig::ml_dsa::{MlDsa, SigningKey};
    /// let sk = SigningKey::generate(MlDsa::MlDsa65)?;
    /// let a = sk.sign_hedged(b"m", b"")?;
    /// let b = sk.sign_hedged(b"m", b"")?;
    /// assert_ne!(a, b);
    /// sk.verifying_key().verify(b"m", &a)?;
    /// sk.verifying_key().verify(b"m", &b)?;
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    #[cfg(feature = "std")]
    pub fn sign_hedged(&self, message: &[u8], context: &[u8]) -> Result<Signature, Error> {
        check_context(context)?;
        #[cfg(feature = "native")]
        if let (SkInner::Native(sk, _, _), true) = (&self.inner, context.is_empty()) {
            return Ok(self.signature(sk.sign_hedged(message)?));
        }
        let rnd = Zeroizing::new(crate::rand::array::<RANDOMNESS_LEN>()?);
        self.sign_with_randomness(message, context, &rnd)
    }

    /// ML-DSA.Sign with caller-given randomness `rnd` (all zero: deterministic signing).
    ///
    /// For known-answer tests: hedged signing wants `rnd` fresh and secret; use
    /// [`SigningKey::sign_hedged`]. Runs on the portable code.
    pub fn sign_with_randomness(
        &self,
        message: &[u8],
        context: &[u8],
        rnd: &[u8; RANDOMNESS_LEN],
    ) -> Result<Signature, Error> {
        check_context(context)?;
        let sig = self.portable_sk()?.sign(message, context, rnd)?;
        Ok(self.signature(sig))
    }

    /// ML-DSA.Sign_internal on a caller-computed μ ("external μ", see
    /// [`VerifyingKey::mu`]) with randomness `rnd` (all zero: deterministic). Runs on the
    /// portable code.
    pub fn sign_mu(
        &self,
        mu: &[u8; MU_LEN],
        rnd: &[u8; RANDOMNESS_LEN],
    ) -> Result<Signature, Error> {
        let sig = self.portable_sk()?.sign_mu(mu, rnd)?;
        Ok(self.signature(sig))
    }

    /// FIPS 204 ML-DSA.Sign_internal(sk, M', rnd) on a raw M' (no context or domain
    /// separation). For known-answer tests only; use [`SigningKey::sign_with_context`].
    pub fn sign_internal(
        &self,
        m_prime: &[u8],
        rnd: &[u8; RANDOMNESS_LEN],
    ) -> Result<Signature, Error> {
        let sig = self.portable_sk()?.sign_internal(m_prime, rnd);
        Ok(self.signature(sig))
    }

    /// Wraps a signature our own signing produced (well-formed by construction).
    fn signature(&self, bytes: Vec<u8>) -> Signature {
        Signature {
            params: self.params,
            bytes,
        }
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("params", &self.params)
            .field("backend", &self.backend())
            .finish_non_exhaustive()
    }
}

macro_rules! typed_ml_dsa {
    ($params:ident, $alg:literal, $name:literal, $sk:ident, $vk:ident, $sig:ident) => {
        #[doc = concat!("An ", $alg, " signing key with the [`Signer`] trait: a [`SigningKey`] of that parameter set.")]
        ///
        /// ```
        /// use zcrypto::sig::{Encoding, Signer, Verifier};
        #[doc = concat!("use zcrypto::sig::ml_dsa::{", stringify!($sk), ", ", stringify!($vk), ", ", stringify!($sig), "};")]
        #[doc = concat!("let sk = ", stringify!($sk), "::from_seed(&[7; 32])?;")]
        #[doc = concat!("assert_eq!(", stringify!($sk), "::ALGORITHM.name(), \"", $name, "\");")]
        /// let sig = sk.sign_with_context(b"msg", b"ctx")?;
        #[doc = concat!("let vk = ", stringify!($vk), "::from_bytes(&sk.verifying_key().to_bytes())?;")]
        #[doc = concat!("vk.verify_with_context(b\"msg\", b\"ctx\", &", stringify!($sig), "::from_hex(&sig.to_hex())?)?;")]
        /// assert!(vk.verify(b"msg", &sig).is_err());
        /// # Ok::<(), zcrypto::Error>(())
        /// ```
        #[derive(Debug)]
        pub struct $sk(SigningKey);

        #[doc = concat!("An ", $alg, " verifying key with the [`Verifier`] and [`Encoding`] traits (see [`", stringify!($sk), "`]).")]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $vk(VerifyingKey);

        #[doc = concat!("An ", $alg, " signature with the [`Encoding`] trait (see [`", stringify!($sk), "`]).")]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $sig(Signature);

        impl $sk {
            /// The run-time typed key.
            pub fn as_inner(&self) -> &SigningKey {
                &self.0
            }
        }

        impl $vk {
            /// The run-time typed key.
            pub fn as_inner(&self) -> &VerifyingKey {
                &self.0
            }
        }

        impl $sig {
            /// The run-time typed signature.
            pub fn as_inner(&self) -> &Signature {
                &self.0
            }
        }

        impl From<$sk> for SigningKey {
            fn from(k: $sk) -> SigningKey {
                k.0
            }
        }

        impl From<$vk> for VerifyingKey {
            fn from(k: $vk) -> VerifyingKey {
                k.0
            }
        }

        impl From<$sig> for Signature {
            fn from(s: $sig) -> Signature {
                s.0
            }
        }

        /// Fails with [`Error::UnsupportedAlgorithm`] for another parameter set.
        impl TryFrom<SigningKey> for $sk {
            type Error = Error;
            fn try_from(k: SigningKey) -> Result<Self, Error> {
                if k.params == MlDsa::$params {
                    Ok($sk(k))
                } else {
                    Err(Error::UnsupportedAlgorithm)
                }
            }
        }

        /// Fails with [`Error::UnsupportedAlgorithm`] for another parameter set.
        impl TryFrom<VerifyingKey> for $vk {
            type Error = Error;
            fn try_from(k: VerifyingKey) -> Result<Self, Error> {
                if k.params == MlDsa::$params {
                    Ok($vk(k))
                } else {
                    Err(Error::UnsupportedAlgorithm)
                }
            }
        }

        /// Fails with [`Error::UnsupportedAlgorithm`] for another parameter set.
        impl TryFrom<Signature> for $sig {
            type Error = Error;
            fn try_from(s: Signature) -> Result<Self, Error> {
                if s.params == MlDsa::$params {
                    Ok($sig(s))
                } else {
                    Err(Error::UnsupportedAlgorithm)
                }
            }
        }

        impl Signer for $sk {
            const ALGORITHM: Algorithm = MlDsa::$params.algorithm();
            const SEED_LEN: usize = SEED_LEN;
            type VerifyingKey = $vk;
            type Signature = $sig;

            fn from_seed(seed: &[u8]) -> Result<Self, Error> {
                let seed = Zeroizing::new(crate::util::array::<SEED_LEN>(seed)?);
                SigningKey::from_seed(MlDsa::$params, &seed).map($sk)
            }

            fn verifying_key(&self) -> $vk {
                $vk(self.0.verifying_key().clone())
            }

            fn sign_with_context(&self, message: &[u8], context: &[u8]) -> Result<$sig, Error> {
                self.0.sign_with_context(message, context).map($sig)
            }
        }

        impl Encoding for $vk {
            fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
                VerifyingKey::from_bytes(MlDsa::$params, bytes).map($vk)
            }

            fn to_bytes(&self) -> Vec<u8> {
                self.0.as_bytes().to_vec()
            }
        }

        impl Verifier for $vk {
            type Signature = $sig;

            fn verify_with_context(
                &self,
                message: &[u8],
                context: &[u8],
                signature: &$sig,
            ) -> Result<(), Error> {
                self.0.verify_with_context(message, context, &signature.0)
            }
        }

        impl Encoding for $sig {
            fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
                Signature::from_bytes(MlDsa::$params, bytes).map($sig)
            }

            fn to_bytes(&self) -> Vec<u8> {
                self.0.as_bytes().to_vec()
            }
        }
    };
}

typed_ml_dsa!(
    MlDsa44,
    "ML-DSA-44",
    "ml-dsa-44",
    MlDsa44SigningKey,
    MlDsa44VerifyingKey,
    MlDsa44Signature
);
typed_ml_dsa!(
    MlDsa65,
    "ML-DSA-65",
    "ml-dsa-65",
    MlDsa65SigningKey,
    MlDsa65VerifyingKey,
    MlDsa65Signature
);
typed_ml_dsa!(
    MlDsa87,
    "ML-DSA-87",
    "ml-dsa-87",
    MlDsa87SigningKey,
    MlDsa87VerifyingKey,
    MlDsa87Signature
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_match_the_backend() {
        for p in MlDsa::ALL {
            let sk = SigningKey::from_seed_with_backend(p, &[1; 32], Backend::Portable).unwrap();
            assert_eq!(sk.verifying_key().as_bytes().len(), p.verifying_key_len());
            assert_eq!(sk.to_expanded_bytes().unwrap().len(), p.signing_key_len());
            assert_eq!(sk.sign(b"").unwrap().as_bytes().len(), p.signature_len());
            assert_eq!(MlDsa::try_from(p.algorithm()), Ok(p));
        }
        assert_eq!(
            MlDsa::try_from(Algorithm::Ed25519),
            Err(Error::UnsupportedAlgorithm)
        );
    }

    #[test]
    fn range_check_rejects_each_out_of_range_coefficient_position() {
        for p in MlDsa::ALL {
            let sk = SigningKey::from_seed_with_backend(p, &[2; 32], Backend::Portable).unwrap();
            let good = sk.to_expanded_bytes().unwrap();
            assert_eq!(check_expanded_ranges(p, &good), Ok(()));
            let (k, l, eta) = p.dims();
            let bits = if eta == 2 { 3 } else { 4 };
            // Set single coefficients to the all-ones value (7 or 15 > 2η) at the first,
            // a middle and the last position of s1 ‖ s2.
            let n = (k + l) * 256;
            for idx in [0, 1, n / 2 + 3, n - 1] {
                let mut bad = good.to_vec();
                for b in 0..bits {
                    let bit = idx * bits + b;
                    bad[128 + bit / 8] |= 1 << (bit % 8);
                }
                assert_eq!(
                    check_expanded_ranges(p, &bad),
                    Err(Error::InvalidKey),
                    "{p:?} {idx}"
                );
            }
        }
    }

    #[test]
    fn fixed_rnd_is_used_exactly() {
        // Hedged signing with rnd = 0 is deterministic signing.
        let sk = SigningKey::from_seed_with_backend(MlDsa::MlDsa44, &[4; 32], Backend::Portable)
            .unwrap();
        let a = sk.sign_with_randomness(b"m", b"c", &[0; 32]).unwrap();
        let b = sk.sign_with_context(b"m", b"c").unwrap();
        let c = sk.sign_with_randomness(b"m", b"c", &[1; 32]).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        sk.verifying_key()
            .verify_with_context(b"m", b"c", &c)
            .unwrap();
    }
}
