//! Just enough long-header parsing to remove packet protection (RFC 9000 §17.2): where
//! the packet number starts and where the packet ends in a coalesced datagram. Every
//! read is bounds-checked; malformed input is [`Error::InvalidEncoding`], never a panic.
//!
//! A short header (1-RTT) carries no lengths: its packet number starts at
//! [`short_header_pn_offset`]`(dcid_len)` = 1 + the length of the connection ID this
//! endpoint issued, and the packet runs to the end of the datagram.

use super::{LongPacketType, Version};
use crate::Error;

/// The longest connection ID QUIC v1 and v2 allow (RFC 9000 §17.2).
pub const MAX_CID_LEN: usize = 20;

/// Where the packet number of a short-header packet starts: after the first byte and
/// the Destination Connection ID, whose length the receiver knows (it chose it).
pub const fn short_header_pn_offset(dcid_len: usize) -> usize {
    1 + dcid_len
}

/// Reads a QUIC variable-length integer (RFC 9000 §16) at `*pos`, advancing it.
pub(crate) fn read_varint(buf: &[u8], pos: &mut usize) -> Result<u64, Error> {
    let first = *buf.get(*pos).ok_or(Error::InvalidEncoding)?;
    let len = 1usize << (first >> 6);
    let bytes = buf
        .get(*pos..pos.checked_add(len).ok_or(Error::InvalidEncoding)?)
        .ok_or(Error::InvalidEncoding)?;
    let mut v = u64::from(first & 0x3f);
    for &b in &bytes[1..] {
        v = (v << 8) | u64::from(b);
    }
    *pos += len;
    Ok(v)
}

/// A parsed long header of a protected packet (Initial, 0-RTT or Handshake).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LongHeader<'a> {
    /// The version.
    pub version: Version,
    /// The packet type (never [`LongPacketType::Retry`]: see [`LongHeader::parse`]).
    pub packet_type: LongPacketType,
    /// The Destination Connection ID.
    pub dcid: &'a [u8],
    /// The Source Connection ID.
    pub scid: &'a [u8],
    /// The token of an Initial packet (empty for the other types).
    pub token: &'a [u8],
    /// Offset of the (protected) packet number: pass it to
    /// [`DirectionalKeys::decrypt_in_place`](super::DirectionalKeys::decrypt_in_place).
    pub pn_offset: usize,
    /// Offset just past this packet: `pn_offset + Length`. A datagram may coalesce
    /// further packets after it (RFC 9000 §12.2).
    pub end: usize,
}

impl<'a> LongHeader<'a> {
    /// Parses the long header at the start of `datagram`.
    ///
    /// Errors: a short header, a truncated field, a connection ID longer than 20 bytes,
    /// a bad varint, or a Length running past the datagram ([`Error::InvalidEncoding`]);
    /// a version other than v1 and v2, including Version Negotiation
    /// ([`Error::UnsupportedAlgorithm`]); a Retry packet, which has no packet number and
    /// is checked with [`verify_retry`](super::verify_retry) ([`Error::InvalidEncoding`]).
    /// The fixed bit is not checked (RFC 9287 lets peers grease it).
    pub fn parse(datagram: &'a [u8]) -> Result<LongHeader<'a>, Error> {
        let first = *datagram.first().ok_or(Error::InvalidEncoding)?;
        if first & 0x80 == 0 {
            return Err(Error::InvalidEncoding);
        }
        let wire = datagram.get(1..5).ok_or(Error::InvalidEncoding)?;
        let version = Version::from_wire(u32::from_be_bytes([wire[0], wire[1], wire[2], wire[3]]))?;
        let packet_type = version.packet_type(first);
        if packet_type == LongPacketType::Retry {
            return Err(Error::InvalidEncoding);
        }
        let mut pos = 5;
        let dcid = read_cid(datagram, &mut pos)?;
        let scid = read_cid(datagram, &mut pos)?;
        let token = if packet_type == LongPacketType::Initial {
            let len = read_varint(datagram, &mut pos)?;
            read_bytes(datagram, &mut pos, len)?
        } else {
            &[]
        };
        let length = read_varint(datagram, &mut pos)?;
        let pn_offset = pos;
        let length = usize::try_from(length).map_err(|_| Error::InvalidEncoding)?;
        let end = pn_offset
            .checked_add(length)
            .filter(|&e| e <= datagram.len())
            .ok_or(Error::InvalidEncoding)?;
        Ok(LongHeader {
            version,
            packet_type,
            dcid,
            scid,
            token,
            pn_offset,
            end,
        })
    }
}

fn read_bytes<'a>(buf: &'a [u8], pos: &mut usize, len: u64) -> Result<&'a [u8], Error> {
    let len = usize::try_from(len).map_err(|_| Error::InvalidEncoding)?;
    let end = pos.checked_add(len).ok_or(Error::InvalidEncoding)?;
    let bytes = buf.get(*pos..end).ok_or(Error::InvalidEncoding)?;
    *pos = end;
    Ok(bytes)
}

fn read_cid<'a>(buf: &'a [u8], pos: &mut usize) -> Result<&'a [u8], Error> {
    let len = *buf.get(*pos).ok_or(Error::InvalidEncoding)?;
    if usize::from(len) > MAX_CID_LEN {
        return Err(Error::InvalidEncoding);
    }
    *pos += 1;
    read_bytes(buf, pos, u64::from(len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints() {
        // RFC 9000 §A.1 examples.
        for (hex, v) in [
            ("c2197c5eff14e88c", 151_288_809_941_952_652u64),
            ("9d7f3e7d", 494_878_333),
            ("7bbd", 15_293),
            ("25", 37),
            ("4025", 37),
        ] {
            let b = crate::encoding::from_hex(hex).unwrap();
            let mut pos = 0;
            assert_eq!(read_varint(&b, &mut pos), Ok(v));
            assert_eq!(pos, b.len());
        }
        let mut pos = 0;
        assert_eq!(read_varint(&[0x40], &mut pos), Err(Error::InvalidEncoding));
        assert_eq!(read_varint(&[], &mut pos), Err(Error::InvalidEncoding));
    }
}
