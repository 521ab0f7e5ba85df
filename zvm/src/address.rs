//! 20-byte addresses, written `0x`-prefixed lowercase hex.

use core::fmt;
use core::str::FromStr;

/// An account or contract address.
///
/// ```
/// use zvm::address::Address;
/// let a: Address = "0x00000000000000000000000000000000000000ff".parse().unwrap();
/// assert_eq!(a.as_bytes()[19], 0xff);
/// assert_eq!(a.to_string(), "0x00000000000000000000000000000000000000ff");
/// assert!("0x00ff".parse::<Address>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Address(pub [u8; 20]);

impl Address {
    /// The 20 bytes.
    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    /// The address as a 32-byte word (12 zero bytes, then the address), as the EVM and
    /// the native engine put addresses on the stack.
    pub fn to_word(&self) -> [u8; 32] {
        let mut w = [0u8; 32];
        w[12..].copy_from_slice(&self.0);
        w
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{}", zcrypto::encoding::to_hex(&self.0))
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Address({self})")
    }
}

impl FromStr for Address {
    type Err = zcrypto::Error;

    /// Parses 40 hex digits, with or without a `0x` prefix.
    fn from_str(s: &str) -> Result<Address, zcrypto::Error> {
        let digits = s.strip_prefix("0x").unwrap_or(s);
        let bytes = zcrypto::encoding::from_hex(digits)?;
        let arr: [u8; 20] =
            bytes
                .as_slice()
                .try_into()
                .map_err(|_| zcrypto::Error::InvalidLength {
                    expected: 20,
                    got: bytes.len(),
                })?;
        Ok(Address(arr))
    }
}
