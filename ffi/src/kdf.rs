//! HKDF (RFC 5869) and TLS 1.3 HKDF-Expand-Label (RFC 8446 §7.1).
//!
//! The output length of `expand`, the one-shot function and `expand_label` is the length
//! asked for: `out_len` bytes are written exactly (no size query; `*out_written` is set
//! to `out_len` on success).

use core::ffi::c_char;

use zcrypto::kdf::{HkdfAlg, Prk};

use zcrypto::Error;

use crate::boundary::{algorithm, ffi_boundary, output, slice, slice_mut};

/// Runs `f` on a zeroized scratch buffer of `out_len` bytes and copies it to `out` only
/// on success. A length over `alg`'s maximum fails before anything is allocated.
///
/// # Safety
/// `out` is NULL (with `out_len` 0) or valid for `out_len` writable bytes.
unsafe fn derive(
    alg: HkdfAlg,
    out: *mut u8,
    out_len: usize,
    f: impl FnOnce(&mut [u8]) -> Result<(), Error>,
) -> Result<(), Error> {
    let max = alg.max_output_len();
    if out_len > max {
        return Err(Error::OutputTooLong {
            max,
            requested: out_len,
        });
    }
    // SAFETY: forwarded from the caller.
    let out = unsafe { slice_mut(out, out_len) }?;
    let mut okm = zeroize::Zeroizing::new(vec![0u8; out_len]);
    f(&mut okm)?;
    out.copy_from_slice(&okm);
    Ok(())
}

/// Parses an `"hkdf-sha*"` name.
///
/// # Safety
/// `alg` is NULL or NUL-terminated.
unsafe fn hkdf_alg(alg: *const c_char) -> Result<HkdfAlg, zcrypto::Error> {
    // SAFETY: forwarded from the caller.
    HkdfAlg::try_from(unsafe { algorithm(alg) }?)
}

/// HKDF-Extract(salt, ikm): the pseudorandom key, one hash length (32, 48 or 64 bytes).
/// An empty salt means the RFC's HashLen zero bytes.
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hkdf_extract(
    alg: *const c_char,
    salt: *const u8,
    salt_len: usize,
    ikm: *const u8,
    ikm_len: usize,
    out_prk: *mut u8,
    out_prk_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let alg = hkdf_alg(alg)?;
            let prk = Prk::extract(alg, slice(salt, salt_len)?, slice(ikm, ikm_len)?);
            output(out_prk, out_prk_len, out_written, prk.as_bytes())
        }
    })
}

/// HKDF-Expand(prk, info) into exactly `out_len` bytes (at most 255 × hash length, else
/// `ZC_ERR_OUTPUT_TOO_LONG`). `prk` must be one hash length.
///
/// # Safety
/// Pointer/length pairs follow the header's conventions; `out` must not overlap inputs.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hkdf_expand(
    alg: *const c_char,
    prk: *const u8,
    prk_len: usize,
    info: *const u8,
    info_len: usize,
    out: *mut u8,
    out_len: usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let prk = Prk::from_bytes(hkdf_alg(alg)?, slice(prk, prk_len)?)?;
            let info = slice(info, info_len)?;
            derive(prk.algorithm(), out, out_len, |okm| prk.expand(info, okm))
        }
    })
}

/// One-shot HKDF: Extract with `salt`, then Expand with `info` into exactly `out_len`
/// bytes.
///
/// # Safety
/// Pointer/length pairs follow the header's conventions; `out` must not overlap inputs.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hkdf(
    alg: *const c_char,
    salt: *const u8,
    salt_len: usize,
    ikm: *const u8,
    ikm_len: usize,
    info: *const u8,
    info_len: usize,
    out: *mut u8,
    out_len: usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let alg = hkdf_alg(alg)?;
            let (salt, ikm) = (slice(salt, salt_len)?, slice(ikm, ikm_len)?);
            let info = slice(info, info_len)?;
            derive(alg, out, out_len, |okm| {
                zcrypto::kdf::hkdf(alg, salt, ikm, info, okm)
            })
        }
    })
}

/// TLS 1.3 HKDF-Expand-Label(secret, label, context, out_len). Pass `label` **without**
/// the `"tls13 "` prefix (e.g. `"quic key"`); `secret` is one hash length.
///
/// # Safety
/// Pointer/length pairs follow the header's conventions; `out` must not overlap inputs.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hkdf_expand_label(
    alg: *const c_char,
    secret: *const u8,
    secret_len: usize,
    label: *const u8,
    label_len: usize,
    context: *const u8,
    context_len: usize,
    out: *mut u8,
    out_len: usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let prk = Prk::from_bytes(hkdf_alg(alg)?, slice(secret, secret_len)?)?;
            let (label, context) = (slice(label, label_len)?, slice(context, context_len)?);
            derive(prk.algorithm(), out, out_len, |okm| {
                prk.expand_label(label, context, okm)
            })
        }
    })
}
