//! The cross-engine bridge: an [`Inspector`] that keeps ZVM journal checkpoints in step
//! with EVM frames and runs `CALL`s into native / WASM code through [`Host::call`].
//!
//! Only used when a transaction calls non-EVM code (see the [engine docs](super)).

use revm::context_interface::{ContextError, ContextTr, JournalTr};
use revm::inspector::Inspector;
use revm::interpreter::{
    CallInputs, CallOutcome, CallScheme, CreateInputs, CreateOutcome, Gas, InstructionResult,
    InterpreterResult,
};
use revm::primitives::{Bytes, Log as ELog, LogData, U256};

use super::Ctx;
use super::db::{DbError, zaddr};
use super::precompiles::is_foreign;
use crate::host::{Accounts, CallRequest, Status};
use crate::state::Checkpoint;
use crate::word::Word;

/// One EVM frame as the bridge tracks it.
struct Frame {
    /// The ZVM checkpoint, opened lazily at the first cross-engine call made while the
    /// frame is on the stack (no ZVM write can happen before: only cross calls write).
    cp: Option<Checkpoint>,
    /// Whether the frame was reported to the reentrancy guard.
    entered: bool,
}

/// The bridge inspector.
pub(crate) struct Bridge {
    frames: Vec<Frame>,
    /// The ZVM depth of the transaction's top frame.
    base_depth: u32,
    /// Whether a cross-engine call happened (the write-back then compares every loaded
    /// value with the world instead of trusting revm's "changed" flags).
    pub(crate) crossed: bool,
}

impl Bridge {
    pub(crate) fn new(base_depth: u32) -> Bridge {
        Bridge {
            frames: Vec::new(),
            base_depth,
            crossed: false,
        }
    }

    fn end(&mut self, ctx: &mut Ctx<'_>, ok: bool) {
        let Some(f) = self.frames.pop() else { return };
        let world = &mut *ctx.journal_mut().db_mut().world;
        if let Some(cp) = f.cp {
            if ok {
                world.commit(cp);
            } else {
                world.revert(cp);
            }
        }
        if f.entered {
            world.leave();
        }
    }

    /// Runs a `CALL` into non-EVM code through the runtime.
    fn cross_call(&mut self, ctx: &mut Ctx<'_>, inputs: &CallInputs) -> CallOutcome {
        let limit = inputs.gas_limit;
        let outcome = |result, output: Bytes, used: u64| {
            let mut gas = Gas::new_with_regular_gas_and_reservoir(limit, inputs.reservoir);
            let _ = gas.record_regular_cost(used.min(limit));
            CallOutcome::new(
                InterpreterResult::new(result, output, gas),
                inputs.return_memory_offset.clone(),
            )
        };
        // DELEGATECALL / CALLCODE would run foreign code on the caller's storage, and a
        // static context cannot be enforced on another engine: those calls fail (no gas
        // used beyond the CALL itself).
        if inputs.scheme != CallScheme::Call || inputs.is_static {
            return outcome(InstructionResult::Revert, Bytes::new(), 0);
        }
        self.crossed = true;
        let depth = self.base_depth + self.frames.len() as u32;
        {
            let world = &mut *ctx.journal_mut().db_mut().world;
            for f in self.frames.iter_mut().filter(|f| f.cp.is_none()) {
                f.cp = Some(world.checkpoint());
            }
        }
        if let Err(e) = flush(ctx) {
            ctx.error = Err(ContextError::Db(e));
            return outcome(InstructionResult::Revert, Bytes::new(), limit);
        }
        let value = inputs.call_value();
        let request = CallRequest {
            caller: zaddr(&inputs.caller),
            to: zaddr(&inputs.target_address),
            value: Word::from_be_bytes(value.to_be_bytes::<32>()),
            input: inputs.input.bytes(ctx).to_vec(),
            gas: limit,
            depth,
        };
        let out = ctx.journal_mut().db_mut().world.call(request);
        if let Err(e) = reload(ctx) {
            ctx.error = Err(ContextError::Db(e));
            return outcome(InstructionResult::Revert, Bytes::new(), limit);
        }
        for log in &out.logs {
            let topics = log.topics.iter().map(|t| (*t).into()).collect();
            let data = LogData::new_unchecked(topics, Bytes::from(log.data.clone()));
            ctx.journal_mut().log(ELog {
                address: super::db::eaddr(&log.address),
                data,
            });
        }
        let result = match out.status {
            Status::Success => InstructionResult::Return,
            Status::Revert | Status::Error(_) => InstructionResult::Revert,
            Status::OutOfGas => InstructionResult::OutOfGas,
        };
        let output = match out.status {
            Status::Success | Status::Revert => Bytes::from(out.output),
            _ => Bytes::new(),
        };
        outcome(result, output, out.gas_used)
    }
}

/// A revm balance as a ZVM balance.
pub(crate) fn balance_u128(b: &U256) -> Result<u128, DbError> {
    u128::try_from(*b).map_err(|_| DbError(format!("balance {b} exceeds u128")))
}

/// Writes revm's current view (every loaded account's balance, nonce, created code and
/// every loaded slot's present value) into the world where it differs.
pub(crate) fn flush(ctx: &mut Ctx<'_>) -> Result<(), DbError> {
    let (db, state) = ctx.journal_mut().db_and_state_mut();
    let world: &mut dyn Accounts = &mut *db.world;
    for (addr, acc) in state.iter() {
        let a = zaddr(addr);
        let b = balance_u128(&acc.info.balance)?;
        if world.balance(&a) != b {
            world.set_balance(&a, b);
        }
        if world.nonce(&a) != acc.info.nonce {
            world.set_nonce(&a, acc.info.nonce);
        }
        if acc.is_created() {
            let code = acc
                .info
                .code
                .as_ref()
                .map(|c| c.original_byte_slice().to_vec())
                .unwrap_or_default();
            if world.code(&a) != code {
                world.set_code(&a, code);
            }
        }
        for (k, slot) in acc.storage.iter() {
            let key = k.to_be_bytes::<32>();
            let v = slot.present_value.to_be_bytes::<32>();
            if world.sload(&a, &key) != v {
                world.sstore(&a, key, v);
            }
        }
    }
    if world.failed() {
        return Err(DbError("state store error".into()));
    }
    Ok(())
}

/// Reads back what a cross-engine call changed in accounts and slots revm has loaded,
/// and applies it to revm's journal with journaled operations (so a revert of the
/// enclosing EVM frame undoes them in revm's view too).
fn reload(ctx: &mut Ctx<'_>) -> Result<(), DbError> {
    let mut accounts = Vec::new();
    let mut slots = Vec::new();
    {
        let (db, state) = ctx.journal_mut().db_and_state_mut();
        let world: &mut dyn Accounts = &mut *db.world;
        for (addr, acc) in state.iter() {
            let a = zaddr(addr);
            let b = U256::from(world.balance(&a));
            let n = world.nonce(&a);
            if b != acc.info.balance || n != acc.info.nonce {
                accounts.push((*addr, b, n));
            }
            for (k, slot) in acc.storage.iter() {
                let w = U256::from_be_bytes(world.sload(&a, &k.to_be_bytes::<32>()));
                if w != slot.present_value {
                    slots.push((*addr, *k, w));
                }
            }
        }
        if world.failed() {
            return Err(DbError("state store error".into()));
        }
    }
    let journal = ctx.journal_mut();
    for (addr, b, n) in accounts {
        let mut acc = journal.load_account_mut(addr)?.data;
        use revm::context_interface::journaled_state::account::JournaledAccountTr;
        if *acc.balance() != b {
            acc.set_balance(b);
        }
        if acc.nonce() != n {
            acc.set_nonce(n);
        }
    }
    for (addr, k, v) in slots {
        journal.sstore(addr, k, v)?;
    }
    Ok(())
}

impl<'w> Inspector<Ctx<'w>> for Bridge {
    fn call(&mut self, ctx: &mut Ctx<'w>, inputs: &mut CallInputs) -> Option<CallOutcome> {
        if is_foreign(inputs.known_bytecode.1.original_byte_slice()) {
            let out = self.cross_call(ctx, inputs);
            self.frames.push(Frame {
                cp: None,
                entered: false,
            });
            return Some(out);
        }
        ctx.journal_mut()
            .db_mut()
            .world
            .enter(zaddr(&inputs.target_address));
        self.frames.push(Frame {
            cp: None,
            entered: true,
        });
        None
    }

    fn call_end(&mut self, ctx: &mut Ctx<'w>, _inputs: &CallInputs, outcome: &mut CallOutcome) {
        self.end(ctx, outcome.result.result.is_ok());
    }

    fn create(&mut self, _ctx: &mut Ctx<'w>, _inputs: &mut CreateInputs) -> Option<CreateOutcome> {
        self.frames.push(Frame {
            cp: None,
            entered: false,
        });
        None
    }

    fn create_end(
        &mut self,
        ctx: &mut Ctx<'w>,
        _inputs: &CreateInputs,
        outcome: &mut CreateOutcome,
    ) {
        self.end(ctx, outcome.result.result.is_ok());
    }
}
