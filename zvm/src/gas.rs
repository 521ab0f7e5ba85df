//! The engine's gas meter: limit, used, refund. It implements
//! [`zcrypto::metered::GasMeter`], so crypto opcodes charge the same meter as every
//! other instruction.
//!
//! Refunds (storage cleared by `SSTORE`) are accumulated during execution and applied
//! only at the end of a successful frame, capped at one fifth of the gas used
//! (EIP-3529). Running out of gas is a halt that reverts the frame's state changes and
//! consumes the whole limit.
//!
//! ```
//! use zvm::gas::Gas;
//! use zcrypto::metered::GasMeter;
//! let mut g = Gas::new(1000);
//! g.charge(500).unwrap();
//! g.refund(400);
//! assert_eq!(g.final_used(), 400); // refund capped at 500 / 5
//! assert!(g.charge(501).is_err());
//! assert_eq!(g.used(), 500);
//! ```

use zcrypto::Error;
use zcrypto::metered::GasMeter;

/// A frame's gas: the limit, the gas used so far, and pending refunds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gas {
    limit: u64,
    used: u64,
    refund: u64,
}

/// The refund cap: refunds are at most `used / MAX_REFUND_QUOTIENT`.
pub const MAX_REFUND_QUOTIENT: u64 = 5;

impl Gas {
    /// A meter with `limit` gas.
    pub const fn new(limit: u64) -> Gas {
        Gas {
            limit,
            used: 0,
            refund: 0,
        }
    }

    /// The limit.
    pub const fn limit(&self) -> u64 {
        self.limit
    }

    /// Gas used so far (before refunds).
    pub const fn used(&self) -> u64 {
        self.used
    }

    /// Refunds accumulated so far (before the cap).
    pub const fn pending_refund(&self) -> u64 {
        self.refund
    }

    /// Adds a refund, applied at the end by [`Gas::final_used`].
    pub fn refund(&mut self, amount: u64) {
        self.refund = self.refund.saturating_add(amount);
    }

    /// Returns gas that was charged but not spent (the unused part of the gas forwarded
    /// to a sub-call). Never returns more than was used.
    pub fn give_back(&mut self, amount: u64) {
        self.used -= amount.min(self.used);
    }

    /// Uses everything that remains (error halts).
    pub fn exhaust(&mut self) {
        self.used = self.limit;
        self.refund = 0;
    }

    /// The refund that applies: the pending refund capped at `used / 5`.
    pub const fn capped_refund(&self) -> u64 {
        let cap = self.used / MAX_REFUND_QUOTIENT;
        if self.refund < cap { self.refund } else { cap }
    }

    /// Gas used after the capped refund (for a successful frame).
    pub const fn final_used(&self) -> u64 {
        self.used - self.capped_refund()
    }
}

impl GasMeter for Gas {
    fn charge(&mut self, amount: u64) -> Result<(), Error> {
        if amount > self.remaining() {
            return Err(Error::OutOfGas);
        }
        self.used += amount;
        Ok(())
    }

    fn remaining(&self) -> u64 {
        self.limit - self.used
    }
}

/// What a storage write costs: the gas charged now and the refund credited for a
/// successful frame (capped by [`Gas::final_used`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StorageWrite {
    /// Charged before the write.
    pub cost: u64,
    /// Added to the pending refund.
    pub refund: u64,
}

/// A write that leaves the value unchanged.
pub const STORAGE_UNCHANGED: u64 = 100;
/// A write that creates a value (absent → present).
pub const STORAGE_CREATE: u64 = 20_000;
/// A write that changes or removes a present value.
pub const STORAGE_UPDATE: u64 = 5_000;
/// Per byte of a created or changed value beyond the first 32 (the code deposit rate;
/// only WASM values can be longer than a word).
pub const STORAGE_PER_EXTRA_BYTE: u64 = 200;
/// Refunded when a present value is removed.
pub const STORAGE_CLEAR_REFUND: u64 = 4_800;

/// The storage write rule of every engine (native `SSTORE`, WASM `storage_write` /
/// `storage_remove`): writing `value` over `current`, where an empty value is absent
/// (a native zero word is passed as empty).
///
/// ```
/// use zvm::gas::{storage_write, StorageWrite};
/// assert_eq!(storage_write(b"", b"x"), StorageWrite { cost: 20_000, refund: 0 });
/// assert_eq!(storage_write(b"x", b""), StorageWrite { cost: 5_000, refund: 4_800 });
/// assert_eq!(storage_write(b"x", b"x"), StorageWrite { cost: 100, refund: 0 });
/// ```
pub fn storage_write(current: &[u8], value: &[u8]) -> StorageWrite {
    if current == value {
        return StorageWrite {
            cost: STORAGE_UNCHANGED,
            refund: 0,
        };
    }
    let base = if current.is_empty() {
        STORAGE_CREATE
    } else {
        STORAGE_UPDATE
    };
    let extra = STORAGE_PER_EXTRA_BYTE.saturating_mul(value.len().saturating_sub(32) as u64);
    StorageWrite {
        cost: base.saturating_add(extra),
        refund: if value.is_empty() {
            STORAGE_CLEAR_REFUND
        } else {
            0
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overdrawn_and_refund_capped() {
        let mut g = Gas::new(100);
        assert_eq!(g.charge(101), Err(Error::OutOfGas));
        assert_eq!(g.used(), 0);
        g.charge(100).unwrap();
        assert_eq!(g.remaining(), 0);
        g.refund(10);
        assert_eq!(g.final_used(), 90);
        g.refund(1000);
        assert_eq!(g.final_used(), 80);
        g.give_back(30);
        assert_eq!(g.used(), 70);
        g.exhaust();
        assert_eq!((g.used(), g.final_used()), (100, 100));
    }
}
