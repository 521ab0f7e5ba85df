#!/usr/bin/env bash
# Builds libzcrypto (the `ffi` crate), compiles the C example and the C tests against
# ffi/include/zcrypto.h and the static library, and runs both under valgrind
# (memory errors and definite leaks fail the run). Works on a fresh Debian machine: it
# installs a C compiler, pkg-config, cJSON (libcjson-dev) and valgrind with apt-get when
# they are missing. If valgrind cannot run, it falls back to
# -fsanitize=address,undefined and says so. Exits non-zero on any failure.
#
#   bindings/c/run.sh            dev profile (dependencies are optimized anyway)
#   PROFILE=release bindings/c/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zvm-target}"
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
profile="${PROFILE:-dev}"
outdir="$CARGO_TARGET_DIR/$([ "$profile" = dev ] && echo debug || echo "$profile")"
build="$CARGO_TARGET_DIR/c-bindings"
mkdir -p "$build"

step() { printf '\n==> %s\n' "$*"; }

need_pkgs=()
command -v cc >/dev/null || need_pkgs+=(gcc libc6-dev)
[ -f /usr/include/cjson/cJSON.h ] || need_pkgs+=(libcjson-dev)
command -v valgrind >/dev/null || need_pkgs+=(valgrind)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  step "installing ${need_pkgs[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo=sudo
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_pkgs[@]}" >/dev/null; } \
    || echo "warning: could not install ${need_pkgs[*]} (apt-get failed)" >&2
fi
if ! command -v cc >/dev/null || [ ! -f /usr/include/cjson/cJSON.h ]; then
  echo "error: bindings/c/run.sh needs a C compiler (cc) and cJSON; on Debian/Ubuntu:" >&2
  echo "  apt-get install -y gcc libc6-dev libcjson-dev valgrind" >&2
  exit 2
fi

step "cargo build -p zcrypto-ffi --profile $profile"
cargo build -p zcrypto-ffi --profile "$profile"

# Link the static library: no rpath or LD_LIBRARY_PATH games. It needs the system
# libraries Rust's std and aws-lc use.
cflags=(-std=c11 -Wall -Wextra -Werror -g -O1 -I"$root/ffi/include")
libs=("$outdir/libzcrypto.a" -lpthread -ldl -lm)
sanitize=()
use_valgrind=1
if ! command -v valgrind >/dev/null || ! valgrind --version >/dev/null 2>&1; then
  use_valgrind=0
  sanitize=(-fsanitize=address,undefined -fno-omit-frame-pointer)
  echo "NOTE: valgrind is unavailable: falling back to -fsanitize=address,undefined" >&2
fi

step "compiling bindings/c/example.c and bindings/c/test_zcrypto.c"
cc "${cflags[@]}" "${sanitize[@]}" bindings/c/example.c -o "$build/example" "${libs[@]}"
cc "${cflags[@]}" "${sanitize[@]}" bindings/c/test_zcrypto.c -o "$build/test_zcrypto" "${libs[@]}" -lcjson
# The header also compiles as C++ (extern "C" block).
if command -v c++ >/dev/null; then
  echo '#include "zcrypto.h"' | c++ -x c++ -Wall -Wextra -Werror -I"$root/ffi/include" -fsyntax-only -
fi

run() {
  if [ "$use_valgrind" = 1 ]; then
    valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
      --show-leak-kinds=definite "$@"
    echo "valgrind: no memory errors, no definite leaks: $(basename "$1")"
  else
    "$@"
  fi
}

step "example (under ${use_valgrind/1/valgrind})"
run "$build/example"

if [ "$use_valgrind" = 1 ]; then
  # Every case natively, then under valgrind with one Groth16 and one Bulletproofs
  # case and no KZG or halo2 case (c-kzg's trusted-setup load alone takes over 6
  # minutes under valgrind, halo2 key generation and proving many minutes too; see
  # run_ffi_vectors in test_zcrypto.c).
  step "C tests (native, every case)"
  "$build/test_zcrypto" "$root"
  step "C tests (under valgrind; zero-knowledge cases sampled, KZG and halo2 native only)"
  ZC_TEST_SAMPLE_ZK=1 run "$build/test_zcrypto" "$root"
else
  step "C tests (under ${use_valgrind/1/valgrind})"
  run "$build/test_zcrypto" "$root"
fi

echo
echo "C bindings: all passed"
