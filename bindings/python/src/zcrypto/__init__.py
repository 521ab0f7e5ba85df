"""zcrypto for Python: the stable C ABI of zcrypto (``libzcrypto``) through ctypes.

Every function of ``ffi/include/zcrypto.h`` has a Python counterpart here; algorithms
are named by zcrypto's stable names (``"sha256"``, ``"ed25519"``, ``"ml-kem-768"``,
...). Errors raise :class:`ZcryptoError` subclasses, one per stable code
(:class:`InvalidSignature`, :class:`DecryptionFailed`, ...), the same codes as in C,
Rust and Go. NumPy batch functions that release the GIL live in :mod:`zcrypto.numpy`
(NumPy is only needed there).

Byte inputs may be ``bytes``, ``bytearray`` or ``memoryview`` (and any contiguous
buffer); outputs are ``bytes``. Every call into libzcrypto releases the GIL.
"""

from __future__ import annotations

import ctypes
from ctypes import byref, c_int32, c_size_t, c_void_p, create_string_buffer
from typing import Any, List, Optional, Sequence, Tuple

from . import _ffi
from ._ffi import BytesLike, alg_name, check, inout, inp, lib
from .errors import *  # noqa: F401,F403  (the exception classes)
from .errors import ERRORS, ZcryptoError, error_for_code
from . import quic
from .quic import QuicKeys, hardware_features, profile_report
from . import zk
from .zk import (
    bulletproofs_commit, bulletproofs_prove, bulletproofs_verify, groth16_verify,
    halo2_prove_membership, halo2_prove_range, halo2_verify,
    kzg_blob_to_commitment, kzg_compute_blob_proof, kzg_point_evaluation, kzg_verify_blob_proof,
)

__version__ = "0.1.0"

#: The length of every AEAD tag.
AEAD_TAG_LEN = 16
#: The largest digest of any hash (BLAKE2b-512, SHA-512).
HASH_MAX_LEN = 64
#: ML-KEM key generation seed length (d ‖ z).
KEM_SEED_LEN = 64
#: ML-KEM shared secret length.
KEM_SHARED_SECRET_LEN = 32
#: X25519MLKEM768 client key share length.
HYBRID_CLIENT_SHARE_LEN = 1216
#: X25519MLKEM768 server key share length.
HYBRID_SERVER_SHARE_LEN = 1120
#: X25519MLKEM768 combined secret length.
HYBRID_SECRET_LEN = 64
#: The length of every Merkle node and root.
MERKLE_NODE_LEN = 32
#: The most nodes of a Merkle inclusion path.
MERKLE_MAX_PATH_LEN = 64
#: secp256k1 recoverable signature length (r ‖ s ‖ v).
SECP256K1_RECOVERABLE_SIGNATURE_LEN = 65
#: BLS12-381 public key / signature lengths.
BLS_PUBLIC_KEY_LEN = 48
BLS_SIGNATURE_LEN = 96
#: The longest public key / signature of any signature scheme (ML-DSA-87).
SIG_MAX_PUBLIC_KEY_LEN = 2592
SIG_MAX_SIGNATURE_LEN = 4627
#: X25519 key length.
X25519_KEY_LEN = 32
#: Ed25519 batch rules of :class:`BatchVerifier`.
BATCH_ED25519_ZIP215 = 1
BATCH_ED25519_STRICT = 2

__all__ = [
    "ZcryptoError", "ERRORS", "error_for_code", "error_name", "error_message",
    "version", "has_feature", "random_bytes", "library_path",
    "hash_len", "hash", "Hasher", "hmac", "hmac_verify",
    "hkdf_extract", "hkdf_expand", "hkdf", "hkdf_expand_label",
    "aead_lengths", "AeadKey", "x25519_public_key", "x25519",
    "kem_lengths", "kem_keygen", "kem_encapsulate", "kem_decapsulate",
    "hybrid_client_share", "hybrid_server_encapsulate", "hybrid_client_finish",
    "sig_lengths", "sig_public_key", "sign", "bip340_sign", "verify", "is_valid", "check_public_key",
    "secp256k1_sign_recoverable", "secp256k1_recover",
    "bls_aggregate_signatures", "bls_aggregate_public_keys", "bls_fast_aggregate_verify",
    "BatchVerifier", "merkle_root", "merkle_inclusion_path", "merkle_verify_inclusion",
    "quic", "QuicKeys", "hardware_features", "profile_report",
    "zk", "groth16_verify", "bulletproofs_commit", "bulletproofs_prove", "bulletproofs_verify",
    "halo2_verify", "halo2_prove_range", "halo2_prove_membership",
    "kzg_blob_to_commitment", "kzg_compute_blob_proof", "kzg_verify_blob_proof", "kzg_point_evaluation",
] + [cls.__name__ for cls in ERRORS.values()]


def _out(call: Any, *args: Any, size: int) -> bytes:
    """Calls ``call(*args, out, out_len, &written)`` with a ``size``-byte buffer."""
    buf = create_string_buffer(size)
    written = c_size_t(0)
    check(call(*args, buf, size, byref(written)))
    return buf.raw[: written.value]


# ------------------------------------------------------------------------ general


def version() -> str:
    """The library version, e.g. ``"0.1.0"``."""
    return str(lib.zc_version().decode())


def library_path() -> str:
    """The path of the libzcrypto that was loaded (see the README's lookup rules)."""
    return str(_ffi.lib_path)


def error_name(code: int) -> str:
    """The stable short name of a status code (``"ok"``, ``"invalid_signature"``, ...;
    ``"unknown"`` for a number that is not a code)."""
    return _ffi.error_name(code)


def error_message(code: int) -> str:
    """The English description of a status code."""
    return _ffi.error_message(code)


def has_feature(name: str) -> bool:
    """Whether this build has a feature (``"native"``, ``"portable"``, ``"bls"``,
    ``"std"``) or can run an algorithm (``"ml-kem-768"``, ...)."""
    return bool(lib.zc_has_feature(alg_name(name)))


def random_bytes(n: int) -> bytes:
    """``n`` bytes from the operating system's random source."""
    if n < 0:
        raise ValueError("n must be >= 0")
    buf = create_string_buffer(n)
    check(lib.zc_random(buf if n else None, n))
    return buf.raw


# ------------------------------------------------------------------------- hashes


def hash_len(alg: str) -> int:
    """The digest length of a hash (``"sha256"`` → 32, ``"blake2b-512"`` → 64, ...)."""
    n = c_size_t(0)
    check(lib.zc_hash_len(alg_name(alg), byref(n)))
    return n.value


def hash(alg: str, data: BytesLike) -> bytes:  # noqa: A001 (the C name)
    """One-shot hash of ``data``: ``hash("sha256", b"abc")``."""
    p, n = inp(data)
    return _out(lib.zc_hash, alg_name(alg), p, n, size=HASH_MAX_LEN)


class Hasher:
    """An incremental hash (a ``ZcHash`` handle). Not for two threads at once.

    >>> with Hasher("sha256") as h:
    ...     h.update(b"a").update(b"bc")
    ...     digest = h.finish()

    :meth:`finish` returns the digest and resets the state (the object can be reused).
    :meth:`close` (or leaving the ``with`` block) frees the handle; using it afterwards
    raises ``ValueError``.
    """

    def __init__(self, alg: str) -> None:
        self._h: Optional[c_void_p] = None
        h = c_void_p()
        check(lib.zc_hash_new(alg_name(alg), byref(h)))
        self._h = h
        self.alg = alg
        self.digest_size = hash_len(alg)

    def _handle(self) -> c_void_p:
        if self._h is None:
            raise ValueError("the Hasher is closed")
        return self._h

    def update(self, data: BytesLike) -> "Hasher":
        """Absorbs ``data``; returns ``self`` for chaining."""
        p, n = inp(data)
        check(lib.zc_hash_update(self._handle(), p, n))
        return self

    def finish(self) -> bytes:
        """The digest of everything absorbed; resets the state to empty."""
        return _out(lib.zc_hash_finish, self._handle(), size=self.digest_size)

    def close(self) -> None:
        """Frees the handle (idempotent)."""
        if self._h is not None:
            lib.zc_hash_free(self._h)
            self._h = None

    def __enter__(self) -> "Hasher":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


# ------------------------------------------------------------------ MAC and KDF


def hmac(alg: str, key: BytesLike, data: BytesLike) -> bytes:
    """HMAC (``"hmac-sha256"``, ``"hmac-sha384"``, ``"hmac-sha512"``) of ``data``."""
    kp, kn = inp(key)
    dp, dn = inp(data)
    return _out(lib.zc_hmac, alg_name(alg), kp, kn, dp, dn, size=HASH_MAX_LEN)


def hmac_verify(alg: str, key: BytesLike, data: BytesLike, tag: BytesLike) -> None:
    """Checks an HMAC tag in constant time; raises :class:`InvalidSignature` (wrong tag)
    or :class:`InvalidLength` (wrong tag length)."""
    kp, kn = inp(key)
    dp, dn = inp(data)
    tp, tn = inp(tag)
    check(lib.zc_hmac_verify(alg_name(alg), kp, kn, dp, dn, tp, tn))


def hkdf_extract(alg: str, salt: BytesLike, ikm: BytesLike) -> bytes:
    """HKDF-Extract (``"hkdf-sha256"``, ...): the pseudorandom key (one hash length). An
    empty salt means HashLen zero bytes."""
    sp, sn = inp(salt)
    ip, i_n = inp(ikm)
    return _out(lib.zc_hkdf_extract, alg_name(alg), sp, sn, ip, i_n, size=HASH_MAX_LEN)


def _exact(call: Any, *args: Any, length: int) -> bytes:
    if length < 0:
        raise ValueError("length must be >= 0")
    buf = create_string_buffer(length)
    check(call(*args, buf if length else None, length))
    return buf.raw


def hkdf_expand(alg: str, prk: BytesLike, info: BytesLike, length: int) -> bytes:
    """HKDF-Expand into exactly ``length`` bytes (at most 255 × hash length, else
    :class:`OutputTooLong`)."""
    pp, pn = inp(prk)
    ip, i_n = inp(info)
    return _exact(lib.zc_hkdf_expand, alg_name(alg), pp, pn, ip, i_n, length=length)


def hkdf(alg: str, salt: BytesLike, ikm: BytesLike, info: BytesLike, length: int) -> bytes:
    """One-shot HKDF (Extract then Expand) into exactly ``length`` bytes."""
    sp, sn = inp(salt)
    ip, i_n = inp(ikm)
    fp, fn = inp(info)
    return _exact(lib.zc_hkdf, alg_name(alg), sp, sn, ip, i_n, fp, fn, length=length)


def hkdf_expand_label(
    alg: str, secret: BytesLike, label: BytesLike, context: BytesLike, length: int
) -> bytes:
    """TLS 1.3 HKDF-Expand-Label; ``label`` without the ``"tls13 "`` prefix."""
    sp, sn = inp(secret)
    lp, ln = inp(label)
    cp, cn = inp(context)
    return _exact(lib.zc_hkdf_expand_label, alg_name(alg), sp, sn, lp, ln, cp, cn, length=length)


# ------------------------------------------------------------------------- AEAD


def aead_lengths(alg: str) -> Tuple[int, int]:
    """``(key_len, nonce_len)`` of an AEAD; the tag is :data:`AEAD_TAG_LEN` bytes."""
    k, n = c_size_t(0), c_size_t(0)
    check(lib.zc_aead_lengths(alg_name(alg), byref(k), byref(n)))
    return k.value, n.value


class AeadKey:
    """An AEAD key (``"aes-128-gcm"``, ``"aes-256-gcm"``, ``"chacha20-poly1305"``,
    ``"xchacha20-poly1305"``), expanded once; thread-safe for concurrent seal/open on
    distinct buffers. Zeroized by :meth:`close` (or the ``with`` block's end).
    """

    def __init__(self, alg: str, key: BytesLike) -> None:
        self._k: Optional[c_void_p] = None
        kp, kn = inp(key)
        h = c_void_p()
        check(lib.zc_aead_key_new(alg_name(alg), kp, kn, byref(h)))
        self._k = h
        self.alg = alg

    def _handle(self) -> c_void_p:
        if self._k is None:
            raise ValueError("the AeadKey is closed")
        return self._k

    def seal(self, nonce: BytesLike, plaintext: BytesLike, aad: BytesLike = b"") -> bytes:
        """Encrypts: returns ciphertext ‖ 16-byte tag."""
        np_, nn = inp(nonce)
        ap, an = inp(aad)
        pt = bytes(plaintext)
        size = len(pt) + AEAD_TAG_LEN
        buf = create_string_buffer(pt, size) if pt else create_string_buffer(size)
        written = c_size_t(0)
        check(lib.zc_aead_seal(self._handle(), np_, nn, ap, an, buf, size, len(pt), byref(written)))
        return buf.raw[: written.value]

    def open(self, nonce: BytesLike, ciphertext: BytesLike, aad: BytesLike = b"") -> bytes:
        """Decrypts ciphertext ‖ tag; raises :class:`DecryptionFailed` if the tag does not
        match (no plaintext is released)."""
        np_, nn = inp(nonce)
        ap, an = inp(aad)
        ct = bytes(ciphertext)
        buf = create_string_buffer(ct, len(ct)) if ct else None
        written = c_size_t(0)
        check(lib.zc_aead_open(self._handle(), np_, nn, ap, an, buf, len(ct), byref(written)))
        return buf.raw[: written.value] if buf is not None else b""

    def seal_in_place(self, nonce: BytesLike, buffer: Any, aad: BytesLike = b"") -> bytes:
        """Encrypts ``buffer`` (a ``bytearray`` or writable ``memoryview``) in place and
        returns the detached 16-byte tag. On error the buffer is unchanged."""
        np_, nn = inp(nonce)
        ap, an = inp(aad)
        bp, bn = inout(buffer)
        tag = create_string_buffer(AEAD_TAG_LEN)
        written = c_size_t(0)
        check(lib.zc_aead_seal_detached(
            self._handle(), np_, nn, ap, an, bp, bn, tag, AEAD_TAG_LEN, byref(written)))
        return tag.raw[: written.value]

    def open_in_place(self, nonce: BytesLike, buffer: Any, tag: BytesLike, aad: BytesLike = b"") -> None:
        """Checks ``tag`` and decrypts ``buffer`` in place; on :class:`DecryptionFailed`
        the buffer is zeroed."""
        np_, nn = inp(nonce)
        ap, an = inp(aad)
        tp, tn = inp(tag)
        bp, bn = inout(buffer)
        check(lib.zc_aead_open_detached(self._handle(), np_, nn, ap, an, bp, bn, tp, tn))

    def close(self) -> None:
        """Frees (and zeroizes) the key; idempotent."""
        if self._k is not None:
            lib.zc_aead_key_free(self._k)
            self._k = None

    def __enter__(self) -> "AeadKey":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


# ------------------------------------------------------------------ key exchange


def x25519_public_key(secret: BytesLike) -> bytes:
    """X25519(secret, 9) of a 32-byte secret."""
    sp, sn = inp(secret)
    return _out(lib.zc_x25519_public_key, sp, sn, size=X25519_KEY_LEN)


def x25519(secret: BytesLike, peer: BytesLike) -> bytes:
    """The shared secret X25519(secret, peer); :class:`WeakKey` if it is all zeros."""
    sp, sn = inp(secret)
    pp, pn = inp(peer)
    return _out(lib.zc_x25519, sp, sn, pp, pn, size=X25519_KEY_LEN)


def kem_lengths(alg: str) -> Tuple[int, int, int]:
    """``(ek_len, dk_len, ciphertext_len)`` of ``"ml-kem-512"``, ``"-768"`` or ``"-1024"``."""
    e, d, c = c_size_t(0), c_size_t(0), c_size_t(0)
    check(lib.zc_kem_lengths(alg_name(alg), byref(e), byref(d), byref(c)))
    return e.value, d.value, c.value


def kem_keygen(alg: str, seed: BytesLike) -> Tuple[bytes, bytes]:
    """ML-KEM.KeyGen_internal from the 64-byte seed d ‖ z: ``(ek, dk)`` (dk expanded)."""
    ek_len, dk_len, _ = kem_lengths(alg)
    sp, sn = inp(seed)
    ek, dk = create_string_buffer(ek_len), create_string_buffer(dk_len)
    we, wd = c_size_t(0), c_size_t(0)
    check(lib.zc_kem_keygen(alg_name(alg), sp, sn, ek, ek_len, byref(we), dk, dk_len, byref(wd)))
    return ek.raw[: we.value], dk.raw[: wd.value]


def kem_encapsulate(alg: str, ek: BytesLike, m: Optional[BytesLike] = None) -> Tuple[bytes, bytes]:
    """Encapsulates to ``ek``: ``(ciphertext, shared_secret)``. ``m`` (32 bytes) is the
    explicit randomness of Encaps_internal, for known-answer tests only; by default the
    operating system's randomness is used."""
    _, _, ct_len = kem_lengths(alg)
    ep, en = inp(ek)
    mp, mn = inp(m)
    ct, ss = create_string_buffer(ct_len), create_string_buffer(KEM_SHARED_SECRET_LEN)
    wc, ws = c_size_t(0), c_size_t(0)
    check(lib.zc_kem_encapsulate(
        alg_name(alg), ep, en, mp, mn, ct, ct_len, byref(wc), ss, KEM_SHARED_SECRET_LEN, byref(ws)))
    return ct.raw[: wc.value], ss.raw[: ws.value]


def kem_decapsulate(alg: str, dk: BytesLike, ciphertext: BytesLike) -> bytes:
    """ML-KEM.Decaps: the 32-byte shared secret (a tampered ciphertext gives an unrelated
    secret, by implicit rejection)."""
    dp, dn = inp(dk)
    cp, cn = inp(ciphertext)
    return _out(lib.zc_kem_decapsulate, alg_name(alg), dp, dn, cp, cn, size=KEM_SHARED_SECRET_LEN)


def hybrid_client_share(mlkem_seed: BytesLike, x25519_secret: BytesLike) -> bytes:
    """X25519MLKEM768 client key share (1216 bytes) from the 64-byte ML-KEM seed and the
    32-byte X25519 secret (keep both for :func:`hybrid_client_finish`)."""
    sp, sn = inp(mlkem_seed)
    xp, xn = inp(x25519_secret)
    return _out(lib.zc_hybrid_client_share, sp, sn, xp, xn, size=HYBRID_CLIENT_SHARE_LEN)


def hybrid_server_encapsulate(
    client_share: BytesLike,
    m: Optional[BytesLike] = None,
    x25519_ephemeral: Optional[BytesLike] = None,
) -> Tuple[bytes, bytes]:
    """X25519MLKEM768 server side: ``(server_share, secret)`` (1120 and 64 bytes).
    ``m`` and ``x25519_ephemeral`` (32 bytes each, both or neither) are for known-answer
    tests only; by default the OS randomness is used."""
    cp, cn = inp(client_share)
    mp, mn = inp(m)
    ep, en = inp(x25519_ephemeral)
    share, secret = create_string_buffer(HYBRID_SERVER_SHARE_LEN), create_string_buffer(HYBRID_SECRET_LEN)
    w1, w2 = c_size_t(0), c_size_t(0)
    check(lib.zc_hybrid_server_encapsulate(
        cp, cn, mp, mn, ep, en, share, HYBRID_SERVER_SHARE_LEN, byref(w1),
        secret, HYBRID_SECRET_LEN, byref(w2)))
    return share.raw[: w1.value], secret.raw[: w2.value]


def hybrid_client_finish(mlkem_seed: BytesLike, x25519_secret: BytesLike, server_share: BytesLike) -> bytes:
    """X25519MLKEM768 client side: the 64-byte combined secret."""
    sp, sn = inp(mlkem_seed)
    xp, xn = inp(x25519_secret)
    hp, hn = inp(server_share)
    return _out(lib.zc_hybrid_client_finish, sp, sn, xp, xn, hp, hn, size=HYBRID_SECRET_LEN)


# -------------------------------------------------------------------- signatures


def sig_lengths(alg: str) -> Tuple[int, int, int]:
    """``(seed_len, public_key_len, signature_len)`` of a signature scheme."""
    s, p, g = c_size_t(0), c_size_t(0), c_size_t(0)
    check(lib.zc_sig_lengths(alg_name(alg), byref(s), byref(p), byref(g)))
    return s.value, p.value, g.value


def sig_public_key(alg: str, seed: BytesLike) -> bytes:
    """The public key (standard encoding) of the secret key ``seed``."""
    sp, sn = inp(seed)
    return _out(lib.zc_sig_public_key, alg_name(alg), sp, sn, size=SIG_MAX_PUBLIC_KEY_LEN)


def sign(alg: str, seed: BytesLike, message: BytesLike, context: BytesLike = b"") -> bytes:
    """Signs ``message`` with the secret key ``seed`` (under ``context`` for ML-DSA and
    ``"ed25519-ml-dsa-65"``; other schemes take none). Deterministic (ML-DSA and the
    composite with FIPS 204's rnd = 0^32) except BIP-340, which draws a fresh
    ``aux_rand``: :func:`bip340_sign` takes it from the caller."""
    sp, sn = inp(seed)
    mp, mn = inp(message)
    cp, cn = inp(context)
    return _out(lib.zc_sig_sign, alg_name(alg), sp, sn, mp, mn, cp, cn, size=SIG_MAX_SIGNATURE_LEN)


def bip340_sign(seed: BytesLike, message: BytesLike, aux_rand: BytesLike) -> bytes:
    """BIP-340 signature (64 bytes) of ``message`` (any length) by the 32-byte secret
    scalar ``seed`` with the caller's 32-byte ``aux_rand``: deterministic, for
    known-answer tests (``sign("bip340", ...)`` uses fresh randomness, as BIP-340
    recommends)."""
    sp, sn = inp(seed)
    mp, mn = inp(message)
    ap, an = inp(aux_rand)
    return _out(lib.zc_bip340_sign, sp, sn, mp, mn, ap, an, size=64)


def verify(
    alg: str, public_key: BytesLike, message: BytesLike, signature: BytesLike, context: BytesLike = b""
) -> None:
    """Verifies a signature; raises :class:`InvalidSignature`, :class:`InvalidKey` or
    :class:`InvalidLength`. (Ed25519: the strict rule.)"""
    pp, pn = inp(public_key)
    mp, mn = inp(message)
    cp, cn = inp(context)
    gp, gn = inp(signature)
    check(lib.zc_sig_verify(alg_name(alg), pp, pn, mp, mn, cp, cn, gp, gn))


def is_valid(
    alg: str, public_key: BytesLike, message: BytesLike, signature: BytesLike, context: BytesLike = b""
) -> bool:
    """:func:`verify` as a bool (``False`` for a bad signature, key or length; an unknown
    algorithm still raises)."""
    try:
        verify(alg, public_key, message, signature, context)
    except (ERRORS[1], ERRORS[2], ERRORS[3]):
        return False
    return True


def check_public_key(alg: str, public_key: BytesLike) -> None:
    """Raises unless ``public_key`` is a well-formed key of the scheme."""
    pp, pn = inp(public_key)
    check(lib.zc_sig_check_public_key(alg_name(alg), pp, pn))


def secp256k1_sign_recoverable(seed: BytesLike, prehash: BytesLike) -> bytes:
    """secp256k1 ECDSA over a 32-byte hash: the 65-byte ``r ‖ s ‖ v`` (low S, RFC 6979,
    v = 0 or 1)."""
    sp, sn = inp(seed)
    hp, hn = inp(prehash)
    return _out(lib.zc_secp256k1_sign_recoverable, sp, sn, hp, hn,
                size=SECP256K1_RECOVERABLE_SIGNATURE_LEN)


def secp256k1_recover(prehash: BytesLike, signature: BytesLike, uncompressed: bool = False) -> bytes:
    """The public key that made the 65-byte ``r ‖ s ‖ v`` signature (v = 0 or 1) over
    the 32-byte ``prehash``: 33 bytes compressed, or 65 uncompressed."""
    hp, hn = inp(prehash)
    sp, sn = inp(signature)
    return _out(lib.zc_secp256k1_recover, hp, hn, sp, sn, 1 if uncompressed else 0, size=65)


def _concat(items: "Sequence[BytesLike] | BytesLike") -> bytes:
    if isinstance(items, (bytes, bytearray, memoryview)):
        return bytes(items)
    return b"".join(bytes(i) for i in items)


def bls_aggregate_signatures(signatures: "Sequence[BytesLike] | BytesLike") -> bytes:
    """The aggregate of BLS12-381 signatures (a sequence of 96-byte signatures, or their
    concatenation)."""
    sp, sn = inp(_concat(signatures))
    return _out(lib.zc_bls_aggregate_signatures, sp, sn, size=BLS_SIGNATURE_LEN)


def bls_aggregate_public_keys(public_keys: "Sequence[BytesLike] | BytesLike") -> bytes:
    """The sum of BLS12-381 public keys (48 bytes each). Only safe for keys whose proofs
    of possession were checked."""
    pp, pn = inp(_concat(public_keys))
    return _out(lib.zc_bls_aggregate_public_keys, pp, pn, size=BLS_PUBLIC_KEY_LEN)


def bls_fast_aggregate_verify(
    public_keys: "Sequence[BytesLike] | BytesLike", message: BytesLike, signature: BytesLike
) -> None:
    """FastAggregateVerify: raises unless ``signature`` aggregates signatures by every key
    over the same ``message``."""
    pp, pn = inp(_concat(public_keys))
    mp, mn = inp(message)
    sp, sn = inp(signature)
    check(lib.zc_bls_fast_aggregate_verify(pp, pn, mp, mn, sp, sn))


class BatchVerifier:
    """Signatures of any schemes verified together (a ``ZcBatch`` handle; inputs are
    copied by :meth:`add`). ``ed25519_rule`` is ``"zip215"`` (default: true batch
    verification) or ``"strict"`` (the rule of :func:`verify`). Not for two threads at
    once.
    """

    def __init__(self, ed25519_rule: str = "zip215") -> None:
        self._b: Optional[c_void_p] = None
        rule = {"zip215": BATCH_ED25519_ZIP215, "strict": BATCH_ED25519_STRICT}.get(ed25519_rule)
        if rule is None:
            raise ValueError(f"ed25519_rule must be 'zip215' or 'strict', got {ed25519_rule!r}")
        h = c_void_p()
        check(lib.zc_batch_new(rule, byref(h)))
        self._b = h

    def _handle(self) -> c_void_p:
        if self._b is None:
            raise ValueError("the BatchVerifier is closed")
        return self._b

    def add(
        self, alg: str, public_key: BytesLike, message: BytesLike, signature: BytesLike,
        context: BytesLike = b"",
    ) -> "BatchVerifier":
        """Adds one signature (malformed ones are reported by the verification); raises
        :class:`LimitExceeded` past 100,000 items or 256 MiB of messages."""
        pp, pn = inp(public_key)
        mp, mn = inp(message)
        cp, cn = inp(context)
        sp, sn = inp(signature)
        check(lib.zc_batch_add(self._handle(), alg_name(alg), pp, pn, mp, mn, cp, cn, sp, sn))
        return self

    def __len__(self) -> int:
        n = c_size_t(0)
        check(lib.zc_batch_len(self._handle(), byref(n)))
        return n.value

    def verify_all(self) -> None:
        """Returns if every item verifies (an empty batch does); else raises one bad
        item's error."""
        check(lib.zc_batch_verify_all(self._handle()))

    def verify_each(self) -> List[int]:
        """One status code per item, in order (0 = valid)."""
        n = len(self)
        codes = (c_int32 * max(n, 1))()
        written = c_size_t(0)
        check(lib.zc_batch_verify_each(self._handle(), codes, n, byref(written)))
        return list(codes[: written.value])

    def close(self) -> None:
        """Frees the batch; idempotent."""
        if self._b is not None:
            lib.zc_batch_free(self._b)
            self._b = None

    def __enter__(self) -> "BatchVerifier":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


# ------------------------------------------------------------------------ Merkle


def _leaf_arrays(leaves: Sequence[BytesLike]) -> Tuple[Any, Any, int, List[bytes]]:
    keep = [bytes(l) for l in leaves]
    n = len(keep)
    ptrs = (c_void_p * max(n, 1))()
    lens = (c_size_t * max(n, 1))()
    for i, l in enumerate(keep):
        ptrs[i] = ctypes.cast(ctypes.c_char_p(l), c_void_p).value if l else None
        lens[i] = len(l)
    return ptrs, lens, n, keep


def merkle_root(alg: str, leaves: Sequence[BytesLike]) -> bytes:
    """The RFC 9162 root (``"sha256"``, ``"keccak256"``, ``"blake3"``) of ``leaves``
    (their bytes; the empty tree's root is the hash of the empty string). For many
    fixed-size leaves in a NumPy array use :func:`zcrypto.numpy.merkle_root`."""
    ptrs, lens, n, keep = _leaf_arrays(leaves)
    root = _out(lib.zc_merkle_root, alg_name(alg), ptrs, lens, n, size=MERKLE_NODE_LEN)
    del keep
    return root


def merkle_inclusion_path(alg: str, leaves: Sequence[BytesLike], index: int) -> List[bytes]:
    """The RFC 9162 inclusion path of leaf ``index``: sibling nodes from the leaf up."""
    if index < 0:
        raise ValueError("index must be >= 0")
    ptrs, lens, n, keep = _leaf_arrays(leaves)
    path = _out(lib.zc_merkle_inclusion_path, alg_name(alg), ptrs, lens, n, index,
                size=MERKLE_NODE_LEN * MERKLE_MAX_PATH_LEN)
    del keep
    return [path[i : i + MERKLE_NODE_LEN] for i in range(0, len(path), MERKLE_NODE_LEN)]


def merkle_verify_inclusion(
    alg: str, leaf: BytesLike, index: int, tree_size: int,
    path: "Sequence[BytesLike] | BytesLike", root: BytesLike,
) -> None:
    """Raises :class:`InvalidProof` unless ``leaf`` (its bytes) is leaf ``index`` of the
    tree of ``tree_size`` leaves with ``root``, given the inclusion ``path``."""
    if index < 0 or tree_size < 0:
        raise ValueError("index and tree_size must be >= 0")
    lp, ln = inp(leaf)
    pp, pn = inp(_concat(path))
    rp, rn = inp(root)
    check(lib.zc_merkle_verify_inclusion(alg_name(alg), lp, ln, index, tree_size, pp, pn, rp, rn))
