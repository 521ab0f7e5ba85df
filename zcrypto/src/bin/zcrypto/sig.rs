//! `zcrypto keygen|sign|verify` for every signature scheme.

use std::path::PathBuf;

use clap::{ArgGroup, Args};
use zcrypto::sig::dynamic;
use zcrypto::{Error, Kind};
use zeroize::Zeroizing;

use crate::error::{ArgContext, CliError, Status};
use crate::input::{self, ALG};
use crate::output::{Output, print_verdict};

const ENCODINGS: &str = "\
Algorithms and encodings (all hex):
  ed25519          secret key = 32-byte RFC 8032 seed; public key 32 B; signature 64 B
  ecdsa-secp256k1  secret key = 32-byte scalar; public key 33 B compressed (65 B accepted);
                   signature 64 B r ‖ s (low-S), over SHA-256 of the message
  bip340           secret key = 32-byte scalar; public key 32 B x-only; signature 64 B
  ml-dsa-44/65/87  secret key = 32-byte FIPS 204 seed ξ; public key 1312/1952/2592 B;
                   signature 2420/3309/4627 B; --ctx up to 255 bytes
  bls12-381        secret key = 32-byte KeyGen IKM (Ethereum POP ciphersuite, min_pk);
                   public key 48 B; signature 96 B
  ed25519-ml-dsa-65  composite: secret key = ML-DSA-65 ξ ‖ Ed25519 seed (64 B);
                   public key 1984 B; signature 3373 B; both halves must verify; --ctx";

/// Arguments of `keygen`.
#[derive(Debug, Args)]
#[command(after_help = format!("{ENCODINGS}\n\nExamples:\n  \
    zcrypto keygen ed25519 --json\n  \
    zcrypto keygen ml-dsa-65 --seed 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"))]
pub struct KeygenArgs {
    /// Signature algorithm (see below).
    alg: String,
    /// Deterministic key generation from this seed (hex). Default: fresh randomness.
    #[arg(long, value_name = "HEX")]
    seed: Option<String>,
}

/// Arguments of `sign`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["msg", "input"])))]
#[command(after_help = format!("{ENCODINGS}\n\nExample:\n  \
    zcrypto sign ed25519 --sk \"$SK\" --msg 68656c6c6f"))]
pub struct SignArgs {
    /// Signature algorithm (see below).
    alg: String,
    /// The secret key as hex, as `keygen` prints it.
    #[arg(long, value_name = "HEX")]
    sk: String,
    /// The message as hex.
    #[arg(long, value_name = "HEX")]
    msg: Option<String>,
    /// Read the message as raw bytes from FILE (`-` for stdin) instead of --msg.
    #[arg(long = "in", value_name = "FILE")]
    input: Option<PathBuf>,
    /// Context string as hex (ML-DSA and the composite only; default empty).
    #[arg(long, value_name = "HEX")]
    ctx: Option<String>,
}

/// Arguments of `verify`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["msg", "input"])))]
#[command(after_help = format!("{ENCODINGS}\n\nPrints `valid` (exit 0) or `invalid` (exit 1); \
    malformed input exits 2.\n\nExample:\n  \
    zcrypto verify ed25519 --pk \"$PK\" --sig \"$SIG\" --msg 68656c6c6f"))]
pub struct VerifyArgs {
    /// Signature algorithm (see below).
    alg: String,
    /// The public key as hex.
    #[arg(long, value_name = "HEX")]
    pk: String,
    /// The signature as hex.
    #[arg(long, value_name = "HEX")]
    sig: String,
    /// The message as hex.
    #[arg(long, value_name = "HEX")]
    msg: Option<String>,
    /// Read the message as raw bytes from FILE (`-` for stdin) instead of --msg.
    #[arg(long = "in", value_name = "FILE")]
    input: Option<PathBuf>,
    /// Context string as hex (ML-DSA and the composite only; default empty).
    #[arg(long, value_name = "HEX")]
    ctx: Option<String>,
}

fn message(
    msg: Option<&str>,
    file: Option<&std::path::Path>,
) -> Result<(Vec<u8>, &'static str), CliError> {
    match msg {
        Some(msg) => Ok((input::hex("--msg", msg)?, "--msg")),
        None => Ok((input::read_all("--in", file)?, "--in")),
    }
}

/// `zcrypto keygen`: prints secret_key and public_key.
pub fn keygen(args: &KeygenArgs, json: bool) -> Result<Status, CliError> {
    let alg = input::algorithm(&args.alg, Kind::Signature)?;
    let seed_len = dynamic::seed_len(alg).arg(ALG)?;
    let seed = match &args.seed {
        Some(seed) => Zeroizing::new(input::hex_len("--seed", seed, seed_len)?),
        None => {
            let mut seed = Zeroizing::new(vec![0u8; seed_len]);
            zcrypto::rand::fill(&mut seed).map_err(CliError::other)?;
            seed
        }
    };
    let (sk, pk) = dynamic::keygen(alg, &seed).arg("--seed")?;
    Output::new(alg)
        .hex("secret_key", &sk)
        .hex("public_key", &pk)
        .print(json)?;
    Ok(Status::Success)
}

/// `zcrypto sign`: prints the signature.
pub fn sign(args: &SignArgs, json: bool) -> Result<Status, CliError> {
    let alg = input::algorithm(&args.alg, Kind::Signature)?;
    let sk = Zeroizing::new(input::hex("--sk", &args.sk)?);
    let ctx = input::hex_or_empty("--ctx", args.ctx.as_deref())?;
    let (msg, _) = message(args.msg.as_deref(), args.input.as_deref())?;
    let sig = dynamic::sign(alg, &sk, &msg, &ctx).map_err(|e| match e {
        Error::UnsupportedAlgorithm => CliError::arg("--ctx", "this algorithm takes no context"),
        e => CliError::arg("--sk", e),
    })?;
    Output::new(alg).hex("signature", &sig).print(json)?;
    Ok(Status::Success)
}

/// `zcrypto verify`: prints `valid` or `invalid`.
pub fn verify(args: &VerifyArgs, json: bool) -> Result<Status, CliError> {
    let alg = input::algorithm(&args.alg, Kind::Signature)?;
    let pk = input::hex("--pk", &args.pk)?;
    let sig = input::hex("--sig", &args.sig)?;
    let ctx = input::hex_or_empty("--ctx", args.ctx.as_deref())?;
    let (msg, _) = message(args.msg.as_deref(), args.input.as_deref())?;
    dynamic::check_public_key(alg, &pk).arg("--pk")?;
    let valid = match dynamic::verify(alg, &pk, &msg, &ctx, &sig) {
        Ok(()) => true,
        // A signature that does not verify (or is malformed) is `invalid`: exit 1.
        Err(Error::InvalidSignature) => false,
        Err(Error::UnsupportedAlgorithm) => {
            return Err(CliError::arg("--ctx", "this algorithm takes no context"));
        }
        Err(e) => return Err(CliError::arg("--sig", e)),
    };
    print_verdict(alg, valid, json)?;
    Ok(Status::from_ok(valid))
}
