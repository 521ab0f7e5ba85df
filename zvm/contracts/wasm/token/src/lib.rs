//! A fungible token: the whole supply is minted to the deployer at construction.
//!
//! Amounts are `u128`, 16 bytes big-endian; addresses 20 bytes.
//!
//! | export | input | output |
//! |---|---|---|
//! | `constructor` | supply (16 B) | none |
//! | `transfer` | to (20 B) ‖ amount (16 B) | `0x01` |
//! | `balance_of` | account (20 B) | balance (16 B) |
//! | `total_supply` | none | supply (16 B) |
//! | `owner` | none | the deployer (20 B) |
//! | `main` | tag (1 B: 1 transfer, 2 balance_of, 3 total_supply) ‖ that function's input | its output |
//!
//! Event `Transfer`: topics `keccak256("Transfer(address,address,uint256)")`, from, to
//! (as 32-byte words); data = amount (32 B big-endian). The constructor emits one from
//! the zero address. Reverts: `"token: insufficient balance"`, `"token: malformed
//! input"`, `"token: already initialized"`, `"token: unknown function"`.
#![no_std]

extern crate alloc;

use zvm_sdk::codec::hex;
use zvm_sdk::storage::{self, Map};
use zvm_sdk::{Address, Reader, emit_event, entry};

const OWNER: storage::Key = storage::slot(0);
const SUPPLY: storage::Key = storage::slot(1);
const BALANCES: Map = Map::new(b"b");
const TRANSFER: [u8; 32] = hex("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
const MALFORMED: &str = "token: malformed input";

fn transfer_event(from: &Address, to: &Address, amount: u128) {
    let mut data = [0u8; 32];
    data[16..].copy_from_slice(&amount.to_be_bytes());
    emit_event(&[TRANSFER, from.to_word(), to.to_word()], &data);
}

fn constructor(input: &[u8]) -> Result<(), &'static str> {
    if storage::contains(&OWNER) {
        return Err("token: already initialized");
    }
    let mut r = Reader::new(input);
    let supply = r.u128().map_err(|_| MALFORMED)?;
    r.done().map_err(|_| MALFORMED)?;
    let owner = zvm_sdk::caller();
    storage::set(&OWNER, &owner.0);
    storage::set_u128(&SUPPLY, supply);
    BALANCES.set_u128(&owner.0, supply);
    transfer_event(&Address::ZERO, &owner, supply);
    Ok(())
}

fn transfer(input: &[u8]) -> Result<[u8; 1], &'static str> {
    let mut r = Reader::new(input);
    let to = r.address().map_err(|_| MALFORMED)?;
    let amount = r.u128().map_err(|_| MALFORMED)?;
    r.done().map_err(|_| MALFORMED)?;
    let from = zvm_sdk::caller();
    let balance = BALANCES.get_u128(&from.0);
    let Some(left) = balance.checked_sub(amount) else {
        return Err("token: insufficient balance");
    };
    BALANCES.set_u128(&from.0, left);
    // Cannot overflow: the sum of all balances is the supply.
    let credited = BALANCES.get_u128(&to.0).wrapping_add(amount);
    BALANCES.set_u128(&to.0, credited);
    transfer_event(&from, &to, amount);
    Ok([1])
}

fn balance_of(input: &[u8]) -> Result<[u8; 16], &'static str> {
    let mut r = Reader::new(input);
    let who = r.address().map_err(|_| MALFORMED)?;
    r.done().map_err(|_| MALFORMED)?;
    Ok(BALANCES.get_u128(&who.0).to_be_bytes())
}

fn total_supply(_input: &[u8]) -> [u8; 16] {
    storage::get_u128(&SUPPLY).to_be_bytes()
}

fn owner(_input: &[u8]) -> [u8; 20] {
    let mut o = [0u8; 20];
    storage::read(&OWNER, &mut o);
    o
}

fn main(input: &[u8]) -> Result<alloc::vec::Vec<u8>, &'static str> {
    let Some((&tag, rest)) = input.split_first() else {
        return Err("token: unknown function");
    };
    match tag {
        1 => transfer(rest).map(|o| o.to_vec()),
        2 => balance_of(rest).map(|o| o.to_vec()),
        3 => Ok(total_supply(rest).to_vec()),
        _ => Err("token: unknown function"),
    }
}

entry!(
    constructor => constructor,
    transfer => transfer,
    balance_of => balance_of,
    total_supply => total_supply,
    owner => owner,
    main => main,
);
