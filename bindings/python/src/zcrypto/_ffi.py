"""Loading libzcrypto and declaring its C functions (ctypes).

Lookup order for the shared library (the first that exists wins):

1. the environment variable ``ZCRYPTO_LIB``: the path of the library file itself;
2. next to this package (``zcrypto/libzcrypto.so``, shipped as package data when a
   build copies it there);
3. ``$CARGO_TARGET_DIR/release`` then ``$CARGO_TARGET_DIR/debug`` (with
   ``CARGO_TARGET_DIR`` defaulting to ``~/.cache/zvm-target``, the project's default).

The library is opened with :class:`ctypes.CDLL`, whose foreign calls **release the
GIL** for their whole duration (unlike ``ctypes.PyDLL``), so other Python threads run
while libzcrypto works; see ``tests/test_numpy.py::test_calls_release_the_gil``.
"""

from __future__ import annotations

import ctypes
import os
import sys
from ctypes import (
    POINTER, c_char_p, c_int, c_int32, c_size_t, c_uint8, c_uint16, c_uint32, c_uint64, c_void_p,
)
from pathlib import Path
from typing import Any, List, Optional, Tuple, Union

#: What the byte-taking functions accept.
BytesLike = Union[bytes, bytearray, memoryview]

if sys.platform == "darwin":
    _LIB_NAMES = ["libzcrypto.dylib"]
elif sys.platform == "win32":
    _LIB_NAMES = ["zcrypto.dll"]
else:
    _LIB_NAMES = ["libzcrypto.so"]


def candidates() -> List[Path]:
    """The paths tried, in order (see the module docstring)."""
    out: List[Path] = []
    env = os.environ.get("ZCRYPTO_LIB")
    if env:
        out.append(Path(env))
    here = Path(__file__).resolve().parent
    out += [here / n for n in _LIB_NAMES]
    target = os.environ.get("CARGO_TARGET_DIR") or str(Path.home() / ".cache" / "zvm-target")
    for profile in ("release", "debug"):
        out += [Path(target) / profile / n for n in _LIB_NAMES]
    return out


def _load() -> Tuple[ctypes.CDLL, Path]:
    env = os.environ.get("ZCRYPTO_LIB")
    if env and not Path(env).is_file():
        raise ImportError(f"ZCRYPTO_LIB={env!r} is not a file")
    for path in candidates():
        if path.is_file():
            return ctypes.CDLL(str(path)), path
    tried = "\n  ".join(str(p) for p in candidates())
    raise ImportError(
        "libzcrypto not found; build it with `cargo build -p zcrypto-ffi` and/or set "
        f"ZCRYPTO_LIB to its path. Tried:\n  {tried}"
    )


lib, lib_path = _load()

_u8p = c_void_p  # const uint8_t * / uint8_t *: bytes, ctypes arrays or integer addresses
_szp = POINTER(c_size_t)

# (name, restype, argtypes) for every function of zcrypto.h.
_PROTOTYPES: List[Tuple[str, Any, List[Any]]] = [
    ("zc_version", c_char_p, []),
    ("zc_error_name", c_char_p, [c_int32]),
    ("zc_error_message", c_char_p, [c_int32]),
    ("zc_has_feature", c_int, [c_char_p]),
    ("zc_random", c_int32, [_u8p, c_size_t]),
    # AEAD
    ("zc_aead_lengths", c_int32, [c_char_p, _szp, _szp]),
    ("zc_aead_key_new", c_int32, [c_char_p, _u8p, c_size_t, POINTER(c_void_p)]),
    ("zc_aead_key_free", None, [c_void_p]),
    ("zc_aead_seal_detached", c_int32,
     [c_void_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_aead_open_detached", c_int32,
     [c_void_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t]),
    ("zc_aead_seal", c_int32,
     [c_void_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, c_size_t, _szp]),
    ("zc_aead_open", c_int32, [c_void_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    # Arrays
    ("zc_hash_rows", c_int32, [c_char_p, _u8p, c_size_t, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_sig_verify_rows", c_int32,
     [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, c_size_t, c_void_p]),
    ("zc_merkle_root_rows", c_int32, [c_char_p, _u8p, c_size_t, c_size_t, _u8p, c_size_t, _szp]),
    # Batch
    ("zc_batch_new", c_int32, [c_int32, POINTER(c_void_p)]),
    ("zc_batch_add", c_int32,
     [c_void_p, c_char_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t]),
    ("zc_batch_len", c_int32, [c_void_p, _szp]),
    ("zc_batch_verify_all", c_int32, [c_void_p]),
    ("zc_batch_verify_each", c_int32, [c_void_p, POINTER(c_int32), c_size_t, _szp]),
    ("zc_batch_free", None, [c_void_p]),
    # Hash
    ("zc_hash_len", c_int32, [c_char_p, _szp]),
    ("zc_hash", c_int32, [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_hash_new", c_int32, [c_char_p, POINTER(c_void_p)]),
    ("zc_hash_update", c_int32, [c_void_p, _u8p, c_size_t]),
    ("zc_hash_finish", c_int32, [c_void_p, _u8p, c_size_t, _szp]),
    ("zc_hash_free", None, [c_void_p]),
    # KDF
    ("zc_hkdf_extract", c_int32, [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_hkdf_expand", c_int32, [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t]),
    ("zc_hkdf", c_int32,
     [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t]),
    ("zc_hkdf_expand_label", c_int32,
     [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t]),
    # KEM
    ("zc_kem_lengths", c_int32, [c_char_p, _szp, _szp, _szp]),
    ("zc_kem_keygen", c_int32,
     [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _szp, _u8p, c_size_t, _szp]),
    ("zc_kem_encapsulate", c_int32,
     [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp, _u8p, c_size_t, _szp]),
    ("zc_kem_decapsulate", c_int32,
     [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_hybrid_client_share", c_int32, [_u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_hybrid_server_encapsulate", c_int32,
     [_u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp, _u8p, c_size_t, _szp]),
    ("zc_hybrid_client_finish", c_int32,
     [_u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    # MAC
    ("zc_hmac", c_int32, [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_hmac_verify", c_int32, [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t]),
    # Merkle
    ("zc_merkle_root", c_int32,
     [c_char_p, POINTER(c_void_p), POINTER(c_size_t), c_size_t, _u8p, c_size_t, _szp]),
    ("zc_merkle_inclusion_path", c_int32,
     [c_char_p, POINTER(c_void_p), POINTER(c_size_t), c_size_t, c_uint64, _u8p, c_size_t, _szp]),
    ("zc_merkle_verify_inclusion", c_int32,
     [c_char_p, _u8p, c_size_t, c_uint64, c_uint64, _u8p, c_size_t, _u8p, c_size_t]),
    # Signatures
    ("zc_sig_lengths", c_int32, [c_char_p, _szp, _szp, _szp]),
    ("zc_sig_public_key", c_int32, [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_sig_sign", c_int32,
     [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_sig_verify", c_int32,
     [c_char_p, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t]),
    ("zc_sig_check_public_key", c_int32, [c_char_p, _u8p, c_size_t]),
    ("zc_bip340_sign", c_int32,
     [_u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_secp256k1_sign_recoverable", c_int32, [_u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_secp256k1_recover", c_int32,
     [_u8p, c_size_t, _u8p, c_size_t, c_int32, _u8p, c_size_t, _szp]),
    ("zc_bls_aggregate_signatures", c_int32, [_u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_bls_aggregate_public_keys", c_int32, [_u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_bls_fast_aggregate_verify", c_int32, [_u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t]),
    # Profiler
    ("zc_hardware_features", c_int32, [POINTER(c_uint32)]),
    ("zc_profile_report", c_int32, [c_uint32, c_uint32, _u8p, c_size_t, _szp]),
    # QUIC
    ("zc_quic_keys_initial", c_int32,
     [c_uint32, _u8p, c_size_t, c_int32, POINTER(c_void_p), POINTER(c_void_p)]),
    ("zc_quic_keys_from_secret", c_int32, [c_uint32, c_char_p, _u8p, c_size_t, POINTER(c_void_p)]),
    ("zc_quic_key_update", c_int32, [c_void_p, POINTER(c_void_p)]),
    ("zc_quic_keys_generation", c_int32, [c_void_p, POINTER(c_uint64)]),
    ("zc_quic_keys_free", None, [c_void_p]),
    ("zc_quic_encrypt", c_int32, [c_void_p, c_uint64, _u8p, c_size_t, c_size_t, c_size_t, _szp]),
    ("zc_quic_decrypt", c_int32,
     [c_void_p, _u8p, c_size_t, c_size_t, c_uint64, POINTER(c_uint64), _szp, _szp, _szp]),
    ("zc_quic_parse_long_header", c_int32,
     [_u8p, c_size_t, POINTER(c_uint32), POINTER(c_uint8), _szp, _szp, _szp, _szp]),
    ("zc_quic_retry_tag", c_int32,
     [c_uint32, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_quic_verify_retry", c_int32, [c_uint32, _u8p, c_size_t, _u8p, c_size_t]),
    # Zero knowledge: Groth16, Bulletproofs, halo2, KZG
    ("zc_groth16_verify", c_int32, [_u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t]),
    ("zc_bulletproofs_commit", c_int32, [c_uint64, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_bulletproofs_prove", c_int32,
     [c_uint32, POINTER(c_uint64), c_size_t, _u8p, c_size_t, _u8p, c_size_t,
      _u8p, c_size_t, _szp, _u8p, c_size_t, _szp]),
    ("zc_bulletproofs_verify", c_int32, [c_uint32, _u8p, c_size_t, _u8p, c_size_t]),
    ("zc_halo2_verify", c_int32, [_u8p, c_size_t]),
    ("zc_halo2_prove_range", c_int32,
     [c_uint16, c_uint64, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_halo2_prove_membership", c_int32,
     [c_uint16, _u8p, c_size_t, c_uint64, _u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_kzg_blob_to_commitment", c_int32, [_u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_kzg_compute_blob_proof", c_int32, [_u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_kzg_verify_blob_proof", c_int32, [_u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t]),
    ("zc_kzg_point_evaluation", c_int32, [_u8p, c_size_t, _u8p, c_size_t, _szp]),
    # X25519
    ("zc_x25519_public_key", c_int32, [_u8p, c_size_t, _u8p, c_size_t, _szp]),
    ("zc_x25519", c_int32, [_u8p, c_size_t, _u8p, c_size_t, _u8p, c_size_t, _szp]),
]

#: The C function names declared here (the tests compare them with zcrypto.h).
FUNCTIONS: List[str] = [name for name, _, _ in _PROTOTYPES]

for _name, _res, _args in _PROTOTYPES:
    _f = getattr(lib, _name)
    _f.restype = _res
    _f.argtypes = _args


def error_name(code: int) -> str:
    """The stable short name of a status code (``"invalid_signature"``, ...)."""
    return str(lib.zc_error_name(code).decode())


def error_message(code: int) -> str:
    """The English description of a status code."""
    return str(lib.zc_error_message(code).decode())


def check(rc: int) -> None:
    """Raises the exception of a nonzero status code."""
    if rc != 0:
        from .errors import error_for_code

        raise error_for_code(rc)


def alg_name(alg: str) -> bytes:
    """An algorithm name as a NUL-terminated C string."""
    if not isinstance(alg, str):
        raise TypeError(f"algorithm names are str, got {type(alg).__name__}")
    return alg.encode()


def inp(data: Optional[BytesLike]) -> Tuple[Any, int]:
    """A read-only input as (pointer, length) without copying where possible: ``bytes``
    directly, writable buffers (``bytearray``, writable ``memoryview``, NumPy arrays)
    through ``from_buffer``; read-only non-``bytes`` buffers are copied once."""
    if data is None:
        return None, 0
    if isinstance(data, bytes):
        return (data if data else None), len(data)
    mv = memoryview(data)
    if not mv.c_contiguous:
        b = mv.tobytes()
        return (b if b else None), len(b)
    mv = mv.cast("B")
    n = mv.nbytes
    if n == 0:
        return None, 0
    if mv.readonly:
        b = mv.tobytes()
        return b, n
    return (ctypes.c_char * n).from_buffer(mv), n


def inout(buf: Any) -> Tuple[Any, int]:
    """A writable contiguous buffer (bytearray, writable memoryview, NumPy array) as
    (pointer, length): the C side writes into it in place."""
    try:
        mv = memoryview(buf)
    except TypeError:
        raise TypeError(f"expected a writable buffer (bytearray, memoryview), got {type(buf).__name__}") from None
    if mv.readonly:
        raise TypeError("the buffer is read-only: pass a bytearray or a writable memoryview")
    if not mv.c_contiguous:
        raise ValueError("the buffer must be contiguous")
    mv = mv.cast("B")
    n = mv.nbytes
    if n == 0:
        return None, 0
    return (ctypes.c_char * n).from_buffer(mv), n
