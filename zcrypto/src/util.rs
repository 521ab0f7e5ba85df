//! Small internal helpers.

use crate::Error;

/// Copies a slice of exactly `N` bytes into an array.
pub(crate) fn array<const N: usize>(bytes: &[u8]) -> Result<[u8; N], Error> {
    bytes.try_into().map_err(|_| Error::InvalidLength {
        expected: N,
        got: bytes.len(),
    })
}

/// A cursor over a binary encoding. Reading past the end is `error` (by default
/// [`Error::InvalidEncoding`]); nothing here can panic.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    error: Error,
}

impl<'a> Reader<'a> {
    /// A reader whose overruns are [`Error::InvalidEncoding`].
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader::with_error(bytes, Error::InvalidEncoding)
    }

    /// A reader whose overruns (and [`Reader::done`] with bytes left) are `error`.
    pub(crate) fn with_error(bytes: &'a [u8], error: Error) -> Reader<'a> {
        Reader { bytes, error }
    }

    /// The next `n` bytes.
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if self.bytes.len() < n {
            return Err(self.error);
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    /// The next `N` bytes as an array.
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    /// The next byte.
    pub(crate) fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    /// The next two bytes, big-endian.
    pub(crate) fn u16_be(&mut self) -> Result<u16, Error> {
        self.array().map(u16::from_be_bytes)
    }

    /// The next two bytes, little-endian.
    pub(crate) fn u16_le(&mut self) -> Result<u16, Error> {
        self.array().map(u16::from_le_bytes)
    }

    /// The next four bytes, little-endian.
    pub(crate) fn u32_le(&mut self) -> Result<u32, Error> {
        self.array().map(u32::from_le_bytes)
    }

    /// `Ok` if every byte was read, else the reader's error.
    pub(crate) fn done(&self) -> Result<(), Error> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(self.error)
        }
    }
}
