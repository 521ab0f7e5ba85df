//! zcrypto's precompiles in ZVM's EVM, and the provider that installs them next to
//! revm's standard ones.
//!
//! One table ([`TABLE`]) lists them: address, operation, input layout, output. The
//! document `zvm/docs/evm-precompiles.md` is generated from it ([`markdown`]; a test
//! fails when the file is stale, `ZVM_BLESS=1` rewrites it).
//!
//! Every precompile runs through `zcrypto::metered`: the ABI-decoded arguments are
//! copied into one byte buffer used as guest memory, the spans point into it, and a
//! [`Gas`] meter gets the call's gas limit minus [`BASE_GAS`].

mod batch;
mod bls;
mod hash;
mod merkle;
mod sig;
mod zk;

use std::fmt::Write as _;
use std::sync::OnceLock;

use revm::context::Cfg;
use revm::context_interface::ContextTr;
use revm::handler::{EthPrecompiles, PrecompileProvider, precompile_output_to_interpreter_result};
use revm::interpreter::{CallInputs, InterpreterResult};
use revm::precompile::{PrecompileHalt, PrecompileOutput};
use revm::primitives::hardfork::SpecId;
use revm::primitives::{Address, AddressSet, Bytes};
use zcrypto::Error;
use zcrypto::metered::{Gas, Op, Span, Verdict};

use crate::container::{Kind, detect};

/// The first 18 bytes of every zcrypto precompile address (`…7a63` is "zc"); the last
/// two are the operation's id, big-endian.
pub const ADDRESS_PREFIX: [u8; 18] = {
    let mut p = [0u8; 18];
    p[16] = 0x7a;
    p[17] = 0x63;
    p
};

/// Gas every zcrypto precompile call costs on top of the metered operation's gas (the
/// ABI decoding and the copy into the metered buffer).
pub const BASE_GAS: u64 = 100;

/// The address of the precompile for `op`: [`ADDRESS_PREFIX`] ‖ `op.id()` (big-endian).
pub fn address(op: Op) -> [u8; 20] {
    let mut a = [0u8; 20];
    a[..18].copy_from_slice(&ADDRESS_PREFIX);
    a[18..].copy_from_slice(&op.id().to_be_bytes());
    a
}

/// What a precompile's work produced.
pub(crate) enum Out {
    /// A verification's verdict: the word 1 or 0.
    Verdict(Verdict),
    /// Output bytes at this span of the metered buffer.
    Bytes(Span),
}

/// A precompile's result: `Err` is a metered error (out of gas, or malformed input).
pub(crate) type Output = Result<Out, Error>;

/// The work of a precompile over the metered buffer: its own operation, the argument
/// spans, the output span (`out_len` bytes after the arguments) and the meter.
type Run = fn(Op, &mut [u8], &[Span], Span, &mut Gas) -> Output;

/// One zcrypto precompile.
#[derive(Clone, Copy)]
pub struct Precompile {
    /// What it does.
    pub name: &'static str,
    /// The metered operation (its id is the address's last two bytes).
    pub op: Op,
    /// The ABI-encoded input.
    pub inputs: &'static str,
    /// The output on success.
    pub output: &'static str,
    /// The number of ABI `bytes` arguments.
    arity: usize,
    /// The output buffer the operation writes into.
    out_len: u32,
    run: Run,
}

impl std::fmt::Debug for Precompile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Precompile")
            .field("name", &self.name)
            .field("op", &self.op)
            .finish()
    }
}

/// Every zcrypto precompile, in address order.
pub const TABLE: &[Precompile] = &[
    hash::BLAKE3,
    sig::ED25519,
    sig::BIP340,
    sig::ML_DSA_44,
    sig::ML_DSA_65,
    sig::ML_DSA_87,
    sig::HYBRID,
    bls::FAST_AGGREGATE_VERIFY,
    bls::AGGREGATE_VERIFY,
    batch::BATCH_VERIFY,
    merkle::INCLUSION_SHA256,
    merkle::INCLUSION_KECCAK256,
    merkle::INCLUSION_BLAKE3,
    merkle::OPENZEPPELIN,
    hash::POSEIDON,
    zk::GROTH16_BN254,
    zk::GROTH16_BLS12_381,
    zk::BULLETPROOFS,
    zk::KZG_POINT_EVALUATION,
    zk::HALO2,
];

impl Precompile {
    /// The precompile's address.
    pub fn address(&self) -> [u8; 20] {
        address(self.op)
    }

    /// The precompile at `address`, if it is one of [`TABLE`].
    pub fn at(address: &[u8; 20]) -> Option<&'static Precompile> {
        if address[..18] != ADDRESS_PREFIX {
            return None;
        }
        let id = u16::from_be_bytes([address[18], address[19]]);
        TABLE.iter().find(|p| p.op.id() == id)
    }

    /// Runs the precompile on ABI-encoded `input` with `gas_limit`: `Ok((gas used,
    /// output))`, or `Err(())` when the gas runs out (the call fails and consumes all
    /// its gas). Malformed input is a success with empty output (as `ecrecover`), charged
    /// [`BASE_GAS`] plus whatever the metered operation charged.
    #[allow(clippy::result_unit_err)]
    pub fn execute(&self, input: &[u8], gas_limit: u64) -> Result<(u64, Vec<u8>), ()> {
        let Some(limit) = gas_limit.checked_sub(BASE_GAS) else {
            return Err(());
        };
        let Some(args) = abi_decode(input, self.arity) else {
            return Ok((BASE_GAS, Vec::new()));
        };
        let total: usize = args.iter().map(|a| a.len()).sum::<usize>() + self.out_len as usize;
        if u32::try_from(total).is_err() {
            return Ok((BASE_GAS, Vec::new()));
        }
        let mut mem = Vec::with_capacity(total);
        let mut spans = Vec::with_capacity(args.len());
        for a in &args {
            spans.push(Span::new(mem.len() as u32, a.len() as u32));
            mem.extend_from_slice(a);
        }
        let out = Span::new(mem.len() as u32, self.out_len);
        mem.resize(total, 0);
        let mut gas = Gas::new(limit);
        let result = (self.run)(self.op, &mut mem, &spans, out, &mut gas);
        let used = BASE_GAS + gas.used();
        match result {
            Ok(Out::Verdict(v)) => {
                let mut w = vec![0u8; 32];
                w[31] = u8::from(v.is_valid());
                Ok((used, w))
            }
            Ok(Out::Bytes(s)) => {
                let (a, b) = (s.offset as usize, (s.offset + s.len) as usize);
                Ok((used, mem[a..b].to_vec()))
            }
            Err(Error::OutOfGas) => Err(()),
            Err(_) => Ok((used, Vec::new())),
        }
    }
}

/// Decodes `abi.encode(bytes, …, bytes)` with `n` arguments: each head word is an
/// offset to a length word followed by the bytes. `None` if anything is out of range.
pub(crate) fn abi_decode(input: &[u8], n: usize) -> Option<Vec<&[u8]>> {
    fn word(input: &[u8], at: usize) -> Option<usize> {
        let w = input.get(at..at.checked_add(32)?)?;
        if w[..24].iter().any(|&b| b != 0) {
            return None;
        }
        usize::try_from(u64::from_be_bytes(w[24..].try_into().ok()?)).ok()
    }
    (0..n)
        .map(|i| {
            let off = word(input, i * 32)?;
            let len = word(input, off)?;
            let start = off.checked_add(32)?;
            input.get(start..start.checked_add(len)?)
        })
        .collect()
}

/// The error a fast (inspector-less) run aborts with when it meets a call into non-EVM
/// code; the engine then runs the transaction again with the bridge.
pub(crate) const NEEDS_BRIDGE: &str = "zvm: cross-engine call needs the bridge";

/// Whether `code` is not EVM code (a native container or a WASM module).
pub(crate) fn is_foreign(code: &[u8]) -> bool {
    detect(code) != Kind::Evm
}

/// revm's Ethereum precompiles for the latest hard fork plus [`TABLE`]; also spots
/// calls into non-EVM code in fast runs (see the [engine docs](super)).
#[derive(Debug, Clone)]
pub(crate) struct Provider {
    eth: EthPrecompiles,
}

impl Provider {
    pub(crate) fn new() -> Provider {
        Provider {
            eth: EthPrecompiles::new(super::SPEC),
        }
    }
}

/// The warm set: revm's precompiles for [`super::SPEC`] and ours.
fn warm() -> &'static AddressSet {
    static WARM: OnceLock<AddressSet> = OnceLock::new();
    WARM.get_or_init(|| {
        let mut set = EthPrecompiles::new(super::SPEC).warm_addresses().clone();
        for p in TABLE {
            set.insert(Address::from(p.address()));
        }
        set
    })
}

impl<CTX: ContextTr<Cfg: Cfg<Spec = SpecId>>> PrecompileProvider<CTX> for Provider {
    type Output = InterpreterResult;

    fn set_spec(&mut self, spec: SpecId) -> bool {
        <EthPrecompiles as PrecompileProvider<CTX>>::set_spec(&mut self.eth, spec)
    }

    fn run(
        &mut self,
        context: &mut CTX,
        inputs: &CallInputs,
    ) -> Result<Option<InterpreterResult>, String> {
        let a = inputs.bytecode_address.into_array();
        if let Some(p) = Precompile::at(&a) {
            let out = {
                let input = inputs.input.as_bytes(context);
                p.execute(&input, inputs.gas_limit)
            };
            let output = match out {
                Ok((gas, bytes)) => {
                    PrecompileOutput::new(gas, Bytes::from(bytes), inputs.reservoir)
                }
                Err(()) => PrecompileOutput::halt(PrecompileHalt::OutOfGas, inputs.reservoir),
            };
            return Ok(Some(precompile_output_to_interpreter_result(
                output,
                inputs.gas_limit,
            )));
        }
        if let Some(r) = self.eth.run(context, inputs)? {
            return Ok(Some(r));
        }
        if is_foreign(inputs.known_bytecode.1.original_byte_slice()) {
            return Err(NEEDS_BRIDGE.to_string());
        }
        Ok(None)
    }

    fn warm_addresses(&self) -> &AddressSet {
        warm()
    }

    fn contains(&self, address: &Address) -> bool {
        warm().contains(address)
    }
}

/// The text of `zvm/docs/evm-precompiles.md`, generated from [`TABLE`].
pub fn markdown() -> String {
    let mut s = String::new();
    s.push_str(
        "# zcrypto precompiles in ZVM's EVM\n\n\
         <!-- Generated from zvm/src/evm/precompiles/mod.rs (TABLE): do not edit; \
         `ZVM_BLESS=1 cargo test -p zvm --lib precompile_document` rewrites it. -->\n\n\
         Standard precompiles (0x01–0x11, P256VERIFY at 0x100) are revm's, for the latest \
         hard fork (Osaka). zcrypto's own sit in one block, one address per \
         `zcrypto::metered::Op`:\n\n    \
         address = 0x00000000000000000000000000000000 7a63 ‖ op id (2 bytes, big-endian)\n\n\
         (`7a63` is \"zc\"), e.g. `verify_ed25519` (op `0x0300`) is \
         `0x000000000000000000000000000000007a630300`. They are warm from the start of \
         every transaction (EIP-2929), like the standard ones.\n\n\
         Input: the operation's arguments **ABI-encoded** as Solidity's `abi.encode` would, \
         in the order of the WASM host ABI (`zvm/docs/wasm-abi.md`) with every (ptr, len) \
         pair becoming one `bytes`. Output:\n\n\
         | result | output |\n|---|---|\n\
         | valid / ok (verification) | 32-byte word `1` |\n\
         | invalid (verification) | 32-byte word `0` |\n\
         | ok (hash) | the output bytes |\n\
         | malformed input (ABI decoding fails, or any zcrypto error but out of gas) | empty output, the call succeeds, gas charged as below (like `ecrecover`) |\n\
         | out of gas | the call fails, all its gas consumed |\n\n",
    );
    let _ = write!(
        s,
        "Gas: {BASE_GAS} (the ABI decoding) plus the metered schedule's gas for the \
         operation and sizes (`Op::cost()`; for malformed input, whatever the metered \
         operation charged before finding the error: nothing for a wrong length or an \
         encoding error, the full price for a key or signature that does not decode).\n\n\
         | precompile | op | address | inputs | output |\n|---|---|---|---|---|\n"
    );
    for p in TABLE {
        let _ = writeln!(
            s,
            "| {} | `{}` (`0x{:04x}`) | `0x{}` | {} | {} |",
            p.name,
            p.op.name(),
            p.op.id(),
            hex::encode(p.address()),
            p.inputs,
            p.output
        );
    }
    s.push_str(
        "\nFROST(Ed25519, SHA-512) has no address of its own: a FROST group signature is \
         an Ed25519 signature under the group key, verified by `verify_ed25519`.\n",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precompile_document_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/evm-precompiles.md");
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        if on_disk != markdown() {
            if std::env::var_os("ZVM_BLESS").is_some() {
                std::fs::write(path, markdown()).unwrap();
            } else {
                panic!(
                    "{path} is stale: run `ZVM_BLESS=1 cargo test -p zvm --lib precompile_document` and commit it"
                );
            }
        }
    }

    #[test]
    fn table_is_sorted_and_addresses_resolve() {
        for w in TABLE.windows(2) {
            assert!(w[0].op.id() < w[1].op.id());
        }
        for p in TABLE {
            assert_eq!(Precompile::at(&p.address()).map(|q| q.op), Some(p.op));
        }
        assert!(Precompile::at(&[0; 20]).is_none());
    }

    #[test]
    fn abi_decoding_rejects_bad_offsets() {
        let mut enc = vec![0u8; 96];
        enc[31] = 32;
        enc[63] = 1;
        enc[64] = 0xab;
        assert_eq!(abi_decode(&enc, 1), Some(vec![&[0xab][..]]));
        enc[63] = 100;
        assert_eq!(abi_decode(&enc, 1), None);
        assert_eq!(abi_decode(&[], 1), None);
        assert_eq!(abi_decode(&[0xff; 64], 1), None);
    }
}
