//! Spec tests of the native engine: per-opcode results, halts, gas, host effects,
//! crypto opcodes through `zcrypto::metered`, and the counter contract.

mod common;
use common::{groth16_fixtures, halo2_encoding, halo2_gas, halo2_wrong_input, kzg_input};
use proptest::prelude::*;
use zcrypto::metered::{GasMeter, Op};
use zcrypto::{Algorithm, sig::dynamic};
use zvm::address::Address;
use zvm::asm::assemble;
use zvm::interpreter::{Code, Context, Halt, Host, MemoryHost, Outcome, Status, execute};
use zvm::word::Word;

const GAS: u64 = 10_000_000;
const ME: Address = Address([0xAA; 20]);
const CALLER: Address = Address([0xCC; 20]);

fn ctx(calldata: &[u8], gas: u64) -> Context {
    Context {
        address: ME,
        caller: CALLER,
        value: Word::from_u64(77),
        calldata: calldata.to_vec(),
        gas_limit: gas,
        depth: 0,
    }
}

fn run_on(host: &mut MemoryHost, src: &str, calldata: &[u8], gas: u64) -> Outcome {
    let c = assemble(src).unwrap_or_else(|e| panic!("{e}\n{src}"));
    host.run(&Code::from_container(&c), 0, &ctx(calldata, gas))
}

fn run(src: &str, calldata: &[u8], gas: u64) -> Outcome {
    run_on(&mut MemoryHost::new(), src, calldata, gas)
}

/// Runs the lines, then returns the top of the stack as a 32-byte word.
fn eval_with(lines: &[&str], calldata: &[u8]) -> Word {
    let src = format!(
        "{}\nPUSH0\nMSTORE\nPUSH 32\nPUSH0\nRETURN\n",
        lines.join("\n")
    );
    let out = run(&src, calldata, GAS);
    assert_eq!(out.status, Status::Success, "{src}");
    Word::from_be_slice(&out.output).unwrap()
}

fn eval(lines: &[&str]) -> Word {
    eval_with(lines, &[])
}

fn w(v: u64) -> Word {
    Word::from_u64(v)
}

#[test]
fn arithmetic_comparison_bitwise() {
    let m1 = Word::MAX; // -1
    let cases: &[(&[&str], Word)] = &[
        (&["PUSH 3", "PUSH 10", "ADD"], w(13)),
        (&["PUSH 3", "PUSH 10", "SUB"], w(7)),
        (&["PUSH 1", "PUSH0", "SUB"], m1),
        (&["PUSH 6", "PUSH 7", "MUL"], w(42)),
        (&["PUSH 3", "PUSH 10", "DIV"], w(3)),
        (&["PUSH 0", "PUSH 10", "DIV"], w(0)),
        (&["PUSH 3", "PUSH 10", "MOD"], w(1)),
        (&["PUSH 0", "PUSH 10", "MOD"], w(0)),
        (&["PUSH 10", "PUSH 2", "EXP"], w(1024)),
        (&["PUSH 0", "PUSH 2", "EXP"], w(1)),
        (&["PUSH 2", "PUSH 1", "LT"], w(1)),
        (&["PUSH 2", "PUSH 1", "GT"], w(0)),
        (&["PUSH0", "PUSH 1", "PUSH0", "SUB", "SLT"], w(1)),
        (&["PUSH0", "PUSH 1", "PUSH0", "SUB", "SGT"], w(0)),
        (&["PUSH0", "PUSH 1", "PUSH0", "SUB", "LT"], w(0)),
        (&["PUSH 5", "PUSH 5", "EQ"], w(1)),
        (&["PUSH 0", "ISZERO"], w(1)),
        (&["PUSH 0x0c", "PUSH 0x0a", "AND"], w(8)),
        (&["PUSH 0x0c", "PUSH 0x0a", "OR"], w(14)),
        (&["PUSH 0x0c", "PUSH 0x0a", "XOR"], w(6)),
        (&["PUSH0", "NOT"], m1),
        (&["PUSH 0x0102", "PUSH 30", "BYTE"], w(1)),
        (&["PUSH 0x0102", "PUSH 32", "BYTE"], w(0)),
        (&["PUSH 1", "PUSH 4", "SHL"], w(16)),
        (&["PUSH 1", "PUSH 256", "SHL"], w(0)),
        (&["PUSH 0x80", "PUSH 4", "SHR"], w(8)),
        (&["PUSH 16", "PUSH0", "SUB", "PUSH 4", "SAR"], m1),
        (&["PUSH 1", "PUSH 2", "SWAP1", "POP"], w(2)),
        (&["PUSH 7", "DUP1", "ADD"], w(14)),
        (&["PUSH 1", "PUSH 2", "PUSH 3", "DUP3"], w(1)),
        (&["PUSH0", "POP", "PC"], w(2)),
        (&["PUSH 1", "PUSH 33", "MSTORE8", "MSIZE"], w(64)),
        (
            &["PUSH 0x0102", "PUSH 7", "MSTORE", "PUSH 7", "MLOAD"],
            w(0x0102),
        ),
        (&["ADDRESS"], Word::from_be_bytes(ME.to_word())),
        (&["CALLER"], Word::from_be_bytes(CALLER.to_word())),
        (&["CALLVALUE"], w(77)),
        (
            &[
                "PUSH0", "PUSH 1", "PUSH 2", "PUSH 3", "PUSH 4", "PUSH 5", "PUSH 6", "PUSH 7",
                "PUSH 8", "PUSH 9", "PUSH 10", "PUSH 11", "PUSH 12", "PUSH 13", "PUSH 14",
                "PUSH 15", "SWAP15",
            ],
            w(0),
        ),
    ];
    for (lines, want) in cases {
        assert_eq!(eval(lines), *want, "{lines:?}");
    }
}

#[test]
fn push_widths_and_truncated_push() {
    assert_eq!(
        eval(&["PUSH32 0xff00000000000000000000000000000000000000000000000000000000000001"])
            .to_be_bytes()[0],
        0xff
    );
    // PUSH2 at the very end with one data byte: zero-padded on the right, then end of code.
    let out = run(".bytes 0x6101", &[], GAS);
    assert_eq!(out.status, Status::Success);
}

#[test]
fn calldata_and_environment() {
    let mut cd = vec![0u8; 40];
    cd[31] = 9;
    cd[39] = 5;
    assert_eq!(eval_with(&["PUSH0", "CALLDATALOAD"], &cd), w(9));
    let at8 = eval_with(&["PUSH 8", "CALLDATALOAD"], &cd).to_be_bytes();
    assert_eq!((at8[23], at8[31]), (9, 5));
    assert_eq!(
        eval_with(&["PUSH 39", "CALLDATALOAD"], &cd).to_be_bytes()[0],
        5
    );
    assert_eq!(eval_with(&["CALLDATASIZE"], &cd), w(40));
    // CALLDATACOPY 8 bytes from offset 32 to memory 24, zero-padded past the end.
    assert_eq!(
        eval_with(
            &[
                "PUSH 16",
                "PUSH 32",
                "PUSH 16",
                "CALLDATACOPY",
                "PUSH0",
                "MLOAD"
            ],
            &cd
        ),
        w(5).shl(&w(64))
    );
    let mut host = MemoryHost::new();
    host.height = 123;
    host.time = 1_700_000_000;
    let out = run_on(
        &mut host,
        "HEIGHT\nPUSH0\nMSTORE\nTIME\nPUSH 32\nMSTORE\nPUSH 64\nPUSH0\nRETURN",
        &[],
        GAS,
    );
    assert_eq!(Word::from_be_slice(&out.output[..32]).unwrap(), w(123));
    assert_eq!(
        Word::from_be_slice(&out.output[32..]).unwrap(),
        w(1_700_000_000)
    );
}

#[test]
fn halts() {
    let err = |src: &str| run(src, &[], 100_000);
    let o = err("ADD");
    assert_eq!(o.status, Status::Error(Halt::StackUnderflow));
    assert_eq!(o.gas_used, 100_000);
    assert_eq!(
        err("PUSH 1\nDUP2").status,
        Status::Error(Halt::StackUnderflow)
    );
    assert_eq!(
        err("l: JUMPDEST\nPUSH0\nPUSH l\nJUMP").status,
        Status::Error(Halt::StackOverflow)
    );
    // 1024 items is fine, 1025 is not.
    let ok = "PUSH0\n".repeat(1024);
    assert_eq!(err(&ok).status, Status::Success);
    assert_eq!(
        err(&(ok + "PUSH0")).status,
        Status::Error(Halt::StackOverflow)
    );
    // Jump to a non-JUMPDEST, into PUSH data, past the end.
    assert_eq!(
        err("PUSH 3\nJUMP\nSTOP\nSTOP").status,
        Status::Error(Halt::BadJump)
    );
    assert_eq!(
        err("PUSH 4\nJUMP\nPUSH1 0x5b").status,
        Status::Error(Halt::BadJump)
    );
    assert_eq!(
        err("PUSH 0xffffffffffffffffffff\nJUMP").status,
        Status::Error(Halt::BadJump)
    );
    assert_eq!(
        err(".bytes 0x0c").status,
        Status::Error(Halt::InvalidOpcode(0x0c))
    );
    assert_eq!(
        err("INVALID").status,
        Status::Error(Halt::InvalidOpcode(0xfe))
    );
    assert_eq!(
        err("PUSH 1\nPUSH 0x01000000\nMSTORE8").status,
        Status::Error(Halt::MemoryLimit)
    );
    // Out of gas: an infinite loop uses the whole limit.
    let o = err("l: JUMPDEST\nPUSH l\nJUMP");
    assert_eq!(o.status, Status::OutOfGas);
    assert_eq!(o.gas_used, 100_000);
    // JUMPI taken / not taken.
    assert_eq!(
        eval(&[
            "PUSH 5",
            "PUSH 1",
            "PUSH t",
            "JUMPI",
            "PUSH 6",
            "ADD",
            "t: JUMPDEST"
        ]),
        w(5)
    );
    assert_eq!(
        eval(&[
            "PUSH 5",
            "PUSH 0",
            "PUSH t",
            "JUMPI",
            "PUSH 6",
            "ADD",
            "t: JUMPDEST"
        ]),
        w(11)
    );
    // REVERT returns data and the unused gas.
    let o = err("PUSH 0x2a\nPUSH0\nMSTORE8\nPUSH 1\nPUSH0\nREVERT");
    assert_eq!(o.status, Status::Revert);
    assert_eq!(o.output, vec![0x2a]);
    assert_eq!(o.gas_used, 3 + 2 + 3 + 3 + 3 + 2);
}

#[test]
fn gas_static_and_memory_growth() {
    // PUSH1 (3) + PUSH0 (2) + MSTORE (3) + one word of memory (3).
    assert_eq!(run("PUSH 1\nPUSH0\nMSTORE", &[], GAS).gas_used, 11);
    // Growing to 1024 words: 3 * 1024 + 1024^2 / 512 = 5120.
    assert_eq!(
        run("PUSH 1\nPUSH 32767\nMSTORE8", &[], GAS).gas_used,
        3 + 3 + 3 + 5120
    );
    // Touching already-paid memory costs nothing more; a zero-length range never grows.
    assert_eq!(
        run(
            "PUSH 1\nPUSH 32767\nMSTORE8\nPUSH 1\nPUSH 5\nMSTORE8",
            &[],
            GAS
        )
        .gas_used,
        3 + 3 + 3 + 5120 + 9
    );
    assert_eq!(
        run("PUSH0\nPUSH 0xffffffffff\nRETURN", &[], GAS).gas_used,
        2 + 3
    );
    // GAS pushes what remains after its own cost.
    assert_eq!(eval_with(&["GAS"], &[]), w(GAS - 2));
    // Out of gas exactly at an instruction boundary.
    assert_eq!(run("PUSH 1\nPUSH 2", &[], 6).status, Status::Success);
    assert_eq!(run("PUSH 1\nPUSH 2", &[], 5).status, Status::OutOfGas);
    // EXP charges 50 per exponent byte.
    assert_eq!(
        run("PUSH 0x0100\nPUSH 2\nEXP", &[], GAS).gas_used,
        3 + 3 + 10 + 100
    );
}

#[test]
fn storage_refunds_and_rollback() {
    let mut host = MemoryHost::new();
    let key = [0u8; 32];
    let o = run_on(&mut host, "PUSH 9\nPUSH0\nSSTORE", &[], GAS);
    assert_eq!(o.gas_used, 3 + 2 + 20_000);
    assert_eq!(host.storage(&ME, &key)[31], 9);
    // Unchanged: 100. Non-zero to non-zero: 5000.
    assert_eq!(
        run_on(&mut host, "PUSH 9\nPUSH0\nSSTORE", &[], GAS).gas_used,
        105
    );
    assert_eq!(
        run_on(&mut host, "PUSH 8\nPUSH0\nSSTORE", &[], GAS).gas_used,
        5005
    );
    // Clearing: 5005 used, refund 4800 capped at 5005 / 5 = 1001.
    assert_eq!(
        run_on(&mut host, "PUSH0\nPUSH0\nSSTORE", &[], GAS).gas_used,
        5005 - 1001
    );
    assert_eq!(host.storage(&ME, &key), [0; 32]);
    assert_eq!(
        eval(&["PUSH 4", "PUSH 1", "SSTORE", "PUSH 1", "SLOAD"]),
        w(4)
    );
    // A reverted frame's writes and logs are undone.
    let o = run_on(
        &mut host,
        "PUSH 3\nPUSH0\nSSTORE\nPUSH0\nPUSH0\nLOG0\nPUSH0\nPUSH0\nREVERT",
        &[],
        GAS,
    );
    assert_eq!(o.status, Status::Revert);
    assert!(o.logs.is_empty() && host.logs.is_empty());
    assert_eq!(host.storage(&ME, &key), [0; 32]);
    // Out of gas after a write: undone too.
    let o = run_on(
        &mut host,
        "PUSH 3\nPUSH0\nSSTORE\nl: JUMPDEST\nPUSH l\nJUMP",
        &[],
        50_000,
    );
    assert_eq!(o.status, Status::OutOfGas);
    assert_eq!(host.storage(&ME, &key), [0; 32]);
}

#[test]
fn logs() {
    let mut host = MemoryHost::new();
    let o = run_on(
        &mut host,
        "PUSH 0xabcd\nPUSH0\nMSTORE\nPUSH 2\nPUSH 1\nPUSH 2\nPUSH 30\nLOG2",
        &[],
        GAS,
    );
    assert_eq!(o.status, Status::Success);
    assert_eq!(o.logs.len(), 1);
    let log = &o.logs[0];
    assert_eq!(log.address, ME);
    assert_eq!(log.data, vec![0xab, 0xcd]);
    assert_eq!(log.topics, vec![w(1).to_be_bytes(), w(2).to_be_bytes()]);
    assert_eq!(host.logs, o.logs);
    // 4 pushes (12) + PUSH0 (2) + MSTORE (3 + 3 memory) + PUSH 30, PUSH 2 (6) + LOG2 (1125 + 16).
    assert_eq!(o.gas_used, 3 + 2 + 6 + 3 * 4 + 1125 + 16);
    assert_eq!(
        run("PUSH0\nPUSH0\nLOG1", &[], GAS).status,
        Status::Error(Halt::StackUnderflow)
    );
}

#[test]
fn calls_between_contracts() {
    let mut host = MemoryHost::new();
    let callee = Address([0xBB; 20]);
    // B: stores 1 at slot 7, returns calldata word + 1; reverts if the word is 0.
    let b = assemble(
        ".export main m\nm: JUMPDEST\nPUSH 1\nPUSH 7\nSSTORE\nPUSH0\nCALLDATALOAD\nDUP1\nPUSH ok\nJUMPI\nPUSH0\nPUSH0\nREVERT\nok: JUMPDEST\nPUSH 1\nADD\nPUSH0\nMSTORE\nPUSH 32\nPUSH0\nRETURN",
    )
    .unwrap();
    host.deploy(callee, &b.encode()).unwrap();
    // A: CALL B with calldata = CALLDATALOAD(0); return [success, B's word via RETURNDATACOPY].
    let a = format!(
        "PUSH0\nCALLDATALOAD\nPUSH0\nMSTORE\n\
         PUSH 32\nPUSH 64\nPUSH 32\nPUSH0\nPUSH0\nPUSH 0x{}\nPUSH 100000\nCALL\nPUSH 32\nMSTORE\n\
         RETURNDATASIZE\nPUSH0\nPUSH 96\nRETURNDATACOPY\nPUSH 96\nPUSH 32\nRETURN",
        zcrypto::encoding::to_hex(callee.as_bytes())
    );
    let mut cd = [0u8; 32];
    cd[31] = 41;
    let o = run_on(&mut host, &a, &cd, GAS);
    assert_eq!(o.status, Status::Success, "{o:?}");
    assert_eq!(Word::from_be_slice(&o.output[..32]).unwrap(), w(1));
    assert_eq!(Word::from_be_slice(&o.output[32..64]).unwrap(), w(42));
    assert_eq!(Word::from_be_slice(&o.output[64..]).unwrap(), w(42));
    assert_eq!(host.storage(&callee, &w(7).to_be_bytes())[31], 1);
    // The callee reverts: CALL pushes 0 and B's write is undone.
    let mut host2 = MemoryHost::new();
    host2.deploy(callee, &b.encode()).unwrap();
    let o = run_on(&mut host2, &a, &[0u8; 32], GAS);
    assert_eq!(o.status, Status::Success);
    assert_eq!(Word::from_be_slice(&o.output[..32]).unwrap(), w(0));
    assert_eq!(host2.storage(&callee, &w(7).to_be_bytes()), [0; 32]);
    // Calling an address without code succeeds with empty output.
    assert_eq!(
        eval(&[
            "PUSH0",
            "PUSH0",
            "PUSH0",
            "PUSH0",
            "PUSH0",
            "PUSH 0x1234",
            "PUSH 1000",
            "CALL"
        ]),
        w(1)
    );
}

#[test]
fn unbounded_recursion_is_cut_at_the_depth_limit() {
    let mut host = MemoryHost::new();
    let me = Address([0x11; 20]);
    // Calls itself with all gas, then returns.
    let src = format!(
        ".export main m\nm: JUMPDEST\nPUSH0\nPUSH0\nPUSH0\nPUSH0\nPUSH0\nPUSH 0x{}\nGAS\nCALL\nSTOP",
        zcrypto::encoding::to_hex(me.as_bytes())
    );
    host.deploy(me, &assemble(&src).unwrap().encode()).unwrap();
    let o = host.transact(CALLER, me, &[], GAS);
    assert_eq!(o.status, Status::Success);
}

#[test]
fn counter_contract() {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/contracts/counter.zasm"
    ))
    .unwrap();
    let c = assemble(&src).unwrap();
    assert_eq!(c.meta("name"), Some("counter"));
    let counter = Address([0xC0; 20]);
    let mut host = MemoryHost::new();
    host.deploy(counter, &c.encode()).unwrap();
    for i in 1..=3u64 {
        let o = host.transact(CALLER, counter, &[], GAS);
        assert_eq!(o.status, Status::Success);
        assert_eq!(Word::from_be_slice(&o.output).unwrap(), w(i));
    }
    let o = host.transact(CALLER, counter, &w(10).to_be_bytes(), GAS);
    assert_eq!(Word::from_be_slice(&o.output).unwrap(), w(13));
    assert_eq!(host.storage(&counter, &[0; 32]), w(13).to_be_bytes());
    assert_eq!(host.logs.len(), 4);
    assert_eq!(host.logs[3].data, w(13).to_be_bytes().to_vec());
}

/// Lays out `parts` in memory via CALLDATACOPY and returns (setup lines, offsets).
fn layout(parts: &[&[u8]]) -> (Vec<u8>, String, Vec<(usize, usize)>) {
    let mut cd = Vec::new();
    let mut spans = Vec::new();
    for p in parts {
        spans.push((cd.len(), p.len()));
        cd.extend_from_slice(p);
    }
    let setup = "CALLDATASIZE\nPUSH0\nPUSH0\nCALLDATACOPY\n".to_string();
    (cd, setup, spans)
}

fn verify_program(op: Op, pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> Outcome {
    let (cd, mut src, s) = layout(&[pk, msg, ctx, sig]);
    for &(off, len) in s.iter().rev() {
        src += &format!("PUSH {len}\nPUSH {off}\n");
    }
    src += &format!(
        "PUSH 0x{:04x}\nVERIFY\nPUSH0\nMSTORE\nCRYPTOERR\nPUSH 32\nMSTORE\nPUSH 64\nPUSH0\nRETURN\n",
        op.id()
    );
    run(&src, &cd, GAS)
}

fn verdict(o: &Outcome) -> (u64, u64) {
    assert_eq!(o.status, Status::Success, "{o:?}");
    (
        Word::from_be_slice(&o.output[..32])
            .unwrap()
            .to_u64()
            .unwrap(),
        Word::from_be_slice(&o.output[32..])
            .unwrap()
            .to_u64()
            .unwrap(),
    )
}

#[test]
fn crypto_verify_ed25519_and_ml_dsa_65() {
    for (alg, op, ctx) in [
        (Algorithm::Ed25519, Op::VerifyEd25519, &b""[..]),
        (Algorithm::Ed25519, Op::VerifyEd25519Strict, &b""[..]),
        (Algorithm::MlDsa65, Op::VerifyMlDsa65, &b"zvm-test"[..]),
    ] {
        let (sk, pk) = dynamic::keygen(alg, &[7; 32]).unwrap();
        let msg = b"transfer 10 to bob";
        let sig = dynamic::sign(alg, &sk, msg, ctx).unwrap();
        let good = verify_program(op, &pk, msg, ctx, &sig);
        assert_eq!(verdict(&good), (1, 0), "{op:?}");
        // The crypto gas is metered's: compare with an identical program that verifies
        // a wrong message of the same length (same metered charge).
        let mut bad_sig = sig.clone();
        bad_sig[10] ^= 0x01;
        let bad = verify_program(op, &pk, msg, ctx, &bad_sig);
        let (v, e) = verdict(&bad);
        assert_eq!(v, 0, "{op:?} flipped bit");
        assert!(e == 0 || e == u64::from(zcrypto::Error::InvalidSignature.code()));
        assert_eq!(good.gas_used, bad.gas_used);
        let mut flipped_msg = msg.to_vec();
        flipped_msg[0] ^= 0x80;
        assert_eq!(
            verdict(&verify_program(op, &pk, &flipped_msg, ctx, &sig)).0,
            0
        );
        // Malformed key (wrong length): push 0, error register set, execution continues.
        let (v, e) = verdict(&verify_program(op, &pk[1..], msg, ctx, &sig));
        assert_eq!(v, 0);
        assert_ne!(e, 0);
        // Out of gas inside the metered call: halt.
        let cost = op.cost().gas((msg.len() + ctx.len()) as u64, 0);
        let limit = good.gas_used - cost / 2;
        let src_out = verify_program_gas(op, &pk, msg, ctx, &sig, limit);
        assert_eq!(src_out.status, Status::OutOfGas);
    }
}

fn verify_program_gas(op: Op, pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8], gas: u64) -> Outcome {
    let (cd, mut src, s) = layout(&[pk, msg, ctx, sig]);
    for &(off, len) in s.iter().rev() {
        src += &format!("PUSH {len}\nPUSH {off}\n");
    }
    src += &format!("PUSH 0x{:04x}\nVERIFY\n", op.id());
    run(&src, &cd, gas)
}

#[test]
fn crypto_gas_is_metered_schedule() {
    // Same program shape, verification op vs. an unknown selector (rejected before any
    // metered charge): the difference is exactly the metered cost.
    let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[3; 32]).unwrap();
    let msg = b"m";
    let sig = dynamic::sign(Algorithm::Ed25519, &sk, msg, b"").unwrap();
    let good = verify_program(Op::VerifyEd25519, &pk, msg, b"", &sig);
    let (cd, mut src, s) = layout(&[&pk, msg, b"", &sig]);
    for &(off, len) in s.iter().rev() {
        src += &format!("PUSH {len}\nPUSH {off}\n");
    }
    src +=
        "PUSH 0x9999\nVERIFY\nPUSH0\nMSTORE\nCRYPTOERR\nPUSH 32\nMSTORE\nPUSH 64\nPUSH0\nRETURN\n";
    let unknown = run(&src, &cd, GAS);
    assert_eq!(
        verdict(&unknown),
        (0, u64::from(zcrypto::Error::UnsupportedAlgorithm.code()))
    );
    assert_eq!(
        good.gas_used - unknown.gas_used,
        Op::VerifyEd25519.cost().gas(1, 0)
    );
}

#[test]
fn crypto_hash_and_streams() {
    // SHA-256("abc") into memory 32..64, compared with zcrypto.
    let src = "PUSH 0x616263\nPUSH0\nMSTORE\n\
               PUSH 32\nPUSH 32\nPUSH 3\nPUSH 29\nPUSH 0x0100\nHASH\nPOP\n\
               PUSH 32\nPUSH 32\nRETURN";
    let o = run(src, &[], GAS);
    assert_eq!(o.status, Status::Success);
    assert_eq!(o.output, zcrypto::hash::sha256(b"abc").to_vec());
    // Output range too small: malformed, push 0 with BufferTooSmall.
    let e = eval(&[
        "PUSH 31",
        "PUSH 32",
        "PUSH 3",
        "PUSH 29",
        "PUSH 0x0100",
        "HASH",
        "POP",
        "CRYPTOERR",
    ]);
    assert_eq!(
        e,
        w(u64::from(
            zcrypto::Error::BufferTooSmall {
                needed: 32,
                got: 31
            }
            .code()
        ))
    );
    // Streaming Keccak-256 over "ab" + "c" equals one-shot.
    let src = "PUSH 0x616263\nPUSH0\nMSTORE\n\
               PUSH 0x0104\nHASHINIT\n\
               PUSH 2\nPUSH 29\nDUP3\nHASHUPDATE\nPOP\n\
               PUSH 1\nPUSH 31\nDUP3\nHASHUPDATE\nPOP\n\
               PUSH 32\nPUSH 64\nDUP3\nHASHFINISH\nPOP\n\
               PUSH 32\nPUSH 64\nRETURN";
    let o = run(src, &[], GAS);
    assert_eq!(o.status, Status::Success, "{o:?}");
    assert_eq!(o.output, zcrypto::hash::keccak256(b"abc").to_vec());
}

/// A host with an empty world whose calls all revert.
struct NoHost;
impl Host for NoHost {
    fn sload(&mut self, _: &Address, _: &[u8; 32]) -> [u8; 32] {
        [0; 32]
    }
    fn sstore(&mut self, _: &Address, _: [u8; 32], _: [u8; 32]) {}
    fn storage_get(&mut self, _: &Address, _: &[u8; 32]) -> Vec<u8> {
        Vec::new()
    }
    fn storage_set(&mut self, _: &Address, _: [u8; 32], _: Vec<u8>) {}
    fn balance(&mut self, _: &Address) -> u128 {
        0
    }
    fn emit_log(&mut self, _: &zvm::interpreter::Log) {}
    fn call(&mut self, r: zvm::interpreter::CallRequest) -> Outcome {
        Outcome {
            status: Status::Revert,
            output: vec![],
            gas_used: r.gas,
            logs: vec![],
        }
    }
    fn block_height(&self) -> u64 {
        0
    }
    fn block_time(&self) -> u64 {
        0
    }
}

#[test]
fn gas_meter_is_zcrypto_meter() {
    let mut g = zvm::gas::Gas::new(10);
    assert_eq!(g.charge(11), Err(zcrypto::Error::OutOfGas));
    let o = execute(
        &Code::new(vec![0x60, 1, 0x00]),
        0,
        &ctx(&[], 10),
        &mut NoHost,
    );
    assert_eq!((o.status, o.gas_used), (Status::Success, 3));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn random_bytecode_never_panics(code in proptest::collection::vec(any::<u8>(), 0..256), cd in proptest::collection::vec(any::<u8>(), 0..64)) {
        let mut host = MemoryHost::new();
        host.deploy(ME, &zvm::container::Container { code: vec![0x5B], ..Default::default() }.encode()).unwrap();
        let c = Code::new(code);
        let o = host.run(&c, 0, &ctx(&cd, 200_000));
        prop_assert!(o.gas_used <= 200_000);
        for entry in [1usize, 7, 300] {
            let o = execute(&c, entry, &ctx(&cd, 20_000), &mut NoHost);
            prop_assert!(o.gas_used <= 20_000);
        }
    }

    #[test]
    fn random_push_heavy_bytecode_never_panics(ops in proptest::collection::vec(prop_oneof![Just(0x5Fu8), 0x60u8..0xA5, 0xC0u8..0xD0, 0x50u8..0x5C], 0..128)) {
        let o = MemoryHost::new().run(&Code::new(ops), 0, &ctx(&[1; 100], 1_000_000));
        prop_assert!(o.gas_used <= 1_000_000);
    }
}

#[test]
fn crypto_hmac_and_ecrecover() {
    use zcrypto::sig::{Encoding, Signer, secp256k1::ecdsa::SigningKey};
    // HMAC-SHA-256(key = "key", data = "data") written at 64.
    let (cd, mut src, s) = layout(&[b"key", b"data"]);
    src += &format!(
        "PUSH 32\nPUSH 64\nPUSH {}\nPUSH {}\nPUSH {}\nPUSH {}\nPUSH 0x0200\nMAC\nPOP\nPUSH 32\nPUSH 64\nRETURN",
        s[1].1, s[1].0, s[0].1, s[0].0
    );
    let o = run(&src, &cd, GAS);
    assert_eq!(o.status, Status::Success);
    let tag = zcrypto::mac::hmac(zcrypto::mac::HmacAlg::Sha256, b"key", b"data");
    assert_eq!(o.output, tag.as_bytes().to_vec());

    // ECRECOVER to an Ethereum address (fmt 2), then a corrupted recovery id (v = 5):
    // malformed, so 0 and the error register set.
    let sk = SigningKey::from_seed(&[0x46; 32]).unwrap();
    let rsig = sk.sign_prehash_recoverable(&[9; 32]).unwrap().to_bytes();
    let program = |tail: &str| {
        format!(
            "CALLDATASIZE\nPUSH0\nPUSH0\nCALLDATACOPY\nPUSH 20\nPUSH 200\nPUSH 32\nPUSH0\nPUSH 2\nECRECOVER\n{tail}"
        )
    };
    let cd = [&[9u8; 32][..], &rsig].concat();
    let o = run(&program("POP\nPUSH 20\nPUSH 200\nRETURN"), &cd, GAS);
    assert_eq!(o.status, Status::Success);
    assert_eq!(o.output, sk.verifying_key().ethereum_address().to_vec());
    let mut bad = cd.clone();
    bad[32 + 64] = 5;
    let o = run(
        &program("CRYPTOERR\nPUSH 32\nMSTORE\nPUSH0\nMSTORE\nPUSH 64\nPUSH0\nRETURN"),
        &bad,
        GAS,
    );
    assert_eq!(
        verdict(&o),
        (0, u64::from(zcrypto::Error::InvalidSignature.code()))
    );
}

// ---------------------------------------------------------------------------------
// Crypto opcodes with real inputs: a generic harness.

/// One stack argument of a crypto opcode (listed top first).
#[derive(Clone, Copy)]
enum A {
    /// `offset, length` of the i-th calldata part (copied to memory at its calldata offset).
    Part(usize),
    /// `offset, length` of a range inside the output area (offset relative to it).
    Out(usize, usize),
    /// One literal word.
    Lit(u64),
    /// The word 2^256 - 1 (`PUSH0 NOT`).
    Max,
}

struct CryptoRun {
    outcome: Outcome,
    /// The pushed result.
    result: u64,
    /// `CRYPTOERR` after the opcode.
    err: u64,
    /// The output area.
    out: Vec<u8>,
}

const OUT_AREA: usize = 2048;

/// Builds a program that copies `parts` to memory, pre-grows memory over everything it
/// will touch (so memory gas does not depend on the opcode), pushes `args` and runs
/// `op` (or, with `op = None`, pops the arguments and pushes 0: the gas baseline),
/// then returns the result, the error register and the output area.
fn crypto_program(op: Option<&str>, parts: &[&[u8]], args: &[A]) -> (String, Vec<u8>, usize) {
    let mut cd = Vec::new();
    let mut spans = Vec::new();
    for p in parts {
        spans.push((cd.len(), p.len()));
        cd.extend_from_slice(p);
    }
    let r = cd.len().next_multiple_of(32) + 32;
    let out = r + 64;
    let top = out + OUT_AREA + 32;
    let mut words: Vec<String> = Vec::new(); // top first
    for a in args {
        match *a {
            A::Part(i) => {
                words.push(format!("PUSH {}", spans[i].0));
                words.push(format!("PUSH {}", spans[i].1));
            }
            A::Out(off, len) => {
                words.push(format!("PUSH {}", out + off));
                words.push(format!("PUSH {len}"));
            }
            A::Lit(v) => words.push(format!("PUSH {v}")),
            A::Max => words.push("PUSH0\nNOT".into()),
        }
    }
    let n = words.len();
    let mut src = format!("PUSH0\nPUSH {top}\nMSTORE8\nCALLDATASIZE\nPUSH0\nPUSH0\nCALLDATACOPY\n");
    for w in words.iter().rev() {
        src += w;
        src += "\n";
    }
    match op {
        Some(op) => src += &format!("{op}\n"),
        None => src += &format!("{}PUSH0\n", "POP\n".repeat(n)),
    }
    src += &format!(
        "PUSH {r}\nMSTORE\nCRYPTOERR\nPUSH {}\nMSTORE\nPUSH {}\nPUSH {r}\nRETURN\n",
        r + 32,
        64 + OUT_AREA
    );
    (src, cd, n)
}

fn crypto_run(op: &str, parts: &[&[u8]], args: &[A]) -> CryptoRun {
    let (src, cd, _) = crypto_program(Some(op), parts, args);
    let outcome = run(&src, &cd, GAS);
    assert_eq!(outcome.status, Status::Success, "{op}: {outcome:?}");
    let word = |b: &[u8]| Word::from_be_slice(b).unwrap().to_u64().unwrap();
    CryptoRun {
        result: word(&outcome.output[..32]),
        err: word(&outcome.output[32..64]),
        out: outcome.output[64..].to_vec(),
        outcome,
    }
}

/// `ZKVERIFY` over `parts` with a limit `full / 2` short of what the successful call
/// uses: out of gas inside the verification, the whole limit spent, nothing returned;
/// at the exact gas it succeeds.
fn zk_out_of_gas(parts: &[&[u8]], args: &[A], full: u64) {
    let (src, cd, _) = crypto_program(Some("ZKVERIFY"), parts, args);
    let used = run(&src, &cd, GAS).gas_used;
    let o = run(&src, &cd, used - full / 2);
    assert_eq!(o.status, Status::OutOfGas);
    assert_eq!(o.gas_used, used - full / 2);
    assert!(o.output.is_empty());
    assert_eq!(run(&src, &cd, used).status, Status::Success);
}

/// The gas the opcode charged beyond its static 20: the metered (crypto) gas.
fn crypto_gas(op: &str, parts: &[&[u8]], args: &[A]) -> u64 {
    let real = crypto_run(op, parts, args).outcome.gas_used;
    let (src, cd, n) = crypto_program(None, parts, args);
    let base = run(&src, &cd, GAS);
    assert_eq!(base.status, Status::Success);
    // Baseline: n POPs (2 each) and a PUSH0 (2) instead of the opcode (20).
    real + 2 * n as u64 + 2 - base.gas_used - 20
}

fn flip(b: &[u8], i: usize) -> Vec<u8> {
    let mut v = b.to_vec();
    v[i] ^= 0x01;
    v
}

fn code(e: zcrypto::Error) -> u64 {
    u64::from(e.code())
}

#[test]
fn crypto_merkle_inclusion_proofs() {
    use zcrypto::merkle::{Blake3, Keccak256, MerkleHash, MerkleTree, Sha256};
    fn case<H: MerkleHash>(op: Op) {
        let leaves: Vec<Vec<u8>> = (0..7u8).map(|i| vec![i; 5 + i as usize]).collect();
        let tree = MerkleTree::<H>::from_leaves(&leaves);
        let root = tree.root();
        for index in [0usize, 3, 6] {
            let proof = tree.inclusion_proof(index as u64).unwrap();
            let path = proof.path.len() as u64;
            let proof = proof.to_bytes();
            let leaf = &leaves[index];
            let args = [
                A::Lit(u64::from(op.id())),
                A::Part(0),
                A::Part(1),
                A::Part(2),
                A::Lit(0),
                A::Lit(0),
            ];
            let parts: [&[u8]; 3] = [leaf, &proof, &root];
            let r = crypto_run("MERKLE", &parts, &args);
            assert_eq!((r.result, r.err), (1, 0), "{op:?} {index}");
            assert_eq!(
                crypto_gas("MERKLE", &parts, &args),
                op.cost().gas(leaf.len() as u64, path)
            );
            // A flipped bit in the leaf, the root or a proof node: well-formed, invalid.
            for bad in [
                [&flip(leaf, 0)[..], &proof, &root],
                [leaf, &proof, &flip(&root, 31)],
                [leaf, &flip(&proof, proof.len() - 1), &root],
            ] {
                let r = crypto_run("MERKLE", &bad, &args);
                assert_eq!((r.result, r.err), (0, 0), "{op:?}");
            }
        }
        // A key range with an inclusion proof is malformed.
        let proof = tree.inclusion_proof(1).unwrap().to_bytes();
        let r = crypto_run(
            "MERKLE",
            &[&leaves[1], &proof, &root, &[0; 32]],
            &[
                A::Lit(u64::from(op.id())),
                A::Part(0),
                A::Part(1),
                A::Part(2),
                A::Part(3),
            ],
        );
        assert_eq!(
            (r.result, r.err),
            (
                0,
                code(zcrypto::Error::InvalidLength {
                    expected: 0,
                    got: 32
                })
            )
        );
    }
    case::<Sha256>(Op::MerkleInclusionSha256);
    case::<Keccak256>(Op::MerkleInclusionKeccak256);
    case::<Blake3>(Op::MerkleInclusionBlake3);
}

#[test]
fn crypto_merkle_openzeppelin_proofs() {
    use zcrypto::merkle::ethereum::StandardMerkleTree;
    let values: Vec<Vec<u8>> = (0..5u8)
        .map(|i| [[0u8; 31].as_slice(), &[i]].concat())
        .collect();
    let tree = StandardMerkleTree::from_encoded_leaves(&values).unwrap();
    let root = tree.root();
    let op = Op::MerkleVerifyEthereum;
    let args = [
        A::Lit(u64::from(op.id())),
        A::Part(0),
        A::Part(1),
        A::Part(2),
        A::Lit(0),
        A::Lit(0),
    ];
    for i in 0..values.len() {
        let leaf = tree.leaf_hash(i).unwrap();
        let proof: Vec<u8> = tree.proof(i).unwrap().concat();
        let parts: [&[u8]; 3] = [&leaf, &proof, &root];
        let r = crypto_run("MERKLE", &parts, &args);
        assert_eq!((r.result, r.err), (1, 0), "value {i}");
        assert_eq!(
            crypto_gas("MERKLE", &parts, &args),
            op.cost().gas(0, (proof.len() / 32) as u64)
        );
        let r = crypto_run("MERKLE", &[&flip(&leaf, 7), &proof, &root], &args);
        assert_eq!((r.result, r.err), (0, 0));
        let r = crypto_run("MERKLE", &[&leaf, &flip(&proof, 0), &root], &args);
        assert_eq!((r.result, r.err), (0, 0));
    }
    // A proof that is not a multiple of 32 bytes: malformed.
    let leaf = tree.leaf_hash(0).unwrap();
    let r = crypto_run("MERKLE", &[&leaf, &[0; 33], &root], &args);
    assert_eq!(r.result, 0);
    assert_eq!(
        r.err,
        code(zcrypto::Error::InvalidLength {
            expected: 64,
            got: 33
        })
    );
}

#[test]
fn crypto_merkle_sparse_proofs() {
    use zcrypto::merkle::sparse::{MemoryStore, SparseMerkleTree};
    use zcrypto::merkle::{Blake3, Keccak256, MerkleHash, Sha256};
    fn case<H: MerkleHash>(op: Op) {
        let mut tree = SparseMerkleTree::<H, _>::new(MemoryStore::new());
        let entries: Vec<([u8; 32], Vec<u8>)> = (0..20u8)
            .map(|i| (zcrypto::hash::sha256(&[i]), vec![i; 1 + i as usize]))
            .collect();
        tree.update(entries.iter().map(|(k, v)| (*k, Some(v.clone()))))
            .unwrap();
        let root = tree.root();
        let sel = A::Lit(u64::from(op.id()));
        // Membership: leaf = value, key = 32 bytes.
        let member = [sel, A::Part(0), A::Part(1), A::Part(2), A::Part(3)];
        for (key, value) in entries.iter().step_by(6) {
            let proof = tree.prove(key).unwrap();
            let depth = proof.depth() as u64;
            let proof = proof.encode();
            let parts: [&[u8]; 4] = [value, &proof, &root, key];
            let r = crypto_run("MERKLE", &parts, &member);
            assert_eq!((r.result, r.err), (1, 0), "{op:?}");
            assert_eq!(
                crypto_gas("MERKLE", &parts, &member),
                op.cost().gas(value.len() as u64, depth)
            );
            // Wrong value, wrong root, wrong key: invalid.
            for bad in [
                [&flip(value, 0)[..], &proof, &root, key],
                [value, &proof, &flip(&root, 0), key],
                [value, &proof, &root, &flip(key, 31)],
            ] {
                let r = crypto_run("MERKLE", &bad, &member);
                assert_eq!((r.result, r.err), (0, 0), "{op:?}");
            }
            // A present key claimed absent: invalid.
            let absent = [sel, A::Max, A::Lit(0), A::Part(1), A::Part(2), A::Part(3)];
            let r = crypto_run("MERKLE", &parts, &absent);
            assert_eq!((r.result, r.err), (0, 0));
        }
        // Non-membership of a key that is not in the tree.
        let missing = zcrypto::hash::sha256(b"missing");
        let proof = tree.prove(&missing).unwrap();
        let depth = proof.depth() as u64;
        let proof = proof.encode();
        let absent = [sel, A::Max, A::Lit(0), A::Part(0), A::Part(1), A::Part(2)];
        let parts: [&[u8]; 3] = [&proof, &root, &missing];
        let r = crypto_run("MERKLE", &parts, &absent);
        assert_eq!((r.result, r.err), (1, 0), "{op:?} absence");
        assert_eq!(
            crypto_gas("MERKLE", &parts, &absent),
            op.cost().gas(0, depth)
        );
        // ... claimed present with some value (even empty): invalid.
        let r = crypto_run(
            "MERKLE",
            &[b"", &proof, &root, &missing],
            &[sel, A::Part(0), A::Part(1), A::Part(2), A::Part(3)],
        );
        assert_eq!((r.result, r.err), (0, 0));
        // A truncated proof does not decode: malformed, error register set.
        let r = crypto_run(
            "MERKLE",
            &[&proof[..proof.len() - 1], &root, &missing],
            &absent,
        );
        assert_eq!(r.result, 0);
        assert_ne!(r.err, 0);
    }
    case::<Sha256>(Op::SparseMerkleVerifySha256);
    case::<Keccak256>(Op::SparseMerkleVerifyKeccak256);
    case::<Blake3>(Op::SparseMerkleVerifyBlake3);
    // An id outside the Merkle family: unsupported.
    let r = crypto_run(
        "MERKLE",
        &[b"x", &[0; 32]],
        &[
            A::Lit(0x0100),
            A::Part(0),
            A::Lit(0),
            A::Lit(0),
            A::Part(1),
            A::Lit(0),
            A::Lit(0),
        ],
    );
    assert_eq!(
        (r.result, r.err),
        (0, code(zcrypto::Error::UnsupportedAlgorithm))
    );
}

#[test]
fn crypto_poseidon() {
    use zcrypto::poseidon::{MODULUS_BE, hash_be_bytes};
    let sel = A::Lit(u64::from(Op::PoseidonBn254.id()));
    let args = [sel, A::Part(0), A::Out(0, 32)];
    let fe = |v: u64| Word::from_u64(v).to_be_bytes();
    for n in 1..=12u64 {
        let inputs: Vec<[u8; 32]> = (1..=n).map(|i| fe(i * 1_000_003)).collect();
        let blob = inputs.concat();
        let r = crypto_run("POSEIDON", &[&blob], &args);
        assert_eq!((r.result, r.err), (32, 0));
        assert_eq!(r.out[..32], hash_be_bytes(&inputs).unwrap());
        assert_eq!(
            crypto_gas("POSEIDON", &[&blob], &args),
            Op::PoseidonBn254.cost().gas(0, n)
        );
        // A flipped input bit changes the hash.
        let r = crypto_run("POSEIDON", &[&flip(&blob, 31)], &args);
        assert_eq!((r.result, r.err), (32, 0));
        assert_ne!(r.out[..32], hash_be_bytes(&inputs).unwrap());
    }
    // The circomlib vector: poseidon([1, 2]).
    let r = crypto_run("POSEIDON", &[&[fe(1), fe(2)].concat()], &args);
    assert_eq!(
        zcrypto::encoding::to_hex(&r.out[..32]),
        "115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"
    );
    // An element not below the modulus, no input, 13 inputs, a short output: malformed.
    let r = crypto_run("POSEIDON", &[&MODULUS_BE], &args);
    assert_eq!(
        (r.result, r.err),
        (0, code(zcrypto::Error::InvalidEncoding))
    );
    let r = crypto_run("POSEIDON", &[b""], &args);
    assert_eq!(r.result, 0);
    assert_ne!(r.err, 0);
    let r = crypto_run("POSEIDON", &[&[0u8; 13 * 32]], &args);
    assert_eq!((r.result, r.err), (0, code(zcrypto::Error::LimitExceeded)));
    let r = crypto_run("POSEIDON", &[&fe(1)], &[sel, A::Part(0), A::Out(0, 31)]);
    assert_eq!(
        (r.result, r.err),
        (
            0,
            code(zcrypto::Error::BufferTooSmall {
                needed: 32,
                got: 31
            })
        )
    );
    let r = crypto_run(
        "POSEIDON",
        &[&fe(1)],
        &[A::Lit(0x0801), A::Part(0), A::Out(0, 32)],
    );
    assert_eq!(
        (r.result, r.err),
        (0, code(zcrypto::Error::UnsupportedAlgorithm))
    );
}

/// What `zcrypto::metered::zk::verify_groth16` says directly about these inputs.
fn groth16_direct(
    op: Op,
    vk: &[u8],
    proof: &[u8],
    inputs: &[u8],
) -> Result<zcrypto::metered::Verdict, zcrypto::Error> {
    use zcrypto::metered::{Gas, Span};
    let mem = [vk, proof, inputs].concat();
    let (a, b) = (vk.len() as u32, proof.len() as u32);
    zcrypto::metered::zk::verify_groth16(
        &mem[..],
        &mut Gas::unlimited(),
        op,
        Span::new(0, a),
        Span::new(a, b),
        Span::new(a + b, inputs.len() as u32),
    )
}

#[test]
fn crypto_groth16() {
    use zcrypto::Error;
    for (op, vk, proof, inputs) in groth16_fixtures() {
        let args = [
            A::Lit(u64::from(op.id())),
            A::Part(0),
            A::Part(1),
            A::Part(2),
        ];
        let full = op.cost().gas(0, 2);
        let zk = |vk: &[u8], proof: &[u8], inputs: &[u8]| {
            let parts: [&[u8]; 3] = [vk, proof, inputs];
            let r = crypto_run("ZKVERIFY", &parts, &args);
            (r.result, r.err, crypto_gas("ZKVERIFY", &parts, &args))
        };
        // The snarkjs proof verifies, at exactly the schedule's price for n = 2.
        assert_eq!(zk(&vk, &proof, &inputs), (1, 0, full), "{op:?}");
        // Another statement (c = 39): well-formed, invalid, full price.
        let mut wrong = inputs.clone();
        wrong[31] ^= 1;
        assert_eq!(zk(&vk, &proof, &wrong), (0, 0, full), "{op:?} wrong input");
        // A flipped proof byte: whatever zcrypto says (invalid, or a point that does not
        // decode), at full price; a proof point that is all ones never decodes.
        for i in [1, 40, proof.len() - 1] {
            let bad = flip(&proof, i);
            let want = match groth16_direct(op, &vk, &bad, &inputs) {
                Ok(v) => (u64::from(v.is_valid()), 0),
                Err(e) => (0, code(e)),
            };
            assert_eq!(want.0, 0, "{op:?} flipped byte {i} verifies");
            assert_eq!(
                zk(&vk, &bad, &inputs),
                (want.0, want.1, full),
                "{op:?} byte {i}"
            );
        }
        let g1 = (proof.len() - 1) / 4; // a compressed G1 point: tag ‖ A ‖ B (2 × G1) ‖ C
        let mut ones = proof.clone();
        ones[1..1 + g1].fill(0xff);
        let e = groth16_direct(op, &vk, &ones, &inputs).unwrap_err();
        assert_eq!(zk(&vk, &ones, &inputs), (0, code(e), full), "{op:?} ones");
        // An input not below the field modulus: malformed after the charge.
        let mut big = inputs.clone();
        big[..32].fill(0xff);
        let e = groth16_direct(op, &vk, &proof, &big).unwrap_err();
        assert_eq!(
            zk(&vk, &proof, &big),
            (0, code(e), full),
            "{op:?} input ≥ r"
        );

        // Free errors (step 1: nothing charged): lengths, curve tag, n.
        let len = |expected: usize, got: usize| code(Error::InvalidLength { expected, got });
        let (k, p) = (vk.len(), proof.len());
        assert_eq!(zk(&vk[..k - 1], &proof, &inputs), (0, len(k, k - 1), 0));
        assert_eq!(zk(&vk, &proof[..p - 1], &inputs), (0, len(p, p - 1), 0));
        assert_eq!(
            zk(&vk, &[&proof[..], &[0]].concat(), &inputs),
            (0, len(p, p + 1), 0)
        );
        // One input fewer than the key's n: the key's length no longer matches.
        assert_eq!(
            zk(&vk, &proof, &inputs[..32]),
            (0, len(k - g1, k), 0),
            "{op:?} n = 1"
        );
        assert_eq!(zk(&vk, &proof, &inputs[..33]), (0, len(64, 33), 0));
        let tag = 3 - vk[0]; // the other curve's tag
        let mut other = vk.clone();
        other[0] = tag;
        let enc = code(Error::InvalidEncoding);
        assert_eq!(zk(&other, &proof, &inputs), (0, enc, 0), "{op:?} key tag");
        let mut other = proof.clone();
        other[0] = tag;
        assert_eq!(zk(&vk, &other, &inputs), (0, enc, 0), "{op:?} proof tag");
        // The key's n field (after tag ‖ α ‖ β γ δ) says 3 for a key and inputs of 2.
        let n_at = 1 + 7 * g1;
        assert_eq!(vk[n_at..n_at + 4], 2u32.to_le_bytes(), "{op:?} n field");
        let mut three = vk.clone();
        three[n_at] = 3;
        assert_eq!(zk(&three, &proof, &inputs), (0, enc, 0), "{op:?} n");
        // More than MAX_GROTH16_INPUTS inputs: over the cap, free.
        let max = zcrypto::metered::limits::MAX_GROTH16_INPUTS as usize;
        assert_eq!(
            zk(&vk, &proof, &vec![0; 32 * (max + 1)]),
            (0, code(Error::LimitExceeded), 0)
        );

        // Out of gas inside the verification: the whole limit, nothing returned.
        zk_out_of_gas(&[&vk, &proof, &inputs], &args, full);
    }
    // A selector outside the ZK family: unsupported, free.
    let (_, vk, proof, inputs) = &groth16_fixtures()[0];
    let parts: [&[u8]; 3] = [vk, proof, inputs];
    for sel in [Op::PoseidonBn254.id(), 0x0902, 0x0911] {
        let args = [A::Lit(u64::from(sel)), A::Part(0), A::Part(1), A::Part(2)];
        let r = crypto_run("ZKVERIFY", &parts, &args);
        assert_eq!(
            (r.result, r.err),
            (0, code(zcrypto::Error::UnsupportedAlgorithm))
        );
        assert_eq!(crypto_gas("ZKVERIFY", &parts, &args), 0);
    }
}

fn bls_keys(n: u8) -> Vec<(Vec<u8>, Vec<u8>)> {
    (1..=n)
        .map(|i| {
            let (sk, pk) = dynamic::keygen(Algorithm::Bls12381, &[i; 32]).unwrap();
            (sk.to_vec(), pk)
        })
        .collect()
}

fn bls_sign(sk: &[u8], msg: &[u8]) -> Vec<u8> {
    dynamic::sign(Algorithm::Bls12381, sk, msg, b"").unwrap()
}

fn bls_aggregate(sigs: &[Vec<u8>]) -> Vec<u8> {
    use zcrypto::sig::{Encoding, bls};
    let sigs: Vec<bls::Signature> = sigs
        .iter()
        .map(|s| bls::Signature::from_bytes(s).unwrap())
        .collect();
    bls::aggregate_signatures(&sigs)
        .unwrap()
        .as_bytes()
        .to_vec()
}

#[test]
fn crypto_bls_fast_aggregate_verify() {
    let keys = bls_keys(3);
    let msg = b"checkpoint 42";
    let agg = bls_aggregate(
        &keys
            .iter()
            .map(|(sk, _)| bls_sign(sk, msg))
            .collect::<Vec<_>>(),
    );
    let pks: Vec<u8> = keys.iter().flat_map(|(_, pk)| pk.clone()).collect();
    let args = [A::Part(0), A::Part(1), A::Part(2)];
    let parts: [&[u8]; 3] = [&pks, msg, &agg];
    let r = crypto_run("BLSFASTAGG", &parts, &args);
    assert_eq!((r.result, r.err), (1, 0));
    assert_eq!(
        crypto_gas("BLSFASTAGG", &parts, &args),
        Op::BlsFastAggregateVerify.cost().gas(msg.len() as u64, 3)
    );
    // The library agrees; a different message or a missing key: invalid.
    assert_eq!(
        crypto_run("BLSFASTAGG", &[&pks, b"checkpoint 43", &agg], &args).result,
        0
    );
    let r = crypto_run("BLSFASTAGG", &[&pks[..96], msg, &agg], &args);
    assert_eq!((r.result, r.err), (0, 0));
    // A key list that is not a multiple of 48 bytes: malformed.
    let r = crypto_run("BLSFASTAGG", &[&pks[..95], msg, &agg], &args);
    assert_eq!(r.result, 0);
    assert_ne!(r.err, 0);
}

#[test]
fn crypto_bls_aggregate_verify_and_aggregate() {
    let keys = bls_keys(3);
    let msgs: [&[u8]; 3] = [b"alpha", b"beta!", b"gamma gamma"];
    let sigs: Vec<Vec<u8>> = keys
        .iter()
        .zip(msgs)
        .map(|((sk, _), m)| bls_sign(sk, m))
        .collect();
    let agg = bls_aggregate(&sigs);
    let pks: Vec<u8> = keys.iter().flat_map(|(_, pk)| pk.clone()).collect();
    let encode = |ms: &[&[u8]]| -> Vec<u8> {
        ms.iter()
            .flat_map(|m| [&(m.len() as u32).to_le_bytes()[..], m].concat())
            .collect()
    };
    let encoded = encode(&msgs);
    let args = [A::Part(0), A::Part(1), A::Part(2)];
    let r = crypto_run("BLSAGGVERIFY", &[&pks, &encoded, &agg], &args);
    assert_eq!((r.result, r.err), (1, 0));
    let bytes: u64 = msgs.iter().map(|m| m.len() as u64).sum();
    assert_eq!(
        crypto_gas("BLSAGGVERIFY", &[&pks, &encoded, &agg], &args),
        Op::BlsAggregateVerify.cost().gas(bytes, 3)
    );
    // Messages in the wrong order: invalid; a message list that does not match: malformed.
    let swapped = encode(&[msgs[1], msgs[0], msgs[2]]);
    let r = crypto_run("BLSAGGVERIFY", &[&pks, &swapped, &agg], &args);
    assert_eq!((r.result, r.err), (0, 0));
    let r = crypto_run(
        "BLSAGGVERIFY",
        &[&pks, &encoded[..encoded.len() - 1], &agg],
        &args,
    );
    assert_eq!(
        (r.result, r.err),
        (0, code(zcrypto::Error::InvalidEncoding))
    );

    // BLSAGGREGATE writes the library's aggregate and pushes 96.
    let all = sigs.concat();
    let args = [A::Part(0), A::Out(0, 96)];
    let r = crypto_run("BLSAGGREGATE", &[&all], &args);
    assert_eq!((r.result, r.err), (96, 0));
    assert_eq!(r.out[..96], agg[..]);
    assert_eq!(
        crypto_gas("BLSAGGREGATE", &[&all], &args),
        Op::BlsAggregateSignatures.cost().gas(0, 3)
    );
    // A signature that does not decode: malformed, nothing written.
    let mut bad = all.clone();
    bad[96..192].fill(0xff); // the second signature: not an encoding
    let r = crypto_run("BLSAGGREGATE", &[&bad], &args);
    assert_eq!(
        (r.result, r.err),
        (0, code(zcrypto::Error::InvalidSignature))
    );
    assert_eq!(r.out[..96], [0; 96]);
}

/// (scheme, secret key, public key).
type KeyPair = (Algorithm, Vec<u8>, Vec<u8>);

/// Ed25519 + ML-DSA-65 + BLS keys (seeds 1, 2, 3) and a 2-of-3 policy over them.
fn hybrid_policy() -> (Vec<KeyPair>, Vec<u8>) {
    use zcrypto::sig::multisig::MultisigPolicy;
    let keys: Vec<KeyPair> = [
        (Algorithm::Ed25519, 1u8),
        (Algorithm::MlDsa65, 2),
        (Algorithm::Bls12381, 3),
    ]
    .into_iter()
    .map(|(alg, seed)| {
        let (sk, pk) = dynamic::keygen(alg, &[seed; 32]).unwrap();
        (alg, sk.to_vec(), pk)
    })
    .collect();
    let policy = MultisigPolicy::new(2, keys.iter().map(|(a, _, pk)| (*a, pk.clone())))
        .unwrap()
        .to_bytes();
    (keys, policy)
}

fn sig_list(sigs: &[(u8, &[u8])]) -> Vec<u8> {
    let mut out = vec![sigs.len() as u8];
    for (i, s) in sigs {
        out.push(*i);
        out.extend_from_slice(&(s.len() as u16).to_be_bytes());
        out.extend_from_slice(s);
    }
    out
}

#[test]
fn crypto_multisig_policy() {
    use zcrypto::sig::multisig::MultisigPolicy;
    let (keys, policy) = hybrid_policy();
    let msg = b"pay 100 to carol";
    let ctx = b"";
    let sig = |i: usize| dynamic::sign(keys[i].0, &keys[i].1, msg, ctx).unwrap();
    let (s0, s1, s2) = (sig(0), sig(1), sig(2));
    let args = [A::Part(0), A::Part(1), A::Part(2), A::Part(3)];
    let decoded = MultisigPolicy::from_bytes(&policy).unwrap();
    for set in [
        vec![(0u8, &s0[..]), (1, &s1[..])],
        vec![(1, &s1[..]), (2, &s2[..])],
        vec![(2, &s2[..]), (0, &s0[..]), (1, &s1[..])],
    ] {
        let list = sig_list(&set);
        let parts: [&[u8]; 4] = [&policy, msg, ctx, &list];
        let r = crypto_run("MULTISIG", &parts, &args);
        assert_eq!((r.result, r.err), (1, 0));
        let pairs: Vec<(usize, &[u8])> = set.iter().map(|(i, s)| (usize::from(*i), *s)).collect();
        assert!(decoded.verify(msg, ctx, &pairs).is_ok());
        let bytes = (msg.len() + ctx.len()) as u64;
        let per_sig: u64 = set
            .iter()
            .map(|(i, _)| {
                [
                    Op::VerifyEd25519Strict,
                    Op::VerifyMlDsa65,
                    Op::VerifyBls12381,
                ][usize::from(*i)]
                .cost()
                .gas(bytes, 0)
            })
            .sum();
        assert_eq!(
            crypto_gas("MULTISIG", &parts, &args),
            Op::MultisigVerify.cost().gas(0, 3) + per_sig
        );
    }
    // One signature, the same key twice, a flipped ML-DSA bit: invalid (like the library).
    let s1_bad = flip(&s1, 100);
    for set in [
        vec![(0u8, &s0[..])],
        vec![(0, &s0[..]), (0, &s0[..])],
        vec![(0, &s0[..]), (1, &s1_bad[..])],
    ] {
        let list = sig_list(&set);
        let r = crypto_run("MULTISIG", &[&policy, msg, ctx, &list], &args);
        assert_eq!((r.result, r.err), (0, 0));
        let pairs: Vec<(usize, &[u8])> = set.iter().map(|(i, s)| (usize::from(*i), *s)).collect();
        assert!(decoded.verify(msg, ctx, &pairs).is_err());
    }
    // A truncated signature list: malformed.
    let list = sig_list(&[(0, &s0[..])]);
    let r = crypto_run("MULTISIG", &[&policy, msg, ctx, &list[..10]], &args);
    assert_eq!(
        (r.result, r.err),
        (0, code(zcrypto::Error::InvalidEncoding))
    );
}

#[test]
fn crypto_batch_verify() {
    use zcrypto::metered::batch;
    let (keys, _) = hybrid_policy();
    let msgs: Vec<String> = (0..keys.len()).map(|i| format!("batch item {i}")).collect();
    let ctx_of = |alg: Algorithm| -> &'static [u8] {
        if alg == Algorithm::MlDsa65 {
            b"ctx"
        } else {
            b""
        }
    };
    let sigs: Vec<Vec<u8>> = keys
        .iter()
        .zip(&msgs)
        .map(|((alg, sk, _), m)| dynamic::sign(*alg, sk, m.as_bytes(), ctx_of(*alg)).unwrap())
        .collect();
    let mut blob = vec![0, 0];
    let mut lib = zcrypto::batch::BatchVerifier::new();
    for (((alg, _, pk), m), sig) in keys.iter().zip(&msgs).zip(&sigs) {
        let op = Op::verify(*alg).unwrap();
        batch::push_item(&mut blob, op, pk, sig, ctx_of(*alg), m.as_bytes()).unwrap();
        lib.push(zcrypto::batch::Item::new(*alg, pk, m.as_bytes(), sig).with_context(ctx_of(*alg)))
            .unwrap();
    }
    // The library's batch verifier agrees.
    assert!(lib.verify_all().is_ok());
    let args = [A::Part(0)];
    let r = crypto_run("BATCHVERIFY", &[&blob], &args);
    assert_eq!((r.result, r.err), (1, 0));
    assert_eq!(
        crypto_gas("BATCHVERIFY", &[&blob], &args),
        batch::gas_for(&blob).unwrap()
    );
    // The last byte of the blob is the last message's: flipping it invalidates the batch.
    let r = crypto_run("BATCHVERIFY", &[&flip(&blob, blob.len() - 1)], &args);
    assert_eq!((r.result, r.err), (0, 0));
    // A count that does not match: malformed.
    let mut bad = blob.clone();
    bad[0] += 1;
    let r = crypto_run("BATCHVERIFY", &[&bad], &args);
    assert_eq!(
        (r.result, r.err),
        (0, code(zcrypto::Error::InvalidEncoding))
    );
}

#[test]
fn crypto_kem_encapsulate() {
    use zcrypto::kem::{DecapsulationKey, MlKem};
    for (params, op) in [
        (MlKem::MlKem512, Op::MlKem512Encapsulate),
        (MlKem::MlKem768, Op::MlKem768Encapsulate),
        (MlKem::MlKem1024, Op::MlKem1024Encapsulate),
    ] {
        let dk = DecapsulationKey::from_seed(params, &[5; 64]).unwrap();
        let ek = dk.encapsulation_key().as_bytes().to_vec();
        let ct_len = params.ciphertext_len();
        let rnd = [9u8; 32];
        // Ciphertext at out[0..], shared secret at out[1600..] (ML-KEM-1024 ct: 1568 B).
        let (oc, os) = (0usize, 1600usize);
        let args = [
            A::Lit(u64::from(op.id())),
            A::Part(0),
            A::Part(1),
            A::Out(oc, ct_len),
            A::Out(os, 32),
        ];
        let r = crypto_run("KEMENCAP", &[&ek, &rnd], &args);
        assert_eq!((r.result, r.err), (ct_len as u64, 0));
        let o = r.outcome;
        let ct = &o.output[64 + oc..64 + oc + ct_len];
        let ss = &o.output[64 + os..64 + os + 32];
        assert_eq!(dk.decapsulate(ct).unwrap().as_bytes(), ss);
        let (lib_ct, lib_ss) = dk
            .encapsulation_key()
            .encapsulate_deterministic(&rnd)
            .unwrap();
        assert_eq!((lib_ct.as_bytes(), &lib_ss.as_bytes()[..]), (ct, ss));
        assert_eq!(
            crypto_gas("KEMENCAP", &[&ek, &rnd], &args),
            op.cost().gas(0, 0)
        );
        // A key of the wrong length: malformed, no charge.
        let r = crypto_run("KEMENCAP", &[&ek[1..], &rnd], &args);
        assert_eq!(r.result, 0);
        assert_eq!(
            r.err,
            code(zcrypto::Error::InvalidLength {
                expected: ek.len(),
                got: ek.len() - 1
            })
        );
        // A different selector family: unsupported.
        let mut wrong = args;
        wrong[0] = A::Lit(0x0100);
        let r = crypto_run("KEMENCAP", &[&ek, &rnd], &wrong);
        assert_eq!(
            (r.result, r.err),
            (0, code(zcrypto::Error::UnsupportedAlgorithm))
        );
    }
}

/// The spec table, opcode by opcode: every undefined byte halts with `InvalidOpcode`;
/// every instruction given one stack item too few halts with `StackUnderflow`; every
/// instruction with purely static gas, run on zero operands, costs exactly its table
/// gas (plus the pushes of its operands).
#[test]
fn every_opcode_against_the_spec_table() {
    use zvm::opcode;
    let push0 = opcode::by_mnemonic("PUSH0").expect("PUSH0").byte;
    let push0_gas = opcode::spec(push0).expect("PUSH0 spec").gas;
    let mut checked_gas = 0;
    for byte in 0..=255u8 {
        let Some(spec) = opcode::spec(byte) else {
            let o = MemoryHost::new().run(&Code::new(vec![byte]), 0, &ctx(&[], 100_000));
            assert_eq!(
                o.status,
                Status::Error(Halt::InvalidOpcode(byte)),
                "{byte:#04x}"
            );
            continue;
        };
        if spec.pops > 0 {
            let mut code = vec![push0; usize::from(spec.pops) - 1];
            code.push(byte);
            code.extend(std::iter::repeat_n(0u8, usize::from(spec.immediate)));
            let o = MemoryHost::new().run(&Code::new(code), 0, &ctx(&[], 1_000_000));
            assert_eq!(
                o.status,
                Status::Error(Halt::StackUnderflow),
                "{} with {} of {} operands",
                spec.mnemonic,
                spec.pops - 1,
                spec.pops
            );
        }
        let control = [
            "JUMP", "JUMPI", "RETURN", "REVERT", "STOP", "INVALID", "CALL", "JUMPDEST",
        ];
        if spec.dynamic.is_empty() && !control.contains(&spec.mnemonic) {
            let mut code = vec![push0; usize::from(spec.pops)];
            code.push(byte);
            code.extend(std::iter::repeat_n(0u8, usize::from(spec.immediate)));
            let o = MemoryHost::new().run(&Code::new(code), 0, &ctx(&[], 1_000_000));
            assert_eq!(o.status, Status::Success, "{}", spec.mnemonic);
            assert_eq!(
                o.gas_used,
                u64::from(spec.pops) * push0_gas + spec.gas,
                "{} gas",
                spec.mnemonic
            );
            checked_gas += 1;
        }
    }
    assert!(
        checked_gas >= 60,
        "static-gas opcodes checked: {checked_gas}"
    );
}

#[test]
fn frames_start_with_empty_stack_and_memory() {
    // Frames reuse pooled stack and memory buffers: a frame that leaves both dirty...
    let dirty = run(
        "PUSH 0xff\nPUSH 100\nMSTORE\nPUSH 1\nPUSH 2\nSTOP\n",
        &[],
        GAS,
    );
    assert_eq!(dirty.status, Status::Success);
    // ...must not leak into the next one: memory size 0, zero-filled on growth.
    let clean = run(
        "MSIZE\nPUSH0\nMSTORE\nPUSH 100\nMLOAD\nPUSH 32\nMSTORE\nPUSH 64\nPUSH0\nRETURN\n",
        &[],
        GAS,
    );
    assert_eq!(clean.status, Status::Success);
    assert_eq!(clean.output, vec![0u8; 64]);
    run("PUSH 1\nPUSH 2\nSTOP\n", &[], GAS);
    assert_eq!(
        run("POP\n", &[], GAS).status,
        Status::Error(Halt::StackUnderflow)
    );
}

/// A 64-bit (or `bits`-bit) Bulletproofs range proof for `m` values, made with fixed
/// entropy: (proof, m × 32-byte commitments).
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

/// A commitment to 101 under blinding [1; 32]: well-formed, not the prover's.
fn other_commitment() -> [u8; 32] {
    use zcrypto::zk::bulletproofs::{Blinding, Commitment};
    Commitment::new(101, &Blinding::from_bytes([1; 32]).unwrap()).to_bytes()
}

/// What `zcrypto::metered::zk::verify_bulletproofs` says directly.
fn bulletproofs_direct(
    proof: &[u8],
    commitments: &[u8],
    bits: &[u8],
) -> Result<zcrypto::metered::Verdict, zcrypto::Error> {
    use zcrypto::metered::{Gas, Span};
    let mem = [proof, commitments, bits].concat();
    let (a, b) = (proof.len() as u32, commitments.len() as u32);
    zcrypto::metered::zk::verify_bulletproofs(
        &mem[..],
        &mut Gas::unlimited(),
        Span::new(0, a),
        Span::new(a, b),
        Span::new(a + b, bits.len() as u32),
    )
}

#[test]
fn crypto_bulletproofs() {
    use zcrypto::Error;
    let op = Op::BulletproofsVerify;
    let args = [
        A::Lit(u64::from(op.id())),
        A::Part(1),
        A::Part(0),
        A::Part(2),
    ];
    let zk = |proof: &[u8], commitments: &[u8], bits: &[u8]| {
        let parts: [&[u8]; 3] = [proof, commitments, bits];
        let r = crypto_run("ZKVERIFY", &parts, &args);
        (r.result, r.err, crypto_gas("ZKVERIFY", &parts, &args))
    };
    for (bits, m) in [(64u8, 1usize), (8, 1), (32, 4)] {
        let (proof, c) = bulletproofs_fixture(bits, m);
        let full = op.cost().gas(0, m as u64);
        // Valid, at exactly the schedule's price for m.
        assert_eq!(zk(&proof, &c, &[bits]), (1, 0, full), "{bits} × {m}");
        // A different (well-formed) first commitment: invalid, full price.
        let mut wrong = c.clone();
        wrong[..32].copy_from_slice(&other_commitment());
        assert_eq!(zk(&proof, &wrong, &[bits]), (0, 0, full), "{bits} × {m}");
        // A flipped proof byte: invalid or malformed (whatever zcrypto says), full price.
        for i in [0, 200, proof.len() - 1] {
            let bad = flip(&proof, i);
            let want = match bulletproofs_direct(&bad, &c, &[bits]) {
                Ok(v) => (u64::from(v.is_valid()), 0),
                Err(e) => (0, code(e)),
            };
            assert_eq!(want.0, 0, "flipped byte {i} verifies");
            assert_eq!(zk(&bad, &c, &[bits]), (want.0, want.1, full), "byte {i}");
        }
        // A commitment that is not a Ristretto encoding: malformed after the charge.
        let mut ones = c.clone();
        ones[..32].fill(0xff);
        assert_eq!(
            zk(&proof, &ones, &[bits]),
            (0, code(Error::InvalidEncoding), full)
        );
    }

    // Free errors (nothing charged).
    let (proof, c) = bulletproofs_fixture(64, 1);
    let free = |proof: &[u8], c: &[u8], bits: &[u8]| {
        let e = bulletproofs_direct(proof, c, bits).unwrap_err();
        assert_eq!(zk(proof, c, bits), (0, code(e), 0));
        e
    };
    let len = |expected: usize, got: usize| Error::InvalidLength { expected, got };
    assert_eq!(free(&proof, &c, &[7]), Error::UnsupportedAlgorithm);
    assert_eq!(free(&proof, &c, &[]), len(1, 0));
    assert_eq!(free(&proof, &c, &[64, 0]), len(1, 2));
    assert_eq!(free(&proof, &c[..31], &[64]), len(32, 31));
    assert_eq!(free(&proof, &[], &[64]), len(32, 0));
    // Three commitments: not a power of two.
    let three = [&c[..], &c, &c].concat();
    assert_eq!(free(&proof, &three, &[64]), len(128, 96));
    // Seventeen: over the cap.
    let max = zcrypto::metered::limits::MAX_BULLETPROOFS_COMMITMENTS as usize;
    assert_eq!(
        free(&proof, &c.repeat(max + 1), &[64]),
        Error::LimitExceeded
    );
    // A 64-bit proof checked as 32-bit, or two commitments for a one-value proof: the
    // proof's length is not the one for (n, m).
    assert_eq!(free(&proof, &c, &[32]), len(608, 672));
    assert_eq!(free(&proof, &c.repeat(2), &[64]), len(736, 672));
    assert_eq!(free(&proof[..671], &c, &[64]), len(672, 671));

    // Out of gas inside the verification: the whole limit, nothing returned.
    let full = op.cost().gas(0, 1);
    zk_out_of_gas(&[&proof, &c, &[64]], &args, full);
}

#[test]
fn crypto_kzg_point_evaluation() {
    use zcrypto::Error;
    let op = Op::KzgPointEvaluation;
    // vk and in ranges: empty parts (not read).
    let args = [
        A::Lit(u64::from(op.id())),
        A::Part(0),
        A::Part(1),
        A::Part(2),
    ];
    let zk = |input: &[u8]| {
        let parts: [&[u8]; 3] = [&[], input, &[]];
        let r = crypto_run("ZKVERIFY", &parts, &args);
        (r.result, r.err, crypto_gas("ZKVERIFY", &parts, &args))
    };
    let full = op.cost().gas(0, 0);
    let input = kzg_input("pointEvaluation1");
    assert_eq!(zk(&input), (1, 0, full));
    // Another claimed value y: well-formed, invalid, full price.
    assert_eq!(zk(&flip(&input, 95)), (0, 0, full));
    // A versioned hash that is not the commitment's: invalid, full price.
    assert_eq!(zk(&flip(&input, 5)), (0, 0, full));
    // The pre-ceremony vector: a valid proof under another setup, invalid here.
    assert_eq!(
        zk(&kzg_input("pointEvaluation1-pre-ceremony")),
        (0, 0, full)
    );
    // z not below the BLS modulus, or a proof off the subgroup: malformed after the charge.
    let mut z = input.clone();
    z[32..64].fill(0xff);
    assert_eq!(zk(&z), (0, code(Error::InvalidEncoding), full));
    let fuzz = kzg_input("fuzzcorp-0");
    let r = zk(&fuzz);
    assert_eq!((r.0, r.2), (0, full));
    assert_ne!(r.1, 0);
    // Free: a length other than 192.
    let len = |got| code(Error::InvalidLength { expected: 192, got });
    assert_eq!(zk(&input[..191]), (0, len(191), 0));
    assert_eq!(zk(&[&input[..], &[0]].concat()), (0, len(193), 0));

    // Out of gas.
    zk_out_of_gas(&[&[], &input, &[]], &args, full);
}

#[test]
fn crypto_halo2() {
    use zcrypto::Error;
    let op = Op::Halo2Verify;
    // vk and in ranges: empty parts (not read).
    let args = [
        A::Lit(u64::from(op.id())),
        A::Part(0),
        A::Part(1),
        A::Part(2),
    ];
    let zk = |encoding: &[u8]| {
        let parts: [&[u8]; 3] = [&[], encoding, &[]];
        let r = crypto_run("ZKVERIFY", &parts, &args);
        (r.result, r.err, crypto_gas("ZKVERIFY", &parts, &args))
    };
    let e = halo2_encoding();
    let full = halo2_gas(e);
    // Valid, at exactly the circuit's price.
    assert_eq!(zk(e), (1, 0, full));
    // Another (well-formed) public input: invalid, full price.
    assert_eq!(zk(&halo2_wrong_input()), (0, 0, full));
    // A flipped proof bit: invalid, full price.
    for i in [34, 1000, e.len() - 1] {
        assert_eq!(zk(&flip(e, i)), (0, 0, full), "byte {i}");
    }
    // The same proof named as another range circuit of the same length: invalid, at
    // that circuit's price.
    let mut range8 = e.to_vec();
    range8[..2].copy_from_slice(&0x0001u16.to_be_bytes());
    assert_eq!(zk(&range8), (0, 0, halo2_gas(&range8)));
    // A public input that is not a field element: malformed after the charge.
    let mut big = e.to_vec();
    big[2..34].fill(0xff);
    assert_eq!(zk(&big), (0, code(Error::InvalidEncoding), full));
    // Free: unknown circuit id, truncated, too long, shorter than the id, over the cap.
    let mut unknown = e.to_vec();
    unknown[..2].copy_from_slice(&0x0005u16.to_be_bytes());
    assert_eq!(zk(&unknown), (0, code(Error::UnsupportedAlgorithm), 0));
    let len = |expected, got| code(Error::InvalidLength { expected, got });
    assert_eq!(zk(&e[..e.len() - 1]), (0, len(e.len(), e.len() - 1), 0));
    assert_eq!(zk(&[e, &[0]].concat()), (0, len(e.len(), e.len() + 1), 0));
    assert_eq!(zk(&e[..1]), (0, len(2, 1), 0));
    assert_eq!(zk(&[]), (0, len(2, 0), 0));
    let cap = zcrypto::metered::limits::MAX_HALO2_ENCODING as usize;
    assert_eq!(zk(&vec![0; cap + 1]), (0, code(Error::LimitExceeded), 0));

    // Out of gas.
    zk_out_of_gas(&[&[], e, &[]], &args, full);
}
