//! [`MemoryState`]: a [`StateStore`] in memory (tests, dry runs). Same roots as
//! [`RedbState`](super::RedbState) for the same changes.

use std::collections::HashMap;

use zcrypto::merkle::sparse::{MemoryStore, SparseMerkleTree, SparseProof};

use super::{
    ChangeSet, Committed, EMPTY_ROOT, Root, StateError, StateHash, StateKey, StateStore, Undo,
    smt_key,
};

/// Contract state in memory. Keeps every tree node ever written, every root, and undo
/// records for every height (nothing is pruned).
#[derive(Debug, Default)]
pub struct MemoryState {
    /// The committed fields. A hash map: reads (the hot path: several per transaction)
    /// are one hashed lookup instead of an ordered search; nothing depends on its
    /// order (the root is the tree's, [`StateStore::entries`] sorts).
    data: foldhash::HashMap<StateKey, Vec<u8>>,
    nodes: MemoryStore,
    /// The height of `roots[0]`: 0, or the height of an imported snapshot.
    base: u64,
    /// `roots[i]` is the root at height `base + i`.
    roots: Vec<Root>,
    /// `undo[&h]`: the previous values of the fields commit `h` changed.
    undo: HashMap<u64, Undo>,
}

impl MemoryState {
    /// An empty state at height 0.
    pub fn new() -> Self {
        Self {
            roots: vec![EMPTY_ROOT],
            ..Self::default()
        }
    }

    /// Applies `changes` to data and tree; returns the previous values and the new root.
    fn apply(&mut self, changes: &ChangeSet) -> Result<(Undo, Root), StateError> {
        let old_root = self.state_root_inner();
        let mut tree = SparseMerkleTree::<StateHash, _>::open(&mut self.nodes, old_root)?;
        let root = tree.update(changes.smt_batch())?;
        let mut prev = Vec::with_capacity(changes.len());
        for (k, v) in changes.iter() {
            let old = match v {
                Some(v) => self.data.insert(*k, v.to_vec()),
                None => self.data.remove(k),
            };
            prev.push((*k, old));
        }
        Ok((prev, root))
    }

    fn state_root_inner(&self) -> Root {
        *self.roots.last().unwrap_or(&EMPTY_ROOT)
    }

    /// Imports entries at `height` with root `root` into this empty store (used by
    /// snapshot import).
    pub(crate) fn import(
        &mut self,
        height: u64,
        entries: Vec<(StateKey, Vec<u8>)>,
    ) -> Result<Root, StateError> {
        if !self.data.is_empty() || self.roots.len() != 1 || self.base != 0 {
            return Err(StateError::NotEmpty);
        }
        let mut cs = ChangeSet::new();
        for (k, v) in entries {
            cs.set(k, Some(v))?;
        }
        let (_, root) = self.apply(&cs)?;
        // Heights below the snapshot are not available (no roots, no undo records).
        self.base = height;
        self.roots = vec![root];
        Ok(root)
    }
}

impl StateStore for MemoryState {
    fn get(&self, key: &StateKey) -> Result<Option<Vec<u8>>, StateError> {
        Ok(self.data.get(key).cloned())
    }

    fn get_with(&self, key: &StateKey, f: &mut dyn FnMut(Option<&[u8]>)) -> Result<(), StateError> {
        f(self.data.get(key).map(Vec::as_slice));
        Ok(())
    }

    fn commit(&mut self, changes: ChangeSet) -> Result<Committed, StateError> {
        let (prev, root) = self.apply(&changes)?;
        self.roots.push(root);
        let height = self.height();
        self.undo.insert(height, prev);
        Ok(Committed { height, root })
    }

    fn height(&self) -> u64 {
        self.base + self.roots.len() as u64 - 1
    }

    fn state_root(&self) -> Root {
        self.state_root_inner()
    }

    fn root_at(&self, height: u64) -> Result<Option<Root>, StateError> {
        if height < self.base {
            return Ok(None);
        }
        Ok(self.roots.get((height - self.base) as usize).copied())
    }

    fn prove_key(&self, key: &StateKey) -> Result<SparseProof, StateError> {
        let tree = SparseMerkleTree::<StateHash, _>::open(&self.nodes, self.state_root())?;
        Ok(tree.prove(&smt_key(key))?)
    }

    fn rollback_to(&mut self, height: u64) -> Result<Committed, StateError> {
        let current = self.height();
        let mut oldest = current;
        while oldest > self.base && self.undo.contains_key(&oldest) {
            oldest -= 1;
        }
        if height >= current || height < oldest {
            return Err(StateError::BadHeight {
                requested: height,
                oldest,
                current,
            });
        }
        let mut cs = ChangeSet::new();
        for h in (height + 1..=current).rev() {
            for (k, v) in self.undo.get(&h).into_iter().flatten() {
                cs.set(*k, v.clone())?;
            }
        }
        let (_, root) = self.apply(&cs)?;
        if root != self.roots[(height - self.base) as usize] {
            return Err(StateError::Corrupt(format!(
                "rollback to {height} produced a different root"
            )));
        }
        for h in height + 1..=current {
            self.undo.remove(&h);
        }
        self.roots.truncate((height - self.base) as usize + 1);
        Ok(Committed { height, root })
    }

    fn entries(&self) -> Result<Vec<(StateKey, Vec<u8>)>, StateError> {
        let mut out: Vec<(StateKey, Vec<u8>)> =
            self.data.iter().map(|(k, v)| (*k, v.clone())).collect();
        // In key order, as before (and as `RedbState` returns them).
        out.sort_unstable_by_key(|e| e.0);
        Ok(out)
    }
}
