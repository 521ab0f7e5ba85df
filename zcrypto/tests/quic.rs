//! QUIC packet protection (`zcrypto::quic`): RFC 9001 and RFC 9369 Appendix A byte for
//! byte in both directions (vectors/quic/*.json), interop with rustls's QUIC keys for
//! every suite and both versions, malformed input, and property tests. Every test runs
//! on every backend in `Backend::AVAILABLE`.

use std::path::PathBuf;

use proptest::prelude::*;
use serde_json::Value;
use zcrypto::{
    Backend, Error,
    aead::TAG_LEN,
    encoding::{from_hex, to_hex},
    kdf::{HkdfAlg, Prk},
    quic::{
        self, DirectionalKeys, HeaderKey, Keys, LongHeader, LongPacketType, Secrets, Side, Suite,
        Version,
    },
};

// ---------------------------------------------------------------------------------------
// RFC 9001 / RFC 9369 Appendix A
// ---------------------------------------------------------------------------------------

fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../vectors/quic")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn hex(v: &Value, key: &str) -> Vec<u8> {
    from_hex(v[key].as_str().unwrap_or_else(|| panic!("missing {key}"))).unwrap()
}

fn vectors() -> [(Version, Value); 2] {
    [
        (Version::V1, load("rfc9001.json")),
        (Version::V2, load("rfc9369.json")),
    ]
}

fn expand(prk: &Prk, label: &[u8], len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    prk.expand_label(label, b"", &mut out).unwrap();
    out
}

/// A.1: the version constants, the Initial secrets and every key, IV and hp key.
#[test]
fn appendix_a1_keys() {
    for (version, v) in vectors() {
        assert_eq!(
            version.wire().to_be_bytes().to_vec(),
            hex(&v, "version"),
            "{version:?}"
        );
        assert_eq!(version.initial_salt().to_vec(), hex(&v, "initial_salt"));
        let k = &v["keys"];
        let dcid = hex(&v, "dcid");
        let initial = Prk::extract(HkdfAlg::Sha256, version.initial_salt(), &dcid);
        assert_eq!(initial.as_bytes(), hex(k, "initial_secret"));
        let (client, server) = quic::initial_secrets(version, &dcid);
        for (who, secret) in [("client", &client), ("server", &server)] {
            assert_eq!(
                secret.as_bytes(),
                hex(k, &format!("{who}_initial_secret")),
                "{version:?} {who}"
            );
            assert_eq!(
                expand(secret, version.key_label(), 16),
                hex(k, &format!("{who}_key"))
            );
            assert_eq!(
                expand(secret, version.iv_label(), 12),
                hex(k, &format!("{who}_iv"))
            );
            assert_eq!(
                expand(secret, version.hp_label(), 16),
                hex(k, &format!("{who}_hp"))
            );
        }
        // The header protection keys give the masks of A.2 and A.3.
        for &b in Backend::AVAILABLE {
            for (hp, case) in [
                ("client_hp", "client_initial"),
                ("server_hp", "server_initial"),
            ] {
                let key = HeaderKey::new(Suite::INITIAL, &hex(k, hp), b).unwrap();
                let c = &v[case];
                assert_eq!(
                    key.mask(&hex(c, "sample")).unwrap().to_vec(),
                    hex(c, "mask"),
                    "{version:?} {case} {b:?}"
                );
            }
        }
    }
}

/// The A.2 payload: the CRYPTO frame padded with zeros (PADDING frames) to 1162 bytes.
fn client_initial_payload(c: &Value) -> Vec<u8> {
    let mut payload = hex(c, "crypto_frame");
    payload.resize(c["payload_len"].as_u64().unwrap() as usize, 0);
    payload
}

/// Protects `header ‖ payload` with `keys` and checks the result is `expected`; then
/// removes protection with `peer` and checks the header, packet number and payload.
fn check_packet(
    keys: &DirectionalKeys,
    peer: &DirectionalKeys,
    pn: u64,
    header: &[u8],
    payload: &[u8],
    expected: &[u8],
    what: &str,
) {
    let mut buf = [header, payload, &[0u8; TAG_LEN]].concat();
    let len = keys
        .encrypt_in_place(pn, &mut buf, header.len(), payload.len())
        .unwrap();
    assert_eq!(len, expected.len(), "{what}");
    assert_eq!(to_hex(&buf), to_hex(expected), "{what}: protect");

    let mut buf = expected.to_vec();
    let pn_offset = if header[0] & 0x80 != 0 {
        let h = LongHeader::parse(&buf).unwrap();
        assert_eq!(h.end, buf.len(), "{what}");
        h.pn_offset
    } else {
        quic::short_header_pn_offset(0)
    };
    let largest = pn.checked_sub(1);
    let d = peer.decrypt_in_place(&mut buf, pn_offset, largest).unwrap();
    assert_eq!(d.packet_number, pn, "{what}");
    assert_eq!(d.header_len, header.len(), "{what}");
    assert_eq!(&buf[..d.header_len], header, "{what}: unprotected header");
    assert_eq!(&buf[d.payload], payload, "{what}: unprotect");
}

/// A.2 and A.3: the client and server Initial packets, byte for byte both ways.
#[test]
fn appendix_a2_a3_initial_packets() {
    for (version, v) in vectors() {
        let dcid = hex(&v, "dcid");
        for &b in Backend::AVAILABLE {
            let client = Keys::initial_with_backend(version, &dcid, Side::Client, b).unwrap();
            let server = Keys::initial_with_backend(version, &dcid, Side::Server, b).unwrap();
            let c = &v["client_initial"];
            let header = hex(c, "header");
            let packet = hex(c, "packet");
            assert_eq!(packet.len(), 1200);
            assert_eq!(packet[..header.len()], hex(c, "protected_header"));
            check_packet(
                &client.local,
                &server.remote,
                c["packet_number"].as_u64().unwrap(),
                &header,
                &client_initial_payload(c),
                &packet,
                &format!("{version:?} {b:?} client Initial"),
            );
            let h = LongHeader::parse(&packet).unwrap();
            assert_eq!(h.version, version);
            assert_eq!(h.packet_type, LongPacketType::Initial);
            assert_eq!(h.dcid, dcid);
            assert!(h.scid.is_empty() && h.token.is_empty());

            let s = &v["server_initial"];
            let packet = hex(s, "packet");
            check_packet(
                &server.local,
                &client.remote,
                s["packet_number"].as_u64().unwrap(),
                &hex(s, "header"),
                &hex(s, "payload"),
                &packet,
                &format!("{version:?} {b:?} server Initial"),
            );
            assert_eq!(
                packet[..hex(s, "protected_header").len()],
                hex(s, "protected_header")
            );
            let h = LongHeader::parse(&packet).unwrap();
            assert_eq!(h.scid, from_hex("f067a5502a4262b5").unwrap());
        }
    }
}

/// A.4: the Retry Integrity Tag.
#[test]
fn appendix_a4_retry() {
    for (version, v) in vectors() {
        let r = &v["retry"];
        let odcid = hex(r, "original_dcid");
        let packet = hex(r, "packet");
        quic::verify_retry(version, &odcid, &packet).unwrap();
        let (body, tag) = packet.split_at(packet.len() - TAG_LEN);
        assert_eq!(quic::retry_tag(version, &odcid, body).unwrap().0, tag);

        // Another ODCID, a flipped bit anywhere, the other version: refused.
        let mut wrong = odcid.clone();
        wrong[0] ^= 1;
        assert_eq!(
            quic::verify_retry(version, &wrong, &packet),
            Err(Error::DecryptionFailed)
        );
        assert_eq!(
            quic::verify_retry(version, &odcid[..7], &packet),
            Err(Error::DecryptionFailed)
        );
        for i in 5..packet.len() {
            let mut p = packet.clone();
            p[i] ^= 0x10;
            assert!(quic::verify_retry(version, &odcid, &p).is_err(), "{i}");
        }
        let other = Version::ALL.into_iter().find(|&o| o != version).unwrap();
        assert_eq!(
            quic::verify_retry(other, &odcid, &packet),
            Err(Error::InvalidEncoding)
        );
        // Malformed: truncated, a short header, an over-long ODCID.
        assert_eq!(
            quic::verify_retry(version, &odcid, &packet[..20]),
            Err(Error::InvalidEncoding)
        );
        let mut short = packet.clone();
        short[0] &= 0x7f;
        assert_eq!(
            quic::verify_retry(version, &odcid, &short),
            Err(Error::InvalidEncoding)
        );
        assert!(matches!(
            quic::verify_retry(version, &[0; 21], &packet),
            Err(Error::InvalidLength { .. })
        ));
        // A Retry with a token too long for the stack buffer takes the heap path.
        let mut long = body.to_vec();
        long.extend(std::iter::repeat_n(0xab, 3000));
        let tag = quic::retry_tag(version, &odcid, &long).unwrap();
        long.extend_from_slice(&tag.0);
        quic::verify_retry(version, &odcid, &long).unwrap();
    }
}

/// A.5: ChaCha20-Poly1305 short header packet from an application secret, and the key
/// update secret ("quic ku").
#[test]
fn appendix_a5_chacha20_short_header() {
    for (version, v) in vectors() {
        let c = &v["chacha20_short_header"];
        let secret = Prk::from_bytes(HkdfAlg::Sha256, &hex(c, "secret")).unwrap();
        assert_eq!(expand(&secret, version.key_label(), 32), hex(c, "key"));
        assert_eq!(expand(&secret, version.iv_label(), 12), hex(c, "iv"));
        assert_eq!(expand(&secret, version.hp_label(), 32), hex(c, "hp"));
        let pn = c["packet_number"].as_u64().unwrap();
        for &b in Backend::AVAILABLE {
            let keys =
                DirectionalKeys::from_secret(version, Suite::ChaCha20Poly1305Sha256, &secret, b)
                    .unwrap();
            assert_eq!(keys.packet.nonce(pn).as_bytes(), hex(c, "nonce"));
            assert_eq!(
                keys.header.mask(&hex(c, "sample")).unwrap().to_vec(),
                hex(c, "mask")
            );
            check_packet(
                &keys,
                &keys,
                pn,
                &hex(c, "header"),
                &hex(c, "payload"),
                &hex(c, "packet"),
                &format!("{version:?} {b:?} short header"),
            );
            // Without the largest received packet number, 49140 is decoded instead of
            // 654360564: the wrong nonce, so authentication fails.
            let mut buf = hex(c, "packet");
            assert_eq!(
                keys.decrypt_in_place(&mut buf, 1, None),
                Err(Error::DecryptionFailed)
            );
            assert_eq!(
                buf[..4],
                hex(c, "packet")[..4],
                "header protection restored"
            );
            assert!(buf[4..].iter().all(|&x| x == 0), "no plaintext left");

            // Key update: the next secret is Expand-Label(secret, "quic ku").
            let mut secrets = Secrets::new(
                version,
                Suite::ChaCha20Poly1305Sha256,
                Side::Server,
                secret.clone(),
                secret.clone(),
                b,
            )
            .unwrap();
            secrets.update().unwrap();
            assert_eq!(secrets.generation(), 1);
            assert_eq!(secrets.secret(Side::Client).as_bytes(), hex(c, "ku"));
            assert_eq!(secrets.secret(Side::Server).as_bytes(), hex(c, "ku"));
        }
    }
}

/// Key update of a known pair of secrets (rustls's `key_update_test_vector`, QUIC v1,
/// AES-128-GCM): both secrets advance with "quic ku"; packets of the new generation
/// open only with new-generation keys, and header keys stay the same.
#[test]
fn key_update_known_answer() {
    let client = Prk::from_bytes(
        HkdfAlg::Sha256,
        &from_hex("b8767708f8772358a6ea9fc43e4add2c961b3f5287a6d1467ee0aeab33724dbf").unwrap(),
    )
    .unwrap();
    let server = Prk::from_bytes(
        HkdfAlg::Sha256,
        &from_hex("42dc972140e0f2e39845b767613439dc6758ca43259b878506824eb1e438d855").unwrap(),
    )
    .unwrap();
    for &b in Backend::AVAILABLE {
        let gen0 = |side| {
            Secrets::new(
                Version::V1,
                Suite::Aes128GcmSha256,
                side,
                client.clone(),
                server.clone(),
                b,
            )
            .unwrap()
            .keys()
            .unwrap()
        };
        let mut c = Secrets::new(
            Version::V1,
            Suite::Aes128GcmSha256,
            Side::Client,
            client.clone(),
            server.clone(),
            b,
        )
        .unwrap();
        let mut s = Secrets::new(
            Version::V1,
            Suite::Aes128GcmSha256,
            Side::Server,
            client.clone(),
            server.clone(),
            b,
        )
        .unwrap();
        let c0 = c.keys().unwrap();
        let s0 = s.keys().unwrap();
        let c1 = c.next_packet_keys().unwrap();
        assert_eq!(
            to_hex(c.secret(Side::Client).as_bytes()),
            "42cac8c91cd5eb40682e432edf2d2be9f41a52ca6b22d8e6cdb1e8aca9061fce"
        );
        assert_eq!(
            to_hex(c.secret(Side::Server).as_bytes()),
            "eb7f5e2a123f407db499e361cae590d4d992e14b7ace03c244e0422115b6d38a"
        );
        let s1 = s.next_packet_keys().unwrap();
        // Generation 1 client → server, with generation 0 header keys.
        let c1_local = DirectionalKeys {
            packet: c1.local,
            header: gen0(Side::Client).local.header,
        };
        let s1_remote = DirectionalKeys {
            packet: s1.remote,
            header: gen0(Side::Server).remote.header,
        };
        let mut buf = short_packet(b"after key update", 9);
        let (hl, pl) = (1 + 8 + 2, 16);
        let len = c1_local.encrypt_in_place(9, &mut buf, hl, pl).unwrap();
        let mut copy = buf[..len].to_vec();
        let d = s1_remote.decrypt_in_place(&mut copy, 9, Some(8)).unwrap();
        assert_eq!(&copy[d.payload], b"after key update");
        // The previous generation does not open it (same header key, other packet key).
        let mut copy = buf[..len].to_vec();
        assert_eq!(
            s0.remote.decrypt_in_place(&mut copy, 9, Some(8)),
            Err(Error::DecryptionFailed)
        );
        // Header keys survive the update: generation 0 keys still open generation 0.
        let mut buf = short_packet(b"before", 3);
        let len = c0.local.encrypt_in_place(3, &mut buf, 11, 6).unwrap();
        let d = s0
            .remote
            .decrypt_in_place(&mut buf[..len], 9, Some(2))
            .unwrap();
        assert_eq!(&buf[d.payload], b"before");
    }
}

/// A short-header packet: first byte 0x41 (2-byte packet number), an 8-byte DCID of
/// 0xcc, the packet number, `payload`, and room for the tag.
fn short_packet(payload: &[u8], pn: u16) -> Vec<u8> {
    let mut p = vec![0x41];
    p.extend_from_slice(&[0xcc; 8]);
    p.extend_from_slice(&pn.to_be_bytes());
    p.extend_from_slice(payload);
    p.extend_from_slice(&[0; TAG_LEN]);
    p
}

// ---------------------------------------------------------------------------------------
// Interop with rustls
// ---------------------------------------------------------------------------------------

fn rustls_suites() -> [(Suite, rustls::quic::Suite); 3] {
    use rustls::crypto::aws_lc_rs::cipher_suite as cs;
    let q = |s: rustls::SupportedCipherSuite| s.tls13().unwrap().quic_suite().unwrap();
    [
        (Suite::Aes128GcmSha256, q(cs::TLS13_AES_128_GCM_SHA256)),
        (Suite::Aes256GcmSha384, q(cs::TLS13_AES_256_GCM_SHA384)),
        (
            Suite::ChaCha20Poly1305Sha256,
            q(cs::TLS13_CHACHA20_POLY1305_SHA256),
        ),
    ]
}

fn rustls_version(v: Version) -> rustls::quic::Version {
    match v {
        Version::V1 => rustls::quic::Version::V1,
        Version::V2 => rustls::quic::Version::V2,
    }
}

fn rustls_side(s: Side) -> rustls::Side {
    match s {
        Side::Client => rustls::Side::Client,
        Side::Server => rustls::Side::Server,
    }
}

/// rustls's protection: seal, append the tag, mask the header.
fn rustls_seal(
    keys: &rustls::quic::DirectionalKeys,
    pn: u64,
    buf: &mut [u8],
    header_len: usize,
    payload_len: usize,
) -> usize {
    let (header, rest) = buf.split_at_mut(header_len);
    let tag = keys
        .packet
        .encrypt_in_place(pn, header, &mut rest[..payload_len])
        .unwrap();
    rest[payload_len..payload_len + TAG_LEN].copy_from_slice(tag.as_ref());
    let pn_len = usize::from(buf[0] & 3) + 1;
    let pn_offset = header_len - pn_len;
    let (head, tail) = buf.split_at_mut(pn_offset + 4);
    let sample = &tail[..16];
    let (first, rest) = head.split_at_mut(1);
    keys.header
        .encrypt_in_place(
            sample,
            &mut first[0],
            &mut rest[pn_offset - 1..pn_offset - 1 + pn_len],
        )
        .unwrap();
    header_len + payload_len + TAG_LEN
}

/// rustls's unprotection, with the packet number given; returns the plaintext.
fn rustls_open(
    keys: &rustls::quic::DirectionalKeys,
    pn: u64,
    buf: &mut [u8],
    pn_offset: usize,
) -> Vec<u8> {
    let (head, tail) = buf.split_at_mut(pn_offset + 4);
    let sample = tail[..16].to_vec();
    let (first, rest) = head.split_at_mut(1);
    keys.header
        .decrypt_in_place(&sample, &mut first[0], &mut rest[pn_offset - 1..])
        .unwrap();
    let header_len = pn_offset + usize::from(buf[0] & 3) + 1;
    let (header, body) = buf.split_at_mut(header_len);
    keys.packet
        .decrypt_in_place(pn, header, body)
        .unwrap()
        .to_vec()
}

/// A Handshake long header of `version` (with `pn` on 4 bytes) for `payload_len`.
fn long_header(version: Version, pn: u32, payload_len: usize) -> Vec<u8> {
    let mut h = vec![
        version
            .long_first_byte(LongPacketType::Handshake, 4)
            .unwrap(),
    ];
    h.extend_from_slice(&version.wire().to_be_bytes());
    h.push(4);
    h.extend_from_slice(&[1, 2, 3, 4]);
    h.push(0);
    let length = 4 + payload_len + TAG_LEN;
    h.extend_from_slice(&(0x4000 | length as u16).to_be_bytes());
    h.extend_from_slice(&pn.to_be_bytes());
    h
}

/// For every suite, version, side and backend: keys from the same traffic secret
/// (rustls derives its Initial keys with the suite's own hash, so `Suite::keys` gives a
/// traffic secret per suite) protect packets the other implementation opens.
#[test]
fn interop_with_rustls_keys() {
    let dcid = [0x42u8; 8];
    for (suite, rl_suite) in rustls_suites() {
        for version in Version::ALL {
            // The secret rustls derives: HKDF-Extract with the suite's hash, "client in".
            let initial = Prk::extract(suite.hkdf(), version.initial_salt(), &dcid);
            let client_secret = initial.derive_label(b"client in", b"").unwrap();
            let server_secret = initial.derive_label(b"server in", b"").unwrap();
            for &b in Backend::AVAILABLE {
                for side in [Side::Client, Side::Server] {
                    let theirs = rl_suite.keys(&dcid, rustls_side(side), rustls_version(version));
                    let (local, remote) = match side {
                        Side::Client => (&client_secret, &server_secret),
                        Side::Server => (&server_secret, &client_secret),
                    };
                    let our_local = DirectionalKeys::from_secret(version, suite, local, b).unwrap();
                    let our_remote =
                        DirectionalKeys::from_secret(version, suite, remote, b).unwrap();
                    let what = format!("{suite:?} {version:?} {side:?} {b:?}");
                    for (pn, payload_len) in [(0u32, 1usize), (1, 40), (0x01020304, 1200)] {
                        let payload: Vec<u8> = (0..payload_len).map(|i| i as u8).collect();
                        let header = long_header(version, pn, payload_len);
                        let hl = header.len();
                        let template = [&header[..], &payload, &[0; TAG_LEN]].concat();

                        // Ours → rustls (same direction keys: local seals, local opens).
                        let mut buf = template.clone();
                        let len = our_local
                            .encrypt_in_place(u64::from(pn), &mut buf, hl, payload_len)
                            .unwrap();
                        let mut theirs_buf = template.clone();
                        rustls_seal(
                            &theirs.local,
                            u64::from(pn),
                            &mut theirs_buf,
                            hl,
                            payload_len,
                        );
                        assert_eq!(buf, theirs_buf, "{what}: same bytes");
                        let plain =
                            rustls_open(&theirs.local, u64::from(pn), &mut buf[..len], hl - 4);
                        assert_eq!(plain, payload, "{what}");

                        // rustls → ours, the remote direction.
                        let mut buf = template.clone();
                        let len =
                            rustls_seal(&theirs.remote, u64::from(pn), &mut buf, hl, payload_len);
                        let pn_offset = LongHeader::parse(&buf[..len]).unwrap().pn_offset;
                        let d = our_remote
                            .decrypt_in_place(
                                &mut buf[..len],
                                pn_offset,
                                u64::from(pn).checked_sub(1),
                            )
                            .unwrap();
                        assert_eq!(d.packet_number, u64::from(pn), "{what}");
                        assert_eq!(&buf[d.payload], &payload[..], "{what}");
                    }
                }
            }
            // Initial keys proper (AES-128-GCM, SHA-256) agree with rustls's.
            if suite == Suite::INITIAL {
                for &b in Backend::AVAILABLE {
                    let ours = Keys::initial_with_backend(version, &dcid, Side::Client, b).unwrap();
                    let theirs =
                        rl_suite.keys(&dcid, rustls::Side::Server, rustls_version(version));
                    let header = long_header(version, 5, 30);
                    let hl = header.len();
                    let mut buf = [&header[..], &[7u8; 30], &[0; TAG_LEN]].concat();
                    let len = ours.local.encrypt_in_place(5, &mut buf, hl, 30).unwrap();
                    let plain = rustls_open(&theirs.remote, 5, &mut buf[..len], hl - 4);
                    assert_eq!(plain, [7u8; 30]);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Negative tests
// ---------------------------------------------------------------------------------------

fn chacha_keys(b: Backend) -> DirectionalKeys {
    let secret = Prk::from_bytes(HkdfAlg::Sha256, &[7; 32]).unwrap();
    DirectionalKeys::from_secret(Version::V1, Suite::ChaCha20Poly1305Sha256, &secret, b).unwrap()
}

/// Every flipped bit of a protected packet (header, payload, tag) fails, for long and
/// short headers.
#[test]
fn every_flipped_bit_fails() {
    for &b in Backend::AVAILABLE {
        let keys = Keys::initial_with_backend(Version::V2, &[1; 8], Side::Client, b).unwrap();
        let peer = Keys::initial_with_backend(Version::V2, &[1; 8], Side::Server, b).unwrap();
        let header = long_header(Version::V2, 77, 24);
        let hl = header.len();
        let mut good = [&header[..], &[3u8; 24], &[0; TAG_LEN]].concat();
        let len = keys.local.encrypt_in_place(77, &mut good, hl, 24).unwrap();
        let pn_offset = hl - 4;
        for bit in 0..len * 8 {
            let mut p = good.clone();
            p[bit / 8] ^= 1 << (bit % 8);
            // A flip in the header form bit or the lengths may also be caught earlier.
            assert!(
                peer.remote
                    .decrypt_in_place(&mut p, pn_offset, Some(76))
                    .is_err(),
                "bit {bit}"
            );
        }
        let ck = chacha_keys(b);
        let mut good = short_packet(b"ping!", 3);
        let len = ck.encrypt_in_place(3, &mut good, 11, 5).unwrap();
        for bit in 0..len * 8 {
            let mut p = good.clone();
            p[bit / 8] ^= 1 << (bit % 8);
            assert!(
                ck.decrypt_in_place(&mut p, 9, Some(2)).is_err(),
                "bit {bit}"
            );
        }
        // And the untouched packet opens.
        let d = ck.decrypt_in_place(&mut good, 9, Some(2)).unwrap();
        assert_eq!(&good[d.payload], b"ping!");
    }
}

#[test]
fn encrypt_rejects_bad_layouts() {
    for &b in Backend::AVAILABLE {
        let k = chacha_keys(b);
        // No room for the tag.
        let mut p = short_packet(b"hello", 1);
        let n = p.len();
        assert_eq!(
            k.encrypt_in_place(1, &mut p[..n - 1], 11, 5),
            Err(Error::BufferTooSmall {
                needed: n,
                got: n - 1
            })
        );
        // Payload too short for the sample: 2-byte pn + 1-byte payload < 4.
        let mut p = short_packet(b"h", 1);
        assert!(matches!(
            k.encrypt_in_place(1, &mut p, 11, 1),
            Err(Error::InvalidLength {
                expected: 2,
                got: 1
            })
        ));
        // Header shorter than the first byte plus the packet number.
        let mut p = short_packet(b"hello", 1);
        assert_eq!(
            k.encrypt_in_place(1, &mut p, 2, 5),
            Err(Error::InvalidEncoding)
        );
        // The encoded packet number is not the low bytes of the one given.
        assert_eq!(
            k.encrypt_in_place(2, &mut p, 11, 5),
            Err(Error::InvalidEncoding)
        );
        assert_eq!(
            k.encrypt_in_place(0x1_0001, &mut p, 11, 5).map(|_| ()),
            Ok(()),
            "truncation keeps the low bytes"
        );
        let mut p = short_packet(b"hello", 1);
        assert_eq!(
            k.encrypt_in_place(1 << 62, &mut p, 11, 5),
            Err(Error::LimitExceeded)
        );
        // Lengths that overflow, an empty buffer.
        assert!(k.encrypt_in_place(1, &mut p, 11, usize::MAX).is_err());
        assert!(k.encrypt_in_place(1, &mut p, usize::MAX, 5).is_err());
        assert_eq!(
            k.encrypt_in_place(1, &mut [], 0, 0),
            Err(Error::InvalidEncoding)
        );
    }
}

#[test]
fn decrypt_rejects_bad_layouts() {
    for &b in Backend::AVAILABLE {
        let k = chacha_keys(b);
        let mut good = short_packet(b"hello", 1);
        let len = k.encrypt_in_place(1, &mut good, 11, 5).unwrap();
        // Truncated packets: too short for the sample, or the tag cut off.
        for cut in [0, 1, 10, 28, len - 1] {
            let mut p = good[..cut].to_vec();
            assert!(k.decrypt_in_place(&mut p, 9, Some(0)).is_err(), "cut {cut}");
        }
        // pn_offset beyond the packet, at 0, or overflowing.
        for off in [0, len, len + 100, usize::MAX - 3, usize::MAX] {
            let mut p = good[..len].to_vec();
            assert!(
                k.decrypt_in_place(&mut p, off, Some(0)).is_err(),
                "pn_offset {off}"
            );
        }
        // The wrong pn_offset (a DCID length off by one).
        let mut p = good[..len].to_vec();
        assert!(k.decrypt_in_place(&mut p, 8, Some(0)).is_err());
        // The wrong packet number space: far from the largest received.
        let mut p = good[..len].to_vec();
        assert_eq!(
            k.decrypt_in_place(&mut p, 9, Some(1 << 20)),
            Err(Error::DecryptionFailed)
        );
        // Wrong keys.
        let other = Keys::initial_with_backend(Version::V1, &[0; 8], Side::Client, b).unwrap();
        let mut p = good[..len].to_vec();
        assert!(other.local.decrypt_in_place(&mut p, 9, Some(0)).is_err());
        // The sample must be 16 bytes; secrets must match the suite's hash.
        assert!(k.header.mask(&[0; 17]).is_err());
        let sha384 = Prk::from_bytes(HkdfAlg::Sha384, &[1; 48]).unwrap();
        assert_eq!(
            DirectionalKeys::from_secret(Version::V1, Suite::Aes128GcmSha256, &sha384, b)
                .map(|_| ()),
            Err(Error::UnsupportedAlgorithm)
        );
        DirectionalKeys::from_secret(Version::V1, Suite::Aes256GcmSha384, &sha384, b).unwrap();
    }
}

/// Malformed long headers are errors, never panics: every truncation of a valid
/// header, over-long CIDs, bad varints, lengths past the datagram.
#[test]
fn malformed_long_headers() {
    let (_, v) = &vectors()[0];
    let packet = hex(&v["client_initial"], "packet");
    for cut in 0..30 {
        assert_eq!(
            LongHeader::parse(&packet[..cut]),
            Err(Error::InvalidEncoding),
            "cut {cut}"
        );
    }
    // The datagram must hold all of Length.
    assert_eq!(
        LongHeader::parse(&packet[..packet.len() - 1]),
        Err(Error::InvalidEncoding)
    );
    // Coalesced: the packet ends before the rest of the datagram.
    let mut coalesced = packet.clone();
    coalesced.extend_from_slice(&[0x40; 30]);
    assert_eq!(LongHeader::parse(&coalesced).unwrap().end, packet.len());
    // A DCID or SCID longer than 20 bytes.
    let mut p = packet.clone();
    p[5] = 21;
    assert_eq!(LongHeader::parse(&p), Err(Error::InvalidEncoding));
    let mut p = packet.clone();
    p[14] = 21;
    assert_eq!(LongHeader::parse(&p), Err(Error::InvalidEncoding));
    let mut p = packet.clone();
    p[14] = 0xff;
    assert_eq!(LongHeader::parse(&p), Err(Error::InvalidEncoding));
    // A token length or Length varint that runs past the end.
    let mut p = packet[..16].to_vec();
    p.push(0xc0); // 8-byte varint, only a few bytes follow
    p.extend_from_slice(&[0xff; 3]);
    assert_eq!(LongHeader::parse(&p), Err(Error::InvalidEncoding));
    let mut p = packet.clone();
    p[15] = 0xbf; // token length 0x3fff_ffff...
    assert_eq!(LongHeader::parse(&p), Err(Error::InvalidEncoding));
    let mut p = packet.clone();
    p[16] = 0xff; // Length becomes an 8-byte varint far past the end
    assert_eq!(LongHeader::parse(&p), Err(Error::InvalidEncoding));
    // A short header, an unknown version, Version Negotiation, a Retry.
    let mut p = packet.clone();
    p[0] &= 0x7f;
    assert_eq!(LongHeader::parse(&p), Err(Error::InvalidEncoding));
    let mut p = packet.clone();
    p[4] = 2;
    assert_eq!(LongHeader::parse(&p), Err(Error::UnsupportedAlgorithm));
    p[1..5].copy_from_slice(&[0; 4]);
    assert_eq!(LongHeader::parse(&p), Err(Error::UnsupportedAlgorithm));
    let retry = hex(&v["retry"], "packet");
    assert_eq!(LongHeader::parse(&retry), Err(Error::InvalidEncoding));
}

#[test]
fn debug_prints_no_key_material() {
    let keys = Keys::initial(
        Version::V1,
        &from_hex("8394c8f03e515708").unwrap(),
        Side::Client,
    )
    .unwrap();
    let s = format!("{keys:?}");
    // The client key, IV and hp key of RFC 9001 §A.1 (hex and the first bytes as decimals).
    for secret in ["1f369613", "fa044b2f", "9f50449e", "31, 54, 150"] {
        assert!(!s.contains(secret), "{s}");
    }
    let secrets = Secrets::initial(Version::V1, &[1; 8], Side::Client, Backend::default());
    assert!(format!("{secrets:?}").starts_with("Secrets {"));
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// open(seal(x)) == x for random payloads, packet numbers, encodings and suites, on
    /// every backend, and a flipped bit anywhere fails.
    #[test]
    fn seal_open_round_trip(
        payload in proptest::collection::vec(any::<u8>(), 0..1400),
        pn in 0u64..(1 << 62),
        pn_len in 1usize..=4,
        gap in 0u64..1000,
        suite_i in 0usize..3,
        v2: bool,
        long: bool,
        flip: proptest::sample::Index,
    ) {
        let suite = Suite::ALL[suite_i];
        let version = if v2 { Version::V2 } else { Version::V1 };
        // Pad like a sender must: pn_len + payload >= 4.
        let mut payload = payload;
        if pn_len + payload.len() < 4 {
            payload.resize(4 - pn_len, 0);
        }
        let secret = Prk::from_bytes(suite.hkdf(), &vec![9u8; suite.hkdf().hash_len()]).unwrap();
        let truncated = pn & ((1u64 << (8 * pn_len)) - 1);
        let mut header = Vec::new();
        if long {
            header.push(version.long_first_byte(LongPacketType::Handshake, pn_len).unwrap());
            header.extend_from_slice(&version.wire().to_be_bytes());
            header.extend_from_slice(&[3, 1, 2, 3, 0]);
            let length = pn_len + payload.len() + TAG_LEN;
            header.extend_from_slice(&(0x4000 | length as u16).to_be_bytes());
        } else {
            header.push(0x40 | (pn_len as u8 - 1));
            header.extend_from_slice(&[5; 5]);
        }
        let pn_offset = header.len();
        header.extend_from_slice(&truncated.to_be_bytes()[8 - pn_len..]);
        // The receiver has seen a packet close enough to decode the truncation.
        let window = 1u64 << (8 * pn_len - 1);
        let largest = pn.checked_sub(1 + gap % window);
        for &b in Backend::AVAILABLE {
            let keys = DirectionalKeys::from_secret(version, suite, &secret, b).unwrap();
            let mut buf = [&header[..], &payload, &[0; TAG_LEN]].concat();
            let len = keys.encrypt_in_place(pn, &mut buf, header.len(), payload.len()).unwrap();
            prop_assert_eq!(len, buf.len());
            if long {
                let h = LongHeader::parse(&buf).unwrap();
                prop_assert_eq!((h.pn_offset, h.end), (pn_offset, len));
            }
            let mut bad = buf.clone();
            let bit = flip.index(len * 8);
            bad[bit / 8] ^= 1 << (bit % 8);
            prop_assert!(keys.decrypt_in_place(&mut bad, pn_offset, largest).is_err());

            let d = keys.decrypt_in_place(&mut buf, pn_offset, largest).unwrap();
            prop_assert_eq!(d.packet_number, pn);
            prop_assert_eq!(&buf[..d.header_len], &header[..]);
            prop_assert_eq!(&buf[d.payload], &payload[..]);
        }
    }

    /// The parser never panics on arbitrary bytes.
    #[test]
    fn parse_never_panics(data in proptest::collection::vec(any::<u8>(), 0..80), first in 0x80u8..=0xff, v2: bool) {
        let mut p = vec![first];
        p.extend_from_slice(&(if v2 { Version::V2 } else { Version::V1 }).wire().to_be_bytes());
        p.extend_from_slice(&data);
        if let Ok(h) = LongHeader::parse(&p) {
            prop_assert!(h.pn_offset <= h.end && h.end <= p.len());
        }
        let _ = LongHeader::parse(&data);
    }

    /// RFC 9000 §A.3: decoding the truncation of any packet number near the expected
    /// one gives it back.
    #[test]
    fn packet_number_decoding(pn in 0u64..(1 << 62), pn_len in 1usize..=4, back in 1u64..1 << 20) {
        let half = 1u64 << (8 * pn_len - 1);
        let largest = pn.checked_sub(1 + back % half);
        let truncated = pn & ((1u64 << (8 * pn_len)) - 1);
        prop_assert_eq!(quic::decode_packet_number(largest, truncated, pn_len), pn);
    }
}

// ---------------------------------------------------------------------------------------
// Key update against a real rustls QUIC handshake
// ---------------------------------------------------------------------------------------

mod handshake {
    use std::sync::{Arc, Mutex};

    use rustls::{
        DigitallySignedStruct, SignatureScheme,
        client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier},
        pki_types::{CertificateDer, PrivatePkcs8KeyDer, ServerName, UnixTime},
        quic::KeyChange,
        server::{ClientHello, ResolvesServerCert},
        sign::CertifiedKey,
    };

    /// Accepts any server: the test is about the keys, not authentication.
    #[derive(Debug)]
    struct AcceptAny;

    impl ServerCertVerifier for AcceptAny {
        fn verify_server_cert(
            &self,
            _: &CertificateDer<'_>,
            _: &[CertificateDer<'_>],
            _: &ServerName<'_>,
            _: &[u8],
            _: UnixTime,
        ) -> Result<ServerCertVerified, rustls::Error> {
            Ok(ServerCertVerified::assertion())
        }
        fn verify_tls12_signature(
            &self,
            _: &[u8],
            _: &CertificateDer<'_>,
            _: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            Ok(HandshakeSignatureValid::assertion())
        }
        fn verify_tls13_signature(
            &self,
            _: &[u8],
            _: &CertificateDer<'_>,
            _: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            Ok(HandshakeSignatureValid::assertion())
        }
        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            vec![SignatureScheme::ED25519]
        }
    }

    /// An Ed25519 key (PKCS#8 v1 of a fixed seed) behind a placeholder certificate.
    #[derive(Debug)]
    struct Resolver(Arc<CertifiedKey>);

    impl ResolvesServerCert for Resolver {
        fn resolve(&self, _: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
            Some(self.0.clone())
        }
    }

    /// Records the 1-RTT traffic secrets (SSLKEYLOGFILE labels).
    #[derive(Debug, Default)]
    pub struct Secrets(pub Mutex<Vec<(String, Vec<u8>)>>);

    impl rustls::KeyLog for Secrets {
        fn log(&self, label: &str, _: &[u8], secret: &[u8]) {
            self.0
                .lock()
                .unwrap()
                .push((label.to_owned(), secret.to_vec()));
        }
        fn will_log(&self, _: &str) -> bool {
            true
        }
    }

    impl Secrets {
        pub fn get(&self, label: &str) -> Vec<u8> {
            let log = self.0.lock().unwrap();
            log.iter().find(|(l, _)| l == label).unwrap().1.clone()
        }
    }

    pub struct OneRtt {
        pub client: (rustls::quic::Keys, rustls::quic::Secrets),
        pub server: (rustls::quic::Keys, rustls::quic::Secrets),
        pub log: Arc<Secrets>,
    }

    /// A complete rustls QUIC handshake with only `suite` enabled.
    pub fn run(suite: rustls::SupportedCipherSuite, version: rustls::quic::Version) -> OneRtt {
        let provider = Arc::new(rustls::crypto::CryptoProvider {
            cipher_suites: vec![suite],
            ..rustls::crypto::aws_lc_rs::default_provider()
        });
        let mut pkcs8 = crate::from_hex("302e020100300506032b657004220420").unwrap();
        pkcs8.extend_from_slice(&[0x11; 32]);
        let key = rustls::crypto::aws_lc_rs::sign::any_eddsa_type(&PrivatePkcs8KeyDer::from(pkcs8))
            .unwrap();
        let certified = Arc::new(CertifiedKey::new(
            vec![CertificateDer::from(b"placeholder".to_vec())],
            key,
        ));
        let log = Arc::new(Secrets::default());

        let mut client_config = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAny))
            .with_no_client_auth();
        client_config.key_log = log.clone();
        let server_config = rustls::ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .with_no_client_auth()
            .with_cert_resolver(Arc::new(Resolver(certified)));

        let mut client = rustls::quic::ClientConnection::new(
            Arc::new(client_config),
            version,
            ServerName::try_from("example.com").unwrap(),
            b"client params".to_vec(),
        )
        .unwrap();
        let mut server = rustls::quic::ServerConnection::new(
            Arc::new(server_config),
            version,
            b"server params".to_vec(),
        )
        .unwrap();

        let (mut client_1rtt, mut server_1rtt) = (None, None);
        for _ in 0..16 {
            let mut buf = Vec::new();
            if let Some(KeyChange::OneRtt { keys, next }) = client.write_hs(&mut buf) {
                client_1rtt = Some((keys, next));
            }
            if !buf.is_empty() {
                server.read_hs(&buf).unwrap();
            }
            let mut buf = Vec::new();
            if let Some(KeyChange::OneRtt { keys, next }) = server.write_hs(&mut buf) {
                server_1rtt = Some((keys, next));
            }
            if !buf.is_empty() {
                client.read_hs(&buf).unwrap();
            }
            if client_1rtt.is_some() && server_1rtt.is_some() && !client.is_handshaking() {
                break;
            }
        }
        OneRtt {
            client: client_1rtt.expect("client 1-RTT keys"),
            server: server_1rtt.expect("server 1-RTT keys"),
            log,
        }
    }
}

/// A real rustls QUIC handshake per suite and version: 1-RTT packets protected by
/// rustls and by zcrypto (from the logged traffic secrets) are identical and open on
/// the other side, and three key updates (rustls `Secrets::next_packet_keys`, zcrypto
/// `Secrets::next_packet_keys`) keep producing identical ciphertexts.
#[test]
fn key_update_interop_with_rustls_handshake() {
    use rustls::crypto::aws_lc_rs::cipher_suite as cs;
    for (suite, rl) in [
        (Suite::Aes128GcmSha256, cs::TLS13_AES_128_GCM_SHA256),
        (Suite::Aes256GcmSha384, cs::TLS13_AES_256_GCM_SHA384),
        (
            Suite::ChaCha20Poly1305Sha256,
            cs::TLS13_CHACHA20_POLY1305_SHA256,
        ),
    ] {
        for version in Version::ALL {
            let mut hs = handshake::run(rl, rustls_version(version));
            let prk = |label| Prk::from_bytes(suite.hkdf(), &hs.log.get(label)).unwrap();
            let client = prk("CLIENT_TRAFFIC_SECRET_0");
            let server = prk("SERVER_TRAFFIC_SECRET_0");
            for &b in Backend::AVAILABLE {
                let what = format!("{suite:?} {version:?} {b:?}");
                let mut ours_c = Secrets::new(
                    version,
                    suite,
                    Side::Client,
                    client.clone(),
                    server.clone(),
                    b,
                )
                .unwrap();
                let mut ours_s = Secrets::new(
                    version,
                    suite,
                    Side::Server,
                    client.clone(),
                    server.clone(),
                    b,
                )
                .unwrap();
                let (c_keys, s_keys) = (ours_c.keys().unwrap(), ours_s.keys().unwrap());

                // Generation 0: whole short-header packets, both directions.
                for (ours, theirs_local, theirs_peer) in [
                    (&c_keys, &hs.client.0.local, &hs.server.0.remote),
                    (&s_keys, &hs.server.0.local, &hs.client.0.remote),
                ] {
                    let template = short_packet(b"one-rtt data, generation zero", 0x1234);
                    let mut mine = template.clone();
                    let len = ours
                        .local
                        .encrypt_in_place(0x1234, &mut mine, 11, 29)
                        .unwrap();
                    let mut theirs = template.clone();
                    rustls_seal(theirs_local, 0x1234, &mut theirs, 11, 29);
                    assert_eq!(mine, theirs, "{what}");
                    let plain = rustls_open(theirs_peer, 0x1234, &mut mine[..len], 9);
                    assert_eq!(plain, b"one-rtt data, generation zero");
                }

                // Generations 1..=3: packet keys only; compare sealed bytes directly.
                // rustls's `next` Secrets are already one update ahead of the
                // handshake's keys, like zcrypto's after `update`.
                if b == Backend::AVAILABLE[0] {
                    // rustls's secrets advance once per call: only walk them once.
                    let mut gens = Vec::new();
                    for _ in 0..3 {
                        gens.push((
                            hs.client.1.next_packet_keys(),
                            hs.server.1.next_packet_keys(),
                        ));
                    }
                    for (g, (theirs_c, theirs_s)) in gens.iter().enumerate() {
                        let ours_cg = ours_c.next_packet_keys().unwrap();
                        let ours_sg = ours_s.next_packet_keys().unwrap();
                        assert_eq!(ours_c.generation(), g as u64 + 1);
                        for (ours, theirs, peer) in [
                            (&ours_cg.local, &theirs_c.local, &theirs_s.remote),
                            (&ours_sg.local, &theirs_s.local, &theirs_c.remote),
                        ] {
                            let pn = 1000 + g as u64;
                            let mut mine = *b"key update payload";
                            let tag = ours.seal_in_place_detached(pn, b"hdr", &mut mine).unwrap();
                            let mut theirs_buf = *b"key update payload";
                            let their_tag = theirs
                                .encrypt_in_place(pn, b"hdr", &mut theirs_buf)
                                .unwrap();
                            assert_eq!(mine, theirs_buf, "{what} generation {}", g + 1);
                            assert_eq!(&tag.0[..], their_tag.as_ref());
                            let mut sealed = [&mine[..], &tag.0].concat();
                            let plain = peer.decrypt_in_place(pn, b"hdr", &mut sealed).unwrap();
                            assert_eq!(plain, b"key update payload");
                        }
                    }
                } else {
                    // The other backends check against the first one's generations.
                    let mut first = Secrets::new(
                        version,
                        suite,
                        Side::Client,
                        client.clone(),
                        server.clone(),
                        Backend::AVAILABLE[0],
                    )
                    .unwrap();
                    for _ in 0..3 {
                        let a = first.next_packet_keys().unwrap();
                        let c = ours_c.next_packet_keys().unwrap();
                        let mut x = *b"cross-backend";
                        let mut y = *b"cross-backend";
                        let t1 = a.local.seal_in_place_detached(5, b"", &mut x).unwrap();
                        let t2 = c.local.seal_in_place_detached(5, b"", &mut y).unwrap();
                        assert_eq!((x, t1), (y, t2), "{what}");
                    }
                    let _ = ours_s.next_packet_keys().unwrap();
                }
            }
        }
    }
}
