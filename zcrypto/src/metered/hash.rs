//! One-shot hashing of a guest range: [`Op::Sha256`] ... [`Op::Blake3`].
//!
//! Gas: `base + per byte × input length` of the algorithm's entry. Input at most
//! [`MAX_HASH_INPUT`] bytes.

use super::limits::MAX_HASH_INPUT;
use super::memory::output;
use super::{GasMeter, GuestMemory, Op, Span, capped};
use crate::Error;
use crate::hash::{self, HashAlg};

/// Hashes `input` with `alg` and writes the digest at the start of `out` (which must
/// hold at least [`HashAlg::output_len`] bytes). Returns the digest length.
///
/// ```
/// use zcrypto::metered::{hash::hash, Gas, Op, Span};
/// use zcrypto::{hash::HashAlg, Error};
/// let mut mem = vec![0u8; 40];
/// let mut gas = Gas::new(1_000_000);
/// // Output range too small: an error, no gas charged, memory untouched.
/// assert_eq!(
///     hash(&mut mem[..], &mut gas, HashAlg::Keccak256, Span::new(0, 0), Span::new(8, 31)),
///     Err(Error::BufferTooSmall { needed: 32, got: 31 })
/// );
/// assert_eq!(gas.used(), 0);
/// hash(&mut mem[..], &mut gas, HashAlg::Keccak256, Span::new(0, 0), Span::new(8, 32))?;
/// assert_eq!(&mem[8..], &zcrypto::hash::keccak256(b""));
/// assert_eq!(gas.used(), Op::Keccak256.cost().gas(0, 0));
/// # Ok::<(), Error>(())
/// ```
pub fn hash<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &mut M,
    gas: &mut G,
    alg: HashAlg,
    input: Span,
    out: Span,
) -> Result<u32, Error> {
    mem.check(input)?;
    let out = output(mem, out, alg.output_len())?;
    let bytes = capped(input, MAX_HASH_INPUT)?;
    gas.charge(Op::hash(alg).cost().gas(bytes, 0))?;
    let digest = hash::hash(alg, mem.read(input)?);
    mem.write(out, digest.as_bytes())?;
    Ok(out.len)
}
