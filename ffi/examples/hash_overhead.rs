//! The Rust side of the FFI call-overhead benchmark (`bindings/c/bench.sh`): times
//! `zcrypto::hash::hash(Sha256, 32 bytes)` the way `bindings/c/bench_overhead.c` times
//! `zc_hash("sha256", 32 bytes)` through the C ABI — N calls per round, the best of
//! several rounds, ns per call — so the difference is the cost of crossing the boundary
//! (name lookup, pointer checks, panic guard, output copy).
//!
//! ```sh
//! cargo run --release -p zcrypto-ffi --example hash_overhead [-- N ROUNDS]
//! ```
//!
//! Output (one line, parsed by bench.sh): `rust_hash_sha256_32 n=... best_ns_per_call=...`.

use std::hint::black_box;
use std::time::Instant;

use zcrypto::hash::{HashAlg, hash};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let rounds: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(9);
    let mut data = [0u8; 32];
    for (i, b) in data.iter_mut().enumerate() {
        *b = i as u8;
    }
    let mut out = [0u8; 32];
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let t = Instant::now();
        for _ in 0..n {
            let d = hash(black_box(HashAlg::Sha256), black_box(&data));
            // Copy the digest out, as zc_hash does into the caller's buffer.
            out.copy_from_slice(d.as_bytes());
            black_box(&mut out);
        }
        let ns = t.elapsed().as_nanos() as f64 / n as f64;
        best = best.min(ns);
    }
    println!("rust_hash_sha256_32 n={n} best_ns_per_call={best:.2}");
}
