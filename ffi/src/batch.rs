//! Batch signature verification (`zcrypto::batch`) through a `ZcBatch` handle.
//!
//! `zc_batch_add` copies its inputs, so the caller's buffers may be reused at once.

use core::ffi::c_char;

use zcrypto::batch::{BatchVerifier, Ed25519Rule, Item, Limits};
use zcrypto::{Algorithm, Error};

use crate::boundary::{algorithm, ffi_boundary, handle, handle_mut, slice, slice_mut, store, take};

/// Ed25519 / FROST items use the ZIP-215 rule (true batch verification; the default).
pub const ZC_BATCH_ED25519_ZIP215: i32 = 1;
/// Ed25519 / FROST items use the strict single-signature rule of `zc_sig_verify`.
pub const ZC_BATCH_ED25519_STRICT: i32 = 2;
const _: () = {
    assert!(ZC_BATCH_ED25519_ZIP215 == Ed25519Rule::Zip215 as i32);
    assert!(ZC_BATCH_ED25519_STRICT == Ed25519Rule::Strict as i32);
};

/// One item, owned.
struct Owned {
    alg: Algorithm,
    public_key: Vec<u8>,
    message: Vec<u8>,
    signature: Vec<u8>,
    context: Vec<u8>,
}

/// A batch of signatures to verify together. Create with `zc_batch_new`, free with
/// `zc_batch_free`. Not safe to use from two threads at once.
pub struct ZcBatch {
    rule: Ed25519Rule,
    items: Vec<Owned>,
    message_bytes: usize,
}

impl ZcBatch {
    /// The borrowing verifier over the owned items.
    fn verifier(&self) -> Result<BatchVerifier<'_>, Error> {
        let mut v = BatchVerifier::new().ed25519_rule(self.rule);
        for o in &self.items {
            v.push(
                Item::new(o.alg, &o.public_key, &o.message, &o.signature).with_context(&o.context),
            )?;
        }
        Ok(v)
    }
}

/// Creates an empty batch with an Ed25519 rule (`ZC_BATCH_ED25519_ZIP215` or
/// `ZC_BATCH_ED25519_STRICT`; another value is `ZC_ERR_UNSUPPORTED_ALGORITHM`) and the
/// default limits (100,000 items, 256 MiB of messages). On success `*out_batch` is set.
///
/// # Safety
/// `out_batch` is valid for a write (NULL is an error).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_batch_new(ed25519_rule: i32, out_batch: *mut *mut ZcBatch) -> i32 {
    ffi_boundary(|| {
        let rule = match ed25519_rule {
            ZC_BATCH_ED25519_ZIP215 => Ed25519Rule::Zip215,
            ZC_BATCH_ED25519_STRICT => Ed25519Rule::Strict,
            _ => return Err(Error::UnsupportedAlgorithm),
        };
        if out_batch.is_null() {
            return Err(Error::InvalidLength {
                expected: 0,
                got: 1,
            });
        }
        let b = Box::into_raw(Box::new(ZcBatch {
            rule,
            items: Vec::new(),
            message_bytes: 0,
        }));
        // SAFETY: non-NULL and valid for a write by the caller's guarantee.
        unsafe { store(out_batch, b) };
        Ok(())
    })
}

/// Adds one signature (any scheme `zc_sig_verify` takes, and `"frost-ed25519"` group
/// signatures), copying every input. Malformed keys and signatures are accepted here and
/// reported by the verification; an unknown or non-signature algorithm is refused now.
/// Past the limits: `ZC_ERR_LIMIT_EXCEEDED`, the batch unchanged.
///
/// # Safety
/// `batch` is a live handle not used concurrently; pointer/length pairs follow the
/// header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_batch_add(
    batch: *mut ZcBatch,
    alg: *const c_char,
    public_key: *const u8,
    public_key_len: usize,
    message: *const u8,
    message_len: usize,
    context: *const u8,
    context_len: usize,
    signature: *const u8,
    signature_len: usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let b = handle_mut(batch)?;
            let alg = algorithm(alg)?;
            if alg.kind() != zcrypto::Kind::Signature {
                return Err(Error::UnsupportedAlgorithm);
            }
            let message = slice(message, message_len)?;
            let limits = Limits::DEFAULT;
            let bytes = b
                .message_bytes
                .checked_add(message.len())
                .filter(|&n| n <= limits.max_message_bytes)
                .ok_or(Error::LimitExceeded)?;
            if b.items.len() >= limits.max_items {
                return Err(Error::LimitExceeded);
            }
            b.items.push(Owned {
                alg,
                public_key: slice(public_key, public_key_len)?.to_vec(),
                message: message.to_vec(),
                signature: slice(signature, signature_len)?.to_vec(),
                context: slice(context, context_len)?.to_vec(),
            });
            b.message_bytes = bytes;
        }
        Ok(())
    })
}

/// Stores the number of items in `*out_len`.
///
/// # Safety
/// `batch` is a live handle (NULL is an error); `out_len` is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_batch_len(batch: *const ZcBatch, out_len: *mut usize) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe { store(out_len, handle(batch)?.items.len()) };
        Ok(())
    })
}

/// `ZC_OK` if every item verifies (an empty batch does); otherwise the code of one bad
/// item (use `zc_batch_verify_each` to name them all). Fast path: no bisection.
///
/// # Safety
/// `batch` is a live handle (NULL is an error) not used concurrently.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_batch_verify_all(batch: *const ZcBatch) -> i32 {
    ffi_boundary(|| {
        // SAFETY: the caller guarantees a live handle.
        let b = unsafe { handle(batch) }?;
        b.verifier()?.verify_all()
    })
}

/// One status code per item, in the order they were added, into `out_codes` (room for
/// `out_codes_len` codes); `*out_written` = the number of items. Returns `ZC_OK` when the
/// codes were written (whatever they are; all `ZC_OK` exactly when `zc_batch_verify_all`
/// is), or `ZC_ERR_BUFFER_TOO_SMALL` with the item count in `*out_written`.
///
/// # Safety
/// `batch` is a live handle not used concurrently; `out_codes` is NULL (with length 0)
/// or valid for `out_codes_len` `int32_t` writes; `out_written` is NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_batch_verify_each(
    batch: *const ZcBatch,
    out_codes: *mut i32,
    out_codes_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let b = handle(batch)?;
            let n = b.items.len();
            if out_codes_len < n {
                store(out_written, n);
                return Err(Error::BufferTooSmall {
                    needed: n,
                    got: out_codes_len,
                });
            }
            let bytes = n.checked_mul(4).ok_or(Error::LimitExceeded)?;
            // Validate the output pointer before the work (NULL with n > 0 is an error).
            let out = slice_mut(out_codes.cast::<u8>(), bytes)?;
            let results = b.verifier()?.verify_each();
            for (chunk, r) in out.chunks_exact_mut(4).zip(&results) {
                let code = match r {
                    Ok(()) => crate::ZC_OK,
                    Err(e) => e.code() as i32,
                };
                chunk.copy_from_slice(&code.to_ne_bytes());
            }
            store(out_written, n);
        }
        Ok(())
    })
}

/// Frees a batch. `zc_batch_free(NULL)` does nothing.
///
/// # Safety
/// `batch` is NULL or a live handle from `zc_batch_new`, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_batch_free(batch: *mut ZcBatch) {
    ffi_boundary(|| {
        // SAFETY: NULL or a live handle from `Box::into_raw`, per the caller.
        drop(unsafe { take(batch) });
        Ok(())
    });
}
