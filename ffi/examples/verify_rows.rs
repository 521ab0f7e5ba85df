//! The Rust baseline of `benches/python/compare.py`: verifies 10,000 Ed25519 signatures
//! (32-byte messages, distinct keys) with `zcrypto::batch` exactly as
//! `zc_sig_verify_rows` does (items borrowed from three contiguous arrays, ZIP-215,
//! `verify_all`), and prints the best time per signature over several runs.
//!
//! ```sh
//! cargo run --release -p zcrypto-ffi --example verify_rows [-- N RUNS]
//! ```
//!
//! Output (one line, parsed by compare.py): `verify_rows n=10000 best_ns_per_sig=...`.

use std::time::Instant;

use zcrypto::Algorithm;
use zcrypto::batch::{BatchVerifier, Ed25519Rule, Item};
use zcrypto::sig::{Encoding, Signer, ed25519};

fn main() -> Result<(), zcrypto::Error> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
    // Contiguous arrays, as NumPy would hold them.
    let (mut pks, mut msgs, mut sigs) = (
        Vec::with_capacity(n * 32),
        Vec::with_capacity(n * 32),
        Vec::with_capacity(n * 64),
    );
    for i in 0..n {
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&(i as u64).to_le_bytes());
        seed[8] = 0x5A;
        let sk = ed25519::SigningKey::from_seed(&seed)?;
        let msg = zcrypto::hash::sha256(&(i as u64).to_le_bytes());
        pks.extend(sk.verifying_key().to_bytes());
        sigs.extend(sk.sign(&msg)?.to_bytes());
        msgs.extend(msg);
    }
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let t = Instant::now();
        let mut batch = BatchVerifier::new().ed25519_rule(Ed25519Rule::Zip215);
        for i in 0..n {
            batch.push(Item::new(
                Algorithm::Ed25519,
                &pks[i * 32..(i + 1) * 32],
                &msgs[i * 32..(i + 1) * 32],
                &sigs[i * 64..(i + 1) * 64],
            ))?;
        }
        batch.verify_all()?;
        best = best.min(t.elapsed().as_nanos() as f64 / n as f64);
    }
    println!("verify_rows n={n} best_ns_per_sig={best:.1}");
    Ok(())
}
