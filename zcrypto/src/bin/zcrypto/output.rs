//! Writing results: lowercase hex (or JSON with `--json`) and aligned tables.

use std::io::{self, Write};

use serde_json::{Map, Value};
use zcrypto::Algorithm;

use crate::error::CliError;

/// A command's result: named fields for one algorithm.
///
/// As text, a single field prints as its bare value and several as `name: value`
/// lines; as JSON, an object with `"alg"` and every field.
pub struct Output {
    alg: Algorithm,
    fields: Vec<(&'static str, Value)>,
}

impl Output {
    /// An empty result for `alg`.
    pub fn new(alg: Algorithm) -> Output {
        Output {
            alg,
            fields: Vec::new(),
        }
    }

    /// Adds a byte-string field, printed as lowercase hex.
    pub fn hex(self, name: &'static str, bytes: &[u8]) -> Output {
        self.field(name, zcrypto::encoding::to_hex(bytes))
    }

    /// Adds any JSON-representable field.
    pub fn field(mut self, name: &'static str, value: impl Into<Value>) -> Output {
        self.fields.push((name, value.into()));
        self
    }

    /// Writes the result to stdout, as JSON if `json`.
    pub fn print(self, json: bool) -> Result<(), CliError> {
        if json {
            let mut map = Map::new();
            map.insert("alg".into(), self.alg.name().into());
            map.extend(self.fields.into_iter().map(|(k, v)| (k.to_owned(), v)));
            return print_json(&Value::Object(map));
        }
        let text = match self.fields.as_slice() {
            [(_, value)] => plain(value),
            fields => fields
                .iter()
                .map(|(name, value)| format!("{name}: {}", plain(value)))
                .collect::<Vec<_>>()
                .join("\n"),
        };
        print_line(&text)
    }
}

/// A JSON value as text: strings without quotes.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Prints `valid`/`invalid` (or `{"alg", "valid": bool}`) for a verification.
pub fn print_verdict(alg: Algorithm, valid: bool, json: bool) -> Result<(), CliError> {
    if json {
        Output::new(alg).field("valid", valid).print(true)
    } else {
        print_line(if valid { "valid" } else { "invalid" })
    }
}

/// Prints a JSON value on one line.
pub fn print_json(value: &Value) -> Result<(), CliError> {
    print_line(&value.to_string())
}

/// Writes `text` and a newline to stdout. A closed pipe is not an error.
pub fn print_line(text: &str) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(CliError::other(format!("cannot write output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Formats rows (the first is the header) as left-aligned columns two spaces apart.
pub fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, &w)| format!("{cell:<w$}"))
                .collect();
            cells.join("  ").trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
