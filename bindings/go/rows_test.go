package zcrypto_test

import (
	"bytes"
	"errors"
	"testing"

	"zcrypto.dev/zcrypto"
)

func TestRows(t *testing.T) {
	var data []byte
	var leaves [][]byte
	for i := 0; i < 5; i++ {
		row := bytes.Repeat([]byte{byte(i)}, 32)
		data = append(data, row...)
		leaves = append(leaves, row)
	}
	digests, err := zcrypto.HashRows("sha256", data, 32)
	if err != nil || len(digests) != 5*32 {
		t.Fatal(err)
	}
	for i, l := range leaves {
		d, _ := zcrypto.Hash("sha256", l)
		if !bytes.Equal(digests[i*32:(i+1)*32], d) {
			t.Errorf("row %d", i)
		}
	}
	root, err := zcrypto.MerkleRootRows("sha256", data, 32)
	want, _ := zcrypto.MerkleRoot("sha256", leaves)
	if err != nil || !bytes.Equal(root, want) {
		t.Errorf("MerkleRootRows: %v", err)
	}
	if _, err := zcrypto.HashRows("sha256", data, 7); !errors.Is(err, zcrypto.ErrInvalidLength) {
		t.Errorf("ragged rows: %v", err)
	}

	var pks, msgs, sigs []byte
	for i := 0; i < 4; i++ {
		seed := bytes.Repeat([]byte{byte(i + 1)}, 32)
		pk, _ := zcrypto.PublicKey("ed25519", seed)
		msg := bytes.Repeat([]byte{byte(i)}, 16)
		sig, err := zcrypto.Sign("ed25519", seed, msg, nil)
		if err != nil {
			t.Fatal(err)
		}
		pks, msgs, sigs = append(pks, pk...), append(msgs, msg...), append(sigs, sig...)
	}
	sigs[2*64] ^= 1
	res, err := zcrypto.VerifyRows("ed25519", pks, 32, msgs, 16, sigs, 64)
	if err != nil || len(res) != 4 {
		t.Fatal(err)
	}
	for i, e := range res {
		if (i == 2) != errors.Is(e, zcrypto.ErrInvalidSignature) || (i != 2 && e != nil) {
			t.Errorf("item %d: %v", i, e)
		}
	}
	if _, err := zcrypto.VerifyRows("md5", pks, 32, msgs, 16, sigs, 64); !errors.Is(err, zcrypto.ErrUnknownAlgorithm) {
		t.Errorf("unknown scheme: %v", err)
	}
}
