//! Criterion: every AEAD on every backend that runs it, sealing in place (tag appended)
//! and opening, at 1350 B (a QUIC packet) and 16 KiB (a TLS record).

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use zcrypto::Backend;
use zcrypto::aead::{AeadAlg, AeadKey, Nonce, TAG_LEN};

const AAD: &[u8] = b"quic short header 20";

fn bench_aead(c: &mut Criterion) {
    for alg in AeadAlg::ALL {
        let key_bytes = vec![0x11u8; alg.key_len()];
        let nonce = Nonce::try_from_slice(&vec![0x24u8; alg.nonce_len()]).expect("nonce");
        let mut group = c.benchmark_group(format!("aead/{}", alg.algorithm()));
        for &backend in Backend::AVAILABLE {
            let key = AeadKey::with_backend(alg, &key_bytes, backend).expect("key");
            // XChaCha20-Poly1305 runs on the portable code whatever was asked for:
            // benchmark it once.
            if key.backend() != backend {
                continue;
            }
            for size in [1350usize, 16 * 1024] {
                group.throughput(Throughput::Bytes(size as u64));
                let mut buf = vec![0x5au8; size + TAG_LEN];
                group.bench_function(
                    BenchmarkId::new(format!("seal/{}", backend.name()), size),
                    |b| {
                        b.iter(|| {
                            key.seal_in_place(&nonce, black_box(AAD), black_box(&mut buf), size)
                                .expect("seal")
                        })
                    },
                );
                // A valid sealed buffer; opening decrypts it in place, so restore it each
                // time (a memcpy, small next to the AEAD).
                let mut sealed = vec![0x5au8; size + TAG_LEN];
                key.seal_in_place(&nonce, AAD, &mut sealed, size)
                    .expect("seal");
                group.bench_function(
                    BenchmarkId::new(format!("open/{}", backend.name()), size),
                    |b| {
                        b.iter(|| {
                            buf.copy_from_slice(&sealed);
                            key.open_in_place(&nonce, black_box(AAD), black_box(&mut buf))
                                .expect("open")
                                .len()
                        })
                    },
                );
            }
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = common::config(Duration::from_millis(800));
    targets = bench_aead
}
criterion_main!(benches);
