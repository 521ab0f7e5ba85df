//! The demo's driver: numbered steps, transactions checked against what they must do,
//! receipts with decoded events, and the summary rows.

use super::*;

/// The events the demo's contracts emit: Solidity signature and parameter names, with
/// whether each is indexed (a topic) or in the data.
pub(super) const EVENTS: &[(&str, &[(&str, bool)])] = &[
    (
        "Transfer(address,uint256,uint256)",
        &[("to", true), ("amount", false), ("nonce", true)],
    ),
    (
        "Transfer(address,address,uint256)",
        &[("from", true), ("to", true), ("amount", false)],
    ),
    (
        "Executed(uint256,address,uint256)",
        &[("nonce", true), ("to", true), ("value", false)],
    ),
    (
        "Proposed(uint256,bytes32)",
        &[("id", true), ("description hash", false)],
    ),
    ("Passed(uint256,uint256)", &[("id", true), ("votes", false)]),
    (
        "Claimed(address,uint256)",
        &[("account", true), ("amount", false)],
    ),
];

/// `Name(param value, ...)`, or `None` for an unknown event or unexpected layout.
pub(super) fn decode_event(
    topics: &[[u8; 32]],
    data: &[u8],
    name_of: &dyn Fn(&Address) -> String,
) -> Option<String> {
    let (first, rest) = topics.split_first()?;
    let (signature, params) = EVENTS
        .iter()
        .find(|(s, _)| keccak256(s.as_bytes()) == *first)?;
    let (name, types) = signature.trim_end_matches(')').split_once('(')?;
    let (mut topic, mut word) = (rest.iter(), data.chunks(32));
    let mut fields = Vec::new();
    for ((param, indexed), ty) in params.iter().zip(types.split(',')) {
        let w: &[u8] = if *indexed {
            topic.next()?
        } else {
            word.next()?
        };
        if w.len() != 32 {
            return None;
        }
        let value = match ty {
            "address" => name_of(&Address(w[12..].try_into().ok()?)),
            "uint256" if w[..16].iter().all(|&b| b == 0) => low_u128(w).to_string(),
            _ => format!("0x{}…", &to_hex(w)[..16]),
        };
        fields.push(format!("{param} {value}"));
    }
    (topic.next().is_none() && word.next().is_none())
        .then(|| format!("{name}({})", fields.join(", ")))
}

/// A revert reason: the ASCII output, else its hex.
pub(super) fn reason(r: &Receipt) -> String {
    match std::str::from_utf8(&r.return_data) {
        Ok(s) if !s.is_empty() && s.chars().all(|c| c.is_ascii_graphic() || c == ' ') => s.into(),
        _ if r.return_data.is_empty() => String::new(),
        _ => format!("0x{}", to_hex(&r.return_data)),
    }
}

// ---------------------------------------------------------------------------------
// The run

/// What a transaction must do.
pub(super) enum Expect<'a> {
    Success,
    /// Revert with this reason and leave the state root unchanged.
    Refused(&'a str),
}

/// One transaction, for the summary table.
pub(super) struct Row {
    pub(super) step: u32,
    pub(super) engine: &'static str,
    pub(super) contract: &'static str,
    pub(super) action: String,
    pub(super) gas: u64,
    pub(super) success: bool,
}

pub(super) struct Demo {
    pub(super) rt: Runtime<RedbState>,
    pub(super) step: u32,
    pub(super) rows: Vec<Row>,
    /// Known addresses: (address, engine, name).
    pub(super) names: Vec<(Address, &'static str, &'static str)>,
}

impl Demo {
    pub(super) fn step(&mut self, title: &str) {
        self.step += 1;
        println!("\n[{}] {title}", self.step);
    }

    pub(super) fn name_of(&self, a: &Address) -> String {
        match self.names.iter().find(|(x, _, _)| x == a) {
            Some((_, _, name)) => format!("{a} ({name})"),
            None => a.to_string(),
        }
    }

    /// The engine and name of a known contract, as `[engine name]`.
    pub(super) fn label(&self, a: &Address) -> String {
        match self.names.iter().find(|(x, _, _)| x == a) {
            Some((_, engine, name)) => format!("[{engine} {name}]"),
            None => format!("[{a}]"),
        }
    }

    pub(super) fn print_receipt(&self, r: &Receipt) {
        match (&r.error, reason(r)) {
            (None, _) => println!("    receipt   success, gas used {}", r.gas_used),
            (Some(e), s) if s.is_empty() => println!("    receipt   {e}, gas used {}", r.gas_used),
            (Some(e), s) => println!("    receipt   {e}: \"{s}\", gas used {}", r.gas_used),
        }
        let name_of = |a: &Address| self.name_of(a);
        for l in &r.logs {
            let emitter = self.label(&l.address);
            match decode_event(&l.topics, &l.data, &name_of) {
                Some(event) => println!("    event     {emitter} {event}"),
                None => {
                    let topics: Vec<String> = l
                        .topics
                        .iter()
                        .map(|t| format!("0x{}", to_hex(t)))
                        .collect();
                    println!(
                        "    event     {emitter} topics [{}] data 0x{}",
                        topics.join(", "),
                        to_hex(&l.data)
                    );
                }
            }
        }
    }

    /// Runs one transaction, prints its receipt and checks that it did what the demo
    /// expects: success, or a refusal with this reason that leaves the state root as it was.
    pub(super) fn tx(
        &mut self,
        contract: Address,
        action: &str,
        expect: Expect,
        run: impl FnOnce(&mut Runtime<RedbState>) -> Receipt,
    ) -> Result<Receipt, Failure> {
        println!("    tx        {} {action}", self.label(&contract));
        let root_before = self.rt.state_root();
        let r = run(&mut self.rt);
        self.print_receipt(&r);
        let fail = |what: String| Err(Failure(format!("step {}: {action}: {what}", self.step)));
        match expect {
            Expect::Success if !r.success => {
                return fail(format!(
                    "expected success, got {} \"{}\"",
                    r.error.as_deref().unwrap_or("failure"),
                    reason(&r)
                ));
            }
            Expect::Success => {}
            Expect::Refused(_) if r.success => {
                return fail("expected a refusal, it succeeded".into());
            }
            Expect::Refused(want) if reason(&r) != want => {
                return fail(format!(
                    "expected the refusal \"{want}\", got \"{}\"",
                    reason(&r)
                ));
            }
            Expect::Refused(_) if self.rt.state_root() != root_before => {
                return fail("refused, but the state root changed".into());
            }
            Expect::Refused(_) => {
                println!("    refused, as it must be; the state root is unchanged")
            }
        }
        let (engine, name) = self
            .names
            .iter()
            .find(|(x, _, _)| *x == contract)
            .map_or(("?", "?"), |(_, e, n)| (*e, *n));
        self.rows.push(Row {
            step: self.step,
            engine,
            contract: name,
            action: action.into(),
            gas: r.gas_used,
            success: r.success,
        });
        Ok(r)
    }

    /// Calls `function` of `contract` from the relayer.
    pub(super) fn call(
        &mut self,
        contract: Address,
        function: &str,
        input: &[u8],
        action: &str,
        expect: Expect,
    ) -> Result<Receipt, Failure> {
        self.tx(contract, action, expect, |rt| {
            rt.call(RELAYER, contract, function, input, 0, GAS_LIMIT)
        })
    }

    /// Deploys `code` from the deployer (at the address `contract_address` predicts).
    pub(super) fn deploy(
        &mut self,
        engine: &'static str,
        name: &'static str,
        code: &[u8],
        args: &[u8],
    ) -> Result<(Address, Receipt), Failure> {
        let at = contract_address(&DEPLOYER, self.rt.nonce(&DEPLOYER)?);
        self.names.retain(|(x, _, _)| *x != at);
        self.names.push((at, engine, name));
        let r = self.tx(at, "deploy", Expect::Success, |rt| {
            rt.deploy(DEPLOYER, code, args, 0, GAS_LIMIT)
        })?;
        if r.contract_address != Some(at) {
            return Err(Failure(format!(
                "{name}: deployed at {:?}, not at contract_address(deployer, nonce) = {at}",
                r.contract_address
            )));
        }
        println!("    contract  {at}  {engine}, {} bytes of code", code.len());
        Ok((at, r))
    }

    /// A view's output (it must succeed).
    pub(super) fn view(
        &mut self,
        contract: Address,
        function: &str,
        input: &[u8],
    ) -> Result<Vec<u8>, Failure> {
        let r = self.rt.view(RELAYER, contract, function, input, GAS_LIMIT);
        if !r.success {
            return Err(Failure(format!(
                "view {function} of {contract}: {} \"{}\"",
                r.error.as_deref().unwrap_or("failure"),
                reason(&r)
            )));
        }
        Ok(r.return_data)
    }
}
