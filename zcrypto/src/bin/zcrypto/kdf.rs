//! `zcrypto hkdf`: RFC 5869 HKDF and TLS 1.3 HKDF-Expand-Label.

use clap::{ArgGroup, Args};
use zcrypto::kdf::{self, HkdfAlg, Prk};
use zcrypto::{Error, Kind};

use crate::error::{ArgContext, CliError, Status};
use crate::input;
use crate::output::Output;

/// The `"tls13 "` prefix Expand-Label adds; the label vector holds at most 255 bytes.
const MAX_LABEL_LEN: usize = 255 - b"tls13 ".len();
/// The Expand-Label context vector holds at most 255 bytes.
const MAX_CONTEXT_LEN: usize = 255;

/// Arguments of `zcrypto hkdf`.
#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("mode").required(true).args(["ikm", "secret"])),
    after_help = "\
Two modes, both printing the output keying material as hex:
  * extract-and-expand: --ikm HEX [--salt HEX] [--info HEX] --len N
    OKM = HKDF-Expand(HKDF-Extract(salt, ikm), info, N) (RFC 5869); an absent salt is
    the RFC's string of zeros, an absent info is empty.
  * TLS 1.3 / QUIC HKDF-Expand-Label (RFC 8446 §7.1): --secret HEX --label TEXT
    [--context HEX] --len N
    The secret is a traffic secret of exactly one hash length; the label is given
    without the \"tls13 \" prefix, which is added (e.g. --label \"quic key\").

Examples:
  # RFC 5869 test case 1
  zcrypto hkdf hkdf-sha256 --ikm 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b \\
      --salt 000102030405060708090a0b0c --info f0f1f2f3f4f5f6f7f8f9 --len 42
  # RFC 9001 §A.1: the client Initial key
  zcrypto hkdf hkdf-sha256 --label 'quic key' --len 16 \\
      --secret c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea"
)]
pub struct HkdfArgs {
    /// KDF algorithm: hkdf-sha256, hkdf-sha384 or hkdf-sha512.
    alg: String,
    /// Input keying material as hex (extract-and-expand mode).
    #[arg(long, value_name = "HEX")]
    ikm: Option<String>,
    /// Salt as hex (extract-and-expand mode; default: none).
    #[arg(long, value_name = "HEX", requires = "ikm")]
    salt: Option<String>,
    /// Info as hex (extract-and-expand mode; default: empty).
    #[arg(long, value_name = "HEX", requires = "ikm")]
    info: Option<String>,
    /// Secret (PRK) of one hash length as hex (Expand-Label mode).
    #[arg(long, value_name = "HEX", requires = "label")]
    secret: Option<String>,
    /// Expand-Label label as text, without the "tls13 " prefix.
    #[arg(long, value_name = "TEXT", requires = "secret")]
    label: Option<String>,
    /// Expand-Label context as hex (default: empty), e.g. a transcript hash.
    #[arg(long, value_name = "HEX", requires = "label")]
    context: Option<String>,
    /// Output length in bytes (at most 255 × the hash length).
    #[arg(long, value_name = "N")]
    len: usize,
}

/// Prints the derived bytes as hex.
pub fn hkdf(args: &HkdfArgs, json: bool) -> Result<Status, CliError> {
    let alg: HkdfAlg = input::typed_algorithm(&args.alg, Kind::Kdf)?;
    let max = alg.max_output_len();
    if args.len > max {
        let err = Error::OutputTooLong {
            max,
            requested: args.len,
        };
        return Err(CliError::arg("--len", err));
    }
    let mut okm = vec![0u8; args.len];
    match (&args.ikm, &args.secret, &args.label) {
        (Some(ikm), _, _) => extract_and_expand(alg, args, ikm, &mut okm)?,
        (None, Some(secret), Some(label)) => expand_label(alg, args, secret, label, &mut okm)?,
        _ => {
            return Err(CliError::other(
                "give either --ikm or --secret with --label",
            ));
        }
    }
    Output::new(alg.algorithm()).hex("okm", &okm).print(json)?;
    Ok(Status::Success)
}

fn extract_and_expand(
    alg: HkdfAlg,
    args: &HkdfArgs,
    ikm: &str,
    okm: &mut [u8],
) -> Result<(), CliError> {
    let ikm = input::hex("--ikm", ikm)?;
    let salt = input::hex_or_empty("--salt", args.salt.as_deref())?;
    let info = input::hex_or_empty("--info", args.info.as_deref())?;
    kdf::hkdf(alg, &salt, &ikm, &info, okm).arg("--len")
}

fn expand_label(
    alg: HkdfAlg,
    args: &HkdfArgs,
    secret: &str,
    label: &str,
    okm: &mut [u8],
) -> Result<(), CliError> {
    let secret = input::hex_len("--secret", secret, alg.hash_len())?;
    let context = input::hex_or_empty("--context", args.context.as_deref())?;
    check_max("--label", MAX_LABEL_LEN, label.len())?;
    check_max("--context", MAX_CONTEXT_LEN, context.len())?;
    let prk = Prk::from_bytes(alg, &secret).arg("--secret")?;
    prk.expand_label(label.as_bytes(), &context, okm)
        .arg("--len")
}

fn check_max(arg: &'static str, max: usize, got: usize) -> Result<(), CliError> {
    if got <= max {
        Ok(())
    } else {
        Err(CliError::arg(
            arg,
            format!("too long: at most {max} bytes, got {got}"),
        ))
    }
}
