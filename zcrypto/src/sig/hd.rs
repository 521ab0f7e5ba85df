//! Hierarchical deterministic key derivation for wallets: BIP-32 for secp256k1 and
//! SLIP-0010 for Ed25519.
//!
//! * [`ExtendedPrivateKey`] / [`ExtendedPublicKey`]: BIP-32 extended keys (key, chain
//!   code, depth, parent fingerprint, child number) with CKDpriv (hardened and normal),
//!   CKDpub (normal only) and `xprv` / `xpub` Base58Check serialisation (mainnet
//!   version bytes `0x0488ADE4` / `0x0488B21E`). They convert to this crate's
//!   [`ecdsa::SigningKey`] and [`ecdsa::VerifyingKey`].
//! * [`Slip10Ed25519Key`]: SLIP-0010 Ed25519 derivation, hardened children only; it
//!   converts to [`ed25519::SigningKey`].
//! * [`DerivationPath`] / [`ChildNumber`]: paths such as `m/44'/0'/0'/0/1`, with `'`,
//!   `h` or `H` marking hardened indices.
//!
//! Seeds must be 16 to 64 bytes (BIP-32's 128 to 512 bits); anything else is
//! [`Error::InvalidLength`] with `expected: 16`.
//!
//! BIP-32 derivation can fail, with probability below 2⁻¹²⁷, when `I_L ≥ n` or the
//! child key is 0 (or the point at infinity). This module does not skip silently: it
//! returns [`Error::InvalidKey`] and the caller should proceed with the next index, as
//! BIP-32 specifies.
//!
//! Error codes: a malformed path or child index is [`Error::InvalidEncoding`]; bad
//! Base58, a bad checksum or an unknown version is [`Error::InvalidEncoding`]; a
//! serialised key of the wrong length is [`Error::InvalidLength`] (expected 78); an
//! invalid key, a private/public mismatch or a depth-0 key with a parent fingerprint
//! or child number is [`Error::InvalidKey`]; a hardened index in CKDpub or a normal
//! index for Ed25519 is [`Error::UnsupportedAlgorithm`].
//!
//! ```
//! use zcrypto::sig::hd::{DerivationPath, ExtendedPrivateKey};
//! use zcrypto::sig::{Signer, Verifier};
//! let seed = [0x42u8; 32];
//! let path: DerivationPath = "m/44'/0'/0'/0/1".parse()?;
//! let account = ExtendedPrivateKey::from_seed(&seed)?.derive_path(&path)?;
//! let sk = account.signing_key()?;
//! let sig = sk.sign(b"pay 1 BTC")?;
//!
//! // A watch-only wallet derives the same public key from the parent xpub.
//! let parent = ExtendedPrivateKey::from_seed(&seed)?.derive_path(&"m/44'/0'/0'/0".parse()?)?;
//! let xpub = parent.public_key().to_xpub();
//! let watch = zcrypto::sig::hd::ExtendedPublicKey::from_xpub(&xpub)?;
//! let vk = watch.derive_child(1.try_into()?)?.verifying_key()?;
//! vk.verify(b"pay 1 BTC", &sig)?;
//! # Ok::<(), zcrypto::Error>(())
//! ```

use core::fmt;
use core::str::FromStr;

use k256::elliptic_curve::ff::PrimeField;
use k256::elliptic_curve::sec1::ToSec1Point;
use k256::{AffinePoint, ProjectivePoint, PublicKey, Scalar};
use ripemd::{Digest, Ripemd160};
use zeroize::{Zeroize, Zeroizing};

use crate::mac::{HmacAlg, hmac};
use crate::sig::secp256k1::ecdsa;
use crate::sig::{Encoding, Signer, ed25519};
use crate::{Error, hash};

/// The first hardened child index, 2³¹.
pub const HARDENED_OFFSET: u32 = 0x8000_0000;
/// Shortest accepted seed (128 bits).
pub const MIN_SEED_LEN: usize = 16;
/// Longest accepted seed (512 bits).
pub const MAX_SEED_LEN: usize = 64;
/// Length of a serialised extended key before Base58Check (BIP-32).
pub const EXTENDED_KEY_LEN: usize = 78;
/// Version bytes of a mainnet extended private key (`xprv`).
pub const XPRV_VERSION: [u8; 4] = [0x04, 0x88, 0xAD, 0xE4];
/// Version bytes of a mainnet extended public key (`xpub`).
pub const XPUB_VERSION: [u8; 4] = [0x04, 0x88, 0xB2, 0x1E];

const BIP32_SEED_KEY: &[u8] = b"Bitcoin seed";
const SLIP10_ED25519_SEED_KEY: &[u8] = b"ed25519 seed";

// ---------------------------------------------------------------------------------------
// ChildNumber and DerivationPath
// ---------------------------------------------------------------------------------------

/// A child index: normal (`0 ..= 2³¹−1`) or hardened (`2³¹ ..= 2³²−1`, written `i'`).
///
/// ```
/// use zcrypto::sig::hd::ChildNumber;
/// let h = ChildNumber::hardened(44)?;
/// assert!(h.is_hardened());
/// assert_eq!((h.index(), h.to_u32()), (44, 0x8000_002c));
/// assert_eq!(h.to_string(), "44'");
/// assert_eq!(ChildNumber::from(0x8000_002c), h);
/// assert!(ChildNumber::normal(1 << 31).is_err());
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChildNumber(u32);

impl ChildNumber {
    /// A normal child `index`; `index ≥ 2³¹` is [`Error::InvalidEncoding`].
    pub fn normal(index: u32) -> Result<ChildNumber, Error> {
        if index < HARDENED_OFFSET {
            Ok(ChildNumber(index))
        } else {
            Err(Error::InvalidEncoding)
        }
    }

    /// The hardened child `index'` (= `index + 2³¹`); `index ≥ 2³¹` is
    /// [`Error::InvalidEncoding`].
    pub fn hardened(index: u32) -> Result<ChildNumber, Error> {
        if index < HARDENED_OFFSET {
            Ok(ChildNumber(index | HARDENED_OFFSET))
        } else {
            Err(Error::InvalidEncoding)
        }
    }

    /// Whether this is a hardened index (≥ 2³¹).
    pub const fn is_hardened(self) -> bool {
        self.0 >= HARDENED_OFFSET
    }

    /// The index without the hardened bit.
    pub const fn index(self) -> u32 {
        self.0 & !HARDENED_OFFSET
    }

    /// The 32-bit value `ser32(i)` serialises (hardened bit included).
    pub const fn to_u32(self) -> u32 {
        self.0
    }
}

impl From<u32> for ChildNumber {
    /// The raw 32-bit child number (≥ 2³¹ means hardened).
    fn from(raw: u32) -> ChildNumber {
        ChildNumber(raw)
    }
}

impl TryFrom<i32> for ChildNumber {
    type Error = Error;
    /// A normal index from an integer literal; negative is [`Error::InvalidEncoding`].
    fn try_from(index: i32) -> Result<ChildNumber, Error> {
        u32::try_from(index)
            .map_err(|_| Error::InvalidEncoding)
            .and_then(ChildNumber::normal)
    }
}

impl fmt::Display for ChildNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_hardened() {
            write!(f, "{}'", self.index())
        } else {
            write!(f, "{}", self.index())
        }
    }
}

impl FromStr for ChildNumber {
    type Err = Error;
    /// `"7"` or `"7'"` / `"7h"` / `"7H"`: decimal digits only, no sign, no leading `+`,
    /// below 2³¹.
    fn from_str(s: &str) -> Result<ChildNumber, Error> {
        let (digits, hardened) = match s.strip_suffix(['\'', 'h', 'H']) {
            Some(d) => (d, true),
            None => (s, false),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::InvalidEncoding);
        }
        let index: u32 = digits.parse().map_err(|_| Error::InvalidEncoding)?;
        if hardened {
            ChildNumber::hardened(index)
        } else {
            ChildNumber::normal(index)
        }
    }
}

/// A BIP-32 derivation path such as `m/44'/0'/0'/0/1` (`'`, `h` or `H` mark hardened
/// indices). The path must start with `m`; `m` alone is the master key.
///
/// ```
/// use zcrypto::Error;
/// use zcrypto::sig::hd::{ChildNumber, DerivationPath};
/// let p: DerivationPath = "m/44h/0'/0'/0/1".parse()?;
/// assert_eq!(p.to_string(), "m/44'/0'/0'/0/1");
/// assert_eq!(p.as_slice()[4], ChildNumber::normal(1)?);
/// assert_eq!("m".parse::<DerivationPath>()?.as_slice(), &[]);
/// for bad in ["", "44'/0'", "m/", "m//1", "m/x", "m/-1", "m/2147483648", "m/1''", "M/1"] {
///     assert_eq!(bad.parse::<DerivationPath>(), Err(Error::InvalidEncoding), "{bad}");
/// }
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DerivationPath(Vec<ChildNumber>);

impl DerivationPath {
    /// The path's child numbers, from the master key down.
    pub fn as_slice(&self) -> &[ChildNumber] {
        &self.0
    }

    /// The path extended by one child.
    pub fn child(&self, child: ChildNumber) -> DerivationPath {
        let mut v = self.0.clone();
        v.push(child);
        DerivationPath(v)
    }
}

impl From<Vec<ChildNumber>> for DerivationPath {
    fn from(v: Vec<ChildNumber>) -> DerivationPath {
        DerivationPath(v)
    }
}

impl FromStr for DerivationPath {
    type Err = Error;
    fn from_str(s: &str) -> Result<DerivationPath, Error> {
        let mut parts = s.split('/');
        if parts.next() != Some("m") {
            return Err(Error::InvalidEncoding);
        }
        parts
            .map(ChildNumber::from_str)
            .collect::<Result<Vec<_>, _>>()
            .map(DerivationPath)
    }
}

impl fmt::Display for DerivationPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("m")?;
        for c in &self.0 {
            write!(f, "/{c}")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// HASH160 = RIPEMD-160(SHA-256(data)), the BIP-32 key identifier.
///
/// ```
/// // HASH160 of the empty string.
/// assert_eq!(
///     zcrypto::encoding::to_hex(&zcrypto::sig::hd::hash160(b"")),
///     "b472a266d0bd89c13706a4132ccfb16f7c3b9fcb"
/// );
/// ```
pub fn hash160(data: &[u8]) -> [u8; 20] {
    Ripemd160::digest(hash::sha256(data)).into()
}

fn check_seed(seed: &[u8]) -> Result<(), Error> {
    if (MIN_SEED_LEN..=MAX_SEED_LEN).contains(&seed.len()) {
        Ok(())
    } else {
        Err(Error::InvalidLength {
            expected: MIN_SEED_LEN,
            got: seed.len(),
        })
    }
}

/// HMAC-SHA512(key, data) split into (I_L, I_R), both zeroized on drop.
fn hmac_split(key: &[u8], data: &[u8]) -> (Zeroizing<[u8; 32]>, Zeroizing<[u8; 32]>) {
    let tag = hmac(HmacAlg::Sha512, key, data);
    let i = tag.as_bytes();
    let mut il = Zeroizing::new([0u8; 32]);
    let mut ir = Zeroizing::new([0u8; 32]);
    il.copy_from_slice(&i[..32]);
    ir.copy_from_slice(&i[32..]);
    (il, ir)
}

/// parse256(bytes) as a scalar; ≥ n is [`Error::InvalidKey`].
fn parse_scalar(bytes: &[u8; 32]) -> Result<Scalar, Error> {
    Option::from(Scalar::from_repr((*bytes).into())).ok_or(Error::InvalidKey)
}

/// parse256(bytes) as a private key: 0 or ≥ n is [`Error::InvalidKey`].
fn parse_secret(bytes: &[u8; 32]) -> Result<Scalar, Error> {
    let s = parse_scalar(bytes)?;
    if bool::from(s.is_zero()) {
        Err(Error::InvalidKey)
    } else {
        Ok(s)
    }
}

fn compress(point: &AffinePoint) -> Result<[u8; 33], Error> {
    // Rejects the point at infinity.
    let pk = PublicKey::from_affine(*point).map_err(|_| Error::InvalidKey)?;
    let mut out = [0u8; 33];
    out.copy_from_slice(pk.as_affine().to_sec1_point(true).as_bytes());
    Ok(out)
}

/// serP(point(k)) for a valid secret.
fn public_from_secret(secret: &[u8; 32]) -> Result<[u8; 33], Error> {
    let mut k = parse_secret(secret)?;
    let point = (ProjectivePoint::GENERATOR * k).to_affine();
    k.zeroize();
    compress(&point)
}

fn base58check_encode(payload: &[u8; EXTENDED_KEY_LEN]) -> Zeroizing<String> {
    let mut buf = Zeroizing::new([0u8; EXTENDED_KEY_LEN + 4]);
    buf[..EXTENDED_KEY_LEN].copy_from_slice(payload);
    let check = hash::sha256(&hash::sha256(payload));
    buf[EXTENDED_KEY_LEN..].copy_from_slice(&check[..4]);
    Zeroizing::new(bs58::encode(&buf[..]).into_string())
}

fn base58check_decode(s: &str) -> Result<Zeroizing<[u8; EXTENDED_KEY_LEN]>, Error> {
    let raw = Zeroizing::new(
        bs58::decode(s)
            .into_vec()
            .map_err(|_| Error::InvalidEncoding)?,
    );
    if raw.len() < 4 {
        return Err(Error::InvalidEncoding);
    }
    let (payload, check) = raw.split_at(raw.len() - 4);
    if hash::sha256(&hash::sha256(payload))[..4] != *check {
        return Err(Error::InvalidEncoding);
    }
    Error::check_len(EXTENDED_KEY_LEN, payload.len())?;
    let mut out = Zeroizing::new([0u8; EXTENDED_KEY_LEN]);
    out.copy_from_slice(payload);
    Ok(out)
}

/// The fields every BIP-32 serialisation shares.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Meta {
    depth: u8,
    parent_fingerprint: [u8; 4],
    child_number: ChildNumber,
}

impl Meta {
    const MASTER: Meta = Meta {
        depth: 0,
        parent_fingerprint: [0; 4],
        child_number: ChildNumber(0),
    };

    fn child(&self, parent_fingerprint: [u8; 4], child: ChildNumber) -> Result<Meta, Error> {
        Ok(Meta {
            // 255 levels deep is the most ser8(depth) can hold.
            depth: self.depth.checked_add(1).ok_or(Error::InvalidKey)?,
            parent_fingerprint,
            child_number: child,
        })
    }

    /// Parses bytes 4..45 of a serialised key (everything but version and key data).
    fn parse(raw: &[u8; EXTENDED_KEY_LEN]) -> Result<(Meta, [u8; 32]), Error> {
        let depth = raw[4];
        let mut parent_fingerprint = [0u8; 4];
        parent_fingerprint.copy_from_slice(&raw[5..9]);
        let child_number = ChildNumber(u32::from_be_bytes([raw[9], raw[10], raw[11], raw[12]]));
        if depth == 0 && (parent_fingerprint != [0; 4] || child_number.0 != 0) {
            return Err(Error::InvalidKey);
        }
        let mut chain_code = [0u8; 32];
        chain_code.copy_from_slice(&raw[13..45]);
        Ok((
            Meta {
                depth,
                parent_fingerprint,
                child_number,
            },
            chain_code,
        ))
    }

    fn write(&self, version: [u8; 4], chain_code: &[u8; 32], out: &mut [u8; EXTENDED_KEY_LEN]) {
        out[..4].copy_from_slice(&version);
        out[4] = self.depth;
        out[5..9].copy_from_slice(&self.parent_fingerprint);
        out[9..13].copy_from_slice(&self.child_number.0.to_be_bytes());
        out[13..45].copy_from_slice(chain_code);
    }
}

// ---------------------------------------------------------------------------------------
// BIP-32 extended private key
// ---------------------------------------------------------------------------------------

/// A BIP-32 extended private key for secp256k1. The key and chain code are zeroized on
/// drop; `Debug` shows only public data.
///
/// ```
/// use zcrypto::sig::hd::{ChildNumber, ExtendedPrivateKey};
/// let seed = zcrypto::encoding::from_hex("000102030405060708090a0b0c0d0e0f")?;
/// let m = ExtendedPrivateKey::from_seed(&seed)?;
/// assert_eq!(
///     m.to_xprv().as_str(),
///     "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
/// );
/// let child = m.derive_child(ChildNumber::hardened(0)?)?;
/// assert_eq!((child.depth(), child.parent_fingerprint()), (1, m.fingerprint()));
/// assert!(!format!("{m:?}").contains("e8f32e72"));
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone)]
pub struct ExtendedPrivateKey {
    key: Zeroizing<[u8; 32]>,
    chain_code: Zeroizing<[u8; 32]>,
    public: [u8; 33],
    meta: Meta,
}

impl ExtendedPrivateKey {
    /// The master key from a 16–64-byte seed: `I = HMAC-SHA512("Bitcoin seed", seed)`.
    /// A seed whose `I_L` is 0 or ≥ n is [`Error::InvalidKey`] (use another seed).
    pub fn from_seed(seed: &[u8]) -> Result<ExtendedPrivateKey, Error> {
        check_seed(seed)?;
        let (il, ir) = hmac_split(BIP32_SEED_KEY, seed);
        ExtendedPrivateKey::new(il, ir, Meta::MASTER)
    }

    fn new(
        key: Zeroizing<[u8; 32]>,
        chain_code: Zeroizing<[u8; 32]>,
        meta: Meta,
    ) -> Result<ExtendedPrivateKey, Error> {
        let public = public_from_secret(&key)?;
        Ok(ExtendedPrivateKey {
            key,
            chain_code,
            public,
            meta,
        })
    }

    /// CKDpriv: the child at `child` (hardened or normal). If `I_L ≥ n` or the child key
    /// is 0 (probability below 2⁻¹²⁷) this is [`Error::InvalidKey`]: per BIP-32 the
    /// caller should use the next index.
    ///
    /// ```
    /// use zcrypto::sig::hd::{ChildNumber, ExtendedPrivateKey};
    /// let m = ExtendedPrivateKey::from_seed(&[7; 32])?;
    /// let a = m.derive_child(ChildNumber::normal(3)?)?;
    /// // Normal children are also reachable from the public side.
    /// assert_eq!(m.public_key().derive_child(ChildNumber::normal(3)?)?, a.public_key());
    /// # Ok::<(), zcrypto::Error>(())
    /// ```
    pub fn derive_child(&self, child: ChildNumber) -> Result<ExtendedPrivateKey, Error> {
        let mut data = Zeroizing::new([0u8; 37]);
        if child.is_hardened() {
            data[1..33].copy_from_slice(&self.key[..]);
        } else {
            data[..33].copy_from_slice(&self.public);
        }
        data[33..].copy_from_slice(&child.0.to_be_bytes());
        let (il, ir) = hmac_split(&self.chain_code[..], &data[..]);
        let mut tweak = parse_scalar(&il)?;
        let mut parent = parse_secret(&self.key)?;
        let mut sum = tweak + parent;
        tweak.zeroize();
        parent.zeroize();
        if bool::from(sum.is_zero()) {
            return Err(Error::InvalidKey);
        }
        let key = Zeroizing::new(<[u8; 32]>::from(sum.to_repr()));
        sum.zeroize();
        let meta = self.meta.child(self.fingerprint(), child)?;
        ExtendedPrivateKey::new(key, ir, meta)
    }

    /// Derives every child along `path` from this key (normally the master key).
    pub fn derive_path(&self, path: &DerivationPath) -> Result<ExtendedPrivateKey, Error> {
        let mut key = self.clone();
        for &c in path.as_slice() {
            key = key.derive_child(c)?;
        }
        Ok(key)
    }

    /// The extended public key (N(k, c)): same chain code, depth and parent data.
    pub fn public_key(&self) -> ExtendedPublicKey {
        ExtendedPublicKey {
            key: self.public,
            chain_code: *self.chain_code,
            meta: self.meta,
        }
    }

    /// This key as an ECDSA signing key on the default backend.
    pub fn signing_key(&self) -> Result<ecdsa::SigningKey, Error> {
        ecdsa::SigningKey::from_seed(&self.key[..])
    }

    /// The 32-byte secret scalar (secret!).
    pub fn private_key_bytes(&self) -> Zeroizing<[u8; 32]> {
        self.key.clone()
    }

    /// The 32-byte chain code (secret: with a public child key it reveals siblings).
    pub fn chain_code(&self) -> Zeroizing<[u8; 32]> {
        self.chain_code.clone()
    }

    /// The 33-byte compressed public key.
    pub fn public_key_bytes(&self) -> &[u8; 33] {
        &self.public
    }

    /// Depth in the tree: 0 for the master key.
    pub fn depth(&self) -> u8 {
        self.meta.depth
    }

    /// The first 4 bytes of the parent's identifier (zero for the master key).
    pub fn parent_fingerprint(&self) -> [u8; 4] {
        self.meta.parent_fingerprint
    }

    /// The child number this key was derived with (0 for the master key).
    pub fn child_number(&self) -> ChildNumber {
        self.meta.child_number
    }

    /// The key identifier, HASH160 of the compressed public key.
    pub fn identifier(&self) -> [u8; 20] {
        hash160(&self.public)
    }

    /// The first 4 bytes of [`identifier`](Self::identifier).
    pub fn fingerprint(&self) -> [u8; 4] {
        let id = self.identifier();
        [id[0], id[1], id[2], id[3]]
    }

    /// The Base58Check `xprv…` string (secret!).
    pub fn to_xprv(&self) -> Zeroizing<String> {
        let mut raw = Zeroizing::new([0u8; EXTENDED_KEY_LEN]);
        self.meta.write(XPRV_VERSION, &self.chain_code, &mut raw);
        raw[46..].copy_from_slice(&self.key[..]);
        base58check_encode(&raw)
    }

    /// Parses an `xprv…` string with all BIP-32 checks (test vector 5): checksum, the
    /// `xprv` version, key data `0x00 ‖ k` with `k` in [1, n), and a depth-0 key with a
    /// zero parent fingerprint and child number.
    ///
    /// ```
    /// use zcrypto::Error;
    /// use zcrypto::sig::hd::ExtendedPrivateKey;
    /// let s = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
    /// assert_eq!(ExtendedPrivateKey::from_xprv(s)?.to_xprv().as_str(), s);
    /// let bad_checksum = s.replace("PHi", "PHL");
    /// assert_eq!(ExtendedPrivateKey::from_xprv(&bad_checksum).unwrap_err(), Error::InvalidEncoding);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_xprv(s: &str) -> Result<ExtendedPrivateKey, Error> {
        let raw = base58check_decode(s)?;
        let version: [u8; 4] = raw[..4].try_into().map_err(|_| Error::Internal)?;
        match version {
            XPRV_VERSION => {}
            XPUB_VERSION => return Err(Error::InvalidKey),
            _ => return Err(Error::InvalidEncoding),
        }
        let (meta, chain_code) = Meta::parse(&raw)?;
        let chain_code = Zeroizing::new(chain_code);
        if raw[45] != 0 {
            return Err(Error::InvalidKey);
        }
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&raw[46..]);
        ExtendedPrivateKey::new(key, chain_code, meta)
    }
}

impl FromStr for ExtendedPrivateKey {
    type Err = Error;
    /// [`ExtendedPrivateKey::from_xprv`].
    fn from_str(s: &str) -> Result<ExtendedPrivateKey, Error> {
        ExtendedPrivateKey::from_xprv(s)
    }
}

impl PartialEq for ExtendedPrivateKey {
    fn eq(&self, other: &Self) -> bool {
        use subtle::ConstantTimeEq;
        let secret_eq =
            self.key[..].ct_eq(&other.key[..]) & self.chain_code[..].ct_eq(&other.chain_code[..]);
        bool::from(secret_eq) && self.meta == other.meta
    }
}

impl Eq for ExtendedPrivateKey {}

impl fmt::Debug for ExtendedPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExtendedPrivateKey")
            .field("public_key", &crate::encoding::to_hex(&self.public))
            .field("depth", &self.meta.depth)
            .field(
                "parent_fingerprint",
                &crate::encoding::to_hex(&self.meta.parent_fingerprint),
            )
            .field("child_number", &self.meta.child_number)
            .finish_non_exhaustive()
    }
}

// ---------------------------------------------------------------------------------------
// BIP-32 extended public key
// ---------------------------------------------------------------------------------------

/// A BIP-32 extended public key for secp256k1 (compressed point, chain code, depth,
/// parent fingerprint, child number).
///
/// ```
/// use zcrypto::Error;
/// use zcrypto::sig::hd::{ChildNumber, ExtendedPrivateKey};
/// let xpub = ExtendedPrivateKey::from_seed(&[9; 16])?.public_key();
/// assert_eq!(
///     xpub.derive_child(ChildNumber::hardened(0)?).unwrap_err(),
///     Error::UnsupportedAlgorithm
/// );
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExtendedPublicKey {
    key: [u8; 33],
    chain_code: [u8; 32],
    meta: Meta,
}

impl fmt::Debug for Meta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Meta")
            .field("depth", &self.depth)
            .field(
                "parent_fingerprint",
                &crate::encoding::to_hex(&self.parent_fingerprint),
            )
            .field("child_number", &self.child_number)
            .finish()
    }
}

impl ExtendedPublicKey {
    /// CKDpub: the normal child at `child`. A hardened index is
    /// [`Error::UnsupportedAlgorithm`] (it needs the private key). If `I_L ≥ n` or the
    /// child is the point at infinity (probability below 2⁻¹²⁷) this is
    /// [`Error::InvalidKey`]: per BIP-32 the caller should use the next index.
    pub fn derive_child(&self, child: ChildNumber) -> Result<ExtendedPublicKey, Error> {
        if child.is_hardened() {
            return Err(Error::UnsupportedAlgorithm);
        }
        let mut data = [0u8; 37];
        data[..33].copy_from_slice(&self.key);
        data[33..].copy_from_slice(&child.0.to_be_bytes());
        let (il, ir) = hmac_split(&self.chain_code, &data);
        let tweak = parse_scalar(&il)?;
        let parent = PublicKey::from_sec1_bytes(&self.key).map_err(|_| Error::InvalidKey)?;
        let point = (ProjectivePoint::GENERATOR * tweak + parent.to_projective()).to_affine();
        Ok(ExtendedPublicKey {
            key: compress(&point)?,
            chain_code: *ir,
            meta: self.meta.child(self.fingerprint(), child)?,
        })
    }

    /// Derives every child along `path` (all indices must be normal).
    pub fn derive_path(&self, path: &DerivationPath) -> Result<ExtendedPublicKey, Error> {
        let mut key = *self;
        for &c in path.as_slice() {
            key = key.derive_child(c)?;
        }
        Ok(key)
    }

    /// This key as an ECDSA verifying key on the default backend.
    pub fn verifying_key(&self) -> Result<ecdsa::VerifyingKey, Error> {
        ecdsa::VerifyingKey::from_bytes(&self.key)
    }

    /// The 33-byte compressed public key.
    pub fn public_key_bytes(&self) -> &[u8; 33] {
        &self.key
    }

    /// The 32-byte chain code.
    pub fn chain_code(&self) -> &[u8; 32] {
        &self.chain_code
    }

    /// Depth in the tree: 0 for the master key.
    pub fn depth(&self) -> u8 {
        self.meta.depth
    }

    /// The first 4 bytes of the parent's identifier (zero for the master key).
    pub fn parent_fingerprint(&self) -> [u8; 4] {
        self.meta.parent_fingerprint
    }

    /// The child number this key was derived with (0 for the master key).
    pub fn child_number(&self) -> ChildNumber {
        self.meta.child_number
    }

    /// The key identifier, HASH160 of the compressed public key.
    pub fn identifier(&self) -> [u8; 20] {
        hash160(&self.key)
    }

    /// The first 4 bytes of [`identifier`](Self::identifier).
    pub fn fingerprint(&self) -> [u8; 4] {
        let id = self.identifier();
        [id[0], id[1], id[2], id[3]]
    }

    /// The Base58Check `xpub…` string.
    pub fn to_xpub(&self) -> String {
        let mut raw = [0u8; EXTENDED_KEY_LEN];
        self.meta.write(XPUB_VERSION, &self.chain_code, &mut raw);
        raw[45..].copy_from_slice(&self.key);
        base58check_encode(&raw).to_string()
    }

    /// Parses an `xpub…` string with all BIP-32 checks (test vector 5): checksum, the
    /// `xpub` version, key data a valid compressed point, and a depth-0 key with a zero
    /// parent fingerprint and child number.
    pub fn from_xpub(s: &str) -> Result<ExtendedPublicKey, Error> {
        let raw = base58check_decode(s)?;
        let version: [u8; 4] = raw[..4].try_into().map_err(|_| Error::Internal)?;
        match version {
            XPUB_VERSION => {}
            XPRV_VERSION => return Err(Error::InvalidKey),
            _ => return Err(Error::InvalidEncoding),
        }
        let (meta, chain_code) = Meta::parse(&raw)?;
        if !matches!(raw[45], 0x02 | 0x03) {
            return Err(Error::InvalidKey);
        }
        let mut key = [0u8; 33];
        key.copy_from_slice(&raw[45..]);
        PublicKey::from_sec1_bytes(&key).map_err(|_| Error::InvalidKey)?;
        Ok(ExtendedPublicKey {
            key,
            chain_code,
            meta,
        })
    }
}

impl FromStr for ExtendedPublicKey {
    type Err = Error;
    /// [`ExtendedPublicKey::from_xpub`].
    fn from_str(s: &str) -> Result<ExtendedPublicKey, Error> {
        ExtendedPublicKey::from_xpub(s)
    }
}

impl fmt::Display for ExtendedPublicKey {
    /// The `xpub…` string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_xpub())
    }
}

// ---------------------------------------------------------------------------------------
// SLIP-0010 Ed25519
// ---------------------------------------------------------------------------------------

/// A SLIP-0010 Ed25519 extended private key: 32-byte seed-style private key, chain code,
/// depth, parent fingerprint, child number. Only hardened children exist. Zeroized on
/// drop; `Debug` shows only public data.
///
/// ```
/// use zcrypto::Error;
/// use zcrypto::sig::Signer;
/// use zcrypto::sig::hd::{ChildNumber, Slip10Ed25519Key};
/// let seed = zcrypto::encoding::from_hex("000102030405060708090a0b0c0d0e0f")?;
/// let m = Slip10Ed25519Key::from_seed(&seed)?;
/// let k = m.derive_path(&"m/0'".parse()?)?;
/// assert_eq!(
///     zcrypto::encoding::to_hex(&k.private_key_bytes()[..]),
///     "68e0fe46dfb67e368c75379acec591dad19df3cde26e63b93a8e704f1dade7a3"
/// );
/// assert_eq!(k.public_key_bytes()[0], 0x00);
/// assert_eq!(&k.public_key_bytes()[1..], &k.signing_key()?.verifying_key().as_bytes()[..]);
/// assert_eq!(m.derive_child(ChildNumber::normal(0)?).unwrap_err(), Error::UnsupportedAlgorithm);
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct Slip10Ed25519Key {
    key: Zeroizing<[u8; 32]>,
    chain_code: Zeroizing<[u8; 32]>,
    public: [u8; 32],
    meta: Meta,
}

impl Slip10Ed25519Key {
    /// The master key from a 16–64-byte seed: `I = HMAC-SHA512("ed25519 seed", seed)`
    /// (every `I_L` is a valid Ed25519 key).
    pub fn from_seed(seed: &[u8]) -> Result<Slip10Ed25519Key, Error> {
        check_seed(seed)?;
        let (il, ir) = hmac_split(SLIP10_ED25519_SEED_KEY, seed);
        Slip10Ed25519Key::new(il, ir, Meta::MASTER)
    }

    fn new(
        key: Zeroizing<[u8; 32]>,
        chain_code: Zeroizing<[u8; 32]>,
        meta: Meta,
    ) -> Result<Slip10Ed25519Key, Error> {
        let vk = ed25519::SigningKey::from_seed(&key[..])?.verifying_key();
        Ok(Slip10Ed25519Key {
            key,
            chain_code,
            public: *vk.as_bytes(),
            meta,
        })
    }

    /// The hardened child at `child`; a normal index is [`Error::UnsupportedAlgorithm`]
    /// (SLIP-0010 defines no normal derivation for Ed25519).
    pub fn derive_child(&self, child: ChildNumber) -> Result<Slip10Ed25519Key, Error> {
        if !child.is_hardened() {
            return Err(Error::UnsupportedAlgorithm);
        }
        let mut data = Zeroizing::new([0u8; 37]);
        data[1..33].copy_from_slice(&self.key[..]);
        data[33..].copy_from_slice(&child.0.to_be_bytes());
        let (il, ir) = hmac_split(&self.chain_code[..], &data[..]);
        let meta = self.meta.child(self.fingerprint(), child)?;
        Slip10Ed25519Key::new(il, ir, meta)
    }

    /// Derives every child along `path` (all indices must be hardened).
    pub fn derive_path(&self, path: &DerivationPath) -> Result<Slip10Ed25519Key, Error> {
        let mut key = self.clone();
        for &c in path.as_slice() {
            key = key.derive_child(c)?;
        }
        Ok(key)
    }

    /// This key as an Ed25519 signing key on the default backend.
    pub fn signing_key(&self) -> Result<ed25519::SigningKey, Error> {
        ed25519::SigningKey::from_seed(&self.key[..])
    }

    /// The 32-byte private key (the Ed25519 seed; secret!).
    pub fn private_key_bytes(&self) -> Zeroizing<[u8; 32]> {
        self.key.clone()
    }

    /// The 32-byte chain code (secret).
    pub fn chain_code(&self) -> Zeroizing<[u8; 32]> {
        self.chain_code.clone()
    }

    /// SLIP-0010's serP for Ed25519: `0x00 ‖ public key` (33 bytes).
    pub fn public_key_bytes(&self) -> [u8; 33] {
        let mut out = [0u8; 33];
        out[1..].copy_from_slice(&self.public);
        out
    }

    /// The Ed25519 verifying key.
    pub fn verifying_key(&self) -> Result<ed25519::VerifyingKey, Error> {
        ed25519::VerifyingKey::from_bytes(&self.public)
    }

    /// Depth in the tree: 0 for the master key.
    pub fn depth(&self) -> u8 {
        self.meta.depth
    }

    /// The first 4 bytes of the parent's identifier (zero for the master key).
    pub fn parent_fingerprint(&self) -> [u8; 4] {
        self.meta.parent_fingerprint
    }

    /// The child number this key was derived with (0 for the master key).
    pub fn child_number(&self) -> ChildNumber {
        self.meta.child_number
    }

    /// The first 4 bytes of HASH160(`0x00 ‖ public key`).
    pub fn fingerprint(&self) -> [u8; 4] {
        let id = hash160(&self.public_key_bytes());
        [id[0], id[1], id[2], id[3]]
    }
}

impl fmt::Debug for Slip10Ed25519Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Slip10Ed25519Key")
            .field("public_key", &crate::encoding::to_hex(&self.public))
            .field("depth", &self.meta.depth)
            .field(
                "parent_fingerprint",
                &crate::encoding::to_hex(&self.meta.parent_fingerprint),
            )
            .field("child_number", &self.meta.child_number)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_length_bounds() {
        for len in [0, 15, 65, 100] {
            assert_eq!(
                ExtendedPrivateKey::from_seed(&vec![1; len]).unwrap_err(),
                Error::InvalidLength {
                    expected: MIN_SEED_LEN,
                    got: len
                }
            );
            assert!(Slip10Ed25519Key::from_seed(&vec![1; len]).is_err());
        }
        for len in [16, 32, 64] {
            ExtendedPrivateKey::from_seed(&vec![1; len]).unwrap();
            Slip10Ed25519Key::from_seed(&vec![1; len]).unwrap();
        }
    }

    #[test]
    fn il_out_of_range_is_invalid_key() {
        assert_eq!(parse_scalar(&[0xff; 32]).unwrap_err(), Error::InvalidKey);
        assert_eq!(parse_secret(&[0; 32]).unwrap_err(), Error::InvalidKey);
        assert!(parse_secret(&[1; 32]).is_ok());
    }

    #[test]
    fn signing_key_matches_public_key() {
        let k = ExtendedPrivateKey::from_seed(&[3; 32])
            .unwrap()
            .derive_path(&"m/1/2'".parse().unwrap())
            .unwrap();
        let sk = k.signing_key().unwrap();
        assert_eq!(sk.verifying_key().as_bytes(), k.public_key_bytes());
        assert_eq!(k.public_key().verifying_key().unwrap(), sk.verifying_key());
    }

    #[test]
    fn depth_overflow_is_rejected() {
        let mut k = ExtendedPrivateKey::from_seed(&[3; 32]).unwrap();
        k.meta.depth = 255;
        assert_eq!(
            k.derive_child(ChildNumber::normal(0).unwrap()).unwrap_err(),
            Error::InvalidKey
        );
    }
}
