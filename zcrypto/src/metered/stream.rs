//! Streaming hashes: small integer handles in a per-call table.
//!
//! An engine creates one [`HashStreams`] per contract call (execution frame) and drops
//! it at the end; at most [`MAX_STREAMS`] hashes are open at once (another `init` is
//! [`Error::LimitExceeded`]). Handles are small non-zero `u32`s; a handle that was
//! never issued, or whose stream was finished or aborted, is [`Error::InvalidKey`]
//! (the handle is the key into the table), even if its slot has been reused since.
//!
//! Gas:
//! * `init`: [`Op::HashInit`];
//! * `update`: [`Op::HashUpdate`]'s base + the per-byte rate of the stream's one-shot
//!   hash operation (e.g. [`Op::Sha256`]) × the bytes fed, at most [`MAX_HASH_INPUT`]
//!   per call;
//! * `finish`: [`Op::HashFinish`]'s base + the base of the one-shot hash operation.
//!
//! A failed call (bad handle, range, out of gas) leaves the stream as it was.
//!
//! ```
//! use zcrypto::metered::{Gas, HashStreams, Span};
//! use zcrypto::hash::{self, HashAlg};
//! let mut mem = b"hello world".to_vec();
//! mem.resize(11 + 32, 0);
//! let mut gas = Gas::unlimited();
//! let mut streams = HashStreams::new();
//! let h = streams.init(&mut gas, HashAlg::Sha256)?;
//! streams.update(&mem[..], &mut gas, h, Span::new(0, 6))?;
//! streams.update(&mem[..], &mut gas, h, Span::new(6, 5))?;
//! streams.finish(&mut mem[..], &mut gas, h, Span::new(11, 32))?;
//! assert_eq!(&mem[11..], &hash::sha256(b"hello world"));
//! assert!(streams.update(&mem[..], &mut gas, h, Span::new(0, 1)).is_err()); // closed
//! # Ok::<(), zcrypto::Error>(())
//! ```

use super::limits::{MAX_HASH_INPUT, MAX_STREAMS};
use super::memory::output;
use super::{GasMeter, GuestMemory, Op, Span, capped};
use crate::Error;
use crate::hash::{HashAlg, Hasher};

/// Bits of a handle that name the slot (the rest is the slot's generation).
const SLOT_BITS: u32 = 4;
/// The generation wraps below 2^28 so a handle always fits in a `u32`.
const GENERATION_MASK: u32 = (1 << (32 - SLOT_BITS - 1)) - 1;

#[derive(Default)]
struct Slot {
    hasher: Option<Hasher>,
    generation: u32,
}

/// A per-call table of open streaming hashes (see the [module docs](self)).
pub struct HashStreams {
    slots: [Slot; MAX_STREAMS],
}

impl Default for HashStreams {
    fn default() -> HashStreams {
        HashStreams::new()
    }
}

impl core::fmt::Debug for HashStreams {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HashStreams")
            .field("open", &self.open())
            .finish()
    }
}

impl HashStreams {
    /// An empty table.
    pub fn new() -> HashStreams {
        HashStreams {
            slots: core::array::from_fn(|_| Slot::default()),
        }
    }

    /// The number of open streams.
    pub fn open(&self) -> usize {
        self.slots.iter().filter(|s| s.hasher.is_some()).count()
    }

    fn slot(&mut self, handle: u32) -> Result<&mut Slot, Error> {
        let h = handle.checked_sub(1).ok_or(Error::InvalidKey)?;
        let index = (h & ((1 << SLOT_BITS) - 1)) as usize;
        let slot = self.slots.get_mut(index).ok_or(Error::InvalidKey)?;
        if slot.hasher.is_none() || slot.generation != h >> SLOT_BITS {
            return Err(Error::InvalidKey);
        }
        Ok(slot)
    }

    fn algorithm(&mut self, handle: u32) -> Result<HashAlg, Error> {
        let slot = self.slot(handle)?;
        Ok(slot
            .hasher
            .as_ref()
            .map_or(HashAlg::Sha256, Hasher::algorithm))
    }

    /// Opens a stream for `alg` and returns its handle.
    pub fn init<G: GasMeter + ?Sized>(&mut self, gas: &mut G, alg: HashAlg) -> Result<u32, Error> {
        let index = self
            .slots
            .iter()
            .position(|s| s.hasher.is_none())
            .ok_or(Error::LimitExceeded)?;
        gas.charge(Op::HashInit.cost().gas(0, 0))?;
        let slot = &mut self.slots[index];
        slot.hasher = Some(Hasher::new(alg));
        Ok(((slot.generation << SLOT_BITS) | index as u32) + 1)
    }

    /// Feeds the bytes of `input` to the stream `handle`.
    pub fn update<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
        &mut self,
        mem: &M,
        gas: &mut G,
        handle: u32,
        input: Span,
    ) -> Result<(), Error> {
        let alg = self.algorithm(handle)?;
        let data = mem.read(input)?;
        let bytes = capped(input, MAX_HASH_INPUT)?;
        let per_byte = Op::hash(alg).cost().milli_per_byte;
        let cost = super::Cost::new(Op::HashUpdate.cost().base, per_byte, 0);
        gas.charge(cost.gas(bytes, 0))?;
        if let Some(hasher) = &mut self.slot(handle)?.hasher {
            hasher.update(data);
        }
        Ok(())
    }

    /// Finishes the stream `handle`, writes the digest to the start of `out` and closes
    /// the handle. Returns the digest length.
    pub fn finish<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
        &mut self,
        mem: &mut M,
        gas: &mut G,
        handle: u32,
        out: Span,
    ) -> Result<u32, Error> {
        let alg = self.algorithm(handle)?;
        let out = output(mem, out, alg.output_len())?;
        gas.charge(
            Op::HashFinish
                .cost()
                .base
                .saturating_add(Op::hash(alg).cost().base),
        )?;
        let slot = self.slot(handle)?;
        let hasher = slot.hasher.take().ok_or(Error::InvalidKey)?;
        slot.generation = (slot.generation + 1) & GENERATION_MASK;
        mem.write(out, hasher.finalize().as_bytes())?;
        Ok(out.len)
    }

    /// Closes the stream `handle` without output (no gas).
    pub fn abort(&mut self, handle: u32) -> Result<(), Error> {
        let slot = self.slot(handle)?;
        slot.hasher = None;
        slot.generation = (slot.generation + 1) & GENERATION_MASK;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metered::Gas;

    #[test]
    fn handles_are_not_reused() {
        let mut t = HashStreams::new();
        let mut gas = Gas::unlimited();
        let a = t.init(&mut gas, HashAlg::Blake3).unwrap();
        t.abort(a).unwrap();
        let b = t.init(&mut gas, HashAlg::Blake3).unwrap();
        assert_ne!(a, b);
        assert_eq!(t.abort(a), Err(Error::InvalidKey));
        assert_eq!(t.abort(0), Err(Error::InvalidKey));
        assert_eq!(t.abort(u32::MAX), Err(Error::InvalidKey));
        t.abort(b).unwrap();
        assert_eq!(t.open(), 0);
    }
}
