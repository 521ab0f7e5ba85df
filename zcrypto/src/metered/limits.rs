//! Caps: the largest input any one metered operation accepts, chosen so that its
//! working memory (heap allocated while it runs; guest memory is borrowed, not copied)
//! stays under [`WORKING_MEMORY`] — measured for every operation at its caps by
//! `tests/metered.rs` with a counting allocator. An input over a cap is
//! [`Error::LimitExceeded`](crate::Error::LimitExceeded), before any gas is charged.
//! Two proof verifiers exceed the budget whatever the cap (their memory is the proof
//! system's own, not the caller's): Bulletproofs
//! ([`MAX_BULLETPROOFS_COMMITMENTS`]) and halo2 ([`MAX_HALO2_ENCODING`]).
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
/// **One of the two operations over [`WORKING_MEMORY`]** (with halo2, see
/// [`MAX_HALO2_ENCODING`]): the `bulletproofs` crate's verifier
/// allocates its multiscalar multiplication, about 370 KB for one 64-bit value and
/// about 1 MB at this cap (16 × 64 bits; `tests/metered.rs` holds it under 1.25 MiB).
/// No cap that still admits a single 64-bit proof fits the budget, so the cap is the
/// proof system's own and the time is bounded by the gas price.
pub const MAX_BULLETPROOFS_COMMITMENTS: u32 = 16;

/// The longest halo2 encoding (circuit id ‖ public inputs ‖ proof) one
/// [`Op::Halo2Verify`](super::Op::Halo2Verify) call reads: the library's own bound,
/// `zk::halo2::MAX_ENCODED_LEN` (2 + 8 × 32 + 8 KiB); every shipped circuit's encoding
/// is shorter and must have its exact length.
///
/// **Over [`WORKING_MEMORY`]**, like Bulletproofs: `halo2_proofs`' verifier builds a
/// multiscalar multiplication over the circuit's 2ᵏ parameter points, about 790 KB for
/// the largest shipped circuit (Merkle membership at depth 32, k = 11; `tests/metered.rs`
/// holds it under 1 MiB). The work is fixed by the circuit, not by the caller, and is
/// paid by the circuit's price. (The parameters and verifying key themselves are built
/// once per process and shared, not per call.)
pub const MAX_HALO2_ENCODING: u32 = 2 + 8 * 32 + 8 * 1024;

/// The most streaming hashes open at once in one [`HashStreams`](super::HashStreams) table.
pub const MAX_STREAMS: usize = 8;
