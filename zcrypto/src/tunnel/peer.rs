//! [`Peer`]: the sans-IO WireGuard state machine for one remote peer.
//!
//! The caller owns the socket and the clock: it hands in datagrams
//! ([`Peer::receive`]), payloads ([`Peer::send`]) and the time ([`Peer::tick`]), and
//! gets back bytes to put on the wire and [`Event`]s. Time is a [`Duration`] since the
//! Unix epoch: it stamps initiations (TAI64N) and drives the timers of whitepaper §6.

use core::fmt;
use core::time::Duration;

use zeroize::Zeroizing;

use super::cookie::{CookieChecker, CookieState};
use super::crypto::Key;
use super::noise::{
    self, I_MAC1, INITIATION_LEN, InitiatorState, R_MAC1, RESPONSE_LEN, TYPE_COOKIE_REPLY,
    TYPE_DATA, TYPE_INITIATION, TYPE_RESPONSE,
};
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
        }
    }

    /// Mixes a 32-byte pre-shared key into every handshake (the `psk2` of IKpsk2).
    pub fn with_preshared_key(mut self, psk: [u8; 32]) -> PeerConfig {
        let mut psk = Zeroizing::new(psk);
        core::mem::swap(&mut self.preshared_key, &mut psk);
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
}

/// What [`Peer::tick`] asks the caller to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action {
    /// Send `out[..n]`, a handshake initiation (first attempt, retry or rekey).
    SendHandshake(usize),
    /// Send `out[..n]`, a keepalive.
    SendKeepalive(usize),
    /// No response came within [`REKEY_ATTEMPT_TIME`]: the handshake was abandoned.
    HandshakeGaveUp,
    /// No handshake for 3 × [`REJECT_AFTER_TIME`]: every key was erased.
    Expired,
}

/// An initiation that awaits its response.
struct Pending {
    state: InitiatorState,
    sent: Duration,
    first: Duration,
}

/// The WireGuard protocol with one peer, as a state machine without I/O.
pub struct Peer {
    local: SecretKey,
    remote: PublicKey,
    /// `DH(local, remote)`, computed once (`None` if `remote` is a low-order point:
    /// then every handshake fails with [`Error::WeakKey`] as it is computed again).
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
}

impl fmt::Debug for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Peer")
            .field("remote", &self.remote)
            .field("handshaking", &self.handshake.is_some())
            .field("current", &self.current.as_ref().map(|s| s.local_index))
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
        Peer {
            checker: CookieChecker::new(&local_public),
            cookies: CookieState::new(&config.peer_public_key),
            static_static: config
                .private_key
                .diffie_hellman(&config.peer_public_key)
                .ok(),
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

    /// The precomputed static–static secret with its peer key, for [`noise`].
    fn precomputed(&self) -> Option<(&PublicKey, &SharedSecret)> {
        self.static_static.as_ref().map(|ss| (&self.remote, ss))
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

    /// Starts a handshake: a fresh ephemeral key, index and timestamp, with `mac2` if
    /// a cookie is held. Replaces any pending initiation (keeping the time of the first
    /// attempt for [`REKEY_ATTEMPT_TIME`]).
    pub fn handshake_init(&mut self, now: Duration) -> Result<[u8; INITIATION_LEN], Error> {
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
            self.precomputed(),
            SecretKey::generate()?,
            index,
            &noise::tai64n(stamp),
            &mut msg,
        )?;
        self.cookies.add_macs(&mut msg, I_MAC1, now);
        let first = self.handshake.as_ref().map_or(now, |p| p.first);
        self.handshake = Some(Pending {
            state,
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
        let init = noise::consume_initiation(&self.local, self.precomputed(), msg)?;
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
        let keys =
            noise::create_response(init, &self.psk, SecretKey::generate()?, index, &mut resp)?;
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
            noise::consume_response(&pending.state, &self.local, &self.psk, msg)?;
        let local_index = pending.state.local_index;
        let mut session = Session::new(keys, local_index, remote_index, now, true)?;
        let n = session.encrypt(&[], self.pad, out)?;
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
        }
        Ok(n)
    }

    /// Runs the timers (whitepaper §6) at time `now`; call it every second or so, and
    /// after [`Peer::send`]. `out` needs 148 bytes.
    pub fn tick(&mut self, now: Duration, out: &mut [u8]) -> Result<Option<Action>, Error> {
        if out.len() < INITIATION_LEN {
            return Err(Error::BufferTooSmall {
                needed: INITIATION_LEN,
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
            return Ok(Some(Action::Expired));
        }
        if let Some(p) = &self.handshake {
            if elapsed(now, p.first) >= REKEY_ATTEMPT_TIME {
                self.handshake = None;
                self.want_handshake = false;
                return Ok(Some(Action::HandshakeGaveUp));
            }
            if elapsed(now, p.sent) >= REKEY_TIMEOUT {
                return self.send_initiation(now, out);
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
            if self.want_handshake {
                return self.send_initiation(now, out);
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
    pub(crate) fn local_indices(&self) -> [Option<u32>; 3] {
        [&self.current, &self.previous, &self.next].map(|s| s.as_ref().map(|s| s.local_index))
    }
}

/// A session carries data until it is [`REJECT_AFTER_TIME`] old or its counter is spent.
fn usable(s: &Session, now: Duration) -> bool {
    elapsed(now, s.created) < REJECT_AFTER_TIME && s.send_counter() < REJECT_AFTER_MESSAGES
}
