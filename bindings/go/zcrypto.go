package zcrypto

/*
#cgo CFLAGS: -I${SRCDIR}/../../ffi/include
#include <stdlib.h>
#include "zcrypto.h"
*/
import "C"

import (
	"errors"
	"strings"
	"unsafe"
)

// Error is a zcrypto status code: the same stable numbers, names and messages as
// zcrypto's Rust Error::code, the C ABI's ZC_ERR_* constants and every other binding.
//
// Every error a function of this package returns for a failed C call is one of the
// sentinel values below (ErrInvalidLength, ...), so compare with errors.Is:
//
//	if errors.Is(err, zcrypto.ErrDecryptionFailed) { ... }
//
// Two *Error values match under errors.Is when their codes are equal.
type Error struct {
	// Code is the stable numeric code (1..20, 255).
	Code int
	// Name is the stable short name, e.g. "decryption_failed".
	Name string
	// Message is a human-readable English description.
	Message string
}

// Error implements the error interface: "zcrypto: <name>: <message>".
func (e *Error) Error() string {
	return "zcrypto: " + e.Name + ": " + e.Message
}

// Is reports whether target is an *Error with the same code, so that errors.Is works
// with the sentinel values.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && e != nil && t.Code == e.Code
}

func newError(code int) *Error {
	return &Error{
		Code:    code,
		Name:    C.GoString(C.zc_error_name(C.int32_t(code))),
		Message: C.GoString(C.zc_error_message(C.int32_t(code))),
	}
}

// The sentinel errors, one per status code of the C header (ZC_ERR_*).
var (
	// ErrInvalidLength (1): an input has the wrong length.
	ErrInvalidLength = newError(C.ZC_ERR_INVALID_LENGTH)
	// ErrInvalidKey (2): a key is malformed or fails validation.
	ErrInvalidKey = newError(C.ZC_ERR_INVALID_KEY)
	// ErrInvalidSignature (3): a signature (or MAC tag) is malformed or does not verify.
	ErrInvalidSignature = newError(C.ZC_ERR_INVALID_SIGNATURE)
	// ErrDecryptionFailed (4): AEAD authentication failed; no plaintext is released.
	ErrDecryptionFailed = newError(C.ZC_ERR_DECRYPTION_FAILED)
	// ErrUnknownAlgorithm (5): an algorithm name is not known to zcrypto.
	ErrUnknownAlgorithm = newError(C.ZC_ERR_UNKNOWN_ALGORITHM)
	// ErrUnsupportedAlgorithm (6): the algorithm exists but not for this operation.
	ErrUnsupportedAlgorithm = newError(C.ZC_ERR_UNSUPPORTED_ALGORITHM)
	// ErrInvalidCiphertext (7): a KEM ciphertext or encoded message is malformed.
	ErrInvalidCiphertext = newError(C.ZC_ERR_INVALID_CIPHERTEXT)
	// ErrOutputTooLong (8): a KDF was asked for more output than it can give.
	ErrOutputTooLong = newError(C.ZC_ERR_OUTPUT_TOO_LONG)
	// ErrBufferTooSmall (9): an output buffer is too small (handled inside this package;
	// callers should not see it).
	ErrBufferTooSmall = newError(C.ZC_ERR_BUFFER_TOO_SMALL)
	// ErrInvalidEncoding (10): text input could not be decoded.
	ErrInvalidEncoding = newError(C.ZC_ERR_INVALID_ENCODING)
	// ErrWeakKey (11): a key agreement produced an all-zero secret.
	ErrWeakKey = newError(C.ZC_ERR_WEAK_KEY)
	// ErrRandomnessUnavailable (12): the operating system's random source failed.
	ErrRandomnessUnavailable = newError(C.ZC_ERR_RANDOMNESS_UNAVAILABLE)
	// ErrMessageTooLong (13): a message exceeds the algorithm's limit.
	ErrMessageTooLong = newError(C.ZC_ERR_MESSAGE_TOO_LONG)
	// ErrPolicyNotSatisfied (14): an M-of-N signature policy was not met.
	ErrPolicyNotSatisfied = newError(C.ZC_ERR_POLICY_NOT_SATISFIED)
	// ErrNotYetValid (15): a time-locked signature was checked too early.
	ErrNotYetValid = newError(C.ZC_ERR_NOT_YET_VALID)
	// ErrLimitExceeded (16): a bound (items, bytes, depth) was exceeded.
	ErrLimitExceeded = newError(C.ZC_ERR_LIMIT_EXCEEDED)
	// ErrInvalidProof (17): a Merkle (or other) proof does not prove the claim.
	ErrInvalidProof = newError(C.ZC_ERR_INVALID_PROOF)
	// ErrOutOfGas (18): the gas limit was reached (VM host functions).
	ErrOutOfGas = newError(C.ZC_ERR_OUT_OF_GAS)
	// ErrMemoryOutOfBounds (19): a range lies outside guest memory (VM host functions).
	ErrMemoryOutOfBounds = newError(C.ZC_ERR_MEMORY_OUT_OF_BOUNDS)
	// ErrReplayed (20): a packet number was already accepted or is too old.
	ErrReplayed = newError(C.ZC_ERR_REPLAYED)
	// ErrExpired (21): a ticket, key or session is past its lifetime.
	ErrExpired = newError(C.ZC_ERR_EXPIRED)
	// ErrInternal (255): a backend failed unexpectedly, or a panic was caught.
	ErrInternal = newError(C.ZC_ERR_INTERNAL)
)

// ErrClosed is returned by the methods of a Hasher, AEADKey or BatchVerifier after
// Close. It is not a zcrypto status code (the C ABI never sees a closed handle).
var ErrClosed = errors.New("zcrypto: use of a closed handle")

var sentinels = map[int]*Error{}

func init() {
	for _, e := range []*Error{
		ErrInvalidLength, ErrInvalidKey, ErrInvalidSignature, ErrDecryptionFailed,
		ErrUnknownAlgorithm, ErrUnsupportedAlgorithm, ErrInvalidCiphertext,
		ErrOutputTooLong, ErrBufferTooSmall, ErrInvalidEncoding, ErrWeakKey,
		ErrRandomnessUnavailable, ErrMessageTooLong, ErrPolicyNotSatisfied,
		ErrNotYetValid, ErrLimitExceeded, ErrInvalidProof, ErrOutOfGas,
		ErrMemoryOutOfBounds, ErrReplayed, ErrExpired, ErrInternal,
	} {
		sentinels[e.Code] = e
	}
}

// codeError maps a status code to nil (ZC_OK), its sentinel, or (for a number that is
// not a code, which the ABI never returns) a fresh *Error.
func codeError(rc C.int32_t) error {
	if rc == C.ZC_OK {
		return nil
	}
	if e, ok := sentinels[int(rc)]; ok {
		return e
	}
	return newError(int(rc))
}

// ErrorFromCode returns the error of a zcrypto status code: nil for 0, the sentinel
// for a known code, and an *Error named "unknown" otherwise.
func ErrorFromCode(code int) error {
	if code < -1<<31 || code > 1<<31-1 {
		return newError(-1)
	}
	return codeError(C.int32_t(code))
}

// Version returns the version of the linked libzcrypto, e.g. "0.1.0".
func Version() string {
	return C.GoString(C.zc_version())
}

// HasFeature reports whether the linked libzcrypto has a feature: "native",
// "portable", "bls", "halo2", "std", or any stable algorithm name ("ml-kem-768", ...).
func HasFeature(name string) bool {
	if strings.IndexByte(name, 0) >= 0 {
		return false
	}
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	return C.zc_has_feature(cs) == 1
}

// Random returns n bytes from the operating system's random source.
func Random(n int) ([]byte, error) {
	if n < 0 {
		return nil, ErrInvalidLength
	}
	out := make([]byte, n)
	if err := codeError(C.zc_random(ptr(out), clen(out))); err != nil {
		return nil, err
	}
	return out, nil
}

// ---------------------------------------------------------------- helpers

// ptr returns a pointer to b's bytes for the duration of a C call, or NULL for an
// empty slice (the ABI allows NULL with length 0). Byte slices hold no Go pointers,
// so passing them to C is allowed by the cgo pointer rules; C never keeps them.
func ptr(b []byte) *C.uint8_t {
	if len(b) == 0 {
		return nil
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0]))
}

func clen(b []byte) C.size_t { return C.size_t(len(b)) }

// cname converts an algorithm name to a C string the caller must free. A name with a
// NUL byte inside is refused (it would otherwise be silently truncated).
func cname(alg string) (*C.char, error) {
	if strings.IndexByte(alg, 0) >= 0 {
		return nil, ErrUnknownAlgorithm
	}
	return C.CString(alg), nil
}

func free(p *C.char) { C.free(unsafe.Pointer(p)) }

// output runs f with a buffer of guess bytes; if the ABI answers
// ZC_ERR_BUFFER_TOO_SMALL it retries once with the size the ABI asked for (the
// header's size-query convention). It returns the written prefix.
func output(guess int, f func(out *C.uint8_t, outLen C.size_t, written *C.size_t) C.int32_t) ([]byte, error) {
	buf := make([]byte, guess)
	var w C.size_t
	rc := f(ptr(buf), clen(buf), &w)
	if rc == C.ZC_ERR_BUFFER_TOO_SMALL {
		buf = make([]byte, int(w))
		rc = f(ptr(buf), clen(buf), &w)
	}
	if err := codeError(rc); err != nil {
		return nil, err
	}
	return buf[:int(w):int(w)], nil
}

// output2 is output for the functions with two outputs: it asks both sizes with a
// size query (NULL buffers), then calls again with buffers of those sizes.
func output2(f func(o1 *C.uint8_t, l1 C.size_t, w1 *C.size_t, o2 *C.uint8_t, l2 C.size_t, w2 *C.size_t) C.int32_t) ([]byte, []byte, error) {
	var w1, w2 C.size_t
	rc := f(nil, 0, &w1, nil, 0, &w2)
	if rc != C.ZC_ERR_BUFFER_TOO_SMALL {
		if rc == C.ZC_OK {
			return []byte{}, []byte{}, nil
		}
		return nil, nil, codeError(rc)
	}
	a, b := make([]byte, int(w1)), make([]byte, int(w2))
	rc = f(ptr(a), clen(a), &w1, ptr(b), clen(b), &w2)
	if err := codeError(rc); err != nil {
		return nil, nil, err
	}
	return a[:int(w1)], b[:int(w2)], nil
}

// concat joins byte strings that must each be exactly size bytes long.
func concat(items [][]byte, size int) ([]byte, error) {
	out := make([]byte, 0, len(items)*size)
	for _, it := range items {
		if len(it) != size {
			return nil, ErrInvalidLength
		}
		out = append(out, it...)
	}
	return out, nil
}
