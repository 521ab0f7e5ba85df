//! Reading call data: a [`Reader`] over a byte slice whose errors are short ASCII
//! reasons, ready to be returned from an [`entry!`](crate::entry) handler (which
//! reverts with them).

/// A cursor over call data; every read fails with `"malformed input"` when the data
/// is too short.
///
/// ```
/// use zvm_sdk::Reader;
/// let mut r = Reader::new(&[0, 0, 0, 0, 0, 0, 0, 7, 1, 2]);
/// assert_eq!(r.u64(), Ok(7));
/// assert_eq!(r.rest(), &[1, 2]);
/// assert!(r.done().is_ok());
/// ```
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
}

/// The error of every failed read.
pub const MALFORMED: &str = "malformed input";

impl<'a> Reader<'a> {
    /// A reader at the start of `data`.
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { data }
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], &'static str> {
        if n > self.data.len() {
            return Err(MALFORMED);
        }
        let (head, tail) = self.data.split_at(n);
        self.data = tail;
        Ok(head)
    }

    /// The next `N` bytes as an array.
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], &'static str> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    /// One byte.
    pub fn u8(&mut self) -> Result<u8, &'static str> {
        Ok(self.array::<1>()?[0])
    }

    /// A big-endian `u16`.
    pub fn u16(&mut self) -> Result<u16, &'static str> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    /// A big-endian `u32`.
    pub fn u32(&mut self) -> Result<u32, &'static str> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    /// A big-endian `u64`.
    pub fn u64(&mut self) -> Result<u64, &'static str> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    /// A big-endian `u128`.
    pub fn u128(&mut self) -> Result<u128, &'static str> {
        Ok(u128::from_be_bytes(self.array()?))
    }

    /// A 20-byte address.
    pub fn address(&mut self) -> Result<crate::Address, &'static str> {
        Ok(crate::Address(self.array()?))
    }

    /// Everything left (the reader is then empty).
    pub fn rest(&mut self) -> &'a [u8] {
        core::mem::take(&mut self.data)
    }

    /// The number of bytes left.
    pub fn remaining(&self) -> usize {
        self.data.len()
    }

    /// `Ok` if everything was read, `Err("malformed input")` if bytes are left.
    pub fn done(&self) -> Result<(), &'static str> {
        if self.data.is_empty() {
            Ok(())
        } else {
            Err(MALFORMED)
        }
    }
}

/// Decodes `N` bytes of hex at compile time (for constants such as event topics);
/// panics (a compile error in a `const`) on a bad length or digit.
///
/// ```
/// const TOPIC: [u8; 2] = zvm_sdk::codec::hex("ddf2");
/// assert_eq!(TOPIC, [0xdd, 0xf2]);
/// ```
pub const fn hex<const N: usize>(s: &str) -> [u8; N] {
    const fn digit(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("bad hex digit"),
        }
    }
    let b = s.as_bytes();
    assert!(b.len() == 2 * N, "bad hex length");
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = (digit(b[2 * i]) << 4) | digit(b[2 * i + 1]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_fails_short() {
        let data = [1u8, 0, 2, 0, 0, 0, 3, 9];
        let mut r = Reader::new(&data);
        assert_eq!(r.u8(), Ok(1));
        assert_eq!(r.u16(), Ok(2));
        assert_eq!(r.u32(), Ok(3));
        assert_eq!(r.remaining(), 1);
        assert!(r.done().is_err());
        assert_eq!(r.u16(), Err(MALFORMED));
        assert_eq!(r.take(1), Ok(&[9u8][..]));
        assert!(r.done().is_ok());
        assert_eq!(r.take(1), Err(MALFORMED));
    }
}
