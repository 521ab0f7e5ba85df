//! Calibrates the gas schedule of `zcrypto::metered` on this machine.
//!
//! For every metered operation it measures, through the metered entry points
//! themselves, the process CPU time per call (all threads, so blst's internal thread
//! pool is counted; zcrypto's own parallelism is pinned to one thread): the base cost at
//! a small input, the per-byte slope from two input sizes and the per-item slope from
//! two item counts, each the minimum over several runs and several whole passes. It converts at the fixed rate
//! of `NS_PER_GAS` nanoseconds per gas, rounding up, and prints the Rust source of the
//! table in `zcrypto/src/metered/schedule.rs` and a Markdown version.
//!
//! ```text
//! cargo run --release -p benches --bin calibrate > calibration.txt
//! ```

use std::collections::BTreeMap;
use std::hint::black_box;

use zcrypto::Algorithm;
use zcrypto::hash::HashAlg;
use zcrypto::kdf::HkdfAlg;
use zcrypto::kem::{DecapsulationKey, MlKem};
use zcrypto::mac::HmacAlg;
use zcrypto::metered::schedule::NS_PER_GAS;
use zcrypto::metered::{self, Gas, HashStreams, Op, RecoverOutput, SignatureSpans, Span, Verdict};
use zcrypto::sig::multisig::MultisigPolicy;
use zcrypto::sig::{Encoding, Signer, dynamic, secp256k1::ecdsa};

/// Runs per measurement; the minimum is kept.
const RUNS: usize = 7;
/// Whole calibration passes; the minimum of each entry is kept.
const PASSES: usize = 3;
/// Target CPU time of one run.
const RUN_NS: f64 = 15e6;

fn cpu_ns() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0);
    ts.tv_sec as f64 * 1e9 + ts.tv_nsec as f64
}

/// CPU nanoseconds per call of `f`: minimum over `RUNS` runs of about `RUN_NS` each.
fn time<R>(mut f: impl FnMut() -> R) -> f64 {
    let t0 = cpu_ns();
    black_box(f());
    let once = (cpu_ns() - t0).max(50.0);
    let iters = ((RUN_NS / once) as usize).clamp(1, 1_000_000);
    let mut best = f64::INFINITY;
    for _ in 0..RUNS {
        let t = cpu_ns();
        for _ in 0..iters {
            black_box(f());
        }
        best = best.min((cpu_ns() - t) / iters as f64);
    }
    best
}

/// An entry being calibrated, in nanoseconds.
#[derive(Clone, Copy, Default)]
struct Ns {
    base: f64,
    per_byte: f64,
    per_item: f64,
}

/// `(base, slope)` through `(u1, t1)` and `(u2, t2)`; the base is the time at `u1`
/// minus the slope's share, never negative, and the slope never negative.
fn line(u1: f64, t1: f64, u2: f64, t2: f64) -> (f64, f64) {
    let slope = ((t2 - t1) / (u2 - u1)).max(0.0);
    ((t1 - slope * u1).max(0.0), slope)
}

fn gas_ceil(ns: f64) -> u64 {
    (ns / NS_PER_GAS as f64).ceil() as u64
}

fn milli_ceil(ns_per_byte: f64) -> u64 {
    (ns_per_byte * 1000.0 / NS_PER_GAS as f64).ceil() as u64
}

const SMALL: u32 = 32;
const BIG: u32 = 16 << 10;
/// Long messages for the per-byte slope of operations with a large fixed cost, so that
/// the slope stands out of the base's noise.
const LONG: u32 = 1 << 20;

fn sig_mem(alg: Algorithm, msg_len: u32, ctx: &[u8]) -> (Vec<u8>, SignatureSpans) {
    let seed = vec![7u8; dynamic::seed_len(alg).unwrap()];
    let (sk, pk) = dynamic::keygen(alg, &seed).unwrap();
    let msg = vec![0x5a; msg_len as usize];
    let sig = dynamic::sign(alg, &sk, &msg, ctx).unwrap();
    let mem = [&pk[..], &msg, ctx, &sig].concat();
    let (p, m, c) = (pk.len() as u32, msg_len, ctx.len() as u32);
    let spans = SignatureSpans {
        public_key: Span::new(0, p),
        message: Span::new(p, m),
        context: Span::new(p + m, c),
        signature: Span::new(p + m + c, sig.len() as u32),
    };
    (mem, spans)
}

fn calibrate() -> (BTreeMap<Op, Ns>, f64) {
    let mut out: BTreeMap<Op, Ns> = BTreeMap::new();
    let mut gas = Gas::unlimited();

    // Hashes: base at 32 bytes, slope from 32 to 16 KiB.
    let mut mem = vec![0x11u8; BIG as usize + 64];
    for alg in HashAlg::ALL {
        let o = Span::new(BIG, 64);
        let t1 = time(|| metered::hash::hash(&mut mem[..], &mut gas, alg, Span::new(0, SMALL), o));
        let t2 = time(|| metered::hash::hash(&mut mem[..], &mut gas, alg, Span::new(0, BIG), o));
        let (base, per_byte) = line(SMALL as f64, t1, BIG as f64, t2);
        out.insert(
            Op::hash(alg),
            Ns {
                base,
                per_byte,
                per_item: 0.0,
            },
        );
    }

    // Streaming: init (+ abort), update of 0 bytes, finish overhead over the one-shot.
    let mut streams = HashStreams::new();
    let init = time(|| {
        let h = streams.init(&mut gas, HashAlg::Blake3).unwrap();
        streams.abort(h).unwrap();
    });
    out.insert(
        Op::HashInit,
        Ns {
            base: init,
            ..Ns::default()
        },
    );
    let h = streams.init(&mut gas, HashAlg::Sha256).unwrap();
    let update = time(|| streams.update(&mem[..], &mut gas, h, Span::new(0, 0)));
    out.insert(
        Op::HashUpdate,
        Ns {
            base: update,
            ..Ns::default()
        },
    );
    let mut finish: f64 = 0.0;
    for alg in HashAlg::ALL {
        let o = Span::new(BIG, 64);
        let t = time(|| {
            let h = streams.init(&mut gas, alg).unwrap();
            streams.finish(&mut mem[..], &mut gas, h, o).unwrap()
        });
        let one_shot =
            time(|| metered::hash::hash(&mut mem[..], &mut gas, alg, Span::new(0, 0), o));
        finish = finish.max(t - init - one_shot);
    }
    out.insert(
        Op::HashFinish,
        Ns {
            base: finish.max(0.0),
            ..Ns::default()
        },
    );

    // HMAC (32-byte key; bytes = key + data), HKDF-Extract (32-byte salt), HKDF-Expand.
    let key = Span::new(0, 32);
    for alg in HmacAlg::ALL {
        let o = Span::new(BIG, 64);
        let t1 =
            time(|| metered::mac::hmac(&mut mem[..], &mut gas, alg, key, Span::new(32, SMALL), o));
        let t2 = time(|| {
            metered::mac::hmac(&mut mem[..], &mut gas, alg, key, Span::new(32, BIG - 32), o)
        });
        let (base, per_byte) = line((32 + SMALL) as f64, t1, BIG as f64, t2);
        out.insert(
            Op::hmac(alg),
            Ns {
                base,
                per_byte,
                per_item: 0.0,
            },
        );
    }
    for alg in HkdfAlg::ALL {
        let o = Span::new(BIG, 64);
        let t1 = time(|| {
            metered::mac::hkdf_extract(&mut mem[..], &mut gas, alg, key, Span::new(32, SMALL), o)
        });
        let t2 = time(|| {
            metered::mac::hkdf_extract(&mut mem[..], &mut gas, alg, key, Span::new(32, BIG - 32), o)
        });
        let (base, per_byte) = line((32 + SMALL) as f64, t1, BIG as f64, t2);
        out.insert(
            Op::hkdf_extract(alg),
            Ns {
                base,
                per_byte,
                per_item: 0.0,
            },
        );
    }
    let mut big_mem = vec![0x22u8; 64 + 16384];
    for alg in HkdfAlg::ALL {
        let h = alg.hash_len() as u32;
        let prk = Span::new(0, h);
        let info = Span::new(0, 0);
        let l2 = 255 * h;
        let t1 = time(|| {
            metered::mac::hkdf_expand(&mut big_mem[..], &mut gas, alg, prk, info, Span::new(64, h))
        });
        let t2 = time(|| {
            metered::mac::hkdf_expand(
                &mut big_mem[..],
                &mut gas,
                alg,
                prk,
                info,
                Span::new(64, l2),
            )
        });
        let (base, per_byte) = line(h as f64, t1, l2 as f64, t2);
        out.insert(
            Op::hkdf_expand(alg),
            Ns {
                base,
                per_byte,
                per_item: 0.0,
            },
        );
    }

    // Signature verification: message 32 B vs 16 KiB; ML-DSA and hybrid with a context.
    for op in [
        Op::VerifyEd25519,
        Op::VerifyEd25519Strict,
        Op::VerifyEcdsaSecp256k1,
        Op::VerifyBip340,
        Op::VerifyMlDsa44,
        Op::VerifyMlDsa65,
        Op::VerifyMlDsa87,
        Op::VerifyBls12381,
        Op::VerifyHybridEd25519MlDsa65,
    ] {
        let alg = op.verify_algorithm().unwrap();
        let ctx: &[u8] = match alg {
            Algorithm::MlDsa44
            | Algorithm::MlDsa65
            | Algorithm::MlDsa87
            | Algorithm::HybridEd25519MlDsa65 => b"context!",
            _ => b"",
        };
        let (m1, s1) = sig_mem(alg, SMALL, ctx);
        let (m2, s2) = sig_mem(alg, LONG, ctx);
        let v = |m: &Vec<u8>, s| {
            let r = metered::verify::verify(&m[..], &mut Gas::unlimited(), op, s);
            assert_eq!(r, Ok(Verdict::Valid), "{op:?}");
        };
        let t1 = time(|| v(&m1, s1));
        let t2 = time(|| v(&m2, s2));
        let c = ctx.len() as f64;
        let (base, per_byte) = line(SMALL as f64 + c, t1, LONG as f64 + c, t2);
        out.insert(
            op,
            Ns {
                base,
                per_byte,
                per_item: 0.0,
            },
        );
    }

    // Key recovery (address output: the most work).
    let sk = ecdsa::SigningKey::from_seed(&[3; 32]).unwrap();
    let rsig = sk.sign_prehash_recoverable(&[9; 32]).unwrap();
    let mut rmem = [&[9u8; 32][..], &rsig.to_bytes(), &[0u8; 65]].concat();
    let t = time(|| {
        metered::recover::recover(
            &mut rmem[..],
            &mut gas,
            Span::new(0, 32),
            Span::new(32, 65),
            RecoverOutput::Address,
            Span::new(97, 65),
        )
    });
    out.insert(
        Op::Secp256k1Recover,
        Ns {
            base: t,
            ..Ns::default()
        },
    );

    // BLS aggregation.
    let bls_keys: Vec<zcrypto::sig::bls::SigningKey> = (0..64u8)
        .map(|i| zcrypto::sig::bls::SigningKey::from_seed(&[i + 1; 32]).unwrap())
        .collect();
    let fav = |n: usize, msg_len: usize| -> f64 {
        let msg = vec![0x33u8; msg_len];
        let pks: Vec<u8> = bls_keys[..n]
            .iter()
            .flat_map(|k| k.verifying_key().to_bytes())
            .collect();
        let sigs: Vec<_> = bls_keys[..n]
            .iter()
            .map(|k| k.sign(&msg).unwrap())
            .collect();
        let agg = zcrypto::sig::bls::aggregate_signatures(&sigs).unwrap();
        let mem = [&pks[..], &msg, agg.as_bytes()].concat();
        let (p, m) = (pks.len() as u32, msg_len as u32);
        time(|| {
            let r = metered::bls::fast_aggregate_verify(
                &mem[..],
                &mut Gas::unlimited(),
                Span::new(0, p),
                Span::new(p, m),
                Span::new(p + m, 96),
            );
            assert_eq!(r, Ok(Verdict::Valid));
        })
    };
    let (t11, t21, t12) = (fav(1, 32), fav(64, 32), fav(1, LONG as usize));
    let (_, per_item) = line(1.0, t11, 64.0, t21);
    let (_, per_byte) = line(32.0, t11, LONG as f64, t12);
    let base = (t11 - per_item - 32.0 * per_byte).max(0.0);
    out.insert(
        Op::BlsFastAggregateVerify,
        Ns {
            base,
            per_byte,
            per_item,
        },
    );
    let av = |n: usize, msg_len: usize| -> f64 {
        let msgs: Vec<Vec<u8>> = (0..n)
            .map(|i| {
                let mut m = vec![0x44u8; msg_len];
                m[0] = i as u8;
                m
            })
            .collect();
        let pks: Vec<u8> = bls_keys[..n]
            .iter()
            .flat_map(|k| k.verifying_key().to_bytes())
            .collect();
        let sigs: Vec<_> = bls_keys[..n]
            .iter()
            .zip(&msgs)
            .map(|(k, m)| k.sign(m).unwrap())
            .collect();
        let agg = zcrypto::sig::bls::aggregate_signatures(&sigs).unwrap();
        let enc: Vec<u8> = msgs
            .iter()
            .flat_map(|m| [&(m.len() as u32).to_le_bytes()[..], m].concat())
            .collect();
        let mem = [&pks[..], &enc, agg.as_bytes()].concat();
        let (p, e) = (pks.len() as u32, enc.len() as u32);
        time(|| {
            let r = metered::bls::aggregate_verify(
                &mem[..],
                &mut Gas::unlimited(),
                Span::new(0, p),
                Span::new(p, e),
                Span::new(p + e, 96),
            );
            assert_eq!(r, Ok(Verdict::Valid));
        })
    };
    // The encoding's 4-byte length prefix counts against the cap.
    let (t11, t21, t12) = (av(1, 32), av(16, 32), av(1, LONG as usize - 4));
    let (_, per_item) = line(1.0, t11, 16.0, t21);
    let (_, per_byte) = line(32.0, t11, (LONG - 4) as f64, t12);
    let base = (t11 - per_item - 32.0 * per_byte).max(0.0);
    out.insert(
        Op::BlsAggregateVerify,
        Ns {
            base,
            per_byte,
            per_item,
        },
    );
    let agg = |n: usize| -> f64 {
        let sigs: Vec<u8> = bls_keys[..n]
            .iter()
            .flat_map(|k| k.sign(b"m").unwrap().to_bytes())
            .collect();
        let mut mem = [&sigs[..], &[0u8; 96]].concat();
        let s = sigs.len() as u32;
        time(|| {
            metered::bls::aggregate_signatures(
                &mut mem[..],
                &mut Gas::unlimited(),
                Span::new(0, s),
                Span::new(s, 96),
            )
            .unwrap()
        })
    };
    let (t1, t2) = (agg(1), agg(64));
    let (base, per_item) = line(1.0, t1, 64.0, t2);
    out.insert(
        Op::BlsAggregateSignatures,
        Ns {
            base,
            per_byte: 0.0,
            per_item,
        },
    );

    // M-of-N: policy decoding and key validation, per scheme; keep the most expensive.
    let mut ms = Ns::default();
    for alg in [
        Algorithm::Ed25519,
        Algorithm::EcdsaSecp256k1,
        Algorithm::Bip340,
        Algorithm::MlDsa44,
        Algorithm::MlDsa65,
        Algorithm::MlDsa87,
        Algorithm::Bls12381,
        Algorithm::HybridEd25519MlDsa65,
    ] {
        let run = |n: usize| -> f64 {
            let keys = (0..n).map(|i| {
                let seed = vec![i as u8 + 1; dynamic::seed_len(alg).unwrap()];
                (alg, dynamic::keygen(alg, &seed).unwrap().1)
            });
            let policy = MultisigPolicy::new(1, keys).unwrap().to_bytes();
            let mem = [&policy[..], &[0u8]].concat();
            let p = policy.len() as u32;
            time(|| {
                let r = metered::multisig::verify(
                    &mem[..],
                    &mut Gas::unlimited(),
                    Span::new(0, p),
                    Span::new(0, 0),
                    Span::new(0, 0),
                    Span::new(p, 1),
                );
                assert_eq!(r, Ok(Verdict::Invalid));
            })
        };
        let (t1, t2) = (run(1), run(16));
        let (base, per_item) = line(1.0, t1, 16.0, t2);
        ms.base = ms.base.max(base);
        ms.per_item = ms.per_item.max(per_item);
    }
    out.insert(Op::MultisigVerify, ms);

    // Batches of Ed25519 items.
    let ed = zcrypto::sig::ed25519::SigningKey::from_seed(&[5; 32]).unwrap();
    let ed_pk = ed.verifying_key().to_bytes();
    let batch = |n: usize, msg_len: usize| -> (f64, usize) {
        let mut blob = vec![0, 0];
        for i in 0..n {
            let mut msg = vec![0x66u8; msg_len];
            msg[0] = i as u8;
            let sig = ed.sign(&msg).unwrap().to_bytes();
            metered::batch::push_item(&mut blob, Op::VerifyEd25519, &ed_pk, &sig, b"", &msg)
                .unwrap();
        }
        let b = blob.len() as u32;
        let t = time(|| {
            let r = metered::batch::verify(&blob[..], &mut Gas::unlimited(), Span::new(0, b));
            assert_eq!(r, Ok(Verdict::Valid));
        });
        (t, blob.len())
    };
    let (t2, _) = batch(2, 32);
    let (t4, len4) = batch(4, 32);
    let (t16, _) = batch(16, 32);
    let (_, per_item) = line(4.0, t4, 16.0, t16);
    let (t4big, len4big) = batch(4, LONG as usize / 4 - 256);
    let blob_slope = (t4big - t4) / (len4big - len4) as f64;
    let ed_per_byte = out[&Op::VerifyEd25519].per_byte;
    let base = (t2 - 2.0 * per_item).max(t4 - 4.0 * per_item).max(0.0);
    out.insert(
        Op::BatchVerify,
        Ns {
            base,
            per_byte: (blob_slope - ed_per_byte).max(0.0),
            per_item: 0.0,
        },
    );

    // ML-KEM encapsulation.
    for params in MlKem::ALL {
        let dk = DecapsulationKey::from_seed(params, &[1; 64]).unwrap();
        let ek = dk.encapsulation_key().as_bytes().to_vec();
        let (e, c) = (ek.len() as u32, params.ciphertext_len() as u32);
        let mut mem = [&ek[..], &[7u8; 32]].concat();
        mem.resize(mem.len() + c as usize + 32, 0);
        let t = time(|| {
            metered::kem::encapsulate(
                &mut mem[..],
                &mut Gas::unlimited(),
                params,
                Span::new(0, e),
                Span::new(e, 32),
                Span::new(e + 32, c),
                Span::new(e + 32 + c, 32),
            )
            .unwrap()
        });
        out.insert(
            Op::kem_encapsulate(params),
            Ns {
                base: t,
                ..Ns::default()
            },
        );
    }
    merkle_and_poseidon(&mut out);
    groth16(&mut out);
    bulletproofs(&mut out);
    kzg(&mut out);
    (out, per_item)
}

/// An RFC 9162 inclusion proof with `depth` path nodes (not a valid one: verification
/// does the same hashing either way and answers `Invalid`).
fn inclusion_mem(leaf_len: u32, depth: usize) -> (Vec<u8>, Span, Span, Span) {
    let proof = zcrypto::merkle::InclusionProof {
        index: 0,
        tree_size: 1u64 << depth,
        path: vec![[1u8; 32]; depth],
    }
    .to_bytes();
    let mem = [&[2u8; 32][..], &vec![3u8; leaf_len as usize], &proof].concat();
    let p = proof.len() as u32;
    (
        mem,
        Span::new(32, leaf_len),
        Span::new(32 + leaf_len, p),
        Span::new(0, 32),
    )
}

/// A sparse inclusion proof for `key` holding a value with hash `value_hash`, with
/// `depth` non-empty siblings (not a valid one: verification hashes the whole path
/// either way and answers `Invalid`).
fn sparse_proof(depth: usize, key: &[u8; 32], value_hash: &[u8; 32]) -> Vec<u8> {
    let mut p = vec![1u8];
    p.extend_from_slice(&(depth as u16).to_be_bytes());
    p.extend_from_slice(key);
    p.extend_from_slice(value_hash);
    let mut bitmap = vec![0xffu8; depth.div_ceil(8)];
    if !depth.is_multiple_of(8) {
        let last = bitmap.len() - 1;
        bitmap[last] = 0xffu8 << (8 - depth % 8);
    }
    p.extend_from_slice(&bitmap);
    for _ in 0..depth {
        p.extend_from_slice(&[1u8; 32]);
    }
    p
}

fn merkle_and_poseidon(out: &mut BTreeMap<Op, Ns>) {
    use zcrypto::merkle::sparse::value_hash;
    use zcrypto::merkle::{Blake3, Keccak256, Sha256};

    for op in [
        Op::MerkleInclusionSha256,
        Op::MerkleInclusionKeccak256,
        Op::MerkleInclusionBlake3,
    ] {
        let run = |leaf_len: u32, depth: usize| {
            let (mem, leaf, proof, root) = inclusion_mem(leaf_len, depth);
            time(|| {
                metered::merkle::verify_inclusion(
                    &mem[..],
                    &mut Gas::unlimited(),
                    op,
                    leaf,
                    proof,
                    root,
                )
                .unwrap()
            })
        };
        let (t1, t2) = (run(SMALL, 1), run(SMALL, 63));
        let (base, per_item) = line(1.0, t1, 63.0, t2);
        let (_, per_byte) = line(SMALL as f64, t1, BIG as f64, run(BIG, 1));
        out.insert(
            op,
            Ns {
                base,
                per_byte,
                per_item,
            },
        );
    }
    let eth = |n: u32| {
        let mem = vec![4u8; 64 + 32 * n as usize];
        time(|| {
            metered::merkle::verify_ethereum(
                &mem[..],
                &mut Gas::unlimited(),
                Span::new(0, 32),
                Span::new(64, 32 * n),
                Span::new(32, 32),
            )
            .unwrap()
        })
    };
    let (t1, t2) = (eth(1), eth(256));
    let (base, per_item) = line(1.0, t1, 256.0, t2);
    out.insert(
        Op::MerkleVerifyEthereum,
        Ns {
            base,
            per_byte: 0.0,
            per_item,
        },
    );
    for op in [
        Op::SparseMerkleVerifySha256,
        Op::SparseMerkleVerifyKeccak256,
        Op::SparseMerkleVerifyBlake3,
    ] {
        let run = |value_len: u32, depth: usize| {
            let value = vec![6u8; value_len as usize];
            let vh = match op {
                Op::SparseMerkleVerifySha256 => value_hash::<Sha256>(&value),
                Op::SparseMerkleVerifyKeccak256 => value_hash::<Keccak256>(&value),
                _ => value_hash::<Blake3>(&value),
            };
            let proof = sparse_proof(depth, &[5u8; 32], &vh);
            let mem = [&[5u8; 64][..], &value, &proof].concat();
            let p = Span::new(64 + value_len, proof.len() as u32);
            time(|| {
                metered::merkle::verify_sparse(
                    &mem[..],
                    &mut Gas::unlimited(),
                    op,
                    Span::new(0, 32),
                    Span::new(32, 32),
                    Some(Span::new(64, value_len)),
                    p,
                )
                .unwrap()
            })
        };
        let (t1, t2) = (run(SMALL, 1), run(SMALL, 256));
        let (base, per_item) = line(1.0, t1, 256.0, t2);
        let (_, per_byte) = line(SMALL as f64, t1, BIG as f64, run(BIG, 1));
        out.insert(
            op,
            Ns {
                base,
                per_byte,
                per_item,
            },
        );
    }
    let pos = |n: u32| {
        let mut mem = vec![0u8; 32 * n as usize + 32];
        for i in 0..n as usize {
            mem[32 * i + 31] = i as u8 + 1;
        }
        time(|| {
            metered::poseidon::hash(
                &mut mem[..],
                &mut Gas::unlimited(),
                Span::new(0, 32 * n),
                Span::new(32 * n, 32),
            )
            .unwrap()
        })
    };
    let (t1, t2) = (pos(1), pos(12));
    let (base, per_item) = line(1.0, t1, 12.0, t2);
    out.insert(
        Op::PoseidonBn254,
        Ns {
            base,
            per_byte: 0.0,
            per_item,
        },
    );
}

/// Guest memory `key ‖ proof ‖ inputs` for a Groth16 verification with `n` public
/// inputs: the snarkjs fixture's key with IC₁ repeated to n + 1 points (a valid key of
/// that size; the proof then fails, after exactly the work of a passing one) and
/// full-width inputs.
fn groth16_mem(curve: zcrypto::zk::Curve, n: usize) -> (Vec<u8>, Span, Span, Span) {
    use zcrypto::zk::{Curve, Proof, VerifyingKey};
    let dir = curve.snarkjs_name();
    let read = |f: &str| {
        std::fs::read_to_string(format!(
            "{}/../vectors/zk/groth16/{dir}/{f}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let vk = VerifyingKey::from_snarkjs_json(&read("verification_key.json"))
        .unwrap()
        .to_bytes();
    let proof = Proof::from_snarkjs_json(curve, &read("proof.json"))
        .unwrap()
        .to_bytes();
    let g1 = if curve == Curve::Bn254 { 32 } else { 48 };
    let n_at = 1 + g1 + 6 * g1;
    let ic1 = vk[n_at + 4 + g1..n_at + 4 + 2 * g1].to_vec();
    let mut key = vk[..n_at].to_vec();
    key.extend_from_slice(&(n as u32).to_le_bytes());
    key.extend_from_slice(&vk[n_at + 4..n_at + 4 + g1]);
    for _ in 0..n {
        key.extend_from_slice(&ic1);
    }
    // 2^248 + i: full-width scalars below both scalar fields.
    let mut inputs = vec![0u8; 32 * n];
    for (i, x) in inputs.chunks_exact_mut(32).enumerate() {
        x[0] = 0x01;
        x[31] = i as u8;
    }
    let (k, p) = (key.len() as u32, proof.len() as u32);
    let mem = [key, proof, inputs].concat();
    (
        mem,
        Span::new(0, k),
        Span::new(k, p),
        Span::new(k + p, 32 * n as u32),
    )
}

fn groth16(out: &mut BTreeMap<Op, Ns>) {
    use zcrypto::zk::Curve;
    for (op, curve) in [
        (Op::Groth16VerifyBn254, Curve::Bn254),
        (Op::Groth16VerifyBls12381, Curve::Bls12_381),
    ] {
        let run = |n: usize| {
            let (mem, vk, proof, inputs) = groth16_mem(curve, n);
            time(|| {
                metered::zk::verify_groth16(&mem[..], &mut Gas::unlimited(), op, vk, proof, inputs)
                    .unwrap()
            })
        };
        let (t1, t2) = (run(1), run(32));
        let (base, per_item) = line(1.0, t1, 32.0, t2);
        out.insert(
            op,
            Ns {
                base,
                per_byte: 0.0,
                per_item,
            },
        );
    }
}

/// Guest memory `proof ‖ commitments ‖ bit size` for a valid 64-bit Bulletproofs range
/// proof of `m` values (fixed entropy).
fn bulletproofs_mem(m: usize) -> (Vec<u8>, Span, Span, Span) {
    use zcrypto::zk::bulletproofs::{BitSize, Blinding, RangeProof};
    let values: Vec<u64> = (0..m as u64).map(|i| u64::MAX - i).collect();
    let blindings: Vec<Blinding> = (0..m)
        .map(|i| {
            let mut b = [i as u8 + 1; 32];
            b[31] = 0; // below the group order
            Blinding::from_bytes(b).unwrap()
        })
        .collect();
    let (proof, commitments) =
        RangeProof::prove_with_entropy(BitSize::Bits64, &values, &blindings, &[9; 32]).unwrap();
    let mut mem = proof.to_bytes();
    let p = mem.len() as u32;
    for c in &commitments {
        mem.extend_from_slice(c.as_bytes());
    }
    mem.push(64);
    let c = 32 * m as u32;
    (mem, Span::new(0, p), Span::new(p, c), Span::new(p + c, 1))
}

fn bulletproofs(out: &mut BTreeMap<Op, Ns>) {
    let run = |m: usize| {
        let (mem, proof, commitments, bits) = bulletproofs_mem(m);
        time(|| {
            let v = metered::zk::verify_bulletproofs(
                &mem[..],
                &mut Gas::unlimited(),
                proof,
                commitments,
                bits,
            )
            .unwrap();
            assert!(v.is_valid());
        })
    };
    let (t1, t16) = (run(1), run(16));
    let (base, per_item) = line(1.0, t1, 16.0, t16);
    out.insert(
        Op::BulletproofsVerify,
        Ns {
            base,
            per_byte: 0.0,
            per_item,
        },
    );
}

/// The valid EIP-4844 point-evaluation input of vectors/kzg/point_evaluation.json.
fn kzg_input() -> Vec<u8> {
    let text = std::fs::read_to_string(format!(
        "{}/../vectors/kzg/point_evaluation.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    // The first `"input"` after the `point_evaluation` list opens: pointEvaluation1.
    let list = &text[text.find("\"point_evaluation\": [").unwrap()..];
    let at = list.find("\"input\": \"").unwrap() + "\"input\": \"".len();
    let hex = &list[at..at + 2 * 192];
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

fn kzg(out: &mut BTreeMap<Op, Ns>) {
    let mem = kzg_input();
    let t = time(|| {
        let v =
            metered::zk::kzg_point_evaluation(&mem[..], &mut Gas::unlimited(), Span::new(0, 192))
                .unwrap();
        assert!(v.is_valid());
    });
    out.insert(
        Op::KzgPointEvaluation,
        Ns {
            base: t,
            ..Ns::default()
        },
    );
}

/// The encoding (circuit id ‖ public inputs ‖ proof) of a valid halo2 proof for
/// `circuit` (fixed entropy): a range check of the largest value in range, or membership
/// of the last leaf of a small tree.
fn halo2_encoding(circuit: zcrypto::zk::halo2::CircuitId) -> Vec<u8> {
    use zcrypto::zk::bulletproofs::BitSize;
    use zcrypto::zk::halo2::{self, Blinding, CircuitId, FieldElement, MerkleTree};
    let range = |bits: BitSize| {
        let max = u64::MAX >> (64 - bits.bits());
        halo2::prove_range_with_entropy(
            bits,
            max,
            &Blinding::from_bytes([7; 32]).unwrap(),
            &[9; 32],
        )
    };
    let membership = |depth: usize| {
        let leaves: Vec<FieldElement> = (1..=8).map(FieldElement::from_u64).collect();
        let tree = MerkleTree::new(depth, &leaves).unwrap();
        halo2::prove_membership_with_entropy(leaves[7], &tree.path(7).unwrap(), &[9; 32])
    };
    let (statement, proof) = match circuit {
        CircuitId::Range8 => range(BitSize::Bits8),
        CircuitId::Range16 => range(BitSize::Bits16),
        CircuitId::Range32 => range(BitSize::Bits32),
        CircuitId::Range64 => range(BitSize::Bits64),
        CircuitId::Membership8 => membership(8),
        CircuitId::Membership16 => membership(16),
        CircuitId::Membership20 => membership(20),
        CircuitId::Membership32 => membership(32),
        other => panic!("no calibration input for halo2 circuit {other}"),
    }
    .unwrap();
    halo2::encode(&statement, &proof)
}

/// [`Op::Halo2Verify`] per circuit id (its price is a constant per id), with the keys
/// computed before timing (they are computed once per process).
fn halo2() -> BTreeMap<u16, f64> {
    use zcrypto::zk::halo2::{self, CircuitId};
    CircuitId::ALL
        .iter()
        .map(|&circuit| {
            halo2::warm_up(circuit, false).unwrap();
            let mem = halo2_encoding(circuit);
            let span = Span::new(0, mem.len() as u32);
            let t = time(|| {
                let v = metered::zk::verify_halo2(&mem[..], &mut Gas::unlimited(), span).unwrap();
                assert!(v.is_valid());
            });
            (circuit.code(), t)
        })
        .collect()
}

fn main() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    // Whole passes, minimum per entry: other work on the machine only ever adds time.
    let (mut table, mut batch_item) = pool.install(calibrate);
    let mut halo2_table = pool.install(halo2);
    for _ in 1..PASSES {
        let (t, b) = pool.install(calibrate);
        batch_item = batch_item.min(b);
        for (op, ns) in t {
            let e = table.entry(op).or_insert(ns);
            e.base = e.base.min(ns.base);
            e.per_byte = e.per_byte.min(ns.per_byte);
            e.per_item = e.per_item.min(ns.per_item);
        }
        for (circuit, ns) in pool.install(halo2) {
            let e = halo2_table.entry(circuit).or_insert(ns);
            *e = e.min(ns);
        }
    }
    // Priced per circuit id; the operation's own entry is the most expensive circuit.
    let halo2_max = halo2_table.values().fold(0.0f64, |a, &b| a.max(b));
    table.insert(
        Op::Halo2Verify,
        Ns {
            base: halo2_max,
            ..Ns::default()
        },
    );
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let date = std::process::Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%d")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();

    println!("// BEGIN GENERATED by `cargo run --release -p benches --bin calibrate`");
    println!(
        "// Machine: {model} ({} logical CPUs); date: {date};",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "// rate: 1 gas = {NS_PER_GAS} ns of process CPU time; minimum over {PASSES} passes of {RUNS} runs;"
    );
    println!(
        "// native backend (default features), zcrypto's own parallelism pinned to one thread."
    );
    println!();
    println!("/// Per Ed25519 / FROST(Ed25519) item of a batch (one randomised multiscalar");
    println!("/// multiplication for the whole batch), plus the per-byte rate of");
    println!("/// [`Op::VerifyEd25519`] over the item's message.");
    println!(
        "pub const BATCH_ED25519_ITEM: u64 = {};",
        gas_ceil(batch_item)
    );
    println!();
    println!(
        "/// The price of [`Op::Halo2Verify`] per circuit id (`zk::halo2::CircuitId::code`): k,"
    );
    println!(
        "/// and so the verifier's work, is fixed per circuit, so the gas is a constant per id."
    );
    println!("pub const HALO2_VERIFY: &[(u16, u64)] = &[");
    for (circuit, &ns) in &halo2_table {
        println!("    (0x{circuit:04x}, {}),", gas_ceil(ns));
    }
    println!("];");
    println!();
    println!("impl Op {{");
    println!("    /// This operation's entry in the schedule.");
    println!("    pub const fn cost(self) -> Cost {{");
    println!("        match self {{");
    for &op in Op::ALL {
        let ns = table
            .get(&op)
            .unwrap_or_else(|| panic!("{op:?} not calibrated"));
        println!(
            "            Op::{op:?} => Cost::new({}, {}, {}),",
            gas_ceil(ns.base).max(1),
            milli_ceil(ns.per_byte),
            gas_ceil(ns.per_item)
        );
    }
    println!("        }}");
    println!("    }}");
    println!("}}");
    println!("// END GENERATED");
    println!();
    println!(
        "| id | operation | base (gas) | per byte (milligas) | per item (gas) | measured base | measured per byte | measured per item |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|");
    for &op in Op::ALL {
        let ns = table[&op];
        println!(
            "| 0x{:04x} | `{}` | {} | {} | {} | {:.0} ns | {:.3} ns | {:.0} ns |",
            op.id(),
            op.name(),
            gas_ceil(ns.base).max(1),
            milli_ceil(ns.per_byte),
            gas_ceil(ns.per_item),
            ns.base,
            ns.per_byte,
            ns.per_item
        );
    }
    println!(
        "| — | batch Ed25519 item | — | — | {} | — | — | {batch_item:.0} ns |",
        gas_ceil(batch_item)
    );
    for (circuit, &ns) in &halo2_table {
        println!(
            "| — | `halo2_verify`, circuit 0x{circuit:04x} | {} | 0 | 0 | {ns:.0} ns | — | — |",
            gas_ceil(ns)
        );
    }
}
