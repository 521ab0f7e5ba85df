//! Merkle trees and proofs.
//!
//! * [`MerkleHash`]: SHA-256, Keccak-256 or BLAKE3, with RFC 9162 domain separation.

mod hash;
pub mod sparse;

pub use hash::{Blake3, Keccak256, MerkleHash, Node, Sha256};
