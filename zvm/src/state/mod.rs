//! Contract state: accounts (nonce, balance, code) and storage, behind one [`StateStore`]
//! trait, with an authenticated state root.
//!
//! # Model
//!
//! The state is a flat map from [`StateKey`] to bytes. A key names one field of one
//! account: its nonce, its balance, its code, or one 32-byte storage slot. A field holds
//! its *canonical* value or is absent, and "absent" is the same as the default:
//!
//! | field | value bytes | absent means |
//! |---|---|---|
//! | nonce | `u64`, 8 bytes big-endian, non-zero | nonce 0 |
//! | balance | `u128`, 16 bytes big-endian, non-zero | balance 0 |
//! | code | the bytecode, non-empty | no code |
//! | storage slot | the value, non-empty (variable length) | empty value |
//!
//! Balances are `u128` (ample for any token supply with 18 decimals; the EVM engine
//! converts to and from its 256-bit words at the boundary and treats overflow of
//! `u128` as a failed transfer). Writing a default value (nonce 0, balance 0, empty
//! code, empty storage value) deletes the field, so equal states have equal roots.
//!
//! # Commits and heights
//!
//! Reads through a [`StateStore`] see the *committed* state only. Changes are
//! collected in a [`ChangeSet`] (usually by a [`Journal`], which layers
//! checkpoints for nested calls over a store) and made durable by
//! [`StateStore::commit`]:
//!
//! * a commit is **atomic**: either every change in the set, the new state root and the
//!   new height are durable, or (error, crash, power loss) none of them is and the store
//!   is exactly as it was at the previous height;
//! * the **height** counts commits: a new store is at height 0 with the empty state and
//!   root [`EMPTY_ROOT`]; each commit (even an empty one) moves it to `height + 1`;
//! * [`StateStore::state_root`] is the root of a sparse Merkle tree over every field
//!   (see [`smt_key`]), updated in the same commit;
//! * [`StateStore::rollback_to`] returns to an earlier height, as one more atomic step,
//!   using per-height undo records (retention: see the store types).
//!
//! # State root
//!
//! The tree is [`zcrypto::merkle::sparse`] with **SHA-256** ([`StateHash`]). Each field
//! is a leaf under the key [`smt_key`] = `SHA-256("zvm.state.v1" ‖ kind ‖ address ‖ slot)`
//! (`slot` only for storage), with leaf value [`smt_value`]: the field's value bytes,
//! except for code, whose leaf value is `SHA-256(code)` so that the tree does not hold a
//! second copy of every contract. An absent field is an absent leaf, so proofs of
//! absence work for every field.
//!
//! Stores: [`MemoryState`] (tests, dry runs) and [`RedbState`] (the default, on disk).
//! Snapshots: [`snapshot`].
//!
//! ```
//! use zvm::address::Address;
//! use zvm::state::{Journal, MemoryState, StateKey, StateStore, verify_proof};
//!
//! let mut state = MemoryState::new(); // or RedbState::open(dir)?
//! let (a, slot) = (Address([1; 20]), [7u8; 32]);
//!
//! let mut j = Journal::new(&state);
//! j.set_balance(&a, 100)?;
//! let call = j.checkpoint(); // a nested call that fails
//! j.set_storage(&a, &slot, b"lost".to_vec())?;
//! j.revert(call)?;
//! j.set_storage(&a, &slot, b"kept".to_vec())?;
//! let changes = j.finish()?;
//!
//! let c = state.commit(changes)?;
//! assert_eq!(c.height, 1);
//! assert_eq!(state.storage(&a, &slot)?, b"kept");
//! let proof = state.prove(&a, &slot)?;
//! verify_proof(&c.root, &StateKey::Storage(a, slot), Some(b"kept"), &proof)?;
//! # Ok::<(), zvm::state::StateError>(())
//! ```

pub mod journal;
pub mod memory;
pub mod redb;
pub mod snapshot;

use std::collections::BTreeMap;
use std::fmt;

use zcrypto::merkle::sparse::{EMPTY, Key, SparseProof};
use zcrypto::merkle::{MerkleHash, Node};

use crate::address::Address;

pub use journal::{Checkpoint, Journal, Pending};
pub use memory::MemoryState;
pub use redb::{RedbState, RedbStateOptions};

/// The hash of the state tree.
pub type StateHash = zcrypto::merkle::Sha256;

/// A state root (32 bytes).
pub type Root = Node;

/// The root of the empty state: 32 zero bytes.
pub const EMPTY_ROOT: Root = EMPTY;

/// A 32-byte storage slot key.
pub type Slot = [u8; 32];

/// One field of one account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StateKey {
    /// The account's nonce (`u64`).
    Nonce(Address),
    /// The account's balance (`u128`).
    Balance(Address),
    /// The account's code.
    Code(Address),
    /// One storage slot of the account.
    Storage(Address, Slot),
}

/// Hashed as whole words (three, or seven for a storage slot) rather than field by
/// field: the derived impl costs a length prefix and a long-input hash per address and
/// slot, and the journal and [`MemoryState`] hash a key for every state read and write.
/// Equal keys give equal words, so this agrees with `Eq`.
impl std::hash::Hash for StateKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let a = &self.address().0;
        let word = |b: &[u8]| {
            let mut w = [0u8; 8];
            w[..b.len()].copy_from_slice(b);
            u64::from_le_bytes(w)
        };
        h.write_u64(word(&a[..8]));
        h.write_u64(word(&a[8..16]));
        h.write_u64(word(&a[16..]) | u64::from(self.kind()) << 32);
        if let StateKey::Storage(_, slot) = self {
            for c in slot.chunks_exact(8) {
                h.write_u64(word(c));
            }
        }
    }
}

impl StateKey {
    /// The kind byte: 0 nonce, 1 balance, 2 code, 3 storage.
    pub fn kind(&self) -> u8 {
        match self {
            StateKey::Nonce(_) => 0,
            StateKey::Balance(_) => 1,
            StateKey::Code(_) => 2,
            StateKey::Storage(..) => 3,
        }
    }

    /// The account the field belongs to.
    pub fn address(&self) -> Address {
        match self {
            StateKey::Nonce(a) | StateKey::Balance(a) | StateKey::Code(a) => *a,
            StateKey::Storage(a, _) => *a,
        }
    }

    /// Encoding used in undo records and snapshots: `kind ‖ address` (21 bytes), then
    /// `slot` (32 bytes) for storage.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        out.push(self.kind());
        out.extend_from_slice(self.address().as_bytes());
        if let StateKey::Storage(_, slot) = self {
            out.extend_from_slice(slot);
        }
    }

    /// Decodes [`StateKey::encode_into`] from the front of `bytes`; returns the key and
    /// the number of bytes read.
    pub fn decode_prefix(bytes: &[u8]) -> Result<(StateKey, usize), StateError> {
        let bad = || StateError::Corrupt("bad state key encoding".into());
        let (&kind, rest) = bytes.split_first().ok_or_else(bad)?;
        let addr: [u8; 20] = rest
            .get(..20)
            .ok_or_else(bad)?
            .try_into()
            .map_err(|_| bad())?;
        let a = Address(addr);
        Ok(match kind {
            0 => (StateKey::Nonce(a), 21),
            1 => (StateKey::Balance(a), 21),
            2 => (StateKey::Code(a), 21),
            3 => {
                let slot: Slot = rest
                    .get(20..52)
                    .ok_or_else(bad)?
                    .try_into()
                    .map_err(|_| bad())?;
                (StateKey::Storage(a, slot), 53)
            }
            _ => return Err(bad()),
        })
    }
}

/// The sparse-Merkle-tree key of a field: `SHA-256("zvm.state.v1" ‖ kind ‖ address ‖ slot)`.
pub fn smt_key(key: &StateKey) -> Key {
    let kind = [key.kind()];
    match key {
        StateKey::Storage(a, slot) => {
            StateHash::hash(&[b"zvm.state.v1", &kind, a.as_bytes(), slot])
        }
        _ => StateHash::hash(&[b"zvm.state.v1", &kind, key.address().as_bytes()]),
    }
}

/// The leaf value the tree holds for a field with value bytes `value`: `value` itself, or
/// `SHA-256(value)` for code.
pub fn smt_value(key: &StateKey, value: &[u8]) -> Vec<u8> {
    match key {
        StateKey::Code(_) => StateHash::hash(&[value]).to_vec(),
        _ => value.to_vec(),
    }
}

/// Checks a proof from [`StateStore::prove`]: in the state with root `root`, the field
/// `key` holds `value` (its value bytes, as [`StateStore::get`] returns them) or is
/// absent (`None`).
pub fn verify_proof(
    root: &Root,
    key: &StateKey,
    value: Option<&[u8]>,
    proof: &SparseProof,
) -> Result<(), StateError> {
    let leaf = value.map(|v| smt_value(key, v));
    proof
        .verify::<StateHash>(root, &smt_key(key), leaf.as_deref())
        .map_err(StateError::Crypto)
}

/// The canonical value bytes of a nonce (`None` for 0).
pub fn encode_nonce(nonce: u64) -> Option<Vec<u8>> {
    (nonce != 0).then(|| nonce.to_be_bytes().to_vec())
}

/// The canonical value bytes of a balance (`None` for 0).
pub fn encode_balance(balance: u128) -> Option<Vec<u8>> {
    (balance != 0).then(|| balance.to_be_bytes().to_vec())
}

fn decode_nonce(v: Option<Vec<u8>>) -> Result<u64, StateError> {
    decode_nonce_bytes(v.as_deref())
}

fn decode_nonce_bytes(v: Option<&[u8]>) -> Result<u64, StateError> {
    match v {
        None => Ok(0),
        Some(b) => {
            Ok(u64::from_be_bytes(b.try_into().map_err(|_| {
                StateError::Corrupt("nonce is not 8 bytes".into())
            })?))
        }
    }
}

fn decode_balance(v: Option<Vec<u8>>) -> Result<u128, StateError> {
    decode_balance_bytes(v.as_deref())
}

fn decode_balance_bytes(v: Option<&[u8]>) -> Result<u128, StateError> {
    match v {
        None => Ok(0),
        Some(b) => {
            Ok(u128::from_be_bytes(b.try_into().map_err(|_| {
                StateError::Corrupt("balance is not 16 bytes".into())
            })?))
        }
    }
}

/// Puts a value into canonical form: a default value (empty, or all-zero nonce/balance)
/// becomes `None`. Rejects nonce/balance bytes of the wrong length.
pub fn canonical(key: &StateKey, value: Option<Vec<u8>>) -> Result<Option<Vec<u8>>, StateError> {
    let Some(v) = value else { return Ok(None) };
    match key {
        StateKey::Nonce(_) => {
            encode_nonce(decode_nonce(Some(v))?).map_or(Ok(None), |b| Ok(Some(b)))
        }
        StateKey::Balance(_) => {
            encode_balance(decode_balance(Some(v))?).map_or(Ok(None), |b| Ok(Some(b)))
        }
        _ => Ok((!v.is_empty()).then_some(v)),
    }
}

/// A batch of changes to apply in one [`StateStore::commit`]: the new value of each
/// changed field (`None` = delete / reset to default). Built by [`Journal::finish`] or
/// by hand.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeSet {
    changes: BTreeMap<StateKey, Option<Vec<u8>>>,
}

impl ChangeSet {
    /// An empty change set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets field `key` to `value` (canonicalised; a later set of the same key wins).
    pub fn set(&mut self, key: StateKey, value: Option<Vec<u8>>) -> Result<(), StateError> {
        let v = canonical(&key, value)?;
        self.changes.insert(key, v);
        Ok(())
    }

    /// Sets a nonce.
    pub fn set_nonce(&mut self, a: Address, nonce: u64) {
        self.changes.insert(StateKey::Nonce(a), encode_nonce(nonce));
    }

    /// Sets a balance.
    pub fn set_balance(&mut self, a: Address, balance: u128) {
        self.changes
            .insert(StateKey::Balance(a), encode_balance(balance));
    }

    /// Sets (non-empty) or removes (empty) an account's code.
    pub fn set_code(&mut self, a: Address, code: Vec<u8>) {
        self.changes
            .insert(StateKey::Code(a), (!code.is_empty()).then_some(code));
    }

    /// Sets (non-empty) or clears (empty) a storage slot.
    pub fn set_storage(&mut self, a: Address, slot: Slot, value: Vec<u8>) {
        self.changes.insert(
            StateKey::Storage(a, slot),
            (!value.is_empty()).then_some(value),
        );
    }

    /// The changes, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&StateKey, Option<&[u8]>)> {
        self.changes.iter().map(|(k, v)| (k, v.as_deref()))
    }

    /// The number of changed fields.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// Whether nothing changes.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The tree batch for these changes.
    pub(crate) fn smt_batch(&self) -> Vec<(Key, Option<Vec<u8>>)> {
        self.changes
            .iter()
            .map(|(k, v)| (smt_key(k), v.as_deref().map(|v| smt_value(k, v))))
            .collect()
    }
}

/// The result of a commit or rollback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Committed {
    /// The new committed height.
    pub height: u64,
    /// The new state root.
    pub root: Root,
}

/// A store of committed contract state. See the [module docs](self) for the contract.
pub trait StateStore {
    /// The committed value bytes of `key` (`None` if absent / default).
    fn get(&self, key: &StateKey) -> Result<Option<Vec<u8>>, StateError>;

    /// Calls `f` once with the committed value bytes of `key` (`None` if absent), lent
    /// rather than copied where the store can ([`MemoryState`] does; the default goes
    /// through [`StateStore::get`]). Used by the [`Journal`]'s reads that only decode
    /// the value (nonces, balances, storage words).
    fn get_with(&self, key: &StateKey, f: &mut dyn FnMut(Option<&[u8]>)) -> Result<(), StateError> {
        let v = self.get(key)?;
        f(v.as_deref());
        Ok(())
    }

    /// Applies `changes` atomically, advances the height by one, records the new root, and
    /// returns both. On error nothing changes.
    fn commit(&mut self, changes: ChangeSet) -> Result<Committed, StateError>;

    /// The committed height (0 for a new store).
    fn height(&self) -> u64;

    /// The state root at the committed height.
    fn state_root(&self) -> Root;

    /// The root recorded at an earlier (retained) height, or `None`.
    fn root_at(&self, height: u64) -> Result<Option<Root>, StateError>;

    /// A proof of `key`'s committed value (or absence) against [`StateStore::state_root`];
    /// check it with [`verify_proof`].
    fn prove_key(&self, key: &StateKey) -> Result<SparseProof, StateError>;

    /// Returns to the state at `height` (< the current height, and no older than the
    /// retained undo records allow), atomically. Later heights are forgotten: the next
    /// commit is `height + 1` again.
    fn rollback_to(&mut self, height: u64) -> Result<Committed, StateError>;

    /// Every committed field, in key order (for snapshots and checks).
    fn entries(&self) -> Result<Vec<(StateKey, Vec<u8>)>, StateError>;

    /// An account's nonce.
    fn nonce(&self, a: &Address) -> Result<u64, StateError> {
        decode_nonce(self.get(&StateKey::Nonce(*a))?)
    }

    /// An account's balance.
    fn balance(&self, a: &Address) -> Result<u128, StateError> {
        decode_balance(self.get(&StateKey::Balance(*a))?)
    }

    /// An account's code (empty if none).
    fn code(&self, a: &Address) -> Result<Vec<u8>, StateError> {
        Ok(self.get(&StateKey::Code(*a))?.unwrap_or_default())
    }

    /// A storage slot (empty if unset).
    fn storage(&self, a: &Address, slot: &Slot) -> Result<Vec<u8>, StateError> {
        Ok(self.get(&StateKey::Storage(*a, *slot))?.unwrap_or_default())
    }

    /// A proof for storage slot `slot` of `a` (see [`StateStore::prove_key`]).
    fn prove(&self, a: &Address, slot: &Slot) -> Result<SparseProof, StateError> {
        self.prove_key(&StateKey::Storage(*a, *slot))
    }
}

/// What can go wrong with state.
#[derive(Debug)]
pub enum StateError {
    /// Another process (or handle) has the state directory open.
    InUse(std::path::PathBuf),
    /// The database reported an error.
    Db(Box<::redb::Error>),
    /// A file-system error.
    Io(std::io::Error),
    /// A zcrypto error (tree or proof).
    Crypto(zcrypto::Error),
    /// Stored data is inconsistent or malformed.
    Corrupt(String),
    /// A snapshot file failed its checksum or is malformed.
    BadSnapshot(String),
    /// A snapshot can only be imported into an empty store.
    NotEmpty,
    /// A rollback target that is not below the current height or is older than the
    /// retained undo records.
    BadHeight {
        /// The requested height.
        requested: u64,
        /// The oldest height that can be rolled back to.
        oldest: u64,
        /// The current height.
        current: u64,
    },
    /// A [`Checkpoint`] that no longer exists (already reverted past).
    InvalidCheckpoint,
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::InUse(p) => write!(
                f,
                "state directory {} is in use by another zvm process",
                p.display()
            ),
            StateError::Db(e) => write!(f, "state database: {e}"),
            StateError::Io(e) => write!(f, "state i/o: {e}"),
            StateError::Crypto(e) => write!(f, "state tree: {e}"),
            StateError::Corrupt(m) => write!(f, "state is corrupt: {m}"),
            StateError::BadSnapshot(m) => write!(f, "bad snapshot: {m}"),
            StateError::NotEmpty => write!(f, "snapshot import needs an empty state"),
            StateError::BadHeight {
                requested,
                oldest,
                current,
            } => write!(
                f,
                "cannot roll back to height {requested} (current {current}, oldest retained {oldest})"
            ),
            StateError::InvalidCheckpoint => write!(f, "checkpoint no longer exists"),
        }
    }
}

impl std::error::Error for StateError {}

impl From<zcrypto::Error> for StateError {
    fn from(e: zcrypto::Error) -> Self {
        StateError::Crypto(e)
    }
}

impl From<std::io::Error> for StateError {
    fn from(e: std::io::Error) -> Self {
        StateError::Io(e)
    }
}

macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for StateError {
            fn from(e: $t) -> Self {
                StateError::Db(Box::new(e.into()))
            }
        }
    )*};
}
from_redb!(
    ::redb::Error,
    ::redb::StorageError,
    ::redb::TableError,
    ::redb::TransactionError,
    ::redb::CommitError
);

impl From<::redb::DatabaseError> for StateError {
    fn from(e: ::redb::DatabaseError) -> Self {
        StateError::Db(Box::new(e.into()))
    }
}

/// The previous values of the fields one commit changed (`None` = was absent).
pub(crate) type Undo = Vec<(StateKey, Option<Vec<u8>>)>;

/// Undo record encoding: for each changed field, `key ‖ flag ‖ [len u32 BE ‖ value]`
/// where flag 0 = was absent, 1 = had `value`.
pub(crate) fn encode_undo(prev: &[(StateKey, Option<Vec<u8>>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, v) in prev {
        k.encode_into(&mut out);
        match v {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                out.extend_from_slice(&(v.len() as u32).to_be_bytes());
                out.extend_from_slice(v);
            }
        }
    }
    out
}

/// Decodes [`encode_undo`].
pub(crate) fn decode_undo(mut bytes: &[u8]) -> Result<Undo, StateError> {
    let bad = || StateError::Corrupt("bad undo record".into());
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let (k, n) = StateKey::decode_prefix(bytes)?;
        bytes = &bytes[n..];
        let (&flag, rest) = bytes.split_first().ok_or_else(bad)?;
        bytes = rest;
        match flag {
            0 => out.push((k, None)),
            1 => {
                let len: [u8; 4] = bytes
                    .get(..4)
                    .ok_or_else(bad)?
                    .try_into()
                    .map_err(|_| bad())?;
                let len = u32::from_be_bytes(len) as usize;
                let v = bytes.get(4..4 + len).ok_or_else(bad)?.to_vec();
                bytes = &bytes[4 + len..];
                out.push((k, Some(v)));
            }
            _ => return Err(bad()),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
