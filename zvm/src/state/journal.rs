//! [`Journal`]: uncommitted changes over a [`StateStore`], with checkpoints for nested
//! calls.
//!
//! Reads see the journal's own writes, then the store's committed state. A call takes a
//! [`Checkpoint`] before running; if it fails, [`Journal::revert`] undoes every write made
//! since (including those of nested calls that already succeeded); if it succeeds,
//! [`Journal::commit_checkpoint`] keeps them, and an enclosing revert can still undo
//! them. [`Journal::finish`] turns the surviving writes into one [`ChangeSet`] for
//! [`StateStore::commit`], dropping writes that leave a field at its committed value.

use foldhash::HashMap;

use super::{
    ChangeSet, Slot, StateError, StateKey, StateStore, canonical, decode_balance_bytes,
    decode_nonce_bytes,
};
use crate::address::Address;

/// The longest value a [`Value`] holds inline: a storage word.
const INLINE: usize = 32;

/// A field's (canonical, non-empty) value bytes in the journal: up to [`INLINE`] bytes
/// in place — nonces, balances and storage words, so that writing one allocates
/// nothing — longer values (code, long WASM storage values) on the heap. Compares by
/// its bytes, wherever they are held.
#[derive(Clone)]
enum Value {
    /// `bytes[..len]`.
    Inline { len: u8, bytes: [u8; INLINE] },
    /// A value of any length, as written.
    Heap(Vec<u8>),
}

impl Value {
    /// `bytes` held inline if they fit, otherwise copied to the heap.
    fn copy_of(bytes: &[u8]) -> Value {
        if bytes.len() <= INLINE {
            let mut b = [0u8; INLINE];
            b[..bytes.len()].copy_from_slice(bytes);
            Value::Inline {
                len: bytes.len() as u8,
                bytes: b,
            }
        } else {
            Value::Heap(bytes.to_vec())
        }
    }

    /// The bytes as a vector (moved, not copied, when on the heap).
    fn into_vec(self) -> Vec<u8> {
        match self {
            Value::Heap(v) => v,
            inline => inline.to_vec(),
        }
    }
}

impl std::ops::Deref for Value {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Value::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Value::Heap(v) => v,
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        **self == **other
    }
}

impl Eq for Value {}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

/// A point in a [`Journal`] to revert to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct Checkpoint {
    /// The log length when taken.
    len: usize,
    /// How many checkpoints were open when taken (nesting depth).
    depth: usize,
}

/// An overlay of uncommitted writes over a store (see the [module docs](self)).
#[derive(Debug)]
pub struct Journal<'s, S: StateStore + ?Sized> {
    store: &'s S,
    /// The current uncommitted value of every written field (`None`: deleted).
    overlay: HashMap<StateKey, Option<Value>>,
    /// For every write, in order: the field and its overlay entry before the write
    /// (`None` = the field was not in the overlay).
    log: Vec<(StateKey, Option<Option<Value>>)>,
    /// Open checkpoints' log lengths, innermost last.
    open: Vec<usize>,
}

/// A journal's writes and checkpoints without the store borrow
/// ([`Journal::suspend`]), so they can outlive one borrow of the store and be
/// [resumed](Journal::resume) later over the same, unchanged store (the runtime's
/// blocks keep one journal across many transactions this way).
#[derive(Debug, Default)]
pub struct Pending {
    overlay: HashMap<StateKey, Option<Value>>,
    log: Vec<(StateKey, Option<Option<Value>>)>,
    open: Vec<usize>,
}

impl Pending {
    /// Whether no field has been written.
    pub fn is_empty(&self) -> bool {
        self.overlay.is_empty()
    }
}

impl<'s, S: StateStore + ?Sized> Journal<'s, S> {
    /// An empty journal over `store`.
    pub fn new(store: &'s S) -> Self {
        Self::resume(store, Pending::default())
    }

    /// A journal over `store` that continues `pending` (from [`Journal::suspend`]). The
    /// store must be unchanged since the journal was suspended.
    pub fn resume(store: &'s S, pending: Pending) -> Self {
        let Pending { overlay, log, open } = pending;
        Self {
            store,
            overlay,
            log,
            open,
        }
    }

    /// The writes and open checkpoints, without the store borrow.
    pub fn suspend(self) -> Pending {
        Pending {
            overlay: self.overlay,
            log: self.log,
            open: self.open,
        }
    }

    /// Whether `key` has been written in this journal (its value then comes from the
    /// journal, not the store).
    pub fn is_written(&self, key: &StateKey) -> bool {
        self.overlay.contains_key(key)
    }

    /// Calls `f` with the current value of `key` (journal first, then the store),
    /// without copying a value the journal holds.
    pub fn get_with<R>(
        &self,
        key: &StateKey,
        f: impl FnOnce(Option<&[u8]>) -> R,
    ) -> Result<R, StateError> {
        if let Some(v) = self.overlay.get(key) {
            return Ok(f(v.as_deref()));
        }
        // The store lends its value (no copy for stores that hold it in memory).
        let mut f = Some(f);
        let mut out = None;
        self.store.get_with(key, &mut |v| {
            if let Some(f) = f.take() {
                out = Some(f(v));
            }
        })?;
        if let Some(r) = out {
            return Ok(r);
        }
        match f {
            // A store whose `get_with` did not call back: read it the copying way.
            Some(f) => Ok(f(self.store.get(key)?.as_deref())),
            None => Err(StateError::Corrupt("store read produced no value".into())),
        }
    }

    /// The current value bytes of `key` (journal first, then the store).
    pub fn get(&self, key: &StateKey) -> Result<Option<Vec<u8>>, StateError> {
        match self.overlay.get(key) {
            Some(v) => Ok(v.as_deref().map(<[u8]>::to_vec)),
            None => self.store.get(key),
        }
    }

    /// Writes `value` (canonicalised) to `key`.
    pub fn set(&mut self, key: StateKey, value: Option<Vec<u8>>) -> Result<(), StateError> {
        let value = canonical(&key, value)?;
        self.put(key, value.map(Value::Heap));
        Ok(())
    }

    /// Writes `value`, which must be canonical for `key` (`None` for a default value).
    fn put(&mut self, key: StateKey, value: Option<Value>) {
        let prev = self.overlay.insert(key, value);
        self.log.push((key, prev));
    }

    /// An account's nonce.
    pub fn nonce(&self, a: &Address) -> Result<u64, StateError> {
        self.get_with(&StateKey::Nonce(*a), decode_nonce_bytes)?
    }

    /// An account's balance.
    pub fn balance(&self, a: &Address) -> Result<u128, StateError> {
        self.get_with(&StateKey::Balance(*a), decode_balance_bytes)?
    }

    /// An account's code (empty if none).
    pub fn code(&self, a: &Address) -> Result<Vec<u8>, StateError> {
        Ok(self.get(&StateKey::Code(*a))?.unwrap_or_default())
    }

    /// A storage slot (empty if unset).
    pub fn storage(&self, a: &Address, slot: &Slot) -> Result<Vec<u8>, StateError> {
        Ok(self.get(&StateKey::Storage(*a, *slot))?.unwrap_or_default())
    }

    /// Sets a nonce.
    pub fn set_nonce(&mut self, a: &Address, nonce: u64) -> Result<(), StateError> {
        // Canonical: 8 bytes big-endian, absent for 0 (as `encode_nonce`), held inline.
        let v = (nonce != 0).then(|| Value::copy_of(&nonce.to_be_bytes()));
        self.put(StateKey::Nonce(*a), v);
        Ok(())
    }

    /// Sets a balance.
    pub fn set_balance(&mut self, a: &Address, balance: u128) -> Result<(), StateError> {
        // Canonical: 16 bytes big-endian, absent for 0 (as `encode_balance`), held inline.
        let v = (balance != 0).then(|| Value::copy_of(&balance.to_be_bytes()));
        self.put(StateKey::Balance(*a), v);
        Ok(())
    }

    /// Sets (or, with empty `code`, removes) an account's code.
    pub fn set_code(&mut self, a: &Address, code: Vec<u8>) -> Result<(), StateError> {
        self.set(StateKey::Code(*a), Some(code))
    }

    /// Sets (or, with an empty value, clears) a storage slot.
    pub fn set_storage(
        &mut self,
        a: &Address,
        slot: &Slot,
        value: Vec<u8>,
    ) -> Result<(), StateError> {
        self.set(StateKey::Storage(*a, *slot), Some(value))
    }

    /// Sets a storage slot to the 32-byte `word` (all zeros clears it), as
    /// [`Journal::set_storage`] with `word.to_vec()` (or an empty value for zero) would,
    /// without allocating.
    pub fn set_storage_word(&mut self, a: &Address, slot: &Slot, word: &[u8; 32]) {
        let v = (*word != [0; 32]).then(|| Value::copy_of(word));
        self.put(StateKey::Storage(*a, *slot), v);
    }

    /// Opens a checkpoint (the start of a nested call).
    pub fn checkpoint(&mut self) -> Checkpoint {
        self.open.push(self.log.len());
        Checkpoint {
            len: self.log.len(),
            depth: self.open.len(),
        }
    }

    /// Closes checkpoint `cp` and every checkpoint opened after it, keeping their writes.
    /// Fails with [`StateError::InvalidCheckpoint`] if `cp` is no longer open.
    pub fn commit_checkpoint(&mut self, cp: Checkpoint) -> Result<(), StateError> {
        self.close(cp)?;
        if self.open.is_empty() {
            // No checkpoint is left to revert to: the undo log is dead weight (a block
            // of transactions would otherwise grow it by every write of every one).
            self.log.clear();
        }
        Ok(())
    }

    /// Undoes every write made since `cp` was taken and closes `cp` (and every checkpoint
    /// opened after it). Fails with [`StateError::InvalidCheckpoint`] if `cp` is no longer
    /// open.
    pub fn revert(&mut self, cp: Checkpoint) -> Result<(), StateError> {
        self.close(cp)?;
        while self.log.len() > cp.len {
            let Some((key, prev)) = self.log.pop() else {
                break;
            };
            match prev {
                Some(v) => {
                    self.overlay.insert(key, v);
                }
                None => {
                    self.overlay.remove(&key);
                }
            }
        }
        Ok(())
    }

    fn close(&mut self, cp: Checkpoint) -> Result<(), StateError> {
        if cp.depth == 0
            || self.open.len() < cp.depth
            || self.open[cp.depth - 1] != cp.len
            || self.log.len() < cp.len
        {
            return Err(StateError::InvalidCheckpoint);
        }
        self.open.truncate(cp.depth - 1);
        Ok(())
    }

    /// The number of open checkpoints.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    /// The surviving writes as one change set (open checkpoints count as committed),
    /// without the writes that leave a field at its committed value.
    pub fn finish(self) -> Result<ChangeSet, StateError> {
        let mut cs = ChangeSet::new();
        for (key, value) in self.overlay {
            if self.store.get(&key)?.as_deref() != value.as_deref() {
                cs.set(key, value.map(Value::into_vec))?;
            }
        }
        Ok(cs)
    }
}
