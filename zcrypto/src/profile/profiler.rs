//! [`Profiler`]: sampled latency and throughput of live seal/open traffic.

use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

use super::CostModel;
use super::model::Fit;
use crate::Error;
use crate::aead::AeadAlg;

/// Which way the data goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Encryption (sending).
    Seal,
    /// Decryption (receiving).
    Open,
}

impl Direction {
    /// Both directions.
    pub const ALL: [Direction; 2] = [Direction::Seal, Direction::Open];

    /// `"seal"` or `"open"`.
    pub const fn name(self) -> &'static str {
        match self {
            Direction::Seal => "seal",
            Direction::Open => "open",
        }
    }
}

/// Latencies above this are recorded as this (a descheduled thread, not crypto).
const MAX_NS: u64 = 1_000_000_000;
/// Weight of a new sample in the throughput EWMA.
const EWMA_ALPHA: f64 = 1.0 / 16.0;
/// Samples slower than this multiple of the model's prediction (after the first
/// [`WARM_SAMPLES`]) stay in the histogram but not in the cost fit: preemption is not
/// crypto cost.
const OUTLIER_FACTOR: f64 = 8.0;
const WARM_SAMPLES: u64 = 32;

/// What a [`Profiler`] knows about one suite in one direction.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackStats {
    /// Packets processed (every one is counted).
    pub packets: u64,
    /// Bytes processed.
    pub bytes: u64,
    /// Packets that were timed.
    pub samples: u64,
    /// Latency percentiles of the timed packets in nanoseconds: p50, p90, p99, p99.9.
    pub latency_ns: [u64; 4],
    /// The slowest timed packet, in nanoseconds.
    pub max_ns: u64,
    /// Exponentially weighted moving average of crypto throughput over the timed
    /// packets, in bytes per nanosecond (= GB/s); weight 1/16 per sample.
    pub ewma_gbps: f64,
    /// The per-packet + per-byte cost fitted to the timed packets.
    pub model: Option<CostModel>,
}

#[derive(Clone)]
struct Track {
    packets: u64,
    bytes: u64,
    samples: u64,
    histogram: Histogram<u64>,
    fit: Fit,
    ewma_gbps: f64,
}

impl Track {
    fn new() -> Result<Track, Error> {
        Ok(Track {
            packets: 0,
            bytes: 0,
            samples: 0,
            histogram: Histogram::new_with_bounds(1, MAX_NS, 2).map_err(|_| Error::Internal)?,
            fit: Fit::default(),
            ewma_gbps: 0.0,
        })
    }

    fn sample(&mut self, bytes: usize, elapsed: Duration) {
        let ns = u64::try_from(elapsed.as_nanos())
            .unwrap_or(u64::MAX)
            .clamp(1, MAX_NS);
        self.samples += 1;
        self.histogram.saturating_record(ns);
        let gbps = bytes as f64 / ns as f64;
        self.ewma_gbps = if self.samples == 1 {
            gbps
        } else {
            self.ewma_gbps + EWMA_ALPHA * (gbps - self.ewma_gbps)
        };
        let outlier = self.samples > WARM_SAMPLES
            && self
                .fit
                .model()
                .is_some_and(|m| ns as f64 > OUTLIER_FACTOR * m.packet_ns(bytes).max(1.0));
        if !outlier {
            self.fit.add(bytes as f64, ns as f64);
        }
    }

    fn stats(&self) -> TrackStats {
        let q = |q: f64| {
            if self.samples == 0 {
                0
            } else {
                self.histogram.value_at_quantile(q)
            }
        };
        TrackStats {
            packets: self.packets,
            bytes: self.bytes,
            samples: self.samples,
            latency_ns: [q(0.5), q(0.9), q(0.99), q(0.999)],
            max_ns: if self.samples == 0 {
                0
            } else {
                self.histogram.max()
            },
            ewma_gbps: self.ewma_gbps,
            model: self.fit.model(),
        }
    }
}

/// Records the cost of live packet crypto per suite and direction, cheaply enough to
/// leave on in production.
///
/// Every call counts packets and bytes (two additions); one call in
/// `sample_every` (64 by default) is also timed with the monotonic clock and goes into
/// an HDR histogram (2 significant digits, 1 ns to 1 s), a per-packet + per-byte
/// least-squares [`CostModel`] and an EWMA of throughput. With 1350-byte packets the
/// amortized cost is about 1 ns per packet, well under 1% of sealing it
/// (`cargo run --release -p benches --bin compare -- profile` measures it).
///
/// A profiler is `&mut` and not shared: keep one per connection or per thread and
/// [`merge`](Profiler::merge) them for a report.
///
/// ```
/// use zcrypto::aead::{AeadAlg, PacketKey};
/// use zcrypto::profile::{Direction, Profiler};
/// let key = PacketKey::new(AeadAlg::Aes128Gcm, &[1; 16], [2; 12])?;
/// let mut profiler = Profiler::with_sampling(1)?; // time every packet (for the example)
/// let mut packet = vec![0u8; 1350 + 16];
/// for n in 0..100 {
///     profiler.record(AeadAlg::Aes128Gcm, Direction::Seal, 1350, || {
///         key.seal_in_place(n, b"header", &mut packet, 1350)
///     })?;
/// }
/// let stats = profiler.stats(AeadAlg::Aes128Gcm, Direction::Seal);
/// assert_eq!((stats.packets, stats.bytes, stats.samples), (100, 135_000, 100));
/// assert!(stats.latency_ns[0] > 0 && stats.ewma_gbps > 0.0);
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone)]
pub struct Profiler {
    mask: u64,
    tracks: Vec<Track>,
}

impl Profiler {
    /// A profiler timing one packet in 64.
    pub fn new() -> Result<Profiler, Error> {
        Profiler::with_sampling(64)
    }

    /// A profiler timing one packet in `every`, rounded up to a power of two (0 and 1
    /// time every packet).
    pub fn with_sampling(every: u64) -> Result<Profiler, Error> {
        let every = every.max(1).checked_next_power_of_two().unwrap_or(1 << 63);
        let tracks = (0..AeadAlg::ALL.len() * 2)
            .map(|_| Track::new())
            .collect::<Result<_, _>>()?;
        Ok(Profiler {
            mask: every - 1,
            tracks,
        })
    }

    fn index(alg: AeadAlg, dir: Direction) -> usize {
        let a = AeadAlg::ALL.iter().position(|&x| x == alg).unwrap_or(0);
        a * 2 + usize::from(dir == Direction::Open)
    }

    /// Runs `op`, which seals or opens `bytes` bytes with `alg`, and records it.
    #[inline]
    pub fn record<R>(
        &mut self,
        alg: AeadAlg,
        dir: Direction,
        bytes: usize,
        op: impl FnOnce() -> R,
    ) -> R {
        let mask = self.mask;
        let track = &mut self.tracks[Self::index(alg, dir)];
        let sampled = track.packets & mask == 0;
        track.packets += 1;
        track.bytes += bytes as u64;
        if !sampled {
            return op();
        }
        let start = Instant::now();
        let result = op();
        track.sample(bytes, start.elapsed());
        result
    }

    /// Records a packet the caller timed itself (counted and sampled).
    pub fn record_timed(&mut self, alg: AeadAlg, dir: Direction, bytes: usize, took: Duration) {
        let track = &mut self.tracks[Self::index(alg, dir)];
        track.packets += 1;
        track.bytes += bytes as u64;
        track.sample(bytes, took);
    }

    /// What is known about `alg` in direction `dir`.
    pub fn stats(&self, alg: AeadAlg, dir: Direction) -> TrackStats {
        self.tracks[Self::index(alg, dir)].stats()
    }

    /// The cost model fitted to live traffic, if any packet was timed.
    pub fn model(&self, alg: AeadAlg, dir: Direction) -> Option<CostModel> {
        self.tracks[Self::index(alg, dir)].fit.model()
    }

    /// Adds another profiler's counts, histograms and fits to this one (the EWMA keeps
    /// the busier side's value).
    pub fn merge(&mut self, other: &Profiler) {
        for (a, b) in self.tracks.iter_mut().zip(&other.tracks) {
            if b.samples > a.samples {
                a.ewma_gbps = b.ewma_gbps;
            }
            a.packets += b.packets;
            a.bytes += b.bytes;
            a.samples += b.samples;
            // Same bounds on both sides: adding cannot fail.
            let _ = a.histogram.add(&b.histogram);
            a.fit.merge(&b.fit);
        }
    }
}

impl core::fmt::Debug for Profiler {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Profiler")
            .field("sample_every", &(self.mask + 1))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampling_counts_every_packet_and_times_one_in_n() {
        let mut p = Profiler::with_sampling(4).unwrap();
        for _ in 0..100 {
            p.record(AeadAlg::ChaCha20Poly1305, Direction::Open, 10, || ());
        }
        let s = p.stats(AeadAlg::ChaCha20Poly1305, Direction::Open);
        assert_eq!((s.packets, s.bytes, s.samples), (100, 1000, 25));
        let other = p.stats(AeadAlg::ChaCha20Poly1305, Direction::Seal);
        assert_eq!((other.packets, other.samples, other.model), (0, 0, None));
        // Rounded up to a power of two: 3 → 4.
        let mut q = Profiler::with_sampling(3).unwrap();
        for _ in 0..8 {
            q.record(AeadAlg::Aes256Gcm, Direction::Seal, 1, || ());
        }
        assert_eq!(q.stats(AeadAlg::Aes256Gcm, Direction::Seal).samples, 2);
        assert!(Profiler::with_sampling(0).is_ok() && Profiler::with_sampling(u64::MAX).is_ok());
    }

    #[test]
    fn percentiles_fit_and_merge() {
        let mut a = Profiler::with_sampling(1).unwrap();
        // 1000 packets: size 100..1100, time 50 + 0.5 ns/byte, and one preemption.
        for i in 0..1000u64 {
            let bytes = 100 + i as usize;
            let ns = 50 + bytes as u64 / 2;
            a.record_timed(
                AeadAlg::Aes128Gcm,
                Direction::Seal,
                bytes,
                Duration::from_nanos(ns),
            );
        }
        a.record_timed(
            AeadAlg::Aes128Gcm,
            Direction::Seal,
            500,
            Duration::from_millis(5),
        );
        let s = a.stats(AeadAlg::Aes128Gcm, Direction::Seal);
        let m = s.model.unwrap();
        assert!((m.per_packet_ns - 50.0).abs() < 1.0, "{m:?}");
        assert!((m.per_byte_ns - 0.5).abs() < 0.01, "{m:?}");
        // p50 ≈ 50 + 600/2 = 350 ns (2 significant digits), max = the 5 ms outlier.
        assert!((340..=360).contains(&s.latency_ns[0]), "{:?}", s.latency_ns);
        assert!(s.max_ns >= 4_900_000);
        assert!(s.ewma_gbps > 0.0);

        let mut b = Profiler::with_sampling(1).unwrap();
        b.record_timed(
            AeadAlg::Aes128Gcm,
            Direction::Seal,
            100,
            Duration::from_nanos(100),
        );
        b.merge(&a);
        let merged = b.stats(AeadAlg::Aes128Gcm, Direction::Seal);
        assert_eq!(merged.packets, 1002);
        assert_eq!(merged.samples, 1002);
    }
}
