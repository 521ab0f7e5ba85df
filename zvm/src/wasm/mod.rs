//! The WASM engine: contracts compiled to WebAssembly, run by `wasmi`.
//!
//! ## Design
//!
//! * **One long-lived wasmi engine and linker** ([`Engine::new`]); every call gets a
//!   fresh store and instance. Compiled modules are cached by the BLAKE3 hash of their
//!   bytes inside [`Engine`] (a bounded map behind a mutex, never held while code runs,
//!   so nested calls re-enter freely).
//! * **Deterministic configuration** ([`limits`]): eager compilation (no lazy
//!   translation, so a module is fully validated and compiled at deploy), no `start`
//!   function, no SIMD / threads / memory64 / multi-memory, and **no floats**: wasmi's
//!   `Config::floats(false)` rejects any `f32`/`f64` type or instruction at deploy.
//!   Floats are deterministic in WASM except for NaN bit patterns, which differ between
//!   machines; rather than canonicalising NaNs (and paying for it on every float
//!   instruction) consensus code simply may not use them.
//! * **Limits**, checked at deploy with errors that name the limit, the value and the
//!   maximum: module size ([`limits::MAX_MODULE_SIZE`]), memory pages
//!   ([`limits::MAX_MEMORY_PAGES`], also enforced on `memory.grow`), table elements,
//!   imports (only the functions of the [`abi`], with their exact signatures), exports
//!   (`memory` required; every exported function `() -> ()`). The linear memory held
//!   by all live frames of a call chain is bounded too
//!   ([`limits::MAX_LIVE_MEMORY_PAGES`]), so nesting cannot multiply the per-frame
//!   limit by the call depth. At run time the wasmi
//!   call stack is limited ([`limits::MAX_RECURSION_DEPTH`]): deep recursion traps
//!   instead of overflowing the Rust stack (wasmi does not recurse on the host stack;
//!   it is built with its portable loop dispatcher, which does not depend on the
//!   compiler turning tail calls into jumps).
//! * **Fuel is the gas**: the store starts with `gas_limit ×`
//!   [`FUEL_PER_GAS`](limits::FUEL_PER_GAS) fuel (minus the instantiation charge);
//!   wasmi burns 1 fuel per instruction, host functions charge their gas from the same
//!   fuel, and gas used = limit − ⌊fuel left / FUEL_PER_GAS⌋. Running out of fuel is
//!   [`Status::OutOfGas`] with the whole limit used. Storage refunds are applied at the
//!   end of a successful frame, capped like the native interpreter's.
//! * **Host functions and the world** (`wasm/host.rs`): wasmi's host closures are `'static`,
//!   so they cannot borrow the frame's `&mut dyn Host`. Pure functions (context copied
//!   into the store at the start, guest memory, crypto over memory and fuel) run
//!   directly; storage and calls park a request in the store and stop with a host
//!   error, the engine answers it with the `Host` and resumes the suspended call
//!   (`Func::call_resumable`). A sub-call therefore runs with no wasmi frame of the
//!   caller on the host stack. Storage slots the frame has seen are remembered, so only
//!   the first access to a slot suspends; later reads and (buffered) writes run directly
//!   with the same gas (the slot cache in `wasm/host.rs`). Host functions are linked as
//!   statically typed closures (no per-call argument buffer).
//! * **Outcomes**: a normal return is [`Status::Success`] with the `return_data`
//!   output; `revert` is [`Status::Revert`] with its data (gas used so far); any trap
//!   (including a range outside memory, an invalid argument, recursion too deep) is
//!   [`Status::Error`]`(`[`Halt::WasmTrap`]`)` with all gas used. Nothing panics on
//!   bad input.
//!
//! The ABI itself is one table, [`abi::functions`], from which the linker is built and
//! `zvm/docs/wasm-abi.md` is generated.

pub mod abi;
mod crypto;
mod host;
pub mod limits;
mod memory;

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use wasmi::ResumableCall;

use crate::gas::MAX_REFUND_QUOTIENT;
use crate::host::{Context, Halt, Host, Outcome, Status};
use host::{Exit, State, Stop};
use limits::FUEL_PER_GAS;

/// Why a module was refused at deploy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasmError(pub String);

impl std::fmt::Display for WasmError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WasmError {}

/// A validated, compiled module (cheap to clone).
#[derive(Clone)]
pub struct Module {
    inner: Arc<Compiled>,
}

struct Compiled {
    module: wasmi::Module,
    code: Arc<[u8]>,
    /// Exported functions (all of type `() -> ()`).
    entries: Vec<String>,
    /// Gas charged for instantiation on every call.
    setup_gas: u64,
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module")
            .field("size", &self.inner.code.len())
            .field("entries", &self.inner.entries)
            .field("setup_gas", &self.inner.setup_gas)
            .finish()
    }
}

impl Module {
    /// The instantiation gas every call of this module pays first.
    pub fn setup_gas(&self) -> u64 {
        self.inner.setup_gas
    }
}

/// Compiled modules by code hash, oldest first out.
#[derive(Default)]
struct Cache {
    map: HashMap<[u8; 32], Module>,
    order: VecDeque<[u8; 32]>,
}

/// The long-lived WASM engine: one per [`Runtime`](crate::runtime::Runtime), shared by
/// every call.
pub struct Engine {
    engine: wasmi::Engine,
    linker: wasmi::Linker<State>,
    cache: Mutex<Cache>,
    /// Memory pages held by the live frames (see [`limits::MAX_LIVE_MEMORY_PAGES`]).
    live_pages: Arc<AtomicU64>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cached = self.cache.lock().map(|c| c.map.len()).unwrap_or(0);
        f.debug_struct("Engine").field("cached", &cached).finish()
    }
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new()
    }
}

/// How the call ended (before gas accounting).
enum End {
    Success,
    Revert,
    OutOfGas,
    Trap,
}

impl Engine {
    /// A new engine.
    pub fn new() -> Engine {
        let engine = wasmi::Engine::new(&limits::config());
        let mut linker = wasmi::Linker::<State>::new(&engine);
        for f in abi::functions() {
            host::link(&mut linker, f);
        }
        Engine {
            engine,
            linker,
            cache: Mutex::new(Cache::default()),
            live_pages: Arc::default(),
        }
    }

    /// Validates and compiles `code` (a WASM binary).
    pub fn compile(&self, code: &[u8]) -> Result<Module, WasmError> {
        let hash = zcrypto::hash::blake3(code);
        if let Some(m) = self.cache_lock().map.get(&hash) {
            return Ok(m.clone());
        }
        limits::precheck(code)?;
        let module = wasmi::Module::new(&self.engine, code).map_err(describe)?;
        let (entries, pages) = limits::check_interface(&module)?;
        // Instantiate once: active data and element segments must fit (otherwise every
        // call would trap). With its own memory budget: whether a module compiles must
        // not depend on the frames running when it is first loaded.
        let mut store = self.store(&Context::default(), 0, 0, Arc::default());
        self.linker
            .instantiate_and_start(&mut store, &module)
            .map_err(|e| WasmError(format!("instantiation fails: {e}")))?;
        drop(store);
        let setup_gas = limits::INSTANTIATE_GAS
            + limits::PAGE_GAS * pages
            + code.len() as u64 / limits::MODULE_BYTES_PER_GAS;
        let m = Module {
            inner: Arc::new(Compiled {
                module,
                code: code.into(),
                entries,
                setup_gas,
            }),
        };
        let mut cache = self.cache_lock();
        if !cache.map.contains_key(&hash) {
            if cache.order.len() >= limits::CACHE_CAPACITY
                && let Some(old) = cache.order.pop_front()
            {
                cache.map.remove(&old);
            }
            cache.order.push_back(hash);
            cache.map.insert(hash, m.clone());
        }
        Ok(m)
    }

    fn cache_lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether `module` exports a function `name` that can be entered.
    pub fn has_export(&self, module: &Module, name: &str) -> bool {
        module.inner.entries.iter().any(|e| e == name)
    }

    /// Runs export `name` of `module` as the contract `ctx.address`.
    pub fn execute(
        &self,
        module: &Module,
        name: &str,
        ctx: &Context,
        host: &mut dyn Host,
    ) -> Outcome {
        // A module compiled by another engine is recompiled (from the cache) here.
        let module = if wasmi::Engine::same(module.inner.module.engine(), &self.engine) {
            module.clone()
        } else {
            match self.compile(&module.inner.code) {
                Ok(m) => m,
                Err(_) => return failed(ctx, Status::Error(Halt::WasmTrap)),
            }
        };
        let limit = ctx.gas_limit.min(limits::MAX_GAS);
        let setup = module.inner.setup_gas;
        if setup > limit {
            return failed(ctx, Status::OutOfGas);
        }
        let mut store = self.store(
            ctx,
            host.block_height(),
            host.block_time(),
            self.live_pages.clone(),
        );
        let _ = store.set_fuel((limit - setup) * FUEL_PER_GAS);
        let end = self.run(&mut store, &module, name, ctx, host);
        if matches!(end, End::Success) {
            // A failed frame's journal checkpoint is reverted: its buffered writes can go.
            store.data_mut().flush_slots(host);
        }
        store.data_mut().flush_logs(host);
        let fuel_left = store.get_fuel().unwrap_or(0);
        let used = limit - (fuel_left / FUEL_PER_GAS).min(limit);
        let state = store.into_data();
        match end {
            End::Success => {
                let refund = state.refund.min(used / MAX_REFUND_QUOTIENT);
                Outcome {
                    status: Status::Success,
                    output: state.output,
                    gas_used: used - refund,
                    logs: state.logs,
                }
            }
            End::Revert => Outcome {
                status: Status::Revert,
                output: state.output,
                gas_used: used,
                logs: Vec::new(),
            },
            End::OutOfGas => failed(ctx, Status::OutOfGas),
            End::Trap => failed(ctx, Status::Error(Halt::WasmTrap)),
        }
    }

    /// A fresh store for one call, with the limiter drawing on the live-memory budget
    /// `live` installed.
    fn store(
        &self,
        ctx: &Context,
        height: u64,
        time: u64,
        live: Arc<AtomicU64>,
    ) -> wasmi::Store<State> {
        let limiter = limits::Limiter::new(live);
        let mut store = wasmi::Store::new(&self.engine, State::new(ctx, height, time, limiter));
        store.limiter(|s| &mut s.limits);
        store
    }

    fn run(
        &self,
        store: &mut wasmi::Store<State>,
        module: &Module,
        name: &str,
        ctx: &Context,
        host: &mut dyn Host,
    ) -> End {
        let instance = match self
            .linker
            .instantiate_and_start(&mut *store, &module.inner.module)
        {
            Ok(i) => i,
            Err(e) => return classify(&e),
        };
        let memory = instance.get_memory(&*store, "memory");
        store.data_mut().memory = memory;
        let Some(func) = instance.get_func(&*store, name) else {
            return End::Trap;
        };
        let mut call = func.call_resumable(&mut *store, &[], &mut []);
        loop {
            match call {
                Ok(ResumableCall::Finished) => return End::Success,
                Ok(ResumableCall::OutOfFuel(_)) => return End::OutOfGas,
                Ok(ResumableCall::HostTrap(invocation)) => {
                    match invocation.host_error().downcast_ref::<Exit>().copied() {
                        Some(Exit::World) => {}
                        Some(Exit::Revert) => return End::Revert,
                        Some(Exit::OutOfGas) => return End::OutOfGas,
                        _ => return End::Trap,
                    }
                    let Some(request) = store.data_mut().request.take() else {
                        return End::Trap;
                    };
                    match host::answer(request, store, ctx, host) {
                        Ok(result) => {
                            let inputs: &[wasmi::Val] = match &result {
                                Some(v) => std::slice::from_ref(v),
                                None => &[],
                            };
                            call = invocation.resume(&mut *store, inputs, &mut []);
                        }
                        Err(Stop::OutOfGas) => return End::OutOfGas,
                    }
                }
                Err(e) => return classify(&e),
            }
        }
    }
}

/// A failed call's end: out of fuel or another trap.
fn classify(e: &wasmi::Error) -> End {
    if e.as_trap_code() == Some(wasmi::TrapCode::OutOfFuel) {
        return End::OutOfGas;
    }
    match e.downcast_ref::<Exit>() {
        Some(Exit::OutOfGas) => End::OutOfGas,
        Some(Exit::Revert) => End::Revert,
        _ => End::Trap,
    }
}

/// An outcome that used the whole limit.
fn failed(ctx: &Context, status: Status) -> Outcome {
    Outcome {
        status,
        output: Vec::new(),
        gas_used: ctx.gas_limit,
        logs: Vec::new(),
    }
}

/// A wasmi compile error as a deploy error (floats called out).
fn describe(e: wasmi::Error) -> WasmError {
    let msg = e.to_string();
    if msg.contains("float") {
        WasmError(format!(
            "floats are not allowed (f32/f64 results are not deterministic across machines): {msg}"
        ))
    } else {
        WasmError(format!("invalid module: {msg}"))
    }
}
