//! Side-by-side timing of zcrypto against the crates it wraps and their peers, in one
//! process, on the same inputs, with one timing method (see the `benches` library).
//!
//! ```text
//! cargo run --release -p benches --bin compare -- [kem] [aead] [hash] [kx]
//! ```
//!
//! No argument runs every group. Timing never changes the exit status.

use std::hint::black_box;
use std::process::ExitCode;

use benches::{Case, Config, Measurements, Table, Unit, case, machine, measure, wrapper_summary};
use zcrypto::Backend;
use zcrypto::aead::{AeadAlg, AeadKey, Nonce, TAG_LEN};
use zcrypto::hash::HashAlg;
use zcrypto::kem::{DecapsulationKey, MlKem};

const GROUPS: [&str; 4] = ["kem", "aead", "hash", "kx"];

/// A second, independent instance of a wrapped backend, timed against the first: its
/// ratio shows the noise floor of a wrapper row (same code, different objects).
const CONTROL: &str = "A/A: same backend, 2nd instance";

fn main() -> ExitCode {
    let mut selected = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("usage: compare [kem] [aead] [hash] [kx]   (no argument: all groups)");
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
        "Method: per case {} ms warm-up/calibration, then {} interleaved rounds of one \
         ~{:.1} ms batch per case; a value is the median batch, a ratio the median of the \
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
            _ => kx(cfg),
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
            case("zcrypto native", || {
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

    // Public key from the secret: zcrypto uses x25519-dalek on both backends.
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
            case("zcrypto", || black_box(&native).public_key()),
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
