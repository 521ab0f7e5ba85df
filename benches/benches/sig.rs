//! Criterion: signing and verification for every signature scheme on both backends:
//! Ed25519, ECDSA secp256k1, BIP-340, ML-DSA-44/65/87 (deterministic and hedged
//! signing), plus verification from bytes (parse public key and signature, then verify)
//! for Ed25519 and ML-DSA-65.
//!
//! Which code runs on which backend is in the `zcrypto::sig` module docs; in particular
//! deterministic ML-DSA signing runs on the portable code on both backends, and only
//! `sign_hedged` (empty context) signs with aws-lc on native.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use zcrypto::Backend;
use zcrypto::sig::ml_dsa::{self, MlDsa};
use zcrypto::sig::secp256k1::{ecdsa, schnorr};
use zcrypto::sig::{Encoding, Signer, Verifier, ed25519};

/// A 32-byte message (the size of a transaction or block digest).
const MSG: &[u8; 32] = b"zcrypto signature bench message!";

fn bench_ed25519(c: &mut Criterion) {
    let mut group = c.benchmark_group(format!("sig/{}", ed25519::SigningKey::ALGORITHM));
    for &backend in Backend::AVAILABLE {
        let name = backend.name();
        let sk = ed25519::SigningKey::from_seed_with_backend(&[0x11; 32], backend).expect("key");
        let vk = sk.verifying_key();
        let sig = sk.sign(MSG).expect("sign");
        let (pk_bytes, sig_bytes) = (vk.to_bytes(), sig.to_bytes());
        group.bench_function(BenchmarkId::new("sign", name), |b| {
            b.iter(|| black_box(&sk).sign(black_box(MSG)).expect("sign"))
        });
        group.bench_function(BenchmarkId::new("verify", name), |b| {
            b.iter(|| {
                black_box(&vk)
                    .verify(black_box(MSG), black_box(&sig))
                    .expect("verify")
            })
        });
        group.bench_function(BenchmarkId::new("verify_from_bytes", name), |b| {
            b.iter(|| {
                let vk =
                    ed25519::VerifyingKey::from_bytes_with_backend(black_box(&pk_bytes), backend)
                        .expect("public key");
                let sig = ed25519::Signature::from_bytes(black_box(&sig_bytes)).expect("sig");
                vk.verify(black_box(MSG), &sig).expect("verify")
            })
        });
    }
    group.finish();
}

fn bench_ecdsa(c: &mut Criterion) {
    let mut group = c.benchmark_group(format!("sig/{}", ecdsa::SigningKey::ALGORITHM));
    for &backend in Backend::AVAILABLE {
        let name = backend.name();
        let sk = ecdsa::SigningKey::from_seed_with_backend(&[0x22; 32], backend).expect("key");
        let vk = sk.verifying_key();
        let sig = sk.sign(MSG).expect("sign");
        // Signer::sign: SHA-256 of the message, then RFC 6979 ECDSA.
        group.bench_function(BenchmarkId::new("sign", name), |b| {
            b.iter(|| black_box(&sk).sign(black_box(MSG)).expect("sign"))
        });
        group.bench_function(BenchmarkId::new("verify", name), |b| {
            b.iter(|| {
                black_box(&vk)
                    .verify(black_box(MSG), black_box(&sig))
                    .expect("verify")
            })
        });
    }
    group.finish();
}

fn bench_bip340(c: &mut Criterion) {
    let aux = [0x5a; 32];
    let mut group = c.benchmark_group(format!("sig/{}", schnorr::SigningKey::ALGORITHM));
    for &backend in Backend::AVAILABLE {
        let name = backend.name();
        let sk = schnorr::SigningKey::from_seed_with_backend(&[0x33; 32], backend).expect("key");
        let vk = sk.verifying_key();
        let sig = sk.sign_with_aux_rand(MSG, &aux).expect("sign");
        // A fixed aux_rand, so the OS random source is not part of the timing.
        group.bench_function(BenchmarkId::new("sign_with_aux_rand", name), |b| {
            b.iter(|| {
                black_box(&sk)
                    .sign_with_aux_rand(black_box(MSG), black_box(&aux))
                    .expect("sign")
            })
        });
        group.bench_function(BenchmarkId::new("verify", name), |b| {
            b.iter(|| {
                black_box(&vk)
                    .verify(black_box(MSG), black_box(&sig))
                    .expect("verify")
            })
        });
    }
    group.finish();
}

fn bench_ml_dsa(c: &mut Criterion) {
    for params in MlDsa::ALL {
        let mut group = c.benchmark_group(format!("sig/{}", params.algorithm()));
        for &backend in Backend::AVAILABLE {
            let name = backend.name();
            let sk = ml_dsa::SigningKey::from_seed_with_backend(params, &[0x44; 32], backend)
                .expect("key");
            let vk = sk.verifying_key();
            let sig = sk.sign(MSG).expect("sign");
            // Build the portable key behind a native key before timing.
            black_box(sk.sign(MSG).expect("sign"));
            // Deterministic (rnd = 0): the portable code on both backends.
            group.bench_function(BenchmarkId::new("sign", name), |b| {
                b.iter(|| black_box(&sk).sign(black_box(MSG)).expect("sign"))
            });
            // Hedged, OS randomness: aws-lc on native, the portable code otherwise.
            group.bench_function(BenchmarkId::new("sign_hedged", name), |b| {
                b.iter(|| {
                    black_box(&sk)
                        .sign_hedged(black_box(MSG), &[])
                        .expect("sign")
                })
            });
            group.bench_function(BenchmarkId::new("verify", name), |b| {
                b.iter(|| {
                    black_box(vk)
                        .verify(black_box(MSG), black_box(&sig))
                        .expect("verify")
                })
            });
            if params == MlDsa::MlDsa65 {
                let (pk_bytes, sig_bytes) = (vk.as_bytes().to_vec(), sig.as_bytes().to_vec());
                group.bench_function(BenchmarkId::new("verify_from_bytes", name), |b| {
                    b.iter(|| {
                        let vk = ml_dsa::VerifyingKey::from_bytes_with_backend(
                            params,
                            black_box(&pk_bytes),
                            backend,
                        )
                        .expect("public key");
                        let sig = ml_dsa::Signature::from_bytes(params, black_box(&sig_bytes))
                            .expect("signature");
                        vk.verify(black_box(MSG), &sig).expect("verify")
                    })
                });
            }
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = common::config(Duration::from_secs(1));
    targets = bench_ed25519, bench_ecdsa, bench_bip340, bench_ml_dsa
}
criterion_main!(benches);
