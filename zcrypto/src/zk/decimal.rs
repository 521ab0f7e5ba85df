//! Strict text and byte forms of field elements: canonical decimal strings (snarkjs JSON)
//! and 32-byte big-endian integers, always below the modulus.

use ark_ff::{BigInteger, PrimeField};

use crate::Error;

/// The longest decimal string accepted (BLS12-381's base field modulus has 115 digits).
pub(crate) const MAX_DIGITS: usize = 120;

/// Parses a canonical decimal number below the modulus of `F`: ASCII digits only, no
/// sign, no leading zeros (except `"0"` itself), at most [`MAX_DIGITS`] digits.
pub(crate) fn parse_field<F: PrimeField>(s: &str) -> Result<F, Error> {
    let digits = s.as_bytes();
    if digits.is_empty()
        || digits.len() > MAX_DIGITS
        || (digits.len() > 1 && digits[0] == b'0')
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return Err(Error::InvalidEncoding);
    }
    // Little-endian 64-bit limbs of the value, with room for one limb more than the
    // modulus needs so that overflow is detected rather than wrapped.
    let mut limbs = [0u64; 8];
    let n = F::BigInt::NUM_LIMBS;
    if n >= limbs.len() {
        return Err(Error::Internal);
    }
    for &d in digits {
        let mut carry = u128::from(d - b'0');
        for limb in limbs.iter_mut().take(n + 1) {
            let v = u128::from(*limb) * 10 + carry;
            *limb = v as u64;
            carry = v >> 64;
        }
        if carry != 0 || limbs[n] != 0 {
            return Err(Error::InvalidEncoding);
        }
    }
    let mut big = F::BigInt::default();
    big.as_mut().copy_from_slice(&limbs[..n]);
    F::from_bigint(big).ok_or(Error::InvalidEncoding)
}

/// A field element from 32 big-endian bytes, refusing values at or above the modulus.
pub(crate) fn field_from_be_bytes<F: PrimeField>(bytes: &[u8; 32]) -> Result<F, Error> {
    let n = F::BigInt::NUM_LIMBS;
    let mut big = F::BigInt::default();
    let limbs = big.as_mut();
    for (i, chunk) in bytes.rchunks(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_be_bytes(word);
        if i < n {
            limbs[i] = v;
        } else if v != 0 {
            return Err(Error::InvalidEncoding);
        }
    }
    F::from_bigint(big).ok_or(Error::InvalidEncoding)
}

/// The 32-byte big-endian integer of a scalar field element (both curves' scalar fields
/// fit in 256 bits).
pub(crate) fn field_to_be_bytes<F: PrimeField>(x: &F) -> [u8; 32] {
    let be = x.into_bigint().to_bytes_be();
    let mut out = [0u8; 32];
    let take = be.len().min(32);
    out[32 - take..].copy_from_slice(&be[be.len() - take..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::{AdditiveGroup, Field};

    type Fr = ark_bn254::Fr;
    type Fq381 = ark_bls12_381::Fq;

    const BN254_R: &str =
        "21888242871839275222246405745257275088548364400416034343698204186575808495617";

    #[test]
    fn canonical_decimals() {
        assert_eq!(parse_field::<Fr>("0"), Ok(Fr::ZERO));
        assert_eq!(parse_field::<Fr>("38"), Ok(Fr::from(38u64)));
        let r_minus_1 =
            "21888242871839275222246405745257275088548364400416034343698204186575808495616";
        assert_eq!(parse_field::<Fr>(r_minus_1), Ok(-Fr::ONE));
        for bad in [
            "",
            "-1",
            "+1",
            "01",
            "00",
            " 1",
            "1 ",
            "1e3",
            "0x1",
            "１",
            BN254_R,
            "115792089237316195423570985008687907853269984665640564039457584007913129639936",
            "1157920892373161954235709850086879078532699846656405640394575840079131296399361",
        ] {
            assert_eq!(
                parse_field::<Fr>(bad),
                Err(Error::InvalidEncoding),
                "{bad:?}"
            );
        }
        assert_eq!(
            parse_field::<Fr>(&"9".repeat(10_000)),
            Err(Error::InvalidEncoding)
        );
        let q = Fq381::MODULUS.to_string();
        assert_eq!(parse_field::<Fq381>(&q), Err(Error::InvalidEncoding));
        let x = -Fq381::ONE;
        assert_eq!(parse_field::<Fq381>(&x.to_string()), Ok(x));
    }

    #[test]
    fn be_bytes_round_trip_and_refuse_the_modulus() {
        let x = Fr::from(0x1234_5678u64);
        assert_eq!(field_from_be_bytes::<Fr>(&field_to_be_bytes(&x)), Ok(x));
        let r: [u8; 32] = Fr::MODULUS.to_bytes_be().try_into().unwrap();
        assert_eq!(field_from_be_bytes::<Fr>(&r), Err(Error::InvalidEncoding));
        let bls_r: [u8; 32] = ark_bls12_381::Fr::MODULUS.to_bytes_be().try_into().unwrap();
        assert_eq!(
            field_from_be_bytes::<ark_bls12_381::Fr>(&bls_r),
            Err(Error::InvalidEncoding)
        );
    }
}
