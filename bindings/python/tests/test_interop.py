"""Interoperability with independent implementations: pyca/cryptography (ML-KEM-768,
ML-DSA, Ed25519), coincurve (libsecp256k1: ECDSA sign/verify/recover) and PyNaCl."""

from __future__ import annotations

import hashlib

import pytest

import zcrypto

cryptography = pytest.importorskip("cryptography")
from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ed25519 as c_ed25519  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.utils import (  # noqa: E402
    decode_dss_signature,
    encode_dss_signature,
)

SEEDS = [bytes([i] * 32) for i in (1, 2, 0x7F, 0xFE)]


@pytest.mark.parametrize("seed", SEEDS)
def test_ed25519_byte_identical_with_cryptography(seed: bytes) -> None:
    sk = c_ed25519.Ed25519PrivateKey.from_private_bytes(seed)
    pk = sk.public_key().public_bytes_raw()
    assert zcrypto.sig_public_key("ed25519", seed) == pk
    for msg in (b"", b"x", bytes(range(256)) * 5):
        sig = zcrypto.sign("ed25519", seed, msg)
        assert sig == sk.sign(msg)  # deterministic: identical bytes
        sk.public_key().verify(sig, msg)
        zcrypto.verify("ed25519", pk, msg, sk.sign(msg))
    with pytest.raises(CryptoInvalidSignature):
        sk.public_key().verify(zcrypto.sign("ed25519", seed, b"a"), b"b")


def test_ed25519_with_pynacl() -> None:
    nacl_signing = pytest.importorskip("nacl.signing")
    seed = SEEDS[0]
    sk = nacl_signing.SigningKey(seed)
    assert bytes(sk.verify_key) == zcrypto.sig_public_key("ed25519", seed)
    assert sk.sign(b"msg").signature == zcrypto.sign("ed25519", seed, b"msg")
    sk.verify_key.verify(b"msg", zcrypto.sign("ed25519", seed, b"msg"))


def test_mlkem768_with_cryptography() -> None:
    mlkem = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.mlkem")
    if not hasattr(mlkem.MLKEM768PrivateKey, "from_seed_bytes"):
        pytest.skip("this cryptography has no MLKEM768PrivateKey.from_seed_bytes")
    for seed in (bytes(64), bytes(range(64))):
        theirs = mlkem.MLKEM768PrivateKey.from_seed_bytes(seed)
        ek, dk = zcrypto.kem_keygen("ml-kem-768", seed)
        assert ek == theirs.public_key().public_bytes_raw()
        # They encapsulate, we decapsulate.
        ss, ct = theirs.public_key().encapsulate()
        assert zcrypto.kem_decapsulate("ml-kem-768", dk, ct) == ss
        # We encapsulate, they decapsulate.
        ct2, ss2 = zcrypto.kem_encapsulate("ml-kem-768", ek)
        assert theirs.decapsulate(ct2) == ss2
        # Tampered: implicit rejection on both sides, the same value.
        bad = bytes([ct2[0] ^ 1]) + ct2[1:]
        assert zcrypto.kem_decapsulate("ml-kem-768", dk, bad) == theirs.decapsulate(bad) != ss2


@pytest.mark.parametrize("alg,cls", [("ml-dsa-44", "MLDSA44"), ("ml-dsa-65", "MLDSA65"), ("ml-dsa-87", "MLDSA87")])
def test_mldsa_with_cryptography(alg: str, cls: str) -> None:
    mldsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.mldsa")
    seed = bytes(range(32))
    theirs = getattr(mldsa, cls + "PrivateKey").from_seed_bytes(seed)
    pk = theirs.public_key().public_bytes_raw()
    assert zcrypto.sig_public_key(alg, seed) == pk
    for ctx in (b"", b"ctx", bytes(255)):
        msg = b"message " + ctx
        # cryptography signs, zcrypto verifies (and refuses another context / message).
        sig = theirs.sign(msg, ctx) if ctx else theirs.sign(msg)
        zcrypto.verify(alg, pk, msg, sig, ctx)
        assert not zcrypto.is_valid(alg, pk, msg, sig, ctx + b"x")
        assert not zcrypto.is_valid(alg, pk, msg + b"x", sig, ctx)
        # zcrypto signs, cryptography verifies.
        mine = zcrypto.sign(alg, seed, msg, ctx)
        theirs.public_key().verify(mine, msg, ctx) if ctx else theirs.public_key().verify(mine, msg)
        with pytest.raises(CryptoInvalidSignature):
            theirs.public_key().verify(mine, msg + b"x", ctx) if ctx else theirs.public_key().verify(mine, msg + b"x")


def _der(rs: bytes) -> bytes:
    return encode_dss_signature(int.from_bytes(rs[:32], "big"), int.from_bytes(rs[32:], "big"))


def _rs(der: bytes) -> bytes:
    r, s = decode_dss_signature(der)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


@pytest.mark.parametrize("seed", SEEDS)
def test_secp256k1_with_coincurve(seed: bytes) -> None:
    coincurve = pytest.importorskip("coincurve")
    sk = coincurve.PrivateKey(seed)
    pk = sk.public_key.format(compressed=True)
    assert zcrypto.sig_public_key("ecdsa-secp256k1", seed) == pk
    for msg in (b"", b"hello", bytes(1000)):
        # zcrypto signs (SHA-256, RFC 6979, low S): coincurve gives the same bytes and verifies.
        mine = zcrypto.sign("ecdsa-secp256k1", seed, msg)
        theirs = _rs(sk.sign(msg))  # coincurve hashes with SHA-256 by default
        assert mine == theirs
        assert coincurve.PublicKey(pk).verify(_der(mine), msg)
        zcrypto.verify("ecdsa-secp256k1", pk, msg, theirs)
        # The uncompressed key verifies too.
        zcrypto.verify("ecdsa-secp256k1", sk.public_key.format(compressed=False), msg, theirs)
        assert not coincurve.PublicKey(pk).verify(_der(mine), msg + b"x")
        # Recovery both ways over the SHA-256 prehash.
        h = hashlib.sha256(msg).digest()
        rec = zcrypto.secp256k1_sign_recoverable(seed, h)
        assert rec == sk.sign_recoverable(h, hasher=None)
        assert coincurve.PublicKey.from_signature_and_message(rec, h, hasher=None).format() == pk
        assert zcrypto.secp256k1_recover(h, sk.sign_recoverable(h, hasher=None)) == pk
        assert zcrypto.secp256k1_recover(h, rec, uncompressed=True) == sk.public_key.format(compressed=False)
    # A key from another seed does not verify.
    other = coincurve.PrivateKey(bytes([0x33] * 32)).public_key.format()
    with pytest.raises(zcrypto.InvalidSignature):
        zcrypto.verify("ecdsa-secp256k1", other, b"hello", zcrypto.sign("ecdsa-secp256k1", seed, b"hello"))
