//! `compare profile`: what the crypto profiler costs on live traffic, and how well its
//! cost model predicts a workload it was not fitted on.

use std::hint::black_box;
use std::time::{Duration, Instant};

use benches::{Config, Table, Unit, case, measure};
use zcrypto::aead::{AeadAlg, PacketKey, TAG_LEN};
use zcrypto::profile::{CostModel, Direction, MachineProfile, Profiler, Workload};

const SIZE: usize = 1350;

/// The held-out workload: sizes the calibration never timed (it uses 64, 512, 1350,
/// 9000 bytes), in a mix like a QUIC connection's (acks, partial and full packets).
const HELD_OUT: [(usize, u64); 5] = [(40, 300), (200, 150), (700, 100), (1200, 400), (4000, 50)];

fn workload() -> Workload {
    Workload {
        packets: HELD_OUT.iter().map(|&(_, n)| n).sum(),
        bytes: HELD_OUT.iter().map(|&(s, n)| s as u64 * n).sum(),
    }
}

/// Seals the held-out workload once and returns the time (fastest of `rounds`).
fn seal_workload(key: &PacketKey, buf: &mut [u8], rounds: usize) -> Duration {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            let mut n = 0u64;
            for &(size, count) in &HELD_OUT {
                for _ in 0..count {
                    n += 1;
                    let _ = black_box(key.seal_in_place(n, b"", black_box(&mut buf[..]), size));
                }
            }
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn prediction_row(name: &str, model: CostModel, measured: Duration) -> String {
    let predicted = model.time(workload());
    let err = (predicted.as_secs_f64() / measured.as_secs_f64() - 1.0) * 100.0;
    format!(
        "| {name} | {:.1} | {:.1} | {err:+.1}% |",
        predicted.as_secs_f64() * 1e6,
        measured.as_secs_f64() * 1e6
    )
}

pub fn profile(cfg: Config) -> Table {
    let mut table = Table::new(
        "Crypto profiler overhead: sealing 1350-byte packets with and without Profiler::record (1 in 64 timed)",
        Unit::GbPerSec { bytes: SIZE },
    );
    let mut lines = vec![
        "### Cost model: predicted vs measured crypto time of a held-out workload".to_owned(),
        String::new(),
        format!(
            "Workload: {} packets, {} bytes (sizes {:?} × counts; none of these sizes is \
             timed by the calibration). Measured = fastest of 20 runs on one core.",
            workload().packets,
            workload().bytes,
            HELD_OUT
        ),
        String::new(),
        "| model | predicted (µs) | measured (µs) | error |".to_owned(),
        "|---|---:|---:|---:|".to_owned(),
    ];
    let machine = MachineProfile::measure(Duration::from_millis(10)).expect("calibration");
    for alg in [AeadAlg::Aes128Gcm, AeadAlg::ChaCha20Poly1305] {
        let key = PacketKey::new(alg, &vec![0x11; alg.key_len()], [3; 12]).expect("key");
        let mut bare_buf = vec![0x5a; SIZE + TAG_LEN];
        let mut prof_buf = bare_buf.clone();
        let mut profiler = Profiler::new().expect("profiler");
        let (mut n_bare, mut n_prof) = (0u64, 0u64);
        let m = measure(
            cfg,
            vec![
                case("seal, no profiler", || {
                    n_bare += 1;
                    key.seal_in_place(n_bare, b"", black_box(&mut bare_buf[..]), SIZE)
                }),
                case("seal inside Profiler::record", || {
                    n_prof += 1;
                    profiler.record(alg, Direction::Seal, SIZE, || {
                        key.seal_in_place(n_prof, b"", black_box(&mut prof_buf[..]), SIZE)
                    })
                }),
            ],
        );
        crate::note_noise("profile", &m);
        table.row(
            format!(
                "{}: profiled vs bare (target ≥ 0.99)",
                crate::aead_name(alg)
            ),
            &m,
            "seal inside Profiler::record",
            "seal, no profiler",
            false,
        );

        // Prediction on the held-out workload: the calibrated model, and the live
        // profiler's model after it has seen the workload's own traffic (1 in 64 timed).
        let mut buf = vec![0u8; 4000 + TAG_LEN];
        let measured = seal_workload(&key, &mut buf, 20);
        let calibrated = machine.suite(alg).expect("suite").seal;
        lines.push(prediction_row(
            &format!("{} calibrated (MachineProfile)", crate::aead_name(alg)),
            calibrated,
            measured,
        ));
        let mut live = Profiler::new().expect("profiler");
        for round in 0..50u64 {
            for &(size, count) in &HELD_OUT {
                for i in 0..count {
                    live.record(alg, Direction::Seal, size, || {
                        key.seal_in_place(round << 20 | i, b"", &mut buf[..], size)
                    })
                    .expect("seal");
                }
            }
        }
        if let Some(model) = live.model(alg, Direction::Seal) {
            lines.push(prediction_row(
                &format!("{} live (Profiler, 1 in 64 timed)", crate::aead_name(alg)),
                model,
                measured,
            ));
        }
    }
    table.set_note(format!(
        "The profiler counts every packet and times one in 64 (two clock reads, a histogram \
         record and a least-squares update).\n\n{}",
        lines.join("\n")
    ));
    table
}
