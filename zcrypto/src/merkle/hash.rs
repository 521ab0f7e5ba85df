//! The hash functions a Merkle structure is built from, with RFC 9162 domain separation.

use sha2::Digest as _;

/// A 32-byte Merkle node or root.
pub type Node = [u8; 32];

/// A 256-bit hash function for Merkle structures.
///
/// [`MerkleHash::leaf`] and [`MerkleHash::node`] apply RFC 9162 §2.1.1 domain separation
/// (`0x00` before a leaf, `0x01` before two children), so a leaf can never be passed off
/// as an interior node (the second-preimage attack on plain Merkle trees).
///
/// ```
/// use zcrypto::merkle::{MerkleHash, Sha256};
/// // RFC 9162: the hash of the empty tree is SHA-256 of the empty string.
/// assert_eq!(
///     zcrypto::encoding::to_hex(&Sha256::empty()),
///     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// assert_eq!(Sha256::leaf(b"x"), Sha256::hash(&[&[0x00], b"x"]));
/// ```
pub trait MerkleHash: Copy + Send + Sync + 'static {
    /// The stable name (`"sha256"`, `"keccak256"`, `"blake3"`), as the CLI spells it.
    const NAME: &'static str;

    /// The hash of the concatenation of `parts`.
    fn hash(parts: &[&[u8]]) -> Node;

    /// The root of the empty tree: the hash of the empty string.
    fn empty() -> Node {
        Self::hash(&[])
    }

    /// RFC 9162 leaf hash: `H(0x00 ‖ data)`.
    fn leaf(data: &[u8]) -> Node {
        Self::hash(&[&[0x00], data])
    }

    /// RFC 9162 interior node hash: `H(0x01 ‖ left ‖ right)`.
    fn node(left: &Node, right: &Node) -> Node {
        Self::hash(&[&[0x01], left, right])
    }
}

/// SHA-256 (RustCrypto `sha2`, SHA-NI where the CPU has it): RFC 9162's hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sha256;

/// Keccak-256 (Ethereum's hash).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Keccak256;

/// BLAKE3 with 256-bit output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Blake3;

impl MerkleHash for Sha256 {
    const NAME: &'static str = "sha256";

    fn hash(parts: &[&[u8]]) -> Node {
        let mut h = sha2::Sha256::new();
        for p in parts {
            h.update(p);
        }
        h.finalize().into()
    }
}

impl MerkleHash for Keccak256 {
    const NAME: &'static str = "keccak256";

    fn hash(parts: &[&[u8]]) -> Node {
        let mut h = sha3::Keccak256::new();
        for p in parts {
            h.update(p);
        }
        h.finalize().into()
    }
}

impl MerkleHash for Blake3 {
    const NAME: &'static str = "blake3";

    fn hash(parts: &[&[u8]]) -> Node {
        let mut h = blake3::Hasher::new();
        for p in parts {
            h.update(p);
        }
        h.finalize().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_separation_and_names() {
        let l = [1u8; 32];
        let r = [2u8; 32];
        for (name, leaf, node, plain) in [
            (
                Sha256::NAME,
                Sha256::leaf(b"a"),
                Sha256::node(&l, &r),
                Sha256::hash(&[b"a"]),
            ),
            (
                Keccak256::NAME,
                Keccak256::leaf(b"a"),
                Keccak256::node(&l, &r),
                Keccak256::hash(&[b"a"]),
            ),
            (
                Blake3::NAME,
                Blake3::leaf(b"a"),
                Blake3::node(&l, &r),
                Blake3::hash(&[b"a"]),
            ),
        ] {
            assert_ne!(leaf, plain, "{name}: leaf prefix missing");
            assert_ne!(node, leaf, "{name}");
        }
        assert_eq!(Keccak256::empty(), crate::hash::keccak256(b""));
        assert_eq!(Blake3::empty(), crate::hash::blake3(b""));
        assert_eq!(
            Sha256::node(&l, &r),
            crate::hash::sha256(&[&[1u8][..], &l, &r].concat())
        );
    }
}
