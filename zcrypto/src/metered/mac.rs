//! HMAC and HKDF over guest memory: [`Op::HmacSha256`] ..., [`Op::HkdfExtractSha256`]
//! ..., [`Op::HkdfExpandSha256`] ....
//!
//! Gas (`bytes` of the schedule formula):
//! * HMAC: key + data bytes;
//! * HKDF-Extract: salt + input keying material bytes;
//! * HKDF-Expand: `L + ⌈L / HashLen⌉ × |info|` — the output length plus the info string
//!   once per output block, since HKDF-Expand feeds `info` to HMAC for every block.
//!
//! Caps: key + data, salt + ikm at most [`MAX_HASH_INPUT`]; info at most
//! [`MAX_HKDF_INFO`]; `L` at most 255 × HashLen (RFC 5869, [`Error::OutputTooLong`]).

use zeroize::Zeroizing;

use super::limits::{MAX_HASH_INPUT, MAX_HKDF_INFO};
use super::memory::output;
use super::{GasMeter, GuestMemory, Op, Span, capped, fixed};
use crate::Error;
use crate::kdf::{HkdfAlg, Prk};
use crate::mac::{self, HmacAlg};

/// Sum of two input lengths, capped at `max`.
fn capped_sum(a: Span, b: Span, max: u32) -> Result<u64, Error> {
    let total = a.len.checked_add(b.len).ok_or(Error::LimitExceeded)?;
    capped(Span::new(0, total), max)
}

/// HMAC(`key`, `data`), the tag written at the start of `out` (at least
/// [`HmacAlg::tag_len`] bytes). Returns the tag length.
///
/// ```
/// use zcrypto::metered::{mac::hmac, Gas, Span};
/// use zcrypto::mac::{self, HmacAlg};
/// let mut mem = b"keymessage".to_vec();
/// mem.resize(10 + 32, 0);
/// hmac(&mut mem[..], &mut Gas::unlimited(), HmacAlg::Sha256, Span::new(0, 3), Span::new(3, 7), Span::new(10, 32))?;
/// assert_eq!(&mem[10..], mac::hmac(HmacAlg::Sha256, b"key", b"message").as_bytes());
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn hmac<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &mut M,
    gas: &mut G,
    alg: HmacAlg,
    key: Span,
    data: Span,
    out: Span,
) -> Result<u32, Error> {
    mem.check(key)?;
    mem.check(data)?;
    let out = output(mem, out, alg.tag_len())?;
    let bytes = capped_sum(key, data, MAX_HASH_INPUT)?;
    gas.charge(Op::hmac(alg).cost().gas(bytes, 0))?;
    let tag = mac::hmac(alg, mem.read(key)?, mem.read(data)?);
    mem.write(out, tag.as_bytes())?;
    Ok(out.len)
}

/// HKDF-Extract(`salt`, `ikm`): the pseudorandom key written at the start of `out`
/// (at least [`HkdfAlg::hash_len`] bytes). Returns the PRK length.
pub fn hkdf_extract<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &mut M,
    gas: &mut G,
    alg: HkdfAlg,
    salt: Span,
    ikm: Span,
    out: Span,
) -> Result<u32, Error> {
    mem.check(salt)?;
    mem.check(ikm)?;
    let out = output(mem, out, alg.hash_len())?;
    let bytes = capped_sum(salt, ikm, MAX_HASH_INPUT)?;
    gas.charge(Op::hkdf_extract(alg).cost().gas(bytes, 0))?;
    let prk = Prk::extract(alg, mem.read(salt)?, mem.read(ikm)?);
    mem.write(out, prk.as_bytes())?;
    Ok(out.len)
}

/// HKDF-Expand(`prk`, `info`, L) with L = `out.len`, written to `out`. `prk` must be
/// exactly [`HkdfAlg::hash_len`] bytes. Returns L.
///
/// ```
/// use zcrypto::metered::{mac::hkdf_expand, Gas, Op, Span};
/// use zcrypto::kdf::{HkdfAlg, Prk};
/// let mut mem = vec![7u8; 32 + 4 + 42];
/// let mut gas = Gas::unlimited();
/// hkdf_expand(&mut mem[..], &mut gas, HkdfAlg::Sha256, Span::new(0, 32), Span::new(32, 4), Span::new(36, 42))?;
/// let mut expected = [0u8; 42];
/// Prk::from_bytes(HkdfAlg::Sha256, &[7; 32])?.expand(&[7; 4], &mut expected)?;
/// assert_eq!(&mem[36..], &expected);
/// assert_eq!(gas.used(), Op::HkdfExpandSha256.cost().gas(42 + 2 * 4, 0));
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn hkdf_expand<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &mut M,
    gas: &mut G,
    alg: HkdfAlg,
    prk: Span,
    info: Span,
    out: Span,
) -> Result<u32, Error> {
    mem.check(prk)?;
    mem.check(info)?;
    mem.check(out)?;
    fixed(prk, alg.hash_len())?;
    let info_len = capped(info, MAX_HKDF_INFO)?;
    let max = alg.max_output_len();
    if out.len_usize() > max {
        return Err(Error::OutputTooLong {
            max,
            requested: out.len_usize(),
        });
    }
    let len = u64::from(out.len);
    let blocks = len.div_ceil(alg.hash_len() as u64);
    gas.charge(Op::hkdf_expand(alg).cost().gas(len + blocks * info_len, 0))?;
    let prk = Prk::from_bytes(alg, mem.read(prk)?)?;
    let mut okm = Zeroizing::new(vec![0u8; out.len_usize()]);
    prk.expand(mem.read(info)?, &mut okm)?;
    mem.write(out, &okm)?;
    Ok(out.len)
}
