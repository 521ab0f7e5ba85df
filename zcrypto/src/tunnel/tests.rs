//! State-machine tests: two [`Peer`]s in memory.

use core::time::Duration;

use super::noise::{self, INITIATION_LEN};
use super::*;
use crate::Error;
use crate::x25519::SecretKey;

const T0: Duration = Duration::from_secs(1_700_000_000);
const SRC: &[u8] = b"192.0.2.1:51820";

fn pair(psk: Option<[u8; 32]>) -> (Peer, Peer) {
    let a = SecretKey::from_bytes([1; 32]);
    let b = SecretKey::from_bytes([2; 32]);
    let mut ca = PeerConfig::new(a.clone(), b.public_key());
    let mut cb = PeerConfig::new(b, a.public_key());
    if let Some(psk) = psk {
        ca = ca.with_preshared_key(psk);
        cb = cb.with_preshared_key(psk);
    }
    (Peer::new(ca), Peer::new(cb))
}

/// Runs a full handshake initiated by `i` at `now`, confirmed by the keepalive.
fn handshake(i: &mut Peer, r: &mut Peer, now: Duration) {
    let mut buf = [0u8; 256];
    let mut out = [0u8; 256];
    let init = i.handshake_init(now).unwrap();
    let Ok(Event::HandshakeResponse(n)) = r.receive(&init, now, &mut buf) else {
        panic!("no response")
    };
    let Ok(Event::HandshakeComplete(k)) = i.receive(&buf[..n], now, &mut out) else {
        panic!("no completion")
    };
    assert_eq!(r.receive(&out[..k], now, &mut buf), Ok(Event::Keepalive));
}

fn transfer(from: &mut Peer, to: &mut Peer, payload: &[u8], now: Duration) {
    let mut wire = [0u8; 2048];
    let mut out = [0u8; 2048];
    let n = from.send(payload, now, &mut wire).unwrap();
    let Ok(Event::Data(m)) = to.receive(&wire[..n], now, &mut out) else {
        panic!("no data")
    };
    assert_eq!(&out[..payload.len()], payload);
    assert!(out[payload.len()..m].iter().all(|&b| b == 0));
}

#[test]
fn handshake_and_data_with_and_without_psk() {
    for psk in [None, Some([9u8; 32])] {
        let (mut a, mut b) = pair(psk);
        handshake(&mut a, &mut b, T0);
        transfer(&mut a, &mut b, b"ping", T0);
        transfer(&mut b, &mut a, b"pong", T0);
        assert!(a.is_established(T0) && b.is_established(T0));
    }
}

#[test]
fn psk_mismatch_fails() {
    let a = SecretKey::from_bytes([1; 32]);
    let b = SecretKey::from_bytes([2; 32]);
    let mut pa = Peer::new(PeerConfig::new(a.clone(), b.public_key()).with_preshared_key([1; 32]));
    let mut pb = Peer::new(PeerConfig::new(b, a.public_key()));
    let mut buf = [0u8; 256];
    let init = pa.handshake_init(T0).unwrap();
    let Ok(Event::HandshakeResponse(n)) = pb.receive(&init, T0, &mut buf) else {
        panic!()
    };
    let mut out = [0u8; 256];
    assert_eq!(
        pa.receive(&buf[..n], T0, &mut out),
        Err(Error::DecryptionFailed)
    );
    assert!(
        pa.is_handshaking(),
        "a bad response leaves the handshake pending"
    );
}

#[test]
fn replayed_initiation_is_rejected() {
    let (mut a, mut b) = pair(None);
    let mut buf = [0u8; 256];
    let init = a.handshake_init(T0).unwrap();
    assert!(matches!(
        b.receive(&init, T0, &mut buf),
        Ok(Event::HandshakeResponse(_))
    ));
    assert_eq!(b.receive(&init, T0, &mut buf), Err(Error::Replayed));
    // An initiation with an older (or equal) timestamp but fresh ephemeral is refused too.
    let mut old = [0u8; INITIATION_LEN];
    noise::create_initiation(
        &SecretKey::from_bytes([1; 32]),
        &b.public_key(),
        None,
        SecretKey::from_bytes([5; 32]),
        77,
        &noise::tai64n(T0),
        &mut old,
    )
    .unwrap();
    super::cookie::CookieState::new(&b.public_key()).add_macs(&mut old, noise::I_MAC1, T0);
    assert_eq!(b.receive(&old, T0, &mut buf), Err(Error::Replayed));
    // Our own initiations always move forward, even with a stalled clock.
    let again = a.handshake_init(T0).unwrap();
    assert!(matches!(
        b.receive(&again, T0, &mut buf),
        Ok(Event::HandshakeResponse(_))
    ));
}

#[test]
fn initiation_from_unknown_static_key_is_rejected() {
    let (_, mut b) = pair(None);
    let stranger = SecretKey::from_bytes([3; 32]);
    let mut c = Peer::new(PeerConfig::new(stranger, b.public_key()));
    let init = c.handshake_init(T0).unwrap();
    let mut buf = [0u8; 256];
    assert_eq!(b.receive(&init, T0, &mut buf), Err(Error::InvalidKey));
}

#[test]
fn replayed_data_is_rejected() {
    let (mut a, mut b) = pair(None);
    handshake(&mut a, &mut b, T0);
    let mut wire = [0u8; 64];
    let mut out = [0u8; 64];
    let n = a.send(b"once", T0, &mut wire).unwrap();
    assert!(b.receive(&wire[..n], T0, &mut out).is_ok());
    assert_eq!(b.receive(&wire[..n], T0, &mut out), Err(Error::Replayed));
}

#[test]
fn wrong_mac1_is_dropped() {
    let (mut a, mut b) = pair(None);
    let mut buf = [0u8; 256];
    let mut init = a.handshake_init(T0).unwrap();
    init[noise::I_MAC1] ^= 1;
    assert_eq!(b.receive(&init, T0, &mut buf), Err(Error::InvalidSignature));
    // A modified body with the original mac1 fails mac1 as well.
    let mut init = a.handshake_init(T0 + Duration::from_secs(1)).unwrap();
    init[50] ^= 1;
    assert_eq!(b.receive(&init, T0, &mut buf), Err(Error::InvalidSignature));
}

#[test]
fn cookie_flow_under_load() {
    let (mut a, mut b) = pair(None);
    let mut buf = [0u8; 256];
    let mut out = [0u8; 256];
    let init = a.handshake_init(T0).unwrap();
    // Under load, no mac2: a cookie reply and no state.
    let Ok(Event::CookieReply(n)) = b.receive_from(&init, SRC, true, T0, &mut buf) else {
        panic!()
    };
    assert_eq!(n, 64);
    assert_eq!(buf[0], 3);
    assert_eq!(a.receive(&buf[..n], T0, &mut out), Ok(Event::CookieStored));
    // The retry carries mac2 and is accepted under load.
    let t1 = T0 + REKEY_TIMEOUT;
    let Ok(Some(Action::SendHandshake(k))) = a.tick(t1, &mut out) else {
        panic!()
    };
    assert_ne!(&out[132..148], &[0; 16]);
    let Ok(Event::HandshakeResponse(n)) = b.receive_from(&out[..k], SRC, true, t1, &mut buf) else {
        panic!()
    };
    // From another address the cookie does not count.
    let retry = a.handshake_init(t1 + Duration::from_secs(1)).unwrap();
    assert!(matches!(
        b.receive_from(&retry, b"198.51.100.7:1", true, t1, &mut out),
        Ok(Event::CookieReply(_))
    ));
    // The response (to the retry that b accepted) no longer matches a's latest
    // initiation; complete a fresh handshake instead.
    let _ = n;
    let t2 = t1 + Duration::from_secs(2);
    let init = a.handshake_init(t2).unwrap();
    let Ok(Event::HandshakeResponse(n)) = b.receive_from(&init, SRC, true, t2, &mut buf) else {
        panic!()
    };
    assert!(matches!(
        a.receive(&buf[..n], t2, &mut out),
        Ok(Event::HandshakeComplete(_))
    ));
    // A cookie reply that answers nothing of ours is refused.
    let mut bogus = [0u8; 64];
    bogus[0] = 3;
    assert_eq!(
        a.receive(&bogus, t2, &mut out),
        Err(Error::InvalidCiphertext)
    );
}

#[test]
fn truncated_and_garbage_datagrams_are_errors() {
    let (mut a, mut b) = pair(None);
    handshake(&mut a, &mut b, T0);
    let mut out = [0u8; 512];
    let init = a.handshake_init(T0 + Duration::from_secs(1)).unwrap();
    for len in 0..init.len() {
        assert!(b.receive(&init[..len], T0, &mut out).is_err(), "{len}");
    }
    let mut long = [0u8; 149];
    long[..148].copy_from_slice(&init);
    assert!(matches!(
        b.receive(&long, T0, &mut out),
        Err(Error::InvalidLength { .. })
    ));
    for t in [0u8, 5, 255] {
        let mut g = [0xa5u8; 200];
        g[..4].copy_from_slice(&[t, 0, 0, 0]);
        assert_eq!(b.receive(&g, T0, &mut out), Err(Error::InvalidCiphertext));
    }
    // Deterministic pseudo-random garbage of every type and length: errors, never panics.
    let mut x = 0x1234_5678_u32;
    for len in 0..300 {
        let mut g = vec![0u8; len];
        for byte in &mut g {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *byte = x as u8;
        }
        if len >= 4 {
            g[0] = (len % 4) as u8 + 1;
            g[1..4].fill(0);
        }
        assert!(b.receive(&g, T0, &mut out).is_err());
        assert!(b.receive_from(&g, SRC, true, T0, &mut out).is_err() || len == 148 || len == 92);
    }
    // Too small an output buffer is reported, not a panic.
    assert!(matches!(
        b.receive(&init, T0, &mut [0u8; 10]),
        Err(Error::BufferTooSmall { .. })
    ));
    // The session still works.
    transfer(&mut a, &mut b, b"still fine", T0);
}

#[test]
fn rekey_keeps_previous_session_for_in_flight_packets() {
    let (mut a, mut b) = pair(None);
    handshake(&mut a, &mut b, T0);
    let mut wire = [0u8; 256];
    let mut out = [0u8; 256];
    let old_b = b.local_indices();
    let n = a.send(b"in flight", T0, &mut wire).unwrap();
    let in_flight = wire[..n].to_vec();
    // Past REKEY_AFTER_TIME the initiator's next send asks for a handshake on tick.
    let t1 = T0 + REKEY_AFTER_TIME;
    a.send(b"x", t1, &mut wire).unwrap();
    let Ok(Some(Action::SendHandshake(k))) = a.tick(t1, &mut wire) else {
        panic!()
    };
    let Ok(Event::HandshakeResponse(n)) = b.receive(&wire[..k], t1, &mut out) else {
        panic!()
    };
    // b still sends on the old session until confirmed.
    let Ok(Event::HandshakeComplete(k)) = a.receive(&out[..n], t1, &mut wire) else {
        panic!()
    };
    assert_eq!(b.receive(&wire[..k], t1, &mut out), Ok(Event::Keepalive));
    let new_b = b.local_indices();
    assert_ne!(new_b[0], old_b[0]);
    assert_eq!(new_b[1], old_b[0], "the old session became previous");
    // The in-flight packet on the old keys still opens.
    assert!(matches!(
        b.receive(&in_flight, t1, &mut out),
        Ok(Event::Data(_))
    ));
    transfer(&mut a, &mut b, b"new keys", t1);
    transfer(&mut b, &mut a, b"new keys back", t1);
}

#[test]
fn key_rotation_drops_old_keys() {
    let (mut a, mut b) = pair(None);
    handshake(&mut a, &mut b, T0);
    let mut wire = [0u8; 256];
    let mut out = [0u8; 256];
    let n = a.send(b"first keys", T0, &mut wire).unwrap();
    let oldest = wire[..n].to_vec();
    let first = b.local_indices()[0];
    let t1 = T0 + Duration::from_secs(1);
    handshake(&mut a, &mut b, t1);
    let t2 = t1 + Duration::from_secs(1);
    handshake(&mut a, &mut b, t2);
    // Two rotations later the first session is gone (its AeadKeys dropped, which
    // zeroizes them): its index is unknown and its packets no longer open.
    assert!(!b.local_indices().contains(&first));
    assert_eq!(
        b.receive(&oldest, t2, &mut out),
        Err(Error::InvalidCiphertext)
    );
    // After 3 × REJECT_AFTER_TIME without a handshake every key is erased.
    let late = t2 + REJECT_AFTER_TIME * 3;
    assert_eq!(b.tick(late, &mut out), Ok(Some(Action::Expired)));
    assert_eq!(b.local_indices(), [None, None, None]);
}

#[test]
fn sessions_expire_after_reject_after_time() {
    let (mut a, mut b) = pair(None);
    handshake(&mut a, &mut b, T0);
    let mut wire = [0u8; 256];
    let mut out = [0u8; 256];
    let n = a.send(b"late", T0, &mut wire).unwrap();
    let late = T0 + REJECT_AFTER_TIME;
    assert_eq!(
        b.receive(&wire[..n], late, &mut out),
        Err(Error::InvalidKey)
    );
    assert_eq!(a.send(b"x", late, &mut wire), Err(Error::InvalidKey));
    assert!(matches!(
        a.tick(late, &mut wire),
        Ok(Some(Action::SendHandshake(148)))
    ));
}

#[test]
fn counters_near_reject_after_messages() {
    let (mut a, mut b) = pair(None);
    handshake(&mut a, &mut b, T0);
    let mut wire = [0u8; 256];
    let mut out = [0u8; 256];
    a.current_mut()
        .unwrap()
        .set_send_counter(REJECT_AFTER_MESSAGES - 1);
    let n = a.send(b"last", T0, &mut wire).unwrap();
    assert!(matches!(
        b.receive(&wire[..n], T0, &mut out),
        Ok(Event::Data(_))
    ));
    assert_eq!(a.send(b"over", T0, &mut wire), Err(Error::InvalidKey));
    assert!(matches!(
        a.tick(T0, &mut wire),
        Ok(Some(Action::SendHandshake(_)))
    ));
    // REKEY_AFTER_MESSAGES triggers a rekey from either side.
    let (mut a, mut b) = pair(None);
    handshake(&mut a, &mut b, T0);
    transfer(&mut a, &mut b, b"confirm", T0);
    let s = b.current_mut().unwrap();
    s.set_send_counter(REKEY_AFTER_MESSAGES);
    b.send(b"x", T0, &mut wire).unwrap();
    assert!(matches!(
        b.tick(T0, &mut wire),
        Ok(Some(Action::SendHandshake(_)))
    ));
}

#[test]
fn timers_retry_give_up_and_keepalive() {
    let (mut a, mut b) = pair(None);
    let mut wire = [0u8; 256];
    a.handshake_init(T0).unwrap();
    assert_eq!(a.tick(T0 + Duration::from_secs(4), &mut wire), Ok(None));
    let mut t = T0;
    let mut retries = 0;
    loop {
        t += REKEY_TIMEOUT;
        match a.tick(t, &mut wire).unwrap() {
            Some(Action::SendHandshake(148)) => retries += 1,
            Some(Action::HandshakeGaveUp) => break,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(retries, 17); // 5 s apart for 90 s
    assert!(!a.is_handshaking());

    // Passive keepalive: data received, nothing sent for KEEPALIVE_TIMEOUT.
    handshake(&mut a, &mut b, t);
    transfer(&mut a, &mut b, b"hi", t);
    assert_eq!(b.tick(t + Duration::from_secs(9), &mut wire), Ok(None));
    let Ok(Some(Action::SendKeepalive(n))) = b.tick(t + KEEPALIVE_TIMEOUT, &mut wire) else {
        panic!()
    };
    assert_eq!(n, 32);
    let mut out = [0u8; 64];
    assert_eq!(
        a.receive(&wire[..n], t + KEEPALIVE_TIMEOUT, &mut out),
        Ok(Event::Keepalive)
    );
    assert_eq!(b.tick(t + KEEPALIVE_TIMEOUT * 2, &mut wire), Ok(None));

    // Data sent and nothing heard back for 15 s: a new handshake.
    let t2 = t + Duration::from_secs(30);
    a.send(b"anyone?", t2, &mut wire).unwrap();
    assert_eq!(a.tick(t2 + Duration::from_secs(14), &mut wire), Ok(None));
    assert!(matches!(
        a.tick(t2 + Duration::from_secs(15), &mut wire),
        Ok(Some(Action::SendHandshake(_)))
    ));
}

#[test]
fn persistent_keepalive() {
    let a = SecretKey::from_bytes([1; 32]);
    let b = SecretKey::from_bytes([2; 32]);
    let mut pa = Peer::new(
        PeerConfig::new(a.clone(), b.public_key())
            .with_persistent_keepalive(Duration::from_secs(25)),
    );
    let mut pb = Peer::new(PeerConfig::new(b, a.public_key()));
    handshake(&mut pa, &mut pb, T0);
    let mut wire = [0u8; 256];
    assert_eq!(pa.tick(T0 + Duration::from_secs(24), &mut wire), Ok(None));
    assert!(matches!(
        pa.tick(T0 + Duration::from_secs(25), &mut wire),
        Ok(Some(Action::SendKeepalive(32)))
    ));
}

#[test]
fn initiator_sends_passive_keepalive() {
    let (mut a, mut b) = pair(None);
    handshake(&mut a, &mut b, T0);
    transfer(&mut a, &mut b, b"one", T0);
    transfer(&mut b, &mut a, b"two", T0);
    let t1 = T0 + Duration::from_secs(1);
    transfer(&mut a, &mut b, b"one way", t1);
    let t2 = t1 + Duration::from_secs(12);
    transfer(&mut b, &mut a, b"other way", t2);
    let mut wire = [0u8; 256];
    assert!(
        matches!(
            a.tick(t2 + KEEPALIVE_TIMEOUT, &mut wire),
            Ok(Some(Action::SendKeepalive(32)))
        ),
        "{a:?}"
    );
}
