//! Hash functions: one-shot and incremental.
//!
//! ```
//! use zcrypto::hash::{self, HashAlg, Hasher};
//! let d = hash::hash(HashAlg::Sha256, b"abc");
//! assert_eq!(d.to_hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
//!
//! let mut h = Hasher::new(HashAlg::Sha256);
//! h.update(b"a");
//! h.update(b"bc");
//! assert_eq!(h.finalize(), d);
//! ```
//!
//! The implementations are RustCrypto's `sha2`/`sha3`/`blake2` and the `blake3` crate on
//! every target: `sha2` uses the SHA-NI instructions where the CPU has them and `blake3`
//! its AVX-512/AVX2 code, which `benches/compare hash` measures against aws-lc-rs.

use core::fmt;

use digest::Digest as _;

use crate::{Algorithm, Error};

// RustCrypto's `digest` trait crate, re-exported by sha2.
use sha2::digest;

/// A hash function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashAlg {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// SHA3-256.
    Sha3_256,
    /// Keccak-256 (Ethereum's, with the original 0x01 padding).
    Keccak256,
    /// BLAKE2b-512.
    Blake2b512,
    /// BLAKE2s-256.
    Blake2s256,
    /// BLAKE3 (256-bit output).
    Blake3,
}

impl HashAlg {
    /// Every hash function.
    pub const ALL: [HashAlg; 8] = [
        HashAlg::Sha256,
        HashAlg::Sha384,
        HashAlg::Sha512,
        HashAlg::Sha3_256,
        HashAlg::Keccak256,
        HashAlg::Blake2b512,
        HashAlg::Blake2s256,
        HashAlg::Blake3,
    ];

    /// The digest length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            HashAlg::Sha256 | HashAlg::Sha3_256 | HashAlg::Keccak256 => 32,
            HashAlg::Blake2s256 | HashAlg::Blake3 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 | HashAlg::Blake2b512 => 64,
        }
    }

    /// The stable algorithm name.
    pub const fn algorithm(self) -> Algorithm {
        match self {
            HashAlg::Sha256 => Algorithm::Sha256,
            HashAlg::Sha384 => Algorithm::Sha384,
            HashAlg::Sha512 => Algorithm::Sha512,
            HashAlg::Sha3_256 => Algorithm::Sha3_256,
            HashAlg::Keccak256 => Algorithm::Keccak256,
            HashAlg::Blake2b512 => Algorithm::Blake2b512,
            HashAlg::Blake2s256 => Algorithm::Blake2s256,
            HashAlg::Blake3 => Algorithm::Blake3,
        }
    }
}

impl TryFrom<Algorithm> for HashAlg {
    type Error = Error;
    fn try_from(alg: Algorithm) -> Result<Self, Error> {
        HashAlg::ALL
            .into_iter()
            .find(|h| h.algorithm() == alg)
            .ok_or(Error::UnsupportedAlgorithm)
    }
}

/// Longest digest any [`HashAlg`] produces.
pub const MAX_OUTPUT_LEN: usize = 64;

/// A digest value: the output of a [`HashAlg`], stored inline (no allocation).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digest {
    bytes: [u8; MAX_OUTPUT_LEN],
    len: u8,
}

impl Digest {
    fn from_slice(s: &[u8]) -> Self {
        let mut bytes = [0u8; MAX_OUTPUT_LEN];
        bytes[..s.len()].copy_from_slice(s);
        Digest {
            bytes,
            len: s.len() as u8,
        }
    }

    /// The digest bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// Lowercase hex.
    pub fn to_hex(&self) -> String {
        crate::encoding::to_hex(self.as_bytes())
    }
}

impl AsRef<[u8]> for Digest {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({})", self.to_hex())
    }
}

/// An incremental hash computation.
#[derive(Clone)]
pub struct Hasher(State);

#[derive(Clone)]
enum State {
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Sha3_256(sha3::Sha3_256),
    Keccak256(sha3::Keccak256),
    Blake2b512(blake2::Blake2b512),
    Blake2s256(blake2::Blake2s256),
    Blake3(Box<blake3::Hasher>),
}

impl Hasher {
    /// Starts a new computation.
    pub fn new(alg: HashAlg) -> Self {
        Hasher(match alg {
            HashAlg::Sha256 => State::Sha256(sha2::Sha256::new()),
            HashAlg::Sha384 => State::Sha384(sha2::Sha384::new()),
            HashAlg::Sha512 => State::Sha512(sha2::Sha512::new()),
            HashAlg::Sha3_256 => State::Sha3_256(sha3::Sha3_256::new()),
            HashAlg::Keccak256 => State::Keccak256(sha3::Keccak256::new()),
            HashAlg::Blake2b512 => State::Blake2b512(blake2::Blake2b512::new()),
            HashAlg::Blake2s256 => State::Blake2s256(blake2::Blake2s256::new()),
            HashAlg::Blake3 => State::Blake3(Box::new(blake3::Hasher::new())),
        })
    }

    /// The algorithm this hasher computes.
    pub fn algorithm(&self) -> HashAlg {
        match &self.0 {
            State::Sha256(_) => HashAlg::Sha256,
            State::Sha384(_) => HashAlg::Sha384,
            State::Sha512(_) => HashAlg::Sha512,
            State::Sha3_256(_) => HashAlg::Sha3_256,
            State::Keccak256(_) => HashAlg::Keccak256,
            State::Blake2b512(_) => HashAlg::Blake2b512,
            State::Blake2s256(_) => HashAlg::Blake2s256,
            State::Blake3(_) => HashAlg::Blake3,
        }
    }

    /// Feeds more data.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.0 {
            State::Sha256(h) => h.update(data),
            State::Sha384(h) => h.update(data),
            State::Sha512(h) => h.update(data),
            State::Sha3_256(h) => h.update(data),
            State::Keccak256(h) => h.update(data),
            State::Blake2b512(h) => h.update(data),
            State::Blake2s256(h) => h.update(data),
            State::Blake3(h) => {
                h.update(data);
            }
        }
    }

    /// Finishes the computation and returns the digest.
    pub fn finalize(self) -> Digest {
        match self.0 {
            State::Sha256(h) => Digest::from_slice(&h.finalize()),
            State::Sha384(h) => Digest::from_slice(&h.finalize()),
            State::Sha512(h) => Digest::from_slice(&h.finalize()),
            State::Sha3_256(h) => Digest::from_slice(&h.finalize()),
            State::Keccak256(h) => Digest::from_slice(&h.finalize()),
            State::Blake2b512(h) => Digest::from_slice(&h.finalize()),
            State::Blake2s256(h) => Digest::from_slice(&h.finalize()),
            State::Blake3(h) => Digest::from_slice(h.finalize().as_bytes()),
        }
    }
}

impl fmt::Debug for Hasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Hasher").field(&self.algorithm()).finish()
    }
}

/// Hashes `data` in one call.
pub fn hash(alg: HashAlg, data: &[u8]) -> Digest {
    // Each arm calls the crate's own one-shot function: no enum state to build, and
    // blake3's one-shot path uses its multi-chunk SIMD code.
    match alg {
        HashAlg::Sha256 => Digest::from_slice(&sha2::Sha256::digest(data)),
        HashAlg::Sha384 => Digest::from_slice(&sha2::Sha384::digest(data)),
        HashAlg::Sha512 => Digest::from_slice(&sha2::Sha512::digest(data)),
        HashAlg::Sha3_256 => Digest::from_slice(&sha3::Sha3_256::digest(data)),
        HashAlg::Keccak256 => Digest::from_slice(&sha3::Keccak256::digest(data)),
        HashAlg::Blake2b512 => Digest::from_slice(&blake2::Blake2b512::digest(data)),
        HashAlg::Blake2s256 => Digest::from_slice(&blake2::Blake2s256::digest(data)),
        HashAlg::Blake3 => Digest::from_slice(blake3::hash(data).as_bytes()),
    }
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    sha2::Sha256::digest(data).into()
}

/// Keccak-256 of `data` (Ethereum's hash).
pub fn keccak256(data: &[u8]) -> [u8; 32] {
    sha3::Keccak256::digest(data).into()
}

/// BLAKE3 of `data`.
pub fn blake3(data: &[u8]) -> [u8; 32] {
    *blake3::hash(data).as_bytes()
}

/// SHA3-256 of `data`.
pub fn sha3_256(data: &[u8]) -> [u8; 32] {
    sha3::Sha3_256::digest(data).into()
}
