package zcrypto_test

import (
	"bytes"
	"errors"
	"runtime"
	"sync"
	"testing"

	"zcrypto.dev/zcrypto"
)

func TestErrorTable(t *testing.T) {
	table := []struct {
		err  error
		code int
		name string
	}{
		{zcrypto.ErrInvalidLength, 1, "invalid_length"},
		{zcrypto.ErrInvalidKey, 2, "invalid_key"},
		{zcrypto.ErrInvalidSignature, 3, "invalid_signature"},
		{zcrypto.ErrDecryptionFailed, 4, "decryption_failed"},
		{zcrypto.ErrUnknownAlgorithm, 5, "unknown_algorithm"},
		{zcrypto.ErrUnsupportedAlgorithm, 6, "unsupported_algorithm"},
		{zcrypto.ErrInvalidCiphertext, 7, "invalid_ciphertext"},
		{zcrypto.ErrOutputTooLong, 8, "output_too_long"},
		{zcrypto.ErrBufferTooSmall, 9, "buffer_too_small"},
		{zcrypto.ErrInvalidEncoding, 10, "invalid_encoding"},
		{zcrypto.ErrWeakKey, 11, "weak_key"},
		{zcrypto.ErrRandomnessUnavailable, 12, "randomness_unavailable"},
		{zcrypto.ErrMessageTooLong, 13, "message_too_long"},
		{zcrypto.ErrPolicyNotSatisfied, 14, "policy_not_satisfied"},
		{zcrypto.ErrNotYetValid, 15, "not_yet_valid"},
		{zcrypto.ErrLimitExceeded, 16, "limit_exceeded"},
		{zcrypto.ErrInvalidProof, 17, "invalid_proof"},
		{zcrypto.ErrOutOfGas, 18, "out_of_gas"},
		{zcrypto.ErrMemoryOutOfBounds, 19, "memory_out_of_bounds"},
		{zcrypto.ErrReplayed, 20, "replayed"},
		{zcrypto.ErrExpired, 21, "expired"},
		{zcrypto.ErrInternal, 255, "internal"},
	}
	for _, e := range table {
		var ze *zcrypto.Error
		if !errors.As(e.err, &ze) || ze.Code != e.code || ze.Name != e.name || ze.Message == "" {
			t.Errorf("code %d: %+v", e.code, ze)
		}
		// A fresh value with the same code matches the sentinel; others do not.
		if !errors.Is(zcrypto.ErrorFromCode(e.code), e.err) || !errors.Is(&zcrypto.Error{Code: e.code}, e.err) {
			t.Errorf("code %d: errors.Is fails", e.code)
		}
		if e.code != 1 && errors.Is(e.err, zcrypto.ErrInvalidLength) {
			t.Errorf("code %d matches ErrInvalidLength", e.code)
		}
	}
	if zcrypto.ErrorFromCode(0) != nil {
		t.Error("code 0 is not nil")
	}
	var ze *zcrypto.Error
	if err := zcrypto.ErrorFromCode(1000); !errors.As(err, &ze) || ze.Name != "unknown" || ze.Message != "unknown error code" {
		t.Errorf("code 1000: %v", err)
	}
}

func TestGeneral(t *testing.T) {
	if zcrypto.Version() == "" {
		t.Error("empty version")
	}
	for _, f := range []string{"portable", "native", "bls", "ml-dsa-65", "ml-kem-768"} {
		if !zcrypto.HasFeature(f) {
			t.Errorf("feature %q missing", f)
		}
	}
	for _, f := range []string{"no-such-thing", "", "bls\x00"} {
		if zcrypto.HasFeature(f) {
			t.Errorf("feature %q present", f)
		}
	}
	a, err := zcrypto.Random(32)
	b, _ := zcrypto.Random(32)
	if err != nil || len(a) != 32 || bytes.Equal(a, b) {
		t.Errorf("Random: %x %x %v", a, b, err)
	}
	if r, err := zcrypto.Random(0); err != nil || len(r) != 0 {
		t.Errorf("Random(0): %v", err)
	}
	if _, err := zcrypto.Random(-1); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("Random(-1): %v", err)
	}
}

func TestUnknownAndUnsupportedAlgorithms(t *testing.T) {
	unknown := []string{"md5", "SHA256", "", "sha256\x00", "sha256\x00junk", "rsa"}
	for _, alg := range unknown {
		checks := map[string]error{}
		_, checks["Hash"] = zcrypto.Hash(alg, nil)
		_, checks["NewHasher"] = zcrypto.NewHasher(alg)
		_, checks["HMAC"] = zcrypto.HMAC(alg, nil, nil)
		_, checks["HKDF"] = zcrypto.HKDF(alg, nil, nil, nil, 32)
		_, checks["NewAEADKey"] = zcrypto.NewAEADKey(alg, make([]byte, 32))
		_, _, checks["KEMKeyGen"] = zcrypto.KEMKeyGen(alg, make([]byte, 64))
		_, checks["Sign"] = zcrypto.Sign(alg, make([]byte, 32), nil, nil)
		checks["Verify"] = zcrypto.Verify(alg, make([]byte, 32), nil, nil, make([]byte, 64))
		_, checks["MerkleRoot"] = zcrypto.MerkleRoot(alg, nil)
		for name, err := range checks {
			if !errors.Is(err, zcrypto.ErrUnknownAlgorithm) {
				t.Errorf("%s(%q): %v", name, alg, err)
			}
		}
	}
	if _, err := zcrypto.Hash("ed25519", nil); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("Hash(ed25519): %v", err)
	}
	if _, err := zcrypto.HMAC("sha256", nil, nil); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("HMAC(sha256): %v", err)
	}
	if _, err := zcrypto.HKDFExtract("hmac-sha256", nil, nil); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("HKDFExtract(hmac-sha256): %v", err)
	}
	if _, err := zcrypto.NewAEADKey("sha256", make([]byte, 32)); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("NewAEADKey(sha256): %v", err)
	}
	if _, _, err := zcrypto.KEMKeyGen("x25519", make([]byte, 64)); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("KEMKeyGen(x25519): %v", err)
	}
	if _, err := zcrypto.Sign("sha256", make([]byte, 32), nil, nil); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("Sign(sha256): %v", err)
	}
	if _, _, _, err := zcrypto.SigSizes("frost-ed25519"); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("SigSizes(frost-ed25519): %v", err)
	}
	// A context on Ed25519, which has none.
	if _, err := zcrypto.Sign("ed25519", make([]byte, 32), nil, []byte("c")); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("Ed25519 with a context: %v", err)
	}
}

func TestNegativeLengths(t *testing.T) {
	seed := make([]byte, 32)
	if _, err := zcrypto.PublicKey("ed25519", seed[:31]); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("short ed25519 seed: %v", err)
	}
	if err := zcrypto.Verify("ed25519", make([]byte, 32), nil, nil, make([]byte, 63)); err == nil {
		t.Error("short ed25519 signature accepted")
	}
	if err := zcrypto.CheckPublicKey("ecdsa-secp256k1", append([]byte{5}, make([]byte, 32)...)); !errors.Is(err, zcrypto.ErrInvalidKey) {
		t.Errorf("malformed secp256k1 key: %v", err)
	}
	prk := make([]byte, 32)
	if _, err := zcrypto.HKDFExpand("hkdf-sha256", prk[:31], nil, 32); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("short prk: %v", err)
	}
	if _, err := zcrypto.HKDFExpand("hkdf-sha256", prk, nil, -1); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("negative length: %v", err)
	}
	if _, err := zcrypto.ExpandLabel("hkdf-sha256", prk, "x", make([]byte, 256), 16); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("context of 256 bytes: %v", err)
	}
	if _, err := zcrypto.X25519(make([]byte, 32), make([]byte, 32)); !errors.Is(err, zcrypto.ErrWeakKey) {
		t.Errorf("all-zero peer: %v", err)
	}
	ek, _, err := zcrypto.KEMKeyGen("ml-kem-768", make([]byte, 64))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := zcrypto.KEMEncapsulate("ml-kem-768", ek[:len(ek)-1]); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("short ek: %v", err)
	}
	if _, _, err := zcrypto.KEMEncapsulateDerand("ml-kem-768", ek, make([]byte, 31)); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("short m: %v", err)
	}
	if _, _, err := zcrypto.KEMEncapsulateDerand("ml-kem-768", ek, nil); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("no m: %v", err)
	}
}

func TestMLDSAContext(t *testing.T) {
	for _, alg := range []string{"ml-dsa-44", "ml-dsa-65", "ml-dsa-87", "ed25519-ml-dsa-65"} {
		s, _, _, err := zcrypto.SigSizes(alg)
		if err != nil {
			t.Fatal(err)
		}
		seed := bytes.Repeat([]byte{9}, s)
		pk, err := zcrypto.PublicKey(alg, seed)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := zcrypto.Sign(alg, seed, []byte("m"), []byte("ctx"))
		if err != nil {
			t.Fatal(err)
		}
		if err := zcrypto.Verify(alg, pk, []byte("m"), []byte("ctx"), sig); err != nil {
			t.Errorf("%s: %v", alg, err)
		}
		if err := zcrypto.Verify(alg, pk, []byte("m"), []byte("ctY"), sig); !errors.Is(err, zcrypto.ErrInvalidSignature) {
			t.Errorf("%s wrong context: %v", alg, err)
		}
		if err := zcrypto.Verify(alg, pk, []byte("m"), nil, sig); !errors.Is(err, zcrypto.ErrInvalidSignature) {
			t.Errorf("%s no context: %v", alg, err)
		}
	}
}

func TestHybrid(t *testing.T) {
	seed, xs := bytes.Repeat([]byte{5}, 64), bytes.Repeat([]byte{6}, 32)
	share, err := zcrypto.HybridClientShare(seed, xs)
	if err != nil || len(share) != zcrypto.HybridClientShareSize {
		t.Fatalf("client share: %d, %v", len(share), err)
	}
	server, s1, err := zcrypto.HybridServerEncapsulate(share)
	if err != nil || len(server) != zcrypto.HybridServerShareSize || len(s1) != zcrypto.HybridSecretSize {
		t.Fatalf("server: %v", err)
	}
	s2, err := zcrypto.HybridClientFinish(seed, xs, server)
	if err != nil || !bytes.Equal(s1, s2) {
		t.Fatalf("secrets differ: %v", err)
	}
	m, eph := bytes.Repeat([]byte{7}, 32), bytes.Repeat([]byte{8}, 32)
	srvA, sA, err := zcrypto.HybridServerEncapsulateDerand(share, m, eph)
	srvB, sB, _ := zcrypto.HybridServerEncapsulateDerand(share, m, eph)
	if err != nil || !bytes.Equal(srvA, srvB) || !bytes.Equal(sA, sB) {
		t.Fatalf("deterministic encapsulation: %v", err)
	}
	if got, err := zcrypto.HybridClientFinish(seed, xs, srvA); err != nil || !bytes.Equal(got, sA) {
		t.Fatalf("deterministic finish: %v", err)
	}
	// The client share is ek ‖ X25519 public key: check both halves.
	ek, _, _ := zcrypto.KEMKeyGen("ml-kem-768", seed)
	xpub, _ := zcrypto.X25519PublicKey(xs)
	if !bytes.Equal(share, append(bytes.Clone(ek), xpub...)) {
		t.Error("client share is not ek ‖ x25519 public key")
	}
	// Wrong client secret: another secret (not byte 0's low bits: clamped).
	if got, err := zcrypto.HybridClientFinish(seed, flip(xs, 1), srvA); err != nil || bytes.Equal(got, sA) {
		t.Errorf("wrong X25519 secret: %v", err)
	}
	if _, err := zcrypto.HybridClientFinish(seed, xs, srvA[:len(srvA)-1]); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("truncated server share: %v", err)
	}
	if _, _, err := zcrypto.HybridServerEncapsulate(share[:len(share)-1]); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("truncated client share: %v", err)
	}
	if _, _, err := zcrypto.HybridServerEncapsulateDerand(share, m, nil); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("missing ephemeral: %v", err)
	}
}

func TestSecp256k1Recover(t *testing.T) {
	seed := bytes.Repeat([]byte{0x11}, 32)
	h, _ := zcrypto.Hash("keccak256", []byte("tx"))
	pk, _ := zcrypto.PublicKey("ecdsa-secp256k1", seed)
	sig, err := zcrypto.Secp256k1SignRecoverable(seed, h)
	if err != nil || len(sig) != 65 || sig[64] > 1 {
		t.Fatalf("sign: %x, %v", sig, err)
	}
	if got, err := zcrypto.Secp256k1Recover(h, sig, false); err != nil || !bytes.Equal(got, pk) {
		t.Fatalf("recover: %x, %v", got, err)
	}
	if got, err := zcrypto.Secp256k1Recover(h, sig, true); err != nil || len(got) != 65 || got[0] != 4 || !bytes.Equal(got[1:33], pk[1:]) {
		t.Fatalf("recover uncompressed: %x, %v", got, err)
	}
	// The wrong hash recovers another key (or fails); Ethereum's v must be reduced.
	if got, err := zcrypto.Secp256k1Recover(flip(h, 0), sig, false); err == nil && bytes.Equal(got, pk) {
		t.Error("recovered the key from the wrong hash")
	}
	bad := bytes.Clone(sig)
	bad[64] = 27
	if _, err := zcrypto.Secp256k1Recover(h, bad, false); !errors.Is(err, zcrypto.ErrInvalidSignature) {
		t.Errorf("v = 27: %v", err)
	}
	if _, err := zcrypto.Secp256k1Recover(h[:31], sig, false); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("short hash: %v", err)
	}
	if _, err := zcrypto.Secp256k1Recover(h, sig[:64], false); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("short signature: %v", err)
	}
}

func TestBLSAggregation(t *testing.T) {
	msg := []byte("block 42")
	var pks, sigs [][]byte
	for i := 0; i < 3; i++ {
		seed := bytes.Repeat([]byte{byte(0x20 + i)}, 32)
		pk, err := zcrypto.PublicKey("bls12-381", seed)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := zcrypto.Sign("bls12-381", seed, msg, nil)
		if err != nil {
			t.Fatal(err)
		}
		pks, sigs = append(pks, pk), append(sigs, sig)
	}
	aggSig, err := zcrypto.BLSAggregateSignatures(sigs)
	if err != nil || len(aggSig) != zcrypto.BLSSignatureSize {
		t.Fatal(err)
	}
	aggPK, err := zcrypto.BLSAggregatePublicKeys(pks)
	if err != nil || len(aggPK) != zcrypto.BLSPublicKeySize {
		t.Fatal(err)
	}
	if err := zcrypto.Verify("bls12-381", aggPK, msg, nil, aggSig); err != nil {
		t.Errorf("aggregate key: %v", err)
	}
	if err := zcrypto.BLSFastAggregateVerify(pks, msg, aggSig); err != nil {
		t.Errorf("fast aggregate verify: %v", err)
	}
	if err := zcrypto.BLSFastAggregateVerify(pks[:2], msg, aggSig); !errors.Is(err, zcrypto.ErrInvalidSignature) {
		t.Errorf("missing key: %v", err)
	}
	if err := zcrypto.BLSFastAggregateVerify(pks, msg[:7], aggSig); !errors.Is(err, zcrypto.ErrInvalidSignature) {
		t.Errorf("wrong message: %v", err)
	}
	if _, err := zcrypto.BLSAggregateSignatures([][]byte{sigs[0], sigs[1][:95]}); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("short signature: %v", err)
	}
	if _, err := zcrypto.BLSAggregateSignatures(nil); !errors.Is(err, zcrypto.ErrInvalidSignature) {
		t.Errorf("no signatures: %v", err)
	}
	if _, err := zcrypto.BLSAggregatePublicKeys(nil); !errors.Is(err, zcrypto.ErrInvalidKey) {
		t.Errorf("no keys: %v", err)
	}
	if err := zcrypto.BLSFastAggregateVerify(nil, msg, aggSig); !errors.Is(err, zcrypto.ErrInvalidKey) {
		t.Errorf("fast verify without keys: %v", err)
	}
}

func TestBatchVerifier(t *testing.T) {
	m := []byte("vote")
	keyAndSig := func(alg string, b byte) ([]byte, []byte) {
		seed := bytes.Repeat([]byte{b}, 32)
		pk, err := zcrypto.PublicKey(alg, seed)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := zcrypto.Sign(alg, seed, m, nil)
		if err != nil {
			t.Fatal(err)
		}
		return pk, sig
	}
	edPK, edSig := keyAndSig("ed25519", 1)
	blsPK, blsSig := keyAndSig("bls12-381", 2)
	k1PK, k1Sig := keyAndSig("ecdsa-secp256k1", 3)

	if _, err := zcrypto.NewBatchVerifier(7); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("rule 7: %v", err)
	}
	b, err := zcrypto.NewBatchVerifier(zcrypto.BatchEd25519ZIP215)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.VerifyAll(); err != nil {
		t.Errorf("empty batch: %v", err)
	}
	if res, err := b.VerifyEach(); err != nil || len(res) != 0 {
		t.Errorf("empty VerifyEach: %v %v", res, err)
	}
	for _, add := range []error{
		b.Add("ed25519", edPK, m, nil, edSig),
		b.Add("bls12-381", blsPK, m, nil, blsSig),
		b.Add("ecdsa-secp256k1", k1PK, m, nil, k1Sig),
	} {
		if add != nil {
			t.Fatal(add)
		}
	}
	if err := b.VerifyAll(); err != nil {
		t.Errorf("good batch: %v", err)
	}
	b.Add("ed25519", edPK, []byte("veto"), nil, edSig) // wrong message
	b.Add("ecdsa-secp256k1", k1PK, m, nil, k1Sig[:63]) // malformed: reported per item
	if err := b.Add("rsa", edPK, m, nil, edSig); !errors.Is(err, zcrypto.ErrUnknownAlgorithm) {
		t.Errorf("rsa: %v", err)
	}
	if err := b.Add("sha256", edPK, m, nil, edSig); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("sha256: %v", err)
	}
	if b.Len() != 5 {
		t.Errorf("Len = %d", b.Len())
	}
	if err := b.VerifyAll(); err == nil {
		t.Error("batch with bad items verified")
	}
	res, err := b.VerifyEach()
	if err != nil || len(res) != 5 {
		t.Fatalf("VerifyEach: %v %v", res, err)
	}
	if res[0] != nil || res[1] != nil || res[2] != nil ||
		!errors.Is(res[3], zcrypto.ErrInvalidSignature) || !errors.Is(res[4], zcrypto.ErrInvalidLength) {
		t.Errorf("VerifyEach = %v", res)
	}

	strict, err := zcrypto.NewBatchVerifier(zcrypto.BatchEd25519Strict)
	if err != nil {
		t.Fatal(err)
	}
	strict.Add("ed25519", edPK, m, nil, edSig)
	if err := strict.VerifyAll(); err != nil {
		t.Errorf("strict: %v", err)
	}
	strict.Close()
}

func TestUseAfterClose(t *testing.T) {
	h, _ := zcrypto.NewHasher("sha256")
	h.Close()
	h.Close() // idempotent
	if _, err := h.Write([]byte("x")); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("Hasher.Write: %v", err)
	}
	if _, err := h.Finish(); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("Hasher.Finish: %v", err)
	}
	if err := h.Reset(); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("Hasher.Reset: %v", err)
	}

	k, _ := zcrypto.NewAEADKey("chacha20-poly1305", make([]byte, 32))
	k.Close()
	k.Close()
	nonce := make([]byte, 12)
	if _, err := k.Seal(nonce, nil, nil); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("Seal: %v", err)
	}
	if _, err := k.Open(nonce, make([]byte, 16), nil); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("Open: %v", err)
	}
	if _, err := k.SealDetached(nonce, nil, nil); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("SealDetached: %v", err)
	}
	if err := k.OpenDetached(nonce, nil, nil, make([]byte, 16)); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("OpenDetached: %v", err)
	}

	b, _ := zcrypto.NewBatchVerifier(zcrypto.BatchEd25519ZIP215)
	b.Close()
	b.Close()
	if err := b.Add("ed25519", nil, nil, nil, nil); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("Add: %v", err)
	}
	if err := b.VerifyAll(); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("VerifyAll: %v", err)
	}
	if _, err := b.VerifyEach(); !errors.Is(err, zcrypto.ErrClosed) {
		t.Errorf("VerifyEach: %v", err)
	}
	if b.Len() != 0 {
		t.Error("Len after Close")
	}
}

// Handles never closed are freed by their finalizers (this must not crash; leaks are
// not observable from here).
func TestFinalizers(t *testing.T) {
	for i := 0; i < 100; i++ {
		h, _ := zcrypto.NewHasher("blake3")
		h.Write([]byte("abandoned"))
		zcrypto.NewAEADKey("aes-128-gcm", make([]byte, 16))
		zcrypto.NewBatchVerifier(zcrypto.BatchEd25519ZIP215)
	}
	runtime.GC()
	runtime.GC()
}

// An AEADKey is shared by goroutines; Close waits for calls in progress.
func TestAEADConcurrent(t *testing.T) {
	k, err := zcrypto.NewAEADKey("aes-256-gcm", bytes.Repeat([]byte{1}, 32))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			nonce := make([]byte, 12)
			nonce[0] = byte(g)
			for i := 0; i < 200; i++ {
				pt := bytes.Repeat([]byte{byte(i)}, i)
				ct, err := k.Seal(nonce, pt, nil)
				if err != nil {
					t.Error(err)
					return
				}
				if back, err := k.Open(nonce, ct, nil); err != nil || !bytes.Equal(back, pt) {
					t.Error("round trip", err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	k.Close()
}
