//! RustCrypto `ml-dsa`: the portable ML-DSA backend (pure Rust, builds for wasm32).
//!
//! Inputs reaching this module have been length-checked by `mod.rs`, contexts are at most
//! 255 bytes, and expanded signing keys have passed the coefficient range check.

use core::fmt;

use ml_dsa::{
    B32, EncodedVerifyingKey, ExpandedSigningKey, ExpandedSigningKeyBytes, MlDsa44, MlDsa65,
    MlDsa87, MlDsaParams, Signature, VerifyingKey,
    common::array::Array,
    signature::{
        digest::Update,
        rand_core::{TryCryptoRng, TryRng},
    },
};
use zeroize::Zeroizing;

use super::{MU_LEN, MlDsa, RANDOMNESS_LEN, SEED_LEN};
use crate::Error;

/// Feeds the caller's 32 bytes `rnd` to `ml-dsa`'s randomized signing, which reads them
/// with exactly one `try_fill_bytes` of 32 bytes (FIPS 204 Algorithm 2, line 5). Any other
/// request is refused rather than answered with made-up bytes.
struct FixedRnd<'a>(Option<&'a [u8; RANDOMNESS_LEN]>);

#[derive(Debug)]
struct RndUsed;

impl fmt::Display for RndUsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("signing randomness already consumed")
    }
}

impl core::error::Error for RndUsed {}

impl TryRng for FixedRnd<'_> {
    type Error = RndUsed;

    fn try_next_u32(&mut self) -> Result<u32, RndUsed> {
        Err(RndUsed)
    }

    fn try_next_u64(&mut self) -> Result<u64, RndUsed> {
        Err(RndUsed)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), RndUsed> {
        match self.0.take() {
            Some(rnd) if dst.len() == RANDOMNESS_LEN => {
                dst.copy_from_slice(rnd);
                Ok(())
            }
            _ => Err(RndUsed),
        }
    }
}

impl TryCryptoRng for FixedRnd<'_> {}

fn sig_bytes<P: MlDsaParams>(sig: &Signature<P>) -> Vec<u8> {
    sig.encode().to_vec()
}

/// An expanded `ml-dsa` signing key (zeroized on drop by `ml-dsa`).
pub(super) enum Sk {
    S44(Box<ExpandedSigningKey<MlDsa44>>),
    S65(Box<ExpandedSigningKey<MlDsa65>>),
    S87(Box<ExpandedSigningKey<MlDsa87>>),
}

macro_rules! with_sk {
    ($self:expr, $sk:ident => $body:expr) => {
        match $self {
            Sk::S44($sk) => $body,
            Sk::S65($sk) => $body,
            Sk::S87($sk) => $body,
        }
    };
}

impl Sk {
    /// ML-DSA.KeyGen_internal(ξ) (FIPS 204 Algorithm 6).
    pub(super) fn from_seed(params: MlDsa, seed: &[u8; SEED_LEN]) -> Sk {
        let seed = Zeroizing::new(B32::from(*seed));
        match params {
            MlDsa::MlDsa44 => Sk::S44(Box::new(ExpandedSigningKey::from_seed(&seed))),
            MlDsa::MlDsa65 => Sk::S65(Box::new(ExpandedSigningKey::from_seed(&seed))),
            MlDsa::MlDsa87 => Sk::S87(Box::new(ExpandedSigningKey::from_seed(&seed))),
        }
    }

    /// skDecode (FIPS 204 Algorithm 25). `bytes` has the right length and passed the
    /// s1/s2 range check (`ml-dsa` panics on out-of-range coefficients otherwise).
    pub(super) fn from_expanded(params: MlDsa, bytes: &[u8]) -> Result<Sk, Error> {
        macro_rules! parse {
            ($p:ident, $v:ident) => {{
                let arr = Zeroizing::new(ExpandedSigningKeyBytes::<$p>::try_from(bytes).map_err(
                    |_| Error::InvalidLength {
                        expected: params.signing_key_len(),
                        got: bytes.len(),
                    },
                )?);
                // Deprecated upstream in favour of seeds, but it is the FIPS 204 encoding.
                #[allow(deprecated)]
                let sk = ExpandedSigningKey::<$p>::from_expanded(&arr);
                Sk::$v(Box::new(sk))
            }};
        }
        Ok(match params {
            MlDsa::MlDsa44 => parse!(MlDsa44, S44),
            MlDsa::MlDsa65 => parse!(MlDsa65, S65),
            MlDsa::MlDsa87 => parse!(MlDsa87, S87),
        })
    }

    /// The expanded FIPS 204 encoding (skEncode).
    #[allow(deprecated)] // see `from_expanded`
    pub(super) fn to_expanded(&self) -> Zeroizing<Vec<u8>> {
        with_sk!(self, sk => {
            let mut enc = sk.to_expanded();
            let out = Zeroizing::new(enc.to_vec());
            zeroize::Zeroize::zeroize(enc.as_mut_slice());
            out
        })
    }

    /// The matching verifying key, recomputed from s1 and s2.
    pub(super) fn verifying_key(&self) -> Vk {
        match self {
            Sk::S44(sk) => Vk::V44(Box::new(sk.verifying_key())),
            Sk::S65(sk) => Vk::V65(Box::new(sk.verifying_key())),
            Sk::S87(sk) => Vk::V87(Box::new(sk.verifying_key())),
        }
    }

    /// ML-DSA.Sign (FIPS 204 Algorithm 2) with the given `rnd` (all zero: deterministic).
    pub(super) fn sign(
        &self,
        message: &[u8],
        context: &[u8],
        rnd: &[u8; RANDOMNESS_LEN],
    ) -> Result<Vec<u8>, Error> {
        with_sk!(self, sk => sk
            .sign_randomized(message, context, &mut FixedRnd(Some(rnd)))
            .map(|s| sig_bytes(&s))
            .map_err(|_| Error::Internal))
    }

    /// ML-DSA.Sign_internal on a caller-computed μ (the "external μ" interface).
    pub(super) fn sign_mu(
        &self,
        mu: &[u8; MU_LEN],
        rnd: &[u8; RANDOMNESS_LEN],
    ) -> Result<Vec<u8>, Error> {
        let mu = Array::from(*mu);
        with_sk!(self, sk => sk
            .sign_mu_randomized(&mu, &mut FixedRnd(Some(rnd)))
            .map(|s| sig_bytes(&s))
            .map_err(|_| Error::Internal))
    }

    /// ML-DSA.Sign_internal(sk, M', rnd) (FIPS 204 Algorithm 7).
    ///
    /// `ml-dsa` panics here only if all 2^16 / ℓ rejection-sampling nonces fail, which for
    /// a key with in-range s1/s2 has probability below 2^-4000.
    pub(super) fn sign_internal(&self, m_prime: &[u8], rnd: &[u8; RANDOMNESS_LEN]) -> Vec<u8> {
        let rnd = Zeroizing::new(B32::from(*rnd));
        with_sk!(self, sk => sig_bytes(&sk.sign_internal(&[m_prime], &rnd)))
    }
}

/// An `ml-dsa` verifying key with its precomputed matrix Â.
#[derive(Clone)]
pub(super) enum Vk {
    V44(Box<VerifyingKey<MlDsa44>>),
    V65(Box<VerifyingKey<MlDsa65>>),
    V87(Box<VerifyingKey<MlDsa87>>),
}

/// Decodes a signature; `None` when the length, the hint encoding or ‖z‖∞ is invalid.
fn decode_sig<P: MlDsaParams>(bytes: &[u8]) -> Option<Signature<P>> {
    Signature::<P>::try_from(bytes).ok()
}

fn verify_p<P: MlDsaParams>(vk: &VerifyingKey<P>, msg: &[u8], ctx: &[u8], sig: &[u8]) -> bool {
    decode_sig::<P>(sig).is_some_and(|s| vk.verify_with_context(msg, ctx, &s))
}

fn verify_mu_p<P: MlDsaParams>(vk: &VerifyingKey<P>, mu: &[u8; MU_LEN], sig: &[u8]) -> bool {
    decode_sig::<P>(sig).is_some_and(|s| vk.verify_mu(&Array::from(*mu), &s))
}

fn verify_internal_p<P: MlDsaParams>(vk: &VerifyingKey<P>, m_prime: &[u8], sig: &[u8]) -> bool {
    decode_sig::<P>(sig).is_some_and(|s| vk.verify_internal(m_prime, &s))
}

macro_rules! with_vk {
    ($self:expr, $vk:ident => $body:expr) => {
        match $self {
            Vk::V44($vk) => $body,
            Vk::V65($vk) => $body,
            Vk::V87($vk) => $body,
        }
    };
}

impl Vk {
    /// pkDecode (FIPS 204 Algorithm 23): every encoding of the right length is a key.
    pub(super) fn from_bytes(params: MlDsa, bytes: &[u8]) -> Result<Vk, Error> {
        macro_rules! parse {
            ($p:ident, $v:ident) => {{
                let arr = EncodedVerifyingKey::<$p>::try_from(bytes).map_err(|_| {
                    Error::InvalidLength {
                        expected: params.verifying_key_len(),
                        got: bytes.len(),
                    }
                })?;
                Vk::$v(Box::new(VerifyingKey::<$p>::decode(&arr)))
            }};
        }
        Ok(match params {
            MlDsa::MlDsa44 => parse!(MlDsa44, V44),
            MlDsa::MlDsa65 => parse!(MlDsa65, V65),
            MlDsa::MlDsa87 => parse!(MlDsa87, V87),
        })
    }

    /// pkEncode.
    pub(super) fn to_bytes(&self) -> Vec<u8> {
        with_vk!(self, vk => vk.encode().to_vec())
    }

    /// ML-DSA.Verify (FIPS 204 Algorithm 3).
    pub(super) fn verify(&self, message: &[u8], context: &[u8], sig: &[u8]) -> bool {
        with_vk!(self, vk => verify_p(vk, message, context, sig))
    }

    /// ML-DSA.Verify_internal on a caller-computed μ.
    pub(super) fn verify_mu(&self, mu: &[u8; MU_LEN], sig: &[u8]) -> bool {
        with_vk!(self, vk => verify_mu_p(vk, mu, sig))
    }

    /// ML-DSA.Verify_internal(pk, M', σ) (FIPS 204 Algorithm 8).
    pub(super) fn verify_internal(&self, m_prime: &[u8], sig: &[u8]) -> bool {
        with_vk!(self, vk => verify_internal_p(vk, m_prime, sig))
    }

    /// μ = H(H(pk, 64) ‖ 0 ‖ |ctx| ‖ ctx ‖ M, 64) (FIPS 204 Algorithm 7, line 6 with
    /// Algorithm 2's M').
    pub(super) fn mu(&self, message: &[u8], context: &[u8]) -> Result<[u8; MU_LEN], Error> {
        let mu = with_vk!(self, vk => vk.compute_mu(
            |h| {
                h.update(message);
                Ok(())
            },
            context,
        ))
        .map_err(|_| Error::Internal)?;
        let mut out = [0u8; MU_LEN];
        out.copy_from_slice(&mu);
        Ok(out)
    }
}

/// Checks that `bytes` is a well-formed signature encoding (sigDecode succeeds: canonical
/// hints, ‖z‖∞ < γ1 − β). `bytes` has the right length.
pub(super) fn check_signature(params: MlDsa, bytes: &[u8]) -> bool {
    match params {
        MlDsa::MlDsa44 => decode_sig::<MlDsa44>(bytes).is_some(),
        MlDsa::MlDsa65 => decode_sig::<MlDsa65>(bytes).is_some(),
        MlDsa::MlDsa87 => decode_sig::<MlDsa87>(bytes).is_some(),
    }
}
