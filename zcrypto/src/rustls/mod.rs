//! A [rustls] 0.23 [`CryptoProvider`] backed by zcrypto (the `rustls` feature), for TLS 1.3
//! and QUIC (quinn, or rustls's `quic` module directly).
//!
//! [`provider()`] contains:
//!
//! | rustls part | algorithms | implementation |
//! |---|---|---|
//! | cipher suites ([`suites`]) | `TLS13_AES_128_GCM_SHA256`, `TLS13_AES_256_GCM_SHA384`, `TLS13_CHACHA20_POLY1305_SHA256` | zcrypto: [`aead::PacketKey`](crate::aead::PacketKey) records, [`hash`](crate::hash), [`mac`](crate::mac) HMAC (HKDF is rustls's `HkdfUsingHmac` over it) |
//! | QUIC keys (each suite's `quic::Algorithm`) | packet protection, header protection | zcrypto: [`aead::PacketKey`](crate::aead::PacketKey), [`quic::HeaderKey`](crate::quic::HeaderKey) |
//! | key exchange ([`kx`]) | X25519MLKEM768 (preferred), X25519 | zcrypto: [`kem::hybrid`](crate::kem::hybrid), [`x25519`](crate::x25519) |
//! | signature verification ([`verify`]) | Ed25519 | zcrypto: [`sig::ed25519`](crate::sig::ed25519) |
//! | | ECDSA P-256/P-384/P-521, RSA PKCS#1 and PSS (only with `native`) | **delegated** to rustls-webpki's aws-lc-rs algorithms |
//! | private keys ([`sign`]) | Ed25519 (PKCS#8) | zcrypto: [`sig::ed25519`](crate::sig::ed25519); other key types are refused |
//! | randomness ([`rand`]) | OS CSPRNG | zcrypto: [`rand`](crate::rand) |
//!
//! Only TLS 1.3 is offered (no TLS 1.2 suites). Each primitive runs on zcrypto's default
//! [`Backend`](crate::Backend) (aws-lc-rs with `native`, else the portable Rust code).
//! Without `native` the provider verifies Ed25519 certificates only: enough for a QUIC
//! deployment with its own Ed25519 PKI, not for the web PKI. The provider never enables
//! rustls's own `aws_lc_rs` or `ring` features. Multipath QUIC packet nonces are not
//! implemented.
//!
//! ```
//! use std::sync::Arc;
//! let provider = Arc::new(zcrypto::rustls::provider());
//! assert_eq!(provider.kx_groups[0].name(), rustls::NamedGroup::X25519MLKEM768);
//! let config = rustls::ClientConfig::builder_with_provider(provider)
//!     .with_protocol_versions(&[&rustls::version::TLS13])?
//!     .with_root_certificates(rustls::RootCertStore::empty())
//!     .with_no_client_auth();
//! assert_eq!(config.crypto_provider().cipher_suites.len(), 3);
//! # Ok::<(), rustls::Error>(())
//! ```
//!
//! For QUIC, hand the config to quinn with
//! `quinn::crypto::rustls::QuicClientConfig::try_from(config)` (and `QuicServerConfig`
//! for a server); `tests/rustls_quinn.rs` runs such a client and server.
//!
//! [rustls]: https://docs.rs/rustls/0.23
//! [`CryptoProvider`]: ::rustls::crypto::CryptoProvider

use ::rustls::crypto::CryptoProvider;

pub mod kx;
pub mod rand;
pub mod sign;
pub mod suites;
pub mod verify;

/// The zcrypto [`CryptoProvider`]: every suite of [`suites::ALL_CIPHER_SUITES`], the key
/// exchange groups X25519MLKEM768 then X25519, [`verify::SUPPORTED_SIG_ALGS`],
/// [`rand::SECURE_RANDOM`] and [`sign::KEY_PROVIDER`].
pub fn provider() -> CryptoProvider {
    CryptoProvider {
        cipher_suites: suites::ALL_CIPHER_SUITES.to_vec(),
        kx_groups: kx::ALL_KX_GROUPS.to_vec(),
        signature_verification_algorithms: verify::SUPPORTED_SIG_ALGS,
        secure_random: rand::SECURE_RANDOM,
        key_provider: sign::KEY_PROVIDER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::rustls::crypto::aws_lc_rs;
    use ::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    use ::rustls::{
        CipherSuite, ClientConfig, ClientConnection, HandshakeKind, NamedGroup, RootCertStore,
        ServerConfig, ServerConnection,
    };
    use std::io::{Read as _, Write as _};
    use std::sync::Arc;

    /// Moves TLS records between the two ends until neither has anything to send.
    fn pump(client: &mut ClientConnection, server: &mut ServerConnection) {
        loop {
            let mut moved = false;
            let mut buf = Vec::new();
            while client.wants_write() {
                client.write_tls(&mut buf).unwrap();
            }
            let mut rd = &buf[..];
            while !rd.is_empty() {
                moved = true;
                server.read_tls(&mut rd).unwrap();
                server.process_new_packets().unwrap();
            }
            buf.clear();
            while server.wants_write() {
                server.write_tls(&mut buf).unwrap();
            }
            let mut rd = &buf[..];
            while !rd.is_empty() {
                moved = true;
                client.read_tls(&mut rd).unwrap();
                client.process_new_packets().unwrap();
            }
            if !moved {
                return;
            }
        }
    }

    fn only(mut p: CryptoProvider, suite: CipherSuite) -> Arc<CryptoProvider> {
        p.cipher_suites.retain(|s| s.suite() == suite);
        assert_eq!(p.cipher_suites.len(), 1);
        Arc::new(p)
    }

    /// rustls's aws-lc-rs provider, preferring X25519MLKEM768 if `pq` (without rustls's
    /// `prefer-post-quantum` feature it lists X25519 first).
    fn aws_lc(pq: bool) -> CryptoProvider {
        let mut p = aws_lc_rs::default_provider();
        p.kx_groups
            .sort_by_key(|g| (g.name() != NamedGroup::X25519MLKEM768) == pq);
        p
    }

    /// A handshake over memory with one suite; then 12 000 bytes in three records one
    /// way and 4 bytes the other. Returns the negotiated group.
    fn tls13(c: CryptoProvider, s: CryptoProvider, suite: CipherSuite) -> NamedGroup {
        let kp = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
        let cert = rcgen::CertificateParams::new(vec!["localhost".to_string()])
            .unwrap()
            .self_signed(&kp)
            .unwrap();
        let cert: CertificateDer<'static> = cert.der().clone();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(kp.serialize_der()));
        let mut roots = RootCertStore::empty();
        roots.add(cert.clone()).unwrap();

        let client = ClientConfig::builder_with_provider(only(c, suite))
            .with_protocol_versions(&[&::rustls::version::TLS13])
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let server = ServerConfig::builder_with_provider(only(s, suite))
            .with_protocol_versions(&[&::rustls::version::TLS13])
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .unwrap();
        let mut c =
            ClientConnection::new(Arc::new(client), "localhost".try_into().unwrap()).unwrap();
        let mut s = ServerConnection::new(Arc::new(server)).unwrap();
        pump(&mut c, &mut s);
        assert!(!c.is_handshaking() && !s.is_handshaking());
        // Every pairing here finds a key share in the first flight: no HelloRetryRequest.
        assert_eq!(c.handshake_kind(), Some(HandshakeKind::Full));
        assert_eq!(c.negotiated_cipher_suite().unwrap().suite(), suite);
        let group = c.negotiated_key_exchange_group().unwrap().name();
        assert_eq!(s.negotiated_key_exchange_group().unwrap().name(), group);

        // Three records (one per write), within rustls's 16 KiB receive buffer.
        let data: Vec<u8> = (0..12_000u32).map(|i| (i % 251) as u8).collect();
        for part in data.chunks(4_000) {
            c.writer().write_all(part).unwrap();
        }
        s.writer().write_all(b"pong").unwrap();
        pump(&mut c, &mut s);
        let mut got = vec![0u8; data.len()];
        s.reader().read_exact(&mut got).unwrap();
        assert_eq!(got, data);
        let mut pong = [0u8; 4];
        c.reader().read_exact(&mut pong).unwrap();
        assert_eq!(&pong, b"pong");
        group
    }

    /// TLS 1.3 between zcrypto and rustls's aws-lc-rs provider, both ways, every suite:
    /// the record layer, hash, HKDF, key exchange, signing and verification interoperate.
    #[test]
    fn tls13_interop_with_aws_lc() {
        for suite in provider().cipher_suites.iter().map(|s| s.suite()) {
            assert_eq!(
                tls13(provider(), aws_lc(true), suite),
                NamedGroup::X25519MLKEM768,
                "{suite:?}"
            );
            assert_eq!(
                tls13(aws_lc(true), provider(), suite),
                NamedGroup::X25519MLKEM768,
                "{suite:?}"
            );
        }
        let suite = CipherSuite::TLS13_AES_128_GCM_SHA256;
        // A client that only sends an X25519 share gets X25519 from a zcrypto server...
        assert_eq!(tls13(aws_lc(false), provider(), suite), NamedGroup::X25519);
        // ...and a zcrypto client answers a server without ML-KEM with the X25519 half of
        // its hybrid share (no HelloRetryRequest).
        let mut classical = aws_lc(false);
        classical
            .kx_groups
            .retain(|g| g.name() == NamedGroup::X25519);
        assert_eq!(tls13(provider(), classical, suite), NamedGroup::X25519);
        assert_eq!(
            tls13(provider(), provider(), suite),
            NamedGroup::X25519MLKEM768
        );
    }

    #[test]
    fn contents() {
        let p = provider();
        let groups: Vec<_> = p.kx_groups.iter().map(|g| g.name()).collect();
        assert_eq!(groups, [NamedGroup::X25519MLKEM768, NamedGroup::X25519]);
        assert_eq!(p.cipher_suites.len(), 3);
        assert!(
            p.cipher_suites
                .iter()
                .all(|s| s.tls13().is_some_and(|s| s.quic.is_some()))
        );
        assert!(!p.fips());
        p.signature_verification_algorithms.supported_schemes();
    }
}
