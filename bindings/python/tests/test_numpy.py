"""zcrypto.numpy: the array functions, their argument checks, and that they release
the GIL."""

from __future__ import annotations

import ctypes
import sys
import threading

import pytest

np = pytest.importorskip("numpy")

import zcrypto  # noqa: E402
import zcrypto.numpy as znp  # noqa: E402
from zcrypto import _ffi  # noqa: E402


def rows(n: int, m: int, seed: int = 0) -> "np.ndarray":
    return np.random.default_rng(seed).integers(0, 256, size=(n, m), dtype=np.uint8)


@pytest.mark.parametrize("alg", ["sha256", "sha512", "sha3-256", "keccak256", "blake2b-512", "blake2s-256", "blake3"])
@pytest.mark.parametrize("shape", [(0, 8), (1, 0), (3, 0), (5, 1), (17, 200), (1000, 100)])
def test_hash_rows(alg: str, shape) -> None:
    a = rows(*shape)
    out = znp.hash_rows(alg, a)
    assert out.dtype == np.uint8 and out.shape == (shape[0], zcrypto.hash_len(alg))
    for i in range(shape[0]):
        assert out[i].tobytes() == zcrypto.hash(alg, a[i].tobytes())


def test_hash_rows_non_contiguous_and_lists() -> None:
    a = rows(10, 64)
    view = a[::2, ::2]  # neither row- nor column-contiguous
    out = znp.hash_rows("sha256", view)
    for i in range(view.shape[0]):
        assert out[i].tobytes() == zcrypto.hash("sha256", view[i].tobytes())
    f = np.asfortranarray(a)
    assert (znp.hash_rows("sha256", f) == znp.hash_rows("sha256", a)).all()
    with pytest.raises(TypeError):  # a list of ints is int64: no silent cast
        znp.hash_rows("sha256", [[1, 2], [3, 4]])
    assert znp.hash_rows("sha256", np.array([[1, 2], [3, 4]], dtype=np.uint8)).shape == (2, 32)


def test_argument_checks() -> None:
    with pytest.raises(TypeError, match="dtype uint8"):
        znp.hash_rows("sha256", np.zeros((2, 3), dtype=np.int64))
    with pytest.raises(TypeError, match="dtype uint8"):
        znp.hash_rows("sha256", np.zeros((2, 3), dtype=np.float32))
    with pytest.raises(ValueError, match="2-D"):
        znp.hash_rows("sha256", np.zeros(6, dtype=np.uint8))
    with pytest.raises(ValueError, match="2-D"):
        znp.hash_rows("sha256", np.zeros((1, 2, 3), dtype=np.uint8))
    with pytest.raises(zcrypto.UnknownAlgorithm):
        znp.hash_rows("md5", rows(2, 2))
    with pytest.raises(zcrypto.UnsupportedAlgorithm):
        znp.hash_rows("ed25519", rows(2, 2))
    with pytest.raises(TypeError, match="dtype uint8"):
        znp.merkle_root("sha256", np.zeros((2, 32), dtype=np.uint16))
    with pytest.raises(ValueError, match="2-D"):
        znp.merkle_root("sha256", np.zeros(32, dtype=np.uint8))
    with pytest.raises(zcrypto.UnsupportedAlgorithm):
        znp.merkle_root("sha512", rows(2, 32))


def ed25519_rows(n: int):
    seeds = rows(n, 32, seed=1)
    msgs = rows(n, 40, seed=2)
    pks = np.array([np.frombuffer(zcrypto.sig_public_key("ed25519", s.tobytes()), np.uint8) for s in seeds])
    sigs = np.array([np.frombuffer(zcrypto.sign("ed25519", s.tobytes(), m.tobytes()), np.uint8)
                     for s, m in zip(seeds, msgs)])
    return pks, msgs, sigs


def test_verify_rows_ed25519() -> None:
    pks, msgs, sigs = ed25519_rows(64)
    ok = znp.verify_rows("ed25519", pks, msgs, sigs)
    assert ok.dtype == np.bool_ and ok.shape == (64,) and ok.all()
    codes = znp.verify_rows("ed25519", pks, msgs, sigs, codes=True)
    assert codes.dtype == np.int32 and (codes == 0).all()
    # Flipped message bit, flipped signature bit, wrong key.
    msgs2, sigs2, pks2 = msgs.copy(), sigs.copy(), pks.copy()
    msgs2[3, 0] ^= 1
    sigs2[10, 5] ^= 1
    pks2[20] = pks[21]
    codes = znp.verify_rows("ed25519", pks2, msgs2, sigs2, codes=True)
    bad = {3, 10, 20}
    assert [i for i in range(64) if codes[i] != 0] == sorted(bad)
    assert codes[3] == zcrypto.InvalidSignature.code_of_class
    ok = znp.verify_rows("ed25519", pks2, msgs2, sigs2)
    assert not ok[3] and not ok[10] and not ok[20] and ok.sum() == 61
    # Agrees with single verification.
    for i in range(64):
        assert ok[i] == zcrypto.is_valid("ed25519", pks2[i].tobytes(), msgs2[i].tobytes(), sigs2[i].tobytes())


def test_verify_rows_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    pks, msgs, sigs = ed25519_rows(23)
    sigs[17, 0] ^= 1
    monkeypatch.setattr(znp, "MAX_SIGNATURES_PER_CALL", 5)
    ok = znp.verify_rows("ed25519", pks, msgs, sigs)
    assert ok.sum() == 22 and not ok[17]


def test_verify_rows_other_schemes_and_errors() -> None:
    seeds = [bytes([i + 1] * 32) for i in range(4)]
    msgs = np.array([[i] * 5 for i in range(4)], dtype=np.uint8)
    for alg in ("ecdsa-secp256k1", "bip340", "ml-dsa-44", "bls12-381"):
        pks = np.array([np.frombuffer(zcrypto.sig_public_key(alg, s), np.uint8) for s in seeds])
        sigs = np.array([np.frombuffer(zcrypto.sign(alg, s, m.tobytes()), np.uint8) for s, m in zip(seeds, msgs)])
        assert znp.verify_rows(alg, pks, msgs, sigs).all(), alg
        sigs[1, 7] ^= 1
        assert znp.verify_rows(alg, pks, msgs, sigs).tolist() == [True, False, True, True], alg
    pks, msgs, sigs = ed25519_rows(3)
    with pytest.raises(zcrypto.InvalidLength):
        znp.verify_rows("ed25519", pks[:, :31], msgs, sigs)  # wrong key width
    with pytest.raises(zcrypto.InvalidLength):
        znp.verify_rows("ed25519", pks, msgs, sigs[:, :63])  # truncated signatures
    with pytest.raises(zcrypto.UnknownAlgorithm):
        znp.verify_rows("rsa", pks, msgs, sigs)
    with pytest.raises(zcrypto.UnsupportedAlgorithm):
        znp.verify_rows("sha256", pks, msgs, sigs)
    with pytest.raises(ValueError, match="same number of rows"):
        znp.verify_rows("ed25519", pks, msgs[:2], sigs)
    with pytest.raises(TypeError, match="dtype uint8"):
        znp.verify_rows("ed25519", pks.astype(np.int8), msgs, sigs)
    with pytest.raises(ValueError, match="2-D"):
        znp.verify_rows("ed25519", pks.reshape(-1), msgs, sigs)
    empty = znp.verify_rows("ed25519", np.zeros((0, 32), np.uint8), np.zeros((0, 0), np.uint8), np.zeros((0, 64), np.uint8))
    assert empty.shape == (0,)


@pytest.mark.parametrize("alg", ["sha256", "keccak256", "blake3"])
@pytest.mark.parametrize("n", [0, 1, 2, 3, 8, 1000])
def test_merkle_root_rows(alg: str, n: int) -> None:
    leaves = rows(n, 32, seed=n)
    assert znp.merkle_root(alg, leaves) == zcrypto.merkle_root(alg, [r.tobytes() for r in leaves])


def test_merkle_root_rfc9162(rfc9162) -> None:
    # The 8 leaves have different lengths; the 2-byte ones make a (2, 2) array.
    leaves = [bytes.fromhex(x) for x in rfc9162["leaves"]]
    two = np.array([list(l) for l in leaves[3:5]], dtype=np.uint8)
    assert znp.merkle_root("sha256", two) == zcrypto.merkle_root("sha256", leaves[3:5])
    assert znp.merkle_root("sha256", np.zeros((0, 32), np.uint8)) == bytes.fromhex(rfc9162["empty_root"])


def test_calls_release_the_gil() -> None:
    """Structural: libzcrypto is a ctypes.CDLL (foreign calls drop the GIL) and no
    prototype carries FUNCFLAG_PYTHONAPI (the PyDLL flag that keeps it).

    Behavioural, not timing-based: with the interpreter's switch interval raised to
    100 s, a thread holding the GIL keeps it until it blocks or a C call releases it.
    The worker signals, then enters a long zc_hash_rows call; the main thread, waiting for
    the signal, can only wake while the worker is *inside* the C call if that call
    released the GIL, and then sees that the call has not finished yet.
    """
    assert type(_ffi.lib) is ctypes.CDLL
    for name in _ffi.FUNCTIONS:
        assert not getattr(_ffi.lib, name)._flags_ & ctypes._FUNCFLAG_PYTHONAPI, name

    big = np.ones((4096, 16384), dtype=np.uint8)  # 64 MiB: far longer than a thread wake-up
    out = np.empty((4096, 32), dtype=np.uint8)
    written = ctypes.c_size_t(0)
    started, done = threading.Event(), threading.Event()
    seen_during_call = []

    def worker() -> None:
        # Exactly what zcrypto.numpy.hash_rows does, with nothing that could drop the
        # GIL between the signal and the foreign call.
        started.set()
        rc = _ffi.lib.zc_hash_rows(b"sha256", big.ctypes.data, 4096, 16384, out.ctypes.data,
                                   out.nbytes, ctypes.byref(written))
        done.set()
        assert rc == 0

    old = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    try:
        t = threading.Thread(target=worker)
        t.start()
        started.wait()
        seen_during_call.append(not done.is_set())
        t.join()
    finally:
        sys.setswitchinterval(old)
    assert (out == znp.hash_rows("sha256", big[:1])[0]).all()
    assert seen_during_call == [True], "the main thread could not run during hash_rows: GIL held"


def test_two_threads_hash_concurrently() -> None:
    """Two threads hashing at once get the same answers as one at a time."""
    a, b = rows(2000, 512, seed=5), rows(2000, 512, seed=6)
    want = [znp.hash_rows("sha256", a), znp.hash_rows("blake3", b)]
    got = [None, None]

    def run(i: int, alg: str, x) -> None:
        got[i] = znp.hash_rows(alg, x)

    ts = [threading.Thread(target=run, args=(0, "sha256", a)), threading.Thread(target=run, args=(1, "blake3", b))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert (got[0] == want[0]).all() and (got[1] == want[1]).all()
