//! Negative tests: wrong keys, flipped bits, truncated inputs and wrong lengths give
//! the documented error codes (never a panic) on every backend.

use zcrypto::{
    Algorithm, Backend, Error,
    aead::{AeadAlg, AeadKey, Nonce, TAG_LEN, Tag},
    hash::HashAlg,
    kem::{DecapsulationKey, EncapsulationKey, MlKem},
    mac::{self, HmacAlg},
    x25519,
};

#[test]
fn aead_wrong_key_flipped_bits_truncation() {
    for &backend in Backend::AVAILABLE {
        for alg in AeadAlg::ALL {
            let key = AeadKey::with_backend(alg, &vec![1u8; alg.key_len()], backend).unwrap();
            let other = AeadKey::with_backend(alg, &vec![2u8; alg.key_len()], backend).unwrap();
            let nonce = Nonce::try_from_slice(&vec![3u8; alg.nonce_len()]).unwrap();
            let sealed = key.seal(&nonce, b"aad", b"attack at dawn").unwrap();
            let ctx = format!("{alg:?} {backend:?}");

            assert_eq!(
                other.open(&nonce, b"aad", &sealed),
                Err(Error::DecryptionFailed),
                "{ctx} wrong key"
            );
            assert_eq!(
                key.open(&nonce, b"AAD", &sealed),
                Err(Error::DecryptionFailed),
                "{ctx} wrong aad"
            );
            let other_nonce = Nonce::try_from_slice(&vec![4u8; alg.nonce_len()]).unwrap();
            assert_eq!(
                key.open(&other_nonce, b"aad", &sealed),
                Err(Error::DecryptionFailed),
                "{ctx} wrong nonce"
            );
            for bit in [0, 8 * 5 + 3, 8 * (sealed.len() - 1) + 7] {
                let mut bad = sealed.clone();
                bad[bit / 8] ^= 1 << (bit % 8);
                assert_eq!(
                    key.open(&nonce, b"aad", &bad),
                    Err(Error::DecryptionFailed),
                    "{ctx} bit {bit}"
                );
            }
            assert_eq!(
                key.open(&nonce, b"aad", &sealed[..sealed.len() - 1]),
                Err(Error::DecryptionFailed),
                "{ctx}"
            );
            assert_eq!(
                key.open(&nonce, b"aad", &sealed[..TAG_LEN - 1]),
                Err(Error::InvalidLength {
                    expected: TAG_LEN,
                    got: TAG_LEN - 1
                }),
                "{ctx}"
            );

            // Wrong key and nonce lengths.
            assert_eq!(
                AeadKey::with_backend(alg, &vec![0u8; alg.key_len() - 1], backend).unwrap_err(),
                Error::InvalidLength {
                    expected: alg.key_len(),
                    got: alg.key_len() - 1
                }
            );
            let wrong_nonce = Nonce::try_from_slice(&vec![0u8; 36 - alg.nonce_len()]).unwrap();
            let mut buf = [0u8; 4];
            assert!(matches!(
                key.seal_in_place_detached(&wrong_nonce, b"", &mut buf),
                Err(Error::InvalidLength { .. })
            ));
            assert!(matches!(
                Nonce::try_from_slice(&[0; 13]),
                Err(Error::InvalidLength { .. })
            ));
            assert!(matches!(
                Tag::try_from_slice(&[0; 15]),
                Err(Error::InvalidLength {
                    expected: 16,
                    got: 15
                })
            ));

            // Appended-tag sealing needs room for the tag.
            let mut small = [0u8; 10];
            assert_eq!(
                key.seal_in_place(&nonce, b"", &mut small, 5),
                Err(Error::BufferTooSmall {
                    needed: 5 + TAG_LEN,
                    got: 10
                })
            );
        }
    }
}

#[test]
fn mac_wrong_key_and_length() {
    for alg in HmacAlg::ALL {
        let tag = mac::hmac(alg, b"key", b"msg");
        assert!(mac::verify(alg, b"key", b"msg", tag.as_bytes()).is_ok());
        assert_eq!(
            mac::verify(alg, b"kex", b"msg", tag.as_bytes()),
            Err(Error::InvalidSignature)
        );
        let mut bad = tag.as_bytes().to_vec();
        bad[0] ^= 1;
        assert_eq!(
            mac::verify(alg, b"key", b"msg", &bad),
            Err(Error::InvalidSignature)
        );
        assert!(matches!(
            mac::verify(alg, b"key", b"msg", &tag.as_bytes()[1..]),
            Err(Error::InvalidLength { .. })
        ));
    }
}

#[test]
fn ml_kem_wrong_lengths_and_keys() {
    for &backend in Backend::AVAILABLE {
        for p in MlKem::ALL {
            let dk = DecapsulationKey::from_seed_with_backend(p, &[5; 64], backend).unwrap();
            let ek_bytes = dk.encapsulation_key().as_bytes();
            assert_eq!(
                EncapsulationKey::from_bytes_with_backend(p, &ek_bytes[1..], backend).unwrap_err(),
                Error::InvalidLength {
                    expected: p.encapsulation_key_len(),
                    got: p.encapsulation_key_len() - 1
                }
            );
            assert!(matches!(
                DecapsulationKey::from_bytes_with_backend(p, &dk.to_bytes()[1..], backend),
                Err(Error::InvalidLength { .. })
            ));
            // A decapsulation key whose embedded H(ek) is corrupted fails the §7.3 check.
            let mut bad = dk.to_bytes().to_vec();
            let h = bad.len() - 64;
            bad[h] ^= 1;
            assert_eq!(
                DecapsulationKey::from_bytes_with_backend(p, &bad, backend).unwrap_err(),
                Error::InvalidKey
            );
            // A coefficient ≥ q in the encapsulation key fails the §7.2 check.
            let mut bad = ek_bytes.to_vec();
            bad[0] = 0xff;
            bad[1] = 0x0f;
            assert_eq!(
                EncapsulationKey::from_bytes_with_backend(p, &bad, backend).unwrap_err(),
                Error::InvalidKey
            );

            // Truncated ciphertext, and the wrong key's decapsulation differs.
            let (ct, ss) = dk.encapsulation_key().encapsulate().unwrap();
            assert!(matches!(
                dk.decapsulate(&ct.as_bytes()[..10]),
                Err(Error::InvalidLength { .. })
            ));
            let other = DecapsulationKey::from_seed_with_backend(p, &[6; 64], backend).unwrap();
            assert_ne!(other.decapsulate(ct.as_bytes()).unwrap(), ss);
            assert_eq!(dk.decapsulate(ct.as_bytes()).unwrap(), ss);
        }
    }
}

#[test]
fn x25519_bad_inputs() {
    assert!(matches!(
        x25519::PublicKey::try_from_slice(&[1; 31]),
        Err(Error::InvalidLength {
            expected: 32,
            got: 31
        })
    ));
    assert!(matches!(
        x25519::SecretKey::try_from_slice(&[1; 33]),
        Err(Error::InvalidLength { .. })
    ));
    for &backend in Backend::AVAILABLE {
        let sk = x25519::SecretKey::from_bytes([7; 32])
            .with_backend(backend)
            .unwrap();
        // Small-order points: 0, 1 and the order-8 point from RFC 7748 / libsodium's blacklist.
        let order8 = zcrypto::encoding::from_hex(
            "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        )
        .unwrap();
        for pk in [
            [0u8; 32].to_vec(),
            {
                let mut one = [0u8; 32];
                one[0] = 1;
                one.to_vec()
            },
            order8,
        ] {
            let pk = x25519::PublicKey::try_from_slice(&pk).unwrap();
            assert_eq!(
                sk.diffie_hellman(&pk).unwrap_err(),
                Error::WeakKey,
                "{backend:?}"
            );
        }
    }
}

#[test]
fn algorithm_conversions_refuse_wrong_kind() {
    assert_eq!(
        HashAlg::try_from(Algorithm::Aes128Gcm),
        Err(Error::UnsupportedAlgorithm)
    );
    assert_eq!(
        AeadAlg::try_from(Algorithm::Sha256),
        Err(Error::UnsupportedAlgorithm)
    );
    assert_eq!(
        MlKem::try_from(Algorithm::X25519MlKem768),
        Err(Error::UnsupportedAlgorithm)
    );
    assert_eq!(
        "aes-128-ccm".parse::<Algorithm>(),
        Err(Error::UnknownAlgorithm)
    );
}
