//! Stable algorithm names shared by the library, the CLI, the C ABI and the VM.
//!
//! A name, once published, never changes meaning. Parse with [`str::parse`] and print
//! with [`Algorithm::name`] (or `Display`):
//!
//! ```
//! use zcrypto::Algorithm;
//! let alg: Algorithm = "ml-kem-768".parse().unwrap();
//! assert_eq!(alg, Algorithm::MlKem768);
//! assert_eq!(alg.to_string(), "ml-kem-768");
//! assert!("md5".parse::<Algorithm>().is_err());
//! ```

use core::{fmt, str::FromStr};

use crate::Error;

/// What an algorithm does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A cryptographic hash function.
    Hash,
    /// A message authentication code.
    Mac,
    /// A key derivation function.
    Kdf,
    /// Authenticated encryption with associated data.
    Aead,
    /// Diffie-Hellman style key agreement.
    KeyAgreement,
    /// A key encapsulation mechanism.
    Kem,
    /// A digital signature scheme.
    Signature,
}

macro_rules! algorithms {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $kind:ident; )*) => {
        /// Every algorithm zcrypto implements, by stable name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Algorithm {
            $( $(#[$doc])* $variant, )*
        }

        impl Algorithm {
            /// All algorithms, in a stable order (the order `zcrypto list` prints).
            pub const ALL: &'static [Algorithm] = &[ $( Algorithm::$variant, )* ];

            /// The stable lowercase name, e.g. `"aes-128-gcm"`.
            pub const fn name(self) -> &'static str {
                match self { $( Algorithm::$variant => $name, )* }
            }

            /// What the algorithm does.
            pub const fn kind(self) -> Kind {
                match self { $( Algorithm::$variant => Kind::$kind, )* }
            }
        }

        impl FromStr for Algorithm {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                match s { $( $name => Ok(Algorithm::$variant), )* _ => Err(Error::UnknownAlgorithm) }
            }
        }
    };
}

algorithms! {
    /// SHA-256 (FIPS 180-4).
    Sha256 = "sha256", Hash;
    /// SHA-384 (FIPS 180-4).
    Sha384 = "sha384", Hash;
    /// SHA-512 (FIPS 180-4).
    Sha512 = "sha512", Hash;
    /// SHA3-256 (FIPS 202).
    Sha3_256 = "sha3-256", Hash;
    /// Keccak-256 with the original padding, as used by Ethereum.
    Keccak256 = "keccak256", Hash;
    /// BLAKE2b with 512-bit output (RFC 7693).
    Blake2b512 = "blake2b-512", Hash;
    /// BLAKE2s with 256-bit output (RFC 7693).
    Blake2s256 = "blake2s-256", Hash;
    /// BLAKE3 with 256-bit output.
    Blake3 = "blake3", Hash;
    /// HMAC with SHA-256 (RFC 2104).
    HmacSha256 = "hmac-sha256", Mac;
    /// HMAC with SHA-384.
    HmacSha384 = "hmac-sha384", Mac;
    /// HMAC with SHA-512.
    HmacSha512 = "hmac-sha512", Mac;
    /// HKDF with SHA-256 (RFC 5869).
    HkdfSha256 = "hkdf-sha256", Kdf;
    /// HKDF with SHA-384.
    HkdfSha384 = "hkdf-sha384", Kdf;
    /// HKDF with SHA-512.
    HkdfSha512 = "hkdf-sha512", Kdf;
    /// AES-128 in Galois/Counter Mode (96-bit nonce, 128-bit tag).
    Aes128Gcm = "aes-128-gcm", Aead;
    /// AES-256 in Galois/Counter Mode (96-bit nonce, 128-bit tag).
    Aes256Gcm = "aes-256-gcm", Aead;
    /// ChaCha20-Poly1305 (RFC 8439).
    ChaCha20Poly1305 = "chacha20-poly1305", Aead;
    /// XChaCha20-Poly1305 (192-bit nonce).
    XChaCha20Poly1305 = "xchacha20-poly1305", Aead;
    /// X25519 Diffie-Hellman (RFC 7748).
    X25519 = "x25519", KeyAgreement;
    /// ML-KEM-512 (FIPS 203).
    MlKem512 = "ml-kem-512", Kem;
    /// ML-KEM-768 (FIPS 203).
    MlKem768 = "ml-kem-768", Kem;
    /// ML-KEM-1024 (FIPS 203).
    MlKem1024 = "ml-kem-1024", Kem;
    /// The TLS hybrid group X25519MLKEM768 (0x11EC): ML-KEM-768 and X25519 together.
    X25519MlKem768 = "x25519-mlkem768", Kem;
    /// Ed25519 (RFC 8032), strict verification; ZIP-215 rules on request.
    Ed25519 = "ed25519", Signature;
    /// ECDSA over secp256k1 with SHA-256 (or a caller-given 32-byte prehash), low-S.
    EcdsaSecp256k1 = "ecdsa-secp256k1", Signature;
    /// BIP-340 Schnorr signatures over secp256k1.
    Bip340 = "bip340", Signature;
    /// ML-DSA-44 (FIPS 204).
    MlDsa44 = "ml-dsa-44", Signature;
    /// ML-DSA-65 (FIPS 204).
    MlDsa65 = "ml-dsa-65", Signature;
    /// ML-DSA-87 (FIPS 204).
    MlDsa87 = "ml-dsa-87", Signature;
    /// BLS signatures on BLS12-381, minimal-pubkey-size variant, Ethereum's proof-of-possession ciphersuite.
    Bls12381 = "bls12-381", Signature;
    /// Composite Ed25519 + ML-DSA-65 signatures (both must verify; see `sig::hybrid`).
    HybridEd25519MlDsa65 = "ed25519-ml-dsa-65", Signature;
    /// FROST(Ed25519, SHA-512) threshold signatures (RFC 9591); group signatures are plain Ed25519.
    FrostEd25519 = "frost-ed25519", Signature;
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for &alg in Algorithm::ALL {
            assert_eq!(alg.name().parse::<Algorithm>(), Ok(alg));
        }
        let mut names: Vec<_> = Algorithm::ALL.iter().map(|a| a.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Algorithm::ALL.len());
        assert_eq!("SHA256".parse::<Algorithm>(), Err(Error::UnknownAlgorithm));
    }
}
