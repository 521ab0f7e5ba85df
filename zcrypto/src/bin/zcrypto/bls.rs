//! `zcrypto bls aggregate|aggregate-keys|fast-aggregate-verify|aggregate-verify|pop-prove|
//! pop-verify`: BLS12-381 aggregation and proofs of possession (Ethereum POP ciphersuite).

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};
use zcrypto::sig::bls::{self, ProofOfPossession, Signature, SigningKey, VerifyingKey};
use zcrypto::sig::{Encoding, Signer};
use zcrypto::{Algorithm, Error};
use zeroize::Zeroizing;

use crate::error::{ArgContext, CliError, Status};
use crate::input;
use crate::output::{Output, print_verdict};

const ENCODINGS: &str = "\
Encodings (all hex; Ethereum POP ciphersuite, min_pk):
  secret key  = 32-byte KeyGen IKM, as `zcrypto keygen bls12-381` prints it
  public key  = 48-byte compressed G1 point
  signature   = 96-byte compressed G2 point (aggregates and proofs of possession too)

Aggregate keys and fast-aggregate-verify are only safe for keys whose proofs of
possession (pop-prove / pop-verify) were checked: otherwise a rogue key can forge.";

/// `zcrypto bls` subcommands.
#[derive(Debug, Subcommand)]
pub enum BlsCommand {
    /// Aggregate signatures into one: prints the aggregate signature.
    #[command(after_help = format!("{ENCODINGS}\n\nExample:\n  \
        zcrypto bls aggregate --sig \"$SIG1\" --sig \"$SIG2\" --sig \"$SIG3\""))]
    Aggregate(AggregateArgs),
    /// Aggregate public keys into one: prints the aggregate public key.
    #[command(after_help = format!("{ENCODINGS}\n\nExample:\n  \
        zcrypto bls aggregate-keys --pk \"$PK1\" --pk \"$PK2\""))]
    AggregateKeys(AggregateKeysArgs),
    /// Verify an aggregate signature by several keys over ONE message: prints `valid`
    /// (exit 0) or `invalid` (exit 1).
    #[command(after_help = format!("{ENCODINGS}\n\nExample:\n  \
        zcrypto bls fast-aggregate-verify --pk \"$PK1\" --pk \"$PK2\" --sig \"$AGG\" --msg 68656c6c6f"))]
    FastAggregateVerify(FastAggregateVerifyArgs),
    /// Verify an aggregate signature over one message per key: prints `valid` (exit 0)
    /// or `invalid` (exit 1).
    #[command(after_help = format!("{ENCODINGS}\n\nThe i-th --msg belongs to the i-th --pk.\n\n\
        Example:\n  \
        zcrypto bls aggregate-verify --pk \"$PK1\" --msg 61 --pk \"$PK2\" --msg 62 --sig \"$AGG\""))]
    AggregateVerify(AggregateVerifyArgs),
    /// Prove possession of a secret key: prints the proof (a 96-byte signature over the
    /// public key under the POP domain separation tag).
    #[command(after_help = format!("{ENCODINGS}\n\nExample:\n  \
        zcrypto bls pop-prove --sk \"$SK\""))]
    PopProve(PopProveArgs),
    /// Check a proof of possession: prints `valid` (exit 0) or `invalid` (exit 1).
    #[command(after_help = format!("{ENCODINGS}\n\nExample:\n  \
        zcrypto bls pop-verify --pk \"$PK\" --proof \"$PROOF\""))]
    PopVerify(PopVerifyArgs),
}

/// Arguments of `bls aggregate`.
#[derive(Debug, Args)]
pub struct AggregateArgs {
    /// A signature as hex (repeat for each signature).
    #[arg(long, value_name = "HEX", required = true)]
    sig: Vec<String>,
}

/// Arguments of `bls aggregate-keys`.
#[derive(Debug, Args)]
pub struct AggregateKeysArgs {
    /// A public key as hex (repeat for each key).
    #[arg(long, value_name = "HEX", required = true)]
    pk: Vec<String>,
}

/// Arguments of `bls fast-aggregate-verify`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["msg", "input"])))]
pub struct FastAggregateVerifyArgs {
    /// A signer's public key as hex (repeat for each signer).
    #[arg(long, value_name = "HEX", required = true)]
    pk: Vec<String>,
    /// The aggregate signature as hex.
    #[arg(long, value_name = "HEX")]
    sig: String,
    /// The message as hex.
    #[arg(long, value_name = "HEX")]
    msg: Option<String>,
    /// Read the message as raw bytes from FILE (`-` for stdin) instead of --msg.
    #[arg(long = "in", value_name = "FILE")]
    input: Option<PathBuf>,
}

/// Arguments of `bls aggregate-verify`.
#[derive(Debug, Args)]
pub struct AggregateVerifyArgs {
    /// A signer's public key as hex (repeat; one per --msg, in the same order).
    #[arg(long, value_name = "HEX", required = true)]
    pk: Vec<String>,
    /// The message that key signed, as hex (repeat; one per --pk, in the same order).
    #[arg(long, value_name = "HEX", required = true)]
    msg: Vec<String>,
    /// The aggregate signature as hex.
    #[arg(long, value_name = "HEX")]
    sig: String,
}

/// Arguments of `bls pop-prove`.
#[derive(Debug, Args)]
pub struct PopProveArgs {
    /// The secret key (32-byte KeyGen IKM) as hex, as `zcrypto keygen bls12-381` prints it.
    #[arg(long, value_name = "HEX")]
    sk: String,
}

/// Arguments of `bls pop-verify`.
#[derive(Debug, Args)]
pub struct PopVerifyArgs {
    /// The public key as hex.
    #[arg(long, value_name = "HEX")]
    pk: String,
    /// The proof of possession as hex, as `pop-prove` prints it.
    #[arg(long, value_name = "HEX")]
    proof: String,
}

const ALG: Algorithm = Algorithm::Bls12381;

/// Runs a `zcrypto bls` subcommand.
pub fn run(command: &BlsCommand, json: bool) -> Result<Status, CliError> {
    match command {
        BlsCommand::Aggregate(args) => aggregate(args, json),
        BlsCommand::AggregateKeys(args) => aggregate_keys(args, json),
        BlsCommand::FastAggregateVerify(args) => fast_aggregate_verify(args, json),
        BlsCommand::AggregateVerify(args) => aggregate_verify(args, json),
        BlsCommand::PopProve(args) => pop_prove(args, json),
        BlsCommand::PopVerify(args) => pop_verify(args, json),
    }
}

fn public_key(value: &str) -> Result<VerifyingKey, CliError> {
    VerifyingKey::from_bytes(&input::hex("--pk", value)?).arg("--pk")
}

fn public_keys(values: &[String]) -> Result<Vec<VerifyingKey>, CliError> {
    values.iter().map(|v| public_key(v)).collect()
}

fn signature(value: &str) -> Result<Signature, CliError> {
    Signature::from_bytes(&input::hex("--sig", value)?).arg("--sig")
}

/// Maps a verification result to a verdict; errors other than a failed check exit 2.
fn verdict(result: Result<(), Error>) -> Result<bool, CliError> {
    match result {
        Ok(()) => Ok(true),
        Err(Error::InvalidSignature) => Ok(false),
        Err(e) => Err(CliError::arg("--pk", e)),
    }
}

fn aggregate(args: &AggregateArgs, json: bool) -> Result<Status, CliError> {
    let sigs: Vec<Signature> = args
        .sig
        .iter()
        .map(|s| signature(s))
        .collect::<Result<_, _>>()?;
    let agg = bls::aggregate_signatures(&sigs).arg("--sig")?;
    Output::new(ALG)
        .hex("signature", &agg.to_bytes())
        .print(json)?;
    Ok(Status::Success)
}

fn aggregate_keys(args: &AggregateKeysArgs, json: bool) -> Result<Status, CliError> {
    let keys = public_keys(&args.pk)?;
    let agg = bls::aggregate_verifying_keys(&keys).arg("--pk")?;
    Output::new(ALG)
        .hex("public_key", &agg.to_bytes())
        .print(json)?;
    Ok(Status::Success)
}

fn fast_aggregate_verify(args: &FastAggregateVerifyArgs, json: bool) -> Result<Status, CliError> {
    let keys = public_keys(&args.pk)?;
    let sig = signature(&args.sig)?;
    let msg = match &args.msg {
        Some(msg) => input::hex("--msg", msg)?,
        None => input::read_all("--in", args.input.as_deref())?,
    };
    let valid = verdict(bls::fast_aggregate_verify(&keys, &msg, &sig))?;
    print_verdict(ALG, valid, json)?;
    Ok(Status::from_ok(valid))
}

fn aggregate_verify(args: &AggregateVerifyArgs, json: bool) -> Result<Status, CliError> {
    if args.pk.len() != args.msg.len() {
        return Err(CliError::arg(
            "--msg",
            format!(
                "{} messages for {} public keys (give one --msg per --pk)",
                args.msg.len(),
                args.pk.len()
            ),
        ));
    }
    let keys = public_keys(&args.pk)?;
    let msgs: Vec<Vec<u8>> = args
        .msg
        .iter()
        .map(|m| input::hex("--msg", m))
        .collect::<Result<_, _>>()?;
    let sig = signature(&args.sig)?;
    let valid = verdict(bls::aggregate_verify(&keys, &msgs, &sig))?;
    print_verdict(ALG, valid, json)?;
    Ok(Status::from_ok(valid))
}

fn pop_prove(args: &PopProveArgs, json: bool) -> Result<Status, CliError> {
    let ikm = Zeroizing::new(input::hex("--sk", &args.sk)?);
    let sk = SigningKey::from_seed(&ikm).arg("--sk")?;
    Output::new(ALG)
        .hex("proof", &sk.prove_possession().to_bytes())
        .print(json)?;
    Ok(Status::Success)
}

fn pop_verify(args: &PopVerifyArgs, json: bool) -> Result<Status, CliError> {
    let pk = public_key(&args.pk)?;
    let proof =
        ProofOfPossession::from_bytes(&input::hex("--proof", &args.proof)?).arg("--proof")?;
    let valid = verdict(pk.verify_possession(&proof))?;
    print_verdict(ALG, valid, json)?;
    Ok(Status::from_ok(valid))
}
