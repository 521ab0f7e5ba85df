//! The WASM engine: contracts compiled to WebAssembly, run by `wasmi`.
//!
//! **Skeleton**: the engine's interface is fixed here; the implementation (validation,
//! fuel as gas, the `zvm` host ABI of `zvm/docs/wasm-abi.md`) is being written. Until
//! then [`Engine::compile`] refuses every module, so WASM deploys fail with a clear
//! error.

use std::sync::Arc;

use crate::host::{Context, Host, Outcome};

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
#[derive(Debug, Clone)]
pub struct Module {
    _code: Arc<[u8]>,
}

/// The long-lived WASM engine: one per [`Runtime`](crate::runtime::Runtime), shared by
/// every call.
#[derive(Debug, Default)]
pub struct Engine {}

impl Engine {
    /// A new engine.
    pub fn new() -> Engine {
        Engine {}
    }

    /// Validates and compiles `code` (a WASM binary).
    pub fn compile(&self, code: &[u8]) -> Result<Module, WasmError> {
        let _ = code;
        Err(WasmError(
            "WASM bytecode is not supported yet (issue: WASM engine)".into(),
        ))
    }

    /// Whether `module` exports a function `name` that can be entered.
    pub fn has_export(&self, module: &Module, name: &str) -> bool {
        let _ = (module, name);
        false
    }

    /// Runs export `name` of `module` as the contract `ctx.address`.
    pub fn execute(
        &self,
        module: &Module,
        name: &str,
        ctx: &Context,
        host: &mut dyn Host,
    ) -> Outcome {
        let _ = (module, name, host);
        Outcome {
            status: crate::host::Status::Error(crate::host::Halt::WasmTrap),
            output: Vec::new(),
            gas_used: ctx.gas_limit,
            logs: Vec::new(),
        }
    }
}
