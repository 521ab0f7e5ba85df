//! A Merkle airdrop: claims are the leaves of an OpenZeppelin `StandardMerkleTree` over
//! `(address, uint256)` whose root is set at construction; each account claims once.
//!
//! | export | input | output |
//! |---|---|---|
//! | `constructor` | root (32 B) ‖ optional token contract (20 B) | none |
//! | `claim` | account (20 B) ‖ amount (16 B) ‖ proof (k × 32 B) | none |
//! | `claimed` | account (20 B) | `0x00`, or `0x01` ‖ amount claimed (16 B) |
//! | `root` | none | the root (32 B) |
//!
//! Integers are big-endian. The leaf is `keccak256(keccak256(abi.encode(account,
//! amount)))` (`abi.encode`: account as a 32-byte word, amount as a 32-byte word),
//! verified with `merkle_verify_ethereum` (OpenZeppelin `MerkleProof.verify`). Anyone
//! may submit a claim; it is recorded for `account`. With a token contract, the claim
//! also calls its `main` with `0x01 ‖ account ‖ amount` (the token's `transfer`, from
//! the airdrop's own balance), and reverts with `"airdrop: token transfer failed"` if
//! that fails. Reverts: `"airdrop: already claimed"`, `"airdrop: bad proof"`,
//! `"airdrop: malformed input"`, `"airdrop: already initialized"`. Event `Claimed`:
//! topics `keccak256("Claimed(address,uint256)")`, account (32 B word); data = amount
//! (32 B).
#![no_std]

extern crate alloc;

use zvm_sdk::codec::hex;
use zvm_sdk::storage::{self, Map};
use zvm_sdk::{Address, Reader, crypto, emit_event, entry};

const ROOT: storage::Key = storage::slot(0);
const TOKEN: storage::Key = storage::slot(1);
/// account → amount claimed (16 B, present even for 0).
const CLAIMED: Map = Map::new(b"c");
const CLAIMED_EVENT: [u8; 32] =
    hex("d8138f8a3f377c5259ca548e70e4c2de94f129f5a11036a15b69513cba2b426a");
const MALFORMED: &str = "airdrop: malformed input";

fn constructor(input: &[u8]) -> Result<(), &'static str> {
    if storage::contains(&ROOT) {
        return Err("airdrop: already initialized");
    }
    let mut r = Reader::new(input);
    let root: [u8; 32] = r.array().map_err(|_| MALFORMED)?;
    storage::set(&ROOT, &root);
    match r.remaining() {
        0 => {}
        20 => storage::set(&TOKEN, r.rest()),
        _ => return Err(MALFORMED),
    }
    Ok(())
}

fn claim(input: &[u8]) -> Result<(), &'static str> {
    let mut r = Reader::new(input);
    let account = r.address().map_err(|_| MALFORMED)?;
    let amount = r.u128().map_err(|_| MALFORMED)?;
    let proof = r.rest();
    if !proof.len().is_multiple_of(32) {
        return Err(MALFORMED);
    }
    if CLAIMED.contains(&account.0) {
        return Err("airdrop: already claimed");
    }
    let Some(root) = storage::get_array32(&ROOT) else {
        return Err("airdrop: not initialized");
    };
    let mut encoded = [0u8; 64];
    encoded[12..32].copy_from_slice(&account.0);
    encoded[48..].copy_from_slice(&amount.to_be_bytes());
    let leaf = crypto::keccak256(&encoded)
        .and_then(|h| crypto::keccak256(&h))
        .map_err(|_| MALFORMED)?;
    match crypto::merkle_verify_ethereum(&leaf, proof, &root) {
        Ok(true) => {}
        _ => return Err("airdrop: bad proof"),
    }
    CLAIMED.set(&account.0, &amount.to_be_bytes());
    let mut token = [0u8; 20];
    if storage::read(&TOKEN, &mut token) == 20 {
        let mut call = [0u8; 37];
        call[0] = 1;
        call[1..21].copy_from_slice(&account.0);
        call[21..].copy_from_slice(&amount.to_be_bytes());
        if !zvm_sdk::call_contract(&Address(token), &call, 0, u64::MAX).is_success() {
            return Err("airdrop: token transfer failed");
        }
    }
    let mut data = [0u8; 32];
    data[16..].copy_from_slice(&amount.to_be_bytes());
    emit_event(&[CLAIMED_EVENT, account.to_word()], &data);
    Ok(())
}

fn claimed(input: &[u8]) -> Result<alloc::vec::Vec<u8>, &'static str> {
    let mut r = Reader::new(input);
    let account = r.address().map_err(|_| MALFORMED)?;
    r.done().map_err(|_| MALFORMED)?;
    Ok(match CLAIMED.get(&account.0) {
        Some(amount) => [&[1u8][..], &amount].concat(),
        None => alloc::vec![0],
    })
}

fn root(_input: &[u8]) -> [u8; 32] {
    storage::get_array32(&ROOT).unwrap_or([0; 32])
}

entry!(
    constructor => constructor,
    claim => claim,
    claimed => claimed,
    root => root,
);
