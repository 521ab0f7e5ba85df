//! Transport data messages (type 4, whitepaper §5.4.6): `4 ‖ 3 reserved ‖ receiver index
//! (LE32) ‖ counter (LE64) ‖ AEAD(key, counter, padded packet, ε)`. A keepalive is the
//! same message with an empty packet (32 bytes).
//!
//! Each direction of a [`Session`] has its own key; the send counter is the nonce and
//! never repeats, received counters go through an RFC 6479
//! [`ReplayWindow`] (checked before decrypting, recorded only after
//! authenticating). Keys are [`AeadKey`]s, zeroized when the session is dropped.

use core::time::Duration;

use super::crypto;
use super::noise::{TYPE_DATA, TransportKeys, message_type};
use crate::Error;
use crate::aead::{AeadKey, TAG_LEN};
use crate::zero_copy::ReplayWindow;

/// After this many messages under one key the initiator starts a new handshake (2^60).
pub const REKEY_AFTER_MESSAGES: u64 = 1 << 60;
/// No message is sent or accepted with a counter at or above this (2^64 − 2^13 − 1).
pub const REJECT_AFTER_MESSAGES: u64 = u64::MAX - (1 << 13);
/// Length of the data message header (type, reserved, receiver, counter).
pub const DATA_HEADER_LEN: usize = 16;
/// Bytes a data message adds to its (padded) payload: header and tag.
pub const DATA_OVERHEAD: usize = DATA_HEADER_LEN + TAG_LEN;
/// Batches ([`Peer::send_batch`](super::Peer::send_batch),
/// [`Peer::receive_batch`](super::Peer::receive_batch)) of at least this many bytes
/// are spread across cores with rayon; smaller ones run on the calling thread, where
/// the hand-off would cost more than it saves.
pub const PAR_BATCH_BYTES: usize = 16 * 1024;

/// The receiver index of a data message (after its type has been checked).
pub(crate) fn data_receiver(msg: &[u8]) -> Result<u32, Error> {
    if msg.len() < DATA_OVERHEAD {
        return Err(Error::InvalidLength {
            expected: DATA_OVERHEAD,
            got: msg.len(),
        });
    }
    if message_type(msg)? != TYPE_DATA {
        return Err(Error::InvalidCiphertext);
    }
    let mut idx = [0u8; 4];
    idx.copy_from_slice(&msg[4..8]);
    Ok(u32::from_le_bytes(idx))
}

/// The payload length after padding to a multiple of 16 (whitepaper §5.4.6).
pub(crate) fn padded_len(len: usize) -> usize {
    len.div_ceil(16).saturating_mul(16)
}

/// One set of transport keys: what a completed handshake produces.
pub(crate) struct Session {
    pub(crate) local_index: u32,
    pub(crate) remote_index: u32,
    /// When the handshake completed (the caller's clock).
    pub(crate) created: Duration,
    /// Whether this side sent the initiation.
    pub(crate) initiator: bool,
    send: AeadKey,
    recv: AeadKey,
    send_counter: u64,
    replay: ReplayWindow,
}

impl Session {
    pub(crate) fn new(
        keys: TransportKeys,
        local_index: u32,
        remote_index: u32,
        created: Duration,
        initiator: bool,
    ) -> Result<Session, Error> {
        Ok(Session {
            local_index,
            remote_index,
            created,
            initiator,
            send: crypto::aead_key(&keys.send)?,
            recv: crypto::aead_key(&keys.recv)?,
            send_counter: 0,
            replay: ReplayWindow::new(),
        })
    }

    /// The counter the next message will carry.
    pub(crate) fn send_counter(&self) -> u64 {
        self.send_counter
    }

    #[cfg(test)]
    pub(crate) fn set_send_counter(&mut self, counter: u64) {
        self.send_counter = counter;
    }

    /// The length of the data message carrying `len` payload bytes.
    fn message_len(len: usize, pad: bool) -> Result<(usize, usize), Error> {
        let body = if pad { padded_len(len) } else { len };
        let needed = body
            .checked_add(DATA_OVERHEAD)
            .ok_or(Error::MessageTooLong)?;
        Ok((body, needed))
    }

    /// Checks that `out` holds the message for `payload`; returns its length.
    fn check_room(payload: &[u8], pad: bool, out: &[u8]) -> Result<usize, Error> {
        let (_, needed) = Session::message_len(payload.len(), pad)?;
        if out.len() < needed {
            return Err(Error::BufferTooSmall {
                needed,
                got: out.len(),
            });
        }
        Ok(needed)
    }

    /// Writes the data message with the (reserved) `counter` into `out`, which
    /// [`Session::check_room`] accepted; returns its length.
    fn seal_at(
        &self,
        counter: u64,
        payload: &[u8],
        pad: bool,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let (body, needed) = Session::message_len(payload.len(), pad)?;
        let got = out.len();
        let out = out
            .get_mut(..needed)
            .ok_or(Error::BufferTooSmall { needed, got })?;
        out[..4].copy_from_slice(&[TYPE_DATA, 0, 0, 0]);
        out[4..8].copy_from_slice(&self.remote_index.to_le_bytes());
        out[8..16].copy_from_slice(&counter.to_le_bytes());
        out[16..16 + payload.len()].copy_from_slice(payload);
        out[16 + payload.len()..16 + body].fill(0);
        crypto::seal_with(&self.send, counter, &mut out[16..], body)?;
        Ok(needed)
    }

    /// Writes the data message carrying `payload` (padded with zeros to a multiple of 16
    /// when `pad`) into `out`; returns its length.
    pub(crate) fn encrypt(
        &mut self,
        payload: &[u8],
        pad: bool,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        if self.send_counter >= REJECT_AFTER_MESSAGES {
            return Err(Error::LimitExceeded);
        }
        Session::check_room(payload, pad, out)?;
        let counter = self.send_counter;
        let n = self.seal_at(counter, payload, pad, out)?;
        self.send_counter += 1;
        Ok(n)
    }

    /// Writes the data message of `payloads[i]` into `out[i]` and its length into
    /// `lens[i]`, with consecutive counters; across cores once the batch carries at
    /// least [`PAR_BATCH_BYTES`]. Every length and the counter limit are checked first,
    /// so on error nothing was encrypted and no counter was used.
    pub(crate) fn encrypt_batch(
        &mut self,
        payloads: &[&[u8]],
        pad: bool,
        out: &mut [&mut [u8]],
        lens: &mut [usize],
    ) -> Result<(), Error> {
        Error::check_len(payloads.len(), out.len())?;
        Error::check_len(payloads.len(), lens.len())?;
        let mut bytes = 0usize;
        for (p, o) in payloads.iter().zip(out.iter()) {
            bytes = bytes.saturating_add(Session::check_room(p, pad, o)?);
        }
        let first = self.send_counter;
        let count = u64::try_from(payloads.len()).map_err(|_| Error::LimitExceeded)?;
        match first.checked_add(count) {
            Some(end) if end <= REJECT_AFTER_MESSAGES => self.send_counter = end,
            _ => return Err(Error::LimitExceeded),
        }
        // The counters are spent from here on, even if the AEAD failed internally.
        let this = &*self;
        let seal = |i: usize, o: &mut [u8], p: &[u8], l: &mut usize| {
            *l = this.seal_at(first + i as u64, p, pad, o)?;
            Ok::<(), Error>(())
        };
        if bytes >= PAR_BATCH_BYTES && payloads.len() > 1 {
            use rayon::prelude::*;
            out.par_iter_mut()
                .zip(payloads.par_iter())
                .zip(lens.par_iter_mut())
                .enumerate()
                .try_for_each(|(i, ((o, p), l))| seal(i, o, p, l))
        } else {
            out.iter_mut()
                .zip(payloads.iter())
                .zip(lens.iter_mut())
                .enumerate()
                .try_for_each(|(i, ((o, p), l))| seal(i, o, p, l))
        }
    }

    /// Checks the data message `msg` (addressed to this session) before decryption: the
    /// receiver, the counter limit, the replay window (nothing is recorded) and room for
    /// the plaintext in `out_len` bytes. Returns the counter.
    pub(crate) fn precheck(&self, msg: &[u8], out_len: usize) -> Result<u64, Error> {
        if data_receiver(msg)? != self.local_index {
            return Err(Error::InvalidCiphertext);
        }
        let counter = data_counter(msg);
        if counter >= REJECT_AFTER_MESSAGES {
            return Err(Error::LimitExceeded);
        }
        self.replay.check(counter)?;
        let len = msg.len() - DATA_OVERHEAD;
        if out_len < len {
            return Err(Error::BufferTooSmall {
                needed: len,
                got: out_len,
            });
        }
        Ok(counter)
    }

    /// Authenticates and decrypts `msg`, which passed [`Session::precheck`] with
    /// `counter`, into `out`; records nothing. Returns the plaintext length.
    pub(crate) fn open_at(&self, counter: u64, msg: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        let len = msg
            .len()
            .checked_sub(DATA_OVERHEAD)
            .ok_or(Error::InvalidLength {
                expected: DATA_OVERHEAD,
                got: msg.len(),
            })?;
        let got = out.len();
        let out = out
            .get_mut(..len)
            .ok_or(Error::BufferTooSmall { needed: len, got })?;
        crypto::open_with(&self.recv, counter, &msg[16..], &[], out)?;
        Ok(len)
    }

    /// Records an authenticated counter in the replay window ([`Error::Replayed`] if it
    /// was recorded since the check, e.g. a duplicate within one batch).
    pub(crate) fn accept(&mut self, counter: u64) -> Result<(), Error> {
        self.replay.accept(counter)
    }

    /// Authenticates and decrypts the data message `msg` (addressed to this session)
    /// into `out`; returns the plaintext length (0 for a keepalive). `Peer` runs the
    /// three steps itself (between them it checks the session's age).
    #[cfg(test)]
    pub(crate) fn decrypt(&mut self, msg: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        let counter = self.precheck(msg, out.len())?;
        let len = self.open_at(counter, msg, out)?;
        self.accept(counter)?;
        Ok(len)
    }
}

/// The counter of a data message that [`data_receiver`] accepted.
pub(crate) fn data_counter(msg: &[u8]) -> u64 {
    let mut c = [0u8; 8];
    c.copy_from_slice(&msg[8..16]);
    u64::from_le_bytes(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use zeroize::Zeroizing;

    fn pair() -> (Session, Session) {
        let k = |s: u8, r: u8| TransportKeys {
            send: Zeroizing::new([s; 32]),
            recv: Zeroizing::new([r; 32]),
        };
        (
            Session::new(k(1, 2), 10, 20, Duration::ZERO, true).unwrap(),
            Session::new(k(2, 1), 20, 10, Duration::ZERO, false).unwrap(),
        )
    }

    #[test]
    fn data_round_trip_padding_and_replay() {
        let (mut a, mut b) = pair();
        let mut wire = [0u8; 128];
        let n = a.encrypt(b"hello", true, &mut wire).unwrap();
        assert_eq!(n, 16 + 16 + 16);
        assert_eq!(
            &wire[..16],
            &[4, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        let mut out = [0u8; 64];
        let m = b.decrypt(&wire[..n], &mut out).unwrap();
        assert_eq!(&out[..m], b"hello\0\0\0\0\0\0\0\0\0\0\0");
        assert_eq!(b.decrypt(&wire[..n], &mut out), Err(Error::Replayed));
        // Keepalive: 32 bytes, empty plaintext.
        let n = a.encrypt(&[], true, &mut wire).unwrap();
        assert_eq!(n, 32);
        assert_eq!(b.decrypt(&wire[..n], &mut out), Ok(0));
        // A forged packet does not move the window.
        let n = a.encrypt(b"x", false, &mut wire).unwrap();
        wire[n - 1] ^= 1;
        assert_eq!(
            b.decrypt(&wire[..n], &mut out),
            Err(Error::DecryptionFailed)
        );
        wire[n - 1] ^= 1;
        assert_eq!(b.decrypt(&wire[..n], &mut out), Ok(1));
    }

    #[test]
    fn counters_near_reject_after_messages() {
        let (mut a, mut b) = pair();
        let mut wire = [0u8; 64];
        let mut out = [0u8; 64];
        a.set_send_counter(REJECT_AFTER_MESSAGES - 1);
        let n = a.encrypt(b"last", false, &mut wire).unwrap();
        assert_eq!(b.decrypt(&wire[..n], &mut out), Ok(4));
        assert_eq!(a.send_counter(), REJECT_AFTER_MESSAGES);
        assert_eq!(
            a.encrypt(b"one more", false, &mut wire),
            Err(Error::LimitExceeded)
        );
        // A received counter at the limit is refused before decryption.
        wire[8..16].copy_from_slice(&REJECT_AFTER_MESSAGES.to_le_bytes());
        assert_eq!(b.decrypt(&wire[..n], &mut out), Err(Error::LimitExceeded));
    }

    #[test]
    fn malformed_data_messages() {
        let (_, mut b) = pair();
        let mut out = [0u8; 64];
        assert!(matches!(
            b.decrypt(&[4, 0, 0, 0], &mut out),
            Err(Error::InvalidLength { .. })
        ));
        let mut wire = [0u8; 32];
        wire[0] = 4;
        wire[4] = 20;
        assert_eq!(b.decrypt(&wire, &mut out), Err(Error::DecryptionFailed));
        wire[1] = 1; // reserved byte set
        assert_eq!(b.decrypt(&wire, &mut out), Err(Error::InvalidCiphertext));
        wire[1] = 0;
        wire[4] = 21; // another session's index
        assert_eq!(b.decrypt(&wire, &mut out), Err(Error::InvalidCiphertext));
    }
}
