//! [`Peer`]: the sans-IO WireGuard state machine for one remote peer.
//!
//! The caller owns the socket and the clock: it hands in datagrams
//! ([`Peer::receive`]), payloads ([`Peer::send`]) and the time ([`Peer::tick`]), and
//! gets back bytes to put on the wire and [`Event`]s. Time is a [`Duration`] since the
//! Unix epoch: it stamps initiations (TAI64N) and drives the timers of whitepaper §6.

use core::fmt;
use core::time::Duration;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::cookie::{CookieChecker, CookieState};
use super::crypto::Key;
use super::noise::{
    self, I_MAC1, INITIATION_LEN, InitiatorState, R_MAC1, RESPONSE_LEN, TYPE_COOKIE_REPLY,
    TYPE_DATA, TYPE_INITIATION, TYPE_RESPONSE,
};
use super::pq::{PQ_INIT_LEN, PqConfig, PqState, TYPE_PQ_CONFIRM, TYPE_PQ_INIT, TYPE_PQ_RESPONSE};
use super::transport::{REJECT_AFTER_MESSAGES, REKEY_AFTER_MESSAGES, Session, data_receiver};
use crate::Error;
use crate::x25519::{PublicKey, SecretKey, SharedSecret};

/// The initiator starts a new handshake once its session is this old (120 s).
pub const REKEY_AFTER_TIME: Duration = Duration::from_secs(120);
/// A session is neither used nor accepted once it is this old (180 s).
pub const REJECT_AFTER_TIME: Duration = Duration::from_secs(180);
/// Handshake attempts stop after this long without a response (90 s).
pub const REKEY_ATTEMPT_TIME: Duration = Duration::from_secs(90);
/// An unanswered initiation is resent after this long (5 s).
pub const REKEY_TIMEOUT: Duration = Duration::from_secs(5);
/// A keepalive follows received data after this long if nothing was sent (10 s).
pub const KEEPALIVE_TIMEOUT: Duration = Duration::from_secs(10);

/// How to talk to one peer: our static key, theirs, and the options.
#[derive(Clone)]
pub struct PeerConfig {
    private_key: SecretKey,
    peer_public_key: PublicKey,
    preshared_key: Key,
    persistent_keepalive: Option<Duration>,
    pad: bool,
    pq: Option<PqConfig>,
}

impl PeerConfig {
    /// A peer with no pre-shared key (all zeros), no persistent keepalive, and payloads
    /// padded to a multiple of 16 bytes as the whitepaper specifies.
    pub fn new(private_key: SecretKey, peer_public_key: PublicKey) -> PeerConfig {
        PeerConfig {
            private_key,
            peer_public_key,
            preshared_key: Zeroizing::new([0; 32]),
            persistent_keepalive: None,
            pad: true,
            pq: None,
        }
    }

    /// Mixes a 32-byte pre-shared key into every handshake (the `psk2` of IKpsk2).
    pub fn with_preshared_key(mut self, psk: [u8; 32]) -> PeerConfig {
        let mut psk = Zeroizing::new(psk);
        core::mem::swap(&mut self.preshared_key, &mut psk);
        self
    }

    /// Requires the post-quantum hybrid mode ([`pq`](super::pq)) with this peer: every
    /// WireGuard handshake, in either direction, runs with a pre-shared key from a fresh
    /// ML-KEM-768 exchange (mixed with the configured pre-shared key), re-run every
    /// [`PqConfig::rotation`]. The peer never falls back to a classical-only handshake:
    /// without such a key, initiating and answering are [`Error::PolicyNotSatisfied`].
    pub fn with_post_quantum(mut self, pq: PqConfig) -> PeerConfig {
        self.pq = Some(pq);
        self
    }

    /// Sends a keepalive whenever nothing was sent for `interval` (NAT traversal).
    pub fn with_persistent_keepalive(mut self, interval: Duration) -> PeerConfig {
        self.persistent_keepalive = Some(interval);
        self
    }

    /// Whether [`Peer::send`] pads payloads with zeros to a multiple of 16 bytes
    /// (default `true`). The receiver gets the padded payload; IP packets carry their
    /// own length.
    pub fn with_padding(mut self, pad: bool) -> PeerConfig {
        self.pad = pad;
        self
    }
}

impl fmt::Debug for PeerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PeerConfig")
            .field("peer_public_key", &self.peer_public_key)
            .field("persistent_keepalive", &self.persistent_keepalive)
            .field("pad", &self.pad)
            .field("pq", &self.pq)
            .finish_non_exhaustive()
    }
}

/// What a received datagram produced. Lengths refer to the `out` buffer given to
/// [`Peer::receive`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A valid initiation: send `out[..n]` (the handshake response) back. The new session
    /// is used for sending once the initiator's first data message arrives on it.
    HandshakeResponse(usize),
    /// Our handshake completed: the new session is current, and `out[..n]` is the
    /// keepalive that confirms it to the responder; send it.
    HandshakeComplete(usize),
    /// We are under load and the message had no valid `mac2`: send `out[..n]` (a cookie
    /// reply) back to the source. Nothing else was done.
    CookieReply(usize),
    /// The peer sent a cookie: our next handshake message carries `mac2`.
    CookieStored,
    /// `out[..n]` is an authenticated payload.
    Data(usize),
    /// An authenticated keepalive (empty payload).
    Keepalive,
    /// A valid post-quantum init: send `out[..n]` (the PQ response) back. Its psk is
    /// used once the initiator confirms it.
    PqResponse(usize),
    /// Our post-quantum exchange completed: its psk is in place for our next WireGuard
    /// initiation (the next [`Peer::tick`] sends it). Send `out[..n]`, the confirmation.
    PqComplete(usize),
    /// The peer confirmed our PQ response: its psk answers the peer's next WireGuard
    /// initiation.
    PqConfirmed,
}

/// What [`Peer::tick`] asks the caller to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action {
    /// Send `out[..n]`, a handshake initiation (first attempt, retry or rekey).
    SendHandshake(usize),
    /// Send `out[..n]`, a keepalive.
    SendKeepalive(usize),
    /// Send `out[..n]`, a post-quantum message: an init (first attempt, retry or
    /// rotation) or our confirmation, resent before a WireGuard initiation. Call
    /// [`Peer::tick`] again: a WireGuard initiation may follow at the same time.
    SendPq(usize),
    /// No response came within [`REKEY_ATTEMPT_TIME`]: the handshake was abandoned.
    HandshakeGaveUp,
    /// No handshake for 3 × [`REJECT_AFTER_TIME`]: every key was erased.
    Expired,
}

/// An initiation that awaits its response.
struct Pending {
    state: InitiatorState,
    /// The pre-shared key this initiation runs with.
    psk: Key,
    sent: Duration,
    first: Duration,
}

/// The WireGuard protocol with one peer, as a state machine without I/O.
pub struct Peer {
    local: SecretKey,
    remote: PublicKey,
    /// `DH(our static, their static)`, computed once (`None` if it is a weak key: then
    /// every handshake computes it again and fails).
    static_static: Option<SharedSecret>,
    psk: Key,
    persistent_keepalive: Option<Duration>,
    pad: bool,
    checker: CookieChecker,
    cookies: CookieState,
    handshake: Option<Pending>,
    /// The greatest initiation timestamp accepted from the peer.
    last_timestamp: Option<[u8; noise::TIMESTAMP_LEN]>,
    /// The time our last initiation carried (ours strictly increase).
    last_own_timestamp: Option<Duration>,
    current: Option<Session>,
    previous: Option<Session>,
    next: Option<Session>,
    last_handshake: Option<Duration>,
    last_sent: Option<Duration>,
    /// Data received and not yet answered by anything we sent.
    keepalive_due: Option<Duration>,
    /// Data sent and not yet answered by anything authenticated from the peer.
    reply_due: Option<Duration>,
    want_handshake: bool,
    /// The post-quantum hybrid mode, when required.
    pq: Option<PqState>,
}

impl fmt::Debug for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Peer")
            .field("remote", &self.remote)
            .field("handshaking", &self.handshake.is_some())
            .field("current", &self.current.as_ref().map(|s| s.local_index))
            .field("post_quantum", &self.pq.is_some())
            .finish_non_exhaustive()
    }
}

fn elapsed(now: Duration, since: Duration) -> Duration {
    now.saturating_sub(since)
}

impl Peer {
    /// A peer with no session yet.
    pub fn new(config: PeerConfig) -> Peer {
        let local_public = config.private_key.public_key();
        let pq = config.pq.as_ref().map(|pq| {
            PqState::new(
                pq,
                &config.private_key,
                &config.peer_public_key,
                &config.preshared_key,
            )
        });
        Peer {
            pq,
            static_static: config
                .private_key
                .diffie_hellman(&config.peer_public_key)
                .ok(),
            checker: CookieChecker::new(&local_public),
            cookies: CookieState::new(&config.peer_public_key),
            local: config.private_key.clone(),
            remote: config.peer_public_key,
            psk: config.preshared_key.clone(),
            persistent_keepalive: config.persistent_keepalive,
            pad: config.pad,
            handshake: None,
            last_timestamp: None,
            last_own_timestamp: None,
            current: None,
            previous: None,
            next: None,
            last_handshake: None,
            last_sent: None,
            keepalive_due: None,
            reply_due: None,
            want_handshake: false,
        }
    }

    /// Our static public key.
    pub fn public_key(&self) -> PublicKey {
        self.local.public_key()
    }

    /// The peer's static public key.
    pub fn peer_public_key(&self) -> &PublicKey {
        &self.remote
    }

    /// Whether a session can carry data now (established and younger than
    /// [`REJECT_AFTER_TIME`]).
    pub fn is_established(&self, now: Duration) -> bool {
        self.current.as_ref().is_some_and(|s| usable(s, now))
    }

    /// Whether an initiation is awaiting its response.
    pub fn is_handshaking(&self) -> bool {
        self.handshake.is_some()
    }

    /// The counter the next data message will carry, if there is a current session.
    pub fn send_counter(&self) -> Option<u64> {
        self.current.as_ref().map(Session::send_counter)
    }

    /// Whether this peer requires the post-quantum hybrid mode.
    pub fn is_post_quantum(&self) -> bool {
        self.pq.is_some()
    }

    /// Starts a post-quantum exchange now (normally [`Peer::tick`] does): writes the PQ
    /// init ([`PQ_INIT_LEN`](super::pq::PQ_INIT_LEN) bytes) into `out` and returns its
    /// length. [`Error::UnsupportedAlgorithm`] if the peer is not configured for it.
    pub fn pq_init(&mut self, now: Duration, out: &mut [u8]) -> Result<usize, Error> {
        let index = u32::from_le_bytes(crate::rand::array()?);
        self.pq
            .as_mut()
            .ok_or(Error::UnsupportedAlgorithm)?
            .create_init(now, index, out)
    }

    /// Starts a handshake: a fresh ephemeral key, index and timestamp, with `mac2` if
    /// a cookie is held. Replaces any pending initiation (keeping the time of the first
    /// attempt for [`REKEY_ATTEMPT_TIME`]).
    ///
    /// A post-quantum peer needs the psk of a completed exchange of its own that is
    /// younger than twice the rotation interval; otherwise this is
    /// [`Error::PolicyNotSatisfied`] (run [`Peer::tick`], which starts the exchange).
    pub fn handshake_init(&mut self, now: Duration) -> Result<[u8; INITIATION_LEN], Error> {
        let psk = match &self.pq {
            Some(pq) => pq
                .initiator_psk(now)
                .ok_or(Error::PolicyNotSatisfied)?
                .clone(),
            None => self.psk.clone(),
        };
        // Our timestamps strictly increase even if the caller's clock does not.
        let stamp = match self.last_own_timestamp {
            Some(last) if now <= last => last + Duration::from_nanos(1),
            _ => now,
        };
        let index = self.new_index()?;
        let mut msg = [0u8; INITIATION_LEN];
        let state = noise::create_initiation(
            &self.local,
            &self.remote,
            self.static_static.as_ref(),
            SecretKey::generate()?,
            index,
            &noise::tai64n(stamp),
            &mut msg,
        )?;
        self.cookies.add_macs(&mut msg, I_MAC1, now);
        let first = self.handshake.as_ref().map_or(now, |p| p.first);
        self.handshake = Some(Pending {
            state,
            psk,
            sent: now,
            first,
        });
        self.last_own_timestamp = Some(stamp);
        self.want_handshake = false;
        self.last_sent = Some(now);
        Ok(msg)
    }

    /// Handles a datagram from the peer, not under load (see [`Peer::receive_from`]).
    pub fn receive(
        &mut self,
        datagram: &[u8],
        now: Duration,
        out: &mut [u8],
    ) -> Result<Event, Error> {
        self.receive_from(datagram, &[], false, now, out)
    }

    /// Handles a datagram from `source` (the caller's encoding of the sender's address,
    /// e.g. IP ‖ port; it keys the cookie). When `under_load`, handshake messages
    /// without a valid `mac2` get a cookie reply instead of a response.
    ///
    /// `out` must be at least as long as the datagram. Every malformed, unauthenticated,
    /// replayed or expired datagram is an error and changes nothing:
    /// [`Error::InvalidLength`] (truncated or wrong length), [`Error::InvalidCiphertext`]
    /// (unknown type, nonzero reserved bytes, unknown receiver index),
    /// [`Error::InvalidSignature`] (wrong `mac1`), [`Error::DecryptionFailed`] (AEAD),
    /// [`Error::InvalidKey`] (initiation from another static key, or an expired session),
    /// [`Error::Replayed`] (old initiation timestamp or data counter),
    /// [`Error::LimitExceeded`] (counter at [`REJECT_AFTER_MESSAGES`]).
    pub fn receive_from(
        &mut self,
        datagram: &[u8],
        source: &[u8],
        under_load: bool,
        now: Duration,
        out: &mut [u8],
    ) -> Result<Event, Error> {
        if let [t @ TYPE_PQ_INIT..=TYPE_PQ_CONFIRM, 0, 0, 0, ..] = datagram
            && self.pq.is_some()
        {
            if out.len() < datagram.len() {
                return Err(Error::BufferTooSmall {
                    needed: datagram.len(),
                    got: out.len(),
                });
            }
            return self.on_pq(*t, datagram, now, out);
        }
        let kind = noise::message_type(datagram)?;
        if out.len() < datagram.len() {
            return Err(Error::BufferTooSmall {
                needed: datagram.len(),
                got: out.len(),
            });
        }
        match kind {
            TYPE_INITIATION => self.on_initiation(datagram, source, under_load, now, out),
            TYPE_RESPONSE => self.on_response(datagram, source, under_load, now, out),
            TYPE_COOKIE_REPLY => self.on_cookie_reply(datagram, now),
            TYPE_DATA => self.on_data(datagram, now, out),
            _ => Err(Error::InvalidCiphertext),
        }
    }

    /// Checks `mac1`, and under load `mac2`: `Some(event)` when a cookie reply was
    /// written instead of processing the message.
    fn check_macs(
        &mut self,
        msg: &[u8],
        mac1_at: usize,
        source: &[u8],
        under_load: bool,
        now: Duration,
        out: &mut [u8],
    ) -> Result<Option<Event>, Error> {
        self.checker.check_mac1(msg, mac1_at)?;
        if under_load && !self.checker.check_mac2(msg, mac1_at, source, now)? {
            let mut reply = [0u8; noise::COOKIE_REPLY_LEN];
            self.checker
                .create_reply(msg, mac1_at, source, now, &mut reply)?;
            out[..reply.len()].copy_from_slice(&reply);
            return Ok(Some(Event::CookieReply(reply.len())));
        }
        Ok(None)
    }

    fn on_pq(
        &mut self,
        kind: u8,
        datagram: &[u8],
        now: Duration,
        out: &mut [u8],
    ) -> Result<Event, Error> {
        let pq = self.pq.as_mut().ok_or(Error::Internal)?;
        match kind {
            TYPE_PQ_INIT => {
                let index = u32::from_le_bytes(crate::rand::array()?);
                Ok(Event::PqResponse(pq.on_init(datagram, now, index, out)?))
            }
            TYPE_PQ_RESPONSE => {
                let n = pq.on_response(datagram, now, out)?;
                // The next tick sends the WireGuard initiation with the new psk.
                self.want_handshake = true;
                Ok(Event::PqComplete(n))
            }
            _ => {
                pq.on_confirm(datagram, now)?;
                Ok(Event::PqConfirmed)
            }
        }
    }

    /// The pre-shared key for answering a WireGuard initiation.
    fn responder_psk(&self, now: Duration) -> Result<Key, Error> {
        match &self.pq {
            Some(pq) => pq
                .responder_psk(now)
                .cloned()
                .ok_or(Error::PolicyNotSatisfied),
            None => Ok(self.psk.clone()),
        }
    }

    fn on_initiation(
        &mut self,
        datagram: &[u8],
        source: &[u8],
        under_load: bool,
        now: Duration,
        out: &mut [u8],
    ) -> Result<Event, Error> {
        let msg: &[u8; INITIATION_LEN] = datagram.try_into().map_err(|_| Error::InvalidLength {
            expected: INITIATION_LEN,
            got: datagram.len(),
        })?;
        if let Some(reply) = self.check_macs(msg, I_MAC1, source, under_load, now, out)? {
            return Ok(reply);
        }
        let psk = self.responder_psk(now)?;
        let known = self.static_static.as_ref().map(|ss| (&self.remote, ss));
        let init = noise::consume_initiation(&self.local, known, msg)?;
        if init.remote_static != self.remote {
            return Err(Error::InvalidKey);
        }
        if self
            .last_timestamp
            .is_some_and(|last| init.timestamp <= last)
        {
            return Err(Error::Replayed);
        }
        let timestamp = init.timestamp;
        let remote_index = init.remote_index;
        let index = self.new_index()?;
        let mut resp = [0u8; RESPONSE_LEN];
        let keys = noise::create_response(init, &psk, SecretKey::generate()?, index, &mut resp)?;
        self.cookies.add_macs(&mut resp, R_MAC1, now);
        let session = Session::new(keys, index, remote_index, now, false)?;
        self.last_timestamp = Some(timestamp);
        // The responder may not send until the initiator confirms: park it in `next`.
        self.next = Some(session);
        self.previous = None;
        self.last_handshake = Some(now);
        self.last_sent = Some(now);
        self.keepalive_due = None;
        self.reply_due = None;
        out[..RESPONSE_LEN].copy_from_slice(&resp);
        Ok(Event::HandshakeResponse(RESPONSE_LEN))
    }

    fn on_response(
        &mut self,
        datagram: &[u8],
        source: &[u8],
        under_load: bool,
        now: Duration,
        out: &mut [u8],
    ) -> Result<Event, Error> {
        let msg: &[u8; RESPONSE_LEN] = datagram.try_into().map_err(|_| Error::InvalidLength {
            expected: RESPONSE_LEN,
            got: datagram.len(),
        })?;
        if let Some(reply) = self.check_macs(msg, R_MAC1, source, under_load, now, out)? {
            return Ok(reply);
        }
        let pending = self.handshake.as_ref().ok_or(Error::InvalidCiphertext)?;
        let (remote_index, keys) =
            noise::consume_response(&pending.state, &self.local, &pending.psk, msg)?;
        let local_index = pending.state.local_index;
        let mut session = Session::new(keys, local_index, remote_index, now, true)?;
        let n = session.encrypt(&[], self.pad, out)?;
        if let Some(pq) = &mut self.pq
            && pq
                .initiator_psk(now)
                .is_some_and(|k| bool::from(k[..].ct_eq(&pending.psk[..])))
        {
            // The responder answered with our latest psk: it has our confirmation.
            pq.unconfirmed = None;
            pq.confirm_sent = false;
        }
        self.handshake = None;
        // Old keys go: the previous session's are dropped (and zeroized) here.
        self.previous = match self.next.take() {
            Some(unconfirmed) => Some(unconfirmed),
            None => self.current.take(),
        };
        self.current = Some(session);
        self.last_handshake = Some(now);
        self.last_sent = Some(now);
        self.keepalive_due = None;
        self.reply_due = None;
        Ok(Event::HandshakeComplete(n))
    }

    fn on_cookie_reply(&mut self, datagram: &[u8], now: Duration) -> Result<Event, Error> {
        let msg: &[u8; noise::COOKIE_REPLY_LEN] =
            datagram.try_into().map_err(|_| Error::InvalidLength {
                expected: noise::COOKIE_REPLY_LEN,
                got: datagram.len(),
            })?;
        let mut idx = [0u8; 4];
        idx.copy_from_slice(&msg[4..8]);
        let receiver = u32::from_le_bytes(idx);
        let ours = self
            .handshake
            .as_ref()
            .is_some_and(|p| p.state.local_index == receiver)
            || self
                .next
                .as_ref()
                .is_some_and(|s| s.local_index == receiver);
        if !ours {
            return Err(Error::InvalidCiphertext);
        }
        self.cookies.consume_reply(msg, now)?;
        Ok(Event::CookieStored)
    }

    fn on_data(&mut self, datagram: &[u8], now: Duration, out: &mut [u8]) -> Result<Event, Error> {
        let receiver = data_receiver(datagram)?;
        let matches = |s: &Option<Session>| s.as_ref().is_some_and(|s| s.local_index == receiver);
        let slot = if matches(&self.current) {
            &mut self.current
        } else if matches(&self.next) {
            &mut self.next
        } else if matches(&self.previous) {
            &mut self.previous
        } else {
            return Err(Error::InvalidCiphertext);
        };
        let session = slot.as_mut().ok_or(Error::Internal)?;
        if elapsed(now, session.created) >= REJECT_AFTER_TIME {
            return Err(Error::InvalidKey);
        }
        let n = session.decrypt(datagram, out)?;
        if matches(&self.next) {
            // The initiator's first message on the new keys confirms them.
            self.previous = self.current.take();
            self.current = self.next.take();
        }
        self.reply_due = None;
        if n > 0 {
            self.keepalive_due.get_or_insert(now);
        }
        if let Some(s) = &self.current
            && s.initiator
            && self.handshake.is_none()
            && elapsed(now, s.created) >= REJECT_AFTER_TIME - KEEPALIVE_TIMEOUT - REKEY_TIMEOUT
        {
            self.want_handshake = true;
        }
        Ok(if n == 0 {
            Event::Keepalive
        } else {
            Event::Data(n)
        })
    }

    /// Encrypts `payload` into a data message in `out` (at least `payload.len()` + 32,
    /// rounded up to 16 with padding) and returns its length. An empty payload is a
    /// keepalive.
    ///
    /// Without a usable session this is [`Error::InvalidKey`] and the next
    /// [`Peer::tick`] starts a handshake; at [`REJECT_AFTER_MESSAGES`] it is
    /// [`Error::LimitExceeded`]. Past [`REKEY_AFTER_TIME`] (initiator) or
    /// [`REKEY_AFTER_MESSAGES`] the message is still sent and the next tick rekeys.
    pub fn send(&mut self, payload: &[u8], now: Duration, out: &mut [u8]) -> Result<usize, Error> {
        let Some(session) = self.current.as_mut().filter(|s| usable(s, now)) else {
            self.want_handshake = true;
            return Err(Error::InvalidKey);
        };
        let n = session.encrypt(payload, self.pad, out)?;
        if session.send_counter() >= REKEY_AFTER_MESSAGES
            || (session.initiator && elapsed(now, session.created) >= REKEY_AFTER_TIME)
        {
            self.want_handshake = true;
        }
        self.last_sent = Some(now);
        self.keepalive_due = None;
        if !payload.is_empty() {
            self.reply_due.get_or_insert(now);
            if let Some(pq) = &mut self.pq {
                pq.data_since_psk = true;
            }
        }
        Ok(n)
    }

    /// Runs the timers (whitepaper §6) at time `now`; call it every second or so, and
    /// after [`Peer::send`]. `out` needs 148 bytes ([`PQ_INIT_LEN`](super::pq::PQ_INIT_LEN)
    /// for a post-quantum peer).
    ///
    /// A post-quantum peer also runs its exchange here: it sends a PQ init instead of a
    /// WireGuard initiation while it has no fresh psk of its own, retries it every
    /// [`REKEY_TIMEOUT`] (giving up after [`REKEY_ATTEMPT_TIME`]), starts a new one when
    /// it initiated the current session, sent data since its psk was derived and that
    /// psk is [`PqConfig::rotation`] old, and
    /// sends no WireGuard initiation while one is in flight.
    pub fn tick(&mut self, now: Duration, out: &mut [u8]) -> Result<Option<Action>, Error> {
        let needed = if self.pq.is_some() {
            PQ_INIT_LEN
        } else {
            INITIATION_LEN
        };
        if out.len() < needed {
            return Err(Error::BufferTooSmall {
                needed,
                got: out.len(),
            });
        }
        if self
            .last_handshake
            .is_some_and(|t| elapsed(now, t) >= REJECT_AFTER_TIME * 3)
        {
            self.current = None;
            self.previous = None;
            self.next = None;
            self.handshake = None;
            self.last_handshake = None;
            self.want_handshake = false;
            if let Some(pq) = &mut self.pq {
                pq.clear();
            }
            return Ok(Some(Action::Expired));
        }
        let initiated_current =
            self.is_established(now) && self.current.as_ref().is_some_and(|s| s.initiator);
        let wg_idle = self.handshake.is_none();
        if let Some(pq) = &mut self.pq {
            pq.expire(now);
            if let Some(p) = &pq.pending {
                if elapsed(now, p.first) >= REKEY_ATTEMPT_TIME {
                    pq.pending = None;
                    self.want_handshake = false;
                    return Ok(Some(Action::HandshakeGaveUp));
                }
                if elapsed(now, p.sent) >= REKEY_TIMEOUT {
                    return self.send_pq_init(now, out);
                }
            } else if wg_idle && initiated_current && pq.held_psk_due(now) {
                // Rotation: a fresh psk for the next rekey.
                return self.send_pq_init(now, out);
            }
        }
        let pq_busy = self.pq.as_ref().is_some_and(|pq| pq.pending.is_some());
        if let Some(p) = &self.handshake {
            if elapsed(now, p.first) >= REKEY_ATTEMPT_TIME {
                self.handshake = None;
                self.want_handshake = false;
                return Ok(Some(Action::HandshakeGaveUp));
            }
            if elapsed(now, p.sent) >= REKEY_TIMEOUT && !pq_busy {
                return self.start_handshake(now, out);
            }
        } else {
            // Sent data and heard nothing back for 15 s: the peer may have lost our keys.
            if self
                .reply_due
                .is_some_and(|t| elapsed(now, t) >= KEEPALIVE_TIMEOUT + REKEY_TIMEOUT)
            {
                self.reply_due = None;
                self.want_handshake = true;
            }
            if self.want_handshake && !pq_busy {
                return self.start_handshake(now, out);
            }
        }
        if self.is_established(now) {
            let passive = self
                .keepalive_due
                .is_some_and(|t| elapsed(now, t) >= KEEPALIVE_TIMEOUT);
            let persistent = self
                .persistent_keepalive
                .is_some_and(|interval| self.last_sent.is_none_or(|t| elapsed(now, t) >= interval));
            if passive || persistent {
                let n = self.send(&[], now, out)?;
                return Ok(Some(Action::SendKeepalive(n)));
            }
        }
        Ok(None)
    }

    /// The next message of a handshake we start: for a post-quantum peer a PQ init when
    /// its psk is missing or due, or its unacknowledged confirmation; then the WireGuard
    /// initiation.
    fn start_handshake(&mut self, now: Duration, out: &mut [u8]) -> Result<Option<Action>, Error> {
        if let Some(pq) = &mut self.pq {
            if pq.rotation_due(now) {
                return self.send_pq_init(now, out);
            }
            if let Some(confirm) = pq.unconfirmed
                && !pq.confirm_sent
            {
                pq.confirm_sent = true;
                out[..confirm.len()].copy_from_slice(&confirm);
                return Ok(Some(Action::SendPq(confirm.len())));
            }
            pq.confirm_sent = false;
        }
        self.send_initiation(now, out)
    }

    fn send_pq_init(&mut self, now: Duration, out: &mut [u8]) -> Result<Option<Action>, Error> {
        let n = self.pq_init(now, out)?;
        Ok(Some(Action::SendPq(n)))
    }

    fn send_initiation(&mut self, now: Duration, out: &mut [u8]) -> Result<Option<Action>, Error> {
        let msg = self.handshake_init(now)?;
        out[..INITIATION_LEN].copy_from_slice(&msg);
        Ok(Some(Action::SendHandshake(INITIATION_LEN)))
    }

    /// A random local index not used by any live session or pending handshake.
    fn new_index(&self) -> Result<u32, Error> {
        loop {
            let index = u32::from_le_bytes(crate::rand::array()?);
            let taken = [&self.current, &self.previous, &self.next]
                .into_iter()
                .flatten()
                .any(|s| s.local_index == index)
                || self
                    .handshake
                    .as_ref()
                    .is_some_and(|p| p.state.local_index == index);
            if !taken {
                return Ok(index);
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn current_mut(&mut self) -> Option<&mut Session> {
        self.current.as_mut()
    }

    #[cfg(test)]
    pub(crate) fn pq_state(&self) -> Option<&PqState> {
        self.pq.as_ref()
    }

    #[cfg(test)]
    pub(crate) fn local_indices(&self) -> [Option<u32>; 3] {
        [&self.current, &self.previous, &self.next].map(|s| s.as_ref().map(|s| s.local_index))
    }
}

/// A session carries data until it is [`REJECT_AFTER_TIME`] old or its counter is spent.
fn usable(s: &Session, now: Duration) -> bool {
    elapsed(now, s.created) < REJECT_AFTER_TIME && s.send_counter() < REJECT_AFTER_MESSAGES
}
