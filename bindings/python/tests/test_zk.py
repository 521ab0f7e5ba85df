"""zcrypto.zk: Groth16 with the snarkjs fixtures (their binary encodings from
vectors/ffi.json), Bulletproofs and halo2 round trips, KZG blobs and the EIP-4844 precompile
vectors of vectors/kzg/point_evaluation.json; wrong statements and malformed inputs."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

import pytest

import zcrypto
from zcrypto import zk
from conftest import VECTORS

CASES: List[Dict[str, Any]] = json.loads((VECTORS / "ffi.json").read_text())["cases"]


def fixture(curve: str) -> Tuple[bytes, bytes, List[bytes]]:
    c = next(c for c in CASES if c["id"] == f"groth16/{curve}/valid")
    x = bytes.fromhex(c["inputs"])
    return bytes.fromhex(c["vk"]), bytes.fromhex(c["proof"]), [x[i:i + 32] for i in range(0, len(x), 32)]


@pytest.mark.parametrize("curve", ["bn128", "bls12381"])
def test_groth16(curve: str) -> None:
    vk, proof, inputs = fixture(curve)
    assert zcrypto.groth16_verify(vk, proof, inputs) is None
    assert zcrypto.groth16_verify(vk, proof, b"".join(inputs)) is None
    wrong = [(int.from_bytes(inputs[0], "big") + 1).to_bytes(32, "big")] + inputs[1:]
    with pytest.raises(zcrypto.InvalidProof):
        zcrypto.groth16_verify(vk, proof, wrong)
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.groth16_verify(vk, proof, inputs[:-1])
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.groth16_verify(vk, proof[:-1], inputs)
    with pytest.raises(zcrypto.InvalidEncoding):
        zcrypto.groth16_verify(vk, b"\x09" + proof[1:], inputs)
    with pytest.raises(zcrypto.InvalidEncoding):
        zcrypto.groth16_verify(vk, proof, [b"\xff" * 32] + inputs[1:])


def test_groth16_curves_differ() -> None:
    vk, _, inputs = fixture("bn128")
    _, proof, _ = fixture("bls12381")
    with pytest.raises(zcrypto.InvalidProof):
        zcrypto.groth16_verify(vk, proof, inputs)


def test_halo2_round_trip() -> None:
    blinding, entropy = bytes([5]) + bytes(31), bytes([3]) * zk.HALO2_ENTROPY_LEN
    proof = zcrypto.halo2_prove_range(zk.HALO2_RANGE16, 65535, blinding, entropy)
    assert zcrypto.halo2_prove_range(zk.HALO2_RANGE16, 65535, blinding, entropy) == proof
    assert int.from_bytes(proof[:2], "big") == zk.HALO2_RANGE16
    assert zcrypto.halo2_verify(proof) is None
    with pytest.raises(zcrypto.InvalidProof):
        zcrypto.halo2_verify(proof[:2] + bytes([proof[2] ^ 1]) + proof[3:])  # another commitment
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.halo2_verify(proof[:-1])
    with pytest.raises(zcrypto.LimitExceeded):
        zcrypto.halo2_prove_range(zk.HALO2_RANGE8, 256, blinding, entropy)
    with pytest.raises(zcrypto.UnsupportedAlgorithm):
        zcrypto.halo2_prove_range(zk.HALO2_MEMBERSHIP8, 1, blinding, entropy)
    with pytest.raises(zcrypto.UnknownAlgorithm):
        zcrypto.halo2_prove_range(0x7FFF, 1, blinding, entropy)
    with pytest.raises(zcrypto.InvalidKey):
        zcrypto.halo2_prove_range(zk.HALO2_RANGE8, 1, b"\xff" * 32, entropy)
    # Membership: any canonical siblings make a path from the leaf to some root.
    siblings = [bytes([i]) + bytes(31) for i in range(8)]
    leaf = bytes([42]) + bytes(31)
    member = zcrypto.halo2_prove_membership(zk.HALO2_MEMBERSHIP8, leaf, 5, siblings, entropy)
    assert zcrypto.halo2_verify(member) is None
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.halo2_prove_membership(zk.HALO2_MEMBERSHIP16, leaf, 5, siblings, entropy)
    with pytest.raises(zcrypto.LimitExceeded):
        zcrypto.halo2_prove_membership(zk.HALO2_MEMBERSHIP8, leaf, 256, siblings, entropy)
    with pytest.raises(zcrypto.InvalidEncoding):
        zcrypto.halo2_prove_membership(zk.HALO2_MEMBERSHIP8, b"\xff" * 32, 5, siblings, entropy)


def test_bulletproofs_round_trip() -> None:
    values = [5, 2**64 - 1]
    blindings = [bytes([i + 1]) + bytes(31) for i in range(2)]
    entropy = bytes(range(32))
    proof, coms = zcrypto.bulletproofs_prove(64, values, blindings, entropy)
    assert len(proof) == 32 * (9 + 2 * 7) and len(coms) == 2
    assert zcrypto.bulletproofs_prove(64, values, blindings, entropy) == (proof, coms)
    assert [zcrypto.bulletproofs_commit(v, r) for v, r in zip(values, blindings)] == coms
    assert zcrypto.bulletproofs_verify(64, proof, coms) is None
    other = zcrypto.bulletproofs_commit(6, blindings[0])
    with pytest.raises(zcrypto.InvalidProof):
        zcrypto.bulletproofs_verify(64, proof, [other, coms[1]])
    with pytest.raises(zcrypto.InvalidProof):
        zcrypto.bulletproofs_verify(32, proof, coms)
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.bulletproofs_verify(64, proof[:-1], coms)
    with pytest.raises(zcrypto.InvalidEncoding):
        zcrypto.bulletproofs_verify(64, proof, [b"\xff" * 32, coms[1]])
    with pytest.raises(zcrypto.LimitExceeded):
        zcrypto.bulletproofs_prove(32, values, blindings, entropy)  # 2^64 - 1 does not fit
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.bulletproofs_prove(64, values + [1], blindings + [blindings[0]], entropy)  # 3 values
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.bulletproofs_prove(64, values, blindings, entropy[:31])
    with pytest.raises(zcrypto.InvalidKey):
        zcrypto.bulletproofs_commit(1, b"\xff" * 32)


def test_kzg_blob() -> None:
    blob = bytearray(zk.KZG_BLOB_LEN)
    blob[31] = 7
    com = zcrypto.kzg_blob_to_commitment(blob)
    proof = zcrypto.kzg_compute_blob_proof(blob, com)
    assert len(com) == len(proof) == zk.KZG_COMMITMENT_LEN
    zcrypto.kzg_verify_blob_proof(blob, com, proof)
    blob[63] = 1
    with pytest.raises(zcrypto.InvalidProof):
        zcrypto.kzg_verify_blob_proof(blob, com, proof)
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.kzg_blob_to_commitment(bytes(100))
    with pytest.raises(zcrypto.InvalidEncoding):
        zcrypto.kzg_blob_to_commitment(b"\xff" * zk.KZG_BLOB_LEN)


POINT_EVALUATION = json.loads((VECTORS / "kzg" / "point_evaluation.json").read_text())["point_evaluation"]


@pytest.mark.parametrize("v", POINT_EVALUATION, ids=[v["name"] for v in POINT_EVALUATION])
def test_point_evaluation(v: Dict[str, Any]) -> None:
    inp = bytes.fromhex(v["input"])
    if v["expected"]:
        assert zcrypto.kzg_point_evaluation(inp) == bytes.fromhex(v["expected"])
    else:
        with pytest.raises(zcrypto.ZcryptoError):
            zcrypto.kzg_point_evaluation(inp)


def test_point_evaluation_length() -> None:
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.kzg_point_evaluation(bytes(191))
