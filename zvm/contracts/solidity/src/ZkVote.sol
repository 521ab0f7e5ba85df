// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.28;

import {ZCrypto} from "./ZCrypto.sol";

/// @title ZkVote: anonymous votes gated by a Groth16 proof
/// @notice A vote is accepted only with a Groth16 proof, for the verifying key fixed at
///         deployment, of the public statement `[nullifier, choice]`; the contract never
///         learns who voted. Each nullifier counts once, so a voter (whose circuit
///         derives one nullifier per election from a secret) cannot vote twice. Anyone
///         may submit a vote (a relayer, so the sender does not identify the voter).
///
/// The intended circuit proves "I know a secret whose commitment is in the voter set
/// (a Merkle root that is a third public input), the nullifier is Poseidon(secret,
/// election) and `choice` is a valid option". **The tests use the toy fixture circuit
/// of vectors/zk/groth16 (`c = a·b + k`, public signals `[c, k]`) in that role: anyone
/// who can write `c − k` as a product can prove it, so it shows the plumbing, not a
/// secure election.** Proofs are bound to the statement only: a real circuit should
/// also take the election (e.g. this contract's address) as a public input.
///
/// Keys and proofs are zcrypto's binary encodings (`zcrypto::zk::encoding`:
/// `VerifyingKey::to_bytes`, `Proof::to_bytes`), BN254 or BLS12-381.
contract ZkVote {
    /// The circuit's verifying key (its number of public inputs must be 2).
    bytes public verifyingKey;
    /// Whether the key is BLS12-381 (else BN254).
    bool public immutable bls12381;
    /// Spent nullifiers.
    mapping(uint256 nullifier => bool) public spent;
    /// Votes per choice.
    mapping(uint256 choice => uint256) public tally;

    event Voted(uint256 indexed nullifier, uint256 indexed choice);

    error AlreadyVoted(uint256 nullifier);
    error InvalidProof();

    constructor(bytes memory verifyingKey_, bool bls12381_) {
        verifyingKey = verifyingKey_;
        bls12381 = bls12381_;
    }

    /// Counts a vote for `choice` under `nullifier`, given a proof of the statement
    /// `[nullifier, choice]`. A proof that does not verify, or does not decode, reverts
    /// with {InvalidProof}; a nullifier already used with {AlreadyVoted}.
    function vote(bytes calldata proof, uint256 nullifier, uint256 choice) external {
        if (spent[nullifier]) revert AlreadyVoted(nullifier);
        uint256[] memory statement = new uint256[](2);
        statement[0] = nullifier;
        statement[1] = choice;
        bool ok = bls12381
            ? ZCrypto.groth16VerifyBls12381(verifyingKey, proof, statement)
            : ZCrypto.groth16VerifyBn254(verifyingKey, proof, statement);
        if (!ok) revert InvalidProof();
        spent[nullifier] = true;
        tally[choice] += 1;
        emit Voted(nullifier, choice);
    }
}
