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
        &noise::InitialState::new(&b.public_key()),
        &SecretKey::from_bytes([1; 32]),
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

/// The peer's static key is loaded into aws-lc once (by `Peer::new`) and reused by every
/// handshake; the handshakes still agree with a peer on the portable backend.
#[test]
fn static_key_is_prepared_and_agrees_with_portable_peer() {
    let a = SecretKey::from_bytes([1; 32]);
    let b = SecretKey::from_bytes([2; 32])
        .with_backend(crate::Backend::Portable)
        .unwrap();
    let mut pa = Peer::new(PeerConfig::new(a.clone(), b.public_key()));
    let mut pb = Peer::new(PeerConfig::new(b, a.public_key()));
    #[cfg(feature = "native")]
    assert!(pa.static_key().is_prepared());
    for i in 0..3 {
        let now = T0 + Duration::from_secs(i);
        handshake(&mut pa, &mut pb, now);
        transfer(&mut pa, &mut pb, b"native to portable", now);
        transfer(&mut pb, &mut pa, b"portable to native", now);
        handshake(&mut pb, &mut pa, now + Duration::from_millis(1));
        transfer(&mut pa, &mut pb, b"again", now);
    }
}

/// `count` payloads of `len` bytes, each filled with its index.
fn payloads(count: usize, len: usize) -> Vec<Vec<u8>> {
    (0..count).map(|i| vec![i as u8; len]).collect()
}

/// Sends `data` with `send_batch`; returns the wire messages.
fn send_batch(peer: &mut Peer, data: &[Vec<u8>], now: Duration) -> Vec<Vec<u8>> {
    let refs: Vec<&[u8]> = data.iter().map(Vec::as_slice).collect();
    let mut bufs: Vec<Vec<u8>> = data.iter().map(|d| vec![0u8; d.len() + 48]).collect();
    let mut outs: Vec<&mut [u8]> = bufs.iter_mut().map(Vec::as_mut_slice).collect();
    let mut lens = vec![0usize; data.len()];
    peer.send_batch(&refs, now, &mut outs, &mut lens).unwrap();
    bufs.iter_mut().zip(&lens).for_each(|(b, &n)| b.truncate(n));
    bufs
}

/// Receives `wire` with `receive_batch`; returns the results and the outputs.
fn receive_batch(
    peer: &mut Peer,
    wire: &[Vec<u8>],
    now: Duration,
) -> (usize, Vec<Result<Event, Error>>, Vec<Vec<u8>>) {
    let refs: Vec<&[u8]> = wire.iter().map(Vec::as_slice).collect();
    let mut bufs: Vec<Vec<u8>> = wire.iter().map(|w| vec![0xee; w.len()]).collect();
    let mut outs: Vec<&mut [u8]> = bufs.iter_mut().map(Vec::as_mut_slice).collect();
    let mut results = vec![Ok(Event::Keepalive); wire.len()];
    let ok = peer
        .receive_batch(&refs, now, &mut outs, &mut results)
        .unwrap();
    (ok, results, bufs)
}

#[test]
fn batch_round_trip_matches_one_by_one() {
    let (mut a, mut b) = pair(Some([3; 32]));
    handshake(&mut a, &mut b, T0);
    // 64 × 1420 bytes takes the parallel path, 5 × 30 bytes the sequential one.
    for (count, len) in [(64, 1420), (5, 30), (1, 0)] {
        let data = payloads(count, len);
        let start = a.send_counter().unwrap();
        let wire = send_batch(&mut a, &data, T0);
        assert_eq!(a.send_counter(), Some(start + count as u64));
        // Consecutive counters, in order.
        for (i, w) in wire.iter().enumerate() {
            assert_eq!(w[8..16], (start + i as u64).to_le_bytes());
        }
        let (ok, results, outs) = receive_batch(&mut b, &wire, T0);
        assert_eq!(ok, count);
        for ((r, o), d) in results.iter().zip(&outs).zip(&data) {
            let n = match *r {
                Ok(Event::Data(n)) => n,
                Ok(Event::Keepalive) => 0,
                ref other => panic!("{other:?}"),
            };
            assert_eq!(n, d.len().div_ceil(16) * 16);
            assert_eq!(&o[..d.len()], &d[..]);
        }
    }
    // Batch-sent packets open one by one, and single sends continue the counters.
    let wire = send_batch(&mut a, &payloads(3, 100), T0);
    let mut out = [0u8; 256];
    for w in wire.iter().rev() {
        assert!(matches!(b.receive(w, T0, &mut out), Ok(Event::Data(112))));
    }
    transfer(&mut a, &mut b, b"after the batch", T0);
    transfer(&mut b, &mut a, b"and back", T0);
}

#[test]
fn batch_receive_keeps_replay_protection() {
    let (mut a, mut b) = pair(None);
    handshake(&mut a, &mut b, T0);
    let data = payloads(40, 1000);
    let wire = send_batch(&mut a, &data, T0);
    // A duplicate inside the batch: the second copy is refused and its output zeroed.
    let mut dup = wire[..4].to_vec();
    dup.push(wire[1].clone());
    let (ok, results, outs) = receive_batch(&mut b, &dup, T0);
    assert_eq!(ok, 4);
    assert_eq!(results[4], Err(Error::Replayed));
    assert!(outs[4][..1008].iter().all(|&x| x == 0));
    // The whole batch again (parallel path): the first four are replays now.
    let (ok, results, _) = receive_batch(&mut b, &wire, T0);
    assert_eq!(ok, 36);
    assert!(results[..4].iter().all(|r| *r == Err(Error::Replayed)));
    // And a third time: everything is a replay, one by one as well.
    let (ok, results, outs) = receive_batch(&mut b, &wire, T0);
    assert_eq!(ok, 0);
    assert!(results.iter().all(|r| *r == Err(Error::Replayed)));
    assert!(outs.iter().all(|o| o.iter().all(|&x| x == 0xee)));
    let mut out = [0u8; 2048];
    assert_eq!(b.receive(&wire[7], T0, &mut out), Err(Error::Replayed));
}

#[test]
fn batch_receive_refuses_wrong_keys_and_tampering() {
    let (mut a, mut b) = pair(Some([1; 32]));
    handshake(&mut a, &mut b, T0);
    let mut wire = send_batch(&mut a, &payloads(30, 1200), T0);
    // Tampered ciphertext, a message for another session, junk, a handshake message.
    wire[3][40] ^= 1;
    wire[5][4] ^= 0xff;
    wire[7] = vec![4, 0, 0];
    wire[9] = a
        .handshake_init(T0 + Duration::from_secs(1))
        .unwrap()
        .to_vec();
    let (ok, results, outs) = receive_batch(&mut b, &wire, T0);
    assert_eq!(ok, 26);
    assert_eq!(results[3], Err(Error::DecryptionFailed));
    assert_eq!(results[5], Err(Error::InvalidCiphertext));
    assert!(matches!(results[7], Err(Error::InvalidLength { .. })));
    assert_eq!(results[9], Err(Error::InvalidCiphertext));
    assert_eq!(results[10], Ok(Event::Data(1200)));
    assert_eq!(&outs[10][..1200], &[10u8; 1200][..]);
    // A peer with other keys opens nothing, even when addressed with its own index.
    let (mut c, mut d) = pair(Some([2; 32]));
    handshake(&mut c, &mut d, T0);
    let wire = send_batch(&mut a, &payloads(4, 64), T0);
    let mut forged = wire.clone();
    let index = d.current_index().unwrap().to_le_bytes();
    forged
        .iter_mut()
        .for_each(|w| w[4..8].copy_from_slice(&index));
    let (ok, results, _) = receive_batch(&mut d, &forged, T0);
    assert_eq!(ok, 0);
    assert!(results.iter().all(|r| *r == Err(Error::DecryptionFailed)));
    // Still fine for the right peer afterwards.
    let (ok, _, _) = receive_batch(&mut b, &wire, T0);
    assert_eq!(ok, 4);
}

#[test]
fn batch_send_checks_everything_first() {
    let (mut a, mut b) = pair(None);
    let data = payloads(3, 50);
    let refs: Vec<&[u8]> = data.iter().map(Vec::as_slice).collect();
    let mut bufs = vec![vec![0u8; 128]; 3];
    let mut lens = [0usize; 3];
    {
        let mut outs: Vec<&mut [u8]> = bufs.iter_mut().map(Vec::as_mut_slice).collect();
        // No session yet.
        assert_eq!(
            a.send_batch(&refs, T0, &mut outs, &mut lens),
            Err(Error::InvalidKey)
        );
    }
    handshake(&mut a, &mut b, T0);
    let start = a.send_counter();
    bufs[2].truncate(64 + 31);
    let mut outs: Vec<&mut [u8]> = bufs.iter_mut().map(Vec::as_mut_slice).collect();
    assert!(matches!(
        a.send_batch(&refs, T0, &mut outs, &mut lens),
        Err(Error::BufferTooSmall { needed: 96, .. })
    ));
    assert_eq!(
        a.send_batch(&refs, T0, &mut outs[..2], &mut lens),
        Err(Error::InvalidLength {
            expected: 3,
            got: 2
        })
    );
    assert_eq!(a.send_counter(), start);
    // The results slice must match as well on receipt.
    let mut results = [Ok(Event::Keepalive); 1];
    assert!(b.receive_batch(&refs, T0, &mut outs, &mut results).is_err());
    // An empty batch is fine and changes nothing.
    a.send_batch(&[], T0, &mut [], &mut []).unwrap();
    assert_eq!(a.send_counter(), start);
}
