//! # zvm-sdk: ZVM WASM contracts in Rust
//!
//! Safe wrappers for the whole `zvm` host ABI v1 (`zvm/docs/wasm-abi.md`): the call
//! context ([`input`], [`caller`], [`address`], [`value`], [`block_height`], ...), the
//! output ([`return_data`], [`revert`]), [`storage`] (32-byte keys, values of any
//! length, typed and map helpers), events ([`emit_event`]), contract calls
//! ([`call_contract`]) and every metered crypto function ([`crypto`]), each returning
//! `Result<_, CryptoError>` with zcrypto's error code.
//!
//! The crate is `no_std` + `alloc`. On `wasm32` it provides (behind default features)
//! a small bump allocator as the global allocator (`allocator`) and a panic handler
//! that reverts with `"panic: <message>"` for static messages, `"panic"` otherwise
//! (`panic-handler`; no formatting, so no float code). On other targets the host
//! imports are stubs that panic ([`sys`]), so the crate and contracts compile and
//! lint on the host.
//!
//! ## A contract
//!
//! A contract is a `cdylib` crate for `wasm32-unknown-unknown` whose entry points are
//! exports of type `() -> ()`. [`entry!`] generates them from handlers that take the
//! call data and return anything [`Output`] (bytes, `()`, or a `Result` whose `Err`
//! reverts). A whole contract (`zvm/contracts/wasm/counter` is this one, grown):
//!
//! ```ignore
//! #![no_std]
//! extern crate alloc;
//! use zvm_sdk::{storage, entry, Reader};
//!
//! const COUNT: [u8; 32] = storage::slot(0);
//!
//! fn increment(_input: &[u8]) -> [u8; 8] {
//!     let n = storage::get_u64(&COUNT).wrapping_add(1);
//!     storage::set_u64(&COUNT, n);
//!     n.to_be_bytes()
//! }
//!
//! fn add(input: &[u8]) -> Result<[u8; 8], &'static str> {
//!     let mut r = Reader::new(input);
//!     let k = r.u64()?;
//!     r.done()?;
//!     let n = storage::get_u64(&COUNT).checked_add(k).ok_or("counter: overflow")?;
//!     storage::set_u64(&COUNT, n);
//!     Ok(n.to_be_bytes())
//! }
//!
//! entry!(increment => increment, add => add, main => increment);
//! ```
//!
//! Build it with `cargo build --release --target wasm32-unknown-unknown` (see
//! `zvm/contracts/wasm/build.sh` for the deterministic flags) and deploy the `.wasm`.
//! Contracts must not use `f32`/`f64`: the engine rejects float instructions at deploy.

#![no_std]
#![warn(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;

pub mod codec;
pub mod crypto;
pub mod storage;
pub mod sys;

#[cfg(all(target_arch = "wasm32", feature = "allocator"))]
mod bump;

pub use codec::Reader;
pub use crypto::CryptoError;

/// A 20-byte account or contract address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Address(pub [u8; 20]);

impl Address {
    /// The zero address.
    pub const ZERO: Address = Address([0; 20]);

    /// The address as a 32-byte word (12 zero bytes, then the address), as EVM events
    /// and ABI encodings carry it.
    pub fn to_word(&self) -> [u8; 32] {
        let mut w = [0u8; 32];
        w[12..].copy_from_slice(&self.0);
        w
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }
}

impl AsRef<[u8]> for Address {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// `len as u32` for a slice length handed to the host (wasm32 lengths fit).
#[inline(always)]
pub(crate) fn len32(b: &[u8]) -> u32 {
    b.len() as u32
}

// ---------------------------------------------------------------- context

/// The call data (the constructor arguments in `constructor`).
pub fn input() -> Vec<u8> {
    // SAFETY: `input_len` has no preconditions; `input` writes exactly that many bytes.
    unsafe {
        let n = sys::input_len() as u32 as usize;
        let mut v = Vec::with_capacity(n);
        sys::input(v.as_mut_ptr());
        v.set_len(n);
        v
    }
}

/// The caller: the transaction's sender, or the calling contract.
pub fn caller() -> Address {
    let mut a = [0u8; 20];
    // SAFETY: writes 20 bytes to a 20-byte buffer.
    unsafe { sys::caller(a.as_mut_ptr()) };
    Address(a)
}

/// This contract's address.
pub fn address() -> Address {
    let mut a = [0u8; 20];
    // SAFETY: writes 20 bytes to a 20-byte buffer.
    unsafe { sys::address(a.as_mut_ptr()) };
    Address(a)
}

/// The value sent with the call (32 bytes, big-endian).
pub fn value() -> [u8; 32] {
    let mut v = [0u8; 32];
    // SAFETY: writes 32 bytes to a 32-byte buffer.
    unsafe { sys::value(v.as_mut_ptr()) };
    v
}

/// The value sent with the call as a `u128` (balances are `u128`), `None` if it does
/// not fit.
pub fn value_u128() -> Option<u128> {
    let v = value();
    if v[..16].iter().any(|&b| b != 0) {
        return None;
    }
    Some(u128::from_be_bytes(v[16..].try_into().ok()?))
}

/// The block height.
pub fn block_height() -> u64 {
    // SAFETY: no preconditions.
    unsafe { sys::block_height() as u64 }
}

/// The block time (seconds since the Unix epoch).
pub fn block_time() -> u64 {
    // SAFETY: no preconditions.
    unsafe { sys::block_time() as u64 }
}

/// The gas remaining.
pub fn gas_left() -> u64 {
    // SAFETY: no preconditions.
    unsafe { sys::gas_left() as u64 }
}

/// Sets the frame's output (the last call wins; empty if never called).
pub fn return_data(data: &[u8]) {
    // SAFETY: reads `data`.
    unsafe { sys::return_data(data.as_ptr(), len32(data)) }
}

/// Ends the frame as reverted with `data` as its output (an ASCII reason by
/// convention); every state change of the frame is undone.
pub fn revert(data: &[u8]) -> ! {
    // SAFETY: reads `data`; the host never returns.
    unsafe { sys::revert(data.as_ptr(), len32(data)) };
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    unreachable!("revert returned")
}

/// Reverts with `msg` unless `cond` holds.
#[inline]
pub fn require(cond: bool, msg: &str) {
    if !cond {
        revert(msg.as_bytes())
    }
}

// ---------------------------------------------------------------- events

/// Emits a log with up to 4 topics and `data` (more than 4 topics reverts with
/// `"zvm-sdk: too many topics"`).
pub fn emit_event(topics: &[[u8; 32]], data: &[u8]) {
    if topics.len() > 4 {
        revert(b"zvm-sdk: too many topics")
    }
    // SAFETY: `topics` is `count` contiguous 32-byte arrays; reads `data`.
    unsafe {
        sys::emit_event(
            topics.as_ptr().cast(),
            topics.len() as u32,
            data.as_ptr(),
            len32(data),
        )
    }
}

// ---------------------------------------------------------------- calls

/// How a [`call_contract`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallStatus {
    /// The callee returned normally.
    Success,
    /// The callee reverted (its output is the revert data).
    Reverted,
    /// The call failed: out of gas, a trap or error, or refused (depth, reentrancy,
    /// balance, no `main` export).
    Failed,
}

/// The result of a [`call_contract`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallResult {
    /// How it ended.
    pub status: CallStatus,
    /// The callee's output (return data, or revert data).
    pub data: Vec<u8>,
}

impl CallResult {
    /// Whether the call succeeded.
    pub fn is_success(&self) -> bool {
        self.status == CallStatus::Success
    }
}

/// Calls `to` (a WASM, native ZVM or EVM contract, entered at `main`; or an account
/// without code, which just receives `value`) with `input` and `value`, forwarding at
/// most `gas` (and at most all but 1/64 of what is left; pass `u64::MAX` for "as much
/// as allowed").
pub fn call_contract(to: &Address, input: &[u8], value: u128, gas: u64) -> CallResult {
    let mut v = [0u8; 32];
    v[16..].copy_from_slice(&value.to_be_bytes());
    let gas = gas.min(i64::MAX as u64) as i64;
    // SAFETY: reads the 20-byte address, `input` and the 32-byte value.
    let r =
        unsafe { sys::call_contract(to.0.as_ptr(), input.as_ptr(), len32(input), v.as_ptr(), gas) };
    let status = match r {
        0 => CallStatus::Success,
        1 => CallStatus::Reverted,
        _ => CallStatus::Failed,
    };
    CallResult {
        status,
        data: returndata(),
    }
}

/// The whole output of the last [`call_contract`].
pub fn returndata() -> Vec<u8> {
    // SAFETY: copies exactly `returndata_len` bytes into a buffer of that capacity.
    unsafe {
        let n = sys::returndata_len() as u32 as usize;
        let mut v = Vec::with_capacity(n);
        if n > 0 {
            sys::returndata_copy(v.as_mut_ptr(), 0, n as u32);
        }
        v.set_len(n);
        v
    }
}

// ---------------------------------------------------------------- entry points

/// What an entry handler may return: [`entry!`] calls [`Output::finish`] on it.
///
/// * `()` — no output;
/// * bytes (`Vec<u8>`, `[u8; N]`, `&[u8]`) — the output ([`return_data`]);
/// * `Result<T, E>` — `Ok(t)` finishes `t`, `Err(e)` [reverts](revert) with `e`'s bytes
///   (`&'static str`, `Vec<u8>`, ...).
pub trait Output {
    /// Hands the value to the host.
    fn finish(self);
}

impl Output for () {
    fn finish(self) {}
}

impl Output for Vec<u8> {
    fn finish(self) {
        return_data(&self)
    }
}

impl Output for &[u8] {
    fn finish(self) {
        return_data(self)
    }
}

impl<const N: usize> Output for [u8; N] {
    fn finish(self) {
        return_data(&self)
    }
}

impl<T: Output, E: AsRef<[u8]>> Output for Result<T, E> {
    fn finish(self) {
        match self {
            Ok(t) => t.finish(),
            Err(e) => revert(e.as_ref()),
        }
    }
}

/// Generates the contract's exports: `entry!(name => handler, ...)` defines, for each
/// pair, an `extern "C" fn() -> ()` exported as `name` that reads the call data, calls
/// `handler(&input)` and hands its result to [`Output::finish`].
///
/// Export names are the ABI's function names: `constructor` runs at deploy, `main` is
/// entered by contract-to-contract calls, any other name is called by transactions.
///
/// ```no_run
/// fn hello(_input: &[u8]) -> &'static [u8] { b"hello" }
/// fn fail(_input: &[u8]) -> Result<(), &'static str> { Err("nope") }
/// zvm_sdk::entry!(hello => hello, fail => fail);
/// ```
#[macro_export]
macro_rules! entry {
    ($($export:ident => $handler:path),+ $(,)?) => {
        $(
            const _: () = {
                #[unsafe(export_name = stringify!($export))]
                extern "C" fn __zvm_entry() {
                    let input = $crate::input();
                    $crate::Output::finish($handler(&input));
                }
            };
        )+
    };
}

// ---------------------------------------------------------------- panics

#[cfg(all(target_arch = "wasm32", feature = "panic-handler"))]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    // No formatting (it would pull in `core::fmt`, and floats with it): a static
    // message is copied, anything else is reported as a bare "panic".
    const PREFIX: &[u8] = b"panic: ";
    let mut buf = [0u8; 96];
    buf[..PREFIX.len()].copy_from_slice(PREFIX);
    let mut n = PREFIX.len() - 2;
    if let Some(msg) = info.message().as_str() {
        let m = msg.as_bytes();
        let k = m.len().min(buf.len() - PREFIX.len());
        buf[PREFIX.len()..PREFIX.len() + k].copy_from_slice(&m[..k]);
        n = PREFIX.len() + k;
    }
    revert(&buf[..n])
}
