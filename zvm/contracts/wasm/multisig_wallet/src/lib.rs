//! A post-quantum M-of-N multisig wallet: M signatures of the N keys of a zcrypto
//! `MultisigPolicy` (Ed25519, ML-DSA-65, or any scheme the policy takes) authorise one
//! action, a call with value from the wallet, bound to the wallet's address and a nonce.
//!
//! | export | input | output |
//! |---|---|---|
//! | `constructor` | the policy encoding | the policy id, SHA-256(policy) (32 B) |
//! | `execute` | nonce (8 B) ‖ to (20 B) ‖ value (16 B) ‖ data length (4 B) ‖ data ‖ signature list | the call's output |
//! | `nonce` | none | the next nonce (8 B) |
//! | `policy` | none | the policy encoding |
//! | `deposit`, `main` | none (value attached) | none |
//!
//! Integers are big-endian. Policy: `M (1 B) ‖ N (1 B) ‖ N × (name length (1 B) ‖
//! name ‖ key length (2 B) ‖ key)`; signature list: `count (1 B) ‖ count × (key index
//! (1 B) ‖ signature length (2 B) ‖ signature)` (both zcrypto's `metered::multisig`
//! encodings). The signers sign, with an empty context, the 128-byte message
//!
//! ```text
//! "ZVM-WASM-MULTISIG-WALLET-EXEC-V1" (32 B) ‖ wallet address (20 B) ‖ nonce (8 B)
//! ‖ to (20 B) ‖ value (16 B) ‖ SHA-256(data) (32 B)
//! ```
//!
//! `execute` checks the nonce (`"wallet: bad nonce"`: replays), that at least M
//! signatures are presented (`"wallet: below threshold"`) and that they satisfy the
//! policy (`"wallet: invalid signatures"`: a bad, flipped, repeated or unknown signer,
//! or any signature over another message), then increments the nonce **before** the
//! call, calls `to` (entering `main`; an account without code just receives the value)
//! with `data` and `value`, forwarding all allowed gas, and reverts everything with
//! `"wallet: call failed"` unless it succeeds. Event `Executed`: topics
//! `keccak256("Executed(uint256,address,uint256)")`, nonce (32 B word), to (32 B word);
//! data = value (32 B).
#![no_std]

extern crate alloc;

use alloc::vec::Vec;
use zvm_sdk::codec::hex;
use zvm_sdk::{Reader, crypto, emit_event, entry, storage};

const POLICY: storage::Key = storage::slot(0);
const NONCE: storage::Key = storage::slot(1);
const DOMAIN: &[u8; 32] = b"ZVM-WASM-MULTISIG-WALLET-EXEC-V1";
const EXECUTED: [u8; 32] = hex("12c8907d32b752d626a36cf18f31719e25f1a3b6f750ee948c22c036373d48aa");
const MALFORMED: &str = "wallet: malformed input";

fn constructor(policy: &[u8]) -> Result<[u8; 32], &'static str> {
    if storage::contains(&POLICY) {
        return Err("wallet: already initialized");
    }
    if policy.len() < 2 || policy[0] == 0 || policy[0] > policy[1] {
        return Err("wallet: bad policy");
    }
    // No signatures: a well-formed policy whose keys validate is "not satisfied"
    // (Ok(false)); anything malformed is an error.
    match crypto::multisig_verify(policy, &[], &[], &[0]) {
        Ok(false) => {}
        _ => return Err("wallet: bad policy"),
    }
    storage::set(&POLICY, policy);
    crypto::sha256(policy).map_err(|_| "wallet: bad policy")
}

fn execute(input: &[u8]) -> Result<Vec<u8>, &'static str> {
    let mut r = Reader::new(input);
    let nonce = r.u64().map_err(|_| MALFORMED)?;
    let to = r.address().map_err(|_| MALFORMED)?;
    let value = r.u128().map_err(|_| MALFORMED)?;
    let len = r.u32().map_err(|_| MALFORMED)? as usize;
    let data = r.take(len).map_err(|_| MALFORMED)?;
    let sigs = r.rest();

    let Some(policy) = storage::get(&POLICY) else {
        return Err("wallet: not initialized");
    };
    let expected = storage::get_u64(&NONCE);
    if nonce != expected {
        return Err("wallet: bad nonce");
    }
    if sigs.first().copied().unwrap_or(0) < policy[0] {
        return Err("wallet: below threshold");
    }

    let mut msg = [0u8; 128];
    msg[..32].copy_from_slice(DOMAIN);
    msg[32..52].copy_from_slice(&zvm_sdk::address().0);
    msg[52..60].copy_from_slice(&nonce.to_be_bytes());
    msg[60..80].copy_from_slice(&to.0);
    msg[80..96].copy_from_slice(&value.to_be_bytes());
    msg[96..].copy_from_slice(&crypto::sha256(data).map_err(|_| MALFORMED)?);
    match crypto::multisig_verify(&policy, &msg, &[], sigs) {
        Ok(true) => {}
        Ok(false) => return Err("wallet: invalid signatures"),
        Err(_) => return Err("wallet: malformed signatures"),
    }

    // Effects before the interaction: a replay inside the call sees the new nonce.
    storage::set_u64(&NONCE, nonce.wrapping_add(1));
    let result = zvm_sdk::call_contract(&to, data, value, u64::MAX);
    if !result.is_success() {
        return Err("wallet: call failed");
    }
    let mut n = [0u8; 32];
    n[24..].copy_from_slice(&nonce.to_be_bytes());
    let mut v = [0u8; 32];
    v[16..].copy_from_slice(&value.to_be_bytes());
    emit_event(&[EXECUTED, n, to.to_word()], &v);
    Ok(result.data)
}

fn nonce(_input: &[u8]) -> [u8; 8] {
    storage::get_u64(&NONCE).to_be_bytes()
}

fn policy(_input: &[u8]) -> Vec<u8> {
    storage::get_bytes(&POLICY)
}

fn deposit(_input: &[u8]) {}

entry!(
    constructor => constructor,
    execute => execute,
    nonce => nonce,
    policy => policy,
    deposit => deposit,
    main => deposit,
);
