//! X25519 key agreement (RFC 7748).

use zcrypto::x25519::{KEY_LEN, PublicKey, SecretKey};

use crate::boundary::{ffi_boundary, output, slice};

/// The length of X25519 secrets, public keys and shared secrets.
pub const ZC_X25519_KEY_LEN: usize = 32;
const _: () = assert!(ZC_X25519_KEY_LEN == KEY_LEN);

/// The public key X25519(secret, 9) of a 32-byte secret (clamped as RFC 7748 says).
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_x25519_public_key(
    secret: *const u8,
    secret_len: usize,
    out: *mut u8,
    out_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let sk = SecretKey::try_from_slice(slice(secret, secret_len)?)?;
            output(out, out_len, out_written, sk.public_key().as_bytes())
        }
    })
}

/// The shared secret X25519(secret, peer). An all-zero result (a low-order peer key) is
/// `ZC_ERR_WEAK_KEY`.
///
/// # Safety
/// Pointer/length pairs follow the header's conventions.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zc_x25519(
    secret: *const u8,
    secret_len: usize,
    peer: *const u8,
    peer_len: usize,
    out: *mut u8,
    out_len: usize,
    out_written: *mut usize,
) -> i32 {
    ffi_boundary(|| {
        // SAFETY (this block): the caller follows the header's pointer conventions.
        unsafe {
            let sk = SecretKey::try_from_slice(slice(secret, secret_len)?)?;
            let pk = PublicKey::try_from_slice(slice(peer, peer_len)?)?;
            let ss = sk.diffie_hellman(&pk)?;
            output(out, out_len, out_written, ss.as_bytes())
        }
    })
}
