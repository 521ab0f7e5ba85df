package zcrypto_test

import (
	"encoding/hex"
	"errors"
	"fmt"

	"zcrypto.dev/zcrypto"
)

func Example() {
	// One-shot hash.
	digest, err := zcrypto.Hash("sha256", []byte("abc"))
	if err != nil {
		panic(err)
	}
	fmt.Println(hex.EncodeToString(digest))

	// AEAD: seal, open, and a refused forgery.
	key := make([]byte, 32)
	nonce := make([]byte, 12)
	k, err := zcrypto.NewAEADKey("aes-256-gcm", key)
	if err != nil {
		panic(err)
	}
	defer k.Close()
	ct, _ := k.Seal(nonce, []byte("hello"), []byte("header"))
	pt, _ := k.Open(nonce, ct, []byte("header"))
	fmt.Println(string(pt))
	ct[0] ^= 1
	_, err = k.Open(nonce, ct, []byte("header"))
	fmt.Println(errors.Is(err, zcrypto.ErrDecryptionFailed))

	// Ed25519 from a 32-byte seed.
	seed := make([]byte, 32)
	pub, _ := zcrypto.PublicKey("ed25519", seed)
	sig, _ := zcrypto.Sign("ed25519", seed, []byte("msg"), nil)
	fmt.Println(zcrypto.Verify("ed25519", pub, []byte("msg"), nil, sig) == nil)
	err = zcrypto.Verify("ed25519", pub, []byte("msG"), nil, sig)
	fmt.Println(errors.Is(err, zcrypto.ErrInvalidSignature), err)

	// Output:
	// ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
	// hello
	// true
	// true
	// true zcrypto: invalid_signature: invalid signature
}
