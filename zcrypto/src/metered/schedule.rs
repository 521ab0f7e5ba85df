//! The published gas schedule: what every metered operation costs.
//!
//! ## The gas unit
//!
//! **1 gas = 20 ns** of CPU time on the calibration machine ([`NS_PER_GAS`]), i.e.
//! 50 gas per microsecond. CPU time of the whole process is measured, so work that a
//! library spreads over threads (blst's multi-pairing) is paid in full. At this rate
//! secp256k1 key recovery costs about 2,000 gas, the magnitude of the EVM's
//! `ecrecover` (3,000 gas), so EVM-facing prices stay familiar.
//!
//! ## The formula
//!
//! Every operation costs `base + ⌈milli_per_byte × bytes / 1000⌉ + per_item × items`
//! ([`Cost::gas`], saturating), where `bytes` and `items` are defined per operation in
//! the [`Op`] documentation (message bytes for signatures, key + data for HMAC, keys
//! for BLS aggregation, ...). Per-byte rates are in thousandths of a gas so that fast
//! hashes are not rounded up to a whole gas per byte. Gas is charged **before** the
//! work, after every range and cap check has passed.
//!
//! ## Where the numbers come from
//!
//! `cargo run --release -p benches --bin calibrate` measures every operation through
//! this module's own entry points (base cost at a small input, per-byte slope from two
//! sizes, per-item slope from two batch sizes, minimum of several runs), converts at
//! the fixed rate, rounds up, and prints the table below (and a Markdown version).
//! The table is checked in: it is consensus data, and changes only by re-running the
//! calibration and committing the result. ML-DSA entries are measured with a non-empty
//! context (the slower path); batch and multisig per-item entries with the most
//! expensive case the encoding allows.
//!
//! ## The table
//!
//! As calibrated (see the header of the generated block below for the machine and
//! date); the last three columns are the measurements the entries were rounded up from.
//!
//! | id | operation | base (gas) | per byte (milligas) | per item (gas) | measured base | measured per byte | measured per item |
//! |---:|---|---:|---:|---:|---:|---:|---:|
//! | 0x0100 | `sha256` | 4 | 35 | 0 | 61 ns | 0.692 ns | 0 ns |
//! | 0x0101 | `sha384` | 12 | 101 | 0 | 237 ns | 2.006 ns | 0 ns |
//! | 0x0102 | `sha512` | 12 | 98 | 0 | 233 ns | 1.951 ns | 0 ns |
//! | 0x0103 | `sha3_256` | 17 | 152 | 0 | 332 ns | 3.031 ns | 0 ns |
//! | 0x0104 | `keccak256` | 17 | 148 | 0 | 329 ns | 2.953 ns | 0 ns |
//! | 0x0105 | `blake2b_512` | 9 | 62 | 0 | 172 ns | 1.237 ns | 0 ns |
//! | 0x0106 | `blake2s_256` | 6 | 98 | 0 | 110 ns | 1.951 ns | 0 ns |
//! | 0x0107 | `blake3` | 3 | 10 | 0 | 59 ns | 0.189 ns | 0 ns |
//! | 0x0110 | `hash_init` | 3 | 0 | 0 | 51 ns | 0.000 ns | 0 ns |
//! | 0x0111 | `hash_update` | 1 | 0 | 0 | 3 ns | 0.000 ns | 0 ns |
//! | 0x0112 | `hash_finish` | 2 | 0 | 0 | 27 ns | 0.000 ns | 0 ns |
//! | 0x0200 | `hmac_sha256` | 13 | 36 | 0 | 242 ns | 0.715 ns | 0 ns |
//! | 0x0201 | `hmac_sha384` | 51 | 101 | 0 | 1019 ns | 2.016 ns | 0 ns |
//! | 0x0202 | `hmac_sha512` | 52 | 100 | 0 | 1026 ns | 1.983 ns | 0 ns |
//! | 0x0210 | `hkdf_extract_sha256` | 13 | 36 | 0 | 254 ns | 0.701 ns | 0 ns |
//! | 0x0211 | `hkdf_extract_sha384` | 54 | 98 | 0 | 1071 ns | 1.946 ns | 0 ns |
//! | 0x0212 | `hkdf_extract_sha512` | 52 | 100 | 0 | 1035 ns | 1.985 ns | 0 ns |
//! | 0x0220 | `hkdf_expand_sha256` | 9 | 281 | 0 | 165 ns | 5.600 ns | 0 ns |
//! | 0x0221 | `hkdf_expand_sha384` | 34 | 659 | 0 | 661 ns | 13.179 ns | 0 ns |
//! | 0x0222 | `hkdf_expand_sha512` | 33 | 487 | 0 | 656 ns | 9.724 ns | 0 ns |
//! | 0x0300 | `verify_ed25519` | 2479 | 107 | 0 | 49576 ns | 2.123 ns | 0 ns |
//! | 0x0301 | `verify_ed25519_strict` | 2486 | 95 | 0 | 49703 ns | 1.882 ns | 0 ns |
//! | 0x0302 | `verify_ecdsa_secp256k1` | 1994 | 38 | 0 | 39874 ns | 0.743 ns | 0 ns |
//! | 0x0303 | `verify_bip340` | 2011 | 187 | 0 | 40219 ns | 3.732 ns | 0 ns |
//! | 0x0304 | `verify_ml_dsa_44` | 7532 | 147 | 0 | 150622 ns | 2.935 ns | 0 ns |
//! | 0x0305 | `verify_ml_dsa_65` | 11586 | 148 | 0 | 231717 ns | 2.949 ns | 0 ns |
//! | 0x0306 | `verify_ml_dsa_87` | 17980 | 147 | 0 | 359582 ns | 2.927 ns | 0 ns |
//! | 0x0307 | `verify_bls12_381` | 69529 | 18 | 0 | 1390570 ns | 0.350 ns | 0 ns |
//! | 0x0308 | `verify_ed25519_ml_dsa_65` | 13994 | 102 | 0 | 279867 ns | 2.023 ns | 0 ns |
//! | 0x0310 | `secp256k1_recover` | 1979 | 0 | 0 | 39575 ns | 0.000 ns | 0 ns |
//! | 0x0400 | `bls_fast_aggregate_verify` | 64045 | 30 | 3546 | 1280893 ns | 0.595 ns | 70906 ns |
//! | 0x0401 | `bls_aggregate_verify` | 42242 | 36 | 24175 | 844833 ns | 0.715 ns | 483484 ns |
//! | 0x0402 | `bls_aggregate_signatures` | 1 | 0 | 4865 | 0 ns | 0.000 ns | 97296 ns |
//! | 0x0500 | `multisig_verify` | 11 | 0 | 3475 | 214 ns | 0.000 ns | 69495 ns |
//! | 0x0510 | `batch_verify` | 3474 | 2 | 0 | 69470 ns | 0.029 ns | 0 ns |
//! | 0x0600 | `ml_kem_512_encapsulate` | 2723 | 0 | 0 | 54457 ns | 0.000 ns | 0 ns |
//! | 0x0601 | `ml_kem_768_encapsulate` | 4298 | 0 | 0 | 85946 ns | 0.000 ns | 0 ns |
//! | 0x0602 | `ml_kem_1024_encapsulate` | 6223 | 0 | 0 | 124441 ns | 0.000 ns | 0 ns |
//! | 0x0700 | `merkle_inclusion_sha256` | 6 | 36 | 9 | 117 ns | 0.719 ns | 161 ns |
//! | 0x0701 | `merkle_inclusion_keccak256` | 22 | 141 | 21 | 428 ns | 2.816 ns | 410 ns |
//! | 0x0702 | `merkle_inclusion_blake3` | 6 | 22 | 9 | 118 ns | 0.427 ns | 169 ns |
//! | 0x0710 | `merkle_verify_ethereum` | 1 | 0 | 21 | 3 ns | 0.000 ns | 404 ns |
//! | 0x0720 | `sparse_merkle_verify_sha256` | 14 | 36 | 9 | 276 ns | 0.718 ns | 167 ns |
//! | 0x0721 | `sparse_merkle_verify_keccak256` | 43 | 139 | 22 | 840 ns | 2.769 ns | 420 ns |
//! | 0x0722 | `sparse_merkle_verify_blake3` | 13 | 9 | 10 | 256 ns | 0.177 ns | 185 ns |
//! | 0x0800 | `poseidon_bn254` | 1 | 0 | 1477 | 0 ns | 0.000 ns | 29528 ns |
//! | 0x0900 | `groth16_verify_bn254` | 328324 | 0 | 5056 | 6566479 ns | 0.000 ns | 101104 ns |
//! | 0x0901 | `groth16_verify_bls12_381` | 282942 | 0 | 18779 | 5658831 ns | 0.000 ns | 375562 ns |
//! | 0x0910 | `bulletproofs_verify` | 50650 | 0 | 35546 | 1012992 ns | 0.000 ns | 710916 ns |
//! | 0x0920 | `kzg_point_evaluation` | 87612 | 0 | 0 | 1752234 ns | 0.000 ns | 0 ns |
//! | 0x0930 | `halo2_verify` | 1757097 | 0 | 0 | 35141939 ns | 0.000 ns | 0 ns |
//! | — | batch Ed25519 item | — | — | 1161 | — | — | 23203 ns |
//! | — | `halo2_verify`, circuit 0x0001 | 310832 | 0 | 0 | 6216625 ns | — | — |
//! | — | `halo2_verify`, circuit 0x0002 | 267163 | 0 | 0 | 5343242 ns | — | — |
//! | — | `halo2_verify`, circuit 0x0003 | 274549 | 0 | 0 | 5490976 ns | — | — |
//! | — | `halo2_verify`, circuit 0x0004 | 270432 | 0 | 0 | 5408638 ns | — | — |
//! | — | `halo2_verify`, circuit 0x0101 | 637896 | 0 | 0 | 12757910 ns | — | — |
//! | — | `halo2_verify`, circuit 0x0102 | 1049784 | 0 | 0 | 20995665 ns | — | — |
//! | — | `halo2_verify`, circuit 0x0103 | 1133643 | 0 | 0 | 22672847 ns | — | — |
//! | — | `halo2_verify`, circuit 0x0104 | 1757097 | 0 | 0 | 35141939 ns | — | — |

use super::Op;

/// Nanoseconds of calibration-machine time per unit of gas.
pub const NS_PER_GAS: u64 = 20;

/// The cost of one operation: `base + ⌈milli_per_byte × bytes / 1000⌉ + per_item × items`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cost {
    /// Gas per call.
    pub base: u64,
    /// Thousandths of a gas per input byte.
    pub milli_per_byte: u64,
    /// Gas per item (key, signature, batch entry).
    pub per_item: u64,
}

impl Cost {
    /// A cost entry.
    pub const fn new(base: u64, milli_per_byte: u64, per_item: u64) -> Cost {
        Cost {
            base,
            milli_per_byte,
            per_item,
        }
    }

    /// The gas for `bytes` bytes and `items` items (saturating at `u64::MAX`).
    ///
    /// ```
    /// use zcrypto::metered::Cost;
    /// let c = Cost::new(100, 1500, 7);
    /// assert_eq!(c.gas(0, 0), 100);
    /// assert_eq!(c.gas(3, 2), 100 + 5 + 14); // ⌈4.5⌉ = 5
    /// assert_eq!(c.gas(u64::MAX, u64::MAX), u64::MAX);
    /// ```
    pub const fn gas(&self, bytes: u64, items: u64) -> u64 {
        let per_byte = (self.milli_per_byte as u128 * bytes as u128).div_ceil(1000);
        let total = self.base as u128 + per_byte + self.per_item as u128 * items as u128;
        if total > u64::MAX as u128 {
            u64::MAX
        } else {
            total as u64
        }
    }
}

// BEGIN GENERATED by `cargo run --release -p benches --bin calibrate`
// Machine: Intel(R) Xeon(R) Processor (2 logical CPUs); date: 2026-11-21 (the Groth16,
// Bulletproofs and KZG entries: 2026-11-22, same machine model and method; the halo2
// entries: 2026-11-22, same method, the minimum of two calibrate runs an hour apart,
// one with other builds running and one without: this VM's speed varies by 10–40 %
// over a day, and process CPU time does not hide the host's contention);
// rate: 1 gas = 20 ns of process CPU time; minimum over 3 passes of 7 runs;
// native backend (default features), zcrypto's own parallelism pinned to one thread.

/// Per Ed25519 / FROST(Ed25519) item of a batch (one randomised multiscalar
/// multiplication for the whole batch), plus the per-byte rate of
/// [`Op::VerifyEd25519`] over the item's message.
pub const BATCH_ED25519_ITEM: u64 = 1161;

/// The price of [`Op::Halo2Verify`] per circuit id (`zk::halo2::CircuitId::code`): k,
/// and so the verifier's work, is fixed per circuit, so the gas is a constant per id.
pub const HALO2_VERIFY: &[(u16, u64)] = &[
    (0x0001, 310832),
    (0x0002, 267163),
    (0x0003, 274549),
    (0x0004, 270432),
    (0x0101, 637896),
    (0x0102, 1049784),
    (0x0103, 1133643),
    (0x0104, 1757097),
];

impl Op {
    /// This operation's entry in the schedule.
    pub const fn cost(self) -> Cost {
        match self {
            Op::Sha256 => Cost::new(4, 35, 0),
            Op::Sha384 => Cost::new(12, 101, 0),
            Op::Sha512 => Cost::new(12, 98, 0),
            Op::Sha3_256 => Cost::new(17, 152, 0),
            Op::Keccak256 => Cost::new(17, 148, 0),
            Op::Blake2b512 => Cost::new(9, 62, 0),
            Op::Blake2s256 => Cost::new(6, 98, 0),
            Op::Blake3 => Cost::new(3, 10, 0),
            Op::HashInit => Cost::new(3, 0, 0),
            Op::HashUpdate => Cost::new(1, 0, 0),
            Op::HashFinish => Cost::new(2, 0, 0),
            Op::HmacSha256 => Cost::new(13, 36, 0),
            Op::HmacSha384 => Cost::new(51, 101, 0),
            Op::HmacSha512 => Cost::new(52, 100, 0),
            Op::HkdfExtractSha256 => Cost::new(13, 36, 0),
            Op::HkdfExtractSha384 => Cost::new(54, 98, 0),
            Op::HkdfExtractSha512 => Cost::new(52, 100, 0),
            Op::HkdfExpandSha256 => Cost::new(9, 281, 0),
            Op::HkdfExpandSha384 => Cost::new(34, 659, 0),
            Op::HkdfExpandSha512 => Cost::new(33, 487, 0),
            Op::VerifyEd25519 => Cost::new(2479, 107, 0),
            Op::VerifyEd25519Strict => Cost::new(2486, 95, 0),
            Op::VerifyEcdsaSecp256k1 => Cost::new(1994, 38, 0),
            Op::VerifyBip340 => Cost::new(2011, 187, 0),
            Op::VerifyMlDsa44 => Cost::new(7532, 147, 0),
            Op::VerifyMlDsa65 => Cost::new(11586, 148, 0),
            Op::VerifyMlDsa87 => Cost::new(17980, 147, 0),
            Op::VerifyBls12381 => Cost::new(69529, 18, 0),
            Op::VerifyHybridEd25519MlDsa65 => Cost::new(13994, 102, 0),
            Op::Secp256k1Recover => Cost::new(1979, 0, 0),
            Op::BlsFastAggregateVerify => Cost::new(64045, 30, 3546),
            Op::BlsAggregateVerify => Cost::new(42242, 36, 24175),
            Op::BlsAggregateSignatures => Cost::new(1, 0, 4865),
            Op::MultisigVerify => Cost::new(11, 0, 3475),
            Op::BatchVerify => Cost::new(3474, 2, 0),
            Op::MlKem512Encapsulate => Cost::new(2723, 0, 0),
            Op::MlKem768Encapsulate => Cost::new(4298, 0, 0),
            Op::MlKem1024Encapsulate => Cost::new(6223, 0, 0),
            Op::MerkleInclusionSha256 => Cost::new(6, 36, 9),
            Op::MerkleInclusionKeccak256 => Cost::new(22, 141, 21),
            Op::MerkleInclusionBlake3 => Cost::new(6, 22, 9),
            Op::MerkleVerifyEthereum => Cost::new(1, 0, 21),
            Op::SparseMerkleVerifySha256 => Cost::new(14, 36, 9),
            Op::SparseMerkleVerifyKeccak256 => Cost::new(43, 139, 22),
            Op::SparseMerkleVerifyBlake3 => Cost::new(13, 9, 10),
            Op::PoseidonBn254 => Cost::new(1, 0, 1477),
            Op::Groth16VerifyBn254 => Cost::new(328324, 0, 5056),
            Op::Groth16VerifyBls12381 => Cost::new(282942, 0, 18779),
            Op::BulletproofsVerify => Cost::new(50650, 0, 35546),
            Op::KzgPointEvaluation => Cost::new(87612, 0, 0),
            Op::Halo2Verify => Cost::new(1757097, 0, 0),
        }
    }
}
// END GENERATED

/// The gas of [`Op::Halo2Verify`] for a proof of the circuit with this id ([`HALO2_VERIFY`];
/// `None` for an id with no entry, which the operation refuses before charging).
///
/// ```
/// use zcrypto::metered::{Op, schedule};
/// let most = schedule::HALO2_VERIFY.iter().map(|&(_, g)| g).max();
/// assert_eq!(most, Some(Op::Halo2Verify.cost().base));
/// assert!(schedule::halo2_verify_gas(0x0001).is_some());
/// assert_eq!(schedule::halo2_verify_gas(0x0005), None);
/// ```
pub const fn halo2_verify_gas(circuit: u16) -> Option<u64> {
    let mut i = 0;
    while i < HALO2_VERIFY.len() {
        if HALO2_VERIFY[i].0 == circuit {
            return Some(HALO2_VERIFY[i].1);
        }
        i += 1;
    }
    None
}
