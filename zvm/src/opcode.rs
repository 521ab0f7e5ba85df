//! The native instruction set: one table that the interpreter, the assembler, the
//! disassembler and the Markdown specification (`zvm/docs/bytecode.md`, checked by a
//! test to equal [`spec_markdown`]) are all read from.
//!
//! Stack effects are written top first: `a, b → c` pops `a` (the top) then `b`, and
//! pushes `c`. Gas is the static gas charged before the instruction runs; instructions
//! with a dynamic part say so in the "dynamic gas" column:
//!
//! * **memory**: touching memory past its current size grows it to the next 32-byte
//!   word and charges `3 × words + words² / 512` for the new total minus the old total
//!   (the EVM's rule); a zero-length range never grows memory. Memory is capped at
//!   [`MAX_MEMORY`] bytes (past that: the `memory limit` error halt).
//! * **copy**: 3 gas per 32-byte word copied.
//! * **metered**: the crypto operation's own gas, charged by
//!   [`zcrypto::metered`] from its calibrated schedule ([`zcrypto::metered::Op::cost`]).
//!
//! ## Crypto opcodes
//!
//! One opcode per [`zcrypto::metered`] operation family. Where a family has several
//! algorithms, the top of the stack is a **selector**: the metered operation id
//! ([`zcrypto::metered::Op::id`], e.g. `0x0100` for SHA-256). Offsets and lengths are
//! guest-memory ranges; memory is grown to cover every range first (memory gas), then
//! the metered function is called with the engine's memory and gas meter. Results:
//!
//! * verification: push 1 (valid) or 0 (invalid);
//! * output-producing operations: push the number of bytes written;
//! * `Err(OutOfGas)`: out-of-gas halt; `Err(MemoryOutOfBounds)`: error halt (cannot
//!   happen after memory growth, kept for safety);
//! * any other `Err` (malformed key or signature, wrong length, over a cap, unknown
//!   selector): **push 0 and continue**, and set the crypto error register to the
//!   zcrypto error code (read with `CRYPTOERR`; 0 after a successful crypto opcode).
//!
//! Streaming-hash handles (`HASHINIT` ...) belong to the frame: each frame starts with
//! no open streams, and its streams are dropped when it ends.
//!
//! `MERKLE` (`0xCD`) serves the whole `0x07xx` family with one stack layout,
//! `sel, leaf, leaflen, proof, prooflen, root, rootlen, key, keylen → ok`:
//!
//! * RFC 9162 inclusion (`0x0700`..`0x0702`,
//!   [`metered::merkle::verify_inclusion`](zcrypto::metered::merkle::verify_inclusion)):
//!   `leaf` is the leaf's data, `proof` an `InclusionProof` encoding, `root` 32 bytes;
//!   the key range must be empty (otherwise `InvalidLength`, no metered charge);
//! * OpenZeppelin (`0x0710`, [`verify_ethereum`](zcrypto::metered::merkle::verify_ethereum)):
//!   `leaf` is the 32-byte leaf hash, `proof` `n × 32` bytes; the key range must be empty;
//! * sparse (`0x0720`..`0x0722`, [`verify_sparse`](zcrypto::metered::merkle::verify_sparse)):
//!   `key` is the 32-byte key and `leaf` its value (any length, empty included); a
//!   proof of **absence** is asked for with the value offset `2²⁵⁶ − 1` (`PUSH0 NOT`)
//!   and length 0 (a zero-length range never touches memory).
//!
//! `POSEIDON` (`0xCE`, selector `0x0800`, [`metered::poseidon::hash`](zcrypto::metered::poseidon::hash))
//! hashes 1 to 12 big-endian 32-byte field elements (each below the BN254 modulus)
//! and writes the 32-byte big-endian hash; it pushes 32.

/// The largest memory a frame may use (16 MiB).
pub const MAX_MEMORY: u64 = 16 * 1024 * 1024;

/// The static part of an instruction's cost, and what else it charges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpSpec {
    /// The byte encoding.
    pub byte: u8,
    /// The assembler name.
    pub mnemonic: &'static str,
    /// Immediate bytes following the opcode (PUSHn: n).
    pub immediate: u8,
    /// Stack items popped.
    pub pops: u8,
    /// Stack items pushed.
    pub pushes: u8,
    /// Static gas, charged before the instruction runs.
    pub gas: u64,
    /// The dynamic part of the gas ("" if none).
    pub dynamic: &'static str,
    /// Stack effect, top first.
    pub stack: &'static str,
    /// What the instruction does.
    pub description: &'static str,
}

macro_rules! opcodes {
    ($( $name:ident = $byte:literal, $mn:literal, $pops:literal, $pushes:literal, $gas:literal, $dyn:literal, $stack:literal, $desc:literal; )*) => {
        $(
            #[doc = concat!("`", $mn, "`: ", $desc)]
            pub const $name: u8 = $byte;
        )*

        /// The instructions that are not PUSHn / DUPn / SWAPn / LOGn, in byte order.
        const FIXED: &[OpSpec] = &[ $( OpSpec {
            byte: $byte, mnemonic: $mn, immediate: 0, pops: $pops, pushes: $pushes,
            gas: $gas, dynamic: $dyn, stack: $stack, description: $desc,
        }, )* ];
    };
}

opcodes! {
    STOP = 0x00, "STOP", 0, 0, 0, "", "", "halt successfully with empty output";
    ADD = 0x01, "ADD", 2, 1, 3, "", "a, b → a + b", "wrapping addition";
    MUL = 0x02, "MUL", 2, 1, 5, "", "a, b → a × b", "wrapping multiplication";
    SUB = 0x03, "SUB", 2, 1, 3, "", "a, b → a − b", "wrapping subtraction";
    DIV = 0x04, "DIV", 2, 1, 5, "", "a, b → a / b", "unsigned division; 0 if b = 0";
    MOD = 0x06, "MOD", 2, 1, 5, "", "a, b → a mod b", "unsigned remainder; 0 if b = 0";
    EXP = 0x0A, "EXP", 2, 1, 10, "50 per byte of b", "a, b → a ** b", "wrapping exponentiation";
    LT = 0x10, "LT", 2, 1, 3, "", "a, b → a < b", "unsigned less-than (1 or 0)";
    GT = 0x11, "GT", 2, 1, 3, "", "a, b → a > b", "unsigned greater-than";
    SLT = 0x12, "SLT", 2, 1, 3, "", "a, b → a < b", "signed (two's complement) less-than";
    SGT = 0x13, "SGT", 2, 1, 3, "", "a, b → a > b", "signed greater-than";
    EQ = 0x14, "EQ", 2, 1, 3, "", "a, b → a = b", "equality";
    ISZERO = 0x15, "ISZERO", 1, 1, 3, "", "a → a = 0", "1 if a is zero, else 0";
    AND = 0x16, "AND", 2, 1, 3, "", "a, b → a & b", "bitwise and";
    OR = 0x17, "OR", 2, 1, 3, "", "a, b → a \\| b", "bitwise or";
    XOR = 0x18, "XOR", 2, 1, 3, "", "a, b → a ^ b", "bitwise exclusive or";
    NOT = 0x19, "NOT", 1, 1, 3, "", "a → ~a", "bitwise not";
    BYTE = 0x1A, "BYTE", 2, 1, 3, "", "i, x → x[i]", "byte i of x, most significant first; 0 if i ≥ 32";
    SHL = 0x1B, "SHL", 2, 1, 3, "", "s, x → x << s", "left shift; 0 if s ≥ 256";
    SHR = 0x1C, "SHR", 2, 1, 3, "", "s, x → x >> s", "logical right shift; 0 if s ≥ 256";
    SAR = 0x1D, "SAR", 2, 1, 3, "", "s, x → x >> s", "arithmetic right shift";
    ADDRESS = 0x30, "ADDRESS", 0, 1, 2, "", "→ address", "the executing contract's address";
    CALLER = 0x33, "CALLER", 0, 1, 2, "", "→ caller", "the caller's address";
    CALLVALUE = 0x34, "CALLVALUE", 0, 1, 2, "", "→ value", "the value sent with the call";
    CALLDATALOAD = 0x35, "CALLDATALOAD", 1, 1, 3, "", "i → data[i..i+32]", "32 bytes of call data at i, zero-padded";
    CALLDATASIZE = 0x36, "CALLDATASIZE", 0, 1, 2, "", "→ size", "the call data length";
    CALLDATACOPY = 0x37, "CALLDATACOPY", 3, 0, 3, "copy, memory", "dst, src, len →", "copy call data (zero-padded) to memory";
    RETURNDATASIZE = 0x3D, "RETURNDATASIZE", 0, 1, 2, "", "→ size", "the length of the last call's output";
    RETURNDATACOPY = 0x3E, "RETURNDATACOPY", 3, 0, 3, "copy, memory", "dst, src, len →", "copy the last call's output (zero-padded) to memory";
    TIME = 0x42, "TIME", 0, 1, 2, "", "→ time", "the block time (seconds)";
    HEIGHT = 0x43, "HEIGHT", 0, 1, 2, "", "→ height", "the block height";
    POP = 0x50, "POP", 1, 0, 2, "", "a →", "discard the top item";
    MLOAD = 0x51, "MLOAD", 1, 1, 3, "memory", "off → mem[off..off+32]", "load a word from memory";
    MSTORE = 0x52, "MSTORE", 2, 0, 3, "memory", "off, v →", "store a word to memory";
    MSTORE8 = 0x53, "MSTORE8", 2, 0, 3, "memory", "off, v →", "store the low byte of v to memory";
    SLOAD = 0x54, "SLOAD", 1, 1, 800, "", "k → storage[k]", "load a storage word (via the host)";
    SSTORE = 0x55, "SSTORE", 2, 0, 0, "100 if unchanged; 20000 zero → non-zero; 5000 otherwise; refund 4800 on non-zero → zero", "k, v →", "store a storage word (via the host)";
    JUMP = 0x56, "JUMP", 1, 0, 8, "", "dst →", "jump to a JUMPDEST";
    JUMPI = 0x57, "JUMPI", 2, 0, 10, "", "dst, cond →", "jump to a JUMPDEST if cond ≠ 0";
    PC = 0x58, "PC", 0, 1, 2, "", "→ pc", "the offset of this instruction";
    MSIZE = 0x59, "MSIZE", 0, 1, 2, "", "→ size", "the memory size in bytes";
    GAS = 0x5A, "GAS", 0, 1, 2, "", "→ gas", "the gas remaining after this instruction";
    JUMPDEST = 0x5B, "JUMPDEST", 0, 0, 1, "", "", "a valid jump target (and export entry point)";
    PUSH0 = 0x5F, "PUSH0", 0, 1, 2, "", "→ 0", "push zero";
    HASH = 0xC0, "HASH", 5, 1, 20, "memory, metered", "sel, in, inlen, out, outlen → n", "one-shot hash (selector 0x0100..0x0107) of memory; writes the digest";
    MAC = 0xC1, "MAC", 7, 1, 20, "memory, metered", "sel, k, klen, d, dlen, out, outlen → n", "HMAC (0x0200..0x0202; key, data), HKDF-Extract (0x0210..0x0212; salt, ikm), HKDF-Expand (0x0220..0x0222; prk, info, output length = outlen)";
    VERIFY = 0xC2, "VERIFY", 9, 1, 20, "memory, metered", "sel, pk, pklen, msg, msglen, ctx, ctxlen, sig, siglen → ok", "signature verification (selector 0x0300..0x0308)";
    ECRECOVER = 0xC3, "ECRECOVER", 5, 1, 20, "memory, metered", "fmt, hash, sig, out, outlen → ok", "secp256k1 key recovery from a 32-byte prehash and 65-byte signature; fmt 0 = SEC1 key, 1 = raw x‖y, 2 = address";
    BLSFASTAGG = 0xC4, "BLSFASTAGG", 6, 1, 20, "memory, metered", "keys, keyslen, msg, msglen, sig, siglen → ok", "BLS FastAggregateVerify (one message, concatenated 48-byte keys)";
    BLSAGGVERIFY = 0xC5, "BLSAGGVERIFY", 6, 1, 20, "memory, metered", "keys, keyslen, msgs, msgslen, sig, siglen → ok", "BLS AggregateVerify (message list encoding of zcrypto::metered::bls)";
    BLSAGGREGATE = 0xC6, "BLSAGGREGATE", 4, 1, 20, "memory, metered", "sigs, sigslen, out, outlen → n", "aggregate concatenated 96-byte BLS signatures";
    MULTISIG = 0xC7, "MULTISIG", 8, 1, 20, "memory, metered", "pol, pollen, msg, msglen, ctx, ctxlen, sigs, sigslen → ok", "M-of-N policy verification (encodings of zcrypto::metered::multisig)";
    BATCHVERIFY = 0xC8, "BATCHVERIFY", 2, 1, 20, "memory, metered", "batch, batchlen → ok", "batch signature verification (encoding of zcrypto::metered::batch)";
    KEMENCAP = 0xC9, "KEMENCAP", 9, 1, 20, "memory, metered", "sel, ek, eklen, rnd, rndlen, ct, ctlen, ss, sslen → n", "ML-KEM encapsulation (selector 0x0600..0x0602) with 32 bytes of caller randomness; pushes the ciphertext length";
    HASHINIT = 0xCA, "HASHINIT", 1, 1, 20, "metered", "sel → handle", "open a streaming hash (selector 0x0100..0x0107); handle 0 on error";
    HASHUPDATE = 0xCB, "HASHUPDATE", 3, 1, 20, "memory, metered", "handle, in, inlen → ok", "feed memory to a streaming hash; pushes 1 (0 on error)";
    HASHFINISH = 0xCC, "HASHFINISH", 3, 1, 20, "memory, metered", "handle, out, outlen → n", "finish a streaming hash, writing the digest";
    MERKLE = 0xCD, "MERKLE", 9, 1, 20, "memory, metered", "sel, leaf, leaflen, proof, prooflen, root, rootlen, key, keylen → ok", "Merkle proof verification against a 32-byte root: RFC 9162 inclusion (0x0700..0x0702; leaf data, proof encoding, key empty), OpenZeppelin (0x0710; 32-byte leaf hash, n × 32-byte proof, key empty), sparse (0x0720..0x0722; leaf = value, 32-byte key; value offset 2²⁵⁶ − 1 with length 0 proves absence)";
    POSEIDON = 0xCE, "POSEIDON", 5, 1, 20, "memory, metered", "sel, in, inlen, out, outlen → n", "Poseidon over BN254, circom-compatible (selector 0x0800) of 1 to 12 big-endian 32-byte field elements; writes the 32-byte hash";
    CRYPTOERR = 0xCF, "CRYPTOERR", 0, 1, 2, "", "→ code", "the zcrypto error code of the last crypto opcode (0 if it succeeded)";
    ZKVERIFY = 0xD0, "ZKVERIFY", 7, 1, 20, "memory, metered", "sel, vk, vklen, proof, prooflen, in, inlen → ok", "zero-knowledge proof verification: Groth16 (selector 0x0900 BN254, 0x0901 BLS12-381; zcrypto's binary key and proof, n × 32-byte big-endian public inputs), Bulletproofs range proofs (0x0910; vk = m × 32-byte commitments, in = 1-byte bit size), EIP-4844 KZG point evaluation (0x0920; proof = the 192-byte input), halo2 proofs of shipped circuits (0x0930; proof = the encoding, gas per circuit id)";
    CALL = 0xF1, "CALL", 7, 1, 700, "memory, forwarded gas", "gas, addr, value, in, inlen, out, outlen → ok", "call another contract via the host, forwarding at most all but 1/64 of the remaining gas";
    RETURN = 0xF3, "RETURN", 2, 0, 0, "memory", "off, len →", "halt successfully with memory as output";
    REVERT = 0xFD, "REVERT", 2, 0, 0, "memory", "off, len →", "halt, undo state changes, return memory as output and the unused gas";
    INVALID = 0xFE, "INVALID", 0, 0, 0, "all remaining gas", "", "the designated invalid instruction: error halt";
}

/// `PUSH1` (then `PUSH2` ... `PUSH32` = `0x7F`).
pub const PUSH1: u8 = 0x60;
/// `PUSH32`.
pub const PUSH32: u8 = 0x7F;
/// `DUP1` (then `DUP2` ... `DUP16` = `0x8F`).
pub const DUP1: u8 = 0x80;
/// `SWAP1` (then `SWAP2` ... `SWAP16` = `0x9F`).
pub const SWAP1: u8 = 0x90;
/// `LOG0` (then `LOG1` ... `LOG4` = `0xA4`).
pub const LOG0: u8 = 0xA0;

const PUSH_NAMES: [&str; 32] = [
    "PUSH1", "PUSH2", "PUSH3", "PUSH4", "PUSH5", "PUSH6", "PUSH7", "PUSH8", "PUSH9", "PUSH10",
    "PUSH11", "PUSH12", "PUSH13", "PUSH14", "PUSH15", "PUSH16", "PUSH17", "PUSH18", "PUSH19",
    "PUSH20", "PUSH21", "PUSH22", "PUSH23", "PUSH24", "PUSH25", "PUSH26", "PUSH27", "PUSH28",
    "PUSH29", "PUSH30", "PUSH31", "PUSH32",
];
const DUP_NAMES: [&str; 16] = [
    "DUP1", "DUP2", "DUP3", "DUP4", "DUP5", "DUP6", "DUP7", "DUP8", "DUP9", "DUP10", "DUP11",
    "DUP12", "DUP13", "DUP14", "DUP15", "DUP16",
];
const SWAP_NAMES: [&str; 16] = [
    "SWAP1", "SWAP2", "SWAP3", "SWAP4", "SWAP5", "SWAP6", "SWAP7", "SWAP8", "SWAP9", "SWAP10",
    "SWAP11", "SWAP12", "SWAP13", "SWAP14", "SWAP15", "SWAP16",
];
const LOG_NAMES: [&str; 5] = ["LOG0", "LOG1", "LOG2", "LOG3", "LOG4"];

/// The specification of `byte`, or `None` for an undefined opcode.
pub fn spec(byte: u8) -> Option<OpSpec> {
    let n = |base: u8| usize::from(byte - base);
    match byte {
        0x60..=0x7F => Some(OpSpec {
            byte,
            mnemonic: PUSH_NAMES[n(PUSH1)],
            immediate: byte - PUSH1 + 1,
            pops: 0,
            pushes: 1,
            gas: 3,
            dynamic: "",
            stack: "→ v",
            description: "push the next n bytes (big-endian) as a word",
        }),
        0x80..=0x8F => Some(OpSpec {
            byte,
            mnemonic: DUP_NAMES[n(DUP1)],
            immediate: 0,
            pops: byte - DUP1 + 1,
            pushes: byte - DUP1 + 2,
            gas: 3,
            dynamic: "",
            stack: "… a_n → a_n … a_n",
            description: "duplicate the n-th item (1 = top)",
        }),
        0x90..=0x9F => Some(OpSpec {
            byte,
            mnemonic: SWAP_NAMES[n(SWAP1)],
            immediate: 0,
            pops: byte - SWAP1 + 2,
            pushes: byte - SWAP1 + 2,
            gas: 3,
            dynamic: "",
            stack: "a, …, b → b, …, a",
            description: "swap the top with the (n+1)-th item",
        }),
        0xA0..=0xA4 => Some(OpSpec {
            byte,
            mnemonic: LOG_NAMES[n(LOG0)],
            immediate: 0,
            pops: byte - LOG0 + 2,
            pushes: 0,
            gas: 375 + 375 * u64::from(byte - LOG0),
            dynamic: "8 per data byte, memory",
            stack: "off, len, topic1 … topic_n →",
            description: "emit a log with n topics and memory data",
        }),
        _ => FIXED
            .binary_search_by_key(&byte, |s| s.byte)
            .ok()
            .map(|i| FIXED[i]),
    }
}

/// Every defined instruction, in byte order.
pub fn all() -> impl Iterator<Item = OpSpec> {
    (0..=255u8).filter_map(spec)
}

/// The instruction with this mnemonic (case-insensitive).
pub fn by_mnemonic(name: &str) -> Option<OpSpec> {
    all().find(|s| s.mnemonic.eq_ignore_ascii_case(name))
}

/// The number of immediate bytes after `byte` (PUSHn: n; otherwise 0).
pub const fn immediate_len(byte: u8) -> usize {
    if byte >= PUSH1 && byte <= PUSH32 {
        (byte - PUSH1 + 1) as usize
    } else {
        0
    }
}

/// JUMPDEST analysis: `result[i]` is true iff offset `i` is a `JUMPDEST` at an
/// instruction boundary (not inside PUSH data).
pub fn jumpdests(code: &[u8]) -> Vec<bool> {
    let mut out = vec![false; code.len()];
    let mut pc = 0;
    while pc < code.len() {
        let op = code[pc];
        if op == JUMPDEST {
            out[pc] = true;
        }
        pc += 1 + immediate_len(op);
    }
    out
}

/// The specification as Markdown: the text of `zvm/docs/bytecode.md`.
pub fn spec_markdown() -> String {
    let mut s = String::new();
    s.push_str("# ZVM native bytecode\n\n");
    s.push_str("<!-- Generated from zvm/src/opcode.rs by `zvm::opcode::spec_markdown`; a test keeps this file equal to it. -->\n\n");
    s.push_str(
        "Stack machine over 256-bit words; stack limit 1024; byte-addressed memory (max 16 MiB, ",
    );
    s.push_str(
        "memory gas `3 × words + words² / 512`); storage of 32-byte keys and values via the host. ",
    );
    s.push_str("Stack effects are written top first. Crypto opcodes take a metered operation id as selector ");
    s.push_str(
        "where a family has several algorithms; their gas is the `zcrypto::metered` schedule's. ",
    );
    s.push_str("Malformed crypto input pushes 0 and sets the error register (`CRYPTOERR`); out of gas halts.\n\n");
    s.push_str(
        "| byte | mnemonic | imm | pops | pushes | gas | dynamic gas | stack | description |\n",
    );
    s.push_str("|---:|---|---:|---:|---:|---:|---|---|---|\n");
    for o in all() {
        s.push_str(&format!(
            "| 0x{:02X} | `{}` | {} | {} | {} | {} | {} | {} | {} |\n",
            o.byte,
            o.mnemonic,
            o.immediate,
            o.pops,
            o.pushes,
            o.gas,
            o.dynamic,
            o.stack,
            o.description
        ));
    }
    s.push_str("\n## Merkle proofs and Poseidon\n\n");
    s.push_str("`MERKLE` selectors: `0x0700` / `0x0701` / `0x0702` RFC 9162 inclusion proof (SHA-256 / Keccak-256 / BLAKE3; leaf = leaf data, proof = `InclusionProof` encoding, key range empty); ");
    s.push_str("`0x0710` OpenZeppelin `MerkleProof.verify` (leaf = 32-byte leaf hash, proof = n × 32 bytes, key range empty); ");
    s.push_str("`0x0720` / `0x0721` / `0x0722` sparse Merkle proof (SHA-256 / Keccak-256 / BLAKE3; key = 32 bytes, leaf = the value; value offset 2²⁵⁶ − 1 with length 0 = prove absence). ");
    s.push_str("Root: 32 bytes. A proof that decodes but does not prove the claim pushes 0 with the error register 0; one that does not decode pushes 0 and sets it.\n\n");
    s.push_str("`POSEIDON` selector `0x0800`: Poseidon over BN254 (circom-compatible), input = 1 to 12 big-endian 32-byte field elements below the modulus, output = 32 bytes big-endian.\n");
    s.push_str("\n## Zero-knowledge proofs\n\n");
    s.push_str("`ZKVERIFY` selectors: `0x0900` Groth16 over BN254, `0x0901` Groth16 over BLS12-381. vk = zcrypto's binary verifying key (`zcrypto::zk::encoding`: curve tag, compressed points, n), proof = the binary proof (129 / 193 bytes), in = n × 32-byte big-endian public inputs (n ≤ 64). `0x0910` Bulletproofs range proof (`zcrypto::zk::bulletproofs`, Ristretto255): vk = m × 32-byte Pedersen commitments (m = 1, 2, 4, 8 or 16), proof = the encoded range proof (480 to 928 bytes), in = one byte, the bit size n (8, 16, 32 or 64; every committed value is in [0, 2ⁿ)). `0x0920` EIP-4844 KZG point evaluation: proof = the 192-byte input of Ethereum's `0x0a` precompile (versioned hash ‖ z ‖ y ‖ commitment ‖ proof), vk and in ranges not read; pushes 1 where `0x0a` succeeds. `0x0930` halo2 (`zcrypto::zk::halo2`, PLONK with IPA over the Pasta curves, no trusted setup): proof = zcrypto's encoding of one proof of a shipped circuit (2-byte big-endian circuit id: `0x0001`–`0x0004` range check of 8/16/32/64 bits on a Poseidon commitment, `0x0101`–`0x0104` Poseidon Merkle membership at depth 8/16/20/32; then the circuit's public inputs, 32 bytes each; then the proof), vk and in ranges not read; the gas is a constant per circuit id (`zcrypto::metered::schedule::HALO2_VERIFY`), an unknown id or a wrong length is refused before any is charged. A proof that decodes but does not verify pushes 0 with the error register 0; malformed input pushes 0 and sets it.\n");
    s.push_str(&format!("\n{} instructions defined.\n", all().count()));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(FIXED.windows(2).all(|w| w[0].byte < w[1].byte));
        let mut names: Vec<_> = all().map(|s| s.mnemonic).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
        assert!(n >= 30);
        for s in all() {
            assert_eq!(spec(s.byte), Some(s));
            assert_eq!(by_mnemonic(s.mnemonic), Some(s));
        }
        assert_eq!(spec(0xCD).map(|s| s.mnemonic), Some("MERKLE"));
        assert_eq!(spec(0xCE).map(|s| s.mnemonic), Some("POSEIDON"));
    }

    #[test]
    fn spec_document_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/bytecode.md");
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        if on_disk != spec_markdown() {
            if std::env::var_os("ZVM_BLESS").is_some() {
                std::fs::write(path, spec_markdown()).unwrap();
            } else {
                panic!(
                    "{path} is stale: run `ZVM_BLESS=1 cargo test -p zvm spec_document` and commit it"
                );
            }
        }
    }

    #[test]
    fn jumpdest_analysis_skips_push_data() {
        let code = [PUSH1, JUMPDEST, JUMPDEST, 0x61, JUMPDEST];
        assert_eq!(jumpdests(&code), vec![false, false, true, false, false]);
    }
}
