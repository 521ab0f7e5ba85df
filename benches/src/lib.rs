//! Timing and reporting shared by the `compare` program.
//!
//! Every group in `compare` measures its cases with [`measure`] and prints them with
//! [`Table`], so all numbers come from one timing method:
//!
//! 1. **Warm-up and calibration**: each case runs for [`Config::warmup`], doubling the
//!    iteration count, which also estimates its cost per call. From that estimate the
//!    batch size `N` is chosen so that one batch takes about [`Config::batch`].
//! 2. **Interleaved batches**: [`Config::batches`] rounds; in each round every case runs
//!    one batch of `N` calls, timed with [`Instant`], the order rotating by one case per round. Interleaving spreads frequency
//!    changes and background load evenly over the cases being compared.
//! 3. **Medians**: a case's cost is the median of its per-batch `elapsed / N`. A ratio
//!    between two cases is the median of the per-round ratios, which pairs batches run
//!    milliseconds apart and so cancels slower drifts (host load, clock changes) that
//!    shift both cases alike.
//!
//! Results and inputs go through [`black_box`] so the optimiser can neither drop nor
//! hoist the work.
//!
//! ```
//! use benches::{Config, Table, Unit, case, measure};
//! let data = vec![0u8; 64];
//! let cfg = Config::quick();
//! let m = measure(
//!     cfg,
//!     vec![
//!         case("xor", || data.iter().fold(0u8, |a, b| a ^ b)),
//!         case("sum", || data.iter().fold(0u8, |a, b| a.wrapping_add(*b))),
//!     ],
//! );
//! let mut table = Table::new("demo", Unit::GbPerSec { bytes: 64 });
//! table.row("fold 64 B", &m, "xor", "sum", false);
//! assert!(table.to_markdown().contains("fold 64 B"));
//! ```

#![deny(missing_docs)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The smallest throughput ratio (ours / wrapped backend) a wrapper row may show: the
/// issue's "our wrapper must stay ≥ 0.97× the backend it wraps".
pub const WRAPPER_THRESHOLD: f64 = 0.97;

/// How long and how often each case is measured.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// Time each case runs before measuring, to warm caches and calibrate `N`.
    pub warmup: Duration,
    /// Target duration of one timed batch of `N` calls.
    pub batch: Duration,
    /// Number of timed batches per case; the median batch is reported.
    pub batches: usize,
}

impl Config {
    /// A short configuration for doc tests and smoke runs (about 10 ms per case).
    pub const fn quick() -> Config {
        Config {
            warmup: Duration::from_millis(2),
            batch: Duration::from_millis(1),
            batches: 7,
        }
    }
}

impl Default for Config {
    /// About 0.3 s per case: 40 ms warm-up, then 101 batches of about 2.5 ms.
    fn default() -> Config {
        Config {
            warmup: Duration::from_millis(40),
            batch: Duration::from_micros(2500),
            batches: 101,
        }
    }
}

/// One thing to time: a name and a closure that performs one operation.
pub struct Case<'a> {
    name: String,
    /// Operations one call of `run`'s loop body performs (see [`case_ops`]).
    ops_per_call: u64,
    /// Runs the operation `n` times and returns the elapsed wall-clock time.
    run: Box<dyn FnMut(u64) -> Duration + 'a>,
}

impl std::fmt::Debug for Case<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Case")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// A case named `name` that calls `op` once per iteration.
///
/// The timing loop is monomorphised for `op` (no dynamic call per iteration); `op`'s
/// result is passed to [`black_box`]. Wrap inputs in [`black_box`] inside `op` too.
pub fn case<'a, R>(name: impl Into<String>, mut op: impl FnMut() -> R + 'a) -> Case<'a> {
    Case {
        name: name.into(),
        run: Box::new(move |n| {
            let start = Instant::now();
            for _ in 0..n {
                black_box(op());
            }
            start.elapsed()
        }),
        ops_per_call: 1,
    }
}

/// As [`case`], for an `op` that performs `ops` operations per call (e.g. signs a fixed
/// set of `ops` messages): times are reported per operation, i.e. per call ÷ `ops`.
///
/// Use it when one operation's cost depends on its input (ML-DSA signing repeats a
/// rejection loop a message-dependent number of times): every call then covers the same
/// inputs, so batches and cases stay comparable.
pub fn case_ops<'a, R>(name: impl Into<String>, ops: u64, op: impl FnMut() -> R + 'a) -> Case<'a> {
    Case {
        ops_per_call: ops.max(1),
        ..case(name, op)
    }
}

/// The measured cost of one case.
#[derive(Debug, Clone)]
pub struct Measurement {
    /// The case name.
    pub name: String,
    /// Median nanoseconds per operation.
    pub ns_per_op: f64,
    /// Calls per timed batch (`N`; a call is several operations for [`case_ops`]).
    pub iters_per_batch: u64,
    /// Relative spread of the batches: (p75 − p25) / median.
    pub spread: f64,
    /// Nanoseconds per operation of each batch, in round order.
    pub samples: Vec<f64>,
}

impl Measurement {
    /// Throughput ratio of `self` over `other`: the median over rounds of
    /// `other`'s time / `self`'s time in the same round. Above 1.0 `self` is faster.
    /// Falls back to the ratio of medians if the two were measured separately.
    pub fn throughput_ratio(&self, other: &Measurement) -> f64 {
        if self.samples.len() != other.samples.len() || self.samples.is_empty() {
            return other.ns_per_op / self.ns_per_op;
        }
        let mut r: Vec<f64> = self
            .samples
            .iter()
            .zip(&other.samples)
            .map(|(ours, theirs)| theirs / ours)
            .collect();
        r.sort_by(f64::total_cmp);
        percentile(&r, 0.5)
    }
}

/// The measurements of one [`measure`] call, looked up by case name.
#[derive(Debug, Clone, Default)]
pub struct Measurements(Vec<Measurement>);

impl Measurements {
    /// The measurement named `name`.
    ///
    /// # Panics
    /// If no case had that name (a typo in the program, not a runtime condition).
    pub fn get(&self, name: &str) -> &Measurement {
        self.0
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("no measured case named {name:?}"))
    }

    /// Every measurement, in the order the cases were given.
    pub fn all(&self) -> &[Measurement] {
        &self.0
    }
}

/// Runs `n` calls of `case`, never fewer than one.
fn run(case: &mut Case<'_>, n: u64) -> Duration {
    (case.run)(n.max(1))
}

/// Warms `case` up for `cfg.warmup` and returns the batch size `N` for `cfg.batch`.
fn calibrate(case: &mut Case<'_>, cfg: &Config) -> u64 {
    let start = Instant::now();
    let mut n = 1u64;
    let mut per_op_ns;
    loop {
        let t = run(case, n);
        per_op_ns = (t.as_nanos() as f64 / n as f64).max(0.1);
        if start.elapsed() >= cfg.warmup {
            break;
        }
        // Grow until one run is a sizeable part of the warm-up.
        if t < cfg.warmup / 4 {
            n = n.saturating_mul(2);
        }
    }
    ((cfg.batch.as_nanos() as f64 / per_op_ns) as u64).max(1)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let idx = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[idx]
}

/// Profiling aid: with `COMPARE_ONLY=<substring>` in the environment, the first case of
/// the next [`measure`] whose name contains it runs alone, `COMPARE_CALLS` times
/// (default 10,000 closure calls), and the process exits after printing the time per
/// operation. Meant for `perf record` / `perf stat` of one case (the group's setup
/// still runs first); no table is produced.
fn profile_only(cases: &mut [Case<'_>]) {
    let Ok(only) = std::env::var("COMPARE_ONLY") else {
        return;
    };
    let Some(case) = cases.iter_mut().find(|c| c.name.contains(&only)) else {
        return;
    };
    let calls = std::env::var("COMPARE_CALLS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(10_000);
    let t = run(case, calls);
    eprintln!(
        "[profile] {}: {calls} calls, {:.0} ns/op",
        case.name,
        t.as_nanos() as f64 / (calls * case.ops_per_call) as f64
    );
    std::process::exit(0);
}

/// Measures every case with the method described in the [crate docs](crate):
/// warm-up and calibration per case, then `cfg.batches` interleaved rounds of one
/// batch per case (each round starting one case later), reporting the median time per
/// operation.
pub fn measure(cfg: Config, mut cases: Vec<Case<'_>>) -> Measurements {
    profile_only(&mut cases);
    let iters: Vec<u64> = cases.iter_mut().map(|c| calibrate(c, &cfg)).collect();
    let mut samples = vec![Vec::with_capacity(cfg.batches); cases.len()];
    // The order rotates every round: the first case of a round runs after the last
    // one's caches and branch history, which costs a 2 ms verification up to 15 % (seen
    // in `compare zk`), so no case may always be first.
    let k = cases.len();
    for round in 0..cfg.batches.max(1) {
        for j in 0..k {
            let i = (round + j) % k;
            let n = iters[i];
            let case = &mut cases[i];
            samples[i].push(run(case, n).as_nanos() as f64 / (n * case.ops_per_call) as f64);
        }
    }
    Measurements(
        cases
            .into_iter()
            .zip(iters)
            .zip(samples)
            .map(|((case, n), samples)| {
                let mut s = samples.clone();
                s.sort_by(f64::total_cmp);
                let median = percentile(&s, 0.5);
                Measurement {
                    name: case.name,
                    ns_per_op: median,
                    iters_per_batch: n,
                    spread: (percentile(&s, 0.75) - percentile(&s, 0.25)) / median,
                    samples,
                }
            })
            .collect(),
    )
}

/// The unit a [`Table`] shows its numbers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Nanoseconds per operation (lower is better).
    NsPerOp,
    /// Gigabytes (10⁹ B) per second of input, for operations on `bytes` bytes
    /// (higher is better).
    GbPerSec {
        /// Input bytes processed by one operation.
        bytes: usize,
    },
}

impl Unit {
    fn label(self) -> &'static str {
        match self {
            Unit::NsPerOp => "ns/op",
            Unit::GbPerSec { .. } => "GB/s",
        }
    }

    fn format(self, ns_per_op: f64) -> String {
        match self {
            Unit::NsPerOp => format!("{ns_per_op:.0}"),
            // bytes per nanosecond is GB/s.
            Unit::GbPerSec { bytes } => format!("{:.2}", bytes as f64 / ns_per_op),
        }
    }
}

/// One comparison: our case against a peer case.
#[derive(Debug, Clone)]
pub struct Row {
    /// What was measured, including which zcrypto backend ran it.
    pub operation: String,
    /// Our median ns/op.
    pub ours_ns: f64,
    /// The peer's display name.
    pub peer: String,
    /// The peer's median ns/op.
    pub peer_ns: f64,
    /// Throughput ratio ours / peer (see [`Measurement::throughput_ratio`]).
    pub ratio: f64,
    /// The unit the row is shown in.
    pub unit: Unit,
    /// Whether the peer is the backend zcrypto wraps for this row, so the
    /// [`WRAPPER_THRESHOLD`] applies.
    pub wrapped: bool,
}

impl Row {
    /// For wrapper rows, whether the ratio meets [`WRAPPER_THRESHOLD`]; `None` otherwise.
    pub fn wrapper_ok(&self) -> Option<bool> {
        self.wrapped.then_some(self.ratio >= WRAPPER_THRESHOLD)
    }
}

/// A comparison table for one group, printed as Markdown.
#[derive(Debug, Clone)]
pub struct Table {
    title: String,
    unit: Unit,
    rows: Vec<Row>,
    note: Option<String>,
}

impl Table {
    /// An empty table whose rows default to `unit`.
    pub fn new(title: impl Into<String>, unit: Unit) -> Table {
        Table {
            title: title.into(),
            unit,
            rows: Vec::new(),
            note: None,
        }
    }

    /// Sets a paragraph printed under the rows (what the group leaves out, caveats).
    pub fn set_note(&mut self, note: impl Into<String>) {
        self.note = Some(note.into());
    }

    /// Sets the unit for the rows added after this call (e.g. a new message size).
    pub fn set_unit(&mut self, unit: Unit) {
        self.unit = unit;
    }

    /// Adds a row comparing the case `ours` with the case `peer` from `m`. The peer's
    /// display name is its case name. `wrapped` marks `peer` as the backend `ours` wraps.
    pub fn row(
        &mut self,
        operation: impl Into<String>,
        m: &Measurements,
        ours: &str,
        peer: &str,
        wrapped: bool,
    ) {
        let (ours, theirs) = (m.get(ours), m.get(peer));
        self.rows.push(Row {
            operation: operation.into(),
            ours_ns: ours.ns_per_op,
            peer: peer.to_owned(),
            peer_ns: theirs.ns_per_op,
            ratio: ours.throughput_ratio(theirs),
            unit: self.unit,
            wrapped,
        });
    }

    /// The rows so far.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The table as Markdown: a heading, the header row and one line per row.
    pub fn to_markdown(&self) -> String {
        let mut units: Vec<&str> = self.rows.iter().map(|r| r.unit.label()).collect();
        units.dedup();
        let unit = if units.len() == 1 {
            units[0]
        } else {
            "see row"
        };
        let mut out = String::new();
        let _ = writeln!(out, "### {}\n", self.title);
        let _ = writeln!(
            out,
            "| operation | ours ({unit}) | peer | peer ({unit}) | ours/peer throughput (>1.0 = zcrypto faster) | wrapper ≥{WRAPPER_THRESHOLD}× |"
        );
        let _ = writeln!(out, "|---|---:|---|---:|---:|:---:|");
        for r in &self.rows {
            let note = match r.wrapper_ok() {
                Some(true) => "PASS",
                Some(false) => "FAIL",
                None => "–",
            };
            let suffix = if units.len() == 1 { "" } else { r.unit.label() };
            let _ = writeln!(
                out,
                "| {} | {}{suffix} | {} | {}{suffix} | {:.3} | {note} |",
                r.operation,
                r.unit.format(r.ours_ns),
                r.peer,
                r.unit.format(r.peer_ns),
                r.ratio,
            );
        }
        if let Some(note) = &self.note {
            let _ = writeln!(out, "\n{note}");
        }
        out
    }
}

/// Counts of wrapper rows meeting and missing [`WRAPPER_THRESHOLD`] over `tables`.
pub fn wrapper_summary<'t>(tables: impl IntoIterator<Item = &'t Table>) -> (usize, usize) {
    let mut pass = 0;
    let mut fail = 0;
    for ok in tables
        .into_iter()
        .flat_map(|t| t.rows.iter().filter_map(Row::wrapper_ok))
    {
        if ok {
            pass += 1;
        } else {
            fail += 1;
        }
    }
    (pass, fail)
}

/// One line describing the machine: CPU model (from `/proc/cpuinfo` where readable),
/// logical core count, OS and architecture.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!(
        "{cpu}, {cores} logical cores, {}-{}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str, samples: &[f64]) -> Measurement {
        let mut s = samples.to_vec();
        s.sort_by(f64::total_cmp);
        Measurement {
            name: name.to_owned(),
            ns_per_op: percentile(&s, 0.5),
            iters_per_batch: 1,
            spread: 0.0,
            samples: samples.to_vec(),
        }
    }

    #[test]
    fn ratio_is_paired_throughput_ratio() {
        // Both slow down together in round 2; the paired ratio ignores that.
        let ours = m("ours", &[100.0, 200.0, 100.0]);
        let peer = m("peer", &[110.0, 220.0, 110.0]);
        assert!((ours.throughput_ratio(&peer) - 1.1).abs() < 1e-9);
        assert!((peer.throughput_ratio(&ours) - 1.0 / 1.1).abs() < 1e-9);
    }

    #[test]
    fn wrapper_rows_and_units() {
        let set = Measurements(vec![
            m("zc", &[100.0, 100.0, 100.0]),
            m("raw", &[96.0, 96.0, 96.0]),
        ]);
        let mut t = Table::new("t", Unit::GbPerSec { bytes: 1000 });
        t.row("op", &set, "zc", "raw", true);
        t.row("op", &set, "raw", "zc", false);
        assert_eq!(t.rows()[0].wrapper_ok(), Some(false));
        assert_eq!(t.rows()[1].wrapper_ok(), None);
        assert_eq!(wrapper_summary([&t]), (0, 1));
        let md = t.to_markdown();
        assert!(
            md.contains("| op | 10.00 | raw | 10.42 | 0.960 | FAIL |"),
            "{md}"
        );
    }

    #[test]
    fn measure_runs_every_case() {
        let set = measure(Config::quick(), vec![case("a", || 1u8), case("b", || 2u8)]);
        assert_eq!(set.all().len(), 2);
        assert!(set.get("b").ns_per_op > 0.0);
        assert_eq!(set.get("a").samples.len(), Config::quick().batches);
    }

    #[test]
    fn ops_per_call_divides_and_note_is_printed() {
        let slow = || std::thread::sleep(Duration::from_micros(200));
        let set = measure(
            Config::quick(),
            vec![case("one", slow), case_ops("four", 4, slow)],
        );
        let ratio = set.get("four").throughput_ratio(set.get("one"));
        assert!(
            ratio > 2.0,
            "four ops per call should look ~4x faster: {ratio}"
        );
        let mut t = Table::new("t", Unit::NsPerOp);
        t.row("op", &set, "four", "one", false);
        t.set_note("BLS: not yet.");
        assert!(t.to_markdown().ends_with("\nBLS: not yet.\n"));
    }
}
