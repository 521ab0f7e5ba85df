//! [`SECURE_RANDOM`]: rustls's randomness (client/server randoms, session IDs, nonces of
//! its own) from [`zcrypto::rand`](crate::rand), the operating system's CSPRNG.

use ::rustls::crypto::{GetRandomFailed, SecureRandom};

/// The operating system's CSPRNG through [`crate::rand::fill`].
#[derive(Debug)]
struct OsRandom;

impl SecureRandom for OsRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), GetRandomFailed> {
        crate::rand::fill(buf).map_err(|_| GetRandomFailed)
    }
}

/// zcrypto's [`SecureRandom`].
pub static SECURE_RANDOM: &dyn SecureRandom = &OsRandom;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills() {
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        SECURE_RANDOM.fill(&mut a).unwrap();
        SECURE_RANDOM.fill(&mut b).unwrap();
        assert_ne!(a, b);
        assert!(!SECURE_RANDOM.fips());
    }
}
