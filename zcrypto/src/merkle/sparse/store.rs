//! Where a sparse Merkle tree keeps its nodes: the [`NodeStore`] trait and the in-memory
//! [`MemoryStore`].

use std::collections::HashMap;

use super::Key;
use crate::Error;
use crate::merkle::{MerkleHash, Node};

/// A node of a sparse Merkle tree as a [`NodeStore`] keeps it, under its hash.
///
/// Empty subtrees are never stored (their hash is the fixed
/// [`EMPTY`](super::EMPTY) placeholder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredNode {
    /// An interior node: the hashes of its two children (either may be
    /// [`EMPTY`](super::EMPTY), never both). Its hash is `H::node(left, right)`.
    Internal {
        /// The hash of the left (bit 0) child.
        left: Node,
        /// The hash of the right (bit 1) child.
        right: Node,
    },
    /// A leaf: the only key in its subtree. Its hash is
    /// `H(0x00 ‖ key ‖ value_hash)` ([`leaf_hash`](super::leaf_hash)).
    Leaf {
        /// The 256-bit key.
        key: Key,
        /// `H(value)`, which the leaf hash commits to.
        value_hash: Node,
        /// The value itself, returned by [`get`](super::SparseMerkleTree::get).
        value: Vec<u8>,
    },
}

impl StoredNode {
    /// The hash this node is stored under.
    pub fn hash<H: MerkleHash>(&self) -> Node {
        match self {
            StoredNode::Internal { left, right } => H::node(left, right),
            StoredNode::Leaf {
                key, value_hash, ..
            } => super::leaf_hash::<H>(key, value_hash),
        }
    }

    /// A canonical byte encoding for persistent stores: `0x01 ‖ left ‖ right` (65 bytes)
    /// for an interior node, `0x00 ‖ key ‖ value_hash ‖ value` (65 bytes or more) for a
    /// leaf.
    pub fn encode(&self) -> Vec<u8> {
        match self {
            StoredNode::Internal { left, right } => [&[0x01][..], left, right].concat(),
            StoredNode::Leaf {
                key,
                value_hash,
                value,
            } => [&[0x00][..], key, value_hash, value].concat(),
        }
    }

    /// Decodes [`StoredNode::encode`]'s output. Fails with [`Error::InvalidEncoding`] on
    /// an unknown tag or a wrong length (an interior node must be exactly 65 bytes).
    ///
    /// A store should check, at least in debug builds, that a decoded node's
    /// [`StoredNode::hash`] is the hash it was looked up under.
    pub fn decode(bytes: &[u8]) -> Result<StoredNode, Error> {
        let (&tag, rest) = bytes.split_first().ok_or(Error::InvalidEncoding)?;
        if rest.len() < 64 {
            return Err(Error::InvalidEncoding);
        }
        let (a, rest) = rest.split_at(32);
        let (b, rest) = rest.split_at(32);
        let (a, b): (Node, Node) = (
            a.try_into().unwrap_or_default(),
            b.try_into().unwrap_or_default(),
        );
        match tag {
            0x01 if rest.is_empty() => Ok(StoredNode::Internal { left: a, right: b }),
            0x00 => Ok(StoredNode::Leaf {
                key: a,
                value_hash: b,
                value: rest.to_vec(),
            }),
            _ => Err(Error::InvalidEncoding),
        }
    }
}

/// Read access to content-addressed storage for the nodes of a
/// [`SparseMerkleTree`](super::SparseMerkleTree); [`NodeStore`] adds writing.
///
/// Nodes are written under their own hash and never change, so a store can hold many
/// versions of a tree at once: every root ever returned by
/// [`update`](super::SparseMerkleTree::update) stays openable as long as its nodes are
/// kept. The tree never deletes nodes; pruning old versions is the store's business
/// (e.g. reference counting, or copying the nodes reachable from the live roots).
///
/// Reading ([`get`](super::SparseMerkleTree::get), [`prove`](super::SparseMerkleTree::prove),
/// [`open`](super::SparseMerkleTree::open)) needs only a `NodeReader`: a `&store`, or a
/// database read transaction, is enough to read and prove against any stored root.
///
/// A persistent store (say a `redb` table `[u8; 32] → bytes`) implements both traits
/// with [`StoredNode::encode`] / [`StoredNode::decode`] and its own error type, which
/// must be able to carry a zcrypto [`Error`] (the tree reports a node it links to but
/// the store lacks as [`Error::Internal`]; [`StoredNode::decode`] reports a malformed one
/// as [`Error::InvalidEncoding`]). The tree trusts its store: it does not re-hash the
/// nodes it reads.
///
/// ```
/// use zcrypto::merkle::Node;
/// use zcrypto::merkle::sparse::{NodeReader, NodeStore, StoredNode};
///
/// #[derive(Debug)]
/// enum DbError { Io(String), Crypto(zcrypto::Error) }
/// impl From<zcrypto::Error> for DbError {
///     fn from(e: zcrypto::Error) -> Self { DbError::Crypto(e) }
/// }
///
/// /// Stands in for a database table.
/// struct Db(std::collections::BTreeMap<Node, Vec<u8>>);
///
/// impl NodeReader for Db {
///     type Error = DbError;
///     fn get(&self, hash: &Node) -> Result<Option<StoredNode>, DbError> {
///         match self.0.get(hash) {
///             Some(bytes) => Ok(Some(StoredNode::decode(bytes)?)),
///             None => Ok(None),
///         }
///     }
/// }
///
/// impl NodeStore for Db {
///     fn put(&mut self, hash: Node, node: StoredNode) -> Result<(), DbError> {
///         self.0.insert(hash, node.encode());
///         Ok(())
///     }
///     // A real database would override `put_batch` to write all nodes of an update
///     // in one transaction.
/// }
/// # let mut tree = zcrypto::merkle::sparse::SparseMerkleTree::<zcrypto::merkle::Sha256, _>::new(Db(Default::default()));
/// # tree.update([([1u8; 32], Some(b"one".to_vec()))])?;
/// # assert_eq!(tree.get(&[1u8; 32])?, Some(b"one".to_vec()));
/// # Ok::<(), DbError>(())
/// ```
pub trait NodeReader {
    /// The store's error; zcrypto's own errors convert into it.
    type Error: From<Error>;

    /// The node stored under `hash`, or `None` if there is none.
    fn get(&self, hash: &Node) -> Result<Option<StoredNode>, Self::Error>;
}

/// A [`NodeReader`] that can also write: what [`update`](super::SparseMerkleTree::update)
/// needs.
pub trait NodeStore: NodeReader {
    /// Stores `node` under `hash` (which is `node.hash::<H>()` for the tree's `H`).
    /// Writing the same node twice must be harmless.
    fn put(&mut self, hash: Node, node: StoredNode) -> Result<(), Self::Error>;

    /// Stores all nodes one update creates. The default calls [`NodeStore::put`] for
    /// each; a database should override it to write them atomically.
    fn put_batch(&mut self, nodes: Vec<(Node, StoredNode)>) -> Result<(), Self::Error> {
        for (hash, node) in nodes {
            self.put(hash, node)?;
        }
        Ok(())
    }
}

impl<S: NodeReader + ?Sized> NodeReader for &S {
    type Error = S::Error;

    fn get(&self, hash: &Node) -> Result<Option<StoredNode>, Self::Error> {
        (**self).get(hash)
    }
}

impl<S: NodeReader + ?Sized> NodeReader for &mut S {
    type Error = S::Error;

    fn get(&self, hash: &Node) -> Result<Option<StoredNode>, Self::Error> {
        (**self).get(hash)
    }
}

impl<S: NodeStore + ?Sized> NodeStore for &mut S {
    fn put(&mut self, hash: Node, node: StoredNode) -> Result<(), Self::Error> {
        (**self).put(hash, node)
    }

    fn put_batch(&mut self, nodes: Vec<(Node, StoredNode)>) -> Result<(), Self::Error> {
        (**self).put_batch(nodes)
    }
}

/// A [`NodeStore`] in a `HashMap`. It keeps every node ever written (so every past root
/// stays openable) and cannot fail.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    nodes: HashMap<Node, StoredNode>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of nodes stored.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the store holds no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

impl NodeReader for MemoryStore {
    type Error = Error;

    fn get(&self, hash: &Node) -> Result<Option<StoredNode>, Error> {
        Ok(self.nodes.get(hash).cloned())
    }
}

impl NodeStore for MemoryStore {
    fn put(&mut self, hash: Node, node: StoredNode) -> Result<(), Error> {
        self.nodes.insert(hash, node);
        Ok(())
    }

    fn put_batch(&mut self, nodes: Vec<(Node, StoredNode)>) -> Result<(), Error> {
        self.nodes.reserve(nodes.len());
        self.nodes.extend(nodes);
        Ok(())
    }
}
