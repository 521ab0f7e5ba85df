//! Guest memory: the linear memory of the calling VM, addressed by `(offset, length)`
//! pairs of `u32`.
//!
//! Engines implement [`GuestMemory`] by exposing their linear memory as one byte slice
//! (wasmtime's `Memory::data`, the ZVM's heap, the EVM's memory `Vec<u8>`); the range
//! checks are provided methods, written once here. A range whose `offset + len`
//! overflows `u32`, or which ends past the memory, is [`Error::MemoryOutOfBounds`] —
//! never a panic — and every metered operation checks all of its ranges before it
//! charges gas or does any work.
//!
//! ```
//! use zcrypto::metered::{GuestMemory, Span};
//! use zcrypto::Error;
//! let mut mem = vec![0u8; 16];
//! mem.write(Span::new(4, 3), b"abc")?;
//! assert_eq!(mem.read(Span::new(4, 3))?, b"abc");
//! assert_eq!(mem.read(Span::new(14, 3)), Err(Error::MemoryOutOfBounds));
//! assert_eq!(mem.read(Span::new(u32::MAX, 2)), Err(Error::MemoryOutOfBounds));
//! # Ok::<(), Error>(())
//! ```

use crate::Error;

/// A range of guest memory: `len` bytes starting at `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The first byte.
    pub offset: u32,
    /// The number of bytes.
    pub len: u32,
}

impl Span {
    /// The range `offset .. offset + len`.
    pub const fn new(offset: u32, len: u32) -> Span {
        Span { offset, len }
    }

    /// The exclusive end, or `None` if `offset + len` overflows `u32`.
    pub const fn end(self) -> Option<u32> {
        self.offset.checked_add(self.len)
    }

    /// The length as `usize` (lossless: `usize` is at least 32 bits on every target).
    pub const fn len_usize(self) -> usize {
        self.len as usize
    }

    /// The same start with a shorter (or equal) length; `None` if `len > self.len`.
    pub const fn prefix(self, len: u32) -> Option<Span> {
        if len <= self.len {
            Some(Span {
                offset: self.offset,
                len,
            })
        } else {
            None
        }
    }
}

/// The linear memory of a guest VM.
///
/// Implement the two accessors; the checked `check` / `read` / `write` come for free.
/// `[u8]` and `Vec<u8>` implement it, so a `&mut [u8]` can be passed directly.
pub trait GuestMemory {
    /// The whole memory.
    fn bytes(&self) -> &[u8];

    /// The whole memory, writable.
    fn bytes_mut(&mut self) -> &mut [u8];

    /// Checks that `span` lies inside the memory (checked arithmetic, no overflow).
    fn check(&self, span: Span) -> Result<(), Error> {
        range(span, self.bytes().len()).map(|_| ())
    }

    /// The bytes of `span`, borrowed; [`Error::MemoryOutOfBounds`] if it does not fit.
    fn read(&self, span: Span) -> Result<&[u8], Error> {
        let r = range(span, self.bytes().len())?;
        Ok(&self.bytes()[r])
    }

    /// Writes `data` at `span.offset`. `data` must be exactly `span.len` bytes
    /// ([`Error::InvalidLength`]) and `span` inside the memory
    /// ([`Error::MemoryOutOfBounds`]); on error the memory is untouched.
    fn write(&mut self, span: Span, data: &[u8]) -> Result<(), Error> {
        let r = range(span, self.bytes().len())?;
        Error::check_len(span.len_usize(), data.len())?;
        self.bytes_mut()[r].copy_from_slice(data);
        Ok(())
    }
}

/// `span` as a `usize` range inside a memory of `size` bytes.
fn range(span: Span, size: usize) -> Result<core::ops::Range<usize>, Error> {
    let end = span.end().ok_or(Error::MemoryOutOfBounds)? as usize;
    if end > size {
        return Err(Error::MemoryOutOfBounds);
    }
    Ok(span.offset as usize..end)
}

impl GuestMemory for [u8] {
    fn bytes(&self) -> &[u8] {
        self
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        self
    }
}

impl GuestMemory for Vec<u8> {
    fn bytes(&self) -> &[u8] {
        self
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        self
    }
}

/// Checks that the output range `out` can hold `needed` bytes and lies inside memory;
/// returns the prefix of `out` that will be written.
pub(crate) fn output<M: GuestMemory + ?Sized>(
    mem: &M,
    out: Span,
    needed: usize,
) -> Result<Span, Error> {
    mem.check(out)?;
    let n = u32::try_from(needed).map_err(|_| Error::BufferTooSmall {
        needed,
        got: out.len_usize(),
    })?;
    out.prefix(n).ok_or(Error::BufferTooSmall {
        needed,
        got: out.len_usize(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let mut mem = [0u8; 8];
        let m: &mut [u8] = &mut mem;
        assert!(m.check(Span::new(0, 8)).is_ok());
        assert!(m.check(Span::new(8, 0)).is_ok());
        assert_eq!(m.check(Span::new(9, 0)), Err(Error::MemoryOutOfBounds));
        assert_eq!(m.check(Span::new(1, 8)), Err(Error::MemoryOutOfBounds));
        assert_eq!(
            m.check(Span::new(u32::MAX, u32::MAX)),
            Err(Error::MemoryOutOfBounds)
        );
        assert_eq!(
            m.write(Span::new(0, 2), b"abc"),
            Err(Error::InvalidLength {
                expected: 2,
                got: 3
            })
        );
        assert_eq!(m, &[0u8; 8]);
        assert_eq!(
            output(&*m, Span::new(0, 3), 4),
            Err(Error::BufferTooSmall { needed: 4, got: 3 })
        );
        assert_eq!(output(&*m, Span::new(2, 6), 4), Ok(Span::new(2, 4)));
        assert_eq!(
            output(&*m, Span::new(6, 4), 4),
            Err(Error::MemoryOutOfBounds)
        );
    }
}
