//! HKDF (RFC 5869) and TLS 1.3's HKDF-Expand-Label (RFC 8446 §7.1), which QUIC uses.
//!
//! ```
//! use zcrypto::kdf::{HkdfAlg, Prk};
//! // RFC 5869 test case 1.
//! let ikm = [0x0b; 22];
//! let salt: Vec<u8> = (0x00..=0x0c).collect();
//! let info: Vec<u8> = (0xf0..=0xf9).collect();
//! let prk = Prk::extract(HkdfAlg::Sha256, &salt, &ikm);
//! let mut okm = [0u8; 42];
//! prk.expand(&info, &mut okm).unwrap();
//! assert_eq!(okm[..4], [0x3c, 0xb2, 0x5f, 0x25]);
//! ```

use core::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::{Algorithm, Error, mac::HmacAlg};

/// The hash underneath HKDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HkdfAlg {
    /// HKDF-SHA-256.
    Sha256,
    /// HKDF-SHA-384.
    Sha384,
    /// HKDF-SHA-512.
    Sha512,
}

impl HkdfAlg {
    /// Every HKDF variant.
    pub const ALL: [HkdfAlg; 3] = [HkdfAlg::Sha256, HkdfAlg::Sha384, HkdfAlg::Sha512];

    /// The hash output length, which is also the PRK length.
    pub const fn hash_len(self) -> usize {
        self.hmac().tag_len()
    }

    /// The largest output `expand` can produce: 255 × hash length.
    pub const fn max_output_len(self) -> usize {
        255 * self.hash_len()
    }

    /// The HMAC used by this HKDF.
    pub const fn hmac(self) -> HmacAlg {
        match self {
            HkdfAlg::Sha256 => HmacAlg::Sha256,
            HkdfAlg::Sha384 => HmacAlg::Sha384,
            HkdfAlg::Sha512 => HmacAlg::Sha512,
        }
    }

    /// The stable algorithm name.
    pub const fn algorithm(self) -> Algorithm {
        match self {
            HkdfAlg::Sha256 => Algorithm::HkdfSha256,
            HkdfAlg::Sha384 => Algorithm::HkdfSha384,
            HkdfAlg::Sha512 => Algorithm::HkdfSha512,
        }
    }
}

impl TryFrom<Algorithm> for HkdfAlg {
    type Error = Error;
    fn try_from(alg: Algorithm) -> Result<Self, Error> {
        HkdfAlg::ALL
            .into_iter()
            .find(|h| h.algorithm() == alg)
            .ok_or(Error::UnsupportedAlgorithm)
    }
}

/// A pseudorandom key: the output of HKDF-Extract, or a TLS/QUIC traffic secret.
/// Zeroized on drop; `Debug` does not print it.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Prk {
    #[zeroize(skip)]
    alg: HkdfAlg,
    bytes: [u8; 64],
    #[zeroize(skip)]
    len: usize,
}

impl Prk {
    /// HKDF-Extract(salt, ikm). An empty salt means the RFC's string of zeros.
    pub fn extract(alg: HkdfAlg, salt: &[u8], ikm: &[u8]) -> Prk {
        // HKDF-Extract is HMAC(salt, ikm) (RFC 5869 §2.2); an empty salt is HMAC's
        // zero-padded key, the same as the RFC's HashLen zeros.
        let tag = crate::mac::hmac(alg.hmac(), salt, ikm);
        let mut prk = Prk {
            alg,
            bytes: [0; 64],
            len: alg.hash_len(),
        };
        prk.bytes[..prk.len].copy_from_slice(tag.as_bytes());
        prk
    }

    /// Wraps an existing secret (e.g. a TLS 1.3 traffic secret) for use with `expand`.
    /// It must be exactly one hash length.
    pub fn from_bytes(alg: HkdfAlg, secret: &[u8]) -> Result<Prk, Error> {
        Error::check_len(alg.hash_len(), secret.len())?;
        let mut prk = Prk {
            alg,
            bytes: [0; 64],
            len: secret.len(),
        };
        prk.bytes[..prk.len].copy_from_slice(secret);
        Ok(prk)
    }

    /// The HKDF variant.
    pub fn algorithm(&self) -> HkdfAlg {
        self.alg
    }

    /// The secret bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// HKDF-Expand(prk, info) into `out` (at most 255 × hash length bytes).
    pub fn expand(&self, info: &[u8], out: &mut [u8]) -> Result<(), Error> {
        self.expand_parts(&[info], out)
    }

    /// HKDF-Expand with `info` given as the concatenation of `parts` (no allocation).
    pub fn expand_parts(&self, parts: &[&[u8]], out: &mut [u8]) -> Result<(), Error> {
        let max = self.alg.max_output_len();
        if out.len() > max {
            return Err(Error::OutputTooLong {
                max,
                requested: out.len(),
            });
        }
        macro_rules! expand {
            ($h:ty) => {
                hkdf::Hkdf::<$h>::from_prk(self.as_bytes())
                    .map_err(|_| Error::Internal)?
                    .expand_multi_info(parts, out)
                    .map_err(|_| Error::Internal)
            };
        }
        match self.alg {
            HkdfAlg::Sha256 => expand!(sha2::Sha256),
            HkdfAlg::Sha384 => expand!(sha2::Sha384),
            HkdfAlg::Sha512 => expand!(sha2::Sha512),
        }
    }

    /// TLS 1.3 HKDF-Expand-Label(secret, label, context, out.len()), with the
    /// `"tls13 "` prefix added here (pass `label` without it, e.g. `b"quic key"`).
    ///
    /// ```
    /// use zcrypto::kdf::{HkdfAlg, Prk};
    /// // RFC 9001 §A.1: the client Initial key from the client initial secret.
    /// let secret = zcrypto::encoding::from_hex(
    ///     "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea").unwrap();
    /// let prk = Prk::from_bytes(HkdfAlg::Sha256, &secret).unwrap();
    /// let mut key = [0u8; 16];
    /// prk.expand_label(b"quic key", b"", &mut key).unwrap();
    /// assert_eq!(zcrypto::encoding::to_hex(&key), "1f369613dd76d5467730efcbe3b1a22d");
    /// ```
    pub fn expand_label(&self, label: &[u8], context: &[u8], out: &mut [u8]) -> Result<(), Error> {
        const PREFIX: &[u8] = b"tls13 ";
        let out_len = u16::try_from(out.len()).map_err(|_| Error::OutputTooLong {
            max: usize::from(u16::MAX),
            requested: out.len(),
        })?;
        // The label vector is <7..255> bytes including the prefix; context is <0..255>.
        let label_len =
            u8::try_from(PREFIX.len() + label.len()).map_err(|_| Error::InvalidLength {
                expected: 255 - PREFIX.len(),
                got: label.len(),
            })?;
        let context_len = u8::try_from(context.len()).map_err(|_| Error::InvalidLength {
            expected: 255,
            got: context.len(),
        })?;
        let len_bytes = out_len.to_be_bytes();
        self.expand_parts(
            &[
                &len_bytes,
                &[label_len],
                PREFIX,
                label,
                &[context_len],
                context,
            ],
            out,
        )
    }

    /// Derive-Secret style helper: a new [`Prk`] of one hash length by Expand-Label.
    pub fn derive_label(&self, label: &[u8], context: &[u8]) -> Result<Prk, Error> {
        let mut next = Prk {
            alg: self.alg,
            bytes: [0; 64],
            len: self.len,
        };
        let len = next.len;
        self.expand_label(label, context, &mut next.bytes[..len])?;
        Ok(next)
    }
}

impl fmt::Debug for Prk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prk")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

/// One-shot HKDF: extract with `salt`, then expand with `info` into `out`.
pub fn hkdf(
    alg: HkdfAlg,
    salt: &[u8],
    ikm: &[u8],
    info: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    Prk::extract(alg, salt, ikm).expand(info, out)
}
