//! FROST(Ed25519, SHA-512) (RFC 9591): the RFC appendix transcript and the Zcash
//! Foundation vectors reproduced through `zcrypto::sig::frost`'s public API, DKG end to
//! end, cheater identification, interoperability of the group signature with zcrypto's
//! strict Ed25519 verifier (both backends) and pyca/cryptography, and negative cases.
//!
//! Nonce reuse is impossible by type: `SigningNonces` is not `Clone` and `frost::sign`
//! takes it by value, so a second `sign` with the same nonces does not compile (checked by
//! the `compile_fail` doctest in the `sig::frost` module documentation).

mod common;

use std::collections::BTreeMap;

use curve25519_dalek::scalar::Scalar;
use serde_json::Value;
use sha2::{Digest, Sha512};
use zcrypto::{
    Backend, Error,
    sig::{
        Encoding, Verifier, ed25519,
        frost::{
            self, Identifier, KeyPackage, PublicKeyPackage, SecretShare, SignatureShare,
            SigningCommitments, SigningNonces, SigningPackage, dkg,
            rand_core::{self, CryptoRng, RngCore},
        },
    },
};

use common::{hex_field, load_json, unhex};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// An "RNG" that replays given bytes (then a fixed filler), to reproduce vectors.
struct Replay {
    data: Vec<u8>,
    pos: usize,
}

impl Replay {
    fn new(data: Vec<u8>) -> Replay {
        Replay { data, pos: 0 }
    }

    fn exhausted(&self) -> bool {
        self.pos >= self.data.len()
    }
}

impl RngCore for Replay {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for d in dest {
            *d = self.data.get(self.pos).copied().unwrap_or(0x42);
            self.pos += 1;
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for Replay {}

/// A scalar as the 64 bytes whose wide reduction is that scalar (how frost draws scalars).
fn wide(scalar: &[u8]) -> Vec<u8> {
    assert_eq!(scalar.len(), 32);
    let mut v = scalar.to_vec();
    v.extend_from_slice(&[0u8; 32]);
    v
}

fn id(n: u64) -> Identifier {
    Identifier::new(u16::try_from(n).unwrap()).unwrap()
}

fn cfg_u64(v: &Value) -> u64 {
    match v {
        Value::String(s) => s.parse().unwrap(),
        Value::Number(n) => n.as_u64().unwrap(),
        _ => panic!("bad config number {v}"),
    }
}

fn key_packages(shares: Vec<SecretShare>) -> Vec<KeyPackage> {
    shares
        .into_iter()
        .map(|s| KeyPackage::from_secret_share(s).unwrap())
        .collect()
}

/// Strict verification of a group signature with our plain Ed25519, on every backend.
fn verify_everywhere(pkp: &PublicKeyPackage, msg: &[u8], sig: &ed25519::Signature) {
    let bytes = pkp.verifying_key().unwrap().to_bytes();
    for &backend in Backend::AVAILABLE {
        let vk = ed25519::VerifyingKey::from_bytes_with_backend(&bytes, backend).unwrap();
        assert!(vk.is_strict());
        assert_eq!(vk.verify(msg, sig), Ok(()), "strict, {backend:?}");
        assert_eq!(vk.verify_zip215(msg, sig), Ok(()));
        let mut other = msg.to_vec();
        other.push(0);
        assert_eq!(vk.verify(&other, sig), Err(Error::InvalidSignature));
        let vk2 = pkp.verifying_key_with_backend(backend).unwrap();
        assert_eq!(vk2.backend(), backend);
        assert_eq!(vk2.verify(msg, sig), Ok(()));
    }
}

/// One signing session with OS randomness for the given signers.
fn sign_with(
    keys: &[&KeyPackage],
    pkp: &PublicKeyPackage,
    msg: &[u8],
) -> Result<ed25519::Signature, frost::FrostError> {
    let mut nonces = Vec::new();
    let mut commitments = Vec::new();
    for k in keys {
        let (n, c) = frost::commit(k)?;
        nonces.push(n);
        commitments.push(c);
    }
    let package = SigningPackage::new(&commitments, msg)?;
    let mut shares = Vec::new();
    for (k, n) in keys.iter().zip(nonces) {
        shares.push(frost::sign(&package, n, k)?);
    }
    frost::aggregate(&package, &shares, pkp)
}

/// Independent Ed25519 verification by pyca/cryptography (OpenSSL). Each input is
/// (public key, message, signature); returns one "ok"/"bad" per input.
fn python_verify(cases: &[(Vec<u8>, Vec<u8>, Vec<u8>)]) -> Vec<String> {
    const SCRIPT: &str = r#"
import sys
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    pk, msg, sig = line.split(",")
    key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(pk))
    try:
        key.verify(bytes.fromhex(sig), bytes.fromhex(msg))
        print("ok")
    except InvalidSignature:
        print("bad")
"#;
    let mut input = String::new();
    for (pk, msg, sig) in cases {
        input.push_str(&format!(
            "{},{},{}\n",
            hex::encode(pk),
            hex::encode(msg),
            hex::encode(sig)
        ));
    }
    common::python_lines(SCRIPT, &input, "cryptography")
}

// ---------------------------------------------------------------------------------------
// Signing transcripts: RFC 9591 E.1 and ZF's vectors.json / vectors-big-identifier.json
// ---------------------------------------------------------------------------------------

/// H(m) reduced wide, as FROST-ED25519-SHA512-v1 defines H1 (with "rho").
fn h_scalar(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha512::new();
    for p in parts {
        h.update(p);
    }
    Scalar::from_bytes_mod_order_wide(&h.finalize().into()).to_bytes()
}

fn h_bytes(parts: &[&[u8]]) -> Vec<u8> {
    let mut h = Sha512::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().to_vec()
}

const CONTEXT: &[u8] = b"FROST-ED25519-SHA512-v1";

/// Reproduces a signing transcript through the public API; returns the number of vector
/// values checked.
fn check_transcript(file: &str, group_key_field: &str) -> usize {
    let v = load_json(file);
    let mut checked = 0;
    let cfg = &v["config"];
    let max = u16::try_from(cfg_u64(&cfg["MAX_PARTICIPANTS"])).unwrap();
    let min = u16::try_from(cfg_u64(&cfg["MIN_PARTICIPANTS"])).unwrap();
    let num = cfg_u64(&cfg["NUM_PARTICIPANTS"]) as usize;
    assert_eq!(cfg["name"], "FROST(Ed25519, SHA-512)");
    let inputs = &v["inputs"];
    let message = hex_field(inputs, "message");
    let group_public = hex_field(inputs, group_key_field);

    // Key generation: the dealer splits the given group secret; the RNG supplies the
    // polynomial coefficients.
    let coeffs: Vec<u8> = inputs["share_polynomial_coefficients"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| wide(&unhex(c.as_str().unwrap())))
        .collect();
    assert_eq!(coeffs.len(), 64 * usize::from(min - 1));
    let mut rng = Replay::new(coeffs);
    let dealt = frost::dealer_split_with_rng(
        &hex_field(inputs, "group_secret_key"),
        min,
        max,
        None,
        &mut rng,
    )
    .unwrap();
    assert!(rng.exhausted());
    let pkp = dealt.public_key_package;
    assert_eq!(pkp.verifying_key().unwrap().to_bytes(), group_public);
    checked += 1;
    let keys: BTreeMap<Identifier, KeyPackage> = key_packages(dealt.shares)
        .into_iter()
        .map(|k| (k.identifier(), k))
        .collect();
    assert_eq!(keys.len(), usize::from(max));
    for s in inputs["participant_shares"].as_array().unwrap() {
        let kp = &keys[&id(s["identifier"].as_u64().unwrap())];
        assert_eq!(
            kp.signing_share().to_vec(),
            hex_field(s, "participant_share")
        );
        checked += 1;
    }

    // Round 1: nonces from the given randomness.
    let list: Vec<Identifier> = inputs["participant_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| id(i.as_u64().unwrap()))
        .collect();
    assert_eq!(list.len(), num);
    let r1 = v["round_one_outputs"]["outputs"].as_array().unwrap();
    assert_eq!(r1.len(), num);
    let mut nonces = Vec::new();
    let mut commitments = Vec::new();
    for (o, &who) in r1.iter().zip(&list) {
        assert_eq!(id(o["identifier"].as_u64().unwrap()), who);
        let mut randomness = hex_field(o, "hiding_nonce_randomness");
        randomness.extend(hex_field(o, "binding_nonce_randomness"));
        let mut rng = Replay::new(randomness);
        let (n, c) = frost::commit_with_rng(&keys[&who], &mut rng);
        assert!(rng.exhausted());
        assert_eq!(c.identifier(), who);
        assert_eq!(
            c.hiding_hex().unwrap(),
            o["hiding_nonce_commitment"].as_str().unwrap()
        );
        assert_eq!(
            c.binding_hex().unwrap(),
            o["binding_nonce_commitment"].as_str().unwrap()
        );
        checked += 2;
        // The nonce scalars themselves: the only place they leave the type is the
        // (consuming) secret serialisation, which holds them verbatim.
        let secret = n.into_secret_bytes().unwrap();
        for field in ["hiding_nonce", "binding_nonce"] {
            let nonce = hex_field(o, field);
            assert!(
                secret.windows(32).any(|w| w == nonce.as_slice()),
                "{field} of {who}"
            );
            checked += 1;
        }
        nonces.push(SigningNonces::from_secret_bytes(&secret).unwrap());
        // Commitments rebuilt from the vector's points equal ours.
        let from_vector = SigningCommitments::from_parts(
            who,
            &hex_field(o, "hiding_nonce_commitment"),
            &hex_field(o, "binding_nonce_commitment"),
        )
        .unwrap();
        assert_eq!(from_vector, c);
        commitments.push(c);
    }

    // Binding factors: recomputed independently (frost keeps them internal) from the
    // commitments we produced, and compared with the vector's inputs and outputs. This
    // checks the encoding FROST signs over; the shares below check that frost used it.
    let mut encoded = Vec::new();
    for c in &commitments {
        encoded.extend(c.identifier().to_bytes());
        encoded.extend(unhex(&c.hiding_hex().unwrap()));
        encoded.extend(unhex(&c.binding_hex().unwrap()));
    }
    let prefix: Vec<u8> = [
        group_public.clone(),
        h_bytes(&[CONTEXT, b"msg", &message]),
        h_bytes(&[CONTEXT, b"com", &encoded]),
    ]
    .concat();
    for (o, c) in r1.iter().zip(&commitments) {
        let input = [prefix.clone(), c.identifier().to_bytes()].concat();
        assert_eq!(input, hex_field(o, "binding_factor_input"));
        assert_eq!(
            h_scalar(&[CONTEXT, b"rho", &input]).to_vec(),
            hex_field(o, "binding_factor")
        );
        checked += 2;
    }

    // Round 2.
    let package = SigningPackage::new(&commitments, &message).unwrap();
    let r2 = v["round_two_outputs"]["outputs"].as_array().unwrap();
    let mut shares = Vec::new();
    for ((o, &who), n) in r2.iter().zip(&list).zip(nonces) {
        assert_eq!(id(o["identifier"].as_u64().unwrap()), who);
        let share = frost::sign(&package, n, &keys[&who]).unwrap();
        assert_eq!(share.share_bytes(), hex_field(o, "sig_share"));
        checked += 1;
        shares.push(share);
    }

    // Aggregation.
    let sig = frost::aggregate(&package, &shares, &pkp).unwrap();
    assert_eq!(sig.to_bytes(), hex_field(&v["final_output"], "sig"));
    checked += 1;
    verify_everywhere(&pkp, &message, &sig);
    checked
}

#[test]
fn rfc9591_appendix_e1_transcript() {
    let n = check_transcript(
        "frost-ed25519/rfc9591-frost-ed25519-sha512.json",
        "group_public_key",
    );
    // group key, 3 shares, 2 × (2 commitments + 2 nonces), 2 × (binding input + factor),
    // 2 signature shares, the signature.
    assert_eq!(n, 1 + 3 + 8 + 4 + 2 + 1);
    eprintln!("RFC 9591 E.1: {n} values reproduced");
}

#[test]
fn zf_vectors_transcript() {
    let n = check_transcript(
        "frost-ed25519/zcashfoundation/vectors.json",
        "verifying_key_key",
    );
    assert_eq!(n, 19);
}

#[test]
fn zf_big_identifier_transcript() {
    let n = check_transcript(
        "frost-ed25519/zcashfoundation/vectors-big-identifier.json",
        "verifying_key_key",
    );
    // group key, 257 shares, 3 × 4 round-1 values, 3 × 2 binding values, 3 shares, sig.
    assert_eq!(n, 1 + 257 + 12 + 6 + 3 + 1);
}

/// The RFC 9591 E.1 group key and signature, for a self-test.
#[test]
fn rfc9591_signature_is_plain_ed25519_and_pyca_accepts_it() {
    let v = load_json("frost-ed25519/rfc9591-frost-ed25519-sha512.json");
    let pk = hex_field(&v["inputs"], "group_public_key");
    let msg = hex_field(&v["inputs"], "message");
    let sig = hex_field(&v["final_output"], "sig");
    let s = ed25519::Signature::from_bytes(&sig).unwrap();
    for &backend in Backend::AVAILABLE {
        let vk = ed25519::VerifyingKey::from_bytes_with_backend(&pk, backend).unwrap();
        assert_eq!(vk.verify(&msg, &s), Ok(()));
    }
    assert_eq!(python_verify(&[(pk, msg, sig)]), vec!["ok"]);
}

// ---------------------------------------------------------------------------------------
// ZF DKG vectors
// ---------------------------------------------------------------------------------------

#[test]
fn zf_dkg_vectors() {
    let v = load_json("frost-ed25519/zcashfoundation/vectors_dkg.json");
    let max = u16::try_from(cfg_u64(&v["config"]["MAX_PARTICIPANTS"])).unwrap();
    let min = u16::try_from(cfg_u64(&v["config"]["MIN_PARTICIPANTS"])).unwrap();
    let inputs = &v["inputs"];
    let group_key = hex_field(inputs, "verifying_key");
    let parts: Vec<&Value> = (1..=max).map(|i| &inputs[i.to_string()]).collect();
    let ids: Vec<Identifier> = parts
        .iter()
        .map(|p| id(p["identifier"].as_u64().unwrap()))
        .collect();

    // The vector's round-1 packages, built from their parts.
    let vector_r1: Vec<dkg::Round1Package> = parts
        .iter()
        .zip(&ids)
        .map(|(p, &who)| {
            let comms: Vec<Vec<u8>> = p["vss_commitments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| unhex(c.as_str().unwrap()))
                .collect();
            let refs: Vec<&[u8]> = comms.iter().map(Vec::as_slice).collect();
            dkg::Round1Package::from_parts(who, &refs, &hex_field(p, "proof_of_knowledge")).unwrap()
        })
        .collect();

    let mut checked = 0;
    let mut key_packages = Vec::new();
    let mut public = None;
    for (i, (p, &me)) in parts.iter().zip(&ids).enumerate() {
        // Part 1 from the given secret ("signing_key") and coefficient; the proof of
        // knowledge uses an unknown nonce, so ours differs but must be valid.
        let mut rng = Replay::new(
            [
                wide(&hex_field(p, "signing_key")),
                wide(&hex_field(p, "coefficient")),
            ]
            .concat(),
        );
        let (secret1, ours) = dkg::part1_with_rng(me, min, max, &mut rng).unwrap();
        assert_eq!(
            ours.commitment_hex().unwrap(),
            p["vss_commitments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        );
        checked += 1;

        // Part 2 against the other participants' vector packages (their proofs verify)
        // plus our own (skipped).
        let mut r1: Vec<dkg::Round1Package> = vector_r1
            .iter()
            .filter(|r| r.identifier() != me)
            .cloned()
            .collect();
        r1.push(ours.clone());
        let (secret2, outgoing) = dkg::part2(secret1, &r1).unwrap();
        assert_eq!(outgoing.len(), usize::from(max) - 1);
        for pkg in &outgoing {
            assert_eq!(pkg.sender(), me);
            let j = ids.iter().position(|&x| x == pkg.recipient()).unwrap();
            let expected = hex_field(&parts[j]["signing_shares"], &(i + 1).to_string());
            assert_eq!(pkg.share_bytes().to_vec(), expected);
            checked += 1;
        }

        // Part 3 with the vector's shares addressed to us.
        let incoming: Vec<dkg::Round2Package> = ids
            .iter()
            .enumerate()
            .filter(|&(_, &j)| j != me)
            .map(|(j, &sender)| {
                let share = hex_field(&p["signing_shares"], &(j + 1).to_string());
                dkg::Round2Package::from_parts(sender, me, &share).unwrap()
            })
            .collect();
        let (kp, pkp) = dkg::part3(&secret2, &r1, &incoming).unwrap();
        assert_eq!(kp.signing_share().to_vec(), hex_field(p, "signing_share"));
        assert_eq!(
            kp.verifying_share().unwrap().to_vec(),
            hex_field(p, "verifying_share")
        );
        assert_eq!(kp.verifying_key().unwrap().to_bytes(), group_key);
        checked += 3;
        for (q, &who) in parts.iter().zip(&ids) {
            assert_eq!(
                pkp.verifying_share(who).unwrap().to_vec(),
                hex_field(q, "verifying_share")
            );
        }
        checked += 1;
        if let Some(prev) = &public {
            assert_eq!(prev, &pkp);
        }
        public = Some(pkp);
        key_packages.push(kp);
    }
    // 3 × (commitments + 2 outgoing shares + 3 key values + verifying shares)
    assert_eq!(checked, 3 * 7);

    // The DKG keys sign.
    let pkp = public.unwrap();
    let sig = sign_with(&[&key_packages[0], &key_packages[2]], &pkp, b"dkg vectors").unwrap();
    verify_everywhere(&pkp, b"dkg vectors", &sig);
}

#[test]
fn zf_serialisation_samples() {
    let s = load_json("frost-ed25519/zcashfoundation/samples.json");
    let ident = Identifier::from_bytes(&hex_field(&s, "identifier")).unwrap();
    assert_eq!(ident.to_u16(), Some(42));
    assert_eq!(ident.to_string(), "42");
    // element1/element2 are valid points, usable as commitments.
    let c = SigningCommitments::from_parts(
        ident,
        &hex_field(&s, "element1"),
        &hex_field(&s, "element2"),
    )
    .unwrap();
    assert_eq!(
        SigningCommitments::from_bytes(&c.to_bytes().unwrap()).unwrap(),
        c
    );
    // scalar1 as a signature share.
    let share = SignatureShare::from_bytes(
        &[hex_field(&s, "identifier"), hex_field(&s, "scalar1")].concat(),
    )
    .unwrap();
    assert_eq!(share.share_bytes(), hex_field(&s, "scalar1"));
    // proof_of_knowledge = element1 ‖ scalar1 parses as a DKG round-1 proof.
    dkg::Round1Package::from_parts(
        ident,
        &[&hex_field(&s, "element1"), &hex_field(&s, "element2")],
        &hex_field(&s, "proof_of_knowledge"),
    )
    .unwrap();

    // elements.json: an invalid element is refused wherever a point is expected.
    let e = load_json("frost-ed25519/zcashfoundation/elements.json");
    let bad = hex_field(&e["elements"], "invalid_element");
    let good = hex_field(&s, "element1");
    assert_eq!(
        SigningCommitments::from_parts(ident, &bad, &good),
        Err(Error::InvalidCiphertext)
    );
    assert_eq!(
        SigningCommitments::from_parts(ident, &good, &bad),
        Err(Error::InvalidCiphertext)
    );
    assert_eq!(
        dkg::Round1Package::from_parts(ident, &[&bad], &hex_field(&s, "proof_of_knowledge"))
            .unwrap_err(),
        Error::InvalidCiphertext
    );
    // repair-share.json exercises frost's share-repair protocol, which zcrypto does not
    // wrap: not applicable.
}

// ---------------------------------------------------------------------------------------
// DKG end to end (OS randomness), with every message through bytes / hex / JSON
// ---------------------------------------------------------------------------------------

fn run_dkg(min: u16, max: u16) -> (Vec<KeyPackage>, PublicKeyPackage) {
    let ids: Vec<Identifier> = (1..=max).map(|i| Identifier::new(i).unwrap()).collect();
    let mut secrets1 = Vec::new();
    let mut round1 = Vec::new();
    for &me in &ids {
        let (s, p) = dkg::part1(me, min, max).unwrap();
        // Secrets persist as hex, broadcasts as bytes.
        let s = dkg::Round1Secret::from_hex(&s.to_hex().unwrap()).unwrap();
        let p = dkg::Round1Package::from_bytes(&p.to_bytes().unwrap()).unwrap();
        secrets1.push(s);
        round1.push(p);
    }
    let mut secrets2 = Vec::new();
    let mut round2 = Vec::new();
    for s in secrets1 {
        let (s2, out) = dkg::part2(s, &round1).unwrap();
        secrets2.push(dkg::Round2Secret::from_bytes(&s2.to_bytes().unwrap()).unwrap());
        for p in out {
            round2.push(dkg::Round2Package::from_hex(&p.to_hex().unwrap()).unwrap());
        }
    }
    assert_eq!(round2.len(), usize::from(max) * usize::from(max - 1));
    let mut keys = Vec::new();
    let mut public: Option<PublicKeyPackage> = None;
    for s in &secrets2 {
        let (kp, pkp) = dkg::part3(s, &round1, &round2).unwrap();
        assert_eq!(kp.min_signers(), min);
        if let Some(prev) = &public {
            assert_eq!(prev, &pkp);
        }
        public = Some(pkp);
        keys.push(kp);
    }
    (keys, public.unwrap())
}

fn all_subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    (0u32..(1 << n))
        .filter(|m| m.count_ones() as usize == k)
        .map(|m| (0..n).filter(|i| m & (1 << i) != 0).collect())
        .collect()
}

#[test]
fn dkg_3_of_5_and_2_of_3_end_to_end() {
    let mut py = Vec::new();
    for (min, max) in [(3u16, 5u16), (2, 3)] {
        let (keys, pkp) = run_dkg(min, max);
        assert_eq!(pkp.min_signers(), Some(min));
        assert_eq!(pkp.identifiers().len(), usize::from(max));
        // Every threshold subset, and one larger subset, signs.
        let mut subsets = all_subsets(usize::from(max), usize::from(min));
        subsets.push((0..usize::from(max)).collect());
        for subset in subsets {
            let msg = format!("{min}-of-{max} by {subset:?}").into_bytes();
            let signers: Vec<&KeyPackage> = subset.iter().map(|&i| &keys[i]).collect();
            let sig = sign_with(&signers, &pkp, &msg).unwrap();
            verify_everywhere(&pkp, &msg, &sig);
            py.push((pkp.verifying_key().unwrap().to_bytes(), msg, sig.to_bytes()));
        }
        // Fewer than the threshold cannot sign.
        let few: Vec<&KeyPackage> = keys.iter().take(usize::from(min - 1)).collect();
        assert_eq!(
            sign_with(&few, &pkp, b"too few").unwrap_err().error,
            Error::InvalidCiphertext
        );
    }
    // The group signatures are plain Ed25519 to an independent implementation.
    let n = py.len();
    assert_eq!(n, 10 + 1 + 3 + 1);
    assert_eq!(python_verify(&py), vec!["ok"; n]);
    // ... which also rejects a tampered one.
    let (pk, msg, mut sig) = py.pop().unwrap();
    sig[0] ^= 1;
    assert_eq!(python_verify(&[(pk, msg, sig)]), vec!["bad"]);
}

/// FROST messages are JSON through the `serde` feature (the CLI's file format).
#[cfg(feature = "serde")]
#[test]
fn trusted_dealer_end_to_end_with_json_messages() {
    let dealt = frost::dealer_keygen(2, 3).unwrap();
    // Dealer → participants as JSON (the CLI's file format).
    let shares: Vec<SecretShare> = dealt
        .shares
        .iter()
        .map(|s| serde_json::from_str(&serde_json::to_string(s).unwrap()).unwrap())
        .collect();
    assert_eq!(shares, dealt.shares);
    let pkp_json = serde_json::to_string_pretty(&dealt.public_key_package).unwrap();
    let pkp: PublicKeyPackage = serde_json::from_str(&pkp_json).unwrap();
    assert_eq!(pkp, dealt.public_key_package);
    assert!(pkp_json.contains("FROST-ED25519-SHA512-v1"), "{pkp_json}");
    let keys: Vec<KeyPackage> = key_packages(shares)
        .iter()
        .map(|k| serde_json::from_value(serde_json::to_value(k).unwrap()).unwrap())
        .collect();

    let msg = b"json round trip";
    let (n1, c1) = frost::commit(&keys[0]).unwrap();
    let (n3, c3) = frost::commit(&keys[2]).unwrap();
    let comms: Vec<SigningCommitments> = [c1, c3]
        .iter()
        .map(|c| serde_json::from_str(&serde_json::to_string(c).unwrap()).unwrap())
        .collect();
    let package = SigningPackage::new(&comms, msg).unwrap();
    let package: SigningPackage =
        serde_json::from_str(&serde_json::to_string(&package).unwrap()).unwrap();
    // Nonces between rounds: consumed into secret bytes, restored once.
    let n1 = SigningNonces::from_secret_bytes(&n1.into_secret_bytes().unwrap()).unwrap();
    let s1 = frost::sign(&package, n1, &keys[0]).unwrap();
    let s3 = frost::sign(&package, n3, &keys[2]).unwrap();
    let shares: Vec<SignatureShare> = [s1, s3]
        .iter()
        .map(|s| serde_json::from_str(&serde_json::to_string(s).unwrap()).unwrap())
        .collect();
    let sig = frost::aggregate(&package, &shares, &pkp).unwrap();
    verify_everywhere(&pkp, msg, &sig);
    // Shares in any order.
    let sig2 = frost::aggregate(&package, &[shares[1], shares[0]], &pkp).unwrap();
    assert_eq!(sig, sig2);

    // DKG messages round-trip through JSON too.
    let (s, p) = dkg::part1(Identifier::new(1).unwrap(), 2, 3).unwrap();
    let s2: dkg::Round1Secret = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(s2, s);
    let p2: dkg::Round1Package = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(p2, p);
}

// ---------------------------------------------------------------------------------------
// Cheaters
// ---------------------------------------------------------------------------------------

#[test]
fn aggregation_identifies_a_corrupted_share() {
    let dealt = frost::dealer_keygen(3, 5).unwrap();
    let pkp = dealt.public_key_package;
    let keys = key_packages(dealt.shares);
    for cheater in 0..3 {
        let signers = [&keys[0], &keys[2], &keys[4]];
        let mut nonces = Vec::new();
        let mut comms = Vec::new();
        for k in signers {
            let (n, c) = frost::commit(k).unwrap();
            nonces.push(n);
            comms.push(c);
        }
        let package = SigningPackage::new(&comms, b"cheat").unwrap();
        let mut shares: Vec<SignatureShare> = signers
            .iter()
            .zip(nonces)
            .map(|(k, n)| frost::sign(&package, n, k).unwrap())
            .collect();
        let mut bytes = shares[cheater].to_bytes();
        bytes[40] ^= 0x01;
        shares[cheater] = SignatureShare::from_bytes(&bytes).unwrap();
        let err = frost::aggregate(&package, &shares, &pkp).unwrap_err();
        assert_eq!(err.error, Error::InvalidSignature);
        assert_eq!(err.error.code(), 3);
        assert_eq!(err.culprits, vec![signers[cheater].identifier()]);
        assert!(err.to_string().contains("culprits"), "{err}");
        // `?` into a plain Error keeps the code.
        assert_eq!(Error::from(err), Error::InvalidSignature);
    }
}

#[test]
fn a_share_signed_for_another_message_is_blamed() {
    let dealt = frost::dealer_keygen(2, 2).unwrap();
    let pkp = dealt.public_key_package;
    let keys = key_packages(dealt.shares);
    let (n1, c1) = frost::commit(&keys[0]).unwrap();
    let (n2, c2) = frost::commit(&keys[1]).unwrap();
    let good = SigningPackage::new(&[c1, c2], b"pay 1").unwrap();
    let evil = SigningPackage::new(&[c1, c2], b"pay 1000").unwrap();
    let s1 = frost::sign(&good, n1, &keys[0]).unwrap();
    let s2 = frost::sign(&evil, n2, &keys[1]).unwrap();
    let err = frost::aggregate(&good, &[s1, s2], &pkp).unwrap_err();
    assert_eq!(err.culprits, vec![keys[1].identifier()]);
}

#[test]
fn dkg_identifies_bad_proof_and_bad_share() {
    let ids: Vec<Identifier> = (1..=3).map(|i| Identifier::new(i).unwrap()).collect();
    let mut secrets = Vec::new();
    let mut round1 = Vec::new();
    for &me in &ids {
        let (s, p) = dkg::part1(me, 2, 3).unwrap();
        secrets.push(s);
        round1.push(p);
    }
    // Participant 2 claims participant 3's broadcast (proof bound to identifier 3).
    let mut forged = round1.clone();
    let bytes = forged[2].to_bytes().unwrap();
    let mut relabelled = ids[1].to_bytes();
    relabelled.extend_from_slice(&bytes[32..]);
    forged[1] = dkg::Round1Package::from_bytes(&relabelled).unwrap();
    let err = dkg::part2(secrets[0].clone(), &forged).unwrap_err();
    assert_eq!(err.error, Error::InvalidKey);
    assert_eq!(err.culprits, vec![ids[1]]);

    // Honest part 2, then participant 3 sends participant 1 a wrong share.
    let mut secrets2 = Vec::new();
    let mut round2 = Vec::new();
    for s in secrets {
        let (s2, out) = dkg::part2(s, &round1).unwrap();
        secrets2.push(s2);
        round2.extend(out);
    }
    let i = round2
        .iter()
        .position(|p| p.sender() == ids[2] && p.recipient() == ids[0])
        .unwrap();
    let mut share = round2[i].share_bytes().to_vec();
    share[0] ^= 1;
    round2[i] = dkg::Round2Package::from_parts(ids[2], ids[0], &share).unwrap();
    let err = dkg::part3(&secrets2[0], &round1, &round2).unwrap_err();
    assert_eq!(err.error, Error::InvalidKey);
    assert_eq!(err.culprits, vec![ids[2]]);
    // The others are unaffected.
    dkg::part3(&secrets2[1], &round1, &round2).unwrap();

    // A missing or duplicated package is refused, without blame.
    let err = dkg::part3(&secrets2[1], &round1[..2], &round2).unwrap_err();
    assert_eq!(
        (err.error, err.culprits.len()),
        (Error::InvalidCiphertext, 0)
    );
    let mut dup = round1.clone();
    dup.push(round1[2].clone());
    let err = dkg::part3(&secrets2[1], &dup, &round2).unwrap_err();
    assert_eq!(err.error, Error::InvalidCiphertext);
}

#[test]
fn dealer_share_tampering_is_detected() {
    let dealt = frost::dealer_keygen(2, 3).unwrap();
    let mut bytes = dealt.shares[0].to_bytes().unwrap().to_vec();
    // Layout: header (5) ‖ identifier (32) ‖ signing share (32) ‖ commitment...
    bytes[5 + 32] ^= 1;
    let tampered = SecretShare::from_bytes(&bytes).unwrap();
    let err = KeyPackage::from_secret_share(tampered).unwrap_err();
    assert_eq!(err.error, Error::InvalidKey);
}

// ---------------------------------------------------------------------------------------
// Negative cases
// ---------------------------------------------------------------------------------------

struct Setup {
    pkp: PublicKeyPackage,
    keys: Vec<KeyPackage>,
}

fn setup_2_of_3() -> Setup {
    let dealt = frost::dealer_keygen(2, 3).unwrap();
    Setup {
        pkp: dealt.public_key_package,
        keys: key_packages(dealt.shares),
    }
}

#[test]
fn too_few_shares() {
    let Setup { pkp, keys } = setup_2_of_3();
    // A package with one signer: signing refuses.
    let (n1, c1) = frost::commit(&keys[0]).unwrap();
    let lone = SigningPackage::new(&[c1], b"m").unwrap();
    assert_eq!(
        frost::sign(&lone, n1, &keys[0]),
        Err(Error::InvalidCiphertext)
    );
    // Two signers, one share: aggregation refuses.
    let (n1, c1) = frost::commit(&keys[0]).unwrap();
    let (_n2, c2) = frost::commit(&keys[1]).unwrap();
    let p = SigningPackage::new(&[c1, c2], b"m").unwrap();
    let s1 = frost::sign(&p, n1, &keys[0]).unwrap();
    let err = frost::aggregate(&p, &[s1], &pkp).unwrap_err();
    assert_eq!(err.error, Error::InvalidCiphertext);
    assert!(err.culprits.is_empty());
    assert_eq!(
        frost::aggregate(&p, &[], &pkp).unwrap_err().error,
        Error::InvalidCiphertext
    );
    assert_eq!(
        SigningPackage::new(&[], b"m").unwrap_err(),
        Error::InvalidCiphertext
    );
}

#[test]
fn duplicate_participants() {
    let Setup { pkp, keys } = setup_2_of_3();
    let (n1, c1) = frost::commit(&keys[0]).unwrap();
    let (n2, c2) = frost::commit(&keys[1]).unwrap();
    assert_eq!(
        SigningPackage::new(&[c1, c1], b"m"),
        Err(Error::InvalidCiphertext)
    );
    // Second commitment from the same participant (fresh nonces): still a duplicate.
    let (_n1b, c1b) = frost::commit(&keys[0]).unwrap();
    assert_eq!(
        SigningPackage::new(&[c1, c1b, c2], b"m"),
        Err(Error::InvalidCiphertext)
    );
    let p = SigningPackage::new(&[c1, c2], b"m").unwrap();
    let s1 = frost::sign(&p, n1, &keys[0]).unwrap();
    let s2 = frost::sign(&p, n2, &keys[1]).unwrap();
    let err = frost::aggregate(&p, &[s1, s1, s2], &pkp).unwrap_err();
    assert_eq!(err.error, Error::InvalidCiphertext);
    // A share from a participant not in the package.
    let (n3, c3) = frost::commit(&keys[2]).unwrap();
    let p13 = SigningPackage::new(&[c1, c3], b"m").unwrap();
    let s3 = frost::sign(&p13, n3, &keys[2]).unwrap();
    let err = frost::aggregate(&p, &[s1, s3], &pkp).unwrap_err();
    assert_eq!(err.error, Error::InvalidCiphertext);
    // Duplicate identifiers for the dealer.
    let one = Identifier::new(1).unwrap();
    let mut rng = Replay::new(Vec::new());
    assert_eq!(
        frost::dealer_keygen_with_rng(2, 2, Some(&[one, one]), &mut rng).unwrap_err(),
        Error::InvalidCiphertext
    );
    assert_eq!(
        frost::dealer_keygen_with_rng(2, 3, Some(&[one, Identifier::new(2).unwrap()]), &mut rng)
            .unwrap_err(),
        Error::UnsupportedAlgorithm
    );
}

#[test]
fn wrong_message_and_wrong_key() {
    let Setup { pkp, keys } = setup_2_of_3();
    let sig = sign_with(&[&keys[0], &keys[1]], &pkp, b"right").unwrap();
    let vk = pkp.verifying_key().unwrap();
    assert_eq!(vk.verify(b"right", &sig), Ok(()));
    assert_eq!(vk.verify(b"wrong", &sig), Err(Error::InvalidSignature));
    let other = setup_2_of_3();
    assert_eq!(
        other.pkp.verifying_key().unwrap().verify(b"right", &sig),
        Err(Error::InvalidSignature)
    );
    // Aggregating under another group's public package blames the signers.
    let (n1, c1) = frost::commit(&keys[0]).unwrap();
    let (n2, c2) = frost::commit(&keys[1]).unwrap();
    let p = SigningPackage::new(&[c1, c2], b"m").unwrap();
    let s1 = frost::sign(&p, n1, &keys[0]).unwrap();
    let s2 = frost::sign(&p, n2, &keys[1]).unwrap();
    let err = frost::aggregate(&p, &[s1, s2], &other.pkp).unwrap_err();
    assert_eq!(err.error, Error::InvalidSignature);
    assert!(!err.culprits.is_empty());
}

#[test]
fn nonces_must_match_the_package() {
    // Reuse within a process is impossible by type (`sign` consumes `SigningNonces`, not
    // `Clone`; see the compile_fail doctest). Fresh nonces that were not the ones
    // committed to are refused.
    let Setup { keys, .. } = setup_2_of_3();
    let (_n1, c1) = frost::commit(&keys[0]).unwrap();
    let (n1_other, _) = frost::commit(&keys[0]).unwrap();
    let (_n2, c2) = frost::commit(&keys[1]).unwrap();
    let p = SigningPackage::new(&[c1, c2], b"m").unwrap();
    assert_eq!(
        frost::sign(&p, n1_other, &keys[0]),
        Err(Error::InvalidCiphertext)
    );
    // A signer that is not in the package.
    let (n3, _) = frost::commit(&keys[2]).unwrap();
    assert_eq!(frost::sign(&p, n3, &keys[2]), Err(Error::InvalidCiphertext));
    // Debug output hides the nonces and the key share.
    let (n, _) = frost::commit(&keys[0]).unwrap();
    assert_eq!(format!("{n:?}"), "frost::SigningNonces(..)");
    let share_hex = hex::encode(*keys[0].signing_share());
    assert!(!format!("{:?}", keys[0]).contains(&share_hex));
}

#[test]
fn parameters() {
    for (min, max) in [(0u16, 3u16), (1, 3), (4, 3), (2, 1), (2, 0)] {
        assert_eq!(
            frost::dealer_keygen(min, max).unwrap_err(),
            Error::UnsupportedAlgorithm,
            "{min}-of-{max}"
        );
        assert_eq!(
            dkg::part1(Identifier::new(1).unwrap(), min, max).unwrap_err(),
            Error::UnsupportedAlgorithm
        );
    }
    assert_eq!(Identifier::new(0), Err(Error::InvalidKey));
    let mut rng = Replay::new(Vec::new());
    assert_eq!(
        frost::dealer_split_with_rng(&[0u8; 32], 2, 3, None, &mut rng).unwrap_err(),
        Error::InvalidKey
    );
    assert_eq!(
        frost::dealer_split_with_rng(&[0xffu8; 32], 2, 3, None, &mut rng).unwrap_err(),
        Error::InvalidKey
    );
    assert_eq!(
        frost::dealer_split_with_rng(&[1u8; 31], 2, 3, None, &mut rng).unwrap_err(),
        Error::InvalidLength {
            expected: 32,
            got: 31
        }
    );
}

#[test]
fn malformed_serialisations() {
    let Setup { pkp, keys } = setup_2_of_3();
    let (n1, c1) = frost::commit(&keys[0]).unwrap();
    let (_n2, c2) = frost::commit(&keys[1]).unwrap();
    let p = SigningPackage::new(&[c1, c2], b"m").unwrap();
    let s1 = frost::sign(&p, n1, &keys[0]).unwrap();

    fn mutations(good: &[u8]) -> Vec<Vec<u8>> {
        let mut out = vec![
            Vec::new(),
            good[..good.len() - 1].to_vec(),
            [good, &[0]].concat(),
        ];
        for i in [0usize, 1, 4] {
            // version and ciphersuite header bytes (or, for identifier-tagged
            // messages, the identifier)
            let mut b = good.to_vec();
            b[i] ^= 0x80;
            out.push(b);
        }
        out
    }

    // Public messages.
    let good = pkp.to_bytes().unwrap();
    for bad in mutations(&good) {
        assert!(PublicKeyPackage::from_bytes(&bad).is_err());
    }
    let good = p.to_bytes().unwrap();
    for bad in mutations(&good) {
        assert!(SigningPackage::from_bytes(&bad).is_err());
    }
    // Identifier-tagged: flipping an identifier bit gives another valid identifier, so
    // corrupt the top byte (scalar >= L) and the frost header after the identifier.
    let good = c1.to_bytes().unwrap();
    for bad in mutations(&good).into_iter().take(3) {
        assert!(SigningCommitments::from_bytes(&bad).is_err());
    }
    for i in [31usize, 32, 33, 36] {
        let mut bad = good.clone();
        bad[i] ^= 0x80;
        assert_eq!(
            SigningCommitments::from_bytes(&bad),
            Err(Error::InvalidCiphertext)
        );
    }
    assert_eq!(
        SigningCommitments::from_bytes(&good[..10]),
        Err(Error::InvalidLength {
            expected: 32,
            got: 10
        })
    );
    // Signature shares: fixed 64 bytes, canonical scalar, non-zero identifier.
    let good = s1.to_bytes();
    assert_eq!(
        SignatureShare::from_bytes(&good[..63]),
        Err(Error::InvalidLength {
            expected: 64,
            got: 63
        })
    );
    let mut bad = good.clone();
    bad[63] = 0xff;
    assert_eq!(
        SignatureShare::from_bytes(&bad),
        Err(Error::InvalidCiphertext)
    );
    let mut bad = good.clone();
    bad[..32].fill(0);
    assert_eq!(
        SignatureShare::from_bytes(&bad),
        Err(Error::InvalidCiphertext)
    );
    // Secrets.
    let good = keys[0].to_bytes().unwrap();
    for bad in mutations(&good) {
        assert!(KeyPackage::from_bytes(&bad).is_err());
    }
    let (n, _) = frost::commit(&keys[0]).unwrap();
    let good = n.into_secret_bytes().unwrap();
    for bad in mutations(&good) {
        assert!(SigningNonces::from_secret_bytes(&bad).is_err());
    }
    // Hex: bad text is InvalidEncoding, good text of bad bytes InvalidCiphertext.
    assert_eq!(
        PublicKeyPackage::from_hex("zz"),
        Err(Error::InvalidEncoding)
    );
    assert_eq!(
        PublicKeyPackage::from_hex("abc"),
        Err(Error::InvalidEncoding)
    );
    assert_eq!(
        PublicKeyPackage::from_hex("00ff"),
        Err(Error::InvalidCiphertext)
    );
    assert_eq!(
        KeyPackage::from_hex("0x00").unwrap_err(),
        Error::InvalidEncoding
    );
    // JSON (feature `serde`): unknown fields, wrong ciphersuite and bad hex are refused.
    #[cfg(feature = "serde")]
    {
        let mut json: Value = serde_json::to_value(&pkp).unwrap();
        json["extra"] = Value::Bool(true);
        assert!(serde_json::from_value::<PublicKeyPackage>(json).is_err());
        let text = serde_json::to_string(&pkp)
            .unwrap()
            .replace("FROST-ED25519-SHA512-v1", "FROST-secp256k1-SHA256-v1");
        assert!(serde_json::from_str::<PublicKeyPackage>(&text).is_err());
        let json = serde_json::to_string(&s1).unwrap();
        let bad = json.replacen(&hex::encode(s1.share_bytes()), "not hex", 1);
        assert_ne!(json, bad);
        assert!(serde_json::from_str::<SignatureShare>(&bad).is_err());
    }
}
