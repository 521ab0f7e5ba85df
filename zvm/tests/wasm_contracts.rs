//! The example WASM contracts (`zvm/contracts/wasm/out/*.wasm`, built from Rust with
//! `zvm-sdk` and one from C), deployed and called through [`Runtime`]: a happy path and
//! the negative cases of each, and a check that the checked-in binaries are what the
//! build script produces.

use std::path::Path;
use std::process::Command;

use zcrypto::Algorithm;
use zcrypto::hash::{keccak256, sha256};
use zcrypto::merkle::ethereum::{self, StandardMerkleTree};
use zcrypto::sig::multisig::MultisigPolicy;
use zcrypto::sig::{bls, dynamic};
use zvm::address::Address;
use zvm::contracts::multisig_wallet::signature_list;
use zvm::runtime::{Receipt, Runtime};
use zvm::state::MemoryState;

const COUNTER: &[u8] = include_bytes!("../contracts/wasm/out/counter.wasm");
const C_COUNTER: &[u8] = include_bytes!("../contracts/wasm/out/c_counter.wasm");
const ED25519_VERIFY: &[u8] = include_bytes!("../contracts/wasm/out/ed25519_verify.wasm");
const TOKEN: &[u8] = include_bytes!("../contracts/wasm/out/token.wasm");
const MULTISIG: &[u8] = include_bytes!("../contracts/wasm/out/multisig_wallet.wasm");
const DAO: &[u8] = include_bytes!("../contracts/wasm/out/dao_vote.wasm");
const AIRDROP: &[u8] = include_bytes!("../contracts/wasm/out/airdrop.wasm");
const SELFTEST: &[u8] = include_bytes!("../contracts/wasm/out/sdk_selftest.wasm");
const ZK_VOTE: &[u8] = include_bytes!("../contracts/wasm/out/zk_vote.wasm");

const GAS: u64 = 100_000_000;
const OWNER: Address = Address([0x0E; 20]);
const ALICE: Address = Address([0xA1; 20]);
const BOB: Address = Address([0xB0; 20]);
const CAROL: Address = Address([0xC0; 20]);
const DAVE: Address = Address([0xD0; 20]);

/// keccak256("Transfer(address,address,uint256)")
const TRANSFER_TOPIC: &str = "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

fn runtime() -> Runtime<MemoryState> {
    Runtime::new(MemoryState::new()).with_block_time(1_700_000_000)
}

fn why(r: &Receipt) -> String {
    format!(
        "error {:?}, output {:?}",
        r.error,
        String::from_utf8_lossy(&r.return_data)
    )
}

fn deploy(rt: &mut Runtime<MemoryState>, code: &[u8], args: &[u8]) -> Address {
    let r = rt.deploy(OWNER, code, args, 0, GAS);
    assert!(r.success, "deploy: {}", why(&r));
    println!("deploy ({} bytes): {} gas", code.len(), r.gas_used);
    r.contract_address.unwrap()
}

#[track_caller]
fn ok(rt: &mut Runtime<MemoryState>, from: Address, to: Address, f: &str, input: &[u8]) -> Receipt {
    let r = rt.call(from, to, f, input, 0, GAS);
    assert!(r.success, "{f}: {}", why(&r));
    println!("{f}: {} gas", r.gas_used);
    r
}

#[track_caller]
fn reverts(
    rt: &mut Runtime<MemoryState>,
    from: Address,
    to: Address,
    f: &str,
    input: &[u8],
    reason: &str,
) {
    let height = rt.height();
    let root = rt.state_root();
    let r = rt.call(from, to, f, input, 0, GAS);
    assert!(!r.success, "{f} should revert with {reason:?}");
    assert_eq!(r.error.as_deref(), Some("reverted"), "{f}: {}", why(&r));
    assert_eq!(String::from_utf8_lossy(&r.return_data), reason, "{f}");
    assert!(r.logs.is_empty());
    assert_eq!(
        (rt.height(), rt.state_root()),
        (height, root),
        "a revert commits nothing"
    );
}

fn view(rt: &mut Runtime<MemoryState>, to: Address, f: &str, input: &[u8]) -> Vec<u8> {
    let r = rt.view(OWNER, to, f, input, GAS);
    assert!(r.success, "{f}: {}", why(&r));
    r.return_data
}

fn word_of(a: &Address) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(&a.0);
    w
}

fn u128_word(v: u128) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[16..].copy_from_slice(&v.to_be_bytes());
    w
}

fn flip(mut b: Vec<u8>, byte: usize) -> Vec<u8> {
    b[byte] ^= 0x01;
    b
}

// ------------------------------------------------------------------ counters

fn counter_checks(code: &[u8]) {
    let mut rt = runtime();
    let c = deploy(&mut rt, code, &[]);
    for i in 1..=3u64 {
        let r = ok(&mut rt, ALICE, c, "increment", &[]);
        assert_eq!(r.return_data, i.to_be_bytes());
    }
    assert_eq!(
        ok(&mut rt, BOB, c, "main", &[]).return_data,
        4u64.to_be_bytes()
    );
    assert_eq!(view(&mut rt, c, "get", &[]), 4u64.to_be_bytes());
    // The count is stored big-endian at slot 0 (8 bytes, read back as a padded word).
    let w = rt.storage_word(&c, &[0; 32]).unwrap();
    assert_eq!(&w[24..], &4u64.to_be_bytes());
    // Unknown export: an error receipt, nothing committed.
    let r = rt.call(ALICE, c, "decrement", &[], 0, GAS);
    assert!(!r.success);
    assert_eq!(view(&mut rt, c, "get", &[]), 4u64.to_be_bytes());
}

#[test]
fn counter_rust() {
    counter_checks(COUNTER);
}

#[test]
fn counter_c() {
    counter_checks(C_COUNTER);
    let mut rt = runtime();
    let c = deploy(&mut rt, C_COUNTER, &[]);
    let data = b"the ABI is language-neutral";
    assert_eq!(
        ok(&mut rt, ALICE, c, "hash", data).return_data,
        sha256(data)
    );
    assert_eq!(ok(&mut rt, ALICE, c, "hash", &[]).return_data, sha256(b""));
    reverts(
        &mut rt,
        ALICE,
        c,
        "hash",
        &[0u8; 5000],
        "counter: input too long",
    );
}

// ------------------------------------------------------------------ Ed25519

#[test]
fn ed25519_verify() {
    let mut rt = runtime();
    let c = deploy(&mut rt, ED25519_VERIFY, &[]);
    let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[7; 32]).unwrap();
    let msg = b"benchmark me";
    let sig = dynamic::sign(Algorithm::Ed25519, &sk, msg, b"").unwrap();
    let input = |pk: &[u8], sig: &[u8], msg: &[u8]| [pk, sig, msg].concat();

    for f in ["verify", "verify_strict", "main"] {
        assert_eq!(
            ok(&mut rt, ALICE, c, f, &input(&pk, &sig, msg)).return_data,
            [1]
        );
        // A flipped signature bit, another message, another key: invalid.
        let bad_sig = flip(sig.clone(), 10);
        assert_eq!(
            ok(&mut rt, ALICE, c, f, &input(&pk, &bad_sig, msg)).return_data,
            [0]
        );
        assert_eq!(
            ok(&mut rt, ALICE, c, f, &input(&pk, &sig, b"benchmark mE")).return_data,
            [0]
        );
        let (_, pk2) = dynamic::keygen(Algorithm::Ed25519, &[8; 32]).unwrap();
        assert_eq!(
            ok(&mut rt, ALICE, c, f, &input(&pk2, &sig, msg)).return_data,
            [0]
        );
        reverts(&mut rt, ALICE, c, f, &sig, "ed25519: malformed input");
    }
}

// ------------------------------------------------------------------ token

fn token_balance(rt: &mut Runtime<MemoryState>, token: Address, who: &Address) -> u128 {
    let out = view(rt, token, "balance_of", &who.0);
    u128::from_be_bytes(out.try_into().unwrap())
}

fn transfer_input(to: &Address, amount: u128) -> Vec<u8> {
    [&to.0[..], &amount.to_be_bytes()].concat()
}

#[test]
fn token() {
    let mut rt = runtime();
    let supply = 1_000_000u128;
    let r = rt.deploy(OWNER, TOKEN, &supply.to_be_bytes(), 0, GAS);
    assert!(r.success, "{}", why(&r));
    let t = r.contract_address.unwrap();
    // The mint: Transfer(0 → owner).
    assert_eq!(r.logs.len(), 1);
    assert_eq!(hex::encode(r.logs[0].topics[0]), TRANSFER_TOPIC);
    assert_eq!(r.logs[0].topics[1], [0; 32]);
    assert_eq!(r.logs[0].topics[2], word_of(&OWNER));
    assert_eq!(r.logs[0].data, u128_word(supply));

    assert_eq!(view(&mut rt, t, "total_supply", &[]), supply.to_be_bytes());
    assert_eq!(view(&mut rt, t, "owner", &[]), OWNER.0);
    assert_eq!(token_balance(&mut rt, t, &OWNER), supply);

    let r = ok(&mut rt, OWNER, t, "transfer", &transfer_input(&BOB, 250));
    assert_eq!(r.return_data, [1]);
    assert_eq!(r.logs.len(), 1);
    let log = &r.logs[0];
    assert_eq!(log.address, t);
    assert_eq!(hex::encode(log.topics[0]), TRANSFER_TOPIC);
    assert_eq!(log.topics[1..], [word_of(&OWNER), word_of(&BOB)]);
    assert_eq!(log.data, u128_word(250));
    assert_eq!(token_balance(&mut rt, t, &OWNER), supply - 250);
    assert_eq!(token_balance(&mut rt, t, &BOB), 250);

    // Through `main` (the entry of contract-to-contract calls): tag 1 = transfer.
    let r = ok(
        &mut rt,
        BOB,
        t,
        "main",
        &[&[1u8][..], &transfer_input(&CAROL, 50)].concat(),
    );
    assert_eq!(r.return_data, [1]);
    assert_eq!(
        ok(&mut rt, BOB, t, "main", &[&[2u8][..], &BOB.0].concat()).return_data,
        200u128.to_be_bytes()
    );
    assert_eq!(
        ok(&mut rt, BOB, t, "main", &[3]).return_data,
        supply.to_be_bytes()
    );

    // Insufficient balance (by one), from an account without tokens, malformed input.
    reverts(
        &mut rt,
        BOB,
        t,
        "transfer",
        &transfer_input(&CAROL, 201),
        "token: insufficient balance",
    );
    reverts(
        &mut rt,
        DAVE,
        t,
        "transfer",
        &transfer_input(&CAROL, 1),
        "token: insufficient balance",
    );
    reverts(
        &mut rt,
        BOB,
        t,
        "transfer",
        &BOB.0,
        "token: malformed input",
    );
    reverts(&mut rt, BOB, t, "main", &[9], "token: unknown function");
    // A self-transfer keeps the balance; a zero transfer is allowed.
    ok(&mut rt, BOB, t, "transfer", &transfer_input(&BOB, 200));
    ok(&mut rt, DAVE, t, "transfer", &transfer_input(&CAROL, 0));
    assert_eq!(token_balance(&mut rt, t, &BOB), 200);
    assert_eq!(token_balance(&mut rt, t, &CAROL), 50);
    let total: u128 = [OWNER, BOB, CAROL, DAVE]
        .iter()
        .map(|a| token_balance(&mut rt, t, a))
        .sum();
    assert_eq!(total, supply);
    // The constructor runs once: calling it again reverts.
    reverts(
        &mut rt,
        OWNER,
        t,
        "constructor",
        &1u128.to_be_bytes(),
        "token: already initialized",
    );
}

// ------------------------------------------------------------------ multisig wallet

/// Keys 0: Ed25519, 1: ML-DSA-65, 2: ML-DSA-65; threshold 2.
struct Signers {
    keys: Vec<(Algorithm, Vec<u8>)>,
    policy: Vec<u8>,
}

fn signers() -> Signers {
    let mut keys = Vec::new();
    let mut pks = Vec::new();
    for (alg, seed) in [
        (Algorithm::Ed25519, 1u8),
        (Algorithm::MlDsa65, 2),
        (Algorithm::MlDsa65, 3),
    ] {
        let (sk, pk) = dynamic::keygen(alg, &[seed; 32]).unwrap();
        keys.push((alg, sk.to_vec()));
        pks.push((alg, pk));
    }
    let policy = MultisigPolicy::new(2, pks).unwrap().to_bytes();
    Signers { keys, policy }
}

impl Signers {
    fn sign(&self, index: usize, msg: &[u8]) -> Vec<u8> {
        let (alg, sk) = &self.keys[index];
        dynamic::sign(*alg, sk, msg, b"").unwrap()
    }
}

/// The message the wallet's signers sign.
fn wallet_message(wallet: &Address, nonce: u64, to: &Address, value: u128, data: &[u8]) -> Vec<u8> {
    [
        &b"ZVM-WASM-MULTISIG-WALLET-EXEC-V1"[..],
        &wallet.0,
        &nonce.to_be_bytes(),
        &to.0,
        &value.to_be_bytes(),
        &sha256(data),
    ]
    .concat()
}

fn execute_input(
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
        &signature_list(sigs),
    ]
    .concat()
}

#[test]
fn multisig_wallet() {
    let s = signers();
    let mut rt = runtime();
    let r = rt.deploy(OWNER, MULTISIG, &s.policy, 0, GAS);
    assert!(r.success, "{}", why(&r));
    assert_eq!(
        r.return_data,
        sha256(&s.policy),
        "the constructor returns the policy id"
    );
    let w = r.contract_address.unwrap();
    assert_eq!(view(&mut rt, w, "policy", &[]), s.policy);
    assert_eq!(view(&mut rt, w, "nonce", &[]), 0u64.to_be_bytes());

    // Fund it: a deposit with value, and `main` (what another contract's call enters).
    rt.mint(&ALICE, 10_000).unwrap();
    let r = rt.call(ALICE, w, "deposit", &[], 1_000, GAS);
    assert!(r.success, "{}", why(&r));
    assert_eq!(rt.balance(&w).unwrap(), 1_000);

    // Pay Bob 300: Ed25519 + ML-DSA-65 signatures.
    let msg = wallet_message(&w, 0, &BOB, 300, b"");
    let (s0, s1, s2) = (s.sign(0, &msg), s.sign(1, &msg), s.sign(2, &msg));
    let input = execute_input(0, &BOB, 300, b"", &[(0, &s0), (1, &s1)]);
    let r = ok(&mut rt, CAROL, w, "execute", &input);
    assert_eq!(rt.balance(&BOB).unwrap(), 300);
    assert_eq!(rt.balance(&w).unwrap(), 700);
    assert_eq!(view(&mut rt, w, "nonce", &[]), 1u64.to_be_bytes());
    assert_eq!(r.logs.len(), 1);
    let nonce_word = [0u8; 32];
    assert_eq!(
        r.logs[0].topics[0],
        keccak256(b"Executed(uint256,address,uint256)")
    );
    assert_eq!(r.logs[0].topics[1..], [nonce_word, word_of(&BOB)]);
    assert_eq!(r.logs[0].data, u128_word(300));

    // Replayed nonce: the same signed action again.
    reverts(&mut rt, CAROL, w, "execute", &input, "wallet: bad nonce");
    // A future nonce.
    reverts(
        &mut rt,
        CAROL,
        w,
        "execute",
        &execute_input(5, &BOB, 300, b"", &[(0, &s0), (1, &s1)]),
        "wallet: bad nonce",
    );

    // Nonce 1, the two ML-DSA-65 keys.
    let msg1 = wallet_message(&w, 1, &BOB, 100, b"");
    let (t0, t1, t2) = (s.sign(0, &msg1), s.sign(1, &msg1), s.sign(2, &msg1));
    // Not enough signatures.
    reverts(
        &mut rt,
        CAROL,
        w,
        "execute",
        &execute_input(1, &BOB, 100, b"", &[(1, &t1)]),
        "wallet: below threshold",
    );
    reverts(
        &mut rt,
        CAROL,
        w,
        "execute",
        &execute_input(1, &BOB, 100, b"", &[]),
        "wallet: below threshold",
    );
    // A flipped bit in one signature.
    let bad = flip(t2.clone(), 100);
    reverts(
        &mut rt,
        CAROL,
        w,
        "execute",
        &execute_input(1, &BOB, 100, b"", &[(1, &t1), (2, &bad)]),
        "wallet: invalid signatures",
    );
    // Signatures over the previous nonce's message (wrong nonce in the message).
    reverts(
        &mut rt,
        CAROL,
        w,
        "execute",
        &execute_input(1, &BOB, 300, b"", &[(1, &s1), (2, &s2)]),
        "wallet: invalid signatures",
    );
    // Another recipient or amount than was signed.
    reverts(
        &mut rt,
        CAROL,
        w,
        "execute",
        &execute_input(1, &DAVE, 100, b"", &[(1, &t1), (2, &t2)]),
        "wallet: invalid signatures",
    );
    reverts(
        &mut rt,
        CAROL,
        w,
        "execute",
        &execute_input(1, &BOB, 101, b"", &[(1, &t1), (2, &t2)]),
        "wallet: invalid signatures",
    );
    // The same signer twice; a signature under the wrong key index; an unknown index.
    reverts(
        &mut rt,
        CAROL,
        w,
        "execute",
        &execute_input(1, &BOB, 100, b"", &[(1, &t1), (1, &t1)]),
        "wallet: invalid signatures",
    );
    reverts(
        &mut rt,
        CAROL,
        w,
        "execute",
        &execute_input(1, &BOB, 100, b"", &[(0, &t1), (2, &t2)]),
        "wallet: invalid signatures",
    );
    reverts(
        &mut rt,
        CAROL,
        w,
        "execute",
        &execute_input(1, &BOB, 100, b"", &[(1, &t1), (7, &t2)]),
        "wallet: invalid signatures",
    );
    // Signatures for another wallet (same keys, another address).
    let r2 = rt.deploy(OWNER, MULTISIG, &s.policy, 0, GAS);
    let w2 = r2.contract_address.unwrap();
    let other = wallet_message(&w2, 1, &BOB, 100, b"");
    reverts(
        &mut rt,
        CAROL,
        w,
        "execute",
        &execute_input(
            1,
            &BOB,
            100,
            b"",
            &[(1, &s.sign(1, &other)), (2, &s.sign(2, &other))],
        ),
        "wallet: invalid signatures",
    );
    // Malformed: truncated.
    reverts(
        &mut rt,
        CAROL,
        w,
        "execute",
        &[0u8; 10],
        "wallet: malformed input",
    );

    // Valid: all three keys (M = 2, N = 3: more than M is fine when all verify).
    ok(
        &mut rt,
        CAROL,
        w,
        "execute",
        &execute_input(1, &BOB, 100, b"", &[(0, &t0), (1, &t1), (2, &t2)]),
    );
    assert_eq!(rt.balance(&BOB).unwrap(), 400);
    assert_eq!(view(&mut rt, w, "nonce", &[]), 2u64.to_be_bytes());

    // A call that fails (more value than the wallet holds) reverts everything: the
    // nonce is not used.
    let msg2 = wallet_message(&w, 2, &BOB, 5_000, b"");
    let input = execute_input(
        2,
        &BOB,
        5_000,
        b"",
        &[(0, &s.sign(0, &msg2)), (1, &s.sign(1, &msg2))],
    );
    reverts(&mut rt, CAROL, w, "execute", &input, "wallet: call failed");
    assert_eq!(view(&mut rt, w, "nonce", &[]), 2u64.to_be_bytes());

    // A contract call: the wallet moves its tokens (WASM → WASM through `main`).
    let t = deploy(&mut rt, TOKEN, &1_000u128.to_be_bytes());
    ok(&mut rt, OWNER, t, "transfer", &transfer_input(&w, 600));
    let data = [&[1u8][..], &transfer_input(&DAVE, 250)].concat();
    let msg2 = wallet_message(&w, 2, &t, 0, &data);
    let input = execute_input(
        2,
        &t,
        0,
        &data,
        &[(2, &s.sign(2, &msg2)), (0, &s.sign(0, &msg2))],
    );
    let r = ok(&mut rt, CAROL, w, "execute", &input);
    assert_eq!(r.return_data, [1], "the token's output is passed through");
    assert_eq!(
        r.logs.len(),
        2,
        "the token's Transfer, then the wallet's Executed"
    );
    assert_eq!(token_balance(&mut rt, t, &DAVE), 250);
    assert_eq!(token_balance(&mut rt, t, &w), 350);
    // The token reverts (insufficient balance): the wallet reverts, the nonce stays.
    let data = [&[1u8][..], &transfer_input(&DAVE, 351)].concat();
    let msg3 = wallet_message(&w, 3, &t, 0, &data);
    let input = execute_input(
        3,
        &t,
        0,
        &data,
        &[(0, &s.sign(0, &msg3)), (1, &s.sign(1, &msg3))],
    );
    reverts(&mut rt, CAROL, w, "execute", &input, "wallet: call failed");
    assert_eq!(view(&mut rt, w, "nonce", &[]), 3u64.to_be_bytes());

    // Bad policies are refused at deploy; the constructor runs once.
    let r = rt.deploy(OWNER, MULTISIG, b"\x02\x01junk", 0, GAS);
    assert!(!r.success);
    assert_eq!(
        String::from_utf8_lossy(&r.return_data),
        "wallet: bad policy"
    );
    let truncated = &s.policy[..s.policy.len() - 1];
    let zero_threshold = [&[0u8][..], &s.policy[1..]].concat();
    // An Ed25519 key that does not validate (the first [i, 0, ..] zcrypto refuses).
    let invalid = (2u8..)
        .map(|i| [&[i][..], &[0; 31]].concat())
        .find(|k| dynamic::check_public_key(Algorithm::Ed25519, k).is_err())
        .unwrap();
    let mut bad_key = s.policy.clone();
    let ed = bad_key.windows(7).position(|w| w == b"ed25519").unwrap() + 7 + 2;
    bad_key[ed..ed + 32].copy_from_slice(&invalid);
    for (what, policy) in [
        ("truncated", truncated),
        ("threshold 0", &zero_threshold),
        ("bad key", &bad_key),
    ] {
        let r = rt.deploy(OWNER, MULTISIG, policy, 0, GAS);
        assert!(!r.success, "{what}");
        assert_eq!(
            String::from_utf8_lossy(&r.return_data),
            "wallet: bad policy",
            "{what}"
        );
    }
    reverts(
        &mut rt,
        OWNER,
        w,
        "constructor",
        &s.policy,
        "wallet: already initialized",
    );
}

// ------------------------------------------------------------------ DAO

struct Voters {
    keys: Vec<bls::SigningKey>,
}

impl Voters {
    fn new(n: u8) -> Voters {
        let keys = (0..n)
            .map(|i| bls::SigningKey::key_gen(&[i + 1; 32], b"").unwrap())
            .collect();
        Voters { keys }
    }

    fn public_keys(&self) -> Vec<u8> {
        use zcrypto::sig::Signer as _;
        let mut out = Vec::new();
        for k in &self.keys {
            // The deployer checks each voter's proof of possession before registering.
            let vk = k.verifying_key();
            vk.verify_possession(&k.prove_possession()).unwrap();
            out.extend_from_slice(vk.as_bytes());
        }
        out
    }

    /// The aggregate signature of `voters` over `msg`.
    fn aggregate(&self, voters: &[usize], msg: &[u8]) -> Vec<u8> {
        use zcrypto::sig::Signer as _;
        let sigs: Vec<bls::Signature> = voters
            .iter()
            .map(|&i| self.keys[i].sign(msg).unwrap())
            .collect();
        bls::aggregate_signatures(&sigs)
            .unwrap()
            .as_bytes()
            .to_vec()
    }
}

fn bitmap(voters: &[usize]) -> u8 {
    voters.iter().fold(0, |b, &i| b | 1 << i)
}

fn dao_message(dao: &Address, id: u64, description: &[u8]) -> Vec<u8> {
    [
        &b"ZVM-WASM-DAO-VOTE-V1"[..],
        &dao.0,
        &id.to_be_bytes(),
        &sha256(description),
    ]
    .concat()
}

fn tally_input(id: u64, voters: &[usize], sig: &[u8]) -> Vec<u8> {
    [&id.to_be_bytes()[..], &[bitmap(voters)], sig].concat()
}

#[test]
fn dao_vote() {
    let v = Voters::new(5);
    let mut rt = runtime();
    let args = [&3u16.to_be_bytes()[..], &v.public_keys()].concat();
    let d = deploy(&mut rt, DAO, &args);
    assert_eq!(view(&mut rt, d, "voters", &[]), v.public_keys());

    let desc0 = b"proposal 0: raise the block gas limit";
    let r = ok(&mut rt, ALICE, d, "propose", desc0);
    assert_eq!(r.return_data, 0u64.to_be_bytes());
    assert_eq!(r.logs[0].topics[0], keccak256(b"Proposed(uint256,bytes32)"));
    assert_eq!(r.logs[0].data, sha256(desc0));
    let desc1 = b"proposal 1: lower it";
    assert_eq!(
        ok(&mut rt, BOB, d, "propose", desc1).return_data,
        1u64.to_be_bytes()
    );

    let m0 = dao_message(&d, 0, desc0);
    let m1 = dao_message(&d, 1, desc1);
    assert_eq!(view(&mut rt, d, "vote_message", &0u64.to_be_bytes()), m0);

    // Below quorum: 2 of 5 (with a valid aggregate of those 2).
    reverts(
        &mut rt,
        ALICE,
        d,
        "tally",
        &tally_input(0, &[0, 3], &v.aggregate(&[0, 3], &m0)),
        "dao: below quorum",
    );
    // The bitmap names voters who did not sign.
    reverts(
        &mut rt,
        ALICE,
        d,
        "tally",
        &tally_input(0, &[0, 1, 2], &v.aggregate(&[0, 1, 3], &m0)),
        "dao: invalid signature",
    );
    // A flipped bit in the aggregate signature.
    let agg = v.aggregate(&[1, 2, 4], &m0);
    reverts(
        &mut rt,
        ALICE,
        d,
        "tally",
        &tally_input(0, &[1, 2, 4], &flip(agg.clone(), 50)),
        "dao: invalid signature",
    );
    // Votes for proposal 0 presented for proposal 1.
    reverts(
        &mut rt,
        ALICE,
        d,
        "tally",
        &tally_input(1, &[1, 2, 4], &agg),
        "dao: invalid signature",
    );
    // Unknown proposal, a voter bit beyond the 5 voters, malformed input.
    reverts(
        &mut rt,
        ALICE,
        d,
        "tally",
        &tally_input(9, &[1, 2, 4], &agg),
        "dao: unknown proposal",
    );
    reverts(
        &mut rt,
        ALICE,
        d,
        "tally",
        &tally_input(0, &[1, 2, 4, 6], &agg),
        "dao: malformed input",
    );
    reverts(&mut rt, ALICE, d, "tally", &agg, "dao: malformed input");

    // Quorum: 3 of 5.
    let r = ok(
        &mut rt,
        ALICE,
        d,
        "tally",
        &tally_input(0, &[1, 2, 4], &agg),
    );
    assert_eq!(r.return_data, 3u64.to_be_bytes());
    assert_eq!(r.logs[0].topics[0], keccak256(b"Passed(uint256,uint256)"));
    let status = view(&mut rt, d, "proposal", &0u64.to_be_bytes());
    assert_eq!(&status[..32], &sha256(desc0));
    assert_eq!(&status[32..], &3u64.to_be_bytes());
    // Once passed, it stays passed.
    reverts(
        &mut rt,
        ALICE,
        d,
        "tally",
        &tally_input(0, &[1, 2, 4], &agg),
        "dao: already passed",
    );
    // Proposal 1 is still open; all 5 pass it.
    assert_eq!(
        &view(&mut rt, d, "proposal", &1u64.to_be_bytes())[32..],
        &0u64.to_be_bytes()
    );
    let all = [0, 1, 2, 3, 4];
    let r = ok(
        &mut rt,
        BOB,
        d,
        "tally",
        &tally_input(1, &all, &v.aggregate(&all, &m1)),
    );
    assert_eq!(r.return_data, 5u64.to_be_bytes());

    // Constructor checks.
    let r = rt.deploy(
        OWNER,
        DAO,
        &[&6u16.to_be_bytes()[..], &v.public_keys()].concat(),
        0,
        GAS,
    );
    assert!(!r.success, "quorum above the number of voters");
    assert_eq!(String::from_utf8_lossy(&r.return_data), "dao: bad voters");
    let r = rt.deploy(OWNER, DAO, &[0, 1, 2, 3], 0, GAS);
    assert!(!r.success, "keys not a multiple of 48 bytes");
}

// ------------------------------------------------------------------ airdrop

fn abi_leaf(account: &Address, amount: u128) -> [u8; 64] {
    let mut l = [0u8; 64];
    l[12..32].copy_from_slice(&account.0);
    l[48..].copy_from_slice(&amount.to_be_bytes());
    l
}

fn claim_input(account: &Address, amount: u128, proof: &[[u8; 32]]) -> Vec<u8> {
    let mut v = [&account.0[..], &amount.to_be_bytes()].concat();
    for p in proof {
        v.extend_from_slice(p);
    }
    v
}

#[test]
fn airdrop() {
    let claims = [
        (ALICE, 100u128),
        (BOB, 250),
        (CAROL, 75),
        (DAVE, 0),
        (OWNER, 1),
    ];
    let leaves: Vec<[u8; 64]> = claims.iter().map(|(a, v)| abi_leaf(a, *v)).collect();
    let tree = StandardMerkleTree::from_encoded_leaves(&leaves).unwrap();
    let root = tree.root();
    let proof = |i: usize| tree.proof(i).unwrap();
    // The proofs are OpenZeppelin's: check one here first.
    ethereum::verify(&proof(1), &root, &ethereum::leaf_hash(&leaves[1])).unwrap();

    let mut rt = runtime();
    let a = deploy(&mut rt, AIRDROP, &root);
    assert_eq!(view(&mut rt, a, "root", &[]), root);
    assert_eq!(view(&mut rt, a, "claimed", &BOB.0), [0]);

    // Anyone may submit Bob's claim.
    let r = ok(
        &mut rt,
        CAROL,
        a,
        "claim",
        &claim_input(&BOB, 250, &proof(1)),
    );
    assert_eq!(
        r.logs[0].topics[..],
        [keccak256(b"Claimed(address,uint256)"), word_of(&BOB)]
    );
    assert_eq!(r.logs[0].data, u128_word(250));
    assert_eq!(
        view(&mut rt, a, "claimed", &BOB.0),
        [&[1u8][..], &250u128.to_be_bytes()].concat()
    );
    // Double claim.
    reverts(
        &mut rt,
        BOB,
        a,
        "claim",
        &claim_input(&BOB, 250, &proof(1)),
        "airdrop: already claimed",
    );
    // Bad proofs: a flipped bit, another amount, someone else's proof, no proof.
    let mut p = proof(0);
    p[0][7] ^= 0x80;
    reverts(
        &mut rt,
        ALICE,
        a,
        "claim",
        &claim_input(&ALICE, 100, &p),
        "airdrop: bad proof",
    );
    reverts(
        &mut rt,
        ALICE,
        a,
        "claim",
        &claim_input(&ALICE, 1_000, &proof(0)),
        "airdrop: bad proof",
    );
    reverts(
        &mut rt,
        ALICE,
        a,
        "claim",
        &claim_input(&ALICE, 100, &proof(2)),
        "airdrop: bad proof",
    );
    reverts(
        &mut rt,
        ALICE,
        a,
        "claim",
        &claim_input(&ALICE, 100, &[]),
        "airdrop: bad proof",
    );
    reverts(
        &mut rt,
        ALICE,
        a,
        "claim",
        &[1, 2, 3],
        "airdrop: malformed input",
    );
    // Every other claim, including a zero amount (which still counts as claimed).
    for (i, (acct, amount)) in claims.iter().enumerate() {
        if *acct != BOB {
            ok(
                &mut rt,
                *acct,
                a,
                "claim",
                &claim_input(acct, *amount, &proof(i)),
            );
        }
    }
    reverts(
        &mut rt,
        DAVE,
        a,
        "claim",
        &claim_input(&DAVE, 0, &proof(3)),
        "airdrop: already claimed",
    );
}

#[test]
fn airdrop_pays_tokens() {
    let claims = [(ALICE, 100u128), (BOB, 250), (CAROL, 75)];
    let leaves: Vec<[u8; 64]> = claims.iter().map(|(a, v)| abi_leaf(a, *v)).collect();
    let tree = StandardMerkleTree::from_encoded_leaves(&leaves).unwrap();
    let mut rt = runtime();
    let t = deploy(&mut rt, TOKEN, &1_000u128.to_be_bytes());
    let a = deploy(&mut rt, AIRDROP, &[&tree.root()[..], &t.0].concat());
    ok(&mut rt, OWNER, t, "transfer", &transfer_input(&a, 400));
    let r = ok(
        &mut rt,
        BOB,
        a,
        "claim",
        &claim_input(&BOB, 250, &tree.proof(1).unwrap()),
    );
    assert_eq!(r.logs.len(), 2, "the token's Transfer, then Claimed");
    assert_eq!(token_balance(&mut rt, t, &BOB), 250);
    assert_eq!(token_balance(&mut rt, t, &a), 150);
    // The airdrop holds 150 tokens: Alice's 100 is paid, then Carol's 75 is not, and
    // her claim reverts as a whole (still claimable later).
    ok(
        &mut rt,
        ALICE,
        a,
        "claim",
        &claim_input(&ALICE, 100, &tree.proof(0).unwrap()),
    );
    let carol = claim_input(&CAROL, 75, &tree.proof(2).unwrap());
    reverts(
        &mut rt,
        CAROL,
        a,
        "claim",
        &carol,
        "airdrop: token transfer failed",
    );
    assert_eq!(view(&mut rt, a, "claimed", &CAROL.0), [0]);
    ok(&mut rt, OWNER, t, "transfer", &transfer_input(&a, 25));
    ok(&mut rt, CAROL, a, "claim", &carol);
    assert_eq!(token_balance(&mut rt, t, &CAROL), 75);
    assert_eq!(token_balance(&mut rt, t, &a), 0);
}

// ------------------------------------------------------------------ the SDK, function by function

fn run(rt: &mut Runtime<MemoryState>, c: Address, op: u8, args: &[u8]) -> Vec<u8> {
    let r = rt.call(ALICE, c, "run", &[&[op][..], args].concat(), 0, GAS);
    assert!(r.success, "op {op}: {}", why(&r));
    r.return_data
}

fn len16(b: &[u8]) -> Vec<u8> {
    [&(b.len() as u16).to_be_bytes()[..], b].concat()
}

#[test]
fn sdk_hashes_macs_kdfs() {
    use zcrypto::hash::{HashAlg, hash};
    use zcrypto::kdf::{HkdfAlg, hkdf};
    use zcrypto::mac::{HmacAlg, hmac};
    let mut rt = runtime();
    let c = deploy(&mut rt, SELFTEST, &[]);
    let data = b"the quick brown fox jumps over the lazy dog, twice or more".repeat(3);
    let algs = [
        HashAlg::Sha256,
        HashAlg::Sha384,
        HashAlg::Sha512,
        HashAlg::Sha3_256,
        HashAlg::Keccak256,
        HashAlg::Blake2b512,
        HashAlg::Blake2s256,
        HashAlg::Blake3,
    ];
    for (i, alg) in algs.into_iter().enumerate() {
        let want = hash(alg, &data);
        assert_eq!(
            run(&mut rt, c, 1, &[&[i as u8][..], &data].concat()),
            want.as_bytes(),
            "{alg:?}"
        );
        assert_eq!(
            run(&mut rt, c, 2, &[&[i as u8][..], &data].concat()),
            want.as_bytes(),
            "stream {alg:?}"
        );
        assert_eq!(
            run(&mut rt, c, 1, &[i as u8]),
            hash(alg, b"").as_bytes(),
            "{alg:?} of nothing"
        );
    }
    let key = b"a key";
    for (i, alg) in [HmacAlg::Sha256, HmacAlg::Sha384, HmacAlg::Sha512]
        .into_iter()
        .enumerate()
    {
        let got = run(
            &mut rt,
            c,
            3,
            &[&[i as u8][..], &len16(key), &data].concat(),
        );
        assert_eq!(got, hmac(alg, key, &data).as_bytes(), "{alg:?}");
    }
    for (i, alg) in [HkdfAlg::Sha256, HkdfAlg::Sha384, HkdfAlg::Sha512]
        .into_iter()
        .enumerate()
    {
        let mut want = [0u8; 100];
        hkdf(alg, b"salt", b"input keying material", b"info", &mut want).unwrap();
        let args = [
            &[i as u8][..],
            &len16(b"salt"),
            &len16(b"input keying material"),
            &100u16.to_be_bytes(),
            b"info",
        ]
        .concat();
        assert_eq!(run(&mut rt, c, 4, &args), want, "{alg:?}");
    }
    // Poseidon: the zcrypto doc vector for [1, 2].
    let mut inputs = [0u8; 64];
    inputs[31] = 1;
    inputs[63] = 2;
    assert_eq!(
        hex::encode(run(&mut rt, c, 13, &inputs)),
        "115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"
    );
    // Errors come back as CryptoError codes: 33 bytes is not field elements (1 = invalid_length).
    assert_eq!(run(&mut rt, c, 13, &[0u8; 33]), [0xff, 1]);
}

#[test]
fn sdk_signatures() {
    let mut rt = runtime();
    let c = deploy(&mut rt, SELFTEST, &[]);
    let msg = b"sign me";
    let schemes: [(u8, Algorithm, &[u8]); 8] = [
        (0, Algorithm::Ed25519, b""),
        (1, Algorithm::Ed25519, b""),
        (2, Algorithm::EcdsaSecp256k1, b""),
        (3, Algorithm::Bip340, b""),
        (4, Algorithm::MlDsa44, b"ctx"),
        (5, Algorithm::MlDsa65, b""),
        (6, Algorithm::MlDsa87, b"another context"),
        (7, Algorithm::Bls12381, b""),
    ];
    let hybrid = (8u8, Algorithm::HybridEd25519MlDsa65, &b"hybrid"[..]);
    for (scheme, alg, ctx) in schemes.into_iter().chain([hybrid]) {
        let seed = vec![scheme + 10; dynamic::seed_len(alg).unwrap()];
        let (sk, pk) = dynamic::keygen(alg, &seed).unwrap();
        let sig = dynamic::sign(alg, &sk, msg, ctx).unwrap();
        let args = |pk: &[u8], ctx: &[u8], sig: &[u8], msg: &[u8]| {
            [&[scheme][..], &len16(pk), &len16(ctx), &len16(sig), msg].concat()
        };
        assert_eq!(
            run(&mut rt, c, 5, &args(&pk, ctx, &sig, msg)),
            [1],
            "{alg:?}"
        );
        let last = sig.len() - 1;
        assert_eq!(
            run(&mut rt, c, 5, &args(&pk, ctx, &sig, b"sign mE")),
            [0],
            "{alg:?} other message"
        );
        let bad = flip(sig.clone(), last / 2);
        let out = run(&mut rt, c, 5, &args(&pk, ctx, &bad, msg));
        assert!(out == [0] || out[0] == 0xff, "{alg:?} flipped: {out:?}");
        // A truncated key: an error with zcrypto's code, not a verdict.
        let out = run(&mut rt, c, 5, &args(&pk[..pk.len() - 1], ctx, &sig, msg));
        assert_eq!(out[0], 0xff, "{alg:?} short key: {out:?}");
    }
    // A 31-byte Ed25519 key is invalid_length (1).
    let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[1; 32]).unwrap();
    let sig = dynamic::sign(Algorithm::Ed25519, &sk, msg, b"").unwrap();
    let args = [
        &[0u8][..],
        &len16(&pk[..31]),
        &len16(b""),
        &len16(&sig),
        msg,
    ]
    .concat();
    assert_eq!(run(&mut rt, c, 5, &args), [0xff, 1]);

    // secp256k1 recovery: uncompressed key, raw key, address.
    use zcrypto::sig::Signer as _;
    let sk = zcrypto::sig::secp256k1::ecdsa::SigningKey::from_seed(&[5; 32]).unwrap();
    let prehash = sha256(b"recover me");
    let rsig = sk.sign_prehash_recoverable(&prehash).unwrap();
    let sig65 = [&rsig.signature().as_bytes()[..], &[rsig.recovery_id()]].concat();
    let uncompressed = sk.verifying_key().to_uncompressed();
    let args = |f: u8| [&[f][..], &prehash, &sig65].concat();
    assert_eq!(run(&mut rt, c, 6, &args(0)), uncompressed);
    assert_eq!(run(&mut rt, c, 6, &args(1)), uncompressed[1..]);
    assert_eq!(
        run(&mut rt, c, 6, &args(2)),
        keccak256(&uncompressed[1..])[12..]
    );

    // BLS: aggregation and AggregateVerify (distinct messages).

    let keys: Vec<bls::SigningKey> = (1..=3u8)
        .map(|i| bls::SigningKey::key_gen(&[i; 32], b"").unwrap())
        .collect();
    let msgs: Vec<Vec<u8>> = (0..3u8).map(|i| vec![i; 10 + i as usize]).collect();
    let sigs: Vec<bls::Signature> = keys
        .iter()
        .zip(&msgs)
        .map(|(k, m)| k.sign(m).unwrap())
        .collect();
    let agg = bls::aggregate_signatures(&sigs).unwrap();
    let all: Vec<u8> = sigs.iter().flat_map(|s| s.as_bytes().to_vec()).collect();
    assert_eq!(run(&mut rt, c, 7, &all), agg.as_bytes());
    let pks: Vec<u8> = keys
        .iter()
        .flat_map(|k| k.verifying_key().as_bytes().to_vec())
        .collect();
    let enc: Vec<u8> = msgs
        .iter()
        .flat_map(|m| [&(m.len() as u32).to_le_bytes()[..], m].concat())
        .collect();
    let args = |sig: &[u8]| [&(pks.len() as u32).to_be_bytes()[..], &pks, sig, &enc].concat();
    assert_eq!(run(&mut rt, c, 8, &args(agg.as_bytes())), [1]);
    assert_eq!(run(&mut rt, c, 8, &args(sigs[0].as_bytes())), [0]);

    // Batch: two Ed25519 items (op 0x0300), then one of them corrupted.
    let item = |seed: u8, m: &[u8], corrupt: bool| {
        let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[seed; 32]).unwrap();
        let mut sig = dynamic::sign(Algorithm::Ed25519, &sk, m, b"").unwrap();
        if corrupt {
            sig[3] ^= 1;
        }
        [
            &0x0300u16.to_le_bytes()[..],
            &32u16.to_le_bytes(),
            &64u16.to_le_bytes(),
            &[0],
            &(m.len() as u32).to_le_bytes(),
            &pk,
            &sig,
            m,
        ]
        .concat()
    };
    let batch = |corrupt: bool| {
        [
            &2u16.to_le_bytes()[..],
            &item(1, b"one", false),
            &item(2, b"two", corrupt),
        ]
        .concat()
    };
    assert_eq!(run(&mut rt, c, 9, &batch(false)), [1]);
    assert_eq!(run(&mut rt, c, 9, &batch(true)), [0]);

    // Multisig policy: the wallet's (2 of Ed25519, ML-DSA-65, ML-DSA-65).
    let s = signers();
    let list = signature_list(&[(0, &s.sign(0, msg)), (2, &s.sign(2, msg))]);
    assert_eq!(
        run(
            &mut rt,
            c,
            18,
            &[&len16(&s.policy)[..], &len16(&list), msg].concat()
        ),
        [1]
    );
    assert_eq!(
        run(
            &mut rt,
            c,
            18,
            &[&len16(&s.policy)[..], &len16(&list), b"other"].concat()
        ),
        [0]
    );
}

#[test]
fn sdk_kem_and_merkle() {
    use zcrypto::kem::{DecapsulationKey, MlKem};
    use zcrypto::merkle::sparse::{MemoryStore, SparseMerkleTree};
    use zcrypto::merkle::{MerkleTree, Sha256};
    let mut rt = runtime();
    let c = deploy(&mut rt, SELFTEST, &[]);
    for (level, params) in [MlKem::MlKem512, MlKem::MlKem768, MlKem::MlKem1024]
        .into_iter()
        .enumerate()
    {
        let dk = DecapsulationKey::from_seed(params, &[9; 64]).unwrap();
        let ek = dk.encapsulation_key().as_bytes();
        let out = run(&mut rt, c, 10, &[&[level as u8][..], &[4; 32], ek].concat());
        let (ct, ss) = out.split_at(out.len() - 32);
        assert_eq!(dk.decapsulate(ct).unwrap().as_bytes(), ss, "{params:?}");
    }
    // RFC 9162 inclusion (SHA-256).
    let tree = MerkleTree::<Sha256>::from_leaves(&[b"a", b"b", b"c"]);
    let proof = tree.inclusion_proof(1).unwrap().to_bytes();
    let args = |leaf: &[u8]| [&[0u8][..], &tree.root(), &len16(leaf), &proof].concat();
    assert_eq!(run(&mut rt, c, 11, &args(b"b")), [1]);
    assert_eq!(run(&mut rt, c, 11, &args(b"c")), [0]);
    // Sparse Merkle (SHA-256): inclusion and non-inclusion.
    let mut smt = SparseMerkleTree::<Sha256, _>::new(MemoryStore::new());
    let root = smt
        .update([
            ([1u8; 32], Some(b"one".to_vec())),
            ([2u8; 32], Some(b"two".to_vec())),
        ])
        .unwrap();
    let p1 = smt.prove(&[1u8; 32]).unwrap().encode();
    let p3 = smt.prove(&[3u8; 32]).unwrap().encode();
    let args = |key: u8, present: bool, value: &[u8], proof: &[u8]| {
        [
            &[0u8][..],
            &root,
            &[key; 32],
            &[present as u8],
            &len16(value),
            proof,
        ]
        .concat()
    };
    assert_eq!(run(&mut rt, c, 12, &args(1, true, b"one", &p1)), [1]);
    assert_eq!(run(&mut rt, c, 12, &args(1, true, b"uno", &p1)), [0]);
    assert_eq!(run(&mut rt, c, 12, &args(3, false, b"", &p3)), [1]);
    assert_eq!(run(&mut rt, c, 12, &args(1, false, b"", &p1)), [0]);
}

/// The snarkjs Groth16 fixtures of vectors/zk/groth16 (the toy circuit c = a·b + k,
/// public signals [c, k] = [38, 5]) in zcrypto's binary forms, per curve: (verifying
/// key, proof).
fn groth16_fixtures() -> [(Vec<u8>, Vec<u8>); 2] {
    use zcrypto::zk::{Curve, Proof, VerifyingKey};
    let read = |dir: &str, f: &str| {
        let p = format!(
            "{}/../vectors/zk/groth16/{dir}/{f}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
    };
    [(Curve::Bn254, "bn128"), (Curve::Bls12_381, "bls12381")].map(|(curve, dir)| {
        let vk = VerifyingKey::from_snarkjs_json(&read(dir, "verification_key.json")).unwrap();
        let proof = Proof::from_snarkjs_json(curve, &read(dir, "proof.json")).unwrap();
        (vk.to_bytes(), proof.to_bytes())
    })
}

/// A 32-byte big-endian field element.
fn fe(v: u64) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&v.to_be_bytes());
    w
}

#[test]
fn sdk_groth16() {
    let mut rt = runtime();
    let c = deploy(&mut rt, SELFTEST, &[]);
    let fixtures = groth16_fixtures();
    let args = |curve: u8, vk: &[u8], proof: &[u8], inputs: &[[u8; 32]]| {
        [
            &[curve][..],
            &len16(vk),
            &len16(proof),
            inputs.as_flattened(),
        ]
        .concat()
    };
    for (curve, (vk, proof)) in fixtures.iter().enumerate() {
        let curve = curve as u8;
        assert_eq!(
            run(&mut rt, c, 20, &args(curve, vk, proof, &[fe(38), fe(5)])),
            [1]
        );
        assert_eq!(
            run(&mut rt, c, 20, &args(curve, vk, proof, &[fe(39), fe(5)])),
            [0]
        );
        // One input fewer than the key's: invalid_length (1); the key of the other curve:
        // invalid_length too (the sizes differ); the right size with the other curve's
        // tag: invalid_encoding (10).
        assert_eq!(
            run(&mut rt, c, 20, &args(curve, vk, proof, &[fe(38)])),
            [0xff, 1]
        );
        let (other_vk, other_proof) = &fixtures[1 - curve as usize];
        assert_eq!(
            run(
                &mut rt,
                c,
                20,
                &args(curve, other_vk, other_proof, &[fe(38), fe(5)])
            ),
            [0xff, 1]
        );
        let mut tagged = proof.clone();
        tagged[0] = 3 - tagged[0];
        assert_eq!(
            run(&mut rt, c, 20, &args(curve, vk, &tagged, &[fe(38), fe(5)])),
            [0xff, 10]
        );
    }
}

#[test]
fn zk_vote() {
    // The toy fixture circuit (c = a·b + k) stands in for a real voting circuit: its
    // public signals [c, k] = [38, 5] play [nullifier, choice].
    let fixtures = groth16_fixtures();
    for (curve, (vk, proof)) in fixtures.iter().enumerate() {
        let mut rt = runtime();
        let z = deploy(&mut rt, ZK_VOTE, &[&[curve as u8][..], vk].concat());
        let input = |n: u64, c: u64, proof: &[u8]| [&fe(n)[..], &fe(c), proof].concat();
        // Wrong statements, a proof of the other curve, malformed proofs: "bad proof".
        let mut ones = proof.clone();
        ones[1..1 + (proof.len() - 1) / 4].fill(0xff);
        let other = &fixtures[1 - curve].1;
        for bad in [
            input(39, 5, proof),
            input(38, 6, proof),
            input(38, 5, other),
            input(38, 5, &ones),
            input(38, 5, &proof[..proof.len() - 1]),
        ] {
            reverts(&mut rt, ALICE, z, "vote", &bad, "zk_vote: bad proof");
        }
        reverts(
            &mut rt,
            ALICE,
            z,
            "vote",
            &fe(38),
            "zk_vote: malformed input",
        );
        // The proven statement counts once.
        let r = ok(&mut rt, ALICE, z, "vote", &input(38, 5, proof));
        println!("zk_vote curve {curve}: {} gas", r.gas_used);
        assert_eq!(r.logs.len(), 1);
        assert_eq!(
            r.logs[0].topics,
            vec![keccak256(b"Voted(uint256,uint256)"), fe(38), fe(5)]
        );
        assert!(r.logs[0].data.is_empty());
        assert_eq!(view(&mut rt, z, "tally", &fe(5)), 1u64.to_be_bytes());
        assert_eq!(view(&mut rt, z, "tally", &fe(6)), 0u64.to_be_bytes());
        assert_eq!(view(&mut rt, z, "spent", &fe(38)), [1]);
        assert_eq!(view(&mut rt, z, "spent", &fe(39)), [0]);
        reverts(
            &mut rt,
            BOB,
            z,
            "vote",
            &input(38, 5, proof),
            "zk_vote: already voted",
        );
        reverts(
            &mut rt,
            OWNER,
            z,
            "constructor",
            &[&[0u8][..], vk].concat(),
            "zk_vote: already initialized",
        );
    }
    // A deployment without a key, or with an unknown curve, fails.
    let mut rt = runtime();
    for args in [&[0u8][..], &[2, 1, 2, 3]] {
        let r = rt.deploy(OWNER, ZK_VOTE, args, 0, GAS);
        assert!(!r.success, "{args:?}");
    }
}

#[test]
fn sdk_context_storage_events_calls_panics() {
    let mut rt = runtime();
    let c = deploy(&mut rt, SELFTEST, &[]);
    let d = deploy(&mut rt, SELFTEST, &[]);
    rt.mint(&ALICE, 1_000).unwrap();

    // Context: caller, address, value, height, time, gas left.
    let height = rt.height() + 1;
    let r = rt.call(ALICE, c, "run", &[14], 77, GAS);
    assert!(r.success, "{}", why(&r));
    let out = r.return_data;
    assert_eq!(&out[..20], &ALICE.0);
    assert_eq!(&out[20..40], &c.0);
    assert_eq!(out[40..72], u128_word(77));
    assert_eq!(u64::from_be_bytes(out[72..80].try_into().unwrap()), height);
    assert_eq!(
        u64::from_be_bytes(out[80..88].try_into().unwrap()),
        1_700_000_000
    );
    let left = u64::from_be_bytes(out[88..96].try_into().unwrap());
    assert!(left > 0 && left < GAS, "gas left {left}");

    // Storage: a 100-byte value (longer than the SDK's first read buffer) round-trips
    // and is removed again.
    let value: Vec<u8> = (0..100).collect();
    let out = run(&mut rt, c, 16, &[&[7u8; 32][..], &value].concat());
    assert_eq!(out, [&[1u8][..], &value].concat());
    assert_eq!(rt.storage_word(&c, &[7; 32]).unwrap(), [0; 32]);

    // Events: 0 to 4 topics; 5 reverts in the SDK.
    for n in 0..=4u8 {
        let topics: Vec<u8> = (0..n).flat_map(|i| [i; 32]).collect();
        let r = rt.call(
            ALICE,
            c,
            "run",
            &[&[19u8, n][..], &topics, b"data"].concat(),
            0,
            GAS,
        );
        assert!(r.success, "{}", why(&r));
        assert_eq!(r.logs.len(), 1);
        assert_eq!(
            r.logs[0].topics,
            (0..n).map(|i| [i; 32]).collect::<Vec<_>>()
        );
        assert_eq!(r.logs[0].data, b"data");
    }
    let topics = [0u8; 5 * 32];
    reverts(
        &mut rt,
        ALICE,
        c,
        "run",
        &[&[19u8, 5][..], &topics].concat(),
        "zvm-sdk: too many topics",
    );

    // A panic reverts with its message.
    reverts(&mut rt, ALICE, c, "run", &[15], "panic: boom");
    reverts(&mut rt, ALICE, c, "run", &[99], "selftest: unknown op");

    // Calls: to another contract's `main` (it sees c as its caller), one that reverts,
    // one that cannot start (no `main`), a value transfer to an account without code.
    let call = |to: &Address, value: u128, data: &[u8]| {
        [&[17u8][..], &to.0, &value.to_be_bytes(), data].concat()
    };
    let out = run(&mut rt, c, 17, &call(&d, 0, &[14])[1..]);
    assert_eq!(out[0], 0, "success");
    assert_eq!(
        &out[1..21],
        &c.0,
        "the callee's caller is the calling contract"
    );
    assert_eq!(&out[21..41], &d.0);
    let out = run(&mut rt, c, 17, &call(&d, 0, &[15])[1..]);
    assert_eq!(
        out,
        [&[1u8][..], b"panic: boom"].concat(),
        "reverted, with the revert data"
    );
    let no_main = deploy(&mut rt, DAO, &[&[0u8, 1][..], &[0u8; 48]].concat());
    let out = run(&mut rt, c, 17, &call(&no_main, 0, &[])[1..]);
    assert_eq!(out, [2], "the DAO has no main: the call fails");
    let r = rt.call(ALICE, c, "run", &call(&BOB, 300, &[]), 500, GAS);
    assert!(r.success, "{}", why(&r));
    assert_eq!(r.return_data, [0]);
    assert_eq!(rt.balance(&BOB).unwrap(), 300);
    assert_eq!(rt.balance(&c).unwrap(), 200 + 77);
    // Reentrancy: c → d → c is refused (d's call fails, d reports it, c succeeds).
    let inner = call(&c, 0, &[14]);
    let out = run(&mut rt, c, 17, &call(&d, 0, &inner)[1..]);
    assert_eq!(
        out,
        [0, 2],
        "c's call to d succeeds; d's call back into c fails"
    );
}

// ------------------------------------------------------------------ the binaries

/// `build.sh --check` rebuilds every contract and compares with the checked-in files.
#[test]
fn checked_in_wasm_matches_a_fresh_build() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts/wasm");
    let mut cmd = Command::new("bash");
    cmd.arg(dir.join("build.sh"))
        .arg("--check")
        .current_dir(&dir);
    // Our own target directory: never the workspace's (whose lock this test holds).
    cmd.env_remove("CARGO_TARGET_DIR");
    cmd.env(
        "ZVM_CONTRACTS_TARGET_DIR",
        std::env::var("ZVM_CONTRACTS_TARGET_DIR").unwrap_or_else(|_| {
            std::env::temp_dir()
                .join("zvm-contracts-check-target")
                .to_string_lossy()
                .into_owned()
        }),
    );
    // Cargo sets these for the test; they must not leak into the nested build.
    for (k, _) in std::env::vars() {
        if k.starts_with("CARGO_") && k != "CARGO_HOME" || k == "RUSTFLAGS" || k == "RUSTC" {
            cmd.env_remove(k);
        }
    }
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) => {
            println!("SKIPPED checked_in_wasm_matches_a_fresh_build: cannot run bash: {e}");
            eprintln!("SKIPPED checked_in_wasm_matches_a_fresh_build: cannot run bash: {e}");
            return;
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    match out.status.code() {
        Some(0) => println!("{stdout}"),
        Some(3) => {
            // Tools missing or another compiler version: cannot compare here. Say so
            // loudly rather than pass silently.
            println!("SKIPPED checked_in_wasm_matches_a_fresh_build:\n{stderr}");
            eprintln!("SKIPPED checked_in_wasm_matches_a_fresh_build:\n{stderr}");
        }
        _ => panic!(
            "zvm/contracts/wasm/build.sh --check failed ({:?}):\n{stdout}\n{stderr}",
            out.status
        ),
    }
}
