//! The Merkle-membership circuit: a secret leaf and authentication path to a public root
//! of a binary Poseidon tree.

use halo2_gadgets::utilities::cond_swap::{CondSwapChip, CondSwapConfig, CondSwapInstructions};
use halo2_proofs::circuit::{Layouter, SimpleFloorPlanner, Value};
use halo2_proofs::pasta::Fp;
use halo2_proofs::pasta::group::ff::Field;
use halo2_proofs::plonk::{self, Circuit, ConstraintSystem};

use super::{
    BaseConfig, CircuitId, FieldElement, MAX_TREE_LEAVES, Proof, ProverRng, Statement,
    configure_base, hash_in_circuit, poseidon_fp, prove_circuit,
};
use crate::Error;

/// The authentication path of a leaf: its index (bit i set = the node at level i is a
/// right child) and the sibling at each level, from the leaf up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerklePath {
    index: u64,
    siblings: Vec<FieldElement>,
}

impl MerklePath {
    /// A path from its parts: `siblings.len()` is the tree's depth (a registered one: 8,
    /// 16, 20 or 32, else [`Error::InvalidLength`]) and `index < 2^depth`
    /// ([`Error::LimitExceeded`] otherwise).
    pub fn new(index: u64, siblings: &[FieldElement]) -> Result<MerklePath, Error> {
        let depth = siblings.len();
        CircuitId::membership(depth)?;
        if depth < 64 && index >> depth != 0 {
            return Err(Error::LimitExceeded);
        }
        Ok(MerklePath {
            index,
            siblings: siblings.to_vec(),
        })
    }

    /// The leaf's index.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// The siblings, from the leaf's level up.
    pub fn siblings(&self) -> &[FieldElement] {
        &self.siblings
    }

    /// The tree's depth.
    pub fn depth(&self) -> usize {
        self.siblings.len()
    }

    /// The root this path leads to from `leaf`.
    pub fn root(&self, leaf: FieldElement) -> FieldElement {
        let mut node = leaf.0;
        for (level, sibling) in self.siblings.iter().enumerate() {
            node = if self.index >> level & 1 == 1 {
                poseidon_fp(sibling.0, node)
            } else {
                poseidon_fp(node, sibling.0)
            };
        }
        FieldElement(node)
    }
}

/// A binary Poseidon Merkle tree of a registered depth (8, 16, 20 or 32) over up to
/// [`MAX_TREE_LEAVES`] leaves; the remaining leaves are 0 (the hashes of empty subtrees
/// are computed once per level, so a deep tree costs no more than its leaves).
#[derive(Debug, Clone)]
pub struct MerkleTree {
    /// `levels[0]` holds the leaves, `levels[l]` the populated nodes of level l.
    levels: Vec<Vec<Fp>>,
    /// `empty[l]`: the root of an empty subtree of height l.
    empty: Vec<Fp>,
}

impl MerkleTree {
    /// The tree of `depth` levels whose first leaves are `leaves`.
    ///
    /// Errors: [`Error::InvalidLength`] for a depth with no registered circuit;
    /// [`Error::LimitExceeded`] for more than [`MAX_TREE_LEAVES`] leaves (before any work).
    pub fn new(depth: usize, leaves: &[FieldElement]) -> Result<MerkleTree, Error> {
        CircuitId::membership(depth)?;
        if leaves.len() > MAX_TREE_LEAVES || (depth < 64 && (leaves.len() as u64) > (1u64 << depth))
        {
            return Err(Error::LimitExceeded);
        }
        let mut empty = Vec::with_capacity(depth + 1);
        empty.push(Fp::ZERO);
        for l in 0..depth {
            empty.push(poseidon_fp(empty[l], empty[l]));
        }
        let mut levels = Vec::with_capacity(depth + 1);
        levels.push(leaves.iter().map(|x| x.0).collect::<Vec<_>>());
        for l in 0..depth {
            let below: &Vec<Fp> = &levels[l];
            let next = below
                .chunks(2)
                .map(|pair| poseidon_fp(pair[0], pair.get(1).copied().unwrap_or(empty[l])))
                .collect();
            levels.push(next);
        }
        Ok(MerkleTree { levels, empty })
    }

    /// The depth.
    pub fn depth(&self) -> usize {
        self.empty.len() - 1
    }

    /// The number of leaves given to [`MerkleTree::new`].
    pub fn len(&self) -> usize {
        self.levels[0].len()
    }

    /// Whether the tree was built without leaves (all leaves 0).
    pub fn is_empty(&self) -> bool {
        self.levels[0].is_empty()
    }

    /// The root.
    pub fn root(&self) -> FieldElement {
        let depth = self.depth();
        FieldElement(
            self.levels[depth]
                .first()
                .copied()
                .unwrap_or(self.empty[depth]),
        )
    }

    /// The authentication path of leaf `index` ([`Error::LimitExceeded`] unless
    /// `index < len()`).
    pub fn path(&self, index: usize) -> Result<MerklePath, Error> {
        if index >= self.len() {
            return Err(Error::LimitExceeded);
        }
        let siblings = (0..self.depth())
            .map(|l| {
                let i = (index >> l) ^ 1;
                FieldElement(self.levels[l].get(i).copied().unwrap_or(self.empty[l]))
            })
            .collect();
        Ok(MerklePath {
            index: index as u64,
            siblings,
        })
    }
}

/// The Merkle-membership circuit for one depth, with its witness (leaf and path).
///
/// Per level: a conditional swap (halo2_gadgets' `CondSwapChip`, which also constrains
/// the position bit to be 0 or 1) orders the current node and the witnessed sibling, and
/// Poseidon hashes the pair; the last hash is constrained to the public root.
///
/// [`MembershipCircuit::new`] does not check that the path leads anywhere in particular;
/// the root in the statement is what the constraints compare it with.
#[derive(Debug, Clone)]
pub struct MembershipCircuit {
    depth: usize,
    leaf: Value<Fp>,
    siblings: Vec<Value<Fp>>,
    positions: Vec<Value<bool>>,
}

/// [`MembershipCircuit`]'s columns.
#[derive(Debug, Clone)]
pub struct MembershipConfig {
    base: BaseConfig,
    swap: CondSwapConfig,
}

impl MembershipCircuit {
    /// The circuit with this witness.
    pub fn new(leaf: FieldElement, path: &MerklePath) -> MembershipCircuit {
        MembershipCircuit {
            depth: path.depth(),
            leaf: Value::known(leaf.0),
            siblings: path.siblings.iter().map(|s| Value::known(s.0)).collect(),
            positions: (0..path.depth())
                .map(|l| Value::known(path.index >> l & 1 == 1))
                .collect(),
        }
    }

    /// The registry id of this circuit ([`Error::InvalidLength`] for an unregistered depth).
    pub fn id(&self) -> Result<CircuitId, Error> {
        CircuitId::membership(self.depth)
    }

    pub(super) fn empty(depth: usize) -> MembershipCircuit {
        MembershipCircuit {
            depth,
            leaf: Value::unknown(),
            siblings: vec![Value::unknown(); depth],
            positions: vec![Value::unknown(); depth],
        }
    }
}

impl Circuit<Fp> for MembershipCircuit {
    type Config = MembershipConfig;
    type FloorPlanner = SimpleFloorPlanner;

    fn without_witnesses(&self) -> Self {
        MembershipCircuit::empty(self.depth)
    }

    fn configure(meta: &mut ConstraintSystem<Fp>) -> MembershipConfig {
        let base = configure_base(meta);
        let swap = CondSwapChip::configure(meta, base.advice);
        MembershipConfig { base, swap }
    }

    fn synthesize(
        &self,
        config: MembershipConfig,
        mut layouter: impl Layouter<Fp>,
    ) -> Result<(), plonk::Error> {
        let mut node = layouter.assign_region(
            || "leaf",
            |mut region| region.assign_advice(|| "leaf", config.base.advice[0], 0, || self.leaf),
        )?;
        let swap = CondSwapChip::construct(config.swap.clone());
        for (sibling, position) in self.siblings.iter().zip(&self.positions) {
            let (left, right) =
                swap.swap(layouter.namespace(|| "order"), (node, *sibling), *position)?;
            node = hash_in_circuit(&config.base, layouter.namespace(|| "node"), [left, right])?;
        }
        layouter.constrain_instance(node.cell(), config.base.instance, 0)
    }
}

/// Proves knowledge of `leaf` and `path` leading to the root `path.root(leaf)`, with 32
/// caller-supplied random bytes (see [the module docs](super#randomness)).
///
/// Returns the statement (its public input is the root) and the proof.
pub fn prove_membership_with_entropy(
    leaf: FieldElement,
    path: &MerklePath,
    entropy: &[u8; 32],
) -> Result<(Statement, Proof), Error> {
    let statement = Statement::membership(path.depth(), path.root(leaf))?;
    let mut witness = Vec::with_capacity(8 + 32 * (path.depth() + 1));
    witness.extend_from_slice(&path.index.to_le_bytes());
    witness.extend_from_slice(&leaf.to_bytes());
    for s in &path.siblings {
        witness.extend_from_slice(&s.to_bytes());
    }
    let rng = ProverRng::new(statement.circuit, entropy, &[&witness]);
    let proof = prove_circuit(&statement, MembershipCircuit::new(leaf, path), rng)?;
    Ok((statement, proof))
}

/// [`prove_membership_with_entropy`] with 32 bytes from the operating system's CSPRNG.
#[cfg(feature = "std")]
pub fn prove_membership(
    leaf: FieldElement,
    path: &MerklePath,
) -> Result<(Statement, Proof), Error> {
    let mut entropy = crate::rand::array::<32>()?;
    let out = prove_membership_with_entropy(leaf, path, &entropy);
    zeroize::Zeroize::zeroize(&mut entropy);
    out
}
