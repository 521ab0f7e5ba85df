//! RustCrypto `ml-kem`: the portable ML-KEM backend.

#[allow(deprecated)]
use ml_kem::ExpandedKeyEncoding;
use ml_kem::{
    B32, Seed,
    array::Array,
    kem::{Decapsulate, KeyExport},
    ml_kem_512, ml_kem_768, ml_kem_1024,
};
use zeroize::Zeroizing;

use super::{ENCAPS_RANDOMNESS_LEN, MlKem, SEED_LEN, SharedSecret};
use crate::Error;

pub(super) enum Ek {
    K512(Box<ml_kem_512::EncapsulationKey>),
    K768(Box<ml_kem_768::EncapsulationKey>),
    K1024(Box<ml_kem_1024::EncapsulationKey>),
}

macro_rules! with_ek {
    ($self:expr, $ek:ident => $body:expr) => {
        match $self {
            Ek::K512($ek) => $body,
            Ek::K768($ek) => $body,
            Ek::K1024($ek) => $body,
        }
    };
}

impl Ek {
    /// Decodes and applies the FIPS 203 §7.2 modulus check. `bytes` has the right length.
    pub(super) fn from_bytes(params: MlKem, bytes: &[u8]) -> Result<Ek, Error> {
        macro_rules! parse {
            ($m:ident, $v:ident) => {{
                let arr = Array::try_from(bytes).map_err(|_| Error::InvalidLength {
                    expected: params.encapsulation_key_len(),
                    got: bytes.len(),
                })?;
                Ek::$v(Box::new(
                    $m::EncapsulationKey::new(&arr).map_err(|_| Error::InvalidKey)?,
                ))
            }};
        }
        Ok(match params {
            MlKem::MlKem512 => parse!(ml_kem_512, K512),
            MlKem::MlKem768 => parse!(ml_kem_768, K768),
            MlKem::MlKem1024 => parse!(ml_kem_1024, K1024),
        })
    }

    pub(super) fn encapsulate_deterministic(
        &self,
        m: &[u8; ENCAPS_RANDOMNESS_LEN],
    ) -> (Vec<u8>, SharedSecret) {
        let m = Zeroizing::new(B32::from(*m));
        with_ek!(self, ek => {
            let (ct, mut ss) = ek.encapsulate_deterministic(&m);
            let out = SharedSecret::new(ss.into());
            zeroize::Zeroize::zeroize(ss.as_mut_slice());
            (ct.to_vec(), out)
        })
    }

    pub(super) fn to_bytes(&self) -> Vec<u8> {
        with_ek!(self, ek => ek.to_bytes().to_vec())
    }
}

pub(super) enum Dk {
    K512(Box<ml_kem_512::DecapsulationKey>),
    K768(Box<ml_kem_768::DecapsulationKey>),
    K1024(Box<ml_kem_1024::DecapsulationKey>),
}

macro_rules! with_dk {
    ($self:expr, $dk:ident => $body:expr) => {
        match $self {
            Dk::K512($dk) => $body,
            Dk::K768($dk) => $body,
            Dk::K1024($dk) => $body,
        }
    };
}

impl Dk {
    /// KeyGen_internal(d, z).
    pub(super) fn from_seed(params: MlKem, seed: &[u8; SEED_LEN]) -> Dk {
        let seed = Zeroizing::new(Seed::from(*seed));
        match params {
            MlKem::MlKem512 => Dk::K512(Box::new(ml_kem_512::DecapsulationKey::from_seed(*seed))),
            MlKem::MlKem768 => Dk::K768(Box::new(ml_kem_768::DecapsulationKey::from_seed(*seed))),
            MlKem::MlKem1024 => {
                Dk::K1024(Box::new(ml_kem_1024::DecapsulationKey::from_seed(*seed)))
            }
        }
    }

    /// Loads the expanded encoding with the FIPS 203 §7.3 hash check and the §7.2 check
    /// of the embedded ek.
    pub(super) fn from_expanded(params: MlKem, bytes: &[u8]) -> Result<Dk, Error> {
        macro_rules! parse {
            ($m:ident, $v:ident) => {{
                let arr =
                    Zeroizing::new(Array::try_from(bytes).map_err(|_| Error::InvalidLength {
                        expected: params.decapsulation_key_len(),
                        got: bytes.len(),
                    })?);
                #[allow(deprecated)]
                let dk = $m::DecapsulationKey::from_expanded_bytes(&arr)
                    .map_err(|_| Error::InvalidKey)?;
                Dk::$v(Box::new(dk))
            }};
        }
        Ok(match params {
            MlKem::MlKem512 => parse!(ml_kem_512, K512),
            MlKem::MlKem768 => parse!(ml_kem_768, K768),
            MlKem::MlKem1024 => parse!(ml_kem_1024, K1024),
        })
    }

    /// The expanded FIPS 203 encoding.
    #[allow(deprecated)] // ml-kem discourages the expanded form, but FIPS 203 defines it.
    pub(super) fn to_expanded(&self) -> Zeroizing<Vec<u8>> {
        with_dk!(self, k => Zeroizing::new(k.to_expanded_bytes().to_vec()))
    }

    /// The matching encapsulation key (no re-parsing).
    pub(super) fn ek(&self) -> Ek {
        match self {
            Dk::K512(k) => Ek::K512(Box::new(k.encapsulation_key().clone())),
            Dk::K768(k) => Ek::K768(Box::new(k.encapsulation_key().clone())),
            Dk::K1024(k) => Ek::K1024(Box::new(k.encapsulation_key().clone())),
        }
    }

    /// `ciphertext` has the right length (checked by the caller).
    pub(super) fn decapsulate(&self, ciphertext: &[u8]) -> Result<SharedSecret, Error> {
        with_dk!(self, dk => {
            let mut ss = dk.decapsulate_slice(ciphertext).map_err(|_| Error::InvalidCiphertext)?;
            let out = SharedSecret::from_slice(&ss);
            zeroize::Zeroize::zeroize(ss.as_mut_slice());
            out
        })
    }
}
