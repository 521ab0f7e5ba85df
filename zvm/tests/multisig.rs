//! The 2-of-3 post-quantum multisig wallet (`zvm/contracts/multisig_wallet.zasm`),
//! deployed and called on the interpreter's `MemoryHost`.

use zcrypto::metered::Op;
use zcrypto::sig::{dynamic, multisig::MultisigPolicy};
use zcrypto::{Algorithm, hash::sha256};
use zvm::address::Address;
use zvm::container::Container;
use zvm::contracts::multisig_wallet::{self as wallet, *};
use zvm::interpreter::{Code, Context, MemoryHost, Outcome, Status};
use zvm::word::Word;

const GAS: u64 = 10_000_000;
const WALLET: Address = Address([0x57; 20]);
const OWNER: Address = Address([0x0E; 20]);
const BOB: Address = Address([0xB0; 20]);

/// Index 0: Ed25519, 1: ML-DSA-65, 2: BLS12-381.
struct Signers {
    keys: Vec<(Algorithm, Vec<u8>, Vec<u8>)>,
    policy: MultisigPolicy,
}

fn signers() -> Signers {
    let keys: Vec<(Algorithm, Vec<u8>, Vec<u8>)> = [
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
    let policy = MultisigPolicy::new(2, keys.iter().map(|(a, _, pk)| (*a, pk.clone()))).unwrap();
    Signers { keys, policy }
}

impl Signers {
    fn sign(&self, index: usize, message: &[u8]) -> Vec<u8> {
        let (alg, sk, _) = &self.keys[index];
        dynamic::sign(*alg, sk, message, b"").unwrap()
    }
}

struct World {
    host: MemoryHost,
    container: Container,
    code: Code,
}

impl World {
    fn new() -> World {
        let container = wallet::assemble();
        let mut host = MemoryHost::new();
        host.deploy(WALLET, &container.encode()).unwrap();
        let code = Code::from_container(&container);
        World {
            host,
            container,
            code,
        }
    }

    /// Calls an export of the wallet as a top-level transaction.
    fn call(&mut self, export: &str, calldata: &[u8]) -> Outcome {
        let entry = self.container.export(export).unwrap() as usize;
        let ctx = Context {
            address: WALLET,
            caller: OWNER,
            value: Word::ZERO,
            calldata: calldata.to_vec(),
            gas_limit: GAS,
            depth: 0,
        };
        self.host.run(&self.code, entry, &ctx)
    }

    fn deployed(s: &Signers) -> World {
        let mut w = World::new();
        let o = w.call("constructor", &constructor_args(&s.policy));
        assert_eq!(o.status, Status::Success, "{o:?}");
        w
    }

    fn storage(&self, slot: &[u8; 32]) -> Word {
        Word::from_be_bytes(self.host.storage(&WALLET, slot))
    }

    fn nonce(&mut self) -> u64 {
        let o = self.call("nonce", &[]);
        assert_eq!(o.status, Status::Success);
        Word::from_be_slice(&o.output).unwrap().to_u64().unwrap()
    }
}

fn w(v: u64) -> Word {
    Word::from_u64(v)
}

/// Signs (nonce, to, amount) by `by`, returns the transfer call data.
fn signed_transfer(s: &Signers, nonce: u64, to: &Address, amount: u64, by: &[usize]) -> Vec<u8> {
    let msg = transfer_message(&WALLET, &w(nonce), to, &w(amount));
    let sigs: Vec<(u8, Vec<u8>)> = by.iter().map(|&i| (i as u8, s.sign(i, &msg))).collect();
    let refs: Vec<(u8, &[u8])> = sigs.iter().map(|(i, s)| (*i, &s[..])).collect();
    transfer_calldata(to, &w(amount), &w(nonce), &refs)
}

fn reverted_with(o: &Outcome, reason: &str) {
    assert_eq!(o.status, Status::Revert, "{o:?}");
    assert_eq!(String::from_utf8_lossy(&o.output), reason);
}

/// The crypto gas of one transfer's MULTISIG: base + per key, plus each signature's
/// verification over the 136-byte message.
fn crypto_gas(by: &[usize]) -> u64 {
    let ops = [
        Op::VerifyEd25519Strict,
        Op::VerifyMlDsa65,
        Op::VerifyBls12381,
    ];
    Op::MultisigVerify.cost().gas(0, 3)
        + by.iter()
            .map(|&i| ops[i].cost().gas(MESSAGE_LEN as u64, 0))
            .sum::<u64>()
}

#[test]
fn source_assembles_with_the_documented_exports() {
    let c = wallet::assemble();
    assert_eq!(c.meta("name"), Some("multisig_wallet"));
    for e in ["main", "constructor", "transfer", "nonce", "policy_id"] {
        assert!(c.export(e).is_some(), "{e}");
    }
    assert_eq!(
        TRANSFER_EVENT_TOPIC,
        zcrypto::hash::keccak256(b"Transfer(address,uint256,uint256)")
    );
    let m = transfer_message(&WALLET, &w(7), &BOB, &w(100));
    assert_eq!(m.len(), MESSAGE_LEN);
    assert_eq!(&m[..32], b"ZVM-MULTISIG-WALLET-TRANSFER-V1:");
}

#[test]
fn constructor_stores_the_policy() {
    let s = signers();
    let mut world = World::new();
    // Not initialised: transfers revert.
    let o = world.call("transfer", &signed_transfer(&s, 0, &BOB, 1, &[0, 1]));
    reverted_with(&o, "wallet: not initialized");
    let enc = constructor_args(&s.policy);
    let o = world.call("constructor", &enc);
    assert_eq!(o.status, Status::Success, "{o:?}");
    assert_eq!(o.output, s.policy.id().to_vec());
    assert_eq!(o.output, sha256(&enc).to_vec());
    println!(
        "constructor: {} bytes of policy, {} gas",
        enc.len(),
        o.gas_used
    );
    // The documented layout.
    assert_eq!(world.storage(&SLOT_POLICY_LEN), w(enc.len() as u64));
    assert_eq!(world.storage(&SLOT_POLICY_ID).to_be_bytes(), s.policy.id());
    assert_eq!(world.storage(&SLOT_NONCE), Word::ZERO);
    let mut stored = Vec::new();
    for i in 0..enc.len().div_ceil(32) {
        stored.extend_from_slice(&world.host.storage(&WALLET, &policy_slot(i as u8)));
    }
    assert_eq!(&stored[..enc.len()], &enc[..]);
    assert!(stored[enc.len()..].iter().all(|&b| b == 0));
    assert_eq!(
        MultisigPolicy::from_bytes(&stored[..enc.len()]).unwrap(),
        s.policy
    );
    // Views.
    assert_eq!(world.nonce(), 0);
    let o = world.call("policy_id", &[]);
    assert_eq!(o.output, s.policy.id().to_vec());
    // Only once.
    reverted_with(
        &world.call("constructor", &enc),
        "wallet: already initialized",
    );
}

#[test]
fn constructor_rejects_bad_policies() {
    let s = signers();
    let enc = constructor_args(&s.policy);
    // The BLS key is the last 48 bytes of the encoding: make it a non-encoding.
    let mut bad_key = enc.clone();
    let n = bad_key.len();
    bad_key[n - 48..].fill(0xff);
    // The same key twice.
    let (_, ed, _) = &s.keys[0];
    let twice = MultisigPolicy::new(1, [(Algorithm::Ed25519, ed.clone())])
        .unwrap()
        .to_bytes();
    let mut dup = vec![1u8, 2];
    dup.extend_from_slice(&twice[2..]);
    dup.extend_from_slice(&twice[2..]);
    let mut zero_m = enc.clone();
    zero_m[0] = 0;
    let mut m_over_n = enc.clone();
    m_over_n[0] = 4;
    for bad in [
        &b""[..],
        &[2u8][..],
        &enc[..enc.len() - 1],
        &bad_key,
        &dup,
        &zero_m,
        &m_over_n,
        &vec![1u8; 5000],
    ] {
        let mut world = World::new();
        reverted_with(&world.call("constructor", bad), "wallet: bad policy");
        assert_eq!(world.storage(&SLOT_POLICY_LEN), Word::ZERO);
    }
}

#[test]
fn transfers_signed_by_two_of_three() {
    let s = signers();
    let mut world = World::deployed(&s);
    let carol = Address([0xCA; 20]);
    // Ed25519 + ML-DSA-65, then ML-DSA-65 + BLS, then BLS + Ed25519 (in any order).
    let plan: [(&[usize], Address, u64); 3] = [
        (&[0, 1], BOB, 100),
        (&[1, 2], carol, 250),
        (&[2, 0], BOB, 7),
    ];
    for (nonce, (by, to, amount)) in plan.iter().enumerate() {
        let nonce = nonce as u64;
        let logs_before = world.host.logs.len();
        let o = world.call("transfer", &signed_transfer(&s, nonce, to, *amount, by));
        assert_eq!(o.status, Status::Success, "{by:?}: {o:?}");
        assert_eq!(Word::from_be_slice(&o.output).unwrap(), w(nonce + 1));
        // The event.
        assert_eq!(o.logs.len(), 1);
        let log = &o.logs[0];
        assert_eq!(log.address, WALLET);
        assert_eq!(
            log.topics,
            vec![TRANSFER_EVENT_TOPIC, to.to_word(), w(nonce).to_be_bytes()]
        );
        assert_eq!(log.data, w(*amount).to_be_bytes().to_vec());
        assert_eq!(world.host.logs.len(), logs_before + 1);
        // State.
        assert_eq!(world.nonce(), nonce + 1);
        assert_eq!(world.storage(&SLOT_TRANSFERS), w(nonce + 1));
        let crypto = crypto_gas(by);
        println!(
            "transfer signed by {:?}: {} gas, crypto (MULTISIG) {} = {:.1}%",
            by.iter().map(|&i| s.keys[i].0.name()).collect::<Vec<_>>(),
            o.gas_used,
            crypto,
            100.0 * crypto as f64 / o.gas_used as f64
        );
        assert!(o.gas_used > crypto);
    }
    assert_eq!(world.storage(&ledger_slot(&BOB)), w(107));
    assert_eq!(world.storage(&ledger_slot(&carol)), w(250));
}

#[test]
fn crypto_gas_difference_is_the_metered_difference() {
    // The same transfer signed by {Ed25519, ML-DSA-65} and by {BLS, ML-DSA-65}: the
    // contract runs the same instructions; only MULTISIG's metered charge differs, plus
    // the copy and memory gas of the 32 bytes longer BLS signature.
    let s = signers();
    let mut a = World::deployed(&s);
    let mut b = World::deployed(&s);
    let ga = a.call("transfer", &signed_transfer(&s, 0, &BOB, 5, &[0, 1]));
    let gb = b.call("transfer", &signed_transfer(&s, 0, &BOB, 5, &[2, 1]));
    assert!(ga.is_success() && gb.is_success());
    let diff = gb.gas_used as i64 - ga.gas_used as i64;
    let crypto_diff = crypto_gas(&[2, 1]) as i64 - crypto_gas(&[0, 1]) as i64;
    println!("gas difference {diff}, crypto difference {crypto_diff}");
    // 32 more bytes of call data: one more word copied by CALLDATACOPY (3) and memory
    // growing from 365 to 366 words (3 + (366² − 365²) / 512 rounded: 4).
    assert_eq!(diff, crypto_diff + 3 + 4);
}

#[test]
fn rejected_transfers_change_nothing() {
    let s = signers();
    let mut world = World::deployed(&s);
    let ok = signed_transfer(&s, 0, &BOB, 100, &[0, 1]);
    let msg = transfer_message(&WALLET, &w(0), &BOB, &w(100));
    let (e, m) = (s.sign(0, &msg), s.sign(1, &msg));
    let cases: Vec<(Vec<u8>, &str)> = vec![
        // One signature.
        (
            transfer_calldata(&BOB, &w(100), &w(0), &[(1, &m)]),
            "wallet: below threshold",
        ),
        // The same key twice.
        (
            transfer_calldata(&BOB, &w(100), &w(0), &[(0, &e), (0, &e)]),
            "wallet: repeated signer",
        ),
        // A flipped bit in the ML-DSA signature.
        (
            {
                let mut bad = m.clone();
                bad[1000] ^= 0x04;
                transfer_calldata(&BOB, &w(100), &w(0), &[(0, &e), (1, &bad)])
            },
            "wallet: invalid signatures",
        ),
        // A wrong amount: the signatures are over 100.
        (
            transfer_calldata(&BOB, &w(101), &w(0), &[(0, &e), (1, &m)]),
            "wallet: invalid signatures",
        ),
        // A different recipient.
        (
            transfer_calldata(&Address([0xCA; 20]), &w(100), &w(0), &[(0, &e), (1, &m)]),
            "wallet: invalid signatures",
        ),
        // A future nonce.
        (
            signed_transfer(&s, 1, &BOB, 100, &[0, 1]),
            "wallet: bad nonce",
        ),
        // A key index outside the policy.
        (
            transfer_calldata(&BOB, &w(100), &w(0), &[(0, &e), (3, &m)]),
            "wallet: unknown signer",
        ),
        // Malformed: truncated, trailing bytes, `to` not an address, too short.
        (ok[..ok.len() - 1].to_vec(), "wallet: malformed calldata"),
        ([&ok[..], &[0]].concat(), "wallet: malformed calldata"),
        (
            {
                let mut bad = ok.clone();
                bad[0] = 1;
                bad
            },
            "wallet: malformed calldata",
        ),
        (ok[..96].to_vec(), "wallet: malformed calldata"),
        (vec![0; 20_000], "wallet: malformed calldata"),
    ];
    for (cd, reason) in &cases {
        let o = world.call("transfer", cd);
        reverted_with(&o, reason);
        assert!(o.logs.is_empty());
        assert_eq!(world.nonce(), 0);
        assert_eq!(world.storage(&SLOT_TRANSFERS), Word::ZERO);
    }
    assert!(world.host.logs.is_empty());
    // The good one goes through; replaying it fails.
    assert!(world.call("transfer", &ok).is_success());
    let replay = world.call("transfer", &ok);
    reverted_with(&replay, "wallet: bad nonce");
    assert_eq!(world.nonce(), 1);
    assert_eq!(world.storage(&ledger_slot(&BOB)), w(100));
    assert_eq!(world.host.logs.len(), 1);
}

#[test]
fn main_dispatches_by_tag() {
    let s = signers();
    let mut world = World::new();
    let tx = |world: &mut World, cd: &[u8]| world.host.transact(OWNER, WALLET, cd, GAS);
    let o = tx(
        &mut world,
        &main_calldata(FN_CONSTRUCTOR, &constructor_args(&s.policy)),
    );
    assert_eq!(o.output, s.policy.id().to_vec());
    let o = tx(&mut world, &main_calldata(FN_POLICY_ID, &[]));
    assert_eq!(o.output, s.policy.id().to_vec());
    let cd = main_calldata(FN_TRANSFER, &signed_transfer(&s, 0, &BOB, 9, &[1, 2]));
    let o = tx(&mut world, &cd);
    assert_eq!(o.status, Status::Success, "{o:?}");
    assert_eq!(o.logs.len(), 1);
    reverted_with(&tx(&mut world, &cd), "wallet: bad nonce");
    let o = tx(&mut world, &main_calldata(FN_NONCE, &[]));
    assert_eq!(Word::from_be_slice(&o.output).unwrap(), w(1));
    reverted_with(&tx(&mut world, &[9]), "wallet: unknown function");
    reverted_with(&tx(&mut world, &[]), "wallet: unknown function");
}
