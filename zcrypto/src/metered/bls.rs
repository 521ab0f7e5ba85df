//! BLS12-381 aggregation (Ethereum's proof-of-possession ciphersuite; needs the `bls`
//! feature, otherwise every operation here is `Err(UnsupportedAlgorithm)` with no gas
//! charged).
//!
//! Guest encodings:
//! * keys: `n × 48` bytes, the compressed public keys back to back;
//! * signatures (for aggregation): `n × 96` bytes, back to back;
//! * messages (for AggregateVerify): `n × (length (4 B, little-endian) ‖ message)`,
//!   one per key, in key order.
//!
//! | operation | gas | caps |
//! |---|---|---|
//! | [`fast_aggregate_verify`] | base + per item × keys + per byte × message | keys ≤ [`MAX_BLS_KEYS`], message ≤ [`MAX_MESSAGE_LEN`] |
//! | [`aggregate_verify`] | base + per item × keys + per byte × all messages | keys ≤ [`MAX_BLS_KEYS`], messages ≤ [`MAX_MESSAGE_LEN`] in total |
//! | [`aggregate_signatures`] | base + per item × signatures | signatures ≤ [`MAX_BLS_KEYS`] |
//!
//! Only use the verifications with keys whose proofs of possession were checked
//! (rogue-key attacks); see `zcrypto::sig::bls`.
//!
//! Errors after charging: a key that does not decode (or a key list that sums to the
//! point at infinity) is `Err(InvalidKey)`, a signature that does not decode
//! `Err(InvalidSignature)`; a failed check is `Ok(Verdict::Invalid)`.

use super::limits::{MAX_BLS_KEYS, MAX_MESSAGE_LEN};
#[cfg(feature = "bls")]
use super::memory::output;
use super::{GasMeter, GuestMemory, Op, Span, Verdict, capped};
use crate::Error;

/// The length of a compressed BLS12-381 public key.
pub const PUBLIC_KEY_LEN: u32 = 48;
/// The length of a compressed BLS12-381 signature.
pub const SIGNATURE_LEN: u32 = 96;

/// The number of `size`-byte elements in `span`: a multiple of `size`, at least one
/// (`empty` otherwise), at most [`MAX_BLS_KEYS`].
fn count(span: Span, size: u32, empty: Error) -> Result<u32, Error> {
    if !span.len.is_multiple_of(size) {
        return Err(Error::InvalidLength {
            expected: size as usize * (span.len / size + 1) as usize,
            got: span.len_usize(),
        });
    }
    let n = span.len / size;
    if n == 0 {
        return Err(empty);
    }
    if n > MAX_BLS_KEYS {
        return Err(Error::LimitExceeded);
    }
    Ok(n)
}

/// `FastAggregateVerify(keys, message, signature)`.
pub fn fast_aggregate_verify<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &M,
    gas: &mut G,
    keys: Span,
    message: Span,
    signature: Span,
) -> Result<Verdict, Error> {
    Op::BlsFastAggregateVerify.require()?;
    let key_bytes = mem.read(keys)?;
    let msg = mem.read(message)?;
    let sig = mem.read(signature)?;
    let n = count(keys, PUBLIC_KEY_LEN, Error::InvalidKey)?;
    super::fixed(signature, SIGNATURE_LEN as usize)?;
    let bytes = capped(message, MAX_MESSAGE_LEN)?;
    gas.charge(Op::BlsFastAggregateVerify.cost().gas(bytes, u64::from(n)))?;
    imp::fast_aggregate_verify(key_bytes, msg, sig)
}

/// `AggregateVerify(keys, messages, signature)`; `messages` holds exactly one message
/// per key (see the module docs), else `Err(InvalidEncoding)` with no gas charged.
pub fn aggregate_verify<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &M,
    gas: &mut G,
    keys: Span,
    messages: Span,
    signature: Span,
) -> Result<Verdict, Error> {
    Op::BlsAggregateVerify.require()?;
    let key_bytes = mem.read(keys)?;
    let encoded = mem.read(messages)?;
    let sig = mem.read(signature)?;
    let n = count(keys, PUBLIC_KEY_LEN, Error::InvalidKey)?;
    super::fixed(signature, SIGNATURE_LEN as usize)?;
    capped(messages, MAX_MESSAGE_LEN)?;
    let msgs = split_messages(encoded, n as usize)?;
    let bytes: u64 = msgs.iter().map(|m| m.len() as u64).sum();
    gas.charge(Op::BlsAggregateVerify.cost().gas(bytes, u64::from(n)))?;
    imp::aggregate_verify(key_bytes, &msgs, sig)
}

/// Splits `n × (u32 LE length ‖ message)`.
fn split_messages(mut encoded: &[u8], n: usize) -> Result<Vec<&[u8]>, Error> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let (len, rest) = encoded
            .split_first_chunk::<4>()
            .ok_or(Error::InvalidEncoding)?;
        let len = u32::from_le_bytes(*len) as usize;
        if rest.len() < len {
            return Err(Error::InvalidEncoding);
        }
        let (msg, rest) = rest.split_at(len);
        out.push(msg);
        encoded = rest;
    }
    if encoded.is_empty() {
        Ok(out)
    } else {
        Err(Error::InvalidEncoding)
    }
}

/// `Aggregate(signatures)`: the 96-byte aggregate written to the start of `out`.
/// Returns 96.
pub fn aggregate_signatures<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &mut M,
    gas: &mut G,
    signatures: Span,
    out: Span,
) -> Result<u32, Error> {
    Op::BlsAggregateSignatures.require()?;
    mem.check(signatures)?;
    mem.check(out)?;
    let n = count(signatures, SIGNATURE_LEN, Error::InvalidSignature)?;
    #[cfg(feature = "bls")]
    {
        let out = output(mem, out, SIGNATURE_LEN as usize)?;
        gas.charge(Op::BlsAggregateSignatures.cost().gas(0, u64::from(n)))?;
        let aggregate = imp::aggregate_signatures(mem.read(signatures)?)?;
        mem.write(out, &aggregate)?;
        Ok(out.len)
    }
    #[cfg(not(feature = "bls"))]
    {
        let _ = (gas, n);
        Err(Error::UnsupportedAlgorithm)
    }
}

#[cfg(feature = "bls")]
mod imp {
    use super::Verdict;
    use crate::Error;
    use crate::sig::Encoding;
    use crate::sig::bls::{self, Signature, VerifyingKey};

    fn keys(bytes: &[u8]) -> Result<Vec<VerifyingKey>, Error> {
        bytes
            .chunks_exact(super::PUBLIC_KEY_LEN as usize)
            .map(VerifyingKey::from_bytes)
            .collect()
    }

    pub(super) fn fast_aggregate_verify(
        keys: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<Verdict, Error> {
        let keys = self::keys(keys)?;
        let sig = Signature::from_bytes(signature)?;
        Verdict::of(bls::fast_aggregate_verify(&keys, message, &sig))
    }

    pub(super) fn aggregate_verify(
        keys: &[u8],
        messages: &[&[u8]],
        signature: &[u8],
    ) -> Result<Verdict, Error> {
        let keys = self::keys(keys)?;
        let sig = Signature::from_bytes(signature)?;
        Verdict::of(bls::aggregate_verify(&keys, messages, &sig))
    }

    pub(super) fn aggregate_signatures(signatures: &[u8]) -> Result<[u8; 96], Error> {
        let sigs = signatures
            .chunks_exact(super::SIGNATURE_LEN as usize)
            .map(Signature::from_bytes)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(*bls::aggregate_signatures(&sigs)?.as_bytes())
    }
}

#[cfg(not(feature = "bls"))]
mod imp {
    use super::Verdict;
    use crate::Error;

    pub(super) fn fast_aggregate_verify(_: &[u8], _: &[u8], _: &[u8]) -> Result<Verdict, Error> {
        Err(Error::UnsupportedAlgorithm)
    }

    pub(super) fn aggregate_verify(_: &[u8], _: &[&[u8]], _: &[u8]) -> Result<Verdict, Error> {
        Err(Error::UnsupportedAlgorithm)
    }
}
