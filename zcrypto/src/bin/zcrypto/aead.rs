//! `zcrypto aead seal|open`.

use std::io::Write;
use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};
use zcrypto::aead::{AeadAlg, AeadKey, Nonce, TAG_LEN};
use zcrypto::{Error, Kind};

use crate::error::{ArgContext, CliError, Status};
use crate::input;
use crate::output::Output;

/// `zcrypto aead` subcommands.
#[derive(Debug, Subcommand)]
pub enum AeadCommand {
    /// Encrypt and authenticate: prints ciphertext ‖ 16-byte tag as hex.
    #[command(after_help = "\
Example:
  zcrypto aead seal aes-128-gcm --key 000102030405060708090a0b0c0d0e0f \\
      --nonce 000000000000000000000001 --aad 686472 --msg 68656c6c6f")]
    Seal(AeadArgs),
    /// Authenticate and decrypt ciphertext ‖ tag: prints the plaintext as hex, or fails
    /// with exit status 1 (and no plaintext) if the tag does not verify.
    #[command(after_help = "\
Example:
  zcrypto aead open aes-128-gcm --key 000102030405060708090a0b0c0d0e0f \\
      --nonce 000000000000000000000001 --aad 686472 --in sealed.bin")]
    Open(AeadArgs),
}

/// Arguments shared by `seal` and `open`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["msg", "input"])))]
pub struct AeadArgs {
    /// AEAD algorithm: aes-128-gcm, aes-256-gcm, chacha20-poly1305 or xchacha20-poly1305.
    alg: String,
    /// Key as hex: 16 bytes for aes-128-gcm, 32 for the others.
    #[arg(long, value_name = "HEX")]
    key: String,
    /// Nonce as hex: 12 bytes (24 for xchacha20-poly1305). Never reuse one under a key.
    #[arg(long, value_name = "HEX")]
    nonce: String,
    /// Associated data as hex (default: empty).
    #[arg(long, value_name = "HEX")]
    aad: Option<String>,
    /// The input as hex: the plaintext to seal, or ciphertext ‖ tag to open.
    #[arg(long, value_name = "HEX")]
    msg: Option<String>,
    /// Read the input as raw bytes from FILE (`-` for stdin) instead of --msg.
    #[arg(long = "in", value_name = "FILE")]
    input: Option<PathBuf>,
}

/// Everything `seal` and `open` need, parsed and length-checked.
struct Prepared {
    alg: AeadAlg,
    key: AeadKey,
    nonce: Nonce,
    aad: Vec<u8>,
    data: Vec<u8>,
    /// The argument the data came from, for error messages.
    data_arg: &'static str,
}

fn prepare(args: &AeadArgs) -> Result<Prepared, CliError> {
    let alg: AeadAlg = input::typed_algorithm(&args.alg, Kind::Aead)?;
    let key = input::hex_len("--key", &args.key, alg.key_len())?;
    let key = AeadKey::new(alg, &key).arg("--key")?;
    let nonce = input::hex_len("--nonce", &args.nonce, alg.nonce_len())?;
    let nonce = Nonce::try_from_slice(&nonce).arg("--nonce")?;
    let aad = input::hex_or_empty("--aad", args.aad.as_deref())?;
    let (data, data_arg) = match &args.msg {
        Some(msg) => (input::hex("--msg", msg)?, "--msg"),
        None => (input::read_all("--in", args.input.as_deref())?, "--in"),
    };
    Ok(Prepared {
        alg,
        key,
        nonce,
        aad,
        data,
        data_arg,
    })
}

/// Runs `seal` or `open`.
pub fn run(command: &AeadCommand, json: bool) -> Result<Status, CliError> {
    match command {
        AeadCommand::Seal(args) => seal(&prepare(args)?, json),
        AeadCommand::Open(args) => open(&prepare(args)?, json),
    }
}

fn seal(p: &Prepared, json: bool) -> Result<Status, CliError> {
    let sealed = p.key.seal(&p.nonce, &p.aad, &p.data).arg(p.data_arg)?;
    Output::new(p.alg.algorithm())
        .hex("ciphertext", &sealed)
        .print(json)?;
    Ok(Status::Success)
}

fn open(p: &Prepared, json: bool) -> Result<Status, CliError> {
    if p.data.len() < TAG_LEN {
        return Err(CliError::arg(
            p.data_arg,
            format!(
                "too short: ciphertext ‖ tag needs at least {TAG_LEN} bytes, got {}",
                p.data.len()
            ),
        ));
    }
    match p.key.open(&p.nonce, &p.aad, &p.data) {
        Ok(plaintext) => {
            Output::new(p.alg.algorithm())
                .hex("plaintext", &plaintext)
                .print(json)?;
            Ok(Status::Success)
        }
        Err(e @ Error::DecryptionFailed) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            Ok(Status::Failure)
        }
        Err(e) => Err(CliError::arg(p.data_arg, e)),
    }
}
