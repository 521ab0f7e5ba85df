package zcrypto

/*
#include "zcrypto.h"
*/
import "C"

import (
	"runtime"
	"sync"
)

// Fixed sizes of the signature functions.
const (
	// Ed25519PublicKeySize is the Ed25519 public key length.
	Ed25519PublicKeySize = C.ZC_ED25519_PUBLIC_KEY_LEN
	// Ed25519SignatureSize is the Ed25519 signature length.
	Ed25519SignatureSize = C.ZC_ED25519_SIGNATURE_LEN
	// Secp256k1PublicKeySize is the compressed SEC 1 secp256k1 public key length.
	Secp256k1PublicKeySize = C.ZC_SECP256K1_PUBLIC_KEY_LEN
	// Secp256k1UncompressedPublicKeySize is the uncompressed secp256k1 key length.
	Secp256k1UncompressedPublicKeySize = C.ZC_SECP256K1_UNCOMPRESSED_PUBLIC_KEY_LEN
	// Secp256k1SignatureSize is the secp256k1 ECDSA signature length (r ‖ s).
	Secp256k1SignatureSize = C.ZC_SECP256K1_SIGNATURE_LEN
	// Secp256k1RecoverableSignatureSize is the recoverable signature length (r ‖ s ‖ v).
	Secp256k1RecoverableSignatureSize = C.ZC_SECP256K1_RECOVERABLE_SIGNATURE_LEN
	// BLSPublicKeySize is the BLS12-381 public key length (compressed G1).
	BLSPublicKeySize = C.ZC_BLS_PUBLIC_KEY_LEN
	// BLSSignatureSize is the BLS12-381 signature length (compressed G2).
	BLSSignatureSize = C.ZC_BLS_SIGNATURE_LEN
	// SigMaxSeedSize is the longest seed of any signature scheme.
	SigMaxSeedSize = C.ZC_SIG_MAX_SEED_LEN
	// SigMaxPublicKeySize is the longest public key of any signature scheme.
	SigMaxPublicKeySize = C.ZC_SIG_MAX_PUBLIC_KEY_LEN
	// SigMaxSignatureSize is the longest signature of any signature scheme.
	SigMaxSignatureSize = C.ZC_SIG_MAX_SIGNATURE_LEN
)

// SigSizes returns the seed (secret key), public key and signature lengths of a
// signature scheme ("ed25519", "ecdsa-secp256k1", "bip340", "ml-dsa-44", "ml-dsa-65",
// "ml-dsa-87", "ed25519-ml-dsa-65", "bls12-381").
func SigSizes(alg string) (seedSize, publicKeySize, signatureSize int, err error) {
	cs, err := cname(alg)
	if err != nil {
		return 0, 0, 0, err
	}
	defer free(cs)
	var s, p, g C.size_t
	if err := codeError(C.zc_sig_lengths(cs, &s, &p, &g)); err != nil {
		return 0, 0, 0, err
	}
	return int(s), int(p), int(g), nil
}

// PublicKey returns the public key (the scheme's standard encoding) of the secret key
// seed under the signature scheme alg.
func PublicKey(alg string, seed []byte) ([]byte, error) {
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	return output(SigMaxPublicKeySize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_sig_public_key(cs, ptr(seed), clen(seed), o, l, w)
	})
}

// Sign signs message with the secret key seed under context (nil for the schemes
// without contexts; ML-DSA and the composite take up to 255 bytes). Every scheme signs
// deterministically (ML-DSA and the composite with FIPS 204's rnd = 0^32) except
// BIP-340, which draws a fresh aux_rand: BIP340Sign takes it from the caller.
func Sign(alg string, seed, message, context []byte) ([]byte, error) {
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	return output(0, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_sig_sign(cs, ptr(seed), clen(seed), ptr(message), clen(message),
			ptr(context), clen(context), o, l, w)
	})
}

// BIP340AuxRandSize is the length of BIP-340's auxiliary randomness aux_rand.
const BIP340AuxRandSize = C.ZC_BIP340_AUX_RAND_LEN

// BIP340Sign returns the BIP-340 signature (64 bytes) of message (any length) by the
// 32-byte secret scalar seed with the caller's 32-byte auxRand: deterministic, for
// known-answer tests. Sign("bip340", ...) uses fresh randomness, as BIP-340 recommends.
func BIP340Sign(seed, message, auxRand []byte) ([]byte, error) {
	return output(64, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_bip340_sign(ptr(seed), clen(seed), ptr(message), clen(message),
			ptr(auxRand), clen(auxRand), o, l, w)
	})
}

// Verify checks signature over message under context with an encoded public key:
// nil, ErrInvalidSignature, ErrInvalidKey (malformed key) or ErrInvalidLength.
func Verify(alg string, publicKey, message, context, signature []byte) error {
	cs, err := cname(alg)
	if err != nil {
		return err
	}
	defer free(cs)
	return codeError(C.zc_sig_verify(cs, ptr(publicKey), clen(publicKey), ptr(message), clen(message),
		ptr(context), clen(context), ptr(signature), clen(signature)))
}

// CheckPublicKey reports whether publicKey is a well-formed key for the scheme: nil or
// ErrInvalidKey / ErrInvalidLength.
func CheckPublicKey(alg string, publicKey []byte) error {
	cs, err := cname(alg)
	if err != nil {
		return err
	}
	defer free(cs)
	return codeError(C.zc_sig_check_public_key(cs, ptr(publicKey), clen(publicKey)))
}

// Secp256k1SignRecoverable signs a caller-computed 32-byte hash (e.g. Keccak-256 of an
// Ethereum transaction) with the 32-byte secret scalar seed and returns the 65-byte
// recoverable signature r ‖ s ‖ v (low S, RFC 6979, v = 0 or 1).
func Secp256k1SignRecoverable(seed, prehash []byte) ([]byte, error) {
	return output(Secp256k1RecoverableSignatureSize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_secp256k1_sign_recoverable(ptr(seed), clen(seed), ptr(prehash), clen(prehash), o, l, w)
	})
}

// Secp256k1Recover returns the public key that made the 65-byte signature r ‖ s ‖ v
// (v = 0 or 1: subtract 27 from Ethereum's v first) over the 32-byte prehash: the
// 33-byte compressed key, or the 65-byte uncompressed one. High S is
// ErrInvalidSignature.
func Secp256k1Recover(prehash, signature []byte, uncompressed bool) ([]byte, error) {
	var u C.int32_t
	if uncompressed {
		u = 1
	}
	return output(Secp256k1UncompressedPublicKeySize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_secp256k1_recover(ptr(prehash), clen(prehash), ptr(signature), clen(signature), u, o, l, w)
	})
}

// BLSAggregateSignatures returns the aggregate of 96-byte BLS12-381 signatures. A
// signature of another length is ErrInvalidLength; none is ErrInvalidSignature.
func BLSAggregateSignatures(signatures [][]byte) ([]byte, error) {
	all, err := concat(signatures, BLSSignatureSize)
	if err != nil {
		return nil, err
	}
	return output(BLSSignatureSize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_bls_aggregate_signatures(ptr(all), clen(all), o, l, w)
	})
}

// BLSAggregatePublicKeys returns the sum of 48-byte BLS12-381 public keys (none, or a
// sum at infinity, is ErrInvalidKey). Only safe for keys whose proofs of possession
// were checked.
func BLSAggregatePublicKeys(publicKeys [][]byte) ([]byte, error) {
	all, err := concat(publicKeys, BLSPublicKeySize)
	if err != nil {
		return nil, err
	}
	return output(BLSPublicKeySize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_bls_aggregate_public_keys(ptr(all), clen(all), o, l, w)
	})
}

// BLSFastAggregateVerify checks that signature is the aggregate of signatures by every
// key in publicKeys over the same message (BLS FastAggregateVerify). Only safe for
// keys whose proofs of possession were checked.
func BLSFastAggregateVerify(publicKeys [][]byte, message, signature []byte) error {
	all, err := concat(publicKeys, BLSPublicKeySize)
	if err != nil {
		return err
	}
	return codeError(C.zc_bls_fast_aggregate_verify(ptr(all), clen(all), ptr(message), clen(message),
		ptr(signature), clen(signature)))
}

// BatchRule selects how a BatchVerifier checks Ed25519 (and FROST) items.
type BatchRule int32

const (
	// BatchEd25519ZIP215 uses the ZIP-215 rule (true batch verification; the default).
	BatchEd25519ZIP215 BatchRule = C.ZC_BATCH_ED25519_ZIP215
	// BatchEd25519Strict uses the strict single-signature rule of Verify.
	BatchEd25519Strict BatchRule = C.ZC_BATCH_ED25519_STRICT
)

// BatchVerifier collects signatures (of any scheme Verify takes, and "frost-ed25519"
// group signatures) and verifies them together, over a C ZcBatch handle. Its methods
// are serialized by a mutex. Call Close when done; a finalizer frees the handle of a
// batch that was never closed.
type BatchVerifier struct {
	mu sync.Mutex
	b  *C.ZcBatch
}

// NewBatchVerifier creates an empty batch with an Ed25519 rule and the default limits
// (100,000 items, 256 MiB of messages). Another rule is ErrUnsupportedAlgorithm.
func NewBatchVerifier(rule BatchRule) (*BatchVerifier, error) {
	var b *C.ZcBatch
	if err := codeError(C.zc_batch_new(C.int32_t(rule), &b)); err != nil {
		return nil, err
	}
	bv := &BatchVerifier{b: b}
	runtime.SetFinalizer(bv, (*BatchVerifier).Close)
	return bv, nil
}

// Add copies one signature into the batch. Malformed keys and signatures are accepted
// here and reported by VerifyAll/VerifyEach; an unknown or non-signature algorithm is
// refused now. Past the limits: ErrLimitExceeded, the batch unchanged.
func (bv *BatchVerifier) Add(alg string, publicKey, message, context, signature []byte) error {
	cs, err := cname(alg)
	if err != nil {
		return err
	}
	defer free(cs)
	bv.mu.Lock()
	defer bv.mu.Unlock()
	if bv.b == nil {
		return ErrClosed
	}
	rc := C.zc_batch_add(bv.b, cs, ptr(publicKey), clen(publicKey), ptr(message), clen(message),
		ptr(context), clen(context), ptr(signature), clen(signature))
	runtime.KeepAlive(bv)
	return codeError(rc)
}

// Len returns the number of items added (0 after Close).
func (bv *BatchVerifier) Len() int {
	bv.mu.Lock()
	defer bv.mu.Unlock()
	if bv.b == nil {
		return 0
	}
	var n C.size_t
	if C.zc_batch_len(bv.b, &n) != C.ZC_OK {
		return 0
	}
	runtime.KeepAlive(bv)
	return int(n)
}

// VerifyAll returns nil if every item verifies (an empty batch does), otherwise the
// error of one bad item (use VerifyEach to find them all).
func (bv *BatchVerifier) VerifyAll() error {
	bv.mu.Lock()
	defer bv.mu.Unlock()
	if bv.b == nil {
		return ErrClosed
	}
	rc := C.zc_batch_verify_all(bv.b)
	runtime.KeepAlive(bv)
	return codeError(rc)
}

// VerifyEach returns one result per item, in the order they were added: nil for a
// valid signature, else its error. The second result is ErrClosed after Close (or an
// unexpected failure of the call itself).
func (bv *BatchVerifier) VerifyEach() ([]error, error) {
	bv.mu.Lock()
	defer bv.mu.Unlock()
	if bv.b == nil {
		return nil, ErrClosed
	}
	defer runtime.KeepAlive(bv)
	var n C.size_t
	if err := codeError(C.zc_batch_len(bv.b, &n)); err != nil {
		return nil, err
	}
	codes := make([]C.int32_t, int(n))
	var p *C.int32_t
	if len(codes) > 0 {
		p = &codes[0]
	}
	var w C.size_t
	if err := codeError(C.zc_batch_verify_each(bv.b, p, n, &w)); err != nil {
		return nil, err
	}
	out := make([]error, int(w))
	for i := range out {
		out[i] = codeError(codes[i])
	}
	return out, nil
}

// Close frees the C handle. It is idempotent; later calls of the other methods return
// ErrClosed.
func (bv *BatchVerifier) Close() error {
	bv.mu.Lock()
	defer bv.mu.Unlock()
	if bv.b != nil {
		C.zc_batch_free(bv.b)
		bv.b = nil
		runtime.SetFinalizer(bv, nil)
	}
	return nil
}
