//! Fixed-size secret bytes: zeroized on drop, compared in constant time, never printed.

use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::Error;

/// `N` secret bytes, such as a shared secret from key agreement or encapsulation.
///
/// Zeroized on drop; `==` is constant-time; `Debug` does not print the bytes.
///
/// ```
/// use zcrypto::x25519::SecretKey;
/// let a = SecretKey::from_bytes([1; 32]);
/// let b = SecretKey::from_bytes([2; 32]);
/// let secret = a.diffie_hellman(&b.public_key()).unwrap();
/// assert_eq!(format!("{secret:?}"), "Secret<32>(..)");
/// ```
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Secret<const N: usize>([u8; N]);

impl<const N: usize> Secret<N> {
    pub(crate) fn new(bytes: [u8; N]) -> Self {
        Secret(bytes)
    }

    /// From a backend's output, which always has the right length.
    pub(crate) fn from_slice(bytes: &[u8]) -> Result<Self, Error> {
        Ok(Secret(
            crate::util::array(bytes).map_err(|_| Error::Internal)?,
        ))
    }

    /// The secret bytes.
    pub fn as_bytes(&self) -> &[u8; N] {
        &self.0
    }
}

impl<const N: usize> PartialEq for Secret<N> {
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl<const N: usize> Eq for Secret<N> {}

impl<const N: usize> fmt::Debug for Secret<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret<{N}>(..)")
    }
}
