package zcrypto

/*
#include "zcrypto.h"
*/
import "C"

// The contiguous-array functions of the C ABI (zc_hash_rows, zc_sig_verify_rows,
// zc_merkle_root_rows): n fixed-size rows in one byte slice, row-major, one C call.

// HashRows hashes every rowLen-byte row of data (len(data) must be a multiple of
// rowLen; rowLen 0 means len(data) == 0 rows) and returns the digests concatenated.
func HashRows(alg string, data []byte, rowLen int) ([]byte, error) {
	if rowLen <= 0 || len(data)%rowLen != 0 {
		return nil, ErrInvalidLength
	}
	rows := len(data) / rowLen
	size, err := HashSize(alg)
	if err != nil {
		return nil, err
	}
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	return output(rows*size, func(out *C.uint8_t, outLen C.size_t, w *C.size_t) C.int32_t {
		return C.zc_hash_rows(cs, ptr(data), C.size_t(rows), C.size_t(rowLen), out, outLen, w)
	})
}

// VerifyRows verifies n signatures of one scheme given as three row-major slices
// (public keys of pkLen bytes, messages of msgLen bytes, signatures of sigLen bytes;
// empty contexts) through zcrypto's batch verifier (Ed25519 under ZIP-215). It returns
// one error per item (nil = valid); err is set only for argument errors.
func VerifyRows(alg string, publicKeys []byte, pkLen int, messages []byte, msgLen int, signatures []byte, sigLen int) (results []error, err error) {
	if pkLen <= 0 || sigLen <= 0 || msgLen < 0 || len(publicKeys)%pkLen != 0 {
		return nil, ErrInvalidLength
	}
	n := len(publicKeys) / pkLen
	if len(signatures) != n*sigLen || len(messages) != n*msgLen {
		return nil, ErrInvalidLength
	}
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	codes := make([]C.int32_t, n)
	var cp *C.int32_t
	if n > 0 {
		cp = &codes[0]
	}
	rc := C.zc_sig_verify_rows(cs, ptr(publicKeys), C.size_t(pkLen), ptr(messages), C.size_t(msgLen),
		ptr(signatures), C.size_t(sigLen), C.size_t(n), cp)
	if rc != C.ZC_OK && rc != C.ZC_ERR_INVALID_SIGNATURE {
		return nil, codeError(rc)
	}
	results = make([]error, n)
	for i, c := range codes {
		results[i] = codeError(c)
	}
	return results, nil
}

// MerkleRootRows returns the RFC 9162 root of the leafLen-byte leaves in leaves.
func MerkleRootRows(alg string, leaves []byte, leafLen int) ([]byte, error) {
	if leafLen <= 0 || len(leaves)%leafLen != 0 {
		return nil, ErrInvalidLength
	}
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	return output(C.ZC_MERKLE_NODE_LEN, func(out *C.uint8_t, outLen C.size_t, w *C.size_t) C.int32_t {
		return C.zc_merkle_root_rows(cs, ptr(leaves), C.size_t(len(leaves)/leafLen), C.size_t(leafLen), out, outLen, w)
	})
}
