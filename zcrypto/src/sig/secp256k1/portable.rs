//! RustCrypto `k256`: the portable secp256k1 backend (pure Rust, builds for wasm32).
//!
//! Inputs reach this module already length-checked; everything here maps `k256` errors
//! onto zcrypto's [`Error`] values.

use k256::ecdsa::signature::hazmat::PrehashVerifier;
use k256::ecdsa::{self as kecdsa, RecoveryId};
use k256::elliptic_curve::sec1::ToSec1Point;
use k256::schnorr;

use crate::Error;

/// An ECDSA secret scalar. `k256` zeroizes it on drop.
#[derive(Clone)]
pub(super) struct EcdsaSk(kecdsa::SigningKey);

impl EcdsaSk {
    /// Rejects 0 and values ≥ n.
    pub(super) fn from_bytes(secret: &[u8; 32]) -> Result<EcdsaSk, Error> {
        kecdsa::SigningKey::from_bytes(&(*secret).into())
            .map(EcdsaSk)
            .map_err(|_| Error::InvalidKey)
    }

    pub(super) fn public_key(&self) -> EcdsaPk {
        EcdsaPk(*self.0.verifying_key())
    }

    /// RFC 6979 signature over a 32-byte prehash, low-S, with its recovery id.
    pub(super) fn sign_prehash(&self, prehash: &[u8; 32]) -> Result<([u8; 64], u8), Error> {
        let (sig, recid) = self.0.sign_prehash_recoverable(prehash);
        let mut out = [0u8; 64];
        out.copy_from_slice(&sig.to_bytes());
        Ok((out, recid.to_byte()))
    }
}

/// An ECDSA public key (a valid, non-identity curve point).
#[derive(Clone, Copy)]
pub(super) struct EcdsaPk(kecdsa::VerifyingKey);

impl EcdsaPk {
    /// SEC1 compressed (33 bytes) or uncompressed (65 bytes); the prefix is checked by
    /// the caller.
    pub(super) fn from_sec1(bytes: &[u8]) -> Result<EcdsaPk, Error> {
        kecdsa::VerifyingKey::from_sec1_bytes(bytes)
            .map(EcdsaPk)
            .map_err(|_| Error::InvalidKey)
    }

    pub(super) fn compressed(&self) -> [u8; 33] {
        let mut out = [0u8; 33];
        out.copy_from_slice(self.0.as_affine().to_sec1_point(true).as_bytes());
        out
    }

    pub(super) fn uncompressed(&self) -> [u8; 65] {
        let mut out = [0u8; 65];
        out.copy_from_slice(self.0.as_affine().to_sec1_point(false).as_bytes());
        out
    }

    /// `sig` is r ‖ s with both in [1, n) (checked by the caller); high S is rejected.
    pub(super) fn verify_prehash(&self, prehash: &[u8; 32], sig: &[u8; 64]) -> Result<(), Error> {
        let sig = kecdsa::Signature::from_slice(sig).map_err(|_| Error::InvalidSignature)?;
        self.0
            .verify_prehash(prehash, &sig)
            .map_err(|_| Error::InvalidSignature)
    }

    /// Public-key recovery; `v` is 0 or 1 and `sig` is range-checked by the caller.
    pub(super) fn recover(prehash: &[u8; 32], sig: &[u8; 64], v: u8) -> Result<EcdsaPk, Error> {
        let sig = kecdsa::Signature::from_slice(sig).map_err(|_| Error::InvalidSignature)?;
        let recid = RecoveryId::from_byte(v).ok_or(Error::InvalidSignature)?;
        kecdsa::VerifyingKey::recover_from_prehash(prehash, &sig, recid)
            .map(EcdsaPk)
            .map_err(|_| Error::InvalidSignature)
    }
}

/// Checks that r and s of an ECDSA signature are in [1, n) and reports whether s ≤ n/2.
pub(super) fn ecdsa_check_scalars(sig: &[u8; 64]) -> Result<bool, Error> {
    let parsed = kecdsa::Signature::from_slice(sig).map_err(|_| Error::InvalidSignature)?;
    Ok(parsed.normalize_s() == parsed)
}

/// Replaces s by n − s when s > n/2. `sig` has passed [`ecdsa_check_scalars`].
pub(super) fn ecdsa_normalize_s(sig: &[u8; 64]) -> Result<[u8; 64], Error> {
    let parsed = kecdsa::Signature::from_slice(sig).map_err(|_| Error::InvalidSignature)?;
    let mut out = [0u8; 64];
    out.copy_from_slice(&parsed.normalize_s().to_bytes());
    Ok(out)
}

/// ASN.1 DER `SEQUENCE { r INTEGER, s INTEGER }` (strict DER) to r ‖ s.
pub(super) fn ecdsa_from_der(der: &[u8]) -> Result<[u8; 64], Error> {
    let parsed = kecdsa::Signature::from_der(der).map_err(|_| Error::InvalidSignature)?;
    let mut out = [0u8; 64];
    out.copy_from_slice(&parsed.to_bytes());
    Ok(out)
}

/// r ‖ s (range-checked) to DER.
pub(super) fn ecdsa_to_der(sig: &[u8; 64]) -> Result<Vec<u8>, Error> {
    let parsed = kecdsa::Signature::from_slice(sig).map_err(|_| Error::InvalidSignature)?;
    Ok(parsed.to_der().as_bytes().to_vec())
}

/// A BIP-340 signing key. `k256` keeps the even-y form of the scalar and zeroizes it.
#[derive(Clone)]
pub(super) struct SchnorrSk(schnorr::SigningKey);

impl SchnorrSk {
    pub(super) fn from_bytes(secret: &[u8; 32]) -> Result<SchnorrSk, Error> {
        schnorr::SigningKey::from_bytes(&(*secret).into())
            .map(SchnorrSk)
            .map_err(|_| Error::InvalidKey)
    }

    pub(super) fn public_key(&self) -> SchnorrPk {
        SchnorrPk(*self.0.verifying_key())
    }

    /// BIP-340 Sign(sk, m, a) on the raw message (any length).
    pub(super) fn sign(&self, msg: &[u8], aux_rand: &[u8; 32]) -> Result<[u8; 64], Error> {
        // `sign_raw` is BIP-340's Sign exactly; `k256`'s `Signer` impl would SHA-256 the
        // message first, which is not BIP-340.
        self.0
            .sign_raw(msg, aux_rand)
            .map(|sig| sig.to_bytes())
            .map_err(|_| Error::Internal)
    }
}

/// A BIP-340 x-only public key.
#[derive(Clone, Copy)]
pub(super) struct SchnorrPk(schnorr::VerifyingKey);

impl SchnorrPk {
    /// lift_x: fails if x ≥ p or x is not the abscissa of a curve point.
    pub(super) fn from_bytes(x: &[u8; 32]) -> Result<SchnorrPk, Error> {
        schnorr::VerifyingKey::from_bytes(&(*x).into())
            .map(SchnorrPk)
            .map_err(|_| Error::InvalidKey)
    }

    pub(super) fn to_bytes(self) -> [u8; 32] {
        self.0.to_bytes().into()
    }

    /// BIP-340 Verify on the raw message (any length).
    pub(super) fn verify(&self, msg: &[u8], sig: &[u8; 64]) -> Result<(), Error> {
        let sig = schnorr::Signature::from_bytes(sig).map_err(|_| Error::InvalidSignature)?;
        self.0
            .verify_raw(msg, &sig)
            .map_err(|_| Error::InvalidSignature)
    }
}

/// Checks the encoding of a BIP-340 signature: r < p and 0 < s < n.
pub(super) fn schnorr_check(sig: &[u8; 64]) -> Result<(), Error> {
    schnorr::Signature::from_bytes(sig)
        .map(|_| ())
        .map_err(|_| Error::InvalidSignature)
}
