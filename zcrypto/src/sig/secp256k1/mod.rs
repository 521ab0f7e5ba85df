//! secp256k1 signatures: ECDSA (Bitcoin/Ethereum style) and BIP-340 Schnorr.
//!
//! * [`ecdsa`]: ECDSA over SHA-256 or a caller-given 32-byte prehash, RFC 6979
//!   deterministic nonces, low-S on signing and (by default) required on verification,
//!   64-byte compact `r ‖ s` signatures (DER helpers too), 65-byte recoverable
//!   signatures `r ‖ s ‖ v`, public-key recovery and Ethereum addresses.
//! * [`schnorr`]: BIP-340 with x-only 32-byte keys, 64-byte signatures and messages of
//!   any length.
//!
//! ```
//! use zcrypto::sig::{Encoding, Signer, Verifier, secp256k1::{ecdsa, schnorr}};
//!
//! let sk = ecdsa::SigningKey::from_seed(&[0x46; 32])?;
//! let sig = sk.sign(b"hello")?;
//! sk.verifying_key().verify(b"hello", &sig)?;
//! assert_eq!(
//!     sk.verifying_key().ethereum_address_checksummed(),
//!     "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"
//! );
//!
//! let sk = schnorr::SigningKey::from_seed(&[7; 32])?;
//! let sig = sk.sign_with_aux_rand(b"any length message", &[0; 32])?;
//! sk.verifying_key().verify(b"any length message", &sig)?;
//! assert_eq!(sig.to_bytes().len(), 64);
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! ## Backends
//! Portable: RustCrypto `k256` (pure Rust, builds for `wasm32-unknown-unknown`).
//! Native (default with the `native` feature): libsecp256k1 through the `secp256k1`
//! crate, measured at 32 µs per ECDSA verification and 31 µs per BIP-340 verification
//! against 67 / 66 µs for `k256` on our reference x86-64 machine. Both are
//! deterministic for the same inputs (RFC 6979; BIP-340 with the same `aux_rand`), and
//! the differential tests check that they agree byte for byte. Signatures are decoded
//! and range-checked by the same (portable) code for both backends, so both reject the
//! same encodings with the same [`Error`](crate::Error).

pub mod ecdsa;
pub mod schnorr;

#[cfg(feature = "native")]
mod native;
mod portable;

/// The Ethereum address of an uncompressed SEC1 public key `0x04 ‖ x ‖ y`: the last 20
/// bytes of Keccak-256(x ‖ y).
fn ethereum_address(uncompressed: &[u8; 65]) -> [u8; 20] {
    let digest = crate::hash::keccak256(&uncompressed[1..]);
    let mut out = [0u8; 20];
    out.copy_from_slice(&digest[12..]);
    out
}

/// The EIP-55 mixed-case checksum form of a 20-byte Ethereum address, with `0x`.
///
/// Each hex letter is upper case when the matching nibble of Keccak-256 of the
/// lowercase hex address is 8 or more.
///
/// ```
/// use zcrypto::sig::secp256k1::ethereum_checksum_address;
/// let addr = zcrypto::encoding::from_hex("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")?;
/// let addr: [u8; 20] = addr.try_into().unwrap();
/// assert_eq!(ethereum_checksum_address(&addr), "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
/// # Ok::<(), zcrypto::Error>(())
/// ```
pub fn ethereum_checksum_address(address: &[u8; 20]) -> String {
    let lower = crate::encoding::to_hex(address);
    let hash = crate::hash::keccak256(lower.as_bytes());
    let mut out = String::with_capacity(42);
    out.push_str("0x");
    for (i, c) in lower.chars().enumerate() {
        let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0x0f;
        out.push(if nibble >= 8 {
            c.to_ascii_uppercase()
        } else {
            c
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eip55_examples() {
        // The examples of EIP-55 itself.
        for s in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        ] {
            let bytes: [u8; 20] = crate::encoding::from_hex(&s[2..].to_ascii_lowercase())
                .unwrap()
                .try_into()
                .unwrap();
            assert_eq!(ethereum_checksum_address(&bytes), s);
        }
    }
}
