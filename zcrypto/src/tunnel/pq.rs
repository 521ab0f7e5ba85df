//! Post-quantum hybrid mode: an ML-KEM-768 key exchange whose output is the pre-shared
//! key of the next WireGuard handshake, in the spirit of Rosenpass and PQ-WireGuard.
//!
//! WireGuard's handshake rests on X25519, which a large quantum computer breaks — and
//! traffic recorded today can be decrypted then ("harvest now, decrypt later"). Its
//! Noise `IKpsk2` pattern has one post-quantum hook: the 32-byte pre-shared key mixed
//! into the chaining key before the transport keys are derived. This module fills that
//! hook with a fresh secret from a post-quantum key exchange, repeated on a timer, and a
//! [`Peer`](super::Peer) configured with
//! [`PeerConfig::with_post_quantum`](super::PeerConfig::with_post_quantum) refuses every
//! WireGuard handshake that lacks one.
//!
//! ## The exchange
//! Each peer has a static ML-KEM-768 key pair and knows the other's encapsulation key
//! ([`PqConfig`]), next to the X25519 keys WireGuard already uses. The initiator `I`
//! talks to the responder `R`:
//!
//! ```text
//! I → R  init     (0x81, 2308 B): sender index, TAI64N, ek_e, ct_r = Encaps(ek_R), mac
//! R → I  response (0x82, 2220 B): sender and receiver index, ct_e = Encaps(ek_e),
//!                                 ct_i = Encaps(ek_I), tag_R, mac
//! I → R  confirm  (0x83,   24 B): receiver index, tag_I
//! ```
//!
//! `ek_e` is a fresh ephemeral ML-KEM-768 key pair of the initiator. Both sides compute
//!
//! ```text
//! d_init           = HASH(init up to mac)
//! d_resp           = HASH(response up to tag_R)
//! h                = HASH(HASH(LABEL ‖ HASH(ek_I) ‖ HASH(ek_R) ‖ d_init) ‖ d_resp)
//! (psk, k_R, k_I)  = KDF3(h, ss_r ‖ ss_e ‖ ss_i ‖ configured pre-shared key)
//! tag_R = MAC(k_R, h)      tag_I = MAC(k_I, h)
//! ```
//!
//! with `HASH` BLAKE2s, `KDF3` HKDF-BLAKE2s and `MAC` keyed BLAKE2s-128, the WireGuard
//! primitives (`tunnel/crypto.rs`). The initiator adopts `psk` when `tag_R`
//! verifies and sends the confirmation; the responder adopts it when `tag_I` verifies.
//! The init and the response also end in a `mac`, keyed by
//! `HASH(LABEL ‖ X25519(s_I, s_R) ‖ receiver's X25519 public key)`, over the message
//! digest: `MAC(key, d_init)` for the init, `MAC(key, d_resp ‖ tag_R)` for the
//! response (so it covers every byte before it, through BLAKE2s's collision
//! resistance). It is checked before any ML-KEM work, so junk and forgeries from anyone
//! without a WireGuard static key of the pair are dropped for the price of one BLAKE2s
//! pass over the message — and the digest computed for the check is the one the
//! transcript uses, so each side hashes each large message once (version 1 of this
//! exchange, with `v1` labels, hashed both 2.2 kB messages twice on each side: a
//! quarter of the exchange's instructions; the sizes and layouts did not change, the
//! labels now say `v2`).
//! The init's TAI64N timestamp must strictly increase, as in WireGuard, so a replayed
//! init is refused.
//!
//! **Why three messages.** With two (init, response) the responder would have to adopt
//! the psk as soon as it answers — on the strength of an init that anyone holding the
//! responder's public keys can produce. A forged or replayed init would then silently
//! replace the psk with one the real initiator does not have, and every WireGuard
//! handshake would fail until the next rotation. With the confirmation, a psk replaces
//! another only after both ends proved they derived it.
//!
//! ## How the psk is used
//! A PQ peer keeps two psks: the one from the latest exchange **it initiated** (used when
//! it initiates a WireGuard handshake) and the one from the latest exchange **the peer
//! initiated** (used when it answers a WireGuard initiation). The WireGuard initiator
//! thereby always runs with the psk of its own last exchange, and exchanges started by
//! both sides at once cannot leave the two ends holding different keys. A peer starts an
//! exchange before its first WireGuard initiation, and again once its psk is
//! [`PqConfig::with_rotation`] old (default [`PQ_ROTATION_TIME`], 120 s, checked from
//! [`Peer::tick`](super::Peer::tick)) if it initiated the current session and sent data
//! since — an idle tunnel does not rotate, as WireGuard does not rekey an idle session —
//! or when it starts any handshake with a psk that old; the following WireGuard handshake uses the new psk
//! and the replaced one is zeroized. A psk is never used for new handshakes once it is
//! twice the rotation interval old, and is erased then. No WireGuard initiation is sent
//! while an exchange is in flight, so the responder never answers with a psk the
//! initiator does not have yet. If the confirmation is lost, the initiator resends it
//! before each WireGuard initiation until one completes.
//!
//! **Key confirmation.** `tag_R` proves to the initiator that the responder derived the
//! same `psk`; `tag_I` proves it to the responder. The WireGuard handshake that follows
//! confirms it once more: the psk enters IKpsk2's chaining key before the response's
//! empty AEAD, so a mismatched psk fails that AEAD ([`Error::DecryptionFailed`]) and no
//! session comes up.
//!
//! ## Security argument (informal)
//! * **Confidentiality of psk.** `ss_r` is known only to holders of `dk_R` and `ss_i` only
//!   to holders of `dk_I` (ML-KEM-768 is IND-CCA2), so `psk` is known only to the two
//!   configured peers: mutual authentication from the static KEM keys. `tag_R` (keyed
//!   through `ss_r`) and `tag_I` (through `ss_i`) make it explicit, so a forged or
//!   replayed response or confirmation never replaces a psk.
//! * **Forward secrecy.** `ss_e` needs the ephemeral `dk_e`, dropped (and zeroized) as
//!   soon as the response is processed; later theft of both static keys does not reveal
//!   a past psk. Old psks are zeroized when replaced or at twice the rotation interval,
//!   WireGuard's transport keys as before (at most 3 × 180 s).
//! * **Hybrid.** The session keys come from IKpsk2, whose chaining key mixes the X25519
//!   results and then `psk`: an attacker must break X25519 (classical security, as plain
//!   WireGuard) *and* learn `psk` (post-quantum security from ML-KEM-768). The configured
//!   classical pre-shared key is mixed into `psk`, so it still counts.
//! * **No downgrade.** A PQ peer has no code path that sends or answers a WireGuard
//!   handshake with a psk not derived by this exchange: without one, initiating is
//!   [`Error::PolicyNotSatisfied`] (and [`Peer::tick`](super::Peer::tick) sends a PQ init
//!   instead), answering a WireGuard initiation is [`Error::PolicyNotSatisfied`]. A peer
//!   that does not speak this mode (or an attacker stripping its messages) gets no
//!   session at all, never a classical-only one.
//! * **What it does not give.** The `mac` keys and the initiation's static-key
//!   encryption are X25519-based, so a quantum attacker can later learn *who* talked
//!   (the initiator's static public key) and can forge a `mac` to make a peer do ML-KEM
//!   work — denial of service, not key compromise. The TAI64N timestamp is in the clear.
//!
//! ## Sizes and limits
//! The init and response exceed a 1500-byte MTU: they rely on IP fragmentation (or a
//! transport that carries large datagrams), as Rosenpass does. There is no cookie reply
//! for PQ messages under load, and a peer keeps one unconfirmed response at a time (a
//! newer init replaces it).

use core::fmt;
use core::time::Duration;
use std::sync::Arc;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::crypto::{self, Key};
use super::noise::{self, TIMESTAMP_LEN};
use crate::Error;
use crate::kem::{
    DecapsulationKey, EncapsulationKey, EphemeralDecapsulationKey, MlKem, SharedSecret,
};
use crate::x25519::{PublicKey, SecretKey};

/// Message type of a PQ init (outside WireGuard's 1–4).
pub const TYPE_PQ_INIT: u8 = 0x81;
/// Message type of a PQ response.
pub const TYPE_PQ_RESPONSE: u8 = 0x82;
/// Message type of a PQ confirmation.
pub const TYPE_PQ_CONFIRM: u8 = 0x83;

const PARAMS: MlKem = MlKem::MlKem768;
const EK_LEN: usize = PARAMS.encapsulation_key_len();
const CT_LEN: usize = PARAMS.ciphertext_len();
const MAC_LEN: usize = 16;

// Init: type ‖ 3 reserved ‖ sender ‖ TAI64N ‖ ek_e ‖ ct_r ‖ mac.
const I_SENDER: usize = 4;
const I_TIMESTAMP: usize = 8;
const I_EK: usize = I_TIMESTAMP + TIMESTAMP_LEN;
const I_CT: usize = I_EK + EK_LEN;
const I_MAC: usize = I_CT + CT_LEN;
/// Length of a PQ init: 2308 bytes.
pub const PQ_INIT_LEN: usize = I_MAC + MAC_LEN;

// Response: type ‖ 3 reserved ‖ sender ‖ receiver ‖ ct_e ‖ ct_i ‖ tag_R ‖ mac.
const R_SENDER: usize = 4;
const R_RECEIVER: usize = 8;
const R_CT_E: usize = 12;
const R_CT_I: usize = R_CT_E + CT_LEN;
const R_TAG: usize = R_CT_I + CT_LEN;
const R_MAC: usize = R_TAG + MAC_LEN;
/// Length of a PQ response: 2220 bytes.
pub const PQ_RESPONSE_LEN: usize = R_MAC + MAC_LEN;

// Confirm: type ‖ 3 reserved ‖ receiver ‖ tag_I.
const C_RECEIVER: usize = 4;
const C_TAG: usize = 8;
/// Length of a PQ confirmation: 24 bytes.
pub const PQ_CONFIRM_LEN: usize = C_TAG + MAC_LEN;

/// Default interval after which a peer replaces the psk of its own exchange (120 s,
/// WireGuard's `REKEY_AFTER_TIME`, so every rekey gets a fresh psk).
pub const PQ_ROTATION_TIME: Duration = Duration::from_secs(120);

/// Domain separation of the transcript hash.
const LABEL_TRANSCRIPT: &[u8] = b"zcrypto tunnel pq v2 ML-KEM-768 psk";
/// Domain separation of the `mac` keys.
const LABEL_MAC: &[u8] = b"zcrypto tunnel pq v2 mac";
/// Domain separation of the static encapsulation key hashes.
const LABEL_EK: &[u8] = b"zcrypto tunnel pq v2 ek";

/// The post-quantum half of a [`PeerConfig`](super::PeerConfig): our static ML-KEM-768
/// key pair, the peer's static encapsulation key, and the psk rotation interval.
///
/// Both peers must be configured with each other's key; exchange the 1184-byte
/// encapsulation keys as you exchange WireGuard public keys.
///
/// ```
/// use zcrypto::kem::{DecapsulationKey, MlKem};
/// use zcrypto::tunnel::PqConfig;
/// let ours = DecapsulationKey::generate(MlKem::MlKem768)?;
/// let theirs = DecapsulationKey::generate(MlKem::MlKem768)?;
/// let config = PqConfig::new(ours, theirs.encapsulation_key().clone())?;
/// assert_eq!(config.public_key().as_bytes().len(), 1184);
/// // Only ML-KEM-768 is accepted.
/// let small = DecapsulationKey::generate(MlKem::MlKem512)?;
/// assert!(PqConfig::new(small, theirs.encapsulation_key().clone()).is_err());
/// # Ok::<(), zcrypto::Error>(())
/// ```
#[derive(Clone)]
pub struct PqConfig {
    static_key: Arc<DecapsulationKey>,
    peer_static: EncapsulationKey,
    rotation: Duration,
}

impl PqConfig {
    /// Our static key pair and the peer's static encapsulation key, both ML-KEM-768
    /// (anything else is [`Error::UnsupportedAlgorithm`]), rotating every
    /// [`PQ_ROTATION_TIME`].
    pub fn new(
        static_key: DecapsulationKey,
        peer_static: EncapsulationKey,
    ) -> Result<PqConfig, Error> {
        if static_key.params() != PARAMS || peer_static.params() != PARAMS {
            return Err(Error::UnsupportedAlgorithm);
        }
        Ok(PqConfig {
            static_key: Arc::new(static_key),
            peer_static,
            rotation: PQ_ROTATION_TIME,
        })
    }

    /// Replaces our psk after `interval` (at least one second). A psk is used for new
    /// handshakes for at most twice this.
    pub fn with_rotation(mut self, interval: Duration) -> PqConfig {
        self.rotation = interval.max(Duration::from_secs(1));
        self
    }

    /// Our static encapsulation key, for the peer's configuration.
    pub fn public_key(&self) -> &EncapsulationKey {
        self.static_key.encapsulation_key()
    }

    /// The rotation interval.
    pub fn rotation(&self) -> Duration {
        self.rotation
    }
}

impl fmt::Debug for PqConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PqConfig")
            .field("peer_static", &self.peer_static)
            .field("rotation", &self.rotation)
            .finish_non_exhaustive()
    }
}

/// A psk and when it was derived.
pub(crate) struct Psk {
    pub(crate) key: Key,
    pub(crate) born: Duration,
}

/// Our init awaiting its response.
pub(crate) struct PendingInit {
    index: u32,
    /// The ephemeral key pair (never exportable); dropped (zeroized) with this struct.
    ephemeral: EphemeralDecapsulationKey,
    ss_r: SharedSecret,
    /// HASH(LABEL ‖ HASH(ek_I) ‖ HASH(ek_R) ‖ HASH(init without mac)).
    h: [u8; 32],
    pub(crate) sent: Duration,
    pub(crate) first: Duration,
}

/// The psk of a response we sent, awaiting the initiator's confirmation.
struct Candidate {
    index: u32,
    psk: Key,
    tag: [u8; MAC_LEN],
    born: Duration,
}

/// The post-quantum state of one [`Peer`](super::Peer).
pub(crate) struct PqState {
    local: Arc<DecapsulationKey>,
    remote: EncapsulationKey,
    pub(crate) rotation: Duration,
    local_hash: [u8; 32],
    remote_hash: [u8; 32],
    /// `mac` keys for messages to us and from us; `None` if X25519 with the peer's
    /// static key fails (then WireGuard fails as well).
    mac_in: Option<Key>,
    mac_out: Option<Key>,
    classical_psk: Key,
    /// From the latest exchange we initiated: used when we initiate WireGuard.
    pub(crate) init_psk: Option<Psk>,
    /// From the latest exchange the peer initiated: used when we respond.
    pub(crate) resp_psk: Option<Psk>,
    pub(crate) pending: Option<PendingInit>,
    candidate: Option<Candidate>,
    /// The last confirmation accepted (receiver index, tag), to name duplicates.
    confirmed: Option<(u32, [u8; MAC_LEN])>,
    /// Our confirmation, resent before WireGuard initiations until one completes.
    pub(crate) unconfirmed: Option<[u8; PQ_CONFIRM_LEN]>,
    /// Whether `unconfirmed` went out right before the next WireGuard initiation.
    pub(crate) confirm_sent: bool,
    /// Whether data was sent since `init_psk` was derived (an idle tunnel does not
    /// rotate, as WireGuard does not rekey an idle session).
    pub(crate) data_since_psk: bool,
    last_timestamp: Option<[u8; TIMESTAMP_LEN]>,
    last_own_timestamp: Option<Duration>,
}

fn ek_hash(ek: &EncapsulationKey) -> [u8; 32] {
    crypto::hash(&[LABEL_EK, ek.as_bytes()])
}

fn le32(b: &[u8]) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[..4]);
    u32::from_le_bytes(a)
}

/// `(psk, k_R, k_I) = KDF3(h, ss_r ‖ ss_e ‖ ss_i ‖ classical psk)`.
fn derive(
    h: &[u8; 32],
    ss_r: &SharedSecret,
    ss_e: &SharedSecret,
    ss_i: &SharedSecret,
    classical: &Key,
) -> [Key; 3] {
    let mut ikm = Zeroizing::new([0u8; 128]);
    ikm[..32].copy_from_slice(ss_r.as_bytes());
    ikm[32..64].copy_from_slice(ss_e.as_bytes());
    ikm[64..96].copy_from_slice(ss_i.as_bytes());
    ikm[96..].copy_from_slice(&classical[..]);
    crypto::kdf::<3>(h, &ikm[..])
}

/// `h_init = HASH(LABEL ‖ HASH(ek_I) ‖ HASH(ek_R) ‖ HASH(init up to mac))`.
fn init_transcript(
    initiator_hash: &[u8; 32],
    responder_hash: &[u8; 32],
    init_digest: &[u8; 32],
) -> [u8; 32] {
    crypto::hash(&[
        LABEL_TRANSCRIPT,
        initiator_hash,
        responder_hash,
        init_digest,
    ])
}

/// A message's `mac`: `MAC(key, digest ‖ msg[signed..at])`, where `digest` is the hash
/// of `msg[..signed]` (the init: everything before the mac; the response: everything
/// before tag_R, which then follows in the clear).
fn message_mac(
    key: &Key,
    digest: &[u8; 32],
    msg: &[u8],
    signed: usize,
    at: usize,
) -> [u8; MAC_LEN] {
    let trailer = &msg[signed..at];
    let mut input = [0u8; 32 + MAC_LEN];
    input[..32].copy_from_slice(digest);
    input[32..32 + trailer.len()].copy_from_slice(trailer);
    crypto::mac(&key[..], &input[..32 + trailer.len()])
}

fn check_len(msg: &[u8], expected: usize) -> Result<(), Error> {
    if msg.len() == expected {
        Ok(())
    } else {
        Err(Error::InvalidLength {
            expected,
            got: msg.len(),
        })
    }
}

fn room(out: &[u8], needed: usize) -> Result<(), Error> {
    if out.len() < needed {
        return Err(Error::BufferTooSmall {
            needed,
            got: out.len(),
        });
    }
    Ok(())
}

impl PqState {
    /// The state for a peer whose WireGuard keys are `local` / `remote`.
    pub(crate) fn new(
        config: &PqConfig,
        local: &SecretKey,
        remote: &PublicKey,
        classical_psk: &Key,
    ) -> PqState {
        let (mac_in, mac_out) = match local.diffie_hellman(remote) {
            Ok(dh) => {
                let key = |receiver: &PublicKey| {
                    Zeroizing::new(crypto::hash(&[
                        LABEL_MAC,
                        dh.as_bytes(),
                        receiver.as_bytes(),
                    ]))
                };
                (Some(key(&local.public_key())), Some(key(remote)))
            }
            Err(_) => (None, None),
        };
        PqState {
            local_hash: ek_hash(config.static_key.encapsulation_key()),
            remote_hash: ek_hash(&config.peer_static),
            local: Arc::clone(&config.static_key),
            remote: config.peer_static.clone(),
            rotation: config.rotation,
            mac_in,
            mac_out,
            classical_psk: classical_psk.clone(),
            init_psk: None,
            resp_psk: None,
            pending: None,
            candidate: None,
            confirmed: None,
            unconfirmed: None,
            confirm_sent: false,
            data_since_psk: false,
            last_timestamp: None,
            last_own_timestamp: None,
        }
    }

    /// How long a psk serves new handshakes: twice the rotation interval.
    fn lifetime(&self) -> Duration {
        self.rotation.saturating_mul(2)
    }

    /// The psk for a WireGuard initiation, if we hold one young enough.
    pub(crate) fn initiator_psk(&self, now: Duration) -> Option<&Key> {
        self.init_psk
            .as_ref()
            .filter(|p| now.saturating_sub(p.born) < self.lifetime())
            .map(|p| &p.key)
    }

    /// The psk for answering a WireGuard initiation, if we hold one young enough.
    pub(crate) fn responder_psk(&self, now: Duration) -> Option<&Key> {
        self.resp_psk
            .as_ref()
            .filter(|p| now.saturating_sub(p.born) < self.lifetime())
            .map(|p| &p.key)
    }

    /// Whether our psk is missing or at least the rotation interval old.
    pub(crate) fn rotation_due(&self, now: Duration) -> bool {
        self.init_psk
            .as_ref()
            .is_none_or(|p| now.saturating_sub(p.born) >= self.rotation)
    }

    /// Whether we hold a psk of our own that is due for rotation, and sent data since
    /// it was derived.
    pub(crate) fn held_psk_due(&self, now: Duration) -> bool {
        self.init_psk.is_some() && self.data_since_psk && self.rotation_due(now)
    }

    /// Erases psks past their lifetime and a stale unconfirmed response.
    pub(crate) fn expire(&mut self, now: Duration) {
        let life = self.lifetime();
        let old = |p: &Option<Psk>| {
            p.as_ref()
                .is_some_and(|p| now.saturating_sub(p.born) >= life)
        };
        if old(&self.init_psk) {
            self.init_psk = None;
            self.unconfirmed = None;
        }
        if old(&self.resp_psk) {
            self.resp_psk = None;
        }
        if self
            .candidate
            .as_ref()
            .is_some_and(|c| now.saturating_sub(c.born) >= super::REKEY_ATTEMPT_TIME)
        {
            self.candidate = None;
        }
    }

    /// Erases every derived key (the configured keys stay).
    pub(crate) fn clear(&mut self) {
        self.init_psk = None;
        self.resp_psk = None;
        self.pending = None;
        self.candidate = None;
        self.unconfirmed = None;
        self.confirm_sent = false;
    }

    fn mac_key(key: &Option<Key>) -> Result<&Key, Error> {
        key.as_ref().ok_or(Error::WeakKey)
    }

    /// Checks the `mac` at `at` (covering everything before it; `digest` is the hash of
    /// `msg[..signed]`, see [`message_mac`]) in constant time.
    fn check_mac(
        &self,
        msg: &[u8],
        digest: &[u8; 32],
        signed: usize,
        at: usize,
    ) -> Result<(), Error> {
        let expected = message_mac(Self::mac_key(&self.mac_in)?, digest, msg, signed, at);
        if crypto::mac_eq(&expected, &msg[at..at + MAC_LEN]) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    fn add_mac(
        &self,
        msg: &mut [u8],
        digest: &[u8; 32],
        signed: usize,
        at: usize,
    ) -> Result<(), Error> {
        let mac = message_mac(Self::mac_key(&self.mac_out)?, digest, msg, signed, at);
        msg[at..at + MAC_LEN].copy_from_slice(&mac);
        Ok(())
    }

    /// Writes a new init with sender `index` into `out` (at least [`PQ_INIT_LEN`]) and
    /// makes it the pending one (keeping the time of the first attempt).
    pub(crate) fn create_init(
        &mut self,
        now: Duration,
        index: u32,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        room(out, PQ_INIT_LEN)?;
        let stamp = match self.last_own_timestamp {
            Some(last) if now <= last => last + Duration::from_nanos(1),
            _ => now,
        };
        let ephemeral = EphemeralDecapsulationKey::generate(PARAMS)?;
        let (ct_r, ss_r) = self.remote.encapsulate()?;
        let msg = &mut out[..PQ_INIT_LEN];
        msg[..4].copy_from_slice(&[TYPE_PQ_INIT, 0, 0, 0]);
        msg[I_SENDER..I_TIMESTAMP].copy_from_slice(&index.to_le_bytes());
        msg[I_TIMESTAMP..I_EK].copy_from_slice(&noise::tai64n(stamp));
        msg[I_EK..I_CT].copy_from_slice(ephemeral.encapsulation_key().as_bytes());
        msg[I_CT..I_MAC].copy_from_slice(ct_r.as_bytes());
        // The one pass over the init: its digest feeds both the mac and the transcript.
        let digest = crypto::hash(&[&msg[..I_MAC]]);
        self.add_mac(msg, &digest, I_MAC, I_MAC)?;
        let h = init_transcript(&self.local_hash, &self.remote_hash, &digest);
        let first = self.pending.as_ref().map_or(now, |p| p.first);
        self.pending = Some(PendingInit {
            index,
            ephemeral,
            ss_r,
            h,
            sent: now,
            first,
        });
        self.last_own_timestamp = Some(stamp);
        Ok(PQ_INIT_LEN)
    }

    /// Answers the init `msg` with a response (sender `index`) in `out` and keeps its
    /// psk until the confirmation. Errors change nothing.
    pub(crate) fn on_init(
        &mut self,
        msg: &[u8],
        now: Duration,
        index: u32,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        check_len(msg, PQ_INIT_LEN)?;
        room(out, PQ_RESPONSE_LEN)?;
        let digest = crypto::hash(&[&msg[..I_MAC]]);
        self.check_mac(msg, &digest, I_MAC, I_MAC)?;
        let mut timestamp = [0u8; TIMESTAMP_LEN];
        timestamp.copy_from_slice(&msg[I_TIMESTAMP..I_EK]);
        if self.last_timestamp.is_some_and(|last| timestamp <= last) {
            return Err(Error::Replayed);
        }
        // ek_e serves one encapsulation: no parsed key is kept (on the native backend
        // aws-lc applies the FIPS 203 modulus check inside the encapsulation).
        let (ct_e, ss_e) = crate::kem::encapsulate_once(PARAMS, &msg[I_EK..I_CT])?;
        let ss_r = self.local.decapsulate(&msg[I_CT..I_MAC])?;
        let (ct_i, ss_i) = self.remote.encapsulate()?;
        let h_init = init_transcript(&self.remote_hash, &self.local_hash, &digest);
        let resp = &mut out[..PQ_RESPONSE_LEN];
        resp[..4].copy_from_slice(&[TYPE_PQ_RESPONSE, 0, 0, 0]);
        resp[R_SENDER..R_RECEIVER].copy_from_slice(&index.to_le_bytes());
        resp[R_RECEIVER..R_CT_E].copy_from_slice(&msg[I_SENDER..I_TIMESTAMP]);
        resp[R_CT_E..R_CT_I].copy_from_slice(ct_e.as_bytes());
        resp[R_CT_I..R_TAG].copy_from_slice(ct_i.as_bytes());
        let resp_digest = crypto::hash(&[&resp[..R_TAG]]);
        let h = crypto::hash(&[&h_init, &resp_digest]);
        let [psk, k_r, k_i] = derive(&h, &ss_r, &ss_e, &ss_i, &self.classical_psk);
        resp[R_TAG..R_MAC].copy_from_slice(&crypto::mac(&k_r[..], &h));
        self.add_mac(resp, &resp_digest, R_TAG, R_MAC)?;
        // A newer init replaces an unconfirmed response (and zeroizes its psk).
        self.candidate = Some(Candidate {
            index,
            psk,
            tag: crypto::mac(&k_i[..], &h),
            born: now,
        });
        self.last_timestamp = Some(timestamp);
        Ok(PQ_RESPONSE_LEN)
    }

    /// Completes our pending exchange with the response `msg`: adopts the new psk
    /// (zeroizing the old one and the ephemeral key) and writes the confirmation into
    /// `out`. A forged, replayed or mismatched response changes nothing.
    pub(crate) fn on_response(
        &mut self,
        msg: &[u8],
        now: Duration,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        check_len(msg, PQ_RESPONSE_LEN)?;
        room(out, PQ_CONFIRM_LEN)?;
        let digest = crypto::hash(&[&msg[..R_TAG]]);
        self.check_mac(msg, &digest, R_TAG, R_MAC)?;
        let pending = self.pending.as_ref().ok_or(Error::InvalidCiphertext)?;
        if le32(&msg[R_RECEIVER..]) != pending.index {
            return Err(Error::InvalidCiphertext);
        }
        let ss_e = pending.ephemeral.decapsulate(&msg[R_CT_E..R_CT_I])?;
        let ss_i = self.local.decapsulate(&msg[R_CT_I..R_TAG])?;
        let h = crypto::hash(&[&pending.h, &digest]);
        let [psk, k_r, k_i] = derive(&h, &pending.ss_r, &ss_e, &ss_i, &self.classical_psk);
        let tag_r = crypto::mac(&k_r[..], &h);
        if !crypto::mac_eq(&tag_r, &msg[R_TAG..R_MAC]) {
            return Err(Error::DecryptionFailed);
        }
        let mut confirm = [0u8; PQ_CONFIRM_LEN];
        confirm[..4].copy_from_slice(&[TYPE_PQ_CONFIRM, 0, 0, 0]);
        confirm[C_RECEIVER..C_TAG].copy_from_slice(&msg[R_SENDER..R_RECEIVER]);
        confirm[C_TAG..].copy_from_slice(&crypto::mac(&k_i[..], &h));
        out[..PQ_CONFIRM_LEN].copy_from_slice(&confirm);
        // The ephemeral key pair and the previous psk are dropped (zeroized) here.
        self.pending = None;
        self.init_psk = Some(Psk {
            key: psk,
            born: now,
        });
        self.unconfirmed = Some(confirm);
        self.confirm_sent = true;
        self.data_since_psk = false;
        Ok(PQ_CONFIRM_LEN)
    }

    /// Accepts the confirmation `msg` of our last response: its psk becomes the one we
    /// answer WireGuard initiations with (the previous one is zeroized).
    /// [`Error::Replayed`] for a confirmation already accepted.
    pub(crate) fn on_confirm(&mut self, msg: &[u8], now: Duration) -> Result<(), Error> {
        check_len(msg, PQ_CONFIRM_LEN)?;
        let receiver = le32(&msg[C_RECEIVER..]);
        let Some(candidate) = self.candidate.as_ref().filter(|c| c.index == receiver) else {
            let duplicate = self.confirmed.as_ref().is_some_and(|(index, tag)| {
                *index == receiver && bool::from(tag[..].ct_eq(&msg[C_TAG..]))
            });
            return Err(if duplicate {
                Error::Replayed
            } else {
                Error::InvalidCiphertext
            });
        };
        if !crypto::mac_eq(&candidate.tag, &msg[C_TAG..]) {
            return Err(Error::DecryptionFailed);
        }
        let candidate = self.candidate.take().ok_or(Error::Internal)?;
        self.confirmed = Some((candidate.index, candidate.tag));
        self.resp_psk = Some(Psk {
            key: candidate.psk,
            born: now,
        });
        Ok(())
    }

    #[cfg(test)]
    pub(crate) fn psks(&self) -> [Option<[u8; 32]>; 2] {
        [&self.init_psk, &self.resp_psk].map(|p| p.as_ref().map(|p| *p.key))
    }

    #[cfg(test)]
    pub(crate) fn remac(&self, msg: &mut [u8]) {
        let at = msg.len() - MAC_LEN;
        let signed = if msg[0] == TYPE_PQ_INIT { I_MAC } else { R_TAG };
        let digest = crypto::hash(&[&msg[..signed]]);
        self.add_mac(msg, &digest, signed, at).unwrap();
    }
}
