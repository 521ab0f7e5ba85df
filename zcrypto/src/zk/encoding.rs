//! zcrypto's compact binary encoding of Groth16 keys and proofs: a one-byte curve tag
//! (1 = BN254, 2 = BLS12-381) followed by arkworks' canonical **compressed** points
//! (`ark-serialize`: x little-endian, flags in the top bits of the last byte; G2 as
//! `c0 ‖ c1`), the form arkworks-based tools (ark-circom, ...) read and write.
//!
//! | value | layout | BN254 | BLS12-381 |
//! |---|---|---:|---:|
//! | [`Proof`] | tag ‖ A ‖ B ‖ C | 129 bytes | 193 bytes |
//! | [`VerifyingKey`] | tag ‖ α ‖ β ‖ γ ‖ δ ‖ n (u32 LE) ‖ IC₀ … ICₙ | 261 + 32n | 389 + 48n |
//!
//! Decoding checks the exact length ([`Error::InvalidLength`]), the tag and each point's
//! encoding ([`Error::InvalidEncoding`]), n ≤ [`MAX_PUBLIC_INPUTS`]
//! ([`Error::LimitExceeded`]), then the same point rules as the JSON loaders
//! ([`Error::InvalidProof`] / [`Error::InvalidKey`]: on the curve, in the prime-order
//! subgroup, not the identity where that matters).
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use zcrypto::zk::{Curve, Proof};
//! let proof = Proof::from_snarkjs_json(
//!     Curve::Bn254,
//!     include_str!("../../../vectors/zk/groth16/bn128/proof.json"),
//! )?;
//! let bytes = proof.to_bytes();
//! assert_eq!(bytes.len(), 129);
//! assert_eq!(Proof::from_bytes(&bytes)?, proof);
//! # }
//! # Ok::<(), zcrypto::Error>(())
//! ```

use ark_bls12_381::Bls12_381;
use ark_bn254::Bn254;
use ark_ec::pairing::Pairing;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};

use super::groth16::{ByCurve, Engine, validate_proof, validate_vk};
use super::{Curve, MAX_PUBLIC_INPUTS, Proof, VerifyingKey};
use crate::Error;

fn tag_curve(bytes: &[u8]) -> Result<(Curve, &[u8]), Error> {
    match bytes.split_first() {
        Some((&1, rest)) => Ok((Curve::Bn254, rest)),
        Some((&2, rest)) => Ok((Curve::Bls12_381, rest)),
        Some(_) => Err(Error::InvalidEncoding),
        None => Err(Error::InvalidLength {
            expected: 1,
            got: 0,
        }),
    }
}

fn sizes<E: Pairing>() -> (usize, usize) {
    (
        E::G1Affine::default().serialized_size(Compress::Yes),
        E::G2Affine::default().serialized_size(Compress::Yes),
    )
}

fn point<T: CanonicalDeserialize>(bytes: &mut &[u8]) -> Result<T, Error> {
    T::deserialize_with_mode(bytes, Compress::Yes, Validate::No).map_err(|_| Error::InvalidEncoding)
}

fn put<T: CanonicalSerialize>(out: &mut Vec<u8>, v: &T) {
    // Writing to a Vec cannot fail.
    let _ = v.serialize_compressed(out);
}

fn proof_to_bytes<E: Engine>(p: &ark_groth16::Proof<E>) -> Vec<u8> {
    let mut out = vec![E::CURVE.tag()];
    put(&mut out, &p.a);
    put(&mut out, &p.b);
    put(&mut out, &p.c);
    out
}

fn proof_from_bytes<E: Engine>(mut rest: &[u8]) -> Result<ark_groth16::Proof<E>, Error> {
    let (g1, g2) = sizes::<E>();
    Error::check_len(1 + 2 * g1 + g2, 1 + rest.len())?;
    let p = ark_groth16::Proof {
        a: point(&mut rest)?,
        b: point(&mut rest)?,
        c: point(&mut rest)?,
    };
    validate_proof(&p)?;
    Ok(p)
}

fn vk_to_bytes<E: Engine>(vk: &ark_groth16::VerifyingKey<E>) -> Vec<u8> {
    let mut out = vec![E::CURVE.tag()];
    put(&mut out, &vk.alpha_g1);
    put(&mut out, &vk.beta_g2);
    put(&mut out, &vk.gamma_g2);
    put(&mut out, &vk.delta_g2);
    // At most MAX_PUBLIC_INPUTS, checked when the key was built.
    let n = u32::try_from(vk.gamma_abc_g1.len() - 1).unwrap_or(u32::MAX);
    out.extend_from_slice(&n.to_le_bytes());
    for p in &vk.gamma_abc_g1 {
        put(&mut out, p);
    }
    out
}

fn vk_from_bytes<E: Engine>(mut rest: &[u8]) -> Result<ark_groth16::VerifyingKey<E>, Error> {
    let (g1, g2) = sizes::<E>();
    let head = g1 + 3 * g2;
    if rest.len() < head + 4 + g1 {
        return Err(Error::InvalidLength {
            expected: 1 + head + 4 + g1,
            got: 1 + rest.len(),
        });
    }
    let mut n = [0u8; 4];
    n.copy_from_slice(&rest[head..head + 4]);
    let n = u32::from_le_bytes(n) as usize;
    if n > MAX_PUBLIC_INPUTS {
        return Err(Error::LimitExceeded);
    }
    Error::check_len(1 + head + 4 + (n + 1) * g1, 1 + rest.len())?;
    let alpha_g1 = point(&mut rest)?;
    let beta_g2 = point(&mut rest)?;
    let gamma_g2 = point(&mut rest)?;
    let delta_g2 = point(&mut rest)?;
    rest = &rest[4..];
    let gamma_abc_g1 = (0..=n)
        .map(|_| point(&mut rest))
        .collect::<Result<Vec<_>, _>>()?;
    let vk = ark_groth16::VerifyingKey {
        alpha_g1,
        beta_g2,
        gamma_g2,
        delta_g2,
        gamma_abc_g1,
    };
    validate_vk(&vk)?;
    Ok(vk)
}

impl Proof {
    /// The compact binary encoding (see [`encoding`](self)).
    pub fn to_bytes(&self) -> Vec<u8> {
        match &self.0 {
            ByCurve::Bn254(p) => proof_to_bytes(p),
            ByCurve::Bls12_381(p) => proof_to_bytes(p),
        }
    }

    /// Decodes [`Proof::to_bytes`]; the curve is read from the tag.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let (curve, rest) = tag_curve(bytes)?;
        Ok(Proof(match curve {
            Curve::Bn254 => ByCurve::Bn254(proof_from_bytes::<Bn254>(rest)?),
            Curve::Bls12_381 => ByCurve::Bls12_381(proof_from_bytes::<Bls12_381>(rest)?),
        }))
    }
}

impl VerifyingKey {
    /// The compact binary encoding (see [`encoding`](self)).
    pub fn to_bytes(&self) -> Vec<u8> {
        match &self.0 {
            ByCurve::Bn254(vk) => vk_to_bytes(vk),
            ByCurve::Bls12_381(vk) => vk_to_bytes(vk),
        }
    }

    /// Decodes [`VerifyingKey::to_bytes`]; the curve is read from the tag.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let (curve, rest) = tag_curve(bytes)?;
        Ok(VerifyingKey(match curve {
            Curve::Bn254 => ByCurve::Bn254(vk_from_bytes::<Bn254>(rest)?),
            Curve::Bls12_381 => ByCurve::Bls12_381(vk_from_bytes::<Bls12_381>(rest)?),
        }))
    }
}
