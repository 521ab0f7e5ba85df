//! Crypto profiling for congestion control ("BBR profiling"): what packet crypto costs
//! on this machine and on live traffic, in the terms a pacing decision needs.
//!
//! * [`Hardware`]: AES-NI, VAES, PCLMULQDQ, AVX2, AVX-512, SHA-NI (x86-64) or AES,
//!   PMULL, SHA2 (aarch64), detected at run time.
//! * [`MachineProfile`]: every suite measured at several packet sizes and fitted to a
//!   [`CostModel`] (a fixed cost per packet plus a cost per byte), and the best suite.
//! * [`Profiler`]: the same for live traffic, sampled (one packet in 64 is timed) so it
//!   can stay on: HDR-histogram latency percentiles, EWMA throughput and a fitted
//!   model per suite and direction.
//!
//! ## How a congestion controller uses it
//!
//! BBR paces at `pacing_gain × BtlBw`, its estimate of the path's bottleneck bandwidth.
//! If sealing cannot keep up with that rate, packets queue inside the sender, delivery
//! rate samples measure the CPU instead of the path, and BBR's model drifts. So:
//!
//! 1. **Cap the pacing rate** at what crypto sustains:
//!    `pacing_rate = min(bbr_pacing_rate, model.max_rate(packet_size, cores))`, where
//!    `cores` is the number of cores sealing for this connection (1 for a connection
//!    pinned to a thread) and `model` is the live [`Profiler::model`] once it has
//!    samples, the [`MachineProfile`] before.
//! 2. **Know when crypto is the bottleneck**: [`CostModel::is_bottleneck`] (≥ 90% of
//!    crypto capacity). While it is, mark delivery-rate samples as application-limited
//!    so BBR does not lower its bandwidth estimate for a reason that is not the network,
//!    and consider more cores ([`zero_copy::par_seal_batch`](crate::zero_copy::par_seal_batch))
//!    or a cheaper suite.
//! 3. **Budget the send quantum**: [`CostModel::time`] predicts the crypto time of the
//!    next burst (packets and bytes), so a pacer that wakes every `t` µs sends no more
//!    than crypto can seal in `t`.
//! 4. **Choose the suite** at handshake time with [`MachineProfile::best_suite`] (offer
//!    it first), falling back to [`Hardware::preferred_suite`] if no calibration ran.
//!
//! ```
//! use std::time::Duration;
//! use zcrypto::profile::{Direction, MachineProfile};
//! let machine = MachineProfile::measure(Duration::from_millis(1))?;
//! let suite = machine.suite(machine.best_suite(1350)).unwrap();
//! let bbr_pacing_rate: f64 = 50e9 / 8.0; // 50 Gbit/s in bytes per second
//! let cap = suite.seal.max_rate(1350, 1);
//! let pacing_rate = bbr_pacing_rate.min(cap);
//! let crypto_bound = suite.seal.is_bottleneck(bbr_pacing_rate, 1350, 1);
//! assert!(pacing_rate <= bbr_pacing_rate && (crypto_bound || pacing_rate == bbr_pacing_rate));
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! The profiler's overhead and the model's accuracy on a held-out workload are shown by
//! `cargo run --release -p benches --bin compare -- profile`.

mod hardware;
mod machine;
mod model;
mod profiler;
#[cfg(feature = "serde")]
mod report;

pub use hardware::Hardware;
pub use machine::{CALIBRATION_SIZES, MachineProfile, SUITES, SuiteProfile};
pub use model::{BOTTLENECK_UTILIZATION, CostModel, Workload};
pub use profiler::{Direction, Profiler, TrackStats};
