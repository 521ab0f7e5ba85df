//! # zcrypto
//!
//! Typed, fast, misuse-resistant cryptography for QUIC stacks, VPNs and smart-contract
//! VMs. zcrypto composes vetted implementations (RustCrypto, dalek, aws-lc-rs, `ml-kem`)
//! behind one uniform API:
//!
//! * [`hash`]: SHA-2, SHA3-256, Keccak-256, BLAKE2, BLAKE3; one-shot and incremental.
//! * [`mac`]: HMAC-SHA-256/384/512 with constant-time verification.
//! * [`kdf`]: HKDF and TLS 1.3 HKDF-Expand-Label.
//! * [`aead`]: AES-GCM, ChaCha20-Poly1305, XChaCha20-Poly1305, in place, no allocation.
//! * [`quic`]: QUIC v1/v2 packet protection (RFC 9001, RFC 9369): Initial keys, header
//!   protection, in-place packet protection, key update, Retry integrity.
//! * [`x25519`]: X25519 key agreement.
//! * [`kem`]: ML-KEM-512/768/1024 (FIPS 203) and the TLS hybrid X25519MLKEM768.
//! * [`batch`]: batch signature verification across schemes, deterministic, naming the bad items.
//! * [`merkle`]: Merkle trees and proofs.
//! * [`poseidon`]: the circom-compatible Poseidon hash over the BN254 scalar field.
//! * [`zero_copy`]: packet buffer pools, in-place and batch packet sealing, anti-replay.
//! * [`tunnel`]: the WireGuard protocol (Noise IKpsk2 handshake, cookies, transport,
//!   timers) as a sans-IO state machine, with an optional post-quantum hybrid mode
//!   (ML-KEM-768 pre-shared keys, rotated on a timer, no classical fallback).
//! * [`pool`]: connection-pool crypto: cached static DH per peer, resumption tickets,
//!   bulk HKDF, compact idle connections.
//! * [`profile`]: what packet crypto costs here, for congestion control (BBR pacing).
//! * [`metered`]: gas-metered, WASM-safe crypto over guest memory, for VMs (ZVM, WASM, EVM).
//! * [`zk`]: Groth16 proof verification over BN254 and BLS12-381, snarkjs/circom compatible;
//!   Bulletproofs range proofs; EIP-4844 KZG and Ethereum's point-evaluation precompile
//!   (feature `kzg`); halo2 PLONK provers and verifiers for shipped circuits (range check,
//!   Poseidon Merkle membership; feature `halo2`).
//! * `rustls` (feature `rustls`): a rustls `CryptoProvider` backed by zcrypto, for TLS 1.3
//!   and QUIC with X25519MLKEM768.
//!
//! Every fallible call returns [`Error`], whose [`Error::code`] is the same number in
//! Rust, C, Go and Python. Secrets are zeroized on drop and compared in constant time.
//! Algorithms have stable names ([`Algorithm`]). Most primitives run on two
//! [`Backend`]s: pure-Rust portable code (which builds for `wasm32-unknown-unknown`) and,
//! with the default `native` feature, aws-lc-rs where it is measured faster.
//!
//! ```
//! use zcrypto::{hash::{self, HashAlg}, Algorithm};
//! let alg: Algorithm = "keccak256".parse()?;
//! let digest = hash::hash(HashAlg::try_from(alg)?, b"");
//! assert_eq!(digest.to_hex(), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
//! # Ok::<(), zcrypto::Error>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod aead;
mod algorithm;
mod backend;
pub mod batch;
pub mod encoding;
mod error;
pub mod hash;
pub mod kdf;
pub mod kem;
pub mod mac;
pub mod merkle;
pub mod metered;
mod par;
pub mod pool;
pub mod poseidon;
#[cfg(feature = "std")]
pub mod profile;
pub mod quic;
#[cfg(feature = "std")]
pub mod rand;
#[cfg(feature = "rustls")]
pub mod rustls;
mod secret;
pub mod selftest;
pub mod sig;
#[cfg(feature = "std")]
pub mod tunnel;
mod util;
pub mod x25519;
#[cfg(feature = "std")]
pub mod zero_copy;
pub mod zk;

pub use algorithm::{Algorithm, Kind};
pub use backend::Backend;
pub use error::{ALL_ERRORS, Error};
pub use secret::Secret;

/// The repository README's Rust examples, compiled and run by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;

/// The crate version, for `zcrypto --version` and the FFI.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
