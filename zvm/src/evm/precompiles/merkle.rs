//! Merkle proof verification: RFC 9162 inclusion proofs (SHA-256, Keccak-256, BLAKE3;
//! `leaf` is the leaf's data, `proof` zcrypto's `InclusionProof` encoding with index
//! and tree size) and OpenZeppelin `MerkleProof.verify` (`leaf` the 32-byte leaf hash,
//! `proof` n × 32 bytes, sorted-pair Keccak-256).

use zcrypto::metered::{Op, merkle};

use super::{Out, Precompile};

/// An RFC 9162 inclusion-proof precompile for `op`.
const fn inclusion(name: &'static str, op: Op) -> Precompile {
    Precompile {
        name,
        op,
        inputs: "`(bytes leaf, bytes proof, bytes root)`",
        output: "word 1 / 0",
        arity: 3,
        out_len: 0,
        run: |op, m, a, _, g| {
            merkle::verify_inclusion(&*m, g, op, a[0], a[1], a[2]).map(Out::Verdict)
        },
    }
}

/// RFC 9162, SHA-256.
pub(super) const INCLUSION_SHA256: Precompile = inclusion(
    "Merkle inclusion, RFC 9162 (SHA-256)",
    Op::MerkleInclusionSha256,
);

/// RFC 9162, Keccak-256.
pub(super) const INCLUSION_KECCAK256: Precompile = inclusion(
    "Merkle inclusion, RFC 9162 (Keccak-256)",
    Op::MerkleInclusionKeccak256,
);

/// RFC 9162, BLAKE3.
pub(super) const INCLUSION_BLAKE3: Precompile = inclusion(
    "Merkle inclusion, RFC 9162 (BLAKE3)",
    Op::MerkleInclusionBlake3,
);

/// OpenZeppelin `MerkleProof.verify`.
pub(super) const OPENZEPPELIN: Precompile = Precompile {
    name: "Merkle proof, OpenZeppelin `MerkleProof.verify` (Keccak-256, sorted pairs)",
    op: Op::MerkleVerifyEthereum,
    inputs: "`(bytes leaf, bytes proof, bytes root)`: leaf and root 32 bytes, proof n × 32",
    output: "word 1 / 0",
    arity: 3,
    out_len: 0,
    run: |_, m, a, _, g| merkle::verify_ethereum(&*m, g, a[0], a[1], a[2]).map(Out::Verdict),
};
