//! `zcrypto zk`: zero-knowledge proofs (Groth16, Bulletproofs, KZG, halo2): verify, prove
//! (Bulletproofs, halo2) and the binary encodings the VMs take.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde_json::json;
use zcrypto::zk::{self, Curve, Proof, PublicInputs, VerifyingKey};

use crate::error::{ArgContext, CliError, Status};
use crate::input::{self, read_all};
use crate::output::{print_json, print_line};

/// `zcrypto zk ...`.
#[derive(Debug, Subcommand)]
pub enum ZkCommand {
    /// Verify a proof: prints `valid` (exit 0) or `invalid` (exit 1).
    #[command(subcommand)]
    Verify(VerifyCommand),
    /// Make a proof: prints the proof and what the verifier needs.
    #[command(subcommand)]
    Prove(ProveCommand),
    /// Print the binary encodings (hex) of a key, proof and public inputs, as the ZVM
    /// `ZKVERIFY` opcode, the WASM host functions and the EVM precompiles take them.
    #[command(subcommand)]
    Encode(EncodeCommand),
}

/// `zcrypto zk prove ...`.
#[derive(Debug, Subcommand)]
pub enum ProveCommand {
    /// A Bulletproofs range proof that each value fits in --bits bits (1, 2, 4, 8 or 16
    /// values in one aggregated proof), with the Pedersen commitments to the values.
    #[command(after_help = "\
Prints `proof`, one `commitment` per value and, for blindings it drew at random, the
`blinding` of each commitment (secret: it opens the commitment).

Example:
  zcrypto zk prove bulletproof --bits 64 --value 42 --value 7 --json")]
    Bulletproof(BulletproofProveArgs),
    /// A halo2 (PLONK, IPA over Pasta) proof for a circuit shipped with zcrypto.
    #[cfg(feature = "halo2")]
    #[command(subcommand)]
    Halo2(Halo2ProveCommand),
}

/// `zcrypto zk prove halo2 ...`.
#[cfg(feature = "halo2")]
#[derive(Debug, Subcommand)]
pub enum Halo2ProveCommand {
    /// That a value fits in --bits bits, for the commitment Poseidon(value, blinding).
    #[command(after_help = "\
Prints `circuit`, `proof` (the encoding `zcrypto zk verify halo2` takes: circuit id,
public inputs, proof), the `commitment` and, for a blinding drawn at random, the
`blinding` (secret: it opens the commitment).

Example:
  zcrypto zk prove halo2 range --bits 32 --value 42 --json")]
    Range(Halo2RangeArgs),
    /// Knowledge of a leaf (and its path) in a Poseidon Merkle tree with a public root.
    #[command(after_help = "\
The tree holds the given leaves (in order; the rest are 0) and has --depth levels
(8, 16, 20 or 32). A leaf is 32 bytes hex (canonical little-endian field element) or a
decimal number below 2^64. Prints `circuit`, `proof` (the encoding `zcrypto zk verify
halo2` takes) and the `root`; the leaf and its index stay secret.

Example:
  zcrypto zk prove halo2 membership --depth 8 --leaf 11 --leaf 22 --leaf 33 --index 1")]
    Membership(Halo2MembershipArgs),
}

/// Arguments of `zcrypto zk prove halo2 range`.
#[cfg(feature = "halo2")]
#[derive(Debug, Args)]
pub struct Halo2RangeArgs {
    /// The range: 8, 16, 32 or 64 bits.
    #[arg(long, default_value_t = 64)]
    bits: usize,
    /// The value to prove in range.
    #[arg(long)]
    value: u64,
    /// The commitment's blinding, 32 bytes hex (canonical little-endian field element;
    /// default: random).
    #[arg(long)]
    blinding: Option<String>,
}

/// Arguments of `zcrypto zk prove halo2 membership`.
#[cfg(feature = "halo2")]
#[derive(Debug, Args)]
pub struct Halo2MembershipArgs {
    /// The tree's depth: 8, 16, 20 or 32.
    #[arg(long, default_value_t = 20)]
    depth: usize,
    /// A leaf, in order (repeat): 32 bytes hex or a decimal number.
    #[arg(long = "leaf", required = true)]
    leaves: Vec<String>,
    /// The index of the leaf to prove membership of.
    #[arg(long)]
    index: usize,
}

/// Arguments of `zcrypto zk prove bulletproof`.
#[derive(Debug, Args)]
pub struct BulletproofProveArgs {
    /// The range: 8, 16, 32 or 64 bits.
    #[arg(long, default_value_t = 64)]
    bits: usize,
    /// A value to prove in range (repeat for an aggregated proof).
    #[arg(long = "value", required = true)]
    values: Vec<u64>,
    /// The blinding of each commitment, 32 bytes hex, in the order of the values
    /// (default: random).
    #[arg(long = "blinding")]
    blindings: Vec<String>,
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
    /// A Bulletproofs range proof against Pedersen commitments (Ristretto255).
    #[command(after_help = "\
Exit status: 0 valid, 1 invalid, 2 malformed input.

Example:
  zcrypto zk verify bulletproof --bits 64 --proof HEX --commitment HEX --commitment HEX")]
    Bulletproof(BulletproofVerifyArgs),
    /// EIP-4844 KZG: the point-evaluation precompile's 192-byte input (versioned hash,
    /// z, y, commitment, proof), as Ethereum's precompile 0x0a checks it.
    #[cfg(feature = "kzg")]
    #[command(after_help = "\
Exit status: 0 valid, 1 invalid (the proof or the versioned hash does not match),
2 malformed input.

Example:
  zcrypto zk verify kzg --input HEX")]
    Kzg(KzgVerifyArgs),
    /// A halo2 proof, in the encoding `zcrypto zk prove halo2` prints (circuit id, public
    /// inputs, proof).
    #[cfg(feature = "halo2")]
    #[command(after_help = "\
The encoding names its circuit and public inputs: give --circuit and --public to require
the ones you expect (a proof of anything else is then `invalid`).
Exit status: 0 valid, 1 invalid, 2 malformed input.

Example:
  zcrypto zk verify halo2 --proof HEX --circuit range32 --public HEX")]
    Halo2(Halo2VerifyArgs),
}

/// Arguments of `zcrypto zk verify halo2`.
#[cfg(feature = "halo2")]
#[derive(Debug, Args)]
pub struct Halo2VerifyArgs {
    /// The encoded proof, hex.
    #[arg(long)]
    proof: String,
    /// The circuit the proof must be for (`range8` ... `range64`, `membership8`,
    /// `membership16`, `membership20`, `membership32`).
    #[arg(long)]
    circuit: Option<String>,
    /// A public input the proof must have, 32 bytes hex (repeat, in order).
    #[arg(long = "public")]
    public: Vec<String>,
}

/// Arguments of `zcrypto zk verify bulletproof`.
#[derive(Debug, Args)]
pub struct BulletproofVerifyArgs {
    /// The range: 8, 16, 32 or 64 bits.
    #[arg(long, default_value_t = 64)]
    bits: usize,
    /// The proof, hex.
    #[arg(long)]
    proof: String,
    /// A 32-byte commitment, hex (repeat, in the order of the proven values).
    #[arg(long = "commitment", required = true)]
    commitments: Vec<String>,
}

/// Arguments of `zcrypto zk verify kzg`.
#[cfg(feature = "kzg")]
#[derive(Debug, Args)]
pub struct KzgVerifyArgs {
    /// The 192-byte point-evaluation input, hex.
    #[arg(long)]
    input: String,
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

/// Prints a verdict and turns it into the exit status.
fn verdict(system: &str, valid: bool, json: bool) -> Result<Status, CliError> {
    if json {
        print_json(&json!({ "system": system, "valid": valid }))?;
    } else {
        print_line(if valid { "valid" } else { "invalid" })?;
    }
    Ok(Status::from_ok(valid))
}

fn bulletproof_prove(args: &BulletproofProveArgs, json: bool) -> Result<Status, CliError> {
    use zcrypto::zk::bulletproofs::{BitSize, Blinding, RangeProof};
    let bits = BitSize::from_bits(args.bits).arg("--bits")?;
    if !args.blindings.is_empty() && args.blindings.len() != args.values.len() {
        return Err(CliError::arg(
            "--blinding",
            format!(
                "{} blindings for {} values",
                args.blindings.len(),
                args.values.len()
            ),
        ));
    }
    if let Some(v) = args.values.iter().find(|v| !bits.contains(**v)) {
        return Err(CliError::arg(
            "--value",
            format!("{v} does not fit in {} bits", args.bits),
        ));
    }
    let chosen = !args.blindings.is_empty();
    let blindings = if chosen {
        args.blindings
            .iter()
            .map(|b| {
                Blinding::from_bytes(input::hex_array::<32>("--blinding", b)?).arg("--blinding")
            })
            .collect::<Result<Vec<_>, _>>()?
    } else {
        (0..args.values.len())
            .map(|_| Blinding::random().arg("--blinding"))
            .collect::<Result<Vec<_>, _>>()?
    };
    let (proof, commitments) = RangeProof::prove(bits, &args.values, &blindings).arg("--value")?;
    let proof = hex::encode(proof.to_bytes());
    let commitments: Vec<String> = commitments
        .iter()
        .map(|c| hex::encode(c.as_bytes()))
        .collect();
    let secrets: Vec<String> = if chosen {
        Vec::new()
    } else {
        blindings
            .iter()
            .map(|b| hex::encode(b.to_bytes()))
            .collect()
    };
    if json {
        let mut v = json!({ "system": "bulletproofs", "bits": args.bits, "proof": proof, "commitments": commitments });
        if !secrets.is_empty() {
            v["blindings"] = json!(secrets);
        }
        print_json(&v)?;
    } else {
        let mut lines = vec![format!("proof {proof}")];
        lines.extend(commitments.iter().map(|c| format!("commitment {c}")));
        lines.extend(secrets.iter().map(|b| format!("blinding {b}")));
        print_line(&lines.join("\n"))?;
    }
    Ok(Status::Success)
}

fn bulletproof_verify(args: &BulletproofVerifyArgs, json: bool) -> Result<Status, CliError> {
    use zcrypto::zk::bulletproofs::{BitSize, Commitment, RangeProof};
    let bits = BitSize::from_bits(args.bits).arg("--bits")?;
    let proof = RangeProof::from_bytes(&input::hex("--proof", &args.proof)?).arg("--proof")?;
    let commitments = args
        .commitments
        .iter()
        .map(|c| {
            Commitment::from_bytes(input::hex_array::<32>("--commitment", c)?).arg("--commitment")
        })
        .collect::<Result<Vec<_>, _>>()?;
    match proof.verify(bits, &commitments) {
        Ok(()) => verdict("bulletproofs", true, json),
        Err(zcrypto::Error::InvalidProof) => verdict("bulletproofs", false, json),
        Err(e) => Err(CliError::arg("--commitment", e)),
    }
}

#[cfg(feature = "halo2")]
fn halo2_field(
    arg: &'static str,
    text: &str,
) -> Result<zcrypto::zk::halo2::FieldElement, CliError> {
    use zcrypto::zk::halo2::FieldElement;
    if text.len() == 64 {
        FieldElement::from_bytes(input::hex_array::<32>(arg, text)?).arg(arg)
    } else {
        text.parse::<u64>()
            .map(FieldElement::from_u64)
            .map_err(|_| CliError::arg(arg, "not 32 bytes hex or a decimal number below 2^64"))
    }
}

#[cfg(feature = "halo2")]
fn halo2_print_proof(
    statement: &zcrypto::zk::halo2::Statement,
    proof: &zcrypto::zk::halo2::Proof,
    extra: &[(&str, String)],
    json: bool,
) -> Result<Status, CliError> {
    let circuit = statement.circuit().name();
    let encoded = hex::encode(zcrypto::zk::halo2::encode(statement, proof));
    let public: Vec<String> = statement
        .public_inputs()
        .iter()
        .map(|x| hex::encode(x.to_bytes()))
        .collect();
    if json {
        let mut v = json!({ "system": "halo2", "circuit": circuit, "proof": encoded, "public_inputs": public });
        for (k, x) in extra {
            v[*k] = json!(x);
        }
        print_json(&v)?;
    } else {
        let mut lines = vec![format!("circuit {circuit}"), format!("proof {encoded}")];
        lines.extend(extra.iter().map(|(k, x)| format!("{k} {x}")));
        print_line(&lines.join("\n"))?;
    }
    Ok(Status::Success)
}

#[cfg(feature = "halo2")]
fn halo2_prove(command: &Halo2ProveCommand, json: bool) -> Result<Status, CliError> {
    use zcrypto::zk::bulletproofs::BitSize;
    use zcrypto::zk::halo2::{self, Blinding, MerkleTree};
    match command {
        Halo2ProveCommand::Range(args) => {
            let bits = BitSize::from_bits(args.bits).arg("--bits")?;
            if !bits.contains(args.value) {
                return Err(CliError::arg(
                    "--value",
                    format!("{} does not fit in {} bits", args.value, args.bits),
                ));
            }
            let blinding = match &args.blinding {
                Some(b) => Blinding::from_bytes(input::hex_array::<32>("--blinding", b)?)
                    .arg("--blinding")?,
                None => Blinding::random().arg("--blinding")?,
            };
            let (statement, proof) =
                halo2::prove_range(bits, args.value, &blinding).arg("--value")?;
            let mut extra = vec![(
                "commitment",
                hex::encode(statement.public_inputs()[0].to_bytes()),
            )];
            if args.blinding.is_none() {
                extra.push(("blinding", hex::encode(blinding.to_bytes())));
            }
            halo2_print_proof(&statement, &proof, &extra, json)
        }
        Halo2ProveCommand::Membership(args) => {
            let leaves = args
                .leaves
                .iter()
                .map(|l| halo2_field("--leaf", l))
                .collect::<Result<Vec<_>, _>>()?;
            let tree = MerkleTree::new(args.depth, &leaves).arg("--depth")?;
            let path = tree.path(args.index).map_err(|_| {
                CliError::arg(
                    "--index",
                    format!("no leaf {} among {}", args.index, leaves.len()),
                )
            })?;
            let (statement, proof) =
                halo2::prove_membership(leaves[args.index], &path).arg("--leaf")?;
            let root = hex::encode(tree.root().to_bytes());
            halo2_print_proof(&statement, &proof, &[("root", root)], json)
        }
    }
}

#[cfg(feature = "halo2")]
fn halo2_verify(args: &Halo2VerifyArgs, json: bool) -> Result<Status, CliError> {
    use zcrypto::zk::halo2::{self, CircuitId};
    let expected_circuit = match &args.circuit {
        Some(name) => Some(
            CircuitId::ALL
                .into_iter()
                .find(|id| id.name() == name.as_str())
                .ok_or_else(|| CliError::arg("--circuit", format!("unknown circuit {name:?}")))?,
        ),
        None => None,
    };
    let expected_public = args
        .public
        .iter()
        .map(|p| halo2_field("--public", p))
        .collect::<Result<Vec<_>, _>>()?;
    let bytes = input::hex("--proof", &args.proof)?;
    let (statement, proof) = halo2::decode(&bytes).arg("--proof")?;
    let claimed = expected_circuit.is_none_or(|c| c == statement.circuit())
        && (expected_public.is_empty() || expected_public == statement.public_inputs());
    let valid = claimed
        && match halo2::verify(&statement, &proof) {
            Ok(()) => true,
            Err(zcrypto::Error::InvalidProof) => false,
            Err(e) => return Err(CliError::arg("--proof", e)),
        };
    if json {
        let public: Vec<String> = statement
            .public_inputs()
            .iter()
            .map(|x| hex::encode(x.to_bytes()))
            .collect();
        print_json(&json!({
            "system": "halo2",
            "circuit": statement.circuit().name(),
            "public_inputs": public,
            "valid": valid,
        }))?;
    } else {
        print_line(if valid { "valid" } else { "invalid" })?;
    }
    Ok(Status::from_ok(valid))
}

#[cfg(feature = "kzg")]
fn kzg_verify(args: &KzgVerifyArgs, json: bool) -> Result<Status, CliError> {
    let input = input::hex("--input", &args.input)?;
    match zcrypto::zk::kzg::point_evaluation(&input) {
        Ok(_) => verdict("kzg", true, json),
        Err(zcrypto::Error::InvalidProof) => verdict("kzg", false, json),
        Err(e) => Err(CliError::arg("--input", e)),
    }
}

/// Runs `zcrypto zk`.
pub fn run(command: &ZkCommand, json: bool) -> Result<Status, CliError> {
    match command {
        ZkCommand::Prove(ProveCommand::Bulletproof(args)) => bulletproof_prove(args, json),
        ZkCommand::Verify(VerifyCommand::Bulletproof(args)) => bulletproof_verify(args, json),
        #[cfg(feature = "halo2")]
        ZkCommand::Prove(ProveCommand::Halo2(command)) => halo2_prove(command, json),
        #[cfg(feature = "halo2")]
        ZkCommand::Verify(VerifyCommand::Halo2(args)) => halo2_verify(args, json),
        #[cfg(feature = "kzg")]
        ZkCommand::Verify(VerifyCommand::Kzg(args)) => kzg_verify(args, json),
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
