//! Ed25519 signatures (RFC 8032): strict verification by default, ZIP-215 on request,
//! and Ed25519ph.
//!
//! ```
//! use zcrypto::sig::{ed25519, Encoding, Signer, Verifier};
//! // RFC 8032 §7.1 TEST 1: the 32-byte seed is the RFC's "secret key".
//! let seed = zcrypto::encoding::from_hex(
//!     "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
//! )?;
//! let sk = ed25519::SigningKey::from_seed(&seed)?;
//! let vk = sk.verifying_key();
//! assert_eq!(
//!     vk.to_hex(),
//!     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
//! );
//! let sig = sk.sign(b"")?;
//! assert!(sig.to_hex().starts_with("e5564300c360ac72"));
//!
//! // The receiver parses the key and signature from bytes; both are checked on the way in.
//! let vk = ed25519::VerifyingKey::from_bytes(&vk.to_bytes())?;
//! let sig = ed25519::Signature::from_bytes(&sig.to_bytes())?;
//! vk.verify(b"", &sig)?;
//! assert_eq!(vk.verify(b"x", &sig), Err(zcrypto::Error::InvalidSignature));
//! // Plain Ed25519 has no context string.
//! assert_eq!(sk.sign_with_context(b"", b"ctx"), Err(zcrypto::Error::UnsupportedAlgorithm));
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! ## Verification rules
//!
//! * **Strict** ([`Verifier::verify`], the default) follows `ed25519-dalek`'s
//!   `verify_strict`: `s < L`; `A` and `R` canonically encoded and not of small order;
//!   the cofactorless equation `[s]B = R + [k]A`. Signatures are therefore not malleable
//!   and a weak key cannot sign "every message". A public key that is non-canonical or
//!   of small order parses (ZIP-215 needs it) but fails strict verification with
//!   [`Error::InvalidKey`].
//! * **ZIP-215** ([`VerifyingKey::verify_zip215`]) is the consensus rule of Zcash and
//!   other chains: `s < L`; `A` and `R` any point encodings (non-canonical and small-order
//!   ones included); the cofactored equation `[8][s]B = [8]R + [8][k]A`. Every
//!   strictly valid signature is ZIP-215 valid, not the other way round.
//!
//! Every rule refuses `s ≥ L`; [`Signature::from_bytes`] already does.
//!
//! ## Backends
//!
//! Portable: `ed25519-dalek`. Native (default with the `native` feature): aws-lc-rs,
//! measured at 43 µs per verification against 49 µs for `ed25519-dalek`. aws-lc's
//! check accepts small-order `A` and `R`; zcrypto rejects those before calling it, so
//! both backends give identical answers (a differential test checks this on small-order
//! and non-canonical inputs). ZIP-215 and Ed25519ph, which aws-lc-rs does not offer, run
//! on the portable code on either backend. Ed25519 is deterministic: both backends
//! produce the same signature bytes.
//!
//! ## Not offered
//!
//! Ed25519ctx (RFC 8032 §5.1 with a context and no prehash) is not implemented by
//! `ed25519-dalek` or exposed by aws-lc-rs, so zcrypto does not offer it.

mod portable;

#[cfg(feature = "native")]
mod native;

use core::fmt;

use zeroize::Zeroizing;

use super::{Encoding, Signer, Verifier, no_context};
use crate::{Algorithm, Backend, Error, Secret};

/// Seed (RFC 8032 secret key) length.
pub const SEED_LEN: usize = 32;
/// Public key length.
pub const PUBLIC_KEY_LEN: usize = 32;
/// Signature length: `R ‖ s`.
pub const SIGNATURE_LEN: usize = 64;
/// The longest Ed25519ph context string.
pub const MAX_CONTEXT_LEN: usize = 255;

/// An Ed25519 signature `R ‖ s`, with `s < L` checked on decoding.
///
/// ```
/// use zcrypto::sig::{ed25519::Signature, Encoding};
/// let mut bytes = [0u8; 64];
/// assert!(Signature::from_bytes(&bytes).is_ok());
/// bytes[63] = 0x20; // s = 2^253 ≥ L: unreduced scalars (malleability) are refused
/// assert_eq!(Signature::from_bytes(&bytes), Err(zcrypto::Error::InvalidSignature));
/// assert_eq!(
///     Signature::from_bytes(&bytes[1..]),
///     Err(zcrypto::Error::InvalidLength { expected: 64, got: 63 })
/// );
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature([u8; SIGNATURE_LEN]);

impl Signature {
    /// Decodes a signature from an array, refusing `s ≥ L` with
    /// [`Error::InvalidSignature`].
    pub fn from_array(bytes: [u8; SIGNATURE_LEN]) -> Result<Signature, Error> {
        let sig = Signature(bytes);
        if portable::is_canonical_scalar(sig.split().1) {
            Ok(sig)
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// The 64 signature bytes.
    pub fn as_bytes(&self) -> &[u8; SIGNATURE_LEN] {
        &self.0
    }

    /// `(R, s)` halves.
    fn split(&self) -> (&[u8; 32], &[u8; 32]) {
        let (r, s) = self.0.split_at(32);
        // Both halves of a 64-byte array are 32 bytes.
        (
            r.try_into().unwrap_or(&[0; 32]),
            s.try_into().unwrap_or(&[0; 32]),
        )
    }
}

impl Encoding for Signature {
    /// Decodes 64 bytes, refusing `s ≥ L`.
    fn from_bytes(bytes: &[u8]) -> Result<Signature, Error> {
        Signature::from_array(crate::util::array(bytes)?)
    }

    fn to_bytes(&self) -> Vec<u8> {
        self.0.to_vec()
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ed25519::Signature({})", self.to_hex())
    }
}

#[derive(Clone)]
enum VkInner {
    Portable,
    #[cfg(feature = "native")]
    Native(native::Vk),
    /// The key fails the strict rules: only ZIP-215 verification can use it.
    NotStrict,
}

/// An Ed25519 public key: any valid point encoding.
///
/// Keys that are non-canonically encoded or of small order decode (ZIP-215 accepts
/// them) but fail strict verification with [`Error::InvalidKey`]; see
/// [`VerifyingKey::is_strict`].
///
/// ```
/// use zcrypto::sig::{ed25519::VerifyingKey, Encoding};
/// use zcrypto::Backend;
/// let hex = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
/// let vk = VerifyingKey::from_hex(hex)?;
/// assert!(vk.is_strict());
/// assert_eq!(VerifyingKey::from_bytes_with_backend(&vk.to_bytes(), Backend::Portable)?, vk);
/// // The identity point: decodes, but is of small order.
/// let mut id = [0u8; 32];
/// id[0] = 1;
/// assert!(!VerifyingKey::from_bytes(&id)?.is_strict());
/// // y = 2 is not the y-coordinate of a curve point.
/// let mut bad = [0u8; 32];
/// bad[0] = 2;
/// assert_eq!(VerifyingKey::from_bytes(&bad), Err(zcrypto::Error::InvalidKey));
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone)]
pub struct VerifyingKey {
    bytes: [u8; PUBLIC_KEY_LEN],
    dalek: ed25519_dalek::VerifyingKey,
    backend: Backend,
    inner: VkInner,
}

impl VerifyingKey {
    /// Decodes a public key for the default backend. Not a point encoding:
    /// [`Error::InvalidKey`].
    pub fn from_bytes(bytes: &[u8]) -> Result<VerifyingKey, Error> {
        VerifyingKey::from_bytes_with_backend(bytes, Backend::default())
    }

    /// As [`VerifyingKey::from_bytes`], on a chosen backend
    /// ([`Error::UnsupportedAlgorithm`] if it is not compiled in).
    pub fn from_bytes_with_backend(bytes: &[u8], backend: Backend) -> Result<VerifyingKey, Error> {
        if !backend.is_available() {
            return Err(Error::UnsupportedAlgorithm);
        }
        let bytes: [u8; PUBLIC_KEY_LEN] = crate::util::array(bytes)?;
        let (dalek, strict) = portable::parse_public_key(&bytes)?;
        let inner = match backend {
            _ if !strict => VkInner::NotStrict,
            Backend::Portable => VkInner::Portable,
            #[cfg(feature = "native")]
            Backend::Native => VkInner::Native(native::Vk::from_bytes(&bytes)?),
            #[cfg(not(feature = "native"))]
            Backend::Native => return Err(Error::UnsupportedAlgorithm),
        };
        Ok(VerifyingKey {
            bytes,
            dalek,
            backend,
            inner,
        })
    }

    /// The 32-byte encoding, exactly as given.
    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LEN] {
        &self.bytes
    }

    /// The decoded point `A` (for batch verification, which then skips decompression).
    pub(crate) fn point(&self) -> curve25519_dalek::edwards::EdwardsPoint {
        self.dalek.to_edwards()
    }

    /// The backend that carries out strict verification.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the key passes the strict rules: canonically encoded and not of small
    /// order. Strict verification with any other key fails with [`Error::InvalidKey`].
    pub fn is_strict(&self) -> bool {
        !matches!(self.inner, VkInner::NotStrict)
    }

    /// Verifies under the ZIP-215 rules (cofactored equation; any point encodings for
    /// `A` and `R`; `s < L`), the consensus rule of Zcash and other chains.
    ///
    /// ```
    /// use zcrypto::sig::{ed25519::{Signature, VerifyingKey}, Encoding, Verifier};
    /// // A = R = identity, s = 0: valid under ZIP-215 for every message, refused
    /// // strictly (small-order key and R).
    /// let mut a = [0u8; 32];
    /// a[0] = 1;
    /// let vk = VerifyingKey::from_bytes(&a)?;
    /// let mut sig = [0u8; 64];
    /// sig[0] = 1;
    /// let sig = Signature::from_bytes(&sig)?;
    /// vk.verify_zip215(b"anything", &sig)?;
    /// assert_eq!(vk.verify(b"anything", &sig), Err(zcrypto::Error::InvalidKey));
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn verify_zip215(&self, message: &[u8], signature: &Signature) -> Result<(), Error> {
        portable::verify_zip215(&self.dalek, message, signature)
    }

    /// Verifies an Ed25519ph signature (RFC 8032 §5.1: SHA-512 prehash, context of at
    /// most 255 bytes) under the strict rules. Runs on the portable code on either
    /// backend.
    ///
    /// ```
    /// use zcrypto::sig::{ed25519::SigningKey, Signer};
    /// let sk = SigningKey::from_seed(&[7u8; 32])?;
    /// let sig = sk.sign_prehashed(b"big message", b"app v1")?;
    /// let vk = sk.verifying_key();
    /// vk.verify_prehashed(b"big message", b"app v1", &sig)?;
    /// assert!(vk.verify_prehashed(b"big message", b"app v2", &sig).is_err());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn verify_prehashed(
        &self,
        message: &[u8],
        context: &[u8],
        signature: &Signature,
    ) -> Result<(), Error> {
        check_context(context)?;
        self.check_strict()?;
        portable::verify_prehashed_strict(&self.dalek, message, context, signature)
    }

    fn check_strict(&self) -> Result<(), Error> {
        if self.is_strict() {
            Ok(())
        } else {
            Err(Error::InvalidKey)
        }
    }
}

impl Encoding for VerifyingKey {
    /// Decodes a public key for the default backend; see [`VerifyingKey::from_bytes`].
    fn from_bytes(bytes: &[u8]) -> Result<VerifyingKey, Error> {
        VerifyingKey::from_bytes(bytes)
    }

    fn to_bytes(&self) -> Vec<u8> {
        self.bytes.to_vec()
    }
}

impl Verifier for VerifyingKey {
    type Signature = Signature;

    /// Strict verification (see the [module documentation](self)).
    fn verify(&self, message: &[u8], signature: &Signature) -> Result<(), Error> {
        match &self.inner {
            VkInner::NotStrict => Err(Error::InvalidKey),
            VkInner::Portable => portable::verify_strict(&self.dalek, message, signature),
            #[cfg(feature = "native")]
            VkInner::Native(vk) => vk.verify_strict(message, signature),
        }
    }

    /// Plain Ed25519 has no context: a non-empty one is [`Error::UnsupportedAlgorithm`].
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

/// Equality of the encodings (a non-canonical encoding differs from the canonical one).
impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for VerifyingKey {}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ed25519::VerifyingKey({}, {:?})",
            self.to_hex(),
            self.backend
        )
    }
}

#[derive(Clone)]
enum SkInner {
    Portable(ed25519_dalek::SigningKey),
    #[cfg(feature = "native")]
    Native(native::Sk),
}

/// An Ed25519 signing key, made from its 32-byte seed (the RFC 8032 secret key).
///
/// The seed and every backend copy of the key are zeroized on drop; `Debug` prints only
/// the public key.
///
/// ```
/// use zcrypto::sig::{ed25519::SigningKey, Signer, Verifier};
/// use zcrypto::Backend;
/// let a = SigningKey::from_seed_with_backend(&[1u8; 32], Backend::Portable)?;
/// let b = SigningKey::from_seed(&[1u8; 32])?;
/// // Deterministic: every backend gives the same bytes.
/// assert_eq!(a.sign(b"msg")?, b.sign(b"msg")?);
/// assert_eq!(*a.to_bytes(), [1u8; 32]);
/// assert!(!format!("{a:?}").contains("0101"));
/// assert_eq!(
///     SigningKey::from_seed(&[1u8; 31]).err(),
///     Some(zcrypto::Error::InvalidLength { expected: 32, got: 31 })
/// );
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone)]
pub struct SigningKey {
    seed: Secret<SEED_LEN>,
    verifying_key: VerifyingKey,
    inner: SkInner,
}

impl SigningKey {
    /// As [`Signer::from_seed`], on a chosen backend ([`Error::UnsupportedAlgorithm`] if
    /// it is not compiled in).
    pub fn from_seed_with_backend(seed: &[u8], backend: Backend) -> Result<SigningKey, Error> {
        let seed: Zeroizing<[u8; SEED_LEN]> = Zeroizing::new(crate::util::array(seed)?);
        let (inner, public) = match backend {
            Backend::Portable => {
                let sk = portable::signing_key(&seed);
                let public = sk.verifying_key().to_bytes();
                (SkInner::Portable(sk), public)
            }
            #[cfg(feature = "native")]
            Backend::Native => {
                let (sk, public) = native::Sk::from_seed(&seed)?;
                (SkInner::Native(sk), public)
            }
            #[cfg(not(feature = "native"))]
            Backend::Native => return Err(Error::UnsupportedAlgorithm),
        };
        // A key from a seed is canonical and of large order; the parser confirms it.
        let verifying_key =
            VerifyingKey::from_bytes_with_backend(&public, backend).map_err(|_| Error::Internal)?;
        Ok(SigningKey {
            seed: Secret::new(*seed),
            verifying_key,
            inner,
        })
    }

    /// A fresh key from operating-system randomness, default backend.
    ///
    /// ```
    /// use zcrypto::sig::{ed25519::SigningKey, Signer, Verifier};
    /// let sk = SigningKey::generate()?;
    /// sk.verifying_key().verify(b"hi", &sk.sign(b"hi")?)?;
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    #[cfg(feature = "std")]
    pub fn generate() -> Result<SigningKey, Error> {
        let seed = Zeroizing::new(crate::rand::array::<SEED_LEN>()?);
        SigningKey::from_seed(&*seed)
    }

    /// The 32-byte seed (secret!).
    pub fn to_bytes(&self) -> Zeroizing<[u8; SEED_LEN]> {
        Zeroizing::new(*self.seed.as_bytes())
    }

    /// The backend that signs.
    pub fn backend(&self) -> Backend {
        self.verifying_key.backend
    }

    /// Signs with Ed25519ph (RFC 8032 §5.1: the message is hashed with SHA-512 first) under
    /// a context of at most 255 bytes (longer: [`Error::InvalidLength`] with `expected`
    /// 255). Runs on the portable code on either backend.
    ///
    /// ```
    /// use zcrypto::sig::{ed25519::SigningKey, Signer};
    /// let sk = SigningKey::from_seed(&[7u8; 32])?;
    /// let sig = sk.sign_prehashed(b"abc", b"")?;
    /// sk.verifying_key().verify_prehashed(b"abc", b"", &sig)?;
    /// assert!(sk.sign_prehashed(b"abc", &[0u8; 256]).is_err());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn sign_prehashed(&self, message: &[u8], context: &[u8]) -> Result<Signature, Error> {
        check_context(context)?;
        match &self.inner {
            SkInner::Portable(sk) => portable::sign_prehashed(sk, message, context),
            #[cfg(feature = "native")]
            SkInner::Native(_) => {
                let sk = portable::signing_key(self.seed.as_bytes());
                portable::sign_prehashed(&sk, message, context)
            }
        }
    }
}

impl Signer for SigningKey {
    const ALGORITHM: Algorithm = Algorithm::Ed25519;
    const SEED_LEN: usize = SEED_LEN;
    type VerifyingKey = VerifyingKey;
    type Signature = Signature;

    /// RFC 8032 key generation from the 32-byte seed, default backend.
    fn from_seed(seed: &[u8]) -> Result<SigningKey, Error> {
        SigningKey::from_seed_with_backend(seed, Backend::default())
    }

    fn verifying_key(&self) -> VerifyingKey {
        self.verifying_key.clone()
    }

    /// Plain Ed25519 (RFC 8032 §5.1.6).
    fn sign(&self, message: &[u8]) -> Result<Signature, Error> {
        match &self.inner {
            SkInner::Portable(sk) => Ok(portable::sign(sk, message)),
            #[cfg(feature = "native")]
            SkInner::Native(sk) => sk.sign(message),
        }
    }

    /// Plain Ed25519 has no context: a non-empty one is [`Error::UnsupportedAlgorithm`].
    fn sign_with_context(&self, message: &[u8], context: &[u8]) -> Result<Signature, Error> {
        no_context(context)?;
        self.sign(message)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ed25519::SigningKey")
            .field("verifying_key", &self.verifying_key)
            .finish_non_exhaustive()
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

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 8032 §7.1 TEST 2.
    const SEED: &str = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    const PUBLIC: &str = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    const SIG: &str = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
                       085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    fn unhex(s: &str) -> Vec<u8> {
        crate::encoding::from_hex(s).unwrap()
    }

    #[test]
    fn rfc8032_test2_on_every_backend() {
        for &backend in Backend::AVAILABLE {
            let sk = SigningKey::from_seed_with_backend(&unhex(SEED), backend).unwrap();
            assert_eq!(sk.backend(), backend);
            assert_eq!(sk.verifying_key().to_hex(), PUBLIC);
            let sig = sk.sign(&[0x72]).unwrap();
            assert_eq!(sig.to_hex(), SIG);
            let vk = VerifyingKey::from_bytes_with_backend(&unhex(PUBLIC), backend).unwrap();
            assert_eq!(vk.verify(&[0x72], &sig), Ok(()));
            assert_eq!(vk.verify_zip215(&[0x72], &sig), Ok(()));
            assert_eq!(vk.verify(&[0x73], &sig), Err(Error::InvalidSignature));
            assert_eq!(
                vk.verify_zip215(&[0x73], &sig),
                Err(Error::InvalidSignature)
            );
        }
    }

    #[test]
    fn debug_hides_the_seed() {
        let sk = SigningKey::from_seed(&unhex(SEED)).unwrap();
        let dbg = format!("{sk:?}");
        assert!(!dbg.contains(&SEED[..16]), "{dbg}");
        assert!(dbg.contains(PUBLIC), "{dbg}");
    }

    #[test]
    fn split_halves() {
        let mut b = [0u8; 64];
        b[0] = 1;
        b[32] = 2;
        let sig = Signature::from_array(b).unwrap();
        let (r, s) = sig.split();
        assert_eq!((r[0], s[0]), (1, 2));
    }

    #[test]
    fn context_length_limit() {
        assert_eq!(check_context(&[0; 255]), Ok(()));
        assert_eq!(
            check_context(&[0; 256]),
            Err(Error::InvalidLength {
                expected: 255,
                got: 256
            })
        );
    }
}
