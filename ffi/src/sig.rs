//! Signatures for every scheme by stable name (`zcrypto::sig::dynamic`), secp256k1
//! ECDSA public-key recovery and BLS12-381 aggregation.
//!
//! The secret key of every scheme is its standard seed (see `zc_sig_lengths`): the
//! RFC 8032 seed, the secp256k1 scalar, FIPS 204 ξ, ML-DSA-65 ξ ‖ Ed25519 seed for
//! `"ed25519-ml-dsa-65"`, BLS KeyGen input keying material.

use core::ffi::c_char;

use zcrypto::sig::secp256k1::ecdsa;
use zcrypto::sig::secp256k1::schnorr;
use zcrypto::sig::{Encoding, Signer, bls, dynamic, ed25519, hybrid, ml_dsa};
use zcrypto::{Algorithm, Error};

use crate::boundary::{algorithm, array, ffi_boundary, output, slice, store};

/// Ed25519 public key length.
pub const ZC_ED25519_PUBLIC_KEY_LEN: usize = 32;
/// Ed25519 signature length.
pub const ZC_ED25519_SIGNATURE_LEN: usize = 64;
/// secp256k1 ECDSA compressed public key length (SEC 1).
pub const ZC_SECP256K1_PUBLIC_KEY_LEN: usize = 33;
/// secp256k1 ECDSA uncompressed public key length (SEC 1, `0x04 ‖ x ‖ y`).
pub const ZC_SECP256K1_UNCOMPRESSED_PUBLIC_KEY_LEN: usize = 65;
/// secp256k1 ECDSA signature length (`r ‖ s`).
pub const ZC_SECP256K1_SIGNATURE_LEN: usize = 64;
/// secp256k1 ECDSA recoverable signature length (`r ‖ s ‖ v`, v = 0 or 1).
pub const ZC_SECP256K1_RECOVERABLE_SIGNATURE_LEN: usize = 65;
/// BLS12-381 public key length (compressed G1).
pub const ZC_BLS_PUBLIC_KEY_LEN: usize = 48;
/// BLS12-381 signature length (compressed G2).
pub const ZC_BLS_SIGNATURE_LEN: usize = 96;
/// The longest seed of any signature scheme (the composite Ed25519 + ML-DSA-65).
pub const ZC_SIG_MAX_SEED_LEN: usize = 64;
/// The longest public key of any signature scheme (ML-DSA-87).
pub const ZC_SIG_MAX_PUBLIC_KEY_LEN: usize = 2592;
/// The longest signature of any signature scheme (ML-DSA-87).
pub const ZC_SIG_MAX_SIGNATURE_LEN: usize = 4627;

const _: () = {
    assert!(ZC_ED25519_PUBLIC_KEY_LEN == ed25519::PUBLIC_KEY_LEN);
    assert!(ZC_ED25519_SIGNATURE_LEN == ed25519::SIGNATURE_LEN);
    assert!(ZC_SECP256K1_PUBLIC_KEY_LEN == ecdsa::PUBLIC_KEY_LEN);
    assert!(ZC_SECP256K1_UNCOMPRESSED_PUBLIC_KEY_LEN == ecdsa::UNCOMPRESSED_PUBLIC_KEY_LEN);
    assert!(ZC_SECP256K1_SIGNATURE_LEN == ecdsa::SIGNATURE_LEN);
    assert!(ZC_SECP256K1_RECOVERABLE_SIGNATURE_LEN == ecdsa::RECOVERABLE_SIGNATURE_LEN);
    assert!(ZC_BLS_PUBLIC_KEY_LEN == bls::PUBLIC_KEY_LEN);
    assert!(ZC_BLS_SIGNATURE_LEN == bls::SIGNATURE_LEN);
};

/// (seed, public key, signature) lengths of a signature scheme.
pub(crate) fn lengths(alg: Algorithm) -> Result<(usize, usize, usize), Error> {
    let ml = |p: ml_dsa::MlDsa| (ml_dsa::SEED_LEN, p.verifying_key_len(), p.signature_len());
    Ok(match alg {
        Algorithm::Ed25519 => (
            ed25519::SEED_LEN,
            ed25519::PUBLIC_KEY_LEN,
            ed25519::SIGNATURE_LEN,
        ),
        Algorithm::EcdsaSecp256k1 => (
            ecdsa::SECRET_KEY_LEN,
            ecdsa::PUBLIC_KEY_LEN,
            ecdsa::SIGNATURE_LEN,
        ),
        Algorithm::Bip340 => (
            schnorr::SECRET_KEY_LEN,
            schnorr::PUBLIC_KEY_LEN,
            schnorr::SIGNATURE_LEN,
        ),
        Algorithm::MlDsa44 => ml(ml_dsa::MlDsa::MlDsa44),
        Algorithm::MlDsa65 => ml(ml_dsa::MlDsa::MlDsa65),
        Algorithm::MlDsa87 => ml(ml_dsa::MlDsa::MlDsa87),
        Algorithm::HybridEd25519MlDsa65 => (
            hybrid::SEED_LEN,
            hybrid::PUBLIC_KEY_LEN,
            hybrid::SIGNATURE_LEN,
        ),
        Algorithm::Bls12381 => (bls::SEED_LEN, bls::PUBLIC_KEY_LEN, bls::SIGNATURE_LEN),
        _ => return Err(Error::UnsupportedAlgorithm),
    })
}

/// Stores the seed (secret key), public key and signature lengths of a signature scheme
/// (`"ed25519"`, `"ecdsa-secp256k1"`, `"bip340"`, `"ml-dsa-44"`, `"ml-dsa-65"`,
/// `"ml-dsa-87"`, `"ed25519-ml-dsa-65"`, `"bls12-381"`). Each is at most the matching
/// `ZC_SIG_MAX_*_LEN`. (`"frost-ed25519"` is a protocol, not available here:
/// `ZC_ERR_UNSUPPORTED_ALGORITHM`.)
///
/// # Safety
/// `alg` is NULL or NUL-terminated; each out-pointer is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_sig_lengths(
    alg: *const c_char,
    out_seed_len: *mut usize,
    out_public_key_len: *mut usize,
    out_signature_len: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let (s, p, g) = lengths(algorithm(alg)?)?;
            store(out_seed_len, s);
            store(out_public_key_len, p);
            store(out_signature_len, g);
        }
        Ok(())
    })
}

/// The public key (the scheme's standard encoding) of the secret key `seed`.
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_sig_public_key(
    alg: *const c_char,
    seed: *const u8,
    seed_len: usize,
    out_public_key: *mut u8,
    out_public_key_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let alg = algorithm(alg)?;
            let (_, pk) = dynamic::keygen(alg, slice(seed, seed_len)?)?;
            output(out_public_key, out_public_key_len, out_written, &pk)
        }
    })
}

/// Signs `message` with the secret key `seed` under `context` (empty — NULL, 0 — for
/// schemes without contexts; ML-DSA and the composite take up to 255 bytes). Every
/// scheme here signs deterministically (ML-DSA and the composite with FIPS 204's
/// rnd = 0^32) except BIP-340, which draws a fresh `aux_rand` from the operating system:
/// `zc_bip340_sign` takes it from the caller.
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_sig_sign(
    alg: *const c_char,
    seed: *const u8,
    seed_len: usize,
    message: *const u8,
    message_len: usize,
    context: *const u8,
    context_len: usize,
    out_signature: *mut u8,
    out_signature_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let alg = algorithm(alg)?;
            // Answer a size query without signing.
            let (_, _, sig_len) = lengths(alg)?;
            if out_signature_len < sig_len {
                return output(
                    out_signature,
                    out_signature_len,
                    out_written,
                    &vec![0; sig_len],
                );
            }
            let sig = dynamic::sign(
                alg,
                slice(seed, seed_len)?,
                slice(message, message_len)?,
                slice(context, context_len)?,
            )?;
            output(out_signature, out_signature_len, out_written, &sig)
        }
    })
}

/// The length of BIP-340's auxiliary randomness `aux_rand`.
pub const ZC_BIP340_AUX_RAND_LEN: usize = 32;

const _: () = assert!(ZC_BIP340_AUX_RAND_LEN == schnorr::AUX_RAND_LEN);

/// BIP-340 Sign(sk, message, aux_rand) with a caller-given 32-byte `aux_rand`
/// (`ZC_BIP340_AUX_RAND_LEN`; another length is `ZC_ERR_INVALID_LENGTH`): deterministic,
/// so known-answer tests can reproduce signatures byte for byte. Writes the 64-byte
/// signature made with the 32-byte secret scalar `seed`; `message` may have any length.
/// BIP-340 recommends fresh random `aux_rand` (what `zc_sig_sign` uses); all zeros is
/// allowed and still secure, but a predictable value weakens protection against
/// side-channel attacks.
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_bip340_sign(
    seed: *const u8,
    seed_len: usize,
    message: *const u8,
    message_len: usize,
    aux_rand: *const u8,
    aux_rand_len: usize,
    out_signature: *mut u8,
    out_signature_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let sk = schnorr::SigningKey::from_seed(slice(seed, seed_len)?)?;
            let aux = array::<{ schnorr::AUX_RAND_LEN }>(slice(aux_rand, aux_rand_len)?)?;
            let sig = sk.sign_with_aux_rand(slice(message, message_len)?, &aux)?;
            output(
                out_signature,
                out_signature_len,
                out_written,
                &sig.to_bytes(),
            )
        }
    })
}

/// Verifies `signature` over `message` under `context` with an encoded public key:
/// `ZC_OK`, `ZC_ERR_INVALID_SIGNATURE`, `ZC_ERR_INVALID_KEY` (malformed key) or
/// `ZC_ERR_INVALID_LENGTH`.
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_sig_verify(
    alg: *const c_char,
    public_key: *const u8,
    public_key_len: usize,
    message: *const u8,
    message_len: usize,
    context: *const u8,
    context_len: usize,
    signature: *const u8,
    signature_len: usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            dynamic::verify(
                algorithm(alg)?,
                slice(public_key, public_key_len)?,
                slice(message, message_len)?,
                slice(context, context_len)?,
                slice(signature, signature_len)?,
            )
        }
    })
}

/// Checks that `public_key` is a well-formed public key for the scheme.
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_sig_check_public_key(
    alg: *const c_char,
    public_key: *const u8,
    public_key_len: usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe { dynamic::check_public_key(algorithm(alg)?, slice(public_key, public_key_len)?) }
    })
}

/// secp256k1 ECDSA over a caller-computed 32-byte hash (e.g. Keccak-256 of an Ethereum
/// transaction): writes the 65-byte recoverable signature `r ‖ s ‖ v` (low S, RFC 6979,
/// v = 0 or 1) made with the 32-byte secret scalar `seed`.
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_secp256k1_sign_recoverable(
    seed: *const u8,
    seed_len: usize,
    prehash: *const u8,
    prehash_len: usize,
    out_signature: *mut u8,
    out_signature_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let sk = ecdsa::SigningKey::from_seed(slice(seed, seed_len)?)?;
            let h = array::<{ ecdsa::PREHASH_LEN }>(slice(prehash, prehash_len)?)?;
            let sig = sk.sign_prehash_recoverable(&h)?;
            output(
                out_signature,
                out_signature_len,
                out_written,
                &sig.to_bytes(),
            )
        }
    })
}

/// secp256k1 ECDSA public-key recovery (Ethereum's `ecrecover` without the address
/// step): the key that made the 65-byte signature `r ‖ s ‖ v` (v = 0 or 1; subtract 27
/// from Ethereum's v first) over the 32-byte `prehash`. High S is
/// `ZC_ERR_INVALID_SIGNATURE`. Writes the 33-byte compressed key, or the 65-byte
/// uncompressed one if `uncompressed` is nonzero.
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_secp256k1_recover(
    prehash: *const u8,
    prehash_len: usize,
    signature: *const u8,
    signature_len: usize,
    uncompressed: i32,
    out_public_key: *mut u8,
    out_public_key_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let h = array::<{ ecdsa::PREHASH_LEN }>(slice(prehash, prehash_len)?)?;
            let sig = ecdsa::RecoverableSignature::from_bytes(slice(signature, signature_len)?)?;
            let vk = sig.recover_prehash(&h)?;
            if uncompressed != 0 {
                output(
                    out_public_key,
                    out_public_key_len,
                    out_written,
                    &vk.to_uncompressed(),
                )
            } else {
                output(
                    out_public_key,
                    out_public_key_len,
                    out_written,
                    vk.as_bytes(),
                )
            }
        }
    })
}

/// Splits `bytes` into `n`-byte items and decodes each.
fn decode_all<T: Encoding>(bytes: &[u8], n: usize) -> Result<Vec<T>, Error> {
    if !bytes.len().is_multiple_of(n) {
        return Err(Error::InvalidLength {
            expected: (bytes.len() / n + 1) * n,
            got: bytes.len(),
        });
    }
    bytes.chunks_exact(n).map(T::from_bytes).collect()
}

/// BLS12-381: the aggregate of `signatures`, the concatenation of
/// `signatures_len / ZC_BLS_SIGNATURE_LEN` 96-byte signatures (a length that is not a
/// multiple is `ZC_ERR_INVALID_LENGTH`; none is `ZC_ERR_INVALID_SIGNATURE`).
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_bls_aggregate_signatures(
    signatures: *const u8,
    signatures_len: usize,
    out_signature: *mut u8,
    out_signature_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let sigs = decode_all::<bls::Signature>(
                slice(signatures, signatures_len)?,
                bls::SIGNATURE_LEN,
            )?;
            let agg = bls::aggregate_signatures(&sigs)?;
            output(
                out_signature,
                out_signature_len,
                out_written,
                agg.as_bytes(),
            )
        }
    })
}

/// BLS12-381: the sum of `public_keys`, the concatenation of
/// `public_keys_len / ZC_BLS_PUBLIC_KEY_LEN` 48-byte keys (none, or a sum at infinity,
/// is `ZC_ERR_INVALID_KEY`). Only safe for keys whose proofs of possession were checked.
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_bls_aggregate_public_keys(
    public_keys: *const u8,
    public_keys_len: usize,
    out_public_key: *mut u8,
    out_public_key_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let keys = decode_all::<bls::VerifyingKey>(
                slice(public_keys, public_keys_len)?,
                bls::PUBLIC_KEY_LEN,
            )?;
            let agg = bls::aggregate_verifying_keys(&keys)?;
            output(
                out_public_key,
                out_public_key_len,
                out_written,
                agg.as_bytes(),
            )
        }
    })
}

/// BLS12-381 FastAggregateVerify: `signature` is the aggregate of signatures by every
/// key in `public_keys` (concatenated 48-byte keys) over the same `message`. Only safe
/// for keys whose proofs of possession were checked.
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_bls_fast_aggregate_verify(
    public_keys: *const u8,
    public_keys_len: usize,
    message: *const u8,
    message_len: usize,
    signature: *const u8,
    signature_len: usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let keys = decode_all::<bls::VerifyingKey>(
                slice(public_keys, public_keys_len)?,
                bls::PUBLIC_KEY_LEN,
            )?;
            let sig = bls::Signature::from_bytes(slice(signature, signature_len)?)?;
            bls::fast_aggregate_verify(&keys, slice(message, message_len)?, &sig)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bip340_sign_errors_and_size_query() {
        let (seed, aux) = ([3u8; 32], [9u8; 32]);
        let mut out = [0xaau8; 64];
        let mut w = 0usize;
        // SAFETY: every pointer is a live local of the stated length.
        unsafe {
            // Size query: nothing written but the size.
            let rc = zc_bip340_sign(
                seed.as_ptr(),
                32,
                b"m".as_ptr(),
                1,
                aux.as_ptr(),
                32,
                core::ptr::null_mut(),
                0,
                &mut w,
            );
            assert_eq!((rc, w), (crate::ZC_ERR_BUFFER_TOO_SMALL, 64));
            // A 31-byte aux_rand or seed: an error, the output untouched.
            let rc = zc_bip340_sign(
                seed.as_ptr(),
                32,
                b"m".as_ptr(),
                1,
                aux.as_ptr(),
                31,
                out.as_mut_ptr(),
                64,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_ERR_INVALID_LENGTH);
            let rc = zc_bip340_sign(
                seed.as_ptr(),
                31,
                b"m".as_ptr(),
                1,
                aux.as_ptr(),
                32,
                out.as_mut_ptr(),
                64,
                &mut w,
            );
            assert_eq!(rc, crate::ZC_ERR_INVALID_LENGTH);
            assert_eq!(out, [0xaa; 64]);
            // The same signature as the Rust API, and it verifies.
            let rc = zc_bip340_sign(
                seed.as_ptr(),
                32,
                b"m".as_ptr(),
                1,
                aux.as_ptr(),
                32,
                out.as_mut_ptr(),
                64,
                &mut w,
            );
            assert_eq!((rc, w), (crate::ZC_OK, 64));
        }
        let sk = schnorr::SigningKey::from_seed(&seed).unwrap();
        assert_eq!(
            out.to_vec(),
            sk.sign_with_aux_rand(b"m", &aux).unwrap().to_bytes()
        );
        let (_, pk) = dynamic::keygen(Algorithm::Bip340, &seed).unwrap();
        assert_eq!(
            dynamic::verify(Algorithm::Bip340, &pk, b"m", b"", &out),
            Ok(())
        );
    }

    #[test]
    fn lengths_are_real_and_bounded() {
        for &alg in Algorithm::ALL {
            let Ok((s, p, g)) = lengths(alg) else {
                assert!(dynamic::seed_len(alg).is_err() || alg == Algorithm::FrostEd25519);
                continue;
            };
            assert_eq!(dynamic::seed_len(alg), Ok(s), "{alg}");
            let seed = vec![7u8; s];
            let (_, pk) = dynamic::keygen(alg, &seed).unwrap();
            let sig = dynamic::sign(alg, &seed, b"m", b"").unwrap();
            assert_eq!((pk.len(), sig.len()), (p, g), "{alg}");
            assert!(s <= ZC_SIG_MAX_SEED_LEN && p <= ZC_SIG_MAX_PUBLIC_KEY_LEN);
            assert!(g <= ZC_SIG_MAX_SIGNATURE_LEN);
        }
        let (_, p, g) = lengths(Algorithm::MlDsa87).unwrap();
        assert_eq!(
            (p, g),
            (ZC_SIG_MAX_PUBLIC_KEY_LEN, ZC_SIG_MAX_SIGNATURE_LEN)
        );
    }
}
