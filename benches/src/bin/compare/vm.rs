//! `compare vm`: contract calls per second on one core: the native ZVM runtime
//! (`zvm::runtime::Runtime`) against raw `revm` running the same counter logic as EVM
//! bytecode, plus an Ed25519-verifying contract, the redb store, and the peak memory of
//! one runtime instance.
//!
//! Every case runs on the calling thread, inside a one-thread rayon pool (so nothing in
//! the runtime can fan out to other cores). A case that runs a block performs 1,000
//! calls and one `end_block` per closure call and is reported per call ([`case_ops`]).

use std::hint::black_box;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Duration;

use benches::{Config, Table, Unit, case, case_ops, measure};
use zcrypto::Algorithm;
use zcrypto::metered::Op;
use zcrypto::sig::{Encoding as _, dynamic, ed25519};
use zvm::address::Address;
use zvm::runtime::Runtime;
use zvm::state::{MemoryState, RedbState, StateStore};

/// Calls per block (one state commit, one root update per block).
const BLOCK: u64 = 1_000;
/// Gas limit of every call.
const GAS: u64 = 1_000_000;
/// The hidden argument that makes `compare` measure peak memory in a child process.
pub const PEAK_MEMORY_ARG: &str = "--vm-peak-memory";
/// Blocks the peak-memory child runs per store.
const PEAK_BLOCKS: u64 = 200;

/// The repository's counter contract (`zvm/contracts/counter.zasm`): SLOAD, calldata
/// check, ADD, SSTORE, MSTORE, LOG1, RETURN 32 bytes.
const COUNTER: &str = include_str!("../../../../zvm/contracts/counter.zasm");

/// The EVM counter's logic in ZVM bytecode, instruction for instruction: slot 0 += 1.
const MIN_COUNTER: &str = "
.export main main
main:
    JUMPDEST
    PUSH0
    SLOAD
    PUSH 1
    ADD
    PUSH0
    SSTORE
    STOP
";

/// Verifies one Ed25519 signature: call data `pk (32) ‖ msg (32) ‖ sig (64)`, returns
/// the verdict word (1 valid, 0 not). Metered `VERIFY` (selector `verify_ed25519`).
fn ed25519_contract() -> String {
    // VERIFY pops the selector, then (offset, len) for key, message, context, signature.
    format!(
        "
.export main main
main:
    JUMPDEST
    CALLDATASIZE
    PUSH0
    PUSH0
    CALLDATACOPY
    PUSH 64
    PUSH 64
    PUSH0
    PUSH0
    PUSH 32
    PUSH 32
    PUSH 32
    PUSH0
    PUSH 0x{:04x}
    VERIFY
    PUSH0
    MSTORE
    PUSH 32
    PUSH0
    RETURN
",
        Op::VerifyEd25519.id()
    )
}

/// The EVM counter: `PUSH0 SLOAD PUSH1 1 ADD PUSH0 SSTORE STOP` (slot 0 += 1).
const EVM_COUNTER: [u8; 8] = [0x5f, 0x54, 0x60, 0x01, 0x01, 0x5f, 0x55, 0x00];

const DEPLOYER: Address = Address([0xd0; 20]);
const CALLER: Address = Address([0xca; 20]);

/// A runtime over `store` with `src` deployed; returns it and the contract address.
fn runtime<S: StateStore>(store: S, src: &str) -> (Runtime<S>, Address) {
    let code = zvm::asm::assemble(src)
        .expect("contract assembles")
        .encode();
    let mut rt = Runtime::new(store).with_block_time(1_700_000_000);
    let d = rt.deploy(DEPLOYER, &code, &[], 0, 10_000_000);
    assert!(d.success, "deploy: {:?}", d.error);
    (rt, d.contract_address.expect("deployed"))
}

/// One block of [`BLOCK`] calls with `input`, then its single commit.
fn block<S: StateStore>(rt: &mut Runtime<S>, c: Address, input: &[u8]) -> u64 {
    rt.begin_block();
    let mut ok = 0;
    for _ in 0..BLOCK {
        let r = rt.call(CALLER, c, "main", black_box(input), 0, GAS);
        ok += u64::from(r.success);
    }
    let committed = rt.end_block().expect("block commits");
    debug_assert_eq!(ok, BLOCK);
    ok + committed.height
}

/// One call with its own commit (no block).
fn single<S: StateStore>(rt: &mut Runtime<S>, c: Address, input: &[u8]) -> bool {
    rt.call(CALLER, c, "main", black_box(input), 0, GAS).success
}

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let p =
            std::env::temp_dir().join(format!("compare-vm-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Raw revm: the EVM counter in a `CacheDB<EmptyDB>`, one `transact_commit` per call.
mod evm {
    use revm::context::TxEnv;
    use revm::database::{CacheDB, EmptyDB};
    use revm::primitives::{Address, Bytes, TxKind};
    use revm::state::{AccountInfo, Bytecode};
    use revm::{Context, ExecuteCommitEvm, MainBuilder, MainContext, MainnetEvm};

    pub type Evm = MainnetEvm<revm::handler::MainnetContext<CacheDB<EmptyDB>>>;

    pub const CONTRACT: Address = Address::new([0xcc; 20]);
    pub const CALLER: Address = Address::new([0xca; 20]);

    /// The EVM with `code` at [`CONTRACT`].
    pub fn new(code: &[u8]) -> Evm {
        let mut db = CacheDB::new(EmptyDB::default());
        db.insert_account_info(
            CONTRACT,
            AccountInfo::from_bytecode(Bytecode::new_raw(Bytes::copy_from_slice(code))),
        );
        Context::mainnet().with_db(db).build_mainnet()
    }

    /// One call from [`CALLER`] with nonce `nonce`, committed; whether it succeeded.
    pub fn call(evm: &mut Evm, nonce: &mut u64) -> bool {
        let tx = TxEnv::builder()
            .caller(CALLER)
            .kind(TxKind::Call(CONTRACT))
            .gas_limit(100_000)
            .nonce(*nonce)
            .build_fill();
        *nonce += 1;
        evm.transact_commit(tx).is_ok_and(|r| r.is_success())
    }

    /// Slot 0 of [`CONTRACT`].
    pub fn slot0(evm: &Evm) -> u64 {
        let v = evm
            .ctx
            .journaled_state
            .database
            .cache
            .accounts
            .get(&CONTRACT)
            .and_then(|a| a.storage.get(&revm::primitives::U256::ZERO).copied())
            .unwrap_or_default();
        v.to::<u64>()
    }
}

pub fn vm(_cfg: Config) -> Table {
    let pool1 = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    pool1.install(run)
}

fn run() -> Table {
    // Inputs for the Ed25519 contract: pk ‖ msg ‖ sig.
    let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[0x42; 32]).expect("keygen");
    let msg = [0x6du8; 32];
    let sig = dynamic::sign(Algorithm::Ed25519, &sk, &msg, b"").expect("sign");
    let ed_input: Vec<u8> = [&pk[..], &msg, &sig].concat();

    // Sanity: every engine computes what it should before it is timed.
    let (mut zc, zc_addr) = runtime(MemoryState::new(), COUNTER);
    let (mut zc1, zc1_addr) = runtime(MemoryState::new(), COUNTER);
    let (mut zm, zm_addr) = runtime(MemoryState::new(), MIN_COUNTER);
    let (mut zm1, zm1_addr) = runtime(MemoryState::new(), MIN_COUNTER);
    let (mut ze, ze_addr) = runtime(MemoryState::new(), &ed25519_contract());
    let r = ze.call(CALLER, ze_addr, "main", &ed_input, 0, GAS);
    assert!(r.success && r.return_data[31] == 1, "ZVM verifies: {r:?}");
    let ed_gas = r.gas_used;
    let mut bad = ed_input.clone();
    bad[40] ^= 1;
    let r = ze.call(CALLER, ze_addr, "main", &bad, 0, GAS);
    assert!(r.success && r.return_data[31] == 0, "ZVM rejects: {r:?}");
    let zm_gas = zm.call(CALLER, zm_addr, "main", &[], 0, GAS).gas_used;
    let zc_gas = zc.call(CALLER, zc_addr, "main", &[], 0, GAS).gas_used;
    let redb_dir = TempDir::new("redb");
    let (mut zr, zr_addr) = runtime(
        RedbState::open(&redb_dir.0).expect("redb opens"),
        MIN_COUNTER,
    );
    let redb1_dir = TempDir::new("redb1");
    let (mut zr1, zr1_addr) = runtime(
        RedbState::open(&redb1_dir.0).expect("redb opens"),
        MIN_COUNTER,
    );
    let mut revm_counter = evm::new(&EVM_COUNTER);
    let mut revm_nonce = 0u64;
    for _ in 0..3 {
        assert!(
            evm::call(&mut revm_counter, &mut revm_nonce),
            "revm counter"
        );
    }
    assert_eq!(evm::slot0(&revm_counter), 3, "revm increments slot 0");
    block(&mut zm, zm_addr, &[]);
    assert_eq!(
        zm.storage_word(&zm_addr, &[0; 32]).unwrap()[30..],
        [0x03, 0xe9]
    );

    let cfg = Config {
        warmup: Duration::from_millis(100),
        batch: Duration::from_millis(20),
        batches: 31,
    };
    const ZM_BLOCK: &str = "ZVM min counter, blocks of 1,000";
    const ZC_BLOCK: &str = "ZVM counter.zasm, blocks of 1,000";
    const ZM_SINGLE: &str = "ZVM min counter, commit per call";
    const ZC_SINGLE: &str = "ZVM counter.zasm, commit per call";
    const REVM: &str = "revm 43.0.3 counter, transact_commit";
    const ZE_BLOCK: &str = "ZVM Ed25519 verify contract, blocks of 1,000";
    const ZC_VERIFY: &str = "zcrypto Ed25519 ZIP-215 verify from bytes (no VM)";
    const ZR_BLOCK: &str = "ZVM min counter on redb, blocks of 1,000";
    const ZR_SINGLE: &str = "ZVM min counter on redb, commit per call";
    let m = measure(
        cfg,
        vec![
            case_ops(ZM_BLOCK, BLOCK, || block(&mut zm, zm_addr, &[])),
            case_ops(ZC_BLOCK, BLOCK, || block(&mut zc, zc_addr, &[])),
            case(ZM_SINGLE, || single(&mut zm1, zm1_addr, &[])),
            case(ZC_SINGLE, || single(&mut zc1, zc1_addr, &[])),
            case(REVM, || evm::call(&mut revm_counter, &mut revm_nonce)),
            case_ops(ZE_BLOCK, BLOCK, || block(&mut ze, ze_addr, &ed_input)),
            case(ZC_VERIFY, || {
                // The work `VERIFY verify_ed25519` does: decode key and signature from
                // bytes, ZIP-215 verification.
                let vk = ed25519::VerifyingKey::from_bytes(black_box(&pk)).expect("key");
                let sig = ed25519::Signature::from_bytes(black_box(&sig)).expect("sig");
                vk.verify_zip215(black_box(&msg), &sig).is_ok()
            }),
            case_ops(ZR_BLOCK, BLOCK, || block(&mut zr, zr_addr, &[])),
            case(ZR_SINGLE, || single(&mut zr1, zr1_addr, &[])),
        ],
    );
    let calls_per_sec = |name: &str| 1e9 / m.get(name).ns_per_op;
    for c in m.all() {
        eprintln!(
            "[vm] {:<48} {:>10.0} calls/s  ({:.0} ns/call, batch IQR {:.1}%)",
            c.name,
            1e9 / c.ns_per_op,
            c.ns_per_op,
            c.spread * 100.0
        );
    }

    let mut table = Table::new(
        "Contract calls on one core (ns per call, lower is better; ours/peer > 1.0 = ZVM faster)",
        Unit::NsPerOp,
    );
    table.row(
        "counter (SLOAD+ADD+SSTORE) [ZVM blocks vs revm]",
        &m,
        ZM_BLOCK,
        REVM,
        false,
    );
    table.row(
        "counter.zasm (+LOG1, RETURN) [ZVM blocks vs revm]",
        &m,
        ZC_BLOCK,
        REVM,
        false,
    );
    table.row(
        "counter [ZVM commit per call vs revm]",
        &m,
        ZM_SINGLE,
        REVM,
        false,
    );
    table.row(
        "counter.zasm [ZVM commit per call vs revm]",
        &m,
        ZC_SINGLE,
        REVM,
        false,
    );
    table.row(
        "counter [redb blocks vs memory blocks]",
        &m,
        ZR_BLOCK,
        ZM_BLOCK,
        false,
    );
    table.row(
        "counter [redb commit per call vs revm]",
        &m,
        ZR_SINGLE,
        REVM,
        false,
    );
    table.row(
        "Ed25519 verify [ZVM contract vs plain zcrypto call]",
        &m,
        ZE_BLOCK,
        ZC_VERIFY,
        false,
    );

    let peak = peak_memory();
    let best = calls_per_sec(ZM_BLOCK);
    let repo_counter = calls_per_sec(ZC_BLOCK);
    let revm = calls_per_sec(REVM);
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    table.set_note(format!(
        "Calls/s (median batch, one core, `MemoryState` unless noted): ZVM min counter in \
         blocks of 1,000 {best:.0}; ZVM counter.zasm in blocks {repo_counter:.0}; ZVM min \
         counter with a commit per call {:.0}; counter.zasm commit per call {:.0}; raw revm \
         43.0.3 counter {revm:.0}; ZVM Ed25519 contract {:.0} (the same verification without the VM {:.0}/s); \
         redb, blocks of 1,000 (one fsynced redb transaction and root per block) {:.0}; redb \
         commit per call {:.0}.\n\n\
         Target ≥ 1,000,000 calls/s: {} (min counter, blocks). Ahead of revm in the same run: \
         {} (min counter, blocks: {:.2}×; counter.zasm, blocks: {:.2}×; commit per call: \
         {:.2}×).\n\n\
         The *min counter* is the EVM counter's logic instruction for instruction (`PUSH0 \
         SLOAD PUSH 1 ADD PUSH0 SSTORE STOP`; revm runs `5f 54 60 01 01 5f 55 00`); \
         counter.zasm also reads the call data, emits LOG1 and returns a word. Gas per call: \
         min counter {zm_gas}, counter.zasm {zc_gas}, Ed25519 contract {ed_gas}. revm runs in \
         a `CacheDB<EmptyDB>` (no state root at all), building a `TxEnv` and calling \
         `transact_commit` per call, nonce checks on; ZVM in blocks computes one sparse-Merkle \
         state root per 1,000 calls, and per call when committing per call. Blocks: \
         `Runtime::begin_block` / `end_block`, each transaction on a checkpoint of one \
         journal. revm has no Ed25519 precompile, so the Ed25519 row compares the ZVM contract \
         (call data copy, metered `VERIFY` parsing key and signature from bytes, return) with \
         the same work as plain zcrypto calls (`ed25519::VerifyingKey::from_bytes`, \
         `Signature::from_bytes`, `verify_zip215`, which is what `verify_ed25519` runs): the ratio is \
         the VM's overhead on a crypto-bound call; the revm side is omitted.\n\n\
         Peak memory of one runtime instance ({PEAK_BLOCKS} blocks × {BLOCK} calls of the min \
         counter, measured in a child process as the rise of `/proc/self/status` VmHWM over \
         VmRSS before the runtime is created, so it includes allocator slack): {peak}. \
         `MemoryState` keeps every tree node, root and undo record ever written, so its \
         footprint grows with the number of blocks; redb keeps them on disk (64 MiB page cache \
         limit).",
        calls_per_sec(ZM_SINGLE),
        calls_per_sec(ZC_SINGLE),
        calls_per_sec(ZE_BLOCK),
        calls_per_sec(ZC_VERIFY),
        calls_per_sec(ZR_BLOCK),
        calls_per_sec(ZR_SINGLE),
        verdict(best >= 1_000_000.0),
        verdict(best > revm),
        best / revm,
        repo_counter / revm,
        calls_per_sec(ZM_SINGLE) / revm,
    ));
    table
}

/// Runs the peak-memory child for each store and returns its report.
fn peak_memory() -> String {
    let Ok(exe) = std::env::current_exe() else {
        return "not measured (no executable path)".into();
    };
    let mut parts = Vec::new();
    for store in ["memory", "redb"] {
        match Command::new(&exe).args([PEAK_MEMORY_ARG, store]).output() {
            Ok(out) if out.status.success() => {
                parts.push(String::from_utf8_lossy(&out.stdout).trim().to_owned());
            }
            Ok(out) => parts.push(format!(
                "{store}: child failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )),
            Err(e) => parts.push(format!("{store}: child did not start: {e}")),
        }
    }
    parts.join("; ")
}

/// A `/proc/self/status` field in KiB (Linux only).
fn status_kib(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// The peak-memory child: `compare --vm-peak-memory memory|redb`.
pub fn peak_memory_child(store: Option<&str>) -> ExitCode {
    let before = status_kib("VmRSS:");
    let report = |label: &str, after: Option<u64>| match (before, after) {
        (Some(b), Some(a)) => {
            let mb = a.saturating_sub(b) as f64 / 1024.0;
            let target = if mb < 50.0 {
                "< 50 MB: met"
            } else {
                "< 50 MB: NOT met"
            };
            println!("{label}: {mb:.1} MiB ({target})");
        }
        _ => println!("{label}: not measured (no /proc/self/status)"),
    };
    match store {
        Some("memory") => {
            let (mut rt, c) = runtime(MemoryState::new(), MIN_COUNTER);
            for _ in 0..PEAK_BLOCKS {
                black_box(block(&mut rt, c, &[]));
            }
            report("MemoryState", status_kib("VmHWM:"));
        }
        Some("redb") => {
            let dir = TempDir::new("peak");
            {
                let (mut rt, c) = runtime(RedbState::open(&dir.0).expect("redb"), MIN_COUNTER);
                for _ in 0..PEAK_BLOCKS {
                    black_box(block(&mut rt, c, &[]));
                }
                report("RedbState", status_kib("VmHWM:"));
            }
        }
        _ => {
            eprintln!("usage: compare {PEAK_MEMORY_ARG} memory|redb");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
