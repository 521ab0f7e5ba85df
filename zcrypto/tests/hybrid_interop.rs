//! X25519MLKEM768 interop with rustls's aws-lc-rs provider (an independent
//! implementation of TLS group 0x11EC), in both directions and on every backend.

use rustls::crypto::aws_lc_rs::kx_group::X25519MLKEM768 as RUSTLS;
use zcrypto::{
    Backend, Error,
    kem::hybrid::{self, CLIENT_SHARE_LEN, Client, SERVER_SHARE_LEN},
};

#[test]
fn group_id_matches_rustls() {
    assert_eq!(u16::from(RUSTLS.name()), hybrid::TLS_GROUP_ID);
}

#[test]
fn zcrypto_client_rustls_server() {
    for &backend in Backend::AVAILABLE {
        for i in 0..8u8 {
            let client =
                Client::from_parts_with_backend(&[i; 64], [i.wrapping_add(100); 32], backend)
                    .unwrap();
            let share = client.key_share();
            assert_eq!(share.len(), CLIENT_SHARE_LEN);
            let server = RUSTLS.start_and_complete(&share).unwrap();
            assert_eq!(server.pub_key.len(), SERVER_SHARE_LEN);
            let ours = client.finish(&server.pub_key).unwrap();
            assert_eq!(
                ours.as_bytes().as_slice(),
                server.secret.secret_bytes(),
                "{backend:?}"
            );
        }
    }
}

#[test]
fn rustls_client_zcrypto_server() {
    for _ in 0..8 {
        let client = RUSTLS.start().unwrap();
        let (server_share, ours) = hybrid::server_encapsulate(client.pub_key()).unwrap();
        let theirs = client.complete(&server_share).unwrap();
        assert_eq!(ours.as_bytes().as_slice(), theirs.secret_bytes());
    }
}

#[test]
fn tampering_is_detected_or_rejected() {
    let client = Client::from_parts(&[9; 64], [8; 32]).unwrap();
    let server = RUSTLS.start_and_complete(&client.key_share()).unwrap();
    let good = client.finish(&server.pub_key).unwrap();

    // Wrong lengths are errors.
    assert!(matches!(
        client.finish(&server.pub_key[1..]),
        Err(Error::InvalidLength { .. })
    ));
    assert!(matches!(
        hybrid::server_encapsulate(&client.key_share()[..100]),
        Err(Error::InvalidLength { .. })
    ));

    // A flipped ML-KEM ciphertext bit gives a different secret (implicit rejection).
    let mut bad = server.pub_key.clone();
    bad[10] ^= 1;
    assert_ne!(client.finish(&bad).unwrap(), good);

    // A flipped X25519 share bit gives a different secret.
    let mut bad = server.pub_key.clone();
    bad[SERVER_SHARE_LEN - 1] ^= 0x40;
    assert_ne!(client.finish(&bad).unwrap(), good);

    // A low-order X25519 share (all zeros) is refused.
    let mut bad = server.pub_key.clone();
    bad[SERVER_SHARE_LEN - 32..].fill(0);
    assert_eq!(client.finish(&bad).unwrap_err(), Error::WeakKey);

    // An encapsulation key failing the FIPS 203 modulus check is refused by the server.
    let mut bad = client.key_share();
    bad[0] = 0xff;
    bad[1] = 0xff;
    assert_eq!(
        hybrid::server_encapsulate(&bad).unwrap_err(),
        Error::InvalidKey
    );
}
