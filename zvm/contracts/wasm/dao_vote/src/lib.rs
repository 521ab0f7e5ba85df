//! A DAO vote tallied with BLS aggregate signatures.
//!
//! The deployer registers the voters' BLS12-381 public keys (48 B compressed each,
//! **whose proofs of possession the deployer checked**: the ABI has no
//! proof-of-possession check, and fast aggregate verification is only safe against
//! rogue keys with one) and a quorum. Anyone may open a proposal; it passes when a
//! FastAggregateVerify signature of at least `quorum` registered voters over its vote
//! message verifies.
//!
//! | export | input | output |
//! |---|---|---|
//! | `constructor` | quorum (2 B) ‖ n × key (48 B), 1 ≤ quorum ≤ n ≤ 128 | none |
//! | `propose` | description (any bytes) | the proposal id (8 B), from 0 |
//! | `tally` | id (8 B) ‖ voter bitmap (⌈n/8⌉ B) ‖ aggregate signature (96 B) | the number of voters (8 B) |
//! | `proposal` | id (8 B) | SHA-256(description) (32 B) ‖ votes (8 B; 0 = not passed) |
//! | `vote_message` | id (8 B) | the message voters sign (80 B) |
//! | `voters` | none | the registered keys (n × 48 B) |
//!
//! Integers are big-endian. Bitmap bit `i` (byte `i / 8`, bit `i % 8`, least
//! significant first) selects voter `i`; bits at or beyond n must be 0. The vote
//! message is
//!
//! ```text
//! "ZVM-WASM-DAO-VOTE-V1" (20 B) ‖ DAO address (20 B) ‖ id (8 B) ‖ SHA-256(description) (32 B)
//! ```
//!
//! Reverts: `"dao: below quorum"`, `"dao: invalid signature"` (also for a signature or
//! key that does not decode), `"dao: already passed"`, `"dao: unknown proposal"`,
//! `"dao: malformed input"`, `"dao: bad voters"`, `"dao: already initialized"`.
//! Events: `Proposed` (topics `keccak256("Proposed(uint256,bytes32)")`, id; data =
//! description hash) and `Passed` (topics `keccak256("Passed(uint256,uint256)")`, id;
//! data = votes (32 B)).
#![no_std]

extern crate alloc;

use alloc::vec::Vec;
use zvm_sdk::codec::hex;
use zvm_sdk::storage::{self, Map};
use zvm_sdk::{Reader, crypto, emit_event, entry};

const QUORUM: storage::Key = storage::slot(0);
const KEYS: storage::Key = storage::slot(1);
const NEXT_ID: storage::Key = storage::slot(2);
/// id → SHA-256(description).
const PROPOSALS: Map = Map::new(b"p");
/// id → votes of the passing tally.
const PASSED: Map = Map::new(b"s");
const DOMAIN: &[u8; 20] = b"ZVM-WASM-DAO-VOTE-V1";
const PROPOSED: [u8; 32] = hex("7984b70b1fde0ade06aa37c6320593a97f0160a880c4def3bb6c65e745ebef6c");
const PASSED_EVENT: [u8; 32] =
    hex("63b4e7aeffd7f4e87ae18ab8fd6bbed2355a27a9bf13c44084de3dd6477b20c5");
const MALFORMED: &str = "dao: malformed input";
const KEY_LEN: usize = 48;
const SIG_LEN: usize = 96;
const MAX_VOTERS: usize = 128;

fn word(id: u64) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&id.to_be_bytes());
    w
}

fn constructor(input: &[u8]) -> Result<(), &'static str> {
    if storage::contains(&KEYS) {
        return Err("dao: already initialized");
    }
    let mut r = Reader::new(input);
    let quorum = r.u16().map_err(|_| MALFORMED)? as usize;
    let keys = r.rest();
    let n = keys.len() / KEY_LEN;
    if !keys.len().is_multiple_of(KEY_LEN) || n == 0 || n > MAX_VOTERS || quorum == 0 || quorum > n
    {
        return Err("dao: bad voters");
    }
    storage::set_u64(&QUORUM, quorum as u64);
    storage::set(&KEYS, keys);
    Ok(())
}

fn propose(description: &[u8]) -> Result<[u8; 8], &'static str> {
    let id = storage::get_u64(&NEXT_ID);
    let hash = crypto::sha256(description).map_err(|_| MALFORMED)?;
    PROPOSALS.set(&id.to_be_bytes(), &hash);
    storage::set_u64(&NEXT_ID, id + 1);
    emit_event(&[PROPOSED, word(id)], &hash);
    Ok(id.to_be_bytes())
}

/// The description hash of proposal `id`.
fn proposal_hash(id: u64) -> Result<[u8; 32], &'static str> {
    storage::get_array32(&PROPOSALS.key(&id.to_be_bytes())).ok_or("dao: unknown proposal")
}

fn message(id: u64, hash: &[u8; 32]) -> [u8; 80] {
    let mut m = [0u8; 80];
    m[..20].copy_from_slice(DOMAIN);
    m[20..40].copy_from_slice(&zvm_sdk::address().0);
    m[40..48].copy_from_slice(&id.to_be_bytes());
    m[48..].copy_from_slice(hash);
    m
}

fn tally(input: &[u8]) -> Result<[u8; 8], &'static str> {
    let keys = storage::get_bytes(&KEYS);
    let n = keys.len() / KEY_LEN;
    let mut r = Reader::new(input);
    let id = r.u64().map_err(|_| MALFORMED)?;
    let bitmap = r.take(n.div_ceil(8)).map_err(|_| MALFORMED)?;
    let sig = r.take(SIG_LEN).map_err(|_| MALFORMED)?;
    r.done().map_err(|_| MALFORMED)?;

    let hash = proposal_hash(id)?;
    let id_key = id.to_be_bytes();
    if PASSED.contains(&id_key) {
        return Err("dao: already passed");
    }
    let mut selected = Vec::with_capacity(keys.len());
    for (i, byte) in bitmap.iter().enumerate() {
        for bit in 0..8 {
            if byte >> bit & 1 == 0 {
                continue;
            }
            let v = i * 8 + bit;
            if v >= n {
                return Err(MALFORMED);
            }
            selected.extend_from_slice(&keys[v * KEY_LEN..(v + 1) * KEY_LEN]);
        }
    }
    let votes = (selected.len() / KEY_LEN) as u64;
    if votes < storage::get_u64(&QUORUM) {
        return Err("dao: below quorum");
    }
    match crypto::bls_fast_aggregate_verify(&selected, &message(id, &hash), sig) {
        Ok(true) => {}
        _ => return Err("dao: invalid signature"),
    }
    PASSED.set_u64(&id_key, votes);
    emit_event(&[PASSED_EVENT, word(id)], &word(votes));
    Ok(votes.to_be_bytes())
}

fn proposal(input: &[u8]) -> Result<[u8; 40], &'static str> {
    let mut r = Reader::new(input);
    let id = r.u64().map_err(|_| MALFORMED)?;
    r.done().map_err(|_| MALFORMED)?;
    let mut out = [0u8; 40];
    out[..32].copy_from_slice(&proposal_hash(id)?);
    out[32..].copy_from_slice(&PASSED.get_u64(&id.to_be_bytes()).to_be_bytes());
    Ok(out)
}

fn vote_message(input: &[u8]) -> Result<[u8; 80], &'static str> {
    let mut r = Reader::new(input);
    let id = r.u64().map_err(|_| MALFORMED)?;
    r.done().map_err(|_| MALFORMED)?;
    Ok(message(id, &proposal_hash(id)?))
}

fn voters(_input: &[u8]) -> Vec<u8> {
    storage::get_bytes(&KEYS)
}

entry!(
    constructor => constructor,
    propose => propose,
    tally => tally,
    proposal => proposal,
    vote_message => vote_message,
    voters => voters,
);
