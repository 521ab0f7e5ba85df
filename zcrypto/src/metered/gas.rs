//! Gas: the budget a metered operation is charged against, **before** it does the work.
//!
//! An engine passes its own meter (the ZVM's gas register, wasmtime fuel, the EVM's
//! remaining gas) by implementing [`GasMeter`], or uses the simple [`Gas`] counter.
//! A charge that would exceed the budget fails with [`Error::OutOfGas`] and charges
//! nothing, so the meter is never overdrawn; the engine then applies its own
//! out-of-gas rule (the EVM, for instance, burns the frame's remaining gas).
//!
//! ```
//! use zcrypto::metered::{Gas, GasMeter};
//! use zcrypto::Error;
//! let mut gas = Gas::new(100);
//! gas.charge(60)?;
//! assert_eq!(gas.charge(41), Err(Error::OutOfGas));
//! assert_eq!((gas.used(), gas.remaining()), (60, 40));
//! # Ok::<(), Error>(())
//! ```

use crate::Error;

/// A gas budget that metered operations charge.
pub trait GasMeter {
    /// Deducts `amount`, or returns [`Error::OutOfGas`] and deducts nothing if less than
    /// `amount` remains.
    fn charge(&mut self, amount: u64) -> Result<(), Error>;

    /// The gas still available.
    fn remaining(&self) -> u64;
}

/// A simple gas counter: a limit and the amount used so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gas {
    limit: u64,
    used: u64,
}

impl Gas {
    /// A meter with `limit` gas available.
    pub const fn new(limit: u64) -> Gas {
        Gas { limit, used: 0 }
    }

    /// A meter that never runs out (for tests, tools and calibration).
    pub const fn unlimited() -> Gas {
        Gas::new(u64::MAX)
    }

    /// The gas charged so far.
    pub const fn used(&self) -> u64 {
        self.used
    }

    /// The limit the meter was created with.
    pub const fn limit(&self) -> u64 {
        self.limit
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

impl<G: GasMeter + ?Sized> GasMeter for &mut G {
    fn charge(&mut self, amount: u64) -> Result<(), Error> {
        (**self).charge(amount)
    }

    fn remaining(&self) -> u64 {
        (**self).remaining()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overdrawn() {
        let mut g = Gas::new(10);
        assert_eq!(g.charge(11), Err(Error::OutOfGas));
        assert_eq!(g.used(), 0);
        g.charge(10).unwrap();
        assert_eq!(g.remaining(), 0);
        assert_eq!(g.charge(1), Err(Error::OutOfGas));
        g.charge(0).unwrap();
        let mut u = Gas::unlimited();
        u.charge(u64::MAX).unwrap();
        assert_eq!(u.charge(1), Err(Error::OutOfGas));
    }
}
