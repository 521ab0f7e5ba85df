// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.28;

import {ZCrypto} from "./ZCrypto.sol";

/// @title PQMultisig: an M-of-N post-quantum multisig wallet (ML-DSA-65)
/// @notice The owners are ML-DSA-65 (FIPS 204) public keys. Any account may submit an
///         operation (a call with value to `to`) with signatures of at least `threshold`
///         distinct owners over {operationHash}, verified by ZVM's `verify_ml_dsa_65`
///         precompile (through {ZCrypto}) with the context string {CONTEXT}.
///
/// What is signed: the 32-byte `operationHash = keccak256(abi.encode(address(this),
/// nonce, to, value, keccak256(data)))`, as the ML-DSA message, with context
/// `"zvm-pq-multisig-v1"`. The wallet's address and the nonce make every signature
/// good for one operation of one wallet: the nonce increments with every executed
/// operation (before the call is made), so a signature set cannot be replayed.
///
/// Signers are given as owner indices, strictly ascending (no owner counts twice), one
/// signature each; every signature presented must verify.
///
/// Storage: each owner key is deployed once as the code of a data contract (runtime code
/// `0x00 ‖ key`: the leading STOP makes it inert) and read back with EXTCODECOPY, which
/// costs ~3k gas per key instead of 61 cold SLOADs (~128k) for a key in storage.
contract PQMultisig {
    /// The ML-DSA context string of every signature.
    bytes public constant CONTEXT = "zvm-pq-multisig-v1";
    /// The length of an ML-DSA-65 public key.
    uint256 public constant ML_DSA_65_PUBLIC_KEY_LEN = 1952;

    /// How many owners must sign.
    uint256 public immutable threshold;
    /// The nonce the next operation must carry.
    uint256 public nonce;
    /// The data contracts holding the owners' keys.
    address[] private _ownerKeys;

    event Executed(uint256 indexed nonce, address indexed to, uint256 value, bytes data);
    event Deposit(address indexed from, uint256 value);

    error InvalidThreshold(uint256 threshold, uint256 owners);
    error InvalidOwnerKey(uint256 index);
    error KeyStoreFailed(uint256 index);
    error BadNonce(uint256 expected, uint256 got);
    error LengthMismatch(uint256 signers, uint256 signatures);
    error TooFewSignatures(uint256 got, uint256 threshold);
    error SignersNotAscending(uint256 position);
    error UnknownSigner(uint256 index);
    error InvalidSignature(uint256 signer);
    error CallFailed(bytes returnData);

    constructor(bytes[] memory owners, uint256 threshold_) {
        if (threshold_ == 0 || threshold_ > owners.length) revert InvalidThreshold(threshold_, owners.length);
        for (uint256 i = 0; i < owners.length; i++) {
            if (owners[i].length != ML_DSA_65_PUBLIC_KEY_LEN) revert InvalidOwnerKey(i);
            _ownerKeys.push(_storeKey(owners[i], i));
        }
        threshold = threshold_;
    }

    receive() external payable {
        emit Deposit(msg.sender, msg.value);
    }

    /// The number of owners.
    function ownerCount() external view returns (uint256) {
        return _ownerKeys.length;
    }

    /// Owner `index`'s ML-DSA-65 public key.
    function owner(uint256 index) external view returns (bytes memory) {
        return _loadKey(_ownerKeys[index]);
    }

    /// Deploys `key` as the runtime code `0x00 ‖ key` of a new contract: init code
    /// `PUSH2 n; DUP1; PUSH1 10; RETURNDATASIZE; CODECOPY; RETURNDATASIZE; RETURN` (10
    /// bytes) followed by the runtime code, n = key length + 1.
    function _storeKey(bytes memory key, uint256 index) private returns (address store) {
        bytes memory init =
            abi.encodePacked(hex"61", uint16(key.length + 1), hex"80600a3d393df3", hex"00", key);
        assembly {
            store := create(0, add(init, 32), mload(init))
        }
        if (store == address(0)) revert KeyStoreFailed(index);
    }

    /// The key stored by {_storeKey} in `store`.
    function _loadKey(address store) private view returns (bytes memory key) {
        key = new bytes(ML_DSA_65_PUBLIC_KEY_LEN);
        assembly {
            extcodecopy(store, add(key, 32), 1, mload(key))
        }
    }

    /// The 32-byte message the owners sign (ML-DSA-65, context {CONTEXT}).
    function operationHash(uint256 nonce_, address to, uint256 value, bytes calldata data)
        public
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(address(this), nonce_, to, value, keccak256(data)));
    }

    /// Executes `to.call{value: value}(data)` if `nonce_` is the current nonce and the
    /// owners at `signers` (strictly ascending, at least `threshold`) signed it.
    function execute(
        address to,
        uint256 value,
        bytes calldata data,
        uint256 nonce_,
        uint256[] calldata signers,
        bytes[] calldata signatures
    ) external returns (bytes memory) {
        if (nonce_ != nonce) revert BadNonce(nonce, nonce_);
        if (signers.length != signatures.length) revert LengthMismatch(signers.length, signatures.length);
        if (signers.length < threshold) revert TooFewSignatures(signers.length, threshold);
        bytes memory message = abi.encodePacked(operationHash(nonce_, to, value, data));
        uint256 n = _ownerKeys.length;
        for (uint256 i = 0; i < signers.length; i++) {
            uint256 s = signers[i];
            if (i > 0 && s <= signers[i - 1]) revert SignersNotAscending(i);
            if (s >= n) revert UnknownSigner(s);
            if (!ZCrypto.verifyMlDsa65(_loadKey(_ownerKeys[s]), message, CONTEXT, signatures[i])) {
                revert InvalidSignature(s);
            }
        }
        nonce = nonce_ + 1;
        (bool ok, bytes memory ret) = to.call{value: value}(data);
        if (!ok) revert CallFailed(ret);
        emit Executed(nonce_, to, value, data);
        return ret;
    }
}
