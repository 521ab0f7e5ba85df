//! Private keys ([`KEY_PROVIDER`]): Ed25519 keys in PKCS#8 (RFC 8410, version 1 or 2),
//! signing with zcrypto ([`sig::ed25519`](crate::sig::ed25519)).
//!
//! Other key types (ECDSA, RSA, SEC1 and PKCS#1 encodings) are refused with
//! `rustls::Error::General`: zcrypto has no NIST-curve ECDSA or RSA signing.

use std::sync::Arc;

use ::rustls::crypto::KeyProvider;
use ::rustls::pki_types::{PrivateKeyDer, SubjectPublicKeyInfoDer, alg_id};
use ::rustls::sign::{Signer, SigningKey, public_key_to_spki};
use ::rustls::{Error, SignatureAlgorithm, SignatureScheme};
use zeroize::Zeroizing;

use crate::sig::Signer as _;
use crate::sig::ed25519;

/// zcrypto's [`KeyProvider`]: Ed25519 PKCS#8 keys only.
pub static KEY_PROVIDER: &dyn KeyProvider = &Ed25519KeyProvider;

#[derive(Debug)]
struct Ed25519KeyProvider;

impl KeyProvider for Ed25519KeyProvider {
    fn load_private_key(
        &self,
        key_der: PrivateKeyDer<'static>,
    ) -> Result<Arc<dyn SigningKey>, Error> {
        match key_der {
            PrivateKeyDer::Pkcs8(der) => {
                Ok(Arc::new(Ed25519Key::from_pkcs8(der.secret_pkcs8_der())?))
            }
            _ => Err(unsupported()),
        }
    }
}

fn unsupported() -> Error {
    Error::General(
        "zcrypto rustls provider: only Ed25519 private keys in PKCS#8 are supported".into(),
    )
}

/// `SEQUENCE { OID 1.3.101.112 }`: the Ed25519 AlgorithmIdentifier.
const ED25519_ALG_ID: [u8; 7] = [0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];

/// An Ed25519 seed and, if the document has one, the public key.
type Pkcs8Parts = (Zeroizing<[u8; 32]>, Option<[u8; 32]>);

/// Parses an Ed25519 PKCS#8 document (RFC 8410 §7, RFC 5958): the 32-byte seed and, in
/// version 2, the public key. Only these exact encodings are accepted (no attributes).
fn parse_pkcs8(der: &[u8]) -> Result<Pkcs8Parts, Error> {
    let bad = || Error::General("zcrypto rustls provider: not an Ed25519 PKCS#8 key".into());
    // SEQUENCE with a one-byte length covering the rest.
    let body = match der {
        [0x30, len, body @ ..] if usize::from(*len) == body.len() && *len < 0x80 => body,
        _ => return Err(bad()),
    };
    let (version, rest) = match body {
        [0x02, 0x01, v @ (0 | 1), rest @ ..] => (*v, rest),
        _ => return Err(bad()),
    };
    let rest = rest
        .strip_prefix(&ED25519_ALG_ID[..])
        .ok_or_else(unsupported)?;
    // privateKey OCTET STRING { CurvePrivateKey OCTET STRING (32) }
    let rest = rest
        .strip_prefix(&[0x04, 0x22, 0x04, 0x20][..])
        .ok_or_else(bad)?;
    if rest.len() < 32 {
        return Err(bad());
    }
    let (seed, rest) = rest.split_at(32);
    let mut s = Zeroizing::new([0u8; 32]);
    s.copy_from_slice(seed);
    // publicKey [1] BIT STRING (implicit, RFC 5958; ring writes it explicitly tagged).
    let public = match (version, rest) {
        (_, []) => None,
        (1, [0x81, 0x21, 0x00, pk @ ..]) | (1, [0xa1, 0x23, 0x03, 0x21, 0x00, pk @ ..]) => {
            Some(<[u8; 32]>::try_from(pk).map_err(|_| bad())?)
        }
        _ => return Err(bad()),
    };
    Ok((s, public))
}

/// An Ed25519 private key for rustls.
#[derive(Debug)]
struct Ed25519Key(Arc<ed25519::SigningKey>);

impl Ed25519Key {
    fn from_pkcs8(der: &[u8]) -> Result<Ed25519Key, Error> {
        let (seed, public) = parse_pkcs8(der)?;
        let key = ed25519::SigningKey::from_seed(&seed[..])
            .map_err(|_| Error::General("zcrypto rustls provider: bad Ed25519 key".into()))?;
        if let Some(public) = public
            && public != *key.verifying_key().as_bytes()
        {
            return Err(Error::General(
                "zcrypto rustls provider: the PKCS#8 public key does not match the private key"
                    .into(),
            ));
        }
        Ok(Ed25519Key(Arc::new(key)))
    }
}

impl SigningKey for Ed25519Key {
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        offered
            .contains(&SignatureScheme::ED25519)
            .then(|| Box::new(Ed25519Signer(self.0.clone())) as Box<dyn Signer>)
    }

    fn public_key(&self) -> Option<SubjectPublicKeyInfoDer<'_>> {
        Some(public_key_to_spki(
            &alg_id::ED25519,
            self.0.verifying_key().as_bytes(),
        ))
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::ED25519
    }
}

#[derive(Debug)]
struct Ed25519Signer(Arc<ed25519::SigningKey>);

impl Signer for Ed25519Signer {
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        self.0
            .sign(message)
            .map(|s| s.as_bytes().to_vec())
            .map_err(|_| Error::General("zcrypto: Ed25519 signing failed".into()))
    }

    fn scheme(&self) -> SignatureScheme {
        SignatureScheme::ED25519
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::rustls::pki_types::PrivatePkcs8KeyDer;
    use rcgen::PublicKeyData as _;

    fn v1(seed: &[u8; 32]) -> Vec<u8> {
        let mut der = vec![0x30, 0x2e, 0x02, 0x01, 0x00];
        der.extend_from_slice(&ED25519_ALG_ID);
        der.extend_from_slice(&[0x04, 0x22, 0x04, 0x20]);
        der.extend_from_slice(seed);
        der
    }

    fn load(der: Vec<u8>) -> Result<Arc<dyn SigningKey>, Error> {
        KEY_PROVIDER.load_private_key(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(der)))
    }

    /// A v1 key signs, and the signature verifies with zcrypto and with aws-lc.
    #[test]
    fn v1_key_signs() {
        let key = load(v1(&[7u8; 32])).unwrap();
        assert_eq!(key.algorithm(), SignatureAlgorithm::ED25519);
        assert!(
            key.choose_scheme(&[SignatureScheme::ECDSA_NISTP256_SHA256])
                .is_none()
        );
        let signer = key
            .choose_scheme(&[SignatureScheme::RSA_PSS_SHA256, SignatureScheme::ED25519])
            .unwrap();
        assert_eq!(signer.scheme(), SignatureScheme::ED25519);
        let sig = signer.sign(b"hello").unwrap();
        let spki = key.public_key().unwrap();
        let pk = &spki.as_ref()[spki.as_ref().len() - 32..];
        assert_eq!(
            pk,
            ed25519::SigningKey::from_seed(&[7u8; 32])
                .unwrap()
                .verifying_key()
                .as_bytes()
        );
        super::super::verify::ED25519
            .verify_signature(pk, b"hello", &sig)
            .unwrap();
        let lc = ::rustls::crypto::aws_lc_rs::default_provider();
        let (_, algs) = lc
            .signature_verification_algorithms
            .mapping
            .iter()
            .find(|(s, _)| *s == SignatureScheme::ED25519)
            .unwrap();
        algs[0].verify_signature(pk, b"hello", &sig).unwrap();
    }

    /// rcgen's (aws-lc's) v2 documents load, and so does the public key check.
    #[test]
    fn v2_keys_load() {
        let kp = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
        let der = kp.serialize_der();
        let key = load(der.clone()).unwrap();
        assert_eq!(
            key.public_key().unwrap().as_ref(),
            kp.subject_public_key_info().as_slice()
        );
        // The implicit [1] form of RFC 5958 and a mismatching public key.
        let seed = [5u8; 32];
        let pk = *ed25519::SigningKey::from_seed(&seed)
            .unwrap()
            .verifying_key()
            .as_bytes();
        let v2 = |pk: &[u8; 32]| {
            let mut d = v1(&seed);
            d[1] = 0x51;
            d[4] = 0x01;
            d.extend_from_slice(&[0x81, 0x21, 0x00]);
            d.extend_from_slice(pk);
            d
        };
        load(v2(&pk)).unwrap();
        let mut wrong = pk;
        wrong[0] ^= 1;
        assert!(load(v2(&wrong)).is_err());
    }

    #[test]
    fn other_keys_are_refused() {
        let mut der = v1(&[1u8; 32]);
        der[11] = 0x71; // Ed448
        assert_eq!(load(der).err(), Some(unsupported()));
        let mut der = v1(&[1u8; 32]);
        der.push(0);
        assert!(load(der).is_err());
        assert!(load(vec![0x30, 0x00]).is_err());
        let sec1 = PrivateKeyDer::Sec1(vec![0x30, 0x00].into());
        assert_eq!(
            KEY_PROVIDER.load_private_key(sec1).err(),
            Some(unsupported())
        );
    }
}
