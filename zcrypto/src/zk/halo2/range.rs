//! The range-check circuit: `commitment = Poseidon(v, r)` and `v < 2ⁿ`.

use halo2_proofs::circuit::{Layouter, SimpleFloorPlanner, Value};
use halo2_proofs::pasta::Fp;
use halo2_proofs::pasta::group::ff::Field;
use halo2_proofs::plonk::{self, Circuit, ConstraintSystem, Constraints, Selector};
use halo2_proofs::poly::Rotation;

use super::{
    BaseConfig, Blinding, CircuitId, FieldElement, Proof, ProverRng, Statement, configure_base,
    hash_in_circuit, poseidon_fp, prove_circuit,
};
use crate::Error;
use crate::zk::bulletproofs::BitSize;

/// The range commitment `Poseidon(value, blinding)` (the public input of a range proof).
pub fn commit(value: u64, blinding: &Blinding) -> FieldElement {
    FieldElement(poseidon_fp(Fp::from(value), blinding.to_fp()))
}

/// The range-check circuit for n = `bits` bits, with its witness (value, blinding).
///
/// Rows `0..=n` of the first advice column hold the running sum of v's bits, most
/// significant first: `z₀ = 0` (a constant), `zᵢ₊₁ = v >> (n − 1 − i)`; on rows `0..n` a
/// gate requires `d = zᵢ₊₁ − 2·zᵢ` to be a bit (`d·(1 − d) = 0`), so `z_n < 2ⁿ`. `z_n` and
/// the blinding are hashed with Poseidon and the hash is constrained to the public input.
///
/// [`RangeCircuit::new`] does not check the value (so tests can show the constraints
/// reject an out-of-range witness with `MockProver`); [`prove_range`] does.
#[derive(Debug, Clone)]
pub struct RangeCircuit {
    bits: BitSize,
    value: Value<u64>,
    blinding: Value<Fp>,
}

/// [`RangeCircuit`]'s columns and its bit gate.
#[derive(Debug, Clone)]
pub struct RangeConfig {
    base: BaseConfig,
    bit: Selector,
}

impl RangeCircuit {
    /// The circuit with this witness; `value` is not checked against `bits`.
    pub fn new(bits: BitSize, value: u64, blinding: &Blinding) -> RangeCircuit {
        RangeCircuit {
            bits,
            value: Value::known(value),
            blinding: Value::known(blinding.to_fp()),
        }
    }

    /// The registry id of this circuit.
    pub fn id(&self) -> CircuitId {
        CircuitId::range(self.bits)
    }

    pub(super) fn empty(bits: BitSize) -> RangeCircuit {
        RangeCircuit {
            bits,
            value: Value::unknown(),
            blinding: Value::unknown(),
        }
    }
}

impl Circuit<Fp> for RangeCircuit {
    type Config = RangeConfig;
    type FloorPlanner = SimpleFloorPlanner;

    fn without_witnesses(&self) -> Self {
        RangeCircuit::empty(self.bits)
    }

    fn configure(meta: &mut ConstraintSystem<Fp>) -> RangeConfig {
        let base = configure_base(meta);
        let bit = meta.selector();
        let z = base.advice[0];
        meta.create_gate("running-sum bit", |meta| {
            let s = meta.query_selector(bit);
            let cur = meta.query_advice(z, Rotation::cur());
            let next = meta.query_advice(z, Rotation::next());
            let d = next - cur * Fp::from(2);
            Constraints::with_selector(
                s,
                [(
                    "bit is boolean",
                    d.clone() * (halo2_proofs::plonk::Expression::Constant(Fp::ONE) - d),
                )],
            )
        });
        RangeConfig { base, bit }
    }

    fn synthesize(
        &self,
        config: RangeConfig,
        mut layouter: impl Layouter<Fp>,
    ) -> Result<(), plonk::Error> {
        let n = self.bits.bits();
        let z = config.base.advice[0];
        let (value, blinding) = layouter.assign_region(
            || "range decomposition",
            |mut region| {
                let mut cell = region.assign_advice_from_constant(|| "z_0", z, 0, Fp::ZERO)?;
                for i in 0..n {
                    config.bit.enable(&mut region, i)?;
                    let shift = (n - 1 - i) as u32;
                    let zi = self
                        .value
                        .map(|v| Fp::from(v.checked_shr(shift).unwrap_or(0)));
                    cell = region.assign_advice(|| "z", z, i + 1, || zi)?;
                }
                let blinding = region.assign_advice(
                    || "blinding",
                    config.base.advice[1],
                    0,
                    || self.blinding,
                )?;
                Ok((cell, blinding))
            },
        )?;
        let commitment = hash_in_circuit(
            &config.base,
            layouter.namespace(|| "commitment"),
            [value, blinding],
        )?;
        layouter.constrain_instance(commitment.cell(), config.base.instance, 0)
    }
}

/// Proves that `value < 2ⁿ` (n = `bits`) for the commitment `Poseidon(value, blinding)`,
/// with 32 caller-supplied random bytes (see [the module docs](super#randomness)).
///
/// Returns the statement (its public input is [`commit`]`(value, blinding)`) and the
/// proof. A value that does not fit is [`Error::LimitExceeded`] (as for
/// [`bulletproofs`](crate::zk::bulletproofs); nothing is proved).
pub fn prove_range_with_entropy(
    bits: BitSize,
    value: u64,
    blinding: &Blinding,
    entropy: &[u8; 32],
) -> Result<(Statement, Proof), Error> {
    if !bits.contains(value) {
        return Err(Error::LimitExceeded);
    }
    let statement = Statement::range(bits, commit(value, blinding));
    let circuit = RangeCircuit::new(bits, value, blinding);
    let rng = ProverRng::new(
        statement.circuit,
        entropy,
        &[&value.to_le_bytes(), &blinding.to_bytes()],
    );
    let proof = prove_circuit(&statement, circuit, rng)?;
    Ok((statement, proof))
}

/// [`prove_range_with_entropy`] with 32 bytes from the operating system's CSPRNG.
#[cfg(feature = "std")]
pub fn prove_range(
    bits: BitSize,
    value: u64,
    blinding: &Blinding,
) -> Result<(Statement, Proof), Error> {
    let mut entropy = crate::rand::array::<32>()?;
    let out = prove_range_with_entropy(bits, value, blinding, &entropy);
    zeroize::Zeroize::zeroize(&mut entropy);
    out
}
