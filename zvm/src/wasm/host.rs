//! The host side of the `zvm` ABI: the per-call store data ([`State`]), the host
//! functions the linker calls ([`dispatch`]), and the answers to requests that need the
//! world ([`answer`]).
//!
//! wasmi's host closures are `'static` and the long-lived linker has one store type, so
//! they cannot borrow the frame's `&mut dyn Host`. Functions that only need the frame's
//! own data (context copied into [`State`] at the start, guest memory, fuel) run
//! directly. Functions that need the world (storage, sub-calls) check and copy their
//! arguments, park a [`Request`] in the store and stop the execution with
//! [`Exit::World`]; the engine, which holds the `&mut dyn Host`, answers it and resumes
//! the suspended call (`call_resumable`) with the result.
//!
//! **Slot cache.** Every storage slot the frame reads or writes through the world is
//! remembered in [`State::slots`] (up to [`MAX_SLOTS`]) with its current value. Later
//! reads and writes of a remembered slot run directly, without suspending: reads copy
//! the remembered value; writes charge the same gas (computed from the remembered
//! current value, exactly as the world answer computes it from the journal) and are
//! buffered, then passed to [`Host::storage_set`] before a sub-call and when the frame
//! succeeds (a failed frame's writes are reverted with its journal checkpoint anyway).
//! This is safe because nothing else can change the contract's storage while its frame
//! runs: only the contract itself writes its storage and the runtime's reentrancy guard
//! keeps it off the call stack of its own sub-calls; the cache is still dropped after
//! every sub-call, so it never relies on that across a call.

use std::fmt;

use wasmi::{Caller, Val};
use zcrypto::metered::HashStreams;

use super::abi::{self, HostFn, Kind, Ty, gas};
use super::limits::FUEL_PER_GAS;
use super::memory::{self, words};
use crate::address::Address;
use crate::host::{CallRequest, Context, Host, Log, MAX_CALL_DEPTH, Status};
use crate::word::Word;

/// Why a host function stopped the execution (a wasmi host error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// A [`Request`] for the engine is parked in [`State::request`]; resume afterwards.
    World,
    /// `revert` was called (the output is in [`State::output`]).
    Revert,
    /// A charge exceeded the fuel left.
    OutOfGas,
    /// A guest range outside memory (or the frame has no memory).
    OutOfBounds,
    /// Another invalid argument (an event with more than 4 topics, a return data range
    /// past its end).
    BadArgument,
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Exit::World => "host request",
            Exit::Revert => "revert",
            Exit::OutOfGas => "out of gas",
            Exit::OutOfBounds => "guest range outside memory",
            Exit::BadArgument => "invalid host function argument",
        })
    }
}

impl wasmi::errors::HostError for Exit {}

impl From<Exit> for wasmi::Error {
    fn from(e: Exit) -> wasmi::Error {
        wasmi::Error::host(e)
    }
}

/// What a host function needs from the world.
#[derive(Debug)]
pub(crate) enum Request {
    /// `storage_read`: the value at `key`, `min(len, cap)` bytes of it to `dst` (the
    /// range was checked).
    StorageRead {
        /// The key.
        key: [u8; 32],
        /// The destination.
        dst: u32,
        /// Its capacity.
        cap: u32,
    },
    /// `storage_write` / `storage_remove` (empty value).
    StorageWrite {
        /// The key.
        key: [u8; 32],
        /// The new value.
        value: Vec<u8>,
    },
    /// `call_contract`.
    Call {
        /// The callee.
        to: Address,
        /// The call data.
        input: Vec<u8>,
        /// The value (big-endian).
        value: [u8; 32],
        /// The most gas to forward.
        gas: u64,
    },
}

/// The store data of one call.
pub(crate) struct State {
    /// The instance's `memory` export.
    pub(crate) memory: Option<wasmi::Memory>,
    /// Memory and table growth limits.
    pub(crate) limits: super::limits::Limiter,
    address: Address,
    caller: Address,
    value: [u8; 32],
    calldata: Vec<u8>,
    height: u64,
    time: u64,
    /// The frame's output (`return_data` / `revert`).
    pub(crate) output: Vec<u8>,
    /// The last sub-call's output.
    return_data: Vec<u8>,
    /// The frame's logs and its successful sub-calls', in order.
    pub(crate) logs: Vec<Log>,
    /// `logs[emitted..]` are this frame's own logs not yet passed to `Host::emit_log`.
    emitted: usize,
    /// Pending storage refund.
    pub(crate) refund: u64,
    /// The request of the last [`Exit::World`].
    pub(crate) request: Option<Request>,
    /// Streaming hashes, allocated on first use.
    streams: Option<Box<HashStreams>>,
    /// Streaming-hash handles issued by this frame: guest handle `i + 1` is `handles[i]`.
    handles: Vec<u32>,
    /// Storage slots of this contract seen by the frame, with their current values
    /// (see the module docs).
    slots: Vec<Slot>,
}

/// A remembered storage slot.
struct Slot {
    key: [u8; 32],
    /// The current value (as the journal would return it after the buffered writes).
    value: Vec<u8>,
    /// Written by the frame and not yet passed to the host.
    dirty: bool,
}

/// The most storage slots a frame remembers (a linear scan; slots past it always go
/// through the world).
pub(crate) const MAX_SLOTS: usize = 32;

/// The most streaming-hash handles a frame can open (guest handles are 1..=255).
pub(crate) const MAX_HANDLES: usize = 255;

impl State {
    /// The state of a call in `ctx`.
    pub(crate) fn new(
        ctx: &Context,
        height: u64,
        time: u64,
        limits: super::limits::Limiter,
    ) -> State {
        State {
            memory: None,
            limits,
            address: ctx.address,
            caller: ctx.caller,
            value: ctx.value.to_be_bytes(),
            calldata: ctx.calldata.clone(),
            height,
            time,
            output: Vec::new(),
            return_data: Vec::new(),
            logs: Vec::new(),
            emitted: 0,
            refund: 0,
            request: None,
            streams: None,
            handles: Vec::new(),
            slots: Vec::new(),
        }
    }

    /// The index of the remembered slot `key`.
    fn slot(&self, key: &[u8; 32]) -> Option<usize> {
        self.slots.iter().position(|s| s.key == *key)
    }

    /// Remembers `key` with its current `value` (already in the journal), if there is
    /// room.
    fn remember(&mut self, key: [u8; 32], value: Vec<u8>) {
        if self.slots.len() < MAX_SLOTS {
            self.slots.push(Slot {
                key,
                value,
                dirty: false,
            });
        }
    }

    /// Whether another slot can be remembered.
    fn has_room(&self) -> bool {
        self.slots.len() < MAX_SLOTS
    }

    /// Passes the buffered storage writes to the host and forgets every slot.
    pub(crate) fn flush_slots(&mut self, host: &mut dyn Host) {
        for s in self.slots.drain(..) {
            if s.dirty {
                host.storage_set(&self.address, s.key, s.value);
            }
        }
    }

    /// Passes this frame's own new logs to [`Host::emit_log`].
    pub(crate) fn flush_logs(&mut self, host: &mut dyn Host) {
        for log in &self.logs[self.emitted..] {
            host.emit_log(log);
        }
        self.emitted = self.logs.len();
    }

    /// The streaming-hash table and handle list.
    pub(crate) fn streams(&mut self) -> (&mut HashStreams, &mut Vec<u32>) {
        (
            self.streams.get_or_insert_with(Box::default),
            &mut self.handles,
        )
    }
}

/// Charges `gas` from the store's fuel.
pub(crate) fn charge(c: &mut Caller<'_, State>, gas: u64) -> Result<(), wasmi::Error> {
    let fuel = c.get_fuel()?;
    let need = gas.saturating_mul(FUEL_PER_GAS);
    if need > fuel {
        return Err(Exit::OutOfGas.into());
    }
    c.set_fuel(fuel - need)
}

/// The `i`-th parameter as `u32` (wasmi has checked the types).
pub(crate) fn arg(p: &[Val], i: usize) -> u32 {
    match p.get(i) {
        Some(Val::I32(v)) => *v as u32,
        Some(Val::I64(v)) => *v as u32,
        _ => 0,
    }
}

fn arg_i64(p: &[Val], i: usize) -> i64 {
    match p.get(i) {
        Some(Val::I64(v)) => *v,
        Some(Val::I32(v)) => i64::from(*v),
        _ => 0,
    }
}

/// The instance's memory, or a trap.
pub(crate) fn memory(c: &Caller<'_, State>) -> Result<wasmi::Memory, wasmi::Error> {
    c.data().memory.ok_or_else(|| Exit::OutOfBounds.into())
}

fn copy_gas(len: usize) -> u64 {
    gas::COPY + gas::COPY_PER_WORD * words(len)
}

fn world(c: &mut Caller<'_, State>, r: Request) -> Result<(), wasmi::Error> {
    c.data_mut().request = Some(r);
    Err(Exit::World.into())
}

/// Runs host function `kind` (the closure every linker entry calls).
pub(crate) fn dispatch(
    kind: Kind,
    mut c: Caller<'_, State>,
    p: &[Val],
    r: &mut [Val],
) -> Result<(), wasmi::Error> {
    let c = &mut c;
    match kind {
        Kind::InputLen => {
            charge(c, gas::BASE)?;
            r[0] = Val::I32(c.data().calldata.len() as i32);
        }
        Kind::Input => {
            charge(c, copy_gas(c.data().calldata.len()))?;
            let mem = memory(c)?;
            let (bytes, st) = mem.data_and_store_mut(&mut *c);
            memory::write(bytes, arg(p, 0), &st.calldata)?;
        }
        Kind::Caller | Kind::Address | Kind::Value => {
            charge(c, gas::COPY)?;
            let mem = memory(c)?;
            let (bytes, st) = mem.data_and_store_mut(&mut *c);
            let data: &[u8] = match kind {
                Kind::Caller => &st.caller.0,
                Kind::Address => &st.address.0,
                _ => &st.value,
            };
            memory::write(bytes, arg(p, 0), data)?;
        }
        Kind::BlockHeight => {
            charge(c, gas::BASE)?;
            r[0] = Val::I64(c.data().height as i64);
        }
        Kind::BlockTime => {
            charge(c, gas::BASE)?;
            r[0] = Val::I64(c.data().time as i64);
        }
        Kind::GasLeft => {
            charge(c, gas::BASE)?;
            r[0] = Val::I64((c.get_fuel()? / FUEL_PER_GAS) as i64);
        }
        Kind::ReturnData | Kind::Revert => {
            let (ptr, len) = (arg(p, 0), arg(p, 1));
            charge(c, copy_gas(len as usize))?;
            let mem = memory(c)?;
            let (bytes, st) = mem.data_and_store_mut(&mut *c);
            let data = memory::read(bytes, ptr, len)?;
            st.output.clear();
            st.output.extend_from_slice(data);
            if kind == Kind::Revert {
                return Err(Exit::Revert.into());
            }
        }
        Kind::StorageRead => {
            charge(c, gas::STORAGE_READ)?;
            let (dst, cap) = (arg(p, 1), arg(p, 2));
            let mem = memory(c)?;
            let bytes = mem.data(&*c);
            let key = memory::read_array::<32>(bytes, arg(p, 0))?;
            memory::check(bytes, dst, cap)?;
            let Some(i) = c.data().slot(&key) else {
                return world(c, Request::StorageRead { key, dst, cap });
            };
            let len = c.data().slots[i].value.len();
            let n = len.min(cap as usize);
            charge(c, gas::COPY_PER_WORD * words(n))?;
            let (bytes, st) = mem.data_and_store_mut(&mut *c);
            memory::write(bytes, dst, &st.slots[i].value[..n])?;
            r[0] = Val::I32(len as i32);
        }
        Kind::StorageWrite | Kind::StorageRemove => {
            let mem = memory(c)?;
            let (bytes, st) = mem.data_and_store_mut(&mut *c);
            let key = memory::read_array::<32>(bytes, arg(p, 0))?;
            let value: &[u8] = if kind == Kind::StorageWrite {
                memory::read(bytes, arg(p, 1), arg(p, 2))?
            } else {
                &[]
            };
            let Some(i) = st.slot(&key) else {
                let value = value.to_vec();
                return world(c, Request::StorageWrite { key, value });
            };
            let current = &st.slots[i].value;
            let w = crate::gas::storage_write(current, value);
            let changed = current.as_slice() != value;
            let value = if changed { value.to_vec() } else { Vec::new() };
            charge(c, w.cost)?;
            let st = c.data_mut();
            st.refund = st.refund.saturating_add(w.refund);
            if changed {
                let s = &mut st.slots[i];
                s.value = value;
                s.dirty = true;
            }
        }
        Kind::EmitEvent => {
            let (topics, count, data, len) = (arg(p, 0), arg(p, 1), arg(p, 2), arg(p, 3));
            if count > 4 {
                return Err(Exit::BadArgument.into());
            }
            charge(
                c,
                gas::EVENT
                    + gas::EVENT_PER_TOPIC * u64::from(count)
                    + gas::EVENT_PER_BYTE * u64::from(len),
            )?;
            let mem = memory(c)?;
            let (bytes, st) = mem.data_and_store_mut(&mut *c);
            let raw = memory::read(bytes, topics, count * 32)?;
            let topics = raw
                .chunks_exact(32)
                .map(|t| {
                    let mut a = [0u8; 32];
                    a.copy_from_slice(t);
                    a
                })
                .collect();
            let data = memory::read(bytes, data, len)?.to_vec();
            st.logs.push(Log {
                address: st.address,
                topics,
                data,
            });
        }
        Kind::CallContract => {
            charge(c, gas::CALL)?;
            let mem = memory(c)?;
            let bytes = mem.data(&*c);
            let to = Address(memory::read_array::<20>(bytes, arg(p, 0))?);
            let input = memory::read(bytes, arg(p, 1), arg(p, 2))?.to_vec();
            let value = memory::read_array::<32>(bytes, arg(p, 3))?;
            let g = arg_i64(p, 4);
            let gas = u64::try_from(g).unwrap_or(u64::MAX);
            return world(
                c,
                Request::Call {
                    to,
                    input,
                    value,
                    gas,
                },
            );
        }
        Kind::ReturndataLen => {
            charge(c, gas::BASE)?;
            r[0] = Val::I32(c.data().return_data.len() as i32);
        }
        Kind::ReturndataCopy => {
            let (dst, offset, len) = (arg(p, 0), arg(p, 1), arg(p, 2));
            charge(c, copy_gas(len as usize))?;
            let mem = memory(c)?;
            let (bytes, st) = mem.data_and_store_mut(&mut *c);
            let src = memory::read(&st.return_data, offset, len).map_err(|_| Exit::BadArgument)?;
            memory::write(bytes, dst, src)?;
        }
        Kind::Crypto(op) => {
            r[0] = Val::I32(super::crypto::run(op, c, p)?);
        }
    }
    Ok(())
}

/// Defines the host function `f` in `linker`, calling [`dispatch`].
///
/// Statically typed closures (`func_wrap`) for the signatures of the ABI: wasmi's
/// untyped `func_new` trampoline clones a heap buffer of `Val`s and converts every
/// argument and result on each call; the typed one reads the arguments straight off the
/// value stack. A signature not covered here falls back to `func_new` (same behaviour,
/// slower).
pub(crate) fn link(linker: &mut wasmi::Linker<State>, f: &HostFn) {
    let kind = f.kind;
    let (m, name) = (abi::MODULE, f.name);
    macro_rules! typed {
        ($($a:ident),*) => {
            match f.results {
                [] => linker.func_wrap(m, name, move |c: Caller<'_, State> $(, $a: i32)*| {
                    dispatch(kind, c, &[$(Val::I32($a)),*], &mut [])
                }),
                [Ty::I32] => linker.func_wrap(
                    m,
                    name,
                    move |c: Caller<'_, State> $(, $a: i32)*| -> Result<i32, wasmi::Error> {
                        let mut r = [Val::I32(0)];
                        dispatch(kind, c, &[$(Val::I32($a)),*], &mut r)?;
                        Ok(match r[0] {
                            Val::I32(v) => v,
                            _ => 0,
                        })
                    },
                ),
                [Ty::I64] => linker.func_wrap(
                    m,
                    name,
                    move |c: Caller<'_, State> $(, $a: i32)*| -> Result<i64, wasmi::Error> {
                        let mut r = [Val::I64(0)];
                        dispatch(kind, c, &[$(Val::I32($a)),*], &mut r)?;
                        Ok(match r[0] {
                            Val::I64(v) => v,
                            _ => 0,
                        })
                    },
                ),
                _ => return untyped(linker, f),
            }
        };
    }
    let all_i32 = f.params.iter().all(|(_, t)| *t == Ty::I32);
    let params: Vec<Ty> = f.params.iter().map(|(_, t)| *t).collect();
    // Names are unique (tested), so defining cannot fail.
    let _ = if all_i32 {
        match f.params.len() {
            0 => typed!(),
            1 => typed!(a0),
            2 => typed!(a0, a1),
            3 => typed!(a0, a1, a2),
            4 => typed!(a0, a1, a2, a3),
            5 => typed!(a0, a1, a2, a3, a4),
            6 => typed!(a0, a1, a2, a3, a4, a5),
            7 => typed!(a0, a1, a2, a3, a4, a5, a6),
            8 => typed!(a0, a1, a2, a3, a4, a5, a6, a7),
            9 => typed!(a0, a1, a2, a3, a4, a5, a6, a7, a8),
            10 => typed!(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9),
            _ => return untyped(linker, f),
        }
    } else if params == [Ty::I32, Ty::I32, Ty::I32, Ty::I32, Ty::I64] && f.results == [Ty::I32] {
        // `call_contract`.
        linker.func_wrap(
            m,
            name,
            move |c: Caller<'_, State>,
                  a0: i32,
                  a1: i32,
                  a2: i32,
                  a3: i32,
                  a4: i64|
                  -> Result<i32, wasmi::Error> {
                let p = [
                    Val::I32(a0),
                    Val::I32(a1),
                    Val::I32(a2),
                    Val::I32(a3),
                    Val::I64(a4),
                ];
                let mut r = [Val::I32(0)];
                dispatch(kind, c, &p, &mut r)?;
                Ok(match r[0] {
                    Val::I32(v) => v,
                    _ => 0,
                })
            },
        )
    } else {
        return untyped(linker, f);
    };
}

/// [`link`] through wasmi's untyped `func_new`.
fn untyped(linker: &mut wasmi::Linker<State>, f: &HostFn) {
    let ty = wasmi::FuncType::new(
        f.params.iter().map(|(_, t)| t.val_type()),
        f.results.iter().map(|t| t.val_type()),
    );
    let kind = f.kind;
    let _ = linker.func_new(abi::MODULE, f.name, ty, move |c, p, r| {
        dispatch(kind, c, p, r)
    });
}

/// How an answer ended the frame instead of resuming it.
pub(crate) enum Stop {
    /// Out of gas.
    OutOfGas,
}

fn take_fuel(store: &mut wasmi::Store<State>, gas: u64) -> Result<(), Stop> {
    let fuel = store.get_fuel().unwrap_or(0);
    let need = gas.saturating_mul(FUEL_PER_GAS);
    if need > fuel {
        return Err(Stop::OutOfGas);
    }
    let _ = store.set_fuel(fuel - need);
    Ok(())
}

/// Answers `request` with the world, returning the host function's results.
pub(crate) fn answer(
    request: Request,
    store: &mut wasmi::Store<State>,
    ctx: &Context,
    host: &mut dyn Host,
) -> Result<Option<Val>, Stop> {
    match request {
        Request::StorageRead { key, dst, cap } => {
            let value = host.storage_get(&ctx.address, &key);
            let n = value.len().min(cap as usize);
            take_fuel(store, gas::COPY_PER_WORD * words(n))?;
            if let Some(mem) = store.data().memory {
                // The range was checked by the host function and memory cannot shrink.
                let _ = memory::write(mem.data_mut(&mut *store), dst, &value[..n]);
            }
            let len = value.len();
            store.data_mut().remember(key, value);
            Ok(Some(Val::I32(len as i32)))
        }
        Request::StorageWrite { key, value } => {
            let current = host.storage_get(&ctx.address, &key);
            let w = crate::gas::storage_write(&current, &value);
            take_fuel(store, w.cost)?;
            let st = store.data_mut();
            st.refund = st.refund.saturating_add(w.refund);
            if current != value {
                if st.has_room() {
                    host.storage_set(&ctx.address, key, value.clone());
                    st.remember(key, value);
                } else {
                    host.storage_set(&ctx.address, key, value);
                }
            } else {
                st.remember(key, current);
            }
            Ok(None)
        }
        Request::Call {
            to,
            input,
            value,
            gas,
        } => {
            store.data_mut().flush_logs(host);
            // Buffered storage writes reach the journal before the callee runs, and the
            // frame forgets its slots (it reads them again after the call).
            store.data_mut().flush_slots(host);
            store.data_mut().return_data.clear();
            if ctx.depth >= MAX_CALL_DEPTH {
                return Ok(Some(Val::I32(2)));
            }
            let fuel = store.get_fuel().unwrap_or(0);
            let remaining = fuel / FUEL_PER_GAS;
            let forwarded = gas.min(remaining - remaining / 64);
            let _ = store.set_fuel(fuel - forwarded * FUEL_PER_GAS);
            let out = host.call(CallRequest {
                caller: ctx.address,
                to,
                value: Word::from_be_bytes(value),
                input,
                gas: forwarded,
                depth: ctx.depth + 1,
            });
            let unused = forwarded - out.gas_used.min(forwarded);
            let fuel = store.get_fuel().unwrap_or(0);
            let _ = store.set_fuel(fuel.saturating_add(unused * FUEL_PER_GAS));
            // A call the runtime refused before it started (reentrancy, balance) comes
            // back as a revert with no gas used and no output; every frame that runs
            // uses gas, so that is unambiguous.
            let code = match out.status {
                Status::Success => 0,
                Status::Revert if out.gas_used > 0 || !out.output.is_empty() => 1,
                _ => 2,
            };
            let st = store.data_mut();
            if out.status == Status::Success {
                st.logs.extend(out.logs);
                st.emitted = st.logs.len();
            }
            st.return_data = out.output;
            Ok(Some(Val::I32(code)))
        }
    }
}
