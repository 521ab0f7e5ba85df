//! The Retry Integrity Tag (RFC 9001 §5.8, RFC 9369 §3.3.3): AES-128-GCM under a
//! fixed key and nonce, over nothing, with the Retry pseudo-packet as associated data:
//! `ODCID Length (8) ‖ Original Destination Connection ID ‖ Retry packet without its tag`.

use super::{MAX_CID_LEN, Version};
use crate::{
    Backend, Error,
    aead::{AeadAlg, AeadKey, Nonce, TAG_LEN, Tag},
};

/// Retry packets up to this length (header, token and tag) build their pseudo-packet on
/// the stack; longer ones (a token beyond any single-datagram MTU) allocate it.
pub const RETRY_STACK_LEN: usize = 1500;

fn tag_over(
    version: Version,
    original_dcid: &[u8],
    retry_without_tag: &[u8],
) -> Result<Tag, Error> {
    if original_dcid.len() > MAX_CID_LEN {
        return Err(Error::InvalidLength {
            expected: MAX_CID_LEN,
            got: original_dcid.len(),
        });
    }
    let len = 1 + original_dcid.len() + retry_without_tag.len();
    let mut stack = [0u8; 1 + MAX_CID_LEN + RETRY_STACK_LEN];
    let mut heap;
    let pseudo: &mut [u8] = if len <= stack.len() {
        &mut stack[..len]
    } else {
        heap = vec![0u8; len];
        &mut heap
    };
    pseudo[0] = original_dcid.len() as u8;
    pseudo[1..1 + original_dcid.len()].copy_from_slice(original_dcid);
    pseudo[1 + original_dcid.len()..].copy_from_slice(retry_without_tag);
    // The Retry key is public (it is in the RFC): no secret is held here.
    let key = AeadKey::with_backend(AeadAlg::Aes128Gcm, version.retry_key(), Backend::default())?;
    let nonce = Nonce::try_from_slice(version.retry_nonce())?;
    key.seal_in_place_detached(&nonce, pseudo, &mut [])
}

/// Checks that `packet` starts like a Retry packet of `version`: long header, version
/// field, Retry type, and room for the tag.
fn check_retry_header(version: Version, packet: &[u8], min_len: usize) -> Result<(), Error> {
    if packet.len() < min_len
        || packet[0] & 0x80 == 0
        || packet[1..5] != version.wire().to_be_bytes()
        || version.packet_type(packet[0]) != super::LongPacketType::Retry
    {
        return Err(Error::InvalidEncoding);
    }
    Ok(())
}

/// The Retry Integrity Tag a server appends to `retry_without_tag` (a Retry packet of
/// `version` up to and including its token) sent in reply to a client Initial whose
/// Destination Connection ID was `original_dcid`.
///
/// Errors: `original_dcid` longer than 20 bytes ([`Error::InvalidLength`]); a packet
/// that is not a Retry of `version` ([`Error::InvalidEncoding`]).
pub fn retry_tag(
    version: Version,
    original_dcid: &[u8],
    retry_without_tag: &[u8],
) -> Result<Tag, Error> {
    // First byte, version, the two CID lengths.
    check_retry_header(version, retry_without_tag, 7)?;
    tag_over(version, original_dcid, retry_without_tag)
}

/// Checks the Retry Integrity Tag at the end of `retry_packet` against the
/// `original_dcid` the client sent (constant-time comparison).
///
/// Errors: a wrong tag, e.g. another ODCID ([`Error::DecryptionFailed`]); a packet that
/// is not a Retry of `version` or too short to hold a tag ([`Error::InvalidEncoding`]);
/// `original_dcid` longer than 20 bytes ([`Error::InvalidLength`]).
pub fn verify_retry(
    version: Version,
    original_dcid: &[u8],
    retry_packet: &[u8],
) -> Result<(), Error> {
    check_retry_header(version, retry_packet, 7 + TAG_LEN)?;
    let (body, tag) = retry_packet.split_at(retry_packet.len() - TAG_LEN);
    let expected = tag_over(version, original_dcid, body)?;
    if expected == Tag::try_from_slice(tag)? {
        Ok(())
    } else {
        Err(Error::DecryptionFailed)
    }
}
