//! [`CostModel`]: crypto time as a fixed cost per packet plus a cost per byte, and
//! what a congestion controller derives from it.

use core::time::Duration;

/// An amount of traffic: packets and their total bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Workload {
    /// Number of packets.
    pub packets: u64,
    /// Total payload bytes of those packets.
    pub bytes: u64,
}

/// Crypto cost of one direction of one suite on one core:
/// `time(packet) = per_packet_ns + per_byte_ns × bytes`.
///
/// ```
/// use zcrypto::profile::{CostModel, Workload};
/// // 100 ns per packet plus 0.25 ns per byte: a 1350-byte packet takes 437.5 ns.
/// let m = CostModel { per_packet_ns: 100.0, per_byte_ns: 0.25 };
/// assert_eq!(m.packet_ns(1350), 437.5);
/// let t = m.time(Workload { packets: 1000, bytes: 1_350_000 });
/// assert_eq!(t.as_nanos(), 437_500);
/// // One core seals 1350-byte packets at 1350 / 437.5 ns = 3.09 GB/s; two cores twice that.
/// assert!((m.max_rate(1350, 2) - 6.171e9).abs() < 1e7);
/// assert!(m.is_bottleneck(6.0e9, 1350, 2));
/// assert!(!m.is_bottleneck(1.0e9, 1350, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CostModel {
    /// Fixed cost of one packet in nanoseconds (setup, nonce, tag, finalization).
    pub per_packet_ns: f64,
    /// Cost of one byte in nanoseconds (the bulk cipher and MAC).
    pub per_byte_ns: f64,
}

/// The share of crypto capacity above which [`CostModel::is_bottleneck`] says crypto,
/// not the network, limits the sending rate.
pub const BOTTLENECK_UTILIZATION: f64 = 0.9;

impl CostModel {
    /// Nanoseconds to process one packet of `bytes` bytes.
    pub fn packet_ns(&self, bytes: usize) -> f64 {
        self.per_packet_ns + self.per_byte_ns * bytes as f64
    }

    /// Predicted crypto time of a workload on one core.
    pub fn time(&self, workload: Workload) -> Duration {
        let ns =
            self.per_packet_ns * workload.packets as f64 + self.per_byte_ns * workload.bytes as f64;
        Duration::from_nanos(ns.max(0.0).round() as u64)
    }

    /// The most bytes per second crypto can process in packets of `packet_bytes` bytes
    /// on `cores` cores (crypto spread evenly, as with one connection per core or batch
    /// sealing across cores). This caps the pacing rate.
    pub fn max_rate(&self, packet_bytes: usize, cores: usize) -> f64 {
        let ns = self.packet_ns(packet_bytes);
        if ns <= 0.0 {
            return f64::INFINITY;
        }
        cores as f64 * packet_bytes as f64 / ns * 1e9
    }

    /// The share of `cores` cores' crypto capacity that sending `rate` bytes per second
    /// in packets of `packet_bytes` bytes uses (1.0 = all of it).
    pub fn utilization(&self, rate: f64, packet_bytes: usize, cores: usize) -> f64 {
        rate / self.max_rate(packet_bytes, cores)
    }

    /// Whether crypto is the bottleneck at `rate` bytes per second: it would use at
    /// least [`BOTTLENECK_UTILIZATION`] of the crypto capacity.
    pub fn is_bottleneck(&self, rate: f64, packet_bytes: usize, cores: usize) -> bool {
        self.utilization(rate, packet_bytes, cores) >= BOTTLENECK_UTILIZATION
    }
}

/// Least-squares fit of `ns = a + b × bytes` from running sums (constant memory),
/// weighted by 1/ns²: it minimises the *relative* error, so small packets (acks,
/// handshake) are predicted as well as jumbo ones instead of being swamped by them.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Fit {
    n: f64,
    x: f64,
    y: f64,
    xx: f64,
    xy: f64,
}

impl Fit {
    pub(super) fn add(&mut self, bytes: f64, ns: f64) {
        let w = 1.0 / (ns * ns).max(1.0);
        self.n += w;
        self.x += w * bytes;
        self.y += w * ns;
        self.xx += w * bytes * bytes;
        self.xy += w * bytes * ns;
    }

    pub(super) fn merge(&mut self, other: &Fit) {
        self.n += other.n;
        self.x += other.x;
        self.y += other.y;
        self.xx += other.xx;
        self.xy += other.xy;
    }

    /// The fitted model, or `None` before any sample. With a single packet size the
    /// split between per-packet and per-byte cost is unknowable: all of it is charged
    /// per byte. Negative coefficients (noise) are clamped to zero and the other refit.
    pub(super) fn model(&self) -> Option<CostModel> {
        if self.n == 0.0 {
            return None;
        }
        let per_byte_only = CostModel {
            per_packet_ns: 0.0,
            per_byte_ns: if self.x > 0.0 { self.y / self.x } else { 0.0 },
        };
        let spread = self.n * self.xx - self.x * self.x;
        // Relative test: all samples of (nearly) one size.
        if spread <= 1e-9 * self.n * self.xx.max(1.0) {
            if self.x == 0.0 {
                return Some(CostModel {
                    per_packet_ns: self.y / self.n,
                    per_byte_ns: 0.0,
                });
            }
            return Some(per_byte_only);
        }
        let b = (self.n * self.xy - self.x * self.y) / spread;
        let a = (self.y - b * self.x) / self.n;
        Some(if b < 0.0 {
            CostModel {
                per_packet_ns: self.y / self.n,
                per_byte_ns: 0.0,
            }
        } else if a < 0.0 {
            CostModel {
                per_packet_ns: 0.0,
                per_byte_ns: self.xy / self.xx,
            }
        } else {
            CostModel {
                per_packet_ns: a,
                per_byte_ns: b,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_recovers_a_line() {
        let mut f = Fit::default();
        for bytes in [64.0, 512.0, 1350.0, 9000.0] {
            f.add(bytes, 80.0 + 0.3 * bytes);
        }
        let m = f.model().unwrap();
        assert!((m.per_packet_ns - 80.0).abs() < 1e-6, "{m:?}");
        assert!((m.per_byte_ns - 0.3).abs() < 1e-9, "{m:?}");
    }

    #[test]
    fn one_size_charges_per_byte() {
        let mut f = Fit::default();
        f.add(1000.0, 500.0);
        f.add(1000.0, 700.0);
        let m = f.model().unwrap();
        // All per byte, between the two samples' 0.5 and 0.7 ns/byte.
        assert_eq!(m.per_packet_ns, 0.0);
        assert!(m.per_byte_ns > 0.5 && m.per_byte_ns < 0.7, "{m:?}");
        assert!(Fit::default().model().is_none());
    }

    #[test]
    fn noise_never_gives_negative_costs() {
        let mut f = Fit::default();
        f.add(100.0, 900.0);
        f.add(1000.0, 100.0);
        let m = f.model().unwrap();
        assert!(m.per_packet_ns >= 0.0 && m.per_byte_ns >= 0.0, "{m:?}");
    }
}
