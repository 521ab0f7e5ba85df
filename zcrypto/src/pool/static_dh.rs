//! [`StaticDhCache`]: the static–static Diffie–Hellman results of one local key with
//! many peers, computed once and kept.
//!
//! A mesh VPN or a server that talks to the same peers again and again performs
//! `DH(local static, peer static)` in every handshake (WireGuard's `ss` term), although
//! the result never changes while neither key does. The cache computes it once per
//! peer — for many peers at once, across cores with the `std` feature — and hands out
//! the stored [`SharedSecret`].
//!
//! ```
//! use zcrypto::pool::StaticDhCache;
//! use zcrypto::x25519::SecretKey;
//!
//! let local = SecretKey::from_bytes([1; 32]);
//! let peers: Vec<_> = (2u8..6).map(|i| SecretKey::from_bytes([i; 32]).public_key()).collect();
//! let mut cache = StaticDhCache::new(local.clone(), 100)?;
//! cache.insert_many(&peers)?;
//! assert_eq!(cache.len(), 4);
//! // The cached value is the ordinary X25519 result.
//! assert_eq!(cache.get(&peers[0]), Some(&local.diffie_hellman(&peers[0])?));
//! // Removing a peer erases its secret.
//! assert!(cache.remove(&peers[0]));
//! assert_eq!(cache.get(&peers[0]), None);
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! On the native backend the local key is loaded into aws-lc once, when the cache is
//! made (see [`SecretKey`]), so each new peer costs one X25519 ladder.
//!
//! ## Memory and erasure
//! Entries live in a hash map whose full capacity is reserved up front, so the map
//! never grows and never moves secrets to a new allocation behind the caller's back;
//! each secret is zeroized when it is removed, replaced or the cache is dropped.

use std::collections::HashMap;

use crate::Error;
use crate::x25519::{PublicKey, SecretKey, SharedSecret};

/// Cached `DH(local static, peer static)` per peer public key, with a fixed capacity.
pub struct StaticDhCache {
    local: SecretKey,
    local_public: PublicKey,
    capacity: usize,
    entries: HashMap<PublicKey, SharedSecret>,
}

impl StaticDhCache {
    /// An empty cache for the local static key `local`, holding at most `capacity`
    /// peers. The memory for all of them is reserved now; if the allocator refuses it,
    /// the result is [`Error::LimitExceeded`] (never an abort).
    pub fn new(local: SecretKey, capacity: usize) -> Result<StaticDhCache, Error> {
        let mut entries = HashMap::new();
        entries
            .try_reserve(capacity)
            .map_err(|_| Error::LimitExceeded)?;
        Ok(StaticDhCache {
            local_public: local.public_key(),
            local,
            capacity,
            entries,
        })
    }

    /// The local static public key.
    pub fn local_public_key(&self) -> &PublicKey {
        &self.local_public
    }

    /// The most peers the cache holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The number of cached peers.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no peer is cached.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The cached secret with `peer`, if it was inserted.
    pub fn get(&self, peer: &PublicKey) -> Option<&SharedSecret> {
        self.entries.get(peer)
    }

    /// Computes and caches the secret with `peer` (or returns the cached one).
    ///
    /// Errors: [`Error::WeakKey`] if `peer` is a low-order point (nothing is cached),
    /// [`Error::LimitExceeded`] if the cache is full and `peer` is not in it.
    pub fn insert(&mut self, peer: PublicKey) -> Result<&SharedSecret, Error> {
        if !self.entries.contains_key(&peer) {
            if self.entries.len() >= self.capacity {
                return Err(Error::LimitExceeded);
            }
            let secret = self.local.diffie_hellman(&peer)?;
            self.entries.insert(peer, secret);
        }
        self.entries.get(&peer).ok_or(Error::Internal)
    }

    /// Computes the secrets with every peer in `peers` (in parallel with the `std`
    /// feature) and caches them; returns how many were new.
    ///
    /// All or nothing: if the new peers do not fit ([`Error::LimitExceeded`], checked
    /// before any Diffie–Hellman) or one of them is a low-order point
    /// ([`Error::WeakKey`]), nothing is inserted. Duplicates and cached peers are fine.
    pub fn insert_many(&mut self, peers: &[PublicKey]) -> Result<usize, Error> {
        let mut new: Vec<PublicKey> = peers
            .iter()
            .filter(|p| !self.entries.contains_key(p))
            .copied()
            .collect();
        new.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        new.dedup();
        if new.len() > self.capacity - self.entries.len() {
            return Err(Error::LimitExceeded);
        }
        let local = &self.local;
        let secrets = crate::par::map(&new, |p| local.diffie_hellman(p));
        // Check every result before inserting any; dropping `secrets` zeroizes them.
        let secrets: Vec<SharedSecret> = secrets.into_iter().collect::<Result<_, _>>()?;
        let count = new.len();
        self.entries.extend(new.into_iter().zip(secrets));
        Ok(count)
    }

    /// Removes `peer` and zeroizes its secret; `false` if it was not cached.
    pub fn remove(&mut self, peer: &PublicKey) -> bool {
        self.entries.remove(peer).is_some()
    }

    /// Removes every peer (each secret is zeroized); the reserved memory is kept.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

impl core::fmt::Debug for StaticDhCache {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("StaticDhCache")
            .field("local_public", &self.local_public)
            .field("len", &self.entries.len())
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: u8) -> SecretKey {
        SecretKey::from_bytes([i; 32])
    }

    #[test]
    fn agrees_with_direct_dh_and_with_x25519_dalek() {
        let local = key(9);
        let peers: Vec<SecretKey> = (10u8..40).map(key).collect();
        let publics: Vec<PublicKey> = peers.iter().map(SecretKey::public_key).collect();
        let mut cache = StaticDhCache::new(local.clone(), 64).unwrap();
        // The local key is loaded into aws-lc once, when the cache is made, and the
        // parallel insertion shares it.
        #[cfg(feature = "native")]
        assert!(cache.local.is_prepared());
        assert_eq!(cache.insert_many(&publics).unwrap(), publics.len());
        for (sk, pk) in peers.iter().zip(&publics) {
            let cached = cache.get(pk).unwrap();
            assert_eq!(cached, &local.diffie_hellman(pk).unwrap());
            // The peer's side, and x25519-dalek called directly.
            assert_eq!(
                cached,
                &sk.diffie_hellman(cache.local_public_key()).unwrap()
            );
            let dalek = x25519_dalek::x25519(*local.as_bytes(), *pk.as_bytes());
            assert_eq!(cached.as_bytes(), &dalek);
        }
        // One-by-one insertion gives the same secrets.
        let mut single = StaticDhCache::new(local, 64).unwrap();
        for pk in &publics {
            assert_eq!(single.insert(*pk).unwrap(), cache.get(pk).unwrap());
        }
    }

    #[test]
    fn capacity_is_enforced_all_or_nothing() {
        let mut cache = StaticDhCache::new(key(1), 3).unwrap();
        let publics: Vec<PublicKey> = (2u8..6).map(|i| key(i).public_key()).collect();
        assert_eq!(cache.insert_many(&publics), Err(Error::LimitExceeded));
        assert!(cache.is_empty());
        // Duplicates and already-cached peers do not count twice.
        cache.insert(publics[0]).unwrap();
        let dup = [publics[0], publics[1], publics[1], publics[2]];
        assert_eq!(cache.insert_many(&dup).unwrap(), 2);
        assert_eq!(cache.len(), 3);
        assert_eq!(cache.insert(publics[3]).unwrap_err(), Error::LimitExceeded);
        // Re-inserting a cached peer is fine when full.
        assert!(cache.insert(publics[1]).is_ok());
        assert!(cache.remove(&publics[1]));
        assert!(!cache.remove(&publics[1]));
        assert!(cache.insert(publics[3]).is_ok());
        cache.clear();
        assert!(cache.is_empty() && cache.capacity() == 3);
    }

    #[test]
    fn low_order_peer_is_refused_and_nothing_inserted() {
        let mut cache = StaticDhCache::new(key(1), 10).unwrap();
        let zero = PublicKey::from_bytes([0; 32]);
        assert_eq!(cache.insert(zero).unwrap_err(), Error::WeakKey);
        let batch = [key(2).public_key(), zero, key(3).public_key()];
        assert_eq!(cache.insert_many(&batch), Err(Error::WeakKey));
        assert!(cache.is_empty());
    }

    #[test]
    fn huge_capacity_is_a_typed_error() {
        assert_eq!(
            StaticDhCache::new(key(1), usize::MAX).unwrap_err(),
            Error::LimitExceeded
        );
    }

    #[test]
    fn debug_does_not_print_secrets() {
        let mut cache = StaticDhCache::new(key(1), 2).unwrap();
        let s = *cache.insert(key(2).public_key()).unwrap().as_bytes();
        let dbg = format!("{cache:?}");
        assert!(!dbg.contains(&crate::encoding::to_hex(&s)));
        assert!(dbg.contains("len: 1"));
    }
}
