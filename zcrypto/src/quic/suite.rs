//! [`Suite`]: the TLS 1.3 cipher suites QUIC uses, and what each one fixes: the AEAD,
//! the HKDF hash and the header protection cipher.

use crate::{Error, aead::AeadAlg, kdf::HkdfAlg};

/// A TLS 1.3 cipher suite usable with QUIC (RFC 9001 §5.3). AES-128-GCM with SHA-256
/// protects every Initial packet regardless of the negotiated suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Suite {
    /// `TLS_AES_128_GCM_SHA256` (0x1301): AES-128-GCM, HKDF-SHA-256, AES-128 header protection.
    Aes128GcmSha256,
    /// `TLS_AES_256_GCM_SHA384` (0x1302): AES-256-GCM, HKDF-SHA-384, AES-256 header protection.
    Aes256GcmSha384,
    /// `TLS_CHACHA20_POLY1305_SHA256` (0x1303): ChaCha20-Poly1305, HKDF-SHA-256, ChaCha20
    /// header protection.
    ChaCha20Poly1305Sha256,
}

impl Suite {
    /// Every suite.
    pub const ALL: [Suite; 3] = [
        Suite::Aes128GcmSha256,
        Suite::Aes256GcmSha384,
        Suite::ChaCha20Poly1305Sha256,
    ];

    /// The suite of Initial packets (RFC 9001 §5.2).
    pub const INITIAL: Suite = Suite::Aes128GcmSha256;

    /// The packet protection AEAD.
    pub const fn aead(self) -> AeadAlg {
        match self {
            Suite::Aes128GcmSha256 => AeadAlg::Aes128Gcm,
            Suite::Aes256GcmSha384 => AeadAlg::Aes256Gcm,
            Suite::ChaCha20Poly1305Sha256 => AeadAlg::ChaCha20Poly1305,
        }
    }

    /// The HKDF hash: the length of every traffic secret of this suite.
    pub const fn hkdf(self) -> HkdfAlg {
        match self {
            Suite::Aes256GcmSha384 => HkdfAlg::Sha384,
            _ => HkdfAlg::Sha256,
        }
    }

    /// Length of the packet protection key in bytes.
    pub const fn key_len(self) -> usize {
        self.aead().key_len()
    }

    /// Length of the header protection key in bytes (the AEAD's key length, RFC 9001 §5.4.3).
    pub const fn hp_key_len(self) -> usize {
        self.aead().key_len()
    }

    /// The TLS cipher suite identifier (0x1301, 0x1302, 0x1303).
    pub const fn tls_id(self) -> u16 {
        match self {
            Suite::Aes128GcmSha256 => 0x1301,
            Suite::Aes256GcmSha384 => 0x1302,
            Suite::ChaCha20Poly1305Sha256 => 0x1303,
        }
    }

    /// The suite with a TLS cipher suite identifier; others (including
    /// `TLS_AES_128_CCM_SHA256`, which zcrypto does not implement) are
    /// [`Error::UnsupportedAlgorithm`].
    pub const fn from_tls_id(id: u16) -> Result<Suite, Error> {
        match id {
            0x1301 => Ok(Suite::Aes128GcmSha256),
            0x1302 => Ok(Suite::Aes256GcmSha384),
            0x1303 => Ok(Suite::ChaCha20Poly1305Sha256),
            _ => Err(Error::UnsupportedAlgorithm),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for s in Suite::ALL {
            assert_eq!(Suite::from_tls_id(s.tls_id()), Ok(s));
        }
        assert_eq!(Suite::from_tls_id(0x1304), Err(Error::UnsupportedAlgorithm));
    }
}
