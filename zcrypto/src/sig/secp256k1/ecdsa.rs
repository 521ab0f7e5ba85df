//! ECDSA over secp256k1 (SEC 1, RFC 6979 deterministic nonces).
//!
//! * [`Signer::sign`] hashes the message with SHA-256;
//!   [`SigningKey::sign_prehash`] signs a caller-given 32-byte digest (Keccak-256 for
//!   Ethereum, double SHA-256 for Bitcoin...).
//! * Signing always produces low-S signatures (s ≤ n/2). Verification requires low S by
//!   default (like Bitcoin's consensus policy and libsecp256k1); the `_allow_high_s`
//!   methods and [`Signature::normalize_s`] accept the other form explicitly.
//! * [`Signature`] is the 64-byte compact `r ‖ s`; [`Signature::from_der`] /
//!   [`Signature::to_der`] convert to and from strict ASN.1 DER.
//! * [`RecoverableSignature`] is `r ‖ s ‖ v` (65 bytes, v ∈ {0, 1}) from
//!   [`SigningKey::sign_prehash_recoverable`]; [`RecoverableSignature::recover_prehash`]
//!   gives back the [`VerifyingKey`], and [`VerifyingKey::ethereum_address`] its address.
//!
//! ```
//! use zcrypto::hash::keccak256;
//! use zcrypto::sig::{Encoding, Signer, Verifier, secp256k1::ecdsa::*};
//!
//! let sk = SigningKey::from_seed(&[0x46; 32])?;
//! let vk = sk.verifying_key();
//!
//! // Over SHA-256 of the message.
//! let sig = sk.sign(b"message")?;
//! vk.verify(b"message", &sig)?;
//! assert!(vk.verify(b"other message", &sig).is_err());
//!
//! // Ethereum style: Keccak-256 prehash, recoverable signature, address.
//! let digest = keccak256(b"message");
//! let rsig = sk.sign_prehash_recoverable(&digest)?;
//! let recovered = rsig.recover_prehash(&digest)?;
//! assert_eq!(recovered, vk);
//! assert_eq!(
//!     recovered.ethereum_address_checksummed(),
//!     "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"
//! );
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
/// Length of a compressed SEC1 public key, the standard [`VerifyingKey`] encoding.
pub const PUBLIC_KEY_LEN: usize = 33;
/// Length of an uncompressed SEC1 public key (`0x04 ‖ x ‖ y`).
pub const UNCOMPRESSED_PUBLIC_KEY_LEN: usize = 65;
/// Length of a compact `r ‖ s` signature.
pub const SIGNATURE_LEN: usize = 64;
/// Length of a recoverable signature `r ‖ s ‖ v`.
pub const RECOVERABLE_SIGNATURE_LEN: usize = 65;
/// Length of a prehash (message digest) for the `_prehash` methods.
pub const PREHASH_LEN: usize = 32;

// ---------------------------------------------------------------------------------------
// Signature
// ---------------------------------------------------------------------------------------

/// A compact ECDSA signature `r ‖ s` (64 bytes, big-endian), with r and s in [1, n).
///
/// Decoding checks the ranges; it accepts high S (so that such signatures can be
/// inspected, normalised or verified with the `_allow_high_s` methods), but the
/// default verification rejects them.
///
/// ```
/// use zcrypto::Error;
/// use zcrypto::sig::{Encoding, Signer, secp256k1::ecdsa::{Signature, SigningKey}};
/// let sig = SigningKey::from_seed(&[1; 32])?.sign(b"m")?;
/// assert!(sig.is_low_s());
/// let again = Signature::from_bytes(&sig.to_bytes())?;
/// assert_eq!(again, sig);
/// assert_eq!(Signature::from_bytes(&[0; 64]), Err(Error::InvalidSignature)); // r = s = 0
/// assert_eq!(
///     Signature::from_bytes(&[1; 63]),
///     Err(Error::InvalidLength { expected: 64, got: 63 })
/// );
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature {
    bytes: [u8; SIGNATURE_LEN],
    low_s: bool,
}

impl Signature {
    fn from_array(bytes: [u8; SIGNATURE_LEN]) -> Result<Signature, Error> {
        let low_s = portable::ecdsa_check_scalars(&bytes)?;
        Ok(Signature { bytes, low_s })
    }

    /// The 64 bytes `r ‖ s`.
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let sig = SigningKey::from_seed(&[1; 32])?.sign(b"m")?;
    /// assert_eq!(sig.as_bytes().len(), 64);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8; SIGNATURE_LEN] {
        &self.bytes
    }

    /// Whether s ≤ n/2 (the form signing produces and default verification requires).
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let sig = SigningKey::from_seed(&[1; 32])?.sign(b"m")?;
    /// assert!(sig.is_low_s());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn is_low_s(&self) -> bool {
        self.low_s
    }

    /// The same signature with s replaced by n − s if s > n/2 (both forms verify under
    /// textbook ECDSA; low S removes the malleability).
    ///
    /// ```
    /// use zcrypto::sig::{Encoding, Signer, secp256k1::ecdsa::{Signature, SigningKey}};
    /// let sig = SigningKey::from_seed(&[1; 32])?.sign(b"m")?;
    /// assert_eq!(sig.normalize_s(), sig); // already low
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn normalize_s(&self) -> Signature {
        if self.low_s {
            return *self;
        }
        match portable::ecdsa_normalize_s(&self.bytes) {
            Ok(bytes) => Signature { bytes, low_s: true },
            // Unreachable: the bytes passed the range check when this value was made.
            Err(_) => *self,
        }
    }

    /// Decodes a strict ASN.1 DER `ECDSA-Sig-Value` (`SEQUENCE { r INTEGER, s INTEGER }`).
    /// BER variants, trailing data and out-of-range integers are
    /// [`Error::InvalidSignature`].
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::{Signature, SigningKey}};
    /// let sig = SigningKey::from_seed(&[1; 32])?.sign(b"m")?;
    /// let der = sig.to_der();
    /// assert_eq!(der[0], 0x30);
    /// assert_eq!(Signature::from_der(&der)?, sig);
    /// assert!(Signature::from_der(&der[1..]).is_err());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Signature, Error> {
        Signature::from_array(portable::ecdsa_from_der(der)?)
    }

    /// The strict ASN.1 DER encoding (70 to 72 bytes for typical signatures).
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let der = SigningKey::from_seed(&[1; 32])?.sign(b"m")?.to_der();
    /// assert!((8..=72).contains(&der.len()));
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn to_der(&self) -> Vec<u8> {
        // Cannot fail: the scalars were range-checked on construction.
        portable::ecdsa_to_der(&self.bytes).unwrap_or_default()
    }
}

impl Encoding for Signature {
    fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        Signature::from_array(crate::util::array(bytes)?)
    }

    fn to_bytes(&self) -> Vec<u8> {
        self.bytes.to_vec()
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({})", crate::encoding::to_hex(&self.bytes))
    }
}

// ---------------------------------------------------------------------------------------
// RecoverableSignature
// ---------------------------------------------------------------------------------------

/// A recoverable signature `r ‖ s ‖ v` (65 bytes) with recovery id v ∈ {0, 1}: the
/// parity of the y coordinate of the nonce point R.
///
/// Ethereum transactions carry `v + 27` (or EIP-155's `v + 35 + 2·chain_id`); subtract
/// that offset before decoding. The x-overflow recovery ids 2 and 3 (probability about
/// 2⁻¹²⁷) are not supported and decode as [`Error::InvalidSignature`].
///
/// ```
/// use zcrypto::Error;
/// use zcrypto::sig::{Encoding, Signer, secp256k1::ecdsa::{RecoverableSignature, SigningKey}};
/// let rsig = SigningKey::from_seed(&[1; 32])?.sign_prehash_recoverable(&[9; 32])?;
/// let mut bytes = rsig.to_bytes();
/// assert_eq!(bytes.len(), 65);
/// bytes[64] = 27; // the caller must strip Ethereum's offset first
/// assert_eq!(RecoverableSignature::from_bytes(&bytes), Err(Error::InvalidSignature));
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RecoverableSignature {
    sig: Signature,
    v: u8,
}

impl RecoverableSignature {
    /// Combines a signature with its recovery id `v` (0 or 1).
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::{RecoverableSignature, SigningKey}};
    /// let rsig = SigningKey::from_seed(&[1; 32])?.sign_prehash_recoverable(&[9; 32])?;
    /// let again = RecoverableSignature::new(rsig.signature(), rsig.recovery_id())?;
    /// assert_eq!(again, rsig);
    /// assert!(RecoverableSignature::new(rsig.signature(), 2).is_err());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn new(signature: Signature, v: u8) -> Result<RecoverableSignature, Error> {
        if v > 1 {
            return Err(Error::InvalidSignature);
        }
        Ok(RecoverableSignature { sig: signature, v })
    }

    /// The signature without the recovery id.
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let sk = SigningKey::from_seed(&[1; 32])?;
    /// let rsig = sk.sign_prehash_recoverable(&[9; 32])?;
    /// assert_eq!(rsig.signature(), sk.sign_prehash(&[9; 32])?);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn signature(&self) -> Signature {
        self.sig
    }

    /// The recovery id v (0 or 1).
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let rsig = SigningKey::from_seed(&[1; 32])?.sign_prehash_recoverable(&[9; 32])?;
    /// assert!(rsig.recovery_id() <= 1);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn recovery_id(&self) -> u8 {
        self.v
    }

    /// The equivalent low-S signature: s → n − s and v → 1 − v when s > n/2, which
    /// recovers the same key. Use it before [`RecoverableSignature::recover_prehash`] to
    /// accept high-S input (e.g. for Ethereum's `ecrecover` precompile, which does).
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let rsig = SigningKey::from_seed(&[1; 32])?.sign_prehash_recoverable(&[9; 32])?;
    /// assert_eq!(rsig.normalize_s(), rsig);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn normalize_s(&self) -> RecoverableSignature {
        if self.sig.low_s {
            *self
        } else {
            RecoverableSignature {
                sig: self.sig.normalize_s(),
                v: self.v ^ 1,
            }
        }
    }

    /// Recovers the public key that made this signature over `prehash`, on the default
    /// backend. High S is [`Error::InvalidSignature`] (see
    /// [`RecoverableSignature::normalize_s`]), as is a signature from which no key can
    /// be recovered.
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let sk = SigningKey::from_seed(&[1; 32])?;
    /// let rsig = sk.sign_prehash_recoverable(&[9; 32])?;
    /// assert_eq!(rsig.recover_prehash(&[9; 32])?, sk.verifying_key());
    /// assert_ne!(rsig.recover_prehash(&[8; 32])?, sk.verifying_key());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn recover_prehash(&self, prehash: &[u8; PREHASH_LEN]) -> Result<VerifyingKey, Error> {
        self.recover_prehash_with_backend(prehash, Backend::default())
    }

    /// As [`RecoverableSignature::recover_prehash`], on a chosen backend.
    ///
    /// ```
    /// use zcrypto::Backend;
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let rsig = SigningKey::from_seed(&[1; 32])?.sign_prehash_recoverable(&[9; 32])?;
    /// let vk = rsig.recover_prehash_with_backend(&[9; 32], Backend::Portable)?;
    /// assert_eq!(vk.backend(), Backend::Portable);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn recover_prehash_with_backend(
        &self,
        prehash: &[u8; PREHASH_LEN],
        backend: Backend,
    ) -> Result<VerifyingKey, Error> {
        if !self.sig.low_s {
            return Err(Error::InvalidSignature);
        }
        let inner = match backend {
            Backend::Portable => VkInner::Portable(portable::EcdsaPk::recover(
                prehash,
                &self.sig.bytes,
                self.v,
            )?),
            #[cfg(feature = "native")]
            Backend::Native => {
                VkInner::Native(native::EcdsaPk::recover(prehash, &self.sig.bytes, self.v)?)
            }
            #[cfg(not(feature = "native"))]
            Backend::Native => return Err(Error::UnsupportedAlgorithm),
        };
        Ok(VerifyingKey::from_inner(inner))
    }
}

impl Encoding for RecoverableSignature {
    fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let bytes: [u8; RECOVERABLE_SIGNATURE_LEN] = crate::util::array(bytes)?;
        let mut rs = [0u8; SIGNATURE_LEN];
        rs.copy_from_slice(&bytes[..SIGNATURE_LEN]);
        RecoverableSignature::new(Signature::from_array(rs)?, bytes[SIGNATURE_LEN])
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(RECOVERABLE_SIGNATURE_LEN);
        out.extend_from_slice(&self.sig.bytes);
        out.push(self.v);
        out
    }
}

impl fmt::Debug for RecoverableSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RecoverableSignature({}, v={})",
            crate::encoding::to_hex(&self.sig.bytes),
            self.v
        )
    }
}

// ---------------------------------------------------------------------------------------
// VerifyingKey
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum VkInner {
    Portable(portable::EcdsaPk),
    #[cfg(feature = "native")]
    Native(native::EcdsaPk),
}

/// An ECDSA public key: a valid point other than the identity. The standard encoding
/// is the 33-byte compressed SEC1 form; decoding also takes the 65-byte uncompressed
/// form (`0x04 ‖ x ‖ y`). Hybrid (`0x06`/`0x07`) and compact encodings are refused.
///
/// ```
/// use zcrypto::Error;
/// use zcrypto::sig::{Encoding, Signer, secp256k1::ecdsa::{SigningKey, VerifyingKey}};
/// let vk = SigningKey::from_seed(&[1; 32])?.verifying_key();
/// assert_eq!(VerifyingKey::from_bytes(&vk.to_bytes())?, vk);
/// assert_eq!(VerifyingKey::from_bytes(&vk.to_uncompressed())?, vk);
/// let mut bad = vk.to_bytes();
/// bad[0] = 0x05;
/// assert_eq!(VerifyingKey::from_bytes(&bad), Err(Error::InvalidKey));
/// assert_eq!(
///     VerifyingKey::from_bytes(&bad[..32]),
///     Err(Error::InvalidLength { expected: 33, got: 32 })
/// );
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct VerifyingKey {
    compressed: [u8; PUBLIC_KEY_LEN],
    backend: Backend,
    inner: VkInner,
}

impl VerifyingKey {
    fn from_inner(inner: VkInner) -> VerifyingKey {
        let (compressed, backend) = match &inner {
            VkInner::Portable(pk) => (pk.compressed(), Backend::Portable),
            #[cfg(feature = "native")]
            VkInner::Native(pk) => (pk.compressed(), Backend::Native),
        };
        VerifyingKey {
            compressed,
            backend,
            inner,
        }
    }

    /// Decodes a compressed (33-byte) or uncompressed (65-byte) SEC1 key for a chosen
    /// backend. Anything else is [`Error::InvalidLength`] (expected 33); a wrong prefix,
    /// a coordinate ≥ p or a point off the curve is [`Error::InvalidKey`].
    ///
    /// ```
    /// use zcrypto::Backend;
    /// use zcrypto::sig::{Encoding, Signer, secp256k1::ecdsa::{SigningKey, VerifyingKey}};
    /// let bytes = SigningKey::from_seed(&[1; 32])?.verifying_key().to_bytes();
    /// let vk = VerifyingKey::from_bytes_with_backend(&bytes, Backend::Portable)?;
    /// assert_eq!(vk.backend(), Backend::Portable);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn from_bytes_with_backend(bytes: &[u8], backend: Backend) -> Result<VerifyingKey, Error> {
        match (bytes.len(), bytes.first()) {
            (PUBLIC_KEY_LEN, Some(0x02 | 0x03)) | (UNCOMPRESSED_PUBLIC_KEY_LEN, Some(0x04)) => {}
            (PUBLIC_KEY_LEN | UNCOMPRESSED_PUBLIC_KEY_LEN, _) => return Err(Error::InvalidKey),
            (got, _) => {
                return Err(Error::InvalidLength {
                    expected: PUBLIC_KEY_LEN,
                    got,
                });
            }
        }
        let inner = match backend {
            Backend::Portable => VkInner::Portable(portable::EcdsaPk::from_sec1(bytes)?),
            #[cfg(feature = "native")]
            Backend::Native => VkInner::Native(native::EcdsaPk::from_sec1(bytes)?),
            #[cfg(not(feature = "native"))]
            Backend::Native => return Err(Error::UnsupportedAlgorithm),
        };
        Ok(VerifyingKey::from_inner(inner))
    }

    /// The backend that verifies with this key.
    ///
    /// ```
    /// use zcrypto::Backend;
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let vk = SigningKey::from_seed(&[1; 32])?.verifying_key();
    /// assert_eq!(vk.backend(), Backend::default());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The 33-byte compressed SEC1 encoding.
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let vk = SigningKey::from_seed(&[1; 32])?.verifying_key();
    /// assert!(matches!(vk.as_bytes()[0], 0x02 | 0x03));
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LEN] {
        &self.compressed
    }

    /// The 65-byte uncompressed SEC1 encoding `0x04 ‖ x ‖ y`.
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let vk = SigningKey::from_seed(&[1; 32])?.verifying_key();
    /// let full = vk.to_uncompressed();
    /// assert_eq!(full[0], 0x04);
    /// assert_eq!(&full[1..33], &vk.as_bytes()[1..]);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn to_uncompressed(&self) -> [u8; UNCOMPRESSED_PUBLIC_KEY_LEN] {
        match &self.inner {
            VkInner::Portable(pk) => pk.uncompressed(),
            #[cfg(feature = "native")]
            VkInner::Native(pk) => pk.uncompressed(),
        }
    }

    /// Verifies a low-S signature over a 32-byte prehash (the message digest).
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let sk = SigningKey::from_seed(&[1; 32])?;
    /// let sig = sk.sign_prehash(&[9; 32])?;
    /// sk.verifying_key().verify_prehash(&[9; 32], &sig)?;
    /// assert!(sk.verifying_key().verify_prehash(&[8; 32], &sig).is_err());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn verify_prehash(
        &self,
        prehash: &[u8; PREHASH_LEN],
        signature: &Signature,
    ) -> Result<(), Error> {
        if !signature.low_s {
            return Err(Error::InvalidSignature);
        }
        match &self.inner {
            VkInner::Portable(pk) => pk.verify_prehash(prehash, &signature.bytes),
            #[cfg(feature = "native")]
            VkInner::Native(pk) => pk.verify_prehash(prehash, &signature.bytes),
        }
    }

    /// Verifies a signature over a 32-byte prehash, accepting high S as well (textbook
    /// ECDSA, e.g. for Wycheproof or pre-BIP-62 Bitcoin data).
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let sk = SigningKey::from_seed(&[1; 32])?;
    /// let sig = sk.sign_prehash(&[9; 32])?;
    /// sk.verifying_key().verify_prehash_allow_high_s(&[9; 32], &sig)?;
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn verify_prehash_allow_high_s(
        &self,
        prehash: &[u8; PREHASH_LEN],
        signature: &Signature,
    ) -> Result<(), Error> {
        self.verify_prehash(prehash, &signature.normalize_s())
    }

    /// Verifies a signature over SHA-256(`message`), accepting high S as well.
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let sk = SigningKey::from_seed(&[1; 32])?;
    /// let sig = sk.sign(b"m")?;
    /// sk.verifying_key().verify_allow_high_s(b"m", &sig)?;
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn verify_allow_high_s(&self, message: &[u8], signature: &Signature) -> Result<(), Error> {
        self.verify_prehash_allow_high_s(&crate::hash::sha256(message), signature)
    }

    /// The 20-byte Ethereum address: the last 20 bytes of Keccak-256(x ‖ y).
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let vk = SigningKey::from_seed(&[0x46; 32])?.verifying_key();
    /// assert_eq!(
    ///     zcrypto::encoding::to_hex(&vk.ethereum_address()),
    ///     "9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"
    /// );
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn ethereum_address(&self) -> [u8; 20] {
        super::ethereum_address(&self.to_uncompressed())
    }

    /// The Ethereum address in EIP-55 checksum form, with `0x`.
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let vk = SigningKey::from_seed(&[0x46; 32])?.verifying_key();
    /// assert_eq!(vk.ethereum_address_checksummed(), "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F");
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn ethereum_address_checksummed(&self) -> String {
        super::ethereum_checksum_address(&self.ethereum_address())
    }
}

impl Encoding for VerifyingKey {
    fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        VerifyingKey::from_bytes_with_backend(bytes, Backend::default())
    }

    fn to_bytes(&self) -> Vec<u8> {
        self.compressed.to_vec()
    }
}

impl Verifier for VerifyingKey {
    type Signature = Signature;

    /// Verifies a low-S signature over SHA-256(`message`). ECDSA has no context string:
    /// a non-empty one is [`Error::UnsupportedAlgorithm`].
    fn verify_with_context(
        &self,
        message: &[u8],
        context: &[u8],
        signature: &Signature,
    ) -> Result<(), Error> {
        no_context(context)?;
        self.verify_prehash(&crate::hash::sha256(message), signature)
    }
}

/// Keys are equal when they are the same point, whatever their backends.
impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        self.compressed == other.compressed
    }
}

impl Eq for VerifyingKey {}

impl Hash for VerifyingKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.compressed.hash(state);
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "VerifyingKey({}, {:?})",
            crate::encoding::to_hex(&self.compressed),
            self.backend
        )
    }
}

// ---------------------------------------------------------------------------------------
// SigningKey
// ---------------------------------------------------------------------------------------

#[derive(Clone)]
enum SkInner {
    Portable(portable::EcdsaSk),
    #[cfg(feature = "native")]
    Native(native::EcdsaSk),
}

/// An ECDSA secret key: a scalar in [1, n). Zeroized on drop; `Debug` shows only the
/// public key.
///
/// ```
/// use zcrypto::Error;
/// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
/// let sk = SigningKey::from_seed(&[1; 32])?;
/// assert!(!format!("{sk:?}").contains("0101"));
/// assert_eq!(SigningKey::from_seed(&[0; 32]).unwrap_err(), Error::InvalidKey); // 0
/// assert_eq!(SigningKey::from_seed(&[0xff; 32]).unwrap_err(), Error::InvalidKey); // ≥ n
/// assert_eq!(
///     SigningKey::from_seed(&[1; 31]).unwrap_err(),
///     Error::InvalidLength { expected: 32, got: 31 }
/// );
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
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let a = SigningKey::from_seed_with_backend(&[1; 32], Backend::Portable)?;
    /// let b = SigningKey::from_seed(&[1; 32])?;
    /// assert_eq!(a.backend(), Backend::Portable);
    /// assert_eq!(a.sign(b"m")?, b.sign(b"m")?); // RFC 6979: same bytes on every backend
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn from_seed_with_backend(seed: &[u8], backend: Backend) -> Result<SigningKey, Error> {
        let secret = Zeroizing::new(crate::util::array::<SECRET_KEY_LEN>(seed)?);
        let (inner, vk) = match backend {
            Backend::Portable => {
                let sk = portable::EcdsaSk::from_bytes(&secret)?;
                let vk = VkInner::Portable(sk.public_key());
                (SkInner::Portable(sk), vk)
            }
            #[cfg(feature = "native")]
            Backend::Native => {
                let sk = native::EcdsaSk::from_bytes(&secret)?;
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
    /// use zcrypto::sig::{Signer, Verifier, secp256k1::ecdsa::SigningKey};
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
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// assert_eq!(SigningKey::from_seed(&[1; 32])?.backend(), Backend::default());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn backend(&self) -> Backend {
        self.vk.backend
    }

    /// The 32-byte secret scalar (secret!).
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// assert_eq!(*SigningKey::from_seed(&[1; 32])?.to_bytes(), [1; 32]);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn to_bytes(&self) -> Zeroizing<[u8; SECRET_KEY_LEN]> {
        self.secret.clone()
    }

    /// RFC 6979 deterministic, low-S signature over a caller-given 32-byte digest.
    ///
    /// The digest must come from a cryptographic hash: signing attacker-chosen
    /// "digests" lets the attacker forge signatures on them.
    ///
    /// ```
    /// use zcrypto::hash::keccak256;
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let sk = SigningKey::from_seed(&[1; 32])?;
    /// let digest = keccak256(b"m");
    /// let sig = sk.sign_prehash(&digest)?;
    /// sk.verifying_key().verify_prehash(&digest, &sig)?;
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn sign_prehash(&self, prehash: &[u8; PREHASH_LEN]) -> Result<Signature, Error> {
        Ok(self.sign_prehash_recoverable(prehash)?.sig)
    }

    /// As [`SigningKey::sign_prehash`], with the recovery id (the signature is the same).
    ///
    /// ```
    /// use zcrypto::sig::{Signer, secp256k1::ecdsa::SigningKey};
    /// let sk = SigningKey::from_seed(&[1; 32])?;
    /// let rsig = sk.sign_prehash_recoverable(&[9; 32])?;
    /// assert_eq!(rsig.recover_prehash(&[9; 32])?, sk.verifying_key());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn sign_prehash_recoverable(
        &self,
        prehash: &[u8; PREHASH_LEN],
    ) -> Result<RecoverableSignature, Error> {
        let (bytes, v) = match &self.inner {
            SkInner::Portable(sk) => sk.sign_prehash(prehash)?,
            #[cfg(feature = "native")]
            SkInner::Native(sk) => sk.sign_prehash(prehash)?,
        };
        let sig = Signature::from_array(bytes).map_err(|_| Error::Internal)?;
        if !sig.low_s {
            return Err(Error::Internal);
        }
        // v ∈ {2, 3} means r overflowed n (probability ~2⁻¹²⁷); not representable.
        RecoverableSignature::new(sig, v).map_err(|_| Error::Internal)
    }
}

impl Signer for SigningKey {
    const ALGORITHM: Algorithm = Algorithm::EcdsaSecp256k1;
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

    /// RFC 6979 low-S signature over SHA-256(`message`). A non-empty context is
    /// [`Error::UnsupportedAlgorithm`].
    fn sign_with_context(&self, message: &[u8], context: &[u8]) -> Result<Signature, Error> {
        no_context(context)?;
        self.sign_prehash(&crate::hash::sha256(message))
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
    fn sign_verify_recover_every_backend() {
        for &backend in Backend::AVAILABLE {
            let sk = SigningKey::from_seed_with_backend(&[0x46; 32], backend).unwrap();
            let vk = sk.verifying_key();
            assert_eq!(vk.backend(), backend);
            let sig = sk.sign(b"abc").unwrap();
            vk.verify(b"abc", &sig).unwrap();
            assert_eq!(vk.verify(b"abd", &sig), Err(Error::InvalidSignature));
            assert_eq!(
                vk.verify_with_context(b"abc", b"ctx", &sig),
                Err(Error::UnsupportedAlgorithm)
            );
            let rsig = sk.sign_prehash_recoverable(&[5; 32]).unwrap();
            let back = rsig
                .recover_prehash_with_backend(&[5; 32], backend)
                .unwrap();
            assert_eq!(back, vk);
        }
    }

    #[test]
    fn high_s_is_policy_rejected_but_normalisable() {
        let sk = SigningKey::from_seed(&[3; 32]).unwrap();
        let vk = sk.verifying_key();
        let sig = sk.sign_prehash(&[1; 32]).unwrap();
        // n − s by normalising a signature whose s we negate through the portable code.
        let high = flip_s(&sig);
        assert!(!high.is_low_s());
        assert_eq!(high.normalize_s(), sig);
        assert_eq!(
            vk.verify_prehash(&[1; 32], &high),
            Err(Error::InvalidSignature)
        );
        vk.verify_prehash_allow_high_s(&[1; 32], &high).unwrap();
    }

    /// s → n − s on a low-S signature (test helper).
    fn flip_s(sig: &Signature) -> Signature {
        use k256::elliptic_curve::ff::PrimeField;
        let mut s = [0u8; 32];
        s.copy_from_slice(&sig.bytes[32..]);
        let s = k256::Scalar::from_repr(s.into()).unwrap();
        let mut bytes = sig.bytes;
        bytes[32..].copy_from_slice(&(-s).to_repr());
        Signature::from_array(bytes).unwrap()
    }
}
