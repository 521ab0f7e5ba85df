//! 3.–6. WASM: the Rust→wasm32 wallet executing an ERC-20 transfer (WASM → EVM), the
//! BLS-tallied DAO vote, the Merkle airdrop paid in the WASM token, and the C counter.

use super::*;

pub(super) const WASM_WALLET: &[u8] =
    include_bytes!("../../../../contracts/wasm/out/multisig_wallet.wasm");
pub(super) const WASM_DAO: &[u8] = include_bytes!("../../../../contracts/wasm/out/dao_vote.wasm");
pub(super) const WASM_TOKEN: &[u8] = include_bytes!("../../../../contracts/wasm/out/token.wasm");
pub(super) const WASM_AIRDROP: &[u8] =
    include_bytes!("../../../../contracts/wasm/out/airdrop.wasm");
pub(super) const WASM_C_COUNTER: &[u8] =
    include_bytes!("../../../../contracts/wasm/out/c_counter.wasm");

/// The domain tag of the WASM wallet's `execute` message.
pub(super) const WASM_WALLET_TAG: &[u8; 32] = b"ZVM-WASM-MULTISIG-WALLET-EXEC-V1";
/// The domain tag of the DAO's vote message.
pub(super) const DAO_TAG: &[u8; 20] = b"ZVM-WASM-DAO-VOTE-V1";

/// The WASM wallet's `execute` message: tag ‖ wallet ‖ nonce ‖ to ‖ value ‖ SHA-256(data).
pub(super) fn wasm_wallet_message(
    wallet: &Address,
    nonce: u64,
    to: &Address,
    value: u128,
    data: &[u8],
) -> Vec<u8> {
    [
        &WASM_WALLET_TAG[..],
        &wallet.0,
        &nonce.to_be_bytes(),
        &to.0,
        &value.to_be_bytes(),
        &sha256(data),
    ]
    .concat()
}

/// The WASM wallet's `execute` input: nonce ‖ to ‖ value ‖ data length ‖ data ‖ signatures.
pub(super) fn wasm_execute_input(
    nonce: u64,
    to: &Address,
    value: u128,
    data: &[u8],
    sigs: &[(u8, &[u8])],
) -> Vec<u8> {
    [
        &nonce.to_be_bytes()[..],
        &to.0,
        &value.to_be_bytes(),
        &(data.len() as u32).to_be_bytes(),
        data,
        &wallet::signature_list(sigs),
    ]
    .concat()
}

/// `abi.encode(account, amount)`: an airdrop leaf.
pub(super) fn airdrop_leaf(account: &Address, amount: u128) -> Vec<u8> {
    abi_encode(&[Abi::Word(account.to_word()), Abi::Word(u128_word(amount))])
}

pub(super) fn wasm_wallet(
    d: &mut Demo,
    signers: &[Signer],
    policy: &MultisigPolicy,
    token: &Token,
) -> Result<(), Failure> {
    println!("\n== WASM (wasmi) → EVM: the Rust multisig wallet calls the ERC-20 ==");
    d.step("deploy multisig_wallet.wasm with the same 2-of-3 policy");
    let (w, r) = d.deploy(
        WASM,
        "multisig_wallet.wasm",
        WASM_WALLET,
        &policy.to_bytes(),
    )?;
    expect_eq("the WASM wallet's address", w, token.wasm_wallet)?;
    expect_eq(
        "the constructor's policy id",
        r.return_data.as_slice(),
        &policy.id()[..],
    )?;
    println!(
        "    policy id {} (the native wallet's)",
        to_hex(&r.return_data)
    );
    expect_eq(
        "the wallet's ZToken balance",
        token.balance_of(d, &w)?,
        1000,
    )?;
    println!("    ZToken.balanceOf(wallet) = 1000 (funded in the previous step)");

    let data = token
        .abi
        .calldata(ERC20_TRANSFER, &[BEBE.to_word(), u128_word(250)])?;
    let message = wasm_wallet_message(&w, 0, &token.at, 0, &data);
    let sigs = sign_list(signers, &[0, 1], &message)?;
    let input = wasm_execute_input(0, &token.at, 0, &data, &refs(&sigs));
    d.step("execute(nonce 0): ZToken.transfer(0xbebe…, 250), signed by Ed25519 + ML-DSA-65 (WASM → EVM)");
    d.call(
        w,
        "execute",
        &input,
        "execute: ZToken.transfer(0xbebe…, 250)",
        Expect::Success,
    )?;
    let (to_bebe, left) = (token.balance_of(d, &BEBE)?, token.balance_of(d, &w)?);
    expect_eq("ZToken.balanceOf(0xbebe…)", to_bebe, 250)?;
    expect_eq("ZToken.balanceOf(wallet)", left, 750)?;
    println!("    view      ZToken.balanceOf(0xbebe…) = {to_bebe}, balanceOf(wallet) = {left}");

    d.step("replay the same execute (nonce 0 again)");
    d.call(
        w,
        "execute",
        &input,
        "execute replayed",
        Expect::Refused("wallet: bad nonce"),
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------
// 4. WASM + BLS: the DAO vote

pub(super) fn dao_vote(d: &mut Demo, seed: &str) -> Result<(), Failure> {
    println!("\n== WASM + BLS12-381: a DAO vote tallied with one aggregate signature ==");
    d.step("5 voters' BLS keys from the seed, proofs of possession checked; deploy dao_vote.wasm, quorum 3");
    let voters: Vec<bls::SigningKey> = (0u8..5)
        .map(|i| {
            bls::SigningKey::key_gen(&derive(seed, &[b"dao voter ", &[i][..]].concat(), 32), b"")
        })
        .collect::<Result<_, _>>()?;
    let mut args = 3u16.to_be_bytes().to_vec();
    for k in &voters {
        // FastAggregateVerify is sound only for keys with a checked proof of possession.
        let vk = k.verifying_key();
        vk.verify_possession(&k.prove_possession())?;
        args.extend_from_slice(vk.as_bytes());
    }
    println!("    5 proofs of possession verify");
    let (dao, _) = d.deploy(WASM, "dao_vote.wasm", WASM_DAO, &args)?;

    d.step("propose");
    let description = b"proposal 0: adopt post-quantum signatures";
    let r = d.call(dao, "propose", description, "propose", Expect::Success)?;
    let id = be_uint(&r.return_data)? as u64;
    let message = [
        &DAO_TAG[..],
        &dao.0,
        &id.to_be_bytes(),
        &sha256(description),
    ]
    .concat();
    let tally = |who: &[usize]| -> Result<Vec<u8>, Failure> {
        let sigs: Vec<bls::Signature> = who
            .iter()
            .map(|&i| voters[i].sign(&message))
            .collect::<Result<_, _>>()?;
        let bitmap = who.iter().fold(0u8, |b, &i| b | 1 << i);
        let aggregate = bls::aggregate_signatures(&sigs)?;
        Ok([&id.to_be_bytes()[..], &[bitmap], aggregate.as_bytes()].concat())
    };

    d.step("tally 2 of 5 votes (voters 0, 3): below quorum");
    d.call(
        dao,
        "tally",
        &tally(&[0, 3])?,
        "tally 2 of 5",
        Expect::Refused("dao: below quorum"),
    )?;

    d.step("tally 3 of 5 votes (voters 1, 2, 4): one 96-byte aggregate signature");
    let r = d.call(
        dao,
        "tally",
        &tally(&[1, 2, 4])?,
        "tally 3 of 5",
        Expect::Success,
    )?;
    expect_eq("the tally's votes", be_uint(&r.return_data)?, 3)?;
    let p = d.view(dao, "proposal", &id.to_be_bytes())?;
    expect_eq(
        "the proposal's votes",
        be_uint(p.get(32..).unwrap_or_default())?,
        3,
    )?;
    println!("    view      proposal({id}): passed with 3 votes");
    Ok(())
}

// ---------------------------------------------------------------------------------
// 5. WASM: the Merkle airdrop paid in the WASM token

pub(super) fn airdrop(d: &mut Demo) -> Result<(), Failure> {
    println!(
        "\n== WASM: a Merkle airdrop (OpenZeppelin StandardMerkleTree) paying a WASM token =="
    );
    d.step("deploy token.wasm (supply 1000000) and airdrop.wasm (4 leaves), fund the airdrop");
    let claims = [
        (Address([0xa1; 20]), 100u128),
        (Address([0xb0; 20]), 250),
        (Address([0xc0; 20]), 75),
        (Address([0xd0; 20]), 575),
    ];
    let leaves: Vec<Vec<u8>> = claims.iter().map(|(a, v)| airdrop_leaf(a, *v)).collect();
    let tree = StandardMerkleTree::from_encoded_leaves(&leaves)?;
    println!(
        "    tree      (address, uint256) × 4, root {}",
        to_hex(&tree.root())
    );
    let (t, _) = d.deploy(WASM, "token.wasm", WASM_TOKEN, &1_000_000u128.to_be_bytes())?;
    let (a, _) = d.deploy(
        WASM,
        "airdrop.wasm",
        WASM_AIRDROP,
        &[&tree.root()[..], &t.0].concat(),
    )?;
    let total: u128 = claims.iter().map(|c| c.1).sum();
    let fund = [&a.0[..], &total.to_be_bytes()].concat();
    d.tx(t, "transfer(airdrop, 1000)", Expect::Success, |rt| {
        rt.call(DEPLOYER, t, "transfer", &fund, 0, GAS_LIMIT)
    })?;

    let (who, amount) = claims[1];
    let claim = [&who.0[..], &amount.to_be_bytes(), &tree.proof(1)?.concat()].concat();
    d.step("claim 250 for 0xb0b0… with its Merkle proof (2 siblings), submitted by the relayer");
    d.call(a, "claim", &claim, "claim 250", Expect::Success)?;
    let balance = be_uint(&d.view(t, "balance_of", &who.0)?)?;
    expect_eq("token.balance_of(0xb0b0…)", balance, amount)?;
    println!("    view      token.balance_of(0xb0b0…) = {balance}");

    d.step("claim again");
    d.call(
        a,
        "claim",
        &claim,
        "claim again",
        Expect::Refused("airdrop: already claimed"),
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------
// 6. C → WASM: the counter

pub(super) fn c_counter(d: &mut Demo) -> Result<(), Failure> {
    println!("\n== WASM from C: the ABI is language-neutral ==");
    d.step("deploy c_counter.wasm (clang, no libc), increment twice");
    let (c, _) = d.deploy(WASM, "c_counter.wasm", WASM_C_COUNTER, &[])?;
    for i in 1..=2u128 {
        let r = d.call(c, "increment", &[], "increment", Expect::Success)?;
        expect_eq("the new count", be_uint(&r.return_data)?, i)?;
        println!("    returns   count {i}");
    }
    let count = be_uint(&d.view(c, "get", &[])?)?;
    expect_eq("the count", count, 2)?;
    println!("    view      get() = {count}");
    Ok(())
}
