package zcrypto_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"zcrypto.dev/zcrypto"
)

// vectorCase is one case of vectors/foundation.json: string fields are lowercase hex
// (or names), deterministic is a bool.
type vectorCase map[string]any

func (c vectorCase) str(k string) string {
	s, _ := c[k].(string)
	return s
}

// hex returns a hex field (missing = empty).
func (c vectorCase) hex(t *testing.T, k string) []byte {
	t.Helper()
	b, err := hex.DecodeString(c.str(k))
	if err != nil {
		t.Fatalf("%s: field %s: %v", c.str("id"), k, err)
	}
	return b
}

func loadJSON(t *testing.T, rel string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", rel))
	if err != nil {
		t.Fatalf("reading %s: %v", rel, err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("parsing %s: %v", rel, err)
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}

func TestFoundationVectors(t *testing.T) {
	var file struct {
		Cases []vectorCase `json:"cases"`
	}
	loadJSON(t, "vectors/foundation.json", &file)
	counts := map[string]int{}
	for _, c := range file.Cases {
		op, id := c.str("op"), c.str("id")
		t.Run(id, func(t *testing.T) {
			switch op {
			case "hash":
				hashCase(t, c)
			case "hmac":
				hmacCase(t, c)
			case "hkdf":
				hkdfCase(t, c)
			case "expand_label":
				expandLabelCase(t, c)
			case "aead":
				aeadCase(t, c)
			case "x25519":
				x25519Case(t, c)
			case "kem":
				kemCase(t, c)
			case "sign":
				signCase(t, c)
			default:
				t.Fatalf("unknown op %q", op)
			}
		})
		counts[op]++
	}
	total := 0
	for _, op := range []string{"hash", "hmac", "hkdf", "expand_label", "aead", "x25519", "kem", "sign"} {
		if counts[op] == 0 {
			t.Errorf("foundation.json: no %s cases", op)
		}
		total += counts[op]
	}
	if total == 0 {
		t.Fatal("foundation.json yielded zero cases")
	}
	if exactSignatures == 0 {
		t.Error("foundation.json: no signature reproduced byte for byte")
	}
	t.Logf("foundation.json: %d cases %v; %d signatures reproduced byte for byte", total, counts, exactSignatures)
}

func hashCase(t *testing.T, c vectorCase) {
	alg, msg, want := c.str("alg"), c.hex(t, "msg"), c.hex(t, "digest")
	if n, err := zcrypto.HashSize(alg); err != nil || n != len(want) {
		t.Fatalf("HashSize = %d, %v", n, err)
	}
	got, err := zcrypto.Hash(alg, msg)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("Hash = %x, %v; want %x", got, err, want)
	}
	h, err := zcrypto.NewHasher(alg)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	half := len(msg) / 2
	h.Write(msg[:half])
	h.Write(msg[half:])
	if got, err := h.Finish(); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("incremental = %x, %v", got, err)
	}
	// The handle is reset by Finish and can be reused.
	h.Write(msg)
	if got, err := h.Finish(); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("after reset = %x, %v", got, err)
	}
}

func hmacCase(t *testing.T, c vectorCase) {
	alg, key, msg, want := c.str("alg"), c.hex(t, "key"), c.hex(t, "msg"), c.hex(t, "tag")
	got, err := zcrypto.HMAC(alg, key, msg)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("HMAC = %x, %v", got, err)
	}
	if err := zcrypto.VerifyHMAC(alg, key, msg, want); err != nil {
		t.Fatal(err)
	}
	if err := zcrypto.VerifyHMAC(alg, key, msg, flip(want, 0)); !errors.Is(err, zcrypto.ErrInvalidSignature) {
		t.Fatalf("flipped tag: %v", err)
	}
	if err := zcrypto.VerifyHMAC(alg, key, msg, want[:len(want)-1]); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Fatalf("truncated tag: %v", err)
	}
	if len(key) > 0 {
		if err := zcrypto.VerifyHMAC(alg, flip(key, 0), msg, want); !errors.Is(err, zcrypto.ErrInvalidSignature) {
			t.Fatalf("wrong key: %v", err)
		}
	}
}

func hkdfCase(t *testing.T, c vectorCase) {
	alg := c.str("alg")
	salt, ikm, info := c.hex(t, "salt"), c.hex(t, "ikm"), c.hex(t, "info")
	prk, want := c.hex(t, "prk"), c.hex(t, "okm")
	if got, err := zcrypto.HKDFExtract(alg, salt, ikm); err != nil || !bytes.Equal(got, prk) {
		t.Fatalf("extract = %x, %v", got, err)
	}
	if got, err := zcrypto.HKDFExpand(alg, prk, info, len(want)); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("expand = %x, %v", got, err)
	}
	if got, err := zcrypto.HKDF(alg, salt, ikm, info, len(want)); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("one-shot = %x, %v", got, err)
	}
}

func expandLabelCase(t *testing.T, c vectorCase) {
	alg, secret, label, ctx, want := c.str("alg"), c.hex(t, "secret"), c.hex(t, "label"), c.hex(t, "context"), c.hex(t, "okm")
	if got, err := zcrypto.ExpandLabel(alg, secret, string(label), ctx, len(want)); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("ExpandLabel = %x, %v", got, err)
	}
}

func aeadCase(t *testing.T, c vectorCase) {
	alg := c.str("alg")
	key, nonce, aad, pt, ct := c.hex(t, "key"), c.hex(t, "nonce"), c.hex(t, "aad"), c.hex(t, "pt"), c.hex(t, "ct")
	if ks, ns, err := zcrypto.AEADSizes(alg); err != nil || ks != len(key) || ns != len(nonce) {
		t.Fatalf("AEADSizes = %d, %d, %v", ks, ns, err)
	}
	k, err := zcrypto.NewAEADKey(alg, key)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if got, err := k.Seal(nonce, pt, aad); err != nil || !bytes.Equal(got, ct) {
		t.Fatalf("Seal = %x, %v", got, err)
	}
	if got, err := k.Open(nonce, ct, aad); err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("Open = %x, %v", got, err)
	}
	// Detached, in place.
	buf := bytes.Clone(pt)
	tag, err := k.SealDetached(nonce, aad, buf)
	if err != nil || !bytes.Equal(tag, ct[len(pt):]) || !bytes.Equal(buf, ct[:len(pt)]) {
		t.Fatalf("SealDetached = %x %x, %v", buf, tag, err)
	}
	if err := k.OpenDetached(nonce, aad, buf, tag); err != nil || !bytes.Equal(buf, pt) {
		t.Fatalf("OpenDetached = %x, %v", buf, err)
	}
	// Negative: flipped tag bit, flipped ciphertext bit, flipped aad, wrong nonce,
	// wrong key, truncated input, wrong nonce length.
	if _, err := k.Open(nonce, flip(ct, len(ct)-1), aad); !errors.Is(err, zcrypto.ErrDecryptionFailed) {
		t.Fatalf("flipped tag: %v", err)
	}
	if len(pt) > 0 {
		if _, err := k.Open(nonce, flip(ct, 0), aad); !errors.Is(err, zcrypto.ErrDecryptionFailed) {
			t.Fatalf("flipped ciphertext: %v", err)
		}
		buf := bytes.Clone(ct[:len(pt)])
		if err := k.OpenDetached(nonce, aad, buf, flip(tag, 3)); !errors.Is(err, zcrypto.ErrDecryptionFailed) {
			t.Fatalf("detached flipped tag: %v", err)
		}
		if !bytes.Equal(buf, make([]byte, len(buf))) {
			t.Fatal("buffer not zeroed after a failed OpenDetached")
		}
	}
	if len(aad) > 0 {
		if _, err := k.Open(nonce, ct, flip(aad, 0)); !errors.Is(err, zcrypto.ErrDecryptionFailed) {
			t.Fatalf("flipped aad: %v", err)
		}
	}
	if _, err := k.Open(flip(nonce, 0), ct, aad); !errors.Is(err, zcrypto.ErrDecryptionFailed) {
		t.Fatalf("wrong nonce: %v", err)
	}
	k2, err := zcrypto.NewAEADKey(alg, flip(key, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer k2.Close()
	if _, err := k2.Open(nonce, ct, aad); !errors.Is(err, zcrypto.ErrDecryptionFailed) {
		t.Fatalf("wrong key: %v", err)
	}
	if _, err := k.Open(nonce, ct[:zcrypto.TagSize-1], aad); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Fatalf("truncated: %v", err)
	}
	if _, err := k.Open(nonce[:len(nonce)-1], ct, aad); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Fatalf("short nonce: %v", err)
	}
	if _, err := zcrypto.NewAEADKey(alg, key[:len(key)-1]); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Fatalf("short key: %v", err)
	}
}

func x25519Case(t *testing.T, c vectorCase) {
	sk, peer, pk, shared := c.hex(t, "sk"), c.hex(t, "peer"), c.hex(t, "pk"), c.hex(t, "shared")
	if got, err := zcrypto.X25519PublicKey(sk); err != nil || !bytes.Equal(got, pk) {
		t.Fatalf("public key = %x, %v", got, err)
	}
	if got, err := zcrypto.X25519(sk, peer); err != nil || !bytes.Equal(got, shared) {
		t.Fatalf("shared = %x, %v", got, err)
	}
	if _, err := zcrypto.X25519(sk[:31], peer); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Fatalf("short secret: %v", err)
	}
}

func kemCase(t *testing.T, c vectorCase) {
	alg := c.str("alg")
	seed, ct, m := c.hex(t, "seed"), c.hex(t, "ciphertext"), c.hex(t, "m")
	ek, dk, ss := c.hex(t, "ek"), c.hex(t, "dk"), c.hex(t, "shared_secret")
	if e, d, n, err := zcrypto.KEMSizes(alg); err != nil || e != len(ek) || d != len(dk) || n != len(ct) {
		t.Fatalf("KEMSizes = %d %d %d, %v", e, d, n, err)
	}
	gotEK, gotDK, err := zcrypto.KEMKeyGen(alg, seed)
	if err != nil || !bytes.Equal(gotEK, ek) || !bytes.Equal(gotDK, dk) {
		t.Fatalf("KEMKeyGen: %v", err)
	}
	if got, err := zcrypto.KEMDecapsulate(alg, dk, ct); err != nil || !bytes.Equal(got, ss) {
		t.Fatalf("decapsulate = %x, %v", got, err)
	}
	if len(m) > 0 {
		gotCT, gotSS, err := zcrypto.KEMEncapsulateDerand(alg, ek, m)
		if err != nil || !bytes.Equal(gotCT, ct) || !bytes.Equal(gotSS, ss) {
			t.Fatalf("deterministic encapsulate: %v", err)
		}
	}
	// Random encapsulation round trip.
	ct2, ss2, err := zcrypto.KEMEncapsulate(alg, ek)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := zcrypto.KEMDecapsulate(alg, dk, ct2); err != nil || !bytes.Equal(got, ss2) {
		t.Fatalf("round trip: %v", err)
	}
	// Implicit rejection: a flipped bit gives another secret, no error.
	if got, err := zcrypto.KEMDecapsulate(alg, dk, flip(ct, 0)); err != nil || bytes.Equal(got, ss) {
		t.Fatalf("tampered ciphertext: %x, %v", got, err)
	}
	if _, err := zcrypto.KEMDecapsulate(alg, dk, ct[:len(ct)-1]); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Fatalf("truncated ciphertext: %v", err)
	}
	if _, _, err := zcrypto.KEMKeyGen(alg, seed[:63]); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Fatalf("short seed: %v", err)
	}
}

// exactSigning lists the schemes whose Sign through the C ABI is deterministic (all but
// BIP-340, which draws aux_rand from the OS: BIP340Sign reproduces those).
var exactSigning = map[string]bool{"ed25519": true, "ecdsa-secp256k1": true, "bls12-381": true,
	"ml-dsa-44": true, "ml-dsa-65": true, "ml-dsa-87": true, "ed25519-ml-dsa-65": true}

// exactSignatures counts the signatures reproduced byte for byte.
var exactSignatures int

func signCase(t *testing.T, c vectorCase) {
	alg := c.str("alg")
	seed, msg, ctx := c.hex(t, "seed"), c.hex(t, "message"), c.hex(t, "context")
	pk, sig := c.hex(t, "public_key"), c.hex(t, "signature")
	if s, p, g, err := zcrypto.SigSizes(alg); err != nil || s != len(seed) || p != len(pk) || g != len(sig) {
		t.Fatalf("SigSizes = %d %d %d, %v", s, p, g, err)
	}
	if got, err := zcrypto.PublicKey(alg, seed); err != nil || !bytes.Equal(got, pk) {
		t.Fatalf("PublicKey = %x, %v", got, err)
	}
	if err := zcrypto.CheckPublicKey(alg, pk); err != nil {
		t.Fatal(err)
	}
	if err := zcrypto.Verify(alg, pk, msg, ctx, sig); err != nil {
		t.Fatalf("stored signature: %v", err)
	}
	mine, err := zcrypto.Sign(alg, seed, msg, ctx)
	if err != nil || len(mine) != len(sig) {
		t.Fatalf("Sign: %d bytes, %v", len(mine), err)
	}
	if alg == "bip340" {
		// Sign draws aux_rand from the OS; BIP340Sign takes the stored one.
		exact, err := zcrypto.BIP340Sign(seed, msg, c.hex(t, "aux_rand"))
		if err != nil || !bytes.Equal(exact, sig) {
			t.Fatalf("BIP340Sign = %x, %v; want %x", exact, err, sig)
		}
		exactSignatures++
	}
	if det, _ := c["deterministic"].(bool); det && exactSigning[alg] {
		if !bytes.Equal(mine, sig) {
			t.Fatalf("deterministic signature differs:\n got %x\nwant %x", mine, sig)
		}
		exactSignatures++
	}
	if err := zcrypto.Verify(alg, pk, msg, ctx, mine); err != nil {
		t.Fatalf("own signature: %v", err)
	}
	if err := zcrypto.Verify(alg, pk, msg, ctx, flip(sig, len(sig)/2)); err == nil {
		t.Fatal("flipped signature bit accepted")
	}
	if len(msg) > 0 {
		if err := zcrypto.Verify(alg, pk, flip(msg, 0), ctx, sig); err == nil {
			t.Fatal("flipped message bit accepted")
		}
	}
	if len(ctx) > 0 {
		if err := zcrypto.Verify(alg, pk, msg, flip(ctx, 0), sig); !errors.Is(err, zcrypto.ErrInvalidSignature) {
			t.Fatalf("flipped context: %v", err)
		}
	}
	if err := zcrypto.Verify(alg, pk, msg, ctx, sig[:len(sig)-1]); err == nil {
		t.Fatal("truncated signature accepted")
	}
	// Wrong key: another seed's key (flip the first byte; the last could turn the
	// secp256k1 scalar n - 1 into n).
	other, err := zcrypto.PublicKey(alg, flip(seed, 0))
	if err != nil {
		t.Fatal(err)
	}
	if err := zcrypto.Verify(alg, other, msg, ctx, sig); !errors.Is(err, zcrypto.ErrInvalidSignature) {
		t.Fatalf("wrong key: %v", err)
	}
}

func TestMerkleRFC9162(t *testing.T) {
	var file struct {
		EmptyRoot string   `json:"empty_root"`
		Leaves    []string `json:"leaves"`
		Roots     []struct {
			Size int    `json:"size"`
			Root string `json:"root"`
		} `json:"roots"`
		Inclusion []struct {
			Index    uint64   `json:"index"`
			TreeSize uint64   `json:"tree_size"`
			Path     []string `json:"path"`
		} `json:"inclusion"`
	}
	loadJSON(t, "vectors/merkle/rfc9162.json", &file)
	unhex := func(s string) []byte {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var leaves [][]byte
	for _, l := range file.Leaves {
		leaves = append(leaves, unhex(l))
	}
	if got, err := zcrypto.MerkleRoot("sha256", nil); err != nil || !bytes.Equal(got, unhex(file.EmptyRoot)) {
		t.Fatalf("empty root = %x, %v", got, err)
	}
	for _, r := range file.Roots {
		if got, err := zcrypto.MerkleRoot("sha256", leaves[:r.Size]); err != nil || !bytes.Equal(got, unhex(r.Root)) {
			t.Errorf("root of %d leaves = %x, %v", r.Size, got, err)
		}
	}
	for _, p := range file.Inclusion {
		var path [][]byte
		for _, n := range p.Path {
			path = append(path, unhex(n))
		}
		tree := leaves[:p.TreeSize]
		root, err := zcrypto.MerkleRoot("sha256", tree)
		if err != nil {
			t.Fatal(err)
		}
		leaf := leaves[p.Index]
		if err := zcrypto.VerifyMerkleInclusion("sha256", leaf, p.Index, p.TreeSize, path, root); err != nil {
			t.Errorf("proof %d/%d: %v", p.Index, p.TreeSize, err)
		}
		got, err := zcrypto.MerkleInclusionPath("sha256", tree, p.Index)
		if err != nil || len(got) != len(path) {
			t.Fatalf("path %d/%d: %d nodes, %v", p.Index, p.TreeSize, len(got), err)
		}
		for i := range got {
			if !bytes.Equal(got[i], path[i]) {
				t.Errorf("path %d/%d node %d differs", p.Index, p.TreeSize, i)
			}
		}
		// Corruptions.
		if p.TreeSize > 1 {
			if err := zcrypto.VerifyMerkleInclusion("sha256", leaf, (p.Index+1)%p.TreeSize, p.TreeSize, path, root); err == nil {
				t.Error("wrong index accepted")
			}
		}
		if err := zcrypto.VerifyMerkleInclusion("sha256", leaf, p.Index, p.TreeSize*2, path, root); !errors.Is(err, zcrypto.ErrInvalidProof) {
			t.Errorf("wrong size: %v", err)
		}
		if err := zcrypto.VerifyMerkleInclusion("sha256", append(bytes.Clone(leaf), 0), p.Index, p.TreeSize, path, root); !errors.Is(err, zcrypto.ErrInvalidProof) {
			t.Errorf("wrong leaf: %v", err)
		}
		if len(path) > 0 {
			bad := append([][]byte{flip(path[0], 0)}, path[1:]...)
			if err := zcrypto.VerifyMerkleInclusion("sha256", leaf, p.Index, p.TreeSize, bad, root); !errors.Is(err, zcrypto.ErrInvalidProof) {
				t.Errorf("modified node: %v", err)
			}
			if err := zcrypto.VerifyMerkleInclusion("sha256", leaf, p.Index, p.TreeSize, path[:len(path)-1], root); !errors.Is(err, zcrypto.ErrInvalidProof) {
				t.Errorf("missing node: %v", err)
			}
			short := append([][]byte{path[0][:31]}, path[1:]...)
			if err := zcrypto.VerifyMerkleInclusion("sha256", leaf, p.Index, p.TreeSize, short, root); !errors.Is(err, zcrypto.ErrInvalidLength) {
				t.Errorf("short node: %v", err)
			}
		}
		if err := zcrypto.VerifyMerkleInclusion("sha256", leaf, p.Index, p.TreeSize, path, root[:31]); !errors.Is(err, zcrypto.ErrInvalidLength) {
			t.Errorf("short root: %v", err)
		}
	}
	if len(file.Roots) == 0 || len(file.Inclusion) == 0 {
		t.Fatal("rfc9162.json yielded zero cases")
	}
	// Other hashes, out-of-range index, unknown and unsupported hash names.
	for _, alg := range []string{"keccak256", "blake3"} {
		if r, err := zcrypto.MerkleRoot(alg, leaves); err != nil || len(r) != 32 {
			t.Errorf("%s root: %v", alg, err)
		}
	}
	if _, err := zcrypto.MerkleInclusionPath("sha256", leaves[:3], 3); !errors.Is(err, zcrypto.ErrLimitExceeded) {
		t.Errorf("index out of range: %v", err)
	}
	if _, err := zcrypto.MerkleRoot("sha512", leaves); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("sha512: %v", err)
	}
	if _, err := zcrypto.MerkleRoot("md5", leaves); !errors.Is(err, zcrypto.ErrUnknownAlgorithm) {
		t.Errorf("md5: %v", err)
	}
	t.Logf("rfc9162.json: %d roots, %d inclusion proofs", len(file.Roots), len(file.Inclusion))
}
