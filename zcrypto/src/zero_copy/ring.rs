//! [`PacketRing`]: a bounded, lock-free queue of packets between threads.

use crossbeam_queue::ArrayQueue;

use super::PacketBuf;
use crate::Error;

/// A fixed-capacity ring of [`PacketBuf`]s for a continuous stream: a producer pushes
/// (e.g. sealed packets for the socket thread) and a consumer pops them in order.
/// Lock-free and allocation-free after creation; any number of producers and consumers
/// may share it (`&PacketRing` is `Sync`; wrap it in an `Arc` to share across threads).
///
/// Pair it with [`Sealer`](super::Sealer) and [`Opener`](super::Opener) for sequence
/// numbers and anti-replay.
///
/// ```
/// use zcrypto::zero_copy::{PacketPool, PacketRing, PoolConfig};
/// let pool = PacketPool::new(PoolConfig::new(4, 1500))?;
/// let ring = PacketRing::new(2)?;
/// ring.push(pool.acquire()?).unwrap();
/// ring.push(pool.acquire()?).unwrap();
/// let refused = ring.push(pool.acquire()?).unwrap_err(); // full: the packet comes back
/// assert_eq!(ring.len(), 2);
/// drop(refused);
/// assert!(ring.pop().is_some());
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub struct PacketRing {
    queue: ArrayQueue<PacketBuf>,
}

impl PacketRing {
    /// A ring holding up to `capacity` packets ([`Error::LimitExceeded`] for zero).
    pub fn new(capacity: usize) -> Result<PacketRing, Error> {
        if capacity == 0 {
            return Err(Error::LimitExceeded);
        }
        Ok(PacketRing {
            queue: ArrayQueue::new(capacity),
        })
    }

    /// Appends a packet, or gives it back if the ring is full.
    pub fn push(&self, packet: PacketBuf) -> Result<(), PacketBuf> {
        self.queue.push(packet)
    }

    /// The oldest packet, if any.
    pub fn pop(&self) -> Option<PacketBuf> {
        self.queue.pop()
    }

    /// Packets waiting.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether no packet is waiting.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// The most packets the ring holds.
    pub fn capacity(&self) -> usize {
        self.queue.capacity()
    }
}

impl core::fmt::Debug for PacketRing {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PacketRing")
            .field("len", &self.len())
            .field("capacity", &self.capacity())
            .finish()
    }
}
