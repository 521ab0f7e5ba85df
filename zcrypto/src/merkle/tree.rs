//! The RFC 9162 Merkle Tree Hash over a list of leaves, kept level by level for proofs.

use core::marker::PhantomData;

use super::hash::{MerkleHash, Node};
use super::kernel;

/// A Merkle tree over a fixed list of leaves: RFC 9162 §2.1.1's Merkle Tree Hash.
///
/// The tree is *left-complete*: the leaves are split at the largest power of two
/// smaller than their number, and each half is hashed the same way. Built bottom-up,
/// that is the usual pairing of neighbours, except that an odd node at the end of a
/// level is **promoted** unchanged to the next level (never duplicated, which would let
/// two different leaf lists share a root). Leaves are hashed as `H(0x00 ‖ data)` and
/// interior nodes as `H(0x01 ‖ left ‖ right)`; the empty tree's root is `H("")`.
///
/// Every level is kept (about 2n nodes of 32 bytes) so the tree can answer
/// [inclusion](MerkleTree::inclusion_proof), [consistency](MerkleTree::consistency_proof)
/// and [multi-leaf](MerkleTree::multiproof) proofs. For just the root, the free function
/// [`root`] is faster and needs no memory; for an append-only log, see
/// [`IncrementalTree`](super::IncrementalTree).
///
/// ```
/// use zcrypto::merkle::{MerkleHash, MerkleTree, Sha256};
/// use zcrypto::encoding::to_hex;
///
/// // Certificate Transparency's test leaves: "" and 0x00.
/// let leaves: [&[u8]; 2] = [b"", &[0x00]];
/// let tree = MerkleTree::<Sha256>::from_leaves(&leaves);
/// assert_eq!(tree.len(), 2);
/// assert_eq!(
///     to_hex(&tree.root()),
///     "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"
/// );
/// // The same tree from precomputed leaf hashes, and with the root-only function.
/// let hashes = vec![Sha256::leaf(b""), Sha256::leaf(&[0x00])];
/// assert_eq!(MerkleTree::<Sha256>::from_leaf_hashes(hashes).root(), tree.root());
/// assert_eq!(zcrypto::merkle::root::<Sha256>(&leaves), tree.root());
/// // The empty tree's root is the hash of the empty string.
/// assert_eq!(MerkleTree::<Sha256>::from_leaves::<&[u8]>(&[]).root(), Sha256::empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerkleTree<H: MerkleHash> {
    /// `levels[0]` holds the leaf hashes; each next level pairs the previous one
    /// (promoting an odd last node); the last level holds the root alone. Empty for the
    /// empty tree.
    levels: Vec<Vec<Node>>,
    _hash: PhantomData<H>,
}

impl<H: MerkleHash> MerkleTree<H> {
    /// Builds the tree over raw leaf data, hashing each leaf as `H(0x00 ‖ data)`.
    /// Leaves and levels are hashed in parallel when the `std` feature is on.
    pub fn from_leaves<L: AsRef<[u8]> + Sync>(leaves: &[L]) -> Self {
        Self::from_leaf_hashes(crate::par::map(leaves, |l| kernel::leaf::<H>(l.as_ref())))
    }

    /// Builds the tree over leaf hashes computed by the caller (for example with
    /// [`MerkleHash::leaf`]); they are used as given.
    pub fn from_leaf_hashes(leaf_hashes: Vec<Node>) -> Self {
        let mut levels = Vec::new();
        if !leaf_hashes.is_empty() {
            levels.push(leaf_hashes);
            while let Some(last) = levels.last().filter(|l| l.len() > 1) {
                let next = next_level::<H>(last);
                levels.push(next);
            }
        }
        MerkleTree {
            levels,
            _hash: PhantomData,
        }
    }

    /// The number of leaves.
    pub fn len(&self) -> u64 {
        self.leaf_hashes().len() as u64
    }

    /// Whether the tree has no leaves.
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }

    /// The Merkle Tree Hash: the root, or `H("")` for the empty tree.
    pub fn root(&self) -> Node {
        self.levels
            .last()
            .and_then(|l| l.first())
            .copied()
            .unwrap_or_else(H::empty)
    }

    /// The leaf hashes, in order.
    pub fn leaf_hashes(&self) -> &[Node] {
        self.levels.first().map_or(&[], Vec::as_slice)
    }

    /// The hash of leaf `index`, if there is one.
    pub fn leaf_hash(&self, index: u64) -> Option<&Node> {
        self.leaf_hashes().get(usize::try_from(index).ok()?)
    }

    /// Level `level` (0 = leaves), if the tree is that tall.
    pub(crate) fn level(&self, level: usize) -> Option<&[Node]> {
        self.levels.get(level).map(Vec::as_slice)
    }

    /// The number of levels (0 for the empty tree, 1 for a single leaf).
    pub(crate) fn height(&self) -> usize {
        self.levels.len()
    }

    /// The Merkle Tree Hash of leaves `start .. start + size` (`size ≥ 1`), which must be
    /// an aligned complete subtree or end at the last leaf with `start` a multiple of
    /// the next power of two ≥ `size`: the only ranges RFC 9162's proofs ask for.
    pub(crate) fn subtree(&self, start: u64, size: u64) -> Option<Node> {
        let level = if size <= 1 {
            0
        } else {
            u64::BITS - (size - 1).leading_zeros()
        };
        let index = usize::try_from(start >> level).ok()?;
        self.levels.get(level as usize)?.get(index).copied()
    }
}

/// One level up: neighbours paired, an odd last node promoted.
fn next_level<H: MerkleHash>(level: &[Node]) -> Vec<Node> {
    fn pair<H: MerkleHash>(c: &[Node]) -> Node {
        match c {
            [l, r] => kernel::node::<H>(l, r),
            [x] => *x,
            _ => H::empty(), // chunks(2) yields only the two cases above
        }
    }
    #[cfg(feature = "std")]
    {
        use rayon::prelude::*;
        level.par_chunks(2).map(pair::<H>).collect()
    }
    #[cfg(not(feature = "std"))]
    {
        level.chunks(2).map(pair::<H>).collect()
    }
}

/// The RFC 9162 Merkle Tree Hash of raw leaves, without building the tree.
///
/// Equal to `MerkleTree::<H>::from_leaves(leaves).root()`, but it keeps only
/// O(log n) nodes per thread (no allocation at all), hashes leaves and subtrees in
/// parallel across cores (rayon, with the `std` feature), and uses a SHA-256 path
/// that feeds the compression function pre-padded blocks. This is the function to use
/// when only the root is needed.
///
/// ```
/// use zcrypto::merkle::{self, MerkleHash, Keccak256, Sha256};
/// let leaves: Vec<[u8; 32]> = (0u8..5).map(|i| [i; 32]).collect();
/// let root = merkle::root::<Sha256>(&leaves);
/// assert_eq!(root, merkle::MerkleTree::<Sha256>::from_leaves(&leaves).root());
/// assert_eq!(merkle::root::<Keccak256>(&[] as &[[u8; 32]]), Keccak256::empty());
/// ```
pub fn root<H: MerkleHash>(leaves: &[impl AsRef<[u8]> + Sync]) -> Node {
    root_of::<H, _>(leaves)
}

fn root_of<H: MerkleHash, L: AsRef<[u8]> + Sync>(leaves: &[L]) -> Node {
    if leaves.is_empty() {
        return H::empty();
    }
    kernel::subtree_root::<H, L, _, _>(
        leaves,
        &|l: &L| kernel::leaf::<H>(l.as_ref()),
        &kernel::sha256_leaf_states::<L>,
    )
}

/// [`root`] over leaf hashes the caller already computed (used as given).
///
/// ```
/// use zcrypto::merkle::{self, MerkleHash, Sha256};
/// let hashes = [Sha256::leaf(b"a"), Sha256::leaf(b"b")];
/// assert_eq!(merkle::root_from_leaf_hashes::<Sha256>(&hashes), Sha256::node(&hashes[0], &hashes[1]));
/// ```
pub fn root_from_leaf_hashes<H: MerkleHash>(leaf_hashes: &[Node]) -> Node {
    if leaf_hashes.is_empty() {
        return H::empty();
    }
    kernel::subtree_root::<H, Node, _, _>(
        leaf_hashes,
        &|h: &Node| *h,
        &|batch: &[Node], out: &mut [kernel::State]| {
            for (o, h) in out.iter_mut().zip(batch) {
                *o = kernel::to_state(h);
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::Sha256;

    /// RFC 9162 §2.1.1 written out recursively, as the reference.
    fn mth(leaves: &[Node]) -> Node {
        match leaves.len() {
            0 => Sha256::empty(),
            1 => leaves[0],
            n => {
                let k = kernel::split_point(n);
                Sha256::node(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    #[test]
    fn matches_recursive_definition() {
        for n in [
            0usize, 1, 2, 3, 4, 5, 7, 8, 9, 31, 33, 2047, 2048, 2049, 4097, 5000,
        ] {
            // Lengths 0..97: both sides of the one-block SHA-256 leaf fast path.
            let leaves: Vec<Vec<u8>> = (0..n).map(|i| vec![i as u8; i % 97]).collect();
            let hashes: Vec<Node> = leaves.iter().map(|l| Sha256::leaf(l)).collect();
            let want = mth(&hashes);
            let tree = MerkleTree::<Sha256>::from_leaves(&leaves);
            assert_eq!(tree.root(), want, "n = {n}");
            assert_eq!(root::<Sha256>(&leaves), want, "n = {n}");
            assert_eq!(root_from_leaf_hashes::<Sha256>(&hashes), want, "n = {n}");
            assert_eq!(tree.len(), n as u64);
        }
    }
}
