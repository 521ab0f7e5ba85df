//! The CLI's error and exit status types.

use std::fmt;

/// How a command that ran to completion ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Exit status 0.
    Success,
    /// Exit status 1: a tag did not verify, decryption failed or a self test failed.
    Failure,
}

impl Status {
    /// `Success` if `ok`, else `Failure`.
    pub fn from_ok(ok: bool) -> Status {
        if ok { Status::Success } else { Status::Failure }
    }
}

/// A usage or input error: exit status 2, reported as one line on stderr that names the
/// offending argument, e.g. `error: --key: invalid length: expected 16 bytes, got 15`.
#[derive(Debug)]
pub struct CliError {
    arg: Option<&'static str>,
    message: String,
}

impl CliError {
    /// An error in the argument `arg` (`--key`, `<ALG>`, ...).
    pub fn arg(arg: &'static str, message: impl fmt::Display) -> CliError {
        CliError {
            arg: Some(arg),
            message: message.to_string(),
        }
    }

    /// An error not tied to one argument (e.g. writing the output failed).
    pub fn other(message: impl fmt::Display) -> CliError {
        CliError {
            arg: None,
            message: message.to_string(),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.arg {
            Some(arg) => write!(f, "{arg}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Attaches an argument name to library errors.
pub trait ArgContext<T> {
    /// Maps the error to a [`CliError`] about `arg`.
    fn arg(self, arg: &'static str) -> Result<T, CliError>;
}

impl<T, E: fmt::Display> ArgContext<T> for Result<T, E> {
    fn arg(self, arg: &'static str) -> Result<T, CliError> {
        self.map_err(|e| CliError::arg(arg, e))
    }
}
