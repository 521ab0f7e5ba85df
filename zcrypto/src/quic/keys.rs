//! Key derivation (RFC 9001 §5.1, §5.2, §6): [`DirectionalKeys`] from a traffic secret,
//! Initial [`Keys`] from the client's Destination Connection ID, and [`Secrets`] for
//! key updates.

use core::fmt;

use zeroize::Zeroizing;

use super::{HeaderKey, Side, Suite, Version};
use crate::{
    Backend, Error,
    aead::{IV_LEN, PacketKey},
    kdf::{HkdfAlg, Prk},
};

/// The client and server Initial secrets (RFC 9001 §5.2) for a client-chosen
/// Destination Connection ID: `initial_secret = HKDF-Extract(salt, dcid)`, then
/// Expand-Label `"client in"` / `"server in"`. Returns `(client, server)`.
///
/// Any DCID length is accepted (HKDF takes any input); QUIC v1 and v2 themselves limit
/// connection IDs to 20 bytes and the client's first DCID to at least 8.
pub fn initial_secrets(version: Version, client_dcid: &[u8]) -> (Prk, Prk) {
    let initial = Prk::extract(HkdfAlg::Sha256, version.initial_salt(), client_dcid);
    // Expand-Label to one SHA-256 length cannot fail.
    let client = initial.derive_label(b"client in", b"");
    let server = initial.derive_label(b"server in", b"");
    match (client, server) {
        (Ok(c), Ok(s)) => (c, s),
        _ => unreachable!("HKDF-Expand-Label of 32 bytes with a short label"),
    }
}

fn check_secret(suite: Suite, secret: &Prk) -> Result<(), Error> {
    if secret.algorithm() == suite.hkdf() {
        Ok(())
    } else {
        Err(Error::UnsupportedAlgorithm)
    }
}

/// A packet protection key of one direction from its traffic secret (`quic key`, `quic iv`).
fn packet_key(
    version: Version,
    suite: Suite,
    secret: &Prk,
    backend: Backend,
) -> Result<PacketKey, Error> {
    check_secret(suite, secret)?;
    let mut key = Zeroizing::new([0u8; 32]);
    let key = &mut key[..suite.key_len()];
    secret.expand_label(version.key_label(), b"", key)?;
    let mut iv = Zeroizing::new([0u8; IV_LEN]);
    secret.expand_label(version.iv_label(), b"", iv.as_mut())?;
    PacketKey::with_backend(suite.aead(), key, *iv, backend)
}

/// The keys that protect (or remove protection from) the packets of one direction:
/// the AEAD [`PacketKey`] and the [`HeaderKey`].
///
/// [`encrypt_in_place`](DirectionalKeys::encrypt_in_place) and
/// [`decrypt_in_place`](DirectionalKeys::decrypt_in_place) protect whole packets.
pub struct DirectionalKeys {
    /// Encrypts and authenticates the payload; nonce = IV XOR packet number.
    pub packet: PacketKey,
    /// Masks the first byte and the packet number.
    pub header: HeaderKey,
}

impl DirectionalKeys {
    /// The keys of one direction from its traffic secret (RFC 9001 §5.1): Expand-Label
    /// `"quic key"`, `"quic iv"` and `"quic hp"` (`"quicv2 …"` for v2). The secret's hash
    /// must be the suite's ([`Error::UnsupportedAlgorithm`] otherwise).
    pub fn from_secret(
        version: Version,
        suite: Suite,
        secret: &Prk,
        backend: Backend,
    ) -> Result<DirectionalKeys, Error> {
        let packet = packet_key(version, suite, secret, backend)?;
        let mut hp = Zeroizing::new([0u8; 32]);
        let hp = &mut hp[..suite.hp_key_len()];
        secret.expand_label(version.hp_label(), b"", hp)?;
        Ok(DirectionalKeys {
            packet,
            header: HeaderKey::new(suite, hp, backend)?,
        })
    }
}

impl fmt::Debug for DirectionalKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DirectionalKeys")
            .field("packet", &self.packet)
            .field("header", &self.header)
            .finish()
    }
}

/// The keys of both directions of one packet number space.
#[derive(Debug)]
pub struct Keys {
    /// Protects the packets this endpoint sends.
    pub local: DirectionalKeys,
    /// Removes protection from the packets the peer sends.
    pub remote: DirectionalKeys,
}

impl Keys {
    /// The Initial keys (AES-128-GCM) of `side` for the client's first Destination
    /// Connection ID, on the default backend.
    pub fn initial(version: Version, client_dcid: &[u8], side: Side) -> Result<Keys, Error> {
        Keys::initial_with_backend(version, client_dcid, side, Backend::default())
    }

    /// [`Keys::initial`] on a chosen backend.
    pub fn initial_with_backend(
        version: Version,
        client_dcid: &[u8],
        side: Side,
        backend: Backend,
    ) -> Result<Keys, Error> {
        Secrets::initial(version, client_dcid, side, backend).keys()
    }
}

/// The packet keys of both directions after a key update (the header keys do not change).
#[derive(Debug)]
pub struct PacketKeys {
    /// Protects the packets this endpoint sends.
    pub local: PacketKey,
    /// Removes protection from the packets the peer sends.
    pub remote: PacketKey,
}

/// The client and server traffic secrets of one packet number space (typically 1-RTT),
/// from which [`Keys`] and, on key update (RFC 9001 §6), the next generations of
/// [`PacketKeys`] are derived. Secrets are zeroized on drop and when replaced by
/// [`update`](Secrets::update); `Debug` does not print them.
///
/// ```
/// use zcrypto::{kdf::{HkdfAlg, Prk}, quic::{Secrets, Side, Suite, Version}, Backend};
/// let client = Prk::from_bytes(HkdfAlg::Sha256, &[1; 32])?;
/// let server = Prk::from_bytes(HkdfAlg::Sha256, &[2; 32])?;
/// let mut secrets = Secrets::new(
///     Version::V1, Suite::ChaCha20Poly1305Sha256, Side::Client, client, server, Backend::default())?;
/// let keys = secrets.keys()?;            // generation 0: packet and header keys
/// let next = secrets.next_packet_keys()?; // generation 1: packet keys only
/// assert_eq!(secrets.generation(), 1);
/// # let _ = (keys, next);
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone)]
pub struct Secrets {
    version: Version,
    suite: Suite,
    side: Side,
    backend: Backend,
    client: Prk,
    server: Prk,
    generation: u64,
}

impl Secrets {
    /// Secrets from the TLS traffic secrets of both sides. Both must use the suite's hash
    /// ([`Error::UnsupportedAlgorithm`] otherwise).
    pub fn new(
        version: Version,
        suite: Suite,
        side: Side,
        client: Prk,
        server: Prk,
        backend: Backend,
    ) -> Result<Secrets, Error> {
        check_secret(suite, &client)?;
        check_secret(suite, &server)?;
        Ok(Secrets {
            version,
            suite,
            side,
            backend,
            client,
            server,
            generation: 0,
        })
    }

    /// The Initial secrets (see [`initial_secrets`]).
    pub fn initial(version: Version, client_dcid: &[u8], side: Side, backend: Backend) -> Secrets {
        let (client, server) = initial_secrets(version, client_dcid);
        Secrets {
            version,
            suite: Suite::INITIAL,
            side,
            backend,
            client,
            server,
            generation: 0,
        }
    }

    /// The version.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The suite.
    pub fn suite(&self) -> Suite {
        self.suite
    }

    /// This endpoint's side.
    pub fn side(&self) -> Side {
        self.side
    }

    /// How many key updates these secrets have gone through.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    fn local_remote(&self) -> (&Prk, &Prk) {
        match self.side {
            Side::Client => (&self.client, &self.server),
            Side::Server => (&self.server, &self.client),
        }
    }

    /// Packet and header keys of both directions from the current secrets. Header keys
    /// are only ever derived from the first generation: key updates keep them.
    pub fn keys(&self) -> Result<Keys, Error> {
        let (local, remote) = self.local_remote();
        Ok(Keys {
            local: DirectionalKeys::from_secret(self.version, self.suite, local, self.backend)?,
            remote: DirectionalKeys::from_secret(self.version, self.suite, remote, self.backend)?,
        })
    }

    /// Packet keys of both directions from the current secrets.
    pub fn packet_keys(&self) -> Result<PacketKeys, Error> {
        let (local, remote) = self.local_remote();
        Ok(PacketKeys {
            local: packet_key(self.version, self.suite, local, self.backend)?,
            remote: packet_key(self.version, self.suite, remote, self.backend)?,
        })
    }

    /// Key update (RFC 9001 §6.1): both secrets become Expand-Label(secret, `"quic ku"`)
    /// (`"quicv2 ku"` for v2). The old secrets are zeroized.
    pub fn update(&mut self) -> Result<(), Error> {
        let label = self.version.ku_label();
        let client = self.client.derive_label(label, b"")?;
        let server = self.server.derive_label(label, b"")?;
        // The replaced `Prk`s are zeroized as they drop.
        self.client = client;
        self.server = server;
        self.generation += 1;
        Ok(())
    }

    /// [`update`](Secrets::update), then the packet keys of the new generation.
    pub fn next_packet_keys(&mut self) -> Result<PacketKeys, Error> {
        self.update()?;
        self.packet_keys()
    }

    /// The current secret of `side`, e.g. to check a key update against a known answer.
    pub fn secret(&self, side: Side) -> &Prk {
        match side {
            Side::Client => &self.client,
            Side::Server => &self.server,
        }
    }
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secrets")
            .field("version", &self.version)
            .field("suite", &self.suite)
            .field("side", &self.side)
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}
