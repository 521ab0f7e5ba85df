//! AEAD: AES-128/256-GCM, ChaCha20-Poly1305, XChaCha20-Poly1305, in place, with a
//! detached or an appended 16-byte tag, through a `ZcAeadKey` handle.

use core::ffi::c_char;

use zcrypto::Error;
use zcrypto::aead::{AeadAlg, AeadKey, Nonce, TAG_LEN, Tag};

use crate::boundary::{
    algorithm, array, ffi_boundary, handle, output, slice, slice_mut, store, take,
};

/// The length of every AEAD tag here.
pub const ZC_AEAD_TAG_LEN: usize = 16;
const _: () = assert!(ZC_AEAD_TAG_LEN == TAG_LEN);

/// An AEAD key, expanded once. Create with `zc_aead_key_new`, free with
/// `zc_aead_key_free`. Safe to share between threads for concurrent seal/open calls
/// (each on its own buffers) as long as nobody frees it meanwhile.
pub struct ZcAeadKey(AeadKey);

// The promise above: the key is only read by seal/open.
const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<AeadKey>();
};

/// Stores the key and nonce lengths of an AEAD (`"aes-128-gcm"`, `"aes-256-gcm"`,
/// `"chacha20-poly1305"`, `"xchacha20-poly1305"`); the tag is `ZC_AEAD_TAG_LEN`.
///
/// # Safety
/// `alg` is NULL or NUL-terminated; each out-pointer is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_aead_lengths(
    alg: *const c_char,
    out_key_len: *mut usize,
    out_nonce_len: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let alg = AeadAlg::try_from(algorithm(alg)?)?;
            store(out_key_len, alg.key_len());
            store(out_nonce_len, alg.nonce_len());
        }
        Ok(())
    })
}

/// Creates a key handle; on success `*out_key` is set (free with `zc_aead_key_free`).
/// A key of the wrong length is `ZC_ERR_INVALID_LENGTH`.
///
/// # Safety
/// `alg` is NULL or NUL-terminated; `key` follows the conventions; `out_key` is valid
/// for a write (NULL is an error).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_aead_key_new(
    alg: *const c_char,
    key: *const u8,
    key_len: usize,
    out_key: *mut *mut ZcAeadKey,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let alg = AeadAlg::try_from(algorithm(alg)?)?;
            let k = AeadKey::new(alg, slice(key, key_len)?)?;
            if out_key.is_null() {
                return Err(Error::InvalidLength {
                    expected: 0,
                    got: 1,
                });
            }
            store(out_key, Box::into_raw(Box::new(ZcAeadKey(k))));
        }
        Ok(())
    })
}

/// Frees a key handle (its key material is zeroized). `zc_aead_key_free(NULL)` does
/// nothing.
///
/// # Safety
/// `key` is NULL or a live handle from `zc_aead_key_new`, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_aead_key_free(key: *mut ZcAeadKey) {
    ffi_boundary(|| {
        // SAFETY: NULL or a live handle from `Box::into_raw`, per the caller.
        drop(unsafe { take(key) });
        Ok(())
    });
}

/// Encrypts `in_out` in place and writes the 16-byte tag to `out_tag`. The tag buffer is
/// checked first: on any error `in_out` is unchanged.
///
/// # Safety
/// `key` is a live handle; pointer/length pairs follow the conventions and `in_out`
/// overlaps no other argument.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_aead_seal_detached(
    key: *const ZcAeadKey,
    nonce: *const u8,
    nonce_len: usize,
    aad: *const u8,
    aad_len: usize,
    in_out: *mut u8,
    in_out_len: usize,
    out_tag: *mut u8,
    out_tag_len: usize,
    out_tag_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let key = &handle(key)?.0;
            let nonce = Nonce::try_from_slice(slice(nonce, nonce_len)?)?;
            let aad = slice(aad, aad_len)?;
            // Size query / tag-buffer check before touching the data.
            if out_tag_len < TAG_LEN || out_tag.is_null() {
                return output(out_tag, out_tag_len, out_tag_written, &[0; TAG_LEN]);
            }
            let buf = slice_mut(in_out, in_out_len)?;
            let tag = key.seal_in_place_detached(&nonce, aad, buf)?;
            output(out_tag, out_tag_len, out_tag_written, &tag.0)
        }
    })
}

/// Checks `tag` and decrypts `in_out` in place. On `ZC_ERR_DECRYPTION_FAILED` the buffer
/// is zeroed: no unauthenticated plaintext is ever released.
///
/// # Safety
/// `key` is a live handle; pointer/length pairs follow the conventions and `in_out`
/// overlaps no other argument.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_aead_open_detached(
    key: *const ZcAeadKey,
    nonce: *const u8,
    nonce_len: usize,
    aad: *const u8,
    aad_len: usize,
    in_out: *mut u8,
    in_out_len: usize,
    tag: *const u8,
    tag_len: usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let key = &handle(key)?.0;
            let nonce = Nonce::try_from_slice(slice(nonce, nonce_len)?)?;
            let aad = slice(aad, aad_len)?;
            let tag = Tag(array::<TAG_LEN>(slice(tag, tag_len)?)?);
            let buf = slice_mut(in_out, in_out_len)?;
            key.open_in_place_detached(&nonce, aad, buf, &tag)
        }
    })
}

/// Encrypts the first `plaintext_len` bytes of `buf` (capacity `buf_len`) in place and
/// appends the tag; `*out_written` = `plaintext_len + ZC_AEAD_TAG_LEN`. If `buf_len` is
/// smaller than that, `ZC_ERR_BUFFER_TOO_SMALL` with the needed size in `*out_written`
/// and `buf` unchanged.
///
/// # Safety
/// `key` is a live handle; pointer/length pairs follow the conventions and `buf`
/// overlaps no other argument.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_aead_seal(
    key: *const ZcAeadKey,
    nonce: *const u8,
    nonce_len: usize,
    aad: *const u8,
    aad_len: usize,
    buf: *mut u8,
    buf_len: usize,
    plaintext_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let key = &handle(key)?.0;
            let nonce = Nonce::try_from_slice(slice(nonce, nonce_len)?)?;
            let aad = slice(aad, aad_len)?;
            let needed = plaintext_len
                .checked_add(TAG_LEN)
                .ok_or(Error::MessageTooLong)?;
            if buf_len < needed {
                store(out_written, needed);
                return Err(Error::BufferTooSmall {
                    needed,
                    got: buf_len,
                });
            }
            let buf = slice_mut(buf, buf_len)?;
            let n = key.seal_in_place(&nonce, aad, buf, plaintext_len)?;
            store(out_written, n);
        }
        Ok(())
    })
}

/// Opens `buf` = ciphertext ‖ tag (`buf_len` bytes, at least `ZC_AEAD_TAG_LEN`) in
/// place: the plaintext is the first `*out_written` = `buf_len - ZC_AEAD_TAG_LEN` bytes
/// of `buf`. On `ZC_ERR_DECRYPTION_FAILED` the whole buffer is zeroed.
///
/// # Safety
/// `key` is a live handle; pointer/length pairs follow the conventions and `buf`
/// overlaps no other argument.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_aead_open(
    key: *const ZcAeadKey,
    nonce: *const u8,
    nonce_len: usize,
    aad: *const u8,
    aad_len: usize,
    buf: *mut u8,
    buf_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let key = &handle(key)?.0;
            let nonce = Nonce::try_from_slice(slice(nonce, nonce_len)?)?;
            let aad = slice(aad, aad_len)?;
            let buf = slice_mut(buf, buf_len)?;
            let n = key.open_in_place(&nonce, aad, buf)?.len();
            store(out_written, n);
        }
        Ok(())
    })
}
