//! The machine report as JSON (feature `serde`): the document `zcrypto profile --json`
//! prints and the C ABI's `zc_profile_report` returns, built in one place so both stay
//! identical.

use serde_json::{Map, Value, json};

use super::{BOTTLENECK_UTILIZATION, CostModel, Hardware, MachineProfile};

impl MachineProfile {
    /// This profile as a JSON object, with throughputs for `packet`-byte packets.
    ///
    /// Fields: `arch`, `cores`, `hardware` (feature name → bool), `aes_gcm_accelerated`,
    /// `packet_bytes`, `suites` (one object per suite: `suite`, `backend`, and `seal` /
    /// `open` each with `per_packet_ns`, `per_byte_ns`, `packet_ns`,
    /// `max_rate_bytes_per_sec_1_core`, `max_rate_bytes_per_sec_all_cores`),
    /// `best_suite`, `preferred_suite_by_flags` and `bottleneck_utilization`.
    ///
    /// ```
    /// use core::time::Duration;
    /// use zcrypto::profile::MachineProfile;
    ///
    /// let machine = MachineProfile::measure(Duration::from_millis(1))?;
    /// let report = machine.report_json(1350);
    /// assert_eq!(report["suites"].as_array().map(Vec::len), Some(3));
    /// assert_eq!(report["packet_bytes"], 1350);
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn report_json(&self, packet: usize) -> Value {
        let hardware: Map<String, Value> = self
            .hardware
            .features()
            .into_iter()
            .map(|(name, on)| (name.to_owned(), Value::Bool(on)))
            .collect();
        let suites: Vec<Value> = self
            .suites
            .iter()
            .map(|s| {
                json!({
                    "suite": s.alg.algorithm().name(),
                    "backend": s.backend.name(),
                    "seal": model_json(s.seal, packet, self.cores),
                    "open": model_json(s.open, packet, self.cores),
                })
            })
            .collect();
        json!({
            "arch": Hardware::arch(),
            "cores": self.cores,
            "hardware": hardware,
            "aes_gcm_accelerated": self.hardware.aes_gcm_accelerated(),
            "packet_bytes": packet,
            "suites": suites,
            "best_suite": self.best_suite(packet).algorithm().name(),
            "preferred_suite_by_flags": self.hardware.preferred_suite().algorithm().name(),
            "bottleneck_utilization": BOTTLENECK_UTILIZATION,
        })
    }
}

fn model_json(model: CostModel, packet: usize, cores: usize) -> Value {
    json!({
        "per_packet_ns": model.per_packet_ns,
        "per_byte_ns": model.per_byte_ns,
        "packet_ns": model.packet_ns(packet),
        "max_rate_bytes_per_sec_1_core": model.max_rate(packet, 1),
        "max_rate_bytes_per_sec_all_cores": model.max_rate(packet, cores),
    })
}
