//! The sparse Merkle tree (`merkle::sparse`): random insert/update/delete sequences
//! against an independent naive reference, history independence, inclusion and
//! non-inclusion proofs (and their rejection under every one-bit change), malformed
//! proof encodings, stores, and the O(k log n) cost of an update.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use zcrypto::Error;
use zcrypto::merkle::sparse::{
    EMPTY, Key, MemoryStore, NodeReader, NodeStore, SparseMerkleTree, SparseProof, StoredNode,
};
use zcrypto::merkle::{Blake3, Keccak256, MerkleHash, Node, Sha256};

type Tree<H> = SparseMerkleTree<H, MemoryStore>;

// ---------------------------------------------------------------------------------
// The reference: the compressed tree's root computed straight from its definition.

fn key_bit(key: &Key, i: usize) -> bool {
    (key[i / 8] >> (7 - i % 8)) & 1 == 1
}

/// Root of the subtree at `depth` holding `leaves`: empty → 32 zero bytes; one leaf →
/// H(0x00 ‖ key ‖ H(value)); otherwise H(0x01 ‖ left ‖ right), splitting on bit `depth`.
fn reference_root<H: MerkleHash>(leaves: &[(&Key, &Vec<u8>)], depth: usize) -> Node {
    match leaves {
        [] => [0u8; 32],
        [(k, v)] => H::hash(&[&[0x00], &k[..], &H::hash(&[v])]),
        _ => {
            let (left, right): (Vec<_>, Vec<_>) =
                leaves.iter().partition(|(k, _)| !key_bit(k, depth));
            let l = reference_root::<H>(&left, depth + 1);
            let r = reference_root::<H>(&right, depth + 1);
            H::hash(&[&[0x01], &l, &r])
        }
    }
}

fn reference<H: MerkleHash>(map: &BTreeMap<Key, Vec<u8>>) -> Node {
    let leaves: Vec<_> = map.iter().collect();
    reference_root::<H>(&leaves, 0)
}

fn fresh<H: MerkleHash>(map: &BTreeMap<Key, Vec<u8>>) -> Tree<H> {
    let mut t = Tree::<H>::new(MemoryStore::new());
    t.update(map.iter().map(|(k, v)| (*k, Some(v.clone()))))
        .unwrap();
    t
}

fn key(i: u64) -> Key {
    zcrypto::hash::sha256(&i.to_be_bytes())
}

/// Keys with long shared prefixes: `base` with bit `b` flipped.
fn flip(base: &Key, b: usize) -> Key {
    let mut k = *base;
    k[b / 8] ^= 0x80 >> (b % 8);
    k
}

// ---------------------------------------------------------------------------------
// Proof checks

/// Every present key proves its value, and each proof fails for any other value, for
/// absence, under a flipped root bit, and for a different key.
fn check_proofs<H: MerkleHash>(tree: &Tree<H>, map: &BTreeMap<Key, Vec<u8>>, absent: &[Key]) {
    let root = tree.root();
    for (k, v) in map {
        assert_eq!(tree.get(k).unwrap().as_ref(), Some(v));
        let proof = tree.prove(k).unwrap();
        let decoded = SparseProof::decode(&proof.encode()).unwrap();
        assert_eq!(decoded, proof);
        assert_eq!(proof.verify::<H>(&root, k, Some(v)), Ok(()));
        assert_eq!(proof.verify::<H>(&root, k, None), Err(Error::InvalidProof));
        let mut other = v.clone();
        other.push(0);
        assert_eq!(
            proof.verify::<H>(&root, k, Some(&other)),
            Err(Error::InvalidProof)
        );
        let mut bad_root = root;
        bad_root[k[0] as usize % 32] ^= 1 << (k[1] % 8);
        assert_eq!(
            proof.verify::<H>(&bad_root, k, Some(v)),
            Err(Error::InvalidProof)
        );
        assert_eq!(
            proof.verify::<H>(&root, &flip(k, 255), Some(v)),
            Err(Error::InvalidProof)
        );
        for (k2, _) in map.iter().filter(|(k2, _)| *k2 != k).take(3) {
            assert_eq!(
                proof.verify::<H>(&root, k2, Some(v)),
                Err(Error::InvalidProof)
            );
        }
    }
    for k in absent.iter().filter(|k| !map.contains_key(*k)) {
        assert_eq!(tree.get(k).unwrap(), None);
        let proof = tree.prove(k).unwrap();
        assert_eq!(SparseProof::decode(&proof.encode()).unwrap(), proof);
        assert_eq!(proof.verify::<H>(&root, k, None), Ok(()), "absent {k:02x?}");
        assert_eq!(
            proof.verify::<H>(&root, k, Some(b"")),
            Err(Error::InvalidProof)
        );
        let mut bad_root = root;
        bad_root[31] ^= 0x80;
        assert_eq!(
            proof.verify::<H>(&bad_root, k, None),
            Err(Error::InvalidProof)
        );
    }
}

/// Flipping any single bit of the encoded proof makes it undecodable or non-verifying.
fn check_bit_flips<H: MerkleHash>(
    root: &Node,
    key: &Key,
    value: Option<&[u8]>,
    proof: &SparseProof,
) {
    let bytes = proof.encode();
    for i in 0..bytes.len() * 8 {
        let mut b = bytes.clone();
        b[i / 8] ^= 0x80 >> (i % 8);
        if let Ok(p) = SparseProof::decode(&b) {
            assert_eq!(
                p.verify::<H>(root, key, value),
                Err(Error::InvalidProof),
                "bit {i} of {} flipped still verifies",
                bytes.len()
            );
        }
    }
    // Truncation and trailing bytes.
    for len in 0..bytes.len() {
        assert_eq!(SparseProof::decode(&bytes[..len]), Err(Error::InvalidProof));
    }
    let mut long = bytes.clone();
    long.push(0);
    assert_eq!(SparseProof::decode(&long), Err(Error::InvalidProof));
}

// ---------------------------------------------------------------------------------
// Random operation sequences

#[derive(Debug, Clone)]
struct Scenario {
    pool: Vec<Key>,
    /// Batches of (index into pool, value or delete).
    batches: Vec<Vec<(usize, Option<Vec<u8>>)>>,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(any::<[u8; 32]>(), 1..6),
        prop::collection::vec(0usize..256, 0..6),
    )
        .prop_flat_map(|(bases, flips)| {
            // Bases plus near neighbours sharing 0..255 leading bits with the first base.
            let mut pool = bases.clone();
            for b in flips {
                pool.push(flip(&bases[0], b));
            }
            pool.push(flip(&bases[0], 255));
            let pool: Vec<Key> = pool
                .into_iter()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let n = pool.len();
            let op = (
                0..n,
                prop::option::weighted(0.7, prop::collection::vec(any::<u8>(), 0..4)),
            );
            let batches = prop::collection::vec(prop::collection::vec(op, 0..8), 1..6);
            (Just(pool), batches)
        })
        .prop_map(|(pool, batches)| Scenario { pool, batches })
}

fn run_scenario<H: MerkleHash>(s: &Scenario) {
    let mut batched = Tree::<H>::new(MemoryStore::new());
    let mut single = Tree::<H>::new(MemoryStore::new());
    let mut map = BTreeMap::new();
    let mut roots = Vec::new();
    for batch in &s.batches {
        let ops: Vec<(Key, Option<Vec<u8>>)> =
            batch.iter().map(|(i, v)| (s.pool[*i], v.clone())).collect();
        for (k, v) in &ops {
            match v {
                Some(v) => map.insert(*k, v.clone()),
                None => map.remove(k),
            };
            single.update([(*k, v.clone())]).unwrap();
            assert_eq!(single.root(), reference::<H>(&map));
        }
        let root = batched.update(ops).unwrap();
        assert_eq!(root, batched.root());
        assert_eq!(root, reference::<H>(&map));
        assert_eq!(root, single.root());
        roots.push((root, map.clone()));
    }
    let rebuilt = fresh::<H>(&map);
    assert_eq!(rebuilt.root(), batched.root());
    // Reverse insertion order gives the same root too.
    let mut reversed = Tree::<H>::new(MemoryStore::new());
    for (k, v) in map.iter().rev() {
        reversed.update([(*k, Some(v.clone()))]).unwrap();
    }
    assert_eq!(reversed.root(), batched.root());

    let mut absent: Vec<Key> = s.pool.clone();
    absent.extend(s.pool.iter().map(|k| flip(k, 200)));
    absent.push([0u8; 32]);
    absent.push([0xff; 32]);
    check_proofs(&batched, &map, &absent);

    // Bit flips on one inclusion and one non-inclusion proof.
    let root = batched.root();
    if let Some((k, v)) = map.iter().next() {
        check_bit_flips::<H>(&root, k, Some(v), &batched.prove(k).unwrap());
    }
    if let Some(k) = absent.iter().find(|k| !map.contains_key(*k)) {
        check_bit_flips::<H>(&root, k, None, &batched.prove(k).unwrap());
    }

    // Every earlier root is still readable from the same store.
    let store = batched.into_store();
    for (root, m) in roots {
        let old = SparseMerkleTree::<H, _>::open(&store, root).unwrap();
        for k in &s.pool {
            assert_eq!(old.get(k).unwrap().as_ref(), m.get(k));
        }
    }
}

proptest! {
    // No failure persistence: integration tests have no lib.rs for proptest to anchor
    // regression files to; a failure prints its minimal input instead.
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_sha256(s in scenario()) {
        run_scenario::<Sha256>(&s);
    }

    #[test]
    fn random_sequences_keccak_blake3(s in scenario()) {
        run_scenario::<Keccak256>(&s);
        run_scenario::<Blake3>(&s);
    }

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400), key in any::<[u8; 32]>()) {
        if let Ok(p) = SparseProof::decode(&bytes) {
            prop_assert_eq!(p.encode(), bytes);
            prop_assert!(p.depth() <= 256);
            let _ = p.verify::<Sha256>(&[0u8; 32], &key, None);
            let _ = p.verify::<Sha256>(&[1u8; 32], &key, Some(b"x"));
        }
    }

    #[test]
    fn structured_garbage_never_panics(
        tag in 0u8..3,
        depth in 0u16..300,
        tail in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut bytes = vec![tag];
        bytes.extend_from_slice(&depth.to_be_bytes());
        bytes.extend_from_slice(&tail);
        if let Ok(p) = SparseProof::decode(&bytes) {
            prop_assert!(tag < 2 && depth <= 256);
            prop_assert_eq!(p.encode(), bytes);
        }
    }
}

// ---------------------------------------------------------------------------------
// Fixed cases

#[test]
fn larger_random_map() {
    let mut map = BTreeMap::new();
    let mut tree = Tree::<Sha256>::new(MemoryStore::new());
    for round in 0..10u64 {
        let mut batch = Vec::new();
        for i in 0..60u64 {
            let k = key((round * 37 + i * 11) % 400);
            if (round + i) % 5 == 0 {
                map.remove(&k);
                batch.push((k, None));
            } else {
                let v = format!("{round}-{i}").into_bytes();
                map.insert(k, v.clone());
                batch.push((k, Some(v)));
            }
        }
        tree.update(batch).unwrap();
        assert_eq!(tree.root(), reference::<Sha256>(&map));
    }
    let absent: Vec<Key> = (400..450).map(key).collect();
    check_proofs(&tree, &map, &absent);
    assert_eq!(fresh::<Sha256>(&map).root(), tree.root());
    // Delete everything: back to the empty root.
    let keys: Vec<Key> = map.keys().copied().collect();
    tree.update(keys.iter().map(|k| (*k, None))).unwrap();
    assert_eq!(tree.root(), EMPTY);
}

#[test]
fn empty_and_single_leaf_trees() {
    let mut tree = Tree::<Sha256>::new(MemoryStore::new());
    assert_eq!(tree.root(), EMPTY);
    let p = tree.prove(&[5u8; 32]).unwrap();
    assert_eq!(p.depth(), 0);
    assert_eq!(p.encode(), vec![0, 0, 0]);
    p.verify::<Sha256>(&EMPTY, &[5u8; 32], None).unwrap();
    assert_eq!(
        p.verify::<Sha256>(&EMPTY, &[5u8; 32], Some(b"")),
        Err(Error::InvalidProof)
    );
    // Deleting from the empty tree is a no-op.
    assert_eq!(tree.update([([5u8; 32], None)]).unwrap(), EMPTY);
    assert_eq!(tree.update(Vec::new()).unwrap(), EMPTY);

    let root = tree.update([([5u8; 32], Some(Vec::new()))]).unwrap();
    assert_eq!(root, Sha256::hash(&[&[0], &[5u8; 32], &Sha256::hash(&[])]));
    // An empty value is a value, not a deletion.
    assert_eq!(tree.get(&[5u8; 32]).unwrap(), Some(Vec::new()));
    let p = tree.prove(&[5u8; 32]).unwrap();
    assert_eq!(p.depth(), 0);
    p.verify::<Sha256>(&root, &[5u8; 32], Some(b"")).unwrap();
    let q = tree.prove(&[6u8; 32]).unwrap();
    assert_eq!(q.leaf(), Some((&[5u8; 32], &Sha256::hash(&[]))));
    q.verify::<Sha256>(&root, &[6u8; 32], None).unwrap();
    check_bit_flips::<Sha256>(&root, &[6u8; 32], None, &q);
}

#[test]
fn keys_differing_in_the_last_bit() {
    let a = [0x5a; 32];
    let b = flip(&a, 255);
    let mut tree = Tree::<Keccak256>::new(MemoryStore::new());
    let root = tree
        .update([(a, Some(b"a".to_vec())), (b, Some(b"b".to_vec()))])
        .unwrap();
    let mut map = BTreeMap::new();
    map.insert(a, b"a".to_vec());
    map.insert(b, b"b".to_vec());
    assert_eq!(root, reference::<Keccak256>(&map));
    let p = tree.prove(&a).unwrap();
    assert_eq!(p.depth(), 256);
    assert_eq!(p.siblings().iter().filter(|s| **s != EMPTY).count(), 1);
    // 1 tag + 2 depth + 64 leaf + 32 bitmap + 1 sibling
    assert_eq!(p.encode().len(), 3 + 64 + 32 + 32);
    p.verify::<Keccak256>(&root, &a, Some(b"a")).unwrap();
    check_bit_flips::<Keccak256>(&root, &a, Some(b"a"), &p);
    check_proofs(&tree, &map, &[flip(&a, 254), flip(&a, 0), flip(&b, 254)]);
    // Deleting one collapses 256 levels back into a single leaf at the root.
    let root = tree.update([(b, None)]).unwrap();
    assert_eq!(
        root,
        Keccak256::hash(&[&[0], &a, &Keccak256::hash(&[b"a"])])
    );
    assert_eq!(tree.prove(&a).unwrap().depth(), 0);
}

#[test]
fn batch_duplicates_last_wins() {
    let mut tree = Tree::<Sha256>::new(MemoryStore::new());
    tree.update([
        ([1u8; 32], Some(b"x".to_vec())),
        ([2u8; 32], Some(b"y".to_vec())),
        ([1u8; 32], None),
        ([2u8; 32], Some(b"z".to_vec())),
        ([3u8; 32], None),
        ([3u8; 32], Some(b"w".to_vec())),
    ])
    .unwrap();
    assert_eq!(tree.get(&[1u8; 32]).unwrap(), None);
    assert_eq!(tree.get(&[2u8; 32]).unwrap(), Some(b"z".to_vec()));
    assert_eq!(tree.get(&[3u8; 32]).unwrap(), Some(b"w".to_vec()));
    let mut map = BTreeMap::new();
    map.insert([2u8; 32], b"z".to_vec());
    map.insert([3u8; 32], b"w".to_vec());
    assert_eq!(tree.root(), reference::<Sha256>(&map));
}

#[test]
fn malformed_proofs() {
    let mut tree = Tree::<Sha256>::new(MemoryStore::new());
    let keys: Vec<Key> = (0..50).map(key).collect();
    let root = tree
        .update(keys.iter().map(|k| (*k, Some(k.to_vec()))))
        .unwrap();
    let good = tree.prove(&keys[0]).unwrap().encode();
    for bad in [
        Vec::new(),
        vec![0],
        vec![0, 0],
        vec![2, 0, 0],
        vec![0xff, 0, 0],
        vec![0, 1, 1],              // depth 257
        vec![0, 0xff, 0xff],        // depth 65535
        vec![1, 0, 0],              // leaf missing
        vec![0, 0, 3, 0b0001_0000], // padding bit set
        vec![0, 0, 3, 0b1000_0000], // sibling missing
    ] {
        assert_eq!(
            SparseProof::decode(&bad),
            Err(Error::InvalidProof),
            "{bad:?}"
        );
    }
    // Depth 257 with a complete body is still refused.
    let mut deep = vec![0, 1, 1];
    deep.extend(vec![0u8; 33]);
    assert_eq!(SparseProof::decode(&deep), Err(Error::InvalidProof));
    // Tag 0 ↔ 1 swaps.
    let mut swapped = good.clone();
    swapped[0] ^= 1;
    assert!(
        SparseProof::decode(&swapped).is_err() || {
            let p = SparseProof::decode(&swapped).unwrap();
            p.verify::<Sha256>(&root, &keys[0], Some(&keys[0])).is_err()
        }
    );
    // A proof from another hash function.
    let p = SparseProof::decode(&good).unwrap();
    p.verify::<Sha256>(&root, &keys[0], Some(&keys[0])).unwrap();
    assert_eq!(
        p.verify::<Keccak256>(&root, &keys[0], Some(&keys[0])),
        Err(Error::InvalidProof)
    );
    // A non-inclusion proof ending in a leaf whose key is off the path is refused even
    // if the root matched: take the inclusion proof of keys[0] and claim it shows the
    // absence of a key that branches off above the leaf.
    let far = flip(&keys[0], 0);
    assert_eq!(
        p.verify::<Sha256>(&root, &far, None),
        Err(Error::InvalidProof)
    );
}

#[test]
fn open_and_store_behaviour() {
    let mut store = MemoryStore::new();
    assert!(store.is_empty());
    let r1 = {
        let mut t = SparseMerkleTree::<Sha256, _>::new(&mut store);
        t.update([([1u8; 32], Some(b"one".to_vec()))]).unwrap()
    };
    let r2 = {
        let mut t = SparseMerkleTree::<Sha256, _>::open(&mut store, r1).unwrap();
        t.update([([2u8; 32], Some(b"two".to_vec()))]).unwrap()
    };
    assert!(store.len() >= 3);
    let t1 = SparseMerkleTree::<Sha256, _>::open(&store, r1).unwrap();
    let t2 = SparseMerkleTree::<Sha256, _>::open(&store, r2).unwrap();
    assert_eq!(t1.get(&[2u8; 32]).unwrap(), None);
    assert_eq!(t2.get(&[2u8; 32]).unwrap(), Some(b"two".to_vec()));
    assert_eq!(
        SparseMerkleTree::<Sha256, _>::open(&store, [9u8; 32]).err(),
        Some(Error::Internal)
    );
    assert!(SparseMerkleTree::<Sha256, _>::open(MemoryStore::new(), EMPTY).is_ok());

    // StoredNode encoding round-trips and checks lengths.
    let node = store.get(&r2).unwrap().unwrap();
    assert_eq!(node.hash::<Sha256>(), r2);
    assert_eq!(StoredNode::decode(&node.encode()), Ok(node.clone()));
    let leaf = store.get(&t1.root()).unwrap().unwrap();
    assert!(matches!(leaf, StoredNode::Leaf { .. }));
    assert_eq!(StoredNode::decode(&leaf.encode()), Ok(leaf));
    let enc = node.encode();
    assert_eq!(StoredNode::decode(&enc[..64]), Err(Error::InvalidEncoding));
    assert_eq!(
        StoredNode::decode(&[enc.clone(), vec![0]].concat()),
        Err(Error::InvalidEncoding)
    );
    assert_eq!(StoredNode::decode(&[]), Err(Error::InvalidEncoding));
    let mut bad_tag = enc;
    bad_tag[0] = 2;
    assert_eq!(StoredNode::decode(&bad_tag), Err(Error::InvalidEncoding));
}

/// A store that loses a node: reads report `Error::Internal`, never panic.
#[test]
fn missing_nodes_are_errors() {
    #[derive(Default)]
    struct Lossy(MemoryStore, Option<Node>);
    impl NodeReader for Lossy {
        type Error = Error;
        fn get(&self, h: &Node) -> Result<Option<StoredNode>, Error> {
            if Some(*h) == self.1 {
                Ok(None)
            } else {
                self.0.get(h)
            }
        }
    }
    impl NodeStore for Lossy {
        fn put(&mut self, h: Node, n: StoredNode) -> Result<(), Error> {
            self.0.put(h, n)
        }
    }
    let mut tree = SparseMerkleTree::<Sha256, _>::new(Lossy::default());
    tree.update((0..20).map(|i| (key(i), Some(vec![i as u8]))))
        .unwrap();
    let root = tree.root();
    let StoredNode::Internal { left, .. } = tree.store().get(&root).unwrap().unwrap() else {
        panic!("root is a leaf")
    };
    let mut store = tree.into_store();
    store.1 = Some(left);
    let mut tree = SparseMerkleTree::<Sha256, _>::open(store, root).unwrap();
    let k = (0..20).map(key).find(|k| k[0] & 0x80 == 0).unwrap();
    assert_eq!(tree.get(&k), Err(Error::Internal));
    assert_eq!(tree.prove(&k).err(), Some(Error::Internal));
    assert_eq!(tree.update([(k, None)]), Err(Error::Internal));
    assert_eq!(tree.root(), root, "a failed update keeps the old root");
}

// ---------------------------------------------------------------------------------
// Cost

static HASHES: AtomicUsize = AtomicUsize::new(0);

/// SHA-256 that counts its calls.
#[derive(Clone, Copy)]
struct CountingSha256;

impl MerkleHash for CountingSha256 {
    const NAME: &'static str = "counting-sha256";
    fn hash(parts: &[&[u8]]) -> Node {
        HASHES.fetch_add(1, Ordering::Relaxed);
        Sha256::hash(parts)
    }
}

/// Counts the nodes written.
#[derive(Default)]
struct CountingStore(MemoryStore, usize);

impl NodeReader for CountingStore {
    type Error = Error;
    fn get(&self, h: &Node) -> Result<Option<StoredNode>, Error> {
        self.0.get(h)
    }
}

impl NodeStore for CountingStore {
    fn put(&mut self, h: Node, n: StoredNode) -> Result<(), Error> {
        self.1 += 1;
        self.0.put(h, n)
    }
}

#[test]
fn update_cost_is_k_log_n() {
    const N: u64 = 4096;
    const K: u64 = 8;
    let mut tree = SparseMerkleTree::<CountingSha256, _>::new(CountingStore::default());
    tree.update((0..N).map(|i| (key(i), Some(i.to_be_bytes().to_vec()))))
        .unwrap();
    let log_n = 12;
    // Building n keys at once: about 2n interior and leaf nodes, not 256n.
    assert!(tree.store().1 < 3 * N as usize, "{} writes", tree.store().1);

    for (what, batch) in [
        (
            "insert",
            (N..N + K)
                .map(|i| (key(i), Some(vec![1])))
                .collect::<Vec<_>>(),
        ),
        (
            "modify",
            (0..K).map(|i| (key(i * 100), Some(vec![2]))).collect(),
        ),
        ("delete", (0..K).map(|i| (key(i * 100 + 1), None)).collect()),
    ] {
        HASHES.store(0, Ordering::Relaxed);
        let writes_before = tree.store().1;
        tree.update(batch).unwrap();
        let hashes = HASHES.load(Ordering::Relaxed);
        let writes = tree.store().1 - writes_before;
        eprintln!("{what}: {K} keys into {N}: {hashes} hashes, {writes} node writes");
        // Per key: value hash, leaf hash, ~log n + a few interior nodes; paths share
        // their top. 256 hashes per key would be 2048.
        let bound = K as usize * (2 * log_n + 8);
        assert!(hashes <= bound, "{what}: {hashes} hashes > {bound}");
        assert!(writes <= bound, "{what}: {writes} writes > {bound}");
    }

    // One key into the 4096-key tree.
    HASHES.store(0, Ordering::Relaxed);
    tree.update([(key(1 << 40), Some(vec![3]))]).unwrap();
    let one = HASHES.load(Ordering::Relaxed);
    eprintln!("1 key into {N}: {one} hashes");
    assert!(one <= 2 * log_n + 8, "{one}");
}

/// Timings on a large in-memory tree (not run by default):
/// `cargo test -p zcrypto --test merkle_sparse --config 'profile.dev.package.zcrypto.opt-level=3' -- --ignored --nocapture measure`
#[test]
#[ignore]
fn measure_large_tree() {
    use std::time::Instant;
    let n: u64 = std::env::var("SMT_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let mut tree = Tree::<Sha256>::new(MemoryStore::new());
    let t = Instant::now();
    tree.update((0..n).map(|i| (key(i), Some(i.to_be_bytes().to_vec()))))
        .unwrap();
    eprintln!(
        "build {n} keys in one batch: {:?} ({} nodes)",
        t.elapsed(),
        tree.store().len()
    );
    let mut i = n;
    for k in [1u64, 1, 10, 1000, 1000, 10_000] {
        let batch: Vec<_> = (i..i + k).map(|j| (key(j), Some(vec![7; 32]))).collect();
        i += k;
        let t = Instant::now();
        tree.update(batch).unwrap();
        eprintln!("insert {k} new keys: {:?}", t.elapsed());
    }
    for k in [1u64, 1000] {
        let batch: Vec<_> = (0..k).map(|j| (key(j * 7), Some(vec![8; 32]))).collect();
        let t = Instant::now();
        tree.update(batch).unwrap();
        eprintln!("modify {k} existing keys: {:?}", t.elapsed());
    }
    let t = Instant::now();
    for j in 0..1000 {
        tree.prove(&key(j)).unwrap();
    }
    eprintln!("prove: {:?} each", t.elapsed() / 1000);
    let p = tree.prove(&key(3)).unwrap();
    eprintln!("proof depth {}, {} bytes", p.depth(), p.encode().len());
    let root = tree.root();
    let t = Instant::now();
    for _ in 0..1000 {
        p.verify::<Sha256>(&root, &key(3), Some(&3u64.to_be_bytes()))
            .unwrap();
    }
    eprintln!("verify: {:?} each", t.elapsed() / 1000);
}
