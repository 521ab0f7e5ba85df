//! Batch verification agrees with single verification: random mixed batches with bad
//! items injected at random positions, the ZIP-215 small-order cases and mixed-order
//! signatures, BLS cancellation attacks, limits and determinism.

use curve25519_dalek::{
    constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION},
    edwards::{CompressedEdwardsY, EdwardsPoint},
    scalar::Scalar,
};
use sha2::{Digest, Sha512};
use zcrypto::{
    Algorithm, Error,
    batch::{BatchVerifier, Ed25519Rule, Item, Limits, verify_one},
    sig::{Encoding, dynamic, frost},
};

#[cfg(feature = "bls")]
use zcrypto::sig::{Signer, bls};

/// A small deterministic generator for positions and corruptions (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// An owned item, so tests can build batches of borrowed ones.
#[derive(Clone, Debug)]
struct Owned {
    alg: Algorithm,
    pk: Vec<u8>,
    msg: Vec<u8>,
    sig: Vec<u8>,
    ctx: Vec<u8>,
}

impl Owned {
    fn item(&self) -> Item<'_> {
        Item::new(self.alg, &self.pk, &self.msg, &self.sig).with_context(&self.ctx)
    }
}

fn signed(alg: Algorithm, seed_byte: u8, msg: &[u8], ctx: &[u8]) -> Owned {
    let seed = vec![seed_byte; dynamic::seed_len(alg).unwrap()];
    let (sk, pk) = dynamic::keygen(alg, &seed).unwrap();
    let sig = dynamic::sign(alg, &sk, msg, ctx).unwrap();
    Owned {
        alg,
        pk,
        msg: msg.to_vec(),
        sig,
        ctx: ctx.to_vec(),
    }
}

fn frost_signed(msg: &[u8]) -> Owned {
    let dealt = frost::dealer_keygen(2, 3).unwrap();
    let keys: Vec<frost::KeyPackage> = dealt
        .shares
        .into_iter()
        .map(|s| frost::KeyPackage::from_secret_share(s).unwrap())
        .collect();
    let (n1, c1) = frost::commit(&keys[0]).unwrap();
    let (n2, c2) = frost::commit(&keys[1]).unwrap();
    let package = frost::SigningPackage::new(&[c1, c2], msg).unwrap();
    let s1 = frost::sign(&package, n1, &keys[0]).unwrap();
    let s2 = frost::sign(&package, n2, &keys[1]).unwrap();
    let sig = frost::aggregate(&package, &[s1, s2], &dealt.public_key_package).unwrap();
    Owned {
        alg: Algorithm::FrostEd25519,
        pk: dealt.public_key_package.verifying_key().unwrap().to_bytes(),
        msg: msg.to_vec(),
        sig: sig.to_bytes(),
        ctx: Vec::new(),
    }
}

/// One valid item of every scheme the batch verifier handles (BLS twice over one
/// message, so the same-message path runs).
fn valid_pool() -> Vec<Owned> {
    let mut pool = Vec::new();
    for i in 0..4u8 {
        let msg = format!("tx {i}").into_bytes();
        pool.push(signed(Algorithm::Ed25519, 10 + i, &msg, b""));
        pool.push(signed(Algorithm::EcdsaSecp256k1, 20 + i, &msg, b""));
        pool.push(signed(Algorithm::Bip340, 30 + i, &msg, b""));
        if cfg!(feature = "bls") {
            pool.push(signed(Algorithm::Bls12381, 40 + i, &msg, b""));
            pool.push(signed(Algorithm::Bls12381, 50 + i, b"same block", b""));
        }
    }
    pool.push(signed(Algorithm::MlDsa44, 60, b"pq", b""));
    pool.push(signed(Algorithm::MlDsa65, 61, b"pq", b"ctx"));
    pool.push(signed(Algorithm::MlDsa87, 62, b"pq", b""));
    pool.push(signed(
        Algorithm::HybridEd25519MlDsa65,
        63,
        b"hybrid",
        b"app",
    ));
    pool.push(frost_signed(b"threshold"));
    pool
}

/// Damages `item` in one of several ways; returns a description.
fn corrupt(item: &mut Owned, rng: &mut Rng) -> &'static str {
    match rng.below(7) {
        0 => {
            let i = rng.below(item.sig.len());
            item.sig[i] ^= 1 << rng.below(8);
            "flipped signature bit"
        }
        1 => {
            item.msg.push(b'!');
            "changed message"
        }
        2 => {
            let i = rng.below(item.pk.len());
            item.pk[i] ^= 1 << rng.below(8);
            "flipped key bit"
        }
        3 => {
            item.sig.pop();
            "truncated signature"
        }
        4 => {
            item.ctx.push(b'x');
            "added context"
        }
        5 => {
            let n = item.pk.len();
            item.pk.truncate(n - 1);
            "truncated key"
        }
        _ => {
            item.alg = Algorithm::Sha256;
            "not a signature algorithm"
        }
    }
}

fn check_agreement(owned: &[Owned], rule: Ed25519Rule) -> Vec<Result<(), Error>> {
    let mut batch = BatchVerifier::new().ed25519_rule(rule);
    for o in owned {
        batch.push(o.item()).unwrap();
    }
    let each = batch.verify_each();
    let single: Vec<Result<(), Error>> =
        owned.iter().map(|o| verify_one(&o.item(), rule)).collect();
    assert_eq!(each, single, "rule {rule:?}");
    // The fast path: Ok exactly when every item is; otherwise one bad item's error.
    match batch.verify_all() {
        Ok(()) => assert!(single.iter().all(Result::is_ok), "{single:?}"),
        Err(e) => assert!(single.contains(&Err(e)), "{e:?} not among {single:?}"),
    }
    each
}

#[test]
fn random_mixed_batches_agree_with_single_verification() {
    let pool = valid_pool();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut bad_seen = 0;
    for round in 0..12 {
        let n = 8 + rng.below(40);
        let mut owned: Vec<Owned> = (0..n)
            .map(|_| pool[rng.below(pool.len())].clone())
            .collect();
        let bad = if round == 0 { 0 } else { 1 + rng.below(4) };
        for _ in 0..bad {
            let at = rng.below(n);
            corrupt(&mut owned[at], &mut rng);
        }
        for rule in [Ed25519Rule::Zip215, Ed25519Rule::Strict] {
            let results = check_agreement(&owned, rule);
            if round == 0 {
                assert!(results.iter().all(Result::is_ok), "{results:?}");
            }
            bad_seen += results.iter().filter(|r| r.is_err()).count();
        }
    }
    assert!(bad_seen >= 12, "corruptions were detected: {bad_seen}");
}

#[test]
fn every_single_bad_position_is_named() {
    let ed: Vec<Owned> = (0..24u8)
        .map(|i| signed(Algorithm::Ed25519, i, &[i; 40], b""))
        .collect();
    for bad in 0..ed.len() {
        let mut owned = ed.clone();
        owned[bad].sig[5] ^= 0x40;
        let results = check_agreement(&owned, Ed25519Rule::Zip215);
        for (i, r) in results.iter().enumerate() {
            assert_eq!(r.is_err(), i == bad, "position {i} of bad {bad}");
        }
    }
    let results = check_agreement(&ed, Ed25519Rule::Zip215);
    assert!(results.iter().all(Result::is_ok));
}

/// The eight points of small order in all 14 encodings (8 canonical, 6 not).
fn small_order_encodings() -> Vec<[u8; 32]> {
    let mut out: Vec<[u8; 32]> = EIGHT_TORSION
        .iter()
        .map(|p| p.compress().to_bytes())
        .collect();
    let mut candidates = Vec::new();
    for i in 0..2u8 {
        let mut y = [0u8; 32];
        y[0] = i; // y = 0, 1
        candidates.push(y);
        let mut above_p = [0xffu8; 32];
        above_p[0] = 0xed + i; // y = p, p + 1
        above_p[31] = 0x7f;
        candidates.push(above_p);
    }
    let mut minus_one = [0xffu8; 32];
    minus_one[0] = 0xec;
    minus_one[31] = 0x7f;
    candidates.push(minus_one);
    for c in candidates {
        for sign in [0u8, 0x80] {
            let mut e = c;
            e[31] = (e[31] & 0x7f) | sign;
            if let Some(p) = CompressedEdwardsY(e).decompress()
                && p.is_small_order()
                && !out.contains(&e)
            {
                out.push(e);
            }
        }
    }
    out
}

/// ZIP-215's small-order cases (ed25519-zebra's `small_order` test): every (A, R) pair of
/// small-order encodings with s = 0 is ZIP-215-valid and strictly invalid; in one batch
/// with honest signatures, the batch says exactly what single verification says.
#[test]
fn zip215_small_order_cases_in_one_batch() {
    let small = small_order_encodings();
    assert_eq!(small.len(), 14);
    let mut owned = Vec::new();
    for a in &small {
        for r in &small {
            let mut sig = vec![0u8; 64];
            sig[..32].copy_from_slice(r);
            owned.push(Owned {
                alg: Algorithm::Ed25519,
                pk: a.to_vec(),
                msg: b"Zcash".to_vec(),
                sig,
                ctx: Vec::new(),
            });
        }
    }
    for i in 0..8u8 {
        owned.push(signed(Algorithm::Ed25519, 100 + i, b"honest", b""));
    }
    let zip = check_agreement(&owned, Ed25519Rule::Zip215);
    assert!(zip.iter().all(Result::is_ok), "{zip:?}");
    let strict = check_agreement(&owned, Ed25519Rule::Strict);
    assert_eq!(
        strict
            .iter()
            .filter(|r| **r == Err(Error::InvalidKey))
            .count(),
        196
    );
    // ed25519-zebra, the reference ZIP-215 implementation, agrees on every case.
    for o in &owned {
        let vk = ed25519_zebra::VerificationKey::try_from(<[u8; 32]>::try_from(&o.pk[..]).unwrap())
            .unwrap();
        let sig = ed25519_zebra::Signature::from_bytes(&o.sig[..].try_into().unwrap());
        assert!(vk.verify(&sig, &o.msg).is_ok());
    }
}

/// A signature whose R carries a torsion component: `R = [r]B + T`, `s = r + k·a`. The
/// cofactored equation holds, the cofactorless one does not: ZIP-215 accepts, strict
/// refuses, and the batch agrees with each rule, alone and among honest items.
#[test]
fn mixed_order_r_is_decided_like_single_verification() {
    let a = Scalar::from_bytes_mod_order([7; 32]);
    let pk = (ED25519_BASEPOINT_POINT * a).compress().to_bytes();
    let mut owned = Vec::new();
    for (t, torsion) in EIGHT_TORSION.iter().enumerate() {
        let r = Scalar::from_bytes_mod_order([t as u8 + 1; 32]);
        let big_r = (ED25519_BASEPOINT_POINT * r + torsion)
            .compress()
            .to_bytes();
        let msg = format!("mixed order {t}").into_bytes();
        let k = Scalar::from_bytes_mod_order_wide(
            &Sha512::new()
                .chain_update(big_r)
                .chain_update(pk)
                .chain_update(&msg)
                .finalize()
                .into(),
        );
        let s = r + k * a;
        let mut sig = big_r.to_vec();
        sig.extend_from_slice(s.as_bytes());
        owned.push(Owned {
            alg: Algorithm::Ed25519,
            pk: pk.to_vec(),
            msg,
            sig,
            ctx: Vec::new(),
        });
    }
    for i in 0..6u8 {
        owned.push(signed(Algorithm::Ed25519, 150 + i, b"honest", b""));
    }
    let zip = check_agreement(&owned, Ed25519Rule::Zip215);
    assert!(zip.iter().all(Result::is_ok), "{zip:?}");
    let strict = check_agreement(&owned, Ed25519Rule::Strict);
    // T = identity gives an honest signature; the other seven fail strictly (R of
    // mixed order is canonical and not small, so the equation itself fails).
    let failed: Vec<usize> = (0..strict.len()).filter(|&i| strict[i].is_err()).collect();
    let expected: Vec<usize> = (0..8)
        .filter(|&t| EIGHT_TORSION[t] != EdwardsPoint::default())
        .collect();
    assert_eq!(failed, expected);
}

/// The plain sum of BLS signatures lets `σ1 + σ2` under key 1 and the point at infinity
/// under key 2 pass an unweighted aggregate check; the randomised batch names both.
#[cfg(feature = "bls")]
#[test]
fn bls_cancellation_is_caught_same_and_distinct_messages() {
    let k1 = bls::SigningKey::from_seed(&[1; 32]).unwrap();
    let k2 = bls::SigningKey::from_seed(&[2; 32]).unwrap();
    let mut infinity = vec![0u8; 96];
    infinity[0] = 0xc0;
    for (m1, m2) in [(&b"same"[..], &b"same"[..]), (&b"one"[..], &b"two"[..])] {
        let s1 = k1.sign(m1).unwrap();
        let s2 = k2.sign(m2).unwrap();
        let sum = bls::aggregate_signatures(&[s1, s2]).unwrap();
        // The unweighted aggregate check passes...
        let vks = [k1.verifying_key(), k2.verifying_key()];
        let inf = bls::Signature::from_bytes(&infinity).unwrap();
        let agg = bls::aggregate_signatures(&[sum, inf]).unwrap();
        bls::aggregate_verify(&vks, &[m1, m2], &agg).unwrap();
        // ...but neither item is valid, and the batch says so.
        let mut owned = vec![
            Owned {
                alg: Algorithm::Bls12381,
                pk: vks[0].to_bytes(),
                msg: m1.to_vec(),
                sig: sum.to_bytes(),
                ctx: Vec::new(),
            },
            Owned {
                alg: Algorithm::Bls12381,
                pk: vks[1].to_bytes(),
                msg: m2.to_vec(),
                sig: infinity.clone(),
                ctx: Vec::new(),
            },
        ];
        for i in 0..5u8 {
            owned.push(signed(Algorithm::Bls12381, 70 + i, m1, b""));
            owned.push(signed(Algorithm::Bls12381, 80 + i, &[i; 9], b""));
        }
        let results = check_agreement(&owned, Ed25519Rule::Zip215);
        assert_eq!(results[0], Err(Error::InvalidSignature));
        assert_eq!(results[1], Err(Error::InvalidSignature));
        assert!(results[2..].iter().all(Result::is_ok));
    }
}

#[test]
fn limits_are_enforced_before_any_work() {
    let o = signed(Algorithm::Ed25519, 1, b"0123456789", b"");
    let mut batch = BatchVerifier::with_limits(Limits {
        max_items: 3,
        max_message_bytes: 25,
    });
    batch.push(o.item()).unwrap();
    batch.push(o.item()).unwrap();
    assert_eq!(batch.push(o.item()), Err(Error::LimitExceeded)); // 30 bytes > 25
    batch
        .push(Item::new(Algorithm::Ed25519, &o.pk, b"", &o.sig))
        .unwrap();
    assert_eq!(
        batch.push(Item::new(Algorithm::Ed25519, &o.pk, b"", &o.sig)),
        Err(Error::LimitExceeded)
    );
    assert_eq!(batch.len(), 3);
    assert_eq!(Limits::default(), Limits::DEFAULT);
    assert!(BatchVerifier::new().verify_all().is_ok());
    assert!(BatchVerifier::new().verify_each().is_empty());
}

#[test]
fn results_are_deterministic_and_order_independent_per_item() {
    let pool = valid_pool();
    let mut owned: Vec<Owned> = pool.iter().take(12).cloned().collect();
    owned[3].sig[0] ^= 1;
    owned[7].msg.clear();
    let a = check_agreement(&owned, Ed25519Rule::Zip215);
    let b = check_agreement(&owned, Ed25519Rule::Zip215);
    assert_eq!(a, b);
    owned.reverse();
    let mut c = check_agreement(&owned, Ed25519Rule::Zip215);
    c.reverse();
    assert_eq!(a, c);
}

#[test]
fn a_large_ed25519_batch_spans_several_chunks() {
    let valid: Vec<Owned> = (0..600u32)
        .map(|i| signed(Algorithm::Ed25519, (i % 251) as u8, &i.to_le_bytes(), b""))
        .collect();
    let results = check_agreement(&valid, Ed25519Rule::Zip215);
    assert!(results.iter().all(Result::is_ok));
    let mut bad = valid.clone();
    bad[599].msg[0] ^= 1;
    bad[1].sig[40] ^= 2;
    let results = check_agreement(&bad, Ed25519Rule::Zip215);
    assert_eq!(results.iter().filter(|r| r.is_err()).count(), 2);
}

/// Items built from decoded Ed25519 keys and signatures verify exactly like the same
/// items from bytes: honest, corrupted, small-order (ZIP-215) and mixed-order cases.
#[test]
fn decoded_ed25519_items_agree_with_byte_items() {
    use zcrypto::sig::ed25519::{Signature, VerifyingKey};
    let mut owned: Vec<Owned> = (0..40u8)
        .map(|i| signed(Algorithm::Ed25519, i, &[i; 20], b""))
        .collect();
    owned[3].msg.push(1);
    owned[17].sig[2] ^= 4;
    for a in small_order_encodings().iter().take(4) {
        for r in small_order_encodings().iter().take(4) {
            let mut sig = vec![0u8; 64];
            sig[..32].copy_from_slice(r);
            owned.push(Owned {
                alg: Algorithm::Ed25519,
                pk: a.to_vec(),
                msg: b"Zcash".to_vec(),
                sig,
                ctx: Vec::new(),
            });
        }
    }
    let decoded: Vec<(VerifyingKey, Signature)> = owned
        .iter()
        .map(|o| {
            (
                VerifyingKey::from_bytes(&o.pk).unwrap(),
                Signature::from_bytes(&o.sig).unwrap(),
            )
        })
        .collect();
    for rule in [Ed25519Rule::Zip215, Ed25519Rule::Strict] {
        let mut from_bytes = BatchVerifier::new().ed25519_rule(rule);
        let mut typed = BatchVerifier::new().ed25519_rule(rule);
        for (o, (vk, sig)) in owned.iter().zip(&decoded) {
            from_bytes.push(o.item()).unwrap();
            typed.push(Item::ed25519(vk, &o.msg, sig)).unwrap();
        }
        let expected = from_bytes.verify_each();
        assert_eq!(typed.verify_each(), expected, "{rule:?}");
        assert_eq!(typed.verify_all().is_ok(), from_bytes.verify_all().is_ok());
        assert!(expected.iter().filter(|r| r.is_err()).count() >= 2);
    }
}
