//! Crypto for connection pools: many connections to the same peers, most of them idle,
//! many resuming (a mesh VPN such as [`tunnel`](crate::tunnel) with thousands of peers,
//! or a QUIC server).
//!
//! * [`StaticDhCache`] — `DH(local static, peer static)` computed once per peer (in
//!   bulk across cores) instead of in every handshake.
//! * [`TicketIssuer`] (feature `std`) — session resumption tickets sealed under
//!   rotating keys, with expiry and single use; [`ResumptionSecret::derive`] turns a
//!   redeemed ticket and both sides' fresh nonces into new traffic keys.
//! * [`expand_all`] — HKDF-Expand for thousands of connections in one call, in parallel.
//! * [`IdleContext`] — an idle connection in 112 bytes with no heap; [`IdleContext::resume`]
//!   and [`ActiveContext::park`] convert to and from a connection ready to seal.
//!
//! ```
//! use zcrypto::aead::{AeadAlg, TAG_LEN};
//! use zcrypto::pool::{IdleContext, ResumptionSecret, Role};
//!
//! // A resumed connection's keys, derived on both sides and parked until used.
//! let secret = ResumptionSecret::from_bytes([5; 32]);
//! let (cn, sn) = ([1u8; 32], [2u8; 32]);
//! let alg = AeadAlg::ChaCha20Poly1305;
//! let client: IdleContext = secret.derive(Role::Client, alg, &cn, &sn, 1)?;
//! let server: IdleContext = secret.derive(Role::Server, alg, &cn, &sn, 2)?;
//! println!("{} bytes per idle connection", IdleContext::BYTES);
//!
//! // Traffic arrives: resume, exchange, park again.
//! let (mut client, mut server) = (client.resume()?, server.resume()?);
//! let mut buf = [0u8; 4 + TAG_LEN];
//! buf[..4].copy_from_slice(b"ping");
//! let (n, len) = client.seal(b"", &mut buf, 4)?;
//! assert_eq!(server.open(n, b"", &mut buf[..len])?, b"ping");
//! let _parked: IdleContext = server.park();
//! # Ok::<(), zcrypto::Error>(())
//! ```
//!
//! Everything but the tickets (which need the operating system's randomness) also
//! builds without `std`, e.g. for `wasm32-unknown-unknown`, where the bulk functions
//! run on the calling thread.

mod bulk;
mod idle;
mod resume;
mod static_dh;
#[cfg(feature = "std")]
mod ticket;

pub use bulk::{ExpandJob, expand_all, expand_all_sequential};
pub use idle::{ActiveContext, IdleContext};
pub use resume::{RESUME_NONCE_LEN, RESUMPTION_SECRET_LEN, ResumptionSecret, Role};
pub use static_dh::StaticDhCache;
#[cfg(feature = "std")]
pub use ticket::{PEER_ID_LEN, ResumptionState, TICKET_ID_LEN, TICKET_LEN, TicketIssuer};
