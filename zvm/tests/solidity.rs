//! Solidity contracts compiled with solc (zvm/contracts/solidity, artifacts checked in
//! under out/) run on ZVM's EVM engine through `zvm::runtime::Runtime`: an ERC-20, a
//! post-quantum (ML-DSA-65) multisig wallet, a BLS aggregate-signature vote, and every
//! zcrypto precompile through the `ZCrypto` library (`ZCryptoHarness`).
//!
//! ABI encoding is a small helper below ([`Abi`]); signatures are made here with zcrypto.

use std::collections::BTreeMap;

// The Groth16 and halo2 fixtures are used here, not the KZG one.
#[allow(dead_code)]
mod common;

use serde_json::Value;
use zcrypto::hash::{HashAlg, hash, keccak256};
use zcrypto::sig::Signer;
use zcrypto::sig::{bls, dynamic, ml_dsa};
use zcrypto::{Algorithm, metered::Op};
use zvm::address::Address;
use zvm::host::Log;
use zvm::runtime::{Receipt, Runtime};
use zvm::state::MemoryState;

const GAS: u64 = 30_000_000;

// ---------------------------------------------------------------------------------
// Artifacts

struct Artifact {
    name: String,
    bytecode: Vec<u8>,
    deployed: Vec<u8>,
    /// "transfer(address,uint256)" → "a9059cbb"
    methods: BTreeMap<String, String>,
    /// Byte ranges of the runtime code the constructor fills with immutables.
    immutables: Vec<(usize, usize)>,
}

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s.trim_start_matches("0x")).unwrap()
}

fn artifact(name: &str) -> Artifact {
    let path = format!(
        "{}/contracts/solidity/out/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: Value = serde_json::from_str(&text).unwrap();
    let methods = v["methodIdentifiers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, s)| (k.clone(), s.as_str().unwrap().to_string()))
        .collect();
    let immutables = v["immutableReferences"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|refs| refs.as_array().unwrap().iter())
        .map(|r| {
            (
                r["start"].as_u64().unwrap() as usize,
                r["length"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    Artifact {
        name: name.into(),
        bytecode: unhex(v["bytecode"].as_str().unwrap()),
        deployed: unhex(v["deployedBytecode"].as_str().unwrap()),
        methods,
        immutables,
    }
}

impl Artifact {
    /// Whether `code` is this artifact's runtime code, with its immutables filled in.
    fn is_runtime_code(&self, code: &[u8]) -> bool {
        let mut code = code.to_vec();
        if code.len() != self.deployed.len() {
            return false;
        }
        for &(start, len) in &self.immutables {
            code[start..start + len].fill(0);
        }
        code == self.deployed
    }

    /// The selector (8 hex digits) of the function named `name` (the name alone when it
    /// is not overloaded, or the full signature).
    fn selector(&self, name: &str) -> String {
        if let Some(s) = self.methods.get(name) {
            return s.clone();
        }
        let found: Vec<_> = self
            .methods
            .iter()
            .filter(|(sig, _)| sig.split('(').next() == Some(name))
            .collect();
        assert_eq!(found.len(), 1, "{}: no unique function {name}", self.name);
        found[0].1.clone()
    }
}

/// The 4-byte selector of a signature, computed (to cross-check the artifacts).
fn selector_of(signature: &str) -> [u8; 4] {
    keccak256(signature.as_bytes())[..4].try_into().unwrap()
}

// ---------------------------------------------------------------------------------
// ABI encoding (head/tail, as abi.encode) and decoding

#[derive(Clone, Debug)]
enum Abi {
    /// A static 32-byte word (uintN, address, bool, bytes32).
    W([u8; 32]),
    /// `bytes` or `string`.
    B(Vec<u8>),
    /// A dynamic array `T[]`.
    A(Vec<Abi>),
}

fn uint(v: u128) -> Abi {
    let mut w = [0u8; 32];
    w[16..].copy_from_slice(&v.to_be_bytes());
    Abi::W(w)
}

fn addr(a: &Address) -> Abi {
    Abi::W(a.to_word())
}

fn b32(w: [u8; 32]) -> Abi {
    Abi::W(w)
}

fn boolean(b: bool) -> Abi {
    uint(b as u128)
}

fn bytes(b: &[u8]) -> Abi {
    Abi::B(b.to_vec())
}

fn string(s: &str) -> Abi {
    Abi::B(s.as_bytes().to_vec())
}

fn word_of(n: usize) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&(n as u64).to_be_bytes());
    w
}

fn encode(args: &[Abi]) -> Vec<u8> {
    let head_len = 32 * args.len();
    let mut head = Vec::new();
    let mut tail = Vec::new();
    for a in args {
        match a {
            Abi::W(w) => head.extend_from_slice(w),
            _ => {
                head.extend_from_slice(&word_of(head_len + tail.len()));
                tail.extend(encode_tail(a));
            }
        }
    }
    head.extend(tail);
    head
}

fn encode_tail(a: &Abi) -> Vec<u8> {
    match a {
        Abi::W(w) => w.to_vec(),
        Abi::B(b) => {
            let mut out = word_of(b.len()).to_vec();
            out.extend_from_slice(b);
            out.resize(32 + b.len().next_multiple_of(32), 0);
            out
        }
        Abi::A(items) => {
            let mut out = word_of(items.len()).to_vec();
            out.extend(encode(items));
            out
        }
    }
}

fn word_at(data: &[u8], i: usize) -> [u8; 32] {
    data[32 * i..32 * i + 32].try_into().unwrap()
}

fn u128_at(data: &[u8], i: usize) -> u128 {
    let w = word_at(data, i);
    assert!(w[..16].iter().all(|&b| b == 0), "word {i} over u128");
    u128::from_be_bytes(w[16..].try_into().unwrap())
}

fn bool_at(data: &[u8], i: usize) -> bool {
    match u128_at(data, i) {
        0 => false,
        1 => true,
        v => panic!("not a bool: {v}"),
    }
}

/// The `bytes` whose offset is head word `i`.
fn bytes_at(data: &[u8], i: usize) -> Vec<u8> {
    let off = u128_at(data, i) as usize;
    let len = u128_at(&data[off..], 0) as usize;
    data[off + 32..off + 32 + len].to_vec()
}

fn error_data(signature: &str, args: &[Abi]) -> Vec<u8> {
    let mut out = selector_of(signature).to_vec();
    out.extend(encode(args));
    out
}

// ---------------------------------------------------------------------------------
// Runtime helpers

struct Chain {
    rt: Runtime<MemoryState>,
}

impl Chain {
    fn new() -> Chain {
        Chain {
            rt: Runtime::new(MemoryState::new()).with_block_time(1_700_000_000),
        }
    }

    fn deploy(&mut self, from: Address, a: &Artifact, args: &[Abi]) -> (Address, Receipt) {
        let r = self.rt.deploy(from, &a.bytecode, &encode(args), 0, GAS);
        assert!(
            r.success,
            "deploy {}: {:?} {}",
            a.name,
            r.error,
            hex::encode(&r.return_data)
        );
        let at = r.contract_address.unwrap();
        let code = self.rt.code(&at).unwrap();
        assert!(
            a.is_runtime_code(&code),
            "{}: runtime code 0x{}",
            a.name,
            hex::encode(&code)
        );
        (at, r)
    }

    fn call(&mut self, from: Address, to: Address, a: &Artifact, f: &str, args: &[Abi]) -> Receipt {
        self.call_value(from, to, a, f, args, 0)
    }

    fn call_value(
        &mut self,
        from: Address,
        to: Address,
        a: &Artifact,
        f: &str,
        args: &[Abi],
        value: u128,
    ) -> Receipt {
        self.rt
            .call(from, to, &a.selector(f), &encode(args), value, GAS)
    }

    fn view(&mut self, to: Address, a: &Artifact, f: &str, args: &[Abi]) -> Receipt {
        self.rt
            .view(Address([0xee; 20]), to, &a.selector(f), &encode(args), GAS)
    }

    /// A successful view's output.
    fn get(&mut self, to: Address, a: &Artifact, f: &str, args: &[Abi]) -> Vec<u8> {
        let r = self.view(to, a, f, args);
        assert!(
            r.success,
            "{f}: {:?} 0x{}",
            r.error,
            hex::encode(&r.return_data)
        );
        r.return_data
    }
}

fn ok(r: &Receipt, what: &str) {
    assert!(
        r.success,
        "{what}: {:?} 0x{}",
        r.error,
        hex::encode(&r.return_data)
    );
}

/// A reverted receipt with exactly this revert data.
fn reverted_with(r: &Receipt, data: &[u8], what: &str) {
    assert!(!r.success, "{what}: expected a revert");
    assert_eq!(r.error.as_deref(), Some("reverted"), "{what}");
    assert_eq!(
        hex::encode(&r.return_data),
        hex::encode(data),
        "{what}: revert data"
    );
    assert!(r.logs.is_empty());
}

/// A reverted receipt whose data starts with the custom error's selector.
fn reverted_with_error(r: &Receipt, signature: &str, what: &str) {
    assert!(!r.success, "{what}: expected a revert with {signature}");
    assert_eq!(r.error.as_deref(), Some("reverted"), "{what}");
    assert!(
        r.return_data.starts_with(&selector_of(signature)),
        "{what}: revert data 0x{} is not {signature}",
        hex::encode(&r.return_data)
    );
}

fn topic_addr(a: &Address) -> [u8; 32] {
    a.to_word()
}

fn transfer_log(token: Address, from: &Address, to: &Address, amount: u128) -> Log {
    Log {
        address: token,
        topics: vec![
            keccak256(b"Transfer(address,address,uint256)"),
            topic_addr(from),
            topic_addr(to),
        ],
        data: encode(&[uint(amount)]),
    }
}

const ALICE: Address = Address([0xa1; 20]);
const BOB: Address = Address([0xb0; 20]);
const CAROL: Address = Address([0xc0; 20]);

// ---------------------------------------------------------------------------------
// Artifacts themselves

#[test]
fn artifacts_are_consistent() {
    for name in [
        "ZToken",
        "PQMultisig",
        "BlsVote",
        "ZkVote",
        "ZCryptoHarness",
    ] {
        let a = artifact(name);
        assert!(!a.bytecode.is_empty() && !a.deployed.is_empty(), "{name}");
        assert!(a.deployed.len() <= 24_576, "{name}: EIP-170");
        for (sig, sel) in &a.methods {
            assert_eq!(*sel, hex::encode(selector_of(sig)), "{name}: {sig}");
        }
    }
    let t = artifact("ZToken");
    assert_eq!(t.selector("transfer"), "a9059cbb");
    assert_eq!(t.selector("balanceOf"), "70a08231");
    assert_eq!(t.selector("approve"), "095ea7b3");
    assert_eq!(t.selector("transferFrom"), "23b872dd");
    assert_eq!(t.selector("allowance"), "dd62ed3e");
    assert_eq!(t.selector("totalSupply"), "18160ddd");
}

// ---------------------------------------------------------------------------------
// ERC-20

const SUPPLY: u128 = 1_000_000 * 10u128.pow(18);

fn token(chain: &mut Chain) -> (Artifact, Address) {
    let t = artifact("ZToken");
    let (at, r) = chain.deploy(ALICE, &t, &[string("Ghost"), string("GHOST"), uint(SUPPLY)]);
    assert_eq!(
        r.logs,
        vec![transfer_log(at, &Address([0; 20]), &ALICE, SUPPLY)]
    );
    (t, at)
}

fn balance(chain: &mut Chain, t: &Artifact, at: Address, who: &Address) -> u128 {
    u128_at(&chain.get(at, t, "balanceOf", &[addr(who)]), 0)
}

#[test]
fn erc20_metadata() {
    let mut chain = Chain::new();
    let (t, at) = token(&mut chain);
    assert_eq!(bytes_at(&chain.get(at, &t, "name", &[]), 0), b"Ghost");
    assert_eq!(bytes_at(&chain.get(at, &t, "symbol", &[]), 0), b"GHOST");
    assert_eq!(u128_at(&chain.get(at, &t, "decimals", &[]), 0), 18);
    assert_eq!(u128_at(&chain.get(at, &t, "totalSupply", &[]), 0), SUPPLY);
    assert_eq!(balance(&mut chain, &t, at, &ALICE), SUPPLY);
    assert_eq!(balance(&mut chain, &t, at, &BOB), 0);
}

#[test]
fn erc20_transfer_approve_transfer_from() {
    let mut chain = Chain::new();
    let (t, at) = token(&mut chain);

    // transfer
    let r = chain.call(ALICE, at, &t, "transfer", &[addr(&BOB), uint(250)]);
    ok(&r, "transfer");
    assert!(bool_at(&r.return_data, 0));
    assert_eq!(r.logs, vec![transfer_log(at, &ALICE, &BOB, 250)]);
    assert_eq!(
        r.logs[0].topics[0],
        unhex("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")[..]
    );
    assert_eq!(balance(&mut chain, &t, at, &ALICE), SUPPLY - 250);
    assert_eq!(balance(&mut chain, &t, at, &BOB), 250);
    assert!(
        r.gas_used > 21_000 && r.gas_used < 100_000,
        "gas {}",
        r.gas_used
    );

    // approve
    let r = chain.call(BOB, at, &t, "approve", &[addr(&CAROL), uint(100)]);
    ok(&r, "approve");
    assert!(bool_at(&r.return_data, 0));
    assert_eq!(
        r.logs,
        vec![Log {
            address: at,
            topics: vec![
                keccak256(b"Approval(address,address,uint256)"),
                topic_addr(&BOB),
                topic_addr(&CAROL)
            ],
            data: encode(&[uint(100)]),
        }]
    );
    let allowance = |chain: &mut Chain| {
        u128_at(
            &chain.get(at, &t, "allowance", &[addr(&BOB), addr(&CAROL)]),
            0,
        )
    };
    assert_eq!(allowance(&mut chain), 100);

    // transferFrom by the spender
    let r = chain.call(
        CAROL,
        at,
        &t,
        "transferFrom",
        &[addr(&BOB), addr(&ALICE), uint(60)],
    );
    ok(&r, "transferFrom");
    assert_eq!(r.logs, vec![transfer_log(at, &BOB, &ALICE, 60)]);
    assert_eq!(allowance(&mut chain), 40);
    assert_eq!(balance(&mut chain, &t, at, &BOB), 190);
    assert_eq!(balance(&mut chain, &t, at, &ALICE), SUPPLY - 190);

    // over the allowance: reverts with ERC20InsufficientAllowance(spender, allowance, needed)
    let root = chain.rt.state_root();
    let r = chain.call(
        CAROL,
        at,
        &t,
        "transferFrom",
        &[addr(&BOB), addr(&ALICE), uint(41)],
    );
    reverted_with(
        &r,
        &error_data(
            "ERC20InsufficientAllowance(address,uint256,uint256)",
            &[addr(&CAROL), uint(40), uint(41)],
        ),
        "transferFrom over the allowance",
    );
    assert_eq!(chain.rt.state_root(), root);
    assert_eq!(allowance(&mut chain), 40);

    // a non-spender has no allowance
    let r = chain.call(
        ALICE,
        at,
        &t,
        "transferFrom",
        &[addr(&BOB), addr(&ALICE), uint(1)],
    );
    reverted_with_error(
        &r,
        "ERC20InsufficientAllowance(address,uint256,uint256)",
        "no allowance",
    );

    // to the zero address
    let r = chain.call(
        ALICE,
        at,
        &t,
        "transfer",
        &[addr(&Address([0; 20])), uint(1)],
    );
    reverted_with(
        &r,
        &error_data("ERC20InvalidReceiver(address)", &[addr(&Address([0; 20]))]),
        "transfer to zero",
    );
}

#[test]
fn erc20_insufficient_balance_reverts_and_keeps_the_state_root() {
    let mut chain = Chain::new();
    let (t, at) = token(&mut chain);
    ok(
        &chain.call(ALICE, at, &t, "transfer", &[addr(&BOB), uint(10)]),
        "transfer",
    );
    let root = chain.rt.state_root();
    let height = chain.rt.height();
    let r = chain.call(BOB, at, &t, "transfer", &[addr(&CAROL), uint(11)]);
    reverted_with(
        &r,
        &error_data(
            "ERC20InsufficientBalance(address,uint256,uint256)",
            &[addr(&BOB), uint(10), uint(11)],
        ),
        "insufficient balance",
    );
    assert!(
        r.gas_used > 0 && r.gas_used < GAS,
        "a revert refunds the rest"
    );
    assert_eq!(chain.rt.state_root(), root, "a revert changes no state");
    assert_eq!(chain.rt.height(), height, "a revert commits nothing");
    assert_eq!(balance(&mut chain, &t, at, &BOB), 10);
    assert_eq!(balance(&mut chain, &t, at, &CAROL), 0);
}

#[test]
fn erc20_unknown_selector_and_raw_calldata() {
    let mut chain = Chain::new();
    let (t, at) = token(&mut chain);
    // no fallback: an unknown selector reverts with empty data
    let r = chain.rt.call(ALICE, at, "deadbeef", &[], 0, GAS);
    reverted_with(&r, &[], "unknown selector");
    // empty function = raw call data (selector included)
    let mut data = selector_of("transfer(address,uint256)").to_vec();
    data.extend(encode(&[addr(&BOB), uint(5)]));
    let r = chain.rt.call(ALICE, at, "", &data, 0, GAS);
    ok(&r, "raw call data");
    assert_eq!(r.logs, vec![transfer_log(at, &ALICE, &BOB, 5)]);
    assert_eq!(balance(&mut chain, &t, at, &BOB), 5);
}

// ---------------------------------------------------------------------------------
// Post-quantum multisig (ML-DSA-65)

const CONTEXT: &[u8] = b"zvm-pq-multisig-v1";

struct Owners {
    keys: Vec<ml_dsa::SigningKey>,
}

impl Owners {
    fn new(n: u8) -> Owners {
        Owners {
            keys: (0..n)
                .map(|i| {
                    ml_dsa::SigningKey::from_seed(ml_dsa::MlDsa::MlDsa65, &[0x40 + i; 32]).unwrap()
                })
                .collect(),
        }
    }

    fn public_keys(&self) -> Abi {
        Abi::A(
            self.keys
                .iter()
                .map(|k| bytes(k.verifying_key().as_bytes()))
                .collect(),
        )
    }

    fn sign(&self, i: usize, op_hash: &[u8; 32]) -> Vec<u8> {
        self.keys[i]
            .sign_with_context(op_hash, CONTEXT)
            .unwrap()
            .as_bytes()
            .to_vec()
    }
}

/// `keccak256(abi.encode(wallet, nonce, to, value, keccak256(data)))`.
fn operation_hash(
    wallet: &Address,
    nonce: u128,
    to: &Address,
    value: u128,
    data: &[u8],
) -> [u8; 32] {
    keccak256(&encode(&[
        addr(wallet),
        uint(nonce),
        addr(to),
        uint(value),
        b32(keccak256(data)),
    ]))
}

fn execute_args(
    to: &Address,
    value: u128,
    data: &[u8],
    nonce: u128,
    signers: &[usize],
    sigs: &[Vec<u8>],
) -> Vec<Abi> {
    vec![
        addr(to),
        uint(value),
        bytes(data),
        uint(nonce),
        Abi::A(signers.iter().map(|&s| uint(s as u128)).collect()),
        Abi::A(sigs.iter().map(|s| bytes(s)).collect()),
    ]
}

#[test]
fn pq_multisig_m_of_n() {
    let mut chain = Chain::new();
    let owners = Owners::new(3);
    let w = artifact("PQMultisig");
    let (wallet, _) = chain.deploy(ALICE, &w, &[owners.public_keys(), uint(2)]);
    assert_eq!(u128_at(&chain.get(wallet, &w, "threshold", &[]), 0), 2);
    assert_eq!(u128_at(&chain.get(wallet, &w, "ownerCount", &[]), 0), 3);
    assert_eq!(
        bytes_at(&chain.get(wallet, &w, "owner", &[uint(1)]), 0),
        owners.keys[1].verifying_key().as_bytes()
    );

    // the keys live as the code (0x00 ‖ key) of data contracts the constructor created
    // (CREATE nonces 1, 2, 3 of the wallet); their leading STOP makes them inert
    for i in 0..3 {
        let store = zvm::runtime::contract_address(&wallet, i as u64 + 1);
        let code = chain.rt.code(&store).unwrap();
        assert_eq!(code[0], 0x00);
        assert_eq!(&code[1..], owners.keys[i].verifying_key().as_bytes());
        let r = chain.rt.call(BOB, store, "", b"anything", 0, GAS);
        assert!(r.success && r.return_data.is_empty() && r.logs.is_empty());
    }

    // fund it through receive()
    chain.rt.mint(&ALICE, 10_000).unwrap();
    let r = chain.rt.call(ALICE, wallet, "", &[], 1_000, GAS);
    ok(&r, "deposit");
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].topics[0], keccak256(b"Deposit(address,uint256)"));
    assert_eq!(chain.rt.balance(&wallet).unwrap(), 1_000);

    // the contract computes the same operation hash
    let h = operation_hash(&wallet, 0, &CAROL, 300, b"");
    assert_eq!(
        chain.get(
            wallet,
            &w,
            "operationHash",
            &[uint(0), addr(&CAROL), uint(300), bytes(b"")]
        ),
        h
    );

    // 2 of 3 (owners 0 and 2): the value moves
    let sigs = vec![owners.sign(0, &h), owners.sign(2, &h)];
    let r = chain.call(
        BOB,
        wallet,
        &w,
        "execute",
        &execute_args(&CAROL, 300, b"", 0, &[0, 2], &sigs),
    );
    ok(&r, "2 of 3");
    assert_eq!(chain.rt.balance(&CAROL).unwrap(), 300);
    assert_eq!(chain.rt.balance(&wallet).unwrap(), 700);
    assert_eq!(u128_at(&chain.get(wallet, &w, "nonce", &[]), 0), 1);
    let executed = r.logs.last().unwrap();
    assert_eq!(executed.address, wallet);
    assert_eq!(
        executed.topics,
        vec![
            keccak256(b"Executed(uint256,address,uint256,bytes)"),
            uint_word(0),
            topic_addr(&CAROL)
        ]
    );
    assert!(r.gas_used > 0);
    eprintln!("PQMultisig 2-of-3 execute: {} gas", r.gas_used);

    // replay: the same signatures with the same nonce
    let root = chain.rt.state_root();
    let r = chain.call(
        BOB,
        wallet,
        &w,
        "execute",
        &execute_args(&CAROL, 300, b"", 0, &[0, 2], &sigs),
    );
    reverted_with(
        &r,
        &error_data("BadNonce(uint256,uint256)", &[uint(1), uint(0)]),
        "replay",
    );
    // ... or re-submitted under the next nonce: the signatures do not cover it
    let r = chain.call(
        BOB,
        wallet,
        &w,
        "execute",
        &execute_args(&CAROL, 300, b"", 1, &[0, 2], &sigs),
    );
    reverted_with(
        &r,
        &error_data("InvalidSignature(uint256)", &[uint(0)]),
        "old signatures, new nonce",
    );
    assert_eq!(chain.rt.state_root(), root);

    // M - 1 = 1 signature
    let h1 = operation_hash(&wallet, 1, &CAROL, 100, b"");
    let r = chain.call(
        BOB,
        wallet,
        &w,
        "execute",
        &execute_args(&CAROL, 100, b"", 1, &[1], &[owners.sign(1, &h1)]),
    );
    reverted_with(
        &r,
        &error_data("TooFewSignatures(uint256,uint256)", &[uint(1), uint(2)]),
        "M-1",
    );

    // the same owner twice does not count twice
    let s1 = owners.sign(1, &h1);
    let r = chain.call(
        BOB,
        wallet,
        &w,
        "execute",
        &execute_args(&CAROL, 100, b"", 1, &[1, 1], &[s1.clone(), s1.clone()]),
    );
    reverted_with(
        &r,
        &error_data("SignersNotAscending(uint256)", &[uint(1)]),
        "duplicate signer",
    );

    // a flipped bit in one signature
    let mut bad = owners.sign(2, &h1);
    bad[100] ^= 0x04;
    let r = chain.call(
        BOB,
        wallet,
        &w,
        "execute",
        &execute_args(&CAROL, 100, b"", 1, &[1, 2], &[s1.clone(), bad]),
    );
    reverted_with(
        &r,
        &error_data("InvalidSignature(uint256)", &[uint(2)]),
        "flipped bit",
    );

    // a signature by a non-owner key under an owner's index
    let stranger = ml_dsa::SigningKey::from_seed(ml_dsa::MlDsa::MlDsa65, &[0x99; 32]).unwrap();
    let forged = stranger
        .sign_with_context(&h1, CONTEXT)
        .unwrap()
        .as_bytes()
        .to_vec();
    let r = chain.call(
        BOB,
        wallet,
        &w,
        "execute",
        &execute_args(&CAROL, 100, b"", 1, &[1, 2], &[s1.clone(), forged]),
    );
    reverted_with(
        &r,
        &error_data("InvalidSignature(uint256)", &[uint(2)]),
        "non-owner key",
    );

    // a signature over another amount
    let r = chain.call(
        BOB,
        wallet,
        &w,
        "execute",
        &execute_args(
            &CAROL,
            101,
            b"",
            1,
            &[1, 2],
            &[s1.clone(), owners.sign(2, &h1)],
        ),
    );
    reverted_with(
        &r,
        &error_data("InvalidSignature(uint256)", &[uint(1)]),
        "tampered amount",
    );
    // a malformed (truncated) signature is just invalid
    let r = chain.call(
        BOB,
        wallet,
        &w,
        "execute",
        &execute_args(&CAROL, 100, b"", 1, &[1, 2], &[s1.clone(), vec![1, 2, 3]]),
    );
    reverted_with(
        &r,
        &error_data("InvalidSignature(uint256)", &[uint(2)]),
        "malformed signature",
    );
    assert_eq!(
        chain.rt.state_root(),
        root,
        "failed operations change nothing"
    );

    // all three owners (more than M) for nonce 1
    let sigs: Vec<_> = (0..3).map(|i| owners.sign(i, &h1)).collect();
    ok(
        &chain.call(
            BOB,
            wallet,
            &w,
            "execute",
            &execute_args(&CAROL, 100, b"", 1, &[0, 1, 2], &sigs),
        ),
        "3 of 3",
    );
    assert_eq!(chain.rt.balance(&CAROL).unwrap(), 400);
    assert_eq!(u128_at(&chain.get(wallet, &w, "nonce", &[]), 0), 2);
}

fn uint_word(v: u128) -> [u8; 32] {
    match uint(v) {
        Abi::W(w) => w,
        _ => unreachable!(),
    }
}

#[test]
fn pq_multisig_executes_a_contract_call() {
    // The wallet holds ERC-20 tokens and moves them with a 2-of-3 approved call.
    let mut chain = Chain::new();
    let owners = Owners::new(3);
    let w = artifact("PQMultisig");
    let (wallet, _) = chain.deploy(ALICE, &w, &[owners.public_keys(), uint(2)]);
    let (t, tok) = token(&mut chain);
    ok(
        &chain.call(ALICE, tok, &t, "transfer", &[addr(&wallet), uint(1_000)]),
        "fund",
    );

    let mut data = selector_of("transfer(address,uint256)").to_vec();
    data.extend(encode(&[addr(&BOB), uint(400)]));
    let h = operation_hash(&wallet, 0, &tok, 0, &data);
    let sigs = vec![owners.sign(1, &h), owners.sign(2, &h)];
    let r = chain.call(
        CAROL,
        wallet,
        &w,
        "execute",
        &execute_args(&tok, 0, &data, 0, &[1, 2], &sigs),
    );
    ok(&r, "execute token transfer");
    assert_eq!(r.logs[0], transfer_log(tok, &wallet, &BOB, 400));
    assert_eq!(r.logs[1].address, wallet);
    // returns the call's output: abi.encode(true), as `bytes`
    assert_eq!(bytes_at(&r.return_data, 0), encode(&[boolean(true)]));
    assert_eq!(balance(&mut chain, &t, tok, &BOB), 400);
    assert_eq!(balance(&mut chain, &t, tok, &wallet), 600);

    // a call that reverts makes the whole operation revert (nonce unchanged)
    let mut data = selector_of("transfer(address,uint256)").to_vec();
    data.extend(encode(&[addr(&BOB), uint(601)]));
    let h = operation_hash(&wallet, 1, &tok, 0, &data);
    let sigs = vec![owners.sign(0, &h), owners.sign(1, &h)];
    let r = chain.call(
        CAROL,
        wallet,
        &w,
        "execute",
        &execute_args(&tok, 0, &data, 1, &[0, 1], &sigs),
    );
    let inner = error_data(
        "ERC20InsufficientBalance(address,uint256,uint256)",
        &[addr(&wallet), uint(600), uint(601)],
    );
    reverted_with(
        &r,
        &error_data("CallFailed(bytes)", &[bytes(&inner)]),
        "failing inner call",
    );
    assert_eq!(u128_at(&chain.get(wallet, &w, "nonce", &[]), 0), 1);
}

#[test]
fn pq_multisig_constructor_checks() {
    let mut chain = Chain::new();
    let owners = Owners::new(2);
    let w = artifact("PQMultisig");
    let r = chain.rt.deploy(
        ALICE,
        &w.bytecode,
        &encode(&[owners.public_keys(), uint(3)]),
        0,
        GAS,
    );
    assert!(!r.success);
    assert_eq!(
        r.return_data,
        error_data("InvalidThreshold(uint256,uint256)", &[uint(3), uint(2)])
    );
    let keys = Abi::A(vec![
        bytes(owners.keys[0].verifying_key().as_bytes()),
        bytes(&[7; 32]),
    ]);
    let r = chain
        .rt
        .deploy(ALICE, &w.bytecode, &encode(&[keys, uint(1)]), 0, GAS);
    assert!(!r.success);
    assert_eq!(
        r.return_data,
        error_data("InvalidOwnerKey(uint256)", &[uint(1)])
    );
}

// ---------------------------------------------------------------------------------
// BLS aggregate-signature vote

struct Voters {
    keys: Vec<bls::SigningKey>,
}

impl Voters {
    fn new(n: u8) -> Voters {
        let keys: Vec<_> = (0..n)
            .map(|i| bls::SigningKey::key_gen(&[0x70 + i; 32], b"").unwrap())
            .collect();
        // what the deployer must do off chain: check every voter's proof of possession
        for k in &keys {
            k.verifying_key()
                .verify_possession(&k.prove_possession())
                .unwrap();
        }
        Voters { keys }
    }

    fn concatenated_keys(&self) -> Vec<u8> {
        self.keys
            .iter()
            .flat_map(|k| k.verifying_key().as_bytes().to_vec())
            .collect()
    }

    fn aggregate(&self, who: &[usize], message: &[u8]) -> Vec<u8> {
        let sigs: Vec<_> = who
            .iter()
            .map(|&i| self.keys[i].sign(message).unwrap())
            .collect();
        bls::aggregate_signatures(&sigs)
            .unwrap()
            .as_bytes()
            .to_vec()
    }
}

fn bitmap(who: &[usize]) -> u128 {
    who.iter().map(|&i| 1u128 << i).sum()
}

/// `abi.encodePacked("zvm-bls-vote-v1", address(this), proposal, choice)`.
fn vote_message(vote: &Address, proposal: u128, choice: [u8; 32]) -> Vec<u8> {
    let mut m = b"zvm-bls-vote-v1".to_vec();
    m.extend_from_slice(vote.as_bytes());
    m.extend_from_slice(&uint_word(proposal));
    m.extend_from_slice(&choice);
    m
}

#[test]
fn bls_vote_quorum() {
    let mut chain = Chain::new();
    let voters = Voters::new(5);
    let v = artifact("BlsVote");
    let (vote, _) = chain.deploy(ALICE, &v, &[bytes(&voters.concatenated_keys()), uint(3)]);
    assert_eq!(u128_at(&chain.get(vote, &v, "voterCount", &[]), 0), 5);
    assert_eq!(u128_at(&chain.get(vote, &v, "quorum", &[]), 0), 3);

    let yes = keccak256(b"yes");
    let no = keccak256(b"no");
    let m = vote_message(&vote, 7, yes);
    assert_eq!(
        bytes_at(&chain.get(vote, &v, "voteMessage", &[uint(7), b32(yes)]), 0),
        m
    );

    let decide =
        |chain: &mut Chain, proposal: u128, choice: [u8; 32], who: &[usize], sig: &[u8]| {
            chain.call(
                BOB,
                vote,
                &v,
                "decide",
                &[uint(proposal), b32(choice), uint(bitmap(who)), bytes(sig)],
            )
        };

    // below quorum: 2 of 5
    let root = chain.rt.state_root();
    let r = decide(&mut chain, 7, yes, &[0, 3], &voters.aggregate(&[0, 3], &m));
    reverted_with(
        &r,
        &error_data("BelowQuorum(uint256,uint256)", &[uint(2), uint(3)]),
        "below quorum",
    );

    // wrong message: the voters signed "no" but "yes" is submitted
    let m_no = vote_message(&vote, 7, no);
    let r = decide(
        &mut chain,
        7,
        yes,
        &[0, 1, 4],
        &voters.aggregate(&[0, 1, 4], &m_no),
    );
    reverted_with(
        &r,
        &error_data("InvalidAggregateSignature()", &[]),
        "wrong message",
    );

    // another proposal's message
    let r = decide(
        &mut chain,
        7,
        yes,
        &[0, 1, 4],
        &voters.aggregate(&[0, 1, 4], &vote_message(&vote, 8, yes)),
    );
    reverted_with(
        &r,
        &error_data("InvalidAggregateSignature()", &[]),
        "wrong proposal",
    );

    // the bitmap names a voter who did not sign
    let r = decide(
        &mut chain,
        7,
        yes,
        &[0, 1, 3],
        &voters.aggregate(&[0, 1, 4], &m),
    );
    reverted_with(
        &r,
        &error_data("InvalidAggregateSignature()", &[]),
        "wrong signer set",
    );

    // a voter outside the set
    let r = decide(
        &mut chain,
        7,
        yes,
        &[0, 1, 5],
        &voters.aggregate(&[0, 1, 4], &m),
    );
    reverted_with(
        &r,
        &error_data("UnknownVoter(uint256)", &[uint(bitmap(&[0, 1, 5]))]),
        "unknown voter",
    );

    // a malformed signature
    let r = decide(&mut chain, 7, yes, &[0, 1, 4], &[0xff; 96]);
    reverted_with(
        &r,
        &error_data("InvalidAggregateSignature()", &[]),
        "malformed signature",
    );
    assert_eq!(chain.rt.state_root(), root);

    // quorum: 3 of 5
    let r = decide(
        &mut chain,
        7,
        yes,
        &[0, 1, 4],
        &voters.aggregate(&[0, 1, 4], &m),
    );
    ok(&r, "quorum");
    assert_eq!(
        r.logs,
        vec![Log {
            address: vote,
            topics: vec![
                keccak256(b"Decided(uint256,bytes32,uint256,uint256)"),
                uint_word(7)
            ],
            data: encode(&[b32(yes), uint(bitmap(&[0, 1, 4])), uint(3)]),
        }]
    );
    eprintln!("BlsVote 3-of-5 decide: {} gas", r.gas_used);
    assert_eq!(chain.get(vote, &v, "decided", &[uint(7)]), yes);

    // decided once
    let r = decide(
        &mut chain,
        7,
        no,
        &[1, 2, 3, 4],
        &voters.aggregate(&[1, 2, 3, 4], &m_no),
    );
    reverted_with(
        &r,
        &error_data("AlreadyDecided(uint256)", &[uint(7)]),
        "already decided",
    );

    // all five on another proposal
    let m9 = vote_message(&vote, 9, no);
    ok(
        &decide(
            &mut chain,
            9,
            no,
            &[0, 1, 2, 3, 4],
            &voters.aggregate(&[0, 1, 2, 3, 4], &m9),
        ),
        "5 of 5",
    );
    assert_eq!(chain.get(vote, &v, "decided", &[uint(9)]), no);
}

// ---------------------------------------------------------------------------------
// ZCrypto.sol: every precompile through ZCryptoHarness

struct Harness {
    chain: Chain,
    h: Artifact,
    at: Address,
}

impl Harness {
    fn new() -> Harness {
        let mut chain = Chain::new();
        let h = artifact("ZCryptoHarness");
        let (at, _) = chain.deploy(ALICE, &h, &[]);
        Harness { chain, h, at }
    }

    fn view(&mut self, f: &str, args: &[Abi]) -> Receipt {
        self.chain.view(self.at, &self.h, f, args)
    }

    fn out(&mut self, f: &str, args: &[Abi]) -> Vec<u8> {
        let r = self.view(f, args);
        ok(&r, f);
        r.return_data
    }

    fn verify(&mut self, f: &str, args: &[Abi]) -> bool {
        bool_at(&self.out(f, args), 0)
    }

    /// Expects ZCryptoMalformedInput(op).
    fn malformed(&mut self, f: &str, args: &[Abi], op: Op) {
        let r = self.view(f, args);
        reverted_with(
            &r,
            &error_data("ZCryptoMalformedInput(uint16)", &[uint(op.id() as u128)]),
            f,
        );
    }
}

#[test]
fn zcrypto_precompile_addresses() {
    let mut hs = Harness::new();
    for &op in Op::ALL {
        let out = hs.out("precompile", &[uint(op.id() as u128)]);
        let mut want = [0u8; 32];
        want[28..30].copy_from_slice(b"zc");
        want[30..].copy_from_slice(&op.id().to_be_bytes());
        assert_eq!(out, want, "{}", op.name());
    }
}

/// The precompiles of zvm/docs/evm-precompiles.md, each wrapped by ZCrypto.sol.
const TABLE: &[Op] = &[
    Op::Blake3,
    Op::VerifyEd25519,
    Op::VerifyBip340,
    Op::VerifyMlDsa44,
    Op::VerifyMlDsa65,
    Op::VerifyMlDsa87,
    Op::VerifyHybridEd25519MlDsa65,
    Op::BlsFastAggregateVerify,
    Op::BlsAggregateVerify,
    Op::BatchVerify,
    Op::MerkleInclusionSha256,
    Op::MerkleInclusionKeccak256,
    Op::MerkleInclusionBlake3,
    Op::MerkleVerifyEthereum,
    Op::PoseidonBn254,
    Op::Groth16VerifyBn254,
    Op::Groth16VerifyBls12381,
    Op::BulletproofsVerify,
    Op::KzgPointEvaluation,
    Op::Halo2Verify,
];

#[test]
fn zcrypto_library_covers_the_table() {
    // The engine's table is the list above, and ZCrypto.sol has one constant per
    // precompile of it, with its op id.
    let engine: Vec<Op> = zvm::evm::precompiles::TABLE.iter().map(|p| p.op).collect();
    assert_eq!(
        engine, TABLE,
        "the engine's precompile table changed: update ZCrypto.sol"
    );
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/contracts/solidity/src/ZCrypto.sol"
    ))
    .unwrap();
    for op in TABLE {
        let constant = format!(
            "uint16 internal constant {} = 0x{:04x};",
            op.name().to_uppercase(),
            op.id()
        );
        assert!(src.contains(&constant), "ZCrypto.sol lacks `{constant}`");
    }
    assert_eq!(
        src.matches("uint16 internal constant").count(),
        TABLE.len(),
        "ZCrypto.sol names an op the engine has no precompile for"
    );
}

#[test]
fn zcrypto_blake3() {
    let mut hs = Harness::new();
    let data = b"the quick brown fox jumps over the lazy dog".repeat(5);
    for input in [&b""[..], b"abc", &data] {
        let want = hash(HashAlg::Blake3, input);
        assert_eq!(
            hs.out("blake3", &[bytes(input)]),
            want.as_bytes(),
            "blake3({})",
            input.len()
        );
    }
}

#[test]
fn zcrypto_signatures() {
    let mut hs = Harness::new();
    let msg = b"a message to sign".as_slice();
    for (f, alg, ctx) in [
        ("verifyEd25519", Algorithm::Ed25519, None),
        ("verifyBip340", Algorithm::Bip340, None),
        (
            "verifyMlDsa44",
            Algorithm::MlDsa44,
            Some(b"ctx44".as_slice()),
        ),
        (
            "verifyMlDsa65",
            Algorithm::MlDsa65,
            Some(b"ctx65".as_slice()),
        ),
        ("verifyMlDsa87", Algorithm::MlDsa87, Some(b"".as_slice())),
        (
            "verifyEd25519MlDsa65",
            Algorithm::HybridEd25519MlDsa65,
            Some(b"hy".as_slice()),
        ),
    ] {
        let seed = vec![0x5a; dynamic::seed_len(alg).unwrap()];
        let (sk, pk) = dynamic::keygen(alg, &seed).unwrap();
        let c = ctx.unwrap_or(b"");
        let sig = dynamic::sign(alg, &sk, msg, c).unwrap();
        let args = |pk: &[u8], m: &[u8], c: &[u8], s: &[u8]| -> Vec<Abi> {
            if ctx.is_some() {
                vec![bytes(pk), bytes(m), bytes(c), bytes(s)]
            } else {
                vec![bytes(pk), bytes(m), bytes(s)]
            }
        };
        assert!(hs.verify(f, &args(&pk, msg, c, &sig)), "{f}: valid");
        assert!(
            !hs.verify(f, &args(&pk, b"another message", c, &sig)),
            "{f}: other message"
        );
        let mut flipped = sig.clone();
        flipped[sig.len() / 2] ^= 1;
        assert!(
            !hs.verify(f, &args(&pk, msg, c, &flipped)),
            "{f}: flipped bit"
        );
        // malformed: a truncated key or signature is false, not a revert
        assert!(
            !hs.verify(f, &args(&pk[..pk.len() - 1], msg, c, &sig)),
            "{f}: short key"
        );
        assert!(
            !hs.verify(f, &args(&pk, msg, c, &sig[..sig.len() - 1])),
            "{f}: short sig"
        );
        assert!(!hs.verify(f, &args(&[], msg, c, &[])), "{f}: empty");
        if ctx.is_some() {
            assert!(
                !hs.verify(f, &args(&pk, msg, b"other ctx", &sig)),
                "{f}: other context"
            );
            assert!(
                !hs.verify(f, &args(&pk, msg, &[0; 256], &sig)),
                "{f}: context too long"
            );
        }
    }
}

#[test]
fn zcrypto_frost_group_signature() {
    // A FROST(Ed25519, SHA-512) 2-of-3 group signature is an Ed25519 signature under the
    // group key: verifyEd25519 checks it.
    use zcrypto::sig::Encoding;
    use zcrypto::sig::frost;
    let mut hs = Harness::new();
    let dealt = frost::dealer_keygen(2, 3).unwrap();
    let keys: Vec<frost::KeyPackage> = dealt
        .shares
        .into_iter()
        .map(frost::KeyPackage::from_secret_share)
        .collect::<Result<_, _>>()
        .unwrap();
    let (n1, c1) = frost::commit(&keys[0]).unwrap();
    let (n3, c3) = frost::commit(&keys[2]).unwrap();
    let package = frost::SigningPackage::new(&[c1, c3], b"group message").unwrap();
    let s1 = frost::sign(&package, n1, &keys[0]).unwrap();
    let s3 = frost::sign(&package, n3, &keys[2]).unwrap();
    let sig = frost::aggregate(&package, &[s1, s3], &dealt.public_key_package)
        .unwrap()
        .to_bytes();
    let pk = dealt.public_key_package.verifying_key().unwrap().to_bytes();
    assert!(hs.verify(
        "verifyEd25519",
        &[bytes(&pk), bytes(b"group message"), bytes(&sig)]
    ));
    assert!(!hs.verify(
        "verifyEd25519",
        &[bytes(&pk), bytes(b"other message"), bytes(&sig)]
    ));
}

#[test]
fn zcrypto_bls_aggregates() {
    let mut hs = Harness::new();
    let voters = Voters::new(3);
    let keys = voters.concatenated_keys();
    let msg = b"one message".as_slice();
    let agg = voters.aggregate(&[0, 1, 2], msg);
    let fav = |hs: &mut Harness, k: &[u8], m: &[u8], s: &[u8]| {
        hs.verify("blsFastAggregateVerify", &[bytes(k), bytes(m), bytes(s)])
    };
    assert!(fav(&mut hs, &keys, msg, &agg));
    assert!(!fav(&mut hs, &keys, b"other", &agg), "other message");
    assert!(!fav(&mut hs, &keys[..96], msg, &agg), "a key missing");
    assert!(!fav(&mut hs, &keys[..100], msg, &agg), "malformed keys");
    assert!(!fav(&mut hs, &keys, msg, &agg[..95]), "malformed signature");
    assert!(
        !fav(&mut hs, &[0xff; 48], msg, &agg),
        "a key that does not decode"
    );

    // AggregateVerify: one message per key
    let msgs: [&[u8]; 3] = [b"m0", b"message one", b""];
    let sigs: Vec<_> = (0..3)
        .map(|i| voters.keys[i].sign(msgs[i]).unwrap())
        .collect();
    let agg = bls::aggregate_signatures(&sigs)
        .unwrap()
        .as_bytes()
        .to_vec();
    let ms = |m: &[&[u8]]| Abi::A(m.iter().map(|m| bytes(m)).collect());
    assert!(hs.verify(
        "blsAggregateVerify",
        &[bytes(&keys), ms(&msgs), bytes(&agg)]
    ));
    assert!(!hs.verify(
        "blsAggregateVerify",
        &[bytes(&keys), ms(&[b"m0", b"message two", b""]), bytes(&agg)]
    ));
    assert!(
        !hs.verify(
            "blsAggregateVerify",
            &[bytes(&keys), ms(&msgs[..2]), bytes(&agg)]
        ),
        "too few messages"
    );
    assert!(
        !hs.verify(
            "blsAggregateVerify",
            &[bytes(&keys), ms(&msgs), bytes(&[1; 96])]
        ),
        "malformed signature"
    );
}

#[test]
fn zcrypto_batch() {
    use zcrypto::metered::batch;
    let mut hs = Harness::new();
    let mut blob = vec![0, 0];
    for i in 0..3u8 {
        let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[0x20 + i; 32]).unwrap();
        let m = [i; 10];
        let s = dynamic::sign(Algorithm::Ed25519, &sk, &m, b"").unwrap();
        batch::push_item(&mut blob, Op::VerifyEd25519, &pk, &s, b"", &m).unwrap();
    }
    let (sk, pk) = dynamic::keygen(Algorithm::MlDsa65, &[0x30; 32]).unwrap();
    let s = dynamic::sign(Algorithm::MlDsa65, &sk, b"pq", b"c").unwrap();
    batch::push_item(&mut blob, Op::VerifyMlDsa65, &pk, &s, b"c", b"pq").unwrap();
    let voters = Voters::new(1);
    let s = voters.keys[0].sign(b"bls").unwrap();
    batch::push_item(
        &mut blob,
        Op::VerifyBls12381,
        voters.keys[0].verifying_key().as_bytes(),
        s.as_bytes(),
        b"",
        b"bls",
    )
    .unwrap();
    assert!(hs.verify("batchVerify", &[bytes(&blob)]));
    assert!(hs.verify("batchVerify", &[bytes(&[0, 0])]), "empty batch");
    let mut bad = blob.clone();
    let n = bad.len();
    bad[n - 1] ^= 1; // the last message
    assert!(!hs.verify("batchVerify", &[bytes(&bad)]));
    assert!(
        !hs.verify("batchVerify", &[bytes(&blob[..n - 1])]),
        "truncated"
    );
    assert!(!hs.verify("batchVerify", &[bytes(b"")]), "no count");
}

#[test]
fn zcrypto_merkle() {
    use zcrypto::merkle::ethereum::{self, StandardMerkleTree};
    use zcrypto::merkle::{Blake3, Keccak256, MerkleTree, Sha256};
    let mut hs = Harness::new();
    let leaves: Vec<&[u8]> = vec![b"a", b"b", b"c", b"d", b"e"];

    macro_rules! inclusion {
        ($f:literal, $h:ty) => {{
            let tree = MerkleTree::<$h>::from_leaves(&leaves);
            let root = tree.root();
            let proof = tree.inclusion_proof(2).unwrap().to_bytes();
            assert!(hs.verify($f, &[bytes(b"c"), bytes(&proof), b32(root)]), $f);
            assert!(!hs.verify($f, &[bytes(b"x"), bytes(&proof), b32(root)]), $f);
            assert!(
                !hs.verify($f, &[bytes(b"c"), bytes(&proof), b32([1; 32])]),
                $f
            );
            let other = tree.inclusion_proof(3).unwrap().to_bytes();
            assert!(!hs.verify($f, &[bytes(b"c"), bytes(&other), b32(root)]), $f);
            assert!(
                !hs.verify(
                    $f,
                    &[bytes(b"c"), bytes(&proof[..proof.len() - 1]), b32(root)]
                ),
                $f
            );
        }};
    }
    inclusion!("merkleInclusionSha256", Sha256);
    inclusion!("merkleInclusionKeccak256", Keccak256);
    inclusion!("merkleInclusionBlake3", Blake3);

    // OpenZeppelin StandardMerkleTree of (address, uint256) leaves
    let encoded: Vec<Vec<u8>> = (0..5u8)
        .map(|i| encode(&[addr(&Address([i; 20])), uint(100 + i as u128)]))
        .collect();
    let tree = StandardMerkleTree::from_encoded_leaves(&encoded).unwrap();
    let proof = tree.proof(3).unwrap();
    let leaf = ethereum::leaf_hash(&encoded[3]);
    let p = Abi::A(proof.iter().map(|n| b32(*n)).collect());
    assert!(hs.verify(
        "merkleVerifyEthereum",
        &[b32(leaf), p.clone(), b32(tree.root())]
    ));
    assert!(!hs.verify(
        "merkleVerifyEthereum",
        &[
            b32(ethereum::leaf_hash(&encoded[2])),
            p.clone(),
            b32(tree.root())
        ]
    ));
    assert!(!hs.verify("merkleVerifyEthereum", &[b32(leaf), p, b32([0; 32])]));
}

#[test]
fn zcrypto_poseidon() {
    let mut hs = Harness::new();
    let out = hs.out("poseidon", &[Abi::A(vec![uint(1), uint(2)])]);
    assert_eq!(
        hex::encode(out),
        "115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"
    );
    // 12 inputs are fine; 0 or 13 inputs, or an element ≥ the BN254 modulus, are not
    let twelve = Abi::A((1..=12).map(uint).collect());
    let _ = hs.out("poseidon", &[twelve]);
    hs.malformed("poseidon", &[Abi::A(vec![])], Op::PoseidonBn254);
    hs.malformed(
        "poseidon",
        &[Abi::A((1..=13).map(uint).collect())],
        Op::PoseidonBn254,
    );
    hs.malformed(
        "poseidon",
        &[Abi::A(vec![b32([0xff; 32])])],
        Op::PoseidonBn254,
    );
}

/// The harness function for a Groth16 op.
fn groth16_function(op: Op) -> &'static str {
    match op {
        Op::Groth16VerifyBn254 => "groth16VerifyBn254",
        _ => "groth16VerifyBls12381",
    }
}

#[test]
fn zcrypto_groth16() {
    let mut hs = Harness::new();
    let fixtures = common::groth16_fixtures();
    for (op, vk, proof, _) in &fixtures {
        let f = groth16_function(*op);
        let statement = |c: u128, k: u128| Abi::A(vec![uint(c), uint(k)]);
        assert!(
            hs.verify(f, &[bytes(vk), bytes(proof), statement(38, 5)]),
            "{f}"
        );
        // Another statement, a proof point that does not decode, an input ≥ the field
        // modulus, one input too few, a truncated key: all `false`, never a revert.
        assert!(!hs.verify(f, &[bytes(vk), bytes(proof), statement(39, 5)]));
        let mut ones = proof.clone();
        ones[1..1 + (proof.len() - 1) / 4].fill(0xff);
        assert!(!hs.verify(f, &[bytes(vk), bytes(&ones), statement(38, 5)]));
        let big = Abi::A(vec![b32([0xff; 32]), uint(5)]);
        assert!(!hs.verify(f, &[bytes(vk), bytes(proof), big]));
        let one = Abi::A(vec![uint(38)]);
        assert!(!hs.verify(f, &[bytes(vk), bytes(proof), one]));
        assert!(!hs.verify(
            f,
            &[bytes(&vk[..vk.len() - 1]), bytes(proof), statement(38, 5)]
        ));
    }
    // A key and proof of one curve given to the other's precompile: `false`.
    let (bn, bls) = (&fixtures[0], &fixtures[1]);
    let statement = Abi::A(vec![uint(38), uint(5)]);
    assert!(!hs.verify(
        "groth16VerifyBls12381",
        &[bytes(&bn.1), bytes(&bn.2), statement.clone()]
    ));
    assert!(!hs.verify(
        "groth16VerifyBn254",
        &[bytes(&bls.1), bytes(&bls.2), statement]
    ));
}

#[test]
fn zcrypto_groth16_out_of_gas_is_not_false() {
    // Below the precompile's price the library reverts with ZCryptoCallFailed, never
    // returns false.
    let mut hs = Harness::new();
    let (op, vk, proof, _) = common::groth16_fixtures().swap_remove(0);
    let args = encode(&[bytes(&vk), bytes(&proof), Abi::A(vec![uint(38), uint(5)])]);
    let sel = hs.h.selector("groth16VerifyBn254");
    let full = hs.chain.rt.view(ALICE, hs.at, &sel, &args, GAS);
    ok(&full, "groth16VerifyBn254");
    assert!(bool_at(&full.return_data, 0));
    let call_failed = error_data("ZCryptoCallFailed(uint16)", &[uint(op.id() as u128)]);
    let mut saw_call_failed = false;
    for limit in (40_000..full.gas_used).step_by(5_000) {
        let r = hs.chain.rt.view(ALICE, hs.at, &sel, &args, limit);
        assert!(
            !r.success || bool_at(&r.return_data, 0),
            "with {limit} gas the proof must not be reported invalid"
        );
        saw_call_failed |= !r.success && r.return_data == call_failed;
    }
    assert!(
        saw_call_failed,
        "no gas limit below {} gave ZCryptoCallFailed",
        full.gas_used
    );
}

#[test]
fn zcrypto_bulletproofs_and_kzg() {
    use zcrypto::zk::bulletproofs::{BitSize, Blinding, Commitment, RangeProof};
    let mut hs = Harness::new();
    let blindings: Vec<Blinding> = (1..=2u8)
        .map(|i| Blinding::from_bytes([i; 32]).unwrap())
        .collect();
    let (proof, cs) =
        RangeProof::prove_with_entropy(BitSize::Bits32, &[5, 6], &blindings, &[9; 32]).unwrap();
    let proof = proof.to_bytes();
    let words = |cs: &[[u8; 32]]| Abi::A(cs.iter().map(|c| b32(*c)).collect());
    let cs: Vec<[u8; 32]> = cs.iter().map(|c| c.to_bytes()).collect();
    let f = "bulletproofsVerify";
    assert!(hs.verify(f, &[bytes(&proof), words(&cs), uint(32)]));
    // A wrong commitment, an undecodable one, another bit size, one commitment only, a
    // truncated proof: all `false`.
    let other = Commitment::new(7, &blindings[0]).to_bytes();
    assert!(!hs.verify(f, &[bytes(&proof), words(&[other, cs[1]]), uint(32)]));
    assert!(!hs.verify(f, &[bytes(&proof), words(&[[0xff; 32], cs[1]]), uint(32)]));
    assert!(!hs.verify(f, &[bytes(&proof), words(&cs), uint(64)]));
    assert!(!hs.verify(f, &[bytes(&proof), words(&cs[..1]), uint(32)]));
    assert!(!hs.verify(f, &[bytes(&proof[..proof.len() - 1]), words(&cs), uint(32)]));

    // KZG: true where 0x0a succeeds.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../vectors/kzg/point_evaluation.json"
    ))
    .unwrap();
    let input = |name: &str| -> Vec<u8> {
        let rest = &text[text.find(&format!("\"name\": \"{name}\"")).unwrap()..];
        let start = rest.find("\"input\": \"").unwrap() + "\"input\": \"".len();
        let hex = &rest[start..start + rest[start..].find('"').unwrap()];
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    };
    let good = input("pointEvaluation1");
    let f = "kzgPointEvaluation";
    assert!(hs.verify(f, &[bytes(&good)]));
    let mut y = good.clone();
    y[95] ^= 1;
    let mut z = good.clone();
    z[32..64].fill(0xff);
    for bad in [
        y,
        z,
        input("pointEvaluation1-pre-ceremony"),
        input("fuzzcorp-0"),
        good[..191].to_vec(),
    ] {
        assert!(!hs.verify(f, &[bytes(&bad)]));
    }
}

#[test]
fn zcrypto_halo2() {
    let mut hs = Harness::new();
    let e = common::halo2_encoding();
    let f = "halo2Verify";
    assert!(hs.verify(f, &[bytes(e)]));
    // Another public input, a flipped proof bit, a public input that is not a field
    // element, an unknown circuit id, a truncated or an over-long encoding: all `false`.
    let mut flipped = e.to_vec();
    flipped[1000] ^= 1;
    let mut big = e.to_vec();
    big[2..34].fill(0xff);
    let mut unknown = e.to_vec();
    unknown[..2].copy_from_slice(&0x0005u16.to_be_bytes());
    for bad in [
        common::halo2_wrong_input(),
        flipped,
        big,
        unknown,
        e[..e.len() - 1].to_vec(),
        [e, &[0]].concat(),
    ] {
        assert!(!hs.verify(f, &[bytes(&bad)]));
    }
}

#[test]
fn zk_vote_counts_proven_votes_once() {
    // The toy fixture circuit (c = a·b + k) stands in for a real voting circuit: its
    // public signals [c, k] = [38, 5] play [nullifier, choice].
    for (op, vk, proof, _) in common::groth16_fixtures() {
        let bls = op == Op::Groth16VerifyBls12381;
        let mut chain = Chain::new();
        let v = artifact("ZkVote");
        let (at, _) = chain.deploy(ALICE, &v, &[bytes(&vk), boolean(bls)]);
        assert_eq!(bytes_at(&chain.get(at, &v, "verifyingKey", &[]), 0), vk);
        assert_eq!(bool_at(&chain.get(at, &v, "bls12381", &[]), 0), bls);
        let vote = |chain: &mut Chain, proof: &[u8], nullifier: u128, choice: u128| {
            chain.call(
                BOB,
                at,
                &v,
                "vote",
                &[bytes(proof), uint(nullifier), uint(choice)],
            )
        };
        // Wrong statements and malformed proofs: InvalidProof, nothing changes.
        let root = chain.rt.state_root();
        let mut ones = proof.clone();
        ones[1..1 + (proof.len() - 1) / 4].fill(0xff);
        for (what, p, n, c) in [
            ("another nullifier", &proof[..], 39, 5),
            ("another choice", &proof[..], 38, 6),
            ("a point that does not decode", &ones[..], 38, 5),
            ("a truncated proof", &proof[..proof.len() - 1], 38, 5),
        ] {
            let r = vote(&mut chain, p, n, c);
            reverted_with(&r, &error_data("InvalidProof()", &[]), what);
        }
        assert_eq!(chain.rt.state_root(), root);
        // The proven statement: counted once.
        let r = vote(&mut chain, &proof, 38, 5);
        ok(&r, "vote");
        assert_eq!(
            r.logs,
            vec![Log {
                address: at,
                topics: vec![
                    keccak256(b"Voted(uint256,uint256)"),
                    uint_word(38),
                    uint_word(5)
                ],
                data: vec![],
            }]
        );
        eprintln!("ZkVote {op:?} vote: {} gas", r.gas_used);
        assert!(bool_at(&chain.get(at, &v, "spent", &[uint(38)]), 0));
        assert_eq!(u128_at(&chain.get(at, &v, "tally", &[uint(5)]), 0), 1);
        let r = vote(&mut chain, &proof, 38, 5);
        reverted_with(
            &r,
            &error_data("AlreadyVoted(uint256)", &[uint(38)]),
            "double vote",
        );
        assert_eq!(u128_at(&chain.get(at, &v, "tally", &[uint(5)]), 0), 1);
    }
    // A key of one curve with the other curve's precompile: no vote verifies.
    let (_, bn_vk, bn_proof, _) = common::groth16_fixtures().swap_remove(0);
    let mut chain = Chain::new();
    let v = artifact("ZkVote");
    let (at, _) = chain.deploy(ALICE, &v, &[bytes(&bn_vk), boolean(true)]);
    let r = chain.call(BOB, at, &v, "vote", &[bytes(&bn_proof), uint(38), uint(5)]);
    reverted_with(&r, &error_data("InvalidProof()", &[]), "wrong curve");
}

#[test]
fn zcrypto_out_of_gas_is_not_false() {
    // A precompile call that runs out of gas reverts with ZCryptoCallFailed rather than
    // returning false. BLS FastAggregateVerify: little call data (so the EIP-7623 floor
    // does not hide the execution gas), an expensive precompile.
    let mut hs = Harness::new();
    let voters = Voters::new(2);
    let keys = voters.concatenated_keys();
    let agg = voters.aggregate(&[0, 1], b"m");
    let args = encode(&[bytes(&keys), bytes(b"m"), bytes(&agg)]);
    let sel = hs.h.selector("blsFastAggregateVerify");
    let full = hs.chain.rt.view(ALICE, hs.at, &sel, &args, GAS);
    ok(&full, "blsFastAggregateVerify");
    assert!(bool_at(&full.return_data, 0));
    let call_failed = error_data(
        "ZCryptoCallFailed(uint16)",
        &[uint(Op::BlsFastAggregateVerify.id() as u128)],
    );
    let mut saw_call_failed = false;
    for limit in (25_000..full.gas_used).step_by(2_000) {
        let r = hs.chain.rt.view(ALICE, hs.at, &sel, &args, limit);
        assert!(
            !r.success || bool_at(&r.return_data, 0),
            "with {limit} gas the signature must not be reported invalid"
        );
        saw_call_failed |= !r.success && r.return_data == call_failed;
    }
    assert!(
        saw_call_failed,
        "no gas limit below {} gave ZCryptoCallFailed",
        full.gas_used
    );
}
