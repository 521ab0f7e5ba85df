//! Composite Ed25519 + ML-DSA-65 signatures: both must verify, and neither half can be
//! stripped off and used on its own.
//!
//! The construction follows the IETF LAMPS composite ML-DSA draft
//! (draft-ietf-lamps-pq-composite-sigs) in spirit and layout; it is not claimed to be
//! byte-compatible with any particular draft revision.
//!
//! ## Encoding
//! ```text
//! secret key   = ML-DSA-65 seed ξ (32 B) ‖ Ed25519 seed (32 B)                  64 B
//! public key   = ML-DSA-65 public key (1952 B) ‖ Ed25519 public key (32 B)     1984 B
//! signature    = ML-DSA-65 signature (3309 B) ‖ Ed25519 signature (64 B)       3373 B
//!
//! M' = PREFIX ‖ LABEL ‖ len(ctx) (1 B) ‖ ctx ‖ SHA-512(M)
//!   PREFIX = "CompositeAlgorithmSignatures2025"
//!   LABEL  = "COMPSIG-MLDSA65-Ed25519-SHA512"
//! ML-DSA-65 signs M' with its context string set to LABEL; Ed25519 signs M'.
//! ```
//!
//! ## Why the halves are bound together
//! Each component signs `M'`, never `M`: the prefix and label name the composite
//! algorithm, so a component signature is useless as a stand-alone signature on `M`
//! (a stripping attack would need a valid signature on a message starting with the
//! composite prefix, which no stand-alone protocol produces). ML-DSA additionally uses
//! the label as its FIPS 204 context. The caller's context is inside `M'`, so a
//! signature under one context does not verify under another. Verification requires
//! both components; the Ed25519 half is verified strictly.
//!
//! ```
//! use zcrypto::sig::{Signer, Verifier, hybrid};
//! let key = hybrid::SigningKey::from_seed(&[7; 64])?;
//! let sig = key.sign_with_context(b"transfer 10", b"chain-1")?;
//! let vk = key.verifying_key();
//! vk.verify_with_context(b"transfer 10", b"chain-1", &sig)?;
//! assert!(vk.verify_with_context(b"transfer 11", b"chain-1", &sig).is_err());
//! assert!(vk.verify_with_context(b"transfer 10", b"chain-2", &sig).is_err());
//! # Ok::<(), zcrypto::Error>(())
//! ```

use core::fmt;

use sha2::{Digest as _, Sha512};

use super::ed25519;
use super::ml_dsa::{self, MlDsa65Signature, MlDsa65SigningKey, MlDsa65VerifyingKey};
use super::{Encoding, Signer, Verifier};
use crate::{Algorithm, Backend, Error};

/// The message-representative prefix.
pub const PREFIX: &[u8] = b"CompositeAlgorithmSignatures2025";
/// The composite algorithm's label (also the ML-DSA context).
pub const LABEL: &[u8] = b"COMPSIG-MLDSA65-Ed25519-SHA512";
/// Secret key (seed) length: ML-DSA-65 ξ ‖ Ed25519 seed.
pub const SEED_LEN: usize = ml_dsa::SEED_LEN + ed25519::SEED_LEN;
/// Public key length.
pub const PUBLIC_KEY_LEN: usize = 1952 + ed25519::PUBLIC_KEY_LEN;
/// Signature length.
pub const SIGNATURE_LEN: usize = 3309 + ed25519::SIGNATURE_LEN;
/// The longest caller context.
pub const MAX_CONTEXT_LEN: usize = 255;

/// M' = PREFIX ‖ LABEL ‖ len(ctx) ‖ ctx ‖ SHA-512(M).
fn representative(message: &[u8], context: &[u8]) -> Result<Vec<u8>, Error> {
    let ctx_len = u8::try_from(context.len()).map_err(|_| Error::InvalidLength {
        expected: MAX_CONTEXT_LEN,
        got: context.len(),
    })?;
    let mut m = Vec::with_capacity(PREFIX.len() + LABEL.len() + 1 + context.len() + 64);
    m.extend_from_slice(PREFIX);
    m.extend_from_slice(LABEL);
    m.push(ctx_len);
    m.extend_from_slice(context);
    m.extend_from_slice(&Sha512::digest(message));
    Ok(m)
}

/// A composite signature: ML-DSA-65 signature ‖ Ed25519 signature.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    ml_dsa: MlDsa65Signature,
    ed25519: ed25519::Signature,
}

impl Encoding for Signature {
    fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        Error::check_len(SIGNATURE_LEN, bytes.len())?;
        let (pq, classical) = bytes.split_at(SIGNATURE_LEN - ed25519::SIGNATURE_LEN);
        Ok(Signature {
            ml_dsa: MlDsa65Signature::from_bytes(pq)?,
            ed25519: ed25519::Signature::from_bytes(classical)?,
        })
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.ml_dsa.to_bytes();
        out.extend_from_slice(self.ed25519.as_bytes());
        out
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "hybrid::Signature({} bytes)", SIGNATURE_LEN)
    }
}

/// A composite verifying key: ML-DSA-65 public key ‖ Ed25519 public key.
#[derive(Clone)]
pub struct VerifyingKey {
    ml_dsa: MlDsa65VerifyingKey,
    ed25519: ed25519::VerifyingKey,
}

impl Encoding for VerifyingKey {
    fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        Error::check_len(PUBLIC_KEY_LEN, bytes.len())?;
        let (pq, classical) = bytes.split_at(PUBLIC_KEY_LEN - ed25519::PUBLIC_KEY_LEN);
        Ok(VerifyingKey {
            ml_dsa: MlDsa65VerifyingKey::from_bytes(pq)?,
            ed25519: ed25519::VerifyingKey::from_bytes(classical)?,
        })
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.ml_dsa.to_bytes();
        out.extend_from_slice(self.ed25519.as_bytes());
        out
    }
}

impl Verifier for VerifyingKey {
    type Signature = Signature;

    fn verify_with_context(
        &self,
        message: &[u8],
        context: &[u8],
        signature: &Signature,
    ) -> Result<(), Error> {
        let m = representative(message, context)?;
        // Both halves are always checked (no early exit on the first), and both must pass.
        let pq = self
            .ml_dsa
            .verify_with_context(&m, LABEL, &signature.ml_dsa);
        let classical = self.ed25519.verify(&m, &signature.ed25519);
        pq.and(classical)
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("hybrid::VerifyingKey")
            .field("ed25519", &self.ed25519)
            .finish_non_exhaustive()
    }
}

/// A composite signing key. Both component keys zeroize on drop.
pub struct SigningKey {
    ml_dsa: MlDsa65SigningKey,
    ed25519: ed25519::SigningKey,
}

impl SigningKey {
    /// As [`Signer::from_seed`], with both components on a chosen backend.
    pub fn from_seed_with_backend(seed: &[u8], backend: Backend) -> Result<Self, Error> {
        Error::check_len(SEED_LEN, seed.len())?;
        let (pq, classical) = seed.split_at(ml_dsa::SEED_LEN);
        let pq: &[u8; ml_dsa::SEED_LEN] = pq.try_into().map_err(|_| Error::Internal)?;
        let ml_dsa =
            ml_dsa::SigningKey::from_seed_with_backend(ml_dsa::MlDsa::MlDsa65, pq, backend)?;
        Ok(SigningKey {
            ml_dsa: MlDsa65SigningKey::try_from(ml_dsa)?,
            ed25519: ed25519::SigningKey::from_seed_with_backend(classical, backend)?,
        })
    }
}

impl Signer for SigningKey {
    const ALGORITHM: Algorithm = Algorithm::HybridEd25519MlDsa65;
    const SEED_LEN: usize = SEED_LEN;
    type VerifyingKey = VerifyingKey;
    type Signature = Signature;

    /// `seed` = ML-DSA-65 ξ (32 bytes) ‖ Ed25519 seed (32 bytes).
    fn from_seed(seed: &[u8]) -> Result<Self, Error> {
        SigningKey::from_seed_with_backend(seed, Backend::default())
    }

    fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey {
            ml_dsa: self.ml_dsa.verifying_key(),
            ed25519: self.ed25519.verifying_key(),
        }
    }

    /// Deterministic: both components sign deterministically.
    fn sign_with_context(&self, message: &[u8], context: &[u8]) -> Result<Signature, Error> {
        let m = representative(message, context)?;
        Ok(Signature {
            ml_dsa: self.ml_dsa.sign_with_context(&m, LABEL)?,
            ed25519: self.ed25519.sign(&m)?,
        })
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("hybrid::SigningKey").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> (SigningKey, VerifyingKey) {
        let sk = SigningKey::from_seed(&[5; SEED_LEN]).unwrap();
        let vk = sk.verifying_key();
        (sk, vk)
    }

    #[test]
    fn sizes_and_round_trip() {
        let (sk, vk) = pair();
        let sig = sk.sign(b"m").unwrap();
        assert_eq!(sig.to_bytes().len(), SIGNATURE_LEN);
        assert_eq!(vk.to_bytes().len(), PUBLIC_KEY_LEN);
        let vk2 = VerifyingKey::from_bytes(&vk.to_bytes()).unwrap();
        let sig2 = Signature::from_bytes(&sig.to_bytes()).unwrap();
        vk2.verify(b"m", &sig2).unwrap();
        // Deterministic.
        assert_eq!(sk.sign(b"m").unwrap(), sig);
    }

    #[test]
    fn either_half_failing_fails_the_whole() {
        let (sk, vk) = pair();
        let sig = sk.sign(b"m").unwrap().to_bytes();
        for i in [0, 3308, 3309, SIGNATURE_LEN - 1] {
            let mut bad = sig.clone();
            bad[i] ^= 1;
            let r = Signature::from_bytes(&bad).and_then(|s| vk.verify(b"m", &s));
            assert!(r.is_err(), "flipped byte {i} verified");
        }
    }

    #[test]
    fn halves_cannot_be_stripped_or_swapped() {
        let (sk, vk) = pair();
        let sig = sk.sign(b"m").unwrap();
        // The ML-DSA half is not an ML-DSA-65 signature on the message itself...
        assert!(vk.ml_dsa.verify(b"m", &sig.ml_dsa).is_err());
        assert!(
            vk.ml_dsa
                .verify_with_context(b"m", LABEL, &sig.ml_dsa)
                .is_err()
        );
        // ...nor is the Ed25519 half an Ed25519 signature on it.
        assert!(vk.ed25519.verify(b"m", &sig.ed25519).is_err());
        // A composite made from a stand-alone Ed25519 signature on M does not verify.
        let forged = Signature {
            ml_dsa: sig.ml_dsa.clone(),
            ed25519: sk.ed25519.sign(b"m").unwrap(),
        };
        assert_eq!(vk.verify(b"m", &forged), Err(Error::InvalidSignature));
        // Halves from another key pair do not combine.
        let other = SigningKey::from_seed(&[6; SEED_LEN]).unwrap();
        let mixed = Signature {
            ml_dsa: sig.ml_dsa,
            ed25519: other.sign(b"m").unwrap().ed25519,
        };
        assert!(vk.verify(b"m", &mixed).is_err());
    }

    #[test]
    fn bad_lengths_and_contexts() {
        let (sk, vk) = pair();
        assert!(matches!(
            SigningKey::from_seed(&[0; 63]),
            Err(Error::InvalidLength {
                expected: 64,
                got: 63
            })
        ));
        assert!(matches!(
            VerifyingKey::from_bytes(&vk.to_bytes()[1..]),
            Err(Error::InvalidLength { .. })
        ));
        assert!(matches!(
            Signature::from_bytes(&[0; 10]),
            Err(Error::InvalidLength { .. })
        ));
        assert!(matches!(
            sk.sign_with_context(b"m", &[0; 256]),
            Err(Error::InvalidLength { .. })
        ));
        let sig = sk.sign_with_context(b"m", &[1; 255]).unwrap();
        vk.verify_with_context(b"m", &[1; 255], &sig).unwrap();
        assert!(vk.verify_with_context(b"m", &[], &sig).is_err());
    }
}
