//! Signature verification precompiles: Ed25519 (ZIP-215, also FROST(Ed25519, SHA-512)
//! group signatures), BIP-340, ML-DSA-44/65/87 and the hybrid Ed25519 + ML-DSA-65.
//!
//! Input: `abi.encode(bytes pk, bytes msg, bytes ctx, bytes sig)`; `ctx` must be empty
//! for schemes without a context (Ed25519, BIP-340). Output: the verdict word.

use zcrypto::metered::{Gas, Op, SignatureSpans, Span, verify};

use super::{Out, Output, Precompile};

/// A signature verification precompile for `op`.
const fn verifier(name: &'static str, op: Op) -> Precompile {
    Precompile {
        name,
        op,
        inputs: "`(bytes pk, bytes msg, bytes ctx, bytes sig)`",
        output: "word 1 / 0",
        arity: 4,
        out_len: 0,
        run,
    }
}

fn run(op: Op, mem: &mut [u8], a: &[Span], _out: Span, gas: &mut Gas) -> Output {
    let spans = SignatureSpans {
        public_key: a[0],
        message: a[1],
        context: a[2],
        signature: a[3],
    };
    verify::verify(&*mem, gas, op, spans).map(Out::Verdict)
}

/// Ed25519 under ZIP-215; FROST(Ed25519, SHA-512) group signatures verify here too.
pub(super) const ED25519: Precompile = verifier(
    "Ed25519 verify (ZIP-215); FROST(Ed25519, SHA-512) group signatures too",
    Op::VerifyEd25519,
);

/// BIP-340 Schnorr.
pub(super) const BIP340: Precompile = verifier("BIP-340 Schnorr verify", Op::VerifyBip340);

/// ML-DSA-44.
pub(super) const ML_DSA_44: Precompile = verifier(
    "ML-DSA-44 verify (`ctx`: the FIPS 204 context)",
    Op::VerifyMlDsa44,
);

/// ML-DSA-65.
pub(super) const ML_DSA_65: Precompile = verifier(
    "ML-DSA-65 verify (`ctx`: the FIPS 204 context)",
    Op::VerifyMlDsa65,
);

/// ML-DSA-87.
pub(super) const ML_DSA_87: Precompile = verifier(
    "ML-DSA-87 verify (`ctx`: the FIPS 204 context)",
    Op::VerifyMlDsa87,
);

/// Composite Ed25519 + ML-DSA-65.
pub(super) const HYBRID: Precompile = verifier(
    "hybrid Ed25519 + ML-DSA-65 verify (`ctx`: the context string)",
    Op::VerifyHybridEd25519MlDsa65,
);
