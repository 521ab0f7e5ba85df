//! Zero-knowledge verification (and the deterministic proving the library offers):
//! Groth16 over BN254 and BLS12-381 (`zcrypto::zk`), Bulletproofs range proofs
//! (`zcrypto::zk::bulletproofs`), halo2 proofs for zcrypto's registered circuits
//! (`zcrypto::zk::halo2`) and EIP-4844 KZG (`zcrypto::zk::kzg`).
//!
//! A proof that does not verify is `ZC_ERR_INVALID_PROOF`; malformed inputs give the
//! decoder's code (`ZC_ERR_INVALID_LENGTH`, `ZC_ERR_INVALID_ENCODING`,
//! `ZC_ERR_LIMIT_EXCEEDED`, ...).

use zcrypto::Error;
use zcrypto::zk::bulletproofs::{self as bp, BitSize, Blinding, RangeProof};
use zcrypto::zk::halo2::{self, CircuitId, FieldElement, MerklePath};
use zcrypto::zk::{self, Proof, PublicInputs, VerifyingKey, kzg};

use crate::boundary::{array, ffi_boundary, items, out, output, reserve, slice, words, write};

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
/// The halo2 range-check circuit `v < 2⁸` on the commitment `Poseidon(v, r)`.
pub const ZC_HALO2_RANGE8: u16 = 0x0001;
/// The halo2 range-check circuit `v < 2¹⁶`.
pub const ZC_HALO2_RANGE16: u16 = 0x0002;
/// The halo2 range-check circuit `v < 2³²`.
pub const ZC_HALO2_RANGE32: u16 = 0x0003;
/// The halo2 range-check circuit `v < 2⁶⁴`.
pub const ZC_HALO2_RANGE64: u16 = 0x0004;
/// The halo2 Merkle-membership circuit for Poseidon trees of depth 8.
pub const ZC_HALO2_MEMBERSHIP8: u16 = 0x0101;
/// The halo2 Merkle-membership circuit, depth 16.
pub const ZC_HALO2_MEMBERSHIP16: u16 = 0x0102;
/// The halo2 Merkle-membership circuit, depth 20.
pub const ZC_HALO2_MEMBERSHIP20: u16 = 0x0103;
/// The halo2 Merkle-membership circuit, depth 32.
pub const ZC_HALO2_MEMBERSHIP32: u16 = 0x0104;
/// The length of a halo2 field element (canonical little-endian Pallas base field): a
/// public input, a blinding, a Merkle leaf or sibling.
pub const ZC_HALO2_FIELD_LEN: usize = 32;
/// The length of the prover's entropy for the halo2 provers.
pub const ZC_HALO2_ENTROPY_LEN: usize = 32;
/// The longest encoded halo2 proof `zc_halo2_verify` reads (every registered circuit's
/// is shorter: 2 434 bytes for a range check, 2 562 to 2 690 for membership).
pub const ZC_HALO2_MAX_ENCODED_LEN: usize = 8450;
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
    assert!(ZC_HALO2_RANGE8 == CircuitId::Range8.code());
    assert!(ZC_HALO2_RANGE16 == CircuitId::Range16.code());
    assert!(ZC_HALO2_RANGE32 == CircuitId::Range32.code());
    assert!(ZC_HALO2_RANGE64 == CircuitId::Range64.code());
    assert!(ZC_HALO2_MEMBERSHIP8 == CircuitId::Membership8.code());
    assert!(ZC_HALO2_MEMBERSHIP16 == CircuitId::Membership16.code());
    assert!(ZC_HALO2_MEMBERSHIP20 == CircuitId::Membership20.code());
    assert!(ZC_HALO2_MEMBERSHIP32 == CircuitId::Membership32.code());
    assert!(ZC_HALO2_MAX_ENCODED_LEN == halo2::MAX_ENCODED_LEN);
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
        let scalars = items::<ZC_GROTH16_INPUT_LEN>(inputs)?;
        let inputs = PublicInputs::from_be_bytes(vk.curve(), &scalars)?;
        zk::verify(&vk.prepare(), &proof, &inputs)
    })
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
            let r = Blinding::from_bytes(array(slice(blinding_bytes, blinding_len)?)?)?;
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
        let blindings =
            zeroize::Zeroizing::new(items::<ZC_BULLETPROOFS_COMMITMENT_LEN>(blindings)?);
        let blindings = blindings
            .iter()
            .map(|b| Blinding::from_bytes(*b))
            .collect::<Result<Vec<_>, _>>()?;
        let entropy = zeroize::Zeroizing::new(array::<32>(entropy)?);
        let (proof, commitments) =
            RangeProof::prove_with_entropy(bits, &values, &blindings, &entropy)?;
        let commitments: Vec<u8> = commitments.iter().flat_map(|c| c.to_bytes()).collect();
        let proof = proof.to_bytes();
        // SAFETY: the caller follows the header's pointer conventions.
        unsafe {
            write(&[
                (&out(out_proof, out_proof_len, out_proof_written), &proof),
                (
                    &out(
                        out_commitments,
                        out_commitments_len,
                        out_commitments_written,
                    ),
                    &commitments,
                ),
            ])
        }
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
        let commitments = items::<ZC_BULLETPROOFS_COMMITMENT_LEN>(commitments)?;
        if commitments.len() > ZC_BULLETPROOFS_MAX_AGGREGATION {
            return Err(Error::LimitExceeded);
        }
        let commitments = commitments
            .into_iter()
            .map(bp::Commitment::from_bytes)
            .collect::<Result<Vec<_>, _>>()?;
        proof.verify(bits, &commitments)
    })
}

/// Verifies an encoded halo2 proof for one of zcrypto's registered circuits.
///
/// `encoded` is `circuit id (2 bytes, big-endian) ‖ public inputs (32 bytes each,
/// canonical little-endian) ‖ proof`, as `zc_halo2_prove_range` and
/// `zc_halo2_prove_membership` write it; every registered circuit has one public input
/// (bytes 2..34: the range commitment or the Merkle root). `ZC_OK` means the proof is
/// valid for the circuit and public input it names: the caller must still check that
/// these are the ones it expects (the commitment it holds, the root it trusts).
///
/// Returns `ZC_OK`; `ZC_ERR_INVALID_PROOF` if the proof does not verify (including bytes
/// inside it that are not points or scalars); `ZC_ERR_UNKNOWN_ALGORITHM` for an unknown
/// circuit id; `ZC_ERR_INVALID_LENGTH` for a length other than the circuit's (or under 2
/// bytes); `ZC_ERR_LIMIT_EXCEEDED` above `ZC_HALO2_MAX_ENCODED_LEN`;
/// `ZC_ERR_INVALID_ENCODING` for a public input that is not canonical. Every length is
/// checked before any cryptographic work. The first call for a circuit also computes and
/// caches its verifying key (milliseconds to a few hundred milliseconds).
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_halo2_verify(encoded: *const u8, encoded_len: usize) -> i32 {
    ffi_boundary(|| {
        // SAFETY: the caller follows the header's pointer conventions.
        let encoded = unsafe { slice(encoded, encoded_len) }?;
        halo2::verify_encoded(encoded).map(|_| ())
    })
}

/// The bit size of the range-check circuit `code` (`ZC_ERR_UNKNOWN_ALGORITHM` if no
/// circuit has it, `ZC_ERR_UNSUPPORTED_ALGORITHM` if it is not a range check).
fn halo2_range(code: u16) -> Result<BitSize, Error> {
    let id = CircuitId::from_code(code)?;
    [
        BitSize::Bits8,
        BitSize::Bits16,
        BitSize::Bits32,
        BitSize::Bits64,
    ]
    .into_iter()
    .find(|b| CircuitId::range(*b) == id)
    .ok_or(Error::UnsupportedAlgorithm)
}

/// The tree depth of the membership circuit `code` (errors as [`halo2_range`]).
fn halo2_depth(code: u16) -> Result<usize, Error> {
    let id = CircuitId::from_code(code)?;
    [8, 16, 20, 32]
        .into_iter()
        .find(|d| CircuitId::membership(*d) == Ok(id))
        .ok_or(Error::UnsupportedAlgorithm)
}

/// Writes the encoding of a proof for `circuit` made by `prove`, checking the output's
/// room first (a size query does not prove).
///
/// # Safety
/// The output triple follows the header's conventions.
unsafe fn halo2_prove_into(
    circuit: CircuitId,
    entropy: &[u8],
    out_encoded: *mut u8,
    out_encoded_len: usize,
    out_written: *mut usize,
    prove: impl FnOnce(&[u8; 32]) -> Result<(halo2::Statement, halo2::Proof), Error>,
) -> Result<(), Error> {
    let entropy = zeroize::Zeroizing::new(array::<ZC_HALO2_ENTROPY_LEN>(entropy)?);
    let o = out(out_encoded, out_encoded_len, out_written);
    // SAFETY: forwarded from the caller.
    unsafe { reserve(&o, circuit.encoded_len()) }?;
    let (statement, proof) = prove(&entropy)?;
    // SAFETY: forwarded from the caller.
    unsafe { write(&[(&o, &halo2::encode(&statement, &proof))]) }
}

/// A halo2 range proof: the prover knows `value` and `blinding` with
/// `commitment = Poseidon(value, blinding)` and `value < 2ⁿ`, for the range-check circuit
/// `circuit` (`ZC_HALO2_RANGE8` … `ZC_HALO2_RANGE64`: n = 8, 16, 32, 64).
///
/// `blinding` is 32 bytes, a canonical little-endian field element (secret, uniformly
/// random in real use; else `ZC_ERR_INVALID_KEY`); `entropy` 32 random bytes
/// (`ZC_HALO2_ENTROPY_LEN`), fresh for every proof: the output is a function of these
/// inputs only (deterministic). Writes the encoded proof (the input of `zc_halo2_verify`,
/// whose public input is the commitment: `2 + 32 + 2400` bytes). A value that does not fit
/// is `ZC_ERR_LIMIT_EXCEEDED`; an unknown circuit `ZC_ERR_UNKNOWN_ALGORITHM`, a
/// membership circuit `ZC_ERR_UNSUPPORTED_ALGORITHM`. Size query: the length is checked
/// before proving (proving takes tens of milliseconds; the first proof for a circuit
/// also builds its proving key).
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_halo2_prove_range(
    circuit: u16,
    value: u64,
    blinding: *const u8,
    blinding_len: usize,
    entropy: *const u8,
    entropy_len: usize,
    out_encoded: *mut u8,
    out_encoded_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        let bits = halo2_range(circuit)?;
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let r = halo2::Blinding::from_bytes(array(slice(blinding, blinding_len)?)?)?;
            halo2_prove_into(
                CircuitId::range(bits),
                slice(entropy, entropy_len)?,
                out_encoded,
                out_encoded_len,
                out_written,
                |e| halo2::prove_range_with_entropy(bits, value, &r, e),
            )
        }
    })
}

/// A halo2 Merkle-membership proof: the prover knows `leaf` and its authentication path
/// (`index`, `siblings`) to the root of a binary Poseidon tree, for the membership circuit
/// `circuit` (`ZC_HALO2_MEMBERSHIP8` … `ZC_HALO2_MEMBERSHIP32`: depth 8, 16, 20, 32).
///
/// `leaf` is 32 bytes; `siblings` the sibling at each level from the leaf up, 32 bytes
/// each, concatenated (exactly depth × 32 bytes, else `ZC_ERR_INVALID_LENGTH`); all
/// canonical little-endian field elements (else `ZC_ERR_INVALID_ENCODING`). Bit i of
/// `index` says the node at level i is a right child (`index ≥ 2^depth`:
/// `ZC_ERR_LIMIT_EXCEEDED`). `entropy` is 32 random bytes, fresh for every proof (the
/// output is deterministic in the inputs). Writes the encoded proof, whose public input
/// is the root the path leads to (`2 + 32 + proof` bytes: 2 562 for depth 8, 2 626 for 16
/// and 20, 2 690 for 32). An unknown circuit is `ZC_ERR_UNKNOWN_ALGORITHM`, a range
/// circuit `ZC_ERR_UNSUPPORTED_ALGORITHM`. Size query: the length is checked before
/// proving.
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_halo2_prove_membership(
    circuit: u16,
    leaf: *const u8,
    leaf_len: usize,
    index: u64,
    siblings: *const u8,
    siblings_len: usize,
    entropy: *const u8,
    entropy_len: usize,
    out_encoded: *mut u8,
    out_encoded_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        let depth = halo2_depth(circuit)?;
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let leaf = FieldElement::from_bytes(array(slice(leaf, leaf_len)?)?)?;
            let siblings = slice(siblings, siblings_len)?;
            if siblings.len() != depth * ZC_HALO2_FIELD_LEN {
                return Err(Error::InvalidLength {
                    expected: depth * ZC_HALO2_FIELD_LEN,
                    got: siblings.len(),
                });
            }
            let siblings = items::<ZC_HALO2_FIELD_LEN>(siblings)?
                .into_iter()
                .map(FieldElement::from_bytes)
                .collect::<Result<Vec<_>, _>>()?;
            let path = MerklePath::new(index, &siblings)?;
            halo2_prove_into(
                CircuitId::membership(depth)?,
                slice(entropy, entropy_len)?,
                out_encoded,
                out_encoded_len,
                out_written,
                |e| halo2::prove_membership_with_entropy(leaf, &path, e),
            )
        }
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

#[cfg(test)]
mod tests {
    use core::ptr::{null, null_mut};

    use super::*;
    use crate::*;

    /// The refusals that come before any proving (the proofs themselves are in
    /// `vectors/ffi.json`, run by `vectors_tests`).
    #[test]
    fn halo2_refusals() {
        let (r, e) = ([1u8; 32], [2u8; 32]);
        let mut buf = [0xAAu8; 16];
        let mut w = 99usize;
        let range = |circuit: u16, value: u64, r: &[u8], buf: &mut [u8], w: &mut usize| {
            // SAFETY: live locals of the stated lengths.
            unsafe {
                zc_halo2_prove_range(
                    circuit,
                    value,
                    r.as_ptr(),
                    r.len(),
                    e.as_ptr(),
                    e.len(),
                    buf.as_mut_ptr(),
                    buf.len(),
                    w,
                )
            }
        };
        assert_eq!(
            range(0x0005, 1, &r, &mut buf, &mut w),
            ZC_ERR_UNKNOWN_ALGORITHM
        );
        assert_eq!(
            range(ZC_HALO2_MEMBERSHIP8, 1, &r, &mut buf, &mut w),
            ZC_ERR_UNSUPPORTED_ALGORITHM
        );
        assert_eq!(
            range(ZC_HALO2_RANGE8, 1, &r[..31], &mut buf, &mut w),
            ZC_ERR_INVALID_LENGTH
        );
        assert_eq!(
            range(ZC_HALO2_RANGE8, 1, &[0xff; 32], &mut buf, &mut w),
            ZC_ERR_INVALID_KEY
        );
        assert_eq!(w, 99, "no size on a refused input");
        // Too small: the needed size, nothing written, no proof made.
        assert_eq!(
            range(ZC_HALO2_RANGE8, 256, &r, &mut buf, &mut w),
            ZC_ERR_BUFFER_TOO_SMALL
        );
        assert_eq!((w, buf), (2 + 32 + 2400, [0xAA; 16]));
        let mut big = vec![0u8; ZC_HALO2_MAX_ENCODED_LEN];
        assert_eq!(
            range(ZC_HALO2_RANGE8, 256, &r, &mut big, &mut w),
            ZC_ERR_LIMIT_EXCEEDED
        );

        let member = |circuit: u16, leaf: &[u8], index: u64, siblings: &[u8], w: &mut usize| {
            // SAFETY: live locals of the stated lengths; the output is NULL with length 0.
            unsafe {
                zc_halo2_prove_membership(
                    circuit,
                    leaf.as_ptr(),
                    leaf.len(),
                    index,
                    siblings.as_ptr(),
                    siblings.len(),
                    e.as_ptr(),
                    e.len(),
                    null_mut(),
                    0,
                    w,
                )
            }
        };
        let siblings = [0u8; 8 * 32];
        assert_eq!(
            member(ZC_HALO2_RANGE64, &r, 0, &siblings, &mut w),
            ZC_ERR_UNSUPPORTED_ALGORITHM
        );
        assert_eq!(
            member(ZC_HALO2_MEMBERSHIP16, &r, 0, &siblings, &mut w),
            ZC_ERR_INVALID_LENGTH
        );
        assert_eq!(
            member(ZC_HALO2_MEMBERSHIP8, &r, 256, &siblings, &mut w),
            ZC_ERR_LIMIT_EXCEEDED
        );
        assert_eq!(
            member(ZC_HALO2_MEMBERSHIP8, &[0xff; 32], 0, &siblings, &mut w),
            ZC_ERR_INVALID_ENCODING
        );
        // Size query.
        assert_eq!(
            member(ZC_HALO2_MEMBERSHIP8, &r, 255, &siblings, &mut w),
            ZC_ERR_BUFFER_TOO_SMALL
        );
        assert_eq!(w, 2 + 32 + 2528);

        // SAFETY: NULL with a nonzero length is refused before any read.
        unsafe {
            assert_eq!(zc_halo2_verify(null(), 10), ZC_ERR_INVALID_LENGTH);
            assert_eq!(zc_halo2_verify(null(), 0), ZC_ERR_INVALID_LENGTH);
        }
    }
}
