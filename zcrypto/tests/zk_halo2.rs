//! halo2 (`zk::halo2`): prove/verify round trips for every shipped circuit, the negative
//! cases (value out of range, wrong commitment, wrong root, proof for another circuit,
//! flipped bits, truncated and garbage proofs, malformed encodings), `MockProver` checks of
//! each circuit's constraints, and the registry's invariants.

use std::time::Instant;

use zcrypto::Error;
use zcrypto::zk::bulletproofs::BitSize;
use zcrypto::zk::halo2::halo2_proofs::dev::MockProver;
use zcrypto::zk::halo2::halo2_proofs::pasta::Fp;
use zcrypto::zk::halo2::{
    self, Blinding, CircuitId, FieldElement, MembershipCircuit, MerklePath, MerkleTree, Proof,
    RangeCircuit, Statement,
};

const ENTROPY: [u8; 32] = [0x5a; 32];

fn blinding(seed: u8) -> Blinding {
    Blinding::from_bytes_wide(&[seed; 64])
}

fn leaves(n: u64) -> Vec<FieldElement> {
    (0..n).map(|i| FieldElement::from_u64(1000 + i)).collect()
}

/// A small deterministic generator for garbage bytes (xorshift64*).
fn garbage(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed >> 12;
            seed ^= seed << 25;
            seed ^= seed >> 27;
            (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect()
}

#[test]
fn range_round_trip_every_size() {
    for (bits, value) in [
        (BitSize::Bits8, 255u64),
        (BitSize::Bits16, 0),
        (BitSize::Bits32, u32::MAX as u64),
        (BitSize::Bits64, u64::MAX),
    ] {
        let b = blinding(bits.bits() as u8);
        let t = Instant::now();
        let (statement, proof) =
            halo2::prove_range_with_entropy(bits, value, &b, &ENTROPY).unwrap();
        let proved = t.elapsed();
        let id = CircuitId::range(bits);
        assert_eq!(statement.circuit(), id);
        assert_eq!(statement.public_inputs(), &[halo2::commit(value, &b)]);
        assert_eq!(proof.len(), id.proof_len(), "{id}");
        let t = Instant::now();
        halo2::verify(&statement, &proof).unwrap();
        eprintln!(
            "{id}: proof {} bytes, prove {proved:?} (with keygen), verify {:?}",
            proof.len(),
            t.elapsed()
        );

        // The encoding round trips and verifies on its own.
        let bytes = halo2::encode(&statement, &proof);
        assert_eq!(bytes.len(), id.encoded_len());
        assert_eq!(bytes[..2], id.code().to_be_bytes());
        let (s2, p2) = halo2::decode(&bytes).unwrap();
        assert_eq!((s2.clone(), p2), (statement.clone(), proof.clone()));
        assert_eq!(halo2::verify_encoded(&bytes).unwrap(), statement);
    }
}

#[test]
fn range_prover_refuses_values_out_of_range() {
    let b = blinding(1);
    for (bits, value) in [
        (BitSize::Bits8, 256u64),
        (BitSize::Bits8, u64::MAX),
        (BitSize::Bits16, 1 << 16),
        (BitSize::Bits32, 1 << 32),
    ] {
        assert_eq!(
            halo2::prove_range_with_entropy(bits, value, &b, &ENTROPY).err(),
            Some(Error::LimitExceeded),
            "{bits:?} {value}"
        );
    }
}

#[test]
fn range_constraints_with_mock_prover() {
    let k = CircuitId::Range8.k();
    let b = blinding(2);
    let run = |bits: BitSize, value: u64, public: FieldElement| {
        let circuit = RangeCircuit::new(bits, value, &b);
        MockProver::run(k, &circuit, vec![vec![public.to_fp()]])
            .unwrap()
            .verify()
    };
    // Valid witnesses at the edges of every range.
    for bits in [
        BitSize::Bits8,
        BitSize::Bits16,
        BitSize::Bits32,
        BitSize::Bits64,
    ] {
        let max = if bits == BitSize::Bits64 {
            u64::MAX
        } else {
            (1 << bits.bits()) - 1
        };
        for v in [0, 1, max] {
            assert_eq!(run(bits, v, halo2::commit(v, &b)), Ok(()), "{bits:?} {v}");
        }
    }
    // Out of range: the commitment matches, but the bit constraints fail.
    assert!(run(BitSize::Bits8, 256, halo2::commit(256, &b)).is_err());
    assert!(run(BitSize::Bits16, 70_000, halo2::commit(70_000, &b)).is_err());
    assert!(run(BitSize::Bits32, 1 << 40, halo2::commit(1 << 40, &b)).is_err());
    // In range, but the public commitment is to another value or with another blinding.
    assert!(run(BitSize::Bits8, 5, halo2::commit(6, &b)).is_err());
    assert!(run(BitSize::Bits8, 5, halo2::commit(5, &blinding(3))).is_err());
}

#[test]
fn range_wrong_commitment_and_wrong_circuit() {
    let b = blinding(4);
    let (statement, proof) =
        halo2::prove_range_with_entropy(BitSize::Bits32, 77, &b, &ENTROPY).unwrap();
    halo2::verify(&statement, &proof).unwrap();
    for wrong in [
        halo2::commit(78, &b),
        halo2::commit(77, &blinding(5)),
        FieldElement::ZERO,
    ] {
        let s = Statement::range(BitSize::Bits32, wrong);
        assert_eq!(halo2::verify(&s, &proof), Err(Error::InvalidProof));
    }
    // The same commitment under another range circuit (same proof length): rejected.
    for bits in [BitSize::Bits8, BitSize::Bits16, BitSize::Bits64] {
        let s = Statement::range(bits, statement.public_inputs()[0]);
        assert_eq!(
            halo2::verify(&s, &proof),
            Err(Error::InvalidProof),
            "{bits:?}"
        );
    }
    // As a membership proof: the length differs, refused before any work.
    let s = Statement::membership(8, statement.public_inputs()[0]).unwrap();
    assert!(matches!(
        halo2::verify(&s, &proof),
        Err(Error::InvalidLength { .. })
    ));
}

#[test]
fn membership_round_trip_every_depth() {
    let leaves = leaves(13);
    for depth in [8, 16, 20, 32] {
        let id = CircuitId::membership(depth).unwrap();
        let tree = MerkleTree::new(depth, &leaves).unwrap();
        let index = 11;
        let path = tree.path(index).unwrap();
        assert_eq!(path.root(leaves[index]), tree.root());
        let t = Instant::now();
        let (statement, proof) =
            halo2::prove_membership_with_entropy(leaves[index], &path, &ENTROPY).unwrap();
        let proved = t.elapsed();
        assert_eq!(statement.circuit(), id);
        assert_eq!(statement.public_inputs(), &[tree.root()]);
        assert_eq!(proof.len(), id.proof_len(), "{id}");
        let t = Instant::now();
        halo2::verify(&statement, &proof).unwrap();
        eprintln!(
            "{id}: proof {} bytes, prove {proved:?} (with keygen), verify {:?}",
            proof.len(),
            t.elapsed()
        );
        let bytes = halo2::encode(&statement, &proof);
        assert_eq!(halo2::verify_encoded(&bytes).unwrap(), statement);

        // Wrong root: another tree's, or the root of a neighbouring leaf's path.
        let other = MerkleTree::new(depth, &leaves[1..]).unwrap();
        for root in [
            other.root(),
            path.root(leaves[index - 1]),
            FieldElement::ZERO,
        ] {
            let s = Statement::membership(depth, root).unwrap();
            assert_eq!(halo2::verify(&s, &proof), Err(Error::InvalidProof), "{id}");
        }
    }
}

#[test]
fn membership_proof_for_another_depth_is_rejected() {
    let leaves = leaves(3);
    let tree = MerkleTree::new(16, &leaves).unwrap();
    let (statement, proof) =
        halo2::prove_membership_with_entropy(leaves[2], &tree.path(2).unwrap(), &ENTROPY).unwrap();
    // Depth 20 has the same k and proof length: the verifying key differs.
    let s20 = Statement::membership(20, statement.public_inputs()[0]).unwrap();
    assert_eq!(halo2::verify(&s20, &proof), Err(Error::InvalidProof));
    // Other depths and the range circuits: the proof length differs.
    for s in [
        Statement::membership(8, tree.root()).unwrap(),
        Statement::membership(32, tree.root()).unwrap(),
        Statement::range(BitSize::Bits64, tree.root()),
    ] {
        assert!(matches!(
            halo2::verify(&s, &proof),
            Err(Error::InvalidLength { .. })
        ));
    }
}

#[test]
fn membership_constraints_with_mock_prover() {
    let leaves = leaves(6);
    let tree = MerkleTree::new(8, &leaves).unwrap();
    let k = CircuitId::Membership8.k();
    let run = |leaf: FieldElement, path: &MerklePath, root: FieldElement| {
        MockProver::run(
            k,
            &MembershipCircuit::new(leaf, path),
            vec![vec![root.to_fp()]],
        )
        .unwrap()
        .verify()
    };
    for (i, leaf) in leaves.iter().enumerate() {
        assert_eq!(run(*leaf, &tree.path(i).unwrap(), tree.root()), Ok(()));
    }
    let path = tree.path(4).unwrap();
    // Another leaf, another index, a changed sibling, another root: all fail.
    assert!(run(leaves[3], &path, tree.root()).is_err());
    let moved = MerklePath::new(5, path.siblings()).unwrap();
    assert!(run(leaves[4], &moved, tree.root()).is_err());
    let mut siblings = path.siblings().to_vec();
    siblings[7] = FieldElement::from_u64(1);
    let bad = MerklePath::new(4, &siblings).unwrap();
    assert!(run(leaves[4], &bad, tree.root()).is_err());
    assert!(run(leaves[4], &path, FieldElement::from_u64(9)).is_err());
}

#[test]
fn malformed_proofs_are_rejected_without_panicking() {
    let (statement, proof) =
        halo2::prove_range_with_entropy(BitSize::Bits16, 4242, &blinding(6), &ENTROPY).unwrap();
    let bytes = proof.as_bytes().to_vec();
    let t = Instant::now();
    let mut checked = 0;
    // One flipped bit, across the whole proof (points, scalars, the IPA rounds).
    for pos in (0..bytes.len()).step_by(13) {
        let mut b = bytes.clone();
        b[pos] ^= 1 << (pos % 8);
        let p = Proof::from_bytes(&b).unwrap();
        assert_eq!(
            halo2::verify(&statement, &p),
            Err(Error::InvalidProof),
            "byte {pos}"
        );
        checked += 1;
    }
    // Garbage of the right length.
    for seed in 1..=16 {
        let p = Proof::from_bytes(&garbage(bytes.len(), seed)).unwrap();
        assert_eq!(halo2::verify(&statement, &p), Err(Error::InvalidProof));
        checked += 1;
    }
    for fill in [0x00, 0xff] {
        let p = Proof::from_bytes(&vec![fill; bytes.len()]).unwrap();
        assert_eq!(halo2::verify(&statement, &p), Err(Error::InvalidProof));
    }
    eprintln!("{checked} mutated proofs rejected in {:?}", t.elapsed());
    // Truncated or extended: refused on the length, before any work.
    for len in [0, 1, 32, bytes.len() - 1] {
        let p = Proof::from_bytes(&bytes[..len]).unwrap();
        assert_eq!(
            halo2::verify(&statement, &p),
            Err(Error::InvalidLength {
                expected: bytes.len(),
                got: len
            })
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    let p = Proof::from_bytes(&longer).unwrap();
    assert!(matches!(
        halo2::verify(&statement, &p),
        Err(Error::InvalidLength { .. })
    ));
    assert_eq!(
        Proof::from_bytes(&vec![0; halo2::MAX_PROOF_LEN + 1]).err(),
        Some(Error::LimitExceeded)
    );
}

#[test]
fn malformed_encodings_are_rejected() {
    let (statement, proof) =
        halo2::prove_range_with_entropy(BitSize::Bits8, 200, &blinding(7), &ENTROPY).unwrap();
    let good = halo2::encode(&statement, &proof);
    assert!(matches!(
        halo2::decode(&[]),
        Err(Error::InvalidLength {
            expected: 2,
            got: 0
        })
    ));
    assert!(matches!(
        halo2::decode(&[0]),
        Err(Error::InvalidLength { .. })
    ));
    // Unknown ids.
    for code in [0x0000u16, 0x0005, 0x0100, 0x0105, 0xffff] {
        let mut b = good.clone();
        b[..2].copy_from_slice(&code.to_be_bytes());
        assert_eq!(
            halo2::decode(&b).err(),
            Some(Error::UnknownAlgorithm),
            "{code:#06x}"
        );
    }
    // Wrong total length for the id; too long overall (before anything else).
    assert!(matches!(
        halo2::decode(&good[..good.len() - 1]),
        Err(Error::InvalidLength { .. })
    ));
    let mut long = good.clone();
    long.push(0);
    assert!(matches!(
        halo2::decode(&long),
        Err(Error::InvalidLength { .. })
    ));
    assert_eq!(
        halo2::decode(&vec![0; halo2::MAX_ENCODED_LEN + 1]).err(),
        Some(Error::LimitExceeded)
    );
    // A public input ≥ p.
    let mut b = good.clone();
    b[2..34].fill(0xff);
    assert_eq!(halo2::decode(&b).err(), Some(Error::InvalidEncoding));
    // Another id of the same length: decodes, does not verify.
    let mut b = good.clone();
    b[..2].copy_from_slice(&CircuitId::Range64.code().to_be_bytes());
    assert_eq!(halo2::verify_encoded(&b).err(), Some(Error::InvalidProof));
    // Garbage after a valid id and length.
    for seed in 1..=8 {
        let mut b = garbage(good.len(), seed);
        b[..2].copy_from_slice(&good[..2]);
        b[33] = 0; // keep the public input canonical
        assert_eq!(halo2::verify_encoded(&b).err(), Some(Error::InvalidProof));
    }
    // Random bytes of every short length never panic.
    for len in 0..64 {
        let _ = halo2::verify_encoded(&garbage(len, len as u64 + 1));
    }
}

#[test]
fn registry_is_consistent() {
    let mut codes = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    for id in CircuitId::ALL {
        assert!(codes.insert(id.code()), "{id}: duplicate code");
        assert!(names.insert(id.name()), "{id}: duplicate name");
        assert_eq!(CircuitId::from_code(id.code()), Ok(id));
        assert_eq!(id.num_public_inputs(), 1);
        assert_eq!(id.encoded_len(), 2 + 32 + id.proof_len());
        assert!(id.encoded_len() <= halo2::MAX_ENCODED_LEN);
        assert!(id.proof_len() <= halo2::MAX_PROOF_LEN);
    }
    for bits in [8, 16, 32, 64] {
        let id = CircuitId::range(BitSize::from_bits(bits).unwrap());
        assert_eq!(id.name(), format!("range{bits}"));
    }
    for depth in [8, 16, 20, 32] {
        assert_eq!(
            CircuitId::membership(depth).unwrap().name(),
            format!("membership{depth}")
        );
    }
    assert!(matches!(
        CircuitId::membership(12),
        Err(Error::InvalidLength { .. })
    ));
    assert!(Statement::new(CircuitId::Range8, &[]).is_err());
    assert!(Statement::new(CircuitId::Range8, &[FieldElement::ZERO; 2]).is_err());
}

/// Each circuit's k is the smallest that fits it: `MockProver` accepts a valid witness at
/// k and refuses k − 1.
#[test]
fn registered_k_is_minimal() {
    let b = blinding(8);
    for bits in [BitSize::Bits8, BitSize::Bits64] {
        let id = CircuitId::range(bits);
        let circuit = RangeCircuit::new(bits, 3, &b);
        let public = vec![vec![halo2::commit(3, &b).to_fp()]];
        let ok = MockProver::run(id.k(), &circuit, public.clone()).unwrap();
        assert_eq!(ok.verify(), Ok(()));
        if bits == BitSize::Bits64 {
            assert!(
                MockProver::run(id.k() - 1, &circuit, public).is_err(),
                "{id}"
            );
        }
    }
    let leaves = leaves(2);
    for depth in [8, 16, 20, 32] {
        let id = CircuitId::membership(depth).unwrap();
        let tree = MerkleTree::new(depth, &leaves).unwrap();
        let circuit = MembershipCircuit::new(leaves[1], &tree.path(1).unwrap());
        let public: Vec<Vec<Fp>> = vec![vec![tree.root().to_fp()]];
        let ok = MockProver::run(id.k(), &circuit, public.clone()).unwrap();
        assert_eq!(ok.verify(), Ok(()), "{id}");
        if depth != 16 {
            assert!(
                MockProver::run(id.k() - 1, &circuit, public).is_err(),
                "{id}"
            );
        }
    }
}

#[test]
fn merkle_tree_helpers() {
    let leaves = leaves(7);
    let tree = MerkleTree::new(8, &leaves).unwrap();
    assert_eq!(tree.len(), 7);
    assert_eq!(tree.depth(), 8);
    for (i, leaf) in leaves.iter().enumerate() {
        let path = tree.path(i).unwrap();
        assert_eq!(path.index(), i as u64);
        assert_eq!(path.depth(), 8);
        assert_eq!(path.root(*leaf), tree.root());
    }
    assert_eq!(tree.path(7).err(), Some(Error::LimitExceeded));
    // Padding with explicit zero leaves does not change the root.
    let mut padded = leaves.clone();
    padded.resize(256, FieldElement::ZERO);
    assert_eq!(MerkleTree::new(8, &padded).unwrap().root(), tree.root());
    assert_eq!(
        MerkleTree::new(8, &vec![FieldElement::ZERO; 257]).err(),
        Some(Error::LimitExceeded)
    );
    assert_eq!(
        MerkleTree::new(32, &vec![FieldElement::ZERO; halo2::MAX_TREE_LEAVES + 1]).err(),
        Some(Error::LimitExceeded)
    );
    let empty = MerkleTree::new(8, &[]).unwrap();
    assert!(empty.is_empty());
    assert_eq!(
        empty.root(),
        MerkleTree::new(8, &[FieldElement::ZERO]).unwrap().root()
    );
    assert!(matches!(
        MerkleTree::new(10, &leaves),
        Err(Error::InvalidLength { .. })
    ));
    assert_eq!(
        MerklePath::new(256, &[FieldElement::ZERO; 8]).err(),
        Some(Error::LimitExceeded)
    );
    // Poseidon is order-sensitive: a node is Poseidon(left, right).
    let (a, b) = (FieldElement::from_u64(1), FieldElement::from_u64(2));
    assert_ne!(halo2::poseidon_hash(a, b), halo2::poseidon_hash(b, a));
    // Field elements: canonical encodings only.
    assert_eq!(
        FieldElement::from_bytes([0xff; 32]).err(),
        Some(Error::InvalidEncoding)
    );
    assert_eq!(
        FieldElement::from_bytes(a.to_bytes()).unwrap(),
        FieldElement::from_u64(1)
    );
    assert_eq!(
        Blinding::from_bytes([0xff; 32]).err(),
        Some(Error::InvalidKey)
    );
}

#[cfg(feature = "std")]
#[test]
fn os_randomness_provers() {
    let b = Blinding::random().unwrap();
    let (statement, proof) = halo2::prove_range(BitSize::Bits8, 9, &b).unwrap();
    halo2::verify(&statement, &proof).unwrap();
    let leaves = leaves(2);
    let tree = MerkleTree::new(8, &leaves).unwrap();
    let (statement, proof) = halo2::prove_membership(leaves[0], &tree.path(0).unwrap()).unwrap();
    halo2::verify(&statement, &proof).unwrap();
    // Two proofs of the same statement differ (fresh randomness), both verify.
    let (_, again) = halo2::prove_membership(leaves[0], &tree.path(0).unwrap()).unwrap();
    assert_ne!(proof, again);
    halo2::verify(&statement, &again).unwrap();
}
