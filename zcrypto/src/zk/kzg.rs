//! EIP-4844 KZG polynomial commitments over BLS12-381 (feature `kzg`), and Ethereum's
//! point-evaluation precompile.
//!
//! ## What KZG is here
//!
//! A [`Blob`] is 4096 field elements of the BLS12-381 scalar field (131,072 bytes, each
//! element a canonical 32-byte big-endian number below [`BLS_MODULUS`]): the evaluations of
//! a polynomial p of degree < 4096. Its [`Commitment`] is one G1 point (48 bytes,
//! compressed), computed with the Ethereum mainnet trusted setup (the KZG ceremony). A
//! [`Proof`] (also 48 bytes) opens the commitment at a point: it convinces a verifier that
//! p(z) = y ([`compute_kzg_proof`] / [`verify_kzg_proof`]), or, for a whole blob, that the
//! commitment is the blob's ([`compute_blob_proof`] / [`verify_blob_proof`], the check a
//! consensus client runs on blob sidecars).
//!
//! [`point_evaluation`] is the EVM precompile at address `0x0a` (EIP-4844), byte for
//! byte: the input is `versioned_hash ‖ z ‖ y ‖ commitment ‖ proof` (192 bytes), the
//! versioned hash must be `0x01 ‖ SHA-256(commitment)[1..]`, and the output is
//! [`FIELD_ELEMENTS_PER_BLOB`] and [`BLS_MODULUS`] as two 32-byte big-endian numbers.
//!
//! The arithmetic is [`c-kzg`](https://crates.io/crates/c-kzg) 2 (the consensus-spec
//! reference library, C over blst), with the trusted setup the crate ships, loaded once
//! and kept for the process. c-kzg is C, so this module is behind the `kzg` feature (in
//! `native`, not in `portable`; it is not built for wasm32). zcrypto adds typed values,
//! exact lengths checked before work, and [`Error`] codes: malformed input (a point not on
//! the curve or not in the subgroup, a non-canonical field element) is
//! [`Error::InvalidEncoding`]; a well-formed proof that does not verify is
//! [`Error::InvalidProof`]. Nothing here panics on untrusted input.
//!
//! ## Example
//!
//! ```
//! use zcrypto::zk::kzg::{self, Blob, FieldElement};
//!
//! let mut bytes = vec![0u8; kzg::BYTES_PER_BLOB];
//! bytes[31] = 7; // p(ω⁰) = 7, every other evaluation 0
//! let blob = Blob::from_slice(&bytes)?;
//! let commitment = kzg::blob_to_commitment(&blob)?;
//! let proof = kzg::compute_blob_proof(&blob, &commitment)?;
//! kzg::verify_blob_proof(&blob, &commitment, &proof)?;
//!
//! // Open at z = 1 (= ω⁰): y = 7.
//! let z = FieldElement::from_u64(1);
//! let (proof, y) = kzg::compute_kzg_proof(&blob, &z)?;
//! assert_eq!(y, FieldElement::from_u64(7));
//! kzg::verify_kzg_proof(&commitment, &z, &y, &proof)?;
//!
//! // The same opening through the EVM precompile.
//! let mut input = Vec::new();
//! input.extend_from_slice(&kzg::versioned_hash(&commitment));
//! input.extend_from_slice(z.as_bytes());
//! input.extend_from_slice(y.as_bytes());
//! input.extend_from_slice(commitment.as_bytes());
//! input.extend_from_slice(proof.as_bytes());
//! let out = kzg::point_evaluation(&input)?;
//! assert_eq!(out[..32], kzg::FIELD_ELEMENTS_PER_BLOB_BE);
//! # Ok::<(), zcrypto::Error>(())
//! ```

use core::fmt;

use c_kzg::{Bytes32, Bytes48, KzgSettings};

use crate::Error;

/// The number of field elements in a blob.
pub const FIELD_ELEMENTS_PER_BLOB: usize = 4096;

/// The length of a blob in bytes (4096 × 32).
pub const BYTES_PER_BLOB: usize = FIELD_ELEMENTS_PER_BLOB * 32;

/// The input length of [`point_evaluation`].
pub const POINT_EVALUATION_INPUT_LEN: usize = 192;

/// The first byte of a KZG versioned hash (EIP-4844 `VERSIONED_HASH_VERSION_KZG`).
pub const VERSIONED_HASH_VERSION_KZG: u8 = 0x01;

/// The BLS12-381 scalar field modulus r, 32 bytes big-endian (EIP-4844 `BLS_MODULUS`).
pub const BLS_MODULUS: [u8; 32] = [
    0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8, 0x05,
    0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
];

/// [`FIELD_ELEMENTS_PER_BLOB`] as 32 bytes big-endian: the first half of the precompile's
/// output.
pub const FIELD_ELEMENTS_PER_BLOB_BE: [u8; 32] = {
    let mut b = [0u8; 32];
    let n = (FIELD_ELEMENTS_PER_BLOB as u32).to_be_bytes();
    b[28] = n[0];
    b[29] = n[1];
    b[30] = n[2];
    b[31] = n[3];
    b
};

/// The precompile's output for every valid input: `FIELD_ELEMENTS_PER_BLOB ‖ BLS_MODULUS`.
pub const POINT_EVALUATION_OUTPUT: [u8; 64] = {
    let mut out = [0u8; 64];
    let mut i = 0;
    while i < 32 {
        out[i] = FIELD_ELEMENTS_PER_BLOB_BE[i];
        out[32 + i] = BLS_MODULUS[i];
        i += 1;
    }
    out
};

/// The Ethereum mainnet trusted setup (shipped inside c-kzg), loaded on first use.
fn settings() -> &'static KzgSettings {
    // 0: no precomputed tables; they only speed up EIP-7594 cell proofs.
    c_kzg::ethereum_kzg_settings(0)
}

/// Whether 32 big-endian bytes are a canonical field element (below [`BLS_MODULUS`]).
fn is_canonical(bytes: &[u8; 32]) -> bool {
    // Lexicographic order of big-endian bytes is numeric order.
    bytes < &BLS_MODULUS
}

/// An element of the BLS12-381 scalar field: 32 bytes big-endian, below
/// [`BLS_MODULUS`] (an evaluation point z or value y).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldElement([u8; 32]);

impl FieldElement {
    /// A field element from its canonical 32-byte big-endian encoding; a number not below
    /// [`BLS_MODULUS`] is [`Error::InvalidEncoding`].
    pub fn from_bytes(bytes: [u8; 32]) -> Result<FieldElement, Error> {
        if is_canonical(&bytes) {
            Ok(FieldElement(bytes))
        } else {
            Err(Error::InvalidEncoding)
        }
    }

    /// A small field element.
    pub const fn from_u64(value: u64) -> FieldElement {
        let v = value.to_be_bytes();
        let mut b = [0u8; 32];
        let mut i = 0;
        while i < 8 {
            b[24 + i] = v[i];
            i += 1;
        }
        FieldElement(b)
    }

    /// The 32-byte big-endian encoding.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn raw(&self) -> Bytes32 {
        Bytes32::new(self.0)
    }
}

impl fmt::Debug for FieldElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FieldElement(")?;
        for b in &self.0 {
            write!(f, "{b:02x}")?;
        }
        write!(f, ")")
    }
}

macro_rules! g1_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name([u8; 48]);

        impl $name {
            /// From the 48-byte compressed encoding. The point is checked (on the curve, in
            /// the subgroup) when it is used: a bad point is [`Error::InvalidEncoding`] then.
            pub const fn from_bytes(bytes: [u8; 48]) -> $name {
                $name(bytes)
            }

            /// From a slice of 48 bytes ([`Error::InvalidLength`] otherwise).
            pub fn from_slice(bytes: &[u8]) -> Result<$name, Error> {
                Ok($name(crate::util::array(bytes)?))
            }

            /// The 48-byte compressed encoding.
            pub const fn as_bytes(&self) -> &[u8; 48] {
                &self.0
            }

            fn raw(&self) -> Bytes48 {
                Bytes48::new(self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "("))?;
                for b in &self.0 {
                    write!(f, "{b:02x}")?;
                }
                write!(f, ")")
            }
        }
    };
}

g1_type!(
    /// A KZG commitment to a blob: a compressed BLS12-381 G1 point (48 bytes).
    Commitment
);

g1_type!(
    /// A KZG opening proof: a compressed BLS12-381 G1 point (48 bytes).
    Proof
);

/// A blob: 4096 canonical field elements (131,072 bytes), on the heap.
///
/// [`Blob::from_slice`] checks only the length; the field elements are checked by the
/// operation that uses them ([`Error::InvalidEncoding`] for a non-canonical one).
#[derive(Clone)]
pub struct Blob(Box<c_kzg::Blob>);

impl Blob {
    /// A blob from exactly [`BYTES_PER_BLOB`] bytes ([`Error::InvalidLength`] otherwise,
    /// before anything is copied).
    pub fn from_slice(bytes: &[u8]) -> Result<Blob, Error> {
        if bytes.len() != BYTES_PER_BLOB {
            return Err(Error::InvalidLength {
                expected: BYTES_PER_BLOB,
                got: bytes.len(),
            });
        }
        c_kzg::Blob::from_bytes(bytes)
            .map(|b| Blob(Box::new(b)))
            .map_err(|_| Error::Internal)
    }

    /// The blob's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0[..]
    }
}

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Blob(..)")
    }
}

/// Maps a c-kzg error: every failure c-kzg reports for our (correctly sized) inputs is a
/// malformed input (C_KZG_BADARGS: bad point or non-canonical field element).
fn bad(_: c_kzg::Error) -> Error {
    Error::InvalidEncoding
}

fn verified(ok: bool) -> Result<(), Error> {
    if ok { Ok(()) } else { Err(Error::InvalidProof) }
}

/// Commits to a blob.
pub fn blob_to_commitment(blob: &Blob) -> Result<Commitment, Error> {
    settings()
        .blob_to_kzg_commitment(&blob.0)
        .map(|c| Commitment(c.to_bytes().into_inner()))
        .map_err(bad)
}

/// Proves the blob's polynomial p at `z`: returns the proof and y = p(z).
pub fn compute_kzg_proof(blob: &Blob, z: &FieldElement) -> Result<(Proof, FieldElement), Error> {
    let (proof, y) = settings()
        .compute_kzg_proof(&blob.0, &z.raw())
        .map_err(bad)?;
    let mut yb = [0u8; 32];
    yb.copy_from_slice(&y[..]);
    Ok((Proof(proof.to_bytes().into_inner()), FieldElement(yb)))
}

/// Verifies that the polynomial committed in `commitment` takes the value `y` at `z`.
///
/// A point that is not a valid G1 point is [`Error::InvalidEncoding`]; a proof that does
/// not verify is [`Error::InvalidProof`].
pub fn verify_kzg_proof(
    commitment: &Commitment,
    z: &FieldElement,
    y: &FieldElement,
    proof: &Proof,
) -> Result<(), Error> {
    settings()
        .verify_kzg_proof(&commitment.raw(), &z.raw(), &y.raw(), &proof.raw())
        .map_err(bad)
        .and_then(verified)
}

/// The proof that `commitment` is the blob's (evaluated at the Fiat–Shamir challenge;
/// consensus-spec `compute_blob_kzg_proof`).
pub fn compute_blob_proof(blob: &Blob, commitment: &Commitment) -> Result<Proof, Error> {
    settings()
        .compute_blob_kzg_proof(&blob.0, &commitment.raw())
        .map(|p| Proof(p.to_bytes().into_inner()))
        .map_err(bad)
}

/// Verifies that `commitment` is the blob's (consensus-spec `verify_blob_kzg_proof`).
pub fn verify_blob_proof(blob: &Blob, commitment: &Commitment, proof: &Proof) -> Result<(), Error> {
    settings()
        .verify_blob_kzg_proof(&blob.0, &commitment.raw(), &proof.raw())
        .map_err(bad)
        .and_then(verified)
}

/// The versioned hash of a commitment: `0x01 ‖ SHA-256(commitment)[1..]` (EIP-4844
/// `kzg_to_versioned_hash`; what a blob transaction carries).
pub fn versioned_hash(commitment: &Commitment) -> [u8; 32] {
    use sha2::Digest;
    let mut h: [u8; 32] = sha2::Sha256::digest(commitment.as_bytes()).into();
    h[0] = VERSIONED_HASH_VERSION_KZG;
    h
}

/// Ethereum's point-evaluation precompile (address `0x0a`, EIP-4844): verifies that the
/// blob behind `versioned_hash` evaluates to y at z.
///
/// `input` is `versioned_hash (32) ‖ z (32) ‖ y (32) ‖ commitment (48) ‖ proof (48)`.
/// Returns [`POINT_EVALUATION_OUTPUT`] (`FIELD_ELEMENTS_PER_BLOB ‖ BLS_MODULUS`, 32-byte
/// big-endian each) when the proof verifies. Errors (the precompile fails; its gas, 50,000,
/// is the caller's business): a length other than 192 bytes is [`Error::InvalidLength`]
/// (checked first, before any work); then, in the precompile's order, a versioned hash
/// that is not the commitment's is [`Error::InvalidProof`]; z or y not below
/// [`BLS_MODULUS`], or a commitment or proof that is not a valid G1 point, is
/// [`Error::InvalidEncoding`]; a proof that does not verify is [`Error::InvalidProof`].
pub fn point_evaluation(input: &[u8]) -> Result<[u8; 64], Error> {
    if input.len() != POINT_EVALUATION_INPUT_LEN {
        return Err(Error::InvalidLength {
            expected: POINT_EVALUATION_INPUT_LEN,
            got: input.len(),
        });
    }
    // The precompile's order: the versioned hash, then the proof.
    let commitment = Commitment::from_slice(&input[96..144])?;
    if versioned_hash(&commitment)[..] != input[..32] {
        return Err(Error::InvalidProof);
    }
    let z = FieldElement::from_bytes(crate::util::array(&input[32..64])?)?;
    let y = FieldElement::from_bytes(crate::util::array(&input[64..96])?)?;
    let proof = Proof::from_slice(&input[144..192])?;
    verify_kzg_proof(&commitment, &z, &y, &proof)?;
    Ok(POINT_EVALUATION_OUTPUT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_match_c_kzg() {
        assert_eq!(FIELD_ELEMENTS_PER_BLOB, c_kzg::FIELD_ELEMENTS_PER_BLOB);
        assert_eq!(BYTES_PER_BLOB, c_kzg::BYTES_PER_BLOB);
        assert_eq!(&FIELD_ELEMENTS_PER_BLOB_BE[28..], &[0, 0, 0x10, 0]);
        assert_eq!(POINT_EVALUATION_OUTPUT[..32], FIELD_ELEMENTS_PER_BLOB_BE);
        assert_eq!(POINT_EVALUATION_OUTPUT[32..], BLS_MODULUS);
    }

    #[test]
    fn canonical_boundary() {
        let mut r_minus_1 = BLS_MODULUS;
        r_minus_1[31] -= 1;
        assert!(FieldElement::from_bytes(r_minus_1).is_ok());
        assert_eq!(
            FieldElement::from_bytes(BLS_MODULUS),
            Err(Error::InvalidEncoding)
        );
        assert_eq!(
            FieldElement::from_bytes([0xff; 32]),
            Err(Error::InvalidEncoding)
        );
    }

    #[test]
    fn lengths_checked_first() {
        assert_eq!(
            point_evaluation(&[0; 191]),
            Err(Error::InvalidLength {
                expected: 192,
                got: 191
            })
        );
        assert!(Blob::from_slice(&[0; 10]).is_err());
        assert!(Commitment::from_slice(&[0; 47]).is_err());
    }
}
