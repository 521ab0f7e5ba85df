//! State snapshots: the whole committed state in one checksummed file.
//!
//! # Format (version 1)
//!
//! | bytes | field |
//! |---|---|
//! | 8 | magic `ZVMSNAP1` |
//! | 8 | height (`u64` BE) |
//! | 32 | state root at that height |
//! | 8 | entry count `n` (`u64` BE) |
//! | … | `n` entries in [`StateKey`] order: key ([`StateKey::encode_into`]: kind ‖ address ‖ slot for storage), value length (`u32` BE), value bytes |
//! | 32 | SHA-256 of every preceding byte |
//!
//! Import checks the checksum, then rebuilds the data and the tree in one commit and
//! checks that the recomputed root equals the root in the header. The imported store is
//! at the snapshot's height and cannot roll back below it (no undo records travel).
//! The file is written to `<path>.tmp`, synced, then renamed over `path`.

use std::io::Write;
use std::path::{Path, PathBuf};

use zcrypto::merkle::MerkleHash;

use super::{MemoryState, RedbState, Root, StateError, StateHash, StateKey, StateStore};

const MAGIC: &[u8; 8] = b"ZVMSNAP1";

/// A decoded snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The committed height it was taken at.
    pub height: u64,
    /// The state root at that height.
    pub root: Root,
    /// Every field, in key order.
    pub entries: Vec<(StateKey, Vec<u8>)>,
}

impl Snapshot {
    /// Takes a snapshot of `store`'s committed state.
    pub fn take(store: &(impl StateStore + ?Sized)) -> Result<Self, StateError> {
        Ok(Self {
            height: store.height(),
            root: store.state_root(),
            entries: store.entries()?,
        })
    }

    /// The file bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.height.to_be_bytes());
        out.extend_from_slice(&self.root);
        out.extend_from_slice(&(self.entries.len() as u64).to_be_bytes());
        for (k, v) in &self.entries {
            k.encode_into(&mut out);
            out.extend_from_slice(&(v.len() as u32).to_be_bytes());
            out.extend_from_slice(v);
        }
        let sum = StateHash::hash(&[&out]);
        out.extend_from_slice(&sum);
        out
    }

    /// Parses and checks file bytes.
    pub fn decode(bytes: &[u8]) -> Result<Self, StateError> {
        let bad = |m: &str| StateError::BadSnapshot(m.into());
        if bytes.len() < 8 + 8 + 32 + 8 + 32 {
            return Err(bad("too short"));
        }
        let (body, sum) = bytes.split_at(bytes.len() - 32);
        if StateHash::hash(&[body]) != sum {
            return Err(bad("checksum mismatch"));
        }
        if &body[..8] != MAGIC {
            return Err(bad("not a ZVM snapshot (magic)"));
        }
        let u64_at = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&body[i..i + 8]);
            u64::from_be_bytes(b)
        };
        let height = u64_at(8);
        let mut root = [0u8; 32];
        root.copy_from_slice(&body[16..48]);
        let n = u64_at(48);
        let mut rest = &body[56..];
        let mut entries = Vec::new();
        for _ in 0..n {
            let (k, used) = StateKey::decode_prefix(rest).map_err(|_| bad("bad key"))?;
            rest = &rest[used..];
            let len = rest.get(..4).ok_or_else(|| bad("truncated entry"))?;
            let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
            let v = rest.get(4..4 + len).ok_or_else(|| bad("truncated entry"))?;
            entries.push((k, v.to_vec()));
            rest = &rest[4 + len..];
        }
        if !rest.is_empty() {
            return Err(bad("trailing bytes"));
        }
        if !entries.windows(2).all(|w| w[0].0 < w[1].0) {
            return Err(bad("entries not in strict key order"));
        }
        Ok(Self {
            height,
            root,
            entries,
        })
    }

    /// Writes the snapshot to `path` (via `<path>.tmp`, synced, renamed).
    pub fn write(&self, path: impl AsRef<Path>) -> Result<(), StateError> {
        let path = path.as_ref();
        let mut tmp = PathBuf::from(path);
        tmp.as_mut_os_string().push(".tmp");
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&self.encode())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        Ok(())
    }

    /// Reads and checks a snapshot file.
    pub fn read(path: impl AsRef<Path>) -> Result<Self, StateError> {
        Self::decode(&std::fs::read(path)?)
    }
}

fn check_root(snap: &Snapshot, got: Root) -> Result<(), StateError> {
    if got != snap.root {
        return Err(StateError::BadSnapshot(
            "recomputed state root differs from the snapshot's".into(),
        ));
    }
    Ok(())
}

impl RedbState {
    /// Writes a snapshot of the committed state to `path`.
    pub fn export_snapshot(&self, path: impl AsRef<Path>) -> Result<(), StateError> {
        Snapshot::take(self)?.write(path)
    }

    /// Opens the state in `dir` (which must be new or empty) and imports the snapshot at
    /// `path` into it, in one commit. Fails if the recomputed root differs from the
    /// snapshot's (nothing is committed then).
    pub fn import_snapshot(
        dir: impl AsRef<Path>,
        path: impl AsRef<Path>,
    ) -> Result<RedbState, StateError> {
        let snap = Snapshot::read(path)?;
        let mut state = RedbState::open(dir)?;
        state.import_checked(snap)?;
        Ok(state)
    }

    fn import_checked(&mut self, snap: Snapshot) -> Result<(), StateError> {
        // `import` checks the root before committing: a bad snapshot commits nothing.
        self.import(snap.height, snap.entries, snap.root)?;
        Ok(())
    }
}

impl MemoryState {
    /// Writes a snapshot of the state to `path`.
    pub fn export_snapshot(&self, path: impl AsRef<Path>) -> Result<(), StateError> {
        Snapshot::take(self)?.write(path)
    }

    /// A new in-memory state from the snapshot at `path`.
    pub fn import_snapshot(path: impl AsRef<Path>) -> Result<MemoryState, StateError> {
        let snap = Snapshot::read(path)?;
        let mut state = MemoryState::new();
        let got = state.import(snap.height, snap.entries.clone())?;
        check_root(&snap, got)?;
        Ok(state)
    }
}
