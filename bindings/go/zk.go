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
	// KZGBlobSize is the length of an EIP-4844 blob.
	KZGBlobSize = C.ZC_KZG_BLOB_LEN
	// KZGCommitmentSize is the length of a KZG commitment and of a KZG proof.
	KZGCommitmentSize = C.ZC_KZG_COMMITMENT_LEN
	// KZGPointEvaluationInputSize is the length of the point-evaluation input.
	KZGPointEvaluationInputSize = C.ZC_KZG_POINT_EVALUATION_INPUT_LEN
	// KZGPointEvaluationOutputSize is the length of the point-evaluation output.
	KZGPointEvaluationOutputSize = C.ZC_KZG_POINT_EVALUATION_OUTPUT_LEN
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
