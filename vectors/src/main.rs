//! `cargo run -p vectors` writes `vectors/ffi.json`: known answers for every deterministic
//! function of the C ABI (`ffi/include/zcrypto.h`) that `foundation.json` and the RFC
//! files do not already cover, and the map from each vectors file's `op` to the C
//! functions it exercises (the coverage test of the `ffi` crate reads it).
//!
//! `cargo run -p vectors -- --check` regenerates the file in memory and exits 1 if the
//! checked-in file differs.
//!
//! It first runs `python3 vectors/generate.py` (with the same `--check`; the environment
//! variable `PYTHON` picks another interpreter, e.g. a virtualenv's), which writes
//! `foundation.json` from independent Python implementations, so this one command
//! writes or checks every vector file the project generates (it needs the Python
//! packages of `vectors/requirements.txt`).
//!
//! Expected values come from zcrypto's Rust API (never from the C ABI, which the
//! consumers test); where an independent implementation is in the workspace the
//! generator recomputes the answer with it and refuses to write on any disagreement:
//! secp256k1 recovery (k256 and libsecp256k1 through the `secp256k1` crate), Merkle roots
//! and inclusion paths (rs_merkle with RFC 9162 hashing, over sha2 / sha3 / blake3),
//! BLS aggregation (arkworks point addition), X25519MLKEM768 (libcrux ML-KEM and
//! x25519-dalek composed by hand), row hashing (sha2 / sha3 / blake3), and the length
//! tables (the numbers of FIPS 203/204, RFC 8032, SEC 1, BIP-340 and RFC 8439 written
//! here by hand), Bulletproofs commitments and range proofs (the `bulletproofs` crate
//! directly: default Pedersen generators, zcrypto's transcript label), halo2 commitments,
//! Merkle roots and proofs (`halo2_gadgets`' Poseidon and `halo2_proofs`' verifier called
//! directly, with parameters and verifying keys computed here). All inputs are derived
//! from fixed labels: no randomness (the provers take fixed entropy and are
//! deterministic in it).

use std::collections::BTreeMap;
use std::process::ExitCode;

use k256::elliptic_curve::sec1::ToSec1Point;
use serde_json::{Value, json};
use sha2::Digest as _;
use zcrypto::batch::{BatchVerifier, Ed25519Rule, Item};
use zcrypto::hash::HashAlg;
use zcrypto::kem::hybrid;
use zcrypto::merkle::{self, MerkleHash, MerkleTree};
use zcrypto::sig::secp256k1::ecdsa;
use zcrypto::sig::{Encoding, Signer, bls, dynamic};
use zcrypto::zk::{self, bulletproofs as bp, halo2 as h2, kzg};
use zcrypto::{Algorithm, Error};

type Res<T> = Result<T, String>;

/// `n` bytes derived from `label` (SHA-256 in counter mode).
fn bytes(label: &str, n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n + 32);
    let mut ctr = 0u32;
    while out.len() < n {
        let mut h = sha2::Sha256::new();
        h.update(label.as_bytes());
        h.update([0]);
        h.update(ctr.to_be_bytes());
        out.extend_from_slice(&h.finalize());
        ctr += 1;
    }
    out.truncate(n);
    out
}

fn arr<const N: usize>(label: &str) -> [u8; N] {
    let mut a = [0u8; N];
    a.copy_from_slice(&bytes(label, N));
    a
}

fn hx(b: impl AsRef<[u8]>) -> Value {
    Value::String(hex::encode(b))
}

fn agree<T: PartialEq + std::fmt::Debug>(what: &str, a: T, b: T) -> Res<()> {
    if a == b {
        Ok(())
    } else {
        Err(format!("{what}: implementations disagree: {a:?} != {b:?}"))
    }
}

fn e(err: Error) -> String {
    format!("zcrypto: {err}")
}

/// The status code of a result, as the C ABI returns it.
fn code(r: &Result<(), Error>) -> i64 {
    match r {
        Ok(()) => 0,
        Err(err) => i64::from(err.code()),
    }
}

// ---------------------------------------------------------------------------------------
// version, error names, features, length tables
// ---------------------------------------------------------------------------------------

fn meta(cases: &mut Vec<Value>) {
    cases.push(json!({ "id": "version", "op": "version", "version": zcrypto::VERSION }));
    let mut codes: Vec<(i64, &str)> = vec![(0, "ok")];
    codes.extend(
        zcrypto::ALL_ERRORS
            .iter()
            .map(|err| (i64::from(err.code()), err.name())),
    );
    // The first code after the last assigned one (below Internal = 255) is unknown
    // until an error takes it; regenerate then.
    let next = codes
        .iter()
        .map(|c| c.0)
        .filter(|&c| c < 255)
        .max()
        .unwrap_or(0)
        + 1;
    for (c, name) in codes {
        cases.push(
            json!({ "id": format!("error/{c}"), "op": "error_name", "code": c, "name": name }),
        );
    }
    for c in [-1i64, next, 254, 256] {
        cases.push(
            json!({ "id": format!("error/{c}"), "op": "error_name", "code": c, "name": "unknown" }),
        );
    }
    let native = zcrypto::Backend::Native.is_available();
    let mut features: Vec<(String, bool)> = vec![
        ("native".into(), native),
        ("portable".into(), true),
        ("std".into(), true),
        ("bls".into(), true),
        ("no-such-feature".into(), false),
        (String::new(), false),
        ("SHA256".into(), false),
    ];
    for &alg in Algorithm::ALL {
        features.push((alg.to_string(), alg != Algorithm::FrostEd25519));
    }
    for (name, has) in features {
        cases.push(json!({
            "id": format!("feature/{}", if name.is_empty() { "empty" } else { &name }),
            "op": "has_feature",
            "name": name,
            "has": has,
        }));
    }
}

fn lengths(cases: &mut Vec<Value>) -> Res<()> {
    // Digest lengths (FIPS 180-4, FIPS 202, Keccak, RFC 7693, BLAKE3).
    let hashes: [(&str, usize); 8] = [
        ("sha256", 32),
        ("sha384", 48),
        ("sha512", 64),
        ("sha3-256", 32),
        ("keccak256", 32),
        ("blake2b-512", 64),
        ("blake2s-256", 32),
        ("blake3", 32),
    ];
    for (name, len) in hashes {
        let h = HashAlg::try_from(name.parse::<Algorithm>().map_err(e)?).map_err(e)?;
        agree(name, h.output_len(), len)?;
        cases.push(
            json!({ "alg": name, "id": format!("{name}/hash_len"), "op": "hash_len", "len": len }),
        );
    }
    agree("hash count", HashAlg::ALL.len(), hashes.len())?;
    // AEAD key and nonce lengths (NIST SP 800-38D as used by TLS, RFC 8439, XChaCha20 draft).
    for (name, key, nonce) in [
        ("aes-128-gcm", 16, 12),
        ("aes-256-gcm", 32, 12),
        ("chacha20-poly1305", 32, 12),
        ("xchacha20-poly1305", 32, 24),
    ] {
        let a =
            zcrypto::aead::AeadAlg::try_from(name.parse::<Algorithm>().map_err(e)?).map_err(e)?;
        agree(name, (a.key_len(), a.nonce_len()), (key, nonce))?;
        cases.push(json!({
            "alg": name, "id": format!("{name}/aead_lengths"), "op": "aead_lengths",
            "key_len": key, "nonce_len": nonce,
        }));
    }
    // ML-KEM (FIPS 203 Table 3): ek, expanded dk, ciphertext.
    for (name, ek, dk, ct) in [
        ("ml-kem-512", 800, 1632, 768),
        ("ml-kem-768", 1184, 2400, 1088),
        ("ml-kem-1024", 1568, 3168, 1568),
    ] {
        let p = zcrypto::kem::MlKem::try_from(name.parse::<Algorithm>().map_err(e)?).map_err(e)?;
        agree(
            name,
            (
                p.encapsulation_key_len(),
                p.decapsulation_key_len(),
                p.ciphertext_len(),
            ),
            (ek, dk, ct),
        )?;
        cases.push(json!({
            "alg": name, "id": format!("{name}/kem_lengths"), "op": "kem_lengths",
            "ek_len": ek, "dk_len": dk, "ct_len": ct,
        }));
    }
    // Signatures: seed, public key, signature (RFC 8032, SEC 1, BIP-340, FIPS 204,
    // the composite = ML-DSA-65 ‖ Ed25519, BLS min-pk).
    for (name, seed, pk, sig) in [
        ("ed25519", 32, 32, 64),
        ("ecdsa-secp256k1", 32, 33, 64),
        ("bip340", 32, 32, 64),
        ("ml-dsa-44", 32, 1312, 2420),
        ("ml-dsa-65", 32, 1952, 3309),
        ("ml-dsa-87", 32, 2592, 4627),
        ("ed25519-ml-dsa-65", 64, 1952 + 32, 3309 + 64),
        ("bls12-381", 32, 48, 96),
    ] {
        let alg: Algorithm = name.parse().map_err(e)?;
        let s = vec![7u8; seed];
        let (_, p) = dynamic::keygen(alg, &s).map_err(e)?;
        let g = dynamic::sign(alg, &s, b"m", b"").map_err(e)?;
        agree(
            name,
            (dynamic::seed_len(alg).map_err(e)?, p.len(), g.len()),
            (seed, pk, sig),
        )?;
        cases.push(json!({
            "alg": name, "id": format!("{name}/sig_lengths"), "op": "sig_lengths",
            "seed_len": seed, "public_key_len": pk, "signature_len": sig,
        }));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// hashing: incremental and row arrays
// ---------------------------------------------------------------------------------------

/// An independent digest for the hashes the workspace has a second crate for.
fn other_digest(name: &str, data: &[u8]) -> Option<Vec<u8>> {
    match name {
        "sha256" => Some(sha2::Sha256::digest(data).to_vec()),
        "sha512" => Some(sha2::Sha512::digest(data).to_vec()),
        "sha3-256" => Some(sha3::Sha3_256::digest(data).to_vec()),
        "keccak256" => Some(sha3::Keccak256::digest(data).to_vec()),
        "blake3" => Some(blake3::hash(data).as_bytes().to_vec()),
        _ => None,
    }
}

fn digest(name: &str, data: &[u8]) -> Res<Vec<u8>> {
    let h = HashAlg::try_from(name.parse::<Algorithm>().map_err(e)?).map_err(e)?;
    let d = zcrypto::hash::hash(h, data).as_bytes().to_vec();
    if let Some(o) = other_digest(name, data) {
        agree(&format!("{name} digest"), &d, &o)?;
    }
    Ok(d)
}

fn hashing(cases: &mut Vec<Value>) -> Res<()> {
    for h in HashAlg::ALL {
        let name = h.algorithm().to_string();
        // Chunks that straddle 64- and 128-byte blocks and BLAKE3's 1024-byte chunks.
        for (tag, sizes) in [
            ("blocks", &[0usize, 1, 63, 64, 65, 107, 0, 136][..]),
            ("chunks", &[1000, 25, 1, 1023, 0][..]),
        ] {
            let chunks: Vec<Vec<u8>> = sizes
                .iter()
                .enumerate()
                .map(|(i, &n)| bytes(&format!("hash_incremental/{name}/{tag}/{i}"), n))
                .collect();
            let all = chunks.concat();
            cases.push(json!({
                "alg": name,
                "id": format!("{name}/hash_incremental/{tag}"),
                "op": "hash_incremental",
                "chunks": chunks.iter().map(hx).collect::<Vec<_>>(),
                "digest": hx(digest(&name, &all)?),
            }));
        }
        let mut shapes = vec![(3usize, 17usize)];
        match name.as_str() {
            "sha256" => shapes.extend([(0, 5), (4, 0), (1, 64), (33, 32)]),
            "blake3" => shapes.push((2, 1025)),
            "keccak256" => shapes.push((5, 136)),
            _ => {}
        }
        for (rows, row_len) in shapes {
            let data = bytes(
                &format!("hash_rows/{name}/{rows}x{row_len}"),
                rows * row_len,
            );
            let mut digests = Vec::new();
            for r in 0..rows {
                digests.extend(digest(&name, &data[r * row_len..(r + 1) * row_len])?);
            }
            cases.push(json!({
                "alg": name,
                "id": format!("{name}/hash_rows/{rows}x{row_len}"),
                "op": "hash_rows",
                "rows": rows,
                "row_len": row_len,
                "data": hx(&data),
                "digests": hx(&digests),
            }));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// secp256k1 recoverable signatures
// ---------------------------------------------------------------------------------------

fn secp256k1_recover(cases: &mut Vec<Value>) -> Res<()> {
    let n_minus_1 = hex::decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140")
        .map_err(|x| x.to_string())?;
    let mut one = vec![0u8; 32];
    one[31] = 1;
    let mut inputs: Vec<(String, Vec<u8>, Vec<u8>)> = vec![
        (
            "scalar-1".into(),
            one,
            bytes("secp256k1_recover/prehash/1", 32),
        ),
        (
            "scalar-n-1".into(),
            n_minus_1,
            bytes("secp256k1_recover/prehash/n-1", 32),
        ),
        (
            "zero-prehash".into(),
            bytes("secp256k1_recover/seed/zero", 32),
            vec![0; 32],
        ),
        (
            "ff-prehash".into(),
            bytes("secp256k1_recover/seed/ff", 32),
            vec![0xff; 32],
        ),
    ];
    for i in 0..6 {
        inputs.push((
            format!("random-{i}"),
            bytes(&format!("secp256k1_recover/seed/{i}"), 32),
            bytes(&format!("secp256k1_recover/prehash/{i}"), 32),
        ));
    }
    for (tag, seed, prehash) in inputs {
        let h: [u8; 32] = prehash.clone().try_into().map_err(|_| "prehash")?;
        // zcrypto
        let sk = ecdsa::SigningKey::from_seed(&seed).map_err(e)?;
        let sig = sk.sign_prehash_recoverable(&h).map_err(e)?.to_bytes();
        let rs = ecdsa::RecoverableSignature::from_bytes(&sig).map_err(e)?;
        let vk = rs.recover_prehash(&h).map_err(e)?;
        let pk = vk.as_bytes().to_vec();
        let pk_u = vk.to_uncompressed().to_vec();
        // k256
        let k_sk = k256::ecdsa::SigningKey::from_slice(&seed).map_err(|x| x.to_string())?;
        let (k_sig, k_id) = k_sk.sign_prehash_recoverable(&h);
        let mut k_bytes = k_sig.to_bytes().to_vec();
        k_bytes.push(k_id.to_byte());
        agree(&format!("{tag}: k256 signature"), &sig, &k_bytes)?;
        let k_vk = k256::ecdsa::VerifyingKey::recover_from_prehash(&h, &k_sig, k_id)
            .map_err(|x| x.to_string())?;
        agree(
            &format!("{tag}: k256 recovered key"),
            pk.clone(),
            k_vk.as_affine().to_sec1_point(true).as_bytes().to_vec(),
        )?;
        agree(
            &format!("{tag}: k256 uncompressed key"),
            pk_u.clone(),
            k_vk.as_affine().to_sec1_point(false).as_bytes().to_vec(),
        )?;
        // libsecp256k1
        let s_sk =
            secp256k1::SecretKey::from_secret_bytes(h_arr(&seed)?).map_err(|x| x.to_string())?;
        let msg = secp256k1::Message::from_digest(h);
        let s_sig = secp256k1::ecdsa::RecoverableSignature::sign_ecdsa_recoverable(msg, &s_sk);
        let (s_id, s_rs) = s_sig.serialize_compact();
        let mut s_bytes = s_rs.to_vec();
        s_bytes.push(s_id.to_u8());
        agree(&format!("{tag}: libsecp256k1 signature"), &sig, &s_bytes)?;
        let s_pk = s_sig.recover(msg).map_err(|x| x.to_string())?;
        agree(
            &format!("{tag}: libsecp256k1 recovered key"),
            pk_u.clone(),
            s_pk.serialize_uncompressed().to_vec(),
        )?;
        cases.push(json!({
            "alg": "ecdsa-secp256k1",
            "id": format!("ecdsa-secp256k1/secp256k1_recover/{tag}"),
            "op": "secp256k1_recover",
            "seed": hx(&seed),
            "prehash": hx(h),
            "signature": hx(sig),
            "public_key": hx(&pk),
            "public_key_uncompressed": hx(&pk_u),
        }));
    }
    Ok(())
}

fn h_arr(b: &[u8]) -> Res<[u8; 32]> {
    b.try_into().map_err(|_| "not 32 bytes".to_string())
}

// ---------------------------------------------------------------------------------------
// BLS aggregation
// ---------------------------------------------------------------------------------------

fn ark_sum<P: ark_ec::AffineRepr>(encoded: &[Vec<u8>]) -> Res<Vec<u8>> {
    let mut acc = P::Group::default();
    for b in encoded {
        let p = P::deserialize_compressed(&b[..]).map_err(|x| x.to_string())?;
        acc += p;
    }
    let mut out = Vec::new();
    let affine: P = acc.into();
    affine
        .serialize_compressed(&mut out)
        .map_err(|x| x.to_string())?;
    Ok(out)
}

fn bls_aggregate(cases: &mut Vec<Value>) -> Res<()> {
    for (n, msg_len) in [(1usize, 32usize), (2, 0), (3, 1), (5, 100), (8, 32)] {
        let message = bytes(&format!("bls_aggregate/{n}/message"), msg_len);
        let mut seeds = Vec::new();
        let mut pks = Vec::new();
        let mut sigs = Vec::new();
        for i in 0..n {
            let seed = bytes(&format!("bls_aggregate/{n}/seed/{i}"), 32);
            let (_, pk) = dynamic::keygen(Algorithm::Bls12381, &seed).map_err(e)?;
            let sig = dynamic::sign(Algorithm::Bls12381, &seed, &message, b"").map_err(e)?;
            seeds.push(seed);
            pks.push(pk);
            sigs.push(sig);
        }
        let keys: Vec<bls::VerifyingKey> = pks
            .iter()
            .map(|p| bls::VerifyingKey::from_bytes(p))
            .collect::<Result<_, _>>()
            .map_err(e)?;
        let ss: Vec<bls::Signature> = sigs
            .iter()
            .map(|s| bls::Signature::from_bytes(s))
            .collect::<Result<_, _>>()
            .map_err(e)?;
        let agg_pk = bls::aggregate_verifying_keys(&keys)
            .map_err(e)?
            .as_bytes()
            .to_vec();
        let agg_sig = bls::aggregate_signatures(&ss).map_err(e)?;
        bls::fast_aggregate_verify(&keys, &message, &agg_sig).map_err(e)?;
        let agg_sig = agg_sig.as_bytes().to_vec();
        agree(
            &format!("bls {n}: arkworks G1 sum"),
            &agg_pk,
            &ark_sum::<ark_bls12_381::G1Affine>(&pks)?,
        )?;
        agree(
            &format!("bls {n}: arkworks G2 sum"),
            &agg_sig,
            &ark_sum::<ark_bls12_381::G2Affine>(&sigs)?,
        )?;
        cases.push(json!({
            "alg": "bls12-381",
            "id": format!("bls12-381/bls_aggregate/{n}"),
            "op": "bls_aggregate",
            "seeds": seeds.iter().map(hx).collect::<Vec<_>>(),
            "message": hx(&message),
            "public_keys": hx(pks.concat()),
            "signatures": hx(sigs.concat()),
            "aggregate_public_key": hx(&agg_pk),
            "aggregate_signature": hx(&agg_sig),
        }));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// batch verification and row arrays of signatures
// ---------------------------------------------------------------------------------------

struct SigItem {
    alg: Algorithm,
    pk: Vec<u8>,
    msg: Vec<u8>,
    ctx: Vec<u8>,
    sig: Vec<u8>,
}

fn sig_item(alg: Algorithm, label: &str, msg_len: usize) -> Res<SigItem> {
    let seed = bytes(&format!("{label}/seed"), dynamic::seed_len(alg).map_err(e)?);
    let msg = bytes(&format!("{label}/message"), msg_len);
    let (_, pk) = dynamic::keygen(alg, &seed).map_err(e)?;
    // BIP-340 through `dynamic::sign` draws aux_rand from the OS: fix it here.
    let sig = if alg == Algorithm::Bip340 {
        let aux: [u8; 32] = arr(&format!("{label}/aux_rand"));
        zcrypto::sig::secp256k1::schnorr::SigningKey::from_seed(&seed)
            .map_err(e)?
            .sign_with_aux_rand(&msg, &aux)
            .map_err(e)?
            .to_bytes()
    } else {
        dynamic::sign(alg, &seed, &msg, b"").map_err(e)?
    };
    Ok(SigItem {
        alg,
        pk,
        msg,
        ctx: Vec::new(),
        sig,
    })
}

/// Each item's expected code: `dynamic::verify` (the single-signature rule), and the
/// batch verifier must give the same for every item.
fn expected_codes(items: &[SigItem], rule: Ed25519Rule) -> Res<Vec<i64>> {
    let single: Vec<i64> = items
        .iter()
        .map(|i| code(&dynamic::verify(i.alg, &i.pk, &i.msg, &i.ctx, &i.sig)))
        .collect();
    let mut b = BatchVerifier::new().ed25519_rule(rule);
    for i in items {
        b.push(Item::new(i.alg, &i.pk, &i.msg, &i.sig).with_context(&i.ctx))
            .map_err(e)?;
    }
    let batch: Vec<i64> = b.verify_each().iter().map(code).collect();
    agree("batch verify_each vs single verify", &batch, &single)?;
    agree(
        "batch verify_all vs verify_each",
        b.verify_all().is_ok(),
        single.iter().all(|&c| c == 0),
    )?;
    Ok(single)
}

fn flip(v: &mut [u8], i: usize) {
    let n = v.len();
    v[i % n] ^= 1;
}

fn batch(cases: &mut Vec<Value>) -> Res<()> {
    let mixed = |tag: &str| -> Res<Vec<SigItem>> {
        let mut v = Vec::new();
        for (alg, count, msg_len) in [
            (Algorithm::Ed25519, 3, 40),
            (Algorithm::EcdsaSecp256k1, 2, 0),
            (Algorithm::Bip340, 2, 32),
            (Algorithm::Bls12381, 2, 17),
        ] {
            for i in 0..count {
                v.push(sig_item(
                    alg,
                    &format!("batch/{tag}/{alg}/{i}"),
                    msg_len + i,
                )?);
            }
        }
        Ok(v)
    };
    let mut sets: Vec<(&str, Ed25519Rule, Vec<SigItem>)> = Vec::new();
    sets.push(("empty", Ed25519Rule::Zip215, Vec::new()));
    sets.push(("all-valid-zip215", Ed25519Rule::Zip215, mixed("valid")?));
    sets.push(("all-valid-strict", Ed25519Rule::Strict, mixed("valid")?));
    let mut bad = mixed("bad")?;
    flip(&mut bad[1].sig, 5); // Ed25519: R changed
    bad[3].msg.push(0); // ECDSA: another message
    flip(&mut bad[6].sig, 40); // BIP-340: s changed
    let other = bad[7].pk.clone();
    bad[8].pk = other; // BLS: another signer's key
    sets.push(("some-invalid-zip215", Ed25519Rule::Zip215, bad));
    let mut malformed = mixed("malformed")?;
    malformed[0].pk = vec![0xff; 32]; // not an Ed25519 point encoding
    malformed[3].pk[0] = 0x05; // not a SEC 1 prefix
    malformed[4].sig.truncate(63); // wrong length
    malformed[7].sig = vec![0; 96]; // not a G2 encoding
    sets.push(("malformed-strict", Ed25519Rule::Strict, malformed));
    // Schemes with contexts (ML-DSA and the composite sign deterministically through
    // `dynamic::sign`: FIPS 204 rnd = 0^32), including a signature under the wrong context.
    let mut ctx = vec![sig_item(Algorithm::Ed25519, "batch/context/ed25519", 5)?];
    for (i, alg) in [
        Algorithm::MlDsa44,
        Algorithm::MlDsa65,
        Algorithm::HybridEd25519MlDsa65,
    ]
    .into_iter()
    .enumerate()
    {
        let label = format!("batch/context/{alg}");
        let mut it = sig_item(alg, &label, 33)?;
        it.ctx = bytes(&format!("{label}/context"), 8 * i);
        let seed = bytes(&format!("{label}/seed"), dynamic::seed_len(alg).map_err(e)?);
        it.sig = dynamic::sign(alg, &seed, &it.msg, &it.ctx).map_err(e)?;
        ctx.push(it);
    }
    ctx[2].ctx.push(0); // ML-DSA-65: signed under another context
    ctx.push(sig_item(Algorithm::Bls12381, "batch/context/bls", 0)?);
    sets.push(("contexts-strict", Ed25519Rule::Strict, ctx));
    for (tag, rule, items) in sets {
        let codes = expected_codes(&items, rule)?;
        let all_ok = codes.iter().all(|&c| c == 0);
        cases.push(json!({
            "id": format!("batch_verify/{tag}"),
            "op": "batch_verify",
            "rule": rule as u8,
            "items": items.iter().map(|i| json!({
                "alg": i.alg.to_string(),
                "public_key": hx(&i.pk),
                "message": hx(&i.msg),
                "context": hx(&i.ctx),
                "signature": hx(&i.sig),
            })).collect::<Vec<_>>(),
            "codes": codes,
            "all_ok": all_ok,
        }));
    }

    // zc_sig_verify_rows: one scheme, equal-length messages, empty contexts.
    for (alg, n, msg_len, bad) in [
        (Algorithm::Ed25519, 4usize, 32usize, vec![2usize]),
        (Algorithm::Ed25519, 0, 32, vec![]),
        (Algorithm::Bip340, 3, 32, vec![]),
        (Algorithm::EcdsaSecp256k1, 3, 0, vec![0, 2]),
        (Algorithm::Bls12381, 2, 48, vec![1]),
    ] {
        let mut items = Vec::new();
        for i in 0..n {
            let mut it = sig_item(alg, &format!("rows/{alg}/{n}/{i}"), msg_len)?;
            if bad.contains(&i) {
                flip(&mut it.sig, 9);
            }
            items.push(it);
        }
        let codes = expected_codes(&items, Ed25519Rule::Zip215)?;
        let status = if codes.iter().all(|&c| c == 0) {
            0
        } else {
            i64::from(Error::InvalidSignature.code())
        };
        // The scheme's key and signature widths (the rows may be empty).
        let probe = vec![1; dynamic::seed_len(alg).map_err(e)?];
        let pk_len = dynamic::keygen(alg, &probe).map_err(e)?.1.len();
        let sig_len = dynamic::sign(alg, &probe, b"", b"").map_err(e)?.len();
        cases.push(json!({
            "alg": alg.to_string(),
            "id": format!("{alg}/sig_verify_rows/{n}"),
            "op": "sig_verify_rows",
            "n": n,
            "pk_len": pk_len,
            "msg_len": msg_len,
            "sig_len": sig_len,
            "public_keys": hx(items.iter().flat_map(|i| i.pk.clone()).collect::<Vec<_>>()),
            "messages": hx(items.iter().flat_map(|i| i.msg.clone()).collect::<Vec<_>>()),
            "signatures": hx(items.iter().flat_map(|i| i.sig.clone()).collect::<Vec<_>>()),
            "results": codes,
            "status": status,
        }));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Merkle trees
// ---------------------------------------------------------------------------------------

/// rs_merkle over RFC 9162 hashing: leaves are hashed by the caller as H(0x00 ‖ leaf),
/// interior nodes H(0x01 ‖ l ‖ r), a lone node is promoted (which gives RFC 9162's
/// largest-power-of-two split).
#[derive(Clone)]
struct Rfc9162<const K: u8>;

fn rfc_hash(k: u8, data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    match k {
        0 => out.copy_from_slice(&sha2::Sha256::digest(data)),
        1 => out.copy_from_slice(&sha3::Keccak256::digest(data)),
        _ => out = *blake3::hash(data).as_bytes(),
    }
    out
}

impl<const K: u8> rs_merkle::Hasher for Rfc9162<K> {
    type Hash = [u8; 32];
    fn hash(data: &[u8]) -> [u8; 32] {
        rfc_hash(K, data)
    }
    fn concat_and_hash(left: &[u8; 32], right: Option<&[u8; 32]>) -> [u8; 32] {
        match right {
            Some(r) => rfc_hash(K, &[&[1u8][..], left, r].concat()),
            None => *left,
        }
    }
}

fn rs_tree<const K: u8>(leaves: &[Vec<u8>]) -> (Vec<u8>, Vec<Vec<u8>>) {
    if leaves.is_empty() {
        return (rfc_hash(K, b"").to_vec(), Vec::new());
    }
    let hashes: Vec<[u8; 32]> = leaves
        .iter()
        .map(|l| rfc_hash(K, &[&[0u8][..], l].concat()))
        .collect();
    let tree = rs_merkle::MerkleTree::<Rfc9162<K>>::from_leaves(&hashes);
    let root = tree.root().map(|r| r.to_vec()).unwrap_or_default();
    let paths = (0..leaves.len())
        .map(|i| tree.proof(&[i]).proof_hashes().concat())
        .collect();
    (root, paths)
}

fn zc_tree<H: MerkleHash>(leaves: &[Vec<u8>]) -> Res<(Vec<u8>, Vec<Vec<u8>>)> {
    let root = merkle::root::<H>(leaves).to_vec();
    let tree = MerkleTree::<H>::from_leaves(leaves);
    agree(
        "MerkleTree root vs root()",
        tree.root().to_vec(),
        root.clone(),
    )?;
    let mut paths = Vec::new();
    for (i, leaf) in leaves.iter().enumerate() {
        let p = tree.inclusion_proof(i as u64).map_err(e)?;
        p.verify::<H>(&H::leaf(leaf), &tree.root()).map_err(e)?;
        paths.push(p.path.concat());
    }
    Ok((root, paths))
}

fn merkle_cases(cases: &mut Vec<Value>) -> Res<()> {
    for (name, k) in [("sha256", 0u8), ("keccak256", 1), ("blake3", 2)] {
        for n in [0usize, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17] {
            let leaves: Vec<Vec<u8>> = (0..n)
                .map(|i| bytes(&format!("merkle/{name}/{n}/{i}"), (i * 7) % 45))
                .collect();
            let (root, paths) = match k {
                0 => zc_tree::<merkle::Sha256>(&leaves)?,
                1 => zc_tree::<merkle::Keccak256>(&leaves)?,
                _ => zc_tree::<merkle::Blake3>(&leaves)?,
            };
            let theirs = match k {
                0 => rs_tree::<0>(&leaves),
                1 => rs_tree::<1>(&leaves),
                _ => rs_tree::<2>(&leaves),
            };
            agree(
                &format!("{name} {n}: rs_merkle"),
                (&root, &paths),
                (&theirs.0, &theirs.1),
            )?;
            cases.push(json!({
                "alg": name,
                "id": format!("{name}/merkle_tree/{n}"),
                "op": "merkle_tree",
                "leaves": leaves.iter().map(hx).collect::<Vec<_>>(),
                "root": hx(&root),
                "paths": paths.iter().map(hx).collect::<Vec<_>>(),
            }));
        }
        let mut shapes = vec![(0usize, 32usize), (1, 32), (6, 32), (9, 0)];
        if name == "keccak256" {
            shapes.push((5, 20));
        }
        if name == "blake3" {
            shapes.push((17, 64));
        }
        for (n, leaf_len) in shapes {
            let data = bytes(
                &format!("merkle_root_rows/{name}/{n}x{leaf_len}"),
                n * leaf_len,
            );
            let leaves: Vec<Vec<u8>> = if leaf_len == 0 {
                vec![Vec::new(); n]
            } else {
                data.chunks(leaf_len).map(<[u8]>::to_vec).collect()
            };
            let root = match k {
                0 => rs_tree::<0>(&leaves).0,
                1 => rs_tree::<1>(&leaves).0,
                _ => rs_tree::<2>(&leaves).0,
            };
            let ours = match k {
                0 => merkle::root::<merkle::Sha256>(&leaves),
                1 => merkle::root::<merkle::Keccak256>(&leaves),
                _ => merkle::root::<merkle::Blake3>(&leaves),
            };
            agree(
                &format!("{name} rows {n}x{leaf_len}"),
                ours.to_vec(),
                root.clone(),
            )?;
            cases.push(json!({
                "alg": name,
                "id": format!("{name}/merkle_root_rows/{n}x{leaf_len}"),
                "op": "merkle_root_rows",
                "n": n,
                "leaf_len": leaf_len,
                "leaves": hx(&data),
                "root": hx(&root),
            }));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// X25519MLKEM768
// ---------------------------------------------------------------------------------------

fn hybrid_kem(cases: &mut Vec<Value>) -> Res<()> {
    for i in 0..4 {
        let seed: [u8; 64] = arr(&format!("hybrid/{i}/mlkem_seed"));
        let x: [u8; 32] = arr(&format!("hybrid/{i}/x25519_secret"));
        let m: [u8; 32] = arr(&format!("hybrid/{i}/m"));
        let eph: [u8; 32] = arr(&format!("hybrid/{i}/x25519_ephemeral"));
        let client = hybrid::Client::from_parts(&seed, x).map_err(e)?;
        let share = client.key_share();
        let (server_share, secret) =
            hybrid::server_encapsulate_deterministic(&share, &m, eph).map_err(e)?;
        let secret = secret.as_bytes().to_vec();
        agree(
            "client finish",
            client.finish(&server_share).map_err(e)?.as_bytes().to_vec(),
            secret.clone(),
        )?;
        // libcrux ML-KEM-768 and x25519-dalek, composed as draft-ietf-tls-ecdhe-mlkem says.
        let kp = libcrux_ml_kem::mlkem768::generate_key_pair(seed);
        let (ct, ss) = libcrux_ml_kem::mlkem768::encapsulate(kp.public_key(), m);
        let cx = x25519_dalek::StaticSecret::from(x);
        let ex = x25519_dalek::StaticSecret::from(eph);
        let cpub = x25519_dalek::PublicKey::from(&cx);
        let epub = x25519_dalek::PublicKey::from(&ex);
        let dh = ex.diffie_hellman(&cpub);
        agree(
            "client share",
            share.clone(),
            [&kp.public_key().as_slice()[..], &cpub.as_bytes()[..]].concat(),
        )?;
        agree(
            "server share",
            server_share.clone(),
            [&ct.as_slice()[..], &epub.as_bytes()[..]].concat(),
        )?;
        agree(
            "combined secret",
            secret.clone(),
            [&ss[..], dh.as_bytes()].concat(),
        )?;
        cases.push(json!({
            "alg": "x25519-mlkem768",
            "id": format!("x25519-mlkem768/hybrid_kem/{i}"),
            "op": "hybrid_kem",
            "mlkem_seed": hx(seed),
            "x25519_secret": hx(x),
            "m": hx(m),
            "x25519_ephemeral": hx(eph),
            "client_share": hx(&share),
            "server_share": hx(&server_share),
            "shared_secret": hx(&secret),
        }));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// zero knowledge: Groth16, Bulletproofs, halo2, KZG
// ---------------------------------------------------------------------------------------

/// The snarkjs fixtures, by curve directory name.
const GROTH16: [(&str, &str, &str, &str); 2] = [
    (
        "bn128",
        include_str!("../zk/groth16/bn128/verification_key.json"),
        include_str!("../zk/groth16/bn128/proof.json"),
        include_str!("../zk/groth16/bn128/public.json"),
    ),
    (
        "bls12381",
        include_str!("../zk/groth16/bls12381/verification_key.json"),
        include_str!("../zk/groth16/bls12381/proof.json"),
        include_str!("../zk/groth16/bls12381/public.json"),
    ),
];

/// The status of verifying binary (vk, proof, inputs) through zcrypto's Rust API, the
/// way `zc_groth16_verify` decodes them.
fn groth16_code(vk: &[u8], proof: &[u8], inputs: &[u8]) -> i64 {
    let r = (|| {
        let vk = zk::VerifyingKey::from_bytes(vk)?;
        let proof = zk::Proof::from_bytes(proof)?;
        if !inputs.len().is_multiple_of(32) {
            return Err(Error::InvalidLength {
                expected: inputs.len().next_multiple_of(32),
                got: inputs.len(),
            });
        }
        let x: Vec<[u8; 32]> = inputs
            .chunks_exact(32)
            .map(|c| c.try_into().unwrap_or([0; 32]))
            .collect();
        let x = zk::PublicInputs::from_be_bytes(vk.curve(), &x)?;
        zk::verify(&vk.prepare(), &proof, &x)
    })();
    code(&r)
}

/// (what, vk, proof, inputs).
type Groth16Variant<'a> = (&'a str, &'a [u8], &'a [u8], &'a [u8]);

fn groth16(cases: &mut Vec<Value>) -> Res<()> {
    let mut proofs = Vec::new();
    for (name, vk_json, proof_json, public_json) in GROTH16 {
        let vk = zk::VerifyingKey::from_snarkjs_json(vk_json).map_err(e)?;
        let curve = vk.curve();
        let proof = zk::Proof::from_snarkjs_json(curve, proof_json).map_err(e)?;
        let inputs = zk::public_inputs_from_snarkjs_json(curve, public_json).map_err(e)?;
        // The JSON path must accept the fixture before its binary form is used.
        zk::verify(&vk.prepare(), &proof, &inputs).map_err(e)?;
        let (vk, proof) = (vk.to_bytes(), proof.to_bytes());
        let inputs: Vec<u8> = inputs.to_be_bytes().concat();
        proofs.push(proof.clone());
        let mut wrong_input = inputs.clone();
        wrong_input[31] ^= 1;
        let mut flipped_proof = proof.clone();
        flipped_proof[5] ^= 1;
        let mut bad_tag = proof.clone();
        bad_tag[0] = 9;
        let variants: [Groth16Variant; 9] = [
            ("valid", &vk, &proof, &inputs),
            ("wrong_input", &vk, &proof, &wrong_input),
            ("missing_input", &vk, &proof, &inputs[..inputs.len() - 32]),
            (
                "input_not_32_bytes",
                &vk,
                &proof,
                &inputs[..inputs.len() - 1],
            ),
            (
                "input_over_modulus",
                &vk,
                &proof,
                &[&inputs[..32], &[0xff; 32][..]].concat(),
            ),
            ("truncated_proof", &vk, &proof[..proof.len() - 1], &inputs),
            ("truncated_key", &vk[..vk.len() - 1], &proof, &inputs),
            ("flipped_proof", &vk, &flipped_proof, &inputs),
            ("bad_tag", &vk, &bad_tag, &inputs),
        ];
        for (what, vk, proof, inputs) in variants {
            cases.push(json!({
                "code": groth16_code(vk, proof, inputs),
                "id": format!("groth16/{name}/{what}"),
                "op": "groth16_verify",
                "inputs": hx(inputs),
                "proof": hx(proof),
                "vk": hx(vk),
            }));
        }
    }
    // The BN254 key with the BLS12-381 proof: curves differ.
    let (_, vk_json, _, public_json) = GROTH16[0];
    let vk = zk::VerifyingKey::from_snarkjs_json(vk_json).map_err(e)?;
    let inputs = zk::public_inputs_from_snarkjs_json(vk.curve(), public_json).map_err(e)?;
    let (vk, inputs) = (vk.to_bytes(), inputs.to_be_bytes().concat());
    cases.push(json!({
        "code": groth16_code(&vk, &proofs[1], &inputs),
        "id": "groth16/bn128/other_curve_proof",
        "op": "groth16_verify",
        "inputs": hx(&inputs),
        "proof": hx(&proofs[1]),
        "vk": hx(&vk),
    }));
    for c in cases.iter().filter(|c| c["op"] == "groth16_verify") {
        let want = match c["id"].as_str().unwrap_or_default().rsplit('/').next() {
            Some("valid") => 0,
            Some("wrong_input" | "other_curve_proof") => 17,
            Some("missing_input" | "input_not_32_bytes" | "truncated_proof" | "truncated_key") => 1,
            Some("input_over_modulus" | "bad_tag") => 10,
            _ => -1,
        };
        // A flipped bit of A's x leaves no point on the curve: 10 (decoding) as bad_tag.
        let want = if c["id"]
            .as_str()
            .unwrap_or_default()
            .ends_with("flipped_proof")
        {
            10
        } else {
            want
        };
        let got = c["code"].as_i64().unwrap_or(-1);
        if got != want {
            return Err(format!("{}: code {got}, expected {want}", c["id"]));
        }
    }
    Ok(())
}

fn bp_verify_code(bits: usize, proof: &[u8], commitments: &[u8]) -> i64 {
    let r = (|| {
        let bits = bp::BitSize::from_bits(bits)?;
        let proof = bp::RangeProof::from_bytes(proof)?;
        let c = commitments
            .chunks(32)
            .map(bp::Commitment::from_slice)
            .collect::<Result<Vec<_>, _>>()?;
        proof.verify(bits, &c)
    })();
    code(&r)
}

/// A deterministic RNG for the raw crate's verifier (SHA-256 in counter mode): only the
/// verifier's random weights come from it, and a check of known-good proofs does not
/// need them to be secret.
struct CounterRng(u64);

impl rand_core_06::RngCore for CounterRng {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(32) {
            self.0 += 1;
            let block = bytes(&format!("bulletproofs/verifier-rng/{}", self.0), 32);
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core_06::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core_06::CryptoRng for CounterRng {}

/// Verifies with the `bulletproofs` crate directly (zcrypto's transcript label, the
/// crate's default Pedersen generators, 64 × 16 Bulletproof generators).
fn raw_bp_verify(bits: usize, proof: &[u8], commitments: &[u8]) -> bool {
    use curve25519_dalek_4::ristretto::CompressedRistretto;
    let Ok(proof) = bulletproofs::RangeProof::from_bytes(proof) else {
        return false;
    };
    let c: Vec<CompressedRistretto> = commitments
        .chunks(32)
        .map(|c| CompressedRistretto::from_slice(c).unwrap_or_default())
        .collect();
    proof
        .verify_multiple_with_rng(
            &bulletproofs::BulletproofGens::new(64, bp::MAX_AGGREGATION),
            &bulletproofs::PedersenGens::default(),
            &mut merlin::Transcript::new(bp::TRANSCRIPT_LABEL),
            &c,
            bits,
            &mut CounterRng(0),
        )
        .is_ok()
}

/// The commitment `v·B + r·B̃` with the crate's default generators.
fn raw_bp_commit(value: u64, blinding: &[u8; 32]) -> Res<[u8; 32]> {
    use curve25519_dalek_4::scalar::Scalar;
    let r = Option::<Scalar>::from(Scalar::from_canonical_bytes(*blinding))
        .ok_or("non-canonical blinding")?;
    Ok(bulletproofs::PedersenGens::default()
        .commit(Scalar::from(value), r)
        .compress()
        .to_bytes())
}

fn bulletproofs(cases: &mut Vec<Value>) -> Res<()> {
    let sets: [(usize, &[u64]); 4] = [
        (64, &[u64::MAX]),
        (32, &[7, 4_000_000_000]),
        (8, &[0, 1, 200, 255]),
        (16, &[1, 2, 3, 4, 5, 6, 7, 65_535]),
    ];
    for (bits, values) in sets {
        let n = values.len();
        let label = format!("bulletproofs/{bits}x{n}");
        let blindings: Vec<bp::Blinding> = (0..n)
            .map(|i| bp::Blinding::from_bytes_wide(&arr(&format!("{label}/blinding/{i}"))))
            .collect();
        let entropy: [u8; 32] = arr(&format!("{label}/entropy"));
        let size = bp::BitSize::from_bits(bits).map_err(e)?;
        let (proof, commitments) =
            bp::RangeProof::prove_with_entropy(size, values, &blindings, &entropy).map_err(e)?;
        let (proof2, _) =
            bp::RangeProof::prove_with_entropy(size, values, &blindings, &entropy).map_err(e)?;
        agree("deterministic proof", proof.to_bytes(), proof2.to_bytes())?;
        for (v, (r, c)) in values.iter().zip(blindings.iter().zip(&commitments)) {
            agree("commitment", bp::Commitment::new(*v, r), *c)?;
            agree(
                "raw commitment",
                raw_bp_commit(*v, &r.to_bytes())?,
                c.to_bytes(),
            )?;
        }
        let proof = proof.to_bytes();
        agree("proof length", size.proof_len(n), Some(proof.len()))?;
        let commitments: Vec<u8> = commitments.iter().flat_map(|c| c.to_bytes()).collect();
        let blindings: Vec<u8> = blindings.iter().flat_map(|b| b.to_bytes()).collect();
        // The first commitment replaced by a commitment to another value.
        let other = bp::Commitment::new(
            values[0] ^ 1,
            &bp::Blinding::from_bytes_wide(&arr(&format!("{label}/other"))),
        );
        let mut wrong_c = commitments.clone();
        wrong_c[..32].copy_from_slice(other.as_bytes());
        let mut bad_point = commitments.clone();
        bad_point[..32].copy_from_slice(&[0xff; 32]);
        let mut tampered = proof.clone();
        tampered[64] ^= 1;
        let wrong_bits = if bits == 8 { 16 } else { 8 };
        let checks: [(&str, usize, &[u8], &[u8]); 8] = [
            ("valid", bits, &proof, &commitments),
            ("wrong_commitment", bits, &proof, &wrong_c),
            ("wrong_bits", wrong_bits, &proof, &commitments),
            ("unsupported_bits", 12, &proof, &commitments),
            ("tampered_proof", bits, &tampered, &commitments),
            (
                "truncated_proof",
                bits,
                &proof[..proof.len() - 32],
                &commitments,
            ),
            ("bad_commitment_encoding", bits, &proof, &bad_point),
            (
                "commitments_not_32_bytes",
                bits,
                &proof,
                &commitments[..commitments.len() - 1],
            ),
        ];
        let verify: Vec<Value> = checks
            .iter()
            .map(|(what, b, p, c)| {
                json!({ "bits": b, "code": bp_verify_code(*b, p, c), "commitments": hx(c), "proof": hx(p), "what": what })
            })
            .collect();
        if verify[0]["code"] != 0 || verify[1]["code"] != 17 || verify[2]["code"] != 17 {
            return Err(format!("{label}: unexpected verdicts {verify:?}"));
        }
        // The raw crate accepts the proof and refuses the wrong statements.
        agree(
            "raw verify",
            raw_bp_verify(bits, &proof, &commitments),
            true,
        )?;
        agree(
            "raw wrong commitment",
            raw_bp_verify(bits, &proof, &wrong_c),
            false,
        )?;
        agree(
            "raw wrong bits",
            raw_bp_verify(wrong_bits, &proof, &commitments),
            false,
        )?;
        agree(
            "raw tampered",
            raw_bp_verify(bits, &tampered, &commitments),
            false,
        )?;
        cases.push(json!({
            "bits": bits,
            "blindings": hx(&blindings),
            "commitments": hx(&commitments),
            "entropy": hx(entropy),
            "id": label,
            "op": "bulletproofs",
            "proof": hx(&proof),
            "values": values.iter().map(|v| v.to_string()).collect::<Vec<_>>(),
            "verify": verify,
        }));
    }
    Ok(())
}

/// `Poseidon(a, b)` with `halo2_gadgets`' primitives directly (`P128Pow5T3`,
/// constant-length-2 padding), not through zcrypto's wrapper.
fn raw_poseidon(a: h2::FieldElement, b: h2::FieldElement) -> h2::FieldElement {
    use h2::halo2_gadgets::poseidon::primitives::{ConstantLength, Hash, P128Pow5T3};
    h2::FieldElement::from_fp(
        Hash::<_, P128Pow5T3, ConstantLength<2>, 3, 2>::init().hash([a.to_fp(), b.to_fp()]),
    )
}

/// Verifies with `halo2_proofs` directly: parameters and verifying key computed here from
/// the circuit's `without_witnesses` form, BLAKE2b transcript, one public input.
fn raw_halo2_verify<C: h2::halo2_proofs::plonk::Circuit<h2::halo2_proofs::pasta::Fp>>(
    circuit: &C,
    k: u32,
    public: h2::FieldElement,
    proof: &[u8],
) -> bool {
    use h2::halo2_proofs::pasta::EqAffine;
    use h2::halo2_proofs::plonk;
    use h2::halo2_proofs::poly::commitment::Params;
    use h2::halo2_proofs::transcript::{Blake2bRead, Challenge255};
    let params: Params<EqAffine> = Params::new(k);
    let Ok(vk) = plonk::keygen_vk(&params, &circuit.without_witnesses()) else {
        return false;
    };
    let mut transcript = Blake2bRead::<_, EqAffine, Challenge255<_>>::init(proof);
    plonk::verify_proof(
        &params,
        &vk,
        plonk::SingleVerifier::new(&params),
        &[&[&[public.to_fp()]]],
        &mut transcript,
    )
    .is_ok()
}

/// The verification cases of one encoded halo2 proof: the proof itself and tampered or
/// malformed variants, each with the status `zcrypto::zk::halo2::verify_encoded` gives
/// (checked against the expected one). `other` is another circuit's id.
fn halo2_verify_cases(label: &str, encoded: &[u8], other: h2::CircuitId) -> Res<Vec<Value>> {
    let with = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut v = encoded.to_vec();
        f(&mut v);
        v
    };
    let other_len = if other.encoded_len() == encoded.len() {
        17
    } else {
        1
    };
    let variants: [(&str, Vec<u8>, i64); 9] = [
        ("valid", encoded.to_vec(), 0),
        ("flipped_bit", with(&|v| v[34 + 100] ^= 0x04), 17),
        ("truncated", encoded[..encoded.len() - 1].to_vec(), 1),
        (
            "unknown_id",
            with(&|v| v[..2].copy_from_slice(&[0x7f, 0xff])),
            5,
        ),
        ("wrong_public_input", with(&|v| v[2] ^= 1), 17),
        (
            "public_input_not_canonical",
            with(&|v| v[2..34].fill(0xff)),
            10,
        ),
        (
            "other_circuit",
            with(&|v| v[..2].copy_from_slice(&other.code().to_be_bytes())),
            other_len,
        ),
        ("empty", Vec::new(), 1),
        (
            "too_long",
            with(&|v| v.resize(h2::MAX_ENCODED_LEN + 1, 0)),
            16,
        ),
    ];
    let mut out = Vec::new();
    for (what, bytes, want) in variants {
        let got = code(&h2::verify_encoded(&bytes).map(|_| ()));
        if got != want {
            return Err(format!("{label}/{what}: code {got}, expected {want}"));
        }
        out.push(json!({ "code": got, "encoded": hx(&bytes), "what": what }));
    }
    Ok(out)
}

/// halo2 proofs for the registered circuits (`zcrypto::zk::halo2`): range checks and
/// Merkle membership, proved with fixed entropy (the prover is deterministic in its
/// inputs), each checked against `halo2_proofs` and `halo2_gadgets` directly (the
/// commitment or root, and the proof), then tampered with.
fn halo2(cases: &mut Vec<Value>) -> Res<()> {
    use h2::CircuitId as C;
    for (bits, value, other) in [
        (bp::BitSize::Bits8, 200u64, C::Range16),
        (bp::BitSize::Bits64, u64::MAX, C::Range32),
    ] {
        let id = C::range(bits);
        let label = format!("halo2/{}", id.name());
        let blinding = h2::Blinding::from_bytes_wide(&arr(&format!("{label}/blinding")));
        let entropy: [u8; 32] = arr(&format!("{label}/entropy"));
        let (statement, proof) =
            h2::prove_range_with_entropy(bits, value, &blinding, &entropy).map_err(e)?;
        let (_, again) =
            h2::prove_range_with_entropy(bits, value, &blinding, &entropy).map_err(e)?;
        agree("deterministic proof", proof.as_bytes(), again.as_bytes())?;
        let commitment = raw_poseidon(h2::FieldElement::from_u64(value), {
            h2::FieldElement::from_bytes(blinding.to_bytes()).map_err(e)?
        });
        agree("commitment", statement.public_inputs(), &[commitment][..])?;
        let circuit = h2::RangeCircuit::new(bits, value, &blinding);
        agree(
            "raw verify",
            raw_halo2_verify(&circuit, id.k(), commitment, proof.as_bytes()),
            true,
        )?;
        agree(
            "raw wrong commitment",
            raw_halo2_verify(
                &circuit,
                id.k(),
                raw_poseidon(commitment, commitment),
                proof.as_bytes(),
            ),
            false,
        )?;
        let encoded = h2::encode(&statement, &proof);
        agree("encoded length", encoded.len(), id.encoded_len())?;
        cases.push(json!({
            "blinding": hx(blinding.to_bytes()),
            "circuit": id.code(),
            "encoded": hx(&encoded),
            "entropy": hx(entropy),
            "id": label,
            "op": "halo2",
            "public_input": hx(commitment.to_bytes()),
            "value": value.to_string(),
            "verify": halo2_verify_cases(&label, &encoded, other)?,
        }));
    }
    for (depth, index, other) in [(8usize, 3usize, C::Membership16), (16, 4, C::Membership20)] {
        let id = C::membership(depth).map_err(e)?;
        let label = format!("halo2/{}", id.name());
        let leaves: Vec<h2::FieldElement> = (0..5)
            .map(|i| h2::FieldElement::from_bytes_wide(&arr(&format!("{label}/leaf/{i}"))))
            .collect();
        let tree = h2::MerkleTree::new(depth, &leaves).map_err(e)?;
        let path = tree.path(index).map_err(e)?;
        let entropy: [u8; 32] = arr(&format!("{label}/entropy"));
        let leaf = leaves[index];
        let (statement, proof) =
            h2::prove_membership_with_entropy(leaf, &path, &entropy).map_err(e)?;
        let (_, again) = h2::prove_membership_with_entropy(leaf, &path, &entropy).map_err(e)?;
        agree("deterministic proof", proof.as_bytes(), again.as_bytes())?;
        // The root by hand: hash up the path with the raw Poseidon.
        let mut node = leaf;
        for (level, sibling) in path.siblings().iter().enumerate() {
            node = if (index >> level) & 1 == 1 {
                raw_poseidon(*sibling, node)
            } else {
                raw_poseidon(node, *sibling)
            };
        }
        agree("root", tree.root(), node)?;
        agree("statement root", statement.public_inputs(), &[node][..])?;
        let circuit = h2::MembershipCircuit::new(leaf, &path);
        agree(
            "raw verify",
            raw_halo2_verify(&circuit, id.k(), node, proof.as_bytes()),
            true,
        )?;
        agree(
            "raw wrong root",
            raw_halo2_verify(&circuit, id.k(), leaf, proof.as_bytes()),
            false,
        )?;
        let encoded = h2::encode(&statement, &proof);
        agree("encoded length", encoded.len(), id.encoded_len())?;
        let siblings: Vec<u8> = path.siblings().iter().flat_map(|s| s.to_bytes()).collect();
        cases.push(json!({
            "circuit": id.code(),
            "encoded": hx(&encoded),
            "entropy": hx(entropy),
            "id": label,
            "index": index,
            "leaf": hx(leaf.to_bytes()),
            "op": "halo2",
            "public_input": hx(node.to_bytes()),
            "siblings": hx(&siblings),
            "verify": halo2_verify_cases(&label, &encoded, other)?,
        }));
    }
    Ok(())
}

const POINT_EVALUATION: &str = include_str!("../kzg/point_evaluation.json");

fn kzg_cases(cases: &mut Vec<Value>) -> Res<()> {
    let file: Value = serde_json::from_str(POINT_EVALUATION).map_err(|x| x.to_string())?;
    for v in file["point_evaluation"]
        .as_array()
        .ok_or("point_evaluation")?
    {
        let name = v["name"].as_str().ok_or("name")?;
        let input = hex::decode(v["input"].as_str().ok_or("input")?).map_err(|x| x.to_string())?;
        let expected = v["expected"].as_str().unwrap_or_default();
        let r = kzg::point_evaluation(&input);
        let output = r.as_ref().map(hex::encode).unwrap_or_default();
        agree(name, output.as_str(), expected)?;
        cases.push(json!({
            "code": code(&r.map(|_| ())),
            "id": format!("kzg/point_evaluation/{name}"),
            "input": hx(&input),
            "op": "kzg_point_evaluation",
            "output": output,
        }));
    }
    // A blob whose first field elements are nonzero, the rest zero (stored as its head).
    for (i, head_elems) in [(0usize, 1usize), (1, 16)] {
        let mut blob = vec![0u8; kzg::BYTES_PER_BLOB];
        for j in 0..head_elems {
            let mut el: [u8; 32] = arr(&format!("kzg/blob/{i}/{j}"));
            el[0] = 0; // below the BLS12-381 scalar modulus
            blob[32 * j..32 * j + 32].copy_from_slice(&el);
        }
        let head = &blob[..32 * head_elems];
        let b = kzg::Blob::from_slice(&blob).map_err(e)?;
        let c = kzg::blob_to_commitment(&b).map_err(e)?;
        let p = kzg::compute_blob_proof(&b, &c).map_err(e)?;
        kzg::verify_blob_proof(&b, &c, &p).map_err(e)?;
        // Another blob's commitment: the zero blob's (the point at infinity).
        let zero = kzg::Blob::from_slice(&vec![0u8; kzg::BYTES_PER_BLOB]).map_err(e)?;
        let zc = kzg::blob_to_commitment(&zero).map_err(e)?;
        let wrong = code(&kzg::verify_blob_proof(&b, &zc, &p));
        let mut bad = *c.as_bytes();
        bad[0] ^= 0x40; // sets the infinity flag on a nonzero x: not a valid encoding
        let bad_code = code(&kzg::verify_blob_proof(
            &b,
            &kzg::Commitment::from_bytes(bad),
            &p,
        ));
        agree("wrong commitment", wrong, 17)?;
        cases.push(json!({
            "bad_commitment": hx(bad),
            "bad_commitment_code": bad_code,
            "blob_head": hx(head),
            "commitment": hx(c.as_bytes()),
            "id": format!("kzg/blob/{i}"),
            "op": "kzg_blob",
            "other_commitment": hx(zc.as_bytes()),
            "other_commitment_code": wrong,
            "proof": hx(p.as_bytes()),
        }));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// the op → C function map
// ---------------------------------------------------------------------------------------

fn functions() -> Value {
    let m = |pairs: &[(&str, &[&str])]| -> Value {
        let map: BTreeMap<String, Value> = pairs
            .iter()
            .map(|(op, f)| ((*op).to_string(), json!(f)))
            .collect();
        json!(map)
    };
    let quic: &[(&str, &[&str])] = &[(
        "appendix-a",
        &[
            "zc_quic_keys_initial",
            "zc_quic_keys_from_secret",
            "zc_quic_key_update",
            "zc_quic_keys_generation",
            "zc_quic_keys_free",
            "zc_quic_encrypt",
            "zc_quic_decrypt",
            "zc_quic_parse_long_header",
            "zc_quic_retry_tag",
            "zc_quic_verify_retry",
        ],
    )];
    json!({
        "vectors/ffi.json": m(&[
            ("version", &["zc_version"]),
            ("error_name", &["zc_error_name", "zc_error_message"]),
            ("has_feature", &["zc_has_feature"]),
            ("hash_len", &["zc_hash_len"]),
            ("aead_lengths", &["zc_aead_lengths"]),
            ("kem_lengths", &["zc_kem_lengths"]),
            ("sig_lengths", &["zc_sig_lengths"]),
            ("hash_incremental", &["zc_hash_new", "zc_hash_update", "zc_hash_finish", "zc_hash_free"]),
            ("hash_rows", &["zc_hash_rows"]),
            ("secp256k1_recover", &["zc_secp256k1_sign_recoverable", "zc_secp256k1_recover"]),
            ("bls_aggregate", &["zc_bls_aggregate_signatures", "zc_bls_aggregate_public_keys", "zc_bls_fast_aggregate_verify"]),
            ("batch_verify", &["zc_batch_new", "zc_batch_add", "zc_batch_len", "zc_batch_verify_all", "zc_batch_verify_each", "zc_batch_free"]),
            ("sig_verify_rows", &["zc_sig_verify_rows"]),
            ("merkle_tree", &["zc_merkle_root", "zc_merkle_inclusion_path", "zc_merkle_verify_inclusion"]),
            ("merkle_root_rows", &["zc_merkle_root_rows"]),
            ("hybrid_kem", &["zc_hybrid_client_share", "zc_hybrid_server_encapsulate", "zc_hybrid_client_finish"]),
            ("groth16_verify", &["zc_groth16_verify"]),
            ("bulletproofs", &["zc_bulletproofs_commit", "zc_bulletproofs_prove", "zc_bulletproofs_verify"]),
            ("halo2", &["zc_halo2_prove_range", "zc_halo2_prove_membership", "zc_halo2_verify"]),
            ("kzg_point_evaluation", &["zc_kzg_point_evaluation"]),
            ("kzg_blob", &["zc_kzg_blob_to_commitment", "zc_kzg_compute_blob_proof", "zc_kzg_verify_blob_proof"]),
        ]),
        "vectors/foundation.json": m(&[
            ("hash", &["zc_hash"]),
            ("hmac", &["zc_hmac", "zc_hmac_verify"]),
            ("hkdf", &["zc_hkdf_extract", "zc_hkdf_expand", "zc_hkdf"]),
            ("expand_label", &["zc_hkdf_expand_label"]),
            ("aead", &["zc_aead_key_new", "zc_aead_seal", "zc_aead_open", "zc_aead_seal_detached", "zc_aead_open_detached", "zc_aead_key_free"]),
            ("x25519", &["zc_x25519_public_key", "zc_x25519"]),
            ("kem", &["zc_kem_keygen", "zc_kem_encapsulate", "zc_kem_decapsulate"]),
            ("sign", &["zc_sig_public_key", "zc_sig_sign", "zc_sig_verify", "zc_sig_check_public_key", "zc_bip340_sign"]),
        ]),
        "vectors/quic/rfc9001.json": m(quic),
        "vectors/quic/rfc9369.json": m(quic),
    })
}

fn excluded() -> Value {
    json!({
        "zc_random": "operating-system randomness: no fixed output",
        "zc_profile_report": "timing measurements of this machine",
        "zc_hardware_features": "the CPU's features: differs between machines",
    })
}

fn generate() -> Res<Value> {
    let mut cases = Vec::new();
    meta(&mut cases);
    lengths(&mut cases)?;
    hashing(&mut cases)?;
    secp256k1_recover(&mut cases)?;
    bls_aggregate(&mut cases)?;
    batch(&mut cases)?;
    merkle_cases(&mut cases)?;
    hybrid_kem(&mut cases)?;
    groth16(&mut cases)?;
    bulletproofs(&mut cases)?;
    halo2(&mut cases)?;
    kzg_cases(&mut cases)?;
    let mut seen = std::collections::BTreeSet::new();
    for c in &cases {
        let id = c["id"].as_str().unwrap_or_default().to_string();
        if !seen.insert(id.clone()) {
            return Err(format!("duplicate id {id}"));
        }
    }
    Ok(json!({
        "cases": cases,
        "excluded": excluded(),
        "functions": functions(),
        "generator": "vectors/src/main.rs (cargo run -p vectors)",
    }))
}

// ---------------------------------------------------------------------------------------
// output: Python's json.dumps(indent=1, sort_keys=True) + "\n", like generate.py
// ---------------------------------------------------------------------------------------

fn dump(v: &Value, depth: usize, out: &mut String) {
    let pad = |d: usize| " ".repeat(d);
    match v {
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(o) if o.is_empty() => out.push_str("{}"),
        Value::Array(a) => {
            out.push_str("[\n");
            for (i, x) in a.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                dump(x, depth + 1, out);
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push(']');
        }
        Value::Object(o) => {
            let sorted: BTreeMap<&String, &Value> = o.iter().collect();
            out.push_str("{\n");
            for (i, (k, x)) in sorted.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push_str(": ");
                dump(x, depth + 1, out);
                out.push_str(if i + 1 < sorted.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// `foundation.json` comes from `generate.py`, whose expected values are computed by
/// independent Python implementations (never by zcrypto, never by this crate): run it
/// first, with the same `--check`, so that `cargo run -p vectors` writes (or checks)
/// every vector file of the project in one command.
fn foundation(dir: &std::path::Path, check: bool) -> Result<(), String> {
    let script = dir.join("generate.py");
    let python = std::env::var_os("PYTHON").unwrap_or_else(|| "python3".into());
    let mut cmd = std::process::Command::new(&python);
    cmd.arg(&script);
    if check {
        cmd.arg("--check");
    }
    let status = cmd.status().map_err(|err| {
        format!(
            "cannot run {} {} ({err}): foundation.json needs Python 3 (set PYTHON to \
             choose one) with `pip install -r vectors/requirements.txt`",
            python.to_string_lossy(),
            script.display()
        )
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} failed ({status}); ffi.json not generated. Its Python packages: \
             `pip install -r vectors/requirements.txt`",
            script.display()
        ))
    }
}

fn main() -> ExitCode {
    let check = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--check") => true,
        Some(other) => {
            eprintln!("usage: cargo run -p vectors [-- --check] (unknown argument {other:?})");
            return ExitCode::from(2);
        }
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Err(msg) = foundation(dir, check) {
        eprintln!("error: {msg}");
        return ExitCode::FAILURE;
    }
    let path = dir.join("ffi.json");
    let value = match generate() {
        Ok(v) => v,
        Err(msg) => {
            eprintln!("error: {msg}; nothing written");
            return ExitCode::FAILURE;
        }
    };
    let mut text = String::new();
    dump(&value, 0, &mut text);
    text.push('\n');
    let n = value["cases"].as_array().map_or(0, Vec::len);
    if check {
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        if old == text {
            println!("{}: up to date ({n} cases)", path.display());
            return ExitCode::SUCCESS;
        }
        let line = old
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| old.lines().count().min(text.lines().count()));
        eprintln!(
            "{} differs from a fresh generation (first at line {}): run `cargo run -p vectors`",
            path.display(),
            line + 1
        );
        return ExitCode::FAILURE;
    }
    if let Err(err) = std::fs::write(&path, text) {
        eprintln!("error: write {}: {err}", path.display());
        return ExitCode::FAILURE;
    }
    println!("wrote {} ({n} cases)", path.display());
    ExitCode::SUCCESS
}
