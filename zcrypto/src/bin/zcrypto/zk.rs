//! `zcrypto zk`: zero-knowledge proof verification and the binary encodings the VMs take.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::json;
use zcrypto::zk::{self, Curve, Proof, PublicInputs, VerifyingKey};

use crate::error::{ArgContext, CliError, Status};
use crate::input::read_all;
use crate::output::{print_json, print_line};

/// `zcrypto zk ...`.
#[derive(Debug, Subcommand)]
pub enum ZkCommand {
    /// Verify a proof: prints `valid` (exit 0) or `invalid` (exit 1).
    #[command(subcommand)]
    Verify(VerifyCommand),
    /// Print the binary encodings (hex) of a key, proof and public inputs, as the ZVM
    /// `ZKVERIFY` opcode, the WASM host functions and the EVM precompiles take them.
    #[command(subcommand)]
    Encode(EncodeCommand),
}

/// `zcrypto zk verify ...`.
#[derive(Debug, Subcommand)]
pub enum VerifyCommand {
    /// Groth16 over BN254 or BLS12-381 (the curve is read from the verifying key).
    #[command(after_help = "\
Each file is snarkjs JSON (verification_key.json, proof.json, public.json, as
`snarkjs groth16 setup / zkey export verificationkey / groth16 prove` write them) or,
for the key and proof, zcrypto's binary encoding (see `zcrypto zk encode`).
Exit status: 0 valid, 1 invalid, 2 unreadable or malformed input.

Example:
  zcrypto zk verify groth16 --vk verification_key.json --proof proof.json --public public.json")]
    Groth16(Groth16Files),
}

/// `zcrypto zk encode ...`.
#[derive(Debug, Subcommand)]
pub enum EncodeCommand {
    /// Groth16: prints `vk`, `proof` and `public_inputs` (n × 32-byte big-endian) in hex.
    #[command(after_help = "\
Example:
  zcrypto zk encode groth16 --vk verification_key.json --proof proof.json --public public.json --json")]
    Groth16(Groth16Files),
}

/// The three Groth16 files.
#[derive(Debug, Args)]
pub struct Groth16Files {
    /// The verifying key: snarkjs `verification_key.json` or the binary encoding.
    #[arg(long)]
    vk: PathBuf,
    /// The proof: snarkjs `proof.json` or the binary encoding.
    #[arg(long)]
    proof: PathBuf,
    /// The public inputs: snarkjs `public.json` (an array of decimal strings).
    #[arg(long)]
    public: PathBuf,
}

const VK: &str = "--vk";
const PROOF: &str = "--proof";
const PUBLIC: &str = "--public";

/// JSON text if the file starts (after whitespace) with `{` or `[`, else `None`.
fn as_json(bytes: &[u8]) -> Option<&str> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace())?;
    matches!(first, b'{' | b'[')
        .then(|| std::str::from_utf8(bytes).ok())
        .flatten()
}

fn read(arg: &'static str, path: &Path) -> Result<Vec<u8>, CliError> {
    read_all(arg, (path != Path::new("-")).then_some(path))
}

fn load(files: &Groth16Files) -> Result<(VerifyingKey, Proof, PublicInputs), CliError> {
    let vk_bytes = read(VK, &files.vk)?;
    let vk = match as_json(&vk_bytes) {
        Some(text) => VerifyingKey::from_snarkjs_json(text),
        None => VerifyingKey::from_bytes(&vk_bytes),
    }
    .arg(VK)?;
    let curve = vk.curve();
    let proof_bytes = read(PROOF, &files.proof)?;
    let proof = match as_json(&proof_bytes) {
        Some(text) => Proof::from_snarkjs_json(curve, text),
        None => Proof::from_bytes(&proof_bytes),
    }
    .arg(PROOF)?;
    if proof.curve() != curve {
        return Err(CliError::arg(
            PROOF,
            format!(
                "a {} proof for a {} key",
                proof.curve().snarkjs_name(),
                curve.snarkjs_name()
            ),
        ));
    }
    let public_bytes = read(PUBLIC, &files.public)?;
    let text = as_json(&public_bytes)
        .ok_or_else(|| CliError::arg(PUBLIC, "not JSON (an array of decimal strings)"))?;
    let public = zk::public_inputs_from_snarkjs_json(curve, text).arg(PUBLIC)?;
    if public.len() != vk.num_public_inputs() {
        return Err(CliError::arg(
            PUBLIC,
            format!(
                "{} public inputs for a key that takes {}",
                public.len(),
                vk.num_public_inputs()
            ),
        ));
    }
    Ok((vk, proof, public))
}

fn curve_name(curve: Curve) -> &'static str {
    curve.snarkjs_name()
}

/// Runs `zcrypto zk`.
pub fn run(command: &ZkCommand, json: bool) -> Result<Status, CliError> {
    match command {
        ZkCommand::Verify(VerifyCommand::Groth16(files)) => {
            let (vk, proof, public) = load(files)?;
            let valid = match zk::verify(&vk.prepare(), &proof, &public) {
                Ok(()) => true,
                Err(zcrypto::Error::InvalidProof) => false,
                Err(e) => return Err(CliError::arg(PROOF, e)),
            };
            if json {
                print_json(&json!({
                    "system": "groth16",
                    "curve": curve_name(vk.curve()),
                    "public_inputs": public.len(),
                    "valid": valid,
                }))?;
            } else {
                print_line(if valid { "valid" } else { "invalid" })?;
            }
            Ok(Status::from_ok(valid))
        }
        ZkCommand::Encode(EncodeCommand::Groth16(files)) => {
            let (vk, proof, public) = load(files)?;
            let inputs: String = public.to_be_bytes().iter().map(hex::encode).collect();
            let (vk, proof) = (hex::encode(vk.to_bytes()), hex::encode(proof.to_bytes()));
            if json {
                print_json(&json!({
                    "system": "groth16",
                    "curve": curve_name(public.curve()),
                    "vk": vk,
                    "proof": proof,
                    "public_inputs": inputs,
                }))?;
            } else {
                print_line(&format!("vk {vk}\nproof {proof}\npublic_inputs {inputs}"))?;
            }
            Ok(Status::Success)
        }
    }
}
