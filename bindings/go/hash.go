package zcrypto

/*
#include "zcrypto.h"
*/
import "C"

import (
	"runtime"
	"sync"
)

// HashSize returns the digest length in bytes of a hash ("sha256", "sha384",
// "sha512", "sha3-256", "keccak256", "blake2b-512", "blake2s-256", "blake3").
func HashSize(alg string) (int, error) {
	cs, err := cname(alg)
	if err != nil {
		return 0, err
	}
	defer free(cs)
	var n C.size_t
	if err := codeError(C.zc_hash_len(cs, &n)); err != nil {
		return 0, err
	}
	return int(n), nil
}

// Hash returns the digest of data under the hash alg (one-shot).
func Hash(alg string, data []byte) ([]byte, error) {
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	return output(C.ZC_HASH_MAX_LEN, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_hash(cs, ptr(data), clen(data), o, l, w)
	})
}

// Hasher is an incremental hash computation over a C ZcHash handle.
//
// It implements io.Writer. It does not implement hash.Hash: the C ABI's
// zc_hash_finish resets the state, and there is no way to copy a state, so a Sum that
// leaves the state unchanged cannot be offered; use Finish.
//
// A Hasher must not be used by two goroutines at once (its methods are serialized by a
// mutex, so misuse is slow, not unsafe). Call Close when done; a finalizer frees the
// handle of a Hasher that was never closed.
type Hasher struct {
	mu   sync.Mutex
	h    *C.ZcHash
	alg  string
	size int
}

// NewHasher starts an incremental hash with the algorithm alg (see Hash).
func NewHasher(alg string) (*Hasher, error) {
	size, err := HashSize(alg)
	if err != nil {
		return nil, err
	}
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	var h *C.ZcHash
	if err := codeError(C.zc_hash_new(cs, &h)); err != nil {
		return nil, err
	}
	hs := &Hasher{h: h, alg: alg, size: size}
	runtime.SetFinalizer(hs, (*Hasher).Close)
	return hs, nil
}

// Algorithm returns the hash's algorithm name.
func (hs *Hasher) Algorithm() string { return hs.alg }

// Size returns the digest length in bytes.
func (hs *Hasher) Size() int { return hs.size }

// Write absorbs p. It returns len(p) and nil, or 0 and ErrClosed after Close.
func (hs *Hasher) Write(p []byte) (int, error) {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if hs.h == nil {
		return 0, ErrClosed
	}
	err := codeError(C.zc_hash_update(hs.h, ptr(p), clen(p)))
	runtime.KeepAlive(hs)
	if err != nil {
		return 0, err
	}
	return len(p), nil
}

// Finish returns the digest of everything written so far and resets the Hasher to the
// empty state, ready for reuse.
func (hs *Hasher) Finish() ([]byte, error) {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if hs.h == nil {
		return nil, ErrClosed
	}
	out, err := output(hs.size, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_hash_finish(hs.h, o, l, w)
	})
	runtime.KeepAlive(hs)
	return out, err
}

// Reset discards everything written so far.
func (hs *Hasher) Reset() error {
	_, err := hs.Finish()
	return err
}

// Close frees the C handle. It is idempotent; later calls of the other methods return
// ErrClosed.
func (hs *Hasher) Close() error {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if hs.h != nil {
		C.zc_hash_free(hs.h)
		hs.h = nil
		runtime.SetFinalizer(hs, nil)
	}
	return nil
}
