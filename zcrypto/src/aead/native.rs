//! aws-lc-rs AEADs: AES-GCM with AES-NI/VAES and CLMUL, ChaCha20-Poly1305 with AVX2/AVX-512.

use aws_lc_rs::aead::{self as lc, Aad, LessSafeKey, UnboundKey};

use super::{AeadAlg, TAG_LEN, Tag};
use crate::Error;

/// aws-lc's `EVP_AEAD_CTX` wipes its key schedule when dropped.
pub(super) struct Cipher(LessSafeKey);

impl Cipher {
    pub(super) fn new(alg: AeadAlg, key: &[u8]) -> Result<Cipher, Error> {
        let lc_alg = match alg {
            AeadAlg::Aes128Gcm => &lc::AES_128_GCM,
            AeadAlg::Aes256Gcm => &lc::AES_256_GCM,
            AeadAlg::ChaCha20Poly1305 => &lc::CHACHA20_POLY1305,
            AeadAlg::XChaCha20Poly1305 => return Err(Error::UnsupportedAlgorithm),
        };
        let unbound = UnboundKey::new(lc_alg, key).map_err(|_| Error::InvalidLength {
            expected: alg.key_len(),
            got: key.len(),
        })?;
        Ok(Cipher(LessSafeKey::new(unbound)))
    }

    fn nonce(nonce: &[u8]) -> Result<lc::Nonce, Error> {
        lc::Nonce::try_assume_unique_for_key(nonce).map_err(|_| Error::InvalidLength {
            expected: lc::NONCE_LEN,
            got: nonce.len(),
        })
    }

    pub(super) fn seal(&self, nonce: &[u8], aad: &[u8], in_out: &mut [u8]) -> Result<Tag, Error> {
        let tag = self
            .0
            .seal_in_place_separate_tag(Self::nonce(nonce)?, Aad::from(aad), in_out)
            .map_err(|_| Error::MessageTooLong)?;
        let mut t = [0u8; TAG_LEN];
        t.copy_from_slice(tag.as_ref());
        Ok(Tag(t))
    }

    pub(super) fn open(
        &self,
        nonce: &[u8],
        aad: &[u8],
        in_out: &mut [u8],
        tag: &Tag,
    ) -> Result<(), Error> {
        self.0
            .open_in_place_separate_tag(Self::nonce(nonce)?, Aad::from(aad), &tag.0, in_out)
            .map(|_| ())
            .map_err(|_| Error::DecryptionFailed)
    }
}
