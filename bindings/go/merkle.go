package zcrypto

/*
#include <stdlib.h>
#include "zcrypto.h"
*/
import "C"

import "unsafe"

// MerkleNodeSize is the length of every Merkle node and root: 32 bytes.
const MerkleNodeSize = C.ZC_MERKLE_NODE_LEN

// cLeaves copies leaves into C memory (the ABI takes an array of pointers, and cgo
// forbids passing Go memory that holds Go pointers): one buffer with every leaf, an
// array of pointers into it and an array of lengths. Call the returned release.
func cLeaves(leaves [][]byte) (ptrs **C.uint8_t, lens *C.size_t, release func()) {
	n := len(leaves)
	if n == 0 {
		return nil, nil, func() {}
	}
	total := 0
	for _, l := range leaves {
		total += len(l)
	}
	data := C.malloc(C.size_t(total + 1))
	pa := C.malloc(C.size_t(n) * C.size_t(unsafe.Sizeof(uintptr(0))))
	la := C.malloc(C.size_t(n) * C.size_t(unsafe.Sizeof(C.size_t(0))))
	if data == nil || pa == nil || la == nil {
		panic("zcrypto: out of C memory")
	}
	dbuf := unsafe.Slice((*byte)(data), total+1)
	pslice := unsafe.Slice((**C.uint8_t)(pa), n)
	lslice := unsafe.Slice((*C.size_t)(la), n)
	off := 0
	for i, l := range leaves {
		copy(dbuf[off:], l)
		pslice[i] = (*C.uint8_t)(unsafe.Add(data, off))
		lslice[i] = C.size_t(len(l))
		off += len(l)
	}
	return (**C.uint8_t)(pa), (*C.size_t)(la), func() {
		C.free(data)
		C.free(pa)
		C.free(la)
	}
}

// MerkleRoot returns the RFC 9162 root of leaves (their bytes, not their hashes; the
// empty tree's root is the hash of the empty string). Hashes: "sha256" (RFC 9162's),
// "keccak256", "blake3".
func MerkleRoot(alg string, leaves [][]byte) ([]byte, error) {
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	ps, ls, release := cLeaves(leaves)
	defer release()
	return output(MerkleNodeSize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_merkle_root(cs, ps, ls, C.size_t(len(leaves)), o, l, w)
	})
}

// MerkleInclusionPath returns the RFC 9162 inclusion path of leaf index (0-based) in
// the tree of leaves: the sibling nodes from the leaf upwards, 32 bytes each. An index
// out of range is ErrLimitExceeded.
func MerkleInclusionPath(alg string, leaves [][]byte, index uint64) ([][]byte, error) {
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	ps, ls, release := cLeaves(leaves)
	defer release()
	flat, err := output(64*MerkleNodeSize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_merkle_inclusion_path(cs, ps, ls, C.size_t(len(leaves)), C.uint64_t(index), o, l, w)
	})
	if err != nil {
		return nil, err
	}
	path := make([][]byte, 0, len(flat)/MerkleNodeSize)
	for off := 0; off+MerkleNodeSize <= len(flat); off += MerkleNodeSize {
		path = append(path, flat[off:off+MerkleNodeSize:off+MerkleNodeSize])
	}
	return path, nil
}

// VerifyMerkleInclusion checks that leaf (its bytes) is leaf index of the tree of
// treeSize leaves with the 32-byte root, given the inclusion path (at most 64 nodes,
// else ErrLimitExceeded). A wrong proof is ErrInvalidProof; a root or node of the
// wrong length is ErrInvalidLength.
func VerifyMerkleInclusion(alg string, leaf []byte, index, treeSize uint64, path [][]byte, root []byte) error {
	cs, err := cname(alg)
	if err != nil {
		return err
	}
	defer free(cs)
	var flat []byte
	for _, node := range path {
		if len(node) != MerkleNodeSize {
			return ErrInvalidLength
		}
		flat = append(flat, node...)
	}
	return codeError(C.zc_merkle_verify_inclusion(cs, ptr(leaf), clen(leaf), C.uint64_t(index), C.uint64_t(treeSize),
		ptr(flat), clen(flat), ptr(root), clen(root)))
}
