//! Contiguous arrays (NumPy-style, row-major): hash every row, verify n fixed-size
//! signatures, Merkle root of n fixed-size leaves.
//!
//! An array of `n` items of `len` bytes is one buffer of `n × len` bytes (item `i` at
//! offset `i × len`). The sizes are multiplied with overflow checks: a product that does
//! not fit `size_t` (or `isize`) is `ZC_ERR_LIMIT_EXCEEDED`, before any pointer is read.
//! Large inputs are spread across cores (rayon); results do not depend on it.

use core::ffi::c_char;

use rayon::prelude::*;
use zcrypto::batch::{BatchVerifier, Ed25519Rule, Item, Limits};
use zcrypto::hash::HashAlg;
use zcrypto::merkle::{self, MerkleHash, Node};
use zcrypto::{Algorithm, Error};

use crate::boundary::{algorithm, ffi_boundary, output, slice, slice_mut, store};

/// The most items `zc_sig_verify_rows` takes in one call (the batch verifier's default
/// limit); more is `ZC_ERR_LIMIT_EXCEEDED`. Split larger arrays into several calls.
pub const ZC_ROWS_MAX_SIGNATURES: usize = 100_000;
/// The most message bytes (`n × msg_len`) `zc_sig_verify_rows` takes in one call
/// (256 MiB, the batch verifier's default limit); more is `ZC_ERR_LIMIT_EXCEEDED`.
pub const ZC_ROWS_MAX_MESSAGE_BYTES: usize = 256 << 20;
/// The most leaves `zc_merkle_root_rows` takes (2^24: the leaf hashes alone are 512 MiB);
/// more is `ZC_ERR_LIMIT_EXCEEDED`.
pub const ZC_ROWS_MAX_LEAVES: usize = 1 << 24;

const _: () = {
    assert!(ZC_ROWS_MAX_SIGNATURES == Limits::DEFAULT.max_items);
    assert!(ZC_ROWS_MAX_MESSAGE_BYTES == Limits::DEFAULT.max_message_bytes);
};

/// Inputs at least this large (in bytes) are hashed across cores.
const PARALLEL_BYTES: usize = 64 << 10;

/// `a × b` bytes, or [`Error::LimitExceeded`] if it overflows or exceeds `isize::MAX`.
fn product(a: usize, b: usize) -> Result<usize, Error> {
    a.checked_mul(b)
        .filter(|&n| n <= isize::MAX as usize)
        .ok_or(Error::LimitExceeded)
}

/// Checks a `(out, out_len, out_written)` triple for `needed` bytes and borrows exactly
/// `needed` bytes of it: too small is `ZC_ERR_BUFFER_TOO_SMALL` with `needed` stored in
/// `*out_written` and nothing else written.
///
/// # Safety
/// `out` is NULL or valid for `out_len` writable bytes; `out_written` is NULL or valid.
unsafe fn out_rows<'a>(
    out: *mut u8,
    out_len: usize,
    out_written: *mut usize,
    needed: usize,
) -> Result<&'a mut [u8], Error> {
    if out_len < needed {
        // SAFETY: the caller guarantees `out_written` is NULL or valid.
        unsafe { store(out_written, needed) };
        return Err(Error::BufferTooSmall {
            needed,
            got: out_len,
        });
    }
    // SAFETY: `out` is valid for `out_len >= needed` bytes (caller's guarantee).
    unsafe { slice_mut(out, needed) }
}

/// Hashes each of the `rows` rows of `row_len` bytes of `data` (row-major, `rows ×
/// row_len` bytes) into `out`: row `i`'s digest at offset `i × digest_len` (see
/// `zc_hash_len`), `*out_written` = `rows × digest_len`. Any hash of `zc_hash`. Large
/// inputs are hashed across cores. `rows × row_len` overflowing is
/// `ZC_ERR_LIMIT_EXCEEDED`; `out_len` below `rows × digest_len` is
/// `ZC_ERR_BUFFER_TOO_SMALL` with the needed size in `*out_written` (NULL, 0 asks it).
///
/// # Safety
/// `data` is NULL (when `rows × row_len` is 0) or valid for `rows × row_len` bytes; the
/// output triple follows the header's conventions and `out` overlaps no input.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hash_rows(
    alg: *const c_char,
    data: *const u8,
    rows: usize,
    row_len: usize,
    out: *mut u8,
    out_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let alg = HashAlg::try_from(algorithm(alg)?)?;
            let d = alg.output_len();
            let in_bytes = product(rows, row_len)?;
            let out_bytes = product(rows, d)?;
            let data = slice(data, in_bytes)?;
            let out = out_rows(out, out_len, out_written, out_bytes)?;
            if row_len == 0 {
                let empty = zcrypto::hash::hash(alg, &[]);
                out.chunks_exact_mut(d)
                    .for_each(|o| o.copy_from_slice(empty.as_bytes()));
            } else if in_bytes >= PARALLEL_BYTES && rows > 1 {
                // At least ~16 KiB of input per task.
                let min_rows = (16 << 10) / row_len + 1;
                data.par_chunks_exact(row_len)
                    .zip(out.par_chunks_exact_mut(d))
                    .with_min_len(min_rows)
                    .for_each(|(row, o)| {
                        o.copy_from_slice(zcrypto::hash::hash(alg, row).as_bytes())
                    });
            } else {
                data.chunks_exact(row_len)
                    .zip(out.chunks_exact_mut(d))
                    .for_each(|(row, o)| {
                        o.copy_from_slice(zcrypto::hash::hash(alg, row).as_bytes())
                    });
            }
            store(out_written, out_bytes);
        }
        Ok(())
    })
}

/// Checks `pk_len` and `sig_len` against the scheme (an ECDSA key may be compressed or
/// uncompressed).
fn check_lengths(alg: Algorithm, pk_len: usize, sig_len: usize) -> Result<(), Error> {
    let (_, pk, sig) = crate::sig::lengths(alg)?;
    let pk_ok = pk_len == pk
        || (alg == Algorithm::EcdsaSecp256k1
            && pk_len == crate::ZC_SECP256K1_UNCOMPRESSED_PUBLIC_KEY_LEN);
    if !pk_ok {
        return Err(Error::InvalidLength {
            expected: pk,
            got: pk_len,
        });
    }
    if sig_len != sig {
        return Err(Error::InvalidLength {
            expected: sig,
            got: sig_len,
        });
    }
    Ok(())
}

/// Verifies `n` signatures of one scheme given as three row-major arrays: item `i` is
/// public key `public_keys[i × pk_len ..]`, message `messages[i × msg_len ..]` and
/// signature `signatures[i × sig_len ..]` (empty contexts), writing one status per item
/// to `results[i]`: `ZC_OK` or that item's error (`ZC_ERR_INVALID_SIGNATURE`,
/// `ZC_ERR_INVALID_KEY`, ...), exactly what `zc_batch_verify_each` gives for them.
///
/// Returns `ZC_OK` if every item verifies, `ZC_ERR_INVALID_SIGNATURE` if at least one
/// does not; in both cases (and only then) `results` is written. Any other code is an
/// argument error with `results` untouched: an unknown (`ZC_ERR_UNKNOWN_ALGORITHM`) or
/// non-signature (`ZC_ERR_UNSUPPORTED_ALGORITHM`) scheme, `pk_len` or `sig_len` not the
/// scheme's (`ZC_ERR_INVALID_LENGTH`; secp256k1 ECDSA keys may be 33 or 65 bytes), NULL
/// arrays, or more than `ZC_ROWS_MAX_SIGNATURES` items or `ZC_ROWS_MAX_MESSAGE_BYTES`
/// message bytes (`ZC_ERR_LIMIT_EXCEEDED`).
///
/// The items go through zcrypto's batch verifier: Ed25519 rows are checked with one
/// randomised multiscalar multiplication under the ZIP-215 rule (as
/// `zc_batch_new(ZC_BATCH_ED25519_ZIP215, ...)`: it accepts every signature
/// `zc_sig_verify` accepts, and also small-order or non-canonical encodings that the
/// strict single rule refuses); BLS rows by randomised aggregation; other schemes one by
/// one, across cores. A batch with a bad item is bisected to name it.
///
/// # Safety
/// Each array is NULL (when its size is 0) or valid for its `n × len` bytes; `results`
/// is NULL (when `n` is 0) or valid for `n` `int32_t` writes and overlaps no input.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_sig_verify_rows(
    alg: *const c_char,
    public_keys: *const u8,
    pk_len: usize,
    messages: *const u8,
    msg_len: usize,
    signatures: *const u8,
    sig_len: usize,
    n: usize,
    results: *mut i32,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let alg = algorithm(alg)?;
            if alg.kind() != zcrypto::Kind::Signature {
                return Err(Error::UnsupportedAlgorithm);
            }
            check_lengths(alg, pk_len, sig_len)?;
            let msg_bytes = product(n, msg_len)?;
            if n > ZC_ROWS_MAX_SIGNATURES || msg_bytes > ZC_ROWS_MAX_MESSAGE_BYTES {
                return Err(Error::LimitExceeded);
            }
            let pks = slice(public_keys, product(n, pk_len)?)?;
            let msgs = slice(messages, msg_bytes)?;
            let sigs = slice(signatures, product(n, sig_len)?)?;
            // Validate the results pointer before the work (NULL with n > 0 is an error).
            let out = slice_mut(results.cast::<u8>(), product(n, size_of::<i32>())?)?;

            let mut batch = BatchVerifier::new().ed25519_rule(Ed25519Rule::Zip215);
            for i in 0..n {
                batch.push(Item::new(
                    alg,
                    &pks[i * pk_len..(i + 1) * pk_len],
                    &msgs[i * msg_len..(i + 1) * msg_len],
                    &sigs[i * sig_len..(i + 1) * sig_len],
                ))?;
            }
            // Fast path: one batch equation, no bisection. Only if it fails are the
            // items checked one by one (bisection) to name the bad ones.
            let all_ok = batch.verify_all().is_ok();
            let codes: Vec<i32> = if all_ok {
                vec![crate::ZC_OK; n]
            } else {
                batch
                    .verify_each()
                    .iter()
                    .map(|r| r.map_or_else(|e| e.code() as i32, |()| crate::ZC_OK))
                    .collect()
            };
            // Unaligned writes: the caller's alignment is not assumed.
            for (chunk, code) in out.chunks_exact_mut(size_of::<i32>()).zip(&codes) {
                chunk.copy_from_slice(&code.to_ne_bytes());
            }
            if codes.iter().all(|&c| c == crate::ZC_OK) {
                Ok(())
            } else {
                Err(Error::InvalidSignature)
            }
        }
    })
}

/// The RFC 9162 root (`H(0x00 ‖ leaf)` leaves, `H(0x01 ‖ l ‖ r)` nodes) of the `n`
/// leaves of `leaf_len` bytes each in `leaves` (row-major, `n × leaf_len` bytes), written
/// to `out_root` (`ZC_MERKLE_NODE_LEN` bytes); the same root as `zc_merkle_root` over
/// those leaves (the empty tree: the hash of the empty string). Hash names: `"sha256"`,
/// `"keccak256"`, `"blake3"`. More than `ZC_ROWS_MAX_LEAVES` leaves, or `n × leaf_len`
/// overflowing, is `ZC_ERR_LIMIT_EXCEEDED`. Leaves and levels are hashed across cores.
///
/// # Safety
/// `leaves` is NULL (when `n × leaf_len` is 0) or valid for `n × leaf_len` bytes; the
/// output triple follows the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_merkle_root_rows(
    alg: *const c_char,
    leaves: *const u8,
    n: usize,
    leaf_len: usize,
    out_root: *mut u8,
    out_root_len: usize,
    out_written: *mut usize,
) -> i32 {
    fn root<H: MerkleHash>(l: &[&[u8]]) -> Node {
        merkle::root::<H>(l)
    }
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let h = match algorithm(alg)? {
                Algorithm::Sha256 => Algorithm::Sha256,
                Algorithm::Keccak256 => Algorithm::Keccak256,
                Algorithm::Blake3 => Algorithm::Blake3,
                _ => return Err(Error::UnsupportedAlgorithm),
            };
            let bytes = product(n, leaf_len)?;
            if n > ZC_ROWS_MAX_LEAVES {
                return Err(Error::LimitExceeded);
            }
            let data = slice(leaves, bytes)?;
            // Answer a size query (or a too-small buffer) before hashing.
            if out_root_len < crate::ZC_MERKLE_NODE_LEN {
                return output(
                    out_root,
                    out_root_len,
                    out_written,
                    &[0; crate::ZC_MERKLE_NODE_LEN],
                );
            }
            let l: Vec<&[u8]> = (0..n)
                .map(|i| &data[i * leaf_len..(i + 1) * leaf_len])
                .collect();
            let r = match h {
                Algorithm::Sha256 => root::<merkle::Sha256>(&l),
                Algorithm::Keccak256 => root::<merkle::Keccak256>(&l),
                _ => root::<merkle::Blake3>(&l),
            };
            output(out_root, out_root_len, out_written, &r)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use zcrypto::sig::{Encoding, Signer, ed25519};

    #[test]
    fn hash_rows_matches_one_shot() {
        for (rows, row_len) in [(0usize, 5usize), (3, 0), (4, 7), (300, 1000)] {
            let data: Vec<u8> = (0..rows * row_len).map(|i| (i * 31 % 251) as u8).collect();
            for (name, alg) in [
                (c"sha256", HashAlg::Sha256),
                (c"blake2b-512", HashAlg::Blake2b512),
            ] {
                let d = alg.output_len();
                let mut out = vec![0xEEu8; rows * d + 1];
                let mut w = 0usize;
                // SAFETY: live locals of the stated lengths.
                let rc = unsafe {
                    zc_hash_rows(
                        name.as_ptr(),
                        data.as_ptr(),
                        rows,
                        row_len,
                        out.as_mut_ptr(),
                        out.len(),
                        &mut w,
                    )
                };
                assert_eq!((rc, w), (crate::ZC_OK, rows * d));
                for i in 0..rows {
                    let want = zcrypto::hash::hash(alg, &data[i * row_len..(i + 1) * row_len]);
                    assert_eq!(&out[i * d..(i + 1) * d], want.as_bytes());
                }
                assert_eq!(out[rows * d], 0xEE);
            }
        }
    }

    #[test]
    fn hash_rows_errors_leave_outputs() {
        let data = [1u8; 64];
        let mut out = [0xEEu8; 64];
        let mut w = 7usize;
        // SAFETY: live locals of the stated lengths, NULL only where allowed or refused.
        unsafe {
            // Size query.
            let rc = zc_hash_rows(
                c"sha256".as_ptr(),
                data.as_ptr(),
                2,
                32,
                core::ptr::null_mut(),
                0,
                &mut w,
            );
            assert_eq!((rc, w), (crate::ZC_ERR_BUFFER_TOO_SMALL, 64));
            // Too small: untouched.
            w = 7;
            let rc = zc_hash_rows(
                c"sha256".as_ptr(),
                data.as_ptr(),
                2,
                32,
                out.as_mut_ptr(),
                63,
                &mut w,
            );
            assert_eq!(
                (rc, w, out),
                (crate::ZC_ERR_BUFFER_TOO_SMALL, 64, [0xEE; 64])
            );
            w = 7;
            let rc = zc_hash_rows(
                c"md5".as_ptr(),
                data.as_ptr(),
                2,
                32,
                out.as_mut_ptr(),
                64,
                &mut w,
            );
            assert_eq!((rc, w), (crate::ZC_ERR_UNKNOWN_ALGORITHM, 7));
            let rc = zc_hash_rows(
                c"ed25519".as_ptr(),
                data.as_ptr(),
                2,
                32,
                out.as_mut_ptr(),
                64,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_ERR_UNSUPPORTED_ALGORITHM);
            // Overflowing sizes: refused before any pointer is read.
            let rc = zc_hash_rows(
                c"sha256".as_ptr(),
                data.as_ptr(),
                usize::MAX,
                2,
                out.as_mut_ptr(),
                64,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_ERR_LIMIT_EXCEEDED);
            let rc = zc_hash_rows(
                c"sha256".as_ptr(),
                data.as_ptr(),
                usize::MAX / 2,
                0,
                out.as_mut_ptr(),
                64,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_ERR_LIMIT_EXCEEDED);
            let rc = zc_hash_rows(
                c"sha256".as_ptr(),
                core::ptr::null(),
                2,
                32,
                out.as_mut_ptr(),
                64,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_ERR_INVALID_LENGTH);
            assert_eq!((out, w), ([0xEE; 64], 7));
        }
    }

    fn ed_rows(n: usize) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let (mut pks, mut msgs, mut sigs) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..n {
            let sk = ed25519::SigningKey::from_seed(&[i as u8 + 1; 32]).unwrap();
            let msg = [i as u8; 16];
            pks.extend(sk.verifying_key().to_bytes());
            sigs.extend(sk.sign(&msg).unwrap().to_bytes());
            msgs.extend(msg);
        }
        (pks, msgs, sigs)
    }

    /// Calls zc_sig_verify_rows on Ed25519 rows.
    fn verify(pks: &[u8], msgs: &[u8], sigs: &[u8], n: usize, results: &mut [i32]) -> i32 {
        // SAFETY: the vectors hold n rows each; results holds at least n codes.
        unsafe {
            zc_sig_verify_rows(
                c"ed25519".as_ptr(),
                pks.as_ptr(),
                32,
                msgs.as_ptr(),
                16,
                sigs.as_ptr(),
                64,
                n,
                results.as_mut_ptr(),
            )
        }
    }

    #[test]
    fn verify_rows_ed25519() {
        let n = 40;
        let (pks, mut msgs, mut sigs) = ed_rows(n);
        let mut results = vec![-1i32; n];
        assert_eq!(verify(&pks, &msgs, &sigs, n, &mut results), crate::ZC_OK);
        assert!(results.iter().all(|&c| c == 0));
        // Two bad items: a flipped message bit and a non-canonical s.
        msgs[3 * 16] ^= 1;
        sigs[17 * 64 + 63] = 0xFF;
        let mut results = vec![-1i32; n];
        assert_eq!(
            verify(&pks, &msgs, &sigs, n, &mut results),
            crate::ZC_ERR_INVALID_SIGNATURE
        );
        for (i, &c) in results.iter().enumerate() {
            let want = if i == 3 || i == 17 {
                crate::ZC_ERR_INVALID_SIGNATURE
            } else {
                0
            };
            assert_eq!(c, want, "item {i}");
        }
        // Empty.
        // SAFETY: NULL arrays with n = 0.
        let rc = unsafe {
            zc_sig_verify_rows(
                c"ed25519".as_ptr(),
                core::ptr::null(),
                32,
                core::ptr::null(),
                0,
                core::ptr::null(),
                64,
                0,
                core::ptr::null_mut(),
            )
        };
        assert_eq!(rc, crate::ZC_OK);
    }

    #[test]
    fn verify_rows_argument_errors_leave_results() {
        let (pks, msgs, sigs) = ed_rows(2);
        let mut results = [-1i32; 2];
        // SAFETY: the vectors hold 2 rows; NULL only where refused.
        unsafe {
            let call = |alg: &core::ffi::CStr, pk_len, sig_len, n, res: *mut i32| {
                zc_sig_verify_rows(
                    alg.as_ptr(),
                    pks.as_ptr(),
                    pk_len,
                    msgs.as_ptr(),
                    16,
                    sigs.as_ptr(),
                    sig_len,
                    n,
                    res,
                )
            };
            let r = results.as_mut_ptr();
            assert_eq!(call(c"rsa", 32, 64, 2, r), crate::ZC_ERR_UNKNOWN_ALGORITHM);
            assert_eq!(
                call(c"sha256", 32, 64, 2, r),
                crate::ZC_ERR_UNSUPPORTED_ALGORITHM
            );
            assert_eq!(call(c"ed25519", 31, 64, 2, r), crate::ZC_ERR_INVALID_LENGTH);
            assert_eq!(call(c"ed25519", 32, 65, 2, r), crate::ZC_ERR_INVALID_LENGTH);
            assert_eq!(
                call(c"ed25519", 32, 64, 2, core::ptr::null_mut()),
                crate::ZC_ERR_INVALID_LENGTH
            );
            assert_eq!(
                call(c"ed25519", 32, 64, ZC_ROWS_MAX_SIGNATURES + 1, r),
                crate::ZC_ERR_LIMIT_EXCEEDED
            );
            assert_eq!(
                call(c"ed25519", 32, 64, usize::MAX, r),
                crate::ZC_ERR_LIMIT_EXCEEDED
            );
        }
        assert_eq!(results, [-1, -1]);
    }

    #[test]
    fn verify_rows_other_schemes() {
        use zcrypto::sig::secp256k1::ecdsa;
        let n = 5;
        let (mut pks, mut msgs, mut sigs) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..n {
            let sk = ecdsa::SigningKey::from_seed(&[i as u8 + 1; 32]).unwrap();
            pks.extend(sk.verifying_key().to_uncompressed());
            sigs.extend(sk.sign(b"m").unwrap().to_bytes());
            msgs.push(b'm');
        }
        sigs[64 * 2] ^= 1;
        let mut results = vec![-1i32; n];
        // SAFETY: n rows each.
        let rc = unsafe {
            zc_sig_verify_rows(
                c"ecdsa-secp256k1".as_ptr(),
                pks.as_ptr(),
                65,
                msgs.as_ptr(),
                1,
                sigs.as_ptr(),
                64,
                n,
                results.as_mut_ptr(),
            )
        };
        assert_eq!(rc, crate::ZC_ERR_INVALID_SIGNATURE);
        assert_eq!(results, [0, 0, crate::ZC_ERR_INVALID_SIGNATURE, 0, 0]);
    }

    #[test]
    fn merkle_root_rows_matches_pointer_version() {
        for n in [0usize, 1, 2, 3, 7, 1000] {
            let data: Vec<u8> = (0..n * 32).map(|i| (i % 253) as u8).collect();
            let leaves: Vec<&[u8]> = data.chunks_exact(32).collect();
            let want = merkle::root::<merkle::Sha256>(&leaves);
            let mut out = [0u8; 32];
            let mut w = 0usize;
            // SAFETY: live locals of the stated lengths.
            let rc = unsafe {
                zc_merkle_root_rows(
                    c"sha256".as_ptr(),
                    data.as_ptr(),
                    n,
                    32,
                    out.as_mut_ptr(),
                    32,
                    &mut w,
                )
            };
            assert_eq!((rc, w, out), (crate::ZC_OK, 32, want), "n = {n}");
        }
        // Zero-length leaves, size query, errors.
        let mut out = [0xEEu8; 32];
        let mut w = 0usize;
        // SAFETY: NULL only with zero bytes, or refused.
        unsafe {
            let rc = zc_merkle_root_rows(
                c"keccak256".as_ptr(),
                core::ptr::null(),
                3,
                0,
                out.as_mut_ptr(),
                32,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_OK);
            assert_eq!(out, merkle::root::<merkle::Keccak256>(&[b"", b"", b""]));
            out = [0xEE; 32];
            let rc = zc_merkle_root_rows(
                c"sha256".as_ptr(),
                [0u8; 64].as_ptr(),
                2,
                32,
                core::ptr::null_mut(),
                0,
                &mut w,
            );
            assert_eq!((rc, w), (crate::ZC_ERR_BUFFER_TOO_SMALL, 32));
            let rc = zc_merkle_root_rows(
                c"sha512".as_ptr(),
                core::ptr::null(),
                0,
                0,
                out.as_mut_ptr(),
                32,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_ERR_UNSUPPORTED_ALGORITHM);
            let rc = zc_merkle_root_rows(
                c"sha256".as_ptr(),
                core::ptr::null(),
                ZC_ROWS_MAX_LEAVES + 1,
                0,
                out.as_mut_ptr(),
                32,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_ERR_LIMIT_EXCEEDED);
            let rc = zc_merkle_root_rows(
                c"sha256".as_ptr(),
                core::ptr::null(),
                usize::MAX,
                2,
                out.as_mut_ptr(),
                32,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_ERR_LIMIT_EXCEEDED);
            let rc = zc_merkle_root_rows(
                c"sha256".as_ptr(),
                core::ptr::null(),
                1,
                32,
                out.as_mut_ptr(),
                32,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_ERR_INVALID_LENGTH);
            assert_eq!(out, [0xEE; 32]);
        }
    }
}
