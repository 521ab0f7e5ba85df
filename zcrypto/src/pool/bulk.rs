//! Bulk key derivation: HKDF-Expand for many connections in one call, spread across
//! cores with the `std` feature (rayon), on the calling thread otherwise.
//!
//! A server that accepts (or resumes) thousands of connections at once derives each
//! one's keys from its own secret and context. [`expand_all`] takes one
//! [`ExpandJob`] (a [`Prk`] and an `info` string) per connection and writes each
//! connection's `okm_len` bytes into its slot of one caller-provided buffer: no
//! allocation per connection, and results identical to calling [`Prk::expand`] one by
//! one (which is what each slot gets).
//!
//! ```
//! use zcrypto::kdf::{HkdfAlg, Prk};
//! use zcrypto::pool::{ExpandJob, expand_all};
//!
//! let prks: Vec<Prk> =
//!     (0u8..100).map(|i| Prk::extract(HkdfAlg::Sha256, b"salt", &[i; 32])).collect();
//! let jobs: Vec<ExpandJob<'_>> =
//!     prks.iter().map(|prk| ExpandJob::new(prk, b"conn keys")).collect();
//! let mut out = vec![0u8; jobs.len() * 44]; // a 32-byte key and a 12-byte IV each
//! expand_all(&jobs, 44, &mut out)?;
//!
//! let mut one = [0u8; 44];
//! prks[7].expand(b"conn keys", &mut one)?;
//! assert_eq!(&out[7 * 44..8 * 44], &one);
//! # Ok::<(), zcrypto::Error>(())
//! ```

use crate::Error;
use crate::kdf::Prk;

/// Below this many jobs per rayon task the split costs more than it saves.
#[cfg(feature = "std")]
const MIN_JOBS_PER_TASK: usize = 16;

/// One connection's HKDF-Expand: its pseudorandom key and its `info` string.
#[derive(Clone, Copy, Debug)]
pub struct ExpandJob<'a> {
    prk: &'a Prk,
    info: &'a [u8],
}

impl<'a> ExpandJob<'a> {
    /// HKDF-Expand(`prk`, `info`).
    pub fn new(prk: &'a Prk, info: &'a [u8]) -> ExpandJob<'a> {
        ExpandJob { prk, info }
    }
}

/// Checks the shape before any work: `okm_len` ≥ 1, `out` exactly `jobs × okm_len`,
/// and `okm_len` within every job's HKDF limit.
fn check(jobs: &[ExpandJob<'_>], okm_len: usize, out: &[u8]) -> Result<(), Error> {
    if okm_len == 0 {
        return Err(Error::InvalidLength {
            expected: 1,
            got: 0,
        });
    }
    let needed = jobs
        .len()
        .checked_mul(okm_len)
        .ok_or(Error::LimitExceeded)?;
    Error::check_len(needed, out.len())?;
    for job in jobs {
        let max = job.prk.algorithm().max_output_len();
        if okm_len > max {
            return Err(Error::OutputTooLong {
                max,
                requested: okm_len,
            });
        }
    }
    Ok(())
}

/// HKDF-Expand for every job: job `i` writes `out[i * okm_len..(i + 1) * okm_len]`.
/// Runs across cores with the `std` feature; the output is the same either way.
///
/// Errors, before any output is written: [`Error::InvalidLength`] if `okm_len` is 0 or
/// `out.len() != jobs.len() * okm_len`, [`Error::OutputTooLong`] if `okm_len` exceeds
/// a job's HKDF limit (255 × hash length).
pub fn expand_all(jobs: &[ExpandJob<'_>], okm_len: usize, out: &mut [u8]) -> Result<(), Error> {
    check(jobs, okm_len, out)?;
    #[cfg(feature = "std")]
    {
        use rayon::prelude::*;
        out.par_chunks_mut(okm_len)
            .zip(jobs.par_iter())
            .with_min_len(MIN_JOBS_PER_TASK)
            .try_for_each(|(slot, job)| job.prk.expand(job.info, slot))
    }
    #[cfg(not(feature = "std"))]
    {
        expand_each(jobs, okm_len, out)
    }
}

/// [`expand_all`] on the calling thread only (the baseline it is measured against, and
/// the choice inside code that is already parallel).
pub fn expand_all_sequential(
    jobs: &[ExpandJob<'_>],
    okm_len: usize,
    out: &mut [u8],
) -> Result<(), Error> {
    check(jobs, okm_len, out)?;
    expand_each(jobs, okm_len, out)
}

fn expand_each(jobs: &[ExpandJob<'_>], okm_len: usize, out: &mut [u8]) -> Result<(), Error> {
    out.chunks_mut(okm_len)
        .zip(jobs)
        .try_for_each(|(slot, job)| job.prk.expand(job.info, slot))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kdf::HkdfAlg;

    fn prks(n: usize, alg: HkdfAlg) -> Vec<Prk> {
        (0..n)
            .map(|i| Prk::extract(alg, b"bulk salt", &(i as u64).to_le_bytes()))
            .collect()
    }

    #[test]
    fn equals_one_by_one_and_the_hkdf_crate() {
        let n = 1000;
        let prks = prks(n, HkdfAlg::Sha256);
        let infos: Vec<Vec<u8>> = (0..n).map(|i| format!("conn {i}").into_bytes()).collect();
        let jobs: Vec<ExpandJob<'_>> = prks
            .iter()
            .zip(&infos)
            .map(|(p, i)| ExpandJob::new(p, i))
            .collect();
        let okm = 76;
        let mut par = vec![0u8; n * okm];
        let mut seq = vec![0u8; n * okm];
        expand_all(&jobs, okm, &mut par).unwrap();
        expand_all_sequential(&jobs, okm, &mut seq).unwrap();
        assert_eq!(par, seq);
        for (i, (prk, info)) in prks.iter().zip(&infos).enumerate() {
            let slot = &par[i * okm..(i + 1) * okm];
            let mut one = vec![0u8; okm];
            prk.expand(info, &mut one).unwrap();
            assert_eq!(slot, &one[..]);
            // The `hkdf` crate, independently: extract and expand from the inputs.
            let hk = hkdf::Hkdf::<sha2::Sha256>::new(Some(b"bulk salt"), &(i as u64).to_le_bytes());
            let mut theirs = vec![0u8; okm];
            hk.expand(info, &mut theirs).unwrap();
            assert_eq!(slot, &theirs[..]);
        }
        // Different connections get different keys.
        assert_ne!(par[..okm], par[okm..2 * okm]);
    }

    #[test]
    fn mixed_hashes_are_fine() {
        let a = prks(3, HkdfAlg::Sha256);
        let b = prks(3, HkdfAlg::Sha512);
        let jobs: Vec<ExpandJob<'_>> = a
            .iter()
            .chain(&b)
            .map(|p| ExpandJob::new(p, b"x"))
            .collect();
        let mut out = [0u8; 6 * 32];
        expand_all(&jobs, 32, &mut out).unwrap();
        let hk = hkdf::Hkdf::<sha2::Sha512>::new(Some(b"bulk salt"), &0u64.to_le_bytes());
        let mut theirs = [0u8; 32];
        hk.expand(b"x", &mut theirs).unwrap();
        assert_eq!(out[3 * 32..4 * 32], theirs);
    }

    #[test]
    fn bad_shapes_are_typed_errors_and_write_nothing() {
        let prks = prks(4, HkdfAlg::Sha256);
        let jobs: Vec<ExpandJob<'_>> = prks.iter().map(|p| ExpandJob::new(p, b"")).collect();
        let mut out = [0xAAu8; 4 * 32];
        assert_eq!(
            expand_all(&jobs, 0, &mut out[..0]),
            Err(Error::InvalidLength {
                expected: 1,
                got: 0
            })
        );
        assert_eq!(
            expand_all(&jobs, 32, &mut out[..127]),
            Err(Error::InvalidLength {
                expected: 128,
                got: 127
            })
        );
        let too_long = 255 * 32 + 1;
        let mut big = vec![0xAAu8; 4 * too_long];
        assert_eq!(
            expand_all_sequential(&jobs, too_long, &mut big),
            Err(Error::OutputTooLong {
                max: 255 * 32,
                requested: too_long
            })
        );
        assert!(big.iter().all(|&b| b == 0xAA));
        assert!(out.iter().all(|&b| b == 0xAA));
        // No jobs: nothing to do, and an empty buffer is the right size.
        assert_eq!(expand_all(&[], 32, &mut []), Ok(()));
    }
}
