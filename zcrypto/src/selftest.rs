//! Known-answer self test: runs every primitive once on every backend that implements it.
//!
//! ```
//! let results = zcrypto::selftest::run();
//! assert!(results.iter().all(|r| r.passed()));
//! ```
//!
//! Each [`Algorithm`] is checked against published known answers where a standard
//! publishes them, and on every [`Backend`] that has its own implementation of it (see
//! [`backends`]): the hashes, HMAC and HKDF have a single implementation (RustCrypto)
//! and XChaCha20-Poly1305 is portable-only (aws-lc-rs lacks it), so those run once, on
//! [`Backend::Portable`]; the other AEADs, X25519, ML-KEM and the hybrid run on
//! [`Backend::AVAILABLE`].
//!
//! Where the expected values come from:
//!
//! * SHA-256/384/512("abc"): FIPS 180-4 examples (NIST CSRC); SHA3-256("abc"): FIPS 202
//!   examples; Keccak-256(""): the Ethereum empty-input hash; BLAKE2b-512("abc") and
//!   BLAKE2s-256("abc"): RFC 7693 appendices A and B; BLAKE3(""): the official
//!   `test_vectors.json`.
//! * HMAC-SHA-256/384/512: RFC 4231 test case 2.
//! * HKDF-SHA-256: RFC 5869 test case 1, and RFC 9001 §A.1 for HKDF-Expand-Label
//!   (`"quic key"`). No RFC has SHA-384/512 vectors; those run RFC 5869 test case 1's
//!   inputs with outputs computed once by pyca/cryptography 48 (OpenSSL), an implementation
//!   independent of the RustCrypto code tested here.
//! * AES-128-GCM / AES-256-GCM: McGrew & Viega, "The Galois/Counter Mode of Operation",
//!   test cases 4 and 16. ChaCha20-Poly1305: RFC 8439 §2.8.2. XChaCha20-Poly1305:
//!   draft-irtf-cfrg-xchacha-03 §A.3.1.
//! * X25519: RFC 7748 §6.1 (Alice and Bob).
//! * ML-KEM-512/768/1024: FIPS 203 publishes no vectors for a given seed, so the expected
//!   SHA3-256 of ek, dk and ciphertext and the shared secret for seed `d ‖ z` =
//!   00 01 … 3f and encapsulation randomness `m` = 40 41 … 5f were computed once with
//!   libcrux-ml-kem 0.0.11 (formally verified, independent of both backends here). For
//!   ML-KEM-768 and -1024 they were cross-checked with pyca/cryptography 48
//!   (`from_seed_bytes` gives the same ek, and its decapsulation the same secret).
//! * Ed25519: RFC 8032 §7.1 TEST 2. ECDSA secp256k1: RFC 6979 over SHA-256 for the
//!   EIP-155 key 0x46…46 and message "abc", cross-checked with coincurve
//!   (libsecp256k1). BIP-340: row 0 of the BIP's `test-vectors.csv`.
//! * ML-DSA-44/65/87: the first NIST ACVP keyGen case of each parameter set (seed →
//!   SHA3-256 of the public key). For ML-DSA-65 also a deterministic signature with a
//!   context; its SHA3-256 was recorded once (pyca/cryptography verifies it; ACVP's
//!   deterministic sigGen cases pin the signing code byte for byte in the test suite).
//! * FROST(Ed25519): RFC 9591 §E.1's group key and signature verify as strict Ed25519;
//!   with `std`, a live 2-of-3 run aggregates and verifies, and swapped shares are caught.
//! * BLS12-381: Ethereum's `sign_case_c82df61aa3ee60fb` (raw secret scalar).
//! * Ed25519 + ML-DSA-65 composite: SHA3-256 of the public key and deterministic
//!   signature for seed 00 01 … 3f, recorded once; pyca/cryptography verified both
//!   halves over the composite message representative independently
//!   (`tests/sig_hybrid.rs` repeats that check).
//! * X25519MLKEM768: the ML-KEM-768 values above with the RFC 7748 keys (client = Alice,
//!   server ephemeral = Bob), so the combined secret is the ML-KEM-768 secret followed by
//!   RFC 7748's shared secret; plus a round trip with fresh randomness.

use core::time::Duration;

use crate::aead::{AeadAlg, AeadKey, Nonce};
use crate::encoding::{from_hex, to_hex};
use crate::hash::{self, HashAlg, Hasher};
use crate::kdf::{self, HkdfAlg, Prk};
use crate::kem::{self, DecapsulationKey, EncapsulationKey, MlKem, hybrid};
use crate::mac::{self, HmacAlg};
use crate::{Algorithm, Backend, Error, Kind, x25519};

/// The result of one known-answer test: one algorithm on one backend.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfTestResult {
    /// The algorithm tested.
    pub algorithm: Algorithm,
    /// The backend that ran it.
    pub backend: Backend,
    /// `Ok(())`, or a description of the first mismatch or error.
    pub outcome: Result<(), String>,
    /// Wall-clock time the test took (zero on `wasm32-unknown-unknown`, which has no clock).
    pub duration: Duration,
}

impl SelfTestResult {
    /// Whether the test passed.
    pub fn passed(&self) -> bool {
        self.outcome.is_ok()
    }
}

/// Runs every algorithm's known-answer test on every backend that implements it, in the
/// order of [`Algorithm::ALL`] and then [`backends`].
pub fn run() -> Vec<SelfTestResult> {
    Algorithm::ALL
        .iter()
        .flat_map(|&alg| backends(alg).iter().map(move |&b| run_one(alg, b)))
        .collect()
}

/// Runs the known-answer test of `algorithm` on `backend`. A backend without its own
/// implementation of the algorithm (not in [`backends`]) is reported as a failure.
pub fn run_one(algorithm: Algorithm, backend: Backend) -> SelfTestResult {
    let (outcome, duration) = timed(|| {
        if backends(algorithm).contains(&backend) {
            kat(algorithm, backend)
        } else {
            Err(format!("no {} implementation", backend.name()))
        }
    });
    SelfTestResult {
        algorithm,
        backend,
        outcome,
        duration,
    }
}

/// The compiled backends with their own implementation of `alg`, portable first.
///
/// Hashes, HMAC and HKDF have one implementation (RustCrypto, on every target), and
/// XChaCha20-Poly1305 runs on the portable code only, so for those this is just
/// [`Backend::Portable`]; for everything else it is [`Backend::AVAILABLE`].
pub fn backends(alg: Algorithm) -> &'static [Backend] {
    const PORTABLE: &[Backend] = &[Backend::Portable];
    match alg.kind() {
        Kind::Hash | Kind::Mac | Kind::Kdf => PORTABLE,
        Kind::Aead if alg == Algorithm::XChaCha20Poly1305 => PORTABLE,
        Kind::Aead | Kind::KeyAgreement | Kind::Kem => Backend::AVAILABLE,
        // blst is the only BLS implementation: native code, compiled with the `bls` feature.
        Kind::Signature if alg == Algorithm::Bls12381 => {
            if cfg!(feature = "bls") {
                &[Backend::Native]
            } else {
                &[]
            }
        }
        Kind::Signature => Backend::AVAILABLE,
    }
}

/// Runs `f` and measures it. `wasm32-unknown-unknown` has no clock (`Instant::now`
/// panics there), so the time is reported as zero.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    {
        let start = std::time::Instant::now();
        let out = f();
        (out, start.elapsed())
    }
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    {
        (f(), Duration::ZERO)
    }
}

fn kat(alg: Algorithm, backend: Backend) -> Result<(), String> {
    match alg.kind() {
        Kind::Hash => hash_kat(HashAlg::try_from(alg).ctx("algorithm")?),
        Kind::Mac => hmac_kat(HmacAlg::try_from(alg).ctx("algorithm")?),
        Kind::Kdf => hkdf_kat(HkdfAlg::try_from(alg).ctx("algorithm")?),
        Kind::Aead => aead_kat(AeadAlg::try_from(alg).ctx("algorithm")?, backend),
        Kind::KeyAgreement => x25519_kat(backend),
        Kind::Kem => match MlKem::try_from(alg) {
            Ok(params) => mlkem_kat(params, backend),
            Err(_) => hybrid_kat(backend),
        },
        Kind::Signature => sig_kat(alg, backend),
    }
}

/// Compares `got` with the lowercase hex `expected`; the error names `what` and shows both.
fn check(what: &str, expected: &str, got: &[u8]) -> Result<(), String> {
    let got = to_hex(got);
    if got == expected {
        Ok(())
    } else {
        Err(format!("{what}: expected {expected}, got {got}"))
    }
}

/// Compares SHA3-256(`got`) with the lowercase hex `expected` (for long KEM values).
fn check_sha3(what: &str, expected: &str, got: &[u8]) -> Result<(), String> {
    check(&format!("SHA3-256({what})"), expected, &hash::sha3_256(got))
}

/// Decodes a hex constant of this module.
fn unhex(s: &str) -> Result<Vec<u8>, String> {
    from_hex(s).map_err(|e| format!("bad test constant {s:?}: {e}"))
}

/// Turns a library error into a message naming the operation that failed.
trait Context<T> {
    fn ctx(self, what: &str) -> Result<T, String>;
}

impl<T> Context<T> for Result<T, Error> {
    fn ctx(self, what: &str) -> Result<T, String> {
        self.map_err(|e| format!("{what}: {e}"))
    }
}

// ---------------------------------------------------------------------------------------
// Hashes

/// (message, digest): see the module documentation for the sources.
fn hash_vector(alg: HashAlg) -> (&'static [u8], &'static str) {
    match alg {
        HashAlg::Sha256 => (
            b"abc",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        HashAlg::Sha384 => (
            b"abc",
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed\
             8086072ba1e7cc2358baeca134c825a7",
        ),
        HashAlg::Sha512 => (
            b"abc",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
             2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        ),
        HashAlg::Sha3_256 => (
            b"abc",
            "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
        ),
        HashAlg::Keccak256 => (
            b"",
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        ),
        HashAlg::Blake2b512 => (
            b"abc",
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1\
             7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
        ),
        HashAlg::Blake2s256 => (
            b"abc",
            "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982",
        ),
        HashAlg::Blake3 => (
            b"",
            "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
        ),
    }
}

/// Checks the one-shot and the incremental (byte by byte) paths.
fn hash_kat(alg: HashAlg) -> Result<(), String> {
    let (msg, expected) = hash_vector(alg);
    check("one-shot digest", expected, hash::hash(alg, msg).as_bytes())?;
    let mut h = Hasher::new(alg);
    for byte in msg.chunks(1) {
        h.update(byte);
    }
    check("incremental digest", expected, h.finalize().as_bytes())
}

// ---------------------------------------------------------------------------------------
// HMAC

/// RFC 4231 test case 2 tags.
fn hmac_vector(alg: HmacAlg) -> &'static str {
    match alg {
        HmacAlg::Sha256 => "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        HmacAlg::Sha384 => {
            "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e\
             8e2240ca5e69e2c78b3239ecfab21649"
        }
        HmacAlg::Sha512 => {
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554\
             9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        }
    }
}

fn hmac_kat(alg: HmacAlg) -> Result<(), String> {
    const KEY: &[u8] = b"Jefe";
    const DATA: &[u8] = b"what do ya want for nothing?";
    let expected = hmac_vector(alg);
    let tag = mac::hmac(alg, KEY, DATA);
    check("tag", expected, tag.as_bytes())?;
    mac::verify(alg, KEY, DATA, tag.as_bytes()).ctx("verify of the correct tag")?;
    let mut bad = tag.as_bytes().to_vec();
    if let Some(last) = bad.last_mut() {
        *last ^= 1;
    }
    match mac::verify(alg, KEY, DATA, &bad) {
        Err(Error::InvalidSignature) => Ok(()),
        other => Err(format!("verify of a wrong tag returned {other:?}")),
    }
}

// ---------------------------------------------------------------------------------------
// HKDF

/// (PRK, 42-byte OKM) for RFC 5869 test case 1's inputs.
fn hkdf_vector(alg: HkdfAlg) -> (&'static str, &'static str) {
    match alg {
        // RFC 5869 §A.1.
        HkdfAlg::Sha256 => (
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
        ),
        // pyca/cryptography 48 (see the module documentation).
        HkdfAlg::Sha384 => (
            "704b39990779ce1dc548052c7dc39f303570dd13fb39f7acc564680bef80e8de\
             c70ee9a7e1f3e293ef68eceb072a5ade",
            "9b5097a86038b805309076a44b3a9f38063e25b516dcbf369f394cfab43685f748b6457763e4f0204fc5",
        ),
        HkdfAlg::Sha512 => (
            "665799823737ded04a88e47e54a5890bb2c3d247c7a4254a8e61350723590a26\
             c36238127d8661b88cf80ef802d57e2f7cebcf1e00e083848be19929c61b4237",
            "832390086cda71fb47625bb5ceb168e4c8e26a1a16ed34d9fc7fe92c1481579338da362cb8d9f925d7cb",
        ),
    }
}

fn hkdf_kat(alg: HkdfAlg) -> Result<(), String> {
    const IKM: [u8; 22] = [0x0b; 22];
    const SALT: [u8; 13] = counting(0x00);
    const INFO: [u8; 10] = counting(0xf0);
    let (expected_prk, expected_okm) = hkdf_vector(alg);
    let prk = Prk::extract(alg, &SALT, &IKM);
    check("PRK", expected_prk, prk.as_bytes())?;
    let mut okm = [0u8; 42];
    kdf::hkdf(alg, &SALT, &IKM, &INFO, &mut okm).ctx("hkdf")?;
    check("OKM", expected_okm, &okm)?;
    if alg == HkdfAlg::Sha256 {
        expand_label_kat()?;
    }
    Ok(())
}

/// RFC 9001 §A.1: the client Initial "quic key" from the client initial secret.
fn expand_label_kat() -> Result<(), String> {
    let secret = unhex("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea")?;
    let prk = Prk::from_bytes(HkdfAlg::Sha256, &secret).ctx("client initial secret")?;
    let mut key = [0u8; 16];
    prk.expand_label(b"quic key", b"", &mut key)
        .ctx("expand_label")?;
    check("quic key", "1f369613dd76d5467730efcbe3b1a22d", &key)
}

// ---------------------------------------------------------------------------------------
// AEAD

/// One AEAD known answer, all hex.
struct AeadVector {
    key: &'static str,
    nonce: &'static str,
    aad: &'static str,
    plaintext: &'static str,
    /// Ciphertext ‖ tag.
    sealed: &'static str,
}

/// The GCM spec's test cases 4 and 16 share plaintext, AAD and IV.
const GCM_PLAINTEXT: &str = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
                             1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
const GCM_AAD: &str = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
const GCM_IV: &str = "cafebabefacedbaddecaf888";
/// RFC 8439 §2.8.2 and the XChaCha draft §A.3.1 share key, AAD and plaintext
/// (the ASCII of "Ladies and Gentlemen of the class of '99: If I could offer you only
/// one tip for the future, sunscreen would be it.").
const CHACHA_KEY: &str = "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";
const CHACHA_AAD: &str = "50515253c0c1c2c3c4c5c6c7";
const LADIES: &str = "4c616469657320616e642047656e746c656d656e206f662074686520636c6173\
                      73206f66202739393a204966204920636f756c64206f6666657220796f75206f\
                      6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73\
                      637265656e20776f756c642062652069742e";

fn aead_vector(alg: AeadAlg) -> AeadVector {
    match alg {
        // McGrew & Viega test case 4.
        AeadAlg::Aes128Gcm => AeadVector {
            key: "feffe9928665731c6d6a8f9467308308",
            nonce: GCM_IV,
            aad: GCM_AAD,
            plaintext: GCM_PLAINTEXT,
            sealed: "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e\
                     21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091\
                     5bc94fbc3221a5db94fae95ae7121a47",
        },
        // McGrew & Viega test case 16.
        AeadAlg::Aes256Gcm => AeadVector {
            key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
            nonce: GCM_IV,
            aad: GCM_AAD,
            plaintext: GCM_PLAINTEXT,
            sealed: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
                     8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662\
                     76fc6ece0f4e1768cddf8853bb2d551b",
        },
        // RFC 8439 §2.8.2.
        AeadAlg::ChaCha20Poly1305 => AeadVector {
            key: CHACHA_KEY,
            nonce: "070000004041424344454647",
            aad: CHACHA_AAD,
            plaintext: LADIES,
            sealed: "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6\
                     3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36\
                     92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc\
                     3ff4def08e4b7a9de576d26586cec64b6116\
                     1ae10b594f09e26a7e902ecbd0600691",
        },
        // draft-irtf-cfrg-xchacha-03 §A.3.1.
        AeadAlg::XChaCha20Poly1305 => AeadVector {
            key: CHACHA_KEY,
            nonce: "404142434445464748494a4b4c4d4e4f5051525354555657",
            aad: CHACHA_AAD,
            plaintext: LADIES,
            sealed: "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb\
                     731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452\
                     2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9\
                     21f9664c97637da9768812f615c68b13b52e\
                     c0875924c1c7987947deafd8780acf49",
        },
    }
}

/// Seal must give the known answer, open must give the plaintext back, and a flipped
/// bit must be refused.
fn aead_kat(alg: AeadAlg, backend: Backend) -> Result<(), String> {
    let v = aead_vector(alg);
    let key = AeadKey::with_backend(alg, &unhex(v.key)?, backend).ctx("key")?;
    if key.backend() != backend {
        return Err(format!("ran on the {} backend", key.backend().name()));
    }
    let nonce = Nonce::try_from_slice(&unhex(v.nonce)?).ctx("nonce")?;
    let aad = unhex(v.aad)?;
    let sealed = key.seal(&nonce, &aad, &unhex(v.plaintext)?).ctx("seal")?;
    check("sealed", v.sealed, &sealed)?;
    let opened = key.open(&nonce, &aad, &sealed).ctx("open")?;
    check("opened", v.plaintext, &opened)?;
    let mut tampered = sealed;
    tampered[0] ^= 1;
    match key.open(&nonce, &aad, &tampered) {
        Err(Error::DecryptionFailed) => Ok(()),
        other => Err(format!("open of a tampered ciphertext returned {other:?}")),
    }
}

// ---------------------------------------------------------------------------------------
// X25519 (RFC 7748 §6.1)

const ALICE_SECRET: &str = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const ALICE_PUBLIC: &str = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
const BOB_SECRET: &str = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
const BOB_PUBLIC: &str = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
const X25519_SHARED: &str = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

fn x25519_secret(hex: &str, backend: Backend) -> Result<x25519::SecretKey, String> {
    x25519::SecretKey::try_from_slice(&unhex(hex)?)
        .and_then(|k| k.with_backend(backend))
        .ctx("secret key")
}

fn x25519_kat(backend: Backend) -> Result<(), String> {
    let alice = x25519_secret(ALICE_SECRET, backend)?;
    let bob = x25519_secret(BOB_SECRET, backend)?;
    check(
        "Alice's public key",
        ALICE_PUBLIC,
        alice.public_key().as_bytes(),
    )?;
    check("Bob's public key", BOB_PUBLIC, bob.public_key().as_bytes())?;
    let k1 = alice.diffie_hellman(&bob.public_key()).ctx("Alice's DH")?;
    check("Alice's shared secret", X25519_SHARED, k1.as_bytes())?;
    let k2 = bob.diffie_hellman(&alice.public_key()).ctx("Bob's DH")?;
    check("Bob's shared secret", X25519_SHARED, k2.as_bytes())
}

// ---------------------------------------------------------------------------------------
// ML-KEM (see the module documentation for where these values come from)

/// `d ‖ z` = 00 01 … 3f.
const MLKEM_SEED: [u8; kem::SEED_LEN] = counting(0x00);
/// Encapsulation randomness `m` = 40 41 … 5f.
const MLKEM_M: [u8; kem::ENCAPS_RANDOMNESS_LEN] = counting(0x40);

/// Expected SHA3-256 of ek, dk (expanded) and ciphertext, and the shared secret.
struct MlKemVector {
    ek_sha3: &'static str,
    dk_sha3: &'static str,
    ct_sha3: &'static str,
    shared_secret: &'static str,
}

fn mlkem_vector(params: MlKem) -> MlKemVector {
    match params {
        MlKem::MlKem512 => MlKemVector {
            ek_sha3: "82f101ff648063b376e2bb6c5b7455f655a50c2feadade150efa0e0e6f365aea",
            dk_sha3: "0bd3f5df01098ac9c29d687c7f1bd0588a5573feeef8f1e3b4573fa7f6ab57c8",
            ct_sha3: "e3fdddb90255869185c07cdf1c1880b2efe08b6f04da4997b693c0dea61503bd",
            shared_secret: "14cace3e48771b316676afad2cfcfe8488daaa4fad954e57236caa3f24a42cf7",
        },
        MlKem::MlKem768 => MlKemVector {
            ek_sha3: "a24e16d8f8f9383a95b77050f4d9fd2f5733eec1d63ef3c23ebf9918173669a7",
            dk_sha3: "1149f17c3c4ac6ab1e3e2d9d8bd0171355ac0fa31bb8855c48ceade874c0864b",
            ct_sha3: "b4cfbd24cef67afd3764276c6980e0f88f8e9ca57f59b7f12fe1a9c1e72f4710",
            shared_secret: "9cddd089ffe70e3996e76f7c8d06746df34d07e8657bc0fcf2bb0e1c3084aea1",
        },
        MlKem::MlKem1024 => MlKemVector {
            ek_sha3: "61349e5c131a7e116a0463861d7d18663c5627c38c7147ddaadfd48acd7a4535",
            dk_sha3: "f0db5d938027fcd9bad87847d52c14cf0c4abcf0703b749793f212111ffb303b",
            ct_sha3: "c1579fa02c614f3762b2a799b51e41cebb8f820f34fa736af02c56de2460ce3c",
            shared_secret: "0ad8d1ea1b8dd788979b4379581218df9321bdce5567eca42ae6be7d395f1a54",
        },
    }
}

fn mlkem_kat(params: MlKem, backend: Backend) -> Result<(), String> {
    let v = mlkem_vector(params);
    let dk = DecapsulationKey::from_seed_with_backend(params, &MLKEM_SEED, backend)
        .ctx("key generation")?;
    let ek_bytes = dk.encapsulation_key().as_bytes();
    check_sha3("ek", v.ek_sha3, ek_bytes)?;
    check_sha3("dk", v.dk_sha3, &dk.to_bytes())?;

    let ek = EncapsulationKey::from_bytes_with_backend(params, ek_bytes, backend)
        .ctx("encapsulation key")?;
    let (ct, ss) = ek
        .encapsulate_deterministic(&MLKEM_M)
        .ctx("encapsulation")?;
    check_sha3("ciphertext", v.ct_sha3, ct.as_bytes())?;
    check("shared secret", v.shared_secret, ss.as_bytes())?;
    let decapsulated = dk.decapsulate(ct.as_bytes()).ctx("decapsulation")?;
    check(
        "decapsulated secret",
        v.shared_secret,
        decapsulated.as_bytes(),
    )?;

    // The expanded encoding must load back (FIPS 203 §7.3 check) and decapsulate alike.
    let reloaded = DecapsulationKey::from_bytes_with_backend(params, &dk.to_bytes(), backend)
        .ctx("loading the expanded dk")?;
    let again = reloaded.decapsulate(ct.as_bytes()).ctx("decapsulation")?;
    check(
        "decapsulated secret (reloaded dk)",
        v.shared_secret,
        again.as_bytes(),
    )?;

    // Implicit rejection: a tampered ciphertext yields an unrelated secret.
    let mut tampered = ct.as_bytes().to_vec();
    tampered[0] ^= 1;
    if dk.decapsulate(&tampered).ctx("decapsulation")? == ss {
        return Err("a tampered ciphertext decapsulated to the same secret".into());
    }
    random_round_trip(&ek, &dk)
}

/// Encapsulation with operating-system randomness (aws-lc's own on the native backend).
#[cfg(feature = "std")]
fn random_round_trip(ek: &EncapsulationKey, dk: &DecapsulationKey) -> Result<(), String> {
    let (ct, sent) = ek.encapsulate().ctx("random encapsulation")?;
    let received = dk.decapsulate(ct.as_bytes()).ctx("decapsulation")?;
    if sent == received {
        Ok(())
    } else {
        Err("random encapsulation: the two sides derived different secrets".into())
    }
}

#[cfg(not(feature = "std"))]
fn random_round_trip(_: &EncapsulationKey, _: &DecapsulationKey) -> Result<(), String> {
    Ok(())
}

// ---------------------------------------------------------------------------------------
// X25519MLKEM768

fn hybrid_kat(backend: Backend) -> Result<(), String> {
    let v = mlkem_vector(MlKem::MlKem768);
    let ek_len = MlKem::MlKem768.encapsulation_key_len();
    let ct_len = MlKem::MlKem768.ciphertext_len();
    let alice = *x25519_secret(ALICE_SECRET, backend)?.as_bytes();
    let bob = *x25519_secret(BOB_SECRET, backend)?.as_bytes();

    let client = hybrid::Client::from_parts_with_backend(&MLKEM_SEED, alice, backend)
        .ctx("client key generation")?;
    let share = client.key_share();
    check_len("client share", hybrid::CLIENT_SHARE_LEN, share.len())?;
    check_sha3("client share ek", v.ek_sha3, &share[..ek_len])?;
    check("client share X25519 key", ALICE_PUBLIC, &share[ek_len..])?;

    let (server_share, server_secret) =
        hybrid::server_encapsulate_deterministic(&share, &MLKEM_M, bob)
            .ctx("server encapsulation")?;
    check_len("server share", hybrid::SERVER_SHARE_LEN, server_share.len())?;
    check_sha3(
        "server share ciphertext",
        v.ct_sha3,
        &server_share[..ct_len],
    )?;
    check(
        "server share X25519 key",
        BOB_PUBLIC,
        &server_share[ct_len..],
    )?;
    let expected_secret = format!("{}{}", v.shared_secret, X25519_SHARED);
    check("server secret", &expected_secret, server_secret.as_bytes())?;
    let client_secret = client.finish(&server_share).ctx("client finish")?;
    check("client secret", &expected_secret, client_secret.as_bytes())?;
    hybrid_random_round_trip(&client, &share)
}

fn check_len(what: &str, expected: usize, got: usize) -> Result<(), String> {
    if expected == got {
        Ok(())
    } else {
        Err(format!("{what}: expected {expected} bytes, got {got}"))
    }
}

#[cfg(feature = "std")]
fn hybrid_random_round_trip(client: &hybrid::Client, share: &[u8]) -> Result<(), String> {
    let (server_share, sent) = hybrid::server_encapsulate(share).ctx("server encapsulation")?;
    let received = client.finish(&server_share).ctx("client finish")?;
    if sent == received {
        Ok(())
    } else {
        Err("random exchange: client and server derived different secrets".into())
    }
}

#[cfg(not(feature = "std"))]
fn hybrid_random_round_trip(_: &hybrid::Client, _: &[u8]) -> Result<(), String> {
    Ok(())
}

/// `[start, start + 1, …]`, for the counting inputs of the vectors.
const fn counting<const N: usize>(start: u8) -> [u8; N] {
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = start.wrapping_add(i as u8);
        i += 1;
    }
    out
}

// ---------------------------------------------------------------------------------------
// Signatures

/// A signature known answer: the key from `seed`, its public key, and the signature over
/// `msg` under `ctx`. Public key and signature are exact hex, or (for ML-DSA, whose
/// values are kilobytes long) SHA3-256 hex; `sig` is empty where only a sign/verify
/// round trip is checked.
struct SigVector {
    seed: &'static str,
    msg: &'static str,
    ctx: &'static str,
    pk: &'static str,
    sig: &'static str,
    hashed: bool,
}

fn sig_vector(alg: Algorithm) -> Result<SigVector, String> {
    const ZC_MSG: &str = "7a63727970746f2073656c662d74657374"; // "zcrypto self-test"
    Ok(match alg {
        Algorithm::Ed25519 => SigVector {
            seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            msg: "72",
            ctx: "",
            pk: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            sig: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
                  085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
            hashed: false,
        },
        Algorithm::EcdsaSecp256k1 => SigVector {
            seed: "4646464646464646464646464646464646464646464646464646464646464646",
            msg: "616263",
            ctx: "",
            pk: "024bc2a31265153f07e70e0bab08724e6b85e217f8cd628ceb62974247bb493382",
            sig: "eb09d509499990eca5f2dda1d3b3b01b05eb4efbe2fe366cf8a4c4c0d2b8c96a\
                  565a1eef5192f92b470f2e02d763530d238e9db7b0c560b8a9ef35dcaa39f803",
            hashed: false,
        },
        Algorithm::Bip340 => SigVector {
            seed: "0000000000000000000000000000000000000000000000000000000000000003",
            msg: "0000000000000000000000000000000000000000000000000000000000000000",
            ctx: "",
            pk: "f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9",
            sig: "e907831f80848d1069a5371b402410364bdf1c5f8307b0084c55f1ce2dca8215\
                  25f66a4a85ea8b71e482a74f382d2ce5ebeee8fdb2172f477df4900d310536c0",
            hashed: false,
        },
        Algorithm::MlDsa44 => SigVector {
            seed: "7194b13c95231010afd2c909992bd2003ba6f437c3886bdbe3f6b867a14ba161",
            msg: ZC_MSG,
            ctx: "",
            pk: "d8d9aa0403ddc91a7f2ab668fea9e85f59a6f519beb9499ffc937d6ed76442e3",
            sig: "",
            hashed: true,
        },
        Algorithm::MlDsa65 => SigVector {
            seed: "a991fd42b071d49c48ae3e75c647459e0daad1e1ba356a04801912d3294bcff8",
            msg: ZC_MSG,
            ctx: "7a637279707430",
            pk: "0083e4d4f562780dd5ef685c88db5afcdac44d1b4be5e4253d0de771100316f3",
            sig: "f05f1ac927f8dbee38658340a07d9c8da16d24b6333671e56d3e439d99a04c68",
            hashed: true,
        },
        Algorithm::MlDsa87 => SigVector {
            seed: "a16f5b0796703e2d1a0140a35cbf36efabe70e752ba59b6a9a0e9c4b05302f73",
            msg: ZC_MSG,
            ctx: "",
            pk: "9df39232077a88b3b36c0d4b37d2d369f942baaaa436cf5486a1f09d45d7ce0b",
            sig: "",
            hashed: true,
        },
        Algorithm::Bls12381 => SigVector {
            seed: "263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3",
            msg: "0000000000000000000000000000000000000000000000000000000000000000",
            ctx: "",
            pk: "a491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20f\
                 d6e10c1b77654d067c0618f6e5a7f79a",
            sig: "b6ed936746e01f8ecf281f020953fbf1f01debd5657c4a383940b020b26507f6\
                  076334f91e2366c96e9ab279fb5158090352ea1c5b0c9274504f4f0e7053af24\
                  802e51e4568d164fe986834f41e55c8e850ce1f98458c0cfc9ab380b55285a55",
            hashed: false,
        },
        Algorithm::HybridEd25519MlDsa65 => SigVector {
            seed: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\
                   202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
            msg: ZC_MSG,
            ctx: "7a637279707430",
            pk: "a9bbc344f78d3a053fd8b655aa6a2bf50ccaf17dc2c0d50bebb2917e163195a6",
            sig: "28271c5a4138a6c124832dde94a4a276437cf1d797c87c7a68535e76cd9c6c43",
            hashed: true,
        },
        other => return Err(format!("no signature known answer for {other}")),
    })
}

fn sig_kat(alg: Algorithm, backend: Backend) -> Result<(), String> {
    use crate::sig::{Signer, ed25519, hybrid, ml_dsa, secp256k1};
    if alg == Algorithm::FrostEd25519 {
        return frost_kat(backend);
    }
    let v = sig_vector(alg)?;
    let seed = unhex(v.seed)?;
    match alg {
        Algorithm::Ed25519 => {
            let key = ed25519::SigningKey::from_seed_with_backend(&seed, backend).ctx("key")?;
            sig_check(&key, &v, |k, m, c| k.sign_with_context(m, c))
        }
        Algorithm::EcdsaSecp256k1 => {
            let key =
                secp256k1::ecdsa::SigningKey::from_seed_with_backend(&seed, backend).ctx("key")?;
            sig_check(&key, &v, |k, m, c| k.sign_with_context(m, c))
        }
        #[cfg(feature = "bls")]
        Algorithm::Bls12381 => {
            // The Ethereum vectors give the raw scalar, not a KeyGen seed.
            let key = crate::sig::bls::SigningKey::from_bytes(&seed).ctx("key")?;
            sig_check(&key, &v, |k, m, c| k.sign_with_context(m, c))
        }
        Algorithm::HybridEd25519MlDsa65 => {
            let key = hybrid::SigningKey::from_seed_with_backend(&seed, backend).ctx("key")?;
            sig_check(&key, &v, |k, m, c| k.sign_with_context(m, c))
        }
        Algorithm::Bip340 => {
            let key = secp256k1::schnorr::SigningKey::from_seed_with_backend(&seed, backend)
                .ctx("key")?;
            // BIP-340 signing is randomised; the vector fixes aux_rand to 32 zero bytes.
            sig_check(&key, &v, |k, m, _| k.sign_with_aux_rand(m, &[0; 32]))
        }
        _ => {
            let params = ml_dsa::MlDsa::try_from(alg).ctx("algorithm")?;
            let seed: [u8; 32] = seed.try_into().map_err(|_| "bad seed constant")?;
            let key =
                ml_dsa::SigningKey::from_seed_with_backend(params, &seed, backend).ctx("key")?;
            match params {
                ml_dsa::MlDsa::MlDsa44 => {
                    let key = ml_dsa::MlDsa44SigningKey::try_from(key).ctx("key")?;
                    sig_check(&key, &v, |k, m, c| k.sign_with_context(m, c))
                }
                ml_dsa::MlDsa::MlDsa65 => {
                    let key = ml_dsa::MlDsa65SigningKey::try_from(key).ctx("key")?;
                    sig_check(&key, &v, |k, m, c| k.sign_with_context(m, c))
                }
                ml_dsa::MlDsa::MlDsa87 => {
                    let key = ml_dsa::MlDsa87SigningKey::try_from(key).ctx("key")?;
                    sig_check(&key, &v, |k, m, c| k.sign_with_context(m, c))
                }
            }
        }
    }
}

/// FROST(Ed25519): the RFC 9591 §E.1 group key and final signature over "test" verify
/// as plain strict Ed25519 on `backend`; with `std`, a fresh 2-of-3 trusted-dealer run
/// aggregates to a signature that verifies there too, and a wrong share is caught.
fn frost_kat(backend: Backend) -> Result<(), String> {
    use crate::sig::{Encoding, Verifier, ed25519};
    const GROUP_KEY: &str = "15d21ccd7ee42959562fc8aa63224c8851fb3ec85a3faf66040d380fb9738673";
    const SIGNATURE: &str = "36282629c383bb820a88b71cae937d41f2f2adfcc3d02e55507e2fb9e2dd3cbe\
                             bd9d2b0844e49ae0f3fa935161e1419aab7b47d21a37ebeae1f17d4987b3160b";
    let vk = ed25519::VerifyingKey::from_bytes_with_backend(&unhex(GROUP_KEY)?, backend)
        .ctx("RFC 9591 group key")?;
    let sig = ed25519::Signature::from_bytes(&unhex(&SIGNATURE.replace(char::is_whitespace, ""))?)
        .ctx("RFC 9591 signature")?;
    vk.verify(b"test", &sig).ctx("RFC 9591 signature")?;
    #[cfg(feature = "std")]
    {
        use crate::sig::frost;
        let dealt = frost::dealer_keygen(2, 3).ctx("dealer")?;
        let keys = dealt
            .shares
            .into_iter()
            .take(2)
            .map(frost::KeyPackage::from_secret_share)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("key package: {}", e.error))?;
        let (nonces, commitments): (Vec<_>, Vec<_>) = keys
            .iter()
            .map(frost::commit)
            .collect::<Result<Vec<_>, _>>()
            .ctx("round 1")?
            .into_iter()
            .unzip();
        let package =
            frost::SigningPackage::new(&commitments, b"zcrypto self-test").ctx("package")?;
        let shares = nonces
            .into_iter()
            .zip(&keys)
            .map(|(n, k)| frost::sign(&package, n, k))
            .collect::<Result<Vec<_>, _>>()
            .ctx("round 2")?;
        let pkp = &dealt.public_key_package;
        let sig = frost::aggregate(&package, &shares, pkp)
            .map_err(|e| format!("aggregate: {}", e.error))?;
        let group = pkp.verifying_key_with_backend(backend).ctx("group key")?;
        group
            .verify(b"zcrypto self-test", &sig)
            .ctx("FROST group signature")?;
        if group.verify(b"another message", &sig).is_ok() {
            return Err("a FROST signature verified for another message".into());
        }
        // A corrupted share is refused and its signer named.
        let mut bad = shares[0].to_bytes();
        bad[frost::IDENTIFIER_LEN] ^= 1;
        let bad = frost::SignatureShare::from_bytes(&bad).ctx("corrupted share")?;
        match frost::aggregate(&package, &[bad, shares[1]], pkp) {
            Err(e) if e.culprits == [keys[0].identifier()] => {}
            other => return Err(format!("a corrupted share was not blamed: {other:?}")),
        }
    }
    Ok(())
}

/// Checks the public key and signature against `v`, that the signature verifies, and
/// that a flipped bit or another message does not.
fn sig_check<S: crate::sig::Signer>(
    key: &S,
    v: &SigVector,
    sign: impl Fn(&S, &[u8], &[u8]) -> Result<S::Signature, Error>,
) -> Result<(), String> {
    use crate::sig::{Encoding, Verifier};
    let expect = |what: &str, expected: &str, got: &[u8]| {
        if v.hashed {
            check_sha3(what, expected, got)
        } else {
            check(what, &expected.replace(char::is_whitespace, ""), got)
        }
    };
    let (msg, ctx) = (unhex(v.msg)?, unhex(v.ctx)?);
    let vk = key.verifying_key();
    expect("public key", v.pk, &vk.to_bytes())?;
    let sig = sign(key, &msg, &ctx).ctx("sign")?;
    let sig_bytes = sig.to_bytes();
    if !v.sig.is_empty() {
        expect("signature", v.sig, &sig_bytes)?;
    }
    vk.verify_with_context(&msg, &ctx, &sig).ctx("verify")?;
    if vk
        .verify_with_context(b"another message", &ctx, &sig)
        .is_ok()
    {
        return Err("a signature verified for another message".into());
    }
    let mut flipped = sig_bytes;
    flipped[0] ^= 1;
    if let Ok(flipped) = S::Signature::from_bytes(&flipped)
        && vk.verify_with_context(&msg, &ctx, &flipped).is_ok()
    {
        return Err("a signature with a flipped bit verified".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selftest_every_entry_passes() {
        let results = run();
        let failures: Vec<_> = results.iter().filter(|r| !r.passed()).collect();
        assert!(failures.is_empty(), "self-test failures: {failures:#?}");
    }

    #[test]
    fn selftest_covers_every_algorithm_on_its_backends() {
        let results = run();
        let expected: Vec<(Algorithm, Backend)> = Algorithm::ALL
            .iter()
            .flat_map(|&a| backends(a).iter().map(move |&b| (a, b)))
            .collect();
        let got: Vec<_> = results.iter().map(|r| (r.algorithm, r.backend)).collect();
        assert_eq!(got, expected);
        for &alg in Algorithm::ALL {
            // Only BLS can be compiled out (blst needs a C toolchain for the target).
            let compiled_out = alg == Algorithm::Bls12381 && !cfg!(feature = "bls");
            assert_eq!(backends(alg).is_empty(), compiled_out, "{alg}");
        }
        for alg in [
            Algorithm::Aes128Gcm,
            Algorithm::ChaCha20Poly1305,
            Algorithm::X25519,
            Algorithm::MlKem768,
            Algorithm::X25519MlKem768,
        ] {
            assert_eq!(backends(alg), Backend::AVAILABLE, "{alg}");
        }
    }

    #[test]
    fn selftest_detects_a_corrupted_expected_value() {
        let (msg, good) = hash_vector(HashAlg::Sha256);
        let digest = hash::hash(HashAlg::Sha256, msg);
        assert_eq!(check("digest", good, digest.as_bytes()), Ok(()));
        // Flip the last hex digit of the published value.
        let mut bad = good.to_owned();
        bad.pop();
        bad.push(if good.ends_with('d') { 'c' } else { 'd' });
        let err = check("digest", &bad, digest.as_bytes()).unwrap_err();
        assert!(err.contains(&bad) && err.contains(good), "{err}");
        assert!(check_sha3("ek", good, b"abc").is_err());
        assert!(check_len("share", 32, 31).is_err());
    }

    #[test]
    fn selftest_reports_a_backend_without_implementation() {
        let r = run_one(Algorithm::Sha256, Backend::Native);
        assert!(!r.passed());
        if !Backend::Native.is_available() {
            assert!(!run_one(Algorithm::Aes128Gcm, Backend::Native).passed());
        }
    }

    #[test]
    fn selftest_constants_are_lowercase_hex() {
        for s in [
            GCM_PLAINTEXT,
            LADIES,
            ALICE_SECRET,
            BOB_PUBLIC,
            X25519_SHARED,
        ] {
            assert_eq!(to_hex(&unhex(s).unwrap()), s);
        }
    }
}
