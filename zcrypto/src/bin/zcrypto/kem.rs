//! `zcrypto kem keygen|encaps|decaps` for ML-KEM and X25519MLKEM768.

use clap::{Args, Subcommand};
use zcrypto::kem::{self, DecapsulationKey, EncapsulationKey, MlKem, hybrid};
use zcrypto::{Algorithm, Kind, x25519};

use crate::error::{ArgContext, CliError, Status};
use crate::input::{self, ALG};
use crate::output::Output;

/// The hybrid secret key encoding: ML-KEM-768 seed d ‖ z, then the X25519 secret.
const HYBRID_SECRET_LEN: usize = kem::SEED_LEN + x25519::KEY_LEN;

const ENCODINGS: &str = "\
Encodings (all hex):
  ml-kem-512/768/1024 (FIPS 203):
    public_key = encapsulation key ek (800/1184/1568 bytes)
    secret_key = expanded decapsulation key dk (1632/2400/3168 bytes)
    --seed     = the 64-byte key generation seed d ‖ z
    ciphertext = 768/1088/1568 bytes; shared_secret = 32 bytes
  x25519-mlkem768 (TLS hybrid group 0x11EC):
    public_key = the client key share: ML-KEM-768 ek ‖ X25519 public key (1216 bytes)
    secret_key = ML-KEM-768 seed d ‖ z (64 bytes) ‖ X25519 secret key (32 bytes) = 96 bytes;
                 --seed takes the same 96 bytes
    ciphertext = the server key share: ML-KEM-768 ciphertext ‖ X25519 public key (1120 bytes)
    shared_secret = ML-KEM-768 secret ‖ X25519 secret (64 bytes)
    encaps is the server side, decaps the client side.";

/// `zcrypto kem` subcommands.
#[derive(Debug, Subcommand)]
pub enum KemCommand {
    /// Generate a key pair: prints secret_key and public_key.
    #[command(after_help = format!("{ENCODINGS}\n\nExamples:\n  \
        zcrypto kem keygen ml-kem-768 --json\n  \
        zcrypto kem keygen x25519-mlkem768 --seed $(head -c 96 /dev/urandom | xxd -p -c 0)"))]
    Keygen(KeygenArgs),
    /// Encapsulate to a public key: prints ciphertext and shared_secret.
    #[command(after_help = format!("{ENCODINGS}\n\nExample:\n  \
        zcrypto kem encaps ml-kem-768 --pk $(zcrypto kem keygen ml-kem-768 --json | jq -r .public_key)"))]
    Encaps(EncapsArgs),
    /// Decapsulate a ciphertext with a secret key: prints shared_secret.
    #[command(after_help = format!("{ENCODINGS}\n\nExample:\n  \
        zcrypto kem decaps ml-kem-768 --sk \"$SK\" --ct \"$CT\""))]
    Decaps(DecapsArgs),
}

/// Arguments of `kem keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// KEM: ml-kem-512, ml-kem-768, ml-kem-1024 or x25519-mlkem768.
    alg: String,
    /// Deterministic key generation from this seed (hex): 64 bytes d ‖ z for ML-KEM,
    /// 96 bytes for x25519-mlkem768. Default: fresh operating-system randomness.
    #[arg(long, value_name = "HEX")]
    seed: Option<String>,
}

/// Arguments of `kem encaps`.
#[derive(Debug, Args)]
pub struct EncapsArgs {
    /// KEM: ml-kem-512, ml-kem-768, ml-kem-1024 or x25519-mlkem768.
    alg: String,
    /// The public key as hex (for x25519-mlkem768: the client key share).
    #[arg(long, value_name = "HEX")]
    pk: String,
}

/// Arguments of `kem decaps`.
#[derive(Debug, Args)]
pub struct DecapsArgs {
    /// KEM: ml-kem-512, ml-kem-768, ml-kem-1024 or x25519-mlkem768.
    alg: String,
    /// The secret key as hex, as `keygen` prints it.
    #[arg(long, value_name = "HEX")]
    sk: String,
    /// The ciphertext as hex (for x25519-mlkem768: the server key share).
    #[arg(long, value_name = "HEX")]
    ct: String,
}

/// A KEM named on the command line.
#[derive(Clone, Copy)]
enum Kem {
    MlKem(MlKem),
    Hybrid,
}

fn kem_algorithm(name: &str) -> Result<(Algorithm, Kem), CliError> {
    let alg = input::algorithm(name, Kind::Kem)?;
    let kem = if alg == Algorithm::X25519MlKem768 {
        Kem::Hybrid
    } else {
        Kem::MlKem(MlKem::try_from(alg).arg(ALG)?)
    };
    Ok((alg, kem))
}

/// Runs `keygen`, `encaps` or `decaps`.
pub fn run(command: &KemCommand, json: bool) -> Result<Status, CliError> {
    let output = match command {
        KemCommand::Keygen(args) => keygen(args)?,
        KemCommand::Encaps(args) => encaps(args)?,
        KemCommand::Decaps(args) => decaps(args)?,
    };
    output.print(json)?;
    Ok(Status::Success)
}

fn keygen(args: &KeygenArgs) -> Result<Output, CliError> {
    let (alg, kem) = kem_algorithm(&args.alg)?;
    let (secret_key, public_key) = match kem {
        Kem::MlKem(params) => {
            let dk = match &args.seed {
                Some(seed) => {
                    let seed = input::hex_array::<{ kem::SEED_LEN }>("--seed", seed)?;
                    DecapsulationKey::from_seed(params, &seed).arg("--seed")?
                }
                None => DecapsulationKey::generate(params).map_err(CliError::other)?,
            };
            let ek = dk.encapsulation_key().as_bytes().to_vec();
            (dk.to_bytes().to_vec(), ek)
        }
        Kem::Hybrid => {
            let secret = match &args.seed {
                Some(seed) => input::hex_array::<HYBRID_SECRET_LEN>("--seed", seed)?,
                None => zcrypto::rand::array().map_err(CliError::other)?,
            };
            let share = hybrid_client("--seed", &secret)?.key_share();
            (secret.to_vec(), share)
        }
    };
    Ok(Output::new(alg)
        .hex("secret_key", &secret_key)
        .hex("public_key", &public_key))
}

fn encaps(args: &EncapsArgs) -> Result<Output, CliError> {
    let (alg, kem) = kem_algorithm(&args.alg)?;
    let (ciphertext, shared_secret) = match kem {
        Kem::MlKem(params) => {
            let pk = input::hex_len("--pk", &args.pk, params.encapsulation_key_len())?;
            let ek = EncapsulationKey::from_bytes(params, &pk).arg("--pk")?;
            let (ct, ss) = ek.encapsulate().map_err(CliError::other)?;
            (ct.as_bytes().to_vec(), ss.as_bytes().to_vec())
        }
        Kem::Hybrid => {
            let share = input::hex_len("--pk", &args.pk, hybrid::CLIENT_SHARE_LEN)?;
            let (server_share, ss) = hybrid::server_encapsulate(&share).arg("--pk")?;
            (server_share, ss.as_bytes().to_vec())
        }
    };
    Ok(Output::new(alg)
        .hex("ciphertext", &ciphertext)
        .hex("shared_secret", &shared_secret))
}

fn decaps(args: &DecapsArgs) -> Result<Output, CliError> {
    let (alg, kem) = kem_algorithm(&args.alg)?;
    let shared_secret = match kem {
        Kem::MlKem(params) => {
            let sk = input::hex_len("--sk", &args.sk, params.decapsulation_key_len())?;
            let dk = DecapsulationKey::from_bytes(params, &sk).arg("--sk")?;
            let ct = input::hex_len("--ct", &args.ct, params.ciphertext_len())?;
            dk.decapsulate(&ct).arg("--ct")?.as_bytes().to_vec()
        }
        Kem::Hybrid => {
            let secret = input::hex_array::<HYBRID_SECRET_LEN>("--sk", &args.sk)?;
            let client = hybrid_client("--sk", &secret)?;
            let ct = input::hex_len("--ct", &args.ct, hybrid::SERVER_SHARE_LEN)?;
            client.finish(&ct).arg("--ct")?.as_bytes().to_vec()
        }
    };
    Ok(Output::new(alg).hex("shared_secret", &shared_secret))
}

/// The hybrid client from its 96-byte secret encoding (seed d ‖ z, X25519 secret).
fn hybrid_client(
    arg: &'static str,
    secret: &[u8; HYBRID_SECRET_LEN],
) -> Result<hybrid::Client, CliError> {
    let (seed, x25519_secret) = secret
        .split_first_chunk::<{ kem::SEED_LEN }>()
        .ok_or_else(|| CliError::arg(arg, "secret too short"))?;
    let x25519_secret = <[u8; x25519::KEY_LEN]>::try_from(x25519_secret).arg(arg)?;
    hybrid::Client::from_parts(seed, x25519_secret).arg(arg)
}
