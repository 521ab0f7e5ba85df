//! `zcrypto frost dealer|round1|round2|aggregate`: FROST(Ed25519, SHA-512) threshold
//! signing (RFC 9591) with a trusted dealer, every message passed as a JSON file.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, Subcommand};
use serde_json::Value;
use zcrypto::Algorithm;
use zcrypto::sig::Encoding;
use zcrypto::sig::frost::{
    self, Identifier, KeyPackage, PublicKeyPackage, SignatureShare, SigningCommitments,
    SigningNonces, SigningPackage,
};
use zeroize::Zeroizing;

use crate::error::{ArgContext, CliError, Status};
use crate::input;
use crate::output::{Output, print_line};

const ALG: Algorithm = Algorithm::FrostEd25519;

const FLOW: &str = "\
Flow (t-of-n, every message a JSON file):
  1. dealer:    zcrypto frost dealer --min 2 --max 3 --out-dir keys
                -> keys/share-<id>.json (secret, one per participant, mode 0600)
                   keys/public.json     (the group's public data); prints the group key
  2. round1:    each chosen signer commits: writes its secret nonces file and prints
                its commitments (send them to the coordinator)
  3. round2:    each signer signs with everyone's commitments: prints its signature
                share and deletes its nonces file
  4. aggregate: the coordinator combines the shares into an Ed25519 signature, which
                `zcrypto verify ed25519 --pk <group key>` accepts";

const NONCE_WARNING: &str = "\
The nonces file is SECRET and SINGLE-USE: signing two different messages with the same
nonces reveals the key share. `round2` deletes it after reading it; never copy it, and
delete it yourself if round 2 does not happen.";

/// `zcrypto frost` subcommands.
#[derive(Debug, Subcommand)]
pub enum FrostCommand {
    /// Trusted dealer: split a fresh group key M-of-N into share-<id>.json files and
    /// public.json; prints the group public key.
    #[command(after_help = format!("{FLOW}\n\nThe dealer learns the group secret key. \
        Existing files are never overwritten.\n\nExample:\n  \
        zcrypto frost dealer --min 2 --max 3 --out-dir keys"))]
    Dealer(DealerArgs),
    /// Round 1: commit to fresh nonces; writes the secret nonces file (mode 0600) and
    /// prints the commitments JSON (single-use nonces: see below).
    #[command(after_help = format!("{NONCE_WARNING}\n\n{FLOW}\n\nExample:\n  \
        zcrypto frost round1 --key keys/share-1.json --nonces-out nonces-1.json > c1.json"))]
    Round1(Round1Args),
    /// Round 2: sign with this share and the signers' commitments; prints the signature
    /// share JSON and DELETES the nonces file.
    #[command(after_help = format!("{NONCE_WARNING}\n\n{FLOW}\n\nExample:\n  \
        zcrypto frost round2 --key keys/share-1.json --nonces nonces-1.json \\\n      \
        --commitments c1.json --commitments c2.json --msg 68656c6c6f > s1.json"))]
    Round2(Round2Args),
    /// Aggregate the signature shares into the group's Ed25519 signature (hex). A bad
    /// share exits 1 naming its signer.
    #[command(after_help = format!("{FLOW}\n\nExample:\n  \
        zcrypto frost aggregate --public keys/public.json --commitments c1.json \\\n      \
        --commitments c2.json --share s1.json --share s2.json --msg 68656c6c6f"))]
    Aggregate(AggregateArgs),
}

/// Arguments of `frost dealer`.
#[derive(Debug, Args)]
pub struct DealerArgs {
    /// The threshold: how many participants must sign (at least 2).
    #[arg(long, value_name = "M")]
    min: u16,
    /// The number of participants (identifiers 1..=N).
    #[arg(long, value_name = "N")]
    max: u16,
    /// The directory to write share-<id>.json and public.json to (created if missing).
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
}

/// Arguments of `frost round1`.
#[derive(Debug, Args)]
pub struct Round1Args {
    /// This participant's key package (share-<id>.json from `dealer`).
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// Where to write the secret nonces (created with mode 0600; must not exist). SINGLE
    /// USE: give it only to `round2`, which deletes it.
    #[arg(long, value_name = "FILE")]
    nonces_out: PathBuf,
    /// Write the commitments JSON to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Arguments of `frost round2`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["msg", "input"])))]
pub struct Round2Args {
    /// This participant's key package (share-<id>.json from `dealer`).
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// This participant's nonces file from `round1`; deleted before the share is output.
    #[arg(long, value_name = "FILE")]
    nonces: PathBuf,
    /// A signer's commitments file from `round1` (repeat for every signer, this one too).
    #[arg(long, value_name = "FILE", required = true)]
    commitments: Vec<PathBuf>,
    /// The message as hex.
    #[arg(long, value_name = "HEX")]
    msg: Option<String>,
    /// Read the message as raw bytes from FILE (`-` for stdin) instead of --msg.
    #[arg(long = "in", value_name = "FILE")]
    input: Option<PathBuf>,
    /// Write the signature share JSON to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Arguments of `frost aggregate`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["msg", "input"])))]
pub struct AggregateArgs {
    /// The group's public data (public.json from `dealer`).
    #[arg(long, value_name = "FILE")]
    public: PathBuf,
    /// A signer's commitments file from `round1` (repeat for every signer).
    #[arg(long, value_name = "FILE", required = true)]
    commitments: Vec<PathBuf>,
    /// A signer's signature share file from `round2` (repeat for every signer).
    #[arg(long, value_name = "FILE", required = true)]
    share: Vec<PathBuf>,
    /// The message as hex.
    #[arg(long, value_name = "HEX")]
    msg: Option<String>,
    /// Read the message as raw bytes from FILE (`-` for stdin) instead of --msg.
    #[arg(long = "in", value_name = "FILE")]
    input: Option<PathBuf>,
}

/// Runs a `zcrypto frost` subcommand.
pub fn run(command: &FrostCommand, json: bool) -> Result<Status, CliError> {
    match command {
        FrostCommand::Dealer(args) => dealer(args, json),
        FrostCommand::Round1(args) => round1(args),
        FrostCommand::Round2(args) => round2(args),
        FrostCommand::Aggregate(args) => aggregate(args, json),
    }
}

// ---------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------

/// Reads and parses the JSON file given to `arg`.
fn read_json<T: serde::de::DeserializeOwned>(
    arg: &'static str,
    path: &Path,
) -> Result<T, CliError> {
    let bytes = Zeroizing::new(
        fs::read(path)
            .map_err(|e| CliError::arg(arg, format!("cannot read '{}': {e}", path.display())))?,
    );
    serde_json::from_slice(&bytes)
        .map_err(|e| CliError::arg(arg, format!("'{}': invalid JSON: {e}", path.display())))
}

/// Creates `path` (which must not exist) and writes `text`; a `secret` file gets mode 0600
/// where supported.
fn write_new(arg: &'static str, path: &Path, text: &str, secret: bool) -> Result<(), CliError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, if secret { 0o600 } else { 0o644 });
    #[cfg(not(unix))]
    let _ = secret;
    let mut file = options
        .open(path)
        .map_err(|e| CliError::arg(arg, format!("cannot create '{}': {e}", path.display())))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .and_then(|()| file.sync_all())
        .map_err(|e| CliError::arg(arg, format!("cannot write '{}': {e}", path.display())))
}

/// Prints `value` on stdout, or writes it to the (new) file `out`.
fn emit(value: &Value, out: Option<&Path>) -> Result<(), CliError> {
    match out {
        Some(path) => write_new("--out", path, &value.to_string(), false),
        None => print_line(&value.to_string()),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Value, CliError> {
    serde_json::to_value(value).map_err(|e| CliError::other(format!("cannot encode JSON: {e}")))
}

fn message(msg: Option<&str>, file: Option<&Path>) -> Result<Vec<u8>, CliError> {
    match msg {
        Some(msg) => input::hex("--msg", msg),
        None => input::read_all("--in", file),
    }
}

fn signing_package(paths: &[PathBuf], msg: &[u8]) -> Result<SigningPackage, CliError> {
    let commitments: Vec<SigningCommitments> = paths
        .iter()
        .map(|p| read_json("--commitments", p))
        .collect::<Result<_, _>>()?;
    SigningPackage::new(&commitments, msg).map_err(|_| {
        CliError::arg(
            "--commitments",
            "the same participant is listed twice (or no commitments given)",
        )
    })
}

fn id_list(ids: &[Identifier]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

fn dealer(args: &DealerArgs, json: bool) -> Result<Status, CliError> {
    if args.min < 2 || args.min > args.max {
        return Err(CliError::arg(
            "--min",
            format!(
                "the threshold must be between 2 and --max ({}), got {}",
                args.max, args.min
            ),
        ));
    }
    let dealt = frost::dealer_keygen(args.min, args.max).arg("--min")?;
    let group_key = dealt
        .public_key_package
        .verifying_key()
        .map_err(CliError::other)?;
    fs::create_dir_all(&args.out_dir).map_err(|e| {
        CliError::arg(
            "--out-dir",
            format!("cannot create '{}': {e}", args.out_dir.display()),
        )
    })?;
    let public_path = args.out_dir.join("public.json");
    let mut files = Vec::new();
    // Check every target first so a refusal leaves nothing half-written.
    let mut packages = Vec::new();
    for share in dealt.shares {
        let kp = KeyPackage::from_secret_share(share).map_err(CliError::other)?;
        let path = args.out_dir.join(format!("share-{}.json", kp.identifier()));
        packages.push((path, kp));
    }
    for path in packages.iter().map(|(p, _)| p).chain([&public_path]) {
        if path.exists() {
            return Err(CliError::arg(
                "--out-dir",
                format!("'{}' already exists (not overwritten)", path.display()),
            ));
        }
    }
    for (path, kp) in &packages {
        let text = Zeroizing::new(to_json(kp)?.to_string());
        write_new("--out-dir", path, &text, true)?;
        files.push(path.display().to_string());
    }
    write_new(
        "--out-dir",
        &public_path,
        &to_json(&dealt.public_key_package)?.to_string(),
        false,
    )?;
    files.push(public_path.display().to_string());
    let mut out = Output::new(ALG).hex("public_key", &group_key.to_bytes());
    if json {
        out = out
            .field("min_signers", args.min)
            .field("max_signers", args.max)
            .field("files", files);
    }
    out.print(json)?;
    Ok(Status::Success)
}

fn round1(args: &Round1Args) -> Result<Status, CliError> {
    let kp: KeyPackage = read_json("--key", &args.key)?;
    let (nonces, commitments) = frost::commit(&kp).map_err(CliError::other)?;
    let secret = nonces.into_secret_bytes().map_err(CliError::other)?;
    let hex = Zeroizing::new(zcrypto::encoding::to_hex(&secret));
    let text = Zeroizing::new(format!(
        "{{\"identifier\":{},\"nonces\":\"{}\"}}",
        to_json(&kp.identifier())?,
        hex.as_str()
    ));
    write_new("--nonces-out", &args.nonces_out, &text, true)?;
    emit(&to_json(&commitments)?, args.out.as_deref())?;
    Ok(Status::Success)
}

/// Reads the nonces file written by `round1` for the participant `id`.
fn read_nonces(path: &Path, id: Identifier) -> Result<SigningNonces, CliError> {
    let value: Value = read_json("--nonces", path)?;
    let file_id: Identifier = value
        .get("identifier")
        .cloned()
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or_else(|| CliError::arg("--nonces", "not a nonces file from `frost round1`"))?;
    if file_id != id {
        return Err(CliError::arg(
            "--nonces",
            format!("these nonces belong to participant {file_id}, the key to {id}"),
        ));
    }
    let hex = value
        .get("nonces")
        .and_then(Value::as_str)
        .ok_or_else(|| CliError::arg("--nonces", "not a nonces file from `frost round1`"))?;
    let bytes = Zeroizing::new(input::hex("--nonces", hex)?);
    SigningNonces::from_secret_bytes(&bytes).arg("--nonces")
}

/// Overwrites the nonces file with zeros (best effort) and deletes it.
fn destroy(path: &Path) -> Result<(), CliError> {
    let len = fs::metadata(path).map_or(0, |m| m.len());
    if let Ok(mut f) = OpenOptions::new().write(true).open(path) {
        let _ = f
            .write_all(&vec![0u8; usize::try_from(len).unwrap_or(0)])
            .and_then(|()| f.sync_all());
    }
    fs::remove_file(path).map_err(|e| {
        CliError::arg(
            "--nonces",
            format!(
                "cannot delete '{}' ({e}); refusing to sign with nonces that could be reused",
                path.display()
            ),
        )
    })
}

fn round2(args: &Round2Args) -> Result<Status, CliError> {
    let kp: KeyPackage = read_json("--key", &args.key)?;
    let nonces = read_nonces(&args.nonces, kp.identifier())?;
    let msg = message(args.msg.as_deref(), args.input.as_deref())?;
    let package = signing_package(&args.commitments, &msg)?;
    if !package.signers().contains(&kp.identifier()) {
        return Err(CliError::arg(
            "--commitments",
            format!(
                "no commitments from this participant ({}) among the signers ({})",
                kp.identifier(),
                id_list(&package.signers())
            ),
        ));
    }
    // Every input is valid: destroy the nonces before any share exists, so they can never
    // sign a second time.
    destroy(&args.nonces)?;
    let share = frost::sign(&package, nonces, &kp).map_err(|e| {
        CliError::arg(
            "--commitments",
            format!(
                "{e}: too few signers, or this participant's commitments do not match --nonces"
            ),
        )
    })?;
    emit(&to_json(&share)?, args.out.as_deref())?;
    Ok(Status::Success)
}

fn aggregate(args: &AggregateArgs, json: bool) -> Result<Status, CliError> {
    let public: PublicKeyPackage = read_json("--public", &args.public)?;
    let msg = message(args.msg.as_deref(), args.input.as_deref())?;
    let package = signing_package(&args.commitments, &msg)?;
    let shares: Vec<SignatureShare> = args
        .share
        .iter()
        .map(|p| read_json("--share", p))
        .collect::<Result<_, _>>()?;
    match frost::aggregate(&package, &shares, &public) {
        Ok(sig) => {
            Output::new(ALG)
                .hex("signature", &sig.to_bytes())
                .print(json)?;
            Ok(Status::Success)
        }
        Err(e) if !e.culprits.is_empty() => {
            // A share that does not verify: exit 1, naming its signer(s).
            let line = format!(
                "error: --share: invalid signature share from participant {}",
                id_list(&e.culprits)
            );
            let _ = writeln!(std::io::stderr(), "{line}");
            Ok(Status::Failure)
        }
        Err(e) => Err(CliError::arg(
            "--share",
            format!(
                "{e}: the shares' signers must be exactly the signers of --commitments ({}), \
                 each once, at least the threshold",
                id_list(&package.signers())
            ),
        )),
    }
}
