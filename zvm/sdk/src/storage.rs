//! Contract storage: 32-byte keys, values of any length (an empty value is absent).
//!
//! Raw access ([`get`], [`read`], [`set`], [`remove`]), typed helpers that store
//! integers big-endian with the minimal convention *zero = absent* ([`get_u64`],
//! [`set_u128`], ...), fixed slots ([`slot`]) and [`Map`], which derives a key as
//! `SHA-256(prefix ‖ key)` through the host.

use alloc::vec::Vec;

use crate::{crypto, len32, sys};

/// A storage key.
pub type Key = [u8; 32];

/// The key of fixed slot `n`: 24 zero bytes, then `n` big-endian.
pub const fn slot(n: u64) -> Key {
    let mut k = [0u8; 32];
    let b = n.to_be_bytes();
    let mut i = 0;
    while i < 8 {
        k[24 + i] = b[i];
        i += 1;
    }
    k
}

/// The value at `key`, `None` if absent.
pub fn get(key: &Key) -> Option<Vec<u8>> {
    let mut small = [0u8; 64];
    // SAFETY: reads the 32-byte key, writes at most `cap` bytes to `small`.
    let n = unsafe { sys::storage_read(key.as_ptr(), small.as_mut_ptr(), small.len() as u32) }
        as u32 as usize;
    if n == 0 {
        return None;
    }
    if n <= small.len() {
        return Some(small[..n].to_vec());
    }
    let mut v = Vec::with_capacity(n);
    // SAFETY: the second read writes exactly `n` bytes into a buffer of that capacity.
    unsafe {
        sys::storage_read(key.as_ptr(), v.as_mut_ptr(), n as u32);
        v.set_len(n);
    }
    Some(v)
}

/// Reads the value at `key` into `buf` (at most `buf.len()` bytes) and returns the
/// value's full length (0 if absent).
pub fn read(key: &Key, buf: &mut [u8]) -> usize {
    // SAFETY: writes at most `buf.len()` bytes to `buf`.
    unsafe { sys::storage_read(key.as_ptr(), buf.as_mut_ptr(), len32(buf)) as u32 as usize }
}

/// Whether a value is stored at `key`.
pub fn contains(key: &Key) -> bool {
    read(key, &mut []) != 0
}

/// Sets the value at `key` (an empty `value` removes it).
pub fn set(key: &Key, value: &[u8]) {
    // SAFETY: reads the key and `value`.
    unsafe { sys::storage_write(key.as_ptr(), value.as_ptr(), len32(value)) }
}

/// Removes the value at `key`.
pub fn remove(key: &Key) {
    // SAFETY: reads the key.
    unsafe { sys::storage_remove(key.as_ptr()) }
}

/// Reads an unsigned big-endian integer of at most `N` bytes (shorter values are
/// left-padded; absent is 0); a longer value reverts with `"storage: bad integer"`.
fn get_be<const N: usize>(key: &Key) -> [u8; N] {
    let mut buf = [0u8; N];
    let n = read(key, &mut buf);
    if n > N {
        crate::revert(b"storage: bad integer");
    }
    buf.copy_within(..n, N - n);
    buf[..N - n].fill(0);
    buf
}

/// The `u64` at `key` (8 bytes big-endian; absent = 0).
pub fn get_u64(key: &Key) -> u64 {
    u64::from_be_bytes(get_be(key))
}

/// Stores `v` at `key` (8 bytes big-endian; 0 removes the value).
pub fn set_u64(key: &Key, v: u64) {
    if v == 0 {
        remove(key)
    } else {
        set(key, &v.to_be_bytes())
    }
}

/// The `u128` at `key` (16 bytes big-endian; absent = 0).
pub fn get_u128(key: &Key) -> u128 {
    u128::from_be_bytes(get_be(key))
}

/// Stores `v` at `key` (16 bytes big-endian; 0 removes the value).
pub fn set_u128(key: &Key, v: u128) {
    if v == 0 {
        remove(key)
    } else {
        set(key, &v.to_be_bytes())
    }
}

/// The bytes at `key` (empty if absent).
pub fn get_bytes(key: &Key) -> Vec<u8> {
    get(key).unwrap_or_default()
}

/// Stores `v` at `key` (empty removes).
pub fn set_bytes(key: &Key, v: &[u8]) {
    set(key, v)
}

/// The 32 bytes at `key`, `None` if absent or of another length.
pub fn get_array32(key: &Key) -> Option<[u8; 32]> {
    let mut buf = [0u8; 32];
    (read(key, &mut buf) == 32).then_some(buf)
}

/// SHA-256 through the host (it cannot fail on these inputs; reverts if it does).
fn hash(data: &[u8]) -> Key {
    match crypto::sha256(data) {
        Ok(h) => h,
        Err(_) => crate::revert(b"storage: hash failed"),
    }
}

/// A map in storage: entry `k` lives at `SHA-256(prefix ‖ k)`. Distinct maps of a
/// contract use distinct prefixes of the same length (or prefixes no one is a prefix of
/// another's key space), e.g. one byte each.
///
/// ```no_run
/// use zvm_sdk::storage::Map;
/// const BALANCES: Map = Map::new(b"b");
/// let who = zvm_sdk::caller();
/// let b = BALANCES.get_u128(&who.0);
/// BALANCES.set_u128(&who.0, b + 1);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Map {
    prefix: &'static [u8],
}

impl Map {
    /// A map with this key prefix (at most 32 bytes).
    pub const fn new(prefix: &'static [u8]) -> Map {
        assert!(prefix.len() <= 32, "map prefix longer than 32 bytes");
        Map { prefix }
    }

    /// The storage key of entry `k`: `SHA-256(prefix ‖ k)` (`k` at most 96 bytes; a
    /// longer key is hashed first: `SHA-256(prefix ‖ SHA-256(k))`).
    pub fn key(&self, k: &[u8]) -> Key {
        let mut buf = [0u8; 128];
        let p = self.prefix.len();
        buf[..p].copy_from_slice(self.prefix);
        let n = if k.len() <= 96 {
            buf[p..p + k.len()].copy_from_slice(k);
            p + k.len()
        } else {
            buf[p..p + 32].copy_from_slice(&hash(k));
            p + 32
        };
        hash(&buf[..n])
    }

    /// The value of entry `k`, `None` if absent.
    pub fn get(&self, k: &[u8]) -> Option<Vec<u8>> {
        get(&self.key(k))
    }

    /// Sets entry `k` (empty removes).
    pub fn set(&self, k: &[u8], v: &[u8]) {
        set(&self.key(k), v)
    }

    /// Removes entry `k`.
    pub fn remove(&self, k: &[u8]) {
        remove(&self.key(k))
    }

    /// Whether entry `k` is present.
    pub fn contains(&self, k: &[u8]) -> bool {
        contains(&self.key(k))
    }

    /// Entry `k` as a `u64` (absent = 0).
    pub fn get_u64(&self, k: &[u8]) -> u64 {
        get_u64(&self.key(k))
    }

    /// Sets entry `k` to a `u64` (0 removes).
    pub fn set_u64(&self, k: &[u8], v: u64) {
        set_u64(&self.key(k), v)
    }

    /// Entry `k` as a `u128` (absent = 0).
    pub fn get_u128(&self, k: &[u8]) -> u128 {
        get_u128(&self.key(k))
    }

    /// Sets entry `k` to a `u128` (0 removes).
    pub fn set_u128(&self, k: &[u8], v: u128) {
        set_u128(&self.key(k), v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_big_endian() {
        assert_eq!(slot(0), [0; 32]);
        let s = slot(0x0102);
        assert_eq!(&s[30..], &[1, 2]);
        assert!(s[..30].iter().all(|&b| b == 0));
    }
}
