//! Merkle proof verification: RFC 9162 inclusion proofs (SHA-256, Keccak-256, BLAKE3;
//! `leaf` is the leaf's data, `proof` zcrypto's `InclusionProof` encoding with index
//! and tree size) and OpenZeppelin `MerkleProof.verify` (`leaf` the 32-byte leaf hash,
//! `proof` n × 32 bytes, sorted-pair Keccak-256).

use zcrypto::metered::{Gas, Op, Span, merkle};

use super::{Out, Output, Precompile};

const INPUTS: &str = "`(bytes leaf, bytes proof, bytes root)`";

fn inclusion(op: Op, mem: &mut [u8], a: &[Span], gas: &mut Gas) -> Output {
    merkle::verify_inclusion(&*mem, gas, op, a[0], a[1], a[2]).map(Out::Verdict)
}

/// RFC 9162, SHA-256.
pub(super) const INCLUSION_SHA256: Precompile = Precompile {
    name: "Merkle inclusion, RFC 9162 (SHA-256)",
    op: Op::MerkleInclusionSha256,
    inputs: INPUTS,
    output: "word 1 / 0",
    arity: 3,
    out_len: 0,
    run: |m, a, _, g| inclusion(Op::MerkleInclusionSha256, m, a, g),
};

/// RFC 9162, Keccak-256.
pub(super) const INCLUSION_KECCAK256: Precompile = Precompile {
    name: "Merkle inclusion, RFC 9162 (Keccak-256)",
    op: Op::MerkleInclusionKeccak256,
    inputs: INPUTS,
    output: "word 1 / 0",
    arity: 3,
    out_len: 0,
    run: |m, a, _, g| inclusion(Op::MerkleInclusionKeccak256, m, a, g),
};

/// RFC 9162, BLAKE3.
pub(super) const INCLUSION_BLAKE3: Precompile = Precompile {
    name: "Merkle inclusion, RFC 9162 (BLAKE3)",
    op: Op::MerkleInclusionBlake3,
    inputs: INPUTS,
    output: "word 1 / 0",
    arity: 3,
    out_len: 0,
    run: |m, a, _, g| inclusion(Op::MerkleInclusionBlake3, m, a, g),
};

/// OpenZeppelin `MerkleProof.verify`.
pub(super) const OPENZEPPELIN: Precompile = Precompile {
    name: "Merkle proof, OpenZeppelin `MerkleProof.verify` (Keccak-256, sorted pairs)",
    op: Op::MerkleVerifyEthereum,
    inputs: "`(bytes leaf, bytes proof, bytes root)`: leaf and root 32 bytes, proof n × 32",
    output: "word 1 / 0",
    arity: 3,
    out_len: 0,
    run: |m, a, _, g| merkle::verify_ethereum(&*m, g, a[0], a[1], a[2]).map(Out::Verdict),
};
