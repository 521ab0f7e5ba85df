package zcrypto

/*
#include "zcrypto.h"
*/
import "C"

import (
	"runtime"
	"sync"
)

// TagSize is the length of every AEAD tag: 16 bytes.
const TagSize = C.ZC_AEAD_TAG_LEN

// AEADSizes returns the key and nonce lengths of an AEAD ("aes-128-gcm",
// "aes-256-gcm", "chacha20-poly1305", "xchacha20-poly1305").
func AEADSizes(alg string) (keySize, nonceSize int, err error) {
	cs, err := cname(alg)
	if err != nil {
		return 0, 0, err
	}
	defer free(cs)
	var k, n C.size_t
	if err := codeError(C.zc_aead_lengths(cs, &k, &n)); err != nil {
		return 0, 0, err
	}
	return int(k), int(n), nil
}

// AEADKey is an AEAD key, expanded once, over a C ZcAeadKey handle. It is safe for
// concurrent Seal/Open calls from several goroutines. Call Close when done (the key
// material is zeroized); a finalizer frees the handle of a key that was never closed.
type AEADKey struct {
	mu        sync.RWMutex
	k         *C.ZcAeadKey
	alg       string
	nonceSize int
}

// NewAEADKey creates a key for the AEAD alg (see AEADSizes). A key of the wrong
// length is ErrInvalidLength.
func NewAEADKey(alg string, key []byte) (*AEADKey, error) {
	_, nonceSize, err := AEADSizes(alg)
	if err != nil {
		return nil, err
	}
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	var k *C.ZcAeadKey
	if err := codeError(C.zc_aead_key_new(cs, ptr(key), clen(key), &k)); err != nil {
		return nil, err
	}
	a := &AEADKey{k: k, alg: alg, nonceSize: nonceSize}
	runtime.SetFinalizer(a, (*AEADKey).Close)
	return a, nil
}

// Algorithm returns the key's algorithm name.
func (a *AEADKey) Algorithm() string { return a.alg }

// NonceSize returns the nonce length in bytes.
func (a *AEADKey) NonceSize() int { return a.nonceSize }

// Overhead returns the tag length (TagSize).
func (a *AEADKey) Overhead() int { return TagSize }

// Seal encrypts plaintext and returns ciphertext ‖ tag (a new slice; plaintext is not
// modified).
func (a *AEADKey) Seal(nonce, plaintext, aad []byte) ([]byte, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.k == nil {
		return nil, ErrClosed
	}
	buf := make([]byte, len(plaintext)+TagSize)
	copy(buf, plaintext)
	var w C.size_t
	rc := C.zc_aead_seal(a.k, ptr(nonce), clen(nonce), ptr(aad), clen(aad),
		ptr(buf), clen(buf), C.size_t(len(plaintext)), &w)
	runtime.KeepAlive(a)
	if err := codeError(rc); err != nil {
		return nil, err
	}
	return buf[:int(w)], nil
}

// Open authenticates and decrypts ciphertext ‖ tag and returns the plaintext (a new
// slice; ciphertext is not modified). A wrong key, nonce, aad or a modified ciphertext
// is ErrDecryptionFailed; an input shorter than the tag is ErrInvalidLength.
func (a *AEADKey) Open(nonce, ciphertext, aad []byte) ([]byte, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.k == nil {
		return nil, ErrClosed
	}
	buf := make([]byte, len(ciphertext))
	copy(buf, ciphertext)
	var w C.size_t
	rc := C.zc_aead_open(a.k, ptr(nonce), clen(nonce), ptr(aad), clen(aad), ptr(buf), clen(buf), &w)
	runtime.KeepAlive(a)
	if err := codeError(rc); err != nil {
		return nil, err
	}
	return buf[:int(w)], nil
}

// SealDetached encrypts inOut in place and returns the 16-byte tag. On error inOut is
// unchanged.
func (a *AEADKey) SealDetached(nonce, aad, inOut []byte) (tag []byte, err error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.k == nil {
		return nil, ErrClosed
	}
	tag = make([]byte, TagSize)
	var w C.size_t
	rc := C.zc_aead_seal_detached(a.k, ptr(nonce), clen(nonce), ptr(aad), clen(aad),
		ptr(inOut), clen(inOut), ptr(tag), clen(tag), &w)
	runtime.KeepAlive(a)
	if err := codeError(rc); err != nil {
		return nil, err
	}
	return tag[:int(w)], nil
}

// OpenDetached checks tag and decrypts inOut in place. On ErrDecryptionFailed inOut is
// zeroed: no unauthenticated plaintext is ever released.
func (a *AEADKey) OpenDetached(nonce, aad, inOut, tag []byte) error {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.k == nil {
		return ErrClosed
	}
	rc := C.zc_aead_open_detached(a.k, ptr(nonce), clen(nonce), ptr(aad), clen(aad),
		ptr(inOut), clen(inOut), ptr(tag), clen(tag))
	runtime.KeepAlive(a)
	return codeError(rc)
}

// Close frees the C handle (zeroizing the key). It is idempotent; later calls of the
// other methods return ErrClosed.
func (a *AEADKey) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.k != nil {
		C.zc_aead_key_free(a.k)
		a.k = nil
		runtime.SetFinalizer(a, nil)
	}
	return nil
}
