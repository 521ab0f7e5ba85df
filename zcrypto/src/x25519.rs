//! X25519 key agreement (RFC 7748).
//!
//! ```
//! use zcrypto::x25519::{PublicKey, SecretKey};
//! let alice = SecretKey::from_bytes([1u8; 32]);
//! let bob = SecretKey::from_bytes([2u8; 32]);
//! let s1 = alice.diffie_hellman(&bob.public_key()).unwrap();
//! let s2 = bob.diffie_hellman(&alice.public_key()).unwrap();
//! assert_eq!(s1, s2);
//!
//! // A low-order peer key (here: zero) gives the all-zero secret, which is refused.
//! let zero = PublicKey::from_bytes([0u8; 32]);
//! assert_eq!(alice.diffie_hellman(&zero).unwrap_err(), zcrypto::Error::WeakKey);
//! ```
//!
//! Backends: x25519-dalek (portable) and aws-lc-rs (native, the default: its
//! s2n-bignum/ADX field arithmetic is the faster one on x86-64;
//! `benches/compare kx` measures both).

use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{Backend, Error};

/// Key, public key and shared secret length.
pub const KEY_LEN: usize = 32;

/// An X25519 public key (a Montgomery u-coordinate).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey([u8; KEY_LEN]);

impl PublicKey {
    /// A public key from its 32-byte encoding. Every 32-byte string is accepted, as
    /// RFC 7748 requires; low-order points are caught when the secret comes out zero.
    pub const fn from_bytes(bytes: [u8; KEY_LEN]) -> PublicKey {
        PublicKey(bytes)
    }

    /// A public key from a slice of exactly 32 bytes.
    pub fn try_from_slice(bytes: &[u8]) -> Result<PublicKey, Error> {
        Ok(PublicKey(crate::util::array(bytes)?))
    }

    /// The 32-byte encoding.
    pub const fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "x25519::PublicKey({})", crate::encoding::to_hex(&self.0))
    }
}

/// An X25519 secret key (static or ephemeral). Zeroized on drop.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey {
    bytes: [u8; KEY_LEN],
    #[zeroize(skip)]
    backend: Backend,
}

impl SecretKey {
    /// A secret key from 32 bytes (clamped when used, per RFC 7748), default backend.
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> SecretKey {
        SecretKey {
            bytes,
            backend: Backend::default(),
        }
    }

    /// A secret key from a slice of exactly 32 bytes.
    pub fn try_from_slice(bytes: &[u8]) -> Result<SecretKey, Error> {
        Ok(SecretKey::from_bytes(crate::util::array(bytes)?))
    }

    /// A fresh random key from the operating system.
    #[cfg(feature = "std")]
    pub fn generate() -> Result<SecretKey, Error> {
        let bytes = Zeroizing::new(crate::rand::array::<KEY_LEN>()?);
        Ok(SecretKey::from_bytes(*bytes))
    }

    /// The same key on another backend (for differential tests and benchmarks).
    pub fn with_backend(mut self, backend: Backend) -> Result<SecretKey, Error> {
        if !backend.is_available() {
            return Err(Error::UnsupportedAlgorithm);
        }
        self.backend = backend;
        Ok(self)
    }

    /// The 32 secret bytes.
    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.bytes
    }

    /// The public key `X25519(k, 9)`: aws-lc's fixed-base code on the native backend,
    /// dalek's precomputed base-point table on the portable one (3–6× faster than a
    /// general ladder with u = 9).
    pub fn public_key(&self) -> PublicKey {
        #[cfg(feature = "native")]
        if self.backend == Backend::Native
            && let Some(pk) = native_public_key(&self.bytes)
        {
            return PublicKey(pk);
        }
        let secret = x25519_dalek::StaticSecret::from(self.bytes);
        PublicKey(x25519_dalek::PublicKey::from(&secret).to_bytes())
    }

    /// The shared secret with `peer`. An all-zero result (a low-order `peer`) is
    /// [`Error::WeakKey`], as RFC 7748 §6.1 and RFC 8446 §7.4.2 require.
    pub fn diffie_hellman(&self, peer: &PublicKey) -> Result<SharedSecret, Error> {
        let out = match self.backend {
            #[cfg(feature = "native")]
            Backend::Native => native_dh(&self.bytes, &peer.0)?,
            _ => Zeroizing::new(x25519_dalek::x25519(self.bytes, peer.0)),
        };
        if bool::from(out.ct_eq(&[0u8; KEY_LEN])) {
            return Err(Error::WeakKey);
        }
        Ok(SharedSecret::new(*out))
    }
}

#[cfg(feature = "native")]
fn native_dh(
    secret: &[u8; KEY_LEN],
    peer: &[u8; KEY_LEN],
) -> Result<Zeroizing<[u8; KEY_LEN]>, Error> {
    use aws_lc_rs::agreement::{self, PrivateKey, UnparsedPublicKey, X25519};
    let sk = PrivateKey::from_private_key(&X25519, secret).map_err(|_| Error::InvalidKey)?;
    // aws-lc refuses an all-zero result itself; that is the only way `agree` fails here.
    agreement::agree(
        &sk,
        UnparsedPublicKey::new(&X25519, peer),
        Error::WeakKey,
        |k| {
            let mut out = Zeroizing::new([0u8; KEY_LEN]);
            out.copy_from_slice(k);
            Ok(out)
        },
    )
}

/// aws-lc accepts every 32-byte X25519 secret, so this is `None` only if aws-lc fails
/// internally; the caller then uses the portable code, which computes the same value.
#[cfg(feature = "native")]
fn native_public_key(secret: &[u8; KEY_LEN]) -> Option<[u8; KEY_LEN]> {
    use aws_lc_rs::agreement::{PrivateKey, X25519};
    let pk = PrivateKey::from_private_key(&X25519, secret)
        .ok()?
        .compute_public_key()
        .ok()?;
    pk.as_ref().try_into().ok()
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("x25519::SecretKey").finish_non_exhaustive()
    }
}

/// A 32-byte X25519 shared secret (zeroized on drop, constant-time `==`).
pub type SharedSecret = crate::Secret<KEY_LEN>;
