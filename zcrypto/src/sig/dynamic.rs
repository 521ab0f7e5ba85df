//! Signatures chosen at run time by [`Algorithm`]: the entry point for the CLI, the
//! FFI and the VM, which receive algorithm names and byte strings.
//!
//! Secret keys are the scheme's standard seed (RFC 8032 secret key, secp256k1 scalar,
//! FIPS 204 ξ, BLS KeyGen IKM); public keys and signatures use each scheme's standard
//! encoding. FROST is a multi-party protocol and has its own module, not this API.
//!
//! ```
//! use zcrypto::{Algorithm, sig::dynamic};
//! let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[7; 32])?;
//! let sig = dynamic::sign(Algorithm::Ed25519, &sk, b"hello", b"")?;
//! dynamic::verify(Algorithm::Ed25519, &pk, b"hello", b"", &sig)?;
//! assert!(dynamic::verify(Algorithm::Ed25519, &pk, b"hullo", b"", &sig).is_err());
//! # Ok::<(), zcrypto::Error>(())
//! ```

use zeroize::Zeroizing;

use super::{Encoding, Signer, Verifier};
use crate::{Algorithm, Error};

/// Runs `$f::<SigningKeyType>($args)` for the signature algorithm `$alg`.
macro_rules! dispatch {
    ($alg:expr, $f:ident($($arg:expr),*)) => {
        match $alg {
            Algorithm::Ed25519 => $f::<super::ed25519::SigningKey>($($arg),*),
            Algorithm::EcdsaSecp256k1 => $f::<super::secp256k1::ecdsa::SigningKey>($($arg),*),
            Algorithm::Bip340 => $f::<super::secp256k1::schnorr::SigningKey>($($arg),*),
            Algorithm::MlDsa44 => $f::<super::ml_dsa::MlDsa44SigningKey>($($arg),*),
            Algorithm::MlDsa65 => $f::<super::ml_dsa::MlDsa65SigningKey>($($arg),*),
            Algorithm::MlDsa87 => $f::<super::ml_dsa::MlDsa87SigningKey>($($arg),*),
            Algorithm::HybridEd25519MlDsa65 => $f::<super::hybrid::SigningKey>($($arg),*),
            #[cfg(feature = "bls")]
            Algorithm::Bls12381 => $f::<super::bls::SigningKey>($($arg),*),
            _ => Err(Error::UnsupportedAlgorithm),
        }
    };
}

/// The seed length `keygen` takes for `alg`.
pub fn seed_len(alg: Algorithm) -> Result<usize, Error> {
    fn len<S: Signer>() -> Result<usize, Error> {
        Ok(S::SEED_LEN)
    }
    dispatch!(alg, len())
}

/// Deterministic key generation: returns (secret key = seed, public key encoding).
pub fn keygen(alg: Algorithm, seed: &[u8]) -> Result<(Zeroizing<Vec<u8>>, Vec<u8>), Error> {
    fn keygen<S: Signer>(seed: &[u8]) -> Result<(Zeroizing<Vec<u8>>, Vec<u8>), Error> {
        let key = S::from_seed(seed)?;
        Ok((
            Zeroizing::new(seed.to_vec()),
            key.verifying_key().to_bytes(),
        ))
    }
    dispatch!(alg, keygen(seed))
}

/// Signs `message` under `context` (empty for schemes without contexts).
pub fn sign(
    alg: Algorithm,
    secret_key: &[u8],
    message: &[u8],
    context: &[u8],
) -> Result<Vec<u8>, Error> {
    fn sign<S: Signer>(sk: &[u8], msg: &[u8], ctx: &[u8]) -> Result<Vec<u8>, Error> {
        Ok(S::from_seed(sk)?.sign_with_context(msg, ctx)?.to_bytes())
    }
    dispatch!(alg, sign(secret_key, message, context))
}

/// Verifies `signature` over `message` under `context` with an encoded public key.
pub fn verify(
    alg: Algorithm,
    public_key: &[u8],
    message: &[u8],
    context: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    fn verify<S: Signer>(pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> Result<(), Error> {
        let vk = S::VerifyingKey::from_bytes(pk)?;
        let sig = S::Signature::from_bytes(sig)?;
        vk.verify_with_context(msg, ctx, &sig)
    }
    dispatch!(alg, verify(public_key, message, context, signature))
}

/// Checks that `public_key` is a well-formed public key for `alg` (length, encoding,
/// on-curve / in-range as the scheme requires).
pub fn check_public_key(alg: Algorithm, public_key: &[u8]) -> Result<(), Error> {
    fn check<S: Signer>(pk: &[u8]) -> Result<(), Error> {
        S::VerifyingKey::from_bytes(pk).map(|_| ())
    }
    dispatch!(alg, check(public_key))
}
