//! Contracts shipped with ZVM, assembled from `zvm/contracts/*.zasm`, and the helpers
//! that build their calls (used by the tests and the `zvm demo` command).

pub mod multisig_wallet {
    //! The 2-of-3 post-quantum multisig wallet (`zvm/contracts/multisig_wallet.zasm`).
    //!
    //! The wallet stores a [`MultisigPolicy`] (any M-of-N; the demo uses 2 of an Ed25519,
    //! an ML-DSA-65 and a BLS12-381 key) and a nonce. A transfer is authorised by M
    //! distinct signers over [`transfer_message`]; the contract checks the nonce (replay
    //! protection), the signature list (at least M entries, distinct key indices below N,
    //! well-formed), verifies it with the `MULTISIG` opcode against the stored policy,
    //! then increments the nonce, credits the ledger, counts the transfer and emits
    //! `Transfer(to, amount, nonce)`.
    //!
    //! ## Exports and call data
    //!
    //! | export | call data | returns |
    //! |---|---|---|
    //! | `constructor` | the policy encoding ([`constructor_args`]) | the policy id (32 B) |
    //! | `transfer` | [`transfer_calldata`]: `to` (32 B word, 12 zero bytes ‖ address) ‖ `amount` (32 B) ‖ `nonce` (32 B) ‖ signature list | the new nonce (32 B) |
    //! | `nonce` | none | the nonce (32 B) |
    //! | `policy_id` | none | SHA-256 of the policy encoding (32 B) |
    //! | `main` | a 1-byte function tag ([`FN_CONSTRUCTOR`], [`FN_TRANSFER`], [`FN_NONCE`], [`FN_POLICY_ID`]) ‖ that export's call data ([`main_calldata`]) | that export's output |
    //!
    //! The signature list is the encoding of `zcrypto::metered::multisig`:
    //! `count (1 B) ‖ count × (key index (1 B) ‖ signature length (2 B, BE) ‖ signature)`
    //! ([`signature_list`]). Failures revert with an ASCII reason (`"wallet: bad nonce"`,
    //! `"wallet: below threshold"`, `"wallet: repeated signer"`, `"wallet: unknown signer"`,
    //! `"wallet: invalid signatures"`, `"wallet: malformed calldata"`,
    //! `"wallet: not initialized"`, `"wallet: already initialized"`, `"wallet: bad policy"`,
    //! `"wallet: unknown function"`).
    //!
    //! The constructor may run once (it reverts if a policy is stored); it requires a
    //! policy of 2 to 4096 bytes with `1 ≤ M ≤ N` whose keys validate (checked by a
    //! `MULTISIG` call with no signatures). Transfer call data is at most 16384 bytes.
    //!
    //! ## Storage
    //!
    //! | slot | content |
    //! |---|---|
    //! | [`SLOT_NONCE`] (0) | the nonce, starting at 0 |
    //! | [`SLOT_POLICY_LEN`] (1) | the policy length in bytes (0: not initialised) |
    //! | [`SLOT_POLICY_ID`] (2) | SHA-256 of the policy encoding |
    //! | [`SLOT_TRANSFERS`] (3) | the number of transfers |
    //! | [`policy_slot`]`(i)` = `0x100 + i` | policy bytes `32 i .. 32 i + 32`, the last chunk zero-padded |
    //! | [`ledger_slot`]`(to)` = `0x01 ‖ 11 zero bytes ‖ to` | the total amount credited to `to` (wrapping) |
    //!
    //! ## Event
    //!
    //! `LOG3`: topics [`TRANSFER_EVENT_TOPIC`] (`keccak256("Transfer(address,uint256,uint256)")`),
    //! `to` (as a word), the nonce the transfer used; data = the amount (32 B).

    use crate::address::Address;
    use crate::asm;
    use crate::container::Container;
    use crate::word::Word;
    use zcrypto::sig::multisig::MultisigPolicy;

    /// The assembly source.
    pub const SOURCE: &str = include_str!("../contracts/multisig_wallet.zasm");

    /// The domain tag that starts every transfer message.
    pub const DOMAIN_TAG: [u8; 32] = *b"ZVM-MULTISIG-WALLET-TRANSFER-V1:";
    /// The length of a transfer message: tag 32 + contract 20 + nonce 32 + to 20 + amount 32.
    pub const MESSAGE_LEN: usize = 136;
    /// `keccak256("Transfer(address,uint256,uint256)")`, the event's first topic.
    pub const TRANSFER_EVENT_TOPIC: [u8; 32] = [
        0x7f, 0xa9, 0xaa, 0xfe, 0xb8, 0xbb, 0x80, 0x3d, 0x77, 0xde, 0x5d, 0x84, 0xbc, 0x2f, 0x2e,
        0xdb, 0xd8, 0x42, 0xca, 0x91, 0xb2, 0x0c, 0xd5, 0x02, 0x0a, 0xa2, 0x1d, 0xfe, 0x26, 0xab,
        0x0b, 0xe9,
    ];

    /// `main` tag: the constructor.
    pub const FN_CONSTRUCTOR: u8 = 0;
    /// `main` tag: a transfer.
    pub const FN_TRANSFER: u8 = 1;
    /// `main` tag: the nonce view.
    pub const FN_NONCE: u8 = 2;
    /// `main` tag: the policy id view.
    pub const FN_POLICY_ID: u8 = 3;

    /// The nonce's storage slot.
    pub const SLOT_NONCE: [u8; 32] = slot(0);
    /// The policy length's storage slot.
    pub const SLOT_POLICY_LEN: [u8; 32] = slot(1);
    /// The policy id's storage slot.
    pub const SLOT_POLICY_ID: [u8; 32] = slot(2);
    /// The transfer counter's storage slot.
    pub const SLOT_TRANSFERS: [u8; 32] = slot(3);

    const fn slot(n: u16) -> [u8; 32] {
        let mut s = [0u8; 32];
        let b = n.to_be_bytes();
        s[30] = b[0];
        s[31] = b[1];
        s
    }

    /// The slot of the policy's `i`-th 32-byte chunk (`i < 128`).
    pub const fn policy_slot(i: u8) -> [u8; 32] {
        slot(0x100 + i as u16)
    }

    /// The ledger slot of `to`.
    pub fn ledger_slot(to: &Address) -> [u8; 32] {
        let mut s = to.to_word();
        s[0] = 0x01;
        s
    }

    /// The wallet's container (exports `main`, `constructor`, `transfer`, `nonce`,
    /// `policy_id`).
    pub fn assemble() -> Container {
        // The shipped source is checked by the tests: assembling it cannot fail.
        match asm::assemble(SOURCE) {
            Ok(c) => c,
            Err(e) => unreachable!("multisig_wallet.zasm: {e}"),
        }
    }

    /// The constructor's call data: the policy encoding.
    pub fn constructor_args(policy: &MultisigPolicy) -> Vec<u8> {
        policy.to_bytes()
    }

    /// The message the signers sign (empty context):
    /// `DOMAIN_TAG ‖ contract (20 B) ‖ nonce (32 B BE) ‖ to (20 B) ‖ amount (32 B BE)`.
    pub fn transfer_message(
        contract: &Address,
        nonce: &Word,
        to: &Address,
        amount: &Word,
    ) -> Vec<u8> {
        let mut m = Vec::with_capacity(MESSAGE_LEN);
        m.extend_from_slice(&DOMAIN_TAG);
        m.extend_from_slice(contract.as_bytes());
        m.extend_from_slice(&nonce.to_be_bytes());
        m.extend_from_slice(to.as_bytes());
        m.extend_from_slice(&amount.to_be_bytes());
        m
    }

    /// The signature list encoding: `count ‖ count × (index ‖ length (2 B BE) ‖ signature)`.
    ///
    /// # Panics
    ///
    /// With more than 255 signatures or a signature longer than 65535 bytes (which the
    /// encoding cannot hold).
    pub fn signature_list(signatures: &[(u8, &[u8])]) -> Vec<u8> {
        let count = u8::try_from(signatures.len()).expect("at most 255 signatures");
        let mut out = vec![count];
        for (index, sig) in signatures {
            let len = u16::try_from(sig.len()).expect("a signature of at most 65535 bytes");
            out.push(*index);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(sig);
        }
        out
    }

    /// The `transfer` export's call data:
    /// `to (32 B word) ‖ amount (32 B) ‖ nonce (32 B) ‖ signature_list(signatures)`,
    /// `signatures` being `(key index in the policy, signature over transfer_message)`.
    ///
    /// # Panics
    ///
    /// Like [`signature_list`].
    pub fn transfer_calldata(
        to: &Address,
        amount: &Word,
        nonce: &Word,
        signatures: &[(u8, &[u8])],
    ) -> Vec<u8> {
        let mut cd = Vec::new();
        cd.extend_from_slice(&to.to_word());
        cd.extend_from_slice(&amount.to_be_bytes());
        cd.extend_from_slice(&nonce.to_be_bytes());
        cd.extend_from_slice(&signature_list(signatures));
        cd
    }

    /// Call data for the `main` export: the function tag, then that export's call data.
    pub fn main_calldata(tag: u8, args: &[u8]) -> Vec<u8> {
        [&[tag][..], args].concat()
    }
}
