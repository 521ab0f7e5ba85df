//! The native backend: aws-lc-rs Ed25519 signing and (cofactorless) verification.
//!
//! aws-lc checks `[s]B − [k]A == R` by re-encoding and comparing with the R bytes, so it
//! already rejects non-canonical R. It does not reject R or A of small order, and it
//! decodes A leniently; the strict checks that `ed25519-dalek`'s `verify_strict` makes on
//! top of that run here (R) and at key parsing (A) so both backends give the same
//! answer. `s < L` is guaranteed by [`Signature`].

use std::sync::LazyLock;

use aws_lc_rs::signature::{ED25519, Ed25519KeyPair, KeyPair as _, ParsedPublicKey};
use curve25519_dalek::constants::EIGHT_TORSION;

use super::{PUBLIC_KEY_LEN, SEED_LEN, SIGNATURE_LEN, Signature};
use crate::Error;

/// The canonical encodings of the eight points of small order: the only small-order R
/// values that can pass aws-lc's byte comparison with a re-encoded point.
static SMALL_ORDER_ENCODINGS: LazyLock<[[u8; 32]; 8]> =
    LazyLock::new(|| EIGHT_TORSION.map(|p| p.compress().to_bytes()));

/// aws-lc frees (and cleanses) the key inside its `EVP_PKEY` on drop.
#[derive(Clone)]
pub(super) struct Sk(Ed25519KeyPair);

impl Sk {
    /// The key pair and its public key encoding.
    pub(super) fn from_seed(seed: &[u8; SEED_LEN]) -> Result<(Sk, [u8; PUBLIC_KEY_LEN]), Error> {
        let kp = Ed25519KeyPair::from_seed_unchecked(seed).map_err(|_| Error::Internal)?;
        let pk = crate::util::array(kp.public_key().as_ref()).map_err(|_| Error::Internal)?;
        Ok((Sk(kp), pk))
    }

    pub(super) fn sign(&self, message: &[u8]) -> Result<Signature, Error> {
        let sig = self.0.try_sign(message).map_err(|_| Error::Internal)?;
        let bytes: [u8; SIGNATURE_LEN] =
            crate::util::array(sig.as_ref()).map_err(|_| Error::Internal)?;
        Ok(Signature(bytes))
    }
}

#[derive(Clone)]
pub(super) struct Vk(ParsedPublicKey);

impl Vk {
    /// `bytes` has passed the strict public key rules in the portable parser.
    pub(super) fn from_bytes(bytes: &[u8; PUBLIC_KEY_LEN]) -> Result<Vk, Error> {
        ParsedPublicKey::new(&ED25519, bytes)
            .map(Vk)
            .map_err(|_| Error::InvalidKey)
    }

    /// Strict verification: R of small order is refused before aws-lc's equation check.
    pub(super) fn verify_strict(&self, message: &[u8], signature: &Signature) -> Result<(), Error> {
        let (r, _) = signature.split();
        if SMALL_ORDER_ENCODINGS.contains(r) {
            return Err(Error::InvalidSignature);
        }
        self.0
            .verify_sig(message, &signature.0)
            .map_err(|_| Error::InvalidSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_order_table_is_the_eight_torsion() {
        // Identity, the point of order 2 and two points of order 4 have well-known
        // encodings; the table must contain them and have no duplicates.
        let t = *SMALL_ORDER_ENCODINGS;
        let mut id = [0u8; 32];
        id[0] = 1;
        let mut minus_one = [0xffu8; 32];
        minus_one[0] = 0xec;
        minus_one[31] = 0x7f;
        let mut order4 = [0u8; 32];
        assert!(t.contains(&id) && t.contains(&minus_one) && t.contains(&order4));
        order4[31] = 0x80;
        assert!(t.contains(&order4));
        let mut sorted = t.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 8);
    }
}
