//! BLS12-381 aggregate verification (Ethereum's proof-of-possession ciphersuite):
//! FastAggregateVerify and AggregateVerify. Keys are `n × 48` compressed bytes back to
//! back, the signature 96 compressed bytes; AggregateVerify's messages are
//! `n × (u32 little-endian length ‖ message)`, one per key (zcrypto's metered encoding).

use zcrypto::metered::{Gas, Op, Span, bls};

use super::{Out, Output, Precompile};

/// FastAggregateVerify: one message, many keys.
pub(super) const FAST_AGGREGATE_VERIFY: Precompile = Precompile {
    name: "BLS12-381 fast-aggregate verify",
    op: Op::BlsFastAggregateVerify,
    inputs: "`(bytes keys, bytes msg, bytes sig)`: keys = n × 48-byte compressed G1",
    output: "word 1 / 0",
    arity: 3,
    out_len: 0,
    run: fast,
};

/// AggregateVerify: one message per key.
pub(super) const AGGREGATE_VERIFY: Precompile = Precompile {
    name: "BLS12-381 aggregate verify",
    op: Op::BlsAggregateVerify,
    inputs: "`(bytes keys, bytes msgs, bytes sig)`: msgs = n × (u32 LE length ‖ message)",
    output: "word 1 / 0",
    arity: 3,
    out_len: 0,
    run: aggregate,
};

fn fast(_op: Op, mem: &mut [u8], a: &[Span], _out: Span, gas: &mut Gas) -> Output {
    bls::fast_aggregate_verify(&*mem, gas, a[0], a[1], a[2]).map(Out::Verdict)
}

fn aggregate(_op: Op, mem: &mut [u8], a: &[Span], _out: Span, gas: &mut Gas) -> Output {
    bls::aggregate_verify(&*mem, gas, a[0], a[1], a[2]).map(Out::Verdict)
}
