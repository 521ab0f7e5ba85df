//! [`MachineProfile`]: every suite measured on this machine, and the best one.

use std::hint::black_box;
use std::time::{Duration, Instant};

use super::{CostModel, Direction, Hardware};
use crate::aead::{AeadAlg, PacketKey, TAG_LEN};
use crate::{Backend, Error};

/// Packet sizes a calibration times: a minimal packet, a small one, a full QUIC packet
/// and a jumbo frame, so the fit separates per-packet from per-byte cost.
pub const CALIBRATION_SIZES: [usize; 4] = [64, 512, 1350, 9000];

/// The suites a packet protocol can choose from (12-byte nonces).
pub const SUITES: [AeadAlg; 3] = [
    AeadAlg::Aes128Gcm,
    AeadAlg::Aes256Gcm,
    AeadAlg::ChaCha20Poly1305,
];

/// One suite's measured costs on one core.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SuiteProfile {
    /// The AEAD.
    pub alg: AeadAlg,
    /// The backend measured (the default one).
    pub backend: Backend,
    /// Sealing cost.
    pub seal: CostModel,
    /// Opening cost.
    pub open: CostModel,
}

impl SuiteProfile {
    /// The cost model of a direction.
    pub fn model(&self, dir: Direction) -> CostModel {
        match dir {
            Direction::Seal => self.seal,
            Direction::Open => self.open,
        }
    }
}

/// What this machine can do: its CPU features, core count, and the measured cost of
/// every suite in both directions. `zcrypto profile` prints it.
///
/// ```
/// use std::time::Duration;
/// use zcrypto::profile::{Direction, MachineProfile, Workload};
/// let machine = MachineProfile::measure(Duration::from_millis(2))?;
/// let best = machine.best_suite(1350);
/// let suite = machine.suite(best).unwrap();
/// // Crypto time for 10 000 full-size packets, and the rate all cores could seal.
/// let t = suite.seal.time(Workload { packets: 10_000, bytes: 13_500_000 });
/// let rate = suite.seal.max_rate(1350, machine.cores);
/// assert!(t.as_nanos() > 0 && rate > 0.0);
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MachineProfile {
    /// CPU features.
    pub hardware: Hardware,
    /// Cores available to this process.
    pub cores: usize,
    /// Every suite of [`SUITES`], in that order.
    pub suites: Vec<SuiteProfile>,
}

impl MachineProfile {
    /// Measures every suite, spending about `budget` per suite, direction and packet
    /// size (24 cases: 10 ms each gives a quarter-second calibration).
    pub fn measure(budget: Duration) -> Result<MachineProfile, Error> {
        let suites = SUITES
            .iter()
            .map(|&alg| measure_suite(alg, budget))
            .collect::<Result<_, _>>()?;
        Ok(MachineProfile {
            hardware: Hardware::detect(),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            suites,
        })
    }

    /// The measured profile of `alg`, if it is one of [`SUITES`].
    pub fn suite(&self, alg: AeadAlg) -> Option<&SuiteProfile> {
        self.suites.iter().find(|s| s.alg == alg)
    }

    /// The suite with the highest throughput for packets of `packet_bytes` bytes,
    /// counting sealing and opening equally (a connection does both).
    pub fn best_suite(&self, packet_bytes: usize) -> AeadAlg {
        self.suites
            .iter()
            .min_by(|a, b| {
                let cost = |s: &SuiteProfile| {
                    s.seal.packet_ns(packet_bytes) + s.open.packet_ns(packet_bytes)
                };
                cost(a).total_cmp(&cost(b))
            })
            .map_or(self.hardware.preferred_suite(), |s| s.alg)
    }
}

/// Times `op` repeatedly for about `budget` and returns nanoseconds per call (the
/// fastest of several rounds, which removes preemption).
fn time_per_op(budget: Duration, mut op: impl FnMut()) -> f64 {
    const ROUNDS: u32 = 5;
    let mut n = 1u64;
    // Calibrate the batch so one round lasts about budget / ROUNDS.
    let round = budget / ROUNDS;
    loop {
        let start = Instant::now();
        for _ in 0..n {
            op();
        }
        let took = start.elapsed();
        if took >= round || n >= 1 << 24 {
            break;
        }
        n = if took.is_zero() {
            n * 16
        } else {
            (n as f64 * round.as_secs_f64() / took.as_secs_f64() * 1.1).ceil() as u64
        }
        .clamp(n + 1, n * 16);
    }
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..n {
                op();
            }
            start.elapsed().as_nanos() as f64 / n as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn measure_suite(alg: AeadAlg, budget: Duration) -> Result<SuiteProfile, Error> {
    let key = PacketKey::new(alg, &vec![0x42; alg.key_len()], [7; 12])?;
    let mut seal_fit = super::model::Fit::default();
    let mut open_fit = super::model::Fit::default();
    let largest = CALIBRATION_SIZES[CALIBRATION_SIZES.len() - 1];
    let mut buf = vec![0u8; largest + TAG_LEN];
    let mut sealed = vec![0u8; largest + TAG_LEN];
    for size in CALIBRATION_SIZES {
        let seal_ns = time_per_op(budget, || {
            let _ = black_box(key.seal_in_place(1, b"", black_box(&mut buf[..]), size));
        });
        seal_fit.add(size as f64, seal_ns);
        // Opening destroys the ciphertext: restore it before each open, and subtract
        // the time of the copy alone.
        let n = key.seal_in_place(1, b"", &mut sealed, size)?;
        let copy_ns = time_per_op(budget / 4, || {
            buf[..n].copy_from_slice(black_box(&sealed[..n]));
        });
        let open_ns = time_per_op(budget, || {
            buf[..n].copy_from_slice(black_box(&sealed[..n]));
            let _ = black_box(key.open_in_place(1, b"", &mut buf[..n]));
        });
        open_fit.add(size as f64, (open_ns - copy_ns).max(1.0));
    }
    Ok(SuiteProfile {
        alg,
        backend: key.backend(),
        seal: seal_fit.model().ok_or(Error::Internal)?,
        open: open_fit.model().ok_or(Error::Internal)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_every_suite() {
        let m = MachineProfile::measure(Duration::from_millis(1)).unwrap();
        assert_eq!(m.suites.len(), 3);
        assert!(m.cores >= 1);
        for s in &m.suites {
            for dir in Direction::ALL {
                let model = s.model(dir);
                assert!(model.per_byte_ns > 0.0, "{s:?}");
                assert!(model.packet_ns(1350) > model.packet_ns(64), "{s:?}");
            }
        }
        assert!(SUITES.contains(&m.best_suite(1350)));
    }

    #[test]
    fn best_suite_is_the_cheapest() {
        let cheap = CostModel {
            per_packet_ns: 10.0,
            per_byte_ns: 0.1,
        };
        let dear = CostModel {
            per_packet_ns: 10.0,
            per_byte_ns: 1.0,
        };
        let m = MachineProfile {
            hardware: Hardware::default(),
            cores: 1,
            suites: vec![
                SuiteProfile {
                    alg: AeadAlg::Aes128Gcm,
                    backend: Backend::Portable,
                    seal: dear,
                    open: dear,
                },
                SuiteProfile {
                    alg: AeadAlg::ChaCha20Poly1305,
                    backend: Backend::Portable,
                    seal: cheap,
                    open: cheap,
                },
            ],
        };
        assert_eq!(m.best_suite(1350), AeadAlg::ChaCha20Poly1305);
    }
}
