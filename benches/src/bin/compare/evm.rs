//! `compare evm`: ERC-20 transfers per second on one core through ZVM's EVM engine
//! (`zvm::runtime::Runtime` over `MemoryState`) against raw `revm` 43.0.3 over a
//! `CacheDB<EmptyDB>`, on the same solc-compiled bytecode
//! (`zvm/contracts/solidity/out/ZToken.json`); and the gas, time and gas per
//! microsecond of every zcrypto precompile (`zvm::evm::precompiles::TABLE`).
//!
//! Every case runs on the calling thread, inside a one-thread rayon pool. Block cases
//! perform [`BLOCK`] transfers and one `end_block` per closure call and are reported
//! per transfer.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use benches::{Config, Table, Unit, case, case_ops, measure};
use zcrypto::Algorithm;
use zcrypto::encoding::{from_hex, to_hex};
use zcrypto::metered::{Op, batch};
use zcrypto::sig::{Signer as _, bls, dynamic};
use zvm::address::Address;
use zvm::evm::precompiles::{Precompile, TABLE};
use zvm::runtime::Runtime;
use zvm::state::MemoryState;

/// The ERC-20 artifact (checked in; built by zvm/contracts/solidity/build.mjs).
const ZTOKEN_JSON: &str = include_str!("../../../../zvm/contracts/solidity/out/ZToken.json");
/// Transfers per block.
const BLOCK: u64 = 1_000;
/// Gas limit of every transfer.
const GAS: u64 = 200_000;
/// `transfer(address,uint256)`.
const TRANSFER: [u8; 4] = [0xa9, 0x05, 0x9c, 0xbb];

const DEPLOYER: [u8; 20] = [0xd0; 20];
const RECIPIENT: [u8; 20] = [0xb0; 20];

/// A string field of the artifact JSON (`"key": "value"`), without a JSON parser.
fn field<'a>(json: &'a str, key: &str) -> &'a str {
    let pat = format!("\"{key}\": \"");
    let start = json.find(&pat).expect("artifact field") + pat.len();
    let len = json[start..].find('"').expect("closing quote");
    &json[start..start + len]
}

fn init_code() -> Vec<u8> {
    from_hex(field(ZTOKEN_JSON, "bytecode").trim_start_matches("0x")).expect("hex")
}

fn word(v: u128) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[16..].copy_from_slice(&v.to_be_bytes());
    w
}

fn addr_word(a: &[u8; 20]) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a);
    w
}

/// `abi.encode("Ghost", "GHOST", supply)`.
fn constructor_args(supply: u128) -> Vec<u8> {
    let string = |s: &str| {
        let mut out = word(s.len() as u128).to_vec();
        let mut b = s.as_bytes().to_vec();
        b.resize(32, 0);
        out.extend(b);
        out
    };
    [
        &word(96)[..],
        &word(160),
        &word(supply),
        &string("Ghost"),
        &string("GHOST"),
    ]
    .concat()
}

/// `transfer(RECIPIENT, 1)` without the selector.
fn transfer_args() -> Vec<u8> {
    [addr_word(&RECIPIENT), word(1)].concat()
}

/// ZVM: the token deployed by [`DEPLOYER`] in a fresh `MemoryState` runtime.
fn zvm_token() -> (Runtime<MemoryState>, Address) {
    let mut rt = Runtime::new(MemoryState::new()).with_block_time(1_700_000_000);
    let d = rt.deploy(
        Address(DEPLOYER),
        &init_code(),
        &constructor_args(u128::MAX >> 1),
        0,
        5_000_000,
    );
    assert!(d.success, "ZVM deploys the ERC-20: {:?}", d.error);
    (rt, d.contract_address.expect("deployed"))
}

fn zvm_transfer(rt: &mut Runtime<MemoryState>, token: Address, args: &[u8]) -> bool {
    rt.call(
        Address(DEPLOYER),
        token,
        "a9059cbb",
        black_box(args),
        0,
        GAS,
    )
    .success
}

fn zvm_block(rt: &mut Runtime<MemoryState>, token: Address, args: &[u8]) -> u64 {
    rt.begin_block();
    let mut ok = 0;
    for _ in 0..BLOCK {
        ok += u64::from(zvm_transfer(rt, token, args));
    }
    let committed = rt.end_block().expect("block commits");
    debug_assert_eq!(ok, BLOCK);
    ok + committed.height
}

/// Raw revm: the same init code deployed by a create transaction, then one
/// `transact_commit` per transfer.
mod raw {
    use revm::context::TxEnv;
    use revm::database::{CacheDB, EmptyDB};
    use revm::primitives::{Address, Bytes, TxKind};
    use revm::{Context, ExecuteCommitEvm, MainBuilder, MainContext, MainnetEvm};

    pub type Evm = MainnetEvm<revm::handler::MainnetContext<CacheDB<EmptyDB>>>;

    pub struct Token {
        pub evm: Evm,
        pub address: Address,
        nonce: u64,
        caller: Address,
        calldata: Bytes,
    }

    impl Token {
        /// Deploys `init` (init code ‖ constructor args) from `caller`; transfers will
        /// send `calldata`.
        pub fn new(caller: [u8; 20], init: Vec<u8>, calldata: Vec<u8>) -> Token {
            let caller = Address::new(caller);
            let mut evm = Context::mainnet()
                .with_db(CacheDB::new(EmptyDB::default()))
                .build_mainnet();
            let tx = TxEnv::builder()
                .caller(caller)
                .kind(TxKind::Create)
                .data(Bytes::from(init))
                .gas_limit(5_000_000)
                .nonce(0)
                .build_fill();
            let r = evm.transact_commit(tx).expect("revm create");
            assert!(r.is_success(), "revm deploys the ERC-20: {r:?}");
            let address = r.created_address().expect("created");
            Token {
                evm,
                address,
                nonce: 1,
                caller,
                calldata: Bytes::from(calldata),
            }
        }

        /// One transfer, committed; the gas it used if it succeeded.
        pub fn transfer(&mut self) -> Option<u64> {
            let tx = TxEnv::builder()
                .caller(self.caller)
                .kind(TxKind::Call(self.address))
                .data(self.calldata.clone())
                .gas_limit(super::GAS)
                .nonce(self.nonce)
                .build_fill();
            self.nonce += 1;
            match self.evm.transact_commit(tx) {
                Ok(r) if r.is_success() => Some(r.tx_gas_used()),
                _ => None,
            }
        }
    }
}

/// A valid input for every precompile of the table (ABI-encoded `bytes` arguments).
fn precompile_inputs() -> Vec<(&'static Precompile, String, Vec<u8>)> {
    fn abi(args: &[&[u8]]) -> Vec<u8> {
        let mut head = Vec::new();
        let mut tail = Vec::new();
        for a in args {
            head.extend_from_slice(&word((32 * args.len() + tail.len()) as u128));
            tail.extend_from_slice(&word(a.len() as u128));
            tail.extend_from_slice(a);
            tail.resize(tail.len().next_multiple_of(32), 0);
        }
        [head, tail].concat()
    }
    let msg = [0x6du8; 32];
    let sig_input = |alg: Algorithm, ctx: &[u8]| {
        let seed = vec![0x42; dynamic::seed_len(alg).expect("seed length")];
        let (sk, pk) = dynamic::keygen(alg, &seed).expect("keygen");
        let sig = dynamic::sign(alg, &sk, &msg, ctx).expect("sign");
        abi(&[&pk, &msg, ctx, &sig])
    };
    let bls_keys: Vec<bls::SigningKey> = (0..8u8)
        .map(|i| bls::SigningKey::key_gen(&[0x70 + i; 32], b"").expect("bls key"))
        .collect();
    let bls_pks: Vec<u8> = bls_keys
        .iter()
        .flat_map(|k| k.verifying_key().as_bytes().to_vec())
        .collect();
    let leaves: Vec<Vec<u8>> = (0..1024u32).map(|i| i.to_be_bytes().to_vec()).collect();

    let mut out = Vec::new();
    for p in TABLE {
        let (label, input) = match p.op {
            Op::Blake3 => ("1 KiB", abi(&[&[0xab; 1024]])),
            Op::PoseidonBn254 => ("2 inputs", abi(&[&[word(1), word(2)].concat()])),
            Op::VerifyEd25519 => ("32-byte message", sig_input(Algorithm::Ed25519, b"")),
            Op::VerifyBip340 => ("32-byte message", sig_input(Algorithm::Bip340, b"")),
            Op::VerifyMlDsa44 => ("32-byte message", sig_input(Algorithm::MlDsa44, b"ctx")),
            Op::VerifyMlDsa65 => ("32-byte message", sig_input(Algorithm::MlDsa65, b"ctx")),
            Op::VerifyMlDsa87 => ("32-byte message", sig_input(Algorithm::MlDsa87, b"ctx")),
            Op::VerifyHybridEd25519MlDsa65 => (
                "32-byte message",
                sig_input(Algorithm::HybridEd25519MlDsa65, b"ctx"),
            ),
            Op::BlsFastAggregateVerify => {
                let sigs: Vec<_> = bls_keys
                    .iter()
                    .map(|k| k.sign(&msg).expect("bls sign"))
                    .collect();
                let agg = bls::aggregate_signatures(&sigs).expect("aggregate");
                ("8 keys", abi(&[&bls_pks, &msg, agg.as_bytes()]))
            }
            Op::BlsAggregateVerify => {
                let mut msgs = Vec::new();
                let mut sigs = Vec::new();
                for (i, k) in bls_keys.iter().enumerate() {
                    let m = [i as u8; 32];
                    msgs.extend_from_slice(&32u32.to_le_bytes());
                    msgs.extend_from_slice(&m);
                    sigs.push(k.sign(&m).expect("bls sign"));
                }
                let agg = bls::aggregate_signatures(&sigs).expect("aggregate");
                (
                    "8 keys, 8 messages",
                    abi(&[&bls_pks, &msgs, agg.as_bytes()]),
                )
            }
            Op::BatchVerify => {
                let mut blob = vec![0, 0];
                for i in 0..16u8 {
                    let (sk, pk) =
                        dynamic::keygen(Algorithm::Ed25519, &[0x20 + i; 32]).expect("keygen");
                    let s = dynamic::sign(Algorithm::Ed25519, &sk, &msg, b"").expect("sign");
                    batch::push_item(&mut blob, Op::VerifyEd25519, &pk, &s, b"", &msg)
                        .expect("batch item");
                }
                ("16 Ed25519", abi(&[&blob]))
            }
            Op::MerkleInclusionSha256
            | Op::MerkleInclusionKeccak256
            | Op::MerkleInclusionBlake3 => {
                use zcrypto::merkle::{Blake3, Keccak256, MerkleTree, Sha256};
                let (root, proof) = match p.op {
                    Op::MerkleInclusionSha256 => {
                        let t = MerkleTree::<Sha256>::from_leaves(&leaves);
                        (t.root(), t.inclusion_proof(5).expect("proof").to_bytes())
                    }
                    Op::MerkleInclusionKeccak256 => {
                        let t = MerkleTree::<Keccak256>::from_leaves(&leaves);
                        (t.root(), t.inclusion_proof(5).expect("proof").to_bytes())
                    }
                    _ => {
                        let t = MerkleTree::<Blake3>::from_leaves(&leaves);
                        (t.root(), t.inclusion_proof(5).expect("proof").to_bytes())
                    }
                };
                ("1,024 leaves", abi(&[&leaves[5], &proof, &root]))
            }
            Op::MerkleVerifyEthereum => {
                use zcrypto::merkle::ethereum::{StandardMerkleTree, leaf_hash};
                let t = StandardMerkleTree::from_encoded_leaves(&leaves).expect("tree");
                let proof: Vec<u8> = t.proof(5).expect("proof").concat();
                (
                    "1,024 leaves",
                    abi(&[&leaf_hash(&leaves[5]), &proof, &t.root()]),
                )
            }
            _ => ("", Vec::new()),
        };
        if !input.is_empty() {
            out.push((p, label.to_string(), input));
        } else {
            eprintln!("[evm] no benchmark input for precompile {}", p.op.name());
        }
    }
    out
}

/// The `evm` group's table.
pub fn evm(_cfg: Config) -> Table {
    let pool1 = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    pool1.install(measure_all)
}

fn measure_all() -> Table {
    let args = transfer_args();
    let calldata = [&TRANSFER[..], &args].concat();

    // Sanity before timing: both engines run the same transfer successfully.
    let (mut zb, zb_token) = zvm_token();
    let (mut z1, z1_token) = zvm_token();
    let r = z1.call(Address(DEPLOYER), z1_token, "a9059cbb", &args, 0, GAS);
    assert!(r.success && r.logs.len() == 1, "ZVM transfer: {r:?}");
    let zvm_gas = r.gas_used;
    let init = [init_code(), constructor_args(u128::MAX >> 1)].concat();
    let mut revm_token = raw::Token::new(DEPLOYER, init, calldata);
    let revm_gas = revm_token.transfer().expect("revm transfer");
    assert_eq!(
        zb_token.0,
        revm_token.address.into_array(),
        "both engines use the CREATE address"
    );

    let inputs = precompile_inputs();
    let mut gas = Vec::new();
    for (p, label, input) in &inputs {
        let (g, out) = p.execute(input, u64::MAX / 2).expect("precompile runs");
        let ok = match out.len() {
            32 if p.output.starts_with("word") => out[31] == 1,
            n => n > 0,
        };
        assert!(
            ok,
            "{} ({label}): valid input, output 0x{}",
            p.op.name(),
            to_hex(&out)
        );
        gas.push(g);
    }

    let cfg = Config {
        warmup: Duration::from_millis(100),
        batch: Duration::from_millis(20),
        batches: 31,
    };
    const ZB: &str = "ZVM EVM ERC-20 transfer, blocks of 1,000";
    const Z1: &str = "ZVM EVM ERC-20 transfer, commit per call";
    const REVM: &str = "revm 43.0.3 ERC-20 transfer, transact_commit";
    let mut cases = vec![
        case_ops(ZB, BLOCK, || zvm_block(&mut zb, zb_token, &args)),
        case(Z1, || zvm_transfer(&mut z1, z1_token, &args)),
        case(REVM, || revm_token.transfer()),
    ];
    let names: Vec<String> = inputs
        .iter()
        .map(|(p, label, _)| format!("precompile {} ({label})", p.op.name()))
        .collect();
    for ((p, _, input), name) in inputs.iter().zip(&names) {
        cases.push(case(name.clone(), move || {
            p.execute(black_box(input), u64::MAX / 2).is_ok()
        }));
    }
    let m = measure(cfg, cases);
    let revm_ns = m.get(REVM).ns_per_op;
    for c in m.all() {
        let vs = if c.name == ZB || c.name == Z1 {
            format!(", {:.2}× revm's throughput", revm_ns / c.ns_per_op)
        } else {
            String::new()
        };
        eprintln!(
            "[evm] {:<64} {:>12.0} /s  ({:.0} ns, batch IQR {:.1}%{vs})",
            c.name,
            1e9 / c.ns_per_op,
            c.ns_per_op,
            c.spread * 100.0
        );
    }

    let per_sec = |name: &str| 1e9 / m.get(name).ns_per_op;
    let mut table = Table::new(
        "ERC-20 transfers on one core, ZVM's EVM engine vs raw revm (ns per transfer, lower is better; ours/peer > 1.0 = ZVM faster)",
        Unit::NsPerOp,
    );
    table.row("ERC-20 transfer [ZVM blocks vs revm]", &m, ZB, REVM, false);
    table.row(
        "ERC-20 transfer [ZVM commit per call vs revm]",
        &m,
        Z1,
        REVM,
        false,
    );

    let mut precompiles =
        String::from("| precompile | input | gas | µs | gas/µs |\n|---|---|---:|---:|---:|\n");
    for (((p, label, _), name), g) in inputs.iter().zip(&names).zip(&gas) {
        let us = m.get(name).ns_per_op / 1e3;
        let _ = writeln!(
            precompiles,
            "| `{}` (`0x{}`) | {label} | {g} | {us:.2} | {:.1} |",
            p.op.name(),
            to_hex(&p.address()),
            *g as f64 / us
        );
    }
    let (zb_s, z1_s, revm_s) = (per_sec(ZB), per_sec(Z1), per_sec(REVM));
    table.set_note(format!(
        "ERC-20 transfers/s (median batch, one core; solc 0.8.37 `ZToken`, the same init \
         code in both): ZVM `Runtime<MemoryState>` in blocks of 1,000 {zb_s:.0} ({:.2}× revm); \
         ZVM with a commit (state root) per transfer {z1_s:.0} ({:.2}× revm); raw revm 43.0.3 \
         in a `CacheDB<EmptyDB>`, one `transact_commit` per transfer, no state root \
         {revm_s:.0}. Gas per transfer: ZVM {zvm_gas}, revm {revm_gas} (both include the \
         21,000 intrinsic gas; they differ only if the engines' gas rules do).\n\n\
         zcrypto precompiles, called directly (`Precompile::execute`: ABI decoding, the copy \
         into the metered buffer, the metered operation; no EVM frame): gas charged, median \
         time, and gas per microsecond (higher = the schedule charges more per unit of \
         time).\n\n{precompiles}",
        zb_s / revm_s,
        z1_s / revm_s,
    ));
    table
}
