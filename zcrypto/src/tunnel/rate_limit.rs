//! Handshake rate limiting per source address, as WireGuard implementations do it.
//!
//! A responder under load answers handshake initiations with cookie replies
//! ([`cookie`](super::cookie)); once a source has proved it owns its address (its
//! `mac2` is valid), it may still flood the responder with valid initiations, each
//! costing four X25519 operations. [`RateLimiter`] bounds that: a token bucket per
//! source of [`PACKETS_PER_SECOND`] initiations with a burst of [`BURST`] (the numbers
//! of the Linux and Go implementations), keyed by the IPv4 address or the IPv6 /64
//! prefix (one host usually owns a whole /64). The table is bounded
//! ([`RateLimiter::with_capacity`]); when it is full, new sources are refused until
//! idle entries expire, so memory stays fixed under a spoofed-source flood.
//!
//! Sans-IO like the rest of [`tunnel`](super): the caller passes the time.
//!
//! ```
//! use core::time::Duration;
//! use std::net::{IpAddr, Ipv4Addr};
//! use zcrypto::tunnel::rate_limit::{BURST, RateLimiter};
//!
//! let mut limiter = RateLimiter::new();
//! let source = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7));
//! let now = Duration::from_secs(1_700_000_000);
//! // The burst passes, the next initiation in the same instant does not...
//! for _ in 0..BURST {
//!     assert!(limiter.allow(source, now));
//! }
//! assert!(!limiter.allow(source, now));
//! // ...and 50 ms later (one token at 20 per second) one more does.
//! assert!(limiter.allow(source, now + Duration::from_millis(50)));
//! ```

use core::time::Duration;
use std::collections::HashMap;
use std::net::IpAddr;

/// Sustained handshake initiations per second per source.
pub const PACKETS_PER_SECOND: u64 = 20;

/// Initiations a source may send at once after being idle.
pub const BURST: u64 = 5;

/// Sources tracked by [`RateLimiter::new`].
pub const DEFAULT_CAPACITY: usize = 4096;

/// An entry idle this long is dropped (its bucket would be full again anyway).
const IDLE: Duration = Duration::from_secs(1);

/// The cost of one packet in nanoseconds of accrued credit.
const PACKET_COST: u64 = 1_000_000_000 / PACKETS_PER_SECOND;

/// The most credit a bucket holds.
const MAX_TOKENS: u64 = PACKET_COST * BURST;

/// The key of a source: an IPv4 address, or the first 64 bits of an IPv6 address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Source {
    V4([u8; 4]),
    V6([u8; 8]),
}

impl From<IpAddr> for Source {
    fn from(ip: IpAddr) -> Source {
        match ip {
            IpAddr::V4(v4) => Source::V4(v4.octets()),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Source::V4(v4.octets()),
                None => {
                    let mut prefix = [0u8; 8];
                    prefix.copy_from_slice(&v6.octets()[..8]);
                    Source::V6(prefix)
                }
            },
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: u64,
    last: Duration,
}

/// Token buckets for handshake initiations, one per source (see the module docs).
#[derive(Debug)]
pub struct RateLimiter {
    buckets: HashMap<Source, Bucket>,
    capacity: usize,
    last_sweep: Duration,
}

impl Default for RateLimiter {
    fn default() -> RateLimiter {
        RateLimiter::new()
    }
}

impl RateLimiter {
    /// A limiter tracking up to [`DEFAULT_CAPACITY`] sources.
    pub fn new() -> RateLimiter {
        RateLimiter::with_capacity(DEFAULT_CAPACITY)
    }

    /// A limiter tracking up to `capacity` sources (at least 1).
    pub fn with_capacity(capacity: usize) -> RateLimiter {
        RateLimiter {
            buckets: HashMap::new(),
            capacity: capacity.max(1),
            last_sweep: Duration::ZERO,
        }
    }

    /// Whether an initiation from `source` at `now` may be processed; `false` means
    /// drop it. Time going backwards is treated as no time passing.
    pub fn allow(&mut self, source: IpAddr, now: Duration) -> bool {
        if now.saturating_sub(self.last_sweep) >= IDLE {
            self.buckets
                .retain(|_, b| now.saturating_sub(b.last) < IDLE);
            self.last_sweep = now;
        }
        let key = Source::from(source);
        if let Some(b) = self.buckets.get_mut(&key) {
            let elapsed = now.saturating_sub(b.last);
            let earned = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
            b.tokens = b.tokens.saturating_add(earned).min(MAX_TOKENS);
            b.last = b.last.max(now);
            if b.tokens >= PACKET_COST {
                b.tokens -= PACKET_COST;
                return true;
            }
            return false;
        }
        if self.buckets.len() >= self.capacity {
            return false;
        }
        self.buckets.insert(
            key,
            Bucket {
                tokens: MAX_TOKENS - PACKET_COST,
                last: now,
            },
        );
        true
    }

    /// The number of sources currently tracked.
    pub fn tracked(&self) -> usize {
        self.buckets.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    const T0: Duration = Duration::from_secs(1_700_000_000);

    fn v4(last: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(198, 51, 100, last))
    }

    #[test]
    fn burst_then_steady_rate() {
        let mut l = RateLimiter::new();
        let allowed = (0..100).filter(|_| l.allow(v4(1), T0)).count();
        assert_eq!(allowed as u64, BURST);
        // Over one further second at 1 ms steps, 20 more pass.
        let allowed = (1..=1000)
            .filter(|ms| l.allow(v4(1), T0 + Duration::from_millis(*ms)))
            .count();
        assert_eq!(allowed as u64, PACKETS_PER_SECOND);
        // Other sources are unaffected.
        assert!(l.allow(v4(2), T0));
    }

    #[test]
    fn ipv6_limited_per_64_prefix_and_v4_mapped_as_v4() {
        let mut l = RateLimiter::new();
        let host = |last: u16| IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 1, 2, 0, 0, 0, last));
        let allowed = (0..50).filter(|i| l.allow(host(*i), T0)).count();
        assert_eq!(allowed as u64, BURST, "one bucket for the whole /64");
        assert!(l.allow(
            IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 1, 3, 0, 0, 0, 1)),
            T0
        ));
        let mapped = IpAddr::V6(Ipv4Addr::new(198, 51, 100, 9).to_ipv6_mapped());
        for _ in 0..BURST {
            assert!(l.allow(mapped, T0));
        }
        assert!(
            !l.allow(v4(9), T0),
            "the mapped address shares the v4 bucket"
        );
    }

    #[test]
    fn table_is_bounded_and_idle_entries_expire() {
        let mut l = RateLimiter::with_capacity(16);
        for i in 0..16 {
            assert!(l.allow(v4(i), T0));
        }
        assert!(!l.allow(v4(200), T0), "full table refuses new sources");
        assert_eq!(l.tracked(), 16);
        let later = T0 + Duration::from_secs(2);
        assert!(l.allow(v4(200), later));
        assert_eq!(l.tracked(), 1);
    }

    #[test]
    fn clock_going_backwards_earns_nothing() {
        let mut l = RateLimiter::new();
        for _ in 0..BURST {
            assert!(l.allow(v4(1), T0));
        }
        assert!(!l.allow(v4(1), T0 - Duration::from_secs(5)));
        assert!(!l.allow(v4(1), T0));
        assert!(l.allow(v4(1), T0 + Duration::from_millis(50)));
    }
}
