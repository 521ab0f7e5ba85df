"""QUIC packet protection over RFC 9001 / RFC 9369 Appendix A, the Retry tag, key
updates, negative cases, and the profiler report."""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

import pytest

import zcrypto
from zcrypto import quic
from conftest import VECTORS

FILES = [("rfc9001.json", quic.V1), ("rfc9369.json", quic.V2)]


def load(name: str) -> Dict[str, Any]:
    data: Dict[str, Any] = json.loads((VECTORS / "quic" / name).read_text())
    return data


def check_packet(sealer: zcrypto.QuicKeys, opener: zcrypto.QuicKeys, pn: int, header: bytes,
                 payload: bytes, expected: bytes, largest: Optional[int]) -> None:
    buf = bytearray(header + payload + bytes(quic.TAG_LEN))
    with pytest.raises(zcrypto.BufferTooSmall):
        sealer.encrypt(pn, memoryview(buf)[:-1], len(header), len(payload))
    assert buf[: len(header)] == header
    n = sealer.encrypt(pn, buf, len(header), len(payload))
    assert bytes(buf[:n]) == expected
    pn_offset, end = 1, len(expected)
    if expected[0] & 0x80:
        h = quic.parse_long_header(expected)
        assert h.packet_type == quic.INITIAL and h.end == len(expected)
        pn_offset, end = h.pn_offset, h.end
    pkt = bytearray(expected)
    d = opener.decrypt(memoryview(pkt)[:end], pn_offset, largest)
    assert d.packet_number == pn and d.header_len == len(header)
    assert bytes(pkt[: d.header_len]) == header
    assert bytes(pkt[d.payload_offset: d.payload_offset + d.payload_len]) == payload
    bad = bytearray(expected)
    bad[-1] ^= 1
    with pytest.raises(zcrypto.DecryptionFailed):
        opener.decrypt(bad, pn_offset, largest)
    assert not any(bad[len(header): -16]), "plaintext left after failure"
    with pytest.raises(zcrypto.InvalidLength):
        opener.decrypt(bytearray(expected[: pn_offset + 19]), pn_offset, largest)
    with pytest.raises(zcrypto.InvalidEncoding):
        opener.decrypt(bytearray(expected), 0, largest)


@pytest.mark.parametrize("name,version", FILES)
def test_appendix_a(name: str, version: int) -> None:
    v = load(name)
    dcid = bytes.fromhex(v["dcid"])
    cl, cr = zcrypto.QuicKeys.initial(version, dcid, quic.CLIENT)
    sl, sr = zcrypto.QuicKeys.initial(version, dcid, quic.SERVER)
    with cl, cr, sl, sr:
        c = v["client_initial"]
        payload = bytes.fromhex(c["crypto_frame"]).ljust(c["payload_len"], b"\0")
        check_packet(cl, sr, c["packet_number"], bytes.fromhex(c["header"]), payload,
                     bytes.fromhex(c["packet"]), None)
        h = quic.parse_long_header(bytes.fromhex(c["packet"]))
        assert h.version == version and h.dcid == dcid
        s = v["server_initial"]
        check_packet(sl, cr, s["packet_number"], bytes.fromhex(s["header"]),
                     bytes.fromhex(s["payload"]), bytes.fromhex(s["packet"]), 0)

    r = v["retry"]
    odcid, packet = bytes.fromhex(r["original_dcid"]), bytes.fromhex(r["packet"])
    quic.verify_retry(version, odcid, packet)
    assert quic.retry_tag(version, odcid, packet[:-16]) == packet[-16:]
    with pytest.raises(zcrypto.DecryptionFailed):
        quic.verify_retry(version, bytes([odcid[0] ^ 1]) + odcid[1:], packet)
    other = quic.V2 if version == quic.V1 else quic.V1
    with pytest.raises(zcrypto.InvalidEncoding):
        quic.verify_retry(other, odcid, packet)

    a5 = v["chacha20_short_header"]
    pn = a5["packet_number"]
    header, pl = bytes.fromhex(a5["header"]), bytes.fromhex(a5["payload"])
    with zcrypto.QuicKeys.from_secret(version, "chacha20-poly1305", bytes.fromhex(a5["secret"])) as k:
        assert k.generation == 0
        check_packet(k, k, pn, header, pl, bytes.fromhex(a5["packet"]), pn - 1)
        with pytest.raises(zcrypto.DecryptionFailed):
            k.decrypt(bytearray.fromhex(a5["packet"]), 1, None)
        with k.update() as nxt, zcrypto.QuicKeys.from_secret(
                version, "chacha20-poly1305", bytes.fromhex(a5["ku"])) as ku:
            assert nxt.generation == 1
            a = bytearray(header + pl + bytes(16))
            b = bytearray(a)
            na = nxt.encrypt(pn, a, len(header), len(pl))
            nb = ku.encrypt(pn, b, len(header), len(pl))
            assert na == nb and a[len(header):na] == b[len(header):nb]
            with pytest.raises(zcrypto.DecryptionFailed):
                k.decrypt(bytearray(a[:na]), 1, pn - 1)
            assert nxt.decrypt(a, 1, pn - 1).packet_number == pn


def test_quic_errors() -> None:
    with pytest.raises(zcrypto.UnsupportedAlgorithm):
        zcrypto.QuicKeys.initial(2, bytes(8), quic.CLIENT)
    with pytest.raises(zcrypto.UnsupportedAlgorithm):
        zcrypto.QuicKeys.initial(quic.V1, bytes(8), 9)
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.QuicKeys.initial(quic.V1, bytes(21), quic.CLIENT)
    with pytest.raises(zcrypto.UnknownAlgorithm):
        zcrypto.QuicKeys.from_secret(quic.V1, "md5", bytes(32))
    with pytest.raises(zcrypto.InvalidLength):
        zcrypto.QuicKeys.from_secret(quic.V1, "aes-256-gcm", bytes(32))
    with pytest.raises(zcrypto.InvalidEncoding):
        quic.parse_long_header(b"\x40\x01\x02")
    k = zcrypto.QuicKeys.from_secret(quic.V2, "aes-256-gcm", bytes(48))
    buf = bytearray(b"\x40\x05abc" + bytes(16))  # short header, 1-byte packet number
    with pytest.raises(zcrypto.InvalidLength):
        k.encrypt(5, buf, 2, 2)  # too short for the header protection sample
    n = k.encrypt(5, buf, 2, 3)
    d = k.decrypt(memoryview(buf)[:n], 1, 4)
    assert buf[d.payload_offset: d.payload_offset + d.payload_len] == b"abc"
    with pytest.raises(TypeError):
        k.encrypt(5, b"read-only", 5, 3)
    k.close()
    k.close()
    with pytest.raises(ValueError):
        k.update()


def test_profile() -> None:
    f = zcrypto.hardware_features()
    assert bool(f & quic.HW_AES_GCM) == bool(f & quic.HW_AES and f & quic.HW_CLMUL)
    r = zcrypto.profile_report(1, 1350)
    assert len(r["suites"]) == 3 and r["packet_bytes"] == 1350
    assert {s["suite"] for s in r["suites"]} == {"aes-128-gcm", "aes-256-gcm", "chacha20-poly1305"}
    assert r["best_suite"] in {s["suite"] for s in r["suites"]}
    for s in r["suites"]:
        assert s["seal"]["max_rate_bytes_per_sec_1_core"] > 0
    with pytest.raises(zcrypto.LimitExceeded):
        zcrypto.profile_report(0)
