//! The one error type of zcrypto and its stable numeric codes.
//!
//! Every fallible function in zcrypto returns [`Error`]. Each variant has a stable
//! numeric [`Error::code`] that the C ABI, the Go and Python bindings and the VM host
//! functions return unchanged, so a caller in any language can match on the number.
//! Codes are never reused or renumbered; new variants take new numbers.
//!
//! | code | variant | meaning |
//! |-----:|---------|---------|
//! | 0 | — | success (used by the C ABI only) |
//! | 1 | [`Error::InvalidLength`] | an input has the wrong length |
//! | 2 | [`Error::InvalidKey`] | a key is malformed or fails validation |
//! | 3 | [`Error::InvalidSignature`] | a signature is malformed or does not verify |
//! | 4 | [`Error::DecryptionFailed`] | AEAD authentication failed; no plaintext released |
//! | 5 | [`Error::UnknownAlgorithm`] | an algorithm name is not known to zcrypto |
//! | 6 | [`Error::UnsupportedAlgorithm`] | the algorithm exists but not for this operation or backend |
//! | 7 | [`Error::InvalidCiphertext`] | a KEM ciphertext or encoded message is malformed |
//! | 8 | [`Error::OutputTooLong`] | a KDF/XOF was asked for more output than it can give |
//! | 9 | [`Error::BufferTooSmall`] | a caller-given output buffer is too small |
//! | 10 | [`Error::InvalidEncoding`] | text input (hex, JSON) could not be decoded |
//! | 11 | [`Error::WeakKey`] | a key agreement produced an all-zero (non-contributory) secret |
//! | 12 | [`Error::RandomnessUnavailable`] | the operating system's random source failed |
//! | 13 | [`Error::MessageTooLong`] | a message exceeds the algorithm's limit (e.g. 2^36 − 32 bytes for AES-GCM) |
//! | 14 | [`Error::PolicyNotSatisfied`] | an M-of-N policy was not met: too few valid signatures, or a duplicate or unknown signer; or a post-quantum tunnel peer refused a handshake without a post-quantum key (no downgrade) |
//! | 15 | [`Error::NotYetValid`] | a time-locked signature was checked before its `not_before` height or time |
//! | 16 | [`Error::LimitExceeded`] | a caller-set or built-in bound (items, bytes, depth) was exceeded; no work was done |
//! | 17 | [`Error::InvalidProof`] | a Merkle (or other) proof is malformed or does not prove the claim |
//! | 18 | [`Error::OutOfGas`] | the gas limit was reached before the operation; nothing was done |
//! | 19 | [`Error::MemoryOutOfBounds`] | an (offset, length) range lies outside guest memory |
//! | 20 | [`Error::Replayed`] | a packet number was already accepted, or is older than the anti-replay window |
//! | 21 | [`Error::Expired`] | a ticket, key or session is past its lifetime |
//! | 255 | [`Error::Internal`] | a backend failed in a way that should not happen; please report |

use core::fmt;

/// The error type of every fallible zcrypto operation.
///
/// Match on the variant in Rust, or on [`Error::code`] across languages.
///
/// ```
/// use zcrypto::Error;
/// let e = Error::InvalidLength { expected: 32, got: 31 };
/// assert_eq!(e.code(), 1);
/// assert_eq!(e.to_string(), "invalid length: expected 32 bytes, got 31");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// An input has the wrong length.
    InvalidLength {
        /// The length the operation needs (the minimum where a range is allowed).
        expected: usize,
        /// The length that was given.
        got: usize,
    },
    /// A key is malformed or fails the checks its standard requires.
    InvalidKey,
    /// A signature is malformed or does not verify.
    InvalidSignature,
    /// AEAD authentication failed. The buffer holds no plaintext.
    DecryptionFailed,
    /// An algorithm name is not known to zcrypto.
    UnknownAlgorithm,
    /// The algorithm is known but cannot be used for this operation (or on this backend).
    UnsupportedAlgorithm,
    /// A KEM ciphertext or another encoded message is malformed.
    InvalidCiphertext,
    /// A KDF or XOF was asked for more output than it can produce.
    OutputTooLong {
        /// The largest output the function can give.
        max: usize,
        /// The requested output length.
        requested: usize,
    },
    /// A caller-given output buffer is too small.
    BufferTooSmall {
        /// The number of bytes the output needs.
        needed: usize,
        /// The number of bytes available.
        got: usize,
    },
    /// Text input (hex, JSON) could not be decoded.
    InvalidEncoding,
    /// A key agreement produced the all-zero shared secret (the peer sent a low-order point).
    WeakKey,
    /// The operating system's random number generator failed.
    RandomnessUnavailable,
    /// A message exceeds what the algorithm can process (e.g. AES-GCM's 2^36 − 32 bytes).
    MessageTooLong,
    /// An M-of-N policy was not met: too few valid signatures, or a duplicate or unknown signer.
    /// Also: a post-quantum `tunnel` peer refused to start or answer a
    /// handshake without a key from its post-quantum exchange (it never downgrades).
    PolicyNotSatisfied,
    /// A time-locked signature was checked before its `not_before` height or time.
    NotYetValid,
    /// A caller-set or built-in bound (number of items, total bytes, depth) was exceeded.
    /// The input is rejected up front, before any work is done.
    LimitExceeded,
    /// A Merkle (or other) proof is malformed or does not prove the claimed statement.
    InvalidProof,
    /// The gas limit was reached before the operation: nothing was done and nothing was
    /// charged (see [`metered`](crate::metered)).
    OutOfGas,
    /// An `(offset, length)` range lies outside guest memory (or `offset + length`
    /// overflows `u32`). Detected before any work and before any gas is charged.
    MemoryOutOfBounds,
    /// A packet number was already accepted, or is too old for the anti-replay window
    /// to tell (see [`zero_copy::ReplayWindow`](crate::zero_copy::ReplayWindow)).
    Replayed,
    /// A ticket, key or session is past its lifetime (see
    /// [`pool::TicketIssuer`](crate::pool::TicketIssuer)).
    Expired,
    /// A backend failed in a way that should be impossible. Please report it.
    Internal,
}

impl Error {
    /// The stable numeric code of this error (never 0, which means success across the FFI).
    pub const fn code(&self) -> u32 {
        match self {
            Error::InvalidLength { .. } => 1,
            Error::InvalidKey => 2,
            Error::InvalidSignature => 3,
            Error::DecryptionFailed => 4,
            Error::UnknownAlgorithm => 5,
            Error::UnsupportedAlgorithm => 6,
            Error::InvalidCiphertext => 7,
            Error::OutputTooLong { .. } => 8,
            Error::BufferTooSmall { .. } => 9,
            Error::InvalidEncoding => 10,
            Error::WeakKey => 11,
            Error::RandomnessUnavailable => 12,
            Error::MessageTooLong => 13,
            Error::PolicyNotSatisfied => 14,
            Error::NotYetValid => 15,
            Error::LimitExceeded => 16,
            Error::InvalidProof => 17,
            Error::OutOfGas => 18,
            Error::MemoryOutOfBounds => 19,
            Error::Replayed => 20,
            Error::Expired => 21,
            Error::Internal => 255,
        }
    }

    /// A short stable name for the code (`"invalid_length"`, ...), for logs and bindings.
    pub const fn name(&self) -> &'static str {
        match self {
            Error::InvalidLength { .. } => "invalid_length",
            Error::InvalidKey => "invalid_key",
            Error::InvalidSignature => "invalid_signature",
            Error::DecryptionFailed => "decryption_failed",
            Error::UnknownAlgorithm => "unknown_algorithm",
            Error::UnsupportedAlgorithm => "unsupported_algorithm",
            Error::InvalidCiphertext => "invalid_ciphertext",
            Error::OutputTooLong { .. } => "output_too_long",
            Error::BufferTooSmall { .. } => "buffer_too_small",
            Error::InvalidEncoding => "invalid_encoding",
            Error::WeakKey => "weak_key",
            Error::RandomnessUnavailable => "randomness_unavailable",
            Error::MessageTooLong => "message_too_long",
            Error::PolicyNotSatisfied => "policy_not_satisfied",
            Error::NotYetValid => "not_yet_valid",
            Error::LimitExceeded => "limit_exceeded",
            Error::InvalidProof => "invalid_proof",
            Error::OutOfGas => "out_of_gas",
            Error::MemoryOutOfBounds => "memory_out_of_bounds",
            Error::Replayed => "replayed",
            Error::Expired => "expired",
            Error::Internal => "internal",
        }
    }

    /// Checks that `got` equals `expected`, the most common length check.
    pub(crate) fn check_len(expected: usize, got: usize) -> Result<(), Error> {
        if expected == got {
            Ok(())
        } else {
            Err(Error::InvalidLength { expected, got })
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidLength { expected, got } => {
                write!(f, "invalid length: expected {expected} bytes, got {got}")
            }
            Error::InvalidKey => f.write_str("invalid key"),
            Error::InvalidSignature => f.write_str("invalid signature"),
            Error::DecryptionFailed => {
                f.write_str("decryption failed: authentication tag mismatch")
            }
            Error::UnknownAlgorithm => f.write_str("unknown algorithm"),
            Error::UnsupportedAlgorithm => {
                f.write_str("algorithm not supported for this operation")
            }
            Error::InvalidCiphertext => f.write_str("invalid ciphertext"),
            Error::OutputTooLong { max, requested } => {
                write!(
                    f,
                    "output too long: at most {max} bytes, {requested} requested"
                )
            }
            Error::BufferTooSmall { needed, got } => {
                write!(f, "buffer too small: need {needed} bytes, got {got}")
            }
            Error::InvalidEncoding => f.write_str("invalid encoding"),
            Error::WeakKey => f.write_str("weak key: key agreement produced an all-zero secret"),
            Error::RandomnessUnavailable => f.write_str("operating system randomness unavailable"),
            Error::MessageTooLong => f.write_str("message too long for this algorithm"),
            Error::PolicyNotSatisfied => f.write_str("signature policy not satisfied"),
            Error::NotYetValid => f.write_str("time-locked signature not yet valid"),
            Error::LimitExceeded => f.write_str("limit exceeded: input rejected before any work"),
            Error::InvalidProof => f.write_str("invalid proof"),
            Error::OutOfGas => f.write_str(
                "out of gas: the limit was reached before the operation; nothing was done",
            ),
            Error::MemoryOutOfBounds => f.write_str(
                "memory out of bounds: an (offset, length) range lies outside guest memory",
            ),
            Error::Replayed => f.write_str(
                "replayed packet: its number was already accepted or is older than the window",
            ),
            Error::Expired => f.write_str("expired: a ticket, key or session is past its lifetime"),
            Error::Internal => f.write_str("internal error in a crypto backend"),
        }
    }
}

impl core::error::Error for Error {}

/// Every variant once, for tests and bindings that publish the code table.
pub const ALL_ERRORS: &[Error] = &[
    Error::InvalidLength {
        expected: 0,
        got: 0,
    },
    Error::InvalidKey,
    Error::InvalidSignature,
    Error::DecryptionFailed,
    Error::UnknownAlgorithm,
    Error::UnsupportedAlgorithm,
    Error::InvalidCiphertext,
    Error::OutputTooLong {
        max: 0,
        requested: 0,
    },
    Error::BufferTooSmall { needed: 0, got: 0 },
    Error::InvalidEncoding,
    Error::WeakKey,
    Error::RandomnessUnavailable,
    Error::MessageTooLong,
    Error::PolicyNotSatisfied,
    Error::NotYetValid,
    Error::LimitExceeded,
    Error::InvalidProof,
    Error::OutOfGas,
    Error::MemoryOutOfBounds,
    Error::Replayed,
    Error::Expired,
    Error::Internal,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_nonzero() {
        let mut codes: Vec<u32> = ALL_ERRORS.iter().map(Error::code).collect();
        assert!(codes.iter().all(|&c| c != 0));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ALL_ERRORS.len());
    }

    #[test]
    fn codes_are_stable() {
        // Bindings hard-code these numbers: changing one is a breaking change.
        let table: Vec<(u32, &str)> = ALL_ERRORS.iter().map(|e| (e.code(), e.name())).collect();
        assert_eq!(
            table,
            vec![
                (1, "invalid_length"),
                (2, "invalid_key"),
                (3, "invalid_signature"),
                (4, "decryption_failed"),
                (5, "unknown_algorithm"),
                (6, "unsupported_algorithm"),
                (7, "invalid_ciphertext"),
                (8, "output_too_long"),
                (9, "buffer_too_small"),
                (10, "invalid_encoding"),
                (11, "weak_key"),
                (12, "randomness_unavailable"),
                (13, "message_too_long"),
                (14, "policy_not_satisfied"),
                (15, "not_yet_valid"),
                (16, "limit_exceeded"),
                (17, "invalid_proof"),
                (18, "out_of_gas"),
                (19, "memory_out_of_bounds"),
                (20, "replayed"),
                (21, "expired"),
                (255, "internal"),
            ]
        );
    }
}
