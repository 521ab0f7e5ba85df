//! Exercises every `zvm-sdk` wrapper of the host ABI (used by the tests to check the
//! SDK and the engine together; not an example to copy).
//!
//! `run`: `op (1 B) ‖ arguments`; lengths are 2 bytes big-endian unless noted. Results
//! of `Result<bool, _>` are `0x00` / `0x01`, errors `0xFF ‖ code (1 B)`.
//!
//! | op | arguments | output |
//! |---|---|---|
//! | 1 | hash `alg` (0..=7: sha256, sha384, sha512, sha3_256, keccak256, blake2b_512, blake2s_256, blake3) ‖ data | one-shot digest |
//! | 2 | `alg` ‖ data | the same through `Hasher` (fed in two parts) |
//! | 3 | `alg` (0..=2: SHA-256/384/512) ‖ key len ‖ key ‖ data | HMAC |
//! | 4 | `alg` ‖ salt len ‖ salt ‖ ikm len ‖ ikm ‖ out len ‖ info | HKDF-Extract then Expand |
//! | 5 | scheme (0..=8, `crypto::Scheme` order) ‖ pk len ‖ pk ‖ ctx len ‖ ctx ‖ sig len ‖ sig ‖ msg | verdict |
//! | 6 | format (0 uncompressed, 1 raw, 2 address) ‖ hash (32) ‖ sig (65) | key / address, or `0x00` |
//! | 7 | sigs (n × 96) | aggregate (96) |
//! | 8 | keys len (4) ‖ keys ‖ sig (96) ‖ msgs | AggregateVerify verdict |
//! | 9 | batch | verdict |
//! | 10 | level (0..=2: 512, 768, 1024) ‖ rand (32) ‖ ek | ct ‖ ss |
//! | 11 | alg (0..=2: sha256, keccak256, blake3) ‖ root (32) ‖ leaf len ‖ leaf ‖ proof | verdict |
//! | 12 | alg ‖ root (32) ‖ key (32) ‖ present (1) ‖ value len ‖ value ‖ proof | verdict |
//! | 13 | inputs (n × 32) | Poseidon (32) |
//! | 14 | — | caller (20) ‖ address (20) ‖ value (32) ‖ height (8) ‖ time (8) ‖ gas left (8) |
//! | 15 | — | panics with "boom" |
//! | 16 | key (32) ‖ value | writes, reads back; output: contains (1) ‖ read; then removes |
//! | 17 | to (20) ‖ value (16) ‖ data | status (0 success, 1 reverted, 2 failed) ‖ output |
//! | 18 | policy len ‖ policy ‖ sigs len ‖ sigs ‖ msg | `multisig_verify` verdict |
//! | 19 | count (1) ‖ count × 32-byte topics ‖ data | emits the event |
//! | 20 | curve (0 BN254, 1 BLS12-381) ‖ vk len ‖ vk ‖ proof len ‖ proof ‖ inputs (n × 32) | Groth16 verdict |
//!
//! `main` is `run` (for `call_contract` tests); `echo` returns its input.
#![no_std]

extern crate alloc;

use alloc::vec;
use alloc::vec::Vec;
use zvm_sdk::crypto::{self, CryptoError, HashOp, Scheme};
use zvm_sdk::{CallStatus, Reader, entry, storage};

type R = Result<Vec<u8>, &'static str>;

fn verdict(r: Result<bool, CryptoError>) -> Vec<u8> {
    match r {
        Ok(b) => vec![b as u8],
        Err(e) => vec![0xff, e.code as u8],
    }
}

fn bytes<const N: usize>(r: Result<[u8; N], CryptoError>) -> Vec<u8> {
    match r {
        Ok(b) => b.to_vec(),
        Err(e) => vec![0xff, e.code as u8],
    }
}

fn chunk<'a>(r: &mut Reader<'a>) -> Result<&'a [u8], &'static str> {
    let n = r.u16()? as usize;
    r.take(n)
}

fn hash(alg: u8, data: &[u8]) -> R {
    Ok(match alg {
        0 => bytes(crypto::sha256(data)),
        1 => bytes(crypto::sha384(data)),
        2 => bytes(crypto::sha512(data)),
        3 => bytes(crypto::sha3_256(data)),
        4 => bytes(crypto::keccak256(data)),
        5 => bytes(crypto::blake2b_512(data)),
        6 => bytes(crypto::blake2s_256(data)),
        7 => bytes(crypto::blake3(data)),
        _ => return Err("bad alg"),
    })
}

fn stream(alg: u8, data: &[u8]) -> R {
    let op = match alg {
        0 => HashOp::Sha256,
        1 => HashOp::Sha384,
        2 => HashOp::Sha512,
        3 => HashOp::Sha3_256,
        4 => HashOp::Keccak256,
        5 => HashOp::Blake2b512,
        6 => HashOp::Blake2s256,
        7 => HashOp::Blake3,
        _ => return Err("bad alg"),
    };
    let (a, b) = data.split_at(data.len() / 2);
    let run = || -> Result<Vec<u8>, CryptoError> {
        let mut h = crypto::Hasher::new(op)?;
        h.update(a)?;
        h.update(b)?;
        h.finish()
    };
    Ok(run().unwrap_or_else(|e| vec![0xff, e.code as u8]))
}

fn run(input: &[u8]) -> R {
    let mut r = Reader::new(input);
    let op = r.u8()?;
    match op {
        1 => hash(r.u8()?, r.rest()),
        2 => stream(r.u8()?, r.rest()),
        3 => {
            let alg = r.u8()?;
            let key = chunk(&mut r)?;
            let data = r.rest();
            Ok(match alg {
                0 => bytes(crypto::hmac_sha256(key, data)),
                1 => bytes(crypto::hmac_sha384(key, data)),
                2 => bytes(crypto::hmac_sha512(key, data)),
                _ => return Err("bad alg"),
            })
        }
        4 => {
            let alg = r.u8()?;
            let salt = chunk(&mut r)?;
            let ikm = chunk(&mut r)?;
            let mut out = vec![0u8; r.u16()? as usize];
            let info = r.rest();
            let res = match alg {
                0 => crypto::hkdf_extract_sha256(salt, ikm)
                    .and_then(|prk| crypto::hkdf_expand_sha256(&prk, info, &mut out)),
                1 => crypto::hkdf_extract_sha384(salt, ikm)
                    .and_then(|prk| crypto::hkdf_expand_sha384(&prk, info, &mut out)),
                2 => crypto::hkdf_extract_sha512(salt, ikm)
                    .and_then(|prk| crypto::hkdf_expand_sha512(&prk, info, &mut out)),
                _ => return Err("bad alg"),
            };
            Ok(match res {
                Ok(()) => out,
                Err(e) => vec![0xff, e.code as u8],
            })
        }
        5 => {
            let scheme = match r.u8()? {
                0 => Scheme::Ed25519,
                1 => Scheme::Ed25519Strict,
                2 => Scheme::EcdsaSecp256k1,
                3 => Scheme::Bip340,
                4 => Scheme::MlDsa44,
                5 => Scheme::MlDsa65,
                6 => Scheme::MlDsa87,
                7 => Scheme::Bls12381,
                8 => Scheme::Ed25519MlDsa65,
                _ => return Err("bad scheme"),
            };
            let pk = chunk(&mut r)?;
            let ctx = chunk(&mut r)?;
            let sig = chunk(&mut r)?;
            Ok(verdict(crypto::verify(scheme, pk, r.rest(), ctx, sig)))
        }
        6 => {
            let format = r.u8()?;
            let h: [u8; 32] = r.array()?;
            let sig: [u8; 65] = r.array()?;
            let out = match format {
                0 => {
                    crypto::secp256k1_recover_uncompressed(&h, &sig).map(|o| o.map(|k| k.to_vec()))
                }
                1 => crypto::secp256k1_recover_raw(&h, &sig).map(|o| o.map(|k| k.to_vec())),
                2 => crypto::secp256k1_recover_address(&h, &sig).map(|o| o.map(|k| k.to_vec())),
                _ => return Err("bad format"),
            };
            Ok(match out {
                Ok(Some(k)) => k,
                Ok(None) => vec![0],
                Err(e) => vec![0xff, e.code as u8],
            })
        }
        7 => Ok(bytes(crypto::bls_aggregate_signatures(r.rest()))),
        8 => {
            let n = r.u32()? as usize;
            let keys = r.take(n)?;
            let sig = r.take(96)?;
            Ok(verdict(crypto::bls_aggregate_verify(keys, r.rest(), sig)))
        }
        9 => Ok(verdict(crypto::batch_verify(r.rest()))),
        10 => {
            let level = r.u8()?;
            let rand: [u8; 32] = r.array()?;
            let ek = r.rest();
            let res = match level {
                0 => crypto::ml_kem_512_encapsulate(ek, &rand),
                1 => crypto::ml_kem_768_encapsulate(ek, &rand),
                2 => crypto::ml_kem_1024_encapsulate(ek, &rand),
                _ => return Err("bad level"),
            };
            Ok(match res {
                Ok((ct, ss)) => [&ct[..], &ss].concat(),
                Err(e) => vec![0xff, e.code as u8],
            })
        }
        11 => {
            let alg = r.u8()?;
            let root: [u8; 32] = r.array()?;
            let leaf = chunk(&mut r)?;
            let proof = r.rest();
            Ok(verdict(match alg {
                0 => crypto::merkle_inclusion_sha256(leaf, proof, &root),
                1 => crypto::merkle_inclusion_keccak256(leaf, proof, &root),
                2 => crypto::merkle_inclusion_blake3(leaf, proof, &root),
                _ => return Err("bad alg"),
            }))
        }
        12 => {
            let alg = r.u8()?;
            let root: [u8; 32] = r.array()?;
            let key: [u8; 32] = r.array()?;
            let present = r.u8()? != 0;
            let value = chunk(&mut r)?;
            let value = present.then_some(value);
            let proof = r.rest();
            Ok(verdict(match alg {
                0 => crypto::sparse_merkle_verify_sha256(&root, &key, value, proof),
                1 => crypto::sparse_merkle_verify_keccak256(&root, &key, value, proof),
                2 => crypto::sparse_merkle_verify_blake3(&root, &key, value, proof),
                _ => return Err("bad alg"),
            }))
        }
        13 => Ok(bytes(crypto::poseidon_bn254(r.rest()))),
        14 => Ok([
            &zvm_sdk::caller().0[..],
            &zvm_sdk::address().0,
            &zvm_sdk::value(),
            &zvm_sdk::block_height().to_be_bytes(),
            &zvm_sdk::block_time().to_be_bytes(),
            &zvm_sdk::gas_left().to_be_bytes(),
        ]
        .concat()),
        15 => panic!("boom"),
        16 => {
            let key: [u8; 32] = r.array()?;
            let value = r.rest();
            storage::set(&key, value);
            let mut out = vec![storage::contains(&key) as u8];
            out.extend_from_slice(&storage::get(&key).unwrap_or_default());
            storage::remove(&key);
            if storage::contains(&key) || storage::get(&key).is_some() {
                return Err("storage: not removed");
            }
            Ok(out)
        }
        17 => {
            let to = r.address()?;
            let value = r.u128()?;
            let res = zvm_sdk::call_contract(&to, r.rest(), value, u64::MAX);
            let status = match res.status {
                CallStatus::Success => 0,
                CallStatus::Reverted => 1,
                CallStatus::Failed => 2,
            };
            Ok([&[status][..], &res.data].concat())
        }
        18 => {
            let policy = chunk(&mut r)?;
            let sigs = chunk(&mut r)?;
            Ok(verdict(crypto::multisig_verify(
                policy,
                r.rest(),
                &[],
                sigs,
            )))
        }
        19 => {
            let count = r.u8()? as usize;
            let mut topics = Vec::with_capacity(count);
            for _ in 0..count {
                topics.push(r.array::<32>()?);
            }
            zvm_sdk::emit_event(&topics, r.rest());
            Ok(Vec::new())
        }
        20 => {
            let curve = r.u8()?;
            let vk = chunk(&mut r)?;
            let proof = chunk(&mut r)?;
            let (inputs, rest) = r.rest().as_chunks::<32>();
            if !rest.is_empty() {
                return Err("inputs: not n × 32 bytes");
            }
            Ok(verdict(match curve {
                0 => crypto::groth16_verify_bn254(vk, proof, inputs),
                1 => crypto::groth16_verify_bls12_381(vk, proof, inputs),
                _ => return Err("bad curve"),
            }))
        }
        _ => Err("selftest: unknown op"),
    }
}

fn echo(input: &[u8]) -> Vec<u8> {
    input.to_vec()
}

entry!(run => run, main => run, echo => echo);
