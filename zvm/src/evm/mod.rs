//! The EVM engine: EVM bytecode run by [`revm`] (pinned at 43.0.3, hard fork
//! [`SPEC`] = Osaka) on ZVM state.
//!
//! # State bridge
//!
//! revm reads ZVM state through its `Database` trait, implemented over the frame's
//! [`Accounts`] (`db.rs`): accounts (balance, nonce, code), storage words (32-byte
//! big-endian values, empty = zero, as [`Host::sload`](crate::host::Host::sload)
//! stores them) — straight from the runtime's journal, with no cache besides revm's own
//! per-transaction journal (code comes analysed from the runtime's code cache). revm's
//! working memory (its journal's maps, the frames and their stacks, the shared memory
//! buffer) is kept between transactions on each thread and reused, empty, as when one
//! revm `Evm` runs many transactions. An account with no balance, nonce or code does not
//! exist for revm (EIP-161). `BLOCKHASH` is zero (ZVM keeps no block hashes); `NUMBER` and
//! `TIMESTAMP` are the runtime's block height and time; `COINBASE` is zero.
//!
//! When the frame **succeeds**, revm's final state is written back through
//! [`Accounts`]: balances (a balance above `u128::MAX` fails the frame), nonces, the
//! code of created contracts, and changed storage words. A failed frame writes nothing
//! (and the runtime reverts its checkpoint), so reverts and halts leave no trace.
//!
//! # Gas
//!
//! EVM gas is ZVM gas, 1:1. A transaction (`ctx.depth == 0`) pays Ethereum's intrinsic
//! gas (21 000, calldata, EIP-7623 floor, create costs); an EVM frame entered from
//! another engine (`depth > 0`) does not — its caller already paid for the `CALL`.
//! The gas price is zero: no fee is paid, the base fee and block gas limit are not
//! checked (the block limit is `u64::MAX`, the EIP-7825 per-transaction cap is lifted),
//! but the caller must hold the `value` it sends. `Outcome::gas_used` is revm's
//! transaction gas (after the capped refund). An EVM frame entered from another engine
//! is a transaction of its own for revm, so its refund is capped (EIP-3529, a fifth of
//! its gas) within that frame rather than across the whole ZVM transaction.
//!
//! Depth: ZVM's [`MAX_CALL_DEPTH`](crate::host::MAX_CALL_DEPTH) counts frames across
//! engines; inside one EVM transaction revm's own limit (1024) applies to EVM-to-EVM
//! calls, and a cross-engine call from EVM depth `d` (revm's frame count) runs at ZVM
//! depth `ctx.depth + d`.
//!
//! # Nonces
//!
//! ZVM nonces count deployments. revm bumps the sender's nonce for every transaction:
//! for a call the bump is undone before the write-back (calls leave the caller's nonce
//! alone); a deploy ([`create`]) bumps it once, and the contract lands at
//! [`contract_address`](crate::runtime::contract_address)`(deployer, nonce)` — the
//! address the runtime computed (checked). Contracts created by EVM code
//! (`CREATE`/`CREATE2`) start at nonce 1 and bump their creator's nonce, as on Ethereum.
//! Nonce checks are off (the runtime has no transaction nonces) and EIP-3607 is off (a
//! native or WASM contract can be the caller of an EVM frame).
//!
//! # Precompiles
//!
//! revm's standard precompiles for Osaka (0x01–0x11, P256VERIFY at 0x100; BLS12-381
//! through blst, KZG point evaluation through c-kzg) plus zcrypto's, at
//! `0x0000…7a63 ‖ op id` (the table in [`precompiles`], rendered in
//! `zvm/docs/evm-precompiles.md`). All are in the EIP-2929 warm set.
//!
//! # Cross-engine calls
//!
//! **One convention**: an EVM contract `CALL`s a native or WASM contract's address like
//! any address; the call data is the input the callee receives (it is entered at its
//! `main` export, as every sub-call); its output is the `CALL`'s return data; its logs
//! join the transaction's. The call goes through [`Host::call`](crate::host::Host::call)
//! with the EVM frame's address as caller and depth = the EVM frame's ZVM depth + 1, so
//! the runtime's depth limit, reentrancy guard and value transfer apply.
//! `DELEGATECALL`/`CALLCODE` to non-EVM code fail (the callee would run on the
//! caller's storage), and so does any cross-engine call from a static context
//! (`STATICCALL` or below: another engine's writes cannot be policed), without using
//! the forwarded gas.
//!
//! revm caches every account and slot it touches, so around a cross call the two views
//! are reconciled (`bridge.rs`): before it, revm's view (balances, nonces, created
//! code, every loaded slot's present value) is flushed into the ZVM journal; after it,
//! every account and slot revm has loaded is read back and the differences applied to
//! revm's journal with journaled operations (so a revert of the EVM frame undoes them
//! in revm's view too). ZVM checkpoints follow the EVM frames (an inspector's
//! call/create hooks): a frame's checkpoint is opened lazily at the first cross call
//! made while it is on the stack (nothing writes to ZVM before), committed when the
//! frame succeeds and reverted when it fails, so an enclosing revert also undoes the
//! callee's effects on accounts revm never loaded. EVM frames are also reported to the
//! reentrancy guard ([`Accounts::enter`]/[`Accounts::leave`]).
//!
//! That inspector costs on every call (revm's inspecting loop and hooks: about 2,700
//! instructions, 6 %, of an ERC-20 transfer under callgrind), so transactions run
//! without it first; a call into non-EVM code aborts that run (no state was written:
//! the database only reads) and the transaction runs again with the bridge. The other
//! direction, a native or WASM contract calling an EVM contract, is a runtime sub-call
//! of [`call`].
//!
//! # Errors
//!
//! Bad input never panics: a transaction revm rejects (caller cannot pay the value,
//! gas below the intrinsic cost, ...) is a failed [`Outcome`] whose output is the
//! reason in UTF-8 (no gas used, or all of it when the gas is below the intrinsic
//! cost); a state store error fails the frame and is reported by the runtime.

pub mod precompiles;

mod bridge;
mod db;

use std::cell::Cell;
use std::marker::PhantomData;
use std::sync::Arc;

use revm::bytecode::Bytecode;
use revm::context::result::{EVMError, ExecutionResult, HaltReason, InvalidTransaction, Output};
use revm::context::{
    BlockEnv, Cfg, CfgEnv, Evm, Journal, JournalEntry, JournalInner, LocalContext, TxEnv,
};
use revm::context_interface::cfg::gas::InitialAndFloorGas;
use revm::context_interface::{ContextTr, FrameStack, JournalTr};
use revm::handler::instructions::InstructionProvider;
use revm::handler::{EthFrame, FrameResult, Handler, MainnetHandler};
use revm::inspector::InspectorHandler;
use revm::interpreter::instructions::{
    GasTable, InstructionTable, gas_table_spec, instruction_table,
};
use revm::interpreter::interpreter::EthInterpreter;
use revm::primitives::hardfork::SpecId;
use revm::primitives::{B256, Bytes, KECCAK_EMPTY, TxKind, U256, keccak256};
use revm::state::EvmState;

use crate::address::Address;
use crate::host::{Accounts, Context, Halt, Log, Outcome, Status};
use bridge::{Bridge, balance_u128};
use db::{Db, DbError, eaddr, zaddr};
use precompiles::{NEEDS_BRIDGE, Provider};

/// Whether the engine is implemented (the runtime refuses EVM deploys until it is).
pub const AVAILABLE: bool = true;

/// The hard fork: revm 43's latest (its default).
pub const SPEC: SpecId = SpecId::OSAKA;

/// EVM runtime code, analysed once (cheap to clone).
#[derive(Debug, Clone)]
pub struct Code {
    inner: Arc<CodeInner>,
}

#[derive(Debug)]
struct CodeInner {
    bytes: Vec<u8>,
    bytecode: Bytecode,
    hash: B256,
}

impl Code {
    /// Analyses `bytes` (EVM runtime bytecode): jump destinations and code hash.
    pub fn new(bytes: &[u8]) -> Code {
        let raw = Bytes::copy_from_slice(bytes);
        let bytecode =
            Bytecode::new_raw_checked(raw.clone()).unwrap_or_else(|_| Bytecode::new_legacy(raw));
        let hash = if bytes.is_empty() {
            KECCAK_EMPTY
        } else {
            keccak256(bytes)
        };
        Code {
            inner: Arc::new(CodeInner {
                bytes: bytes.to_vec(),
                bytecode,
                hash,
            }),
        }
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.inner.bytes
    }

    fn bytecode(&self) -> Bytecode {
        self.inner.bytecode.clone()
    }

    fn hash(&self) -> B256 {
        self.inner.hash
    }
}

/// revm's context over ZVM state.
pub(crate) type Ctx<'w> =
    revm::context::Context<BlockEnv, TxEnv, CfgEnv, Db<'w>, Journal<Db<'w>>, ()>;

type ZEvm<'w> = Evm<Ctx<'w>, Bridge, Instructions<'w>, Provider, EthFrame<EthInterpreter>>;

type Error = EVMError<DbError>;

/// revm's mainnet instruction table for [`SPEC`], held inline, and the spec's static gas
/// table as a constant: what `EthInstructions::new_mainnet_with_spec(SPEC)` provides,
/// without its per-transaction heap allocation (a 2.5 KiB box, which also made glibc
/// consolidate its fast bins on every transaction). The table's function pointers are
/// typed by the context, whose lifetime is the transaction's, so it cannot be kept
/// between transactions; building it is a 2 KiB copy of a constant.
struct Instructions<'w> {
    table: InstructionTable<EthInterpreter, Ctx<'w>>,
}

/// The static gas of every opcode under [`SPEC`].
const GAS_TABLE: GasTable = gas_table_spec(SPEC);

impl Instructions<'_> {
    fn new() -> Self {
        Instructions {
            table: instruction_table(),
        }
    }
}

impl<'w> InstructionProvider for Instructions<'w> {
    type Context = Ctx<'w>;
    type InterpreterTypes = EthInterpreter;

    fn instruction_table(&self) -> &InstructionTable<EthInterpreter, Ctx<'w>> {
        &self.table
    }

    fn gas_table(&self) -> &GasTable {
        &GAS_TABLE
    }
}

/// Mainnet's handler, except that the intrinsic gas is skipped for frames entered from
/// another engine.
struct ZvmHandler<'w> {
    intrinsic: bool,
    _p: PhantomData<&'w ()>,
}

impl<'w> Handler for ZvmHandler<'w> {
    type Evm = ZEvm<'w>;
    type Error = Error;
    type HaltReason = HaltReason;

    fn validate_initial_tx_gas(&self, evm: &mut ZEvm<'w>) -> Result<InitialAndFloorGas, Error> {
        if self.intrinsic {
            MainnetHandler::<ZEvm<'w>, Error, EthFrame<EthInterpreter>>::default()
                .validate_initial_tx_gas(evm)
        } else {
            Ok(InitialAndFloorGas::new(0, 0))
        }
    }

    /// Nothing to pay: the gas price is zero. (Mainnet's would still load the zero
    /// address, the beneficiary, and credit it 0, which the write-back then skips.)
    fn reward_beneficiary(
        &self,
        _evm: &mut ZEvm<'w>,
        _result: &mut FrameResult,
    ) -> Result<(), Error> {
        Ok(())
    }
}

impl<'w> InspectorHandler for ZvmHandler<'w> {
    type IT = EthInterpreter;
}

/// Calls the EVM contract `ctx.address` (whose code is `code`) with `ctx.calldata` and
/// `ctx.value` from `ctx.caller`. The value moves inside the engine. At depth 0 this is
/// a transaction (intrinsic gas charged); deeper, a message call. The context is taken
/// by value so that its call data becomes revm's without a copy.
pub fn call(code: &Code, mut ctx: Context, world: &mut dyn Accounts) -> Outcome {
    let data = Bytes::from(std::mem::take(&mut ctx.calldata));
    transact(&ctx, world, Some(code), data)
}

/// Runs `initcode` from `ctx.caller` to create the contract at `ctx.address` (the
/// runtime's `CREATE`-rule address for the caller's current nonce; the engine bumps the
/// nonce and stores the returned runtime code).
pub fn create(initcode: &[u8], ctx: &Context, world: &mut dyn Accounts) -> Outcome {
    transact(ctx, world, None, Bytes::copy_from_slice(initcode))
}

fn failed(status: Status, gas_used: u64, reason: impl Into<String>) -> Outcome {
    Outcome {
        status,
        output: reason.into().into_bytes(),
        gas_used,
        logs: Vec::new(),
    }
}

/// How one run ended.
enum Ran {
    /// revm finished (the state is revm's final view).
    Done(ExecutionResult, EvmState, bool),
    /// The fast run met a call into non-EVM code (the transaction, to run again).
    NeedsBridge(Box<TxEnv>),
    /// revm refused or failed.
    Failed(Error),
}

/// Runs a call of `code` (`Some`) or a create with init code `data` (`None`).
fn transact(ctx: &Context, world: &mut dyn Accounts, code: Option<&Code>, data: Bytes) -> Outcome {
    let value = U256::from_be_bytes(ctx.value.to_be_bytes());
    let initcode = code.is_none();
    let kind = if initcode {
        TxKind::Create
    } else {
        TxKind::Call(eaddr(&ctx.address))
    };
    // Not cloned for the retry with the bridge (a clone would turn the call data into
    // shared `Bytes`, one more allocation per transaction): the first run hands it back.
    // Every field spelled out: `TxEnv::default()` runs revm's builder and derives the
    // type (~200 instructions per transaction); these are its values for the fields
    // not set here (a legacy transaction without access list, blobs or authorizations).
    let tx = TxEnv {
        tx_type: 0,
        caller: eaddr(&ctx.caller),
        gas_limit: ctx.gas_limit,
        gas_price: 0,
        kind,
        value,
        data,
        nonce: 0,
        chain_id: None,
        access_list: Default::default(),
        gas_priority_fee: None,
        blob_hashes: Vec::new(),
        max_fee_per_blob_gas: 0,
        authorization_list: Vec::new(),
    };
    let block = BlockEnv {
        number: U256::from(world.block_height()),
        timestamp: U256::from(world.block_time()),
        gas_limit: u64::MAX,
        basefee: 0,
        ..BlockEnv::default()
    };
    let top = code.map(|c| (ctx.address, c.clone()));
    let mut ran = run(world, tx, block.clone(), ctx.depth, top.clone(), false);
    if let Ran::NeedsBridge(tx) = ran {
        ran = run(world, *tx, block, ctx.depth, top, true);
    }
    let (result, mut state, crossed) = match ran {
        Ran::Done(r, s, c) => (r, s, c),
        Ran::NeedsBridge(_) => {
            return failed(Status::Error(Halt::EvmHalt), ctx.gas_limit, NEEDS_BRIDGE);
        }
        Ran::Failed(e) => return refused(ctx, e),
    };
    match result {
        ExecutionResult::Success {
            gas, logs, output, ..
        } => {
            let gas_used = gas.tx_gas_used();
            let output = match output {
                // revm's output buffer becomes the outcome's without a copy.
                Output::Call(b) => Vec::from(b.0),
                Output::Create(code, address) => {
                    if address != Some(eaddr(&ctx.address)) {
                        return failed(
                            Status::Error(Halt::EvmHalt),
                            ctx.gas_limit,
                            format!(
                                "created at {:?}, expected {}",
                                address.map(|a| zaddr(&a)),
                                ctx.address
                            ),
                        );
                    }
                    code.to_vec()
                }
            };
            if !initcode && let Some(acc) = state.get_mut(&eaddr(&ctx.caller)) {
                // revm bumped the sender's nonce: ZVM nonces count deployments only.
                acc.info.nonce = acc.info.nonce.saturating_sub(1);
            }
            if let Err(e) = write_back(world, &state, crossed) {
                return failed(Status::Error(Halt::EvmHalt), ctx.gas_limit, e.0);
            }
            recycle(state);
            // A new vector rather than `collect` (which would convert revm's in place and
            // then shrink it with a `realloc`: its logs are larger than ours).
            let mut out = Vec::with_capacity(logs.len());
            for l in logs {
                // Both vectors are revm's, reused (`B256` and `[u8; 32]` have one layout,
                // so the topics are converted in place).
                let (topics, data) = l.data.split();
                out.push(Log {
                    address: zaddr(&l.address),
                    topics: topics.into_iter().map(|t| t.0).collect(),
                    data: Vec::from(data.0),
                });
            }
            Outcome {
                status: Status::Success,
                output,
                gas_used,
                logs: out,
            }
        }
        ExecutionResult::Revert { gas, output, .. } => Outcome {
            status: Status::Revert,
            output: Vec::from(output.0),
            gas_used: gas.tx_gas_used(),
            logs: Vec::new(),
        },
        ExecutionResult::Halt { reason, gas, .. } => {
            let status = match reason {
                HaltReason::OutOfGas(_) => Status::OutOfGas,
                _ => Status::Error(Halt::EvmHalt),
            };
            Outcome {
                status,
                output: Vec::new(),
                gas_used: gas.tx_gas_used(),
                logs: Vec::new(),
            }
        }
    }
}

/// The outcome of a transaction revm rejected or failed.
fn refused(ctx: &Context, e: Error) -> Outcome {
    match e {
        EVMError::Transaction(
            t @ (InvalidTransaction::CallGasCostMoreThanGasLimit { .. }
            | InvalidTransaction::GasFloorMoreThanGasLimit { .. }),
        ) => failed(Status::OutOfGas, ctx.gas_limit, t.to_string()),
        EVMError::Transaction(t) => failed(Status::Error(Halt::EvmHalt), 0, t.to_string()),
        EVMError::Database(d) => failed(Status::Error(Halt::EvmHalt), ctx.gas_limit, d.0),
        other => failed(
            Status::Error(Halt::EvmHalt),
            ctx.gas_limit,
            other.to_string(),
        ),
    }
}

/// revm's per-transaction working memory (its journal's maps, the shared memory buffer,
/// the frames with their 1024-word stacks), kept between transactions on a thread so
/// that a transaction does not allocate and free them. Everything in it is empty
/// between transactions (`finalize` / `commit_tx` / `discard_tx` clear it), exactly as
/// when a revm `Evm` is reused for many transactions (so, like it, a thread keeps the
/// largest memory buffer a transaction needed); a nested EVM frame (EVM → native → EVM)
/// finds the slot empty and builds its own.
struct Spare {
    journal: JournalInner<JournalEntry>,
    local: LocalContext,
    frames: FrameStack<EthFrame<EthInterpreter>>,
}

thread_local! {
    static SPARE: Cell<Option<Box<Spare>>> = const { Cell::new(None) };
}

/// Gives revm's final-state map (emptied) back to the spare journal, so that the next
/// transaction's accounts go into a map that already has room for them.
fn recycle(mut state: EvmState) {
    if let Some(mut spare) = SPARE.take() {
        if spare.journal.state.capacity() < state.capacity() {
            state.clear();
            spare.journal.state = state;
        }
        SPARE.set(Some(spare));
    }
}

/// The revm configuration (the same for every transaction).
fn cfg() -> CfgEnv {
    let mut cfg = CfgEnv::new_with_spec(SPEC);
    cfg.disable_nonce_check = true;
    cfg.disable_eip3607 = true;
    cfg.tx_gas_limit_cap = Some(u64::MAX);
    cfg.tx_chain_id_check = false;
    cfg
}

/// One run of the transaction: without the bridge inspector (`inspect == false`; aborts
/// with [`Ran::NeedsBridge`] at a call into non-EVM code) or with it.
fn run(
    world: &mut dyn Accounts,
    tx: TxEnv,
    block: BlockEnv,
    depth: u32,
    top: Option<(Address, Code)>,
    inspect: bool,
) -> Ran {
    let cfg = cfg();
    let (inner, local, frames) = match SPARE.take() {
        Some(s) => {
            let Spare {
                journal,
                local,
                frames,
            } = *s;
            (journal, local, frames)
        }
        None => (
            JournalInner::new(),
            LocalContext::default(),
            FrameStack::new(),
        ),
    };
    let mut journal = Journal::new_with_inner(Db::new(world, top), inner);
    journal.set_spec_id(SPEC);
    journal.set_eip7708_config(
        cfg.is_eip7708_disabled(),
        cfg.is_eip8246_delayed_clear_disabled(),
    );
    let rctx: Ctx<'_> = revm::context::Context {
        block,
        tx,
        cfg,
        journaled_state: journal,
        chain: (),
        local,
        error: Ok(()),
    };
    let mut evm: ZEvm<'_> = Evm {
        ctx: rctx,
        inspector: Bridge::new(depth),
        instruction: Instructions::new(),
        precompiles: Provider::new(),
        frame_stack: frames,
    };
    let mut handler = ZvmHandler {
        intrinsic: depth == 0,
        _p: PhantomData,
    };
    let result = if inspect {
        handler.inspect_run(&mut evm)
    } else {
        handler.run(&mut evm)
    };
    let state = evm.ctx.journal_mut().finalize();
    let Evm {
        ctx,
        inspector,
        frame_stack,
        ..
    } = evm;
    let journal = ctx.journaled_state.into_init();
    if journal.journal.is_empty() && journal.depth == 0 {
        SPARE.set(Some(Box::new(Spare {
            journal,
            local: ctx.local,
            frames: frame_stack,
        })));
    }
    match result {
        Ok(r) => Ran::Done(r, state, inspector.crossed),
        Err(EVMError::Custom(s)) if s == NEEDS_BRIDGE && !inspect => {
            Ran::NeedsBridge(Box::new(ctx.tx))
        }
        Err(e) => Ran::Failed(e),
    }
}

/// Writes revm's final state into the world. Without a cross-engine call only what
/// revm changed is written; after one, every loaded value that differs from the world
/// (the world may hold flushed or callee-written values).
fn write_back(world: &mut dyn Accounts, state: &EvmState, crossed: bool) -> Result<(), DbError> {
    for (addr, acc) in state {
        if !acc.is_touched() && !crossed {
            continue;
        }
        let a = zaddr(addr);
        if acc.is_selfdestructed() {
            // Only contracts created in this transaction can be destroyed (EIP-6780).
            world.set_balance(&a, 0);
            world.set_nonce(&a, 0);
            world.set_code(&a, Vec::new());
            // Slots a cross-engine call flushed; others never reached the world.
            for k in acc.storage.keys() {
                world.sstore(&a, k.to_be_bytes::<32>(), [0; 32]);
            }
            continue;
        }
        // Without a cross call, revm's original info is what the world held when revm
        // loaded the account (the database reads straight through): unchanged info
        // needs no write and no read.
        if crossed || acc.is_changed() {
            let b = balance_u128(&acc.info.balance)?;
            if world.balance(&a) != b {
                world.set_balance(&a, b);
            }
            if world.nonce(&a) != acc.info.nonce {
                world.set_nonce(&a, acc.info.nonce);
            }
        }
        if acc.is_created() {
            let code = acc
                .info
                .code
                .as_ref()
                .map(|c| c.original_byte_slice().to_vec())
                .unwrap_or_default();
            world.set_code(&a, code);
        }
        for (k, slot) in &acc.storage {
            if !crossed && !slot.is_changed() {
                continue;
            }
            let key = k.to_be_bytes::<32>();
            let v = slot.present_value.to_be_bytes::<32>();
            if crossed && world.sload(&a, &key) == v {
                continue;
            }
            world.sstore(&a, key, v);
        }
    }
    if world.failed() {
        return Err(DbError("state store error".into()));
    }
    Ok(())
}
