//! Parsing of command-line values: algorithm names, hex arguments and input files.

use std::fs::File;
use std::io::{self, ErrorKind, Read};
use std::path::Path;

use zcrypto::{Algorithm, Kind};

use crate::error::{ArgContext, CliError};

/// The name errors use for the positional algorithm argument.
pub const ALG: &str = "<ALG>";
/// The name errors use for the positional input file argument.
pub const FILE: &str = "<FILE>";

/// Files and stdin are read in chunks of this size.
const CHUNK: usize = 64 * 1024;

/// A short lowercase name for an algorithm kind, as `zcrypto list` prints it.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Hash => "hash",
        Kind::Mac => "mac",
        Kind::Kdf => "kdf",
        Kind::Aead => "aead",
        Kind::KeyAgreement => "key-agreement",
        Kind::Kem => "kem",
        Kind::Signature => "signature",
        _ => "other",
    }
}

/// Parses the `<ALG>` argument and checks that it names an algorithm of `kind`.
pub fn algorithm(name: &str, kind: Kind) -> Result<Algorithm, CliError> {
    let alg: Algorithm = name.parse().map_err(|_| {
        CliError::arg(
            ALG,
            format!("unknown algorithm '{name}' (`zcrypto list` shows them all)"),
        )
    })?;
    if alg.kind() != kind {
        return Err(CliError::arg(
            ALG,
            format!(
                "'{name}' is not a {} algorithm (its kind is {})",
                kind_name(kind),
                kind_name(alg.kind())
            ),
        ));
    }
    Ok(alg)
}

/// Parses `<ALG>` into one of the library's typed algorithm enums (`HashAlg`, ...).
pub fn typed_algorithm<T>(name: &str, kind: Kind) -> Result<T, CliError>
where
    T: TryFrom<Algorithm, Error = zcrypto::Error>,
{
    T::try_from(algorithm(name, kind)?).arg(ALG)
}

/// Decodes the hex value of the argument `arg` (either case, no prefix, even length).
pub fn hex(arg: &'static str, value: &str) -> Result<Vec<u8>, CliError> {
    ::hex::decode(value).map_err(|e| {
        let detail = match e {
            ::hex::FromHexError::InvalidHexCharacter { c, index } => {
                format!("unexpected character {c:?} at position {index}")
            }
            ::hex::FromHexError::OddLength => "odd number of digits".to_owned(),
            other => other.to_string(),
        };
        CliError::arg(arg, format!("invalid hex: {detail}"))
    })
}

/// Decodes an optional hex argument; absent means empty.
pub fn hex_or_empty(arg: &'static str, value: Option<&str>) -> Result<Vec<u8>, CliError> {
    value.map_or(Ok(Vec::new()), |v| hex(arg, v))
}

/// Decodes a hex argument that must be exactly `len` bytes long.
pub fn hex_len(arg: &'static str, value: &str, len: usize) -> Result<Vec<u8>, CliError> {
    let bytes = hex(arg, value)?;
    check_len(arg, len, bytes.len())?;
    Ok(bytes)
}

/// Decodes a hex argument of exactly `N` bytes into an array.
pub fn hex_array<const N: usize>(arg: &'static str, value: &str) -> Result<[u8; N], CliError> {
    let bytes = hex(arg, value)?;
    <[u8; N]>::try_from(bytes.as_slice()).map_err(|_| length_error(arg, N, bytes.len()))
}

/// Checks that a value of `arg` has `expected` bytes.
fn check_len(arg: &'static str, expected: usize, got: usize) -> Result<(), CliError> {
    if expected == got {
        Ok(())
    } else {
        Err(length_error(arg, expected, got))
    }
}

fn length_error(arg: &'static str, expected: usize, got: usize) -> CliError {
    CliError::arg(arg, zcrypto::Error::InvalidLength { expected, got })
}

/// Opens `path` for reading; `None` or `-` is stdin.
fn open(arg: &'static str, path: Option<&Path>) -> Result<Box<dyn Read>, CliError> {
    match path {
        None => Ok(Box::new(io::stdin().lock())),
        Some(p) if p == Path::new("-") => Ok(Box::new(io::stdin().lock())),
        Some(p) => File::open(p)
            .map(|f| Box::new(f) as Box<dyn Read>)
            .map_err(|e| CliError::arg(arg, format!("cannot open '{}': {e}", p.display()))),
    }
}

/// Feeds the file (or stdin) named by the argument `arg` to `f` in 64 KiB chunks.
pub fn stream(
    arg: &'static str,
    path: Option<&Path>,
    mut f: impl FnMut(&[u8]),
) -> Result<(), CliError> {
    let mut reader = open(arg, path)?;
    let mut buf = vec![0u8; CHUNK];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => f(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(read_error(arg, path, &e)),
        }
    }
}

/// Reads the whole file (or stdin) named by the argument `arg`.
pub fn read_all(arg: &'static str, path: Option<&Path>) -> Result<Vec<u8>, CliError> {
    let mut out = Vec::new();
    open(arg, path)?
        .read_to_end(&mut out)
        .map_err(|e| read_error(arg, path, &e))?;
    Ok(out)
}

fn read_error(arg: &'static str, path: Option<&Path>, e: &io::Error) -> CliError {
    let name = path.map_or_else(|| "-".into(), |p| p.display().to_string());
    CliError::arg(arg, format!("cannot read '{name}': {e}"))
}
