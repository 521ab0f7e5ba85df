//! Caps: the largest input any one metered operation accepts, chosen so that its
//! working memory (heap allocated while it runs; guest memory is borrowed, not copied)
//! stays under [`WORKING_MEMORY`] — measured for every operation at its caps by
//! `tests/metered.rs` with a counting allocator. An input over a cap is
//! [`Error::LimitExceeded`](crate::Error::LimitExceeded), before any gas is charged.
//!
//! The caps also bound the time of one call, independently of the gas price.

/// The working-memory budget the caps are chosen for: 100 KiB.
pub const WORKING_MEMORY: usize = 100 << 10;

/// The most bytes one hash, HMAC, HKDF-Extract or streaming `update` call reads (1 MiB).
pub const MAX_HASH_INPUT: u32 = 1 << 20;

/// The longest HKDF-Expand `info` (1 KiB).
pub const MAX_HKDF_INFO: u32 = 1 << 10;

/// The longest signed message, for every verification operation (1 MiB).
pub const MAX_MESSAGE_LEN: u32 = 1 << 20;

/// The longest context string (ML-DSA and the hybrid scheme; FIPS 204's own bound).
pub const MAX_CONTEXT_LEN: u32 = 255;

/// The most items in one batch verification (the Ed25519 multiscalar multiplication
/// takes about 3.5 KiB of tables per item).
pub const MAX_BATCH_ITEMS: u32 = 16;

/// The longest batch encoding, messages included (1 MiB).
pub const MAX_BATCH_LEN: u32 = 1 << 20;

/// The most keys (and, for AggregateVerify, messages) in one BLS operation; the most
/// signatures in one aggregation.
pub const MAX_BLS_KEYS: u32 = 128;

/// The most keys N in one M-of-N policy.
pub const MAX_MULTISIG_KEYS: u32 = 16;

/// The longest M-of-N policy encoding (16 ML-DSA-87 keys fit).
pub const MAX_POLICY_LEN: u32 = 48 << 10;

/// The longest encoded Merkle proof (an inclusion proof of 64 nodes or a sparse proof
/// of depth 256 fits).
pub const MAX_PROOF_LEN: u32 = 9 << 10;

/// The most public inputs of one Groth16 verification (its key holds one G1 point
/// more; decoding and subgroup-checking them bounds the call's time).
pub const MAX_GROTH16_INPUTS: u32 = 64;

/// The most commitments of one Bulletproofs range proof (the proof system's own
/// aggregation limit, [`MAX_AGGREGATION`](crate::zk::bulletproofs::MAX_AGGREGATION)).
///
/// **The one operation over [`WORKING_MEMORY`]**: the `bulletproofs` crate's verifier
/// allocates its multiscalar multiplication, about 370 KB for one 64-bit value and
/// about 1 MB at this cap (16 × 64 bits; `tests/metered.rs` holds it under 1.25 MiB).
/// No cap that still admits a single 64-bit proof fits the budget, so the cap is the
/// proof system's own and the time is bounded by the gas price.
pub const MAX_BULLETPROOFS_COMMITMENTS: u32 = 16;

/// The most streaming hashes open at once in one [`HashStreams`](super::HashStreams) table.
pub const MAX_STREAMS: usize = 8;
