//! The 256-bit machine word of the native engine, over [`crypto_bigint::U256`].
//!
//! All arithmetic wraps modulo 2²⁵⁶ (like the EVM); division and remainder by zero are
//! zero; the signed operations read words as two's complement.
//!
//! ```
//! use zvm::word::Word;
//! let a = Word::from_u64(7);
//! assert_eq!(a.div(&Word::ZERO), Word::ZERO);
//! assert_eq!(Word::ZERO.sub(&Word::ONE), Word::MAX);
//! assert_eq!(Word::from_be_bytes(a.to_be_bytes()), a);
//! ```

use core::cmp::Ordering;
use core::fmt;
use crypto_bigint::U256;

/// A 256-bit unsigned word (two's complement for the signed operations).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Word(U256);

/// The sign bit as a word.
const SIGN: Word = Word(U256::ONE.shl_vartime(255));

impl Word {
    /// 0.
    pub const ZERO: Word = Word(U256::ZERO);
    /// 1.
    pub const ONE: Word = Word(U256::ONE);
    /// 2²⁵⁶ − 1.
    pub const MAX: Word = Word(U256::MAX);

    /// A small value.
    pub const fn from_u64(v: u64) -> Word {
        Word(U256::from_u64(v))
    }

    /// 1 for `true`, 0 for `false`.
    pub const fn from_bool(b: bool) -> Word {
        if b { Word::ONE } else { Word::ZERO }
    }

    /// From 32 big-endian bytes.
    pub fn from_be_bytes(bytes: [u8; 32]) -> Word {
        Word(U256::from_be_slice(&bytes))
    }

    /// From at most 32 big-endian bytes (left-padded with zeros); `None` if longer.
    pub fn from_be_slice(bytes: &[u8]) -> Option<Word> {
        let pad = 32usize.checked_sub(bytes.len())?;
        let mut b = [0u8; 32];
        b[pad..].copy_from_slice(bytes);
        Some(Word::from_be_bytes(b))
    }

    /// As 32 big-endian bytes.
    pub fn to_be_bytes(&self) -> [u8; 32] {
        let enc = self.0.to_be_bytes();
        let mut out = [0u8; 32];
        out.copy_from_slice(enc.as_ref());
        out
    }

    /// The value if it fits in a `u64`.
    pub fn to_u64(&self) -> Option<u64> {
        let b = self.to_be_bytes();
        if b[..24].iter().any(|&x| x != 0) {
            return None;
        }
        let mut low = [0u8; 8];
        low.copy_from_slice(&b[24..]);
        Some(u64::from_be_bytes(low))
    }

    /// The value if it fits in a `u32`.
    pub fn to_u32(&self) -> Option<u32> {
        self.to_u64().and_then(|v| u32::try_from(v).ok())
    }

    /// The value, saturated at `u64::MAX`.
    pub fn saturating_u64(&self) -> u64 {
        self.to_u64().unwrap_or(u64::MAX)
    }

    /// Whether the word is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero_vartime()
    }

    /// Wrapping addition.
    pub fn add(&self, rhs: &Word) -> Word {
        Word(self.0.wrapping_add(&rhs.0))
    }

    /// Wrapping subtraction.
    pub fn sub(&self, rhs: &Word) -> Word {
        Word(self.0.wrapping_sub(&rhs.0))
    }

    /// Wrapping multiplication.
    pub fn mul(&self, rhs: &Word) -> Word {
        Word(self.0.wrapping_mul(&rhs.0))
    }

    /// Unsigned division; 0 if `rhs` is 0.
    pub fn div(&self, rhs: &Word) -> Word {
        Word(
            self.0
                .checked_div(&rhs.0)
                .into_option()
                .unwrap_or(U256::ZERO),
        )
    }

    /// Unsigned remainder; 0 if `rhs` is 0.
    pub fn rem(&self, rhs: &Word) -> Word {
        Word(
            self.0
                .checked_rem(&rhs.0)
                .into_option()
                .unwrap_or(U256::ZERO),
        )
    }

    /// Wrapping exponentiation.
    pub fn pow(&self, exp: &Word) -> Word {
        Word(self.0.wrapping_pow(&exp.0))
    }

    /// The number of significant bytes (0 for zero).
    pub fn byte_len(&self) -> u32 {
        self.0.bits().div_ceil(8)
    }

    /// Bitwise and.
    pub fn and(&self, rhs: &Word) -> Word {
        Word(self.0.bitand(&rhs.0))
    }

    /// Bitwise or.
    pub fn or(&self, rhs: &Word) -> Word {
        Word(self.0.bitor(&rhs.0))
    }

    /// Bitwise exclusive or.
    pub fn xor(&self, rhs: &Word) -> Word {
        Word(self.0.bitxor(&rhs.0))
    }

    /// Bitwise not.
    pub fn not(&self) -> Word {
        Word(self.0.not())
    }

    /// Whether the sign bit is set.
    pub fn is_negative(&self) -> bool {
        !self.and(&SIGN).is_zero()
    }

    /// Two's complement comparison.
    pub fn signed_cmp(&self, rhs: &Word) -> Ordering {
        self.xor(&SIGN).cmp(&rhs.xor(&SIGN))
    }

    /// Left shift by `shift` bits (0 when `shift` ≥ 256).
    pub fn shl(&self, shift: &Word) -> Word {
        match shift.to_u64() {
            Some(s) if s < 256 => Word(self.0.shl_vartime(s as u32)),
            _ => Word::ZERO,
        }
    }

    /// Logical right shift by `shift` bits (0 when `shift` ≥ 256).
    pub fn shr(&self, shift: &Word) -> Word {
        match shift.to_u64() {
            Some(s) if s < 256 => Word(self.0.shr_vartime(s as u32)),
            _ => Word::ZERO,
        }
    }

    /// Arithmetic right shift by `shift` bits.
    pub fn sar(&self, shift: &Word) -> Word {
        if self.is_negative() {
            self.not().shr(shift).not()
        } else {
            self.shr(shift)
        }
    }

    /// Byte `i` of the word counting from the most significant (0 when `i` ≥ 32).
    pub fn byte(&self, i: &Word) -> Word {
        match i.to_u64() {
            Some(i) if i < 32 => Word::from_u64(u64::from(self.to_be_bytes()[i as usize])),
            _ => Word::ZERO,
        }
    }
}

impl fmt::Debug for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{}", zcrypto::encoding::to_hex(&self.to_be_bytes()))
    }
}

impl From<u64> for Word {
    fn from(v: u64) -> Word {
        Word::from_u64(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic() {
        let w = Word::from_u64;
        assert_eq!(w(7).div(&w(2)), w(3));
        assert_eq!(w(7).rem(&w(2)), w(1));
        assert_eq!(w(7).rem(&Word::ZERO), Word::ZERO);
        assert_eq!(Word::MAX.add(&w(1)), Word::ZERO);
        assert_eq!(w(2).pow(&w(10)), w(1024));
        assert_eq!(w(1).shl(&w(255)), SIGN);
        assert_eq!(w(1).shl(&w(256)), Word::ZERO);
        assert_eq!(SIGN.sar(&w(255)), Word::MAX);
        assert_eq!(w(0x100).byte(&w(30)), w(1));
        assert_eq!(Word::MAX.signed_cmp(&w(0)), Ordering::Less);
        assert_eq!(w(0x1234).byte_len(), 2);
        assert_eq!(Word::MAX.to_u64(), None);
    }
}
