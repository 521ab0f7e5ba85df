//! `zvm demo`: the project's end-to-end run.
//!
//! In a fresh state directory: generate an Ed25519, an ML-DSA-65 and a BLS12-381 key;
//! deploy the native-ZVM 2-of-3 post-quantum multisig wallet
//! (`zvm/contracts/multisig_wallet.zasm`); submit transfers signed by two of the three
//! keys, verified on chain by the `MULTISIG` crypto opcode; show that a replay, a single
//! signature and a tampered amount are refused; print gas, events, the state root (with a
//! Merkle proof of the wallet's nonce) and what each crypto operation costs.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use zcrypto::Algorithm;
use zcrypto::encoding::to_hex;
use zcrypto::hash::sha256;
use zcrypto::metered::{self, Gas, Op, Span, Verdict};
use zcrypto::sig::dynamic;
use zcrypto::sig::multisig::MultisigPolicy;
use zvm::address::Address;
use zvm::contracts::multisig_wallet as wallet;
use zvm::runtime::{Receipt, Runtime};
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
    /// Seed (any text) from which the three keys are derived; the same seed gives the
    /// same keys, addresses, gas and state root.
    #[arg(long, default_value = "zvm demo")]
    seed: String,
}

/// The three signers: Ed25519, ML-DSA-65 and BLS12-381, in policy order.
const SCHEMES: [Algorithm; 3] = [Algorithm::Ed25519, Algorithm::MlDsa65, Algorithm::Bls12381];

const DEPLOYER: Address = Address([0x11; 20]);
const RELAYER: Address = Address([0x22; 20]);
const GAS_LIMIT: u64 = 10_000_000;

struct Signer {
    alg: Algorithm,
    secret: zeroize::Zeroizing<Vec<u8>>,
    public: Vec<u8>,
}

fn keys(seed: &str) -> Result<Vec<Signer>, Failure> {
    SCHEMES
        .iter()
        .map(|&alg| {
            let len = dynamic::seed_len(alg)?;
            let mut material = Vec::new();
            let mut counter = 0u8;
            while material.len() < len {
                material.extend_from_slice(&sha256(
                    &[seed.as_bytes(), alg.name().as_bytes(), &[counter]].concat(),
                ));
                counter += 1;
            }
            material.truncate(len);
            let (secret, public) = dynamic::keygen(alg, &material)?;
            Ok(Signer {
                alg,
                secret,
                public,
            })
        })
        .collect()
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

struct Transfer<'a> {
    label: &'a str,
    signers: &'a [usize],
    nonce: u64,
    amount: u64,
    /// Sign this amount instead (a tampered transfer).
    signed_amount: Option<u64>,
    expect_success: bool,
}

/// The low 128 bits of a big-endian word (the demo's numbers are small).
fn low_u128(word: &[u8; 32]) -> u128 {
    let mut low = [0u8; 16];
    low.copy_from_slice(&word[16..]);
    u128::from_be_bytes(low)
}

fn step(n: &mut u32, title: &str) {
    *n += 1;
    println!("\n[{n}] {title}");
}

fn print_receipt(r: &Receipt) {
    println!("    success   {}", r.success);
    println!("    gas used  {}", r.gas_used);
    if let Some(e) = &r.error {
        match std::str::from_utf8(&r.return_data) {
            Ok(reason) if !reason.is_empty() => println!("    error     {e}: \"{reason}\""),
            _ => println!("    error     {e}"),
        }
    }
    for l in &r.logs {
        match (l.topics.as_slice(), l.data.as_slice()) {
            ([sig, to, nonce], amount)
                if *sig == wallet::TRANSFER_EVENT_TOPIC && amount.len() == 32 =>
            {
                let mut a = [0u8; 32];
                a.copy_from_slice(amount);
                println!(
                    "    event     Transfer(to 0x{}, amount {}, nonce {}) from {}",
                    to_hex(&to[12..]),
                    low_u128(&a),
                    low_u128(nonce),
                    l.address
                );
            }
            _ => {
                let topics: Vec<String> = l
                    .topics
                    .iter()
                    .map(|t| format!("0x{}", to_hex(t)))
                    .collect();
                println!(
                    "    event     {} topics [{}] data 0x{}",
                    l.address,
                    topics.join(", "),
                    to_hex(&l.data)
                );
            }
        }
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
    println!("ZVM demo: a 2-of-3 post-quantum multisig wallet on native ZVM bytecode");
    println!("state directory: {} (redb)", dir.display());
    let mut n = 0;

    step(&mut n, "generate keys (Ed25519, ML-DSA-65, BLS12-381)");
    let signers = keys(seed)?;
    for (i, s) in signers.iter().enumerate() {
        println!(
            "    key {i}  {:<10} public key {} bytes  {}…",
            s.alg.name(),
            s.public.len(),
            &to_hex(&s.public)[..24]
        );
    }
    let policy = MultisigPolicy::new(2, signers.iter().map(|s| (s.alg, s.public.clone())))?;
    let policy_bytes = policy.to_bytes();
    println!(
        "    policy    2-of-3, {} bytes, id {}",
        policy_bytes.len(),
        to_hex(&policy.id())
    );

    step(
        &mut n,
        "deploy the wallet (zvm/contracts/multisig_wallet.zasm)",
    );
    let store = RedbState::open(dir)?;
    let mut rt = Runtime::new(store).with_block_time(1_700_000_000);
    let container = wallet::assemble().encode();
    let r = rt.deploy(
        DEPLOYER,
        &container,
        &wallet::constructor_args(&policy),
        0,
        GAS_LIMIT,
    );
    print_receipt(&r);
    let contract = match (r.success, r.contract_address) {
        (true, Some(a)) => a,
        _ => return Err(Failure(format!("deploy failed: {:?}", r.error))),
    };
    println!(
        "    contract  {contract}  ({} bytes of bytecode)",
        container.len()
    );

    let to = Address([0xbe; 20]);
    let transfers = [
        Transfer {
            label: "transfer 1000 to 0xbebe…, signed by Ed25519 + ML-DSA-65",
            signers: &[0, 1],
            nonce: 0,
            amount: 1000,
            signed_amount: None,
            expect_success: true,
        },
        Transfer {
            label: "replay the same transfer (nonce 0 again)",
            signers: &[0, 1],
            nonce: 0,
            amount: 1000,
            signed_amount: None,
            expect_success: false,
        },
        Transfer {
            label: "transfer 250, one signature only (ML-DSA-65)",
            signers: &[1],
            nonce: 1,
            amount: 250,
            signed_amount: None,
            expect_success: false,
        },
        Transfer {
            label: "transfer 9999, but the signers signed 250",
            signers: &[1, 2],
            nonce: 1,
            amount: 9999,
            signed_amount: Some(250),
            expect_success: false,
        },
        Transfer {
            label: "transfer 250 to 0xbebe…, signed by ML-DSA-65 + BLS12-381",
            signers: &[1, 2],
            nonce: 1,
            amount: 250,
            signed_amount: None,
            expect_success: true,
        },
    ];
    let mut costs: Vec<(String, u64, u64)> = Vec::new();
    for t in &transfers {
        step(&mut n, t.label);
        let nonce = Word::from(t.nonce);
        let signed = Word::from(t.signed_amount.unwrap_or(t.amount));
        let message = wallet::transfer_message(&contract, &nonce, &to, &signed);
        let sigs: Vec<(u8, Vec<u8>)> = t
            .signers
            .iter()
            .map(|&i| {
                let s = &signers[i];
                Ok((i as u8, dynamic::sign(s.alg, &s.secret, &message, b"")?))
            })
            .collect::<Result<_, zcrypto::Error>>()?;
        let refs: Vec<(u8, &[u8])> = sigs.iter().map(|(i, s)| (*i, &s[..])).collect();
        let calldata = wallet::transfer_calldata(&to, &Word::from(t.amount), &nonce, &refs);
        let root_before = rt.state_root();
        let r = rt.call(RELAYER, contract, "transfer", &calldata, 0, GAS_LIMIT);
        print_receipt(&r);
        if r.success != t.expect_success {
            return Err(Failure(format!(
                "{}: expected success = {}, got {:?}",
                t.label, t.expect_success, r
            )));
        }
        if r.success {
            let list = wallet::signature_list(&refs);
            let (crypto, verdict) = multisig_gas(&policy_bytes, &message, &list)?;
            debug_assert_eq!(verdict, Verdict::Valid);
            println!(
                "    crypto    MULTISIG opcode (zcrypto::metered::multisig): {crypto} of {} gas ({:.0} %)",
                r.gas_used,
                100.0 * crypto as f64 / r.gas_used as f64
            );
            let names: Vec<&str> = t.signers.iter().map(|&i| signers[i].alg.name()).collect();
            costs.push((names.join(" + "), crypto, r.gas_used));
        } else if rt.state_root() == root_before {
            println!("    refused, as it must be; the state root is unchanged");
        } else {
            return Err(Failure(format!(
                "{}: refused but the state changed",
                t.label
            )));
        }
    }

    step(&mut n, "state");
    let nonce = rt.storage_word(&contract, &wallet::SLOT_NONCE)?;
    let credited = rt.storage_word(&contract, &wallet::ledger_slot(&to))?;
    println!("    wallet nonce      {}", low_u128(&nonce));
    println!("    credited to 0xbebe…  {}", low_u128(&credited));
    println!("    height            {}", rt.height());
    let root = rt.state_root();
    println!("    state root        {}", to_hex(&root));
    let key = StateKey::Storage(contract, wallet::SLOT_NONCE);
    let value = rt.store().get(&key)?;
    let proof = rt.store().prove_key(&key)?;
    verify_proof(&root, &key, value.as_deref(), &proof)?;
    println!(
        "    proof             the wallet's nonce slot against the root: {} siblings, {} bytes, verifies",
        proof.depth(),
        proof.encode().len()
    );

    step(
        &mut n,
        "crypto operation costs (zcrypto::metered schedule, 1 gas = 20 ns)",
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
        "\n    {:<28} {:>10} {:>10}",
        "transfer signed by", "crypto gas", "total gas"
    );
    for (who, crypto, total) in &costs {
        println!("    {who:<28} {crypto:>10} {total:>10}");
    }
    println!(
        "\ndemo complete: 2 transfers accepted, 3 refused, state root {}",
        to_hex(&root)
    );
    Ok(ExitCode::SUCCESS)
}
