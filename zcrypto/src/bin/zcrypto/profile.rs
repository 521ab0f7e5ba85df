//! `zcrypto profile`: this machine's packet-crypto report for congestion control.

use std::time::Duration;

use clap::Args;
use zcrypto::aead::AeadAlg;
use zcrypto::profile::{Direction, Hardware, MachineProfile};

use crate::error::{CliError, Status};
use crate::output::{print_json, print_line, table};

/// Arguments of `zcrypto profile`.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// Measuring time per suite, direction and packet size, in milliseconds
    /// (24 measurements in all).
    /// From 1 to 10000.
    #[arg(long, default_value_t = 20)]
    budget_ms: u64,
    /// Packet size in bytes for the throughput columns and the best-suite choice
    /// (1 to 65535).
    #[arg(long, default_value_t = 1350)]
    packet: u64,
}

/// Measures every suite and prints the report.
pub fn run(args: &ProfileArgs, json: bool) -> Result<Status, CliError> {
    if !(1..=10_000).contains(&args.budget_ms) {
        return Err(CliError::arg("--budget-ms", "must be from 1 to 10000"));
    }
    if !(1..=65_535).contains(&args.packet) {
        return Err(CliError::arg("--packet", "must be from 1 to 65535 bytes"));
    }
    let machine = MachineProfile::measure(Duration::from_millis(args.budget_ms))
        .map_err(|e| CliError::other(format!("profiling failed: {e}")))?;
    let packet = args.packet as usize;
    if json {
        print_json(&machine.report_json(packet))?;
    } else {
        print_line(&report_text(&machine, packet))?;
    }
    Ok(Status::Success)
}

fn suite_name(alg: AeadAlg) -> &'static str {
    alg.algorithm().name()
}

/// Gbit/s from bytes per second.
fn gbit(rate: f64) -> f64 {
    rate * 8.0 / 1e9
}

fn report_text(m: &MachineProfile, packet: usize) -> String {
    let features: Vec<String> = m
        .hardware
        .features()
        .iter()
        .map(|(name, on)| format!("{name} {}", if *on { "yes" } else { "no" }))
        .collect();
    let mut rows = vec![
        [
            "SUITE",
            "DIR",
            "NS/PACKET",
            "NS/BYTE",
            &format!("NS @{packet}B"),
            "GBIT/S 1 CORE",
            &format!("GBIT/S {} CORES", m.cores),
        ]
        .map(String::from)
        .to_vec(),
    ];
    for s in &m.suites {
        for dir in Direction::ALL {
            let model = s.model(dir);
            rows.push(vec![
                format!("{} ({})", suite_name(s.alg), s.backend.name()),
                dir.name().to_owned(),
                format!("{:.1}", model.per_packet_ns),
                format!("{:.4}", model.per_byte_ns),
                format!("{:.0}", model.packet_ns(packet)),
                format!("{:.2}", gbit(model.max_rate(packet, 1))),
                format!("{:.2}", gbit(model.max_rate(packet, m.cores))),
            ]);
        }
    }
    let best = m.best_suite(packet);
    format!(
        "machine: {} with {} cores\nhardware: {}\naes-gcm in hardware: {}\n\n{}\n\nbest suite for {packet}-byte packets: {} (from the flags alone: {})\n\
         pacing cap: min(BBR pacing rate, the GBIT/S column for the cores sealing); crypto is the \
         bottleneck above {:.0}% of it (see `zcrypto::profile`)",
        Hardware::arch(),
        m.cores,
        if features.is_empty() {
            "no features known for this architecture".to_owned()
        } else {
            features.join(", ")
        },
        if m.hardware.aes_gcm_accelerated() {
            "yes"
        } else {
            "no"
        },
        table(&rows),
        suite_name(best),
        suite_name(m.hardware.preferred_suite()),
        zcrypto::profile::BOTTLENECK_UTILIZATION * 100.0,
    )
}
