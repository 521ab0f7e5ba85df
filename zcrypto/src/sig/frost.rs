//! FROST(Ed25519, SHA-512) threshold signatures (RFC 9591), on the ZF `frost-ed25519`
//! crate.
//!
//! `t` of `n` participants jointly produce one signature that is a **plain Ed25519
//! signature** under the group's public key: [`aggregate`] returns an
//! [`ed25519::Signature`] and [`PublicKeyPackage::verifying_key`] an
//! [`ed25519::VerifyingKey`], and the signature passes zcrypto's strict verification.
//!
//! ## Flow
//!
//! 1. **Keys.** A trusted dealer ([`dealer_keygen`] / [`dealer_split_with_rng`]) hands each
//!    participant a [`SecretShare`], which the participant checks and turns into its
//!    [`KeyPackage`] ([`KeyPackage::from_secret_share`]); or the participants run the
//!    three-part distributed key generation in [`dkg`] with no dealer. Either way the group
//!    publishes a [`PublicKeyPackage`].
//! 2. **Round 1.** Each signer calls [`commit`]: it keeps the secret [`SigningNonces`] and
//!    sends its [`SigningCommitments`] to the coordinator.
//! 3. The coordinator builds a [`SigningPackage`] (commitments + message).
//! 4. **Round 2.** Each signer calls [`sign`], which **consumes** its nonces, and sends the
//!    [`SignatureShare`] back.
//! 5. The coordinator calls [`aggregate`]. A wrong share is reported with the culprit's
//!    [`Identifier`] in a [`FrostError`].
//!
//! ```
//! use zcrypto::sig::{frost, Verifier};
//! let dealt = frost::dealer_keygen(2, 3)?; // 2-of-3
//! let keys: Vec<frost::KeyPackage> = dealt
//!     .shares
//!     .into_iter()
//!     .map(frost::KeyPackage::from_secret_share)
//!     .collect::<Result<_, _>>()?;
//! // Participants 1 and 3 sign.
//! let (nonces1, comm1) = frost::commit(&keys[0])?;
//! let (nonces3, comm3) = frost::commit(&keys[2])?;
//! let package = frost::SigningPackage::new(&[comm1, comm3], b"hello")?;
//! let share1 = frost::sign(&package, nonces1, &keys[0])?; // nonces1 is moved: used once
//! let share3 = frost::sign(&package, nonces3, &keys[2])?;
//! let sig = frost::aggregate(&package, &[share1, share3], &dealt.public_key_package)?;
//! // An ordinary, strictly valid Ed25519 signature.
//! dealt.public_key_package.verifying_key()?.verify(b"hello", &sig)?;
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! ## Nonces are used once
//!
//! [`SigningNonces`] is neither `Clone` nor `Copy`, and [`sign`] takes it by value, so a
//! nonce pair cannot sign twice in one process; it is zeroized when dropped. Reusing a nonce
//! pair for two messages reveals the signer's key share. Nonces can be written out between
//! the rounds ([`SigningNonces::into_secret_bytes`], which consumes them); whoever does that
//! must delete the copy after round 2, because the type system no longer protects it.
//!
//! ```compile_fail,E0382
//! # use zcrypto::sig::frost;
//! # fn f(p: &frost::SigningPackage, n: frost::SigningNonces, k: &frost::KeyPackage) {
//! let _ = frost::sign(p, n, k);
//! let _ = frost::sign(p, n, k); // error[E0382]: use of moved value: `n`
//! # }
//! ```
//!
//! ## Errors
//!
//! Every `frost-ed25519` error maps to a zcrypto [`Error`] (no FROST-specific codes):
//!
//! | frost error | [`Error`] |
//! |---|---|
//! | invalid signature share, invalid aggregate signature, malformed signature | [`Error::InvalidSignature`] (culprits in [`FrostError`]) |
//! | invalid secret share, invalid DKG proof of knowledge, malformed key or coefficient | [`Error::InvalidKey`] (culprit in [`FrostError`] when known) |
//! | malformed message bytes (bad header, scalar, point, identity element, trailing data) | [`Error::InvalidCiphertext`] |
//! | inconsistent message set: duplicated, unknown or missing participants, wrong number of shares / commitments / packages, commitment not matching the nonces | [`Error::InvalidCiphertext`] |
//! | unsupported parameters: `min_signers < 2`, `min_signers > max_signers`, identifier list of the wrong length | [`Error::UnsupportedAlgorithm`] |
//! | bad hex text | [`Error::InvalidEncoding`] |
//!
//! Functions that can blame a participant ([`aggregate`], [`KeyPackage::from_secret_share`],
//! [`dkg::part2`], [`dkg::part3`]) return [`FrostError`], which carries the [`Error`] and the
//! culprits; `?` converts it into a plain [`Error`].
//!
//! ## Wire formats
//!
//! Every message has `to_bytes` / `from_bytes` and `to_hex` / `from_hex`; decoding accepts
//! only the canonical encoding (frost's own decoder ignores trailing bytes). Types that
//! `frost-ed25519` serialises on its own use its format (a 1-byte version and the
//! ciphersuite's CRC-32 header, then the fields; the format of the ZF `frost` tools).
//! Messages that zcrypto tags with participants add them in front: [`SigningCommitments`]
//! and [`dkg::Round1Package`] are `identifier (32) ‖ frost bytes`, [`SignatureShare`] is
//! `identifier (32) ‖ share (32)`, [`dkg::Round2Package`] is
//! `sender (32) ‖ recipient (32) ‖ frost bytes`. With the `serde` feature every message
//! (except [`SigningNonces`]) also derives `Serialize` / `Deserialize` in the `frost`
//! crate's JSON shape (hex strings). Secrets (key packages, secret shares, DKG secrets,
//! round-2 DKG packages, nonces) come out as [`Zeroizing`] bytes.
//!
//! ## Randomness
//!
//! The plain functions use operating-system randomness (feature `std`); failures are
//! [`Error::RandomnessUnavailable`] and nothing made from the failed draw is returned. The
//! `_with_rng` variants take any [`rand_core`] 0.6 `RngCore + CryptoRng` (the version
//! `frost-ed25519` 3 uses, re-exported here), for `no_std` targets. Round-1 nonces are
//! hedged as RFC 9591 requires: `H3(random ‖ key share)`.

use core::fmt;
use std::collections::BTreeMap;

use frost_ed25519 as fr;
use zeroize::Zeroizing;

use super::{Encoding, ed25519};
use crate::{Backend, Error};

/// The `rand_core` version that `frost-ed25519` takes RNGs from (0.6).
pub use frost_ed25519::rand_core;
use rand_core::{CryptoRng, RngCore};

/// Length of an encoded [`Identifier`] (a little-endian scalar).
pub const IDENTIFIER_LEN: usize = 32;
/// Length of an encoded [`SignatureShare`]: identifier ‖ share.
pub const SIGNATURE_SHARE_LEN: usize = 64;

/// A zcrypto [`Error`] with the participants it blames.
///
/// [`Error`] is a `Copy` value with a fixed code table shared with the C ABI and bindings,
/// so it cannot carry a list; FROST errors that identify misbehaving participants (an
/// invalid signature share, secret share or DKG proof of knowledge) put them in
/// `culprits` instead. `culprits` is empty when nobody can be blamed (e.g. a duplicated
/// identifier in the coordinator's own input). `?` turns a `FrostError` into its [`Error`].
///
/// ```
/// use zcrypto::{sig::frost::{FrostError, Identifier}, Error};
/// let e = FrostError { error: Error::InvalidSignature, culprits: vec![Identifier::new(2)?] };
/// assert_eq!(Error::from(e.clone()), Error::InvalidSignature);
/// assert_eq!(e.to_string(), "invalid signature (culprits: 2)");
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrostError {
    /// The error, with its stable code.
    pub error: Error,
    /// The participants proven to have misbehaved, in identifier order.
    pub culprits: Vec<Identifier>,
}

impl From<Error> for FrostError {
    fn from(error: Error) -> Self {
        FrostError {
            error,
            culprits: Vec::new(),
        }
    }
}

impl From<FrostError> for Error {
    fn from(e: FrostError) -> Self {
        e.error
    }
}

impl fmt::Display for FrostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)?;
        if !self.culprits.is_empty() {
            f.write_str(" (culprits: ")?;
            for (i, c) in self.culprits.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{c}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl core::error::Error for FrostError {}

/// The zcrypto [`Error`] for a `frost-ed25519` error (table in the module docs).
fn map_error(e: &fr::Error) -> Error {
    use fr::{FieldError, GroupError};
    use frost_ed25519::Error as E;
    match e {
        E::InvalidSignatureShare { .. } | E::InvalidSignature | E::MalformedSignature => {
            Error::InvalidSignature
        }
        E::InvalidSecretShare { .. }
        | E::InvalidProofOfKnowledge { .. }
        | E::MalformedSigningKey
        | E::MalformedVerifyingKey
        | E::InvalidCoefficient => Error::InvalidKey,
        E::InvalidMinSigners
        | E::InvalidMaxSigners
        | E::InvalidCoefficients
        | E::IncorrectNumberOfIdentifiers
        | E::DKGNotSupported
        | E::IdentifierDerivationNotSupported => Error::UnsupportedAlgorithm,
        E::SerializationError => Error::Internal,
        E::MalformedIdentifier
        | E::DuplicatedIdentifier
        | E::UnknownIdentifier
        | E::DuplicatedShares
        | E::IncorrectNumberOfShares
        | E::IdentityCommitment
        | E::MissingCommitment
        | E::IncorrectCommitment
        | E::IncorrectNumberOfCommitments
        | E::PackageNotFound
        | E::IncorrectNumberOfPackages
        | E::IncorrectPackage
        | E::DeserializationError
        | E::FieldError(FieldError::MalformedScalar | FieldError::InvalidZeroScalar)
        | E::GroupError(
            GroupError::MalformedElement
            | GroupError::InvalidIdentityElement
            | GroupError::InvalidNonPrimeOrderElement,
        ) => Error::InvalidCiphertext,
        // `frost_core::Error` and its field/group errors are `#[non_exhaustive]`.
        _ => Error::Internal,
    }
}

fn frost_error(e: fr::Error) -> FrostError {
    let mut culprits: Vec<Identifier> = e.culprits().into_iter().map(Identifier).collect();
    culprits.sort();
    FrostError {
        error: map_error(&e),
        culprits,
    }
}

fn plain(e: fr::Error) -> Error {
    map_error(&e)
}

/// Malformed bytes of a message: always [`Error::InvalidCiphertext`].
fn decode_err(_: fr::Error) -> Error {
    Error::InvalidCiphertext
}

/// frost's decoder (postcard) ignores trailing bytes and accepts some non-minimal
/// encodings; zcrypto accepts only the canonical encoding: decode, re-encode, compare.
fn canonical<T>(
    bytes: &[u8],
    decode: impl FnOnce(&[u8]) -> Result<T, fr::Error>,
    encode: impl FnOnce(&T) -> Result<Vec<u8>, fr::Error>,
) -> Result<T, Error> {
    let value = decode(bytes).map_err(decode_err)?;
    let again = Zeroizing::new(encode(&value).map_err(decode_err)?);
    if again.as_slice() == bytes {
        Ok(value)
    } else {
        Err(Error::InvalidCiphertext)
    }
}

/// Serialising a validated value fails only on internal inconsistency.
fn encode_err(_: fr::Error) -> Error {
    Error::Internal
}

fn split_id(bytes: &[u8]) -> Result<(Identifier, &[u8]), Error> {
    if bytes.len() < IDENTIFIER_LEN {
        return Err(Error::InvalidLength {
            expected: IDENTIFIER_LEN,
            got: bytes.len(),
        });
    }
    let (id, rest) = bytes.split_at(IDENTIFIER_LEN);
    Ok((Identifier::from_bytes(id)?, rest))
}

fn hex_of(bytes: &[u8]) -> String {
    crate::encoding::to_hex(bytes)
}

fn secret_hex(bytes: &[u8]) -> Zeroizing<String> {
    Zeroizing::new(crate::encoding::to_hex(bytes))
}

fn from_hex_secret(hex: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    Ok(Zeroizing::new(crate::encoding::from_hex(hex)?))
}

// ---------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------

/// `rand_core` 0.6 adapter over zcrypto's OS randomness. `fill_bytes` cannot fail, so a
/// failure is recorded and everything computed from that draw is discarded by
/// [`with_os_rng`].
#[cfg(feature = "std")]
struct OsRng {
    failed: bool,
}

#[cfg(feature = "std")]
impl RngCore for OsRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        if crate::rand::fill(dest).is_err() {
            self.failed = true;
            dest.fill(0);
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        const CODE: core::num::NonZeroU32 = match core::num::NonZeroU32::new(1 << 31) {
            Some(c) => c,
            None => core::num::NonZeroU32::MIN,
        };
        self.fill_bytes(dest);
        if self.failed {
            Err(rand_core::Error::from(CODE))
        } else {
            Ok(())
        }
    }
}

#[cfg(feature = "std")]
impl CryptoRng for OsRng {}

/// Runs `f` with OS randomness; if any draw failed, its result is dropped.
#[cfg(feature = "std")]
fn with_os_rng<T, E: From<Error>>(f: impl FnOnce(&mut OsRng) -> Result<T, E>) -> Result<T, E> {
    let mut rng = OsRng { failed: false };
    let out = f(&mut rng);
    if rng.failed {
        return Err(Error::RandomnessUnavailable.into());
    }
    out
}

// ---------------------------------------------------------------------------------------
// Identifier
// ---------------------------------------------------------------------------------------

/// A participant identifier: a non-zero scalar, usually the small integers `1..=n`.
///
/// Encoded as the 32-byte little-endian scalar ([`IDENTIFIER_LEN`]); `Display` prints the
/// integer when it fits in a `u16`, the hex encoding otherwise.
///
/// ```
/// use zcrypto::sig::{frost::Identifier, Encoding};
/// let id = Identifier::new(3)?;
/// assert_eq!(id.to_string(), "3");
/// assert_eq!(id.to_hex(), format!("03{}", "00".repeat(31)));
/// assert_eq!(Identifier::from_bytes(&id.to_bytes())?, id);
/// assert_eq!(Identifier::new(0), Err(zcrypto::Error::InvalidKey));
/// // Zero and non-canonical scalars are refused on decoding.
/// assert_eq!(Identifier::from_bytes(&[0u8; 32]), Err(zcrypto::Error::InvalidCiphertext));
/// assert_eq!(Identifier::from_bytes(&[0xffu8; 32]), Err(zcrypto::Error::InvalidCiphertext));
/// // Identifiers can also be derived from names (not part of RFC 9591).
/// assert_ne!(Identifier::derive(b"alice")?, Identifier::derive(b"bob")?);
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Identifier(fr::Identifier);

impl Identifier {
    /// The identifier `n` (`n ≥ 1`; zero is [`Error::InvalidKey`]).
    pub fn new(n: u16) -> Result<Identifier, Error> {
        fr::Identifier::try_from(n)
            .map(Identifier)
            .map_err(|_| Error::InvalidKey)
    }

    /// An identifier derived by hashing `name` (frost's `Identifier::derive`, not in RFC 9591).
    pub fn derive(name: &[u8]) -> Result<Identifier, Error> {
        fr::Identifier::derive(name).map(Identifier).map_err(plain)
    }

    /// The identifier as a `u16` if it is one of `1..=65535`.
    pub fn to_u16(&self) -> Option<u16> {
        let bytes = self.0.serialize();
        if bytes[2..].iter().all(|&b| b == 0) {
            Some(u16::from_le_bytes([bytes[0], bytes[1]]))
        } else {
            None
        }
    }
}

impl Encoding for Identifier {
    /// Decodes a canonical, non-zero scalar; otherwise [`Error::InvalidCiphertext`].
    fn from_bytes(bytes: &[u8]) -> Result<Identifier, Error> {
        Error::check_len(IDENTIFIER_LEN, bytes.len())?;
        fr::Identifier::deserialize(bytes)
            .map(Identifier)
            .map_err(decode_err)
    }

    fn to_bytes(&self) -> Vec<u8> {
        self.0.serialize()
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_u16() {
            Some(n) => write!(f, "{n}"),
            None => f.write_str(&self.to_hex()),
        }
    }
}

impl fmt::Debug for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "frost::Identifier({self})")
    }
}

fn identifier_list(ids: &[Identifier]) -> Vec<fr::Identifier> {
    ids.iter().map(|i| i.0).collect()
}

// ---------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------

/// Shared by the byte/hex methods of the message types that frost serialises itself.
macro_rules! frost_public_encoding {
    ($ty:ident, $inner:ty) => {
        impl $ty {
            /// The encoding (frost's serialisation format).
            pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
                self.0.serialize().map_err(encode_err)
            }

            /// Decodes frost's serialisation format; malformed:
            /// [`Error::InvalidCiphertext`].
            pub fn from_bytes(bytes: &[u8]) -> Result<$ty, Error> {
                canonical(bytes, <$inner>::deserialize, |v| {
                    v.serialize().map(|b| b.to_vec())
                })
                .map($ty)
            }

            /// Lowercase hex of [`Self::to_bytes`].
            pub fn to_hex(&self) -> Result<String, Error> {
                Ok(hex_of(&self.to_bytes()?))
            }

            /// Decodes hex of [`Self::to_bytes`].
            pub fn from_hex(hex: &str) -> Result<$ty, Error> {
                Self::from_bytes(&crate::encoding::from_hex(hex)?)
            }
        }
    };
}

/// Byte/hex methods of secret types that frost serialises itself; outputs are zeroized.
macro_rules! frost_secret_encoding {
    ($ty:ident, $inner:ty) => {
        impl $ty {
            /// The encoding (frost's serialisation format). Secret!
            pub fn to_bytes(&self) -> Result<Zeroizing<Vec<u8>>, Error> {
                self.0.serialize().map(Zeroizing::new).map_err(encode_err)
            }

            /// Decodes frost's serialisation format; malformed:
            /// [`Error::InvalidCiphertext`].
            pub fn from_bytes(bytes: &[u8]) -> Result<$ty, Error> {
                canonical(bytes, <$inner>::deserialize, |v| {
                    v.serialize().map(|b| b.to_vec())
                })
                .map($ty)
            }

            /// Lowercase hex of [`Self::to_bytes`]. Secret!
            pub fn to_hex(&self) -> Result<Zeroizing<String>, Error> {
                Ok(secret_hex(&self.to_bytes()?))
            }

            /// Decodes hex of [`Self::to_bytes`].
            pub fn from_hex(hex: &str) -> Result<$ty, Error> {
                Self::from_bytes(&from_hex_secret(hex)?)
            }
        }
    };
}

/// A participant's share from a trusted dealer, with the dealer's commitment to the
/// sharing polynomial so the participant can check it. Secret; send it over a private,
/// authenticated channel. Zeroized on drop.
///
/// ```
/// use zcrypto::sig::frost::{dealer_keygen, SecretShare};
/// let dealt = dealer_keygen(2, 3)?;
/// let bytes = dealt.shares[0].to_bytes()?;
/// assert_eq!(SecretShare::from_bytes(&bytes)?.identifier(), dealt.shares[0].identifier());
/// assert!(!format!("{:?}", dealt.shares[0]).contains(&dealt.shares[0].to_hex()?[..]));
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct SecretShare(fr::keys::SecretShare);

frost_secret_encoding!(SecretShare, fr::keys::SecretShare);

impl SecretShare {
    /// The participant this share belongs to.
    pub fn identifier(&self) -> Identifier {
        Identifier(*self.0.identifier())
    }
}

impl fmt::Debug for SecretShare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("frost::SecretShare")
            .field("identifier", &self.identifier())
            .finish_non_exhaustive()
    }
}

/// A participant's long-lived signing material: identifier, secret signing share, its
/// public verifying share, the group key and the threshold. Zeroized on drop; `Debug`
/// hides the share.
///
/// ```
/// use zcrypto::sig::{frost::{dealer_keygen, KeyPackage}, Encoding};
/// let dealt = dealer_keygen(2, 3)?;
/// let kp = KeyPackage::from_secret_share(dealt.shares[1].clone())?;
/// assert_eq!(kp.identifier().to_string(), "2");
/// assert_eq!(kp.min_signers(), 2);
/// assert_eq!(kp.verifying_key()?, dealt.public_key_package.verifying_key()?);
/// assert_eq!(KeyPackage::from_hex(&kp.to_hex()?)?, kp);
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct KeyPackage(fr::keys::KeyPackage);

frost_secret_encoding!(KeyPackage, fr::keys::KeyPackage);

impl KeyPackage {
    /// Checks a dealer's [`SecretShare`] against the dealer's polynomial commitment and
    /// makes the key package. A share that does not match:
    /// [`Error::InvalidKey`] (the dealer is to blame; `culprits` is empty).
    pub fn from_secret_share(share: SecretShare) -> Result<KeyPackage, FrostError> {
        fr::keys::KeyPackage::try_from(share.0.clone())
            .map(KeyPackage)
            .map_err(frost_error)
    }

    /// This participant's identifier.
    pub fn identifier(&self) -> Identifier {
        Identifier(*self.0.identifier())
    }

    /// The threshold `t`: how many participants must sign.
    pub fn min_signers(&self) -> u16 {
        *self.0.min_signers()
    }

    /// The group's public key, as a plain Ed25519 key (default backend).
    pub fn verifying_key(&self) -> Result<ed25519::VerifyingKey, Error> {
        group_key(self.0.verifying_key(), Backend::default())
    }

    /// This participant's public verifying share (`share · B`), 32 bytes.
    pub fn verifying_share(&self) -> Result<[u8; 32], Error> {
        crate::util::array(&self.0.verifying_share().serialize().map_err(encode_err)?)
    }

    /// The secret signing share, 32 bytes little-endian. Secret!
    pub fn signing_share(&self) -> Zeroizing<[u8; 32]> {
        let bytes = Zeroizing::new(self.0.signing_share().serialize());
        let mut out = Zeroizing::new([0u8; 32]);
        if bytes.len() == 32 {
            out.copy_from_slice(&bytes);
        }
        out
    }
}

impl fmt::Debug for KeyPackage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("frost::KeyPackage")
            .field("identifier", &self.identifier())
            .field("min_signers", &self.min_signers())
            .finish_non_exhaustive()
    }
}

fn group_key(vk: &fr::VerifyingKey, backend: Backend) -> Result<ed25519::VerifyingKey, Error> {
    let bytes = vk.serialize().map_err(encode_err)?;
    ed25519::VerifyingKey::from_bytes_with_backend(&bytes, backend)
}

/// The group's public data: the group verifying key, every participant's verifying
/// share, and the threshold. Public; the coordinator needs it to aggregate.
///
/// ```
/// use zcrypto::sig::frost::{dealer_keygen, PublicKeyPackage};
/// use zcrypto::Backend;
/// let dealt = dealer_keygen(2, 3)?;
/// let pkp = &dealt.public_key_package;
/// assert_eq!(pkp.min_signers(), Some(2));
/// assert_eq!(pkp.identifiers().len(), 3);
/// assert!(pkp.verifying_key()?.is_strict());
/// let portable = pkp.verifying_key_with_backend(Backend::Portable)?;
/// assert_eq!(portable, pkp.verifying_key()?);
/// assert_eq!(&PublicKeyPackage::from_bytes(&pkp.to_bytes()?)?, pkp);
/// assert!(PublicKeyPackage::from_bytes(b"junk").is_err());
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct PublicKeyPackage(fr::keys::PublicKeyPackage);

frost_public_encoding!(PublicKeyPackage, fr::keys::PublicKeyPackage);

impl PublicKeyPackage {
    /// The group public key as a plain Ed25519 key on the default backend.
    pub fn verifying_key(&self) -> Result<ed25519::VerifyingKey, Error> {
        group_key(self.0.verifying_key(), Backend::default())
    }

    /// The group public key on a chosen backend ([`Error::UnsupportedAlgorithm`] if it is
    /// not compiled in).
    pub fn verifying_key_with_backend(
        &self,
        backend: Backend,
    ) -> Result<ed25519::VerifyingKey, Error> {
        group_key(self.0.verifying_key(), backend)
    }

    /// The threshold, when recorded (frost packages from before v2 may lack it).
    pub fn min_signers(&self) -> Option<u16> {
        self.0.min_signers()
    }

    /// The participants, in identifier order.
    pub fn identifiers(&self) -> Vec<Identifier> {
        self.0
            .verifying_shares()
            .keys()
            .map(|&i| Identifier(i))
            .collect()
    }

    /// The verifying share (32-byte point) of `identifier`, if it is a participant.
    pub fn verifying_share(&self, identifier: Identifier) -> Option<[u8; 32]> {
        let share = self.0.verifying_shares().get(&identifier.0)?;
        crate::util::array(&share.serialize().ok()?).ok()
    }
}

/// What a trusted dealer produces: one [`SecretShare`] per participant (in identifier
/// order) and the group's [`PublicKeyPackage`].
#[derive(Debug)]
pub struct DealerOutput {
    /// One secret share per participant, to be sent privately.
    pub shares: Vec<SecretShare>,
    /// The group's public data.
    pub public_key_package: PublicKeyPackage,
}

/// A trusted dealer: a fresh group key split `min_signers`-of-`max_signers`, identifiers
/// `1..=max_signers`, OS randomness. The dealer learns the group secret; prefer [`dkg`]
/// when no party may hold it. `min_signers < 2` or `> max_signers`:
/// [`Error::UnsupportedAlgorithm`].
///
/// ```
/// let dealt = zcrypto::sig::frost::dealer_keygen(3, 5)?;
/// assert_eq!(dealt.shares.len(), 5);
/// assert_eq!(zcrypto::sig::frost::dealer_keygen(1, 5).err(), Some(zcrypto::Error::UnsupportedAlgorithm));
/// assert_eq!(zcrypto::sig::frost::dealer_keygen(4, 3).err(), Some(zcrypto::Error::UnsupportedAlgorithm));
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[cfg(feature = "std")]
pub fn dealer_keygen(min_signers: u16, max_signers: u16) -> Result<DealerOutput, Error> {
    with_os_rng(|rng| dealer_keygen_with_rng(min_signers, max_signers, None, rng))
}

/// As [`dealer_keygen`] with a caller-given RNG and optionally custom identifiers
/// (`identifiers.len()` must be `max_signers`, all distinct).
///
/// ```
/// use zcrypto::sig::frost::{dealer_keygen_with_rng, Identifier, rand_core::{CryptoRng, RngCore}};
/// # struct Os; impl RngCore for Os { fn next_u32(&mut self) -> u32 { 4 } fn next_u64(&mut self) -> u64 { 4 }
/// #   fn fill_bytes(&mut self, d: &mut [u8]) { zcrypto::rand::fill(d).unwrap() }
/// #   fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), zcrypto::sig::frost::rand_core::Error> { self.fill_bytes(d); Ok(()) } }
/// # impl CryptoRng for Os {}
/// let ids = [Identifier::derive(b"alice")?, Identifier::derive(b"bob")?];
/// let dealt = dealer_keygen_with_rng(2, 2, Some(&ids), &mut Os)?;
/// assert!(dealt.shares.iter().all(|s| ids.contains(&s.identifier())));
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn dealer_keygen_with_rng<R: RngCore + CryptoRng>(
    min_signers: u16,
    max_signers: u16,
    identifiers: Option<&[Identifier]>,
    rng: &mut R,
) -> Result<DealerOutput, Error> {
    let ids = identifiers.map(identifier_list);
    let list = match &ids {
        Some(ids) => fr::keys::IdentifierList::Custom(ids),
        None => fr::keys::IdentifierList::Default,
    };
    let (shares, pkp) =
        fr::keys::generate_with_dealer(max_signers, min_signers, list, &mut *rng).map_err(plain)?;
    Ok(DealerOutput {
        shares: shares.into_values().map(SecretShare).collect(),
        public_key_package: PublicKeyPackage(pkp),
    })
}

/// A trusted dealer splitting an existing group secret (a 32-byte little-endian scalar,
/// canonical and non-zero, else [`Error::InvalidKey`]); the RNG draws the polynomial
/// coefficients. Used to reproduce the RFC 9591 test vectors.
///
/// ```
/// use zcrypto::sig::{frost::{dealer_split_with_rng, rand_core::{CryptoRng, RngCore}}, Encoding};
/// // RFC 9591 E.1: the polynomial's one coefficient comes from this "RNG".
/// struct Fixed([u8; 64]);
/// impl RngCore for Fixed {
///     fn next_u32(&mut self) -> u32 { unimplemented!() }
///     fn next_u64(&mut self) -> u64 { unimplemented!() }
///     fn fill_bytes(&mut self, d: &mut [u8]) { d.copy_from_slice(&self.0[..d.len()]) }
///     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), zcrypto::sig::frost::rand_core::Error> {
///         self.fill_bytes(d); Ok(())
///     }
/// }
/// impl CryptoRng for Fixed {}
/// let unhex = zcrypto::encoding::from_hex;
/// let secret = unhex("7b1c33d3f5291d85de664833beb1ad469f7fb6025a0ec78b3a790c6e13a98304")?;
/// let mut coeff = [0u8; 64];
/// coeff[..32].copy_from_slice(&unhex("178199860edd8c62f5212ee91eff1295d0d670ab4ed4506866bae57e7030b204")?);
/// let dealt = dealer_split_with_rng(&secret, 2, 3, None, &mut Fixed(coeff))?;
/// assert_eq!(
///     dealt.public_key_package.verifying_key()?.to_hex(),
///     "15d21ccd7ee42959562fc8aa63224c8851fb3ec85a3faf66040d380fb9738673"
/// );
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn dealer_split_with_rng<R: RngCore + CryptoRng>(
    group_secret: &[u8],
    min_signers: u16,
    max_signers: u16,
    identifiers: Option<&[Identifier]>,
    rng: &mut R,
) -> Result<DealerOutput, Error> {
    Error::check_len(32, group_secret.len())?;
    let key = fr::SigningKey::deserialize(group_secret).map_err(|_| Error::InvalidKey)?;
    let ids = identifiers.map(identifier_list);
    let list = match &ids {
        Some(ids) => fr::keys::IdentifierList::Custom(ids),
        None => fr::keys::IdentifierList::Default,
    };
    let (shares, pkp) =
        fr::keys::split(&key, max_signers, min_signers, list, rng).map_err(plain)?;
    Ok(DealerOutput {
        shares: shares.into_values().map(SecretShare).collect(),
        public_key_package: PublicKeyPackage(pkp),
    })
}

// ---------------------------------------------------------------------------------------
// Round 1
// ---------------------------------------------------------------------------------------

/// A signer's secret round-1 nonces (hiding and binding). Not `Clone`: [`sign`] consumes
/// them, so one pair signs at most once. Zeroized on drop; `Debug` hides them.
pub struct SigningNonces(fr::round1::SigningNonces);

impl SigningNonces {
    /// Consumes the nonces into frost's serialisation, to keep them between rounds in
    /// another process. **The caller must make sure the bytes are used for one [`sign`]
    /// at most and then destroyed**: a nonce pair used for two messages reveals the key
    /// share.
    ///
    /// ```
    /// use zcrypto::sig::frost::{commit, dealer_keygen, KeyPackage, SigningNonces};
    /// let dealt = dealer_keygen(2, 2)?;
    /// let kp = KeyPackage::from_secret_share(dealt.shares[0].clone())?;
    /// let (nonces, commitments) = commit(&kp)?;
    /// let saved = nonces.into_secret_bytes()?; // `nonces` is gone
    /// let nonces = SigningNonces::from_secret_bytes(&saved)?;
    /// assert_eq!(
    ///     zcrypto::encoding::to_hex(&nonces.commitments()?),
    ///     commitments.hiding_hex()? + &commitments.binding_hex()?
    /// );
    /// assert!(SigningNonces::from_secret_bytes(&saved[1..]).is_err());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn into_secret_bytes(self) -> Result<Zeroizing<Vec<u8>>, Error> {
        self.0.serialize().map(Zeroizing::new).map_err(encode_err)
    }

    /// Decodes [`SigningNonces::into_secret_bytes`]; malformed: [`Error::InvalidCiphertext`].
    pub fn from_secret_bytes(bytes: &[u8]) -> Result<SigningNonces, Error> {
        canonical(
            bytes,
            fr::round1::SigningNonces::deserialize,
            fr::round1::SigningNonces::serialize,
        )
        .map(SigningNonces)
    }

    /// The public commitments to these nonces (without an identifier).
    fn commitments_inner(&self) -> fr::round1::SigningCommitments {
        *self.0.commitments()
    }

    /// The commitments (hiding ‖ binding points, 64 bytes) to these nonces.
    pub fn commitments(&self) -> Result<[u8; 64], Error> {
        let c = self.commitments_inner();
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&c.hiding().serialize().map_err(encode_err)?);
        out[32..].copy_from_slice(&c.binding().serialize().map_err(encode_err)?);
        Ok(out)
    }
}

impl fmt::Debug for SigningNonces {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("frost::SigningNonces(..)")
    }
}

/// A signer's public round-1 message: its identifier and the commitments to its hiding
/// and binding nonces.
///
/// ```
/// use zcrypto::sig::frost::{commit, dealer_keygen, KeyPackage, SigningCommitments};
/// let dealt = dealer_keygen(2, 2)?;
/// let kp = KeyPackage::from_secret_share(dealt.shares[0].clone())?;
/// let (_nonces, c) = commit(&kp)?;
/// assert_eq!(c.identifier(), kp.identifier());
/// assert_eq!(SigningCommitments::from_hex(&c.to_hex()?)?, c);
/// assert_eq!(c.hiding_hex()?.len(), 64);
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SigningCommitments {
    identifier: Identifier,
    commitments: fr::round1::SigningCommitments,
}

impl SigningCommitments {
    /// Builds the message from an identifier and the two 32-byte commitment points (for
    /// test vectors and foreign formats); invalid or identity points:
    /// [`Error::InvalidCiphertext`].
    pub fn from_parts(
        identifier: Identifier,
        hiding: &[u8],
        binding: &[u8],
    ) -> Result<SigningCommitments, Error> {
        let hiding = fr::round1::NonceCommitment::deserialize(hiding).map_err(decode_err)?;
        let binding = fr::round1::NonceCommitment::deserialize(binding).map_err(decode_err)?;
        Ok(SigningCommitments {
            identifier,
            commitments: fr::round1::SigningCommitments::new(hiding, binding),
        })
    }

    /// The signer.
    pub fn identifier(&self) -> Identifier {
        self.identifier
    }

    /// Hex of the hiding-nonce commitment point.
    pub fn hiding_hex(&self) -> Result<String, Error> {
        Ok(hex_of(
            &self.commitments.hiding().serialize().map_err(encode_err)?,
        ))
    }

    /// Hex of the binding-nonce commitment point.
    pub fn binding_hex(&self) -> Result<String, Error> {
        Ok(hex_of(
            &self.commitments.binding().serialize().map_err(encode_err)?,
        ))
    }

    /// `identifier (32) ‖ frost bytes`.
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let mut out = self.identifier.to_bytes();
        out.extend_from_slice(&self.commitments.serialize().map_err(encode_err)?);
        Ok(out)
    }

    /// Decodes [`SigningCommitments::to_bytes`]; malformed: [`Error::InvalidCiphertext`]
    /// (shorter than an identifier: [`Error::InvalidLength`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<SigningCommitments, Error> {
        let (identifier, rest) = split_id(bytes)?;
        let commitments = canonical(
            rest,
            fr::round1::SigningCommitments::deserialize,
            fr::round1::SigningCommitments::serialize,
        )?;
        Ok(SigningCommitments {
            identifier,
            commitments,
        })
    }

    /// Lowercase hex of [`SigningCommitments::to_bytes`].
    pub fn to_hex(&self) -> Result<String, Error> {
        Ok(hex_of(&self.to_bytes()?))
    }

    /// Decodes hex of [`SigningCommitments::to_bytes`].
    pub fn from_hex(hex: &str) -> Result<SigningCommitments, Error> {
        Self::from_bytes(&crate::encoding::from_hex(hex)?)
    }
}

/// Round 1: fresh nonces from OS randomness (hedged with the key share, RFC 9591 §5.1).
/// Keep the [`SigningNonces`] secret; send the [`SigningCommitments`] to the coordinator.
///
/// ```
/// use zcrypto::sig::frost::{commit, dealer_keygen, KeyPackage};
/// let dealt = dealer_keygen(2, 2)?;
/// let kp = KeyPackage::from_secret_share(dealt.shares[0].clone())?;
/// let (_n1, c1) = commit(&kp)?;
/// let (_n2, c2) = commit(&kp)?;
/// assert_ne!(c1, c2); // fresh every time
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[cfg(feature = "std")]
pub fn commit(key_package: &KeyPackage) -> Result<(SigningNonces, SigningCommitments), Error> {
    with_os_rng(|rng| Ok(commit_with_rng(key_package, rng)))
}

/// As [`commit`] with a caller-given RNG: the hiding nonce is `H3(32 RNG bytes ‖ share)`,
/// then the binding nonce likewise (an RNG replaying the RFC 9591 "nonce randomness"
/// reproduces its vectors).
pub fn commit_with_rng<R: RngCore + CryptoRng>(
    key_package: &KeyPackage,
    rng: &mut R,
) -> (SigningNonces, SigningCommitments) {
    let (nonces, commitments) = fr::round1::commit(key_package.0.signing_share(), rng);
    (
        SigningNonces(nonces),
        SigningCommitments {
            identifier: key_package.identifier(),
            commitments,
        },
    )
}

// ---------------------------------------------------------------------------------------
// Signing package, round 2, aggregation
// ---------------------------------------------------------------------------------------

/// The coordinator's round-2 request: the chosen signers' commitments and the message.
///
/// ```
/// use zcrypto::sig::frost::{commit, dealer_keygen, KeyPackage, SigningPackage};
/// let dealt = dealer_keygen(2, 2)?;
/// let kp = KeyPackage::from_secret_share(dealt.shares[0].clone())?;
/// let (_n, c) = commit(&kp)?;
/// // The same participant twice: refused.
/// assert_eq!(SigningPackage::new(&[c, c], b"m").err(), Some(zcrypto::Error::InvalidCiphertext));
/// let p = SigningPackage::new(&[c], b"m")?;
/// assert_eq!(p.message(), b"m");
/// assert_eq!(p.signers(), vec![kp.identifier()]);
/// assert_eq!(SigningPackage::from_hex(&p.to_hex()?)?, p);
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct SigningPackage(fr::SigningPackage);

frost_public_encoding!(SigningPackage, fr::SigningPackage);

impl SigningPackage {
    /// Collects the signers' commitments for `message`. A participant listed twice, or
    /// no commitments: [`Error::InvalidCiphertext`]. (Too few signers for the threshold
    /// is caught by [`sign`] and [`aggregate`], which know it.)
    pub fn new(
        commitments: &[SigningCommitments],
        message: &[u8],
    ) -> Result<SigningPackage, Error> {
        if commitments.is_empty() {
            return Err(Error::InvalidCiphertext);
        }
        let mut map = BTreeMap::new();
        for c in commitments {
            if map.insert(c.identifier.0, c.commitments).is_some() {
                return Err(Error::InvalidCiphertext);
            }
        }
        Ok(SigningPackage(fr::SigningPackage::new(map, message)))
    }

    /// The message to be signed.
    pub fn message(&self) -> &[u8] {
        self.0.message()
    }

    /// The signers, in identifier order.
    pub fn signers(&self) -> Vec<Identifier> {
        self.0
            .signing_commitments()
            .keys()
            .map(|&i| Identifier(i))
            .collect()
    }
}

/// A signer's round-2 output: its identifier and its share `z_i` of the signature.
///
/// ```
/// use zcrypto::sig::{frost::SignatureShare, Encoding};
/// let mut bytes = [0u8; 64];
/// bytes[0] = 1; // identifier 1, share 0
/// let share = SignatureShare::from_bytes(&bytes)?;
/// assert_eq!(share.identifier().to_string(), "1");
/// assert_eq!(share.to_bytes(), bytes);
/// bytes[63] = 0xff; // share ≥ L
/// assert_eq!(SignatureShare::from_bytes(&bytes), Err(zcrypto::Error::InvalidCiphertext));
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SignatureShare {
    identifier: Identifier,
    share: fr::round2::SignatureShare,
}

impl SignatureShare {
    /// The signer.
    pub fn identifier(&self) -> Identifier {
        self.identifier
    }

    /// The share `z_i`, a 32-byte little-endian scalar.
    pub fn share_bytes(&self) -> Vec<u8> {
        self.share.serialize()
    }
}

impl Encoding for SignatureShare {
    /// Decodes `identifier ‖ share` ([`SIGNATURE_SHARE_LEN`] bytes); a zero identifier
    /// or a non-canonical scalar: [`Error::InvalidCiphertext`].
    fn from_bytes(bytes: &[u8]) -> Result<SignatureShare, Error> {
        Error::check_len(SIGNATURE_SHARE_LEN, bytes.len())?;
        let (identifier, rest) = split_id(bytes)?;
        let share = fr::round2::SignatureShare::deserialize(rest).map_err(decode_err)?;
        Ok(SignatureShare { identifier, share })
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.identifier.to_bytes();
        out.extend_from_slice(&self.share.serialize());
        out
    }
}

/// Round 2: signs `signing_package` with this participant's key share, **consuming** its
/// round-1 nonces (zeroized when this returns, successful or not).
///
/// Errors ([`Error::InvalidCiphertext`]): the package has fewer signers than the
/// threshold, lacks this participant, or holds a commitment that does not match `nonces`.
/// A signer should also check that it agrees to sign [`SigningPackage::message`].
pub fn sign(
    signing_package: &SigningPackage,
    nonces: SigningNonces,
    key_package: &KeyPackage,
) -> Result<SignatureShare, Error> {
    let share = fr::round2::sign(&signing_package.0, &nonces.0, &key_package.0).map_err(plain)?;
    drop(nonces);
    Ok(SignatureShare {
        identifier: key_package.identifier(),
        share,
    })
}

/// Aggregates the signature shares into the group's Ed25519 signature and verifies it.
///
/// If it does not verify, each share is checked and the first invalid one is reported:
/// [`Error::InvalidSignature`] with its signer in [`FrostError::culprits`]. The shares'
/// signers must be exactly the signers of `signing_package` (else
/// [`Error::InvalidCiphertext`]: missing, extra, duplicated or unknown participants, or
/// fewer than the threshold), each listed once.
///
/// ```
/// use zcrypto::sig::frost::*;
/// use zcrypto::sig::Encoding;
/// let dealt = dealer_keygen(2, 2)?;
/// let k: Vec<KeyPackage> = dealt.shares.into_iter().map(KeyPackage::from_secret_share).collect::<Result<_, _>>()?;
/// let (n1, c1) = commit(&k[0])?;
/// let (n2, c2) = commit(&k[1])?;
/// let p = SigningPackage::new(&[c1, c2], b"msg")?;
/// let s1 = sign(&p, n1, &k[0])?;
/// let mut bad = sign(&p, n2, &k[1])?.to_bytes();
/// bad[32] ^= 1; // corrupt participant 2's share
/// let bad = SignatureShare::from_bytes(&bad)?;
/// let err = aggregate(&p, &[s1, bad], &dealt.public_key_package).unwrap_err();
/// assert_eq!(err.error, zcrypto::Error::InvalidSignature);
/// assert_eq!(err.culprits, vec![k[1].identifier()]);
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn aggregate(
    signing_package: &SigningPackage,
    shares: &[SignatureShare],
    public_key_package: &PublicKeyPackage,
) -> Result<ed25519::Signature, FrostError> {
    let mut map = BTreeMap::new();
    for s in shares {
        if map.insert(s.identifier.0, s.share).is_some() {
            return Err(Error::InvalidCiphertext.into());
        }
    }
    let sig =
        fr::aggregate(&signing_package.0, &map, &public_key_package.0).map_err(frost_error)?;
    let bytes = sig.serialize().map_err(encode_err)?;
    Ok(ed25519::Signature::from_bytes(&bytes)?)
}

// ---------------------------------------------------------------------------------------
// DKG
// ---------------------------------------------------------------------------------------

pub mod dkg {
    //! Distributed key generation (FROST's Pedersen DKG with proofs of knowledge, RFC 9591
    //! Appendix C's alternative to the trusted dealer): no party ever holds the group
    //! secret.
    //!
    //! 1. Everyone runs [`part1`], keeps the [`Round1Secret`] and **broadcasts** the
    //!    [`Round1Package`] (everyone must see the same packages).
    //! 2. With everyone's round-1 packages, everyone runs [`part2`], keeps the
    //!    [`Round2Secret`] and sends each [`Round2Package`] **privately** to its
    //!    [`Round2Package::recipient`].
    //! 3. With the round-1 packages and the round-2 packages addressed to it, everyone runs
    //!    [`part3`] and gets its [`KeyPackage`] and the common [`PublicKeyPackage`].
    //!
    //! A forged proof of knowledge ([`part2`]) or a share that does not match its sender's
    //! commitment ([`part3`]) fails with [`Error::InvalidKey`] and the sender in
    //! [`FrostError::culprits`].
    //!
    //! ```
    //! use zcrypto::sig::frost::{dkg, Identifier};
    //! let ids: Vec<Identifier> = (1..=3).map(Identifier::new).collect::<Result<_, _>>()?;
    //! let (secrets1, round1): (Vec<_>, Vec<_>) = ids
    //!     .iter()
    //!     .map(|&id| dkg::part1(id, 2, 3))
    //!     .collect::<Result<Vec<_>, _>>()?
    //!     .into_iter()
    //!     .unzip();
    //! let mut secrets2 = Vec::new();
    //! let mut round2 = Vec::new();
    //! for s in secrets1 {
    //!     let (s2, packages) = dkg::part2(s, &round1)?; // its own package is skipped
    //!     secrets2.push(s2);
    //!     round2.extend(packages);
    //! }
    //! let mut group_keys = Vec::new();
    //! for s in &secrets2 {
    //!     let (key_package, public) = dkg::part3(s, &round1, &round2)?; // picks its own mail
    //!     assert_eq!(key_package.identifier(), s.identifier());
    //!     group_keys.push(public.verifying_key()?);
    //! }
    //! assert!(group_keys.windows(2).all(|w| w[0] == w[1]));
    //! # Ok::<(), zcrypto::Error>(())
    //! ```

    use super::*;
    use fr::keys::dkg as fd;

    /// A participant's secret state between [`part1`] and [`part2`]. Zeroized on drop.
    #[derive(Clone, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
    #[cfg_attr(feature = "serde", serde(transparent))]
    pub struct Round1Secret(fd::round1::SecretPackage);

    frost_secret_encoding!(Round1Secret, fd::round1::SecretPackage);

    impl Round1Secret {
        /// The participant.
        pub fn identifier(&self) -> Identifier {
            Identifier(*self.0.identifier())
        }
    }

    impl fmt::Debug for Round1Secret {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("frost::dkg::Round1Secret")
                .field("identifier", &self.identifier())
                .finish_non_exhaustive()
        }
    }

    /// A participant's broadcast round-1 message: the commitment to its secret polynomial
    /// and a proof of knowledge of its constant term.
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
    pub struct Round1Package {
        identifier: Identifier,
        package: fd::round1::Package,
    }

    impl Round1Package {
        /// Builds the message from its parts (for test vectors and foreign formats): the
        /// `min_signers` 32-byte commitment points and the 64-byte proof `R ‖ μ`.
        /// Malformed: [`Error::InvalidCiphertext`].
        pub fn from_parts(
            identifier: Identifier,
            commitments: &[&[u8]],
            proof_of_knowledge: &[u8],
        ) -> Result<Round1Package, Error> {
            let commitment = fr::keys::VerifiableSecretSharingCommitment::deserialize(
                commitments.iter().map(|c| c.to_vec()),
            )
            .map_err(decode_err)?;
            let proof = fr::Signature::deserialize(proof_of_knowledge).map_err(decode_err)?;
            Ok(Round1Package {
                identifier,
                package: fd::round1::Package::new(commitment, proof),
            })
        }

        /// The sender.
        pub fn identifier(&self) -> Identifier {
            self.identifier
        }

        /// Hex of each polynomial commitment point, constant term first.
        pub fn commitment_hex(&self) -> Result<Vec<String>, Error> {
            let parts = self.package.commitment().serialize().map_err(encode_err)?;
            Ok(parts.iter().map(|p| hex_of(p)).collect())
        }

        /// `identifier (32) ‖ frost bytes`.
        pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
            let mut out = self.identifier.to_bytes();
            out.extend_from_slice(&self.package.serialize().map_err(encode_err)?);
            Ok(out)
        }

        /// Decodes [`Round1Package::to_bytes`]; malformed: [`Error::InvalidCiphertext`].
        pub fn from_bytes(bytes: &[u8]) -> Result<Round1Package, Error> {
            let (identifier, rest) = split_id(bytes)?;
            let package = canonical(
                rest,
                fd::round1::Package::deserialize,
                fd::round1::Package::serialize,
            )?;
            Ok(Round1Package {
                identifier,
                package,
            })
        }

        /// Lowercase hex of [`Round1Package::to_bytes`].
        pub fn to_hex(&self) -> Result<String, Error> {
            Ok(hex_of(&self.to_bytes()?))
        }

        /// Decodes hex of [`Round1Package::to_bytes`].
        pub fn from_hex(hex: &str) -> Result<Round1Package, Error> {
            Self::from_bytes(&crate::encoding::from_hex(hex)?)
        }
    }

    /// A participant's secret state between [`part2`] and [`part3`]. Zeroized on drop.
    #[derive(Clone, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
    #[cfg_attr(feature = "serde", serde(transparent))]
    pub struct Round2Secret(fd::round2::SecretPackage);

    frost_secret_encoding!(Round2Secret, fd::round2::SecretPackage);

    impl Round2Secret {
        /// The participant.
        pub fn identifier(&self) -> Identifier {
            Identifier(*self.0.identifier())
        }
    }

    impl fmt::Debug for Round2Secret {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("frost::dkg::Round2Secret")
                .field("identifier", &self.identifier())
                .finish_non_exhaustive()
        }
    }

    /// A private round-2 message from `sender` to `recipient`: the sender's polynomial
    /// evaluated at the recipient. Secret; send it over a private, authenticated channel.
    /// Zeroized on drop.
    #[derive(Clone, PartialEq, Eq)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
    pub struct Round2Package {
        sender: Identifier,
        recipient: Identifier,
        package: fd::round2::Package,
    }

    impl Round2Package {
        /// Builds the message from its parts (for test vectors and foreign formats): the
        /// 32-byte share. Malformed: [`Error::InvalidCiphertext`].
        pub fn from_parts(
            sender: Identifier,
            recipient: Identifier,
            share: &[u8],
        ) -> Result<Round2Package, Error> {
            let share = fr::keys::SigningShare::deserialize(share).map_err(decode_err)?;
            Ok(Round2Package {
                sender,
                recipient,
                package: fd::round2::Package::new(share),
            })
        }

        /// The sender.
        pub fn sender(&self) -> Identifier {
            self.sender
        }

        /// The recipient.
        pub fn recipient(&self) -> Identifier {
            self.recipient
        }

        /// The share, 32 bytes little-endian. Secret!
        pub fn share_bytes(&self) -> Zeroizing<Vec<u8>> {
            Zeroizing::new(self.package.signing_share().serialize())
        }

        /// `sender (32) ‖ recipient (32) ‖ frost bytes`. Secret!
        pub fn to_bytes(&self) -> Result<Zeroizing<Vec<u8>>, Error> {
            let mut out = Zeroizing::new(self.sender.to_bytes());
            out.extend_from_slice(&self.recipient.to_bytes());
            out.extend_from_slice(&Zeroizing::new(
                self.package.serialize().map_err(encode_err)?,
            ));
            Ok(out)
        }

        /// Decodes [`Round2Package::to_bytes`]; malformed: [`Error::InvalidCiphertext`].
        pub fn from_bytes(bytes: &[u8]) -> Result<Round2Package, Error> {
            let (sender, rest) = split_id(bytes)?;
            let (recipient, rest) = split_id(rest)?;
            let package = canonical(
                rest,
                fd::round2::Package::deserialize,
                fd::round2::Package::serialize,
            )?;
            Ok(Round2Package {
                sender,
                recipient,
                package,
            })
        }

        /// Lowercase hex of [`Round2Package::to_bytes`]. Secret!
        pub fn to_hex(&self) -> Result<Zeroizing<String>, Error> {
            Ok(secret_hex(&self.to_bytes()?))
        }

        /// Decodes hex of [`Round2Package::to_bytes`].
        pub fn from_hex(hex: &str) -> Result<Round2Package, Error> {
            Self::from_bytes(&from_hex_secret(hex)?)
        }
    }

    impl fmt::Debug for Round2Package {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("frost::dkg::Round2Package")
                .field("sender", &self.sender)
                .field("recipient", &self.recipient)
                .finish_non_exhaustive()
        }
    }

    /// DKG part 1 with OS randomness: this participant's secret polynomial (degree
    /// `min_signers - 1`), its commitment and proof of knowledge. Bad parameters:
    /// [`Error::UnsupportedAlgorithm`].
    #[cfg(feature = "std")]
    pub fn part1(
        identifier: Identifier,
        min_signers: u16,
        max_signers: u16,
    ) -> Result<(Round1Secret, Round1Package), Error> {
        with_os_rng(|rng| part1_with_rng(identifier, min_signers, max_signers, rng))
    }

    /// As [`part1`] with a caller-given RNG. Draws, in order: the constant term, the other
    /// `min_signers - 1` coefficients, the proof-of-knowledge nonce (each a 64-byte wide
    /// reduction).
    pub fn part1_with_rng<R: RngCore + CryptoRng>(
        identifier: Identifier,
        min_signers: u16,
        max_signers: u16,
        rng: &mut R,
    ) -> Result<(Round1Secret, Round1Package), Error> {
        let (secret, package) =
            fd::part1(identifier.0, max_signers, min_signers, &mut *rng).map_err(plain)?;
        Ok((
            Round1Secret(secret),
            Round1Package {
                identifier,
                package,
            },
        ))
    }

    /// Collects the other participants' round-1 packages (this participant's own, if
    /// present in `round1`, is skipped; any other participant listed twice is
    /// [`Error::InvalidCiphertext`]).
    fn others(
        me: Identifier,
        round1: &[Round1Package],
    ) -> Result<BTreeMap<fr::Identifier, fd::round1::Package>, FrostError> {
        let mut map = BTreeMap::new();
        for p in round1.iter().filter(|p| p.identifier != me) {
            if map.insert(p.identifier.0, p.package.clone()).is_some() {
                return Err(Error::InvalidCiphertext.into());
            }
        }
        Ok(map)
    }

    /// DKG part 2: checks every other participant's proof of knowledge and computes the
    /// private share for each of them. Consumes the round-1 secret.
    ///
    /// `round1` must hold exactly one package from each of the `max_signers - 1` other
    /// participants (this participant's own may be included and is skipped); else
    /// [`Error::InvalidCiphertext`]. A bad proof of knowledge: [`Error::InvalidKey`] with
    /// its sender as culprit.
    pub fn part2(
        secret: Round1Secret,
        round1: &[Round1Package],
    ) -> Result<(Round2Secret, Vec<Round2Package>), FrostError> {
        let me = secret.identifier();
        let map = others(me, round1)?;
        let (secret2, packages) = fd::part2(secret.0.clone(), &map).map_err(frost_error)?;
        let packages = packages
            .into_iter()
            .map(|(to, package)| Round2Package {
                sender: me,
                recipient: Identifier(to),
                package,
            })
            .collect();
        Ok((Round2Secret(secret2), packages))
    }

    /// DKG part 3: checks the shares addressed to this participant against their senders'
    /// commitments and derives this participant's [`KeyPackage`] and the group's
    /// [`PublicKeyPackage`].
    ///
    /// `round1` as for [`part2`]; `round2` may hold packages for other recipients, which
    /// are ignored, but must hold exactly one from each other participant to this one
    /// (else [`Error::InvalidCiphertext`]). A share that does not match its sender's
    /// commitment: [`Error::InvalidKey`] with the sender as culprit.
    pub fn part3(
        secret: &Round2Secret,
        round1: &[Round1Package],
        round2: &[Round2Package],
    ) -> Result<(KeyPackage, PublicKeyPackage), FrostError> {
        let me = secret.identifier();
        let r1 = others(me, round1)?;
        let mut r2 = BTreeMap::new();
        for p in round2.iter().filter(|p| p.recipient == me) {
            if p.sender == me || r2.insert(p.sender.0, p.package.clone()).is_some() {
                return Err(Error::InvalidCiphertext.into());
            }
        }
        let (kp, pkp) = fd::part3(&secret.0, &r1, &r2).map_err(frost_error)?;
        Ok((KeyPackage(kp), PublicKeyPackage(pkp)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fr::{FieldError, GroupError};

    #[test]
    fn error_mapping() {
        let one = fr::Identifier::try_from(1u16).unwrap();
        let cases = [
            (
                fr::Error::InvalidSignatureShare {
                    culprits: vec![one],
                },
                Error::InvalidSignature,
                1,
            ),
            (fr::Error::InvalidSignature, Error::InvalidSignature, 0),
            (
                fr::Error::InvalidProofOfKnowledge { culprit: one },
                Error::InvalidKey,
                1,
            ),
            (
                fr::Error::InvalidSecretShare { culprit: None },
                Error::InvalidKey,
                0,
            ),
            (fr::Error::InvalidMinSigners, Error::UnsupportedAlgorithm, 0),
            (fr::Error::DuplicatedIdentifier, Error::InvalidCiphertext, 0),
            (
                fr::Error::IncorrectNumberOfShares,
                Error::InvalidCiphertext,
                0,
            ),
            (fr::Error::DeserializationError, Error::InvalidCiphertext, 0),
            (
                fr::Error::FieldError(FieldError::MalformedScalar),
                Error::InvalidCiphertext,
                0,
            ),
            (
                fr::Error::GroupError(GroupError::InvalidIdentityElement),
                Error::InvalidCiphertext,
                0,
            ),
            (fr::Error::SerializationError, Error::Internal, 0),
        ];
        for (e, want, culprits) in cases {
            let got = frost_error(e);
            assert_eq!(got.error, want);
            assert_eq!(got.culprits.len(), culprits);
        }
    }

    #[cfg(feature = "std")]
    #[test]
    fn os_rng_draws() {
        let a: [u8; 32] = with_os_rng::<_, Error>(|r| {
            let mut b = [0u8; 32];
            r.fill_bytes(&mut b);
            Ok(b)
        })
        .unwrap();
        let b = with_os_rng::<_, Error>(|r| Ok(r.next_u64())).unwrap();
        assert_ne!(a, [0u8; 32]);
        assert_ne!(b, 0);
    }
}
