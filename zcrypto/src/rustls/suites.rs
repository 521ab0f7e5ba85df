//! The TLS 1.3 cipher suites, each with its QUIC packet and header protection keys.
//!
//! * Record protection: [`aead::PacketKey`](crate::aead::PacketKey) (nonce = IV XOR
//!   the record sequence number, RFC 8446 §5.3).
//! * Hash: [`hash::Hasher`](crate::hash::Hasher); HMAC: [`mac::Hmac`](crate::mac::Hmac);
//!   HKDF: rustls's `HkdfUsingHmac` over that HMAC.
//! * QUIC (RFC 9001): packet keys are [`aead::PacketKey`](crate::aead::PacketKey),
//!   header protection is [`quic::HeaderKey`](crate::quic::HeaderKey).
//!
//! Multipath QUIC nonces (`*_for_path`) are not implemented (rustls's default refuses them).

use ::rustls::crypto::cipher::{
    AeadKey, InboundOpaqueMessage, InboundPlainMessage, Iv, MessageDecrypter, MessageEncrypter,
    OutboundOpaqueMessage, OutboundPlainMessage, PrefixedPayload, Tls13AeadAlgorithm,
    UnsupportedOperationError, make_tls13_aad,
};
use ::rustls::crypto::tls13::HkdfUsingHmac;
use ::rustls::crypto::{CipherSuiteCommon, hash, hmac};
use ::rustls::{
    CipherSuite, ConnectionTrafficSecrets, ContentType, Error, ProtocolVersion,
    SupportedCipherSuite, Tls13CipherSuite, quic,
};

use crate::Backend;
use crate::aead::{AeadAlg, IV_LEN, PacketKey, TAG_LEN};
use crate::hash::{HashAlg, Hasher};
use crate::mac::HmacAlg;
use crate::quic::{HeaderKey, Suite};

/// `TLS13_AES_128_GCM_SHA256` (0x1301), with QUIC keys.
pub static TLS13_AES_128_GCM_SHA256: SupportedCipherSuite =
    SupportedCipherSuite::Tls13(&Tls13CipherSuite {
        common: CipherSuiteCommon {
            suite: CipherSuite::TLS13_AES_128_GCM_SHA256,
            hash_provider: &SHA256,
            // draft-irtf-cfrg-aead-limits §5.1 (as rustls's own providers).
            confidentiality_limit: 1 << 24,
        },
        hkdf_provider: &HkdfUsingHmac(&HMAC_SHA256),
        aead_alg: &Aead(AeadAlg::Aes128Gcm),
        quic: Some(&QuicAlgorithm {
            suite: Suite::Aes128GcmSha256,
            // RFC 9001 §B.1.1 / §B.1.2.
            confidentiality_limit: 1 << 23,
            integrity_limit: 1 << 52,
        }),
    });

/// `TLS13_AES_256_GCM_SHA384` (0x1302), with QUIC keys.
pub static TLS13_AES_256_GCM_SHA384: SupportedCipherSuite =
    SupportedCipherSuite::Tls13(&Tls13CipherSuite {
        common: CipherSuiteCommon {
            suite: CipherSuite::TLS13_AES_256_GCM_SHA384,
            hash_provider: &SHA384,
            confidentiality_limit: 1 << 24,
        },
        hkdf_provider: &HkdfUsingHmac(&HMAC_SHA384),
        aead_alg: &Aead(AeadAlg::Aes256Gcm),
        quic: Some(&QuicAlgorithm {
            suite: Suite::Aes256GcmSha384,
            confidentiality_limit: 1 << 23,
            integrity_limit: 1 << 52,
        }),
    });

/// `TLS13_CHACHA20_POLY1305_SHA256` (0x1303), with QUIC keys.
pub static TLS13_CHACHA20_POLY1305_SHA256: SupportedCipherSuite =
    SupportedCipherSuite::Tls13(&Tls13CipherSuite {
        common: CipherSuiteCommon {
            suite: CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
            hash_provider: &SHA256,
            confidentiality_limit: u64::MAX,
        },
        hkdf_provider: &HkdfUsingHmac(&HMAC_SHA256),
        aead_alg: &Aead(AeadAlg::ChaCha20Poly1305),
        quic: Some(&QuicAlgorithm {
            suite: Suite::ChaCha20Poly1305Sha256,
            // RFC 9001 §6.6.
            confidentiality_limit: u64::MAX,
            integrity_limit: 1 << 36,
        }),
    });

/// Every suite, in preference order (AES-128-GCM, which QUIC Initial packets need, first).
pub static ALL_CIPHER_SUITES: &[SupportedCipherSuite] = &[
    TLS13_AES_128_GCM_SHA256,
    TLS13_AES_256_GCM_SHA384,
    TLS13_CHACHA20_POLY1305_SHA256,
];

// ---------------------------------------------------------------------------------------
// Hash and HMAC

static SHA256: Hash = Hash(HashAlg::Sha256, hash::HashAlgorithm::SHA256);
static SHA384: Hash = Hash(HashAlg::Sha384, hash::HashAlgorithm::SHA384);
static HMAC_SHA256: Hmac = Hmac(HmacAlg::Sha256);
static HMAC_SHA384: Hmac = Hmac(HmacAlg::Sha384);

struct Hash(HashAlg, hash::HashAlgorithm);

impl hash::Hash for Hash {
    fn start(&self) -> Box<dyn hash::Context> {
        Box::new(HashContext(Hasher::new(self.0)))
    }

    fn hash(&self, data: &[u8]) -> hash::Output {
        hash::Output::new(crate::hash::hash(self.0, data).as_bytes())
    }

    fn output_len(&self) -> usize {
        self.0.output_len()
    }

    fn algorithm(&self) -> hash::HashAlgorithm {
        self.1
    }
}

struct HashContext(Hasher);

impl hash::Context for HashContext {
    fn fork_finish(&self) -> hash::Output {
        hash::Output::new(self.0.clone().finalize().as_bytes())
    }

    fn fork(&self) -> Box<dyn hash::Context> {
        Box::new(HashContext(self.0.clone()))
    }

    fn finish(self: Box<Self>) -> hash::Output {
        hash::Output::new(self.0.finalize().as_bytes())
    }

    fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }
}

struct Hmac(HmacAlg);

impl hmac::Hmac for Hmac {
    fn with_key(&self, key: &[u8]) -> Box<dyn hmac::Key> {
        Box::new(HmacKey(crate::mac::Hmac::new(self.0, key), self.0))
    }

    fn hash_output_len(&self) -> usize {
        self.0.tag_len()
    }
}

/// A keyed HMAC state, cloned for every tag.
struct HmacKey(crate::mac::Hmac, HmacAlg);

impl hmac::Key for HmacKey {
    fn sign_concat(&self, first: &[u8], middle: &[&[u8]], last: &[u8]) -> hmac::Tag {
        let mut m = self.0.clone();
        m.update(first);
        for part in middle {
            m.update(part);
        }
        m.update(last);
        hmac::Tag::new(m.finalize().as_bytes())
    }

    fn tag_len(&self) -> usize {
        self.1.tag_len()
    }
}

// ---------------------------------------------------------------------------------------
// Record protection

/// A zcrypto packet key from rustls's key and IV. `None` only if the lengths are wrong,
/// which rustls rules out (it sizes keys by `key_len`); the record/packet then fails to
/// seal or open rather than panicking.
fn packet_key(alg: AeadAlg, key: &AeadKey, iv: &Iv) -> Option<PacketKey> {
    let iv: [u8; IV_LEN] = iv.as_ref().try_into().ok()?;
    PacketKey::new(alg, key.as_ref(), iv).ok()
}

struct Aead(AeadAlg);

impl Tls13AeadAlgorithm for Aead {
    fn encrypter(&self, key: AeadKey, iv: Iv) -> Box<dyn MessageEncrypter> {
        Box::new(RecordKey(packet_key(self.0, &key, &iv)))
    }

    fn decrypter(&self, key: AeadKey, iv: Iv) -> Box<dyn MessageDecrypter> {
        Box::new(RecordKey(packet_key(self.0, &key, &iv)))
    }

    fn key_len(&self) -> usize {
        self.0.key_len()
    }

    fn extract_keys(
        &self,
        key: AeadKey,
        iv: Iv,
    ) -> Result<ConnectionTrafficSecrets, UnsupportedOperationError> {
        Ok(match self.0 {
            AeadAlg::Aes128Gcm => ConnectionTrafficSecrets::Aes128Gcm { key, iv },
            AeadAlg::Aes256Gcm => ConnectionTrafficSecrets::Aes256Gcm { key, iv },
            AeadAlg::ChaCha20Poly1305 => ConnectionTrafficSecrets::Chacha20Poly1305 { key, iv },
            AeadAlg::XChaCha20Poly1305 => return Err(UnsupportedOperationError),
        })
    }
}

/// A TLS 1.3 record key (one direction).
struct RecordKey(Option<PacketKey>);

impl MessageEncrypter for RecordKey {
    fn encrypt(
        &mut self,
        msg: OutboundPlainMessage<'_>,
        seq: u64,
    ) -> Result<OutboundOpaqueMessage, Error> {
        let key = self.0.as_ref().ok_or(Error::EncryptError)?;
        let total_len = self.encrypted_payload_len(msg.payload.len());
        let mut payload = PrefixedPayload::with_capacity(total_len);
        payload.extend_from_chunks(&msg.payload);
        payload.extend_from_slice(&msg.typ.to_array());
        let tag = key
            .seal_in_place_detached(seq, &make_tls13_aad(total_len), payload.as_mut())
            .map_err(|_| Error::EncryptError)?;
        payload.extend_from_slice(&tag.0);
        // Every TLS 1.3 record says application data, version 1.2 (RFC 8446 §5.2).
        Ok(OutboundOpaqueMessage::new(
            ContentType::ApplicationData,
            ProtocolVersion::TLSv1_2,
            payload,
        ))
    }

    fn encrypted_payload_len(&self, payload_len: usize) -> usize {
        payload_len + 1 + TAG_LEN
    }
}

impl MessageDecrypter for RecordKey {
    fn decrypt<'a>(
        &mut self,
        mut msg: InboundOpaqueMessage<'a>,
        seq: u64,
    ) -> Result<InboundPlainMessage<'a>, Error> {
        let key = self.0.as_ref().ok_or(Error::DecryptError)?;
        let payload = &mut msg.payload;
        if payload.len() < TAG_LEN {
            return Err(Error::DecryptError);
        }
        let aad = make_tls13_aad(payload.len());
        let plain_len = key
            .open_in_place(seq, &aad, &mut payload[..])
            .map_err(|_| Error::DecryptError)?
            .len();
        payload.truncate(plain_len);
        msg.into_tls13_unpadded_message()
    }
}

// ---------------------------------------------------------------------------------------
// QUIC

/// How a suite makes QUIC keys: zcrypto's packet keys and header protection keys.
struct QuicAlgorithm {
    suite: Suite,
    confidentiality_limit: u64,
    integrity_limit: u64,
}

impl quic::Algorithm for QuicAlgorithm {
    fn packet_key(&self, key: AeadKey, iv: Iv) -> Box<dyn quic::PacketKey> {
        Box::new(QuicPacketKey {
            key: packet_key(self.suite.aead(), &key, &iv),
            confidentiality_limit: self.confidentiality_limit,
            integrity_limit: self.integrity_limit,
        })
    }

    fn header_protection_key(&self, key: AeadKey) -> Box<dyn quic::HeaderProtectionKey> {
        Box::new(QuicHeaderKey(
            HeaderKey::new(self.suite, key.as_ref(), Backend::default()).ok(),
        ))
    }

    fn aead_key_len(&self) -> usize {
        self.suite.key_len()
    }
}

struct QuicPacketKey {
    key: Option<PacketKey>,
    confidentiality_limit: u64,
    integrity_limit: u64,
}

impl quic::PacketKey for QuicPacketKey {
    fn encrypt_in_place(
        &self,
        packet_number: u64,
        header: &[u8],
        payload: &mut [u8],
    ) -> Result<quic::Tag, Error> {
        let key = self.key.as_ref().ok_or(Error::EncryptError)?;
        let tag = key
            .seal_in_place_detached(packet_number, header, payload)
            .map_err(|_| Error::EncryptError)?;
        Ok(quic::Tag::from(&tag.0[..]))
    }

    fn decrypt_in_place<'a>(
        &self,
        packet_number: u64,
        header: &[u8],
        payload: &'a mut [u8],
    ) -> Result<&'a [u8], Error> {
        let key = self.key.as_ref().ok_or(Error::DecryptError)?;
        let plain_len = key
            .open_in_place(packet_number, header, payload)
            .map_err(|_| Error::DecryptError)?
            .len();
        Ok(&payload[..plain_len])
    }

    fn tag_len(&self) -> usize {
        TAG_LEN
    }

    fn confidentiality_limit(&self) -> u64 {
        self.confidentiality_limit
    }

    fn integrity_limit(&self) -> u64 {
        self.integrity_limit
    }
}

struct QuicHeaderKey(Option<HeaderKey>);

impl QuicHeaderKey {
    /// RFC 9001 §5.4.1. `masked` says whether `first` is protected now (on removal).
    /// Nothing is changed on error.
    fn xor_in_place(
        &self,
        sample: &[u8],
        first: &mut u8,
        packet_number: &mut [u8],
        masked: bool,
    ) -> Result<(), Error> {
        let key = self
            .0
            .as_ref()
            .ok_or_else(|| Error::General("invalid header protection key".into()))?;
        let mask = key
            .mask(sample)
            .map_err(|_| Error::General("sample of invalid length".into()))?;
        let (first_mask, pn_mask) = (mask[0], &mask[1..]);
        if packet_number.len() > pn_mask.len() {
            return Err(Error::General("packet number too long".into()));
        }
        // Long headers protect 4 bits of the first byte, short headers 5.
        let bits = if *first & 0x80 != 0 { 0x0f } else { 0x1f };
        let first_plain = if masked {
            *first ^ (first_mask & bits)
        } else {
            *first
        };
        let pn_len = usize::from(first_plain & 0x03) + 1;
        *first ^= first_mask & bits;
        for (b, m) in packet_number.iter_mut().zip(pn_mask).take(pn_len) {
            *b ^= m;
        }
        Ok(())
    }
}

impl quic::HeaderProtectionKey for QuicHeaderKey {
    fn encrypt_in_place(
        &self,
        sample: &[u8],
        first: &mut u8,
        packet_number: &mut [u8],
    ) -> Result<(), Error> {
        self.xor_in_place(sample, first, packet_number, false)
    }

    fn decrypt_in_place(
        &self,
        sample: &[u8],
        first: &mut u8,
        packet_number: &mut [u8],
    ) -> Result<(), Error> {
        self.xor_in_place(sample, first, packet_number, true)
    }

    fn sample_len(&self) -> usize {
        crate::quic::SAMPLE_LEN
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::rustls::Side;
    use ::rustls::crypto::aws_lc_rs::cipher_suite as lc;
    use ::rustls::quic::{Keys, Version};

    fn tls13(s: SupportedCipherSuite) -> &'static Tls13CipherSuite {
        s.tls13().unwrap()
    }

    fn pairs() -> [(&'static Tls13CipherSuite, &'static Tls13CipherSuite); 3] {
        [
            (
                tls13(TLS13_AES_128_GCM_SHA256),
                tls13(lc::TLS13_AES_128_GCM_SHA256),
            ),
            (
                tls13(TLS13_AES_256_GCM_SHA384),
                tls13(lc::TLS13_AES_256_GCM_SHA384),
            ),
            (
                tls13(TLS13_CHACHA20_POLY1305_SHA256),
                tls13(lc::TLS13_CHACHA20_POLY1305_SHA256),
            ),
        ]
    }

    /// Hash, HMAC and HKDF give aws-lc's bytes.
    #[test]
    fn hash_and_hkdf_match_aws_lc() {
        for (ours, theirs) in pairs() {
            assert_eq!(ours.common.suite, theirs.common.suite);
            let (h1, h2) = (ours.common.hash_provider, theirs.common.hash_provider);
            assert_eq!(h1.algorithm(), h2.algorithm());
            assert_eq!(h1.output_len(), h2.output_len());
            assert_eq!(h1.hash(b"abc").as_ref(), h2.hash(b"abc").as_ref());
            let mut c = h1.start();
            c.update(b"ab");
            let fork = c.fork();
            assert_eq!(c.fork_finish().as_ref(), h2.hash(b"ab").as_ref());
            c.update(b"c");
            assert_eq!(c.finish().as_ref(), h2.hash(b"abc").as_ref());
            assert_eq!(fork.finish().as_ref(), h2.hash(b"ab").as_ref());

            let (k1, k2) = (ours.hkdf_provider, theirs.hkdf_provider);
            let e1 = k1.extract_from_secret(Some(b"salt"), b"secret");
            let e2 = k2.extract_from_secret(Some(b"salt"), b"secret");
            let (mut o1, mut o2) = ([0u8; 100], [0u8; 100]);
            e1.expand_slice(&[b"in", b"fo"], &mut o1).unwrap();
            e2.expand_slice(&[b"in", b"fo"], &mut o2).unwrap();
            assert_eq!(o1, o2);
            assert_eq!(e1.hash_len(), e2.hash_len());
            let z1 = k1.extract_from_zero_ikm(None).expand_block(&[b"x"]);
            let z2 = k2.extract_from_zero_ikm(None).expand_block(&[b"x"]);
            assert_eq!(z1.as_ref(), z2.as_ref());
            assert_eq!(
                k1.hmac_sign(&z1, b"msg").as_ref(),
                k2.hmac_sign(&z2, b"msg").as_ref()
            );
        }
    }

    /// QUIC packet protection and header protection give aws-lc's bytes, both ways.
    #[test]
    fn quic_keys_match_aws_lc() {
        let dcid = [0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08];
        // Initial keys (AES-128-GCM), derived through our HKDF.
        let (o, t) = pairs()[0];
        let ours = Keys::initial(Version::V1, o, o.quic.unwrap(), &dcid, Side::Client);
        let theirs = Keys::initial(Version::V1, t, t.quic.unwrap(), &dcid, Side::Server);
        check_packet(&*ours.local.packet, &*theirs.remote.packet);
        check_header(&*ours.local.header, &*theirs.remote.header);
        check_packet(&*theirs.local.packet, &*ours.remote.packet);
        // The 32-byte-key suites, from the same key and IV.
        for (o, t) in &pairs()[1..] {
            let (o, t) = (o.quic.unwrap(), t.quic.unwrap());
            assert_eq!(o.aead_key_len(), 32);
            let key = || AeadKey::from([0x42u8; 32]);
            let iv = || Iv::from([0x17u8; 12]);
            check_packet(&*o.packet_key(key(), iv()), &*t.packet_key(key(), iv()));
            check_packet(&*t.packet_key(key(), iv()), &*o.packet_key(key(), iv()));
            check_header(
                &*o.header_protection_key(key()),
                &*t.header_protection_key(key()),
            );
        }
    }

    fn check_packet(seal: &dyn quic::PacketKey, open: &dyn quic::PacketKey) {
        assert_eq!(seal.tag_len(), open.tag_len());
        assert_eq!(seal.integrity_limit(), open.integrity_limit());
        assert_eq!(seal.confidentiality_limit(), open.confidentiality_limit());
        let header = b"header bytes";
        let mut payload = *b"some QUIC frames";
        let tag = seal.encrypt_in_place(0x1234, header, &mut payload).unwrap();
        let mut sealed = payload.to_vec();
        sealed.extend_from_slice(tag.as_ref());
        let mut copy = sealed.clone();
        assert_eq!(
            open.decrypt_in_place(0x1234, header, &mut copy).unwrap(),
            b"some QUIC frames"
        );
        let mut copy = sealed.clone();
        assert!(open.decrypt_in_place(0x1235, header, &mut copy).is_err());
        let mut copy = sealed;
        *copy.last_mut().unwrap() ^= 1;
        assert!(open.decrypt_in_place(0x1234, header, &mut copy).is_err());
    }

    fn check_header(a: &dyn quic::HeaderProtectionKey, b: &dyn quic::HeaderProtectionKey) {
        assert_eq!(a.sample_len(), b.sample_len());
        for first in [0xc3u8, 0x41, 0x40] {
            let sample: [u8; 16] = core::array::from_fn(|i| (i as u8).wrapping_mul(29) ^ first);
            let (mut f1, mut f2) = (first, first);
            let (mut pn1, mut pn2) = ([1u8, 2, 3, 4], [1u8, 2, 3, 4]);
            a.encrypt_in_place(&sample, &mut f1, &mut pn1).unwrap();
            b.encrypt_in_place(&sample, &mut f2, &mut pn2).unwrap();
            assert_eq!((f1, pn1), (f2, pn2));
            b.decrypt_in_place(&sample, &mut f1, &mut pn1).unwrap();
            assert_eq!((f1, pn1), (first, [1, 2, 3, 4]));
            a.decrypt_in_place(&sample, &mut f2, &mut pn2).unwrap();
            assert_eq!((f2, pn2), (first, [1, 2, 3, 4]));
        }
        let (mut f, mut pn) = (0xc3u8, [0u8; 4]);
        assert!(a.encrypt_in_place(&[0; 15], &mut f, &mut pn).is_err());
        assert!(a.encrypt_in_place(&[0; 16], &mut f, &mut [0u8; 5]).is_err());
        assert_eq!((f, pn), (0xc3, [0; 4]));
    }
}
