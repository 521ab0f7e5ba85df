//! Runtime tests: deploy and call over both stores, reverts, out of gas, nested calls,
//! reentrancy, depth, value transfers, bytecode kinds, store errors.

use std::path::{Path, PathBuf};

use super::*;
use crate::asm::assemble;
use crate::state::{MemoryState, RedbState, StateKey};

const COUNTER: &str = include_str!("../../contracts/counter.zasm");

/// Relay: with empty call data, stores 7 in slot 0 and returns. Otherwise the first
/// word is the next contract: forwards `calldata[32..]` and its own `CALLVALUE` to it
/// with all gas, then stores `ok + 1` in slot 0 (2: the sub-call succeeded, 1: failed).
const RELAY: &str = "
.export main main
main:
    JUMPDEST
    CALLDATASIZE
    PUSH leaf
    SWAP1
    ISZERO
    SWAP1
    JUMPI
    PUSH 32
    CALLDATASIZE
    SUB          ; len = size - 32
    DUP1
    PUSH 32
    PUSH0        ; dst 0, src 32, len
    CALLDATACOPY
    ; CALL: gas, addr, value, in, inlen, out, outlen (top first)
    PUSH0        ; outlen
    PUSH0        ; out
    SWAP2        ; stack: len, 0, 0 -> 0, 0, len  (top: len)
    PUSH0        ; in
    CALLVALUE
    PUSH0
    CALLDATALOAD ; next address
    GAS
    CALL
    PUSH 1
    ADD
    PUSH0
    SSTORE
    STOP
leaf:
    JUMPDEST
    PUSH 7
    PUSH0
    SSTORE
    STOP
";

/// Writes 5 to slot 0, then reverts with output 0xee.
const WRITE_REVERT: &str = "
.export main main
main:
    JUMPDEST
    PUSH 5
    PUSH0
    SSTORE
    PUSH 0xee
    PUSH0
    MSTORE8
    PUSH 1
    PUSH0
    REVERT
";

/// Has a constructor that stores its first call data word in slot 1; `get` returns it.
const WITH_CTOR: &str = "
.export constructor ctor
.export get get
ctor:
    JUMPDEST
    PUSH0
    CALLDATALOAD
    PUSH 1
    SSTORE
    STOP
get:
    JUMPDEST
    PUSH 1
    SLOAD
    PUSH0
    MSTORE
    PUSH 32
    PUSH0
    RETURN
";

const GAS: u64 = 10_000_000;
const TIME: u64 = 1_700_000_000;

fn addr(i: u8) -> Address {
    Address([i; 20])
}

fn code(src: &str) -> Vec<u8> {
    assemble(src).unwrap().encode()
}

fn word(v: u64) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&v.to_be_bytes());
    w
}

fn mem() -> Runtime<MemoryState> {
    Runtime::new(MemoryState::new()).with_block_time(TIME)
}

fn deploy<S: StateStore>(rt: &mut Runtime<S>, src: &str) -> Address {
    let r = rt.deploy(addr(1), &code(src), &[], 0, GAS);
    assert!(r.success, "{:?}", r.error);
    r.contract_address.unwrap()
}

fn slot0<S: StateStore>(rt: &Runtime<S>, c: &Address) -> [u8; 32] {
    rt.storage_word(c, &[0; 32]).unwrap()
}

/// Call data for a relay chain: the addresses, one word each.
fn chain(addrs: &[Address]) -> Vec<u8> {
    addrs.iter().flat_map(|a| a.to_word()).collect()
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!("zvm-rt-{name}-{}-{nanos}", std::process::id()));
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

fn counter_flow<S: StateStore>(rt: &mut Runtime<S>) -> Address {
    let h0 = rt.height();
    let d = rt.deploy(addr(1), &code(COUNTER), &[], 0, GAS);
    assert!(d.success, "{:?}", d.error);
    let c = d.contract_address.unwrap();
    assert_eq!(c, contract_address(&addr(1), 0));
    assert_eq!(rt.nonce(&addr(1)).unwrap(), 1);
    assert_eq!(rt.code(&c).unwrap(), code(COUNTER));
    assert_eq!(
        d.gas_used,
        CODE_DEPOSIT_GAS_PER_BYTE * code(COUNTER).len() as u64
    );
    let r1 = rt.call(addr(2), c, "main", &[], 0, GAS);
    assert!(r1.success, "{:?}", r1.error);
    assert_eq!(r1.return_data, word(1));
    assert_eq!(r1.logs.len(), 1);
    assert_eq!(r1.logs[0].address, c);
    assert_eq!(r1.logs[0].topics, vec![word(1)]);
    assert_eq!(r1.logs[0].data, word(1).to_vec());
    let r2 = rt.call(addr(2), c, "main", &word(10), 0, GAS);
    assert_eq!(r2.return_data, word(11));
    assert!(
        r2.gas_used > 0 && r2.gas_used < r1.gas_used,
        "{} {}",
        r2.gas_used,
        r1.gas_used
    );
    assert_eq!(slot0(rt, &c), word(11));
    assert_eq!(rt.height(), h0 + 3);
    c
}

#[test]
fn counter_on_memory_state() {
    let mut rt = mem();
    let c = counter_flow(&mut rt);
    // A view runs but never commits.
    let root = rt.state_root();
    let v = rt.view(addr(3), c, "main", &[], GAS);
    assert!(v.success);
    assert_eq!(v.return_data, word(12));
    assert_eq!(slot0(&rt, &c), word(11));
    assert_eq!(rt.state_root(), root);
    assert_eq!(rt.height(), 3);
    // So does an estimate.
    let g = rt.estimate_gas(addr(3), c, "main", &[], 0, GAS).unwrap();
    assert_eq!(g, v.gas_used);
    assert_eq!(rt.state_root(), root);
    // A second deploy by the same deployer gets the next nonce's address.
    let c2 = deploy(&mut rt, COUNTER);
    assert_eq!(c2, contract_address(&addr(1), 1));
}

#[test]
fn counter_on_redb_persists_across_reopen() {
    let dir = TempDir::new("persist");
    let (c, root) = {
        let mut rt = Runtime::new(RedbState::open(dir.path()).unwrap()).with_block_time(TIME);
        let c = counter_flow(&mut rt);
        (c, rt.state_root())
    };
    let mut rt = Runtime::new(RedbState::open(dir.path()).unwrap()).with_block_time(TIME);
    assert_eq!(rt.height(), 3);
    assert_eq!(rt.state_root(), root);
    assert_eq!(slot0(&rt, &c), word(11));
    let r = rt.call(addr(2), c, "main", &[], 0, GAS);
    assert_eq!(r.return_data, word(12));
    // Same transactions on a memory store: same root.
    let mut m = mem();
    counter_flow(&mut m);
    m.call(addr(2), c, "main", &[], 0, GAS);
    assert_eq!(m.state_root(), rt.state_root());
}

#[test]
fn revert_commits_nothing() {
    let mut rt = mem();
    let w = deploy(&mut rt, WRITE_REVERT);
    let (h, root) = (rt.height(), rt.state_root());
    let r = rt.call(addr(2), w, "main", &[], 0, GAS);
    assert!(!r.success);
    assert_eq!(r.error.as_deref(), Some("reverted"));
    assert_eq!(r.return_data, vec![0xee]);
    assert!(r.gas_used > 20_000 && r.gas_used < GAS);
    assert!(r.logs.is_empty());
    assert_eq!((rt.height(), rt.state_root()), (h, root));
    assert_eq!(slot0(&rt, &w), [0; 32]);
}

#[test]
fn out_of_gas_reports_gas_and_changes_nothing() {
    let mut rt = mem();
    let c = deploy(&mut rt, COUNTER);
    let (h, root) = (rt.height(), rt.state_root());
    let r = rt.call(addr(2), c, "main", &[], 0, 5_000);
    assert!(!r.success);
    assert_eq!(r.error.as_deref(), Some("out of gas"));
    assert_eq!(r.gas_used, 5_000);
    assert_eq!((rt.height(), rt.state_root()), (h, root));
    assert!(rt.estimate_gas(addr(2), c, "main", &[], 0, 5_000).is_err());
    // Deploy with less gas than the code deposit.
    let d = rt.deploy(addr(1), &code(COUNTER), &[], 0, 100);
    assert!(!d.success && d.contract_address.is_none());
    assert_eq!(d.gas_used, 100);
    assert!(d.error.unwrap().starts_with("out of gas"));
    assert_eq!(rt.nonce(&addr(1)).unwrap(), 1);
    assert_eq!(rt.height(), h);
}

#[test]
fn nested_call_reverts_alone() {
    let mut rt = mem();
    let relay = deploy(&mut rt, RELAY);
    let w = deploy(&mut rt, WRITE_REVERT);
    let r = rt.call(addr(2), relay, "main", &chain(&[w]), 0, GAS);
    assert!(r.success, "{:?}", r.error);
    assert_eq!(
        slot0(&rt, &relay),
        word(1),
        "sub-call failed, caller went on"
    );
    assert_eq!(slot0(&rt, &w), [0; 32], "callee's write undone");
    // A successful nested call keeps the callee's writes, and its logs.
    let c = deploy(&mut rt, COUNTER);
    let r = rt.call(addr(2), relay, "main", &chain(&[c]), 0, GAS);
    assert!(r.success);
    assert_eq!(slot0(&rt, &relay), word(2));
    assert_eq!(slot0(&rt, &c), word(1));
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].address, c);
}

#[test]
fn reentrancy_is_refused() {
    let mut rt = mem();
    let r1 = deploy(&mut rt, RELAY);
    let r2 = deploy(&mut rt, RELAY);
    // r1 -> r2 -> r1 (refused): r2 sees a failed call, r1 sees r2 succeed.
    let r = rt.call(addr(2), r1, "main", &chain(&[r2, r1]), 0, GAS);
    assert!(r.success, "{:?}", r.error);
    assert_eq!(slot0(&rt, &r2), word(1));
    assert_eq!(slot0(&rt, &r1), word(2), "r1's leaf branch never ran");
    // A contract calling itself directly is refused too.
    let r = rt.call(addr(2), r1, "main", &chain(&[r1]), 0, GAS);
    assert!(r.success);
    assert_eq!(slot0(&rt, &r1), word(1));
}

#[test]
fn depth_limit() {
    let max = crate::interpreter::MAX_CALL_DEPTH as usize;
    let mut rt = mem();
    let relays: Vec<Address> = (0..=max + 1).map(|_| deploy(&mut rt, RELAY)).collect();
    // Depth 0 ..= max: the frame at depth `max` is the leaf, reached.
    let r = rt.call(
        addr(2),
        relays[0],
        "main",
        &chain(&relays[1..=max]),
        0,
        1 << 40,
    );
    assert!(r.success, "{:?}", r.error);
    assert_eq!(slot0(&rt, &relays[max]), word(7));
    assert_eq!(slot0(&rt, &relays[max - 1]), word(2));
    // One more: the frame at depth `max` cannot call.
    let r = rt.call(
        addr(2),
        relays[0],
        "main",
        &chain(&relays[1..=max + 1]),
        0,
        1 << 40,
    );
    assert!(r.success, "{:?}", r.error);
    assert_eq!(slot0(&rt, &relays[max + 1]), [0; 32], "never ran");
    assert_eq!(slot0(&rt, &relays[max]), word(1), "its call failed");
    assert_eq!(slot0(&rt, &relays[max - 1]), word(2));
}

#[test]
fn value_transfers() {
    let mut rt = mem();
    let (alice, bob) = (addr(0xa1), addr(0xb0));
    rt.mint(&alice, 100).unwrap();
    let r1 = rt.deploy(alice, &code(RELAY), &[], 30, GAS);
    assert!(r1.success, "{:?}", r1.error);
    let r1 = r1.contract_address.unwrap();
    assert_eq!(rt.balance(&r1).unwrap(), 30);
    assert_eq!(rt.balance(&alice).unwrap(), 70);
    let r2 = deploy(&mut rt, RELAY);
    // alice -> r1 (20) -> r2 (r1 forwards its CALLVALUE) -> bob (no code: plain transfer).
    let r = rt.call(alice, r1, "main", &chain(&[r2, bob]), 20, GAS);
    assert!(r.success, "{:?}", r.error);
    assert_eq!(rt.balance(&alice).unwrap(), 50);
    assert_eq!(rt.balance(&r1).unwrap(), 30);
    assert_eq!(rt.balance(&r2).unwrap(), 0);
    assert_eq!(rt.balance(&bob).unwrap(), 20);
    // Insufficient balance: refused, nothing changes, no gas.
    let h = rt.height();
    let r = rt.call(alice, r1, "main", &[], 51, GAS);
    assert!(!r.success);
    assert_eq!(r.gas_used, 0);
    assert!(r.error.unwrap().contains("insufficient balance"));
    assert_eq!(rt.height(), h);
    assert_eq!(rt.balance(&alice).unwrap(), 50);
    // A reverting callee returns the value.
    let w = deploy(&mut rt, WRITE_REVERT);
    let r = rt.call(alice, r1, "main", &chain(&[w]), 5, GAS);
    assert!(r.success);
    assert_eq!(rt.balance(&w).unwrap(), 0);
    assert_eq!(rt.balance(&r1).unwrap(), 35);
    // Deploy with value the deployer does not have.
    let d = rt.deploy(addr(9), &code(COUNTER), &[], 1, GAS);
    assert!(!d.success && d.error.unwrap().contains("insufficient balance"));
    assert_eq!(rt.nonce(&addr(9)).unwrap(), 0);
}

#[test]
fn constructor_and_exports() {
    let mut rt = mem();
    let d = rt.deploy(addr(1), &code(WITH_CTOR), &word(42), 0, GAS);
    assert!(d.success, "{:?}", d.error);
    let c = d.contract_address.unwrap();
    assert!(d.gas_used > 20_000);
    let v = rt.view(addr(1), c, "get", &[], GAS);
    assert_eq!(v.return_data, word(42));
    let r = rt.call(addr(1), c, "nope", &[], 0, GAS);
    assert!(!r.success);
    assert_eq!(
        r.error.as_deref(),
        Some("contract has no export named `nope`")
    );
    let r = rt.call(addr(1), addr(0x77), "main", &[], 0, GAS);
    assert_eq!(r.error.unwrap(), format!("no contract at {}", addr(0x77)));
    // A sub-call into a contract without `main` fails.
    let relay = deploy(&mut rt, RELAY);
    let r = rt.call(addr(1), relay, "main", &chain(&[c]), 0, GAS);
    assert!(r.success);
    assert_eq!(slot0(&rt, &relay), word(1));
}

#[test]
fn reverting_constructor_deploys_nothing() {
    let src = WRITE_REVERT.replace(".export main main", ".export constructor main");
    let mut rt = mem();
    let d = rt.deploy(addr(1), &code(&src), &[], 0, GAS);
    assert!(!d.success);
    assert_eq!(d.error.as_deref(), Some("reverted"));
    assert!(d.contract_address.is_none());
    assert_eq!(rt.height(), 0);
    assert_eq!(rt.nonce(&addr(1)).unwrap(), 0);
    assert!(rt.code(&contract_address(&addr(1), 0)).unwrap().is_empty());
}

#[test]
fn unsupported_and_malformed_bytecode() {
    let mut rt = mem();
    // EVM init code runs (the EVM engine): it stores 1 at slot 0 and returns no code.
    let r = rt.deploy(addr(1), &[0x60, 0x01, 0x60, 0x00, 0x55], &[], 0, GAS);
    assert!(r.success, "{r:?}");
    let c = contract_address(&addr(1), 0);
    assert_eq!(r.contract_address, Some(c));
    assert_eq!(rt.storage_word(&c, &[0; 32]).unwrap()[31], 1);
    let mut rt = mem();
    // Not a valid module (a magic and a version only would be; this one is truncated).
    let r = rt.deploy(addr(1), b"\0asm\x01\0\0", &[], 0, GAS);
    let e = r.error.unwrap();
    assert!(e.starts_with("invalid WASM module: "), "{e}");
    let mut bad = code(COUNTER);
    bad.truncate(bad.len() - 3);
    let r = rt.deploy(addr(1), &bad, &[], 0, GAS);
    let e = r.error.unwrap();
    assert!(e.starts_with("malformed ZVM container: "), "{e}");
    assert_eq!(r.gas_used, 0);
    assert_eq!(rt.height(), 0);
    assert_eq!(rt.nonce(&addr(1)).unwrap(), 0);
}

#[test]
fn block_env_and_time() {
    let src = "
.export main main
main:
    JUMPDEST
    HEIGHT
    PUSH0
    MSTORE
    TIME
    PUSH 32
    MSTORE
    PUSH 64
    PUSH0
    RETURN
";
    let mut rt = mem();
    let c = deploy(&mut rt, src);
    assert_eq!(
        rt.block_env(),
        BlockEnv {
            height: 2,
            time: TIME
        }
    );
    let r = rt.call(addr(1), c, "main", &[], 0, GAS);
    assert_eq!(r.return_data[..32], word(2));
    assert_eq!(r.return_data[32..], word(TIME));
}

/// A store whose reads of one key fail.
struct Failing {
    inner: MemoryState,
    bad: StateKey,
}

impl StateStore for Failing {
    fn get(&self, key: &StateKey) -> Result<Option<Vec<u8>>, StateError> {
        if *key == self.bad {
            return Err(StateError::Io(std::io::Error::other("disk on fire")));
        }
        self.inner.get(key)
    }
    fn commit(&mut self, changes: ChangeSet) -> Result<Committed, StateError> {
        self.inner.commit(changes)
    }
    fn height(&self) -> u64 {
        self.inner.height()
    }
    fn state_root(&self) -> Root {
        self.inner.state_root()
    }
    fn root_at(&self, height: u64) -> Result<Option<Root>, StateError> {
        self.inner.root_at(height)
    }
    fn prove_key(
        &self,
        key: &StateKey,
    ) -> Result<zcrypto::merkle::sparse::SparseProof, StateError> {
        self.inner.prove_key(key)
    }
    fn rollback_to(&mut self, height: u64) -> Result<Committed, StateError> {
        self.inner.rollback_to(height)
    }
    fn entries(&self) -> Result<Vec<(StateKey, Vec<u8>)>, StateError> {
        self.inner.entries()
    }
}

#[test]
fn store_errors_fail_the_transaction() {
    let mut inner = mem();
    let relay = deploy(&mut inner, RELAY);
    let c = deploy(&mut inner, COUNTER);
    let store = Failing {
        inner: inner.into_store(),
        bad: StateKey::Storage(c, [0; 32]),
    };
    let mut rt = Runtime::new(store).with_block_time(TIME);
    let h = rt.height();
    // Direct: the counter's SLOAD fails.
    let r = rt.call(addr(2), c, "main", &[], 0, GAS);
    assert!(!r.success);
    assert!(
        r.error.as_deref().unwrap().contains("disk on fire"),
        "{:?}",
        r.error
    );
    assert!(r.logs.is_empty());
    // Nested: the inner frame fails, and so does the whole transaction.
    let r = rt.call(addr(2), relay, "main", &chain(&[c]), 0, GAS);
    assert!(!r.success);
    assert!(r.error.as_deref().unwrap().starts_with("state: "));
    assert_eq!(rt.height(), h);
}

/// The transactions of [`blocks_match_single_commits`]: counter increments (some with
/// a step), a reverting call, a call to an unknown export, a nested call whose callee
/// reverts, and a deploy.
fn block_workload<S: StateStore>(
    rt: &mut Runtime<S>,
    c: Address,
    bad: Address,
    relay: Address,
) -> Vec<Receipt> {
    let mut out = Vec::new();
    for i in 0..20u64 {
        let input = if i % 3 == 0 {
            word(i).to_vec()
        } else {
            Vec::new()
        };
        out.push(rt.call(addr(2), c, "main", &input, 0, GAS));
        if i % 5 == 0 {
            out.push(rt.call(addr(2), bad, "main", &[], 0, GAS));
            out.push(rt.call(addr(2), c, "nope", &[], 0, GAS));
            out.push(rt.call(addr(2), relay, "main", &chain(&[bad]), 0, GAS));
        }
    }
    out.push(rt.deploy(addr(3), &code(WITH_CTOR), &word(42), 0, GAS));
    out.push(rt.call(addr(2), c, "main", &[], 0, 10)); // out of gas
    out
}

#[test]
fn blocks_match_single_commits() {
    let setup = || {
        let mut rt = mem();
        let c = deploy(&mut rt, COUNTER);
        let bad = deploy(&mut rt, WRITE_REVERT);
        let relay = deploy(&mut rt, RELAY);
        (rt, c, bad, relay)
    };
    let (mut single, c, bad, relay) = setup();
    let h = single.height();
    let singles = block_workload(&mut single, c, bad, relay);
    assert!(single.height() > h + 20);

    let (mut block, ..) = setup();
    assert!(block.begin_block());
    assert!(!block.begin_block());
    assert!(block.in_block());
    let in_block = block_workload(&mut block, c, bad, relay);
    // Nothing is committed until the block ends.
    assert_eq!(block.height(), h);
    assert_eq!(slot0(&block, &c), [0; 32]);
    let committed = block.end_block().unwrap();
    assert!(!block.in_block());
    assert_eq!(committed.height, h + 1);

    assert_eq!(in_block, singles);
    assert!(singles.iter().any(|r| !r.success));
    assert!(singles.iter().filter(|r| r.success).count() > 20);
    assert_eq!(committed.root, single.state_root());
    assert_eq!(
        block.store().entries().unwrap(),
        single.store().entries().unwrap()
    );
    assert_eq!(slot0(&block, &bad), [0; 32]);
    assert_eq!(slot0(&block, &relay), word(1)); // the nested call failed
}

#[test]
fn block_failures_revert_alone_and_abort_discards() {
    let mut rt = mem();
    let c = deploy(&mut rt, COUNTER);
    let bad = deploy(&mut rt, WRITE_REVERT);
    rt.begin_block();
    assert!(rt.call(addr(2), c, "main", &[], 0, GAS).success);
    let r = rt.call(addr(2), bad, "main", &[], 0, GAS);
    assert_eq!(r.error.as_deref(), Some("reverted"));
    // Views see the block's changes and never keep theirs.
    let v = rt.view(addr(2), c, "main", &[], GAS);
    assert_eq!(v.return_data, word(2));
    assert_eq!(
        rt.estimate_gas(addr(2), c, "main", &[], 0, GAS),
        Ok(v.gas_used)
    );
    let r = rt.call(addr(2), c, "main", &[], 0, GAS);
    assert_eq!(r.return_data, word(2));
    // Value transfers and mints inside the block.
    rt.mint(&addr(4), 50).unwrap();
    let r = rt.call(addr(4), c, "main", &[], 60, GAS);
    assert!(r.error.unwrap().contains("insufficient balance"));
    assert!(rt.call(addr(4), c, "main", &[], 30, GAS).success);
    let h = rt.height();
    let b = rt.end_block().unwrap();
    assert_eq!(b.height, h + 1);
    assert_eq!(slot0(&rt, &c), word(3));
    assert_eq!(slot0(&rt, &bad), [0; 32]);
    assert_eq!(rt.balance(&addr(4)).unwrap(), 20);
    assert_eq!(rt.balance(&c).unwrap(), 30);

    rt.begin_block();
    assert!(rt.call(addr(2), c, "main", &[], 0, GAS).success);
    assert!(rt.abort_block());
    assert!(!rt.abort_block());
    assert_eq!(rt.height(), h + 1);
    assert_eq!(slot0(&rt, &c), word(3));
    // An empty block still advances the height.
    assert_eq!(rt.end_block().unwrap().height, h + 2);
}

#[test]
fn block_env_is_fixed_for_the_block() {
    let mut rt = mem();
    let c = deploy(&mut rt, COUNTER);
    rt.begin_block();
    let env = rt.block_env();
    assert_eq!(env.height, 2);
    rt.call(addr(2), c, "main", &[], 0, GAS);
    assert_eq!(rt.block_env(), env);
    rt.end_block().unwrap();
    assert_eq!(rt.block_env().height, 3);
}

#[test]
fn deploy_in_block_then_call_and_code_cache_follows_rollback() {
    let mut rt = mem();
    rt.begin_block();
    let d = rt.deploy(addr(1), &code(COUNTER), &[], 0, GAS);
    assert!(d.success, "{:?}", d.error);
    let c = d.contract_address.unwrap();
    // Code deployed in the block is callable in the block (not from the cache).
    assert_eq!(
        rt.call(addr(2), c, "main", &[], 0, GAS).return_data,
        word(1)
    );
    rt.end_block().unwrap();
    assert_eq!(
        rt.call(addr(2), c, "main", &[], 0, GAS).return_data,
        word(2)
    );
    assert_eq!(rt.height(), 2);
    // Roll back past the deploy: the cached code must not survive.
    rt.store_mut().rollback_to(0).unwrap();
    let r = rt.call(addr(2), c, "main", &[], 0, GAS);
    assert!(r.error.unwrap().contains("no contract"));
    // Redeploy different code at the same address (same deployer, nonce 0 again).
    let d = rt.deploy(addr(1), &code(WITH_CTOR), &word(9), 0, GAS);
    assert_eq!(d.contract_address, Some(c));
    let r = rt.call(addr(2), c, "get", &[], 0, GAS);
    assert!(r.success, "{:?}", r.error);
    assert_eq!(r.return_data, word(9));
    assert!(
        rt.call(addr(2), c, "main", &[], 0, GAS)
            .error
            .unwrap()
            .contains("no export")
    );
}

#[test]
fn blocks_on_redb() {
    let dir = TempDir::new("blocks");
    let mut single = mem();
    let c1 = deploy(&mut single, COUNTER);
    let mut rt = Runtime::new(RedbState::open(dir.path()).unwrap()).with_block_time(TIME);
    let c2 = deploy(&mut rt, COUNTER);
    assert_eq!(c1, c2);
    rt.begin_block();
    for _ in 0..50 {
        assert_eq!(
            rt.call(addr(2), c2, "main", &[], 0, GAS),
            single.call(addr(2), c1, "main", &[], 0, GAS)
        );
    }
    let b = rt.end_block().unwrap();
    assert_eq!(b.height, 2);
    assert_eq!(b.root, single.state_root());
    drop(rt);
    let rt = Runtime::new(RedbState::open(dir.path()).unwrap());
    assert_eq!(slot0(&rt, &c2), word(50));
}

#[test]
fn selector_decoding_matches_hex() {
    let cases = [
        "a9059cbb",
        "A9059CBB",
        "0a0B0c0D",
        "00000000",
        "ffffffff",
        "a9059cb",
        "a9059cbbb",
        "",
        "a9059cbg",
        "a9059c b",
        "+9059cbb",
        "é9059cb",
        "0x12345678",
    ];
    for c in cases {
        let mut want = [0u8; 4];
        let want = hex::decode_to_slice(c, &mut want).ok().map(|()| want);
        assert_eq!(host::selector(c.as_bytes()), want, "{c:?}");
    }
}

#[test]
fn evm_calldata_puts_the_selector_in_front() {
    let sel = [0xa9, 0x05, 0x9c, 0xbb];
    let input = vec![7u8; 68];
    let want = [&sel[..], &input].concat();
    // With and without room reserved in front.
    let mut roomy = Vec::with_capacity(72);
    roomy.extend_from_slice(&input);
    for (f, data) in [("a9059cbb", roomy), ("0xA9059CBB", input.clone())] {
        let Ok(got) = host::evm_calldata(f, data) else {
            panic!("{f} is a selector")
        };
        assert_eq!(got, want);
    }
    for f in ["", SUBCALL_ENTRY] {
        assert!(matches!(host::evm_calldata(f, input.clone()), Ok(d) if d == input));
    }
    assert!(matches!(
        host::evm_calldata("transfer", input.clone()),
        Err(host::Refused::BadSelector(_))
    ));
}
