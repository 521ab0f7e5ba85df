//! [`ResumptionSecret`]: the secret two sides share after a full handshake, from
//! which a later connection derives fresh traffic keys without one.
//!
//! Resuming must never reuse keys: each resumed connection mixes a fresh nonce from
//! each side into HKDF-SHA-256, so two resumptions from one secret (or a replayed
//! ticket meeting a new server nonce) get unrelated keys:
//!
//! ```text
//! PRK      = HKDF-Extract(salt = client_nonce ‖ server_nonce, ikm = resumption secret)
//! c→s keys = HKDF-Expand(PRK, "zcrypto pool resume v1 c2s" ‖ AEAD name, key ‖ IV)
//! s→c keys = HKDF-Expand(PRK, "zcrypto pool resume v1 s2c" ‖ AEAD name, key ‖ IV)
//! ```
//!
//! ```
//! use zcrypto::aead::{AeadAlg, TAG_LEN};
//! use zcrypto::pool::{ResumptionSecret, Role};
//!
//! let secret = ResumptionSecret::from_bytes([9; 32]);
//! let (cn, sn) = ([1u8; 32], [2u8; 32]); // fresh random nonces in practice
//! let alg = AeadAlg::Aes256Gcm;
//! let mut client = secret.derive(Role::Client, alg, &cn, &sn, 0)?.resume()?;
//! let mut server = secret.derive(Role::Server, alg, &cn, &sn, 0)?.resume()?;
//! let mut buf = [0u8; 2 + TAG_LEN];
//! buf[..2].copy_from_slice(b"hi");
//! let (n, len) = client.seal(b"", &mut buf, 2)?;
//! assert_eq!(server.open(n, b"", &mut buf[..len])?, b"hi");
//! # Ok::<(), zcrypto::Error>(())
//! ```

use core::fmt;

use zeroize::Zeroizing;

use super::IdleContext;
use crate::aead::{AeadAlg, IV_LEN};
use crate::kdf::{HkdfAlg, Prk};
use crate::{Error, Secret};

/// Length of a resumption secret.
pub const RESUMPTION_SECRET_LEN: usize = 32;
/// Length of each side's resumption nonce.
pub const RESUME_NONCE_LEN: usize = 32;

const LABEL_C2S: &[u8] = b"zcrypto pool resume v1 c2s";
const LABEL_S2C: &[u8] = b"zcrypto pool resume v1 s2c";

/// Which side of a resumed connection this is: the client presented the ticket, the
/// server redeemed it. It decides which derived key seals and which opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The side that presents the ticket.
    Client,
    /// The side that issued and redeems the ticket.
    Server,
}

/// A 32-byte resumption secret. Zeroized on drop; `==` is constant-time; `Debug`
/// does not print it.
#[derive(Clone, PartialEq, Eq)]
pub struct ResumptionSecret(Secret<RESUMPTION_SECRET_LEN>);

impl ResumptionSecret {
    /// A secret from 32 bytes: typically exported from a finished handshake (e.g.
    /// HKDF-Expand of its chaining key or TLS resumption master secret).
    pub fn from_bytes(bytes: [u8; RESUMPTION_SECRET_LEN]) -> ResumptionSecret {
        ResumptionSecret(Secret::new(bytes))
    }

    /// A fresh random secret from the operating system.
    #[cfg(feature = "std")]
    pub fn generate() -> Result<ResumptionSecret, Error> {
        let bytes = Zeroizing::new(crate::rand::array::<RESUMPTION_SECRET_LEN>()?);
        Ok(ResumptionSecret::from_bytes(*bytes))
    }

    /// The secret bytes.
    pub fn as_bytes(&self) -> &[u8; RESUMPTION_SECRET_LEN] {
        self.0.as_bytes()
    }

    /// The resumed connection's traffic keys as a parked [`IdleContext`] (call
    /// [`IdleContext::resume`] to use it), for `role`, with both sides' fresh nonces.
    /// Both sides must pass the same nonces in the same order.
    ///
    /// Errors: [`Error::UnsupportedAlgorithm`] for XChaCha20-Poly1305.
    pub fn derive(
        &self,
        role: Role,
        alg: AeadAlg,
        client_nonce: &[u8; RESUME_NONCE_LEN],
        server_nonce: &[u8; RESUME_NONCE_LEN],
        peer_index: u32,
    ) -> Result<IdleContext, Error> {
        if alg.nonce_len() != IV_LEN {
            return Err(Error::UnsupportedAlgorithm);
        }
        let mut salt = [0u8; 2 * RESUME_NONCE_LEN];
        salt[..RESUME_NONCE_LEN].copy_from_slice(client_nonce);
        salt[RESUME_NONCE_LEN..].copy_from_slice(server_nonce);
        let prk = Prk::extract(HkdfAlg::Sha256, &salt, self.as_bytes());
        let name = alg.algorithm().name().as_bytes();
        let len = alg.key_len() + IV_LEN;
        let mut c2s = Zeroizing::new([0u8; 32 + IV_LEN]);
        let mut s2c = Zeroizing::new([0u8; 32 + IV_LEN]);
        prk.expand_parts(&[LABEL_C2S, name], &mut c2s[..len])?;
        prk.expand_parts(&[LABEL_S2C, name], &mut s2c[..len])?;
        let (send, recv) = match role {
            Role::Client => (&c2s, &s2c),
            Role::Server => (&s2c, &c2s),
        };
        let k = alg.key_len();
        let iv = |b: &[u8; 32 + IV_LEN]| {
            let mut iv = [0u8; IV_LEN];
            iv.copy_from_slice(&b[k..k + IV_LEN]);
            iv
        };
        IdleContext::new(alg, peer_index, &send[..k], iv(send), &recv[..k], iv(recv))
    }
}

impl fmt::Debug for ResumptionSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResumptionSecret(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aead::TAG_LEN;

    fn roundtrip(alg: AeadAlg, cn: [u8; 32], sn: [u8; 32]) -> Vec<u8> {
        let s = ResumptionSecret::from_bytes([3; 32]);
        let mut c = s
            .derive(Role::Client, alg, &cn, &sn, 1)
            .unwrap()
            .resume()
            .unwrap();
        let mut v = s
            .derive(Role::Server, alg, &cn, &sn, 2)
            .unwrap()
            .resume()
            .unwrap();
        let mut buf = vec![0u8; 8 + TAG_LEN];
        buf[..8].copy_from_slice(b"resumed!");
        let (n, _) = c.seal(b"", &mut buf, 8).unwrap();
        let ct = buf.clone();
        assert_eq!(v.open(n, b"", &mut buf).unwrap(), b"resumed!");
        // And the other direction.
        let mut back = vec![0u8; 2 + TAG_LEN];
        back[..2].copy_from_slice(b"ok");
        let (n, _) = v.seal(b"", &mut back, 2).unwrap();
        assert_eq!(c.open(n, b"", &mut back).unwrap(), b"ok");
        ct
    }

    #[test]
    fn both_sides_agree_and_fresh_nonces_give_fresh_keys() {
        for alg in [
            AeadAlg::Aes128Gcm,
            AeadAlg::Aes256Gcm,
            AeadAlg::ChaCha20Poly1305,
        ] {
            let a = roundtrip(alg, [1; 32], [2; 32]);
            assert_eq!(a, roundtrip(alg, [1; 32], [2; 32]));
            assert_ne!(a, roundtrip(alg, [1; 32], [4; 32]));
            assert_ne!(a, roundtrip(alg, [5; 32], [2; 32]));
        }
    }

    #[test]
    fn matches_hkdf_crate_directly() {
        let s = ResumptionSecret::from_bytes([3; 32]);
        let (cn, sn) = ([1u8; 32], [2u8; 32]);
        let mut salt = cn.to_vec();
        salt.extend_from_slice(&sn);
        let hk = hkdf::Hkdf::<sha2::Sha256>::new(Some(&salt), &[3; 32]);
        let mut okm = [0u8; 44];
        hk.expand_multi_info(&[LABEL_C2S, b"chacha20-poly1305"], &mut okm)
            .unwrap();
        assert_eq!(
            AeadAlg::ChaCha20Poly1305.algorithm().name(),
            "chacha20-poly1305"
        );
        let idle = s
            .derive(Role::Client, AeadAlg::ChaCha20Poly1305, &cn, &sn, 0)
            .unwrap();
        let direct = IdleContext::new(
            AeadAlg::ChaCha20Poly1305,
            0,
            &okm[..32],
            okm[32..].try_into().unwrap(),
            &[0; 32],
            [0; 12],
        )
        .unwrap();
        let (mut a, mut b) = (idle.resume().unwrap(), direct.resume().unwrap());
        let (mut x, mut y) = ([0u8; 3 + TAG_LEN], [0u8; 3 + TAG_LEN]);
        a.seal(b"h", &mut x, 3).unwrap();
        b.seal(b"h", &mut y, 3).unwrap();
        assert_eq!(x, y);
    }

    #[test]
    fn mismatched_inputs_do_not_open() {
        let s = ResumptionSecret::from_bytes([3; 32]);
        let other = ResumptionSecret::from_bytes([4; 32]);
        let alg = AeadAlg::Aes256Gcm;
        let mut c = s
            .derive(Role::Client, alg, &[1; 32], &[2; 32], 0)
            .unwrap()
            .resume()
            .unwrap();
        let mut buf = [0u8; 1 + TAG_LEN];
        let (n, _) = c.seal(b"", &mut buf, 1).unwrap();
        for mut v in [
            other.derive(Role::Server, alg, &[1; 32], &[2; 32], 0),
            s.derive(Role::Server, alg, &[2; 32], &[1; 32], 0),
            s.derive(Role::Client, alg, &[1; 32], &[2; 32], 0),
            s.derive(
                Role::Server,
                AeadAlg::ChaCha20Poly1305,
                &[1; 32],
                &[2; 32],
                0,
            ),
        ]
        .map(|r| r.unwrap().resume().unwrap())
        {
            assert_eq!(
                v.open(n, b"", &mut buf.clone()),
                Err(Error::DecryptionFailed)
            );
        }
        assert_eq!(
            s.derive(
                Role::Client,
                AeadAlg::XChaCha20Poly1305,
                &[1; 32],
                &[2; 32],
                0
            )
            .unwrap_err(),
            Error::UnsupportedAlgorithm
        );
        assert_eq!(format!("{s:?}"), "ResumptionSecret(..)");
        assert!(s != other && s == s.clone());
    }
}
