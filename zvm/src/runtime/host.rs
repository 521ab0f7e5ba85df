//! The runtime's [`Host`]: one transaction's view of the world, over a [`Journal`].

use foldhash::HashMap;
use std::sync::Arc;

use crate::address::Address;
use crate::container::{Container, Kind, detect};
use crate::host::{Accounts, CallRequest, Context, Host, Log, MAX_CALL_DEPTH, Outcome, Status};
use crate::interpreter::{self, Code};
use crate::state::{Checkpoint, Journal, StateError, StateKey, StateStore};
use crate::word::Word;
use crate::{evm, wasm};

use super::BlockEnv;

/// Why a frame did not start (no gas used).
pub(crate) enum Refused {
    /// The caller cannot pay the value.
    InsufficientBalance {
        /// The payer.
        from: Address,
        /// Its balance.
        balance: u128,
        /// The value.
        value: u128,
    },
    /// The callee's balance would overflow.
    BalanceOverflow,
    /// The callee is already on the call stack.
    Reentrancy(Address),
    /// Deeper than [`MAX_CALL_DEPTH`].
    Depth,
    /// Top-level only: no code at the address.
    NoContract(Address),
    /// The code cannot run (a malformed container or module).
    BadCode(String),
    /// Top-level call of an EVM contract with a `function` that is not a selector.
    BadSelector(String),
    /// The container has no export of that name.
    UnknownExport(String),
    /// The state store failed (recorded in [`Exec::error`] too).
    State,
}

impl Refused {
    pub(crate) fn message(&self) -> String {
        match self {
            Refused::InsufficientBalance {
                from,
                balance,
                value,
            } => format!("insufficient balance: {from} has {balance}, needs {value}"),
            Refused::BalanceOverflow => "recipient balance would overflow".into(),
            Refused::Reentrancy(a) => format!("reentrancy: {a} is already on the call stack"),
            Refused::Depth => format!("call depth limit ({MAX_CALL_DEPTH}) exceeded"),
            Refused::NoContract(a) => format!("no contract at {a}"),
            Refused::BadCode(m) => m.clone(),
            Refused::UnknownExport(n) => format!("contract has no export named `{n}`"),
            Refused::BadSelector(f) => format!(
                "EVM contracts are called with a 4-byte selector as the function (8 hex digits, e.g. a9059cbb) or with an empty function and raw call data; got `{f}`"
            ),
            Refused::State => "state error".into(),
        }
    }
}

/// Where a frame enters its code.
pub(crate) enum Entry<'a> {
    /// A named entry: for native and WASM code the export (`function` for
    /// transactions, [`SUBCALL_ENTRY`](super::SUBCALL_ENTRY) for sub-calls); for EVM code
    /// at depth 0 a 4-byte selector in hex prepended to the input (empty or
    /// `main`: the input is the whole call data), deeper the input as call data.
    Export(&'a str),
    /// A native or WASM deploy: the new contract's code, entered at its `constructor`
    /// export if it has one (otherwise only the value moves).
    Constructor(Loaded),
    /// An EVM deploy: the init code.
    Create(&'a [u8]),
}

/// A contract's code, ready to run: parsed and analysed once (cheap to clone).
#[derive(Debug, Clone)]
pub(crate) enum Loaded {
    /// A native container and its JUMPDEST-analysed code.
    Native(Arc<Native>),
    /// A compiled WASM module.
    Wasm(wasm::Module),
    /// EVM runtime code.
    Evm(evm::Code),
}

/// A native container and its analysed code.
#[derive(Debug)]
pub(crate) struct Native {
    /// The container (exports).
    pub(crate) container: Container,
    /// The analysed code.
    pub(crate) code: Code,
}

impl Loaded {
    /// Parses / compiles `code` for its engine.
    pub(crate) fn new(code: &[u8], wasm: &wasm::Engine) -> Result<Loaded, Refused> {
        Ok(match detect(code) {
            Kind::Zvm => Loaded::native(native_container(code)?),
            Kind::Wasm => Loaded::Wasm(
                wasm.compile(code)
                    .map_err(|e| Refused::BadCode(format!("invalid WASM module: {e}")))?,
            ),
            Kind::Evm => Loaded::Evm(evm::Code::new(code)),
        })
    }

    /// A parsed native container.
    pub(crate) fn native(container: Container) -> Loaded {
        let code = Code::from_container(&container);
        Loaded::Native(Arc::new(Native { container, code }))
    }
}

/// Analysed code of *committed* contracts by address. Valid while the committed code at
/// an address is unchanged: the runtime drops an entry when a commit writes that
/// address's code and clears the cache when the store is handed out mutably (rollback,
/// import). Code written by the running journal (a deploy in the same transaction or
/// block) bypasses the cache. `None`: the committed state has no code at the address
/// (an externally owned account: revm looks up the caller's code every transaction);
/// such entries stop being added at [`MAX_NO_CODE`] entries.
pub(crate) type CodeCache = HashMap<Address, Option<Loaded>>;

/// The cache size above which "no code" is no longer cached (it bounds the memory
/// spent on remembering externally owned accounts).
const MAX_NO_CODE: usize = 1 << 16;

/// A frame to run: who calls whom, with what.
pub(crate) struct Frame {
    /// The caller.
    pub(crate) caller: Address,
    /// The callee.
    pub(crate) to: Address,
    /// The value moved from caller to callee.
    pub(crate) value: u128,
    /// The call data.
    pub(crate) input: Vec<u8>,
    /// The gas limit.
    pub(crate) gas: u64,
    /// The depth (0 for a transaction).
    pub(crate) depth: u32,
}

/// One transaction's execution state.
pub(crate) struct Exec<'s, S: StateStore> {
    pub(crate) journal: Journal<'s, S>,
    /// Analysed code of committed contracts.
    pub(crate) codes: &'s mut CodeCache,
    pub(crate) env: BlockEnv,
    /// The WASM engine.
    pub(crate) wasm: &'s wasm::Engine,
    /// The contracts currently executing, outermost first (the reentrancy guard): the
    /// runtime's buffer, lent to each transaction (emptied by [`Exec::new`]) so that
    /// it keeps its capacity.
    pub(crate) stack: &'s mut Vec<Address>,
    /// The first state store error; once set, every frame fails.
    pub(crate) error: Option<StateError>,
}

/// The failed outcome of a frame that consumed `gas`.
fn failed(gas: u64) -> Outcome {
    Outcome {
        status: Status::Revert,
        output: Vec::new(),
        gas_used: gas,
        logs: Vec::new(),
    }
}

/// The word of a stored slot value (empty = zero; shorter values are left-padded).
fn slot_word(v: &[u8]) -> Option<[u8; 32]> {
    if v.len() > 32 {
        return None;
    }
    let mut w = [0u8; 32];
    w[32 - v.len()..].copy_from_slice(v);
    Some(w)
}

/// Parses a native container.
pub(crate) fn native_container(code: &[u8]) -> Result<Container, Refused> {
    Container::parse(code).map_err(|e| Refused::BadCode(format!("malformed ZVM container: {e}")))
}

/// The call data of a top-level EVM call: `function` (a hex selector, or empty /
/// `main` for none) then `input`. The selector goes in front of `input` in place when
/// `input` has room for it ([`Runtime`](super::Runtime) transactions reserve it).
pub(crate) fn evm_calldata(function: &str, mut input: Vec<u8>) -> Result<Vec<u8>, Refused> {
    if function.is_empty() || function == super::SUBCALL_ENTRY {
        return Ok(input);
    }
    let hex = function.strip_prefix("0x").unwrap_or(function);
    let Some(sel) = selector(hex.as_bytes()) else {
        return Err(Refused::BadSelector(function.to_string()));
    };
    let n = input.len();
    if input.capacity() - n >= sel.len() {
        input.extend_from_slice(&sel);
        input.copy_within(..n, sel.len());
        input[..sel.len()].copy_from_slice(&sel);
        return Ok(input);
    }
    let mut data = Vec::with_capacity(sel.len() + n);
    data.extend_from_slice(&sel);
    data.extend_from_slice(&input);
    Ok(data)
}

/// A 4-byte selector from exactly 8 hex digits (either case), as
/// `hex::decode_to_slice` into 4 bytes accepts them.
pub(crate) fn selector(hex: &[u8]) -> Option<[u8; 4]> {
    fn digit(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let hex: &[u8; 8] = hex.try_into().ok()?;
    let mut sel = [0u8; 4];
    for (s, pair) in sel.iter_mut().zip(hex.chunks_exact(2)) {
        *s = (digit(pair[0])? << 4) | digit(pair[1])?;
    }
    Some(sel)
}

/// What a frame runs, once its entry is resolved.
enum Run<'a> {
    /// Nothing: only the value moves.
    Transfer,
    /// Native code from an offset.
    Native(Arc<Native>, usize),
    /// A WASM export.
    Wasm(wasm::Module, &'a str),
    /// EVM code.
    Evm(evm::Code),
    /// EVM init code.
    Create(Vec<u8>),
}

impl<'s, S: StateStore> Exec<'s, S> {
    pub(crate) fn new(
        journal: Journal<'s, S>,
        codes: &'s mut CodeCache,
        env: BlockEnv,
        wasm: &'s wasm::Engine,
        stack: &'s mut Vec<Address>,
    ) -> Self {
        // A transaction starts with no contract executing, whatever an earlier one
        // left behind.
        stack.clear();
        Exec {
            journal,
            codes,
            env,
            wasm,
            stack,
            error: None,
        }
    }

    /// The analysed code at `to` (`None`: no code), from the cache when the committed
    /// code is current.
    fn load(&mut self, to: &Address) -> Result<Option<Loaded>, Refused> {
        let written = self.journal.is_written(&StateKey::Code(*to));
        if !written && let Some(l) = self.codes.get(to) {
            return Ok(l.clone());
        }
        let code = self.journal.code(to).map_err(|e| self.state(e))?;
        if code.is_empty() {
            if !written && self.codes.len() < MAX_NO_CODE {
                self.codes.insert(*to, None);
            }
            return Ok(None);
        }
        let loaded = Loaded::new(&code, self.wasm)?;
        if !written {
            self.codes.insert(*to, Some(loaded.clone()));
        }
        Ok(Some(loaded))
    }

    /// Records the first store error.
    pub(crate) fn record(&mut self, e: StateError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    /// Moves `value` from `from` to `to` in the journal.
    pub(crate) fn transfer(
        &mut self,
        from: &Address,
        to: &Address,
        value: u128,
    ) -> Result<(), Refused> {
        if value == 0 || from == to {
            // A self-transfer still needs the funds.
            if value != 0 {
                let b = self.journal.balance(from).map_err(|e| self.state(e))?;
                if b < value {
                    return Err(Refused::InsufficientBalance {
                        from: *from,
                        balance: b,
                        value,
                    });
                }
            }
            return Ok(());
        }
        let fb = self.journal.balance(from).map_err(|e| self.state(e))?;
        if fb < value {
            return Err(Refused::InsufficientBalance {
                from: *from,
                balance: fb,
                value,
            });
        }
        let tb = self.journal.balance(to).map_err(|e| self.state(e))?;
        let nb = tb.checked_add(value).ok_or(Refused::BalanceOverflow)?;
        self.journal
            .set_balance(from, fb - value)
            .map_err(|e| self.state(e))?;
        self.journal
            .set_balance(to, nb)
            .map_err(|e| self.state(e))?;
        Ok(())
    }

    fn state(&mut self, e: StateError) -> Refused {
        self.record(e);
        Refused::State
    }

    /// Runs one frame: checks, value transfer and code, in a journal checkpoint that is
    /// reverted unless the frame succeeds. `Err` means the frame did not start (nothing
    /// changed, no gas used). A frame that hits a store error is reported as failed.
    pub(crate) fn frame(&mut self, f: Frame, entry: Entry<'_>) -> Result<Outcome, Refused> {
        let Frame {
            caller,
            to,
            value,
            input,
            gas,
            depth,
        } = f;
        if self.error.is_some() {
            return Err(Refused::State);
        }
        if depth > MAX_CALL_DEPTH {
            return Err(Refused::Depth);
        }
        if self.stack.contains(&to) {
            return Err(Refused::Reentrancy(to));
        }
        let run = match entry {
            // Constructor arguments follow the init code, as on Ethereum.
            Entry::Create(initcode) => {
                let run = Run::Create([initcode, &input].concat());
                return self.run_frame(caller, to, value, gas, depth, run, Vec::new());
            }
            Entry::Constructor(Loaded::Native(n)) => match n.container.export(super::CONSTRUCTOR) {
                Some(off) => Run::Native(n, off as usize),
                None => Run::Transfer,
            },
            Entry::Constructor(Loaded::Wasm(m)) => {
                if self.wasm.has_export(&m, super::CONSTRUCTOR) {
                    Run::Wasm(m, super::CONSTRUCTOR)
                } else {
                    Run::Transfer
                }
            }
            Entry::Constructor(Loaded::Evm(_)) => {
                return Err(Refused::BadCode(
                    "EVM code is deployed from init code".into(),
                ));
            }
            Entry::Export(name) => match self.load(&to)? {
                None if depth == 0 => return Err(Refused::NoContract(to)),
                // A sub-call to an account without code: a plain transfer.
                None => Run::Transfer,
                Some(Loaded::Native(n)) => {
                    let off = n
                        .container
                        .export(name)
                        .ok_or_else(|| Refused::UnknownExport(name.to_string()))?;
                    Run::Native(n, off as usize)
                }
                Some(Loaded::Wasm(m)) => {
                    if !self.wasm.has_export(&m, name) {
                        return Err(Refused::UnknownExport(name.to_string()));
                    }
                    Run::Wasm(m, name)
                }
                Some(Loaded::Evm(code)) => {
                    let data = if depth == 0 {
                        evm_calldata(name, input)?
                    } else {
                        input
                    };
                    return self.run_frame(caller, to, value, gas, depth, Run::Evm(code), data);
                }
            },
        };
        self.run_frame(caller, to, value, gas, depth, run, input)
    }

    /// Runs a resolved frame in a journal checkpoint that is kept only if it succeeds.
    #[allow(clippy::too_many_arguments)]
    fn run_frame(
        &mut self,
        caller: Address,
        to: Address,
        value: u128,
        gas: u64,
        depth: u32,
        run: Run<'_>,
        input: Vec<u8>,
    ) -> Result<Outcome, Refused> {
        let cp = self.journal.checkpoint();
        // EVM frames move their value inside revm.
        if !matches!(run, Run::Evm(..) | Run::Create(_))
            && let Err(r) = self.transfer(&caller, &to, value)
        {
            self.revert(cp);
            return Err(r);
        }
        let ctx = Context {
            address: to,
            caller,
            value: Word::from_be_bytes(u256_of(value)),
            calldata: input,
            gas_limit: gas,
            depth,
        };
        self.stack.push(to);
        let out = match run {
            Run::Transfer => Outcome {
                status: Status::Success,
                output: Vec::new(),
                gas_used: 0,
                logs: Vec::new(),
            },
            Run::Native(n, offset) => interpreter::execute(&n.code, offset, &ctx, self),
            Run::Wasm(m, name) => {
                let engine = self.wasm;
                engine.execute(&m, name, &ctx, self)
            }
            Run::Evm(code) => evm::call(&code, ctx, self),
            Run::Create(initcode) => evm::create(&initcode, &ctx, self),
        };
        self.stack.pop();
        if out.is_success() && self.error.is_none() {
            if let Err(e) = self.journal.commit_checkpoint(cp) {
                self.record(e);
                return Ok(failed(gas));
            }
            Ok(out)
        } else {
            self.revert(cp);
            if self.error.is_some() {
                Ok(failed(gas))
            } else {
                Ok(out)
            }
        }
    }

    fn revert(&mut self, cp: Checkpoint) {
        if let Err(e) = self.journal.revert(cp) {
            self.record(e);
        }
    }
}

/// A `u128` as a 32-byte big-endian word.
pub(crate) fn u256_of(v: u128) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[16..].copy_from_slice(&v.to_be_bytes());
    w
}

/// A word as a `u128`, if it fits.
fn u128_of(w: &Word) -> Option<u128> {
    let b = w.to_be_bytes();
    if b[..16].iter().any(|&x| x != 0) {
        return None;
    }
    let mut lo = [0u8; 16];
    lo.copy_from_slice(&b[16..]);
    Some(u128::from_be_bytes(lo))
}

impl<S: StateStore> Host for Exec<'_, S> {
    fn sload(&mut self, address: &Address, key: &[u8; 32]) -> [u8; 32] {
        let k = StateKey::Storage(*address, *key);
        match self
            .journal
            .get_with(&k, |v| slot_word(v.unwrap_or_default()))
        {
            Ok(w) => w.unwrap_or_else(|| {
                self.record(StateError::Corrupt(format!(
                    "storage value of {address} longer than 32 bytes"
                )));
                [0; 32]
            }),
            Err(e) => {
                self.record(e);
                [0; 32]
            }
        }
    }

    fn sstore(&mut self, address: &Address, key: [u8; 32], value: [u8; 32]) {
        self.journal.set_storage_word(address, &key, &value);
    }

    fn storage_get(&mut self, address: &Address, key: &[u8; 32]) -> Vec<u8> {
        self.journal.storage(address, key).unwrap_or_else(|e| {
            self.record(e);
            Vec::new()
        })
    }

    fn storage_set(&mut self, address: &Address, key: [u8; 32], value: Vec<u8>) {
        if let Err(e) = self.journal.set_storage(address, &key, value) {
            self.record(e);
        }
    }

    fn balance(&mut self, address: &Address) -> u128 {
        self.journal.balance(address).unwrap_or_else(|e| {
            self.record(e);
            0
        })
    }

    fn emit_log(&mut self, _log: &Log) {
        // Logs travel in the outcomes: a frame's own and its successful sub-calls'
        // (see `Outcome::logs`), so failed frames drop theirs automatically.
    }

    fn call(&mut self, request: CallRequest) -> Outcome {
        let Some(value) = u128_of(&request.value) else {
            return failed(0);
        };
        let f = Frame {
            caller: request.caller,
            to: request.to,
            value,
            input: request.input,
            gas: request.gas,
            depth: request.depth,
        };
        self.frame(f, Entry::Export(super::SUBCALL_ENTRY))
            .unwrap_or_else(|_| failed(0))
    }

    fn block_height(&self) -> u64 {
        self.env.height
    }

    fn block_time(&self) -> u64 {
        self.env.time
    }
}

impl<S: StateStore> Accounts for Exec<'_, S> {
    fn nonce(&mut self, address: &Address) -> u64 {
        self.journal.nonce(address).unwrap_or_else(|e| {
            self.record(e);
            0
        })
    }

    fn set_nonce(&mut self, address: &Address, nonce: u64) {
        if let Err(e) = self.journal.set_nonce(address, nonce) {
            self.record(e);
        }
    }

    fn set_balance(&mut self, address: &Address, balance: u128) {
        if let Err(e) = self.journal.set_balance(address, balance) {
            self.record(e);
        }
    }

    fn code(&mut self, address: &Address) -> Vec<u8> {
        self.journal.code(address).unwrap_or_else(|e| {
            self.record(e);
            Vec::new()
        })
    }

    fn evm_code(&mut self, address: &Address) -> Option<evm::Code> {
        let written = self.journal.is_written(&StateKey::Code(*address));
        if !written {
            match self.codes.get(address) {
                Some(Some(Loaded::Evm(c))) => return Some(c.clone()),
                Some(None) => return None,
                _ => {}
            }
        }
        let code = Accounts::code(self, address);
        if code.is_empty() {
            // Committed "no code" (not a store error: those fail the frame anyway).
            if !written && self.error.is_none() && self.codes.len() < MAX_NO_CODE {
                self.codes.insert(*address, None);
            }
            return None;
        }
        let c = evm::Code::new(&code);
        // Only committed EVM code is cached (native and WASM code is loaded, and
        // cached, by the frame that runs it).
        if !written && detect(&code) == Kind::Evm {
            self.codes.insert(*address, Some(Loaded::Evm(c.clone())));
        }
        Some(c)
    }

    fn set_code(&mut self, address: &Address, code: Vec<u8>) {
        if let Err(e) = self.journal.set_code(address, code) {
            self.record(e);
        }
    }

    fn checkpoint(&mut self) -> Checkpoint {
        self.journal.checkpoint()
    }

    fn commit(&mut self, cp: Checkpoint) {
        if let Err(e) = self.journal.commit_checkpoint(cp) {
            self.record(e);
        }
    }

    fn revert(&mut self, cp: Checkpoint) {
        Exec::revert(self, cp);
    }

    fn failed(&self) -> bool {
        self.error.is_some()
    }

    fn enter(&mut self, address: Address) {
        self.stack.push(address);
    }

    fn leave(&mut self) {
        self.stack.pop();
    }
}
