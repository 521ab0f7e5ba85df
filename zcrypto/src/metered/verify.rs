//! Signature verification by scheme: [`Op::VerifyEd25519`] ...
//! [`Op::VerifyHybridEd25519MlDsa65`].
//!
//! Gas: `base + per byte × (message + context)` of the scheme's entry. Caps: message at
//! most [`MAX_MESSAGE_LEN`], context at most [`MAX_CONTEXT_LEN`].
//!
//! ## Rules per scheme
//!
//! | operation | rule |
//! |---|---|
//! | [`Op::VerifyEd25519`] | **ZIP-215** (cofactored; any point encodings): the consensus rule, the one [`batch`](crate::batch) uses, so single and batch verification agree; also FROST(Ed25519) group signatures |
//! | [`Op::VerifyEd25519Strict`] | RFC 8032 strict (cofactorless, canonical, no small-order points), as [`sig::dynamic::verify`](crate::sig::dynamic::verify) |
//! | [`Op::VerifyEcdsaSecp256k1`] | ECDSA over SHA-256(message), low S only, 33- or 65-byte SEC1 keys, 64-byte `r ‖ s` |
//! | [`Op::VerifyBip340`] | BIP-340 Schnorr |
//! | [`Op::VerifyMlDsa44`], [`Op::VerifyMlDsa65`], [`Op::VerifyMlDsa87`] | FIPS 204 ML-DSA.Verify with the context string |
//! | [`Op::VerifyBls12381`] | BLS, Ethereum's proof-of-possession ciphersuite (needs the `bls` feature) |
//! | [`Op::VerifyHybridEd25519MlDsa65`] | composite Ed25519 + ML-DSA-65 with the context string |
//!
//! Schemes without contexts accept only an empty context (a non-empty one is
//! `Err(UnsupportedAlgorithm)`). A key that does not decode is `Err(InvalidKey)` (or
//! `Err(InvalidLength)`), a signature that does not decode `Err(InvalidSignature)` (or
//! `Err(InvalidLength)`); a well-formed signature that does not verify is
//! `Ok(Verdict::Invalid)`. See the [module documentation](super) for the engine mapping.

use super::limits::{MAX_CONTEXT_LEN, MAX_MESSAGE_LEN};
use super::{GasMeter, GuestMemory, Op, Span, capped};
use crate::Error;
use crate::sig::{Encoding, Signer, Verifier, ed25519};

/// The outcome of a verification whose inputs were well-formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Verdict {
    /// The check failed.
    Invalid = 0,
    /// The check passed.
    Valid = 1,
}

impl Verdict {
    /// Whether the verdict is [`Verdict::Valid`].
    pub const fn is_valid(self) -> bool {
        matches!(self, Verdict::Valid)
    }

    /// A library verification result as a verdict: `Err(InvalidSignature)` is
    /// [`Verdict::Invalid`], other errors stay errors.
    pub(crate) fn of(result: Result<(), Error>) -> Result<Verdict, Error> {
        match result {
            Ok(()) => Ok(Verdict::Valid),
            Err(Error::InvalidSignature) => Ok(Verdict::Invalid),
            Err(e) => Err(e),
        }
    }
}

/// The guest ranges of one signature verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SignatureSpans {
    /// The public key, in the scheme's standard encoding.
    pub public_key: Span,
    /// The signed message.
    pub message: Span,
    /// The context string (ML-DSA, hybrid); empty (`len` 0) for other schemes.
    pub context: Span,
    /// The signature, in the scheme's standard encoding.
    pub signature: Span,
}

/// Verifies one signature with the verification operation `op`.
///
/// ```
/// use zcrypto::metered::{verify::verify, Gas, Op, SignatureSpans, Span, Verdict};
/// use zcrypto::{Algorithm, sig::dynamic};
/// let (sk, pk) = dynamic::keygen(Algorithm::Ed25519, &[1; 32])?;
/// let sig = dynamic::sign(Algorithm::Ed25519, &sk, b"hi", b"")?;
/// let mem = [&pk[..], b"hi", &sig[..]].concat();
/// let spans = SignatureSpans {
///     public_key: Span::new(0, 32),
///     message: Span::new(32, 2),
///     context: Span::default(),
///     signature: Span::new(34, 64),
/// };
/// let mut gas = Gas::unlimited();
/// assert_eq!(verify(&mem[..], &mut gas, Op::VerifyEd25519, spans)?, Verdict::Valid);
/// let other = SignatureSpans { message: Span::new(33, 1), ..spans };
/// assert_eq!(verify(&mem[..], &mut gas, Op::VerifyEd25519, other)?, Verdict::Invalid);
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn verify<M: GuestMemory + ?Sized, G: GasMeter + ?Sized>(
    mem: &M,
    gas: &mut G,
    op: Op,
    spans: SignatureSpans,
) -> Result<Verdict, Error> {
    if op.verify_algorithm().is_none() {
        return Err(Error::UnsupportedAlgorithm);
    }
    op.require()?;
    let public_key = mem.read(spans.public_key)?;
    let message = mem.read(spans.message)?;
    let context = mem.read(spans.context)?;
    let signature = mem.read(spans.signature)?;
    let bytes = capped(spans.message, MAX_MESSAGE_LEN)? + capped(spans.context, MAX_CONTEXT_LEN)?;
    gas.charge(op.cost().gas(bytes, 0))?;
    verify_bytes(op, public_key, message, context, signature)
}

/// The work of [`verify`], on byte slices (no gas).
pub(crate) fn verify_bytes(
    op: Op,
    public_key: &[u8],
    message: &[u8],
    context: &[u8],
    signature: &[u8],
) -> Result<Verdict, Error> {
    use crate::sig::{hybrid, ml_dsa, secp256k1};
    match op {
        Op::VerifyEd25519 => {
            let vk = ed25519::VerifyingKey::from_bytes(public_key)?;
            let sig = ed25519::Signature::from_bytes(signature)?;
            crate::sig::no_context(context)?;
            Verdict::of(vk.verify_zip215(message, &sig))
        }
        Op::VerifyEd25519Strict => {
            typed::<ed25519::SigningKey>(public_key, message, context, signature)
        }
        Op::VerifyEcdsaSecp256k1 => {
            typed::<secp256k1::ecdsa::SigningKey>(public_key, message, context, signature)
        }
        Op::VerifyBip340 => {
            typed::<secp256k1::schnorr::SigningKey>(public_key, message, context, signature)
        }
        Op::VerifyMlDsa44 => {
            typed::<ml_dsa::MlDsa44SigningKey>(public_key, message, context, signature)
        }
        Op::VerifyMlDsa65 => {
            typed::<ml_dsa::MlDsa65SigningKey>(public_key, message, context, signature)
        }
        Op::VerifyMlDsa87 => {
            typed::<ml_dsa::MlDsa87SigningKey>(public_key, message, context, signature)
        }
        #[cfg(feature = "bls")]
        Op::VerifyBls12381 => {
            typed::<crate::sig::bls::SigningKey>(public_key, message, context, signature)
        }
        Op::VerifyHybridEd25519MlDsa65 => {
            typed::<hybrid::SigningKey>(public_key, message, context, signature)
        }
        _ => Err(Error::UnsupportedAlgorithm),
    }
}

/// Decode the key, decode the signature, verify: decoding failures are errors, a
/// failed check is [`Verdict::Invalid`].
fn typed<S: Signer>(
    public_key: &[u8],
    message: &[u8],
    context: &[u8],
    signature: &[u8],
) -> Result<Verdict, Error> {
    let vk = S::VerifyingKey::from_bytes(public_key)?;
    let sig = <S::VerifyingKey as Verifier>::Signature::from_bytes(signature)?;
    Verdict::of(vk.verify_with_context(message, context, &sig))
}
