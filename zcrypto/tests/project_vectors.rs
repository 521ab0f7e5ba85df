//! The project's own cross-language vectors (`vectors/foundation.json`), computed by
//! independent Python implementations (see `vectors/README.md`), checked case by case
//! against zcrypto on every compiled backend.
//!
//! Every stored algorithm name goes through `Algorithm::from_str`, every operation is
//! counted, and an empty or truncated file fails.

mod common;

use std::{collections::BTreeMap, path::PathBuf, str::FromStr};

use common::hex_field;
use serde_json::Value;
use zcrypto::{
    Algorithm, Backend, Error,
    aead::{AeadAlg, AeadKey, Nonce},
    hash::{self, HashAlg, Hasher},
    kdf::{self, HkdfAlg, Prk},
    kem::{DecapsulationKey, EncapsulationKey, MlKem},
    mac::{self, HmacAlg},
    sig::{
        Encoding, Signer, Verifier, dynamic, ed25519, hybrid,
        ml_dsa::{self, MlDsa},
        secp256k1::{ecdsa, schnorr},
    },
    x25519::{PublicKey, SecretKey},
};

#[cfg(feature = "bls")]
use zcrypto::sig::bls;

/// Algorithms with no cases in the file, and why. Every other algorithm must have some.
const NO_PROJECT_VECTORS: &[(Algorithm, &str)] = &[
    // No independent Python implementation of X25519MLKEM768 is used by the generator;
    // it is tested against rustls in tests/hybrid_interop.rs.
    (
        Algorithm::X25519MlKem768,
        "hybrid KEM, checked against rustls",
    ),
    // A threshold protocol, not a single-signer scheme: its group signatures are plain
    // Ed25519 (covered here under "ed25519"), and the RFC 9591 and ZF FROST transcripts
    // are checked in tests/sig_frost.rs.
    (
        Algorithm::FrostEd25519,
        "threshold protocol, RFC 9591 / ZF transcripts",
    ),
];

/// Every operation the file must contain, with at least this many cases each.
const OPS: &[(&str, usize)] = &[
    ("hash", 8),
    ("hmac", 3),
    ("hkdf", 3),
    ("expand_label", 3),
    ("aead", 4),
    ("x25519", 1),
    ("kem", 3),
    ("sign", 20),
];

fn load() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors/foundation.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run vectors/generate.py)", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn array<const N: usize>(case: &Value, key: &str) -> [u8; N] {
    let v = hex_field(case, key);
    v.try_into()
        .unwrap_or_else(|v: Vec<u8>| panic!("field {key}: {} bytes, want {N}", v.len()))
}

/// Collects every disagreement instead of stopping at the first one.
#[derive(Default)]
struct Report {
    failures: Vec<String>,
}

impl Report {
    fn eq(&mut self, id: &str, what: &str, got: &[u8], want: &[u8]) {
        if got != want {
            self.failures.push(format!(
                "{id}: {what}: zcrypto {} != expected {}",
                hex::encode(got),
                hex::encode(want)
            ));
        }
    }

    fn ok<T>(&mut self, id: &str, what: &str, r: Result<T, Error>) -> Option<T> {
        r.map_err(|e| self.failures.push(format!("{id}: {what}: error {e:?}")))
            .ok()
    }
}

fn check_hash(r: &mut Report, id: &str, alg: Algorithm, case: &Value) {
    let Some(alg) = r.ok(id, "hash alg", HashAlg::try_from(alg)) else {
        return;
    };
    let msg = hex_field(case, "msg");
    let want = hex_field(case, "digest");
    r.eq(id, "hash", hash::hash(alg, &msg).as_bytes(), &want);
    // Incremental, split unevenly.
    let mut h = Hasher::new(alg);
    let (a, b) = msg.split_at(msg.len() / 3);
    h.update(a);
    h.update(b);
    r.eq(id, "incremental hash", h.finalize().as_bytes(), &want);
}

fn check_hmac(r: &mut Report, id: &str, alg: Algorithm, case: &Value) {
    let Some(alg) = r.ok(id, "hmac alg", HmacAlg::try_from(alg)) else {
        return;
    };
    let (key, msg, tag) = (
        hex_field(case, "key"),
        hex_field(case, "msg"),
        hex_field(case, "tag"),
    );
    r.eq(id, "hmac", mac::hmac(alg, &key, &msg).as_bytes(), &tag);
    r.ok(id, "hmac verify", mac::verify(alg, &key, &msg, &tag));
}

fn check_hkdf(r: &mut Report, id: &str, alg: Algorithm, case: &Value) {
    let Some(alg) = r.ok(id, "hkdf alg", HkdfAlg::try_from(alg)) else {
        return;
    };
    let (salt, ikm, info) = (
        hex_field(case, "salt"),
        hex_field(case, "ikm"),
        hex_field(case, "info"),
    );
    let want = hex_field(case, "okm");
    let prk = Prk::extract(alg, &salt, &ikm);
    r.eq(id, "extract", prk.as_bytes(), &hex_field(case, "prk"));
    let mut out = vec![0u8; want.len()];
    if r.ok(id, "expand", prk.expand(&info, &mut out)).is_some() {
        r.eq(id, "expand", &out, &want);
    }
    let mut out = vec![0u8; want.len()];
    if r.ok(id, "hkdf", kdf::hkdf(alg, &salt, &ikm, &info, &mut out))
        .is_some()
    {
        r.eq(id, "hkdf", &out, &want);
    }
}

fn check_expand_label(r: &mut Report, id: &str, alg: Algorithm, case: &Value) {
    let Some(alg) = r.ok(id, "hkdf alg", HkdfAlg::try_from(alg)) else {
        return;
    };
    let want = hex_field(case, "okm");
    let Some(prk) = r.ok(
        id,
        "from_bytes",
        Prk::from_bytes(alg, &hex_field(case, "secret")),
    ) else {
        return;
    };
    let mut out = vec![0u8; want.len()];
    let res = prk.expand_label(
        &hex_field(case, "label"),
        &hex_field(case, "context"),
        &mut out,
    );
    if r.ok(id, "expand_label", res).is_some() {
        r.eq(id, "expand_label", &out, &want);
    }
}

fn check_aead(r: &mut Report, id: &str, alg: Algorithm, case: &Value, backend: Backend) {
    let Some(alg) = r.ok(id, "aead alg", AeadAlg::try_from(alg)) else {
        return;
    };
    let (aad, pt, ct) = (
        hex_field(case, "aad"),
        hex_field(case, "pt"),
        hex_field(case, "ct"),
    );
    let Some(key) = r.ok(
        id,
        "key",
        AeadKey::with_backend(alg, &hex_field(case, "key"), backend),
    ) else {
        return;
    };
    let Some(nonce) = r.ok(
        id,
        "nonce",
        Nonce::try_from_slice(&hex_field(case, "nonce")),
    ) else {
        return;
    };
    let what = format!("{} seal", key.backend().name());
    if let Some(sealed) = r.ok(id, &what, key.seal(&nonce, &aad, &pt)) {
        r.eq(id, &what, &sealed, &ct);
    }
    let what = format!("{} open", key.backend().name());
    if let Some(opened) = r.ok(id, &what, key.open(&nonce, &aad, &ct)) {
        r.eq(id, &what, &opened, &pt);
    }
    // The stored answer is authenticated: one flipped tag bit must be refused.
    let mut bad = ct.clone();
    *bad.last_mut().unwrap() ^= 1;
    if key.open(&nonce, &aad, &bad) != Err(Error::DecryptionFailed) {
        r.failures
            .push(format!("{id}: {what}: a tampered tag was not refused"));
    }
}

fn check_x25519(r: &mut Report, id: &str, case: &Value, backend: Backend) {
    let what = backend.name();
    let Some(sk) = r.ok(
        id,
        what,
        SecretKey::from_bytes(array(case, "sk")).with_backend(backend),
    ) else {
        return;
    };
    r.eq(
        id,
        &format!("{what} public key"),
        sk.public_key().as_bytes(),
        &hex_field(case, "pk"),
    );
    let peer = PublicKey::from_bytes(array(case, "peer"));
    let what = format!("{what} shared secret");
    if let Some(shared) = r.ok(id, &what, sk.diffie_hellman(&peer)) {
        r.eq(id, &what, shared.as_bytes(), &hex_field(case, "shared"));
    }
}

fn check_kem(r: &mut Report, id: &str, alg: Algorithm, case: &Value, backend: Backend) {
    let Some(params) = r.ok(id, "kem alg", MlKem::try_from(alg)) else {
        return;
    };
    let b = backend.name();
    let (ek, dk_bytes) = (hex_field(case, "ek"), hex_field(case, "dk"));
    let (ct, ss) = (
        hex_field(case, "ciphertext"),
        hex_field(case, "shared_secret"),
    );
    let seed: [u8; 64] = array(case, "seed");
    let what = format!("{b} from_seed");
    if let Some(dk) = r.ok(
        id,
        &what,
        DecapsulationKey::from_seed_with_backend(params, &seed, backend),
    ) {
        r.eq(
            id,
            &format!("{b} ek"),
            dk.encapsulation_key().as_bytes(),
            &ek,
        );
        r.eq(id, &format!("{b} expanded dk"), &dk.to_bytes(), &dk_bytes);
        let what = format!("{b} decapsulate (seed key)");
        if let Some(got) = r.ok(id, &what, dk.decapsulate(&ct)) {
            r.eq(id, &what, got.as_bytes(), &ss);
        }
    }
    let what = format!("{b} decapsulate (expanded dk)");
    let got = DecapsulationKey::from_bytes_with_backend(params, &dk_bytes, backend)
        .and_then(|dk| dk.decapsulate(&ct));
    if let Some(got) = r.ok(id, &what, got) {
        r.eq(id, &what, got.as_bytes(), &ss);
    }
    if case.get("m").is_some() {
        let m: [u8; 32] = array(case, "m");
        let what = format!("{b} encapsulate_deterministic");
        let enc = EncapsulationKey::from_bytes_with_backend(params, &ek, backend)
            .and_then(|ek| ek.encapsulate_deterministic(&m));
        if let Some((got_ct, got_ss)) = r.ok(id, &what, enc) {
            r.eq(id, &format!("{what} ciphertext"), got_ct.as_bytes(), &ct);
            r.eq(id, &format!("{what} secret"), got_ss.as_bytes(), &ss);
        }
    }
}

/// Key generation from `seed` on `backend`: (public key, our signature over `msg` under
/// `ctx`; BIP-340 with `aux`).
fn sig_keygen_sign(
    alg: Algorithm,
    seed: &[u8],
    backend: Backend,
    msg: &[u8],
    ctx: &[u8],
    aux: Option<&[u8; 32]>,
) -> Result<(Vec<u8>, Vec<u8>), Error> {
    match alg {
        Algorithm::Ed25519 => {
            let sk = ed25519::SigningKey::from_seed_with_backend(seed, backend)?;
            let sig = sk.sign_with_context(msg, ctx)?;
            Ok((sk.verifying_key().to_bytes(), sig.to_bytes()))
        }
        Algorithm::EcdsaSecp256k1 => {
            let sk = ecdsa::SigningKey::from_seed_with_backend(seed, backend)?;
            let sig = sk.sign_with_context(msg, ctx)?;
            Ok((sk.verifying_key().to_bytes(), sig.to_bytes()))
        }
        Algorithm::HybridEd25519MlDsa65 => {
            let sk = hybrid::SigningKey::from_seed_with_backend(seed, backend)?;
            let sig = sk.sign_with_context(msg, ctx)?;
            Ok((sk.verifying_key().to_bytes(), sig.to_bytes()))
        }
        // blst is BLS's only implementation: there is no backend to choose.
        #[cfg(feature = "bls")]
        Algorithm::Bls12381 => {
            let sk = bls::SigningKey::from_seed(seed)?;
            let sig = sk.sign_with_context(msg, ctx)?;
            Ok((sk.verifying_key().to_bytes(), sig.to_bytes()))
        }
        Algorithm::Bip340 => {
            let sk = schnorr::SigningKey::from_seed_with_backend(seed, backend)?;
            // Without a stored aux_rand only verification could be checked; every BIP-340
            // case has one.
            let aux = aux.ok_or(Error::InvalidLength {
                expected: 32,
                got: 0,
            })?;
            if !ctx.is_empty() {
                return Err(Error::UnsupportedAlgorithm);
            }
            let sig = sk.sign_with_aux_rand(msg, aux)?;
            Ok((sk.verifying_key().to_bytes(), sig.to_bytes()))
        }
        _ => {
            let params = MlDsa::try_from(alg)?;
            let seed: [u8; ml_dsa::SEED_LEN] =
                seed.try_into().map_err(|_| Error::InvalidLength {
                    expected: ml_dsa::SEED_LEN,
                    got: seed.len(),
                })?;
            let sk = ml_dsa::SigningKey::from_seed_with_backend(params, &seed, backend)?;
            let sig = sk.sign_with_context(msg, ctx)?;
            Ok((
                sk.verifying_key().as_bytes().to_vec(),
                sig.as_bytes().to_vec(),
            ))
        }
    }
}

/// Parses `pk` and `sig` for `backend` and verifies; a parse failure is a refusal too.
fn sig_verify(
    alg: Algorithm,
    pk: &[u8],
    backend: Backend,
    msg: &[u8],
    ctx: &[u8],
    sig: &[u8],
) -> Result<(), Error> {
    match alg {
        Algorithm::Ed25519 => ed25519::VerifyingKey::from_bytes_with_backend(pk, backend)?
            .verify_with_context(msg, ctx, &ed25519::Signature::from_bytes(sig)?),
        Algorithm::EcdsaSecp256k1 => ecdsa::VerifyingKey::from_bytes_with_backend(pk, backend)?
            .verify_with_context(msg, ctx, &ecdsa::Signature::from_bytes(sig)?),
        Algorithm::Bip340 => schnorr::VerifyingKey::from_bytes_with_backend(pk, backend)?
            .verify_with_context(msg, ctx, &schnorr::Signature::from_bytes(sig)?),
        // sig::hybrid parses verifying keys for the default backend only.
        Algorithm::HybridEd25519MlDsa65 => hybrid::VerifyingKey::from_bytes(pk)?
            .verify_with_context(msg, ctx, &hybrid::Signature::from_bytes(sig)?),
        #[cfg(feature = "bls")]
        Algorithm::Bls12381 => bls::VerifyingKey::from_bytes(pk)?.verify_with_context(
            msg,
            ctx,
            &bls::Signature::from_bytes(sig)?,
        ),
        _ => {
            let params = MlDsa::try_from(alg)?;
            ml_dsa::VerifyingKey::from_bytes_with_backend(params, pk, backend)?.verify_with_context(
                msg,
                ctx,
                &ml_dsa::Signature::from_bytes(params, sig)?,
            )
        }
    }
}

fn check_sign(r: &mut Report, id: &str, alg: Algorithm, case: &Value, backend: Backend) {
    let b = backend.name();
    let (seed, pk) = (hex_field(case, "seed"), hex_field(case, "public_key"));
    let (msg, ctx, sig) = (
        hex_field(case, "message"),
        hex_field(case, "context"),
        hex_field(case, "signature"),
    );
    let deterministic = case["deterministic"]
        .as_bool()
        .unwrap_or_else(|| panic!("{id}: missing boolean field deterministic"));
    let aux: Option<[u8; 32]> = case.get("aux_rand").map(|_| array(case, "aux_rand"));
    if alg == Algorithm::Bip340 && aux.is_none() {
        r.failures
            .push(format!("{id}: BIP-340 case without aux_rand"));
    }

    let what = format!("{b} keygen + sign");
    if let Some((got_pk, got_sig)) = r.ok(
        id,
        &what,
        sig_keygen_sign(alg, &seed, backend, &msg, &ctx, aux.as_ref()),
    ) {
        r.eq(id, &format!("{b} public key"), &got_pk, &pk);
        if deterministic {
            r.eq(id, &format!("{b} signature"), &got_sig, &sig);
        }
        // Ours verifies too (for hedged cases it differs from the stored one).
        r.ok(
            id,
            &format!("{b} verify own signature"),
            sig_verify(alg, &pk, backend, &msg, &ctx, &got_sig),
        );
    }
    r.ok(
        id,
        &format!("{b} verify stored signature"),
        sig_verify(alg, &pk, backend, &msg, &ctx, &sig),
    );
    // One flipped bit, at the start and at the end, must be refused.
    for (pos, bit) in [(0, 0x01), (sig.len() - 1, 0x80)] {
        let mut bad = sig.clone();
        bad[pos] ^= bit;
        if sig_verify(alg, &pk, backend, &msg, &ctx, &bad).is_ok() {
            r.failures.push(format!(
                "{id}: {b}: signature with byte {pos} ^ {bit:#04x} verified"
            ));
        }
    }
    // BLS: `seed` is KeyGen input keying material; `secret_scalar` is the key it gives,
    // which must load on its own (`from_bytes`) to the same key and signature.
    #[cfg(feature = "bls")]
    if alg == Algorithm::Bls12381 && backend == Backend::default() {
        check_bls_secret_scalar(r, id, case, &seed, &pk, &msg, &sig);
    }
    // The run-time dispatch (CLI, FFI, VM entry point), default backend.
    if backend == Backend::default() {
        if let Some((_, got_pk)) = r.ok(id, "dynamic::keygen", dynamic::keygen(alg, &seed)) {
            r.eq(id, "dynamic::keygen public key", &got_pk, &pk);
        }
        r.ok(
            id,
            "dynamic::check_public_key",
            dynamic::check_public_key(alg, &pk),
        );
        r.ok(
            id,
            "dynamic::verify",
            dynamic::verify(alg, &pk, &msg, &ctx, &sig),
        );
        // BIP-340's dynamic::sign draws fresh aux_rand: only deterministic elsewhere.
        if deterministic
            && alg != Algorithm::Bip340
            && let Some(got) = r.ok(id, "dynamic::sign", dynamic::sign(alg, &seed, &msg, &ctx))
        {
            r.eq(id, "dynamic::sign", &got, &sig);
        }
    }
}

#[cfg(feature = "bls")]
fn check_bls_secret_scalar(
    r: &mut Report,
    id: &str,
    case: &Value,
    seed: &[u8],
    pk: &[u8],
    msg: &[u8],
    sig: &[u8],
) {
    let scalar = hex_field(case, "secret_scalar");
    if let Some(sk) = r.ok(id, "bls from_seed", bls::SigningKey::from_seed(seed)) {
        r.eq(id, "bls KeyGen secret scalar", &*sk.to_bytes(), &scalar);
    }
    if let Some(sk) = r.ok(id, "bls from_bytes", bls::SigningKey::from_bytes(&scalar)) {
        r.eq(
            id,
            "bls from_bytes public key",
            &sk.verifying_key().to_bytes(),
            pk,
        );
        if let Some(got) = r.ok(id, "bls from_bytes sign", sk.sign(msg)) {
            r.eq(id, "bls from_bytes signature", &got.to_bytes(), sig);
        }
    }
}

#[test]
fn project_vectors_every_case_every_backend() {
    let doc = load();
    let cases = doc["cases"].as_array().expect("cases array");
    assert!(
        doc["libraries"].as_object().is_some_and(|l| !l.is_empty()),
        "libraries missing"
    );

    let mut r = Report::default();
    let mut per_op = BTreeMap::<String, usize>::new();
    let mut per_alg = BTreeMap::<Algorithm, usize>::new();
    let mut checks = 0usize;
    let mut skipped = Vec::new();
    for case in cases {
        let id = case["id"].as_str().expect("case id").to_owned();
        let name = case["alg"].as_str().expect("case alg");
        let op = case["op"].as_str().expect("case op");
        let alg = match Algorithm::from_str(name) {
            Ok(alg) => alg,
            Err(e) => {
                r.failures
                    .push(format!("{id}: unknown algorithm name {name:?}: {e:?}"));
                continue;
            }
        };
        assert_eq!(alg.name(), name, "{id}: name does not round-trip");
        *per_op.entry(op.to_owned()).or_default() += 1;
        *per_alg.entry(alg).or_default() += 1;
        // BLS is behind the `bls` cargo feature (blst needs a C compiler; not in `portable`).
        if alg == Algorithm::Bls12381 && !cfg!(feature = "bls") {
            skipped.push(id);
            continue;
        }
        match op {
            "hash" => check_hash(&mut r, &id, alg, case),
            "hmac" => check_hmac(&mut r, &id, alg, case),
            "hkdf" => check_hkdf(&mut r, &id, alg, case),
            "expand_label" => check_expand_label(&mut r, &id, alg, case),
            "aead" | "x25519" | "kem" | "sign" => {
                for &backend in Backend::AVAILABLE {
                    match op {
                        "aead" => check_aead(&mut r, &id, alg, case, backend),
                        "x25519" => {
                            assert_eq!(alg, Algorithm::X25519, "{id}");
                            check_x25519(&mut r, &id, case, backend)
                        }
                        "sign" => check_sign(&mut r, &id, alg, case, backend),
                        _ => check_kem(&mut r, &id, alg, case, backend),
                    }
                    checks += 1;
                }
                continue;
            }
            other => {
                r.failures.push(format!("{id}: unknown op {other:?}"));
                continue;
            }
        }
        checks += 1;
    }

    eprintln!(
        "project vectors: {} cases, {checks} case×backend checks on {:?}; per op {per_op:?}",
        cases.len(),
        Backend::AVAILABLE
            .iter()
            .map(|b| b.name())
            .collect::<Vec<_>>()
    );
    if !skipped.is_empty() {
        eprintln!(
            "project vectors: {} case(s) skipped, feature `bls` off: {skipped:?}",
            skipped.len()
        );
    }
    assert!(
        r.failures.is_empty(),
        "{} disagreement(s) with vectors/foundation.json:\n{}",
        r.failures.len(),
        r.failures.join("\n")
    );
    for &(op, min) in OPS {
        let n = per_op.get(op).copied().unwrap_or(0);
        assert!(n >= min, "op {op}: {n} cases, expected at least {min}");
    }
    assert_eq!(per_op.len(), OPS.len(), "unexpected ops: {per_op:?}");
    // Every algorithm has vectors, except the listed ones, which must have none (so the
    // list cannot go stale).
    let exempt = |alg: &Algorithm| NO_PROJECT_VECTORS.iter().any(|(a, _)| a == alg);
    let missing: Vec<_> = Algorithm::ALL
        .iter()
        .filter(|&alg| !exempt(alg) && !per_alg.contains_key(alg))
        .map(|alg| alg.name())
        .collect();
    assert!(missing.is_empty(), "no vectors for {missing:?}");
    let stale: Vec<_> = NO_PROJECT_VECTORS
        .iter()
        .filter(|(alg, _)| per_alg.contains_key(alg))
        .map(|(alg, why)| format!("{} ({why})", alg.name()))
        .collect();
    assert!(
        stale.is_empty(),
        "exempt from project vectors but has some: {stale:?}"
    );
}
