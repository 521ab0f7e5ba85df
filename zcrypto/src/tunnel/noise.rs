//! The Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s handshake exactly as WireGuard runs it
//! (whitepaper §5.4.2–§5.4.5): the initiation (type 1, 148 bytes), the response
//! (type 2, 92 bytes) and the derivation of the two transport keys.
//!
//! These functions build and check the Noise fields (everything before `mac1`). The
//! `mac1`/`mac2` trailer is added and checked by [`cookie`](super::cookie), the state
//! around them (indices, sessions, timers) lives in [`Peer`](super::Peer). Ephemeral
//! keys, indices and timestamps are parameters, so a transcript is reproducible.

use core::time::Duration;

use zeroize::Zeroizing;

use super::crypto::{self, Key};
use crate::Error;
use crate::x25519::{PublicKey, SecretKey, SharedSecret};

/// The Noise protocol name, hashed into the initial chaining key.
pub const CONSTRUCTION: &[u8] = b"Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s";
/// WireGuard's Noise prologue.
pub const IDENTIFIER: &[u8] = b"WireGuard v1 zx2c4 Jason@zx2c4.com";
/// The label of the `mac1` key: `HASH(LABEL_MAC1 ‖ receiver's static public key)`.
pub const LABEL_MAC1: &[u8] = b"mac1----";
/// The label of the cookie key: `HASH(LABEL_COOKIE ‖ sender's static public key)`.
pub const LABEL_COOKIE: &[u8] = b"cookie--";

/// Message type 1: handshake initiation.
pub const TYPE_INITIATION: u8 = 1;
/// Message type 2: handshake response.
pub const TYPE_RESPONSE: u8 = 2;
/// Message type 3: cookie reply.
pub const TYPE_COOKIE_REPLY: u8 = 3;
/// Message type 4: transport data.
pub const TYPE_DATA: u8 = 4;

/// Length of a handshake initiation.
pub const INITIATION_LEN: usize = 148;
/// Length of a handshake response.
pub const RESPONSE_LEN: usize = 92;
/// Length of a cookie reply.
pub const COOKIE_REPLY_LEN: usize = 64;

/// Length of a TAI64N timestamp.
pub const TIMESTAMP_LEN: usize = 12;

/// A TAI64N timestamp: 8 bytes big-endian seconds (TAI64 label 2^62 + 10, as in the
/// Linux and Go implementations) ‖ 4 bytes big-endian nanoseconds. Byte order is
/// numeric order, so timestamps compare as arrays.
pub fn tai64n(since_unix_epoch: Duration) -> [u8; TIMESTAMP_LEN] {
    let mut t = [0u8; TIMESTAMP_LEN];
    let secs = 0x4000_0000_0000_000a_u64.wrapping_add(since_unix_epoch.as_secs());
    t[..8].copy_from_slice(&secs.to_be_bytes());
    t[8..].copy_from_slice(&since_unix_epoch.subsec_nanos().to_be_bytes());
    t
}

/// Offsets in an initiation: type ‖ 3 reserved ‖ sender ‖ ephemeral ‖ static ‖ timestamp.
const I_SENDER: usize = 4;
const I_EPHEMERAL: usize = 8;
const I_STATIC: usize = 40;
const I_TIMESTAMP: usize = 88;
/// Where `mac1` starts in an initiation.
pub(crate) const I_MAC1: usize = 116;

/// Offsets in a response: type ‖ 3 reserved ‖ sender ‖ receiver ‖ ephemeral ‖ empty.
const R_SENDER: usize = 4;
const R_RECEIVER: usize = 8;
const R_EPHEMERAL: usize = 12;
const R_EMPTY: usize = 44;
/// Where `mac1` starts in a response.
pub(crate) const R_MAC1: usize = 60;

/// The two transport keys a handshake derives, from this side's point of view.
pub(crate) struct TransportKeys {
    pub(crate) send: Key,
    pub(crate) recv: Key,
}

/// What the initiator keeps between sending the initiation and receiving the response.
pub(crate) struct InitiatorState {
    pub(crate) local_index: u32,
    ephemeral: SecretKey,
    chaining: Key,
    hash: Key,
}

/// A verified initiation, before the response is built.
pub(crate) struct ConsumedInitiation {
    pub(crate) remote_index: u32,
    pub(crate) remote_static: PublicKey,
    pub(crate) timestamp: [u8; TIMESTAMP_LEN],
    remote_ephemeral: PublicKey,
    chaining: Key,
    hash: Key,
}

/// The state before the first message: `C = HASH(CONSTRUCTION)`,
/// `H = HASH(HASH(C ‖ IDENTIFIER) ‖ responder static)`. It depends on the responder's
/// static public key alone, so a [`Peer`](super::Peer) computes it once per direction
/// instead of three BLAKE2s per initiation on each side. It keeps that key, so an
/// initiation cannot be started from one key's state and sent to another.
pub(crate) struct InitialState {
    responder: PublicKey,
    chaining: Key,
    hash: Key,
}

impl InitialState {
    pub(crate) fn new(responder_static: &PublicKey) -> InitialState {
        let c = crypto::hash(&[CONSTRUCTION]);
        let h = crypto::hash(&[
            &crypto::hash(&[&c, IDENTIFIER]),
            responder_static.as_bytes(),
        ]);
        InitialState {
            responder: *responder_static,
            chaining: Zeroizing::new(c),
            hash: Zeroizing::new(h),
        }
    }

    fn start(&self) -> (Key, Key) {
        (self.chaining.clone(), self.hash.clone())
    }
}

/// `H = HASH(H ‖ data)`.
fn mix_hash(h: &mut Key, data: &[u8]) {
    **h = crypto::hash(&[&h[..], data]);
}

/// The message type of the first byte with the three reserved bytes zero, or an error.
pub(crate) fn message_type(msg: &[u8]) -> Result<u8, Error> {
    match msg {
        [t @ 1..=4, 0, 0, 0, ..] => Ok(*t),
        [_, _, _, _, ..] => Err(Error::InvalidCiphertext),
        _ => Err(Error::InvalidLength {
            expected: 4,
            got: msg.len(),
        }),
    }
}

fn le32(b: &[u8]) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[..4]);
    u32::from_le_bytes(a)
}

/// Writes the Noise part (bytes `0..116`) of an initiation into `msg` for the responder
/// whose [`InitialState`] is `initial`. `static_static`
/// is `DH(S_priv_i, S_pub_r)` if the caller computed it once (it never changes for a
/// pair of peers, and saves one X25519 per handshake), else `None`.
pub(crate) fn create_initiation(
    initial: &InitialState,
    local_static: &SecretKey,
    static_static: Option<&SharedSecret>,
    ephemeral: SecretKey,
    local_index: u32,
    timestamp: &[u8; TIMESTAMP_LEN],
    msg: &mut [u8; INITIATION_LEN],
) -> Result<InitiatorState, Error> {
    let (mut c, mut h) = initial.start();
    let remote_static = &initial.responder;
    let e_pub = ephemeral.public_key();
    msg[..4].copy_from_slice(&[TYPE_INITIATION, 0, 0, 0]);
    msg[I_SENDER..I_EPHEMERAL].copy_from_slice(&local_index.to_le_bytes());
    msg[I_EPHEMERAL..I_STATIC].copy_from_slice(e_pub.as_bytes());
    // C = KDF1(C, E_pub); H = HASH(H ‖ E_pub)
    [c] = crypto::kdf::<1>(&c, e_pub.as_bytes());
    mix_hash(&mut h, e_pub.as_bytes());
    // (C, k) = KDF2(C, DH(E_priv, S_pub_r)); static = AEAD(k, 0, S_pub_i, H)
    let es = ephemeral.diffie_hellman(remote_static)?;
    let [c2, k] = crypto::kdf::<2>(&c, es.as_bytes());
    c = c2;
    crypto::seal(
        &k,
        0,
        local_static.public_key().as_bytes(),
        &h[..],
        &mut msg[I_STATIC..I_TIMESTAMP],
    )?;
    mix_hash(&mut h, &msg[I_STATIC..I_TIMESTAMP]);
    // (C, k) = KDF2(C, DH(S_priv_i, S_pub_r)); timestamp = AEAD(k, 0, TAI64N, H)
    let computed;
    let ss = match static_static {
        Some(ss) => ss,
        None => {
            computed = local_static.diffie_hellman(remote_static)?;
            &computed
        }
    };
    let [c3, k] = crypto::kdf::<2>(&c, ss.as_bytes());
    c = c3;
    crypto::seal(&k, 0, timestamp, &h[..], &mut msg[I_TIMESTAMP..I_MAC1])?;
    mix_hash(&mut h, &msg[I_TIMESTAMP..I_MAC1]);
    Ok(InitiatorState {
        local_index,
        ephemeral,
        chaining: c,
        hash: h,
    })
}

/// Checks and decrypts the Noise part of an initiation addressed to `local_static`.
/// `mac1` must have been checked already. The caller checks that the initiator's
/// static key is a known peer and that the timestamp is new. `known` is a peer's
/// static key with its precomputed `DH(S_priv_r, S_pub_i)`, used if the initiation
/// comes from that key. `initial` is [`InitialState::new`] of our static public key.
pub(crate) fn consume_initiation(
    initial: &InitialState,
    local_static: &SecretKey,
    known: Option<(&PublicKey, &SharedSecret)>,
    msg: &[u8; INITIATION_LEN],
) -> Result<ConsumedInitiation, Error> {
    if message_type(msg)? != TYPE_INITIATION {
        return Err(Error::InvalidCiphertext);
    }
    let (mut c, mut h) = initial.start();
    let remote_index = le32(&msg[I_SENDER..]);
    let e_pub = PublicKey::try_from_slice(&msg[I_EPHEMERAL..I_STATIC])?;
    [c] = crypto::kdf::<1>(&c, e_pub.as_bytes());
    mix_hash(&mut h, e_pub.as_bytes());
    let es = local_static.diffie_hellman(&e_pub)?;
    let [c2, k] = crypto::kdf::<2>(&c, es.as_bytes());
    c = c2;
    let mut s_pub = [0u8; 32];
    crypto::open(&k, 0, &msg[I_STATIC..I_TIMESTAMP], &h[..], &mut s_pub)?;
    let remote_static = PublicKey::from_bytes(s_pub);
    mix_hash(&mut h, &msg[I_STATIC..I_TIMESTAMP]);
    let computed;
    let ss = match known {
        Some((key, ss)) if *key == remote_static => ss,
        _ => {
            computed = local_static.diffie_hellman(&remote_static)?;
            &computed
        }
    };
    let [c3, k] = crypto::kdf::<2>(&c, ss.as_bytes());
    c = c3;
    let mut timestamp = [0u8; TIMESTAMP_LEN];
    crypto::open(&k, 0, &msg[I_TIMESTAMP..I_MAC1], &h[..], &mut timestamp)?;
    mix_hash(&mut h, &msg[I_TIMESTAMP..I_MAC1]);
    Ok(ConsumedInitiation {
        remote_index,
        remote_static,
        timestamp,
        remote_ephemeral: e_pub,
        chaining: c,
        hash: h,
    })
}

/// Writes the Noise part (bytes `0..60`) of the response to `init` and returns the
/// responder's transport keys.
pub(crate) fn create_response(
    init: ConsumedInitiation,
    psk: &[u8; 32],
    ephemeral: SecretKey,
    local_index: u32,
    msg: &mut [u8; RESPONSE_LEN],
) -> Result<TransportKeys, Error> {
    let ConsumedInitiation {
        remote_index,
        remote_static,
        remote_ephemeral,
        chaining: mut c,
        hash: mut h,
        ..
    } = init;
    let e_pub = ephemeral.public_key();
    msg[..4].copy_from_slice(&[TYPE_RESPONSE, 0, 0, 0]);
    msg[R_SENDER..R_RECEIVER].copy_from_slice(&local_index.to_le_bytes());
    msg[R_RECEIVER..R_EPHEMERAL].copy_from_slice(&remote_index.to_le_bytes());
    msg[R_EPHEMERAL..R_EMPTY].copy_from_slice(e_pub.as_bytes());
    [c] = crypto::kdf::<1>(&c, e_pub.as_bytes());
    mix_hash(&mut h, e_pub.as_bytes());
    // C = KDF1(C, DH(E_priv_r, E_pub_i)); C = KDF1(C, DH(E_priv_r, S_pub_i))
    [c] = crypto::kdf::<1>(&c, ephemeral.diffie_hellman(&remote_ephemeral)?.as_bytes());
    [c] = crypto::kdf::<1>(&c, ephemeral.diffie_hellman(&remote_static)?.as_bytes());
    // (C, τ, k) = KDF3(C, Q); H = HASH(H ‖ τ); empty = AEAD(k, 0, ε, H)
    let [c2, tau, k] = crypto::kdf::<3>(&c, psk);
    c = c2;
    mix_hash(&mut h, &tau[..]);
    crypto::seal(&k, 0, &[], &h[..], &mut msg[R_EMPTY..R_MAC1])?;
    // (T_recv_r, T_send_r) = KDF2(C, ε)
    let [recv, send] = crypto::kdf::<2>(&c, &[]);
    Ok(TransportKeys { send, recv })
}

/// The sender index of a response (for the caller's session table).
pub(crate) fn response_receiver(msg: &[u8; RESPONSE_LEN]) -> u32 {
    le32(&msg[R_RECEIVER..])
}

/// Checks the Noise part of a response to `state` and returns the responder's index and
/// the initiator's transport keys. `state` is left untouched, so a forged response
/// cannot cancel the handshake.
pub(crate) fn consume_response(
    state: &InitiatorState,
    local_static: &SecretKey,
    psk: &[u8; 32],
    msg: &[u8; RESPONSE_LEN],
) -> Result<(u32, TransportKeys), Error> {
    if message_type(msg)? != TYPE_RESPONSE || response_receiver(msg) != state.local_index {
        return Err(Error::InvalidCiphertext);
    }
    let remote_index = le32(&msg[R_SENDER..]);
    let e_pub = PublicKey::try_from_slice(&msg[R_EPHEMERAL..R_EMPTY])?;
    let mut c = state.chaining.clone();
    let mut h = state.hash.clone();
    [c] = crypto::kdf::<1>(&c, e_pub.as_bytes());
    mix_hash(&mut h, e_pub.as_bytes());
    [c] = crypto::kdf::<1>(&c, state.ephemeral.diffie_hellman(&e_pub)?.as_bytes());
    [c] = crypto::kdf::<1>(&c, local_static.diffie_hellman(&e_pub)?.as_bytes());
    let [c2, tau, k] = crypto::kdf::<3>(&c, psk);
    c = c2;
    mix_hash(&mut h, &tau[..]);
    crypto::open(&k, 0, &msg[R_EMPTY..R_MAC1], &h[..], &mut [])?;
    // (T_send_i, T_recv_i) = KDF2(C, ε)
    let [send, recv] = crypto::kdf::<2>(&c, &[]);
    Ok((remote_index, TransportKeys { send, recv }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> (SecretKey, SecretKey) {
        (
            SecretKey::from_bytes([1; 32]),
            SecretKey::from_bytes([2; 32]),
        )
    }

    fn run(psk: &[u8; 32]) -> ([u8; 148], [u8; 92], TransportKeys, TransportKeys) {
        let (i, r) = keys();
        let mut init = [0u8; INITIATION_LEN];
        let ts = tai64n(Duration::from_secs(1_700_000_000));
        let st = create_initiation(
            &InitialState::new(&r.public_key()),
            &i,
            None,
            SecretKey::from_bytes([3; 32]),
            0x11,
            &ts,
            &mut init,
        )
        .unwrap();
        let consumed =
            consume_initiation(&InitialState::new(&r.public_key()), &r, None, &init).unwrap();
        // With the static-static DH precomputed, the same result.
        let ss = r.diffie_hellman(&i.public_key()).unwrap();
        let again = consume_initiation(
            &InitialState::new(&r.public_key()),
            &r,
            Some((&i.public_key(), &ss)),
            &init,
        )
        .unwrap();
        assert_eq!(*again.chaining, *consumed.chaining);
        assert_eq!(*again.hash, *consumed.hash);
        assert_eq!(consumed.remote_static, i.public_key());
        assert_eq!(consumed.timestamp, ts);
        assert_eq!(consumed.remote_index, 0x11);
        let mut resp = [0u8; RESPONSE_LEN];
        let rk = create_response(
            consumed,
            psk,
            SecretKey::from_bytes([4; 32]),
            0x22,
            &mut resp,
        )
        .unwrap();
        let (idx, ik) = consume_response(&st, &i, psk, &resp).unwrap();
        assert_eq!(idx, 0x22);
        assert_eq!(*ik.send, *rk.recv);
        assert_eq!(*ik.recv, *rk.send);
        assert_ne!(*ik.send, *ik.recv);
        (init, resp, ik, rk)
    }

    #[test]
    fn transcript_is_deterministic_given_ephemerals() {
        let (i1, r1, k1, _) = run(&[0; 32]);
        let (i2, r2, k2, _) = run(&[0; 32]);
        assert_eq!(i1, i2);
        assert_eq!(r1, r2);
        assert_eq!(*k1.send, *k2.send);
        // The layouts: type, zero reserved bytes, little-endian indices.
        assert_eq!(&i1[..8], &[1, 0, 0, 0, 0x11, 0, 0, 0]);
        assert_eq!(&r1[..12], &[2, 0, 0, 0, 0x22, 0, 0, 0, 0x11, 0, 0, 0]);
        // The ephemeral public keys travel in the clear.
        assert_eq!(
            &i1[8..40],
            SecretKey::from_bytes([3; 32]).public_key().as_bytes()
        );
        // A pre-shared key changes the response and the keys, not the initiation.
        let (i3, r3, k3, _) = run(&[9; 32]);
        assert_eq!(i1, i3);
        assert_ne!(r1, r3);
        assert_ne!(*k1.send, *k3.send);
    }

    #[test]
    fn psk_mismatch_fails_the_response() {
        let (i, r) = keys();
        let mut init = [0u8; INITIATION_LEN];
        let st = create_initiation(
            &InitialState::new(&r.public_key()),
            &i,
            None,
            SecretKey::from_bytes([3; 32]),
            1,
            &tai64n(Duration::ZERO),
            &mut init,
        )
        .unwrap();
        let c = consume_initiation(&InitialState::new(&r.public_key()), &r, None, &init).unwrap();
        let mut resp = [0u8; RESPONSE_LEN];
        create_response(c, &[1; 32], SecretKey::from_bytes([4; 32]), 2, &mut resp).unwrap();
        assert!(matches!(
            consume_response(&st, &i, &[2; 32], &resp),
            Err(Error::DecryptionFailed)
        ));
    }

    #[test]
    fn wrong_responder_cannot_decrypt() {
        let (i, r) = keys();
        let mut init = [0u8; INITIATION_LEN];
        create_initiation(
            &InitialState::new(&r.public_key()),
            &i,
            None,
            SecretKey::from_bytes([3; 32]),
            1,
            &tai64n(Duration::ZERO),
            &mut init,
        )
        .unwrap();
        let other = SecretKey::from_bytes([5; 32]);
        assert!(
            consume_initiation(&InitialState::new(&other.public_key()), &other, None, &init)
                .is_err()
        );
    }

    #[test]
    fn tai64n_orders_numerically() {
        let a = tai64n(Duration::new(10, 999_999_999));
        let b = tai64n(Duration::new(11, 0));
        assert!(a < b);
        assert_eq!(&a[..8], &(0x4000_0000_0000_000a_u64 + 10).to_be_bytes());
    }
}
