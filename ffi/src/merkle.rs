//! Merkle trees (RFC 9162): roots, inclusion paths and their verification.
//!
//! Leaves are passed as two parallel arrays: `leaves[i]` points to leaf `i`'s bytes and
//! `leaf_lens[i]` is its length (`leaves[i]` may be NULL when `leaf_lens[i]` is 0); both
//! arrays have `count` entries (they may be NULL when `count` is 0). Leaf `i` is hashed
//! as `H(0x00 ‖ leaf)` and interior nodes as `H(0x01 ‖ left ‖ right)`. Hash names:
//! `"sha256"` (RFC 9162's), `"keccak256"`, `"blake3"`.

use core::ffi::c_char;

use zcrypto::merkle::{self, InclusionProof, MerkleHash, MerkleTree, Node};
use zcrypto::{Algorithm, Error};

use crate::boundary::{algorithm, array, ffi_boundary, output, slice};

/// The length of every Merkle node and root.
pub const ZC_MERKLE_NODE_LEN: usize = 32;

/// The hash functions Merkle trees are built with.
#[derive(Clone, Copy)]
enum Hash {
    Sha256,
    Keccak256,
    Blake3,
}

/// Parses a Merkle hash name.
///
/// # Safety
/// `alg` is NULL or NUL-terminated.
unsafe fn hash(alg: *const c_char) -> Result<Hash, Error> {
    // SAFETY: forwarded from the caller.
    match unsafe { algorithm(alg) }? {
        Algorithm::Sha256 => Ok(Hash::Sha256),
        Algorithm::Keccak256 => Ok(Hash::Keccak256),
        Algorithm::Blake3 => Ok(Hash::Blake3),
        _ => Err(Error::UnsupportedAlgorithm),
    }
}

/// Runs `$f::<H>($args)` for the hash `$h`.
macro_rules! with_hash {
    ($h:expr, $f:ident($($arg:expr),*)) => {
        match $h {
            Hash::Sha256 => $f::<merkle::Sha256>($($arg),*),
            Hash::Keccak256 => $f::<merkle::Keccak256>($($arg),*),
            Hash::Blake3 => $f::<merkle::Blake3>($($arg),*),
        }
    };
}

/// Borrows the leaf arrays.
///
/// # Safety
/// `leaves` and `leaf_lens` are NULL (with `count` 0) or valid for `count` reads, and
/// each `leaves[i]` is valid for `leaf_lens[i]` bytes (or NULL with length 0).
unsafe fn leaves<'a>(
    leaves: *const *const u8,
    leaf_lens: *const usize,
    count: usize,
) -> Result<Vec<&'a [u8]>, Error> {
    let bytes = count
        .checked_mul(size_of::<usize>())
        .ok_or(Error::LimitExceeded)?;
    // The arrays are validated as byte ranges (NULL only with count 0), then read element
    // by element (unaligned reads: the C side's alignment is not assumed).
    // SAFETY: the caller guarantees both arrays hold `count` elements.
    unsafe {
        slice(leaves.cast::<u8>(), bytes)?;
        slice(leaf_lens.cast::<u8>(), bytes)?;
        (0..count)
            .map(|i| {
                slice(
                    leaves.add(i).read_unaligned(),
                    leaf_lens.add(i).read_unaligned(),
                )
            })
            .collect()
    }
}

/// The RFC 9162 root of `count` leaves (the empty tree: the hash of the empty string).
///
/// # Safety
/// The leaf arrays follow the module rules; the output triple the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_merkle_root(
    alg: *const c_char,
    leaves_ptr: *const *const u8,
    leaf_lens: *const usize,
    count: usize,
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
            let h = hash(alg)?;
            let l = leaves(leaves_ptr, leaf_lens, count)?;
            let r = with_hash!(h, root(&l));
            output(out_root, out_root_len, out_written, &r)
        }
    })
}

/// The RFC 9162 inclusion path of leaf `index` (0-based) in the tree of `count` leaves:
/// the sibling nodes from the leaf upwards, concatenated (32 bytes each, at most 64
/// nodes; `*out_written` / 32 of them). `index >= count` is `ZC_ERR_LIMIT_EXCEEDED`.
///
/// # Safety
/// The leaf arrays follow the module rules; the output triple the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_merkle_inclusion_path(
    alg: *const c_char,
    leaves_ptr: *const *const u8,
    leaf_lens: *const usize,
    count: usize,
    index: u64,
    out_path: *mut u8,
    out_path_len: usize,
    out_written: *mut usize,
) -> i32 {
    fn path<H: MerkleHash>(l: &[&[u8]], index: u64) -> Result<Vec<u8>, Error> {
        let proof = MerkleTree::<H>::from_leaves(l).inclusion_proof(index)?;
        Ok(proof.path.concat())
    }
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let h = hash(alg)?;
            let l = leaves(leaves_ptr, leaf_lens, count)?;
            let p = with_hash!(h, path(&l, index))?;
            output(out_path, out_path_len, out_written, &p)
        }
    })
}

/// Verifies that `leaf` (its bytes, not its hash) is leaf `index` of the tree of
/// `tree_size` leaves with the 32-byte `root`, given the inclusion path (`path_len` a
/// multiple of 32; at most 64 nodes, else `ZC_ERR_LIMIT_EXCEEDED`). Any failure is
/// `ZC_ERR_INVALID_PROOF` (a wrong-length root or path: `ZC_ERR_INVALID_LENGTH`).
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_merkle_verify_inclusion(
    alg: *const c_char,
    leaf: *const u8,
    leaf_len: usize,
    index: u64,
    tree_size: u64,
    path: *const u8,
    path_len: usize,
    root: *const u8,
    root_len: usize,
) -> i32 {
    fn verify<H: MerkleHash>(
        leaf: &[u8],
        proof: &InclusionProof,
        root: &Node,
    ) -> Result<(), Error> {
        proof.verify::<H>(&H::leaf(leaf), root)
    }
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let h = hash(alg)?;
            let leaf = slice(leaf, leaf_len)?;
            let path = slice(path, path_len)?;
            if !path.len().is_multiple_of(ZC_MERKLE_NODE_LEN) {
                return Err(Error::InvalidLength {
                    expected: path.len().next_multiple_of(ZC_MERKLE_NODE_LEN),
                    got: path.len(),
                });
            }
            if path.len() / ZC_MERKLE_NODE_LEN > merkle::MAX_PATH_LEN {
                return Err(Error::LimitExceeded);
            }
            let root = array::<ZC_MERKLE_NODE_LEN>(slice(root, root_len)?)?;
            let proof = InclusionProof {
                index,
                tree_size,
                path: path
                    .chunks_exact(ZC_MERKLE_NODE_LEN)
                    .map(array::<ZC_MERKLE_NODE_LEN>)
                    .collect::<Result<_, _>>()?,
            };
            with_hash!(h, verify(leaf, &proof, &root))
        }
    })
}
