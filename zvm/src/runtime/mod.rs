//! The runtime: transactions (deploy, call) over a [`StateStore`], with receipts.
//!
//! A [`Runtime`] owns a store. Outside a block, every transaction runs against a fresh
//! [`Journal`](crate::state::Journal) over the committed state; a transaction that
//! succeeds is made durable by **one** [`StateStore::commit`] (so the store's height
//! counts successful transactions), and a transaction that fails (revert, out of gas,
//! error, refused) commits nothing. Inside a block ([`Runtime::begin_block`] …
//! [`Runtime::end_block`]) the transactions share one journal, each on its own
//! checkpoint (kept if it succeeds, reverted alone if it fails), and the block is
//! committed once: one height and one state-root update per block. Nested calls take journal checkpoints: a failed
//! sub-call undoes only its own writes and transfers, and its caller goes on.
//! [`Runtime::view`] and [`Runtime::estimate_gas`] run the same way and never commit.
//!
//! # Bytecode
//!
//! [`detect`] decides the engine: native ZVM containers run on the
//! [`interpreter`](crate::interpreter), WASM modules on the [`wasm`](crate::wasm)
//! engine, anything else is EVM bytecode for the [`evm`](crate::evm) engine. A
//! malformed container or an invalid WASM module is rejected at deploy with the
//! parser's or validator's error. For native and WASM contracts the stored code is the
//! bytecode as deployed (so `get-code` returns deployable bytes); for EVM contracts it
//! is the runtime code the init code returned, as on Ethereum.
//!
//! Every engine reaches every other through one call path: a sub-call (native `CALL`,
//! the WASM host function `call_contract`, an EVM `CALL` to a non-EVM contract) is a
//! frame of this runtime, entered at the callee's [`SUBCALL_ENTRY`] export (native,
//! WASM) or with the input as call data (EVM).
//!
//! # Deploy
//!
//! The contract address is [`contract_address`]`(deployer, nonce)` (Ethereum's `CREATE`
//! rule), and the deployer's nonce increments. The deploy moves `value` to the new
//! contract, charges [`CODE_DEPOSIT_GAS_PER_BYTE`] per container byte, then runs the
//! container's [`CONSTRUCTOR`] export (if any) with the constructor arguments as call
//! data and the remaining gas. The receipt's `return_data` is the constructor's output.
//!
//! # Calls
//!
//! A transaction enters the callee at the export named by `function` (for native and
//! WASM contracts, the export name; for EVM contracts a 4-byte selector in hex
//! prepended to the input, or empty / `main` for raw call data); an unknown export is
//! an error receipt. Sub-calls (`CALL`) enter at [`SUBCALL_ENTRY`]
//! (`main`); a sub-call to an account without code just moves the value. A sub-call
//! fails (pushes 0, uses no gas) when the caller cannot pay the value, when the callee
//! is already executing (**reentrancy guard**: no contract can be re-entered while it
//! is on the call stack; EVM frames nested inside one EVM transaction are on it too),
//! when the callee has no `main` export, or beyond [`MAX_CALL_DEPTH`](crate::interpreter::MAX_CALL_DEPTH).
//!
//! # Gas
//!
//! Only execution gas (the interpreter's schedule) and the code deposit are charged;
//! there is no intrinsic transaction cost (except for EVM transactions, which pay
//! Ethereum's, see [`evm`](crate::evm)) and no fee payment (balances only move by
//! value transfers). A refused transaction uses 0 gas; out of gas uses the whole limit.
//!
//! # Code cache
//!
//! The runtime keeps each called contract's parsed container and JUMPDEST analysis by
//! address (for EVM code also the code revm loads, e.g. the callee of an EVM-to-EVM
//! call), so a call does not reload and re-analyse its code. An entry is dropped
//! when a commit writes that address's code, and the whole cache when the store is
//! borrowed mutably ([`Runtime::store_mut`]: rollback, import); code written by the
//! running transaction or block is read from the journal, not the cache.
//!
//! # Store errors
//!
//! A state store error during execution never panics: the first one is recorded, every
//! frame from then on fails, and the receipt reports it (`error: "state: ..."`).
//!
//! ```
//! use zvm::address::Address;
//! use zvm::runtime::Runtime;
//! use zvm::state::MemoryState;
//!
//! let counter = zvm::asm::assemble(include_str!("../../contracts/counter.zasm")).unwrap();
//! let mut rt = Runtime::new(MemoryState::new()).with_block_time(1_700_000_000);
//! let me = Address([1; 20]);
//! let d = rt.deploy(me, &counter.encode(), &[], 0, 1_000_000);
//! assert!(d.success, "{:?}", d.error);
//! let c = d.contract_address.unwrap();
//! let r = rt.call(me, c, "main", &[], 0, 1_000_000);
//! assert!(r.success);
//! assert_eq!(r.return_data[31], 1);
//! assert_eq!(rt.height(), 2); // two successful transactions, two commits
//! ```

mod create;
mod host;
#[cfg(test)]
mod tests;

pub use create::{contract_address, rlp_deployer_nonce};

use std::time::{SystemTime, UNIX_EPOCH};

use crate::address::Address;
use crate::container::{Kind, detect};
use crate::host::{Log, Outcome, Status};
use crate::state::{
    ChangeSet, Checkpoint, Committed, Journal, Pending, Root, StateError, StateKey, StateStore,
};
use crate::{evm, wasm};
use host::{CodeCache, Entry, Exec, Frame, Loaded, Refused};

/// The error for EVM bytecode while the EVM engine is not [available](crate::evm::AVAILABLE).
pub const EVM_UNSUPPORTED: &str = "EVM bytecode is not supported yet (issue: EVM engine)";
/// The export a deploy runs, if present.
pub const CONSTRUCTOR: &str = "constructor";
/// The export a contract-to-contract call enters.
pub const SUBCALL_ENTRY: &str = "main";
/// Gas per byte of deployed code (as the EVM's code deposit).
pub const CODE_DEPOSIT_GAS_PER_BYTE: u64 = 200;

/// The block a transaction runs in (`HEIGHT`, `TIME`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockEnv {
    /// The block height: the store's committed height + 1.
    pub height: u64,
    /// The block time (seconds since the Unix epoch).
    pub time: u64,
}

/// The result of a transaction, view or deploy.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Receipt {
    /// Whether it succeeded (and, for a transaction, was committed).
    pub success: bool,
    /// The output (`RETURN` or `REVERT` data; the constructor's output for a deploy).
    pub return_data: Vec<u8>,
    /// Gas used (0 if refused before running; the whole limit when out of gas).
    pub gas_used: u64,
    /// The logs (events), in order; empty unless successful.
    pub logs: Vec<Log>,
    /// What went wrong, if anything (`"reverted"`, `"out of gas"`, ...).
    pub error: Option<String>,
    /// The new contract's address (successful deploys only).
    pub contract_address: Option<Address>,
}

impl Receipt {
    fn refused(msg: impl Into<String>) -> Receipt {
        Receipt {
            error: Some(msg.into()),
            ..Receipt::default()
        }
    }

    fn from_outcome(out: Outcome) -> Receipt {
        let error = match out.status {
            Status::Success => None,
            Status::Revert => Some("reverted".to_string()),
            Status::OutOfGas => Some("out of gas".to_string()),
            // The EVM engine explains a transaction revm refused in the output.
            Status::Error(h @ crate::host::Halt::EvmHalt) if !out.output.is_empty() => {
                match std::str::from_utf8(&out.output) {
                    Ok(why) => Some(format!("execution error: {h:?}: {why}")),
                    Err(_) => Some(format!("execution error: {h:?}")),
                }
            }
            Status::Error(h) => Some(format!("execution error: {h:?}")),
        };
        Receipt {
            success: out.is_success(),
            return_data: out.output,
            gas_used: out.gas_used,
            logs: out.logs,
            error,
            contract_address: None,
        }
    }
}

/// Transactions over a state store; see the [module docs](self).
#[derive(Debug)]
pub struct Runtime<S: StateStore> {
    store: S,
    block_time: Option<u64>,
    /// Analysed code of committed contracts (see [`CodeCache`]).
    codes: CodeCache,
    /// The WASM engine (compiled modules are cached by code hash).
    wasm: wasm::Engine,
    /// The open block, if any.
    block: Option<OpenBlock>,
    /// The reentrancy guard's stack, lent to each transaction (see [`Exec::stack`]).
    stack: Vec<Address>,
}

/// A block in progress: one journal shared by its transactions.
#[derive(Debug)]
struct OpenBlock {
    pending: Pending,
    env: BlockEnv,
}

/// What to do with a transaction's journal.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Commit,
    Discard,
}

/// How a transaction body ended.
enum Step {
    /// Refused before running (the receipt says why; nothing to keep).
    Early(Receipt),
    /// The top-level frame ran (or was refused at its start).
    Ran(Result<Outcome, Refused>),
}

impl<S: StateStore> Runtime<S> {
    /// A runtime over `store`. The block time is the system clock unless set with
    /// [`Runtime::with_block_time`].
    pub fn new(store: S) -> Self {
        Runtime {
            store,
            block_time: None,
            codes: CodeCache::default(),
            wasm: wasm::Engine::new(),
            block: None,
            stack: Vec::new(),
        }
    }

    /// Opens a block: until [`Runtime::end_block`], every [`call`](Runtime::call) and
    /// [`deploy`](Runtime::deploy) runs on a checkpoint of one shared journal (a
    /// transaction that succeeds is kept in the block, one that fails reverts only its
    /// own changes) and nothing is committed; `end_block` then makes **one**
    /// [`StateStore::commit`] (one height, one state-root update) for the whole block.
    ///
    /// Every transaction of the block sees the same [`BlockEnv`]: height = committed
    /// height + 1, and the block time fixed now. [`view`](Runtime::view) and
    /// [`estimate_gas`](Runtime::estimate_gas) see the block's uncommitted changes;
    /// the read accessors ([`balance`](Runtime::balance), [`storage_word`](Runtime::storage_word),
    /// ...) and [`state_root`](Runtime::state_root) read the committed state only.
    /// [`mint`](Runtime::mint) inside a block writes into the block.
    ///
    /// Returns `false` (and changes nothing) if a block is already open.
    ///
    /// A receipt's `success` inside a block means "kept in the block": its changes
    /// become durable with `end_block`, and are lost if that commit fails or the block
    /// is [aborted](Runtime::abort_block).
    ///
    /// ```
    /// use zvm::address::Address;
    /// use zvm::runtime::Runtime;
    /// use zvm::state::MemoryState;
    ///
    /// let counter = zvm::asm::assemble(include_str!("../../contracts/counter.zasm")).unwrap();
    /// let mut rt = Runtime::new(MemoryState::new()).with_block_time(1_700_000_000);
    /// let me = Address([1; 20]);
    /// let c = rt.deploy(me, &counter.encode(), &[], 0, 1_000_000).contract_address.unwrap();
    /// assert!(rt.begin_block());
    /// for _ in 0..100 {
    ///     assert!(rt.call(me, c, "main", &[], 0, 1_000_000).success);
    /// }
    /// let block = rt.end_block().unwrap();
    /// assert_eq!(block.height, 2); // the deploy, then one block of 100 calls
    /// assert_eq!(rt.storage_word(&c, &[0; 32]).unwrap()[31], 100);
    /// ```
    pub fn begin_block(&mut self) -> bool {
        if self.block.is_some() {
            return false;
        }
        let env = self.block_env();
        self.block = Some(OpenBlock {
            pending: Pending::default(),
            env,
        });
        true
    }

    /// Whether a block is open.
    pub fn in_block(&self) -> bool {
        self.block.is_some()
    }

    /// Commits the open block's changes in one [`StateStore::commit`] and closes it. With
    /// no block open this commits an empty block (the height still advances, as for
    /// any block). On error nothing is committed and the block is closed (its
    /// transactions are lost).
    pub fn end_block(&mut self) -> Result<Committed, StateError> {
        let pending = self.block.take().map(|b| b.pending).unwrap_or_default();
        let changes = Journal::resume(&self.store, pending).finish()?;
        self.commit_changes(changes)
    }

    /// Discards the open block and every transaction in it; returns whether one was open.
    pub fn abort_block(&mut self) -> bool {
        self.block.take().is_some()
    }

    /// Fixes the block time (seconds) for every following transaction.
    pub fn with_block_time(mut self, time: u64) -> Self {
        self.block_time = Some(time);
        self
    }

    /// Sets (or, with `None`, unfixes: system clock) the block time.
    pub fn set_block_time(&mut self, time: Option<u64>) {
        self.block_time = time;
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The store, mutably (snapshots, rollback). Clears the code cache, since the
    /// caller may change committed code. End or abort an open block first: its changes
    /// are kept as values, and [`Runtime::end_block`] writes them over whatever the
    /// store then holds.
    pub fn store_mut(&mut self) -> &mut S {
        self.codes.clear();
        &mut self.store
    }

    /// The store back.
    pub fn into_store(self) -> S {
        self.store
    }

    /// The committed state root.
    pub fn state_root(&self) -> Root {
        self.store.state_root()
    }

    /// The committed height (the number of commits: transactions and mints outside
    /// blocks, and blocks).
    pub fn height(&self) -> u64 {
        self.store.height()
    }

    /// The environment of the next transaction (the open block's, inside a block).
    pub fn block_env(&self) -> BlockEnv {
        if let Some(b) = &self.block {
            return b.env;
        }
        let time = self.block_time.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        });
        BlockEnv {
            height: self.store.height() + 1,
            time,
        }
    }

    /// The code at `contract` (empty if none).
    pub fn code(&self, contract: &Address) -> Result<Vec<u8>, StateError> {
        self.store.code(contract)
    }

    /// The balance of `account`.
    pub fn balance(&self, account: &Address) -> Result<u128, StateError> {
        self.store.balance(account)
    }

    /// The nonce of `account` (the number of contracts it deployed).
    pub fn nonce(&self, account: &Address) -> Result<u64, StateError> {
        self.store.nonce(account)
    }

    /// The storage word at `slot` of `contract` (zero if unset).
    pub fn storage_word(
        &self,
        contract: &Address,
        slot: &[u8; 32],
    ) -> Result<[u8; 32], StateError> {
        let v = self.store.storage(contract, slot)?;
        if v.len() > 32 {
            return Err(StateError::Corrupt(
                "storage value longer than 32 bytes".into(),
            ));
        }
        let mut w = [0u8; 32];
        w[32 - v.len()..].copy_from_slice(&v);
        Ok(w)
    }

    /// Adds `amount` to `account`'s balance in its own commit (genesis allocations,
    /// faucets, tests). Inside a block it writes into the block instead and returns the
    /// current committed height and root (the mint is committed by
    /// [`Runtime::end_block`]).
    pub fn mint(&mut self, account: &Address, amount: u128) -> Result<Committed, StateError> {
        if let Some(block) = self.block.as_mut() {
            let mut j = Journal::resume(&self.store, std::mem::take(&mut block.pending));
            let r = j.balance(account).and_then(|b| {
                let nb = b
                    .checked_add(amount)
                    .ok_or_else(|| StateError::Corrupt("balance overflow".into()))?;
                j.set_balance(account, nb)
            });
            block.pending = j.suspend();
            r?;
            return Ok(Committed {
                height: self.store.height(),
                root: self.store.state_root(),
            });
        }
        let b = self.store.balance(account)?;
        let nb = b
            .checked_add(amount)
            .ok_or_else(|| StateError::Corrupt("balance overflow".into()))?;
        let mut cs = ChangeSet::new();
        cs.set_balance(*account, nb);
        self.commit_changes(cs)
    }

    /// Deploys `bytecode` from `deployer` (see the [module docs](self#deploy)).
    pub fn deploy(
        &mut self,
        deployer: Address,
        bytecode: &[u8],
        constructor_args: &[u8],
        value: u128,
        gas_limit: u64,
    ) -> Receipt {
        // Native and WASM code is stored as deployed and pays the code deposit here;
        // EVM init code runs first and the EVM charges the deposit of the code it returns.
        let loaded = match detect(bytecode) {
            Kind::Evm if !evm::AVAILABLE => return Receipt::refused(EVM_UNSUPPORTED),
            Kind::Evm => None,
            Kind::Zvm | Kind::Wasm => match Loaded::new(bytecode, &self.wasm) {
                Ok(l) => Some(l),
                Err(r) => return Receipt::refused(r.message()),
            },
        };
        let deposit = if loaded.is_some() {
            CODE_DEPOSIT_GAS_PER_BYTE.saturating_mul(bytecode.len() as u64)
        } else {
            0
        };
        let address = std::cell::Cell::new(None);
        let body = |ex: &mut Exec<'_, S>| {
            let nonce = match ex.journal.nonce(&deployer) {
                Ok(n) => n,
                Err(e) => return Step::Early(Receipt::refused(format!("state: {e}"))),
            };
            let Some(next) = nonce.checked_add(1) else {
                return Step::Early(Receipt::refused("deployer nonce exhausted"));
            };
            let addr = contract_address(&deployer, nonce);
            match ex.journal.code(&addr) {
                Ok(c) if !c.is_empty() => {
                    return Step::Early(Receipt::refused(format!(
                        "a contract already exists at {addr}"
                    )));
                }
                Ok(_) => {}
                Err(e) => return Step::Early(Receipt::refused(format!("state: {e}"))),
            }
            if gas_limit < deposit {
                return Step::Early(Receipt {
                    gas_used: gas_limit,
                    error: Some(format!(
                        "out of gas: the code deposit needs {deposit} gas ({CODE_DEPOSIT_GAS_PER_BYTE} per byte)"
                    )),
                    ..Receipt::default()
                });
            }
            address.set(Some(addr));
            let f = Frame {
                caller: deployer,
                to: addr,
                value,
                input: constructor_args.to_vec(),
                gas: gas_limit - deposit,
                depth: 0,
            };
            let Some(loaded) = loaded else {
                // The EVM engine bumps the nonce and stores the runtime code.
                return Step::Ran(ex.frame(f, Entry::Create(bytecode)));
            };
            if let Err(e) = ex
                .journal
                .set_nonce(&deployer, next)
                .and_then(|()| ex.journal.set_code(&addr, bytecode.to_vec()))
            {
                return Step::Early(Receipt::refused(format!("state: {e}")));
            }
            Step::Ran(ex.frame(f, Entry::Constructor(loaded)))
        };
        self.transact(Mode::Commit, body, |receipt, ran| {
            if ran {
                receipt.gas_used = receipt.gas_used.saturating_add(deposit).min(gas_limit);
            }
            if receipt.success {
                receipt.contract_address = address.get();
            }
        })
    }

    /// Calls export `function` of `contract` from `caller` with `input` and `value`, and
    /// commits the changes if it succeeds.
    pub fn call(
        &mut self,
        caller: Address,
        contract: Address,
        function: &str,
        input: &[u8],
        value: u128,
        gas_limit: u64,
    ) -> Receipt {
        self.run(
            caller,
            contract,
            function,
            input,
            value,
            gas_limit,
            Mode::Commit,
        )
    }

    /// Runs a call like [`Runtime::call`] (value 0) and never commits.
    pub fn view(
        &mut self,
        caller: Address,
        contract: Address,
        function: &str,
        input: &[u8],
        gas_limit: u64,
    ) -> Receipt {
        self.run(
            caller,
            contract,
            function,
            input,
            0,
            gas_limit,
            Mode::Discard,
        )
    }

    /// The gas a call would use (run and discarded), or why it would fail.
    pub fn estimate_gas(
        &mut self,
        caller: Address,
        contract: Address,
        function: &str,
        input: &[u8],
        value: u128,
        gas_limit: u64,
    ) -> Result<u64, String> {
        let r = self.run(
            caller,
            contract,
            function,
            input,
            value,
            gas_limit,
            Mode::Discard,
        );
        if r.success {
            Ok(r.gas_used)
        } else {
            Err(r.error.unwrap_or_else(|| "failed".into()))
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn run(
        &mut self,
        caller: Address,
        contract: Address,
        function: &str,
        input: &[u8],
        value: u128,
        gas_limit: u64,
        mode: Mode,
    ) -> Receipt {
        let body = |ex: &mut Exec<'_, S>| {
            // Room for an EVM selector in front, which `Exec::frame` then adds in place.
            let mut data = Vec::with_capacity(input.len() + 4);
            data.extend_from_slice(input);
            let f = Frame {
                caller,
                to: contract,
                value,
                input: data,
                gas: gas_limit,
                depth: 0,
            };
            Step::Ran(ex.frame(f, Entry::Export(function)))
        };
        self.transact(mode, body, |_, _| {})
    }

    /// Runs one transaction `body`: on its own journal and, for a success in
    /// [`Mode::Commit`], its own commit; or, inside a block, on a checkpoint of the
    /// block's journal that is kept or reverted. `post` adjusts the receipt (before the
    /// commit) and learns whether the top-level frame ran.
    fn transact(
        &mut self,
        mode: Mode,
        body: impl FnOnce(&mut Exec<'_, S>) -> Step,
        post: impl FnOnce(&mut Receipt, bool),
    ) -> Receipt {
        let env = self.block_env();
        if let Some(block) = self.block.as_mut() {
            let journal = Journal::resume(&self.store, std::mem::take(&mut block.pending));
            let mut ex = Exec::new(journal, &mut self.codes, env, &self.wasm, &mut self.stack);
            let tx = ex.journal.checkpoint();
            let step = body(&mut ex);
            let (receipt, pending) = settle_in_block(ex, step, mode, tx, post);
            block.pending = pending;
            return receipt;
        }
        let mut ex = Exec::new(
            Journal::new(&self.store),
            &mut self.codes,
            env,
            &self.wasm,
            &mut self.stack,
        );
        let (mut receipt, changes) = match body(&mut ex) {
            Step::Early(receipt) => (receipt, None),
            Step::Ran(r) => {
                let ran = r.is_ok();
                let (mut receipt, changes) = settle(ex, r, mode);
                post(&mut receipt, ran);
                (receipt, changes)
            }
        };
        if let Some(cs) = changes
            && let Err(e) = self.commit_changes(cs)
        {
            receipt.success = false;
            receipt.logs.clear();
            receipt.contract_address = None;
            receipt.error = Some(format!("state: commit failed: {e}"));
        }
        receipt
    }

    /// Commits `changes`, first dropping cached code of every address whose code they
    /// write.
    fn commit_changes(&mut self, changes: ChangeSet) -> Result<Committed, StateError> {
        for (k, _) in changes.iter() {
            if let StateKey::Code(a) = k {
                self.codes.remove(a);
            }
        }
        self.store.commit(changes)
    }
}

/// The receipt of a top-level frame, given the transaction's first store error.
fn receipt_of(error: Option<StateError>, r: Result<Outcome, Refused>) -> Receipt {
    if let Some(e) = error {
        let gas_used = r.as_ref().map_or(0, |o| o.gas_used);
        return Receipt {
            gas_used,
            error: Some(format!("state: {e}")),
            ..Receipt::default()
        };
    }
    match r {
        Ok(out) => Receipt::from_outcome(out),
        Err(refused) => Receipt::refused(refused.message()),
    }
}

/// Settles a transaction inside a block: keeps its checkpoint `tx` if it succeeded in
/// [`Mode::Commit`], reverts it otherwise; returns the receipt and the block's journal.
fn settle_in_block<S: StateStore>(
    ex: Exec<'_, S>,
    step: Step,
    mode: Mode,
    tx: Checkpoint,
    post: impl FnOnce(&mut Receipt, bool),
) -> (Receipt, Pending) {
    let Exec {
        mut journal, error, ..
    } = ex;
    let mut receipt = match step {
        Step::Early(receipt) => receipt,
        Step::Ran(r) => {
            let ran = r.is_ok();
            let mut receipt = receipt_of(error, r);
            post(&mut receipt, ran);
            receipt
        }
    };
    let keep = receipt.success && mode == Mode::Commit;
    let r = if keep {
        journal.commit_checkpoint(tx)
    } else {
        journal.revert(tx)
    };
    if let Err(e) = r {
        receipt.success = false;
        receipt.logs.clear();
        receipt.contract_address = None;
        receipt.error = Some(format!("state: {e}"));
    }
    (receipt, journal.suspend())
}

/// Turns a top-level frame into a receipt and, for a success in [`Mode::Commit`], the
/// change set to commit.
fn settle<S: StateStore>(
    ex: Exec<'_, S>,
    r: Result<Outcome, Refused>,
    mode: Mode,
) -> (Receipt, Option<ChangeSet>) {
    let Exec { journal, error, .. } = ex;
    let mut receipt = receipt_of(error, r);
    if !(receipt.success && mode == Mode::Commit) {
        return (receipt, None);
    }
    match journal.finish() {
        Ok(cs) => (receipt, Some(cs)),
        Err(e) => {
            receipt.success = false;
            receipt.logs.clear();
            receipt.error = Some(format!("state: {e}"));
            (receipt, None)
        }
    }
}
