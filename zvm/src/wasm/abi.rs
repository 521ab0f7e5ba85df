//! The `zvm` host ABI, version 1: **one table** ([`functions`]) from which the linker is
//! built (names, signatures, implementations), deploy-time import checking is done, and
//! `zvm/docs/wasm-abi.md` is generated ([`markdown`]; a test keeps the file current).

use zcrypto::metered::Op;

/// The import module every host function lives in.
pub const MODULE: &str = "zvm";

/// The ABI version.
pub const VERSION: u32 = 1;

/// A WASM value type used by the ABI (floats are not allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ty {
    /// `i32`; pointers and lengths are `i32` read as `u32`.
    I32,
    /// `i64`.
    I64,
}

impl Ty {
    /// The WAT name.
    pub const fn name(self) -> &'static str {
        match self {
            Ty::I32 => "i32",
            Ty::I64 => "i64",
        }
    }

    pub(crate) const fn val_type(self) -> wasmi::ValType {
        match self {
            Ty::I32 => wasmi::ValType::I32,
            Ty::I64 => wasmi::ValType::I64,
        }
    }
}

/// The section of the document a function is listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Call context, output, revert.
    Context,
    /// Storage.
    Storage,
    /// Events.
    Events,
    /// Calls to other contracts.
    Calls,
    /// Metered crypto.
    Crypto,
}

/// What a host function does (the engine's dispatch key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `input_len`.
    InputLen,
    /// `input`.
    Input,
    /// `caller`.
    Caller,
    /// `address`.
    Address,
    /// `value`.
    Value,
    /// `block_height`.
    BlockHeight,
    /// `block_time`.
    BlockTime,
    /// `gas_left`.
    GasLeft,
    /// `return_data`.
    ReturnData,
    /// `revert`.
    Revert,
    /// `storage_read`.
    StorageRead,
    /// `storage_write`.
    StorageWrite,
    /// `storage_remove`.
    StorageRemove,
    /// `emit_event`.
    EmitEvent,
    /// `call_contract`.
    CallContract,
    /// `returndata_len`.
    ReturndataLen,
    /// `returndata_copy`.
    ReturndataCopy,
    /// One metered crypto operation (named by [`Op::name`]).
    Crypto(Op),
}

/// One host function of the ABI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostFn {
    /// The import name (module [`MODULE`]).
    pub name: &'static str,
    /// Parameter names and types.
    pub params: &'static [(&'static str, Ty)],
    /// Result types (none or one).
    pub results: &'static [Ty],
    /// The gas charged, as documented.
    pub gas: &'static str,
    /// What it does.
    pub doc: &'static str,
    /// Its section.
    pub group: Group,
    /// Its implementation.
    pub kind: Kind,
}

impl HostFn {
    /// The signature in the document's notation: `(a: i32, b: i32) -> i32`.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|(n, t)| format!("{n}: {}", t.name()))
            .collect();
        let mut s = format!("({})", params.join(", "));
        if let Some(r) = self.results.first() {
            s.push_str(" -> ");
            s.push_str(r.name());
        }
        s
    }
}

/// Gas of a host function's own work (before the metered crypto, storage rules, ...).
pub mod gas {
    /// Context reads without memory (`input_len`, `block_height`, `gas_left`, ...).
    pub const BASE: u64 = 2;
    /// Functions that copy memory: this plus [`COPY_PER_WORD`] per 32-byte word.
    pub const COPY: u64 = 3;
    /// Per 32-byte word copied to or from guest memory.
    pub const COPY_PER_WORD: u64 = 3;
    /// `storage_read` (as the native `SLOAD`), plus the copy.
    pub const STORAGE_READ: u64 = 800;
    /// `emit_event`: this plus [`EVENT_PER_TOPIC`] per topic and [`EVENT_PER_BYTE`] per
    /// data byte (the native `LOGn`).
    pub const EVENT: u64 = 375;
    /// Per topic.
    pub const EVENT_PER_TOPIC: u64 = 375;
    /// Per data byte.
    pub const EVENT_PER_BYTE: u64 = 8;
    /// `call_contract` (the native `CALL`), plus the gas forwarded (unused gas returns).
    pub const CALL: u64 = 700;
    /// Every crypto function, before the metered schedule's gas (the native crypto
    /// opcodes' static gas).
    pub const CRYPTO: u64 = 20;
}

use Ty::{I32, I64};

macro_rules! p {
    ($($n:ident: $t:ident),* $(,)?) => { &[$((stringify!($n), $t)),*] };
}

const COPY_GAS: &str = "3 + 3 per 32-byte word";

/// The non-crypto host functions, in document order.
const BASE_FUNCTIONS: &[HostFn] = &[
    HostFn {
        name: "input_len",
        params: p!(),
        results: &[I32],
        gas: "2",
        doc: "length of the call data",
        group: Group::Context,
        kind: Kind::InputLen,
    },
    HostFn {
        name: "input",
        params: p!(dst: I32),
        results: &[],
        gas: COPY_GAS,
        doc: "copies the whole call data to `dst`",
        group: Group::Context,
        kind: Kind::Input,
    },
    HostFn {
        name: "caller",
        params: p!(dst: I32),
        results: &[],
        gas: "3",
        doc: "the 20-byte caller address",
        group: Group::Context,
        kind: Kind::Caller,
    },
    HostFn {
        name: "address",
        params: p!(dst: I32),
        results: &[],
        gas: "3",
        doc: "the 20-byte address of this contract",
        group: Group::Context,
        kind: Kind::Address,
    },
    HostFn {
        name: "value",
        params: p!(dst: I32),
        results: &[],
        gas: "3",
        doc: "the 32-byte big-endian value sent",
        group: Group::Context,
        kind: Kind::Value,
    },
    HostFn {
        name: "block_height",
        params: p!(),
        results: &[I64],
        gas: "2",
        doc: "the block height",
        group: Group::Context,
        kind: Kind::BlockHeight,
    },
    HostFn {
        name: "block_time",
        params: p!(),
        results: &[I64],
        gas: "2",
        doc: "the block time (seconds)",
        group: Group::Context,
        kind: Kind::BlockTime,
    },
    HostFn {
        name: "gas_left",
        params: p!(),
        results: &[I64],
        gas: "2",
        doc: "gas remaining (after this call's 2)",
        group: Group::Context,
        kind: Kind::GasLeft,
    },
    HostFn {
        name: "return_data",
        params: p!(ptr: I32, len: I32),
        results: &[],
        gas: COPY_GAS,
        doc: "sets the frame's output (the last call wins)",
        group: Group::Context,
        kind: Kind::ReturnData,
    },
    HostFn {
        name: "revert",
        params: p!(ptr: I32, len: I32),
        results: &[],
        gas: COPY_GAS,
        doc: "ends the frame as reverted with this output; never returns",
        group: Group::Context,
        kind: Kind::Revert,
    },
    HostFn {
        name: "storage_read",
        params: p!(key: I32, dst: I32, cap: I32),
        results: &[I32],
        gas: "800 + 3 per 32-byte word copied",
        doc: "the value's length (0 if absent); copies `min(len, cap)` bytes to `dst` (the whole `dst..dst+cap` must lie in memory)",
        group: Group::Storage,
        kind: Kind::StorageRead,
    },
    HostFn {
        name: "storage_write",
        params: p!(key: I32, ptr: I32, len: I32),
        results: &[],
        gas: "100 if unchanged; else 20000 (absent → present) or 5000 (present → other), + 200 per byte beyond 32; refund 4800 (capped at used / 5) when a present value is removed",
        doc: "sets the value (`len` 0 removes)",
        group: Group::Storage,
        kind: Kind::StorageWrite,
    },
    HostFn {
        name: "storage_remove",
        params: p!(key: I32),
        results: &[],
        gas: "as `storage_write` with `len` 0",
        doc: "removes the value",
        group: Group::Storage,
        kind: Kind::StorageRemove,
    },
    HostFn {
        name: "emit_event",
        params: p!(topics: I32, count: I32, data: I32, len: I32),
        results: &[],
        gas: "375 + 375 per topic + 8 per data byte",
        doc: "a log with `count` (0..=4) 32-byte topics at `topics` and data; `count` > 4 traps",
        group: Group::Events,
        kind: Kind::EmitEvent,
    },
    HostFn {
        name: "call_contract",
        params: p!(addr: I32, input: I32, len: I32, value: I32, gas: I64),
        results: &[I32],
        gas: "700 + the gas forwarded (the unused part returns)",
        doc: "calls the 20-byte address at `addr` with the call data and the 32-byte big-endian value at `value`, forwarding at most `gas` (negative: no cap) and at most all but 1/64 of what is left; 0 success, 1 reverted, 2 failed (out of gas, error, or refused: depth, reentrancy, balance)",
        group: Group::Calls,
        kind: Kind::CallContract,
    },
    HostFn {
        name: "returndata_len",
        params: p!(),
        results: &[I32],
        gas: "2",
        doc: "length of the last `call_contract`'s output",
        group: Group::Calls,
        kind: Kind::ReturndataLen,
    },
    HostFn {
        name: "returndata_copy",
        params: p!(dst: I32, offset: I32, len: I32),
        results: &[],
        gas: COPY_GAS,
        doc: "copies part of it (out of range traps)",
        group: Group::Calls,
        kind: Kind::ReturndataCopy,
    },
];

const HASH: &[(&str, Ty)] = p!(input: I32, input_len: I32, out: I32, out_len: I32);
const MAC: &[(&str, Ty)] =
    p!(key: I32, key_len: I32, data: I32, data_len: I32, out: I32, out_len: I32);
const EXTRACT: &[(&str, Ty)] =
    p!(salt: I32, salt_len: I32, ikm: I32, ikm_len: I32, out: I32, out_len: I32);
const EXPAND: &[(&str, Ty)] =
    p!(prk: I32, prk_len: I32, info: I32, info_len: I32, out: I32, out_len: I32);
const VERIFY: &[(&str, Ty)] = p!(
    pk: I32, pk_len: I32, msg: I32, msg_len: I32, ctx: I32, ctx_len: I32, sig: I32, sig_len: I32
);
const RECOVER: &[(&str, Ty)] = p!(
    hash: I32, hash_len: I32, sig: I32, sig_len: I32, format: I32, out: I32, out_len: I32
);
const BLS_FAST: &[(&str, Ty)] =
    p!(keys: I32, keys_len: I32, msg: I32, msg_len: I32, sig: I32, sig_len: I32);
const BLS_AGG: &[(&str, Ty)] =
    p!(keys: I32, keys_len: I32, msgs: I32, msgs_len: I32, sig: I32, sig_len: I32);
const BLS_SIGS: &[(&str, Ty)] = p!(sigs: I32, sigs_len: I32, out: I32, out_len: I32);
const MULTISIG: &[(&str, Ty)] = p!(
    policy: I32, policy_len: I32, msg: I32, msg_len: I32, ctx: I32, ctx_len: I32, sigs: I32,
    sigs_len: I32
);
const BATCH: &[(&str, Ty)] = p!(batch: I32, batch_len: I32);
const KEM: &[(&str, Ty)] = p!(
    ek: I32, ek_len: I32, rand: I32, rand_len: I32, ct: I32, ct_len: I32, ss: I32, ss_len: I32
);
const MERKLE: &[(&str, Ty)] =
    p!(leaf: I32, leaf_len: I32, proof: I32, proof_len: I32, root: I32, root_len: I32);
const SPARSE: &[(&str, Ty)] = p!(
    root: I32, root_len: I32, key: I32, key_len: I32, present: I32, value: I32, value_len: I32,
    proof: I32, proof_len: I32
);
const POSEIDON: &[(&str, Ty)] = p!(input: I32, input_len: I32, out: I32, out_len: I32);
const GROTH16: &[(&str, Ty)] =
    p!(vk: I32, vk_len: I32, proof: I32, proof_len: I32, inputs: I32, inputs_len: I32);
const BULLETPROOFS: &[(&str, Ty)] = p!(
    proof: I32, proof_len: I32, commitments: I32, commitments_len: I32, bits: I32, bits_len: I32
);
const KZG: &[(&str, Ty)] = p!(input: I32, input_len: I32);
const HALO2: &[(&str, Ty)] = p!(encoding: I32, encoding_len: I32);

/// The parameters and description of the crypto function for `op` (`None`: an operation
/// this ABI version does not know; a test checks that there is none).
pub fn crypto_signature(op: Op) -> Option<(&'static [(&'static str, Ty)], &'static str)> {
    use Op::*;
    Some(match op {
        Sha256 | Sha384 | Sha512 | Sha3_256 | Keccak256 | Blake2b512 | Blake2s256 | Blake3 => (
            HASH,
            "hash of `input`; the digest to `out` (`out_len` ≥ digest size)",
        ),
        HashInit => (
            p!(op: I32),
            "opens a streaming hash for the one-shot hash operation id `op` (e.g. `0x0100` SHA-256); returns a handle 1..=255 (at most 255 per frame, 16 open at once) or 256 + code",
        ),
        HashUpdate => (
            p!(handle: I32, input: I32, input_len: I32),
            "feeds `input` to the stream",
        ),
        HashFinish => (
            p!(handle: I32, out: I32, out_len: I32),
            "finishes the stream, writing the digest to `out`",
        ),
        HmacSha256 | HmacSha384 | HmacSha512 => (MAC, "HMAC of `data` under `key`"),
        HkdfExtractSha256 | HkdfExtractSha384 | HkdfExtractSha512 => {
            (EXTRACT, "HKDF-Extract: the PRK to `out`")
        }
        HkdfExpandSha256 | HkdfExpandSha384 | HkdfExpandSha512 => (
            EXPAND,
            "HKDF-Expand: `out_len` bytes of output keying material",
        ),
        VerifyEd25519
        | VerifyEd25519Strict
        | VerifyEcdsaSecp256k1
        | VerifyBip340
        | VerifyMlDsa44
        | VerifyMlDsa65
        | VerifyMlDsa87
        | VerifyBls12381
        | VerifyHybridEd25519MlDsa65 => (
            VERIFY,
            "signature verification (`ctx_len` 0 for schemes without a context)",
        ),
        Secp256k1Recover => (
            RECOVER,
            "key recovery from a 32-byte prehash and a 65-byte signature; `format` 0 SEC1 key (65), 1 raw x‖y (64), 2 address (20); 1 if no key recovers",
        ),
        BlsFastAggregateVerify => (
            BLS_FAST,
            "BLS FastAggregateVerify: concatenated 48-byte keys, one message",
        ),
        BlsAggregateVerify => (
            BLS_AGG,
            "BLS AggregateVerify: concatenated keys, the message-list encoding of `zcrypto::metered::bls`",
        ),
        BlsAggregateSignatures => (
            BLS_SIGS,
            "aggregates concatenated 96-byte signatures into `out`",
        ),
        MultisigVerify => (
            MULTISIG,
            "M-of-N policy verification (encodings of `zcrypto::metered::multisig`)",
        ),
        BatchVerify => (
            BATCH,
            "batch verification (encoding of `zcrypto::metered::batch`)",
        ),
        MlKem512Encapsulate | MlKem768Encapsulate | MlKem1024Encapsulate => (
            KEM,
            "ML-KEM encapsulation with 32 bytes of caller randomness: ciphertext to `ct`, shared secret to `ss`",
        ),
        MerkleInclusionSha256 | MerkleInclusionKeccak256 | MerkleInclusionBlake3 => (
            MERKLE,
            "RFC 9162 inclusion proof (leaf data, `InclusionProof` encoding, 32-byte root)",
        ),
        MerkleVerifyEthereum => (
            MERKLE,
            "OpenZeppelin `MerkleProof.verify` (32-byte leaf hash, n × 32-byte proof, 32-byte root)",
        ),
        SparseMerkleVerifySha256 | SparseMerkleVerifyKeccak256 | SparseMerkleVerifyBlake3 => (
            SPARSE,
            "sparse Merkle proof against a 32-byte root for a 32-byte key; `present` 0: a non-inclusion proof (the value range is ignored)",
        ),
        PoseidonBn254 => (
            POSEIDON,
            "Poseidon over BN254 (circom-compatible) of 1 to 12 big-endian 32-byte field elements; the 32-byte hash to `out`",
        ),
        Groth16VerifyBn254 | Groth16VerifyBls12381 => (
            GROTH16,
            "Groth16 proof verification (zcrypto's binary verifying key and proof, n × 32-byte big-endian public inputs)",
        ),
        BulletproofsVerify => (
            BULLETPROOFS,
            "Bulletproofs range proof verification (the encoded proof, m × 32-byte commitments with m = 1, 2, 4, 8 or 16, a 1-byte bit size 8/16/32/64)",
        ),
        KzgPointEvaluation => (
            KZG,
            "EIP-4844 KZG point evaluation (the 192-byte input of Ethereum's `0x0a` precompile); 0 where `0x0a` succeeds",
        ),
        Halo2Verify => (
            HALO2,
            "halo2 proof verification for a shipped circuit (zcrypto's encoding: 2-byte circuit id ‖ 32-byte public inputs ‖ proof); gas per circuit id, the base shown is the most expensive circuit's",
        ),
        _ => return None,
    })
}

/// Every host function of the ABI: the non-crypto ones, then one per
/// [`Op`] in id order.
pub fn functions() -> &'static [HostFn] {
    static ALL: std::sync::LazyLock<Vec<HostFn>> = std::sync::LazyLock::new(|| {
        let mut v = BASE_FUNCTIONS.to_vec();
        for &op in Op::ALL {
            if let Some((params, doc)) = crypto_signature(op) {
                v.push(HostFn {
                    name: op.name(),
                    params,
                    results: &[I32],
                    gas: "20 + the schedule's",
                    doc,
                    group: Group::Crypto,
                    kind: Kind::Crypto(op),
                });
            }
        }
        v
    });
    &ALL
}

/// The host function named `name`.
pub fn lookup(name: &str) -> Option<&'static HostFn> {
    functions().iter().find(|f| f.name == name)
}

/// The ABI document: the text of `zvm/docs/wasm-abi.md`.
pub fn markdown() -> String {
    use super::limits;
    let mut s = String::new();
    s.push_str(&format!("# ZVM WASM host ABI, version {VERSION}\n\n"));
    s.push_str("<!-- Generated from zvm/src/wasm/abi.rs by `zvm::wasm::abi::markdown`; a test keeps this file equal to it (`ZVM_BLESS=1 cargo test -p zvm --lib wasm_abi_document` regenerates it). -->\n\n");
    s.push_str(
        "A WASM contract imports functions from module `\"zvm\"`. Every pointer and length is an\n\
`i32` read as `u32`, a range of the contract's exported linear memory `\"memory\"`; every\n\
range is bounds-checked (through `zcrypto::metered::GuestMemory` for crypto) before any\n\
work, and a range outside memory **traps** (the frame fails, all its gas is used, no state\n\
changes).\n\n",
    );
    s.push_str(
        "Entry points: a contract exports functions of type `() -> ()` (every exported function\n\
must have that type). A transaction calls the export named by its `function`; a\n\
contract-to-contract call (from any engine) enters `main`; a deploy runs `constructor` if\n\
it is exported. An export returns normally = success, with the output set by\n\
`return_data` (empty if never called). `revert` ends the frame as reverted with its\n\
data; a trap ends it as failed (`Halt::WasmTrap`, all gas used).\n\n",
    );
    s.push_str("## Deploy-time rules\n\n");
    s.push_str(&format!(
        "* module size at most {} bytes ({} KiB);\n",
        limits::MAX_MODULE_SIZE,
        limits::MAX_MODULE_SIZE / 1024
    ));
    s.push_str("* **floats are rejected** (`f32`/`f64` types or instructions anywhere): float results may differ between machines (NaN bit patterns), so they have no place in consensus code; SIMD, threads, memory64 and multiple memories are not enabled either;\n");
    s.push_str(&format!(
        "* exactly one memory, exported as `memory`; its initial size and declared maximum at most {} pages ({} MiB); without a declared maximum `memory.grow` fails (returns −1) past that size;\n",
        limits::MAX_MEMORY_PAGES,
        limits::MAX_MEMORY_PAGES * 64 / 1024
    ));
    s.push_str(&format!(
        "* at most {} tables; initial size and declared maximum at most {} elements each;\n",
        limits::MAX_TABLES,
        limits::MAX_TABLE_ELEMENTS
    ));
    s.push_str("* active data and element segments must fit their memory and tables (the module is instantiated once at deploy);\n");
    s.push_str("* imports: only functions of module `zvm` listed below, with exactly the listed signature; no `start` function;\n");
    s.push_str(&format!(
        "* at run time: at most {} nested WASM function calls (deeper recursion traps) and {} value-stack slots; all WASM frames of a call chain together hold at most {} memory pages ({} MiB): a frame that would pass it fails to instantiate (its caller sees `call_contract` = 2) or sees `memory.grow` return −1.\n\n",
        limits::MAX_RECURSION_DEPTH,
        limits::MAX_STACK_HEIGHT,
        limits::MAX_LIVE_MEMORY_PAGES,
        limits::MAX_LIVE_MEMORY_PAGES * 64 / 1024
    ));
    s.push_str("## Gas\n\n");
    s.push_str(&format!(
        "WASM instructions are metered by wasmi fuel (1 fuel per instruction, `nop`/`drop`/\n\
block markers free, bulk memory 1 fuel per 64 bytes) and **{} fuel = 1 gas**: the frame\n\
starts with `gas_limit × {}` fuel and every host function below charges its gas from the\n\
same fuel. Gas used = limit − ⌊fuel left / {}⌋. Each call also pays instantiation up\n\
front: {} gas + {} per initial memory page + 1 per 64 bytes of module. Out of fuel is\n\
`OutOfGas` (the whole limit is used). Refunds (storage removal) are applied at the end\n\
of a successful frame, capped at used / 5, as for native contracts.\n\n",
        limits::FUEL_PER_GAS,
        limits::FUEL_PER_GAS,
        limits::FUEL_PER_GAS,
        limits::INSTANTIATE_GAS,
        limits::PAGE_GAS,
    ));
    let sections = [
        (Group::Context, "Context"),
        (
            Group::Storage,
            "Storage (32-byte keys, values of any length; empty = absent)",
        ),
        (Group::Events, "Events"),
        (
            Group::Calls,
            "Calls (to any contract: WASM, native ZVM or EVM)",
        ),
    ];
    for (group, title) in sections {
        s.push_str(&format!("## {title}\n\n"));
        s.push_str("| function | signature | gas | meaning |\n|---|---|---|---|\n");
        for f in functions().iter().filter(|f| f.group == group) {
            s.push_str(&format!(
                "| `{}` | `{}` | {} | {} |\n",
                f.name,
                f.signature(),
                f.gas,
                f.doc
            ));
        }
        s.push('\n');
    }
    s.push_str("## Crypto: one function per `zcrypto::metered::Op`, named by `Op::name()`\n\n");
    s.push_str(
        "Result (`i32`): **0** ok / valid, **1** invalid (verification only), **256 + code** an\n\
error with `code` from zcrypto's error table (so `r & 0xff` is the code; e.g. a 31-byte\n\
Ed25519 key is 256 + 1). Out of gas and ranges outside memory trap. Gas: 20, plus the\n\
metered schedule's (`base + ⌈milli_per_byte × bytes / 1000⌉ + per_item × items`, see\n\
`zcrypto::metered::schedule`), charged to the one meter.\n\n",
    );
    s.push_str(
        "| id | function | signature | base | per byte (milligas) | per item | meaning |\n|---:|---|---|---:|---:|---:|---|\n",
    );
    for f in functions().iter() {
        if let Kind::Crypto(op) = f.kind {
            let c = op.cost();
            s.push_str(&format!(
                "| 0x{:04x} | `{}` | `{}` | {} | {} | {} | {} |\n",
                op.id(),
                f.name,
                f.signature(),
                c.base,
                c.milli_per_byte,
                c.per_item,
                f.doc
            ));
        }
    }
    s.push_str(&format!("\n{} host functions.\n", functions().len()));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_op_has_a_function_and_names_are_unique() {
        for &op in Op::ALL {
            assert!(
                crypto_signature(op).is_some(),
                "{op:?} has no ABI signature"
            );
            assert_eq!(lookup(op.name()).map(|f| f.kind), Some(Kind::Crypto(op)));
        }
        let mut names: Vec<_> = functions().iter().map(|f| f.name).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
        assert!(functions().iter().all(|f| f.results.len() <= 1));
    }

    #[test]
    fn wasm_abi_document_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/wasm-abi.md");
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        if on_disk != markdown() {
            if std::env::var_os("ZVM_BLESS").is_some() {
                std::fs::write(path, markdown()).unwrap();
            } else {
                panic!(
                    "{path} is stale: run `ZVM_BLESS=1 cargo test -p zvm --lib wasm_abi_document` and commit it"
                );
            }
        }
    }
}
