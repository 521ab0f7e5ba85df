#!/usr/bin/env bash
# Builds the example WASM contracts deterministically and copies them to out/NAME.wasm
# (checked in).
#
#   ./build.sh           build, copy to out/, record the toolchain in out/TOOLCHAIN
#   ./build.sh --check   build into a temporary directory and compare byte for byte
#                        with out/; exit 0 if identical, 1 if not, 3 if it cannot
#                        check here (a tool is missing or the toolchain differs from
#                        out/TOOLCHAIN: other compilers make other bytes)
#
# Rust contracts: cargo --release --locked for wasm32-unknown-unknown with fixed
# RUSTFLAGS (paths remapped, 64 KiB stack); C contract: clang --target=wasm32
# -nostdlib + wasm-ld. Every output is scanned for float instructions (the engine
# rejects them at deploy). Target directory: $ZVM_CONTRACTS_TARGET_DIR, else
# $CARGO_TARGET_DIR, else ./target (--check: a fresh temporary one unless one of the
# two variables is set).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$HERE"
MODE=build
case "${1:-}" in
    "") ;;
    --check) MODE=check ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

RUST_CONTRACTS=(counter ed25519_verify token multisig_wallet dao_vote airdrop zk_vote sdk_selftest)
C_CONTRACTS=(counter)   # c/NAME.c -> out/c_NAME.wasm

skip() { echo "build.sh: CANNOT CHECK: $*" >&2; exit 3; }

command -v cargo >/dev/null || skip "cargo not found"
command -v rustc >/dev/null || skip "rustc not found"
if command -v rustup >/dev/null && ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    skip "the wasm32-unknown-unknown target is not installed (rustup target add wasm32-unknown-unknown)"
fi
CLANG=${CLANG:-clang}
command -v "$CLANG" >/dev/null || skip "clang not found (apt-get install clang lld)"
command -v wasm-ld >/dev/null || skip "wasm-ld not found (apt-get install lld)"

toolchain() {
    echo "rustc: $(rustc --version)"
    echo "clang: $("$CLANG" --version | head -n1)"
}

if [[ $MODE == check ]]; then
    [[ -f out/TOOLCHAIN ]] || skip "out/TOOLCHAIN missing"
    if [[ "$(toolchain)" != "$(cat out/TOOLCHAIN)" ]]; then
        echo "expected:" >&2; cat out/TOOLCHAIN >&2
        echo "found:" >&2; toolchain >&2
        skip "toolchain differs from out/TOOLCHAIN"
    fi
    DEST=$(mktemp -d)
    TMP_TARGET=""
    if [[ -z "${ZVM_CONTRACTS_TARGET_DIR:-}${CARGO_TARGET_DIR:-}" ]]; then
        TMP_TARGET=$(mktemp -d)
    fi
    trap 'rm -rf "$DEST" ${TMP_TARGET:+"$TMP_TARGET"}' EXIT
    TARGET_DIR=${ZVM_CONTRACTS_TARGET_DIR:-${CARGO_TARGET_DIR:-$TMP_TARGET}}
else
    DEST=$HERE/out
    mkdir -p "$DEST"
    TARGET_DIR=${ZVM_CONTRACTS_TARGET_DIR:-${CARGO_TARGET_DIR:-$HERE/target}}
fi

# The repository root (zvm/contracts/wasm/../../..) is remapped so that no absolute
# path of this checkout ends up in a binary.
ROOT=$(cd "$HERE/../../.." && pwd)

# ---- Rust
unset CARGO_ENCODED_RUSTFLAGS RUSTC_WRAPPER CARGO_BUILD_RUSTFLAGS
export RUSTFLAGS="--remap-path-prefix=$ROOT=/zvm -C link-arg=-zstack-size=65536 -C debuginfo=0"
export SOURCE_DATE_EPOCH=0
cargo build --quiet --release --locked --target wasm32-unknown-unknown --target-dir "$TARGET_DIR" \
    $(printf -- '-p %s ' "${RUST_CONTRACTS[@]}")
for c in "${RUST_CONTRACTS[@]}"; do
    cp "$TARGET_DIR/wasm32-unknown-unknown/release/$c.wasm" "$DEST/$c.wasm"
done

# ---- C
for c in "${C_CONTRACTS[@]}"; do
    "$CLANG" --target=wasm32 -nostdlib -Oz -fno-builtin -ffile-prefix-map="$ROOT"=/zvm \
        -Wall -Werror \
        -Wl,--no-entry -Wl,--strip-all -Wl,-z,stack-size=8192 \
        -o "$DEST/c_$c.wasm" "c/$c.c"
done

# ---- no floats (llvm-objdump calls the untyped `select` "f32.select": not a float)
if command -v llvm-objdump >/dev/null; then
    for f in "$DEST"/*.wasm; do
        if llvm-objdump -d "$f" | grep -E '\bf(32|64)\.|_f(32|64)|\.f(32|64)' | grep -v 'f32\.select' >/dev/null; then
            echo "build.sh: $f contains float instructions" >&2
            exit 1
        fi
    done
else
    echo "build.sh: note: llvm-objdump not found, the float scan is skipped (the engine still rejects floats at deploy)" >&2
fi

if [[ $MODE == build ]]; then
    toolchain > out/TOOLCHAIN
    for f in out/*.wasm; do
        printf '%-28s %6d bytes  sha256 %s\n' "$(basename "$f")" "$(wc -c < "$f")" "$(sha256sum "$f" | cut -d' ' -f1)"
    done
    exit 0
fi

status=0
for f in out/*.wasm; do
    n=$(basename "$f")
    if [[ ! -f "$DEST/$n" ]]; then
        echo "build.sh: $n is checked in but no longer built" >&2; status=1
    elif ! cmp -s "$f" "$DEST/$n"; then
        echo "build.sh: $n differs from a fresh build (run ./build.sh and commit out/)" >&2; status=1
    fi
done
for f in "$DEST"/*.wasm; do
    [[ -f out/$(basename "$f") ]] || { echo "build.sh: $(basename "$f") is built but not checked in" >&2; status=1; }
done
[[ $status == 0 ]] && echo "build.sh: out/ matches a fresh build ($(ls out/*.wasm | wc -l) contracts)"
exit $status
