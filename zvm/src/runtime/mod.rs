//! The runtime: transactions (deploy, call) over a [`StateStore`], with receipts.
//!
//! A [`Runtime`] owns a store. Every transaction runs against a fresh
//! [`Journal`](crate::state::Journal) over the committed state; a transaction that
//! succeeds is made durable by **one** [`StateStore::commit`] (so the store's height
//! counts successful transactions), and a transaction that fails (revert, out of gas,
//! error, refused) commits nothing. Nested calls take journal checkpoints: a failed
//! sub-call undoes only its own writes and transfers, and its caller goes on.
//! [`Runtime::view`] and [`Runtime::estimate_gas`] run the same way and never commit.
//!
//! # Bytecode
//!
//! [`detect`] decides the engine. Native ZVM containers run on the
//! [`interpreter`](crate::interpreter); EVM and WASM bytecode are rejected at deploy
//! ([`EVM_UNSUPPORTED`], [`WASM_UNSUPPORTED`]) until their engines exist. A malformed
//! container is rejected with the container parser's error. The stored code is the
//! container as deployed (so `get-code` returns deployable bytes).
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
//! A transaction enters the callee at the export named by `function` (for native
//! contracts, the export name; 4-byte selectors are for the EVM engine later); an
//! unknown export is an error receipt. Sub-calls (`CALL`) enter at [`SUBCALL_ENTRY`]
//! (`main`); a sub-call to an account without code just moves the value. A sub-call
//! fails (pushes 0, uses no gas) when the caller cannot pay the value, when the callee
//! is already executing (**reentrancy guard**: no contract can be re-entered while it
//! is on the call stack), when the callee has no `main` export or is not native code,
//! or beyond [`MAX_CALL_DEPTH`](crate::interpreter::MAX_CALL_DEPTH).
//!
//! # Gas
//!
//! Only execution gas (the interpreter's schedule) and the code deposit are charged;
//! there is no intrinsic transaction cost and no fee payment (balances only move by
//! value transfers). A refused transaction uses 0 gas; out of gas uses the whole limit.
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
use crate::container::{Container, Kind, detect};
use crate::interpreter::{Log, Outcome, Status};
use crate::state::{ChangeSet, Committed, Root, StateError, StateStore};
use host::{Entry, Exec, Frame, Refused};

/// The error for EVM bytecode.
pub const EVM_UNSUPPORTED: &str = "EVM bytecode is not supported yet (issue: EVM engine)";
/// The error for WASM bytecode.
pub const WASM_UNSUPPORTED: &str = "WASM bytecode is not supported yet (issue: WASM engine)";
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
}

/// What to do with a transaction's journal.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Commit,
    Discard,
}

impl<S: StateStore> Runtime<S> {
    /// A runtime over `store`. The block time is the system clock unless set with
    /// [`Runtime::with_block_time`].
    pub fn new(store: S) -> Self {
        Runtime {
            store,
            block_time: None,
        }
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

    /// The store, mutably (snapshots, rollback).
    pub fn store_mut(&mut self) -> &mut S {
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

    /// The committed height (the number of committed transactions and mints).
    pub fn height(&self) -> u64 {
        self.store.height()
    }

    /// The environment of the next transaction.
    pub fn block_env(&self) -> BlockEnv {
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
    /// faucets, tests).
    pub fn mint(&mut self, account: &Address, amount: u128) -> Result<Committed, StateError> {
        let b = self.store.balance(account)?;
        let nb = b
            .checked_add(amount)
            .ok_or_else(|| StateError::Corrupt("balance overflow".into()))?;
        let mut cs = ChangeSet::new();
        cs.set_balance(*account, nb);
        self.store.commit(cs)
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
        let container = match detect(bytecode) {
            Kind::Evm => return Receipt::refused(EVM_UNSUPPORTED),
            Kind::Wasm => return Receipt::refused(WASM_UNSUPPORTED),
            Kind::Zvm => match Container::parse(bytecode) {
                Ok(c) => c,
                Err(e) => return Receipt::refused(format!("malformed ZVM container: {e}")),
            },
        };
        let deposit = CODE_DEPOSIT_GAS_PER_BYTE.saturating_mul(bytecode.len() as u64);
        let env = self.block_env();
        let mut ex = Exec::new(&self.store, env);
        let nonce = match ex.journal.nonce(&deployer) {
            Ok(n) => n,
            Err(e) => return Receipt::refused(format!("state: {e}")),
        };
        let Some(next) = nonce.checked_add(1) else {
            return Receipt::refused("deployer nonce exhausted");
        };
        let address = contract_address(&deployer, nonce);
        match ex.journal.code(&address) {
            Ok(c) if !c.is_empty() => {
                return Receipt::refused(format!("a contract already exists at {address}"));
            }
            Ok(_) => {}
            Err(e) => return Receipt::refused(format!("state: {e}")),
        }
        if gas_limit < deposit {
            return Receipt {
                gas_used: gas_limit,
                error: Some(format!(
                    "out of gas: the code deposit needs {deposit} gas ({CODE_DEPOSIT_GAS_PER_BYTE} per byte)"
                )),
                ..Receipt::default()
            };
        }
        if let Err(e) = ex
            .journal
            .set_nonce(&deployer, next)
            .and_then(|()| ex.journal.set_code(&address, bytecode.to_vec()))
        {
            return Receipt::refused(format!("state: {e}"));
        }
        let f = Frame {
            caller: deployer,
            to: address,
            value,
            input: constructor_args.to_vec(),
            gas: gas_limit - deposit,
            depth: 0,
        };
        let r = ex.frame(f, Entry::Constructor(container));
        let ran = r.is_ok();
        let (mut receipt, changes) = settle(ex, r, Mode::Commit);
        if ran {
            receipt.gas_used = receipt.gas_used.saturating_add(deposit).min(gas_limit);
        }
        if receipt.success {
            receipt.contract_address = Some(address);
        }
        self.commit(&mut receipt, changes);
        receipt
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
        let env = self.block_env();
        let mut ex = Exec::new(&self.store, env);
        let f = Frame {
            caller,
            to: contract,
            value,
            input: input.to_vec(),
            gas: gas_limit,
            depth: 0,
        };
        let r = ex.frame(f, Entry::Export(function));
        let (mut receipt, changes) = settle(ex, r, mode);
        self.commit(&mut receipt, changes);
        receipt
    }

    /// Commits `changes` (if any) and records a commit failure in `receipt`.
    fn commit(&mut self, receipt: &mut Receipt, changes: Option<ChangeSet>) {
        if let Some(cs) = changes
            && let Err(e) = self.store.commit(cs)
        {
            receipt.success = false;
            receipt.logs.clear();
            receipt.contract_address = None;
            receipt.error = Some(format!("state: commit failed: {e}"));
        }
    }
}

/// Turns a top-level frame into a receipt and, for a success in [`Mode::Commit`], the
/// change set to commit.
fn settle<S: StateStore>(
    ex: Exec<'_, S>,
    r: Result<Outcome, Refused>,
    mode: Mode,
) -> (Receipt, Option<ChangeSet>) {
    let Exec { journal, error, .. } = ex;
    if let Some(e) = error {
        let gas_used = r.as_ref().map_or(0, |o| o.gas_used);
        let receipt = Receipt {
            gas_used,
            error: Some(format!("state: {e}")),
            ..Receipt::default()
        };
        return (receipt, None);
    }
    let out = match r {
        Ok(out) => out,
        Err(refused) => return (Receipt::refused(refused.message()), None),
    };
    let mut receipt = Receipt::from_outcome(out);
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
