"""Zero-knowledge verification: Groth16 (BN254, BLS12-381), Bulletproofs range proofs and
halo2 proofs for zcrypto's registered circuits (both with deterministic proving from
caller entropy) and EIP-4844 KZG.

A proof that does not verify raises :class:`zcrypto.InvalidProof`; malformed inputs
raise the matching error (:class:`zcrypto.InvalidLength`,
:class:`zcrypto.InvalidEncoding`, ...).
"""

from __future__ import annotations

from ctypes import byref, c_size_t, c_uint16, c_uint64, create_string_buffer
from typing import Any, List, Sequence, Tuple

from ._ffi import BytesLike, check, inp, lib

#: The length of one Groth16 public input (a 32-byte big-endian integer).
GROTH16_INPUT_LEN = 32
#: The most public inputs a Groth16 key may have.
GROTH16_MAX_PUBLIC_INPUTS = 4096
#: The length of a Bulletproofs commitment and of a blinding factor.
BULLETPROOFS_COMMITMENT_LEN = 32
#: The length of the prover's entropy.
BULLETPROOFS_ENTROPY_LEN = 32
#: The most values one range proof covers.
BULLETPROOFS_MAX_AGGREGATION = 16
#: The longest range proof.
BULLETPROOFS_MAX_PROOF_LEN = 928
#: halo2 circuit ids: range checks ``v < 2^n`` on the commitment ``Poseidon(v, r)``.
HALO2_RANGE8 = 0x0001
HALO2_RANGE16 = 0x0002
HALO2_RANGE32 = 0x0003
HALO2_RANGE64 = 0x0004
#: halo2 circuit ids: membership in a Poseidon Merkle tree of depth 8, 16, 20, 32.
HALO2_MEMBERSHIP8 = 0x0101
HALO2_MEMBERSHIP16 = 0x0102
HALO2_MEMBERSHIP20 = 0x0103
HALO2_MEMBERSHIP32 = 0x0104
#: The length of a halo2 field element (canonical little-endian): public input,
#: blinding, Merkle leaf or sibling.
HALO2_FIELD_LEN = 32
#: The length of the halo2 provers' entropy.
HALO2_ENTROPY_LEN = 32
#: The longest encoded halo2 proof :func:`halo2_verify` reads.
HALO2_MAX_ENCODED_LEN = 8450
#: The length of an EIP-4844 blob.
KZG_BLOB_LEN = 131072
#: The length of a KZG commitment and of a KZG proof.
KZG_COMMITMENT_LEN = 48
#: The length of the point-evaluation precompile's input.
KZG_POINT_EVALUATION_INPUT_LEN = 192
#: The length of the point-evaluation precompile's output.
KZG_POINT_EVALUATION_OUTPUT_LEN = 64


def _out(call: Any, *args: Any, size: int) -> bytes:
    buf = create_string_buffer(size)
    written = c_size_t(0)
    check(call(*args, buf, size, byref(written)))
    return buf.raw[: written.value]


def _flat(items: "Sequence[BytesLike] | BytesLike") -> bytes:
    if isinstance(items, (bytes, bytearray, memoryview)):
        return bytes(items)
    return b"".join(bytes(i) for i in items)


def groth16_verify(vk: BytesLike, proof: BytesLike, inputs: "Sequence[BytesLike] | BytesLike") -> None:
    """Verifies a Groth16 proof; returns ``None`` if it verifies.

    ``vk`` and ``proof`` are zcrypto's compact binary encodings (the curve comes from
    their tag); ``inputs`` the public inputs, 32-byte big-endian integers (a sequence, or
    their concatenation). Raises :class:`zcrypto.InvalidProof` if the proof does not
    verify, :class:`zcrypto.InvalidLength` / :class:`zcrypto.InvalidEncoding` / ... for
    malformed inputs.
    """
    vp, vn = inp(vk)
    pp, pn = inp(proof)
    ip, inn = inp(_flat(inputs))
    check(lib.zc_groth16_verify(vp, vn, pp, pn, ip, inn))


def bulletproofs_commit(value: int, blinding: BytesLike) -> bytes:
    """The Pedersen commitment (32 bytes) to ``value`` (a ``uint64``) with ``blinding`` (a
    32-byte canonical little-endian scalar; :class:`zcrypto.InvalidKey` otherwise)."""
    bp, bn = inp(blinding)
    return _out(lib.zc_bulletproofs_commit, c_uint64(value), bp, bn, size=BULLETPROOFS_COMMITMENT_LEN)


def bulletproofs_prove(
    bits: int, values: Sequence[int], blindings: Sequence[BytesLike], entropy: BytesLike
) -> Tuple[bytes, List[bytes]]:
    """A range proof that every value fits in ``bits`` bits (8, 16, 32 or 64): returns
    ``(proof, commitments)``. One 32-byte blinding per value (1, 2, 4, 8 or 16 values);
    ``entropy`` is 32 fresh random bytes. Deterministic in its inputs."""
    n = len(values)
    arr = (c_uint64 * max(n, 1))(*values)
    bl = _flat(blindings)
    bp, bn = inp(bl)
    ep, en = inp(entropy)
    proof = create_string_buffer(BULLETPROOFS_MAX_PROOF_LEN)
    coms = create_string_buffer(max(BULLETPROOFS_COMMITMENT_LEN * n, 1))
    w1, w2 = c_size_t(0), c_size_t(0)
    check(lib.zc_bulletproofs_prove(
        bits, arr, n, bp, bn, ep, en, proof, BULLETPROOFS_MAX_PROOF_LEN, byref(w1),
        coms, BULLETPROOFS_COMMITMENT_LEN * n, byref(w2)))
    flat = coms.raw[: w2.value]
    return proof.raw[: w1.value], [flat[i:i + 32] for i in range(0, len(flat), 32)]


def bulletproofs_verify(bits: int, proof: BytesLike, commitments: "Sequence[BytesLike] | BytesLike") -> None:
    """Verifies a range proof that every value committed in ``commitments`` (in the
    prover's order) fits in ``bits`` bits; raises :class:`zcrypto.InvalidProof` if not."""
    pp, pn = inp(proof)
    cp, cn = inp(_flat(commitments))
    check(lib.zc_bulletproofs_verify(bits, pp, pn, cp, cn))


def halo2_verify(encoded: BytesLike) -> None:
    """Verifies an encoded halo2 proof (``circuit id (2 bytes, big-endian) ‖ public input
    (32 bytes: the commitment or the Merkle root) ‖ proof``, as the provers return it);
    returns ``None`` if it is valid for the circuit and public input it names. The caller
    must still check those are the ones it expects (``encoded[:2]``, ``encoded[2:34]``).
    Raises :class:`zcrypto.InvalidProof` if it does not verify,
    :class:`zcrypto.UnknownAlgorithm` for an unknown circuit, :class:`zcrypto.InvalidLength`
    / :class:`zcrypto.InvalidEncoding` / :class:`zcrypto.LimitExceeded` for malformed
    input."""
    ep, en = inp(encoded)
    check(lib.zc_halo2_verify(ep, en))


def halo2_prove_range(circuit: int, value: int, blinding: BytesLike, entropy: BytesLike) -> bytes:
    """A halo2 range proof with the circuit ``circuit`` (:data:`HALO2_RANGE8` …
    :data:`HALO2_RANGE64`) that ``value`` fits, for the commitment ``Poseidon(value,
    blinding)`` (``blinding``: 32 bytes, canonical, secret and random in real use).
    ``entropy`` is 32 fresh random bytes; deterministic in its inputs. Returns the encoded
    proof for :func:`halo2_verify`."""
    bp, bn = inp(blinding)
    ep, en = inp(entropy)
    return _out(lib.zc_halo2_prove_range, c_uint16(circuit), c_uint64(value), bp, bn, ep, en,
                size=HALO2_MAX_ENCODED_LEN)


def halo2_prove_membership(
    circuit: int, leaf: BytesLike, index: int, siblings: "Sequence[BytesLike] | BytesLike", entropy: BytesLike
) -> bytes:
    """A halo2 Merkle-membership proof with the circuit ``circuit``
    (:data:`HALO2_MEMBERSHIP8` … :data:`HALO2_MEMBERSHIP32`): knowledge of ``leaf`` and its
    path (``index``: bit i set = right child at level i; ``siblings``: one 32-byte element
    per level from the leaf up, a sequence or their concatenation) to the root of a
    Poseidon tree. ``entropy`` is 32 fresh random bytes; deterministic in its inputs.
    Returns the encoded proof for :func:`halo2_verify` (its public input is the root)."""
    lp, ln = inp(leaf)
    sp, sn = inp(_flat(siblings))
    ep, en = inp(entropy)
    return _out(lib.zc_halo2_prove_membership, c_uint16(circuit), lp, ln, c_uint64(index), sp, sn,
                ep, en, size=HALO2_MAX_ENCODED_LEN)


def kzg_blob_to_commitment(blob: BytesLike) -> bytes:
    """The 48-byte KZG commitment of an EIP-4844 blob (:data:`KZG_BLOB_LEN` bytes)."""
    bp, bn = inp(blob)
    return _out(lib.zc_kzg_blob_to_commitment, bp, bn, size=KZG_COMMITMENT_LEN)


def kzg_compute_blob_proof(blob: BytesLike, commitment: BytesLike) -> bytes:
    """The 48-byte proof that ``commitment`` is the blob's."""
    bp, bn = inp(blob)
    cp, cn = inp(commitment)
    return _out(lib.zc_kzg_compute_blob_proof, bp, bn, cp, cn, size=KZG_COMMITMENT_LEN)


def kzg_verify_blob_proof(blob: BytesLike, commitment: BytesLike, proof: BytesLike) -> None:
    """Verifies that ``commitment`` is the blob's; raises :class:`zcrypto.InvalidProof`
    if not (:class:`zcrypto.InvalidEncoding` for a point not on the curve)."""
    bp, bn = inp(blob)
    cp, cn = inp(commitment)
    pp, pn = inp(proof)
    check(lib.zc_kzg_verify_blob_proof(bp, bn, cp, cn, pp, pn))


def kzg_point_evaluation(input: BytesLike) -> bytes:  # noqa: A002 (the precompile's name)
    """Ethereum's point-evaluation precompile (EIP-4844) on its 192-byte input: the 64-byte
    output, or the error of a failing call."""
    ip, inn = inp(input)
    return _out(lib.zc_kzg_point_evaluation, ip, inn, size=KZG_POINT_EVALUATION_OUTPUT_LEN)
