"""QUIC packet protection (RFC 9001, QUIC v2: RFC 9369) and the crypto profiler report.

Versions are the 32-bit wire numbers (:data:`V1`, :data:`V2`); suites are named by their
AEAD (``"aes-128-gcm"``, ``"aes-256-gcm"``, ``"chacha20-poly1305"``). Packets are
protected and unprotected in place in a writable buffer (``bytearray``, writable
``memoryview``).
"""

from __future__ import annotations

import json
from ctypes import byref, c_size_t, c_uint8, c_uint32, c_uint64, c_void_p, create_string_buffer
from typing import Any, Dict, NamedTuple, Optional, Tuple

from ._ffi import BytesLike, alg_name, check, inout, inp, lib

#: QUIC version 1's wire number.
V1 = 0x00000001
#: QUIC version 2's wire number.
V2 = 0x6B3343CF
#: Sides for :meth:`QuicKeys.initial`.
CLIENT = 0
SERVER = 1
#: Long-header packet types of :func:`parse_long_header`.
INITIAL = 0
ZERO_RTT = 1
HANDSHAKE = 2
#: The bytes protection adds after the payload.
TAG_LEN = 16
#: The largest packet number, 2^62 - 1.
MAX_PACKET_NUMBER = (1 << 62) - 1
_PN_NONE = (1 << 64) - 1
#: Hardware feature bits of :func:`hardware_features`.
HW_AES = 1 << 0
HW_VAES = 1 << 1
HW_CLMUL = 1 << 2
HW_AVX2 = 1 << 3
HW_AVX512 = 1 << 4
HW_SHA = 1 << 5
HW_AES_GCM = 1 << 8
#: The buffer :func:`profile_report` needs (the report is always shorter).
PROFILE_REPORT_MAX_LEN = 8192


class Decrypted(NamedTuple):
    """The result of :meth:`QuicKeys.decrypt`: the payload is
    ``packet[payload_offset:payload_offset + payload_len]``."""

    packet_number: int
    header_len: int
    payload_offset: int
    payload_len: int


class LongHeader(NamedTuple):
    """A parsed long header (:func:`parse_long_header`)."""

    version: int
    packet_type: int
    dcid: bytes
    pn_offset: int
    end: int


class QuicKeys:
    """The keys protecting one direction's packets (a ``ZcQuicKeys`` handle):
    thread-safe for concurrent encrypt/decrypt on distinct buffers; zeroized by
    :meth:`close` (or the ``with`` block's end)."""

    def __init__(self, handle: c_void_p) -> None:
        self._k: Optional[c_void_p] = handle

    @classmethod
    def initial(cls, version: int, dcid: BytesLike, side: int) -> Tuple["QuicKeys", "QuicKeys"]:
        """The Initial keys ``(local, remote)`` of ``side`` (:data:`CLIENT` /
        :data:`SERVER`) for the client's first Destination Connection ID."""
        dp, dn = inp(dcid)
        local, remote = c_void_p(), c_void_p()
        check(lib.zc_quic_keys_initial(version, dp, dn, side, byref(local), byref(remote)))
        return cls(local), cls(remote)

    @classmethod
    def from_secret(cls, version: int, suite: str, secret: BytesLike) -> "QuicKeys":
        """The keys of one direction from a TLS 1.3 traffic secret."""
        sp, sn = inp(secret)
        h = c_void_p()
        check(lib.zc_quic_keys_from_secret(version, alg_name(suite), sp, sn, byref(h)))
        return cls(h)

    def _handle(self) -> c_void_p:
        if self._k is None:
            raise ValueError("the QuicKeys is closed")
        return self._k

    def update(self) -> "QuicKeys":
        """The next key phase (RFC 9001 §6): new packet keys from the ``"quic ku"``
        secret, the same header protection key. ``self`` stays valid."""
        h = c_void_p()
        check(lib.zc_quic_key_update(self._handle(), byref(h)))
        return QuicKeys(h)

    @property
    def generation(self) -> int:
        """How many key updates led to these keys (its low bit is the key phase)."""
        g = c_uint64(0)
        check(lib.zc_quic_keys_generation(self._handle(), byref(g)))
        return int(g.value)

    def encrypt(self, packet_number: int, packet: Any, header_len: int, payload_len: int) -> int:
        """Protects ``packet`` (header, payload, then at least 16 spare bytes) in place;
        returns the protected length. On error the buffer is unchanged."""
        bp, bn = inout(packet)
        w = c_size_t(0)
        check(lib.zc_quic_encrypt(self._handle(), packet_number, bp, bn, header_len, payload_len, byref(w)))
        return int(w.value)

    def decrypt(self, packet: Any, pn_offset: int, largest_received: Optional[int] = None) -> Decrypted:
        """Removes protection from exactly one packet in place (``largest_received``:
        the largest packet number processed so far in this space, ``None`` if none).
        Raises :class:`DecryptionFailed` (the payload is then zeroed)."""
        bp, bn = inout(packet)
        largest = _PN_NONE if largest_received is None else largest_received
        pn = c_uint64(0)
        hl, po, pl = c_size_t(0), c_size_t(0), c_size_t(0)
        check(lib.zc_quic_decrypt(self._handle(), bp, bn, pn_offset, largest,
                                  byref(pn), byref(hl), byref(po), byref(pl)))
        return Decrypted(int(pn.value), int(hl.value), int(po.value), int(pl.value))

    def close(self) -> None:
        """Frees (and zeroizes) the keys; idempotent."""
        if self._k is not None:
            lib.zc_quic_keys_free(self._k)
            self._k = None

    def __enter__(self) -> "QuicKeys":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


def parse_long_header(datagram: BytesLike) -> LongHeader:
    """Parses the long header at the start of a datagram (not Retry)."""
    data = bytes(datagram)
    dp, dn = inp(data)
    v, t = c_uint32(0), c_uint8(0)
    dco, dcl, pno, end = c_size_t(0), c_size_t(0), c_size_t(0), c_size_t(0)
    check(lib.zc_quic_parse_long_header(dp, dn, byref(v), byref(t), byref(dco), byref(dcl),
                                        byref(pno), byref(end)))
    o, n = int(dco.value), int(dcl.value)
    return LongHeader(int(v.value), int(t.value), data[o:o + n], int(pno.value), int(end.value))


def retry_tag(version: int, original_dcid: BytesLike, retry: BytesLike) -> bytes:
    """The Retry Integrity Tag for a Retry packet without its tag."""
    op, on = inp(original_dcid)
    rp, rn = inp(retry)
    tag = create_string_buffer(TAG_LEN)
    w = c_size_t(0)
    check(lib.zc_quic_retry_tag(version, op, on, rp, rn, tag, TAG_LEN, byref(w)))
    return tag.raw[: w.value]


def verify_retry(version: int, original_dcid: BytesLike, retry_packet: BytesLike) -> None:
    """Checks a Retry packet's tag; raises :class:`DecryptionFailed` or
    :class:`InvalidEncoding`."""
    op, on = inp(original_dcid)
    rp, rn = inp(retry_packet)
    check(lib.zc_quic_verify_retry(version, op, on, rp, rn))


def hardware_features() -> int:
    """The CPU feature bitmask (``HW_*``)."""
    f = c_uint32(0)
    check(lib.zc_hardware_features(byref(f)))
    return int(f.value)


def profile_report(budget_ms: int = 20, packet_bytes: int = 1350) -> Dict[str, Any]:
    """Measures every QUIC suite (about 24 x ``budget_ms``) and returns the report of
    ``zcrypto profile --json`` as a dict."""
    buf = create_string_buffer(PROFILE_REPORT_MAX_LEN)
    w = c_size_t(0)
    check(lib.zc_profile_report(budget_ms, packet_bytes, buf, PROFILE_REPORT_MAX_LEN, byref(w)))
    report: Dict[str, Any] = json.loads(buf.raw[: w.value].decode())
    return report
