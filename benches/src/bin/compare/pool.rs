//! `compare pool`: connection-pool crypto (issue 11). Resumption with a ticket (issue,
//! redeem, derive both sides' keys) against a full WireGuard handshake with
//! `zcrypto::tunnel` (both sides); bulk HKDF for 10,000 connections across cores
//! against one core; a cached static–static DH against computing it; and memory per
//! idle connection (in the table's note).

use std::hint::black_box;
use std::time::Duration;

use benches::{Config, Table, Unit, case, case_ops, measure};
use zcrypto::aead::AeadAlg;
use zcrypto::kdf::{HkdfAlg, Prk};
use zcrypto::pool::{
    ActiveContext, ExpandJob, IdleContext, ResumptionSecret, Role, StaticDhCache, TicketIssuer,
    expand_all, expand_all_sequential,
};
use zcrypto::tunnel::{Event, Peer, PeerConfig};
use zcrypto::x25519::SecretKey;

const CONNECTIONS: usize = 10_000;
/// A 32-byte key and a 12-byte IV per direction.
const OKM: usize = 2 * (32 + 12);
const T0: Duration = Duration::from_secs(1_700_000_000);

/// One full WireGuard handshake between two existing peers, both sides: initiation,
/// response, confirmation keepalive (3 messages, 4 DH + 1 ephemeral key each side).
fn handshake(alice: &mut Peer, bob: &mut Peer, now: Duration, buf: &mut [u8; 256]) {
    let init = alice.handshake_init(now).expect("initiation");
    let mut resp = [0u8; 256];
    let Ok(Event::HandshakeResponse(n)) = bob.receive(&init, now, &mut resp) else {
        panic!("no response")
    };
    let Ok(Event::HandshakeComplete(m)) = alice.receive(&resp[..n], now, buf) else {
        panic!("no completion")
    };
    assert_eq!(bob.receive(&buf[..m], now, &mut resp), Ok(Event::Keepalive));
}

fn peers() -> (Peer, Peer) {
    let (a, b) = (
        SecretKey::generate().expect("key"),
        SecretKey::generate().expect("key"),
    );
    (
        Peer::new(PeerConfig::new(a.clone(), b.public_key())),
        Peer::new(PeerConfig::new(b, a.public_key())),
    )
}

/// Bytes in use on the C/Rust heap (glibc's allocator serves both aws-lc and Rust).
fn heap_in_use() -> Option<usize> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 only reads the allocator's statistics.
        let info = unsafe { libc::mallinfo2() };
        Some(info.uordblks)
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        None
    }
}

/// Inline size plus the heap growth per item while `make` builds `n` of them into a
/// vector reserved beforehand (so the vector's own buffer is not counted twice).
fn bytes_per<T>(n: usize, mut make: impl FnMut(usize) -> T) -> (usize, Option<f64>) {
    let mut v: Vec<T> = Vec::with_capacity(n);
    let before = heap_in_use();
    for i in 0..n {
        v.push(make(i));
    }
    let after = heap_in_use();
    black_box(&v);
    let heap = before
        .zip(after)
        .map(|(b, a)| a.saturating_sub(b) as f64 / n as f64);
    (core::mem::size_of::<T>(), heap)
}

fn fmt_bytes((inline, heap): (usize, Option<f64>)) -> String {
    match heap {
        Some(h) => format!("{:.0} B ({inline} inline + {h:.0} heap)", inline as f64 + h),
        None => format!("{inline} B inline (heap not measured on this platform)"),
    }
}

fn memory_note() -> String {
    const N: usize = 2_000;
    let secret = ResumptionSecret::from_bytes([9; 32]);
    let idle_for = |i: usize| {
        let nonce = [(i % 251) as u8; 32];
        secret
            .derive(
                Role::Server,
                AeadAlg::ChaCha20Poly1305,
                &nonce,
                &[1; 32],
                i as u32,
            )
            .expect("derive")
    };
    let idle = bytes_per(N, idle_for);
    let active = bytes_per(N, |i| -> ActiveContext {
        idle_for(i).resume().expect("resume")
    });
    let peers_est = bytes_per(N, |_| {
        let (mut a, mut b) = peers();
        let mut buf = [0u8; 256];
        handshake(&mut a, &mut b, T0, &mut buf);
        drop(b);
        a
    });
    let line = format!(
        "Memory per connection ({N} built, glibc mallinfo2 heap delta / {N} + size_of): \
         pool IdleContext {} (IdleContext::BYTES = {}); the same connection resumed \
         (ActiveContext, ChaCha20-Poly1305 on aws-lc) {}; an established \
         zcrypto::tunnel::Peer {}.",
        fmt_bytes(idle),
        IdleContext::BYTES,
        fmt_bytes(active),
        fmt_bytes(peers_est),
    );
    println!("{line}\n");
    line
}

pub fn pool(cfg: Config) -> Table {
    let mut table = Table::new(
        "Connection pool: resumption, bulk HKDF, cached static DH (ns/op, lower is better)",
        Unit::NsPerOp,
    );

    // Resumption vs full handshake.
    let second = Duration::from_secs(1);
    // Tickets live 1 s and the clock advances 1 ms per resumption, so the replay store
    // holds ~1000 live ids and rotations happen every 1000 resumptions, as in a busy server.
    let mut issuer = TicketIssuer::new(second, second, 4096, T0).expect("issuer");
    let secret = ResumptionSecret::generate().expect("secret");
    let mut t_resume = T0;
    let mut nonce_ctr = 0u64;
    let (mut alice, mut bob) = peers();
    let mut t_hs = T0;
    let mut hs_buf = [0u8; 256];

    // Static DH: cached lookup vs computing it.
    let local = SecretKey::generate().expect("key");
    let remote = SecretKey::generate().expect("key").public_key();
    let mut cache = StaticDhCache::new(local.clone(), 1).expect("cache");
    cache.insert(remote).expect("insert");

    // Bulk HKDF.
    let prks: Vec<Prk> = (0..CONNECTIONS)
        .map(|i| Prk::extract(HkdfAlg::Sha256, b"salt", &(i as u64).to_le_bytes()))
        .collect();
    let infos: Vec<Vec<u8>> = (0..CONNECTIONS)
        .map(|i| format!("conn {i}").into_bytes())
        .collect();
    let jobs: Vec<ExpandJob<'_>> = prks
        .iter()
        .zip(&infos)
        .map(|(p, i)| ExpandJob::new(p, i))
        .collect();
    let mut out_par = vec![0u8; CONNECTIONS * OKM];
    let mut out_seq = vec![0u8; CONNECTIONS * OKM];

    let m = measure(
        cfg,
        vec![
            case(
                "resume: issue + redeem ticket, derive + resume both sides",
                || {
                    t_resume += Duration::from_millis(1);
                    nonce_ctr += 1;
                    let ticket = issuer.issue(&secret, &[7; 32], t_resume).expect("issue");
                    let state = issuer.redeem(&ticket, t_resume).expect("redeem");
                    let mut cn = [0u8; 32];
                    cn[..8].copy_from_slice(&nonce_ctr.to_le_bytes());
                    let sn = [2u8; 32];
                    let alg = AeadAlg::ChaCha20Poly1305;
                    let s = state
                        .secret()
                        .derive(Role::Server, alg, &cn, &sn, 1)
                        .expect("derive");
                    let c = secret
                        .derive(Role::Client, alg, &cn, &sn, 2)
                        .expect("derive");
                    (s.resume().expect("resume"), c.resume().expect("resume"))
                },
            ),
            case(
                "full WireGuard handshake, both sides (zcrypto::tunnel)",
                || {
                    t_hs += second;
                    handshake(&mut alice, &mut bob, t_hs, &mut hs_buf);
                },
            ),
            case("StaticDhCache::get", || {
                cache.get(black_box(&remote)).is_some()
            }),
            case("x25519 diffie_hellman", || {
                local.diffie_hellman(black_box(&remote)).expect("dh")
            }),
            case_ops(
                "expand_all (rayon), 10,000 connections",
                CONNECTIONS as u64,
                || expand_all(&jobs, OKM, black_box(&mut out_par)).expect("expand"),
            ),
            case_ops(
                "expand_all_sequential, 10,000 connections",
                CONNECTIONS as u64,
                || expand_all_sequential(&jobs, OKM, black_box(&mut out_seq)).expect("expand"),
            ),
        ],
    );
    assert_eq!(out_par, out_seq);
    crate::note_noise("pool", &m);
    table.row(
        "resumption (ticket issue+redeem, HKDF, key setup) vs full handshake",
        &m,
        "resume: issue + redeem ticket, derive + resume both sides",
        "full WireGuard handshake, both sides (zcrypto::tunnel)",
        false,
    );
    table.row(
        "static-static DH: cached vs computed",
        &m,
        "StaticDhCache::get",
        "x25519 diffie_hellman",
        false,
    );
    table.row(
        format!(
            "bulk HKDF-Expand 88 B, per connection: {} threads vs 1",
            rayon::current_num_threads()
        ),
        &m,
        "expand_all (rayon), 10,000 connections",
        "expand_all_sequential, 10,000 connections",
        false,
    );
    let memory = memory_note();
    table.set_note(format!(
        "Resumption: one ticket issued and redeemed (XChaCha20-Poly1305, replay store \
         insert), HKDF-SHA-256 of both sides' keys from the ticket's secret and fresh \
         nonces, and ChaCha20-Poly1305 key setup both sides; no DH. The handshake row is \
         Noise IKpsk2 with both tunnel::Peer objects reused (initiation, response, \
         keepalive confirmation; 2 ephemeral keys, 6 DH — the static–static one is precomputed per Peer — and the public-key computations tunnel does per message). Bulk rows: HKDF-Expand \
         of 88 bytes (two 32-byte keys and 12-byte IVs) for each of 10,000 connections \
         into one buffer; the ratio is the speed-up of rayon over one core. {memory}"
    ));
    table
}
