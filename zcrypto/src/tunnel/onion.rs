//! Multi-hop onion layers: a packet wrapped for a path of up to [`MAX_HOPS`] relays,
//! each of which removes exactly one layer and learns only the hop before it (from the
//! network) and the hop after it (from its layer).
//!
//! A mesh VPN routes a tunnel's datagrams through relays so that no single relay sees
//! both ends. The construction is the Sphinx / Lightning (BOLT 4) layout on zcrypto
//! primitives — X25519, HKDF-SHA-256, HMAC-SHA-256 and the ChaCha20 keystream —
//! with a fresh ephemeral key per hop instead of Sphinx's blinded group element:
//!
//! ```text
//! packet = version (1) ‖ ephemeral public key (32) ‖ routing info (MAX_HOPS × 96) ‖ mac (32) ‖ body
//! ```
//!
//! * **Keys.** Hop *i* computes `ss = X25519(hop secret, ephemeral)` and from it, by
//!   HKDF, a routing-stream key ρ, a MAC key μ, a body-stream key π and a replay tag.
//! * **Routing info** is [`ROUTING_LEN`] bytes at every hop. The hop checks the MAC
//!   (HMAC-SHA-256 under μ over version, ephemeral key, routing info and body, constant
//!   time), appends 96 zero bytes, XORs the whole with ChaCha20(ρ) and reads its
//!   96-byte slot from the front: the next hop's 32-byte address, the next ephemeral
//!   key and the next MAC. The remaining [`ROUTING_LEN`] bytes are the next hop's
//!   routing info. A slot whose next MAC is all zeros marks the exit.
//! * **Body** — the payload behind a 2-byte length, padded to the fixed body size the
//!   sender chose — is XORed with ChaCha20(π) at every hop. The per-hop MAC covers the
//!   body, so a relay that alters it is caught by the next hop (no tagging attack).
//!
//! **What a hop learns.** Every hop sees a packet of the same length ([`HEADER_LEN`] +
//! body) and forwards one of the same length: the zero bytes shifted in at each hop
//! become keystream, and the sender pre-computes that "filler" so the MACs still hold,
//! so the routing info looks uniformly random wherever the hop sits on the path. A hop
//! cannot open any other hop's layer (its MAC check fails), sees a fresh ephemeral key
//! at every hop (packets are unlinkable across hops by their headers), and only the
//! exit sees the payload. Relays should drop a packet whose [`Peeled::replay_tag`]
//! they have seen before, for as long as their static key lives.
//!
//! **What it does not do.** The payload is confidential only against the relays, not
//! against the exit (put an end-to-end WireGuard session inside), and traffic timing
//! is not hidden.
//!
//! ```
//! use zcrypto::tunnel::onion::{self, Hop, Peeled};
//! use zcrypto::x25519::SecretKey;
//!
//! let keys: Vec<SecretKey> = (0..3).map(|_| SecretKey::generate()).collect::<Result<_, _>>()?;
//! let path: Vec<Hop> = keys
//!     .iter()
//!     .enumerate()
//!     .map(|(i, k)| Hop::new(k.public_key(), [i as u8; 32]))
//!     .collect();
//!
//! // Wrap 5 bytes into a 256-byte body; every hop sees HEADER_LEN + 256 bytes.
//! let mut packet = vec![0u8; onion::packet_len(256)];
//! onion::wrap(&path, b"hello", &mut packet)?;
//!
//! // Relays 0 and 1 forward (each learns only the next address); relay 2 is the exit.
//! assert!(matches!(onion::peel(&keys[0], &mut packet)?, Peeled::Forward { next_hop, .. } if next_hop == [1; 32]));
//! assert!(matches!(onion::peel(&keys[1], &mut packet)?, Peeled::Forward { next_hop, .. } if next_hop == [2; 32]));
//! let Peeled::Exit { payload, .. } = onion::peel(&keys[2], &mut packet)? else { panic!() };
//! assert_eq!(&packet[payload], b"hello");
//! # Ok::<(), zcrypto::Error>(())
//! ```

use core::ops::Range;

use chacha20::ChaCha20;
use chacha20::cipher::{KeyIvInit, StreamCipher};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::Error;
use crate::kdf::{HkdfAlg, Prk};
use crate::mac::{Hmac, HmacAlg};
use crate::x25519::{PublicKey, SecretKey};

/// The longest path: a packet carries this many 96-byte slots whatever its path length,
/// so its size does not reveal the path length either.
pub const MAX_HOPS: usize = 8;

/// Bytes per hop in the routing info: next address (32), next ephemeral key (32), next
/// MAC (32).
pub const SLOT_LEN: usize = 96;

/// Bytes of routing info in every packet.
pub const ROUTING_LEN: usize = MAX_HOPS * SLOT_LEN;

/// Bytes before the body: version, ephemeral key, routing info and MAC.
pub const HEADER_LEN: usize = 1 + 32 + ROUTING_LEN + 32;

/// The format version (the first byte of every packet).
pub const VERSION: u8 = 1;

/// The smallest body (the 2-byte payload length).
pub const MIN_BODY_LEN: usize = 2;

/// The largest body: the payload length is a 16-bit field.
pub const MAX_BODY_LEN: usize = 2 + u16::MAX as usize;

const EPH: Range<usize> = 1..33;
const ROUTING: Range<usize> = 33..33 + ROUTING_LEN;
const MAC: Range<usize> = 33 + ROUTING_LEN..HEADER_LEN;
const STREAM_LEN: usize = ROUTING_LEN + SLOT_LEN;
const KDF_SALT: &[u8] = b"zcrypto tunnel onion v1";

/// One relay on a path: its static X25519 public key, and the 32-byte address the
/// previous hop forwards to (an opaque identifier, e.g. the relay's public key or a
/// padded socket address; the exit's address is never sent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    /// The relay's static public key.
    pub public_key: PublicKey,
    /// Where the previous hop sends the packet.
    pub address: [u8; 32],
}

impl Hop {
    /// A relay with `public_key`, reached at `address`.
    pub fn new(public_key: PublicKey, address: [u8; 32]) -> Hop {
        Hop {
            public_key,
            address,
        }
    }
}

/// What [`peel`] found in this hop's layer. In both cases the packet buffer has been
/// rewritten in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Peeled {
    /// Send the (same-length) buffer on to `next_hop`.
    Forward {
        /// The next hop's address, as the sender gave it in [`Hop::address`].
        next_hop: [u8; 32],
        /// A value unique to this packet at this hop: drop packets whose tag was seen.
        replay_tag: [u8; 32],
    },
    /// This hop is the exit; the payload is `packet[payload]`.
    Exit {
        /// Where the payload lies in the buffer.
        payload: Range<usize>,
        /// A value unique to this packet at this hop: drop packets whose tag was seen.
        replay_tag: [u8; 32],
    },
}

/// The size of a packet whose body is `body_len` bytes (2 + the longest payload).
pub const fn packet_len(body_len: usize) -> usize {
    HEADER_LEN + body_len
}

/// The keys one hop derives from its shared secret.
struct HopKeys {
    rho: Zeroizing<[u8; 32]>,
    mu: Zeroizing<[u8; 32]>,
    pi: Zeroizing<[u8; 32]>,
    replay: [u8; 32],
}

impl HopKeys {
    fn derive(shared: &[u8; 32], ephemeral: &PublicKey, hop: &PublicKey) -> Result<HopKeys, Error> {
        let mut ikm = Zeroizing::new([0u8; 96]);
        ikm[..32].copy_from_slice(shared);
        ikm[32..64].copy_from_slice(ephemeral.as_bytes());
        ikm[64..].copy_from_slice(hop.as_bytes());
        let prk = Prk::extract(HkdfAlg::Sha256, KDF_SALT, &ikm[..]);
        let mut keys = HopKeys {
            rho: Zeroizing::new([0; 32]),
            mu: Zeroizing::new([0; 32]),
            pi: Zeroizing::new([0; 32]),
            replay: [0; 32],
        };
        prk.expand(b"rho", &mut keys.rho[..])?;
        prk.expand(b"mu", &mut keys.mu[..])?;
        prk.expand(b"pi", &mut keys.pi[..])?;
        prk.expand(b"replay", &mut keys.replay)?;
        Ok(keys)
    }

    /// The routing stream: ChaCha20(ρ) over `STREAM_LEN` bytes.
    fn routing_stream(&self) -> Zeroizing<[u8; STREAM_LEN]> {
        let mut s = Zeroizing::new([0u8; STREAM_LEN]);
        ChaCha20::new(&(*self.rho).into(), &[0u8; 12].into()).apply_keystream(&mut s[..]);
        s
    }

    /// XORs `body` with ChaCha20(π) (its own key, so no overlap with the routing stream).
    fn crypt_body(&self, body: &mut [u8]) {
        ChaCha20::new(&(*self.pi).into(), &[0u8; 12].into()).apply_keystream(body);
    }

    /// HMAC-SHA-256 under μ over the packet without its MAC field.
    fn mac(&self, packet: &[u8]) -> [u8; 32] {
        let mut m = Hmac::new(HmacAlg::Sha256, &self.mu[..]);
        m.update(&packet[..MAC.start]);
        m.update(&packet[HEADER_LEN..]);
        let mut out = [0u8; 32];
        out.copy_from_slice(m.finalize().as_bytes());
        out
    }
}

fn xor(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d ^= s;
    }
}

/// Wraps `payload` for `path` (1 to [`MAX_HOPS`] relays, first hop first) into `out`,
/// which must be exactly [`packet_len`]`(body_len)` bytes for a body of at least
/// `payload.len() + 2` bytes; choose one body size for all traffic so that packets do
/// not differ in size. Send `out` to `path[0]`.
///
/// Errors: an empty path or one longer than [`MAX_HOPS`] is [`Error::LimitExceeded`];
/// an `out` shorter than [`HEADER_LEN`] + the payload + 2, or a body longer than
/// [`MAX_BODY_LEN`], is [`Error::InvalidLength`]; a hop key of low order is
/// [`Error::WeakKey`].
pub fn wrap(path: &[Hop], payload: &[u8], out: &mut [u8]) -> Result<(), Error> {
    let n = path.len();
    if n == 0 || n > MAX_HOPS {
        return Err(Error::LimitExceeded);
    }
    let need = HEADER_LEN + MIN_BODY_LEN + payload.len();
    if out.len() < need {
        return Err(Error::InvalidLength {
            expected: need,
            got: out.len(),
        });
    }
    if out.len() - HEADER_LEN > MAX_BODY_LEN {
        return Err(Error::InvalidLength {
            expected: HEADER_LEN + MAX_BODY_LEN,
            got: out.len(),
        });
    }

    // A fresh ephemeral key per hop, and the keys it shares with that hop.
    let mut ephemerals = Vec::with_capacity(n);
    let mut keys = Vec::with_capacity(n);
    for hop in path {
        let e = SecretKey::generate()?;
        let shared = e.diffie_hellman(&hop.public_key)?;
        let e_pub = e.public_key();
        keys.push(HopKeys::derive(shared.as_bytes(), &e_pub, &hop.public_key)?);
        ephemerals.push(e_pub);
    }

    // The filler: the tail of the routing info that hops 0..n-1 shift in, so the
    // sender can MAC what each hop will see. φ₀ = ε; φᵢ₊₁ = (φᵢ ‖ 0⁹⁶) ⊕ Sᵢ[L−96i ..].
    let mut filler = Zeroizing::new([0u8; ROUTING_LEN]);
    for (i, k) in keys.iter().enumerate().take(n - 1) {
        let s = k.routing_stream();
        let len = (i + 1) * SLOT_LEN;
        xor(&mut filler[..len], &s[ROUTING_LEN - i * SLOT_LEN..]);
    }
    let filler_len = (n - 1) * SLOT_LEN;

    // The body: length ‖ payload ‖ zeros, then one stream layer per hop, last hop first.
    let (header, body) = out.split_at_mut(HEADER_LEN);
    body.fill(0);
    body[..2].copy_from_slice(&(payload.len() as u16).to_be_bytes());
    body[2..2 + payload.len()].copy_from_slice(payload);

    // Build the routing info from the exit backwards. The exit's slot is all zeros (a
    // zero next MAC marks the exit).
    let mut routing = Zeroizing::new([0u8; ROUTING_LEN]);
    {
        let s = keys[n - 1].routing_stream();
        let open = ROUTING_LEN - filler_len;
        routing[..open].copy_from_slice(&s[..open]);
        routing[open..].copy_from_slice(&filler[..filler_len]);
    }
    let mut next_mac = [0u8; 32];
    for i in (0..n).rev() {
        if i < n - 1 {
            // Rᵢ = (slotᵢ ‖ Rᵢ₊₁[..L−96]) ⊕ Sᵢ[..L].
            let s = keys[i].routing_stream();
            routing.copy_within(..ROUTING_LEN - SLOT_LEN, SLOT_LEN);
            routing[..32].copy_from_slice(&path[i + 1].address);
            routing[32..64].copy_from_slice(ephemerals[i + 1].as_bytes());
            routing[64..96].copy_from_slice(&next_mac);
            xor(&mut routing[..], &s[..ROUTING_LEN]);
        }
        keys[i].crypt_body(body);
        header[0] = VERSION;
        header[EPH].copy_from_slice(ephemerals[i].as_bytes());
        header[ROUTING].copy_from_slice(&routing[..]);
        header[MAC].fill(0);
        // The MAC covers the header without its MAC field, and the body.
        let mut m = Hmac::new(HmacAlg::Sha256, &keys[i].mu[..]);
        m.update(&header[..MAC.start]);
        m.update(body);
        next_mac.copy_from_slice(m.finalize().as_bytes());
    }
    header[MAC].copy_from_slice(&next_mac);
    Ok(())
}

/// Removes this hop's layer from `packet` in place, with the relay's static key.
///
/// On [`Peeled::Forward`] the buffer is the next hop's packet (same length); on
/// [`Peeled::Exit`] it holds the payload at the returned range. On error the buffer is
/// left as it was.
///
/// Errors: a packet shorter than [`HEADER_LEN`] + 2 is [`Error::InvalidLength`]; an
/// unknown version byte or a payload length beyond the body is
/// [`Error::InvalidEncoding`]; a MAC that does not verify (a layer for another hop, or
/// a packet altered on the way) is [`Error::InvalidSignature`]; a low-order ephemeral
/// key is [`Error::WeakKey`].
pub fn peel(key: &SecretKey, packet: &mut [u8]) -> Result<Peeled, Error> {
    if packet.len() < HEADER_LEN + MIN_BODY_LEN {
        return Err(Error::InvalidLength {
            expected: HEADER_LEN + MIN_BODY_LEN,
            got: packet.len(),
        });
    }
    if packet[0] != VERSION {
        return Err(Error::InvalidEncoding);
    }
    let mut eph = [0u8; 32];
    eph.copy_from_slice(&packet[EPH]);
    let eph = PublicKey::from_bytes(eph);
    let shared = key.diffie_hellman(&eph)?;
    let keys = HopKeys::derive(shared.as_bytes(), &eph, &key.public_key())?;
    if !bool::from(keys.mac(packet).ct_eq(&packet[MAC])) {
        return Err(Error::InvalidSignature);
    }

    // (Rᵢ ‖ 0⁹⁶) ⊕ Sᵢ = slot ‖ Rᵢ₊₁.
    let mut b = keys.routing_stream();
    xor(&mut b[..ROUTING_LEN], &packet[ROUTING]);
    let (slot, next_routing) = b.split_at(SLOT_LEN);
    let (body_start, body_len) = (HEADER_LEN, packet.len() - HEADER_LEN);
    let exit = bool::from(slot[64..96].ct_eq(&[0u8; 32]));
    if exit {
        // Decrypt a copy of the two length bytes first so a bad length leaves the
        // buffer untouched.
        let mut head = [packet[body_start], packet[body_start + 1]];
        ChaCha20::new(&(*keys.pi).into(), &[0u8; 12].into()).apply_keystream(&mut head);
        let len = usize::from(u16::from_be_bytes(head));
        if len > body_len - MIN_BODY_LEN {
            return Err(Error::InvalidEncoding);
        }
        keys.crypt_body(&mut packet[body_start..]);
        return Ok(Peeled::Exit {
            payload: body_start + 2..body_start + 2 + len,
            replay_tag: keys.replay,
        });
    }
    let mut next_hop = [0u8; 32];
    next_hop.copy_from_slice(&slot[..32]);
    packet[EPH].copy_from_slice(&slot[32..64]);
    packet[MAC].copy_from_slice(&slot[64..96]);
    packet[ROUTING].copy_from_slice(next_routing);
    keys.crypt_body(&mut packet[body_start..]);
    Ok(Peeled::Forward {
        next_hop,
        replay_tag: keys.replay,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relays(n: usize) -> (Vec<SecretKey>, Vec<Hop>) {
        let keys: Vec<SecretKey> = (0..n).map(|_| SecretKey::generate().unwrap()).collect();
        let path = keys
            .iter()
            .enumerate()
            .map(|(i, k)| Hop::new(k.public_key(), [i as u8 + 1; 32]))
            .collect();
        (keys, path)
    }

    /// Every path length from 1 to MAX_HOPS: each hop forwards to the right neighbour
    /// with a packet of the same length, and only the exit gets the payload.
    #[test]
    fn every_path_length_delivers() {
        for n in 1..=MAX_HOPS {
            let (keys, path) = relays(n);
            let payload: Vec<u8> = (0..100u8).collect();
            let mut packet = vec![0u8; packet_len(1200)];
            wrap(&path, &payload, &mut packet).unwrap();
            let mut tags = Vec::new();
            for (i, key) in keys.iter().enumerate() {
                let len = packet.len();
                match peel(key, &mut packet).unwrap() {
                    Peeled::Forward {
                        next_hop,
                        replay_tag,
                    } => {
                        assert!(i < n - 1, "hop {i} of {n} forwarded");
                        assert_eq!(next_hop, path[i + 1].address);
                        assert_eq!(packet.len(), len);
                        tags.push(replay_tag);
                    }
                    Peeled::Exit {
                        payload: r,
                        replay_tag,
                    } => {
                        assert_eq!(i, n - 1, "hop {i} of {n} was the exit");
                        assert_eq!(&packet[r], &payload[..]);
                        tags.push(replay_tag);
                    }
                }
            }
            tags.sort();
            tags.dedup();
            assert_eq!(tags.len(), n, "replay tags differ per hop");
        }
    }

    /// A hop can peel only its own layer: every other relay's key fails the MAC, and
    /// the failed attempt leaves the packet intact for the right hop.
    #[test]
    fn each_hop_peels_only_its_layer() {
        let (keys, path) = relays(4);
        let mut packet = vec![0u8; packet_len(300)];
        wrap(&path, b"secret", &mut packet).unwrap();
        for i in 0..4 {
            for (j, other) in keys.iter().enumerate() {
                if j != i {
                    let before = packet.clone();
                    assert_eq!(peel(other, &mut packet), Err(Error::InvalidSignature));
                    assert_eq!(packet, before);
                }
            }
            peel(&keys[i], &mut packet).unwrap();
        }
    }

    /// The packet each hop sees has the same length, a fresh ephemeral key, and no
    /// payload bytes in the clear.
    #[test]
    fn hops_cannot_tell_position_or_link_packets() {
        let (keys, path) = relays(MAX_HOPS);
        let payload = [0x41u8; 64];
        let mut packet = vec![0u8; packet_len(128)];
        wrap(&path, &payload, &mut packet).unwrap();
        let mut seen = Vec::new();
        for key in &keys[..MAX_HOPS - 1] {
            assert_eq!(packet.len(), packet_len(128));
            assert!(!packet.windows(16).any(|w| w == &payload[..16]));
            // The routing tail is never a run of zeros (the filler is keystream).
            assert_ne!(
                &packet[MAC.start - SLOT_LEN..MAC.start],
                &[0u8; SLOT_LEN][..]
            );
            seen.push(packet[EPH].to_vec());
            peel(key, &mut packet).unwrap();
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), MAX_HOPS - 1);
    }

    /// Any flipped bit — version, ephemeral key, routing info, MAC or body — is refused
    /// by the next hop.
    #[test]
    fn tampering_is_caught_by_the_next_hop() {
        let (keys, path) = relays(3);
        let mut clean = vec![0u8; packet_len(64)];
        wrap(&path, b"x", &mut clean).unwrap();
        peel(&keys[0], &mut clean).unwrap();
        for pos in [
            0,
            1,
            40,
            33 + ROUTING_LEN - 1,
            MAC.start + 3,
            HEADER_LEN,
            HEADER_LEN + 63,
        ] {
            let mut p = clean.clone();
            p[pos] ^= 0x04;
            assert!(peel(&keys[1], &mut p).is_err(), "bit flip at {pos}");
        }
        // The untouched packet still goes through.
        assert!(matches!(
            peel(&keys[1], &mut clean),
            Ok(Peeled::Forward { .. })
        ));
    }

    #[test]
    fn bad_sizes_and_paths() {
        let (keys, path) = relays(MAX_HOPS + 1);
        let mut packet = vec![0u8; packet_len(64)];
        assert_eq!(wrap(&path, b"x", &mut packet), Err(Error::LimitExceeded));
        assert_eq!(wrap(&[], b"x", &mut packet), Err(Error::LimitExceeded));
        assert!(matches!(
            wrap(&path[..2], &[0; 63], &mut packet),
            Err(Error::InvalidLength { .. })
        ));
        wrap(&path[..2], &[0; 62], &mut packet).unwrap();
        let mut short = packet[..HEADER_LEN + 1].to_vec();
        assert!(matches!(
            peel(&keys[0], &mut short),
            Err(Error::InvalidLength { .. })
        ));
        let mut truncated = packet[..packet.len() - 1].to_vec();
        assert_eq!(peel(&keys[0], &mut truncated), Err(Error::InvalidSignature));
        packet[0] = 2;
        assert_eq!(peel(&keys[0], &mut packet), Err(Error::InvalidEncoding));
        // A low-order ephemeral key is refused before any MAC work.
        packet[0] = VERSION;
        packet[EPH].fill(0);
        assert_eq!(peel(&keys[0], &mut packet), Err(Error::WeakKey));
    }

    #[test]
    fn random_bytes_never_panic() {
        let key = SecretKey::generate().unwrap();
        for i in 0..200usize {
            let len = [0, 1, HEADER_LEN, HEADER_LEN + 2, HEADER_LEN + 100][i % 5];
            let mut p = vec![0u8; len];
            crate::rand::fill(&mut p).unwrap();
            if let Some(b) = p.first_mut() {
                *b = VERSION;
            }
            let _ = peel(&key, &mut p);
        }
    }
}
