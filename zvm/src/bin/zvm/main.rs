//! `zvm`: the ZVM command-line tool.
//!
//! One process per command, as the GhostChain node drives it: deploy and call contracts
//! against a persistent state directory, view, estimate gas, read code; plus developer
//! commands (run, asm, disasm) and state maintenance (root, rollback, snapshots).
//! `zvm --help` and `zvm <command> --help` document every command with examples.
//!
//! Exit status: 0 on success; 1 when the command failed (message on stderr); 2 for bad
//! arguments. `call` and `view` exit 0 whenever they print a receipt, also for a
//! transaction that reverted or ran out of gas: read its `success` field.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod demo;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use serde_json::{Value, json};
use zcrypto::encoding::{from_hex, to_hex};
use zvm::address::Address;
use zvm::asm;
use zvm::container::{Container, MAGIC};
use zvm::interpreter::Log;
use zvm::runtime::{Receipt, Runtime};
use zvm::state::snapshot::Snapshot;
use zvm::state::{MemoryState, RedbState, RedbStateOptions, StateError, StateStore};

/// The gas limit when `--gas-limit` is not given.
const DEFAULT_GAS_LIMIT: u64 = 10_000_000;

const STATE_HELP: &str = "\
State directory: --state DIR, else $ZVM_STATE_DIR, else $XDG_DATA_HOME/zvm, else
~/.local/share/zvm. One process at a time uses a state directory; another waits up to
--lock-timeout seconds (default 10), then fails with \"... is in use by another zvm
process\" (the state is never corrupted).

Exit status: 0 success; 1 failure (message on stderr); 2 bad arguments. `call` and
`view` exit 0 whenever they print a receipt, also for a transaction that reverted or ran
out of gas: check its \"success\" field.

Examples:
  zvm asm zvm/contracts/counter.zasm -o counter.zvm
  zvm deploy --bytecode $(zvm asm zvm/contracts/counter.zasm) \\
      --deployer 0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0 --gas-limit 1000000 --json
  zvm call --contract 0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d --function main \\
      --input \"\" --caller 0x2222222222222222222222222222222222222222 --json
  zvm view --contract 0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d --function main --json
  zvm --state /tmp/zvm-dev state root";

/// ZVM: deploy, call and inspect native ZVM contracts over a persistent state.
#[derive(Parser, Debug)]
#[command(name = "zvm", version, after_long_help = STATE_HELP, after_help = STATE_HELP)]
struct Cli {
    /// The state directory [default: $XDG_DATA_HOME/zvm or ~/.local/share/zvm].
    #[arg(long, global = true, env = "ZVM_STATE_DIR", value_name = "DIR")]
    state: Option<PathBuf>,

    /// How long to wait for a state directory that another zvm process is using.
    #[arg(long, global = true, value_name = "SECS", default_value_t = 10)]
    lock_timeout: u64,

    /// The block time seen by contracts (`TIME`), in Unix seconds [default: now].
    #[arg(long, global = true, value_name = "SECS")]
    block_time: Option<u64>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Deploy a contract; prints its address
    ///
    /// Example:
    ///   zvm deploy --bytecode 007a766d01... --constructor-args "" --deployer 0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0 --gas-limit 1000000 --json
    ///
    /// JSON output: {"success", "contract_address", "gas_used", "return_data", "logs",
    /// "error"}. A failed deploy exits 1 with the error on stderr (the JSON is still
    /// printed with --json).
    #[command(verbatim_doc_comment)]
    Deploy(DeployArgs),
    /// Call a contract function in a transaction (committed if it succeeds)
    ///
    /// Example:
    ///   zvm call --contract 0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d --function main --input "" --caller 0x2222222222222222222222222222222222222222 --value 0 --gas-limit 100000 --json
    ///
    /// JSON output: {"success": bool, "return_data": [bytes], "gas_used": n, "logs":
    /// [{"address", "topics", "data"}], "error": null | "reverted" | "out of gas" | ...}.
    /// Printed (exit 0) also when the call reverts or runs out of gas.
    #[command(verbatim_doc_comment)]
    Call(CallArgs),
    /// Run a call without committing anything
    ///
    /// Example:
    ///   zvm view --contract 0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d --function main --input "" --json
    ///
    /// JSON output as for `call`, except that "return_data" is a 0x-prefixed hex string.
    #[command(verbatim_doc_comment)]
    View(ViewArgs),
    /// Print a contract's bytecode as plain hex (no 0x)
    ///
    /// Example:
    ///   zvm get-code --contract 0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d
    #[command(verbatim_doc_comment)]
    GetCode {
        /// The contract address.
        #[arg(long, value_name = "ADDR", value_parser = parse_address)]
        contract: Address,
    },
    /// Print the gas a call would use, as a bare integer (nothing is committed)
    ///
    /// Example:
    ///   zvm estimate-gas --contract 0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d --function main --input "" --caller 0x2222222222222222222222222222222222222222 --value 0
    ///
    /// Exits 1 (error on stderr) if the call would fail.
    #[command(verbatim_doc_comment)]
    EstimateGas(EstimateArgs),
    /// Assemble a .zasm file (or load a container), deploy it and call it in a throwaway
    /// in-memory state, and print the receipt.
    ///
    /// Example:
    ///   zvm run zvm/contracts/counter.zasm --input 0x000000000000000000000000000000000000000000000000000000000000002a
    #[command(verbatim_doc_comment)]
    Run(RunArgs),
    /// Assemble a .zasm file into a container
    ///
    /// Examples:
    ///   zvm asm zvm/contracts/counter.zasm -o counter.zvm   (binary container)
    ///   zvm asm zvm/contracts/counter.zasm                  (hex on stdout)
    #[command(verbatim_doc_comment)]
    Asm {
        /// The assembly source.
        file: PathBuf,
        /// Write the binary container here (default: print it as hex).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Disassemble a container (binary, or a file of hex) into assembly that `asm`
    /// turns back into the same container.
    ///
    /// Example:
    ///   zvm disasm counter.zvm
    #[command(verbatim_doc_comment)]
    Disasm {
        /// The container file (binary or hex text).
        file: PathBuf,
    },
    /// Inspect or roll back the state.
    #[command(subcommand)]
    State(StateCommand),
    /// Export or import a state snapshot.
    #[command(subcommand)]
    Snapshot(SnapshotCommand),
    /// The end-to-end demo: one runtime, one redb state, three engines (native, EVM, WASM)
    ///
    /// In a fresh state directory, with keys derived from --seed:
    ///   native  a 2-of-3 post-quantum multisig wallet (Ed25519, ML-DSA-65, BLS12-381
    ///           keys; the MULTISIG crypto opcode); a replay, a single signature and a
    ///           tampered amount are refused
    ///   EVM     the solc ERC-20 ZToken, deployed and funding the WASM wallet's address
    ///   WASM    the Rust multisig wallet with the same policy executes an ERC-20
    ///           transfer on the EVM token (WASM -> EVM), and refuses its replay;
    ///           a DAO vote tallied with a 3-of-5 BLS aggregate signature (2 of 5 is
    ///           below quorum); a Merkle airdrop paying a WASM token (a double claim
    ///           is refused); a counter written in C
    /// Every receipt is printed with gas and decoded events, every refusal is checked
    /// against an unchanged state root; it ends with the state root, a Merkle proof,
    /// the height and a table of every transaction with its engine and gas.
    ///
    /// Example:
    ///   zvm demo
    ///   zvm demo --dir /tmp/zvm-demo --keep && zvm --state /tmp/zvm-demo state root
    #[command(verbatim_doc_comment)]
    Demo(demo::DemoArgs),
}

#[derive(Subcommand, Debug)]
enum StateCommand {
    /// Print the committed height and state root
    ///
    /// Example:
    ///   zvm state root --json
    #[command(verbatim_doc_comment)]
    Root {
        /// Print {"height": n, "root": "hex"}.
        #[arg(long)]
        json: bool,
    },
    /// Return the state to an earlier height (within the retained undo records)
    ///
    /// Example:
    ///   zvm state rollback 3
    #[command(verbatim_doc_comment)]
    Rollback {
        /// The height to return to.
        height: u64,
    },
}

#[derive(Subcommand, Debug)]
enum SnapshotCommand {
    /// Write the committed state to a snapshot file
    ///
    /// Example:
    ///   zvm snapshot export state.snap
    #[command(verbatim_doc_comment)]
    Export {
        /// The snapshot file to write.
        path: PathBuf,
    },
    /// Load a snapshot into an empty state directory
    ///
    /// Example:
    ///   zvm --state /tmp/fresh snapshot import state.snap
    #[command(verbatim_doc_comment)]
    Import {
        /// The snapshot file to read.
        path: PathBuf,
    },
}

#[derive(Args, Debug)]
struct DeployArgs {
    /// The bytecode, hex (0x optional).
    #[arg(long, value_name = "HEX", value_parser = parse_hex)]
    bytecode: Bytes,
    /// The constructor's call data, hex (0x optional; may be empty).
    #[arg(long, value_name = "HEX", value_parser = parse_hex, default_value = "")]
    constructor_args: Bytes,
    /// The deploying account (its nonce determines the contract address).
    #[arg(long, value_name = "ADDR", value_parser = parse_address)]
    deployer: Address,
    /// Value moved from the deployer to the contract.
    #[arg(long, value_name = "N", default_value_t = 0)]
    value: u128,
    /// The gas limit.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_GAS_LIMIT)]
    gas_limit: u64,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct Target {
    /// The contract address.
    #[arg(long, value_name = "ADDR", value_parser = parse_address)]
    contract: Address,
    /// The function: for native contracts, an export name (e.g. `main`).
    #[arg(long, value_name = "SEL")]
    function: String,
    /// The call data, hex (0x optional; may be empty).
    #[arg(long, value_name = "HEX", value_parser = parse_hex, default_value = "")]
    input: Bytes,
}

#[derive(Args, Debug)]
struct CallArgs {
    #[command(flatten)]
    target: Target,
    /// The calling account.
    #[arg(long, value_name = "ADDR", value_parser = parse_address)]
    caller: Address,
    /// Value moved from the caller to the contract.
    #[arg(long, value_name = "N", default_value_t = 0)]
    value: u128,
    /// The gas limit.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_GAS_LIMIT)]
    gas_limit: u64,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct ViewArgs {
    #[command(flatten)]
    target: Target,
    /// The caller the contract sees.
    #[arg(long, value_name = "ADDR", value_parser = parse_address, default_value = "0x0000000000000000000000000000000000000000")]
    caller: Address,
    /// The gas limit.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_GAS_LIMIT)]
    gas_limit: u64,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct EstimateArgs {
    #[command(flatten)]
    target: Target,
    /// The calling account.
    #[arg(long, value_name = "ADDR", value_parser = parse_address, default_value = "0x0000000000000000000000000000000000000000")]
    caller: Address,
    /// Value moved from the caller to the contract.
    #[arg(long, value_name = "N", default_value_t = 0)]
    value: u128,
    /// The gas limit to run with.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_GAS_LIMIT)]
    gas_limit: u64,
}

#[derive(Args, Debug)]
struct RunArgs {
    /// A .zasm source file or a binary container.
    file: PathBuf,
    /// The export to call.
    #[arg(long, value_name = "SEL", default_value = "main")]
    function: String,
    /// The call data, hex (0x optional; may be empty).
    #[arg(long, value_name = "HEX", value_parser = parse_hex, default_value = "")]
    input: Bytes,
    /// The constructor's call data, hex.
    #[arg(long, value_name = "HEX", value_parser = parse_hex, default_value = "")]
    constructor_args: Bytes,
    /// The gas limit (deploy and call each).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_GAS_LIMIT)]
    gas_limit: u64,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Hex-decoded bytes (a newtype so that clap takes one value, not a list).
#[derive(Clone, Debug)]
struct Bytes(Vec<u8>);

fn parse_hex(s: &str) -> Result<Bytes, String> {
    let digits = s.trim();
    let digits = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
        .unwrap_or(digits);
    if !digits.len().is_multiple_of(2) {
        return Err(format!(
            "odd number of hex digits ({}); each byte is two digits",
            digits.len()
        ));
    }
    from_hex(digits)
        .map(Bytes)
        .map_err(|_| "not hex (expected digits 0-9a-f, optional 0x prefix)".to_string())
}

fn parse_address(s: &str) -> Result<Address, String> {
    s.trim()
        .parse()
        .map_err(|_| "expected a 20-byte address: 40 hex digits, optional 0x prefix".to_string())
}

/// A command failure: the message for stderr.
struct Failure(String);

impl From<zcrypto::Error> for Failure {
    fn from(e: zcrypto::Error) -> Self {
        Failure(e.to_string())
    }
}

impl From<StateError> for Failure {
    fn from(e: StateError) -> Self {
        Failure(e.to_string())
    }
}

type Outcome = Result<ExitCode, Failure>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Failure(msg)) => {
            eprintln!("zvm: error: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Outcome {
    let opener = Opener {
        dir: cli.state.clone(),
        wait: Duration::from_secs(cli.lock_timeout),
        time: cli.block_time,
    };
    match cli.command {
        Command::Deploy(a) => deploy(&opener, a),
        Command::Call(a) => call(&opener, a),
        Command::View(a) => view(&opener, a),
        Command::GetCode { contract } => {
            let rt = opener.runtime()?;
            let code = rt.code(&contract)?;
            if code.is_empty() {
                return Err(Failure(format!("no contract at {contract}")));
            }
            println!("{}", to_hex(&code));
            Ok(ExitCode::SUCCESS)
        }
        Command::EstimateGas(a) => {
            let mut rt = opener.runtime()?;
            let t = a.target;
            let gas = rt
                .estimate_gas(
                    a.caller,
                    t.contract,
                    &t.function,
                    &t.input.0,
                    a.value,
                    a.gas_limit,
                )
                .map_err(|e| Failure(format!("the call would fail: {e}")))?;
            println!("{gas}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Run(a) => run_file(&opener, a),
        Command::Asm { file, output } => {
            let src = std::fs::read_to_string(&file)
                .map_err(|e| Failure(format!("cannot read {}: {e}", file.display())))?;
            let c = asm::assemble(&src).map_err(|e| Failure(format!("{}: {e}", file.display())))?;
            let bytes = c.encode();
            match output {
                Some(out) => std::fs::write(&out, &bytes)
                    .map_err(|e| Failure(format!("cannot write {}: {e}", out.display())))?,
                None => println!("{}", to_hex(&bytes)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Disasm { file } => {
            let bytes = read_container_file(&file)?;
            let text = asm::disassemble_bytes(&bytes)
                .map_err(|e| Failure(format!("{}: {e}", file.display())))?;
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Command::State(StateCommand::Root { json }) => {
            let s = opener.open()?;
            print_root(s.height(), &s.state_root(), json);
            Ok(ExitCode::SUCCESS)
        }
        Command::State(StateCommand::Rollback { height }) => {
            let mut s = opener.open()?;
            let c = s.rollback_to(height)?;
            print_root(c.height, &c.root, false);
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo(a) => demo::run(a),
        Command::Snapshot(SnapshotCommand::Export { path }) => {
            let s = opener.open()?;
            s.export_snapshot(&path)?;
            println!(
                "exported height {} root {} to {}",
                s.height(),
                to_hex(&s.state_root()),
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Snapshot(SnapshotCommand::Import { path }) => {
            // Check the file before touching the state directory.
            Snapshot::read(&path)?;
            let dir = opener.dir()?;
            {
                let s = opener.open()?;
                if s.height() != 0 || !s.entries()?.is_empty() {
                    return Err(Failure(format!(
                        "snapshot import needs an empty state directory; {} is at height {}",
                        dir.display(),
                        s.height()
                    )));
                }
            }
            let s = RedbState::import_snapshot(&dir, &path)?;
            print_root(s.height(), &s.state_root(), false);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// How to open the state.
struct Opener {
    dir: Option<PathBuf>,
    wait: Duration,
    time: Option<u64>,
}

impl Opener {
    fn dir(&self) -> Result<PathBuf, Failure> {
        if let Some(d) = &self.dir {
            return Ok(d.clone());
        }
        let data = std::env::var_os("XDG_DATA_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|h| Path::new(&h).join(".local").join("share"))
            })
            .ok_or_else(|| {
                Failure("no state directory: pass --state DIR or set ZVM_STATE_DIR".into())
            })?;
        Ok(data.join("zvm"))
    }

    fn open(&self) -> Result<RedbState, Failure> {
        let dir = self.dir()?;
        let opts = RedbStateOptions {
            wait: Some(self.wait),
            ..RedbStateOptions::default()
        };
        Ok(RedbState::open_with(&dir, opts)?)
    }

    fn runtime(&self) -> Result<Runtime<RedbState>, Failure> {
        let mut rt = Runtime::new(self.open()?);
        rt.set_block_time(self.time);
        Ok(rt)
    }
}

fn print_root(height: u64, root: &[u8; 32], json: bool) {
    if json {
        println!("{}", json!({"height": height, "root": to_hex(root)}));
    } else {
        println!("height {height}\nroot {}", to_hex(root));
    }
}

/// Reads a container file: binary (starts with the magic) or hex text.
fn read_container_file(file: &Path) -> Result<Vec<u8>, Failure> {
    let bytes =
        std::fs::read(file).map_err(|e| Failure(format!("cannot read {}: {e}", file.display())))?;
    if bytes.starts_with(&MAGIC) {
        return Ok(bytes);
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure(format!(
            "{}: neither a ZVM container nor hex text",
            file.display()
        ))
    })?;
    parse_hex(&text).map(|b| b.0).map_err(|e| {
        Failure(format!(
            "{}: neither a ZVM container nor hex: {e}",
            file.display()
        ))
    })
}

fn log_json(l: &Log) -> Value {
    json!({
        "address": l.address.to_string(),
        "topics": l.topics.iter().map(|t| format!("0x{}", to_hex(t))).collect::<Vec<_>>(),
        "data": l.data,
    })
}

/// The receipt as JSON; `return_data` as a byte array (or a hex string with `hex_data`).
fn receipt_json(r: &Receipt, hex_data: bool) -> Value {
    let data = if hex_data {
        Value::String(format!("0x{}", to_hex(&r.return_data)))
    } else {
        json!(r.return_data)
    };
    json!({
        "success": r.success,
        "return_data": data,
        "gas_used": r.gas_used,
        "logs": r.logs.iter().map(log_json).collect::<Vec<_>>(),
        "error": r.error,
    })
}

fn print_receipt(r: &Receipt) {
    println!("success: {}", r.success);
    if let Some(a) = r.contract_address {
        println!("contract_address: {a}");
    }
    println!("gas_used: {}", r.gas_used);
    println!("return_data: 0x{}", to_hex(&r.return_data));
    for l in &r.logs {
        let topics: Vec<String> = l
            .topics
            .iter()
            .map(|t| format!("0x{}", to_hex(t)))
            .collect();
        println!(
            "log: address {} topics [{}] data 0x{}",
            l.address,
            topics.join(", "),
            to_hex(&l.data)
        );
    }
    if let Some(e) = &r.error {
        println!("error: {e}");
    }
}

fn deploy(opener: &Opener, a: DeployArgs) -> Outcome {
    let mut rt = opener.runtime()?;
    let r = rt.deploy(
        a.deployer,
        &a.bytecode.0,
        &a.constructor_args.0,
        a.value,
        a.gas_limit,
    );
    if a.json {
        let mut v = receipt_json(&r, false);
        v["contract_address"] = json!(r.contract_address.map(|c| c.to_string()));
        println!("{v}");
    } else {
        print_receipt(&r);
    }
    if r.success {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Failure(format!(
            "deploy failed: {}",
            r.error.as_deref().unwrap_or("unknown error")
        )))
    }
}

fn call(opener: &Opener, a: CallArgs) -> Outcome {
    let mut rt = opener.runtime()?;
    let t = a.target;
    let r = rt.call(
        a.caller,
        t.contract,
        &t.function,
        &t.input.0,
        a.value,
        a.gas_limit,
    );
    if a.json {
        println!("{}", receipt_json(&r, false));
    } else {
        print_receipt(&r);
    }
    Ok(ExitCode::SUCCESS)
}

fn view(opener: &Opener, a: ViewArgs) -> Outcome {
    let mut rt = opener.runtime()?;
    let t = a.target;
    let r = rt.view(a.caller, t.contract, &t.function, &t.input.0, a.gas_limit);
    if a.json {
        println!("{}", receipt_json(&r, true));
    } else {
        print_receipt(&r);
    }
    Ok(ExitCode::SUCCESS)
}

fn run_file(opener: &Opener, a: RunArgs) -> Outcome {
    let bytes = std::fs::read(&a.file)
        .map_err(|e| Failure(format!("cannot read {}: {e}", a.file.display())))?;
    let code = if bytes.starts_with(&MAGIC) {
        Container::parse(&bytes).map_err(|e| Failure(format!("{}: {e}", a.file.display())))?;
        bytes
    } else {
        let src = String::from_utf8(bytes).map_err(|_| {
            Failure(format!(
                "{}: neither a ZVM container nor UTF-8 assembly",
                a.file.display()
            ))
        })?;
        asm::assemble(&src)
            .map_err(|e| Failure(format!("{}: {e}", a.file.display())))?
            .encode()
    };
    let mut rt = Runtime::new(MemoryState::new());
    rt.set_block_time(opener.time);
    let me = Address([0x11; 20]);
    let d = rt.deploy(me, &code, &a.constructor_args.0, 0, a.gas_limit);
    let Some(contract) = d.contract_address else {
        if a.json {
            let mut v = receipt_json(&d, false);
            v["contract_address"] = Value::Null;
            println!("{v}");
        }
        return Err(Failure(format!(
            "deploy failed: {}",
            d.error.as_deref().unwrap_or("unknown error")
        )));
    };
    let r = rt.call(me, contract, &a.function, &a.input.0, 0, a.gas_limit);
    if a.json {
        println!("{}", receipt_json(&r, false));
    } else {
        println!("contract_address: {contract}");
        print_receipt(&r);
    }
    Ok(if r.success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
