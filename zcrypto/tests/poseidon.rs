//! Poseidon (BN254, circom-compatible): every case of `vectors/poseidon/circomlibjs.json`
//! (computed by circomlibjs, see vectors/README.md), published answers, and the error
//! paths (non-canonical elements, no inputs, too many inputs).

use std::path::PathBuf;

use proptest::prelude::*;
use serde_json::Value;
use zcrypto::Error;
use zcrypto::poseidon::{self, FieldElement, MAX_INPUTS, MODULUS_BE};

fn unhex32(s: &str) -> [u8; 32] {
    hex::decode(s).expect("hex").try_into().expect("32 bytes")
}

fn vectors() -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors/poseidon/circomlibjs.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn circomlibjs_vectors() {
    let doc = vectors();
    assert_eq!(
        doc["field_modulus"].as_str().unwrap(),
        hex::encode(MODULUS_BE)
    );
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 48, "only {} cases", cases.len());
    let mut counts = [0usize; MAX_INPUTS + 1];
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let inputs: Vec<[u8; 32]> = case["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| unhex32(x.as_str().unwrap()))
            .collect();
        let expected = unhex32(case["output"].as_str().unwrap());
        counts[inputs.len()] += 1;

        assert_eq!(poseidon::hash_be_bytes(&inputs), Ok(expected), "{id}");
        let elements: Vec<FieldElement> = inputs
            .iter()
            .map(|b| FieldElement::from_be_bytes(b).unwrap())
            .collect();
        let h = poseidon::hash(&elements).unwrap();
        assert_eq!(h.to_be_bytes(), expected, "{id}");
        assert_eq!(h.to_hex(), case["output"].as_str().unwrap(), "{id}");
        // The output is canonical and round-trips.
        assert_eq!(FieldElement::from_be_bytes(&expected), Ok(h), "{id}");
    }
    for (n, count) in counts.iter().enumerate().skip(1) {
        assert!(*count > 0, "no case with {n} inputs");
    }
}

#[test]
fn published_answers() {
    // circomlib test/poseidon.js and light-poseidon's tests.
    let h = |xs: &[u64]| {
        poseidon::hash(
            &xs.iter()
                .map(|&x| FieldElement::from(x))
                .collect::<Vec<_>>(),
        )
        .unwrap()
        .to_hex()
    };
    assert_eq!(
        h(&[1, 2]),
        "115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"
    );
    assert_eq!(
        h(&[1, 2, 3, 4]),
        "299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465"
    );
}

#[test]
fn rejects_non_canonical_elements() {
    let p = MODULUS_BE;
    let mut p_plus_1 = p;
    p_plus_1[31] += 1;
    let mut one = [0u8; 32];
    one[31] = 1;
    for bad in [p, p_plus_1, [0xff; 32], {
        let mut x = [0u8; 32];
        x[0] = 0x31;
        x
    }] {
        assert_eq!(
            FieldElement::from_be_bytes(&bad),
            Err(Error::InvalidEncoding)
        );
        assert_eq!(FieldElement::try_from(bad), Err(Error::InvalidEncoding));
        // p + 1 must not hash like 1.
        assert_eq!(
            poseidon::hash_be_bytes(&[one, bad]),
            Err(Error::InvalidEncoding)
        );
        assert_eq!(poseidon::hash_be_bytes(&[bad]), Err(Error::InvalidEncoding));
    }
    assert_eq!(
        FieldElement::from_be_bytes_reduced(&p_plus_1),
        FieldElement::from(1u64)
    );
}

#[test]
fn rejects_bad_input_counts() {
    let one = FieldElement::from(1u64);
    assert_eq!(
        poseidon::hash(&[]),
        Err(Error::InvalidLength {
            expected: 1,
            got: 0
        })
    );
    assert_eq!(
        poseidon::hash_be_bytes(&[]),
        Err(Error::InvalidLength {
            expected: 1,
            got: 0
        })
    );
    for n in [MAX_INPUTS + 1, 16, 17, 100] {
        assert_eq!(poseidon::hash(&vec![one; n]), Err(Error::LimitExceeded));
        assert_eq!(
            poseidon::hash_be_bytes(&vec![[0u8; 32]; n]),
            Err(Error::LimitExceeded)
        );
    }
    assert!(poseidon::hash(&vec![one; MAX_INPUTS]).is_ok());
}

#[test]
fn threads_agree() {
    // Each thread builds its own cached hashers; results must not depend on the thread.
    let expected = poseidon::hash(&[FieldElement::from(1u64), FieldElement::from(2u64)]).unwrap();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                poseidon::hash(&[FieldElement::from(1u64), FieldElement::from(2u64)]).unwrap()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn bytes_round_trip_and_never_panic(bytes in any::<[u8; 32]>(), n in 0usize..20) {
        match FieldElement::from_be_bytes(&bytes) {
            Ok(x) => {
                prop_assert!(bytes < MODULUS_BE);
                prop_assert_eq!(x.to_be_bytes(), bytes);
            }
            Err(e) => {
                prop_assert!(bytes >= MODULUS_BE);
                prop_assert_eq!(e, Error::InvalidEncoding);
            }
        }
        let r = poseidon::hash_be_bytes(&vec![bytes; n]);
        if n == 0 || n > MAX_INPUTS {
            prop_assert!(r.is_err());
        } else {
            prop_assert_eq!(r.is_ok(), bytes < MODULUS_BE);
        }
    }
}
