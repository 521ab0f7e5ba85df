//! Criterion: every hash function, one-shot, at 64 B, 1350 B (a QUIC packet) and 16 KiB.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use zcrypto::hash::{self, HashAlg};

fn bench_hash(c: &mut Criterion) {
    let mut group = c.benchmark_group("hash");
    for size in [64usize, 1350, 16 * 1024] {
        let data = vec![0xa5u8; size];
        group.throughput(Throughput::Bytes(size as u64));
        for alg in HashAlg::ALL {
            group.bench_with_input(
                BenchmarkId::new(alg.algorithm().to_string(), size),
                &data,
                |b, data| b.iter(|| hash::hash(black_box(alg), black_box(data))),
            );
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config(Duration::from_millis(800));
    targets = bench_hash
}
criterion_main!(benches);
