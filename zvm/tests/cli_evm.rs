//! The `zvm` binary with a solc-compiled ERC-20 (zvm/contracts/solidity/out/ZToken.json),
//! run as the GhostChain node runs it: one process per command, a `--state` directory,
//! JSON receipts parsed from stdout.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;
use zcrypto::hash::keccak256;

const BIN: &str = env!("CARGO_BIN_EXE_zvm");
const DEPLOYER: &str = "0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0";
/// `contract_address(DEPLOYER, 0)` (Ethereum's CREATE rule).
const TOKEN: &str = "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d";
const BOB: &str = "0x2222222222222222222222222222222222222222";
const CAROL: &str = "0x3333333333333333333333333333333333333333";
const SUPPLY: u128 = 1_000_000;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p =
            std::env::temp_dir().join(format!("zvm-cli-evm-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
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

/// Runs `zvm --state <dir> args...`.
fn zvm(dir: &TempDir, args: &[&str]) -> Output {
    let state = dir.state();
    let mut all = vec!["--state", &state, "--block-time", "1700000000"];
    all.extend_from_slice(args);
    Command::new(BIN)
        .args(&all)
        .env_remove("ZVM_STATE_DIR")
        .output()
        .unwrap()
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "status {:?}, stderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn json(o: Output) -> Value {
    let out = ok(o);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// The ERC-20 artifact's init code (hex, 0x-prefixed) and runtime code.
fn artifact() -> (String, String) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/contracts/solidity/out/ZToken.json"
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(
        v["methodIdentifiers"]["transfer(address,uint256)"],
        "a9059cbb"
    );
    assert_eq!(v["methodIdentifiers"]["balanceOf(address)"], "70a08231");
    (
        v["bytecode"].as_str().unwrap().to_string(),
        v["deployedBytecode"].as_str().unwrap().to_string(),
    )
}

fn word(v: u128) -> String {
    format!("{v:064x}")
}

/// An address as an ABI word / log topic (hex, no 0x).
fn addr_word(a: &str) -> String {
    format!("{:0>64}", a.trim_start_matches("0x"))
}

/// `abi.encode(string name, string symbol, uint256 supply)`.
fn constructor_args(name: &str, symbol: &str, supply: u128) -> String {
    let pad = |s: &str| {
        let mut h = hex::encode(s);
        while !h.len().is_multiple_of(64) || h.is_empty() {
            h.push('0');
        }
        format!("{}{h}", word(s.len() as u128))
    };
    let n = pad(name);
    format!(
        "{}{}{}{n}{}",
        word(96),
        word(96 + n.len() as u128 / 2),
        word(supply),
        pad(symbol)
    )
}

fn transfer_topic() -> String {
    format!(
        "0x{}",
        hex::encode(keccak256(b"Transfer(address,address,uint256)"))
    )
}

/// A receipt's log as (address, topics, data hex); `data` is a byte array in `call`
/// receipts (like `return_data`).
fn log(v: &Value) -> (String, Vec<String>, String) {
    let topics = v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    let data = match &v["data"] {
        Value::String(s) => s.trim_start_matches("0x").to_string(),
        Value::Array(bytes) => hex::encode(
            bytes
                .iter()
                .map(|b| b.as_u64().unwrap() as u8)
                .collect::<Vec<_>>(),
        ),
        other => panic!("log data {other}"),
    };
    (v["address"].as_str().unwrap().to_string(), topics, data)
}

fn balance_of(dir: &TempDir, who: &str) -> u128 {
    let v = json(zvm(
        dir,
        &[
            "view",
            "--contract",
            TOKEN,
            "--function",
            "70a08231",
            "--input",
            &addr_word(who),
            "--json",
        ],
    ));
    assert_eq!(v["success"], true, "{v}");
    let hex = v["return_data"].as_str().unwrap().trim_start_matches("0x");
    assert_eq!(hex.len(), 64, "{v}");
    u128::from_str_radix(&hex[32..], 16).unwrap()
}

fn transfer(dir: &TempDir, from: &str, to: &str, amount: u128) -> Value {
    json(zvm(
        dir,
        &[
            "call",
            "--contract",
            TOKEN,
            "--function",
            "a9059cbb",
            "--input",
            &format!("{}{}", addr_word(to), word(amount)),
            "--caller",
            from,
            "--gas-limit",
            "200000",
            "--json",
        ],
    ))
}

fn state_root(dir: &TempDir) -> Value {
    json(zvm(dir, &["state", "root", "--json"]))
}

#[test]
fn erc20_deploy_transfer_balance_of() {
    let dir = TempDir::new("erc20");
    let (init, runtime) = artifact();

    // deploy: the constructor mints the supply to the deployer (a Transfer from 0)
    let d = json(zvm(
        &dir,
        &[
            "deploy",
            "--bytecode",
            &init,
            "--constructor-args",
            &constructor_args("Ghost", "GHOST", SUPPLY),
            "--deployer",
            DEPLOYER,
            "--gas-limit",
            "3000000",
            "--json",
        ],
    ));
    assert_eq!(d["success"], true, "{d}");
    assert_eq!(d["contract_address"], TOKEN, "{d}");
    let logs = d["logs"].as_array().unwrap();
    assert_eq!(logs.len(), 1, "{d}");
    let (address, topics, data) = log(&logs[0]);
    assert_eq!(address, TOKEN);
    assert_eq!(
        topics,
        vec![
            transfer_topic(),
            format!("0x{}", word(0)),
            format!("0x{}", addr_word(DEPLOYER))
        ]
    );
    assert_eq!(data, word(SUPPLY));

    // the stored code is solc's runtime code
    let code = ok(zvm(&dir, &["get-code", "--contract", TOKEN]));
    assert_eq!(code.trim(), runtime.trim_start_matches("0x"));

    assert_eq!(balance_of(&dir, DEPLOYER), SUPPLY);
    assert_eq!(balance_of(&dir, BOB), 0);

    // transfer 250 to BOB
    let r = transfer(&dir, DEPLOYER, BOB, 250);
    assert_eq!(r["success"], true, "{r}");
    assert_eq!(r["error"], Value::Null);
    let gas = r["gas_used"].as_u64().unwrap();
    assert!(gas > 21_000 && gas < 200_000, "{r}");
    // return_data: abi.encode(true), as a byte array
    let ret: Vec<u8> = r["return_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_u64().unwrap() as u8)
        .collect();
    assert_eq!(hex::encode(ret), word(1));
    let logs = r["logs"].as_array().unwrap();
    assert_eq!(logs.len(), 1, "{r}");
    let (address, topics, data) = log(&logs[0]);
    assert_eq!(address, TOKEN);
    assert_eq!(
        topics,
        vec![
            transfer_topic(),
            format!("0x{}", addr_word(DEPLOYER)),
            format!("0x{}", addr_word(BOB))
        ]
    );
    assert_eq!(data, word(250));
    assert_eq!(
        topics[0],
        "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
    );

    assert_eq!(balance_of(&dir, DEPLOYER), SUPPLY - 250);
    assert_eq!(balance_of(&dir, BOB), 250);

    // BOB passes 100 on to CAROL
    let r = transfer(&dir, BOB, CAROL, 100);
    assert_eq!(r["success"], true, "{r}");
    assert_eq!(balance_of(&dir, BOB), 150);
    assert_eq!(balance_of(&dir, CAROL), 100);

    // more than BOB holds: the receipt says reverted (exit 0), and nothing changes
    let before = state_root(&dir);
    let r = transfer(&dir, BOB, CAROL, 151);
    assert_eq!(r["success"], false, "{r}");
    assert_eq!(r["error"], "reverted", "{r}");
    assert_eq!(r["logs"].as_array().unwrap().len(), 0);
    // ERC20InsufficientBalance(address,uint256,uint256) = 0xe450d38c
    let ret: Vec<u8> = r["return_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_u64().unwrap() as u8)
        .collect();
    assert_eq!(
        hex::encode(&ret),
        format!(
            "{}{}{}{}",
            hex::encode(&keccak256(b"ERC20InsufficientBalance(address,uint256,uint256)")[..4]),
            addr_word(BOB),
            word(150),
            word(151)
        )
    );
    assert_eq!(state_root(&dir), before);
    assert_eq!(balance_of(&dir, BOB), 150);

    // estimate-gas agrees that a transfer works and what it costs
    let est = ok(zvm(
        &dir,
        &[
            "estimate-gas",
            "--contract",
            TOKEN,
            "--function",
            "a9059cbb",
            "--input",
            &format!("{}{}", addr_word(CAROL), word(1)),
            "--caller",
            BOB,
        ],
    ));
    let est: u64 = est.trim().parse().unwrap();
    assert!(est > 21_000 && est < 200_000);
}

#[test]
fn evm_function_must_be_a_selector() {
    let dir = TempDir::new("selector");
    let (init, _) = artifact();
    json(zvm(
        &dir,
        &[
            "deploy",
            "--bytecode",
            &init,
            "--constructor-args",
            &constructor_args("G", "G", 1),
            "--deployer",
            DEPLOYER,
            "--json",
        ],
    ));
    // a function name is not a selector: refused with a message naming the convention
    let r = json(zvm(
        &dir,
        &[
            "call",
            "--contract",
            TOKEN,
            "--function",
            "transfer",
            "--caller",
            BOB,
            "--json",
        ],
    ));
    assert_eq!(r["success"], false, "{r}");
    let e = r["error"].as_str().unwrap();
    assert!(e.contains("selector"), "{e}");
    // the raw call data form: empty function, selector inside the input
    let v = json(zvm(
        &dir,
        &[
            "view",
            "--contract",
            TOKEN,
            "--function",
            "",
            "--input",
            &format!("70a08231{}", addr_word(DEPLOYER)),
            "--json",
        ],
    ));
    assert_eq!(v["success"], true, "{v}");
    assert_eq!(v["return_data"], format!("0x{}", word(1)));
}
