//! Guest memory access: every pointer/length pair from the guest becomes a
//! [`Span`] and goes through the checked accessors of
//! [`zcrypto::metered::GuestMemory`] (implemented by `[u8]`, which is what wasmi's
//! `Memory::data_and_store_mut` hands out). A range outside memory is a trap.

use zcrypto::metered::{GuestMemory, Span};

use super::host::Exit;

/// The guest's `(ptr, len)` as a span (`i32`s read as `u32`).
pub(crate) const fn span(ptr: u32, len: u32) -> Span {
    Span::new(ptr, len)
}

/// The bytes of `ptr .. ptr + len`, or a trap.
pub(crate) fn read(mem: &[u8], ptr: u32, len: u32) -> Result<&[u8], Exit> {
    mem.read(span(ptr, len)).map_err(|_| Exit::OutOfBounds)
}

/// A fixed-size read.
pub(crate) fn read_array<const N: usize>(mem: &[u8], ptr: u32) -> Result<[u8; N], Exit> {
    let b = read(mem, ptr, N as u32)?;
    let mut a = [0u8; N];
    a.copy_from_slice(b);
    Ok(a)
}

/// Writes `data` at `ptr`, or traps (nothing written).
pub(crate) fn write(mem: &mut [u8], ptr: u32, data: &[u8]) -> Result<(), Exit> {
    let len = u32::try_from(data.len()).map_err(|_| Exit::OutOfBounds)?;
    mem.write(span(ptr, len), data)
        .map_err(|_| Exit::OutOfBounds)
}

/// Checks that `ptr .. ptr + len` lies in memory.
pub(crate) fn check(mem: &[u8], ptr: u32, len: u32) -> Result<(), Exit> {
    mem.check(span(ptr, len)).map_err(|_| Exit::OutOfBounds)
}

/// The number of 32-byte words covering `len` bytes.
pub(crate) const fn words(len: usize) -> u64 {
    (len as u64).div_ceil(32)
}
