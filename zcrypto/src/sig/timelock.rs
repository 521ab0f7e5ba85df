//! Time-locked signatures: a signature over (message, `not_before`) that verifies only
//! once the caller's clock (a block height or a Unix time, the caller's choice of
//! domain) has reached `not_before`.
//!
//! ## Encoding
//! The signed message is `DOMAIN ‖ not_before (8 B, big-endian) ‖ message`, with
//! `DOMAIN = "zcrypto/timelock/v1"` followed by one zero byte, signed with any
//! signature scheme (and context). A [`TimeLockedSignature`] is encoded as
//! `not_before (8 B, big-endian) ‖ signature`.
//!
//! The signature is checked first: a forged one is [`Error::InvalidSignature`] whatever
//! the time, and [`Error::NotYetValid`] means "genuine, but too early".
//!
//! ```
//! use zcrypto::{Algorithm, Error, sig::{dynamic, timelock}};
//! let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[4; 32])?;
//! let sig = timelock::sign(Algorithm::Ed25519, &sk, b"unlock vault", b"", 1_000)?;
//! assert_eq!(
//!     timelock::verify(Algorithm::Ed25519, &pk, b"unlock vault", b"", &sig, 999),
//!     Err(Error::NotYetValid)
//! );
//! timelock::verify(Algorithm::Ed25519, &pk, b"unlock vault", b"", &sig, 1_000)?;
//! # Ok::<(), zcrypto::Error>(())
//! ```

use super::dynamic;
use crate::{Algorithm, Error};

/// Domain separation for the signed message.
pub const DOMAIN: &[u8] = b"zcrypto/timelock/v1\0";

/// A signature that is valid from `not_before` on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeLockedSignature {
    /// The first height or time at which the signature is valid.
    pub not_before: u64,
    /// The underlying scheme's signature over the time-locked message.
    pub signature: Vec<u8>,
}

impl TimeLockedSignature {
    /// `not_before (8 B, BE) ‖ signature`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.not_before.to_be_bytes().to_vec();
        out.extend_from_slice(&self.signature);
        out
    }

    /// Decodes `not_before ‖ signature` (the signature itself is checked on verify).
    pub fn from_bytes(bytes: &[u8]) -> Result<TimeLockedSignature, Error> {
        if bytes.len() <= 8 {
            return Err(Error::InvalidLength {
                expected: 9,
                got: bytes.len(),
            });
        }
        let (time, signature) = bytes.split_at(8);
        let mut t = [0u8; 8];
        t.copy_from_slice(time);
        Ok(TimeLockedSignature {
            not_before: u64::from_be_bytes(t),
            signature: signature.to_vec(),
        })
    }
}

/// The message that is actually signed.
pub fn locked_message(message: &[u8], not_before: u64) -> Vec<u8> {
    let mut m = Vec::with_capacity(DOMAIN.len() + 8 + message.len());
    m.extend_from_slice(DOMAIN);
    m.extend_from_slice(&not_before.to_be_bytes());
    m.extend_from_slice(message);
    m
}

/// Signs `message` so that it verifies only from `not_before` on.
pub fn sign(
    alg: Algorithm,
    secret_key: &[u8],
    message: &[u8],
    context: &[u8],
    not_before: u64,
) -> Result<TimeLockedSignature, Error> {
    let signature = dynamic::sign(
        alg,
        secret_key,
        &locked_message(message, not_before),
        context,
    )?;
    Ok(TimeLockedSignature {
        not_before,
        signature,
    })
}

/// Verifies a time-locked signature at the caller's `now` (same domain as `not_before`).
pub fn verify(
    alg: Algorithm,
    public_key: &[u8],
    message: &[u8],
    context: &[u8],
    signature: &TimeLockedSignature,
    now: u64,
) -> Result<(), Error> {
    let m = locked_message(message, signature.not_before);
    dynamic::verify(alg, public_key, &m, context, &signature.signature)?;
    if now < signature.not_before {
        return Err(Error::NotYetValid);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_is_bound_and_checked() {
        for alg in [
            Algorithm::Ed25519,
            Algorithm::EcdsaSecp256k1,
            Algorithm::MlDsa44,
        ] {
            let (sk, pk) = dynamic::keygen(alg, &[8; 32]).unwrap();
            let sig = sign(alg, &sk, b"m", b"", 500).unwrap();
            assert_eq!(
                verify(alg, &pk, b"m", b"", &sig, 0),
                Err(Error::NotYetValid)
            );
            assert_eq!(
                verify(alg, &pk, b"m", b"", &sig, 499),
                Err(Error::NotYetValid)
            );
            verify(alg, &pk, b"m", b"", &sig, 500).unwrap();
            verify(alg, &pk, b"m", b"", &sig, u64::MAX).unwrap();
            // Moving the lock earlier breaks the signature.
            let mut early = sig.clone();
            early.not_before = 0;
            assert_eq!(
                verify(alg, &pk, b"m", b"", &early, 500),
                Err(Error::InvalidSignature)
            );
            // A forged signature is InvalidSignature even before the time.
            assert_eq!(
                verify(alg, &pk, b"x", b"", &sig, 0),
                Err(Error::InvalidSignature)
            );
            // A plain signature over the message is not a time-locked one.
            let plain = TimeLockedSignature {
                not_before: 0,
                signature: dynamic::sign(alg, &sk, b"m", b"").unwrap(),
            };
            assert_eq!(
                verify(alg, &pk, b"m", b"", &plain, 10),
                Err(Error::InvalidSignature)
            );
            // Encoding round trip.
            assert_eq!(
                TimeLockedSignature::from_bytes(&sig.to_bytes()).unwrap(),
                sig
            );
        }
        assert!(matches!(
            TimeLockedSignature::from_bytes(&[0; 8]),
            Err(Error::InvalidLength { .. })
        ));
    }
}
