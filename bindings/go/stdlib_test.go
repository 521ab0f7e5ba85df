package zcrypto_test

// Interop with Go's standard library: the same bytes from both sides, and each side
// accepting the other's output.

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/mlkem"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"errors"
	"hash"
	"testing"

	"zcrypto.dev/zcrypto"
)

// pseudo returns n deterministic bytes (SHA-256 in counter mode of a label).
func pseudo(label string, n int) []byte {
	var out []byte
	for i := 0; len(out) < n; i++ {
		h := sha256.Sum256([]byte(label + string(rune('a'+i%26)) + string(rune(i))))
		out = append(out, h[:]...)
	}
	return out[:n]
}

func TestStdlibMLKEM768(t *testing.T) {
	for i := 0; i < 8; i++ {
		seed := pseudo("mlkem seed", 64)
		seed[0] = byte(i)
		ek, dk, err := zcrypto.KEMKeyGen("ml-kem-768", seed)
		if err != nil {
			t.Fatal(err)
		}
		goDK, err := mlkem.NewDecapsulationKey768(seed)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(goDK.EncapsulationKey().Bytes(), ek) {
			t.Fatal("encapsulation keys from the same seed differ")
		}
		// Go encapsulates to our key, we decapsulate.
		goEK, err := mlkem.NewEncapsulationKey768(ek)
		if err != nil {
			t.Fatal(err)
		}
		goSS, goCT := goEK.Encapsulate()
		ss, err := zcrypto.KEMDecapsulate("ml-kem-768", dk, goCT)
		if err != nil || !bytes.Equal(ss, goSS) {
			t.Fatalf("decapsulating Go's ciphertext: %v", err)
		}
		// We encapsulate to Go's key, Go decapsulates.
		ct, ss, err := zcrypto.KEMEncapsulate("ml-kem-768", goDK.EncapsulationKey().Bytes())
		if err != nil {
			t.Fatal(err)
		}
		goSS, err = goDK.Decapsulate(ct)
		if err != nil || !bytes.Equal(goSS, ss) {
			t.Fatalf("Go decapsulating our ciphertext: %v", err)
		}
		// Tampered ciphertext: both sides reject implicitly with the same secret.
		bad := flip(ct, 5)
		ours, err1 := zcrypto.KEMDecapsulate("ml-kem-768", dk, bad)
		theirs, err2 := goDK.Decapsulate(bad)
		if err1 != nil || err2 != nil || !bytes.Equal(ours, theirs) || bytes.Equal(ours, ss) {
			t.Fatalf("implicit rejection differs: %v %v", err1, err2)
		}
	}
}

func TestStdlibEd25519(t *testing.T) {
	for i := 0; i < 16; i++ {
		seed := pseudo("ed25519 seed", 32)
		seed[0] = byte(i)
		msg := pseudo("ed25519 msg", i*37)
		priv := ed25519.NewKeyFromSeed(seed)
		goPub := priv.Public().(ed25519.PublicKey)
		pub, err := zcrypto.PublicKey("ed25519", seed)
		if err != nil || !bytes.Equal(pub, goPub) {
			t.Fatalf("public keys differ: %v", err)
		}
		sig, err := zcrypto.Sign("ed25519", seed, msg, nil)
		if err != nil {
			t.Fatal(err)
		}
		goSig := ed25519.Sign(priv, msg)
		if !bytes.Equal(sig, goSig) {
			t.Fatal("signatures differ")
		}
		if !ed25519.Verify(goPub, msg, sig) {
			t.Fatal("Go refuses our signature")
		}
		if err := zcrypto.Verify("ed25519", goPub, msg, nil, goSig); err != nil {
			t.Fatalf("we refuse Go's signature: %v", err)
		}
		if err := zcrypto.Verify("ed25519", goPub, append(msg, 0), nil, goSig); !errors.Is(err, zcrypto.ErrInvalidSignature) {
			t.Fatalf("modified message: %v", err)
		}
	}
}

func TestStdlibX25519(t *testing.T) {
	for i := 0; i < 8; i++ {
		a, _ := ecdh.X25519().GenerateKey(rand.Reader)
		b := pseudo("x25519", 32)
		b[0] = byte(i)
		goB, err := ecdh.X25519().NewPrivateKey(b)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := zcrypto.X25519PublicKey(b)
		if err != nil || !bytes.Equal(pub, goB.PublicKey().Bytes()) {
			t.Fatalf("public keys differ: %v", err)
		}
		ours, err := zcrypto.X25519(b, a.PublicKey().Bytes())
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := a.ECDH(goB.PublicKey())
		if err != nil || !bytes.Equal(ours, theirs) {
			t.Fatalf("shared secrets differ: %v", err)
		}
	}
}

func TestStdlibHashes(t *testing.T) {
	type ref struct {
		alg string
		new func() hash.Hash
	}
	refs := []ref{
		{"sha256", sha256.New},
		{"sha384", sha512.New384},
		{"sha512", sha512.New},
		{"sha3-256", func() hash.Hash { return sha3.New256() }},
	}
	data := pseudo("hash data", 3000)
	lengths := []int{}
	for n := 0; n <= 300; n++ {
		lengths = append(lengths, n)
	}
	lengths = append(lengths, 1000, 1023, 1024, 1025, 2047, 2048, 2049, 3000)
	for _, r := range refs {
		h, err := zcrypto.NewHasher(r.alg)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range lengths {
			g := r.new()
			g.Write(data[:n])
			want := g.Sum(nil)
			got, err := zcrypto.Hash(r.alg, data[:n])
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s of %d bytes differs: %v", r.alg, n, err)
			}
			// Incremental in uneven pieces.
			for off := 0; off < n; off += 7 + off%13 {
				h.Write(data[off:min(n, off+7+off%13)])
			}
			if got, err := h.Finish(); err != nil || !bytes.Equal(got, want) {
				t.Fatalf("incremental %s of %d bytes differs: %v", r.alg, n, err)
			}
		}
		h.Close()
	}
	// SHA3-256 on many lengths, against the one-shot Go function too.
	for n := 0; n <= len(data); n += 17 {
		want := sha3.Sum256(data[:n])
		if got, _ := zcrypto.Hash("sha3-256", data[:n]); !bytes.Equal(got, want[:]) {
			t.Fatalf("sha3-256 of %d bytes differs", n)
		}
	}
}

func TestStdlibHMACAndHKDF(t *testing.T) {
	type ref struct {
		mac, kdf string
		new      func() hash.Hash
	}
	for _, r := range []ref{{"hmac-sha256", "hkdf-sha256", sha256.New}, {"hmac-sha384", "hkdf-sha384", sha512.New384}, {"hmac-sha512", "hkdf-sha512", sha512.New}} {
		for _, kl := range []int{0, 1, 32, 64, 128, 129, 200} {
			key := pseudo("hmac key", kl)
			msg := pseudo("hmac msg", kl*3)
			m := hmac.New(r.new, key)
			m.Write(msg)
			want := m.Sum(nil)
			got, err := zcrypto.HMAC(r.mac, key, msg)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s key %d: %v", r.mac, kl, err)
			}
			if err := zcrypto.VerifyHMAC(r.mac, key, msg, want); err != nil {
				t.Fatal(err)
			}

			salt, ikm, info := pseudo("salt", kl), pseudo("ikm", 22+kl), pseudo("info", kl/2)
			prk, err := hkdf.Extract(r.new, ikm, salt)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := zcrypto.HKDFExtract(r.kdf, salt, ikm); err != nil || !bytes.Equal(got, prk) {
				t.Fatalf("%s extract: %v", r.kdf, err)
			}
			for _, n := range []int{0, 1, 32, 42, 100, 255 * r.new().Size()} {
				want, err := hkdf.Expand(r.new, prk, string(info), n)
				if n == 0 {
					want, err = []byte{}, nil // Go refuses a zero length; zcrypto gives nothing
				}
				if err != nil {
					t.Fatal(err)
				}
				if got, err := zcrypto.HKDFExpand(r.kdf, prk, info, n); err != nil || !bytes.Equal(got, want) {
					t.Fatalf("%s expand %d: %v", r.kdf, n, err)
				}
				if got, err := zcrypto.HKDF(r.kdf, salt, ikm, info, n); err != nil || !bytes.Equal(got, want) {
					t.Fatalf("%s one-shot %d: %v", r.kdf, n, err)
				}
			}
			if _, err := zcrypto.HKDFExpand(r.kdf, prk, info, 255*r.new().Size()+1); !errors.Is(err, zcrypto.ErrOutputTooLong) {
				t.Fatalf("too long: %v", err)
			}
		}
	}
}

func TestStdlibAESGCM(t *testing.T) {
	for _, kl := range []int{16, 32} {
		alg := map[int]string{16: "aes-128-gcm", 32: "aes-256-gcm"}[kl]
		key := pseudo("gcm key", kl)
		block, err := aes.NewCipher(key)
		if err != nil {
			t.Fatal(err)
		}
		gcm, err := cipher.NewGCM(block)
		if err != nil {
			t.Fatal(err)
		}
		k, err := zcrypto.NewAEADKey(alg, key)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{0, 1, 15, 16, 17, 64, 1350} {
			nonce, pt, aad := pseudo("nonce", 12), pseudo("pt", n), pseudo("aad", n%20)
			nonce[0] = byte(n)
			want := gcm.Seal(nil, nonce, pt, aad)
			got, err := k.Seal(nonce, pt, aad)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s seal %d: %v", alg, n, err)
			}
			if back, err := gcm.Open(nil, nonce, got, aad); err != nil || !bytes.Equal(back, pt) {
				t.Fatalf("Go opening ours: %v", err)
			}
			if back, err := k.Open(nonce, want, aad); err != nil || !bytes.Equal(back, pt) {
				t.Fatalf("opening Go's: %v", err)
			}
		}
		k.Close()
	}
}

// merkleRef is RFC 9162's MTH written out over crypto/sha256.
func merkleRef(leaves [][]byte) []byte {
	switch len(leaves) {
	case 0:
		h := sha256.Sum256(nil)
		return h[:]
	case 1:
		h := sha256.Sum256(append([]byte{0}, leaves[0]...))
		return h[:]
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	h := sha256.New()
	h.Write([]byte{1})
	h.Write(merkleRef(leaves[:k]))
	h.Write(merkleRef(leaves[k:]))
	return h.Sum(nil)
}

func TestStdlibMerkle(t *testing.T) {
	var leaves [][]byte
	for n := 0; n <= 70; n++ {
		got, err := zcrypto.MerkleRoot("sha256", leaves)
		if err != nil || !bytes.Equal(got, merkleRef(leaves)) {
			t.Fatalf("root of %d leaves differs: %v", n, err)
		}
		for i := 0; i < n; i += 1 + n/5 {
			path, err := zcrypto.MerkleInclusionPath("sha256", leaves, uint64(i))
			if err != nil {
				t.Fatal(err)
			}
			if err := zcrypto.VerifyMerkleInclusion("sha256", leaves[i], uint64(i), uint64(n), path, got); err != nil {
				t.Fatalf("leaf %d of %d: %v", i, n, err)
			}
		}
		leaves = append(leaves, pseudo("leaf", n%40))
	}
}
