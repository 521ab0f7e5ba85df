//! Zero-knowledge proof verification: Groth16 over BN254
//! ([`Op::Groth16VerifyBn254`]) and BLS12-381 ([`Op::Groth16VerifyBls12381`]),
//! Bulletproofs range proofs ([`Op::BulletproofsVerify`], [`verify_bulletproofs`]),
//! EIP-4844 KZG point evaluation ([`Op::KzgPointEvaluation`], [`kzg_point_evaluation`])
//! and halo2 proofs of zcrypto's shipped circuits ([`Op::Halo2Verify`], [`verify_halo2`]).
//!
//! ## Groth16
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

use super::limits::{MAX_BULLETPROOFS_COMMITMENTS, MAX_GROTH16_INPUTS, MAX_HALO2_ENCODING};
use super::schedule::halo2_verify_gas;
use super::{GasMeter, GuestMemory, Op, Span, Verdict, capped, fixed};
use crate::Error;
use crate::zk::bulletproofs::{BitSize, Commitment, RangeProof};
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

/// Verifies a Bulletproofs range proof ([`Op::BulletproofsVerify`]): every value committed
/// in `commitments` fits in the bit size given by the one byte at `bits`.
///
/// Inputs ([`zk::bulletproofs`](crate::zk::bulletproofs)):
///
/// | input | bytes |
/// |---|---:|
/// | proof: [`RangeProof::to_bytes`] | `32·(9 + 2·log₂(n·m))`: 480 … 928 |
/// | commitments: m compressed Ristretto points, in the prover's order | 32m, m ∈ {1, 2, 4, 8, 16} |
/// | bit size n: one byte, 8, 16, 32 or 64 | 1 |
///
/// The bit size is a one-byte range (not part of the proof, which does not name it) so
/// that every engine passes it the same way as its other inputs, and so that the
/// contract, not the prover, chooses the range it checks.
///
/// Gas: `base + per item × m`. Working memory: over the usual budget (about 1 MB at
/// the cap; see [`MAX_BULLETPROOFS_COMMITMENTS`](super::limits::MAX_BULLETPROOFS_COMMITMENTS)).
///
/// Free errors (nothing charged): spans outside memory; a bit-size range that is not one
/// byte ([`Error::InvalidLength`]) or a byte other than 8, 16, 32, 64
/// ([`Error::UnsupportedAlgorithm`]); commitments not a multiple of 32 bytes or empty
/// ([`Error::InvalidLength`]), more than
/// [`MAX_BULLETPROOFS_COMMITMENTS`](super::limits::MAX_BULLETPROOFS_COMMITMENTS)
/// ([`Error::LimitExceeded`]), a count that is not a power of two
/// ([`Error::InvalidLength`]); a proof whose length is not the one for (n, m)
/// ([`Error::InvalidLength`]). After the charge: a commitment that is not a canonical
/// Ristretto encoding is `Err(InvalidEncoding)`, a proof with a non-canonical scalar
/// `Err(InvalidProof)` (full price); a proof that decodes but does not verify is
/// [`Verdict::Invalid`].
///
/// ```
/// use zcrypto::metered::{zk, Gas, Op, Span, Verdict};
/// use zcrypto::zk::bulletproofs::{BitSize, Blinding, RangeProof};
///
/// let blinding = Blinding::from_bytes([7; 32])?;
/// let (proof, c) = RangeProof::prove_single_with_entropy(BitSize::Bits64, 42, &blinding, &[9; 32])?;
/// // Guest memory: proof ‖ commitment ‖ bit size.
/// let mut mem = proof.to_bytes();
/// let p = mem.len() as u32;
/// mem.extend_from_slice(c.as_bytes());
/// mem.push(64);
/// let mut gas = Gas::new(10_000_000);
/// let v = zk::verify_bulletproofs(&mem[..], &mut gas, Span::new(0, p), Span::new(p, 32), Span::new(p + 32, 1))?;
/// assert_eq!(v, Verdict::Valid);
/// assert_eq!(gas.used(), Op::BulletproofsVerify.cost().gas(0, 1));
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn verify_bulletproofs<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &M,
    gas: &mut G,
    proof: Span,
    commitments: Span,
    bits: Span,
) -> Result<Verdict, Error> {
    let (proof_bytes, commitment_bytes, bits_bytes) =
        (mem.read(proof)?, mem.read(commitments)?, mem.read(bits)?);
    Error::check_len(1, bits_bytes.len())?;
    let bits =
        BitSize::from_bits(usize::from(bits_bytes[0])).map_err(|_| Error::UnsupportedAlgorithm)?;
    if commitment_bytes.is_empty() || commitment_bytes.len() % 32 != 0 {
        return Err(Error::InvalidLength {
            expected: commitment_bytes.len().div_ceil(32).max(1) * 32,
            got: commitment_bytes.len(),
        });
    }
    let m = commitment_bytes.len() / 32;
    if m > MAX_BULLETPROOFS_COMMITMENTS as usize {
        return Err(Error::LimitExceeded);
    }
    let expected = bits.proof_len(m).ok_or(Error::InvalidLength {
        expected: m.next_power_of_two() * 32,
        got: commitment_bytes.len(),
    })?;
    Error::check_len(expected, proof_bytes.len())?;

    gas.charge(Op::BulletproofsVerify.cost().gas(0, m as u64))?;

    let commitments = commitment_bytes
        .chunks_exact(32)
        .map(Commitment::from_slice)
        .collect::<Result<Vec<_>, _>>()?;
    let proof = RangeProof::from_bytes(proof_bytes)?;
    match proof.verify(bits, &commitments) {
        Ok(()) => Ok(Verdict::Valid),
        Err(Error::InvalidProof) => Ok(Verdict::Invalid),
        Err(e) => Err(e),
    }
}

/// EIP-4844 point evaluation ([`Op::KzgPointEvaluation`]; needs the `kzg` feature,
/// otherwise `Err(UnsupportedAlgorithm)` with no gas charged): `input` is the 192-byte
/// input of Ethereum's `0x0a` precompile, `versioned_hash (32) ‖ z (32) ‖ y (32) ‖
/// commitment (48) ‖ proof (48)`, under the mainnet trusted setup.
///
/// The answer is a [`Verdict`], not the precompile's 64-byte output (which is a constant,
/// `FIELD_ELEMENTS_PER_BLOB ‖ BLS_MODULUS`, on success): every engine gets the same
/// valid / invalid / malformed answer as for its other proof systems. EVM contracts that
/// want the standard output call `0x0a` itself.
///
/// Gas: a constant `base`. Free error: a range outside memory, or an input other than
/// 192 bytes ([`Error::InvalidLength`]). After the charge: a versioned hash that is not
/// the commitment's, or a proof that does not verify, is [`Verdict::Invalid`]; z or y
/// not below the BLS modulus, or a commitment or proof that is not a valid G1 point, is
/// `Err(InvalidEncoding)` (full price).
pub fn kzg_point_evaluation<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &M,
    gas: &mut G,
    input: Span,
) -> Result<Verdict, Error> {
    let op = Op::KzgPointEvaluation.require()?;
    let bytes = mem.read(input)?;
    fixed(input, 192)?;
    gas.charge(op.cost().gas(0, 0))?;
    point_evaluation(bytes)
}

#[cfg(feature = "kzg")]
fn point_evaluation(input: &[u8]) -> Result<Verdict, Error> {
    match crate::zk::kzg::point_evaluation(input) {
        Ok(_) => Ok(Verdict::Valid),
        Err(Error::InvalidProof) => Ok(Verdict::Invalid),
        Err(e) => Err(e),
    }
}

#[cfg(not(feature = "kzg"))]
fn point_evaluation(_: &[u8]) -> Result<Verdict, Error> {
    Err(Error::UnsupportedAlgorithm)
}

/// Verifies one encoded halo2 proof ([`Op::Halo2Verify`]; needs the `halo2` feature,
/// otherwise `Err(UnsupportedAlgorithm)` with no gas charged): `encoding` is the
/// `zk::halo2` encoding of a statement and its proof, `circuit id (2 bytes, big-endian) ‖
/// public inputs (32 bytes each, canonical little-endian 𝔽ₚ) ‖ proof`, as
/// `zk::halo2::encode` and `zcrypto zk prove halo2 --json` produce it.
///
/// The answer says that the proof holds for the public inputs in the encoding; the caller
/// must still check that the circuit id and the public inputs (the commitment, the Merkle
/// root) are the ones it expects.
///
/// Gas: a constant per circuit id ([`halo2_verify_gas`](super::schedule::halo2_verify_gas):
/// k, and so the verifier's work, is fixed per circuit), read from the first two bytes
/// before any work.
///
/// Free errors (nothing charged), in this order: a range outside memory; an encoding over
/// [`MAX_HALO2_ENCODING`](super::limits::MAX_HALO2_ENCODING) ([`Error::LimitExceeded`]);
/// fewer than 2 bytes ([`Error::InvalidLength`]); a circuit id with no shipped circuit
/// ([`Error::UnsupportedAlgorithm`], as Bulletproofs' unknown bit size); a length other
/// than the circuit's exact encoded length ([`Error::InvalidLength`]). After the charge: a
/// public input that is not a canonical field element (≥ p) is `Err(InvalidEncoding)`
/// (full price); a proof that does not verify, including one whose bytes are not points
/// or scalars, is [`Verdict::Invalid`].
///
/// The first call for a circuit also computes its IPA parameters and verifying key (once
/// per process, not metered): call `zk::halo2::warm_up` for every circuit at start-up so
/// that no transaction waits for it.
///
/// ```
/// # #[cfg(feature = "halo2")] {
/// use zcrypto::metered::{schedule, zk, Gas, Op, Span, Verdict};
/// use zcrypto::zk::bulletproofs::BitSize;
/// use zcrypto::zk::halo2::{self, Blinding};
///
/// let blinding = Blinding::from_bytes([7; 32])?;
/// let (statement, proof) = halo2::prove_range_with_entropy(BitSize::Bits8, 42, &blinding, &[9; 32])?;
/// let mem = halo2::encode(&statement, &proof); // guest memory: the encoding
/// let mut gas = Gas::new(10_000_000);
/// let v = zk::verify_halo2(&mem[..], &mut gas, Span::new(0, mem.len() as u32))?;
/// assert_eq!(v, Verdict::Valid);
/// assert_eq!(Some(gas.used()), schedule::halo2_verify_gas(statement.circuit().code()));
/// # }
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn verify_halo2<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &M,
    gas: &mut G,
    encoding: Span,
) -> Result<Verdict, Error> {
    Op::Halo2Verify.require()?;
    let bytes = mem.read(encoding)?;
    capped(encoding, MAX_HALO2_ENCODING)?;
    let [hi, lo, ..] = bytes else {
        return Err(Error::InvalidLength {
            expected: 2,
            got: bytes.len(),
        });
    };
    let circuit = u16::from_be_bytes([*hi, *lo]);
    let price = halo2_verify_gas(circuit).ok_or(Error::UnsupportedAlgorithm)?;
    Error::check_len(halo2_encoded_len(circuit)?, bytes.len())?;
    gas.charge(price)?;
    halo2_verify(bytes)
}

/// The exact encoded length for a shipped circuit id.
#[cfg(feature = "halo2")]
fn halo2_encoded_len(circuit: u16) -> Result<usize, Error> {
    crate::zk::halo2::CircuitId::from_code(circuit)
        .map(|c| c.encoded_len())
        .map_err(|_| Error::UnsupportedAlgorithm)
}

#[cfg(not(feature = "halo2"))]
fn halo2_encoded_len(_: u16) -> Result<usize, Error> {
    Err(Error::UnsupportedAlgorithm)
}

#[cfg(feature = "halo2")]
fn halo2_verify(bytes: &[u8]) -> Result<Verdict, Error> {
    use crate::zk::halo2;
    let (statement, proof) = halo2::decode(bytes)?;
    match halo2::verify(&statement, &proof) {
        Ok(()) => Ok(Verdict::Valid),
        Err(Error::InvalidProof) => Ok(Verdict::Invalid),
        Err(e) => Err(e),
    }
}

#[cfg(not(feature = "halo2"))]
fn halo2_verify(_: &[u8]) -> Result<Verdict, Error> {
    Err(Error::UnsupportedAlgorithm)
}
