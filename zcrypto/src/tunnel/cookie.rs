//! `mac1`, `mac2` and the cookie reply (type 3, 64 bytes): WireGuard's DoS mitigation
//! (whitepaper §5.3 and §5.4.7).
//!
//! Every handshake message ends in `mac1 ‖ mac2`:
//!
//! * `mac1 = MAC(HASH(LABEL_MAC1 ‖ receiver's static public), msg[..mac1])` — always
//!   checked first, so a responder does no Diffie–Hellman for a sender that does not
//!   know its public key.
//! * `mac2 = MAC(cookie, msg[..mac2])`, or zeros when the sender holds no cookie
//!   younger than [`COOKIE_LIFETIME`]. Checked only when the receiver is under load.
//!
//! Under load, a message with a valid `mac1` but no valid `mac2` is answered with a
//! cookie reply instead: `cookie = MAC(R, source address)` with `R` a random secret
//! rotated every [`COOKIE_SECRET_LIFETIME`], sent as `XAEAD(HASH(LABEL_COOKIE ‖
//! responder's static public), nonce, cookie, mac1 of the message)`. The sender stores
//! the cookie and puts `mac2` on its next attempt, which proves it can receive at its
//! source address.

use core::time::Duration;

use zeroize::Zeroizing;

use super::crypto::{self, Key};
use super::noise::{COOKIE_REPLY_LEN, LABEL_COOKIE, LABEL_MAC1, TYPE_COOKIE_REPLY, message_type};
use crate::Error;
use crate::x25519::PublicKey;

/// How long a received cookie is used for `mac2` (whitepaper §5.4.7: 120 s).
pub const COOKIE_LIFETIME: Duration = Duration::from_secs(120);
/// How often the responder's cookie secret changes (whitepaper §5.4.7: 120 s).
pub const COOKIE_SECRET_LIFETIME: Duration = Duration::from_secs(120);

/// The two keys derived from one static public key.
struct MacKeys {
    mac1: [u8; 32],
    cookie: Key,
}

impl MacKeys {
    fn new(public: &PublicKey) -> MacKeys {
        MacKeys {
            mac1: crypto::hash(&[LABEL_MAC1, public.as_bytes()]),
            cookie: Zeroizing::new(crypto::hash(&[LABEL_COOKIE, public.as_bytes()])),
        }
    }
}

/// The receiving side: checks `mac1`/`mac2` of messages addressed to us and makes
/// cookie replies.
pub(crate) struct CookieChecker {
    keys: MacKeys,
    secret: Key,
    secret_born: Option<Duration>,
}

impl CookieChecker {
    /// A checker for messages addressed to `local` (our static public key).
    pub(crate) fn new(local: &PublicKey) -> CookieChecker {
        CookieChecker {
            keys: MacKeys::new(local),
            secret: Zeroizing::new([0; 32]),
            secret_born: None,
        }
    }

    /// Checks `mac1` (at `mac1_at`) in constant time: [`Error::InvalidSignature`] if wrong.
    pub(crate) fn check_mac1(&self, msg: &[u8], mac1_at: usize) -> Result<(), Error> {
        let expected = crypto::mac(&self.keys.mac1, &msg[..mac1_at]);
        if crypto::mac_eq(&expected, &msg[mac1_at..mac1_at + 16]) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// The current cookie for `source`, rotating the secret when it is too old.
    fn cookie(&mut self, source: &[u8], now: Duration) -> Result<[u8; 16], Error> {
        let fresh = self
            .secret_born
            .is_some_and(|born| now.saturating_sub(born) < COOKIE_SECRET_LIFETIME);
        if !fresh {
            *self.secret = crate::rand::array()?;
            self.secret_born = Some(now);
        }
        Ok(crypto::mac(&self.secret[..], source))
    }

    /// Whether `mac2` (right after `mac1`) is valid for `source` under the current secret.
    pub(crate) fn check_mac2(
        &mut self,
        msg: &[u8],
        mac1_at: usize,
        source: &[u8],
        now: Duration,
    ) -> Result<bool, Error> {
        let cookie = Zeroizing::new(self.cookie(source, now)?);
        let expected = crypto::mac(&cookie[..], &msg[..mac1_at + 16]);
        Ok(crypto::mac_eq(&expected, &msg[mac1_at + 16..mac1_at + 32]))
    }

    /// Writes the cookie reply to `msg` (whose `mac1` has been checked) into `out`.
    pub(crate) fn create_reply(
        &mut self,
        msg: &[u8],
        mac1_at: usize,
        source: &[u8],
        now: Duration,
        out: &mut [u8; COOKIE_REPLY_LEN],
    ) -> Result<(), Error> {
        let cookie = Zeroizing::new(self.cookie(source, now)?);
        let nonce: [u8; 24] = crate::rand::array()?;
        // The receiver of the reply is the sender index of the message (bytes 4..8).
        out[..4].copy_from_slice(&[TYPE_COOKIE_REPLY, 0, 0, 0]);
        out[4..8].copy_from_slice(&msg[4..8]);
        out[8..32].copy_from_slice(&nonce);
        let sealed = crypto::xseal(
            &self.keys.cookie,
            &nonce,
            &cookie,
            &msg[mac1_at..mac1_at + 16],
        )?;
        out[32..].copy_from_slice(&sealed);
        Ok(())
    }
}

/// The sending side: puts `mac1`/`mac2` on messages to the peer and keeps the cookie
/// the peer last sent.
pub(crate) struct CookieState {
    keys: MacKeys,
    cookie: Option<(Zeroizing<[u8; 16]>, Duration)>,
    last_mac1: Option<[u8; 16]>,
}

impl CookieState {
    /// MAC state for messages to `remote` (the peer's static public key).
    pub(crate) fn new(remote: &PublicKey) -> CookieState {
        CookieState {
            keys: MacKeys::new(remote),
            cookie: None,
            last_mac1: None,
        }
    }

    /// Fills `mac1` and `mac2` (at `mac1_at..mac1_at + 32`) of an outgoing message.
    pub(crate) fn add_macs(&mut self, msg: &mut [u8], mac1_at: usize, now: Duration) {
        let mac1 = crypto::mac(&self.keys.mac1, &msg[..mac1_at]);
        msg[mac1_at..mac1_at + 16].copy_from_slice(&mac1);
        self.last_mac1 = Some(mac1);
        let mac2 = match &self.cookie {
            Some((cookie, received)) if now.saturating_sub(*received) < COOKIE_LIFETIME => {
                crypto::mac(&cookie[..], &msg[..mac1_at + 16])
            }
            _ => [0; 16],
        };
        msg[mac1_at + 16..mac1_at + 32].copy_from_slice(&mac2);
    }

    /// Whether a cookie younger than [`COOKIE_LIFETIME`] is held.
    #[cfg(test)]
    pub(crate) fn has_cookie(&self, now: Duration) -> bool {
        matches!(&self.cookie, Some((_, t)) if now.saturating_sub(*t) < COOKIE_LIFETIME)
    }

    /// Decrypts a cookie reply to our last message and stores the cookie.
    pub(crate) fn consume_reply(
        &mut self,
        msg: &[u8; COOKIE_REPLY_LEN],
        now: Duration,
    ) -> Result<(), Error> {
        if message_type(msg)? != TYPE_COOKIE_REPLY {
            return Err(Error::InvalidCiphertext);
        }
        let last_mac1 = self.last_mac1.ok_or(Error::InvalidCiphertext)?;
        let mut nonce = [0u8; 24];
        nonce.copy_from_slice(&msg[8..32]);
        let mut sealed = [0u8; 32];
        sealed.copy_from_slice(&msg[32..]);
        let cookie = crypto::xopen(&self.keys.cookie, &nonce, &sealed, &last_mac1)?;
        self.cookie = Some((cookie, now));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::x25519::SecretKey;

    #[test]
    fn mac2_flow() {
        let responder = SecretKey::from_bytes([7; 32]).public_key();
        let mut checker = CookieChecker::new(&responder);
        let mut sender = CookieState::new(&responder);
        let now = Duration::from_secs(1000);
        let mut msg = [5u8; 148];
        sender.add_macs(&mut msg, 116, now);
        checker.check_mac1(&msg, 116).unwrap();
        assert_eq!(&msg[132..], &[0; 16]);
        assert!(
            !checker
                .check_mac2(&msg, 116, b"10.0.0.1:51820", now)
                .unwrap()
        );

        let mut reply = [0u8; COOKIE_REPLY_LEN];
        checker
            .create_reply(&msg, 116, b"10.0.0.1:51820", now, &mut reply)
            .unwrap();
        assert_eq!(&reply[4..8], &msg[4..8]);
        sender.consume_reply(&reply, now).unwrap();
        assert!(sender.has_cookie(now));
        sender.add_macs(&mut msg, 116, now);
        assert!(
            checker
                .check_mac2(&msg, 116, b"10.0.0.1:51820", now)
                .unwrap()
        );
        // The cookie is bound to the source address.
        assert!(
            !checker
                .check_mac2(&msg, 116, b"10.0.0.2:51820", now)
                .unwrap()
        );
        // A replayed reply no longer matches the new mac1 (the AAD).
        msg[0] = 6;
        sender.add_macs(&mut msg, 116, now);
        assert_eq!(
            sender.consume_reply(&reply, now),
            Err(Error::DecryptionFailed)
        );
        // Cookies expire on the sender and the secret rotates on the responder.
        let later = now + COOKIE_LIFETIME;
        assert!(!sender.has_cookie(later));
        sender.add_macs(&mut msg, 116, later);
        assert_eq!(&msg[132..], &[0; 16]);
    }

    #[test]
    fn wrong_mac1_is_refused() {
        let responder = SecretKey::from_bytes([7; 32]).public_key();
        let other = SecretKey::from_bytes([8; 32]).public_key();
        let checker = CookieChecker::new(&responder);
        let mut msg = [5u8; 92];
        CookieState::new(&other).add_macs(&mut msg, 60, Duration::ZERO);
        assert_eq!(checker.check_mac1(&msg, 60), Err(Error::InvalidSignature));
    }
}
