//! Spec tests of the native engine: per-opcode results, halts, gas, host effects,
//! crypto opcodes through `zcrypto::metered`, and the counter contract.

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
