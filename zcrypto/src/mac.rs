//! HMAC (RFC 2104) over SHA-256, SHA-384 and SHA-512, with constant-time verification.
//!
//! ```
//! use zcrypto::mac::{self, HmacAlg};
//! let tag = mac::hmac(HmacAlg::Sha256, b"key", b"The quick brown fox jumps over the lazy dog");
//! assert_eq!(tag.to_hex(), "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
//! assert!(mac::verify(HmacAlg::Sha256, b"key", b"The quick brown fox jumps over the lazy dog", tag.as_bytes()).is_ok());
//! assert!(mac::verify(HmacAlg::Sha256, b"key", b"tampered", tag.as_bytes()).is_err());
//! ```

use core::fmt;

use hmac::{KeyInit, Mac};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use crate::{Algorithm, Error};

/// An HMAC variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HmacAlg {
    /// HMAC-SHA-256 (32-byte tags).
    Sha256,
    /// HMAC-SHA-384 (48-byte tags).
    Sha384,
    /// HMAC-SHA-512 (64-byte tags).
    Sha512,
}

impl HmacAlg {
    /// Every HMAC variant.
    pub const ALL: [HmacAlg; 3] = [HmacAlg::Sha256, HmacAlg::Sha384, HmacAlg::Sha512];

    /// Tag length in bytes.
    pub const fn tag_len(self) -> usize {
        match self {
            HmacAlg::Sha256 => 32,
            HmacAlg::Sha384 => 48,
            HmacAlg::Sha512 => 64,
        }
    }

    /// The stable algorithm name.
    pub const fn algorithm(self) -> Algorithm {
        match self {
            HmacAlg::Sha256 => Algorithm::HmacSha256,
            HmacAlg::Sha384 => Algorithm::HmacSha384,
            HmacAlg::Sha512 => Algorithm::HmacSha512,
        }
    }
}

impl TryFrom<Algorithm> for HmacAlg {
    type Error = Error;
    fn try_from(alg: Algorithm) -> Result<Self, Error> {
        HmacAlg::ALL
            .into_iter()
            .find(|h| h.algorithm() == alg)
            .ok_or(Error::UnsupportedAlgorithm)
    }
}

/// An HMAC tag. Equality is constant-time.
#[derive(Clone, Copy)]
pub struct Tag {
    bytes: [u8; 64],
    len: u8,
}

impl Tag {
    fn from_slice(s: &[u8]) -> Self {
        let mut bytes = [0u8; 64];
        bytes[..s.len()].copy_from_slice(s);
        Tag {
            bytes,
            len: s.len() as u8,
        }
    }

    /// The tag bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// Lowercase hex.
    pub fn to_hex(&self) -> String {
        crate::encoding::to_hex(self.as_bytes())
    }
}

impl PartialEq for Tag {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes().ct_eq(other.as_bytes()).into()
    }
}
impl Eq for Tag {}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag({})", self.to_hex())
    }
}

/// An incremental HMAC computation. The keyed state is zeroized on drop.
#[derive(Clone)]
pub struct Hmac(State);

#[derive(Clone)]
enum State {
    Sha256(hmac::Hmac<sha2::Sha256>),
    Sha384(hmac::Hmac<sha2::Sha384>),
    Sha512(hmac::Hmac<sha2::Sha512>),
}

impl Hmac {
    /// Starts an HMAC computation with `key` (any length).
    pub fn new(alg: HmacAlg, key: &[u8]) -> Self {
        // HMAC accepts keys of every length, so `new_from_slice` cannot fail here.
        fn keyed<M: KeyInit + Mac>(key: &[u8]) -> M {
            match <M as KeyInit>::new_from_slice(key) {
                Ok(m) => m,
                Err(_) => unreachable!("HMAC takes keys of any length"),
            }
        }
        Hmac(match alg {
            HmacAlg::Sha256 => State::Sha256(keyed(key)),
            HmacAlg::Sha384 => State::Sha384(keyed(key)),
            HmacAlg::Sha512 => State::Sha512(keyed(key)),
        })
    }

    /// Feeds more data.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.0 {
            State::Sha256(m) => m.update(data),
            State::Sha384(m) => m.update(data),
            State::Sha512(m) => m.update(data),
        }
    }

    /// Returns the tag.
    pub fn finalize(self) -> Tag {
        let mut out = match self.0 {
            State::Sha256(m) => Tag::from_slice(&m.finalize().into_bytes()),
            State::Sha384(m) => Tag::from_slice(&m.finalize().into_bytes()),
            State::Sha512(m) => Tag::from_slice(&m.finalize().into_bytes()),
        };
        out.bytes[usize::from(out.len)..].zeroize();
        out
    }

    /// Checks `tag` against the computed tag in constant time.
    ///
    /// A tag of the wrong length is [`Error::InvalidLength`]; a wrong tag is
    /// [`Error::InvalidSignature`].
    pub fn verify(self, tag: &[u8]) -> Result<(), Error> {
        let expected = self.finalize();
        Error::check_len(expected.as_bytes().len(), tag.len())?;
        if bool::from(expected.as_bytes().ct_eq(tag)) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

/// HMAC of `data` under `key` in one call.
pub fn hmac(alg: HmacAlg, key: &[u8], data: &[u8]) -> Tag {
    let mut m = Hmac::new(alg, key);
    m.update(data);
    m.finalize()
}

/// Verifies an HMAC tag in constant time (see [`Hmac::verify`]).
pub fn verify(alg: HmacAlg, key: &[u8], data: &[u8], tag: &[u8]) -> Result<(), Error> {
    let mut m = Hmac::new(alg, key);
    m.update(data);
    m.verify(tag)
}
