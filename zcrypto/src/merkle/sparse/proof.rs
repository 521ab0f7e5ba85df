//! Inclusion and non-inclusion proofs for a sparse Merkle tree, and their byte encoding.

use super::{EMPTY, Key, MAX_DEPTH, bit, leaf_hash, value_hash};
use crate::Error;
use crate::merkle::{MerkleHash, Node};

/// A proof that a key holds a value in a [`SparseMerkleTree`](super::SparseMerkleTree),
/// or that it is absent.
///
/// The proof follows the key's path from the root down to where the path ends: an
/// empty subtree, or a leaf. It carries the sibling hash at every level (top first)
/// and, if the path ends in a leaf, that leaf's key and value hash. The leaf's key is
/// the proven key for an inclusion proof; for a non-inclusion proof it is another key
/// with the same path prefix, which shows the proven key is not in the tree.
///
/// ```
/// use zcrypto::merkle::Sha256;
/// use zcrypto::merkle::sparse::{MemoryStore, SparseMerkleTree, SparseProof};
///
/// let mut tree = SparseMerkleTree::<Sha256, _>::new(MemoryStore::new());
/// let root = tree.update([([7u8; 32], Some(b"seven".to_vec())), ([9u8; 32], Some(b"nine".to_vec()))])?;
///
/// let proof = SparseProof::decode(&tree.prove(&[7u8; 32])?.encode())?;
/// proof.verify::<Sha256>(&root, &[7u8; 32], Some(b"seven"))?;
/// assert!(proof.verify::<Sha256>(&root, &[7u8; 32], Some(b"eight")).is_err());
///
/// let absent = tree.prove(&[8u8; 32])?;
/// absent.verify::<Sha256>(&root, &[8u8; 32], None)?;
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SparseProof {
    /// Sibling hashes from the root's children down; `EMPTY` for an empty sibling.
    pub(super) siblings: Vec<Node>,
    /// The leaf the path ends in (key, value hash), or `None` for an empty subtree.
    pub(super) leaf: Option<(Key, Node)>,
}

impl SparseProof {
    /// The number of levels the path descends (at most 256).
    pub fn depth(&self) -> usize {
        self.siblings.len()
    }

    /// The sibling hashes, root level first ([`EMPTY`](super::EMPTY) for an empty subtree).
    pub fn siblings(&self) -> &[Node] {
        &self.siblings
    }

    /// The key and value hash of the leaf the path ends in, or `None` if it ends in an
    /// empty subtree.
    pub fn leaf(&self) -> Option<(&Key, &Node)> {
        self.leaf.as_ref().map(|(k, v)| (k, v))
    }

    /// Checks that, in the tree with root `root`, `key` holds `value` (`Some`) or is
    /// absent (`None`). Fails with [`Error::InvalidProof`] otherwise.
    pub fn verify<H: MerkleHash>(
        &self,
        root: &Node,
        key: &Key,
        value: Option<&[u8]>,
    ) -> Result<(), Error> {
        let depth = self.siblings.len();
        if depth > MAX_DEPTH {
            return Err(Error::InvalidProof);
        }
        let mut cur = match (&self.leaf, value) {
            (Some((k, vh)), Some(v)) => {
                if k != key || *vh != value_hash::<H>(v) {
                    return Err(Error::InvalidProof);
                }
                leaf_hash::<H>(k, vh)
            }
            (Some((k, vh)), None) => {
                // Another key whose leaf sits on the proven key's path.
                if k == key || common_prefix(k, key) < depth {
                    return Err(Error::InvalidProof);
                }
                leaf_hash::<H>(k, vh)
            }
            (None, Some(_)) => return Err(Error::InvalidProof),
            (None, None) => EMPTY,
        };
        for (i, sibling) in self.siblings.iter().enumerate().rev() {
            cur = if bit(key, i) {
                H::node(sibling, &cur)
            } else {
                H::node(&cur, sibling)
            };
        }
        if cur == *root {
            Ok(())
        } else {
            Err(Error::InvalidProof)
        }
    }

    /// The compact encoding:
    ///
    /// | bytes | field |
    /// |---|---|
    /// | 1 | `0x00`: the path ends in an empty subtree; `0x01`: in a leaf |
    /// | 2 | depth `d` (big-endian, at most 256) |
    /// | 64 | if `0x01`: the leaf's key ‖ value hash |
    /// | ⌈d/8⌉ | bitmap: bit `i` (most significant bit of byte 0 first) is set iff the sibling at level `i` is not empty; unused bits are zero |
    /// | 32 each | the non-empty siblings, root level first |
    pub fn encode(&self) -> Vec<u8> {
        let depth = self.siblings.len();
        let present = self.siblings.iter().filter(|s| **s != EMPTY).count();
        let mut out = Vec::with_capacity(3 + 64 + depth.div_ceil(8) + 32 * present);
        out.push(u8::from(self.leaf.is_some()));
        out.extend_from_slice(&(depth as u16).to_be_bytes());
        if let Some((k, vh)) = &self.leaf {
            out.extend_from_slice(k);
            out.extend_from_slice(vh);
        }
        let mut bitmap = vec![0u8; depth.div_ceil(8)];
        for (i, s) in self.siblings.iter().enumerate() {
            if *s != EMPTY {
                bitmap[i / 8] |= 0x80 >> (i % 8);
            }
        }
        out.extend_from_slice(&bitmap);
        for s in self.siblings.iter().filter(|s| **s != EMPTY) {
            out.extend_from_slice(s);
        }
        out
    }

    /// Decodes [`SparseProof::encode`]'s output. Only the canonical encoding is accepted:
    /// an unknown tag, a depth over 256, set padding bits, an explicitly encoded empty
    /// sibling, a short input or trailing bytes fail with [`Error::InvalidProof`].
    pub fn decode(bytes: &[u8]) -> Result<SparseProof, Error> {
        let mut r = crate::util::Reader::with_error(bytes, Error::InvalidProof);
        let has_leaf = match r.take(1)?[0] {
            0 => false,
            1 => true,
            _ => return Err(Error::InvalidProof),
        };
        let d = r.take(2)?;
        let depth = usize::from(u16::from_be_bytes([d[0], d[1]]));
        if depth > MAX_DEPTH {
            return Err(Error::InvalidProof);
        }
        let leaf = if has_leaf {
            Some((r.array()?, r.array()?))
        } else {
            None
        };
        let bitmap = r.take(depth.div_ceil(8))?;
        if depth % 8 != 0 && bitmap[depth / 8] & (0xff >> (depth % 8)) != 0 {
            return Err(Error::InvalidProof);
        }
        let mut siblings = Vec::with_capacity(depth);
        for i in 0..depth {
            if bitmap[i / 8] & (0x80 >> (i % 8)) != 0 {
                let s = r.array()?;
                if s == EMPTY {
                    return Err(Error::InvalidProof);
                }
                siblings.push(s);
            } else {
                siblings.push(EMPTY);
            }
        }
        r.done()?;
        Ok(SparseProof { siblings, leaf })
    }
}

/// The number of leading bits `a` and `b` share.
fn common_prefix(a: &Key, b: &Key) -> usize {
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if x != y {
            return i * 8 + (x ^ y).leading_zeros() as usize;
        }
    }
    MAX_DEPTH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_counts_bits() {
        let a = [0u8; 32];
        let mut b = [0u8; 32];
        assert_eq!(common_prefix(&a, &b), 256);
        b[31] = 1;
        assert_eq!(common_prefix(&a, &b), 255);
        b[0] = 0x80;
        assert_eq!(common_prefix(&a, &b), 0);
        b[0] = 0x01;
        assert_eq!(common_prefix(&a, &b), 7);
    }

    #[test]
    fn decode_rejects_garbage() {
        for bad in [
            &[][..],
            &[2, 0, 0],
            &[0, 0],
            &[0, 0, 0, 0],
            &[0, 1, 1, 0],          // depth 257
            &[0, 0, 1, 0x40],       // padding bit set
            &[0, 0, 1, 0x80],       // missing sibling
            &[1, 0, 0],             // missing leaf
            &[0, 0, 8, 0x00, 0x00], // trailing byte
        ] {
            assert_eq!(
                SparseProof::decode(bad),
                Err(Error::InvalidProof),
                "{bad:?}"
            );
        }
        let mut explicit_empty = vec![0, 0, 1, 0x80];
        explicit_empty.extend_from_slice(&EMPTY);
        assert_eq!(
            SparseProof::decode(&explicit_empty),
            Err(Error::InvalidProof)
        );
        let ok = SparseProof::decode(&[0, 0, 1, 0x00]).unwrap();
        assert_eq!(ok.siblings, vec![EMPTY]);
        assert_eq!(ok.encode(), vec![0, 0, 1, 0x00]);
    }
}
