//! ML-KEM (FIPS 203) and the TLS hybrid X25519MLKEM768.
//!
//! ML-KEM keys cross the ABI as the 64-byte seed `d ‖ z` (key generation), the
//! encapsulation key encoding and the expanded FIPS 203 decapsulation key encoding.
//! The hybrid client is stateless here: the caller keeps its ML-KEM seed and X25519
//! secret and passes them to `zc_hybrid_client_share` and `zc_hybrid_client_finish`.

use core::ffi::c_char;

use zcrypto::kem::{
    DecapsulationKey, ENCAPS_RANDOMNESS_LEN, EncapsulationKey, MlKem, SEED_LEN, SHARED_SECRET_LEN,
    hybrid,
};

use crate::boundary::{algorithm, array, ffi_boundary, out, slice, store, write};

/// ML-KEM key generation seed length (`d ‖ z`).
pub const ZC_KEM_SEED_LEN: usize = 64;
/// ML-KEM shared secret length.
pub const ZC_KEM_SHARED_SECRET_LEN: usize = 32;
/// Length of the explicit encapsulation randomness `m`.
pub const ZC_KEM_ENCAPS_RANDOMNESS_LEN: usize = 32;
/// X25519MLKEM768 client key share length (ML-KEM-768 ek ‖ X25519 public key).
pub const ZC_HYBRID_CLIENT_SHARE_LEN: usize = 1216;
/// X25519MLKEM768 server key share length (ML-KEM-768 ciphertext ‖ X25519 public key).
pub const ZC_HYBRID_SERVER_SHARE_LEN: usize = 1120;
/// X25519MLKEM768 combined secret length (ML-KEM secret ‖ X25519 secret).
pub const ZC_HYBRID_SECRET_LEN: usize = 64;
const _: () = {
    assert!(ZC_KEM_SEED_LEN == SEED_LEN);
    assert!(ZC_KEM_SHARED_SECRET_LEN == SHARED_SECRET_LEN);
    assert!(ZC_KEM_ENCAPS_RANDOMNESS_LEN == ENCAPS_RANDOMNESS_LEN);
    assert!(ZC_HYBRID_CLIENT_SHARE_LEN == hybrid::CLIENT_SHARE_LEN);
    assert!(ZC_HYBRID_SERVER_SHARE_LEN == hybrid::SERVER_SHARE_LEN);
    assert!(ZC_HYBRID_SECRET_LEN == hybrid::SECRET_LEN);
};

/// Parses an `"ml-kem-*"` name.
///
/// # Safety
/// `alg` is NULL or NUL-terminated.
unsafe fn params(alg: *const c_char) -> Result<MlKem, zcrypto::Error> {
    // SAFETY: forwarded from the caller.
    MlKem::try_from(unsafe { algorithm(alg) }?)
}

/// Stores the encapsulation key, decapsulation key and ciphertext lengths of
/// `"ml-kem-512"`, `"ml-kem-768"` or `"ml-kem-1024"`.
///
/// # Safety
/// `alg` is NULL or NUL-terminated; each out-pointer is NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_kem_lengths(
    alg: *const c_char,
    out_ek_len: *mut usize,
    out_dk_len: *mut usize,
    out_ct_len: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let p = params(alg)?;
            store(out_ek_len, p.encapsulation_key_len());
            store(out_dk_len, p.decapsulation_key_len());
            store(out_ct_len, p.ciphertext_len());
        }
        Ok(())
    })
}

/// ML-KEM.KeyGen_internal from the 64-byte seed `d ‖ z`: writes the encapsulation key
/// and the expanded decapsulation key (secret). Both outputs or neither.
///
/// # Safety
/// Pointer/length pairs and output triples follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_kem_keygen(
    alg: *const c_char,
    seed: *const u8,
    seed_len: usize,
    out_ek: *mut u8,
    out_ek_len: usize,
    out_ek_written: *mut usize,
    out_dk: *mut u8,
    out_dk_len: usize,
    out_dk_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let p = params(alg)?;
            let seed = zeroize::Zeroizing::new(array::<SEED_LEN>(slice(seed, seed_len)?)?);
            let dk = DecapsulationKey::from_seed(p, &seed)?;
            let dk_bytes = dk.to_bytes();
            write(&[
                (
                    &out(out_ek, out_ek_len, out_ek_written),
                    dk.encapsulation_key().as_bytes(),
                ),
                (&out(out_dk, out_dk_len, out_dk_written), &dk_bytes),
            ])
        }
    })
}

/// Encapsulates to `ek`: writes the ciphertext and the 32-byte shared secret. With
/// `m == NULL` (and `m_len == 0`) the randomness comes from the operating system;
/// otherwise `m` is the 32-byte randomness of ML-KEM.Encaps_internal (known-answer tests
/// only: never reuse it).
///
/// # Safety
/// Pointer/length pairs and output triples follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_kem_encapsulate(
    alg: *const c_char,
    ek: *const u8,
    ek_len: usize,
    m: *const u8,
    m_len: usize,
    out_ct: *mut u8,
    out_ct_len: usize,
    out_ct_written: *mut usize,
    out_ss: *mut u8,
    out_ss_len: usize,
    out_ss_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let p = params(alg)?;
            let ek = EncapsulationKey::from_bytes(p, slice(ek, ek_len)?)?;
            let (ct, ss) = if m.is_null() && m_len == 0 {
                ek.encapsulate()?
            } else {
                let m = zeroize::Zeroizing::new(array::<ENCAPS_RANDOMNESS_LEN>(slice(m, m_len)?)?);
                ek.encapsulate_deterministic(&m)?
            };
            write(&[
                (&out(out_ct, out_ct_len, out_ct_written), ct.as_bytes()),
                (&out(out_ss, out_ss_len, out_ss_written), ss.as_bytes()),
            ])
        }
    })
}

/// ML-KEM.Decaps with the expanded decapsulation key `dk`: writes the 32-byte shared
/// secret. A ciphertext of the wrong length is `ZC_ERR_INVALID_LENGTH`; a tampered one
/// gives an unrelated secret (implicit rejection), not an error.
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_kem_decapsulate(
    alg: *const c_char,
    dk: *const u8,
    dk_len: usize,
    ct: *const u8,
    ct_len: usize,
    out_ss: *mut u8,
    out_ss_len: usize,
    out_ss_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let p = params(alg)?;
            let dk = DecapsulationKey::from_bytes(p, slice(dk, dk_len)?)?;
            let ss = dk.decapsulate(slice(ct, ct_len)?)?;
            write(&[(&out(out_ss, out_ss_len, out_ss_written), ss.as_bytes())])
        }
    })
}

/// Builds a hybrid client from its two secrets.
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
unsafe fn client(
    mlkem_seed: *const u8,
    mlkem_seed_len: usize,
    x25519_secret: *const u8,
    x25519_secret_len: usize,
) -> Result<hybrid::Client, zcrypto::Error> {
    // SAFETY (this block): forwarded from the caller.
    unsafe {
        let seed = zeroize::Zeroizing::new(array::<SEED_LEN>(slice(mlkem_seed, mlkem_seed_len)?)?);
        let x = zeroize::Zeroizing::new(array::<32>(slice(x25519_secret, x25519_secret_len)?)?);
        hybrid::Client::from_parts(&seed, *x)
    }
}

/// X25519MLKEM768 (TLS group 0x11EC), client side: the key share to send
/// (`ZC_HYBRID_CLIENT_SHARE_LEN` bytes) from the client's 64-byte ML-KEM-768 seed and
/// 32-byte X25519 secret. The caller keeps both secrets for `zc_hybrid_client_finish`.
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hybrid_client_share(
    mlkem_seed: *const u8,
    mlkem_seed_len: usize,
    x25519_secret: *const u8,
    x25519_secret_len: usize,
    out_share: *mut u8,
    out_share_len: usize,
    out_share_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let c = client(mlkem_seed, mlkem_seed_len, x25519_secret, x25519_secret_len)?;
            let share = c.key_share();
            write(&[(&out(out_share, out_share_len, out_share_written), &share)])
        }
    })
}

/// X25519MLKEM768, server side: answers a client share with the server share
/// (`ZC_HYBRID_SERVER_SHARE_LEN` bytes) and the 64-byte combined secret. With `m` and
/// `x25519_ephemeral` both NULL (lengths 0) the randomness comes from the operating
/// system; otherwise they are the 32-byte ML-KEM randomness and the 32-byte X25519
/// ephemeral secret (known-answer tests only).
///
/// # Safety
/// Pointer/length pairs and output triples follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hybrid_server_encapsulate(
    client_share: *const u8,
    client_share_len: usize,
    m: *const u8,
    m_len: usize,
    x25519_ephemeral: *const u8,
    x25519_ephemeral_len: usize,
    out_share: *mut u8,
    out_share_len: usize,
    out_share_written: *mut usize,
    out_secret: *mut u8,
    out_secret_len: usize,
    out_secret_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let cs = slice(client_share, client_share_len)?;
            let (share, secret) = if m.is_null()
                && m_len == 0
                && x25519_ephemeral.is_null()
                && x25519_ephemeral_len == 0
            {
                hybrid::server_encapsulate(cs)?
            } else {
                let m = zeroize::Zeroizing::new(array::<ENCAPS_RANDOMNESS_LEN>(slice(m, m_len)?)?);
                let e = zeroize::Zeroizing::new(array::<32>(slice(
                    x25519_ephemeral,
                    x25519_ephemeral_len,
                )?)?);
                hybrid::server_encapsulate_deterministic(cs, &m, *e)?
            };
            write(&[
                (&out(out_share, out_share_len, out_share_written), &share),
                (
                    &out(out_secret, out_secret_len, out_secret_written),
                    secret.as_bytes(),
                ),
            ])
        }
    })
}

/// X25519MLKEM768, client side: completes the exchange with the server share, writing
/// the 64-byte combined secret (the same secrets as `zc_hybrid_client_share`).
///
/// # Safety
/// Pointer/length pairs and the output triple follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_hybrid_client_finish(
    mlkem_seed: *const u8,
    mlkem_seed_len: usize,
    x25519_secret: *const u8,
    x25519_secret_len: usize,
    server_share: *const u8,
    server_share_len: usize,
    out_secret: *mut u8,
    out_secret_len: usize,
    out_secret_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller's pointer guarantees.
        unsafe {
            let c = client(mlkem_seed, mlkem_seed_len, x25519_secret, x25519_secret_len)?;
            let secret = c.finish(slice(server_share, server_share_len)?)?;
            write(&[(
                &out(out_secret, out_secret_len, out_secret_written),
                secret.as_bytes(),
            )])
        }
    })
}
