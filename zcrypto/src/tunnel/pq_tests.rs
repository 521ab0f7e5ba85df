//! Post-quantum hybrid mode: two [`Peer`]s in memory, driven only by datagrams and
//! ticks.

use std::collections::VecDeque;

use core::time::Duration;

use super::pq::{PQ_CONFIRM_LEN, PQ_INIT_LEN, PQ_RESPONSE_LEN, TYPE_PQ_INIT};
use super::*;
use crate::Error;
use crate::kem::{DecapsulationKey, MlKem};
use crate::x25519::SecretKey;

const T0: Duration = Duration::from_secs(1_700_000_000);
const CLASSICAL_PSK: [u8; 32] = [0x5c; 32];

fn x_key(b: u8) -> SecretKey {
    SecretKey::from_bytes([b; 32])
}

fn kem_key(b: u8) -> DecapsulationKey {
    DecapsulationKey::from_seed(MlKem::MlKem768, &[b; 64]).unwrap()
}

/// A's and B's configurations: X25519 keys 1 and 2, ML-KEM keys 1 and 2, a classical
/// pre-shared key, and `rotation`.
fn configs(rotation: Duration) -> (PeerConfig, PeerConfig) {
    let (ka, kb) = (kem_key(1), kem_key(2));
    let pa = PqConfig::new(kem_key(1), kb.encapsulation_key().clone())
        .unwrap()
        .with_rotation(rotation);
    let pb = PqConfig::new(kem_key(2), ka.encapsulation_key().clone())
        .unwrap()
        .with_rotation(rotation);
    (
        PeerConfig::new(x_key(1), x_key(2).public_key())
            .with_preshared_key(CLASSICAL_PSK)
            .with_post_quantum(pa),
        PeerConfig::new(x_key(2), x_key(1).public_key())
            .with_preshared_key(CLASSICAL_PSK)
            .with_post_quantum(pb),
    )
}

fn pq_pair() -> (Peer, Peer) {
    let (a, b) = configs(PQ_ROTATION_TIME);
    (Peer::new(a), Peer::new(b))
}

/// Hands `msg` to `to`; the bytes `to` wants sent back, if any. Errors are returned.
fn deliver(to: &mut Peer, msg: &[u8], now: Duration) -> Result<Option<Vec<u8>>, Error> {
    let mut out = vec![0u8; 4096];
    Ok(match to.receive(msg, now, &mut out)? {
        Event::PqResponse(n)
        | Event::PqComplete(n)
        | Event::HandshakeResponse(n)
        | Event::HandshakeComplete(n)
        | Event::CookieReply(n) => Some(out[..n].to_vec()),
        _ => None,
    })
}

/// One datagram on the wire: whether it goes to B, and its bytes.
type Wire = (bool, Vec<u8>);

/// Runs both peers' timers at `now` and delivers every datagram (those `keep` lets
/// through) until both are quiet; returns what was sent, in order. Receive errors are
/// collected in `errors`.
fn settle_with(
    a: &mut Peer,
    b: &mut Peer,
    now: Duration,
    keep: impl Fn(&Wire) -> bool,
    errors: &mut Vec<Error>,
) -> Vec<Wire> {
    let mut log = Vec::new();
    for _ in 0..20 {
        let mut queue = VecDeque::new();
        for (to_b, peer) in [(true, &mut *a), (false, &mut *b)] {
            let mut buf = vec![0u8; 4096];
            if let Some(Action::SendPq(n) | Action::SendHandshake(n) | Action::SendKeepalive(n)) =
                peer.tick(now, &mut buf).unwrap()
            {
                queue.push_back((to_b, buf[..n].to_vec()));
            }
        }
        if queue.is_empty() {
            return log;
        }
        while let Some(wire) = queue.pop_front() {
            log.push(wire.clone());
            if !keep(&wire) {
                continue;
            }
            let (to_b, msg) = wire;
            let to = if to_b { &mut *b } else { &mut *a };
            match deliver(to, &msg, now) {
                Ok(Some(reply)) => queue.push_back((!to_b, reply)),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
    }
    panic!("the peers never went quiet")
}

fn settle(a: &mut Peer, b: &mut Peer, now: Duration) -> Vec<Wire> {
    let mut errors = Vec::new();
    let log = settle_with(a, b, now, |_| true, &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    log
}

fn transfer(from: &mut Peer, to: &mut Peer, payload: &[u8], now: Duration) {
    let mut wire = [0u8; 2048];
    let mut out = [0u8; 2048];
    let n = from.send(payload, now, &mut wire).unwrap();
    let Ok(Event::Data(_)) = to.receive(&wire[..n], now, &mut out) else {
        panic!("no data")
    };
    assert_eq!(&out[..payload.len()], payload);
}

/// A asks for a session (a failed send) and everything runs to completion.
fn establish(a: &mut Peer, b: &mut Peer, now: Duration) -> Vec<Wire> {
    assert_eq!(a.send(b"x", now, &mut [0u8; 64]), Err(Error::InvalidKey));
    settle(a, b, now)
}

fn psks(p: &Peer) -> [Option<[u8; 32]>; 2] {
    p.pq_state().unwrap().psks()
}

/// A's first PQ init and B's response to it, delivered (A is left waiting for it).
fn init_and_response(a: &mut Peer, b: &mut Peer, now: Duration) -> (Vec<u8>, Vec<u8>) {
    let mut init = vec![0u8; PQ_INIT_LEN];
    assert_eq!(a.pq_init(now, &mut init), Ok(PQ_INIT_LEN));
    let resp = deliver(b, &init, now).unwrap().unwrap();
    assert_eq!(resp.len(), PQ_RESPONSE_LEN);
    (init, resp)
}

#[test]
fn pq_exchange_then_wireguard_then_data() {
    let (mut a, mut b) = pq_pair();
    assert!(a.is_post_quantum() && b.is_post_quantum());
    let log = establish(&mut a, &mut b, T0);
    let sizes: Vec<(bool, usize)> = log.iter().map(|(to_b, m)| (*to_b, m.len())).collect();
    // init, response, confirm; then WireGuard's initiation, response and keepalive.
    assert_eq!(
        sizes,
        [
            (true, PQ_INIT_LEN),
            (false, PQ_RESPONSE_LEN),
            (true, PQ_CONFIRM_LEN),
            (true, 148),
            (false, 92),
            (true, 32)
        ]
    );
    assert_eq!(log[0].1[0], TYPE_PQ_INIT);
    // Both ends hold the same psk for A-initiated handshakes, and it is neither the
    // configured classical key nor zero.
    let [a_init, a_resp] = psks(&a);
    let [b_init, b_resp] = psks(&b);
    assert_eq!(a_init, b_resp);
    assert!(a_resp.is_none() && b_init.is_none());
    let psk = a_init.unwrap();
    assert_ne!(psk, CLASSICAL_PSK);
    assert_ne!(psk, [0; 32]);
    assert!(a.is_established(T0) && b.is_established(T0));
    transfer(&mut a, &mut b, b"post-quantum ping", T0);
    transfer(&mut b, &mut a, b"post-quantum pong", T0);

    // A second pair runs its own exchange: a different psk (fresh randomness).
    let (mut c, mut d) = pq_pair();
    establish(&mut c, &mut d, T0);
    assert_ne!(psks(&c)[0], Some(psk));
}

#[test]
fn the_responder_runs_its_own_exchange_before_initiating() {
    let (mut a, mut b) = pq_pair();
    establish(&mut a, &mut b, T0);
    // B wants a handshake too (e.g. after REKEY_AFTER_MESSAGES): it has no psk of its
    // own, so it first runs an exchange as initiator.
    let t1 = T0 + Duration::from_secs(1);
    let mut buf = vec![0u8; 4096];
    assert_eq!(b.handshake_init(t1), Err(Error::PolicyNotSatisfied));
    let log = {
        b.current_mut()
            .unwrap()
            .set_send_counter(REKEY_AFTER_MESSAGES);
        b.send(b"x", t1, &mut buf).unwrap();
        settle(&mut b, &mut a, t1)
    };
    assert_eq!(log[0].1.len(), PQ_INIT_LEN);
    assert!(log.iter().any(|(_, m)| m.len() == 148));
    let [a_init, a_resp] = psks(&a);
    let [b_init, b_resp] = psks(&b);
    // Two psks now, one per direction, each known to both ends.
    assert_eq!(b_init, a_resp);
    assert_eq!(a_init, b_resp);
    assert_ne!(a_init, b_init);
    transfer(&mut a, &mut b, b"still up", t1);
    transfer(&mut b, &mut a, b"both ways", t1);
}

#[test]
fn rotation_on_the_timer_gives_a_new_psk_and_the_session_continues() {
    let rotation = Duration::from_secs(30);
    let (ca, cb) = configs(rotation);
    let (mut a, mut b) = (Peer::new(ca), Peer::new(cb));
    establish(&mut a, &mut b, T0);
    let first = psks(&a)[0].unwrap();
    let first_session = a.local_indices()[0];
    // Nothing happens before the interval, nor after it while the tunnel is idle.
    assert_eq!(settle(&mut a, &mut b, T0 + rotation / 2), vec![]);
    assert_eq!(settle(&mut a, &mut b, T0 + rotation), vec![]);
    let t1 = T0 + rotation;
    let mut wire = [0u8; 256];
    let n = a.send(b"in flight", t1, &mut wire).unwrap();
    let in_flight = wire[..n].to_vec();
    let log = settle(&mut a, &mut b, t1);
    let sizes: Vec<usize> = log.iter().map(|(_, m)| m.len()).collect();
    assert_eq!(
        sizes,
        [PQ_INIT_LEN, PQ_RESPONSE_LEN, PQ_CONFIRM_LEN, 148, 92, 32]
    );
    let second = psks(&a)[0].unwrap();
    assert_ne!(first, second, "a new psk");
    assert_eq!(psks(&b)[1], Some(second), "the responder switched too");
    assert_ne!(
        a.local_indices()[0],
        first_session,
        "a new WireGuard session"
    );
    // The packet sent on the old session still opens, and data flows on the new one.
    let mut out = [0u8; 256];
    assert!(matches!(
        b.receive(&in_flight, t1, &mut out),
        Ok(Event::Data(_))
    ));
    transfer(&mut a, &mut b, b"rotated", t1);
    transfer(&mut b, &mut a, b"rotated back", t1);
    // And again one interval later.
    let t2 = t1 + rotation;
    a.send(b"more", t2, &mut wire).unwrap();
    settle(&mut a, &mut b, t2);
    let third = psks(&a)[0].unwrap();
    assert!(third != second && third != first);
    transfer(&mut a, &mut b, b"third psk", t2);
}

#[test]
fn classical_initiator_is_refused_by_a_pq_responder() {
    let (_, cb) = configs(PQ_ROTATION_TIME);
    let mut b = Peer::new(cb);
    // Same X25519 keys and classical psk as A, but no post-quantum mode.
    let mut c = Peer::new(
        PeerConfig::new(x_key(1), x_key(2).public_key()).with_preshared_key(CLASSICAL_PSK),
    );
    let init = c.handshake_init(T0).unwrap();
    let mut out = [0u8; 256];
    assert_eq!(
        b.receive(&init, T0, &mut out),
        Err(Error::PolicyNotSatisfied)
    );
    assert_eq!(b.local_indices(), [None, None, None]);
    // Driving both with ticks never produces a session either.
    let mut errors = Vec::new();
    let mut t = T0;
    for _ in 0..30 {
        t += REKEY_TIMEOUT;
        let _ = c.send(b"x", t, &mut out);
        settle_with(&mut c, &mut b, t, |_| true, &mut errors);
        assert!(!b.is_established(t) && !c.is_established(t));
    }
    assert!(errors.contains(&Error::PolicyNotSatisfied));
}

#[test]
fn pq_initiator_never_sends_a_classical_initiation() {
    let (ca, _) = configs(PQ_ROTATION_TIME);
    let mut a = Peer::new(ca);
    let mut c = Peer::new(
        PeerConfig::new(x_key(2), x_key(1).public_key()).with_preshared_key(CLASSICAL_PSK),
    );
    assert_eq!(a.handshake_init(T0), Err(Error::PolicyNotSatisfied));
    let mut errors = Vec::new();
    let mut sent = Vec::new();
    let mut t = T0;
    let _ = a.send(b"x", t, &mut [0u8; 64]);
    for _ in 0..30 {
        sent.extend(settle_with(&mut a, &mut c, t, |_| true, &mut errors));
        t += REKEY_TIMEOUT;
    }
    // Only PQ inits (retried, then abandoned), which the classical peer cannot parse.
    assert!(!sent.is_empty());
    assert!(sent.iter().all(|(to_c, m)| *to_c && m.len() == PQ_INIT_LEN));
    assert!(errors.iter().all(|e| *e == Error::InvalidCiphertext));
    assert!(!a.is_established(t) && !c.is_established(t));
}

#[test]
fn stripping_the_pq_messages_leaves_no_session() {
    let (mut a, mut b) = pq_pair();
    let mut errors = Vec::new();
    let mut t = T0;
    let _ = a.send(b"x", t, &mut [0u8; 64]);
    for _ in 0..20 {
        // An attacker drops every PQ message (types 0x81–0x83).
        let log = settle_with(&mut a, &mut b, t, |(_, m)| m[0] < 0x80, &mut errors);
        assert!(log.iter().all(|(_, m)| m[0] >= 0x80), "a WireGuard message");
        t += REKEY_TIMEOUT;
    }
    assert!(!a.is_established(t) && !b.is_established(t));

    // Once established, dropping the rotation only lets the psk age out: after twice
    // the interval neither side starts or answers a handshake with it.
    let (mut a, mut b) = pq_pair();
    establish(&mut a, &mut b, T0);
    let late = T0 + PQ_ROTATION_TIME * 2;
    let mut buf = vec![0u8; 4096];
    b.tick(late, &mut buf).unwrap();
    a.tick(late, &mut buf).unwrap();
    assert_eq!(psks(&a), [None, None]);
    assert_eq!(psks(&b), [None, None]);
    assert_eq!(a.handshake_init(late), Err(Error::PolicyNotSatisfied));
    let mut c = Peer::new(
        PeerConfig::new(x_key(1), x_key(2).public_key()).with_preshared_key(CLASSICAL_PSK),
    );
    let init = c.handshake_init(late).unwrap();
    assert_eq!(
        b.receive(&init, late, &mut buf),
        Err(Error::PolicyNotSatisfied)
    );
}

#[test]
fn a_psk_mismatch_fails_the_wireguard_handshake_both_ways() {
    // B holds a PQ psk; an initiator with the same X25519 keys but only the classical
    // psk gets a response it cannot open.
    let (mut a, mut b) = pq_pair();
    establish(&mut a, &mut b, T0);
    let mut c = Peer::new(
        PeerConfig::new(x_key(1), x_key(2).public_key()).with_preshared_key(CLASSICAL_PSK),
    );
    let t1 = T0 + Duration::from_secs(1);
    let init = c.handshake_init(t1).unwrap();
    let resp = deliver(&mut b, &init, t1).unwrap().unwrap();
    assert_eq!(
        deliver(&mut c, &resp, t1),
        Err(Error::DecryptionFailed),
        "the classical psk does not open a PQ response"
    );
    // The other way: A initiates with its PQ psk, a classical responder answers with
    // the classical psk, and A refuses the response.
    let mut d = Peer::new(
        PeerConfig::new(x_key(2), x_key(1).public_key()).with_preshared_key(CLASSICAL_PSK),
    );
    let init = a.handshake_init(t1).unwrap();
    let resp = deliver(&mut d, &init, t1).unwrap().unwrap();
    assert_eq!(deliver(&mut a, &resp, t1), Err(Error::DecryptionFailed));
    assert!(a.is_handshaking());
}

#[test]
fn wrong_static_kem_key_gives_no_session() {
    // A believes B's ML-KEM key is key 3: B cannot decapsulate ct_r (implicit
    // rejection gives it an unrelated secret), so tag_R fails at A.
    let (_, cb) = configs(PQ_ROTATION_TIME);
    let wrong = PqConfig::new(kem_key(1), kem_key(3).encapsulation_key().clone()).unwrap();
    let mut a = Peer::new(
        PeerConfig::new(x_key(1), x_key(2).public_key())
            .with_preshared_key(CLASSICAL_PSK)
            .with_post_quantum(wrong),
    );
    let mut b = Peer::new(cb);
    let (_, resp) = init_and_response(&mut a, &mut b, T0);
    assert_eq!(deliver(&mut a, &resp, T0), Err(Error::DecryptionFailed));
    assert_eq!(psks(&a), [None, None]);
    assert_eq!(a.handshake_init(T0), Err(Error::PolicyNotSatisfied));

    // B believes A's key is key 3: A decapsulates ct_i to an unrelated secret.
    let (ca, _) = configs(PQ_ROTATION_TIME);
    let wrong = PqConfig::new(kem_key(2), kem_key(3).encapsulation_key().clone()).unwrap();
    let mut a = Peer::new(ca);
    let mut b = Peer::new(
        PeerConfig::new(x_key(2), x_key(1).public_key())
            .with_preshared_key(CLASSICAL_PSK)
            .with_post_quantum(wrong),
    );
    let (_, resp) = init_and_response(&mut a, &mut b, T0);
    assert_eq!(deliver(&mut a, &resp, T0), Err(Error::DecryptionFailed));
    // Ticking for a while never yields a session.
    let mut errors = Vec::new();
    let mut t = T0;
    for _ in 0..20 {
        t += REKEY_TIMEOUT;
        settle_with(&mut a, &mut b, t, |_| true, &mut errors);
    }
    assert!(!a.is_established(t) && !b.is_established(t));
    assert!(
        errors.iter().all(|e| *e == Error::DecryptionFailed),
        "{errors:?}"
    );

    // Different classical psks also give different PQ psks.
    let (ca, cb) = configs(PQ_ROTATION_TIME);
    let mut a = Peer::new(ca.with_preshared_key([1; 32]));
    let mut b = Peer::new(cb);
    let (_, resp) = init_and_response(&mut a, &mut b, T0);
    assert_eq!(deliver(&mut a, &resp, T0), Err(Error::DecryptionFailed));
}

#[test]
fn tampered_truncated_and_replayed_pq_messages_are_typed_errors() {
    let (mut a, mut b) = pq_pair();
    let (init, resp) = init_and_response(&mut a, &mut b, T0);
    let mut out = vec![0u8; 4096];

    // Init: replayed, truncated, extended, flipped (mac), wrong reserved byte.
    assert_eq!(b.receive(&init, T0, &mut out), Err(Error::Replayed));
    for len in [0, 3, 4, 100, PQ_INIT_LEN - 1] {
        assert!(b.receive(&init[..len], T0, &mut out).is_err(), "{len}");
    }
    assert!(matches!(
        b.receive(&init[..PQ_INIT_LEN - 1], T0, &mut out),
        Err(Error::InvalidLength { .. })
    ));
    let mut long = init.clone();
    long.push(0);
    assert!(matches!(
        b.receive(&long, T0, &mut out),
        Err(Error::InvalidLength { .. })
    ));
    for at in [4, 8, 20, 1500, PQ_INIT_LEN - 1] {
        let mut bad = init.clone();
        bad[at] ^= 1;
        assert_eq!(
            b.receive(&bad, T0, &mut out),
            Err(Error::InvalidSignature),
            "{at}"
        );
    }
    let mut bad = init.clone();
    bad[1] = 1;
    assert_eq!(b.receive(&bad, T0, &mut out), Err(Error::InvalidCiphertext));
    // Too small an output buffer is reported.
    assert!(matches!(
        b.receive(&init, T0, &mut [0u8; 100]),
        Err(Error::BufferTooSmall { .. })
    ));

    // Response: flipped bytes fail the mac; a tampered ciphertext or tag with a valid
    // mac (an attacker who knows the X25519 keys) fails tag_R; the pending exchange
    // survives all of it, and the genuine response still completes it.
    for at in [4, 8, 12, 1200, PQ_RESPONSE_LEN - 1] {
        let mut bad = resp.clone();
        bad[at] ^= 1;
        assert_eq!(
            a.receive(&bad, T0, &mut out),
            Err(Error::InvalidSignature),
            "{at}"
        );
    }
    let b_state = b.pq_state().unwrap();
    for at in [12, 1100, 2190] {
        let mut bad = resp.clone();
        bad[at] ^= 0x40;
        b_state.remac(&mut bad);
        assert_eq!(
            a.receive(&bad, T0, &mut out),
            Err(Error::DecryptionFailed),
            "{at}"
        );
    }
    let mut bad = resp.clone();
    bad[8] ^= 1; // another receiver index
    b_state.remac(&mut bad);
    assert_eq!(a.receive(&bad, T0, &mut out), Err(Error::InvalidCiphertext));
    assert!(matches!(
        a.receive(&resp[..PQ_RESPONSE_LEN - 1], T0, &mut out),
        Err(Error::InvalidLength { .. })
    ));
    assert_eq!(psks(&a), [None, None]);
    let Ok(Event::PqComplete(n)) = a.receive(&resp, T0, &mut out) else {
        panic!("the genuine response")
    };
    let confirm = out[..n].to_vec();
    // Replayed response: nothing is pending any more.
    assert_eq!(
        a.receive(&resp, T0, &mut out),
        Err(Error::InvalidCiphertext)
    );

    // Confirm: a wrong tag, an unknown index, truncated; then the real one, then its
    // replay.
    let mut bad = confirm.clone();
    bad[PQ_CONFIRM_LEN - 1] ^= 1;
    assert_eq!(b.receive(&bad, T0, &mut out), Err(Error::DecryptionFailed));
    let mut bad = confirm.clone();
    bad[4] ^= 1;
    assert_eq!(b.receive(&bad, T0, &mut out), Err(Error::InvalidCiphertext));
    assert!(matches!(
        b.receive(&confirm[..20], T0, &mut out),
        Err(Error::InvalidLength { .. })
    ));
    assert_eq!(psks(&b), [None, None], "no psk before the confirmation");
    assert_eq!(b.receive(&confirm, T0, &mut out), Ok(Event::PqConfirmed));
    assert_eq!(b.receive(&confirm, T0, &mut out), Err(Error::Replayed));
    assert_eq!(psks(&a)[0], psks(&b)[1]);

    // A tampered ephemeral key with a valid mac: refused or answered, never a panic,
    // and no psk changes until a confirmation.
    let mut init2 = vec![0u8; PQ_INIT_LEN];
    a.pq_init(T0 + Duration::from_secs(1), &mut init2).unwrap();
    let mut bad = init2.clone();
    bad[20..22].fill(0xff); // a coefficient ≥ q: fails the FIPS 203 modulus check
    a.pq_state().unwrap().remac(&mut bad);
    assert_eq!(
        b.receive(&bad, T0 + Duration::from_secs(1), &mut out),
        Err(Error::InvalidKey)
    );
    let before = psks(&b);
    let mut bad = init2.clone();
    bad[1500] ^= 1; // ct_r: implicit rejection, a response A cannot verify
    a.pq_state().unwrap().remac(&mut bad);
    let resp2 = deliver(&mut b, &bad, T0 + Duration::from_secs(1))
        .unwrap()
        .unwrap();
    assert_eq!(
        deliver(&mut a, &resp2, T0 + Duration::from_secs(1)),
        Err(Error::DecryptionFailed)
    );
    assert_eq!(psks(&b), before);
}

#[test]
fn a_lost_confirmation_is_resent_before_the_wireguard_initiation() {
    let (mut a, mut b) = pq_pair();
    let mut errors = Vec::new();
    let _ = a.send(b"x", T0, &mut [0u8; 64]);
    // The confirmation is lost.
    let log = settle_with(
        &mut a,
        &mut b,
        T0,
        |(_, m)| m.len() != PQ_CONFIRM_LEN,
        &mut errors,
    );
    // B answered with no psk for A's direction: refused.
    assert_eq!(errors, [Error::PolicyNotSatisfied]);
    assert!(log.iter().any(|(_, m)| m.len() == 148));
    // The WireGuard retry 5 s later is preceded by the confirmation again.
    let t1 = T0 + REKEY_TIMEOUT;
    let log = settle(&mut a, &mut b, t1);
    let sizes: Vec<usize> = log.iter().map(|(_, m)| m.len()).collect();
    assert_eq!(sizes, [PQ_CONFIRM_LEN, 148, 92, 32]);
    transfer(&mut a, &mut b, b"made it", t1);
}

/// xorshift32: deterministic pseudo-random bytes.
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        self.next() as usize % n
    }
}

#[test]
fn random_and_mutated_datagrams_never_panic() {
    let (mut a, mut b) = pq_pair();
    establish(&mut a, &mut b, T0);
    // A has an exchange in flight, B an unconfirmed response: every handler is live.
    let t = T0 + Duration::from_secs(1);
    let (init, resp) = init_and_response(&mut a, &mut b, t);
    let valid: Vec<Vec<u8>> = vec![
        init.clone(),
        resp.clone(),
        vec![
            0x83, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        ],
        a.handshake_init(t).unwrap().to_vec(),
    ];
    let mut rng = Rng(0x9e37_79b9);
    let mut out = vec![0u8; 4096];
    let mut outcomes = [0usize; 2];
    for round in 0..3000 {
        let msg = match round % 3 {
            // Pure noise with a PQ or WireGuard type byte and zero reserved bytes.
            0 => {
                let len = rng.below(2400);
                let mut m: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                if len >= 4 {
                    m[0] = [0x81, 0x82, 0x83, 1, 2, 3, 4, 0x80, 0x84][rng.below(9)];
                    m[1..4].fill(0);
                }
                m
            }
            // A valid message with a few bytes changed, truncated or extended.
            _ => {
                let mut m = valid[rng.below(valid.len())].clone();
                for _ in 0..1 + rng.below(4) {
                    let at = rng.below(m.len());
                    m[at] ^= 1 << rng.below(8);
                }
                match rng.below(4) {
                    0 => m.truncate(rng.below(m.len() + 1)),
                    1 => m.extend((0..rng.below(8)).map(|_| rng.next() as u8)),
                    _ => {}
                }
                // Sometimes with a valid mac, so the ML-KEM paths run on garbage too.
                if round % 10 == 1 && m.len() == PQ_INIT_LEN && m[0] == 0x81 {
                    a.pq_state().unwrap().remac(&mut m);
                }
                if round % 10 == 1 && m.len() == PQ_RESPONSE_LEN && m[0] == 0x82 {
                    b.pq_state().unwrap().remac(&mut m);
                }
                m
            }
        };
        for peer in [&mut a, &mut b] {
            let r = peer.receive(&msg, t, &mut out);
            outcomes[usize::from(r.is_ok())] += 1;
            let r = peer.receive_from(&msg, b"198.51.100.1:9", true, t, &mut out);
            outcomes[usize::from(r.is_ok())] += 1;
        }
    }
    // Nearly everything was refused; whatever got through, the peers still work.
    assert!(outcomes[0] > outcomes[1] * 10, "{outcomes:?}");
    let t2 = t + Duration::from_secs(1);
    transfer(&mut a, &mut b, b"still fine", t2);
    let (mut a2, mut b2) = pq_pair();
    establish(&mut a2, &mut b2, t2);
    transfer(&mut b2, &mut a2, b"fresh pair", t2);
}

#[test]
fn pq_config_rejects_other_parameter_sets_and_clamps_rotation() {
    let k512 = DecapsulationKey::from_seed(MlKem::MlKem512, &[1; 64]).unwrap();
    assert_eq!(
        PqConfig::new(k512, kem_key(2).encapsulation_key().clone()).err(),
        Some(Error::UnsupportedAlgorithm)
    );
    let k1024 = DecapsulationKey::from_seed(MlKem::MlKem1024, &[1; 64]).unwrap();
    assert_eq!(
        PqConfig::new(kem_key(1), k1024.encapsulation_key().clone()).err(),
        Some(Error::UnsupportedAlgorithm)
    );
    let c = PqConfig::new(kem_key(1), kem_key(2).encapsulation_key().clone()).unwrap();
    assert_eq!(c.rotation(), PQ_ROTATION_TIME);
    assert_eq!(
        c.clone().with_rotation(Duration::ZERO).rotation(),
        Duration::from_secs(1)
    );
    assert_eq!(c.public_key(), kem_key(1).encapsulation_key());
    // A classical peer ignores PQ message types as unknown, and cannot start one.
    let mut classical = Peer::new(PeerConfig::new(x_key(1), x_key(2).public_key()));
    assert!(!classical.is_post_quantum());
    assert_eq!(
        classical.pq_init(T0, &mut [0u8; PQ_INIT_LEN]),
        Err(Error::UnsupportedAlgorithm)
    );
    let mut m = vec![0u8; PQ_CONFIRM_LEN];
    m[0] = 0x83;
    assert_eq!(
        classical.receive(&m, T0, &mut [0u8; 64]),
        Err(Error::InvalidCiphertext)
    );
    // A PQ peer's tick needs room for a PQ init.
    let (mut a, _) = pq_pair();
    assert!(matches!(
        a.tick(T0, &mut [0u8; 148]),
        Err(Error::BufferTooSmall { .. })
    ));
}
