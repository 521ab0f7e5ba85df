//! 2. EVM: the solc ERC-20.

use super::*;

/// The solc artifact of the ERC-20 (`abi`, `bytecode`, `methodIdentifiers`, ...).
pub(super) const ZTOKEN_JSON: &str = include_str!("../../../../contracts/solidity/out/ZToken.json");

/// The solc artifact of the ERC-20.
pub(super) struct Erc20 {
    pub(super) init_code: Vec<u8>,
    pub(super) methods: serde_json::Map<String, serde_json::Value>,
}

impl Erc20 {
    pub(super) fn parse() -> Result<Erc20, Failure> {
        let bad = |what: &str| Failure(format!("ZToken.json: {what}"));
        let v: serde_json::Value =
            serde_json::from_str(ZTOKEN_JSON).map_err(|e| bad(&e.to_string()))?;
        let init_code = v["bytecode"]
            .as_str()
            .and_then(|s| hex::decode(s.trim_start_matches("0x")).ok())
            .ok_or_else(|| bad("no bytecode"))?;
        let methods = v["methodIdentifiers"]
            .as_object()
            .ok_or_else(|| bad("no methodIdentifiers"))?
            .clone();
        Ok(Erc20 { init_code, methods })
    }

    /// The selector of `signature` in hex (`Runtime::call`'s function for EVM contracts).
    pub(super) fn selector(&self, signature: &str) -> Result<&str, Failure> {
        self.methods
            .get(signature)
            .and_then(|s| s.as_str())
            .ok_or_else(|| Failure(format!("ZToken.json: no method {signature}")))
    }

    /// Call data of `signature` with static arguments: selector ‖ the ABI words.
    pub(super) fn calldata(&self, signature: &str, words: &[[u8; 32]]) -> Result<Vec<u8>, Failure> {
        let mut data =
            hex::decode(self.selector(signature)?).map_err(|e| Failure(e.to_string()))?;
        data.extend(words.concat());
        Ok(data)
    }
}

/// The EVM token, its artifact, and the WASM wallet's (future) address it funded.
pub(super) struct Token {
    pub(super) at: Address,
    pub(super) abi: Erc20,
    pub(super) wasm_wallet: Address,
}

pub(super) const ERC20_TRANSFER: &str = "transfer(address,uint256)";
pub(super) const ERC20_BALANCE_OF: &str = "balanceOf(address)";

pub(super) fn erc20(d: &mut Demo) -> Result<Token, Failure> {
    println!("\n== EVM (revm): a solc-compiled ERC-20 ==");
    d.step("deploy ZToken (zvm/contracts/solidity/out/ZToken.json, solc 0.8.37): \"ZVM Token\", ZVMT, supply 1000000");
    let abi = Erc20::parse()?;
    let args = abi_encode(&[
        Abi::Bytes(b"ZVM Token"),
        Abi::Bytes(b"ZVMT"),
        Abi::Word(u128_word(1_000_000)),
    ]);
    let (at, _) = d.deploy(EVM, "ZToken.sol", &abi.init_code, &args)?;

    // The WASM wallet is the deployer's next contract.
    let wasm_wallet = contract_address(&DEPLOYER, d.rt.nonce(&DEPLOYER)?);
    d.names.push((wasm_wallet, WASM, "multisig_wallet.wasm"));
    d.step("transfer(wasm wallet, 1000): fund the WASM wallet's address before it exists (zvm::runtime::contract_address)");
    let data = abi_encode(&[Abi::Word(wasm_wallet.to_word()), Abi::Word(u128_word(1000))]);
    let selector = abi.selector(ERC20_TRANSFER)?.to_owned();
    d.tx(at, "transfer(wasm wallet, 1000)", Expect::Success, |rt| {
        rt.call(DEPLOYER, at, &selector, &data, 0, GAS_LIMIT)
    })?;
    Ok(Token {
        at,
        abi,
        wasm_wallet,
    })
}

impl Token {
    pub(super) fn balance_of(&self, d: &mut Demo, who: &Address) -> Result<u128, Failure> {
        let out = d.view(
            self.at,
            self.abi.selector(ERC20_BALANCE_OF)?,
            &who.to_word(),
        )?;
        match out.len() {
            32 => Ok(low_u128(&out)),
            _ => Err(Failure(format!("balanceOf: 0x{}", to_hex(&out)))),
        }
    }
}
