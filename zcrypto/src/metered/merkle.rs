//! Merkle proof verification: RFC 9162 inclusion proofs ([`Op::MerkleInclusionSha256`],
//! Keccak-256, BLAKE3), OpenZeppelin `MerkleProof.verify` ([`Op::MerkleVerifyEthereum`])
//! and sparse Merkle proofs ([`Op::SparseMerkleVerifySha256`], Keccak-256, BLAKE3).
//!
//! Gas: `base + per byte × leaf or value length + per item × proof nodes` (the path
//! length of an inclusion or OpenZeppelin proof, the depth of a sparse proof), charged
//! after the proof is decoded (decoding is cheap and bounded by the caps) and before
//! any hashing. A proof that does not decode is an `Err` and costs nothing; a proof that
//! decodes but does not prove the claim is [`Verdict::Invalid`].

use super::limits::{MAX_MESSAGE_LEN, MAX_PROOF_LEN};
use super::{GasMeter, GuestMemory, Op, Span, Verdict, capped, fixed};
use crate::Error;
use crate::merkle::sparse::SparseProof;
use crate::merkle::{Blake3, InclusionProof, Keccak256, MerkleHash, Node, Sha256, ethereum};

/// The most nodes in an OpenZeppelin proof (a tree of 2^256 leaves has no more).
pub const MAX_ETHEREUM_PROOF_NODES: u32 = 256;

fn node<M: GuestMemory + ?Sized>(mem: &M, span: Span) -> Result<Node, Error> {
    fixed(span, 32)?;
    let mut n = [0u8; 32];
    n.copy_from_slice(mem.read(span)?);
    Ok(n)
}

fn verdict(result: Result<(), Error>) -> Verdict {
    if result.is_ok() {
        Verdict::Valid
    } else {
        Verdict::Invalid
    }
}

/// Verifies an RFC 9162 inclusion proof: `leaf` is the leaf's data (hashed as
/// `H(0x00 ‖ data)`), `proof` an [`InclusionProof`] encoding (it carries the index and
/// tree size), `root` 32 bytes. `op` picks the hash.
///
/// ```
/// use zcrypto::merkle::{MerkleTree, Sha256};
/// use zcrypto::metered::{merkle, Gas, Op, Span, Verdict};
/// let tree = MerkleTree::<Sha256>::from_leaves(&[b"a", b"b", b"c"]);
/// let proof = tree.inclusion_proof(1)?.to_bytes();
/// let mem = [&tree.root()[..], b"b", &proof].concat();
/// let p = Span::new(33, proof.len() as u32);
/// let mut gas = Gas::new(100_000);
/// let v = merkle::verify_inclusion(&mem[..], &mut gas, Op::MerkleInclusionSha256, Span::new(32, 1), p, Span::new(0, 32))?;
/// assert_eq!(v, Verdict::Valid);
/// assert_eq!(gas.used(), Op::MerkleInclusionSha256.cost().gas(1, 2));
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn verify_inclusion<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &M,
    gas: &mut G,
    op: Op,
    leaf: Span,
    proof: Span,
    root: Span,
) -> Result<Verdict, Error> {
    fn run<H: MerkleHash>(p: &InclusionProof, data: &[u8], root: &Node) -> Verdict {
        verdict(p.verify::<H>(&H::leaf(data), root))
    }
    let run: fn(&InclusionProof, &[u8], &Node) -> Verdict = match op {
        Op::MerkleInclusionSha256 => run::<Sha256>,
        Op::MerkleInclusionKeccak256 => run::<Keccak256>,
        Op::MerkleInclusionBlake3 => run::<Blake3>,
        _ => return Err(Error::UnsupportedAlgorithm),
    };
    mem.check(leaf)?;
    mem.check(proof)?;
    let root = node(mem, root)?;
    let bytes = capped(leaf, MAX_MESSAGE_LEN)?;
    capped(proof, MAX_PROOF_LEN)?;
    let decoded = InclusionProof::from_bytes(mem.read(proof)?)?;
    let items = decoded.path.len() as u64;
    let data = mem.read(leaf)?;
    gas.charge(op.cost().gas(bytes, items))?;
    Ok(run(&decoded, data, &root))
}

/// OpenZeppelin `MerkleProof.verify(proof, root, leaf)`: `leaf` is the 32-byte leaf hash
/// (for `StandardMerkleTree`, `keccak256(keccak256(abi.encode(values)))`), `proof` a
/// multiple of 32 bytes, `root` 32 bytes.
pub fn verify_ethereum<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &M,
    gas: &mut G,
    leaf: Span,
    proof: Span,
    root: Span,
) -> Result<Verdict, Error> {
    mem.check(proof)?;
    let leaf = node(mem, leaf)?;
    let root = node(mem, root)?;
    if !proof.len.is_multiple_of(32) {
        return Err(Error::InvalidLength {
            expected: proof.len_usize().next_multiple_of(32),
            got: proof.len_usize(),
        });
    }
    let items = proof.len / 32;
    if items > MAX_ETHEREUM_PROOF_NODES {
        return Err(Error::LimitExceeded);
    }
    gas.charge(Op::MerkleVerifyEthereum.cost().gas(0, u64::from(items)))?;
    let nodes: Vec<Node> = mem
        .read(proof)?
        .chunks_exact(32)
        .map(|c| {
            let mut n = [0u8; 32];
            n.copy_from_slice(c);
            n
        })
        .collect();
    Ok(verdict(ethereum::verify(&nodes, &root, &leaf)))
}

/// Verifies a sparse Merkle proof ([`SparseProof`] encoding) for the 32-byte `key`
/// against `root`: with `value = Some(span)` that the key holds that value, with `None`
/// that the key is absent. `op` picks the hash.
pub fn verify_sparse<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &M,
    gas: &mut G,
    op: Op,
    root: Span,
    key: Span,
    value: Option<Span>,
    proof: Span,
) -> Result<Verdict, Error> {
    type Check = fn(&SparseProof, &Node, &Node, Option<&[u8]>) -> Result<(), Error>;
    let check: Check = match op {
        Op::SparseMerkleVerifySha256 => |p, r, k, v| p.verify::<Sha256>(r, k, v),
        Op::SparseMerkleVerifyKeccak256 => |p, r, k, v| p.verify::<Keccak256>(r, k, v),
        Op::SparseMerkleVerifyBlake3 => |p, r, k, v| p.verify::<Blake3>(r, k, v),
        _ => return Err(Error::UnsupportedAlgorithm),
    };
    mem.check(proof)?;
    let root = node(mem, root)?;
    let key = node(mem, key)?;
    let bytes = match value {
        Some(v) => {
            mem.check(v)?;
            capped(v, MAX_MESSAGE_LEN)?
        }
        None => 0,
    };
    capped(proof, MAX_PROOF_LEN)?;
    let decoded = SparseProof::decode(mem.read(proof)?)?;
    let value = value.map(|v| mem.read(v)).transpose()?;
    gas.charge(op.cost().gas(bytes, decoded.depth() as u64))?;
    Ok(verdict(check(&decoded, &root, &key, value)))
}
