//! Zero-copy packet crypto for QUIC stacks and tunnels: buffers allocated once and
//! recycled, sealed and opened in place, one by one or in batches, with no allocation
//! per packet.
//!
//! * [`PacketPool`] / [`PacketBuf`]: a fixed set of 64-byte-aligned buffers with
//!   headroom and tailroom; a buffer goes back to its pool when dropped; acquiring is
//!   lock-free; exhaustion is an error (or a bounded wait), never an allocation.
//! * Sealing: [`PacketBuf::seal`] / [`PacketBuf::open`] (tag appended) and the
//!   `_detached` forms, under an [`aead::PacketKey`](crate::aead::PacketKey) with nonce
//!   = IV XOR the packet number; [`seal_batch`] / [`open_batch`] for many packets, and
//!   [`par_seal_batch`] / [`par_open_batch`] across cores.
//! * Streams: [`PacketRing`] between threads, [`Sealer`] numbering packets, [`Opener`]
//!   with an RFC 6479 [`ReplayWindow`].
//!
//! `zcrypto/tests/zero_copy_alloc.rs` counts heap allocations with a global allocator
//! and shows zero per packet in steady state, single and batched; `cargo run --release
//! -p benches --bin compare -- packet` compares pool sealing with the raw backend.
//!
//! ```
//! use zcrypto::aead::{AeadAlg, PacketKey};
//! use zcrypto::zero_copy::{PacketPool, PoolConfig};
//! let key = PacketKey::new(AeadAlg::Aes128Gcm, &[1; 16], [2; 12])?;
//! let pool = PacketPool::new(PoolConfig::new(1024, 1500))?;
//!
//! let mut packet = pool.acquire()?;
//! packet.extend_from_slice(b"payload")?;
//! packet.prepend(b"header")?;          // into the headroom: the payload does not move
//! packet.set_header_len(6);            // authenticated, not encrypted
//! packet.set_number(7);
//! packet.seal(&key)?;                  // tag appended into the tailroom
//! assert_eq!(packet.len(), 6 + 7 + 16);
//!
//! packet.open(&key)?;
//! assert_eq!(&packet.data()[6..], b"payload");
//! # Ok::<(), zcrypto::Error>(())
//! ```

mod pool;
mod replay;
mod ring;
mod seal;
mod stream;

pub use pool::{ALIGN, PacketBuf, PacketPool, PoolConfig, PoolStats};
pub use replay::{ReplayWindow, WINDOW};
pub use ring::PacketRing;
pub use seal::{open_batch, par_open_batch, par_seal_batch, seal_batch};
pub use stream::{Opener, Sealer};
