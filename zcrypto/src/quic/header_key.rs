//! [`HeaderKey`]: the QUIC header protection key (RFC 9001 §5.4), which turns a 16-byte
//! sample of ciphertext into a 5-byte mask.
//!
//! * AES (§5.4.3): mask = AES-ECB(hp_key, sample), first 5 bytes.
//! * ChaCha20 (§5.4.4): counter = sample[0..4] little-endian, nonce = sample[4..16],
//!   mask = ChaCha20(hp_key, counter, nonce, {0,0,0,0,0}).
//!
//! [`Backend::Native`] is aws-lc-rs's `aead::quic::HeaderProtectionKey`;
//! [`Backend::Portable`] is RustCrypto's `aes` block cipher and `chacha20` keystream.

use core::fmt;

use zeroize::{Zeroize, Zeroizing};

use super::Suite;
use crate::{Backend, Error};

/// Length of the ciphertext sample that header protection consumes.
pub const SAMPLE_LEN: usize = 16;

/// Length of the mask: one byte for the first header byte, four for the packet number.
pub const MASK_LEN: usize = 5;

enum Inner {
    // Boxed: the expanded AES key schedules are large. Both zeroize on drop.
    Aes128(Box<aes::Aes128>),
    Aes256(Box<aes::Aes256>),
    ChaCha20(Zeroizing<[u8; 32]>),
    // Boxed too: aws-lc's key holds room for any of its ciphers' schedules.
    #[cfg(feature = "native")]
    Native(Box<aws_lc_rs::aead::quic::HeaderProtectionKey>),
}

/// A header protection key. Key material is zeroized on drop (aws-lc wipes its own);
/// `Debug` does not print it.
pub struct HeaderKey {
    suite: Suite,
    backend: Backend,
    inner: Inner,
}

impl HeaderKey {
    /// A header protection key for `suite` (`key` is [`Suite::hp_key_len`] bytes) on a
    /// chosen backend. [`Backend::Native`] without the `native` feature is
    /// [`Error::UnsupportedAlgorithm`].
    pub fn new(suite: Suite, key: &[u8], backend: Backend) -> Result<HeaderKey, Error> {
        Error::check_len(suite.hp_key_len(), key.len())?;
        let inner = match backend {
            #[cfg(feature = "native")]
            Backend::Native => {
                use aws_lc_rs::aead::quic;
                let alg = match suite {
                    Suite::Aes128GcmSha256 => &quic::AES_128,
                    Suite::Aes256GcmSha384 => &quic::AES_256,
                    Suite::ChaCha20Poly1305Sha256 => &quic::CHACHA20,
                };
                Inner::Native(Box::new(quic::HeaderProtectionKey::new(alg, key).map_err(
                    |_| Error::InvalidLength {
                        expected: suite.hp_key_len(),
                        got: key.len(),
                    },
                )?))
            }
            #[cfg(not(feature = "native"))]
            Backend::Native => return Err(Error::UnsupportedAlgorithm),
            Backend::Portable => {
                use aes::cipher::KeyInit;
                let bad_key = |_| Error::InvalidLength {
                    expected: suite.hp_key_len(),
                    got: key.len(),
                };
                match suite {
                    Suite::Aes128GcmSha256 => {
                        Inner::Aes128(Box::new(aes::Aes128::new_from_slice(key).map_err(bad_key)?))
                    }
                    Suite::Aes256GcmSha384 => {
                        Inner::Aes256(Box::new(aes::Aes256::new_from_slice(key).map_err(bad_key)?))
                    }
                    Suite::ChaCha20Poly1305Sha256 => {
                        let mut k = Zeroizing::new([0u8; 32]);
                        k.copy_from_slice(key);
                        Inner::ChaCha20(k)
                    }
                }
            }
        };
        Ok(HeaderKey {
            suite,
            backend,
            inner,
        })
    }

    /// The suite.
    pub fn suite(&self) -> Suite {
        self.suite
    }

    /// The backend that computes masks.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The 5-byte mask of a 16-byte ciphertext `sample` (other lengths are
    /// [`Error::InvalidLength`]).
    pub fn mask(&self, sample: &[u8]) -> Result<[u8; MASK_LEN], Error> {
        let sample: &[u8; SAMPLE_LEN] = sample.try_into().map_err(|_| Error::InvalidLength {
            expected: SAMPLE_LEN,
            got: sample.len(),
        })?;
        let mut mask = [0u8; MASK_LEN];
        match &self.inner {
            Inner::Aes128(c) => aes_mask(c.as_ref(), sample, &mut mask),
            Inner::Aes256(c) => aes_mask(c.as_ref(), sample, &mut mask),
            Inner::ChaCha20(key) => chacha_mask(key, sample, &mut mask),
            #[cfg(feature = "native")]
            Inner::Native(k) => mask = k.new_mask(sample).map_err(|_| Error::Internal)?,
        }
        Ok(mask)
    }
}

fn aes_mask<C: aes::cipher::BlockCipherEncrypt<BlockSize = aes::cipher::consts::U16>>(
    cipher: &C,
    sample: &[u8; SAMPLE_LEN],
    mask: &mut [u8; MASK_LEN],
) {
    let mut block = aes::Block::from(*sample);
    cipher.encrypt_block(&mut block);
    mask.copy_from_slice(&block[..MASK_LEN]);
    block.zeroize();
}

fn chacha_mask(key: &[u8; 32], sample: &[u8; SAMPLE_LEN], mask: &mut [u8; MASK_LEN]) {
    use chacha20::{
        ChaChaCore, KeyIvInit, R20,
        cipher::{StreamCipherCore, array::Array},
        variants::Ietf,
    };
    let (counter, nonce) = sample.split_at(4);
    let counter = u32::from_le_bytes([counter[0], counter[1], counter[2], counter[3]]);
    let mut nonce_arr = chacha20::Nonce::default();
    nonce_arr.copy_from_slice(nonce);
    // The core, not the `ChaCha20` stream wrapper: the wrapper refuses to start at block
    // 0xffffffff (it would have no block left to continue into), but a sample may
    // carry any 32-bit counter and only one block is needed.
    let mut core = ChaChaCore::<R20, Ietf>::new(&chacha20::Key::from(*key), &nonce_arr);
    core.set_block_pos(counter);
    let mut block = Array::default();
    core.write_keystream_block(&mut block);
    // ChaCha20 over five zero bytes is the first five keystream bytes.
    mask.copy_from_slice(&block[..MASK_LEN]);
    block.zeroize();
}

impl fmt::Debug for HeaderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeaderKey")
            .field("suite", &self.suite)
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::{from_hex, to_hex};

    /// RFC 9001 §A.2 / §A.5 masks on every backend.
    #[test]
    fn rfc9001_masks() {
        for &b in Backend::AVAILABLE {
            let k = HeaderKey::new(
                Suite::Aes128GcmSha256,
                &from_hex("9f50449e04a0e810283a1e9933adedd2").unwrap(),
                b,
            )
            .unwrap();
            let m = k
                .mask(&from_hex("d1b1c98dd7689fb8ec11d242b123dc9b").unwrap())
                .unwrap();
            assert_eq!(to_hex(&m), "437b9aec36", "{b:?}");
            let k = HeaderKey::new(
                Suite::ChaCha20Poly1305Sha256,
                &from_hex("25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4")
                    .unwrap(),
                b,
            )
            .unwrap();
            let m = k
                .mask(&from_hex("5e5cd55c41f69080575d7999c25a5bfb").unwrap())
                .unwrap();
            assert_eq!(to_hex(&m), "aefefe7d03", "{b:?}");
            assert_eq!(
                k.mask(&[0; 15]),
                Err(Error::InvalidLength {
                    expected: 16,
                    got: 15
                })
            );
        }
    }

    /// Both backends give the same masks, including the ChaCha20 counter edge values.
    #[test]
    fn backends_agree() {
        let samples: [[u8; 16]; 4] = [
            [0; 16],
            [0xff; 16],
            core::array::from_fn(|i| i as u8 * 17),
            {
                let mut s = [0x5a; 16];
                s[..4].copy_from_slice(&[0xfe, 0xff, 0xff, 0xff]);
                s
            },
        ];
        for suite in Suite::ALL {
            let key: Vec<u8> = (0..suite.hp_key_len() as u8).map(|i| i * 3 + 1).collect();
            let masks: Vec<Vec<[u8; 5]>> = Backend::AVAILABLE
                .iter()
                .map(|&b| {
                    let k = HeaderKey::new(suite, &key, b).unwrap();
                    assert_eq!(k.backend(), b);
                    samples.iter().map(|s| k.mask(s).unwrap()).collect()
                })
                .collect();
            assert!(masks.windows(2).all(|w| w[0] == w[1]), "{suite:?}");
        }
    }

    #[test]
    fn debug_hides_key() {
        let k = HeaderKey::new(Suite::Aes128GcmSha256, &[0xab; 16], Backend::Portable).unwrap();
        let s = format!("{k:?}");
        assert!(!s.contains("abab") && !s.contains("171"), "{s}");
        assert!(HeaderKey::new(Suite::Aes128GcmSha256, &[0; 32], Backend::Portable).is_err());
    }
}
