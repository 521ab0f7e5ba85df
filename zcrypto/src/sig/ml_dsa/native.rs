//! aws-lc-rs ML-DSA: the native backend.
//!
//! aws-lc-rs 1.19 exposes key generation from ξ, the raw FIPS 204 encodings (public key,
//! expanded private key), *hedged* signing and verification, both with the empty context
//! only. Everything else (contexts, deterministic or caller-randomness signing, μ and the
//! internal interface) runs on the portable code; `mod.rs` routes the calls.

use aws_lc_rs::{
    encoding::AsRawBytes,
    signature::{
        KeyPair, ML_DSA_44, ML_DSA_44_SIGNING, ML_DSA_65, ML_DSA_65_SIGNING, ML_DSA_87,
        ML_DSA_87_SIGNING, ParsedPublicKey, PqdsaKeyPair, PqdsaSigningAlgorithm,
        PqdsaVerificationAlgorithm,
    },
};
use zeroize::Zeroizing;

use super::{MlDsa, SEED_LEN};
use crate::Error;

fn verification_alg(params: MlDsa) -> &'static PqdsaVerificationAlgorithm {
    match params {
        MlDsa::MlDsa44 => &ML_DSA_44,
        MlDsa::MlDsa65 => &ML_DSA_65,
        MlDsa::MlDsa87 => &ML_DSA_87,
    }
}

fn signing_alg(params: MlDsa) -> &'static PqdsaSigningAlgorithm {
    match params {
        MlDsa::MlDsa44 => &ML_DSA_44_SIGNING,
        MlDsa::MlDsa65 => &ML_DSA_65_SIGNING,
        MlDsa::MlDsa87 => &ML_DSA_87_SIGNING,
    }
}

/// A parsed aws-lc public key.
#[derive(Clone)]
pub(super) struct Vk(ParsedPublicKey);

impl Vk {
    /// `bytes` is a raw pkEncode of the right length (checked by the caller, so it cannot
    /// be mistaken for the DER `SubjectPublicKeyInfo` aws-lc-rs also accepts).
    pub(super) fn from_bytes(params: MlDsa, bytes: &[u8]) -> Result<Vk, Error> {
        ParsedPublicKey::new(verification_alg(params), bytes)
            .map(Vk)
            .map_err(|_| Error::InvalidKey)
    }

    /// ML-DSA.Verify with the empty context. `sig` has the right length.
    pub(super) fn verify(&self, message: &[u8], sig: &[u8]) -> bool {
        self.0.verify_sig(message, sig).is_ok()
    }
}

/// An aws-lc key pair. aws-lc wipes the key inside its `EVP_PKEY` when freed.
pub(super) struct Sk(PqdsaKeyPair);

impl Sk {
    /// ML-DSA.KeyGen_internal(ξ).
    pub(super) fn from_seed(params: MlDsa, seed: &[u8; SEED_LEN]) -> Result<Sk, Error> {
        PqdsaKeyPair::from_seed(signing_alg(params), seed)
            .map(Sk)
            .map_err(|_| Error::Internal)
    }

    /// Loads the expanded FIPS 204 encoding (already length- and range-checked).
    pub(super) fn from_expanded(params: MlDsa, bytes: &[u8]) -> Result<Sk, Error> {
        PqdsaKeyPair::from_raw_private_key(signing_alg(params), bytes)
            .map(Sk)
            .map_err(|_| Error::InvalidKey)
    }

    /// The raw public key (pkEncode).
    pub(super) fn public_key(&self) -> Vec<u8> {
        self.0.public_key().as_ref().to_vec()
    }

    /// The expanded private key encoding (skEncode).
    pub(super) fn to_expanded(&self) -> Result<Zeroizing<Vec<u8>>, Error> {
        // aws-lc-rs's buffer zeroizes itself on drop.
        let raw = self
            .0
            .private_key()
            .as_raw_bytes()
            .map_err(|_| Error::Internal)?;
        Ok(Zeroizing::new(raw.as_ref().to_vec()))
    }

    /// Hedged ML-DSA.Sign with the empty context (aws-lc draws `rnd` itself).
    pub(super) fn sign_hedged(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let mut sig = vec![0u8; self.0.algorithm().signature_len()];
        let n = self
            .0
            .sign(message, &mut sig)
            .map_err(|_| Error::Internal)?;
        sig.truncate(n);
        Ok(sig)
    }
}
