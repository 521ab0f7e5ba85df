//! Compact idle connections: [`IdleContext`] is what a connection keeps while it sends
//! nothing — raw traffic keys, IVs, counters and the peer's index, 112 bytes and no
//! heap — and [`ActiveContext`] is the same connection ready to seal and open, with
//! its expanded AEAD keys.
//!
//! A server or mesh VPN with a million mostly idle connections pays for each one's
//! expanded cipher state (AES key schedules, GHASH tables, or aws-lc's cipher
//! contexts, which live on the C heap) although only a few send at any moment.
//! [`ActiveContext::park`] drops that state (the backend zeroizes it) and keeps the
//! 112 bytes; [`IdleContext::resume`] rebuilds it in one key setup per direction.
//!
//! ```
//! use zcrypto::aead::{AeadAlg, TAG_LEN};
//! use zcrypto::pool::IdleContext;
//!
//! let (k1, k2) = ([1u8; 32], [2u8; 32]);
//! let alice = IdleContext::new(AeadAlg::ChaCha20Poly1305, 7, &k1, [3; 12], &k2, [4; 12])?;
//! let bob = IdleContext::new(AeadAlg::ChaCha20Poly1305, 9, &k2, [4; 12], &k1, [3; 12])?;
//! assert_eq!(IdleContext::BYTES, 112);
//!
//! let (mut alice, mut bob) = (alice.resume()?, bob.resume()?);
//! let mut packet = [0u8; 5 + TAG_LEN];
//! packet[..5].copy_from_slice(b"hello");
//! let (number, len) = alice.seal(b"hdr", &mut packet, 5)?;
//! assert_eq!(bob.open(number, b"hdr", &mut packet[..len])?, b"hello");
//!
//! // Parked and resumed, the counters carry on: no nonce is used twice, and packets
//! // from before the pause are refused.
//! let mut bob = bob.park().resume()?;
//! let (next, _) = alice.seal(b"hdr", &mut packet, 5)?;
//! assert_eq!(next, number + 1);
//! let mut old = [0u8; TAG_LEN];
//! assert_eq!(bob.open(number, b"hdr", &mut old), Err(zcrypto::Error::Replayed));
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! ## Replay protection
//! While active, [`ActiveContext::open`] refuses only packets numbered below the
//! point where it was last resumed; detecting duplicates among newer packets is the
//! caller's replay window (e.g. `zero_copy::ReplayWindow`), which is not part of the
//! idle state. Parking keeps just the highest number received, so after
//! [`IdleContext::resume`] every packet at or below it is refused: stricter than a
//! window (a packet reordered across the pause is lost), never weaker.

use core::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::Error;
use crate::aead::{AeadAlg, IV_LEN, PacketKey, TAG_LEN};

/// The largest key of the 12-byte-nonce AEADs.
const MAX_KEY_LEN: usize = 32;

/// The state of an idle connection: traffic keys as raw bytes, the next send number,
/// the lowest receive number still acceptable, and the peer's index. Zeroized on drop.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct IdleContext {
    send_key: [u8; MAX_KEY_LEN],
    recv_key: [u8; MAX_KEY_LEN],
    send_iv: [u8; IV_LEN],
    recv_iv: [u8; IV_LEN],
    send_next: u64,
    recv_floor: u64,
    #[zeroize(skip)]
    peer_index: u32,
    #[zeroize(skip)]
    alg: AeadAlg,
}

impl IdleContext {
    /// Bytes per idle connection: `size_of::<IdleContext>()`. An `IdleContext` owns no
    /// heap memory, so this is all of it (a container holding it adds its own).
    pub const BYTES: usize = core::mem::size_of::<IdleContext>();

    /// A fresh connection (nothing sent or received yet) with the given traffic keys,
    /// e.g. from a handshake or from [`ResumptionSecret::derive`](super::ResumptionSecret::derive).
    ///
    /// Errors: [`Error::UnsupportedAlgorithm`] for XChaCha20-Poly1305 (its nonces are
    /// not counters), [`Error::InvalidLength`] for a key of the wrong length.
    pub fn new(
        alg: AeadAlg,
        peer_index: u32,
        send_key: &[u8],
        send_iv: [u8; IV_LEN],
        recv_key: &[u8],
        recv_iv: [u8; IV_LEN],
    ) -> Result<IdleContext, Error> {
        if alg.nonce_len() != IV_LEN {
            return Err(Error::UnsupportedAlgorithm);
        }
        Error::check_len(alg.key_len(), send_key.len())?;
        Error::check_len(alg.key_len(), recv_key.len())?;
        let mut ctx = IdleContext {
            send_key: [0; MAX_KEY_LEN],
            recv_key: [0; MAX_KEY_LEN],
            send_iv,
            recv_iv,
            send_next: 0,
            recv_floor: 0,
            peer_index,
            alg,
        };
        ctx.send_key[..send_key.len()].copy_from_slice(send_key);
        ctx.recv_key[..recv_key.len()].copy_from_slice(recv_key);
        Ok(ctx)
    }

    /// The AEAD.
    pub fn algorithm(&self) -> AeadAlg {
        self.alg
    }

    /// The peer's index (a WireGuard receiver index, a connection-table slot, ...).
    pub fn peer_index(&self) -> u32 {
        self.peer_index
    }

    /// The number the next sealed packet will carry.
    pub fn send_next(&self) -> u64 {
        self.send_next
    }

    /// Received packets numbered below this are refused as replays.
    pub fn recv_floor(&self) -> u64 {
        self.recv_floor
    }

    /// The live connection: one AEAD key setup per direction on the default backend.
    pub fn resume(self) -> Result<ActiveContext, Error> {
        let len = self.alg.key_len();
        let send = PacketKey::new(self.alg, &self.send_key[..len], self.send_iv)?;
        let recv = PacketKey::new(self.alg, &self.recv_key[..len], self.recv_iv)?;
        Ok(ActiveContext {
            recv_seen: self.recv_floor,
            idle: self,
            send,
            recv,
        })
    }
}

impl fmt::Debug for IdleContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdleContext")
            .field("alg", &self.alg)
            .field("peer_index", &self.peer_index)
            .field("send_next", &self.send_next)
            .field("recv_floor", &self.recv_floor)
            .finish_non_exhaustive()
    }
}

/// A connection ready to seal and open: its [`IdleContext`] plus expanded
/// [`PacketKey`]s. Nonces are the packet numbers, which only go up.
pub struct ActiveContext {
    idle: IdleContext,
    send: PacketKey,
    recv: PacketKey,
    /// One past the highest number opened successfully (at least the floor).
    recv_seen: u64,
}

impl ActiveContext {
    /// The peer's index.
    pub fn peer_index(&self) -> u32 {
        self.idle.peer_index
    }

    /// The number the next sealed packet will carry.
    pub fn send_next(&self) -> u64 {
        self.idle.send_next
    }

    /// Seals the first `plaintext_len` bytes of `buf` (which needs [`TAG_LEN`] more)
    /// under the next packet number; returns that number and the sealed length.
    ///
    /// Errors: [`Error::LimitExceeded`] once 2^64 − 1 packets were sent (the connection
    /// must be rekeyed), the AEAD's length errors otherwise. A failed seal uses no number.
    pub fn seal(
        &mut self,
        aad: &[u8],
        buf: &mut [u8],
        plaintext_len: usize,
    ) -> Result<(u64, usize), Error> {
        let number = self.idle.send_next;
        let next = number.checked_add(1).ok_or(Error::LimitExceeded)?;
        let len = self.send.seal_in_place(number, aad, buf, plaintext_len)?;
        self.idle.send_next = next;
        Ok((number, len))
    }

    /// Opens `buf` = ciphertext ‖ tag sealed under packet `number`; returns the
    /// plaintext part.
    ///
    /// Errors: [`Error::Replayed`] for a number below the resume point (nothing is
    /// decrypted), [`Error::DecryptionFailed`] for a forgery (the buffer is zeroed),
    /// [`Error::InvalidLength`] for a buffer shorter than a tag.
    pub fn open<'b>(
        &mut self,
        number: u64,
        aad: &[u8],
        buf: &'b mut [u8],
    ) -> Result<&'b mut [u8], Error> {
        if number < self.idle.recv_floor {
            return Err(Error::Replayed);
        }
        if buf.len() < TAG_LEN {
            return Err(Error::InvalidLength {
                expected: TAG_LEN,
                got: buf.len(),
            });
        }
        let plaintext = self.recv.open_in_place(number, aad, buf)?;
        self.recv_seen = self.recv_seen.max(number.saturating_add(1));
        Ok(plaintext)
    }

    /// The compact idle state: the expanded keys are dropped (and zeroized by their
    /// backend); every packet at or below the highest one received is refused after
    /// [`IdleContext::resume`].
    pub fn park(self) -> IdleContext {
        let ActiveContext {
            mut idle,
            recv_seen,
            ..
        } = self;
        idle.recv_floor = recv_seen;
        idle
    }
}

impl fmt::Debug for ActiveContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActiveContext")
            .field("idle", &self.idle)
            .field("recv_seen", &self.recv_seen)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(alg: AeadAlg) -> (IdleContext, IdleContext) {
        let l = alg.key_len();
        let (k1, k2) = ([0x11u8; 32], [0x22u8; 32]);
        (
            IdleContext::new(alg, 1, &k1[..l], [5; 12], &k2[..l], [6; 12]).unwrap(),
            IdleContext::new(alg, 2, &k2[..l], [6; 12], &k1[..l], [5; 12]).unwrap(),
        )
    }

    fn seal(ctx: &mut ActiveContext, msg: &[u8]) -> (u64, Vec<u8>) {
        let mut buf = vec![0u8; msg.len() + TAG_LEN];
        buf[..msg.len()].copy_from_slice(msg);
        let (n, len) = ctx.seal(b"aad", &mut buf, msg.len()).unwrap();
        assert_eq!(len, buf.len());
        (n, buf)
    }

    #[test]
    fn is_compact() {
        assert_eq!(IdleContext::BYTES, 112);
        assert!(IdleContext::BYTES < core::mem::size_of::<ActiveContext>());
    }

    #[test]
    fn park_resume_round_trips_and_seals_identically() {
        for alg in [
            AeadAlg::Aes128Gcm,
            AeadAlg::Aes256Gcm,
            AeadAlg::ChaCha20Poly1305,
        ] {
            let (a, b) = pair(alg);
            let (mut a, mut b) = (a.resume().unwrap(), b.resume().unwrap());
            for i in 0..3u8 {
                let (n, mut ct) = seal(&mut a, &[i; 40]);
                assert_eq!(n, u64::from(i));
                assert_eq!(b.open(n, b"aad", &mut ct).unwrap(), &[i; 40]);
            }
            // A copy that never parks and one that parks and resumes seal the same bytes.
            let parked = a.park();
            assert_eq!(parked.send_next(), 3);
            let mut twin = parked.clone().resume().unwrap();
            let mut resumed = parked.resume().unwrap();
            assert_eq!(seal(&mut twin, b"same"), seal(&mut resumed, b"same"));
            // An independent AEAD: the `send` key at number 3 is PacketKey at number 3.
            let direct = PacketKey::new(alg, &[0x11u8; 32][..alg.key_len()], [5; 12]).unwrap();
            let mut buf = [0u8; 4 + TAG_LEN];
            buf[..4].copy_from_slice(b"same");
            direct.seal_in_place(3, b"aad", &mut buf, 4).unwrap();
            let (n, ct) = seal(&mut a_fresh(alg, 3), b"same");
            assert_eq!((n, &ct[..]), (3, &buf[..]));
            // Bob parks and resumes: the next packet still opens.
            let mut b = b.park().resume().unwrap();
            let (n, mut ct) = seal(&mut resumed, b"after");
            assert_eq!(n, 4);
            assert_eq!(b.open(n, b"aad", &mut ct).unwrap(), b"after");
        }
    }

    /// Alice's context with `n` packets already sent.
    fn a_fresh(alg: AeadAlg, n: u64) -> ActiveContext {
        let (mut a, _) = pair(alg);
        a.send_next = n;
        a.resume().unwrap()
    }

    #[test]
    fn replays_across_a_pause_and_forgeries_are_refused() {
        let (a, b) = pair(AeadAlg::Aes256Gcm);
        let (mut a, mut b) = (a.resume().unwrap(), b.resume().unwrap());
        let (n0, ct0) = seal(&mut a, b"zero");
        let (n1, mut ct1) = seal(&mut a, b"one");
        b.open(n1, b"aad", &mut ct1.clone()).unwrap();
        let mut b = b.park().resume().unwrap();
        assert_eq!(b.park_floor(), 2);
        // Packet 0 was never opened but is older than the highest: refused after the pause.
        assert_eq!(b.open(n0, b"aad", &mut ct0.clone()), Err(Error::Replayed));
        assert_eq!(b.open(n1, b"aad", &mut ct1), Err(Error::Replayed));
        let (n2, mut ct2) = seal(&mut a, b"two");
        ct2[0] ^= 1;
        assert_eq!(b.open(n2, b"aad", &mut ct2), Err(Error::DecryptionFailed));
        let (n3, mut ct3) = seal(&mut a, b"three");
        assert_eq!(
            b.open(n3, b"other aad", &mut ct3),
            Err(Error::DecryptionFailed)
        );
        assert_eq!(
            b.open(n3, b"aad", &mut [0u8; 3]),
            Err(Error::InvalidLength {
                expected: TAG_LEN,
                got: 3
            })
        );
        // A failed open does not move the floor.
        assert_eq!(b.park().recv_floor(), 2);
    }

    #[test]
    fn bad_construction_is_typed() {
        assert_eq!(
            IdleContext::new(
                AeadAlg::XChaCha20Poly1305,
                0,
                &[0; 32],
                [0; 12],
                &[0; 32],
                [0; 12]
            )
            .unwrap_err(),
            Error::UnsupportedAlgorithm
        );
        assert_eq!(
            IdleContext::new(AeadAlg::Aes128Gcm, 0, &[0; 32], [0; 12], &[0; 16], [0; 12])
                .unwrap_err(),
            Error::InvalidLength {
                expected: 16,
                got: 32
            }
        );
    }

    #[test]
    fn send_counter_exhaustion_is_an_error() {
        let mut a = a_fresh(AeadAlg::ChaCha20Poly1305, u64::MAX);
        let mut buf = [0u8; TAG_LEN];
        assert_eq!(a.seal(b"", &mut buf, 0), Err(Error::LimitExceeded));
        assert_eq!(a.send_next(), u64::MAX);
    }

    #[test]
    fn debug_hides_keys() {
        let (a, _) = pair(AeadAlg::ChaCha20Poly1305);
        let s = format!("{a:?} {:?}", a.clone().resume().unwrap());
        assert!(!s.contains("17, 17"), "{s}");
        assert!(s.contains("peer_index: 1"));
    }

    impl ActiveContext {
        fn park_floor(&self) -> u64 {
            self.idle.recv_floor
        }
    }
}
