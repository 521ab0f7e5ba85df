//! EIP-4844 KZG (feature `kzg`): Ethereum's point-evaluation precompile vectors and
//! consensus-spec `verify_kzg_proof` cases (`vectors/kzg/point_evaluation.json`), a blob →
//! commitment → proof → verify round trip, and the refusals (wrong versioned hash, wrong
//! length, bad points, non-canonical field elements, tampered proofs).

use serde_json::Value;
use zcrypto::Error;
use zcrypto::zk::kzg::{
    self, BLS_MODULUS, BYTES_PER_BLOB, Blob, Commitment, FieldElement, POINT_EVALUATION_OUTPUT,
    Proof,
};

const VECTORS: &str = include_str!("../../vectors/kzg/point_evaluation.json");

fn vectors() -> Value {
    serde_json::from_str(VECTORS).unwrap()
}

fn unhex(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

fn fe(v: &Value) -> Result<FieldElement, Error> {
    FieldElement::from_bytes(unhex(v).try_into().unwrap())
}

fn precompile_input(c: &Commitment, z: &FieldElement, y: &FieldElement, p: &Proof) -> Vec<u8> {
    let mut input = Vec::with_capacity(192);
    input.extend_from_slice(&kzg::versioned_hash(c));
    input.extend_from_slice(z.as_bytes());
    input.extend_from_slice(y.as_bytes());
    input.extend_from_slice(c.as_bytes());
    input.extend_from_slice(p.as_bytes());
    input
}

#[test]
fn point_evaluation_vectors() {
    let v = vectors();
    let cases = v["point_evaluation"].as_array().unwrap();
    assert_eq!(cases.len(), 13);
    let mut valid = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let input = unhex(&case["input"]);
        let got = kzg::point_evaluation(&input);
        if case["expected_error"].is_null() {
            assert_eq!(got.unwrap().to_vec(), unhex(&case["expected"]), "{name}");
            valid += 1;
        } else {
            let err = got.expect_err(name);
            let msg = case["expected_error"].as_str().unwrap();
            let expected =
                if msg.starts_with("invalid kzg proof") || msg == "mismatched versioned hash" {
                    Error::InvalidProof
                } else {
                    // A point that does not decode (flags, subgroup).
                    Error::InvalidEncoding
                };
            assert_eq!(err, expected, "{name}: {msg}");
        }
    }
    assert_eq!(valid, 1);
}

#[test]
fn verify_kzg_proof_consensus_vectors() {
    let v = vectors();
    for case in v["verify_kzg_proof"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let c = Commitment::from_slice(&unhex(&case["commitment"])).unwrap();
        let p = Proof::from_slice(&unhex(&case["proof"])).unwrap();
        let z = fe(&case["z"]).unwrap();
        let y = fe(&case["y"]).unwrap();
        let got = kzg::verify_kzg_proof(&c, &z, &y, &p);
        let via_precompile = kzg::point_evaluation(&precompile_input(&c, &z, &y, &p));
        match case["output"].as_bool() {
            Some(true) => {
                assert_eq!(got, Ok(()), "{name}");
                assert_eq!(via_precompile, Ok(POINT_EVALUATION_OUTPUT), "{name}");
            }
            Some(false) => {
                assert_eq!(got, Err(Error::InvalidProof), "{name}");
                assert_eq!(via_precompile, Err(Error::InvalidProof), "{name}");
            }
            None => {
                assert_eq!(got, Err(Error::InvalidEncoding), "{name}");
                assert_eq!(via_precompile, Err(Error::InvalidEncoding), "{name}");
            }
        }
    }
}

fn valid_input() -> Vec<u8> {
    unhex(&vectors()["point_evaluation"][0]["input"])
}

#[test]
fn point_evaluation_refusals() {
    let good = valid_input();
    assert_eq!(kzg::point_evaluation(&good), Ok(POINT_EVALUATION_OUTPUT));

    // Wrong lengths, before any work.
    for len in [0, 1, 191, 193, 384] {
        let mut input = good.clone();
        input.resize(len, 0);
        assert_eq!(
            kzg::point_evaluation(&input),
            Err(Error::InvalidLength {
                expected: 192,
                got: len
            }),
            "{len}"
        );
    }

    // Versioned hash: wrong version byte, wrong hash byte.
    let mut input = good.clone();
    input[0] = 0x02;
    assert_eq!(kzg::point_evaluation(&input), Err(Error::InvalidProof));
    let mut input = good.clone();
    input[31] ^= 1;
    assert_eq!(kzg::point_evaluation(&input), Err(Error::InvalidProof));

    // z or y not canonical (= BLS_MODULUS, and all ones).
    for (at, value) in [(32, BLS_MODULUS), (64, BLS_MODULUS), (32, [0xff; 32])] {
        let mut input = good.clone();
        input[at..at + 32].copy_from_slice(&value);
        assert_eq!(
            kzg::point_evaluation(&input),
            Err(Error::InvalidEncoding),
            "{at}"
        );
    }

    // Another y: a well-formed, false claim.
    let mut input = good.clone();
    input[95] ^= 1;
    assert_eq!(kzg::point_evaluation(&input), Err(Error::InvalidProof));

    // Every single-bit flip of the proof is refused, and never panics.
    for bit in 0..48 * 8 {
        let mut input = good.clone();
        input[144 + bit / 8] ^= 1 << (bit % 8);
        let r = kzg::point_evaluation(&input);
        assert!(
            matches!(r, Err(Error::InvalidProof | Error::InvalidEncoding)),
            "bit {bit}: {r:?}"
        );
    }

    // A commitment that is not a point (with its matching versioned hash).
    let mut c = [0u8; 48];
    c[0] = 0x80; // compressed flag, x = 0: not on the curve
    let c = Commitment::from_bytes(c);
    let z = FieldElement::from_u64(1);
    let p = Proof::from_slice(&good[144..]).unwrap();
    let input = precompile_input(&c, &z, &z, &p);
    assert_eq!(kzg::point_evaluation(&input), Err(Error::InvalidEncoding));
}

fn test_blob(seed: u64) -> Blob {
    // Canonical field elements: the top byte of each 32-byte element stays 0.
    let mut bytes = vec![0u8; BYTES_PER_BLOB];
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for chunk in bytes.chunks_mut(32) {
        for b in &mut chunk[1..] {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
    }
    Blob::from_slice(&bytes).unwrap()
}

#[test]
fn blob_round_trip_and_tampering() {
    let blob = test_blob(1);
    let c = kzg::blob_to_commitment(&blob).unwrap();
    let proof = kzg::compute_blob_proof(&blob, &c).unwrap();
    kzg::verify_blob_proof(&blob, &c, &proof).unwrap();

    // Another blob's commitment, a tampered proof, another blob.
    let other = test_blob(2);
    let c2 = kzg::blob_to_commitment(&other).unwrap();
    assert_ne!(c, c2);
    assert_eq!(
        kzg::verify_blob_proof(&blob, &c2, &proof),
        Err(Error::InvalidProof)
    );
    assert_eq!(
        kzg::verify_blob_proof(&other, &c, &proof),
        Err(Error::InvalidProof)
    );
    let mut bad = *proof.as_bytes();
    bad[47] ^= 1;
    assert!(kzg::verify_blob_proof(&blob, &c, &Proof::from_bytes(bad)).is_err());

    // Opening at z, through the typed API and through the precompile.
    let z = FieldElement::from_u64(0x1234_5678);
    let (p, y) = kzg::compute_kzg_proof(&blob, &z).unwrap();
    kzg::verify_kzg_proof(&c, &z, &y, &p).unwrap();
    assert_eq!(
        kzg::point_evaluation(&precompile_input(&c, &z, &y, &p)),
        Ok(POINT_EVALUATION_OUTPUT)
    );
    let y2 = FieldElement::from_u64(7);
    assert_eq!(
        kzg::verify_kzg_proof(&c, &z, &y2, &p),
        Err(Error::InvalidProof)
    );
    assert_eq!(
        kzg::point_evaluation(&precompile_input(&c, &z, &y2, &p)),
        Err(Error::InvalidProof)
    );
    // The proof for another blob's commitment.
    assert_eq!(
        kzg::verify_kzg_proof(&c2, &z, &y, &p),
        Err(Error::InvalidProof)
    );
}

#[test]
fn non_canonical_blob_refused() {
    let mut bytes = test_blob(3).as_bytes().to_vec();
    bytes[32..64].copy_from_slice(&BLS_MODULUS);
    let blob = Blob::from_slice(&bytes).unwrap();
    assert_eq!(kzg::blob_to_commitment(&blob), Err(Error::InvalidEncoding));
    assert_eq!(
        kzg::compute_kzg_proof(&blob, &FieldElement::from_u64(1)).map(|_| ()),
        Err(Error::InvalidEncoding)
    );
    let good = test_blob(3);
    let c = kzg::blob_to_commitment(&good).unwrap();
    let p = kzg::compute_blob_proof(&good, &c).unwrap();
    assert_eq!(
        kzg::verify_blob_proof(&blob, &c, &p),
        Err(Error::InvalidEncoding)
    );
    assert_eq!(
        Blob::from_slice(&bytes[1..]).map(|_| ()),
        Err(Error::InvalidLength {
            expected: BYTES_PER_BLOB,
            got: BYTES_PER_BLOB - 1
        })
    );
}

#[test]
fn zero_blob_commits_to_infinity() {
    let blob = Blob::from_slice(&vec![0u8; BYTES_PER_BLOB]).unwrap();
    let c = kzg::blob_to_commitment(&blob).unwrap();
    let mut infinity = [0u8; 48];
    infinity[0] = 0xc0;
    assert_eq!(c.as_bytes(), &infinity);
    let p = kzg::compute_blob_proof(&blob, &c).unwrap();
    kzg::verify_blob_proof(&blob, &c, &p).unwrap();
}
