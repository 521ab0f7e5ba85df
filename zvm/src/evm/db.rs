//! revm's [`Database`] over [`Accounts`]: every read goes to the runtime's journal (no
//! cache here; revm's per-transaction journal is the only one).

use revm::bytecode::Bytecode;
use revm::database_interface::{DBErrorMarker, Database};
use revm::primitives::{Address as EAddr, B256, KECCAK_EMPTY, StorageKey, StorageValue, U256};
use revm::state::AccountInfo;

use super::Code;
use crate::address::Address;
use crate::host::Accounts;

/// A database error: the state store failed (recorded by [`Accounts`]) or revm asked
/// for something ZVM does not keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DbError(pub(crate) String);

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DbError {}

impl DBErrorMarker for DbError {}

/// A ZVM address as revm's.
pub(crate) fn eaddr(a: &Address) -> EAddr {
    EAddr::from(a.0)
}

/// A revm address as ZVM's.
pub(crate) fn zaddr(a: &EAddr) -> Address {
    Address(a.into_array())
}

/// revm's view of ZVM state for one transaction.
pub(crate) struct Db<'w> {
    /// The world.
    pub(crate) world: &'w mut dyn Accounts,
    /// The called contract and its analysed code (saves looking it up).
    top: Option<(Address, Code)>,
}

impl<'w> Db<'w> {
    pub(crate) fn new(world: &'w mut dyn Accounts, top: Option<(Address, Code)>) -> Self {
        Db { world, top }
    }

    fn check(&self) -> Result<(), DbError> {
        if self.world.failed() {
            Err(DbError("state store error".into()))
        } else {
            Ok(())
        }
    }
}

impl Database for Db<'_> {
    type Error = DbError;

    fn basic(&mut self, address: EAddr) -> Result<Option<AccountInfo>, DbError> {
        let a = zaddr(&address);
        let balance = self.world.balance(&a);
        let nonce = self.world.nonce(&a);
        let code = match &self.top {
            Some((t, c)) if *t == a => Some((c.hash(), c.bytecode())),
            _ => self.world.evm_code(&a).map(|c| (c.hash(), c.bytecode())),
        };
        self.check()?;
        Ok(match code {
            None if balance == 0 && nonce == 0 => None,
            None => Some(AccountInfo::new(
                U256::from(balance),
                nonce,
                KECCAK_EMPTY,
                Bytecode::default(),
            )),
            Some((hash, code)) => Some(AccountInfo::new(U256::from(balance), nonce, hash, code)),
        })
    }

    fn code_by_hash(&mut self, code_hash: B256) -> Result<Bytecode, DbError> {
        // Accounts come with their code, so revm never asks by hash.
        Err(DbError(format!("no code lookup by hash ({code_hash})")))
    }

    fn storage(&mut self, address: EAddr, index: StorageKey) -> Result<StorageValue, DbError> {
        let w = self
            .world
            .sload(&zaddr(&address), &index.to_be_bytes::<32>());
        self.check()?;
        Ok(U256::from_be_bytes(w))
    }

    fn block_hash(&mut self, _number: u64) -> Result<B256, DbError> {
        // ZVM keeps no block hashes: BLOCKHASH is zero.
        Ok(B256::ZERO)
    }
}
