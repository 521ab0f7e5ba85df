//! Digital signatures: one shape for every scheme.
//!
//! Each scheme module (`ed25519`, `secp256k1`, `ml_dsa`, ...) has typed
//! `SigningKey` / `VerifyingKey` / `Signature` types with the scheme's standard byte
//! encodings. They implement the small traits below, so batch verification, the FFI
//! and the VM can treat every scheme alike:
//!
//! * [`Encoding`]: from/to bytes and hex, length and validity checked on the way in;
//! * [`Signer`]: key from seed, sign (with an optional context string), verifying key;
//! * [`Verifier`]: verify, failing with an [`Error`] value, never a panic.
//!
//! Error codes: a malformed public key is [`Error::InvalidKey`], a malformed or
//! non-verifying signature [`Error::InvalidSignature`], a wrong length
//! [`Error::InvalidLength`], a context on a scheme without contexts
//! [`Error::UnsupportedAlgorithm`].

#[cfg(feature = "bls")]
pub mod bls;
pub mod dynamic;
pub mod ed25519;
pub mod frost;
pub mod hd;
pub mod hybrid;
pub mod ml_dsa;
pub mod multisig;
pub mod secp256k1;
pub mod timelock;

use crate::{Algorithm, Error};

/// A value with one standard byte encoding.
pub trait Encoding: Sized {
    /// Decodes and validates the standard encoding.
    fn from_bytes(bytes: &[u8]) -> Result<Self, Error>;

    /// The standard encoding.
    fn to_bytes(&self) -> Vec<u8>;

    /// Decodes lowercase or uppercase hex of the standard encoding.
    fn from_hex(hex: &str) -> Result<Self, Error> {
        Self::from_bytes(&crate::encoding::from_hex(hex)?)
    }

    /// Lowercase hex of the standard encoding.
    fn to_hex(&self) -> String {
        crate::encoding::to_hex(&self.to_bytes())
    }
}

/// A signing (secret) key. Implementations zeroize their secret on drop.
pub trait Signer: Sized {
    /// The scheme's stable algorithm name.
    const ALGORITHM: Algorithm;
    /// Length of the seed [`Signer::from_seed`] takes.
    const SEED_LEN: usize;
    /// The matching verifying key type.
    type VerifyingKey: Verifier<Signature = Self::Signature>;
    /// The signature type.
    type Signature: Encoding;

    /// Deterministic key generation from a seed of [`Signer::SEED_LEN`] bytes (the
    /// scheme's standard seed: RFC 8032 secret key, FIPS 204 ξ, a secp256k1 scalar...).
    fn from_seed(seed: &[u8]) -> Result<Self, Error>;

    /// The matching verifying key.
    fn verifying_key(&self) -> Self::VerifyingKey;

    /// Signs `message` (with the empty context where the scheme has contexts).
    fn sign(&self, message: &[u8]) -> Result<Self::Signature, Error> {
        self.sign_with_context(message, &[])
    }

    /// Signs `message` under a context string. Schemes without contexts accept only an
    /// empty one and return [`Error::UnsupportedAlgorithm`] otherwise.
    fn sign_with_context(&self, message: &[u8], context: &[u8]) -> Result<Self::Signature, Error>;
}

/// A verifying (public) key.
pub trait Verifier: Encoding {
    /// The signature type.
    type Signature: Encoding;

    /// Verifies `signature` over `message` (empty context).
    fn verify(&self, message: &[u8], signature: &Self::Signature) -> Result<(), Error> {
        self.verify_with_context(message, &[], signature)
    }

    /// Verifies `signature` over `message` under a context string.
    fn verify_with_context(
        &self,
        message: &[u8],
        context: &[u8],
        signature: &Self::Signature,
    ) -> Result<(), Error>;
}

/// Refuses a non-empty context for schemes without contexts.
pub(crate) fn no_context(context: &[u8]) -> Result<(), Error> {
    if context.is_empty() {
        Ok(())
    } else {
        Err(Error::UnsupportedAlgorithm)
    }
}
