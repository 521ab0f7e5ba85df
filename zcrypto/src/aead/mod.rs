//! Authenticated encryption: AES-128/256-GCM, ChaCha20-Poly1305, XChaCha20-Poly1305.
//!
//! Every operation works in place on caller buffers and allocates nothing:
//!
//! ```
//! use zcrypto::aead::{AeadAlg, AeadKey, Nonce, TAG_LEN};
//! let key = AeadKey::new(AeadAlg::Aes128Gcm, &[7u8; 16]).unwrap();
//! let nonce = Nonce::try_from_slice(&[1u8; 12]).unwrap();
//!
//! // Appended tag: the buffer has room for it after the plaintext.
//! let mut buf = [0u8; 5 + TAG_LEN];
//! buf[..5].copy_from_slice(b"hello");
//! let sealed_len = key.seal_in_place(&nonce, b"header", &mut buf, 5).unwrap();
//! assert_eq!(sealed_len, 5 + TAG_LEN);
//! let plaintext = key.open_in_place(&nonce, b"header", &mut buf).unwrap();
//! assert_eq!(plaintext, b"hello");
//!
//! // A flipped bit is caught, and the buffer is wiped rather than left half-decrypted.
//! let mut buf2 = [0u8; 5 + TAG_LEN];
//! buf2[..5].copy_from_slice(b"hello");
//! key.seal_in_place(&nonce, b"header", &mut buf2, 5).unwrap();
//! buf2[0] ^= 1;
//! let err = key.open_in_place(&nonce, b"header", &mut buf2).unwrap_err();
//! assert_eq!(err, zcrypto::Error::DecryptionFailed);
//! assert_eq!(err.code(), 4);
//! ```
//!
//! For numbered records (TLS, QUIC, tunnels), [`PacketKey`] pairs a key with its static
//! IV and derives each nonce from the packet number.
//!
//! ## Backends
//! [`Backend::Native`] (the default with the `native` feature) is aws-lc-rs for AES-GCM and
//! ChaCha20-Poly1305: on x86-64 with AES-NI/VAES its AES-128-GCM seals 1350-byte packets
//! at about 6.2 GB/s against ring's 5.0 and RustCrypto's 2.0 on our reference machine
//! (`cargo run --release -p benches --bin compare -- aead` prints the live numbers),
//! so it is the default. [`Backend::Portable`] is RustCrypto's `aes-gcm` and
//! `chacha20poly1305`. aws-lc-rs has no XChaCha20-Poly1305, so that algorithm uses
//! RustCrypto on both backends.

mod packet;
mod portable;

#[cfg(feature = "native")]
mod native;

pub use packet::{IV_LEN, PacketKey};

use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use crate::{Algorithm, Backend, Error};

/// Length of every tag produced by the AEADs here.
pub const TAG_LEN: usize = 16;

/// An AEAD algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AeadAlg {
    /// AES-128-GCM: 16-byte key, 12-byte nonce.
    Aes128Gcm,
    /// AES-256-GCM: 32-byte key, 12-byte nonce.
    Aes256Gcm,
    /// ChaCha20-Poly1305 (RFC 8439): 32-byte key, 12-byte nonce.
    ChaCha20Poly1305,
    /// XChaCha20-Poly1305: 32-byte key, 24-byte nonce (safe to pick at random).
    XChaCha20Poly1305,
}

impl AeadAlg {
    /// Every AEAD.
    pub const ALL: [AeadAlg; 4] = [
        AeadAlg::Aes128Gcm,
        AeadAlg::Aes256Gcm,
        AeadAlg::ChaCha20Poly1305,
        AeadAlg::XChaCha20Poly1305,
    ];

    /// Key length in bytes.
    pub const fn key_len(self) -> usize {
        match self {
            AeadAlg::Aes128Gcm => 16,
            _ => 32,
        }
    }

    /// Nonce length in bytes.
    pub const fn nonce_len(self) -> usize {
        match self {
            AeadAlg::XChaCha20Poly1305 => 24,
            _ => 12,
        }
    }

    /// Tag length in bytes (always [`TAG_LEN`]).
    pub const fn tag_len(self) -> usize {
        TAG_LEN
    }

    /// The stable algorithm name.
    pub const fn algorithm(self) -> Algorithm {
        match self {
            AeadAlg::Aes128Gcm => Algorithm::Aes128Gcm,
            AeadAlg::Aes256Gcm => Algorithm::Aes256Gcm,
            AeadAlg::ChaCha20Poly1305 => Algorithm::ChaCha20Poly1305,
            AeadAlg::XChaCha20Poly1305 => Algorithm::XChaCha20Poly1305,
        }
    }
}

impl TryFrom<Algorithm> for AeadAlg {
    type Error = Error;
    fn try_from(alg: Algorithm) -> Result<Self, Error> {
        AeadAlg::ALL
            .into_iter()
            .find(|a| a.algorithm() == alg)
            .ok_or(Error::UnsupportedAlgorithm)
    }
}

/// A nonce of 12 or 24 bytes. Its length is checked against the key's algorithm on use.
///
/// A nonce must never repeat under one key. For counters (TLS, QUIC, WireGuard) build it
/// with [`Nonce::from_iv_and_counter`]; for random nonces use XChaCha20-Poly1305.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Nonce {
    bytes: [u8; 24],
    len: u8,
}

impl Nonce {
    /// A nonce from 12 or 24 bytes.
    pub fn try_from_slice(bytes: &[u8]) -> Result<Nonce, Error> {
        match bytes.len() {
            12 | 24 => {
                let mut n = Nonce {
                    bytes: [0; 24],
                    len: bytes.len() as u8,
                };
                n.bytes[..bytes.len()].copy_from_slice(bytes);
                Ok(n)
            }
            got => Err(Error::InvalidLength { expected: 12, got }),
        }
    }

    /// The TLS 1.3 / QUIC per-record nonce: the 12-byte IV XOR the big-endian counter
    /// (packet number) left-padded to 12 bytes (RFC 8446 §5.3, RFC 9001 §5.3).
    pub fn from_iv_and_counter(iv: &[u8; 12], counter: u64) -> Nonce {
        let mut bytes = [0u8; 24];
        bytes[..12].copy_from_slice(iv);
        for (b, c) in bytes[4..12].iter_mut().zip(counter.to_be_bytes()) {
            *b ^= c;
        }
        Nonce { bytes, len: 12 }
    }

    /// A random nonce of the algorithm's length from the operating system.
    #[cfg(feature = "std")]
    pub fn random(alg: AeadAlg) -> Result<Nonce, Error> {
        let mut bytes = [0u8; 24];
        crate::rand::fill(&mut bytes[..alg.nonce_len()])?;
        Ok(Nonce {
            bytes,
            len: alg.nonce_len() as u8,
        })
    }

    /// The nonce bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

impl fmt::Debug for Nonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nonce({})", crate::encoding::to_hex(self.as_bytes()))
    }
}

/// A 16-byte authentication tag. Equality is constant-time.
#[derive(Clone, Copy)]
pub struct Tag(pub [u8; TAG_LEN]);

impl Tag {
    /// A tag from exactly 16 bytes.
    pub fn try_from_slice(bytes: &[u8]) -> Result<Tag, Error> {
        Error::check_len(TAG_LEN, bytes.len())?;
        let mut t = [0u8; TAG_LEN];
        t.copy_from_slice(bytes);
        Ok(Tag(t))
    }
}

impl PartialEq for Tag {
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}
impl Eq for Tag {}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag({})", crate::encoding::to_hex(&self.0))
    }
}

/// The backend object behind an [`AeadKey`].
enum Inner {
    Portable(portable::Cipher),
    #[cfg(feature = "native")]
    Native(native::Cipher),
}

/// An AEAD key, ready to seal and open. Key material is zeroized on drop by each backend.
pub struct AeadKey {
    alg: AeadAlg,
    backend: Backend,
    inner: Inner,
}

impl AeadKey {
    /// A key for `alg` on the default backend.
    pub fn new(alg: AeadAlg, key: &[u8]) -> Result<AeadKey, Error> {
        AeadKey::with_backend(alg, key, Backend::default())
    }

    /// A key for `alg` on a chosen backend. XChaCha20-Poly1305 always runs on the
    /// portable code (aws-lc-rs lacks it); [`AeadKey::backend`] tells which ran.
    pub fn with_backend(alg: AeadAlg, key: &[u8], backend: Backend) -> Result<AeadKey, Error> {
        Error::check_len(alg.key_len(), key.len())?;
        let (backend, inner) = match backend {
            #[cfg(feature = "native")]
            Backend::Native if alg != AeadAlg::XChaCha20Poly1305 => (
                Backend::Native,
                Inner::Native(native::Cipher::new(alg, key)?),
            ),
            Backend::Native if !Backend::Native.is_available() => {
                return Err(Error::UnsupportedAlgorithm);
            }
            _ => (
                Backend::Portable,
                Inner::Portable(portable::Cipher::new(alg, key)?),
            ),
        };
        Ok(AeadKey {
            alg,
            backend,
            inner,
        })
    }

    /// The algorithm.
    pub fn algorithm(&self) -> AeadAlg {
        self.alg
    }

    /// The backend that carries out the operations.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    fn check_nonce(&self, nonce: &Nonce) -> Result<(), Error> {
        Error::check_len(self.alg.nonce_len(), nonce.as_bytes().len())
    }

    /// Encrypts `in_out` in place and returns the detached tag.
    pub fn seal_in_place_detached(
        &self,
        nonce: &Nonce,
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<Tag, Error> {
        self.check_nonce(nonce)?;
        match &self.inner {
            Inner::Portable(c) => c.seal(nonce.as_bytes(), aad, in_out),
            #[cfg(feature = "native")]
            Inner::Native(c) => c.seal(nonce.as_bytes(), aad, in_out),
        }
    }

    /// Checks `tag` and decrypts `in_out` in place.
    ///
    /// On [`Error::DecryptionFailed`] the buffer is zeroed: no unauthenticated plaintext
    /// is ever released.
    pub fn open_in_place_detached(
        &self,
        nonce: &Nonce,
        aad: &[u8],
        in_out: &mut [u8],
        tag: &Tag,
    ) -> Result<(), Error> {
        self.check_nonce(nonce)?;
        let r = match &self.inner {
            Inner::Portable(c) => c.open(nonce.as_bytes(), aad, in_out, tag),
            #[cfg(feature = "native")]
            Inner::Native(c) => c.open(nonce.as_bytes(), aad, in_out, tag),
        };
        if r.is_err() {
            in_out.zeroize();
        }
        r
    }

    /// Encrypts the first `plaintext_len` bytes of `buf` in place and writes the tag right
    /// after them. Returns the sealed length, `plaintext_len + TAG_LEN`.
    pub fn seal_in_place(
        &self,
        nonce: &Nonce,
        aad: &[u8],
        buf: &mut [u8],
        plaintext_len: usize,
    ) -> Result<usize, Error> {
        let needed = plaintext_len
            .checked_add(TAG_LEN)
            .ok_or(Error::MessageTooLong)?;
        if buf.len() < needed {
            return Err(Error::BufferTooSmall {
                needed,
                got: buf.len(),
            });
        }
        let (pt, rest) = buf.split_at_mut(plaintext_len);
        let tag = self.seal_in_place_detached(nonce, aad, pt)?;
        rest[..TAG_LEN].copy_from_slice(&tag.0);
        Ok(needed)
    }

    /// Opens `buf` = ciphertext ‖ tag in place and returns the plaintext part of `buf`.
    pub fn open_in_place<'b>(
        &self,
        nonce: &Nonce,
        aad: &[u8],
        buf: &'b mut [u8],
    ) -> Result<&'b mut [u8], Error> {
        let ct_len = buf.len().checked_sub(TAG_LEN).ok_or(Error::InvalidLength {
            expected: TAG_LEN,
            got: buf.len(),
        })?;
        let (ct, tag) = buf.split_at_mut(ct_len);
        let tag = Tag::try_from_slice(tag)?;
        match self.open_in_place_detached(nonce, aad, ct, &tag) {
            Ok(()) => Ok(&mut buf[..ct_len]),
            Err(e) => {
                buf.zeroize();
                Err(e)
            }
        }
    }

    /// Convenience: seals `plaintext` into a new `Vec` (ciphertext ‖ tag).
    pub fn seal(&self, nonce: &Nonce, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(plaintext.len() + TAG_LEN);
        out.extend_from_slice(plaintext);
        out.resize(plaintext.len() + TAG_LEN, 0);
        self.seal_in_place(nonce, aad, &mut out, plaintext.len())?;
        Ok(out)
    }

    /// Convenience: opens ciphertext ‖ tag into a new `Vec`.
    pub fn open(&self, nonce: &Nonce, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, Error> {
        let mut buf = sealed.to_vec();
        let len = self.open_in_place(nonce, aad, &mut buf)?.len();
        buf.truncate(len);
        Ok(buf)
    }
}

impl fmt::Debug for AeadKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AeadKey")
            .field("alg", &self.alg)
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}
