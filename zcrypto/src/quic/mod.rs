//! QUIC packet protection: QUIC v1 (RFC 9001) and QUIC v2 (RFC 9369).
//!
//! QUIC protects each packet twice. The payload is sealed with the suite's AEAD under
//! nonce = IV XOR packet number, with the header as associated data
//! ([`aead::PacketKey`](crate::aead::PacketKey)); then *header protection* masks the
//! low bits of the first byte and the packet number field with 5 bytes computed from a
//! 16-byte sample of that ciphertext ([`HeaderKey`]). Every key comes from a traffic
//! secret by HKDF-Expand-Label: `"quic key"`, `"quic iv"`, `"quic hp"` (v2:
//! `"quicv2 …"`), see [`DirectionalKeys::from_secret`]. Initial packets use secrets
//! from the client's first Destination Connection ID ([`Keys::initial`],
//! [`initial_secrets`]); key updates derive new packet keys with `"quic ku"`
//! ([`Secrets::update`]).
//!
//! Everything on the packet path works in place on a `&mut [u8]` (a `Vec`, an array, a
//! pool buffer that derefs to a slice) and allocates nothing.
//!
//! ## Protect and unprotect a packet
//!
//! ```
//! use zcrypto::quic::{Keys, LongHeader, LongPacketType, Side, Version};
//! let dcid = [0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08];
//! let client = Keys::initial(Version::V1, &dcid, Side::Client)?;
//! let server = Keys::initial(Version::V1, &dcid, Side::Server)?;
//!
//! // An Initial header: first byte, version, DCID, empty SCID, empty token, Length,
//! // then a 2-byte packet number.
//! let (pn, pn_len, payload) = (7u64, 2usize, b"\x06\x00\x05hello");
//! let mut packet = [0u8; 64];
//! let mut h = 0;
//! packet[h] = Version::V1.long_first_byte(LongPacketType::Initial, pn_len)?; h += 1;
//! packet[h..h + 4].copy_from_slice(&Version::V1.wire().to_be_bytes()); h += 4;
//! packet[h] = dcid.len() as u8; h += 1;
//! packet[h..h + dcid.len()].copy_from_slice(&dcid); h += dcid.len();
//! packet[h] = 0; h += 1; // SCID length
//! packet[h] = 0; h += 1; // token length
//! let length = pn_len + payload.len() + 16; // packet number, payload, tag
//! packet[h..h + 2].copy_from_slice(&(0x4000 | length as u16).to_be_bytes()); h += 2;
//! packet[h..h + 2].copy_from_slice(&(pn as u16).to_be_bytes()); h += 2;
//! packet[h..h + payload.len()].copy_from_slice(payload);
//!
//! let len = client.local.encrypt_in_place(pn, &mut packet, h, payload.len())?;
//! let datagram = &mut packet[..len];
//!
//! // The server finds the packet number and the end of the packet, then opens it.
//! let header = LongHeader::parse(datagram)?;
//! assert_eq!(header.dcid, dcid);
//! let (pn_offset, end) = (header.pn_offset, header.end);
//! let opened = server.remote.decrypt_in_place(&mut datagram[..end], pn_offset, None)?;
//! assert_eq!(opened.packet_number, 7);
//! assert_eq!(&datagram[opened.payload], payload);
//!
//! // A flipped bit anywhere fails, and no plaintext is left in the buffer.
//! let len = client.local.encrypt_in_place(pn, &mut packet, h, payload.len())?;
//! packet[len - 1] ^= 1;
//! let err = server.remote.decrypt_in_place(&mut packet[..len], pn_offset, None);
//! assert_eq!(err, Err(zcrypto::Error::DecryptionFailed));
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! ## Initial keys
//!
//! ```
//! use zcrypto::{encoding::to_hex, quic::{initial_secrets, HeaderKey, Suite, Version}, Backend};
//! // RFC 9001 §A.1: the secrets and the client's header protection mask (§A.2).
//! let dcid = zcrypto::encoding::from_hex("8394c8f03e515708")?;
//! let (client, server) = initial_secrets(Version::V1, &dcid);
//! assert_eq!(to_hex(client.as_bytes()),
//!     "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea");
//! assert_eq!(to_hex(server.as_bytes()),
//!     "3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b");
//! let mut hp = [0u8; 16];
//! client.expand_label(Version::V1.hp_label(), b"", &mut hp)?;
//! let hp = HeaderKey::new(Suite::INITIAL, &hp, Backend::default())?;
//! let sample = zcrypto::encoding::from_hex("d1b1c98dd7689fb8ec11d242b123dc9b")?;
//! assert_eq!(to_hex(&hp.mask(&sample)?), "437b9aec36");
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! ## Backends
//!
//! Packet keys follow [`aead`](crate::aead). Header protection on
//! [`Backend::Native`](crate::Backend::Native) is aws-lc-rs's
//! `aead::quic::HeaderProtectionKey`; on [`Backend::Portable`](crate::Backend::Portable)
//! it is RustCrypto's `aes` (one block) and `chacha20` (one keystream block), which
//! build for `wasm32-unknown-unknown`. Tests check both against RFC 9001 / RFC 9369
//! Appendix A byte for byte and against rustls.

mod header;
mod header_key;
mod keys;
mod protect;
mod retry;
mod suite;
mod version;

pub use header::{LongHeader, MAX_CID_LEN, short_header_pn_offset};
pub use header_key::{HeaderKey, MASK_LEN, SAMPLE_LEN};
pub use keys::{DirectionalKeys, Keys, PacketKeys, Secrets, initial_secrets};
pub use protect::{Decrypted, MAX_PACKET_NUMBER, decode_packet_number};
pub use retry::{RETRY_STACK_LEN, retry_tag, verify_retry};
pub use suite::Suite;
pub use version::{LongPacketType, Version};

/// Which end of the connection this endpoint is: it picks which secret is local.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The endpoint that initiated the connection.
    Client,
    /// The endpoint that accepted it.
    Server,
}

impl Side {
    /// The other side.
    pub const fn peer(self) -> Side {
        match self {
            Side::Client => Side::Server,
            Side::Server => Side::Client,
        }
    }
}
