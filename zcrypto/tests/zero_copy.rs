//! Zero-copy packets: round trips and bit flips (proptest), pool exhaustion and reuse,
//! a producer/consumer stream across threads, and replayed or reordered packets.

use std::sync::Arc;
use std::time::Duration;

use proptest::prelude::*;
use zcrypto::aead::{AeadAlg, PacketKey, TAG_LEN};
use zcrypto::zero_copy::{self, Opener, PacketPool, PacketRing, PoolConfig, Sealer, WINDOW};
use zcrypto::{Backend, Error};

const ALGS: [AeadAlg; 3] = [
    AeadAlg::Aes128Gcm,
    AeadAlg::Aes256Gcm,
    AeadAlg::ChaCha20Poly1305,
];

fn key(alg: AeadAlg, backend: Backend) -> PacketKey {
    PacketKey::with_backend(alg, &vec![0x11; alg.key_len()], [0x22; 12], backend).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// open(seal(x)) == x for any header/body split and packet number; flipping any one
    /// bit of the sealed packet, or opening under another number, fails and leaves no
    /// plaintext behind.
    #[test]
    fn round_trip_and_bit_flips(
        body in proptest::collection::vec(any::<u8>(), 0..1400),
        header_len in 0usize..64,
        number in any::<u64>(),
        alg in 0usize..3,
        flip in any::<prop::sample::Index>(),
    ) {
        let pool = PacketPool::new(PoolConfig::new(2, 1500)).unwrap();
        let header_len = header_len.min(body.len());
        for &backend in Backend::AVAILABLE {
            let key = key(ALGS[alg], backend);
            let mut p = pool.acquire().unwrap();
            p.extend_from_slice(&body).unwrap();
            p.set_header_len(header_len);
            p.set_number(number);
            p.seal(&key).unwrap();
            prop_assert_eq!(p.len(), body.len() + TAG_LEN);
            let sealed = p.data().to_vec();

            p.open(&key).unwrap();
            prop_assert_eq!(p.data(), &body[..]);

            let bit = flip.index(sealed.len() * 8);
            let mut q = pool.acquire().unwrap();
            q.extend_from_slice(&sealed).unwrap();
            q.data_mut()[bit / 8] ^= 1 << (bit % 8);
            q.set_header_len(header_len);
            q.set_number(number);
            prop_assert_eq!(q.open(&key), Err(Error::DecryptionFailed));
            prop_assert!(q.data()[header_len..sealed.len() - TAG_LEN].iter().all(|&b| b == 0));

            q.clear();
            q.extend_from_slice(&sealed).unwrap();
            q.set_header_len(header_len);
            q.set_number(number.wrapping_add(1));
            prop_assert_eq!(q.open(&key), Err(Error::DecryptionFailed));
        }
    }
}

#[test]
fn exhaustion_is_an_error_and_buffers_come_back() {
    let pool = PacketPool::new(PoolConfig::new(4, 1500)).unwrap();
    let held: Vec<_> = (0..4).map(|_| pool.acquire().unwrap()).collect();
    for _ in 0..3 {
        assert_eq!(pool.acquire().unwrap_err(), Error::LimitExceeded);
    }
    assert_eq!(
        pool.acquire_timeout(Duration::from_millis(1)).unwrap_err(),
        Error::LimitExceeded
    );
    let s = pool.stats();
    assert_eq!((s.in_use, s.high_water, s.exhausted), (4, 4, 4));
    // Buffers live in different places; none is handed out twice.
    let mut addrs: Vec<_> = held.iter().map(|b| b.data().as_ptr() as usize).collect();
    addrs.sort_unstable();
    addrs.dedup();
    assert_eq!(addrs.len(), 4);
    drop(held);
    assert_eq!(pool.stats().in_use, 0);
    // A thousand more acquisitions reuse the same four buffers.
    for _ in 0..1000 {
        let b = pool.acquire().unwrap();
        assert!(addrs.contains(&(b.data().as_ptr() as usize)));
    }
    assert_eq!(pool.stats().high_water, 4);
}

#[test]
fn buffers_outlive_a_dropped_pool_handle() {
    let pool = PacketPool::new(PoolConfig::new(1, 100)).unwrap();
    let mut b = pool.acquire().unwrap();
    drop(pool);
    b.extend_from_slice(b"still usable").unwrap();
    assert_eq!(b.data(), b"still usable");
}

#[test]
fn stream_across_threads() {
    const PACKETS: u64 = 5000;
    let pool = PacketPool::new(PoolConfig::new(256, 1500)).unwrap();
    let ring = Arc::new(PacketRing::new(128).unwrap());
    let k = || key(AeadAlg::ChaCha20Poly1305, Backend::default());
    let producer = {
        let (pool, ring) = (pool.clone(), Arc::clone(&ring));
        let mut sealer = Sealer::new(k());
        std::thread::spawn(move || {
            for i in 0..PACKETS {
                let mut p = pool.acquire_timeout(Duration::from_secs(30)).unwrap();
                p.extend_from_slice(&i.to_le_bytes()).unwrap();
                assert_eq!(sealer.seal(&mut p).unwrap(), i);
                let mut p = Some(p);
                while let Some(packet) = p.take() {
                    if let Err(back) = ring.push(packet) {
                        p = Some(back);
                        std::thread::yield_now();
                    }
                }
            }
        })
    };
    let mut opener = Opener::new(k());
    let mut next = 0;
    while next < PACKETS {
        match ring.pop() {
            Some(mut p) => {
                assert_eq!(opener.open(&mut p).unwrap(), next);
                assert_eq!(p.data(), next.to_le_bytes());
                next += 1;
            }
            None => std::thread::yield_now(),
        }
    }
    producer.join().unwrap();
    assert!(ring.is_empty());
    assert_eq!(pool.stats().in_use, 0);
}

#[test]
fn replays_reordering_and_forgeries() {
    let pool = PacketPool::new(PoolConfig::new(8, 1500)).unwrap();
    let mut sealer = Sealer::new(key(AeadAlg::Aes128Gcm, Backend::default()));
    let mut opener = Opener::new(key(AeadAlg::Aes128Gcm, Backend::default()));
    let mut wire = Vec::new();
    for i in 0..(WINDOW + 10) {
        let mut p = pool.acquire().unwrap();
        p.extend_from_slice(&[i as u8; 40]).unwrap();
        sealer.seal(&mut p).unwrap();
        wire.push(p.data().to_vec());
    }
    let deliver = |opener: &mut Opener, n: u64| {
        let mut p = pool.acquire().unwrap();
        p.extend_from_slice(&wire[n as usize]).unwrap();
        p.set_number(n);
        opener.open(&mut p)
    };
    // Out of order inside the window: fine once each.
    for n in [5, 3, 4, 0, 9] {
        deliver(&mut opener, n).unwrap();
    }
    for n in [5, 3, 0] {
        assert_eq!(deliver(&mut opener, n), Err(Error::Replayed));
    }
    // A forged packet carrying a far-future number fails authentication and does not
    // move the window.
    let mut forged = pool.acquire().unwrap();
    forged.extend_from_slice(&wire[1]).unwrap();
    forged.set_number(1 << 40);
    assert_eq!(opener.open(&mut forged), Err(Error::DecryptionFailed));
    assert_eq!(opener.window().highest(), 9);
    deliver(&mut opener, 1).unwrap();
    // Jump ahead: packets more than WINDOW behind are refused even if never seen.
    deliver(&mut opener, WINDOW + 9).unwrap();
    assert_eq!(deliver(&mut opener, 8), Err(Error::Replayed)); // WINDOW + 1 behind, never seen
    deliver(&mut opener, 10).unwrap(); // WINDOW - 1 behind, new
    assert_eq!(deliver(&mut opener, 9), Err(Error::Replayed)); // exactly WINDOW behind, seen
}

#[test]
fn batch_length_mismatch_is_an_error() {
    let pool = PacketPool::new(PoolConfig::new(2, 100)).unwrap();
    let mut batch = vec![pool.acquire().unwrap(), pool.acquire().unwrap()];
    let key = key(AeadAlg::Aes128Gcm, Backend::default());
    zero_copy::seal_batch(&key, &mut batch).unwrap();
    let mut results = [Ok(()); 1];
    assert!(matches!(
        zero_copy::open_batch(&key, &mut batch, &mut results),
        Err(Error::InvalidLength { .. })
    ));
}
