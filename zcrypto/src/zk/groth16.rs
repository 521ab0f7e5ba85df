//! Groth16 verification over BN254 and BLS12-381: typed keys, proofs and public inputs,
//! single and batch verification. The pairing arithmetic is
//! [`ark-groth16`](https://crates.io/crates/ark-groth16) 0.6 on arkworks; zcrypto adds the
//! checks a verifier of untrusted input needs (see the [module docs](super)).

use ark_bls12_381::Bls12_381;
use ark_bn254::Bn254;
use ark_ec::pairing::{MillerLoopOutput, Pairing};
use ark_ec::{AffineRepr, CurveGroup, PrimeGroup};
use ark_ff::{One, PrimeField, Zero};
use ark_serialize::{CanonicalSerialize, Valid};

use super::{MAX_BATCH, MAX_PUBLIC_INPUTS, decimal};
use crate::{Error, par};

/// The pairing-friendly curve a key, proof or input belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Curve {
    /// BN254 (alt_bn128), snarkjs/circom `"bn128"`, the Ethereum precompile curve.
    Bn254,
    /// BLS12-381, snarkjs/circom `"bls12381"`.
    Bls12_381,
}

impl Curve {
    /// The name snarkjs and circom use (`"bn128"`, `"bls12381"`).
    pub const fn snarkjs_name(self) -> &'static str {
        match self {
            Curve::Bn254 => "bn128",
            Curve::Bls12_381 => "bls12381",
        }
    }

    /// Parses a snarkjs curve name (`"bn128"`, `"bls12381"`; also `"bn254"`,
    /// `"bls12-381"`), ASCII case-insensitively. Anything else is
    /// [`Error::InvalidEncoding`].
    pub fn from_snarkjs_name(name: &str) -> Result<Curve, Error> {
        match name.to_ascii_lowercase().as_str() {
            "bn128" | "bn254" | "alt_bn128" => Ok(Curve::Bn254),
            "bls12381" | "bls12-381" | "bls12_381" => Ok(Curve::Bls12_381),
            _ => Err(Error::InvalidEncoding),
        }
    }

    /// A stable one-byte identifier (used by the binary encoding and the batch transcript).
    pub(crate) const fn tag(self) -> u8 {
        match self {
            Curve::Bn254 => 1,
            Curve::Bls12_381 => 2,
        }
    }
}

/// What zcrypto needs from an arkworks pairing engine beyond [`Pairing`].
pub(crate) trait Engine: Pairing {
    const CURVE: Curve;
}

impl Engine for Bn254 {
    const CURVE: Curve = Curve::Bn254;
}

impl Engine for Bls12_381 {
    const CURVE: Curve = Curve::Bls12_381;
}

/// A value held for one of the two curves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ByCurve<A, B> {
    Bn254(A),
    Bls12_381(B),
}

impl<A, B> ByCurve<A, B> {
    pub(crate) const fn curve(&self) -> Curve {
        match self {
            ByCurve::Bn254(_) => Curve::Bn254,
            ByCurve::Bls12_381(_) => Curve::Bls12_381,
        }
    }
}

/// Checks that a group element is on the curve and in the prime-order subgroup.
pub(crate) fn check_point<G: Valid>(p: &G, bad: Error) -> Result<(), Error> {
    p.check().map_err(|_| bad)
}

/// Checks a point and that it is not the identity.
fn check_nonzero_point<G: Valid + AffineRepr>(p: &G, bad: Error) -> Result<(), Error> {
    check_point(p, bad)?;
    if p.is_zero() { Err(bad) } else { Ok(()) }
}

/// A Groth16 verifying key (snarkjs `verification_key.json`).
///
/// Every point is on its curve and in the prime-order subgroup; α, β, γ and δ are not the
/// identity (a key with γ or δ = 0 would accept forgeries); there are 1 to
/// [`MAX_PUBLIC_INPUTS`] + 1 `IC` points. Keep the [`PreparedVerifyingKey`] from
/// [`VerifyingKey::prepare`], not this: preparing computes a pairing.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifyingKey(
    pub(crate) ByCurve<ark_groth16::VerifyingKey<Bn254>, ark_groth16::VerifyingKey<Bls12_381>>,
);

/// A Groth16 verifying key with e(α, β) computed and −γ, −δ prepared for pairings: what
/// a verifier keeps (build it once with [`VerifyingKey::prepare`]).
#[derive(Clone, Debug, PartialEq)]
pub struct PreparedVerifyingKey(
    pub(crate)  ByCurve<
        ark_groth16::PreparedVerifyingKey<Bn254>,
        ark_groth16::PreparedVerifyingKey<Bls12_381>,
    >,
);

/// A Groth16 proof (A ∈ G1, B ∈ G2, C ∈ G1; snarkjs `proof.json`).
///
/// Every point is on its curve, in the prime-order subgroup and not the identity.
#[derive(Clone, Debug, PartialEq)]
pub struct Proof(pub(crate) ByCurve<ark_groth16::Proof<Bn254>, ark_groth16::Proof<Bls12_381>>);

/// The public inputs of a statement (snarkjs `public.json`): canonical elements of the
/// curve's scalar field, at most [`MAX_PUBLIC_INPUTS`] of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicInputs(pub(crate) ByCurve<Vec<ark_bn254::Fr>, Vec<ark_bls12_381::Fr>>);

pub(crate) fn validate_vk<E: Engine>(vk: &ark_groth16::VerifyingKey<E>) -> Result<(), Error> {
    let bad = Error::InvalidKey;
    if vk.gamma_abc_g1.is_empty() {
        return Err(Error::InvalidLength {
            expected: 1,
            got: 0,
        });
    }
    if vk.gamma_abc_g1.len() > MAX_PUBLIC_INPUTS + 1 {
        return Err(Error::LimitExceeded);
    }
    check_nonzero_point(&vk.alpha_g1, bad)?;
    check_nonzero_point(&vk.beta_g2, bad)?;
    check_nonzero_point(&vk.gamma_g2, bad)?;
    check_nonzero_point(&vk.delta_g2, bad)?;
    for p in &vk.gamma_abc_g1 {
        check_point(p, bad)?;
    }
    Ok(())
}

pub(crate) fn validate_proof<E: Engine>(proof: &ark_groth16::Proof<E>) -> Result<(), Error> {
    let bad = Error::InvalidProof;
    check_nonzero_point(&proof.a, bad)?;
    check_nonzero_point(&proof.b, bad)?;
    check_nonzero_point(&proof.c, bad)
}

impl VerifyingKey {
    /// Wraps an arkworks BN254 key after checking it (see [`VerifyingKey`]).
    pub fn from_bn254(vk: ark_groth16::VerifyingKey<Bn254>) -> Result<Self, Error> {
        validate_vk(&vk)?;
        Ok(VerifyingKey(ByCurve::Bn254(vk)))
    }

    /// Wraps an arkworks BLS12-381 key after checking it (see [`VerifyingKey`]).
    pub fn from_bls12_381(vk: ark_groth16::VerifyingKey<Bls12_381>) -> Result<Self, Error> {
        validate_vk(&vk)?;
        Ok(VerifyingKey(ByCurve::Bls12_381(vk)))
    }

    /// The key's curve.
    pub const fn curve(&self) -> Curve {
        self.0.curve()
    }

    /// The arkworks BN254 key, if the key is for BN254.
    pub fn as_bn254(&self) -> Option<&ark_groth16::VerifyingKey<Bn254>> {
        match &self.0 {
            ByCurve::Bn254(vk) => Some(vk),
            ByCurve::Bls12_381(_) => None,
        }
    }

    /// The arkworks BLS12-381 key, if the key is for BLS12-381.
    pub fn as_bls12_381(&self) -> Option<&ark_groth16::VerifyingKey<Bls12_381>> {
        match &self.0 {
            ByCurve::Bls12_381(vk) => Some(vk),
            ByCurve::Bn254(_) => None,
        }
    }

    /// The number of public inputs a statement must have (`IC.len() - 1`, snarkjs `nPublic`).
    pub fn num_public_inputs(&self) -> usize {
        match &self.0 {
            ByCurve::Bn254(vk) => vk.gamma_abc_g1.len() - 1,
            ByCurve::Bls12_381(vk) => vk.gamma_abc_g1.len() - 1,
        }
    }

    /// Prepares the key for verification (one pairing and two G2 line precomputations).
    pub fn prepare(&self) -> PreparedVerifyingKey {
        PreparedVerifyingKey(match &self.0 {
            ByCurve::Bn254(vk) => ByCurve::Bn254(ark_groth16::prepare_verifying_key(vk)),
            ByCurve::Bls12_381(vk) => ByCurve::Bls12_381(ark_groth16::prepare_verifying_key(vk)),
        })
    }
}

impl PreparedVerifyingKey {
    /// The key's curve.
    pub const fn curve(&self) -> Curve {
        self.0.curve()
    }

    /// The number of public inputs a statement must have.
    pub fn num_public_inputs(&self) -> usize {
        match &self.0 {
            ByCurve::Bn254(p) => p.vk.gamma_abc_g1.len() - 1,
            ByCurve::Bls12_381(p) => p.vk.gamma_abc_g1.len() - 1,
        }
    }

    /// The unprepared key.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey(match &self.0 {
            ByCurve::Bn254(p) => ByCurve::Bn254(p.vk.clone()),
            ByCurve::Bls12_381(p) => ByCurve::Bls12_381(p.vk.clone()),
        })
    }
}

impl From<&VerifyingKey> for PreparedVerifyingKey {
    fn from(vk: &VerifyingKey) -> Self {
        vk.prepare()
    }
}

impl Proof {
    /// Wraps an arkworks BN254 proof after checking it (see [`Proof`]).
    pub fn from_bn254(proof: ark_groth16::Proof<Bn254>) -> Result<Self, Error> {
        validate_proof(&proof)?;
        Ok(Proof(ByCurve::Bn254(proof)))
    }

    /// Wraps an arkworks BLS12-381 proof after checking it (see [`Proof`]).
    pub fn from_bls12_381(proof: ark_groth16::Proof<Bls12_381>) -> Result<Self, Error> {
        validate_proof(&proof)?;
        Ok(Proof(ByCurve::Bls12_381(proof)))
    }

    /// The proof's curve.
    pub const fn curve(&self) -> Curve {
        self.0.curve()
    }

    /// The arkworks BN254 proof, if the proof is for BN254.
    pub fn as_bn254(&self) -> Option<&ark_groth16::Proof<Bn254>> {
        match &self.0 {
            ByCurve::Bn254(p) => Some(p),
            ByCurve::Bls12_381(_) => None,
        }
    }

    /// The arkworks BLS12-381 proof, if the proof is for BLS12-381.
    pub fn as_bls12_381(&self) -> Option<&ark_groth16::Proof<Bls12_381>> {
        match &self.0 {
            ByCurve::Bls12_381(p) => Some(p),
            ByCurve::Bn254(_) => None,
        }
    }
}

impl PublicInputs {
    /// Public inputs from decimal strings (snarkjs `public.json` entries): each must be a
    /// canonical decimal number below the scalar field modulus (no sign, no leading
    /// zeros, at most 80 digits). Fails with [`Error::InvalidEncoding`] otherwise and
    /// [`Error::LimitExceeded`] for more than [`MAX_PUBLIC_INPUTS`].
    pub fn from_decimal_strs<S: AsRef<str>>(curve: Curve, inputs: &[S]) -> Result<Self, Error> {
        if inputs.len() > MAX_PUBLIC_INPUTS {
            return Err(Error::LimitExceeded);
        }
        fn parse<F: PrimeField, S: AsRef<str>>(inputs: &[S]) -> Result<Vec<F>, Error> {
            inputs
                .iter()
                .map(|s| decimal::parse_field(s.as_ref()))
                .collect()
        }
        Ok(PublicInputs(match curve {
            Curve::Bn254 => ByCurve::Bn254(parse(inputs)?),
            Curve::Bls12_381 => ByCurve::Bls12_381(parse(inputs)?),
        }))
    }

    /// Public inputs from 32-byte big-endian integers, each below the scalar field
    /// modulus ([`Error::InvalidEncoding`] otherwise).
    pub fn from_be_bytes(curve: Curve, inputs: &[[u8; 32]]) -> Result<Self, Error> {
        if inputs.len() > MAX_PUBLIC_INPUTS {
            return Err(Error::LimitExceeded);
        }
        fn parse<F: PrimeField>(inputs: &[[u8; 32]]) -> Result<Vec<F>, Error> {
            inputs.iter().map(decimal::field_from_be_bytes).collect()
        }
        Ok(PublicInputs(match curve {
            Curve::Bn254 => ByCurve::Bn254(parse(inputs)?),
            Curve::Bls12_381 => ByCurve::Bls12_381(parse(inputs)?),
        }))
    }

    /// BN254 public inputs from arkworks field elements.
    pub fn from_bn254(inputs: Vec<ark_bn254::Fr>) -> Result<Self, Error> {
        if inputs.len() > MAX_PUBLIC_INPUTS {
            return Err(Error::LimitExceeded);
        }
        Ok(PublicInputs(ByCurve::Bn254(inputs)))
    }

    /// BLS12-381 public inputs from arkworks field elements.
    pub fn from_bls12_381(inputs: Vec<ark_bls12_381::Fr>) -> Result<Self, Error> {
        if inputs.len() > MAX_PUBLIC_INPUTS {
            return Err(Error::LimitExceeded);
        }
        Ok(PublicInputs(ByCurve::Bls12_381(inputs)))
    }

    /// The inputs' curve.
    pub const fn curve(&self) -> Curve {
        self.0.curve()
    }

    /// The number of inputs.
    pub fn len(&self) -> usize {
        match &self.0 {
            ByCurve::Bn254(v) => v.len(),
            ByCurve::Bls12_381(v) => v.len(),
        }
    }

    /// Whether there are no inputs.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each input as a 32-byte big-endian integer.
    pub fn to_be_bytes(&self) -> Vec<[u8; 32]> {
        match &self.0 {
            ByCurve::Bn254(v) => v.iter().map(decimal::field_to_be_bytes).collect(),
            ByCurve::Bls12_381(v) => v.iter().map(decimal::field_to_be_bytes).collect(),
        }
    }
}

/// Verifies `proof` for `inputs` under the prepared key.
///
/// Returns `Ok(())` if the proof verifies, and otherwise:
/// * [`Error::InvalidProof`] if it does not, or if the key, proof and inputs are not all
///   for the same curve;
/// * [`Error::InvalidLength`] if the number of inputs is not the key's
///   [`num_public_inputs`](PreparedVerifyingKey::num_public_inputs) (`expected` and `got`
///   count field elements).
///
/// Points and inputs were checked when the values were built, so this never panics.
pub fn verify(
    pvk: &PreparedVerifyingKey,
    proof: &Proof,
    inputs: &PublicInputs,
) -> Result<(), Error> {
    match (&pvk.0, &proof.0, &inputs.0) {
        (ByCurve::Bn254(k), ByCurve::Bn254(p), ByCurve::Bn254(x)) => verify_one(k, p, x),
        (ByCurve::Bls12_381(k), ByCurve::Bls12_381(p), ByCurve::Bls12_381(x)) => {
            verify_one(k, p, x)
        }
        _ => Err(Error::InvalidProof),
    }
}

fn check_count<E: Pairing>(
    pvk: &ark_groth16::PreparedVerifyingKey<E>,
    inputs: &[E::ScalarField],
) -> Result<(), Error> {
    Error::check_len(pvk.vk.gamma_abc_g1.len() - 1, inputs.len())
}

/// IC₀ + Σ xᵢ·ICᵢ (the caller has checked the count).
fn prepare_inputs<E: Pairing>(
    pvk: &ark_groth16::PreparedVerifyingKey<E>,
    inputs: &[E::ScalarField],
) -> E::G1 {
    let mut acc = pvk.vk.gamma_abc_g1[0].into_group();
    for (x, base) in inputs.iter().zip(pvk.vk.gamma_abc_g1.iter().skip(1)) {
        acc += base.mul_bigint(x.into_bigint());
    }
    acc
}

fn verify_one<E: Pairing>(
    pvk: &ark_groth16::PreparedVerifyingKey<E>,
    proof: &ark_groth16::Proof<E>,
    inputs: &[E::ScalarField],
) -> Result<(), Error> {
    check_count(pvk, inputs)?;
    let acc = prepare_inputs(pvk, inputs);
    // e(A, B) · e(acc, −γ) · e(C, −δ) = e(α, β), as ark-groth16's
    // `verify_proof_with_prepared_inputs`, without its `unwrap`.
    let ml = E::multi_miller_loop(
        [
            E::G1Prepared::from(proof.a),
            E::G1Prepared::from(acc.into_affine()),
            E::G1Prepared::from(proof.c),
        ],
        [
            E::G2Prepared::from(proof.b),
            pvk.gamma_g2_neg_pc.clone(),
            pvk.delta_g2_neg_pc.clone(),
        ],
    );
    match E::final_exponentiation(ml) {
        Some(out) if out.0 == pvk.alpha_g1_beta_g2 => Ok(()),
        _ => Err(Error::InvalidProof),
    }
}

/// Domain of the BLAKE3 key derivation for the batch transcript.
const BATCH_CONTEXT: &str = "zcrypto 2026 groth16 batch verification transcript v1";

/// Verifies many proofs under one key: `Ok(())` exactly when [`verify`] accepts every
/// `(proof, inputs)` pair.
///
/// One randomised check (a random linear combination of the verification equations:
/// n + 2 Miller loops and one final exponentiation instead of 3n and n) with 128-bit
/// coefficients derived deterministically from a BLAKE3 transcript of the key and the
/// whole batch, so every node gets the same answer; a false batch passes with
/// probability at most 2⁻¹²⁸. Miller loops are spread across cores with the `std`
/// feature. ark-groth16 has no batch verifier; the equation is zcrypto's.
///
/// Errors: [`Error::LimitExceeded`] for more than [`MAX_BATCH`] items (before any work);
/// [`Error::InvalidProof`] if any item is for another curve, then the first wrong input
/// count as [`verify`] gives it ([`Error::InvalidLength`]), both before any pairing; [`Error::InvalidProof`] if the batch equation fails
/// (use [`verify_batch_each`] to find which proofs are bad). An empty batch is `Ok`.
pub fn verify_batch(
    pvk: &PreparedVerifyingKey,
    items: &[(&Proof, &PublicInputs)],
) -> Result<(), Error> {
    if items.len() > MAX_BATCH {
        return Err(Error::LimitExceeded);
    }
    match &pvk.0 {
        ByCurve::Bn254(k) => {
            let items = split(items, |p, x| match (&p.0, &x.0) {
                (ByCurve::Bn254(p), ByCurve::Bn254(x)) => Some((p, x.as_slice())),
                _ => None,
            })?;
            batch_equation(k, &items)
        }
        ByCurve::Bls12_381(k) => {
            let items = split(items, |p, x| match (&p.0, &x.0) {
                (ByCurve::Bls12_381(p), ByCurve::Bls12_381(x)) => Some((p, x.as_slice())),
                _ => None,
            })?;
            batch_equation(k, &items)
        }
    }
}

/// [`verify`] for every item, in order: the batch equation first, and only if it fails
/// each proof alone (in parallel), so the bad ones are named. Each result is exactly what
/// [`verify`] returns for that item. With more than [`MAX_BATCH`] items every result is
/// [`Error::LimitExceeded`] and no work is done.
pub fn verify_batch_each(
    pvk: &PreparedVerifyingKey,
    items: &[(&Proof, &PublicInputs)],
) -> Vec<Result<(), Error>> {
    match verify_batch(pvk, items) {
        Ok(()) => items.iter().map(|_| Ok(())).collect(),
        Err(Error::LimitExceeded) if items.len() > MAX_BATCH => {
            items.iter().map(|_| Err(Error::LimitExceeded)).collect()
        }
        Err(_) => par::map(items, |(proof, inputs)| verify(pvk, proof, inputs)),
    }
}

type Item<'a, E> = (&'a ark_groth16::Proof<E>, &'a [<E as Pairing>::ScalarField]);

fn split<'a, E: Pairing>(
    items: &[(&'a Proof, &'a PublicInputs)],
    f: impl Fn(&'a Proof, &'a PublicInputs) -> Option<Item<'a, E>>,
) -> Result<Vec<Item<'a, E>>, Error> {
    items
        .iter()
        .map(|&(p, x)| f(p, x).ok_or(Error::InvalidProof))
        .collect()
}

fn batch_equation<E: Engine>(
    pvk: &ark_groth16::PreparedVerifyingKey<E>,
    items: &[Item<'_, E>],
) -> Result<(), Error> {
    for (_, inputs) in items {
        check_count(pvk, inputs)?;
    }
    match items {
        [] => return Ok(()),
        [(proof, inputs)] => return verify_one(pvk, proof, inputs),
        _ => {}
    }
    let seed = transcript_seed(pvk, items);
    let indexed: Vec<(usize, &Item<'_, E>)> = items.iter().enumerate().collect();
    // Per item: rᵢ, rᵢ·Aᵢ (paired with Bᵢ), rᵢ·(IC₀ + Σ xⱼ·ICⱼ) and rᵢ·Cᵢ.
    let scaled = par::map(&indexed, |&(i, (proof, inputs))| {
        let r = coefficient::<E::ScalarField>(&seed, i);
        let r_big = r.into_bigint();
        let ra = proof.a.mul_bigint(r_big);
        let rx = prepare_inputs(pvk, inputs).mul_bigint(r_big);
        let rc = proof.c.mul_bigint(r_big);
        (r, ra, rx, rc)
    });
    let mut r_sum = E::ScalarField::zero();
    let mut x_sum = E::G1::zero();
    let mut c_sum = E::G1::zero();
    let mut ra = Vec::with_capacity(items.len());
    for (r, a, x, c) in scaled {
        r_sum += r;
        x_sum += x;
        c_sum += c;
        ra.push(a);
    }
    let ra = E::G1::normalize_batch(&ra);
    // Pairs (rᵢAᵢ, Bᵢ), then (Σ rᵢ·accᵢ, −γ) and (Σ rᵢCᵢ, −δ).
    let mut pairs: Vec<(E::G1Prepared, E::G2Prepared)> = ra
        .into_iter()
        .zip(items.iter())
        .map(|(a, (proof, _))| (a.into(), proof.b.into()))
        .collect();
    pairs.push((x_sum.into_affine().into(), pvk.gamma_g2_neg_pc.clone()));
    pairs.push((c_sum.into_affine().into(), pvk.delta_g2_neg_pc.clone()));
    let chunk = pairs.len().div_ceil(par::threads().max(1)).max(1);
    let chunks: Vec<&[(E::G1Prepared, E::G2Prepared)]> = pairs.chunks(chunk).collect();
    let partial = par::map(&chunks, |c| {
        E::multi_miller_loop(c.iter().map(|p| p.0.clone()), c.iter().map(|p| p.1.clone())).0
    });
    let mut ml = E::TargetField::one();
    for p in partial {
        ml *= p;
    }
    let lhs = E::final_exponentiation(MillerLoopOutput(ml)).ok_or(Error::InvalidProof)?;
    // e(α, β)^(Σ rᵢ).
    let rhs =
        ark_ec::pairing::PairingOutput::<E>(pvk.alpha_g1_beta_g2).mul_bigint(r_sum.into_bigint());
    if lhs == rhs {
        Ok(())
    } else {
        Err(Error::InvalidProof)
    }
}

/// BLAKE3 over the curve, the key and every (proof, inputs) pair, compressed.
fn transcript_seed<E: Engine>(
    pvk: &ark_groth16::PreparedVerifyingKey<E>,
    items: &[Item<'_, E>],
) -> [u8; 32] {
    // Serializing valid points and field elements into a Vec cannot fail.
    let mut buf = Vec::new();
    let mut h = blake3::Hasher::new_derive_key(BATCH_CONTEXT);
    h.update(&[E::CURVE.tag()]);
    let _ = pvk.vk.serialize_compressed(&mut buf);
    h.update(&(buf.len() as u64).to_le_bytes());
    h.update(&buf);
    h.update(&(items.len() as u64).to_le_bytes());
    for (proof, inputs) in items {
        buf.clear();
        let _ = proof.serialize_compressed(&mut buf);
        h.update(&buf);
        h.update(&(inputs.len() as u64).to_le_bytes());
        for x in inputs.iter() {
            buf.clear();
            let _ = x.serialize_compressed(&mut buf);
            h.update(&buf);
        }
    }
    h.finalize().into()
}

/// The 128-bit, non-zero coefficient of item `index`.
fn coefficient<F: PrimeField>(seed: &[u8; 32], index: usize) -> F {
    let full = blake3::keyed_hash(seed, &(index as u64).to_le_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&full.as_bytes()[..16]);
    let r = F::from_le_bytes_mod_order(&bytes);
    if r.is_zero() { F::one() } else { r }
}
