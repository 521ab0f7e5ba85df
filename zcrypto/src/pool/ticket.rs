//! Session resumption tickets (feature `std`): a server seals what it needs to resume a
//! connection into an opaque ticket for the client, and later redeems it — once.
//!
//! [`TicketIssuer`] holds two ticket keys, the current one (which seals) and the
//! previous one (which still opens), and rotates them every `rotation` period of the
//! caller's clock (a [`Duration`] since the Unix epoch, passed into every call as in
//! [`tunnel`](crate::tunnel)); a retired key is zeroized. A ticket is
//!
//! ```text
//! version (1) ‖ key generation (4, big-endian) ‖ nonce (24) ‖
//! XChaCha20-Poly1305(ticket id (16) ‖ issued (8) ‖ expires (8) ‖ peer id (32) ‖ secret (32)) ‖ tag (16)
//! ```
//!
//! 141 bytes, with the version and key generation in the clear and authenticated as
//! associated data. XChaCha20-Poly1305's 24-byte nonces are drawn at random, so a key
//! can seal any number of tickets without a nonce collision (a 12-byte random nonce
//! would be limited to about 2^32 tickets per key).
//!
//! [`TicketIssuer::redeem`] refuses a ticket that was tampered with or truncated, whose
//! key was retired or whose lifetime is over ([`Error::Expired`]), and one already
//! redeemed ([`Error::Replayed`]): redeemed ticket ids are remembered until their expiry
//! in a store of fixed capacity. When that store is full of unexpired ids, redeeming
//! fails with [`Error::LimitExceeded`] — the client then falls back to a full
//! handshake — rather than accepting a ticket that could not be recorded.
//!
//! ```
//! use core::time::Duration;
//! use zcrypto::aead::AeadAlg;
//! use zcrypto::pool::{ResumptionSecret, Role, TicketIssuer};
//!
//! let hour = Duration::from_secs(3600);
//! let now = Duration::from_secs(1_700_000_000);
//! let mut issuer = TicketIssuer::new(hour, hour, 10_000, now)?;
//!
//! // After a full handshake: both sides hold a resumption secret; the server issues a ticket.
//! let secret = ResumptionSecret::generate()?;
//! let peer = [7u8; 32]; // the client's identity, e.g. its static public key
//! let ticket = issuer.issue(&secret, &peer, now)?;
//!
//! // Later, the client presents the ticket and a fresh nonce; the server redeems it.
//! let later = now + Duration::from_secs(600);
//! let state = issuer.redeem(&ticket, later)?;
//! assert_eq!(state.peer_id(), &peer);
//! let (cn, sn) = ([1u8; 32], [2u8; 32]); // random in practice
//! let server = state.secret().derive(Role::Server, AeadAlg::Aes256Gcm, &cn, &sn, 0)?;
//! let client = secret.derive(Role::Client, AeadAlg::Aes256Gcm, &cn, &sn, 0)?;
//!
//! // Once only.
//! assert_eq!(issuer.redeem(&ticket, later).unwrap_err(), zcrypto::Error::Replayed);
//! # let _ = (server, client);
//! # Ok::<(), zcrypto::Error>(())
//! ```

use core::fmt;
use core::time::Duration;
use std::collections::HashMap;

use zeroize::Zeroizing;

use super::ResumptionSecret;
use super::resume::RESUMPTION_SECRET_LEN;
use crate::Error;
use crate::aead::{AeadAlg, AeadKey, Nonce, TAG_LEN};

/// Length of a ticket identifier (random, unique per ticket).
pub const TICKET_ID_LEN: usize = 16;
/// Length of the peer identity sealed into a ticket.
pub const PEER_ID_LEN: usize = 32;

const VERSION: u8 = 1;
const HEADER_LEN: usize = 1 + 4;
const NONCE_LEN: usize = 24;
const PLAINTEXT_LEN: usize = TICKET_ID_LEN + 8 + 8 + PEER_ID_LEN + RESUMPTION_SECRET_LEN;
/// Length of every ticket.
pub const TICKET_LEN: usize = HEADER_LEN + NONCE_LEN + PLAINTEXT_LEN + TAG_LEN;

const ALG: AeadAlg = AeadAlg::XChaCha20Poly1305;

/// A ticket key and its generation (which travels in the clear).
struct TicketKey {
    generation: u32,
    created: Duration,
    /// Zeroized on drop by the AEAD backend.
    aead: AeadKey,
}

impl TicketKey {
    fn generate(generation: u32, created: Duration) -> Result<TicketKey, Error> {
        let bytes = Zeroizing::new(crate::rand::array::<32>()?);
        Ok(TicketKey {
            generation,
            created,
            aead: AeadKey::new(ALG, &bytes[..])?,
        })
    }
}

/// What a redeemed ticket tells the server.
pub struct ResumptionState {
    ticket_id: [u8; TICKET_ID_LEN],
    peer_id: [u8; PEER_ID_LEN],
    secret: ResumptionSecret,
    issued_at: Duration,
    expires_at: Duration,
}

impl ResumptionState {
    /// The ticket's unique random identifier.
    pub fn ticket_id(&self) -> &[u8; TICKET_ID_LEN] {
        &self.ticket_id
    }

    /// The peer identity the ticket was issued to.
    pub fn peer_id(&self) -> &[u8; PEER_ID_LEN] {
        &self.peer_id
    }

    /// The resumption secret: derive the resumed keys with
    /// [`ResumptionSecret::derive`] and both sides' fresh nonces.
    pub fn secret(&self) -> &ResumptionSecret {
        &self.secret
    }

    /// When the ticket was issued (milliseconds precision).
    pub fn issued_at(&self) -> Duration {
        self.issued_at
    }

    /// When the ticket stops being accepted (milliseconds precision).
    pub fn expires_at(&self) -> Duration {
        self.expires_at
    }
}

impl fmt::Debug for ResumptionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResumptionState")
            .field("issued_at", &self.issued_at)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

fn millis(t: Duration) -> u64 {
    u64::try_from(t.as_millis()).unwrap_or(u64::MAX)
}

/// Issues and redeems resumption tickets under rotating keys, each ticket once.
pub struct TicketIssuer {
    rotation: Duration,
    lifetime: Duration,
    current: TicketKey,
    previous: Option<TicketKey>,
    max_redeemed: usize,
    /// Redeemed ticket ids and their expiry times (capacity reserved up front).
    redeemed: HashMap<[u8; TICKET_ID_LEN], Duration>,
}

impl TicketIssuer {
    /// An issuer whose keys rotate every `rotation`, issuing tickets valid for
    /// `lifetime`, remembering at most `max_redeemed` redeemed tickets; `now` is the
    /// caller's clock.
    ///
    /// A key seals for one `rotation` period and opens for one more, so every ticket is
    /// redeemable for its whole lifetime as long as `lifetime ≤ rotation`.
    ///
    /// Errors: [`Error::LimitExceeded`] if `rotation` or `lifetime` is zero, `lifetime
    /// > rotation`, or the memory for `max_redeemed` ids cannot be reserved;
    /// [`Error::RandomnessUnavailable`] if no key can be generated.
    pub fn new(
        rotation: Duration,
        lifetime: Duration,
        max_redeemed: usize,
        now: Duration,
    ) -> Result<TicketIssuer, Error> {
        if rotation.is_zero() || lifetime.is_zero() || lifetime > rotation {
            return Err(Error::LimitExceeded);
        }
        let mut redeemed = HashMap::new();
        redeemed
            .try_reserve(max_redeemed)
            .map_err(|_| Error::LimitExceeded)?;
        Ok(TicketIssuer {
            rotation,
            lifetime,
            current: TicketKey::generate(0, now)?,
            previous: None,
            max_redeemed,
            redeemed,
        })
    }

    /// The lifetime of the tickets issued.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// The generation of the current key (0 for the first, then 1, 2, ...).
    pub fn key_generation(&self) -> u32 {
        self.current.generation
    }

    /// The number of redeemed tickets remembered (expired ones are dropped lazily).
    pub fn redeemed_len(&self) -> usize {
        self.redeemed.len()
    }

    /// Rotates the keys if a period has passed at `now` (done by `issue` and `redeem`
    /// too): the current key becomes the previous one and the old previous key is
    /// zeroized. If two periods or more have passed, both keys are replaced.
    pub fn rotate(&mut self, now: Duration) -> Result<(), Error> {
        let age = now.saturating_sub(self.current.created);
        if age < self.rotation {
            return Ok(());
        }
        let next = TicketKey::generate(self.current.generation.saturating_add(1), now)?;
        let old = core::mem::replace(&mut self.current, next);
        self.previous = (age < self.rotation.saturating_mul(2)).then_some(old);
        Ok(())
    }

    /// Seals `secret` for the client identified by `peer_id` into a ticket valid from
    /// `now` for [`lifetime`](Self::lifetime).
    ///
    /// Errors: [`Error::RandomnessUnavailable`] if the operating system's random
    /// source fails.
    pub fn issue(
        &mut self,
        secret: &ResumptionSecret,
        peer_id: &[u8; PEER_ID_LEN],
        now: Duration,
    ) -> Result<[u8; TICKET_LEN], Error> {
        self.rotate(now)?;
        let mut ticket = [0u8; TICKET_LEN];
        ticket[0] = VERSION;
        ticket[1..HEADER_LEN].copy_from_slice(&self.current.generation.to_be_bytes());
        let nonce = Nonce::random(ALG)?;
        ticket[HEADER_LEN..HEADER_LEN + NONCE_LEN].copy_from_slice(nonce.as_bytes());
        let (header, body) = ticket.split_at_mut(HEADER_LEN + NONCE_LEN);
        let pt = &mut body[..PLAINTEXT_LEN];
        let mut at = 0;
        let mut put = |bytes: &[u8]| {
            pt[at..at + bytes.len()].copy_from_slice(bytes);
            at += bytes.len();
        };
        put(&crate::rand::array::<TICKET_ID_LEN>()?);
        put(&millis(now).to_be_bytes());
        put(&millis(now.saturating_add(self.lifetime)).to_be_bytes());
        put(peer_id);
        put(secret.as_bytes());
        self.current
            .aead
            .seal_in_place(&nonce, &header[..HEADER_LEN], body, PLAINTEXT_LEN)?;
        Ok(ticket)
    }

    /// Opens and checks `ticket` at `now`, and records it as used.
    ///
    /// Errors, each leaving the replay store unchanged:
    /// * [`Error::InvalidLength`] — not [`TICKET_LEN`] bytes (truncated);
    /// * [`Error::InvalidCiphertext`] — unknown version, or a key generation this
    ///   issuer never had;
    /// * [`Error::DecryptionFailed`] — tampered with, or sealed by another issuer;
    /// * [`Error::Expired`] — its lifetime is over, or its key was retired;
    /// * [`Error::Replayed`] — already redeemed;
    /// * [`Error::LimitExceeded`] — the replay store is full of unexpired tickets.
    pub fn redeem(&mut self, ticket: &[u8], now: Duration) -> Result<ResumptionState, Error> {
        self.rotate(now)?;
        Error::check_len(TICKET_LEN, ticket.len())?;
        if ticket[0] != VERSION {
            return Err(Error::InvalidCiphertext);
        }
        let mut generation = [0u8; 4];
        generation.copy_from_slice(&ticket[1..HEADER_LEN]);
        let generation = u32::from_be_bytes(generation);
        let key = if generation == self.current.generation {
            &self.current
        } else {
            match &self.previous {
                Some(p) if p.generation == generation => p,
                _ if generation < self.current.generation => return Err(Error::Expired),
                _ => return Err(Error::InvalidCiphertext),
            }
        };
        let nonce = Nonce::try_from_slice(&ticket[HEADER_LEN..HEADER_LEN + NONCE_LEN])?;
        let mut body = Zeroizing::new([0u8; PLAINTEXT_LEN + TAG_LEN]);
        body.copy_from_slice(&ticket[HEADER_LEN + NONCE_LEN..]);
        let pt = key
            .aead
            .open_in_place(&nonce, &ticket[..HEADER_LEN], &mut body[..])?;
        let mut at = 0;
        let mut take = |n: usize| {
            let part = &pt[at..at + n];
            at += n;
            part
        };
        let mut ticket_id = [0u8; TICKET_ID_LEN];
        ticket_id.copy_from_slice(take(TICKET_ID_LEN));
        let mut time = [0u8; 8];
        time.copy_from_slice(take(8));
        let issued_at = Duration::from_millis(u64::from_be_bytes(time));
        time.copy_from_slice(take(8));
        let expires_at = Duration::from_millis(u64::from_be_bytes(time));
        let mut peer_id = [0u8; PEER_ID_LEN];
        peer_id.copy_from_slice(take(PEER_ID_LEN));
        let mut secret = Zeroizing::new([0u8; RESUMPTION_SECRET_LEN]);
        secret.copy_from_slice(take(RESUMPTION_SECRET_LEN));
        if now >= expires_at {
            return Err(Error::Expired);
        }
        self.record(ticket_id, expires_at, now)?;
        Ok(ResumptionState {
            ticket_id,
            peer_id,
            secret: ResumptionSecret::from_bytes(*secret),
            issued_at,
            expires_at,
        })
    }

    /// Marks `id` as used until `expires_at`.
    fn record(
        &mut self,
        id: [u8; TICKET_ID_LEN],
        expires_at: Duration,
        now: Duration,
    ) -> Result<(), Error> {
        if self.redeemed.contains_key(&id) {
            return Err(Error::Replayed);
        }
        if self.redeemed.len() >= self.max_redeemed {
            self.redeemed.retain(|_, expiry| *expiry > now);
            if self.redeemed.len() >= self.max_redeemed {
                return Err(Error::LimitExceeded);
            }
        }
        self.redeemed.insert(id, expires_at);
        Ok(())
    }
}

impl fmt::Debug for TicketIssuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TicketIssuer")
            .field("rotation", &self.rotation)
            .field("lifetime", &self.lifetime)
            .field("key_generation", &self.current.generation)
            .field("redeemed", &self.redeemed.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Duration = Duration::from_secs(1_700_000_000);
    const MIN: Duration = Duration::from_secs(60);

    fn issuer(max: usize) -> TicketIssuer {
        TicketIssuer::new(10 * MIN, 5 * MIN, max, T0).unwrap()
    }

    fn secret() -> ResumptionSecret {
        ResumptionSecret::generate().unwrap()
    }

    #[test]
    fn round_trip_carries_the_state() {
        let mut iss = issuer(10);
        let s = secret();
        let t = iss.issue(&s, &[3; 32], T0).unwrap();
        assert_eq!(t.len(), TICKET_LEN);
        assert_eq!(TICKET_LEN, 141);
        // The secret is not in the clear.
        assert!(!t.windows(32).any(|w| w == s.as_bytes()));
        let st = iss.redeem(&t, T0 + MIN).unwrap();
        assert_eq!(st.secret(), &s);
        assert_eq!(st.peer_id(), &[3; 32]);
        assert_eq!(st.issued_at(), T0);
        assert_eq!(st.expires_at(), T0 + 5 * MIN);
        assert!(!format!("{st:?}").contains("secret"));
        // Two tickets for the same state differ (ids and nonces are random).
        let t2 = iss.issue(&s, &[3; 32], T0).unwrap();
        assert_ne!(t, t2);
        assert_ne!(iss.redeem(&t2, T0).unwrap().ticket_id(), st.ticket_id());
    }

    #[test]
    fn expires_at_its_lifetime() {
        let mut iss = issuer(10);
        let t = iss.issue(&secret(), &[0; 32], T0).unwrap();
        let t2 = t;
        assert_eq!(iss.redeem(&t, T0 + 5 * MIN).unwrap_err(), Error::Expired);
        assert_eq!(Error::Expired.code(), 21);
        // An expired ticket is not recorded: it stays expired rather than "replayed".
        assert_eq!(iss.redeem(&t2, T0 + 6 * MIN).unwrap_err(), Error::Expired);
        assert_eq!(iss.redeemed_len(), 0);
        let t = iss.issue(&secret(), &[0; 32], T0).unwrap();
        assert!(
            iss.redeem(&t, T0 + 5 * MIN - Duration::from_millis(1))
                .is_ok()
        );
    }

    #[test]
    fn rotation_keeps_previous_key_then_retires_it() {
        let mut iss = issuer(10);
        let early = iss.issue(&secret(), &[0; 32], T0).unwrap();
        let late = iss.issue(&secret(), &[0; 32], T0 + 9 * MIN).unwrap();
        assert_eq!(iss.key_generation(), 0);
        // One rotation: the previous key still opens tickets within their lifetime.
        let t1 = T0 + 10 * MIN;
        let fresh = iss.issue(&secret(), &[0; 32], t1).unwrap();
        assert_eq!(iss.key_generation(), 1);
        assert_eq!(fresh[1..5], 1u32.to_be_bytes());
        assert_eq!(iss.redeem(&early, t1).unwrap_err(), Error::Expired);
        assert!(iss.redeem(&late, t1 + MIN).is_ok());
        // Two rotations later generation 0 is retired: refused even if it had a long life.
        let mut iss2 = TicketIssuer::new(10 * MIN, 10 * MIN, 10, T0).unwrap();
        let t = iss2.issue(&secret(), &[0; 32], T0 + 9 * MIN).unwrap();
        iss2.rotate(T0 + 10 * MIN).unwrap();
        iss2.rotate(T0 + 20 * MIN).unwrap();
        assert_eq!(iss2.key_generation(), 2);
        assert_eq!(iss2.redeem(&t, T0 + 20 * MIN).unwrap_err(), Error::Expired);
        // A clock jump of two periods replaces both keys at once.
        let mut iss3 = issuer(10);
        let t = iss3.issue(&secret(), &[0; 32], T0 + 9 * MIN).unwrap();
        assert_eq!(iss3.redeem(&t, T0 + 25 * MIN).unwrap_err(), Error::Expired);
        assert_eq!(iss3.key_generation(), 1);
        // A generation from the future was never issued.
        let mut future = iss3.issue(&secret(), &[0; 32], T0 + 25 * MIN).unwrap();
        future[1..5].copy_from_slice(&7u32.to_be_bytes());
        assert_eq!(
            iss3.redeem(&future, T0 + 25 * MIN).unwrap_err(),
            Error::InvalidCiphertext
        );
    }

    #[test]
    fn replay_is_refused() {
        let mut iss = issuer(10);
        let t = iss.issue(&secret(), &[0; 32], T0).unwrap();
        iss.redeem(&t, T0).unwrap();
        assert_eq!(iss.redeem(&t, T0 + MIN).unwrap_err(), Error::Replayed);
        assert_eq!(iss.redeem(&t, T0 + 4 * MIN).unwrap_err(), Error::Replayed);
    }

    #[test]
    fn the_clear_generation_is_authenticated() {
        // A generation-1 ticket relabelled as generation 0 meets the previous key, which
        // fails to open it because the header is associated data.
        let mut iss = issuer(10);
        iss.rotate(T0 + 10 * MIN).unwrap();
        let mut t = iss.issue(&secret(), &[0; 32], T0 + 10 * MIN).unwrap();
        t[1..5].copy_from_slice(&0u32.to_be_bytes());
        assert_eq!(
            iss.redeem(&t, T0 + 10 * MIN).unwrap_err(),
            Error::DecryptionFailed
        );
    }

    #[test]
    fn replay_store_is_bounded_and_fails_closed() {
        let mut iss = issuer(2);
        let ts: Vec<_> = (0..3)
            .map(|_| iss.issue(&secret(), &[0; 32], T0).unwrap())
            .collect();
        iss.redeem(&ts[0], T0).unwrap();
        iss.redeem(&ts[1], T0).unwrap();
        assert_eq!(iss.redeem(&ts[2], T0).unwrap_err(), Error::LimitExceeded);
        // Once the recorded tickets expire, their slots are reused.
        let t = iss.issue(&secret(), &[0; 32], T0 + 6 * MIN).unwrap();
        iss.redeem(&t, T0 + 6 * MIN).unwrap();
        assert_eq!(iss.redeemed_len(), 1);
    }

    #[test]
    fn tampered_truncated_and_foreign_tickets_are_typed_errors() {
        let mut iss = issuer(100);
        let t = iss.issue(&secret(), &[0; 32], T0).unwrap();
        for i in [0, 1, 4, 5, 28, 29, 60, TICKET_LEN - 1] {
            let mut bad = t;
            bad[i] ^= 0x40;
            let err = iss.redeem(&bad, T0).unwrap_err();
            let want = match i {
                // The version, or a generation this issuer never had.
                0..=4 => Error::InvalidCiphertext,
                // The nonce, the encrypted body, the tag.
                _ => Error::DecryptionFailed,
            };
            assert_eq!(err, want, "byte {i}");
        }
        assert_eq!(
            iss.redeem(&t[..TICKET_LEN - 1], T0).unwrap_err(),
            Error::InvalidLength {
                expected: TICKET_LEN,
                got: TICKET_LEN - 1
            }
        );
        assert!(matches!(
            iss.redeem(&[], T0),
            Err(Error::InvalidLength { .. })
        ));
        // Another issuer's ticket, same generation: its key does not open it.
        let mut other = issuer(10);
        let foreign = other.issue(&secret(), &[0; 32], T0).unwrap();
        assert_eq!(
            iss.redeem(&foreign, T0).unwrap_err(),
            Error::DecryptionFailed
        );
        // None of the failures was recorded; the genuine ticket still redeems once.
        assert_eq!(iss.redeemed_len(), 0);
        assert!(iss.redeem(&t, T0).is_ok());
    }

    #[test]
    fn bad_configuration_is_refused() {
        assert!(TicketIssuer::new(Duration::ZERO, MIN, 1, T0).is_err());
        assert!(TicketIssuer::new(MIN, Duration::ZERO, 1, T0).is_err());
        assert_eq!(
            TicketIssuer::new(MIN, 2 * MIN, 1, T0).unwrap_err(),
            Error::LimitExceeded
        );
        assert_eq!(
            TicketIssuer::new(MIN, MIN, usize::MAX, T0).unwrap_err(),
            Error::LimitExceeded
        );
    }
}
