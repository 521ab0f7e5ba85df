//! The portable backend: `ed25519-dalek` (signing, strict and Ed25519ph verification) and
//! `curve25519-dalek` group arithmetic for the ZIP-215 cofactored equation, which
//! `ed25519-dalek` does not offer.

use curve25519_dalek::{
    edwards::{CompressedEdwardsY, EdwardsPoint},
    scalar::Scalar,
    traits::IsIdentity,
};
use ed25519_dalek::{Digest, Sha512};

use super::{SEED_LEN, Signature};
use crate::Error;

/// Decodes a public key: any encoding of a curve point (ZIP-215 accepts non-canonical
/// and small-order ones; strict verification rejects them later). Returns the dalek key
/// and whether the encoding passes the strict rules (canonical, not of small order).
pub(super) fn parse_public_key(
    bytes: &[u8; 32],
) -> Result<(ed25519_dalek::VerifyingKey, bool), Error> {
    let vk = ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| Error::InvalidKey)?;
    Ok((vk, is_canonical_y(bytes) && !vk.is_weak()))
}

/// Whether the encoded y coordinate (sign bit masked) is below p = 2^255 − 19: the only
/// non-canonical y encodings are the 19 values p … 2^255 − 1. This byte test replaces a
/// re-compression of the decoded point (~5 µs). The other non-canonical encodings, x = 0
/// with the sign bit set, are the points (0, ±1), which are of small order and so fail
/// the strict rules through `is_weak` anyway.
fn is_canonical_y(bytes: &[u8; 32]) -> bool {
    let y_at_least_p =
        bytes[31] & 0x7f == 0x7f && bytes[1..31].iter().all(|&b| b == 0xff) && bytes[0] >= 0xed;
    !y_at_least_p
}

/// `s < L`, the check every Ed25519 verification rule shares.
pub(super) fn is_canonical_scalar(s: &[u8; 32]) -> bool {
    Scalar::from_canonical_bytes(*s).is_some().into()
}

pub(super) fn signing_key(seed: &[u8; SEED_LEN]) -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(seed)
}

pub(super) fn sign(sk: &ed25519_dalek::SigningKey, message: &[u8]) -> Signature {
    use ed25519_dalek::Signer as _;
    Signature(sk.sign(message).to_bytes())
}

/// Strict (cofactorless, canonical R, R not of small order) verification. The caller has
/// already rejected public keys that fail the strict rules.
pub(super) fn verify_strict(
    vk: &ed25519_dalek::VerifyingKey,
    message: &[u8],
    signature: &Signature,
) -> Result<(), Error> {
    vk.verify_strict(message, &ed25519_dalek::Signature::from_bytes(&signature.0))
        .map_err(|_| Error::InvalidSignature)
}

/// Ed25519ph (RFC 8032 §5.1, PH = SHA-512) signing; `context` is at most 255 bytes.
pub(super) fn sign_prehashed(
    sk: &ed25519_dalek::SigningKey,
    message: &[u8],
    context: &[u8],
) -> Result<Signature, Error> {
    sk.sign_prehashed(Sha512::new_with_prefix(message), Some(context))
        .map(|sig| Signature(sig.to_bytes()))
        .map_err(|_| Error::Internal)
}

/// Ed25519ph verification with the strict rules; the caller checked the public key.
pub(super) fn verify_prehashed_strict(
    vk: &ed25519_dalek::VerifyingKey,
    message: &[u8],
    context: &[u8],
    signature: &Signature,
) -> Result<(), Error> {
    vk.verify_prehashed_strict(
        Sha512::new_with_prefix(message),
        Some(context),
        &ed25519_dalek::Signature::from_bytes(&signature.0),
    )
    .map_err(|_| Error::InvalidSignature)
}

/// ZIP-215: `A` and `R` may be any point encodings (non-canonical and small-order ones
/// included), `s < L` (guaranteed by [`Signature`]), and the cofactored equation
/// `[8][s]B = [8]R + [8][k]A` must hold with `k = SHA-512(R_bytes ‖ A_bytes ‖ M)`.
#[allow(non_snake_case)]
pub(super) fn verify_zip215(
    vk: &ed25519_dalek::VerifyingKey,
    message: &[u8],
    signature: &Signature,
) -> Result<(), Error> {
    let (r_bytes, s_bytes) = signature.split();
    let s = Option::<Scalar>::from(Scalar::from_canonical_bytes(*s_bytes))
        .ok_or(Error::InvalidSignature)?;
    let R = CompressedEdwardsY(*r_bytes)
        .decompress()
        .ok_or(Error::InvalidSignature)?;
    let digest = Sha512::new()
        .chain_update(r_bytes)
        .chain_update(vk.as_bytes())
        .chain_update(message)
        .finalize();
    let k = Scalar::from_bytes_mod_order_wide(&digest.into());
    let minus_A = -vk.to_edwards();
    // R' = [s]B - [k]A; the equation holds iff [8](R - R') is the identity.
    let R_prime = EdwardsPoint::vartime_double_scalar_mul_basepoint(&k, &minus_A, &s);
    if (R - R_prime).mul_by_cofactor().is_identity() {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte test agrees with re-compressing the decoded point on every encoding of
    /// y ∈ [p, 2^255) (both sign bits) and on ordinary keys.
    #[test]
    fn canonical_y_matches_recompression() {
        let mut checked = 0;
        for low in 0xedu8..=0xff {
            for sign in [0u8, 0x80] {
                let mut b = [0xffu8; 32];
                b[0] = low;
                b[31] = 0x7f | sign;
                assert!(!is_canonical_y(&b));
                if let Ok(vk) = ed25519_dalek::VerifyingKey::from_bytes(&b) {
                    assert_ne!(vk.to_edwards().compress().as_bytes(), &b);
                    checked += 1;
                }
            }
        }
        assert!(checked > 0, "no non-canonical encoding decoded");
        for seed in 0u8..32 {
            let pk = signing_key(&[seed; 32]).verifying_key().to_bytes();
            assert!(is_canonical_y(&pk));
            let (vk, strict) = parse_public_key(&pk).unwrap();
            assert!(strict);
            assert_eq!(vk.to_edwards().compress().as_bytes(), &pk);
        }
    }
}
