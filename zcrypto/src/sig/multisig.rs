//! M-of-N signature policies over keys of any scheme (mixed schemes allowed, e.g. a
//! 2-of-3 with one ML-DSA-65 key).
//!
//! ```
//! use zcrypto::{Algorithm, sig::{dynamic, multisig::MultisigPolicy}};
//! let (sk_a, pk_a) = dynamic::keygen(Algorithm::Ed25519, &[1; 32])?;
//! let (sk_b, pk_b) = dynamic::keygen(Algorithm::EcdsaSecp256k1, &[2; 32])?;
//! let (_, pk_c) = dynamic::keygen(Algorithm::MlDsa65, &[3; 32])?;
//! let policy = MultisigPolicy::new(2, [
//!     (Algorithm::Ed25519, pk_a),
//!     (Algorithm::EcdsaSecp256k1, pk_b),
//!     (Algorithm::MlDsa65, pk_c),
//! ])?;
//! let msg = b"release funds";
//! let sig_a = dynamic::sign(Algorithm::Ed25519, &sk_a, msg, b"")?;
//! let sig_b = dynamic::sign(Algorithm::EcdsaSecp256k1, &sk_b, msg, b"")?;
//! policy.verify(msg, b"", &[(0, &sig_a), (1, &sig_b)])?;
//! // One signature is not enough; the same signer twice does not count twice.
//! assert!(policy.verify(msg, b"", &[(0, &sig_a)]).is_err());
//! assert!(policy.verify(msg, b"", &[(0, &sig_a), (0, &sig_a)]).is_err());
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! ## Rules
//! * `1 ≤ M ≤ N ≤ 255`; every key is validated for its scheme; the same key may not
//!   appear twice (it would let one signer count twice).
//! * [`MultisigPolicy::verify`] takes `(key index, signature)` pairs. An unknown or
//!   repeated index, or fewer than M pairs, is [`Error::PolicyNotSatisfied`]; any
//!   signature that does not verify is [`Error::InvalidSignature`] (the whole set is
//!   rejected, so the outcome never depends on which subset a verifier happens to try).
//!
//! ## Encoding
//! `M (1 B) ‖ N (1 B) ‖ N × (name length (1 B) ‖ algorithm name ‖ key length (2 B, BE) ‖ key)`,
//! with the stable algorithm names of [`Algorithm`]. [`MultisigPolicy::id`] is the
//! SHA-256 of this encoding, usable as the policy's address.

use super::dynamic;
use crate::{Algorithm, Error, Kind};

/// One key of a policy: its scheme and encoded public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyKey {
    /// The signature scheme.
    pub algorithm: Algorithm,
    /// The scheme's standard public key encoding.
    pub public_key: Vec<u8>,
}

/// An M-of-N signature policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultisigPolicy {
    threshold: u8,
    keys: Vec<PolicyKey>,
}

impl MultisigPolicy {
    /// The largest number of keys in a policy.
    pub const MAX_KEYS: usize = 255;

    /// A policy requiring `threshold` of `keys` to sign. Errors: a threshold outside
    /// `1..=N` or more than 255 keys is [`Error::InvalidLength`] (`expected` = N or 255);
    /// a non-signature algorithm is [`Error::UnsupportedAlgorithm`]; a malformed or
    /// repeated key is [`Error::InvalidKey`].
    pub fn new(
        threshold: usize,
        keys: impl IntoIterator<Item = (Algorithm, Vec<u8>)>,
    ) -> Result<MultisigPolicy, Error> {
        let keys: Vec<PolicyKey> = keys
            .into_iter()
            .map(|(algorithm, public_key)| PolicyKey {
                algorithm,
                public_key,
            })
            .collect();
        check_policy(threshold, &keys_view(&keys))?;
        Ok(MultisigPolicy {
            // Both fit: threshold ≤ N ≤ 255.
            threshold: threshold as u8,
            keys,
        })
    }

    /// M: how many valid signatures the policy needs.
    pub fn threshold(&self) -> usize {
        usize::from(self.threshold)
    }

    /// The N keys, in index order.
    pub fn keys(&self) -> &[PolicyKey] {
        &self.keys
    }

    /// Verifies `(key index, signature)` pairs over `message` under `context` (see the
    /// module docs for the rules).
    pub fn verify(
        &self,
        message: &[u8],
        context: &[u8],
        signatures: &[(usize, &[u8])],
    ) -> Result<(), Error> {
        verify_policy(
            self.threshold(),
            &keys_view(&self.keys),
            message,
            context,
            signatures,
        )
    }

    /// The policy's encoding (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![self.threshold, self.keys.len() as u8];
        for k in &self.keys {
            let name = k.algorithm.name().as_bytes();
            out.push(name.len() as u8);
            out.extend_from_slice(name);
            out.extend_from_slice(&(k.public_key.len() as u16).to_be_bytes());
            out.extend_from_slice(&k.public_key);
        }
        out
    }

    /// Decodes and validates a policy encoding.
    pub fn from_bytes(bytes: &[u8]) -> Result<MultisigPolicy, Error> {
        let mut r = crate::util::Reader::new(bytes);
        let threshold = usize::from(r.u8()?);
        let n = usize::from(r.u8()?);
        let mut keys = Vec::with_capacity(n);
        for _ in 0..n {
            let name_len = usize::from(r.u8()?);
            let name =
                core::str::from_utf8(r.take(name_len)?).map_err(|_| Error::InvalidEncoding)?;
            let algorithm: Algorithm = name.parse()?;
            let key_len = usize::from(r.u16_be()?);
            keys.push((algorithm, r.take(key_len)?.to_vec()));
        }
        r.done()?;
        MultisigPolicy::new(threshold, keys)
    }

    /// SHA-256 of the encoding: a stable identifier (address) for the policy.
    pub fn id(&self) -> [u8; 32] {
        crate::hash::sha256(&self.to_bytes())
    }
}

/// The keys as borrowed `(algorithm, public key)` pairs.
fn keys_view(keys: &[PolicyKey]) -> Vec<(Algorithm, &[u8])> {
    keys.iter()
        .map(|k| (k.algorithm, k.public_key.as_slice()))
        .collect()
}

/// The checks of [`MultisigPolicy::new`], on borrowed keys (shared with the metered
/// path, which must not copy the keys).
pub(crate) fn check_policy(threshold: usize, keys: &[(Algorithm, &[u8])]) -> Result<(), Error> {
    if keys.is_empty() || keys.len() > MultisigPolicy::MAX_KEYS {
        return Err(Error::InvalidLength {
            expected: MultisigPolicy::MAX_KEYS,
            got: keys.len(),
        });
    }
    if threshold == 0 || threshold > keys.len() {
        return Err(Error::InvalidLength {
            expected: keys.len(),
            got: threshold,
        });
    }
    for (i, k) in keys.iter().enumerate() {
        if k.0.kind() != Kind::Signature {
            return Err(Error::UnsupportedAlgorithm);
        }
        dynamic::check_public_key(k.0, k.1)?;
        if keys[..i].contains(k) {
            return Err(Error::InvalidKey);
        }
    }
    Ok(())
}

/// The rules of [`MultisigPolicy::verify`], on borrowed keys that passed
/// [`check_policy`].
pub(crate) fn verify_policy(
    threshold: usize,
    keys: &[(Algorithm, &[u8])],
    message: &[u8],
    context: &[u8],
    signatures: &[(usize, &[u8])],
) -> Result<(), Error> {
    let mut seen = [false; MultisigPolicy::MAX_KEYS];
    for &(index, _) in signatures {
        match seen.get_mut(index) {
            Some(s) if index < keys.len() && !*s => *s = true,
            _ => return Err(Error::PolicyNotSatisfied),
        }
    }
    if signatures.len() < threshold {
        return Err(Error::PolicyNotSatisfied);
    }
    for &(index, signature) in signatures {
        let (algorithm, public_key) = keys[index];
        dynamic::verify(algorithm, public_key, message, context, signature).map_err(
            |e| match e {
                Error::InvalidLength { .. } => Error::InvalidSignature,
                e => e,
            },
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (scheme, public key, secret key).
    type TestKey = (Algorithm, Vec<u8>, zeroize::Zeroizing<Vec<u8>>);

    fn keys(n: u8) -> Vec<TestKey> {
        let algs = [
            Algorithm::Ed25519,
            Algorithm::Bip340,
            Algorithm::MlDsa44,
            Algorithm::EcdsaSecp256k1,
        ];
        (0..n)
            .map(|i| {
                let alg = algs[usize::from(i) % algs.len()];
                let (sk, pk) = dynamic::keygen(alg, &[i + 1; 32]).unwrap();
                (alg, pk, sk)
            })
            .collect()
    }

    fn policy(m: usize, ks: &[TestKey]) -> MultisigPolicy {
        MultisigPolicy::new(m, ks.iter().map(|(a, pk, _)| (*a, pk.clone()))).unwrap()
    }

    fn sign(ks: &[TestKey], i: usize, msg: &[u8]) -> Vec<u8> {
        dynamic::sign(ks[i].0, &ks[i].2, msg, b"").unwrap()
    }

    #[test]
    fn threshold_rules() {
        let ks = keys(4);
        let p = policy(3, &ks);
        let s: Vec<Vec<u8>> = (0..4).map(|i| sign(&ks, i, b"m")).collect();
        p.verify(b"m", b"", &[(0, &s[0]), (2, &s[2]), (3, &s[3])])
            .unwrap();
        p.verify(b"m", b"", &[(3, &s[3]), (1, &s[1]), (0, &s[0]), (2, &s[2])])
            .unwrap();
        assert_eq!(
            p.verify(b"m", b"", &[(0, &s[0]), (2, &s[2])]),
            Err(Error::PolicyNotSatisfied)
        );
        // Duplicate and unknown indices.
        assert_eq!(
            p.verify(b"m", b"", &[(0, &s[0]), (0, &s[0]), (2, &s[2])]),
            Err(Error::PolicyNotSatisfied)
        );
        assert_eq!(
            p.verify(b"m", b"", &[(0, &s[0]), (2, &s[2]), (4, &s[3])]),
            Err(Error::PolicyNotSatisfied)
        );
        assert_eq!(
            p.verify(b"m", b"", &[(0, &s[0]), (2, &s[2]), (usize::MAX, &s[3])]),
            Err(Error::PolicyNotSatisfied)
        );
        // A signature under the wrong index (wrong key), wrong message, garbage.
        assert_eq!(
            p.verify(b"m", b"", &[(0, &s[1]), (2, &s[2]), (3, &s[3])]),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            p.verify(b"x", b"", &[(0, &s[0]), (2, &s[2]), (3, &s[3])]),
            Err(Error::InvalidSignature)
        );
        assert_eq!(
            p.verify(b"m", b"", &[(0, &[1, 2, 3]), (2, &s[2]), (3, &s[3])]),
            Err(Error::InvalidSignature)
        );
    }

    #[test]
    fn construction_errors() {
        let ks = keys(3);
        let list = || {
            ks.iter()
                .map(|(a, pk, _)| (*a, pk.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            MultisigPolicy::new(0, list()),
            Err(Error::InvalidLength {
                expected: 3,
                got: 0
            })
        );
        assert_eq!(
            MultisigPolicy::new(4, list()),
            Err(Error::InvalidLength {
                expected: 3,
                got: 4
            })
        );
        assert!(MultisigPolicy::new(1, Vec::new()).is_err());
        let mut dup = list();
        dup.push(dup[0].clone());
        assert_eq!(MultisigPolicy::new(2, dup), Err(Error::InvalidKey));
        let mut bad = list();
        bad[1].1[0] ^= 0xff;
        assert!(MultisigPolicy::new(2, bad).is_err());
        let mut wrong_kind = list();
        wrong_kind[0].0 = Algorithm::Sha256;
        assert_eq!(
            MultisigPolicy::new(2, wrong_kind),
            Err(Error::UnsupportedAlgorithm)
        );
    }

    #[test]
    fn encoding_round_trip_and_truncation() {
        let ks = keys(3);
        let p = policy(2, &ks);
        let bytes = p.to_bytes();
        assert_eq!(MultisigPolicy::from_bytes(&bytes).unwrap(), p);
        assert_eq!(MultisigPolicy::from_bytes(&bytes).unwrap().id(), p.id());
        for cut in [0, 1, 2, 5, bytes.len() - 1] {
            assert!(
                MultisigPolicy::from_bytes(&bytes[..cut]).is_err(),
                "cut {cut}"
            );
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert_eq!(
            MultisigPolicy::from_bytes(&extra),
            Err(Error::InvalidEncoding)
        );
        let mut renamed = bytes;
        renamed[3] = b'X'; // first byte of the first algorithm name
        assert!(MultisigPolicy::from_bytes(&renamed).is_err());
    }
}
