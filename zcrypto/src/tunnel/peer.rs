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
    self, I_MAC1, INITIATION_LEN, InitialState, InitiatorState, R_MAC1, RESPONSE_LEN,
    TYPE_COOKIE_REPLY, TYPE_DATA, TYPE_INITIATION, TYPE_RESPONSE,
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

/// One of the three sessions of a peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Current,
    Next,
    Previous,
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
    /// The Noise state before our initiations (responder: the peer) and before theirs
    /// (responder: us), computed once.
    initial_out: InitialState,
    initial_in: InitialState,
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
            initial_out: InitialState::new(&config.peer_public_key),
            initial_in: InitialState::new(&local_public),
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
            &self.initial_out,
            &self.local,
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
        let init = noise::consume_initiation(&self.initial_in, &self.local, known, msg)?;
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

    /// Which session a data message is addressed to, if any.
    fn data_slot(&self, receiver: u32) -> Option<Slot> {
        let matches = |s: &Option<Session>| s.as_ref().is_some_and(|s| s.local_index == receiver);
        if matches(&self.current) {
            Some(Slot::Current)
        } else if matches(&self.next) {
            Some(Slot::Next)
        } else if matches(&self.previous) {
            Some(Slot::Previous)
        } else {
            None
        }
    }

    fn session(&self, slot: Slot) -> Option<&Session> {
        match slot {
            Slot::Current => self.current.as_ref(),
            Slot::Next => self.next.as_ref(),
            Slot::Previous => self.previous.as_ref(),
        }
    }

    fn session_mut(&mut self, slot: Slot) -> Option<&mut Session> {
        match slot {
            Slot::Current => self.current.as_mut(),
            Slot::Next => self.next.as_mut(),
            Slot::Previous => self.previous.as_mut(),
        }
    }

    /// The session of the data message `datagram` and its counter, checked before
    /// decryption (receiver, age, counter limit, replay window, room in `out_len`).
    fn data_precheck(
        &self,
        datagram: &[u8],
        now: Duration,
        out_len: usize,
    ) -> Result<(Slot, u64), Error> {
        let slot = self
            .data_slot(data_receiver(datagram)?)
            .ok_or(Error::InvalidCiphertext)?;
        let session = self.session(slot).ok_or(Error::Internal)?;
        if elapsed(now, session.created) >= REJECT_AFTER_TIME {
            return Err(Error::InvalidKey);
        }
        Ok((slot, session.precheck(datagram, out_len)?))
    }

    fn on_data(&mut self, datagram: &[u8], now: Duration, out: &mut [u8]) -> Result<Event, Error> {
        let (slot, counter) = self.data_precheck(datagram, now, out.len())?;
        let session = self.session_mut(slot).ok_or(Error::Internal)?;
        let n = session.open_at(counter, datagram, out)?;
        session.accept(counter)?;
        self.after_data(slot, n > 0, now);
        Ok(if n == 0 {
            Event::Keepalive
        } else {
            Event::Data(n)
        })
    }

    /// The bookkeeping after authenticated data arrived on `slot`.
    fn after_data(&mut self, slot: Slot, payload: bool, now: Duration) {
        if slot == Slot::Next {
            // The initiator's first message on the new keys confirms them.
            self.previous = self.current.take();
            self.current = self.next.take();
        }
        self.reply_due = None;
        if payload {
            self.keepalive_due.get_or_insert(now);
        }
        if let Some(s) = &self.current
            && s.initiator
            && self.handshake.is_none()
            && elapsed(now, s.created) >= REJECT_AFTER_TIME - KEEPALIVE_TIMEOUT - REKEY_TIMEOUT
        {
            self.want_handshake = true;
        }
    }

    /// Handles a batch of data messages from the peer: `datagrams[i]` is authenticated
    /// and decrypted into `out[i]`, and its outcome written to `results[i]` — what
    /// [`Peer::receive`] returns for it ([`Event::Data`] or [`Event::Keepalive`], or
    /// the error). Returns how many were accepted. Batches of at least
    /// [`PAR_BATCH_BYTES`](super::transport::PAR_BATCH_BYTES) are decrypted across
    /// cores; nothing is allocated.
    ///
    /// Only data messages (type 4) are handled here; anything else is an error in
    /// `results` ([`Error::InvalidCiphertext`] for a handshake message: pass those to
    /// [`Peer::receive`]). The replay window works as one by one: a packet received
    /// before, or a second copy within the batch, is [`Error::Replayed`] (a copy within
    /// the batch is found after decryption, and its `out` is zeroed).
    /// `out` and `results` must be as long as `datagrams` ([`Error::InvalidLength`],
    /// checked before anything else).
    pub fn receive_batch(
        &mut self,
        datagrams: &[&[u8]],
        now: Duration,
        out: &mut [&mut [u8]],
        results: &mut [Result<Event, Error>],
    ) -> Result<usize, Error> {
        Error::check_len(datagrams.len(), out.len())?;
        Error::check_len(datagrams.len(), results.len())?;
        // 1. Checks (nothing recorded); `Ok(Keepalive)` marks a packet still to open.
        let mut bytes = 0usize;
        for ((d, o), r) in datagrams.iter().zip(out.iter()).zip(results.iter_mut()) {
            *r = self
                .data_precheck(d, now, o.len())
                .map(|_| Event::Keepalive);
            if r.is_ok() {
                bytes = bytes.saturating_add(d.len());
            }
        }
        // 2. Authentication and decryption (read-only, in parallel for large batches).
        // Only the sessions are shared with other threads (in `data_slot`'s order).
        let sessions = [&self.current, &self.next, &self.previous];
        let open = |d: &[u8], o: &mut [u8], r: &mut Result<Event, Error>| {
            if r.is_ok() {
                *r = data_receiver(d)
                    .and_then(|receiver| {
                        let session = sessions
                            .iter()
                            .filter_map(|s| s.as_ref())
                            .find(|s| s.local_index == receiver)
                            .ok_or(Error::Internal)?;
                        session.open_at(super::transport::data_counter(d), d, o)
                    })
                    .map(|n| {
                        if n == 0 {
                            Event::Keepalive
                        } else {
                            Event::Data(n)
                        }
                    });
            }
        };
        if bytes >= super::transport::PAR_BATCH_BYTES && datagrams.len() > 1 {
            use rayon::prelude::*;
            datagrams
                .par_iter()
                .zip(out.par_iter_mut())
                .zip(results.par_iter_mut())
                .for_each(|((d, o), r)| open(d, o, r));
        } else {
            datagrams
                .iter()
                .zip(out.iter_mut())
                .zip(results.iter_mut())
                .for_each(|((d, o), r)| open(d, o, r));
        }
        // 3. Record the counters in order, as one-by-one receipt would.
        let mut accepted = 0;
        for ((d, o), r) in datagrams.iter().zip(out.iter_mut()).zip(results.iter_mut()) {
            let Ok(event) = *r else { continue };
            // Looked up again by index: accepting a packet on `next` earlier in the
            // batch promoted it and dropped `previous`, whose later packets are then
            // refused as they would be one by one.
            let recorded = data_receiver(d).and_then(|receiver| {
                let slot = self.data_slot(receiver).ok_or(Error::InvalidCiphertext)?;
                let session = self.session_mut(slot).ok_or(Error::Internal)?;
                session.accept(super::transport::data_counter(d))?;
                Ok(slot)
            });
            match recorded {
                Ok(slot) => {
                    self.after_data(slot, event != Event::Keepalive, now);
                    accepted += 1;
                }
                Err(e) => {
                    let n = d.len().saturating_sub(super::transport::DATA_OVERHEAD);
                    let n = n.min(o.len());
                    o[..n].fill(0);
                    *r = Err(e);
                }
            }
        }
        Ok(accepted)
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
        let pad = self.pad;
        let session = self.sending_session(now)?;
        let n = session.encrypt(payload, pad, out)?;
        self.after_send(!payload.is_empty(), now);
        Ok(n)
    }

    /// Encrypts every payload of `payloads` for the peer, as [`Peer::send`] one by one
    /// would: `payloads[i]` goes into `out[i]` (room as for [`Peer::send`]) with the
    /// next counter, and its length into `lens[i]`. Batches of at least
    /// [`PAR_BATCH_BYTES`](super::transport::PAR_BATCH_BYTES) are encrypted across
    /// cores; nothing is allocated.
    ///
    /// All or nothing: the lengths of `out` and `lens` ([`Error::InvalidLength`]), the
    /// room in every `out[i]` ([`Error::BufferTooSmall`]) and the counter limit
    /// ([`Error::LimitExceeded`]) are checked before any packet is encrypted. Without a
    /// usable session this is [`Error::InvalidKey`], as for [`Peer::send`].
    pub fn send_batch(
        &mut self,
        payloads: &[&[u8]],
        now: Duration,
        out: &mut [&mut [u8]],
        lens: &mut [usize],
    ) -> Result<(), Error> {
        let pad = self.pad;
        let session = self.sending_session(now)?;
        session.encrypt_batch(payloads, pad, out, lens)?;
        if !payloads.is_empty() {
            self.after_send(payloads.iter().any(|p| !p.is_empty()), now);
        }
        Ok(())
    }

    /// The session data is sent on, or [`Error::InvalidKey`] (and a handshake is due).
    fn sending_session(&mut self, now: Duration) -> Result<&mut Session, Error> {
        match self.current.as_mut().filter(|s| usable(s, now)) {
            Some(session) => Ok(session),
            None => {
                self.want_handshake = true;
                Err(Error::InvalidKey)
            }
        }
    }

    /// The bookkeeping after data was sent on the current session.
    fn after_send(&mut self, payload: bool, now: Duration) {
        if let Some(session) = &self.current
            && (session.send_counter() >= REKEY_AFTER_MESSAGES
                || (session.initiator && elapsed(now, session.created) >= REKEY_AFTER_TIME))
        {
            self.want_handshake = true;
        }
        self.last_sent = Some(now);
        self.keepalive_due = None;
        if payload {
            self.reply_due.get_or_insert(now);
            if let Some(pq) = &mut self.pq {
                pq.data_since_psk = true;
            }
        }
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
#[cfg(test)]
impl Peer {
    /// Our static key (tests of its preparation on the native backend).
    #[cfg(feature = "native")]
    pub(crate) fn static_key(&self) -> &SecretKey {
        &self.local
    }

    /// The local index of the current session.
    pub(crate) fn current_index(&self) -> Option<u32> {
        self.current.as_ref().map(|s| s.local_index)
    }
}

fn usable(s: &Session, now: Duration) -> bool {
    elapsed(now, s.created) < REJECT_AFTER_TIME && s.send_counter() < REJECT_AFTER_MESSAGES
}
