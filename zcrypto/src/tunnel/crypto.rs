//! The WireGuard primitives of whitepaper §5.4, each a thin call into a vetted
//! implementation: `HASH` is BLAKE2s-256 and `MAC` keyed BLAKE2s-128 (RustCrypto
//! `blake2`), `HMAC` is HMAC-BLAKE2s (RustCrypto `hmac`), `KDF_n` is HKDF over that HMAC
//! with an empty info string, `AEAD` is ChaCha20-Poly1305 and `XAEAD`
//! XChaCha20-Poly1305 ([`AeadKey`]). Nothing here is a hand-written primitive.

use blake2::Blake2s256;
use blake2::digest::{Digest, KeyInit, Mac, consts::U16};
use hmac::SimpleHmac;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::Error;
use crate::aead::{AeadAlg, AeadKey, Nonce, TAG_LEN};

/// A 32-byte chaining key, hash or symmetric key, zeroized on drop.
pub(crate) type Key = Zeroizing<[u8; 32]>;

/// `HASH(parts[0] ‖ parts[1] ‖ …)`: BLAKE2s-256.
pub(crate) fn hash(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Blake2s256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// `MAC(key, input)`: keyed BLAKE2s with a 16-byte output.
pub(crate) fn mac(key: &[u8], input: &[u8]) -> [u8; 16] {
    // A BLAKE2s key is at most 32 bytes; every key here is 32 (a hash) or 16 (a cookie).
    let mut m = match blake2::Blake2sMac::<U16>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return [0; 16],
    };
    m.update(input);
    m.finalize().into_bytes().into()
}

/// Constant-time equality of two 16-byte MACs.
pub(crate) fn mac_eq(a: &[u8; 16], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// `HMAC(key, parts…)`: HMAC-BLAKE2s-256.
fn hmac(key: &[u8], parts: &[&[u8]]) -> Key {
    // HMAC takes keys of any length, so this cannot fail.
    let mut m = <SimpleHmac<Blake2s256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| <SimpleHmac<Blake2s256> as KeyInit>::new(&Default::default()));
    for p in parts {
        m.update(p);
    }
    Zeroizing::new(m.finalize().into_bytes().into())
}

/// `KDF_n(key, input)` for n = 1..=3: τ0 = HMAC(key, input), τi = HMAC(τ0, τ(i−1) ‖ i).
pub(crate) fn kdf<const N: usize>(key: &[u8; 32], input: &[u8]) -> [Key; N] {
    let t0 = hmac(key, &[input]);
    let mut prev: Key = Zeroizing::new([0; 32]);
    core::array::from_fn(|i| {
        let counter = [i as u8 + 1];
        let t = if i == 0 {
            hmac(&t0[..], &[&counter])
        } else {
            hmac(&t0[..], &[&prev[..], &counter])
        };
        *prev = *t;
        t
    })
}

/// The WireGuard ChaCha20-Poly1305 nonce: 4 zero bytes ‖ the 64-bit counter, little-endian.
fn nonce(counter: u64) -> Result<Nonce, Error> {
    let mut n = [0u8; 12];
    n[4..].copy_from_slice(&counter.to_le_bytes());
    Nonce::try_from_slice(&n)
}

/// A ChaCha20-Poly1305 key for `AEAD(key, counter, …)`.
pub(crate) fn aead_key(key: &[u8; 32]) -> Result<AeadKey, Error> {
    AeadKey::new(AeadAlg::ChaCha20Poly1305, key)
}

/// `AEAD(key, counter, plain, aad)` into `out` (`plain.len() + 16` bytes).
pub(crate) fn seal(
    key: &[u8; 32],
    counter: u64,
    plain: &[u8],
    aad: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    Error::check_len(plain.len() + TAG_LEN, out.len())?;
    out[..plain.len()].copy_from_slice(plain);
    aead_key(key)?.seal_in_place(&nonce(counter)?, aad, out, plain.len())?;
    Ok(())
}

/// Opens `AEAD(key, counter, ·, aad)` = `sealed` into `out` (`sealed.len() − 16` bytes).
pub(crate) fn open(
    key: &[u8; 32],
    counter: u64,
    sealed: &[u8],
    aad: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    open_with(&aead_key(key)?, counter, sealed, aad, out)
}

/// [`open`] under a prepared key.
pub(crate) fn open_with(
    key: &AeadKey,
    counter: u64,
    sealed: &[u8],
    aad: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    let len = sealed
        .len()
        .checked_sub(TAG_LEN)
        .ok_or(Error::InvalidLength {
            expected: TAG_LEN,
            got: sealed.len(),
        })?;
    Error::check_len(len, out.len())?;
    let tag = crate::aead::Tag::try_from_slice(&sealed[len..])?;
    out.copy_from_slice(&sealed[..len]);
    key.open_in_place_detached(&nonce(counter)?, aad, out, &tag)
}

/// [`seal`] under a prepared key: encrypts `buf[..len]` in place and appends the tag.
pub(crate) fn seal_with(
    key: &AeadKey,
    counter: u64,
    buf: &mut [u8],
    len: usize,
) -> Result<usize, Error> {
    key.seal_in_place(&nonce(counter)?, &[], buf, len)
}

/// `XAEAD(key, nonce, plain, aad)`: XChaCha20-Poly1305 with a 24-byte nonce.
pub(crate) fn xseal(
    key: &[u8; 32],
    nonce: &[u8; 24],
    plain: &[u8; 16],
    aad: &[u8],
) -> Result<[u8; 32], Error> {
    let k = AeadKey::new(AeadAlg::XChaCha20Poly1305, key)?;
    let mut out = [0u8; 32];
    out[..16].copy_from_slice(plain);
    k.seal_in_place(&Nonce::try_from_slice(nonce)?, aad, &mut out, 16)?;
    Ok(out)
}

/// Opens `XAEAD(key, nonce, ·, aad)` = `sealed` (a 16-byte cookie and its tag).
pub(crate) fn xopen(
    key: &[u8; 32],
    nonce: &[u8; 24],
    sealed: &[u8; 32],
    aad: &[u8],
) -> Result<Zeroizing<[u8; 16]>, Error> {
    let k = AeadKey::new(AeadAlg::XChaCha20Poly1305, key)?;
    let mut out = Zeroizing::new([0u8; 16]);
    let tag = crate::aead::Tag::try_from_slice(&sealed[16..])?;
    out.copy_from_slice(&sealed[..16]);
    k.open_in_place_detached(&Nonce::try_from_slice(nonce)?, aad, &mut out[..], &tag)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kdf_is_hkdf_with_empty_info() {
        // KDF_3(key, input) = HKDF-BLAKE2s(salt = key, ikm = input, info = "", L = 96).
        let hk = hkdf::SimpleHkdf::<Blake2s256>::new(Some(&[7u8; 32]), b"input");
        let mut okm = [0u8; 96];
        hk.expand(&[], &mut okm).unwrap();
        let [a, b, c] = kdf::<3>(&[7u8; 32], b"input");
        assert_eq!(&okm[..32], &a[..]);
        assert_eq!(&okm[32..64], &b[..]);
        assert_eq!(&okm[64..], &c[..]);
    }

    #[test]
    fn aead_nonce_is_little_endian_counter() {
        let mut sealed = [0u8; 20];
        seal(&[1; 32], 0x0102, b"ping", b"ad", &mut sealed).unwrap();
        let k = AeadKey::new(AeadAlg::ChaCha20Poly1305, &[1; 32]).unwrap();
        let mut n = [0u8; 12];
        n[4] = 2;
        n[5] = 1;
        let opened = k
            .open(&Nonce::try_from_slice(&n).unwrap(), b"ad", &sealed)
            .unwrap();
        assert_eq!(opened, b"ping");
    }
}
