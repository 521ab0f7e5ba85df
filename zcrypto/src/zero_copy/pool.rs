//! [`PacketPool`] and [`PacketBuf`]: fixed buffers allocated once and recycled.

use core::fmt;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crossbeam_queue::ArrayQueue;

use crate::Error;
use crate::aead::TAG_LEN;

/// Buffer alignment: one cache line, and what AVX-512 loads like best.
pub const ALIGN: usize = 64;

/// The shape of a pool: how many buffers and how each is laid out.
///
/// Every buffer holds `headroom + capacity + tailroom` bytes. A fresh [`PacketBuf`] is
/// empty with its data starting after the headroom, so headers can be prepended without
/// moving the payload; the caller may fill up to `capacity` bytes; `tailroom` stays free
/// for what sealing appends (the 16-byte tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolConfig {
    /// Number of buffers, all allocated when the pool is created.
    pub buffers: usize,
    /// Payload bytes a buffer holds: the path MTU (1500), a jumbo frame (9000), a GSO
    /// batch or the largest UDP datagram (65535).
    pub capacity: usize,
    /// Bytes reserved before the data for headers prepended later.
    pub headroom: usize,
    /// Bytes reserved after `capacity` for tags.
    pub tailroom: usize,
}

impl PoolConfig {
    /// `buffers` buffers of `capacity` bytes, with 64 bytes of headroom and room for one
    /// AEAD tag after the data.
    pub const fn new(buffers: usize, capacity: usize) -> PoolConfig {
        PoolConfig {
            buffers,
            capacity,
            headroom: 64,
            tailroom: TAG_LEN,
        }
    }

    /// Total bytes of one buffer.
    fn buffer_len(&self) -> Option<usize> {
        self.headroom
            .checked_add(self.capacity)?
            .checked_add(self.tailroom)
    }
}

/// A snapshot of a pool's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolStats {
    /// Buffers in the pool.
    pub buffers: usize,
    /// Buffers currently handed out.
    pub in_use: usize,
    /// The most buffers ever handed out at once.
    pub high_water: usize,
    /// How many times an acquire found the pool empty (and failed or waited).
    pub exhausted: u64,
}

/// One buffer's memory: `mem[base..]` is 64-byte aligned.
#[derive(Default)]
struct Slot {
    mem: Box<[u8]>,
    base: usize,
}

struct Shared {
    config: PoolConfig,
    free: ArrayQueue<Slot>,
    high_water: AtomicUsize,
    exhausted: AtomicU64,
    // Slow path only: acquirers that chose to wait sleep here.
    waiters: AtomicUsize,
    lock: Mutex<()>,
    returned: Condvar,
}

impl Shared {
    // The hot path is one lock-free queue operation each way plus the `Arc` count:
    // `in_use` is derived from the queue length rather than kept in another atomic.
    fn in_use(&self) -> usize {
        self.config.buffers - self.free.len().min(self.config.buffers)
    }

    fn release(&self, slot: Slot) {
        // The queue holds every buffer of the pool, so it is never full here.
        let _ = self.free.push(slot);
        if self.waiters.load(Ordering::SeqCst) > 0 {
            let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
            self.returned.notify_one();
        }
    }
}

/// A fixed set of packet buffers, allocated once and recycled forever.
///
/// [`acquire`](PacketPool::acquire) takes a buffer without locking (a lock-free queue)
/// and without allocating; dropping the [`PacketBuf`] puts it back. When every buffer is
/// in use, `acquire` fails with [`Error::LimitExceeded`] and
/// [`acquire_timeout`](PacketPool::acquire_timeout) waits a bounded time: the pool never
/// grows. Cloning a pool gives another handle to the same buffers; it is `Send + Sync`.
///
/// ```
/// use zcrypto::zero_copy::{PacketPool, PoolConfig};
/// let pool = PacketPool::new(PoolConfig::new(2, 1500))?;
/// let mut a = pool.acquire()?;
/// a.extend_from_slice(b"payload")?;
/// let _b = pool.acquire()?;
/// assert!(pool.acquire().is_err()); // exhausted: an error, never an allocation
/// drop(a);                          // back to the pool
/// let c = pool.acquire()?;
/// assert!(c.is_empty());            // a recycled buffer comes back empty
/// assert_eq!(pool.stats().high_water, 2);
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone)]
pub struct PacketPool {
    shared: Arc<Shared>,
}

impl PacketPool {
    /// Allocates (and touches) every buffer now. Fails with [`Error::LimitExceeded`] for
    /// zero buffers, sizes that overflow, or memory the allocator refuses.
    pub fn new(config: PoolConfig) -> Result<PacketPool, Error> {
        let len = config
            .buffer_len()
            .and_then(|len| len.checked_add(ALIGN - 1))
            .filter(|len| config.buffers.checked_mul(*len).is_some())
            .ok_or(Error::LimitExceeded)?;
        if config.buffers == 0 {
            return Err(Error::LimitExceeded);
        }
        let free = ArrayQueue::new(config.buffers);
        for _ in 0..config.buffers {
            let mut mem = Vec::new();
            mem.try_reserve_exact(len)
                .map_err(|_| Error::LimitExceeded)?;
            mem.resize(len, 0u8);
            let mem = mem.into_boxed_slice();
            let base = mem.as_ptr().align_offset(ALIGN);
            if base >= ALIGN {
                return Err(Error::Internal);
            }
            let _ = free.push(Slot { mem, base });
        }
        Ok(PacketPool {
            shared: Arc::new(Shared {
                config,
                free,
                high_water: AtomicUsize::new(0),
                exhausted: AtomicU64::new(0),
                waiters: AtomicUsize::new(0),
                lock: Mutex::new(()),
                returned: Condvar::new(),
            }),
        })
    }

    /// The pool's configuration.
    pub fn config(&self) -> PoolConfig {
        self.shared.config
    }

    fn take(&self) -> Option<PacketBuf> {
        let slot = self.shared.free.pop()?;
        let s = &self.shared;
        let in_use = s.in_use();
        if in_use > s.high_water.load(Ordering::Relaxed) {
            s.high_water.fetch_max(in_use, Ordering::Relaxed);
        }
        let start = slot.base + s.config.headroom;
        Some(PacketBuf {
            slot,
            pool: Arc::clone(&self.shared),
            start,
            end: start,
            number: 0,
            header_len: 0,
        })
    }

    /// An empty buffer, or [`Error::LimitExceeded`] if all are in use.
    pub fn acquire(&self) -> Result<PacketBuf, Error> {
        self.take().ok_or_else(|| {
            self.shared.exhausted.fetch_add(1, Ordering::Relaxed);
            Error::LimitExceeded
        })
    }

    /// An empty buffer, waiting up to `timeout` for one to come back.
    pub fn acquire_timeout(&self, timeout: Duration) -> Result<PacketBuf, Error> {
        if let Some(buf) = self.take() {
            return Ok(buf);
        }
        let s = &self.shared;
        s.exhausted.fetch_add(1, Ordering::Relaxed);
        let deadline = Instant::now() + timeout;
        s.waiters.fetch_add(1, Ordering::SeqCst);
        let mut guard = s.lock.lock().unwrap_or_else(|e| e.into_inner());
        let result = loop {
            // Checked under the lock: a release that sees our waiter count notifies
            // only while we wait, so no wake-up is lost.
            if let Some(buf) = self.take() {
                break Ok(buf);
            }
            let now = Instant::now();
            if now >= deadline {
                break Err(Error::LimitExceeded);
            }
            guard = s
                .returned
                .wait_timeout(guard, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        };
        drop(guard);
        s.waiters.fetch_sub(1, Ordering::SeqCst);
        result
    }

    /// The pool's counters.
    pub fn stats(&self) -> PoolStats {
        let s = &self.shared;
        PoolStats {
            buffers: s.config.buffers,
            in_use: s.in_use(),
            high_water: s.high_water.load(Ordering::Relaxed),
            exhausted: s.exhausted.load(Ordering::Relaxed),
        }
    }
}

impl fmt::Debug for PacketPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PacketPool")
            .field("config", &self.shared.config)
            .field("stats", &self.stats())
            .finish()
    }
}

/// A buffer from a [`PacketPool`], returned to it on drop.
///
/// The packet is `data()`: bytes `start..end` of the buffer. Before the data is the
/// headroom ([`prepend`](PacketBuf::prepend) grows the packet into it), after it the
/// room up to the capacity and the tailroom (sealing appends its tag there).
/// Two pieces of metadata travel with the packet for the crypto in
/// [`zero_copy`](crate::zero_copy): its [`number`](PacketBuf::number) (the AEAD nonce
/// counter) and its [`header_len`](PacketBuf::header_len) (the leading bytes that are
/// authenticated but not encrypted).
///
/// A recycled buffer is not wiped: `data()` only ever shows bytes written since it was
/// acquired ([`clear`](PacketBuf::clear) and [`set_len`](PacketBuf::set_len) never
/// expose more), and opening failures zero the payload.
pub struct PacketBuf {
    slot: Slot,
    pool: Arc<Shared>,
    start: usize,
    end: usize,
    number: u64,
    header_len: usize,
}

impl PacketBuf {
    fn limit(&self) -> usize {
        let c = &self.pool.config;
        self.slot.base + c.headroom + c.capacity + c.tailroom
    }

    /// The packet bytes.
    pub fn data(&self) -> &[u8] {
        &self.slot.mem[self.start..self.end]
    }

    /// The packet bytes, writable.
    pub fn data_mut(&mut self) -> &mut [u8] {
        &mut self.slot.mem[self.start..self.end]
    }

    /// Packet length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the packet is empty.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// Free bytes before the data.
    pub fn headroom(&self) -> usize {
        self.start - self.slot.base
    }

    /// Free bytes after the data, tailroom included.
    pub fn tailroom(&self) -> usize {
        self.limit() - self.end
    }

    /// Empties the packet and resets the data start to the configured headroom, the
    /// packet number and the header length.
    pub fn clear(&mut self) {
        self.start = self.slot.base + self.pool.config.headroom;
        self.end = self.start;
        self.number = 0;
        self.header_len = 0;
    }

    /// Appends `bytes` after the data. Fails with [`Error::BufferTooSmall`] if they
    /// would not fit (the tailroom counts: check `tailroom()` first to keep room for a tag).
    pub fn extend_from_slice(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let room = self.tailroom();
        if bytes.len() > room {
            return Err(Error::BufferTooSmall {
                needed: bytes.len(),
                got: room,
            });
        }
        self.slot.mem[self.end..self.end + bytes.len()].copy_from_slice(bytes);
        self.end += bytes.len();
        Ok(())
    }

    /// Writes `bytes` in front of the data, in the headroom (a header added after the
    /// payload was written, without moving the payload).
    pub fn prepend(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let room = self.headroom();
        if bytes.len() > room {
            return Err(Error::BufferTooSmall {
                needed: bytes.len(),
                got: room,
            });
        }
        self.start -= bytes.len();
        self.slot.mem[self.start..self.start + bytes.len()].copy_from_slice(bytes);
        Ok(())
    }

    /// Drops `n` bytes from the front of the data (e.g. an outer header already read).
    pub fn advance(&mut self, n: usize) -> Result<(), Error> {
        if n > self.len() {
            return Err(Error::InvalidLength {
                expected: n,
                got: self.len(),
            });
        }
        self.start += n;
        self.header_len = self.header_len.saturating_sub(n);
        Ok(())
    }

    /// Everything from the data start to the end of the buffer: the packet followed by
    /// the free space, for receiving a datagram in place. Follow with
    /// [`set_len`](PacketBuf::set_len).
    pub fn spare_mut(&mut self) -> &mut [u8] {
        let limit = self.limit();
        &mut self.slot.mem[self.start..limit]
    }

    /// Sets the packet length (after writing through [`spare_mut`](PacketBuf::spare_mut)).
    /// Bytes not written since the buffer was acquired read as whatever a previous user
    /// left, so only set lengths you wrote.
    pub fn set_len(&mut self, len: usize) -> Result<(), Error> {
        let max = self.limit() - self.start;
        if len > max {
            return Err(Error::BufferTooSmall {
                needed: len,
                got: max,
            });
        }
        self.end = self.start + len;
        Ok(())
    }

    /// Shortens the packet to `len` bytes (no effect if it is already shorter).
    pub fn truncate(&mut self, len: usize) {
        if len < self.len() {
            self.end = self.start + len;
        }
    }

    /// The packet number (sequence number) the AEAD nonce is built from.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// Sets the packet number.
    pub fn set_number(&mut self, number: u64) {
        self.number = number;
    }

    /// How many leading bytes of the data are a header: authenticated, not encrypted.
    pub fn header_len(&self) -> usize {
        self.header_len
    }

    /// Sets the header length (checked against the packet length when sealing or opening).
    pub fn set_header_len(&mut self, header_len: usize) {
        self.header_len = header_len;
    }

    /// Splits the data into (header, body) at [`header_len`](PacketBuf::header_len), with
    /// the free space after the body for an appended tag.
    pub(super) fn parts_mut(&mut self) -> Result<Parts<'_>, Error> {
        let (start, end, limit) = (self.start, self.end, self.limit());
        let header_end = start
            .checked_add(self.header_len)
            .filter(|&h| h <= end)
            .ok_or(Error::InvalidLength {
                expected: self.header_len,
                got: end - start,
            })?;
        let (head, rest) = self.slot.mem[start..limit].split_at_mut(header_end - start);
        let (body, spare) = rest.split_at_mut(end - header_end);
        Ok(Parts {
            header: head,
            body,
            spare,
        })
    }

    /// Extends the data by `n` bytes of the spare room (an appended tag); the caller
    /// checked that they fit.
    pub(super) fn grow(&mut self, n: usize) {
        self.end += n;
    }
}

/// A packet split for sealing: header (AAD), body, and the free space after the body.
pub(super) struct Parts<'a> {
    pub(super) header: &'a mut [u8],
    pub(super) body: &'a mut [u8],
    pub(super) spare: &'a mut [u8],
}

impl Drop for PacketBuf {
    fn drop(&mut self) {
        self.pool.release(core::mem::take(&mut self.slot));
    }
}

impl fmt::Debug for PacketBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PacketBuf")
            .field("len", &self.len())
            .field("number", &self.number)
            .field("header_len", &self.header_len)
            .field("headroom", &self.headroom())
            .field("tailroom", &self.tailroom())
            .finish()
    }
}

impl AsRef<[u8]> for PacketBuf {
    fn as_ref(&self) -> &[u8] {
        self.data()
    }
}

impl AsMut<[u8]> for PacketBuf {
    fn as_mut(&mut self) -> &mut [u8] {
        self.data_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_are_aligned_and_distinct() {
        let pool = PacketPool::new(PoolConfig {
            buffers: 8,
            capacity: 1500,
            headroom: 0,
            tailroom: 16,
        })
        .unwrap();
        let bufs: Vec<PacketBuf> = (0..8).map(|_| pool.acquire().unwrap()).collect();
        let mut ptrs: Vec<usize> = bufs.iter().map(|b| b.data().as_ptr() as usize).collect();
        assert!(ptrs.iter().all(|p| p % ALIGN == 0));
        ptrs.sort_unstable();
        ptrs.dedup();
        assert_eq!(ptrs.len(), 8, "no buffer is handed out twice");
        assert_eq!(pool.stats().in_use, 8);
        drop(bufs);
        assert_eq!(pool.stats().in_use, 0);
    }

    #[test]
    fn room_is_enforced() {
        let pool = PacketPool::new(PoolConfig {
            buffers: 1,
            capacity: 10,
            headroom: 4,
            tailroom: 16,
        })
        .unwrap();
        let mut b = pool.acquire().unwrap();
        b.extend_from_slice(&[1; 26]).unwrap();
        assert_eq!(b.tailroom(), 0);
        assert!(matches!(
            b.extend_from_slice(&[1]),
            Err(Error::BufferTooSmall { needed: 1, got: 0 })
        ));
        b.prepend(&[9; 4]).unwrap();
        assert_eq!(b.len(), 30);
        assert!(b.prepend(&[9]).is_err());
        assert!(b.set_len(31).is_err());
        b.advance(4).unwrap();
        assert!(b.advance(27).is_err());
        b.clear();
        assert_eq!((b.len(), b.headroom(), b.tailroom()), (0, 4, 26));
    }

    #[test]
    fn zero_buffers_is_refused() {
        assert_eq!(
            PacketPool::new(PoolConfig::new(0, 1500)).unwrap_err(),
            Error::LimitExceeded
        );
        assert_eq!(
            PacketPool::new(PoolConfig::new(1, usize::MAX)).unwrap_err(),
            Error::LimitExceeded
        );
        // The total overflows, or the allocator refuses: an error, never an abort.
        assert_eq!(
            PacketPool::new(PoolConfig::new(usize::MAX / 1000, 1500)).unwrap_err(),
            Error::LimitExceeded
        );
        assert_eq!(
            PacketPool::new(PoolConfig::new(1, isize::MAX as usize - 200)).unwrap_err(),
            Error::LimitExceeded
        );
    }

    #[test]
    fn waiting_acquire_gets_a_returned_buffer() {
        let pool = PacketPool::new(PoolConfig::new(1, 64)).unwrap();
        let held = pool.acquire().unwrap();
        assert_eq!(
            pool.acquire_timeout(Duration::from_millis(5)).unwrap_err(),
            Error::LimitExceeded
        );
        let p2 = pool.clone();
        let t = std::thread::spawn(move || p2.acquire_timeout(Duration::from_secs(30)).is_ok());
        std::thread::sleep(Duration::from_millis(20));
        drop(held);
        assert!(t.join().unwrap());
        let s = pool.stats();
        assert_eq!((s.in_use, s.high_water), (0, 1));
        assert!(s.exhausted >= 2);
    }
}
