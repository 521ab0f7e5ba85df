//! The text assembler and the disassembler.
//!
//! ## Syntax
//!
//! One item per line; `;` starts a comment (outside quoted strings).
//!
//! ```text
//! .meta name "counter"        ; metadata: key, then a quoted string (Rust escapes) or the rest of the line
//! .export main start          ; export `main` at label `start` (must be a JUMPDEST)
//! start:                      ; a label (letters, digits, `_ . - $`; not starting with a digit)
//!     JUMPDEST
//!     PUSH1 0x2a              ; PUSHn: decimal (up to u128), 0x-hex (up to n bytes) or a label
//!     PUSH 1000               ; PUSH: the smallest PUSHn that holds the value; a label is PUSH2
//!     PUSH2 start
//!     .bytes 0x0c60           ; raw bytes (undefined opcodes, truncated PUSH data)
//! ```
//!
//! [`disassemble`] writes this syntax so that [`assemble`] of its output gives the
//! identical container: PUSH data with its exact width, export targets as labels
//! `L_<offset>`, undefined opcodes and a PUSH truncated by the end of the code as
//! `.bytes`, metadata values as quoted strings.
//!
//! ```
//! use zvm::asm::{assemble, disassemble};
//! let c = assemble(".export main go\ngo: JUMPDEST\nPUSH 5\nPUSH go\nSTOP\n").unwrap();
//! assert_eq!(c.code, vec![0x5B, 0x60, 5, 0x61, 0, 0, 0x00]);
//! assert_eq!(assemble(&disassemble(&c)).unwrap(), c);
//! ```

use crate::container::{Container, ContainerError, valid_name};
use crate::opcode::{self, PUSH1};
use core::fmt;
use core::fmt::Write as _;
use std::collections::BTreeMap;

/// An assembly error, with its 1-based line (0 for whole-program errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsmError {
    /// The line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for AsmError {}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, AsmError> {
    Err(AsmError {
        line,
        message: message.into(),
    })
}

enum Operand {
    /// Minimal big-endian bytes (empty for zero).
    Literal(Vec<u8>),
    Label(String),
}

enum Item {
    Label(String),
    Op(u8),
    Push {
        width: Option<usize>,
        operand: Operand,
    },
    Bytes(Vec<u8>),
}

/// Removes a `;` comment that is not inside a quoted string.
fn strip_comment(line: &str) -> &str {
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
        } else if c == ';' {
            return &line[..i];
        }
    }
    line
}

fn is_label(s: &str) -> bool {
    valid_name(s) && !s.as_bytes()[0].is_ascii_digit()
}

fn hex_bytes(digits: &str) -> Option<Vec<u8>> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let padded = if digits.len() % 2 == 1 {
        format!("0{digits}")
    } else {
        digits.to_owned()
    };
    zcrypto::encoding::from_hex(&padded).ok()
}

fn minimal(bytes: &[u8]) -> Vec<u8> {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes[first..].to_vec()
}

fn operand(tok: &str, line: usize) -> Result<Operand, AsmError> {
    if let Some(h) = tok.strip_prefix("0x").or_else(|| tok.strip_prefix("0X")) {
        let Some(b) = hex_bytes(h) else {
            return err(line, format!("bad hex literal {tok:?}"));
        };
        return Ok(Operand::Literal(minimal(&b)));
    }
    if tok.bytes().all(|b| b.is_ascii_digit()) {
        let Ok(v) = tok.parse::<u128>() else {
            return err(line, format!("decimal literal {tok:?} too large (use hex)"));
        };
        return Ok(Operand::Literal(minimal(&v.to_be_bytes())));
    }
    if is_label(tok) {
        return Ok(Operand::Label(tok.to_owned()));
    }
    err(line, format!("bad operand {tok:?}"))
}

/// Parses a quoted string with Rust escapes (`\\ \" \' \n \r \t \0 \u{…}`); returns the
/// string and the rest of the input after the closing quote.
fn quoted(s: &str, line: usize) -> Result<(String, &str), AsmError> {
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &s[i + 1..])),
            '\\' => match chars.next().map(|(_, c)| c) {
                Some('\\') => out.push('\\'),
                Some('"') => out.push('"'),
                Some('\'') => out.push('\''),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('0') => out.push('\0'),
                Some('u') => {
                    if chars.next().map(|(_, c)| c) != Some('{') {
                        return err(line, "bad \\u escape");
                    }
                    let mut hex = String::new();
                    loop {
                        match chars.next() {
                            Some((_, '}')) => break,
                            Some((_, c)) if c.is_ascii_hexdigit() && hex.len() < 6 => hex.push(c),
                            _ => return err(line, "bad \\u escape"),
                        }
                    }
                    let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                    match ch {
                        Some(ch) => out.push(ch),
                        None => return err(line, "bad \\u escape"),
                    }
                }
                _ => return err(line, "bad escape in string"),
            },
            c => out.push(c),
        }
    }
    err(line, "unterminated string")
}

/// Assembles `source` into a validated container.
pub fn assemble(source: &str) -> Result<Container, AsmError> {
    let mut items: Vec<(usize, Item)> = Vec::new();
    let mut exports: Vec<(usize, String, String)> = Vec::new();
    let mut metadata: Vec<(String, String)> = Vec::new();
    for (n, raw) in source.lines().enumerate() {
        let line = n + 1;
        let mut text = strip_comment(raw).trim();
        if text.is_empty() {
            continue;
        }
        if let Some(rest) = text.strip_prefix(".meta") {
            if !rest.starts_with(char::is_whitespace) {
                return err(line, "expected `.meta key value`");
            }
            let rest = rest.trim_start();
            let (key, value) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let value = value.trim();
            let value = if value.starts_with('"') {
                let (s, tail) = quoted(value, line)?;
                if !tail.trim().is_empty() {
                    return err(line, "text after the quoted value");
                }
                s
            } else {
                value.to_owned()
            };
            if !valid_name(key) {
                return err(line, format!("bad metadata key {key:?}"));
            }
            metadata.push((key.to_owned(), value));
            continue;
        }
        let toks: Vec<&str> = text.split_whitespace().collect();
        match toks[0] {
            ".export" => {
                let [_, name, label] = toks[..] else {
                    return err(line, "expected `.export name label`");
                };
                exports.push((line, name.to_owned(), label.to_owned()));
                continue;
            }
            ".bytes" => {
                let mut bytes = Vec::new();
                for t in &toks[1..] {
                    let Some(b) = t.strip_prefix("0x").and_then(hex_bytes) else {
                        return err(line, format!("bad .bytes value {t:?}"));
                    };
                    if t.len() % 2 == 1 {
                        return err(line, ".bytes needs whole bytes");
                    }
                    bytes.extend(b);
                }
                items.push((line, Item::Bytes(bytes)));
                continue;
            }
            d if d.starts_with('.') => return err(line, format!("unknown directive {d}")),
            _ => {}
        }
        // `label:` optionally followed by an instruction.
        if let Some((label, rest)) = text.split_once(':') {
            let label = label.trim();
            if !is_label(label) {
                return err(line, format!("bad label {label:?}"));
            }
            items.push((line, Item::Label(label.to_owned())));
            text = rest.trim();
            if text.is_empty() {
                continue;
            }
        }
        let toks: Vec<&str> = text.split_whitespace().collect();
        let mnemonic = toks[0].to_ascii_uppercase();
        let arg = toks.get(1).copied();
        if toks.len() > 2 {
            return err(line, "too many operands");
        }
        if mnemonic == "PUSH" {
            let Some(arg) = arg else {
                return err(line, "PUSH needs an operand");
            };
            let operand = operand(arg, line)?;
            items.push((
                line,
                Item::Push {
                    width: None,
                    operand,
                },
            ));
            continue;
        }
        let Some(spec) = opcode::by_mnemonic(&mnemonic) else {
            return err(line, format!("unknown instruction {:?}", toks[0]));
        };
        if spec.immediate > 0 {
            let Some(arg) = arg else {
                return err(line, format!("{} needs an operand", spec.mnemonic));
            };
            let operand = operand(arg, line)?;
            items.push((
                line,
                Item::Push {
                    width: Some(usize::from(spec.immediate)),
                    operand,
                },
            ));
        } else {
            if arg.is_some() {
                return err(line, format!("{} takes no operand", spec.mnemonic));
            }
            items.push((line, Item::Op(spec.byte)));
        }
    }

    // Pass 1: sizes and label offsets.
    let width_of = |width: &Option<usize>, operand: &Operand| match (width, operand) {
        (Some(w), _) => *w,
        (None, Operand::Label(_)) => 2,
        (None, Operand::Literal(b)) => b.len().max(1),
    };
    let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
    let mut pc = 0usize;
    for (line, item) in &items {
        match item {
            Item::Label(name) => {
                if labels.insert(name, pc).is_some() {
                    return err(*line, format!("label {name:?} defined twice"));
                }
            }
            Item::Op(_) => pc += 1,
            Item::Push { width, operand } => {
                let w = width_of(width, operand);
                if w > 32 {
                    return err(*line, "PUSH value longer than 32 bytes");
                }
                pc += 1 + w;
            }
            Item::Bytes(b) => pc += b.len(),
        }
    }

    // Pass 2: emit.
    let mut code = Vec::with_capacity(pc);
    for (line, item) in &items {
        match item {
            Item::Label(_) => {}
            Item::Op(b) => code.push(*b),
            Item::Push { width, operand } => {
                let w = width_of(width, operand);
                let value = match operand {
                    Operand::Literal(b) => b.clone(),
                    Operand::Label(l) => match labels.get(l.as_str()) {
                        Some(&off) => minimal(&(off as u64).to_be_bytes()),
                        None => return err(*line, format!("undefined label {l:?}")),
                    },
                };
                if value.len() > w {
                    return err(*line, format!("value does not fit in PUSH{w}"));
                }
                code.push(PUSH1 + (w - 1) as u8);
                code.extend(std::iter::repeat_n(0, w - value.len()));
                code.extend_from_slice(&value);
            }
            Item::Bytes(b) => code.extend_from_slice(b),
        }
    }
    let mut out_exports = Vec::new();
    for (line, name, label) in exports {
        let Some(&off) = labels.get(label.as_str()) else {
            return err(line, format!("undefined label {label:?}"));
        };
        let off = u32::try_from(off).map_err(|_| AsmError {
            line,
            message: "export offset too large".into(),
        })?;
        out_exports.push((name, off));
    }
    let c = Container {
        code,
        exports: out_exports,
        metadata,
    };
    c.validate().map_err(|e: ContainerError| AsmError {
        line: 0,
        message: e.to_string(),
    })?;
    Ok(c)
}

/// Disassembles a container into text that [`assemble`]s back to it exactly.
pub fn disassemble(c: &Container) -> String {
    let mut s = String::new();
    for (k, v) in &c.metadata {
        let _ = writeln!(s, ".meta {k} {v:?}");
    }
    let mut targets: BTreeMap<u32, ()> = BTreeMap::new();
    for (name, off) in &c.exports {
        let _ = writeln!(s, ".export {name} L_{off:04x}");
        targets.insert(*off, ());
    }
    let code = &c.code;
    let mut pc = 0usize;
    while pc < code.len() {
        if targets.contains_key(&(pc as u32)) {
            let _ = writeln!(s, "L_{pc:04x}:");
        }
        let op = code[pc];
        let imm = opcode::immediate_len(op);
        match opcode::spec(op) {
            Some(spec) if pc + imm < code.len() || imm == 0 => {
                if imm == 0 {
                    let _ = writeln!(s, "    {}", spec.mnemonic);
                } else {
                    let data = zcrypto::encoding::to_hex(&code[pc + 1..pc + 1 + imm]);
                    let _ = writeln!(s, "    {} 0x{data}", spec.mnemonic);
                }
                pc += 1 + imm;
            }
            Some(_) => {
                // A PUSH whose data runs past the end of the code.
                let _ = writeln!(s, "    .bytes 0x{}", zcrypto::encoding::to_hex(&code[pc..]));
                pc = code.len();
            }
            None => {
                let _ = writeln!(s, "    .bytes 0x{op:02x}");
                pc += 1;
            }
        }
    }
    s
}

/// Parses a container and disassembles it.
pub fn disassemble_bytes(bytes: &[u8]) -> Result<String, ContainerError> {
    Container::parse(bytes).map(|c| disassemble(&c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opcode;
    use proptest::prelude::*;

    #[test]
    fn assembles_labels_directives_and_comments() {
        let src = "; a program\n.meta name \"my; \\\"thing\\\"\\n\" ; trailing\n.meta version 1.2 beta\n\
                   .export main start\n.export also start\nstart: JUMPDEST ; entry\n  push 0x2a\nPUSH 256\n\
                   PUSH4 start\nPUSH 0\n.bytes 0x0c0d\nend:\n";
        let c = assemble(src).unwrap();
        assert_eq!(
            c.code,
            vec![
                0x5B, 0x60, 0x2a, 0x61, 1, 0, 0x63, 0, 0, 0, 0, 0x60, 0, 0x0c, 0x0d
            ]
        );
        assert_eq!(c.meta("name"), Some("my; \"thing\"\n"));
        assert_eq!(c.meta("version"), Some("1.2 beta"));
        assert_eq!(c.exports, vec![("main".into(), 0), ("also".into(), 0)]);
        let text = disassemble(&c);
        assert_eq!(assemble(&text).unwrap(), c, "{text}");
    }

    #[test]
    fn assembly_errors() {
        let e = |s: &str| assemble(s).unwrap_err();
        assert_eq!(e("FOO").line, 1);
        assert!(e("STOP\nPUSH1 256").message.contains("does not fit"));
        assert!(e("PUSH nowhere").message.contains("undefined label"));
        assert!(e("a: STOP\na: STOP").message.contains("twice"));
        assert!(e("ADD 1").message.contains("no operand"));
        assert!(e("PUSH1").message.contains("operand"));
        assert!(e(".export main x\nx: STOP").message.contains("JUMPDEST"));
        assert!(e(".meta k \"open").message.contains("unterminated"));
        assert!(e(".bytes 0x123").message.contains("whole bytes"));
        assert!(e("").message.contains("code"));
        assert!(
            e("PUSH 340282366920938463463374607431768211456")
                .message
                .contains("too large")
        );
        assert!(e(".foo").message.contains("directive"));
    }

    #[test]
    fn disassembly_of_odd_code() {
        let c = Container {
            code: vec![0x0c, opcode::PUSH1 + 3, 1, 2],
            ..Default::default()
        };
        let text = disassemble(&c);
        assert!(text.contains(".bytes 0x0c") && text.contains(".bytes 0x630102"));
        assert_eq!(assemble(&text).unwrap(), c);
        assert!(disassemble_bytes(b"junk").is_err());
    }

    fn container() -> impl Strategy<Value = Container> {
        (
            proptest::collection::vec(any::<u8>(), 1..200),
            proptest::collection::vec(
                (
                    "[a-zA-Z_][a-zA-Z0-9_.$-]{0,12}",
                    any::<prop::sample::Index>(),
                ),
                0..4,
            ),
            proptest::collection::btree_map("[a-z0-9_.-]{1,10}", any::<String>(), 0..4),
        )
            .prop_map(|(mut code, exports, metadata)| {
                code.push(opcode::JUMPDEST);
                let dests: Vec<u32> = opcode::jumpdests(&code)
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| **d)
                    .map(|(i, _)| i as u32)
                    .collect();
                let mut seen = std::collections::BTreeSet::new();
                let exports = exports
                    .into_iter()
                    .filter(|(n, _)| !dests.is_empty() && seen.insert(n.clone()))
                    .map(|(n, i)| (n, dests[i.index(dests.len())]))
                    .collect();
                Container {
                    code,
                    exports,
                    metadata: metadata.into_iter().collect(),
                }
            })
            .prop_filter("valid", |c| c.validate().is_ok())
    }

    /// Random valid programs built from the instruction table.
    fn program() -> impl Strategy<Value = Vec<u8>> {
        let defined: Vec<u8> = opcode::all().map(|s| s.byte).collect();
        proptest::collection::vec(
            (
                proptest::sample::select(defined),
                proptest::collection::vec(any::<u8>(), 32),
            ),
            1..60,
        )
        .prop_map(|ins| {
            let mut code = Vec::new();
            for (op, data) in ins {
                code.push(op);
                code.extend_from_slice(&data[..opcode::immediate_len(op)]);
            }
            code
        })
    }

    proptest! {
        #[test]
        fn containers_round_trip(c in container()) {
            let text = disassemble(&c);
            let back = assemble(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            prop_assert_eq!(back.encode(), c.encode());
            prop_assert_eq!(disassemble_bytes(&c.encode()).unwrap(), text);
        }

        #[test]
        fn programs_round_trip(code in program()) {
            let c = Container { code, ..Default::default() };
            let text = disassemble(&c);
            prop_assert!(!text.contains(".bytes"));
            prop_assert_eq!(assemble(&text).unwrap().encode(), c.encode());
        }

        #[test]
        fn random_bytes_never_panic_the_disassembler(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = disassemble_bytes(&bytes);
            let mut b = crate::container::MAGIC.to_vec();
            b.push(crate::container::VERSION);
            b.extend_from_slice(&bytes);
            let _ = disassemble_bytes(&b);
            let _ = disassemble(&Container { code: bytes, ..Default::default() });
        }
    }
}
