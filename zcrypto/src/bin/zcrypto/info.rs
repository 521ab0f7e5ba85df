//! `zcrypto selftest` and `zcrypto list`.

use serde_json::{Value, json};
use zcrypto::selftest::{self, SelfTestResult};
use zcrypto::{Algorithm, Backend};

use crate::error::{CliError, Status};
use crate::input::kind_name;
use crate::output::{print_json, print_line, table};

/// Runs the known-answer self test; exit status 1 if any test fails.
pub fn selftest(json: bool) -> Result<Status, CliError> {
    let results = selftest::run();
    let failed = results.iter().filter(|r| !r.passed()).count();
    let passed = results.len() - failed;
    if json {
        let entries: Vec<Value> = results.iter().map(result_json).collect();
        print_json(&json!({ "results": entries, "passed": passed, "failed": failed }))?;
    } else {
        let mut rows = vec![header(&["ALGORITHM", "BACKEND", "TIME", "RESULT"])];
        rows.extend(results.iter().map(result_row));
        print_line(&table(&rows))?;
        let verdict = if failed == 0 { "PASS" } else { "FAIL" };
        print_line(&format!(
            "{verdict}: {passed} passed, {failed} failed ({} algorithms, backends: {})",
            Algorithm::ALL.len(),
            backend_names(Backend::AVAILABLE).join(", ")
        ))?;
    }
    Ok(Status::from_ok(failed == 0))
}

fn result_row(r: &SelfTestResult) -> Vec<String> {
    let outcome = match &r.outcome {
        Ok(()) => "ok".to_owned(),
        Err(e) => format!("FAILED: {e}"),
    };
    vec![
        r.algorithm.name().to_owned(),
        r.backend.name().to_owned(),
        format!("{:>9.1} µs", micros(r)),
        outcome,
    ]
}

fn result_json(r: &SelfTestResult) -> Value {
    json!({
        "algorithm": r.algorithm.name(),
        "backend": r.backend.name(),
        "passed": r.passed(),
        "error": r.outcome.as_ref().err(),
        "micros": micros(r),
    })
}

fn micros(r: &SelfTestResult) -> f64 {
    r.duration.as_secs_f64() * 1e6
}

/// Lists every algorithm with its kind and the backends implementing it.
pub fn list(json: bool) -> Result<Status, CliError> {
    if json {
        let entries: Vec<Value> = Algorithm::ALL
            .iter()
            .map(|&alg| {
                json!({
                    "name": alg.name(),
                    "kind": kind_name(alg.kind()),
                    "backends": backend_names(selftest::backends(alg)),
                })
            })
            .collect();
        print_json(&Value::Array(entries))?;
    } else {
        let mut rows = vec![header(&["ALGORITHM", "KIND", "BACKENDS"])];
        rows.extend(Algorithm::ALL.iter().map(|&alg| {
            vec![
                alg.name().to_owned(),
                kind_name(alg.kind()).to_owned(),
                backend_names(selftest::backends(alg)).join(", "),
            ]
        }));
        print_line(&table(&rows))?;
    }
    Ok(Status::Success)
}

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|&n| n.to_owned()).collect()
}

fn backend_names(backends: &[Backend]) -> Vec<&'static str> {
    backends.iter().map(|b| b.name()).collect()
}
