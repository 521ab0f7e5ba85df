//! Certificate and handshake signature verification ([`SUPPORTED_SIG_ALGS`]).
//!
//! * Ed25519: zcrypto ([`sig::ed25519`](crate::sig::ed25519), strict verification:
//!   canonical encodings, no small-order keys).
//! * With the `native` feature: ECDSA (P-256, P-384, P-521) and RSA (PKCS#1 v1.5, PSS,
//!   2048–8192 bits) are rustls-webpki's aws-lc-rs algorithms, the same code rustls's own
//!   aws-lc-rs provider uses. zcrypto has no NIST-curve ECDSA or RSA of its own.
//! * Without `native`: Ed25519 only. Peers with ECDSA or RSA certificates are refused
//!   (`UnsupportedSignatureAlgorithm`), which keeps the portable build free of C code.

use ::rustls::SignatureScheme;
use ::rustls::crypto::WebPkiSupportedAlgorithms;
use ::rustls::pki_types::{
    AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm, alg_id,
};

use crate::sig::Verifier as _;
use crate::sig::ed25519;

/// Ed25519 (RFC 8032) verification by zcrypto.
pub static ED25519: &dyn SignatureVerificationAlgorithm = &Ed25519Verify;

#[derive(Debug)]
struct Ed25519Verify;

impl SignatureVerificationAlgorithm for Ed25519Verify {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        let key = ed25519::VerifyingKey::from_bytes(public_key).map_err(|_| InvalidSignature)?;
        let signature: [u8; ed25519::SIGNATURE_LEN] =
            signature.try_into().map_err(|_| InvalidSignature)?;
        let signature = ed25519::Signature::from_array(signature).map_err(|_| InvalidSignature)?;
        key.verify(message, &signature)
            .map_err(|_| InvalidSignature)
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::ED25519
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::ED25519
    }
}

/// The signature algorithms of [`provider`](super::provider): see the module docs.
#[cfg(feature = "native")]
pub static SUPPORTED_SIG_ALGS: WebPkiSupportedAlgorithms = {
    use webpki::aws_lc_rs as lc;
    WebPkiSupportedAlgorithms {
        all: &[
            ED25519,
            lc::ECDSA_P256_SHA256,
            lc::ECDSA_P256_SHA384,
            lc::ECDSA_P256_SHA512,
            lc::ECDSA_P384_SHA256,
            lc::ECDSA_P384_SHA384,
            lc::ECDSA_P384_SHA512,
            lc::ECDSA_P521_SHA256,
            lc::ECDSA_P521_SHA384,
            lc::ECDSA_P521_SHA512,
            lc::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
            lc::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
            lc::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
            lc::RSA_PKCS1_2048_8192_SHA256,
            lc::RSA_PKCS1_2048_8192_SHA384,
            lc::RSA_PKCS1_2048_8192_SHA512,
            lc::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
            lc::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
            lc::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
        ],
        // TLS 1.3 fixes the curve with the scheme; TLS 1.2 does not (rustls's mapping).
        mapping: &[
            (SignatureScheme::ED25519, &[ED25519]),
            (
                SignatureScheme::ECDSA_NISTP384_SHA384,
                &[
                    lc::ECDSA_P384_SHA384,
                    lc::ECDSA_P256_SHA384,
                    lc::ECDSA_P521_SHA384,
                ],
            ),
            (
                SignatureScheme::ECDSA_NISTP256_SHA256,
                &[
                    lc::ECDSA_P256_SHA256,
                    lc::ECDSA_P384_SHA256,
                    lc::ECDSA_P521_SHA256,
                ],
            ),
            (
                SignatureScheme::ECDSA_NISTP521_SHA512,
                &[
                    lc::ECDSA_P521_SHA512,
                    lc::ECDSA_P384_SHA512,
                    lc::ECDSA_P256_SHA512,
                ],
            ),
            (
                SignatureScheme::RSA_PSS_SHA512,
                &[lc::RSA_PSS_2048_8192_SHA512_LEGACY_KEY],
            ),
            (
                SignatureScheme::RSA_PSS_SHA384,
                &[lc::RSA_PSS_2048_8192_SHA384_LEGACY_KEY],
            ),
            (
                SignatureScheme::RSA_PSS_SHA256,
                &[lc::RSA_PSS_2048_8192_SHA256_LEGACY_KEY],
            ),
            (
                SignatureScheme::RSA_PKCS1_SHA512,
                &[lc::RSA_PKCS1_2048_8192_SHA512],
            ),
            (
                SignatureScheme::RSA_PKCS1_SHA384,
                &[lc::RSA_PKCS1_2048_8192_SHA384],
            ),
            (
                SignatureScheme::RSA_PKCS1_SHA256,
                &[lc::RSA_PKCS1_2048_8192_SHA256],
            ),
        ],
    }
};

/// The signature algorithms of [`provider`](super::provider): Ed25519 only without the
/// `native` feature (see the module docs).
#[cfg(not(feature = "native"))]
pub static SUPPORTED_SIG_ALGS: WebPkiSupportedAlgorithms = WebPkiSupportedAlgorithms {
    all: &[ED25519],
    mapping: &[(SignatureScheme::ED25519, &[ED25519])],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sig::{Signer as _, ed25519::SigningKey};

    /// zcrypto and aws-lc (through rustls-webpki) accept and refuse the same signatures.
    #[test]
    fn ed25519_matches_aws_lc() {
        let theirs = ::rustls::crypto::aws_lc_rs::default_provider()
            .signature_verification_algorithms
            .mapping
            .iter()
            .find(|(s, _)| *s == SignatureScheme::ED25519)
            .unwrap()
            .1[0];
        let sk = SigningKey::from_seed(&[9u8; 32]).unwrap();
        let pk = sk.verifying_key().as_bytes().to_vec();
        let sig = sk.sign(b"message").unwrap().as_bytes().to_vec();
        for alg in [ED25519, theirs] {
            assert_eq!(alg.public_key_alg_id(), alg_id::ED25519);
            assert!(alg.verify_signature(&pk, b"message", &sig).is_ok());
            assert!(alg.verify_signature(&pk, b"messagf", &sig).is_err());
            assert!(alg.verify_signature(&pk, b"message", &sig[..63]).is_err());
            assert!(alg.verify_signature(&pk[..31], b"message", &sig).is_err());
            let mut bad = sig.clone();
            bad[10] ^= 1;
            assert!(alg.verify_signature(&pk, b"message", &bad).is_err());
        }
        assert!(
            SUPPORTED_SIG_ALGS
                .supported_schemes()
                .contains(&SignatureScheme::ED25519)
        );
    }
}
