//! [`Version`]: what differs between QUIC v1 (RFC 9001) and QUIC v2 (RFC 9369): the
//! wire number, the Initial salt, the HKDF labels, the Retry integrity key and the
//! long-header packet type bits.

use crate::Error;

/// A QUIC version whose packet protection zcrypto implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    /// QUIC version 1 (RFC 9000, RFC 9001), wire number `0x00000001`.
    V1,
    /// QUIC version 2 (RFC 9369), wire number `0x6b3343cf`.
    V2,
}

impl Version {
    /// Every version.
    pub const ALL: [Version; 2] = [Version::V1, Version::V2];

    /// The 32-bit Version field of long headers.
    pub const fn wire(self) -> u32 {
        match self {
            Version::V1 => 0x0000_0001,
            Version::V2 => 0x6b33_43cf,
        }
    }

    /// The version with this wire number. Anything else (including 0, Version
    /// Negotiation) is [`Error::UnsupportedAlgorithm`].
    pub const fn from_wire(wire: u32) -> Result<Version, Error> {
        match wire {
            0x0000_0001 => Ok(Version::V1),
            0x6b33_43cf => Ok(Version::V2),
            _ => Err(Error::UnsupportedAlgorithm),
        }
    }

    /// The salt of HKDF-Extract for the Initial secrets (RFC 9001 §5.2, RFC 9369 §3.3.1).
    pub const fn initial_salt(self) -> &'static [u8; 20] {
        match self {
            Version::V1 => &[
                0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17, 0x9a, 0xe6, 0xa4, 0xc8,
                0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a,
            ],
            Version::V2 => &[
                0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93, 0x81, 0xbe, 0x6e, 0x26,
                0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9,
            ],
        }
    }

    /// The HKDF-Expand-Label label of the packet protection key (`"tls13 "` is added
    /// by [`Prk::expand_label`](crate::kdf::Prk::expand_label)).
    pub const fn key_label(self) -> &'static [u8] {
        match self {
            Version::V1 => b"quic key",
            Version::V2 => b"quicv2 key",
        }
    }

    /// The label of the packet protection IV.
    pub const fn iv_label(self) -> &'static [u8] {
        match self {
            Version::V1 => b"quic iv",
            Version::V2 => b"quicv2 iv",
        }
    }

    /// The label of the header protection key.
    pub const fn hp_label(self) -> &'static [u8] {
        match self {
            Version::V1 => b"quic hp",
            Version::V2 => b"quicv2 hp",
        }
    }

    /// The label of the key update (RFC 9001 §6.1): next secret = Expand-Label(secret, ku).
    pub const fn ku_label(self) -> &'static [u8] {
        match self {
            Version::V1 => b"quic ku",
            Version::V2 => b"quicv2 ku",
        }
    }

    /// The fixed AES-128-GCM key of the Retry Integrity Tag (RFC 9001 §5.8,
    /// RFC 9369 §3.3.3).
    pub const fn retry_key(self) -> &'static [u8; 16] {
        match self {
            Version::V1 => &[
                0xbe, 0x0c, 0x69, 0x0b, 0x9f, 0x66, 0x57, 0x5a, 0x1d, 0x76, 0x6b, 0x54, 0xe3, 0x68,
                0xc8, 0x4e,
            ],
            Version::V2 => &[
                0x8f, 0xb4, 0xb0, 0x1b, 0x56, 0xac, 0x48, 0xe2, 0x60, 0xfb, 0xcb, 0xce, 0xad, 0x7c,
                0xcc, 0x92,
            ],
        }
    }

    /// The fixed nonce of the Retry Integrity Tag.
    pub const fn retry_nonce(self) -> &'static [u8; 12] {
        match self {
            Version::V1 => &[
                0x46, 0x15, 0x99, 0xd3, 0x5d, 0x63, 0x2b, 0xf2, 0x23, 0x98, 0x25, 0xbb,
            ],
            Version::V2 => &[
                0xd8, 0x69, 0x69, 0xbc, 0x2d, 0x7c, 0x6d, 0x99, 0x90, 0xef, 0xb0, 0x4a,
            ],
        }
    }

    /// The two Long Packet Type bits of `ty` in this version (RFC 9000 §17.2,
    /// RFC 9369 §3.2), as a value 0..=3.
    pub const fn packet_type_bits(self, ty: LongPacketType) -> u8 {
        let v1 = match ty {
            LongPacketType::Initial => 0,
            LongPacketType::ZeroRtt => 1,
            LongPacketType::Handshake => 2,
            LongPacketType::Retry => 3,
        };
        match self {
            Version::V1 => v1,
            // v2 rotates every type by one: Initial 0b01, 0-RTT 0b10, Handshake 0b11, Retry 0b00.
            Version::V2 => (v1 + 1) & 3,
        }
    }

    /// The first byte of a long header of type `ty`: the header form and fixed bits, the
    /// type bits, reserved bits 0 and the packet number length `pn_len` (1..=4; other
    /// values are [`Error::InvalidLength`]).
    pub const fn long_first_byte(self, ty: LongPacketType, pn_len: usize) -> Result<u8, Error> {
        if pn_len == 0 || pn_len > 4 {
            return Err(Error::InvalidLength {
                expected: 4,
                got: pn_len,
            });
        }
        Ok(0xc0 | (self.packet_type_bits(ty) << 4) | (pn_len as u8 - 1))
    }

    /// The long packet type of a long header's first byte in this version (bits 5..4;
    /// the header form bit is not checked here).
    pub const fn packet_type(self, first_byte: u8) -> LongPacketType {
        let bits = (first_byte >> 4) & 3;
        let v1 = match self {
            Version::V1 => bits,
            Version::V2 => (bits + 3) & 3,
        };
        match v1 {
            0 => LongPacketType::Initial,
            1 => LongPacketType::ZeroRtt,
            2 => LongPacketType::Handshake,
            _ => LongPacketType::Retry,
        }
    }
}

/// The type of a long-header packet. Its bits on the wire depend on the [`Version`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LongPacketType {
    /// Initial: protected with keys from the client's Destination Connection ID.
    Initial,
    /// 0-RTT: early data.
    ZeroRtt,
    /// Handshake.
    Handshake,
    /// Retry: not encrypted, authenticated with a Retry Integrity Tag.
    Retry,
}

impl LongPacketType {
    /// Every long packet type.
    pub const ALL: [LongPacketType; 4] = [
        LongPacketType::Initial,
        LongPacketType::ZeroRtt,
        LongPacketType::Handshake,
        LongPacketType::Retry,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packet_type_bits_round_trip() {
        for v in Version::ALL {
            for ty in LongPacketType::ALL {
                let first = v.long_first_byte(ty, 4).unwrap();
                assert_eq!(v.packet_type(first), ty);
            }
            assert_eq!(Version::from_wire(v.wire()), Ok(v));
        }
        // RFC 9369 §3.2.
        assert_eq!(Version::V2.packet_type_bits(LongPacketType::Initial), 0b01);
        assert_eq!(Version::V2.packet_type_bits(LongPacketType::ZeroRtt), 0b10);
        assert_eq!(
            Version::V2.packet_type_bits(LongPacketType::Handshake),
            0b11
        );
        assert_eq!(Version::V2.packet_type_bits(LongPacketType::Retry), 0b00);
        assert_eq!(Version::from_wire(0), Err(Error::UnsupportedAlgorithm));
        assert!(
            Version::V1
                .long_first_byte(LongPacketType::Initial, 5)
                .is_err()
        );
    }
}
