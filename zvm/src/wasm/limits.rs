//! Limits, the deterministic wasmi configuration, fuel ↔ gas, and deploy-time validation.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use wasmi::errors::MemoryError;
use wasmi_core::LimiterError;

use super::WasmError;
use super::abi::{self, Ty};

/// The largest module accepted at deploy, in bytes.
pub const MAX_MODULE_SIZE: usize = 512 * 1024;
/// The largest memory, in 64 KiB pages (16 MiB): the initial size and declared maximum
/// are checked at deploy, growth at run time.
pub const MAX_MEMORY_PAGES: u64 = 256;
/// The largest table (initial size, declared maximum, growth), in elements.
pub const MAX_TABLE_ELEMENTS: u64 = 4096;
/// The most memory all WASM frames of one engine hold at once, in pages (128 MiB): a
/// chain of nested calls cannot multiply [`MAX_MEMORY_PAGES`] by the call depth. A
/// frame that would pass it fails to instantiate (a trap) or sees `memory.grow` fail.
/// Frames nest within one transaction, so the pages held depend only on the call chain
/// (deterministic).
pub const MAX_LIVE_MEMORY_PAGES: u64 = 2048;
/// The most tables a module may define.
pub const MAX_TABLES: usize = 16;
/// The deepest WASM call stack (recursion past it traps).
pub const MAX_RECURSION_DEPTH: usize = 1024;
/// The largest wasmi value stack, in slots (8 bytes each).
pub const MAX_STACK_HEIGHT: usize = 256 * 1024;
/// Compiled modules kept in the engine's cache (by code hash).
pub const CACHE_CAPACITY: usize = 256;

/// wasmi fuel per unit of ZVM gas. wasmi charges 1 fuel per executed instruction
/// (`nop`, `drop` and block markers are free) and 1 fuel per 64 bytes of bulk memory;
/// at 1 gas ≈ 20 ns ([`zcrypto::metered::schedule`]) ten instructions are one gas,
/// i.e. 2 ns per instruction. Measured (`compare wasm`, release build, portable
/// dispatch, a busy 2-core machine): a 100,000-iteration arithmetic loop runs at
/// 1.1–1.4 ns per fuel, 11–14 ns per gas, so compute is charged on the safe side. A fixed
/// integer ratio keeps gas deterministic: the same module and input always burn the
/// same fuel.
pub const FUEL_PER_GAS: u64 = 10;
/// The largest gas limit representable as fuel.
pub const MAX_GAS: u64 = u64::MAX / FUEL_PER_GAS;
/// Gas per call for instantiating the module (store, imports, globals, data segments).
pub const INSTANTIATE_GAS: u64 = 200;
/// Gas per page of initial memory, at instantiation (allocating and zeroing 64 KiB;
/// `memory.grow` pays the same through wasmi's fuel: 1024 fuel = 102 gas).
pub const PAGE_GAS: u64 = 100;
/// Module bytes per gas at instantiation.
pub const MODULE_BYTES_PER_GAS: u64 = 64;

/// The wasmi configuration: deterministic (eager compilation, no floats), fuel metering,
/// only the proposals contracts need.
pub(crate) fn config() -> wasmi::Config {
    let mut c = wasmi::Config::default();
    c.consume_fuel(true)
        .compilation_mode(wasmi::CompilationMode::Eager)
        .floats(false)
        .wasm_multi_memory(false)
        .wasm_custom_page_sizes(false)
        .wasm_wide_arithmetic(false)
        .wasm_tail_call(false)
        .allow_start_fn(false)
        .ignore_custom_sections(true)
        .set_max_recursion_depth(MAX_RECURSION_DEPTH)
        .set_max_stack_height(MAX_STACK_HEIGHT)
        .set_max_cached_stacks(8);
    c
}

fn err(msg: impl Into<String>) -> WasmError {
    WasmError(msg.into())
}

/// Checks what wasmi's validation does not: size, memory and table limits, no start
/// function. Runs before compilation.
pub(crate) fn precheck(code: &[u8]) -> Result<(), WasmError> {
    if code.len() > MAX_MODULE_SIZE {
        return Err(err(format!(
            "module size limit: the module has {} bytes, the maximum is {MAX_MODULE_SIZE}",
            code.len()
        )));
    }
    let pages = |what: &str, v: u64| {
        if v > MAX_MEMORY_PAGES {
            Err(err(format!(
                "memory limit: {what} is {v} pages, the maximum is {MAX_MEMORY_PAGES} pages ({} MiB)",
                MAX_MEMORY_PAGES * 64 / 1024
            )))
        } else {
            Ok(())
        }
    };
    let elements = |what: &str, v: u64| {
        if v > MAX_TABLE_ELEMENTS {
            Err(err(format!(
                "table limit: {what} is {v} elements, the maximum is {MAX_TABLE_ELEMENTS}"
            )))
        } else {
            Ok(())
        }
    };
    for payload in wasmparser::Parser::new(0).parse_all(code) {
        let payload = payload.map_err(|e| err(format!("malformed module: {e}")))?;
        match payload {
            wasmparser::Payload::MemorySection(r) => {
                for m in r {
                    let m = m.map_err(|e| err(format!("malformed module: {e}")))?;
                    pages("the initial memory size", m.initial)?;
                    if let Some(max) = m.maximum {
                        pages("the declared maximum memory size", max)?;
                    }
                }
            }
            wasmparser::Payload::TableSection(r) => {
                if r.count() as usize > MAX_TABLES {
                    return Err(err(format!(
                        "table limit: the module defines {} tables, the maximum is {MAX_TABLES}",
                        r.count()
                    )));
                }
                for t in r {
                    let t = t.map_err(|e| err(format!("malformed module: {e}")))?;
                    elements("the initial table size", t.ty.initial)?;
                    if let Some(max) = t.ty.maximum {
                        elements("the declared maximum table size", max)?;
                    }
                }
            }
            wasmparser::Payload::StartSection { .. } => {
                return Err(err(
                    "start function: not allowed (contracts run only through their exports)",
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

fn type_string(params: &[wasmi::ValType], results: &[wasmi::ValType]) -> String {
    let n = |t: &wasmi::ValType| format!("{t:?}").to_lowercase();
    let p: Vec<String> = params.iter().map(n).collect();
    let r: Vec<String> = results.iter().map(n).collect();
    format!("({}) -> ({})", p.join(", "), r.join(", "))
}

/// Checks the compiled module's imports (functions of the `zvm` ABI with their exact
/// signatures) and exports (`memory`; functions of type `() -> ()`); returns the names
/// of the exported functions and the initial memory size in pages.
pub(crate) fn check_interface(m: &wasmi::Module) -> Result<(Vec<String>, u64), WasmError> {
    for import in m.imports() {
        let what = format!("`{}.{}`", import.module(), import.name());
        if import.module() != abi::MODULE {
            return Err(err(format!(
                "import {what} is not in the zvm ABI v{} (only module `{}` can be imported)",
                abi::VERSION,
                abi::MODULE
            )));
        }
        let Some(f) = abi::lookup(import.name()) else {
            return Err(err(format!(
                "import {what} is not in the zvm ABI v{}",
                abi::VERSION
            )));
        };
        let wasmi::ExternType::Func(ty) = import.ty() else {
            return Err(err(format!(
                "import {what} is not a function (only host functions can be imported)"
            )));
        };
        let want_p: Vec<wasmi::ValType> = f.params.iter().map(|(_, t)| t.val_type()).collect();
        let want_r: Vec<wasmi::ValType> = f.results.iter().map(|t: &Ty| t.val_type()).collect();
        if ty.params() != want_p.as_slice() || ty.results() != want_r.as_slice() {
            return Err(err(format!(
                "import {what} has type {}, the ABI declares {}",
                type_string(ty.params(), ty.results()),
                type_string(&want_p, &want_r)
            )));
        }
    }
    let mut entries = Vec::new();
    let mut memory = None;
    for export in m.exports() {
        match export.ty() {
            wasmi::ExternType::Func(ty) => {
                if !ty.params().is_empty() || !ty.results().is_empty() {
                    return Err(err(format!(
                        "export `{}` has type {}; exported functions (entry points) must be () -> ()",
                        export.name(),
                        type_string(ty.params(), ty.results())
                    )));
                }
                entries.push(export.name().to_string());
            }
            wasmi::ExternType::Memory(mt) if export.name() == "memory" => {
                memory = Some(mt.minimum());
            }
            _ => {}
        }
    }
    let Some(pages) = memory else {
        return Err(err(
            "missing memory export: a contract must export its linear memory as `memory`",
        ));
    };
    Ok((entries, pages))
}

const PAGE: usize = 65536;

/// The store's resource limiter: per-frame limits ([`MAX_MEMORY_PAGES`],
/// [`MAX_TABLE_ELEMENTS`], one instance and memory, [`MAX_TABLES`]) and the engine-wide
/// budget of live memory pages ([`MAX_LIVE_MEMORY_PAGES`]), released when the frame's
/// store is dropped.
#[derive(Debug)]
pub(crate) struct Limiter {
    live: Arc<AtomicU64>,
    held: u64,
    pending: u64,
}

impl Limiter {
    /// A limiter drawing on the budget `live`.
    pub(crate) fn new(live: Arc<AtomicU64>) -> Limiter {
        Limiter {
            live,
            held: 0,
            pending: 0,
        }
    }
}

impl Drop for Limiter {
    fn drop(&mut self) {
        self.live.fetch_sub(self.held, Ordering::Relaxed);
    }
}

impl wasmi::ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, LimiterError> {
        self.pending = 0;
        if desired as u64 > MAX_MEMORY_PAGES * PAGE as u64 || maximum.is_some_and(|m| desired > m) {
            return Ok(false);
        }
        let add = (desired.div_ceil(PAGE) as u64).saturating_sub(current.div_ceil(PAGE) as u64);
        let reserved = self
            .live
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |live| {
                live.checked_add(add)
                    .filter(|&total| total <= MAX_LIVE_MEMORY_PAGES)
            })
            .is_ok();
        if reserved {
            self.held += add;
            self.pending = add;
        }
        Ok(reserved)
    }

    fn memory_grow_failed(&mut self, _error: &MemoryError) -> Result<(), LimiterError> {
        self.live.fetch_sub(self.pending, Ordering::Relaxed);
        self.held -= self.pending;
        self.pending = 0;
        Ok(())
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, LimiterError> {
        Ok(desired as u64 <= MAX_TABLE_ELEMENTS && maximum.is_none_or(|m| desired <= m))
    }

    fn instances(&self) -> usize {
        1
    }

    fn tables(&self) -> usize {
        MAX_TABLES
    }

    fn memories(&self) -> usize {
        1
    }
}
