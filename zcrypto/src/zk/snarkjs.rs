//! snarkjs / circom JSON: `verification_key.json`, `proof.json` and `public.json`.
//!
//! Points are lists of decimal coordinate strings in snarkjs' affine form `[x, y, "1"]`
//! (`[x, y]` is accepted too; `z = "0"` with `x = "0"` is the point at infinity); a G2
//! coordinate is a pair `[c0, c1]` meaning `c0 + c1·u`. Every number must be a canonical
//! decimal below its field's modulus (see [`PublicInputs::from_decimal_strs`]). Unknown
//! fields (`vk_alphabeta_12`, ...) are ignored.

use ark_ec::models::short_weierstrass::{Affine, SWCurveConfig};
use ark_ff::{Field, PrimeField, Zero};
use serde_json::Value;

use super::groth16::{ByCurve, validate_proof};
use super::{
    Curve, MAX_JSON_LEN, MAX_PUBLIC_INPUTS, PreparedVerifyingKey, Proof, PublicInputs,
    VerifyingKey, decimal,
};
use crate::Error;

fn parse(json: &str) -> Result<Value, Error> {
    if json.len() > MAX_JSON_LEN {
        return Err(Error::LimitExceeded);
    }
    serde_json::from_str(json).map_err(|_| Error::InvalidEncoding)
}

fn field<'a>(obj: &'a Value, key: &str) -> Result<&'a Value, Error> {
    obj.get(key).ok_or(Error::InvalidEncoding)
}

fn array(v: &Value) -> Result<&[Value], Error> {
    v.as_array()
        .map(Vec::as_slice)
        .ok_or(Error::InvalidEncoding)
}

fn string(v: &Value) -> Result<&str, Error> {
    v.as_str().ok_or(Error::InvalidEncoding)
}

/// `protocol`, if present, must be `"groth16"`; `curve`, if present, must name `curve`.
fn check_header(obj: &Value, curve: Option<Curve>) -> Result<Curve, Error> {
    if !obj.is_object() {
        return Err(Error::InvalidEncoding);
    }
    if let Some(p) = obj.get("protocol")
        && string(p)? != "groth16"
    {
        return Err(Error::InvalidEncoding);
    }
    let named = obj
        .get("curve")
        .map(|c| string(c).and_then(Curve::from_snarkjs_name))
        .transpose()?;
    match (named, curve) {
        (Some(n), Some(c)) if n != c => Err(Error::InvalidEncoding),
        (Some(n), _) => Ok(n),
        (None, Some(c)) => Ok(c),
        (None, None) => Err(Error::InvalidEncoding),
    }
}

fn prime<F: PrimeField>(v: &Value) -> Result<F, Error> {
    decimal::parse_field(string(v)?)
}

fn quadratic<P: ark_ff::Fp2Config>(v: &Value) -> Result<ark_ff::Fp2<P>, Error> {
    match array(v)? {
        [c0, c1] => Ok(ark_ff::Fp2::new(prime(c0)?, prime(c1)?)),
        _ => Err(Error::InvalidEncoding),
    }
}

/// A point from `[x, y]` or `[x, y, z]` with z ∈ {0, 1}, not yet validated.
fn point<P: SWCurveConfig>(
    v: &Value,
    coord: impl Fn(&Value) -> Result<P::BaseField, Error>,
) -> Result<Affine<P>, Error> {
    let (x, y, z) = match array(v)? {
        [x, y] => (coord(x)?, coord(y)?, P::BaseField::ONE),
        [x, y, z] => (coord(x)?, coord(y)?, coord(z)?),
        _ => return Err(Error::InvalidEncoding),
    };
    if z == P::BaseField::ONE {
        Ok(Affine::new_unchecked(x, y))
    } else if z.is_zero() && x.is_zero() && (y.is_zero() || y == P::BaseField::ONE) {
        Ok(Affine::identity())
    } else {
        Err(Error::InvalidEncoding)
    }
}

/// Parses the curve-specific parts of a verification key / proof.
macro_rules! curve_parsers {
    ($vk:ident, $proof:ident, $engine:ty, $g1:ty, $g2:ty) => {
        fn $vk(obj: &Value) -> Result<ark_groth16::VerifyingKey<$engine>, Error> {
            let ic = array(field(obj, "IC")?)?;
            if ic.len() > MAX_PUBLIC_INPUTS + 1 {
                return Err(Error::LimitExceeded);
            }
            let g1 = |v: &Value| point::<$g1>(v, prime);
            let g2 = |v: &Value| point::<$g2>(v, quadratic);
            Ok(ark_groth16::VerifyingKey {
                alpha_g1: g1(field(obj, "vk_alpha_1")?)?,
                beta_g2: g2(field(obj, "vk_beta_2")?)?,
                gamma_g2: g2(field(obj, "vk_gamma_2")?)?,
                delta_g2: g2(field(obj, "vk_delta_2")?)?,
                gamma_abc_g1: ic.iter().map(g1).collect::<Result<_, _>>()?,
            })
        }

        fn $proof(obj: &Value) -> Result<ark_groth16::Proof<$engine>, Error> {
            Ok(ark_groth16::Proof {
                a: point::<$g1>(field(obj, "pi_a")?, prime)?,
                b: point::<$g2>(field(obj, "pi_b")?, quadratic)?,
                c: point::<$g1>(field(obj, "pi_c")?, prime)?,
            })
        }
    };
}

curve_parsers!(
    bn254_vk,
    bn254_proof,
    ark_bn254::Bn254,
    ark_bn254::g1::Config,
    ark_bn254::g2::Config
);
curve_parsers!(
    bls12_381_vk,
    bls12_381_proof,
    ark_bls12_381::Bls12_381,
    ark_bls12_381::g1::Config,
    ark_bls12_381::g2::Config
);

impl VerifyingKey {
    /// Loads a snarkjs `verification_key.json` (`protocol` `"groth16"`, `curve` `"bn128"`
    /// or `"bls12381"`, `nPublic`, `vk_alpha_1`, `vk_beta_2`, `vk_gamma_2`, `vk_delta_2`,
    /// `IC`).
    ///
    /// Errors: [`Error::LimitExceeded`] for more than [`MAX_JSON_LEN`] bytes or
    /// [`MAX_PUBLIC_INPUTS`] public inputs; [`Error::InvalidEncoding`] for malformed
    /// JSON, a missing field, another protocol or curve, a non-canonical number or
    /// `nPublic` ≠ `IC.len() − 1`; [`Error::InvalidKey`] for a point off its curve, outside
    /// the prime-order subgroup, or α, β, γ, δ at infinity.
    pub fn from_snarkjs_json(json: &str) -> Result<Self, Error> {
        let obj = parse(json)?;
        let curve = check_header(&obj, None)?;
        let vk = match curve {
            Curve::Bn254 => VerifyingKey::from_bn254(bn254_vk(&obj)?)?,
            Curve::Bls12_381 => VerifyingKey::from_bls12_381(bls12_381_vk(&obj)?)?,
        };
        let n_public = field(&obj, "nPublic")?
            .as_u64()
            .ok_or(Error::InvalidEncoding)?;
        if usize::try_from(n_public).ok() != Some(vk.num_public_inputs()) {
            return Err(Error::InvalidEncoding);
        }
        Ok(vk)
    }
}

impl PreparedVerifyingKey {
    /// [`VerifyingKey::from_snarkjs_json`], then [`VerifyingKey::prepare`].
    pub fn from_snarkjs_json(json: &str) -> Result<Self, Error> {
        VerifyingKey::from_snarkjs_json(json).map(|vk| vk.prepare())
    }
}

impl Proof {
    /// Loads a snarkjs `proof.json` (`pi_a`, `pi_b`, `pi_c`) for `curve`. Its `protocol`
    /// and `curve` fields are optional (rapidsnark omits `curve`) but must agree if present.
    ///
    /// Errors: [`Error::LimitExceeded`] for more than [`MAX_JSON_LEN`] bytes;
    /// [`Error::InvalidEncoding`] for malformed JSON, a missing field, another protocol or
    /// curve, or a non-canonical number; [`Error::InvalidProof`] for a point off its curve,
    /// outside the prime-order subgroup, or at infinity.
    pub fn from_snarkjs_json(curve: Curve, json: &str) -> Result<Self, Error> {
        let obj = parse(json)?;
        check_header(&obj, Some(curve))?;
        let proof = match curve {
            Curve::Bn254 => ByCurve::Bn254(bn254_proof(&obj)?),
            Curve::Bls12_381 => ByCurve::Bls12_381(bls12_381_proof(&obj)?),
        };
        match &proof {
            ByCurve::Bn254(p) => validate_proof(p)?,
            ByCurve::Bls12_381(p) => validate_proof(p)?,
        }
        Ok(Proof(proof))
    }
}

/// Loads a snarkjs `public.json` (a JSON array of decimal strings) for `curve`.
///
/// Errors: [`Error::LimitExceeded`] for more than [`MAX_JSON_LEN`] bytes or
/// [`MAX_PUBLIC_INPUTS`] inputs; [`Error::InvalidEncoding`] for anything but an array of
/// canonical decimal strings below the scalar field modulus.
pub fn public_inputs_from_snarkjs_json(curve: Curve, json: &str) -> Result<PublicInputs, Error> {
    let v = parse(json)?;
    let items = array(&v)?;
    if items.len() > MAX_PUBLIC_INPUTS {
        return Err(Error::LimitExceeded);
    }
    let strs = items.iter().map(string).collect::<Result<Vec<_>, _>>()?;
    PublicInputs::from_decimal_strs(curve, &strs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rules() {
        let v: Value = serde_json::from_str(r#"{"protocol":"plonk"}"#).unwrap();
        assert_eq!(
            check_header(&v, Some(Curve::Bn254)),
            Err(Error::InvalidEncoding)
        );
        let v: Value = serde_json::from_str(r#"{"curve":"bn128"}"#).unwrap();
        assert_eq!(check_header(&v, None), Ok(Curve::Bn254));
        assert_eq!(
            check_header(&v, Some(Curve::Bls12_381)),
            Err(Error::InvalidEncoding)
        );
        let v: Value = serde_json::from_str("{}").unwrap();
        assert_eq!(check_header(&v, None), Err(Error::InvalidEncoding));
        assert_eq!(
            check_header(&v, Some(Curve::Bls12_381)),
            Ok(Curve::Bls12_381)
        );
        let v: Value = serde_json::from_str("[]").unwrap();
        assert_eq!(
            check_header(&v, Some(Curve::Bn254)),
            Err(Error::InvalidEncoding)
        );
    }

    #[test]
    fn oversized_json_is_refused_before_parsing() {
        let big = " ".repeat(MAX_JSON_LEN + 1);
        assert_eq!(
            VerifyingKey::from_snarkjs_json(&big),
            Err(Error::LimitExceeded)
        );
    }
}
