//! BLS12-381 (min_pk, Ethereum POP ciphersuite): every file of the Ethereum
//! bls12-381-tests v0.1.2 handlers, an independent implementation (Python `py_ecc`), and
//! negative tests.
#![cfg(feature = "bls")]

mod common;

use std::path::PathBuf;

use serde_json::Value;
use zcrypto::sig::bls::{self, ProofOfPossession, Signature, SigningKey, VerifyingKey};
use zcrypto::sig::{Encoding, Signer, Verifier};
use zcrypto::{Algorithm, Error};

use common::{load_json, unhex, vectors_dir};

const ETH: &str = "bls12-381/eth-bls12-381-tests";

/// Hex with or without `0x` (the deserialisation vectors have none).
fn h(s: &str) -> Vec<u8> {
    unhex(s.strip_prefix("0x").unwrap_or(s))
}

fn hv(v: &Value) -> Vec<u8> {
    h(v.as_str()
        .unwrap_or_else(|| panic!("expected a hex string, got {v}")))
}

fn hex(b: &[u8]) -> String {
    hex::encode(b)
}

/// Every `*.json` case of a handler, sorted by name, checked against the expected count
/// so that a missing or empty directory fails.
fn cases(handler: &str, expected: usize) -> Vec<(String, Value)> {
    let dir: PathBuf = vectors_dir().join(ETH).join(handler);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert_eq!(names.len(), expected, "{handler}: number of vector files");
    names
        .into_iter()
        .map(|n| {
            let v = load_json(&format!("{ETH}/{handler}/{n}"));
            (n, v)
        })
        .collect()
}

fn parse_keys(v: &Value) -> Result<Vec<VerifyingKey>, Error> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|k| VerifyingKey::from_bytes(&hv(k)))
        .collect()
}

fn g2_infinity() -> [u8; 96] {
    let mut b = [0u8; 96];
    b[0] = 0xc0;
    b
}

fn g1_infinity() -> [u8; 48] {
    let mut b = [0u8; 48];
    b[0] = 0xc0;
    b
}

// ---------------------------------------------------------------------------------------
// Known answer (the self-test values)
// ---------------------------------------------------------------------------------------

/// Ethereum `sign/sign_case_c82df61aa3ee60fb.json` (privkey 0x263d…, message 0x00…00); the public key
/// is the one the `verify`/`batch_verify` vectors pair with this signature.
const KAT_SK: &str = "263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3";
const KAT_MSG: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const KAT_PK: &str = "a491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20f\
                      d6e10c1b77654d067c0618f6e5a7f79a";
const KAT_SIG: &str = "b6ed936746e01f8ecf281f020953fbf1f01debd5657c4a383940b020b26507f6\
                       076334f91e2366c96e9ab279fb5158090352ea1c5b0c9274504f4f0e7053af24\
                       802e51e4568d164fe986834f41e55c8e850ce1f98458c0cfc9ab380b55285a55";

#[test]
fn known_answer() {
    let sk = SigningKey::from_bytes(&unhex(KAT_SK)).unwrap();
    assert_eq!(sk.verifying_key().to_hex(), KAT_PK);
    let sig = sk.sign(&unhex(KAT_MSG)).unwrap();
    assert_eq!(sig.to_hex(), KAT_SIG);
    let vk = VerifyingKey::from_hex(KAT_PK).unwrap();
    vk.verify(&unhex(KAT_MSG), &Signature::from_hex(KAT_SIG).unwrap())
        .unwrap();
    // The sign vector containing this case.
    let found = cases("sign", 10).into_iter().any(|(_, c)| {
        c["input"]["privkey"] == format!("0x{KAT_SK}")
            && c["input"]["message"] == format!("0x{KAT_MSG}")
            && c["output"] == format!("0x{KAT_SIG}")
    });
    assert!(found, "KAT not among the sign vectors");
    assert_eq!(<SigningKey as Signer>::ALGORITHM, Algorithm::Bls12381);
    assert_eq!(Algorithm::Bls12381.to_string(), "bls12-381");
    assert_eq!(<SigningKey as Signer>::SEED_LEN, 32);
}

// ---------------------------------------------------------------------------------------
// Ethereum bls12-381-tests, one test per handler, every file
// ---------------------------------------------------------------------------------------

#[test]
fn eth_sign() {
    let (mut ok, mut null) = (0, 0);
    for (name, c) in cases("sign", 10) {
        let msg = hv(&c["input"]["message"]);
        let sk = SigningKey::from_bytes(&hv(&c["input"]["privkey"]));
        if c["output"].is_null() {
            assert_eq!(sk.err(), Some(Error::InvalidKey), "{name}");
            null += 1;
            continue;
        }
        let sk = sk.unwrap_or_else(|e| panic!("{name}: {e}"));
        let sig = sk.sign(&msg).unwrap();
        assert_eq!(sig.to_bytes(), hv(&c["output"]), "{name}");
        sk.verifying_key().verify(&msg, &sig).unwrap();
        ok += 1;
    }
    assert_eq!((ok, null), (9, 1));
}

#[test]
fn eth_verify() {
    let (mut valid, mut invalid) = (0, 0);
    for (name, c) in cases("verify", 29) {
        let i = &c["input"];
        let result = VerifyingKey::from_bytes(&hv(&i["pubkey"])).and_then(|vk| {
            let sig = Signature::from_bytes(&hv(&i["signature"]))?;
            vk.verify(&hv(&i["message"]), &sig)
        });
        let expected = c["output"].as_bool().unwrap();
        assert_eq!(result.is_ok(), expected, "{name}: {result:?}");
        if expected {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    assert_eq!((valid, invalid), (10, 19));
}

#[test]
fn eth_aggregate() {
    let (mut ok, mut null) = (0, 0);
    for (name, c) in cases("aggregate", 6) {
        let sigs: Vec<Signature> = c["input"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| Signature::from_bytes(&hv(s)).unwrap_or_else(|e| panic!("{name}: {e}")))
            .collect();
        let agg = bls::aggregate_signatures(&sigs);
        if c["output"].is_null() {
            assert_eq!(agg, Err(Error::InvalidSignature), "{name}");
            null += 1;
        } else {
            assert_eq!(agg.unwrap().to_bytes(), hv(&c["output"]), "{name}");
            ok += 1;
        }
    }
    assert_eq!((ok, null), (5, 1));
}

#[test]
fn eth_fast_aggregate_verify() {
    let (mut valid, mut invalid) = (0, 0);
    for (name, c) in cases("fast_aggregate_verify", 12) {
        let i = &c["input"];
        let result = parse_keys(&i["pubkeys"]).and_then(|keys| {
            let sig = Signature::from_bytes(&hv(&i["signature"]))?;
            bls::fast_aggregate_verify(&keys, &hv(&i["message"]), &sig)
        });
        let expected = c["output"].as_bool().unwrap();
        assert_eq!(result.is_ok(), expected, "{name}: {result:?}");
        if expected {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    assert_eq!((valid, invalid), (3, 9));
}

#[test]
fn eth_aggregate_verify() {
    let (mut valid, mut invalid) = (0, 0);
    for (name, c) in cases("aggregate_verify", 5) {
        let i = &c["input"];
        let messages: Vec<Vec<u8>> = i["messages"].as_array().unwrap().iter().map(hv).collect();
        let result = parse_keys(&i["pubkeys"]).and_then(|keys| {
            let sig = Signature::from_bytes(&hv(&i["signature"]))?;
            bls::aggregate_verify(&keys, &messages, &sig)
        });
        let expected = c["output"].as_bool().unwrap();
        assert_eq!(result.is_ok(), expected, "{name}: {result:?}");
        if expected {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    assert_eq!((valid, invalid), (1, 4));
}

/// `batch_verify` is true iff every (key, message, signature) triple verifies, so each
/// file is run through per-item verification (zcrypto has no randomised batch API yet).
#[test]
fn eth_batch_verify_per_item() {
    let (mut valid, mut invalid) = (0, 0);
    for (name, c) in cases("batch_verify", 3) {
        let i = &c["input"];
        let keys = i["pubkeys"].as_array().unwrap();
        let msgs = i["messages"].as_array().unwrap();
        let sigs = i["signatures"].as_array().unwrap();
        assert!(keys.len() == msgs.len() && msgs.len() == sigs.len() && !keys.is_empty());
        let all = keys.iter().zip(msgs).zip(sigs).all(|((k, m), s)| {
            VerifyingKey::from_bytes(&hv(k))
                .and_then(|vk| vk.verify(&hv(m), &Signature::from_bytes(&hv(s))?))
                .is_ok()
        });
        let expected = c["output"].as_bool().unwrap();
        assert_eq!(all, expected, "{name}");
        if expected {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    assert_eq!((valid, invalid), (2, 1));
}

/// G1 deserialisation. The vectors test point decoding alone, where the point at
/// infinity is valid; zcrypto decodes public keys with `KeyValidate`, which refuses it
/// (`InvalidKey`), as the Ethereum `verify`/`*_infinity_pubkey` cases require.
#[test]
fn eth_deserialization_g1() {
    let (mut ok, mut rejected, mut infinity) = (0, 0, 0);
    for (name, c) in cases("deserialization_G1", 13) {
        let bytes = hv(&c["input"]["pubkey"]);
        let result = VerifyingKey::from_bytes(&bytes);
        let expected = c["output"].as_bool().unwrap();
        if expected && bytes == g1_infinity() {
            assert_eq!(result, Err(Error::InvalidKey), "{name}");
            infinity += 1;
        } else if expected {
            assert_eq!(result.unwrap().to_bytes(), bytes, "{name}");
            ok += 1;
        } else {
            let err = result.unwrap_err();
            if bytes.len() == 48 {
                assert_eq!(err, Error::InvalidKey, "{name}");
            } else {
                assert!(
                    matches!(err, Error::InvalidLength { expected: 48, .. }),
                    "{name}"
                );
            }
            rejected += 1;
        }
    }
    assert_eq!((ok, infinity, rejected), (1, 1, 11));
}

#[test]
fn eth_deserialization_g2() {
    let (mut ok, mut rejected) = (0, 0);
    for (name, c) in cases("deserialization_G2", 15) {
        let bytes = hv(&c["input"]["signature"]);
        let result = Signature::from_bytes(&bytes);
        if c["output"].as_bool().unwrap() {
            let sig = result.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(sig.to_bytes(), bytes, "{name}");
            assert_eq!(sig.is_infinity(), bytes == g2_infinity(), "{name}");
            ok += 1;
        } else {
            let err = result.unwrap_err();
            if bytes.len() == 96 {
                assert_eq!(err, Error::InvalidSignature, "{name}");
            } else {
                assert!(
                    matches!(err, Error::InvalidLength { expected: 96, .. }),
                    "{name}"
                );
            }
            rejected += 1;
        }
    }
    assert_eq!((ok, rejected), (2, 13));
}

/// hash_to_G2 (RFC 9380 `BLS12381G2_XMD:SHA-256_SSWU_RO_` with the suite's test DST).
/// zcrypto does not expose hash-to-curve with a caller-chosen DST, so this checks the
/// blst routine that `sig::bls` signs with: signing with the scalar 1 under the test DST
/// is exactly hash_to_G2. The affine point is compared in blst's uncompressed encoding
/// `x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0` (the vectors list `c0,c1`).
#[test]
fn eth_hash_to_g2_via_blst() {
    const QUUX_DST: &[u8] = b"QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_";
    let mut one = [0u8; 32];
    one[31] = 1;
    let one = blst::min_pk::SecretKey::from_bytes(&one).unwrap();
    let mut n = 0;
    for (name, c) in cases("hash_to_G2", 4) {
        let msg = c["input"]["msg"].as_str().unwrap().as_bytes();
        let coords = |k: &str| -> Vec<Vec<u8>> {
            c["output"][k].as_str().unwrap().split(',').map(h).collect()
        };
        let (x, y) = (coords("x"), coords("y"));
        let expected = [&x[1][..], &x[0], &y[1], &y[0]].concat();
        let point = one.sign(msg, QUUX_DST, &[]);
        assert_eq!(hex(&point.serialize()), hex(&expected), "{name}");
        n += 1;
    }
    assert_eq!(n, 4);
}

// ---------------------------------------------------------------------------------------
// Independent implementation: Python py_ecc (pure Python)
// ---------------------------------------------------------------------------------------

/// Reads `ikm0 ikm1 msg msg2 sig0 sig1 agg agg2 pop0` (hex, zcrypto's outputs) and
/// prints one result per line. py_ecc is slow, so it signs only three times (two
/// `Sign`, one `PopProve`) and checks zcrypto's values otherwise.
const PY_ECC_SCRIPT: &str = r#"
import sys
from py_ecc.bls import G2ProofOfPossession as bls

f = [bytes.fromhex(x) for x in sys.stdin.read().split()]
ikm0, ikm1, msg, msg2, sig0, sig1, agg, agg2, pop0 = f
sk0, sk1 = bls.KeyGen(ikm0), bls.KeyGen(ikm1)
pk0, pk1 = bls.SkToPk(sk0), bls.SkToPk(sk1)
out = [
    "%064x" % sk0,
    pk0.hex(),
    pk1.hex(),
    bls.Sign(sk0, msg).hex(),
    bls.Sign(sk1, msg).hex(),
    bls.PopProve(sk0).hex(),
    bls.Aggregate([sig0, sig1]).hex(),
    str(bls.Verify(pk0, msg, sig0)),
    str(bls.Verify(pk0, msg + b"x", sig0)),
    str(bls.FastAggregateVerify([pk0, pk1], msg, agg)),
    str(bls.AggregateVerify([pk0, pk1], [msg, msg2], agg2)),
    str(bls.PopVerify(pk0, pop0)),
    str(bls.PopVerify(pk1, pop0)),
]
print("\n".join(out))
"#;

fn py_ecc(input: &str) -> Vec<String> {
    common::python_lines(PY_ECC_SCRIPT, input, "py_ecc.bls")
}

#[test]
fn py_ecc_cross_check() {
    let (ikm0, ikm1) = ([0x11u8; 32], [0x22u8; 32]);
    let msg = b"zcrypto bls cross-check".as_slice();
    let msg2 = b"a second message".as_slice();
    let k0 = SigningKey::from_seed(&ikm0).unwrap();
    let k1 = SigningKey::from_seed(&ikm1).unwrap();
    let (sig0, sig1) = (k0.sign(msg).unwrap(), k1.sign(msg).unwrap());
    let agg = bls::aggregate_signatures(&[sig0, sig1]).unwrap();
    let agg2 = bls::aggregate_signatures(&[sig0, k1.sign(msg2).unwrap()]).unwrap();
    let pop0 = k0.prove_possession();
    let input = [
        hex(&ikm0),
        hex(&ikm1),
        hex(msg),
        hex(msg2),
        sig0.to_hex(),
        sig1.to_hex(),
        agg.to_hex(),
        agg2.to_hex(),
        pop0.to_hex(),
    ]
    .join("\n");
    let out = py_ecc(&input);
    let expected = vec![
        hex(&*k0.to_bytes()),
        k0.verifying_key().to_hex(),
        k1.verifying_key().to_hex(),
        sig0.to_hex(),
        sig1.to_hex(),
        pop0.to_hex(),
        agg.to_hex(),
        "True".to_owned(),
        "False".to_owned(),
        "True".to_owned(),
        "True".to_owned(),
        "True".to_owned(),
        "False".to_owned(),
    ];
    assert_eq!(out, expected);
}

// ---------------------------------------------------------------------------------------
// Negative tests
// ---------------------------------------------------------------------------------------

fn keys(n: u8) -> Vec<SigningKey> {
    (1..=n)
        .map(|i| SigningKey::from_seed(&[i; 32]).unwrap())
        .collect()
}

#[test]
fn wrong_key_and_wrong_message() {
    let ks = keys(2);
    let sig = ks[0].sign(b"m").unwrap();
    assert_eq!(
        ks[1].verifying_key().verify(b"m", &sig),
        Err(Error::InvalidSignature)
    );
    assert_eq!(
        ks[0].verifying_key().verify(b"n", &sig),
        Err(Error::InvalidSignature)
    );
    assert_eq!(
        ks[0].verifying_key().verify(b"", &sig),
        Err(Error::InvalidSignature)
    );
    ks[0].verifying_key().verify(b"m", &sig).unwrap();
    // A context is refused on both sides.
    assert_eq!(
        ks[0].sign_with_context(b"m", b"c"),
        Err(Error::UnsupportedAlgorithm)
    );
    assert_eq!(
        ks[0].verifying_key().verify_with_context(b"m", b"c", &sig),
        Err(Error::UnsupportedAlgorithm)
    );
    ks[0]
        .verifying_key()
        .verify_with_context(b"m", b"", &sig)
        .unwrap();
}

#[test]
fn flipped_bits_never_verify() {
    let sk = &keys(1)[0];
    let vk = sk.verifying_key();
    let sig = sk.sign(b"flip").unwrap().to_bytes();
    let pk = vk.to_bytes();
    for bit in (0..96 * 8).step_by(7).chain([0, 1, 2, 3, 767]) {
        let mut bad = sig.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        let r = Signature::from_bytes(&bad).and_then(|s| vk.verify(b"flip", &s));
        assert_eq!(r, Err(Error::InvalidSignature), "signature bit {bit}");
    }
    for bit in (0..48 * 8).step_by(5).chain([0, 1, 2, 383]) {
        let mut bad = pk.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        let sig = Signature::from_bytes(&sig).unwrap();
        match VerifyingKey::from_bytes(&bad) {
            Err(e) => assert_eq!(e, Error::InvalidKey, "key bit {bit}"),
            Ok(k) => assert_eq!(k.verify(b"flip", &sig), Err(Error::InvalidSignature)),
        }
    }
    // Bit 0x20 of the first byte is the sign of y: flipping it gives −P, still a valid
    // point (so it decodes) but not a valid signature or the same key.
    let mut neg = sig.clone();
    neg[0] ^= 0x20;
    let neg = Signature::from_bytes(&neg).unwrap();
    assert_eq!(vk.verify(b"flip", &neg), Err(Error::InvalidSignature));
}

#[test]
fn infinity_points() {
    // Infinity public key: KeyValidate refuses it.
    assert_eq!(
        VerifyingKey::from_bytes(&g1_infinity()),
        Err(Error::InvalidKey)
    );
    // Infinity signature: decodes, never verifies, is the aggregation identity.
    let inf = Signature::from_bytes(&g2_infinity()).unwrap();
    assert!(inf.is_infinity());
    let ks = keys(2);
    let vks: Vec<VerifyingKey> = ks.iter().map(|k| k.verifying_key()).collect();
    assert_eq!(vks[0].verify(b"", &inf), Err(Error::InvalidSignature));
    assert_eq!(
        bls::fast_aggregate_verify(&vks, b"", &inf),
        Err(Error::InvalidSignature)
    );
    assert_eq!(
        ProofOfPossession::from_bytes(&g2_infinity()).and_then(|p| vks[0].verify_possession(&p)),
        Err(Error::InvalidSignature)
    );
    let sig = ks[0].sign(b"m").unwrap();
    assert_eq!(bls::aggregate_signatures(&[sig, inf]).unwrap(), sig);
    assert_eq!(bls::aggregate_signatures(&[inf, inf]).unwrap(), inf);
    // Keys that sum to infinity (P + (−P), a rogue-key shape): the aggregate is refused.
    let mut neg = vks[0].to_bytes();
    neg[0] ^= 0x20;
    let neg = VerifyingKey::from_bytes(&neg).unwrap();
    assert_eq!(
        bls::aggregate_verifying_keys(&[vks[0], neg]),
        Err(Error::InvalidKey)
    );
    assert_eq!(
        bls::fast_aggregate_verify(&[vks[0], neg], b"m", &inf),
        Err(Error::InvalidKey)
    );
}

#[test]
fn points_outside_the_subgroup() {
    // On the curve, not in the prime-order subgroup (from the deserialisation vectors).
    let c = load_json(&format!(
        "{ETH}/deserialization_G1/deserialization_fails_not_in_G1.json"
    ));
    let g1 = hv(&c["input"]["pubkey"]);
    assert_eq!(VerifyingKey::from_bytes(&g1), Err(Error::InvalidKey));
    let c = load_json(&format!(
        "{ETH}/deserialization_G2/deserialization_fails_not_in_G2.json"
    ));
    let g2 = hv(&c["input"]["signature"]);
    assert_eq!(Signature::from_bytes(&g2), Err(Error::InvalidSignature));
    assert_eq!(
        ProofOfPossession::from_bytes(&g2),
        Err(Error::InvalidSignature)
    );
    // The same points are on the curve: blst decodes them without the subgroup check.
    assert!(blst::min_pk::PublicKey::uncompress(&g1).is_ok());
    assert!(blst::min_pk::Signature::uncompress(&g2).is_ok());
    assert!(blst::min_pk::PublicKey::key_validate(&g1).is_err());
    assert!(blst::min_pk::Signature::sig_validate(&g2, false).is_err());
}

#[test]
fn wrong_lengths() {
    let ks = keys(1);
    let pk = ks[0].verifying_key().to_bytes();
    let sig = ks[0].sign(b"m").unwrap().to_bytes();
    for len in [0, 47, 49, 96] {
        let mut b = pk.clone();
        b.resize(len, 0);
        assert_eq!(
            VerifyingKey::from_bytes(&b),
            Err(Error::InvalidLength {
                expected: 48,
                got: len
            })
        );
    }
    for len in [0, 48, 95, 97, 192] {
        let mut b = sig.clone();
        b.resize(len, 0);
        let e = Error::InvalidLength {
            expected: 96,
            got: len,
        };
        assert_eq!(Signature::from_bytes(&b).err(), Some(e));
        assert_eq!(ProofOfPossession::from_bytes(&b).err(), Some(e));
    }
    for len in [0, 31, 33, 64] {
        let e = Some(Error::InvalidLength {
            expected: 32,
            got: len,
        });
        assert_eq!(SigningKey::from_bytes(&vec![1; len]).err(), e);
        assert_eq!(SigningKey::from_seed(&vec![1; len]).err(), e);
    }
    // key_gen takes any IKM of at least 32 bytes.
    assert_eq!(
        SigningKey::key_gen(&[1; 31], b"").err(),
        Some(Error::InvalidLength {
            expected: 32,
            got: 31
        })
    );
    assert!(SigningKey::key_gen(&[1; 64], b"info").is_ok());
    // Secret scalars: 0 and ≥ r are invalid; r − 1 is valid.
    let r = unhex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
    assert_eq!(SigningKey::from_bytes(&r).err(), Some(Error::InvalidKey));
    let mut r_minus_1 = r.clone();
    r_minus_1[31] = 0;
    assert!(SigningKey::from_bytes(&r_minus_1).is_ok());
    assert_eq!(
        SigningKey::from_bytes(&[0; 32]).err(),
        Some(Error::InvalidKey)
    );
    // Uncompressed (96-byte) G1 encodings are not accepted as keys.
    let uncompressed = {
        let k = blst::min_pk::PublicKey::uncompress(&pk).unwrap();
        k.serialize().to_vec()
    };
    assert!(matches!(
        VerifyingKey::from_bytes(&uncompressed),
        Err(Error::InvalidLength { expected: 48, .. })
    ));
}

#[test]
fn empty_and_mismatched_aggregates() {
    let ks = keys(3);
    let vks: Vec<VerifyingKey> = ks.iter().map(|k| k.verifying_key()).collect();
    let sig = ks[0].sign(b"m").unwrap();
    assert_eq!(bls::aggregate_signatures(&[]), Err(Error::InvalidSignature));
    assert_eq!(bls::aggregate_verifying_keys(&[]), Err(Error::InvalidKey));
    assert_eq!(
        bls::fast_aggregate_verify(&[], b"m", &sig),
        Err(Error::InvalidKey)
    );
    assert_eq!(
        bls::aggregate_verify::<&[u8]>(&[], &[], &sig),
        Err(Error::InvalidKey)
    );
    assert_eq!(
        bls::aggregate_verify(&vks, &[b"m", b"n"], &sig),
        Err(Error::InvalidLength {
            expected: 3,
            got: 2
        })
    );
    // One key too many or too few.
    let sigs: Vec<Signature> = ks.iter().map(|k| k.sign(b"m").unwrap()).collect();
    let agg = bls::aggregate_signatures(&sigs).unwrap();
    bls::fast_aggregate_verify(&vks, b"m", &agg).unwrap();
    assert_eq!(
        bls::fast_aggregate_verify(&vks[..2], b"m", &agg),
        Err(Error::InvalidSignature)
    );
    let more = [
        vks.clone(),
        keys(4)[3..].iter().map(|k| k.verifying_key()).collect(),
    ]
    .concat();
    assert_eq!(
        bls::fast_aggregate_verify(&more, b"m", &agg),
        Err(Error::InvalidSignature)
    );
    // Same signatures, but with the PoP DST / a different message.
    assert_eq!(
        bls::fast_aggregate_verify(&vks, b"n", &agg),
        Err(Error::InvalidSignature)
    );
}

#[test]
fn aggregate_verify_allows_repeated_messages() {
    // POP ciphersuite: AggregateVerify is CoreAggregateVerify, no distinctness rule.
    let ks = keys(3);
    let vks: Vec<VerifyingKey> = ks.iter().map(|k| k.verifying_key()).collect();
    let msgs: [&[u8]; 3] = [b"same", b"same", b"other"];
    let sigs: Vec<Signature> = ks
        .iter()
        .zip(msgs)
        .map(|(k, m)| k.sign(m).unwrap())
        .collect();
    let agg = bls::aggregate_signatures(&sigs).unwrap();
    bls::aggregate_verify(&vks, &msgs, &agg).unwrap();
    assert_eq!(
        bls::aggregate_verify(&vks, &[b"same".as_slice(), b"other", b"same"], &agg),
        Err(Error::InvalidSignature)
    );
    // The aggregate key verifies the same-message part only through fast_aggregate_verify.
    let two = bls::aggregate_signatures(&sigs[..2]).unwrap();
    bls::fast_aggregate_verify(&vks[..2], b"same", &two).unwrap();
    bls::aggregate_verifying_keys(&vks[..2])
        .unwrap()
        .verify(b"same", &two)
        .unwrap();
}

#[test]
fn proof_of_possession() {
    let ks = keys(2);
    let pop = ks[0].prove_possession();
    ks[0].verifying_key().verify_possession(&pop).unwrap();
    assert_eq!(
        ks[1].verifying_key().verify_possession(&pop),
        Err(Error::InvalidSignature)
    );
    // Deterministic and round-trips.
    assert_eq!(ks[0].prove_possession(), pop);
    assert_eq!(ProofOfPossession::from_hex(&pop.to_hex()).unwrap(), pop);
    // Signing the key bytes as a message is not a proof of possession.
    let vk = ks[0].verifying_key();
    let as_msg = ks[0].sign(vk.as_bytes()).unwrap();
    assert_ne!(as_msg.as_bytes(), pop.as_bytes());
    assert_eq!(
        vk.verify_possession(&ProofOfPossession::from_bytes(as_msg.as_bytes()).unwrap()),
        Err(Error::InvalidSignature)
    );
}

#[test]
fn key_generation() {
    // from_seed is KeyGen(IKM, "") (the cross-check against py_ecc pins its value).
    let a = SigningKey::from_seed(&[7; 32]).unwrap();
    let b = SigningKey::key_gen(&[7; 32], b"").unwrap();
    assert_eq!(*a.to_bytes(), *b.to_bytes());
    assert_ne!(
        *a.to_bytes(),
        *SigningKey::key_gen(&[7; 32], b"x").unwrap().to_bytes()
    );
    // Round trip of the raw scalar.
    let c = SigningKey::from_bytes(&*a.to_bytes()).unwrap();
    assert_eq!(c.verifying_key(), a.verifying_key());
    assert_eq!(c.sign(b"z").unwrap(), a.sign(b"z").unwrap());
    #[cfg(feature = "std")]
    {
        let g = SigningKey::generate().unwrap();
        let h = SigningKey::generate().unwrap();
        assert_ne!(g.verifying_key(), h.verifying_key());
    }
}
