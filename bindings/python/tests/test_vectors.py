"""The project's cross-language vectors (vectors/foundation.json, vectors/merkle/
rfc9162.json), the same bytes the Rust, C and Go tests check."""

from __future__ import annotations

from typing import Any, Dict

import pytest

import zcrypto
from conftest import cases_of, h, load_foundation


def ids(cases):
    return [c["id"] for c in cases]


def test_every_case_is_covered() -> None:
    cases = load_foundation()
    ops = {c["op"] for c in cases}
    assert ops == {"hash", "hmac", "hkdf", "expand_label", "aead", "x25519", "kem", "sign"}
    assert len(cases) > 250


HASH = cases_of("hash")


@pytest.mark.parametrize("c", HASH, ids=ids(HASH))
def test_hash(c: Dict[str, Any]) -> None:
    msg, want = h(c, "msg"), h(c, "digest")
    assert zcrypto.hash(c["alg"], msg) == want
    assert zcrypto.hash_len(c["alg"]) == len(want)
    with zcrypto.Hasher(c["alg"]) as hs:
        half = len(msg) // 2
        hs.update(msg[:half]).update(bytearray(msg[half:]))
        assert hs.finish() == want
        # finish resets: the empty input's digest next.
        assert hs.finish() == zcrypto.hash(c["alg"], b"")


HMAC = cases_of("hmac")


@pytest.mark.parametrize("c", HMAC, ids=ids(HMAC))
def test_hmac(c: Dict[str, Any]) -> None:
    key, msg, tag = h(c, "key"), h(c, "msg"), h(c, "tag")
    assert zcrypto.hmac(c["alg"], key, msg) == tag
    zcrypto.hmac_verify(c["alg"], key, msg, tag)
    bad = bytearray(tag)
    bad[0] ^= 1
    with pytest.raises(zcrypto.InvalidSignature):
        zcrypto.hmac_verify(c["alg"], key, msg, bytes(bad))
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.hmac_verify(c["alg"], key, msg, tag[:-1])


HKDF = cases_of("hkdf")


@pytest.mark.parametrize("c", HKDF, ids=ids(HKDF))
def test_hkdf(c: Dict[str, Any]) -> None:
    salt, ikm, info, prk, okm = (h(c, k) for k in ("salt", "ikm", "info", "prk", "okm"))
    assert zcrypto.hkdf_extract(c["alg"], salt, ikm) == prk
    assert zcrypto.hkdf_expand(c["alg"], prk, info, len(okm)) == okm
    assert zcrypto.hkdf(c["alg"], salt, ikm, info, len(okm)) == okm


LABEL = cases_of("expand_label")


@pytest.mark.parametrize("c", LABEL, ids=ids(LABEL))
def test_expand_label(c: Dict[str, Any]) -> None:
    okm = h(c, "okm")
    got = zcrypto.hkdf_expand_label(c["alg"], h(c, "secret"), h(c, "label"), h(c, "context"), len(okm))
    assert got == okm


AEAD = cases_of("aead")


@pytest.mark.parametrize("c", AEAD, ids=ids(AEAD))
def test_aead(c: Dict[str, Any]) -> None:
    key, nonce, aad, pt, ct = (h(c, k) for k in ("key", "nonce", "aad", "pt", "ct"))
    assert zcrypto.aead_lengths(c["alg"]) == (len(key), len(nonce))
    with zcrypto.AeadKey(c["alg"], key) as k:
        assert k.seal(nonce, pt, aad) == ct
        assert k.open(nonce, ct, aad) == pt
        buf = bytearray(pt)
        tag = k.seal_in_place(nonce, buf, aad)
        assert bytes(buf) + tag == ct
        k.open_in_place(nonce, memoryview(buf), tag, aad)
        assert bytes(buf) == pt
        # Flipped tag bit: refused, buffer zeroed.
        bad = bytearray(ct)
        bad[-1] ^= 1
        with pytest.raises(zcrypto.DecryptionFailed):
            k.open(nonce, bytes(bad), aad)
        buf = bytearray(ct[:-16])
        with pytest.raises(zcrypto.DecryptionFailed):
            k.open_in_place(nonce, buf, bytes(bad[-16:]), aad)
        assert buf == bytearray(len(buf))
        with pytest.raises(zcrypto.DecryptionFailed):
            k.open(nonce, ct, aad + b"x")
        with pytest.raises(zcrypto.InvalidLength):
            k.open(nonce[:-1], ct, aad)


X25519 = cases_of("x25519")


@pytest.mark.parametrize("c", X25519, ids=ids(X25519))
def test_x25519(c: Dict[str, Any]) -> None:
    assert zcrypto.x25519_public_key(h(c, "sk")) == h(c, "pk")
    assert zcrypto.x25519(h(c, "sk"), h(c, "peer")) == h(c, "shared")


KEM = cases_of("kem")


@pytest.mark.parametrize("c", KEM, ids=ids(KEM))
def test_kem(c: Dict[str, Any]) -> None:
    alg = c["alg"]
    ek, dk = zcrypto.kem_keygen(alg, h(c, "seed"))
    assert (ek, dk) == (h(c, "ek"), h(c, "dk"))
    assert zcrypto.kem_lengths(alg) == (len(ek), len(dk), len(h(c, "ciphertext")))
    assert zcrypto.kem_decapsulate(alg, dk, h(c, "ciphertext")) == h(c, "shared_secret")
    if c["source"] == "encaps-internal":
        assert zcrypto.kem_encapsulate(alg, ek, h(c, "m")) == (h(c, "ciphertext"), h(c, "shared_secret"))
    ct, ss = zcrypto.kem_encapsulate(alg, ek)
    assert zcrypto.kem_decapsulate(alg, dk, ct) == ss


SIGN = cases_of("sign")


@pytest.mark.parametrize("c", SIGN, ids=ids(SIGN))
def test_sign(c: Dict[str, Any]) -> None:
    alg = c["alg"]
    seed, msg, ctx, pk, sig = (h(c, k) for k in ("seed", "message", "context", "public_key", "signature"))
    assert zcrypto.sig_lengths(alg) == (len(seed), len(pk), len(sig))
    assert zcrypto.sig_public_key(alg, seed) == pk
    zcrypto.check_public_key(alg, pk)
    zcrypto.verify(alg, pk, msg, sig, ctx)
    mine = zcrypto.sign(alg, seed, msg, ctx)
    if alg == "bip340":
        # sign() draws aux_rand from the OS; bip340_sign takes the stored one.
        assert zcrypto.bip340_sign(seed, msg, h(c, "aux_rand")) == sig
        with pytest.raises(zcrypto.InvalidLength):
            zcrypto.bip340_sign(seed, msg, h(c, "aux_rand")[:-1])
    elif c["deterministic"]:
        assert mine == sig
    zcrypto.verify(alg, pk, msg, mine, ctx)
    bad = bytearray(sig)
    bad[len(bad) // 2] ^= 1
    assert not zcrypto.is_valid(alg, pk, msg, bytes(bad), ctx)
    if msg:
        assert not zcrypto.is_valid(alg, pk, bytes([msg[0] ^ 1]) + msg[1:], sig, ctx)
    assert not zcrypto.is_valid(alg, pk, msg, sig[:-1], ctx)
    other = zcrypto.sig_public_key(alg, bytes([seed[0] ^ 1]) + seed[1:])
    with pytest.raises(zcrypto.InvalidSignature):
        zcrypto.verify(alg, other, msg, sig, ctx)
    # The batch verifier agrees.
    with zcrypto.BatchVerifier() as b:
        b.add(alg, pk, msg, sig, ctx).add(alg, other, msg, sig, ctx)
        assert b.verify_each() == [0, 3]


def test_merkle_vectors(rfc9162: Dict[str, Any]) -> None:
    leaves = [bytes.fromhex(x) for x in rfc9162["leaves"]]
    assert zcrypto.merkle_root("sha256", []) == bytes.fromhex(rfc9162["empty_root"])
    assert rfc9162["roots"] and rfc9162["inclusion"]
    for r in rfc9162["roots"]:
        assert zcrypto.merkle_root("sha256", leaves[: r["size"]]) == bytes.fromhex(r["root"])
    for p in rfc9162["inclusion"]:
        i, n = p["index"], p["tree_size"]
        path = [bytes.fromhex(x) for x in p["path"]]
        root = zcrypto.merkle_root("sha256", leaves[:n])
        assert zcrypto.merkle_inclusion_path("sha256", leaves[:n], i) == path
        zcrypto.merkle_verify_inclusion("sha256", leaves[i], i, n, path, root)
        with pytest.raises(zcrypto.InvalidProof):
            zcrypto.merkle_verify_inclusion("sha256", leaves[i], i, n * 2, path, root)
        if path:
            bad = [bytes([path[0][0] ^ 1]) + path[0][1:]] + path[1:]
            with pytest.raises(zcrypto.InvalidProof):
                zcrypto.merkle_verify_inclusion("sha256", leaves[i], i, n, bad, root)
            with pytest.raises(zcrypto.InvalidLength):
                zcrypto.merkle_verify_inclusion("sha256", leaves[i], i, n, b"".join(path)[:-1], root)
