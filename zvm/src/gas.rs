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
