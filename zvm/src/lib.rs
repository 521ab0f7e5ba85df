//! # ZVM
//!
//! One runtime for three bytecodes (native ZVM stack bytecode, EVM, WASM) sharing one gas
//! meter, one state store and one set of crypto operations, all of which come from
//! [`zcrypto::metered`].
//!
//! * [`address`]: 20-byte account and contract addresses.
//! * [`container`]: the native bytecode container (magic, version, code / exports /
//!   metadata sections) and bytecode kind detection.
//! * [`word`]: the 256-bit machine word.
//! * [`opcode`]: the native instruction set, the one table the interpreter, assembler
//!   and specification (`zvm/docs/bytecode.md`) come from.
//! * [`gas`]: the gas meter (limit, used, refund), also zcrypto's metered gas meter.
//! * [`host`]: what an executing frame sees of the world ([`host::Host`],
//!   [`host::Accounts`]), its [`host::Context`] and [`host::Outcome`], shared by the
//!   three engines.
//! * [`interpreter`]: the native engine; executes one call frame against a [`interpreter::Host`].
//! * [`asm`]: the text assembler and disassembler.
//! * [`contracts`]: contracts shipped with ZVM (the multisig wallet demo) and the
//!   helpers that build their calls.
//! * [`wasm`]: the WASM engine (wasmi): validation, fuel as gas, the `zvm` host ABI.
//! * [`evm`]: the EVM engine (revm) on ZVM state, with zcrypto's precompiles.
//! * [`runtime`]: transactions (deploy, call, view) over a state store, with receipts.
//! * [`state`]: persistent contract state (accounts, code, storage) in redb, with a
//!   journal for nested calls, a sparse-Merkle state root, snapshots and rollback.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod address;
pub mod asm;
pub mod container;
pub mod contracts;
pub mod evm;
pub mod gas;
pub mod host;
pub mod interpreter;
pub mod opcode;
pub mod runtime;
pub mod state;
pub mod wasm;
pub mod word;
