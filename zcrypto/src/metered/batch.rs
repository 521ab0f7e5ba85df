//! Batch signature verification ([`Op::BatchVerify`]) over one guest-memory blob,
//! with [`zcrypto::batch`](crate::batch).
//!
//! ## Encoding (little-endian)
//!
//! ```text
//! count (2 B)
//! count × ( op id (2 B) ‖ key length (2 B) ‖ signature length (2 B) ‖ context length (1 B)
//!           ‖ message length (4 B) ‖ key ‖ signature ‖ context ‖ message )
//! ```
//!
//! `op id` is the item's scheme, named by its single-verification operation
//! ([`Op::VerifyEd25519`], [`Op::VerifyBls12381`], [`Op::VerifyMlDsa65`], ...).
//! Ed25519 (and FROST(Ed25519)) items are verified under ZIP-215, the rule batches can
//! agree with; [`Op::VerifyEd25519Strict`] and any other id are
//! `Err(UnsupportedAlgorithm)`. Trailing bytes, a truncated item or a count that does
//! not match are `Err(InvalidEncoding)`. All of this is checked before gas is charged.
//!
//! ## Verdict
//!
//! `Ok(Verdict::Valid)` iff every item verifies (what
//! [`BatchVerifier::verify_all`](crate::batch::BatchVerifier::verify_all) says);
//! otherwise `Ok(Verdict::Invalid)` — any bad item, malformed or not verifying, makes
//! the batch invalid. The metered path does not name the bad items (that would need
//! bisection, whose cost grows with the number of bad items); engines that need them
//! verify the items one by one. An empty batch is valid.
//!
//! ## Gas
//!
//! `base + per byte × blob length`, plus per item: [`BATCH_ED25519_ITEM`] (+ the
//! per-byte rate of [`Op::VerifyEd25519`] over its message) for Ed25519 items, and the
//! full single-verification cost of its operation for every other item (secp256k1,
//! ML-DSA and hybrid items are verified one by one; BLS batches save little over single
//! verification and pairs sharing a message are checked singly).
//!
//! Caps: at most [`MAX_BATCH_ITEMS`] items and [`MAX_BATCH_LEN`] bytes; each message
//! at most [`MAX_MESSAGE_LEN`] and each context at most [`MAX_CONTEXT_LEN`] bytes.

use super::limits::{MAX_BATCH_ITEMS, MAX_BATCH_LEN, MAX_CONTEXT_LEN, MAX_MESSAGE_LEN};
use super::schedule::BATCH_ED25519_ITEM;
use super::{Cost, GasMeter, GuestMemory, Op, Span, Verdict};
use crate::Error;
use crate::batch::{BatchVerifier, Item, Limits};
use crate::util::Reader;

/// Decodes the blob into items and prices them.
fn parse(blob: &[u8]) -> Result<(Vec<Item<'_>>, u64), Error> {
    let mut r = Reader::new(blob);
    let count = r.u16_le()?;
    if u32::from(count) > MAX_BATCH_ITEMS {
        return Err(Error::LimitExceeded);
    }
    let mut items = Vec::with_capacity(usize::from(count));
    let mut gas = Op::BatchVerify.cost().gas(blob.len() as u64, 0);
    for _ in 0..count {
        let op = Op::from_id(r.u16_le()?).ok_or(Error::UnsupportedAlgorithm)?;
        let algorithm = match op {
            Op::VerifyEd25519Strict => return Err(Error::UnsupportedAlgorithm),
            op => op.verify_algorithm().ok_or(Error::UnsupportedAlgorithm)?,
        };
        op.require()?;
        let (pk_len, sig_len) = (usize::from(r.u16_le()?), usize::from(r.u16_le()?));
        let (ctx_len, msg_len) = (usize::from(r.u8()?), r.u32_le()? as usize);
        if msg_len > MAX_MESSAGE_LEN as usize || ctx_len > MAX_CONTEXT_LEN as usize {
            return Err(Error::LimitExceeded);
        }
        let public_key = r.take(pk_len)?;
        let signature = r.take(sig_len)?;
        let context = r.take(ctx_len)?;
        let message = r.take(msg_len)?;
        let item = Item::new(algorithm, public_key, message, signature).with_context(context);
        let bytes = (msg_len + ctx_len) as u64;
        let item_gas = if op == Op::VerifyEd25519 {
            let per_byte = Op::VerifyEd25519.cost().milli_per_byte;
            Cost::new(BATCH_ED25519_ITEM, per_byte, 0).gas(bytes, 0)
        } else {
            op.cost().gas(bytes, 0)
        };
        gas = gas.saturating_add(item_gas);
        items.push(item);
    }
    r.done()?;
    Ok((items, gas))
}

/// The gas [`verify`] charges for this blob (the blob must be well-formed).
pub fn gas_for(blob: &[u8]) -> Result<u64, Error> {
    if blob.len() > MAX_BATCH_LEN as usize {
        return Err(Error::LimitExceeded);
    }
    parse(blob).map(|(_, gas)| gas)
}

/// Appends one item to a batch blob being built (and bumps its count): a helper for
/// engines' tests and tools. The blob must start with the 2-byte count (`[0, 0]` for
/// an empty batch). Lengths over the encoding's fields are [`Error::LimitExceeded`].
///
/// ```
/// use zcrypto::metered::{batch, Gas, Op, Span, Verdict};
/// use zcrypto::{Algorithm, sig::dynamic};
/// let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[3; 32])?;
/// let sig = dynamic::sign(Algorithm::Ed25519, &sk, b"m", b"")?;
/// let mut blob = vec![0, 0];
/// batch::push_item(&mut blob, Op::VerifyEd25519, &pk, &sig, b"", b"m")?;
/// batch::push_item(&mut blob, Op::VerifyEd25519, &pk, &sig, b"", b"m")?;
/// let mut gas = Gas::unlimited();
/// let verdict = batch::verify(&blob[..], &mut gas, Span::new(0, blob.len() as u32))?;
/// assert_eq!(verdict, Verdict::Valid);
/// assert_eq!(gas.used(), batch::gas_for(&blob)?);
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn push_item(
    blob: &mut Vec<u8>,
    op: Op,
    public_key: &[u8],
    signature: &[u8],
    context: &[u8],
    message: &[u8],
) -> Result<(), Error> {
    if blob.len() < 2 {
        return Err(Error::InvalidEncoding);
    }
    let count = u16::from_le_bytes([blob[0], blob[1]])
        .checked_add(1)
        .ok_or(Error::LimitExceeded)?;
    let too_long = |_| Error::LimitExceeded;
    let pk_len = u16::try_from(public_key.len()).map_err(too_long)?;
    let sig_len = u16::try_from(signature.len()).map_err(too_long)?;
    let ctx_len = u8::try_from(context.len()).map_err(too_long)?;
    let msg_len = u32::try_from(message.len()).map_err(too_long)?;
    blob[..2].copy_from_slice(&count.to_le_bytes());
    blob.extend_from_slice(&op.id().to_le_bytes());
    blob.extend_from_slice(&pk_len.to_le_bytes());
    blob.extend_from_slice(&sig_len.to_le_bytes());
    blob.push(ctx_len);
    blob.extend_from_slice(&msg_len.to_le_bytes());
    for part in [public_key, signature, context, message] {
        blob.extend_from_slice(part);
    }
    Ok(())
}

/// Verifies every item of the batch encoded in `batch` (see the module docs).
pub fn verify<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &M,
    gas: &mut G,
    batch: Span,
) -> Result<Verdict, Error> {
    let blob = mem.read(batch)?;
    if batch.len > MAX_BATCH_LEN {
        return Err(Error::LimitExceeded);
    }
    let (items, cost) = parse(blob)?;
    gas.charge(cost)?;
    let mut verifier = BatchVerifier::with_limits(Limits {
        max_items: MAX_BATCH_ITEMS as usize,
        max_message_bytes: MAX_BATCH_LEN as usize,
    })
    .serial();
    for item in items {
        verifier.push(item)?;
    }
    Ok(if verifier.verify_all().is_ok() {
        Verdict::Valid
    } else {
        Verdict::Invalid
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Algorithm;

    #[test]
    fn frost_and_ed25519_share_the_item_id() {
        assert_eq!(Op::verify(Algorithm::FrostEd25519), Ok(Op::VerifyEd25519));
    }
}
