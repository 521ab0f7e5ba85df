//! zcrypto's metered crypto, one safe function per host function (named as the ABI,
//! i.e. by zcrypto's `metered::Op::name()`).
//!
//! Host results: 0 ok / valid, 1 invalid (verifications only), 256 + code an error
//! with zcrypto's error `code` ([`CryptoError`]). So verifications return
//! `Result<bool, CryptoError>` (`Ok(false)`: well-formed but does not verify) and
//! functions with an output return `Result<[u8; N], CryptoError>`. Gas is charged by
//! the host; running out of gas, like a range outside memory, traps (the frame fails).
//!
//! Encodings are zcrypto's `metered` ones: BLS keys `n × 48` bytes and signatures
//! `n × 96` bytes back to back, AggregateVerify messages `n × (length (4 B LE) ‖
//! message)`, multisig policy and signature list as `zcrypto::metered::multisig`,
//! batches as `zcrypto::metered::batch`, Merkle proofs as `zcrypto::metered::merkle`,
//! Groth16 keys and proofs as `zcrypto::zk::encoding`.

use alloc::vec;
use alloc::vec::Vec;

use crate::{len32, sys};

/// A crypto error: zcrypto's stable error code (`zcrypto::Error::code`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CryptoError {
    /// The code (1..=255).
    pub code: u32,
}

impl CryptoError {
    /// A length is wrong.
    pub const INVALID_LENGTH: CryptoError = CryptoError { code: 1 };
    /// A key does not decode or validate.
    pub const INVALID_KEY: CryptoError = CryptoError { code: 2 };
    /// A signature does not decode.
    pub const INVALID_SIGNATURE: CryptoError = CryptoError { code: 3 };
    /// An algorithm name is unknown.
    pub const UNKNOWN_ALGORITHM: CryptoError = CryptoError { code: 5 };
    /// The algorithm is not supported by this build or operation.
    pub const UNSUPPORTED_ALGORITHM: CryptoError = CryptoError { code: 6 };
    /// An output buffer is too small.
    pub const BUFFER_TOO_SMALL: CryptoError = CryptoError { code: 9 };
    /// An encoding is malformed.
    pub const INVALID_ENCODING: CryptoError = CryptoError { code: 10 };
    /// A message is too long.
    pub const MESSAGE_TOO_LONG: CryptoError = CryptoError { code: 13 };
    /// A cap was exceeded (rejected before any work).
    pub const LIMIT_EXCEEDED: CryptoError = CryptoError { code: 16 };
    /// A proof is malformed.
    pub const INVALID_PROOF: CryptoError = CryptoError { code: 17 };
    /// An unexpected host result (not in the ABI).
    pub const INTERNAL: CryptoError = CryptoError { code: 255 };

    /// zcrypto's short name for the code (`"invalid_length"`, ...).
    pub fn name(&self) -> &'static str {
        match self.code {
            1 => "invalid_length",
            2 => "invalid_key",
            3 => "invalid_signature",
            4 => "decryption_failed",
            5 => "unknown_algorithm",
            6 => "unsupported_algorithm",
            7 => "invalid_ciphertext",
            8 => "output_too_long",
            9 => "buffer_too_small",
            10 => "invalid_encoding",
            11 => "weak_key",
            12 => "randomness_unavailable",
            13 => "message_too_long",
            14 => "policy_not_satisfied",
            15 => "not_yet_valid",
            16 => "limit_exceeded",
            17 => "invalid_proof",
            18 => "out_of_gas",
            19 => "memory_out_of_bounds",
            _ => "internal",
        }
    }
}

/// A verification result: 0 valid, 1 invalid, 256 + code error.
fn verdict(r: i32) -> Result<bool, CryptoError> {
    match r {
        0 => Ok(true),
        1 => Ok(false),
        r if r >= 256 => Err(CryptoError {
            code: (r & 0xff) as u32,
        }),
        _ => Err(CryptoError::INTERNAL),
    }
}

/// An operation result: 0 ok, 256 + code error.
fn status(r: i32) -> Result<(), CryptoError> {
    match verdict(r)? {
        true => Ok(()),
        false => Err(CryptoError::INTERNAL),
    }
}

// ---------------------------------------------------------------- hashes

macro_rules! hashes {
    ($($(#[$m:meta])* $name:ident, $n:expr;)*) => {$(
        $(#[$m])*
        pub fn $name(data: &[u8]) -> Result<[u8; $n], CryptoError> {
            let mut out = [0u8; $n];
            // SAFETY: reads `data`, writes at most `out.len()` bytes to `out`.
            status(unsafe { sys::$name(data.as_ptr(), len32(data), out.as_mut_ptr(), $n) })?;
            Ok(out)
        }
    )*};
}

hashes! {
    /// SHA-256.
    sha256, 32;
    /// SHA-384.
    sha384, 48;
    /// SHA-512.
    sha512, 64;
    /// SHA3-256.
    sha3_256, 32;
    /// Keccak-256 (Ethereum's).
    keccak256, 32;
    /// BLAKE2b-512.
    blake2b_512, 64;
    /// BLAKE2s-256.
    blake2s_256, 32;
    /// BLAKE3 (256-bit output).
    blake3, 32;
    /// Poseidon over BN254 (circom-compatible) of 1 to 12 field elements, each 32
    /// bytes big-endian and below the modulus; the 32-byte big-endian result.
    poseidon_bn254, 32;
}

/// The hash of a streaming [`Hasher`], identified by its one-shot operation's id
/// (`zcrypto::metered::Op::id`), which is what `hash_init` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u16)]
pub enum HashOp {
    /// SHA-256 (32-byte digest).
    Sha256 = 0x0100,
    /// SHA-384 (48).
    Sha384 = 0x0101,
    /// SHA-512 (64).
    Sha512 = 0x0102,
    /// SHA3-256 (32).
    Sha3_256 = 0x0103,
    /// Keccak-256 (32).
    Keccak256 = 0x0104,
    /// BLAKE2b-512 (64).
    Blake2b512 = 0x0105,
    /// BLAKE2s-256 (32).
    Blake2s256 = 0x0106,
    /// BLAKE3 (32).
    Blake3 = 0x0107,
}

impl HashOp {
    /// The digest length in bytes.
    pub const fn digest_len(self) -> usize {
        match self {
            HashOp::Sha384 => 48,
            HashOp::Sha512 | HashOp::Blake2b512 => 64,
            _ => 32,
        }
    }
}

/// A streaming hash held by the host (`hash_init` / `hash_update` / `hash_finish`).
#[derive(Debug)]
pub struct Hasher {
    handle: i32,
    op: HashOp,
}

impl Hasher {
    /// Opens a stream.
    pub fn new(op: HashOp) -> Result<Hasher, CryptoError> {
        // SAFETY: no memory access.
        let r = unsafe { sys::hash_init(op as u16 as i32) };
        if (0..256).contains(&r) {
            Ok(Hasher { handle: r, op })
        } else {
            Err(verdict(r).err().unwrap_or(CryptoError::INTERNAL))
        }
    }

    /// Feeds `data`.
    pub fn update(&mut self, data: &[u8]) -> Result<(), CryptoError> {
        // SAFETY: reads `data`.
        status(unsafe { sys::hash_update(self.handle, data.as_ptr(), len32(data)) })
    }

    /// Finishes the stream and returns the digest ([`HashOp::digest_len`] bytes).
    pub fn finish(self) -> Result<Vec<u8>, CryptoError> {
        let mut out = vec![0u8; self.op.digest_len()];
        // SAFETY: writes at most `out.len()` bytes to `out`.
        status(unsafe { sys::hash_finish(self.handle, out.as_mut_ptr(), len32(&out)) })?;
        Ok(out)
    }
}

// ---------------------------------------------------------------- MAC, KDF

macro_rules! keyed {
    ($($(#[$m:meta])* $name:ident($a:ident, $b:ident) -> $n:expr;)*) => {$(
        $(#[$m])*
        pub fn $name($a: &[u8], $b: &[u8]) -> Result<[u8; $n], CryptoError> {
            let mut out = [0u8; $n];
            // SAFETY: reads both inputs, writes at most `out.len()` bytes to `out`.
            status(unsafe {
                sys::$name($a.as_ptr(), len32($a), $b.as_ptr(), len32($b), out.as_mut_ptr(), $n)
            })?;
            Ok(out)
        }
    )*};
}

keyed! {
    /// HMAC-SHA-256.
    hmac_sha256(key, data) -> 32;
    /// HMAC-SHA-384.
    hmac_sha384(key, data) -> 48;
    /// HMAC-SHA-512.
    hmac_sha512(key, data) -> 64;
    /// HKDF-Extract with SHA-256: the pseudorandom key.
    hkdf_extract_sha256(salt, ikm) -> 32;
    /// HKDF-Extract with SHA-384: the pseudorandom key.
    hkdf_extract_sha384(salt, ikm) -> 48;
    /// HKDF-Extract with SHA-512: the pseudorandom key.
    hkdf_extract_sha512(salt, ikm) -> 64;
}

macro_rules! expand {
    ($($(#[$m:meta])* $name:ident;)*) => {$(
        $(#[$m])*
        pub fn $name(prk: &[u8], info: &[u8], out: &mut [u8]) -> Result<(), CryptoError> {
            // SAFETY: reads `prk` and `info`, writes at most `out.len()` bytes to `out`.
            status(unsafe {
                sys::$name(prk.as_ptr(), len32(prk), info.as_ptr(), len32(info), out.as_mut_ptr(), len32(out))
            })
        }
    )*};
}

expand! {
    /// HKDF-Expand with SHA-256: fills `out` (at most 255 × 32 bytes).
    hkdf_expand_sha256;
    /// HKDF-Expand with SHA-384: fills `out` (at most 255 × 48 bytes).
    hkdf_expand_sha384;
    /// HKDF-Expand with SHA-512: fills `out` (at most 255 × 64 bytes).
    hkdf_expand_sha512;
}

// ---------------------------------------------------------------- signatures

/// A signature scheme with a single-verification host function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Ed25519 under ZIP-215 (`verify_ed25519`).
    Ed25519,
    /// Ed25519 under strict RFC 8032 (`verify_ed25519_strict`).
    Ed25519Strict,
    /// ECDSA/secp256k1 over SHA-256(message), low S (`verify_ecdsa_secp256k1`).
    EcdsaSecp256k1,
    /// BIP-340 Schnorr (`verify_bip340`).
    Bip340,
    /// ML-DSA-44 (`verify_ml_dsa_44`).
    MlDsa44,
    /// ML-DSA-65 (`verify_ml_dsa_65`).
    MlDsa65,
    /// ML-DSA-87 (`verify_ml_dsa_87`).
    MlDsa87,
    /// BLS12-381, proof-of-possession ciphersuite (`verify_bls12_381`).
    Bls12381,
    /// Composite Ed25519 + ML-DSA-65 (`verify_ed25519_ml_dsa_65`).
    Ed25519MlDsa65,
}

/// Verifies `sig` by `pk` over `msg` with the context string `ctx` (empty for schemes
/// without one): `Ok(true)` valid, `Ok(false)` invalid, `Err` for a malformed key or
/// signature, or a context the scheme does not take.
pub fn verify(
    scheme: Scheme,
    pk: &[u8],
    msg: &[u8],
    ctx: &[u8],
    sig: &[u8],
) -> Result<bool, CryptoError> {
    let f = match scheme {
        Scheme::Ed25519 => sys::verify_ed25519,
        Scheme::Ed25519Strict => sys::verify_ed25519_strict,
        Scheme::EcdsaSecp256k1 => sys::verify_ecdsa_secp256k1,
        Scheme::Bip340 => sys::verify_bip340,
        Scheme::MlDsa44 => sys::verify_ml_dsa_44,
        Scheme::MlDsa65 => sys::verify_ml_dsa_65,
        Scheme::MlDsa87 => sys::verify_ml_dsa_87,
        Scheme::Bls12381 => sys::verify_bls12_381,
        Scheme::Ed25519MlDsa65 => sys::verify_ed25519_ml_dsa_65,
    };
    // SAFETY: reads the four inputs.
    verdict(unsafe {
        f(
            pk.as_ptr(),
            len32(pk),
            msg.as_ptr(),
            len32(msg),
            ctx.as_ptr(),
            len32(ctx),
            sig.as_ptr(),
            len32(sig),
        )
    })
}

macro_rules! verifiers {
    ($($(#[$m:meta])* $name:ident = $scheme:ident;)*) => {$(
        $(#[$m])*
        pub fn $name(pk: &[u8], msg: &[u8], sig: &[u8]) -> Result<bool, CryptoError> {
            verify(Scheme::$scheme, pk, msg, &[], sig)
        }
    )*};
}

macro_rules! verifiers_ctx {
    ($($(#[$m:meta])* $name:ident = $scheme:ident;)*) => {$(
        $(#[$m])*
        pub fn $name(pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> Result<bool, CryptoError> {
            verify(Scheme::$scheme, pk, msg, ctx, sig)
        }
    )*};
}

verifiers! {
    /// Ed25519 (ZIP-215): 32-byte key, 64-byte signature.
    verify_ed25519 = Ed25519;
    /// Ed25519 (strict RFC 8032): 32-byte key, 64-byte signature.
    verify_ed25519_strict = Ed25519Strict;
    /// ECDSA/secp256k1 over SHA-256(msg), low S.
    verify_ecdsa_secp256k1 = EcdsaSecp256k1;
    /// BIP-340 Schnorr: 32-byte x-only key, 64-byte signature.
    verify_bip340 = Bip340;
    /// BLS12-381: 48-byte key, 96-byte signature.
    verify_bls12_381 = Bls12381;
}

verifiers_ctx! {
    /// ML-DSA-44 with a context string (≤ 255 bytes).
    verify_ml_dsa_44 = MlDsa44;
    /// ML-DSA-65 with a context string (≤ 255 bytes).
    verify_ml_dsa_65 = MlDsa65;
    /// ML-DSA-87 with a context string (≤ 255 bytes).
    verify_ml_dsa_87 = MlDsa87;
    /// Composite Ed25519 + ML-DSA-65 with a context string.
    verify_ed25519_ml_dsa_65 = Ed25519MlDsa65;
}

fn recover<const N: usize>(
    hash: &[u8; 32],
    sig: &[u8; 65],
    format: i32,
) -> Result<Option<[u8; N]>, CryptoError> {
    let mut out = [0u8; N];
    // SAFETY: reads the hash and signature, writes at most N bytes to `out`.
    let r = unsafe {
        sys::secp256k1_recover(
            hash.as_ptr(),
            32,
            sig.as_ptr(),
            65,
            format,
            out.as_mut_ptr(),
            N as u32,
        )
    };
    Ok(verdict(r)?.then_some(out))
}

/// secp256k1 recovery from a 32-byte prehash and a 65-byte `r ‖ s ‖ v` signature: the
/// signer's 20-byte Ethereum address, `None` if no key can be recovered.
pub fn secp256k1_recover_address(
    hash: &[u8; 32],
    sig: &[u8; 65],
) -> Result<Option<[u8; 20]>, CryptoError> {
    recover(hash, sig, 2)
}

/// secp256k1 recovery: the 64-byte raw public key `x ‖ y`.
pub fn secp256k1_recover_raw(
    hash: &[u8; 32],
    sig: &[u8; 65],
) -> Result<Option<[u8; 64]>, CryptoError> {
    recover(hash, sig, 1)
}

/// secp256k1 recovery: the 65-byte uncompressed SEC1 key `0x04 ‖ x ‖ y`.
pub fn secp256k1_recover_uncompressed(
    hash: &[u8; 32],
    sig: &[u8; 65],
) -> Result<Option<[u8; 65]>, CryptoError> {
    recover(hash, sig, 0)
}

// ---------------------------------------------------------------- BLS, policies, batches

/// BLS FastAggregateVerify: `keys` is `n × 48` compressed keys (whose proofs of
/// possession were checked), `sig` the 96-byte aggregate signature over `msg`.
pub fn bls_fast_aggregate_verify(keys: &[u8], msg: &[u8], sig: &[u8]) -> Result<bool, CryptoError> {
    // SAFETY: reads the three inputs.
    verdict(unsafe {
        sys::bls_fast_aggregate_verify(
            keys.as_ptr(),
            len32(keys),
            msg.as_ptr(),
            len32(msg),
            sig.as_ptr(),
            len32(sig),
        )
    })
}

/// BLS AggregateVerify: `keys` is `n × 48`, `msgs` is `n × (length (4 B LE) ‖ message)`.
pub fn bls_aggregate_verify(keys: &[u8], msgs: &[u8], sig: &[u8]) -> Result<bool, CryptoError> {
    // SAFETY: reads the three inputs.
    verdict(unsafe {
        sys::bls_aggregate_verify(
            keys.as_ptr(),
            len32(keys),
            msgs.as_ptr(),
            len32(msgs),
            sig.as_ptr(),
            len32(sig),
        )
    })
}

/// Aggregates `n × 96` bytes of BLS signatures into one.
pub fn bls_aggregate_signatures(sigs: &[u8]) -> Result<[u8; 96], CryptoError> {
    let mut out = [0u8; 96];
    // SAFETY: reads `sigs`, writes at most 96 bytes.
    status(unsafe {
        sys::bls_aggregate_signatures(sigs.as_ptr(), len32(sigs), out.as_mut_ptr(), 96)
    })?;
    Ok(out)
}

/// Verifies an M-of-N policy (`M ‖ N ‖ N × (name length ‖ name ‖ key length (2 B BE)
/// ‖ key)`) against a signature list (`count ‖ count × (index ‖ length (2 B BE) ‖
/// signature)`) over `msg` and `ctx`: `Ok(false)` for too few, repeated, unknown or
/// bad signatures; `Err` for a policy whose keys do not validate.
pub fn multisig_verify(
    policy: &[u8],
    msg: &[u8],
    ctx: &[u8],
    sigs: &[u8],
) -> Result<bool, CryptoError> {
    // SAFETY: reads the four inputs.
    verdict(unsafe {
        sys::multisig_verify(
            policy.as_ptr(),
            len32(policy),
            msg.as_ptr(),
            len32(msg),
            ctx.as_ptr(),
            len32(ctx),
            sigs.as_ptr(),
            len32(sigs),
        )
    })
}

/// Verifies a whole batch (`zcrypto::metered::batch` encoding): `Ok(true)` iff every
/// item verifies.
pub fn batch_verify(batch: &[u8]) -> Result<bool, CryptoError> {
    // SAFETY: reads `batch`.
    verdict(unsafe { sys::batch_verify(batch.as_ptr(), len32(batch)) })
}

// ---------------------------------------------------------------- ML-KEM

macro_rules! kems {
    ($($(#[$m:meta])* $name:ident, $ct:expr;)*) => {$(
        $(#[$m])*
        pub fn $name(ek: &[u8], rand: &[u8; 32]) -> Result<(Vec<u8>, [u8; 32]), CryptoError> {
            let mut ct = vec![0u8; $ct];
            let mut ss = [0u8; 32];
            // SAFETY: reads `ek` and `rand`, writes at most the buffers' lengths.
            status(unsafe {
                sys::$name(ek.as_ptr(), len32(ek), rand.as_ptr(), 32, ct.as_mut_ptr(), $ct, ss.as_mut_ptr(), 32)
            })?;
            Ok((ct, ss))
        }
    )*};
}

kems! {
    /// ML-KEM-512 encapsulation with caller-given randomness: (ciphertext (768 B),
    /// shared secret).
    ml_kem_512_encapsulate, 768;
    /// ML-KEM-768 encapsulation: (ciphertext (1088 B), shared secret).
    ml_kem_768_encapsulate, 1088;
    /// ML-KEM-1024 encapsulation: (ciphertext (1568 B), shared secret).
    ml_kem_1024_encapsulate, 1568;
}

// ---------------------------------------------------------------- Merkle

macro_rules! inclusion {
    ($($(#[$m:meta])* $name:ident;)*) => {$(
        $(#[$m])*
        pub fn $name(leaf: &[u8], proof: &[u8], root: &[u8; 32]) -> Result<bool, CryptoError> {
            // SAFETY: reads the three inputs.
            verdict(unsafe {
                sys::$name(leaf.as_ptr(), len32(leaf), proof.as_ptr(), len32(proof), root.as_ptr(), 32)
            })
        }
    )*};
}

inclusion! {
    /// RFC 9162 inclusion proof with SHA-256: `leaf` is the leaf data, `proof` a
    /// `zcrypto::merkle::InclusionProof` encoding.
    merkle_inclusion_sha256;
    /// RFC 9162 inclusion proof with Keccak-256.
    merkle_inclusion_keccak256;
    /// RFC 9162 inclusion proof with BLAKE3.
    merkle_inclusion_blake3;
}

/// OpenZeppelin `MerkleProof.verify(proof, root, leaf)`: `leaf` is the 32-byte leaf
/// hash (`keccak256(keccak256(abi.encode(values)))` for a `StandardMerkleTree`),
/// `proof` a multiple of 32 bytes.
pub fn merkle_verify_ethereum(
    leaf: &[u8; 32],
    proof: &[u8],
    root: &[u8; 32],
) -> Result<bool, CryptoError> {
    // SAFETY: reads the three inputs.
    verdict(unsafe {
        sys::merkle_verify_ethereum(
            leaf.as_ptr(),
            32,
            proof.as_ptr(),
            len32(proof),
            root.as_ptr(),
            32,
        )
    })
}

macro_rules! sparse {
    ($($(#[$m:meta])* $name:ident;)*) => {$(
        $(#[$m])*
        pub fn $name(root: &[u8; 32], key: &[u8; 32], value: Option<&[u8]>, proof: &[u8]) -> Result<bool, CryptoError> {
            let (present, v): (i32, &[u8]) = match value {
                Some(v) => (1, v),
                None => (0, &[]),
            };
            // SAFETY: reads the inputs.
            verdict(unsafe {
                sys::$name(root.as_ptr(), 32, key.as_ptr(), 32, present, v.as_ptr(), len32(v), proof.as_ptr(), len32(proof))
            })
        }
    )*};
}

sparse! {
    /// Sparse Merkle proof with SHA-256: with `Some(value)` that `key` holds it, with
    /// `None` that `key` is absent.
    sparse_merkle_verify_sha256;
    /// Sparse Merkle proof with Keccak-256.
    sparse_merkle_verify_keccak256;
    /// Sparse Merkle proof with BLAKE3.
    sparse_merkle_verify_blake3;
}

// ---------------------------------------------------------------- zero-knowledge proofs

macro_rules! groth16 {
    ($($(#[$m:meta])* $name:ident;)*) => {$(
        $(#[$m])*
        pub fn $name(vk: &[u8], proof: &[u8], inputs: &[[u8; 32]]) -> Result<bool, CryptoError> {
            let inputs = inputs.as_flattened();
            // SAFETY: reads the three inputs.
            verdict(unsafe {
                sys::$name(vk.as_ptr(), len32(vk), proof.as_ptr(), len32(proof), inputs.as_ptr(), len32(inputs))
            })
        }
    )*};
}

groth16! {
    /// Groth16 proof verification over BN254 (snarkjs/circom `bn128`): `vk` and `proof`
    /// in zcrypto's binary encoding (`zcrypto::zk::encoding`: `VerifyingKey::to_bytes`,
    /// 261 + 32n bytes, and `Proof::to_bytes`, 129 bytes), `inputs` the n ≤ 64 public
    /// signals, each big-endian and below the scalar field modulus. `Ok(false)`: a
    /// well-formed proof that does not verify; a key or proof that does not decode, or a
    /// wrong length, curve tag or n, is an error.
    groth16_verify_bn254;
    /// Groth16 proof verification over BLS12-381 (key 389 + 48n bytes, proof 193).
    groth16_verify_bls12_381;
}

/// Bulletproofs range proof verification (`zcrypto::zk::bulletproofs`, Ristretto255):
/// every value committed in `commitments` (1, 2, 4, 8 or 16 Pedersen commitments, in the
/// prover's order) lies in `[0, 2^bits)`, `bits` 8, 16, 32 or 64. `proof` is
/// `RangeProof::to_bytes` (480 to 928 bytes). `Ok(false)`: a well-formed proof that does
/// not verify; a wrong length or count, an unsupported bit size or a commitment that does
/// not decode is an error.
pub fn bulletproofs_verify(
    proof: &[u8],
    commitments: &[[u8; 32]],
    bits: u8,
) -> Result<bool, CryptoError> {
    let commitments = commitments.as_flattened();
    // SAFETY: reads the three inputs.
    verdict(unsafe {
        sys::bulletproofs_verify(
            proof.as_ptr(),
            len32(proof),
            commitments.as_ptr(),
            len32(commitments),
            &bits,
            1,
        )
    })
}

/// EIP-4844 KZG point evaluation: `input` is the 192-byte input of Ethereum's `0x0a`
/// precompile (versioned hash ‖ z ‖ y ‖ commitment ‖ proof). `Ok(true)` where `0x0a`
/// succeeds; `Ok(false)` for a versioned hash that is not the commitment's or a proof
/// that does not verify; z or y out of range or a point that does not decode is an error.
pub fn kzg_point_evaluation(input: &[u8; 192]) -> Result<bool, CryptoError> {
    // SAFETY: reads the input.
    verdict(unsafe { sys::kzg_point_evaluation(input.as_ptr(), 192) })
}

/// halo2 proof verification for one of zcrypto's shipped circuits (`zcrypto::zk::halo2`:
/// range checks on a Poseidon commitment, Poseidon Merkle membership). `encoding` is
/// `zcrypto::zk::halo2::encode`'s output: the 2-byte big-endian circuit id, the public
/// inputs (32 bytes each) and the proof. `Ok(false)`: a well-formed proof that does not
/// verify; an unknown circuit id, a wrong length or a public input that is not a field
/// element is an error. The contract must still check that the circuit id and the public
/// inputs are the ones it expects (the commitment or root it holds).
pub fn halo2_verify(encoding: &[u8]) -> Result<bool, CryptoError> {
    // SAFETY: reads the encoding.
    verdict(unsafe { sys::halo2_verify(encoding.as_ptr(), len32(encoding)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results() {
        assert_eq!(verdict(0), Ok(true));
        assert_eq!(verdict(1), Ok(false));
        assert_eq!(verdict(256 + 3), Err(CryptoError::INVALID_SIGNATURE));
        assert_eq!(verdict(2), Err(CryptoError::INTERNAL));
        assert_eq!(status(1), Err(CryptoError::INTERNAL));
        assert_eq!(CryptoError { code: 16 }.name(), "limit_exceeded");
    }
}
