//! Bulletproofs range proofs over Ristretto255: prove that Pedersen-committed values lie in
//! `[0, 2ⁿ)` for n = 8, 16, 32 or 64, one value or 1 to [`MAX_AGGREGATION`] values in one
//! aggregated proof, without revealing them.
//!
//! ## What a range proof is here
//!
//! A [`Commitment`] to a value v with a secret [`Blinding`] factor r is the Ristretto point
//! `C = v·B + r·B̃` (B the Ristretto basepoint, B̃ the SHA3-512 hash of its encoding; the
//! [`bulletproofs`](https://crates.io/crates/bulletproofs) crate's `PedersenGens::default()`).
//! C hides v (r is uniformly random) and binds the committer to it. A [`RangeProof`]
//! convinces a verifier that every committed value fits in [`BitSize`] bits. Proofs are
//! short: `32·(9 + 2·log₂(n·m))` bytes for m values of n bits (672 bytes for one 64-bit
//! value, 928 bytes for sixteen).
//!
//! The proof system is dalek's [`bulletproofs`](https://crates.io/crates/bulletproofs) 5
//! (curve25519-dalek 4, merlin transcripts); zcrypto adds typed values, length limits
//! checked before any work, secrets that are zeroized on drop, and [`Error`] codes instead
//! of panics.
//!
//! ## Transcript label
//!
//! Every proof is bound to the merlin transcript label [`TRANSCRIPT_LABEL`]
//! (`"zcrypto.zk.bulletproofs.range_proof.v1"`), so proofs made by zcrypto verify only with
//! zcrypto (or with the raw crate given that label) and cannot be replayed into another
//! protocol that uses the same crate with its own label.
//!
//! ## Randomness
//!
//! Proving needs fresh randomness (it is what makes the proof zero-knowledge):
//! [`RangeProof::prove`] (feature `std`) draws 32 bytes from the operating system;
//! [`RangeProof::prove_with_entropy`] takes 32 caller-supplied random bytes (for
//! `wasm32-unknown-unknown`, e.g. from `crypto.getRandomValues`). Either way the bytes are
//! mixed with the transcript and the secret values and blindings by merlin's
//! `TranscriptRng`, so a weak entropy source alone does not leak the witness.
//!
//! Verification is deterministic: the crate's verifier asks for one random scalar (to
//! combine its two checks), which zcrypto derives with merlin from the transcript and every
//! byte of the proof and commitments (Fiat–Shamir), so the prover cannot predict it before
//! fixing the proof, and the same inputs always give the same answer.
//!
//! ## Batch verification
//!
//! The crate has no batch API for independent proofs (its `verify_multiple` is the check of
//! one aggregated proof), so [`verify_batch`] verifies each proof on its own, in parallel
//! across cores with rayon under the `std` feature (one after the other without it), and
//! [`verify_batch_each`] names the bad ones.
//!
//! ## Example
//!
//! ```
//! use zcrypto::zk::bulletproofs::{BitSize, Blinding, RangeProof};
//!
//! let blinding = Blinding::from_bytes([7; 32])?; // use Blinding::random() in practice
//! let (proof, commitment) =
//!     RangeProof::prove_single_with_entropy(BitSize::Bits32, 1_000_000, &blinding, &[9; 32])?;
//! proof.verify_single(BitSize::Bits32, &commitment)?;
//!
//! // The proof travels as bytes; the commitment as 32 bytes.
//! let bytes = proof.to_bytes();
//! assert_eq!(bytes.len(), 608);
//! let proof = RangeProof::from_bytes(&bytes)?;
//! proof.verify_single(BitSize::Bits32, &commitment)?;
//!
//! // A value that does not fit is refused at proving time.
//! assert!(RangeProof::prove_single_with_entropy(BitSize::Bits8, 256, &blinding, &[9; 32]).is_err());
//! # Ok::<(), zcrypto::Error>(())
//! ```

use core::fmt;
use std::sync::OnceLock;

use bulletproofs::{BulletproofGens, PedersenGens, ProofError};
use curve25519_dalek_4::ristretto::CompressedRistretto;
use curve25519_dalek_4::scalar::Scalar;
use merlin::Transcript;
use rand_core_06::{CryptoRng, RngCore};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::MAX_BATCH;
use crate::{Error, par};

/// The merlin transcript label every zcrypto range proof is bound to.
pub const TRANSCRIPT_LABEL: &[u8] = b"zcrypto.zk.bulletproofs.range_proof.v1";

/// The most values one aggregated proof covers (a power of two, as the crate requires).
pub const MAX_AGGREGATION: usize = 16;

/// The shortest encoded proof: one 8-bit value (`32·(9 + 2·3)` = 480 bytes).
pub const MIN_PROOF_LEN: usize = 32 * (9 + 2 * 3);

/// The longest encoded proof: sixteen 64-bit values (`32·(9 + 2·10)` = 928 bytes).
pub const MAX_PROOF_LEN: usize = 32 * (9 + 2 * 10);

/// The size of the range: values are proved to lie in `[0, 2ⁿ)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BitSize {
    /// `[0, 2⁸)`.
    Bits8,
    /// `[0, 2¹⁶)`.
    Bits16,
    /// `[0, 2³²)`.
    Bits32,
    /// `[0, 2⁶⁴)`: any `u64`.
    Bits64,
}

impl BitSize {
    /// The number of bits n.
    pub const fn bits(self) -> usize {
        match self {
            BitSize::Bits8 => 8,
            BitSize::Bits16 => 16,
            BitSize::Bits32 => 32,
            BitSize::Bits64 => 64,
        }
    }

    /// The bit size with `bits` bits (8, 16, 32 or 64); anything else is
    /// [`Error::InvalidLength`].
    pub const fn from_bits(bits: usize) -> Result<BitSize, Error> {
        match bits {
            8 => Ok(BitSize::Bits8),
            16 => Ok(BitSize::Bits16),
            32 => Ok(BitSize::Bits32),
            64 => Ok(BitSize::Bits64),
            got => Err(Error::InvalidLength { expected: 64, got }),
        }
    }

    /// Whether `value` fits: `value < 2ⁿ`.
    pub const fn contains(self, value: u64) -> bool {
        match self {
            BitSize::Bits64 => true,
            _ => value >> self.bits() == 0,
        }
    }

    /// The length of an encoded proof for `count` values of this size (`count` a power of
    /// two from 1 to [`MAX_AGGREGATION`]; `None` otherwise).
    pub const fn proof_len(self, count: usize) -> Option<usize> {
        if count == 0 || count > MAX_AGGREGATION || !count.is_power_of_two() {
            return None;
        }
        let lg = (self.bits() * count).trailing_zeros() as usize;
        Some(32 * (9 + 2 * lg))
    }
}

/// A secret blinding factor r of a Pedersen [`Commitment`]: a Ristretto255 scalar.
///
/// Zeroized on drop; `Debug` does not print it. Draw it at random ([`Blinding::random`])
/// for every commitment: a commitment is only hiding when r is uniform and secret.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Blinding(Scalar);

impl Blinding {
    /// A uniformly random blinding factor from the operating system's CSPRNG.
    #[cfg(feature = "std")]
    pub fn random() -> Result<Blinding, Error> {
        let mut wide = crate::rand::array::<64>()?;
        let b = Blinding::from_bytes_wide(&wide);
        wide.zeroize();
        Ok(b)
    }

    /// The scalar whose canonical little-endian encoding is `bytes`; a value not below the
    /// group order ℓ is [`Error::InvalidKey`].
    pub fn from_bytes(mut bytes: [u8; 32]) -> Result<Blinding, Error> {
        let s = Option::<Scalar>::from(Scalar::from_canonical_bytes(bytes));
        bytes.zeroize();
        s.map(Blinding).ok_or(Error::InvalidKey)
    }

    /// 64 (uniformly random) bytes reduced modulo ℓ: how to turn random bytes into an
    /// unbiased blinding factor.
    pub fn from_bytes_wide(bytes: &[u8; 64]) -> Blinding {
        Blinding(Scalar::from_bytes_mod_order_wide(bytes))
    }

    /// The canonical 32-byte little-endian encoding (secret: keep it as such).
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }
}

impl fmt::Debug for Blinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Blinding(..)")
    }
}

/// A Pedersen commitment `v·B + r·B̃` to a value v with blinding r: a compressed
/// Ristretto255 point (32 bytes). Public.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Commitment(CompressedRistretto);

impl Commitment {
    /// Commits to `value` with `blinding`.
    pub fn new(value: u64, blinding: &Blinding) -> Commitment {
        Commitment(
            pedersen()
                .commit(Scalar::from(value), blinding.0)
                .compress(),
        )
    }

    /// A commitment from its 32-byte encoding; bytes that are not a canonical Ristretto
    /// encoding are [`Error::InvalidEncoding`].
    pub fn from_bytes(bytes: [u8; 32]) -> Result<Commitment, Error> {
        let c = CompressedRistretto(bytes);
        c.decompress().ok_or(Error::InvalidEncoding)?;
        Ok(Commitment(c))
    }

    /// A commitment from a slice of 32 bytes ([`Error::InvalidLength`] otherwise).
    pub fn from_slice(bytes: &[u8]) -> Result<Commitment, Error> {
        Commitment::from_bytes(crate::util::array(bytes)?)
    }

    /// The 32-byte encoding.
    pub const fn to_bytes(&self) -> [u8; 32] {
        self.0.0
    }

    /// The 32-byte encoding, borrowed.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0.0
    }
}

impl fmt::Debug for Commitment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Commitment(")?;
        for b in self.as_bytes() {
            write!(f, "{b:02x}")?;
        }
        write!(f, ")")
    }
}

/// A Bulletproofs range proof that one or more committed values fit in a [`BitSize`].
///
/// A proof for m values of n bits is `32·(9 + 2·log₂(n·m))` bytes ([`BitSize::proof_len`]).
/// The proof does not record n or the commitments: the verifier states them (they are the
/// statement), and a proof checked against another size or other commitments fails.
#[derive(Clone)]
pub struct RangeProof(bulletproofs::RangeProof);

impl fmt::Debug for RangeProof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RangeProof({} bytes)", self.encoded_len())
    }
}

impl PartialEq for RangeProof {
    fn eq(&self, other: &Self) -> bool {
        self.to_bytes() == other.to_bytes()
    }
}

impl Eq for RangeProof {}

/// The generators for up to 64 bits × 16 parties, made once (2,048 hash-to-group points).
fn generators() -> &'static BulletproofGens {
    static GENS: OnceLock<BulletproofGens> = OnceLock::new();
    GENS.get_or_init(|| BulletproofGens::new(64, MAX_AGGREGATION))
}

fn pedersen() -> &'static PedersenGens {
    static GENS: OnceLock<PedersenGens> = OnceLock::new();
    GENS.get_or_init(PedersenGens::default)
}

/// Feeds fixed bytes to merlin's `TranscriptRng` finalisation (it asks for 32 bytes once).
struct FixedRng<'a>(&'a [u8; 32]);

impl RngCore for FixedRng<'_> {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for (d, s) in dest.iter_mut().zip(self.0.iter().cycle()) {
            *d = *s;
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core_06::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

// Only ever used as the extra input of merlin's TranscriptRng (which is the CSPRNG).
impl CryptoRng for FixedRng<'_> {}

fn new_transcript() -> Transcript {
    Transcript::new(TRANSCRIPT_LABEL)
}

/// Maps a crate error at proving time.
fn prove_error(e: ProofError) -> Error {
    match e {
        ProofError::InvalidBitsize
        | ProofError::InvalidAggregation
        | ProofError::WrongNumBlindingFactors
        | ProofError::InvalidInputLength => Error::InvalidLength {
            expected: 1,
            got: 0,
        },
        ProofError::InvalidGeneratorsLength => Error::LimitExceeded,
        _ => Error::Internal,
    }
}

impl RangeProof {
    /// Proves that `value` fits in `bits` and returns the proof with the commitment to
    /// `value` under `blinding`, with fresh randomness from the operating system.
    #[cfg(feature = "std")]
    pub fn prove_single(
        bits: BitSize,
        value: u64,
        blinding: &Blinding,
    ) -> Result<(RangeProof, Commitment), Error> {
        let entropy = zeroize::Zeroizing::new(crate::rand::array::<32>()?);
        RangeProof::prove_single_with_entropy(bits, value, blinding, &entropy)
    }

    /// [`RangeProof::prove_single`] with 32 caller-supplied random bytes (fresh for every
    /// proof) instead of the operating system's; see the [module docs](self) on randomness.
    pub fn prove_single_with_entropy(
        bits: BitSize,
        value: u64,
        blinding: &Blinding,
        entropy: &[u8; 32],
    ) -> Result<(RangeProof, Commitment), Error> {
        let (proof, mut commitments) = RangeProof::prove_with_entropy(
            bits,
            &[value],
            core::slice::from_ref(blinding),
            entropy,
        )?;
        let c = commitments.pop().ok_or(Error::Internal)?;
        Ok((proof, c))
    }

    /// Proves that every one of `values` fits in `bits`, in one aggregated proof, and
    /// returns it with the commitments (in order) under the matching `blindings`, with fresh
    /// randomness from the operating system.
    ///
    /// There must be 1, 2, 4, 8 or 16 values ([`Error::InvalidLength`] otherwise, or
    /// [`Error::LimitExceeded`] for more than [`MAX_AGGREGATION`]) and as many blindings
    /// ([`Error::InvalidLength`]); a value that does not fit is [`Error::LimitExceeded`].
    #[cfg(feature = "std")]
    pub fn prove(
        bits: BitSize,
        values: &[u64],
        blindings: &[Blinding],
    ) -> Result<(RangeProof, Vec<Commitment>), Error> {
        let entropy = zeroize::Zeroizing::new(crate::rand::array::<32>()?);
        RangeProof::prove_with_entropy(bits, values, blindings, &entropy)
    }

    /// [`RangeProof::prove`] with 32 caller-supplied random bytes (fresh for every proof)
    /// instead of the operating system's; see the [module docs](self) on randomness.
    pub fn prove_with_entropy(
        bits: BitSize,
        values: &[u64],
        blindings: &[Blinding],
        entropy: &[u8; 32],
    ) -> Result<(RangeProof, Vec<Commitment>), Error> {
        let m = values.len();
        if m > MAX_AGGREGATION {
            return Err(Error::LimitExceeded);
        }
        if m == 0 || !m.is_power_of_two() {
            return Err(Error::InvalidLength {
                expected: m.next_power_of_two().max(1),
                got: m,
            });
        }
        if blindings.len() != m {
            return Err(Error::InvalidLength {
                expected: m,
                got: blindings.len(),
            });
        }
        if !values.iter().all(|&v| bits.contains(v)) {
            return Err(Error::LimitExceeded);
        }
        let mut transcript = new_transcript();
        // Bind the RNG to the statement, the secrets and the caller's entropy.
        let mut builder = transcript.build_rng();
        for (v, r) in values.iter().zip(blindings) {
            let mut v = v.to_le_bytes();
            let mut r = r.to_bytes();
            builder = builder
                .rekey_with_witness_bytes(b"v", &v)
                .rekey_with_witness_bytes(b"r", &r);
            v.zeroize();
            r.zeroize();
        }
        let mut rng = builder.finalize(&mut FixedRng(entropy));
        let scalars: Vec<Scalar> = blindings.iter().map(|b| b.0).collect();
        let mut scalars = zeroize::Zeroizing::new(scalars);
        let result = bulletproofs::RangeProof::prove_multiple_with_rng(
            generators(),
            pedersen(),
            &mut transcript,
            values,
            &scalars,
            bits.bits(),
            &mut rng,
        );
        scalars.zeroize();
        let (proof, commitments) = result.map_err(prove_error)?;
        Ok((
            RangeProof(proof),
            commitments.into_iter().map(Commitment).collect(),
        ))
    }

    /// Verifies that the value committed in `commitment` fits in `bits`.
    ///
    /// [`Error::InvalidProof`] if it does not verify (wrong size, wrong commitment, a proof
    /// for several values, a tampered proof).
    pub fn verify_single(&self, bits: BitSize, commitment: &Commitment) -> Result<(), Error> {
        self.verify(bits, core::slice::from_ref(commitment))
    }

    /// Verifies that every value committed in `commitments` (in the prover's order) fits in
    /// `bits`: one aggregated proof for 1, 2, 4, 8 or 16 commitments.
    ///
    /// A commitment count the proof's length does not allow is [`Error::InvalidProof`]
    /// (more than [`MAX_AGGREGATION`]: [`Error::LimitExceeded`], before any work); a proof
    /// that does not verify is [`Error::InvalidProof`].
    pub fn verify(&self, bits: BitSize, commitments: &[Commitment]) -> Result<(), Error> {
        let m = commitments.len();
        if m > MAX_AGGREGATION {
            return Err(Error::LimitExceeded);
        }
        // The proof's inner-product argument has log₂(n·m) rounds; check before the
        // multiscalar multiplication (the crate would also refuse, later).
        let bytes = self.to_bytes();
        if bits.proof_len(m) != Some(bytes.len()) {
            return Err(Error::InvalidProof);
        }
        let raw: Vec<CompressedRistretto> = commitments.iter().map(|c| c.0).collect();
        let mut transcript = new_transcript();
        let mut rng = verifier_rng(&transcript, &bytes, &raw, bits);
        self.0
            .verify_multiple_with_rng(
                generators(),
                pedersen(),
                &mut transcript,
                &raw,
                bits.bits(),
                &mut rng,
            )
            .map_err(|_| Error::InvalidProof)
    }

    /// The proof's encoding (the crate's layout: A, S, T₁, T₂, t_x, t̃_x, ẽ, the
    /// inner-product rounds L₀, R₀, …, then a, b; 32 bytes each).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes()
    }

    /// The length of [`RangeProof::to_bytes`].
    pub fn encoded_len(&self) -> usize {
        self.0.to_bytes().len()
    }

    /// Parses an encoded proof. Checked before parsing: the length is one a proof can have
    /// (480 to [`MAX_PROOF_LEN`] bytes in steps of 64; longer is [`Error::LimitExceeded`],
    /// other lengths [`Error::InvalidLength`]). Scalars must be canonical
    /// ([`Error::InvalidProof`]); points are checked when verifying.
    pub fn from_bytes(bytes: &[u8]) -> Result<RangeProof, Error> {
        let len = bytes.len();
        if len > MAX_PROOF_LEN {
            return Err(Error::LimitExceeded);
        }
        if len < MIN_PROOF_LEN || !(len - MIN_PROOF_LEN).is_multiple_of(64) {
            return Err(Error::InvalidLength {
                expected: MIN_PROOF_LEN,
                got: len,
            });
        }
        bulletproofs::RangeProof::from_bytes(bytes)
            .map(RangeProof)
            .map_err(|_| Error::InvalidProof)
    }

    /// The crate's proof, for interoperating with code that uses `bulletproofs` directly
    /// (with the transcript label [`TRANSCRIPT_LABEL`]).
    pub fn as_bulletproofs(&self) -> &bulletproofs::RangeProof {
        &self.0
    }
}

/// The verifier's random scalar source: merlin's `TranscriptRng` keyed by the (fresh)
/// transcript and every public byte of the statement and proof.
fn verifier_rng(
    transcript: &Transcript,
    proof: &[u8],
    commitments: &[CompressedRistretto],
    bits: BitSize,
) -> merlin::TranscriptRng {
    let mut builder = transcript
        .build_rng()
        .rekey_with_witness_bytes(b"n", &(bits.bits() as u64).to_le_bytes())
        .rekey_with_witness_bytes(b"proof", proof);
    for c in commitments {
        builder = builder.rekey_with_witness_bytes(b"V", c.as_bytes());
    }
    builder.finalize(&mut FixedRng(&[0; 32]))
}

/// One statement of a batch: a proof, the bit size and the commitments it is checked
/// against.
#[derive(Debug, Clone, Copy)]
pub struct BatchItem<'a> {
    /// The proof.
    pub proof: &'a RangeProof,
    /// The range the values are claimed to lie in.
    pub bits: BitSize,
    /// The commitments, in the prover's order (1 for a single-value proof).
    pub commitments: &'a [Commitment],
}

/// Verifies many proofs: `Ok` if every one verifies, [`Error::InvalidProof`] otherwise.
///
/// Each proof is checked on its own (the crate has no batch equation for independent
/// proofs), in parallel with rayon under `std`. More than [`MAX_BATCH`] items is
/// [`Error::LimitExceeded`] before any work.
pub fn verify_batch(items: &[BatchItem<'_>]) -> Result<(), Error> {
    if items.len() > MAX_BATCH {
        return Err(Error::LimitExceeded);
    }
    par::map(items, |i| i.proof.verify(i.bits, i.commitments))
        .into_iter()
        .try_for_each(|r| r.map_err(|_| Error::InvalidProof))
}

/// Verifies many proofs and names the bad ones: one result per item, in order (all
/// [`Error::LimitExceeded`] for more than [`MAX_BATCH`] items).
pub fn verify_batch_each(items: &[BatchItem<'_>]) -> Vec<Result<(), Error>> {
    if items.len() > MAX_BATCH {
        return items.iter().map(|_| Err(Error::LimitExceeded)).collect();
    }
    par::map(items, |i| i.proof.verify(i.bits, i.commitments))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blinding(i: u8) -> Blinding {
        Blinding::from_bytes_wide(&[i; 64])
    }

    #[test]
    fn proof_lengths() {
        assert_eq!(BitSize::Bits8.proof_len(1), Some(MIN_PROOF_LEN));
        assert_eq!(BitSize::Bits64.proof_len(1), Some(672));
        assert_eq!(BitSize::Bits64.proof_len(16), Some(MAX_PROOF_LEN));
        assert_eq!(BitSize::Bits64.proof_len(3), None);
        assert_eq!(BitSize::Bits64.proof_len(32), None);
        for bits in [8, 16, 32, 64] {
            let b = BitSize::from_bits(bits).unwrap();
            assert_eq!(b.bits(), bits);
            let blindings: Vec<Blinding> = (0..2).map(blinding).collect();
            let (p, _) = RangeProof::prove_with_entropy(b, &[1, 2], &blindings, &[1; 32]).unwrap();
            assert_eq!(Some(p.encoded_len()), b.proof_len(2));
        }
        assert!(BitSize::from_bits(7).is_err());
    }

    #[test]
    fn contains() {
        assert!(BitSize::Bits8.contains(255));
        assert!(!BitSize::Bits8.contains(256));
        assert!(BitSize::Bits32.contains(u32::MAX.into()));
        assert!(!BitSize::Bits32.contains(1 << 32));
        assert!(BitSize::Bits64.contains(u64::MAX));
    }

    #[test]
    fn commitment_matches_prover() {
        let r = blinding(3);
        let (proof, c) =
            RangeProof::prove_single_with_entropy(BitSize::Bits16, 500, &r, &[2; 32]).unwrap();
        assert_eq!(c, Commitment::new(500, &r));
        proof.verify_single(BitSize::Bits16, &c).unwrap();
        assert_eq!(
            proof.verify_single(BitSize::Bits16, &Commitment::new(501, &r)),
            Err(Error::InvalidProof)
        );
    }

    #[test]
    fn entropy_changes_proof_and_is_deterministic() {
        let r = blinding(4);
        let a = RangeProof::prove_single_with_entropy(BitSize::Bits8, 5, &r, &[1; 32]).unwrap();
        let b = RangeProof::prove_single_with_entropy(BitSize::Bits8, 5, &r, &[1; 32]).unwrap();
        let c = RangeProof::prove_single_with_entropy(BitSize::Bits8, 5, &r, &[2; 32]).unwrap();
        assert_eq!(a.0, b.0);
        assert_ne!(a.0, c.0);
        assert_eq!(a.1, c.1);
    }

    #[test]
    fn blinding_debug_and_canonical() {
        assert_eq!(format!("{:?}", blinding(1)), "Blinding(..)");
        assert_eq!(
            Blinding::from_bytes([0xff; 32]).err(),
            Some(Error::InvalidKey)
        );
        let r = blinding(9);
        assert_eq!(
            Blinding::from_bytes(r.to_bytes()).unwrap().to_bytes(),
            r.to_bytes()
        );
    }
}
