//! State tests: both stores, the journal, roots, proofs, crash safety, locking,
//! snapshots and rollback.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::snapshot::Snapshot;
use super::*;

/// A temporary directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p =
            std::env::temp_dir().join(format!("zvm-state-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn addr(i: u8) -> Address {
    Address([i; 20])
}

fn slot(i: u32) -> Slot {
    let mut s = [0u8; 32];
    s[28..].copy_from_slice(&i.to_be_bytes());
    s
}

/// A deterministic pseudo-random change set number `i` (sets, overwrites and deletes).
fn changes(i: u64) -> ChangeSet {
    let mut cs = ChangeSet::new();
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..40 {
        let r = next();
        let a = addr((r % 5) as u8);
        match (r >> 8) % 6 {
            0 => cs.set_nonce(a, (r >> 16) % 3),
            1 => cs.set_balance(a, u128::from((r >> 16) % 4) * 1_000_000_000_000_000_000),
            2 => cs.set_code(
                a,
                if (r >> 16) % 3 == 0 {
                    vec![]
                } else {
                    vec![0x60, (r >> 20) as u8]
                },
            ),
            _ => {
                let v = (r >> 32) % 4;
                let val = if v == 0 {
                    vec![]
                } else {
                    vec![v as u8; v as usize * 7]
                };
                cs.set_storage(a, slot(((r >> 16) % 16) as u32), val);
            }
        }
    }
    cs
}

/// The root of `entries` rebuilt from scratch in memory.
fn rebuilt_root(entries: Vec<(StateKey, Vec<u8>)>) -> Root {
    let mut m = MemoryState::new();
    let mut cs = ChangeSet::new();
    for (k, v) in entries {
        cs.set(k, Some(v)).unwrap();
    }
    m.commit(cs).unwrap().root
}

#[test]
fn fields_defaults_and_canonical_form() {
    let mut m = MemoryState::new();
    assert_eq!(m.height(), 0);
    assert_eq!(m.state_root(), EMPTY_ROOT);
    let a = addr(1);
    assert_eq!(m.nonce(&a).unwrap(), 0);
    assert_eq!(m.balance(&a).unwrap(), 0);
    assert!(m.code(&a).unwrap().is_empty());
    let mut cs = ChangeSet::new();
    cs.set_nonce(a, 7);
    cs.set_balance(a, u128::MAX);
    cs.set_code(a, vec![1, 2, 3]);
    cs.set_storage(a, slot(1), b"hello".to_vec());
    let c = m.commit(cs).unwrap();
    assert_eq!(c.height, 1);
    assert_eq!(m.nonce(&a).unwrap(), 7);
    assert_eq!(m.balance(&a).unwrap(), u128::MAX);
    assert_eq!(m.code(&a).unwrap(), vec![1, 2, 3]);
    assert_eq!(m.storage(&a, &slot(1)).unwrap(), b"hello");
    // Writing defaults deletes: back to the empty root.
    let mut cs = ChangeSet::new();
    cs.set_nonce(a, 0);
    cs.set_balance(a, 0);
    cs.set_code(a, vec![]);
    cs.set(StateKey::Storage(a, slot(1)), Some(vec![])).unwrap();
    assert_eq!(m.commit(cs).unwrap().root, EMPTY_ROOT);
    assert!(m.entries().unwrap().is_empty());
    // Wrong-length nonce bytes are rejected.
    assert!(
        ChangeSet::new()
            .set(StateKey::Nonce(a), Some(vec![1]))
            .is_err()
    );
}

#[test]
fn redb_persists_across_reopen() {
    let dir = TempDir::new("reopen");
    let a = addr(9);
    let (root, entries) = {
        let mut s = RedbState::open(dir.path()).unwrap();
        for i in 1..=3 {
            s.commit(changes(i)).unwrap();
        }
        let mut cs = ChangeSet::new();
        cs.set_nonce(a, 42);
        cs.set_code(a, b"code".to_vec());
        cs.set_storage(a, slot(3), b"v".to_vec());
        let c = s.commit(cs).unwrap();
        assert_eq!(c.height, 4);
        (c.root, s.entries().unwrap())
    };
    assert!(dir.path().join(redb::DB_FILE).exists());
    let s = RedbState::open(dir.path()).unwrap();
    assert_eq!(s.height(), 4);
    assert_eq!(s.state_root(), root);
    assert_eq!(s.nonce(&a).unwrap(), 42);
    assert_eq!(s.code(&a).unwrap(), b"code");
    assert_eq!(s.storage(&a, &slot(3)).unwrap(), b"v");
    assert_eq!(s.entries().unwrap(), entries);
    assert_eq!(rebuilt_root(entries), root);
}

#[test]
fn memory_and_redb_roots_agree() {
    let dir = TempDir::new("agree");
    let mut r = RedbState::open(dir.path()).unwrap();
    let mut m = MemoryState::new();
    for i in 1..=25 {
        let cm = m.commit(changes(i)).unwrap();
        let cr = r.commit(changes(i)).unwrap();
        assert_eq!(cm, cr, "height {i}");
        assert_eq!(m.entries().unwrap(), r.entries().unwrap());
    }
    // History independence: the final state rebuilt in one batch has the same root.
    assert_eq!(rebuilt_root(r.entries().unwrap()), r.state_root());
    assert_ne!(r.state_root(), EMPTY_ROOT);
}

#[test]
fn root_changes_iff_state_changes() {
    let dir = TempDir::new("iff");
    let mut s = RedbState::open(dir.path()).unwrap();
    let a = addr(3);
    let mut cs = ChangeSet::new();
    cs.set_storage(a, slot(1), b"x".to_vec());
    cs.set_balance(a, 5);
    let r1 = s.commit(cs.clone()).unwrap().root;
    // Same values again: new height, same root.
    let c = s.commit(cs).unwrap();
    assert_eq!((c.height, c.root), (2, r1));
    let c = s.commit(ChangeSet::new()).unwrap();
    assert_eq!((c.height, c.root), (3, r1));
    // A journal that writes and restores a value yields an empty change set.
    let mut j = Journal::new(&s);
    j.set_balance(&a, 6).unwrap();
    j.set_balance(&a, 5).unwrap();
    assert!(j.finish().unwrap().is_empty());
    // Every single-field change moves the root; undoing it restores it.
    let edits: [(StateKey, Vec<u8>); 4] = [
        (StateKey::Nonce(a), 1u64.to_be_bytes().to_vec()),
        (StateKey::Balance(a), 6u128.to_be_bytes().to_vec()),
        (StateKey::Code(a), vec![0xfe]),
        (StateKey::Storage(a, slot(1)), b"y".to_vec()),
    ];
    for (k, v) in edits {
        let old = s.get(&k).unwrap();
        let mut cs = ChangeSet::new();
        cs.set(k, Some(v)).unwrap();
        let r2 = s.commit(cs).unwrap().root;
        assert_ne!(r2, r1, "{k:?}");
        let mut cs = ChangeSet::new();
        cs.set(k, old).unwrap();
        assert_eq!(s.commit(cs).unwrap().root, r1, "{k:?}");
    }
}

#[test]
fn journal_nesting() {
    let mut m = MemoryState::new();
    let (a, b) = (addr(1), addr(2));
    let mut cs = ChangeSet::new();
    cs.set_balance(a, 100);
    m.commit(cs).unwrap();

    let mut j = Journal::new(&m);
    let outer = j.checkpoint();
    j.set_balance(&a, 90).unwrap();
    j.set_balance(&b, 10).unwrap();
    {
        // Inner call fails: reverts alone.
        let inner = j.checkpoint();
        j.set_balance(&b, 999).unwrap();
        j.set_storage(&b, &slot(1), b"inner".to_vec()).unwrap();
        assert_eq!(j.balance(&b).unwrap(), 999);
        j.revert(inner).unwrap();
    }
    assert_eq!(j.balance(&b).unwrap(), 10);
    assert!(j.storage(&b, &slot(1)).unwrap().is_empty());
    {
        // Inner call succeeds.
        let inner = j.checkpoint();
        j.set_nonce(&b, 1).unwrap();
        j.commit_checkpoint(inner).unwrap();
        // A closed checkpoint cannot be used again.
        assert!(matches!(
            j.revert(inner),
            Err(StateError::InvalidCheckpoint)
        ));
    }
    j.commit_checkpoint(outer).unwrap();
    assert_eq!(j.depth(), 0);
    let cs = j.finish().unwrap();
    assert_eq!(cs.len(), 3);
    m.commit(cs).unwrap();
    assert_eq!(m.balance(&a).unwrap(), 90);
    assert_eq!(m.balance(&b).unwrap(), 10);
    assert_eq!(m.nonce(&b).unwrap(), 1);

    // An outer revert undoes a committed inner call too.
    let mut j = Journal::new(&m);
    let outer = j.checkpoint();
    j.set_code(&a, vec![1]).unwrap();
    let inner = j.checkpoint();
    j.set_storage(&a, &slot(2), b"z".to_vec()).unwrap();
    j.commit_checkpoint(inner).unwrap();
    j.revert(outer).unwrap();
    assert!(j.code(&a).unwrap().is_empty());
    assert!(j.finish().unwrap().is_empty());

    // Reverting an outer checkpoint closes the inner ones.
    let mut j = Journal::new(&m);
    let outer = j.checkpoint();
    let inner = j.checkpoint();
    j.set_nonce(&a, 5).unwrap();
    j.revert(outer).unwrap();
    assert!(matches!(
        j.commit_checkpoint(inner),
        Err(StateError::InvalidCheckpoint)
    ));
    assert_eq!(j.nonce(&a).unwrap(), 0);
}

#[test]
fn proofs_verify() {
    let dir = TempDir::new("proofs");
    let mut r = RedbState::open(dir.path()).unwrap();
    let mut m = MemoryState::new();
    let a = addr(4);
    for i in 1..=5 {
        r.commit(changes(i)).unwrap();
        m.commit(changes(i)).unwrap();
    }
    let mut cs = ChangeSet::new();
    cs.set_storage(a, slot(7), b"seven".to_vec());
    cs.set_code(a, vec![0xaa; 100]);
    cs.set_nonce(a, 3);
    let root = r.commit(cs.clone()).unwrap().root;
    m.commit(cs).unwrap();
    for store in [&r as &dyn StateStore, &m as &dyn StateStore] {
        let p = store.prove(&a, &slot(7)).unwrap();
        verify_proof(&root, &StateKey::Storage(a, slot(7)), Some(b"seven"), &p).unwrap();
        assert!(verify_proof(&root, &StateKey::Storage(a, slot(7)), Some(b"eight"), &p).is_err());
        assert!(verify_proof(&root, &StateKey::Storage(a, slot(7)), None, &p).is_err());
        // Round trip through the proof's byte encoding.
        let p2 = zcrypto::merkle::sparse::SparseProof::decode(&p.encode()).unwrap();
        verify_proof(&root, &StateKey::Storage(a, slot(7)), Some(b"seven"), &p2).unwrap();
        // Absence.
        // (`changes` only writes slots below 16.)
        let p = store.prove(&a, &slot(1000)).unwrap();
        verify_proof(&root, &StateKey::Storage(a, slot(1000)), None, &p).unwrap();
        assert!(verify_proof(&root, &StateKey::Storage(a, slot(1000)), Some(b"x"), &p).is_err());
        // Account fields.
        let k = StateKey::Code(a);
        let p = store.prove_key(&k).unwrap();
        verify_proof(&root, &k, Some(&[0xaa; 100]), &p).unwrap();
        let k = StateKey::Nonce(a);
        let p = store.prove_key(&k).unwrap();
        verify_proof(&root, &k, Some(&3u64.to_be_bytes()), &p).unwrap();
        // Every stored field proves against the root.
        for (k, v) in store.entries().unwrap() {
            verify_proof(&root, &k, Some(&v), &store.prove_key(&k).unwrap()).unwrap();
        }
    }
}

#[test]
fn concurrent_open_is_refused_in_process() {
    let dir = TempDir::new("lock");
    let first = RedbState::open(dir.path()).unwrap();
    let err = RedbState::open(dir.path()).unwrap_err();
    assert!(matches!(err, StateError::InUse(_)), "{err:?}");
    assert!(
        err.to_string().contains("in use by another zvm process"),
        "{err}"
    );
    // Bounded wait: succeeds once the first handle closes.
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        drop(first);
    });
    let opts = RedbStateOptions {
        wait: Some(Duration::from_secs(10)),
        ..Default::default()
    };
    let second = RedbState::open_with(dir.path(), opts).unwrap();
    t.join().unwrap();
    assert_eq!(second.height(), 0);
}

/// Spawns this test binary running only `test` with `env` set; stdout piped.
fn spawn_helper(test: &str, env: (&str, &Path)) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(env.0, env.1)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

const HOLD_ENV: &str = "ZVM_STATE_TEST_HOLD_DIR";
const CRASH_ENV: &str = "ZVM_STATE_TEST_CRASH_DIR";

/// Helper for `concurrent_open_is_refused_across_processes`: holds the state open.
#[test]
fn hold_child() {
    let Some(dir) = std::env::var_os(HOLD_ENV) else {
        return;
    };
    let _s = RedbState::open(&dir).unwrap();
    println!("opened");
    std::thread::sleep(Duration::from_secs(60));
}

#[test]
fn concurrent_open_is_refused_across_processes() {
    let dir = TempDir::new("lockproc");
    let mut child = spawn_helper("state::tests::hold_child", (HOLD_ENV, dir.path()));
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // libtest prints `test <name> ... ` before the test's own output, on the same line.
    assert!(lines.any(|l| l.unwrap().ends_with("opened")));
    let err = RedbState::open(dir.path()).unwrap_err();
    assert!(matches!(err, StateError::InUse(_)), "{err:?}");
    child.kill().unwrap();
    child.wait().unwrap();
    // The lock dies with the process.
    RedbState::open(dir.path()).unwrap();
}

/// Slots written by every crash-test commit.
const CRASH_SLOTS: u32 = 20_000;

fn crash_commit(i: u64) -> ChangeSet {
    let mut cs = ChangeSet::new();
    for j in 0..CRASH_SLOTS {
        let mut v = i.to_be_bytes().to_vec();
        v.extend_from_slice(&j.to_be_bytes());
        cs.set_storage(addr(7), slot(j), v);
    }
    cs.set_nonce(addr(7), i);
    cs
}

/// Helper for `crash_mid_commit_leaves_last_committed_state`: commits forever.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os(CRASH_ENV) else {
        return;
    };
    let mut s = RedbState::open(&dir).unwrap();
    for i in s.height() + 1.. {
        let cs = crash_commit(i);
        println!("begin {i}");
        s.commit(cs).unwrap();
        println!("done {i}");
    }
}

#[test]
fn crash_mid_commit_leaves_last_committed_state() {
    let dir = TempDir::new("crash");
    let mut outcomes = Vec::new();
    for round in 0..3u32 {
        let before = RedbState::open(dir.path()).map(|s| s.height()).unwrap();
        let mut child = spawn_helper("state::tests::crash_child", (CRASH_ENV, dir.path()));
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // Time one full commit, then kill part-way through the next one.
        let mut began = Instant::now();
        let mut took = Duration::ZERO;
        let target = before + 2;
        for l in lines.by_ref() {
            let l = l.unwrap();
            if l.ends_with(&format!("begin {}", before + 1)) {
                began = Instant::now();
            } else if l.ends_with(&format!("done {}", before + 1)) {
                took = began.elapsed();
            } else if l.ends_with(&format!("begin {target}")) {
                break;
            }
        }
        // Kill at 10%, 50%, 90% of a commit's duration.
        std::thread::sleep(took * (1 + 4 * round) / 10);
        child.kill().unwrap();
        child.wait().unwrap();

        let s = RedbState::open(dir.path()).unwrap();
        let h = s.height();
        assert!(
            h == target - 1 || h == target,
            "height {h}, expected {} or {target}",
            target - 1
        );
        outcomes.push((took, h == target - 1));
        // Exactly the state of the last commit, and consistent with its root.
        assert_eq!(s.nonce(&addr(7)).unwrap(), h);
        for j in (0..CRASH_SLOTS).step_by(997) {
            let mut v = h.to_be_bytes().to_vec();
            v.extend_from_slice(&j.to_be_bytes());
            assert_eq!(s.storage(&addr(7), &slot(j)).unwrap(), v);
        }
        let entries = s.entries().unwrap();
        assert_eq!(entries.len(), CRASH_SLOTS as usize + 1);
        let root = rebuilt_root(entries);
        assert_eq!(s.state_root(), root);
        assert_eq!(s.root_at(h).unwrap(), Some(root));
        let p = s.prove(&addr(7), &slot(5)).unwrap();
        let mut v = h.to_be_bytes().to_vec();
        v.extend_from_slice(&5u32.to_be_bytes());
        verify_proof(&root, &StateKey::Storage(addr(7), slot(5)), Some(&v), &p).unwrap();
    }
    eprintln!("crash test: (commit duration, killed mid-commit) = {outcomes:?}");
    assert!(
        outcomes.iter().any(|o| o.1),
        "no kill landed mid-commit: {outcomes:?}"
    );
}

#[test]
fn snapshot_round_trip() {
    let dir = TempDir::new("snap");
    let file = dir.path().join("state.snap");
    let mut s = RedbState::open(dir.path().join("a")).unwrap();
    for i in 1..=10 {
        s.commit(changes(i)).unwrap();
    }
    s.export_snapshot(&file).unwrap();
    let t = RedbState::import_snapshot(dir.path().join("b"), &file).unwrap();
    assert_eq!(t.height(), s.height());
    assert_eq!(t.state_root(), s.state_root());
    assert_eq!(t.entries().unwrap(), s.entries().unwrap());
    drop(t);
    // Persisted, and commits continue from the imported height with equal roots.
    let mut t = RedbState::open(dir.path().join("b")).unwrap();
    assert_eq!(t.state_root(), s.state_root());
    assert_eq!(
        t.commit(changes(11)).unwrap(),
        s.commit(changes(11)).unwrap()
    );
    // No undo records travel: cannot roll back below the import.
    assert!(matches!(
        t.rollback_to(5),
        Err(StateError::BadHeight { .. })
    ));
    let mut m = MemoryState::import_snapshot(&file).unwrap();
    assert_eq!(m.height(), 10);
    assert_eq!(Some(m.state_root()), s.root_at(10).unwrap());
    assert_eq!(m.root_at(9).unwrap(), None);
    assert_eq!(t.root_at(9).unwrap(), None);
    assert_eq!(
        m.commit(changes(11)).unwrap(),
        t.root_at(11)
            .map(|r| Committed {
                height: 11,
                root: r.unwrap()
            })
            .unwrap()
    );
    assert!(matches!(
        m.rollback_to(9),
        Err(StateError::BadHeight { oldest: 10, .. })
    ));
    assert_eq!(
        m.rollback_to(10).unwrap().root,
        s.root_at(10).unwrap().unwrap()
    );

    // Importing into a non-empty state fails.
    assert!(matches!(
        RedbState::import_snapshot(dir.path().join("a2"), &file)
            .map(|_| ())
            .and_then(|_| {
                let mut x = RedbState::open(dir.path().join("a2"))?;
                x.import(1, vec![], EMPTY_ROOT).map(|_| ())
            }),
        Err(StateError::NotEmpty)
    ));
    // A flipped byte fails the checksum.
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[70] ^= 1;
    assert!(matches!(
        Snapshot::decode(&bytes),
        Err(StateError::BadSnapshot(_))
    ));
    // A consistent file whose root does not match its entries is refused, committing nothing.
    let mut snap = Snapshot::read(&file).unwrap();
    snap.root[0] ^= 1;
    let bad = dir.path().join("bad.snap");
    snap.write(&bad).unwrap();
    assert!(matches!(
        RedbState::import_snapshot(dir.path().join("c"), &bad),
        Err(StateError::BadSnapshot(_))
    ));
    let c = RedbState::open(dir.path().join("c")).unwrap();
    assert_eq!((c.height(), c.state_root()), (0, EMPTY_ROOT));
}

#[test]
fn rollback() {
    let dir = TempDir::new("rollback");
    let opts = RedbStateOptions {
        undo_retention: 5,
        ..Default::default()
    };
    let mut s = RedbState::open_with(dir.path(), opts.clone()).unwrap();
    let mut m = MemoryState::new();
    let mut history = vec![(EMPTY_ROOT, vec![])];
    for i in 1..=8 {
        s.commit(changes(i)).unwrap();
        m.commit(changes(i)).unwrap();
        history.push((s.state_root(), s.entries().unwrap()));
    }
    // Retention 5: heights 3..=8 are reachable.
    assert_eq!(s.oldest_rollback_height().unwrap(), 3);
    assert!(matches!(
        s.rollback_to(2),
        Err(StateError::BadHeight { oldest: 3, .. })
    ));
    assert!(matches!(
        s.rollback_to(8),
        Err(StateError::BadHeight { .. })
    ));
    let c = s.rollback_to(6).unwrap();
    assert_eq!((c.height, c.root), (6, history[6].0));
    assert_eq!(s.entries().unwrap(), history[6].1);
    assert_eq!(s.root_at(7).unwrap(), None);
    let cm = m.rollback_to(6).unwrap();
    assert_eq!(c, cm);
    drop(s);
    let mut s = RedbState::open_with(dir.path(), opts).unwrap();
    assert_eq!((s.height(), s.state_root()), (6, history[6].0));
    let c = s.rollback_to(3).unwrap();
    assert_eq!((c.height, c.root), (3, history[3].0));
    assert_eq!(s.entries().unwrap(), history[3].1);
    // Commits continue from there.
    let c = s.commit(changes(100)).unwrap();
    assert_eq!(c.height, 4);
    assert_eq!(m.rollback_to(3).unwrap().root, history[3].0);
    assert_eq!(m.commit(changes(100)).unwrap(), c);
    // Memory keeps every height.
    assert_eq!(m.rollback_to(0).unwrap().root, EMPTY_ROOT);
    assert!(m.entries().unwrap().is_empty());
}

/// Rough cost of one commit of 1,000 storage writes on redb (run with `--nocapture`).
#[test]
fn commit_cost_1000_writes() {
    let dir = TempDir::new("cost");
    let mut s = RedbState::open(dir.path()).unwrap();
    // Some existing state so paths are realistic.
    let mut base = ChangeSet::new();
    for j in 0..50_000u32 {
        base.set_storage(addr((j % 200) as u8), slot(j), j.to_be_bytes().to_vec());
    }
    s.commit(base).unwrap();
    let mut times = Vec::new();
    for round in 0..5u32 {
        let mut cs = ChangeSet::new();
        for j in 0..1000u32 {
            let k = round * 7919 + j * 31;
            cs.set_storage(addr((k % 200) as u8), slot(k), [round as u8; 32].to_vec());
        }
        let t = Instant::now();
        s.commit(cs).unwrap();
        times.push(t.elapsed());
    }
    let t = Instant::now();
    s.commit(ChangeSet::new()).unwrap();
    eprintln!("empty redb commit: {:?}", t.elapsed());
    let mut m = MemoryState::new();
    let mut base = ChangeSet::new();
    for j in 0..50_000u32 {
        base.set_storage(addr((j % 200) as u8), slot(j), j.to_be_bytes().to_vec());
    }
    m.commit(base).unwrap();
    let mut cs = ChangeSet::new();
    for j in 0..1000u32 {
        cs.set_storage(addr((j % 200) as u8), slot(j * 31), [9u8; 32].to_vec());
    }
    let t = Instant::now();
    m.commit(cs).unwrap();
    eprintln!("memory commit of 1,000 storage writes: {:?}", t.elapsed());
    times.sort();
    eprintln!(
        "commit of 1,000 storage writes over 50,000 slots: median {:?} (all {times:?})",
        times[2]
    );
}

mod journal_model {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;

    #[derive(Clone, Debug)]
    enum Op {
        Set(u8, u8, u8),
        Checkpoint,
        Revert,
        Commit,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0u8..3, 0u8..4, 0u8..3).prop_map(|(a, s, v)| Op::Set(a, s, v)),
            1 => Just(Op::Checkpoint),
            1 => Just(Op::Revert),
            1 => Just(Op::Commit),
        ]
    }

    proptest! {
        /// The journal against a model that snapshots the whole overlay at every
        /// checkpoint; then the committed store against a MemoryState fed the model.
        #[test]
        fn journal_matches_snapshot_model(ops in proptest::collection::vec(op(), 0..60)) {
            let mut base = MemoryState::new();
            let mut cs = ChangeSet::new();
            cs.set_storage(addr(0), slot(0), vec![1]);
            base.commit(cs).unwrap();

            let mut j = Journal::new(&base);
            let mut cps = Vec::new();
            let mut model: BTreeMap<(u8, u8), Vec<u8>> = BTreeMap::new();
            model.insert((0, 0), vec![1]);
            let mut saved = Vec::new();
            for op in ops {
                match op {
                    Op::Set(a, s, v) => {
                        let val = vec![v; v as usize];
                        j.set_storage(&addr(a), &slot(s.into()), val.clone()).unwrap();
                        if val.is_empty() { model.remove(&(a, s)); } else { model.insert((a, s), val); }
                    }
                    Op::Checkpoint => {
                        cps.push(j.checkpoint());
                        saved.push(model.clone());
                    }
                    Op::Revert => {
                        if let Some(cp) = cps.pop() {
                            j.revert(cp).unwrap();
                            model = saved.pop().unwrap();
                        }
                    }
                    Op::Commit => {
                        if let Some(cp) = cps.pop() {
                            j.commit_checkpoint(cp).unwrap();
                            saved.pop();
                        }
                    }
                }
                for a in 0..3u8 {
                    for s in 0..4u8 {
                        let want = model.get(&(a, s)).cloned().unwrap_or_default();
                        prop_assert_eq!(j.storage(&addr(a), &slot(s.into())).unwrap(), want);
                    }
                }
            }
            let changes = j.finish().unwrap();
            let mut expect = MemoryState::new();
            let mut cs = ChangeSet::new();
            for ((a, s), v) in &model {
                cs.set_storage(addr(*a), slot((*s).into()), v.clone());
            }
            expect.commit(cs).unwrap();
            base.commit(changes).unwrap();
            prop_assert_eq!(base.state_root(), expect.state_root());
            prop_assert_eq!(base.entries().unwrap(), expect.entries().unwrap());
        }
    }
}

/// Values held inline (nonces, balances, storage words) and on the heap read, revert,
/// compare and commit exactly like the same bytes written as vectors.
#[test]
fn journal_inline_values_match_vectors() {
    let (a, b) = (Address([1; 20]), Address([2; 20]));
    let mut words = MemoryState::new();
    let mut vecs = MemoryState::new();
    let mut w = [0u8; 32];
    w[31] = 9;
    let long = vec![5u8; 33];
    let mut changes = Vec::new();
    for (inline, state) in [(true, &mut words), (false, &mut vecs)] {
        let mut j = Journal::new(&*state);
        if inline {
            j.set_storage_word(&a, &[1; 32], &w);
            j.set_storage_word(&a, &[2; 32], &[0; 32]);
            j.set_storage_word(&b, &[3; 32], &[0xff; 32]);
        } else {
            j.set_storage(&a, &[1; 32], w.to_vec()).unwrap();
            j.set_storage(&a, &[2; 32], Vec::new()).unwrap();
            j.set_storage(&b, &[3; 32], vec![0xff; 32]).unwrap();
        }
        j.set_storage(&b, &[4; 32], long.clone()).unwrap();
        j.set_nonce(&a, 3).unwrap();
        j.set_balance(&b, 1 << 100).unwrap();
        j.set_balance(&a, 0).unwrap();
        assert_eq!(j.storage(&a, &[1; 32]).unwrap(), w);
        assert_eq!(j.get(&StateKey::Storage(a, [2; 32])).unwrap(), None);
        assert_eq!(j.storage(&b, &[4; 32]).unwrap(), long);
        assert_eq!(j.nonce(&a).unwrap(), 3);
        assert_eq!(j.balance(&b).unwrap(), 1 << 100);
        // A reverted overwrite restores the inline value.
        let cp = j.checkpoint();
        j.set_storage_word(&a, &[1; 32], &[7; 32]);
        j.set_nonce(&a, 0).unwrap();
        j.revert(cp).unwrap();
        assert_eq!(j.storage(&a, &[1; 32]).unwrap(), w);
        assert_eq!(j.nonce(&a).unwrap(), 3);
        let cs = j.finish().unwrap();
        changes.push(cs.clone());
        state.commit(cs).unwrap();
    }
    assert_eq!(changes[0], changes[1]);
    assert_eq!(words.state_root(), vecs.state_root());
    assert_eq!(words.entries().unwrap(), vecs.entries().unwrap());
    // Writing the committed value again leaves nothing to commit.
    let mut j = Journal::new(&words);
    j.set_storage_word(&a, &[1; 32], &w);
    j.set_nonce(&a, 3).unwrap();
    assert!(j.finish().unwrap().is_empty());
}
