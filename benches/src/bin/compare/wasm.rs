//! `compare wasm`: WASM contract calls per second on one core, through the ZVM runtime
//! (`zvm::runtime::Runtime` over `MemoryState`: the `zvm` host ABI, fuel as gas,
//! journaled storage, receipts) against raw `wasmi` running the same modules with
//! minimal host functions over a `HashMap` (a new `Store`, instantiation and one call per
//! iteration, as ZVM does per call; and a call on a reused instance), and against the
//! native ZVM counter (`zvm/contracts/counter.zasm`) through the same runtime.
//!
//! Contracts: the checked-in Rust storage counter (`zvm/contracts/wasm/out/counter.wasm`)
//! and Ed25519-verify contract (`out/ed25519_verify.wasm`, a real zcrypto signature),
//! plus small WAT modules (a minimal one-page counter, loops of host calls, a compute
//! loop, an empty export for the fixed cost of a call).

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use benches::{Config, Table, Unit, case, case_ops, measure};
use zcrypto::Algorithm;
use zcrypto::sig::dynamic;
use zvm::address::Address;
use zvm::runtime::Runtime;
use zvm::state::MemoryState;

/// Calls per block.
const BLOCK: u64 = 1_000;
/// Gas limit of every call.
const GAS: u64 = 1_000_000;

const DEPLOYER: Address = Address([0xd0; 20]);
const CALLER: Address = Address([0xca; 20]);

/// The checked-in Rust storage counter (`increment`: `u64` at slot 0, big-endian).
const COUNTER_WASM: &[u8] = include_bytes!("../../../../zvm/contracts/wasm/out/counter.wasm");
/// The checked-in Ed25519-verify contract (`verify`: `pk ‖ sig ‖ msg` → `[1]`).
const ED25519_WASM: &[u8] =
    include_bytes!("../../../../zvm/contracts/wasm/out/ed25519_verify.wasm");
/// The native counter (slot 0 += 1, LOG1, returns the value).
const COUNTER_ZASM: &str = include_str!("../../../../zvm/contracts/counter.zasm");
/// Ed25519 calls per block.
const ED_BLOCK: u64 = 100;

/// An export that does nothing, with two pages of memory like the Rust contracts: the
/// fixed cost of a call (store, instantiation, receipt).
const EMPTY: &str = r#"
(module
  (memory (export "memory") 2)
  (func (export "main")))
"#;

/// The minimal WAT storage counter: reads the 8-byte value at key 0, adds 1, writes it back and
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

/// Raw wasmi: the same modules, minimal host functions over a `HashMap` in the store
/// data (no gas, no bounds messages, no journal), the same engine settings as ZVM (fuel,
/// eager compilation).
mod raw {
    use super::HashMap;
    use wasmi::{Caller, Config, Engine, Instance, Linker, Module, Store, TypedFunc};
    use zcrypto::metered::{self, GasMeter, Op, SignatureSpans, Span};

    #[derive(Default)]
    pub struct Data {
        pub storage: HashMap<[u8; 32], Vec<u8>>,
        pub input: Vec<u8>,
        pub output: Vec<u8>,
        memory: Option<wasmi::Memory>,
    }

    /// An engine, a linker and one compiled module.
    pub struct Raw {
        engine: Engine,
        linker: Linker<Data>,
        module: Module,
        pub storage: HashMap<[u8; 32], Vec<u8>>,
        pub input: Vec<u8>,
        /// A long-lived store and instance for [`Raw::call_reused`].
        reused: Option<(Store<Data>, TypedFunc<(), ()>)>,
    }

    fn mem(c: &Caller<'_, Data>) -> wasmi::Memory {
        c.data().memory.expect("memory")
    }

    /// No metering in the raw host.
    struct Free;
    impl GasMeter for Free {
        fn charge(&mut self, _amount: u64) -> Result<(), zcrypto::Error> {
            Ok(())
        }
        fn remaining(&self) -> u64 {
            u64::MAX
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn verify(
        mut c: Caller<'_, Data>,
        op: Op,
        pk: u32,
        pk_len: u32,
        msg: u32,
        msg_len: u32,
        ctx: u32,
        ctx_len: u32,
        sig: u32,
        sig_len: u32,
    ) -> i32 {
        let m = mem(&c);
        let bytes = m.data_mut(&mut c);
        let spans = SignatureSpans {
            public_key: Span::new(pk, pk_len),
            message: Span::new(msg, msg_len),
            context: Span::new(ctx, ctx_len),
            signature: Span::new(sig, sig_len),
        };
        match metered::verify::verify(bytes, &mut Free, op, spans) {
            Ok(v) if v.is_valid() => 0,
            Ok(_) => 1,
            Err(e) => 256 + e.code() as i32,
        }
    }

    impl Raw {
        pub fn new(wasm: &[u8]) -> Raw {
            let mut cfg = Config::default();
            cfg.consume_fuel(true)
                .compilation_mode(wasmi::CompilationMode::Eager);
            let engine = Engine::new(&cfg);
            let module = Module::new(&engine, wasm).expect("module");
            let mut linker = Linker::<Data>::new(&engine);
            let l = &mut linker;
            l.func_wrap(
                "zvm",
                "storage_read",
                |mut c: Caller<'_, Data>, key: u32, dst: u32, cap: u32| -> i32 {
                    let m = mem(&c);
                    let (bytes, d) = m.data_and_store_mut(&mut c);
                    let k = key as usize;
                    let mut kk = [0u8; 32];
                    kk.copy_from_slice(&bytes[k..k + 32]);
                    let v = d.storage.get(&kk).map_or(&[][..], Vec::as_slice);
                    let n = v.len().min(cap as usize);
                    bytes[dst as usize..dst as usize + n].copy_from_slice(&v[..n]);
                    v.len() as i32
                },
            )
            .expect("link");
            l.func_wrap(
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
            l.func_wrap(
                "zvm",
                "storage_remove",
                |mut c: Caller<'_, Data>, key: u32| {
                    let m = mem(&c);
                    let (bytes, d) = m.data_and_store_mut(&mut c);
                    let mut kk = [0u8; 32];
                    kk.copy_from_slice(&bytes[key as usize..key as usize + 32]);
                    d.storage.remove(&kk);
                },
            )
            .expect("link");
            l.func_wrap(
                "zvm",
                "return_data",
                |mut c: Caller<'_, Data>, ptr: u32, len: u32| {
                    let m = mem(&c);
                    let (bytes, d) = m.data_and_store_mut(&mut c);
                    d.output = bytes[ptr as usize..(ptr + len) as usize].to_vec();
                },
            )
            .expect("link");
            l.func_wrap(
                "zvm",
                "revert",
                |_c: Caller<'_, Data>, _ptr: u32, _len: u32| -> Result<(), wasmi::Error> {
                    Err(wasmi::Error::new("revert"))
                },
            )
            .expect("link");
            l.func_wrap("zvm", "input_len", |c: Caller<'_, Data>| -> i32 {
                c.data().input.len() as i32
            })
            .expect("link");
            l.func_wrap("zvm", "input", |mut c: Caller<'_, Data>, dst: u32| {
                let m = mem(&c);
                let (bytes, d) = m.data_and_store_mut(&mut c);
                bytes[dst as usize..dst as usize + d.input.len()].copy_from_slice(&d.input);
            })
            .expect("link");
            l.func_wrap(
                "zvm",
                "verify_ed25519",
                |c: Caller<'_, Data>, a, b, m, n, x, y, s, t| {
                    verify(c, Op::VerifyEd25519, a, b, m, n, x, y, s, t)
                },
            )
            .expect("link");
            l.func_wrap(
                "zvm",
                "verify_ed25519_strict",
                |c: Caller<'_, Data>, a, b, m, n, x, y, s, t| {
                    verify(c, Op::VerifyEd25519Strict, a, b, m, n, x, y, s, t)
                },
            )
            .expect("link");
            Raw {
                engine,
                linker,
                module,
                storage: HashMap::new(),
                input: Vec::new(),
                reused: None,
            }
        }

        /// A new store (with the storage and input moved in) and an instance.
        fn instantiate(&mut self) -> (Store<Data>, Instance) {
            let data = Data {
                storage: std::mem::take(&mut self.storage),
                input: std::mem::take(&mut self.input),
                ..Data::default()
            };
            let mut store = Store::new(&self.engine, data);
            store.set_fuel(1_000_000_000).expect("fuel");
            let inst = self
                .linker
                .instantiate_and_start(&mut store, &self.module)
                .expect("instantiate");
            store.data_mut().memory = inst.get_memory(&store, "memory");
            (store, inst)
        }

        /// Instantiation alone: a new store and instance, dropped.
        pub fn instantiate_only(&mut self) -> bool {
            let (store, _) = self.instantiate();
            let d = store.into_data();
            self.storage = d.storage;
            self.input = d.input;
            true
        }

        /// One call as ZVM makes it: new store, instantiate, call `name`.
        pub fn call(&mut self, name: &str) -> Vec<u8> {
            let (mut store, inst) = self.instantiate();
            let f = inst.get_typed_func::<(), ()>(&store, name).expect("export");
            f.call(&mut store, ()).expect("call");
            let d = store.into_data();
            self.storage = d.storage;
            self.input = d.input;
            d.output
        }

        /// One call of `name` on an instance created once and reused (its memory and
        /// globals carry over from call to call).
        pub fn call_reused(&mut self, name: &str) -> usize {
            if self.reused.is_none() {
                let (store, inst) = self.instantiate();
                let f = inst.get_typed_func::<(), ()>(&store, name).expect("export");
                self.reused = Some((store, f));
            }
            let (store, f) = self.reused.as_mut().expect("instance");
            f.call(&mut *store, ()).expect("call");
            store.data().output.len()
        }

        /// The reused instance's store data.
        pub fn reused_data(&mut self) -> &mut Data {
            self.reused.as_mut().expect("instance").0.data_mut()
        }
    }
}

fn runtime(code: &[u8]) -> (Runtime<MemoryState>, Address) {
    let mut rt = Runtime::new(MemoryState::new()).with_block_time(1_700_000_000);
    let d = rt.deploy(DEPLOYER, code, &[], 0, 10_000_000);
    assert!(d.success, "deploy: {:?}", d.error);
    (rt, d.contract_address.expect("deployed"))
}

/// One block of `n` calls of `name` with `input`, then its single commit.
fn block(rt: &mut Runtime<MemoryState>, c: Address, name: &str, input: &[u8], n: u64) -> u64 {
    rt.begin_block();
    let mut ok = 0;
    for _ in 0..n {
        ok += u64::from(rt.call(CALLER, c, name, black_box(input), 0, GAS).success);
    }
    let committed = rt.end_block().expect("block commits");
    debug_assert_eq!(ok, n);
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
    // The Rust counter: ZVM and raw wasmi both count.
    let (mut zc, zc_addr) = runtime(COUNTER_WASM);
    let r = zc.call(CALLER, zc_addr, "increment", &[], 0, GAS);
    assert!(r.success, "{:?}", r.error);
    assert_eq!(r.return_data, 1u64.to_be_bytes());
    let counter_gas = r.gas_used;
    let mut raw_c = raw::Raw::new(COUNTER_WASM);
    assert_eq!(raw_c.call("increment"), 1u64.to_be_bytes());
    assert_eq!(raw_c.call("increment"), 2u64.to_be_bytes());
    let mut raw_cr = raw::Raw::new(COUNTER_WASM);
    raw_cr.call_reused("increment");
    raw_cr.call_reused("increment");
    assert_eq!(raw_cr.reused_data().output, 2u64.to_be_bytes());

    // Ed25519: a real signature; ZVM and raw wasmi both accept it.
    let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[7; 32]).expect("keygen");
    let msg = b"compare wasm: one Ed25519 signature";
    let sig = dynamic::sign(Algorithm::Ed25519, &sk, msg, b"").expect("sign");
    let ed_input = [&pk[..], &sig[..], &msg[..]].concat();
    let (mut ze, ze_addr) = runtime(ED25519_WASM);
    let r = ze.call(CALLER, ze_addr, "verify", &ed_input, 0, GAS);
    assert!(r.success, "{:?}", r.error);
    assert_eq!(r.return_data, [1]);
    let ed_gas = r.gas_used;
    let mut raw_e = raw::Raw::new(ED25519_WASM);
    raw_e.input = ed_input.clone();
    assert_eq!(raw_e.call("verify"), [1]);
    let mut raw_er = raw::Raw::new(ED25519_WASM);
    raw_er.input = ed_input.clone();
    raw_er.call_reused("verify");
    assert_eq!(raw_er.reused_data().output, [1]);

    // The native counter through the same runtime.
    let zasm = zvm::asm::assemble(COUNTER_ZASM)
        .expect("counter.zasm assembles")
        .encode();
    let (mut zn, zn_addr) = runtime(&zasm);
    let r = zn.call(CALLER, zn_addr, "main", &[], 0, GAS);
    assert!(r.success, "{:?}", r.error);
    let native_gas = r.gas_used;

    // The minimal WAT counter (one page, three imports).
    let code = wat::parse_str(COUNTER).expect("wat");
    let (mut zw, zw_addr) = runtime(&code);
    let r = zw.call(CALLER, zw_addr, "main", &[], 0, GAS);
    assert!(r.success, "{:?}", r.error);
    assert_eq!(r.return_data, 1u64.to_le_bytes());
    let mut raw_w = raw::Raw::new(&code);
    assert_eq!(raw_w.call("main"), 1u64.to_le_bytes());

    // The fixed cost of a call and of instantiation alone.
    let empty = wat::parse_str(EMPTY).expect("wat");
    let (mut z0, z0_addr) = runtime(&empty);
    assert!(z0.call(CALLER, z0_addr, "main", &[], 0, GAS).success);
    let mut raw_0 = raw::Raw::new(&empty);
    raw_0.call("main");
    let mut raw_i = raw::Raw::new(COUNTER_WASM);
    let mut raw_iw = raw::Raw::new(&code);

    let loop_code = wat::parse_str(LOOP).expect("wat");
    let (mut zl, zl_addr) = runtime(&loop_code);
    let r = zl.call(CALLER, zl_addr, "main", &[], 0, 100_000_000);
    assert!(r.success, "{:?}", r.error);
    let loop_gas = r.gas_used;

    let reads_code = wat::parse_str(READS).expect("wat");
    let (mut zr, zr_addr) = runtime(&reads_code);
    assert!(zr.view(CALLER, zr_addr, "main", &[], GAS).success);
    let mut raw_reads = raw::Raw::new(&reads_code);
    raw_reads.call("main");
    let pure_code = wat::parse_str(PURE).expect("wat");
    let (mut zp, zp_addr) = runtime(&pure_code);
    assert!(zp.view(CALLER, zp_addr, "main", &[], GAS).success);

    let cfg = Config {
        warmup: Duration::from_millis(100),
        batch: Duration::from_millis(20),
        batches: 31,
    };
    const ZC: &str = "ZVM WASM counter.wasm, blocks of 1,000";
    const RAW_C: &str = "raw wasmi counter.wasm (store + instantiate + call)";
    const RAW_CR: &str = "raw wasmi counter.wasm (call on a reused instance)";
    const ZN: &str = "ZVM native counter.zasm, blocks of 1,000";
    const ZE: &str = "ZVM WASM ed25519_verify.wasm, blocks of 100";
    const RAW_E: &str = "raw wasmi ed25519_verify.wasm (store + instantiate + call)";
    const RAW_ER: &str = "raw wasmi ed25519_verify.wasm (reused instance)";
    const ZW: &str = "ZVM WASM minimal WAT counter, blocks of 1,000";
    const RAW_W: &str = "raw wasmi minimal WAT counter (store + instantiate + call)";
    const Z0: &str = "ZVM WASM empty export (2 pages), blocks of 1,000";
    const RAW_0: &str = "raw wasmi empty export (store + instantiate + call)";
    const RAW_I: &str = "raw wasmi counter.wasm instantiate only (store + instance)";
    const RAW_IW: &str = "raw wasmi WAT counter instantiate only (store + instance)";
    const READS_CASE: &str = "ZVM WASM 1,000 storage_read (view)";
    const RAW_READS: &str = "raw wasmi 1,000 storage_read";
    const PURE_CASE: &str = "ZVM WASM 1,000 gas_left (view)";
    const LOOP_CASE: &str = "ZVM WASM loop of 100,000 iterations (view)";
    let m = measure(
        cfg,
        vec![
            case_ops(ZC, BLOCK, || {
                block(&mut zc, zc_addr, "increment", &[], BLOCK)
            }),
            case(RAW_C, || raw_c.call("increment")),
            case(RAW_CR, || raw_cr.call_reused("increment")),
            case_ops(ZN, BLOCK, || block(&mut zn, zn_addr, "main", &[], BLOCK)),
            case_ops(ZE, ED_BLOCK, || {
                block(&mut ze, ze_addr, "verify", &ed_input, ED_BLOCK)
            }),
            case(RAW_E, || raw_e.call("verify")),
            case(RAW_ER, || raw_er.call_reused("verify")),
            case_ops(ZW, BLOCK, || block(&mut zw, zw_addr, "main", &[], BLOCK)),
            case(RAW_W, || raw_w.call("main")),
            case_ops(Z0, BLOCK, || block(&mut z0, z0_addr, "main", &[], BLOCK)),
            case(RAW_0, || raw_0.call("main")),
            case(RAW_I, || raw_i.instantiate_only()),
            case(RAW_IW, || raw_iw.instantiate_only()),
            case(READS_CASE, || {
                zr.view(CALLER, zr_addr, "main", black_box(&[]), GAS)
                    .success
            }),
            case(RAW_READS, || raw_reads.call("main")),
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
            "[wasm] {:<60} {:>10.0} calls/s  ({:.0} ns/call, batch IQR {:.1}%)",
            c.name,
            1e9 / c.ns_per_op,
            c.ns_per_op,
            c.spread * 100.0
        );
    }
    let ns = |n: &str| m.get(n).ns_per_op;
    let cps = |n: &str| 1e9 / ns(n);
    let per = |n: &str| ns(n) / 1000.0;
    let loop_ns = ns(LOOP_CASE);
    eprintln!(
        "[wasm] ratios (time, >1 = ZVM slower): counter.wasm ZVM / raw new instance {:.2}, \
         / raw reused instance {:.1}, / ZVM native counter.zasm {:.2}; ed25519 ZVM / raw {:.2}; \
         WAT counter ZVM / raw {:.2}; empty export ZVM / raw {:.2}",
        ns(ZC) / ns(RAW_C),
        ns(ZC) / ns(RAW_CR),
        ns(ZC) / ns(ZN),
        ns(ZE) / ns(RAW_E),
        ns(ZW) / ns(RAW_W),
        ns(Z0) / ns(RAW_0),
    );
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
    let mut table = Table::new(
        "WASM contract calls on one core (ns per call, lower is better; ours/peer > 1.0 = ZVM faster)",
        Unit::NsPerOp,
    );
    table.row(
        "counter.wasm [ZVM blocks vs raw wasmi new instance]",
        &m,
        ZC,
        RAW_C,
        false,
    );
    table.row(
        "counter.wasm [ZVM blocks vs raw wasmi reused instance]",
        &m,
        ZC,
        RAW_CR,
        false,
    );
    table.row(
        "counter [ZVM WASM vs ZVM native counter.zasm]",
        &m,
        ZC,
        ZN,
        false,
    );
    table.row(
        "ed25519_verify.wasm [ZVM blocks vs raw wasmi new instance]",
        &m,
        ZE,
        RAW_E,
        false,
    );
    table.row(
        "minimal WAT counter [ZVM blocks vs raw wasmi new instance]",
        &m,
        ZW,
        RAW_W,
        false,
    );
    table.row(
        "fixed cost [ZVM empty export vs raw wasmi empty export]",
        &m,
        Z0,
        RAW_0,
        false,
    );
    table.set_note(format!(
        "Calls/s (median batch, one core): ZVM WASM counter.wasm (the checked-in Rust \
         storage counter, 2 pages, {counter_gas} gas) in blocks of 1,000 {:.0}; raw wasmi \
         on the same module {:.0} with a new store and instance per call, {:.0} on a \
         reused instance; the native counter.zasm through the same runtime {:.0} \
         ({native_gas} gas). Ed25519 verify (ed25519_verify.wasm, a real signature, \
         {ed_gas} gas): ZVM {:.0}, raw wasmi {:.0} (reused instance {:.0}). Minimal WAT \
         counter (one page): ZVM {:.0}, raw wasmi {:.0}. Instantiation alone (raw wasmi, \
         new store + instance): counter.wasm {:.0} ns, WAT counter {:.0} ns. The fixed cost \
         of a call, an empty export with 2 pages: ZVM {:.0} ns (receipt included), raw \
         wasmi {:.0} ns.\n\nZVM per call: a fresh \
         wasmi store and instance (module compiled once, cached), fuel = gas × 10, the \
         `zvm` ABI with storage through the journal (a read of a key the frame has not \
         seen suspends and resumes the wasmi call; later reads and all writes of seen keys \
         run directly), receipt. Raw wasmi: the same engine settings (fuel, eager \
         compilation), host functions over a `HashMap` without checks or gas.\n\nFuel \
         against time: a loop of 100,000 iterations (`view`) uses {loop_gas} gas and takes \
         {loop_ns:.0} ns, {:.1} ns per gas (the schedule's unit is 20 ns).\n\nPer host call \
         (1,000 in a loop, `view`, divided by 1,000; includes the loop and the call's \
         share of instantiation): `storage_read` {:.0} ns through ZVM against {:.0} ns in \
         raw wasmi (a direct `HashMap` lookup); `gas_left` (runs directly) {:.0} ns.",
        cps(ZC),
        cps(RAW_C),
        cps(RAW_CR),
        cps(ZN),
        cps(ZE),
        cps(RAW_E),
        cps(RAW_ER),
        cps(ZW),
        cps(RAW_W),
        ns(RAW_I),
        ns(RAW_IW),
        ns(Z0),
        ns(RAW_0),
        loop_ns / loop_gas as f64,
        per(READS_CASE),
        per(RAW_READS),
        per(PURE_CASE),
    ));
    table
}
