//! What an executing frame sees of the world, shared by the three engines: the
//! [`Context`] it runs in, the [`Host`] it calls out to, and the [`Outcome`] it ends
//! with.
//!
//! Data flows one way: `zcrypto::metered` → engines (the [`interpreter`](crate::interpreter),
//! [`wasm`](crate::wasm), [`evm`](crate::evm)) → [`runtime`](crate::runtime) (which
//! implements [`Host`] and [`Accounts`] over its journal) → CLI. Engines know only
//! these traits, never the runtime.

use crate::address::Address;
use crate::state::Checkpoint;
use crate::word::Word;

/// The deepest nested call (the top-level frame has depth 0), across all engines.
/// Deeper calls fail.
pub const MAX_CALL_DEPTH: u32 = 64;

/// Why a frame stopped with an error (all gas consumed, state undone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Halt {
    /// An instruction needed more stack items than there were.
    StackUnderflow,
    /// The stack would exceed [`STACK_LIMIT`].
    StackOverflow,
    /// A jump to an offset that is not a `JUMPDEST`.
    BadJump,
    /// An undefined opcode, or `INVALID`.
    InvalidOpcode(u8),
    /// A memory range past [`MAX_MEMORY`].
    MemoryLimit,
    /// A crypto operation reported a range outside memory.
    MemoryOutOfBounds,
    /// A WASM trap (`unreachable`, an out-of-bounds access, a stack overflow, division
    /// by zero, a host function's trap...).
    WasmTrap,
    /// An EVM exceptional halt other than out of gas (invalid opcode, bad jump, stack
    /// error, static-call violation, ...).
    EvmHalt,
}

/// How a frame ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `STOP`, `RETURN` or the end of the code.
    Success,
    /// `REVERT`.
    Revert,
    /// The gas ran out.
    OutOfGas,
    /// An error halt.
    Error(Halt),
}

/// A log (event).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Log {
    /// The emitting contract.
    pub address: Address,
    /// 0 to 4 topics.
    pub topics: Vec<[u8; 32]>,
    /// The data.
    pub data: Vec<u8>,
}

/// The result of a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// How it ended.
    pub status: Status,
    /// The output (`RETURN` / `REVERT` data).
    pub output: Vec<u8>,
    /// Gas used, after the capped refund for a success.
    pub gas_used: u64,
    /// Logs emitted by the frame and its successful sub-calls (empty unless success).
    pub logs: Vec<Log>,
}

impl Outcome {
    /// Whether the frame succeeded.
    pub fn is_success(&self) -> bool {
        self.status == Status::Success
    }
}

/// What the frame runs with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    /// The executing contract (`ADDRESS`, the storage owner).
    pub address: Address,
    /// The caller (`CALLER`).
    pub caller: Address,
    /// The value sent (`CALLVALUE`).
    pub value: Word,
    /// The call data.
    pub calldata: Vec<u8>,
    /// The frame's gas limit.
    pub gas_limit: u64,
    /// The call depth (0 for a transaction's top frame).
    pub depth: u32,
}

/// A sub-call, as the interpreter asks the host to perform it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRequest {
    /// The calling contract.
    pub caller: Address,
    /// The callee.
    pub to: Address,
    /// The value sent.
    pub value: Word,
    /// The call data.
    pub input: Vec<u8>,
    /// The gas forwarded.
    pub gas: u64,
    /// The callee's depth.
    pub depth: u32,
}

/// The world as an executing frame sees it: what a contract of **any** engine (native
/// interpreter, WASM host functions, EVM) may do outside its own memory. The runtime
/// implements it over its journaled state; [`MemoryHost`](crate::interpreter::MemoryHost)
/// is a small in-memory one for engine tests.
///
/// Methods never fail: a state store error is recorded by the implementation (the
/// runtime then fails every frame of the transaction) and a neutral value returned.
pub trait Host {
    /// The storage word at `key` of `address` (zero if unset): the stored value,
    /// left-padded to 32 bytes.
    fn sload(&mut self, address: &Address, key: &[u8; 32]) -> [u8; 32];
    /// Sets a storage word (zero deletes).
    fn sstore(&mut self, address: &Address, key: [u8; 32], value: [u8; 32]);
    /// The raw storage value at `key` of `address` (empty if unset). Native and EVM
    /// contracts store words; WASM contracts store values of any length.
    fn storage_get(&mut self, address: &Address, key: &[u8; 32]) -> Vec<u8>;
    /// Sets a raw storage value (empty deletes).
    fn storage_set(&mut self, address: &Address, key: [u8; 32], value: Vec<u8>);
    /// The balance of `address`.
    fn balance(&mut self, address: &Address) -> u128;
    /// Records a log.
    fn emit_log(&mut self, log: &Log);
    /// Runs a sub-call in whatever engine the callee's code needs; the outcome's
    /// `gas_used` must not exceed `request.gas`. A call that could not start (depth,
    /// reentrancy, balance, no entry point) is a failed outcome with 0 gas used.
    fn call(&mut self, request: CallRequest) -> Outcome;
    /// The current block height.
    fn block_height(&self) -> u64;
    /// The current block time (seconds).
    fn block_time(&self) -> u64;
}

/// What an engine that keeps its own view of accounts during a frame (the EVM: revm
/// caches the accounts it touches and writes them back at the end) needs beyond
/// [`Host`]: account reads and writes, and the runtime journal's checkpoints, so that
/// its writes and reverts stay in step with the state every other engine sees.
///
/// Checkpoints nest: [`Accounts::commit`] and [`Accounts::revert`] take the most
/// recent open one.
pub trait Accounts: Host {
    /// The nonce of `address`.
    fn nonce(&mut self, address: &Address) -> u64;
    /// Sets the nonce of `address`.
    fn set_nonce(&mut self, address: &Address, nonce: u64);
    /// Sets the balance of `address`.
    fn set_balance(&mut self, address: &Address, balance: u128);
    /// The code at `address` (empty if none).
    fn code(&mut self, address: &Address) -> Vec<u8>;
    /// The code at `address` analysed for the EVM engine (`None` if none). The runtime
    /// answers EVM code from its code cache, so that an EVM call does not copy, hash and
    /// analyse its callee's code again; any other code is wrapped as it is.
    fn evm_code(&mut self, address: &Address) -> Option<crate::evm::Code> {
        let code = self.code(address);
        (!code.is_empty()).then(|| crate::evm::Code::new(&code))
    }
    /// Sets the code at `address`.
    fn set_code(&mut self, address: &Address, code: Vec<u8>);
    /// Opens a checkpoint of the journal.
    fn checkpoint(&mut self) -> Checkpoint;
    /// Keeps the changes since `cp` (folded into the enclosing checkpoint).
    fn commit(&mut self, cp: Checkpoint);
    /// Undoes the changes since `cp`.
    fn revert(&mut self, cp: Checkpoint);
    /// Whether a state store error has been recorded (the frame must fail).
    fn failed(&self) -> bool;
    /// Pushes `address` on the reentrancy guard's stack of executing contracts (an
    /// engine that runs nested frames itself, like the EVM, reports them so that a
    /// cross-engine call cannot re-enter them).
    fn enter(&mut self, address: Address);
    /// Pops the most recent [`Accounts::enter`].
    fn leave(&mut self);
}
