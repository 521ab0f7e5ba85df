//! Encodings: ABI words for the EVM, big-endian fields for the WASM contracts.

use super::*;

/// A 32-byte big-endian word holding `v` (a `uint256`).
pub(super) fn u128_word(v: u128) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[16..].copy_from_slice(&v.to_be_bytes());
    w
}

/// The low 128 bits of a big-endian word (the demo's numbers are small).
pub(super) fn low_u128(word: &[u8]) -> u128 {
    let mut low = [0u8; 16];
    low.copy_from_slice(&word[word.len() - 16..]);
    u128::from_be_bytes(low)
}

/// A big-endian integer output of a WASM contract (u64: 8 bytes, u128: 16 bytes).
pub(super) fn be_uint(out: &[u8]) -> Result<u128, Failure> {
    match out.len() {
        1..=16 => Ok(out.iter().fold(0u128, |n, &b| n << 8 | b as u128)),
        _ => Err(Failure(format!(
            "expected an integer, got 0x{}",
            to_hex(out)
        ))),
    }
}

/// A Solidity ABI argument: a static word or a dynamic `bytes`/`string`.
pub(super) enum Abi<'a> {
    Word([u8; 32]),
    Bytes(&'a [u8]),
}

/// `abi.encode(args...)` (head, then the tails of the dynamic arguments).
pub(super) fn abi_encode(args: &[Abi]) -> Vec<u8> {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    for a in args {
        match a {
            Abi::Word(w) => head.extend_from_slice(w),
            Abi::Bytes(b) => {
                head.extend_from_slice(&u128_word((32 * args.len() + tail.len()) as u128));
                tail.extend_from_slice(&u128_word(b.len() as u128));
                tail.extend_from_slice(b);
                tail.resize(tail.len().next_multiple_of(32), 0);
            }
        }
    }
    head.extend(tail);
    head
}
