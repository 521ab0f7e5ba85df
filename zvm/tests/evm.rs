//! The EVM engine through the runtime: deploys, calls, state, gas, logs, value, nonces,
//! standard and zcrypto precompiles, and cross-engine calls (EVM ↔ native).
//!
//! EVM bytecode is hand-assembled here (`evm()`: mnemonics and raw `0x…` bytes); the
//! same sources assemble as native ZVM code (`native()`), since the native instruction
//! set shares the EVM's opcodes for what these contracts use.

mod common;
use common::{groth16_fixtures, halo2_encoding, halo2_gas, halo2_wrong_input, kzg_input};
use std::collections::HashMap;
use std::path::PathBuf;

use zcrypto::Algorithm;
use zcrypto::metered::{Op, batch};
use zcrypto::sig::dynamic;
use zvm::address::Address;
use zvm::evm::precompiles::{self, BASE_GAS};
use zvm::runtime::{Receipt, Runtime, contract_address};
use zvm::state::MemoryState;

const GAS: u64 = 30_000_000;
const TOPIC: &str = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

fn me() -> Address {
    Address([0xee; 20])
}

/// A tiny EVM assembler: mnemonics (as revm names them) and raw `0x…` bytes (push
/// data); `;` comments.
fn evm(src: &str) -> Vec<u8> {
    let names: HashMap<&'static str, u8> = (0..=255u8)
        .filter_map(|b| revm::bytecode::opcode::OpCode::new(b).map(|o| (o.as_str(), b)))
        .collect();
    let mut out = Vec::new();
    for line in src.lines() {
        let line = line.split(';').next().unwrap();
        for tok in line.split_whitespace() {
            if let Some(h) = tok.strip_prefix("0x") {
                out.extend(hex::decode(h).unwrap_or_else(|_| panic!("bad hex {tok}")));
            } else {
                out.push(
                    *names
                        .get(tok)
                        .unwrap_or_else(|| panic!("unknown opcode {tok}")),
                );
            }
        }
    }
    out
}

/// The same source as a native ZVM container entered at `main`.
fn native(src: &str) -> Vec<u8> {
    // zvm::asm takes one instruction per line.
    let mut lines: Vec<String> = Vec::new();
    for line in src.lines() {
        for tok in line.split(';').next().unwrap().split_whitespace() {
            match lines.last_mut() {
                Some(l) if tok.starts_with("0x") => *l = format!("{l} {tok}"),
                _ => lines.push(tok.to_string()),
            }
        }
    }
    let src = format!(".export main main\nmain:\nJUMPDEST\n{}", lines.join("\n"));
    zvm::asm::assemble(&src).unwrap().encode()
}

/// Init code that returns `runtime`.
fn initcode(runtime: &[u8]) -> Vec<u8> {
    let n = runtime.len() as u16;
    let mut c = vec![
        0x61,
        (n >> 8) as u8,
        n as u8,
        0x80,
        0x60,
        0x0c,
        0x60,
        0x00,
        0x39,
        0x60,
        0x00,
        0xf3,
    ];
    c.extend_from_slice(runtime);
    c
}

/// Stores the call data word at slot 0, logs (topics `TOPIC`, caller; data: the old
/// value) and returns the old value.
fn store_src() -> String {
    format!(
        "PUSH1 0x00 SLOAD PUSH1 0x00 MSTORE
         PUSH1 0x00 CALLDATALOAD PUSH1 0x00 SSTORE
         CALLER PUSH32 {TOPIC} PUSH1 0x20 PUSH1 0x00 LOG2
         PUSH1 0x20 PUSH1 0x00 RETURN"
    )
}

/// Writes slot 7 = 1, then CALLs the address in the first call data word with the rest
/// as input and its own CALLVALUE; returns (or, with `revert`, reverts with)
/// ok ‖ gas used by the CALL ‖ return data.
fn forwarder_src(revert: bool) -> String {
    let end = if revert { "REVERT" } else { "RETURN" };
    format!(
        "PUSH1 0x01 PUSH1 0x07 SSTORE
         PUSH1 0x20 CALLDATASIZE SUB
         DUP1 PUSH1 0x20 PUSH1 0x00 CALLDATACOPY
         GAS SWAP1
         PUSH1 0x00 PUSH1 0x00 DUP3 PUSH1 0x00 CALLVALUE PUSH1 0x00 CALLDATALOAD GAS CALL
         GAS DUP4 SUB PUSH1 0x20 MSTORE
         PUSH1 0x00 MSTORE
         RETURNDATASIZE PUSH1 0x00 PUSH1 0x40 RETURNDATACOPY
         RETURNDATASIZE PUSH1 0x40 ADD PUSH1 0x00 {end}"
    )
}

fn word(a: &Address) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(&a.0);
    w
}

fn uint(v: u64) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&v.to_be_bytes());
    w
}

fn u64_of(w: &[u8]) -> u64 {
    u64::from_be_bytes(w[24..32].try_into().unwrap())
}

fn rt() -> Runtime<MemoryState> {
    Runtime::new(MemoryState::new()).with_block_time(1_700_000_000)
}

fn deploy_evm(rt: &mut Runtime<MemoryState>, runtime: &[u8]) -> Address {
    let d = rt.deploy(me(), &initcode(runtime), &[], 0, GAS);
    assert!(d.success, "{d:?}");
    d.contract_address.unwrap()
}

fn deploy_native(rt: &mut Runtime<MemoryState>, code: &[u8]) -> Address {
    let d = rt.deploy(me(), code, &[], 0, GAS);
    assert!(d.success, "{d:?}");
    d.contract_address.unwrap()
}

/// Calls an EVM contract with raw call data.
fn call(rt: &mut Runtime<MemoryState>, to: Address, data: &[u8], value: u128) -> Receipt {
    rt.call(me(), to, "", data, value, GAS)
}

fn fwd_payload(target: &Address, input: &[u8]) -> Vec<u8> {
    [&word(target)[..], input].concat()
}

/// `abi.encode(bytes, …)`.
fn abi(args: &[&[u8]]) -> Vec<u8> {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    for a in args {
        head.extend_from_slice(&uint((args.len() * 32 + tail.len()) as u64));
        tail.extend_from_slice(&uint(a.len() as u64));
        tail.extend_from_slice(a);
        tail.resize(tail.len().next_multiple_of(32), 0);
    }
    [head, tail].concat()
}

fn slot(rt: &Runtime<MemoryState>, a: &Address, k: u64) -> u64 {
    u64_of(&rt.storage_word(a, &uint(k)).unwrap())
}

#[test]
fn deploy_address_nonce_and_code() {
    let mut rt = rt();
    let runtime = evm(&store_src());
    let d = rt.deploy(me(), &initcode(&runtime), &[], 0, GAS);
    assert!(d.success, "{d:?}");
    assert_eq!(d.contract_address, Some(contract_address(&me(), 0)));
    assert_eq!(d.return_data, runtime);
    assert!(
        d.gas_used > 53_000,
        "a create transaction pays 53000 intrinsic gas"
    );
    assert_eq!(rt.nonce(&me()).unwrap(), 1);
    let s = d.contract_address.unwrap();
    assert_eq!(rt.code(&s).unwrap(), runtime);
    assert_eq!(
        rt.nonce(&s).unwrap(),
        1,
        "EIP-161: contracts start at nonce 1"
    );
    // Calls do not change the caller's nonce.
    for v in 1..=3 {
        let r = call(&mut rt, s, &uint(v), 0);
        assert!(r.success, "{r:?}");
    }
    assert_eq!(rt.nonce(&me()).unwrap(), 1);
    let d2 = rt.deploy(me(), &initcode(&runtime), &[], 0, GAS);
    assert_eq!(d2.contract_address, Some(contract_address(&me(), 1)));
    assert_eq!(rt.nonce(&me()).unwrap(), 2);
}

#[test]
fn storage_logs_and_gas() {
    let mut rt = rt();
    let s = deploy_evm(&mut rt, &evm(&store_src()));
    let r = call(&mut rt, s, &uint(42), 0);
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data, uint(0));
    assert_eq!(slot(&rt, &s, 0), 42);
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].address, s);
    assert_eq!(r.logs[0].topics, vec![[0xaa; 32], word(&me())]);
    assert_eq!(r.logs[0].data, uint(0));
    // 21000 + calldata + cold SLOAD + SSTORE 0 → non-zero + LOG2 + ...
    assert!(
        r.gas_used > 21_000 + 22_100 && r.gas_used < 60_000,
        "{}",
        r.gas_used
    );
    let r = call(&mut rt, s, &uint(7), 0);
    assert_eq!(r.return_data, uint(42));
    assert_eq!(slot(&rt, &s, 0), 7);
    // Gas below the intrinsic cost: out of gas, nothing changes.
    let r = rt.call(me(), s, "", &uint(9), 0, 20_000);
    assert!(!r.success);
    assert_eq!(r.error.as_deref(), Some("out of gas"));
    assert_eq!(slot(&rt, &s, 0), 7);
    // A 4-byte selector as the function is prepended to the input.
    let r = rt.call(me(), s, "0x0000002a", &[], 0, GAS);
    assert!(r.success);
    let mut w = [0u8; 32];
    w[3] = 42;
    assert_eq!(rt.storage_word(&s, &[0; 32]).unwrap(), w);
}

#[test]
fn reverted_transaction_leaves_the_state_root() {
    let mut rt = rt();
    let rev = deploy_evm(
        &mut rt,
        &evm("PUSH1 0x01 PUSH1 0x00 SSTORE PUSH1 0x00 PUSH1 0x00 REVERT"),
    );
    let (root, height) = (rt.state_root(), rt.height());
    let r = call(&mut rt, rev, &[], 0);
    assert!(!r.success);
    assert_eq!(r.error.as_deref(), Some("reverted"));
    assert!(r.gas_used > 21_000 && r.gas_used < GAS);
    assert_eq!(rt.state_root(), root);
    assert_eq!(rt.height(), height);
    // An invalid opcode: an error halt, all gas used.
    let bad = deploy_evm(&mut rt, &[0xfe]);
    let root = rt.state_root();
    let r = call(&mut rt, bad, &[], 0);
    assert!(!r.success);
    assert_eq!(r.gas_used, GAS);
    assert_eq!(rt.state_root(), root);
}

#[test]
fn value_transfers() {
    let mut rt = rt();
    rt.mint(&me(), 1_000).unwrap();
    let s = deploy_evm(&mut rt, &evm(&store_src()));
    let r = call(&mut rt, s, &uint(1), 300);
    assert!(r.success, "{r:?}");
    assert_eq!(rt.balance(&s).unwrap(), 300);
    assert_eq!(rt.balance(&me()).unwrap(), 700);
    // More than the caller holds: refused, nothing changes.
    let root = rt.state_root();
    let r = call(&mut rt, s, &uint(2), 10_000);
    assert!(!r.success);
    assert_eq!(r.gas_used, 0);
    assert_eq!(rt.state_root(), root);
    // Through a forwarder to a plain account, and to a native contract.
    let f = deploy_evm(&mut rt, &evm(&forwarder_src(false)));
    let bob = Address([0xb0; 20]);
    let r = call(&mut rt, f, &fwd_payload(&bob, &[]), 200);
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data[31], 1);
    assert_eq!(rt.balance(&bob).unwrap(), 200);
    assert_eq!(rt.balance(&f).unwrap(), 0);
    let n = deploy_native(&mut rt, &native(&store_src()));
    let r = call(&mut rt, f, &fwd_payload(&n, &uint(5)), 100);
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data[31], 1);
    assert_eq!(rt.balance(&n).unwrap(), 100);
    assert_eq!(rt.balance(&me()).unwrap(), 400);
    assert_eq!(slot(&rt, &n, 0), 5);
}

#[test]
fn nested_evm_revert_and_out_of_gas() {
    let mut rt = rt();
    let f = deploy_evm(&mut rt, &evm(&forwarder_src(false)));
    let rf = deploy_evm(&mut rt, &evm(&forwarder_src(true)));
    let s = deploy_evm(&mut rt, &evm(&store_src()));
    let burn = deploy_evm(&mut rt, &evm("JUMPDEST PUSH1 0x00 JUMP"));
    // F → RF → S: RF reverts, so S's write is undone; F's own write stays.
    let inner = fwd_payload(&s, &uint(9));
    let r = call(&mut rt, f, &fwd_payload(&rf, &inner), 0);
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data[31], 0, "the reverting call failed");
    assert_eq!(slot(&rt, &s, 0), 0);
    assert_eq!(slot(&rt, &rf, 7), 0);
    assert_eq!(slot(&rt, &f, 7), 1);
    // The revert data comes back: RF's own output, whose inner call succeeded.
    assert_eq!(r.return_data[64 + 31], 1);
    // F → burner: out of gas inside, F goes on with its 1/64.
    let r = call(&mut rt, f, &fwd_payload(&burn, &[]), 0);
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data[31], 0);
}

/// EVM-to-EVM calls load the callee's code through the runtime's code cache: code
/// deployed in the open block is read from the block, committed code from the cache,
/// and both run the same.
#[test]
fn evm_callee_code_from_block_and_cache() {
    let mut rt = rt();
    let f = deploy_evm(&mut rt, &evm(&forwarder_src(false)));
    assert!(rt.begin_block());
    let s = deploy_evm(&mut rt, &evm(&store_src()));
    // The callee's code exists only in the block's journal.
    let r = call(&mut rt, f, &fwd_payload(&s, &uint(5)), 0);
    assert!(r.success && r.return_data[31] == 1, "{r:?}");
    rt.end_block().unwrap();
    assert_eq!(slot(&rt, &s, 0), 5);
    // Committed: the first call caches the callee's code, the next ones use it.
    for v in 6..9 {
        let r = call(&mut rt, f, &fwd_payload(&s, &uint(v)), 0);
        assert!(r.success && r.return_data[31] == 1, "{r:?}");
        assert_eq!(
            u64_of(&r.return_data[64..96]),
            v - 1,
            "the old value comes back"
        );
        assert_eq!(slot(&rt, &s, 0), v);
    }
    // An account without code is a plain call that succeeds with no output.
    let r = call(&mut rt, f, &fwd_payload(&Address([0x55; 20]), &uint(1)), 0);
    assert!(r.success && r.return_data[31] == 1, "{r:?}");
    assert_eq!(r.return_data.len(), 64);
}

#[test]
fn evm_calls_native_and_native_calls_evm() {
    let mut rt = rt();
    let f = deploy_evm(&mut rt, &evm(&forwarder_src(false)));
    let rf = deploy_evm(&mut rt, &evm(&forwarder_src(true)));
    let ns = deploy_native(&mut rt, &native(&store_src()));
    let nf = deploy_native(&mut rt, &native(&forwarder_src(false)));
    let s = deploy_evm(&mut rt, &evm(&store_src()));

    // EVM → native: the call data is the native contract's input; its output and logs
    // come back.
    let r = call(&mut rt, f, &fwd_payload(&ns, &uint(11)), 0);
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data[31], 1);
    assert_eq!(&r.return_data[64..], &uint(0));
    assert_eq!(slot(&rt, &ns, 0), 11);
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].address, ns);
    assert_eq!(r.logs[0].topics, vec![[0xaa; 32], word(&f)]);
    assert_eq!(
        rt.nonce(&me()).unwrap(),
        5,
        "five deploys, calls keep the nonce"
    );

    // native → EVM (top-level native call).
    let r = rt.call(me(), nf, "main", &fwd_payload(&s, &uint(12)), 0, GAS);
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data[31], 1);
    assert_eq!(slot(&rt, &s, 0), 12);
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].address, s);
    assert_eq!(r.logs[0].topics, vec![[0xaa; 32], word(&nf)]);

    // EVM → EVM(reverts) → native: the native write is undone though F succeeds.
    let r = call(
        &mut rt,
        f,
        &fwd_payload(&rf, &fwd_payload(&ns, &uint(13))),
        0,
    );
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data[31], 0);
    assert_eq!(slot(&rt, &ns, 0), 11);
    assert!(r.logs.is_empty());

    // EVM → native → EVM.
    let r = call(
        &mut rt,
        f,
        &fwd_payload(&nf, &fwd_payload(&s, &uint(14))),
        0,
    );
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data[31], 1);
    assert_eq!(r.return_data[64 + 31], 1);
    assert_eq!(slot(&rt, &s, 0), 14);
    assert_eq!(slot(&rt, &nf, 7), 1);

    // Reentrancy: EVM F → native NF → F is refused (F is on the call stack).
    let r = call(
        &mut rt,
        f,
        &fwd_payload(&nf, &fwd_payload(&f, &fwd_payload(&s, &uint(1)))),
        0,
    );
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data[31], 1, "F → NF succeeds");
    assert_eq!(r.return_data[64 + 31], 0, "NF → F is refused");
    assert_eq!(slot(&rt, &s, 0), 14);

    // Native out of gas below an EVM frame.
    let burn = deploy_native(
        &mut rt,
        &zvm::asm::assemble(".export main main\nmain:\nJUMPDEST\nPUSH main\nJUMP")
            .unwrap()
            .encode(),
    );
    let r = call(&mut rt, f, &fwd_payload(&burn, &[]), 0);
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data[31], 0);
}

/// S (EVM) is loaded by revm, then changed by an EVM frame run under a native contract,
/// then called again: revm must see the new value, and the final write-back must not
/// overwrite it.
#[test]
fn cross_engine_state_stays_consistent() {
    let mut rt = rt();
    let s = deploy_evm(&mut rt, &evm(&store_src()));
    let nf = deploy_native(&mut rt, &native(&forwarder_src(false)));
    // calldata: S, a, NF, S, b. Calls S(a), NF(S ‖ b), S(a); returns ok1, ok2, old3, ok3.
    let triple = deploy_evm(
        &mut rt,
        &evm("PUSH1 0x20 PUSH1 0x20 PUSH1 0x00 CALLDATACOPY
              PUSH1 0x00 PUSH1 0x00 PUSH1 0x20 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 CALLDATALOAD GAS CALL
              PUSH1 0x40 PUSH1 0x60 PUSH1 0x20 CALLDATACOPY
              PUSH1 0x00 PUSH1 0x00 PUSH1 0x40 PUSH1 0x20 PUSH1 0x00 PUSH1 0x40 CALLDATALOAD GAS CALL
              PUSH1 0x20 PUSH1 0x40 PUSH1 0x20 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 CALLDATALOAD GAS CALL
              PUSH1 0x60 MSTORE PUSH1 0x20 MSTORE PUSH1 0x00 MSTORE
              PUSH1 0x80 PUSH1 0x00 RETURN"),
    );
    let data = [word(&s), uint(5), word(&nf), word(&s), uint(6)].concat();
    let r = call(&mut rt, triple, &data, 0);
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data[31], 1);
    assert_eq!(r.return_data[63], 1);
    assert_eq!(
        u64_of(&r.return_data[64..96]),
        6,
        "revm sees the native-side write"
    );
    assert_eq!(r.return_data[127], 1);
    assert_eq!(slot(&rt, &s, 0), 5);
    assert_eq!(r.logs.len(), 3);
    // Now make the last call the one that matters: S(a) then NF(S ‖ b) only.
    let two = [word(&s), uint(8), word(&nf), word(&s), uint(9)].concat();
    let pair = deploy_evm(
        &mut rt,
        &evm("PUSH1 0x20 PUSH1 0x20 PUSH1 0x00 CALLDATACOPY
              PUSH1 0x00 PUSH1 0x00 PUSH1 0x20 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 CALLDATALOAD GAS CALL
              PUSH1 0x40 PUSH1 0x60 PUSH1 0x20 CALLDATACOPY
              PUSH1 0x00 PUSH1 0x00 PUSH1 0x40 PUSH1 0x20 PUSH1 0x00 PUSH1 0x40 CALLDATALOAD GAS CALL
              AND PUSH1 0x00 MSTORE PUSH1 0x20 PUSH1 0x00 RETURN"),
    );
    let r = call(&mut rt, pair, &two, 0);
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data[31], 1);
    assert_eq!(
        slot(&rt, &s, 0),
        9,
        "the final write-back keeps the native-side write"
    );
}

#[test]
fn delegatecall_and_staticcall_to_native_fail() {
    let mut rt = rt();
    let ns = deploy_native(&mut rt, &native(&store_src()));
    for op in ["DELEGATECALL", "STATICCALL"] {
        let c = deploy_evm(
            &mut rt,
            &evm(&format!(
                "PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 CALLDATALOAD GAS {op}
                 PUSH1 0x00 MSTORE PUSH1 0x20 PUSH1 0x00 RETURN"
            )),
        );
        let r = call(&mut rt, c, &word(&ns), 0);
        assert!(r.success, "{op}: {r:?}");
        assert_eq!(r.return_data, uint(0), "{op} into native code fails");
    }
    assert_eq!(slot(&rt, &ns, 0), 0);
}

/// Runs `input` on the precompile at `target` through a forwarder: (ok, gas used by the
/// CALL, output).
struct Probe {
    rt: Runtime<MemoryState>,
    f: Address,
    overhead: u64,
}

impl Probe {
    fn new() -> Probe {
        let mut rt = rt();
        let f = deploy_evm(&mut rt, &evm(&forwarder_src(false)));
        let mut p = Probe { rt, f, overhead: 0 };
        // The CALL's own cost: identity (0x04) on empty input costs 15.
        let (ok, gas, _) = p.run(&addr_low(4), &[]);
        assert!(ok);
        p.overhead = gas - 15;
        p
    }

    fn run(&mut self, target: &Address, input: &[u8]) -> (bool, u64, Vec<u8>) {
        let r = call(&mut self.rt, self.f, &fwd_payload(target, input), 0);
        assert!(r.success, "{r:?}");
        let ok = r.return_data[31] == 1;
        (
            ok,
            u64_of(&r.return_data[32..64]) - self.overhead,
            r.return_data[64..].to_vec(),
        )
    }

    fn zc(&mut self, op: Op, args: &[&[u8]]) -> (bool, u64, Vec<u8>) {
        self.run(&Address(precompiles::address(op)), &abi(args))
    }
}

fn addr_low(n: u16) -> Address {
    let mut a = [0u8; 20];
    a[18..].copy_from_slice(&n.to_be_bytes());
    Address(a)
}

#[test]
fn zcrypto_precompiles_are_warm() {
    let mut p = Probe::new();
    let data = vec![7u8; 100];
    // sha256 (0x02): 60 + 12 per word.
    let (ok, gas, out) = p.run(&addr_low(2), &data);
    assert!(ok);
    assert_eq!(out, zcrypto::hash::sha256(&data));
    assert_eq!(gas, 60 + 12 * 4, "same CALL overhead as identity");
    let (ok, gas, out) = p.zc(Op::Blake3, &[&data]);
    assert!(ok);
    assert_eq!(
        out,
        zcrypto::hash::hash(zcrypto::hash::HashAlg::Blake3, &data).as_bytes()
    );
    // Same overhead (a cold address would cost 2500 more).
    assert_eq!(gas, BASE_GAS + Op::Blake3.cost().gas(100, 0));
}

fn flip(v: &[u8], i: usize) -> Vec<u8> {
    let mut v = v.to_vec();
    v[i] ^= 1;
    v
}

#[test]
fn signature_precompiles() {
    let mut p = Probe::new();
    let msg = b"zvm evm precompile".as_slice();
    for (alg, op, ctx) in [
        (Algorithm::Ed25519, Op::VerifyEd25519, &b""[..]),
        (Algorithm::Bip340, Op::VerifyBip340, b""),
        (Algorithm::MlDsa44, Op::VerifyMlDsa44, b"ctx"),
        (Algorithm::MlDsa65, Op::VerifyMlDsa65, b"ctx"),
        (Algorithm::MlDsa87, Op::VerifyMlDsa87, b""),
        (
            Algorithm::HybridEd25519MlDsa65,
            Op::VerifyHybridEd25519MlDsa65,
            b"ctx",
        ),
    ] {
        let seed = vec![9u8; dynamic::seed_len(alg).unwrap()];
        let (sk, pk) = dynamic::keygen(alg, &seed).unwrap();
        let sig = dynamic::sign(alg, &sk, msg, ctx).unwrap();
        let (ok, gas, out) = p.zc(op, &[&pk, msg, ctx, &sig]);
        assert!(ok, "{alg:?}");
        assert_eq!(out, uint(1), "{alg:?} valid");
        let bytes = (msg.len() + ctx.len()) as u64;
        assert_eq!(gas, BASE_GAS + op.cost().gas(bytes, 0), "{alg:?} gas");
        // A flipped message bit: well-formed, invalid.
        let (_, _, out) = p.zc(op, &[&pk, &flip(msg, 0), ctx, &sig]);
        assert_eq!(out, uint(0), "{alg:?} flipped message");
        // A flipped signature bit: invalid (or malformed: empty).
        let (_, _, out) = p.zc(op, &[&pk, msg, ctx, &flip(&sig, sig.len() - 1)]);
        assert!(
            out == uint(0) || out.is_empty(),
            "{alg:?} flipped signature"
        );
        // Wrong key length: malformed, empty output.
        let (ok, _, out) = p.zc(op, &[&pk[1..], msg, ctx, &sig]);
        assert!(ok && out.is_empty(), "{alg:?} short key");
        // Not ABI: malformed, empty output, base gas.
        let (ok, gas, out) = p.run(&Address(precompiles::address(op)), &[1, 2, 3]);
        assert!(ok && out.is_empty() && gas == BASE_GAS, "{alg:?} bad ABI");
    }
    // FROST(Ed25519) shares the Ed25519 address; a context there is malformed.
    let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[1; 32]).unwrap();
    let sig = dynamic::sign(Algorithm::Ed25519, &sk, msg, b"").unwrap();
    let (_, _, out) = p.zc(Op::VerifyEd25519, &[&pk, msg, b"x", &sig]);
    assert!(out.is_empty());
    // Out of gas: the CALL fails. (A 1-gas budget through a 2-word-ABI forwarder is not
    // expressible here; a huge message at the cap is.)
}

#[test]
fn bls_precompiles() {
    use zcrypto::sig::Encoding;
    use zcrypto::sig::bls::{Signature, aggregate_signatures};
    let mut p = Probe::new();
    let msg = b"bls aggregate".as_slice();
    let mut keys = Vec::new();
    let mut sigs = Vec::new();
    let mut msgs = Vec::new();
    let mut agg_sigs = Vec::new();
    for i in 0..3u8 {
        let (sk, pk) = dynamic::keygen(Algorithm::Bls12381, &[i + 1; 32]).unwrap();
        sigs.push(
            Signature::from_bytes(&dynamic::sign(Algorithm::Bls12381, &sk, msg, b"").unwrap())
                .unwrap(),
        );
        let m = vec![i; 5];
        agg_sigs.push(
            Signature::from_bytes(&dynamic::sign(Algorithm::Bls12381, &sk, &m, b"").unwrap())
                .unwrap(),
        );
        msgs.extend_from_slice(&(m.len() as u32).to_le_bytes());
        msgs.extend_from_slice(&m);
        keys.extend_from_slice(&pk);
    }
    let fast = aggregate_signatures(&sigs).unwrap().as_bytes().to_vec();
    let agg = aggregate_signatures(&agg_sigs).unwrap().as_bytes().to_vec();
    let (ok, gas, out) = p.zc(Op::BlsFastAggregateVerify, &[&keys, msg, &fast]);
    assert!(ok);
    assert_eq!(out, uint(1));
    assert_eq!(
        gas,
        BASE_GAS + Op::BlsFastAggregateVerify.cost().gas(msg.len() as u64, 3)
    );
    assert_eq!(
        p.zc(Op::BlsFastAggregateVerify, &[&keys, &flip(msg, 0), &fast])
            .2,
        uint(0)
    );
    assert_eq!(
        p.zc(Op::BlsAggregateVerify, &[&keys, &msgs, &agg]).2,
        uint(1)
    );
    assert_eq!(
        p.zc(Op::BlsAggregateVerify, &[&keys, &msgs, &fast]).2,
        uint(0)
    );
    // Wrong length, a point not on the curve, a point not in the subgroup: malformed.
    assert!(
        p.zc(Op::BlsFastAggregateVerify, &[&keys[1..], msg, &fast])
            .2
            .is_empty()
    );
    let not_in_g1 = hex::decode("8123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef").unwrap();
    let bad_keys = [&keys[..96], &not_in_g1[..]].concat();
    assert!(
        p.zc(Op::BlsFastAggregateVerify, &[&bad_keys, msg, &fast])
            .2
            .is_empty()
    );
    let not_in_g2 = hex::decode("8123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef").unwrap();
    assert!(
        p.zc(Op::BlsFastAggregateVerify, &[&keys, msg, &not_in_g2])
            .2
            .is_empty()
    );
    let mut off_curve = keys[..48].to_vec();
    off_curve[47] ^= 1;
    let r = p
        .zc(Op::BlsFastAggregateVerify, &[&off_curve, msg, &fast])
        .2;
    assert!(r.is_empty() || r == uint(0));
}

#[test]
fn batch_merkle_poseidon_blake3_precompiles() {
    let mut p = Probe::new();
    // Batch: Ed25519 + ML-DSA-65.
    let mut blob = vec![0, 0];
    for (alg, op) in [
        (Algorithm::Ed25519, Op::VerifyEd25519),
        (Algorithm::MlDsa65, Op::VerifyMlDsa65),
    ] {
        let seed = vec![4u8; dynamic::seed_len(alg).unwrap()];
        let (sk, pk) = dynamic::keygen(alg, &seed).unwrap();
        let sig = dynamic::sign(alg, &sk, b"m", b"").unwrap();
        batch::push_item(&mut blob, op, &pk, &sig, b"", b"m").unwrap();
    }
    let (ok, gas, out) = p.zc(Op::BatchVerify, &[&blob]);
    assert!(ok);
    assert_eq!(out, uint(1));
    assert_eq!(gas, BASE_GAS + batch::gas_for(&blob).unwrap());
    let n = blob.len();
    assert_eq!(p.zc(Op::BatchVerify, &[&flip(&blob, n - 1)]).2, uint(0));
    assert!(p.zc(Op::BatchVerify, &[&blob[..n - 1]]).2.is_empty());

    // RFC 9162 inclusion (SHA-256, Keccak-256, BLAKE3).
    use zcrypto::merkle::{Blake3, Keccak256, MerkleTree, Sha256};
    let leaves: [&[u8]; 3] = [b"a", b"b", b"c"];
    let cases: [(Op, [u8; 32], Vec<u8>); 3] = [
        (
            Op::MerkleInclusionSha256,
            MerkleTree::<Sha256>::from_leaves(&leaves).root(),
            MerkleTree::<Sha256>::from_leaves(&leaves)
                .inclusion_proof(1)
                .unwrap()
                .to_bytes(),
        ),
        (
            Op::MerkleInclusionKeccak256,
            MerkleTree::<Keccak256>::from_leaves(&leaves).root(),
            MerkleTree::<Keccak256>::from_leaves(&leaves)
                .inclusion_proof(1)
                .unwrap()
                .to_bytes(),
        ),
        (
            Op::MerkleInclusionBlake3,
            MerkleTree::<Blake3>::from_leaves(&leaves).root(),
            MerkleTree::<Blake3>::from_leaves(&leaves)
                .inclusion_proof(1)
                .unwrap()
                .to_bytes(),
        ),
    ];
    for (op, root, proof) in cases {
        let (ok, gas, out) = p.zc(op, &[b"b", &proof, &root]);
        assert!(ok);
        assert_eq!(out, uint(1), "{op:?}");
        assert_eq!(gas, BASE_GAS + op.cost().gas(1, 2));
        assert_eq!(p.zc(op, &[b"x", &proof, &root]).2, uint(0));
        assert!(p.zc(op, &[b"b", &proof, &root[1..]]).2.is_empty());
    }
    // OpenZeppelin.
    use zcrypto::merkle::ethereum;
    let (l1, l2) = ([1u8; 32], [2u8; 32]);
    let root = ethereum::node_hash(&l1, &l2);
    assert_eq!(
        p.zc(Op::MerkleVerifyEthereum, &[&l1, &l2, &root]).2,
        uint(1)
    );
    assert_eq!(
        p.zc(Op::MerkleVerifyEthereum, &[&l2, &l2, &root]).2,
        uint(0)
    );
    assert!(
        p.zc(Op::MerkleVerifyEthereum, &[&l1, &l2[1..], &root])
            .2
            .is_empty()
    );

    // Poseidon(1, 2) (circom).
    let (ok, gas, out) = p.zc(Op::PoseidonBn254, &[&[uint(1), uint(2)].concat()]);
    assert!(ok);
    assert_eq!(
        hex::encode(&out),
        "115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"
    );
    assert_eq!(gas, BASE_GAS + Op::PoseidonBn254.cost().gas(0, 2));
    assert!(
        p.zc(Op::PoseidonBn254, &[&[0xff; 32]]).2.is_empty(),
        "above the modulus"
    );
    // BLAKE3 of nothing.
    let out = p.zc(Op::Blake3, &[b""]).2;
    assert_eq!(
        hex::encode(out),
        "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"
    );
}

#[test]
fn groth16_precompiles() {
    let mut p = Probe::new();
    for (op, vk, proof, inputs) in groth16_fixtures() {
        let full = BASE_GAS + op.cost().gas(0, 2);
        // The snarkjs proof: word 1 at exactly BASE_GAS + the schedule's price for n = 2.
        let (ok, gas, out) = p.zc(op, &[&vk, &proof, &inputs]);
        assert!(ok, "{op:?}");
        assert_eq!(out, uint(1), "{op:?}");
        assert_eq!(gas, full, "{op:?} gas");
        // Another statement: word 0, full price.
        assert_eq!(
            p.zc(op, &[&vk, &proof, &flip(&inputs, 31)]),
            (true, full, uint(0).to_vec()),
            "{op:?} wrong input"
        );
        // Charged malformations (a proof point that does not decode, an input ≥ the
        // field modulus): empty output at full price. A flipped proof byte: word 0 or
        // empty, full price.
        let g1 = (proof.len() - 1) / 4;
        let mut ones = proof.clone();
        ones[1..1 + g1].fill(0xff);
        assert_eq!(p.zc(op, &[&vk, &ones, &inputs]), (true, full, vec![]));
        let mut big = inputs.clone();
        big[..32].fill(0xff);
        assert_eq!(p.zc(op, &[&vk, &proof, &big]), (true, full, vec![]));
        for i in [1, proof.len() - 1] {
            let (ok, gas, out) = p.zc(op, &[&vk, &flip(&proof, i), &inputs]);
            assert!(ok && gas == full, "{op:?} byte {i}");
            assert!(out.is_empty() || out == uint(0), "{op:?} byte {i}: {out:?}");
        }
        // Free malformations: empty output at BASE_GAS (lengths, curve tags, n, cap).
        let tag = 3 - vk[0];
        let mut vk_tag = vk.clone();
        vk_tag[0] = tag;
        let mut proof_tag = proof.clone();
        proof_tag[0] = tag;
        let mut vk_n = vk.clone();
        vk_n[1 + 7 * g1] = 3;
        let max = zcrypto::metered::limits::MAX_GROTH16_INPUTS as usize;
        let many = vec![0u8; 32 * (max + 1)];
        let cases: [(&str, [&[u8]; 3]); 8] = [
            ("short key", [&vk[..vk.len() - 1], &proof, &inputs]),
            ("short proof", [&vk, &proof[..proof.len() - 1], &inputs]),
            ("one input", [&vk, &proof, &inputs[..32]]),
            ("33-byte input", [&vk, &proof, &inputs[..33]]),
            ("key tag", [&vk_tag, &proof, &inputs]),
            ("proof tag", [&vk, &proof_tag, &inputs]),
            ("key n", [&vk_n, &proof, &inputs]),
            ("65 inputs", [&vk, &proof, &many]),
        ];
        for (what, args) in cases {
            assert_eq!(p.zc(op, &args), (true, BASE_GAS, vec![]), "{op:?} {what}");
        }
        // Not three `bytes`: empty, BASE_GAS.
        assert_eq!(p.zc(op, &[&vk, &proof]), (true, BASE_GAS, vec![]));
        // Out of gas: the call fails (consuming what it was given).
        let pc = precompiles::Precompile::at(&precompiles::address(op)).unwrap();
        let input = abi(&[&vk, &proof, &inputs]);
        assert_eq!(pc.execute(&input, full), Ok((full, uint(1).to_vec())));
        assert_eq!(pc.execute(&input, full - 1), Err(()));
        assert_eq!(pc.execute(&input, BASE_GAS - 1), Err(()));
    }
}

/// A `bits`-bit Bulletproofs range proof for `m` values, made with fixed entropy:
/// (proof, m × 32-byte commitments).
fn bulletproofs_fixture(bits: u8, m: usize) -> (Vec<u8>, Vec<u8>) {
    use zcrypto::zk::bulletproofs::{BitSize, Blinding, RangeProof};
    let size = BitSize::from_bits(usize::from(bits)).unwrap();
    let values: Vec<u64> = (0..m as u64).map(|i| 100 + i).collect();
    let blindings: Vec<Blinding> = (0..m)
        .map(|i| Blinding::from_bytes([i as u8 + 1; 32]).unwrap())
        .collect();
    let (proof, commitments) =
        RangeProof::prove_with_entropy(size, &values, &blindings, &[9; 32]).unwrap();
    let c: Vec<u8> = commitments.iter().flat_map(|c| c.to_bytes()).collect();
    (proof.to_bytes(), c)
}

#[test]
fn bulletproofs_precompile() {
    use zcrypto::zk::bulletproofs::{Blinding, Commitment};
    let mut p = Probe::new();
    let op = Op::BulletproofsVerify;
    for (bits, m) in [(64u8, 1usize), (8, 4)] {
        let (proof, cs) = bulletproofs_fixture(bits, m);
        let full = BASE_GAS + op.cost().gas(0, m as u64);
        // Valid: word 1 at exactly BASE_GAS + the schedule's price for m.
        assert_eq!(
            p.zc(op, &[&proof, &cs, &[bits]]),
            (true, full, uint(1).to_vec())
        );
        // Another (well-formed) commitment: word 0, full price.
        let mut wrong = cs.clone();
        wrong[..32].copy_from_slice(
            &Commitment::new(7, &Blinding::from_bytes([3; 32]).unwrap()).to_bytes(),
        );
        assert_eq!(
            p.zc(op, &[&proof, &wrong, &[bits]]),
            (true, full, uint(0).to_vec())
        );
        // A commitment that does not decode: empty output, full price.
        let mut ones = cs.clone();
        ones[..32].fill(0xff);
        assert_eq!(p.zc(op, &[&proof, &ones, &[bits]]), (true, full, vec![]));
        // Free malformations: empty output at BASE_GAS.
        let other = if bits == 32 { 64 } else { 32 };
        let cases: [(&str, [&[u8]; 3]); 6] = [
            ("bit size 7", [&proof, &cs, &[7]]),
            ("other bit size", [&proof, &cs, &[other]]),
            ("two-byte bit size", [&proof, &cs, &[bits, 0]]),
            ("short proof", [&proof[..proof.len() - 1], &cs, &[bits]]),
            ("31-byte commitment", [&proof, &cs[..31], &[bits]]),
            ("17 commitments", [&proof, &cs[..32].repeat(17), &[bits]]),
        ];
        for (what, args) in cases {
            assert_eq!(p.zc(op, &args), (true, BASE_GAS, vec![]), "{what}");
        }
        // Out of gas.
        let pc = precompiles::Precompile::at(&precompiles::address(op)).unwrap();
        let input = abi(&[&proof, &cs, &[bits]]);
        assert_eq!(pc.execute(&input, full), Ok((full, uint(1).to_vec())));
        assert_eq!(pc.execute(&input, full - 1), Err(()));
    }
}

#[test]
fn kzg_point_evaluation_precompile_matches_0x0a() {
    let mut p = Probe::new();
    let op = Op::KzgPointEvaluation;
    let full = BASE_GAS + op.cost().gas(0, 0);
    let input = kzg_input("pointEvaluation1");
    // Word 1 where revm's standard 0x0a succeeds (with its 64-byte output, 50,000 gas).
    assert_eq!(p.zc(op, &[&input]), (true, full, uint(1).to_vec()));
    let (ok, gas, out) = p.run(&addr_low(0x0a), &input);
    assert!(ok);
    assert_eq!(gas, 50_000);
    assert_eq!(out, zcrypto::zk::kzg::POINT_EVALUATION_OUTPUT.to_vec());
    // Wrong y, wrong versioned hash, another setup's proof: word 0 at full price (0x0a
    // fails).
    let pre = kzg_input("pointEvaluation1-pre-ceremony");
    for bad in [flip(&input, 95), flip(&input, 5), pre] {
        assert_eq!(p.zc(op, &[&bad]), (true, full, uint(0).to_vec()));
        assert!(!p.run(&addr_low(0x0a), &bad).0);
    }
    // z not below the modulus: empty at full price.
    let mut z = input.clone();
    z[32..64].fill(0xff);
    assert_eq!(p.zc(op, &[&z]), (true, full, vec![]));
    // Free: a wrong length, or not one `bytes`.
    assert_eq!(p.zc(op, &[&input[..191]]), (true, BASE_GAS, vec![]));
    assert_eq!(p.zc(op, &[]), (true, BASE_GAS, vec![]));
    // Out of gas.
    let pc = precompiles::Precompile::at(&precompiles::address(op)).unwrap();
    let enc = abi(&[&input]);
    assert_eq!(pc.execute(&enc, full), Ok((full, uint(1).to_vec())));
    assert_eq!(pc.execute(&enc, full - 1), Err(()));
}

#[test]
fn halo2_precompile() {
    let mut p = Probe::new();
    let op = Op::Halo2Verify;
    let e = halo2_encoding();
    let full = BASE_GAS + halo2_gas(e);
    // Valid: word 1 at exactly BASE_GAS + the circuit's price.
    assert_eq!(p.zc(op, &[e]), (true, full, uint(1).to_vec()));
    // Another (well-formed) public input, a flipped proof bit: word 0, full price.
    assert_eq!(
        p.zc(op, &[&halo2_wrong_input()]),
        (true, full, uint(0).to_vec())
    );
    assert_eq!(p.zc(op, &[&flip(e, 1000)]), (true, full, uint(0).to_vec()));
    // A public input that is not a field element: empty output, full price.
    let mut big = e.to_vec();
    big[2..34].fill(0xff);
    assert_eq!(p.zc(op, &[&big]), (true, full, vec![]));
    // Free malformations: empty output at BASE_GAS.
    let mut unknown = e.to_vec();
    unknown[..2].copy_from_slice(&0x0005u16.to_be_bytes());
    let long = [e, &[0]].concat();
    let cases: [(&str, &[&[u8]]); 5] = [
        ("unknown circuit id", &[&unknown[..]]),
        ("truncated", &[&e[..e.len() - 1]]),
        ("one byte too long", &[&long[..]]),
        ("shorter than the id", &[&e[..1]]),
        ("not one `bytes`", &[]),
    ];
    for (what, args) in cases {
        assert_eq!(p.zc(op, args), (true, BASE_GAS, vec![]), "{what}");
    }
    // Out of gas.
    let pc = precompiles::Precompile::at(&precompiles::address(op)).unwrap();
    let input = abi(&[e]);
    assert_eq!(pc.execute(&input, full), Ok((full, uint(1).to_vec())));
    assert_eq!(pc.execute(&input, full - 1), Err(()));
}

fn vectors_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors/bls12-381");
    assert!(
        d.is_dir(),
        "test vectors missing: {} (the shared vector directory next to the repository)",
        d.display()
    );
    d
}

/// go-ethereum's and EIP-2537's BLS12-381 precompile vectors, run through a contract.
#[test]
fn bls12_381_precompile_vectors() {
    let dir = vectors_dir();
    let files: &[(&str, u16)] = &[
        ("geth-precompiles/blsG1Add", 0x0b),
        ("geth-precompiles/blsG1Mul", 0x0c),
        ("geth-precompiles/blsG1MultiExp.subset", 0x0c),
        ("geth-precompiles/blsG2Add", 0x0d),
        ("geth-precompiles/blsG2Mul", 0x0e),
        ("geth-precompiles/blsG2MultiExp.subset", 0x0e),
        ("geth-precompiles/blsPairing", 0x0f),
        ("geth-precompiles/blsMapG1", 0x10),
        ("geth-precompiles/blsMapG2", 0x11),
        ("eip2537/add_G1_bls", 0x0b),
        ("eip2537/add_G2_bls", 0x0d),
        ("eip2537/mul_G1_bls", 0x0c),
        ("eip2537/mul_G2_bls", 0x0e),
        ("eip2537/msm_G1_bls.subset", 0x0c),
        ("eip2537/pairing_check_bls", 0x0f),
        ("eip2537/map_fp_to_G1_bls", 0x10),
        ("eip2537/map_fp2_to_G2_bls", 0x11),
    ];
    let fails: &[(&str, u16)] = &[
        ("geth-precompiles/fail-blsG1Add", 0x0b),
        ("geth-precompiles/fail-blsG1Mul", 0x0c),
        ("geth-precompiles/fail-blsG1MultiExp", 0x0c),
        ("geth-precompiles/fail-blsG2Add", 0x0d),
        ("geth-precompiles/fail-blsG2Mul", 0x0e),
        ("geth-precompiles/fail-blsG2MultiExp", 0x0e),
        ("geth-precompiles/fail-blsPairing", 0x0f),
        ("geth-precompiles/fail-blsMapG1", 0x10),
        ("geth-precompiles/fail-blsMapG2", 0x11),
        ("eip2537/fail-add_G1_bls", 0x0b),
        ("eip2537/fail-add_G2_bls", 0x0d),
        ("eip2537/fail-mul_G1_bls", 0x0c),
        ("eip2537/fail-mul_G2_bls", 0x0e),
        ("eip2537/fail-msm_G1_bls", 0x0c),
        ("eip2537/fail-msm_G2_bls", 0x0e),
        ("eip2537/fail-pairing_check_bls", 0x0f),
        ("eip2537/fail-map_fp_to_G1_bls", 0x10),
        ("eip2537/fail-map_fp2_to_G2_bls", 0x11),
    ];
    let load = |name: &str| -> Vec<serde_json::Value> {
        let path = dir.join(format!("{name}.json"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap()
    };
    let mut p = Probe::new();
    let mut n = 0;
    for (name, a) in files {
        for case in load(name) {
            let input = hex::decode(case["Input"].as_str().unwrap()).unwrap();
            let expected = hex::decode(case["Expected"].as_str().unwrap()).unwrap();
            let (ok, gas, out) = p.run(&addr_low(*a), &input);
            let id = format!("{name}: {}", case["Name"]);
            assert!(ok, "{id}");
            assert_eq!(hex::encode(out), hex::encode(expected), "{id}");
            assert_eq!(Some(gas), case["Gas"].as_u64(), "{id}");
            n += 1;
        }
    }
    for (name, a) in fails {
        for case in load(name) {
            let input = hex::decode(case["Input"].as_str().unwrap()).unwrap();
            let (ok, _, out) = p.run(&addr_low(*a), &input);
            let id = format!("{name}: {} ({})", case["Name"], case["ExpectedError"]);
            assert!(!ok && out.is_empty(), "{id}");
            n += 1;
        }
    }
    assert!(n > 900, "{n} cases");
}

#[test]
fn native_calls_evm_with_value_and_no_intrinsic_gas() {
    let mut rt = rt();
    rt.mint(&me(), 1_000).unwrap();
    let s = deploy_evm(&mut rt, &evm(&store_src()));
    let nf = deploy_native(&mut rt, &native(&forwarder_src(false)));
    assert!(call(&mut rt, s, &uint(1), 0).success);
    let tx = call(&mut rt, s, &uint(2), 0);
    assert!(tx.success);
    // The same store through a native contract, with value: no 21000 intrinsic gas.
    let r = rt.call(me(), nf, "main", &fwd_payload(&s, &uint(3)), 250, GAS);
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data[31], 1);
    let inner = u64_of(&r.return_data[32..64]);
    assert!(inner + 15_000 < tx.gas_used, "{inner} vs {}", tx.gas_used);
    assert_eq!(slot(&rt, &s, 0), 3);
    assert_eq!(rt.balance(&s).unwrap(), 250);
    assert_eq!(rt.balance(&nf).unwrap(), 0);
    assert_eq!(rt.balance(&me()).unwrap(), 750);
    // A refused EVM transaction explains itself.
    let r = call(&mut rt, s, &uint(4), 1_000_000);
    assert!(!r.success);
    let e = r.error.unwrap();
    assert!(e.starts_with("execution error: EvmHalt: "), "{e}");
}

#[test]
fn create_from_evm_and_precompile_out_of_gas() {
    let mut rt = rt();
    let factory = deploy_evm(
        &mut rt,
        &evm("CALLDATASIZE PUSH1 0x00 PUSH1 0x00 CALLDATACOPY
              CALLDATASIZE PUSH1 0x00 PUSH1 0x00 CREATE
              PUSH1 0x00 MSTORE PUSH1 0x20 PUSH1 0x00 RETURN"),
    );
    let runtime = evm(&store_src());
    let r = call(&mut rt, factory, &initcode(&runtime), 0);
    assert!(r.success, "{r:?}");
    let child = contract_address(&factory, 1);
    assert_eq!(r.return_data, word(&child));
    assert_eq!(rt.code(&child).unwrap(), runtime);
    assert_eq!(rt.nonce(&factory).unwrap(), 2);
    assert_eq!(rt.nonce(&me()).unwrap(), 1);
    assert!(call(&mut rt, child, &uint(3), 0).success);
    assert_eq!(slot(&rt, &child, 0), 3);

    // A zcrypto precompile given too little gas: the CALL fails.
    let tight = deploy_evm(
        &mut rt,
        &evm("PUSH1 0x20 CALLDATASIZE SUB DUP1 PUSH1 0x20 PUSH1 0x00 CALLDATACOPY
              PUSH1 0x00 PUSH1 0x00 DUP3 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 CALLDATALOAD PUSH2 0x0096 CALL
              PUSH1 0x00 MSTORE PUSH1 0x20 PUSH1 0x00 RETURN"),
    );
    let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[5; 32]).unwrap();
    let sig = dynamic::sign(Algorithm::Ed25519, &sk, b"m", b"").unwrap();
    let ed = Address(precompiles::address(Op::VerifyEd25519));
    let input = fwd_payload(&ed, &abi(&[&pk, b"m", b"", &sig]));
    let r = call(&mut rt, tight, &input, 0);
    assert!(r.success, "{r:?}");
    assert_eq!(r.return_data, uint(0));
}
