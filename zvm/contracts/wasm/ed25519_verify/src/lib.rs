//! Verifies one Ed25519 signature from its input (benchmarks).
//!
//! Input: `public key (32 B) ‖ signature (64 B) ‖ message (the rest)`.
//! Output: 1 byte, `1` valid, `0` invalid. Input shorter than 96 bytes reverts with
//! `"ed25519: malformed input"`; a host error (e.g. a key that does not decode under the
//! strict rule) reverts with `"ed25519: error"`.
//!
//! | export | rule |
//! |---|---|
//! | `verify`, `main` | ZIP-215 (`verify_ed25519`) |
//! | `verify_strict` | strict RFC 8032 (`verify_ed25519_strict`) |
#![no_std]

extern crate alloc;

use zvm_sdk::crypto::{self, Scheme};
use zvm_sdk::entry;

fn check(input: &[u8], scheme: Scheme) -> Result<[u8; 1], &'static str> {
    if input.len() < 96 {
        return Err("ed25519: malformed input");
    }
    let (pk, rest) = input.split_at(32);
    let (sig, msg) = rest.split_at(64);
    match crypto::verify(scheme, pk, msg, &[], sig) {
        Ok(valid) => Ok([valid as u8]),
        Err(_) => Err("ed25519: error"),
    }
}

fn verify(input: &[u8]) -> Result<[u8; 1], &'static str> {
    check(input, Scheme::Ed25519)
}

fn verify_strict(input: &[u8]) -> Result<[u8; 1], &'static str> {
    check(input, Scheme::Ed25519Strict)
}

entry!(verify => verify, verify_strict => verify_strict, main => verify);
