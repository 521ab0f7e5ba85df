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
        let body = if pad {
            padded_len(payload.len())
        } else {
            payload.len()
        };
        let needed = body
            .checked_add(DATA_OVERHEAD)
            .ok_or(Error::MessageTooLong)?;
        if out.len() < needed {
            return Err(Error::BufferTooSmall {
                needed,
                got: out.len(),
            });
        }
        let counter = self.send_counter;
        out[..4].copy_from_slice(&[TYPE_DATA, 0, 0, 0]);
        out[4..8].copy_from_slice(&self.remote_index.to_le_bytes());
        out[8..16].copy_from_slice(&counter.to_le_bytes());
        out[16..16 + payload.len()].copy_from_slice(payload);
        out[16 + payload.len()..16 + body].fill(0);
        crypto::seal_with(&self.send, counter, &mut out[16..needed], body)?;
        self.send_counter += 1;
        Ok(needed)
    }

    /// Authenticates and decrypts the data message `msg` (addressed to this session)
    /// into `out`; returns the plaintext length (0 for a keepalive).
    pub(crate) fn decrypt(&mut self, msg: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        if data_receiver(msg)? != self.local_index {
            return Err(Error::InvalidCiphertext);
        }
        let mut c = [0u8; 8];
        c.copy_from_slice(&msg[8..16]);
        let counter = u64::from_le_bytes(c);
        if counter >= REJECT_AFTER_MESSAGES {
            return Err(Error::LimitExceeded);
        }
        self.replay.check(counter)?;
        let len = msg.len() - DATA_OVERHEAD;
        if out.len() < len {
            return Err(Error::BufferTooSmall {
                needed: len,
                got: out.len(),
            });
        }
        crypto::open_with(&self.recv, counter, &msg[16..], &[], &mut out[..len])?;
        self.replay.accept(counter)?;
        Ok(len)
    }
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
