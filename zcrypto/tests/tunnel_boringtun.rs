//! Interoperability of `zcrypto::tunnel` with Cloudflare's `boringtun` (0.7, the
//! WireGuard implementation behind Cloudflare WARP): handshakes in both directions,
//! data and keepalives both ways, cookies under load and rekeying, with and without a
//! pre-shared key.
//!
//! boringtun is built with its `mock-instant` feature, so its timers read a clock this
//! test advances (`mock_instant::MockClock`, per thread); zcrypto's `Peer` gets the
//! same time explicitly. boringtun's data path carries IP packets, so payloads are
//! minimal IPv4 packets.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use boringtun::noise::rate_limiter::RateLimiter;
use boringtun::noise::{Tunn, TunnResult};
use mock_instant::MockClock;
use zcrypto::tunnel::{Action, Event, Peer, PeerConfig, REKEY_AFTER_TIME};
use zcrypto::x25519::SecretKey;

const OUR_KEY: [u8; 32] = [0x11; 32];
const BT_KEY: [u8; 32] = [0x22; 32];
/// How boringtun sees our address, and how we encode its address (for cookies).
const OUR_ADDR: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
const BT_SOURCE: &[u8] = b"192.0.2.2:51820";

/// A minimal IPv4 packet (UDP, 10.0.0.1 → 10.0.0.2) around `payload`.
fn ipv4(payload: &[u8]) -> Vec<u8> {
    let total = 20 + payload.len();
    let mut p = vec![0u8; 20];
    p[0] = 0x45;
    p[2..4].copy_from_slice(&(total as u16).to_be_bytes());
    p[8] = 64;
    p[9] = 17;
    p[12..16].copy_from_slice(&[10, 0, 0, 1]);
    p[16..20].copy_from_slice(&[10, 0, 0, 2]);
    p.extend_from_slice(payload);
    p
}

/// zcrypto's peer and boringtun's tunnel wired back to back, with one clock.
struct Net {
    ours: Peer,
    bt: Tunn,
    now: Duration,
    /// Whether our side answers handshakes under load (cookie replies).
    ours_under_load: bool,
    /// IP packets boringtun delivered to its tunnel interface.
    bt_got: Vec<Vec<u8>>,
    /// Payloads our peer delivered.
    ours_got: Vec<Vec<u8>>,
    ours_keepalives: usize,
    bt_keepalives: usize,
    ours_handshakes_completed: usize,
    ours_responses: usize,
    ours_cookies: usize,
    bt_cookies: usize,
}

impl Net {
    fn new(psk: Option<[u8; 32]>, bt_rate_limit: Option<u64>) -> Net {
        let bt_secret = boringtun::x25519::StaticSecret::from(BT_KEY);
        let bt_public = boringtun::x25519::PublicKey::from(&bt_secret);
        let our_secret = SecretKey::from_bytes(OUR_KEY);
        let our_public = boringtun::x25519::PublicKey::from(*our_secret.public_key().as_bytes());
        let limiter = bt_rate_limit.map(|limit| Arc::new(RateLimiter::new(&bt_public, limit)));
        let bt = Tunn::new(bt_secret, our_public, psk, None, 7, limiter);
        let mut config = PeerConfig::new(
            our_secret,
            zcrypto::x25519::PublicKey::from_bytes(*bt_public.as_bytes()),
        );
        if let Some(psk) = psk {
            config = config.with_preshared_key(psk);
        }
        Net {
            ours: Peer::new(config),
            bt,
            now: SystemTime::now().duration_since(UNIX_EPOCH).unwrap(),
            ours_under_load: false,
            bt_got: vec![],
            ours_got: vec![],
            ours_keepalives: 0,
            bt_keepalives: 0,
            ours_handshakes_completed: 0,
            ours_responses: 0,
            ours_cookies: 0,
            bt_cookies: 0,
        }
    }

    fn advance(&mut self, d: Duration) {
        MockClock::advance(d);
        self.now += d;
    }

    /// Delivers a datagram from us to boringtun, and boringtun's answers back to us.
    fn deliver_to_bt(&mut self, datagram: &[u8]) {
        if datagram.len() == 32 && datagram[0] == 4 {
            self.bt_keepalives += 1;
        }
        if datagram[0] == 3 {
            self.bt_cookies += 1;
        }
        let mut dst = vec![0u8; 2048];
        let mut replies = vec![];
        match self.bt.decapsulate(Some(OUR_ADDR), datagram, &mut dst) {
            TunnResult::WriteToNetwork(p) => {
                replies.push(p.to_vec());
                // boringtun asks to be called again to flush packets queued before the handshake.
                while let TunnResult::WriteToNetwork(p) = self.bt.decapsulate(None, &[], &mut dst) {
                    replies.push(p.to_vec());
                }
            }
            TunnResult::WriteToTunnelV4(p, _) => self.bt_got.push(p.to_vec()),
            TunnResult::Done => {}
            other => panic!("boringtun refused our datagram: {other:?}"),
        }
        for r in replies {
            self.deliver_to_ours(&r);
        }
    }

    /// Delivers a datagram from boringtun to us, and our answers back to boringtun.
    fn deliver_to_ours(&mut self, datagram: &[u8]) {
        let mut out = vec![0u8; 2048];
        let event = self
            .ours
            .receive_from(
                datagram,
                BT_SOURCE,
                self.ours_under_load,
                self.now,
                &mut out,
            )
            .unwrap_or_else(|e| panic!("we refused boringtun's datagram: {e}"));
        match event {
            Event::HandshakeResponse(n) => {
                self.ours_responses += 1;
                self.deliver_to_bt(&out[..n]);
            }
            Event::HandshakeComplete(n) => {
                self.ours_handshakes_completed += 1;
                self.deliver_to_bt(&out[..n]);
            }
            Event::CookieReply(n) => self.deliver_to_bt(&out[..n]),
            Event::CookieStored => self.ours_cookies += 1,
            Event::Data(n) => self.ours_got.push(out[..n].to_vec()),
            Event::Keepalive => self.ours_keepalives += 1,
            other => panic!("unexpected {other:?}"),
        }
    }

    /// Sends an IP packet from us to boringtun.
    fn send_ours(&mut self, payload: &[u8]) {
        let mut wire = vec![0u8; 2048];
        let n = self.ours.send(&ipv4(payload), self.now, &mut wire).unwrap();
        self.deliver_to_bt(&wire[..n]);
    }

    /// Sends an IP packet from boringtun to us (or starts boringtun's handshake).
    fn send_bt(&mut self, payload: &[u8]) {
        let mut dst = vec![0u8; 2048];
        match self.bt.encapsulate(&ipv4(payload), &mut dst) {
            TunnResult::WriteToNetwork(p) => {
                let p = p.to_vec();
                self.deliver_to_ours(&p);
            }
            other => panic!("boringtun did not send: {other:?}"),
        }
    }

    /// Runs both sides' timers once.
    fn tick(&mut self) {
        let mut dst = vec![0u8; 2048];
        if let TunnResult::WriteToNetwork(p) = self.bt.update_timers(&mut dst) {
            let p = p.to_vec();
            self.deliver_to_ours(&p);
        }
        let mut out = vec![0u8; 2048];
        match self.ours.tick(self.now, &mut out).unwrap() {
            Some(Action::SendHandshake(n) | Action::SendKeepalive(n)) => {
                self.deliver_to_bt(&out[..n])
            }
            None => {}
            Some(other) => panic!("unexpected {other:?}"),
        }
    }

    /// Advances the clock second by second, running the timers.
    fn run(&mut self, secs: u64) {
        for _ in 0..secs {
            self.advance(Duration::from_secs(1));
            self.tick();
        }
    }

    fn exchange(&mut self, tag: &str) {
        let (a, b) = (
            format!("zcrypto->boringtun {tag}"),
            format!("boringtun->zcrypto {tag}"),
        );
        self.send_ours(a.as_bytes());
        assert_eq!(self.bt_got.pop().unwrap(), ipv4(a.as_bytes()));
        self.send_bt(b.as_bytes());
        let got = self.ours_got.pop().unwrap();
        assert_eq!(got, ipv4(b.as_bytes()), "boringtun does not pad");
    }
}

const PSKS: [Option<[u8; 32]>; 2] = [None, Some([0x5a; 32])];

#[test]
fn zcrypto_initiator_boringtun_responder() {
    for psk in PSKS {
        let mut net = Net::new(psk, None);
        let init = net.ours.handshake_init(net.now).unwrap();
        net.deliver_to_bt(&init);
        assert_eq!(net.ours_handshakes_completed, 1);
        assert_eq!(net.bt_keepalives, 1, "our confirming keepalive");
        net.exchange("first");

        // Keepalives both ways: a side that received data and sent nothing for
        // KEEPALIVE_TIMEOUT sends a keepalive. (boringtun stamps packets with the time of
        // its last `update_timers`, so the clock moves before it receives; and it starts a
        // handshake if 15 s pass after its last received packet while it has sent data,
        // so the side that heard from the other most recently sends data first.)
        net.send_bt(b"other way");
        assert_eq!(net.ours_got.pop().unwrap(), ipv4(b"other way"));
        net.run(11);
        assert_eq!(net.bt_keepalives, 2, "our passive keepalive");
        net.send_ours(b"one way");
        net.run(11);
        assert_eq!(net.ours_keepalives, 1, "boringtun's passive keepalive");
        assert_eq!(net.ours_handshakes_completed, 1, "no extra handshake");

        // Rekey: past REKEY_AFTER_TIME our next send makes the next tick initiate.
        net.run(REKEY_AFTER_TIME.as_secs() - 20);
        net.exchange("before rekey");
        assert_eq!(net.ours_handshakes_completed, 1);
        net.tick();
        assert_eq!(net.ours_handshakes_completed, 2, "rekeyed with boringtun");
        net.exchange("after rekey");
        net.run(5);
        net.exchange("after rekey, later");
    }
}

#[test]
fn boringtun_initiator_zcrypto_responder() {
    for psk in PSKS {
        let mut net = Net::new(psk, None);
        // boringtun queues the packet, handshakes, and then sends it.
        net.send_bt(b"queued before handshake");
        assert_eq!(net.ours_responses, 1);
        assert_eq!(
            net.ours_keepalives, 1,
            "boringtun confirms with a keepalive"
        );
        assert_eq!(
            net.ours_got.pop().unwrap(),
            ipv4(b"queued before handshake")
        );
        net.exchange("first");

        net.send_bt(b"one way");
        net.run(11);
        assert_eq!(net.bt_keepalives, 1, "our passive keepalive");

        // boringtun rekeys after REKEY_AFTER_TIME once it sends; we answer on its timer.
        net.run(REKEY_AFTER_TIME.as_secs() - 10);
        net.exchange("before rekey");
        net.tick();
        assert_eq!(net.ours_responses, 2, "boringtun rekeyed with us");
        net.exchange("after rekey");
        net.run(3);
        net.exchange("after rekey, later");
    }
}

#[test]
fn cookies_under_load_both_ways() {
    // boringtun under load (rate limit 0): our first initiation gets a cookie reply,
    // our retry after REKEY_TIMEOUT carries mac2 and is accepted.
    let mut net = Net::new(None, Some(0));
    let init = net.ours.handshake_init(net.now).unwrap();
    net.deliver_to_bt(&init);
    assert_eq!(net.ours_cookies, 1);
    assert_eq!(net.ours_handshakes_completed, 0);
    net.run(5);
    assert_eq!(net.ours_handshakes_completed, 1);
    net.exchange("after cookie");

    // We are under load: boringtun's initiation gets our cookie reply, its retry
    // carries mac2 and we respond.
    let mut net = Net::new(Some([1; 32]), None);
    net.ours_under_load = true;
    net.send_bt(b"queued");
    assert_eq!(net.bt_cookies, 1);
    assert_eq!(net.ours_responses, 0);
    net.run(6);
    assert_eq!(net.ours_responses, 1);
    assert_eq!(net.ours_got.pop().unwrap(), ipv4(b"queued"));
    net.exchange("after cookie");
}
