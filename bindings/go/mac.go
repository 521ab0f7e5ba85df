package zcrypto

/*
#include "zcrypto.h"
*/
import "C"

// HMAC returns the tag of data under key ("hmac-sha256", "hmac-sha384",
// "hmac-sha512"); the tag is the hash length.
func HMAC(alg string, key, data []byte) ([]byte, error) {
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	return output(C.ZC_HASH_MAX_LEN, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_hmac(cs, ptr(key), clen(key), ptr(data), clen(data), o, l, w)
	})
}

// VerifyHMAC checks an HMAC tag in constant time: nil, ErrInvalidSignature for a
// wrong tag or ErrInvalidLength for a tag of the wrong length.
func VerifyHMAC(alg string, key, data, tag []byte) error {
	cs, err := cname(alg)
	if err != nil {
		return err
	}
	defer free(cs)
	return codeError(C.zc_hmac_verify(cs, ptr(key), clen(key), ptr(data), clen(data), ptr(tag), clen(tag)))
}

// HKDFExtract returns HKDF-Extract(salt, ikm) ("hkdf-sha256", "hkdf-sha384",
// "hkdf-sha512"): one hash length. An empty salt means HashLen zero bytes.
func HKDFExtract(alg string, salt, ikm []byte) ([]byte, error) {
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	return output(C.ZC_HASH_MAX_LEN, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_hkdf_extract(cs, ptr(salt), clen(salt), ptr(ikm), clen(ikm), o, l, w)
	})
}

// okm allocates a KDF output of exactly n bytes and runs f on it.
func okm(n int, f func(o *C.uint8_t, l C.size_t) C.int32_t) ([]byte, error) {
	if n < 0 {
		return nil, ErrInvalidLength
	}
	out := make([]byte, n)
	if err := codeError(f(ptr(out), clen(out))); err != nil {
		return nil, err
	}
	return out, nil
}

// HKDFExpand returns HKDF-Expand(prk, info) of exactly length bytes (at most 255 hash
// lengths, else ErrOutputTooLong). prk must be one hash length.
func HKDFExpand(alg string, prk, info []byte, length int) ([]byte, error) {
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	return okm(length, func(o *C.uint8_t, l C.size_t) C.int32_t {
		return C.zc_hkdf_expand(cs, ptr(prk), clen(prk), ptr(info), clen(info), o, l)
	})
}

// HKDF returns HKDF-Expand(HKDF-Extract(salt, ikm), info) of exactly length bytes.
func HKDF(alg string, salt, ikm, info []byte, length int) ([]byte, error) {
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	return okm(length, func(o *C.uint8_t, l C.size_t) C.int32_t {
		return C.zc_hkdf(cs, ptr(salt), clen(salt), ptr(ikm), clen(ikm), ptr(info), clen(info), o, l)
	})
}

// ExpandLabel returns TLS 1.3 HKDF-Expand-Label(secret, label, context, length).
// Pass label without the "tls13 " prefix (e.g. "quic key"); secret is one hash
// length.
func ExpandLabel(alg string, secret []byte, label string, context []byte, length int) ([]byte, error) {
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	lb := []byte(label)
	return okm(length, func(o *C.uint8_t, l C.size_t) C.int32_t {
		return C.zc_hkdf_expand_label(cs, ptr(secret), clen(secret), ptr(lb), clen(lb), ptr(context), clen(context), o, l)
	})
}
