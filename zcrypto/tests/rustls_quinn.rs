//! zcrypto's rustls provider end to end: a quinn QUIC client and server over loopback,
//! both on `zcrypto::rustls::provider()`, with a self-signed Ed25519 certificate (so
//! zcrypto signs and verifies the handshake), X25519MLKEM768 key exchange, and 10 MiB on
//! one bidirectional stream checked by SHA-256.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use quinn::crypto::rustls::{QuicClientConfig, QuicServerConfig};
use rustls::crypto::{ActiveKeyExchange, CompletedKeyExchange, CryptoProvider, SupportedKxGroup};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{NamedGroup, SupportedCipherSuite};
use zcrypto::rustls::{kx, provider, suites};

const TIMEOUT: Duration = Duration::from_secs(120);

/// A self-signed Ed25519 certificate for "localhost" and its PKCS#8 key.
fn certificate() -> (CertificateDer<'static>, PrivateKeyDer<'static>) {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    (cert.der().clone(), der)
}

/// Deterministic pseudo-random bytes (SplitMix64).
fn pseudo_random(len: usize) -> Vec<u8> {
    let mut state = 0x5a17_c0de_u64;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A server-side key exchange group that records which group completed the exchange.
#[derive(Debug)]
struct Recording {
    inner: &'static dyn SupportedKxGroup,
    log: Arc<Mutex<Vec<NamedGroup>>>,
}

impl SupportedKxGroup for Recording {
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, rustls::Error> {
        self.inner.start()
    }

    fn start_and_complete(&self, peer: &[u8]) -> Result<CompletedKeyExchange, rustls::Error> {
        let done = self.inner.start_and_complete(peer)?;
        self.log.lock().unwrap().push(done.group);
        Ok(done)
    }

    fn name(&self) -> NamedGroup {
        self.inner.name()
    }

    fn usable_for_version(&self, version: rustls::ProtocolVersion) -> bool {
        self.inner.usable_for_version(version)
    }
}

/// The provider with only `suite` (all suites if `None`).
fn provider_with(suite: Option<SupportedCipherSuite>) -> CryptoProvider {
    let mut p = provider();
    if let Some(s) = suite {
        p.cipher_suites = vec![s];
    }
    p
}

/// QUIC Initial packets always use AES-128-GCM/SHA-256, even when the handshake
/// negotiates another suite; quinn takes it separately when the provider lacks it.
fn initial_suite() -> rustls::quic::Suite {
    suites::TLS13_AES_128_GCM_SHA256
        .tls13()
        .unwrap()
        .quic_suite()
        .unwrap()
}

struct Server {
    endpoint: quinn::Endpoint,
    addr: SocketAddr,
    groups: Arc<Mutex<Vec<NamedGroup>>>,
}

fn server(
    suite: Option<SupportedCipherSuite>,
    cert: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
) -> Server {
    let groups = Arc::new(Mutex::new(Vec::new()));
    let mut p = provider_with(suite);
    p.kx_groups = p
        .kx_groups
        .iter()
        .map(|&inner| {
            &*Box::leak(Box::new(Recording {
                inner,
                log: groups.clone(),
            })) as &'static dyn SupportedKxGroup
        })
        .collect();
    let mut tls = rustls::ServerConfig::builder_with_provider(Arc::new(p))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    tls.alpn_protocols = vec![b"zcrypto-test".to_vec()];
    let quic = QuicServerConfig::with_initial(Arc::new(tls), initial_suite()).unwrap();
    let endpoint = quinn::Endpoint::server(
        quinn::ServerConfig::with_crypto(Arc::new(quic)),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let addr = endpoint.local_addr().unwrap();
    Server {
        endpoint,
        addr,
        groups,
    }
}

fn client(
    suite: Option<SupportedCipherSuite>,
    trusted: CertificateDer<'static>,
) -> quinn::Endpoint {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(trusted).unwrap();
    let mut tls = rustls::ClientConfig::builder_with_provider(Arc::new(provider_with(suite)))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"zcrypto-test".to_vec()];
    let quic = QuicClientConfig::with_initial(Arc::new(tls), initial_suite()).unwrap();
    let mut endpoint = quinn::Endpoint::client("127.0.0.1:0".parse().unwrap()).unwrap();
    endpoint.set_default_client_config(quinn::ClientConfig::new(Arc::new(quic)));
    endpoint
}

/// The server accepts one connection and one bidirectional stream, reads it to the end
/// and answers with the length (8 bytes, big-endian) and SHA-256 of what it read.
async fn serve_one(endpoint: quinn::Endpoint, limit: usize) -> Result<(), quinn::ConnectionError> {
    let incoming = endpoint.accept().await.expect("endpoint closed");
    let conn = incoming.await?;
    let (mut send, mut recv) = conn.accept_bi().await?;
    let data = recv.read_to_end(limit).await.expect("read");
    let mut reply = (data.len() as u64).to_be_bytes().to_vec();
    reply.extend_from_slice(&zcrypto::hash::sha256(&data));
    send.write_all(&reply).await.expect("write");
    send.finish().expect("finish");
    conn.closed().await;
    Ok(())
}

/// Handshake, send `len` bytes, check the server's digest; returns the server's groups.
async fn transfer(suite: Option<SupportedCipherSuite>, len: usize) -> Vec<NamedGroup> {
    let (cert, key) = certificate();
    let server = server(suite, cert.clone(), key);
    let server_task = tokio::spawn(serve_one(server.endpoint.clone(), len + 1));
    let client = client(suite, cert);

    let conn = client
        .connect(server.addr, "localhost")
        .unwrap()
        .await
        .expect("handshake");
    let hd = conn
        .handshake_data()
        .unwrap()
        .downcast::<quinn::crypto::rustls::HandshakeData>()
        .unwrap();
    assert_eq!(hd.protocol.as_deref(), Some(&b"zcrypto-test"[..]));

    let data = pseudo_random(len);
    let (mut send, mut recv) = conn.open_bi().await.unwrap();
    send.write_all(&data).await.unwrap();
    send.finish().unwrap();
    let reply = recv.read_to_end(40).await.unwrap();
    assert_eq!(reply.len(), 40);
    assert_eq!(
        u64::from_be_bytes(reply[..8].try_into().unwrap()),
        len as u64
    );
    assert_eq!(
        reply[8..],
        zcrypto::hash::sha256(&data),
        "the server read other bytes"
    );

    conn.close(0u32.into(), b"done");
    server_task.await.unwrap().unwrap();
    client.wait_idle().await;
    server.endpoint.close(0u32.into(), b"");
    server.groups.lock().unwrap().clone()
}

/// The full provider on both sides: X25519MLKEM768 is negotiated and 10 MiB arrive intact.
#[tokio::test]
async fn ten_mib_over_x25519mlkem768() {
    let groups = tokio::time::timeout(TIMEOUT, transfer(None, 10 << 20))
        .await
        .expect("timed out");
    assert_eq!(groups, [NamedGroup::X25519MLKEM768]);
    assert_eq!(kx::X25519MLKEM768.name(), NamedGroup::X25519MLKEM768);
}

async fn one_suite(suite: SupportedCipherSuite) {
    let groups = tokio::time::timeout(TIMEOUT, transfer(Some(suite), 1 << 20))
        .await
        .expect("timed out");
    assert_eq!(groups, [NamedGroup::X25519MLKEM768], "{:?}", suite.suite());
}

#[tokio::test]
async fn suite_aes_128_gcm_sha256() {
    one_suite(suites::TLS13_AES_128_GCM_SHA256).await;
}

#[tokio::test]
async fn suite_aes_256_gcm_sha384() {
    one_suite(suites::TLS13_AES_256_GCM_SHA384).await;
}

#[tokio::test]
async fn suite_chacha20_poly1305_sha256() {
    one_suite(suites::TLS13_CHACHA20_POLY1305_SHA256).await;
}

/// A client that trusts another certificate refuses the server: the handshake fails.
#[tokio::test]
async fn untrusted_certificate_fails() {
    let (cert, key) = certificate();
    let (other, _) = certificate();
    let server = server(None, cert, key);
    let server_task = tokio::spawn(serve_one(server.endpoint.clone(), 1024));
    let client = client(None, other);
    let result = tokio::time::timeout(TIMEOUT, client.connect(server.addr, "localhost").unwrap())
        .await
        .expect("timed out");
    let err = result.expect_err("the handshake must fail");
    let msg = err.to_string();
    assert!(
        msg.contains("UnknownIssuer") || msg.contains("invalid peer certificate"),
        "{msg}"
    );
    // The server sees the client's alert.
    let server_err = tokio::time::timeout(TIMEOUT, server_task)
        .await
        .expect("timed out")
        .unwrap();
    assert!(server_err.is_err());
    server.endpoint.close(0u32.into(), b"");
}
