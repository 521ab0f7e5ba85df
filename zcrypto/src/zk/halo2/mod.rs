//! halo2 (PLONK) proofs for circuits shipped with zcrypto: a **range check** on a
//! committed value and **Merkle membership** under a Poseidon tree, with provers (so users
//! make their own proofs) and verifiers that need nothing but the circuit's id, the public
//! inputs and the proof bytes.
//!
//! ## What halo2 is here
//!
//! [halo2](https://zcash.github.io/halo2/) is the PLONK-style proof system of Zcash's
//! Orchard: a circuit is a table of field elements (advice, fixed and instance columns)
//! with polynomial constraints between its rows; a proof convinces the verifier that the
//! prover knows advice values satisfying every constraint for the given **public inputs**
//! (the instance column), revealing nothing else. Its polynomial commitment is the
//! **inner-product argument (IPA)** over the Pasta curves: the circuit works over the
//! Pallas base field 𝔽ₚ (= the Vesta scalar field; [`FieldElement`]) and commits with Vesta
//! points. IPA needs **no trusted setup**: the public parameters for a circuit of 2ᵏ rows
//! are 2ᵏ points derived by hashing to the curve (`Params::new(k)`), so anyone can
//! recompute them.
//!
//! The proof system is the Zcash crates [`halo2_proofs`] 0.4 (no `multicore`: no rayon
//! inside) and [`halo2_gadgets`] 0.6 for the Poseidon chip. zcrypto adds the shipped
//! circuits, a registry of stable circuit ids, keys generated once per circuit and cached,
//! typed statements, a binary encoding, bounds checked before any work, and [`Error`] codes
//! instead of panics.
//!
//! ## The circuits
//!
//! Every hash is **Poseidon** `P128Pow5T3` over 𝔽ₚ (width 3, rate 2, x⁵ S-box, 8 full and
//! 56 partial rounds, constant-length-2 padding): the instance Zcash's Orchard uses, in
//! circuit as [`halo2_gadgets::poseidon::Pow5Chip`], natively as [`poseidon_hash`].
//!
//! * **Range check** ([`CircuitId::Range8`] … [`CircuitId::Range64`]): the prover knows a
//!   value v and a blinding r with `commitment = Poseidon(v, r)` and `v < 2ⁿ`
//!   (n = 8, 16, 32, 64). Public input: the commitment. The circuit builds v from n bits,
//!   most significant first (a running sum `z₀ = 0, zᵢ₊₁ = 2·zᵢ + bᵢ` with each bᵢ
//!   constrained to 0 or 1) and hashes `z_n` with r. See [`prove_range`] and [`commit`].
//! * **Merkle membership** ([`CircuitId::Membership8`] … [`CircuitId::Membership32`]): the
//!   prover knows a leaf and an authentication path (siblings and position bits) from it
//!   to the public **root** of a binary Poseidon tree of fixed depth (8, 16, 20 or 32):
//!   `node = Poseidon(left, right)`, empty leaves are 0. Public input: the root only; the
//!   leaf and its position stay secret. The proof is not bound to any context or
//!   nullifier: whoever knows a leaf of the tree can make one, and a proof can be shown
//!   again. See [`prove_membership`] and [`MerkleTree`].
//!
//! ## Registry: circuit ids, keys and proof sizes
//!
//! | id | [`CircuitId`] | k (2ᵏ rows) | public inputs | proof bytes |
//! |---:|---|---:|---|---:|
//! | 0x0001 | `Range8` | 7 | commitment | 2 400 |
//! | 0x0002 | `Range16` | 7 | commitment | 2 400 |
//! | 0x0003 | `Range32` | 7 | commitment | 2 400 |
//! | 0x0004 | `Range64` | 7 | commitment | 2 400 |
//! | 0x0101 | `Membership8` | 9 | root | 2 528 |
//! | 0x0102 | `Membership16` | 10 | root | 2 592 |
//! | 0x0103 | `Membership20` | 10 | root | 2 592 |
//! | 0x0104 | `Membership32` | 11 | root | 2 656 |
//!
//! The IPA parameters, verifying key and proving key of a circuit are deterministic
//! functions of the circuit's code and k: zcrypto computes them the first time a circuit
//! is used (the verifying key takes milliseconds to a few hundred milliseconds; the
//! proving key, needed only to prove, longer) and keeps them for the life of the process.
//! A verifier therefore needs only `(circuit id, public inputs, proof)`.
//!
//! ### How to register a new circuit
//!
//! 1. Write the circuit (a type implementing [`halo2_proofs::plonk::Circuit`] over
//!    [`Fp`](halo2_proofs::pasta::Fp), in its own file of this module), its
//!    `without_witnesses` form, and a prover function that checks the witness natively
//!    first (halo2's prover does not check constraints: an unsatisfied witness gives an
//!    invalid proof, not an error). Test it with [`halo2_proofs::dev::MockProver`].
//! 2. Add a variant to [`CircuitId`] with a **new** code (ranges: 0x00xx; Merkle:
//!    0x01xx; a new family: the next free high byte). A code is never reused, renumbered
//!    or given to a changed circuit: any change to a circuit's constraints, layout or k
//!    changes its verifying key and makes old proofs fail, so a changed circuit is a new
//!    id (keep the old one while proofs for it exist).
//! 3. Fill in its row in the `CircuitId` methods ([`CircuitId::k`], the smallest k that
//!    `MockProver` accepts; [`CircuitId::num_public_inputs`]; [`CircuitId::proof_len`],
//!    the exact length the prover writes; [`CircuitId::name`]), add it to
//!    [`CircuitId::ALL`], and have `keygen` build its `without_witnesses` circuit.
//! 4. Extend the tests (`zcrypto/tests/zk_halo2.rs`: a round trip, the negative cases, the
//!    proof length) and the table above.
//!
//! ## Encoding
//!
//! [`encode`] / [`decode`] give the one binary form the CLI and the VMs take:
//!
//! ```text
//! circuit id   2 bytes, big-endian
//! inputs       32 bytes each (canonical little-endian 𝔽ₚ), as many as the circuit takes
//! proof        the rest: exactly CircuitId::proof_len() bytes
//! ```
//!
//! [`decode`] checks the total length against [`MAX_ENCODED_LEN`] (then the exact length
//! the id implies) before reading anything else.
//!
//! ## Errors and bounds
//!
//! Verification never panics on malformed input and its work is bounded by the circuit
//! (each registered circuit has a fixed proof length, checked before any work):
//!
//! * [`Error::UnknownAlgorithm`]: an unknown circuit id;
//! * [`Error::InvalidLength`]: a proof (or encoding) of the wrong length, the wrong number
//!   of public inputs, or a Merkle depth / range size with no registered circuit;
//! * [`Error::LimitExceeded`]: more than [`MAX_ENCODED_LEN`] / [`MAX_PROOF_LEN`] bytes, a
//!   tree with more than [`MAX_TREE_LEAVES`] leaves, or (prover) a value out of range;
//! * [`Error::InvalidEncoding`]: a field element that is not canonical (≥ p);
//! * [`Error::InvalidProof`]: the proof does not verify (including undecodable points and
//!   scalars inside it).
//!
//! ## Randomness
//!
//! Proving needs fresh randomness (it blinds the witness): [`prove_range`] and
//! [`prove_membership`] (feature `std`) draw 32 bytes from the operating system;
//! [`prove_range_with_entropy`] / [`prove_membership_with_entropy`] take 32 caller-supplied
//! random bytes. Either way the prover's RNG is a BLAKE3 XOF keyed with the entropy, the
//! circuit id and the witness, so a weak entropy source alone does not leak the witness.
//! Verification is deterministic (Fiat–Shamir with BLAKE2b, halo2's transcript).
//!
//! ## Example
//!
//! ```
//! use zcrypto::zk::bulletproofs::BitSize;
//! use zcrypto::zk::halo2::{self, Blinding, FieldElement, MerkleTree};
//!
//! // A 32-bit range check on a committed value.
//! let blinding = Blinding::from_bytes([7; 32])?; // use Blinding::random() in practice
//! let (statement, proof) =
//!     halo2::prove_range_with_entropy(BitSize::Bits32, 1_000_000, &blinding, &[9; 32])?;
//! assert_eq!(statement.public_inputs()[0], halo2::commit(1_000_000, &blinding));
//! halo2::verify(&statement, &proof)?;
//!
//! // The (circuit id, public inputs, proof) triple travels as one byte string.
//! let bytes = halo2::encode(&statement, &proof);
//! let (statement, proof) = halo2::decode(&bytes)?;
//! halo2::verify(&statement, &proof)?;
//!
//! // Membership in a depth-8 Poseidon tree: the root is public, the leaf is not.
//! let leaves: Vec<FieldElement> = (1..=5).map(FieldElement::from_u64).collect();
//! let tree = MerkleTree::new(8, &leaves)?;
//! let (statement, proof) =
//!     halo2::prove_membership_with_entropy(leaves[3], &tree.path(3)?, &[9; 32])?;
//! assert_eq!(statement.public_inputs(), &[tree.root()]);
//! halo2::verify(&statement, &proof)?;
//! # Ok::<(), zcrypto::Error>(())
//! ```

use core::convert::Infallible;
use core::fmt;
use std::sync::OnceLock;

use halo2_gadgets::poseidon::primitives::{self as poseidon, ConstantLength, P128Pow5T3};
use halo2_gadgets::poseidon::{Hash as PoseidonGadget, Pow5Chip, Pow5Config};
use halo2_proofs::circuit::{AssignedCell, Layouter};
use halo2_proofs::pasta::group::ff::{Field, FromUniformBytes, PrimeField};
use halo2_proofs::pasta::{EqAffine, Fp};
use halo2_proofs::plonk::{
    self, Advice, Circuit, Column, ConstraintSystem, Fixed, Instance, ProvingKey, SingleVerifier,
    VerifyingKey,
};
use halo2_proofs::poly::commitment::Params;
use halo2_proofs::transcript::{Blake2bRead, Blake2bWrite, Challenge255};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::Error;
use crate::zk::bulletproofs::BitSize;

mod merkle;
mod range;

pub use merkle::{MembershipCircuit, MerklePath, MerkleTree, prove_membership_with_entropy};
pub use range::{RangeCircuit, commit, prove_range_with_entropy};
#[cfg(feature = "std")]
pub use {merkle::prove_membership, range::prove_range};

/// The crates the circuits are built with, re-exported for custom circuits and for
/// checking constraints with [`halo2_proofs::dev::MockProver`].
pub use {halo2_gadgets, halo2_proofs};

/// The longest proof [`Proof::from_bytes`] accepts (every registered circuit's proof is
/// shorter; [`verify`] then requires the circuit's exact [`CircuitId::proof_len`]).
pub const MAX_PROOF_LEN: usize = 8 * 1024;

/// The longest encoding [`decode`] reads: the id, up to 8 public inputs and a proof of
/// [`MAX_PROOF_LEN`] bytes.
pub const MAX_ENCODED_LEN: usize = 2 + 8 * 32 + MAX_PROOF_LEN;

/// The most leaves a [`MerkleTree`] holds (2¹⁶; a deeper tree is mostly empty subtrees,
/// which cost nothing).
pub const MAX_TREE_LEAVES: usize = 1 << 16;

/// A registered circuit: the stable id a proof names to be verified.
///
/// The numeric [`code`](CircuitId::code) is part of the [encoding](self#encoding) and
/// never changes meaning (see [how to register a circuit](self#how-to-register-a-new-circuit)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum CircuitId {
    /// Range check, `v < 2⁸`, on `Poseidon(v, r)` (code 0x0001).
    Range8,
    /// Range check, `v < 2¹⁶` (code 0x0002).
    Range16,
    /// Range check, `v < 2³²` (code 0x0003).
    Range32,
    /// Range check, `v < 2⁶⁴` (code 0x0004).
    Range64,
    /// Merkle membership in a Poseidon tree of depth 8 (code 0x0101).
    Membership8,
    /// Merkle membership, depth 16 (code 0x0102).
    Membership16,
    /// Merkle membership, depth 20 (code 0x0103).
    Membership20,
    /// Merkle membership, depth 32 (code 0x0104).
    Membership32,
}

/// What a circuit id stands for.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Range(BitSize),
    Membership(usize),
}

impl CircuitId {
    /// Every registered circuit.
    pub const ALL: [CircuitId; 8] = [
        CircuitId::Range8,
        CircuitId::Range16,
        CircuitId::Range32,
        CircuitId::Range64,
        CircuitId::Membership8,
        CircuitId::Membership16,
        CircuitId::Membership20,
        CircuitId::Membership32,
    ];

    /// The stable numeric id (the first two bytes of the [encoding](self#encoding)).
    pub const fn code(self) -> u16 {
        match self {
            CircuitId::Range8 => 0x0001,
            CircuitId::Range16 => 0x0002,
            CircuitId::Range32 => 0x0003,
            CircuitId::Range64 => 0x0004,
            CircuitId::Membership8 => 0x0101,
            CircuitId::Membership16 => 0x0102,
            CircuitId::Membership20 => 0x0103,
            CircuitId::Membership32 => 0x0104,
        }
    }

    /// The circuit with this code; [`Error::UnknownAlgorithm`] if none is registered.
    pub const fn from_code(code: u16) -> Result<CircuitId, Error> {
        Ok(match code {
            0x0001 => CircuitId::Range8,
            0x0002 => CircuitId::Range16,
            0x0003 => CircuitId::Range32,
            0x0004 => CircuitId::Range64,
            0x0101 => CircuitId::Membership8,
            0x0102 => CircuitId::Membership16,
            0x0103 => CircuitId::Membership20,
            0x0104 => CircuitId::Membership32,
            _ => return Err(Error::UnknownAlgorithm),
        })
    }

    /// The range-check circuit for `bits`.
    pub const fn range(bits: BitSize) -> CircuitId {
        match bits {
            BitSize::Bits8 => CircuitId::Range8,
            BitSize::Bits16 => CircuitId::Range16,
            BitSize::Bits32 => CircuitId::Range32,
            BitSize::Bits64 => CircuitId::Range64,
        }
    }

    /// The Merkle-membership circuit for trees of `depth` levels (8, 16, 20 or 32;
    /// [`Error::InvalidLength`] otherwise).
    pub const fn membership(depth: usize) -> Result<CircuitId, Error> {
        Ok(match depth {
            8 => CircuitId::Membership8,
            16 => CircuitId::Membership16,
            20 => CircuitId::Membership20,
            32 => CircuitId::Membership32,
            got => return Err(Error::InvalidLength { expected: 32, got }),
        })
    }

    /// A short stable name (`"range32"`, `"membership20"`, ...), as the CLI prints it.
    pub const fn name(self) -> &'static str {
        match self {
            CircuitId::Range8 => "range8",
            CircuitId::Range16 => "range16",
            CircuitId::Range32 => "range32",
            CircuitId::Range64 => "range64",
            CircuitId::Membership8 => "membership8",
            CircuitId::Membership16 => "membership16",
            CircuitId::Membership20 => "membership20",
            CircuitId::Membership32 => "membership32",
        }
    }

    /// log₂ of the circuit's number of rows: its parameters are `Params::new(k)`.
    pub const fn k(self) -> u32 {
        match self {
            CircuitId::Range8 | CircuitId::Range16 | CircuitId::Range32 | CircuitId::Range64 => 7,
            CircuitId::Membership8 => 9,
            CircuitId::Membership16 | CircuitId::Membership20 => 10,
            CircuitId::Membership32 => 11,
        }
    }

    /// The number of public inputs (1 for every shipped circuit: the commitment or the root).
    pub const fn num_public_inputs(self) -> usize {
        1
    }

    /// The exact length of a proof for this circuit, in bytes.
    pub const fn proof_len(self) -> usize {
        match self {
            CircuitId::Range8 | CircuitId::Range16 | CircuitId::Range32 | CircuitId::Range64 => {
                2400
            }
            CircuitId::Membership8 => 2528,
            CircuitId::Membership16 | CircuitId::Membership20 => 2592,
            CircuitId::Membership32 => 2656,
        }
    }

    /// The length of the [encoding](self#encoding) of a statement and proof for this circuit.
    pub const fn encoded_len(self) -> usize {
        2 + 32 * self.num_public_inputs() + self.proof_len()
    }

    const fn kind(self) -> Kind {
        match self {
            CircuitId::Range8 => Kind::Range(BitSize::Bits8),
            CircuitId::Range16 => Kind::Range(BitSize::Bits16),
            CircuitId::Range32 => Kind::Range(BitSize::Bits32),
            CircuitId::Range64 => Kind::Range(BitSize::Bits64),
            CircuitId::Membership8 => Kind::Membership(8),
            CircuitId::Membership16 => Kind::Membership(16),
            CircuitId::Membership20 => Kind::Membership(20),
            CircuitId::Membership32 => Kind::Membership(32),
        }
    }

    const fn index(self) -> usize {
        match self {
            CircuitId::Range8 => 0,
            CircuitId::Range16 => 1,
            CircuitId::Range32 => 2,
            CircuitId::Range64 => 3,
            CircuitId::Membership8 => 4,
            CircuitId::Membership16 => 5,
            CircuitId::Membership20 => 6,
            CircuitId::Membership32 => 7,
        }
    }
}

impl fmt::Display for CircuitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An element of the Pallas base field 𝔽ₚ (p = 2²⁵⁴ + 45560315531419706090280762371685220353):
/// a public input, a commitment, a Merkle leaf or root.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct FieldElement(Fp);

impl core::hash::Hash for FieldElement {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.to_bytes().hash(state);
    }
}

impl FieldElement {
    /// The element 0.
    pub const ZERO: FieldElement = FieldElement(Fp::ZERO);

    /// The element with canonical little-endian encoding `bytes`; a number ≥ p is
    /// [`Error::InvalidEncoding`].
    pub fn from_bytes(bytes: [u8; 32]) -> Result<FieldElement, Error> {
        Option::<Fp>::from(Fp::from_repr(bytes))
            .map(FieldElement)
            .ok_or(Error::InvalidEncoding)
    }

    /// The canonical 32-byte little-endian encoding.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_repr()
    }

    /// The element `n`.
    pub fn from_u64(n: u64) -> FieldElement {
        FieldElement(Fp::from(n))
    }

    /// 64 (uniformly random or hashed) bytes reduced modulo p: how to map arbitrary data
    /// (e.g. a 64-byte hash of a document) to a leaf without bias.
    pub fn from_bytes_wide(bytes: &[u8; 64]) -> FieldElement {
        FieldElement(Fp::from_uniform_bytes(bytes))
    }

    /// The halo2 field element (for custom circuits and `MockProver`).
    pub fn to_fp(self) -> Fp {
        self.0
    }

    /// From a halo2 field element.
    pub fn from_fp(fp: Fp) -> FieldElement {
        FieldElement(fp)
    }
}

impl fmt::Debug for FieldElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FieldElement(")?;
        for b in self.to_bytes().iter().rev() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

/// `Poseidon(a, b)`: `P128Pow5T3` over 𝔽ₚ with constant-length-2 padding, the hash of
/// every shipped circuit (a range commitment, a Merkle node).
pub fn poseidon_hash(a: FieldElement, b: FieldElement) -> FieldElement {
    FieldElement(poseidon_fp(a.0, b.0))
}

fn poseidon_fp(a: Fp, b: Fp) -> Fp {
    poseidon::Hash::<Fp, P128Pow5T3, ConstantLength<2>, 3, 2>::init().hash([a, b])
}

/// The secret blinding r of a range commitment `Poseidon(v, r)`: an element of 𝔽ₚ.
///
/// Zeroized on drop; `Debug` does not print it. Draw it at random ([`Blinding::random`])
/// for every commitment: the commitment hides v only when r is uniform and secret.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Blinding([u8; 32]);

impl Blinding {
    /// A uniformly random blinding from the operating system's CSPRNG.
    #[cfg(feature = "std")]
    pub fn random() -> Result<Blinding, Error> {
        let mut wide = crate::rand::array::<64>()?;
        let b = Blinding::from_bytes_wide(&wide);
        wide.zeroize();
        Ok(b)
    }

    /// The element with canonical little-endian encoding `bytes`; a number ≥ p is
    /// [`Error::InvalidKey`].
    pub fn from_bytes(bytes: [u8; 32]) -> Result<Blinding, Error> {
        if bool::from(Fp::from_repr(bytes).is_some()) {
            Ok(Blinding(bytes))
        } else {
            Err(Error::InvalidKey)
        }
    }

    /// 64 uniformly random bytes reduced modulo p (an unbiased blinding).
    pub fn from_bytes_wide(bytes: &[u8; 64]) -> Blinding {
        Blinding(Fp::from_uniform_bytes(bytes).to_repr())
    }

    /// The canonical 32-byte little-endian encoding (secret: it opens the commitment).
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0
    }

    fn to_fp(&self) -> Fp {
        // Checked canonical on construction.
        Fp::from_repr(self.0).unwrap_or(Fp::ZERO)
    }
}

impl fmt::Debug for Blinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Blinding(..)")
    }
}

/// What a proof claims: the circuit and its public inputs.
///
/// A verifier must check that the public inputs are the ones it expects (the commitment
/// it holds, the root it trusts) — [`verify`] only checks the proof against them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Statement {
    circuit: CircuitId,
    public_inputs: Vec<FieldElement>,
}

impl Statement {
    /// A statement for `circuit` with these public inputs ([`Error::InvalidLength`] if
    /// their number is not the circuit's).
    pub fn new(circuit: CircuitId, public_inputs: &[FieldElement]) -> Result<Statement, Error> {
        Error::check_len(circuit.num_public_inputs(), public_inputs.len())?;
        Ok(Statement {
            circuit,
            public_inputs: public_inputs.to_vec(),
        })
    }

    /// "The value committed in `commitment` is below 2ⁿ".
    pub fn range(bits: BitSize, commitment: FieldElement) -> Statement {
        Statement {
            circuit: CircuitId::range(bits),
            public_inputs: vec![commitment],
        }
    }

    /// "The prover knows a leaf of the depth-`depth` tree with this root"
    /// ([`Error::InvalidLength`] for a depth with no registered circuit).
    pub fn membership(depth: usize, root: FieldElement) -> Result<Statement, Error> {
        Ok(Statement {
            circuit: CircuitId::membership(depth)?,
            public_inputs: vec![root],
        })
    }

    /// The circuit.
    pub fn circuit(&self) -> CircuitId {
        self.circuit
    }

    /// The public inputs, in the circuit's instance-column order.
    pub fn public_inputs(&self) -> &[FieldElement] {
        &self.public_inputs
    }

    fn instance(&self) -> Vec<Fp> {
        self.public_inputs.iter().map(|x| x.0).collect()
    }
}

/// A halo2 proof: the bytes of halo2's BLAKE2b transcript (IPA over Vesta).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Proof(Vec<u8>);

impl Proof {
    /// A proof from its bytes ([`Error::LimitExceeded`] above [`MAX_PROOF_LEN`]; the exact
    /// length is checked against the circuit by [`verify`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Proof, Error> {
        if bytes.len() > MAX_PROOF_LEN {
            return Err(Error::LimitExceeded);
        }
        Ok(Proof(bytes.to_vec()))
    }

    /// The proof's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The proof's length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the proof is empty (never for a proof from a prover).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Proof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Proof({} bytes)", self.0.len())
    }
}

/// Verifies `proof` for `statement`.
///
/// Errors: [`Error::InvalidLength`] if the proof is not the circuit's
/// [`CircuitId::proof_len`] (before any work); [`Error::InvalidProof`] if it does not
/// verify (or holds bytes that are not points or scalars). The first call for a circuit
/// also computes and caches its verifying key.
pub fn verify(statement: &Statement, proof: &Proof) -> Result<(), Error> {
    let id = statement.circuit;
    Error::check_len(id.proof_len(), proof.len())?;
    Error::check_len(id.num_public_inputs(), statement.public_inputs.len())?;
    let params = params(id.k());
    let vk = verifying_key(id)?;
    let instance = statement.instance();
    let mut transcript = Blake2bRead::<_, EqAffine, Challenge255<_>>::init(proof.as_bytes());
    plonk::verify_proof(
        params,
        vk,
        SingleVerifier::new(params),
        &[&[&instance]],
        &mut transcript,
    )
    .map_err(|_| Error::InvalidProof)
}

/// The [binary encoding](self#encoding) of a statement and its proof.
pub fn encode(statement: &Statement, proof: &Proof) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + 32 * statement.public_inputs.len() + proof.len());
    out.extend_from_slice(&statement.circuit.code().to_be_bytes());
    for x in &statement.public_inputs {
        out.extend_from_slice(&x.to_bytes());
    }
    out.extend_from_slice(proof.as_bytes());
    out
}

/// Reads the [binary encoding](self#encoding) of a statement and its proof.
///
/// Errors, in this order and before any cryptographic work: [`Error::LimitExceeded`]
/// above [`MAX_ENCODED_LEN`]; [`Error::InvalidLength`] for fewer than 2 bytes;
/// [`Error::UnknownAlgorithm`] for an unknown circuit id; [`Error::InvalidLength`] unless
/// the length is the id's [`CircuitId::encoded_len`]; [`Error::InvalidEncoding`] for a
/// public input ≥ p.
pub fn decode(bytes: &[u8]) -> Result<(Statement, Proof), Error> {
    if bytes.len() > MAX_ENCODED_LEN {
        return Err(Error::LimitExceeded);
    }
    let [hi, lo, rest @ ..] = bytes else {
        return Err(Error::InvalidLength {
            expected: 2,
            got: bytes.len(),
        });
    };
    let circuit = CircuitId::from_code(u16::from_be_bytes([*hi, *lo]))?;
    Error::check_len(circuit.encoded_len(), bytes.len())?;
    let (inputs, proof) = rest.split_at(32 * circuit.num_public_inputs());
    let public_inputs = inputs
        .chunks_exact(32)
        .map(|c| {
            let mut b = [0u8; 32];
            b.copy_from_slice(c);
            FieldElement::from_bytes(b)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        Statement {
            circuit,
            public_inputs,
        },
        Proof::from_bytes(proof)?,
    ))
}

/// [`decode`] then [`verify`]: returns the statement that was proved. The caller must
/// still check its circuit and public inputs are the ones it expects.
pub fn verify_encoded(bytes: &[u8]) -> Result<Statement, Error> {
    let (statement, proof) = decode(bytes)?;
    verify(&statement, &proof)?;
    Ok(statement)
}

// ---- shared circuit configuration ------------------------------------------------------

/// The columns every shipped circuit uses: five advice columns (the first four hold the
/// Poseidon state and partial S-box), the Poseidon round constants, one instance column.
#[derive(Clone, Debug)]
struct BaseConfig {
    advice: [Column<Advice>; 5],
    instance: Column<Instance>,
    poseidon: Pow5Config<Fp, 3, 2>,
}

fn configure_base(meta: &mut ConstraintSystem<Fp>) -> BaseConfig {
    let advice = [(); 5].map(|_| meta.advice_column());
    for column in advice {
        meta.enable_equality(column);
    }
    let instance = meta.instance_column();
    meta.enable_equality(instance);
    let rc_a: [Column<Fixed>; 3] = [(); 3].map(|_| meta.fixed_column());
    let rc_b: [Column<Fixed>; 3] = [(); 3].map(|_| meta.fixed_column());
    meta.enable_constant(rc_b[0]);
    let poseidon = Pow5Chip::configure::<P128Pow5T3>(
        meta,
        [advice[0], advice[1], advice[2]],
        advice[3],
        rc_a,
        rc_b,
    );
    BaseConfig {
        advice,
        instance,
        poseidon,
    }
}

/// `Poseidon(a, b)` in the circuit.
fn hash_in_circuit(
    config: &BaseConfig,
    mut layouter: impl Layouter<Fp>,
    message: [AssignedCell<Fp, Fp>; 2],
) -> Result<AssignedCell<Fp, Fp>, plonk::Error> {
    let chip = Pow5Chip::construct(config.poseidon.clone());
    let hasher = PoseidonGadget::<_, _, P128Pow5T3, ConstantLength<2>, 3, 2>::init(
        chip,
        layouter.namespace(|| "poseidon init"),
    )?;
    hasher.hash(layouter.namespace(|| "poseidon"), message)
}

// ---- parameters and keys, computed once per circuit ------------------------------------

const MAX_K: usize = 11;
const N: usize = CircuitId::ALL.len();

static PARAMS: [OnceLock<Params<EqAffine>>; MAX_K + 1] = [const { OnceLock::new() }; MAX_K + 1];
static VKS: [OnceLock<VerifyingKey<EqAffine>>; N] = [const { OnceLock::new() }; N];
static PKS: [OnceLock<ProvingKey<EqAffine>>; N] = [const { OnceLock::new() }; N];

fn params(k: u32) -> &'static Params<EqAffine> {
    PARAMS[k as usize].get_or_init(|| Params::new(k))
}

fn keygen_vk<C: Circuit<Fp>>(id: CircuitId, circuit: &C) -> Result<VerifyingKey<EqAffine>, Error> {
    plonk::keygen_vk(params(id.k()), circuit).map_err(|_| Error::Internal)
}

fn keygen_pk<C: Circuit<Fp>>(id: CircuitId, circuit: &C) -> Result<ProvingKey<EqAffine>, Error> {
    let vk = keygen_vk(id, circuit)?;
    plonk::keygen_pk(params(id.k()), vk, circuit).map_err(|_| Error::Internal)
}

fn verifying_key(id: CircuitId) -> Result<&'static VerifyingKey<EqAffine>, Error> {
    let cell = &VKS[id.index()];
    if let Some(vk) = cell.get() {
        return Ok(vk);
    }
    let vk = match id.kind() {
        Kind::Range(bits) => keygen_vk(id, &RangeCircuit::empty(bits))?,
        Kind::Membership(depth) => keygen_vk(id, &MembershipCircuit::empty(depth))?,
    };
    Ok(cell.get_or_init(|| vk))
}

fn proving_key(id: CircuitId) -> Result<&'static ProvingKey<EqAffine>, Error> {
    let cell = &PKS[id.index()];
    if let Some(pk) = cell.get() {
        return Ok(pk);
    }
    let pk = match id.kind() {
        Kind::Range(bits) => keygen_pk(id, &RangeCircuit::empty(bits))?,
        Kind::Membership(depth) => keygen_pk(id, &MembershipCircuit::empty(depth))?,
    };
    // The proving key holds the verifying key: keep it for `verify` too.
    VKS[id.index()].get_or_init(|| pk.get_vk().clone());
    Ok(cell.get_or_init(|| pk))
}

/// Computes and caches the keys of `circuit` now (the verifying key, and the proving key
/// too if `proving`), so that the first [`verify`] or prover call does not pay for it.
pub fn warm_up(circuit: CircuitId, proving: bool) -> Result<(), Error> {
    verifying_key(circuit)?;
    if proving {
        proving_key(circuit)?;
    }
    Ok(())
}

// ---- proving ---------------------------------------------------------------------------

/// The prover's randomness: a BLAKE3 XOF keyed with the caller's entropy, the circuit
/// and the witness.
struct ProverRng(blake3::OutputReader);

impl ProverRng {
    fn new(id: CircuitId, entropy: &[u8; 32], witness: &[&[u8]]) -> ProverRng {
        let mut h = blake3::Hasher::new_derive_key("zcrypto.zk.halo2 prover randomness v1");
        h.update(&id.code().to_be_bytes());
        h.update(entropy);
        for w in witness {
            h.update(&(w.len() as u64).to_le_bytes());
            h.update(w);
        }
        ProverRng(h.finalize_xof())
    }
}

impl rand_core_010::TryRng for ProverRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.0.fill(&mut b);
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.0.fill(&mut b);
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.0.fill(dst);
        Ok(())
    }
}

impl rand_core_010::TryCryptoRng for ProverRng {}

/// Proves `circuit` (whose witness the caller has checked) for `statement`.
fn prove_circuit<C: Circuit<Fp>>(
    statement: &Statement,
    circuit: C,
    rng: ProverRng,
) -> Result<Proof, Error> {
    let id = statement.circuit;
    let pk = proving_key(id)?;
    let instance = statement.instance();
    let mut transcript =
        Blake2bWrite::<_, EqAffine, Challenge255<_>>::init(Vec::with_capacity(id.proof_len()));
    plonk::create_proof(
        params(id.k()),
        pk,
        &[circuit],
        &[&[&instance]],
        rng,
        &mut transcript,
    )
    .map_err(|_| Error::Internal)?;
    let bytes = transcript.finalize();
    if bytes.len() != id.proof_len() {
        return Err(Error::Internal);
    }
    Ok(Proof(bytes))
}
