//! Batch signature verification: one blob in zcrypto's metered batch encoding
//! (`zcrypto::metered::batch`: little-endian count, then per item op id, lengths, key,
//! signature, context, message). Valid iff every item verifies.

use zcrypto::metered::{Gas, Op, Span, batch};

use super::{Out, Output, Precompile};

/// Batch verify.
pub(super) const BATCH_VERIFY: Precompile = Precompile {
    name: "batch verify (mixed schemes)",
    op: Op::BatchVerify,
    inputs: "`(bytes batch)`: zcrypto's metered batch encoding",
    output: "word 1 / 0",
    arity: 1,
    out_len: 0,
    run,
};

fn run(_op: Op, mem: &mut [u8], a: &[Span], _out: Span, gas: &mut Gas) -> Output {
    batch::verify(&*mem, gas, a[0]).map(Out::Verdict)
}
