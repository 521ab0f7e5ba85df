"""vectors/ffi.json (written by ``cargo run -p vectors``): known answers for the C ABI
functions foundation.json does not cover, the same bytes the Rust, C and Go tests check."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import pytest

import zcrypto
from conftest import VECTORS, h

CASES: List[Dict[str, Any]] = json.loads((VECTORS / "ffi.json").read_text())["cases"]
OPS = {
    "version", "error_name", "has_feature", "hash_len", "aead_lengths", "kem_lengths",
    "sig_lengths", "hash_incremental", "hash_rows", "secp256k1_recover", "bls_aggregate",
    "batch_verify", "sig_verify_rows", "merkle_tree", "merkle_root_rows", "hybrid_kem",
    "groth16_verify", "bulletproofs", "halo2", "kzg_point_evaluation", "kzg_blob",
}


def of(op: str) -> List[Dict[str, Any]]:
    out = [c for c in CASES if c["op"] == op]
    assert out, f"no {op!r} cases in vectors/ffi.json"
    return out


def ids(cases: List[Dict[str, Any]]) -> List[str]:
    return [c["id"] for c in cases]


def hl(c: Dict[str, Any], key: str) -> List[bytes]:
    return [bytes.fromhex(x) for x in c[key]]


def test_every_op_has_a_test() -> None:
    assert {c["op"] for c in CASES} == OPS
    assert len(CASES) > 100


def test_meta() -> None:
    for c in of("version"):
        assert zcrypto.version() == c["version"]
    for c in of("error_name"):
        assert zcrypto.error_name(c["code"]) == c["name"], c["id"]
        assert zcrypto.error_message(c["code"]), c["id"]
    for c in of("has_feature"):
        assert zcrypto.has_feature(c["name"]) == c["has"], c["id"]


def test_lengths() -> None:
    for c in of("hash_len"):
        assert zcrypto.hash_len(c["alg"]) == c["len"], c["id"]
    for c in of("aead_lengths"):
        assert zcrypto.aead_lengths(c["alg"]) == (c["key_len"], c["nonce_len"]), c["id"]
    for c in of("kem_lengths"):
        assert zcrypto.kem_lengths(c["alg"]) == (c["ek_len"], c["dk_len"], c["ct_len"]), c["id"]
    for c in of("sig_lengths"):
        want = (c["seed_len"], c["public_key_len"], c["signature_len"])
        assert zcrypto.sig_lengths(c["alg"]) == want, c["id"]


@pytest.mark.parametrize("c", of("hash_incremental"), ids=ids(of("hash_incremental")))
def test_hash_incremental(c: Dict[str, Any]) -> None:
    with zcrypto.Hasher(c["alg"]) as hs:
        for chunk in hl(c, "chunks"):
            hs.update(chunk)
        assert hs.finish() == h(c, "digest")


@pytest.mark.parametrize("c", of("hash_rows"), ids=ids(of("hash_rows")))
def test_hash_rows(c: Dict[str, Any]) -> None:
    np = pytest.importorskip("numpy")
    import zcrypto.numpy as znp

    rows = np.frombuffer(h(c, "data"), dtype=np.uint8).reshape(c["rows"], c["row_len"])
    assert znp.hash_rows(c["alg"], rows).tobytes() == h(c, "digests")


@pytest.mark.parametrize("c", of("secp256k1_recover"), ids=ids(of("secp256k1_recover")))
def test_secp256k1_recover(c: Dict[str, Any]) -> None:
    sig = zcrypto.secp256k1_sign_recoverable(h(c, "seed"), h(c, "prehash"))
    assert sig == h(c, "signature")
    assert zcrypto.secp256k1_recover(h(c, "prehash"), sig) == h(c, "public_key")
    assert zcrypto.secp256k1_recover(h(c, "prehash"), sig, uncompressed=True) == h(c, "public_key_uncompressed")


@pytest.mark.parametrize("c", of("bls_aggregate"), ids=ids(of("bls_aggregate")))
def test_bls_aggregate(c: Dict[str, Any]) -> None:
    pks, sigs, msg = h(c, "public_keys"), h(c, "signatures"), h(c, "message")
    agg = zcrypto.bls_aggregate_signatures(sigs)
    assert agg == h(c, "aggregate_signature")
    assert zcrypto.bls_aggregate_public_keys(pks) == h(c, "aggregate_public_key")
    zcrypto.bls_fast_aggregate_verify(pks, msg, agg)
    with pytest.raises(zcrypto.InvalidSignature):
        zcrypto.bls_fast_aggregate_verify(pks, msg + b"\0", agg)


@pytest.mark.parametrize("c", of("batch_verify"), ids=ids(of("batch_verify")))
def test_batch_verify(c: Dict[str, Any]) -> None:
    rule = {1: "zip215", 2: "strict"}[c["rule"]]
    with zcrypto.BatchVerifier(rule) as bv:
        for it in c["items"]:
            bv.add(it["alg"], h(it, "public_key"), h(it, "message"), h(it, "signature"), h(it, "context"))
        assert len(bv) == len(c["items"])
        assert bv.verify_each() == c["codes"]
        if c["all_ok"]:
            bv.verify_all()
        else:
            with pytest.raises(zcrypto.ZcryptoError):
                bv.verify_all()


@pytest.mark.parametrize("c", of("sig_verify_rows"), ids=ids(of("sig_verify_rows")))
def test_sig_verify_rows(c: Dict[str, Any]) -> None:
    np = pytest.importorskip("numpy")
    import zcrypto.numpy as znp

    n = c["n"]

    def rows(key: str, width: int) -> Any:
        return np.frombuffer(h(c, key), dtype=np.uint8).reshape(n, width)

    got = znp.verify_rows(
        c["alg"], rows("public_keys", c["pk_len"]), rows("messages", c["msg_len"]),
        rows("signatures", c["sig_len"]), codes=True,
    )
    assert got.tolist() == c["results"]
    assert (c["status"] == 0) == all(r == 0 for r in c["results"])


@pytest.mark.parametrize("c", of("merkle_tree"), ids=ids(of("merkle_tree")))
def test_merkle_tree(c: Dict[str, Any]) -> None:
    alg, leaves, root = c["alg"], hl(c, "leaves"), h(c, "root")
    assert zcrypto.merkle_root(alg, leaves) == root
    for i, want in enumerate(hl(c, "paths")):
        path = zcrypto.merkle_inclusion_path(alg, leaves, i)
        assert b"".join(path) == want
        zcrypto.merkle_verify_inclusion(alg, leaves[i], i, len(leaves), path, root)
        with pytest.raises(zcrypto.InvalidProof):
            zcrypto.merkle_verify_inclusion(alg, leaves[i] + b"\0", i, len(leaves), path, root)


@pytest.mark.parametrize("c", of("merkle_root_rows"), ids=ids(of("merkle_root_rows")))
def test_merkle_root_rows(c: Dict[str, Any]) -> None:
    np = pytest.importorskip("numpy")
    import zcrypto.numpy as znp

    leaves = np.frombuffer(h(c, "leaves"), dtype=np.uint8).reshape(c["n"], c["leaf_len"])
    assert znp.merkle_root(c["alg"], leaves) == h(c, "root")


@pytest.mark.parametrize("c", of("hybrid_kem"), ids=ids(of("hybrid_kem")))
def test_hybrid_kem(c: Dict[str, Any]) -> None:
    seed, x = h(c, "mlkem_seed"), h(c, "x25519_secret")
    share = zcrypto.hybrid_client_share(seed, x)
    assert share == h(c, "client_share")
    server, secret = zcrypto.hybrid_server_encapsulate(share, h(c, "m"), h(c, "x25519_ephemeral"))
    assert (server, secret) == (h(c, "server_share"), h(c, "shared_secret"))
    assert zcrypto.hybrid_client_finish(seed, x, server) == secret


def _code(f: Any, *args: Any) -> int:
    """The status code of a call: 0, or the raised error's code."""
    try:
        f(*args)
    except zcrypto.ZcryptoError as e:
        return e.code
    return 0


@pytest.mark.parametrize("c", of("groth16_verify"), ids=ids(of("groth16_verify")))
def test_groth16_verify(c: Dict[str, Any]) -> None:
    assert _code(zcrypto.groth16_verify, h(c, "vk"), h(c, "proof"), h(c, "inputs")) == c["code"]


@pytest.mark.parametrize("c", of("bulletproofs"), ids=ids(of("bulletproofs")))
def test_bulletproofs(c: Dict[str, Any]) -> None:
    values = [int(v) for v in c["values"]]
    bl, coms = h(c, "blindings"), h(c, "commitments")
    blindings = [bl[i:i + 32] for i in range(0, len(bl), 32)]
    for i, (v, r) in enumerate(zip(values, blindings)):
        assert zcrypto.bulletproofs_commit(v, r) == coms[32 * i:32 * i + 32]
    proof, got = zcrypto.bulletproofs_prove(c["bits"], values, blindings, h(c, "entropy"))
    assert (proof, b"".join(got)) == (h(c, "proof"), coms)
    for v in c["verify"]:
        code = _code(zcrypto.bulletproofs_verify, v["bits"], h(v, "proof"), h(v, "commitments"))
        assert code == v["code"], v["what"]


@pytest.mark.parametrize("c", of("halo2"), ids=ids(of("halo2")))
def test_halo2(c: Dict[str, Any]) -> None:
    if "value" in c:
        got = zcrypto.halo2_prove_range(c["circuit"], int(c["value"]), h(c, "blinding"), h(c, "entropy"))
    else:
        got = zcrypto.halo2_prove_membership(
            c["circuit"], h(c, "leaf"), c["index"], h(c, "siblings"), h(c, "entropy"))
    assert got == h(c, "encoded")
    assert got[2:34] == h(c, "public_input")
    for v in c["verify"]:
        assert _code(zcrypto.halo2_verify, h(v, "encoded")) == v["code"], v["what"]


@pytest.mark.parametrize("c", of("kzg_point_evaluation"), ids=ids(of("kzg_point_evaluation")))
def test_kzg_point_evaluation(c: Dict[str, Any]) -> None:
    if c["code"] == 0:
        assert zcrypto.kzg_point_evaluation(h(c, "input")) == h(c, "output")
    else:
        assert _code(zcrypto.kzg_point_evaluation, h(c, "input")) == c["code"]


@pytest.mark.parametrize("c", of("kzg_blob"), ids=ids(of("kzg_blob")))
def test_kzg_blob(c: Dict[str, Any]) -> None:
    blob = h(c, "blob_head").ljust(zcrypto.zk.KZG_BLOB_LEN, b"\0")
    com = zcrypto.kzg_blob_to_commitment(blob)
    assert com == h(c, "commitment")
    proof = zcrypto.kzg_compute_blob_proof(blob, com)
    assert proof == h(c, "proof")
    zcrypto.kzg_verify_blob_proof(blob, com, proof)
    for key in ("other_commitment", "bad_commitment"):
        assert _code(zcrypto.kzg_verify_blob_proof, blob, h(c, key), proof) == c[key + "_code"]
