//! Zero-knowledge verification (and the deterministic proving the library offers):
//! Groth16 over BN254 and BLS12-381 (`zcrypto::zk`), Bulletproofs range proofs
//! (`zcrypto::zk::bulletproofs`) and EIP-4844 KZG (`zcrypto::zk::kzg`).
//!
//! A proof that does not verify is `ZC_ERR_INVALID_PROOF`; malformed inputs give the
//! decoder's code (`ZC_ERR_INVALID_LENGTH`, `ZC_ERR_INVALID_ENCODING`,
//! `ZC_ERR_LIMIT_EXCEEDED`, ...).

use zcrypto::Error;
use zcrypto::zk::bulletproofs::{self as bp, BitSize, Blinding, RangeProof};
use zcrypto::zk::kzg;
use zcrypto::zk::{self, Proof, PublicInputs, VerifyingKey};

use crate::boundary::{array, ffi_boundary, out, output, slice, words, write};

/// The length of one Groth16 public input (a big-endian scalar).
pub const ZC_GROTH16_INPUT_LEN: usize = 32;
/// The most public inputs a Groth16 key may have.
pub const ZC_GROTH16_MAX_PUBLIC_INPUTS: usize = 4096;
/// The length of a Bulletproofs commitment (compressed Ristretto255) and of a blinding
/// factor (canonical little-endian scalar).
pub const ZC_BULLETPROOFS_COMMITMENT_LEN: usize = 32;
/// The length of the prover's entropy for `zc_bulletproofs_prove`.
pub const ZC_BULLETPROOFS_ENTROPY_LEN: usize = 32;
/// The most values one Bulletproofs range proof aggregates.
pub const ZC_BULLETPROOFS_MAX_AGGREGATION: usize = 16;
/// The longest Bulletproofs range proof (16 values of 64 bits).
pub const ZC_BULLETPROOFS_MAX_PROOF_LEN: usize = 928;
/// The length of an EIP-4844 blob (4096 field elements of 32 bytes).
pub const ZC_KZG_BLOB_LEN: usize = 131072;
/// The length of a KZG commitment and of a KZG proof (compressed BLS12-381 G1).
pub const ZC_KZG_COMMITMENT_LEN: usize = 48;
/// The length of the point-evaluation precompile's input.
pub const ZC_KZG_POINT_EVALUATION_INPUT_LEN: usize = 192;
/// The length of the point-evaluation precompile's output.
pub const ZC_KZG_POINT_EVALUATION_OUTPUT_LEN: usize = 64;

const _: () = {
    assert!(ZC_GROTH16_MAX_PUBLIC_INPUTS == zk::MAX_PUBLIC_INPUTS);
    assert!(ZC_BULLETPROOFS_MAX_AGGREGATION == bp::MAX_AGGREGATION);
    assert!(ZC_BULLETPROOFS_MAX_PROOF_LEN == bp::MAX_PROOF_LEN);
    assert!(ZC_KZG_BLOB_LEN == kzg::BYTES_PER_BLOB);
    assert!(ZC_KZG_POINT_EVALUATION_INPUT_LEN == kzg::POINT_EVALUATION_INPUT_LEN);
    assert!(ZC_KZG_POINT_EVALUATION_OUTPUT_LEN == kzg::POINT_EVALUATION_OUTPUT.len());
};

/// Verifies a Groth16 proof.
///
/// `vk` and `proof` are zcrypto's compact binary encodings (a curve tag, 1 = BN254,
/// 2 = BLS12-381, then compressed points: a BN254 proof is 129 bytes, a BLS12-381 proof
/// 193; a key 261 + 32n or 389 + 48n bytes for n public inputs). `inputs` is the n public
/// inputs as 32-byte big-endian integers, concatenated (`inputs_len` = 32·n).
///
/// Returns `ZC_OK` if the proof verifies; `ZC_ERR_INVALID_PROOF` if it does not, or if
/// the key and proof are for different curves; otherwise a malformed-input code: a
/// length that is not an encoding's, or an input count other than the key's, is
/// `ZC_ERR_INVALID_LENGTH`; a bad tag, point or input not below the field modulus
/// `ZC_ERR_INVALID_ENCODING`; a point off the curve or subgroup `ZC_ERR_INVALID_PROOF`
/// (proof) or `ZC_ERR_INVALID_KEY` (key); more than `ZC_GROTH16_MAX_PUBLIC_INPUTS`
/// `ZC_ERR_LIMIT_EXCEEDED`.
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_groth16_verify(
    vk: *const u8,
    vk_len: usize,
    proof: *const u8,
    proof_len: usize,
    inputs: *const u8,
    inputs_len: usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        let (vk, proof, inputs) = unsafe {
            (
                slice(vk, vk_len)?,
                slice(proof, proof_len)?,
                slice(inputs, inputs_len)?,
            )
        };
        let vk = VerifyingKey::from_bytes(vk)?;
        let proof = Proof::from_bytes(proof)?;
        if !inputs.len().is_multiple_of(ZC_GROTH16_INPUT_LEN) {
            return Err(Error::InvalidLength {
                expected: inputs.len().next_multiple_of(ZC_GROTH16_INPUT_LEN),
                got: inputs.len(),
            });
        }
        let scalars = inputs
            .chunks_exact(ZC_GROTH16_INPUT_LEN)
            .map(array::<32>)
            .collect::<Result<Vec<_>, _>>()?;
        let inputs = PublicInputs::from_be_bytes(vk.curve(), &scalars)?;
        zk::verify(&vk.prepare(), &proof, &inputs)
    })
}

fn blinding(bytes: &[u8]) -> Result<Blinding, Error> {
    Blinding::from_bytes(array(bytes)?)
}

/// The Pedersen commitment `value·B + blinding·B̃` (32 bytes) of the Bulletproofs range
/// proofs. `blinding` is a 32-byte canonical little-endian Ristretto255 scalar (secret,
/// uniformly random in real use); a non-canonical one is `ZC_ERR_INVALID_KEY`.
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_bulletproofs_commit(
    value: u64,
    blinding_bytes: *const u8,
    blinding_len: usize,
    out_commitment: *mut u8,
    out_commitment_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let r = blinding(slice(blinding_bytes, blinding_len)?)?;
            let c = bp::Commitment::new(value, &r);
            output(
                out_commitment,
                out_commitment_len,
                out_written,
                c.as_bytes(),
            )
        }
    })
}

/// A Bulletproofs range proof that each of `count` values fits in `bits` bits (8, 16, 32
/// or 64; else `ZC_ERR_INVALID_LENGTH`), with their commitments.
///
/// `values` holds `count` values (1, 2, 4, 8 or 16: a count that is not a power of two is
/// `ZC_ERR_INVALID_LENGTH`, more than `ZC_BULLETPROOFS_MAX_AGGREGATION`
/// `ZC_ERR_LIMIT_EXCEEDED`); `blindings` their `count` 32-byte blinding factors,
/// concatenated; `entropy` 32 random bytes, fresh for every proof. The output is a
/// function of these inputs only (deterministic); a value that does not fit is
/// `ZC_ERR_LIMIT_EXCEEDED`. Writes the proof (`32·(9 + 2·log₂(bits·count))` bytes, at
/// most `ZC_BULLETPROOFS_MAX_PROOF_LEN`) to `out_proof` and the `count` commitments,
/// concatenated (32·count bytes), to `out_commitments`; both or neither. Size query: the
/// lengths are known in advance (the proof is computed before the buffers are checked).
///
/// # Safety
/// Pointer/length pairs and the output triples follow the header's conventions;
/// `values` is NULL (with `count` 0) or valid for reads of `count` `uint64_t`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_bulletproofs_prove(
    bits: u32,
    values: *const u64,
    count: usize,
    blindings: *const u8,
    blindings_len: usize,
    entropy: *const u8,
    entropy_len: usize,
    out_proof: *mut u8,
    out_proof_len: usize,
    out_proof_written: *mut usize,
    out_commitments: *mut u8,
    out_commitments_len: usize,
    out_commitments_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        let bits = BitSize::from_bits(bits as usize)?;
        if count > ZC_BULLETPROOFS_MAX_AGGREGATION {
            return Err(Error::LimitExceeded);
        }
        // SAFETY (this block): the caller follows the header's pointer conventions.
        let (values, blindings, entropy) = unsafe {
            (
                words(values, count)?,
                slice(blindings, blindings_len)?,
                slice(entropy, entropy_len)?,
            )
        };
        if blindings.len() != count * ZC_BULLETPROOFS_COMMITMENT_LEN {
            return Err(Error::InvalidLength {
                expected: count * ZC_BULLETPROOFS_COMMITMENT_LEN,
                got: blindings.len(),
            });
        }
        let blindings = blindings
            .chunks_exact(ZC_BULLETPROOFS_COMMITMENT_LEN)
            .map(blinding)
            .collect::<Result<Vec<_>, _>>()?;
        let entropy = zeroize::Zeroizing::new(array::<32>(entropy)?);
        let (proof, commitments) =
            RangeProof::prove_with_entropy(bits, &values, &blindings, &entropy)?;
        let commitments: Vec<u8> = commitments.iter().flat_map(|c| c.to_bytes()).collect();
        let proof = proof.to_bytes();
        let po = out(out_proof, out_proof_len, out_proof_written);
        let co = out(
            out_commitments,
            out_commitments_len,
            out_commitments_written,
        );
        // SAFETY: the caller follows the header's pointer conventions.
        unsafe { write(&[(&po, &proof), (&co, &commitments)]) }
    })
}

/// Verifies a Bulletproofs range proof that each value committed in `commitments`
/// (`count` 32-byte commitments, concatenated, in the prover's order) fits in `bits`
/// bits (8, 16, 32 or 64).
///
/// `ZC_OK` if it verifies; `ZC_ERR_INVALID_PROOF` if it does not (wrong commitments,
/// wrong bit size or count, tampered proof, non-canonical scalars); a proof length no
/// proof has is `ZC_ERR_INVALID_LENGTH` (longer than `ZC_BULLETPROOFS_MAX_PROOF_LEN`:
/// `ZC_ERR_LIMIT_EXCEEDED`); a commitment that is not a Ristretto point
/// `ZC_ERR_INVALID_ENCODING`; more than 16 commitments `ZC_ERR_LIMIT_EXCEEDED`.
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_bulletproofs_verify(
    bits: u32,
    proof: *const u8,
    proof_len: usize,
    commitments: *const u8,
    commitments_len: usize,
) -> i32 {
    ffi_boundary(|| {
        let bits = BitSize::from_bits(bits as usize)?;
        // SAFETY (this block): the caller follows the header's pointer conventions.
        let (proof, commitments) = unsafe {
            (
                slice(proof, proof_len)?,
                slice(commitments, commitments_len)?,
            )
        };
        let proof = RangeProof::from_bytes(proof)?;
        if !commitments
            .len()
            .is_multiple_of(ZC_BULLETPROOFS_COMMITMENT_LEN)
        {
            return Err(Error::InvalidLength {
                expected: commitments
                    .len()
                    .next_multiple_of(ZC_BULLETPROOFS_COMMITMENT_LEN),
                got: commitments.len(),
            });
        }
        if commitments.len() / ZC_BULLETPROOFS_COMMITMENT_LEN > ZC_BULLETPROOFS_MAX_AGGREGATION {
            return Err(Error::LimitExceeded);
        }
        let commitments = commitments
            .chunks_exact(ZC_BULLETPROOFS_COMMITMENT_LEN)
            .map(bp::Commitment::from_slice)
            .collect::<Result<Vec<_>, _>>()?;
        proof.verify(bits, &commitments)
    })
}

/// The KZG commitment (48 bytes) of an EIP-4844 blob (`ZC_KZG_BLOB_LEN` bytes; each
/// 32-byte field element below the BLS12-381 scalar modulus, else
/// `ZC_ERR_INVALID_ENCODING`). Uses the mainnet trusted setup.
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_kzg_blob_to_commitment(
    blob: *const u8,
    blob_len: usize,
    out_commitment: *mut u8,
    out_commitment_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let blob = kzg::Blob::from_slice(slice(blob, blob_len)?)?;
            let c = kzg::blob_to_commitment(&blob)?;
            output(
                out_commitment,
                out_commitment_len,
                out_written,
                c.as_bytes(),
            )
        }
    })
}

/// The blob proof (48 bytes) that `commitment` (48 bytes) is the blob's
/// (consensus-spec `compute_blob_kzg_proof`).
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_kzg_compute_blob_proof(
    blob: *const u8,
    blob_len: usize,
    commitment: *const u8,
    commitment_len: usize,
    out_proof: *mut u8,
    out_proof_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let blob = kzg::Blob::from_slice(slice(blob, blob_len)?)?;
            let c = kzg::Commitment::from_slice(slice(commitment, commitment_len)?)?;
            let p = kzg::compute_blob_proof(&blob, &c)?;
            output(out_proof, out_proof_len, out_written, p.as_bytes())
        }
    })
}

/// Verifies that `commitment` is the blob's (consensus-spec `verify_blob_kzg_proof`):
/// `ZC_OK`, `ZC_ERR_INVALID_PROOF` if not, `ZC_ERR_INVALID_ENCODING` for a commitment or
/// proof that is not a G1 point or a non-canonical blob, `ZC_ERR_INVALID_LENGTH` for
/// wrong lengths.
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_kzg_verify_blob_proof(
    blob: *const u8,
    blob_len: usize,
    commitment: *const u8,
    commitment_len: usize,
    proof: *const u8,
    proof_len: usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let blob = kzg::Blob::from_slice(slice(blob, blob_len)?)?;
            let c = kzg::Commitment::from_slice(slice(commitment, commitment_len)?)?;
            let p = kzg::Proof::from_slice(slice(proof, proof_len)?)?;
            kzg::verify_blob_proof(&blob, &c, &p)
        }
    })
}

/// Ethereum's point-evaluation precompile (EIP-4844, address `0x0a`).
///
/// `input` is `versioned_hash (32) ‖ z (32) ‖ y (32) ‖ commitment (48) ‖ proof (48)`
/// (`ZC_KZG_POINT_EVALUATION_INPUT_LEN` bytes, else `ZC_ERR_INVALID_LENGTH`). On success
/// writes the 64-byte output `FIELD_ELEMENTS_PER_BLOB ‖ BLS_MODULUS` (32-byte big-endian
/// each). A versioned hash that is not the commitment's, or a proof that does not verify,
/// is `ZC_ERR_INVALID_PROOF`; z or y not below the modulus, or a point that is not a G1
/// point, `ZC_ERR_INVALID_ENCODING`.
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_kzg_point_evaluation(
    input: *const u8,
    input_len: usize,
    out: *mut u8,
    out_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let r = kzg::point_evaluation(slice(input, input_len)?)?;
            output(out, out_len, out_written, &r)
        }
    })
}
