//! The list of metered operations and their stable numeric ids.
//!
//! This one list is what the ZVM opcodes, the WASM host functions and the EVM
//! precompile addresses are generated from: an id, once published, never changes
//! meaning, and ids are never reused. Ids are grouped by family in the high byte:
//!
//! | ids | family | module |
//! |---|---|---|
//! | `0x01xx` | hashing, one-shot and streaming | [`hash`](super::hash), [`stream`](super::stream) |
//! | `0x02xx` | HMAC, HKDF-Extract, HKDF-Expand | [`mac`](super::mac) |
//! | `0x03xx` | signature verification, secp256k1 key recovery | [`verify`](super::verify), [`recover`](super::recover) |
//! | `0x04xx` | BLS12-381 aggregation | [`bls`](super::bls) |
//! | `0x05xx` | M-of-N policies, batch verification | [`multisig`](super::multisig), [`batch`](super::batch) |
//! | `0x06xx` | ML-KEM encapsulation | [`kem`](super::kem) |
//! | `0x07xx` | Merkle proof verification (RFC 9162, OpenZeppelin, sparse) | [`merkle`](super::merkle) |
//! | `0x08xx` | Poseidon hashing | [`poseidon`](super::poseidon) |
//! | `0x09xx` | zero-knowledge proof verification (Groth16, Bulletproofs, KZG point evaluation, halo2) | [`zk`](super::zk) |
//!
//! ```
//! use zcrypto::metered::Op;
//! assert_eq!(Op::Keccak256.id(), 0x0104);
//! assert_eq!(Op::from_id(0x0104), Some(Op::Keccak256));
//! assert_eq!(Op::Keccak256.name(), "keccak256");
//! assert_eq!(Op::from_id(0x0700), Some(Op::MerkleInclusionSha256));
//! assert_eq!(Op::from_id(0x0fff), None);
//! ```

use crate::hash::HashAlg;
use crate::kdf::HkdfAlg;
use crate::kem::MlKem;
use crate::mac::HmacAlg;
use crate::{Algorithm, Error};

macro_rules! ops {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $name:literal; )*) => {
        /// A metered operation, with a stable numeric id ([`Op::id`]), a stable name
        /// ([`Op::name`]) and a cost ([`Op::cost`], from the published
        /// [schedule](super::schedule)).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        #[repr(u16)]
        pub enum Op {
            $( $(#[$doc])* $variant = $id, )*
        }

        impl Op {
            /// Every operation, in id order.
            pub const ALL: &'static [Op] = &[ $( Op::$variant, )* ];

            /// The stable lowercase name (`"sha256"`, `"verify_ed25519"`, ...), from which
            /// host function names are generated.
            pub const fn name(self) -> &'static str {
                match self { $( Op::$variant => $name, )* }
            }

            /// The operation with this id, if there is one.
            pub const fn from_id(id: u16) -> Option<Op> {
                match id { $( $id => Some(Op::$variant), )* _ => None }
            }
        }
    };
}

ops! {
    /// SHA-256 of a guest range.
    Sha256 = 0x0100, "sha256";
    /// SHA-384 of a guest range.
    Sha384 = 0x0101, "sha384";
    /// SHA-512 of a guest range.
    Sha512 = 0x0102, "sha512";
    /// SHA3-256 of a guest range.
    Sha3_256 = 0x0103, "sha3_256";
    /// Keccak-256 (Ethereum) of a guest range.
    Keccak256 = 0x0104, "keccak256";
    /// BLAKE2b-512 of a guest range.
    Blake2b512 = 0x0105, "blake2b_512";
    /// BLAKE2s-256 of a guest range.
    Blake2s256 = 0x0106, "blake2s_256";
    /// BLAKE3 (256-bit output) of a guest range.
    Blake3 = 0x0107, "blake3";
    /// Open a streaming hash ([`stream`](super::stream)); constant cost.
    HashInit = 0x0110, "hash_init";
    /// Feed a guest range to a streaming hash: this entry's base, plus the per-byte
    /// rate of the stream's one-shot hash operation.
    HashUpdate = 0x0111, "hash_update";
    /// Finish a streaming hash and write the digest: this entry's base, plus the base
    /// of the stream's one-shot hash operation (its finalisation).
    HashFinish = 0x0112, "hash_finish";
    /// HMAC-SHA-256; bytes = key + data.
    HmacSha256 = 0x0200, "hmac_sha256";
    /// HMAC-SHA-384; bytes = key + data.
    HmacSha384 = 0x0201, "hmac_sha384";
    /// HMAC-SHA-512; bytes = key + data.
    HmacSha512 = 0x0202, "hmac_sha512";
    /// HKDF-Extract with SHA-256; bytes = salt + input keying material.
    HkdfExtractSha256 = 0x0210, "hkdf_extract_sha256";
    /// HKDF-Extract with SHA-384; bytes = salt + input keying material.
    HkdfExtractSha384 = 0x0211, "hkdf_extract_sha384";
    /// HKDF-Extract with SHA-512; bytes = salt + input keying material.
    HkdfExtractSha512 = 0x0212, "hkdf_extract_sha512";
    /// HKDF-Expand with SHA-256; bytes = L + ⌈L / 32⌉ × |info| (output, and info once per block).
    HkdfExpandSha256 = 0x0220, "hkdf_expand_sha256";
    /// HKDF-Expand with SHA-384; bytes = L + ⌈L / 48⌉ × |info|.
    HkdfExpandSha384 = 0x0221, "hkdf_expand_sha384";
    /// HKDF-Expand with SHA-512; bytes = L + ⌈L / 64⌉ × |info|.
    HkdfExpandSha512 = 0x0222, "hkdf_expand_sha512";
    /// Ed25519 verification under ZIP-215 (the batch rule; also FROST(Ed25519) group
    /// signatures); bytes = message.
    VerifyEd25519 = 0x0300, "verify_ed25519";
    /// Ed25519 verification under the strict RFC 8032 rule of
    /// [`sig::dynamic::verify`](crate::sig::dynamic::verify); bytes = message.
    VerifyEd25519Strict = 0x0301, "verify_ed25519_strict";
    /// ECDSA/secp256k1 over SHA-256(message), low S; bytes = message.
    VerifyEcdsaSecp256k1 = 0x0302, "verify_ecdsa_secp256k1";
    /// BIP-340 Schnorr; bytes = message.
    VerifyBip340 = 0x0303, "verify_bip340";
    /// ML-DSA-44 with a context string; bytes = message + context.
    VerifyMlDsa44 = 0x0304, "verify_ml_dsa_44";
    /// ML-DSA-65 with a context string; bytes = message + context.
    VerifyMlDsa65 = 0x0305, "verify_ml_dsa_65";
    /// ML-DSA-87 with a context string; bytes = message + context.
    VerifyMlDsa87 = 0x0306, "verify_ml_dsa_87";
    /// BLS12-381 (Ethereum's proof-of-possession ciphersuite); bytes = message.
    VerifyBls12381 = 0x0307, "verify_bls12_381";
    /// Composite Ed25519 + ML-DSA-65 with a context string; bytes = message + context.
    VerifyHybridEd25519MlDsa65 = 0x0308, "verify_ed25519_ml_dsa_65";
    /// secp256k1 public key (or Ethereum address) recovery from a 32-byte prehash and a
    /// 65-byte recoverable signature; constant cost.
    Secp256k1Recover = 0x0310, "secp256k1_recover";
    /// BLS FastAggregateVerify; items = keys, bytes = message.
    BlsFastAggregateVerify = 0x0400, "bls_fast_aggregate_verify";
    /// BLS AggregateVerify; items = (key, message) pairs, bytes = all messages.
    BlsAggregateVerify = 0x0401, "bls_aggregate_verify";
    /// BLS signature aggregation; items = signatures.
    BlsAggregateSignatures = 0x0402, "bls_aggregate_signatures";
    /// M-of-N policy verification: this entry's base + per item × N keys, plus the
    /// verification cost of every signature presented (its scheme's verify operation).
    MultisigVerify = 0x0500, "multisig_verify";
    /// Batch verification: this entry's base + per byte × the whole batch encoding, plus
    /// every item's cost (see [`batch`](super::batch)).
    BatchVerify = 0x0510, "batch_verify";
    /// ML-KEM-512 encapsulation with caller-given randomness; constant cost.
    MlKem512Encapsulate = 0x0600, "ml_kem_512_encapsulate";
    /// ML-KEM-768 encapsulation with caller-given randomness; constant cost.
    MlKem768Encapsulate = 0x0601, "ml_kem_768_encapsulate";
    /// ML-KEM-1024 encapsulation with caller-given randomness; constant cost.
    MlKem1024Encapsulate = 0x0602, "ml_kem_1024_encapsulate";
    /// RFC 9162 inclusion proof, SHA-256; bytes = leaf data, items = path nodes.
    MerkleInclusionSha256 = 0x0700, "merkle_inclusion_sha256";
    /// RFC 9162 inclusion proof, Keccak-256; bytes = leaf data, items = path nodes.
    MerkleInclusionKeccak256 = 0x0701, "merkle_inclusion_keccak256";
    /// RFC 9162 inclusion proof, BLAKE3; bytes = leaf data, items = path nodes.
    MerkleInclusionBlake3 = 0x0702, "merkle_inclusion_blake3";
    /// OpenZeppelin `MerkleProof.verify` (Keccak-256, sorted pairs); items = proof nodes.
    MerkleVerifyEthereum = 0x0710, "merkle_verify_ethereum";
    /// Sparse Merkle proof, SHA-256; bytes = value, items = proof depth.
    SparseMerkleVerifySha256 = 0x0720, "sparse_merkle_verify_sha256";
    /// Sparse Merkle proof, Keccak-256; bytes = value, items = proof depth.
    SparseMerkleVerifyKeccak256 = 0x0721, "sparse_merkle_verify_keccak256";
    /// Sparse Merkle proof, BLAKE3; bytes = value, items = proof depth.
    SparseMerkleVerifyBlake3 = 0x0722, "sparse_merkle_verify_blake3";
    /// Poseidon over BN254 (circom-compatible); items = inputs (1 to 12).
    PoseidonBn254 = 0x0800, "poseidon_bn254";
    /// Groth16 verification over BN254 (snarkjs/circom `bn128`, binary encodings of
    /// [`zk::encoding`](crate::zk::encoding)); items = public inputs.
    Groth16VerifyBn254 = 0x0900, "groth16_verify_bn254";
    /// Groth16 verification over BLS12-381; items = public inputs.
    Groth16VerifyBls12381 = 0x0901, "groth16_verify_bls12_381";
    /// Bulletproofs range proof verification (Ristretto255, 8/16/32/64-bit values);
    /// items = commitments (1, 2, 4, 8 or 16).
    BulletproofsVerify = 0x0910, "bulletproofs_verify";
    /// EIP-4844 KZG point evaluation (the `0x0a` precompile's 192-byte input; needs the
    /// `kzg` feature); constant.
    KzgPointEvaluation = 0x0920, "kzg_point_evaluation";
    /// halo2 (PLONK, IPA over Pasta) verification of one encoded proof of a shipped
    /// circuit (the `zk::halo2` encoding: circuit id ‖ public inputs ‖
    /// proof; needs the `halo2` feature). Priced **per circuit id**
    /// ([`halo2_verify_gas`](super::schedule::halo2_verify_gas)); this entry's base is
    /// the most expensive circuit's price, an upper bound for every call.
    Halo2Verify = 0x0930, "halo2_verify";
}

impl Op {
    /// The stable numeric id.
    pub const fn id(self) -> u16 {
        self as u16
    }

    /// The one-shot hash operation for `alg`.
    pub const fn hash(alg: HashAlg) -> Op {
        match alg {
            HashAlg::Sha256 => Op::Sha256,
            HashAlg::Sha384 => Op::Sha384,
            HashAlg::Sha512 => Op::Sha512,
            HashAlg::Sha3_256 => Op::Sha3_256,
            HashAlg::Keccak256 => Op::Keccak256,
            HashAlg::Blake2b512 => Op::Blake2b512,
            HashAlg::Blake2s256 => Op::Blake2s256,
            HashAlg::Blake3 => Op::Blake3,
        }
    }

    /// The hash function of a one-shot hash operation.
    pub const fn hash_alg(self) -> Option<HashAlg> {
        Some(match self {
            Op::Sha256 => HashAlg::Sha256,
            Op::Sha384 => HashAlg::Sha384,
            Op::Sha512 => HashAlg::Sha512,
            Op::Sha3_256 => HashAlg::Sha3_256,
            Op::Keccak256 => HashAlg::Keccak256,
            Op::Blake2b512 => HashAlg::Blake2b512,
            Op::Blake2s256 => HashAlg::Blake2s256,
            Op::Blake3 => HashAlg::Blake3,
            _ => return None,
        })
    }

    /// The HMAC operation for `alg`.
    pub const fn hmac(alg: HmacAlg) -> Op {
        match alg {
            HmacAlg::Sha256 => Op::HmacSha256,
            HmacAlg::Sha384 => Op::HmacSha384,
            HmacAlg::Sha512 => Op::HmacSha512,
        }
    }

    /// The HKDF-Extract operation for `alg`.
    pub const fn hkdf_extract(alg: HkdfAlg) -> Op {
        match alg {
            HkdfAlg::Sha256 => Op::HkdfExtractSha256,
            HkdfAlg::Sha384 => Op::HkdfExtractSha384,
            HkdfAlg::Sha512 => Op::HkdfExtractSha512,
        }
    }

    /// The HKDF-Expand operation for `alg`.
    pub const fn hkdf_expand(alg: HkdfAlg) -> Op {
        match alg {
            HkdfAlg::Sha256 => Op::HkdfExpandSha256,
            HkdfAlg::Sha384 => Op::HkdfExpandSha384,
            HkdfAlg::Sha512 => Op::HkdfExpandSha512,
        }
    }

    /// The ML-KEM encapsulation operation for `params`.
    pub const fn kem_encapsulate(params: MlKem) -> Op {
        match params {
            MlKem::MlKem512 => Op::MlKem512Encapsulate,
            MlKem::MlKem768 => Op::MlKem768Encapsulate,
            MlKem::MlKem1024 => Op::MlKem1024Encapsulate,
        }
    }

    /// The verification operation for a signature algorithm: Ed25519 and FROST(Ed25519)
    /// map to [`Op::VerifyEd25519`] (ZIP-215). A non-signature algorithm is
    /// [`Error::UnsupportedAlgorithm`].
    ///
    /// ```
    /// use zcrypto::{Algorithm, metered::Op};
    /// assert_eq!(Op::verify(Algorithm::FrostEd25519), Ok(Op::VerifyEd25519));
    /// assert!(Op::verify(Algorithm::Sha256).is_err());
    /// ```
    pub const fn verify(alg: Algorithm) -> Result<Op, Error> {
        Ok(match alg {
            Algorithm::Ed25519 | Algorithm::FrostEd25519 => Op::VerifyEd25519,
            Algorithm::EcdsaSecp256k1 => Op::VerifyEcdsaSecp256k1,
            Algorithm::Bip340 => Op::VerifyBip340,
            Algorithm::MlDsa44 => Op::VerifyMlDsa44,
            Algorithm::MlDsa65 => Op::VerifyMlDsa65,
            Algorithm::MlDsa87 => Op::VerifyMlDsa87,
            Algorithm::Bls12381 => Op::VerifyBls12381,
            Algorithm::HybridEd25519MlDsa65 => Op::VerifyHybridEd25519MlDsa65,
            _ => return Err(Error::UnsupportedAlgorithm),
        })
    }

    /// The signature scheme of a verification operation.
    pub const fn verify_algorithm(self) -> Option<Algorithm> {
        Some(match self {
            Op::VerifyEd25519 | Op::VerifyEd25519Strict => Algorithm::Ed25519,
            Op::VerifyEcdsaSecp256k1 => Algorithm::EcdsaSecp256k1,
            Op::VerifyBip340 => Algorithm::Bip340,
            Op::VerifyMlDsa44 => Algorithm::MlDsa44,
            Op::VerifyMlDsa65 => Algorithm::MlDsa65,
            Op::VerifyMlDsa87 => Algorithm::MlDsa87,
            Op::VerifyBls12381 => Algorithm::Bls12381,
            Op::VerifyHybridEd25519MlDsa65 => Algorithm::HybridEd25519MlDsa65,
            _ => return None,
        })
    }

    /// Whether this build can run the operation (the BLS operations need the `bls`
    /// feature, KZG point evaluation the `kzg` feature, halo2 verification the `halo2`
    /// feature). Engines should still generate every id; an unavailable operation
    /// fails with [`Error::UnsupportedAlgorithm`] before any gas is charged.
    pub const fn is_available(self) -> bool {
        let needs_bls = matches!(
            self,
            Op::VerifyBls12381
                | Op::BlsFastAggregateVerify
                | Op::BlsAggregateVerify
                | Op::BlsAggregateSignatures
        );
        let needs_kzg = matches!(self, Op::KzgPointEvaluation);
        let needs_halo2 = matches!(self, Op::Halo2Verify);
        (!needs_bls || cfg!(feature = "bls"))
            && (!needs_kzg || cfg!(feature = "kzg"))
            && (!needs_halo2 || cfg!(feature = "halo2"))
    }

    /// [`Error::UnsupportedAlgorithm`] unless [`Op::is_available`].
    pub(crate) fn require(self) -> Result<Op, Error> {
        if self.is_available() {
            Ok(self)
        } else {
            Err(Error::UnsupportedAlgorithm)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        let mut ids: Vec<u16> = Op::ALL.iter().map(|op| op.id()).collect();
        for &op in Op::ALL {
            assert_eq!(Op::from_id(op.id()), Some(op));
        }
        let sorted = {
            let mut s = ids.clone();
            s.sort_unstable();
            s
        };
        assert_eq!(ids, sorted, "Op::ALL is in id order");
        ids.dedup();
        assert_eq!(ids.len(), Op::ALL.len());
        let mut names: Vec<&str> = Op::ALL.iter().map(|op| op.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Op::ALL.len());
    }

    #[test]
    fn mappings() {
        for alg in HashAlg::ALL {
            assert_eq!(Op::hash(alg).hash_alg(), Some(alg));
        }
        for &alg in Algorithm::ALL {
            if let Ok(op) = Op::verify(alg) {
                let back = op.verify_algorithm().unwrap();
                assert!(back == alg || alg == Algorithm::FrostEd25519);
            }
        }
    }
}
