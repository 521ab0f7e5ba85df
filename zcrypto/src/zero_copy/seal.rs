//! Sealing and opening [`PacketBuf`]s in place: one packet, or a batch of many with no
//! allocation (optionally across cores).
//!
//! A packet is `header ‖ body`: the first [`header_len`](PacketBuf::header_len) bytes
//! are authenticated as associated data, the body is encrypted in place, and the nonce
//! is the [`PacketKey`]'s IV XOR the packet's [`number`](PacketBuf::number).

use rayon::prelude::*;

use super::PacketBuf;
use crate::Error;
use crate::aead::{PacketKey, TAG_LEN, Tag};

impl PacketBuf {
    /// Encrypts the body in place and appends the 16-byte tag (in the tailroom).
    pub fn seal(&mut self, key: &PacketKey) -> Result<(), Error> {
        let number = self.number();
        let parts = self.parts_mut()?;
        if parts.spare.len() < TAG_LEN {
            return Err(Error::BufferTooSmall {
                needed: TAG_LEN,
                got: parts.spare.len(),
            });
        }
        let tag = key.seal_in_place_detached(number, parts.header, parts.body)?;
        parts.spare[..TAG_LEN].copy_from_slice(&tag.0);
        self.grow(TAG_LEN);
        Ok(())
    }

    /// Encrypts the body in place and returns the tag instead of appending it.
    pub fn seal_detached(&mut self, key: &PacketKey) -> Result<Tag, Error> {
        let number = self.number();
        let parts = self.parts_mut()?;
        key.seal_in_place_detached(number, parts.header, parts.body)
    }

    /// Checks and removes the appended tag and decrypts the body in place. On failure the
    /// body is zeroed and the packet keeps its length.
    pub fn open(&mut self, key: &PacketKey) -> Result<(), Error> {
        let body_len = self.len().saturating_sub(self.header_len());
        if body_len < TAG_LEN {
            return Err(Error::InvalidLength {
                expected: self.header_len() + TAG_LEN,
                got: self.len(),
            });
        }
        let number = self.number();
        let parts = self.parts_mut()?;
        let (ct, tag) = parts.body.split_at_mut(body_len - TAG_LEN);
        let tag = Tag::try_from_slice(tag)?;
        key.open_in_place_detached(number, parts.header, ct, &tag)?;
        let len = self.len() - TAG_LEN;
        self.truncate(len);
        Ok(())
    }

    /// Checks `tag` and decrypts the body in place (the tag travelled separately). On
    /// failure the body is zeroed.
    pub fn open_detached(&mut self, key: &PacketKey, tag: &Tag) -> Result<(), Error> {
        let number = self.number();
        let parts = self.parts_mut()?;
        key.open_in_place_detached(number, parts.header, parts.body, tag)
    }

    /// Whether [`seal`](PacketBuf::seal) can succeed: the header fits and a tag fits after the body.
    fn check_sealable(&mut self) -> Result<(), Error> {
        let spare = self.parts_mut()?.spare.len();
        if spare < TAG_LEN {
            return Err(Error::BufferTooSmall {
                needed: TAG_LEN,
                got: spare,
            });
        }
        Ok(())
    }
}

/// Seals every packet of `packets` (tag appended) on the calling thread.
///
/// Every packet is checked first, so on error (a header longer than its packet, no room
/// for a tag) nothing has been encrypted.
///
/// ```
/// use zcrypto::aead::{AeadAlg, PacketKey};
/// use zcrypto::zero_copy::{self, PacketPool, PoolConfig};
/// let key = PacketKey::new(AeadAlg::Aes128Gcm, &[7; 16], [9; 12])?;
/// let pool = PacketPool::new(PoolConfig::new(64, 1500))?;
/// let mut batch = Vec::new();
/// for n in 0..64 {
///     let mut p = pool.acquire()?;
///     p.extend_from_slice(&[n as u8; 1350])?;
///     p.set_number(n);
///     batch.push(p);
/// }
/// zero_copy::seal_batch(&key, &mut batch)?;
/// let mut results = [Ok(()); 64];
/// assert_eq!(zero_copy::open_batch(&key, &mut batch, &mut results)?, 64);
/// assert_eq!(batch[5].data(), &[5u8; 1350][..]);
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn seal_batch(key: &PacketKey, packets: &mut [PacketBuf]) -> Result<(), Error> {
    packets.iter_mut().try_for_each(PacketBuf::check_sealable)?;
    packets.iter_mut().try_for_each(|p| p.seal(key))
}

/// Opens every packet of `packets` (appended tags), writing each packet's outcome to
/// the same index of `results`, and returns how many opened. Failed packets have their
/// body zeroed. `results` must be as long as `packets` ([`Error::InvalidLength`]).
pub fn open_batch(
    key: &PacketKey,
    packets: &mut [PacketBuf],
    results: &mut [Result<(), Error>],
) -> Result<usize, Error> {
    Error::check_len(packets.len(), results.len())?;
    let mut ok = 0;
    for (p, r) in packets.iter_mut().zip(results.iter_mut()) {
        *r = p.open(key);
        ok += usize::from(r.is_ok());
    }
    Ok(ok)
}

/// [`seal_batch`] spread across cores with rayon: worth it for large batches (tens of
/// kilobytes and up); small batches are faster on one thread.
pub fn par_seal_batch(key: &PacketKey, packets: &mut [PacketBuf]) -> Result<(), Error> {
    packets.iter_mut().try_for_each(PacketBuf::check_sealable)?;
    packets.par_iter_mut().try_for_each(|p| p.seal(key))
}

/// [`open_batch`] spread across cores with rayon.
pub fn par_open_batch(
    key: &PacketKey,
    packets: &mut [PacketBuf],
    results: &mut [Result<(), Error>],
) -> Result<usize, Error> {
    Error::check_len(packets.len(), results.len())?;
    packets
        .par_iter_mut()
        .zip(results.par_iter_mut())
        .for_each(|(p, r)| *r = p.open(key));
    Ok(results.iter().filter(|r| r.is_ok()).count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aead::AeadAlg;
    use crate::zero_copy::{PacketPool, PoolConfig};

    fn key() -> PacketKey {
        PacketKey::new(AeadAlg::ChaCha20Poly1305, &[1; 32], [2; 12]).unwrap()
    }

    #[test]
    fn header_is_authenticated_not_encrypted() {
        let pool = PacketPool::new(PoolConfig::new(1, 100)).unwrap();
        let mut p = pool.acquire().unwrap();
        p.extend_from_slice(b"HDRbody").unwrap();
        p.set_header_len(3);
        p.set_number(42);
        p.seal(&key()).unwrap();
        assert_eq!(&p.data()[..3], b"HDR");
        assert_ne!(&p.data()[3..7], b"body");
        assert_eq!(p.len(), 7 + TAG_LEN);
        // The same bytes sealed by the plain PacketKey API.
        let mut plain = *b"body\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
        key().seal_in_place(42, b"HDR", &mut plain, 4).unwrap();
        assert_eq!(&p.data()[3..], &plain[..]);

        p.data_mut()[0] ^= 1;
        assert_eq!(p.open(&key()).unwrap_err(), Error::DecryptionFailed);
        assert_eq!(
            &p.data()[3..7],
            &[0; 4],
            "a failed open releases no plaintext"
        );
    }

    #[test]
    fn detached_tags() {
        let pool = PacketPool::new(PoolConfig::new(1, 100)).unwrap();
        let mut p = pool.acquire().unwrap();
        p.extend_from_slice(b"hello").unwrap();
        let tag = p.seal_detached(&key()).unwrap();
        assert_eq!(p.len(), 5);
        p.open_detached(&key(), &tag).unwrap();
        assert_eq!(p.data(), b"hello");
    }

    #[test]
    fn bad_packets_are_refused_before_any_work() {
        let pool = PacketPool::new(PoolConfig {
            buffers: 3,
            capacity: 32,
            headroom: 0,
            tailroom: 0,
        })
        .unwrap();
        let mut a = pool.acquire().unwrap();
        a.extend_from_slice(b"abc").unwrap();
        let mut full = pool.acquire().unwrap();
        full.extend_from_slice(&[0; 32]).unwrap();
        let mut batch = vec![a, full];
        assert!(matches!(
            seal_batch(&key(), &mut batch),
            Err(Error::BufferTooSmall { .. })
        ));
        assert_eq!(batch[0].data(), b"abc", "nothing was sealed");
        batch[1].clear();
        batch[1].set_header_len(1);
        let r = seal_batch(&key(), &mut batch);
        assert!(matches!(r, Err(Error::InvalidLength { .. })), "{r:?}");
        let mut short = pool.acquire().unwrap();
        short.extend_from_slice(&[0; 15]).unwrap();
        assert!(matches!(
            short.open(&key()),
            Err(Error::InvalidLength { .. })
        ));
    }

    #[test]
    fn parallel_batches_match_sequential() {
        let pool = PacketPool::new(PoolConfig::new(64, 1350)).unwrap();
        let make = |pool: &PacketPool| -> Vec<PacketBuf> {
            (0..32u64)
                .map(|n| {
                    let mut p = pool.acquire().unwrap();
                    p.extend_from_slice(&vec![n as u8; 100 + n as usize * 30])
                        .unwrap();
                    p.set_number(n);
                    p.set_header_len(5);
                    p
                })
                .collect()
        };
        let (mut a, mut b) = (make(&pool), make(&pool));
        seal_batch(&key(), &mut a).unwrap();
        par_seal_batch(&key(), &mut b).unwrap();
        assert!(a.iter().zip(&b).all(|(x, y)| x.data() == y.data()));
        b[7].data_mut()[20] ^= 0x80;
        let mut results = vec![Ok(()); 32];
        assert_eq!(par_open_batch(&key(), &mut b, &mut results).unwrap(), 31);
        assert_eq!(results[7], Err(Error::DecryptionFailed));
        assert_eq!(
            open_batch(&key(), &mut a, &mut results[..3]).unwrap_err(),
            Error::InvalidLength {
                expected: 32,
                got: 3
            }
        );
    }
}
