//! Zero-knowledge proof verification: Groth16 over BN254 and BLS12-381, with
//! zcrypto's binary encodings of the verifying key and proof
//! (`zcrypto::zk::encoding`) and the public inputs as n × 32-byte big-endian words.

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
