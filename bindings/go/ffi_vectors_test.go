package zcrypto_test

import (
	"bytes"
	"errors"
	"strconv"
	"testing"

	"zcrypto.dev/zcrypto"
)

// num returns a numeric field of a case (JSON numbers decode as float64).
func (c vectorCase) num(k string) int {
	f, _ := c[k].(float64)
	return int(f)
}

// hexList returns a list-of-hex field.
func (c vectorCase) hexList(t *testing.T, k string) [][]byte {
	t.Helper()
	raw, _ := c[k].([]any)
	out := make([][]byte, len(raw))
	for i, v := range raw {
		out[i] = vectorCase{"x": v}.hex(t, "x")
	}
	return out
}

// codeErrors maps a list of status codes to the errors the bindings return for them.
func (c vectorCase) codeErrors(k string) []error {
	raw, _ := c[k].([]any)
	out := make([]error, len(raw))
	for i, v := range raw {
		f, _ := v.(float64)
		out[i] = zcrypto.ErrorFromCode(int(f))
	}
	return out
}

func sameErrors(got, want []error) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if (got[i] == nil) != (want[i] == nil) || (want[i] != nil && !errors.Is(got[i], want[i])) {
			return false
		}
	}
	return true
}

// TestFFIVectors checks every case of vectors/ffi.json (written by `cargo run -p
// vectors`): the deterministic functions foundation.json does not cover.
func TestFFIVectors(t *testing.T) {
	var file struct {
		Cases []vectorCase `json:"cases"`
	}
	loadJSON(t, "vectors/ffi.json", &file)
	counts := map[string]int{}
	for _, c := range file.Cases {
		id, alg, op := c.str("id"), c.str("alg"), c.str("op")
		counts[op]++
		switch op {
		case "version":
			if got := zcrypto.Version(); got != c.str("version") {
				t.Errorf("%s: %q", id, got)
			}
		case "error_name":
			err := zcrypto.ErrorFromCode(c.num("code"))
			name := "ok"
			if err != nil {
				var ze *zcrypto.Error
				if !errors.As(err, &ze) || ze.Message == "" {
					t.Errorf("%s: %v", id, err)
					continue
				}
				name = ze.Name
			}
			if name != c.str("name") {
				t.Errorf("%s: name %q", id, name)
			}
		case "has_feature":
			want, _ := c["has"].(bool)
			if zcrypto.HasFeature(c.str("name")) != want {
				t.Errorf("%s: want %v", id, want)
			}
		case "hash_len":
			if n, err := zcrypto.HashSize(alg); err != nil || n != c.num("len") {
				t.Errorf("%s: %d %v", id, n, err)
			}
		case "aead_lengths":
			k, n, err := zcrypto.AEADSizes(alg)
			if err != nil || k != c.num("key_len") || n != c.num("nonce_len") {
				t.Errorf("%s: %d %d %v", id, k, n, err)
			}
		case "kem_lengths":
			ek, dk, ct, err := zcrypto.KEMSizes(alg)
			if err != nil || ek != c.num("ek_len") || dk != c.num("dk_len") || ct != c.num("ct_len") {
				t.Errorf("%s: %d %d %d %v", id, ek, dk, ct, err)
			}
		case "sig_lengths":
			s, p, g, err := zcrypto.SigSizes(alg)
			if err != nil || s != c.num("seed_len") || p != c.num("public_key_len") || g != c.num("signature_len") {
				t.Errorf("%s: %d %d %d %v", id, s, p, g, err)
			}
		case "hash_incremental":
			hs, err := zcrypto.NewHasher(alg)
			if err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			for _, ch := range c.hexList(t, "chunks") {
				if _, err := hs.Write(ch); err != nil {
					t.Fatalf("%s: %v", id, err)
				}
			}
			d, err := hs.Finish()
			hs.Close()
			if err != nil || !bytes.Equal(d, c.hex(t, "digest")) {
				t.Errorf("%s: %x %v", id, d, err)
			}
		case "hash_rows":
			// HashRows takes rows as len(data)/rowLen, so rows of 0 bytes cannot be
			// expressed (it refuses rowLen 0); the C and Rust tests run those cases.
			if c.num("row_len") == 0 {
				if _, err := zcrypto.HashRows(alg, nil, 0); !errors.Is(err, zcrypto.ErrInvalidLength) {
					t.Errorf("%s: rowLen 0: %v", id, err)
				}
				continue
			}
			d, err := zcrypto.HashRows(alg, c.hex(t, "data"), c.num("row_len"))
			if err != nil || !bytes.Equal(d, c.hex(t, "digests")) {
				t.Errorf("%s: %v", id, err)
			}
		case "secp256k1_recover":
			ph := c.hex(t, "prehash")
			sig, err := zcrypto.Secp256k1SignRecoverable(c.hex(t, "seed"), ph)
			if err != nil || !bytes.Equal(sig, c.hex(t, "signature")) {
				t.Errorf("%s: signature %x %v", id, sig, err)
			}
			for _, u := range []bool{false, true} {
				key := map[bool]string{false: "public_key", true: "public_key_uncompressed"}[u]
				pk, err := zcrypto.Secp256k1Recover(ph, c.hex(t, "signature"), u)
				if err != nil || !bytes.Equal(pk, c.hex(t, key)) {
					t.Errorf("%s: %s %x %v", id, key, pk, err)
				}
			}
		case "bls_aggregate":
			split := func(b []byte, n int) [][]byte {
				var out [][]byte
				for len(b) > 0 {
					out = append(out, b[:n])
					b = b[n:]
				}
				return out
			}
			pks := split(c.hex(t, "public_keys"), 48)
			sigs := split(c.hex(t, "signatures"), 96)
			agg, err := zcrypto.BLSAggregateSignatures(sigs)
			if err != nil || !bytes.Equal(agg, c.hex(t, "aggregate_signature")) {
				t.Errorf("%s: aggregate signature %v", id, err)
			}
			apk, err := zcrypto.BLSAggregatePublicKeys(pks)
			if err != nil || !bytes.Equal(apk, c.hex(t, "aggregate_public_key")) {
				t.Errorf("%s: aggregate key %v", id, err)
			}
			msg := c.hex(t, "message")
			if err := zcrypto.BLSFastAggregateVerify(pks, msg, agg); err != nil {
				t.Errorf("%s: verify %v", id, err)
			}
			if err := zcrypto.BLSFastAggregateVerify(pks, append(bytes.Clone(msg), 0), agg); !errors.Is(err, zcrypto.ErrInvalidSignature) {
				t.Errorf("%s: other message: %v", id, err)
			}
		case "batch_verify":
			bv, err := zcrypto.NewBatchVerifier(zcrypto.BatchRule(c.num("rule")))
			if err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			items, _ := c["items"].([]any)
			for _, raw := range items {
				it := vectorCase(raw.(map[string]any))
				if err := bv.Add(it.str("alg"), it.hex(t, "public_key"), it.hex(t, "message"), it.hex(t, "context"), it.hex(t, "signature")); err != nil {
					t.Fatalf("%s: add: %v", id, err)
				}
			}
			if bv.Len() != len(items) {
				t.Errorf("%s: len %d", id, bv.Len())
			}
			allOK, _ := c["all_ok"].(bool)
			if (bv.VerifyAll() == nil) != allOK {
				t.Errorf("%s: VerifyAll", id)
			}
			got, err := bv.VerifyEach()
			if err != nil || !sameErrors(got, c.codeErrors("codes")) {
				t.Errorf("%s: VerifyEach %v %v", id, got, err)
			}
			bv.Close()
		case "sig_verify_rows":
			got, err := zcrypto.VerifyRows(alg, c.hex(t, "public_keys"), c.num("pk_len"), c.hex(t, "messages"),
				c.num("msg_len"), c.hex(t, "signatures"), c.num("sig_len"))
			if err != nil || !sameErrors(got, c.codeErrors("results")) {
				t.Errorf("%s: %v %v", id, got, err)
			}
		case "merkle_tree":
			leaves := c.hexList(t, "leaves")
			root, err := zcrypto.MerkleRoot(alg, leaves)
			if err != nil || !bytes.Equal(root, c.hex(t, "root")) {
				t.Errorf("%s: root %v", id, err)
			}
			for i, want := range c.hexList(t, "paths") {
				path, err := zcrypto.MerkleInclusionPath(alg, leaves, uint64(i))
				if err != nil || !bytes.Equal(bytes.Join(path, nil), want) {
					t.Errorf("%s: path %d %v", id, i, err)
				}
				if err := zcrypto.VerifyMerkleInclusion(alg, leaves[i], uint64(i), uint64(len(leaves)), path, root); err != nil {
					t.Errorf("%s: verify %d: %v", id, i, err)
				}
				other := append(bytes.Clone(leaves[i]), 0)
				if err := zcrypto.VerifyMerkleInclusion(alg, other, uint64(i), uint64(len(leaves)), path, root); !errors.Is(err, zcrypto.ErrInvalidProof) {
					t.Errorf("%s: other leaf %d: %v", id, i, err)
				}
			}
		case "merkle_root_rows":
			// As HashRows: leafLen 0 cannot be expressed (rows = len/leafLen).
			if c.num("leaf_len") == 0 {
				continue
			}
			root, err := zcrypto.MerkleRootRows(alg, c.hex(t, "leaves"), c.num("leaf_len"))
			if err != nil || !bytes.Equal(root, c.hex(t, "root")) {
				t.Errorf("%s: %v", id, err)
			}
		case "hybrid_kem":
			seed, x := c.hex(t, "mlkem_seed"), c.hex(t, "x25519_secret")
			share, err := zcrypto.HybridClientShare(seed, x)
			if err != nil || !bytes.Equal(share, c.hex(t, "client_share")) {
				t.Errorf("%s: client share %v", id, err)
			}
			ss, secret, err := zcrypto.HybridServerEncapsulateDerand(share, c.hex(t, "m"), c.hex(t, "x25519_ephemeral"))
			if err != nil || !bytes.Equal(ss, c.hex(t, "server_share")) || !bytes.Equal(secret, c.hex(t, "shared_secret")) {
				t.Errorf("%s: server %v", id, err)
			}
			fin, err := zcrypto.HybridClientFinish(seed, x, ss)
			if err != nil || !bytes.Equal(fin, secret) {
				t.Errorf("%s: client finish %v", id, err)
			}
		case "groth16_verify":
			x := c.hex(t, "inputs")
			var inputs [][]byte
			if len(x)%zcrypto.Groth16InputSize != 0 {
				// Not expressible as [][32]byte: the wrapper refuses before the ABI.
				if err := zcrypto.Groth16Verify(c.hex(t, "vk"), c.hex(t, "proof"), [][]byte{x}); !errors.Is(err, zcrypto.ErrorFromCode(c.num("code"))) {
					t.Errorf("%s: %v", id, err)
				}
				continue
			}
			for i := 0; i < len(x); i += zcrypto.Groth16InputSize {
				inputs = append(inputs, x[i:i+zcrypto.Groth16InputSize])
			}
			if err := zcrypto.Groth16Verify(c.hex(t, "vk"), c.hex(t, "proof"), inputs); !sameErrors([]error{err}, []error{zcrypto.ErrorFromCode(c.num("code"))}) {
				t.Errorf("%s: %v", id, err)
			}
		case "bulletproofs":
			raw, _ := c["values"].([]any)
			values := make([]uint64, len(raw))
			for i, v := range raw {
				values[i], _ = strconv.ParseUint(v.(string), 10, 64)
			}
			bl, coms := split32(c.hex(t, "blindings")), c.hex(t, "commitments")
			for i, v := range values {
				cm, err := zcrypto.BulletproofsCommit(v, bl[i])
				if err != nil || !bytes.Equal(cm, coms[32*i:32*i+32]) {
					t.Errorf("%s: commit %d %v", id, i, err)
				}
			}
			proof, got, err := zcrypto.BulletproofsProve(c.num("bits"), values, bl, c.hex(t, "entropy"))
			if err != nil || !bytes.Equal(proof, c.hex(t, "proof")) || !bytes.Equal(bytes.Join(got, nil), coms) {
				t.Errorf("%s: prove %v", id, err)
			}
			checks, _ := c["verify"].([]any)
			for _, raw := range checks {
				v := vectorCase(raw.(map[string]any))
				vc := v.hex(t, "commitments")
				var err error
				if len(vc)%32 != 0 {
					err = zcrypto.BulletproofsVerify(v.num("bits"), v.hex(t, "proof"), [][]byte{vc})
				} else {
					err = zcrypto.BulletproofsVerify(v.num("bits"), v.hex(t, "proof"), split32(vc))
				}
				if !sameErrors([]error{err}, []error{zcrypto.ErrorFromCode(v.num("code"))}) {
					t.Errorf("%s: verify %s: %v", id, v.str("what"), err)
				}
			}
		case "halo2":
			circuit, want := zcrypto.Halo2Circuit(c.num("circuit")), c.hex(t, "encoded")
			var got []byte
			var err error
			if v, ok := c["value"].(string); ok {
				value, _ := strconv.ParseUint(v, 10, 64)
				got, err = zcrypto.Halo2ProveRange(circuit, value, c.hex(t, "blinding"), c.hex(t, "entropy"))
			} else {
				got, err = zcrypto.Halo2ProveMembership(circuit, c.hex(t, "leaf"), uint64(c.num("index")),
					split32(c.hex(t, "siblings")), c.hex(t, "entropy"))
			}
			if err != nil || !bytes.Equal(got, want) || !bytes.Equal(want[2:34], c.hex(t, "public_input")) {
				t.Errorf("%s: prove %v", id, err)
			}
			checks, _ := c["verify"].([]any)
			for _, raw := range checks {
				v := vectorCase(raw.(map[string]any))
				err := zcrypto.Halo2Verify(v.hex(t, "encoded"))
				if !sameErrors([]error{err}, []error{zcrypto.ErrorFromCode(v.num("code"))}) {
					t.Errorf("%s: verify %s: %v", id, v.str("what"), err)
				}
			}
		case "kzg_point_evaluation":
			out, err := zcrypto.KZGPointEvaluation(c.hex(t, "input"))
			if !sameErrors([]error{err}, []error{zcrypto.ErrorFromCode(c.num("code"))}) || (err == nil && !bytes.Equal(out, c.hex(t, "output"))) {
				t.Errorf("%s: %x %v", id, out, err)
			}
		case "kzg_blob":
			blob := make([]byte, zcrypto.KZGBlobSize)
			copy(blob, c.hex(t, "blob_head"))
			com, err := zcrypto.KZGBlobToCommitment(blob)
			if err != nil || !bytes.Equal(com, c.hex(t, "commitment")) {
				t.Errorf("%s: commitment %v", id, err)
			}
			proof, err := zcrypto.KZGComputeBlobProof(blob, com)
			if err != nil || !bytes.Equal(proof, c.hex(t, "proof")) {
				t.Errorf("%s: proof %v", id, err)
			}
			if err := zcrypto.KZGVerifyBlobProof(blob, com, proof); err != nil {
				t.Errorf("%s: verify %v", id, err)
			}
			for _, k := range []string{"other_commitment", "bad_commitment"} {
				err := zcrypto.KZGVerifyBlobProof(blob, c.hex(t, k), proof)
				if !errors.Is(err, zcrypto.ErrorFromCode(c.num(k+"_code"))) {
					t.Errorf("%s: %s: %v", id, k, err)
				}
			}
		default:
			t.Errorf("%s: unknown op %q", id, op)
		}
	}
	if len(file.Cases) < 100 {
		t.Fatalf("ffi.json: only %d cases", len(file.Cases))
	}
	t.Logf("ffi.json: %d cases %v", len(file.Cases), counts)
}

// split32 splits b into 32-byte pieces.
func split32(b []byte) [][]byte {
	var out [][]byte
	for i := 0; i+32 <= len(b); i += 32 {
		out = append(out, b[i:i+32])
	}
	return out
}
