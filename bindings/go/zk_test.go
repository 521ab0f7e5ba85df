package zcrypto_test

import (
	"bytes"
	"errors"
	"testing"

	"zcrypto.dev/zcrypto"
)

// groth16Fixture returns the binary vk, proof and inputs of the snarkjs fixture of curve
// ("bn128" or "bls12381") from vectors/ffi.json.
func groth16Fixture(t *testing.T, curve string) (vk, proof []byte, inputs [][]byte) {
	t.Helper()
	var file struct {
		Cases []vectorCase `json:"cases"`
	}
	loadJSON(t, "vectors/ffi.json", &file)
	for _, c := range file.Cases {
		if c.str("id") == "groth16/"+curve+"/valid" {
			return c.hex(t, "vk"), c.hex(t, "proof"), split32(c.hex(t, "inputs"))
		}
	}
	t.Fatalf("no groth16/%s/valid case", curve)
	return nil, nil, nil
}

func TestGroth16(t *testing.T) {
	for _, curve := range []string{"bn128", "bls12381"} {
		vk, proof, inputs := groth16Fixture(t, curve)
		if err := zcrypto.Groth16Verify(vk, proof, inputs); err != nil {
			t.Errorf("%s: valid: %v", curve, err)
		}
		wrong := [][]byte{bytes.Clone(inputs[0]), inputs[1]}
		wrong[0][31]++
		if err := zcrypto.Groth16Verify(vk, proof, wrong); !errors.Is(err, zcrypto.ErrInvalidProof) {
			t.Errorf("%s: wrong input: %v", curve, err)
		}
		if err := zcrypto.Groth16Verify(vk, proof, inputs[:1]); !errors.Is(err, zcrypto.ErrInvalidLength) {
			t.Errorf("%s: missing input: %v", curve, err)
		}
		if err := zcrypto.Groth16Verify(vk, proof[:len(proof)-1], inputs); !errors.Is(err, zcrypto.ErrInvalidLength) {
			t.Errorf("%s: truncated proof: %v", curve, err)
		}
		if err := zcrypto.Groth16Verify(vk, proof, [][]byte{inputs[0][:31], inputs[1]}); !errors.Is(err, zcrypto.ErrInvalidLength) {
			t.Errorf("%s: short input: %v", curve, err)
		}
	}
}

func TestBulletproofs(t *testing.T) {
	values := []uint64{42, 1 << 40}
	bl := [][]byte{make([]byte, 32), make([]byte, 32)}
	bl[0][0], bl[1][0] = 7, 9
	entropy := bytes.Repeat([]byte{1}, zcrypto.BulletproofsEntropySize)
	proof, coms, err := zcrypto.BulletproofsProve(64, values, bl, entropy)
	if err != nil {
		t.Fatal(err)
	}
	again, _, _ := zcrypto.BulletproofsProve(64, values, bl, entropy)
	if !bytes.Equal(proof, again) {
		t.Error("proving is not deterministic")
	}
	for i, v := range values {
		c, err := zcrypto.BulletproofsCommit(v, bl[i])
		if err != nil || !bytes.Equal(c, coms[i]) {
			t.Errorf("commit %d: %v", i, err)
		}
	}
	if err := zcrypto.BulletproofsVerify(64, proof, coms); err != nil {
		t.Errorf("verify: %v", err)
	}
	other, _ := zcrypto.BulletproofsCommit(43, bl[0])
	if err := zcrypto.BulletproofsVerify(64, proof, [][]byte{other, coms[1]}); !errors.Is(err, zcrypto.ErrInvalidProof) {
		t.Errorf("wrong commitment: %v", err)
	}
	if err := zcrypto.BulletproofsVerify(64, proof[:len(proof)-1], coms); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("truncated proof: %v", err)
	}
	if _, _, err := zcrypto.BulletproofsProve(32, values, bl, entropy); !errors.Is(err, zcrypto.ErrLimitExceeded) {
		t.Errorf("value out of range: %v", err)
	}
	if _, _, err := zcrypto.BulletproofsProve(64, values[:1], bl, entropy); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("blinding count: %v", err)
	}
	if _, err := zcrypto.BulletproofsCommit(1, bytes.Repeat([]byte{0xff}, 32)); !errors.Is(err, zcrypto.ErrInvalidKey) {
		t.Errorf("non-canonical blinding: %v", err)
	}
}

func TestHalo2(t *testing.T) {
	blinding, entropy := make([]byte, zcrypto.Halo2FieldSize), bytes.Repeat([]byte{3}, zcrypto.Halo2EntropySize)
	blinding[0] = 5
	proof, err := zcrypto.Halo2ProveRange(zcrypto.Halo2Range16, 65535, blinding, entropy)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := zcrypto.Halo2ProveRange(zcrypto.Halo2Range16, 65535, blinding, entropy); !bytes.Equal(proof, again) {
		t.Error("proving is not deterministic")
	}
	if proof[0] != 0 || proof[1] != byte(zcrypto.Halo2Range16) {
		t.Errorf("circuit id %x", proof[:2])
	}
	if err := zcrypto.Halo2Verify(proof); err != nil {
		t.Errorf("verify: %v", err)
	}
	wrong := bytes.Clone(proof)
	wrong[2] ^= 1 // another commitment
	if err := zcrypto.Halo2Verify(wrong); !errors.Is(err, zcrypto.ErrInvalidProof) {
		t.Errorf("wrong commitment: %v", err)
	}
	if err := zcrypto.Halo2Verify(proof[:len(proof)-1]); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("truncated: %v", err)
	}
	if _, err := zcrypto.Halo2ProveRange(zcrypto.Halo2Range8, 256, blinding, entropy); !errors.Is(err, zcrypto.ErrLimitExceeded) {
		t.Errorf("value out of range: %v", err)
	}
	if _, err := zcrypto.Halo2ProveRange(zcrypto.Halo2Membership8, 1, blinding, entropy); !errors.Is(err, zcrypto.ErrUnsupportedAlgorithm) {
		t.Errorf("membership id: %v", err)
	}
	if _, err := zcrypto.Halo2ProveRange(0x7fff, 1, blinding, entropy); !errors.Is(err, zcrypto.ErrUnknownAlgorithm) {
		t.Errorf("unknown id: %v", err)
	}
	// Membership: the path of leaf 0 in the depth-8 tree whose other leaves are empty
	// (siblings are the empty subtrees' roots, so any 8 canonical elements make a path).
	siblings := make([][]byte, 8)
	for i := range siblings {
		siblings[i] = make([]byte, zcrypto.Halo2FieldSize)
		siblings[i][0] = byte(i)
	}
	leaf := make([]byte, zcrypto.Halo2FieldSize)
	leaf[0] = 42
	member, err := zcrypto.Halo2ProveMembership(zcrypto.Halo2Membership8, leaf, 5, siblings, entropy)
	if err != nil {
		t.Fatal(err)
	}
	if err := zcrypto.Halo2Verify(member); err != nil {
		t.Errorf("membership verify: %v", err)
	}
	if _, err := zcrypto.Halo2ProveMembership(zcrypto.Halo2Membership16, leaf, 5, siblings, entropy); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("depth mismatch: %v", err)
	}
	if _, err := zcrypto.Halo2ProveMembership(zcrypto.Halo2Membership8, leaf, 256, siblings, entropy); !errors.Is(err, zcrypto.ErrLimitExceeded) {
		t.Errorf("index: %v", err)
	}
}

func TestKZG(t *testing.T) {
	blob := make([]byte, zcrypto.KZGBlobSize)
	blob[31] = 7
	com, err := zcrypto.KZGBlobToCommitment(blob)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := zcrypto.KZGComputeBlobProof(blob, com)
	if err != nil {
		t.Fatal(err)
	}
	if err := zcrypto.KZGVerifyBlobProof(blob, com, proof); err != nil {
		t.Errorf("verify: %v", err)
	}
	blob[63] = 1
	if err := zcrypto.KZGVerifyBlobProof(blob, com, proof); !errors.Is(err, zcrypto.ErrInvalidProof) {
		t.Errorf("other blob: %v", err)
	}
	if _, err := zcrypto.KZGBlobToCommitment(blob[:100]); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("short blob: %v", err)
	}
	if _, err := zcrypto.KZGPointEvaluation(make([]byte, 191)); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("short input: %v", err)
	}
	// The precompile vectors, verbatim.
	var file struct {
		PointEvaluation []struct {
			Name, Input, Expected string
		} `json:"point_evaluation"`
	}
	loadJSON(t, "vectors/kzg/point_evaluation.json", &file)
	for _, v := range file.PointEvaluation {
		out, err := zcrypto.KZGPointEvaluation(vectorCase{"x": v.Input}.hex(t, "x"))
		want := vectorCase{"x": v.Expected}.hex(t, "x")
		if (len(want) == 0) != (err != nil) || !bytes.Equal(out, want) {
			t.Errorf("%s: %x %v", v.Name, out, err)
		}
	}
}
