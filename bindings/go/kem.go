package zcrypto

/*
#include "zcrypto.h"
*/
import "C"

// Fixed sizes of the key agreement and KEM functions.
const (
	// X25519KeySize is the length of X25519 secrets, public keys and shared secrets.
	X25519KeySize = C.ZC_X25519_KEY_LEN
	// KEMSeedSize is the ML-KEM key generation seed length (d ‖ z).
	KEMSeedSize = C.ZC_KEM_SEED_LEN
	// KEMSharedSecretSize is the ML-KEM shared secret length.
	KEMSharedSecretSize = C.ZC_KEM_SHARED_SECRET_LEN
	// KEMEncapsRandomnessSize is the length of ML-KEM's explicit randomness m.
	KEMEncapsRandomnessSize = C.ZC_KEM_ENCAPS_RANDOMNESS_LEN
	// HybridClientShareSize is the X25519MLKEM768 client key share length.
	HybridClientShareSize = C.ZC_HYBRID_CLIENT_SHARE_LEN
	// HybridServerShareSize is the X25519MLKEM768 server key share length.
	HybridServerShareSize = C.ZC_HYBRID_SERVER_SHARE_LEN
	// HybridSecretSize is the X25519MLKEM768 combined secret length.
	HybridSecretSize = C.ZC_HYBRID_SECRET_LEN
)

// X25519PublicKey returns X25519(secret, 9) for a 32-byte secret (clamped as RFC 7748
// says).
func X25519PublicKey(secret []byte) ([]byte, error) {
	return output(X25519KeySize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_x25519_public_key(ptr(secret), clen(secret), o, l, w)
	})
}

// X25519 returns the shared secret X25519(secret, peer). An all-zero result (a
// low-order peer key) is ErrWeakKey.
func X25519(secret, peer []byte) ([]byte, error) {
	return output(X25519KeySize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_x25519(ptr(secret), clen(secret), ptr(peer), clen(peer), o, l, w)
	})
}

// KEMSizes returns the encapsulation key, decapsulation key and ciphertext lengths of
// "ml-kem-512", "ml-kem-768" or "ml-kem-1024".
func KEMSizes(alg string) (ekSize, dkSize, ctSize int, err error) {
	cs, err := cname(alg)
	if err != nil {
		return 0, 0, 0, err
	}
	defer free(cs)
	var e, d, c C.size_t
	if err := codeError(C.zc_kem_lengths(cs, &e, &d, &c)); err != nil {
		return 0, 0, 0, err
	}
	return int(e), int(d), int(c), nil
}

// KEMKeyGen runs ML-KEM.KeyGen_internal on the 64-byte seed d ‖ z and returns the
// encapsulation key ek and the expanded decapsulation key dk (secret).
func KEMKeyGen(alg string, seed []byte) (ek, dk []byte, err error) {
	cs, err := cname(alg)
	if err != nil {
		return nil, nil, err
	}
	defer free(cs)
	return output2(func(o1 *C.uint8_t, l1 C.size_t, w1 *C.size_t, o2 *C.uint8_t, l2 C.size_t, w2 *C.size_t) C.int32_t {
		return C.zc_kem_keygen(cs, ptr(seed), clen(seed), o1, l1, w1, o2, l2, w2)
	})
}

// KEMEncapsulate encapsulates to ek with randomness from the operating system and
// returns the ciphertext and the 32-byte shared secret.
func KEMEncapsulate(alg string, ek []byte) (ciphertext, sharedSecret []byte, err error) {
	return kemEncapsulate(alg, ek, nil)
}

// KEMEncapsulateDerand encapsulates to ek with the explicit 32-byte randomness m
// (ML-KEM.Encaps_internal). For known-answer tests only: never reuse m.
func KEMEncapsulateDerand(alg string, ek, m []byte) (ciphertext, sharedSecret []byte, err error) {
	if len(m) == 0 { // an empty m would mean OS randomness to the C ABI
		return nil, nil, ErrInvalidLength
	}
	return kemEncapsulate(alg, ek, m)
}

func kemEncapsulate(alg string, ek, m []byte) ([]byte, []byte, error) {
	cs, err := cname(alg)
	if err != nil {
		return nil, nil, err
	}
	defer free(cs)
	return output2(func(o1 *C.uint8_t, l1 C.size_t, w1 *C.size_t, o2 *C.uint8_t, l2 C.size_t, w2 *C.size_t) C.int32_t {
		return C.zc_kem_encapsulate(cs, ptr(ek), clen(ek), ptr(m), clen(m), o1, l1, w1, o2, l2, w2)
	})
}

// KEMDecapsulate runs ML-KEM.Decaps with the expanded decapsulation key dk and returns
// the 32-byte shared secret. A ciphertext of the wrong length is ErrInvalidLength; a
// tampered one gives an unrelated secret (implicit rejection), not an error.
func KEMDecapsulate(alg string, dk, ciphertext []byte) ([]byte, error) {
	cs, err := cname(alg)
	if err != nil {
		return nil, err
	}
	defer free(cs)
	return output(KEMSharedSecretSize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_kem_decapsulate(cs, ptr(dk), clen(dk), ptr(ciphertext), clen(ciphertext), o, l, w)
	})
}

// HybridClientShare returns the X25519MLKEM768 (TLS group 0x11EC) client key share
// (HybridClientShareSize bytes) for the client's 64-byte ML-KEM-768 seed and 32-byte
// X25519 secret. Keep both secrets for HybridClientFinish.
func HybridClientShare(mlkemSeed, x25519Secret []byte) ([]byte, error) {
	return output(HybridClientShareSize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_hybrid_client_share(ptr(mlkemSeed), clen(mlkemSeed), ptr(x25519Secret), clen(x25519Secret), o, l, w)
	})
}

// HybridServerEncapsulate answers an X25519MLKEM768 client share with randomness
// from the operating system: it returns the server share (HybridServerShareSize
// bytes) and the 64-byte combined secret (ML-KEM secret ‖ X25519 secret).
func HybridServerEncapsulate(clientShare []byte) (serverShare, secret []byte, err error) {
	return hybridServer(clientShare, nil, nil)
}

// HybridServerEncapsulateDerand is HybridServerEncapsulate with the explicit 32-byte
// ML-KEM randomness m and 32-byte X25519 ephemeral secret. For known-answer tests
// only.
func HybridServerEncapsulateDerand(clientShare, m, x25519Ephemeral []byte) (serverShare, secret []byte, err error) {
	if len(m) == 0 || len(x25519Ephemeral) == 0 {
		return nil, nil, ErrInvalidLength
	}
	return hybridServer(clientShare, m, x25519Ephemeral)
}

func hybridServer(clientShare, m, eph []byte) ([]byte, []byte, error) {
	return output2(func(o1 *C.uint8_t, l1 C.size_t, w1 *C.size_t, o2 *C.uint8_t, l2 C.size_t, w2 *C.size_t) C.int32_t {
		return C.zc_hybrid_server_encapsulate(ptr(clientShare), clen(clientShare), ptr(m), clen(m),
			ptr(eph), clen(eph), o1, l1, w1, o2, l2, w2)
	})
}

// HybridClientFinish completes an X25519MLKEM768 exchange on the client side with the
// server share and returns the 64-byte combined secret.
func HybridClientFinish(mlkemSeed, x25519Secret, serverShare []byte) ([]byte, error) {
	return output(HybridSecretSize, func(o *C.uint8_t, l C.size_t, w *C.size_t) C.int32_t {
		return C.zc_hybrid_client_finish(ptr(mlkemSeed), clen(mlkemSeed), ptr(x25519Secret), clen(x25519Secret),
			ptr(serverShare), clen(serverShare), o, l, w)
	})
}
