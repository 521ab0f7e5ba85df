//! [`PacketKey`]: an AEAD key with its static IV, for protocols that number their
//! records (TLS 1.3, QUIC, WireGuard-style tunnels): nonce = IV XOR the 64-bit packet
//! number, so a caller never builds a nonce by hand and cannot pair a key with the
//! wrong IV.
//!
//! ```
//! use zcrypto::aead::{AeadAlg, PacketKey, TAG_LEN};
//! let key = PacketKey::new(AeadAlg::ChaCha20Poly1305, &[1u8; 32], [2u8; 12]).unwrap();
//! let header = b"short header";
//! let mut packet = [0u8; 4 + TAG_LEN];
//! packet[..4].copy_from_slice(b"ping");
//! key.seal_in_place(7, header, &mut packet, 4).unwrap();
//! assert_eq!(key.open_in_place(7, header, &mut packet).unwrap(), b"ping");
//! // Another packet number is another nonce: the same bytes no longer open.
//! key.seal_in_place(7, header, &mut packet, 4).unwrap();
//! assert!(key.open_in_place(8, header, &mut packet).is_err());
//! ```

use core::fmt;

use zeroize::Zeroize;

use super::{AeadAlg, AeadKey, Nonce, Tag};
use crate::{Backend, Error};

/// Length of the static IV (and of every per-packet nonce).
pub const IV_LEN: usize = 12;

/// An AEAD key and its 12-byte static IV. The IV is zeroized on drop (the key by its
/// backend). Only the 12-byte-nonce AEADs are allowed (XChaCha20-Poly1305 is refused).
pub struct PacketKey {
    key: AeadKey,
    iv: [u8; IV_LEN],
}

impl PacketKey {
    /// A packet key on the default backend.
    pub fn new(alg: AeadAlg, key: &[u8], iv: [u8; IV_LEN]) -> Result<PacketKey, Error> {
        PacketKey::with_backend(alg, key, iv, Backend::default())
    }

    /// A packet key on a chosen backend.
    pub fn with_backend(
        alg: AeadAlg,
        key: &[u8],
        iv: [u8; IV_LEN],
        backend: Backend,
    ) -> Result<PacketKey, Error> {
        if alg.nonce_len() != IV_LEN {
            return Err(Error::UnsupportedAlgorithm);
        }
        Ok(PacketKey {
            key: AeadKey::with_backend(alg, key, backend)?,
            iv,
        })
    }

    /// The algorithm.
    pub fn algorithm(&self) -> AeadAlg {
        self.key.algorithm()
    }

    /// The backend that carries out the operations.
    pub fn backend(&self) -> Backend {
        self.key.backend()
    }

    /// The nonce of packet number `number`: IV XOR the number (RFC 9001 §5.3).
    pub fn nonce(&self, number: u64) -> Nonce {
        Nonce::from_iv_and_counter(&self.iv, number)
    }

    /// Encrypts `in_out` in place under packet number `number` and returns the tag.
    pub fn seal_in_place_detached(
        &self,
        number: u64,
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<Tag, Error> {
        self.key
            .seal_in_place_detached(&self.nonce(number), aad, in_out)
    }

    /// Checks `tag` and decrypts `in_out` in place; on failure the buffer is zeroed.
    pub fn open_in_place_detached(
        &self,
        number: u64,
        aad: &[u8],
        in_out: &mut [u8],
        tag: &Tag,
    ) -> Result<(), Error> {
        self.key
            .open_in_place_detached(&self.nonce(number), aad, in_out, tag)
    }

    /// Encrypts the first `plaintext_len` bytes of `buf` and writes the tag after them.
    /// Returns the sealed length.
    pub fn seal_in_place(
        &self,
        number: u64,
        aad: &[u8],
        buf: &mut [u8],
        plaintext_len: usize,
    ) -> Result<usize, Error> {
        self.key
            .seal_in_place(&self.nonce(number), aad, buf, plaintext_len)
    }

    /// Opens `buf` = ciphertext ‖ tag in place and returns the plaintext part.
    pub fn open_in_place<'b>(
        &self,
        number: u64,
        aad: &[u8],
        buf: &'b mut [u8],
    ) -> Result<&'b mut [u8], Error> {
        self.key.open_in_place(&self.nonce(number), aad, buf)
    }
}

impl Drop for PacketKey {
    fn drop(&mut self) {
        self.iv.zeroize();
    }
}

impl fmt::Debug for PacketKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PacketKey")
            .field("alg", &self.algorithm())
            .field("backend", &self.backend())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aead::TAG_LEN;

    #[test]
    fn nonce_is_iv_xor_number() {
        let key = PacketKey::new(AeadAlg::Aes128Gcm, &[0; 16], [0xff; 12]).unwrap();
        let n = key.nonce(0x0102);
        assert_eq!(&n.as_bytes()[..10], &[0xff; 10]);
        assert_eq!(&n.as_bytes()[10..], &[0xfe, 0xfd]);
    }

    #[test]
    fn refuses_xchacha() {
        let e = PacketKey::new(AeadAlg::XChaCha20Poly1305, &[0; 32], [0; 12]).unwrap_err();
        assert_eq!(e, Error::UnsupportedAlgorithm);
    }

    #[test]
    fn backends_agree() {
        for alg in [
            AeadAlg::Aes128Gcm,
            AeadAlg::Aes256Gcm,
            AeadAlg::ChaCha20Poly1305,
        ] {
            let sealed: Vec<Vec<u8>> = Backend::AVAILABLE
                .iter()
                .map(|&b| {
                    let k =
                        PacketKey::with_backend(alg, &vec![3; alg.key_len()], [4; 12], b).unwrap();
                    let mut buf = vec![9u8; 40 + TAG_LEN];
                    k.seal_in_place(u64::MAX, b"hdr", &mut buf, 40).unwrap();
                    buf
                })
                .collect();
            assert!(sealed.windows(2).all(|w| w[0] == w[1]), "{alg:?}");
        }
    }
}
