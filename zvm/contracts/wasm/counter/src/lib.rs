//! A storage counter (benchmarks): one `u64` at slot 0.
//!
//! | export | input | output |
//! |---|---|---|
//! | `increment`, `main` | ignored | the new count (8 B, big-endian) |
//! | `get` | ignored | the count (8 B, big-endian) |
#![no_std]

extern crate alloc;

use zvm_sdk::{entry, storage};

const COUNT: storage::Key = storage::slot(0);

fn increment(_input: &[u8]) -> [u8; 8] {
    let n = storage::get_u64(&COUNT).wrapping_add(1);
    storage::set_u64(&COUNT, n);
    n.to_be_bytes()
}

fn get(_input: &[u8]) -> [u8; 8] {
    storage::get_u64(&COUNT).to_be_bytes()
}

entry!(increment => increment, get => get, main => increment);
