//! aws-lc-rs ML-KEM: the native backend (AVX2 assembly from mlkem-native).

use aws_lc_rs::kem::{self as lc, ML_KEM_512, ML_KEM_768, ML_KEM_1024};

use zeroize::{Zeroize, Zeroizing};

use super::{MlKem, SEED_LEN, SharedSecret};
use crate::Error;

fn alg(params: MlKem) -> &'static lc::Algorithm<lc::AlgorithmId> {
    match params {
        MlKem::MlKem512 => &ML_KEM_512,
        MlKem::MlKem768 => &ML_KEM_768,
        MlKem::MlKem1024 => &ML_KEM_1024,
    }
}

/// KeyGen_internal(d, z) with libcrux-ml-kem: returns (ek, expanded dk) encodings.
pub(super) fn keygen_from_seed(
    params: MlKem,
    seed: &[u8; SEED_LEN],
) -> (Vec<u8>, Zeroizing<Vec<u8>>) {
    fn secret<const N: usize>(sk: libcrux_ml_kem::MlKemPrivateKey<N>) -> Zeroizing<Vec<u8>> {
        let mut raw: [u8; N] = sk.into();
        let out = Zeroizing::new(raw.to_vec());
        raw.zeroize();
        out
    }
    macro_rules! keygen {
        ($m:ident) => {{
            let (sk, pk) = libcrux_ml_kem::$m::generate_key_pair(*seed).into_parts();
            (pk.as_slice().to_vec(), secret(sk))
        }};
    }
    match params {
        MlKem::MlKem512 => keygen!(mlkem512),
        MlKem::MlKem768 => keygen!(mlkem768),
        MlKem::MlKem1024 => keygen!(mlkem1024),
    }
}

/// A fresh key pair from aws-lc's own key generation (its random number generator, no
/// seed): returns the encapsulation key, its encoding and the decapsulation key. The
/// expanded secret key stays inside aws-lc.
pub(super) fn generate(params: MlKem) -> Result<(Ek, Vec<u8>, Dk), Error> {
    let dk = lc::DecapsulationKey::generate(alg(params)).map_err(|_| Error::Internal)?;
    let ek = dk.encapsulation_key().map_err(|_| Error::Internal)?;
    let bytes = ek
        .key_bytes()
        .map_err(|_| Error::Internal)?
        .as_ref()
        .to_vec();
    if bytes.len() != params.encapsulation_key_len() {
        return Err(Error::Internal);
    }
    Ok((Ek(ek), bytes, Dk(dk)))
}

pub(super) struct Ek(lc::EncapsulationKey);

impl Ek {
    /// `bytes` has already passed the portable FIPS 203 §7.2 check.
    pub(super) fn from_bytes(params: MlKem, bytes: &[u8]) -> Result<Ek, Error> {
        lc::EncapsulationKey::new(alg(params), bytes)
            .map(Ek)
            .map_err(|_| Error::InvalidKey)
    }

    pub(super) fn encapsulate(&self) -> Result<(Vec<u8>, SharedSecret), Error> {
        let (ct, ss) = self.0.encapsulate().map_err(|_| Error::Internal)?;
        Ok((ct.as_ref().to_vec(), SharedSecret::from_slice(ss.as_ref())?))
    }
}

/// aws-lc wipes the key inside its `EVP_PKEY` when freed.
pub(super) struct Dk(lc::DecapsulationKey);

impl Dk {
    /// `bytes` is the expanded encoding and has already passed the FIPS 203 §7.3 check.
    pub(super) fn from_bytes(params: MlKem, bytes: &[u8]) -> Result<Dk, Error> {
        lc::DecapsulationKey::new(alg(params), bytes)
            .map(Dk)
            .map_err(|_| Error::InvalidKey)
    }

    pub(super) fn decapsulate(&self, ciphertext: &[u8]) -> Result<SharedSecret, Error> {
        let ss = self
            .0
            .decapsulate(lc::Ciphertext::from(ciphertext))
            .map_err(|_| Error::InvalidCiphertext)?;
        SharedSecret::from_slice(ss.as_ref())
    }
}
