#!/usr/bin/env bash
# Builds libzcrypto (the `ffi` crate), installs the Python package bindings/python into a
# virtual environment under $CARGO_TARGET_DIR/pyenv together with the pinned test
# dependencies (requirements-test.txt), and runs its pytest suite against that library.
#
#   bindings/python/run.sh             dev profile, then pytest
#   PROFILE=release bindings/python/run.sh
#   bindings/python/run.sh --bench     release build, then benches/python/compare.py
#   bindings/python/run.sh -- -k numpy extra arguments after -- go to pytest
#
# The library is copied to a private directory right after the build and passed with
# ZCRYPTO_LIB, so another build sharing CARGO_TARGET_DIR cannot swap it underneath the
# tests. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zvm-target}"
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

bench=0
pytest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bench) bench=1 ;;
    --) shift; pytest_args+=("$@"); break ;;
    *) pytest_args+=("$1") ;;
  esac
  shift
done
profile="${PROFILE:-dev}"
[ "$bench" = 1 ] && profile=release
outdir="$CARGO_TARGET_DIR/$([ "$profile" = dev ] && echo debug || echo "$profile")"
venv="$CARGO_TARGET_DIR/pyenv"
libdir="$CARGO_TARGET_DIR/python-bindings/$profile"

step() { printf '\n==> %s\n' "$*"; }

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; assert sys.version_info >= (3, 9)' 2>/dev/null; then
  echo "error: bindings/python/run.sh needs Python >= 3.9 ($python)" >&2
  exit 2
fi

step "cargo build -p zcrypto-ffi --profile $profile"
cargo build -p zcrypto-ffi --profile "$profile"
mkdir -p "$libdir"
case "$(uname -s)" in
  Darwin) libname=libzcrypto.dylib ;;
  *) libname=libzcrypto.so ;;
esac
cp "$outdir/$libname" "$libdir/$libname.tmp" && mv "$libdir/$libname.tmp" "$libdir/$libname"
export ZCRYPTO_LIB="$libdir/$libname"

step "virtual environment $venv: pip install ./bindings/python and requirements-test.txt"
if [ ! -x "$venv/bin/python" ]; then
  if ! "$python" -m venv "$venv" 2>/dev/null; then
    # Debian/Ubuntu ship venv (ensurepip) separately.
    rm -rf "$venv"
    sudo=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo=sudo
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null; } \
      || echo "warning: could not install python3-venv (apt-get failed)" >&2
    "$python" -m venv "$venv"
  fi
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r bindings/python/requirements-test.txt
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps ./bindings/python

if [ "$bench" = 1 ]; then
  step "benchmark: benches/python/compare.py (library $ZCRYPTO_LIB)"
  "$venv/bin/python" benches/python/compare.py
  exit 0
fi

step "pytest bindings/python/tests (library $ZCRYPTO_LIB)"
# Run from the tests directory so that the installed package (not the source tree) is
# imported.
cd bindings/python
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests ${pytest_args[@]+"${pytest_args[@]}"}

echo
echo "Python bindings: all passed"
