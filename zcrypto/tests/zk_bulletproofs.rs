//! Bulletproofs range proofs: prove/verify round trips for every bit size and aggregation
//! size, byte encodings, interoperability with the raw `bulletproofs` crate, batch
//! verification, and the refusals (value out of range, wrong commitment, wrong bit size
//! or public input, flipped bits, truncated and oversized encodings).

use curve25519_dalek_4::scalar::Scalar;
use merlin::Transcript;
use zcrypto::Error;
use zcrypto::zk::MAX_BATCH;
use zcrypto::zk::bulletproofs::{
    BatchItem, BitSize, Blinding, Commitment, MAX_AGGREGATION, MAX_PROOF_LEN, MIN_PROOF_LEN,
    RangeProof, TRANSCRIPT_LABEL, verify_batch, verify_batch_each,
};

const SIZES: [BitSize; 4] = [
    BitSize::Bits8,
    BitSize::Bits16,
    BitSize::Bits32,
    BitSize::Bits64,
];

fn blindings(n: usize, seed: u8) -> Vec<Blinding> {
    (0..n)
        .map(|i| Blinding::from_bytes_wide(&[seed.wrapping_add(i as u8); 64]))
        .collect()
}

fn max_value(bits: BitSize) -> u64 {
    match bits {
        BitSize::Bits64 => u64::MAX,
        b => (1u64 << b.bits()) - 1,
    }
}

fn prove(bits: BitSize, values: &[u64]) -> (RangeProof, Vec<Commitment>) {
    let r = blindings(values.len(), 1);
    RangeProof::prove_with_entropy(bits, values, &r, &[42; 32]).unwrap()
}

#[test]
fn round_trip_every_size_and_aggregation() {
    for bits in SIZES {
        for m in [1, 2, 4, 8, 16] {
            let values: Vec<u64> = (0..m as u64)
                .map(|i| match i % 3 {
                    0 => 0,
                    1 => max_value(bits),
                    _ => max_value(bits) / (i + 1),
                })
                .collect();
            let r = blindings(m, 7);
            let (proof, commitments) =
                RangeProof::prove_with_entropy(bits, &values, &r, &[m as u8; 32]).unwrap();
            assert_eq!(commitments.len(), m);
            for ((c, v), r) in commitments.iter().zip(&values).zip(&r) {
                assert_eq!(*c, Commitment::new(*v, r));
            }
            let bytes = proof.to_bytes();
            assert_eq!(Some(bytes.len()), bits.proof_len(m), "{bits:?} × {m}");
            let parsed = RangeProof::from_bytes(&bytes).unwrap();
            assert_eq!(parsed, proof);
            parsed.verify(bits, &commitments).unwrap();
            // Commitments travel as 32 bytes.
            let reparsed: Vec<Commitment> = commitments
                .iter()
                .map(|c| Commitment::from_bytes(c.to_bytes()).unwrap())
                .collect();
            proof.verify(bits, &reparsed).unwrap();
        }
    }
}

#[cfg(feature = "std")]
#[test]
fn os_randomness_prove() {
    let r = Blinding::random().unwrap();
    let (p, c) = RangeProof::prove_single(BitSize::Bits64, u64::MAX, &r).unwrap();
    p.verify_single(BitSize::Bits64, &c).unwrap();
    let (p2, c2) = RangeProof::prove_single(BitSize::Bits64, u64::MAX, &r).unwrap();
    assert_eq!(c, c2);
    assert_ne!(p, p2, "fresh randomness per proof");
    let rs: Vec<Blinding> = (0..4).map(|_| Blinding::random().unwrap()).collect();
    let (p, cs) = RangeProof::prove(BitSize::Bits16, &[1, 2, 3, 65535], &rs).unwrap();
    p.verify(BitSize::Bits16, &cs).unwrap();
}

#[test]
fn value_out_of_range_refused() {
    let r = blindings(1, 3);
    for bits in [BitSize::Bits8, BitSize::Bits16, BitSize::Bits32] {
        let too_big = max_value(bits) + 1;
        assert_eq!(
            RangeProof::prove_with_entropy(bits, &[too_big], &r, &[1; 32]).map(|_| ()),
            Err(Error::LimitExceeded),
            "{bits:?}"
        );
        let r4 = blindings(4, 3);
        assert_eq!(
            RangeProof::prove_with_entropy(bits, &[0, 1, too_big, 2], &r4, &[1; 32]).map(|_| ()),
            Err(Error::LimitExceeded)
        );
    }

    // The raw crate does not check the range: a proof it makes for 256 as an 8-bit value
    // (with our transcript label) must not verify.
    let gens = bulletproofs::BulletproofGens::new(64, 1);
    let pc = bulletproofs::PedersenGens::default();
    let mut t = Transcript::new(TRANSCRIPT_LABEL);
    let blinding = Scalar::from(99u64);
    if let Ok((raw, c)) = bulletproofs::RangeProof::prove_single_with_rng(
        &gens,
        &pc,
        &mut t,
        256,
        &blinding,
        8,
        &mut XorShift(1),
    ) {
        let proof = RangeProof::from_bytes(&raw.to_bytes()).unwrap();
        let c = Commitment::from_bytes(c.to_bytes()).unwrap();
        assert_eq!(
            proof.verify_single(BitSize::Bits8, &c),
            Err(Error::InvalidProof)
        );
    }
}

#[test]
fn wrong_commitment_or_public_input_refused() {
    let (proof, cs) = prove(BitSize::Bits32, &[10, 20]);
    // Another value, another blinding.
    let r = blindings(2, 1);
    let other_value = Commitment::new(11, &r[0]);
    let other_blinding = Commitment::new(10, &r[1]);
    for bad in [other_value, other_blinding] {
        assert_eq!(
            proof.verify(BitSize::Bits32, &[bad, cs[1]]),
            Err(Error::InvalidProof)
        );
    }
    // Order matters.
    assert_eq!(
        proof.verify(BitSize::Bits32, &[cs[1], cs[0]]),
        Err(Error::InvalidProof)
    );
    // Another bit size: the length does not match (or the statement differs).
    for bits in [BitSize::Bits8, BitSize::Bits16, BitSize::Bits64] {
        assert_eq!(
            proof.verify(bits, &cs),
            Err(Error::InvalidProof),
            "{bits:?}"
        );
    }
    // 16-bit × 4 has the same length as 32-bit × 2: still refused.
    let four = [cs[0], cs[1], cs[0], cs[1]];
    assert_eq!(
        proof.verify(BitSize::Bits16, &four),
        Err(Error::InvalidProof)
    );
    // Wrong counts.
    assert_eq!(
        proof.verify(BitSize::Bits32, &cs[..1]),
        Err(Error::InvalidProof)
    );
    assert_eq!(proof.verify(BitSize::Bits32, &[]), Err(Error::InvalidProof));
    assert_eq!(
        proof.verify(BitSize::Bits32, &[cs[0]; MAX_AGGREGATION + 1]),
        Err(Error::LimitExceeded)
    );
    // A single-value proof against its commitment under another transcript label (the
    // raw crate): refused.
    let (single, c) = prove(BitSize::Bits64, &[5]);
    single.verify_single(BitSize::Bits64, &c[0]).unwrap();
    let gens = bulletproofs::BulletproofGens::new(64, 1);
    let pc = bulletproofs::PedersenGens::default();
    let raw_c = curve25519_dalek_4::ristretto::CompressedRistretto(c[0].to_bytes());
    assert!(
        single
            .as_bulletproofs()
            .verify_single_with_rng(
                &gens,
                &pc,
                &mut Transcript::new(b"another protocol"),
                &raw_c,
                64,
                &mut XorShift(5),
            )
            .is_err()
    );
}

#[test]
fn interoperates_with_raw_crate() {
    let gens = bulletproofs::BulletproofGens::new(64, 4);
    let pc = bulletproofs::PedersenGens::default();
    // Raw crate proves, zcrypto verifies.
    let blind: Vec<Scalar> = (1..=4u64).map(Scalar::from).collect();
    let (raw, raw_cs) = bulletproofs::RangeProof::prove_multiple_with_rng(
        &gens,
        &pc,
        &mut Transcript::new(TRANSCRIPT_LABEL),
        &[1, 2, 3, 4],
        &blind,
        16,
        &mut XorShift(9),
    )
    .unwrap();
    let proof = RangeProof::from_bytes(&raw.to_bytes()).unwrap();
    let cs: Vec<Commitment> = raw_cs
        .iter()
        .map(|c| Commitment::from_bytes(c.to_bytes()).unwrap())
        .collect();
    proof.verify(BitSize::Bits16, &cs).unwrap();
    // Our blindings give the crate's commitments.
    let r = Blinding::from_bytes(Scalar::from(1u64).to_bytes()).unwrap();
    assert_eq!(Commitment::new(1, &r), cs[0]);

    // zcrypto proves, the raw crate verifies (under the documented label).
    let (ours, our_cs) = prove(BitSize::Bits64, &[7, 8]);
    let raw_cs: Vec<_> = our_cs
        .iter()
        .map(|c| curve25519_dalek_4::ristretto::CompressedRistretto(c.to_bytes()))
        .collect();
    bulletproofs::RangeProof::from_bytes(&ours.to_bytes())
        .unwrap()
        .verify_multiple_with_rng(
            &gens,
            &pc,
            &mut Transcript::new(TRANSCRIPT_LABEL),
            &raw_cs,
            64,
            &mut XorShift(3),
        )
        .unwrap();
}

#[test]
fn flipped_bits_refused_without_panic() {
    let (proof, cs) = prove(BitSize::Bits8, &[200]);
    let bytes = proof.to_bytes();
    assert_eq!(bytes.len(), MIN_PROOF_LEN);
    for i in 0..bytes.len() {
        for bit in [0, 3, 7] {
            let mut b = bytes.clone();
            b[i] ^= 1 << bit;
            let r = RangeProof::from_bytes(&b).and_then(|p| p.verify(BitSize::Bits8, &cs));
            assert!(
                matches!(r, Err(Error::InvalidProof)),
                "byte {i} bit {bit}: {r:?}"
            );
        }
    }
    // A commitment with a flipped bit either does not decode or does not verify.
    for i in 0..32 {
        let mut c = cs[0].to_bytes();
        c[i] ^= 1;
        match Commitment::from_bytes(c) {
            Err(e) => assert_eq!(e, Error::InvalidEncoding),
            Ok(c) => assert_eq!(
                proof.verify_single(BitSize::Bits8, &c),
                Err(Error::InvalidProof)
            ),
        }
    }
}

#[test]
fn encodings_refused() {
    let (proof, _) = prove(BitSize::Bits64, &[1]);
    let bytes = proof.to_bytes();
    // Truncated, padded, odd lengths.
    for len in [
        0,
        31,
        32,
        MIN_PROOF_LEN - 32,
        bytes.len() - 1,
        bytes.len() + 32,
    ] {
        let mut b = bytes.clone();
        b.resize(len, 0);
        assert!(
            matches!(RangeProof::from_bytes(&b), Err(Error::InvalidLength { .. })),
            "{len}"
        );
    }
    assert_eq!(
        RangeProof::from_bytes(&vec![0; MAX_PROOF_LEN + 64]).err(),
        Some(Error::LimitExceeded)
    );
    assert_eq!(
        RangeProof::from_bytes(&vec![0; 1 << 20]).err(),
        Some(Error::LimitExceeded)
    );
    // A non-canonical scalar (t_x = 2²⁵⁶ − 1).
    let mut b = bytes.clone();
    b[4 * 32..5 * 32].fill(0xff);
    assert_eq!(RangeProof::from_bytes(&b).err(), Some(Error::InvalidProof));
    // Commitments: not a Ristretto encoding, wrong length.
    assert_eq!(
        Commitment::from_bytes([0xff; 32]).err(),
        Some(Error::InvalidEncoding)
    );
    assert!(matches!(
        Commitment::from_slice(&[0; 31]),
        Err(Error::InvalidLength {
            expected: 32,
            got: 31
        })
    ));
    // Blinding factors must be canonical.
    assert_eq!(
        Blinding::from_bytes([0xff; 32]).err(),
        Some(Error::InvalidKey)
    );
}

#[test]
fn prove_argument_checks() {
    let r = blindings(16, 0);
    for m in [0, 3, 5, 6, 7, 9, 15] {
        let values = vec![1u64; m];
        assert!(
            matches!(
                RangeProof::prove_with_entropy(BitSize::Bits8, &values, &r[..m], &[0; 32]),
                Err(Error::InvalidLength { .. })
            ),
            "{m}"
        );
    }
    assert_eq!(
        RangeProof::prove_with_entropy(BitSize::Bits8, &[1; 32], &blindings(32, 0), &[0; 32])
            .map(|_| ()),
        Err(Error::LimitExceeded)
    );
    assert!(matches!(
        RangeProof::prove_with_entropy(BitSize::Bits8, &[1, 2], &r[..1], &[0; 32]),
        Err(Error::InvalidLength {
            expected: 2,
            got: 1
        })
    ));
}

#[test]
fn batch_verification() {
    let proofs: Vec<(BitSize, RangeProof, Vec<Commitment>)> = [
        (BitSize::Bits64, vec![u64::MAX]),
        (BitSize::Bits8, vec![1, 2, 3, 4]),
        (BitSize::Bits32, vec![9; 16]),
        (BitSize::Bits16, vec![0, 65535]),
    ]
    .into_iter()
    .map(|(bits, values)| {
        let (p, c) = prove(bits, &values);
        (bits, p, c)
    })
    .collect();
    let items: Vec<BatchItem<'_>> = proofs
        .iter()
        .map(|(bits, proof, commitments)| BatchItem {
            proof,
            bits: *bits,
            commitments,
        })
        .collect();
    verify_batch(&items).unwrap();
    assert!(verify_batch_each(&items).iter().all(Result::is_ok));
    verify_batch(&[]).unwrap();

    // One wrong statement: the batch fails and the bad item is named.
    let mut bad = items.clone();
    bad[2].commitments = &proofs[1].2;
    assert_eq!(verify_batch(&bad), Err(Error::InvalidProof));
    let each = verify_batch_each(&bad);
    assert_eq!(each.iter().filter(|r| r.is_err()).count(), 1);
    assert_eq!(each[2], Err(Error::InvalidProof));

    // Too many items: refused before any work.
    let many = vec![items[0]; MAX_BATCH + 1];
    assert_eq!(verify_batch(&many), Err(Error::LimitExceeded));
    assert!(
        verify_batch_each(&many)
            .iter()
            .all(|r| *r == Err(Error::LimitExceeded))
    );
}

/// A deterministic RNG for the raw crate's `*_with_rng` calls in these tests only
/// (xorshift; the raw crate needs `rand_core` 0.6 `RngCore + CryptoRng`).
struct XorShift(u64);

impl rand_core_06::RngCore for XorShift {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let v = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core_06::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core_06::CryptoRng for XorShift {}
