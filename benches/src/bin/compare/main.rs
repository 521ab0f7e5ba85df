//! Side-by-side timing of zcrypto against the crates it wraps and their peers, in one
//! process, on the same inputs, with one timing method (see the `benches` library).
//!
//! ```text
//! cargo run --release -p benches --bin compare -- [kem] [aead] [packet] [profile] [hash] [kx] [sig] [batch] [merkle] [pool] [vm] [evm] [wasm] [tunnel] [zk]
//! ```
//!
//! No argument runs every group. Timing never changes the exit status.

use std::hint::black_box;
use std::process::ExitCode;

use benches::{
    Case, Config, Measurements, Table, Unit, case, case_ops, machine, measure, wrapper_summary,
};
use zcrypto::Backend;
use zcrypto::aead::{AeadAlg, AeadKey, Nonce, TAG_LEN};
use zcrypto::hash::HashAlg;
use zcrypto::kem::{DecapsulationKey, MlKem};

mod batch;
mod evm;
mod merkle;
mod packet;
mod pool;
mod profile;
mod tunnel;
mod vm;
mod wasm;
mod zk;

const GROUPS: [&str; 15] = [
    "kem", "aead", "packet", "profile", "hash", "kx", "sig", "batch", "merkle", "pool", "vm",
    "evm", "wasm", "tunnel", "zk",
];

/// A second, independent instance of a wrapped backend, timed against the first: its
/// ratio shows the noise floor of a wrapper row (same code, different objects).
const CONTROL: &str = "A/A: same backend, 2nd instance";

fn main() -> ExitCode {
    let mut selected = Vec::new();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(vm::PEAK_MEMORY_ARG) {
        return vm::peak_memory_child(args.get(1).map(String::as_str));
    }
    for arg in args {
        match arg.as_str() {
            "-h" | "--help" => {
                println!(
                    "usage: compare [kem] [aead] [packet] [profile] [hash] [kx] [sig] [batch] [merkle] [pool] [vm] [evm] [wasm] [tunnel] [zk]   (no argument: all groups)"
                );
                return ExitCode::SUCCESS;
            }
            g if GROUPS.contains(&g) => selected.push(g.to_owned()),
            other => {
                eprintln!("compare: unknown group {other:?}; expected any of {GROUPS:?}");
                return ExitCode::from(2);
            }
        }
    }
    if selected.is_empty() {
        selected = GROUPS.iter().map(|g| (*g).to_owned()).collect();
    }

    let cfg = Config::default();
    println!("## zcrypto vs peers\n");
    println!("Machine: {}\n", machine());
    println!(
        "Method: per case {} ms warm-up/calibration, then {} interleaved rounds (rotating \
         order) of one ~{:.1} ms batch per case; a value is the median batch, a ratio the median of the \
         per-round ratios. `ours/peer` is a throughput ratio (peer time / our time): \
         >1.0 means zcrypto is faster, <1.0 slower. `wrapper ≥0.97×` is checked only on \
         rows whose peer is the very backend zcrypto calls for that row (informational).\n",
        cfg.warmup.as_millis(),
        cfg.batches,
        cfg.batch.as_secs_f64() * 1e3,
    );

    let mut tables = Vec::new();
    for group in GROUPS.iter().filter(|g| selected.iter().any(|s| s == *g)) {
        let t = match *group {
            "kem" => kem(cfg),
            "aead" => aead(cfg),
            "hash" => hash(cfg),
            "kx" => kx(cfg),
            "sig" => sig(cfg),
            "batch" => batch::batch(cfg),
            "merkle" => merkle::merkle(cfg),
            "packet" => packet::packet(cfg),
            "pool" => pool::pool(cfg),
            "profile" => profile::profile(cfg),
            "evm" => evm::evm(cfg),
            "wasm" => wasm::wasm(cfg),
            "tunnel" => tunnel::tunnel(cfg),
            "zk" => zk::zk(cfg),
            _ => vm::vm(cfg),
        };
        println!("{}", t.to_markdown());
        tables.push(t);
    }
    let (pass, fail) = wrapper_summary(&tables);
    println!(
        "Wrapper rows meeting ≥0.97× the wrapped backend: {pass} of {}.",
        pass + fail
    );
    ExitCode::SUCCESS
}

/// Prints the noisiest case of a measurement set, to judge how far ratios can be trusted.
fn note_noise(group: &str, m: &Measurements) {
    if let Some(worst) = m.all().iter().max_by(|a, b| a.spread.total_cmp(&b.spread)) {
        eprintln!(
            "[{group}] noisiest case: {} (batch IQR {:.1}% of median)",
            worst.name,
            worst.spread * 100.0
        );
    }
}

// ---------------------------------------------------------------------------------
// AEAD
// ---------------------------------------------------------------------------------

const AAD: &[u8] = b"quic short header 20";
const NONCE: [u8; 12] = [0x24; 12];

fn aead_name(alg: AeadAlg) -> &'static str {
    match alg {
        AeadAlg::Aes128Gcm => "AES-128-GCM",
        AeadAlg::Aes256Gcm => "AES-256-GCM",
        AeadAlg::ChaCha20Poly1305 => "ChaCha20-Poly1305",
        AeadAlg::XChaCha20Poly1305 => "XChaCha20-Poly1305",
    }
}

/// A peer's seal-in-place: `seal(plaintext, tag_out)` encrypts `plaintext` in place and
/// writes the tag into `tag_out`, i.e. the same buffer layout as zcrypto's
/// `seal_in_place` (ciphertext ‖ tag).
fn seal_case<'a>(
    name: &str,
    size: usize,
    mut seal: impl FnMut(&mut [u8], &mut [u8]) + 'a,
) -> Case<'a> {
    let mut buf = vec![0x5a; size + TAG_LEN];
    case(name, move || {
        let (pt, tag) = black_box(&mut buf[..]).split_at_mut(size);
        seal(pt, tag);
    })
}

fn zcrypto_seal_case<'a>(name: &str, key: AeadKey, size: usize) -> Case<'a> {
    let nonce = Nonce::try_from_slice(&NONCE).expect("12-byte nonce");
    let mut buf = vec![0x5a; size + TAG_LEN];
    case(name, move || {
        key.seal_in_place(&nonce, black_box(AAD), black_box(&mut buf[..]), size)
            .expect("seal")
    })
}

fn aws_lc_seal_case<'a>(name: &str, alg: AeadAlg, key: &[u8], size: usize) -> Case<'a> {
    use aws_lc_rs::aead::{self as lc, Aad, LessSafeKey, UnboundKey};
    let lc_alg = match alg {
        AeadAlg::Aes128Gcm => &lc::AES_128_GCM,
        AeadAlg::Aes256Gcm => &lc::AES_256_GCM,
        _ => &lc::CHACHA20_POLY1305,
    };
    let key = LessSafeKey::new(UnboundKey::new(lc_alg, key).expect("aws-lc key"));
    seal_case(name, size, move |pt, tag_out| {
        let nonce = lc::Nonce::assume_unique_for_key(NONCE);
        let tag = key
            .seal_in_place_separate_tag(nonce, Aad::from(black_box(AAD)), pt)
            .expect("aws-lc seal");
        tag_out.copy_from_slice(tag.as_ref());
    })
}

fn ring_seal_case<'a>(alg: AeadAlg, key: &[u8], size: usize) -> Case<'a> {
    use ring::aead::{self as r, Aad, LessSafeKey, UnboundKey};
    let r_alg = match alg {
        AeadAlg::Aes128Gcm => &r::AES_128_GCM,
        AeadAlg::Aes256Gcm => &r::AES_256_GCM,
        _ => &r::CHACHA20_POLY1305,
    };
    let key = LessSafeKey::new(UnboundKey::new(r_alg, key).expect("ring key"));
    seal_case("ring", size, move |pt, tag_out| {
        let nonce = r::Nonce::assume_unique_for_key(NONCE);
        let tag = key
            .seal_in_place_separate_tag(nonce, Aad::from(black_box(AAD)), pt)
            .expect("ring seal");
        tag_out.copy_from_slice(tag.as_ref());
    })
}

fn rustcrypto_seal_case<'a, C>(name: &str, cipher: C, size: usize) -> Case<'a>
where
    C: aes_gcm::aead::AeadInOut + 'a,
{
    let nonce = aes_gcm::aead::Nonce::<C>::try_from(&NONCE[..]).expect("12-byte nonce");
    seal_case(name, size, move |pt, tag_out| {
        let tag = cipher
            .encrypt_inout_detached(&nonce, black_box(AAD), pt.into())
            .expect("RustCrypto seal");
        tag_out.copy_from_slice(&tag);
    })
}

fn aead(cfg: Config) -> Table {
    use aes_gcm::aead::KeyInit;
    let mut table = Table::new(
        "AEAD seal in place (GB/s of plaintext, 20-byte AAD, tag appended)",
        Unit::NsPerOp,
    );
    let algs = [
        AeadAlg::Aes128Gcm,
        AeadAlg::Aes256Gcm,
        AeadAlg::ChaCha20Poly1305,
    ];
    for alg in algs {
        let key = vec![0x11; alg.key_len()];
        let rc_name = match alg {
            AeadAlg::ChaCha20Poly1305 => "RustCrypto chacha20poly1305",
            _ => "RustCrypto aes-gcm",
        };
        for size in [1350, 16 * 1024] {
            let rustcrypto = match alg {
                AeadAlg::Aes128Gcm => rustcrypto_seal_case(
                    rc_name,
                    aes_gcm::Aes128Gcm::new_from_slice(&key).expect("key"),
                    size,
                ),
                AeadAlg::Aes256Gcm => rustcrypto_seal_case(
                    rc_name,
                    aes_gcm::Aes256Gcm::new_from_slice(&key).expect("key"),
                    size,
                ),
                _ => rustcrypto_seal_case(
                    rc_name,
                    chacha20poly1305::ChaCha20Poly1305::new_from_slice(&key).expect("key"),
                    size,
                ),
            };
            let zc = |b| AeadKey::with_backend(alg, &key, b).expect("zcrypto key");
            let mut cases = vec![
                zcrypto_seal_case("zcrypto native", zc(Backend::Native), size),
                aws_lc_seal_case("aws-lc-rs", alg, &key, size),
                ring_seal_case(alg, &key, size),
                zcrypto_seal_case("zcrypto portable", zc(Backend::Portable), size),
                rustcrypto,
            ];
            // Noise control, once per group: the wrapped backend against itself.
            let control = alg == AeadAlg::Aes128Gcm && size == 1350;
            if control {
                cases.push(aws_lc_seal_case(CONTROL, alg, &key, size));
            }
            let m = measure(cfg, cases);
            note_noise(&format!("aead {} {size}", aead_name(alg)), &m);
            table.set_unit(Unit::GbPerSec { bytes: size });
            let op = |b: &str| format!("{} seal {size} B [{b}]", aead_name(alg));
            table.row(op("native"), &m, "zcrypto native", "aws-lc-rs", true);
            table.row(op("native"), &m, "zcrypto native", "ring", false);
            if control {
                table.row(
                    op("noise control: aws-lc-rs 2nd key vs 1st"),
                    &m,
                    CONTROL,
                    "aws-lc-rs",
                    false,
                );
            }
            table.row(op("portable"), &m, "zcrypto portable", rc_name, true);
            table.row(
                op("native"),
                &m,
                "zcrypto native",
                "zcrypto portable",
                false,
            );
        }
    }
    table
}

// ---------------------------------------------------------------------------------
// ML-KEM-768
// ---------------------------------------------------------------------------------

fn kem(cfg: Config) -> Table {
    use aws_lc_rs::kem as lc;
    use libcrux_ml_kem::mlkem768;
    use ml_kem::kem::Decapsulate as _;

    const P: MlKem = MlKem::MlKem768;
    let seed = [0x42u8; 64];
    let m = [0x17u8; 32];

    // One key pair from one seed, loaded into every implementation that accepts a seed
    // or the standard encodings, so all of them decapsulate the same ciphertext.
    let dk_native = DecapsulationKey::from_seed_with_backend(P, &seed, Backend::Native).unwrap();
    let dk_portable =
        DecapsulationKey::from_seed_with_backend(P, &seed, Backend::Portable).unwrap();
    let ek_native = dk_native.encapsulation_key().clone();
    let ek_portable = dk_portable.encapsulation_key().clone();
    let ek_bytes = ek_native.as_bytes().to_vec();
    let (ct, ss) = ek_portable.encapsulate_deterministic(&m).unwrap();
    let ct = ct.as_bytes().to_vec();

    let lx_pair = mlkem768::generate_key_pair(seed);
    let lx_ct = mlkem768::MlKem768Ciphertext::try_from(&ct[..]).unwrap();
    assert_eq!(
        lx_pair.public_key().as_slice()[..],
        ek_bytes[..],
        "libcrux ek"
    );
    assert_eq!(
        mlkem768::decapsulate(lx_pair.private_key(), &lx_ct),
        *ss.as_bytes()
    );

    let lc_dk = lc::DecapsulationKey::new(&lc::ML_KEM_768, &dk_native.to_bytes()).unwrap();
    let lc_ek = lc::EncapsulationKey::new(&lc::ML_KEM_768, &ek_bytes).unwrap();
    let lc_dk2 = lc::DecapsulationKey::new(&lc::ML_KEM_768, &dk_native.to_bytes()).unwrap();
    let lc_ss = lc_dk.decapsulate(lc::Ciphertext::from(&ct[..])).unwrap();
    assert_eq!(lc_ss.as_ref(), ss.as_bytes(), "aws-lc decaps");

    let rc_dk = ml_kem::ml_kem_768::DecapsulationKey::from_seed(ml_kem::Seed::from(seed));
    let rc_ek = rc_dk.encapsulation_key().clone();
    let rc_ct = ml_kem::ml_kem_768::Ciphertext::try_from(&ct[..]).unwrap();
    let rc_m = ml_kem::B32::from(m);
    assert_eq!(
        rc_dk.decapsulate(&rc_ct)[..],
        ss.as_bytes()[..],
        "ml-kem decaps"
    );

    let mut table = Table::new("ML-KEM-768 (ns/op, lower is better)", Unit::NsPerOp);

    let keygen = measure(
        cfg,
        vec![
            case("zcrypto native", || {
                DecapsulationKey::from_seed_with_backend(P, black_box(&seed), Backend::Native)
                    .unwrap()
            }),
            case("zcrypto portable", || {
                DecapsulationKey::from_seed_with_backend(P, black_box(&seed), Backend::Portable)
                    .unwrap()
            }),
            case("libcrux-ml-kem", || {
                mlkem768::generate_key_pair(black_box(seed))
            }),
            case("aws-lc-rs (random, no seed API)", || {
                lc::DecapsulationKey::generate(&lc::ML_KEM_768).unwrap()
            }),
            case("zcrypto native ephemeral (no seed)", || {
                zcrypto::kem::EphemeralDecapsulationKey::generate(P).unwrap()
            }),
            case("RustCrypto ml-kem", || {
                ml_kem::ml_kem_768::DecapsulationKey::from_seed(ml_kem::Seed::from(black_box(seed)))
            }),
        ],
    );
    note_noise("kem keygen", &keygen);
    let k = &keygen;
    table.row(
        "keygen from seed [native]",
        k,
        "zcrypto native",
        "aws-lc-rs (random, no seed API)",
        false,
    );
    // The native backend generates with libcrux-ml-kem, then loads the keys into aws-lc.
    table.row(
        "keygen from seed [native]",
        k,
        "zcrypto native",
        "libcrux-ml-kem",
        true,
    );
    table.row(
        "keygen from seed [portable]",
        k,
        "zcrypto portable",
        "RustCrypto ml-kem",
        true,
    );
    table.row(
        "keygen from seed [portable]",
        k,
        "zcrypto portable",
        "libcrux-ml-kem",
        false,
    );
    table.row(
        "keygen from seed [native]",
        k,
        "zcrypto native",
        "zcrypto portable",
        false,
    );
    // Ephemeral keys need no seed: aws-lc's own key generation, wrapped.
    table.row(
        "keygen, ephemeral (no seed) [native]",
        k,
        "zcrypto native ephemeral (no seed)",
        "aws-lc-rs (random, no seed API)",
        true,
    );
    table.row(
        "keygen, ephemeral (no seed) [native]",
        k,
        "zcrypto native ephemeral (no seed)",
        "zcrypto native",
        false,
    );

    let encaps = measure(
        cfg,
        vec![
            case("zcrypto native", || {
                black_box(&ek_native).encapsulate().unwrap()
            }),
            case("zcrypto portable", || {
                black_box(&ek_portable)
                    .encapsulate_deterministic(black_box(&m))
                    .unwrap()
            }),
            case("libcrux-ml-kem", || {
                mlkem768::encapsulate(black_box(lx_pair.public_key()), black_box(m))
            }),
            case("aws-lc-rs", || black_box(&lc_ek).encapsulate().unwrap()),
            case("RustCrypto ml-kem", || {
                black_box(&rc_ek).encapsulate_deterministic(black_box(&rc_m))
            }),
        ],
    );
    note_noise("kem encaps", &encaps);
    let e = &encaps;
    table.row("encaps [native]", e, "zcrypto native", "aws-lc-rs", true);
    table.row(
        "encaps [native]",
        e,
        "zcrypto native",
        "libcrux-ml-kem",
        false,
    );
    table.row(
        "encaps, caller m [portable]",
        e,
        "zcrypto portable",
        "RustCrypto ml-kem",
        true,
    );
    table.row(
        "encaps, caller m [portable]",
        e,
        "zcrypto portable",
        "libcrux-ml-kem",
        false,
    );
    table.row(
        "encaps [native]",
        e,
        "zcrypto native",
        "zcrypto portable",
        false,
    );

    let decaps = measure(
        cfg,
        vec![
            case("zcrypto native", || {
                black_box(&dk_native).decapsulate(black_box(&ct)).unwrap()
            }),
            case("zcrypto portable", || {
                black_box(&dk_portable).decapsulate(black_box(&ct)).unwrap()
            }),
            case("libcrux-ml-kem", || {
                mlkem768::decapsulate(black_box(lx_pair.private_key()), black_box(&lx_ct))
            }),
            case("aws-lc-rs", || {
                black_box(&lc_dk)
                    .decapsulate(lc::Ciphertext::from(black_box(&ct[..])))
                    .unwrap()
            }),
            case("RustCrypto ml-kem", || {
                black_box(&rc_dk).decapsulate(black_box(&rc_ct))
            }),
            case(CONTROL, || {
                black_box(&lc_dk2)
                    .decapsulate(lc::Ciphertext::from(black_box(&ct[..])))
                    .unwrap()
            }),
        ],
    );
    note_noise("kem decaps", &decaps);
    let d = &decaps;
    table.row("decaps [native]", d, "zcrypto native", "aws-lc-rs", true);
    table.row(
        "decaps [noise control: aws-lc-rs 2nd key vs 1st]",
        d,
        CONTROL,
        "aws-lc-rs",
        false,
    );
    table.row(
        "decaps [native]",
        d,
        "zcrypto native",
        "libcrux-ml-kem",
        false,
    );
    table.row(
        "decaps [portable]",
        d,
        "zcrypto portable",
        "RustCrypto ml-kem",
        true,
    );
    table.row(
        "decaps [portable]",
        d,
        "zcrypto portable",
        "libcrux-ml-kem",
        false,
    );
    table.row(
        "decaps [native]",
        d,
        "zcrypto native",
        "zcrypto portable",
        false,
    );
    table
}

// ---------------------------------------------------------------------------------
// Hashes
// ---------------------------------------------------------------------------------

fn hash(cfg: Config) -> Table {
    use sha2::Digest as _;
    let mut table = Table::new("Hashes, one-shot (GB/s of input)", Unit::NsPerOp);
    let algs: [(HashAlg, &str, &str); 4] = [
        (HashAlg::Sha256, "SHA-256", "sha2"),
        (HashAlg::Keccak256, "Keccak-256", "sha3"),
        (HashAlg::Blake3, "BLAKE3", "blake3"),
        (HashAlg::Sha512, "SHA-512", "sha2"),
    ];
    for (alg, name, raw) in algs {
        for size in [1350, 1 << 20] {
            let data = vec![0xa5u8; size];
            let data = &data[..];
            let data2 = vec![0xa5u8; size];
            let data2 = &data2[..];
            let mut cases = vec![case("zcrypto", || {
                zcrypto::hash::hash(black_box(alg), black_box(data))
            })];
            cases.push(match alg {
                HashAlg::Sha256 => case(raw, || sha2::Sha256::digest(black_box(data))),
                HashAlg::Sha512 => case(raw, || sha2::Sha512::digest(black_box(data))),
                HashAlg::Keccak256 => case(raw, || sha3::Keccak256::digest(black_box(data))),
                _ => case(raw, || blake3::hash(black_box(data))),
            });
            let lc_alg = match alg {
                HashAlg::Sha256 => Some(&aws_lc_rs::digest::SHA256),
                HashAlg::Sha512 => Some(&aws_lc_rs::digest::SHA512),
                _ => None,
            };
            if let Some(lc_alg) = lc_alg {
                cases.push(case("aws-lc-rs", move || {
                    aws_lc_rs::digest::digest(lc_alg, black_box(data))
                }));
            }
            // Noise control, once per group: the wrapped crate against itself.
            let control = alg == HashAlg::Sha256 && size == 1350;
            if control {
                cases.push(case(CONTROL, || sha2::Sha256::digest(black_box(data2))));
            }
            let m = measure(cfg, cases);
            note_noise(&format!("hash {name} {size}"), &m);
            table.set_unit(Unit::GbPerSec { bytes: size });
            let op = if size >= 1 << 20 {
                format!("{name} {} MiB", size >> 20)
            } else {
                format!("{name} {size} B")
            };
            table.row(op.clone(), &m, "zcrypto", raw, true);
            if control {
                table.row(
                    format!("{op} [noise control: sha2 vs sha2]"),
                    &m,
                    CONTROL,
                    raw,
                    false,
                );
            }
            if lc_alg.is_some() {
                table.row(op, &m, "zcrypto", "aws-lc-rs", false);
            }
        }
    }
    table
}

// ---------------------------------------------------------------------------------
// X25519
// ---------------------------------------------------------------------------------

fn kx(cfg: Config) -> Table {
    use aws_lc_rs::agreement::{self, PrivateKey, UnparsedPublicKey, X25519};
    use zcrypto::x25519::SecretKey;

    let secret = [0x3cu8; 32];
    let peer = SecretKey::from_bytes([0x5du8; 32]).public_key();
    let peer_bytes = *peer.as_bytes();
    let native = SecretKey::from_bytes(secret)
        .with_backend(Backend::Native)
        .unwrap();
    let portable = SecretKey::from_bytes(secret)
        .with_backend(Backend::Portable)
        .unwrap();
    let parsed = PrivateKey::from_private_key(&X25519, &secret).unwrap();
    let lc_agree = |sk: &PrivateKey| {
        agreement::agree(
            sk,
            UnparsedPublicKey::new(&X25519, black_box(&peer_bytes)),
            (),
            |k| {
                let mut out = [0u8; 32];
                out.copy_from_slice(k);
                Ok(out)
            },
        )
        .unwrap()
    };
    let expected = *native.diffie_hellman(&peer).unwrap().as_bytes();
    assert_eq!(lc_agree(&parsed), expected, "aws-lc agrees");
    assert_eq!(
        x25519_dalek::x25519(secret, peer_bytes),
        expected,
        "dalek agrees"
    );

    let m = measure(
        cfg,
        vec![
            // A new key object per DH: loads the key into aws-lc every time.
            case("zcrypto native", || {
                SecretKey::from_bytes(black_box(secret))
                    .diffie_hellman(black_box(&peer))
                    .unwrap()
            }),
            // One key for many DHs (a static key): loaded into aws-lc once.
            case("zcrypto native (key reused)", || {
                black_box(&native).diffie_hellman(black_box(&peer)).unwrap()
            }),
            case("zcrypto portable", || {
                black_box(&portable)
                    .diffie_hellman(black_box(&peer))
                    .unwrap()
            }),
            // The same work as the wrapper: key from 32 bytes, then agree.
            case("aws-lc-rs", || {
                lc_agree(&PrivateKey::from_private_key(&X25519, black_box(&secret)).unwrap())
            }),
            // A key object built once (e.g. a long-lived static key).
            case("aws-lc-rs (key pre-parsed)", || {
                lc_agree(black_box(&parsed))
            }),
            case("x25519-dalek", || {
                x25519_dalek::x25519(black_box(secret), black_box(peer_bytes))
            }),
        ],
    );
    note_noise("kx", &m);
    let mut table = Table::new(
        "X25519 Diffie-Hellman (ns/op, lower is better)",
        Unit::NsPerOp,
    );
    table.row(
        "DH from 32-byte secret [native]",
        &m,
        "zcrypto native",
        "aws-lc-rs",
        true,
    );
    table.row(
        "DH from 32-byte secret [native]",
        &m,
        "zcrypto native",
        "aws-lc-rs (key pre-parsed)",
        false,
    );
    table.row(
        "DH, one key reused [native]",
        &m,
        "zcrypto native (key reused)",
        "aws-lc-rs (key pre-parsed)",
        true,
    );
    table.row(
        "DH, one key reused [native]",
        &m,
        "zcrypto native (key reused)",
        "aws-lc-rs",
        false,
    );
    table.row(
        "DH from 32-byte secret [portable]",
        &m,
        "zcrypto portable",
        "x25519-dalek",
        true,
    );
    table.row(
        "DH from 32-byte secret [native]",
        &m,
        "zcrypto native",
        "zcrypto portable",
        false,
    );

    // Public key from a new 32-byte secret (a reused key returns the public key aws-lc
    // computed when it loaded the key).
    let expected_pk = *native.public_key().as_bytes();
    let dalek_pk =
        || x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from(black_box(secret)));
    let lc_pk = || {
        PrivateKey::from_private_key(&X25519, black_box(&secret))
            .unwrap()
            .compute_public_key()
            .unwrap()
    };
    assert_eq!(dalek_pk().as_bytes(), &expected_pk, "dalek public key");
    assert_eq!(lc_pk().as_ref(), &expected_pk, "aws-lc public key");
    let m = measure(
        cfg,
        vec![
            case("zcrypto", || {
                SecretKey::from_bytes(black_box(secret)).public_key()
            }),
            case("x25519-dalek x25519(k, 9)", || {
                x25519_dalek::x25519(black_box(secret), x25519_dalek::X25519_BASEPOINT_BYTES)
            }),
            case("x25519-dalek PublicKey::from (base-point table)", dalek_pk),
            case("aws-lc-rs", lc_pk),
        ],
    );
    note_noise("kx public key", &m);
    let op = "public key from 32-byte secret";
    table.row(op, &m, "zcrypto", "x25519-dalek x25519(k, 9)", true);
    table.row(
        op,
        &m,
        "zcrypto",
        "x25519-dalek PublicKey::from (base-point table)",
        false,
    );
    table.row(op, &m, "zcrypto", "aws-lc-rs", false);
    table
}

// ---------------------------------------------------------------------------------
// Signatures
// ---------------------------------------------------------------------------------

/// A 32-byte message (the size of a transaction or block digest).
const SIG_MSG: &[u8; 32] = b"zcrypto signature bench message!";

/// ML-DSA signing repeats a rejection loop a message-dependent (deterministic signing)
/// or random (hedged signing) number of times, so one timed call signs a fixed set of
/// messages: [`ML_DSA_MSGS`] messages once each when deterministic, [`ML_DSA_HEDGED_OPS`]
/// signatures cycling over them when hedged. Times are per signature.
const ML_DSA_MSGS: usize = 16;
const ML_DSA_HEDGED_OPS: usize = 128;

fn sig(cfg: Config) -> Table {
    let mut table = Table::new(
        "Signatures, 32-byte message (ns/op, lower is better)",
        Unit::NsPerOp,
    );
    ml_dsa_verify(cfg, &mut table);
    ml_dsa_sign(cfg, &mut table);
    ecdsa_verify(cfg, &mut table);
    bip340_verify(cfg, &mut table);
    ed25519_compare(cfg, &mut table);
    bls_compare(cfg, &mut table);
    table.set_note(format!(
        "Notes: BLS12-381 rows compare zcrypto's `sig::bls` with raw `blst` (min_pk, the \
         Ethereum POP DST) making the same calls with the same validation. ML-DSA signing rows are per signature over a set \
         of {ML_DSA_MSGS} messages (deterministic: each once; hedged: {ML_DSA_HEDGED_OPS} \
         signatures per timed call, so the random number of rejection-loop rounds averages \
         out; compare hedged rows with their noise-control row). Deterministic ML-DSA \
         signing runs on RustCrypto `ml-dsa` on both zcrypto backends (aws-lc-rs signs only \
         hedged); libcrux signs deterministically with rnd = 0 and hedged with a counter as \
         rnd. ECDSA hashes the message with SHA-256 on every side; BIP-340 verifies the raw \
         message. The secp256k1 and Ed25519 peers parse the signature bytes in each call, as \
         the wrapper does."
    ));
    table
}

/// ML-DSA-65 verification from bytes: parse the public key and signature, then verify.
fn ml_dsa_verify(cfg: Config, table: &mut Table) {
    use ::ml_dsa::{EncodedVerifyingKey, MlDsa65};
    use aws_lc_rs::signature::{ML_DSA_65, UnparsedPublicKey};
    use libcrux_ml_dsa::ml_dsa_65 as lx;
    use zcrypto::sig::ml_dsa::{MlDsa, Signature, SigningKey, VerifyingKey};

    const P: MlDsa = MlDsa::MlDsa65;
    let seed = [0x44u8; 32];
    let sk = SigningKey::from_seed_with_backend(P, &seed, Backend::Native).unwrap();
    let pk = sk.verifying_key().as_bytes().to_vec();
    let pk2 = pk.clone();
    let sig = sk.sign(SIG_MSG).unwrap().as_bytes().to_vec();
    let pk_arr: [u8; 1952] = pk.clone().try_into().unwrap();
    let sig_arr: [u8; 3309] = sig.clone().try_into().unwrap();

    let ours = |backend: Backend| {
        let vk = VerifyingKey::from_bytes_with_backend(P, black_box(&pk), backend)?;
        let sig = Signature::from_bytes(P, black_box(&sig))?;
        vk.verify(black_box(SIG_MSG), &sig)
    };
    let lc = |pk: &[u8]| {
        UnparsedPublicKey::new(&ML_DSA_65, black_box(pk))
            .verify(black_box(SIG_MSG), black_box(&sig))
    };
    let lx_verify = || {
        let vk = lx::MLDSA65VerificationKey::new(black_box(pk_arr));
        let sig = lx::MLDSA65Signature::new(black_box(sig_arr));
        lx::verify(&vk, black_box(SIG_MSG), b"", &sig)
    };
    let rc_verify = || {
        let enc = EncodedVerifyingKey::<MlDsa65>::try_from(black_box(&pk[..])).ok()?;
        let vk = ::ml_dsa::VerifyingKey::<MlDsa65>::decode(&enc);
        let sig = ::ml_dsa::Signature::<MlDsa65>::try_from(black_box(&sig[..])).ok()?;
        Some(vk.verify_with_context(black_box(SIG_MSG), b"", &sig))
    };
    // Every implementation accepts the signature.
    ours(Backend::Native).expect("zcrypto native verifies");
    ours(Backend::Portable).expect("zcrypto portable verifies");
    lc(&pk).expect("aws-lc-rs verifies");
    lx_verify().expect("libcrux verifies");
    assert_eq!(rc_verify(), Some(true), "ml-dsa verifies");

    let m = measure(
        cfg,
        vec![
            case("zcrypto native", || ours(Backend::Native).unwrap()),
            case("zcrypto portable", || ours(Backend::Portable).unwrap()),
            case("aws-lc-rs", || lc(&pk).unwrap()),
            case("libcrux-ml-dsa", || lx_verify().unwrap()),
            case("RustCrypto ml-dsa", || rc_verify().unwrap()),
            case(CONTROL, || lc(&pk2).unwrap()),
        ],
    );
    note_noise("sig ML-DSA-65 verify", &m);
    let op = |b: &str| format!("ML-DSA-65 verify from bytes [{b}]");
    table.row(op("native"), &m, "zcrypto native", "aws-lc-rs", true);
    table.row(
        op("noise control: aws-lc-rs 2nd key buffer vs 1st"),
        &m,
        CONTROL,
        "aws-lc-rs",
        false,
    );
    table.row(op("native"), &m, "zcrypto native", "libcrux-ml-dsa", false);
    table.row(
        op("native"),
        &m,
        "zcrypto native",
        "RustCrypto ml-dsa",
        false,
    );
    table.row(
        op("portable"),
        &m,
        "zcrypto portable",
        "RustCrypto ml-dsa",
        true,
    );
    table.row(
        op("portable"),
        &m,
        "zcrypto portable",
        "libcrux-ml-dsa",
        false,
    );
    table.row(
        op("native"),
        &m,
        "zcrypto native",
        "zcrypto portable",
        false,
    );
}

/// ML-DSA-65 signing: deterministic (rnd = 0) and hedged.
fn ml_dsa_sign(cfg: Config, table: &mut Table) {
    use ::ml_dsa::{B32, ExpandedSigningKey, MlDsa65};
    use aws_lc_rs::signature::{KeyPair as _, ML_DSA_65_SIGNING, PqdsaKeyPair};
    use libcrux_ml_dsa::ml_dsa_65 as lx;
    use zcrypto::sig::ml_dsa::{MlDsa, Signature, SigningKey, VerifyingKey};

    const P: MlDsa = MlDsa::MlDsa65;
    let seed = [0x44u8; 32];
    let msgs: [[u8; 32]; ML_DSA_MSGS] = std::array::from_fn(|i| {
        let mut m = *SIG_MSG;
        m[0] = i as u8;
        m
    });
    let native = SigningKey::from_seed_with_backend(P, &seed, Backend::Native).unwrap();
    let portable = SigningKey::from_seed_with_backend(P, &seed, Backend::Portable).unwrap();
    let pk = native.verifying_key().as_bytes().to_vec();
    let lx_pair = lx::generate_key_pair(seed);
    let rc_sk = ExpandedSigningKey::<MlDsa65>::from_seed(&B32::from(seed));
    let lc_sk = PqdsaKeyPair::from_seed(&ML_DSA_65_SIGNING, &seed).unwrap();
    let lc_sk2 = PqdsaKeyPair::from_seed(&ML_DSA_65_SIGNING, &seed).unwrap();
    assert_eq!(lx_pair.verification_key.as_slice(), &pk[..], "libcrux key");
    assert_eq!(lc_sk.public_key().as_ref(), &pk[..], "aws-lc key");
    assert_eq!(portable.verifying_key().as_bytes(), &pk[..], "portable key");
    assert_eq!(&rc_sk.verifying_key().encode()[..], &pk[..], "ml-dsa key");

    let lc_sign = |sk: &PqdsaKeyPair, msg: &[u8]| {
        let mut sig = [0u8; 3309];
        let n = sk.sign(black_box(msg), &mut sig).unwrap();
        assert_eq!(n, sig.len());
        sig
    };
    let lx_sign = |msg: &[u8], rnd: [u8; 32]| {
        lx::sign(&lx_pair.signing_key, black_box(msg), b"", black_box(rnd)).unwrap()
    };
    let rc_sign = |msg: &[u8]| {
        rc_sk
            .sign_deterministic(black_box(msg), b"")
            .unwrap()
            .encode()
    };
    // Deterministic signatures are identical everywhere, and every signature verifies
    // under every implementation's verifier.
    let vk_native = VerifyingKey::from_bytes_with_backend(P, &pk, Backend::Native).unwrap();
    let vk_portable = VerifyingKey::from_bytes_with_backend(P, &pk, Backend::Portable).unwrap();
    for msg in &msgs {
        let det = native.sign(msg).unwrap();
        assert_eq!(det, portable.sign(msg).unwrap(), "backends agree");
        assert_eq!(det.as_bytes(), lx_sign(msg, [0; 32]).as_slice(), "libcrux");
        assert_eq!(det.as_bytes(), &rc_sign(msg)[..], "ml-dsa");
        let hedged = [
            native.sign_hedged(msg, b"").unwrap().as_bytes().to_vec(),
            lc_sign(&lc_sk, msg).to_vec(),
            lx_sign(msg, [7; 32]).as_slice().to_vec(),
            det.as_bytes().to_vec(),
        ];
        for sig in hedged {
            let parsed = Signature::from_bytes(P, &sig).unwrap();
            vk_native.verify(msg, &parsed).expect("native verifies");
            vk_portable.verify(msg, &parsed).expect("portable verifies");
            lx::verify(
                &lx_pair.verification_key,
                msg,
                b"",
                &lx::MLDSA65Signature::new(sig.try_into().unwrap()),
            )
            .expect("libcrux verifies");
        }
    }

    let det = measure(
        cfg,
        vec![
            case_ops("zcrypto native", ML_DSA_MSGS as u64, || {
                for msg in &msgs {
                    black_box(black_box(&native).sign(black_box(msg)).unwrap());
                }
            }),
            case_ops("zcrypto portable", ML_DSA_MSGS as u64, || {
                for msg in &msgs {
                    black_box(black_box(&portable).sign(black_box(msg)).unwrap());
                }
            }),
            case_ops("RustCrypto ml-dsa", ML_DSA_MSGS as u64, || {
                for msg in &msgs {
                    black_box(rc_sign(msg));
                }
            }),
            case_ops("libcrux-ml-dsa (rnd = 0)", ML_DSA_MSGS as u64, || {
                for msg in &msgs {
                    black_box(lx_sign(msg, [0; 32]));
                }
            }),
        ],
    );
    note_noise("sig ML-DSA-65 sign deterministic", &det);
    let op = |b: &str| format!("ML-DSA-65 sign deterministic [{b}]");
    // The native backend signs deterministically with RustCrypto ml-dsa.
    let native_op = op("native: runs RustCrypto ml-dsa");
    table.row(
        &native_op,
        &det,
        "zcrypto native",
        "RustCrypto ml-dsa",
        true,
    );
    table.row(
        &native_op,
        &det,
        "zcrypto native",
        "libcrux-ml-dsa (rnd = 0)",
        false,
    );
    table.row(
        op("portable"),
        &det,
        "zcrypto portable",
        "RustCrypto ml-dsa",
        true,
    );
    table.row(
        op("portable"),
        &det,
        "zcrypto portable",
        "libcrux-ml-dsa (rnd = 0)",
        false,
    );

    let mut ctr = 0u64;
    let hedged = measure(
        cfg,
        vec![
            case_ops("zcrypto native", ML_DSA_HEDGED_OPS as u64, || {
                for i in 0..ML_DSA_HEDGED_OPS {
                    let msg = &msgs[i % ML_DSA_MSGS];
                    black_box(black_box(&native).sign_hedged(black_box(msg), b"").unwrap());
                }
            }),
            case_ops("aws-lc-rs", ML_DSA_HEDGED_OPS as u64, || {
                for i in 0..ML_DSA_HEDGED_OPS {
                    black_box(lc_sign(black_box(&lc_sk), &msgs[i % ML_DSA_MSGS]));
                }
            }),
            case_ops(
                "libcrux-ml-dsa (counter as rnd)",
                ML_DSA_HEDGED_OPS as u64,
                move || {
                    for i in 0..ML_DSA_HEDGED_OPS {
                        ctr += 1;
                        let mut rnd = [0u8; 32];
                        rnd[..8].copy_from_slice(&ctr.to_le_bytes());
                        black_box(lx_sign(&msgs[i % ML_DSA_MSGS], rnd));
                    }
                },
            ),
            case_ops(CONTROL, ML_DSA_HEDGED_OPS as u64, || {
                for i in 0..ML_DSA_HEDGED_OPS {
                    black_box(lc_sign(black_box(&lc_sk2), &msgs[i % ML_DSA_MSGS]));
                }
            }),
        ],
    );
    note_noise("sig ML-DSA-65 sign hedged", &hedged);
    let op = |b: &str| format!("ML-DSA-65 sign hedged [{b}]");
    table.row(op("native"), &hedged, "zcrypto native", "aws-lc-rs", true);
    table.row(
        op("noise control: aws-lc-rs 2nd key vs 1st"),
        &hedged,
        CONTROL,
        "aws-lc-rs",
        false,
    );
    table.row(
        op("native"),
        &hedged,
        "zcrypto native",
        "libcrux-ml-dsa (counter as rnd)",
        false,
    );
}

/// ECDSA secp256k1 verification over SHA-256 of the message, pre-parsed public key.
fn ecdsa_verify(cfg: Config, table: &mut Table) {
    use k256::ecdsa::signature::Verifier as _;
    use sha2::Digest as _;
    use zcrypto::sig::secp256k1::ecdsa::SigningKey;
    use zcrypto::sig::{Encoding, Signer, Verifier};

    let native = SigningKey::from_seed_with_backend(&[0x22; 32], Backend::Native).unwrap();
    let portable = SigningKey::from_seed_with_backend(&[0x22; 32], Backend::Portable).unwrap();
    let (vk_native, vk_portable) = (native.verifying_key(), portable.verifying_key());
    let sig = native.sign(SIG_MSG).unwrap();
    assert_eq!(
        sig,
        portable.sign(SIG_MSG).unwrap(),
        "RFC 6979 on both backends"
    );
    let sig_bytes: [u8; 64] = sig.as_bytes().to_owned();
    let pk = vk_native.to_bytes();

    let secp_pk = secp256k1::PublicKey::from_slice(&pk).unwrap();
    let secp_pk2 = secp256k1::PublicKey::from_slice(&pk).unwrap();
    let secp_verify = |pk: &secp256k1::PublicKey| {
        let sig = secp256k1::ecdsa::Signature::from_compact(black_box(&sig_bytes)).unwrap();
        let digest: [u8; 32] = sha2::Sha256::digest(black_box(SIG_MSG)).into();
        secp256k1::ecdsa::verify(&sig, secp256k1::Message::from_digest(digest), pk)
    };
    let k_vk = k256::ecdsa::VerifyingKey::from_sec1_bytes(&pk).unwrap();
    let k_verify = || {
        let sig = k256::ecdsa::Signature::from_slice(black_box(&sig_bytes)).unwrap();
        black_box(&k_vk).verify(black_box(SIG_MSG), &sig)
    };
    vk_native.verify(SIG_MSG, &sig).expect("native verifies");
    vk_portable
        .verify(SIG_MSG, &sig)
        .expect("portable verifies");
    secp_verify(&secp_pk).expect("libsecp256k1 verifies");
    k_verify().expect("k256 verifies");

    let m = measure(
        cfg,
        vec![
            case("zcrypto native", || {
                black_box(&vk_native)
                    .verify(black_box(SIG_MSG), black_box(&sig))
                    .unwrap()
            }),
            case("zcrypto portable", || {
                black_box(&vk_portable)
                    .verify(black_box(SIG_MSG), black_box(&sig))
                    .unwrap()
            }),
            case("secp256k1 (libsecp256k1)", || {
                secp_verify(black_box(&secp_pk)).unwrap()
            }),
            case("k256", || k_verify().unwrap()),
            case(CONTROL, || secp_verify(black_box(&secp_pk2)).unwrap()),
        ],
    );
    note_noise("sig ECDSA verify", &m);
    let op = |b: &str| format!("ECDSA secp256k1 verify [{b}]");
    table.row(
        op("native"),
        &m,
        "zcrypto native",
        "secp256k1 (libsecp256k1)",
        true,
    );
    table.row(
        op("noise control: secp256k1 2nd key vs 1st"),
        &m,
        CONTROL,
        "secp256k1 (libsecp256k1)",
        false,
    );
    table.row(op("native"), &m, "zcrypto native", "k256", false);
    table.row(op("portable"), &m, "zcrypto portable", "k256", true);
    table.row(
        op("native"),
        &m,
        "zcrypto native",
        "zcrypto portable",
        false,
    );
}

/// BIP-340 verification of the raw message, pre-parsed x-only public key.
fn bip340_verify(cfg: Config, table: &mut Table) {
    use zcrypto::sig::secp256k1::schnorr::SigningKey;
    use zcrypto::sig::{Encoding, Signer, Verifier};

    let aux = [0x5a; 32];
    let native = SigningKey::from_seed_with_backend(&[0x33; 32], Backend::Native).unwrap();
    let portable = SigningKey::from_seed_with_backend(&[0x33; 32], Backend::Portable).unwrap();
    let (vk_native, vk_portable) = (native.verifying_key(), portable.verifying_key());
    let sig = native.sign_with_aux_rand(SIG_MSG, &aux).unwrap();
    assert_eq!(
        sig,
        portable.sign_with_aux_rand(SIG_MSG, &aux).unwrap(),
        "BIP-340 on both backends"
    );
    let sig_bytes: [u8; 64] = *sig.as_bytes();
    let pk: [u8; 32] = vk_native.to_bytes().try_into().unwrap();

    let secp_pk = secp256k1::XOnlyPublicKey::from_byte_array(pk).unwrap();
    let secp_pk2 = secp256k1::XOnlyPublicKey::from_byte_array(pk).unwrap();
    let secp_verify = |pk: &secp256k1::XOnlyPublicKey| {
        let sig = secp256k1::schnorr::Signature::from_byte_array(black_box(sig_bytes));
        secp256k1::schnorr::verify(&sig, black_box(SIG_MSG), pk)
    };
    let k_vk = k256::schnorr::VerifyingKey::from_bytes(&pk.into()).unwrap();
    let k_verify = || {
        let sig = k256::schnorr::Signature::from_bytes(black_box(&sig_bytes)).unwrap();
        black_box(&k_vk).verify_raw(black_box(SIG_MSG), &sig)
    };
    vk_native.verify(SIG_MSG, &sig).expect("native verifies");
    vk_portable
        .verify(SIG_MSG, &sig)
        .expect("portable verifies");
    secp_verify(&secp_pk).expect("libsecp256k1 verifies");
    k_verify().expect("k256 verifies");

    let m = measure(
        cfg,
        vec![
            case("zcrypto native", || {
                black_box(&vk_native)
                    .verify(black_box(SIG_MSG), black_box(&sig))
                    .unwrap()
            }),
            case("zcrypto portable", || {
                black_box(&vk_portable)
                    .verify(black_box(SIG_MSG), black_box(&sig))
                    .unwrap()
            }),
            case("secp256k1 (libsecp256k1)", || {
                secp_verify(black_box(&secp_pk)).unwrap()
            }),
            case("k256", || k_verify().unwrap()),
            case(CONTROL, || secp_verify(black_box(&secp_pk2)).unwrap()),
        ],
    );
    note_noise("sig BIP-340 verify", &m);
    let op = |b: &str| format!("BIP-340 verify [{b}]");
    table.row(
        op("native"),
        &m,
        "zcrypto native",
        "secp256k1 (libsecp256k1)",
        true,
    );
    table.row(
        op("noise control: secp256k1 2nd key vs 1st"),
        &m,
        CONTROL,
        "secp256k1 (libsecp256k1)",
        false,
    );
    table.row(op("native"), &m, "zcrypto native", "k256", false);
    table.row(op("portable"), &m, "zcrypto portable", "k256", true);
    table.row(
        op("native"),
        &m,
        "zcrypto native",
        "zcrypto portable",
        false,
    );
}

/// Ed25519: strict verification (pre-parsed key, and from bytes) and signing.
fn ed25519_compare(cfg: Config, table: &mut Table) {
    use aws_lc_rs::signature::{ED25519, Ed25519KeyPair, ParsedPublicKey, UnparsedPublicKey};
    use ed25519_dalek::Signer as _;
    use zcrypto::sig::ed25519::{Signature, SigningKey, VerifyingKey};
    use zcrypto::sig::{Encoding, Signer, Verifier};

    let seed = [0x11u8; 32];
    let native = SigningKey::from_seed_with_backend(&seed, Backend::Native).unwrap();
    let portable = SigningKey::from_seed_with_backend(&seed, Backend::Portable).unwrap();
    let (vk_native, vk_portable) = (native.verifying_key(), portable.verifying_key());
    let sig = native.sign(SIG_MSG).unwrap();
    let sig_bytes = *sig.as_bytes();
    let pk = *vk_native.as_bytes();

    let lc_kp = Ed25519KeyPair::from_seed_unchecked(&seed).unwrap();
    let lc_pk = ParsedPublicKey::new(&ED25519, pk).unwrap();
    let lc_pk2 = ParsedPublicKey::new(&ED25519, pk).unwrap();
    let d_sk = ed25519_dalek::SigningKey::from_bytes(&seed);
    let d_vk = d_sk.verifying_key();
    let d_verify = |vk: &ed25519_dalek::VerifyingKey| {
        let sig = ed25519_dalek::Signature::from_bytes(black_box(&sig_bytes));
        vk.verify_strict(black_box(SIG_MSG), &sig)
    };
    // Ed25519 is deterministic: all four signers produce the same bytes, and every
    // verifier accepts them.
    assert_eq!(portable.sign(SIG_MSG).unwrap(), sig, "backends agree");
    assert_eq!(
        lc_kp.sign(SIG_MSG).as_ref(),
        &sig_bytes[..],
        "aws-lc-rs signs"
    );
    assert_eq!(d_sk.sign(SIG_MSG).to_bytes(), sig_bytes, "dalek signs");
    vk_native.verify(SIG_MSG, &sig).expect("native verifies");
    vk_portable
        .verify(SIG_MSG, &sig)
        .expect("portable verifies");
    lc_pk
        .verify_sig(SIG_MSG, &sig_bytes)
        .expect("aws-lc-rs verifies");
    d_verify(&d_vk).expect("dalek verifies");

    let m = measure(
        cfg,
        vec![
            case("zcrypto native", || {
                black_box(&vk_native)
                    .verify(black_box(SIG_MSG), black_box(&sig))
                    .unwrap()
            }),
            case("zcrypto portable", || {
                black_box(&vk_portable)
                    .verify(black_box(SIG_MSG), black_box(&sig))
                    .unwrap()
            }),
            case("aws-lc-rs", || {
                black_box(&lc_pk)
                    .verify_sig(black_box(SIG_MSG), black_box(&sig_bytes))
                    .unwrap()
            }),
            case("ed25519-dalek verify_strict", || {
                d_verify(black_box(&d_vk)).unwrap()
            }),
            case(CONTROL, || {
                black_box(&lc_pk2)
                    .verify_sig(black_box(SIG_MSG), black_box(&sig_bytes))
                    .unwrap()
            }),
        ],
    );
    note_noise("sig Ed25519 verify", &m);
    let op = |b: &str| format!("Ed25519 verify [{b}]");
    let dalek = "ed25519-dalek verify_strict";
    table.row(op("native"), &m, "zcrypto native", "aws-lc-rs", true);
    table.row(
        op("noise control: aws-lc-rs 2nd key vs 1st"),
        &m,
        CONTROL,
        "aws-lc-rs",
        false,
    );
    table.row(op("native"), &m, "zcrypto native", dalek, false);
    table.row(op("portable"), &m, "zcrypto portable", dalek, true);
    table.row(
        op("native"),
        &m,
        "zcrypto native",
        "zcrypto portable",
        false,
    );

    // From bytes: parse the public key and the signature, then verify.
    let ours = |backend: Backend| {
        let vk = VerifyingKey::from_bytes_with_backend(black_box(&pk), backend)?;
        let sig = Signature::from_bytes(black_box(&sig_bytes))?;
        vk.verify(black_box(SIG_MSG), &sig)
    };
    let d_from_bytes = || {
        let vk = ed25519_dalek::VerifyingKey::from_bytes(black_box(&pk)).ok()?;
        let sig = ed25519_dalek::Signature::from_bytes(black_box(&sig_bytes));
        vk.verify_strict(black_box(SIG_MSG), &sig).ok()
    };
    let lc_from_bytes = || {
        UnparsedPublicKey::new(&ED25519, black_box(&pk))
            .verify(black_box(SIG_MSG), black_box(&sig_bytes))
    };
    ours(Backend::Native).expect("native verifies from bytes");
    ours(Backend::Portable).expect("portable verifies from bytes");
    d_from_bytes().expect("dalek verifies from bytes");
    lc_from_bytes().expect("aws-lc-rs verifies from bytes");
    let m = measure(
        cfg,
        vec![
            case("zcrypto native", || ours(Backend::Native).unwrap()),
            case("zcrypto portable", || ours(Backend::Portable).unwrap()),
            case("aws-lc-rs UnparsedPublicKey", || lc_from_bytes().unwrap()),
            case("ed25519-dalek from_bytes + verify_strict", || {
                d_from_bytes().unwrap()
            }),
        ],
    );
    note_noise("sig Ed25519 verify from bytes", &m);
    let op = |b: &str| format!("Ed25519 verify from bytes [{b}]");
    let dalek = "ed25519-dalek from_bytes + verify_strict";
    table.row(
        op("native"),
        &m,
        "zcrypto native",
        "aws-lc-rs UnparsedPublicKey",
        true,
    );
    table.row(op("native"), &m, "zcrypto native", dalek, false);
    table.row(op("portable"), &m, "zcrypto portable", dalek, true);
    table.row(
        op("native"),
        &m,
        "zcrypto native",
        "zcrypto portable",
        false,
    );

    let m = measure(
        cfg,
        vec![
            case("zcrypto native", || {
                black_box(&native).sign(black_box(SIG_MSG)).unwrap()
            }),
            case("zcrypto portable", || {
                black_box(&portable).sign(black_box(SIG_MSG)).unwrap()
            }),
            case("aws-lc-rs", || black_box(&lc_kp).sign(black_box(SIG_MSG))),
            case("ed25519-dalek", || {
                black_box(&d_sk).sign(black_box(SIG_MSG))
            }),
        ],
    );
    note_noise("sig Ed25519 sign", &m);
    let op = |b: &str| format!("Ed25519 sign [{b}]");
    table.row(op("native"), &m, "zcrypto native", "aws-lc-rs", true);
    table.row(op("native"), &m, "zcrypto native", "ed25519-dalek", false);
    table.row(
        op("portable"),
        &m,
        "zcrypto portable",
        "ed25519-dalek",
        true,
    );
    table.row(
        op("native"),
        &m,
        "zcrypto native",
        "zcrypto portable",
        false,
    );
}

/// BLS12-381 (min_pk, POP ciphersuite): zcrypto's wrapper against raw `blst` doing the
/// same work: verify with pre-validated points, verify from bytes (KeyValidate and the
/// signature subgroup check, then verify), and sign.
fn bls_compare(cfg: Config, table: &mut Table) {
    use blst::min_pk as raw;
    use zcrypto::sig::bls::{DST, Signature, SigningKey, VerifyingKey};
    use zcrypto::sig::{Encoding, Signer, Verifier};

    let sk = SigningKey::from_seed(&[0x44; 32]).unwrap();
    let vk = sk.verifying_key();
    let sig = sk.sign(SIG_MSG).unwrap();
    let (pk_bytes, sig_bytes) = (vk.to_bytes(), sig.to_bytes());

    let raw_sk = raw::SecretKey::from_bytes(&sk.to_bytes()[..]).unwrap();
    let raw_pk = raw::PublicKey::key_validate(&pk_bytes).unwrap();
    let raw_pk2 = raw::PublicKey::key_validate(&pk_bytes).unwrap();
    let raw_sig = raw::Signature::sig_validate(&sig_bytes, true).unwrap();
    let ok = |e: blst::BLST_ERROR| assert_eq!(e, blst::BLST_ERROR::BLST_SUCCESS);
    ok(raw_sig.verify(false, SIG_MSG, DST, &[], &raw_pk, false));
    assert_eq!(
        raw_sk.sign(SIG_MSG, DST, &[]).to_bytes()[..],
        sig_bytes[..],
        "same signature"
    );
    vk.verify(SIG_MSG, &sig).expect("zcrypto verifies");

    let m = measure(
        cfg,
        vec![
            case("zcrypto", || {
                black_box(&vk)
                    .verify(black_box(SIG_MSG), black_box(&sig))
                    .unwrap()
            }),
            case("blst", || {
                ok(black_box(&raw_sig).verify(
                    false,
                    black_box(SIG_MSG),
                    DST,
                    &[],
                    black_box(&raw_pk),
                    false,
                ))
            }),
            case(CONTROL, || {
                ok(black_box(&raw_sig).verify(
                    false,
                    black_box(SIG_MSG),
                    DST,
                    &[],
                    black_box(&raw_pk2),
                    false,
                ))
            }),
        ],
    );
    note_noise("sig BLS verify", &m);
    table.row("BLS12-381 verify", &m, "zcrypto", "blst", true);
    table.row(
        "BLS12-381 verify [noise control: blst 2nd key vs 1st]",
        &m,
        CONTROL,
        "blst",
        false,
    );

    let m = measure(
        cfg,
        vec![
            case("zcrypto", || {
                let vk = VerifyingKey::from_bytes(black_box(&pk_bytes)).unwrap();
                let sig = Signature::from_bytes(black_box(&sig_bytes)).unwrap();
                vk.verify(black_box(SIG_MSG), &sig).unwrap()
            }),
            case("blst", || {
                let pk = raw::PublicKey::key_validate(black_box(&pk_bytes)).unwrap();
                let sig = raw::Signature::sig_validate(black_box(&sig_bytes), true).unwrap();
                ok(sig.verify(false, black_box(SIG_MSG), DST, &[], &pk, false))
            }),
        ],
    );
    note_noise("sig BLS verify from bytes", &m);
    table.row("BLS12-381 verify from bytes", &m, "zcrypto", "blst", true);

    let m = measure(
        cfg,
        vec![
            case("zcrypto", || {
                black_box(&sk).sign(black_box(SIG_MSG)).unwrap()
            }),
            case("blst", || {
                black_box(&raw_sk).sign(black_box(SIG_MSG), DST, &[])
            }),
        ],
    );
    note_noise("sig BLS sign", &m);
    table.row("BLS12-381 sign", &m, "zcrypto", "blst", true);
}
