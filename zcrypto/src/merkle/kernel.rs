//! The hashing kernel shared by every RFC 9162 structure: leaf and node hashes, with a
//! padding-free SHA-256 fast path, and the allocation-free subtree root used by
//! [`super::root`].

use core::any::TypeId;

use sha2::block_api::compress256;

use super::hash::{MerkleHash, Node, Sha256};

/// SHA-256 initial hash value (FIPS 180-4 §5.3.3).
const IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// Whether `H` is [`Sha256`]; a constant after monomorphization.
#[inline(always)]
fn is_sha256<H: MerkleHash>() -> bool {
    TypeId::of::<H>() == TypeId::of::<Sha256>()
}

#[inline(always)]
fn state_bytes(state: &[u32; 8]) -> Node {
    let mut out = [0u8; 32];
    for (o, w) in out.chunks_exact_mut(4).zip(state) {
        o.copy_from_slice(&w.to_be_bytes());
    }
    out
}

/// A SHA-256 chaining value: the hash as eight big-endian words.
pub(crate) type State = [u32; 8];

/// The words of a hash (the inverse of [`state_bytes`]).
#[inline(always)]
pub(crate) fn to_state(node: &Node) -> State {
    let mut s = [0u32; 8];
    for (j, w) in s.iter_mut().enumerate() {
        *w = u32::from_be_bytes([
            node[4 * j],
            node[4 * j + 1],
            node[4 * j + 2],
            node[4 * j + 3],
        ]);
    }
    s
}

/// The first block of SHA-256(0x01 ‖ left ‖ right), written straight from the words.
/// The second is [`node_second_block`] of the last byte of `right`.
#[inline(always)]
fn node_first_block(left: &State, right: &State) -> [u8; 64] {
    let mut b0 = [0u8; 64];
    b0[0] = 0x01;
    for j in 0..8 {
        b0[1 + 4 * j..5 + 4 * j].copy_from_slice(&left[j].to_be_bytes());
    }
    for j in 0..7 {
        b0[33 + 4 * j..37 + 4 * j].copy_from_slice(&right[j].to_be_bytes());
    }
    b0[61..].copy_from_slice(&right[7].to_be_bytes()[..3]);
    b0
}

/// The second (padding) block of a node hash: the last byte of the right child, `0x80`,
/// zeros and the 520-bit message length.
#[inline(always)]
fn node_second_block(right_last_byte: u8) -> [u8; 64] {
    let mut b1 = [0u8; 64];
    b1[0] = right_last_byte;
    b1[1] = 0x80;
    b1[56..].copy_from_slice(&(65u64 * 8).to_be_bytes());
    b1
}

/// SHA-256(0x01 ‖ left ‖ right) on chaining values.
#[inline(always)]
fn sha256_node_state(left: &State, right: &State) -> State {
    let blocks = [
        node_first_block(left, right),
        node_second_block(right[7] as u8),
    ];
    let mut state = IV;
    compress256(&mut state, &blocks);
    state
}

/// Replaces `buf[..2w]` by the `w` SHA-256 node hashes of its pairs.
///
/// Every block of the level is written out first and compressed afterwards, all first
/// blocks and then all second blocks: the compressions then never wait for the stores
/// that built their input, nor (within a pass) for each other, so the CPU overlaps them.
#[inline(always)]
fn sha256_level(buf: &mut [State; BATCH], width: usize) {
    let mut first = [[0u8; 64]; BATCH / 2];
    let mut second = [[0u8; 64]; BATCH / 2];
    for i in 0..width {
        first[i] = node_first_block(&buf[2 * i], &buf[2 * i + 1]);
        second[i] = node_second_block(buf[2 * i + 1][7] as u8);
    }
    let mut states = [IV; BATCH / 2];
    for i in 0..width {
        compress256(&mut states[i], core::slice::from_ref(&first[i]));
    }
    for i in 0..width {
        compress256(&mut states[i], core::slice::from_ref(&second[i]));
    }
    buf[..width].copy_from_slice(&states[..width]);
}

/// SHA-256(0x01 ‖ left ‖ right): the two padded blocks built directly, no buffering.
#[inline(always)]
fn sha256_node(left: &Node, right: &Node) -> Node {
    let mut blocks = [[0u8; 64]; 2];
    let [b0, b1] = &mut blocks;
    b0[0] = 0x01;
    b0[1..33].copy_from_slice(left);
    b0[33..].copy_from_slice(&right[..31]);
    b1[0] = right[31];
    b1[1] = 0x80;
    b1[56..].copy_from_slice(&(65u64 * 8).to_be_bytes());
    let mut state = IV;
    compress256(&mut state, &blocks);
    state_bytes(&state)
}

/// SHA-256(0x00 ‖ data) for data that fits one padded block (at most 54 bytes).
#[inline(always)]
fn sha256_short_leaf(data: &[u8]) -> Option<Node> {
    sha256_short_leaf_state(data).map(|s| state_bytes(&s))
}

/// The single padded block of SHA-256(0x00 ‖ data), for data of at most 54 bytes.
#[inline(always)]
fn short_leaf_block(data: &[u8]) -> Option<[u8; 64]> {
    let len = data.len();
    if len > 54 {
        return None;
    }
    let mut block = [0u8; 64];
    if let Ok(d) = <&[u8; 32]>::try_from(data) {
        block[1..33].copy_from_slice(d);
    } else {
        block[1..1 + len].copy_from_slice(data);
    }
    block[1 + len] = 0x80;
    block[56..].copy_from_slice(&((len as u64 + 1) * 8).to_be_bytes());
    Some(block)
}

/// SHA-256(0x00 ‖ data) as a chaining value, for data of at most 54 bytes.
#[inline(always)]
fn sha256_short_leaf_state(data: &[u8]) -> Option<State> {
    let block = short_leaf_block(data)?;
    let mut state = IV;
    compress256(&mut state, core::slice::from_ref(&block));
    Some(state)
}

/// SHA-256(0x00 ‖ leaf) as chaining values into `out[..leaves.len()]` (at most
/// [`BATCH`] leaves): every block is written before the first is compressed, so the
/// compressions neither wait for those stores nor for each other.
#[inline(always)]
pub(crate) fn sha256_leaf_states<L: AsRef<[u8]>>(leaves: &[L], out: &mut [State]) {
    let mut blocks = [[0u8; 64]; BATCH];
    let mut short = [false; BATCH];
    for (i, (leaf, o)) in leaves.iter().zip(out.iter_mut()).take(BATCH).enumerate() {
        match short_leaf_block(leaf.as_ref()) {
            Some(b) => {
                blocks[i] = b;
                short[i] = true;
            }
            None => *o = to_state(&Sha256::leaf(leaf.as_ref())),
        }
    }
    for ((o, block), &is_short) in out.iter_mut().zip(&blocks).zip(&short) {
        if is_short {
            *o = IV;
            compress256(o, core::slice::from_ref(block));
        }
    }
}

/// `H::leaf(data)`, with the SHA-256 fast path.
#[inline(always)]
pub(crate) fn leaf<H: MerkleHash>(data: &[u8]) -> Node {
    if is_sha256::<H>()
        && let Some(h) = sha256_short_leaf(data)
    {
        return h;
    }
    H::leaf(data)
}

/// `H::node(left, right)`, with the SHA-256 fast path.
#[inline(always)]
pub(crate) fn node<H: MerkleHash>(left: &Node, right: &Node) -> Node {
    if is_sha256::<H>() {
        sha256_node(left, right)
    } else {
        H::node(left, right)
    }
}

/// Subtrees of at most this many leaves are hashed on one thread.
const SERIAL_LEAVES: usize = 2048;

/// The largest power of two strictly below `n` (`n ≥ 2`): RFC 9162's split point.
#[inline]
pub(crate) fn split_point(n: usize) -> usize {
    debug_assert!(n >= 2);
    1usize << (usize::BITS - 1 - (n - 1).leading_zeros())
}

/// The RFC 9162 root of a non-empty run of items, each hashed into a leaf node by `f`
/// (or, when `H` is SHA-256, a batch at a time into chaining values by `s`, which must
/// agree with `f`).
///
/// Splits at the largest power of two below the length (RFC 9162 §2.1.1) and hashes the
/// halves in parallel down to [`SERIAL_LEAVES`], then runs [`serial_root`].
pub(crate) fn subtree_root<H, T, F, S>(items: &[T], f: &F, s: &S) -> Node
where
    H: MerkleHash,
    T: Sync,
    F: Fn(&T) -> Node + Sync,
    S: Fn(&[T], &mut [State]) + Sync,
{
    if items.len() <= SERIAL_LEAVES {
        return serial_root::<H, T, F, S>(items, f, s);
    }
    let (left, right) = items.split_at(split_point(items.len()));
    let (l, r) = crate::par::join(
        || subtree_root::<H, T, F, S>(left, f, s),
        || subtree_root::<H, T, F, S>(right, f, s),
    );
    node::<H>(&l, &r)
}

/// Leaves per batch in [`serial_root`]: hashed together so that the compressions of a
/// batch are independent and the CPU can overlap them.
const BATCH: usize = 64;

/// The root of a non-empty run of items on the calling thread, with no allocation.
fn serial_root<H, T, F, S>(items: &[T], f: &F, s: &S) -> Node
where
    H: MerkleHash,
    F: Fn(&T) -> Node,
    S: Fn(&[T], &mut [State]),
{
    if is_sha256::<H>() {
        // SHA-256 stays in chaining-value form between compressions.
        return state_bytes(&batched_root(
            items,
            [0; 8],
            s,
            &sha256_node_state,
            &sha256_level,
        ));
    }
    let leaves = |batch: &[T], out: &mut [Node]| {
        for (o, t) in out.iter_mut().zip(batch) {
            *o = f(t);
        }
    };
    let merge = |l: &Node, r: &Node| H::node(l, r);
    let level = |buf: &mut [Node; BATCH], width: usize| {
        for i in 0..width {
            buf[i] = merge(&buf[2 * i], &buf[2 * i + 1]);
        }
    };
    batched_root(items, [0; 32], &leaves, &merge, &level)
}

/// [`serial_root`] over any node representation `V`, given functions that hash a batch
/// of leaves, one interior node, and the first `2w` nodes of a buffer pairwise into its
/// first `w`.
///
/// Full batches of [`BATCH`] (a power of two) leaves are reduced level by level in a
/// stack buffer (every hash of a level is independent of the others, which lets an
/// out-of-order CPU overlap consecutive compressions instead of waiting for each), and
/// their roots merged into a [`Frontier`]. The last, partial batch goes through a
/// frontier of its own leaf by leaf. Folding the frontier right to left onto the tail's
/// root gives RFC 9162's root.
#[inline(always)]
fn batched_root<T, V: Copy>(
    items: &[T],
    zero: V,
    leaves: &impl Fn(&[T], &mut [V]),
    merge: &impl Fn(&V, &V) -> V,
    level: &impl Fn(&mut [V; BATCH], usize),
) -> V {
    let mut frontier = Frontier::new(zero);
    let mut batches = items.chunks_exact(BATCH);
    let mut buf = [zero; BATCH];
    for batch in &mut batches {
        leaves(batch, &mut buf);
        let mut width = BATCH;
        while width > 1 {
            width /= 2;
            level(&mut buf, width);
        }
        frontier.push(buf[0], merge);
    }
    let mut tail = Frontier::new(zero);
    for item in batches.remainder() {
        let mut one = [zero];
        leaves(core::slice::from_ref(item), &mut one);
        tail.push(one[0], merge);
    }
    match tail.root(merge) {
        Some(t) => frontier.fold(t, merge),
        None => frontier.root(merge).unwrap_or(zero),
    }
}

/// Complete subtree roots of equal-size units (leaves, or batches of leaves), largest
/// first, merged like binary carries as units arrive: at most 64 whatever the count.
struct Frontier<V> {
    nodes: [V; 65],
    depth: usize,
    count: u64,
}

impl<V: Copy> Frontier<V> {
    fn new(zero: V) -> Self {
        Frontier {
            nodes: [zero; 65],
            depth: 0,
            count: 0,
        }
    }

    #[inline(always)]
    fn push(&mut self, unit: V, merge: &impl Fn(&V, &V) -> V) {
        let mut h = unit;
        let mut n = self.count;
        while n & 1 == 1 && self.depth > 0 {
            self.depth -= 1;
            h = merge(&self.nodes[self.depth], &h);
            n >>= 1;
        }
        self.nodes[self.depth] = h;
        self.depth += 1;
        self.count += 1;
    }

    /// `right` folded under the frontier: `s1 ∘ (s2 ∘ (… ∘ right))`.
    fn fold(&self, right: V, merge: &impl Fn(&V, &V) -> V) -> V {
        self.nodes[..self.depth]
            .iter()
            .rev()
            .fold(right, |acc, l| merge(l, &acc))
    }

    fn root(&self, merge: &impl Fn(&V, &V) -> V) -> Option<V> {
        let (last, rest) = self.nodes[..self.depth].split_last()?;
        Some(rest.iter().rev().fold(*last, |acc, l| merge(l, &acc)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::{Blake3, Keccak256};

    #[test]
    fn sha256_fast_path_matches_digest() {
        let l = [7u8; 32];
        let r = [9u8; 32];
        assert_eq!(sha256_node(&l, &r), Sha256::node(&l, &r));
        assert_eq!(
            state_bytes(&sha256_node_state(&to_state(&l), &to_state(&r))),
            Sha256::node(&l, &r)
        );
        assert_eq!(state_bytes(&to_state(&l)), l);
        for len in 0..100 {
            let data: Vec<u8> = (0..len as u8).collect();
            assert_eq!(leaf::<Sha256>(&data), Sha256::leaf(&data), "len {len}");
        }
        assert_eq!(node::<Keccak256>(&l, &r), Keccak256::node(&l, &r));
        assert_eq!(leaf::<Blake3>(b"x"), Blake3::leaf(b"x"));
    }

    #[test]
    fn split_points() {
        assert_eq!(split_point(2), 1);
        assert_eq!(split_point(3), 2);
        assert_eq!(split_point(4), 2);
        assert_eq!(split_point(5), 4);
        assert_eq!(split_point(1 << 20), 1 << 19);
        assert_eq!(split_point((1 << 20) + 1), 1 << 20);
    }
}
