#!/usr/bin/env bash
# FFI call overhead per call: a 32-byte SHA-256 through the C ABI (zc_hash, from C,
# bindings/c/bench_overhead.c) against the same call in Rust (zcrypto::hash::hash,
# ffi/examples/hash_overhead.rs), both release builds, the same timing loop (N calls
# per round, best of ROUNDS rounds). Prints both and the difference and ratio.
#
#   bindings/c/bench.sh [N [ROUNDS]]     defaults: 1000000 9
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zvm-target}"
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
n="${1:-1000000}"
rounds="${2:-9}"
build="$CARGO_TARGET_DIR/c-bindings"
mkdir -p "$build"

printf '==> cargo build --release -p zcrypto-ffi (library and example)\n'
cargo build --release -p zcrypto-ffi --lib --example hash_overhead
# Copy the static library right away: another build sharing the target dir may replace it.
cp "$CARGO_TARGET_DIR/release/libzcrypto.a" "$build/libzcrypto-release.a"
cc -std=c11 -O2 -Wall -Wextra -Werror -I"$root/ffi/include" bindings/c/bench_overhead.c \
  -o "$build/bench_overhead" "$build/libzcrypto-release.a" -lpthread -ldl -lm

c_line=$("$build/bench_overhead" "$n" "$rounds")
r_line=$("$CARGO_TARGET_DIR/release/examples/hash_overhead" "$n" "$rounds")
echo "$c_line"
echo "$r_line"
c_ns=${c_line##*best_ns_per_call=}
r_ns=${r_line##*best_ns_per_call=}
awk -v c="$c_ns" -v r="$r_ns" 'BEGIN {
  printf "FFI overhead: %.2f ns per call (C via zc_hash %.2f ns / Rust %.2f ns = %.3fx)\n", c - r, c, r, c / r
}'
