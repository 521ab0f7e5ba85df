//! The `zvm` binary, run as the GhostChain node runs it: one process per command,
//! output parsed from stdout, state in a `--state` directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_zvm");
const COUNTER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/contracts/counter.zasm");
const DEPLOYER: &str = "0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0";
/// `contract_address(DEPLOYER, 0)`.
const CONTRACT: &str = "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d";
const CALLER: &str = "0x2222222222222222222222222222222222222222";

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!("zvm-cli-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn state(&self) -> String {
        self.0.join("state").to_str().unwrap().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn zvm(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("ZVM_STATE_DIR")
        .output()
        .unwrap()
}

/// Runs `zvm --state <dir> args...`.
fn zvm_in(dir: &TempDir, args: &[&str]) -> Output {
    let state = dir.state();
    let mut all = vec!["--state", &state, "--block-time", "1700000000"];
    all.extend_from_slice(args);
    zvm(&all)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "status {:?}, stderr: {}",
        o.status,
        stderr(&o)
    );
    stdout(&o)
}

fn json(o: Output) -> Value {
    serde_json::from_str(&ok(o)).unwrap()
}

fn counter_hex() -> String {
    ok(zvm(&["asm", COUNTER])).trim().to_string()
}

fn deploy(dir: &TempDir) -> Value {
    let bc = format!("0x{}", counter_hex());
    json(zvm_in(
        dir,
        &[
            "deploy",
            "--bytecode",
            &bc,
            "--constructor-args",
            "",
            "--deployer",
            DEPLOYER,
            "--gas-limit",
            "1000000",
            "--json",
        ],
    ))
}

fn call(dir: &TempDir, input: &str, gas: &str) -> Value {
    json(zvm_in(
        dir,
        &[
            "call",
            "--contract",
            CONTRACT,
            "--function",
            "main",
            "--input",
            input,
            "--caller",
            CALLER,
            "--value",
            "0",
            "--gas-limit",
            gas,
            "--json",
        ],
    ))
}

/// A 32-byte big-endian word as the JSON byte array.
fn word_json(v: u64) -> Value {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&v.to_be_bytes());
    serde_json::json!(w.to_vec())
}

fn view(dir: &TempDir) -> Value {
    json(zvm_in(
        dir,
        &[
            "view",
            "--contract",
            CONTRACT,
            "--function",
            "main",
            "--input",
            "",
            "--json",
        ],
    ))
}

#[test]
fn deploy_call_view_get_code_estimate() {
    let dir = TempDir::new("flow");
    let d = deploy(&dir);
    assert_eq!(d["success"], true);
    assert_eq!(d["contract_address"], CONTRACT);
    assert!(d["gas_used"].as_u64().unwrap() > 0);

    let r1 = call(&dir, "", "100000");
    assert_eq!(r1["success"], true);
    assert_eq!(r1["error"], Value::Null);
    assert_eq!(r1["return_data"], word_json(1));
    let logs = r1["logs"].as_array().unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0]["address"], CONTRACT);
    assert_eq!(
        logs[0]["topics"][0],
        format!("0x{}", "0".repeat(63) + "1").as_str()
    );
    assert_eq!(logs[0]["data"], word_json(1));
    let gas1 = r1["gas_used"].as_u64().unwrap();
    assert!(gas1 > 0);

    // 0x-prefixed 32-byte input: add 5.
    let five = format!("0x{:064x}", 5);
    let r2 = call(&dir, &five, "100000");
    assert_eq!(r2["return_data"], word_json(6));

    // View: runs (7) but does not commit; return_data is hex.
    let v = view(&dir);
    assert_eq!(v["success"], true);
    assert_eq!(v["return_data"], format!("0x{:064x}", 7).as_str());
    let v = view(&dir);
    assert_eq!(v["return_data"], format!("0x{:064x}", 7).as_str());

    // get-code: plain hex, equal to the deployed container.
    let code = ok(zvm_in(&dir, &["get-code", "--contract", CONTRACT]));
    assert_eq!(code.trim(), counter_hex());
    assert!(!code.starts_with("0x"));

    // estimate-gas: a bare integer, and nothing committed.
    let est = ok(zvm_in(
        &dir,
        &[
            "estimate-gas",
            "--contract",
            CONTRACT,
            "--function",
            "main",
            "--input",
            "",
            "--caller",
            CALLER,
            "--value",
            "0",
        ],
    ));
    let est: u64 = est.trim().parse().unwrap();
    assert!(est > 0 && est < gas1, "{est} {gas1}");
    assert_eq!(call(&dir, "", "100000")["return_data"], word_json(7));

    // state root: height 4 (deploy + 3 calls).
    let root = json(zvm_in(&dir, &["state", "root", "--json"]));
    assert_eq!(root["height"], 4);
    assert_eq!(root["root"].as_str().unwrap().len(), 64);
}

#[test]
fn failed_calls_still_print_json() {
    let dir = TempDir::new("fail");
    deploy(&dir);
    let before = ok(zvm_in(&dir, &["state", "root"]));
    // Out of gas: JSON on stdout, exit 0, the whole limit used, nothing committed.
    let r = call(&dir, "", "1000");
    assert_eq!(r["success"], false);
    assert_eq!(r["error"], "out of gas");
    assert_eq!(r["gas_used"], 1000);
    assert_eq!(r["return_data"], serde_json::json!([]));
    assert_eq!(r["logs"], serde_json::json!([]));
    assert_eq!(ok(zvm_in(&dir, &["state", "root"])), before);
    // An unknown function.
    let r = json(zvm_in(
        &dir,
        &[
            "call",
            "--contract",
            CONTRACT,
            "--function",
            "nope",
            "--caller",
            CALLER,
            "--json",
        ],
    ));
    assert_eq!(r["success"], false);
    assert!(r["error"].as_str().unwrap().contains("nope"));
    // estimate-gas of a failing call: non-zero exit, message.
    let o = zvm_in(
        &dir,
        &[
            "estimate-gas",
            "--contract",
            CONTRACT,
            "--function",
            "main",
            "--caller",
            CALLER,
            "--gas-limit",
            "1000",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("out of gas"));
    assert_eq!(call(&dir, "", "100000")["return_data"], word_json(1));
}

#[test]
fn reverting_call_prints_json() {
    let dir = TempDir::new("revert");
    let src = dir.path().join("revert.zasm");
    std::fs::write(
        &src,
        ".export main main\nmain: JUMPDEST\nPUSH 5\nPUSH0\nSSTORE\nPUSH 0xab\nPUSH0\nMSTORE8\nPUSH 1\nPUSH0\nREVERT\n",
    )
    .unwrap();
    let bc = ok(zvm(&["asm", src.to_str().unwrap()]));
    let d = json(zvm_in(
        &dir,
        &[
            "deploy",
            "--bytecode",
            bc.trim(),
            "--deployer",
            DEPLOYER,
            "--json",
        ],
    ));
    assert_eq!(d["contract_address"], CONTRACT);
    let r = call(&dir, "", "100000");
    assert_eq!(r["success"], false);
    assert_eq!(r["error"], "reverted");
    assert_eq!(r["return_data"], serde_json::json!([0xab]));
    assert!(r["gas_used"].as_u64().unwrap() > 0);
    let root = json(zvm_in(&dir, &["state", "root", "--json"]));
    assert_eq!(root["height"], 1);
}

#[test]
fn deploy_failures_exit_non_zero() {
    let dir = TempDir::new("deployfail");
    for (bc, msg) in [
        ("0xfe", "execution error: EvmHalt"),
        (
            "0061736d01000000",
            "invalid WASM module: missing memory export",
        ),
        ("007a766d01", "malformed ZVM container"),
    ] {
        let o = zvm_in(
            &dir,
            &["deploy", "--bytecode", bc, "--deployer", DEPLOYER, "--json"],
        );
        assert!(!o.status.success());
        assert!(stderr(&o).contains(msg), "{}", stderr(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["success"], false);
        assert_eq!(v["contract_address"], Value::Null);
    }
}

#[test]
fn state_persists_and_env_var_selects_it() {
    let dir = TempDir::new("persist");
    deploy(&dir);
    call(&dir, "", "100000");
    // A separate process through ZVM_STATE_DIR sees the same state.
    let o = Command::new(BIN)
        .args([
            "call",
            "--contract",
            CONTRACT,
            "--function",
            "main",
            "--caller",
            CALLER,
            "--json",
        ])
        .env("ZVM_STATE_DIR", dir.state())
        .output()
        .unwrap();
    let r: Value = serde_json::from_str(&ok(o)).unwrap();
    assert_eq!(r["return_data"], word_json(2));
    // --state wins over the environment.
    let other = TempDir::new("persist-other");
    let o = Command::new(BIN)
        .args(["--state", &other.state(), "state", "root", "--json"])
        .env("ZVM_STATE_DIR", dir.state())
        .output()
        .unwrap();
    let v: Value = serde_json::from_str(&ok(o)).unwrap();
    assert_eq!(v["height"], 0);
    // The default directory is under XDG_DATA_HOME.
    let o = Command::new(BIN)
        .args(["state", "root", "--json"])
        .env_remove("ZVM_STATE_DIR")
        .env("XDG_DATA_HOME", other.path().join("xdg"))
        .output()
        .unwrap();
    ok(o);
    assert!(other.path().join("xdg/zvm/state.redb").exists());
}

#[test]
fn snapshot_and_rollback() {
    let dir = TempDir::new("snap");
    deploy(&dir);
    call(&dir, "", "100000");
    let root2 = ok(zvm_in(&dir, &["state", "root"]));
    let snap = dir.path().join("s.snap");
    ok(zvm_in(
        &dir,
        &["snapshot", "export", snap.to_str().unwrap()],
    ));
    let other = TempDir::new("snap-import");
    let imported = ok(zvm_in(
        &other,
        &["snapshot", "import", snap.to_str().unwrap()],
    ));
    assert_eq!(imported, root2);
    assert_eq!(ok(zvm_in(&other, &["state", "root"])), root2);
    // Importing again into a non-empty state fails.
    let o = zvm_in(&other, &["snapshot", "import", snap.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("empty state"));
    // Roll back the call: the counter is back to 0.
    let r = ok(zvm_in(&dir, &["state", "rollback", "1"]));
    assert!(r.starts_with("height 1\n"));
    assert_eq!(call(&dir, "", "100000")["return_data"], word_json(1));
    let o = zvm_in(&dir, &["state", "rollback", "9"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cannot roll back to height 9"));
}

#[test]
fn run_asm_disasm() {
    let dir = TempDir::new("dev");
    let r: Value = serde_json::from_str(&ok(zvm(&["run", COUNTER, "--json"]))).unwrap();
    assert_eq!(r["success"], true);
    assert_eq!(r["return_data"], word_json(1));
    let text = ok(zvm(&["run", COUNTER, "--input", &format!("{:064x}", 41)]));
    assert!(text.contains("success: true"), "{text}");
    assert!(
        text.contains(&format!("return_data: 0x{:064x}", 41)),
        "{text}"
    );

    let bin = dir.path().join("c.zvm");
    ok(zvm(&["asm", COUNTER, "-o", bin.to_str().unwrap()]));
    let asm = ok(zvm(&["disasm", bin.to_str().unwrap()]));
    let src2 = dir.path().join("c2.zasm");
    std::fs::write(&src2, asm).unwrap();
    let bin2 = dir.path().join("c2.zvm");
    ok(zvm(&[
        "asm",
        src2.to_str().unwrap(),
        "-o",
        bin2.to_str().unwrap(),
    ]));
    assert_eq!(std::fs::read(&bin).unwrap(), std::fs::read(&bin2).unwrap());
    // `run` also takes a binary container, `disasm` a hex file.
    let r: Value =
        serde_json::from_str(&ok(zvm(&["run", bin.to_str().unwrap(), "--json"]))).unwrap();
    assert_eq!(r["success"], true);
    let hexf = dir.path().join("c.hex");
    std::fs::write(&hexf, counter_hex()).unwrap();
    assert_eq!(
        ok(zvm(&["disasm", hexf.to_str().unwrap()])),
        ok(zvm(&["disasm", bin.to_str().unwrap()]))
    );
}

#[test]
fn version_and_help() {
    let v = ok(zvm(&["--version"]));
    assert!(v.starts_with("zvm "), "{v}");
    let h = ok(zvm(&["--help"]));
    for cmd in [
        "deploy",
        "call",
        "view",
        "get-code",
        "estimate-gas",
        "run",
        "asm",
        "disasm",
        "state",
        "snapshot",
    ] {
        assert!(h.contains(cmd), "{cmd} missing from help");
    }
    assert!(h.contains("ZVM_STATE_DIR") && h.contains(".local/share/zvm"));
    for cmd in [
        "deploy",
        "call",
        "view",
        "get-code",
        "estimate-gas",
        "run",
        "asm",
        "disasm",
    ] {
        let h = ok(zvm(&[cmd, "--help"]));
        assert!(h.contains("Example"), "{cmd} --help has no example");
    }
}

#[test]
fn bad_arguments_fail_with_a_message() {
    let dir = TempDir::new("badargs");
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "call",
                "--contract",
                "0x12",
                "--function",
                "main",
                "--caller",
                CALLER,
            ],
            "--contract",
        ),
        (
            &[
                "call",
                "--contract",
                CONTRACT,
                "--function",
                "main",
                "--caller",
                "zz",
            ],
            "--caller",
        ),
        (
            &["deploy", "--bytecode", "0xabc", "--deployer", DEPLOYER],
            "--bytecode",
        ),
        (
            &["deploy", "--bytecode", "xyz1", "--deployer", DEPLOYER],
            "--bytecode",
        ),
        (
            &[
                "call",
                "--contract",
                CONTRACT,
                "--function",
                "main",
                "--caller",
                CALLER,
                "--input",
                "0xq0",
            ],
            "--input",
        ),
        (
            &[
                "call",
                "--contract",
                CONTRACT,
                "--function",
                "main",
                "--caller",
                CALLER,
                "--value",
                "ten",
            ],
            "--value",
        ),
        (
            &[
                "call",
                "--contract",
                CONTRACT,
                "--function",
                "main",
                "--caller",
                CALLER,
                "--gas-limit",
                "lots",
            ],
            "--gas-limit",
        ),
        (
            &["call", "--contract", CONTRACT, "--caller", CALLER],
            "--function",
        ),
        (&["frobnicate"], "frobnicate"),
    ];
    for (args, name) in cases {
        let o = zvm_in(&dir, args);
        assert!(!o.status.success(), "{args:?} succeeded");
        assert!(stderr(&o).contains(name), "{args:?}: {}", stderr(&o));
    }
    // get-code of an empty address.
    let o = zvm_in(&dir, &["get-code", "--contract", CONTRACT]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no contract at"));
}

#[test]
fn concurrent_processes_do_not_corrupt_state() {
    let dir = TempDir::new("concurrent");
    deploy(&dir);
    let state = dir.state();
    let n = 6;
    let children: Vec<_> = (0..n)
        .map(|_| {
            Command::new(BIN)
                .args([
                    "--state",
                    &state,
                    "--lock-timeout",
                    "60",
                    "call",
                    "--contract",
                    CONTRACT,
                    "--function",
                    "main",
                    "--caller",
                    CALLER,
                    "--json",
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut seen: Vec<u8> = children
        .into_iter()
        .map(|c| {
            let v: Value = serde_json::from_str(&ok(c.wait_with_output().unwrap())).unwrap();
            assert_eq!(v["success"], true);
            v["return_data"][31].as_u64().unwrap() as u8
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        (1..=n as u8).collect::<Vec<_>>(),
        "each call saw its own count"
    );
    let root = json(zvm_in(&dir, &["state", "root", "--json"]));
    assert_eq!(root["height"], 1 + n as u64);

    // A process that cannot get the lock in time fails cleanly with the InUse message.
    let holder = zvm::state::RedbState::open(dir.path().join("state")).unwrap();
    let o = zvm_in(&dir, &["--lock-timeout", "0", "state", "root"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("in use by another zvm process"),
        "{}",
        stderr(&o)
    );
    drop(holder);
    assert_eq!(
        call(&dir, "", "100000")["return_data"],
        word_json(n as u64 + 1)
    );
}

#[test]
fn demo_runs_end_to_end_and_is_reproducible() {
    let run = |dir: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_zvm"))
            .args(["demo", "--dir"])
            .arg(dir)
            .output()
            .expect("run zvm demo");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let base = std::env::temp_dir().join(format!("zvm-demo-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let a = run(&base.join("a"));
    for needle in [
        "Transfer(to 0xbebebebebebebebebebebebebebebebebebebebe, amount 1000, nonce 0)",
        "\"wallet: bad nonce\"",
        "\"wallet: below threshold\"",
        "\"wallet: invalid signatures\"",
        "\"wallet: bad nonce\", gas used",
        "\"dao: below quorum\"",
        "\"airdrop: already claimed\"",
        // WASM -> EVM: the wallet's execute carries the ERC-20's Transfer to 0xbebe…
        "[EVM ZToken.sol] Transfer(from ",
        "to 0xbebebebebebebebebebebebebebebebebebebebe, amount 250)",
        "[WASM multisig_wallet.wasm] Executed(nonce 0, to ",
        "ZToken.balanceOf(0xbebe…) = 250",
        "[WASM dao_vote.wasm] Passed(id 0, votes 3)",
        "[WASM airdrop.wasm] Claimed(account 0xb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0, amount 250)",
        "get() = 2",
        "verifies",
        "demo complete: 3 engines, 23 transactions (17 accepted, 6 refused as expected), height 17, state root",
    ] {
        assert!(a.contains(needle), "missing {needle:?} in:\n{a}");
    }
    // The same seed gives the same state root.
    let root = |s: &str| {
        s.lines()
            .find(|l| l.trim_start().starts_with("state root"))
            .map(|l| l.split_whitespace().last().unwrap_or("").to_owned())
            .expect("a state root line")
    };
    let b = run(&base.join("b"));
    assert_eq!(root(&a), root(&b));
    // The state kept on disk is what the demo reported.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zvm"))
        .arg("--state")
        .arg(base.join("a"))
        .args(["state", "root"])
        .output()
        .expect("zvm state root");
    assert!(String::from_utf8_lossy(&out.stdout).contains(&root(&a)));
    // A directory that exists is refused.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zvm"))
        .args(["demo", "--dir"])
        .arg(base.join("a"))
        .output()
        .expect("run zvm demo");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    let _ = std::fs::remove_dir_all(&base);
}
