//! Known answers for TLS 1.3 / QUIC key derivation (RFC 8448, RFC 9001 §A.1 and
//! RFC 9369 §A.1) and RFC 5869 HKDF.

use zcrypto::{
    Error,
    encoding::{from_hex, to_hex},
    kdf::{HkdfAlg, Prk, hkdf},
};

fn expand_label(prk: &Prk, label: &str, len: usize) -> String {
    let mut out = vec![0u8; len];
    prk.expand_label(label.as_bytes(), b"", &mut out).unwrap();
    to_hex(&out)
}

/// RFC 9001 §A.1 (QUIC v1) and RFC 9369 §A.1 (QUIC v2): Initial secrets from the DCID
/// 0x8394c8f03e515708, the full derivation chain.
#[test]
fn quic_initial_secrets() {
    let dcid = from_hex("8394c8f03e515708").unwrap();
    struct Case {
        salt: &'static str,
        labels: [&'static str; 3],
        client_secret: &'static str,
        key: &'static str,
        iv: &'static str,
        hp: &'static str,
        server_key: &'static str,
    }
    let cases = [
        Case {
            salt: "38762cf7f55934b34d179ae6a4c80cadccbb7f0a",
            labels: ["quic key", "quic iv", "quic hp"],
            client_secret: "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea",
            key: "1f369613dd76d5467730efcbe3b1a22d",
            iv: "fa044b2f42a3fd3b46fb255c",
            hp: "9f50449e04a0e810283a1e9933adedd2",
            server_key: "cf3a5331653c364c88f0f379b6067e37",
        },
        Case {
            salt: "0dede3def700a6db819381be6e269dcbf9bd2ed9",
            labels: ["quicv2 key", "quicv2 iv", "quicv2 hp"],
            client_secret: "14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b",
            key: "8b1a0bc121284290a29e0971b5cd045d",
            iv: "91f73e2351d8fa91660e909f",
            hp: "45b95e15235d6f45a6b19cbcb0294ba9",
            server_key: "82db637861d55e1d011f19ea71d5d2a7",
        },
    ];
    for c in cases {
        let initial = Prk::extract(HkdfAlg::Sha256, &from_hex(c.salt).unwrap(), &dcid);
        let client = initial.derive_label(b"client in", b"").unwrap();
        assert_eq!(to_hex(client.as_bytes()), c.client_secret);
        assert_eq!(expand_label(&client, c.labels[0], 16), c.key);
        assert_eq!(expand_label(&client, c.labels[1], 12), c.iv);
        assert_eq!(expand_label(&client, c.labels[2], 16), c.hp);
        let server = initial.derive_label(b"server in", b"").unwrap();
        assert_eq!(expand_label(&server, c.labels[0], 16), c.server_key);
    }
}

/// RFC 8448 §3 (simple 1-RTT handshake): early secret, derived secret, and the
/// handshake-secret → client handshake traffic key chain.
#[test]
fn tls13_rfc8448_key_schedule() {
    let sha256_empty =
        from_hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").unwrap();
    let early = Prk::extract(HkdfAlg::Sha256, &[], &[0u8; 32]);
    assert_eq!(
        to_hex(early.as_bytes()),
        "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a"
    );
    let derived = early.derive_label(b"derived", &sha256_empty).unwrap();
    assert_eq!(
        to_hex(derived.as_bytes()),
        "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba"
    );
    let ecdhe =
        from_hex("8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d").unwrap();
    let handshake = Prk::extract(HkdfAlg::Sha256, derived.as_bytes(), &ecdhe);
    assert_eq!(
        to_hex(handshake.as_bytes()),
        "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac"
    );
    let transcript =
        from_hex("860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8").unwrap();
    let c_hs = handshake
        .derive_label(b"c hs traffic", &transcript)
        .unwrap();
    assert_eq!(
        to_hex(c_hs.as_bytes()),
        "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21"
    );
    assert_eq!(
        expand_label(&c_hs, "key", 16),
        "dbfaa693d1762c5b666af5d950258d01"
    );
    assert_eq!(expand_label(&c_hs, "iv", 12), "5bd3c71b836e0b76bb73265f");
}

#[test]
fn rfc5869_cases() {
    // Test case 1 (SHA-256).
    let mut okm = [0u8; 42];
    hkdf(
        HkdfAlg::Sha256,
        &from_hex("000102030405060708090a0b0c").unwrap(),
        &[0x0b; 22],
        &from_hex("f0f1f2f3f4f5f6f7f8f9").unwrap(),
        &mut okm,
    )
    .unwrap();
    assert_eq!(
        to_hex(&okm),
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
    );
    // Test case 3 (SHA-256, empty salt and info).
    hkdf(HkdfAlg::Sha256, &[], &[0x0b; 22], &[], &mut okm).unwrap();
    assert_eq!(
        to_hex(&okm),
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
    );
}

#[test]
fn bad_lengths_are_errors() {
    let prk = Prk::extract(HkdfAlg::Sha256, b"salt", b"ikm");
    let mut too_long = vec![0u8; 255 * 32 + 1];
    assert_eq!(
        prk.expand(b"", &mut too_long),
        Err(Error::OutputTooLong {
            max: 8160,
            requested: 8161
        })
    );
    let mut ok = vec![0u8; 255 * 32];
    assert!(prk.expand(b"", &mut ok).is_ok());
    assert!(matches!(
        Prk::from_bytes(HkdfAlg::Sha384, &[0; 32]),
        Err(Error::InvalidLength {
            expected: 48,
            got: 32
        })
    ));
    let mut out = [0u8; 16];
    assert!(matches!(
        prk.expand_label(&[b'x'; 250], b"", &mut out),
        Err(Error::InvalidLength { .. })
    ));
    assert!(matches!(
        prk.expand_label(b"key", &[0; 256], &mut out),
        Err(Error::InvalidLength { .. })
    ));
}
