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
//! | 0x0100 | `sha256` | 4 | 35 | 0 | 61 ns | 0.690 ns | 0 ns |
//! | 0x0101 | `sha384` | 13 | 107 | 0 | 242 ns | 2.127 ns | 0 ns |
//! | 0x0102 | `sha512` | 13 | 102 | 0 | 250 ns | 2.026 ns | 0 ns |
//! | 0x0103 | `sha3_256` | 15 | 142 | 0 | 296 ns | 2.839 ns | 0 ns |
//! | 0x0104 | `keccak256` | 17 | 147 | 0 | 327 ns | 2.927 ns | 0 ns |
//! | 0x0105 | `blake2b_512` | 9 | 62 | 0 | 164 ns | 1.227 ns | 0 ns |
//! | 0x0106 | `blake2s_256` | 6 | 90 | 0 | 102 ns | 1.800 ns | 0 ns |
//! | 0x0107 | `blake3` | 3 | 9 | 0 | 57 ns | 0.177 ns | 0 ns |
//! | 0x0110 | `hash_init` | 3 | 0 | 0 | 50 ns | 0.000 ns | 0 ns |
//! | 0x0111 | `hash_update` | 1 | 0 | 0 | 2 ns | 0.000 ns | 0 ns |
//! | 0x0112 | `hash_finish` | 1 | 0 | 0 | 6 ns | 0.000 ns | 0 ns |
//! | 0x0200 | `hmac_sha256` | 12 | 36 | 0 | 234 ns | 0.712 ns | 0 ns |
//! | 0x0201 | `hmac_sha384` | 51 | 101 | 0 | 1015 ns | 2.019 ns | 0 ns |
//! | 0x0202 | `hmac_sha512` | 52 | 101 | 0 | 1020 ns | 2.019 ns | 0 ns |
//! | 0x0210 | `hkdf_extract_sha256` | 13 | 36 | 0 | 250 ns | 0.714 ns | 0 ns |
//! | 0x0211 | `hkdf_extract_sha384` | 53 | 103 | 0 | 1053 ns | 2.051 ns | 0 ns |
//! | 0x0212 | `hkdf_extract_sha512` | 51 | 101 | 0 | 1018 ns | 2.012 ns | 0 ns |
//! | 0x0220 | `hkdf_expand_sha256` | 9 | 273 | 0 | 167 ns | 5.459 ns | 0 ns |
//! | 0x0221 | `hkdf_expand_sha384` | 31 | 614 | 0 | 601 ns | 12.272 ns | 0 ns |
//! | 0x0222 | `hkdf_expand_sha512` | 30 | 467 | 0 | 593 ns | 9.331 ns | 0 ns |
//! | 0x0300 | `verify_ed25519` | 2526 | 106 | 0 | 50510 ns | 2.104 ns | 0 ns |
//! | 0x0301 | `verify_ed25519_strict` | 2288 | 89 | 0 | 45740 ns | 1.775 ns | 0 ns |
//! | 0x0302 | `verify_ecdsa_secp256k1` | 1868 | 36 | 0 | 37348 ns | 0.715 ns | 0 ns |
//! | 0x0303 | `verify_bip340` | 1885 | 180 | 0 | 37685 ns | 3.584 ns | 0 ns |
//! | 0x0304 | `verify_ml_dsa_44` | 7101 | 143 | 0 | 142016 ns | 2.844 ns | 0 ns |
//! | 0x0305 | `verify_ml_dsa_65` | 10885 | 139 | 0 | 217691 ns | 2.776 ns | 0 ns |
//! | 0x0306 | `verify_ml_dsa_87` | 17043 | 139 | 0 | 340856 ns | 2.776 ns | 0 ns |
//! | 0x0307 | `verify_bls12_381` | 67442 | 35 | 0 | 1348835 ns | 0.692 ns | 0 ns |
//! | 0x0308 | `verify_ed25519_ml_dsa_65` | 13992 | 104 | 0 | 279825 ns | 2.064 ns | 0 ns |
//! | 0x0310 | `secp256k1_recover` | 2068 | 0 | 0 | 41347 ns | 0.000 ns | 0 ns |
//! | 0x0400 | `bls_fast_aggregate_verify` | 66561 | 33 | 3485 | 1331207 ns | 0.648 ns | 69690 ns |
//! | 0x0401 | `bls_aggregate_verify` | 44978 | 33 | 24403 | 899560 ns | 0.659 ns | 488041 ns |
//! | 0x0402 | `bls_aggregate_signatures` | 1 | 0 | 4751 | 0 ns | 0.000 ns | 95019 ns |
//! | 0x0500 | `multisig_verify` | 20 | 0 | 3364 | 389 ns | 0.000 ns | 67278 ns |
//! | 0x0510 | `batch_verify` | 3825 | 8 | 0 | 76495 ns | 0.152 ns | 0 ns |
//! | 0x0600 | `ml_kem_512_encapsulate` | 2676 | 0 | 0 | 53508 ns | 0.000 ns | 0 ns |
//! | 0x0601 | `ml_kem_768_encapsulate` | 4095 | 0 | 0 | 81886 ns | 0.000 ns | 0 ns |
//! | 0x0602 | `ml_kem_1024_encapsulate` | 5851 | 0 | 0 | 117014 ns | 0.000 ns | 0 ns |
//! | — | batch Ed25519 item | — | — | 1192 | — | — | 23823 ns |

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
// Machine: Intel(R) Xeon(R) Processor (2 logical CPUs); date: 2026-11-21;
// rate: 1 gas = 20 ns of process CPU time; minimum over 3 passes of 7 runs;
// native backend (default features), zcrypto's own parallelism pinned to one thread.

/// Per Ed25519 / FROST(Ed25519) item of a batch (one randomised multiscalar
/// multiplication for the whole batch), plus the per-byte rate of
/// [`Op::VerifyEd25519`] over the item's message.
pub const BATCH_ED25519_ITEM: u64 = 1192;

impl Op {
    /// This operation's entry in the schedule.
    pub const fn cost(self) -> Cost {
        match self {
            Op::Sha256 => Cost::new(4, 35, 0),
            Op::Sha384 => Cost::new(13, 107, 0),
            Op::Sha512 => Cost::new(13, 102, 0),
            Op::Sha3_256 => Cost::new(15, 142, 0),
            Op::Keccak256 => Cost::new(17, 147, 0),
            Op::Blake2b512 => Cost::new(9, 62, 0),
            Op::Blake2s256 => Cost::new(6, 90, 0),
            Op::Blake3 => Cost::new(3, 9, 0),
            Op::HashInit => Cost::new(3, 0, 0),
            Op::HashUpdate => Cost::new(1, 0, 0),
            Op::HashFinish => Cost::new(1, 0, 0),
            Op::HmacSha256 => Cost::new(12, 36, 0),
            Op::HmacSha384 => Cost::new(51, 101, 0),
            Op::HmacSha512 => Cost::new(52, 101, 0),
            Op::HkdfExtractSha256 => Cost::new(13, 36, 0),
            Op::HkdfExtractSha384 => Cost::new(53, 103, 0),
            Op::HkdfExtractSha512 => Cost::new(51, 101, 0),
            Op::HkdfExpandSha256 => Cost::new(9, 273, 0),
            Op::HkdfExpandSha384 => Cost::new(31, 614, 0),
            Op::HkdfExpandSha512 => Cost::new(30, 467, 0),
            Op::VerifyEd25519 => Cost::new(2526, 106, 0),
            Op::VerifyEd25519Strict => Cost::new(2288, 89, 0),
            Op::VerifyEcdsaSecp256k1 => Cost::new(1868, 36, 0),
            Op::VerifyBip340 => Cost::new(1885, 180, 0),
            Op::VerifyMlDsa44 => Cost::new(7101, 143, 0),
            Op::VerifyMlDsa65 => Cost::new(10885, 139, 0),
            Op::VerifyMlDsa87 => Cost::new(17043, 139, 0),
            Op::VerifyBls12381 => Cost::new(67442, 35, 0),
            Op::VerifyHybridEd25519MlDsa65 => Cost::new(13992, 104, 0),
            Op::Secp256k1Recover => Cost::new(2068, 0, 0),
            Op::BlsFastAggregateVerify => Cost::new(66561, 33, 3485),
            Op::BlsAggregateVerify => Cost::new(44978, 33, 24403),
            Op::BlsAggregateSignatures => Cost::new(1, 0, 4751),
            Op::MultisigVerify => Cost::new(20, 0, 3364),
            Op::BatchVerify => Cost::new(3825, 8, 0),
            Op::MlKem512Encapsulate => Cost::new(2676, 0, 0),
            Op::MlKem768Encapsulate => Cost::new(4095, 0, 0),
            Op::MlKem1024Encapsulate => Cost::new(5851, 0, 0),
        }
    }
}
// END GENERATED
