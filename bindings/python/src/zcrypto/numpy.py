"""NumPy batch functions over contiguous ``uint8`` arrays.

Each function hands libzcrypto a pointer into the array's own memory (no copy for
C-contiguous arrays; a non-contiguous array is made contiguous once with
``np.ascontiguousarray``) and runs one foreign call, which **releases the GIL**: other
Python threads keep running while the work is spread across cores (rayon) inside
libzcrypto.

* :func:`hash_rows` — hash every row of an ``(n, m)`` array → ``(n, digest_len)``;
* :func:`verify_rows` — verify ``n`` signatures given as ``(n, pk)``, ``(n, m)``,
  ``(n, sig)`` arrays → ``(n,)`` bool (or int32 status codes);
* :func:`merkle_root` — RFC 9162 root of the rows of an ``(n, leaf_len)`` array.

Arrays must have dtype ``uint8`` (``TypeError`` otherwise: no silent casts) and be
two-dimensional (``ValueError``).
"""

from __future__ import annotations

import ctypes
from ctypes import byref, c_size_t
from typing import Any

import numpy as np

from ._ffi import alg_name, check, lib

__all__ = ["hash_rows", "verify_rows", "merkle_root", "MAX_SIGNATURES_PER_CALL"]

#: Items per ``zc_sig_verify_rows`` call (``ZC_ROWS_MAX_SIGNATURES``); larger arrays are
#: verified in chunks of this size.
MAX_SIGNATURES_PER_CALL = 100_000
#: Message bytes per call (``ZC_ROWS_MAX_MESSAGE_BYTES``).
MAX_MESSAGE_BYTES_PER_CALL = 256 << 20


def _rows(name: str, arr: Any, width: "int | None" = None) -> np.ndarray:
    """Checks dtype and shape, and makes the array C-contiguous (no copy if it is)."""
    if not isinstance(arr, np.ndarray):
        arr = np.asarray(arr)
    if arr.dtype != np.uint8:
        raise TypeError(f"{name} must have dtype uint8, got {arr.dtype}")
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D (n, m) array, got shape {arr.shape}")
    if width is not None and arr.shape[1] != width:
        raise ValueError(f"{name} rows must be {width} bytes long, got shape {arr.shape}")
    return np.ascontiguousarray(arr)


def _ptr(arr: np.ndarray) -> "int | None":
    return arr.ctypes.data if arr.size else None


def hash_rows(alg: str, arr: Any) -> np.ndarray:
    """The digest of every row: ``(n, m)`` uint8 → ``(n, digest_len)`` uint8.

    >>> hash_rows("sha256", np.zeros((2, 3), np.uint8)).shape
    (2, 32)
    """
    a = _rows("arr", arr)
    n, m = a.shape
    d = c_size_t(0)
    name = alg_name(alg)
    check(lib.zc_hash_len(name, byref(d)))
    out = np.empty((n, d.value), dtype=np.uint8)
    written = c_size_t(0)
    check(lib.zc_hash_rows(name, _ptr(a), n, m, _ptr(out), out.nbytes, byref(written)))
    return out


def verify_rows(
    alg: str, public_keys: Any, messages: Any, signatures: Any, *, codes: bool = False
) -> np.ndarray:
    """Verifies ``n`` signatures of one scheme: row ``i`` of ``public_keys`` ``(n, pk)``,
    ``messages`` ``(n, m)`` and ``signatures`` ``(n, sig)`` (empty contexts).

    Returns a ``(n,)`` bool array (``True`` = valid), or with ``codes=True`` the
    ``(n,)`` int32 status codes (0 = valid, else the item's error code, e.g. 3 =
    ``invalid_signature``). A wrong key or signature width for the scheme raises
    :class:`zcrypto.InvalidLength`; an unknown scheme :class:`zcrypto.UnknownAlgorithm`.

    Ed25519 rows are checked by zcrypto's batch verifier under the ZIP-215 rule (one
    randomised multiscalar multiplication; it accepts every signature
    :func:`zcrypto.verify` accepts, and also adversarial small-order / non-canonical
    encodings the strict rule refuses). Arrays larger than
    :data:`MAX_SIGNATURES_PER_CALL` rows (or 256 MiB of messages) are verified in chunks.
    """
    pk = _rows("public_keys", public_keys)
    msg = _rows("messages", messages)
    sig = _rows("signatures", signatures)
    n = pk.shape[0]
    if msg.shape[0] != n or sig.shape[0] != n:
        raise ValueError(
            f"public_keys, messages and signatures must have the same number of rows, "
            f"got {pk.shape[0]}, {msg.shape[0]}, {sig.shape[0]}"
        )
    pk_len, msg_len, sig_len = pk.shape[1], msg.shape[1], sig.shape[1]
    results = np.empty(n, dtype=np.int32)
    name = alg_name(alg)
    step = MAX_SIGNATURES_PER_CALL
    if msg_len:
        step = max(1, min(step, MAX_MESSAGE_BYTES_PER_CALL // msg_len))
    start = 0
    while True:
        end = min(n, start + step)
        k = end - start
        rc = lib.zc_sig_verify_rows(
            name,
            pk.ctypes.data + start * pk_len if k and pk_len else None, pk_len,
            msg.ctypes.data + start * msg_len if k and msg_len else None, msg_len,
            sig.ctypes.data + start * sig_len if k and sig_len else None, sig_len,
            k,
            results.ctypes.data + start * 4 if k else None,
        )
        if rc not in (0, 3):  # 3: some items invalid; results written
            check(rc)
        start = end
        if start >= n:
            break
    return results if codes else results == 0


def merkle_root(alg: str, leaves: Any) -> bytes:
    """The RFC 9162 root (``"sha256"``, ``"keccak256"``, ``"blake3"``) of the rows of an
    ``(n, leaf_len)`` uint8 array (each row is one leaf's bytes, e.g. 32-byte hashes);
    the same root as :func:`zcrypto.merkle_root` over ``[bytes(row) for row in leaves]``.
    """
    a = _rows("leaves", leaves)
    n, m = a.shape
    out = ctypes.create_string_buffer(32)
    written = c_size_t(0)
    check(lib.zc_merkle_root_rows(alg_name(alg), _ptr(a), n, m, out, 32, byref(written)))
    return out.raw[: written.value]
