"""zcrypto's exceptions: one class per stable error code.

The codes are the ones of the C ABI (``ZC_ERR_*`` in ``zcrypto.h``), of
``zcrypto::Error::code`` in Rust and of every other binding; they are never renumbered.
Names and messages come from the library (``zc_error_name`` / ``zc_error_message``).
"""

from __future__ import annotations

from typing import Dict, Type

__all__ = [
    "ZcryptoError",
    "InvalidLength",
    "InvalidKey",
    "InvalidSignature",
    "DecryptionFailed",
    "UnknownAlgorithm",
    "UnsupportedAlgorithm",
    "InvalidCiphertext",
    "OutputTooLong",
    "BufferTooSmall",
    "InvalidEncoding",
    "WeakKey",
    "RandomnessUnavailable",
    "MessageTooLong",
    "PolicyNotSatisfied",
    "NotYetValid",
    "LimitExceeded",
    "InvalidProof",
    "OutOfGas",
    "MemoryOutOfBounds",
    "Replayed",
    "Expired",
    "Internal",
    "ERRORS",
    "error_for_code",
]


class ZcryptoError(Exception):
    """A zcrypto error: ``code`` (the stable number), ``name`` (``"invalid_signature"``,
    ...) and ``message`` (English text), as the C ABI reports them.

    Catch a subclass (``except zcrypto.InvalidSignature``) for one error, or this class
    for all of them.
    """

    #: The stable code of the subclass (``None`` here: the base class has none).
    code_of_class: "int | None" = None

    def __init__(self, code: int, name: str, message: str) -> None:
        super().__init__(code, name, message)
        self.code = code
        self.name = name
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} ({self.name}, code {self.code})"


def _make(class_name: str, code: int, doc: str) -> Type[ZcryptoError]:
    cls = type(class_name, (ZcryptoError,), {"__doc__": doc, "code_of_class": code})
    cls.__module__ = __name__
    return cls


InvalidLength = _make("InvalidLength", 1, "An input has the wrong length (code 1).")
InvalidKey = _make("InvalidKey", 2, "A key is malformed or fails validation (code 2).")
InvalidSignature = _make("InvalidSignature", 3, "A signature is malformed or does not verify (code 3).")
DecryptionFailed = _make("DecryptionFailed", 4, "AEAD authentication failed; no plaintext released (code 4).")
UnknownAlgorithm = _make("UnknownAlgorithm", 5, "An algorithm name is not known to zcrypto (code 5).")
UnsupportedAlgorithm = _make("UnsupportedAlgorithm", 6, "The algorithm exists but not for this operation (code 6).")
InvalidCiphertext = _make("InvalidCiphertext", 7, "A KEM ciphertext or encoded message is malformed (code 7).")
OutputTooLong = _make("OutputTooLong", 8, "A KDF was asked for more output than it can give (code 8).")
BufferTooSmall = _make("BufferTooSmall", 9, "An output buffer is too small (code 9).")
InvalidEncoding = _make("InvalidEncoding", 10, "Text input could not be decoded (code 10).")
WeakKey = _make("WeakKey", 11, "A key agreement produced an all-zero secret (code 11).")
RandomnessUnavailable = _make("RandomnessUnavailable", 12, "The OS random source failed (code 12).")
MessageTooLong = _make("MessageTooLong", 13, "A message exceeds the algorithm's limit (code 13).")
PolicyNotSatisfied = _make("PolicyNotSatisfied", 14, "An M-of-N signature policy was not met (code 14).")
NotYetValid = _make("NotYetValid", 15, "A time-locked signature was checked too early (code 15).")
LimitExceeded = _make("LimitExceeded", 16, "A bound (items, bytes, depth) was exceeded; no work was done (code 16).")
InvalidProof = _make("InvalidProof", 17, "A Merkle (or other) proof does not prove the claim (code 17).")
OutOfGas = _make("OutOfGas", 18, "The gas limit was reached (code 18).")
MemoryOutOfBounds = _make("MemoryOutOfBounds", 19, "A range lies outside guest memory (code 19).")
Replayed = _make("Replayed", 20, "A packet number was already accepted or is too old (code 20).")
Expired = _make("Expired", 21, "A ticket, key or session is past its lifetime (code 21).")
Internal = _make("Internal", 255, "Internal error in a backend, or a caught panic (code 255).")

#: Every exception class by its stable code.
ERRORS: Dict[int, Type[ZcryptoError]] = {
    cls.code_of_class: cls  # type: ignore[misc]
    for cls in (
        InvalidLength, InvalidKey, InvalidSignature, DecryptionFailed, UnknownAlgorithm,
        UnsupportedAlgorithm, InvalidCiphertext, OutputTooLong, BufferTooSmall,
        InvalidEncoding, WeakKey, RandomnessUnavailable, MessageTooLong,
        PolicyNotSatisfied, NotYetValid, LimitExceeded, InvalidProof, OutOfGas,
        MemoryOutOfBounds, Replayed, Expired, Internal,
    )
}


def error_for_code(code: int) -> ZcryptoError:
    """The exception for a nonzero status code (``ZcryptoError`` itself for a number that
    is not a code), with the library's name and message."""
    from . import _ffi

    cls = ERRORS.get(code, ZcryptoError)
    return cls(code, _ffi.error_name(code), _ffi.error_message(code))
