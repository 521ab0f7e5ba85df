//! Key exchange groups: [`X25519MLKEM768`] (the hybrid of
//! [`kem::hybrid`]) and [`X25519`] ([`x25519`]).
//!
//! The hybrid group also offers its X25519 half as a separate `X25519` key share
//! (rustls's `hybrid_component`), so a client that lists both groups sends one ML-KEM key
//! and one X25519 key, and a server without ML-KEM answers with X25519 without a
//! HelloRetryRequest.

use ::rustls::crypto::{ActiveKeyExchange, CompletedKeyExchange, SharedSecret, SupportedKxGroup};
use ::rustls::{Error, NamedGroup, PeerMisbehaved, ProtocolVersion};
use zeroize::Zeroizing;

use crate::kem::{self, hybrid};
use crate::x25519;

/// X25519 (RFC 7748), TLS group 0x001D.
pub static X25519: &dyn SupportedKxGroup = &X25519Group;

/// X25519MLKEM768 (draft-ietf-tls-ecdhe-mlkem), TLS group 0x11EC; TLS 1.3 only.
pub static X25519MLKEM768: &dyn SupportedKxGroup = &X25519MlKem768Group;

/// Every group, in preference order: the post-quantum hybrid first.
pub static ALL_KX_GROUPS: &[&dyn SupportedKxGroup] = &[X25519MLKEM768, X25519];

const INVALID_KEY_SHARE: Error = Error::PeerMisbehaved(PeerMisbehaved::InvalidKeyShare);

fn random_failed(e: crate::Error) -> Error {
    match e {
        crate::Error::RandomnessUnavailable => Error::FailedToGetRandomBytes,
        _ => Error::General("zcrypto: key generation failed".into()),
    }
}

/// X25519 with `secret` and the peer's 32-byte share. A wrong length or a low-order peer
/// key (an all-zero secret) is an invalid key share.
fn x25519_agree(secret: &x25519::SecretKey, peer: &[u8]) -> Result<SharedSecret, Error> {
    let peer = x25519::PublicKey::try_from_slice(peer).map_err(|_| INVALID_KEY_SHARE)?;
    let shared = secret
        .diffie_hellman(&peer)
        .map_err(|_| INVALID_KEY_SHARE)?;
    Ok(SharedSecret::from(&shared.as_bytes()[..]))
}

#[derive(Debug)]
struct X25519Group;

impl SupportedKxGroup for X25519Group {
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, Error> {
        let secret = x25519::SecretKey::generate().map_err(random_failed)?;
        let public = *secret.public_key().as_bytes();
        Ok(Box::new(X25519Exchange { secret, public }))
    }

    fn name(&self) -> NamedGroup {
        NamedGroup::X25519
    }
}

struct X25519Exchange {
    secret: x25519::SecretKey,
    public: [u8; x25519::KEY_LEN],
}

impl ActiveKeyExchange for X25519Exchange {
    fn complete(self: Box<Self>, peer_pub_key: &[u8]) -> Result<SharedSecret, Error> {
        x25519_agree(&self.secret, peer_pub_key)
    }

    fn pub_key(&self) -> &[u8] {
        &self.public
    }

    fn group(&self) -> NamedGroup {
        NamedGroup::X25519
    }
}

#[derive(Debug)]
struct X25519MlKem768Group;

impl SupportedKxGroup for X25519MlKem768Group {
    /// The client side: a fresh ML-KEM-768 key and X25519 key.
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, Error> {
        let seed =
            Zeroizing::new(crate::rand::array::<{ kem::SEED_LEN }>().map_err(random_failed)?);
        let x = Zeroizing::new(crate::rand::array::<{ x25519::KEY_LEN }>().map_err(random_failed)?);
        let client = hybrid::Client::from_parts(&seed, *x).map_err(random_failed)?;
        let share = client.key_share();
        Ok(Box::new(HybridExchange {
            client,
            x25519: x25519::SecretKey::from_bytes(*x),
            share,
        }))
    }

    /// The server side: encapsulate to the client's share (a KEM is not a
    /// Diffie-Hellman, so `start` + `complete` would be wrong here).
    fn start_and_complete(&self, client_share: &[u8]) -> Result<CompletedKeyExchange, Error> {
        let (pub_key, secret) = hybrid::server_encapsulate(client_share).map_err(|e| match e {
            crate::Error::RandomnessUnavailable => Error::FailedToGetRandomBytes,
            _ => INVALID_KEY_SHARE,
        })?;
        Ok(CompletedKeyExchange {
            group: self.name(),
            pub_key,
            secret: SharedSecret::from(&secret.as_bytes()[..]),
        })
    }

    fn name(&self) -> NamedGroup {
        NamedGroup::X25519MLKEM768
    }

    fn usable_for_version(&self, version: ProtocolVersion) -> bool {
        version == ProtocolVersion::TLSv1_3
    }
}

struct HybridExchange {
    client: hybrid::Client,
    /// The X25519 half again, for the separate X25519 share (`hybrid_component`).
    x25519: x25519::SecretKey,
    share: Vec<u8>,
}

impl ActiveKeyExchange for HybridExchange {
    fn complete(self: Box<Self>, peer_pub_key: &[u8]) -> Result<SharedSecret, Error> {
        let secret = self
            .client
            .finish(peer_pub_key)
            .map_err(|_| INVALID_KEY_SHARE)?;
        Ok(SharedSecret::from(&secret.as_bytes()[..]))
    }

    fn hybrid_component(&self) -> Option<(NamedGroup, &[u8])> {
        Some((
            NamedGroup::X25519,
            &self.share[hybrid::CLIENT_SHARE_LEN - x25519::KEY_LEN..],
        ))
    }

    fn complete_hybrid_component(
        self: Box<Self>,
        peer_pub_key: &[u8],
    ) -> Result<SharedSecret, Error> {
        x25519_agree(&self.x25519, peer_pub_key)
    }

    fn pub_key(&self) -> &[u8] {
        &self.share
    }

    fn group(&self) -> NamedGroup {
        NamedGroup::X25519MLKEM768
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::rustls::crypto::aws_lc_rs::kx_group;

    fn agree(client: &dyn SupportedKxGroup, server: &dyn SupportedKxGroup) {
        assert_eq!(client.name(), server.name());
        let c = client.start().unwrap();
        let s = server.start_and_complete(c.pub_key()).unwrap();
        assert_eq!(s.group, client.name());
        let cs = c.complete(&s.pub_key).unwrap();
        assert_eq!(cs.secret_bytes(), s.secret.secret_bytes());
        assert!(!cs.secret_bytes().iter().all(|&b| b == 0));
    }

    /// Both directions against rustls's aws-lc-rs groups, and against ourselves.
    #[test]
    fn groups_agree_with_rustls() {
        for (ours, theirs) in [
            (X25519MLKEM768, kx_group::X25519MLKEM768),
            (X25519, kx_group::X25519),
        ] {
            agree(ours, theirs);
            agree(theirs, ours);
            agree(ours, ours);
        }
    }

    /// The hybrid's X25519 component answers a plain X25519 server.
    #[test]
    fn hybrid_component_is_x25519() {
        let c = X25519MLKEM768.start().unwrap();
        let (group, share) = c.hybrid_component().unwrap();
        assert_eq!(group, NamedGroup::X25519);
        assert_eq!(share, &c.pub_key()[1184..]);
        let s = kx_group::X25519.start_and_complete(share).unwrap();
        let cs = c.complete_hybrid_component(&s.pub_key).unwrap();
        assert_eq!(cs.secret_bytes(), s.secret.secret_bytes());
    }

    #[test]
    fn bad_shares_are_refused() {
        assert_eq!(
            X25519MLKEM768.start_and_complete(&[0u8; 10]).err(),
            Some(INVALID_KEY_SHARE)
        );
        // A low-order point gives an all-zero secret.
        assert_eq!(
            X25519.start_and_complete(&[0u8; 32]).err(),
            Some(INVALID_KEY_SHARE)
        );
        let c = X25519MLKEM768.start().unwrap();
        assert_eq!(c.complete(&[1u8; 5]).err(), Some(INVALID_KEY_SHARE));
        assert!(!X25519MLKEM768.usable_for_version(ProtocolVersion::TLSv1_2));
    }
}
