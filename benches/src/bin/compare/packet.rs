//! `compare packet`: zero-copy packet sealing from a `PacketPool` against the raw
//! backend (aws-lc-rs) sealing a plain `Vec` in place: 1350-byte QUIC-sized packets
//! with a 20-byte header as AAD, one at a time and in batches of 64.

use std::hint::black_box;

use benches::{Config, Table, Unit, case, case_ops, measure};
use zcrypto::aead::{AeadAlg, PacketKey, TAG_LEN};
use zcrypto::zero_copy::{self, PacketBuf, PacketPool, PoolConfig};

const PAYLOAD: usize = 1350;
const HEADER: usize = 20;
const BATCH: usize = 64;

fn lc_key(alg: AeadAlg, key: &[u8]) -> aws_lc_rs::aead::LessSafeKey {
    use aws_lc_rs::aead::{self as lc, LessSafeKey, UnboundKey};
    let lc_alg = match alg {
        AeadAlg::Aes128Gcm => &lc::AES_128_GCM,
        AeadAlg::Aes256Gcm => &lc::AES_256_GCM,
        _ => &lc::CHACHA20_POLY1305,
    };
    LessSafeKey::new(UnboundKey::new(lc_alg, key).expect("aws-lc key"))
}

/// The raw backend on a plain Vec: header ‖ payload ‖ tag, nonce = IV xor number.
fn raw_seal(key: &aws_lc_rs::aead::LessSafeKey, iv: &[u8; 12], n: u64, buf: &mut [u8]) {
    use aws_lc_rs::aead::{Aad, Nonce};
    let mut nonce = *iv;
    for (b, c) in nonce[4..].iter_mut().zip(n.to_be_bytes()) {
        *b ^= c;
    }
    let (header, rest) = buf.split_at_mut(HEADER);
    let (payload, tag_out) = rest.split_at_mut(PAYLOAD);
    let tag = key
        .seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(&*header),
            payload,
        )
        .expect("aws-lc seal");
    tag_out.copy_from_slice(tag.as_ref());
}

fn raw_open(key: &aws_lc_rs::aead::LessSafeKey, iv: &[u8; 12], n: u64, buf: &mut [u8]) {
    use aws_lc_rs::aead::{Aad, Nonce};
    let mut nonce = *iv;
    for (b, c) in nonce[4..].iter_mut().zip(n.to_be_bytes()) {
        *b ^= c;
    }
    let (header, rest) = buf.split_at_mut(HEADER);
    key.open_in_place(
        Nonce::assume_unique_for_key(nonce),
        Aad::from(&*header),
        rest,
    )
    .expect("aws-lc open");
}

/// A pool packet holding header ‖ payload, ready to seal.
fn fill(p: &mut PacketBuf, number: u64) {
    p.set_len(HEADER + PAYLOAD).expect("fits");
    p.set_header_len(HEADER);
    p.set_number(number);
}

pub fn packet(cfg: Config) -> Table {
    let mut table = Table::new(
        "Zero-copy packets: 1350-byte payload, 20-byte header as AAD, tag appended (GB/s of payload)",
        Unit::GbPerSec { bytes: PAYLOAD },
    );
    let iv = [0x42; 12];
    for alg in [AeadAlg::Aes128Gcm, AeadAlg::ChaCha20Poly1305] {
        let raw_key = vec![0x11; alg.key_len()];
        let key = PacketKey::new(alg, &raw_key, iv).expect("key");
        let lc = lc_key(alg, &raw_key);
        let pool = PacketPool::new(PoolConfig::new(2 * BATCH + 4, PAYLOAD + HEADER)).expect("pool");
        // Touch every buffer once so no case pays first-use page faults.
        let all: Vec<PacketBuf> = (0..2 * BATCH + 4)
            .map(|i| {
                let mut b = pool.acquire().expect("buffer");
                b.set_len(HEADER + PAYLOAD + TAG_LEN).expect("fits");
                b.data_mut().fill(i as u8);
                b
            })
            .collect();
        drop(all);

        let mut raw_buf = vec![0x5a; HEADER + PAYLOAD + TAG_LEN];
        let mut raw_buf2 = raw_buf.clone();
        let mut key_buf = raw_buf.clone();
        let mut key_number = 0u64;
        let mut one = pool.acquire().expect("buffer");
        let mut one_open = pool.acquire().expect("buffer");
        let mut vec_number = 0u64;
        let mut one_number = 0u64;
        let mut raw_batch = vec![vec![0x5a; HEADER + PAYLOAD + TAG_LEN]; BATCH];
        let mut held: Vec<PacketBuf> = (0..BATCH)
            .map(|_| pool.acquire().expect("buffer"))
            .collect();
        let mut held_par: Vec<PacketBuf> = (0..BATCH)
            .map(|_| pool.acquire().expect("buffer"))
            .collect();
        let mut number = 0u64;
        let mut raw_number = 0u64;
        let m = measure(
            cfg,
            vec![
                case("zcrypto PacketBuf::seal (a pool buffer)", || {
                    one_number += 1;
                    fill(&mut one, one_number);
                    one.seal(&key).expect("seal");
                }),
                case("zcrypto pool: acquire, seal, release", || {
                    let mut p = pool.acquire().expect("buffer");
                    number += 1;
                    fill(&mut p, number);
                    p.seal(&key).expect("seal");
                }),
                case("Vec: allocate, seal (aws-lc-rs), free", || {
                    vec_number += 1;
                    let mut v = vec![0u8; HEADER + PAYLOAD + TAG_LEN];
                    raw_seal(&lc, &iv, vec_number, black_box(&mut v));
                    v
                }),
                case("aws-lc-rs seal_in_place_separate_tag on a Vec", || {
                    raw_number += 1;
                    raw_seal(&lc, &iv, raw_number, black_box(&mut raw_buf));
                }),
                case("zcrypto PacketKey::seal_in_place on a Vec", || {
                    key_number += 1;
                    let (header, rest) = black_box(&mut key_buf[..]).split_at_mut(HEADER);
                    key.seal_in_place(key_number, header, rest, PAYLOAD)
                        .expect("seal")
                }),
                case("zcrypto pool: seal + open", || {
                    fill(&mut one_open, 7);
                    one_open.seal(&key).expect("seal");
                    one_open.open(&key).expect("open");
                }),
                case("aws-lc-rs seal + open on a Vec", || {
                    raw_seal(&lc, &iv, 7, black_box(&mut raw_buf2));
                    raw_open(&lc, &iv, 7, black_box(&mut raw_buf2));
                }),
                case_ops("zcrypto seal_batch (64)", BATCH as u64, || {
                    for (i, p) in held.iter_mut().enumerate() {
                        fill(p, i as u64);
                    }
                    zero_copy::seal_batch(&key, black_box(&mut held)).expect("seal");
                }),
                case_ops("zcrypto par_seal_batch (64)", BATCH as u64, || {
                    for (i, p) in held_par.iter_mut().enumerate() {
                        fill(p, i as u64);
                    }
                    zero_copy::par_seal_batch(&key, black_box(&mut held_par)).expect("seal");
                }),
                case_ops("aws-lc-rs loop over 64 Vecs", BATCH as u64, || {
                    for (i, b) in raw_batch.iter_mut().enumerate() {
                        raw_seal(&lc, &iv, i as u64, black_box(b));
                    }
                }),
            ],
        );
        crate::note_noise("packet", &m);
        let name = crate::aead_name(alg);
        let raw = "aws-lc-rs seal_in_place_separate_tag on a Vec";
        table.row(
            format!("{name}: seal a pool buffer"),
            &m,
            "zcrypto PacketBuf::seal (a pool buffer)",
            raw,
            true,
        );
        table.row(
            format!("{name}: PacketKey on a Vec (no pool)"),
            &m,
            "zcrypto PacketKey::seal_in_place on a Vec",
            raw,
            true,
        );
        table.row(
            format!("{name}: acquire + seal + release"),
            &m,
            "zcrypto pool: acquire, seal, release",
            "Vec: allocate, seal (aws-lc-rs), free",
            false,
        );
        table.row(
            format!("{name}: seal + open, one packet"),
            &m,
            "zcrypto pool: seal + open",
            "aws-lc-rs seal + open on a Vec",
            true,
        );
        table.row(
            format!("{name}: batch of 64"),
            &m,
            "zcrypto seal_batch (64)",
            "aws-lc-rs loop over 64 Vecs",
            true,
        );
        table.row(
            format!(
                "{name}: batch of 64, rayon ({} threads)",
                rayon::current_num_threads()
            ),
            &m,
            "zcrypto par_seal_batch (64)",
            "aws-lc-rs loop over 64 Vecs",
            false,
        );
    }
    header_protection(cfg, &mut table);
    table.set_note(
        "Target (issue 5): pool rows ≥ 0.95× the raw backend. Ours includes taking the \
         buffer from the pool and returning it (two lock-free queue operations) and the \
         nonce derivation; the raw row reuses one Vec. Header protection rows: one 5-byte \
         mask from a 16-byte sample (RFC 9001 §5.4), zcrypto's quic::HeaderKey on each \
         backend against aws-lc-rs's HeaderProtectionKey called directly.",
    );
    table
}

/// Header protection per packet: one mask from a 16-byte sample.
fn header_protection(cfg: Config, table: &mut Table) {
    use zcrypto::Backend;
    use zcrypto::quic::{HeaderKey, Suite};
    table.set_unit(Unit::NsPerOp);
    for (suite, lc_alg) in [
        (Suite::Aes128GcmSha256, &aws_lc_rs::aead::quic::AES_128),
        (
            Suite::ChaCha20Poly1305Sha256,
            &aws_lc_rs::aead::quic::CHACHA20,
        ),
    ] {
        let key = vec![0x33; suite.hp_key_len()];
        let native = HeaderKey::new(suite, &key, Backend::Native).expect("hp key");
        let portable = HeaderKey::new(suite, &key, Backend::Portable).expect("hp key");
        let lc = aws_lc_rs::aead::quic::HeaderProtectionKey::new(lc_alg, &key).expect("aws-lc hp");
        let mut sample = [0x5au8; 16];
        let bump = |s: &mut [u8; 16]| {
            s[0] = s[0].wrapping_add(1);
            *s
        };
        let (mut s1, mut s2, mut s3) = (sample, sample, sample);
        let m = measure(
            cfg,
            vec![
                case("zcrypto HeaderKey (native)", || {
                    native.mask(black_box(&bump(&mut s1))).expect("mask")
                }),
                case("zcrypto HeaderKey (portable)", || {
                    portable.mask(black_box(&bump(&mut s2))).expect("mask")
                }),
                case("aws-lc-rs HeaderProtectionKey::new_mask", || {
                    lc.new_mask(black_box(&bump(&mut s3))).expect("aws-lc mask")
                }),
            ],
        );
        sample[0] = 0;
        black_box(sample);
        crate::note_noise("packet", &m);
        let name = match suite {
            Suite::Aes128GcmSha256 => "AES-128",
            _ => "ChaCha20",
        };
        table.row(
            format!("header protection mask, {name} (native)"),
            &m,
            "zcrypto HeaderKey (native)",
            "aws-lc-rs HeaderProtectionKey::new_mask",
            true,
        );
        table.row(
            format!("header protection mask, {name} (portable)"),
            &m,
            "zcrypto HeaderKey (portable)",
            "aws-lc-rs HeaderProtectionKey::new_mask",
            false,
        );
    }
}
