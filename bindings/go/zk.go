package zcrypto

/*
#include "zcrypto.h"
*/
import "C"

import "unsafe"

// Sizes of the zero-knowledge functions (see ffi/include/zcrypto.h).
const (
	// Groth16InputSize is the length of one Groth16 public input (big-endian scalar).
	Groth16InputSize = C.ZC_GROTH16_INPUT_LEN
	// BulletproofsCommitmentSize is the length of a Bulletproofs commitment and of a
	// blinding factor.
	BulletproofsCommitmentSize = C.ZC_BULLETPROOFS_COMMITMENT_LEN
	// BulletproofsEntropySize is the length of the prover's entropy.
	BulletproofsEntropySize = C.ZC_BULLETPROOFS_ENTROPY_LEN
	// BulletproofsMaxAggregation is the most values one range proof covers.
	BulletproofsMaxAggregation = C.ZC_BULLETPROOFS_MAX_AGGREGATION
	// BulletproofsMaxProofSize is the longest range proof.
	BulletproofsMaxProofSize = C.ZC_BULLETPROOFS_MAX_PROOF_LEN
	// Halo2FieldSize is the length of a halo2 field element (public input, blinding,
	// Merkle leaf or sibling; canonical little-endian).
	Halo2FieldSize = C.ZC_HALO2_FIELD_LEN
	// Halo2EntropySize is the length of the halo2 provers' entropy.
	Halo2EntropySize = C.ZC_HALO2_ENTROPY_LEN
	// Halo2MaxEncodedSize is the longest encoded halo2 proof Halo2Verify reads.
	Halo2MaxEncodedSize = C.ZC_HALO2_MAX_ENCODED_LEN
	// KZGBlobSize is the length of an EIP-4844 blob.
	KZGBlobSize = C.ZC_KZG_BLOB_LEN
	// KZGCommitmentSize is the length of a KZG commitment and of a KZG proof.
	KZGCommitmentSize = C.ZC_KZG_COMMITMENT_LEN
	// KZGPointEvaluationInputSize is the length of the point-evaluation input.
	KZGPointEvaluationInputSize = C.ZC_KZG_POINT_EVALUATION_INPUT_LEN
	// KZGPointEvaluationOutputSize is the length of the point-evaluation output.
	KZGPointEvaluationOutputSize = C.ZC_KZG_POINT_EVALUATION_OUTPUT_LEN
)

// Halo2Circuit is the stable id of one of zcrypto's registered halo2 circuits.
type Halo2Circuit uint16

// The registered halo2 circuits.
const (
	// Halo2Range8 proves v < 2^8 for the commitment Poseidon(v, r).
	Halo2Range8 Halo2Circuit = C.ZC_HALO2_RANGE8
	// Halo2Range16 proves v < 2^16.
	Halo2Range16 Halo2Circuit = C.ZC_HALO2_RANGE16
	// Halo2Range32 proves v < 2^32.
	Halo2Range32 Halo2Circuit = C.ZC_HALO2_RANGE32
	// Halo2Range64 proves v < 2^64.
	Halo2Range64 Halo2Circuit = C.ZC_HALO2_RANGE64
	// Halo2Membership8 proves membership in a Poseidon Merkle tree of depth 8.
	Halo2Membership8 Halo2Circuit = C.ZC_HALO2_MEMBERSHIP8
	// Halo2Membership16 is Merkle membership at depth 16.
	Halo2Membership16 Halo2Circuit = C.ZC_HALO2_MEMBERSHIP16
	// Halo2Membership20 is Merkle membership at depth 20.
	Halo2Membership20 Halo2Circuit = C.ZC_HALO2_MEMBERSHIP20
	// Halo2Membership32 is Merkle membership at depth 32.
	Halo2Membership32 Halo2Circuit = C.ZC_HALO2_MEMBERSHIP32
)

// Groth16Verify verifies a Groth16 proof (BN254 or BLS12-381, from the key's curve
// tag). vk and proof are zcrypto's compact binary encodings; inputs are the public
// inputs as 32-byte big-endian integers. nil if the proof verifies, ErrInvalidProof if
// it does not; malformed inputs give ErrInvalidLength, ErrInvalidEncoding, ...
func Groth16Verify(vk, proof []byte, inputs [][]byte) error {
	flat, err := concat(inputs, Groth16InputSize)
	if err != nil {
		return err
	}
	return codeError(C.zc_groth16_verify(ptr(vk), clen(vk), ptr(proof), clen(proof), ptr(flat), clen(flat)))
}

// BulletproofsCommit returns the Pedersen commitment to value with blinding (a
// 32-byte canonical little-endian Ristretto255 scalar; ErrInvalidKey otherwise).
func BulletproofsCommit(value uint64, blinding []byte) ([]byte, error) {
	return output(BulletproofsCommitmentSize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_bulletproofs_commit(C.uint64_t(value), ptr(blinding), clen(blinding), o, l, w)
	})
}

// BulletproofsProve proves that every value fits in bits bits (8, 16, 32 or 64), with
// one blinding factor per value (1, 2, 4, 8 or 16 values) and 32 bytes of fresh
// entropy; the result is deterministic in these inputs. It returns the proof and the
// commitments, one per value.
func BulletproofsProve(bits int, values []uint64, blindings [][]byte, entropy []byte) ([]byte, [][]byte, error) {
	if bits < 0 || bits > 64 {
		return nil, nil, ErrInvalidLength
	}
	bl, err := concat(blindings, BulletproofsCommitmentSize)
	if err != nil {
		return nil, nil, err
	}
	var vp *C.uint64_t
	if len(values) > 0 {
		vp = (*C.uint64_t)(unsafe.Pointer(&values[0]))
	}
	proof, flat, err := output2(func(o1 *C.uint8_t, l1 C.size_t, w1 *C.size_t, o2 *C.uint8_t, l2 C.size_t, w2 *C.size_t) C.int32_t {
		return C.zc_bulletproofs_prove(C.uint32_t(bits), vp, C.size_t(len(values)), ptr(bl), clen(bl),
			ptr(entropy), clen(entropy), o1, l1, w1, o2, l2, w2)
	})
	if err != nil {
		return nil, nil, err
	}
	commitments := make([][]byte, 0, len(flat)/BulletproofsCommitmentSize)
	for i := 0; i+BulletproofsCommitmentSize <= len(flat); i += BulletproofsCommitmentSize {
		commitments = append(commitments, flat[i:i+BulletproofsCommitmentSize:i+BulletproofsCommitmentSize])
	}
	return proof, commitments, nil
}

// BulletproofsVerify verifies a range proof that every value committed in commitments
// (in the prover's order) fits in bits bits: nil, ErrInvalidProof if it does not, or
// the code of a malformed input.
func BulletproofsVerify(bits int, proof []byte, commitments [][]byte) error {
	if bits < 0 || bits > 64 {
		return ErrInvalidLength
	}
	flat, err := concat(commitments, BulletproofsCommitmentSize)
	if err != nil {
		return err
	}
	return codeError(C.zc_bulletproofs_verify(C.uint32_t(bits), ptr(proof), clen(proof), ptr(flat), clen(flat)))
}

// Halo2Verify verifies an encoded halo2 proof: circuit id (2 bytes, big-endian) ‖
// public input (32 bytes: the commitment or the Merkle root) ‖ proof, as the provers
// return it. nil means the proof is valid for the circuit and public input it names;
// the caller must still check they are the ones it expects (encoded[:2], encoded[2:34]).
// ErrInvalidProof if it does not verify; ErrUnknownAlgorithm for an unknown circuit;
// ErrInvalidLength, ErrInvalidEncoding or ErrLimitExceeded for malformed input.
func Halo2Verify(encoded []byte) error {
	return codeError(C.zc_halo2_verify(ptr(encoded), clen(encoded)))
}

// Halo2ProveRange proves with a range-check circuit (Halo2Range8 ... Halo2Range64) that
// value fits, for the commitment Poseidon(value, blinding) (blinding: 32 bytes,
// canonical, secret and random in real use). entropy is 32 fresh random bytes; the
// result is deterministic in the inputs. It returns the encoded proof for Halo2Verify.
func Halo2ProveRange(circuit Halo2Circuit, value uint64, blinding, entropy []byte) ([]byte, error) {
	return output(0, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_halo2_prove_range(C.uint16_t(circuit), C.uint64_t(value), ptr(blinding), clen(blinding),
			ptr(entropy), clen(entropy), o, l, w)
	})
}

// Halo2ProveMembership proves with a membership circuit (Halo2Membership8 ...
// Halo2Membership32) knowledge of leaf and its path (index: bit i set = right child at
// level i; siblings: one 32-byte element per level, from the leaf up) to the root of a
// Poseidon tree. entropy is 32 fresh random bytes; the result is deterministic in the
// inputs. It returns the encoded proof for Halo2Verify (its public input is the root).
func Halo2ProveMembership(circuit Halo2Circuit, leaf []byte, index uint64, siblings [][]byte, entropy []byte) ([]byte, error) {
	flat, err := concat(siblings, Halo2FieldSize)
	if err != nil {
		return nil, err
	}
	return output(0, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_halo2_prove_membership(C.uint16_t(circuit), ptr(leaf), clen(leaf), C.uint64_t(index),
			ptr(flat), clen(flat), ptr(entropy), clen(entropy), o, l, w)
	})
}

// KZGBlobToCommitment returns the KZG commitment of an EIP-4844 blob (mainnet setup).
func KZGBlobToCommitment(blob []byte) ([]byte, error) {
	return output(KZGCommitmentSize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_kzg_blob_to_commitment(ptr(blob), clen(blob), o, l, w)
	})
}

// KZGComputeBlobProof returns the proof that commitment is the blob's.
func KZGComputeBlobProof(blob, commitment []byte) ([]byte, error) {
	return output(KZGCommitmentSize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_kzg_compute_blob_proof(ptr(blob), clen(blob), ptr(commitment), clen(commitment), o, l, w)
	})
}

// KZGVerifyBlobProof verifies that commitment is the blob's: nil or ErrInvalidProof
// (ErrInvalidEncoding for a point that is not on the curve).
func KZGVerifyBlobProof(blob, commitment, proof []byte) error {
	return codeError(C.zc_kzg_verify_blob_proof(ptr(blob), clen(blob), ptr(commitment), clen(commitment),
		ptr(proof), clen(proof)))
}

// KZGPointEvaluation runs Ethereum's point-evaluation precompile (EIP-4844) on its
// 192-byte input and returns its 64-byte output.
func KZGPointEvaluation(input []byte) ([]byte, error) {
	return output(KZGPointEvaluationOutputSize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_kzg_point_evaluation(ptr(input), clen(input), o, l, w)
	})
}
