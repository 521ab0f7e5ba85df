//! QUIC packet protection (RFC 9001, QUIC v2: RFC 9369) through a `ZcQuicKeys` handle:
//! the keys of one direction (packet key, IV, header protection key) from the Initial
//! secrets or from a TLS traffic secret; packets protected and unprotected in place; key
//! updates; the Retry Integrity Tag; the long-header parser.
//!
//! Versions are the 32-bit wire numbers (`ZC_QUIC_V1`, `ZC_QUIC_V2`): what a long
//! header carries, so a server can pass the parsed version straight back. Suites are
//! named by their AEAD (`"aes-128-gcm"`, `"aes-256-gcm"`, `"chacha20-poly1305"`): each
//! fixes the TLS 1.3 suite (`TLS_AES_128_GCM_SHA256`, ...).

use core::ffi::c_char;

use zcrypto::aead::{AeadAlg, TAG_LEN};
use zcrypto::kdf::Prk;
use zcrypto::quic::{
    DirectionalKeys, HeaderKey, LongHeader, LongPacketType, MAX_PACKET_NUMBER, Side, Suite,
    Version, retry_tag, verify_retry,
};
use zcrypto::{Backend, Error};
use zeroize::Zeroizing;

use crate::boundary::{
    algorithm, ffi_boundary, handle, output, slice, slice_mut, store, take, write,
};

/// QUIC version 1 (RFC 9000 / RFC 9001): its wire number.
pub const ZC_QUIC_V1: u32 = 0x0000_0001;
/// QUIC version 2 (RFC 9369): its wire number.
pub const ZC_QUIC_V2: u32 = 0x6b33_43cf;
const _: () = {
    assert!(ZC_QUIC_V1 == Version::V1.wire());
    assert!(ZC_QUIC_V2 == Version::V2.wire());
};

/// This endpoint is the client (it sent the first Initial).
pub const ZC_QUIC_CLIENT: i32 = 0;
/// This endpoint is the server.
pub const ZC_QUIC_SERVER: i32 = 1;

/// `largest_received` of `zc_quic_decrypt` when no packet has been received yet in this
/// packet number space (`UINT64_MAX`; packet numbers stop at 2^62 − 1).
pub const ZC_QUIC_PN_NONE: u64 = u64::MAX;
/// The largest QUIC packet number, 2^62 − 1.
pub const ZC_QUIC_MAX_PACKET_NUMBER: u64 = 0x3fff_ffff_ffff_ffff;
const _: () = assert!(ZC_QUIC_MAX_PACKET_NUMBER == MAX_PACKET_NUMBER);

/// Long-header packet type Initial (the same number for v1 and v2; the wire bits differ).
pub const ZC_QUIC_INITIAL: u8 = 0;
/// Long-header packet type 0-RTT.
pub const ZC_QUIC_0RTT: u8 = 1;
/// Long-header packet type Handshake.
pub const ZC_QUIC_HANDSHAKE: u8 = 2;

/// The bytes QUIC protection adds after the payload: the AEAD tag.
pub const ZC_QUIC_TAG_LEN: usize = 16;
const _: () = assert!(ZC_QUIC_TAG_LEN == TAG_LEN);

/// The keys that protect the packets of one direction: the AEAD packet key and IV and
/// the header protection key, plus the traffic secret for key updates (zeroized when
/// freed). Made by `zc_quic_keys_initial`, `zc_quic_keys_from_secret` or
/// `zc_quic_key_update`, freed by `zc_quic_keys_free`. Only read by encrypt/decrypt, so
/// one handle may be shared by threads protecting distinct packets.
pub struct ZcQuicKeys {
    version: Version,
    suite: Suite,
    /// This generation's traffic secret: the next one is Expand-Label(secret, "quic ku").
    secret: Prk,
    /// The header protection key bytes: they never change with key updates.
    hp: Zeroizing<[u8; 32]>,
    generation: u64,
    keys: DirectionalKeys,
}

const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<ZcQuicKeys>();
};

fn version(wire: u32) -> Result<Version, Error> {
    Version::from_wire(wire)
}

fn suite_of(alg: AeadAlg) -> Result<Suite, Error> {
    Suite::ALL
        .into_iter()
        .find(|s| s.aead() == alg)
        .ok_or(Error::UnsupportedAlgorithm)
}

impl ZcQuicKeys {
    /// The keys of one direction from its traffic secret (generation 0).
    fn new(version: Version, suite: Suite, secret: Prk) -> Result<ZcQuicKeys, Error> {
        let keys = DirectionalKeys::from_secret(version, suite, &secret, Backend::default())?;
        let mut hp = Zeroizing::new([0u8; 32]);
        secret.expand_label(version.hp_label(), b"", &mut hp[..suite.hp_key_len()])?;
        Ok(ZcQuicKeys {
            version,
            suite,
            secret,
            hp,
            generation: 0,
            keys,
        })
    }

    /// The next generation (RFC 9001 §6.1): the secret advances with `"quic ku"`
    /// (`"quicv2 ku"`), exactly as `zcrypto::quic::Secrets::update` does for each side,
    /// and new packet keys come from it; the header protection key stays.
    fn next(&self) -> Result<ZcQuicKeys, Error> {
        let secret = self.secret.derive_label(self.version.ku_label(), b"")?;
        let fresh =
            DirectionalKeys::from_secret(self.version, self.suite, &secret, Backend::default())?;
        let header = HeaderKey::new(
            self.suite,
            &self.hp[..self.suite.hp_key_len()],
            Backend::default(),
        )?;
        Ok(ZcQuicKeys {
            version: self.version,
            suite: self.suite,
            secret,
            hp: self.hp.clone(),
            generation: self.generation + 1,
            keys: DirectionalKeys {
                packet: fresh.packet,
                header,
            },
        })
    }
}

/// The error for a NULL out-handle pointer.
fn null_out() -> Error {
    Error::InvalidLength {
        expected: 0,
        got: 1,
    }
}

/// The Initial keys (AES-128-GCM, RFC 9001 §5.2 / RFC 9369 §3.3.1) of both directions for
/// the client's first Destination Connection ID `dcid`. `version` is `ZC_QUIC_V1` or
/// `ZC_QUIC_V2` (another number is `ZC_ERR_UNSUPPORTED_ALGORITHM`); `side` is
/// `ZC_QUIC_CLIENT` or `ZC_QUIC_SERVER` (else `ZC_ERR_UNSUPPORTED_ALGORITHM`). On success
/// `*out_local` (protects the packets this endpoint sends: `zc_quic_encrypt`) and
/// `*out_remote` (opens the peer's: `zc_quic_decrypt`) are both set; free each with
/// `zc_quic_keys_free`. A DCID longer than 20 bytes is `ZC_ERR_INVALID_LENGTH`.
///
/// # Safety
/// `dcid` follows the conventions; `out_local` and `out_remote` are valid for a write
/// (NULL is an error).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_quic_keys_initial(
    version: u32,
    dcid: *const u8,
    dcid_len: usize,
    side: i32,
    out_local: *mut *mut ZcQuicKeys,
    out_remote: *mut *mut ZcQuicKeys,
) -> i32 {
    ffi_boundary(|| {
        let version = self::version(version)?;
        let side = match side {
            ZC_QUIC_CLIENT => Side::Client,
            ZC_QUIC_SERVER => Side::Server,
            _ => return Err(Error::UnsupportedAlgorithm),
        };
        // SAFETY: the caller's pointer guarantees.
        let dcid = unsafe { slice(dcid, dcid_len) }?;
        if dcid.len() > zcrypto::quic::MAX_CID_LEN {
            return Err(Error::InvalidLength {
                expected: zcrypto::quic::MAX_CID_LEN,
                got: dcid.len(),
            });
        }
        if out_local.is_null() || out_remote.is_null() {
            return Err(null_out());
        }
        let (client, server) = zcrypto::quic::initial_secrets(version, dcid);
        let (local, remote) = match side {
            Side::Client => (client, server),
            Side::Server => (server, client),
        };
        let local = ZcQuicKeys::new(version, Suite::INITIAL, local)?;
        let remote = ZcQuicKeys::new(version, Suite::INITIAL, remote)?;
        // SAFETY: both out-pointers are non-NULL and valid for a write (caller).
        unsafe {
            store(out_local, Box::into_raw(Box::new(local)));
            store(out_remote, Box::into_raw(Box::new(remote)));
        }
        Ok(())
    })
}

/// The keys of one direction from a TLS 1.3 traffic secret (RFC 9001 §5.1): packet key,
/// IV and header protection key by HKDF-Expand-Label. `suite` is the AEAD of the
/// negotiated TLS suite: `"aes-128-gcm"` (TLS_AES_128_GCM_SHA256), `"aes-256-gcm"`
/// (TLS_AES_256_GCM_SHA384) or `"chacha20-poly1305"` (TLS_CHACHA20_POLY1305_SHA256); the
/// secret is one hash long (32 bytes, 48 for AES-256-GCM; else `ZC_ERR_INVALID_LENGTH`).
/// On success `*out_keys` is set (free with `zc_quic_keys_free`).
///
/// # Safety
/// `suite` is NULL or NUL-terminated; `secret` follows the conventions; `out_keys` is
/// valid for a write (NULL is an error).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_quic_keys_from_secret(
    version: u32,
    suite: *const c_char,
    secret: *const u8,
    secret_len: usize,
    out_keys: *mut *mut ZcQuicKeys,
) -> i32 {
    ffi_boundary(|| {
        let version = self::version(version)?;
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let suite = suite_of(AeadAlg::try_from(algorithm(suite)?)?)?;
            let secret = Prk::from_bytes(suite.hkdf(), slice(secret, secret_len)?)?;
            if out_keys.is_null() {
                return Err(null_out());
            }
            let keys = ZcQuicKeys::new(version, suite, secret)?;
            store(out_keys, Box::into_raw(Box::new(keys)));
        }
        Ok(())
    })
}

/// Key update (RFC 9001 §6): a new handle `*out_next` for the next key phase of the same
/// direction. Its secret is Expand-Label(secret, `"quic ku"`) (`"quicv2 ku"` for v2),
/// its packet key and IV come from that secret, and the header protection key is
/// unchanged. `keys` itself stays valid and unchanged: keep the old generation for
/// reordered packets of the previous key phase, then free it. Call it on the local and
/// the remote handle alike (both sides update both directions).
///
/// # Safety
/// `keys` is a live handle; `out_next` is valid for a write (NULL is an error).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_quic_key_update(
    keys: *const ZcQuicKeys,
    out_next: *mut *mut ZcQuicKeys,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY: a live handle or NULL (→ error), per the caller.
        let keys = unsafe { handle(keys) }?;
        if out_next.is_null() {
            return Err(null_out());
        }
        let next = keys.next()?;
        // SAFETY: non-NULL and valid for a write (caller).
        unsafe { store(out_next, Box::into_raw(Box::new(next))) };
        Ok(())
    })
}

/// The key generation of a handle: 0 for keys from `zc_quic_keys_initial` /
/// `zc_quic_keys_from_secret`, one more for each `zc_quic_key_update`. The low bit is
/// the key phase bit of short headers.
///
/// # Safety
/// `keys` is a live handle; `out_generation` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_quic_keys_generation(
    keys: *const ZcQuicKeys,
    out_generation: *mut u64,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY: the caller's pointer guarantees.
        unsafe {
            let keys = handle(keys)?;
            store(out_generation, keys.generation);
        }
        Ok(())
    })
}

/// Frees a key handle (secrets and keys are zeroized). `zc_quic_keys_free(NULL)` does
/// nothing.
///
/// # Safety
/// `keys` is NULL or a live handle, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_quic_keys_free(keys: *mut ZcQuicKeys) {
    ffi_boundary(|| {
        // SAFETY: NULL or a live handle from `Box::into_raw`, per the caller.
        drop(unsafe { take(keys) });
        Ok(())
    });
}

/// Protects one packet in place (RFC 9001 §5.3, §5.4). `packet` is a buffer of capacity
/// `packet_len`: the unprotected header (`header_len` bytes, ending with the packet
/// number truncated to 1..4 bytes, its length − 1 in the low two bits of the first
/// byte), then `payload_len` bytes of plaintext, then room for the 16-byte tag. On
/// success the packet is `*out_written = header_len + payload_len + ZC_QUIC_TAG_LEN`
/// bytes long, sealed under `packet_number` with the header as associated data and
/// header protection applied.
///
/// If `packet_len` is smaller than that: `ZC_ERR_BUFFER_TOO_SMALL` with the needed size
/// in `*out_written` (`packet = NULL, packet_len = 0` asks for it). Other errors, with
/// `packet` unchanged: a header shorter than 1 + the packet number length, or a truncated
/// packet number that is not the low bytes of `packet_number` (`ZC_ERR_INVALID_ENCODING`);
/// `packet_number` above 2^62 − 1 (`ZC_ERR_LIMIT_EXCEEDED`); packet number + payload
/// shorter than 4 bytes, too short for the header protection sample
/// (`ZC_ERR_INVALID_LENGTH`: pad with PADDING frames).
///
/// # Safety
/// `keys` is a live handle; `packet` is valid for `packet_len` bytes (reads and writes)
/// and overlaps no other argument; `out_written` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_quic_encrypt(
    keys: *const ZcQuicKeys,
    packet_number: u64,
    packet: *mut u8,
    packet_len: usize,
    header_len: usize,
    payload_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let keys = &handle(keys)?.keys;
            let total = header_len
                .checked_add(payload_len)
                .and_then(|n| n.checked_add(TAG_LEN))
                .ok_or(Error::MessageTooLong)?;
            if packet_len < total {
                store(out_written, total);
                return Err(Error::BufferTooSmall {
                    needed: total,
                    got: packet_len,
                });
            }
            let buf = slice_mut(packet, packet_len)?;
            let n = keys.encrypt_in_place(packet_number, buf, header_len, payload_len)?;
            store(out_written, n);
        }
        Ok(())
    })
}

/// Removes protection from one packet in place. `packet` is exactly the packet
/// (`packet_len` bytes: for a long header up to its `end` from
/// `zc_quic_parse_long_header`, as a datagram may coalesce several packets; a short
/// header runs to the end of the datagram), `pn_offset` where its packet number starts
/// (long header: from `zc_quic_parse_long_header`; short header: 1 + the DCID length),
/// and `largest_received` the largest packet number processed so far in this packet
/// number space, or `ZC_QUIC_PN_NONE` if none (another value above 2^62 − 1 is
/// `ZC_ERR_LIMIT_EXCEEDED`).
///
/// On success the header and payload are in the clear: `*out_packet_number` is the
/// decoded full packet number, `*out_header_len` the unprotected header's length (its
/// first byte now shows the reserved and key phase bits: check them), and the plaintext
/// is `packet[*out_payload_offset .. *out_payload_offset + *out_payload_len]` (the
/// offset equals the header length). Each out-pointer may be NULL.
///
/// Errors: a packet shorter than `pn_offset` + 20, too short for the sample
/// (`ZC_ERR_INVALID_LENGTH`, `packet` unchanged); `pn_offset` 0
/// (`ZC_ERR_INVALID_ENCODING`, unchanged); authentication failure
/// (`ZC_ERR_DECRYPTION_FAILED`): then, unlike the outputs convention, the buffer is
/// changed — the payload is zeroed and header protection applied again, so it holds
/// neither plaintext nor the unmasked packet number.
///
/// # Safety
/// `keys` is a live handle; `packet` is valid for `packet_len` bytes (reads and writes)
/// and overlaps no other argument; each out-pointer is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_quic_decrypt(
    keys: *const ZcQuicKeys,
    packet: *mut u8,
    packet_len: usize,
    pn_offset: usize,
    largest_received: u64,
    out_packet_number: *mut u64,
    out_header_len: *mut usize,
    out_payload_offset: *mut usize,
    out_payload_len: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        let largest = match largest_received {
            ZC_QUIC_PN_NONE => None,
            pn if pn > MAX_PACKET_NUMBER => return Err(Error::LimitExceeded),
            pn => Some(pn),
        };
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let keys = &handle(keys)?.keys;
            let buf = slice_mut(packet, packet_len)?;
            let d = keys.decrypt_in_place(buf, pn_offset, largest)?;
            store(out_packet_number, d.packet_number);
            store(out_header_len, d.header_len);
            store(out_payload_offset, d.payload.start);
            store(out_payload_len, d.payload.len());
        }
        Ok(())
    })
}

/// Parses the long header at the start of a datagram (Initial, 0-RTT or Handshake):
/// `*out_version` is its wire version (`ZC_QUIC_V1` / `ZC_QUIC_V2`), `*out_packet_type`
/// `ZC_QUIC_INITIAL`, `ZC_QUIC_0RTT` or `ZC_QUIC_HANDSHAKE`, the Destination Connection
/// ID is `datagram[*out_dcid_offset .. + *out_dcid_len]`, the packet number starts at
/// `*out_pn_offset` and the packet ends at `*out_end` (further packets may follow in the
/// datagram). Each out-pointer may be NULL; all are written on success only.
///
/// Errors: a short header, a truncated field, a connection ID over 20 bytes, a bad
/// varint, a Length past the datagram, or a Retry packet (no packet number: use
/// `zc_quic_verify_retry`): `ZC_ERR_INVALID_ENCODING`; another version (or Version
/// Negotiation): `ZC_ERR_UNSUPPORTED_ALGORITHM`.
///
/// # Safety
/// `datagram` follows the conventions; each out-pointer is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_quic_parse_long_header(
    datagram: *const u8,
    datagram_len: usize,
    out_version: *mut u32,
    out_packet_type: *mut u8,
    out_dcid_offset: *mut usize,
    out_dcid_len: *mut usize,
    out_pn_offset: *mut usize,
    out_end: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let data = slice(datagram, datagram_len)?;
            let h = LongHeader::parse(data)?;
            let ty = match h.packet_type {
                LongPacketType::Initial => ZC_QUIC_INITIAL,
                LongPacketType::ZeroRtt => ZC_QUIC_0RTT,
                LongPacketType::Handshake => ZC_QUIC_HANDSHAKE,
                LongPacketType::Retry => return Err(Error::InvalidEncoding),
            };
            // The DCID is a subslice of `data`: its offset is the pointer difference.
            let dcid_offset = h.dcid.as_ptr() as usize - data.as_ptr() as usize;
            store(out_version, h.version.wire());
            store(out_packet_type, ty);
            store(out_dcid_offset, dcid_offset);
            store(out_dcid_len, h.dcid.len());
            store(out_pn_offset, h.pn_offset);
            store(out_end, h.end);
        }
        Ok(())
    })
}

/// The 16-byte Retry Integrity Tag (RFC 9001 §5.8, RFC 9369 §3.3.3) a server appends to
/// `retry` (a Retry packet of `version` up to and including its token) when answering a
/// client Initial whose Destination Connection ID was `original_dcid`. Written to
/// `out_tag` (`*out_written` = 16).
///
/// Errors: `original_dcid` longer than 20 bytes (`ZC_ERR_INVALID_LENGTH`); a packet that
/// is not a Retry of `version` (`ZC_ERR_INVALID_ENCODING`); an unknown version
/// (`ZC_ERR_UNSUPPORTED_ALGORITHM`).
///
/// # Safety
/// Pointer/length pairs follow the conventions; `out_written` is NULL or valid for a
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_quic_retry_tag(
    version: u32,
    original_dcid: *const u8,
    original_dcid_len: usize,
    retry: *const u8,
    retry_len: usize,
    out_tag: *mut u8,
    out_tag_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        let version = self::version(version)?;
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            // Size query first: no work for a too-small buffer.
            if out_tag_len < TAG_LEN || out_tag.is_null() {
                return output(out_tag, out_tag_len, out_written, &[0; TAG_LEN]);
            }
            let odcid = slice(original_dcid, original_dcid_len)?;
            let retry = slice(retry, retry_len)?;
            let tag = retry_tag(version, odcid, retry)?;
            write(&[(
                &crate::boundary::out(out_tag, out_tag_len, out_written),
                &tag.0,
            )])
        }
    })
}

/// Checks the Retry Integrity Tag at the end of `retry_packet` against the
/// `original_dcid` the client sent (constant-time comparison): `ZC_OK`, or
/// `ZC_ERR_DECRYPTION_FAILED` for a wrong tag (another ODCID, a modified packet);
/// `ZC_ERR_INVALID_ENCODING` for a packet that is not a Retry of `version` or is too
/// short for a tag; `ZC_ERR_INVALID_LENGTH` for an ODCID over 20 bytes.
///
/// # Safety
/// Pointer/length pairs follow the conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_quic_verify_retry(
    version: u32,
    original_dcid: *const u8,
    original_dcid_len: usize,
    retry_packet: *const u8,
    retry_packet_len: usize,
) -> i32 {
    ffi_boundary(|| {
        let version = self::version(version)?;
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            verify_retry(
                version,
                slice(original_dcid, original_dcid_len)?,
                slice(retry_packet, retry_packet_len)?,
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::ptr::{null, null_mut};

    fn vectors(name: &str) -> serde_json::Value {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../vectors/quic/");
        let text = std::fs::read_to_string(format!("{path}{name}")).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn hex(v: &serde_json::Value, key: &str) -> Vec<u8> {
        zcrypto::encoding::from_hex(v[key].as_str().unwrap()).unwrap()
    }

    fn initial(wire: u32, dcid: &[u8], side: i32) -> (*mut ZcQuicKeys, *mut ZcQuicKeys) {
        let (mut l, mut r) = (null_mut(), null_mut());
        // SAFETY: live locals and a live slice.
        let rc =
            unsafe { zc_quic_keys_initial(wire, dcid.as_ptr(), dcid.len(), side, &mut l, &mut r) };
        assert_eq!(rc, 0);
        (l, r)
    }

    /// RFC 9001 / RFC 9369 A.2: the client Initial through the C functions, both ways.
    #[test]
    fn client_initial_round_trip() {
        for (file, wire) in [("rfc9001.json", ZC_QUIC_V1), ("rfc9369.json", ZC_QUIC_V2)] {
            let v = vectors(file);
            let dcid = hex(&v, "dcid");
            let c = &v["client_initial"];
            let header = hex(c, "header");
            let mut payload = hex(c, "crypto_frame");
            payload.resize(c["payload_len"].as_u64().unwrap() as usize, 0);
            let expected = hex(c, "packet");
            let pn = c["packet_number"].as_u64().unwrap();
            let (client_local, client_remote) = initial(wire, &dcid, ZC_QUIC_CLIENT);
            let (server_local, server_remote) = initial(wire, &dcid, ZC_QUIC_SERVER);

            let mut buf = [&header[..], &payload, &[0; 16]].concat();
            let mut n = 0usize;
            // Size query.
            // SAFETY: NULL with capacity 0 is never written; `n` is a live local.
            let rc = unsafe {
                zc_quic_encrypt(
                    client_local,
                    pn,
                    null_mut(),
                    0,
                    header.len(),
                    payload.len(),
                    &mut n,
                )
            };
            assert_eq!((rc, n), (crate::ZC_ERR_BUFFER_TOO_SMALL, expected.len()));
            // SAFETY: `buf` is live for its length; the handle is live.
            let rc = unsafe {
                zc_quic_encrypt(
                    client_local,
                    pn,
                    buf.as_mut_ptr(),
                    buf.len(),
                    header.len(),
                    payload.len(),
                    &mut n,
                )
            };
            assert_eq!(rc, 0);
            assert_eq!(buf[..n], expected[..]);

            let (mut ver, mut ty, mut dco, mut dcl, mut pno, mut end) = (0, 9, 0, 0, 0, 0);
            // SAFETY: live slice and locals.
            let rc = unsafe {
                zc_quic_parse_long_header(
                    buf.as_ptr(),
                    n,
                    &mut ver,
                    &mut ty,
                    &mut dco,
                    &mut dcl,
                    &mut pno,
                    &mut end,
                )
            };
            assert_eq!(rc, 0);
            assert_eq!((ver, ty, end), (wire, ZC_QUIC_INITIAL, n));
            assert_eq!(buf[dco..dco + dcl], dcid[..]);

            let (mut got_pn, mut hl, mut po, mut pl) = (0u64, 0, 0, 0);
            // SAFETY: live slice and locals; the handle is live.
            let rc = unsafe {
                zc_quic_decrypt(
                    server_remote,
                    buf.as_mut_ptr(),
                    end,
                    pno,
                    ZC_QUIC_PN_NONE,
                    &mut got_pn,
                    &mut hl,
                    &mut po,
                    &mut pl,
                )
            };
            assert_eq!(rc, 0);
            assert_eq!((got_pn, hl), (pn, header.len()));
            assert_eq!(buf[..hl], header[..]);
            assert_eq!(buf[po..po + pl], payload[..]);

            // A flipped bit fails and leaves no plaintext.
            let mut bad = expected.clone();
            *bad.last_mut().unwrap() ^= 1;
            // SAFETY: as above; NULL outputs are allowed.
            let rc = unsafe {
                zc_quic_decrypt(
                    server_remote,
                    bad.as_mut_ptr(),
                    bad.len(),
                    pno,
                    ZC_QUIC_PN_NONE,
                    null_mut(),
                    null_mut(),
                    null_mut(),
                    null_mut(),
                )
            };
            assert_eq!(rc, crate::ZC_ERR_DECRYPTION_FAILED);
            assert!(bad[header.len()..bad.len() - 16].iter().all(|&b| b == 0));
            assert_eq!(bad[..header.len()], expected[..header.len()]);

            // SAFETY: live handles, each freed once; NULL is a no-op.
            unsafe {
                for h in [client_local, client_remote, server_local, server_remote] {
                    zc_quic_keys_free(h);
                }
                zc_quic_keys_free(null_mut());
            }
        }
    }

    /// A.5: the ChaCha20 short header packet from a secret, and the key update secret.
    #[test]
    fn chacha20_and_key_update() {
        for (file, wire) in [("rfc9001.json", ZC_QUIC_V1), ("rfc9369.json", ZC_QUIC_V2)] {
            let v = vectors(file);
            let c = &v["chacha20_short_header"];
            let secret = hex(c, "secret");
            let mut k = null_mut();
            // SAFETY: live literals, slices and locals.
            let rc = unsafe {
                zc_quic_keys_from_secret(
                    wire,
                    c"chacha20-poly1305".as_ptr(),
                    secret.as_ptr(),
                    secret.len(),
                    &mut k,
                )
            };
            assert_eq!(rc, 0);
            let mut packet = hex(c, "packet");
            let mut pn = 0u64;
            // SAFETY: live handle, slice and local.
            let rc = unsafe {
                zc_quic_decrypt(
                    k,
                    packet.as_mut_ptr(),
                    packet.len(),
                    1,
                    654360563,
                    &mut pn,
                    null_mut(),
                    null_mut(),
                    null_mut(),
                )
            };
            assert_eq!((rc, pn), (0, c["packet_number"].as_u64().unwrap()));
            assert_eq!(packet[4..5], hex(c, "payload")[..]);

            let mut next = null_mut();
            let mut generation = 9;
            // SAFETY: live handle and locals.
            unsafe {
                assert_eq!(zc_quic_key_update(k, &mut next), 0);
                assert_eq!(zc_quic_keys_generation(next, &mut generation), 0);
                assert_eq!(generation, 1);
                assert_eq!((*next).secret.as_bytes(), hex(c, "ku"));
                assert_eq!(
                    zc_quic_key_update(k, null_mut()),
                    crate::ZC_ERR_INVALID_LENGTH
                );
                assert_eq!(
                    zc_quic_key_update(null(), &mut next),
                    crate::ZC_ERR_INVALID_LENGTH
                );
            }
            // The same as `Secrets::update` for each side.
            let prk = Prk::from_bytes(zcrypto::kdf::HkdfAlg::Sha256, &secret).unwrap();
            let mut s = zcrypto::quic::Secrets::new(
                version(wire).unwrap(),
                Suite::ChaCha20Poly1305Sha256,
                Side::Client,
                prk.clone(),
                prk,
                Backend::default(),
            )
            .unwrap();
            s.update().unwrap();
            // SAFETY: `next` is live.
            assert_eq!(
                unsafe { &*next }.secret.as_bytes(),
                s.secret(Side::Client).as_bytes()
            );
            // SAFETY: live handles, freed once.
            unsafe {
                zc_quic_keys_free(k);
                zc_quic_keys_free(next);
            }
        }
    }

    #[test]
    fn retry_and_errors() {
        let v = vectors("rfc9001.json");
        let r = &v["retry"];
        let odcid = hex(r, "original_dcid");
        let packet = hex(r, "packet");
        let body = &packet[..packet.len() - 16];
        let mut tag = [0u8; 16];
        let mut n = 0;
        // SAFETY: live slices and locals.
        unsafe {
            assert_eq!(
                zc_quic_verify_retry(
                    ZC_QUIC_V1,
                    odcid.as_ptr(),
                    odcid.len(),
                    packet.as_ptr(),
                    packet.len()
                ),
                0
            );
            assert_eq!(
                zc_quic_verify_retry(
                    ZC_QUIC_V2,
                    odcid.as_ptr(),
                    odcid.len(),
                    packet.as_ptr(),
                    packet.len()
                ),
                crate::ZC_ERR_INVALID_ENCODING
            );
            assert_eq!(
                zc_quic_retry_tag(
                    ZC_QUIC_V1,
                    odcid.as_ptr(),
                    odcid.len(),
                    body.as_ptr(),
                    body.len(),
                    null_mut(),
                    0,
                    &mut n
                ),
                crate::ZC_ERR_BUFFER_TOO_SMALL
            );
            assert_eq!(n, 16);
            assert_eq!(
                zc_quic_retry_tag(
                    ZC_QUIC_V1,
                    odcid.as_ptr(),
                    odcid.len(),
                    body.as_ptr(),
                    body.len(),
                    tag.as_mut_ptr(),
                    16,
                    &mut n
                ),
                0
            );
            assert_eq!(tag[..], packet[packet.len() - 16..]);
            // Unknown version, bad side, unknown suite, wrong secret length.
            let (mut l, mut rk) = (null_mut(), null_mut());
            assert_eq!(
                zc_quic_keys_initial(2, odcid.as_ptr(), odcid.len(), 0, &mut l, &mut rk),
                crate::ZC_ERR_UNSUPPORTED_ALGORITHM
            );
            assert_eq!(
                zc_quic_keys_initial(ZC_QUIC_V1, odcid.as_ptr(), odcid.len(), 2, &mut l, &mut rk),
                crate::ZC_ERR_UNSUPPORTED_ALGORITHM
            );
            assert_eq!(
                zc_quic_keys_initial(ZC_QUIC_V1, odcid.as_ptr(), 21, 0, &mut l, &mut rk),
                crate::ZC_ERR_INVALID_LENGTH
            );
            assert!(l.is_null() && rk.is_null());
            let mut k = null_mut();
            assert_eq!(
                zc_quic_keys_from_secret(
                    ZC_QUIC_V1,
                    c"xchacha20-poly1305".as_ptr(),
                    [0u8; 32].as_ptr(),
                    32,
                    &mut k
                ),
                crate::ZC_ERR_UNSUPPORTED_ALGORITHM
            );
            assert_eq!(
                zc_quic_keys_from_secret(
                    ZC_QUIC_V1,
                    c"aes-256-gcm".as_ptr(),
                    [0u8; 32].as_ptr(),
                    32,
                    &mut k
                ),
                crate::ZC_ERR_INVALID_LENGTH
            );
            assert_eq!(
                zc_quic_keys_from_secret(
                    ZC_QUIC_V1,
                    c"md5".as_ptr(),
                    [0u8; 32].as_ptr(),
                    32,
                    &mut k
                ),
                crate::ZC_ERR_UNKNOWN_ALGORITHM
            );
            assert!(k.is_null());
            assert_eq!(
                zc_quic_decrypt(
                    null(),
                    null_mut(),
                    0,
                    1,
                    0,
                    null_mut(),
                    null_mut(),
                    null_mut(),
                    null_mut()
                ),
                crate::ZC_ERR_INVALID_LENGTH
            );
        }
    }
}
