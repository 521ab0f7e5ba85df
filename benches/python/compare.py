#!/usr/bin/env python3
"""Verifying 10,000 Ed25519 signatures: zcrypto.numpy.verify_rows (Python → ctypes →
zc_sig_verify_rows → zcrypto::batch) against the same batch in Rust and against PyNaCl
verifying one by one.

    bindings/python/run.sh --bench           # builds the release library, then runs this
    python benches/python/compare.py [--n 10000] [--runs 7] [--no-rust]

The Rust baseline is `ffi/examples/verify_rows.rs` (built with `cargo build --release -p
zcrypto-ffi --example verify_rows`, then run in alternation with the NumPy timing): the same zcrypto::batch call on the same kind of contiguous
arrays (32-byte keys, 32-byte messages, 64-byte signatures, distinct keys), timed in
Rust. Both sides report the best of several runs. The target is NumPy ≤ 1.1 × Rust.
Set ZCRYPTO_LIB to a **release** libzcrypto (run.sh --bench does), or the comparison
is meaningless.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import zcrypto
import zcrypto.numpy as znp

ROOT = Path(__file__).resolve().parents[2]


def make_rows(n: int):
    pks = np.empty((n, 32), np.uint8)
    msgs = np.empty((n, 32), np.uint8)
    sigs = np.empty((n, 64), np.uint8)
    for i in range(n):
        seed = i.to_bytes(8, "little") + b"\x5a" + bytes(23)
        msg = hashlib.sha256(i.to_bytes(8, "little")).digest()
        pks[i] = np.frombuffer(zcrypto.sig_public_key("ed25519", seed), np.uint8)
        msgs[i] = np.frombuffer(msg, np.uint8)
        sigs[i] = np.frombuffer(zcrypto.sign("ed25519", seed, msg), np.uint8)
    return pks, msgs, sigs


def best(f, runs: int) -> float:
    t = float("inf")
    for _ in range(runs):
        s = time.perf_counter_ns()
        f()
        t = min(t, time.perf_counter_ns() - s)
    return t


def build_rust() -> Path:
    """Builds the Rust baseline once (cargo) and returns the executable."""
    env = dict(os.environ)
    target = env.setdefault("CARGO_TARGET_DIR", str(Path.home() / ".cache" / "zvm-target"))
    cmd = ["cargo", "build", "--quiet", "--release", "-p", "zcrypto-ffi", "--example", "verify_rows"]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    exe = Path(target) / "release" / "examples" / "verify_rows"
    if not exe.is_file():
        raise SystemExit(f"the Rust baseline was not built at {exe}")
    return exe


def rust_ns_per_sig(exe: Path, n: int, runs: int) -> float:
    out = subprocess.run([str(exe), str(n), str(runs)], check=True, capture_output=True, text=True).stdout
    m = re.search(r"best_ns_per_sig=([0-9.]+)", out)
    if not m:
        raise SystemExit(f"unexpected output of the Rust baseline: {out!r}")
    return float(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5, help="timed runs per round")
    ap.add_argument("--rounds", type=int, default=3,
                    help="NumPy and Rust measurements alternate this many times (best kept), "
                         "so that load from other processes hits both alike")
    ap.add_argument("--no-rust", action="store_true", help="skip the cargo-built Rust baseline")
    a = ap.parse_args()

    print(f"libzcrypto {zcrypto.version()} at {zcrypto.library_path()}")
    if "/debug/" in zcrypto.library_path() or "python-bindings/dev" in zcrypto.library_path():
        print("WARNING: a debug libzcrypto is loaded; use a release build for this comparison")
    n = a.n
    pks, msgs, sigs = make_rows(n)
    ok = znp.verify_rows("ed25519", pks, msgs, sigs)
    assert ok.all(), "generated signatures must verify"

    exe = None if a.no_rust else build_rust()
    numpy_ns = float("inf")
    rust_ns = None if exe is None else float("inf")
    for _ in range(a.rounds):
        numpy_ns = min(numpy_ns, best(lambda: znp.verify_rows("ed25519", pks, msgs, sigs), a.runs) / n)
        if exe is not None:
            rust_ns = min(rust_ns, rust_ns_per_sig(exe, n, a.runs))

    try:
        from nacl.signing import VerifyKey
    except ImportError:  # pragma: no cover
        VerifyKey = None
    nacl_ns = None
    if VerifyKey is not None:
        keys = [VerifyKey(pks[i].tobytes()) for i in range(n)]
        items = [(msgs[i].tobytes(), sigs[i].tobytes()) for i in range(n)]

        def nacl_all() -> None:
            for k, (m, s) in zip(keys, items):
                k.verify(m, s)

        nacl_ns = best(nacl_all, max(1, a.runs // 3)) / n

    print(f"\nEd25519, {n} signatures (32-byte messages), best of {a.rounds} x {a.runs} runs, per signature:")
    print(f"  zcrypto.numpy.verify_rows : {numpy_ns / 1000:8.2f} µs  ({numpy_ns * n / 1e6:7.2f} ms total)")
    if rust_ns is not None:
        print(f"  Rust zcrypto::batch       : {rust_ns / 1000:8.2f} µs  ({rust_ns * n / 1e6:7.2f} ms total)")
    if nacl_ns is not None:
        print(f"  PyNaCl one by one         : {nacl_ns / 1000:8.2f} µs  ({nacl_ns * n / 1e6:7.2f} ms total)")
    print()
    if rust_ns is not None:
        ratio = numpy_ns / rust_ns
        verdict = "meets" if ratio <= 1.1 else "MISSES"
        print(f"  NumPy / Rust   = {ratio:5.2f}x  ({verdict} the <= 1.10x target)")
    if nacl_ns is not None:
        print(f"  PyNaCl / NumPy = {nacl_ns / numpy_ns:5.2f}x  (NumPy batch speed-up over one-by-one PyNaCl)")


if __name__ == "__main__":
    sys.exit(main())
