//! NIST ACVP ML-KEM (FIPS 203) vectors, every case, on every compiled backend.

mod common;

use common::{acvp_cases, hex_field};
use zcrypto::{
    Backend, Error,
    kem::{DecapsulationKey, EncapsulationKey, MlKem},
};

fn params(group: &serde_json::Value) -> MlKem {
    match group["parameterSet"].as_str().unwrap() {
        "ML-KEM-512" => MlKem::MlKem512,
        "ML-KEM-768" => MlKem::MlKem768,
        "ML-KEM-1024" => MlKem::MlKem1024,
        other => panic!("unknown parameter set {other}"),
    }
}

#[test]
fn key_gen_all_cases() {
    let cases = acvp_cases("ml-kem/ML-KEM-keyGen-FIPS203");
    assert_eq!(cases.len(), 75);
    for &backend in Backend::AVAILABLE {
        for (g, t, want) in &cases {
            let mut seed = [0u8; 64];
            seed[..32].copy_from_slice(&hex_field(t, "d"));
            seed[32..].copy_from_slice(&hex_field(t, "z"));
            let dk = DecapsulationKey::from_seed_with_backend(params(g), &seed, backend).unwrap();
            let id = &t["tcId"];
            assert_eq!(
                dk.encapsulation_key().as_bytes(),
                hex_field(want, "ek"),
                "ek tcId {id} {backend:?}"
            );
            assert_eq!(
                *dk.to_bytes(),
                hex_field(want, "dk"),
                "dk tcId {id} {backend:?}"
            );
            assert_eq!(dk.seed(), Some(&seed));
            // The expanded encoding loads back to the same key.
            let again =
                DecapsulationKey::from_bytes_with_backend(params(g), &dk.to_bytes(), backend)
                    .unwrap();
            assert_eq!(again.encapsulation_key(), dk.encapsulation_key());
        }
    }
}

#[test]
fn encap_decap_all_cases() {
    let cases = acvp_cases("ml-kem/ML-KEM-encapDecap-FIPS203");
    assert_eq!(cases.len(), 165);
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for &backend in Backend::AVAILABLE {
        for (g, t, want) in &cases {
            let p = params(g);
            let id = &t["tcId"];
            let function = g["function"].as_str().unwrap();
            *seen.entry(function).or_default() += 1;
            match function {
                "encapsulation" => {
                    let ek =
                        EncapsulationKey::from_bytes_with_backend(p, &hex_field(t, "ek"), backend)
                            .unwrap();
                    let m: [u8; 32] = hex_field(t, "m").try_into().unwrap();
                    let (ct, k) = ek.encapsulate_deterministic(&m).unwrap();
                    assert_eq!(
                        ct.as_bytes(),
                        hex_field(want, "c"),
                        "c tcId {id} {backend:?}"
                    );
                    assert_eq!(
                        k.as_bytes().as_slice(),
                        hex_field(want, "k"),
                        "k tcId {id} {backend:?}"
                    );
                }
                "decapsulation" => {
                    let dk =
                        DecapsulationKey::from_bytes_with_backend(p, &hex_field(t, "dk"), backend)
                            .unwrap();
                    let k = dk.decapsulate(&hex_field(t, "c")).unwrap();
                    assert_eq!(
                        k.as_bytes().as_slice(),
                        hex_field(want, "k"),
                        "k tcId {id} {backend:?}"
                    );
                }
                "encapsulationKeyCheck" => {
                    let pass = want["testPassed"].as_bool().unwrap();
                    let r =
                        EncapsulationKey::from_bytes_with_backend(p, &hex_field(t, "ek"), backend);
                    assert_eq!(r.is_ok(), pass, "ek check tcId {id} {backend:?}");
                    if let Err(e) = r {
                        assert!(
                            matches!(e, Error::InvalidKey | Error::InvalidLength { .. }),
                            "{e:?}"
                        );
                    }
                }
                "decapsulationKeyCheck" => {
                    let pass = want["testPassed"].as_bool().unwrap();
                    let r =
                        DecapsulationKey::from_bytes_with_backend(p, &hex_field(t, "dk"), backend);
                    assert_eq!(r.is_ok(), pass, "dk check tcId {id} {backend:?}");
                    if let Err(e) = r {
                        assert!(
                            matches!(e, Error::InvalidKey | Error::InvalidLength { .. }),
                            "{e:?}"
                        );
                    }
                }
                other => panic!("unexpected function {other}"),
            }
        }
    }
    let n = Backend::AVAILABLE.len();
    assert_eq!(seen["encapsulation"], 75 * n);
    assert_eq!(seen["decapsulation"], 30 * n);
    assert_eq!(seen["encapsulationKeyCheck"], 30 * n);
    assert_eq!(seen["decapsulationKeyCheck"], 30 * n);
}
