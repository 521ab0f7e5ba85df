//! A sparse Merkle tree over 256-bit keys: an authenticated key-value map (a VM's state
//! root) with inclusion and non-inclusion proofs.
//!
//! # Structure
//!
//! Conceptually a binary tree of depth 256 with one slot per key; a key's path is its
//! bits, most significant bit of byte 0 first, `0` = left. Stored and hashed is the
//! compressed form used by Diem/Aptos (the "Jellyfish"/Libra sparse Merkle tree):
//!
//! * an empty subtree has the fixed hash [`EMPTY`] (32 zero bytes);
//! * a subtree holding exactly one key is that key's leaf, placed where the subtree
//!   starts (as high as possible), with hash
//!   `leaf = H(0x00 ‖ key ‖ value_hash)` where `value_hash = H(value)`
//!   ([`leaf_hash`], [`value_hash`]);
//! * any other subtree is an interior node `H::node(left, right) = H(0x01 ‖ left ‖ right)`.
//!
//! The root is therefore a function of the set of (key, value) pairs alone: insertion
//! order, deletions (which collapse subtrees back into a leaf or [`EMPTY`]) and batching
//! do not change it. With `n` keys (hashed, so spread uniformly) a path is about
//! `log2 n` levels deep, and an [`update`](SparseMerkleTree::update) of `k` keys costs
//! `O(k log n)` hashes, reads and writes: each affected node is visited once.
//!
//! The tree commits to `H(value)`; the store keeps the value too, so
//! [`get`](SparseMerkleTree::get) returns it. Keys are taken as given: callers hash
//! their own keys (e.g. `keccak256(address ‖ slot)`) so that paths stay short.
//!
//! Nodes live in a content-addressed [`NodeStore`] ([`MemoryStore`] in memory, or a
//! database); every root an update returns stays openable with
//! [`SparseMerkleTree::open`].
//!
//! ```
//! use zcrypto::merkle::{Node, Sha256};
//! use zcrypto::merkle::sparse::{EMPTY, MemoryStore, SparseMerkleTree};
//!
//! let mut tree = SparseMerkleTree::<Sha256, _>::new(MemoryStore::new());
//! assert_eq!(tree.root(), EMPTY);
//! let r1 = tree.update([([1u8; 32], Some(b"a".to_vec())), ([2u8; 32], Some(b"b".to_vec()))])?;
//! let r2 = tree.update([([2u8; 32], None)])?; // delete
//! assert_eq!(tree.get(&[1u8; 32])?, Some(b"a".to_vec()));
//! assert_eq!(tree.get(&[2u8; 32])?, None);
//!
//! // History independence: the same map gives the same root however it was built.
//! let mut other = SparseMerkleTree::<Sha256, _>::new(MemoryStore::new());
//! assert_eq!(other.update([([1u8; 32], Some(b"a".to_vec()))])?, r2);
//!
//! // Old versions stay readable.
//! let old = SparseMerkleTree::<Sha256, _>::open(tree.store(), r1)?;
//! assert_eq!(old.get(&[2u8; 32])?, Some(b"b".to_vec()));
//! # Ok::<(), zcrypto::Error>(())
//! ```

mod proof;
mod store;

use core::marker::PhantomData;

pub use proof::SparseProof;
pub use store::{MemoryStore, NodeReader, NodeStore, StoredNode};

use crate::Error;
use crate::merkle::{MerkleHash, Node};

/// A 256-bit key (already hashed by the caller).
pub type Key = [u8; 32];

/// The hash of an empty subtree (and the root of the empty tree): 32 zero bytes.
pub const EMPTY: Node = [0u8; 32];

/// The number of levels below the root: one per key bit.
pub const MAX_DEPTH: usize = 256;

/// The hash a leaf commits to for `value`: `H(value)`.
pub fn value_hash<H: MerkleHash>(value: &[u8]) -> Node {
    H::hash(&[value])
}

/// The hash of the leaf for `key` with value hash `value_hash`: `H(0x00 ‖ key ‖ value_hash)`.
pub fn leaf_hash<H: MerkleHash>(key: &Key, value_hash: &Node) -> Node {
    H::hash(&[&[0x00], key, value_hash])
}

/// Bit `i` of `key`, most significant bit of byte 0 first (`true` = right).
#[inline]
pub(crate) fn bit(key: &Key, i: usize) -> bool {
    key[i / 8] & (0x80 >> (i % 8)) != 0
}

/// A sparse Merkle tree with hash `H` over the node store `S`, at one root.
///
/// Reading ([`get`](Self::get), [`prove`](Self::prove)) walks one path from the root;
/// [`update`](Self::update) writes the new nodes to the store and moves the tree to the
/// new root. Reading needs only a [`NodeReader`] (`&store` is one); updating needs a
/// [`NodeStore`] (`&mut store` is one, so several trees can share a store).
#[derive(Debug)]
pub struct SparseMerkleTree<H: MerkleHash, S: NodeReader> {
    store: S,
    root: Node,
    _hash: PhantomData<H>,
}

/// What a subtree became after an update.
#[derive(Clone, Copy)]
enum Sub {
    Empty,
    Leaf(Node),
    Internal(Node),
    /// Untouched by the update; kind not loaded.
    Unchanged(Node),
}

impl Sub {
    fn hash(self) -> Node {
        match self {
            Sub::Empty => EMPTY,
            Sub::Leaf(h) | Sub::Internal(h) | Sub::Unchanged(h) => h,
        }
    }
}

/// One key of a batch, after deduplication.
struct Op {
    key: Key,
    /// `Some((value_hash, value))` to set, `None` to delete.
    set: Option<(Node, Vec<u8>)>,
}

/// A leaf of a subtree being built.
struct Put<'a> {
    key: Key,
    value_hash: Node,
    /// `None`: the leaf is already in the store.
    value: Option<&'a [u8]>,
}

impl<H: MerkleHash, S: NodeReader> SparseMerkleTree<H, S> {
    /// The empty tree over `store`.
    pub fn new(store: S) -> Self {
        Self {
            store,
            root: EMPTY,
            _hash: PhantomData,
        }
    }

    /// The tree with root `root` in `store`. Fails with [`Error::Internal`] if `root` is
    /// neither [`EMPTY`] nor a node in the store.
    pub fn open(store: S, root: Node) -> Result<Self, S::Error> {
        if root != EMPTY && store.get(&root)?.is_none() {
            return Err(Error::Internal.into());
        }
        Ok(Self {
            store,
            root,
            _hash: PhantomData,
        })
    }

    /// The current root.
    pub fn root(&self) -> Node {
        self.root
    }

    /// The node store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Gives the node store back.
    pub fn into_store(self) -> S {
        self.store
    }

    fn load(&self, hash: &Node) -> Result<StoredNode, S::Error> {
        // A node the tree links to but the store lacks: the store is corrupt or
        // belongs to another tree.
        self.store.get(hash)?.ok_or_else(|| Error::Internal.into())
    }

    /// The value stored under `key`, if any.
    pub fn get(&self, key: &Key) -> Result<Option<Vec<u8>>, S::Error> {
        let mut node = self.root;
        for depth in 0..=MAX_DEPTH {
            if node == EMPTY {
                return Ok(None);
            }
            match self.load(&node)? {
                StoredNode::Leaf { key: k, value, .. } => {
                    return Ok((k == *key).then_some(value));
                }
                StoredNode::Internal { left, right } => {
                    if depth == MAX_DEPTH {
                        break;
                    }
                    node = if bit(key, depth) { right } else { left };
                }
            }
        }
        Err(Error::Internal.into())
    }

    /// A proof that `key` holds its current value, or that it is absent.
    pub fn prove(&self, key: &Key) -> Result<SparseProof, S::Error> {
        let mut node = self.root;
        let mut siblings = Vec::new();
        for depth in 0..=MAX_DEPTH {
            if node == EMPTY {
                return Ok(SparseProof {
                    siblings,
                    leaf: None,
                });
            }
            match self.load(&node)? {
                StoredNode::Leaf {
                    key: k, value_hash, ..
                } => {
                    return Ok(SparseProof {
                        siblings,
                        leaf: Some((k, value_hash)),
                    });
                }
                StoredNode::Internal { left, right } => {
                    if depth == MAX_DEPTH {
                        break;
                    }
                    let (next, sibling) = if bit(key, depth) {
                        (right, left)
                    } else {
                        (left, right)
                    };
                    siblings.push(sibling);
                    node = next;
                }
            }
        }
        Err(Error::Internal.into())
    }
}

impl<H: MerkleHash, S: NodeStore> SparseMerkleTree<H, S> {
    /// Sets (`Some(value)`) or deletes (`None`) every key in `batch` and returns the new
    /// root. If a key appears more than once, its last entry wins. Deleting an absent
    /// key does nothing.
    ///
    /// The batch is applied in one pass over the affected paths: each node on them is
    /// read, hashed and written at most once, and all new nodes go to the store in one
    /// [`NodeStore::put_batch`] at the end. On error the tree keeps its old root (a
    /// `put_batch` that fails half-way may leave some new nodes in the store; nothing
    /// refers to them, and content addressing makes a retry write them again harmlessly).
    ///
    /// Building a large subtree from scratch (e.g. the first batch) uses several threads
    /// with the `std` feature; reads and the rest of the update run on the calling thread.
    pub fn update<I>(&mut self, batch: I) -> Result<Node, S::Error>
    where
        I: IntoIterator<Item = (Key, Option<Vec<u8>>)>,
    {
        let mut entries: Vec<(Key, Option<Vec<u8>>)> = batch.into_iter().collect();
        // Stable sort, then keep the last entry of each key.
        entries.sort_by_key(|e| e.0);
        let mut deduped: Vec<(Key, Option<Vec<u8>>)> = Vec::with_capacity(entries.len());
        for e in entries {
            match deduped.last_mut() {
                Some(last) if last.0 == e.0 => *last = e,
                _ => deduped.push(e),
            }
        }
        let hash_value = |(_, v): &(Key, Option<Vec<u8>>)| v.as_deref().map(value_hash::<H>);
        // Threads only pay off for large batches.
        let hashes: Vec<Option<Node>> = if deduped.len() >= 256 {
            crate::par::map(&deduped, hash_value)
        } else {
            deduped.iter().map(hash_value).collect()
        };
        let ops: Vec<Op> = deduped
            .into_iter()
            .zip(hashes)
            .map(|((key, value), vh)| Op {
                key,
                set: value.zip(vh).map(|(v, h)| (h, v)),
            })
            .collect();
        let mut writes = Vec::new();
        let root = self
            .update_subtree(Sub::Unchanged(self.root), 0, &ops, &mut writes)?
            .hash();
        self.store.put_batch(writes)?;
        self.root = root;
        Ok(root)
    }

    /// Applies `ops` (sorted, distinct, all below this subtree's path) to the subtree
    /// `node` at `depth`.
    fn update_subtree(
        &self,
        node: Sub,
        depth: usize,
        ops: &[Op],
        writes: &mut Vec<(Node, StoredNode)>,
    ) -> Result<Sub, S::Error> {
        if ops.is_empty() {
            return Ok(match node {
                Sub::Unchanged(EMPTY) => Sub::Empty,
                other => other,
            });
        }
        let hash = node.hash();
        if hash == EMPTY {
            let puts: Vec<Put<'_>> = ops.iter().filter_map(Put::from_op).collect();
            return Ok(build::<H>(depth, &puts, writes)?);
        }
        match self.load(&hash)? {
            StoredNode::Leaf {
                key, value_hash, ..
            } => {
                // Merge the existing leaf into the batch (unless the batch sets or
                // deletes its key) and rebuild this subtree from the leaves.
                let at = ops.partition_point(|op| op.key < key);
                let overridden = ops.get(at).is_some_and(|op| op.key == key);
                let mut puts: Vec<Put<'_>> = Vec::with_capacity(ops.len() + 1);
                puts.extend(ops[..at].iter().filter_map(Put::from_op));
                if !overridden {
                    puts.push(Put {
                        key,
                        value_hash,
                        value: None,
                    });
                }
                puts.extend(ops[at..].iter().filter_map(Put::from_op));
                Ok(build::<H>(depth, &puts, writes)?)
            }
            StoredNode::Internal { left, right } => {
                if depth >= MAX_DEPTH {
                    return Err(Error::Internal.into());
                }
                let split = ops.partition_point(|op| !bit(&op.key, depth));
                let l =
                    self.update_subtree(Sub::Unchanged(left), depth + 1, &ops[..split], writes)?;
                let r =
                    self.update_subtree(Sub::Unchanged(right), depth + 1, &ops[split..], writes)?;
                if l.hash() == left && r.hash() == right {
                    return Ok(Sub::Internal(hash));
                }
                self.join(l, r, writes)
            }
        }
    }

    /// The subtree with children `l` and `r`: empty, a lifted leaf, or a new interior node.
    fn join(&self, l: Sub, r: Sub, writes: &mut Vec<(Node, StoredNode)>) -> Result<Sub, S::Error> {
        let only = match (l, r) {
            (Sub::Empty, Sub::Empty) => return Ok(Sub::Empty),
            (Sub::Empty, x) | (x, Sub::Empty) => Some(x),
            _ => None,
        };
        match only {
            Some(Sub::Leaf(h)) => return Ok(Sub::Leaf(h)),
            Some(Sub::Unchanged(h)) => {
                if let StoredNode::Leaf { .. } = self.load(&h)? {
                    return Ok(Sub::Leaf(h));
                }
            }
            _ => {}
        }
        let (left, right) = (l.hash(), r.hash());
        let hash = H::node(&left, &right);
        writes.push((hash, StoredNode::Internal { left, right }));
        Ok(Sub::Internal(hash))
    }
}

/// Below this many leaves a new subtree is built on the calling thread.
const PAR_BUILD_MIN: usize = 4096;

/// Builds the subtree at `depth` holding exactly the leaves `puts` (sorted, distinct, all
/// below the subtree's path), appending its new nodes to `writes`. Large subtrees are
/// built on several threads (`par::join`); the nodes and their order do not depend on it.
fn build<H: MerkleHash>(
    depth: usize,
    puts: &[Put<'_>],
    writes: &mut Vec<(Node, StoredNode)>,
) -> Result<Sub, Error> {
    match puts {
        [] => Ok(Sub::Empty),
        [p] => {
            let hash = leaf_hash::<H>(&p.key, &p.value_hash);
            if let Some(value) = p.value {
                writes.push((
                    hash,
                    StoredNode::Leaf {
                        key: p.key,
                        value_hash: p.value_hash,
                        value: value.to_vec(),
                    },
                ));
            }
            Ok(Sub::Leaf(hash))
        }
        _ => {
            // Distinct keys differ in some bit, so they split before depth 256.
            if depth >= MAX_DEPTH {
                return Err(Error::Internal);
            }
            let split = puts.partition_point(|p| !bit(&p.key, depth));
            let (lo, hi) = puts.split_at(split);
            let (l, r) = if puts.len() >= PAR_BUILD_MIN && !lo.is_empty() && !hi.is_empty() {
                let (mut wl, mut wr) = (Vec::new(), Vec::new());
                let (l, r) = crate::par::join(
                    || build::<H>(depth + 1, lo, &mut wl),
                    || build::<H>(depth + 1, hi, &mut wr),
                );
                writes.append(&mut wl);
                writes.append(&mut wr);
                (l?, r?)
            } else {
                (
                    build::<H>(depth + 1, lo, writes)?,
                    build::<H>(depth + 1, hi, writes)?,
                )
            };
            let (left, right) = (l.hash(), r.hash());
            let hash = H::node(&left, &right);
            writes.push((hash, StoredNode::Internal { left, right }));
            Ok(Sub::Internal(hash))
        }
    }
}

impl<'a> Put<'a> {
    fn from_op(op: &'a Op) -> Option<Self> {
        op.set.as_ref().map(|(value_hash, value)| Put {
            key: op.key,
            value_hash: *value_hash,
            value: Some(value),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::Sha256;

    #[test]
    fn bits_are_msb_first() {
        let mut k = [0u8; 32];
        k[0] = 0b1000_0001;
        k[31] = 1;
        assert!(bit(&k, 0));
        assert!(!bit(&k, 1));
        assert!(bit(&k, 7));
        assert!(!bit(&k, 8));
        assert!(bit(&k, 255));
    }

    #[test]
    fn structure_of_small_trees() {
        let left = [0x00; 32];
        let right = [0xff; 32];
        let (vl, vr) = (value_hash::<Sha256>(b"l"), value_hash::<Sha256>(b"r"));
        assert_eq!(vl, crate::hash::sha256(b"l"));
        let (ll, lr) = (
            leaf_hash::<Sha256>(&left, &vl),
            leaf_hash::<Sha256>(&right, &vr),
        );
        assert_eq!(ll, crate::hash::sha256(&[&[0u8][..], &left, &vl].concat()));
        let mut t = SparseMerkleTree::<Sha256, _>::new(MemoryStore::new());
        t.update([(right, Some(b"r".to_vec()))]).unwrap();
        assert_eq!(t.root(), lr);
        t.update([(left, Some(b"l".to_vec()))]).unwrap();
        // Keys split at bit 0: the root's children are the two leaves.
        assert_eq!(t.root(), Sha256::node(&ll, &lr));
        assert_eq!(t.store().len(), 3);
        // Two keys sharing their first bit (0) but not the second: one level of
        // padding with an empty right child.
        let mut near = [0u8; 32];
        near[0] = 0x40;
        let mut u = SparseMerkleTree::<Sha256, _>::new(MemoryStore::new());
        u.update([(left, Some(b"l".to_vec())), (near, Some(b"n".to_vec()))])
            .unwrap();
        let ln = leaf_hash::<Sha256>(&near, &value_hash::<Sha256>(b"n"));
        assert_eq!(u.root(), Sha256::node(&Sha256::node(&ll, &ln), &EMPTY));
        // Deleting one lifts the other back to the root.
        u.update([(near, None)]).unwrap();
        assert_eq!(u.root(), ll);
    }
}
