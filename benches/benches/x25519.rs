//! Criterion: X25519 Diffie-Hellman on both backends, and public-key derivation.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use zcrypto::Backend;
use zcrypto::x25519::SecretKey;

fn bench_x25519(c: &mut Criterion) {
    let peer = SecretKey::from_bytes([0x5du8; 32]).public_key();
    let mut group = c.benchmark_group("x25519");
    for &backend in Backend::AVAILABLE {
        let sk = SecretKey::from_bytes([0x3cu8; 32])
            .with_backend(backend)
            .expect("backend");
        group.bench_function(BenchmarkId::new("dh", backend.name()), |b| {
            b.iter(|| black_box(&sk).diffie_hellman(black_box(&peer)).expect("dh"))
        });
    }
    let sk = SecretKey::from_bytes([0x3cu8; 32]);
    group.bench_function("public_key", |b| b.iter(|| black_box(&sk).public_key()));
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config(Duration::from_secs(1));
    targets = bench_x25519
}
criterion_main!(benches);
