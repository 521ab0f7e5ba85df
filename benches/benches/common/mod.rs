//! Criterion settings shared by every bench: small samples and short measurement
//! windows, so that `cargo bench -p benches` finishes in a few minutes on 2 cores.

use std::time::Duration;

use criterion::Criterion;

/// The shared configuration with the given measurement time per benchmark.
pub fn config(measurement: Duration) -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(measurement)
}
