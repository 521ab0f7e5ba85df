//! `zcrypto`: the command-line front end of the zcrypto library.
//!
//! Results go to stdout as lowercase hex (or JSON with `--json`). Exit status: 0 on
//! success, 1 when a tag does not verify, decryption fails or a self test fails, and 2
//! for usage and input errors, which print one line on stderr naming the argument.

mod aead;
mod batch;
#[cfg(feature = "bls")]
mod bls;
mod digest;
mod error;
mod frost;
mod info;
mod input;
mod kdf;
mod kem;
mod merkle;
mod output;
mod profile;
mod sig;
mod zk;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::{CliError, Status};

#[derive(Debug, Parser)]
#[command(
    name = "zcrypto",
    version = zcrypto::VERSION,
    about = "Hashes, MACs, KDFs, AEADs, KEMs, signatures, BLS aggregation, FROST threshold \
             signing and Merkle trees from the zcrypto library",
    after_help = "\
Byte strings are given and printed as hex (no 0x prefix). `zcrypto list` shows every
algorithm; `zcrypto <COMMAND> --help` shows each command's arguments and an example.

Exit status: 0 success; 1 verification or decryption failure, a failed self test or an
invalid FROST signature share; 2 usage or input error (one line on stderr naming the bad argument).

Note: arguments such as --key are visible to other local users (e.g. in `ps`).

Examples:
  zcrypto hash sha256 file.txt
  zcrypto keygen ed25519 --json
  zcrypto bls aggregate --sig \"$SIG1\" --sig \"$SIG2\"
  zcrypto frost dealer --min 2 --max 3 --out-dir keys
  zcrypto batch-verify block.jsonl
  zcrypto merkle prove --index 3 leaves.txt
  zcrypto selftest
  zcrypto profile --json"
)]
struct Cli {
    /// Print results as JSON instead of hex or text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Hash a file or stdin.
    Hash(digest::HashArgs),
    /// Compute or verify an HMAC tag over a file or stdin.
    Hmac(digest::HmacArgs),
    /// Derive keys with HKDF or TLS 1.3 HKDF-Expand-Label.
    Hkdf(kdf::HkdfArgs),
    /// Seal or open with an AEAD.
    #[command(subcommand)]
    Aead(aead::AeadCommand),
    /// ML-KEM and X25519MLKEM768 key generation, encapsulation and decapsulation.
    #[command(subcommand)]
    Kem(kem::KemCommand),
    /// Generate a signing key pair: prints secret_key and public_key.
    Keygen(sig::KeygenArgs),
    /// Sign a message: prints the signature.
    Sign(sig::SignArgs),
    /// Verify a signature: prints `valid` (exit 0) or `invalid` (exit 1).
    Verify(sig::VerifyArgs),
    /// BLS12-381 signature and key aggregation, aggregate verification and proofs of
    /// possession.
    #[cfg(feature = "bls")]
    #[command(subcommand)]
    Bls(bls::BlsCommand),
    /// FROST(Ed25519) threshold signing with a trusted dealer, through JSON files.
    #[command(subcommand)]
    Frost(frost::FrostCommand),
    /// Verify a JSON-lines file of signatures (any mix of schemes) as one batch.
    BatchVerify(batch::BatchArgs),
    /// Merkle roots, inclusion proofs and multiproofs: RFC 9162 (SHA-256, Keccak-256,
    /// BLAKE3) or OpenZeppelin-compatible Ethereum trees.
    #[command(subcommand)]
    Merkle(merkle::MerkleCommand),
    /// Zero-knowledge proofs: verify Groth16 proofs (snarkjs JSON or binary) and print
    /// the binary encodings the VMs take.
    #[command(subcommand)]
    Zk(zk::ZkCommand),
    /// Run the known-answer self test on every backend (exit status 1 on any failure).
    #[command(after_help = "Example:\n  zcrypto selftest --json")]
    Selftest,
    /// Measure packet crypto on this machine: hardware features, per-suite cost
    /// (per packet and per byte, seal and open), sustainable rates and the best suite.
    #[command(after_help = "Examples:\n  zcrypto profile\n  zcrypto profile --json --budget-ms 5")]
    Profile(profile::ProfileArgs),
    /// List every algorithm with its kind and backends.
    #[command(after_help = "Example:\n  zcrypto list --json")]
    List,
}

fn run(cli: &Cli) -> Result<Status, CliError> {
    let json = cli.json;
    match &cli.command {
        Command::Hash(args) => digest::hash(args, json),
        Command::Hmac(args) => digest::hmac(args, json),
        Command::Hkdf(args) => kdf::hkdf(args, json),
        Command::Aead(command) => aead::run(command, json),
        Command::Kem(command) => kem::run(command, json),
        Command::Keygen(args) => sig::keygen(args, json),
        Command::Sign(args) => sig::sign(args, json),
        Command::Verify(args) => sig::verify(args, json),
        #[cfg(feature = "bls")]
        Command::Bls(command) => bls::run(command, json),
        Command::Frost(command) => frost::run(command, json),
        Command::BatchVerify(args) => batch::run(args, json),
        Command::Merkle(command) => merkle::run(command, json),
        Command::Zk(command) => zk::run(command, json),
        Command::Profile(args) => profile::run(args, json),
        Command::Selftest => info::selftest(json),
        Command::List => info::list(json),
    }
}

fn main() -> ExitCode {
    // Usage errors exit with status 2 inside `parse`; --help and --version with 0.
    let cli = Cli::parse();
    match run(&cli) {
        Ok(Status::Success) => ExitCode::SUCCESS,
        Ok(Status::Failure) => ExitCode::from(1),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::from(2)
        }
    }
}
