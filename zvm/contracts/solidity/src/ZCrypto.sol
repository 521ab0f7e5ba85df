// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.28;

/// @title ZCrypto: Solidity bindings for ZVM's zcrypto precompiles
/// @notice One function per precompile of zvm/docs/evm-precompiles.md (the engine's
///         table, zvm/src/evm/precompiles/mod.rs). A precompile sits at
///         `address = 0x00000000000000000000000000000000 7a63 ‖ op id (2 bytes)` — `7a63`
///         is "zc", the op id is `zcrypto::metered::Op::id()` — and takes its arguments as
///         `abi.encode(bytes, ...)`.
///
/// Results and errors — the rule of every function here:
/// * Verification functions (`verify*`, `bls*Verify`, `batchVerify`, `merkle*`,
///   `groth16Verify*`) return `true` only for the 32-byte word `1`. The word `0` (a
///   well-formed input that does not verify) and an empty output (malformed input: a
///   key, signature or proof that does not decode, a wrong length, a limit exceeded)
///   are both `false`. They never revert on bad input, so a contract can treat every
///   bad proof the same way.
/// * Hash functions (`blake3`, `poseidon`) revert with {ZCryptoMalformedInput} when the
///   precompile returns no digest (malformed input, e.g. a Poseidon input that is not a
///   field element), since there is no neutral value to return.
/// * When the precompile call itself fails — it ran out of gas, which consumes all the
///   gas forwarded — every function reverts with {ZCryptoCallFailed}: running out of gas
///   is not an answer about the input, so it is never reported as `false`.
///
/// All functions are `internal`, so they are inlined into the calling contract: the
/// library needs no deployment or linking.
///
/// Only use the BLS aggregate verifications with keys whose proofs of possession have
/// been checked (rogue-key attacks); the precompiles cannot check them.
library ZCrypto {
    /// The precompile for `op` returned no output: the input was malformed.
    error ZCryptoMalformedInput(uint16 op);
    /// The call to the precompile for `op` failed (out of gas).
    error ZCryptoCallFailed(uint16 op);

    // Operation ids (zcrypto::metered::Op): the last two bytes of the addresses.
    uint16 internal constant BLAKE3 = 0x0107;
    uint16 internal constant VERIFY_ED25519 = 0x0300;
    uint16 internal constant VERIFY_BIP340 = 0x0303;
    uint16 internal constant VERIFY_ML_DSA_44 = 0x0304;
    uint16 internal constant VERIFY_ML_DSA_65 = 0x0305;
    uint16 internal constant VERIFY_ML_DSA_87 = 0x0306;
    uint16 internal constant VERIFY_ED25519_ML_DSA_65 = 0x0308;
    uint16 internal constant BLS_FAST_AGGREGATE_VERIFY = 0x0400;
    uint16 internal constant BLS_AGGREGATE_VERIFY = 0x0401;
    uint16 internal constant BATCH_VERIFY = 0x0510;
    uint16 internal constant MERKLE_INCLUSION_SHA256 = 0x0700;
    uint16 internal constant MERKLE_INCLUSION_KECCAK256 = 0x0701;
    uint16 internal constant MERKLE_INCLUSION_BLAKE3 = 0x0702;
    uint16 internal constant MERKLE_VERIFY_ETHEREUM = 0x0710;
    uint16 internal constant POSEIDON_BN254 = 0x0800;
    uint16 internal constant GROTH16_VERIFY_BN254 = 0x0900;
    uint16 internal constant GROTH16_VERIFY_BLS12_381 = 0x0901;
    uint16 internal constant BULLETPROOFS_VERIFY = 0x0910;
    uint16 internal constant KZG_POINT_EVALUATION = 0x0920;
    uint16 internal constant HALO2_VERIFY = 0x0930;

    /// The precompile address of operation `op`.
    function precompile(uint16 op) internal pure returns (address) {
        return address(uint160(0x7a630000) | uint160(op));
    }

    // ---- plumbing ----

    function _call(uint16 op, bytes memory input) private view returns (bytes memory out) {
        bool ok;
        (ok, out) = precompile(op).staticcall(input);
        if (!ok) revert ZCryptoCallFailed(op);
    }

    function _verify(uint16 op, bytes memory input) private view returns (bool) {
        bytes memory out = _call(op, input);
        return out.length == 32 && uint256(bytes32(out)) == 1;
    }

    function _word(uint16 op, bytes memory input) private view returns (bytes32) {
        bytes memory out = _call(op, input);
        if (out.length != 32) revert ZCryptoMalformedInput(op);
        return bytes32(out);
    }

    function _sig(uint16 op, bytes memory pk, bytes memory message, bytes memory ctx, bytes memory sig)
        private
        view
        returns (bool)
    {
        return _verify(op, abi.encode(pk, message, ctx, sig));
    }

    // ---- hashing ----

    /// BLAKE3 (256-bit output).
    function blake3(bytes memory data) internal view returns (bytes32) {
        return _word(BLAKE3, abi.encode(data));
    }

    /// Poseidon over BN254 (circom-compatible) of 1 to 12 field elements, each below the
    /// BN254 scalar field modulus; reverts with {ZCryptoMalformedInput} otherwise.
    function poseidon(uint256[] memory inputs) internal view returns (uint256) {
        return uint256(_word(POSEIDON_BN254, abi.encode(abi.encodePacked(inputs))));
    }

    // ---- signature verification ----

    /// Ed25519 under ZIP-215 (the consensus / batch rule); also FROST(Ed25519, SHA-512)
    /// group signatures. 32-byte key, 64-byte signature.
    function verifyEd25519(bytes memory pk, bytes memory message, bytes memory sig) internal view returns (bool) {
        return _sig(VERIFY_ED25519, pk, message, "", sig);
    }

    /// BIP-340 Schnorr; 32-byte x-only key, 64-byte signature.
    function verifyBip340(bytes memory pk, bytes memory message, bytes memory sig) internal view returns (bool) {
        return _sig(VERIFY_BIP340, pk, message, "", sig);
    }

    /// ML-DSA-44 (FIPS 204) with context string `ctx` (at most 255 bytes).
    function verifyMlDsa44(bytes memory pk, bytes memory message, bytes memory ctx, bytes memory sig)
        internal
        view
        returns (bool)
    {
        return _sig(VERIFY_ML_DSA_44, pk, message, ctx, sig);
    }

    /// ML-DSA-65 (FIPS 204) with context string `ctx`; 1952-byte key, 3309-byte signature.
    function verifyMlDsa65(bytes memory pk, bytes memory message, bytes memory ctx, bytes memory sig)
        internal
        view
        returns (bool)
    {
        return _sig(VERIFY_ML_DSA_65, pk, message, ctx, sig);
    }

    /// ML-DSA-87 (FIPS 204) with context string `ctx`.
    function verifyMlDsa87(bytes memory pk, bytes memory message, bytes memory ctx, bytes memory sig)
        internal
        view
        returns (bool)
    {
        return _sig(VERIFY_ML_DSA_87, pk, message, ctx, sig);
    }

    /// Composite Ed25519 + ML-DSA-65 (zcrypto's hybrid encoding) with context `ctx`.
    function verifyEd25519MlDsa65(bytes memory pk, bytes memory message, bytes memory ctx, bytes memory sig)
        internal
        view
        returns (bool)
    {
        return _sig(VERIFY_ED25519_ML_DSA_65, pk, message, ctx, sig);
    }

    // ---- BLS12-381 aggregates (Ethereum's proof-of-possession ciphersuite) ----

    /// FastAggregateVerify: `keys` is n × 48-byte compressed G1 keys back to back, all
    /// signing `message`; `sig` the 96-byte compressed G2 aggregate signature.
    function blsFastAggregateVerify(bytes memory keys, bytes memory message, bytes memory sig)
        internal
        view
        returns (bool)
    {
        return _verify(BLS_FAST_AGGREGATE_VERIFY, abi.encode(keys, message, sig));
    }

    /// AggregateVerify: `keys` n × 48 bytes; `messages` n × (4-byte little-endian length
    /// ‖ message), one per key in key order (see {encodeBlsMessages}).
    function blsAggregateVerify(bytes memory keys, bytes memory messages, bytes memory sig)
        internal
        view
        returns (bool)
    {
        return _verify(BLS_AGGREGATE_VERIFY, abi.encode(keys, messages, sig));
    }

    /// The `messages` encoding of {blsAggregateVerify}.
    function encodeBlsMessages(bytes[] memory messages) internal pure returns (bytes memory out) {
        for (uint256 i = 0; i < messages.length; i++) {
            uint32 n = uint32(messages[i].length);
            bytes4 le = bytes4((n & 0xff) << 24 | ((n >> 8) & 0xff) << 16 | ((n >> 16) & 0xff) << 8 | (n >> 24));
            out = bytes.concat(out, le, messages[i]);
        }
    }

    // ---- batches ----

    /// Batch verification of a `zcrypto::metered::batch` blob (mixed schemes); true iff
    /// every item verifies (an empty batch is valid).
    function batchVerify(bytes memory batch) internal view returns (bool) {
        return _verify(BATCH_VERIFY, abi.encode(batch));
    }

    // ---- Merkle proofs ----

    /// RFC 9162 inclusion proof (SHA-256): `leaf` the leaf's data (hashed as
    /// H(0x00 ‖ data)), `proof` a `zcrypto::merkle::InclusionProof` encoding (index, tree
    /// size, path).
    function merkleInclusionSha256(bytes memory leaf, bytes memory proof, bytes32 root)
        internal
        view
        returns (bool)
    {
        return _verify(MERKLE_INCLUSION_SHA256, abi.encode(leaf, proof, abi.encodePacked(root)));
    }

    /// RFC 9162 inclusion proof (Keccak-256).
    function merkleInclusionKeccak256(bytes memory leaf, bytes memory proof, bytes32 root)
        internal
        view
        returns (bool)
    {
        return _verify(MERKLE_INCLUSION_KECCAK256, abi.encode(leaf, proof, abi.encodePacked(root)));
    }

    /// RFC 9162 inclusion proof (BLAKE3).
    function merkleInclusionBlake3(bytes memory leaf, bytes memory proof, bytes32 root)
        internal
        view
        returns (bool)
    {
        return _verify(MERKLE_INCLUSION_BLAKE3, abi.encode(leaf, proof, abi.encodePacked(root)));
    }

    /// OpenZeppelin `MerkleProof.verify(proof, root, leaf)` (Keccak-256, sorted pairs):
    /// `leaf` the leaf hash (for a StandardMerkleTree, keccak256(keccak256(abi.encode(values)))).
    function merkleVerifyEthereum(bytes32 leaf, bytes32[] memory proof, bytes32 root)
        internal
        view
        returns (bool)
    {
        return _verify(
            MERKLE_VERIFY_ETHEREUM, abi.encode(abi.encodePacked(leaf), abi.encodePacked(proof), abi.encodePacked(root))
        );
    }

    // ---- zero-knowledge proofs ----

    /// Groth16 verification over BN254 (snarkjs/circom `bn128`): `verifyingKey` and
    /// `proof` in zcrypto's binary encoding (`zcrypto::zk::encoding`: a curve tag and
    /// compressed points; `VerifyingKey::to_bytes`, `Proof::to_bytes`, 261 + 32n and 129
    /// bytes), `publicInputs` the circuit's n ≤ 64 public signals, each below the BN254
    /// scalar field modulus. The key is decoded and checked on every call, so its gas is
    /// part of the price.
    function groth16VerifyBn254(bytes memory verifyingKey, bytes memory proof, uint256[] memory publicInputs)
        internal
        view
        returns (bool)
    {
        return _verify(GROTH16_VERIFY_BN254, abi.encode(verifyingKey, proof, abi.encodePacked(publicInputs)));
    }

    /// Groth16 verification over BLS12-381: as {groth16VerifyBn254} (key 389 + 48n
    /// bytes, proof 193 bytes, inputs below the BLS12-381 scalar field modulus).
    function groth16VerifyBls12381(bytes memory verifyingKey, bytes memory proof, uint256[] memory publicInputs)
        internal
        view
        returns (bool)
    {
        return _verify(GROTH16_VERIFY_BLS12_381, abi.encode(verifyingKey, proof, abi.encodePacked(publicInputs)));
    }

    /// Bulletproofs range proof verification (`zcrypto::zk::bulletproofs`, Ristretto255):
    /// every value committed in `commitments` (1, 2, 4, 8 or 16 Pedersen commitments of
    /// 32 bytes, in the prover's order) lies in [0, 2^bits), `bits` 8, 16, 32 or 64.
    /// `proof` is `RangeProof::to_bytes` (480 to 928 bytes).
    function bulletproofsVerify(bytes memory proof, bytes32[] memory commitments, uint8 bits)
        internal
        view
        returns (bool)
    {
        return _verify(BULLETPROOFS_VERIFY, abi.encode(proof, abi.encodePacked(commitments), abi.encodePacked(bits)));
    }

    /// EIP-4844 KZG point evaluation: `input` is the 192-byte input of the standard
    /// point-evaluation precompile `0x0a` (versioned hash ‖ z ‖ y ‖ commitment ‖ proof).
    /// True exactly where `0x0a` succeeds. On Ethereum-compatible chains `0x0a` itself is
    /// there too (50,000 gas, 64-byte output); this one is zcrypto's, with the same price
    /// as ZVM and WASM contracts pay.
    function kzgPointEvaluation(bytes memory input) internal view returns (bool) {
        return _verify(KZG_POINT_EVALUATION, abi.encode(input));
    }

    /// halo2 proof verification for one of zcrypto's shipped circuits
    /// (`zcrypto::zk::halo2`: range checks of 8/16/32/64 bits on a Poseidon commitment,
    /// ids 0x0001-0x0004; Poseidon Merkle membership at depth 8/16/20/32, ids
    /// 0x0101-0x0104). `encoding` is `zcrypto::zk::halo2::encode`'s output: the 2-byte
    /// big-endian circuit id, the circuit's public inputs (32 bytes each, little-endian
    /// field elements) and the proof. The price is a constant per circuit id. The caller
    /// must still check that the circuit id and the public inputs (the commitment or root)
    /// are the ones it expects.
    function halo2Verify(bytes memory encoding) internal view returns (bool) {
        return _verify(HALO2_VERIFY, abi.encode(encoding));
    }
}
