//! The raw host imports of module `"zvm"` (ABI v1, `zvm/docs/wasm-abi.md`), exactly as
//! the engine links them: every pointer and length is an `i32` read as `u32`.
//!
//! Prefer the safe wrappers of the crate root, [`storage`](crate::storage) and
//! [`crypto`](crate::crypto). On targets other than `wasm32` these functions are
//! stubs that panic: they exist so that the SDK and contracts compile (and
//! `cargo clippy --workspace` works) on the host, and are never called there.

/// Declares the imports: on wasm32 an `extern "C"` block linked to module `"zvm"`,
/// elsewhere stubs with the same signatures that panic.
macro_rules! imports {
    ($( $(#[$m:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)?; )*) => {
        #[cfg(target_arch = "wasm32")]
        #[link(wasm_import_module = "zvm")]
        unsafe extern "C" {
            $( $(#[$m])* pub fn $name($($arg: $ty),*) $(-> $ret)?; )*
        }

        #[cfg(not(target_arch = "wasm32"))]
        mod stubs {
            $(
                $(#[$m])*
                ///
                /// # Safety
                ///
                /// Host stub: always panics (there is no ZVM outside wasm32).
                #[allow(unused_variables, clippy::missing_safety_doc, clippy::too_many_arguments)]
                pub unsafe fn $name($($arg: $ty),*) $(-> $ret)? {
                    super::unavailable(stringify!($name))
                }
            )*
        }
        #[cfg(not(target_arch = "wasm32"))]
        pub use stubs::*;
    };
}

/// What every host stub does.
#[cfg(not(target_arch = "wasm32"))]
#[cold]
fn unavailable(name: &str) -> ! {
    panic!("zvm-sdk: host function `{name}` called outside the ZVM (wasm32 only)")
}

imports! {
    // ---- context ----
    /// The length of the call data.
    fn input_len() -> i32;
    /// Copies the whole call data to `dst`.
    fn input(dst: *mut u8);
    /// Writes the 20-byte caller address to `dst`.
    fn caller(dst: *mut u8);
    /// Writes this contract's 20-byte address to `dst`.
    fn address(dst: *mut u8);
    /// Writes the 32-byte big-endian value sent to `dst`.
    fn value(dst: *mut u8);
    /// The block height.
    fn block_height() -> i64;
    /// The block time (seconds).
    fn block_time() -> i64;
    /// Gas remaining.
    fn gas_left() -> i64;
    /// Sets the frame's output (the last call wins).
    fn return_data(ptr: *const u8, len: u32);
    /// Ends the frame as reverted with this output; never returns.
    fn revert(ptr: *const u8, len: u32);

    // ---- storage ----
    /// The value's length at the 32-byte `key` (0 if absent); copies `min(len, cap)`
    /// bytes to `dst`.
    fn storage_read(key: *const u8, dst: *mut u8, cap: u32) -> i32;
    /// Sets the value at `key` (`len` 0 removes).
    fn storage_write(key: *const u8, ptr: *const u8, len: u32);
    /// Removes the value at `key`.
    fn storage_remove(key: *const u8);

    // ---- events ----
    /// A log with `count` (0..=4) 32-byte topics at `topics` and `len` bytes of data.
    fn emit_event(topics: *const u8, count: u32, data: *const u8, len: u32);

    // ---- calls ----
    /// Calls the 20-byte address at `addr` with call data and the 32-byte big-endian
    /// value at `value`, forwarding at most `gas`: 0 success, 1 reverted, 2 failed.
    fn call_contract(addr: *const u8, input: *const u8, len: u32, value: *const u8, gas: i64) -> i32;
    /// The length of the last `call_contract`'s output.
    fn returndata_len() -> i32;
    /// Copies `len` bytes of the last call's output from `offset` to `dst`.
    fn returndata_copy(dst: *mut u8, offset: u32, len: u32);

    // ---- crypto: hashes ----
    /// SHA-256.
    fn sha256(input: *const u8, in_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// SHA-384.
    fn sha384(input: *const u8, in_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// SHA-512.
    fn sha512(input: *const u8, in_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// SHA3-256.
    fn sha3_256(input: *const u8, in_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// Keccak-256 (Ethereum).
    fn keccak256(input: *const u8, in_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// BLAKE2b-512.
    fn blake2b_512(input: *const u8, in_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// BLAKE2s-256.
    fn blake2s_256(input: *const u8, in_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// BLAKE3 (256-bit output).
    fn blake3(input: *const u8, in_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// Opens a streaming hash for the one-shot hash operation id `op`: the handle
    /// (0..=255) or 256 + code.
    fn hash_init(op: i32) -> i32;
    /// Feeds bytes to a streaming hash.
    fn hash_update(handle: i32, input: *const u8, in_len: u32) -> i32;
    /// Finishes a streaming hash and writes the digest.
    fn hash_finish(handle: i32, out: *mut u8, out_len: u32) -> i32;

    // ---- crypto: MAC and KDF ----
    /// HMAC-SHA-256.
    fn hmac_sha256(key: *const u8, key_len: u32, data: *const u8, data_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// HMAC-SHA-384.
    fn hmac_sha384(key: *const u8, key_len: u32, data: *const u8, data_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// HMAC-SHA-512.
    fn hmac_sha512(key: *const u8, key_len: u32, data: *const u8, data_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// HKDF-Extract with SHA-256.
    fn hkdf_extract_sha256(salt: *const u8, salt_len: u32, ikm: *const u8, ikm_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// HKDF-Extract with SHA-384.
    fn hkdf_extract_sha384(salt: *const u8, salt_len: u32, ikm: *const u8, ikm_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// HKDF-Extract with SHA-512.
    fn hkdf_extract_sha512(salt: *const u8, salt_len: u32, ikm: *const u8, ikm_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// HKDF-Expand with SHA-256.
    fn hkdf_expand_sha256(prk: *const u8, prk_len: u32, info: *const u8, info_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// HKDF-Expand with SHA-384.
    fn hkdf_expand_sha384(prk: *const u8, prk_len: u32, info: *const u8, info_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// HKDF-Expand with SHA-512.
    fn hkdf_expand_sha512(prk: *const u8, prk_len: u32, info: *const u8, info_len: u32, out: *mut u8, out_len: u32) -> i32;

    // ---- crypto: signatures ----
    /// Ed25519 under ZIP-215.
    fn verify_ed25519(pk: *const u8, pk_len: u32, msg: *const u8, msg_len: u32, ctx: *const u8, ctx_len: u32, sig: *const u8, sig_len: u32) -> i32;
    /// Ed25519 under the strict RFC 8032 rule.
    fn verify_ed25519_strict(pk: *const u8, pk_len: u32, msg: *const u8, msg_len: u32, ctx: *const u8, ctx_len: u32, sig: *const u8, sig_len: u32) -> i32;
    /// ECDSA/secp256k1 over SHA-256(message), low S.
    fn verify_ecdsa_secp256k1(pk: *const u8, pk_len: u32, msg: *const u8, msg_len: u32, ctx: *const u8, ctx_len: u32, sig: *const u8, sig_len: u32) -> i32;
    /// BIP-340 Schnorr.
    fn verify_bip340(pk: *const u8, pk_len: u32, msg: *const u8, msg_len: u32, ctx: *const u8, ctx_len: u32, sig: *const u8, sig_len: u32) -> i32;
    /// ML-DSA-44 with a context string.
    fn verify_ml_dsa_44(pk: *const u8, pk_len: u32, msg: *const u8, msg_len: u32, ctx: *const u8, ctx_len: u32, sig: *const u8, sig_len: u32) -> i32;
    /// ML-DSA-65 with a context string.
    fn verify_ml_dsa_65(pk: *const u8, pk_len: u32, msg: *const u8, msg_len: u32, ctx: *const u8, ctx_len: u32, sig: *const u8, sig_len: u32) -> i32;
    /// ML-DSA-87 with a context string.
    fn verify_ml_dsa_87(pk: *const u8, pk_len: u32, msg: *const u8, msg_len: u32, ctx: *const u8, ctx_len: u32, sig: *const u8, sig_len: u32) -> i32;
    /// BLS12-381 (proof-of-possession ciphersuite).
    fn verify_bls12_381(pk: *const u8, pk_len: u32, msg: *const u8, msg_len: u32, ctx: *const u8, ctx_len: u32, sig: *const u8, sig_len: u32) -> i32;
    /// Composite Ed25519 + ML-DSA-65 with a context string.
    fn verify_ed25519_ml_dsa_65(pk: *const u8, pk_len: u32, msg: *const u8, msg_len: u32, ctx: *const u8, ctx_len: u32, sig: *const u8, sig_len: u32) -> i32;
    /// secp256k1 key recovery from a 32-byte prehash and a 65-byte signature.
    fn secp256k1_recover(hash: *const u8, hash_len: u32, sig: *const u8, sig_len: u32, format: i32, out: *mut u8, out_len: u32) -> i32;

    // ---- crypto: BLS aggregation, policies, batches ----
    /// BLS FastAggregateVerify (keys: n × 48 bytes).
    fn bls_fast_aggregate_verify(keys: *const u8, keys_len: u32, msg: *const u8, msg_len: u32, sig: *const u8, sig_len: u32) -> i32;
    /// BLS AggregateVerify (messages: n × (length (4 B LE) ‖ message)).
    fn bls_aggregate_verify(keys: *const u8, keys_len: u32, msgs: *const u8, msgs_len: u32, sig: *const u8, sig_len: u32) -> i32;
    /// BLS signature aggregation (sigs: n × 96 bytes).
    fn bls_aggregate_signatures(sigs: *const u8, sigs_len: u32, out: *mut u8, out_len: u32) -> i32;
    /// M-of-N policy verification.
    fn multisig_verify(policy: *const u8, policy_len: u32, msg: *const u8, msg_len: u32, ctx: *const u8, ctx_len: u32, sigs: *const u8, sigs_len: u32) -> i32;
    /// Batch verification of one encoded batch.
    fn batch_verify(batch: *const u8, batch_len: u32) -> i32;

    // ---- crypto: KEM ----
    /// ML-KEM-512 encapsulation with caller-given randomness.
    fn ml_kem_512_encapsulate(ek: *const u8, ek_len: u32, rand: *const u8, rand_len: u32, ct: *mut u8, ct_len: u32, ss: *mut u8, ss_len: u32) -> i32;
    /// ML-KEM-768 encapsulation with caller-given randomness.
    fn ml_kem_768_encapsulate(ek: *const u8, ek_len: u32, rand: *const u8, rand_len: u32, ct: *mut u8, ct_len: u32, ss: *mut u8, ss_len: u32) -> i32;
    /// ML-KEM-1024 encapsulation with caller-given randomness.
    fn ml_kem_1024_encapsulate(ek: *const u8, ek_len: u32, rand: *const u8, rand_len: u32, ct: *mut u8, ct_len: u32, ss: *mut u8, ss_len: u32) -> i32;

    // ---- crypto: Merkle proofs, Poseidon ----
    /// RFC 9162 inclusion proof, SHA-256.
    fn merkle_inclusion_sha256(leaf: *const u8, leaf_len: u32, proof: *const u8, proof_len: u32, root: *const u8, root_len: u32) -> i32;
    /// RFC 9162 inclusion proof, Keccak-256.
    fn merkle_inclusion_keccak256(leaf: *const u8, leaf_len: u32, proof: *const u8, proof_len: u32, root: *const u8, root_len: u32) -> i32;
    /// RFC 9162 inclusion proof, BLAKE3.
    fn merkle_inclusion_blake3(leaf: *const u8, leaf_len: u32, proof: *const u8, proof_len: u32, root: *const u8, root_len: u32) -> i32;
    /// OpenZeppelin `MerkleProof.verify`.
    fn merkle_verify_ethereum(leaf: *const u8, leaf_len: u32, proof: *const u8, proof_len: u32, root: *const u8, root_len: u32) -> i32;
    /// Sparse Merkle proof, SHA-256 (`present` 0: non-inclusion).
    fn sparse_merkle_verify_sha256(root: *const u8, root_len: u32, key: *const u8, key_len: u32, present: i32, value: *const u8, value_len: u32, proof: *const u8, proof_len: u32) -> i32;
    /// Sparse Merkle proof, Keccak-256 (`present` 0: non-inclusion).
    fn sparse_merkle_verify_keccak256(root: *const u8, root_len: u32, key: *const u8, key_len: u32, present: i32, value: *const u8, value_len: u32, proof: *const u8, proof_len: u32) -> i32;
    /// Sparse Merkle proof, BLAKE3 (`present` 0: non-inclusion).
    fn sparse_merkle_verify_blake3(root: *const u8, root_len: u32, key: *const u8, key_len: u32, present: i32, value: *const u8, value_len: u32, proof: *const u8, proof_len: u32) -> i32;
    /// Poseidon over BN254 (inputs: 1 to 12 field elements of 32 bytes, big-endian).
    fn poseidon_bn254(input: *const u8, in_len: u32, out: *mut u8, out_len: u32) -> i32;

    // ---- crypto: zero-knowledge proofs ----
    /// Groth16 verification, BN254 (zcrypto's binary key and proof, n × 32-byte inputs).
    fn groth16_verify_bn254(vk: *const u8, vk_len: u32, proof: *const u8, proof_len: u32, inputs: *const u8, inputs_len: u32) -> i32;
    /// Groth16 verification, BLS12-381.
    fn groth16_verify_bls12_381(vk: *const u8, vk_len: u32, proof: *const u8, proof_len: u32, inputs: *const u8, inputs_len: u32) -> i32;
    /// Bulletproofs range proof (m × 32-byte commitments, a 1-byte bit size 8/16/32/64).
    fn bulletproofs_verify(proof: *const u8, proof_len: u32, commitments: *const u8, commitments_len: u32, bits: *const u8, bits_len: u32) -> i32;
    /// EIP-4844 KZG point evaluation (the 192-byte input of Ethereum's `0x0a` precompile).
    fn kzg_point_evaluation(input: *const u8, input_len: u32) -> i32;
    /// halo2 proof of a shipped circuit (zcrypto's encoding: circuit id ‖ public inputs ‖ proof).
    fn halo2_verify(encoding: *const u8, encoding_len: u32) -> i32;
}
