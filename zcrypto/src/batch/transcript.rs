//! The batch transcript: every item hashed into one seed, from which the random
//! coefficients of the batch equations are derived. Deterministic (consensus code must
//! get the same answer on every node), and bound to the whole batch, so a forger cannot
//! choose signatures after seeing the coefficients (Fiat–Shamir).

use super::{Ed25519Rule, Item};
use crate::par;

/// Domain of the BLAKE3 key derivation for the seed.
const CONTEXT: &str = "zcrypto 2026 batch verification transcript v1";

/// Which equation a coefficient is for (so the two never share values).
#[derive(Clone, Copy)]
#[repr(u8)]
pub(super) enum Domain {
    Ed25519 = 1,
    #[cfg_attr(not(feature = "bls"), allow(dead_code))]
    Bls = 2,
}

/// The seed: BLAKE3 over the rule, the item count and each item's own digest
/// (length-prefixed algorithm name, public key, context, message and signature). Item
/// digests are computed in parallel.
pub(super) fn seed(items: &[Item<'_>], rule: Ed25519Rule) -> [u8; 32] {
    let digests = par::map(items, item_digest);
    let mut h = blake3::Hasher::new_derive_key(CONTEXT);
    h.update(&[rule as u8]);
    h.update(&(items.len() as u64).to_le_bytes());
    for d in &digests {
        h.update(d);
    }
    h.finalize().into()
}

fn item_digest(item: &Item<'_>) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    for field in [
        item.algorithm.name().as_bytes(),
        item.public_key,
        item.context,
        item.message,
        item.signature,
    ] {
        h.update(&(field.len() as u64).to_le_bytes());
        h.update(field);
    }
    h.finalize().into()
}

/// The 128-bit coefficient of item `index` for `domain`: never zero.
pub(super) fn coefficient(seed: &[u8; 32], domain: Domain, index: usize) -> [u8; 16] {
    let mut input = [0u8; 9];
    input[0] = domain as u8;
    input[1..].copy_from_slice(&(index as u64).to_le_bytes());
    let full = blake3::keyed_hash(seed, &input);
    let mut out = [0u8; 16];
    out.copy_from_slice(&full.as_bytes()[..16]);
    if out == [0; 16] {
        out[0] = 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Algorithm;

    #[test]
    fn seed_binds_every_field_and_the_rule() {
        let base = Item::new(Algorithm::Ed25519, b"pk", b"msg", b"sig");
        let s = seed(&[base], Ed25519Rule::Zip215);
        assert_eq!(s, seed(&[base], Ed25519Rule::Zip215));
        assert_ne!(s, seed(&[base], Ed25519Rule::Strict));
        for other in [
            Item::new(Algorithm::Bip340, b"pk", b"msg", b"sig"),
            Item::new(Algorithm::Ed25519, b"pK", b"msg", b"sig"),
            Item::new(Algorithm::Ed25519, b"pk", b"msG", b"sig"),
            Item::new(Algorithm::Ed25519, b"pk", b"msg", b"siG"),
            base.with_context(b"c"),
            // Length prefixes: moving a byte between fields changes the digest.
            Item::new(Algorithm::Ed25519, b"pkm", b"sg", b"sig"),
        ] {
            assert_ne!(s, seed(&[other], Ed25519Rule::Zip215));
        }
        assert_ne!(s, seed(&[base, base], Ed25519Rule::Zip215));
        let c = coefficient(&s, Domain::Ed25519, 0);
        assert_ne!(c, coefficient(&s, Domain::Ed25519, 1));
        assert_ne!(c, coefficient(&s, Domain::Bls, 0));
    }
}
