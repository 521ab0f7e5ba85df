//! Multiproofs: one proof that several leaves are in the same RFC 9162 tree, sharing
//! every node they have in common.

use super::hash::{MerkleHash, Node};
use super::tree::MerkleTree;
use crate::Error;

/// A proof that the leaves at `indices` are in a tree of `tree_size` leaves.
///
/// It carries only the sibling hashes that cannot be computed from the proven leaves
/// themselves, so proving k leaves together is never longer (and usually much shorter)
/// than k separate [`InclusionProof`](super::InclusionProof)s.
///
/// # Format
///
/// `indices` are strictly increasing leaf indices, all below `tree_size`. The verifier
/// walks the tree bottom-up, one level at a time, with the known nodes of that level in
/// increasing position order (at level 0: the proven leaves). For each known node at
/// position `i` on a level of width `w`:
///
/// * if `i` is even and `i + 1 = w`, the node has no sibling and is promoted unchanged;
/// * if its sibling `i ^ 1` is also known (the next known node), the two are hashed
///   together;
/// * otherwise the sibling is the **next node of `path`**.
///
/// Either way the parent, at position `i / 2`, is known on the next level, whose width is
/// `⌈w / 2⌉`. The walk ends when the width is 1; the single known node is the root, and
/// `path` must be used up exactly. `path` is therefore ordered level by level from the
/// leaves up and left to right within a level.
///
/// Byte encoding: `tree_size` (8 bytes, big-endian) ‖ number of indices (4 bytes,
/// big-endian) ‖ the indices (8 bytes each, big-endian) ‖ number of path nodes (4 bytes,
/// big-endian) ‖ the path nodes (32 bytes each), length-checked on decode.
///
/// ```
/// use zcrypto::merkle::{MerkleHash, MerkleTree, MultiProof, Sha256};
///
/// let leaves: Vec<[u8; 1]> = (0u8..10).map(|i| [i]).collect();
/// let tree = MerkleTree::<Sha256>::from_leaves(&leaves);
/// let proof = tree.multiproof(&[7, 2, 3])?; // sorted and deduplicated for you
/// assert_eq!(proof.indices, [2, 3, 7]);
/// let hashes: Vec<_> = proof.indices.iter().map(|&i| Sha256::leaf(&[i as u8])).collect();
/// proof.verify::<Sha256>(&hashes, &tree.root())?;
/// assert_eq!(MultiProof::from_bytes(&proof.to_bytes())?, proof);
/// assert!(proof.verify::<Sha256>(&hashes[..2], &tree.root()).is_err());
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MultiProof {
    /// The number of leaves in the tree.
    pub tree_size: u64,
    /// The proven leaf indices, strictly increasing.
    pub indices: Vec<u64>,
    /// The sibling hashes the verifier cannot compute, in the order described above.
    pub path: Vec<Node>,
}

impl MultiProof {
    /// The root this proof gives for `leaf_hashes` (one per index, in index order).
    ///
    /// Fails with [`Error::InvalidProof`] if the tree is empty, there are no indices,
    /// the number of hashes differs from the number of indices, the indices are not
    /// strictly increasing and below `tree_size`, or the path is too short or too long.
    pub fn root<H: MerkleHash>(&self, leaf_hashes: &[Node]) -> Result<Node, Error> {
        let n = self.tree_size;
        if n == 0 || self.indices.is_empty() || self.indices.len() != leaf_hashes.len() {
            return Err(Error::InvalidProof);
        }
        let increasing = self.indices.windows(2).all(|w| w[0] < w[1]);
        if !increasing || self.indices.last().is_none_or(|&last| last >= n) {
            return Err(Error::InvalidProof);
        }
        let mut known: Vec<(u64, Node)> = self
            .indices
            .iter()
            .copied()
            .zip(leaf_hashes.iter().copied())
            .collect();
        let mut path = self.path.iter();
        let mut width = n;
        while width > 1 {
            let mut next = Vec::with_capacity(known.len());
            let mut i = 0;
            while let Some(&(pos, hash)) = known.get(i) {
                let parent = if pos & 1 == 0 && pos + 1 == width {
                    hash
                } else if let Some(&(_, right)) = known
                    .get(i + 1)
                    .filter(|(p, _)| pos & 1 == 0 && *p == pos + 1)
                {
                    i += 1;
                    H::node(&hash, &right)
                } else {
                    let sibling = path.next().ok_or(Error::InvalidProof)?;
                    if pos & 1 == 0 {
                        H::node(&hash, sibling)
                    } else {
                        H::node(sibling, &hash)
                    }
                };
                next.push((pos >> 1, parent));
                i += 1;
            }
            known = next;
            width = width / 2 + width % 2;
        }
        if path.next().is_some() {
            return Err(Error::InvalidProof);
        }
        match known.as_slice() {
            [(0, root)] => Ok(*root),
            _ => Err(Error::InvalidProof),
        }
    }

    /// Verifies that `leaf_hashes[j]` is leaf `indices[j]` for every `j` of the tree
    /// with root `root`. Any failure is [`Error::InvalidProof`]; never panics.
    pub fn verify<H: MerkleHash>(&self, leaf_hashes: &[Node], root: &Node) -> Result<(), Error> {
        if self.root::<H>(leaf_hashes)? == *root {
            Ok(())
        } else {
            Err(Error::InvalidProof)
        }
    }

    /// The byte encoding (see the type's documentation).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + 8 * self.indices.len() + 32 * self.path.len());
        out.extend_from_slice(&self.tree_size.to_be_bytes());
        out.extend_from_slice(
            &u32::try_from(self.indices.len())
                .unwrap_or(u32::MAX)
                .to_be_bytes(),
        );
        for i in &self.indices {
            out.extend_from_slice(&i.to_be_bytes());
        }
        out.extend_from_slice(
            &u32::try_from(self.path.len())
                .unwrap_or(u32::MAX)
                .to_be_bytes(),
        );
        for n in &self.path {
            out.extend_from_slice(n);
        }
        out
    }

    /// Decodes [`to_bytes`](Self::to_bytes)'s output. Fails with
    /// [`Error::InvalidLength`] unless every count matches the bytes that follow
    /// exactly; nothing is allocated beyond what the input's length allows.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let short = |expected: usize| Error::InvalidLength {
            expected,
            got: bytes.len(),
        };
        let (size, rest) = bytes.split_first_chunk::<8>().ok_or(short(12))?;
        let (count, rest) = rest.split_first_chunk::<4>().ok_or(short(12))?;
        let count =
            usize::try_from(u32::from_be_bytes(*count)).map_err(|_| Error::LimitExceeded)?;
        let index_bytes = count.checked_mul(8).ok_or(Error::LimitExceeded)?;
        if rest.len() < index_bytes + 4 {
            return Err(short(index_bytes.saturating_add(16)));
        }
        let (index_part, rest) = rest.split_at(index_bytes);
        let (path_count, path_part) = rest
            .split_first_chunk::<4>()
            .ok_or(short(index_bytes.saturating_add(16)))?;
        let path_count =
            usize::try_from(u32::from_be_bytes(*path_count)).map_err(|_| Error::LimitExceeded)?;
        let path_bytes = path_count.checked_mul(32).ok_or(Error::LimitExceeded)?;
        if path_part.len() != path_bytes {
            return Err(Error::InvalidLength {
                expected: index_bytes.saturating_add(path_bytes).saturating_add(16),
                got: bytes.len(),
            });
        }
        Ok(MultiProof {
            tree_size: u64::from_be_bytes(*size),
            indices: index_part
                .chunks_exact(8)
                .filter_map(|c| <[u8; 8]>::try_from(c).ok())
                .map(u64::from_be_bytes)
                .collect(),
            path: super::inclusion::nodes(path_part),
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
    /// One proof for the leaves at `indices` (sorted and deduplicated here); see
    /// [`MultiProof`].
    ///
    /// Fails with [`Error::InvalidProof`] if `indices` is empty and with
    /// [`Error::LimitExceeded`] if an index is `≥ len()`.
    pub fn multiproof(&self, indices: &[u64]) -> Result<MultiProof, Error> {
        let mut sorted = indices.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        match sorted.last() {
            None => return Err(Error::InvalidProof),
            Some(&last) if last >= self.len() => return Err(Error::LimitExceeded),
            Some(_) => {}
        }
        let mut path = Vec::new();
        let mut known = sorted.clone();
        for level in 0..self.height().saturating_sub(1) {
            let nodes = self.level(level).ok_or(Error::Internal)?;
            let width = nodes.len() as u64;
            let mut next = Vec::with_capacity(known.len());
            let mut i = 0;
            while let Some(&pos) = known.get(i) {
                if pos & 1 == 0 && pos + 1 == width {
                    // promoted
                } else if pos & 1 == 0 && known.get(i + 1) == Some(&(pos + 1)) {
                    i += 1;
                } else {
                    let sibling = usize::try_from(pos ^ 1).map_err(|_| Error::Internal)?;
                    path.push(*nodes.get(sibling).ok_or(Error::Internal)?);
                }
                next.push(pos >> 1);
                i += 1;
            }
            known = next;
        }
        Ok(MultiProof {
            tree_size: self.len(),
            indices: sorted,
            path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::Sha256;

    #[test]
    fn all_subsets_of_small_trees() {
        for n in 1u8..=9 {
            let leaves: Vec<[u8; 1]> = (0..n).map(|i| [i]).collect();
            let tree = MerkleTree::<Sha256>::from_leaves(&leaves);
            for mask in 1u32..(1 << n) {
                let idx: Vec<u64> = (0..u64::from(n)).filter(|i| mask >> i & 1 == 1).collect();
                let p = tree.multiproof(&idx).unwrap();
                let hashes: Vec<Node> = idx.iter().map(|&i| Sha256::leaf(&[i as u8])).collect();
                p.verify::<Sha256>(&hashes, &tree.root()).unwrap();
                assert_eq!(MultiProof::from_bytes(&p.to_bytes()).unwrap(), p);
                if idx.len() == 1 {
                    assert_eq!(p.path, tree.inclusion_proof(idx[0]).unwrap().path);
                }
            }
        }
    }
}
