//! Differential tests: the portable and native backends must agree byte for byte on
//! random inputs, including invalid ones (tampered ciphertexts, low-order points).
#![cfg(feature = "native")]

use zcrypto::{
    Backend, Error,
    aead::{AeadAlg, AeadKey, Nonce},
    kem::{DecapsulationKey, EncapsulationKey, MlKem},
    rand, x25519,
};

const P: Backend = Backend::Portable;
const N: Backend = Backend::Native;

fn random_vec(len: usize) -> Vec<u8> {
    let mut v = vec![0u8; len];
    rand::fill(&mut v).unwrap();
    v
}

#[test]
fn aead_backends_agree() {
    for alg in [
        AeadAlg::Aes128Gcm,
        AeadAlg::Aes256Gcm,
        AeadAlg::ChaCha20Poly1305,
    ] {
        for len in [0usize, 1, 15, 16, 17, 255, 1350, 4096, 16 * 1024 + 3] {
            let key = random_vec(alg.key_len());
            let nonce = Nonce::try_from_slice(&random_vec(12)).unwrap();
            let aad = random_vec(len % 37);
            let pt = random_vec(len);
            let p = AeadKey::with_backend(alg, &key, P).unwrap();
            let n = AeadKey::with_backend(alg, &key, N).unwrap();
            assert_eq!(n.backend(), N);
            let sealed_p = p.seal(&nonce, &aad, &pt).unwrap();
            let sealed_n = n.seal(&nonce, &aad, &pt).unwrap();
            assert_eq!(sealed_p, sealed_n, "{alg:?} len {len}");
            // Each opens the other's output; both refuse the same tampering.
            assert_eq!(p.open(&nonce, &aad, &sealed_n).unwrap(), pt);
            assert_eq!(n.open(&nonce, &aad, &sealed_p).unwrap(), pt);
            let mut bad = sealed_p.clone();
            let i = len / 2;
            bad[i] ^= 0x80;
            assert_eq!(p.open(&nonce, &aad, &bad), Err(Error::DecryptionFailed));
            assert_eq!(n.open(&nonce, &aad, &bad), Err(Error::DecryptionFailed));
        }
    }
}

#[test]
fn x25519_backends_agree() {
    for i in 0..64u8 {
        let sk: [u8; 32] = random_vec(32).try_into().unwrap();
        // Mix random peers with edge cases: zero, one, the order-8 points, p-1, p, 2^255-1.
        let peer: [u8; 32] = match i {
            0 => [0; 32],
            1 => {
                let mut a = [0; 32];
                a[0] = 1;
                a
            }
            2 => [0xff; 32],
            3 => {
                let mut a = [0xff; 32];
                a[0] = 0xec;
                a[31] = 0x7f;
                a
            }
            _ => random_vec(32).try_into().unwrap(),
        };
        let p = x25519::SecretKey::from_bytes(sk).with_backend(P).unwrap();
        let n = x25519::SecretKey::from_bytes(sk).with_backend(N).unwrap();
        assert_eq!(p.public_key(), n.public_key(), "case {i}");
        let peer = x25519::PublicKey::from_bytes(peer);
        assert_eq!(p.diffie_hellman(&peer), n.diffie_hellman(&peer), "case {i}");
    }
}

#[test]
fn ml_kem_backends_agree() {
    for params in MlKem::ALL {
        for _ in 0..4 {
            let seed: [u8; 64] = random_vec(64).try_into().unwrap();
            let dp = DecapsulationKey::from_seed_with_backend(params, &seed, P).unwrap();
            let dn = DecapsulationKey::from_seed_with_backend(params, &seed, N).unwrap();
            assert_eq!(
                dp.encapsulation_key().as_bytes(),
                dn.encapsulation_key().as_bytes()
            );
            assert_eq!(*dp.to_bytes(), *dn.to_bytes());

            // Native random encapsulation opens on the portable side and vice versa.
            let en = EncapsulationKey::from_bytes_with_backend(
                params,
                dn.encapsulation_key().as_bytes(),
                N,
            )
            .unwrap();
            let (ct, ss) = en.encapsulate().unwrap();
            assert_eq!(dp.decapsulate(ct.as_bytes()).unwrap(), ss);
            let ep = EncapsulationKey::from_bytes_with_backend(
                params,
                dp.encapsulation_key().as_bytes(),
                P,
            )
            .unwrap();
            let (ct, ss) = ep.encapsulate().unwrap();
            assert_eq!(dn.decapsulate(ct.as_bytes()).unwrap(), ss);

            // Implicit rejection must agree exactly on tampered and random ciphertexts.
            let mut bad = ct.as_bytes().to_vec();
            bad[0] ^= 1;
            assert_eq!(dp.decapsulate(&bad).unwrap(), dn.decapsulate(&bad).unwrap());
            let junk = random_vec(params.ciphertext_len());
            assert_eq!(
                dp.decapsulate(&junk).unwrap(),
                dn.decapsulate(&junk).unwrap()
            );
        }
    }
}
