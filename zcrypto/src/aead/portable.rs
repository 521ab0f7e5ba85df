//! RustCrypto AEADs (`aes-gcm`, `chacha20poly1305`): pure Rust, builds for WebAssembly.

use aes_gcm::aead::{AeadInOut, KeyInit, array::Array};

use super::{AeadAlg, Tag};
use crate::Error;

pub(super) enum Cipher {
    // Boxed: the expanded AES key schedules are large.
    Aes128Gcm(Box<aes_gcm::Aes128Gcm>),
    Aes256Gcm(Box<aes_gcm::Aes256Gcm>),
    ChaCha20Poly1305(Box<chacha20poly1305::ChaCha20Poly1305>),
    XChaCha20Poly1305(Box<chacha20poly1305::XChaCha20Poly1305>),
}

impl Cipher {
    pub(super) fn new(alg: AeadAlg, key: &[u8]) -> Result<Cipher, Error> {
        let bad_key = |_| Error::InvalidLength {
            expected: alg.key_len(),
            got: key.len(),
        };
        Ok(match alg {
            AeadAlg::Aes128Gcm => Cipher::Aes128Gcm(Box::new(
                aes_gcm::Aes128Gcm::new_from_slice(key).map_err(bad_key)?,
            )),
            AeadAlg::Aes256Gcm => Cipher::Aes256Gcm(Box::new(
                aes_gcm::Aes256Gcm::new_from_slice(key).map_err(bad_key)?,
            )),
            AeadAlg::ChaCha20Poly1305 => Cipher::ChaCha20Poly1305(Box::new(
                chacha20poly1305::ChaCha20Poly1305::new_from_slice(key).map_err(bad_key)?,
            )),
            AeadAlg::XChaCha20Poly1305 => Cipher::XChaCha20Poly1305(Box::new(
                chacha20poly1305::XChaCha20Poly1305::new_from_slice(key).map_err(bad_key)?,
            )),
        })
    }

    /// `nonce` has the algorithm's length (checked by the caller).
    pub(super) fn seal(&self, nonce: &[u8], aad: &[u8], in_out: &mut [u8]) -> Result<Tag, Error> {
        macro_rules! seal {
            ($c:expr) => {{
                let nonce = Array::try_from(nonce).map_err(|_| Error::Internal)?;
                let tag = $c
                    .encrypt_inout_detached(&nonce, aad, in_out.into())
                    // Only over-long inputs (> 2^36 bytes for GCM) fail here.
                    .map_err(|_| Error::MessageTooLong)?;
                Tag::try_from_slice(&tag)
            }};
        }
        match self {
            Cipher::Aes128Gcm(c) => seal!(c),
            Cipher::Aes256Gcm(c) => seal!(c),
            Cipher::ChaCha20Poly1305(c) => seal!(c),
            Cipher::XChaCha20Poly1305(c) => seal!(c),
        }
    }

    pub(super) fn open(
        &self,
        nonce: &[u8],
        aad: &[u8],
        in_out: &mut [u8],
        tag: &Tag,
    ) -> Result<(), Error> {
        macro_rules! open {
            ($c:expr) => {{
                let nonce = Array::try_from(nonce).map_err(|_| Error::Internal)?;
                let tag = Array::from(tag.0);
                $c.decrypt_inout_detached(&nonce, aad, in_out.into(), &tag)
                    .map_err(|_| Error::DecryptionFailed)
            }};
        }
        match self {
            Cipher::Aes128Gcm(c) => open!(c),
            Cipher::Aes256Gcm(c) => open!(c),
            Cipher::ChaCha20Poly1305(c) => open!(c),
            Cipher::XChaCha20Poly1305(c) => open!(c),
        }
    }
}
