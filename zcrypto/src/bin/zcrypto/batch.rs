//! `zcrypto batch-verify`: verify a JSON-lines file of signatures as one batch.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde_json::{Value, json};
use zcrypto::batch::{BatchVerifier, Ed25519Rule, Item, Limits};
use zcrypto::{Algorithm, Kind};

use crate::error::{CliError, Status};
use crate::input::{self, FILE};
use crate::output::print_line;

/// The Ed25519 rule, as the CLI spells it.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Rule {
    /// ZIP-215: cofactored, any encodings; true batch verification (default).
    Zip215,
    /// Strict RFC 8032 + no small-order points, as `zcrypto verify`; each item alone.
    Strict,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Each line of FILE is one JSON object (blank lines are skipped):
  {\"algorithm\": \"ed25519\", \"public_key\": HEX, \"message\": HEX, \"signature\": HEX}
with an optional \"context\": HEX (ML-DSA, ed25519-ml-dsa-65). `zcrypto list` names the
signature algorithms; frost-ed25519 items are FROST group signatures (plain Ed25519).

Prints one line per item (`<line> valid` or `<line> invalid <error> (code <n>)`, where
<line> is the item's line number in FILE) and a summary; with --json, one JSON object.
Exit status: 0 all valid, 1 some invalid, 2 unreadable input or a limit exceeded.

Example:
  zcrypto batch-verify block.jsonl --json")]
pub struct BatchArgs {
    /// The JSON-lines file (`-` for stdin).
    file: PathBuf,
    /// How Ed25519 and FROST items are verified.
    #[arg(long, value_enum, default_value = "zip215")]
    rule: Rule,
    /// Refuse more items than this.
    #[arg(long, default_value_t = Limits::DEFAULT.max_items)]
    max_items: usize,
    /// Refuse more message bytes (summed over the items) than this.
    #[arg(long, default_value_t = Limits::DEFAULT.max_message_bytes)]
    max_message_bytes: usize,
}

/// One parsed line.
struct Line {
    number: usize,
    algorithm: Algorithm,
    public_key: Vec<u8>,
    message: Vec<u8>,
    signature: Vec<u8>,
    context: Vec<u8>,
}

fn field(obj: &Value, name: &str, number: usize, required: bool) -> Result<Vec<u8>, CliError> {
    match obj.get(name) {
        None | Some(Value::Null) if !required => Ok(Vec::new()),
        Some(Value::String(s)) => hex::decode(s)
            .map_err(|e| CliError::arg(FILE, format!("line {number}: \"{name}\" is not hex: {e}"))),
        None => Err(CliError::arg(
            FILE,
            format!("line {number}: missing \"{name}\""),
        )),
        Some(_) => Err(CliError::arg(
            FILE,
            format!("line {number}: \"{name}\" must be a hex string"),
        )),
    }
}

fn parse_line(text: &str, number: usize) -> Result<Line, CliError> {
    let obj: Value = serde_json::from_str(text)
        .map_err(|e| CliError::arg(FILE, format!("line {number}: not JSON: {e}")))?;
    let name = obj
        .get("algorithm")
        .and_then(Value::as_str)
        .ok_or_else(|| CliError::arg(FILE, format!("line {number}: missing \"algorithm\"")))?;
    let algorithm: Algorithm = name.parse().map_err(|_| {
        CliError::arg(
            FILE,
            format!("line {number}: unknown algorithm '{name}' (`zcrypto list` shows them all)"),
        )
    })?;
    if algorithm.kind() != Kind::Signature {
        return Err(CliError::arg(
            FILE,
            format!("line {number}: '{name}' is not a signature algorithm"),
        ));
    }
    Ok(Line {
        number,
        algorithm,
        public_key: field(&obj, "public_key", number, true)?,
        message: field(&obj, "message", number, true)?,
        signature: field(&obj, "signature", number, true)?,
        context: field(&obj, "context", number, false)?,
    })
}

pub fn run(args: &BatchArgs, json: bool) -> Result<Status, CliError> {
    let text = input::read_all(FILE, Some(&args.file))?;
    let text =
        String::from_utf8(text).map_err(|_| CliError::arg(FILE, "the file is not UTF-8 text"))?;
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| parse_line(l, i + 1))
        .collect::<Result<_, _>>()?;
    let rule = match args.rule {
        Rule::Zip215 => Ed25519Rule::Zip215,
        Rule::Strict => Ed25519Rule::Strict,
    };
    let mut batch = BatchVerifier::with_limits(Limits {
        max_items: args.max_items,
        max_message_bytes: args.max_message_bytes,
    })
    .ed25519_rule(rule);
    for line in &lines {
        let item = Item::new(
            line.algorithm,
            &line.public_key,
            &line.message,
            &line.signature,
        )
        .with_context(&line.context);
        batch.push(item).map_err(|e| {
            CliError::arg(
                FILE,
                format!(
                    "line {}: {e} (--max-items {}, --max-message-bytes {})",
                    line.number, args.max_items, args.max_message_bytes
                ),
            )
        })?;
    }
    let results = batch.verify_each();
    let invalid = results.iter().filter(|r| r.is_err()).count();
    let valid = results.len() - invalid;
    if json {
        let items: Vec<Value> = lines
            .iter()
            .zip(&results)
            .map(|(line, r)| match r {
                Ok(()) => json!({"line": line.number, "algorithm": line.algorithm.name(), "valid": true, "error": null, "code": 0}),
                Err(e) => json!({"line": line.number, "algorithm": line.algorithm.name(), "valid": false, "error": e.name(), "code": e.code()}),
            })
            .collect();
        print_line(
            &json!({"items": items, "total": results.len(), "valid": valid, "invalid": invalid})
                .to_string(),
        )?;
    } else {
        for (line, r) in lines.iter().zip(&results) {
            match r {
                Ok(()) => print_line(&format!("{} valid", line.number))?,
                Err(e) => print_line(&format!(
                    "{} invalid {} (code {})",
                    line.number,
                    e.name(),
                    e.code()
                ))?,
            }
        }
        print_line(&format!(
            "{} items: {valid} valid, {invalid} invalid",
            results.len()
        ))?;
    }
    Ok(Status::from_ok(invalid == 0))
}
