//! X25519MLKEM768: the hybrid key exchange of TLS group 0x11EC
//! (draft-ietf-tls-ecdhe-mlkem), byte-compatible with rustls and aws-lc.
//!
//! * client share = ML-KEM-768 encapsulation key (1184 B) ‖ X25519 public key (32 B)
//! * server share = ML-KEM-768 ciphertext (1088 B) ‖ X25519 public key (32 B)
//! * shared secret = ML-KEM-768 shared secret (32 B) ‖ X25519 shared secret (32 B)
//!
//! The secret stays safe while either component does: a quantum adversary must break
//! ML-KEM, a classical one X25519 or ML-KEM.
//!
//! ```
//! use zcrypto::kem::hybrid::{self, Client};
//! let client = Client::from_parts(&[1u8; 64], [2u8; 32]).unwrap();
//! let (server_share, server_secret) =
//!     hybrid::server_encapsulate_deterministic(&client.key_share(), &[3u8; 32], [4u8; 32]).unwrap();
//! let client_secret = client.finish(&server_share).unwrap();
//! assert_eq!(client_secret, server_secret);
//! assert_eq!(client_secret.as_bytes().len(), 64);
//! ```

use core::fmt;

use super::{DecapsulationKey, ENCAPS_RANDOMNESS_LEN, EncapsulationKey, MlKem, SEED_LEN};
use crate::{Backend, Error, x25519};

const MLKEM: MlKem = MlKem::MlKem768;
/// Client key share length: 1184 + 32.
pub const CLIENT_SHARE_LEN: usize = 1184 + x25519::KEY_LEN;
/// Server key share length: 1088 + 32.
pub const SERVER_SHARE_LEN: usize = 1088 + x25519::KEY_LEN;
/// Combined shared secret length: 32 + 32.
pub const SECRET_LEN: usize = 64;
/// The TLS NamedGroup code point.
pub const TLS_GROUP_ID: u16 = 0x11EC;

/// The 64-byte combined secret, ML-KEM part first (zeroized on drop, constant-time `==`).
pub type HybridSecret = crate::Secret<SECRET_LEN>;

fn combine(mlkem: &super::SharedSecret, ecdh: &x25519::SharedSecret) -> HybridSecret {
    let mut out = zeroize::Zeroizing::new([0u8; SECRET_LEN]);
    out[..32].copy_from_slice(mlkem.as_bytes());
    out[32..].copy_from_slice(ecdh.as_bytes());
    HybridSecret::new(*out)
}

/// The client (initiator) side: holds both secret keys until the server answers.
pub struct Client {
    mlkem: DecapsulationKey,
    ecdh: x25519::SecretKey,
}

impl Client {
    /// A fresh client key pair from operating-system randomness.
    #[cfg(feature = "std")]
    pub fn generate() -> Result<Client, Error> {
        Ok(Client {
            mlkem: DecapsulationKey::generate(MLKEM)?,
            ecdh: x25519::SecretKey::generate()?,
        })
    }

    /// A client from an ML-KEM-768 seed (d ‖ z) and an X25519 secret, default backend.
    pub fn from_parts(
        mlkem_seed: &[u8; SEED_LEN],
        x25519_secret: [u8; 32],
    ) -> Result<Client, Error> {
        Client::from_parts_with_backend(mlkem_seed, x25519_secret, Backend::default())
    }

    /// As [`Client::from_parts`], on a chosen backend.
    pub fn from_parts_with_backend(
        mlkem_seed: &[u8; SEED_LEN],
        x25519_secret: [u8; 32],
        backend: Backend,
    ) -> Result<Client, Error> {
        Ok(Client {
            mlkem: DecapsulationKey::from_seed_with_backend(MLKEM, mlkem_seed, backend)?,
            ecdh: x25519::SecretKey::from_bytes(x25519_secret).with_backend(backend)?,
        })
    }

    /// The client key share to send: ek ‖ X25519 public key.
    pub fn key_share(&self) -> Vec<u8> {
        let mut share = Vec::with_capacity(CLIENT_SHARE_LEN);
        share.extend_from_slice(self.mlkem.encapsulation_key().as_bytes());
        share.extend_from_slice(self.ecdh.public_key().as_bytes());
        share
    }

    /// Completes the exchange with the server's share.
    pub fn finish(&self, server_share: &[u8]) -> Result<HybridSecret, Error> {
        Error::check_len(SERVER_SHARE_LEN, server_share.len())?;
        let (ct, pk) = server_share.split_at(MLKEM.ciphertext_len());
        let mlkem = self.mlkem.decapsulate(ct)?;
        let ecdh = self
            .ecdh
            .diffie_hellman(&x25519::PublicKey::try_from_slice(pk)?)?;
        Ok(combine(&mlkem, &ecdh))
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("hybrid::Client").finish_non_exhaustive()
    }
}

fn split_client_share(
    client_share: &[u8],
    backend: Backend,
) -> Result<(EncapsulationKey, x25519::PublicKey), Error> {
    Error::check_len(CLIENT_SHARE_LEN, client_share.len())?;
    let (ek, pk) = client_share.split_at(MLKEM.encapsulation_key_len());
    Ok((
        EncapsulationKey::from_bytes_with_backend(MLKEM, ek, backend)?,
        x25519::PublicKey::try_from_slice(pk)?,
    ))
}

/// The server (responder) side: answers a client share with fresh randomness.
/// Returns the server share to send back and the combined secret.
#[cfg(feature = "std")]
pub fn server_encapsulate(client_share: &[u8]) -> Result<(Vec<u8>, HybridSecret), Error> {
    let (ek, peer) = split_client_share(client_share, Backend::default())?;
    let (ct, mlkem) = ek.encapsulate()?;
    let eph = x25519::SecretKey::generate()?;
    finish_server(ct.as_bytes(), &mlkem, &eph, &peer)
}

/// As [`server_encapsulate`] with caller-given randomness (ML-KEM `m` and the X25519
/// ephemeral secret). For known-answer tests only.
pub fn server_encapsulate_deterministic(
    client_share: &[u8],
    m: &[u8; ENCAPS_RANDOMNESS_LEN],
    x25519_ephemeral: [u8; 32],
) -> Result<(Vec<u8>, HybridSecret), Error> {
    let (ek, peer) = split_client_share(client_share, Backend::default())?;
    let (ct, mlkem) = ek.encapsulate_deterministic(m)?;
    let eph = x25519::SecretKey::from_bytes(x25519_ephemeral);
    finish_server(ct.as_bytes(), &mlkem, &eph, &peer)
}

fn finish_server(
    ct: &[u8],
    mlkem: &super::SharedSecret,
    eph: &x25519::SecretKey,
    peer: &x25519::PublicKey,
) -> Result<(Vec<u8>, HybridSecret), Error> {
    let ecdh = eph.diffie_hellman(peer)?;
    let mut share = Vec::with_capacity(SERVER_SHARE_LEN);
    share.extend_from_slice(ct);
    share.extend_from_slice(eph.public_key().as_bytes());
    Ok((share, combine(mlkem, &ecdh)))
}
