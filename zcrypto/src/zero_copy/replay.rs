//! [`ReplayWindow`]: RFC 6479 anti-replay over 64-bit packet numbers.

use crate::Error;

const BLOCKS: usize = 32;
const BLOCK_BITS: u64 = u64::BITS as u64;

/// How far behind the highest accepted number a packet may arrive and still be
/// accepted (once): 1984 packets, as in WireGuard's 2048-bit window.
pub const WINDOW: u64 = (BLOCKS as u64 - 1) * BLOCK_BITS;

/// A sliding anti-replay window (RFC 6479): a ring of 2048 bits, of which the
/// [`WINDOW`] packets behind the highest accepted number are always tracked. Numbers
/// ahead of the window move it in O(blocks skipped), never bit by bit. It takes 264
/// bytes and no allocation.
///
/// Check before decrypting (cheap rejection of replays), and
/// [`accept`](ReplayWindow::accept) only after the packet authenticated, so forged
/// packets cannot move the window.
///
/// ```
/// use zcrypto::zero_copy::ReplayWindow;
/// use zcrypto::Error;
/// let mut w = ReplayWindow::new();
/// w.accept(5)?;
/// w.accept(3)?;                                   // late but new: fine
/// assert_eq!(w.accept(5), Err(Error::Replayed));  // seen
/// w.accept(10_000)?;
/// assert_eq!(w.check(3), Err(Error::Replayed));   // too old to tell: refused
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayWindow {
    bitmap: [u64; BLOCKS],
    highest: u64,
}

impl Default for ReplayWindow {
    fn default() -> Self {
        ReplayWindow::new()
    }
}

impl ReplayWindow {
    /// A window that has seen nothing (number 0 is acceptable).
    pub const fn new() -> ReplayWindow {
        ReplayWindow {
            bitmap: [0; BLOCKS],
            highest: 0,
        }
    }

    /// The highest number accepted so far (0 before any).
    pub fn highest(&self) -> u64 {
        self.highest
    }

    fn position(number: u64) -> (usize, u64) {
        (
            ((number / BLOCK_BITS) % BLOCKS as u64) as usize,
            1u64 << (number % BLOCK_BITS),
        )
    }

    /// `Ok` if `number` has not been accepted and is not older than the window;
    /// [`Error::Replayed`] otherwise. Does not change the window.
    pub fn check(&self, number: u64) -> Result<(), Error> {
        if number > self.highest {
            return Ok(());
        }
        if self.highest - number > WINDOW {
            return Err(Error::Replayed);
        }
        let (block, bit) = Self::position(number);
        if self.bitmap[block] & bit != 0 {
            return Err(Error::Replayed);
        }
        Ok(())
    }

    /// Checks `number` and records it as seen.
    pub fn accept(&mut self, number: u64) -> Result<(), Error> {
        self.check(number)?;
        if number > self.highest {
            let current = self.highest / BLOCK_BITS;
            let target = number / BLOCK_BITS;
            let skipped = (target - current).min(BLOCKS as u64);
            for i in 1..=skipped {
                self.bitmap[((current + i) % BLOCKS as u64) as usize] = 0;
            }
            self.highest = number;
        }
        let (block, bit) = Self::position(number);
        self.bitmap[block] |= bit;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_once() {
        let mut w = ReplayWindow::new();
        w.accept(0).unwrap();
        assert_eq!(w.accept(0), Err(Error::Replayed));
    }

    #[test]
    fn window_edge() {
        let mut w = ReplayWindow::new();
        let top = 5 * WINDOW + 17;
        w.accept(top).unwrap();
        // Exactly WINDOW behind is still tracked; one more is too old.
        w.accept(top - WINDOW).unwrap();
        assert_eq!(w.accept(top - WINDOW), Err(Error::Replayed));
        assert_eq!(w.check(top - WINDOW - 1), Err(Error::Replayed));
        // Everything in between is still acceptable once.
        for n in (top - WINDOW + 1..top).rev() {
            w.accept(n).unwrap();
        }
        for n in top - WINDOW..=top {
            assert_eq!(w.check(n), Err(Error::Replayed), "{n}");
        }
    }

    #[test]
    fn big_jump_clears_everything_stale() {
        let mut w = ReplayWindow::new();
        for n in 0..100 {
            w.accept(n).unwrap();
        }
        // A jump of exactly one ring length reuses the same block indices: they must be clear.
        let jump = 99 + BLOCKS as u64 * BLOCK_BITS;
        w.accept(jump).unwrap();
        for n in jump - WINDOW..jump {
            w.check(n).unwrap();
        }
        w.accept(u64::MAX).unwrap();
        assert_eq!(w.accept(u64::MAX), Err(Error::Replayed));
        w.accept(u64::MAX - WINDOW).unwrap();
    }

    #[test]
    fn agrees_with_a_set_model() {
        // Pseudo-random arrivals around a moving front, compared with an exact model.
        let mut w = ReplayWindow::new();
        let mut seen = std::collections::BTreeSet::new();
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut front = 0u64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            front += x % 3;
            let n = (front + x % 64).saturating_sub((x >> 8) % 2200);
            let expected = if seen.contains(&n) || w.highest() - n.min(w.highest()) > WINDOW {
                Err(Error::Replayed)
            } else {
                Ok(())
            };
            assert_eq!(w.accept(n), expected, "n={n} highest={}", w.highest());
            if expected.is_ok() {
                seen.insert(n);
            }
        }
    }
}
