//! Hashing precompiles: Poseidon over BN254 (circom-compatible; 1 to 12 field elements
//! of 32 bytes, big-endian, each below the modulus) and BLAKE3 (256-bit output).

use zcrypto::hash::HashAlg;
use zcrypto::metered::{Op, hash, poseidon};

use super::{Out, Precompile};

/// Poseidon (BN254).
pub(super) const POSEIDON: Precompile = Precompile {
    name: "Poseidon (BN254, circom)",
    op: Op::PoseidonBn254,
    inputs: "`(bytes inputs)`: 1 to 12 × 32-byte big-endian field elements",
    output: "32 bytes",
    arity: 1,
    out_len: 32,
    run: |_, m, a, out, g| poseidon::hash(m, g, a[0], out).map(|_| Out::Bytes(out)),
};

/// BLAKE3.
pub(super) const BLAKE3: Precompile = Precompile {
    name: "BLAKE3",
    op: Op::Blake3,
    inputs: "`(bytes input)`",
    output: "32 bytes",
    arity: 1,
    out_len: 32,
    run: |_, m, a, out, g| hash::hash(m, g, HashAlg::Blake3, a[0], out).map(|_| Out::Bytes(out)),
};
