//! `zcrypto merkle root|prove|verify`: RFC 9162 Merkle trees (SHA-256, Keccak-256 or
//! BLAKE3) and OpenZeppelin-compatible Ethereum trees over a file of hex leaves.

use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, Subcommand, ValueEnum};
use serde_json::Value;
use zcrypto::Algorithm;
use zcrypto::encoding::to_hex;
use zcrypto::merkle::ethereum::{self, StandardMerkleTree};
use zcrypto::merkle::{
    Blake3, InclusionProof, Keccak256, MerkleHash, MerkleTree, MultiProof, Node, Sha256,
};

use crate::error::{ArgContext, CliError, Status};
use crate::input::{self, FILE};
use crate::output::{Output, print_verdict};

const FORMATS: &str = "\
Leaves: a file (or `-` for stdin) with one hex leaf per line (an optional 0x prefix is
allowed; write an empty leaf as `0x`); blank lines are ignored. Leaf i is the i-th
non-blank line, from 0.

RFC 9162 (default): leaves are hashed as H(0x00 || leaf), nodes as H(0x01 || l || r),
over --hash sha256 (default), keccak256 or blake3. A proof for one --index is an
inclusion proof: index (8 bytes) || tree size (8) || path length (1) || path nodes; for
several it is a multiproof: tree size (8) || count (4) || indices (8 each) || count (4)
|| nodes (see the zcrypto::merkle::MultiProof docs). Both big-endian, printed as hex.

--ethereum: @openzeppelin/merkle-tree's StandardMerkleTree: each leaf line is the
abi.encode of the leaf's values, hashed as keccak256(keccak256(leaf)); sorted-pair
Keccak-256 nodes. A one-leaf proof is its bytes32[] nodes concatenated; a multiproof is
flag count (4 bytes, big-endian) || one byte (0/1) per proofFlag || the proof nodes.
--json prints the proof the way OpenZeppelin's getProof/getMultiProof do.";

/// `zcrypto merkle` subcommands.
#[derive(Debug, Subcommand)]
pub enum MerkleCommand {
    /// Print the Merkle root of the leaves.
    #[command(after_help = format!("{FORMATS}\n\nExamples:\n  \
        zcrypto merkle root leaves.txt\n  \
        zcrypto merkle root --hash blake3 --json leaves.txt\n  \
        zcrypto merkle root --ethereum claims.txt"))]
    Root(RootArgs),
    /// Print a proof that the leaves at --index are in the tree (hex, or JSON).
    #[command(after_help = format!("{FORMATS}\n\nExamples:\n  \
        zcrypto merkle prove --index 3 leaves.txt\n  \
        zcrypto merkle prove --index 1 --index 4 --json leaves.txt > proof.json"))]
    Prove(ProveArgs),
    /// Verify a proof against a root: prints `valid` (exit 0) or `invalid` (exit 1).
    #[command(after_help = format!("{FORMATS}\n\n\
        The proven leaves come from --leaf (raw leaf hex, one per --index, in the same\n\
        order) or, without --leaf, from the leaves file. --proof-file takes the hex proof\n\
        or the JSON that `prove --json` prints.\n\nExamples:\n  \
        zcrypto merkle verify --root \"$ROOT\" --index 3 --leaf 2021 --proof \"$PROOF\"\n  \
        zcrypto merkle verify --root \"$ROOT\" --index 1 --index 4 --proof-file proof.json leaves.txt"))]
    Verify(VerifyArgs),
}

/// The hash of an RFC 9162 tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HashName {
    /// SHA-256 (RFC 9162, Certificate Transparency).
    Sha256,
    /// Keccak-256.
    Keccak256,
    /// BLAKE3.
    Blake3,
}

/// Options every `merkle` subcommand takes.
#[derive(Debug, Args)]
pub struct TreeArgs {
    /// Hash function of the RFC 9162 tree.
    #[arg(long, value_enum, value_name = "HASH")]
    hash: Option<HashName>,
    /// Use OpenZeppelin's StandardMerkleTree (Keccak-256 only) instead of RFC 9162.
    #[arg(long)]
    ethereum: bool,
}

/// Arguments of `merkle root`.
#[derive(Debug, Args)]
pub struct RootArgs {
    #[command(flatten)]
    tree: TreeArgs,
    /// File of hex leaves, one per line; `-` or none reads stdin.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

/// Arguments of `merkle prove`.
#[derive(Debug, Args)]
pub struct ProveArgs {
    #[command(flatten)]
    tree: TreeArgs,
    /// Index of a leaf to prove (from 0); repeat for a multiproof.
    #[arg(long, value_name = "N", required = true)]
    index: Vec<u64>,
    /// File of hex leaves, one per line; `-` or none reads stdin.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

/// Arguments of `merkle verify`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("proof_source").required(true).args(["proof", "proof_file"])))]
pub struct VerifyArgs {
    #[command(flatten)]
    tree: TreeArgs,
    /// The expected root (32 bytes, hex).
    #[arg(long, value_name = "HEX")]
    root: String,
    /// Index of a proven leaf (from 0); repeat for a multiproof.
    #[arg(long, value_name = "N", required = true)]
    index: Vec<u64>,
    /// A proven leaf's data (hex), one per --index in the same order; without it the
    /// leaves are read from FILE.
    #[arg(long, value_name = "HEX")]
    leaf: Vec<String>,
    /// The proof as hex.
    #[arg(long, value_name = "HEX")]
    proof: Option<String>,
    /// A file holding the proof: hex, or the JSON `prove --json` prints.
    #[arg(long, value_name = "PATH")]
    proof_file: Option<PathBuf>,
    /// File of hex leaves (used only without --leaf); `-` reads stdin.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

/// Runs a `merkle` subcommand.
pub fn run(command: &MerkleCommand, json: bool) -> Result<Status, CliError> {
    let tree = match command {
        MerkleCommand::Root(a) => &a.tree,
        MerkleCommand::Prove(a) => &a.tree,
        MerkleCommand::Verify(a) => &a.tree,
    };
    if tree.ethereum {
        if tree.hash.is_some_and(|h| h != HashName::Keccak256) {
            return Err(CliError::arg(
                "--hash",
                "--ethereum trees use keccak256 only",
            ));
        }
        return run_ethereum(command, json);
    }
    match tree.hash.unwrap_or(HashName::Sha256) {
        HashName::Sha256 => run_rfc::<Sha256>(command, json),
        HashName::Keccak256 => run_rfc::<Keccak256>(command, json),
        HashName::Blake3 => run_rfc::<Blake3>(command, json),
    }
}

/// Reads the leaves file: one hex leaf per non-blank line.
fn read_leaves(path: Option<&Path>) -> Result<Vec<Vec<u8>>, CliError> {
    let bytes = input::read_all(FILE, path)?;
    let text = String::from_utf8(bytes).map_err(|_| CliError::arg(FILE, "not UTF-8 text"))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            let l = l.trim();
            let l = l.strip_prefix("0x").unwrap_or(l);
            zcrypto::encoding::from_hex(l)
                .map_err(|_| CliError::arg(FILE, format!("line {}: invalid hex", n + 1)))
        })
        .collect()
}

fn algorithm(name: &str) -> Result<Algorithm, CliError> {
    name.parse()
        .map_err(|_| CliError::other(format!("unknown algorithm {name}")))
}

fn hex_node(arg: &'static str, value: &str) -> Result<Node, CliError> {
    let value = value.trim();
    input::hex_array::<32>(arg, value.strip_prefix("0x").unwrap_or(value))
}

/// The proof text: `--proof`, or the content of `--proof-file`.
fn proof_text(args: &VerifyArgs) -> Result<(&'static str, String), CliError> {
    match (&args.proof, &args.proof_file) {
        (Some(p), _) => Ok(("--proof", p.trim().to_owned())),
        (None, Some(path)) => {
            let bytes = input::read_all("--proof-file", Some(path))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| CliError::arg("--proof-file", "not UTF-8 text"))?;
            Ok(("--proof-file", text.trim().to_owned()))
        }
        (None, None) => Err(CliError::arg("--proof", "a proof is required")),
    }
}

/// The leaves `verify` checks: `--leaf` values, or the file's leaves at `--index`.
fn verify_leaves(args: &VerifyArgs) -> Result<Vec<Vec<u8>>, CliError> {
    if !args.leaf.is_empty() {
        if args.leaf.len() != args.index.len() {
            return Err(CliError::arg(
                "--leaf",
                format!(
                    "{} --leaf values for {} --index values",
                    args.leaf.len(),
                    args.index.len()
                ),
            ));
        }
        return args
            .leaf
            .iter()
            .map(|l| input::hex("--leaf", l.strip_prefix("0x").unwrap_or(l)))
            .collect();
    }
    let leaves = read_leaves(args.file.as_deref())?;
    args.index
        .iter()
        .map(|&i| {
            usize::try_from(i)
                .ok()
                .and_then(|i| leaves.get(i))
                .cloned()
                .ok_or_else(|| {
                    CliError::arg(
                        "--index",
                        format!("{i} is beyond the {} leaves", leaves.len()),
                    )
                })
        })
        .collect()
}

fn check_indices(indices: &[u64], len: usize) -> Result<(), CliError> {
    match indices.iter().find(|&&i| i >= len as u64) {
        Some(i) => Err(CliError::arg(
            "--index",
            format!("{i} is beyond the {len} leaves"),
        )),
        None => Ok(()),
    }
}

fn run_rfc<H: MerkleHash>(command: &MerkleCommand, json: bool) -> Result<Status, CliError> {
    let alg = algorithm(H::NAME)?;
    match command {
        MerkleCommand::Root(args) => {
            let leaves = read_leaves(args.file.as_deref())?;
            let root = zcrypto::merkle::root::<H>(&leaves);
            let mut out = Output::new(alg).hex("root", &root);
            if json {
                out = out.field("tree_size", leaves.len());
            }
            out.print(json)?;
            Ok(Status::Success)
        }
        MerkleCommand::Prove(args) => {
            let leaves = read_leaves(args.file.as_deref())?;
            check_indices(&args.index, leaves.len())?;
            let tree = MerkleTree::<H>::from_leaves(&leaves);
            let (encoded, indices, path) = if let [index] = args.index.as_slice() {
                let p = tree.inclusion_proof(*index).arg("--index")?;
                (p.to_bytes(), vec![p.index], p.path)
            } else {
                let p = tree.multiproof(&args.index).arg("--index")?;
                (p.to_bytes(), p.indices.clone(), p.path)
            };
            if json {
                let path: Vec<String> = path.iter().map(|n| to_hex(n)).collect();
                Output::new(alg)
                    .hex("root", &tree.root())
                    .field("tree_size", tree.len())
                    .field("indices", indices)
                    .field("path", path)
                    .hex("proof", &encoded)
                    .print(true)?;
            } else {
                Output::new(alg).hex("proof", &encoded).print(false)?;
            }
            Ok(Status::Success)
        }
        MerkleCommand::Verify(args) => {
            let root = hex_node("--root", &args.root)?;
            let leaves = verify_leaves(args)?;
            let (arg, text) = proof_text(args)?;
            let proof_hex = if text.starts_with('{') {
                let v: Value = serde_json::from_str(&text).arg(arg)?;
                v["proof"]
                    .as_str()
                    .ok_or_else(|| CliError::arg(arg, "JSON without a \"proof\" hex string"))?
                    .to_owned()
            } else {
                text
            };
            let bytes = input::hex(arg, &proof_hex)?;
            let valid = if let ([index], [leaf]) = (args.index.as_slice(), leaves.as_slice()) {
                let p = InclusionProof::from_bytes(&bytes).arg(arg)?;
                p.index == *index && p.verify::<H>(&H::leaf(leaf), &root).is_ok()
            } else {
                let p = MultiProof::from_bytes(&bytes).arg(arg)?;
                // Pair each leaf with its index, in the proof's (increasing) order.
                let mut pairs: Vec<(u64, Node)> = args
                    .index
                    .iter()
                    .copied()
                    .zip(leaves.iter().map(|l| H::leaf(l)))
                    .collect();
                pairs.sort_by_key(|&(i, _)| i);
                pairs.dedup_by_key(|&mut (i, _)| i);
                let indices: Vec<u64> = pairs.iter().map(|&(i, _)| i).collect();
                let hashes: Vec<Node> = pairs.iter().map(|&(_, h)| h).collect();
                indices == p.indices && p.verify::<H>(&hashes, &root).is_ok()
            };
            print_verdict(alg, valid, json)?;
            Ok(Status::from_ok(valid))
        }
    }
}

fn run_ethereum(command: &MerkleCommand, json: bool) -> Result<Status, CliError> {
    let alg = algorithm(Keccak256::NAME)?;
    let hexes = |nodes: &[Node]| -> Vec<String> { nodes.iter().map(|n| to_hex(n)).collect() };
    match command {
        MerkleCommand::Root(args) => {
            let leaves = read_leaves(args.file.as_deref())?;
            let tree = StandardMerkleTree::from_encoded_leaves(&leaves).arg(FILE)?;
            let mut out = Output::new(alg).hex("root", &tree.root());
            if json {
                out = out.field("tree_size", tree.len());
            }
            out.print(json)?;
            Ok(Status::Success)
        }
        MerkleCommand::Prove(args) => {
            let leaves = read_leaves(args.file.as_deref())?;
            check_indices(&args.index, leaves.len())?;
            let tree = StandardMerkleTree::from_encoded_leaves(&leaves).arg(FILE)?;
            let indices: Vec<usize> = args.index.iter().map(|&i| i as usize).collect();
            if let [index] = indices.as_slice() {
                let proof = tree.proof(*index).arg("--index")?;
                let flat: Vec<u8> = proof.concat();
                let leaf = tree.leaf_hash(*index).unwrap_or_default();
                if json {
                    Output::new(alg)
                        .hex("root", &tree.root())
                        .hex("leaf", &leaf)
                        .field("proof", hexes(&proof))
                        .print(true)?;
                } else {
                    Output::new(alg).hex("proof", &flat).print(false)?;
                }
            } else {
                let mp = tree.multiproof(&indices).arg("--index")?;
                if json {
                    Output::new(alg)
                        .hex("root", &tree.root())
                        .field("leaves", hexes(&mp.leaves))
                        .field("leaf_indices", mp.leaf_indices.clone())
                        .field("proof", hexes(&mp.proof))
                        .field("proofFlags", mp.proof_flags.clone())
                        .print(true)?;
                } else {
                    let mut bytes = u32::try_from(mp.proof_flags.len())
                        .unwrap_or(u32::MAX)
                        .to_be_bytes()
                        .to_vec();
                    bytes.extend(mp.proof_flags.iter().map(|&f| u8::from(f)));
                    bytes.extend(mp.proof.concat());
                    Output::new(alg).hex("proof", &bytes).print(false)?;
                }
            }
            Ok(Status::Success)
        }
        MerkleCommand::Verify(args) => {
            let root = hex_node("--root", &args.root)?;
            let mut leaves: Vec<Node> = verify_leaves(args)?
                .iter()
                .map(|l| ethereum::leaf_hash(l))
                .collect();
            let (arg, text) = proof_text(args)?;
            let (proof, flags) = if text.starts_with('{') {
                let v: Value = serde_json::from_str(&text).arg(arg)?;
                let proof = v["proof"]
                    .as_array()
                    .ok_or_else(|| CliError::arg(arg, "JSON without a \"proof\" array"))?
                    .iter()
                    .map(|n| hex_node(arg, n.as_str().unwrap_or_default()))
                    .collect::<Result<Vec<Node>, CliError>>()?;
                let flags = match v.get("proofFlags") {
                    Some(f) => Some(
                        f.as_array()
                            .ok_or_else(|| CliError::arg(arg, "\"proofFlags\" is not an array"))?
                            .iter()
                            .map(|b| {
                                b.as_bool()
                                    .ok_or_else(|| CliError::arg(arg, "a proof flag is not a bool"))
                            })
                            .collect::<Result<Vec<bool>, CliError>>()?,
                    ),
                    None => None,
                };
                (proof, flags)
            } else {
                let bytes = input::hex(arg, &text)?;
                if leaves.len() == 1 {
                    (nodes(arg, &bytes)?, None)
                } else {
                    let (count, rest) = bytes
                        .split_first_chunk::<4>()
                        .ok_or_else(|| CliError::arg(arg, "multiproof shorter than 4 bytes"))?;
                    let count = u32::from_be_bytes(*count) as usize;
                    if rest.len() < count {
                        return Err(CliError::arg(arg, "multiproof shorter than its flags"));
                    }
                    let (flag_bytes, node_bytes) = rest.split_at(count);
                    let flags = flag_bytes
                        .iter()
                        .map(|&b| match b {
                            0 => Ok(false),
                            1 => Ok(true),
                            _ => Err(CliError::arg(arg, "a proof flag is not 0 or 1")),
                        })
                        .collect::<Result<Vec<bool>, CliError>>()?;
                    (nodes(arg, node_bytes)?, Some(flags))
                }
            };
            let valid = match flags {
                None if leaves.len() == 1 => ethereum::verify(&proof, &root, &leaves[0]).is_ok(),
                None => {
                    return Err(CliError::arg(
                        arg,
                        "several leaves need a multiproof with proofFlags",
                    ));
                }
                Some(flags) => {
                    // A multiproof consumes the leaves in increasing hash order.
                    leaves.sort();
                    ethereum::multi_proof_verify(&proof, &flags, &root, &leaves).is_ok()
                }
            };
            print_verdict(alg, valid, json)?;
            Ok(Status::from_ok(valid))
        }
    }
}

/// Splits concatenated 32-byte nodes.
fn nodes(arg: &'static str, bytes: &[u8]) -> Result<Vec<Node>, CliError> {
    if !bytes.len().is_multiple_of(32) {
        return Err(CliError::arg(
            arg,
            format!(
                "{} bytes is not a whole number of 32-byte nodes",
                bytes.len()
            ),
        ));
    }
    Ok(bytes
        .chunks_exact(32)
        .filter_map(|c| Node::try_from(c).ok())
        .collect())
}
