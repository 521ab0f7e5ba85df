//! End-to-end tests of the `zcrypto` binary: every test runs the real executable.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use zcrypto::Algorithm;

/// The outcome of one run of the binary.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn from_output(out: Output) -> Run {
        Run {
            // A signal (e.g. an abort) has no code; -1 fails every status assertion.
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).trim_end().to_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).trim_end().to_owned(),
        }
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

fn zcrypto_with_stdin(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zcrypto"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn zcrypto");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    Run::from_output(child.wait_with_output().expect("wait for zcrypto"))
}

fn zcrypto(args: &[&str]) -> Run {
    zcrypto_with_stdin(args, b"")
}

/// Runs a command that must succeed and returns its stdout.
fn ok(args: &[&str]) -> String {
    let r = zcrypto(args);
    assert_eq!(r.code, 0, "zcrypto {args:?} failed: {}", r.stderr);
    r.stdout
}

/// Runs a command that must succeed and returns its JSON output.
fn ok_json(args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    let r = zcrypto(&args);
    assert_eq!(r.code, 0, "zcrypto {args:?} failed: {}", r.stderr);
    r.json()
}

/// A string field of a JSON object.
fn field<'a>(v: &'a Value, name: &str) -> &'a str {
    v[name]
        .as_str()
        .unwrap_or_else(|| panic!("no string {name:?} in {v}"))
}

/// Asserts exit status 2 with a one-line `error: ...` naming `arg`.
fn assert_usage_error(args: &[&str], arg: &str) {
    let r = zcrypto(args);
    assert_eq!(r.code, 2, "zcrypto {args:?}: {}", r.stderr);
    assert!(r.stdout.is_empty(), "zcrypto {args:?} printed {}", r.stdout);
    assert_eq!(r.stderr.lines().count(), 1, "not one line: {}", r.stderr);
    assert!(
        r.stderr.starts_with("error: ") && r.stderr.contains(arg),
        "zcrypto {args:?}: {:?} does not name {arg}",
        r.stderr
    );
}

/// A file in the temp directory, unique to this process and test.
fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("zcrypto-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).expect("write temp file");
    path
}

fn path_str(p: &std::path::Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

#[test]
fn hash_of_a_file_and_of_stdin() {
    let abc = temp_file("abc", b"abc");
    assert_eq!(
        ok(&["hash", "sha256", path_str(&abc)]),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    // FIPS 180-4: one million 'a', which spans many 64 KiB chunks.
    let million = temp_file("million", &vec![b'a'; 1_000_000]);
    assert_eq!(
        ok(&["hash", "sha256", path_str(&million)]),
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    );
    let _ = std::fs::remove_file(abc);
    let _ = std::fs::remove_file(million);

    let stdin = zcrypto_with_stdin(&["hash", "sha3-256", "-"], b"abc");
    assert_eq!(stdin.code, 0);
    assert_eq!(
        stdin.stdout,
        "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"
    );
    let no_file = zcrypto_with_stdin(&["hash", "blake2s-256"], b"abc");
    assert_eq!(
        no_file.stdout,
        "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982"
    );
    assert_eq!(
        ok(&["hash", "keccak256"]),
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    );
    let json = ok_json(&["hash", "blake3"]);
    assert_eq!(field(&json, "alg"), "blake3");
    assert_eq!(
        field(&json, "digest"),
        "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"
    );
}

// RFC 4231 test case 2.
const JEFE: &str = "4a656665";
const JEFE_DATA: &[u8] = b"what do ya want for nothing?";
const JEFE_TAG: &str = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

#[test]
fn hmac_tag_and_verify() {
    let r = zcrypto_with_stdin(&["hmac", "hmac-sha256", "--key", JEFE], JEFE_DATA);
    assert_eq!((r.code, r.stdout.as_str()), (0, JEFE_TAG));

    let valid = zcrypto_with_stdin(
        &["hmac", "hmac-sha256", "--key", JEFE, "--verify", JEFE_TAG],
        JEFE_DATA,
    );
    assert_eq!((valid.code, valid.stdout.as_str()), (0, "valid"));

    let mut wrong = JEFE_TAG.to_owned();
    wrong.replace_range(0..2, "00");
    let invalid = zcrypto_with_stdin(
        &["hmac", "hmac-sha256", "--key", JEFE, "--verify", &wrong],
        JEFE_DATA,
    );
    assert_eq!((invalid.code, invalid.stdout.as_str()), (1, "invalid"));

    let file = temp_file("jefe", JEFE_DATA);
    let json = ok_json(&[
        "hmac",
        "hmac-sha256",
        "--key",
        JEFE,
        "--verify",
        JEFE_TAG,
        path_str(&file),
    ]);
    assert_eq!(json["valid"], Value::Bool(true));
    let _ = std::fs::remove_file(file);
}

const RFC5869_IKM: &str = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
const RFC5869_SALT: &str = "000102030405060708090a0b0c";
const RFC5869_INFO: &str = "f0f1f2f3f4f5f6f7f8f9";

#[test]
fn hkdf_rfc5869_test_case_1() {
    let okm = ok(&[
        "hkdf",
        "hkdf-sha256",
        "--ikm",
        RFC5869_IKM,
        "--salt",
        RFC5869_SALT,
        "--info",
        RFC5869_INFO,
        "--len",
        "42",
    ]);
    assert_eq!(
        okm,
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
    );
}

#[test]
fn hkdf_expand_label_rfc9001() {
    const SECRET: &str = "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea";
    for (label, len, expected) in [
        ("quic key", "16", "1f369613dd76d5467730efcbe3b1a22d"),
        ("quic iv", "12", "fa044b2f42a3fd3b46fb255c"),
        ("quic hp", "16", "9f50449e04a0e810283a1e9933adedd2"),
    ] {
        let args = [
            "hkdf",
            "hkdf-sha256",
            "--secret",
            SECRET,
            "--label",
            label,
            "--len",
            len,
        ];
        assert_eq!(ok(&args), expected, "{label}");
    }
}

/// (algorithm, key, nonce) for each AEAD.
const AEADS: [(&str, &str, &str); 4] = [
    (
        "aes-128-gcm",
        "000102030405060708090a0b0c0d0e0f",
        "000000000000000000000001",
    ),
    (
        "aes-256-gcm",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "000000000000000000000002",
    ),
    (
        "chacha20-poly1305",
        "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
        "070000004041424344454647",
    ),
    (
        "xchacha20-poly1305",
        "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
        "404142434445464748494a4b4c4d4e4f5051525354555657",
    ),
];

fn aead(op: &str, alg: &str, key: &str, nonce: &str, aad: &str, input: &[&str]) -> Run {
    let mut args = vec![
        "aead", op, alg, "--key", key, "--nonce", nonce, "--aad", aad,
    ];
    args.extend_from_slice(input);
    zcrypto(&args)
}

#[test]
fn aead_round_trip_and_tampering() {
    let msg = "68656c6c6f2c20776f726c64"; // "hello, world"
    for (alg, key, nonce) in AEADS {
        let sealed = aead("seal", alg, key, nonce, "0102", &["--msg", msg]);
        assert_eq!(sealed.code, 0, "{alg}: {}", sealed.stderr);
        assert_eq!(sealed.stdout.len(), msg.len() + 32, "{alg}: tag appended");

        let opened = aead("open", alg, key, nonce, "0102", &["--msg", &sealed.stdout]);
        assert_eq!((opened.code, opened.stdout.as_str()), (0, msg), "{alg}");

        let raw = hex::decode(&sealed.stdout).expect("hex output");
        let file = temp_file(&format!("{alg}.sealed"), &raw);
        let from_file = aead("open", alg, key, nonce, "0102", &["--in", path_str(&file)]);
        assert_eq!(from_file.stdout, msg, "{alg}: --in");
        let _ = std::fs::remove_file(file);

        let mut tampered = raw.clone();
        tampered[0] ^= 0x80;
        let bad = aead(
            "open",
            alg,
            key,
            nonce,
            "0102",
            &["--msg", &hex::encode(&tampered)],
        );
        assert_eq!(bad.code, 1, "{alg}: tampered ciphertext must fail");
        assert!(bad.stdout.is_empty(), "{alg}: released {}", bad.stdout);
        assert!(bad.stderr.contains("decryption failed"), "{}", bad.stderr);

        let wrong_aad = aead("open", alg, key, nonce, "0103", &["--msg", &sealed.stdout]);
        assert_eq!(wrong_aad.code, 1, "{alg}: wrong AAD must fail");
    }
}

#[test]
fn aead_rfc8439_known_answer_and_empty_message() {
    // RFC 8439 §2.8.2.
    let plaintext = hex::encode(
        "Ladies and Gentlemen of the class of '99: If I could offer you only one tip \
         for the future, sunscreen would be it.",
    );
    let (alg, key, nonce) = AEADS[2];
    let sealed = aead(
        "seal",
        alg,
        key,
        nonce,
        "50515253c0c1c2c3c4c5c6c7",
        &["--msg", &plaintext],
    );
    assert!(
        sealed
            .stdout
            .starts_with("d31a8d34648e60db7b86afbc53ef7ec2")
    );
    assert!(sealed.stdout.ends_with("1ae10b594f09e26a7e902ecbd0600691"));

    let empty = aead("seal", alg, key, nonce, "", &["--msg", ""]);
    assert_eq!((empty.code, empty.stdout.len()), (0, 32), "tag only");
}

const KEMS: [(&str, usize, usize, usize, usize); 4] = [
    // (algorithm, secret key, public key, ciphertext, shared secret) lengths
    ("ml-kem-512", 1632, 800, 768, 32),
    ("ml-kem-768", 2400, 1184, 1088, 32),
    ("ml-kem-1024", 3168, 1568, 1568, 32),
    ("x25519-mlkem768", 96, 1216, 1120, 64),
];

fn hex_len(v: &Value, name: &str) -> usize {
    field(v, name).len() / 2
}

#[test]
fn kem_keygen_json_has_exactly_three_keys() {
    for (alg, sk_len, pk_len, _, _) in KEMS {
        let json = ok_json(&["kem", "keygen", alg]);
        let mut keys: Vec<&str> = json
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["alg", "public_key", "secret_key"], "{alg}");
        assert_eq!(field(&json, "alg"), alg);
        assert_eq!(hex_len(&json, "secret_key"), sk_len, "{alg}");
        assert_eq!(hex_len(&json, "public_key"), pk_len, "{alg}");
    }
}

#[test]
fn kem_keygen_with_seed_is_deterministic() {
    let seed64: String = (0u8..64).map(|b| format!("{b:02x}")).collect();
    let seed96: String = (0u8..96).map(|b| format!("{b:02x}")).collect();
    for (alg, _, _, _, _) in KEMS {
        let seed = if alg == "x25519-mlkem768" {
            &seed96
        } else {
            &seed64
        };
        let first = ok(&["kem", "keygen", alg, "--seed", seed]);
        assert_eq!(first, ok(&["kem", "keygen", alg, "--seed", seed]), "{alg}");
        assert_ne!(first, ok(&["kem", "keygen", alg]), "{alg}: random keygen");
    }
    // Seed 00..3f: the public key hashes to the self test's (libcrux-computed) value.
    let json = ok_json(&["kem", "keygen", "ml-kem-768", "--seed", &seed64]);
    let pk = hex::decode(field(&json, "public_key")).expect("hex");
    assert_eq!(
        hex::encode(zcrypto::hash::sha3_256(&pk)),
        "a24e16d8f8f9383a95b77050f4d9fd2f5733eec1d63ef3c23ebf9918173669a7"
    );
    // The hybrid secret is the seed itself and the share starts with the same ek.
    let hybrid = ok_json(&["kem", "keygen", "x25519-mlkem768", "--seed", &seed96]);
    assert_eq!(field(&hybrid, "secret_key"), seed96);
    let hybrid_with_mlkem_seed = format!("{seed64}{}", &seed96[128..]);
    let hybrid2 = ok_json(&[
        "kem",
        "keygen",
        "x25519-mlkem768",
        "--seed",
        &hybrid_with_mlkem_seed,
    ]);
    assert!(field(&hybrid2, "public_key").starts_with(field(&json, "public_key")));
}

#[test]
fn kem_encaps_decaps_round_trip_for_every_kem() {
    for (alg, _, _, ct_len, ss_len) in KEMS {
        let keys = ok_json(&["kem", "keygen", alg]);
        let enc = ok_json(&["kem", "encaps", alg, "--pk", field(&keys, "public_key")]);
        assert_eq!(hex_len(&enc, "ciphertext"), ct_len, "{alg}");
        assert_eq!(hex_len(&enc, "shared_secret"), ss_len, "{alg}");
        let dec = ok_json(&[
            "kem",
            "decaps",
            alg,
            "--sk",
            field(&keys, "secret_key"),
            "--ct",
            field(&enc, "ciphertext"),
        ]);
        assert_eq!(
            field(&dec, "shared_secret"),
            field(&enc, "shared_secret"),
            "{alg}"
        );
        // Text mode: `name: hex` lines for several fields, bare hex for one.
        let text = ok(&["kem", "encaps", alg, "--pk", field(&keys, "public_key")]);
        assert!(text.starts_with("ciphertext: ") && text.contains("\nshared_secret: "));
        let ss = ok(&[
            "kem",
            "decaps",
            alg,
            "--sk",
            field(&keys, "secret_key"),
            "--ct",
            field(&enc, "ciphertext"),
        ]);
        assert_eq!(ss, field(&enc, "shared_secret"));
    }
}

#[test]
fn selftest_passes() {
    let r = zcrypto(&["selftest"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.lines().last().unwrap_or("").starts_with("PASS"));
    let json = ok_json(&["selftest"]);
    assert_eq!(json["failed"], 0);
    let results = json["results"].as_array().expect("results");
    for &alg in Algorithm::ALL {
        assert!(
            results.iter().any(|r| r["algorithm"] == alg.name()),
            "{alg} not self-tested"
        );
    }
}

#[test]
fn list_names_every_algorithm() {
    let text = ok(&["list"]);
    let json = ok_json(&["list"]);
    let entries = json.as_array().expect("array");
    assert_eq!(entries.len(), Algorithm::ALL.len());
    for &alg in Algorithm::ALL {
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().next() == Some(alg.name())),
            "{alg} missing from `zcrypto list`"
        );
        let entry = entries
            .iter()
            .find(|e| e["name"] == alg.name())
            .unwrap_or_else(|| panic!("{alg} missing from `zcrypto list --json`"));
        assert!(entry["backends"].as_array().is_some_and(|b| !b.is_empty()));
    }
}

#[test]
fn usage_errors_exit_2_and_name_the_argument() {
    let (alg, key, nonce) = AEADS[0];
    assert_usage_error(&["hash", "md5"], "<ALG>");
    assert_usage_error(&["hash", "aes-128-gcm"], "<ALG>");
    assert_usage_error(&["kem", "keygen", "sha256"], "<ALG>");
    assert_usage_error(&["hash", "sha256", "/nonexistent/zcrypto-input"], "<FILE>");
    assert_usage_error(&["hmac", "hmac-sha256", "--key", "zz"], "--key");
    assert_usage_error(&["hmac", "hmac-sha256", "--key", "abc"], "--key");
    assert_usage_error(
        &["hmac", "hmac-sha256", "--key", "00", "--verify", "0011"],
        "--verify",
    );
    let short_key = &key[..30];
    let r = zcrypto(&[
        "aead", "seal", alg, "--key", short_key, "--nonce", nonce, "--msg", "",
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: --key: invalid length: expected 16 bytes, got 15"
    );
    assert_usage_error(
        &[
            "aead", "seal", alg, "--key", key, "--nonce", "00", "--msg", "",
        ],
        "--nonce",
    );
    assert_usage_error(
        &[
            "aead", "seal", alg, "--key", key, "--nonce", nonce, "--msg", "xy",
        ],
        "--msg",
    );
    assert_usage_error(
        &[
            "aead",
            "open",
            alg,
            "--key",
            key,
            "--nonce",
            nonce,
            "--in",
            "/nonexistent/x",
        ],
        "--in",
    );
    assert_usage_error(
        &[
            "aead", "open", alg, "--key", key, "--nonce", nonce, "--msg", "0011",
        ],
        "--msg",
    );
    assert_usage_error(
        &["hkdf", "hkdf-sha256", "--ikm", "00", "--len", "9000"],
        "--len",
    );
    assert_usage_error(
        &[
            "hkdf",
            "hkdf-sha256",
            "--secret",
            "00",
            "--label",
            "x",
            "--len",
            "1",
        ],
        "--secret",
    );
    assert_usage_error(&["kem", "keygen", "ml-kem-768", "--seed", "00"], "--seed");
    assert_usage_error(&["kem", "encaps", "ml-kem-768", "--pk", "00"], "--pk");
    let not_a_key = "ff".repeat(1184);
    assert_usage_error(&["kem", "encaps", "ml-kem-768", "--pk", &not_a_key], "--pk");
    assert_usage_error(
        &["kem", "decaps", "ml-kem-512", "--sk", "00", "--ct", "00"],
        "--sk",
    );
    let hybrid_sk = "01".repeat(96);
    let low_order = "00".repeat(1120);
    assert_usage_error(
        &[
            "kem",
            "decaps",
            "x25519-mlkem768",
            "--sk",
            &hybrid_sk,
            "--ct",
            &low_order,
        ],
        "--ct",
    );

    // clap's own usage errors also exit 2 and name the argument.
    let missing = zcrypto(&["hmac", "hmac-sha256"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("--key"), "{}", missing.stderr);
    let both = zcrypto(&[
        "aead", "seal", alg, "--key", key, "--nonce", nonce, "--msg", "", "--in", "x",
    ]);
    assert_eq!(both.code, 2);
    assert_eq!(zcrypto(&["frobnicate"]).code, 2);
}

#[test]
fn help_and_version() {
    for cmd in [
        &["--help"][..],
        &["hash", "--help"],
        &["hmac", "--help"],
        &["hkdf", "--help"],
        &["aead", "seal", "--help"],
        &["aead", "open", "--help"],
        &["kem", "keygen", "--help"],
        &["kem", "encaps", "--help"],
        &["kem", "decaps", "--help"],
        &["selftest", "--help"],
        &["list", "--help"],
    ] {
        let r = zcrypto(cmd);
        assert_eq!(r.code, 0, "zcrypto {cmd:?}: {}", r.stderr);
        assert!(
            r.stdout.contains("Example"),
            "zcrypto {cmd:?} has no example"
        );
    }
    assert!(ok(&["kem", "keygen", "--help"]).contains("96 bytes"));
    assert_eq!(ok(&["--version"]), format!("zcrypto {}", zcrypto::VERSION));
}

/// Runs a Python snippet if python3 with `cryptography` is available.
fn python(script: &str) -> Option<String> {
    let probe = Command::new("python3")
        .args(["-c", "import cryptography"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipping the Python cross-check: python3 with `cryptography` not available");
        return None;
    }
    let out = Command::new("python3")
        .args(["-c", script])
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

#[test]
fn cross_check_against_python_cryptography() {
    let (alg, key, nonce) = AEADS[1];
    let (aad, msg) = ("a0a1a2", "000102030405060708090a0b0c0d0e0f1011");
    let ours = aead("seal", alg, key, nonce, aad, &["--msg", msg]).stdout;
    let script = format!(
        "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\
         print(AESGCM(bytes.fromhex('{key}')).encrypt(bytes.fromhex('{nonce}'), \
         bytes.fromhex('{msg}'), bytes.fromhex('{aad}')).hex())"
    );
    let Some(theirs) = python(&script) else {
        return;
    };
    assert_eq!(ours, theirs, "AES-256-GCM");

    let ours = ok(&[
        "hkdf",
        "hkdf-sha384",
        "--ikm",
        RFC5869_IKM,
        "--salt",
        RFC5869_SALT,
        "--info",
        RFC5869_INFO,
        "--len",
        "100",
    ]);
    let script = format!(
        "from cryptography.hazmat.primitives.kdf.hkdf import HKDF\n\
         from cryptography.hazmat.primitives import hashes\n\
         print(HKDF(hashes.SHA384(), 100, bytes.fromhex('{RFC5869_SALT}'), \
         bytes.fromhex('{RFC5869_INFO}')).derive(bytes.fromhex('{RFC5869_IKM}')).hex())"
    );
    assert_eq!(Some(ours), python(&script), "HKDF-SHA-384");

    // ML-KEM-768: pyca/cryptography derives the same public key from our seed and
    // decapsulates our ciphertext to our shared secret.
    let seed: String = (100u8..164).map(|b| format!("{b:02x}")).collect();
    let keys = ok_json(&["kem", "keygen", "ml-kem-768", "--seed", &seed]);
    let enc = ok_json(&[
        "kem",
        "encaps",
        "ml-kem-768",
        "--pk",
        field(&keys, "public_key"),
    ]);
    let script = format!(
        "from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey\n\
         sk = MLKEM768PrivateKey.from_seed_bytes(bytes.fromhex('{seed}'))\n\
         print(sk.public_key().public_bytes_raw().hex())\n\
         print(sk.decapsulate(bytes.fromhex('{}')).hex())",
        field(&enc, "ciphertext")
    );
    let expected = format!(
        "{}\n{}",
        field(&keys, "public_key"),
        field(&enc, "shared_secret")
    );
    assert_eq!(python(&script), Some(expected), "ML-KEM-768");
}

// ---------------------------------------------------------------------------------------
// keygen / sign / verify

const SIG_ALGS: [&str; 8] = [
    "bls12-381",
    "ed25519-ml-dsa-65",
    "ed25519",
    "ecdsa-secp256k1",
    "bip340",
    "ml-dsa-44",
    "ml-dsa-65",
    "ml-dsa-87",
];

/// Flips the lowest bit of the first byte of a hex string.
fn flip_first_bit(hex: &str) -> String {
    let first = u8::from_str_radix(&hex[..2], 16).unwrap() ^ 1;
    format!("{first:02x}{}", &hex[2..])
}

#[test]
fn sig_round_trip_every_algorithm() {
    for alg in SIG_ALGS {
        let keys = ok_json(&["keygen", alg]);
        assert_eq!(field(&keys, "alg"), alg);
        let (sk, pk) = (field(&keys, "secret_key"), field(&keys, "public_key"));
        let sig = ok(&["sign", alg, "--sk", sk, "--msg", "68656c6c6f"]);
        assert_eq!(
            ok(&[
                "verify",
                alg,
                "--pk",
                pk,
                "--sig",
                &sig,
                "--msg",
                "68656c6c6f"
            ]),
            "valid"
        );

        // Wrong message and flipped signature bit: `invalid`, exit 1.
        for (msg, sig) in [
            ("68656c6c6e", sig.clone()),
            ("68656c6c6f", flip_first_bit(&sig)),
        ] {
            let r = zcrypto(&["verify", alg, "--pk", pk, "--sig", &sig, "--msg", msg]);
            assert_eq!(
                (r.code, r.stdout.as_str()),
                (1, "invalid"),
                "{alg}: {}",
                r.stderr
            );
        }
        // Another key: `invalid`.
        let other = ok_json(&["keygen", alg]);
        let r = zcrypto(&[
            "verify",
            alg,
            "--pk",
            field(&other, "public_key"),
            "--sig",
            &sig,
            "--msg",
            "68656c6c6f",
        ]);
        assert_eq!(r.code, 1, "{alg}: {}", r.stderr);

        // The message can come from a file.
        let path = temp_file(&format!("sig-{alg}"), b"hello");
        let path = path.to_str().unwrap();
        let sig = ok(&["sign", alg, "--sk", sk, "--in", path]);
        assert_eq!(
            ok(&["verify", alg, "--pk", pk, "--sig", &sig, "--in", path]),
            "valid"
        );
        assert_eq!(
            ok(&[
                "verify",
                alg,
                "--pk",
                pk,
                "--sig",
                &sig,
                "--msg",
                "68656c6c6f"
            ]),
            "valid"
        );
    }
}

#[test]
fn sig_known_answers_through_the_cli() {
    // RFC 8032 §7.1 TEST 2.
    let sk = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    let keys = ok_json(&["keygen", "ed25519", "--seed", sk]);
    assert_eq!(
        field(&keys, "public_key"),
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
    );
    assert_eq!(field(&keys, "secret_key"), sk);
    assert_eq!(
        ok(&["sign", "ed25519", "--sk", sk, "--msg", "72"]),
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
         085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
    );
    // BIP-340 test vector row 1 (verify only: the CLI signs with fresh aux_rand).
    assert_eq!(
        ok(&[
            "verify",
            "bip340",
            "--pk",
            "dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba659",
            "--sig",
            "6896bd60eeae296db48a229ff71dfe071bde413e6d43f917dc8dcf8c78de33418906d11ac976abccb20b091292bff4ea897efcb639ea871cfa95f6de339e4b0a",
            "--msg",
            "243f6a8885a308d313198a2e03707344a4093822299f31d0082efa98ec4e6c89",
        ]),
        "valid"
    );
    // ML-DSA-65 with a context: keygen from the first NIST ACVP keyGen seed of the set.
    let keys = ok_json(&[
        "keygen",
        "ml-dsa-65",
        "--seed",
        "a991fd42b071d49c48ae3e75c647459e0daad1e1ba356a04801912d3294bcff8",
    ]);
    let pk = zcrypto::encoding::from_hex(field(&keys, "public_key")).unwrap();
    assert_eq!(
        zcrypto::encoding::to_hex(&zcrypto::hash::sha3_256(&pk)),
        "0083e4d4f562780dd5ef685c88db5afcdac44d1b4be5e4253d0de771100316f3"
    );
    let sig = ok(&[
        "sign",
        "ml-dsa-65",
        "--sk",
        field(&keys, "secret_key"),
        "--msg",
        "00",
        "--ctx",
        "0102",
    ]);
    let pk = field(&keys, "public_key");
    assert_eq!(
        ok(&[
            "verify",
            "ml-dsa-65",
            "--pk",
            pk,
            "--sig",
            &sig,
            "--msg",
            "00",
            "--ctx",
            "0102"
        ]),
        "valid"
    );
    let r = zcrypto(&[
        "verify",
        "ml-dsa-65",
        "--pk",
        pk,
        "--sig",
        &sig,
        "--msg",
        "00",
        "--ctx",
        "0103",
    ]);
    assert_eq!(r.code, 1, "wrong context must not verify");
}

#[test]
fn sig_cli_signature_verifies_in_python_cryptography() {
    let sk = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    let pk = field(&ok_json(&["keygen", "ed25519", "--seed", sk]), "public_key").to_owned();
    let sig = ok(&["sign", "ed25519", "--sk", sk, "--msg", "7a63727970746f"]);
    let script = format!(
        "from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey as P\n\
         P.from_public_bytes(bytes.fromhex('{pk}')).verify(bytes.fromhex('{sig}'), b'zcrypto')\n\
         print('ok')"
    );
    let out = Command::new("python3")
        .args(["-c", &script])
        .output()
        .expect("python3 is required");
    assert!(
        out.status.success(),
        "pyca/cryptography rejected our signature: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sig_usage_errors_name_the_argument() {
    let ed_sk = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    let ed_pk = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    assert_usage_error(&["keygen", "ed25519", "--seed", "00"], "--seed");
    assert_usage_error(&["keygen", "sha256"], "<ALG>");
    assert_usage_error(&["keygen", "rsa-2048"], "<ALG>");
    assert_usage_error(&["sign", "ed25519", "--sk", "00", "--msg", "00"], "--sk");
    assert_usage_error(&["sign", "ed25519", "--sk", "zz", "--msg", "00"], "--sk");
    assert_usage_error(
        &[
            "sign", "ed25519", "--sk", ed_sk, "--msg", "00", "--ctx", "01",
        ],
        "--ctx",
    );
    assert_usage_error(&["sign", "ed25519", "--sk", ed_sk, "--msg", "0"], "--msg");
    assert_usage_error(
        &[
            "sign",
            "ed25519",
            "--sk",
            ed_sk,
            "--in",
            "/nonexistent/zcrypto",
        ],
        "--in",
    );
    assert_usage_error(
        &[
            "verify", "ed25519", "--pk", "00", "--sig", "00", "--msg", "00",
        ],
        "--pk",
    );
    assert_usage_error(
        &[
            "verify", "ed25519", "--pk", ed_pk, "--sig", "00", "--msg", "00",
        ],
        "--sig",
    );
    // secp256k1: a 33-byte string that is not a point.
    let not_a_point = format!("02{}", "ff".repeat(32));
    assert_usage_error(
        &[
            "verify",
            "ecdsa-secp256k1",
            "--pk",
            &not_a_point,
            "--sig",
            &"11".repeat(64),
            "--msg",
            "00",
        ],
        "--pk",
    );
    // Missing message source is clap's usage error: exit 2.
    assert_eq!(zcrypto(&["sign", "ed25519", "--sk", ed_sk]).code, 2);
}

// ---------------------------------------------------------------------------------------
// BLS aggregation and FROST
// ---------------------------------------------------------------------------------------

#[test]
fn bls_aggregate_and_fast_aggregate_verify() {
    let msg = "68656c6c6f";
    let mut pks = Vec::new();
    let mut sigs = Vec::new();
    for _ in 0..3 {
        let keys = ok_json(&["keygen", "bls12-381"]);
        let sig = ok(&[
            "sign",
            "bls12-381",
            "--sk",
            field(&keys, "secret_key"),
            "--msg",
            msg,
        ]);
        pks.push(field(&keys, "public_key").to_owned());
        sigs.push(sig);
    }
    let mut args = vec!["bls", "aggregate"];
    for s in &sigs {
        args.extend(["--sig", s.as_str()]);
    }
    let agg = ok(&args);
    assert_eq!(agg.len(), 192);
    assert_eq!(field(&ok_json(&args), "signature"), agg);

    let mut verify = vec!["bls", "fast-aggregate-verify", "--sig", agg.as_str()];
    for pk in &pks {
        verify.extend(["--pk", pk.as_str()]);
    }
    let with_msg = |m: &str| {
        let mut v = verify.clone();
        v.extend(["--msg", m]);
        zcrypto(&v)
    };
    let r = with_msg(msg);
    assert_eq!((r.code, r.stdout.as_str()), (0, "valid"), "{}", r.stderr);
    // The message from a file.
    let file = temp_file("bls-msg", b"hello");
    let mut v = verify.clone();
    v.extend(["--in", path_str(&file)]);
    assert_eq!(ok(&v), "valid");
    // The wrong message: invalid, exit 1.
    let r = with_msg("68656c6c6e");
    assert_eq!((r.code, r.stdout.as_str()), (1, "invalid"), "{}", r.stderr);
    // One key missing: invalid.
    let r = zcrypto(&[
        "bls",
        "fast-aggregate-verify",
        "--pk",
        &pks[0],
        "--pk",
        &pks[1],
        "--sig",
        &agg,
        "--msg",
        msg,
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // Bad hex: exit 2 naming the argument.
    let mut v = verify.clone();
    v.extend(["--msg", "zz"]);
    assert_usage_error(&v, "--msg");
    assert_usage_error(
        &[
            "bls",
            "fast-aggregate-verify",
            "--pk",
            "abc",
            "--sig",
            &agg,
            "--msg",
            msg,
        ],
        "--pk",
    );
    assert_usage_error(
        &["bls", "aggregate", "--sig", &sigs[0], "--sig", "0g"],
        "--sig",
    );
    assert_usage_error(&["bls", "aggregate", "--sig", &sigs[0][2..]], "--sig");

    // The aggregate key verifies the aggregate signature like any BLS key.
    let mut args = vec!["bls", "aggregate-keys"];
    for pk in &pks {
        args.extend(["--pk", pk.as_str()]);
    }
    let agg_pk = ok(&args);
    assert_eq!(agg_pk.len(), 96);
    assert_eq!(
        ok(&[
            "verify",
            "bls12-381",
            "--pk",
            &agg_pk,
            "--sig",
            &agg,
            "--msg",
            msg
        ]),
        "valid"
    );
}

#[test]
fn bls_aggregate_verify_distinct_messages() {
    let msgs = ["61", "62", "63"];
    let mut pks = Vec::new();
    let mut sigs = Vec::new();
    for m in msgs {
        let keys = ok_json(&["keygen", "bls12-381"]);
        sigs.push(ok(&[
            "sign",
            "bls12-381",
            "--sk",
            field(&keys, "secret_key"),
            "--msg",
            m,
        ]));
        pks.push(field(&keys, "public_key").to_owned());
    }
    let agg = ok(&[
        "bls",
        "aggregate",
        "--sig",
        &sigs[0],
        "--sig",
        &sigs[1],
        "--sig",
        &sigs[2],
    ]);
    let run = |order: [&str; 3]| {
        let mut args = vec!["bls", "aggregate-verify", "--sig", agg.as_str()];
        for (pk, m) in pks.iter().zip(order) {
            args.extend(["--pk", pk.as_str(), "--msg", m]);
        }
        zcrypto(&args)
    };
    let r = run(msgs);
    assert_eq!((r.code, r.stdout.as_str()), (0, "valid"), "{}", r.stderr);
    let r = run(["62", "61", "63"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, "invalid"), "{}", r.stderr);
    // A --msg missing: usage error naming --msg.
    assert_usage_error(
        &[
            "bls",
            "aggregate-verify",
            "--sig",
            &agg,
            "--pk",
            &pks[0],
            "--msg",
            "61",
            "--pk",
            &pks[1],
        ],
        "--msg",
    );
}

#[test]
fn bls_proof_of_possession() {
    let keys = ok_json(&["keygen", "bls12-381"]);
    let (sk, pk) = (field(&keys, "secret_key"), field(&keys, "public_key"));
    let proof = ok(&["bls", "pop-prove", "--sk", sk]);
    assert_eq!(proof.len(), 192);
    assert_eq!(
        field(&ok_json(&["bls", "pop-prove", "--sk", sk]), "proof"),
        proof
    );
    assert_eq!(
        ok(&["bls", "pop-verify", "--pk", pk, "--proof", &proof]),
        "valid"
    );
    // Another key: invalid, exit 1.
    let other = ok_json(&["keygen", "bls12-381"]);
    let r = zcrypto(&[
        "bls",
        "pop-verify",
        "--pk",
        field(&other, "public_key"),
        "--proof",
        &proof,
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (1, "invalid"), "{}", r.stderr);
    // A proof is not a signature over the public key under the message DST.
    let sig = ok(&["sign", "bls12-381", "--sk", sk, "--msg", pk]);
    let r = zcrypto(&["bls", "pop-verify", "--pk", pk, "--proof", &sig]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_usage_error(&["bls", "pop-prove", "--sk", "00"], "--sk");
    assert_usage_error(
        &["bls", "pop-verify", "--pk", pk, "--proof", "0"],
        "--proof",
    );
}

/// A fresh, empty directory in the temp directory, unique to this process and test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zcrypto-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

#[test]
fn frost_two_of_three_through_files() {
    let dir = temp_dir("frost");
    let p = |name: &str| dir.join(name).to_str().expect("UTF-8 temp path").to_owned();
    let msg = "7472616e736665722031303020746f20616c696365";

    let dealt = ok_json(&[
        "frost",
        "dealer",
        "--min",
        "2",
        "--max",
        "3",
        "--out-dir",
        &p("keys"),
    ]);
    let group_key = field(&dealt, "public_key").to_owned();
    assert_eq!(group_key.len(), 64);
    for f in [
        "share-1.json",
        "share-2.json",
        "share-3.json",
        "public.json",
    ] {
        assert!(dir.join("keys").join(f).exists(), "{f} missing");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("keys/share-1.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The dealer never overwrites.
    assert_usage_error(
        &[
            "frost",
            "dealer",
            "--min",
            "2",
            "--max",
            "3",
            "--out-dir",
            &p("keys"),
        ],
        "--out-dir",
    );
    assert_usage_error(
        &[
            "frost",
            "dealer",
            "--min",
            "4",
            "--max",
            "3",
            "--out-dir",
            &p("k2"),
        ],
        "--min",
    );

    // Round 1 for participants 1 and 3.
    for id in ["1", "3"] {
        let c = ok(&[
            "frost",
            "round1",
            "--key",
            &p(&format!("keys/share-{id}.json")),
            "--nonces-out",
            &p(&format!("nonces-{id}.json")),
        ]);
        std::fs::write(dir.join(format!("c{id}.json")), c).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = std::fs::metadata(dir.join(format!("nonces-{id}.json"))).unwrap();
            assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        }
    }
    let round2 = |id: &str| {
        zcrypto(&[
            "frost",
            "round2",
            "--key",
            &p(&format!("keys/share-{id}.json")),
            "--nonces",
            &p(&format!("nonces-{id}.json")),
            "--commitments",
            &p("c1.json"),
            "--commitments",
            &p("c3.json"),
            "--msg",
            msg,
        ])
    };
    for id in ["1", "3"] {
        let r = round2(id);
        assert_eq!(r.code, 0, "round2 {id}: {}", r.stderr);
        std::fs::write(dir.join(format!("s{id}.json")), &r.stdout).unwrap();
        assert!(
            !dir.join(format!("nonces-{id}.json")).exists(),
            "nonces {id} not deleted"
        );
    }
    // The nonces are gone: a second round 2 fails naming --nonces.
    let r = round2("1");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.starts_with("error: --nonces"), "{}", r.stderr);
    assert!(r.stdout.is_empty());

    let aggregate = |share3: &str| {
        zcrypto(&[
            "frost",
            "aggregate",
            "--public",
            &p("keys/public.json"),
            "--commitments",
            &p("c1.json"),
            "--commitments",
            &p("c3.json"),
            "--share",
            &p("s1.json"),
            "--share",
            &p(share3),
            "--msg",
            msg,
        ])
    };
    let r = aggregate("s3.json");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sig = r.stdout;
    assert_eq!(sig.len(), 128);
    assert_eq!(
        ok(&[
            "verify", "ed25519", "--pk", &group_key, "--sig", &sig, "--msg", msg
        ]),
        "valid"
    );

    // Tamper with participant 3's share (flip the low bit of its scalar): exit 1, one
    // line naming participant 3.
    let mut share: Value =
        serde_json::from_slice(&std::fs::read(dir.join("s3.json")).unwrap()).unwrap();
    let z = share["share"]["share"]
        .as_str()
        .expect("share hex")
        .to_owned();
    share["share"]["share"] = Value::from(flip_first_bit(&z));
    std::fs::write(dir.join("bad3.json"), share.to_string()).unwrap();
    let r = aggregate("bad3.json");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("error: --share") && r.stderr.contains("participant 3"),
        "{}",
        r.stderr
    );
    // A share from a signer that did not commit: exit 2 naming --share.
    let r = aggregate("s1.json");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.starts_with("error: --share"), "{}", r.stderr);

    for cmd in ["dealer", "round1", "round2", "aggregate"] {
        let help = ok(&["frost", cmd, "--help"]);
        assert!(
            help.contains("Example"),
            "frost {cmd} --help has no example"
        );
    }
    assert!(ok(&["frost", "round1", "--help"]).contains("SINGLE-USE"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// One JSON line for `zcrypto batch-verify`, signed with `zcrypto sign`.
fn batch_line(alg: &str, seed: &str, msg: &str) -> String {
    let keys = ok_json(&["keygen", alg, "--seed", seed]);
    let sig = ok(&[
        "sign",
        alg,
        "--sk",
        field(&keys, "secret_key"),
        "--msg",
        msg,
    ]);
    serde_json::json!({
        "algorithm": alg,
        "public_key": field(&keys, "public_key"),
        "message": msg,
        "signature": sig,
    })
    .to_string()
}

#[test]
fn batch_verify_names_the_bad_lines() {
    let mut lines = [
        batch_line("ed25519", &"01".repeat(32), "aa"),
        batch_line("bip340", &"02".repeat(32), "bb"),
        String::new(), // blank lines are skipped but keep the numbering
        batch_line("bls12-381", &"03".repeat(32), "cc"),
        batch_line("ml-dsa-44", &"04".repeat(32), "dd"),
    ];
    let good = temp_file("batch-good.jsonl", lines.join("\n").as_bytes());
    let out = ok(&["batch-verify", path_str(&good)]);
    assert_eq!(
        out,
        "1 valid\n2 valid\n4 valid\n5 valid\n4 items: 4 valid, 0 invalid"
    );

    // Line 2 signs "bb"; claim it signed "bc".
    lines[1] = lines[1].replace("\"message\":\"bb\"", "\"message\":\"bc\"");
    let bad = temp_file("batch-bad.jsonl", lines.join("\n").as_bytes());
    let r = zcrypto(&["batch-verify", path_str(&bad)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("2 invalid invalid_signature (code 3)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.ends_with("4 items: 3 valid, 1 invalid"),
        "{}",
        r.stdout
    );
    let r = zcrypto(&["batch-verify", path_str(&bad), "--json", "--rule", "strict"]);
    assert_eq!(r.code, 1);
    let v = r.json();
    assert_eq!(v["invalid"], 1);
    assert_eq!(v["items"][1]["line"], 2);
    assert_eq!(v["items"][1]["code"], 3);
    assert_eq!(v["items"][1]["valid"], false);
    assert_eq!(v["items"][0]["error"], Value::Null);
}

#[test]
fn batch_verify_input_errors_and_limits() {
    let line = batch_line("ed25519", &"05".repeat(32), "00");
    let two = temp_file("batch-two.jsonl", format!("{line}\n{line}\n").as_bytes());
    let r = zcrypto(&["batch-verify", path_str(&two), "--max-items", "1"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("line 2") && r.stderr.contains("limit exceeded"),
        "{}",
        r.stderr
    );
    for (name, body, needle) in [
        ("notjson", "{\"algorithm\": ", "line 1: not JSON"),
        (
            "unknown",
            "{\"algorithm\": \"rot13\"}",
            "unknown algorithm 'rot13'",
        ),
        (
            "hash",
            "{\"algorithm\": \"sha256\"}",
            "not a signature algorithm",
        ),
        (
            "nothex",
            "{\"algorithm\": \"ed25519\", \"public_key\": \"zz\", \"message\": \"\", \"signature\": \"\"}",
            "\"public_key\" is not hex",
        ),
        (
            "missing",
            "{\"algorithm\": \"ed25519\"}",
            "missing \"public_key\"",
        ),
    ] {
        let f = temp_file(&format!("batch-{name}.jsonl"), body.as_bytes());
        let r = zcrypto(&["batch-verify", path_str(&f)]);
        assert_eq!(r.code, 2, "{name}: {}", r.stdout);
        assert!(r.stderr.contains(needle), "{name}: {}", r.stderr);
        assert!(r.stderr.contains("<FILE>"), "{name}: {}", r.stderr);
    }
    assert_usage_error(&["batch-verify", "/nonexistent/zcrypto.jsonl"], "<FILE>");
}

/// Certificate Transparency's eight test leaves (vectors/merkle/rfc9162.json); the empty
/// leaf is written `0x` because blank lines are skipped.
const CT_LEAVES: &str =
    "0x\n00\n10\n2021\n\n3031\n40414243\n5051525354555657\n0x606162636465666768696a6b6c6d6e6f\n";
const CT_ROOT_8: &str = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";

#[test]
fn merkle_root_prove_verify_rfc9162() {
    let leaves = temp_file("merkle-leaves.txt", CT_LEAVES.as_bytes());
    let file = path_str(&leaves);
    assert_eq!(ok(&["merkle", "root", file]), CT_ROOT_8);
    let r = zcrypto_with_stdin(&["merkle", "root", "-"], CT_LEAVES.as_bytes());
    assert_eq!((r.code, r.stdout.as_str()), (0, CT_ROOT_8), "{}", r.stderr);
    let v = ok_json(&["merkle", "root", file]);
    assert_eq!((field(&v, "alg"), field(&v, "root")), ("sha256", CT_ROOT_8));
    assert_eq!(v["tree_size"], 8);
    assert_ne!(ok(&["merkle", "root", "--hash", "blake3", file]), CT_ROOT_8);
    assert_eq!(
        ok(&["merkle", "root", "--hash", "keccak256", file]).len(),
        64
    );

    // Inclusion of leaf 0 in the 8-leaf tree: transparency-dev's published path.
    let proof = ok(&["merkle", "prove", "--index", "0", file]);
    assert_eq!(
        proof,
        concat!(
            "0000000000000000",
            "0000000000000008",
            "03",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"
        )
    );
    let verify = |index: &str, leaf: &str, proof: &str| {
        zcrypto(&[
            "merkle", "verify", "--root", CT_ROOT_8, "--index", index, "--leaf", leaf, "--proof",
            proof,
        ])
    };
    let r = verify("0", "0x", &proof);
    assert_eq!((r.code, r.stdout.as_str()), (0, "valid"), "{}", r.stderr);
    let r = verify("0", "00", &proof);
    assert_eq!((r.code, r.stdout.as_str()), (1, "invalid"), "{}", r.stderr);
    let r = verify("1", "0x", &proof);
    assert_eq!((r.code, r.stdout.as_str()), (1, "invalid"), "{}", r.stderr);
    let r = verify("0", "0x", &flip_first_bit(&proof[34..]));
    assert_eq!(
        r.code, 2,
        "a proof with a bad header is an input error: {}",
        r.stdout
    );

    // A multiproof through a JSON proof file, leaves taken from the leaves file.
    let v = ok_json(&["merkle", "prove", "--index", "6", "--index", "1", file]);
    assert_eq!(field(&v, "root"), CT_ROOT_8);
    assert_eq!(v["indices"], serde_json::json!([1, 6]));
    let proof_file = temp_file("merkle-proof.json", v.to_string().as_bytes());
    let args = |root: &str| {
        zcrypto(&[
            "merkle",
            "verify",
            "--root",
            root,
            "--index",
            "1",
            "--index",
            "6",
            "--proof-file",
            path_str(&proof_file),
            file,
        ])
    };
    let r = args(CT_ROOT_8);
    assert_eq!((r.code, r.stdout.as_str()), (0, "valid"), "{}", r.stderr);
    let r = args(&flip_first_bit(CT_ROOT_8));
    assert_eq!((r.code, r.stdout.as_str()), (1, "invalid"), "{}", r.stderr);
    let r = zcrypto(&[
        "merkle",
        "verify",
        "--json",
        "--root",
        CT_ROOT_8,
        "--index",
        "1",
        "--index",
        "6",
        "--leaf",
        "00",
        "--leaf",
        "5051525354555657",
        "--proof",
        field(&v, "proof"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["valid"], true);

    for cmd in ["root", "prove", "verify"] {
        assert!(
            ok(&["merkle", cmd, "--help"]).contains("Example"),
            "merkle {cmd} --help"
        );
    }
    assert!(ok(&["--help"]).contains("zcrypto merkle"));
    let _ = std::fs::remove_file(leaves);
    let _ = std::fs::remove_file(proof_file);
}

#[test]
fn merkle_ethereum_matches_openzeppelin() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors/merkle/openzeppelin.json");
    let v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let case = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "address-uint256-7")
        .expect("7-leaf case");
    let encoded: Vec<&str> = case["encoded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    let leaves = temp_file("merkle-eth.txt", encoded.join("\n").as_bytes());
    let file = path_str(&leaves);
    let root = field(case, "root");
    assert_eq!(ok(&["merkle", "root", "--ethereum", file]), root);

    let p = ok_json(&["merkle", "prove", "--ethereum", "--index", "2", file]);
    assert_eq!(p["proof"], case["proofs"][2]);
    let proof_hex = ok(&["merkle", "prove", "--ethereum", "--index", "2", file]);
    let verify = |leaf: &str| {
        zcrypto(&[
            "merkle",
            "verify",
            "--ethereum",
            "--root",
            root,
            "--index",
            "2",
            "--leaf",
            leaf,
            "--proof",
            &proof_hex,
        ])
    };
    let r = verify(encoded[2]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "valid"), "{}", r.stderr);
    let r = verify(encoded[3]);
    assert_eq!((r.code, r.stdout.as_str()), (1, "invalid"), "{}", r.stderr);

    // Multiproof: the same leaves, proof and flags as getMultiProof([0, 6]).
    let mp = case["multiproofs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["indices"] == serde_json::json!([0, 6]))
        .expect("multiproof [0, 6]");
    let got = ok_json(&[
        "merkle",
        "prove",
        "--ethereum",
        "--index",
        "0",
        "--index",
        "6",
        file,
    ]);
    assert_eq!(got["leaves"], mp["leaves"]);
    assert_eq!(got["proof"], mp["proof"]);
    assert_eq!(got["proofFlags"], mp["proofFlags"]);
    let hex_proof = ok(&[
        "merkle",
        "prove",
        "--ethereum",
        "--index",
        "0",
        "--index",
        "6",
        file,
    ]);
    for (proof_args, want) in [
        (vec!["--proof", hex_proof.as_str()], 0),
        (vec!["--proof", &flip_first_bit(&hex_proof[..])], 2), // flag count 2^24: input error
    ] {
        let mut args = vec![
            "merkle",
            "verify",
            "--ethereum",
            "--root",
            root,
            "--index",
            "0",
            "--index",
            "6",
        ];
        args.extend(proof_args);
        args.push(file);
        let r = zcrypto(&args);
        assert_eq!(r.code, want, "{} {}", r.stdout, r.stderr);
    }
    let json_file = temp_file("merkle-eth-proof.json", got.to_string().as_bytes());
    let r = zcrypto(&[
        "merkle",
        "verify",
        "--ethereum",
        "--hash",
        "keccak256",
        "--root",
        root,
        "--index",
        "6",
        "--index",
        "0",
        "--leaf",
        encoded[6],
        "--leaf",
        encoded[0],
        "--proof-file",
        path_str(&json_file),
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "valid"), "{}", r.stderr);
    let _ = std::fs::remove_file(leaves);
    let _ = std::fs::remove_file(json_file);
}

#[test]
fn merkle_bad_inputs_exit_2() {
    let leaves = temp_file("merkle-bad.txt", b"00\nzz\n");
    assert_usage_error(&["merkle", "root", path_str(&leaves)], "<FILE>");
    let good = temp_file("merkle-good.txt", b"00\n01\n02\n");
    let file = path_str(&good);
    assert_usage_error(&["merkle", "prove", "--index", "3", file], "--index");
    assert_usage_error(
        &["merkle", "root", "--ethereum", "--hash", "sha256", file],
        "--hash",
    );
    let r = zcrypto(&["merkle", "root", "--hash", "md5", file]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--hash"), "{}", r.stderr);
    assert_usage_error(
        &[
            "merkle",
            "root",
            "--ethereum",
            path_str(&temp_file("merkle-empty.txt", b"\n")),
        ],
        "<FILE>",
    );
    let root = ok(&["merkle", "root", file]);
    let proof = ok(&["merkle", "prove", "--index", "1", file]);
    let verify = |proof: &str| {
        zcrypto(&[
            "merkle", "verify", "--root", &root, "--index", "1", "--leaf", "01", "--proof", proof,
        ])
    };
    assert_eq!(verify(&proof).code, 0);
    for bad in [
        &proof[..proof.len() - 2],
        &proof[..20],
        "",
        "xyz",
        &format!("{proof}00"),
    ] {
        let r = verify(bad);
        assert_eq!(r.code, 2, "proof {bad:?}: {}", r.stdout);
        assert!(r.stderr.starts_with("error: --proof"), "{}", r.stderr);
    }
    assert_usage_error(
        &[
            "merkle", "verify", "--root", "00", "--index", "1", "--leaf", "01", "--proof", &proof,
        ],
        "--root",
    );
    assert_usage_error(
        &[
            "merkle", "verify", "--root", &root, "--index", "1", "--leaf", "01", "--leaf", "02",
            "--proof", &proof,
        ],
        "--leaf",
    );
    for p in [leaves, good] {
        let _ = std::fs::remove_file(p);
    }
}

#[test]
fn profile_reports_every_suite() {
    let v = ok_json(&["profile", "--budget-ms", "1", "--packet", "1200"]);
    assert_eq!(v["packet_bytes"], 1200);
    assert!(v["cores"].as_u64().unwrap() >= 1);
    let suites = v["suites"].as_array().unwrap();
    let names: Vec<&str> = suites.iter().map(|s| field(s, "suite")).collect();
    assert_eq!(names, ["aes-128-gcm", "aes-256-gcm", "chacha20-poly1305"]);
    for s in suites {
        for dir in ["seal", "open"] {
            let m = &s[dir];
            assert!(m["per_byte_ns"].as_f64().unwrap() > 0.0, "{s}");
            let one = m["max_rate_bytes_per_sec_1_core"].as_f64().unwrap();
            let all = m["max_rate_bytes_per_sec_all_cores"].as_f64().unwrap();
            assert!(one > 0.0 && all >= one, "{s}");
        }
    }
    assert!(names.contains(&field(&v, "best_suite")));
    if cfg!(target_arch = "x86_64") {
        assert!(v["hardware"]["aes-ni"].is_boolean());
    }
    let text = ok(&["profile", "--budget-ms", "1"]);
    assert!(text.contains("best suite for 1350-byte packets"), "{text}");
    assert_usage_error(&["profile", "--budget-ms", "0"], "--budget-ms");
}

/// `zcrypto zk verify groth16` on the snarkjs fixtures of both curves, JSON and binary
/// forms, a wrong statement, and malformed files.
#[test]
fn zk_groth16_verify_and_encode() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../vectors/zk/groth16");
    for (curve, name) in [("bn128", "bn128"), ("bls12381", "bls12381")] {
        let vk = format!("{dir}/{curve}/verification_key.json");
        let proof = format!("{dir}/{curve}/proof.json");
        let public = format!("{dir}/{curve}/public.json");
        let args = [
            "zk", "verify", "groth16", "--vk", &vk, "--proof", &proof, "--public", &public,
        ];
        assert_eq!(ok(&args), "valid");
        let v = ok_json(&args);
        assert_eq!(
            (v["curve"].as_str(), v["valid"].as_bool()),
            (Some(name), Some(true))
        );
        assert_eq!(v["public_inputs"], 2);

        // The binary encodings verify the same way.
        let enc = ok_json(&[
            "zk", "encode", "groth16", "--vk", &vk, "--proof", &proof, "--public", &public,
        ]);
        let unhex = |s: &str| hex::decode(s).unwrap();
        let vk_bin = temp_file(&format!("{curve}-vk.bin"), &unhex(field(&enc, "vk")));
        let proof_bin = temp_file(&format!("{curve}-proof.bin"), &unhex(field(&enc, "proof")));
        assert_eq!(field(&enc, "public_inputs").len(), 2 * 64);
        let bin_args = [
            "zk",
            "verify",
            "groth16",
            "--vk",
            path_str(&vk_bin),
            "--proof",
            path_str(&proof_bin),
            "--public",
            &public,
        ];
        assert_eq!(ok(&bin_args), "valid");

        // Another statement: invalid, exit 1.
        let wrong = temp_file(&format!("{curve}-wrong.json"), br#"["39", "5"]"#);
        let r = zcrypto(&[
            "zk",
            "verify",
            "groth16",
            "--vk",
            &vk,
            "--proof",
            &proof,
            "--public",
            path_str(&wrong),
        ]);
        assert_eq!((r.code, r.stdout.as_str()), (1, "invalid"));

        // Malformed inputs: exit 2 naming the argument.
        let one = temp_file(&format!("{curve}-one.json"), br#"["38"]"#);
        assert_usage_error(
            &[
                "zk",
                "verify",
                "groth16",
                "--vk",
                &vk,
                "--proof",
                &proof,
                "--public",
                path_str(&one),
            ],
            "--public",
        );
        assert_usage_error(
            &[
                "zk", "verify", "groth16", "--vk", &proof, "--proof", &proof, "--public", &public,
            ],
            "--vk",
        );
        let mut bad = unhex(field(&enc, "proof"));
        bad[5] ^= 1;
        let bad = temp_file(&format!("{curve}-bad-proof.bin"), &bad);
        let r = zcrypto(&[
            "zk",
            "verify",
            "groth16",
            "--vk",
            &vk,
            "--proof",
            path_str(&bad),
            "--public",
            &public,
        ]);
        assert!(
            r.code == 1 || (r.code == 2 && r.stderr.contains("--proof")),
            "{}",
            r.stderr
        );
    }
    // A BN254 proof against a BLS12-381 key.
    assert_usage_error(
        &[
            "zk",
            "verify",
            "groth16",
            "--vk",
            &format!("{dir}/bls12381/verification_key.json"),
            "--proof",
            &format!("{dir}/bn128/proof.json"),
            "--public",
            &format!("{dir}/bn128/public.json"),
        ],
        "--proof",
    );
}

/// `zcrypto zk prove/verify bulletproof`: an aggregated proof verifies against its
/// commitments, not under another range or with the commitments swapped; chosen
/// blindings reproduce the commitments; out-of-range values and bad hex are usage errors.
#[test]
fn zk_bulletproof_prove_and_verify() {
    let out = ok_json(&[
        "zk",
        "prove",
        "bulletproof",
        "--bits",
        "16",
        "--value",
        "65535",
        "--value",
        "0",
    ]);
    let proof = field(&out, "proof").to_owned();
    let commitments: Vec<String> = out["commitments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    let blindings: Vec<String> = out["blindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!((commitments.len(), blindings.len()), (2, 2));
    let verify = |bits: &str, c: &[&String]| {
        let mut args = vec![
            "zk",
            "verify",
            "bulletproof",
            "--bits",
            bits,
            "--proof",
            &proof,
        ];
        for c in c {
            args.extend(["--commitment", c.as_str()]);
        }
        zcrypto(&args)
    };
    let r = verify("16", &[&commitments[0], &commitments[1]]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "valid"), "{}", r.stderr);
    let r = verify("16", &[&commitments[1], &commitments[0]]);
    assert_eq!((r.code, r.stdout.as_str()), (1, "invalid"));
    let r = verify("32", &[&commitments[0], &commitments[1]]);
    assert_eq!((r.code, r.stdout.as_str()), (1, "invalid"));

    // The same blindings give the same commitments (the proof itself is randomised).
    let again = ok_json(&[
        "zk",
        "prove",
        "bulletproof",
        "--bits",
        "16",
        "--value",
        "65535",
        "--value",
        "0",
        "--blinding",
        &blindings[0],
        "--blinding",
        &blindings[1],
    ]);
    assert_eq!(again["commitments"], out["commitments"]);
    assert!(
        again.get("blindings").is_none(),
        "chosen blindings are not echoed"
    );

    assert_usage_error(
        &[
            "zk",
            "prove",
            "bulletproof",
            "--bits",
            "16",
            "--value",
            "65536",
        ],
        "--value",
    );
    assert_usage_error(
        &["zk", "prove", "bulletproof", "--bits", "12", "--value", "1"],
        "--bits",
    );
    assert_usage_error(
        &[
            "zk",
            "prove",
            "bulletproof",
            "--value",
            "1",
            "--value",
            "2",
            "--value",
            "3",
        ],
        "--value",
    );
    assert_usage_error(
        &[
            "zk",
            "verify",
            "bulletproof",
            "--proof",
            "00",
            "--commitment",
            &commitments[0],
        ],
        "--proof",
    );
    assert_usage_error(
        &[
            "zk",
            "verify",
            "bulletproof",
            "--proof",
            &proof,
            "--commitment",
            "abcd",
        ],
        "--commitment",
    );
}

/// `zcrypto zk prove/verify halo2`: a range proof and a membership proof verify, also
/// against the expected circuit and public input; another expected commitment, root or
/// circuit is `invalid`; a flipped proof bit is `invalid`; out-of-range values, unknown
/// circuits, bad depths and indices and malformed encodings are usage errors.
#[cfg(feature = "halo2")]
#[test]
fn zk_halo2_prove_and_verify() {
    let out = ok_json(&[
        "zk", "prove", "halo2", "range", "--bits", "16", "--value", "65535",
    ]);
    assert_eq!(field(&out, "circuit"), "range16");
    let proof = field(&out, "proof").to_owned();
    let commitment = field(&out, "commitment").to_owned();
    assert_eq!(field(&out, "blinding").len(), 64);
    assert_eq!(out["public_inputs"][0], commitment.as_str());
    let verify = |extra: &[&str]| {
        let mut args = vec!["zk", "verify", "halo2", "--proof", &proof];
        args.extend(extra);
        zcrypto(&args)
    };
    for extra in [
        &[][..],
        &["--circuit", "range16"],
        &["--circuit", "range16", "--public", &commitment],
    ] {
        let r = verify(extra);
        assert_eq!(
            (r.code, r.stdout.as_str()),
            (0, "valid"),
            "{extra:?}: {}",
            r.stderr
        );
    }
    let other = "01".repeat(32);
    for extra in [&["--circuit", "range32"][..], &["--public", &other]] {
        let r = verify(extra);
        assert_eq!((r.code, r.stdout.as_str()), (1, "invalid"), "{extra:?}");
    }
    // A flipped bit in the proof part of the encoding.
    let mut bytes = hex::decode(&proof).unwrap();
    let last = bytes.len() - 100;
    bytes[last] ^= 1;
    let flipped = hex::encode(bytes);
    let r = zcrypto(&["zk", "verify", "halo2", "--proof", &flipped]);
    assert_eq!((r.code, r.stdout.as_str()), (1, "invalid"));

    // Chosen blinding: the same commitment, not echoed.
    let blinding = field(&out, "blinding").to_owned();
    let again = ok_json(&[
        "zk",
        "prove",
        "halo2",
        "range",
        "--bits",
        "16",
        "--value",
        "65535",
        "--blinding",
        &blinding,
    ]);
    assert_eq!(field(&again, "commitment"), commitment);
    assert!(again.get("blinding").is_none());

    // Membership: the root is printed and is the public input.
    let out = ok_json(&[
        "zk",
        "prove",
        "halo2",
        "membership",
        "--depth",
        "8",
        "--leaf",
        "11",
        "--leaf",
        "22",
        "--leaf",
        "33",
        "--index",
        "2",
    ]);
    assert_eq!(field(&out, "circuit"), "membership8");
    let root = field(&out, "root").to_owned();
    let r = zcrypto(&[
        "zk",
        "verify",
        "halo2",
        "--proof",
        field(&out, "proof"),
        "--circuit",
        "membership8",
        "--public",
        &root,
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "valid"), "{}", r.stderr);
    let r = zcrypto(&[
        "zk",
        "verify",
        "halo2",
        "--proof",
        field(&out, "proof"),
        "--public",
        &other,
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (1, "invalid"));

    assert_usage_error(
        &[
            "zk", "prove", "halo2", "range", "--bits", "8", "--value", "256",
        ],
        "--value",
    );
    assert_usage_error(
        &[
            "zk", "prove", "halo2", "range", "--bits", "12", "--value", "1",
        ],
        "--bits",
    );
    assert_usage_error(
        &[
            "zk",
            "prove",
            "halo2",
            "membership",
            "--depth",
            "9",
            "--leaf",
            "1",
            "--index",
            "0",
        ],
        "--depth",
    );
    assert_usage_error(
        &[
            "zk",
            "prove",
            "halo2",
            "membership",
            "--depth",
            "8",
            "--leaf",
            "1",
            "--index",
            "1",
        ],
        "--index",
    );
    assert_usage_error(
        &[
            "zk",
            "prove",
            "halo2",
            "membership",
            "--depth",
            "8",
            "--leaf",
            "x",
            "--index",
            "0",
        ],
        "--leaf",
    );
    assert_usage_error(&["zk", "verify", "halo2", "--proof", "0001"], "--proof");
    assert_usage_error(&["zk", "verify", "halo2", "--proof", "zz"], "--proof");
    assert_usage_error(
        &[
            "zk",
            "verify",
            "halo2",
            "--proof",
            &proof,
            "--circuit",
            "range12",
        ],
        "--circuit",
    );
}

/// `zcrypto zk verify kzg` on Ethereum's point-evaluation vectors: the valid input
/// verifies; a flipped proof bit is invalid or malformed, never valid.
#[test]
fn zk_kzg_point_evaluation() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../vectors/kzg/point_evaluation.json"
    ))
    .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let mut valid = 0;
    for case in v["point_evaluation"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        let r = zcrypto(&["zk", "verify", "kzg", "--input", input]);
        if case["expected_error"].is_null() {
            assert_eq!(
                (r.code, r.stdout.as_str()),
                (0, "valid"),
                "{}: {}",
                case["name"],
                r.stderr
            );
            valid += 1;
            let mut bytes = hex::decode(input).unwrap();
            let last = bytes.len() - 1;
            bytes[last] ^= 1;
            let r = zcrypto(&["zk", "verify", "kzg", "--input", &hex::encode(bytes)]);
            assert_ne!(r.code, 0, "a flipped proof bit verified");
        } else {
            assert_ne!(r.code, 0, "{} verified", case["name"]);
        }
    }
    assert!(valid >= 1, "no valid point-evaluation case");
}
