//! [`RedbState`]: the persistent [`StateStore`], one `redb` database in a state
//! directory.
//!
//! # On-disk layout
//!
//! `<dir>/state.redb`, one redb database with these tables:
//!
//! | table | key | value |
//! |---|---|---|
//! | `accounts` | address `[u8; 20]` | `nonce u64 BE ‖ balance u128 BE` (`[u8; 24]`); no row = both 0 |
//! | `code` | address `[u8; 20]` | the bytecode (non-empty) |
//! | `storage` | `address ‖ slot` (`[u8; 52]`, so a contract's slots are contiguous) | the value (non-empty) |
//! | `smt_nodes` | node hash `[u8; 32]` | [`StoredNode::encode`] |
//! | `meta` | `&str` | `u64`: `"format"` (= 1), `"height"` |
//! | `roots` | height `u64` | root `[u8; 32]`, for every height since creation or import |
//! | `undo` | height `u64` | the previous values of the fields commit `height` changed: per field `key ‖ 0` (was absent) or `key ‖ 1 ‖ len u32 BE ‖ value`, key as in [`StateKey::encode_into`] |
//!
//! Every commit, rollback and import is **one redb write transaction** (durability
//! `Immediate`: fsync before `commit` returns) that writes the data tables, the new tree
//! nodes, the height, the root and the undo record together, so a crash at any point
//! leaves the database at the previous height with data and root in agreement.
//!
//! # Retention
//!
//! Roots are kept for every height. Undo records are kept for the last
//! [`RedbStateOptions::undo_retention`] heights (default 1024): rollback can go back that
//! far. Tree nodes are never deleted (old roots stay provable; pruning is future work).
//!
//! # Concurrency
//!
//! redb locks the file exclusively (`ConcurrencyMode::ExclusiveWriter`): while one
//! `RedbState` (in any process) has the directory open, another `open` fails with
//! [`StateError::InUse`], or waits up to [`RedbStateOptions::wait`] for it to close.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ::redb::{
    Builder, Database, DatabaseError, ReadableDatabase, ReadableTable, ReadableTableMetadata,
    Table, TableDefinition, WriteTransaction,
};
use zcrypto::merkle::Node;
use zcrypto::merkle::sparse::{NodeReader, NodeStore, SparseMerkleTree, SparseProof, StoredNode};

use super::{
    ChangeSet, Committed, EMPTY_ROOT, Root, Slot, StateError, StateHash, StateKey, StateStore,
    Undo, decode_undo, encode_balance, encode_nonce, encode_undo, smt_key,
};
use crate::address::Address;

/// The database file inside a state directory.
pub const DB_FILE: &str = "state.redb";

const FORMAT: u64 = 1;

const ACCOUNTS: TableDefinition<[u8; 20], [u8; 24]> = TableDefinition::new("accounts");
const CODE: TableDefinition<[u8; 20], &[u8]> = TableDefinition::new("code");
const STORAGE: TableDefinition<[u8; 52], &[u8]> = TableDefinition::new("storage");
const NODES: TableDefinition<[u8; 32], &[u8]> = TableDefinition::new("smt_nodes");
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
const ROOTS: TableDefinition<u64, [u8; 32]> = TableDefinition::new("roots");
const UNDO: TableDefinition<u64, &[u8]> = TableDefinition::new("undo");

/// Options for [`RedbState::open_with`].
#[derive(Clone, Debug)]
pub struct RedbStateOptions {
    /// If the directory is in use, retry for up to this long before failing with
    /// [`StateError::InUse`]. `None` (the default): fail at once.
    pub wait: Option<Duration>,
    /// How many heights of undo records to keep (rollback depth). Default 1024.
    pub undo_retention: u64,
}

impl Default for RedbStateOptions {
    fn default() -> Self {
        Self {
            wait: None,
            undo_retention: 1024,
        }
    }
}

/// Contract state in a redb database; see the [module docs](self).
pub struct RedbState {
    db: Database,
    dir: PathBuf,
    height: u64,
    root: Root,
    undo_retention: u64,
}

impl std::fmt::Debug for RedbState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedbState")
            .field("dir", &self.dir)
            .field("height", &self.height)
            .field("root", &zcrypto::encoding::to_hex(&self.root))
            .finish()
    }
}

fn skey(a: &Address, slot: &Slot) -> [u8; 52] {
    let mut k = [0u8; 52];
    k[..20].copy_from_slice(a.as_bytes());
    k[20..].copy_from_slice(slot);
    k
}

fn split_account(row: &[u8; 24]) -> (u64, u128) {
    let mut n = [0u8; 8];
    let mut b = [0u8; 16];
    n.copy_from_slice(&row[..8]);
    b.copy_from_slice(&row[8..]);
    (u64::from_be_bytes(n), u128::from_be_bytes(b))
}

fn read_field(
    acc: &impl ReadableTable<[u8; 20], [u8; 24]>,
    code: &impl ReadableTable<[u8; 20], &'static [u8]>,
    st: &impl ReadableTable<[u8; 52], &'static [u8]>,
    key: &StateKey,
) -> Result<Option<Vec<u8>>, StateError> {
    Ok(match key {
        StateKey::Nonce(a) => acc
            .get(a.as_bytes())?
            .and_then(|g| encode_nonce(split_account(&g.value()).0)),
        StateKey::Balance(a) => acc
            .get(a.as_bytes())?
            .and_then(|g| encode_balance(split_account(&g.value()).1)),
        StateKey::Code(a) => code.get(a.as_bytes())?.map(|g| g.value().to_vec()),
        StateKey::Storage(a, s) => st.get(skey(a, s))?.map(|g| g.value().to_vec()),
    })
}

/// The data tables of one write transaction.
struct WriteTables<'t> {
    acc: Table<'t, [u8; 20], [u8; 24]>,
    code: Table<'t, [u8; 20], &'static [u8]>,
    st: Table<'t, [u8; 52], &'static [u8]>,
}

impl<'t> WriteTables<'t> {
    fn open(txn: &'t WriteTransaction) -> Result<Self, StateError> {
        Ok(Self {
            acc: txn.open_table(ACCOUNTS)?,
            code: txn.open_table(CODE)?,
            st: txn.open_table(STORAGE)?,
        })
    }

    fn read(&self, key: &StateKey) -> Result<Option<Vec<u8>>, StateError> {
        read_field(&self.acc, &self.code, &self.st, key)
    }

    /// Writes a canonical value (`None` deletes).
    fn write(&mut self, key: &StateKey, value: Option<&[u8]>) -> Result<(), StateError> {
        match key {
            StateKey::Nonce(a) | StateKey::Balance(a) => {
                let row = self.acc.get(a.as_bytes())?.map(|g| g.value());
                let (mut n, mut b) = row.as_ref().map(split_account).unwrap_or((0, 0));
                let bad = || StateError::Corrupt("bad nonce/balance bytes".into());
                if let StateKey::Nonce(_) = key {
                    n = value
                        .map(|v| v.try_into().map(u64::from_be_bytes).map_err(|_| bad()))
                        .transpose()?
                        .unwrap_or(0);
                } else {
                    b = value
                        .map(|v| v.try_into().map(u128::from_be_bytes).map_err(|_| bad()))
                        .transpose()?
                        .unwrap_or(0);
                }
                if n == 0 && b == 0 {
                    self.acc.remove(a.as_bytes())?;
                } else {
                    let mut row = [0u8; 24];
                    row[..8].copy_from_slice(&n.to_be_bytes());
                    row[8..].copy_from_slice(&b.to_be_bytes());
                    self.acc.insert(a.as_bytes(), row)?;
                }
            }
            StateKey::Code(a) => match value {
                Some(v) => {
                    self.code.insert(a.as_bytes(), v)?;
                }
                None => {
                    self.code.remove(a.as_bytes())?;
                }
            },
            StateKey::Storage(a, s) => match value {
                Some(v) => {
                    self.st.insert(skey(a, s), v)?;
                }
                None => {
                    self.st.remove(skey(a, s))?;
                }
            },
        }
        Ok(())
    }
}

/// Tree nodes in the `smt_nodes` table of a write transaction.
struct TxNodes<'a, 't>(&'a mut Table<'t, [u8; 32], &'static [u8]>);

impl NodeReader for TxNodes<'_, '_> {
    type Error = StateError;

    fn get(&self, hash: &Node) -> Result<Option<StoredNode>, StateError> {
        match self.0.get(hash)? {
            Some(g) => Ok(Some(StoredNode::decode(g.value())?)),
            None => Ok(None),
        }
    }
}

impl NodeStore for TxNodes<'_, '_> {
    fn put(&mut self, hash: Node, node: StoredNode) -> Result<(), StateError> {
        self.0.insert(hash, node.encode().as_slice())?;
        Ok(())
    }

    /// Inserts in key order (nodes are content-addressed, so their keys are random;
    /// sorted inserts touch each B-tree page once).
    fn put_batch(&mut self, mut nodes: Vec<(Node, StoredNode)>) -> Result<(), StateError> {
        nodes.sort_unstable_by_key(|n| n.0);
        for (hash, node) in nodes {
            self.0.insert(hash, node.encode().as_slice())?;
        }
        Ok(())
    }
}

/// Tree nodes in a read transaction.
struct ReadNodes(::redb::ReadOnlyTable<[u8; 32], &'static [u8]>);

impl NodeReader for ReadNodes {
    type Error = StateError;

    fn get(&self, hash: &Node) -> Result<Option<StoredNode>, StateError> {
        match self.0.get(hash)? {
            Some(g) => Ok(Some(StoredNode::decode(g.value())?)),
            None => Ok(None),
        }
    }
}

/// Applies `changes` to the data tables and the tree from `old_root` inside `txn`;
/// returns the previous values and the new root.
fn apply(
    txn: &WriteTransaction,
    old_root: Root,
    changes: &ChangeSet,
) -> Result<(Undo, Root), StateError> {
    let mut t = WriteTables::open(txn)?;
    let mut prev = Vec::with_capacity(changes.len());
    for (k, v) in changes.iter() {
        prev.push((*k, t.read(k)?));
        t.write(k, v)?;
    }
    let mut nodes = txn.open_table(NODES)?;
    let mut tree = SparseMerkleTree::<StateHash, _>::open(TxNodes(&mut nodes), old_root)?;
    let root = tree.update(changes.smt_batch())?;
    Ok((prev, root))
}

impl RedbState {
    /// Opens (creating if needed) the state in directory `dir`, failing at once with
    /// [`StateError::InUse`] if another handle has it open.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self, StateError> {
        Self::open_with(dir, RedbStateOptions::default())
    }

    /// [`RedbState::open`] with options.
    pub fn open_with(dir: impl AsRef<Path>, opts: RedbStateOptions) -> Result<Self, StateError> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(DB_FILE);
        let deadline = opts.wait.map(|w| Instant::now() + w);
        let db = loop {
            match Builder::new().set_cache_size(64 << 20).create(&path) {
                Ok(db) => break db,
                Err(DatabaseError::DatabaseAlreadyOpen) => match deadline {
                    Some(d) if Instant::now() < d => std::thread::sleep(Duration::from_millis(20)),
                    _ => return Err(StateError::InUse(dir)),
                },
                Err(e) => return Err(e.into()),
            }
        };
        // Create the tables and check the format in one transaction.
        let txn = db.begin_write()?;
        let (height, root) = {
            drop(WriteTables::open(&txn)?);
            txn.open_table(NODES)?;
            txn.open_table(UNDO)?;
            let mut meta = txn.open_table(META)?;
            let mut roots = txn.open_table(ROOTS)?;
            let format = meta.get("format")?.map(|g| g.value());
            match format {
                None => {
                    meta.insert("format", FORMAT)?;
                    meta.insert("height", 0)?;
                    roots.insert(0, EMPTY_ROOT)?;
                }
                Some(FORMAT) => {}
                Some(f) => {
                    return Err(StateError::Corrupt(format!("unknown state format {f}")));
                }
            }
            let height = meta
                .get("height")?
                .map(|g| g.value())
                .ok_or_else(|| StateError::Corrupt("no height".into()))?;
            let root = roots
                .get(height)?
                .map(|g| g.value())
                .ok_or_else(|| StateError::Corrupt("no root for height".into()))?;
            (height, root)
        };
        txn.commit()?;
        Ok(Self {
            db,
            dir,
            height,
            root,
            undo_retention: opts.undo_retention.max(1),
        })
    }

    /// The state directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The oldest height [`StateStore::rollback_to`] can reach now.
    pub fn oldest_rollback_height(&self) -> Result<u64, StateError> {
        let txn = self.db.begin_read()?;
        let undo = txn.open_table(UNDO)?;
        Ok(match undo.first()? {
            Some((k, _)) => k.value() - 1,
            None => self.height,
        })
    }

    /// Imports `entries` at `height` into this empty store in one transaction, which is
    /// committed only if the recomputed root is `expect`.
    pub(crate) fn import(
        &mut self,
        height: u64,
        entries: Vec<(StateKey, Vec<u8>)>,
        expect: Root,
    ) -> Result<Root, StateError> {
        if self.height != 0 || self.root != EMPTY_ROOT {
            return Err(StateError::NotEmpty);
        }
        let mut cs = ChangeSet::new();
        for (k, v) in entries {
            cs.set(k, Some(v))?;
        }
        let txn = self.db.begin_write()?;
        let root = {
            let (_, root) = apply(&txn, EMPTY_ROOT, &cs)?;
            if root != expect {
                return Err(StateError::BadSnapshot(
                    "recomputed state root differs from the snapshot's".into(),
                ));
            }
            let mut meta = txn.open_table(META)?;
            let mut roots = txn.open_table(ROOTS)?;
            roots.retain(|_, _| false)?;
            roots.insert(height, root)?;
            meta.insert("height", height)?;
            root
        };
        txn.commit()?;
        self.height = height;
        self.root = root;
        Ok(root)
    }
}

impl StateStore for RedbState {
    fn get(&self, key: &StateKey) -> Result<Option<Vec<u8>>, StateError> {
        let txn = self.db.begin_read()?;
        read_field(
            &txn.open_table(ACCOUNTS)?,
            &txn.open_table(CODE)?,
            &txn.open_table(STORAGE)?,
            key,
        )
    }

    fn commit(&mut self, changes: ChangeSet) -> Result<Committed, StateError> {
        let height = self.height + 1;
        let txn = self.db.begin_write()?;
        let root = {
            let (prev, root) = apply(&txn, self.root, &changes)?;
            let mut meta = txn.open_table(META)?;
            let mut roots = txn.open_table(ROOTS)?;
            let mut undo = txn.open_table(UNDO)?;
            meta.insert("height", height)?;
            roots.insert(height, root)?;
            undo.insert(height, encode_undo(&prev).as_slice())?;
            if height > self.undo_retention {
                let cut = height - self.undo_retention;
                undo.retain_in(..=cut, |_, _| false)?;
            }
            root
        };
        txn.commit()?;
        self.height = height;
        self.root = root;
        Ok(Committed { height, root })
    }

    fn height(&self) -> u64 {
        self.height
    }

    fn state_root(&self) -> Root {
        self.root
    }

    fn root_at(&self, height: u64) -> Result<Option<Root>, StateError> {
        if height > self.height {
            return Ok(None);
        }
        let txn = self.db.begin_read()?;
        Ok(txn.open_table(ROOTS)?.get(height)?.map(|g| g.value()))
    }

    fn prove_key(&self, key: &StateKey) -> Result<SparseProof, StateError> {
        let txn = self.db.begin_read()?;
        let nodes = ReadNodes(txn.open_table(NODES)?);
        let tree = SparseMerkleTree::<StateHash, _>::open(nodes, self.root)?;
        tree.prove(&smt_key(key))
    }

    fn rollback_to(&mut self, height: u64) -> Result<Committed, StateError> {
        let current = self.height;
        let oldest = self.oldest_rollback_height()?;
        if height >= current || height < oldest {
            return Err(StateError::BadHeight {
                requested: height,
                oldest,
                current,
            });
        }
        let txn = self.db.begin_write()?;
        let root = {
            let mut undo = txn.open_table(UNDO)?;
            let mut roots = txn.open_table(ROOTS)?;
            let mut cs = ChangeSet::new();
            for h in (height + 1..=current).rev() {
                let rec = undo
                    .get(h)?
                    .map(|g| g.value().to_vec())
                    .ok_or_else(|| StateError::Corrupt(format!("no undo record {h}")))?;
                for (k, v) in decode_undo(&rec)? {
                    cs.set(k, v)?;
                }
            }
            let want = roots
                .get(height)?
                .map(|g| g.value())
                .ok_or_else(|| StateError::Corrupt(format!("no root for height {height}")))?;
            let (_, root) = apply(&txn, self.root, &cs)?;
            if root != want {
                return Err(StateError::Corrupt(format!(
                    "rollback to {height} produced a different root"
                )));
            }
            undo.retain_in(height + 1.., |_, _| false)?;
            roots.retain_in(height + 1.., |_, _| false)?;
            txn.open_table(META)?.insert("height", height)?;
            root
        };
        txn.commit()?;
        self.height = height;
        self.root = root;
        Ok(Committed { height, root })
    }

    fn entries(&self) -> Result<Vec<(StateKey, Vec<u8>)>, StateError> {
        let txn = self.db.begin_read()?;
        let mut out = Vec::new();
        for row in txn.open_table(ACCOUNTS)?.iter()? {
            let (k, v) = row?;
            let a = Address(k.value());
            let (n, b) = split_account(&v.value());
            if let Some(n) = encode_nonce(n) {
                out.push((StateKey::Nonce(a), n));
            }
            if let Some(b) = encode_balance(b) {
                out.push((StateKey::Balance(a), b));
            }
        }
        for row in txn.open_table(CODE)?.iter()? {
            let (k, v) = row?;
            out.push((StateKey::Code(Address(k.value())), v.value().to_vec()));
        }
        let storage = txn.open_table(STORAGE)?;
        out.reserve(storage.len()? as usize);
        for row in storage.iter()? {
            let (k, v) = row?;
            let k = k.value();
            let mut a = [0u8; 20];
            let mut s = [0u8; 32];
            a.copy_from_slice(&k[..20]);
            s.copy_from_slice(&k[20..]);
            out.push((StateKey::Storage(Address(a), s), v.value().to_vec()));
        }
        out.sort_by_key(|e| e.0);
        Ok(out)
    }
}
