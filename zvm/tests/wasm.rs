//! The WASM engine through the runtime: the `zvm` host ABI (every host function: happy
//! path, bad pointers, out of gas), storage, events, calls across engines, hostile
//! modules, deploy-time validation, deterministic gas.

mod common;
use common::{groth16_fixtures, halo2_encoding, halo2_gas, halo2_wrong_input, kzg_input};
use zcrypto::Algorithm;
use zcrypto::metered::{self, Gas, Op, SignatureSpans, Span};
use zcrypto::sig::dynamic;
use zvm::address::Address;
use zvm::runtime::{Receipt, Runtime};
use zvm::state::{MemoryState, StateStore};
use zvm::wasm::abi;

const GAS: u64 = 10_000_000;
const ME: Address = Address([0xAA; 20]);

/// `(import "zvm" ...)` for every function of the ABI, named `$<name>`.
fn prelude() -> String {
    let mut s = String::new();
    for f in abi::functions() {
        let params: Vec<&str> = f.params.iter().map(|(_, t)| t.name()).collect();
        let results: Vec<&str> = f.results.iter().map(|t| t.name()).collect();
        s.push_str(&format!(
            "(import \"zvm\" \"{0}\" (func ${0} (param {1}) (result {2})))\n",
            f.name,
            params.join(" "),
            results.join(" ")
        ));
    }
    s
}

/// A module with every import, 2 pages of memory and `body`.
fn module(body: &str) -> Vec<u8> {
    module_pages(body, 2)
}

/// A module with every import, `pages` pages of memory and `body`.
fn module_pages(body: &str, pages: u32) -> Vec<u8> {
    let src = format!(
        "(module {} (memory (export \"memory\") {pages}) {body})",
        prelude()
    );
    wat::parse_str(&src).unwrap_or_else(|e| panic!("{e}\n{body}"))
}

fn raw(src: &str) -> Vec<u8> {
    wat::parse_str(src).unwrap()
}

struct Env {
    rt: Runtime<MemoryState>,
}

impl Env {
    fn new() -> Env {
        let mut rt = Runtime::new(MemoryState::new()).with_block_time(1_700_000_000);
        rt.mint(&ME, 1_000_000).unwrap();
        Env { rt }
    }

    fn deploy(&mut self, code: &[u8]) -> Address {
        let r = self.rt.deploy(ME, code, &[], 0, GAS);
        assert!(r.success, "deploy failed: {:?}", r.error);
        r.contract_address.unwrap()
    }

    fn refused(&mut self, code: &[u8]) -> String {
        let r = self.rt.deploy(ME, code, &[], 0, GAS);
        assert!(!r.success, "deploy should fail");
        r.error.unwrap()
    }

    fn call(&mut self, to: Address, f: &str, input: &[u8]) -> Receipt {
        self.call_gas(to, f, input, GAS)
    }

    fn call_gas(&mut self, to: Address, f: &str, input: &[u8], gas: u64) -> Receipt {
        self.rt.call(ME, to, f, input, 0, gas)
    }

    fn storage(&self, c: &Address, key: &[u8; 32]) -> Vec<u8> {
        self.rt.store().storage(c, key).unwrap()
    }
}

fn i32_out(r: &Receipt) -> i32 {
    assert!(r.success, "{:?}", r.error);
    i32::from_le_bytes(r.return_data[..4].try_into().unwrap())
}

fn assert_trap(r: &Receipt, gas: u64) {
    assert!(!r.success);
    assert_eq!(r.error.as_deref(), Some("execution error: WasmTrap"));
    assert_eq!(r.gas_used, gas);
}

fn assert_oog(r: &Receipt, gas: u64) {
    assert!(!r.success);
    assert_eq!(r.error.as_deref(), Some("out of gas"), "{r:?}");
    assert_eq!(r.gas_used, gas);
}

// ---------------------------------------------------------------- storage

const COUNTER: &str = r#"
(module
  (import "zvm" "storage_read" (func $storage_read (param i32 i32 i32) (result i32)))
  (import "zvm" "storage_write" (func $storage_write (param i32 i32 i32)))
  (import "zvm" "return_data" (func $return_data (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "main")
    (drop (call $storage_read (i32.const 0) (i32.const 32) (i32.const 8)))
    (i64.store (i32.const 32) (i64.add (i64.load (i32.const 32)) (i64.const 1)))
    (call $storage_write (i32.const 0) (i32.const 32) (i32.const 8))
    (call $return_data (i32.const 32) (i32.const 8))))
"#;

fn counter_run(n: u64) -> Vec<u64> {
    let mut env = Env::new();
    let c = env.deploy(&raw(COUNTER));
    let mut gas = Vec::new();
    for i in 1..=n {
        let r = env.call(c, "main", &[]);
        assert!(r.success, "{:?}", r.error);
        assert_eq!(r.return_data, i.to_le_bytes());
        gas.push(r.gas_used);
    }
    assert_eq!(env.storage(&c, &[0; 32]), n.to_le_bytes());
    gas
}

#[test]
fn storage_increment_counter_value_and_gas() {
    let gas = counter_run(10);
    // The first call creates the value (20000), the others update it (5000) and copy
    // one more word out of storage_read (3).
    assert_eq!(gas[0] - gas[1], 15_000 - 3);
    assert!(gas[1..].iter().all(|&g| g == gas[1]), "{gas:?}");
    assert!(gas[1] > 5_000 && gas[1] < 7_000, "{gas:?}");
    // Deterministic across runtimes.
    assert_eq!(counter_run(10), gas);
}

const KV: &str = r#"
  ;; set: input = key(32) ++ value
  (func (export "set")
    (call $input (i32.const 0))
    (call $storage_write (i32.const 0) (i32.const 32) (i32.sub (call $input_len) (i32.const 32))))
  ;; get: input = key(32) ++ cap(u32 LE); output = len(u32 LE) ++ min(len, cap) bytes
  (func (export "get")
    (local $len i32) (local $cap i32)
    (call $input (i32.const 0))
    (local.set $cap (i32.load (i32.const 32)))
    (local.set $len (call $storage_read (i32.const 0) (i32.const 4100) (local.get $cap)))
    (i32.store (i32.const 4096) (local.get $len))
    (call $return_data (i32.const 4096)
      (i32.add (i32.const 4)
        (select (local.get $len) (local.get $cap) (i32.lt_u (local.get $len) (local.get $cap))))))
  (func (export "remove")
    (call $input (i32.const 0))
    (call $storage_remove (i32.const 0)))
  (data (i32.const 60000) "nope")
  (func (export "set_then_revert")
    (call $input (i32.const 0))
    (call $storage_write (i32.const 0) (i32.const 32) (i32.sub (call $input_len) (i32.const 32)))
    (call $revert (i32.const 60000) (i32.const 4)))
"#;

fn get(env: &mut Env, c: Address, key: [u8; 32], cap: u32) -> (u32, Vec<u8>) {
    let mut input = key.to_vec();
    input.extend_from_slice(&cap.to_le_bytes());
    let r = env.call(c, "get", &input);
    assert!(r.success, "{:?}", r.error);
    (
        u32::from_le_bytes(r.return_data[..4].try_into().unwrap()),
        r.return_data[4..].to_vec(),
    )
}

#[test]
fn storage_round_trip_lengths_persistence_and_revert() {
    let mut env = Env::new();
    let c = env.deploy(&module(KV));
    for (i, len) in [1usize, 31, 32, 33, 100, 1000, 5000]
        .into_iter()
        .enumerate()
    {
        let key = [i as u8 + 1; 32];
        let value: Vec<u8> = (0..len).map(|j| (j * 7 + i) as u8).collect();
        let mut input = key.to_vec();
        input.extend_from_slice(&value);
        assert!(env.call(c, "set", &input).success);
        // Persisted (another transaction) and in the store.
        assert_eq!(get(&mut env, c, key, 8192), (len as u32, value.clone()));
        assert_eq!(env.storage(&c, &key), value);
        // A short buffer: the full length, a prefix copied.
        assert_eq!(
            get(&mut env, c, key, 3),
            (len as u32, value[..3.min(len)].to_vec())
        );
    }
    // Absent key.
    assert_eq!(get(&mut env, c, [0xEE; 32], 16), (0, vec![]));
    // Revert: output kept, no state change, gas below the limit.
    let key = [1u8; 32];
    let before = env.storage(&c, &key);
    let mut input = key.to_vec();
    input.extend_from_slice(b"changed");
    let r = env.call(c, "set_then_revert", &input);
    assert!(!r.success);
    assert_eq!(r.error.as_deref(), Some("reverted"));
    assert_eq!(r.return_data, b"nope");
    assert!(r.gas_used > 0 && r.gas_used < GAS);
    assert_eq!(env.storage(&c, &key), before);
    // Remove (with a refund) and write empty = remove.
    let r = env.call(c, "remove", &key);
    assert!(r.success);
    assert!(env.storage(&c, &key).is_empty());
    let k2 = [2u8; 32];
    assert!(env.call(c, "set", &k2).success);
    assert!(env.storage(&c, &k2).is_empty());
}

#[test]
fn storage_write_gas_rules() {
    let mut env = Env::new();
    let c = env.deploy(&module(KV));
    let set = |env: &mut Env, v: &[u8]| {
        let mut input = vec![9u8; 32];
        input.extend_from_slice(v);
        let r = env.call(c, "set", &input);
        assert!(r.success);
        r.gas_used
    };
    // Out of gas in the middle of a write: the whole limit, nothing stored.
    let mut input = vec![9u8; 32];
    input.extend_from_slice(&[1; 32]);
    let r = env.call_gas(c, "set", &input, 15_000);
    assert_oog(&r, 15_000);
    assert!(env.storage(&c, &[9; 32]).is_empty());
    let create = set(&mut env, &[1; 32]);
    let update = set(&mut env, &[2; 32]);
    let same = set(&mut env, &[2; 32]);
    assert_eq!(create - update, 15_000);
    assert_eq!(update - same, 4_900);
    // 10 bytes beyond 32: 2000 more (the copy of one more word: 3).
    let longer = set(&mut env, &[3; 42]);
    assert_eq!(longer - update, 2_000 + 3);
}

/// Storage traffic on one key within a frame: the first access goes through the
/// world (the wasmi call suspends), later ones hit the frame's slot cache. `fill`
/// first touches 32 other keys, which fills the cache, so `fill_seq` runs the same
/// sequence entirely through the world.
const SLOTS: &str = r#"
  (data (i32.const 256) "slot-cache-test-key-0123456789ab")
  (data (i32.const 600) "AAAAAAAA")
  (data (i32.const 900) "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")
  (data (i32.const 1000) "oops")
  (func $fill (local $i i32)
    (loop $l
      (i32.store8 (i32.const 0) (i32.add (local.get $i) (i32.const 100)))
      (call $storage_write (i32.const 0) (i32.const 64) (i32.const 8))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 32)))))
  (func $seq
    (drop (call $storage_read (i32.const 256) (i32.const 512) (i32.const 8)))
    (call $storage_write (i32.const 256) (i32.const 600) (i32.const 8))
    (i32.store (i32.const 696) (call $storage_read (i32.const 256) (i32.const 700) (i32.const 8)))
    (call $storage_write (i32.const 256) (i32.const 900) (i32.const 40))
    (call $storage_write (i32.const 256) (i32.const 900) (i32.const 40))
    (i32.store (i32.const 796) (call $storage_read (i32.const 256) (i32.const 800) (i32.const 64)))
    (call $return_data (i32.const 696) (i32.const 144)))
  (func (export "fill") (call $fill))
  (func (export "seq") (call $seq))
  (func (export "fill_seq") (call $fill) (call $seq))
  ;; A cached write, then revert / trap: nothing may reach the store.
  (func (export "write_revert")
    (drop (call $storage_read (i32.const 256) (i32.const 512) (i32.const 8)))
    (call $storage_write (i32.const 256) (i32.const 600) (i32.const 8))
    (call $revert (i32.const 1000) (i32.const 4)))
  (func (export "write_trap")
    (drop (call $storage_read (i32.const 256) (i32.const 512) (i32.const 8)))
    (call $storage_write (i32.const 256) (i32.const 600) (i32.const 8))
    unreachable)
"#;

#[test]
fn slot_cache_matches_the_world_path() {
    let key: [u8; 32] = *b"slot-cache-test-key-0123456789ab";
    let run = |f: &str| {
        let mut env = Env::new();
        let c = env.deploy(&module(SLOTS));
        let r = env.call(c, f, &[]);
        assert!(r.success, "{f}: {:?}", r.error);
        (r.gas_used, r.return_data, env.storage(&c, &key))
    };
    let (fill, _, _) = run("fill");
    let (seq, out, stored) = run("seq");
    let (fill_seq, out2, stored2) = run("fill_seq");
    // Reads see the frame's own writes; the last write persists.
    let b = [b'B'; 40];
    let mut want = 8u32.to_le_bytes().to_vec();
    want.extend_from_slice(b"AAAAAAAA");
    want.resize(100, 0);
    want.extend_from_slice(&40u32.to_le_bytes());
    want.extend_from_slice(&b);
    assert_eq!(out, want);
    assert_eq!(out2, want);
    assert_eq!(stored, b);
    assert_eq!(stored2, b);
    // The same gas through the cache as through the world: fill + seq costs what both
    // cost alone, less one instantiation, up to the rounding of fuel to gas.
    let setup = zvm::wasm::Engine::new()
        .compile(&module(SLOTS))
        .unwrap()
        .setup_gas();
    let diff = (fill + seq - setup).abs_diff(fill_seq);
    assert!(
        diff <= 1,
        "fill {fill} seq {seq} fill_seq {fill_seq} setup {setup}"
    );

    // Buffered writes of a failed frame never reach the store.
    let mut env = Env::new();
    let c = env.deploy(&module(SLOTS));
    let r = env.call(c, "write_revert", &[]);
    assert_eq!(r.error.as_deref(), Some("reverted"));
    assert!(env.storage(&c, &key).is_empty());
    assert_trap(&env.call(c, "write_trap", &[]), GAS);
    assert!(env.storage(&c, &key).is_empty());
}

// ---------------------------------------------------------------- context, events

#[test]
fn context_functions() {
    let mut env = Env::new();
    let c = env.deploy(&module(
        r#"(func (export "main")
            (call $caller (i32.const 0))
            (call $address (i32.const 20))
            (call $value (i32.const 40))
            (i64.store (i32.const 72) (call $block_height))
            (i64.store (i32.const 80) (call $block_time))
            (i32.store (i32.const 88) (call $input_len))
            (i64.store (i32.const 92) (call $gas_left))
            (call $input (i32.const 100))
            (call $return_data (i32.const 0) (i32.add (i32.const 100) (call $input_len))))"#,
    ));
    let height = env.rt.height() + 1;
    let r = env.rt.call(ME, c, "main", b"hello", 9, GAS);
    assert!(r.success, "{:?}", r.error);
    let o = &r.return_data;
    assert_eq!(&o[..20], &ME.0);
    assert_eq!(&o[20..40], &c.0);
    let mut v = [0u8; 32];
    v[31] = 9;
    assert_eq!(&o[40..72], &v);
    assert_eq!(u64::from_le_bytes(o[72..80].try_into().unwrap()), height);
    assert_eq!(
        u64::from_le_bytes(o[80..88].try_into().unwrap()),
        1_700_000_000
    );
    assert_eq!(u32::from_le_bytes(o[88..92].try_into().unwrap()), 5);
    let left = u64::from_le_bytes(o[92..100].try_into().unwrap());
    assert!(left > GAS - 5_000 && left < GAS, "{left}");
    assert_eq!(&o[100..], b"hello");
    assert_eq!(env.rt.balance(&c).unwrap(), 9);
    // No output: empty.
    let c2 = env.deploy(&module(r#"(func (export "main"))"#));
    let r = env.call(c2, "main", &[]);
    assert!(r.success && r.return_data.is_empty());
}

#[test]
fn events_go_into_the_receipt() {
    let mut env = Env::new();
    // input = 2 topics (64 bytes) ++ data
    let c = env.deploy(&module(
        r#"(func (export "main")
            (call $input (i32.const 0))
            (call $emit_event (i32.const 0) (i32.const 2) (i32.const 64) (i32.sub (call $input_len) (i32.const 64)))
            (call $emit_event (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))
           (func (export "five")
            (call $emit_event (i32.const 0) (i32.const 5) (i32.const 0) (i32.const 0)))
           (func (export "then_revert")
            (call $emit_event (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 0))
            (call $revert (i32.const 0) (i32.const 0)))"#,
    ));
    let mut input = vec![1u8; 32];
    input.extend_from_slice(&[2u8; 32]);
    input.extend_from_slice(b"data!");
    let r = env.call(c, "main", &input);
    assert!(r.success, "{:?}", r.error);
    assert_eq!(r.logs.len(), 2);
    assert_eq!(r.logs[0].address, c);
    assert_eq!(r.logs[0].topics, vec![[1u8; 32], [2u8; 32]]);
    assert_eq!(r.logs[0].data, b"data!");
    assert!(r.logs[1].topics.is_empty() && r.logs[1].data.is_empty());
    assert_trap(&env.call(c, "five", &[]), GAS);
    let r = env.call(c, "then_revert", &[]);
    assert!(!r.success && r.logs.is_empty());
}

// ---------------------------------------------------------------- bad pointers

#[test]
fn bad_pointers_trap_without_state_change() {
    let mut env = Env::new();
    let bad = "(i32.const 0xFFFFFFF0)";
    let cases = [
        ("input", format!("(call $input {bad})")),
        ("caller", format!("(call $caller {bad})")),
        ("address", "(call $address (i32.const 131060))".to_string()),
        ("value", format!("(call $value {bad})")),
        (
            "return_data",
            format!("(call $return_data {bad} (i32.const 32))"),
        ),
        (
            "return_data_len",
            "(call $return_data (i32.const 0) (i32.const 200000))".to_string(),
        ),
        ("revert", format!("(call $revert {bad} (i32.const 1))")),
        (
            "storage_read_key",
            format!("(drop (call $storage_read {bad} (i32.const 0) (i32.const 0)))"),
        ),
        (
            "storage_read_dst",
            "(drop (call $storage_read (i32.const 0) (i32.const 131000) (i32.const 100)))"
                .to_string(),
        ),
        (
            "storage_write_value",
            format!("(call $storage_write (i32.const 64) {bad} (i32.const 4))"),
        ),
        (
            "storage_write_key",
            format!("(call $storage_write {bad} (i32.const 0) (i32.const 4))"),
        ),
        ("storage_remove", format!("(call $storage_remove {bad})")),
        (
            "emit_event_topics",
            format!("(call $emit_event {bad} (i32.const 1) (i32.const 0) (i32.const 0))"),
        ),
        (
            "emit_event_data",
            format!("(call $emit_event (i32.const 0) (i32.const 0) {bad} (i32.const 3))"),
        ),
        (
            "call_contract_addr",
            format!(
                "(drop (call $call_contract {bad} (i32.const 0) (i32.const 0) (i32.const 0) (i64.const -1)))"
            ),
        ),
        (
            "call_contract_input",
            format!(
                "(drop (call $call_contract (i32.const 0) {bad} (i32.const 5) (i32.const 0) (i64.const -1)))"
            ),
        ),
        (
            "call_contract_value",
            format!(
                "(drop (call $call_contract (i32.const 0) (i32.const 0) (i32.const 0) {bad} (i64.const -1)))"
            ),
        ),
        (
            "returndata_copy",
            "(call $returndata_copy (i32.const 0) (i32.const 0) (i32.const 1))".to_string(),
        ),
        (
            "sha256_in",
            format!("(drop (call $sha256 {bad} (i32.const 32) (i32.const 0) (i32.const 32)))"),
        ),
        (
            "sha256_out",
            format!("(drop (call $sha256 (i32.const 0) (i32.const 3) {bad} (i32.const 32)))"),
        ),
        (
            "verify_ed25519",
            format!(
                "(drop (call $verify_ed25519 {bad} (i32.const 32) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 64)))"
            ),
        ),
        (
            "hash_update",
            format!(
                "(drop (call $hash_update (call $hash_init (i32.const 0x0100)) {bad} (i32.const 4)))"
            ),
        ),
        (
            "poseidon",
            format!(
                "(drop (call $poseidon_bn254 (i32.const 0) (i32.const 32) {bad} (i32.const 32)))"
            ),
        ),
        (
            "groth16",
            format!(
                "(drop (call $groth16_verify_bn254 (i32.const 0) (i32.const 325) {bad} (i32.const 129) (i32.const 0) (i32.const 64)))"
            ),
        ),
    ];
    let mut body = String::new();
    for (name, call) in &cases {
        // Each export first writes a value, then makes the bad call.
        body.push_str(&format!(
            "(func (export \"{name}\") (call $storage_write (i32.const 64) (i32.const 0) (i32.const 4)) {call})\n"
        ));
    }
    let c = env.deploy(&module(&body));
    let mut key = [0u8; 32];
    key[0] = 0; // memory[64..96] is zero
    for (name, _) in &cases {
        let r = env.call(c, name, &[]);
        assert_trap(&r, GAS);
        assert!(env.storage(&c, &key).is_empty(), "{name} changed state");
    }
}

// ---------------------------------------------------------------- crypto

/// `verify_ed25519`-style export for `op`: input = pk_len, msg_len, ctx_len, sig_len
/// (u32 LE each) ++ pk ++ msg ++ ctx ++ sig; output = the result (i32 LE).
fn verify_contract(name: &str) -> String {
    format!(
        r#"(func (export "{name}")
            (local $pk i32) (local $msg i32) (local $ctx i32) (local $sig i32)
            (call $input (i32.const 0))
            (local.set $pk (i32.const 16))
            (local.set $msg (i32.add (local.get $pk) (i32.load (i32.const 0))))
            (local.set $ctx (i32.add (local.get $msg) (i32.load (i32.const 4))))
            (local.set $sig (i32.add (local.get $ctx) (i32.load (i32.const 8))))
            (i32.store (i32.const 65000)
              (call ${name}
                (local.get $pk) (i32.load (i32.const 0))
                (local.get $msg) (i32.load (i32.const 4))
                (local.get $ctx) (i32.load (i32.const 8))
                (local.get $sig) (i32.load (i32.const 12))))
            (call $return_data (i32.const 65000) (i32.const 4)))"#
    )
}

fn verify_input(pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for part in [pk, msg, ctx, sig] {
        v.extend_from_slice(&(part.len() as u32).to_le_bytes());
    }
    for part in [pk, msg, ctx, sig] {
        v.extend_from_slice(part);
    }
    v
}

/// What `zcrypto::metered::verify` says directly (the expected `256 + code`).
fn direct_verify(op: Op, pk: &[u8], msg: &[u8], ctx: &[u8], sig: &[u8]) -> Result<bool, u32> {
    let input = verify_input(pk, msg, ctx, sig);
    let mut mem = input.clone();
    let at = |o: usize, l: usize| Span::new(o as u32, l as u32);
    let spans = SignatureSpans {
        public_key: at(16, pk.len()),
        message: at(16 + pk.len(), msg.len()),
        context: at(16 + pk.len() + msg.len(), ctx.len()),
        signature: at(16 + pk.len() + msg.len() + ctx.len(), sig.len()),
    };
    mem.resize(mem.len() + 1, 0);
    metered::verify::verify(&mem, &mut Gas::unlimited(), op, spans)
        .map(|v| v.is_valid())
        .map_err(|e| e.code())
}

#[test]
fn crypto_verify_ed25519_valid_invalid_malformed_out_of_gas() {
    let mut env = Env::new();
    let c = env.deploy(&module(&format!(
        "{}\n{}",
        verify_contract("verify_ed25519"),
        verify_contract("verify_ml_dsa_65")
    )));
    let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[7; 32]).unwrap();
    let msg = b"transfer 10 to bob";
    let sig = dynamic::sign(Algorithm::Ed25519, &sk, msg, b"").unwrap();
    let good = env.call(c, "verify_ed25519", &verify_input(&pk, msg, b"", &sig));
    assert_eq!(i32_out(&good), 0);
    let mut bad = sig.clone();
    bad[10] ^= 1;
    let r = env.call(c, "verify_ed25519", &verify_input(&pk, msg, b"", &bad));
    let expected = match direct_verify(Op::VerifyEd25519, &pk, msg, b"", &bad) {
        Ok(v) => i32::from(!v),
        Err(code) => 256 + code as i32,
    };
    assert_eq!(i32_out(&r), expected);
    assert!(expected == 1 || expected == 256 + zcrypto::Error::InvalidSignature.code() as i32);
    let mut flipped_msg = msg.to_vec();
    flipped_msg[0] ^= 0x80;
    let r = env.call(
        c,
        "verify_ed25519",
        &verify_input(&pk, &flipped_msg, b"", &sig),
    );
    assert_eq!(i32_out(&r), 1);
    // A 31-byte key: 256 + zcrypto's code.
    let r = env.call(
        c,
        "verify_ed25519",
        &verify_input(&pk[..31], msg, b"", &sig),
    );
    let code = direct_verify(Op::VerifyEd25519, &pk[..31], msg, b"", &sig).unwrap_err();
    assert_eq!(i32_out(&r), 256 + code as i32);
    assert_eq!(i32_out(&r) & 0xff, code as i32);
    assert_eq!(
        i32_out(&r),
        256 + 1,
        "InvalidLength, as the ABI document says"
    );
    // Out of gas inside the metered call: the whole limit, OutOfGas.
    let cost = Op::VerifyEd25519.cost().gas(msg.len() as u64, 0);
    let limit = good.gas_used - cost / 2;
    let r = env.call_gas(
        c,
        "verify_ed25519",
        &verify_input(&pk, msg, b"", &sig),
        limit,
    );
    assert_oog(&r, limit);
    // ML-DSA-65 with a context.
    let (sk, pk) = dynamic::keygen(Algorithm::MlDsa65, &[9; 32]).unwrap();
    let sig = dynamic::sign(Algorithm::MlDsa65, &sk, msg, b"zvm").unwrap();
    let r = env.call(c, "verify_ml_dsa_65", &verify_input(&pk, msg, b"zvm", &sig));
    assert_eq!(i32_out(&r), 0);
    let r = env.call(c, "verify_ml_dsa_65", &verify_input(&pk, msg, b"zvx", &sig));
    assert_eq!(i32_out(&r), 1);
}

const HASHES: &str = r#"
  ;; sha256 / keccak256 / blake3 of the input: output = result(i32) ++ digest
  (func (export "sha256")
    (call $input (i32.const 0))
    (i32.store (i32.const 70000) (call $sha256 (i32.const 0) (call $input_len) (i32.const 70004) (i32.const 32)))
    (call $return_data (i32.const 70000) (i32.const 36)))
  (func (export "keccak256")
    (call $input (i32.const 0))
    (i32.store (i32.const 70000) (call $keccak256 (i32.const 0) (call $input_len) (i32.const 70004) (i32.const 32)))
    (call $return_data (i32.const 70000) (i32.const 36)))
  (func (export "short_out")
    (call $input (i32.const 0))
    (i32.store (i32.const 70000) (call $sha256 (i32.const 0) (call $input_len) (i32.const 70004) (i32.const 31)))
    (call $return_data (i32.const 70000) (i32.const 4)))
  ;; streaming sha256 in two parts: output = handle, update, update, finish results ++ digest
  (func (export "stream")
    (local $h i32) (local $half i32)
    (call $input (i32.const 0))
    (local.set $half (i32.div_u (call $input_len) (i32.const 2)))
    (local.set $h (call $hash_init (i32.const 0x0100)))
    (i32.store (i32.const 70000) (local.get $h))
    (i32.store (i32.const 70004) (call $hash_update (local.get $h) (i32.const 0) (local.get $half)))
    (i32.store (i32.const 70008) (call $hash_update (local.get $h) (local.get $half) (i32.sub (call $input_len) (local.get $half))))
    (i32.store (i32.const 70012) (call $hash_finish (local.get $h) (i32.const 70016) (i32.const 32)))
    ;; the handle is closed now
    (i32.store (i32.const 70048) (call $hash_update (local.get $h) (i32.const 0) (i32.const 1)))
    (i32.store (i32.const 70052) (call $hash_init (i32.const 0x0999)))
    (call $return_data (i32.const 70000) (i32.const 56)))
"#;

#[test]
fn crypto_hashes_match_zcrypto() {
    let mut env = Env::new();
    let c = env.deploy(&module(HASHES));
    for input in [&b""[..], b"abc", &[0x5a; 1000]] {
        let r = env.call(c, "sha256", input);
        assert_eq!(i32_out(&r), 0);
        assert_eq!(&r.return_data[4..], &zcrypto::hash::sha256(input));
        let r = env.call(c, "keccak256", input);
        assert_eq!(i32_out(&r), 0);
        assert_eq!(&r.return_data[4..], &zcrypto::hash::keccak256(input));
        let r = env.call(c, "stream", input);
        let o = &r.return_data;
        let w = |i: usize| i32::from_le_bytes(o[i..i + 4].try_into().unwrap());
        assert_eq!(w(0), 1, "first handle");
        assert_eq!((w(4), w(8), w(12)), (0, 0, 0));
        assert_eq!(&o[16..48], &zcrypto::hash::sha256(input));
        assert_eq!(w(48), 256 + zcrypto::Error::InvalidKey.code() as i32);
        assert_eq!(
            w(52),
            256 + zcrypto::Error::UnsupportedAlgorithm.code() as i32
        );
    }
    let r = env.call(c, "short_out", b"abc");
    let code = i32_out(&r);
    assert!(code > 256, "{code}");
    assert_eq!(
        code,
        256 + zcrypto::Error::BufferTooSmall {
            needed: 32,
            got: 31
        }
        .code() as i32
    );
    // Out of gas in the middle of a big hash.
    let input = vec![7u8; 60_000];
    let ok = env.call(c, "sha256", &input);
    assert!(ok.success);
    let cost = Op::Sha256.cost().gas(60_000, 0);
    let limit = ok.gas_used - cost / 2;
    assert_oog(&env.call_gas(c, "sha256", &input, limit), limit);
}

/// Guest memory for one crypto call: 64 bytes of arguments (u32 LE each), then data.
struct Layout {
    args: Vec<u32>,
    data: Vec<u8>,
}

impl Layout {
    fn new() -> Layout {
        Layout {
            args: Vec::new(),
            data: vec![0; 64],
        }
    }

    /// Appends `bytes`; pushes (offset, length) as two arguments; returns the span.
    fn put(&mut self, bytes: &[u8]) -> Span {
        let span = Span::new(self.data.len() as u32, bytes.len() as u32);
        self.data.extend_from_slice(bytes);
        self.args.extend([span.offset, span.len]);
        span
    }

    /// Reserves `len` zero bytes for an output.
    fn out(&mut self, len: usize) -> Span {
        self.put(&vec![0; len])
    }

    fn arg(&mut self, v: u32) {
        self.args.push(v);
    }

    /// The call data: the arguments in the header, then the data.
    fn input(&self) -> Vec<u8> {
        let mut v = self.data.clone();
        for (i, a) in self.args.iter().enumerate() {
            v[i * 4..i * 4 + 4].copy_from_slice(&a.to_le_bytes());
        }
        v
    }

    /// The memory the contract sees (60,000 bytes).
    fn memory(&self) -> Vec<u8> {
        let mut m = self.input();
        m.resize(60_000, 0);
        m
    }
}

/// An export per crypto function: loads its arguments from the header and returns
/// memory[0..60000] ++ the result (i32 LE).
fn crypto_exports() -> String {
    let mut body = String::new();
    for f in abi::functions() {
        if let abi::Kind::Crypto(_) = f.kind {
            let args: String = (0..f.params.len())
                .map(|i| format!("(i32.load (i32.const {})) ", i * 4))
                .collect();
            body.push_str(&format!(
                "(func (export \"{0}\") (call $input (i32.const 0)) \
                 (i32.store (i32.const 60000) (call ${0} {args})) \
                 (call $return_data (i32.const 0) (i32.const 60004)))\n",
                f.name
            ));
        }
    }
    body
}

fn code_of<T>(r: Result<T, zcrypto::Error>, ok: impl FnOnce(T) -> i32) -> i32 {
    match r {
        Ok(v) => ok(v),
        Err(e) => 256 + e.code() as i32,
    }
}

#[test]
fn crypto_arguments_match_direct_metered_calls() {
    use zcrypto::hash::HashAlg;
    use zcrypto::kdf::HkdfAlg;
    use zcrypto::mac::HmacAlg;
    use zcrypto::metered::{RecoverOutput, Verdict};
    let verdict = |v: Verdict| i32::from(!v.is_valid());
    let mut env = Env::new();
    let c = env.deploy(&module(&crypto_exports()));
    let mut check = |name: &str, l: &Layout, direct: &dyn Fn(&mut Vec<u8>) -> i32| {
        let r = env.call(c, name, &l.input());
        assert!(r.success, "{name}: {:?}", r.error);
        let code = i32::from_le_bytes(r.return_data[60_000..].try_into().unwrap());
        let mut mem = l.memory();
        let want = direct(&mut mem);
        assert_eq!(code, want, "{name}: result");
        assert!(r.return_data[..60_000] == mem[..], "{name}: memory");
        code
    };

    let mut l = Layout::new();
    let (key, data, out) = (l.put(b"key"), l.put(b"the data"), l.out(32));
    let c0 = check("hmac_sha256", &l, &|m| {
        code_of(
            metered::mac::hmac(m, &mut Gas::unlimited(), HmacAlg::Sha256, key, data, out),
            |_| 0,
        )
    });
    assert_eq!(c0, 0);

    let mut l = Layout::new();
    let (salt, ikm, out) = (l.put(b"salt"), l.put(&[7; 40]), l.out(48));
    check("hkdf_extract_sha384", &l, &|m| {
        code_of(
            metered::mac::hkdf_extract(m, &mut Gas::unlimited(), HkdfAlg::Sha384, salt, ikm, out),
            |_| 0,
        )
    });
    let mut l = Layout::new();
    let (prk, info, out) = (l.put(&[3; 64]), l.put(b"info"), l.out(100));
    check("hkdf_expand_sha512", &l, &|m| {
        code_of(
            metered::mac::hkdf_expand(m, &mut Gas::unlimited(), HkdfAlg::Sha512, prk, info, out),
            |_| 0,
        )
    });

    let mut l = Layout::new();
    let (input, out) = (l.put(b"blake3 input"), l.out(32));
    check("blake3", &l, &|m| {
        code_of(
            metered::hash::hash(m, &mut Gas::unlimited(), HashAlg::Blake3, input, out),
            |_| 0,
        )
    });

    // ECDSA/secp256k1 with a real signature, then key recovery (address output).
    let (sk, pk) = dynamic::keygen(Algorithm::EcdsaSecp256k1, &[5; 32]).unwrap();
    let msg = b"pay carol";
    let sig = dynamic::sign(Algorithm::EcdsaSecp256k1, &sk, msg, b"").unwrap();
    let mut l = Layout::new();
    let spans = SignatureSpans {
        public_key: l.put(&pk),
        message: l.put(msg),
        context: l.put(b""),
        signature: l.put(&sig),
    };
    assert_eq!(
        check("verify_ecdsa_secp256k1", &l, &|m| {
            code_of(
                metered::verify::verify(
                    &m[..],
                    &mut Gas::unlimited(),
                    Op::VerifyEcdsaSecp256k1,
                    spans,
                ),
                verdict,
            )
        }),
        0
    );
    let mut l = Layout::new();
    let (hash, sig65) = (l.put(&[9; 32]), l.put(&[1; 65]));
    l.arg(RecoverOutput::Address as u32);
    let out = l.out(20);
    check("secp256k1_recover", &l, &|m| {
        code_of(
            metered::recover::recover(
                m,
                &mut Gas::unlimited(),
                hash,
                sig65,
                RecoverOutput::Address,
                out,
            ),
            verdict,
        )
    });

    // Poseidon of two small field elements.
    let mut l = Layout::new();
    let mut inputs = [0u8; 64];
    inputs[31] = 1;
    inputs[63] = 2;
    let (input, out) = (l.put(&inputs), l.out(32));
    assert_eq!(
        check("poseidon_bn254", &l, &|m| {
            code_of(
                metered::poseidon::hash(m, &mut Gas::unlimited(), input, out),
                |_| 0,
            )
        }),
        0
    );

    // Sparse Merkle: present = 0 (no value) and 1.
    for present in [0u32, 1] {
        let mut l = Layout::new();
        let root = l.put(&[1; 32]);
        let key = l.put(&[2; 32]);
        l.arg(present);
        let value = l.put(b"v");
        let proof = l.put(&[0; 8]);
        check("sparse_merkle_verify_sha256", &l, &|m| {
            let v = (present != 0).then_some(value);
            code_of(
                metered::merkle::verify_sparse(
                    &m[..],
                    &mut Gas::unlimited(),
                    Op::SparseMerkleVerifySha256,
                    root,
                    key,
                    v,
                    proof,
                ),
                verdict,
            )
        });
    }
    let mut l = Layout::new();
    let (leaf, proof, root) = (l.put(&[4; 32]), l.put(&[5; 64]), l.put(&[6; 32]));
    check("merkle_verify_ethereum", &l, &|m| {
        code_of(
            metered::merkle::verify_ethereum(&m[..], &mut Gas::unlimited(), leaf, proof, root),
            verdict,
        )
    });
}

/// A Groth16 export for the host function `name`: input = vk_len, proof_len, in_len
/// (u32 LE each) ++ vk ++ proof ++ inputs; output = the result (i32 LE).
fn groth16_contract(name: &str) -> String {
    format!(
        r#"(func (export "{name}")
            (local $vk i32) (local $proof i32) (local $in i32)
            (call $input (i32.const 0))
            (local.set $vk (i32.const 12))
            (local.set $proof (i32.add (local.get $vk) (i32.load (i32.const 0))))
            (local.set $in (i32.add (local.get $proof) (i32.load (i32.const 4))))
            (i32.store (i32.const 65000)
              (call ${name}
                (local.get $vk) (i32.load (i32.const 0))
                (local.get $proof) (i32.load (i32.const 4))
                (local.get $in) (i32.load (i32.const 8))))
            (call $return_data (i32.const 65000) (i32.const 4)))"#
    )
}

fn groth16_input(vk: &[u8], proof: &[u8], inputs: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for part in [vk, proof, inputs] {
        v.extend_from_slice(&(part.len() as u32).to_le_bytes());
    }
    for part in [vk, proof, inputs] {
        v.extend_from_slice(part);
    }
    v
}

/// What `zcrypto::metered::zk::verify_groth16` says directly, as the host function's
/// `i32` (0 valid, 1 invalid, 256 + code).
fn groth16_direct(op: Op, vk: &[u8], proof: &[u8], inputs: &[u8]) -> i32 {
    let mem = [vk, proof, inputs].concat();
    let (a, b) = (vk.len() as u32, proof.len() as u32);
    code_of(
        metered::zk::verify_groth16(
            &mem[..],
            &mut Gas::unlimited(),
            op,
            Span::new(0, a),
            Span::new(a, b),
            Span::new(a + b, inputs.len() as u32),
        ),
        |v| i32::from(!v.is_valid()),
    )
}

#[test]
fn crypto_groth16_valid_invalid_malformed_out_of_gas() {
    use zcrypto::Error;
    let mut env = Env::new();
    let c = env.deploy(&module(&format!(
        "{}\n{}",
        groth16_contract("groth16_verify_bn254"),
        groth16_contract("groth16_verify_bls12_381")
    )));
    for (op, vk, proof, inputs) in groth16_fixtures() {
        let f = op.name();
        let full = op.cost().gas(0, 2);
        let mut call = |vk: &[u8], proof: &[u8], inputs: &[u8]| {
            let r = env.call(c, f, &groth16_input(vk, proof, inputs));
            (i32_out(&r), r.gas_used)
        };
        let (v, good) = call(&vk, &proof, &inputs);
        assert_eq!(v, 0, "{f}: the snarkjs proof verifies");
        // Same sizes, a free error (the proof's curve tag): the difference is exactly
        // the schedule's price for n = 2.
        let g1 = (proof.len() - 1) / 4;
        let tag = 3 - vk[0];
        let mut other = proof.clone();
        other[0] = tag;
        let enc = 256 + Error::InvalidEncoding.code() as i32;
        let (v, free) = call(&vk, &other, &inputs);
        assert_eq!(v, enc, "{f}: proof tag");
        assert_eq!(good - free, full, "{f}: metered gas");
        let mut other = vk.clone();
        other[0] = tag;
        assert_eq!(call(&other, &proof, &inputs), (enc, free), "{f}: key tag");
        let mut three = vk.clone();
        three[1 + 7 * g1] = 3;
        assert_eq!(call(&three, &proof, &inputs), (enc, free), "{f}: key n");
        // Another statement: invalid (1), full price.
        let mut wrong = inputs.clone();
        wrong[31] ^= 1;
        assert_eq!(call(&vk, &proof, &wrong), (1, good), "{f}: wrong input");
        // A proof point that does not decode, an input ≥ the field modulus: 256 + code at
        // full price.
        let mut ones = proof.clone();
        ones[1..1 + g1].fill(0xff);
        let want = groth16_direct(op, &vk, &ones, &inputs);
        assert!(want > 256, "{f}: {want}");
        assert_eq!(call(&vk, &ones, &inputs), (want, good), "{f}: ones");
        let mut big = inputs.clone();
        big[32..].fill(0xff);
        let want = groth16_direct(op, &vk, &proof, &big);
        assert!(want > 256, "{f}: {want}");
        assert_eq!(call(&vk, &proof, &big), (want, good), "{f}: input ≥ r");
        // A flipped proof byte: what zcrypto says (invalid or malformed), full price.
        for i in [2, proof.len() - 2] {
            let mut bad = proof.clone();
            bad[i] ^= 1;
            let want = groth16_direct(op, &vk, &bad, &inputs);
            assert_ne!(want, 0, "{f}: flipped byte {i} verifies");
            assert_eq!(call(&vk, &bad, &inputs), (want, good), "{f}: byte {i}");
        }
        // Wrong lengths: free (the gas differs from `free` only by the input's size).
        let (v, _) = call(&vk[..vk.len() - 1], &proof, &inputs);
        assert_eq!(
            v,
            256 + Error::InvalidLength {
                expected: 0,
                got: 0
            }
            .code() as i32
        );
        let (v, _) = call(&vk, &proof[..proof.len() - 1], &inputs);
        assert_eq!(
            v,
            256 + Error::InvalidLength {
                expected: 0,
                got: 0
            }
            .code() as i32
        );
        let (v, g) = call(&vk, &proof, &inputs[..32]);
        assert_eq!(
            v,
            256 + Error::InvalidLength {
                expected: 0,
                got: 0
            }
            .code() as i32
        );
        assert!(g < free, "{f}: a wrong n is free");
        // Out of gas inside the metered call: the whole limit.
        let limit = good - full / 2;
        let r = env.call_gas(c, f, &groth16_input(&vk, &proof, &inputs), limit);
        assert_oog(&r, limit);
    }
}

/// A `bits`-bit Bulletproofs range proof for `m` values, made with fixed entropy:
/// (proof, m × 32-byte commitments).
fn bulletproofs_fixture(bits: u8, m: usize) -> (Vec<u8>, Vec<u8>) {
    use zcrypto::zk::bulletproofs::{BitSize, Blinding, RangeProof};
    let size = BitSize::from_bits(usize::from(bits)).unwrap();
    let values: Vec<u64> = (0..m as u64).map(|i| 100 + i).collect();
    let blindings: Vec<Blinding> = (0..m)
        .map(|i| Blinding::from_bytes([i as u8 + 1; 32]).unwrap())
        .collect();
    let (proof, commitments) =
        RangeProof::prove_with_entropy(size, &values, &blindings, &[9; 32]).unwrap();
    let c: Vec<u8> = commitments.iter().flat_map(|c| c.to_bytes()).collect();
    (proof.to_bytes(), c)
}

/// What `zcrypto::metered::zk::verify_bulletproofs` says directly, as the host
/// function's `i32`.
fn bulletproofs_direct(proof: &[u8], commitments: &[u8], bits: &[u8]) -> i32 {
    let mem = [proof, commitments, bits].concat();
    let (a, b) = (proof.len() as u32, commitments.len() as u32);
    code_of(
        metered::zk::verify_bulletproofs(
            &mem[..],
            &mut Gas::unlimited(),
            Span::new(0, a),
            Span::new(a, b),
            Span::new(a + b, bits.len() as u32),
        ),
        |v| i32::from(!v.is_valid()),
    )
}

#[test]
fn crypto_bulletproofs_valid_invalid_malformed_out_of_gas() {
    use zcrypto::Error;
    let mut env = Env::new();
    // The three-range export of the Groth16 tests: proof, commitments, bit size.
    let c = env.deploy(&module(&groth16_contract("bulletproofs_verify")));
    let f = "bulletproofs_verify";
    let enc = |e: Error| 256 + e.code() as i32;
    for (bits, m) in [(64u8, 1usize), (16, 2)] {
        let (proof, cs) = bulletproofs_fixture(bits, m);
        let full = Op::BulletproofsVerify.cost().gas(0, m as u64);
        let mut call = |proof: &[u8], cs: &[u8], bits: &[u8]| {
            let r = env.call(c, f, &groth16_input(proof, cs, bits));
            (i32_out(&r), r.gas_used)
        };
        let (v, good) = call(&proof, &cs, &[bits]);
        assert_eq!(v, 0, "{bits} × {m} verifies");
        // Same sizes, a free error (an unsupported bit size): the difference is exactly
        // the schedule's price for m.
        let (v, free) = call(&proof, &cs, &[7]);
        assert_eq!(v, enc(Error::UnsupportedAlgorithm));
        assert_eq!(good - free, full, "{bits} × {m}: metered gas");
        // A 32-bit claim for a proof of another size: free (the proof's length).
        let other = if bits == 32 { 64 } else { 32 };
        let (v, g) = call(&proof, &cs, &[other]);
        assert_eq!(v, bulletproofs_direct(&proof, &cs, &[other]));
        assert_eq!(
            v,
            enc(Error::InvalidLength {
                expected: 0,
                got: 0
            })
        );
        assert_eq!(g, free);
        // A different, well-formed commitment: invalid (1), full price.
        let mut wrong = cs.clone();
        wrong[..32].copy_from_slice(&cs[cs.len() - 32..]);
        wrong[..32].copy_from_slice(
            &zcrypto::zk::bulletproofs::Commitment::new(
                7,
                &zcrypto::zk::bulletproofs::Blinding::from_bytes([3; 32]).unwrap(),
            )
            .to_bytes(),
        );
        assert_eq!(call(&proof, &wrong, &[bits]), (1, good));
        // A commitment that does not decode: 256 + code, full price.
        let mut ones = cs.clone();
        ones[..32].fill(0xff);
        assert_eq!(
            call(&proof, &ones, &[bits]),
            (enc(Error::InvalidEncoding), good)
        );
        // A flipped proof byte: what zcrypto says, full price.
        for i in [3, proof.len() - 2] {
            let mut bad = proof.clone();
            bad[i] ^= 1;
            let want = bulletproofs_direct(&bad, &cs, &[bits]);
            assert_ne!(want, 0, "flipped byte {i} verifies");
            assert_eq!(call(&bad, &cs, &[bits]), (want, good), "byte {i}");
        }
        // Wrong counts and lengths: free.
        let (v, g) = call(&proof, &cs[..31], &[bits]);
        assert_eq!(
            v,
            enc(Error::InvalidLength {
                expected: 0,
                got: 0
            })
        );
        assert!(g <= free, "a short commitment is free");
        let (v, _) = call(&proof, &cs.repeat(17), &[bits]);
        assert_eq!(v, enc(Error::LimitExceeded));
        // Out of gas inside the metered call: the whole limit.
        let limit = good - full / 2;
        let r = env.call_gas(c, f, &groth16_input(&proof, &cs, &[bits]), limit);
        assert_oog(&r, limit);
    }
}

#[test]
fn crypto_kzg_point_evaluation_valid_invalid_malformed_out_of_gas() {
    use zcrypto::Error;
    let mut env = Env::new();
    let c = env.deploy(&module(
        r#"(func (export "kzg")
            (call $input (i32.const 0))
            (i32.store (i32.const 65000)
              (call $kzg_point_evaluation (i32.const 0) (call $input_len)))
            (call $return_data (i32.const 65000) (i32.const 4)))"#,
    ));
    let full = Op::KzgPointEvaluation.cost().gas(0, 0);
    let enc = |e: Error| 256 + e.code() as i32;
    let mut call = |input: &[u8]| {
        let r = env.call(c, "kzg", input);
        (i32_out(&r), r.gas_used)
    };
    let input = kzg_input("pointEvaluation1");
    let (v, good) = call(&input);
    assert_eq!(v, 0, "the geth vector verifies");
    // A claimed value y that is not the blob's, a wrong versioned hash, another setup's
    // proof: invalid (1) at full price.
    let mut y = input.clone();
    y[95] ^= 1;
    assert_eq!(call(&y), (1, good));
    let mut h = input.clone();
    h[5] ^= 1;
    assert_eq!(call(&h), (1, good));
    assert_eq!(call(&kzg_input("pointEvaluation1-pre-ceremony")), (1, good));
    // z not below the modulus: malformed at full price.
    let mut z = input.clone();
    z[32..64].fill(0xff);
    assert_eq!(call(&z), (enc(Error::InvalidEncoding), good));
    // A wrong length: free (one byte shorter input: a little less than `good - full`).
    let (v, g) = call(&input[..191]);
    assert_eq!(
        v,
        enc(Error::InvalidLength {
            expected: 0,
            got: 0
        })
    );
    assert!(g < good - full + 10, "{g} {good} {full}");
    // Out of gas inside the metered call.
    let limit = good - full / 2;
    let r = env.call_gas(c, "kzg", &input, limit);
    assert_oog(&r, limit);
}

#[test]
fn crypto_halo2_valid_invalid_malformed_out_of_gas() {
    use zcrypto::Error;
    let mut env = Env::new();
    let c = env.deploy(&module(
        r#"(func (export "halo2")
            (call $input (i32.const 0))
            (i32.store (i32.const 65000)
              (call $halo2_verify (i32.const 0) (call $input_len)))
            (call $return_data (i32.const 65000) (i32.const 4)))"#,
    ));
    let e = halo2_encoding();
    let full = halo2_gas(e);
    let enc = |e: Error| 256 + e.code() as i32;
    let mut call = |input: &[u8]| {
        let r = env.call(c, "halo2", input);
        (i32_out(&r), r.gas_used)
    };
    let (v, good) = call(e);
    assert_eq!(v, 0, "the range proof verifies");
    // An unknown circuit id, same length: free, so the difference is exactly the
    // circuit's price.
    let mut unknown = e.to_vec();
    unknown[..2].copy_from_slice(&0x0005u16.to_be_bytes());
    let (v, free) = call(&unknown);
    assert_eq!(v, enc(Error::UnsupportedAlgorithm));
    assert_eq!(good - free, full, "metered gas");
    // Another well-formed public input, a flipped proof bit: invalid (1), full price.
    assert_eq!(call(&halo2_wrong_input()), (1, good));
    let mut bad = e.to_vec();
    bad[1000] ^= 1;
    assert_eq!(call(&bad), (1, good));
    // A public input that is not a field element: malformed at full price.
    let mut big = e.to_vec();
    big[2..34].fill(0xff);
    assert_eq!(call(&big), (enc(Error::InvalidEncoding), good));
    // Wrong lengths: free (a little less or more than `free` for the input's size).
    let invalid_length = enc(Error::InvalidLength {
        expected: 0,
        got: 0,
    });
    let (v, g) = call(&e[..e.len() - 1]);
    assert_eq!(v, invalid_length);
    assert!(g <= free, "{g} {free}");
    let (v, g) = call(&[e, &[0]].concat());
    assert_eq!(v, invalid_length);
    assert!(g < free + 10, "{g} {free}");
    assert_eq!(call(&e[..1]).0, invalid_length);
    // Out of gas inside the metered call.
    let limit = good - full / 2;
    let r = env.call_gas(c, "halo2", e, limit);
    assert_oog(&r, limit);
}

#[test]
fn every_crypto_function_links_and_rejects_garbage_without_panicking() {
    // Every crypto function called with empty / zero ranges: a result (0, 1 or
    // 256 + code), never a panic; the frame still succeeds.
    let mut env = Env::new();
    let mut body = String::new();
    for f in abi::functions() {
        if let abi::Kind::Crypto(_) = f.kind {
            let args: String = f.params.iter().map(|_| "(i32.const 0) ").collect();
            body.push_str(&format!(
                "(func (export \"{0}\") (i32.store (i32.const 0) (call ${0} {args})) (call $return_data (i32.const 0) (i32.const 4)))\n",
                f.name
            ));
        }
    }
    let c = env.deploy(&module(&body));
    for f in abi::functions() {
        if let abi::Kind::Crypto(op) = f.kind {
            let r = env.call(c, f.name, &[]);
            let v = i32_out(&r);
            assert!(v == 0 || v == 1 || v > 256, "{op:?} → {v}");
        }
    }
}

// ---------------------------------------------------------------- hostile modules

#[test]
fn infinite_loop_runs_out_of_gas() {
    let mut env = Env::new();
    let c = env.deploy(&module(r#"(func (export "main") (loop $l (br $l)))"#));
    let r = env.call_gas(c, "main", &[], 2_000_000);
    assert_oog(&r, 2_000_000);
}

#[test]
fn memory_bomb() {
    let mut env = Env::new();
    // memory.grow past the limit fails (-1); within it, succeeds.
    let c = env.deploy(&module(
        r#"(func (export "main")
            (i32.store (i32.const 0) (memory.grow (i32.const 300)))
            (i32.store (i32.const 4) (memory.grow (i32.const 10)))
            (i32.store (i32.const 8) (memory.grow (i32.const 254)))
            (call $return_data (i32.const 0) (i32.const 12)))"#,
    ));
    let r = env.call(c, "main", &[]);
    assert!(r.success, "{:?}", r.error);
    let w = |i: usize| i32::from_le_bytes(r.return_data[i..i + 4].try_into().unwrap());
    assert_eq!((w(0), w(4), w(8)), (-1, 2, -1));
    // A declared maximum or an initial size over the limit is refused at deploy.
    let e = env.refused(&raw(
        r#"(module (memory (export "memory") 1 1000) (func (export "main")))"#,
    ));
    assert!(
        e.contains("memory limit") && e.contains("1000") && e.contains("256"),
        "{e}"
    );
    let e = env.refused(&raw(
        r#"(module (memory (export "memory") 300) (func (export "main")))"#,
    ));
    assert!(e.contains("memory limit") && e.contains("300"), "{e}");
    let e = env.refused(&raw(
        r#"(module (memory (export "memory") 1) (table 5000 funcref) (func (export "main")))"#,
    ));
    assert!(e.contains("table limit") && e.contains("5000"), "{e}");
}

#[test]
fn nested_calls_share_one_memory_budget() {
    // Each contract has 16 MiB of memory and calls the next one of its input (a list of
    // addresses); output = its call's result byte ++ the callee's output.
    let mut env = Env::new();
    let body = r#"(func (export "main")
        (local $n i32)
        (local.set $n (call $input_len))
        (if (i32.eqz (local.get $n)) (then (return)))
        (call $input (i32.const 0))
        (i32.store8 (i32.const 1000)
          (call $call_contract (i32.const 0) (i32.const 20) (i32.sub (local.get $n) (i32.const 20))
                               (i32.const 60000) (i64.const -1)))
        (call $returndata_copy (i32.const 1001) (i32.const 0) (call $returndata_len))
        (call $return_data (i32.const 1000) (i32.add (i32.const 1) (call $returndata_len))))"#;
    let code = module_pages(body, 256);
    let chain: Vec<Address> = (0..10).map(|_| env.deploy(&code)).collect();
    let input: Vec<u8> = chain[1..].iter().flat_map(|a| a.0).collect();
    // 2048 live pages = 8 frames of 256: the 9th cannot instantiate (its caller sees 2).
    let expected = [0, 0, 0, 0, 0, 0, 0, 2];
    for _ in 0..2 {
        let r = env.call_gas(chain[0], "main", &input, 100_000_000);
        assert!(r.success, "{:?}", r.error);
        assert_eq!(
            r.return_data, expected,
            "the budget is released after each call"
        );
    }
    // A shorter chain fits.
    let r = env.call_gas(chain[0], "main", &input[..20 * 3], 100_000_000);
    assert_eq!(r.return_data, [0, 0, 0]);
}

#[test]
fn deep_recursion_traps() {
    let mut env = Env::new();
    let c = env.deploy(&module(
        r#"(func $f (param i32) (call $f (i32.add (local.get 0) (i32.const 1))))
           (func (export "main") (call $f (i32.const 0)))"#,
    ));
    assert_trap(&env.call(c, "main", &[]), GAS);
}

#[test]
fn unreachable_and_division_by_zero_trap() {
    let mut env = Env::new();
    let c = env.deploy(&module(
        r#"(func (export "a") unreachable)
           (func (export "b") (drop (i32.div_u (i32.const 1) (i32.sub (i32.const 1) (i32.const 1)))))
           (func (export "c") (drop (i32.load (i32.const 200000))))"#,
    ));
    for f in ["a", "b", "c"] {
        assert_trap(&env.call(c, f, &[]), GAS);
    }
}

#[test]
fn deploy_validation() {
    let mut env = Env::new();
    // Huge module.
    let big = format!(
        r#"(module (memory (export "memory") 16) (data (i32.const 0) "{}") (func (export "main")))"#,
        "a".repeat(600 * 1024)
    );
    let e = env.refused(&raw(&big));
    assert!(
        e.contains("module size limit") && e.contains("524288"),
        "{e}"
    );
    // Floats.
    let e = env.refused(&raw(
        r#"(module (memory (export "memory") 1) (func (export "main") (drop (f32.add (f32.const 1) (f32.const 2)))))"#,
    ));
    assert!(e.contains("floats are not allowed"), "{e}");
    let e = env.refused(&raw(
        r#"(module (memory (export "memory") 1) (global f64 (f64.const 1)) (func (export "main")))"#,
    ));
    assert!(e.contains("float"), "{e}");
    // Imports.
    let e = env.refused(&raw(
        r#"(module (import "zvm" "nope" (func)) (memory (export "memory") 1) (func (export "main")))"#,
    ));
    assert!(e.contains("`zvm.nope` is not in the zvm ABI"), "{e}");
    let e = env.refused(&raw(
        r#"(module (import "env" "abort" (func)) (memory (export "memory") 1) (func (export "main")))"#,
    ));
    assert!(e.contains("`env.abort` is not in the zvm ABI"), "{e}");
    let e = env.refused(&raw(
        r#"(module (import "zvm" "sha256" (func (param i32))) (memory (export "memory") 1) (func (export "main")))"#,
    ));
    assert!(e.contains("`zvm.sha256` has type (i32) -> ()"), "{e}");
    let e = env.refused(&raw(
        r#"(module (import "zvm" "memory" (memory 1)) (export "memory" (memory 0)) (func (export "main")))"#,
    ));
    assert!(e.contains("`zvm.memory`"), "{e}");
    // Exports.
    let e = env.refused(&raw(r#"(module (func (export "main")))"#));
    assert!(e.contains("missing memory export"), "{e}");
    let e = env.refused(&raw(
        r#"(module (memory (export "memory") 1) (func (export "main") (param i32)))"#,
    ));
    assert!(e.contains("export `main` has type (i32) -> ()"), "{e}");
    // Start function.
    let e = env.refused(&raw(
        r#"(module (memory (export "memory") 1) (func $s) (start $s) (func (export "main")))"#,
    ));
    assert!(e.contains("start function"), "{e}");
    // A data segment past the end of memory.
    let e = env.refused(&raw(
        r#"(module (memory (export "memory") 1) (data (i32.const 65535) "ab") (func (export "main")))"#,
    ));
    assert!(e.contains("instantiation fails"), "{e}");
    // Garbage.
    let e = env.refused(b"\0asm\x01\0\0\0\xff\xff");
    assert!(e.contains("invalid WASM module"), "{e}");
    // Unknown export at call time.
    let c = env.deploy(&module(r#"(func (export "main"))"#));
    let r = env.call(c, "nope", &[]);
    assert!(!r.success && r.error.unwrap().contains("no export named `nope`"));
}

#[test]
fn constructor_runs_at_deploy() {
    let mut env = Env::new();
    let code = module(
        r#"(func (export "constructor")
            (call $input (i32.const 32))
            (call $storage_write (i32.const 0) (i32.const 32) (call $input_len)))
           (func (export "main"))"#,
    );
    let r = env.rt.deploy(ME, &code, b"init", 0, GAS);
    assert!(r.success, "{:?}", r.error);
    let c = r.contract_address.unwrap();
    assert_eq!(env.storage(&c, &[0; 32]), b"init");
}

// ---------------------------------------------------------------- calls across engines

/// WASM caller: input = callee address (20) ++ value (32) ++ call data. Output = code
/// (i32 LE) ++ the callee's output.
const CALLER: &str = r#"
  (func (export "main")
    (local $code i32)
    (call $input (i32.const 0))
    (local.set $code
      (call $call_contract (i32.const 0) (i32.const 52) (i32.sub (call $input_len) (i32.const 52))
                           (i32.const 20) (i64.const -1)))
    (i32.store (i32.const 1000) (local.get $code))
    (call $returndata_copy (i32.const 1004) (i32.const 0) (call $returndata_len))
    (call $return_data (i32.const 1000) (i32.add (i32.const 4) (call $returndata_len))))
  (func (export "limited")
    (call $input (i32.const 0))
    (i32.store (i32.const 1000)
      (call $call_contract (i32.const 0) (i32.const 52) (i32.const 0) (i32.const 20) (i64.const 100)))
    (call $return_data (i32.const 1000) (i32.const 4)))
"#;

fn call_input(to: &Address, value: u128, data: &[u8]) -> Vec<u8> {
    let mut v = to.0.to_vec();
    let mut w = [0u8; 32];
    w[16..].copy_from_slice(&value.to_be_bytes());
    v.extend_from_slice(&w);
    v.extend_from_slice(data);
    v
}

#[test]
fn wasm_calls_native_with_value_and_return_data() {
    let mut env = Env::new();
    let counter = zvm::asm::assemble(include_str!("../contracts/counter.zasm")).unwrap();
    let native = env.deploy(&counter.encode());
    let w = env.deploy(&module(CALLER));
    env.rt.mint(&w, 100).unwrap();
    let r = env.call(w, "main", &call_input(&native, 5, &[]));
    assert!(r.success, "{:?}", r.error);
    assert_eq!(&r.return_data[..4], &0i32.to_le_bytes());
    let mut one = [0u8; 32];
    one[31] = 1;
    assert_eq!(&r.return_data[4..], &one);
    assert_eq!(env.rt.storage_word(&native, &[0; 32]).unwrap(), one);
    assert_eq!(env.rt.balance(&native).unwrap(), 5);
    assert_eq!(env.rt.balance(&w).unwrap(), 95);
    // The counter's LOG1 comes back in the caller's receipt.
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].address, native);
    // Too little gas forwarded: the callee fails (2), the caller goes on.
    let r = env.call(w, "limited", &call_input(&native, 0, &[]));
    assert_eq!(i32_out(&r), 2);
    // More value than the caller has: refused (2), nothing moves.
    let r = env.call(w, "main", &call_input(&native, 1_000, &[]));
    assert_eq!(i32_out(&r), 2);
    assert_eq!(env.rt.balance(&native).unwrap(), 5);
    // Calling itself: reentrancy refused (2).
    let r = env.call(w, "main", &call_input(&w, 0, &[]));
    assert_eq!(i32_out(&r), 2);
    // An account without code: success, empty output.
    let r = env.call(w, "main", &call_input(&Address([0x42; 20]), 0, &[]));
    assert!(r.success);
    assert_eq!(r.return_data, 0i32.to_le_bytes());
}

#[test]
fn wasm_calls_wasm_revert_and_gas_return() {
    let mut env = Env::new();
    let callee = env.deploy(&module(
        r#"(data (i32.const 0) "no!")
           (func (export "main") (call $revert (i32.const 0) (i32.const 3)))"#,
    ));
    let w = env.deploy(&module(CALLER));
    let r = env.call(w, "main", &call_input(&callee, 0, &[]));
    assert!(r.success, "{:?}", r.error);
    assert_eq!(r.return_data, [&1i32.to_le_bytes()[..], b"no!"].concat());
    // Unused forwarded gas comes back: far below the limit.
    assert!(r.gas_used < 20_000, "{}", r.gas_used);
}

#[test]
fn native_calls_wasm_with_value_and_return_data() {
    let mut env = Env::new();
    // WASM: stores the caller and returns the value word it received.
    let w = env.deploy(&module(
        r#"(func (export "main")
            (call $caller (i32.const 100))
            (call $storage_write (i32.const 200) (i32.const 100) (i32.const 20))
            (call $value (i32.const 0))
            (call $return_data (i32.const 0) (i32.const 32)))"#,
    ));
    let src = format!(
        "
.export main main
main:
    JUMPDEST
    PUSH 32      ; outlen
    PUSH0        ; out
    PUSH0        ; inlen
    PUSH0        ; in
    CALLVALUE    ; value
    PUSH 0x{}    ; the WASM contract
    GAS
    CALL
    PUSH0
    SSTORE       ; slot 0 = ok
    PUSH 32
    PUSH0
    RETURN
",
        hex::encode(w.0)
    );
    let native = env.deploy(&zvm::asm::assemble(&src).unwrap().encode());
    let r = env.rt.call(ME, native, "main", &[], 7, GAS);
    assert!(r.success, "{:?}", r.error);
    let mut seven = [0u8; 32];
    seven[31] = 7;
    assert_eq!(r.return_data, seven);
    let mut one = [0u8; 32];
    one[31] = 1;
    assert_eq!(env.rt.storage_word(&native, &[0; 32]).unwrap(), one);
    assert_eq!(env.storage(&w, &[0; 32]), native.0);
    assert_eq!(env.rt.balance(&w).unwrap(), 7);
}

// ---------------------------------------------------------------- determinism

#[test]
fn deterministic_gas_across_runs_and_runtimes() {
    let run = || {
        let mut env = Env::new();
        let c = env.deploy(&module(HASHES));
        let k = env.deploy(&module(KV));
        let mut gas = Vec::new();
        for _ in 0..3 {
            gas.push(env.call(c, "sha256", b"abc").gas_used);
            gas.push(env.call(c, "stream", &[1; 100]).gas_used);
            gas.push(env.call(k, "set", &[3; 40]).gas_used);
            gas.push(env.call_gas(c, "sha256", &[1; 5000], 3_000).gas_used);
        }
        gas
    };
    let a = run();
    assert_eq!(a, run());
    assert_eq!(a[0], a[4]);
    assert_eq!(a[1], a[5]);
}
