//! Small internal helpers.

use crate::Error;

/// Copies a slice of exactly `N` bytes into an array.
pub(crate) fn array<const N: usize>(bytes: &[u8]) -> Result<[u8; N], Error> {
    bytes.try_into().map_err(|_| Error::InvalidLength {
        expected: N,
        got: bytes.len(),
    })
}
