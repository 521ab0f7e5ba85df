//! 1. Native ZVM bytecode: the 2-of-3 post-quantum multisig wallet.

use super::*;

/// The crypto gas of one `MULTISIG` check: the very metered call the opcode makes.
pub(super) fn multisig_gas(
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

pub(super) struct Transfer<'a> {
    pub(super) label: &'a str,
    pub(super) signers: &'a [usize],
    pub(super) nonce: u64,
    pub(super) amount: u64,
    /// Sign this amount instead (a tampered transfer).
    pub(super) signed_amount: Option<u64>,
    /// The transaction, in the summary table.
    pub(super) action: &'a str,
    pub(super) expect: Expect<'a>,
}

pub(super) fn native_wallet(
    d: &mut Demo,
    signers: &[Signer],
    policy: &MultisigPolicy,
) -> Result<Address, Failure> {
    println!("\n== native ZVM bytecode: a 2-of-3 post-quantum multisig wallet ==");
    d.step("generate keys (Ed25519, ML-DSA-65, BLS12-381)");
    for (i, s) in signers.iter().enumerate() {
        println!(
            "    key {i}  {:<10} public key {} bytes  {}…",
            s.alg.name(),
            s.public.len(),
            &to_hex(&s.public)[..24]
        );
    }
    let policy_bytes = policy.to_bytes();
    println!(
        "    policy    2-of-3, {} bytes, id {}",
        policy_bytes.len(),
        to_hex(&policy.id())
    );

    d.step("deploy the wallet (zvm/contracts/multisig_wallet.zasm)");
    let container = wallet::assemble().encode();
    let (contract, _) = d.deploy(
        NATIVE,
        "multisig_wallet.zasm",
        &container,
        &wallet::constructor_args(policy),
    )?;

    let transfers = [
        Transfer {
            label: "transfer 1000 to 0xbebe…, signed by Ed25519 + ML-DSA-65",
            action: "transfer 1000: Ed25519 + ML-DSA-65",
            signers: &[0, 1],
            nonce: 0,
            amount: 1000,
            signed_amount: None,
            expect: Expect::Success,
        },
        Transfer {
            label: "replay the same transfer (nonce 0 again)",
            action: "transfer 1000 replayed",
            signers: &[0, 1],
            nonce: 0,
            amount: 1000,
            signed_amount: None,
            expect: Expect::Refused("wallet: bad nonce"),
        },
        Transfer {
            label: "transfer 250, one signature only (ML-DSA-65)",
            action: "transfer 250: one signature",
            signers: &[1],
            nonce: 1,
            amount: 250,
            signed_amount: None,
            expect: Expect::Refused("wallet: below threshold"),
        },
        Transfer {
            label: "transfer 9999, but the signers signed 250",
            action: "transfer 9999: signed 250",
            signers: &[1, 2],
            nonce: 1,
            amount: 9999,
            signed_amount: Some(250),
            expect: Expect::Refused("wallet: invalid signatures"),
        },
        Transfer {
            label: "transfer 250 to 0xbebe…, signed by ML-DSA-65 + BLS12-381",
            action: "transfer 250: ML-DSA-65 + BLS12-381",
            signers: &[1, 2],
            nonce: 1,
            amount: 250,
            signed_amount: None,
            expect: Expect::Success,
        },
    ];
    let mut costs: Vec<(String, u64, u64)> = Vec::new();
    for t in transfers {
        d.step(t.label);
        let nonce = Word::from(t.nonce);
        let signed = Word::from(t.signed_amount.unwrap_or(t.amount));
        let message = wallet::transfer_message(&contract, &nonce, &BEBE, &signed);
        let sigs = sign_list(signers, t.signers, &message)?;
        let calldata =
            wallet::transfer_calldata(&BEBE, &Word::from(t.amount), &nonce, &refs(&sigs));
        let r = d.call(contract, "transfer", &calldata, t.action, t.expect)?;
        if r.success {
            let list = wallet::signature_list(&refs(&sigs));
            let (crypto, verdict) = multisig_gas(&policy_bytes, &message, &list)?;
            expect_eq("the MULTISIG verdict", verdict, Verdict::Valid)?;
            println!(
                "    crypto    MULTISIG opcode (zcrypto::metered::multisig): {crypto} of {} gas ({:.0} %)",
                r.gas_used,
                100.0 * crypto as f64 / r.gas_used as f64
            );
            let names: Vec<&str> = t.signers.iter().map(|&i| signers[i].alg.name()).collect();
            costs.push((names.join(" + "), crypto, r.gas_used));
        }
    }

    d.step("the wallet's state, and what each crypto operation costs (1 gas = 20 ns)");
    let nonce = d.rt.storage_word(&contract, &wallet::SLOT_NONCE)?;
    let credited = d.rt.storage_word(&contract, &wallet::ledger_slot(&BEBE))?;
    expect_eq("the native wallet's nonce", low_u128(&nonce), 2)?;
    expect_eq("credited to 0xbebe…", low_u128(&credited), 1250)?;
    println!(
        "    wallet nonce {}, credited to 0xbebe… {}",
        low_u128(&nonce),
        low_u128(&credited)
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
        "    {:<28} {:>10} {:>10}",
        "transfer signed by", "crypto gas", "total gas"
    );
    for (who, crypto, total) in &costs {
        println!("    {who:<28} {crypto:>10} {total:>10}");
    }
    Ok(contract)
}
