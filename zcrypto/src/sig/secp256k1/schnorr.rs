//! BIP-340 Schnorr signatures over secp256k1 (Bitcoin Taproot).
//!
//! Keys are x-only (32 bytes), signatures 64 bytes `R.x ‖ s`, and messages may have any
//! length (BIP-340 as revised; the message is not hashed first). Signing takes 32 bytes
//! of auxiliary randomness `aux_rand`: [`SigningKey::sign_with_aux_rand`] takes it from
//! the caller (deterministic, for test vectors), [`Signer::sign`] draws it from the
//! operating system under the `std` feature. Without `std` it uses 32 zero bytes, which
//! BIP-340 permits (the nonce stays secret; fresh randomness only adds protection
//! against fault and side-channel attacks).
//!
//! ```
//! use zcrypto::sig::{Encoding, Signer, Verifier, secp256k1::schnorr::*};
//!
//! // BIP-340 test vector 0.
//! let mut seed = [0u8; 32];
//! seed[31] = 3;
//! let sk = SigningKey::from_seed(&seed)?;
//! let sig = sk.sign_with_aux_rand(&[0; 32], &[0; 32])?;
//! assert_eq!(
//!     sig.to_hex(),
//!     "e907831f80848d1069a5371b402410364bdf1c5f8307b0084c55f1ce2dca8215\
//!      25f66a4a85ea8b71e482a74f382d2ce5ebeee8fdb2172f477df4900d310536c0"
//! );
//! let vk = VerifyingKey::from_hex("f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9")?;
//! assert_eq!(vk, sk.verifying_key());
//! vk.verify(&[0; 32], &sig)?;
//! assert!(vk.verify(&[1; 32], &sig).is_err());
//! # Ok::<(), zcrypto::Error>(())
//! ```

use core::fmt;
use core::hash::{Hash, Hasher};

use zeroize::Zeroizing;

#[cfg(feature = "native")]
use super::native;
use super::portable;
use crate::sig::{Encoding, Signer, Verifier, no_context};
use crate::{Algorithm, Backend, Error};

/// Length of a secret key (the big-endian scalar) and of [`Signer::from_seed`]'s seed.
pub const SECRET_KEY_LEN: usize = 32;
/// Length of an x-only public key.
pub const PUBLIC_KEY_LEN: usize = 32;
/// Length of a signature.
pub const SIGNATURE_LEN: usize = 64;
/// Length of the auxiliary randomness of BIP-340 signing.
pub const AUX_RAND_LEN: usize = 32;

// ---------------------------------------------------------------------------------------
// Signature
// ---------------------------------------------------------------------------------------

/// A BIP-340 signature `r ‖ s` (64 bytes).
///
/// Decoding checks r < p and 0 < s < n (BIP-340 verification fails otherwise; s = 0,
/// which BIP-340 would let through to the verification equation, can never verify in
/// practice and is refused here).
///
/// ```
/// use zcrypto::Error;
/// use zcrypto::sig::{Encoding, secp256k1::schnorr::Signature};
/// assert_eq!(Signature::from_bytes(&[0xff; 64]), Err(Error::InvalidSignature)); // r ≥ p
/// assert_eq!(
///     Signature::from_bytes(&[1; 65]),
///     Err(Error::InvalidLength { expected: 64, got: 65 })
/// );
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature([u8; SIGNATURE_LEN]);

impl Signature {
    fn from_array(bytes: [u8; SIGNATURE_LEN]) -> Result<Signature, Error> {
        portable::schnorr_check(&bytes)?;
        Ok(Signature(bytes))
    }

    /// The 64 bytes `r ‖ s`.
    ///
    /// ```
    /// use zcrypto::sig::secp256k1::schnorr::SigningKey;
    /// use zcrypto::sig::Signer;
    /// let sig = SigningKey::from_seed(&[1; 32])?.sign_with_aux_rand(b"m", &[0; 32])?;
    /// assert_eq!(sig.as_bytes().len(), 64);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8; SIGNATURE_LEN] {
        &self.0
    }
}

impl Encoding for Signature {
    fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        Signature::from_array(crate::util::array(bytes)?)
    }

    fn to_bytes(&self) -> Vec<u8> {
        self.0.to_vec()
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({})", crate::encoding::to_hex(&self.0))
    }
}

// ---------------------------------------------------------------------------------------
// VerifyingKey
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum VkInner {
    Portable(portable::SchnorrPk),
    #[cfg(feature = "native")]
    Native(native::SchnorrPk),
}

/// A BIP-340 x-only public key: the x coordinate of the point with even y.
///
/// ```
/// use zcrypto::Error;
/// use zcrypto::sig::{Encoding, secp256k1::schnorr::VerifyingKey};
/// // x = 5 is not on the curve (BIP-340 test vector 5).
/// let bad = "eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34";
/// assert_eq!(VerifyingKey::from_hex(bad), Err(Error::InvalidKey));
/// assert_eq!(
///     VerifyingKey::from_bytes(&[2; 33]),
///     Err(Error::InvalidLength { expected: 32, got: 33 })
/// );
/// ```
#[derive(Clone, Copy)]
pub struct VerifyingKey {
    bytes: [u8; PUBLIC_KEY_LEN],
    backend: Backend,
    inner: VkInner,
}

impl VerifyingKey {
    fn from_inner(inner: VkInner) -> VerifyingKey {
        let (bytes, backend) = match inner {
            VkInner::Portable(pk) => (pk.to_bytes(), Backend::Portable),
            #[cfg(feature = "native")]
            VkInner::Native(pk) => (pk.to_bytes(), Backend::Native),
        };
        VerifyingKey {
            bytes,
            backend,
            inner,
        }
    }

    /// Decodes a 32-byte x-only key for a chosen backend: [`Error::InvalidKey`] if x ≥ p
    /// or no curve point has that x.
    ///
    /// ```
    /// use zcrypto::Backend;
    /// use zcrypto::sig::{Encoding, Signer, secp256k1::schnorr::{SigningKey, VerifyingKey}};
    /// let bytes = SigningKey::from_seed(&[1; 32])?.verifying_key().to_bytes();
    /// let vk = VerifyingKey::from_bytes_with_backend(&bytes, Backend::Portable)?;
    /// assert_eq!(vk.backend(), Backend::Portable);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn from_bytes_with_backend(bytes: &[u8], backend: Backend) -> Result<VerifyingKey, Error> {
        let x = crate::util::array::<PUBLIC_KEY_LEN>(bytes)?;
        let inner = match backend {
            Backend::Portable => VkInner::Portable(portable::SchnorrPk::from_bytes(&x)?),
            #[cfg(feature = "native")]
            Backend::Native => VkInner::Native(native::SchnorrPk::from_bytes(&x)?),
            #[cfg(not(feature = "native"))]
            Backend::Native => return Err(Error::UnsupportedAlgorithm),
        };
        Ok(VerifyingKey::from_inner(inner))
    }

    /// The backend that verifies with this key.
    ///
    /// ```
    /// use zcrypto::Backend;
    /// use zcrypto::sig::{Signer, secp256k1::schnorr::SigningKey};
    /// let vk = SigningKey::from_seed(&[1; 32])?.verifying_key();
    /// assert_eq!(vk.backend(), Backend::default());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The 32-byte x coordinate.
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::schnorr::SigningKey};
    /// let vk = SigningKey::from_seed(&[1; 32])?.verifying_key();
    /// assert_eq!(vk.as_bytes().len(), 32);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LEN] {
        &self.bytes
    }
}

impl Encoding for VerifyingKey {
    fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        VerifyingKey::from_bytes_with_backend(bytes, Backend::default())
    }

    fn to_bytes(&self) -> Vec<u8> {
        self.bytes.to_vec()
    }
}

impl Verifier for VerifyingKey {
    type Signature = Signature;

    /// BIP-340 Verify on the raw message (any length). BIP-340 has no context string: a
    /// non-empty one is [`Error::UnsupportedAlgorithm`].
    fn verify_with_context(
        &self,
        message: &[u8],
        context: &[u8],
        signature: &Signature,
    ) -> Result<(), Error> {
        no_context(context)?;
        match &self.inner {
            VkInner::Portable(pk) => pk.verify(message, &signature.0),
            #[cfg(feature = "native")]
            VkInner::Native(pk) => pk.verify(message, &signature.0),
        }
    }
}

/// Keys are equal when they have the same x coordinate, whatever their backends.
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
        write!(
            f,
            "VerifyingKey({}, {:?})",
            crate::encoding::to_hex(&self.bytes),
            self.backend
        )
    }
}

// ---------------------------------------------------------------------------------------
// SigningKey
// ---------------------------------------------------------------------------------------

#[derive(Clone)]
enum SkInner {
    Portable(portable::SchnorrSk),
    #[cfg(feature = "native")]
    Native(native::SchnorrSk),
}

/// A BIP-340 secret key: a scalar in [1, n) (either parity; BIP-340 negates it as
/// needed when signing). Zeroized on drop; `Debug` shows only the public key.
///
/// ```
/// use zcrypto::Error;
/// use zcrypto::sig::{Signer, secp256k1::schnorr::SigningKey};
/// assert_eq!(SigningKey::from_seed(&[0; 32]).unwrap_err(), Error::InvalidKey);
/// assert_eq!(SigningKey::from_seed(&[0xff; 32]).unwrap_err(), Error::InvalidKey);
/// let sk = SigningKey::from_seed(&[1; 32])?;
/// assert!(format!("{sk:?}").starts_with("SigningKey"));
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct SigningKey {
    secret: Zeroizing<[u8; SECRET_KEY_LEN]>,
    inner: SkInner,
    vk: VerifyingKey,
}

impl SigningKey {
    /// A key from its 32-byte big-endian scalar, on a chosen backend. 0 and values ≥ n
    /// are [`Error::InvalidKey`].
    ///
    /// ```
    /// use zcrypto::Backend;
    /// use zcrypto::sig::{Signer, secp256k1::schnorr::SigningKey};
    /// let a = SigningKey::from_seed_with_backend(&[1; 32], Backend::Portable)?;
    /// let b = SigningKey::from_seed(&[1; 32])?;
    /// assert_eq!(
    ///     a.sign_with_aux_rand(b"m", &[2; 32])?,
    ///     b.sign_with_aux_rand(b"m", &[2; 32])?
    /// );
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn from_seed_with_backend(seed: &[u8], backend: Backend) -> Result<SigningKey, Error> {
        let secret = Zeroizing::new(crate::util::array::<SECRET_KEY_LEN>(seed)?);
        let (inner, vk) = match backend {
            Backend::Portable => {
                let sk = portable::SchnorrSk::from_bytes(&secret)?;
                let vk = VkInner::Portable(sk.public_key());
                (SkInner::Portable(sk), vk)
            }
            #[cfg(feature = "native")]
            Backend::Native => {
                let sk = native::SchnorrSk::from_bytes(&secret)?;
                let vk = VkInner::Native(sk.public_key());
                (SkInner::Native(sk), vk)
            }
            #[cfg(not(feature = "native"))]
            Backend::Native => return Err(Error::UnsupportedAlgorithm),
        };
        Ok(SigningKey {
            secret,
            inner,
            vk: VerifyingKey::from_inner(vk),
        })
    }

    /// A fresh key from operating-system randomness, on the default backend.
    ///
    /// ```
    /// use zcrypto::sig::{Signer, Verifier, secp256k1::schnorr::SigningKey};
    /// let sk = SigningKey::generate()?;
    /// sk.verifying_key().verify(b"m", &sk.sign(b"m")?)?;
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    #[cfg(feature = "std")]
    pub fn generate() -> Result<SigningKey, Error> {
        loop {
            let seed = Zeroizing::new(crate::rand::array::<SECRET_KEY_LEN>()?);
            // A uniform 256-bit value is ≥ n with probability below 2⁻¹²⁷: retry.
            match SigningKey::from_seed(&seed[..]) {
                Err(Error::InvalidKey) => continue,
                other => return other,
            }
        }
    }

    /// The backend that signs with this key.
    ///
    /// ```
    /// use zcrypto::Backend;
    /// use zcrypto::sig::{Signer, secp256k1::schnorr::SigningKey};
    /// assert_eq!(SigningKey::from_seed(&[1; 32])?.backend(), Backend::default());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn backend(&self) -> Backend {
        self.vk.backend
    }

    /// The 32-byte secret scalar as given (secret!), not its even-y negation.
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::schnorr::SigningKey};
    /// assert_eq!(*SigningKey::from_seed(&[1; 32])?.to_bytes(), [1; 32]);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn to_bytes(&self) -> Zeroizing<[u8; SECRET_KEY_LEN]> {
        self.secret.clone()
    }

    /// BIP-340 Sign(sk, message, aux_rand): deterministic for given inputs. `aux_rand`
    /// should be fresh randomness; reusing it is safe but forgoes its extra protection.
    ///
    /// ```
    /// use zcrypto::sig::{Signer, Verifier, secp256k1::schnorr::SigningKey};
    /// let sk = SigningKey::from_seed(&[1; 32])?;
    /// let sig = sk.sign_with_aux_rand(b"", &[7; 32])?; // empty messages are allowed
    /// sk.verifying_key().verify(b"", &sig)?;
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn sign_with_aux_rand(
        &self,
        message: &[u8],
        aux_rand: &[u8; AUX_RAND_LEN],
    ) -> Result<Signature, Error> {
        let bytes = match &self.inner {
            SkInner::Portable(sk) => sk.sign(message, aux_rand)?,
            #[cfg(feature = "native")]
            SkInner::Native(sk) => sk.sign(message, aux_rand)?,
        };
        Signature::from_array(bytes).map_err(|_| Error::Internal)
    }
}

impl Signer for SigningKey {
    const ALGORITHM: Algorithm = Algorithm::Bip340;
    const SEED_LEN: usize = SECRET_KEY_LEN;
    type VerifyingKey = VerifyingKey;
    type Signature = Signature;

    /// The 32-byte big-endian secret scalar, on the default backend.
    fn from_seed(seed: &[u8]) -> Result<Self, Error> {
        SigningKey::from_seed_with_backend(seed, Backend::default())
    }

    fn verifying_key(&self) -> VerifyingKey {
        self.vk
    }

    /// BIP-340 Sign with fresh `aux_rand` from the operating system (`std`), or 32 zero
    /// bytes without `std`. A non-empty context is [`Error::UnsupportedAlgorithm`].
    fn sign_with_context(&self, message: &[u8], context: &[u8]) -> Result<Signature, Error> {
        no_context(context)?;
        #[cfg(feature = "std")]
        let aux = Zeroizing::new(crate::rand::array::<AUX_RAND_LEN>()?);
        #[cfg(not(feature = "std"))]
        let aux = Zeroizing::new([0u8; AUX_RAND_LEN]);
        self.sign_with_aux_rand(message, &aux)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("verifying_key", &self.vk)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_verify_every_backend() {
        for &backend in Backend::AVAILABLE {
            let sk = SigningKey::from_seed_with_backend(&[9; 32], backend).unwrap();
            let vk = sk.verifying_key();
            assert_eq!(vk.backend(), backend);
            let sig = sk.sign(b"abc").unwrap();
            vk.verify(b"abc", &sig).unwrap();
            assert_eq!(vk.verify(b"abd", &sig), Err(Error::InvalidSignature));
            assert_eq!(
                sk.sign_with_context(b"abc", b"x"),
                Err(Error::UnsupportedAlgorithm)
            );
        }
    }
}
