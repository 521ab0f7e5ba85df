"""Zero-knowledge verification: Groth16 (BN254, BLS12-381), Bulletproofs range proofs
(with deterministic proving from caller entropy) and EIP-4844 KZG.

A proof that does not verify raises :class:`zcrypto.InvalidProof`; malformed inputs
raise the matching error (:class:`zcrypto.InvalidLength`,
:class:`zcrypto.InvalidEncoding`, ...).
"""

from __future__ import annotations

from ctypes import byref, c_size_t, c_uint64, create_string_buffer
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
