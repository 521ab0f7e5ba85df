//! The native interpreter: executes one call frame.
//!
//! [`execute`] runs [`Code`] (JUMPDEST-analysed once, at load) from an entry offset
//! with a [`Context`] (addresses, value, call data, gas limit, depth) against a
//! [`Host`] (storage, logs, sub-calls, block environment), and returns an [`Outcome`].
//! It is deterministic and never panics, whatever the bytecode.
//!
//! Halting rules:
//!
//! | status | output | gas used | state changes |
//! |---|---|---|---|
//! | [`Status::Success`] (`STOP`, `RETURN`, end of code) | returned bytes | used − capped refund | kept |
//! | [`Status::Revert`] (`REVERT`) | returned bytes | used (no refund) | undone by the host |
//! | [`Status::OutOfGas`] | empty | the whole limit | undone |
//! | [`Status::Error`] ([`Halt`]) | empty | the whole limit | undone |
//!
//! The interpreter does not undo anything itself: the host journals storage and logs
//! and rolls back a frame that did not succeed ([`MemoryHost`] does so by snapshot).

use crate::address::Address;
use crate::container::Container;
use crate::gas::Gas;
use crate::opcode::{self, MAX_MEMORY};
use crate::word::Word;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};
use zcrypto::Error;
use zcrypto::hash::HashAlg;
use zcrypto::kdf::HkdfAlg;
use zcrypto::kem::MlKem;
use zcrypto::mac::HmacAlg;
use zcrypto::metered::{self, GasMeter, HashStreams, Op, RecoverOutput, SignatureSpans, Span};

/// The stack limit.
pub const STACK_LIMIT: usize = 1024;
pub use crate::host::{CallRequest, Context, Halt, Host, Log, MAX_CALL_DEPTH, Outcome, Status};

/// Code ready to run: the bytes and their JUMPDEST analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    bytes: Vec<u8>,
    jumpdests: Vec<bool>,
}

impl Code {
    /// Analyses `bytes`.
    pub fn new(bytes: Vec<u8>) -> Code {
        let jumpdests = opcode::jumpdests(&bytes);
        Code { bytes, jumpdests }
    }

    /// The code of a container.
    pub fn from_container(c: &Container) -> Code {
        Code::new(c.code.clone())
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Whether `offset` is a valid jump target.
    pub fn is_jumpdest(&self, offset: usize) -> bool {
        self.jumpdests.get(offset).copied().unwrap_or(false)
    }
}

/// What the dispatch loop needs of an opcode's [`spec`](opcode::spec): static gas and
/// stack effect, looked up by byte instead of searched for on every step.
#[derive(Clone, Copy)]
struct Dispatch {
    defined: bool,
    pops: u8,
    pushes: u8,
    gas: u64,
}

/// [`Dispatch`] for every byte, built once from [`opcode::spec`].
static DISPATCH: LazyLock<[Dispatch; 256]> = LazyLock::new(|| {
    let mut t = [Dispatch {
        defined: false,
        pops: 0,
        pushes: 0,
        gas: 0,
    }; 256];
    for (byte, d) in (0..=255u8).zip(t.iter_mut()) {
        if let Some(s) = opcode::spec(byte) {
            *d = Dispatch {
                defined: true,
                pops: s.pops,
                pushes: s.pushes,
                gas: s.gas,
            };
        }
    }
    t
});

/// Stack and memory buffers of finished frames, reused by the next frames on this
/// thread (a frame takes one pair and returns it, so nested frames get their own).
#[derive(Default)]
struct Buffers {
    stacks: Vec<Vec<Word>>,
    memories: Vec<Vec<u8>>,
}

/// Buffers kept per thread, at most this many of each kind.
const POOLED: usize = 8;
/// Memory buffers larger than this are freed rather than pooled.
const POOLED_MEMORY: usize = 64 * 1024;

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::new(Buffers::default());
}

/// An empty stack and memory, from the pool if it has any.
fn take_buffers() -> (Vec<Word>, Vec<u8>) {
    BUFFERS
        .try_with(|b| {
            let mut b = b.borrow_mut();
            let stack = b.stacks.pop().unwrap_or_else(|| Vec::with_capacity(64));
            let memory = b.memories.pop().unwrap_or_default();
            (stack, memory)
        })
        .unwrap_or_else(|_| (Vec::with_capacity(64), Vec::new()))
}

/// Returns a frame's stack and memory to the pool (cleared).
fn give_buffers(mut stack: Vec<Word>, mut memory: Vec<u8>) {
    stack.clear();
    memory.clear();
    let _ = BUFFERS.try_with(|b| {
        let mut b = b.borrow_mut();
        if b.stacks.len() < POOLED && stack.capacity() <= STACK_LIMIT {
            b.stacks.push(stack);
        }
        if b.memories.len() < POOLED && memory.capacity() <= POOLED_MEMORY {
            b.memories.push(memory);
        }
    });
}

enum Exit {
    Stop(Vec<u8>),
    Revert(Vec<u8>),
    OutOfGas,
    Error(Halt),
}

struct Machine<'a> {
    code: &'a Code,
    dispatch: &'a [Dispatch; 256],
    ctx: &'a Context,
    host: &'a mut dyn Host,
    pc: usize,
    stack: Vec<Word>,
    memory: Vec<u8>,
    gas: Gas,
    return_data: Vec<u8>,
    logs: Vec<Log>,
    crypto_err: u32,
    /// The streaming-hash table, allocated by the first `HASH*` instruction.
    streams: Option<Box<HashStreams>>,
}

/// Executes `code` from offset `entry` (usually an export) in `ctx` against `host`.
pub fn execute(code: &Code, entry: usize, ctx: &Context, host: &mut dyn Host) -> Outcome {
    let (stack, memory) = take_buffers();
    let mut m = Machine {
        code,
        dispatch: &DISPATCH,
        ctx,
        host,
        pc: entry,
        stack,
        memory,
        gas: Gas::new(ctx.gas_limit),
        return_data: Vec::new(),
        logs: Vec::new(),
        crypto_err: 0,
        streams: None,
    };
    let exit = m.run();
    let gas = m.gas;
    give_buffers(m.stack, m.memory);
    let (status, output, gas_used, logs) = match exit {
        Exit::Stop(out) => (Status::Success, out, gas.final_used(), m.logs),
        Exit::Revert(out) => (Status::Revert, out, gas.used(), Vec::new()),
        Exit::OutOfGas => (Status::OutOfGas, Vec::new(), gas.limit(), Vec::new()),
        Exit::Error(h) => (Status::Error(h), Vec::new(), gas.limit(), Vec::new()),
    };
    Outcome {
        status,
        output,
        gas_used,
        logs,
    }
}

/// A storage word as the stored value: zero is absent (empty).
fn stored(w: &[u8; 32]) -> &[u8] {
    if *w == [0; 32] { &[] } else { w }
}

/// `3 × words + words² / 512`.
fn memory_cost(words: u64) -> u64 {
    3 * words + words * words / 512
}

fn word_to_address(w: &Word) -> Address {
    let b = w.to_be_bytes();
    let mut a = [0u8; 20];
    a.copy_from_slice(&b[12..]);
    Address(a)
}

/// Copies `src[from..]` into `dst`, zero-padding past the end of `src`.
fn copy_padded(dst: &mut [u8], src: &[u8], from: &Word) {
    let start = from
        .to_u64()
        .map_or(src.len(), |f| (f.min(src.len() as u64)) as usize);
    let avail = &src[start..];
    let n = avail.len().min(dst.len());
    dst[..n].copy_from_slice(&avail[..n]);
    dst[n..].fill(0);
}

/// The frame's streaming-hash table, allocated on first use.
fn streams(s: &mut Option<Box<HashStreams>>) -> &mut HashStreams {
    s.get_or_insert_with(Box::default)
}

fn selector(w: &Word) -> Result<Op, Error> {
    w.to_u64()
        .and_then(|v| u16::try_from(v).ok())
        .and_then(Op::from_id)
        .ok_or(Error::UnsupportedAlgorithm)
}

fn hash_selector(w: &Word) -> Result<HashAlg, Error> {
    selector(w)?.hash_alg().ok_or(Error::UnsupportedAlgorithm)
}

impl Machine<'_> {
    fn run(&mut self) -> Exit {
        loop {
            if let Err(e) = self.step() {
                return e;
            }
        }
    }

    fn pop(&mut self) -> Word {
        // The stack depth was checked against the instruction's spec before dispatch.
        self.stack.pop().unwrap_or_default()
    }

    fn push(&mut self, w: Word) {
        self.stack.push(w);
    }

    fn charge(&mut self, amount: u64) -> Result<(), Exit> {
        self.gas.charge(amount).map_err(|_| Exit::OutOfGas)
    }

    /// Grows memory to cover `offset .. offset + len` (no-op for `len` 0) and returns
    /// the range as `usize`s.
    fn expand(&mut self, offset: &Word, len: &Word) -> Result<(usize, usize), Exit> {
        if len.is_zero() {
            return Ok((0, 0));
        }
        let (Some(off), Some(n)) = (offset.to_u64(), len.to_u64()) else {
            return Err(Exit::Error(Halt::MemoryLimit));
        };
        let end = off
            .checked_add(n)
            .filter(|&e| e <= MAX_MEMORY)
            .ok_or(Exit::Error(Halt::MemoryLimit))?;
        let new_words = end.div_ceil(32);
        let old_words = self.memory.len() as u64 / 32;
        if new_words > old_words {
            self.charge(memory_cost(new_words) - memory_cost(old_words))?;
            self.memory.resize((new_words * 32) as usize, 0);
        }
        Ok((off as usize, n as usize))
    }

    /// Pops `offset, len`, grows memory over them, returns them as a metered span.
    fn span(&mut self) -> Result<Span, Exit> {
        let off = self.pop();
        let len = self.pop();
        let (o, n) = self.expand(&off, &len)?;
        // MAX_MEMORY < 2^32, so both fit.
        Ok(Span::new(o as u32, n as u32))
    }

    /// Applies the metered result rule: value pushed, out-of-gas / memory halts,
    /// other errors push 0 and set the error register.
    fn crypto<T>(&mut self, r: Result<T, Error>, f: impl FnOnce(T) -> Word) -> Result<(), Exit> {
        match r {
            Ok(v) => {
                self.crypto_err = 0;
                self.push(f(v));
                Ok(())
            }
            Err(Error::OutOfGas) => Err(Exit::OutOfGas),
            Err(Error::MemoryOutOfBounds) => Err(Exit::Error(Halt::MemoryOutOfBounds)),
            Err(e) => {
                self.crypto_err = e.code();
                self.push(Word::ZERO);
                Ok(())
            }
        }
    }

    fn jump(&mut self, dst: &Word) -> Result<(), Exit> {
        match dst.to_u64() {
            Some(d) if self.code.is_jumpdest(d as usize) => {
                self.pc = d as usize;
                Ok(())
            }
            _ => Err(Exit::Error(Halt::BadJump)),
        }
    }

    fn step(&mut self) -> Result<(), Exit> {
        use opcode::*;
        let code = self.code.bytes();
        let Some(&op) = code.get(self.pc) else {
            return Err(Exit::Stop(Vec::new()));
        };
        let spec = self.dispatch[usize::from(op)];
        if !spec.defined {
            return Err(Exit::Error(Halt::InvalidOpcode(op)));
        }
        self.charge(spec.gas)?;
        let pops = usize::from(spec.pops);
        if self.stack.len() < pops {
            return Err(Exit::Error(Halt::StackUnderflow));
        }
        if self.stack.len() - pops + usize::from(spec.pushes) > STACK_LIMIT {
            return Err(Exit::Error(Halt::StackOverflow));
        }
        let here = self.pc;
        self.pc += 1;
        match op {
            STOP => return Err(Exit::Stop(Vec::new())),
            ADD | MUL | SUB | DIV | MOD | LT | GT | SLT | SGT | EQ | AND | OR | XOR | BYTE
            | SHL | SHR | SAR => {
                let a = self.pop();
                let b = self.pop();
                let r = match op {
                    ADD => a.add(&b),
                    MUL => a.mul(&b),
                    SUB => a.sub(&b),
                    DIV => a.div(&b),
                    MOD => a.rem(&b),
                    LT => Word::from_bool(a < b),
                    GT => Word::from_bool(a > b),
                    SLT => Word::from_bool(a.signed_cmp(&b).is_lt()),
                    SGT => Word::from_bool(a.signed_cmp(&b).is_gt()),
                    EQ => Word::from_bool(a == b),
                    AND => a.and(&b),
                    OR => a.or(&b),
                    XOR => a.xor(&b),
                    BYTE => b.byte(&a),
                    SHL => b.shl(&a),
                    SHR => b.shr(&a),
                    _ => b.sar(&a),
                };
                self.push(r);
            }
            EXP => {
                let a = self.pop();
                let b = self.pop();
                self.charge(50 * u64::from(b.byte_len()))?;
                self.push(a.pow(&b));
            }
            ISZERO => {
                let a = self.pop();
                self.push(Word::from_bool(a.is_zero()));
            }
            NOT => {
                let a = self.pop();
                self.push(a.not());
            }
            ADDRESS => self.push(Word::from_be_bytes(self.ctx.address.to_word())),
            CALLER => self.push(Word::from_be_bytes(self.ctx.caller.to_word())),
            CALLVALUE => self.push(self.ctx.value),
            CALLDATALOAD => {
                let i = self.pop();
                let mut b = [0u8; 32];
                copy_padded(&mut b, &self.ctx.calldata, &i);
                self.push(Word::from_be_bytes(b));
            }
            CALLDATASIZE => self.push(Word::from_u64(self.ctx.calldata.len() as u64)),
            CALLDATACOPY | RETURNDATACOPY => {
                let dst = self.pop();
                let src = self.pop();
                let len = self.pop();
                let (d, n) = self.expand(&dst, &len)?;
                self.charge(3 * (n as u64).div_ceil(32))?;
                let data = if op == CALLDATACOPY {
                    &self.ctx.calldata
                } else {
                    &self.return_data
                };
                copy_padded(&mut self.memory[d..d + n], data, &src);
            }
            RETURNDATASIZE => self.push(Word::from_u64(self.return_data.len() as u64)),
            TIME => self.push(Word::from_u64(self.host.block_time())),
            HEIGHT => self.push(Word::from_u64(self.host.block_height())),
            POP => {
                self.pop();
            }
            MLOAD => {
                let off = self.pop();
                let (o, _) = self.expand(&off, &Word::from_u64(32))?;
                let mut b = [0u8; 32];
                b.copy_from_slice(&self.memory[o..o + 32]);
                self.push(Word::from_be_bytes(b));
            }
            MSTORE => {
                let off = self.pop();
                let v = self.pop();
                let (o, _) = self.expand(&off, &Word::from_u64(32))?;
                self.memory[o..o + 32].copy_from_slice(&v.to_be_bytes());
            }
            MSTORE8 => {
                let off = self.pop();
                let v = self.pop();
                let (o, _) = self.expand(&off, &Word::ONE)?;
                self.memory[o] = v.to_be_bytes()[31];
            }
            SLOAD => {
                let k = self.pop();
                let v = self.host.sload(&self.ctx.address, &k.to_be_bytes());
                self.push(Word::from_be_bytes(v));
            }
            SSTORE => {
                let k = self.pop().to_be_bytes();
                let v = self.pop().to_be_bytes();
                let current = self.host.sload(&self.ctx.address, &k);
                let w = crate::gas::storage_write(stored(&current), stored(&v));
                self.charge(w.cost)?;
                self.gas.refund(w.refund);
                self.host.sstore(&self.ctx.address, k, v);
            }
            JUMP => {
                let d = self.pop();
                self.jump(&d)?;
            }
            JUMPI => {
                let d = self.pop();
                let c = self.pop();
                if !c.is_zero() {
                    self.jump(&d)?;
                }
            }
            PC => self.push(Word::from_u64(here as u64)),
            MSIZE => self.push(Word::from_u64(self.memory.len() as u64)),
            GAS => self.push(Word::from_u64(self.gas.remaining())),
            JUMPDEST => {}
            PUSH0 => self.push(Word::ZERO),
            0x60..=0x7F => {
                let n = immediate_len(op);
                let mut b = [0u8; 32];
                let start = self.pc.min(code.len());
                let end = (self.pc + n).min(code.len());
                b[32 - n..32 - n + (end - start)].copy_from_slice(&code[start..end]);
                self.pc += n;
                self.push(Word::from_be_bytes(b));
            }
            0x80..=0x8F => {
                let n = usize::from(op - DUP1) + 1;
                let w = self.stack[self.stack.len() - n];
                self.push(w);
            }
            0x90..=0x9F => {
                let n = usize::from(op - SWAP1) + 1;
                let top = self.stack.len() - 1;
                self.stack.swap(top, top - n);
            }
            0xA0..=0xA4 => {
                let (o, n) = {
                    let off = self.pop();
                    let len = self.pop();
                    self.expand(&off, &len)?
                };
                self.charge(8 * n as u64)?;
                let topics = (0..op - LOG0).map(|_| self.pop().to_be_bytes()).collect();
                let log = Log {
                    address: self.ctx.address,
                    topics,
                    data: self.memory[o..o + n].to_vec(),
                };
                self.host.emit_log(&log);
                self.logs.push(log);
            }
            HASH => {
                let sel = self.pop();
                let input = self.span()?;
                let out = self.span()?;
                let r = hash_selector(&sel).and_then(|alg| {
                    metered::hash::hash(&mut self.memory, &mut self.gas, alg, input, out)
                });
                self.crypto(r, |n| Word::from_u64(u64::from(n)))?;
            }
            MAC => {
                let sel = self.pop();
                let a = self.span()?;
                let b = self.span()?;
                let out = self.span()?;
                let (mem, gas) = (&mut self.memory, &mut self.gas);
                let r = selector(&sel).and_then(|op| match op {
                    Op::HmacSha256 => metered::mac::hmac(mem, gas, HmacAlg::Sha256, a, b, out),
                    Op::HmacSha384 => metered::mac::hmac(mem, gas, HmacAlg::Sha384, a, b, out),
                    Op::HmacSha512 => metered::mac::hmac(mem, gas, HmacAlg::Sha512, a, b, out),
                    Op::HkdfExtractSha256 => {
                        metered::mac::hkdf_extract(mem, gas, HkdfAlg::Sha256, a, b, out)
                    }
                    Op::HkdfExtractSha384 => {
                        metered::mac::hkdf_extract(mem, gas, HkdfAlg::Sha384, a, b, out)
                    }
                    Op::HkdfExtractSha512 => {
                        metered::mac::hkdf_extract(mem, gas, HkdfAlg::Sha512, a, b, out)
                    }
                    Op::HkdfExpandSha256 => {
                        metered::mac::hkdf_expand(mem, gas, HkdfAlg::Sha256, a, b, out)
                    }
                    Op::HkdfExpandSha384 => {
                        metered::mac::hkdf_expand(mem, gas, HkdfAlg::Sha384, a, b, out)
                    }
                    Op::HkdfExpandSha512 => {
                        metered::mac::hkdf_expand(mem, gas, HkdfAlg::Sha512, a, b, out)
                    }
                    _ => Err(Error::UnsupportedAlgorithm),
                });
                self.crypto(r, |n| Word::from_u64(u64::from(n)))?;
            }
            VERIFY => {
                let sel = self.pop();
                let spans = SignatureSpans {
                    public_key: self.span()?,
                    message: self.span()?,
                    context: self.span()?,
                    signature: self.span()?,
                };
                let r = selector(&sel)
                    .and_then(|op| metered::verify::verify(&self.memory, &mut self.gas, op, spans));
                self.crypto(r, |v| Word::from_bool(v.is_valid()))?;
            }
            ECRECOVER => {
                let fmt = self.pop();
                let hash_off = self.pop();
                let prehash = {
                    let (o, n) = self.expand(&hash_off, &Word::from_u64(32))?;
                    Span::new(o as u32, n as u32)
                };
                let sig_off = self.pop();
                let sig = {
                    let (o, n) = self.expand(&sig_off, &Word::from_u64(65))?;
                    Span::new(o as u32, n as u32)
                };
                let out = self.span()?;
                let r = fmt
                    .to_u64()
                    .and_then(|f| u8::try_from(f).ok())
                    .and_then(RecoverOutput::from_u8)
                    .ok_or(Error::UnsupportedAlgorithm)
                    .and_then(|f| {
                        metered::recover::recover(
                            &mut self.memory,
                            &mut self.gas,
                            prehash,
                            sig,
                            f,
                            out,
                        )
                    });
                self.crypto(r, |v| Word::from_bool(v.is_valid()))?;
            }
            BLSFASTAGG | BLSAGGVERIFY => {
                let keys = self.span()?;
                let msg = self.span()?;
                let sig = self.span()?;
                let r = if op == BLSFASTAGG {
                    metered::bls::fast_aggregate_verify(&self.memory, &mut self.gas, keys, msg, sig)
                } else {
                    metered::bls::aggregate_verify(&self.memory, &mut self.gas, keys, msg, sig)
                };
                self.crypto(r, |v| Word::from_bool(v.is_valid()))?;
            }
            BLSAGGREGATE => {
                let sigs = self.span()?;
                let out = self.span()?;
                let r =
                    metered::bls::aggregate_signatures(&mut self.memory, &mut self.gas, sigs, out);
                self.crypto(r, |n| Word::from_u64(u64::from(n)))?;
            }
            MULTISIG => {
                let policy = self.span()?;
                let msg = self.span()?;
                let ctx = self.span()?;
                let sigs = self.span()?;
                let r =
                    metered::multisig::verify(&self.memory, &mut self.gas, policy, msg, ctx, sigs);
                self.crypto(r, |v| Word::from_bool(v.is_valid()))?;
            }
            BATCHVERIFY => {
                let batch = self.span()?;
                let r = metered::batch::verify(&self.memory, &mut self.gas, batch);
                self.crypto(r, |v| Word::from_bool(v.is_valid()))?;
            }
            KEMENCAP => {
                let sel = self.pop();
                let ek = self.span()?;
                let rnd = self.span()?;
                let ct = self.span()?;
                let ss = self.span()?;
                let r = selector(&sel).and_then(|op| {
                    let params = match op {
                        Op::MlKem512Encapsulate => MlKem::MlKem512,
                        Op::MlKem768Encapsulate => MlKem::MlKem768,
                        Op::MlKem1024Encapsulate => MlKem::MlKem1024,
                        _ => return Err(Error::UnsupportedAlgorithm),
                    };
                    metered::kem::encapsulate(
                        &mut self.memory,
                        &mut self.gas,
                        params,
                        ek,
                        rnd,
                        ct,
                        ss,
                    )
                });
                self.crypto(r, |n| Word::from_u64(u64::from(n)))?;
            }
            HASHINIT => {
                let sel = self.pop();
                let r = hash_selector(&sel)
                    .and_then(|alg| streams(&mut self.streams).init(&mut self.gas, alg));
                self.crypto(r, |h| Word::from_u64(u64::from(h)))?;
            }
            HASHUPDATE => {
                let h = self.pop();
                let input = self.span()?;
                let r = h.to_u32().ok_or(Error::InvalidKey).and_then(|h| {
                    streams(&mut self.streams).update(&self.memory, &mut self.gas, h, input)
                });
                self.crypto(r, |()| Word::ONE)?;
            }
            HASHFINISH => {
                let h = self.pop();
                let out = self.span()?;
                let r = h.to_u32().ok_or(Error::InvalidKey).and_then(|h| {
                    streams(&mut self.streams).finish(&mut self.memory, &mut self.gas, h, out)
                });
                self.crypto(r, |n| Word::from_u64(u64::from(n)))?;
            }
            MERKLE => {
                let sel = self.pop();
                let leaf_off = self.pop();
                let leaf_len = self.pop();
                // Sparse proofs of absence: value offset 2^256 - 1, length 0.
                let absent = leaf_len.is_zero() && leaf_off == Word::MAX;
                let leaf = {
                    let (o, n) = self.expand(&leaf_off, &leaf_len)?;
                    Span::new(o as u32, n as u32)
                };
                let proof = self.span()?;
                let root = self.span()?;
                let key = self.span()?;
                let no_key = || {
                    if key.len == 0 {
                        Ok(())
                    } else {
                        Err(Error::InvalidLength {
                            expected: 0,
                            got: key.len_usize(),
                        })
                    }
                };
                let (mem, gas) = (&self.memory, &mut self.gas);
                let r = selector(&sel).and_then(|op| match op {
                    Op::MerkleInclusionSha256
                    | Op::MerkleInclusionKeccak256
                    | Op::MerkleInclusionBlake3 => {
                        no_key()?;
                        metered::merkle::verify_inclusion(mem, gas, op, leaf, proof, root)
                    }
                    Op::MerkleVerifyEthereum => {
                        no_key()?;
                        metered::merkle::verify_ethereum(mem, gas, leaf, proof, root)
                    }
                    Op::SparseMerkleVerifySha256
                    | Op::SparseMerkleVerifyKeccak256
                    | Op::SparseMerkleVerifyBlake3 => {
                        let value = (!absent).then_some(leaf);
                        metered::merkle::verify_sparse(mem, gas, op, root, key, value, proof)
                    }
                    _ => Err(Error::UnsupportedAlgorithm),
                });
                self.crypto(r, |v| Word::from_bool(v.is_valid()))?;
            }
            POSEIDON => {
                let sel = self.pop();
                let input = self.span()?;
                let out = self.span()?;
                let r = selector(&sel).and_then(|op| match op {
                    Op::PoseidonBn254 => {
                        metered::poseidon::hash(&mut self.memory, &mut self.gas, input, out)
                    }
                    _ => Err(Error::UnsupportedAlgorithm),
                });
                self.crypto(r, |n| Word::from_u64(u64::from(n)))?;
            }
            ZKVERIFY => {
                let sel = self.pop();
                let vk = self.span()?;
                let proof = self.span()?;
                let inputs = self.span()?;
                let r = selector(&sel).and_then(|op| match op {
                    Op::Groth16VerifyBn254 | Op::Groth16VerifyBls12381 => {
                        metered::zk::verify_groth16(
                            &self.memory,
                            &mut self.gas,
                            op,
                            vk,
                            proof,
                            inputs,
                        )
                    }
                    // vk = the commitments, in = the one-byte bit size.
                    Op::BulletproofsVerify => metered::zk::verify_bulletproofs(
                        &self.memory,
                        &mut self.gas,
                        proof,
                        vk,
                        inputs,
                    ),
                    // proof = the 192-byte input; vk and in are not read.
                    Op::KzgPointEvaluation => {
                        metered::zk::kzg_point_evaluation(&self.memory, &mut self.gas, proof)
                    }
                    // proof = the encoding (circuit id ‖ public inputs ‖ proof); vk and in
                    // are not read.
                    Op::Halo2Verify => {
                        metered::zk::verify_halo2(&self.memory, &mut self.gas, proof)
                    }
                    _ => Err(Error::UnsupportedAlgorithm),
                });
                self.crypto(r, |v| Word::from_bool(v.is_valid()))?;
            }
            CRYPTOERR => self.push(Word::from_u64(u64::from(self.crypto_err))),
            CALL => self.call()?,
            RETURN | REVERT => {
                let off = self.pop();
                let len = self.pop();
                let (o, n) = self.expand(&off, &len)?;
                let out = self.memory[o..o + n].to_vec();
                return Err(if op == RETURN {
                    Exit::Stop(out)
                } else {
                    Exit::Revert(out)
                });
            }
            _ => return Err(Exit::Error(Halt::InvalidOpcode(op))),
        }
        Ok(())
    }

    fn call(&mut self) -> Result<(), Exit> {
        let gas_arg = self.pop();
        let to = word_to_address(&self.pop());
        let value = self.pop();
        let (io, il) = {
            let off = self.pop();
            let len = self.pop();
            self.expand(&off, &len)?
        };
        let (oo, ol) = {
            let off = self.pop();
            let len = self.pop();
            self.expand(&off, &len)?
        };
        self.return_data.clear();
        if self.ctx.depth >= MAX_CALL_DEPTH {
            self.push(Word::ZERO);
            return Ok(());
        }
        let remaining = self.gas.remaining();
        let forwarded = gas_arg.saturating_u64().min(remaining - remaining / 64);
        self.charge(forwarded)?;
        let request = CallRequest {
            caller: self.ctx.address,
            to,
            value,
            input: self.memory[io..io + il].to_vec(),
            gas: forwarded,
            depth: self.ctx.depth + 1,
        };
        let out = self.host.call(request);
        self.gas.give_back(forwarded - out.gas_used.min(forwarded));
        let n = ol.min(out.output.len());
        self.memory[oo..oo + n].copy_from_slice(&out.output[..n]);
        let ok = out.is_success();
        if ok {
            self.logs.extend(out.logs);
        }
        self.return_data = out.output;
        self.push(Word::from_bool(ok));
        Ok(())
    }
}

/// A working in-memory host: code by address, storage, logs, block environment, and
/// sub-calls that run the callee's code with this same host, rolling back storage and
/// logs of any frame that does not succeed. Values are passed through (no balances:
/// every balance reads 0).
#[derive(Debug, Clone, Default)]
pub struct MemoryHost {
    code: BTreeMap<Address, (Arc<Code>, usize)>,
    storage: BTreeMap<(Address, [u8; 32]), Vec<u8>>,
    /// Every log of the successful frames, in order.
    pub logs: Vec<Log>,
    /// The block height.
    pub height: u64,
    /// The block time.
    pub time: u64,
}

impl MemoryHost {
    /// An empty world at height 0, time 0.
    pub fn new() -> MemoryHost {
        MemoryHost::default()
    }

    /// Installs a container at `address`; calls enter at its `main` export, or at
    /// offset 0 if it has none.
    pub fn deploy(
        &mut self,
        address: Address,
        container: &[u8],
    ) -> Result<(), crate::container::ContainerError> {
        let c = Container::parse(container)?;
        let entry = c.export("main").unwrap_or(0) as usize;
        self.code
            .insert(address, (Arc::new(Code::from_container(&c)), entry));
        Ok(())
    }

    /// The storage word at `key` of `address`.
    pub fn storage(&self, address: &Address, key: &[u8; 32]) -> [u8; 32] {
        let mut w = [0u8; 32];
        if let Some(v) = self.storage.get(&(*address, *key)) {
            let v = &v[v.len().saturating_sub(32)..];
            w[32 - v.len()..].copy_from_slice(v);
        }
        w
    }

    /// A top-level call (depth 0) from `caller` to `to`.
    pub fn transact(&mut self, caller: Address, to: Address, calldata: &[u8], gas: u64) -> Outcome {
        self.call(CallRequest {
            caller,
            to,
            value: Word::ZERO,
            input: calldata.to_vec(),
            gas,
            depth: 0,
        })
    }

    /// Runs `code` from `entry` as the contract `ctx.address`, rolling back on failure.
    pub fn run(&mut self, code: &Code, entry: usize, ctx: &Context) -> Outcome {
        let storage = self.storage.clone();
        let logs = self.logs.len();
        let out = execute(code, entry, ctx, self);
        if !out.is_success() {
            self.storage = storage;
            self.logs.truncate(logs);
        }
        out
    }
}

impl Host for MemoryHost {
    fn sload(&mut self, address: &Address, key: &[u8; 32]) -> [u8; 32] {
        self.storage(address, key)
    }

    fn sstore(&mut self, address: &Address, key: [u8; 32], value: [u8; 32]) {
        let v = if value == [0; 32] {
            Vec::new()
        } else {
            value.to_vec()
        };
        self.storage_set(address, key, v);
    }

    fn storage_get(&mut self, address: &Address, key: &[u8; 32]) -> Vec<u8> {
        self.storage
            .get(&(*address, *key))
            .cloned()
            .unwrap_or_default()
    }

    fn storage_set(&mut self, address: &Address, key: [u8; 32], value: Vec<u8>) {
        if value.is_empty() {
            self.storage.remove(&(*address, key));
        } else {
            self.storage.insert((*address, key), value);
        }
    }

    fn balance(&mut self, _address: &Address) -> u128 {
        0
    }

    fn emit_log(&mut self, log: &Log) {
        self.logs.push(log.clone());
    }

    fn call(&mut self, request: CallRequest) -> Outcome {
        let Some((code, entry)) = self.code.get(&request.to).cloned() else {
            return Outcome {
                status: Status::Success,
                output: Vec::new(),
                gas_used: 0,
                logs: Vec::new(),
            };
        };
        let ctx = Context {
            address: request.to,
            caller: request.caller,
            value: request.value,
            calldata: request.input,
            gas_limit: request.gas,
            depth: request.depth,
        };
        self.run(&code, entry, &ctx)
    }

    fn block_height(&self) -> u64 {
        self.height
    }

    fn block_time(&self) -> u64 {
        self.time
    }
}
