//! Hash functions: one-shot and incremental (`ZcHash` handles).

use core::ffi::c_char;

use zcrypto::hash::{HashAlg, Hasher};

use crate::boundary::{algorithm, ffi_boundary, handle_mut, output, slice, store, take};

/// The largest digest of any hash here (BLAKE2b-512, SHA-512): 64 bytes.
pub const ZC_HASH_MAX_LEN: usize = 64;
const _: () = assert!(ZC_HASH_MAX_LEN == zcrypto::hash::MAX_OUTPUT_LEN);

/// An incremental hash computation. Create with `zc_hash_new`, free with `zc_hash_free`.
/// Not safe to use from two threads at once.
pub struct ZcHash {
    alg: HashAlg,
    state: Hasher,
}

/// Stores the digest length of a hash (`"sha256"`, `"sha3-256"`, `"keccak256"`,
/// `"blake2b-512"`, ...) in `*out_len`.
///
/// # Safety
/// `alg` is NULL or NUL-terminated; `out_len` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hash_len(alg: *const c_char, out_len: *mut usize) -> i32 {
    ffi_boundary(|| {
        // SAFETY: the caller passes NULL or a NUL-terminated name.
        let alg = HashAlg::try_from(unsafe { algorithm(alg) }?)?;
        // SAFETY: the caller passes NULL or a valid `size_t *`.
        unsafe { store(out_len, alg.output_len()) };
        Ok(())
    })
}

/// One-shot hash of `data` into `out` (the digest length: see `zc_hash_len`).
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hash(
    alg: *const c_char,
    data: *const u8,
    data_len: usize,
    out: *mut u8,
    out_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let alg = HashAlg::try_from(algorithm(alg)?)?;
            let digest = zcrypto::hash::hash(alg, slice(data, data_len)?);
            output(out, out_len, out_written, digest.as_bytes())
        }
    })
}

/// Starts an incremental hash: on success `*out_hash` is a new handle (free it with
/// `zc_hash_free`); on error `*out_hash` is untouched.
///
/// # Safety
/// `alg` is NULL or NUL-terminated; `out_hash` is valid for a write (NULL is an error).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hash_new(alg: *const c_char, out_hash: *mut *mut ZcHash) -> i32 {
    ffi_boundary(|| {
        // SAFETY: the caller passes NULL or a NUL-terminated name.
        let alg = HashAlg::try_from(unsafe { algorithm(alg) }?)?;
        if out_hash.is_null() {
            return Err(zcrypto::Error::InvalidLength {
                expected: 0,
                got: 1,
            });
        }
        let h = Box::into_raw(Box::new(ZcHash {
            alg,
            state: Hasher::new(alg),
        }));
        // SAFETY: non-NULL and valid for a write by the caller's guarantee.
        unsafe { store(out_hash, h) };
        Ok(())
    })
}

/// Absorbs `data` into the hash.
///
/// # Safety
/// `hash` is a live handle from `zc_hash_new` (NULL is an error) not used concurrently.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hash_update(
    hash: *mut ZcHash,
    data: *const u8,
    data_len: usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): live exclusive handle and a valid input pair.
        unsafe {
            let h = handle_mut(hash)?;
            h.state.update(slice(data, data_len)?);
        }
        Ok(())
    })
}

/// Writes the digest of everything absorbed so far and resets the handle to the empty
/// state (it can be reused, and must still be freed). On `ZC_ERR_BUFFER_TOO_SMALL` the
/// state is kept, so the call can be repeated with a larger buffer.
///
/// # Safety
/// `hash` is a live handle (NULL is an error) not used concurrently; the output triple
/// follows the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hash_finish(
    hash: *mut ZcHash,
    out: *mut u8,
    out_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): live exclusive handle and a valid output triple.
        unsafe {
            let h = handle_mut(hash)?;
            // Check the buffer on a copy so that a failed call keeps the state.
            let digest = h.state.clone().finalize();
            output(out, out_len, out_written, digest.as_bytes())?;
            h.state = Hasher::new(h.alg);
        }
        Ok(())
    })
}

/// Frees a hash handle. `zc_hash_free(NULL)` does nothing.
///
/// # Safety
/// `hash` is NULL or a live handle from `zc_hash_new`, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hash_free(hash: *mut ZcHash) {
    // Dropping cannot panic; the boundary is kept for uniformity.
    ffi_boundary(|| {
        // SAFETY: NULL or a live handle from `Box::into_raw`, per the caller.
        drop(unsafe { take(hash) });
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_untouched_on_error_and_size_query() {
        let mut out = [0xEEu8; 64];
        let mut w = 777usize;
        // SAFETY: every pointer is a live local or a literal of the stated length.
        unsafe {
            // Unknown algorithm: nothing written, not even out_written.
            let rc = zc_hash(
                c"md5".as_ptr(),
                b"abc".as_ptr(),
                3,
                out.as_mut_ptr(),
                64,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_ERR_UNKNOWN_ALGORITHM);
            assert_eq!((out, w), ([0xEE; 64], 777));
            // Too small: only the needed size is stored.
            let rc = zc_hash(
                c"sha256".as_ptr(),
                b"abc".as_ptr(),
                3,
                out.as_mut_ptr(),
                31,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_ERR_BUFFER_TOO_SMALL);
            assert_eq!((out, w), ([0xEE; 64], 32));
            // Size query.
            w = 0;
            let rc = zc_hash(
                c"sha512".as_ptr(),
                core::ptr::null(),
                0,
                core::ptr::null_mut(),
                0,
                &mut w,
            );
            assert_eq!((rc, w), (crate::ZC_ERR_BUFFER_TOO_SMALL, 64));
            // NULL input with a length.
            let rc = zc_hash(
                c"sha256".as_ptr(),
                core::ptr::null(),
                1,
                out.as_mut_ptr(),
                64,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_ERR_INVALID_LENGTH);
            // Success.
            let rc = zc_hash(
                c"sha256".as_ptr(),
                b"abc".as_ptr(),
                3,
                out.as_mut_ptr(),
                64,
                &mut w,
            );
            assert_eq!((rc, w), (crate::ZC_OK, 32));
            assert_eq!(out[..32], zcrypto::hash::sha256(b"abc"));
            assert_eq!(out[32..], [0xEE; 32]);
        }
    }

    #[test]
    fn handle_lifecycle() {
        let mut h: *mut ZcHash = core::ptr::null_mut();
        let mut out = [0u8; 32];
        let mut w = 0usize;
        // SAFETY: `h` is created by zc_hash_new and freed once; buffers are live locals.
        unsafe {
            assert_eq!(
                zc_hash_new(c"nope".as_ptr(), &mut h),
                crate::ZC_ERR_UNKNOWN_ALGORITHM
            );
            assert!(h.is_null());
            assert_eq!(zc_hash_new(c"sha256".as_ptr(), &mut h), crate::ZC_OK);
            assert_eq!(zc_hash_update(h, b"abc".as_ptr(), 3), crate::ZC_OK);
            assert_eq!(
                zc_hash_finish(h, out.as_mut_ptr(), 32, &mut w),
                crate::ZC_OK
            );
            assert_eq!(out, zcrypto::hash::sha256(b"abc"));
            zc_hash_free(h);
            zc_hash_free(core::ptr::null_mut());
        }
    }
}
