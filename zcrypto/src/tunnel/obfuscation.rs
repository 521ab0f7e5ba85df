//! Obfuscation of WireGuard datagrams against passive traffic classification (DPI):
//! keyed, reversible masking of the fixed header bytes, and padding to size buckets.
//!
//! WireGuard is easy to fingerprint on the wire: every message starts with
//! `[type, 0, 0, 0]` (type 1 to 4), handshake messages have fixed lengths (148, 92 and
//! 64 bytes), a handshake's `mac2` is 16 zero bytes unless a cookie is in play, and a
//! data message's length is 32 + a multiple of 16 with a visible, incrementing counter.
//! [`Obfuscator`] rewrites each datagram as
//!
//! ```text
//! salt (12) ‖ [ length (2) ‖ datagram ]  with the first 2 + 148 bytes XORed with ChaCha20(k, salt) ‖ padding
//! ```
//!
//! * `k` comes from a secret both ends share ([`Obfuscator::new`]), so only they can
//!   unmask; the masked prefix covers a whole handshake message and a data message's
//!   type, receiver index and counter. The rest of a data message is already
//!   ChaCha20-Poly1305 ciphertext.
//! * The salt is a keyed pseudo-random function of a per-sender counter under a key
//!   drawn at random for each `Obfuscator`, so salts never repeat for one sender and
//!   look random to an observer.
//! * The padding is keystream, so padded bytes look like the rest; the padded length
//!   is the smallest of the [`Buckets`] that fits (or the unpadded length above the
//!   largest bucket).
//!
//! **Not authentication.** Obfuscation hides the protocol from a passive observer; it
//! does not replace WireGuard's MACs. A datagram unmasked with the wrong key is
//! refused here when its length field is impossible, and otherwise by WireGuard itself
//! (its MAC1 or AEAD fails). An active prober who knows the key can still speak
//! WireGuard; keep the obfuscation secret as private as the pre-shared key.
//!
//! ```
//! use zcrypto::tunnel::obfuscation::{Buckets, Obfuscator};
//!
//! let secret = [9u8; 32];
//! let mut alice = Obfuscator::new(&secret, Buckets::default())?;
//! let bob = Obfuscator::new(&secret, Buckets::default())?;
//!
//! // A WireGuard handshake initiation (type 1, 148 bytes) leaves as 256 bytes.
//! let mut datagram = [0u8; 148];
//! datagram[0] = 1;
//! let mut wire = [0u8; 1500];
//! let n = alice.obfuscate(&datagram, &mut wire)?;
//! assert_eq!(n, 256);
//! assert_eq!(bob.deobfuscate(&mut wire[..n])?, &datagram[..]);
//! # Ok::<(), zcrypto::Error>(())
//! ```

use core::ops::Range;

use chacha20::ChaCha20;
use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
use zeroize::Zeroizing;

use crate::Error;
use crate::kdf::{HkdfAlg, Prk};

/// Bytes of salt in front of every obfuscated datagram.
pub const SALT_LEN: usize = 12;

/// Bytes added before padding: the salt and the 2-byte length.
pub const OVERHEAD: usize = SALT_LEN + 2;

/// How many bytes after the length field are masked: a whole handshake initiation.
pub const MASKED_LEN: usize = 148;

/// The largest datagram: the length field is 16 bits.
pub const MAX_DATAGRAM_LEN: usize = u16::MAX as usize;

const KDF_SALT: &[u8] = b"zcrypto tunnel obfuscation v1";

/// The sizes an obfuscated datagram is padded up to (strictly increasing, at most 16
/// sizes). The default, `[128, 256, 512, 1024, 1280, 1500]`, makes every handshake
/// message 128 or 256 bytes like small data packets, and full-MTU data 1500.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Buckets {
    sizes: [u16; 16],
    len: usize,
}

impl Buckets {
    /// No padding: only the masking.
    pub const NONE: Buckets = Buckets {
        sizes: [0; 16],
        len: 0,
    };

    /// Buckets of the given sizes: strictly increasing, 1 to 16 of them, each at most
    /// 65535 bytes; otherwise [`Error::InvalidEncoding`].
    pub fn new(sizes: &[u16]) -> Result<Buckets, Error> {
        if sizes.is_empty() || sizes.len() > 16 || sizes.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::InvalidEncoding);
        }
        let mut b = Buckets::NONE;
        b.sizes[..sizes.len()].copy_from_slice(sizes);
        b.len = sizes.len();
        Ok(b)
    }

    /// The bucket sizes.
    pub fn sizes(&self) -> &[u16] {
        &self.sizes[..self.len]
    }

    /// The padded size of `len` bytes: the smallest bucket that holds it, else `len`.
    pub fn padded(&self, len: usize) -> usize {
        self.sizes()
            .iter()
            .map(|&s| usize::from(s))
            .find(|&s| s >= len)
            .unwrap_or(len)
    }
}

impl Default for Buckets {
    fn default() -> Buckets {
        Buckets {
            sizes: [
                128, 256, 512, 1024, 1280, 1500, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            ],
            len: 6,
        }
    }
}

/// One end's obfuscation state: the shared masking key, its own salt key and counter,
/// and the padding buckets. `obfuscate` needs `&mut self` (the counter);
/// `deobfuscate` does not.
pub struct Obfuscator {
    mask_key: Zeroizing<[u8; 32]>,
    salt_key: Zeroizing<[u8; 32]>,
    counter: u64,
    buckets: Buckets,
}

impl core::fmt::Debug for Obfuscator {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Obfuscator")
            .field("buckets", &self.buckets)
            .finish_non_exhaustive()
    }
}

impl Obfuscator {
    /// An obfuscator keyed by `shared_secret` (the same 32 bytes at both ends, e.g.
    /// configured with the peer or derived from the pre-shared key by HKDF with a label
    /// of your own) padding to `buckets`. Its salt key is random
    /// ([`Error::RandomnessUnavailable`] without an OS random source).
    pub fn new(shared_secret: &[u8; 32], buckets: Buckets) -> Result<Obfuscator, Error> {
        let mut mask_key = Zeroizing::new([0u8; 32]);
        Prk::extract(HkdfAlg::Sha256, KDF_SALT, shared_secret)
            .expand(b"mask", &mut mask_key[..])?;
        Ok(Obfuscator {
            mask_key,
            salt_key: Zeroizing::new(crate::rand::array()?),
            counter: 0,
            buckets,
        })
    }

    /// The obfuscated size of a `datagram_len`-byte datagram.
    pub fn obfuscated_len(&self, datagram_len: usize) -> usize {
        self.buckets.padded(OVERHEAD + datagram_len)
    }

    /// Writes the obfuscated `datagram` to `out` and returns its length
    /// ([`obfuscated_len`](Self::obfuscated_len)). A datagram over
    /// [`MAX_DATAGRAM_LEN`] is [`Error::MessageTooLong`]; a short `out` is
    /// [`Error::BufferTooSmall`].
    pub fn obfuscate(&mut self, datagram: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        if datagram.len() > MAX_DATAGRAM_LEN {
            return Err(Error::MessageTooLong);
        }
        let total = self.obfuscated_len(datagram.len());
        if out.len() < total {
            return Err(Error::BufferTooSmall {
                needed: total,
                got: out.len(),
            });
        }
        // salt = ChaCha20(salt key, nonce = counter)[..12]: unique per counter.
        let mut nonce = [0u8; 12];
        nonce[4..].copy_from_slice(&self.counter.to_le_bytes());
        self.counter = self.counter.wrapping_add(1);
        let (salt, rest) = out[..total].split_at_mut(SALT_LEN);
        salt.fill(0);
        ChaCha20::new(&(*self.salt_key).into(), &nonce.into()).apply_keystream(salt);

        let end = 2 + datagram.len();
        rest[..2].copy_from_slice(&(datagram.len() as u16).to_be_bytes());
        rest[2..end].copy_from_slice(datagram);
        rest[end..].fill(0);
        let mut stream = self.stream(salt);
        let masked = masked_range(datagram.len());
        stream.apply_keystream(&mut rest[masked.clone()]);
        // The padding is keystream at its own offsets (after the datagram), never the
        // offsets used for the mask.
        stream.seek(end as u64);
        stream.apply_keystream(&mut rest[end..]);
        Ok(total)
    }

    /// Unmasks an obfuscated datagram in place and returns the WireGuard datagram
    /// inside it. Shorter than [`OVERHEAD`] is [`Error::InvalidLength`]; a length field
    /// beyond the packet (a wrong key, a truncated packet or noise) is
    /// [`Error::InvalidEncoding`], with the buffer left as it was.
    pub fn deobfuscate<'a>(&self, packet: &'a mut [u8]) -> Result<&'a [u8], Error> {
        if packet.len() < OVERHEAD {
            return Err(Error::InvalidLength {
                expected: OVERHEAD,
                got: packet.len(),
            });
        }
        let (salt, rest) = packet.split_at_mut(SALT_LEN);
        let mut stream = self.stream(salt);
        let mut len = [rest[0], rest[1]];
        stream.apply_keystream(&mut len);
        let len = usize::from(u16::from_be_bytes(len));
        if 2 + len > rest.len() {
            return Err(Error::InvalidEncoding);
        }
        stream.seek(0u64);
        stream.apply_keystream(&mut rest[masked_range(len)]);
        Ok(&rest[2..2 + len])
    }

    fn stream(&self, salt: &[u8]) -> ChaCha20 {
        let mut nonce = [0u8; 12];
        nonce.copy_from_slice(salt);
        ChaCha20::new(&(*self.mask_key).into(), &nonce.into())
    }
}

/// The masked bytes after the salt: the length field and up to [`MASKED_LEN`] bytes of
/// the datagram.
fn masked_range(datagram_len: usize) -> Range<usize> {
    0..2 + datagram_len.min(MASKED_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> (Obfuscator, Obfuscator) {
        let secret = crate::rand::array().unwrap();
        (
            Obfuscator::new(&secret, Buckets::default()).unwrap(),
            Obfuscator::new(&secret, Buckets::default()).unwrap(),
        )
    }

    #[test]
    fn round_trip_every_size_and_bucket() {
        let (mut a, b) = pair();
        let mut wire = vec![0u8; 70_000];
        for len in [
            0,
            1,
            32,
            64,
            92,
            148,
            200,
            1000,
            1420,
            1486,
            1487,
            3000,
            MAX_DATAGRAM_LEN,
        ] {
            let datagram: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let n = a.obfuscate(&datagram, &mut wire).unwrap();
            assert_eq!(n, a.obfuscated_len(len));
            let want = [128, 256, 512, 1024, 1280, 1500]
                .into_iter()
                .find(|&s| s >= len + OVERHEAD)
                .unwrap_or(len + OVERHEAD);
            assert_eq!(n, want, "datagram of {len}");
            assert_eq!(b.deobfuscate(&mut wire[..n]).unwrap(), &datagram[..]);
        }
    }

    /// The fingerprints are gone: no `[type, 0, 0, 0]` at the front, no fixed sizes,
    /// no zero `mac2`, and the same datagram never looks the same twice.
    #[test]
    fn hides_types_sizes_and_zero_runs() {
        let (mut a, _) = pair();
        let mut wire = [0u8; 1500];
        let mut firsts = Vec::new();
        for (ty, len) in [(1u8, 148usize), (2, 92), (3, 64), (4, 32)] {
            let mut datagram = vec![0u8; len];
            datagram[0] = ty;
            for _ in 0..8 {
                let n = a.obfuscate(&datagram, &mut wire).unwrap();
                assert!(n == 128 || n == 256);
                assert!(
                    !wire[..n].windows(8).any(|w| w == [0u8; 8]),
                    "a zero run leaked"
                );
                firsts.push(wire[..16].to_vec());
            }
        }
        firsts.sort();
        firsts.dedup();
        assert_eq!(firsts.len(), 32);
    }

    #[test]
    fn wrong_key_truncation_and_noise() {
        let (mut a, b) = pair();
        let other = Obfuscator::new(&[1; 32], Buckets::default()).unwrap();
        let datagram = [4u8; 100];
        let mut wire = [0u8; 1500];
        let n = a.obfuscate(&datagram, &mut wire).unwrap();
        // The wrong key yields an impossible length or a different datagram.
        let mut copy = wire;
        match other.deobfuscate(&mut copy[..n]) {
            Ok(d) => assert_ne!(d, &datagram[..]),
            Err(e) => assert_eq!(e, Error::InvalidEncoding),
        }
        // Truncated below the datagram: the length no longer fits.
        let mut copy = wire;
        assert_eq!(
            b.deobfuscate(&mut copy[..OVERHEAD + 99]),
            Err(Error::InvalidEncoding)
        );
        assert_eq!(
            &copy[..OVERHEAD + 99],
            &wire[..OVERHEAD + 99],
            "left as it was"
        );
        assert!(matches!(
            b.deobfuscate(&mut copy[..5]),
            Err(Error::InvalidLength { .. })
        ));
        // Noise never panics.
        for len in 0..300 {
            let mut noise = vec![0u8; len];
            crate::rand::fill(&mut noise).unwrap();
            let _ = b.deobfuscate(&mut noise);
        }
        assert_eq!(
            a.obfuscate(&vec![0; MAX_DATAGRAM_LEN + 1], &mut wire),
            Err(Error::MessageTooLong)
        );
        assert!(matches!(
            a.obfuscate(&[0; 200], &mut wire[..255]),
            Err(Error::BufferTooSmall { .. })
        ));
    }

    /// A real WireGuard handshake and data exchange, every datagram obfuscated on the
    /// way out and unmasked on the way in.
    #[test]
    fn wireguard_through_obfuscation() {
        use crate::tunnel::{Event, Peer, PeerConfig};
        use crate::x25519::SecretKey;
        use core::time::Duration;

        let (ka, kb) = (
            SecretKey::generate().unwrap(),
            SecretKey::generate().unwrap(),
        );
        let mut alice = Peer::new(PeerConfig::new(ka.clone(), kb.public_key()));
        let mut bob = Peer::new(PeerConfig::new(kb, ka.public_key()));
        let (mut oa, mut ob) = pair();
        let now = Duration::from_secs(1_700_000_000);
        let (mut wire, mut buf) = ([0u8; 1600], [0u8; 1600]);

        let init = alice.handshake_init(now).unwrap();
        let n = oa.obfuscate(&init, &mut wire).unwrap();
        let Event::HandshakeResponse(m) = bob
            .receive(ob.deobfuscate(&mut wire[..n]).unwrap(), now, &mut buf)
            .unwrap()
        else {
            panic!("no response")
        };
        let n = ob.obfuscate(&buf[..m], &mut wire).unwrap();
        let mut out = [0u8; 1600];
        let Event::HandshakeComplete(k) = alice
            .receive(oa.deobfuscate(&mut wire[..n]).unwrap(), now, &mut out)
            .unwrap()
        else {
            panic!("no session")
        };
        let n = oa.obfuscate(&out[..k], &mut wire).unwrap();
        assert_eq!(
            bob.receive(ob.deobfuscate(&mut wire[..n]).unwrap(), now, &mut buf),
            Ok(Event::Keepalive)
        );

        let m = alice.send(&[7u8; 1000], now, &mut out).unwrap();
        let n = oa.obfuscate(&out[..m], &mut wire).unwrap();
        assert_eq!(n, 1280);
        let Event::Data(d) = bob
            .receive(ob.deobfuscate(&mut wire[..n]).unwrap(), now, &mut buf)
            .unwrap()
        else {
            panic!("no data")
        };
        assert_eq!(&buf[..1000], &[7u8; 1000][..]);
        assert!(d >= 1000);
    }

    #[test]
    fn buckets_validate() {
        assert!(Buckets::new(&[]).is_err());
        assert!(Buckets::new(&[256, 128]).is_err());
        assert!(Buckets::new(&[128, 128]).is_err());
        let b = Buckets::new(&[100, 200]).unwrap();
        assert_eq!(
            (b.padded(50), b.padded(150), b.padded(250)),
            (100, 200, 250)
        );
        assert_eq!(Buckets::NONE.padded(77), 77);
    }
}
