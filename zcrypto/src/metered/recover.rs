//! secp256k1 public key recovery ([`Op::Secp256k1Recover`]): Ethereum's `ecrecover`.
//!
//! Input: a 32-byte prehash and a 65-byte recoverable signature `r ‖ s ‖ v` with the
//! recovery id `v` ∈ {0, 1} (subtract Ethereum's 27 first). High S is accepted, as
//! by the EVM precompile: `(r, n − s, 1 − v)` recovers the same key. Output, chosen by
//! [`RecoverOutput`]: the 65-byte uncompressed SEC1 key, the 64-byte `x ‖ y`, or the
//! 20-byte Ethereum address.
//!
//! Verdicts: a signature that decodes but from which no key can be recovered is
//! `Ok(Verdict::Invalid)` and writes nothing; `r` or `s` zero or not below the group
//! order, or `v` > 1, is `Err(InvalidSignature)` (gas charged). Gas: constant.

use super::memory::output;
use super::{GasMeter, GuestMemory, Op, Span, Verdict, fixed};
use crate::Error;
use crate::sig::Encoding;
use crate::sig::secp256k1::ecdsa::{PREHASH_LEN, RECOVERABLE_SIGNATURE_LEN, RecoverableSignature};

/// What [`recover`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum RecoverOutput {
    /// The 65-byte uncompressed SEC1 public key `0x04 ‖ x ‖ y`.
    Uncompressed = 0,
    /// The 64-byte raw public key `x ‖ y`.
    Raw = 1,
    /// The 20-byte Ethereum address: the last 20 bytes of Keccak-256(x ‖ y).
    Address = 2,
}

impl RecoverOutput {
    /// The number of bytes written.
    pub const fn output_len(self) -> usize {
        match self {
            RecoverOutput::Uncompressed => 65,
            RecoverOutput::Raw => 64,
            RecoverOutput::Address => 20,
        }
    }

    /// The format with this numeric value.
    pub const fn from_u8(v: u8) -> Option<RecoverOutput> {
        match v {
            0 => Some(RecoverOutput::Uncompressed),
            1 => Some(RecoverOutput::Raw),
            2 => Some(RecoverOutput::Address),
            _ => None,
        }
    }
}

/// Recovers the signer of `prehash` from `signature` and writes it to the start of
/// `out` in `format`.
///
/// ```
/// use zcrypto::metered::{recover::recover, Gas, RecoverOutput, Span, Verdict};
/// use zcrypto::sig::{Encoding, Signer, secp256k1::ecdsa::SigningKey};
/// let sk = SigningKey::from_seed(&[0x46; 32])?;
/// let rsig = sk.sign_prehash_recoverable(&[9; 32])?;
/// let mut mem = [&[9u8; 32][..], &rsig.to_bytes(), &[0u8; 20]].concat();
/// let verdict = recover(&mut mem[..], &mut Gas::unlimited(), Span::new(0, 32), Span::new(32, 65),
///                       RecoverOutput::Address, Span::new(97, 20))?;
/// assert_eq!(verdict, Verdict::Valid);
/// assert_eq!(&mem[97..], &sk.verifying_key().ethereum_address());
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn recover<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &mut M,
    gas: &mut G,
    prehash: Span,
    signature: Span,
    format: RecoverOutput,
    out: Span,
) -> Result<Verdict, Error> {
    mem.check(prehash)?;
    mem.check(signature)?;
    let out = output(mem, out, format.output_len())?;
    fixed(prehash, PREHASH_LEN)?;
    fixed(signature, RECOVERABLE_SIGNATURE_LEN)?;
    gas.charge(Op::Secp256k1Recover.cost().gas(0, 0))?;
    let digest: [u8; PREHASH_LEN] = crate::util::array(mem.read(prehash)?)?;
    let rsig = RecoverableSignature::from_bytes(mem.read(signature)?)?.normalize_s();
    let key = match rsig.recover_prehash(&digest) {
        Ok(key) => key,
        Err(Error::InvalidSignature) => return Ok(Verdict::Invalid),
        Err(e) => return Err(e),
    };
    let uncompressed = key.to_uncompressed();
    match format {
        RecoverOutput::Uncompressed => mem.write(out, &uncompressed)?,
        RecoverOutput::Raw => mem.write(out, &uncompressed[1..])?,
        RecoverOutput::Address => mem.write(out, &key.ethereum_address())?,
    }
    Ok(Verdict::Valid)
}
