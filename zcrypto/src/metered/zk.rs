//! Zero-knowledge proof verification: Groth16 over BN254
//! ([`Op::Groth16VerifyBn254`]) and BLS12-381 ([`Op::Groth16VerifyBls12381`]).
//!
//! Inputs, all in zcrypto's binary forms ([`zk::encoding`](crate::zk::encoding)):
//!
//! | input | BN254 | BLS12-381 |
//! |---|---:|---:|
//! | verifying key: tag ‖ α ‖ β ‖ γ ‖ δ ‖ n (u32 LE) ‖ IC₀ … ICₙ | 261 + 32n | 389 + 48n |
//! | proof: tag ‖ A ‖ B ‖ C | 129 | 193 |
//! | public inputs: n big-endian 32-byte field elements | 32n | 32n |
//!
//! Gas: `base + per item × n` (the key's points are decoded and subgroup-checked and
//! its pairing e(α, β) computed on every call, so the key is part of the price).
//!
//! Free errors (step 1, nothing charged): spans outside memory, public inputs not a
//! multiple of 32 bytes, more than [`MAX_GROTH16_INPUTS`](super::limits::MAX_GROTH16_INPUTS)
//! of them, a key or proof whose length, curve tag or `n` does not match. After the
//! charge, a point that fails to decode or is outside its subgroup, or an input not
//! below the field modulus, is `Err` (full price); a proof that decodes but does not
//! verify is [`Verdict::Invalid`].
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use zcrypto::metered::{zk, Gas, Op, Span, Verdict};
//! use zcrypto::zk::{Curve, Proof, PublicInputs, VerifyingKey};
//!
//! let vk = VerifyingKey::from_snarkjs_json(include_str!(
//!     "../../../vectors/zk/groth16/bn128/verification_key.json"
//! ))?;
//! let proof = Proof::from_snarkjs_json(
//!     Curve::Bn254,
//!     include_str!("../../../vectors/zk/groth16/bn128/proof.json"),
//! )?;
//! let public = PublicInputs::from_decimal_strs(Curve::Bn254, &["38", "5"])?;
//!
//! // Guest memory: key ‖ proof ‖ inputs.
//! let mut mem = vk.to_bytes();
//! let (k, p) = (mem.len() as u32, proof.to_bytes());
//! mem.extend_from_slice(&p);
//! for x in public.to_be_bytes() {
//!     mem.extend_from_slice(&x);
//! }
//! let spans = (Span::new(0, k), Span::new(k, 129), Span::new(k + 129, 64));
//! let mut gas = Gas::new(10_000_000);
//! let v = zk::verify_groth16(&mem[..], &mut gas, Op::Groth16VerifyBn254, spans.0, spans.1, spans.2)?;
//! assert_eq!(v, Verdict::Valid);
//! assert_eq!(gas.used(), Op::Groth16VerifyBn254.cost().gas(0, 2));
//! # }
//! # Ok::<(), zcrypto::Error>(())
//! ```

use super::limits::MAX_GROTH16_INPUTS;
use super::{GasMeter, GuestMemory, Op, Span, Verdict};
use crate::Error;
use crate::zk::{self, Curve, Proof, PublicInputs, VerifyingKey};

/// Verifies a Groth16 proof for the curve of `op` ([`Op::Groth16VerifyBn254`] or
/// [`Op::Groth16VerifyBls12381`]; another op is [`Error::UnsupportedAlgorithm`]).
pub fn verify_groth16<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &M,
    gas: &mut G,
    op: Op,
    vk: Span,
    proof: Span,
    inputs: Span,
) -> Result<Verdict, Error> {
    let (curve, tag, point_g1, proof_len) = match op {
        Op::Groth16VerifyBn254 => (Curve::Bn254, 1u8, 32usize, 129usize),
        Op::Groth16VerifyBls12381 => (Curve::Bls12_381, 2, 48, 193),
        _ => return Err(Error::UnsupportedAlgorithm),
    };
    let (vk_bytes, proof_bytes, input_bytes) = (mem.read(vk)?, mem.read(proof)?, mem.read(inputs)?);
    if input_bytes.len() % 32 != 0 {
        return Err(Error::InvalidLength {
            expected: input_bytes.len().div_ceil(32) * 32,
            got: input_bytes.len(),
        });
    }
    let n = input_bytes.len() / 32;
    if n > MAX_GROTH16_INPUTS as usize {
        return Err(Error::LimitExceeded);
    }
    // tag ‖ α (G1) ‖ β, γ, δ (G2) ‖ n ‖ IC₀ … ICₙ (G1).
    let n_at = 1 + point_g1 + 3 * 2 * point_g1;
    Error::check_len(n_at + 4 + (n + 1) * point_g1, vk_bytes.len())?;
    Error::check_len(proof_len, proof_bytes.len())?;
    let key_n = u32::from_le_bytes([
        vk_bytes[n_at],
        vk_bytes[n_at + 1],
        vk_bytes[n_at + 2],
        vk_bytes[n_at + 3],
    ]);
    if vk_bytes[0] != tag || proof_bytes[0] != tag || key_n as usize != n {
        return Err(Error::InvalidEncoding);
    }

    gas.charge(op.cost().gas(0, n as u64))?;

    let vk = VerifyingKey::from_bytes(vk_bytes)?;
    let proof = Proof::from_bytes(proof_bytes)?;
    let mut elements = Vec::with_capacity(n);
    for c in input_bytes.chunks_exact(32) {
        let mut x = [0u8; 32];
        x.copy_from_slice(c);
        elements.push(x);
    }
    let public = PublicInputs::from_be_bytes(curve, &elements)?;
    match zk::verify(&vk.prepare(), &proof, &public) {
        Ok(()) => Ok(Verdict::Valid),
        Err(Error::InvalidProof) => Ok(Verdict::Invalid),
        Err(e) => Err(e),
    }
}
