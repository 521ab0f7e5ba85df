//! Ed25519 (and FROST(Ed25519)) under the ZIP-215 rules: one randomised,
//! cofactored multiscalar multiplication for the whole batch.
//!
//! For items `(A_i, R_i, s_i, k_i = SHA-512(R_i ‖ A_i ‖ M_i))` and coefficients `z_i` from
//! the transcript, the batch holds iff
//!
//! ```text
//! [8]( −(Σ z_i s_i) B + Σ z_i R_i + Σ (z_i k_i) A_i ) = identity
//! ```
//!
//! Each ZIP-215-valid item contributes exactly a point of order dividing 8, which the
//! cofactor clears, so a batch of valid items always passes; an invalid item leaves a
//! prime-order residue that survives a random 128-bit `z_i` except with probability
//! about 2⁻¹²⁸. That is why the batch agrees with [`VerifyingKey::verify_zip215`] on
//! every input, small-order and non-canonical encodings included, while a cofactorless
//! (strict) rule cannot be batched consistently (Chalkias, Garillot, Nikolaenko, "Taming
//! the many EdDSAs", 2020).
//!
//! [`VerifyingKey::verify_zip215`]: crate::sig::ed25519::VerifyingKey::verify_zip215

use curve25519_dalek::{
    edwards::{CompressedEdwardsY, EdwardsPoint},
    scalar::Scalar,
    traits::{IsIdentity, VartimeMultiscalarMul},
};
use sha2::{Digest, Sha512};

use super::transcript::{self, Domain};
use super::{Item, ItemResult, holds as set_holds, resolve};
use crate::sig::ed25519::{PUBLIC_KEY_LEN, SIGNATURE_LEN};
use crate::{Error, par};

/// One item, decoded, with its coefficient.
struct Prepared {
    a: EdwardsPoint,
    r: EdwardsPoint,
    /// `z · k`, the coefficient of `A`.
    zk: Scalar,
    /// `z`, the coefficient of `R`.
    z: Scalar,
    /// `z · s`, summed into the coefficient of `B`.
    zs: Scalar,
}

/// Decodes one item exactly as single ZIP-215 verification does, in the same order, so
/// a malformed item gets the same error code either way.
fn prepare(item: &Item<'_>, z: Scalar) -> Result<Prepared, Error> {
    let pk: [u8; PUBLIC_KEY_LEN] = crate::util::array(item.public_key)?;
    let a = match item.ed25519 {
        // Decoded from these very bytes when the key was made.
        Some(key) => key.point(),
        None => CompressedEdwardsY(pk)
            .decompress()
            .ok_or(Error::InvalidKey)?,
    };
    let sig: [u8; SIGNATURE_LEN] = crate::util::array(item.signature)?;
    let (r_bytes, s_bytes) = sig.split_at(32);
    let mut s = [0u8; 32];
    s.copy_from_slice(s_bytes);
    let s =
        Option::<Scalar>::from(Scalar::from_canonical_bytes(s)).ok_or(Error::InvalidSignature)?;
    crate::sig::no_context(item.context)?;
    let mut r_arr = [0u8; 32];
    r_arr.copy_from_slice(r_bytes);
    let r = CompressedEdwardsY(r_arr)
        .decompress()
        .ok_or(Error::InvalidSignature)?;
    let digest = Sha512::new()
        .chain_update(r_bytes)
        .chain_update(pk)
        .chain_update(item.message)
        .finalize();
    let k = Scalar::from_bytes_mod_order_wide(&digest.into());
    Ok(Prepared {
        a,
        r,
        zk: z * k,
        z,
        zs: z * s,
    })
}

/// Items per parallel chunk of the multiscalar multiplication: Pippenger's per-point
/// cost keeps falling up to a few hundred points, so chunks are not made smaller.
const MIN_CHUNK: usize = 256;

/// Whether the batch equation holds for `set` (positions in `prepared`).
fn check(prepared: &[Prepared], set: &[usize]) -> bool {
    let chunk = set.len().div_ceil(par::threads()).max(MIN_CHUNK);
    let chunks: Vec<&[usize]> = set.chunks(chunk).collect();
    let partials = par::map(&chunks, |chunk| {
        let scalars = chunk.iter().flat_map(|&p| [prepared[p].zk, prepared[p].z]);
        let points = chunk.iter().flat_map(|&p| [prepared[p].a, prepared[p].r]);
        let zs: Scalar = chunk.iter().map(|&p| prepared[p].zs).sum();
        (EdwardsPoint::vartime_multiscalar_mul(scalars, points), zs)
    });
    let (sum, zs) = partials
        .into_iter()
        .fold((EdwardsPoint::default(), Scalar::ZERO), |(p, s), (q, t)| {
            (p + q, s + t)
        });
    (sum - EdwardsPoint::mul_base(&zs))
        .mul_by_cofactor()
        .is_identity()
}

/// Whether every item at `indices` verifies, without naming bad ones (see
/// `BatchVerifier::verify_all`): the first decoding error by index, else the batch
/// equation over all of them.
pub(super) fn holds(
    items: &[Item<'_>],
    indices: &[usize],
    seed: &[u8; 32],
    single: &(dyn Fn(usize) -> Result<(), Error> + Sync),
) -> Result<(), Error> {
    let prepared = par::map(indices, |&i| {
        let mut z = [0u8; 32];
        z[..16].copy_from_slice(&transcript::coefficient(seed, Domain::Ed25519, i));
        prepare(&items[i], Scalar::from_bytes_mod_order(z))
    })
    .into_iter()
    .collect::<Result<Vec<_>, _>>()?;
    let positions: Vec<usize> = (0..prepared.len()).collect();
    set_holds(
        &positions,
        &|set: &[usize]| check(&prepared, set),
        &|p: usize| single(indices[p]),
    )
}

/// Verifies the items at `indices` (all Ed25519 or FROST(Ed25519)) under ZIP-215,
/// returning one result per index.
pub(super) fn verify(
    items: &[Item<'_>],
    indices: &[usize],
    seed: &[u8; 32],
    single: &(dyn Fn(usize) -> Result<(), Error> + Sync),
) -> Vec<ItemResult> {
    let decoded = par::map(indices, |&i| {
        let mut z = [0u8; 32];
        z[..16].copy_from_slice(&transcript::coefficient(seed, Domain::Ed25519, i));
        (i, prepare(&items[i], Scalar::from_bytes_mod_order(z)))
    });
    let (mut results, prepared, origin) = super::split_decoded(decoded);
    let positions: Vec<usize> = (0..prepared.len()).collect();
    let resolved = resolve(
        &positions,
        &|set: &[usize]| check(&prepared, set),
        &|p: usize| single(origin[p]),
    );
    results.extend(resolved.into_iter().map(|(p, r)| (origin[p], r)));
    results
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Algorithm;
    use crate::sig::{Encoding, Signer, ed25519::SigningKey};

    /// The batch equation itself (not the single-verification fallback) accepts valid
    /// sets of every size and refuses a set with one bad item, in every chunking.
    #[test]
    fn the_equation_decides() {
        let owned: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = (0..600u32)
            .map(|i| {
                let sk = SigningKey::from_seed(&[(i % 200) as u8; 32]).unwrap();
                let msg = i.to_be_bytes().to_vec();
                let sig = sk.sign(&msg).unwrap().to_bytes();
                (sk.verifying_key().to_bytes(), msg, sig)
            })
            .collect();
        let items: Vec<Item<'_>> = owned
            .iter()
            .map(|(pk, m, s)| Item::new(Algorithm::Ed25519, pk, m, s))
            .collect();
        let seed = [9u8; 32];
        let prepared: Vec<Prepared> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let mut z = [0u8; 32];
                z[..16].copy_from_slice(&transcript::coefficient(&seed, Domain::Ed25519, i));
                prepare(item, Scalar::from_bytes_mod_order(z)).unwrap()
            })
            .collect();
        for n in [1usize, 2, 3, 64, 257, 600] {
            let set: Vec<usize> = (0..n).collect();
            assert!(check(&prepared, &set), "valid set of {n}");
        }
        // A wrong message for item 300 (k changes): the equation fails.
        let wrong = Item::new(Algorithm::Ed25519, &owned[300].0, b"other", &owned[300].2);
        let mut bad = prepared;
        bad[300] = prepare(&wrong, bad[300].z).unwrap();
        let all: Vec<usize> = (0..600).collect();
        assert!(!check(&bad, &all));
        assert!(check(&bad, &all[..300]));
        assert!(!check(&bad, &all[300..301]));
        assert!(check(&bad, &all[301..]));
    }
}
