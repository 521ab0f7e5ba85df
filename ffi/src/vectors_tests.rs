//! The project's vectors through the C ABI, from Rust: every case of `vectors/ffi.json`
//! and `vectors/foundation.json` is run through the exported `zc_*` functions (the same
//! bytes the C, Go and Python tests check), and the coverage check: every function of
//! `include/zcrypto.h` is exercised by some vectors file's `op` (the map in `ffi.json`)
//! or is on its documented exclusion list.

use core::ffi::CStr;
use core::ptr::null_mut;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::CString;
use std::path::Path;

use serde_json::Value;

use crate::*;

fn load(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn h(c: &Value, key: &str) -> Vec<u8> {
    let s = c[key]
        .as_str()
        .unwrap_or_else(|| panic!("{}: no hex field {key}", c["id"]));
    hex_decode(s)
}

fn hex_decode(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn hex_list(c: &Value, key: &str) -> Vec<Vec<u8>> {
    c[key]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no list {key}", c["id"]))
        .iter()
        .map(|v| hex_decode(v.as_str().expect("hex string")))
        .collect()
}

fn n(c: &Value, key: &str) -> usize {
    c[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{}: no {key}", c["id"])) as usize
}

fn codes(c: &Value, key: &str) -> Vec<i32> {
    c[key]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no {key}", c["id"]))
        .iter()
        .map(|v| v.as_i64().expect("int") as i32)
        .collect()
}

fn cstr(c: &Value, key: &str) -> CString {
    CString::new(c[key].as_str().expect("string")).expect("no NUL")
}

/// An output buffer of `cap` bytes filled by `f(ptr, len, &mut written)`, which must
/// return `ZC_OK`.
fn out(id: &str, cap: usize, f: impl FnOnce(*mut u8, usize, *mut usize) -> i32) -> Vec<u8> {
    let mut buf = vec![0u8; cap];
    let mut w = 0usize;
    let rc = f(buf.as_mut_ptr(), buf.len(), &mut w);
    assert_eq!(rc, ZC_OK, "{id}: status {rc}");
    buf.truncate(w);
    buf
}

// ---------------------------------------------------------------------------------------
// vectors/ffi.json
// ---------------------------------------------------------------------------------------

fn ffi_case(c: &Value) {
    let id = c["id"].as_str().unwrap_or_default();
    let alg = c.get("alg").map(|_| cstr(c, "alg"));
    let a = || alg.as_ref().expect("alg").as_ptr();
    // SAFETY (every call below): pointers come from live Vecs/CStrings of the stated
    // lengths, out-pointers from locals.
    unsafe {
        match c["op"].as_str().unwrap_or_default() {
            "version" => {
                let v = CStr::from_ptr(zc_version()).to_str().unwrap();
                assert_eq!(v, c["version"].as_str().unwrap(), "{id}");
            }
            "error_name" => {
                let code = c["code"].as_i64().unwrap() as i32;
                let name = CStr::from_ptr(zc_error_name(code)).to_str().unwrap();
                assert_eq!(name, c["name"].as_str().unwrap(), "{id}");
                let msg = CStr::from_ptr(zc_error_message(code)).to_str().unwrap();
                assert!(!msg.is_empty(), "{id}");
                if name == "unknown" {
                    assert_eq!(msg, "unknown error code", "{id}");
                }
            }
            "has_feature" => {
                let name = cstr(c, "name");
                let want = i32::from(c["has"].as_bool().unwrap());
                assert_eq!(zc_has_feature(name.as_ptr()), want, "{id}");
            }
            "hash_len" => {
                let mut len = 0;
                assert_eq!(zc_hash_len(a(), &mut len), ZC_OK);
                assert_eq!(len, n(c, "len"), "{id}");
            }
            "aead_lengths" => {
                let (mut k, mut nn) = (0, 0);
                assert_eq!(zc_aead_lengths(a(), &mut k, &mut nn), ZC_OK);
                assert_eq!((k, nn), (n(c, "key_len"), n(c, "nonce_len")), "{id}");
            }
            "kem_lengths" => {
                let (mut ek, mut dk, mut ct) = (0, 0, 0);
                assert_eq!(zc_kem_lengths(a(), &mut ek, &mut dk, &mut ct), ZC_OK);
                let want = (n(c, "ek_len"), n(c, "dk_len"), n(c, "ct_len"));
                assert_eq!((ek, dk, ct), want, "{id}");
            }
            "sig_lengths" => {
                let (mut s, mut p, mut g) = (0, 0, 0);
                assert_eq!(zc_sig_lengths(a(), &mut s, &mut p, &mut g), ZC_OK);
                let want = (
                    n(c, "seed_len"),
                    n(c, "public_key_len"),
                    n(c, "signature_len"),
                );
                assert_eq!((s, p, g), want, "{id}");
            }
            "hash_incremental" => {
                let mut hs = null_mut();
                assert_eq!(zc_hash_new(a(), &mut hs), ZC_OK);
                for chunk in hex_list(c, "chunks") {
                    assert_eq!(zc_hash_update(hs, chunk.as_ptr(), chunk.len()), ZC_OK);
                }
                let d = out(id, 64, |p, l, w| zc_hash_finish(hs, p, l, w));
                zc_hash_free(hs);
                assert_eq!(d, h(c, "digest"), "{id}");
            }
            "hash_rows" => {
                let data = h(c, "data");
                let (rows, row_len) = (n(c, "rows"), n(c, "row_len"));
                let want = h(c, "digests");
                let got = out(id, want.len(), |p, l, w| {
                    zc_hash_rows(a(), data.as_ptr(), rows, row_len, p, l, w)
                });
                assert_eq!(got, want, "{id}");
            }
            "secp256k1_recover" => {
                let (seed, ph) = (h(c, "seed"), h(c, "prehash"));
                let sig = out(id, 65, |p, l, w| {
                    zc_secp256k1_sign_recoverable(seed.as_ptr(), 32, ph.as_ptr(), 32, p, l, w)
                });
                assert_eq!(sig, h(c, "signature"), "{id}");
                for (flag, key, cap) in [(0, "public_key", 33), (1, "public_key_uncompressed", 65)]
                {
                    let pk = out(id, cap, |p, l, w| {
                        zc_secp256k1_recover(ph.as_ptr(), 32, sig.as_ptr(), 65, flag, p, l, w)
                    });
                    assert_eq!(pk, h(c, key), "{id}");
                }
            }
            "bls_aggregate" => {
                let (pks, sigs, msg) = (h(c, "public_keys"), h(c, "signatures"), h(c, "message"));
                let agg = out(id, 96, |p, l, w| {
                    zc_bls_aggregate_signatures(sigs.as_ptr(), sigs.len(), p, l, w)
                });
                assert_eq!(agg, h(c, "aggregate_signature"), "{id}");
                let apk = out(id, 48, |p, l, w| {
                    zc_bls_aggregate_public_keys(pks.as_ptr(), pks.len(), p, l, w)
                });
                assert_eq!(apk, h(c, "aggregate_public_key"), "{id}");
                let verify = |m: &[u8]| {
                    zc_bls_fast_aggregate_verify(
                        pks.as_ptr(),
                        pks.len(),
                        m.as_ptr(),
                        m.len(),
                        agg.as_ptr(),
                        agg.len(),
                    )
                };
                assert_eq!(verify(&msg), ZC_OK, "{id}");
                let mut other = msg.clone();
                other.push(0);
                assert_eq!(verify(&other), ZC_ERR_INVALID_SIGNATURE, "{id}");
            }
            "batch_verify" => {
                let mut b = null_mut();
                assert_eq!(zc_batch_new(n(c, "rule") as i32, &mut b), ZC_OK);
                let items = c["items"].as_array().unwrap();
                for it in items {
                    let ialg = cstr(it, "alg");
                    let (pk, m, ctx, sig) = (
                        h(it, "public_key"),
                        h(it, "message"),
                        h(it, "context"),
                        h(it, "signature"),
                    );
                    let rc = zc_batch_add(
                        b,
                        ialg.as_ptr(),
                        pk.as_ptr(),
                        pk.len(),
                        m.as_ptr(),
                        m.len(),
                        ctx.as_ptr(),
                        ctx.len(),
                        sig.as_ptr(),
                        sig.len(),
                    );
                    assert_eq!(rc, ZC_OK, "{id}");
                }
                let mut len = usize::MAX;
                assert_eq!(zc_batch_len(b, &mut len), ZC_OK);
                assert_eq!(len, items.len(), "{id}");
                let all = zc_batch_verify_all(b);
                assert_eq!(all == ZC_OK, c["all_ok"].as_bool().unwrap(), "{id}");
                let mut got = vec![-1i32; items.len()];
                let mut w = usize::MAX;
                let rc = zc_batch_verify_each(b, got.as_mut_ptr(), got.len(), &mut w);
                assert_eq!((rc, w), (ZC_OK, items.len()), "{id}");
                assert_eq!(got, codes(c, "codes"), "{id}");
                zc_batch_free(b);
            }
            "sig_verify_rows" => {
                let (pks, msgs, sigs) = (h(c, "public_keys"), h(c, "messages"), h(c, "signatures"));
                let cnt = n(c, "n");
                let mut got = vec![-1i32; cnt];
                let rc = zc_sig_verify_rows(
                    a(),
                    pks.as_ptr(),
                    n(c, "pk_len"),
                    msgs.as_ptr(),
                    n(c, "msg_len"),
                    sigs.as_ptr(),
                    n(c, "sig_len"),
                    cnt,
                    got.as_mut_ptr(),
                );
                assert_eq!(rc, c["status"].as_i64().unwrap() as i32, "{id}");
                assert_eq!(got, codes(c, "results"), "{id}");
            }
            "merkle_tree" => {
                let leaves = hex_list(c, "leaves");
                let ptrs: Vec<*const u8> = leaves.iter().map(|l| l.as_ptr()).collect();
                let lens: Vec<usize> = leaves.iter().map(Vec::len).collect();
                let root = out(id, 32, |p, l, w| {
                    zc_merkle_root(a(), ptrs.as_ptr(), lens.as_ptr(), leaves.len(), p, l, w)
                });
                assert_eq!(root, h(c, "root"), "{id}");
                for (i, want) in hex_list(c, "paths").into_iter().enumerate() {
                    let path = out(id, 64 * 32, |p, l, w| {
                        let cnt = leaves.len();
                        zc_merkle_inclusion_path(
                            a(),
                            ptrs.as_ptr(),
                            lens.as_ptr(),
                            cnt,
                            i as u64,
                            p,
                            l,
                            w,
                        )
                    });
                    assert_eq!(path, want, "{id}: path {i}");
                    let verify = |leaf: &[u8], idx: u64| {
                        zc_merkle_verify_inclusion(
                            a(),
                            leaf.as_ptr(),
                            leaf.len(),
                            idx,
                            leaves.len() as u64,
                            path.as_ptr(),
                            path.len(),
                            root.as_ptr(),
                            root.len(),
                        )
                    };
                    assert_eq!(verify(&leaves[i], i as u64), ZC_OK, "{id}: verify {i}");
                    let mut other = leaves[i].clone();
                    other.push(0);
                    assert_eq!(verify(&other, i as u64), ZC_ERR_INVALID_PROOF, "{id}: {i}");
                }
            }
            "merkle_root_rows" => {
                let leaves = h(c, "leaves");
                let root = out(id, 32, |p, l, w| {
                    zc_merkle_root_rows(a(), leaves.as_ptr(), n(c, "n"), n(c, "leaf_len"), p, l, w)
                });
                assert_eq!(root, h(c, "root"), "{id}");
            }
            "hybrid_kem" => {
                let (seed, x) = (h(c, "mlkem_seed"), h(c, "x25519_secret"));
                let (m, eph) = (h(c, "m"), h(c, "x25519_ephemeral"));
                let share = out(id, ZC_HYBRID_CLIENT_SHARE_LEN, |p, l, w| {
                    zc_hybrid_client_share(seed.as_ptr(), seed.len(), x.as_ptr(), x.len(), p, l, w)
                });
                assert_eq!(share, h(c, "client_share"), "{id}");
                let mut server = vec![0u8; ZC_HYBRID_SERVER_SHARE_LEN];
                let mut secret = vec![0u8; ZC_HYBRID_SECRET_LEN];
                let (mut ws, mut wk) = (0, 0);
                let rc = zc_hybrid_server_encapsulate(
                    share.as_ptr(),
                    share.len(),
                    m.as_ptr(),
                    m.len(),
                    eph.as_ptr(),
                    eph.len(),
                    server.as_mut_ptr(),
                    server.len(),
                    &mut ws,
                    secret.as_mut_ptr(),
                    secret.len(),
                    &mut wk,
                );
                assert_eq!(rc, ZC_OK, "{id}");
                assert_eq!(server, h(c, "server_share"), "{id}");
                assert_eq!(secret, h(c, "shared_secret"), "{id}");
                let fin = out(id, ZC_HYBRID_SECRET_LEN, |p, l, w| {
                    zc_hybrid_client_finish(
                        seed.as_ptr(),
                        seed.len(),
                        x.as_ptr(),
                        x.len(),
                        server.as_ptr(),
                        server.len(),
                        p,
                        l,
                        w,
                    )
                });
                assert_eq!(fin, secret, "{id}");
            }
            "groth16_verify" => {
                let (vk, proof, x) = (h(c, "vk"), h(c, "proof"), h(c, "inputs"));
                let rc = zc_groth16_verify(
                    vk.as_ptr(),
                    vk.len(),
                    proof.as_ptr(),
                    proof.len(),
                    x.as_ptr(),
                    x.len(),
                );
                assert_eq!(i64::from(rc), c["code"].as_i64().unwrap(), "{id}");
            }
            "bulletproofs" => {
                let bits = n(c, "bits") as u32;
                let values: Vec<u64> = c["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().parse().unwrap())
                    .collect();
                let (blindings, entropy) = (h(c, "blindings"), h(c, "entropy"));
                let commitments = h(c, "commitments");
                for (i, v) in values.iter().enumerate() {
                    let r = &blindings[32 * i..32 * i + 32];
                    let got = out(id, 32, |p, l, w| {
                        zc_bulletproofs_commit(*v, r.as_ptr(), r.len(), p, l, w)
                    });
                    assert_eq!(got, commitments[32 * i..32 * i + 32], "{id}: commit {i}");
                }
                let mut proof = vec![0u8; ZC_BULLETPROOFS_MAX_PROOF_LEN];
                let mut coms = vec![0u8; 32 * values.len()];
                let (mut wp, mut wc) = (0, 0);
                let rc = zc_bulletproofs_prove(
                    bits,
                    values.as_ptr(),
                    values.len(),
                    blindings.as_ptr(),
                    blindings.len(),
                    entropy.as_ptr(),
                    entropy.len(),
                    proof.as_mut_ptr(),
                    proof.len(),
                    &mut wp,
                    coms.as_mut_ptr(),
                    coms.len(),
                    &mut wc,
                );
                assert_eq!(rc, ZC_OK, "{id}: prove");
                proof.truncate(wp);
                assert_eq!((proof, wc), (h(c, "proof"), coms.len()), "{id}: proof");
                assert_eq!(coms, commitments, "{id}: commitments");
                for v in c["verify"].as_array().unwrap() {
                    let (p, cm) = (h(v, "proof"), h(v, "commitments"));
                    let rc = zc_bulletproofs_verify(
                        n(v, "bits") as u32,
                        p.as_ptr(),
                        p.len(),
                        cm.as_ptr(),
                        cm.len(),
                    );
                    assert_eq!(
                        i64::from(rc),
                        v["code"].as_i64().unwrap(),
                        "{id}: {}",
                        v["what"]
                    );
                }
            }
            "halo2" => {
                let circuit = n(c, "circuit") as u16;
                let entropy = h(c, "entropy");
                let want = h(c, "encoded");
                assert_eq!(want[2..34], h(c, "public_input"), "{id}: public input");
                // The size query answers before proving; then the proof itself.
                let mut w = 0;
                let prove = |p: *mut u8, l: usize, w: *mut usize| {
                    if let Some(value) = c.get("value") {
                        let value: u64 = value.as_str().unwrap().parse().unwrap();
                        let r = h(c, "blinding");
                        zc_halo2_prove_range(
                            circuit,
                            value,
                            r.as_ptr(),
                            r.len(),
                            entropy.as_ptr(),
                            entropy.len(),
                            p,
                            l,
                            w,
                        )
                    } else {
                        let (leaf, siblings) = (h(c, "leaf"), h(c, "siblings"));
                        zc_halo2_prove_membership(
                            circuit,
                            leaf.as_ptr(),
                            leaf.len(),
                            n(c, "index") as u64,
                            siblings.as_ptr(),
                            siblings.len(),
                            entropy.as_ptr(),
                            entropy.len(),
                            p,
                            l,
                            w,
                        )
                    }
                };
                assert_eq!(
                    prove(null_mut(), 0, &mut w),
                    ZC_ERR_BUFFER_TOO_SMALL,
                    "{id}"
                );
                assert_eq!(w, want.len(), "{id}: size query");
                let got = out(id, ZC_HALO2_MAX_ENCODED_LEN, prove);
                assert_eq!(got, want, "{id}: proof");
                for v in c["verify"].as_array().unwrap() {
                    let e = h(v, "encoded");
                    let rc = zc_halo2_verify(e.as_ptr(), e.len());
                    assert_eq!(
                        i64::from(rc),
                        v["code"].as_i64().unwrap(),
                        "{id}: {}",
                        v["what"]
                    );
                }
            }
            "kzg_point_evaluation" => {
                let input = h(c, "input");
                let mut buf = [0u8; ZC_KZG_POINT_EVALUATION_OUTPUT_LEN];
                let mut w = 0;
                let rc = zc_kzg_point_evaluation(
                    input.as_ptr(),
                    input.len(),
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut w,
                );
                assert_eq!(i64::from(rc), c["code"].as_i64().unwrap(), "{id}");
                let got = if rc == ZC_OK {
                    buf[..w].to_vec()
                } else {
                    Vec::new()
                };
                assert_eq!(got, h(c, "output"), "{id}");
            }
            "kzg_blob" => {
                let mut blob = h(c, "blob_head");
                blob.resize(ZC_KZG_BLOB_LEN, 0);
                let com = out(id, ZC_KZG_COMMITMENT_LEN, |p, l, w| {
                    zc_kzg_blob_to_commitment(blob.as_ptr(), blob.len(), p, l, w)
                });
                assert_eq!(com, h(c, "commitment"), "{id}: commitment");
                let proof = out(id, ZC_KZG_COMMITMENT_LEN, |p, l, w| {
                    zc_kzg_compute_blob_proof(
                        blob.as_ptr(),
                        blob.len(),
                        com.as_ptr(),
                        com.len(),
                        p,
                        l,
                        w,
                    )
                });
                assert_eq!(proof, h(c, "proof"), "{id}: proof");
                let verify = |cm: &[u8]| {
                    zc_kzg_verify_blob_proof(
                        blob.as_ptr(),
                        blob.len(),
                        cm.as_ptr(),
                        cm.len(),
                        proof.as_ptr(),
                        proof.len(),
                    )
                };
                assert_eq!(verify(&com), ZC_OK, "{id}: verify");
                for key in ["other_commitment", "bad_commitment"] {
                    let want = c[format!("{key}_code")].as_i64().unwrap();
                    assert_eq!(i64::from(verify(&h(c, key))), want, "{id}: {key}");
                }
            }
            other => panic!("{id}: no runner for op {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// vectors/foundation.json
// ---------------------------------------------------------------------------------------

fn foundation_case(c: &Value) {
    let id = c["id"].as_str().unwrap_or_default();
    let alg_c = cstr(c, "alg");
    let a = alg_c.as_ptr();
    let alg = c["alg"].as_str().unwrap();
    // SAFETY: as in `ffi_case`.
    unsafe {
        match c["op"].as_str().unwrap_or_default() {
            "hash" => {
                let m = h(c, "msg");
                let d = out(id, 64, |p, l, w| zc_hash(a, m.as_ptr(), m.len(), p, l, w));
                assert_eq!(d, h(c, "digest"), "{id}");
            }
            "hmac" => {
                let (k, m, t) = (h(c, "key"), h(c, "msg"), h(c, "tag"));
                let got = out(id, 64, |p, l, w| {
                    zc_hmac(a, k.as_ptr(), k.len(), m.as_ptr(), m.len(), p, l, w)
                });
                assert_eq!(got, t, "{id}");
                let verify = |t: &[u8]| {
                    zc_hmac_verify(
                        a,
                        k.as_ptr(),
                        k.len(),
                        m.as_ptr(),
                        m.len(),
                        t.as_ptr(),
                        t.len(),
                    )
                };
                assert_eq!(verify(&t), ZC_OK, "{id}");
                let mut bad = t.clone();
                bad[0] ^= 1;
                assert_eq!(verify(&bad), ZC_ERR_INVALID_SIGNATURE, "{id}");
            }
            "hkdf" => {
                let (salt, ikm, info) = (h(c, "salt"), h(c, "ikm"), h(c, "info"));
                let (prk, okm) = (h(c, "prk"), h(c, "okm"));
                let got = out(id, 64, |p, l, w| {
                    zc_hkdf_extract(
                        a,
                        salt.as_ptr(),
                        salt.len(),
                        ikm.as_ptr(),
                        ikm.len(),
                        p,
                        l,
                        w,
                    )
                });
                assert_eq!(got, prk, "{id}: prk");
                let mut o = vec![0u8; okm.len()];
                let rc = zc_hkdf_expand(
                    a,
                    prk.as_ptr(),
                    prk.len(),
                    info.as_ptr(),
                    info.len(),
                    o.as_mut_ptr(),
                    o.len(),
                );
                assert_eq!((rc, &o), (ZC_OK, &okm), "{id}: expand");
                let mut o = vec![0u8; okm.len()];
                let rc = zc_hkdf(
                    a,
                    salt.as_ptr(),
                    salt.len(),
                    ikm.as_ptr(),
                    ikm.len(),
                    info.as_ptr(),
                    info.len(),
                    o.as_mut_ptr(),
                    o.len(),
                );
                assert_eq!((rc, &o), (ZC_OK, &okm), "{id}: hkdf");
            }
            "expand_label" => {
                let (s, label, ctx, okm) =
                    (h(c, "secret"), h(c, "label"), h(c, "context"), h(c, "okm"));
                let mut o = vec![0u8; okm.len()];
                let rc = zc_hkdf_expand_label(
                    a,
                    s.as_ptr(),
                    s.len(),
                    label.as_ptr(),
                    label.len(),
                    ctx.as_ptr(),
                    ctx.len(),
                    o.as_mut_ptr(),
                    o.len(),
                );
                assert_eq!((rc, &o), (ZC_OK, &okm), "{id}");
            }
            "aead" => {
                let (k, nonce, aad, pt, ct) = (
                    h(c, "key"),
                    h(c, "nonce"),
                    h(c, "aad"),
                    h(c, "pt"),
                    h(c, "ct"),
                );
                let mut key = null_mut();
                assert_eq!(
                    zc_aead_key_new(a, k.as_ptr(), k.len(), &mut key),
                    ZC_OK,
                    "{id}"
                );
                // seal / open (ciphertext ‖ tag in one buffer)
                let mut buf = pt.clone();
                buf.resize(pt.len() + ZC_AEAD_TAG_LEN, 0);
                let mut w = 0;
                let rc = zc_aead_seal(
                    key,
                    nonce.as_ptr(),
                    nonce.len(),
                    aad.as_ptr(),
                    aad.len(),
                    buf.as_mut_ptr(),
                    buf.len(),
                    pt.len(),
                    &mut w,
                );
                assert_eq!((rc, w, &buf), (ZC_OK, ct.len(), &ct), "{id}: seal");
                let rc = zc_aead_open(
                    key,
                    nonce.as_ptr(),
                    nonce.len(),
                    aad.as_ptr(),
                    aad.len(),
                    buf.as_mut_ptr(),
                    buf.len(),
                    &mut w,
                );
                assert_eq!(
                    (rc, w, &buf[..pt.len()]),
                    (ZC_OK, pt.len(), &pt[..]),
                    "{id}: open"
                );
                // detached tag
                let mut body = pt.clone();
                let mut tag = [0u8; ZC_AEAD_TAG_LEN];
                let rc = zc_aead_seal_detached(
                    key,
                    nonce.as_ptr(),
                    nonce.len(),
                    aad.as_ptr(),
                    aad.len(),
                    body.as_mut_ptr(),
                    body.len(),
                    tag.as_mut_ptr(),
                    tag.len(),
                    &mut w,
                );
                assert_eq!(rc, ZC_OK, "{id}: seal_detached");
                assert_eq!([&body[..], &tag[..]].concat(), ct, "{id}: seal_detached");
                let rc = zc_aead_open_detached(
                    key,
                    nonce.as_ptr(),
                    nonce.len(),
                    aad.as_ptr(),
                    aad.len(),
                    body.as_mut_ptr(),
                    body.len(),
                    tag.as_ptr(),
                    tag.len(),
                );
                assert_eq!((rc, &body), (ZC_OK, &pt), "{id}: open_detached");
                tag[0] ^= 1;
                let mut body = ct[..pt.len()].to_vec();
                let rc = zc_aead_open_detached(
                    key,
                    nonce.as_ptr(),
                    nonce.len(),
                    aad.as_ptr(),
                    aad.len(),
                    body.as_mut_ptr(),
                    body.len(),
                    tag.as_ptr(),
                    tag.len(),
                );
                assert_eq!(rc, ZC_ERR_DECRYPTION_FAILED, "{id}: forged tag");
                zc_aead_key_free(key);
            }
            "x25519" => {
                let (sk, peer) = (h(c, "sk"), h(c, "peer"));
                let pk = out(id, 32, |p, l, w| {
                    zc_x25519_public_key(sk.as_ptr(), sk.len(), p, l, w)
                });
                assert_eq!(pk, h(c, "pk"), "{id}");
                let ss = out(id, 32, |p, l, w| {
                    zc_x25519(sk.as_ptr(), sk.len(), peer.as_ptr(), peer.len(), p, l, w)
                });
                assert_eq!(ss, h(c, "shared"), "{id}");
            }
            "kem" => {
                let (seed, ct, ss) = (h(c, "seed"), h(c, "ciphertext"), h(c, "shared_secret"));
                let (mut ek, mut dk) = (vec![0u8; 1568], vec![0u8; 3168]);
                let (mut we, mut wd) = (0, 0);
                let rc = zc_kem_keygen(
                    a,
                    seed.as_ptr(),
                    seed.len(),
                    ek.as_mut_ptr(),
                    ek.len(),
                    &mut we,
                    dk.as_mut_ptr(),
                    dk.len(),
                    &mut wd,
                );
                assert_eq!(rc, ZC_OK, "{id}");
                ek.truncate(we);
                dk.truncate(wd);
                assert_eq!((&ek, &dk), (&h(c, "ek"), &h(c, "dk")), "{id}: keygen");
                let got = out(id, 32, |p, l, w| {
                    zc_kem_decapsulate(a, dk.as_ptr(), dk.len(), ct.as_ptr(), ct.len(), p, l, w)
                });
                assert_eq!(got, ss, "{id}: decapsulate");
                if c["source"] == "encaps-internal" {
                    let m = h(c, "m");
                    let (mut cto, mut sso) = (vec![0u8; 1568], [0u8; 32]);
                    let (mut wc, mut wss) = (0, 0);
                    let rc = zc_kem_encapsulate(
                        a,
                        ek.as_ptr(),
                        ek.len(),
                        m.as_ptr(),
                        m.len(),
                        cto.as_mut_ptr(),
                        cto.len(),
                        &mut wc,
                        sso.as_mut_ptr(),
                        sso.len(),
                        &mut wss,
                    );
                    assert_eq!(rc, ZC_OK, "{id}");
                    cto.truncate(wc);
                    assert_eq!((&cto, &sso[..]), (&ct, &ss[..]), "{id}: encapsulate");
                }
            }
            "sign" => {
                let (seed, msg, ctx) = (h(c, "seed"), h(c, "message"), h(c, "context"));
                let (pk, sig) = (h(c, "public_key"), h(c, "signature"));
                let got = out(id, ZC_SIG_MAX_PUBLIC_KEY_LEN, |p, l, w| {
                    zc_sig_public_key(a, seed.as_ptr(), seed.len(), p, l, w)
                });
                assert_eq!(got, pk, "{id}: public key");
                assert_eq!(
                    zc_sig_check_public_key(a, pk.as_ptr(), pk.len()),
                    ZC_OK,
                    "{id}"
                );
                let verify = |s: &[u8]| {
                    zc_sig_verify(
                        a,
                        pk.as_ptr(),
                        pk.len(),
                        msg.as_ptr(),
                        msg.len(),
                        ctx.as_ptr(),
                        ctx.len(),
                        s.as_ptr(),
                        s.len(),
                    )
                };
                assert_eq!(verify(&sig), ZC_OK, "{id}: verify");
                let mut bad = sig.clone();
                bad[sig.len() / 2] ^= 1;
                assert_ne!(verify(&bad), ZC_OK, "{id}: flipped bit accepted");
                let mine = out(id, ZC_SIG_MAX_SIGNATURE_LEN, |p, l, w| {
                    zc_sig_sign(
                        a,
                        seed.as_ptr(),
                        seed.len(),
                        msg.as_ptr(),
                        msg.len(),
                        ctx.as_ptr(),
                        ctx.len(),
                        p,
                        l,
                        w,
                    )
                });
                assert_eq!(verify(&mine), ZC_OK, "{id}: own signature");
                // zc_sig_sign is deterministic except for BIP-340 (OS aux_rand), which
                // zc_bip340_sign reproduces with the stored aux_rand. Hedged ML-DSA cases
                // (`deterministic` false) can only be verified.
                if alg == "bip340" {
                    let aux = h(c, "aux_rand");
                    let exact = out(id, 64, |p, l, w| {
                        zc_bip340_sign(
                            seed.as_ptr(),
                            seed.len(),
                            msg.as_ptr(),
                            msg.len(),
                            aux.as_ptr(),
                            aux.len(),
                            p,
                            l,
                            w,
                        )
                    });
                    assert_eq!(exact, sig, "{id}: zc_bip340_sign");
                } else if c["deterministic"] == true {
                    assert_eq!(mine, sig, "{id}: deterministic signature");
                }
            }
            other => panic!("{id}: no runner for op {other:?}"),
        }
    }
}

fn ops_of(file: &Value) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for c in file["cases"].as_array().into_iter().flatten() {
        *m.entry(c["op"].as_str().expect("op").to_string())
            .or_default() += 1;
    }
    m
}

#[test]
fn ffi_json_through_the_c_abi() {
    let v = load("vectors/ffi.json");
    let cases = v["cases"].as_array().unwrap();
    for c in cases {
        ffi_case(c);
    }
    assert!(cases.len() > 100, "only {} cases", cases.len());
}

#[test]
fn foundation_json_through_the_c_abi() {
    let v = load("vectors/foundation.json");
    let cases = v["cases"].as_array().unwrap();
    for c in cases {
        foundation_case(c);
    }
    assert!(cases.len() > 200, "only {} cases", cases.len());
}

/// The `zc_*` functions declared in the header.
fn header_functions() -> BTreeSet<String> {
    let header =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("include/zcrypto.h"))
            .expect("include/zcrypto.h");
    let mut set = BTreeSet::new();
    for line in header.lines() {
        // Declarations start in column 0 with the return type: `int32_t zc_hash(...`.
        if line.starts_with(' ')
            || line.starts_with('*')
            || line.starts_with('/')
            || line.starts_with('#')
        {
            continue;
        }
        if let Some(i) = line.find("zc_") {
            let rest = &line[i..];
            if let Some(j) = rest.find('(') {
                set.insert(rest[..j].to_string());
            }
        }
    }
    set
}

#[test]
fn every_header_function_has_vectors_or_is_excluded() {
    let v = load("vectors/ffi.json");
    let header = header_functions();
    assert!(header.len() > 60, "parsed only {} functions", header.len());
    let mut covered: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (file, ops) in v["functions"].as_object().expect("functions map") {
        let present = ops_of(&load(file));
        for (op, fns) in ops.as_object().expect("op map") {
            // Every mapped op of a file with `cases` has cases; files without a `cases`
            // array (the RFC files) are read whole by the bindings' tests.
            if !present.is_empty() {
                assert!(present.contains_key(op), "{file}: no case has op {op:?}");
            }
            for f in fns.as_array().expect("function list") {
                let f = f.as_str().expect("name").to_string();
                assert!(header.contains(&f), "{file} {op}: {f} is not in zcrypto.h");
                covered.entry(f).or_default().push(format!("{file}:{op}"));
            }
        }
        for op in present.keys() {
            assert!(
                ops.get(op).is_some(),
                "{file}: op {op:?} has no function list"
            );
        }
    }
    let excluded: BTreeSet<String> = v["excluded"]
        .as_object()
        .expect("excluded")
        .keys()
        .cloned()
        .collect();
    for f in &excluded {
        assert!(header.contains(f), "excluded {f} is not in zcrypto.h");
        assert!(!covered.contains_key(f), "{f} is both excluded and covered");
    }
    let missing: Vec<&String> = header
        .iter()
        .filter(|f| !covered.contains_key(*f) && !excluded.contains(*f))
        .collect();
    assert!(
        missing.is_empty(),
        "C functions without vectors (add cases to vectors/src/main.rs and the op to its \
         `functions` map, or exclude them there with a reason): {missing:?}"
    );
}
