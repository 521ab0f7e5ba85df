//! `zcrypto hash` and `zcrypto hmac`: streamed over a file or stdin.

use std::path::PathBuf;

use clap::Args;
use zcrypto::Kind;
use zcrypto::hash::{HashAlg, Hasher};
use zcrypto::mac::{Hmac, HmacAlg};

use crate::error::{CliError, Status};
use crate::input::{self, FILE};
use crate::output::{Output, print_verdict};

/// Arguments of `zcrypto hash`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  zcrypto hash sha256 release.tar.gz
  printf abc | zcrypto hash blake3")]
pub struct HashArgs {
    /// Hash algorithm: sha256, sha384, sha512, sha3-256, keccak256, blake2b-512,
    /// blake2s-256 or blake3.
    alg: String,
    /// File to hash; `-` or none reads stdin.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

/// Prints the digest of the input as lowercase hex.
pub fn hash(args: &HashArgs, json: bool) -> Result<Status, CliError> {
    let alg: HashAlg = input::typed_algorithm(&args.alg, Kind::Hash)?;
    let mut hasher = Hasher::new(alg);
    input::stream(FILE, args.file.as_deref(), |chunk| hasher.update(chunk))?;
    Output::new(alg.algorithm())
        .hex("digest", hasher.finalize().as_bytes())
        .print(json)?;
    Ok(Status::Success)
}

/// Arguments of `zcrypto hmac`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  zcrypto hmac hmac-sha256 --key 4a656665 message.txt
  printf 'what do ya want for nothing?' | zcrypto hmac hmac-sha256 --key 4a656665 \\
      --verify 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
pub struct HmacArgs {
    /// MAC algorithm: hmac-sha256, hmac-sha384 or hmac-sha512.
    alg: String,
    /// The key as hex (any length).
    #[arg(long, value_name = "HEX")]
    key: String,
    /// Check this tag (hex) instead of printing one: prints `valid` (exit 0) or
    /// `invalid` (exit 1). The comparison is constant-time.
    #[arg(long, value_name = "HEX")]
    verify: Option<String>,
    /// File to authenticate; `-` or none reads stdin.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

/// Prints the tag as hex, or checks `--verify`.
pub fn hmac(args: &HmacArgs, json: bool) -> Result<Status, CliError> {
    let alg: HmacAlg = input::typed_algorithm(&args.alg, Kind::Mac)?;
    let key = input::hex("--key", &args.key)?;
    let expected = args
        .verify
        .as_deref()
        .map(|tag| input::hex_len("--verify", tag, alg.tag_len()))
        .transpose()?;
    let mut mac = Hmac::new(alg, &key);
    input::stream(FILE, args.file.as_deref(), |chunk| mac.update(chunk))?;
    match expected {
        None => {
            Output::new(alg.algorithm())
                .hex("tag", mac.finalize().as_bytes())
                .print(json)?;
            Ok(Status::Success)
        }
        Some(tag) => {
            let valid = mac.verify(&tag).is_ok();
            print_verdict(alg.algorithm(), valid, json)?;
            Ok(Status::from_ok(valid))
        }
    }
}
