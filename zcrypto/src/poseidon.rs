//! Poseidon over the BN254 scalar field, compatible with circom's `Poseidon(n)` template
//! and circomlibjs' `poseidon` (x^5 S-box, 8 full rounds, the circomlib round constants
//! and MDS matrices, capacity element 0, output = first state element).
//!
//! The permutation is [`light-poseidon`](https://crates.io/crates/light-poseidon)
//! (audited, pure Rust on arkworks, so it builds for `wasm32-unknown-unknown`). zcrypto adds
//! a typed, panic-free API: inputs are [`FieldElement`]s, which only hold canonical
//! values (below the modulus `p`), and a hash takes 1 to [`MAX_INPUTS`] of them.
//!
//! ```
//! use zcrypto::poseidon::{self, FieldElement};
//! let h = poseidon::hash(&[FieldElement::from(1u64), FieldElement::from(2u64)])?;
//! assert_eq!(
//!     h.to_hex(),
//!     "115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"
//! );
//! // The same with 32-byte big-endian inputs.
//! let mut one = [0u8; 32];
//! one[31] = 1;
//! let mut two = [0u8; 32];
//! two[31] = 2;
//! assert_eq!(poseidon::hash_be_bytes(&[one, two])?, h.to_be_bytes());
//! # Ok::<(), zcrypto::Error>(())
//! ```

use core::cell::RefCell;
use core::fmt;

use ark_bn254::Fr;
use ark_ff::{BigInt, PrimeField};
use light_poseidon::{Poseidon, PoseidonHasher};

use crate::Error;

/// The largest number of inputs one hash takes (circomlib's and light-poseidon's
/// parameters stop at width 13).
pub const MAX_INPUTS: usize = 12;

/// The BN254 scalar field modulus `p`, big-endian:
/// `0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001`.
pub const MODULUS_BE: [u8; 32] = [
    0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58, 0x5d,
    0x28, 0x33, 0xe8, 0x48, 0x79, 0xb9, 0x70, 0x91, 0x43, 0xe1, 0xf5, 0x93, 0xf0, 0x00, 0x00, 0x01,
];

/// An element of the BN254 scalar field (the field circom circuits compute in): an
/// integer in `[0, p)`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct FieldElement(Fr);

impl FieldElement {
    /// Zero.
    pub const ZERO: FieldElement = FieldElement(ark_ff::MontFp!("0"));

    /// The element with 32-byte big-endian encoding `bytes`. Fails with
    /// [`Error::InvalidEncoding`] if the integer is not below the modulus `p` (no silent
    /// reduction: `x` and `x + p` must not hash alike).
    pub fn from_be_bytes(bytes: &[u8; 32]) -> Result<Self, Error> {
        let mut limbs = [0u64; 4];
        for (i, limb) in limbs.iter_mut().enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[32 - 8 * (i + 1)..32 - 8 * i]);
            *limb = u64::from_be_bytes(b);
        }
        let int = BigInt::new(limbs);
        if int >= Fr::MODULUS {
            return Err(Error::InvalidEncoding);
        }
        Fr::from_bigint(int)
            .map(FieldElement)
            .ok_or(Error::InvalidEncoding)
    }

    /// The element `bytes mod p`, for deriving an element from arbitrary data (e.g. a
    /// hash output). Different byte strings can give the same element.
    pub fn from_be_bytes_reduced(bytes: &[u8]) -> Self {
        FieldElement(Fr::from_be_bytes_mod_order(bytes))
    }

    /// The 32-byte big-endian encoding (circomlibjs' `F.toObject` as a 256-bit number).
    pub fn to_be_bytes(&self) -> [u8; 32] {
        let limbs = self.0.into_bigint().0;
        let mut out = [0u8; 32];
        for (i, limb) in limbs.iter().enumerate() {
            out[32 - 8 * (i + 1)..32 - 8 * i].copy_from_slice(&limb.to_be_bytes());
        }
        out
    }

    /// Lowercase hex of [`FieldElement::to_be_bytes`] (64 digits).
    pub fn to_hex(&self) -> String {
        crate::encoding::to_hex(&self.to_be_bytes())
    }
}

impl From<u64> for FieldElement {
    fn from(v: u64) -> Self {
        FieldElement(Fr::from(v))
    }
}

impl TryFrom<[u8; 32]> for FieldElement {
    type Error = Error;

    fn try_from(bytes: [u8; 32]) -> Result<Self, Error> {
        FieldElement::from_be_bytes(&bytes)
    }
}

impl fmt::Debug for FieldElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FieldElement(0x{})", self.to_hex())
    }
}

std::thread_local! {
    /// One hasher per input count, built on first use (building one converts ~600 round
    /// constants and the MDS matrix into Montgomery form).
    static HASHERS: RefCell<[Option<Poseidon<Fr>>; MAX_INPUTS]> = const { RefCell::new([const { None }; MAX_INPUTS]) };
}

/// The circom-compatible Poseidon hash of `inputs` (1 to [`MAX_INPUTS`] elements).
///
/// Fails with [`Error::InvalidLength`] for no inputs and [`Error::LimitExceeded`] for
/// more than [`MAX_INPUTS`].
pub fn hash(inputs: &[FieldElement]) -> Result<FieldElement, Error> {
    let n = inputs.len();
    if n == 0 {
        return Err(Error::InvalidLength {
            expected: 1,
            got: 0,
        });
    }
    if n > MAX_INPUTS {
        return Err(Error::LimitExceeded);
    }
    let inputs: Vec<Fr> = inputs.iter().map(|x| x.0).collect();
    HASHERS.with(|cell| {
        let mut hashers = cell.borrow_mut();
        let slot = &mut hashers[n - 1];
        if slot.is_none() {
            *slot = Some(Poseidon::<Fr>::new_circom(n).map_err(|_| Error::Internal)?);
        }
        let hasher = slot.as_mut().ok_or(Error::Internal)?;
        hasher
            .hash(&inputs)
            .map(FieldElement)
            .map_err(|_| Error::Internal)
    })
}

/// [`hash`] on 32-byte big-endian inputs, returning the 32-byte big-endian result.
///
/// Fails with [`Error::InvalidEncoding`] if an input is not below the modulus `p`, and
/// like [`hash`] on the number of inputs.
pub fn hash_be_bytes(inputs: &[[u8; 32]]) -> Result<[u8; 32], Error> {
    if inputs.len() > MAX_INPUTS {
        return Err(Error::LimitExceeded);
    }
    let elements = inputs
        .iter()
        .map(FieldElement::from_be_bytes)
        .collect::<Result<Vec<_>, _>>()?;
    hash(&elements).map(|h| h.to_be_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modulus_constant_matches_arkworks() {
        let m = Fr::MODULUS.0;
        let mut be = [0u8; 32];
        for (i, limb) in m.iter().enumerate() {
            be[32 - 8 * (i + 1)..32 - 8 * i].copy_from_slice(&limb.to_be_bytes());
        }
        assert_eq!(be, MODULUS_BE);
        assert_eq!(
            FieldElement::from_be_bytes(&MODULUS_BE),
            Err(Error::InvalidEncoding)
        );
        let mut p_minus_1 = MODULUS_BE;
        p_minus_1[31] -= 1;
        assert_eq!(
            FieldElement::from_be_bytes(&p_minus_1)
                .unwrap()
                .to_be_bytes(),
            p_minus_1
        );
        assert_eq!(FieldElement::ZERO, FieldElement::from(0u64));
        assert_eq!(
            FieldElement::from_be_bytes_reduced(&MODULUS_BE),
            FieldElement::ZERO
        );
    }

    #[test]
    fn input_counts() {
        let one = FieldElement::from(1u64);
        assert_eq!(
            hash(&[]),
            Err(Error::InvalidLength {
                expected: 1,
                got: 0
            })
        );
        assert_eq!(hash(&[one; MAX_INPUTS + 1]), Err(Error::LimitExceeded));
        for n in 1..=MAX_INPUTS {
            // Cached and fresh hashers agree, and repeated calls are stable.
            let a = hash(&vec![one; n]).unwrap();
            let b = hash(&vec![one; n]).unwrap();
            assert_eq!(a, b);
            let fresh = Poseidon::<Fr>::new_circom(n)
                .unwrap()
                .hash(&vec![one.0; n])
                .unwrap();
            assert_eq!(a.0, fresh);
        }
    }
}
