//! The Ed25519 + ML-DSA-65 composite: each half is checked by an independent
//! implementation (pyca/cryptography: OpenSSL's Ed25519 and ML-DSA) over the composite
//! message representative, on every backend.

use std::process::Command;

use zcrypto::Backend;
use zcrypto::sig::{Encoding, Signer, Verifier, hybrid};

#[test]
fn both_halves_verify_in_pyca_cryptography() {
    for &backend in Backend::AVAILABLE {
        for (i, (msg, ctx)) in [
            (&b""[..], &b""[..]),
            (b"zcrypto", b"ctx"),
            (&[7u8; 1000][..], &[1u8; 255][..]),
        ]
        .into_iter()
        .enumerate()
        {
            let key = hybrid::SigningKey::from_seed_with_backend(
                &[i as u8 + 1; hybrid::SEED_LEN],
                backend,
            )
            .unwrap();
            let sig = key.sign_with_context(msg, ctx).unwrap();
            let pk = key.verifying_key();
            pk.verify_with_context(msg, ctx, &sig).unwrap();
            let script = format!(
                "import hashlib\n\
                 from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey\n\
                 from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PublicKey\n\
                 pk = bytes.fromhex('{pk}'); sig = bytes.fromhex('{sig}')\n\
                 msg = bytes.fromhex('{msg}'); ctx = bytes.fromhex('{ctx}')\n\
                 m = bytes.fromhex('{prefix}') + bytes.fromhex('{label}') + bytes([len(ctx)]) + ctx + hashlib.sha512(msg).digest()\n\
                 MLDSA65PublicKey.from_public_bytes(pk[:1952]).verify(sig[:3309], m, bytes.fromhex('{label}'))\n\
                 Ed25519PublicKey.from_public_bytes(pk[1952:]).verify(sig[3309:], m)\n\
                 print('ok')",
                pk = hex::encode(pk.to_bytes()),
                sig = hex::encode(sig.to_bytes()),
                msg = hex::encode(msg),
                ctx = hex::encode(ctx),
                prefix = hex::encode(hybrid::PREFIX),
                label = hex::encode(hybrid::LABEL),
            );
            let out = Command::new("python3")
                .args(["-c", &script])
                .output()
                .expect("python3 is required");
            assert!(
                out.status.success(),
                "{backend:?} case {i}: pyca/cryptography rejected a half: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn backends_agree_byte_for_byte() {
    if Backend::AVAILABLE.len() < 2 {
        return;
    }
    let p = hybrid::SigningKey::from_seed_with_backend(&[9; 64], Backend::Portable).unwrap();
    let n = hybrid::SigningKey::from_seed_with_backend(&[9; 64], Backend::Native).unwrap();
    assert_eq!(p.verifying_key().to_bytes(), n.verifying_key().to_bytes());
    let (sp, sn) = (p.sign(b"m").unwrap(), n.sign(b"m").unwrap());
    assert_eq!(sp.to_bytes(), sn.to_bytes());
    n.verifying_key().verify(b"m", &sp).unwrap();
    p.verifying_key().verify(b"m", &sn).unwrap();
}
