//! `zvm demo`: the project's end-to-end run — one runtime, one redb state, three engines.
//!
//! In a fresh state directory, with keys derived from `--seed`:
//!
//! 1. **Native ZVM bytecode**: generate an Ed25519, an ML-DSA-65 and a BLS12-381 key;
//!    deploy the 2-of-3 post-quantum multisig wallet (`zvm/contracts/multisig_wallet.zasm`);
//!    submit transfers signed by two of the three keys, verified on chain by the
//!    `MULTISIG` crypto opcode; show that a replay, a single signature and a tampered
//!    amount are refused; print what each crypto operation costs.
//! 2. **EVM**: deploy the solc-compiled ERC-20 `ZToken` (`zvm/contracts/solidity/out`)
//!    and transfer tokens to the (precomputed) address of the WASM wallet.
//! 3. **WASM → EVM**: deploy the Rust→wasm32 multisig wallet (`multisig_wallet.wasm`)
//!    with the same 2-of-3 policy; it `execute`s, signed by Ed25519 + ML-DSA-65, an
//!    ERC-20 `transfer` on the EVM token (a cross-engine call); `balanceOf` is read with
//!    a view; the replay is refused.
//! 4. **WASM + BLS**: the DAO vote (`dao_vote.wasm`): five voters' BLS keys (proofs of
//!    possession checked before registering), quorum 3; a 2-voter tally is refused, a
//!    3-of-5 aggregate signature passes the proposal.
//! 5. **WASM airdrop**: a 4-leaf OpenZeppelin `StandardMerkleTree`, the WASM token
//!    (`token.wasm`) funds `airdrop.wasm`, one claim pays out, a double claim is refused.
//! 6. **C → WASM**: `c_counter.wasm` is incremented twice (the ABI is language-neutral).
//! 7. The state root and height, a Merkle proof of the native wallet's nonce, and a
//!    table of every transaction: engine, contract, gas.
//!
//! Every receipt is printed with its gas and decoded events; every refusal is checked
//! (its revert reason, and an unchanged state root); the demo fails with a message if
//! anything does not behave as expected.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use zcrypto::Algorithm;
use zcrypto::encoding::to_hex;
use zcrypto::hash::{keccak256, sha256};
use zcrypto::merkle::ethereum::StandardMerkleTree;
use zcrypto::metered::{self, Gas, Op, Span, Verdict};
use zcrypto::sig::Signer as _;
use zcrypto::sig::bls;
use zcrypto::sig::dynamic;
use zcrypto::sig::multisig::MultisigPolicy;
use zvm::address::Address;
use zvm::contracts::multisig_wallet as wallet;
use zvm::runtime::{Receipt, Runtime, contract_address};
use zvm::state::{RedbState, StateKey, StateStore, verify_proof};
use zvm::word::Word;

use crate::{Failure, Outcome};

/// Options of `zvm demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Where to create the demo's state (must not exist yet) [default: a new directory
    /// under the system temp directory, removed at the end unless --keep].
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Keep the state directory (to inspect it with `zvm --state DIR state root` etc.).
    #[arg(long)]
    keep: bool,
    /// Seed (any text) from which every key is derived; the same seed gives the same
    /// keys, addresses, gas and state root.
    #[arg(long, default_value = "zvm demo")]
    seed: String,
}

/// The three signers: Ed25519, ML-DSA-65 and BLS12-381, in policy order.
const SCHEMES: [Algorithm; 3] = [Algorithm::Ed25519, Algorithm::MlDsa65, Algorithm::Bls12381];

const DEPLOYER: Address = Address([0x11; 20]);
const RELAYER: Address = Address([0x22; 20]);
/// The recipient of the wallets' transfers.
const BEBE: Address = Address([0xbe; 20]);
const GAS_LIMIT: u64 = 10_000_000;

/// The solc artifact of the ERC-20 (`abi`, `bytecode`, `methodIdentifiers`, ...).
const ZTOKEN_JSON: &str = include_str!("../../../contracts/solidity/out/ZToken.json");
const WASM_WALLET: &[u8] = include_bytes!("../../../contracts/wasm/out/multisig_wallet.wasm");
const WASM_DAO: &[u8] = include_bytes!("../../../contracts/wasm/out/dao_vote.wasm");
const WASM_TOKEN: &[u8] = include_bytes!("../../../contracts/wasm/out/token.wasm");
const WASM_AIRDROP: &[u8] = include_bytes!("../../../contracts/wasm/out/airdrop.wasm");
const WASM_C_COUNTER: &[u8] = include_bytes!("../../../contracts/wasm/out/c_counter.wasm");

/// The domain tag of the WASM wallet's `execute` message.
const WASM_WALLET_TAG: &[u8; 32] = b"ZVM-WASM-MULTISIG-WALLET-EXEC-V1";
/// The domain tag of the DAO's vote message.
const DAO_TAG: &[u8; 20] = b"ZVM-WASM-DAO-VOTE-V1";

const NATIVE: &str = "native";
const EVM: &str = "EVM";
const WASM: &str = "WASM";

// ---------------------------------------------------------------------------------
// Keys

struct Signer {
    alg: Algorithm,
    secret: zeroize::Zeroizing<Vec<u8>>,
    public: Vec<u8>,
}

/// `len` bytes derived from the seed and a label (SHA-256 in counter mode).
fn derive(seed: &str, label: &[u8], len: usize) -> Vec<u8> {
    let mut material = Vec::new();
    let mut counter = 0u8;
    while material.len() < len {
        material.extend_from_slice(&sha256(&[seed.as_bytes(), label, &[counter]].concat()));
        counter += 1;
    }
    material.truncate(len);
    material
}

fn keys(seed: &str) -> Result<Vec<Signer>, Failure> {
    SCHEMES
        .iter()
        .map(|&alg| {
            let material = derive(seed, alg.name().as_bytes(), dynamic::seed_len(alg)?);
            let (secret, public) = dynamic::keygen(alg, &material)?;
            Ok(Signer {
                alg,
                secret,
                public,
            })
        })
        .collect()
}

/// The signatures of the signers at indices `who` over `message` (empty context), as
/// (key index, signature) pairs for a signature list.
fn sign_list(
    signers: &[Signer],
    who: &[usize],
    message: &[u8],
) -> Result<Vec<(u8, Vec<u8>)>, Failure> {
    who.iter()
        .map(|&i| {
            let s = &signers[i];
            Ok((i as u8, dynamic::sign(s.alg, &s.secret, message, b"")?))
        })
        .collect()
}

fn refs(sigs: &[(u8, Vec<u8>)]) -> Vec<(u8, &[u8])> {
    sigs.iter().map(|(i, s)| (*i, &s[..])).collect()
}

/// The crypto gas of one `MULTISIG` check: the very metered call the opcode makes.
fn multisig_gas(
    policy: &[u8],
    message: &[u8],
    signatures: &[u8],
) -> Result<(u64, Verdict), Failure> {
    let mem = [policy, message, signatures].concat();
    let (p, m, s) = (
        policy.len() as u32,
        message.len() as u32,
        signatures.len() as u32,
    );
    let mut gas = Gas::unlimited();
    let verdict = metered::multisig::verify(
        &mem[..],
        &mut gas,
        Span::new(0, p),
        Span::new(p, m),
        Span::new(p + m, 0),
        Span::new(p + m, s),
    )?;
    Ok((gas.used(), verdict))
}

// ---------------------------------------------------------------------------------
// Encodings: ABI words for the EVM, big-endian fields for the WASM contracts

/// A 32-byte big-endian word holding `v` (a `uint256`).
fn u128_word(v: u128) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[16..].copy_from_slice(&v.to_be_bytes());
    w
}

/// The low 128 bits of a big-endian word (the demo's numbers are small).
fn low_u128(word: &[u8]) -> u128 {
    let mut low = [0u8; 16];
    low.copy_from_slice(&word[word.len() - 16..]);
    u128::from_be_bytes(low)
}

/// A big-endian integer output of a WASM contract (u64: 8 bytes, u128: 16 bytes).
fn be_uint(out: &[u8]) -> Result<u128, Failure> {
    match out.len() {
        1..=16 => Ok(out.iter().fold(0u128, |n, &b| n << 8 | b as u128)),
        _ => Err(Failure(format!(
            "expected an integer, got 0x{}",
            to_hex(out)
        ))),
    }
}

/// A Solidity ABI argument: a static word or a dynamic `bytes`/`string`.
enum Abi<'a> {
    Word([u8; 32]),
    Bytes(&'a [u8]),
}

/// `abi.encode(args...)` (head, then the tails of the dynamic arguments).
fn abi_encode(args: &[Abi]) -> Vec<u8> {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    for a in args {
        match a {
            Abi::Word(w) => head.extend_from_slice(w),
            Abi::Bytes(b) => {
                head.extend_from_slice(&u128_word((32 * args.len() + tail.len()) as u128));
                tail.extend_from_slice(&u128_word(b.len() as u128));
                tail.extend_from_slice(b);
                tail.resize(tail.len().next_multiple_of(32), 0);
            }
        }
    }
    head.extend(tail);
    head
}

/// The solc artifact of the ERC-20.
struct Erc20 {
    init_code: Vec<u8>,
    methods: serde_json::Map<String, serde_json::Value>,
}

impl Erc20 {
    fn parse() -> Result<Erc20, Failure> {
        let bad = |what: &str| Failure(format!("ZToken.json: {what}"));
        let v: serde_json::Value =
            serde_json::from_str(ZTOKEN_JSON).map_err(|e| bad(&e.to_string()))?;
        let init_code = v["bytecode"]
            .as_str()
            .and_then(|s| hex::decode(s.trim_start_matches("0x")).ok())
            .ok_or_else(|| bad("no bytecode"))?;
        let methods = v["methodIdentifiers"]
            .as_object()
            .ok_or_else(|| bad("no methodIdentifiers"))?
            .clone();
        Ok(Erc20 { init_code, methods })
    }

    /// The selector of `signature` in hex (`Runtime::call`'s function for EVM contracts).
    fn selector(&self, signature: &str) -> Result<&str, Failure> {
        self.methods
            .get(signature)
            .and_then(|s| s.as_str())
            .ok_or_else(|| Failure(format!("ZToken.json: no method {signature}")))
    }

    /// Call data of `signature` with static arguments: selector ‖ the ABI words.
    fn calldata(&self, signature: &str, words: &[[u8; 32]]) -> Result<Vec<u8>, Failure> {
        let mut data =
            hex::decode(self.selector(signature)?).map_err(|e| Failure(e.to_string()))?;
        data.extend(words.concat());
        Ok(data)
    }
}

/// The WASM wallet's `execute` message: tag ‖ wallet ‖ nonce ‖ to ‖ value ‖ SHA-256(data).
fn wasm_wallet_message(
    wallet: &Address,
    nonce: u64,
    to: &Address,
    value: u128,
    data: &[u8],
) -> Vec<u8> {
    [
        &WASM_WALLET_TAG[..],
        &wallet.0,
        &nonce.to_be_bytes(),
        &to.0,
        &value.to_be_bytes(),
        &sha256(data),
    ]
    .concat()
}

/// The WASM wallet's `execute` input: nonce ‖ to ‖ value ‖ data length ‖ data ‖ signatures.
fn wasm_execute_input(
    nonce: u64,
    to: &Address,
    value: u128,
    data: &[u8],
    sigs: &[(u8, &[u8])],
) -> Vec<u8> {
    [
        &nonce.to_be_bytes()[..],
        &to.0,
        &value.to_be_bytes(),
        &(data.len() as u32).to_be_bytes(),
        data,
        &wallet::signature_list(sigs),
    ]
    .concat()
}

/// `abi.encode(account, amount)`: an airdrop leaf.
fn airdrop_leaf(account: &Address, amount: u128) -> Vec<u8> {
    abi_encode(&[Abi::Word(account.to_word()), Abi::Word(u128_word(amount))])
}

// ---------------------------------------------------------------------------------
// Events

/// The events the demo's contracts emit: Solidity signature and parameter names, with
/// whether each is indexed (a topic) or in the data.
const EVENTS: &[(&str, &[(&str, bool)])] = &[
    (
        "Transfer(address,uint256,uint256)",
        &[("to", true), ("amount", false), ("nonce", true)],
    ),
    (
        "Transfer(address,address,uint256)",
        &[("from", true), ("to", true), ("amount", false)],
    ),
    (
        "Executed(uint256,address,uint256)",
        &[("nonce", true), ("to", true), ("value", false)],
    ),
    (
        "Proposed(uint256,bytes32)",
        &[("id", true), ("description hash", false)],
    ),
    ("Passed(uint256,uint256)", &[("id", true), ("votes", false)]),
    (
        "Claimed(address,uint256)",
        &[("account", true), ("amount", false)],
    ),
];

/// `Name(param value, ...)`, or `None` for an unknown event or unexpected layout.
fn decode_event(
    topics: &[[u8; 32]],
    data: &[u8],
    name_of: &dyn Fn(&Address) -> String,
) -> Option<String> {
    let (first, rest) = topics.split_first()?;
    let (signature, params) = EVENTS
        .iter()
        .find(|(s, _)| keccak256(s.as_bytes()) == *first)?;
    let (name, types) = signature.trim_end_matches(')').split_once('(')?;
    let (mut topic, mut word) = (rest.iter(), data.chunks(32));
    let mut fields = Vec::new();
    for ((param, indexed), ty) in params.iter().zip(types.split(',')) {
        let w: &[u8] = if *indexed {
            topic.next()?
        } else {
            word.next()?
        };
        if w.len() != 32 {
            return None;
        }
        let value = match ty {
            "address" => name_of(&Address(w[12..].try_into().ok()?)),
            "uint256" if w[..16].iter().all(|&b| b == 0) => low_u128(w).to_string(),
            _ => format!("0x{}…", &to_hex(w)[..16]),
        };
        fields.push(format!("{param} {value}"));
    }
    (topic.next().is_none() && word.next().is_none())
        .then(|| format!("{name}({})", fields.join(", ")))
}

/// A revert reason: the ASCII output, else its hex.
fn reason(r: &Receipt) -> String {
    match std::str::from_utf8(&r.return_data) {
        Ok(s) if !s.is_empty() && s.chars().all(|c| c.is_ascii_graphic() || c == ' ') => s.into(),
        _ if r.return_data.is_empty() => String::new(),
        _ => format!("0x{}", to_hex(&r.return_data)),
    }
}

// ---------------------------------------------------------------------------------
// The run

/// What a transaction must do.
enum Expect<'a> {
    Success,
    /// Revert with this reason and leave the state root unchanged.
    Refused(&'a str),
}

/// One transaction, for the summary table.
struct Row {
    step: u32,
    engine: &'static str,
    contract: &'static str,
    action: String,
    gas: u64,
    success: bool,
}

struct Demo {
    rt: Runtime<RedbState>,
    step: u32,
    rows: Vec<Row>,
    /// Known addresses: (address, engine, name).
    names: Vec<(Address, &'static str, &'static str)>,
}

impl Demo {
    fn step(&mut self, title: &str) {
        self.step += 1;
        println!("\n[{}] {title}", self.step);
    }

    fn name_of(&self, a: &Address) -> String {
        match self.names.iter().find(|(x, _, _)| x == a) {
            Some((_, _, name)) => format!("{a} ({name})"),
            None => a.to_string(),
        }
    }

    /// The engine and name of a known contract, as `[engine name]`.
    fn label(&self, a: &Address) -> String {
        match self.names.iter().find(|(x, _, _)| x == a) {
            Some((_, engine, name)) => format!("[{engine} {name}]"),
            None => format!("[{a}]"),
        }
    }

    fn print_receipt(&self, r: &Receipt) {
        match (&r.error, reason(r)) {
            (None, _) => println!("    receipt   success, gas used {}", r.gas_used),
            (Some(e), s) if s.is_empty() => println!("    receipt   {e}, gas used {}", r.gas_used),
            (Some(e), s) => println!("    receipt   {e}: \"{s}\", gas used {}", r.gas_used),
        }
        let name_of = |a: &Address| self.name_of(a);
        for l in &r.logs {
            let emitter = self.label(&l.address);
            match decode_event(&l.topics, &l.data, &name_of) {
                Some(event) => println!("    event     {emitter} {event}"),
                None => {
                    let topics: Vec<String> = l
                        .topics
                        .iter()
                        .map(|t| format!("0x{}", to_hex(t)))
                        .collect();
                    println!(
                        "    event     {emitter} topics [{}] data 0x{}",
                        topics.join(", "),
                        to_hex(&l.data)
                    );
                }
            }
        }
    }

    /// Runs one transaction, prints its receipt and checks that it did what the demo
    /// expects: success, or a refusal with this reason that leaves the state root as it was.
    fn tx(
        &mut self,
        contract: Address,
        action: &str,
        expect: Expect,
        run: impl FnOnce(&mut Runtime<RedbState>) -> Receipt,
    ) -> Result<Receipt, Failure> {
        println!("    tx        {} {action}", self.label(&contract));
        let root_before = self.rt.state_root();
        let r = run(&mut self.rt);
        self.print_receipt(&r);
        let fail = |what: String| Err(Failure(format!("step {}: {action}: {what}", self.step)));
        match expect {
            Expect::Success if !r.success => {
                return fail(format!(
                    "expected success, got {} \"{}\"",
                    r.error.as_deref().unwrap_or("failure"),
                    reason(&r)
                ));
            }
            Expect::Success => {}
            Expect::Refused(_) if r.success => {
                return fail("expected a refusal, it succeeded".into());
            }
            Expect::Refused(want) if reason(&r) != want => {
                return fail(format!(
                    "expected the refusal \"{want}\", got \"{}\"",
                    reason(&r)
                ));
            }
            Expect::Refused(_) if self.rt.state_root() != root_before => {
                return fail("refused, but the state root changed".into());
            }
            Expect::Refused(_) => {
                println!("    refused, as it must be; the state root is unchanged")
            }
        }
        let (engine, name) = self
            .names
            .iter()
            .find(|(x, _, _)| *x == contract)
            .map_or(("?", "?"), |(_, e, n)| (*e, *n));
        self.rows.push(Row {
            step: self.step,
            engine,
            contract: name,
            action: action.into(),
            gas: r.gas_used,
            success: r.success,
        });
        Ok(r)
    }

    /// Calls `function` of `contract` from the relayer.
    fn call(
        &mut self,
        contract: Address,
        function: &str,
        input: &[u8],
        action: &str,
        expect: Expect,
    ) -> Result<Receipt, Failure> {
        self.tx(contract, action, expect, |rt| {
            rt.call(RELAYER, contract, function, input, 0, GAS_LIMIT)
        })
    }

    /// Deploys `code` from the deployer (at the address `contract_address` predicts).
    fn deploy(
        &mut self,
        engine: &'static str,
        name: &'static str,
        code: &[u8],
        args: &[u8],
    ) -> Result<(Address, Receipt), Failure> {
        let at = contract_address(&DEPLOYER, self.rt.nonce(&DEPLOYER)?);
        self.names.retain(|(x, _, _)| *x != at);
        self.names.push((at, engine, name));
        let r = self.tx(at, "deploy", Expect::Success, |rt| {
            rt.deploy(DEPLOYER, code, args, 0, GAS_LIMIT)
        })?;
        if r.contract_address != Some(at) {
            return Err(Failure(format!(
                "{name}: deployed at {:?}, not at contract_address(deployer, nonce) = {at}",
                r.contract_address
            )));
        }
        println!("    contract  {at}  {engine}, {} bytes of code", code.len());
        Ok((at, r))
    }

    /// A view's output (it must succeed).
    fn view(
        &mut self,
        contract: Address,
        function: &str,
        input: &[u8],
    ) -> Result<Vec<u8>, Failure> {
        let r = self.rt.view(RELAYER, contract, function, input, GAS_LIMIT);
        if !r.success {
            return Err(Failure(format!(
                "view {function} of {contract}: {} \"{}\"",
                r.error.as_deref().unwrap_or("failure"),
                reason(&r)
            )));
        }
        Ok(r.return_data)
    }
}

/// Checks a value the demo reads back.
fn expect_eq<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), Failure> {
    if got == want {
        Ok(())
    } else {
        Err(Failure(format!("{what}: expected {want:?}, got {got:?}")))
    }
}

/// Runs the demo.
pub fn run(args: DemoArgs) -> Outcome {
    let (dir, temporary) = match args.dir {
        Some(d) => (d, false),
        None => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            (
                std::env::temp_dir().join(format!("zvm-demo-{}-{stamp}", std::process::id())),
                !args.keep,
            )
        }
    };
    if dir.exists() {
        return Err(Failure(format!(
            "{} already exists: the demo needs a fresh state directory",
            dir.display()
        )));
    }
    let result = demo(&dir, &args.seed);
    if temporary {
        let _ = std::fs::remove_dir_all(&dir);
    } else {
        println!(
            "\nstate kept in {} (try: zvm --state {} state root)",
            dir.display(),
            dir.display()
        );
    }
    result
}

fn demo(dir: &std::path::Path, seed: &str) -> Outcome {
    println!(
        "ZVM demo: one runtime, one redb state, three engines (native ZVM bytecode, EVM, WASM)"
    );
    println!("state directory: {} (redb)", dir.display());
    let mut d = Demo {
        rt: Runtime::new(RedbState::open(dir)?).with_block_time(1_700_000_000),
        step: 0,
        rows: Vec::new(),
        names: vec![(DEPLOYER, "", "deployer"), (RELAYER, "", "relayer")],
    };
    let signers = keys(seed)?;
    let policy = MultisigPolicy::new(2, signers.iter().map(|s| (s.alg, s.public.clone())))?;
    let native = native_wallet(&mut d, &signers, &policy)?;
    let token = erc20(&mut d)?;
    wasm_wallet(&mut d, &signers, &policy, &token)?;
    dao_vote(&mut d, seed)?;
    airdrop(&mut d)?;
    c_counter(&mut d)?;
    summary(&mut d, native)
}

// ---------------------------------------------------------------------------------
// 1. Native ZVM bytecode: the 2-of-3 post-quantum multisig wallet

struct Transfer<'a> {
    label: &'a str,
    signers: &'a [usize],
    nonce: u64,
    amount: u64,
    /// Sign this amount instead (a tampered transfer).
    signed_amount: Option<u64>,
    /// The transaction, in the summary table.
    action: &'a str,
    expect: Expect<'a>,
}

fn native_wallet(
    d: &mut Demo,
    signers: &[Signer],
    policy: &MultisigPolicy,
) -> Result<Address, Failure> {
    println!("\n== native ZVM bytecode: a 2-of-3 post-quantum multisig wallet ==");
    d.step("generate keys (Ed25519, ML-DSA-65, BLS12-381)");
    for (i, s) in signers.iter().enumerate() {
        println!(
            "    key {i}  {:<10} public key {} bytes  {}…",
            s.alg.name(),
            s.public.len(),
            &to_hex(&s.public)[..24]
        );
    }
    let policy_bytes = policy.to_bytes();
    println!(
        "    policy    2-of-3, {} bytes, id {}",
        policy_bytes.len(),
        to_hex(&policy.id())
    );

    d.step("deploy the wallet (zvm/contracts/multisig_wallet.zasm)");
    let container = wallet::assemble().encode();
    let (contract, _) = d.deploy(
        NATIVE,
        "multisig_wallet.zasm",
        &container,
        &wallet::constructor_args(policy),
    )?;

    let transfers = [
        Transfer {
            label: "transfer 1000 to 0xbebe…, signed by Ed25519 + ML-DSA-65",
            action: "transfer 1000: Ed25519 + ML-DSA-65",
            signers: &[0, 1],
            nonce: 0,
            amount: 1000,
            signed_amount: None,
            expect: Expect::Success,
        },
        Transfer {
            label: "replay the same transfer (nonce 0 again)",
            action: "transfer 1000 replayed",
            signers: &[0, 1],
            nonce: 0,
            amount: 1000,
            signed_amount: None,
            expect: Expect::Refused("wallet: bad nonce"),
        },
        Transfer {
            label: "transfer 250, one signature only (ML-DSA-65)",
            action: "transfer 250: one signature",
            signers: &[1],
            nonce: 1,
            amount: 250,
            signed_amount: None,
            expect: Expect::Refused("wallet: below threshold"),
        },
        Transfer {
            label: "transfer 9999, but the signers signed 250",
            action: "transfer 9999: signed 250",
            signers: &[1, 2],
            nonce: 1,
            amount: 9999,
            signed_amount: Some(250),
            expect: Expect::Refused("wallet: invalid signatures"),
        },
        Transfer {
            label: "transfer 250 to 0xbebe…, signed by ML-DSA-65 + BLS12-381",
            action: "transfer 250: ML-DSA-65 + BLS12-381",
            signers: &[1, 2],
            nonce: 1,
            amount: 250,
            signed_amount: None,
            expect: Expect::Success,
        },
    ];
    let mut costs: Vec<(String, u64, u64)> = Vec::new();
    for t in transfers {
        d.step(t.label);
        let nonce = Word::from(t.nonce);
        let signed = Word::from(t.signed_amount.unwrap_or(t.amount));
        let message = wallet::transfer_message(&contract, &nonce, &BEBE, &signed);
        let sigs = sign_list(signers, t.signers, &message)?;
        let calldata =
            wallet::transfer_calldata(&BEBE, &Word::from(t.amount), &nonce, &refs(&sigs));
        let r = d.call(contract, "transfer", &calldata, t.action, t.expect)?;
        if r.success {
            let list = wallet::signature_list(&refs(&sigs));
            let (crypto, verdict) = multisig_gas(&policy_bytes, &message, &list)?;
            expect_eq("the MULTISIG verdict", verdict, Verdict::Valid)?;
            println!(
                "    crypto    MULTISIG opcode (zcrypto::metered::multisig): {crypto} of {} gas ({:.0} %)",
                r.gas_used,
                100.0 * crypto as f64 / r.gas_used as f64
            );
            let names: Vec<&str> = t.signers.iter().map(|&i| signers[i].alg.name()).collect();
            costs.push((names.join(" + "), crypto, r.gas_used));
        }
    }

    d.step("the wallet's state, and what each crypto operation costs (1 gas = 20 ns)");
    let nonce = d.rt.storage_word(&contract, &wallet::SLOT_NONCE)?;
    let credited = d.rt.storage_word(&contract, &wallet::ledger_slot(&BEBE))?;
    expect_eq("the native wallet's nonce", low_u128(&nonce), 2)?;
    expect_eq("credited to 0xbebe…", low_u128(&credited), 1250)?;
    println!(
        "    wallet nonce {}, credited to 0xbebe… {}",
        low_u128(&nonce),
        low_u128(&credited)
    );
    let msg_len = wallet::MESSAGE_LEN as u64;
    println!("    {:<28} {:>7} {:>10}", "operation", "id", "gas");
    for (op, bytes, items) in [
        (Op::VerifyEd25519Strict, msg_len, 0),
        (Op::VerifyMlDsa65, msg_len, 0),
        (Op::VerifyBls12381, msg_len, 0),
        (Op::MultisigVerify, 0, 3),
        (Op::Sha256, msg_len, 0),
        (Op::Keccak256, msg_len, 0),
    ] {
        println!(
            "    {:<28} {:>#7x} {:>10}",
            op.name(),
            op.id(),
            op.cost().gas(bytes, items)
        );
    }
    println!(
        "    (verify rows: one {msg_len}-byte transfer message; multisig_verify: the 3-key policy, plus each presented signature's verify)"
    );
    println!(
        "    {:<28} {:>10} {:>10}",
        "transfer signed by", "crypto gas", "total gas"
    );
    for (who, crypto, total) in &costs {
        println!("    {who:<28} {crypto:>10} {total:>10}");
    }
    Ok(contract)
}

// ---------------------------------------------------------------------------------
// 2. EVM: the solc ERC-20

/// The EVM token, its artifact, and the WASM wallet's (future) address it funded.
struct Token {
    at: Address,
    abi: Erc20,
    wasm_wallet: Address,
}

const ERC20_TRANSFER: &str = "transfer(address,uint256)";
const ERC20_BALANCE_OF: &str = "balanceOf(address)";

fn erc20(d: &mut Demo) -> Result<Token, Failure> {
    println!("\n== EVM (revm): a solc-compiled ERC-20 ==");
    d.step("deploy ZToken (zvm/contracts/solidity/out/ZToken.json, solc 0.8.37): \"ZVM Token\", ZVMT, supply 1000000");
    let abi = Erc20::parse()?;
    let args = abi_encode(&[
        Abi::Bytes(b"ZVM Token"),
        Abi::Bytes(b"ZVMT"),
        Abi::Word(u128_word(1_000_000)),
    ]);
    let (at, _) = d.deploy(EVM, "ZToken.sol", &abi.init_code, &args)?;

    // The WASM wallet is the deployer's next contract.
    let wasm_wallet = contract_address(&DEPLOYER, d.rt.nonce(&DEPLOYER)?);
    d.names.push((wasm_wallet, WASM, "multisig_wallet.wasm"));
    d.step("transfer(wasm wallet, 1000): fund the WASM wallet's address before it exists (zvm::runtime::contract_address)");
    let data = abi_encode(&[Abi::Word(wasm_wallet.to_word()), Abi::Word(u128_word(1000))]);
    let selector = abi.selector(ERC20_TRANSFER)?.to_owned();
    d.tx(at, "transfer(wasm wallet, 1000)", Expect::Success, |rt| {
        rt.call(DEPLOYER, at, &selector, &data, 0, GAS_LIMIT)
    })?;
    Ok(Token {
        at,
        abi,
        wasm_wallet,
    })
}

impl Token {
    fn balance_of(&self, d: &mut Demo, who: &Address) -> Result<u128, Failure> {
        let out = d.view(
            self.at,
            self.abi.selector(ERC20_BALANCE_OF)?,
            &who.to_word(),
        )?;
        match out.len() {
            32 => Ok(low_u128(&out)),
            _ => Err(Failure(format!("balanceOf: 0x{}", to_hex(&out)))),
        }
    }
}

// ---------------------------------------------------------------------------------
// 3. WASM → EVM: the Rust→wasm32 multisig wallet executes an ERC-20 transfer

fn wasm_wallet(
    d: &mut Demo,
    signers: &[Signer],
    policy: &MultisigPolicy,
    token: &Token,
) -> Result<(), Failure> {
    println!("\n== WASM (wasmi) → EVM: the Rust multisig wallet calls the ERC-20 ==");
    d.step("deploy multisig_wallet.wasm with the same 2-of-3 policy");
    let (w, r) = d.deploy(
        WASM,
        "multisig_wallet.wasm",
        WASM_WALLET,
        &policy.to_bytes(),
    )?;
    expect_eq("the WASM wallet's address", w, token.wasm_wallet)?;
    expect_eq(
        "the constructor's policy id",
        r.return_data.as_slice(),
        &policy.id()[..],
    )?;
    println!(
        "    policy id {} (the native wallet's)",
        to_hex(&r.return_data)
    );
    expect_eq(
        "the wallet's ZToken balance",
        token.balance_of(d, &w)?,
        1000,
    )?;
    println!("    ZToken.balanceOf(wallet) = 1000 (funded in the previous step)");

    let data = token
        .abi
        .calldata(ERC20_TRANSFER, &[BEBE.to_word(), u128_word(250)])?;
    let message = wasm_wallet_message(&w, 0, &token.at, 0, &data);
    let sigs = sign_list(signers, &[0, 1], &message)?;
    let input = wasm_execute_input(0, &token.at, 0, &data, &refs(&sigs));
    d.step("execute(nonce 0): ZToken.transfer(0xbebe…, 250), signed by Ed25519 + ML-DSA-65 (WASM → EVM)");
    d.call(
        w,
        "execute",
        &input,
        "execute: ZToken.transfer(0xbebe…, 250)",
        Expect::Success,
    )?;
    let (to_bebe, left) = (token.balance_of(d, &BEBE)?, token.balance_of(d, &w)?);
    expect_eq("ZToken.balanceOf(0xbebe…)", to_bebe, 250)?;
    expect_eq("ZToken.balanceOf(wallet)", left, 750)?;
    println!("    view      ZToken.balanceOf(0xbebe…) = {to_bebe}, balanceOf(wallet) = {left}");

    d.step("replay the same execute (nonce 0 again)");
    d.call(
        w,
        "execute",
        &input,
        "execute replayed",
        Expect::Refused("wallet: bad nonce"),
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------
// 4. WASM + BLS: the DAO vote

fn dao_vote(d: &mut Demo, seed: &str) -> Result<(), Failure> {
    println!("\n== WASM + BLS12-381: a DAO vote tallied with one aggregate signature ==");
    d.step("5 voters' BLS keys from the seed, proofs of possession checked; deploy dao_vote.wasm, quorum 3");
    let voters: Vec<bls::SigningKey> = (0u8..5)
        .map(|i| {
            bls::SigningKey::key_gen(&derive(seed, &[b"dao voter ", &[i][..]].concat(), 32), b"")
        })
        .collect::<Result<_, _>>()?;
    let mut args = 3u16.to_be_bytes().to_vec();
    for k in &voters {
        // FastAggregateVerify is sound only for keys with a checked proof of possession.
        let vk = k.verifying_key();
        vk.verify_possession(&k.prove_possession())?;
        args.extend_from_slice(vk.as_bytes());
    }
    println!("    5 proofs of possession verify");
    let (dao, _) = d.deploy(WASM, "dao_vote.wasm", WASM_DAO, &args)?;

    d.step("propose");
    let description = b"proposal 0: adopt post-quantum signatures";
    let r = d.call(dao, "propose", description, "propose", Expect::Success)?;
    let id = be_uint(&r.return_data)? as u64;
    let message = [
        &DAO_TAG[..],
        &dao.0,
        &id.to_be_bytes(),
        &sha256(description),
    ]
    .concat();
    let tally = |who: &[usize]| -> Result<Vec<u8>, Failure> {
        let sigs: Vec<bls::Signature> = who
            .iter()
            .map(|&i| voters[i].sign(&message))
            .collect::<Result<_, _>>()?;
        let bitmap = who.iter().fold(0u8, |b, &i| b | 1 << i);
        let aggregate = bls::aggregate_signatures(&sigs)?;
        Ok([&id.to_be_bytes()[..], &[bitmap], aggregate.as_bytes()].concat())
    };

    d.step("tally 2 of 5 votes (voters 0, 3): below quorum");
    d.call(
        dao,
        "tally",
        &tally(&[0, 3])?,
        "tally 2 of 5",
        Expect::Refused("dao: below quorum"),
    )?;

    d.step("tally 3 of 5 votes (voters 1, 2, 4): one 96-byte aggregate signature");
    let r = d.call(
        dao,
        "tally",
        &tally(&[1, 2, 4])?,
        "tally 3 of 5",
        Expect::Success,
    )?;
    expect_eq("the tally's votes", be_uint(&r.return_data)?, 3)?;
    let p = d.view(dao, "proposal", &id.to_be_bytes())?;
    expect_eq(
        "the proposal's votes",
        be_uint(p.get(32..).unwrap_or_default())?,
        3,
    )?;
    println!("    view      proposal({id}): passed with 3 votes");
    Ok(())
}

// ---------------------------------------------------------------------------------
// 5. WASM: the Merkle airdrop paid in the WASM token

fn airdrop(d: &mut Demo) -> Result<(), Failure> {
    println!(
        "\n== WASM: a Merkle airdrop (OpenZeppelin StandardMerkleTree) paying a WASM token =="
    );
    d.step("deploy token.wasm (supply 1000000) and airdrop.wasm (4 leaves), fund the airdrop");
    let claims = [
        (Address([0xa1; 20]), 100u128),
        (Address([0xb0; 20]), 250),
        (Address([0xc0; 20]), 75),
        (Address([0xd0; 20]), 575),
    ];
    let leaves: Vec<Vec<u8>> = claims.iter().map(|(a, v)| airdrop_leaf(a, *v)).collect();
    let tree = StandardMerkleTree::from_encoded_leaves(&leaves)?;
    println!(
        "    tree      (address, uint256) × 4, root {}",
        to_hex(&tree.root())
    );
    let (t, _) = d.deploy(WASM, "token.wasm", WASM_TOKEN, &1_000_000u128.to_be_bytes())?;
    let (a, _) = d.deploy(
        WASM,
        "airdrop.wasm",
        WASM_AIRDROP,
        &[&tree.root()[..], &t.0].concat(),
    )?;
    let total: u128 = claims.iter().map(|c| c.1).sum();
    let fund = [&a.0[..], &total.to_be_bytes()].concat();
    d.tx(t, "transfer(airdrop, 1000)", Expect::Success, |rt| {
        rt.call(DEPLOYER, t, "transfer", &fund, 0, GAS_LIMIT)
    })?;

    let (who, amount) = claims[1];
    let claim = [&who.0[..], &amount.to_be_bytes(), &tree.proof(1)?.concat()].concat();
    d.step("claim 250 for 0xb0b0… with its Merkle proof (2 siblings), submitted by the relayer");
    d.call(a, "claim", &claim, "claim 250", Expect::Success)?;
    let balance = be_uint(&d.view(t, "balance_of", &who.0)?)?;
    expect_eq("token.balance_of(0xb0b0…)", balance, amount)?;
    println!("    view      token.balance_of(0xb0b0…) = {balance}");

    d.step("claim again");
    d.call(
        a,
        "claim",
        &claim,
        "claim again",
        Expect::Refused("airdrop: already claimed"),
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------
// 6. C → WASM: the counter

fn c_counter(d: &mut Demo) -> Result<(), Failure> {
    println!("\n== WASM from C: the ABI is language-neutral ==");
    d.step("deploy c_counter.wasm (clang, no libc), increment twice");
    let (c, _) = d.deploy(WASM, "c_counter.wasm", WASM_C_COUNTER, &[])?;
    for i in 1..=2u128 {
        let r = d.call(c, "increment", &[], "increment", Expect::Success)?;
        expect_eq("the new count", be_uint(&r.return_data)?, i)?;
        println!("    returns   count {i}");
    }
    let count = be_uint(&d.view(c, "get", &[])?)?;
    expect_eq("the count", count, 2)?;
    println!("    view      get() = {count}");
    Ok(())
}

// ---------------------------------------------------------------------------------
// 7. Summary

fn summary(d: &mut Demo, native: Address) -> Outcome {
    d.step("state root, height, and every transaction");
    let root = d.rt.state_root();
    println!("    height            {}", d.rt.height());
    println!("    state root        {}", to_hex(&root));
    let key = StateKey::Storage(native, wallet::SLOT_NONCE);
    let value = d.rt.store().get(&key)?;
    let proof = d.rt.store().prove_key(&key)?;
    verify_proof(&root, &key, value.as_deref(), &proof)?;
    println!(
        "    proof             the native wallet's nonce slot against the root: {} siblings, {} bytes, verifies",
        proof.depth(),
        proof.encode().len()
    );
    println!(
        "\n    {:>4}  {:<6} {:<22} {:<40} {:>9}  result",
        "step", "engine", "contract", "transaction", "gas"
    );
    for r in &d.rows {
        println!(
            "    {:>4}  {:<6} {:<22} {:<40} {:>9}  {}",
            r.step,
            r.engine,
            r.contract,
            r.action,
            r.gas,
            if r.success { "ok" } else { "refused" }
        );
    }
    let accepted = d.rows.iter().filter(|r| r.success).count();
    let refused = d.rows.len() - accepted;
    let mut engines = Vec::new();
    for engine in [NATIVE, EVM, WASM] {
        let (n, gas) = d
            .rows
            .iter()
            .filter(|r| r.engine == engine && r.success)
            .fold((0, 0), |(n, g), r| (n + 1, g + r.gas));
        engines.push(format!("{engine} {n} tx / {gas} gas"));
    }
    println!("    accepted by engine: {}", engines.join(", "));
    println!(
        "\ndemo complete: 3 engines, {} transactions ({accepted} accepted, {refused} refused as expected), height {}, state root {}",
        d.rows.len(),
        d.rt.height(),
        to_hex(&root)
    );
    Ok(ExitCode::SUCCESS)
}
