//! Packet protection in place (RFC 9001 §5.3, §5.4): AEAD over the payload with the
//! header as associated data, then header protection over the first byte and the
//! packet number. Works over any `&mut [u8]`, allocates nothing.

use core::ops::Range;

use super::{DirectionalKeys, MASK_LEN, SAMPLE_LEN};
use crate::{Error, aead::TAG_LEN};

/// The largest packet number QUIC allows: 2^62 − 1 (RFC 9000 §12.3).
pub const MAX_PACKET_NUMBER: u64 = (1 << 62) - 1;

/// The result of [`DirectionalKeys::decrypt_in_place`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decrypted {
    /// Length of the now unprotected header: `pn_offset + pn_len`.
    pub header_len: usize,
    /// Length of the packet number field (1..=4).
    pub pn_len: usize,
    /// The full, decoded packet number.
    pub packet_number: u64,
    /// Where the plaintext is in the packet: `header_len..packet.len() - 16`.
    pub payload: Range<usize>,
}

/// The low bits of the first byte that header protection covers: 4 in a long header
/// (reserved bits and packet number length), 5 in a short header (also the key phase).
fn first_byte_mask_bits(first: u8) -> u8 {
    if first & 0x80 != 0 { 0x0f } else { 0x1f }
}

/// RFC 9000 Appendix A.3: the full packet number from its `pn_len`-byte truncation,
/// the one closest to `largest_received + 1` (`None`: nothing received yet in this
/// packet number space, so the expected number is 0).
pub fn decode_packet_number(largest_received: Option<u64>, truncated: u64, pn_len: usize) -> u64 {
    let pn_nbits = 8 * pn_len.clamp(1, 4) as u32;
    let expected = largest_received.map_or(0, |l| l.saturating_add(1));
    let pn_win = 1u64 << pn_nbits;
    let pn_hwin = pn_win / 2;
    let pn_mask = pn_win - 1;
    let candidate = (expected & !pn_mask) | (truncated & pn_mask);
    // `candidate <= expected - pn_hwin` and `candidate > expected + pn_hwin`, without
    // leaving u64.
    if candidate.saturating_add(pn_hwin) <= expected && candidate < (1 << 62) - pn_win {
        candidate + pn_win
    } else if candidate > expected.saturating_add(pn_hwin) && candidate >= pn_win {
        candidate - pn_win
    } else {
        candidate
    }
}

/// Applies (or removes: it is an XOR) the mask to the first byte and the `pn_len`
/// packet number bytes at `pn_offset`. The caller has checked the bounds.
fn apply_mask(packet: &mut [u8], pn_offset: usize, pn_len: usize, mask: &[u8; MASK_LEN]) {
    packet[0] ^= mask[0] & first_byte_mask_bits(packet[0]);
    for (b, m) in packet[pn_offset..pn_offset + pn_len]
        .iter_mut()
        .zip(&mask[1..])
    {
        *b ^= m;
    }
}

impl DirectionalKeys {
    /// Protects a packet in place and returns its protected length
    /// `header_len + payload_len + 16`.
    ///
    /// `packet[..header_len]` is the unprotected header; its last `pn_len` bytes are the
    /// packet number truncated to `pn_len` bytes, with `pn_len - 1` in the low two bits
    /// of the first byte. The `payload_len` bytes of plaintext follow, then at least 16
    /// bytes of room for the tag. The payload is sealed with the header as associated
    /// data under `packet_number`, the tag written after it, and the header protected
    /// with the sample at `pn_offset + 4` (the low 4 bits of the first byte are masked
    /// in a long header, 5 in a short header).
    ///
    /// Errors, with `packet` unchanged: a header shorter than `1 + pn_len` or a
    /// truncated packet number that is not the low bytes of `packet_number`
    /// ([`Error::InvalidEncoding`]); a packet number above 2^62 − 1
    /// ([`Error::LimitExceeded`]); no room for the tag ([`Error::BufferTooSmall`]); a
    /// payload too short for the 16-byte sample, which needs `pn_len + payload_len >= 4`
    /// ([`Error::InvalidLength`]; pad with PADDING frames).
    pub fn encrypt_in_place(
        &self,
        packet_number: u64,
        packet: &mut [u8],
        header_len: usize,
        payload_len: usize,
    ) -> Result<usize, Error> {
        let first = *packet.first().ok_or(Error::InvalidEncoding)?;
        let pn_len = usize::from(first & 3) + 1;
        if header_len < 1 + pn_len {
            return Err(Error::InvalidEncoding);
        }
        if packet_number > MAX_PACKET_NUMBER {
            return Err(Error::LimitExceeded);
        }
        let total = header_len
            .checked_add(payload_len)
            .and_then(|n| n.checked_add(TAG_LEN))
            .ok_or(Error::MessageTooLong)?;
        if packet.len() < total {
            return Err(Error::BufferTooSmall {
                needed: total,
                got: packet.len(),
            });
        }
        let pn_offset = header_len - pn_len;
        // The sample starts 4 bytes after the start of the packet number field.
        let sample_offset = pn_offset + 4;
        if sample_offset + SAMPLE_LEN > total {
            return Err(Error::InvalidLength {
                expected: sample_offset + SAMPLE_LEN - header_len - TAG_LEN,
                got: payload_len,
            });
        }
        let mut truncated = 0u64;
        for &b in &packet[pn_offset..header_len] {
            truncated = (truncated << 8) | u64::from(b);
        }
        let pn_mask = (1u64 << (8 * pn_len)) - 1;
        if truncated != packet_number & pn_mask {
            return Err(Error::InvalidEncoding);
        }

        let (header, rest) = packet[..total].split_at_mut(header_len);
        let (payload, tag_room) = rest.split_at_mut(payload_len);
        let tag = self
            .packet
            .seal_in_place_detached(packet_number, header, payload)?;
        tag_room.copy_from_slice(&tag.0);

        let mask = self
            .header
            .mask(&packet[sample_offset..sample_offset + SAMPLE_LEN])?;
        apply_mask(packet, pn_offset, pn_len, &mask);
        Ok(total)
    }

    /// Removes protection from one packet in place: `packet` is exactly the packet (for
    /// a long header, `..end` from [`LongHeader::parse`](super::LongHeader::parse); a
    /// short header runs to the end of the datagram), `pn_offset` where its packet
    /// number starts (long header: [`LongHeader::pn_offset`](super::LongHeader);
    /// short header: `1 + dcid_len`), and `largest_received` the largest packet number
    /// successfully processed so far in this packet number space.
    ///
    /// Header protection is removed (the packet number length is read from the
    /// unmasked first byte), the packet number decoded (RFC 9000 §A.3) and the payload
    /// opened with the header as associated data. The caller then checks what the
    /// unprotected first byte says (reserved bits, key phase).
    ///
    /// Errors: a packet too short for the sample at `pn_offset + 4`
    /// ([`Error::InvalidLength`]), `pn_offset` 0 ([`Error::InvalidEncoding`]),
    /// authentication failure ([`Error::DecryptionFailed`]). On
    /// `DecryptionFailed` the payload is zeroed and header protection is applied again,
    /// so the buffer holds neither plaintext nor the unmasked packet number.
    pub fn decrypt_in_place(
        &self,
        packet: &mut [u8],
        pn_offset: usize,
        largest_received: Option<u64>,
    ) -> Result<Decrypted, Error> {
        if pn_offset == 0 {
            return Err(Error::InvalidEncoding);
        }
        let sample_end = pn_offset
            .checked_add(4 + SAMPLE_LEN)
            .ok_or(Error::InvalidEncoding)?;
        if packet.len() < sample_end {
            return Err(Error::InvalidLength {
                expected: sample_end,
                got: packet.len(),
            });
        }
        let sample_offset = pn_offset + 4;
        let mask = self
            .header
            .mask(&packet[sample_offset..sample_offset + SAMPLE_LEN])?;
        let first = packet[0] ^ (mask[0] & first_byte_mask_bits(packet[0]));
        let pn_len = usize::from(first & 3) + 1;
        apply_mask(packet, pn_offset, pn_len, &mask);
        let header_len = pn_offset + pn_len;
        let mut truncated = 0u64;
        for &b in &packet[pn_offset..header_len] {
            truncated = (truncated << 8) | u64::from(b);
        }
        let packet_number = decode_packet_number(largest_received, truncated, pn_len);

        // sample_end = pn_offset + 20 >= header_len + 16: there is room for the tag.
        let (header, body) = packet.split_at_mut(header_len);
        match self.packet.open_in_place(packet_number, header, body) {
            Ok(plaintext) => {
                let len = plaintext.len();
                Ok(Decrypted {
                    header_len,
                    pn_len,
                    packet_number,
                    payload: header_len..header_len + len,
                })
            }
            Err(e) => {
                // Put header protection back: no unmasked packet number is left behind.
                apply_mask(packet, pn_offset, pn_len, &mask);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9000 §A.3's example, and the edges of the window.
    #[test]
    fn decode_examples() {
        assert_eq!(
            decode_packet_number(Some(0xa82f30ea), 0x9b32, 2),
            0xa82f9b32
        );
        assert_eq!(decode_packet_number(None, 0, 1), 0);
        assert_eq!(decode_packet_number(None, 0xff, 1), 0xff);
        assert_eq!(decode_packet_number(Some(0xff), 0x00, 1), 0x100);
        assert_eq!(decode_packet_number(Some(0x100), 0xff, 1), 0xff);
        assert_eq!(
            decode_packet_number(Some(MAX_PACKET_NUMBER - 1), 0xff, 1),
            MAX_PACKET_NUMBER
        );
        // RFC 9001 §A.5: 654360564 encoded on 3 bytes as 49140 (0x00bff4).
        assert_eq!(
            decode_packet_number(Some(654360563), 0x00bff4, 3),
            654360564
        );
    }
}
