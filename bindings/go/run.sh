#!/usr/bin/env bash
# Builds libzcrypto (the `ffi` crate) and runs the Go bindings' checks against the
# static library: go vet and go test (the project vectors, interop with Go's standard
# library, negative cases). Needs Go >= 1.24 and a C compiler (cgo). Exits non-zero on
# any failure.
#
#   bindings/go/run.sh            dev profile (dependencies are optimized anyway)
#   PROFILE=release bindings/go/run.sh
#   GO_TEST_FLAGS="-race" bindings/go/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zvm-target}"
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
profile="${PROFILE:-dev}"
outdir="$CARGO_TARGET_DIR/$([ "$profile" = dev ] && echo debug || echo "$profile")"

step() { printf '\n==> %s\n' "$*"; }

go_help() {
  echo "  Go 1.24 or newer is needed (crypto/mlkem, crypto/hkdf, crypto/sha3)." >&2
  echo "  Debian/Ubuntu's 'apt-get install golang-go' may be too old: check 'go version'." >&2
  echo "  Install a current release from https://go.dev/dl (e.g. unpack it into /usr/local" >&2
  echo "  and put /usr/local/go/bin on PATH)." >&2
}
if ! command -v go >/dev/null; then
  echo "error: bindings/go/run.sh needs the Go toolchain ('go' is not on PATH)." >&2
  go_help
  exit 2
fi
go_minor=$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
if [ -z "$go_minor" ] || [ "$go_minor" -lt 24 ]; then
  echo "error: $(go version) is too old for bindings/go." >&2
  go_help
  exit 2
fi
if ! command -v "$(go env CC)" >/dev/null; then
  echo "error: cgo needs a C compiler ($(go env CC)); on Debian/Ubuntu: apt-get install -y gcc libc6-dev" >&2
  exit 2
fi

step "cargo build -p zcrypto-ffi --profile $profile"
cargo build -p zcrypto-ffi --profile "$profile"

# Link the static library (no rpath or LD_LIBRARY_PATH); it needs the system libraries
# Rust's std and aws-lc use. The header's include path is in the package's #cgo line.
export CGO_ENABLED=1
export CGO_LDFLAGS="$outdir/libzcrypto.a -lpthread -ldl -lm"
cd "$root/bindings/go"

step "gofmt -l and go vet ./... ($(go version))"
unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
  echo "error: not gofmt-formatted (run gofmt -w bindings/go): $unformatted" >&2
  exit 1
fi
go vet ./...

step "go test ./... (project vectors, Go standard library interop, negative cases)"
# shellcheck disable=SC2086 # GO_TEST_FLAGS is a list of flags
go test -count=1 ${GO_TEST_FLAGS:-} ./...

echo
echo "Go bindings: all passed"
