//! Gas-metered cryptography over guest memory: the one path by which every VM (ZVM
//! bytecode, WASM host functions, EVM precompiles) calls zcrypto.
//!
//! Every operation takes the guest's memory ([`GuestMemory`]), a gas meter
//! ([`GasMeter`]) and `(offset, length)` ranges ([`Span`]), and runs in four steps:
//!
//! 1. **validate**: every input and output range lies inside guest memory (checked
//!    `u32` arithmetic), fixed-size inputs have their size, outputs are large enough,
//!    inputs are under their [caps](limits), the operation is compiled in;
//! 2. **charge**: the gas of the published [schedule] for these sizes, all at once;
//! 3. **work**: the library call;
//! 4. **write**: outputs into guest memory (their ranges were checked in step 1, so
//!    the writes cannot fail half-way).
//!
//! **The charging rule**: an error found in step 1 — [`Error::MemoryOutOfBounds`],
//! [`Error::BufferTooSmall`], [`Error::LimitExceeded`], [`Error::InvalidLength`] of an
//! input whose size the operation fixes (a 32-byte prehash, an ML-KEM encapsulation
//! key, a PRK), [`Error::OutputTooLong`], [`Error::UnsupportedAlgorithm`], a malformed
//! container encoding (batch, policy, message list) — charges **no gas** and touches
//! nothing (engines charge their own per-call cost for the instruction itself).
//! [`Error::OutOfGas`] charges nothing and writes nothing. Once gas is charged it is
//! not refunded: public keys and signatures are decoded in step 3, so one that fails
//! to decode (wrong length included) costs the full price.
//!
//! Nothing here needs threads, the operating system or randomness (KEM encapsulation
//! takes its 32 random bytes from the guest), so it builds for `wasm32-unknown-unknown`
//! and gives every node the same answer.
//!
//! ```
//! use zcrypto::metered::{self, Gas, Op, Span};
//! use zcrypto::hash::HashAlg;
//! let mut mem = vec![0u8; 64];
//! mem[..3].copy_from_slice(b"abc");
//! let mut gas = Gas::new(10_000);
//! let n = metered::hash::hash(&mut mem[..], &mut gas, HashAlg::Sha256, Span::new(0, 3), Span::new(32, 32))?;
//! assert_eq!(n, 32);
//! assert_eq!(&mem[32..], &zcrypto::hash::sha256(b"abc"));
//! assert_eq!(gas.used(), Op::Sha256.cost().gas(3, 0));
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! ## Verdicts and errors: what engines should do
//!
//! Verification operations return `Ok(`[`Verdict`]`)` when the inputs are well-formed
//! and the cryptographic check ran, whatever its outcome, and `Err` otherwise:
//!
//! | result | meaning | ZVM | WASM host function (`i32`) | EVM precompile |
//! |---|---|---|---|---|
//! | `Ok(Verdict::Valid)` | verifies | push 1 | return 0 | 32-byte word 1 |
//! | `Ok(Verdict::Invalid)` | well-formed, does not verify | push 0 | return 1 | 32-byte word 0 |
//! | `Err(OutOfGas)` | not enough gas; nothing done | out-of-gas halt | trap | out of gas (all gas consumed) |
//! | `Err(MemoryOutOfBounds)` | a range outside memory | trap | trap | cannot happen (input is copied); revert |
//! | `Err(e)`, any other | malformed input (a key or signature that does not decode, wrong length, over a cap, unsupported) | push 0 and set the error register to `e.code()` | return `256 + e.code()` | empty output (like `ecrecover`) |
//!
//! An `Err` other than the first two is never "valid": engines that only need a
//! boolean treat it as invalid. Which malformations are caught as `Err` rather than
//! `Invalid` depends on where each scheme's decoding ends (e.g. an Ed25519 `s ≥ L` or a
//! malformed ML-DSA hint is `Err(InvalidSignature)`, found by decoding, while an
//! Ed25519 `R` that is not a curve point is `Invalid`, found by the check).
//!
pub mod batch;
pub mod bls;
pub mod gas;
pub mod hash;
pub mod kem;
pub mod limits;
pub mod mac;
pub mod memory;
pub mod merkle;
pub mod multisig;
pub mod op;
pub mod poseidon;
pub mod recover;
pub mod schedule;
pub mod stream;
pub mod verify;
pub mod zk;

pub use gas::{Gas, GasMeter};
pub use memory::{GuestMemory, Span};
pub use op::Op;
pub use recover::RecoverOutput;
pub use schedule::Cost;
pub use stream::HashStreams;
pub use verify::{SignatureSpans, Verdict};

use crate::Error;

/// `span.len` as a byte count for the schedule, or [`Error::LimitExceeded`] over `max`.
pub(crate) fn capped(span: Span, max: u32) -> Result<u64, Error> {
    if span.len > max {
        Err(Error::LimitExceeded)
    } else {
        Ok(u64::from(span.len))
    }
}

/// Checks that a fixed-size input has its size (before any gas is charged).
pub(crate) fn fixed(span: Span, len: usize) -> Result<(), Error> {
    Error::check_len(len, span.len_usize())
}
