//! Zero heap allocations per packet in steady state: a counting global allocator
//! watches pool acquire, seal, open and release, one packet at a time and in batches of
//! 64, on every backend. (One test function: the count is process-wide.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use zcrypto::Backend;
use zcrypto::aead::{AeadAlg, PacketKey};
use zcrypto::zero_copy::{self, Opener, PacketBuf, PacketPool, PacketRing, PoolConfig, Sealer};

struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed through.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: as for `alloc` and `dealloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made while running `f`.
fn allocations(f: impl FnOnce()) -> usize {
    ALLOCATIONS.store(0, Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
    f();
    COUNTING.store(false, Ordering::SeqCst);
    ALLOCATIONS.load(Ordering::SeqCst)
}

const PAYLOAD: [u8; 1350] = [0x5a; 1350];

fn fill(p: &mut PacketBuf, number: u64) {
    p.clear();
    p.extend_from_slice(&PAYLOAD).unwrap();
    p.prepend(&[0x40; 20]).unwrap();
    p.set_header_len(20);
    p.set_number(number);
}

#[test]
fn steady_state_allocates_nothing() {
    for &backend in Backend::AVAILABLE {
        for alg in [
            AeadAlg::Aes128Gcm,
            AeadAlg::Aes256Gcm,
            AeadAlg::ChaCha20Poly1305,
        ] {
            let key =
                PacketKey::with_backend(alg, &vec![7; alg.key_len()], [1; 12], backend).unwrap();
            let pool = PacketPool::new(PoolConfig::new(128, 1500)).unwrap();

            // Single packets: acquire, fill, seal, open, drop back to the pool.
            let single = allocations(|| {
                for n in 0..1000 {
                    let mut p = pool.acquire().unwrap();
                    fill(&mut p, n);
                    p.seal(&key).unwrap();
                    p.open(&key).unwrap();
                    assert_eq!(&p.data()[20..], &PAYLOAD[..]);
                }
            });
            assert_eq!(
                single, 0,
                "{alg:?} on {backend:?}: single packets allocated"
            );

            // Batches of 64 in a reused Vec (its capacity is set up once, outside the count).
            let mut batch: Vec<PacketBuf> = Vec::with_capacity(64);
            let mut results = [Ok(()); 64];
            let batched = allocations(|| {
                for round in 0..50u64 {
                    for i in 0..64 {
                        let mut p = pool.acquire().unwrap();
                        fill(&mut p, round * 64 + i);
                        batch.push(p);
                    }
                    zero_copy::seal_batch(&key, &mut batch).unwrap();
                    let ok = zero_copy::open_batch(&key, &mut batch, &mut results).unwrap();
                    assert_eq!(ok, 64);
                    batch.clear(); // every buffer back to the pool
                }
            });
            assert_eq!(batched, 0, "{alg:?} on {backend:?}: batches allocated");

            // A numbered stream through a ring, with anti-replay on the open side.
            let ring = PacketRing::new(64).unwrap();
            let mut sealer = Sealer::new(
                PacketKey::with_backend(alg, &vec![7; alg.key_len()], [1; 12], backend).unwrap(),
            );
            let mut opener = Opener::new(
                PacketKey::with_backend(alg, &vec![7; alg.key_len()], [1; 12], backend).unwrap(),
            );
            let streamed = allocations(|| {
                for _ in 0..20 {
                    for _ in 0..64 {
                        let mut p = pool.acquire().unwrap();
                        fill(&mut p, 0);
                        sealer.seal(&mut p).unwrap();
                        ring.push(p).unwrap();
                    }
                    while let Some(mut p) = ring.pop() {
                        opener.open(&mut p).unwrap();
                    }
                }
            });
            assert_eq!(streamed, 0, "{alg:?} on {backend:?}: the stream allocated");
            assert_eq!(pool.stats().in_use, 0);
        }
    }
    // The counter itself works: a Vec allocates.
    assert!(allocations(|| drop(std::hint::black_box(vec![1u8; 100]))) > 0);
}
