//! BLS12-381 (Ethereum's proof-of-possession ciphersuite) in batches, on blst.
//!
//! Items are grouped by message. A group of items over one message is checked with a
//! randomised fast aggregate verification: with coefficients `r_i` from the transcript,
//! `e(Σ r_i·pk_i, H(m)) = e(g1, Σ r_i·σ_i)`, two multi-scalar multiplications and two
//! Miller loops however large the group. Items over distinct messages are checked
//! together by blst's `verify_multiple_aggregate_signatures` with random scalars (one
//! Miller loop per item, one final exponentiation). A failed check is bisected.
//!
//! The coefficients matter: the plain (unweighted) sum of signatures passes for
//! `σ_1 + X` and `σ_2 − X` although neither verifies alone. With random 64-bit
//! coefficients a batch containing an invalid item passes with probability about 2⁻⁶⁴
//! (the bound Ethereum clients accept for the same check); keys and signatures are
//! subgroup-checked when decoded, which the argument needs.

use blst::{BLST_ERROR, blst_scalar, min_pk as blst_bls};

use super::transcript::{self, Domain};
use super::{Item, ItemResult, holds as set_holds, resolve};
use crate::sig::bls::{DST, Signature, VerifyingKey};
use crate::sig::{Encoding, no_context};
use crate::{Error, par};

/// Bits of each random coefficient.
const RAND_BITS: usize = 64;

struct Prepared<'a> {
    pk: blst_bls::PublicKey,
    sig: blst_bls::Signature,
    message: &'a [u8],
    rand: [u8; RAND_BITS / 8],
}

/// Decodes one item exactly as single verification does, in the same order.
fn prepare<'a>(item: &Item<'a>, rand: [u8; 8]) -> Result<Prepared<'a>, Error> {
    let pk = VerifyingKey::from_bytes(item.public_key)?;
    let sig = Signature::from_bytes(item.signature)?;
    no_context(item.context)?;
    Ok(Prepared {
        pk: *pk.point(),
        sig: *sig.point(),
        message: item.message,
        rand,
    })
}

/// Randomised fast aggregate verification of `set`, whose items share one message.
fn check_same_message(prepared: &[Prepared<'_>], set: &[usize]) -> bool {
    let pks: Vec<blst_bls::PublicKey> = set.iter().map(|&p| prepared[p].pk).collect();
    let sigs: Vec<blst_bls::Signature> = set.iter().map(|&p| prepared[p].sig).collect();
    let rands: Vec<u8> = set.iter().flat_map(|&p| prepared[p].rand).collect();
    let (Ok(pk), Ok(sig)) = (
        blst_bls::AggregatePublicKey::aggregate_with_randomness(&pks, &rands, RAND_BITS, false),
        blst_bls::AggregateSignature::aggregate_with_randomness(&sigs, &rands, RAND_BITS, false),
    ) else {
        return false;
    };
    let message = prepared[set[0]].message;
    // `aggregate_verify` of one message is blst's `verify` without its message copy.
    sig.to_signature()
        .aggregate_verify(false, &[message], DST, &[&pk.to_public_key()], false)
        == BLST_ERROR::BLST_SUCCESS
}

/// blst's randomised multi-signature check of `set` (any messages).
fn check_distinct(prepared: &[Prepared<'_>], set: &[usize]) -> bool {
    let msgs: Vec<&[u8]> = set.iter().map(|&p| prepared[p].message).collect();
    let pks: Vec<&blst_bls::PublicKey> = set.iter().map(|&p| &prepared[p].pk).collect();
    let sigs: Vec<&blst_bls::Signature> = set.iter().map(|&p| &prepared[p].sig).collect();
    let rands: Vec<blst_scalar> = set
        .iter()
        .map(|&p| {
            let mut b = [0u8; 32];
            b[..8].copy_from_slice(&prepared[p].rand);
            blst_scalar { b }
        })
        .collect();
    blst_bls::Signature::verify_multiple_aggregate_signatures(
        &msgs, DST, &pks, false, &sigs, false, &rands, RAND_BITS,
    ) == BLST_ERROR::BLST_SUCCESS
}

/// Whether every BLS item at `indices` verifies, without naming bad ones (see
/// `BatchVerifier::verify_all`): the first decoding error by index, else the same
/// grouping and checks as [`verify`].
pub(super) fn holds(
    items: &[Item<'_>],
    indices: &[usize],
    seed: &[u8; 32],
    single: &(dyn Fn(usize) -> Result<(), Error> + Sync),
) -> Result<(), Error> {
    let prepared = par::map(indices, |&i| prepare(&items[i], rand(seed, i)))
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    let (same, distinct) = group(&prepared);
    let single = |p: usize| single(indices[p]);
    for set in &same {
        set_holds(
            set,
            &|s: &[usize]| check_same_message(&prepared, s),
            &single,
        )?;
    }
    if distinct.is_empty() {
        Ok(())
    } else {
        set_holds(
            &distinct,
            &|s: &[usize]| check_distinct(&prepared, s),
            &single,
        )
    }
}

/// The 64-bit coefficient of item `index`: never zero.
fn rand(seed: &[u8; 32], index: usize) -> [u8; 8] {
    let mut rand = [0u8; 8];
    rand.copy_from_slice(&transcript::coefficient(seed, Domain::Bls, index)[..8]);
    if rand == [0; 8] {
        rand[0] = 1;
    }
    rand
}

/// Groups positions by message: groups of two or more take the same-message check,
/// the rest (sorted) share one multi-message check.
fn group(prepared: &[Prepared<'_>]) -> (Vec<Vec<usize>>, Vec<usize>) {
    let mut by_message: Vec<usize> = (0..prepared.len()).collect();
    by_message.sort_by(|&a, &b| prepared[a].message.cmp(prepared[b].message));
    let mut same: Vec<Vec<usize>> = Vec::new();
    let mut distinct: Vec<usize> = Vec::new();
    for group in by_message.chunk_by(|&a, &b| prepared[a].message == prepared[b].message) {
        if group.len() >= 2 {
            same.push(group.to_vec());
        } else {
            distinct.extend_from_slice(group);
        }
    }
    distinct.sort_unstable();
    (same, distinct)
}

/// Verifies the BLS items at `indices`, returning one result per index.
pub(super) fn verify(
    items: &[Item<'_>],
    indices: &[usize],
    seed: &[u8; 32],
    single: &(dyn Fn(usize) -> Result<(), Error> + Sync),
) -> Vec<ItemResult> {
    let decoded = par::map(indices, |&i| (i, prepare(&items[i], rand(seed, i))));
    let (mut results, prepared, origin) = super::split_decoded(decoded);
    let (same, distinct) = group(&prepared);
    let single = |p: usize| single(origin[p]);
    let mut sets: Vec<(bool, Vec<usize>)> = same.into_iter().map(|g| (true, g)).collect();
    if !distinct.is_empty() {
        sets.push((false, distinct));
    }
    let resolved = par::map(&sets, |(same_message, set)| {
        if *same_message {
            resolve(
                set,
                &|s: &[usize]| check_same_message(&prepared, s),
                &single,
            )
        } else {
            resolve(set, &|s: &[usize]| check_distinct(&prepared, s), &single)
        }
    });
    results.extend(resolved.into_iter().flatten().map(|(p, r)| (origin[p], r)));
    results
}
