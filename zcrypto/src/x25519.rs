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
///
/// On the native backend the key is parsed into aws-lc once, on first use, and kept
/// (shared by clones): aws-lc computes the public key whenever it loads a private key,
/// so without this every [`SecretKey::diffie_hellman`] would pay a fixed-base
/// multiplication on top of the ladder. A static key used for many handshakes (a
/// `tunnel::Peer`, a `pool::StaticDhCache`) and an ephemeral key used for its public
/// key and two DHs both save it.
///
/// Erasure: the 32 bytes are zeroized on drop and by [`Zeroize::zeroize`], which also
/// drops this key's reference to the prepared aws-lc key. That key is freed when the
/// last clone holding it goes: aws-lc-rs frees it with `EVP_PKEY_free`, whose X25519
/// method releases the key (private and public bytes) with `OPENSSL_free`, and
/// `OPENSSL_free` overwrites the whole allocation with `OPENSSL_cleanse` first
/// (aws-lc `crypto/evp_extra/p_x25519_asn1.c`, `crypto/mem.c`).
#[derive(Clone)]
pub struct SecretKey {
    bytes: [u8; KEY_LEN],
    backend: Backend,
    /// The key loaded into aws-lc, with its public key; filled on first native use.
    #[cfg(feature = "native")]
    prepared: std::sync::OnceLock<std::sync::Arc<native::Prepared>>,
}

impl Zeroize for SecretKey {
    fn zeroize(&mut self) {
        self.bytes.zeroize();
        // Drop our reference to the aws-lc copy (wiped by aws-lc when the last one goes).
        #[cfg(feature = "native")]
        drop(self.prepared.take());
    }
}

impl Drop for SecretKey {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl ZeroizeOnDrop for SecretKey {}

impl SecretKey {
    /// A secret key from 32 bytes (clamped when used, per RFC 7748), default backend.
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> SecretKey {
        SecretKey {
            bytes,
            backend: Backend::default(),
            #[cfg(feature = "native")]
            prepared: std::sync::OnceLock::new(),
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
        #[cfg(feature = "native")]
        if backend != Backend::Native {
            drop(self.prepared.take());
        }
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
            && let Some(prepared) = self.prepared()
        {
            return PublicKey(prepared.public);
        }
        let secret = x25519_dalek::StaticSecret::from(self.bytes);
        PublicKey(x25519_dalek::PublicKey::from(&secret).to_bytes())
    }

    /// The shared secret with `peer`. An all-zero result (a low-order `peer`) is
    /// [`Error::WeakKey`], as RFC 7748 §6.1 and RFC 8446 §7.4.2 require.
    pub fn diffie_hellman(&self, peer: &PublicKey) -> Result<SharedSecret, Error> {
        let out = match self.backend {
            #[cfg(feature = "native")]
            Backend::Native => match self.prepared() {
                Some(prepared) => prepared.diffie_hellman(&peer.0)?,
                // aws-lc failed to load the key (out of memory): the portable code
                // computes the same value.
                None => Zeroizing::new(x25519_dalek::x25519(self.bytes, peer.0)),
            },
            _ => Zeroizing::new(x25519_dalek::x25519(self.bytes, peer.0)),
        };
        if bool::from(out.ct_eq(&[0u8; KEY_LEN])) {
            return Err(Error::WeakKey);
        }
        Ok(SharedSecret::new(*out))
    }
}

impl SecretKey {
    /// The aws-lc key, loaded on first use. `None` only if aws-lc fails internally
    /// (it accepts every 32-byte X25519 secret); then nothing is cached and the caller
    /// uses the portable code.
    #[cfg(feature = "native")]
    fn prepared(&self) -> Option<&native::Prepared> {
        if let Some(prepared) = self.prepared.get() {
            return Some(&**prepared);
        }
        let prepared = native::Prepared::new(&self.bytes)?;
        // Another thread may have won the race: either copy is the same key.
        Some(&**self.prepared.get_or_init(|| std::sync::Arc::new(prepared)))
    }

    /// Whether the native backend has loaded this key (tests of the caching).
    #[cfg(all(test, feature = "native"))]
    pub(crate) fn is_prepared(&self) -> bool {
        self.prepared.get().is_some()
    }
}

#[cfg(feature = "native")]
mod native {
    use aws_lc_rs::agreement::{self, PrivateKey, UnparsedPublicKey, X25519};
    use zeroize::Zeroizing;

    use super::KEY_LEN;
    use crate::Error;

    /// A secret key loaded into aws-lc (an `EVP_PKEY`, wiped by aws-lc when freed) and
    /// the public key aws-lc computed while loading it.
    pub(super) struct Prepared {
        key: PrivateKey,
        pub(super) public: [u8; KEY_LEN],
    }

    impl Prepared {
        pub(super) fn new(secret: &[u8; KEY_LEN]) -> Option<Prepared> {
            let key = PrivateKey::from_private_key(&X25519, secret).ok()?;
            let public = key.compute_public_key().ok()?.as_ref().try_into().ok()?;
            Some(Prepared { key, public })
        }

        pub(super) fn diffie_hellman(
            &self,
            peer: &[u8; KEY_LEN],
        ) -> Result<Zeroizing<[u8; KEY_LEN]>, Error> {
            // aws-lc refuses an all-zero result itself; that is the only way `agree`
            // fails here.
            agreement::agree(
                &self.key,
                UnparsedPublicKey::new(&X25519, peer),
                Error::WeakKey,
                |k| {
                    let mut out = Zeroizing::new([0u8; KEY_LEN]);
                    out.copy_from_slice(k);
                    Ok(out)
                },
            )
        }
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("x25519::SecretKey").finish_non_exhaustive()
    }
}

/// A 32-byte X25519 shared secret (zeroized on drop, constant-time `==`).
pub type SharedSecret = crate::Secret<KEY_LEN>;

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: u8) -> Vec<SecretKey> {
        (1..=n)
            .map(|i| {
                let mut b = [i; KEY_LEN];
                b[0] = i.wrapping_mul(37);
                SecretKey::from_bytes(b)
            })
            .collect()
    }

    /// Repeated DH with one key (the prepared aws-lc key on the native backend) agrees
    /// with the portable backend and with x25519-dalek called directly.
    #[test]
    fn repeated_dh_matches_portable() {
        let local = SecretKey::from_bytes([0x42; KEY_LEN]);
        let portable = local.clone().with_backend(Backend::Portable).unwrap();
        for peer in keys(20) {
            let pk = peer.public_key();
            let ours = local.diffie_hellman(&pk).unwrap();
            assert_eq!(ours, portable.diffie_hellman(&pk).unwrap());
            assert_eq!(
                ours.as_bytes(),
                &x25519_dalek::x25519(*local.as_bytes(), *pk.as_bytes())
            );
            assert_eq!(ours, peer.diffie_hellman(&local.public_key()).unwrap());
        }
        assert_eq!(local.public_key(), portable.public_key());
        // A low-order point is still refused after many good ones.
        let zero = PublicKey::from_bytes([0; KEY_LEN]);
        assert_eq!(local.diffie_hellman(&zero).unwrap_err(), Error::WeakKey);
        assert_eq!(portable.diffie_hellman(&zero).unwrap_err(), Error::WeakKey);
    }

    /// RFC 7748 §6.1 test vector, through the cached key and twice.
    #[test]
    fn rfc7748_vector_twice() {
        let hex =
            |s: &str| -> [u8; 32] { crate::encoding::from_hex(s).unwrap().try_into().unwrap() };
        let a = SecretKey::from_bytes(hex(
            "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
        ));
        let b_pub = PublicKey::from_bytes(hex(
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
        ));
        let shared = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assert_eq!(
            a.public_key().as_bytes(),
            &hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        );
        for _ in 0..2 {
            assert_eq!(a.diffie_hellman(&b_pub).unwrap().as_bytes(), &shared);
        }
    }

    #[cfg(feature = "native")]
    #[test]
    fn native_key_is_prepared_once_and_shared_by_clones() {
        let k = SecretKey::from_bytes([9; KEY_LEN]);
        assert!(!k.is_prepared());
        let pk = k.public_key();
        assert!(k.is_prepared());
        let c = k.clone();
        assert!(c.is_prepared());
        assert_eq!(c.public_key(), pk);
        // The portable backend holds no aws-lc key.
        let p = c.with_backend(Backend::Portable).unwrap();
        assert!(!p.is_prepared());
        assert_eq!(p.public_key(), pk);
        // Concurrent first use from several threads gives one consistent key.
        let fresh = SecretKey::from_bytes([10; KEY_LEN]);
        let peer = SecretKey::from_bytes([11; KEY_LEN]).public_key();
        let results: Vec<SharedSecret> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..4)
                .map(|_| s.spawn(|| fresh.diffie_hellman(&peer).unwrap()))
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(results.windows(2).all(|w| w[0] == w[1]));
    }

    /// `zeroize` erases the key for every later use, the prepared native copy included.
    #[test]
    fn zeroize_forgets_the_prepared_key() {
        let mut k = SecretKey::from_bytes([5; KEY_LEN]);
        let peer = SecretKey::from_bytes([6; KEY_LEN]).public_key();
        let before = k.diffie_hellman(&peer).unwrap();
        k.zeroize();
        assert_eq!(k.as_bytes(), &[0; KEY_LEN]);
        #[cfg(feature = "native")]
        assert!(!k.is_prepared());
        let zero = SecretKey::from_bytes([0; KEY_LEN]);
        assert_ne!(k.diffie_hellman(&peer).unwrap(), before);
        assert_eq!(
            k.diffie_hellman(&peer).unwrap(),
            zero.diffie_hellman(&peer).unwrap()
        );
        assert_eq!(k.public_key(), zero.public_key());
    }
}
