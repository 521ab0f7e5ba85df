//! # ZVM
//!
//! One runtime for three bytecodes (native ZVM stack bytecode, EVM, WASM) sharing one gas
//! meter, one state store and one set of crypto operations, all of which come from
//! [`zcrypto::metered`].
//!
//! * [`address`]: 20-byte account and contract addresses.
//! * [`state`]: persistent contract state (accounts, code, storage) in redb, with a
//!   journal for nested calls, a sparse-Merkle state root, snapshots and rollback.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod address;
pub mod state;
