// Package zcrypto is the Go binding of zcrypto, over its stable C ABI (libzcrypto,
// header ffi/include/zcrypto.h).
//
// It covers every function of the C ABI with an idiomatic API: byte slices in,
// ([]byte, error) out, algorithms named by zcrypto's stable names ("sha256",
// "aes-256-gcm", "ml-kem-768", "ed25519", "bls12-381", ...):
//
//   - hashing: Hash, HashSize and the incremental Hasher (io.Writer + Finish);
//   - MACs and KDFs: HMAC, VerifyHMAC, HKDFExtract, HKDFExpand, HKDF, ExpandLabel;
//   - AEAD: AEADKey with Seal/Open (tag appended) and SealDetached/OpenDetached (in
//     place);
//   - key agreement and KEMs: X25519, X25519PublicKey, KEMKeyGen, KEMEncapsulate,
//     KEMDecapsulate, and the hybrid X25519MLKEM768 (HybridClientShare,
//     HybridServerEncapsulate, HybridClientFinish);
//   - signatures for every scheme: PublicKey, Sign, Verify, CheckPublicKey, SigSizes,
//     secp256k1 recovery (Secp256k1SignRecoverable, Secp256k1Recover), BLS aggregation
//     (BLSAggregateSignatures, BLSAggregatePublicKeys, BLSFastAggregateVerify) and
//     batch verification (BatchVerifier);
//   - RFC 9162 Merkle trees: MerkleRoot, MerkleInclusionPath, VerifyMerkleInclusion;
//   - Version, HasFeature, Random.
//
// # Errors
//
// Failures are *Error values carrying zcrypto's stable status code, name and message
// (the same codes as in Rust, C and every other binding). Compare them with errors.Is
// against the sentinels ErrInvalidLength (1) ... ErrExpired (21), ErrInternal (255).
// Methods of a closed Hasher, AEADKey or BatchVerifier return ErrClosed.
//
// # Handles
//
// Hasher, AEADKey and BatchVerifier own a C handle. Call Close when done (it zeroizes
// secret material); a finalizer frees handles that were never closed. An AEADKey may
// be used by several goroutines at once; a Hasher or BatchVerifier should not be
// (their methods are serialized by a mutex, so misuse cannot corrupt memory).
//
// # Building
//
// The package is a cgo package: it needs a C compiler, CGO_ENABLED=1, and the static
// library libzcrypto.a built from the repository's ffi crate. The include path of the
// header is set by the package itself; the link flags come from CGO_LDFLAGS:
//
//	export CARGO_TARGET_DIR=$HOME/.cache/zvm-target
//	cargo build -p zcrypto-ffi     # → $CARGO_TARGET_DIR/debug/libzcrypto.a
//	export CGO_ENABLED=1
//	export CGO_LDFLAGS="$CARGO_TARGET_DIR/debug/libzcrypto.a -lpthread -ldl -lm"
//	cd bindings/go && go test ./...
//
// bindings/go/run.sh does all of this. Go 1.24 or newer is needed (the tests use
// crypto/mlkem, crypto/hkdf and crypto/sha3).
package zcrypto
