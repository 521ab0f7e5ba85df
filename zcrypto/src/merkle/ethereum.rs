//! Ethereum Merkle trees compatible with OpenZeppelin: the `@openzeppelin/merkle-tree`
//! JavaScript library's `StandardMerkleTree` and Solidity's `MerkleProof`.
//!
//! This is **not** RFC 9162 and has none of its domain separation; it exists so a Rust
//! service can build the trees, roots and proofs that Solidity contracts verify (airdrops,
//! allowlists, claims). The rules, exactly as the JavaScript library (v1.0.8,
//! `src/core.ts` and `src/hashes.ts`) implements them:
//!
//! * **Leaves**: `keccak256(keccak256(abi.encode(values...)))`, see [`leaf_hash`]. The
//!   caller supplies the ABI encoding (`abi.encode`, not `abi.encodePacked`) of each
//!   leaf's values; the double hash keeps a 64-byte leaf from being read as a node.
//! * **Nodes**: `keccak256(min(a, b) ‖ max(a, b))` on the byte strings (sorted pairs, no
//!   prefix), see [`node_hash`]; proofs therefore need no left/right bits.
//! * **Layout**: leaf hashes are sorted (stable, bytewise) and stored at the *end* of an
//!   array of `2n − 1` nodes in reverse order; node `i` has children `2i + 1` and
//!   `2i + 2`, and the root is node 0. For n that is not a power of two this is a
//!   different tree from RFC 9162's.
//!
//! Verification ([`verify`], [`process_multi_proof`]) follows OpenZeppelin Contracts'
//! `MerkleProof.verify` / `multiProofVerify` (v5), so a proof accepted here is accepted
//! on chain and vice versa.
//!
//! ```
//! use zcrypto::merkle::ethereum::{self, StandardMerkleTree};
//!
//! // abi.encode(address, uint256) for three claims.
//! let encode = |addr: u8, amount: u8| {
//!     let mut leaf = [0u8; 64];
//!     leaf[31] = addr;
//!     leaf[63] = amount;
//!     leaf
//! };
//! let leaves = [encode(1, 10), encode(2, 20), encode(3, 30)];
//! let tree = StandardMerkleTree::from_encoded_leaves(&leaves)?;
//! let root = tree.root();
//!
//! // What the contract would check for claim 1: MerkleProof.verify(proof, root, leaf).
//! let proof = tree.proof(1)?;
//! ethereum::verify(&proof, &root, &ethereum::leaf_hash(&leaves[1]))?;
//!
//! // Claims 0 and 2 at once: MerkleProof.multiProofVerify(proof, proofFlags, root, leaves).
//! let multi = tree.multiproof(&[0, 2])?;
//! ethereum::multi_proof_verify(&multi.proof, &multi.proof_flags, &root, &multi.leaves)?;
//! # Ok::<(), zcrypto::Error>(())
//! ```

use std::collections::VecDeque;

use super::hash::Node;
use crate::Error;

/// `keccak256(data)`.
fn keccak(parts: &[&[u8]]) -> Node {
    use sha3::Digest as _;
    let mut h = sha3::Keccak256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// A `StandardMerkleTree` leaf: `keccak256(keccak256(encoded))`, where `encoded` is
/// `abi.encode` of the leaf's values (the JavaScript library's `standardLeafHash`).
pub fn leaf_hash(encoded: &[u8]) -> Node {
    keccak(&[&keccak(&[encoded])])
}

/// OpenZeppelin's commutative node hash: `keccak256(min(a, b) ‖ max(a, b))`
/// (`Hashes.commutativeKeccak256` in Solidity, `standardNodeHash` in JavaScript).
pub fn node_hash(a: &Node, b: &Node) -> Node {
    if a <= b {
        keccak(&[a, b])
    } else {
        keccak(&[b, a])
    }
}

/// The root a single-leaf proof gives: `proof` folded into `leaf` with [`node_hash`]
/// (Solidity `MerkleProof.processProof`). An empty proof gives the leaf itself.
pub fn process_proof(leaf: &Node, proof: &[Node]) -> Node {
    proof.iter().fold(*leaf, |acc, p| node_hash(&acc, p))
}

/// Solidity `MerkleProof.verify(proof, root, leaf)`: [`Error::InvalidProof`] unless
/// [`process_proof`] gives `root`. `leaf` is the leaf *hash* (see [`leaf_hash`]).
pub fn verify(proof: &[Node], root: &Node, leaf: &Node) -> Result<(), Error> {
    if process_proof(leaf, proof) == *root {
        Ok(())
    } else {
        Err(Error::InvalidProof)
    }
}

/// Solidity `MerkleProof.processMultiProof(proof, proofFlags, leaves)`: the root that a
/// multiproof gives.
///
/// Each flag consumes one "working" node `a` (the next unused leaf, else the next
/// computed hash) and pairs it with another working node (flag `true`) or the next
/// `proof` node (flag `false`). Requires `leaves + proof = flags + 1` and every proof
/// node used. With no flags the root is the single leaf or, with no leaves, `proof[0]`.
///
/// Fails with [`Error::InvalidProof`] where the contract reverts, and also where it
/// would read a hash it has not computed yet (Solidity reads a zero word there; no
/// honest proof does that), so it never panics and never indexes out of bounds.
pub fn process_multi_proof(
    proof: &[Node],
    proof_flags: &[bool],
    leaves: &[Node],
) -> Result<Node, Error> {
    let total = leaves.len().checked_add(proof.len());
    if total != proof_flags.len().checked_add(1) {
        return Err(Error::InvalidProof);
    }
    let mut hashes: Vec<Node> = Vec::with_capacity(proof_flags.len());
    let (mut leaf_pos, mut hash_pos, mut proof_pos) = (0usize, 0usize, 0usize);
    let mut take_working = |hashes: &[Node]| -> Result<Node, Error> {
        if let Some(l) = leaves.get(leaf_pos) {
            leaf_pos += 1;
            Ok(*l)
        } else {
            let h = hashes.get(hash_pos).ok_or(Error::InvalidProof)?;
            hash_pos += 1;
            Ok(*h)
        }
    };
    for &flag in proof_flags {
        let a = take_working(&hashes)?;
        let b = if flag {
            take_working(&hashes)?
        } else {
            let p = proof.get(proof_pos).ok_or(Error::InvalidProof)?;
            proof_pos += 1;
            *p
        };
        hashes.push(node_hash(&a, &b));
    }
    if let Some(last) = hashes.last() {
        if proof_pos != proof.len() {
            return Err(Error::InvalidProof);
        }
        Ok(*last)
    } else {
        leaves
            .first()
            .or_else(|| proof.first())
            .copied()
            .ok_or(Error::InvalidProof)
    }
}

/// Solidity `MerkleProof.multiProofVerify(proof, proofFlags, root, leaves)`:
/// [`Error::InvalidProof`] unless [`process_multi_proof`] succeeds and gives `root`.
/// `leaves` are leaf hashes in the order the proof was made for (see [`MultiProof`]).
pub fn multi_proof_verify(
    proof: &[Node],
    proof_flags: &[bool],
    root: &Node,
    leaves: &[Node],
) -> Result<(), Error> {
    if process_multi_proof(proof, proof_flags, leaves)? == *root {
        Ok(())
    } else {
        Err(Error::InvalidProof)
    }
}

/// A multiproof in OpenZeppelin's format (the JavaScript library's `getMultiProof`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MultiProof {
    /// The proven leaf hashes, in the order the proof consumes them (by decreasing
    /// position in the tree array, as the JavaScript library returns them).
    pub leaves: Vec<Node>,
    /// For each of `leaves`, the index of the leaf in the list the tree was built from.
    pub leaf_indices: Vec<usize>,
    /// The sibling hashes the verifier cannot compute.
    pub proof: Vec<Node>,
    /// One flag per hash: `true` pairs two working nodes, `false` takes a proof node.
    pub proof_flags: Vec<bool>,
}

impl MultiProof {
    /// [`multi_proof_verify`] against `root`.
    pub fn verify(&self, root: &Node) -> Result<(), Error> {
        multi_proof_verify(&self.proof, &self.proof_flags, root, &self.leaves)
    }
}

/// `@openzeppelin/merkle-tree`'s `StandardMerkleTree`, byte for byte: same root, same
/// proofs, same multiproofs (see the [module documentation](self) for the rules).
///
/// Leaves are identified by their position in the list the tree was built from (the
/// JavaScript library's "value index"), not by their position in the sorted tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandardMerkleTree {
    /// The array form: node `i` has children `2i + 1` and `2i + 2`; leaves at the end.
    tree: Vec<Node>,
    /// `order[k]` is the value index of the `k`-th smallest leaf hash.
    order: Vec<usize>,
    /// `tree_index[v]` is where value `v`'s leaf sits in `tree`.
    tree_index: Vec<usize>,
}

impl StandardMerkleTree {
    /// Builds the tree from the `abi.encode`d leaf values, hashed with [`leaf_hash`].
    ///
    /// Fails with [`Error::InvalidLength`] for an empty list (the JavaScript library
    /// refuses it too: there is no empty `StandardMerkleTree`).
    pub fn from_encoded_leaves<L: AsRef<[u8]> + Sync>(encoded: &[L]) -> Result<Self, Error> {
        Self::from_leaf_hashes(&crate::par::map(encoded, |l| leaf_hash(l.as_ref())))
    }

    /// Builds the tree from leaf hashes computed by the caller (used as given).
    pub fn from_leaf_hashes(leaf_hashes: &[Node]) -> Result<Self, Error> {
        let n = leaf_hashes.len();
        if n == 0 {
            return Err(Error::InvalidLength {
                expected: 1,
                got: 0,
            });
        }
        let len = n.checked_mul(2).ok_or(Error::LimitExceeded)? - 1;
        let mut order: Vec<usize> = (0..n).collect();
        // Stable, like Array.prototype.sort: equal leaves keep their input order.
        order.sort_by(|&a, &b| leaf_hashes[a].cmp(&leaf_hashes[b]));
        let mut tree = vec![[0u8; 32]; len];
        let mut tree_index = vec![0usize; n];
        for (k, &v) in order.iter().enumerate() {
            tree[len - 1 - k] = leaf_hashes[v];
            tree_index[v] = len - 1 - k;
        }
        for i in (0..len - n).rev() {
            tree[i] = node_hash(&tree[2 * i + 1], &tree[2 * i + 2]);
        }
        Ok(StandardMerkleTree {
            tree,
            order,
            tree_index,
        })
    }

    /// The root (node 0).
    pub fn root(&self) -> Node {
        self.tree[0]
    }

    /// The number of leaves (at least 1).
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Always `false`: a `StandardMerkleTree` has at least one leaf.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The whole tree in array form, as the JavaScript library's `dump().tree`.
    pub fn tree(&self) -> &[Node] {
        &self.tree
    }

    /// Where leaf `value_index` sits in [`tree`](Self::tree) (`dump().values[i].treeIndex`).
    pub fn tree_index(&self, value_index: usize) -> Option<usize> {
        self.tree_index.get(value_index).copied()
    }

    /// The hash of leaf `value_index`.
    pub fn leaf_hash(&self, value_index: usize) -> Option<Node> {
        self.tree.get(self.tree_index(value_index)?).copied()
    }

    /// The proof for leaf `value_index` (JavaScript `getProof(i)`), for [`verify`].
    ///
    /// Fails with [`Error::LimitExceeded`] if `value_index ≥ len()`.
    pub fn proof(&self, value_index: usize) -> Result<Vec<Node>, Error> {
        let mut i = self.tree_index(value_index).ok_or(Error::LimitExceeded)?;
        let mut proof = Vec::new();
        while i > 0 {
            let sibling = if i % 2 == 1 { i + 1 } else { i - 1 };
            proof.push(*self.tree.get(sibling).ok_or(Error::Internal)?);
            i = (i - 1) / 2;
        }
        Ok(proof)
    }

    /// The multiproof for the leaves `value_indices` (JavaScript `getMultiProof`), for
    /// [`multi_proof_verify`]. The order of `value_indices` does not matter; the proof
    /// lists the leaves in the order it needs them ([`MultiProof::leaf_indices`]). An
    /// empty list gives the proof `[root]` with no flags, as in JavaScript.
    ///
    /// Fails with [`Error::LimitExceeded`] for an index `≥ len()` and with
    /// [`Error::InvalidProof`] for a repeated index.
    pub fn multiproof(&self, value_indices: &[usize]) -> Result<MultiProof, Error> {
        let mut indices = value_indices
            .iter()
            .map(|&v| self.tree_index(v).ok_or(Error::LimitExceeded))
            .collect::<Result<Vec<usize>, Error>>()?;
        indices.sort_unstable_by(|a, b| b.cmp(a));
        if indices.windows(2).any(|w| w[0] == w[1]) {
            return Err(Error::InvalidProof);
        }
        let mut stack: VecDeque<usize> = indices.iter().copied().collect();
        let mut proof = Vec::new();
        let mut proof_flags = Vec::new();
        while let Some(&j) = stack.front().filter(|&&j| j > 0) {
            stack.pop_front();
            let sibling = if j % 2 == 1 { j + 1 } else { j - 1 };
            if stack.front() == Some(&sibling) {
                proof_flags.push(true);
                stack.pop_front();
            } else {
                proof_flags.push(false);
                proof.push(*self.tree.get(sibling).ok_or(Error::Internal)?);
            }
            stack.push_back((j - 1) / 2);
        }
        if indices.is_empty() {
            proof.push(self.root());
        }
        let last = self.tree.len() - 1;
        Ok(MultiProof {
            leaves: indices.iter().map(|&i| self.tree[i]).collect(),
            leaf_indices: indices.iter().map(|&i| self.order[last - i]).collect(),
            proof,
            proof_flags,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proofs_verify_and_mutations_fail() {
        for n in 1usize..=17 {
            let leaves: Vec<[u8; 8]> = (0..n as u64).map(u64::to_be_bytes).collect();
            let tree = StandardMerkleTree::from_encoded_leaves(&leaves).unwrap();
            for (i, l) in leaves.iter().enumerate() {
                let proof = tree.proof(i).unwrap();
                verify(&proof, &tree.root(), &leaf_hash(l)).unwrap();
                assert!(verify(&proof, &tree.root(), &leaf_hash(b"x")).is_err());
            }
            for set in [
                vec![],
                vec![0],
                (0..n).collect::<Vec<_>>(),
                (0..n).step_by(3).collect(),
            ] {
                let mp = tree.multiproof(&set).unwrap();
                mp.verify(&tree.root()).unwrap();
                for (pos, &v) in mp.leaf_indices.iter().enumerate() {
                    assert_eq!(Some(mp.leaves[pos]), tree.leaf_hash(v));
                }
            }
            assert_eq!(tree.proof(n), Err(Error::LimitExceeded));
        }
    }

    #[test]
    fn malformed_multiproofs() {
        let x = [1u8; 32];
        assert!(process_multi_proof(&[], &[], &[]).is_err());
        assert!(process_multi_proof(&[], &[true], &[x]).is_err());
        assert!(process_multi_proof(&[x, x], &[true, false], &[x]).is_err());
        assert!(process_multi_proof(&[x], &[true, true], &[x, x]).is_err());
        assert!(process_multi_proof(&[x], &[false, true], &[x, x]).is_ok());
        assert_eq!(process_multi_proof(&[x], &[], &[]), Ok(x));
    }
}
