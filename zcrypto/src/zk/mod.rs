//! Zero-knowledge proofs and polynomial commitments:
//!
//! * **Groth16** verification over BN254 and BLS12-381, compatible with
//!   [snarkjs](https://github.com/iden3/snarkjs) and circom (this module's top level,
//!   below; pure Rust, builds for wasm32);
//! * [`bulletproofs`]: **Bulletproofs range proofs** over Ristretto255: Pedersen
//!   commitments, proofs that 8/16/32/64-bit values are in range, single or aggregated (up
//!   to 16 values), verification alone or in batches (pure Rust, builds for wasm32);
//! * [`kzg`] (feature `kzg`, in `native`): **EIP-4844 KZG** commitments over BLS12-381 with
//!   Ethereum's mainnet trusted setup: blob commitments, blob and point-opening proofs,
//!   and Ethereum's point-evaluation precompile (`0x0a`) byte for byte (c-kzg, C; not for
//!   wasm32).
//! * [`halo2`] (feature `halo2`): **halo2 PLONK** proofs (IPA over the Pasta curves, no
//!   trusted setup) for circuits shipped with zcrypto: a range check on a Poseidon
//!   commitment and Merkle membership in a Poseidon tree, provers and verifiers, and a
//!   registry of stable circuit ids.
//!
//! Every verifier takes typed values, checks lengths and counts before any work
//! ([`Error::LimitExceeded`](crate::Error::LimitExceeded) for too much), refuses malformed
//! input with an [`Error`](crate::Error) code and never panics on it.
//!
//! ## What Groth16 is here
//!
//! A Groth16 proof is three curve points, A, B (in G2) and C, that convince a verifier
//! that the prover knows a witness satisfying a circuit (an R1CS, e.g. compiled by
//! circom) for some **public inputs** x₁ … xₙ, without revealing anything else. The
//! circuit-specific **verifying key** (from the trusted setup) holds α, β, γ, δ and the
//! points IC₀ … ICₙ; the verifier checks one pairing equation,
//!
//! e(A, B) = e(α, β) · e(IC₀ + Σ xᵢ·ICᵢ, γ) · e(C, δ).
//!
//! The pairing arithmetic is [`ark-groth16`](https://crates.io/crates/ark-groth16) 0.6
//! (pure Rust, so this module builds for `wasm32-unknown-unknown`). zcrypto adds the
//! checks untrusted input needs: every point is on its curve **and in the prime-order
//! subgroup**, the key's α, β, γ, δ and the proof's points are not the identity, every
//! number is a canonical encoding below its field's modulus, the number of public inputs
//! equals the key's, and all work is bounded ([`MAX_PUBLIC_INPUTS`], [`MAX_BATCH`],
//! [`MAX_JSON_LEN`]; [`Error::LimitExceeded`](crate::Error::LimitExceeded) before any
//! work). Nothing here panics on malformed input.
//!
//! Keep a [`PreparedVerifyingKey`] per circuit ([`VerifyingKey::prepare`] computes
//! e(α, β) once) and call [`verify`], or [`verify_batch`] / [`verify_batch_each`] for many
//! proofs under one key (one randomised pairing equation; the bad proofs named).
//!
//! ## JSON formats (feature `serde`)
//!
//! The snarkjs files, as `snarkjs groth16 setup / zkey export verificationkey /
//! groth16 prove` write them:
//!
//! * `verification_key.json` ([`VerifyingKey::from_snarkjs_json`]): `"protocol":
//!   "groth16"`, `"curve": "bn128"` or `"bls12381"`, `nPublic`, `vk_alpha_1` (G1),
//!   `vk_beta_2`, `vk_gamma_2`, `vk_delta_2` (G2) and `IC` (`nPublic + 1` G1 points);
//! * `proof.json` ([`Proof::from_snarkjs_json`]): `pi_a` (G1), `pi_b` (G2), `pi_c` (G1);
//! * `public.json` ([`public_inputs_from_snarkjs_json`]): an array of decimal strings.
//!
//! A G1 point is `[x, y, "1"]`, a G2 point `[[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]`
//! (`c0 + c1·u`), all decimal strings (snarkjs' affine form; see the `snarkjs` module's notes on
//! the point at infinity). Without `serde`, build inputs with
//! [`PublicInputs::from_decimal_strs`] / [`PublicInputs::from_be_bytes`] and keys and
//! proofs from arkworks values ([`VerifyingKey::from_bn254`], [`Proof::from_bn254`], ...).
//!
//! Keys and proofs also have a compact binary form ([`encoding`]: a curve tag and
//! arkworks' compressed points; 129 bytes for a BN254 proof), available without `serde`.
//!
//! ## Example
//!
//! Verifying a proof made by snarkjs for the circom circuit `c = a·b + k` (public
//! signals `[c, k]`; the fixtures and their generator are in `vectors/zk/`):
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use zcrypto::zk::{self, Curve, PreparedVerifyingKey, Proof};
//!
//! let pvk = PreparedVerifyingKey::from_snarkjs_json(include_str!(
//!     "../../../vectors/zk/groth16/bn128/verification_key.json"
//! ))?;
//! let proof = Proof::from_snarkjs_json(
//!     Curve::Bn254,
//!     include_str!("../../../vectors/zk/groth16/bn128/proof.json"),
//! )?;
//! let public = zk::public_inputs_from_snarkjs_json(
//!     Curve::Bn254,
//!     include_str!("../../../vectors/zk/groth16/bn128/public.json"),
//! )?;
//! assert_eq!(public.len(), 2); // c = 3·11 + 5 = 38 and k = 5
//! zk::verify(&pvk, &proof, &public)?;
//!
//! // Another statement does not verify.
//! let wrong = zk::PublicInputs::from_decimal_strs(Curve::Bn254, &["39", "5"])?;
//! assert_eq!(zk::verify(&pvk, &proof, &wrong), Err(zcrypto::Error::InvalidProof));
//! # }
//! # Ok::<(), zcrypto::Error>(())
//! ```

pub mod bulletproofs;
mod decimal;
pub mod encoding;
mod groth16;
#[cfg(feature = "halo2")]
pub mod halo2;
#[cfg(feature = "kzg")]
pub mod kzg;
#[cfg(feature = "serde")]
pub mod snarkjs;

pub use groth16::{
    Curve, PreparedVerifyingKey, Proof, PublicInputs, VerifyingKey, verify, verify_batch,
    verify_batch_each,
};
#[cfg(feature = "serde")]
pub use snarkjs::public_inputs_from_snarkjs_json;

/// The most public inputs a key or statement may have (`IC` holds one point more).
pub const MAX_PUBLIC_INPUTS: usize = 4096;

/// The most proofs one [`verify_batch`] / [`verify_batch_each`] call takes.
pub const MAX_BATCH: usize = 4096;

/// The longest JSON text the snarkjs loaders parse (4 MiB; a verifying key with
/// [`MAX_PUBLIC_INPUTS`] BLS12-381 inputs is about 1.1 MB).
pub const MAX_JSON_LEN: usize = 4 << 20;
