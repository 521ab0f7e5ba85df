//! [`Sealer`] and [`Opener`]: the two ends of a numbered packet stream.

use super::{PacketBuf, ReplayWindow};
use crate::Error;
use crate::aead::PacketKey;

/// The sending end: numbers packets 0, 1, 2, ... and seals each under its number, so
/// a nonce is never reused. After 2^64 − 1 packets it refuses
/// ([`Error::LimitExceeded`]): rekey long before.
#[derive(Debug)]
pub struct Sealer {
    key: PacketKey,
    next: u64,
}

impl Sealer {
    /// A sealer starting at packet number 0.
    pub fn new(key: PacketKey) -> Sealer {
        Sealer { key, next: 0 }
    }

    /// The number the next packet will get.
    pub fn next_number(&self) -> u64 {
        self.next
    }

    /// Numbers and seals `packet` (tag appended); returns its number.
    pub fn seal(&mut self, packet: &mut PacketBuf) -> Result<u64, Error> {
        let number = self.next;
        let following = number.checked_add(1).ok_or(Error::LimitExceeded)?;
        packet.set_number(number);
        packet.seal(&self.key)?;
        self.next = following;
        Ok(number)
    }
}

/// The receiving end: refuses replayed and too-old packet numbers before decrypting,
/// opens, and records the number only once the packet authenticated.
///
/// ```
/// use zcrypto::aead::{AeadAlg, PacketKey};
/// use zcrypto::zero_copy::{Opener, PacketPool, PoolConfig, Sealer};
/// use zcrypto::Error;
/// let key = || PacketKey::new(AeadAlg::Aes256Gcm, &[3; 32], [4; 12]);
/// let (mut tx, mut rx) = (Sealer::new(key()?), Opener::new(key()?));
/// let pool = PacketPool::new(PoolConfig::new(2, 1500))?;
/// let mut p = pool.acquire()?;
/// p.extend_from_slice(b"hello")?;
/// tx.seal(&mut p)?;
/// let copy_of_wire_bytes = p.data().to_vec();
/// assert_eq!(rx.open(&mut p)?, 0);
/// assert_eq!(p.data(), b"hello");
///
/// // The same datagram again: refused before any decryption.
/// let mut again = pool.acquire()?;
/// again.extend_from_slice(&copy_of_wire_bytes)?;
/// again.set_number(0);
/// assert_eq!(rx.open(&mut again), Err(Error::Replayed));
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug)]
pub struct Opener {
    key: PacketKey,
    window: ReplayWindow,
}

impl Opener {
    /// An opener that has seen nothing.
    pub fn new(key: PacketKey) -> Opener {
        Opener {
            key,
            window: ReplayWindow::new(),
        }
    }

    /// The anti-replay window.
    pub fn window(&self) -> &ReplayWindow {
        &self.window
    }

    /// Opens `packet` under its [`number`](PacketBuf::number) (taken from the wire by
    /// the caller; a wrong number fails authentication). Returns the number.
    pub fn open(&mut self, packet: &mut PacketBuf) -> Result<u64, Error> {
        let number = packet.number();
        self.window.check(number)?;
        packet.open(&self.key)?;
        self.window.accept(number)?;
        Ok(number)
    }
}
