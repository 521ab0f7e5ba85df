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

mod abi;
mod evm;
mod native;
mod report;
mod wasm;

use abi::*;
use evm::*;
use native::*;
use report::*;
use wasm::*;

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
