//! The WireGuard protocol (feature `std`), as a sans-IO state machine.
//!
//! WireGuard (Donenfeld, NDSS 2017; the protocol at <https://www.wireguard.com/protocol/>)
//! is a 1-RTT key exchange followed by counter-mode transport packets:
//!
//! 1. **Handshake** — Noise `IKpsk2` over X25519, ChaCha20-Poly1305 and BLAKE2s
//!    ([`noise`]). The initiator knows the responder's static key in advance (`IK`), so
//!    its first message (type 1, 148 bytes) already authenticates it and carries an
//!    encrypted TAI64N timestamp that the responder uses to reject replays. The
//!    response (type 2, 92 bytes) mixes in the optional pre-shared key (`psk2`), and
//!    both sides derive one ChaCha20-Poly1305 key per direction.
//! 2. **DoS protection** — every handshake message carries `mac1` (keyed by the
//!    receiver's public key) and `mac2` (keyed by a cookie). A responder under load
//!    answers with a cookie reply (type 3, 64 bytes) instead of doing Diffie–Hellman
//!    ([`cookie`]).
//! 3. **Transport** — data messages (type 4, 32 bytes + payload) numbered by a 64-bit
//!    counter that is also the nonce, with an RFC 6479 replay window; an empty payload
//!    is a keepalive.
//! 4. **Timers** — rekey after 120 s or 2^60 messages, reject keys after 180 s,
//!    retransmit unanswered initiations every 5 s for up to 90 s, keepalives after 10 s
//!    of one-way traffic ([`Peer::tick`]).
//! 5. **Post-quantum hybrid mode** (optional, [`pq`]) — an ML-KEM-768 exchange (static
//!    and ephemeral keys, message types 0x81–0x83) whose output is the pre-shared key of
//!    the next handshake, re-run every 120 s. A peer configured with
//!    [`PeerConfig::with_post_quantum`] never completes a handshake without it, so the
//!    session stays secret if either X25519 or ML-KEM-768 holds. The design and its
//!    security argument are in [`pq`].
//!
//! [`Peer`] drives all of it for one remote peer. It does no I/O and reads no clock:
//! the caller passes datagrams in, writes the returned bytes to its socket, and passes
//! the time (a [`Duration`](core::time::Duration) since the Unix epoch) into every call.
//!
//! ```
//! use core::time::Duration;
//! use zcrypto::tunnel::{Event, Peer, PeerConfig};
//! use zcrypto::x25519::SecretKey;
//!
//! let (alice_key, bob_key) = (SecretKey::generate()?, SecretKey::generate()?);
//! let psk = [7u8; 32];
//! let mut alice = Peer::new(
//!     PeerConfig::new(alice_key.clone(), bob_key.public_key()).with_preshared_key(psk),
//! );
//! let mut bob =
//!     Peer::new(PeerConfig::new(bob_key, alice_key.public_key()).with_preshared_key(psk));
//! let now = Duration::from_secs(1_700_000_000);
//! let (mut a_buf, mut b_buf) = ([0u8; 1500], [0u8; 1500]);
//!
//! // Alice → Bob: initiation (148 bytes). Bob → Alice: response (92 bytes).
//! let init = alice.handshake_init(now)?;
//! let Event::HandshakeResponse(n) = bob.receive(&init, now, &mut b_buf)? else { panic!() };
//! assert_eq!(n, 92);
//! // Alice's session is ready; she confirms it with a keepalive (32 bytes).
//! let Event::HandshakeComplete(n) = alice.receive(&b_buf[..n], now, &mut a_buf)? else {
//!     panic!()
//! };
//! assert_eq!(bob.receive(&a_buf[..n], now, &mut b_buf)?, Event::Keepalive);
//!
//! // Data both ways (padded with zeros to a multiple of 16 bytes).
//! let n = alice.send(b"hello bob", now, &mut a_buf)?;
//! let Event::Data(m) = bob.receive(&a_buf[..n], now, &mut b_buf)? else { panic!() };
//! assert_eq!(&b_buf[..9], b"hello bob");
//! assert_eq!(m, 16);
//! let n = bob.send(b"hi", now, &mut b_buf)?;
//! assert!(matches!(alice.receive(&b_buf[..n], now, &mut a_buf)?, Event::Data(16)));
//!
//! // A replayed packet is refused.
//! assert_eq!(alice.receive(&b_buf[..n], now, &mut a_buf), Err(zcrypto::Error::Replayed));
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! ## What is implemented
//! The handshake, cookie and transport messages byte-for-byte as the whitepaper and the
//! Linux/Go implementations, with pre-shared keys, timestamp replay protection,
//! cookie replies under load, the replay window, and the timers of whitepaper §6
//! (without the optional retransmission jitter). Data can also go through in batches
//! for one peer ([`Peer::send_batch`], [`Peer::receive_batch`]: no allocation, rayon
//! across the cores for batches of [`transport::PAR_BATCH_BYTES`] and more, the same
//! counters and replay window as one by one). Three sessions per peer: `current`,
//! `previous` (in-flight packets after a rekey) and `next` (a responder's session until
//! the initiator confirms it). Interoperability with `boringtun` is tested in
//! `zcrypto/tests/tunnel_boringtun.rs`; a peer without the post-quantum mode stays
//! byte-for-byte WireGuard.
//!
//! The post-quantum hybrid mode ([`pq`]): the three-message ML-KEM-768 exchange with
//! explicit key confirmation, per-direction psks rotated from [`Peer::tick`] (old ones
//! zeroized, the ephemeral ML-KEM key dropped after each exchange), the refusal of any
//! classical-only handshake ([`Error::PolicyNotSatisfied`](crate::Error::PolicyNotSatisfied)),
//! and the confirmation resent when lost. Tested end to end, with downgrade, wrong-key,
//! tampering, replay and random-datagram cases (`tunnel/pq_tests.rs`).
//!
//! Around a peer: [`onion`] wraps datagrams in onion layers for a multi-hop path,
//! [`obfuscation`] hides WireGuard's fixed header bytes and sizes from passive DPI, and
//! [`rate_limit`] bounds handshake initiations per source address.
//!
//! Not here yet: an interface with many peers (routing by receiver index and by the
//! initiator's static key, allowed IPs), and choosing when to be "under load" — the
//! caller decides (e.g. when [`rate_limit::RateLimiter`] starts refusing) and passes it
//! to [`Peer::receive_from`]. For the post-quantum mode: cookie replies for PQ messages
//! under load, splitting its 2.2–2.3 kB messages below a 1500-byte MTU (they rely on IP
//! fragmentation), and interoperability with Rosenpass (its wire format differs).

pub mod cookie;
mod crypto;
pub mod noise;
pub mod obfuscation;
pub mod onion;
mod peer;
pub mod pq;
pub mod rate_limit;
pub mod transport;

pub use peer::{
    Action, Event, KEEPALIVE_TIMEOUT, Peer, PeerConfig, REJECT_AFTER_TIME, REKEY_AFTER_TIME,
    REKEY_ATTEMPT_TIME, REKEY_TIMEOUT,
};
pub use pq::{PQ_ROTATION_TIME, PqConfig};
pub use transport::{REJECT_AFTER_MESSAGES, REKEY_AFTER_MESSAGES};

#[cfg(test)]
mod pq_tests;
#[cfg(test)]
mod tests;
