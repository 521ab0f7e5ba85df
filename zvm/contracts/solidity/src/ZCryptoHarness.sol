// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.28;

import {ZCrypto} from "./ZCrypto.sol";

/// @title ZCryptoHarness: every {ZCrypto} function as an external function
/// @notice For tests, benchmarks and tools (zvm/tests/solidity.rs): each function
///         forwards its arguments to the library function of the same name.
contract ZCryptoHarness {
    function precompile(uint16 op) external pure returns (address) {
        return ZCrypto.precompile(op);
    }

    function blake3(bytes calldata data) external view returns (bytes32) {
        return ZCrypto.blake3(data);
    }

    function poseidon(uint256[] calldata inputs) external view returns (uint256) {
        return ZCrypto.poseidon(inputs);
    }

    function verifyEd25519(bytes calldata pk, bytes calldata m, bytes calldata sig) external view returns (bool) {
        return ZCrypto.verifyEd25519(pk, m, sig);
    }

    function verifyBip340(bytes calldata pk, bytes calldata m, bytes calldata sig) external view returns (bool) {
        return ZCrypto.verifyBip340(pk, m, sig);
    }

    function verifyMlDsa44(bytes calldata pk, bytes calldata m, bytes calldata ctx, bytes calldata sig)
        external
        view
        returns (bool)
    {
        return ZCrypto.verifyMlDsa44(pk, m, ctx, sig);
    }

    function verifyMlDsa65(bytes calldata pk, bytes calldata m, bytes calldata ctx, bytes calldata sig)
        external
        view
        returns (bool)
    {
        return ZCrypto.verifyMlDsa65(pk, m, ctx, sig);
    }

    function verifyMlDsa87(bytes calldata pk, bytes calldata m, bytes calldata ctx, bytes calldata sig)
        external
        view
        returns (bool)
    {
        return ZCrypto.verifyMlDsa87(pk, m, ctx, sig);
    }

    function verifyEd25519MlDsa65(bytes calldata pk, bytes calldata m, bytes calldata ctx, bytes calldata sig)
        external
        view
        returns (bool)
    {
        return ZCrypto.verifyEd25519MlDsa65(pk, m, ctx, sig);
    }

    function blsFastAggregateVerify(bytes calldata keys, bytes calldata m, bytes calldata sig)
        external
        view
        returns (bool)
    {
        return ZCrypto.blsFastAggregateVerify(keys, m, sig);
    }

    function blsAggregateVerify(bytes calldata keys, bytes[] calldata messages, bytes calldata sig)
        external
        view
        returns (bool)
    {
        return ZCrypto.blsAggregateVerify(keys, ZCrypto.encodeBlsMessages(messages), sig);
    }

    function batchVerify(bytes calldata batch) external view returns (bool) {
        return ZCrypto.batchVerify(batch);
    }

    function merkleInclusionSha256(bytes calldata leaf, bytes calldata proof, bytes32 root)
        external
        view
        returns (bool)
    {
        return ZCrypto.merkleInclusionSha256(leaf, proof, root);
    }

    function merkleInclusionKeccak256(bytes calldata leaf, bytes calldata proof, bytes32 root)
        external
        view
        returns (bool)
    {
        return ZCrypto.merkleInclusionKeccak256(leaf, proof, root);
    }

    function merkleInclusionBlake3(bytes calldata leaf, bytes calldata proof, bytes32 root)
        external
        view
        returns (bool)
    {
        return ZCrypto.merkleInclusionBlake3(leaf, proof, root);
    }

    function merkleVerifyEthereum(bytes32 leaf, bytes32[] calldata proof, bytes32 root) external view returns (bool) {
        return ZCrypto.merkleVerifyEthereum(leaf, proof, root);
    }

    function groth16VerifyBn254(bytes calldata vk, bytes calldata proof, uint256[] calldata inputs)
        external
        view
        returns (bool)
    {
        return ZCrypto.groth16VerifyBn254(vk, proof, inputs);
    }

    function groth16VerifyBls12381(bytes calldata vk, bytes calldata proof, uint256[] calldata inputs)
        external
        view
        returns (bool)
    {
        return ZCrypto.groth16VerifyBls12381(vk, proof, inputs);
    }

    function bulletproofsVerify(bytes calldata proof, bytes32[] calldata commitments, uint8 bits)
        external
        view
        returns (bool)
    {
        return ZCrypto.bulletproofsVerify(proof, commitments, bits);
    }

    function kzgPointEvaluation(bytes calldata input) external view returns (bool) {
        return ZCrypto.kzgPointEvaluation(input);
    }

    function halo2Verify(bytes calldata encoding) external view returns (bool) {
        return ZCrypto.halo2Verify(encoding);
    }
}
