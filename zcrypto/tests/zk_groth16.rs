//! Groth16 verification against snarkjs fixtures (`vectors/zk/groth16/`, made by
//! `vectors/zk/groth16.mjs`): the proofs verify, every kind of tampering and malformed
//! input is refused with the right error, and batches agree with single verification.
#![cfg(feature = "serde")]

use ark_ec::models::short_weierstrass::{Affine, SWCurveConfig};
use ark_ec::{AffineRepr, CurveGroup};
use ark_ff::{Field, PrimeField};
use serde_json::{Value, json};
use zcrypto::Error;
use zcrypto::zk::{
    self, Curve, MAX_BATCH, MAX_PUBLIC_INPUTS, PreparedVerifyingKey, Proof, PublicInputs,
    VerifyingKey,
};

struct Fixture {
    curve: Curve,
    vk: &'static str,
    proof: &'static str,
    public: &'static str,
    batch: &'static str,
}

const BN128: Fixture = Fixture {
    curve: Curve::Bn254,
    vk: include_str!("../../vectors/zk/groth16/bn128/verification_key.json"),
    proof: include_str!("../../vectors/zk/groth16/bn128/proof.json"),
    public: include_str!("../../vectors/zk/groth16/bn128/public.json"),
    batch: include_str!("../../vectors/zk/groth16/bn128/batch.json"),
};

const BLS12381: Fixture = Fixture {
    curve: Curve::Bls12_381,
    vk: include_str!("../../vectors/zk/groth16/bls12381/verification_key.json"),
    proof: include_str!("../../vectors/zk/groth16/bls12381/proof.json"),
    public: include_str!("../../vectors/zk/groth16/bls12381/public.json"),
    batch: include_str!("../../vectors/zk/groth16/bls12381/batch.json"),
};

const FIXTURES: [&Fixture; 2] = [&BN128, &BLS12381];

fn value(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

fn pvk(f: &Fixture) -> PreparedVerifyingKey {
    PreparedVerifyingKey::from_snarkjs_json(f.vk).unwrap()
}

fn proof_of(f: &Fixture, v: &Value) -> Result<Proof, Error> {
    Proof::from_snarkjs_json(f.curve, &v.to_string())
}

fn public_of(f: &Fixture, v: &Value) -> Result<PublicInputs, Error> {
    zk::public_inputs_from_snarkjs_json(f.curve, &v.to_string())
}

/// The checked-in batch: (proof JSON, public JSON) pairs.
fn batch(f: &Fixture) -> Vec<(Value, Value)> {
    value(f.batch)
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["proof"].clone(), c["public"].clone()))
        .collect()
}

fn g1_json<P: SWCurveConfig>(p: &Affine<P>) -> Value
where
    P::BaseField: PrimeField,
{
    json!([p.x.to_string(), p.y.to_string(), "1"])
}

fn g2_json<P: SWCurveConfig<BaseField = ark_ff::Fp2<Q>>, Q: ark_ff::Fp2Config>(
    p: &Affine<P>,
) -> Value {
    json!([
        [p.x.c0.to_string(), p.x.c1.to_string()],
        [p.y.c0.to_string(), p.y.c1.to_string()],
        ["1", "0"]
    ])
}

/// A point on the curve but outside the prime-order subgroup.
fn off_subgroup<P: SWCurveConfig>() -> Affine<P> {
    let mut x = P::BaseField::ONE;
    loop {
        if let Some(p) = Affine::<P>::get_point_from_x_unchecked(x, false) {
            assert!(p.is_on_curve());
            if !p.is_in_correct_subgroup_assuming_on_curve() {
                return p;
            }
        }
        x += P::BaseField::ONE;
    }
}

/// A point (x, y + 1): off the curve.
fn off_curve<P: SWCurveConfig>(p: Affine<P>) -> Affine<P> {
    let q = Affine::<P>::new_unchecked(p.x, p.y + P::BaseField::ONE);
    assert!(!q.is_on_curve());
    q
}

#[test]
fn snarkjs_proofs_verify() {
    for f in FIXTURES {
        let pvk = pvk(f);
        assert_eq!(pvk.curve(), f.curve);
        assert_eq!(pvk.num_public_inputs(), 2);
        let vk = VerifyingKey::from_snarkjs_json(f.vk).unwrap();
        assert_eq!(vk.prepare(), pvk);
        assert_eq!(pvk.verifying_key(), vk);
        let proof = Proof::from_snarkjs_json(f.curve, f.proof).unwrap();
        let public = zk::public_inputs_from_snarkjs_json(f.curve, f.public).unwrap();
        assert_eq!(zk::verify(&pvk, &proof, &public), Ok(()));
        // c = 3 * 11 + 5 and k = 5, as 32-byte big-endian integers too.
        let mut be = [[0u8; 32]; 2];
        be[0][31] = 38;
        be[1][31] = 5;
        assert_eq!(public.to_be_bytes(), be.to_vec());
        assert_eq!(PublicInputs::from_be_bytes(f.curve, &be).unwrap(), public);
        for (p, x) in batch(f) {
            let (p, x) = (proof_of(f, &p).unwrap(), public_of(f, &x).unwrap());
            assert_eq!(zk::verify(&pvk, &p, &x), Ok(()));
        }
    }
}

#[test]
fn tampered_proofs_fail() {
    for f in FIXTURES {
        let pvk = pvk(f);
        let cases = batch(f);
        let (good, public) = &cases[0];
        let (other, _) = &cases[2];
        let public = public_of(f, public).unwrap();
        // Replace A, B or C by the matching (valid) point of another proof.
        for key in ["pi_a", "pi_b", "pi_c"] {
            let mut t = good.clone();
            t[key] = other[key].clone();
            let t = proof_of(f, &t).unwrap();
            assert_eq!(
                zk::verify(&pvk, &t, &public),
                Err(Error::InvalidProof),
                "{key}"
            );
        }
        // A and C swapped.
        let mut t = good.clone();
        t["pi_a"] = good["pi_c"].clone();
        t["pi_c"] = good["pi_a"].clone();
        let t = proof_of(f, &t).unwrap();
        assert_eq!(zk::verify(&pvk, &t, &public), Err(Error::InvalidProof));
        // Another proof's statement.
        let other = proof_of(f, other).unwrap();
        assert_eq!(zk::verify(&pvk, &other, &public), Err(Error::InvalidProof));
    }
}

#[test]
fn wrong_extra_and_missing_public_inputs() {
    for f in FIXTURES {
        let pvk = pvk(f);
        let proof = Proof::from_snarkjs_json(f.curve, f.proof).unwrap();
        let inputs = |s: &[&str]| PublicInputs::from_decimal_strs(f.curve, s).unwrap();
        assert_eq!(zk::verify(&pvk, &proof, &inputs(&["38", "5"])), Ok(()));
        for wrong in [&["39", "5"][..], &["38", "6"], &["5", "38"], &["0", "0"]] {
            assert_eq!(
                zk::verify(&pvk, &proof, &inputs(wrong)),
                Err(Error::InvalidProof)
            );
        }
        let count = |got| Err(Error::InvalidLength { expected: 2, got });
        assert_eq!(
            zk::verify(&pvk, &proof, &inputs(&["38", "5", "0"])),
            count(3)
        );
        assert_eq!(zk::verify(&pvk, &proof, &inputs(&["38"])), count(1));
        assert_eq!(zk::verify(&pvk, &proof, &inputs(&[])), count(0));
        // x and x + r are the same field element, but only x is accepted.
        let r = match f.curve {
            Curve::Bn254 => ark_bn254::Fr::MODULUS.to_string(),
            _ => ark_bls12_381::Fr::MODULUS.to_string(),
        };
        assert_eq!(
            PublicInputs::from_decimal_strs(f.curve, &[r.as_str(), "5"]),
            Err(Error::InvalidEncoding)
        );
        for bad in ["0038", "-38", "+38", "38.0", " 38", "0x26", ""] {
            assert_eq!(
                PublicInputs::from_decimal_strs(f.curve, &[bad, "5"]),
                Err(Error::InvalidEncoding),
                "{bad:?}"
            );
            let j = json!([bad, "5"]);
            assert_eq!(public_of(f, &j), Err(Error::InvalidEncoding));
        }
        for bad in [
            json!([38, "5"]),
            json!({"c": "38"}),
            json!(["38", null]),
            json!("38"),
        ] {
            assert_eq!(public_of(f, &bad), Err(Error::InvalidEncoding), "{bad}");
        }
        let many: Vec<String> = (0..=MAX_PUBLIC_INPUTS).map(|i| i.to_string()).collect();
        assert_eq!(
            PublicInputs::from_decimal_strs(f.curve, &many),
            Err(Error::LimitExceeded)
        );
        assert_eq!(public_of(f, &json!(many)), Err(Error::LimitExceeded));
    }
}

/// Replaces `key` of the proof and of the key JSON by `point`, and checks the errors.
fn check_bad_point(f: &Fixture, proof_key: &str, vk_key: &str, point: Value, what: &str) {
    let mut p = value(f.proof);
    p[proof_key] = point.clone();
    assert_eq!(
        proof_of(f, &p),
        Err(Error::InvalidProof),
        "{what}: {proof_key}"
    );
    let mut v = value(f.vk);
    v[vk_key] = point;
    assert_eq!(
        VerifyingKey::from_snarkjs_json(&v.to_string()),
        Err(Error::InvalidKey),
        "{what}: {vk_key}"
    );
}

#[test]
fn points_off_the_curve_or_subgroup_are_refused() {
    use ark_bls12_381::{g1::Config as BlsG1, g2::Config as BlsG2};
    use ark_bn254::{g1::Config as BnG1, g2::Config as BnG2};

    // Off the curve: (x, y + 1) of the generators.
    check_bad_point(
        &BN128,
        "pi_a",
        "vk_alpha_1",
        g1_json(&off_curve(BnG1::GENERATOR)),
        "bn g1 off curve",
    );
    check_bad_point(
        &BN128,
        "pi_b",
        "vk_beta_2",
        g2_json(&off_curve(BnG2::GENERATOR)),
        "bn g2 off curve",
    );
    check_bad_point(
        &BLS12381,
        "pi_c",
        "vk_alpha_1",
        g1_json(&off_curve(BlsG1::GENERATOR)),
        "bls g1 off curve",
    );
    check_bad_point(
        &BLS12381,
        "pi_b",
        "vk_delta_2",
        g2_json(&off_curve(BlsG2::GENERATOR)),
        "bls g2 off curve",
    );
    // On the curve, outside the prime-order subgroup (BN254 G1 has cofactor 1).
    check_bad_point(
        &BN128,
        "pi_b",
        "vk_gamma_2",
        g2_json(&off_subgroup::<BnG2>()),
        "bn g2 subgroup",
    );
    check_bad_point(
        &BLS12381,
        "pi_a",
        "vk_alpha_1",
        g1_json(&off_subgroup::<BlsG1>()),
        "bls g1 subgroup",
    );
    check_bad_point(
        &BLS12381,
        "pi_b",
        "vk_beta_2",
        g2_json(&off_subgroup::<BlsG2>()),
        "bls g2 subgroup",
    );
    // The same in IC.
    let mut v = value(BLS12381.vk);
    v["IC"][1] = g1_json(&off_subgroup::<BlsG1>());
    assert_eq!(
        VerifyingKey::from_snarkjs_json(&v.to_string()),
        Err(Error::InvalidKey)
    );
    // The point at infinity: refused in proofs and for alpha..delta, allowed in IC.
    for f in FIXTURES {
        check_bad_point(
            f,
            "pi_a",
            "vk_alpha_1",
            json!(["0", "1", "0"]),
            "g1 infinity",
        );
        check_bad_point(
            f,
            "pi_b",
            "vk_gamma_2",
            json!([["0", "0"], ["1", "0"], ["0", "0"]]),
            "g2 infinity",
        );
        let mut v = value(f.vk);
        v["IC"][2] = json!(["0", "1", "0"]);
        let vk = VerifyingKey::from_snarkjs_json(&v.to_string()).unwrap();
        let proof = Proof::from_snarkjs_json(f.curve, f.proof).unwrap();
        let public = zk::public_inputs_from_snarkjs_json(f.curve, f.public).unwrap();
        assert_eq!(
            zk::verify(&vk.prepare(), &proof, &public),
            Err(Error::InvalidProof)
        );
    }
}

#[test]
fn non_canonical_coordinates_are_refused() {
    for f in FIXTURES {
        let q = match f.curve {
            Curve::Bn254 => ark_bn254::Fq::MODULUS.to_string(),
            _ => ark_bls12_381::Fq::MODULUS.to_string(),
        };
        let proof = value(f.proof);
        let x: &str = proof["pi_a"][0].as_str().unwrap();
        // x + q: same residue, not canonical. (Computed as a decimal string sum.)
        let x_plus_q = add_decimal(x, &q);
        let mut cases = Vec::new();
        for (i, bad) in [x_plus_q.as_str(), q.as_str(), "-1", "01", "1e3", "0x1", ""]
            .iter()
            .enumerate()
        {
            let mut p = proof.clone();
            p["pi_a"][0] = json!(bad);
            cases.push((i, p));
        }
        let mut p = proof.clone();
        p["pi_b"][0][1] = json!(q);
        cases.push((100, p));
        let mut p = proof.clone();
        p["pi_c"][2] = json!("2"); // projective z other than 0 or 1
        cases.push((101, p));
        let mut p = proof.clone();
        p["pi_c"][0] = json!(1);
        cases.push((102, p));
        let mut p = proof.clone();
        p["pi_a"][0] = json!("9".repeat(100_000));
        cases.push((103, p));
        for (i, p) in cases {
            assert_eq!(proof_of(f, &p), Err(Error::InvalidEncoding), "case {i}");
        }
        let mut v = value(f.vk);
        v["vk_alpha_1"][1] = json!(q);
        assert_eq!(
            VerifyingKey::from_snarkjs_json(&v.to_string()),
            Err(Error::InvalidEncoding)
        );
    }
}

/// `a + b` for decimal strings.
fn add_decimal(a: &str, b: &str) -> String {
    let (a, b): (Vec<u8>, Vec<u8>) = (a.bytes().rev().collect(), b.bytes().rev().collect());
    let mut out = Vec::new();
    let mut carry = 0;
    for i in 0..a.len().max(b.len()) {
        let d = |v: &Vec<u8>| v.get(i).map_or(0, |c| c - b'0');
        let s = d(&a) + d(&b) + carry;
        out.push(b'0' + s % 10);
        carry = s / 10;
    }
    if carry > 0 {
        out.push(b'0' + carry);
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

#[test]
fn malformed_json_never_panics() {
    for f in FIXTURES {
        for text in [f.vk, f.proof, f.public] {
            // Every prefix (truncations), and a few byte flips.
            for cut in (0..text.trim_end().len()).step_by(3) {
                let t = &text[..cut];
                assert!(VerifyingKey::from_snarkjs_json(t).is_err());
                assert!(Proof::from_snarkjs_json(f.curve, t).is_err());
                assert!(zk::public_inputs_from_snarkjs_json(f.curve, t).is_err());
            }
        }
        for t in [
            "",
            "null",
            "{}",
            "[]",
            "[[]]",
            "{\"IC\": []}",
            "\"x\"",
            "1",
            "{",
            "}",
        ] {
            assert_eq!(
                VerifyingKey::from_snarkjs_json(t).map(|_| ()).unwrap_err(),
                Error::InvalidEncoding,
                "{t}"
            );
            assert_eq!(
                Proof::from_snarkjs_json(f.curve, t),
                Err(Error::InvalidEncoding),
                "{t}"
            );
        }
        // Missing fields.
        for key in [
            "vk_alpha_1",
            "vk_beta_2",
            "vk_gamma_2",
            "vk_delta_2",
            "IC",
            "nPublic",
            "curve",
        ] {
            let mut v = value(f.vk);
            v.as_object_mut().unwrap().remove(key);
            assert_eq!(
                VerifyingKey::from_snarkjs_json(&v.to_string()),
                Err(Error::InvalidEncoding),
                "{key}"
            );
        }
        for key in ["pi_a", "pi_b", "pi_c"] {
            let mut p = value(f.proof);
            p.as_object_mut().unwrap().remove(key);
            assert_eq!(proof_of(f, &p), Err(Error::InvalidEncoding), "{key}");
        }
        // rapidsnark omits `curve` in proofs: accepted.
        let mut p = value(f.proof);
        p.as_object_mut().unwrap().remove("curve");
        assert!(proof_of(f, &p).is_ok());
        // nPublic must match IC; the protocol must be groth16; IC may not be empty.
        let mut v = value(f.vk);
        v["nPublic"] = json!(3);
        assert_eq!(
            VerifyingKey::from_snarkjs_json(&v.to_string()),
            Err(Error::InvalidEncoding)
        );
        let mut v = value(f.vk);
        v["protocol"] = json!("plonk");
        assert_eq!(
            VerifyingKey::from_snarkjs_json(&v.to_string()),
            Err(Error::InvalidEncoding)
        );
        let mut v = value(f.vk);
        v["IC"] = json!([]);
        v["nPublic"] = json!(0);
        assert_eq!(
            VerifyingKey::from_snarkjs_json(&v.to_string()),
            Err(Error::InvalidLength {
                expected: 1,
                got: 0
            })
        );
        let mut v = value(f.vk);
        let ic0 = v["IC"][0].clone();
        v["IC"] = json!(vec![ic0; MAX_PUBLIC_INPUTS + 2]);
        assert_eq!(
            VerifyingKey::from_snarkjs_json(&v.to_string()),
            Err(Error::LimitExceeded)
        );
    }
}

#[test]
fn wrong_curve() {
    // A curve zcrypto does not know.
    let mut v = value(BN128.vk);
    v["curve"] = json!("secp256k1");
    assert_eq!(
        VerifyingKey::from_snarkjs_json(&v.to_string()),
        Err(Error::InvalidEncoding)
    );
    // A BN254 key relabelled as BLS12-381: its points are not on BLS12-381.
    v["curve"] = json!("bls12381");
    assert_eq!(
        VerifyingKey::from_snarkjs_json(&v.to_string()),
        Err(Error::InvalidKey)
    );
    // A proof whose `curve` disagrees with the caller's.
    assert_eq!(
        Proof::from_snarkjs_json(Curve::Bls12_381, BN128.proof),
        Err(Error::InvalidEncoding)
    );
    let mut p = value(BN128.proof);
    p.as_object_mut().unwrap().remove("curve");
    assert_eq!(
        Proof::from_snarkjs_json(Curve::Bls12_381, &p.to_string()),
        Err(Error::InvalidProof)
    );
    // Mixing curves in verify.
    let (bn, bls) = (pvk(&BN128), pvk(&BLS12381));
    let bn_proof = Proof::from_snarkjs_json(Curve::Bn254, BN128.proof).unwrap();
    let bls_proof = Proof::from_snarkjs_json(Curve::Bls12_381, BLS12381.proof).unwrap();
    let bn_in = zk::public_inputs_from_snarkjs_json(Curve::Bn254, BN128.public).unwrap();
    let bls_in = zk::public_inputs_from_snarkjs_json(Curve::Bls12_381, BLS12381.public).unwrap();
    assert_eq!(
        zk::verify(&bls, &bn_proof, &bls_in),
        Err(Error::InvalidProof)
    );
    assert_eq!(
        zk::verify(&bn, &bn_proof, &bls_in),
        Err(Error::InvalidProof)
    );
    assert_eq!(
        zk::verify(&bn, &bls_proof, &bn_in),
        Err(Error::InvalidProof)
    );
    assert_eq!(
        zk::verify_batch(&bn, &[(&bn_proof, &bn_in), (&bls_proof, &bls_in)]),
        Err(Error::InvalidProof)
    );
    assert_eq!(Curve::from_snarkjs_name("BN128"), Ok(Curve::Bn254));
    assert_eq!(Curve::Bls12_381.snarkjs_name(), "bls12381");
}

/// Re-randomises a Groth16 proof (A/r, r·B + r·s·δ, C + s·A): another valid proof of the
/// same statement.
macro_rules! rerandomize {
    ($proof:expr, $vk:expr, $fr:ty, $i:expr) => {{
        let p = $proof;
        let r = <$fr>::from(0x9e37_79b9_7f4a_7c15u64 ^ $i as u64).square();
        let s = <$fr>::from(0xdead_beef_0000u64 + $i as u64).square();
        let a = (p.a * r.inverse().unwrap()).into_affine();
        let b = (p.b * r + $vk.delta_g2 * (r * s)).into_affine();
        let c = (p.c + p.a * s).into_affine();
        ark_groth16::Proof { a, b, c }
    }};
}

fn batch_items(f: &Fixture, extra: usize) -> Vec<(Proof, PublicInputs)> {
    let vk = VerifyingKey::from_snarkjs_json(f.vk).unwrap();
    let mut items: Vec<(Proof, PublicInputs)> = batch(f)
        .iter()
        .map(|(p, x)| (proof_of(f, p).unwrap(), public_of(f, x).unwrap()))
        .collect();
    for i in 0..extra {
        let (p, x) = items[i % 4].clone();
        let p = match f.curve {
            Curve::Bn254 => Proof::from_bn254(rerandomize!(
                p.as_bn254().unwrap(),
                vk.as_bn254().unwrap(),
                ark_bn254::Fr,
                i
            )),
            _ => Proof::from_bls12_381(rerandomize!(
                p.as_bls12_381().unwrap(),
                vk.as_bls12_381().unwrap(),
                ark_bls12_381::Fr,
                i
            )),
        }
        .unwrap();
        items.push((p, x));
    }
    items
}

#[test]
fn batches_agree_with_single_verification() {
    for f in FIXTURES {
        let pvk = pvk(f);
        let items = batch_items(f, 12);
        let refs: Vec<(&Proof, &PublicInputs)> = items.iter().map(|(p, x)| (p, x)).collect();
        for (p, x) in &refs {
            assert_eq!(zk::verify(&pvk, p, x), Ok(()));
        }
        assert_eq!(zk::verify_batch(&pvk, &refs), Ok(()));
        assert_eq!(zk::verify_batch(&pvk, &refs[..1]), Ok(()));
        assert_eq!(zk::verify_batch(&pvk, &[]), Ok(()));
        assert!(zk::verify_batch_each(&pvk, &refs).iter().all(Result::is_ok));

        // One proof for the wrong statement (item 5), one with another input count (item 9).
        let wrong = PublicInputs::from_decimal_strs(f.curve, &["39", "5"]).unwrap();
        let short = PublicInputs::from_decimal_strs(f.curve, &["38"]).unwrap();
        let mut bad = refs.clone();
        bad[5].1 = &wrong;
        assert_eq!(zk::verify_batch(&pvk, &bad), Err(Error::InvalidProof));
        let each = zk::verify_batch_each(&pvk, &bad);
        for (i, r) in each.iter().enumerate() {
            assert_eq!(
                *r,
                if i == 5 {
                    Err(Error::InvalidProof)
                } else {
                    Ok(())
                },
                "item {i}"
            );
        }
        bad[9].1 = &short;
        assert_eq!(
            zk::verify_batch(&pvk, &bad),
            Err(Error::InvalidLength {
                expected: 2,
                got: 1
            })
        );
        let each = zk::verify_batch_each(&pvk, &bad);
        assert_eq!(each[5], Err(Error::InvalidProof));
        assert_eq!(
            each[9],
            Err(Error::InvalidLength {
                expected: 2,
                got: 1
            })
        );
        assert_eq!(each.iter().filter(|r| r.is_err()).count(), 2);

        // Two proofs whose errors cancel in an unweighted sum are still caught: swap the
        // C points of two proofs of the same statement.
        let (p0, x0) = &items[0];
        let (p4, _) = &items[4]; // re-randomised proof of the same statement
        let swap = |a: &Proof, b: &Proof| -> Proof {
            match (a.as_bn254(), b.as_bn254()) {
                (Some(a), Some(b)) => Proof::from_bn254(ark_groth16::Proof {
                    c: b.c,
                    ..a.clone()
                })
                .unwrap(),
                _ => {
                    let (a, b) = (a.as_bls12_381().unwrap(), b.as_bls12_381().unwrap());
                    Proof::from_bls12_381(ark_groth16::Proof {
                        c: b.c,
                        ..a.clone()
                    })
                    .unwrap()
                }
            }
        };
        let (s0, s4) = (swap(p0, p4), swap(p4, p0));
        assert_eq!(
            zk::verify_batch(&pvk, &[(&s0, x0), (&s4, x0)]),
            Err(Error::InvalidProof)
        );

        // Too many items: refused before any work.
        let many = vec![refs[0]; MAX_BATCH + 1];
        assert_eq!(zk::verify_batch(&pvk, &many), Err(Error::LimitExceeded));
        assert!(
            zk::verify_batch_each(&pvk, &many)
                .iter()
                .all(|r| *r == Err(Error::LimitExceeded))
        );
    }
}

#[test]
fn arkworks_values_are_checked_too() {
    use ark_bls12_381::{G1Affine, G2Affine};
    let p = ark_groth16::Proof::<ark_bls12_381::Bls12_381> {
        a: off_subgroup::<ark_bls12_381::g1::Config>(),
        b: G2Affine::generator(),
        c: G1Affine::generator(),
    };
    assert_eq!(Proof::from_bls12_381(p), Err(Error::InvalidProof));
    let vk = VerifyingKey::from_snarkjs_json(BLS12381.vk).unwrap();
    let mut raw = vk.as_bls12_381().unwrap().clone();
    raw.delta_g2 = G2Affine::zero();
    assert_eq!(VerifyingKey::from_bls12_381(raw), Err(Error::InvalidKey));
}

#[test]
fn compact_binary_encoding() {
    for f in FIXTURES {
        let vk = VerifyingKey::from_snarkjs_json(f.vk).unwrap();
        let proof = Proof::from_snarkjs_json(f.curve, f.proof).unwrap();
        let (vk_len, proof_len) = match f.curve {
            Curve::Bn254 => (261 + 32 * 2, 129),
            _ => (389 + 48 * 2, 193),
        };
        let vb = vk.to_bytes();
        let pb = proof.to_bytes();
        assert_eq!((vb.len(), pb.len()), (vk_len, proof_len));
        assert_eq!(VerifyingKey::from_bytes(&vb), Ok(vk.clone()));
        assert_eq!(Proof::from_bytes(&pb), Ok(proof.clone()));
        // Truncated, extended, wrong tag.
        for cut in 0..pb.len() {
            assert!(Proof::from_bytes(&pb[..cut]).is_err());
        }
        let mut long = pb.clone();
        long.push(0);
        assert_eq!(
            Proof::from_bytes(&long),
            Err(Error::InvalidLength {
                expected: proof_len,
                got: proof_len + 1
            })
        );
        for tag in [0u8, 3, 255] {
            let mut t = pb.clone();
            t[0] = tag;
            assert_eq!(Proof::from_bytes(&t), Err(Error::InvalidEncoding));
        }
        // Every single-bit flip is refused or decodes to another valid proof that
        // does not verify; never a panic.
        let pvk = vk.prepare();
        let public = zk::public_inputs_from_snarkjs_json(f.curve, f.public).unwrap();
        for bit in (8..pb.len() * 8).step_by(5) {
            let mut t = pb.clone();
            t[bit / 8] ^= 1 << (bit % 8);
            if let Ok(p) = Proof::from_bytes(&t) {
                assert_eq!(
                    zk::verify(&pvk, &p, &public),
                    Err(Error::InvalidProof),
                    "bit {bit}"
                );
            }
        }
        for cut in 0..vb.len() {
            assert!(VerifyingKey::from_bytes(&vb[..cut]).is_err());
        }
        // A huge claimed input count is refused before reading further.
        let mut t = vb.clone();
        let g1 = if f.curve == Curve::Bn254 { 32 } else { 48 };
        let n_at = 1 + g1 + 3 * 2 * g1;
        assert_eq!(&t[n_at..n_at + 4], &2u32.to_le_bytes());
        t[n_at..n_at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(VerifyingKey::from_bytes(&t), Err(Error::LimitExceeded));
        // The point at infinity as alpha is refused as a key.
        let raw = match f.curve {
            Curve::Bn254 => {
                let mut k = vk.as_bn254().unwrap().clone();
                k.alpha_g1 = ark_bn254::G1Affine::zero();
                VerifyingKey::from_bn254(k)
            }
            _ => {
                let mut k = vk.as_bls12_381().unwrap().clone();
                k.alpha_g1 = ark_bls12_381::G1Affine::zero();
                VerifyingKey::from_bls12_381(k)
            }
        };
        assert_eq!(raw, Err(Error::InvalidKey));
    }
}
