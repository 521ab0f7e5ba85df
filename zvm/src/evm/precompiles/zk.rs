//! Zero-knowledge proof verification: Groth16 over BN254 and BLS12-381, with
//! zcrypto's binary encodings of the verifying key and proof
//! (`zcrypto::zk::encoding`) and the public inputs as n × 32-byte big-endian words;
//! Bulletproofs range proofs; EIP-4844 KZG point evaluation (the same check as revm's
//! standard `0x0a` precompile, here for parity with ZVM and WASM: a verdict word
//! instead of `0x0a`'s 64-byte output); halo2 proofs of zcrypto's shipped circuits
//! (one encoding: circuit id ‖ public inputs ‖ proof; gas per circuit id).

use zcrypto::metered::{Op, zk};

use super::{Out, Precompile};

/// A Groth16 precompile for `op`.
const fn groth16(name: &'static str, op: Op) -> Precompile {
    Precompile {
        name,
        op,
        inputs: "`(bytes verifyingKey, bytes proof, bytes publicInputs)`: zcrypto's binary key and proof, n × 32-byte big-endian inputs",
        output: "word 1 / 0",
        arity: 3,
        out_len: 0,
        run: |op, m, a, _, g| zk::verify_groth16(&*m, g, op, a[0], a[1], a[2]).map(Out::Verdict),
    }
}

/// Groth16, BN254.
pub(super) const GROTH16_BN254: Precompile = groth16("Groth16 (BN254)", Op::Groth16VerifyBn254);

/// Groth16, BLS12-381.
pub(super) const GROTH16_BLS12_381: Precompile =
    groth16("Groth16 (BLS12-381)", Op::Groth16VerifyBls12381);

/// Bulletproofs range proof.
pub(super) const BULLETPROOFS: Precompile = Precompile {
    name: "Bulletproofs range proof (Ristretto255)",
    op: Op::BulletproofsVerify,
    inputs: "`(bytes proof, bytes commitments, bytes bits)`: the encoded range proof, m × 32-byte commitments (m = 1, 2, 4, 8, 16), one byte 8/16/32/64",
    output: "word 1 / 0",
    arity: 3,
    out_len: 0,
    run: |_, m, a, _, g| zk::verify_bulletproofs(&*m, g, a[0], a[1], a[2]).map(Out::Verdict),
};

/// EIP-4844 point evaluation.
pub(super) const KZG_POINT_EVALUATION: Precompile = Precompile {
    name: "EIP-4844 KZG point evaluation (as the standard `0x0a`, for parity with ZVM and WASM; a verdict word instead of 0x0a's 64-byte output)",
    op: Op::KzgPointEvaluation,
    inputs: "`(bytes input)`: 0x0a's 192-byte input (versioned hash, z, y, commitment, proof)",
    output: "word 1 / 0",
    arity: 1,
    out_len: 0,
    run: |_, m, a, _, g| zk::kzg_point_evaluation(&*m, g, a[0]).map(Out::Verdict),
};

/// halo2 proof of a shipped circuit.
pub(super) const HALO2: Precompile = Precompile {
    name: "halo2 proof of a shipped circuit (range check, Poseidon Merkle membership; gas per circuit id)",
    op: Op::Halo2Verify,
    inputs: "`(bytes encoding)`: zcrypto's halo2 encoding (2-byte circuit id ‖ 32-byte public inputs ‖ proof)",
    output: "word 1 / 0",
    arity: 1,
    out_len: 0,
    run: |_, m, a, _, g| zk::verify_halo2(&*m, g, a[0]).map(Out::Verdict),
};
