//! Criterion: HMAC-SHA-256 over a 1350-byte packet and TLS 1.3 / QUIC HKDF-Expand-Label.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use zcrypto::kdf::{HkdfAlg, Prk};
use zcrypto::mac::{self, HmacAlg};

fn bench_hmac(c: &mut Criterion) {
    let key = [0x0bu8; 32];
    let data = vec![0xa5u8; 1350];
    let mut group = c.benchmark_group("hmac");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("hmac-sha256/1350", |b| {
        b.iter(|| mac::hmac(HmacAlg::Sha256, black_box(&key), black_box(&data)))
    });
    group.finish();
}

fn bench_hkdf(c: &mut Criterion) {
    // RFC 9001 §A.1: the client Initial secret, expanded into the 16-byte packet key.
    let secret = [0xc0u8; 32];
    let prk = Prk::from_bytes(HkdfAlg::Sha256, &secret).expect("32-byte secret");
    let mut group = c.benchmark_group("hkdf");
    group.bench_function("expand_label/sha256/quic-key-16", |b| {
        b.iter(|| {
            let mut key = [0u8; 16];
            black_box(&prk)
                .expand_label(black_box(b"quic key"), b"", &mut key)
                .expect("expand_label");
            key
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config(Duration::from_millis(800));
    targets = bench_hmac, bench_hkdf
}
criterion_main!(benches);
