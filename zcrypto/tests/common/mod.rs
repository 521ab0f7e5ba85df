//! Helpers shared by the integration tests: locating `../shared/vectors` and reading JSON.
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// `../shared/vectors` beside the repository root (CI lays it out the same way).
pub fn vectors_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors");
    assert!(
        dir.is_dir(),
        "official vectors not found at {} (see shared/vectors/README.md)",
        dir.display()
    );
    dir
}

/// Parses a JSON file under the vectors directory.
pub fn load_json(rel: &str) -> Value {
    let path = vectors_dir().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Hex (either case) to bytes.
pub fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap_or_else(|e| panic!("bad hex in vector: {e}"))
}

/// Hex of a JSON string field.
pub fn hex_field(v: &Value, key: &str) -> Vec<u8> {
    unhex(
        v[key]
            .as_str()
            .unwrap_or_else(|| panic!("missing field {key}")),
    )
}

/// An ACVP vector set: each prompt test joined with its expected result by tcId.
/// Yields (group, prompt test, expected test).
pub fn acvp_cases(dir: &str) -> Vec<(Value, Value, Value)> {
    let prompt = load_json(&format!("{dir}/prompt.json"));
    let expected = load_json(&format!("{dir}/expectedResults.json"));
    let mut answers = std::collections::HashMap::new();
    for g in expected["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            answers.insert(t["tcId"].as_u64().unwrap(), t.clone());
        }
    }
    let mut out = Vec::new();
    for g in prompt["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            let id = t["tcId"].as_u64().unwrap();
            let answer = answers
                .remove(&id)
                .unwrap_or_else(|| panic!("no answer for tcId {id}"));
            out.push((g.clone(), t.clone(), answer));
        }
    }
    assert!(
        answers.is_empty(),
        "answers without prompts: {:?}",
        answers.keys()
    );
    out
}

/// Runs `python3 -c script` with `stdin` and returns its stdout. Fails the test, naming
/// `requirement` (a module from vectors/requirements.txt), if python3 is missing, the
/// module cannot be imported, or the script fails: independent cross-checks must never
/// be skipped silently.
pub fn run_python(script: &str, stdin: &[u8], requirement: &str) -> Vec<u8> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let probe = Command::new("python3")
        .args(["-c", &format!("import {requirement}")])
        .output()
        .unwrap_or_else(|e| panic!("python3 is required for the {requirement} cross-check: {e}"));
    assert!(
        probe.status.success(),
        "python3 cannot import {requirement} (pip install -r vectors/requirements.txt): {}",
        String::from_utf8_lossy(&probe.stderr)
    );
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn python3");
    child
        .stdin
        .take()
        .expect("python3 stdin")
        .write_all(stdin)
        .expect("write to python3");
    let out = child.wait_with_output().expect("wait for python3");
    assert!(
        out.status.success(),
        "python3 ({requirement}) failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// [`run_python`]'s output as lines.
pub fn python_lines(script: &str, stdin: &str, requirement: &str) -> Vec<String> {
    String::from_utf8(run_python(script, stdin.as_bytes(), requirement))
        .expect("python3 printed UTF-8")
        .lines()
        .map(str::to_owned)
        .collect()
}
