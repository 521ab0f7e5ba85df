//! The native ZVM bytecode container, and bytecode kind detection.
//!
//! ## Layout
//!
//! ```text
//! magic    4 bytes  00 7A 76 6D  ("\0zvm")
//! version  1 byte   01
//! sections, in strictly increasing id order, each:
//!   id     1 byte   1 = code (required), 2 = exports, 3 = metadata
//!   length 4 bytes  big-endian
//!   body   length bytes
//! ```
//!
//! * **code**: the instructions, 1 ..= [`MAX_CODE_LEN`] bytes.
//! * **exports**: `count: u16`, then per entry `name_len: u8, name, offset: u32`
//!   (big-endian). Every offset must be a `JUMPDEST` at an instruction boundary.
//! * **metadata**: `count: u16`, then per entry `key_len: u8, key, value_len: u16,
//!   value` (UTF-8).
//!
//! Names and keys are 1..=255 bytes of ASCII letters, digits and `_ . - $` (so they
//! survive the assembly text); export names and metadata keys are unique. Empty exports or
//! metadata sections are not written by the encoder and rejected by the parser, so
//! every valid container has exactly one encoding: `encode(parse(b)) == b`.
//!
//! ```
//! use zvm::container::{detect, Container, Kind};
//! let c = Container { code: vec![0x5B, 0x00], exports: vec![("main".into(), 0)], metadata: vec![] };
//! let bytes = c.encode();
//! assert_eq!(detect(&bytes), Kind::Zvm);
//! assert_eq!(Container::parse(&bytes).unwrap(), c);
//! assert_eq!(detect(b"\0asm\x01\0\0\0"), Kind::Wasm);
//! assert_eq!(detect(&[0x60, 0x01]), Kind::Evm);
//! ```

use crate::opcode;
use core::fmt;

/// The container magic, `"\0zvm"`.
pub const MAGIC: [u8; 4] = *b"\0zvm";
/// The WebAssembly magic, `"\0asm"`.
pub const WASM_MAGIC: [u8; 4] = *b"\0asm";
/// The only container version.
pub const VERSION: u8 = 1;
/// The largest code section (64 KiB, so every code offset fits a `PUSH2`).
pub const MAX_CODE_LEN: usize = 65_536;

/// Section id of the code.
pub const SECTION_CODE: u8 = 1;
/// Section id of the exports.
pub const SECTION_EXPORTS: u8 = 2;
/// Section id of the metadata.
pub const SECTION_METADATA: u8 = 3;

/// What a bytecode blob is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// WebAssembly (starts with `\0asm`).
    Wasm,
    /// A native ZVM container (starts with `\0zvm`).
    Zvm,
    /// Anything else is treated as EVM bytecode.
    Evm,
}

/// Which engine `bytecode` is for, from its magic.
pub fn detect(bytecode: &[u8]) -> Kind {
    if bytecode.starts_with(&WASM_MAGIC) {
        Kind::Wasm
    } else if bytecode.starts_with(&MAGIC) {
        Kind::Zvm
    } else {
        Kind::Evm
    }
}

/// Why a container was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerError {
    /// The first four bytes are not [`MAGIC`].
    BadMagic,
    /// The version byte is not [`VERSION`].
    UnsupportedVersion(u8),
    /// The input ended inside the named structure.
    Truncated(&'static str),
    /// A section id other than 1, 2 or 3.
    UnknownSection(u8),
    /// A section appears twice.
    DuplicateSection(u8),
    /// Sections are not in increasing id order.
    SectionOrder(u8),
    /// A section's declared entries end before its declared length.
    TrailingBytes(u8),
    /// An exports or metadata section with no entries.
    EmptySection(u8),
    /// No code section, or an empty one.
    MissingCode,
    /// The code section is longer than [`MAX_CODE_LEN`].
    CodeTooLarge(usize),
    /// An export name or metadata key that is not [`valid_name`].
    BadName(String),
    /// A metadata value that is not UTF-8.
    InvalidUtf8,
    /// An export name used twice.
    DuplicateExport(String),
    /// A metadata key used twice.
    DuplicateMetadata(String),
    /// An export whose offset is past the end of the code.
    ExportOutOfBounds {
        /// The export.
        name: String,
        /// Its offset.
        offset: u32,
    },
    /// An export whose offset is not a `JUMPDEST` at an instruction boundary.
    ExportNotJumpdest {
        /// The export.
        name: String,
        /// Its offset.
        offset: u32,
    },
    /// A value too long for its length field (encoder side).
    TooLong(&'static str),
}

impl fmt::Display for ContainerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContainerError::BadMagic => write!(f, "not a ZVM container (bad magic)"),
            ContainerError::UnsupportedVersion(v) => write!(f, "unsupported container version {v}"),
            ContainerError::Truncated(what) => write!(f, "container truncated in {what}"),
            ContainerError::UnknownSection(id) => write!(f, "unknown section id {id}"),
            ContainerError::DuplicateSection(id) => write!(f, "duplicate section id {id}"),
            ContainerError::SectionOrder(id) => write!(f, "section {id} out of order"),
            ContainerError::TrailingBytes(id) => write!(f, "section {id} has trailing bytes"),
            ContainerError::EmptySection(id) => write!(f, "section {id} has no entries"),
            ContainerError::MissingCode => write!(f, "no code (or empty code)"),
            ContainerError::CodeTooLarge(n) => {
                write!(f, "code is {n} bytes, over the {MAX_CODE_LEN}-byte limit")
            }
            ContainerError::BadName(n) => write!(f, "invalid name {n:?}"),
            ContainerError::InvalidUtf8 => write!(f, "metadata value is not UTF-8"),
            ContainerError::DuplicateExport(n) => write!(f, "duplicate export {n:?}"),
            ContainerError::DuplicateMetadata(k) => write!(f, "duplicate metadata key {k:?}"),
            ContainerError::ExportOutOfBounds { name, offset } => {
                write!(f, "export {name:?} at {offset} is outside the code")
            }
            ContainerError::ExportNotJumpdest { name, offset } => {
                write!(f, "export {name:?} at {offset} is not a JUMPDEST")
            }
            ContainerError::TooLong(what) => write!(f, "{what} too long for its length field"),
        }
    }
}

impl std::error::Error for ContainerError {}

/// A parsed (and validated) container.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Container {
    /// The instructions.
    pub code: Vec<u8>,
    /// Entry points: name → code offset of a `JUMPDEST`, in encoding order.
    pub exports: Vec<(String, u32)>,
    /// Key-value metadata (name, version, ...), in encoding order.
    pub metadata: Vec<(String, String)>,
}

/// Whether `name` is a valid export name or metadata key: 1..=255 bytes of ASCII
/// letters, digits and `_ . - $`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'$'))
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], ContainerError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(ContainerError::Truncated(what))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, ContainerError> {
        Ok(self.take(1, what)?[0])
    }

    fn u16(&mut self, what: &'static str) -> Result<u16, ContainerError> {
        let b = self.take(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self, what: &'static str) -> Result<u32, ContainerError> {
        let b = self.take(4, what)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn name(&mut self, what: &'static str) -> Result<String, ContainerError> {
        let len = self.u8(what)?;
        let raw = self.take(usize::from(len), what)?;
        let s = core::str::from_utf8(raw)
            .map_err(|_| ContainerError::BadName(String::from_utf8_lossy(raw).into_owned()))?;
        if !valid_name(s) {
            return Err(ContainerError::BadName(s.to_owned()));
        }
        Ok(s.to_owned())
    }

    fn done(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

impl Container {
    /// Parses and validates a container. Never panics.
    pub fn parse(bytes: &[u8]) -> Result<Container, ContainerError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(4, "magic").ok() != Some(&MAGIC[..]) {
            return Err(ContainerError::BadMagic);
        }
        let version = r.u8("version")?;
        if version != VERSION {
            return Err(ContainerError::UnsupportedVersion(version));
        }
        let mut c = Container::default();
        let mut last = 0u8;
        let mut have_code = false;
        while !r.done() {
            let id = r.u8("section id")?;
            if !(SECTION_CODE..=SECTION_METADATA).contains(&id) {
                return Err(ContainerError::UnknownSection(id));
            }
            if id == last {
                return Err(ContainerError::DuplicateSection(id));
            }
            if id < last {
                return Err(ContainerError::SectionOrder(id));
            }
            last = id;
            let len = r.u32("section length")? as usize;
            let body = r.take(len, "section body")?;
            match id {
                SECTION_CODE => {
                    if body.len() > MAX_CODE_LEN {
                        return Err(ContainerError::CodeTooLarge(body.len()));
                    }
                    c.code = body.to_vec();
                    have_code = true;
                }
                SECTION_EXPORTS => c.exports = parse_exports(body)?,
                _ => c.metadata = parse_metadata(body)?,
            }
        }
        if !have_code || c.code.is_empty() {
            return Err(ContainerError::MissingCode);
        }
        c.validate()?;
        Ok(c)
    }

    /// Checks the rules the parser enforces (so an encoder's input can be checked too).
    pub fn validate(&self) -> Result<(), ContainerError> {
        if self.code.is_empty() {
            return Err(ContainerError::MissingCode);
        }
        if self.code.len() > MAX_CODE_LEN {
            return Err(ContainerError::CodeTooLarge(self.code.len()));
        }
        let dests = opcode::jumpdests(&self.code);
        for (i, (name, offset)) in self.exports.iter().enumerate() {
            if !valid_name(name) {
                return Err(ContainerError::BadName(name.clone()));
            }
            if self.exports[..i].iter().any(|(n, _)| n == name) {
                return Err(ContainerError::DuplicateExport(name.clone()));
            }
            match dests.get(*offset as usize) {
                None => {
                    return Err(ContainerError::ExportOutOfBounds {
                        name: name.clone(),
                        offset: *offset,
                    });
                }
                Some(false) => {
                    return Err(ContainerError::ExportNotJumpdest {
                        name: name.clone(),
                        offset: *offset,
                    });
                }
                Some(true) => {}
            }
        }
        if self.exports.len() > usize::from(u16::MAX) {
            return Err(ContainerError::TooLong("export list"));
        }
        if self.metadata.len() > usize::from(u16::MAX) {
            return Err(ContainerError::TooLong("metadata list"));
        }
        for (i, (key, value)) in self.metadata.iter().enumerate() {
            if !valid_name(key) {
                return Err(ContainerError::BadName(key.clone()));
            }
            if self.metadata[..i].iter().any(|(k, _)| k == key) {
                return Err(ContainerError::DuplicateMetadata(key.clone()));
            }
            if value.len() > usize::from(u16::MAX) {
                return Err(ContainerError::TooLong("metadata value"));
            }
        }
        Ok(())
    }

    /// The code offset of the export `name`.
    pub fn export(&self, name: &str) -> Option<u32> {
        self.exports
            .iter()
            .find(|(n, _)| n == name)
            .map(|&(_, o)| o)
    }

    /// The metadata value of `key`.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metadata
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The canonical encoding. Call [`Container::validate`] first (or use
    /// [`Container::to_bytes`]) if the container was built by hand; the encoding of an
    /// invalid container is rejected by [`Container::parse`].
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.code.len());
        out.extend_from_slice(&MAGIC);
        out.push(VERSION);
        section(&mut out, SECTION_CODE, &self.code);
        if !self.exports.is_empty() {
            let mut body = (self.exports.len() as u16).to_be_bytes().to_vec();
            for (name, offset) in &self.exports {
                body.push(name.len() as u8);
                body.extend_from_slice(name.as_bytes());
                body.extend_from_slice(&offset.to_be_bytes());
            }
            section(&mut out, SECTION_EXPORTS, &body);
        }
        if !self.metadata.is_empty() {
            let mut body = (self.metadata.len() as u16).to_be_bytes().to_vec();
            for (key, value) in &self.metadata {
                body.push(key.len() as u8);
                body.extend_from_slice(key.as_bytes());
                body.extend_from_slice(&(value.len() as u16).to_be_bytes());
                body.extend_from_slice(value.as_bytes());
            }
            section(&mut out, SECTION_METADATA, &body);
        }
        out
    }

    /// [`Container::validate`], then [`Container::encode`].
    pub fn to_bytes(&self) -> Result<Vec<u8>, ContainerError> {
        self.validate()?;
        Ok(self.encode())
    }
}

fn section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend_from_slice(body);
}

fn parse_exports(body: &[u8]) -> Result<Vec<(String, u32)>, ContainerError> {
    let mut r = Reader {
        bytes: body,
        pos: 0,
    };
    let n = r.u16("export count")?;
    if n == 0 {
        return Err(ContainerError::EmptySection(SECTION_EXPORTS));
    }
    let mut v = Vec::new();
    for _ in 0..n {
        let name = r.name("export name")?;
        let offset = r.u32("export offset")?;
        v.push((name, offset));
    }
    if !r.done() {
        return Err(ContainerError::TrailingBytes(SECTION_EXPORTS));
    }
    Ok(v)
}

fn parse_metadata(body: &[u8]) -> Result<Vec<(String, String)>, ContainerError> {
    let mut r = Reader {
        bytes: body,
        pos: 0,
    };
    let n = r.u16("metadata count")?;
    if n == 0 {
        return Err(ContainerError::EmptySection(SECTION_METADATA));
    }
    let mut v = Vec::new();
    for _ in 0..n {
        let key = r.name("metadata key")?;
        let len = r.u16("metadata value length")?;
        let raw = r.take(usize::from(len), "metadata value")?;
        let value = core::str::from_utf8(raw).map_err(|_| ContainerError::InvalidUtf8)?;
        v.push((key, value.to_owned()));
    }
    if !r.done() {
        return Err(ContainerError::TrailingBytes(SECTION_METADATA));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Container {
        Container {
            code: vec![
                opcode::JUMPDEST,
                opcode::PUSH1,
                opcode::JUMPDEST,
                opcode::JUMPDEST,
            ],
            exports: vec![("main".into(), 0), ("other".into(), 3)],
            metadata: vec![
                ("name".into(), "counter".into()),
                ("version".into(), "1.0 beta".into()),
            ],
        }
    }

    #[test]
    fn round_trip() {
        let c = sample();
        let b = c.to_bytes().unwrap();
        assert_eq!(Container::parse(&b).unwrap(), c);
        assert_eq!(c.export("other"), Some(3));
        assert_eq!(c.meta("name"), Some("counter"));
    }

    #[test]
    fn rejects_malformed() {
        use ContainerError as E;
        let good = sample().encode();
        let p = Container::parse;
        assert_eq!(p(b"\0asm\x01"), Err(E::BadMagic));
        assert_eq!(p(b"\0zv"), Err(E::BadMagic));
        assert_eq!(p(b"\0zvm"), Err(E::Truncated("version")));
        assert_eq!(p(b"\0zvm\x02"), Err(E::UnsupportedVersion(2)));
        assert_eq!(p(b"\0zvm\x01"), Err(E::MissingCode));
        assert_eq!(p(b"\0zvm\x01\x01\0\0\0\0"), Err(E::MissingCode));
        assert_eq!(p(b"\0zvm\x01\x04\0\0\0\0"), Err(E::UnknownSection(4)));
        assert_eq!(
            p(b"\0zvm\x01\x01\0\0\0\x05\0"),
            Err(E::Truncated("section body"))
        );
        assert_eq!(p(b"\0zvm\x01\x01\0\0"), Err(E::Truncated("section length")));
        assert_eq!(
            p(b"\0zvm\x01\x01\0\0\0\x01\0\x01\0\0\0\x01\0"),
            Err(E::DuplicateSection(1))
        );
        assert_eq!(
            p(b"\0zvm\x01\x03\0\0\0\x06\0\x01\x01k\0\0\x01\0\0\0\x01\0"),
            Err(E::SectionOrder(1))
        );
        // Truncation inside a section is an error, never a panic; only cuts at a section
        // boundary (dropping optional sections) leave a valid container.
        let parsed: Vec<usize> = (0..good.len()).filter(|&n| p(&good[..n]).is_ok()).collect();
        assert_eq!(parsed, vec![14, 14 + 5 + 2 + 9 + 10]);
        // Overlong: exports section declares one entry but carries an extra byte.
        let mut c = Container {
            code: vec![0x5B],
            ..Default::default()
        };
        c.exports = vec![("a".into(), 0)];
        let mut b = c.encode();
        let len_at = 5 + 5 + 1 + 1; // magic+version, code section (5 + 1 byte), exports id
        b[len_at + 3] += 1;
        b.push(0);
        assert_eq!(p(&b), Err(E::TrailingBytes(2)));
        // Empty exports section.
        assert_eq!(
            p(b"\0zvm\x01\x01\0\0\0\x01\0\x02\0\0\0\x02\0\0"),
            Err(E::EmptySection(2))
        );
        // Exports outside the code / not at a JUMPDEST / inside PUSH data.
        let bad = |code: Vec<u8>, off| {
            Container {
                code,
                exports: vec![("f".into(), off)],
                metadata: vec![],
            }
            .encode()
        };
        assert_eq!(
            p(&bad(vec![0x5B], 1)),
            Err(E::ExportOutOfBounds {
                name: "f".into(),
                offset: 1
            })
        );
        assert_eq!(
            p(&bad(vec![0x00], 0)),
            Err(E::ExportNotJumpdest {
                name: "f".into(),
                offset: 0
            })
        );
        assert_eq!(
            p(&bad(vec![0x60, 0x5B], 1)),
            Err(E::ExportNotJumpdest {
                name: "f".into(),
                offset: 1
            })
        );
        // Duplicate export, bad name, duplicate metadata, invalid UTF-8.
        let dup = Container {
            code: vec![0x5B],
            exports: vec![("f".into(), 0), ("f".into(), 0)],
            metadata: vec![],
        };
        assert_eq!(p(&dup.encode()), Err(E::DuplicateExport("f".into())));
        let sp = Container {
            code: vec![0x5B],
            exports: vec![("a b".into(), 0)],
            metadata: vec![],
        };
        assert_eq!(p(&sp.encode()), Err(E::BadName("a b".into())));
        assert!(sp.to_bytes().is_err());
        let dm = Container {
            code: vec![0],
            exports: vec![],
            metadata: vec![("k".into(), "1".into()), ("k".into(), "2".into())],
        };
        assert_eq!(p(&dm.encode()), Err(E::DuplicateMetadata("k".into())));
        assert_eq!(
            p(b"\0zvm\x01\x01\0\0\0\x01\0\x03\0\0\0\x07\0\x01\x01k\0\x01\xff"),
            Err(E::InvalidUtf8)
        );
        let big = Container {
            code: vec![0; MAX_CODE_LEN + 1],
            ..Default::default()
        };
        assert_eq!(p(&big.encode()), Err(E::CodeTooLarge(MAX_CODE_LEN + 1)));
    }

    proptest! {
        #[test]
        fn random_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..64)) {
            let mut b = MAGIC.to_vec();
            b.push(VERSION);
            b.extend_from_slice(&tail);
            if let Ok(c) = Container::parse(&b) {
                prop_assert_eq!(c.encode(), b);
            }
            let _ = Container::parse(&tail);
        }
    }
}
