//! Anonymous votes gated by a Groth16 proof: a vote counts only with a proof, for the
//! verifying key set at construction, of the public statement `[nullifier, choice]`;
//! each nullifier counts once. The contract never learns who voted, and anyone (a
//! relayer) may submit a vote.
//!
//! | export | input | output |
//! |---|---|---|
//! | `constructor` | curve (1 B: 0 BN254, 1 BLS12-381) ‖ verifying key | none |
//! | `vote` | nullifier (32 B) ‖ choice (32 B) ‖ proof | none |
//! | `tally` | choice (32 B) | votes (8 B) |
//! | `spent` | nullifier (32 B) | `0x00` / `0x01` |
//!
//! Integers are big-endian; nullifier and choice are field elements (32-byte
//! big-endian public inputs). The key and proof are zcrypto's binary encodings
//! (`zcrypto::zk::encoding`: `VerifyingKey::to_bytes` with 2 public inputs,
//! `Proof::to_bytes`), checked by `groth16_verify_bn254` / `groth16_verify_bls12_381`.
//! Reverts: `"zk_vote: bad proof"` (does not verify or does not decode),
//! `"zk_vote: already voted"`, `"zk_vote: malformed input"`, `"zk_vote: already
//! initialized"`, `"zk_vote: not initialized"`. Event `Voted`: topics
//! `keccak256("Voted(uint256,uint256)")`, nullifier, choice; no data.
//!
//! The intended circuit proves that the voter's commitment is in the voter set and that
//! the nullifier is derived from the voter's secret and the election. **The tests use
//! the toy fixture circuit of `vectors/zk/groth16` (`c = a·b + k`, public signals
//! `[c, k]`), which anyone can prove for any `c`: it shows the plumbing, not a secure
//! election.**
#![no_std]

extern crate alloc;

use zvm_sdk::codec::hex;
use zvm_sdk::storage::{self, Map};
use zvm_sdk::{Reader, crypto, emit_event, entry};

/// The curve (1 byte) ‖ the verifying key.
const KEY: storage::Key = storage::slot(0);
/// nullifier → `0x01`.
const SPENT: Map = Map::new(b"n");
/// choice → votes (u64).
const TALLY: Map = Map::new(b"t");
const VOTED_EVENT: [u8; 32] =
    hex("84a5508ca0d85b42a876e75a9126f3ae7b43617ce60b170bf8805d34630bc654");
const MALFORMED: &str = "zk_vote: malformed input";

fn constructor(input: &[u8]) -> Result<(), &'static str> {
    if storage::contains(&KEY) {
        return Err("zk_vote: already initialized");
    }
    match input.first() {
        Some(0 | 1) if input.len() > 1 => storage::set(&KEY, input),
        _ => return Err(MALFORMED),
    }
    Ok(())
}

fn vote(input: &[u8]) -> Result<(), &'static str> {
    let mut r = Reader::new(input);
    let nullifier: [u8; 32] = r.array().map_err(|_| MALFORMED)?;
    let choice: [u8; 32] = r.array().map_err(|_| MALFORMED)?;
    let proof = r.rest();
    if SPENT.contains(&nullifier) {
        return Err("zk_vote: already voted");
    }
    let Some(key) = storage::get(&KEY) else {
        return Err("zk_vote: not initialized");
    };
    let (curve, vk) = key.split_first().ok_or(MALFORMED)?;
    let statement = [nullifier, choice];
    let verdict = match curve {
        0 => crypto::groth16_verify_bn254(vk, proof, &statement),
        _ => crypto::groth16_verify_bls12_381(vk, proof, &statement),
    };
    if verdict != Ok(true) {
        return Err("zk_vote: bad proof");
    }
    SPENT.set(&nullifier, &[1]);
    TALLY.set_u64(&choice, TALLY.get_u64(&choice) + 1);
    emit_event(&[VOTED_EVENT, nullifier, choice], &[]);
    Ok(())
}

fn tally(input: &[u8]) -> Result<[u8; 8], &'static str> {
    let mut r = Reader::new(input);
    let choice: [u8; 32] = r.array().map_err(|_| MALFORMED)?;
    r.done().map_err(|_| MALFORMED)?;
    Ok(TALLY.get_u64(&choice).to_be_bytes())
}

fn spent(input: &[u8]) -> Result<[u8; 1], &'static str> {
    let mut r = Reader::new(input);
    let nullifier: [u8; 32] = r.array().map_err(|_| MALFORMED)?;
    r.done().map_err(|_| MALFORMED)?;
    Ok([u8::from(SPENT.contains(&nullifier))])
}

entry!(
    constructor => constructor,
    vote => vote,
    tally => tally,
    spent => spent,
);
