//! Consistency proofs (RFC 9162 §2.1.4): evidence that a tree of `old_size` leaves is a
//! prefix of a tree of `new_size` leaves, i.e. that an append-only log only appended.

use super::hash::{MerkleHash, Node};
use super::inclusion::{nodes, parse_header};
use super::kernel::split_point;
use super::tree::MerkleTree;
use crate::Error;

/// The most nodes a consistency proof may carry: at most one per level of the new tree
/// plus the old root's own subtree, so 65 for trees of up to 2^64 − 1 leaves.
pub const MAX_CONSISTENCY_PATH_LEN: usize = 65;

const HEADER_LEN: usize = 8 + 8 + 1;

/// An RFC 9162 consistency proof between the tree of the first `old_size` leaves and
/// the tree of `new_size ≥ old_size` leaves.
///
/// `path` is `PROOF(m, D[n])` of RFC 9162 §2.1.4.1. It is empty when `old_size` is 0
/// (every tree extends the empty one) or equal to `new_size` (the roots must be equal).
///
/// # Byte encoding
///
/// `old_size` (8 bytes, big-endian) ‖ `new_size` (8 bytes, big-endian) ‖ number of path
/// nodes (1 byte, at most 65) ‖ the nodes (32 bytes each), length-checked on decode.
///
/// ```
/// use zcrypto::merkle::{ConsistencyProof, MerkleTree, Sha256};
///
/// let leaves: Vec<[u8; 1]> = (0u8..7).map(|i| [i]).collect();
/// let old = MerkleTree::<Sha256>::from_leaves(&leaves[..3]);
/// let new = MerkleTree::<Sha256>::from_leaves(&leaves);
/// let proof = new.consistency_proof(3)?;
/// proof.verify::<Sha256>(&old.root(), &new.root())?;
///
/// let decoded = ConsistencyProof::from_hex(&proof.to_hex())?;
/// assert_eq!(decoded, proof);
/// // A different old tree is not a prefix of the new one.
/// let other = MerkleTree::<Sha256>::from_leaves(&[[9u8], [1], [2]]);
/// assert!(proof.verify::<Sha256>(&other.root(), &new.root()).is_err());
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConsistencyProof {
    /// The size of the older tree.
    pub old_size: u64,
    /// The size of the newer tree.
    pub new_size: u64,
    /// The proof nodes, in RFC 9162 order.
    pub path: Vec<Node>,
}

impl ConsistencyProof {
    /// Verifies that the tree of `old_size` leaves with root `old_root` is a prefix of
    /// the tree of `new_size` leaves with root `new_root` (RFC 9162 §2.1.4.2, plus the
    /// trivial cases `old_size = 0` and `old_size = new_size`, whose proofs are empty).
    ///
    /// Fails with [`Error::InvalidProof`] (or [`Error::LimitExceeded`] for a path over
    /// [`MAX_CONSISTENCY_PATH_LEN`] nodes); never panics.
    pub fn verify<H: MerkleHash>(&self, old_root: &Node, new_root: &Node) -> Result<(), Error> {
        let (m, n) = (self.old_size, self.new_size);
        if self.path.len() > MAX_CONSISTENCY_PATH_LEN {
            return Err(Error::LimitExceeded);
        }
        let ok = |b: bool| if b { Ok(()) } else { Err(Error::InvalidProof) };
        if m > n {
            return Err(Error::InvalidProof);
        }
        if m == n {
            return ok(self.path.is_empty() && old_root == new_root);
        }
        if m == 0 {
            return ok(self.path.is_empty() && *old_root == H::empty());
        }
        // Step 2: a power-of-two old tree is a complete subtree of the new one, so its
        // root is the proof's implicit first node.
        let (first, rest) = if m.is_power_of_two() {
            (*old_root, self.path.as_slice())
        } else {
            let (first, rest) = self.path.split_first().ok_or(Error::InvalidProof)?;
            (*first, rest)
        };
        let mut fnode = m - 1;
        let mut snode = n - 1;
        while fnode & 1 == 1 {
            fnode >>= 1;
            snode >>= 1;
        }
        let (mut fr, mut sr) = (first, first);
        for c in rest {
            if snode == 0 {
                return Err(Error::InvalidProof);
            }
            if fnode & 1 == 1 || fnode == snode {
                fr = H::node(c, &fr);
                sr = H::node(c, &sr);
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            } else {
                sr = H::node(&sr, c);
            }
            fnode >>= 1;
            snode >>= 1;
        }
        ok(fr == *old_root && sr == *new_root && snode == 0)
    }

    /// The byte encoding (see the type's documentation).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + 32 * self.path.len());
        out.extend_from_slice(&self.old_size.to_be_bytes());
        out.extend_from_slice(&self.new_size.to_be_bytes());
        out.push(u8::try_from(self.path.len()).unwrap_or(u8::MAX));
        for n in &self.path {
            out.extend_from_slice(n);
        }
        out
    }

    /// Decodes [`to_bytes`](Self::to_bytes)'s output: [`Error::InvalidLength`] unless
    /// the length matches the header exactly, [`Error::LimitExceeded`] for more than 65
    /// nodes, [`Error::InvalidProof`] if `old_size > new_size`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let (old_size, new_size, count, rest) = parse_header(bytes)?;
        if count > MAX_CONSISTENCY_PATH_LEN {
            return Err(Error::LimitExceeded);
        }
        Error::check_len(HEADER_LEN + 32 * count, bytes.len())?;
        if old_size > new_size {
            return Err(Error::InvalidProof);
        }
        Ok(ConsistencyProof {
            old_size,
            new_size,
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

impl<H: MerkleHash> MerkleTree<H> {
    /// The consistency proof from the tree of the first `old_size` leaves to this tree
    /// (RFC 9162 §2.1.4.1); see [`ConsistencyProof`].
    ///
    /// Fails with [`Error::LimitExceeded`] if `old_size > len()`.
    pub fn consistency_proof(&self, old_size: u64) -> Result<ConsistencyProof, Error> {
        let n = self.len();
        if old_size > n {
            return Err(Error::LimitExceeded);
        }
        let mut path = Vec::new();
        if old_size != 0 && old_size != n {
            self.subproof(old_size, 0, n, true, &mut path)?;
        }
        Ok(ConsistencyProof {
            old_size,
            new_size: n,
            path,
        })
    }

    /// RFC 9162 `SUBPROOF(m, D[start : start + n], b)`, appended to `out`.
    fn subproof(
        &self,
        m: u64,
        start: u64,
        n: u64,
        complete: bool,
        out: &mut Vec<Node>,
    ) -> Result<(), Error> {
        if m == n {
            if !complete {
                out.push(self.subtree(start, n).ok_or(Error::Internal)?);
            }
            return Ok(());
        }
        let k = split_point(usize::try_from(n).map_err(|_| Error::Internal)?) as u64;
        if m <= k {
            self.subproof(m, start, k, complete, out)?;
            out.push(self.subtree(start + k, n - k).ok_or(Error::Internal)?);
        } else {
            self.subproof(m - k, start + k, n - k, false, out)?;
            out.push(self.subtree(start, k).ok_or(Error::Internal)?);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::Sha256;

    #[test]
    fn all_pairs_up_to_20() {
        let leaves: Vec<[u8; 1]> = (0u8..20).map(|i| [i]).collect();
        let roots: Vec<Node> = (0..=20)
            .map(|n| MerkleTree::<Sha256>::from_leaves(&leaves[..n]).root())
            .collect();
        for n in 0..=20usize {
            let tree = MerkleTree::<Sha256>::from_leaves(&leaves[..n]);
            for m in 0..=n {
                let p = tree.consistency_proof(m as u64).unwrap();
                p.verify::<Sha256>(&roots[m], &roots[n]).unwrap();
                assert_eq!(ConsistencyProof::from_bytes(&p.to_bytes()).unwrap(), p);
                if m > 0 && m < n {
                    assert!(p.verify::<Sha256>(&roots[m - 1], &roots[n]).is_err());
                    assert!(p.verify::<Sha256>(&roots[m], &roots[n - 1]).is_err());
                }
            }
        }
    }
}
