//! HMAC: compute and constant-time verify.

use core::ffi::c_char;

use zcrypto::mac::HmacAlg;

use crate::boundary::{algorithm, ffi_boundary, output, slice};

/// HMAC (`"hmac-sha256"`, `"hmac-sha384"`, `"hmac-sha512"`) of `data` under `key`;
/// the tag is the hash length (32, 48 or 64 bytes).
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hmac(
    alg: *const c_char,
    key: *const u8,
    key_len: usize,
    data: *const u8,
    data_len: usize,
    out: *mut u8,
    out_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let alg = HmacAlg::try_from(algorithm(alg)?)?;
            let tag = zcrypto::mac::hmac(alg, slice(key, key_len)?, slice(data, data_len)?);
            output(out, out_len, out_written, tag.as_bytes())
        }
    })
}

/// Verifies an HMAC tag in constant time: `ZC_OK`, `ZC_ERR_INVALID_SIGNATURE` for a
/// wrong tag, `ZC_ERR_INVALID_LENGTH` for a tag of the wrong length.
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hmac_verify(
    alg: *const c_char,
    key: *const u8,
    key_len: usize,
    data: *const u8,
    data_len: usize,
    tag: *const u8,
    tag_len: usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let alg = HmacAlg::try_from(algorithm(alg)?)?;
            zcrypto::mac::verify(
                alg,
                slice(key, key_len)?,
                slice(data, data_len)?,
                slice(tag, tag_len)?,
            )
        }
    })
}
