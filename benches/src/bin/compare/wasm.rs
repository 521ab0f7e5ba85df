//! `compare wasm`: calls per second of a WASM storage-increment contract on one core:
//! through the ZVM runtime (`zvm::runtime::Runtime` over `MemoryState`: the `zvm` host
//! ABI, fuel as gas, journaled storage, receipts) against raw `wasmi` running the same
//! module with minimal host functions over a `HashMap` (a new `Store`, instantiation and
//! one call per iteration, as ZVM does per call).
//!
//! Not wired into `compare`'s groups yet: `main.rs` can add `mod wasm;` and call
//! [`wasm`] like [`vm`](super::vm).

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use benches::{Config, Table, Unit, case, case_ops, measure};
use zvm::address::Address;
use zvm::runtime::Runtime;
use zvm::state::MemoryState;

/// Calls per block.
const BLOCK: u64 = 1_000;
/// Gas limit of every call.
const GAS: u64 = 1_000_000;

const DEPLOYER: Address = Address([0xd0; 20]);
const CALLER: Address = Address([0xca; 20]);

/// The storage counter: reads the 8-byte value at key 0, adds 1, writes it back and
/// returns it.
const COUNTER: &str = r#"
(module
  (import "zvm" "storage_read" (func $storage_read (param i32 i32 i32) (result i32)))
  (import "zvm" "storage_write" (func $storage_write (param i32 i32 i32)))
  (import "zvm" "return_data" (func $return_data (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "main")
    (drop (call $storage_read (i32.const 0) (i32.const 32) (i32.const 8)))
    (i64.store (i32.const 32) (i64.add (i64.load (i32.const 32)) (i64.const 1)))
    (call $storage_write (i32.const 0) (i32.const 32) (i32.const 8))
    (call $return_data (i32.const 32) (i32.const 8))))
"#;

/// Pure computation: 100,000 iterations of a small loop body (no host calls), to relate
/// fuel (and so gas) to time.
const LOOP: &str = r#"
(module
  (memory (export "memory") 1)
  (func (export "main")
    (local $i i32) (local $x i32)
    (loop $l
      (local.set $x (i32.xor (i32.mul (local.get $x) (i32.const 31)) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100000))))
    (i32.store (i32.const 0) (local.get $x))))
"#;

/// 1,000 `storage_read`s (each suspends and resumes the wasmi call in ZVM).
const READS: &str = r#"
(module
  (import "zvm" "storage_read" (func $storage_read (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "main")
    (local $i i32)
    (loop $l
      (drop (call $storage_read (i32.const 0) (i32.const 32) (i32.const 8)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))))
"#;

/// 1,000 `gas_left`s (a host function that runs directly, without suspending).
const PURE: &str = r#"
(module
  (import "zvm" "gas_left" (func $gas_left (result i64)))
  (memory (export "memory") 1)
  (func (export "main")
    (local $i i32)
    (loop $l
      (drop (call $gas_left))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))))
"#;

/// Raw wasmi: the same module, host functions over a `HashMap` in the store data.
mod raw {
    use super::HashMap;
    use wasmi::{Caller, Config, Engine, Linker, Module, Store};

    #[derive(Default)]
    pub struct Data {
        pub storage: HashMap<[u8; 32], Vec<u8>>,
        pub output: Vec<u8>,
        memory: Option<wasmi::Memory>,
    }

    pub struct Raw {
        engine: Engine,
        linker: Linker<Data>,
        module: Module,
        pub storage: HashMap<[u8; 32], Vec<u8>>,
    }

    fn mem(c: &Caller<'_, Data>) -> wasmi::Memory {
        c.data().memory.expect("memory")
    }

    impl Raw {
        pub fn new(wasm: &[u8]) -> Raw {
            let mut cfg = Config::default();
            cfg.consume_fuel(true)
                .compilation_mode(wasmi::CompilationMode::Eager);
            let engine = Engine::new(&cfg);
            let module = Module::new(&engine, wasm).expect("module");
            let mut linker = Linker::<Data>::new(&engine);
            linker
                .func_wrap(
                    "zvm",
                    "storage_read",
                    |mut c: Caller<'_, Data>, key: u32, dst: u32, cap: u32| -> i32 {
                        let m = mem(&c);
                        let (bytes, d) = m.data_and_store_mut(&mut c);
                        let k = key as usize;
                        let mut kk = [0u8; 32];
                        kk.copy_from_slice(&bytes[k..k + 32]);
                        let v = d.storage.get(&kk).cloned().unwrap_or_default();
                        let n = v.len().min(cap as usize);
                        bytes[dst as usize..dst as usize + n].copy_from_slice(&v[..n]);
                        v.len() as i32
                    },
                )
                .expect("link");
            linker
                .func_wrap(
                    "zvm",
                    "storage_write",
                    |mut c: Caller<'_, Data>, key: u32, ptr: u32, len: u32| {
                        let m = mem(&c);
                        let (bytes, d) = m.data_and_store_mut(&mut c);
                        let mut kk = [0u8; 32];
                        kk.copy_from_slice(&bytes[key as usize..key as usize + 32]);
                        let v = bytes[ptr as usize..(ptr + len) as usize].to_vec();
                        d.storage.insert(kk, v);
                    },
                )
                .expect("link");
            linker
                .func_wrap(
                    "zvm",
                    "return_data",
                    |mut c: Caller<'_, Data>, ptr: u32, len: u32| {
                        let m = mem(&c);
                        let (bytes, d) = m.data_and_store_mut(&mut c);
                        d.output = bytes[ptr as usize..(ptr + len) as usize].to_vec();
                    },
                )
                .expect("link");
            Raw {
                engine,
                linker,
                module,
                storage: HashMap::new(),
            }
        }

        /// One call: new store, instantiate, call `main`.
        pub fn call(&mut self) -> Vec<u8> {
            let data = Data {
                storage: std::mem::take(&mut self.storage),
                ..Data::default()
            };
            let mut store = Store::new(&self.engine, data);
            store.set_fuel(10_000_000).expect("fuel");
            let inst = self
                .linker
                .instantiate_and_start(&mut store, &self.module)
                .expect("instantiate");
            store.data_mut().memory = inst.get_memory(&store, "memory");
            let f = inst.get_typed_func::<(), ()>(&store, "main").expect("main");
            f.call(&mut store, ()).expect("call");
            let d = store.into_data();
            self.storage = d.storage;
            d.output
        }
    }
}

fn runtime(wasm: &[u8]) -> (Runtime<MemoryState>, Address) {
    let mut rt = Runtime::new(MemoryState::new()).with_block_time(1_700_000_000);
    let d = rt.deploy(DEPLOYER, wasm, &[], 0, 10_000_000);
    assert!(d.success, "deploy: {:?}", d.error);
    (rt, d.contract_address.expect("deployed"))
}

fn block(rt: &mut Runtime<MemoryState>, c: Address) -> u64 {
    rt.begin_block();
    let mut ok = 0;
    for _ in 0..BLOCK {
        ok += u64::from(rt.call(CALLER, c, "main", black_box(&[]), 0, GAS).success);
    }
    let committed = rt.end_block().expect("block commits");
    debug_assert_eq!(ok, BLOCK);
    ok + committed.height
}

/// The `wasm` group: a table in ns per call, and `[wasm]` lines on stderr.
pub fn wasm(_cfg: Config) -> Table {
    let pool1 = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    pool1.install(run)
}

/// Runs the group (see [`wasm`]).
pub fn run() -> Table {
    let code = wat::parse_str(COUNTER).expect("wat");
    // Sanity: both count.
    let (mut zb, zb_addr) = runtime(&code);
    let (mut zs, zs_addr) = runtime(&code);
    let r = zs.call(CALLER, zs_addr, "main", &[], 0, GAS);
    assert!(r.success, "{:?}", r.error);
    assert_eq!(r.return_data, 1u64.to_le_bytes());
    let gas = zs.call(CALLER, zs_addr, "main", &[], 0, GAS).gas_used;
    let mut raw = raw::Raw::new(&code);
    assert_eq!(raw.call(), 1u64.to_le_bytes());
    assert_eq!(raw.call(), 2u64.to_le_bytes());

    let loop_code = wat::parse_str(LOOP).expect("wat");
    let (mut zl, zl_addr) = runtime(&loop_code);
    let r = zl.call(CALLER, zl_addr, "main", &[], 0, 100_000_000);
    assert!(r.success, "{:?}", r.error);
    let loop_gas = r.gas_used;

    let reads_code = wat::parse_str(READS).expect("wat");
    let (mut zr, zr_addr) = runtime(&reads_code);
    assert!(zr.view(CALLER, zr_addr, "main", &[], GAS).success);
    let mut raw_reads = raw::Raw::new(&reads_code);
    raw_reads.call();
    let pure_code = wat::parse_str(PURE).expect("wat");
    let (mut zp, zp_addr) = runtime(&pure_code);
    assert!(zp.view(CALLER, zp_addr, "main", &[], GAS).success);

    let cfg = Config {
        warmup: Duration::from_millis(100),
        batch: Duration::from_millis(20),
        batches: 31,
    };
    const ZB: &str = "ZVM WASM counter, blocks of 1,000";
    const ZS: &str = "ZVM WASM counter, commit per call";
    const RAW: &str = "raw wasmi 2.0 counter (store + instantiate + call)";
    const READS_CASE: &str = "ZVM WASM 1,000 storage_read (view)";
    const RAW_READS: &str = "raw wasmi 1,000 storage_read";
    const PURE_CASE: &str = "ZVM WASM 1,000 gas_left (view)";
    const LOOP_CASE: &str = "ZVM WASM loop of 100,000 iterations (view)";
    let m = measure(
        cfg,
        vec![
            case_ops(ZB, BLOCK, || block(&mut zb, zb_addr)),
            case(ZS, || {
                zs.call(CALLER, zs_addr, "main", black_box(&[]), 0, GAS)
                    .success
            }),
            case(RAW, || raw.call()),
            case(READS_CASE, || {
                zr.view(CALLER, zr_addr, "main", black_box(&[]), GAS)
                    .success
            }),
            case(RAW_READS, || raw_reads.call()),
            case(PURE_CASE, || {
                zp.view(CALLER, zp_addr, "main", black_box(&[]), GAS)
                    .success
            }),
            case(LOOP_CASE, || {
                zl.view(CALLER, zl_addr, "main", black_box(&[]), 100_000_000)
                    .success
            }),
        ],
    );
    for c in m.all() {
        eprintln!(
            "[wasm] {:<52} {:>10.0} calls/s  ({:.0} ns/call, batch IQR {:.1}%)",
            c.name,
            1e9 / c.ns_per_op,
            c.ns_per_op,
            c.spread * 100.0
        );
    }
    let mut table = Table::new(
        "WASM contract calls on one core (ns per call, lower is better; ours/peer > 1.0 = ZVM faster)",
        Unit::NsPerOp,
    );
    table.row(
        "storage counter [ZVM blocks vs raw wasmi]",
        &m,
        ZB,
        RAW,
        false,
    );
    table.row(
        "storage counter [ZVM commit per call vs raw wasmi]",
        &m,
        ZS,
        RAW,
        false,
    );
    let cps = |n: &str| 1e9 / m.get(n).ns_per_op;
    let loop_ns = m.get(LOOP_CASE).ns_per_op;
    let per = |n: &str| m.get(n).ns_per_op / 1000.0;
    eprintln!(
        "[wasm] per host call: storage_read {:.0} ns (raw wasmi {:.0} ns), gas_left {:.0} ns",
        per(READS_CASE),
        per(RAW_READS),
        per(PURE_CASE)
    );
    eprintln!(
        "[wasm] loop: {loop_gas} gas, {loop_ns:.0} ns: {:.1} ns per gas (target 20)",
        loop_ns / loop_gas as f64
    );
    table.set_note(format!(
        "Calls/s (median batch, one core): ZVM WASM counter in blocks of 1,000 {:.0}; with a \
         commit (state root) per call {:.0}; raw wasmi {:.0}. The contract reads an 8-byte \
         value (`storage_read`), adds 1, writes it (`storage_write`) and returns it \
         (`return_data`); {gas} gas per call. ZVM per call: a fresh wasmi store and instance \
         (module compiled once, cached), fuel = gas × 10, the `zvm` ABI with storage through \
         the journal (each storage call suspends and resumes the wasmi call), receipt. Raw \
         wasmi: the same engine settings (fuel, eager compilation), a new store, \
         instantiation and one typed call per iteration, host functions over a `HashMap` \
         without checks.\n\nFuel against time: a loop of 100,000 iterations (`view`) uses \
         {loop_gas} gas and takes {loop_ns:.0} ns, {:.1} ns per gas (the schedule's unit is \
         20 ns).\n\nPer host call (1,000 in a loop, `view`, divided by 1,000; includes the \
         loop and the call's share of instantiation): `storage_read` {:.0} ns through ZVM \
         (suspend, journal read, copy, resume) against {:.0} ns in raw wasmi (a direct \
         `HashMap` lookup); `gas_left` (runs directly) {:.0} ns.",
        cps(ZB),
        cps(ZS),
        cps(RAW),
        loop_ns / loop_gas as f64,
        per(READS_CASE),
        per(RAW_READS),
        per(PURE_CASE),
    ));
    table
}
