// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.28;

import {ZCrypto} from "./ZCrypto.sol";

/// @title BlsVote: proposals decided by one BLS aggregate signature of a quorum
/// @notice A fixed set of voters (BLS12-381 G1 public keys, Ethereum's proof-of-possession
///         ciphersuite). A proposal is decided for a `choice` when at least `quorum`
///         voters signed {voteMessage}`(proposal, choice)`: the submitter presents the
///         signers as a bitmap (bit i = voter i) and their aggregate signature, checked
///         in one `bls_fast_aggregate_verify` precompile call.
///
/// The voters' proofs of possession must be checked before deployment (rogue-key
/// attacks on FastAggregateVerify); the precompiles cannot check them.
contract BlsVote {
    uint256 public constant PUBLIC_KEY_LEN = 48;

    /// The voters' keys, 48 bytes each, back to back.
    bytes public voterKeys;
    uint256 public immutable voterCount;
    uint256 public immutable quorum;
    /// The decided choice of each proposal (zero while undecided).
    mapping(uint256 proposal => bytes32 choice) public decided;

    event Decided(uint256 indexed proposal, bytes32 choice, uint256 signers, uint256 votes);

    error InvalidVoters(uint256 keysLength);
    error InvalidQuorum(uint256 quorum, uint256 voters);
    error EmptyChoice();
    error AlreadyDecided(uint256 proposal);
    error UnknownVoter(uint256 signers);
    error BelowQuorum(uint256 votes, uint256 quorum);
    error InvalidAggregateSignature();

    constructor(bytes memory keys, uint256 quorum_) {
        uint256 n = keys.length / PUBLIC_KEY_LEN;
        if (n == 0 || n > 256 || keys.length % PUBLIC_KEY_LEN != 0) revert InvalidVoters(keys.length);
        if (quorum_ == 0 || quorum_ > n) revert InvalidQuorum(quorum_, n);
        voterKeys = keys;
        voterCount = n;
        quorum = quorum_;
    }

    /// The message each voter signs for `choice` on `proposal`.
    function voteMessage(uint256 proposal, bytes32 choice) public view returns (bytes memory) {
        return abi.encodePacked("zvm-bls-vote-v1", address(this), proposal, choice);
    }

    /// Decides `proposal` for `choice` with the aggregate signature of the voters in the
    /// bitmap `signers` (at least `quorum` of them).
    function decide(uint256 proposal, bytes32 choice, uint256 signers, bytes calldata aggregateSignature) external {
        if (choice == bytes32(0)) revert EmptyChoice();
        if (decided[proposal] != bytes32(0)) revert AlreadyDecided(proposal);
        uint256 n = voterCount;
        if (n < 256 && signers >> n != 0) revert UnknownVoter(signers);
        uint256 votes = 0;
        for (uint256 b = signers; b != 0; b &= b - 1) {
            votes++;
        }
        if (votes < quorum) revert BelowQuorum(votes, quorum);

        bytes memory all = voterKeys;
        bytes memory keys = new bytes(votes * PUBLIC_KEY_LEN);
        uint256 k = 0;
        for (uint256 i = 0; i < n; i++) {
            if ((signers >> i) & 1 == 1) {
                assembly {
                    mcopy(add(add(keys, 32), mul(k, 48)), add(add(all, 32), mul(i, 48)), 48)
                }
                k++;
            }
        }
        if (!ZCrypto.blsFastAggregateVerify(keys, voteMessage(proposal, choice), aggregateSignature)) {
            revert InvalidAggregateSignature();
        }
        decided[proposal] = choice;
        emit Decided(proposal, choice, signers, votes);
    }
}
