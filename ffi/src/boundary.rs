//! The boundary itself: panic catching and the only places raw pointers become Rust
//! references. Every exported function goes through these helpers.

use core::ffi::{CStr, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use zcrypto::{Algorithm, Error};

/// Runs `f`, turning `Ok` into `ZC_OK`, an error into its stable code and a panic into
/// `ZC_ERR_INTERNAL`. No panic ever unwinds into C.
pub(crate) fn ffi_boundary(f: impl FnOnce() -> Result<(), Error>) -> i32 {
    // AssertUnwindSafe: after a panic the closure's captures are not used again except
    // through the returned code; outputs are only written on success.
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => crate::ZC_OK,
        // Codes are at most 255, so the cast is lossless.
        Ok(Err(e)) => e.code() as i32,
        Err(_) => crate::ZC_ERR_INTERNAL,
    }
}

/// The error for a NULL pointer with a nonzero length, or a length over `isize::MAX`.
fn bad_pointer(len: usize) -> Error {
    Error::InvalidLength {
        expected: 0,
        got: len,
    }
}

/// Borrows `len` bytes at `ptr`. A length of 0 gives the empty slice whatever `ptr` is
/// (NULL included); a NULL `ptr` with a nonzero length is [`Error::InvalidLength`].
///
/// # Safety
/// If `ptr` is not NULL and `len > 0`, `ptr` must be valid for reads of `len` bytes
/// for `'a` and not written to meanwhile.
pub(crate) unsafe fn slice<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() || len > isize::MAX as usize {
        return Err(bad_pointer(len));
    }
    // SAFETY: non-NULL, `len` fits `isize`, and the caller guarantees validity.
    Ok(unsafe { core::slice::from_raw_parts(ptr, len) })
}

/// Mutably borrows `len` bytes at `ptr`, with the rules of [`slice`].
///
/// # Safety
/// If `ptr` is not NULL and `len > 0`, `ptr` must be valid for reads and writes of
/// `len` bytes for `'a` and not accessed through any other pointer meanwhile.
pub(crate) unsafe fn slice_mut<'a>(ptr: *mut u8, len: usize) -> Result<&'a mut [u8], Error> {
    if len == 0 {
        return Ok(&mut []);
    }
    if ptr.is_null() || len > isize::MAX as usize {
        return Err(bad_pointer(len));
    }
    // SAFETY: non-NULL, `len` fits `isize`, and the caller guarantees exclusive validity.
    Ok(unsafe { core::slice::from_raw_parts_mut(ptr, len) })
}

/// Borrows `count` 64-bit words at `ptr` (read unaligned, copied), with the NULL rules of
/// [`slice`].
///
/// # Safety
/// If `ptr` is not NULL and `count > 0`, `ptr` must be valid for reads of `count`
/// `uint64_t`s.
pub(crate) unsafe fn words(ptr: *const u64, count: usize) -> Result<Vec<u64>, Error> {
    let Some(bytes) = count.checked_mul(8) else {
        return Err(bad_pointer(count));
    };
    // SAFETY: the caller guarantees `count * 8` readable bytes at `ptr`.
    let raw = unsafe { slice(ptr.cast::<u8>(), bytes) }?;
    Ok(raw
        .chunks_exact(8)
        .map(|c| u64::from_ne_bytes(c.try_into().unwrap_or_default()))
        .collect())
}

/// Borrows a NUL-terminated string. NULL or invalid UTF-8 is [`Error::UnknownAlgorithm`]
/// (strings are only used for names).
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string valid for `'a`.
pub(crate) unsafe fn c_str<'a>(ptr: *const c_char) -> Result<&'a str, Error> {
    if ptr.is_null() {
        return Err(Error::UnknownAlgorithm);
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's guarantee.
    let s = unsafe { CStr::from_ptr(ptr) };
    s.to_str().map_err(|_| Error::UnknownAlgorithm)
}

/// Parses a NUL-terminated stable algorithm name.
///
/// # Safety
/// As [`c_str`].
pub(crate) unsafe fn algorithm(ptr: *const c_char) -> Result<Algorithm, Error> {
    // SAFETY: forwarded from the caller.
    unsafe { c_str(ptr) }?.parse()
}

/// One caller-owned output: `(uint8_t *out, size_t out_len, size_t *out_written)`.
pub(crate) struct Out {
    ptr: *mut u8,
    len: usize,
    written: *mut usize,
}

/// Builds an [`Out`] (no pointer is touched until [`write`]).
pub(crate) fn out(ptr: *mut u8, len: usize, written: *mut usize) -> Out {
    Out { ptr, len, written }
}

/// Writes every `data` to its output, or none of them.
///
/// First every output is checked: if any buffer is shorter than its data, the needed size
/// is stored in the `out_written` of every output (that is not NULL) and the result is
/// [`Error::BufferTooSmall`]; a NULL buffer with room claimed is [`Error::InvalidLength`].
/// Only then is each copied and its `out_written` set to the length written.
///
/// # Safety
/// Each `Out` holds `out` valid for `out_len` writable bytes (or NULL) and `out_written`
/// valid for one `size_t` write (or NULL), none of them overlapping `data`.
pub(crate) unsafe fn write(outs: &[(&Out, &[u8])]) -> Result<(), Error> {
    let mut too_small = None;
    for (o, data) in outs {
        if o.len < data.len() {
            too_small.get_or_insert(Error::BufferTooSmall {
                needed: data.len(),
                got: o.len,
            });
        } else if o.ptr.is_null() && !data.is_empty() {
            return Err(bad_pointer(o.len));
        }
    }
    if let Some(e) = too_small {
        for (o, data) in outs {
            if !o.written.is_null() {
                // SAFETY: the caller guarantees `written` is valid for a write.
                unsafe { o.written.write_unaligned(data.len()) };
            }
        }
        return Err(e);
    }
    for (o, data) in outs {
        if !data.is_empty() {
            // SAFETY: `ptr` is non-NULL (checked above), valid for `len >= data.len()`
            // bytes and does not overlap `data` (caller's guarantee).
            unsafe { core::ptr::copy_nonoverlapping(data.as_ptr(), o.ptr, data.len()) };
        }
        if !o.written.is_null() {
            // SAFETY: as above.
            unsafe { o.written.write_unaligned(data.len()) };
        }
    }
    Ok(())
}

/// Checks, before any work, that `o` has room for `needed` bytes: if not, stores `needed`
/// in its `out_written` (unless NULL) and returns [`Error::BufferTooSmall`], as [`write`]
/// would after the work. For outputs whose length is known in advance and whose content
/// is costly (a proof), so that a size query does not pay for it.
///
/// # Safety
/// As [`write`].
pub(crate) unsafe fn reserve(o: &Out, needed: usize) -> Result<(), Error> {
    if o.len >= needed {
        return Ok(());
    }
    // SAFETY: forwarded from the caller.
    unsafe { store(o.written, needed) };
    Err(Error::BufferTooSmall { needed, got: o.len })
}

/// [`write`] for a single output.
///
/// # Safety
/// As [`write`].
pub(crate) unsafe fn output(
    ptr: *mut u8,
    len: usize,
    written: *mut usize,
    data: &[u8],
) -> Result<(), Error> {
    // SAFETY: forwarded from the caller.
    unsafe { write(&[(&out(ptr, len, written), data)]) }
}

/// Stores a value through an optional out-pointer (NULL: nothing is stored).
///
/// # Safety
/// `ptr` is NULL or valid for one write of `T`.
pub(crate) unsafe fn store<T>(ptr: *mut T, value: T) {
    if !ptr.is_null() {
        // SAFETY: non-NULL and valid by the caller's guarantee.
        unsafe { ptr.write_unaligned(value) };
    }
}

/// Takes a boxed handle back (NULL: `None`).
///
/// # Safety
/// `ptr` is NULL or came from `Box::into_raw` of a `T` and was not freed since.
pub(crate) unsafe fn take<T>(ptr: *mut T) -> Option<Box<T>> {
    // SAFETY: the caller guarantees `ptr` came from `Box::into_raw` and is live.
    (!ptr.is_null()).then(|| unsafe { Box::from_raw(ptr) })
}

/// Borrows a handle; NULL is [`Error::InvalidLength`] like any NULL input.
///
/// # Safety
/// `ptr` is NULL or a live handle from `Box::into_raw`, not used mutably elsewhere.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T) -> Result<&'a T, Error> {
    // SAFETY: the caller guarantees a live, properly aligned `T`.
    unsafe { ptr.as_ref() }.ok_or(bad_pointer(1))
}

/// Mutably borrows a handle; NULL is [`Error::InvalidLength`].
///
/// # Safety
/// `ptr` is NULL or a live handle from `Box::into_raw`, used by no one else meanwhile.
pub(crate) unsafe fn handle_mut<'a, T>(ptr: *mut T) -> Result<&'a mut T, Error> {
    // SAFETY: the caller guarantees a live, exclusive `T`.
    unsafe { ptr.as_mut() }.ok_or(bad_pointer(1))
}

/// Splits a concatenation of `N`-byte items (public inputs, commitments, blindings,
/// siblings); a length that is not a multiple of `N` is [`Error::InvalidLength`] (with
/// the next multiple as the expected length).
pub(crate) fn items<const N: usize>(bytes: &[u8]) -> Result<Vec<[u8; N]>, Error> {
    if !bytes.len().is_multiple_of(N) {
        return Err(Error::InvalidLength {
            expected: bytes.len().next_multiple_of(N),
            got: bytes.len(),
        });
    }
    bytes.chunks_exact(N).map(array::<N>).collect()
}

/// Copies a slice into a fixed-size array, or [`Error::InvalidLength`].
pub(crate) fn array<const N: usize>(bytes: &[u8]) -> Result<[u8; N], Error> {
    bytes.try_into().map_err(|_| Error::InvalidLength {
        expected: N,
        got: bytes.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_becomes_internal() {
        let code = ffi_boundary(|| panic!("boom"));
        assert_eq!(code, crate::ZC_ERR_INTERNAL);
        assert_eq!(ffi_boundary(|| Ok(())), crate::ZC_OK);
        assert_eq!(
            ffi_boundary(|| Err(Error::InvalidKey)),
            crate::ZC_ERR_INVALID_KEY
        );
    }

    #[test]
    fn null_with_length() {
        // SAFETY: NULL pointers and length 0 are handled without dereferencing.
        unsafe {
            assert_eq!(slice(core::ptr::null(), 0), Ok(&[][..]));
            assert!(matches!(
                slice(core::ptr::null(), 3),
                Err(Error::InvalidLength { .. })
            ));
            assert!(slice_mut(core::ptr::null_mut(), 1).is_err());
            assert_eq!(c_str(core::ptr::null()), Err(Error::UnknownAlgorithm));
        }
    }

    #[test]
    fn items_split_or_refuse() {
        assert_eq!(items::<2>(&[1, 2, 3, 4]), Ok(vec![[1, 2], [3, 4]]));
        assert_eq!(items::<2>(&[]), Ok(vec![]));
        assert_eq!(
            items::<2>(&[1, 2, 3]),
            Err(Error::InvalidLength {
                expected: 4,
                got: 3
            })
        );
    }

    #[test]
    fn write_is_all_or_nothing() {
        let mut a = [0xAAu8; 4];
        let mut b = [0xBBu8; 2];
        let (mut wa, mut wb) = (99usize, 99usize);
        let oa = out(a.as_mut_ptr(), a.len(), &mut wa);
        let ob = out(b.as_mut_ptr(), b.len(), &mut wb);
        // SAFETY: every pointer is a live local of the stated length.
        let r = unsafe { write(&[(&oa, &[1, 2, 3]), (&ob, &[4, 5, 6])]) };
        assert!(matches!(
            r,
            Err(Error::BufferTooSmall { needed: 3, got: 2 })
        ));
        assert_eq!((wa, wb), (3, 3));
        assert_eq!((a, b), ([0xAA; 4], [0xBB; 2]));
        // Size query: NULL buffer of length 0.
        let mut w = 0usize;
        // SAFETY: NULL buffer with length 0 is never written; `w` is a live local.
        let r = unsafe { output(core::ptr::null_mut(), 0, &mut w, &[7; 10]) };
        assert_eq!(r.map_err(|e| e.code()), Err(9));
        assert_eq!(w, 10);
        // Room checked before the work: the needed size, nothing written.
        let mut c = [0xCCu8; 4];
        let oc = out(c.as_mut_ptr(), c.len(), &mut w);
        // SAFETY: `c` and `w` are live locals of the stated lengths.
        let r = unsafe { reserve(&oc, 5) };
        assert_eq!((r.map_err(|e| e.code()), w, c), (Err(9), 5, [0xCC; 4]));
        // SAFETY: as above.
        assert_eq!(unsafe { reserve(&oc, 4) }, Ok(()));
        // NULL buffer claiming room.
        // SAFETY: as above; the NULL is rejected before any write.
        let r = unsafe { output(core::ptr::null_mut(), 10, &mut w, &[7; 10]) };
        assert_eq!(r.map_err(|e| e.code()), Err(1));
    }
}
