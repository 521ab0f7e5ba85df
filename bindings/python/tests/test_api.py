"""Every function of the package (and so of zcrypto.h), the error classes, and the
negative cases: wrong keys, flipped bits, truncated inputs, wrong lengths, unknown
algorithms, closed handles."""

from __future__ import annotations

import ctypes
import re

import pytest

import zcrypto
from zcrypto import _ffi
from zcrypto import errors
from conftest import HEADER


def test_every_header_function_is_declared() -> None:
    text = HEADER.read_text()
    in_header = set(re.findall(r"^\S[^\n(]*?\b(zc_\w+)\(", text, flags=re.M))
    assert len(in_header) > 50
    assert in_header == set(_ffi.FUNCTIONS)


def test_error_codes_match_header_and_library() -> None:
    text = HEADER.read_text()
    codes = {int(v): k for k, v in re.findall(r"#define ZC_ERR_(\w+) (\d+)", text)}
    assert set(codes) == set(errors.ERRORS)
    for code, cls in errors.ERRORS.items():
        # The class name is the CamelCase of the library's snake_case name.
        assert zcrypto.error_name(code) == codes[code].lower()
        assert cls.__name__ == "".join(w.capitalize() for w in codes[code].lower().split("_"))
        e = errors.error_for_code(code)
        assert type(e) is cls and isinstance(e, zcrypto.ZcryptoError)
        assert (e.code, e.name, e.message) == (code, zcrypto.error_name(code), zcrypto.error_message(code))
        assert str(code) in str(e)
    assert errors.ERRORS[20] is zcrypto.Replayed and errors.ERRORS[255] is zcrypto.Internal
    assert zcrypto.error_name(0) == "ok" and zcrypto.error_name(77) == "unknown"
    e = errors.error_for_code(77)
    assert type(e) is zcrypto.ZcryptoError and e.message == "unknown error code"


def test_general() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", zcrypto.version())
    assert zcrypto.has_feature("portable") and zcrypto.has_feature("bls")
    assert zcrypto.has_feature("ml-kem-768")
    assert not zcrypto.has_feature("md5")
    r = zcrypto.random_bytes(32)
    assert len(r) == 32 and r != zcrypto.random_bytes(32)
    assert zcrypto.random_bytes(0) == b""
    assert zcrypto.library_path().endswith(("libzcrypto.so", "libzcrypto.dylib", "zcrypto.dll"))
    # CDLL (not PyDLL): every foreign call releases the GIL.
    assert type(_ffi.lib) is ctypes.CDLL


def test_hash_errors_and_hasher_lifecycle() -> None:
    with pytest.raises(zcrypto.UnknownAlgorithm):
        zcrypto.hash("md5", b"")
    with pytest.raises(zcrypto.UnsupportedAlgorithm):
        zcrypto.hash("ed25519", b"")
    with pytest.raises(zcrypto.UnknownAlgorithm):
        zcrypto.Hasher("nope")
    with pytest.raises(TypeError):
        zcrypto.hash(b"sha256", b"")  # type: ignore[arg-type]
    h = zcrypto.Hasher("sha3-256")
    h.update(memoryview(b"abc"))
    assert h.finish() == zcrypto.hash("sha3-256", b"abc")
    h.close()
    h.close()
    with pytest.raises(ValueError):
        h.update(b"x")
    # Non-contiguous and non-byte buffers are accepted as their bytes.
    mv = memoryview(b"abcdef")[::2]
    assert zcrypto.hash("sha256", mv) == zcrypto.hash("sha256", b"ace")


def test_kdf_errors() -> None:
    prk = zcrypto.hkdf_extract("hkdf-sha256", b"", b"ikm")
    assert len(prk) == 32
    assert len(zcrypto.hkdf_expand("hkdf-sha256", prk, b"", 255 * 32)) == 255 * 32
    with pytest.raises(zcrypto.OutputTooLong):
        zcrypto.hkdf_expand("hkdf-sha256", prk, b"", 255 * 32 + 1)
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.hkdf_expand("hkdf-sha256", prk[:-1], b"", 32)
    with pytest.raises(zcrypto.UnknownAlgorithm):
        zcrypto.hkdf("hkdf-md5", b"", b"", b"", 32)
    assert zcrypto.hkdf("hkdf-sha256", b"", b"ikm", b"", 0) == b""


def test_aead_misc() -> None:
    key = bytes(range(32))
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.AeadKey("aes-256-gcm", key[:31])
    with pytest.raises(zcrypto.UnknownAlgorithm):
        zcrypto.AeadKey("aes-512-gcm", key)
    k = zcrypto.AeadKey("chacha20-poly1305", key)
    nonce = bytes(12)
    ct = k.seal(nonce, b"hello", b"aad")
    assert k.open(nonce, ct, b"aad") == b"hello"
    with pytest.raises(zcrypto.DecryptionFailed):
        zcrypto.AeadKey("chacha20-poly1305", bytes(32)).open(nonce, ct, b"aad")  # wrong key
    with pytest.raises(zcrypto.DecryptionFailed):
        k.open(nonce, ct[:-1], b"aad")  # truncated
    with pytest.raises(TypeError):
        k.seal_in_place(nonce, b"read-only")
    k.close()
    with pytest.raises(ValueError):
        k.seal(nonce, b"x")


def test_x25519_errors() -> None:
    with pytest.raises(zcrypto.WeakKey):
        zcrypto.x25519(bytes(range(32)), bytes(32))
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.x25519_public_key(bytes(31))
    a, b = bytes([1] * 32), bytes([2] * 32)
    assert zcrypto.x25519(a, zcrypto.x25519_public_key(b)) == zcrypto.x25519(b, zcrypto.x25519_public_key(a))


def test_kem_errors() -> None:
    ek, dk = zcrypto.kem_keygen("ml-kem-768", bytes(64))
    ct, ss = zcrypto.kem_encapsulate("ml-kem-768", ek)
    bad = bytes([ct[0] ^ 1]) + ct[1:]
    assert zcrypto.kem_decapsulate("ml-kem-768", dk, bad) != ss  # implicit rejection
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.kem_decapsulate("ml-kem-768", dk, ct[:-1])
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.kem_keygen("ml-kem-768", bytes(63))
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.kem_encapsulate("ml-kem-768", ek, bytes(31))
    with pytest.raises(zcrypto.UnsupportedAlgorithm):
        zcrypto.kem_lengths("sha256")


def test_hybrid() -> None:
    seed, xs = bytes(range(64)), bytes([7] * 32)
    share = zcrypto.hybrid_client_share(seed, xs)
    assert len(share) == zcrypto.HYBRID_CLIENT_SHARE_LEN
    sshare, secret = zcrypto.hybrid_server_encapsulate(share)
    assert len(sshare) == zcrypto.HYBRID_SERVER_SHARE_LEN and len(secret) == 64
    assert zcrypto.hybrid_client_finish(seed, xs, sshare) == secret
    m, eph = bytes([1] * 32), bytes([2] * 32)
    assert zcrypto.hybrid_server_encapsulate(share, m, eph) == zcrypto.hybrid_server_encapsulate(share, m, eph)
    wrong = bytes([7, 6]) + xs[2:]
    assert zcrypto.hybrid_client_finish(seed, wrong, sshare) != secret
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.hybrid_client_finish(seed, xs, sshare[:-1])
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.hybrid_server_encapsulate(share, m, None)


def test_signatures_misc() -> None:
    seed = bytes([9] * 32)
    with pytest.raises(zcrypto.UnknownAlgorithm):
        zcrypto.sign("rsa", seed, b"m")
    with pytest.raises(zcrypto.UnsupportedAlgorithm):
        zcrypto.sign("sha256", seed, b"m")
    with pytest.raises(zcrypto.UnsupportedAlgorithm):
        zcrypto.sign("ed25519", seed, b"m", b"ctx")  # Ed25519 has no contexts
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.sig_public_key("ed25519", seed[:31])
    with pytest.raises(zcrypto.InvalidKey):
        zcrypto.check_public_key("ecdsa-secp256k1", bytes([5]) + bytes(32))
    assert zcrypto.sig_lengths("ml-dsa-65")[2] == 3309
    pk = zcrypto.sig_public_key("ml-dsa-44", seed)
    sig = zcrypto.sign("ml-dsa-44", seed, b"m", b"ctx")
    zcrypto.verify("ml-dsa-44", pk, b"m", sig, b"ctx")
    with pytest.raises(zcrypto.InvalidSignature):
        zcrypto.verify("ml-dsa-44", pk, b"m", sig, b"ctY")
    with pytest.raises(zcrypto.UnknownAlgorithm):
        zcrypto.is_valid("nope", pk, b"m", sig)


def test_secp256k1_recover() -> None:
    seed = bytes([0x11] * 32)
    h = zcrypto.hash("keccak256", b"tx")
    pk = zcrypto.sig_public_key("ecdsa-secp256k1", seed)
    sig = zcrypto.secp256k1_sign_recoverable(seed, h)
    assert len(sig) == 65 and sig[64] in (0, 1)
    assert zcrypto.secp256k1_recover(h, sig) == pk
    full = zcrypto.secp256k1_recover(h, sig, uncompressed=True)
    assert len(full) == 65 and full[0] == 4 and full[1:33] == pk[1:]
    wrong_h = bytes([h[0] ^ 1]) + h[1:]
    try:
        assert zcrypto.secp256k1_recover(wrong_h, sig) != pk
    except zcrypto.ZcryptoError:
        pass
    with pytest.raises(zcrypto.InvalidSignature):
        zcrypto.secp256k1_recover(h, sig[:64] + bytes([27]))
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.secp256k1_recover(h[:31], sig)
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.secp256k1_recover(h, sig[:64])


def test_bls_aggregation() -> None:
    msg = b"block 42"
    seeds = [bytes([0x20 + i] * 32) for i in range(3)]
    pks = [zcrypto.sig_public_key("bls12-381", s) for s in seeds]
    sigs = [zcrypto.sign("bls12-381", s, msg) for s in seeds]
    agg = zcrypto.bls_aggregate_signatures(sigs)
    assert agg == zcrypto.bls_aggregate_signatures(b"".join(sigs))
    apk = zcrypto.bls_aggregate_public_keys(pks)
    zcrypto.verify("bls12-381", apk, msg, agg)
    zcrypto.bls_fast_aggregate_verify(pks, msg, agg)
    with pytest.raises(zcrypto.InvalidSignature):
        zcrypto.bls_fast_aggregate_verify(pks[:2], msg, agg)
    with pytest.raises(zcrypto.InvalidSignature):
        zcrypto.bls_fast_aggregate_verify(pks, msg + b"!", agg)
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.bls_aggregate_signatures(b"".join(sigs)[:-1])
    with pytest.raises(zcrypto.InvalidSignature):
        zcrypto.bls_aggregate_signatures([])
    with pytest.raises(zcrypto.InvalidKey):
        zcrypto.bls_aggregate_public_keys([])


def test_batch_verifier() -> None:
    ed_pk = zcrypto.sig_public_key("ed25519", bytes([1] * 32))
    ed_sig = zcrypto.sign("ed25519", bytes([1] * 32), b"vote")
    k1_pk = zcrypto.sig_public_key("ecdsa-secp256k1", bytes([3] * 32))
    k1_sig = zcrypto.sign("ecdsa-secp256k1", bytes([3] * 32), b"vote")
    with pytest.raises(ValueError):
        zcrypto.BatchVerifier("lenient")
    with zcrypto.BatchVerifier() as b:
        b.verify_all()  # empty
        assert b.verify_each() == []
        b.add("ed25519", ed_pk, b"vote", ed_sig).add("ecdsa-secp256k1", k1_pk, b"vote", k1_sig)
        b.verify_all()
        b.add("ed25519", ed_pk, b"veto", ed_sig)
        b.add("ecdsa-secp256k1", k1_pk, b"vote", k1_sig[:63])
        with pytest.raises(zcrypto.UnknownAlgorithm):
            b.add("rsa", ed_pk, b"vote", ed_sig)
        with pytest.raises(zcrypto.UnsupportedAlgorithm):
            b.add("sha256", ed_pk, b"vote", ed_sig)
        assert len(b) == 4
        with pytest.raises(zcrypto.ZcryptoError):
            b.verify_all()
        assert b.verify_each() == [0, 0, 3, 1]
    with pytest.raises(ValueError):
        b.verify_all()
    with zcrypto.BatchVerifier("strict") as s:
        s.add("ed25519", ed_pk, b"vote", ed_sig).verify_all()


def test_merkle_misc() -> None:
    leaves = [bytes([i]) * i for i in range(5)]
    root = zcrypto.merkle_root("keccak256", leaves)
    for i in range(5):
        path = zcrypto.merkle_inclusion_path("keccak256", leaves, i)
        zcrypto.merkle_verify_inclusion("keccak256", leaves[i], i, 5, path, root)
        with pytest.raises(zcrypto.InvalidProof):
            zcrypto.merkle_verify_inclusion("keccak256", leaves[i] + b"x", i, 5, path, root)
    assert zcrypto.merkle_root("blake3", leaves) != root
    with pytest.raises(zcrypto.UnsupportedAlgorithm):
        zcrypto.merkle_root("sha512", leaves)
    with pytest.raises(zcrypto.UnknownAlgorithm):
        zcrypto.merkle_root("md5", leaves)
    with pytest.raises(zcrypto.LimitExceeded):
        zcrypto.merkle_inclusion_path("sha256", leaves, 5)
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.merkle_verify_inclusion("keccak256", leaves[0], 0, 5, [], root[:31])
    with pytest.raises(zcrypto.LimitExceeded):
        zcrypto.merkle_verify_inclusion("keccak256", leaves[0], 0, 5, bytes(32 * 65), root)
