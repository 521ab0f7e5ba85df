//! Poseidon over BN254 (circom-compatible): [`Op::PoseidonBn254`].
//!
//! Gas: `base + per item × inputs`. Inputs are 1 to 12 field elements of 32 bytes,
//! big-endian, each below the field modulus; checked before any gas is charged.

use super::memory::output;
use super::{GasMeter, GuestMemory, Op, Span};
use crate::Error;
use crate::poseidon::{self, FieldElement, MAX_INPUTS};

/// Hashes the field elements in `inputs` (a multiple of 32 bytes) and writes the 32-byte
/// big-endian result at the start of `out`. Returns 32.
///
/// ```
/// use zcrypto::metered::{poseidon, Gas, Op, Span};
/// let mut mem = vec![0u8; 96];
/// mem[31] = 1;
/// mem[63] = 2;
/// let mut gas = Gas::new(100_000);
/// poseidon::hash(&mut mem[..], &mut gas, Span::new(0, 64), Span::new(64, 32))?;
/// assert_eq!(
///     zcrypto::encoding::to_hex(&mem[64..]),
///     "115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"
/// );
/// assert_eq!(gas.used(), Op::PoseidonBn254.cost().gas(0, 2));
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn hash<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &mut M,
    gas: &mut G,
    inputs: Span,
    out: Span,
) -> Result<u32, Error> {
    mem.check(inputs)?;
    let out = output(mem, out, 32)?;
    let n = inputs.len_usize() / 32;
    if !inputs.len.is_multiple_of(32) || n == 0 {
        return Err(Error::InvalidLength {
            expected: inputs.len_usize().div_ceil(32).max(1) * 32,
            got: inputs.len_usize(),
        });
    }
    if n > MAX_INPUTS {
        return Err(Error::LimitExceeded);
    }
    let elements = mem
        .read(inputs)?
        .chunks_exact(32)
        .map(|c| {
            let mut b = [0u8; 32];
            b.copy_from_slice(c);
            FieldElement::from_be_bytes(&b)
        })
        .collect::<Result<Vec<_>, _>>()?;
    gas.charge(Op::PoseidonBn254.cost().gas(0, n as u64))?;
    let h = poseidon::hash(&elements)?;
    mem.write(out, &h.to_be_bytes())?;
    Ok(out.len)
}
