//! The EVM engine: EVM bytecode run by `revm` on ZVM state.
//!
//! **Skeleton**: the interface is fixed here; the implementation (revm over
//! [`Accounts`], zcrypto precompiles, cross-engine calls) is being written. Until then
//! every EVM frame fails with [`Halt::EvmHalt`](crate::host::Halt::EvmHalt) and the
//! runtime refuses EVM deploys.

use std::sync::Arc;

use crate::host::{Accounts, Context, Halt, Outcome, Status};

/// Whether the engine is implemented (the runtime refuses EVM deploys until it is).
pub const AVAILABLE: bool = false;

/// EVM runtime code, analysed once (cheap to clone).
#[derive(Debug, Clone)]
pub struct Code {
    bytes: Arc<[u8]>,
}

impl Code {
    /// Analyses `bytes` (EVM runtime bytecode).
    pub fn new(bytes: &[u8]) -> Code {
        Code {
            bytes: bytes.into(),
        }
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// Calls the EVM contract `ctx.address` (whose code is `code`) with `ctx.calldata` and
/// `ctx.value` from `ctx.caller`. The value moves inside the engine. At depth 0 this is
/// a transaction (intrinsic gas charged); deeper, a message call.
pub fn call(code: &Code, ctx: &Context, world: &mut dyn Accounts) -> Outcome {
    let _ = (code, world);
    failed(ctx)
}

/// Runs `initcode` from `ctx.caller` to create the contract at `ctx.address` (the
/// runtime's `CREATE`-rule address for the caller's current nonce; the engine bumps the
/// nonce and stores the returned runtime code).
pub fn create(initcode: &[u8], ctx: &Context, world: &mut dyn Accounts) -> Outcome {
    let _ = (initcode, world);
    failed(ctx)
}

fn failed(ctx: &Context) -> Outcome {
    Outcome {
        status: Status::Error(Halt::EvmHalt),
        output: Vec::new(),
        gas_used: ctx.gas_limit,
        logs: Vec::new(),
    }
}
