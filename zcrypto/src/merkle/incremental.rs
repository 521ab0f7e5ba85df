//! An append-only Merkle tree that keeps only its O(log n) frontier.

use core::marker::PhantomData;

use super::hash::{MerkleHash, Node};
use super::kernel;

/// An append-only RFC 9162 Merkle tree that stores only the *frontier*: the roots of
/// the complete subtrees the leaves so far decompose into, one per set bit of
/// [`len`](IncrementalTree::len), so at most 64 nodes (2 KiB) whatever the size.
///
/// [`push`](IncrementalTree::push) costs amortised two hashes and
/// [`root`](IncrementalTree::root) at most 63; after any number of pushes the root
/// equals [`MerkleTree`](super::MerkleTree)'s over the same leaves. This is what a
/// transparency log, a deposit contract or a witness keeps to follow a growing log
/// without storing it. (It cannot produce proofs: that needs the leaves.)
///
/// ```
/// use zcrypto::merkle::{IncrementalTree, MerkleTree, Sha256};
///
/// let mut log = IncrementalTree::<Sha256>::new();
/// let mut leaves = Vec::new();
/// for i in 0u32..100 {
///     let leaf = i.to_be_bytes();
///     log.push(&leaf);
///     leaves.push(leaf);
///     assert_eq!(log.root(), MerkleTree::<Sha256>::from_leaves(&leaves).root());
/// }
/// assert_eq!(log.len(), 100);
/// assert_eq!(log.frontier().len(), 3); // 100 = 64 + 32 + 4
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncrementalTree<H: MerkleHash> {
    len: u64,
    /// Roots of the complete subtrees, largest (leftmost) first.
    frontier: Vec<Node>,
    _hash: PhantomData<H>,
}

impl<H: MerkleHash> Default for IncrementalTree<H> {
    fn default() -> Self {
        Self::new()
    }
}

impl<H: MerkleHash> IncrementalTree<H> {
    /// The empty tree.
    pub fn new() -> Self {
        IncrementalTree {
            len: 0,
            frontier: Vec::with_capacity(8),
            _hash: PhantomData,
        }
    }

    /// Appends a leaf, hashed as `H(0x00 ‖ data)`.
    pub fn push(&mut self, data: &[u8]) {
        self.push_leaf_hash(kernel::leaf::<H>(data));
    }

    /// Appends a leaf hash computed by the caller (used as given).
    ///
    /// # Panics
    ///
    /// After 2^64 − 1 leaves (the size no longer fits a `u64`).
    pub fn push_leaf_hash(&mut self, leaf_hash: Node) {
        let mut h = leaf_hash;
        let mut n = self.len;
        // Each trailing 1 bit of the old size is a complete subtree of the same height
        // as `h`: merge them, exactly like binary addition carries.
        while n & 1 == 1 {
            match self.frontier.pop() {
                Some(left) => h = kernel::node::<H>(&left, &h),
                None => break,
            }
            n >>= 1;
        }
        self.frontier.push(h);
        self.len = self
            .len
            .checked_add(1)
            .expect("Merkle tree size overflows u64");
    }

    /// The number of leaves pushed.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether no leaf has been pushed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The Merkle Tree Hash of the leaves so far (`H("")` when empty).
    pub fn root(&self) -> Node {
        let Some((last, rest)) = self.frontier.split_last() else {
            return H::empty();
        };
        rest.iter()
            .rev()
            .fold(*last, |acc, left| kernel::node::<H>(left, &acc))
    }

    /// The frontier: the roots of the complete subtrees of sizes given by the set bits
    /// of `len()`, largest first.
    pub fn frontier(&self) -> &[Node] {
        &self.frontier
    }
}
