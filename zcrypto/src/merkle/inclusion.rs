//! Inclusion proofs (RFC 9162 §2.1.3): evidence that one leaf is in a tree with a
//! given root.

use super::hash::{MerkleHash, Node};
use super::tree::MerkleTree;
use crate::Error;

/// The most path nodes a proof may carry: a tree of at most 2^64 − 1 leaves is at most
/// 64 levels deep.
pub const MAX_PATH_LEN: usize = 64;

/// The fixed part of the byte encoding: index, tree size and the path length.
const HEADER_LEN: usize = 8 + 8 + 1;

/// An RFC 9162 inclusion proof: the audit path from leaf `index` to the root of a tree
/// of `tree_size` leaves.
///
/// `path` lists the sibling subtree roots from the leaf upwards (RFC 9162 §2.1.3.1,
/// `PATH(m, D[n])`); levels where the node was promoted have no sibling and contribute
/// nothing, so the path has between 0 and 64 nodes.
///
/// # Byte encoding
///
/// `index` (8 bytes, big-endian) ‖ `tree_size` (8 bytes, big-endian) ‖ number of path
/// nodes (1 byte, at most 64) ‖ the path nodes (32 bytes each). [`from_bytes`] accepts
/// exactly that length and nothing else; [`to_hex`]/[`from_hex`] are the same in hex.
///
/// [`from_bytes`]: InclusionProof::from_bytes
/// [`to_hex`]: InclusionProof::to_hex
/// [`from_hex`]: InclusionProof::from_hex
///
/// ```
/// use zcrypto::merkle::{InclusionProof, MerkleHash, MerkleTree, Sha256};
///
/// let leaves = [b"a", b"b", b"c", b"d", b"e"];
/// let tree = MerkleTree::<Sha256>::from_leaves(&leaves);
/// let proof = tree.inclusion_proof(2)?;
/// assert_eq!((proof.index, proof.tree_size, proof.path.len()), (2, 5, 3));
/// proof.verify::<Sha256>(&Sha256::leaf(b"c"), &tree.root())?;
///
/// // The proof travels as bytes or hex; decoding checks every length.
/// let decoded = InclusionProof::from_hex(&proof.to_hex())?;
/// assert_eq!(decoded, proof);
/// assert!(decoded.verify::<Sha256>(&Sha256::leaf(b"x"), &tree.root()).is_err());
/// assert!(InclusionProof::from_bytes(&proof.to_bytes()[..40]).is_err());
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InclusionProof {
    /// The 0-based index of the proven leaf.
    pub index: u64,
    /// The number of leaves in the tree the proof is for.
    pub tree_size: u64,
    /// The sibling hashes from the leaf up to the root.
    pub path: Vec<Node>,
}

impl InclusionProof {
    /// The root this proof gives for `leaf_hash` (RFC 9162 §2.1.3.2 steps 1–4).
    ///
    /// Fails with [`Error::LimitExceeded`] if the path has more than
    /// [`MAX_PATH_LEN`] nodes and with [`Error::InvalidProof`] if `index ≥ tree_size`
    /// or the path has the wrong length for `index` and `tree_size`.
    pub fn root<H: MerkleHash>(&self, leaf_hash: &Node) -> Result<Node, Error> {
        if self.path.len() > MAX_PATH_LEN {
            return Err(Error::LimitExceeded);
        }
        if self.index >= self.tree_size {
            return Err(Error::InvalidProof);
        }
        let mut fnode = self.index;
        let mut snode = self.tree_size - 1;
        let mut r = *leaf_hash;
        for p in &self.path {
            if snode == 0 {
                return Err(Error::InvalidProof);
            }
            if fnode & 1 == 1 || fnode == snode {
                r = H::node(p, &r);
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            } else {
                r = H::node(&r, p);
            }
            fnode >>= 1;
            snode >>= 1;
        }
        if snode != 0 {
            return Err(Error::InvalidProof);
        }
        Ok(r)
    }

    /// Verifies that `leaf_hash` is leaf `index` of the tree of `tree_size` leaves with
    /// root `root` (RFC 9162 §2.1.3.2). Any failure, including a malformed proof, is
    /// [`Error::InvalidProof`] (or [`Error::LimitExceeded`] for a path over 64 nodes).
    pub fn verify<H: MerkleHash>(&self, leaf_hash: &Node, root: &Node) -> Result<(), Error> {
        if self.root::<H>(leaf_hash)? == *root {
            Ok(())
        } else {
            Err(Error::InvalidProof)
        }
    }

    /// The byte encoding (see the type's documentation).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + 32 * self.path.len());
        out.extend_from_slice(&self.index.to_be_bytes());
        out.extend_from_slice(&self.tree_size.to_be_bytes());
        out.push(u8::try_from(self.path.len()).unwrap_or(u8::MAX));
        for n in &self.path {
            out.extend_from_slice(n);
        }
        out
    }

    /// Decodes [`to_bytes`](Self::to_bytes)'s output.
    ///
    /// Fails with [`Error::InvalidLength`] unless `bytes` is exactly as long as its
    /// header says, with [`Error::LimitExceeded`] for more than 64 path nodes and with
    /// [`Error::InvalidProof`] if `index ≥ tree_size`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let (index, tree_size, count, rest) = parse_header(bytes)?;
        if count > MAX_PATH_LEN {
            return Err(Error::LimitExceeded);
        }
        Error::check_len(HEADER_LEN + 32 * count, bytes.len())?;
        if index >= tree_size {
            return Err(Error::InvalidProof);
        }
        Ok(InclusionProof {
            index,
            tree_size,
            path: nodes(rest),
        })
    }

    /// The byte encoding as lowercase hex.
    pub fn to_hex(&self) -> String {
        crate::encoding::to_hex(&self.to_bytes())
    }

    /// Decodes [`to_hex`](Self::to_hex)'s output ([`Error::InvalidEncoding`] for bad hex).
    pub fn from_hex(s: &str) -> Result<Self, Error> {
        Self::from_bytes(&crate::encoding::from_hex(s)?)
    }
}

/// Splits `u64 ‖ u64 ‖ u8 ‖ rest`.
pub(crate) fn parse_header(bytes: &[u8]) -> Result<(u64, u64, usize, &[u8]), Error> {
    let Some((head, rest)) = bytes.split_first_chunk::<HEADER_LEN>() else {
        return Err(Error::InvalidLength {
            expected: HEADER_LEN,
            got: bytes.len(),
        });
    };
    let (a, tail) = head.split_first_chunk::<8>().ok_or(Error::Internal)?;
    let (b, c) = tail.split_first_chunk::<8>().ok_or(Error::Internal)?;
    let count = c.first().copied().ok_or(Error::Internal)?;
    Ok((
        u64::from_be_bytes(*a),
        u64::from_be_bytes(*b),
        usize::from(count),
        rest,
    ))
}

/// 32-byte nodes from a slice whose length the caller checked is a multiple of 32.
pub(crate) fn nodes(bytes: &[u8]) -> Vec<Node> {
    bytes
        .chunks_exact(32)
        .filter_map(|c| <Node>::try_from(c).ok())
        .collect()
}

impl<H: MerkleHash> MerkleTree<H> {
    /// The inclusion proof for leaf `index` (RFC 9162 §2.1.3.1); see [`InclusionProof`].
    ///
    /// Fails with [`Error::LimitExceeded`] if `index ≥ len()`.
    pub fn inclusion_proof(&self, index: u64) -> Result<InclusionProof, Error> {
        if index >= self.len() {
            return Err(Error::LimitExceeded);
        }
        let mut path = Vec::new();
        let mut i = index;
        for level in 0..self.height().saturating_sub(1) {
            let nodes = self.level(level).ok_or(Error::Internal)?;
            let sibling = usize::try_from(i ^ 1).map_err(|_| Error::Internal)?;
            if let Some(s) = nodes.get(sibling) {
                path.push(*s);
            }
            i >>= 1;
        }
        Ok(InclusionProof {
            index,
            tree_size: self.len(),
            path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::Sha256;

    #[test]
    fn every_leaf_of_small_trees() {
        for n in 1u8..=20 {
            let leaves: Vec<[u8; 1]> = (0..n).map(|i| [i]).collect();
            let tree = MerkleTree::<Sha256>::from_leaves(&leaves);
            for i in 0..n {
                let p = tree.inclusion_proof(u64::from(i)).unwrap();
                p.verify::<Sha256>(&Sha256::leaf(&[i]), &tree.root())
                    .unwrap();
                assert_eq!(InclusionProof::from_bytes(&p.to_bytes()).unwrap(), p);
            }
            assert_eq!(
                tree.inclusion_proof(u64::from(n)),
                Err(Error::LimitExceeded)
            );
        }
    }

    #[test]
    fn malformed() {
        let p = InclusionProof {
            index: 0,
            tree_size: u64::MAX,
            path: vec![[0; 32]; 65],
        };
        assert_eq!(
            p.verify::<Sha256>(&[0; 32], &[0; 32]),
            Err(Error::LimitExceeded)
        );
        let p = InclusionProof {
            index: u64::MAX - 1,
            tree_size: u64::MAX,
            path: vec![[0; 32]; 64],
        };
        assert_eq!(
            p.verify::<Sha256>(&[0; 32], &[0; 32]),
            Err(Error::InvalidProof)
        );
        for bytes in [&[][..], &[0; 16], &[0; 18], &[0; 17]] {
            assert!(InclusionProof::from_bytes(bytes).is_err());
        }
        let mut b = vec![0u8; 17];
        b[16] = 65;
        assert_eq!(InclusionProof::from_bytes(&b), Err(Error::LimitExceeded));
    }
}
