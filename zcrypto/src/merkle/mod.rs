//! Merkle trees and proofs.
//!
//! A Merkle tree commits to a list of leaves with one 32-byte root, and proves facts
//! about the list with a few hashes each. Everything here except [`ethereum`] follows
//! **RFC 9162** (Certificate Transparency 2.0) §2.1, the format transparency logs
//! (CT, Sigstore/Rekor, Go's checksum database, transparency-dev) use, over the hash of
//! your choice:
//!
//! * [`MerkleHash`]: SHA-256 (RFC 9162's), Keccak-256 or BLAKE3, with RFC 9162 domain
//!   separation: leaves are `H(0x00 ‖ data)`, interior nodes `H(0x01 ‖ left ‖ right)`.
//! * [`MerkleTree`]: the Merkle Tree Hash of §2.1.1 over a list of leaves, kept in memory
//!   to answer proofs; [`root`] computes only the root, in parallel and without
//!   allocating.
//! * [`InclusionProof`] (§2.1.3): leaf *i* is in the tree with this root.
//! * [`ConsistencyProof`] (§2.1.4): the tree of the first *m* leaves is a prefix of the
//!   tree of *n* leaves; an append-only log has not rewritten its history.
//! * [`MultiProof`]: many leaves of one tree with a single proof that shares their
//!   common nodes (zcrypto's format, documented on the type).
//! * [`IncrementalTree`]: an append-only tree that keeps only O(log n) nodes and always
//!   has the same root as the full tree.
//! * [`sparse`]: a sparse Merkle tree over 256-bit keys (an authenticated key-value map,
//!   e.g. a VM's state root) with inclusion and non-inclusion proofs.
//! * [`ethereum`]: OpenZeppelin's `StandardMerkleTree` (Keccak-256, sorted pairs, double
//!   hashed ABI-encoded leaves), byte-compatible with `@openzeppelin/merkle-tree` and
//!   Solidity's `MerkleProof`.
//!
//! Verification never panics: malformed proofs (wrong lengths, an index beyond the
//! tree, more than 64 levels, truncated encodings) return [`Error::InvalidProof`],
//! [`Error::InvalidLength`] or [`Error::LimitExceeded`](crate::Error::LimitExceeded).
//!
//! ```
//! use zcrypto::merkle::{self, IncrementalTree, MerkleHash, MerkleTree, Sha256};
//!
//! let leaves = [b"alpha", b"bravo", b"charl", b"delta", b"echo!"];
//! let tree = MerkleTree::<Sha256>::from_leaves(&leaves);
//! let root = tree.root();
//! assert_eq!(merkle::root::<Sha256>(&leaves), root);
//!
//! // A client holding only `root` checks that "delta" is leaf 3.
//! let proof = tree.inclusion_proof(3)?;
//! proof.verify::<Sha256>(&Sha256::leaf(b"delta"), &root)?;
//!
//! // An auditor who saw the 2-leaf tree checks the log only appended since.
//! let old_root = merkle::root::<Sha256>(&leaves[..2]);
//! tree.consistency_proof(2)?.verify::<Sha256>(&old_root, &root)?;
//!
//! // A log that only appends needs no more than the frontier.
//! let mut log = IncrementalTree::<Sha256>::new();
//! leaves.iter().for_each(|l| log.push(*l));
//! assert_eq!(log.root(), root);
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! [`Error::InvalidProof`]: crate::Error::InvalidProof
//! [`Error::InvalidLength`]: crate::Error::InvalidLength

mod consistency;
pub mod ethereum;
mod hash;
mod inclusion;
mod incremental;
mod kernel;
mod multiproof;
pub mod sparse;
mod tree;

pub use consistency::{ConsistencyProof, MAX_CONSISTENCY_PATH_LEN};
pub use hash::{Blake3, Keccak256, MerkleHash, Node, Sha256};
pub use inclusion::{InclusionProof, MAX_PATH_LEN};
pub use incremental::IncrementalTree;
pub use multiproof::MultiProof;
pub use tree::{MerkleTree, root, root_from_leaf_hashes};
