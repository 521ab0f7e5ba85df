//! Criterion: ML-KEM-512/768/1024 key generation from a seed, encapsulation and
//! decapsulation on both backends, and the X25519MLKEM768 hybrid exchange.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use zcrypto::Backend;
use zcrypto::kem::{DecapsulationKey, MlKem, hybrid};

fn bench_mlkem(c: &mut Criterion) {
    let seed = [0x42u8; 64];
    for params in MlKem::ALL {
        let mut group = c.benchmark_group(format!("kem/{}", params.algorithm()));
        for &backend in Backend::AVAILABLE {
            let name = backend.name();
            group.bench_function(BenchmarkId::new("keygen_from_seed", name), |b| {
                b.iter(|| {
                    DecapsulationKey::from_seed_with_backend(params, black_box(&seed), backend)
                        .expect("keygen")
                })
            });
            let dk =
                DecapsulationKey::from_seed_with_backend(params, &seed, backend).expect("keygen");
            let ek = dk.encapsulation_key();
            group.bench_function(BenchmarkId::new("encaps", name), |b| {
                b.iter(|| black_box(ek).encapsulate().expect("encaps"))
            });
            let (ct, _) = ek.encapsulate().expect("encaps");
            group.bench_function(BenchmarkId::new("decaps", name), |b| {
                b.iter(|| {
                    black_box(&dk)
                        .decapsulate(black_box(ct.as_bytes()))
                        .expect("decaps")
                })
            });
        }
        group.finish();
    }
}

fn bench_hybrid(c: &mut Criterion) {
    let seed = [0x42u8; 64];
    let x_secret = [0x3cu8; 32];
    let client = hybrid::Client::from_parts(&seed, x_secret).expect("client");
    let client_share = client.key_share();
    let (server_share, _) =
        hybrid::server_encapsulate_deterministic(&client_share, &[7u8; 32], [9u8; 32])
            .expect("server");
    let mut group = c.benchmark_group("kem/X25519MLKEM768");
    for &backend in Backend::AVAILABLE {
        // The client's whole part: key pair from seed, key share, then finish.
        group.bench_function(
            BenchmarkId::new("client_keygen_finish", backend.name()),
            |b| {
                b.iter(|| {
                    let client = hybrid::Client::from_parts_with_backend(
                        black_box(&seed),
                        x_secret,
                        backend,
                    )
                    .expect("client");
                    black_box(client.key_share());
                    client.finish(black_box(&server_share)).expect("finish")
                })
            },
        );
    }
    // The server side runs on the default backend.
    group.bench_function(
        BenchmarkId::new("server_encaps", Backend::default().name()),
        |b| b.iter(|| hybrid::server_encapsulate(black_box(&client_share)).expect("server")),
    );
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config(Duration::from_secs(1));
    targets = bench_mlkem, bench_hybrid
}
criterion_main!(benches);
