#!/usr/bin/env python3
"""Generates (or checks) zcrypto's own cross-language known-answer vectors.

Every expected value in ``foundation.json`` is computed here by independent Python
implementations (hashlib, cryptography, pycryptodome, blake3, coincurve, py_ecc),
never by zcrypto, and where a second independent implementation exists the two are
cross-checked before anything is written. All inputs are derived from fixed labels with
SHAKE-128, so the output is deterministic.

    python3 vectors/generate.py            # (re)write vectors/foundation.json
    python3 vectors/generate.py --check    # verify vectors/foundation.json, exit 1 on mismatch

The randomized values are the ML-KEM ciphertexts produced by cryptography's
``encapsulate()`` and the ML-DSA signatures produced by cryptography's hedged
``sign()`` (neither has a deterministic variant). Writing keeps the ones already in the
file (ciphertexts are decapsulated again, signatures verified again), so a re-run is
byte-identical; ``--fresh-kem`` / ``--fresh-sig`` make new ones. ``--check``
regenerates everything deterministic, decapsulates the stored ciphertexts and verifies
the stored hedged signatures with cryptography and pycryptodome, and compares the
result byte for byte with the file.

See README.md in this directory.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac as std_hmac
import importlib.metadata
import json
import struct
import sys
from pathlib import Path

try:
    import blake3
    import coincurve
    import Crypto
    import cryptography
    from Crypto.Cipher import AES as PcdAES
    from Crypto.Cipher import ChaCha20_Poly1305 as PcdChaChaPoly
    from Crypto.Hash import BLAKE2b as PcdBLAKE2b
    from Crypto.Hash import BLAKE2s as PcdBLAKE2s
    from Crypto.Hash import SHA3_256 as PcdSHA3_256
    from Crypto.Hash import SHA256 as PcdSHA256
    from Crypto.Hash import SHA384 as PcdSHA384
    from Crypto.Hash import SHA512 as PcdSHA512
    from Crypto.Hash import keccak
    from Crypto.Protocol import DH as PcdDH
    from Crypto.Protocol.KDF import HKDF as PcdHKDF
    from Crypto.PublicKey import ECC as PcdECC
    from Crypto.PublicKey import MLDSA as PcdMLDSA
    from Crypto.PublicKey import MLKEM as PcdMLKEM
    from Crypto.Signature import eddsa as pcd_eddsa
    from Crypto.Signature import mldsa as pcd_mldsa
    from coincurve.keys import PublicKeyXOnly
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives import hmac as c_hmac
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec as c_ec
    from cryptography.hazmat.primitives.asymmetric import ed25519 as c_ed25519
    from cryptography.hazmat.primitives.asymmetric import mldsa as c_mldsa
    from cryptography.hazmat.primitives.asymmetric import mlkem as c_mlkem
    from cryptography.hazmat.primitives.asymmetric import x25519 as c_x25519
    from cryptography.hazmat.primitives.asymmetric.utils import (
        decode_dss_signature,
        encode_dss_signature,
    )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF, HKDFExpand
    from py_ecc.bls import G2ProofOfPossession as py_ecc_bls
except ImportError as e:  # pragma: no cover
    sys.exit(f"generate.py: {e}; run `pip install -r vectors/requirements.txt`")

HERE = Path(__file__).resolve().parent
OUT = HERE / "foundation.json"
GENERATOR = "vectors/generate.py"


class Mismatch(Exception):
    """Two independent implementations disagreed while generating."""


def agree(what: str, *values: bytes) -> bytes:
    """Returns the common value of independent computations, or raises."""
    first = values[0]
    for v in values[1:]:
        if v != first:
            raise Mismatch(f"{what}: independent implementations disagree: "
                           + " vs ".join(x.hex() for x in values))
    return first


def pat(label: str, n: int) -> bytes:
    """n deterministic bytes: SHAKE-128 of an ASCII label."""
    return hashlib.shake_128(("zcrypto vectors: " + label).encode()).digest(n)


def h(b: bytes) -> str:
    return b.hex()


# --- hashes ---------------------------------------------------------------------------

def keccak256(data: bytes) -> bytes:
    return keccak.new(digest_bits=256, data=data).digest()


HASHES = {
    # name: (reference, [cross-checks])
    "sha256": (lambda d: hashlib.sha256(d).digest(), [lambda d: PcdSHA256.new(d).digest()]),
    "sha384": (lambda d: hashlib.sha384(d).digest(), [lambda d: PcdSHA384.new(d).digest()]),
    "sha512": (lambda d: hashlib.sha512(d).digest(), [lambda d: PcdSHA512.new(d).digest()]),
    "sha3-256": (lambda d: hashlib.sha3_256(d).digest(), [lambda d: PcdSHA3_256.new(d).digest()]),
    "keccak256": (keccak256, []),
    "blake2b-512": (lambda d: hashlib.blake2b(d, digest_size=64).digest(),
                    [lambda d: PcdBLAKE2b.new(data=d, digest_bits=512).digest()]),
    "blake2s-256": (lambda d: hashlib.blake2s(d, digest_size=32).digest(),
                    [lambda d: PcdBLAKE2s.new(data=d, digest_bits=256).digest()]),
    "blake3": (lambda d: blake3.blake3(d).digest(), []),
}

# 0, 1, "abc"-sized, the SHA-2 padding edges (55/56, 111/112), block sizes (64, 128),
# the SHA3-256/Keccak-256 rate edges (135/136), and multi-chunk BLAKE3 (1024/1025/2049).
HASH_LENGTHS = [0, 1, 3, 55, 56, 64, 111, 112, 128, 135, 136, 1000, 1024, 1025, 2049]


def hash_cases() -> list[dict]:
    # Sanity: the pipeline reproduces published answers.
    assert hashlib.sha256(b"abc").hexdigest() == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    assert keccak256(b"").hex() == (
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    assert blake3.blake3(b"").hexdigest() == (
        "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")
    cases = []
    for name, (ref, checks) in HASHES.items():
        for n in HASH_LENGTHS:
            msg = pat(f"hash msg {n}", n)
            digest = agree(f"{name}({n})", ref(msg), *(c(msg) for c in checks))
            cases.append({"alg": name, "op": "hash", "id": f"{name}/hash/len-{n}",
                          "msg": h(msg), "digest": h(digest)})
    return cases


# --- HMAC -----------------------------------------------------------------------------

SHA = {"sha256": (hashes.SHA256, "sha256", 32, 64),
       "sha384": (hashes.SHA384, "sha384", 48, 128),
       "sha512": (hashes.SHA512, "sha512", 64, 128)}


def c_hmac_tag(hname: str, key: bytes, msg: bytes) -> bytes:
    m = c_hmac.HMAC(key, SHA[hname][0]())
    m.update(msg)
    return m.finalize()


def hmac_cases() -> list[dict]:
    cases = []
    for hname, (_, std, hash_len, block) in SHA.items():
        alg = f"hmac-{hname}"
        # (key length, message length): empty key, short key, hash-length key, exactly a
        # block, one byte over a block (the key is hashed first), far over a block.
        shapes = [(0, 0), (1, 1), (20, 8), (hash_len, 0), (32, 64), (block, 1000),
                  (block + 1, 3), (200, 1025)]
        for i, (kl, ml) in enumerate(shapes):
            key = pat(f"hmac key {i} {kl}", kl)
            msg = pat(f"hmac msg {i} {ml}", ml)
            tag = agree(f"{alg} {i}", c_hmac_tag(hname, key, msg),
                        std_hmac.new(key, msg, std).digest())
            cases.append({"alg": alg, "op": "hmac", "id": f"{alg}/hmac/{i}-key{kl}-msg{ml}",
                          "key": h(key), "msg": h(msg), "tag": h(tag)})
    return cases


# --- HKDF -----------------------------------------------------------------------------

def manual_hkdf(std: str, hash_len: int, salt: bytes, ikm: bytes, info: bytes, n: int):
    """RFC 5869 by hand on the standard library's hmac (a cross-check)."""
    prk = std_hmac.new(salt or bytes(hash_len), ikm, std).digest()
    okm, t, i = b"", b"", 1
    while len(okm) < n:
        t = std_hmac.new(prk, t + info + bytes([i]), std).digest()
        okm += t
        i += 1
    return prk, okm[:n]


def hkdf_cases() -> list[dict]:
    # RFC 5869 test case 1 as a sanity check of the pipeline.
    okm = HKDF(hashes.SHA256(), 42, bytes(range(13)), bytes(range(0xf0, 0xfa))).derive(
        b"\x0b" * 22)
    assert okm.hex().startswith("3cb25f25faacd57a90434f64d0362f2a"), okm.hex()
    cases = []
    for hname, (chash, std, hash_len, _) in SHA.items():
        alg = f"hkdf-{hname}"
        # (salt, ikm, info, output length)
        shapes = [(0, 22, 0, 42), (13, 22, 10, 42), (80, 80, 80, 82), (0, 1, 0, 1),
                  (hash_len, hash_len, 0, hash_len), (200, 32, 255, 3 * hash_len + 1)]
        if hname == "sha256":
            shapes.append((32, 32, 16, 255 * hash_len))  # the maximum output
        for i, (sl, il, nl, n) in enumerate(shapes):
            salt = pat(f"hkdf salt {i} {sl}", sl)
            ikm = pat(f"hkdf ikm {i} {il}", il)
            info = pat(f"hkdf info {i} {nl}", nl)
            prk_m, okm_m = manual_hkdf(std, hash_len, salt, ikm, info, n)
            prk = agree(f"{alg} {i} prk", c_hmac_tag(hname, salt or bytes(hash_len), ikm),
                        prk_m)
            okm = agree(f"{alg} {i} okm",
                        HKDF(chash(), n, salt or None, info).derive(ikm),
                        PcdHKDF(ikm, n, salt, {"sha256": PcdSHA256, "sha384": PcdSHA384,
                                               "sha512": PcdSHA512}[hname], 1, info),
                        okm_m)
            cases.append({"alg": alg, "op": "hkdf", "id": f"{alg}/hkdf/{i}-len{n}",
                          "salt": h(salt), "ikm": h(ikm), "info": h(info),
                          "prk": h(prk), "okm": h(okm)})
    return cases


def hkdf_label(label: bytes, context: bytes, length: int) -> bytes:
    """RFC 8446 §7.1:
        struct {
            uint16 length = Length;
            opaque label<7..255> = "tls13 " + Label;
            opaque context<0..255> = Context;
        } HkdfLabel;
    """
    full = b"tls13 " + label
    assert 7 <= len(full) <= 255 and len(context) <= 255
    return struct.pack(">H", length) + bytes([len(full)]) + full + bytes([len(context)]) + context


def expand_label(hname: str, secret: bytes, label: bytes, context: bytes, n: int) -> bytes:
    return HKDFExpand(SHA[hname][0](), n, hkdf_label(label, context, n)).derive(secret)


def expand_label_cases() -> list[dict]:
    # RFC 9001 §A.1: client Initial key, IV and header-protection key.
    rfc_secret = bytes.fromhex(
        "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea")
    assert expand_label("sha256", rfc_secret, b"quic key", b"", 16).hex() == (
        "1f369613dd76d5467730efcbe3b1a22d")
    assert expand_label("sha256", rfc_secret, b"quic iv", b"", 12).hex() == (
        "fa044b2f42a3fd3b46fb255c")
    assert expand_label("sha256", rfc_secret, b"quic hp", b"", 16).hex() == (
        "9f50449e04a0e810283a1e9933adedd2")
    cases = []
    for hname, (_, std, hash_len, _) in SHA.items():
        alg = f"hkdf-{hname}"
        secret = pat(f"expand-label secret {hname}", hash_len)
        shapes = [
            (secret, b"quic key", b"", 16),
            (secret, b"quic iv", b"", 12),
            (secret, b"quic hp", b"", 32),
            (secret, b"quic ku", b"", hash_len),
            (secret, b"key", b"", 1),
            (secret, b"c hs traffic", pat(f"transcript {hname}", hash_len), hash_len),
            (secret, b"derived", hashlib.new(std, b"").digest(), hash_len),
            (secret, b"finished", b"", 100),
            # The longest label (249 + 6 = 255 bytes) and the longest context (255 bytes).
            (secret, b"L" * 249, pat(f"long context {hname}", 255), 3 * hash_len),
        ]
        if hname == "sha256":
            shapes.insert(0, (rfc_secret, b"quic key", b"", 16))
        for i, (sec, label, context, n) in enumerate(shapes):
            okm = expand_label(hname, sec, label, context, n)
            # Cross-check: HKDF-Expand by hand (stdlib hmac) on the same HkdfLabel.
            t, out, j = b"", b"", 1
            info = hkdf_label(label, context, n)
            while len(out) < n:
                t = std_hmac.new(sec, t + info + bytes([j]), std).digest()
                out += t
                j += 1
            agree(f"{alg} expand-label {i}", okm, out[:n])
            short = label.decode() if len(label) < 20 else f"L*{len(label)}"
            cases.append({"alg": alg, "op": "expand_label",
                          "id": f"{alg}/expand_label/{i}-{short}-ctx{len(context)}-len{n}",
                          "secret": h(sec), "label": h(label), "context": h(context),
                          "okm": h(okm)})
    return cases


# --- AEAD -----------------------------------------------------------------------------

def _rotl(v: int, c: int) -> int:
    return ((v << c) & 0xffffffff) | (v >> (32 - c))


def hchacha20(key: bytes, nonce16: bytes) -> bytes:
    """HChaCha20 (draft-irtf-cfrg-xchacha §2.2), by hand, for the XChaCha cross-check."""
    s = list(struct.unpack("<4I", b"expand 32-byte k") + struct.unpack("<8I", key)
             + struct.unpack("<4I", nonce16))

    def qr(a, b, c, d):
        s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = _rotl(s[d] ^ s[a], 16)  # noqa: E702
        s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = _rotl(s[b] ^ s[c], 12)  # noqa: E702
        s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = _rotl(s[d] ^ s[a], 8)  # noqa: E702
        s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = _rotl(s[b] ^ s[c], 7)  # noqa: E702

    for _ in range(10):
        qr(0, 4, 8, 12), qr(1, 5, 9, 13), qr(2, 6, 10, 14), qr(3, 7, 11, 15)
        qr(0, 5, 10, 15), qr(1, 6, 11, 12), qr(2, 7, 8, 13), qr(3, 4, 9, 14)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))


def pcd_seal(cipher, aad: bytes, pt: bytes) -> bytes:
    cipher.update(aad)
    ct, tag = cipher.encrypt_and_digest(pt)
    return ct + tag


def aead_seal(alg: str, key: bytes, nonce: bytes, aad: bytes, pt: bytes) -> bytes:
    if alg in ("aes-128-gcm", "aes-256-gcm"):
        return agree(alg, AESGCM(key).encrypt(nonce, pt, aad),
                     pcd_seal(PcdAES.new(key, PcdAES.MODE_GCM, nonce=nonce, mac_len=16),
                              aad, pt))
    if alg == "chacha20-poly1305":
        return agree(alg, ChaCha20Poly1305(key).encrypt(nonce, pt, aad),
                     pcd_seal(PcdChaChaPoly.new(key=key, nonce=nonce), aad, pt))
    if alg == "xchacha20-poly1305":
        # pycryptodome's ChaCha20_Poly1305 with a 24-byte nonce is XChaCha20-Poly1305;
        # cross-check: ChaCha20-Poly1305 under HChaCha20(key, n[:16]) with 0^4 ‖ n[16:].
        subkey = hchacha20(key, nonce[:16])
        return agree(alg, pcd_seal(PcdChaChaPoly.new(key=key, nonce=nonce), aad, pt),
                     ChaCha20Poly1305(subkey).encrypt(bytes(4) + nonce[16:], pt, aad))
    raise ValueError(alg)


AEADS = {"aes-128-gcm": (16, 12), "aes-256-gcm": (32, 12),
         "chacha20-poly1305": (32, 12), "xchacha20-poly1305": (32, 24)}


def aead_cases() -> list[dict]:
    cases = []
    # (plaintext length, aad length): empty everything, empty plaintext with aad, one
    # byte, one block, partial blocks, a ChaCha block, a long message, a QUIC packet.
    shapes = [(0, 0), (0, 20), (1, 0), (16, 0), (17, 13), (64, 64), (1000, 0), (1350, 32)]
    for alg, (kl, nl) in AEADS.items():
        for i, (pl, al) in enumerate(shapes):
            key = pat(f"aead key {alg} {i}", kl)
            nonce = pat(f"aead nonce {alg} {i}", nl)
            aad = pat(f"aead aad {i} {al}", al)
            pt = pat(f"aead pt {i} {pl}", pl)
            ct = aead_seal(alg, key, nonce, aad, pt)
            cases.append({"alg": alg, "op": "aead", "id": f"{alg}/aead/{i}-pt{pl}-aad{al}",
                          "key": h(key), "nonce": h(nonce), "aad": h(aad), "pt": h(pt),
                          "ct": h(ct)})
    return cases


# --- X25519 ---------------------------------------------------------------------------

P25519 = 2**255 - 19


def x25519_public(sk: bytes) -> bytes:
    return c_x25519.X25519PrivateKey.from_private_bytes(sk).public_key().public_bytes_raw()


def x25519_cases() -> list[dict]:
    # RFC 7748 §6.1.
    alice = bytes.fromhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
    assert x25519_public(alice).hex() == (
        "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
    cases = []
    shapes = []
    for i in range(4):
        shapes.append((f"{i}", pat(f"x25519 sk {i}", 32),
                       x25519_public(pat(f"x25519 peer {i}", 32)), True))
    sk = pat("x25519 sk edge", 32)
    peer = bytearray(x25519_public(pat("x25519 peer edge", 32)))
    # The top bit of the u-coordinate must be ignored (RFC 7748 §5).
    peer[31] |= 0x80
    shapes.append(("peer-high-bit", sk, bytes(peer), False))
    # Non-canonical u = p + 9 (≡ 9, the base point) must be reduced: the result is sk's
    # own public key.
    shapes.append(("peer-p-plus-9", sk, (P25519 + 9).to_bytes(32, "little"), False))
    # An all-ones secret (clamping clears and sets bits).
    shapes.append(("sk-all-ones", b"\xff" * 32, x25519_public(pat("x25519 peer 0", 32)), True))
    for tag, sk, peer, canonical in shapes:
        pk = x25519_public(sk)
        shared = c_x25519.X25519PrivateKey.from_private_bytes(sk).exchange(
            c_x25519.X25519PublicKey.from_public_bytes(peer))
        if canonical:
            shared = agree(f"x25519 {tag}", shared, PcdDH.key_agreement(
                static_priv=PcdDH.import_x25519_private_key(sk),
                static_pub=PcdDH.import_x25519_public_key(peer), kdf=lambda z: z))
            pk = agree(f"x25519 {tag} pk", pk, PcdDH.import_x25519_private_key(sk)
                       .public_key().export_key(format="raw"))
        if tag == "peer-p-plus-9":
            agree("x25519 p+9", shared, pk)
        cases.append({"alg": "x25519", "op": "x25519", "id": f"x25519/x25519/{tag}",
                      "sk": h(sk), "pk": h(pk), "peer": h(peer), "shared": h(shared)})
    return cases


# --- ML-KEM ---------------------------------------------------------------------------

MLKEM = {
    # name: (cryptography class or None, pycryptodome parameter set, ciphertext length)
    "ml-kem-512": (None, PcdMLKEM.ML_KEM_512, 768),
    "ml-kem-768": (c_mlkem.MLKEM768PrivateKey, PcdMLKEM.ML_KEM_768, 1088),
    "ml-kem-1024": (c_mlkem.MLKEM1024PrivateKey, PcdMLKEM.ML_KEM_1024, 1568),
}


def kem_cases(existing: dict[str, dict], fresh: bool) -> list[dict]:
    """ML-KEM from a 64-byte seed.

    Per seed: `ek` and the expanded `dk` (pycryptodome; ek cross-checked with
    cryptography), and three ciphertexts with their shared secrets:
      * source "encaps-internal": FIPS 203 ML-KEM.Encaps_internal with the given `m`
        (pycryptodome), decapsulated by cryptography as a cross-check;
      * source "decaps-pattern": a fixed pseudorandom ciphertext, i.e. the implicit
        rejection secret, from both libraries;
      * source "cryptography-encapsulate": cryptography's randomized encapsulate(), only
        for decapsulation (kept from `existing` unless `fresh`).
    cryptography has no ML-KEM-512, so that parameter set rests on pycryptodome alone.
    """
    cases = []
    for alg, (ckey, pset, ct_len) in MLKEM.items():
        for i in range(2):
            seed = bytes(range(64)) if i == 0 else pat(f"{alg} seed {i}", 64)
            pkey = PcdMLKEM.MLKEMKey(param_set=pset, seed=seed)
            ek, dk = pkey.ek, pkey.expanded_dk
            csk = ckey.from_seed_bytes(seed) if ckey else None
            if csk is not None:
                agree(f"{alg} {i} ek", ek, csk.public_key().public_bytes_raw())

            def decaps(ct: bytes) -> bytes:
                ss = pkey._decaps(ct)
                return agree(f"{alg} {i} decaps", ss, csk.decapsulate(ct)) if csk else ss

            base = {"alg": alg, "op": "kem", "seed": h(seed), "ek": h(ek), "dk": h(dk)}
            m = pat(f"{alg} m {i}", 32)
            # pycryptodome exposes caller-randomness encapsulation only as `_encaps(coins)`.
            ss, ct = pkey.public_key()._encaps(m)
            agree(f"{alg} {i} encaps", ss, decaps(ct))
            cases.append({**base, "id": f"{alg}/kem/seed{i}-encaps-internal",
                          "source": "encaps-internal", "m": h(m), "ciphertext": h(ct),
                          "shared_secret": h(ss)})
            ct = pat(f"{alg} pattern ciphertext {i}", ct_len)
            cases.append({**base, "id": f"{alg}/kem/seed{i}-decaps-pattern",
                          "source": "decaps-pattern", "ciphertext": h(ct),
                          "shared_secret": h(decaps(ct))})
            if csk is not None:
                cid = f"{alg}/kem/seed{i}-cryptography-encapsulate"
                old = existing.get(cid)
                if old is not None and not fresh and old.get("seed") == h(seed):
                    ct = bytes.fromhex(old["ciphertext"])
                    if len(ct) != ct_len:
                        raise Mismatch(f"{cid}: stored ciphertext has {len(ct)} bytes")
                    ss = decaps(ct)
                else:
                    ss, ct = csk.public_key().encapsulate()
                    agree(f"{cid} decaps", ss, decaps(ct))
                cases.append({**base, "id": cid, "source": "cryptography-encapsulate",
                              "ciphertext": h(ct), "shared_secret": h(ss)})
    return cases


# --- signatures -----------------------------------------------------------------------
#
# op "sign": `seed` is zcrypto's secret key (RFC 8032 seed, secp256k1 scalar, FIPS 204
# ξ); every case gives `public_key` from it and a `signature` over `message` under
# `context` that must verify. `deterministic` cases must be reproduced byte for byte
# (Ed25519, RFC 6979 ECDSA, BIP-340 with the stored `aux_rand`, deterministic ML-DSA);
# the others (cryptography's hedged ML-DSA) can only be verified.

SECP_P = 2**256 - 2**32 - 977
SECP_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
SECP_G = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
          0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)


def _pt_add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % SECP_P == 0:
        return None
    if a == b:
        lam = 3 * a[0] * a[0] * pow(2 * a[1], SECP_P - 2, SECP_P) % SECP_P
    else:
        lam = (b[1] - a[1]) * pow(b[0] - a[0], SECP_P - 2, SECP_P) % SECP_P
    x = (lam * lam - a[0] - b[0]) % SECP_P
    return x, (lam * (a[0] - x) - a[1]) % SECP_P


def _pt_mul(p, k: int):
    r = None
    for i in range(256):
        if (k >> i) & 1:
            r = _pt_add(r, p)
        p = _pt_add(p, p)
    return r


def _tagged(tag: str, msg: bytes) -> bytes:
    t = hashlib.sha256(tag.encode()).digest()
    return hashlib.sha256(t + t + msg).digest()


def bip340_reference(sk: bytes, msg: bytes, aux: bytes) -> tuple[bytes, bytes]:
    """BIP-340 PubKey and Sign written out from the BIP (a cross-check of libsecp256k1)."""
    d0 = int.from_bytes(sk, "big")
    assert 1 <= d0 < SECP_N and len(aux) == 32
    pub = _pt_mul(SECP_G, d0)
    d = d0 if pub[1] % 2 == 0 else SECP_N - d0
    px = pub[0].to_bytes(32, "big")
    t = bytes(a ^ b for a, b in zip(d.to_bytes(32, "big"), _tagged("BIP0340/aux", aux)))
    k0 = int.from_bytes(_tagged("BIP0340/nonce", t + px + msg), "big") % SECP_N
    assert k0 != 0
    r = _pt_mul(SECP_G, k0)
    k = k0 if r[1] % 2 == 0 else SECP_N - k0
    rx = r[0].to_bytes(32, "big")
    e = int.from_bytes(_tagged("BIP0340/challenge", rx + px + msg), "big") % SECP_N
    return px, rx + ((k + e * d) % SECP_N).to_bytes(32, "big")


def coincurve_schnorr(sk: bytes, msg: bytes, aux: bytes) -> bytes:
    """libsecp256k1 (coincurve) BIP-340 signing. coincurve 21's `sign_schnorr` accepts
    only 32-byte messages; other lengths go through the same library's
    `secp256k1_schnorrsig_sign_custom` (which takes any length) via coincurve's cffi."""
    key = coincurve.PrivateKey(sk)
    if len(msg) == 32:
        sig = key.sign_schnorr(msg, aux)
    else:
        from coincurve._libsecp256k1 import ffi, lib
        ctx = coincurve.keys.GLOBAL_CONTEXT.ctx
        keypair = ffi.new("secp256k1_keypair *")
        assert lib.secp256k1_keypair_create(ctx, keypair, sk) == 1
        params = ffi.new("secp256k1_schnorrsig_extraparams *")
        params.magic = [0xDA, 0x6F, 0xB3, 0x8C]  # SECP256K1_SCHNORRSIG_EXTRAPARAMS_MAGIC
        params.noncefp = ffi.NULL  # the BIP-340 nonce function
        aux_buf = ffi.new("unsigned char[32]", aux)
        params.ndata = aux_buf
        out = ffi.new("unsigned char[64]")
        msg_buf = ffi.new("unsigned char[]", msg) if msg else ffi.NULL
        assert lib.secp256k1_schnorrsig_sign_custom(ctx, out, msg_buf, len(msg), keypair,
                                                    params) == 1
        sig = bytes(ffi.buffer(out))
    if not PublicKeyXOnly(key.public_key_xonly.format()).verify(sig, msg):
        raise Mismatch("coincurve BIP-340 signature does not verify")
    return sig


def sign_case(alg: str, cid: str, seed: bytes, pk: bytes, msg: bytes, ctx: bytes,
              sig: bytes, deterministic: bool, source: str, **extra) -> dict:
    return {"alg": alg, "op": "sign", "id": cid, "seed": h(seed), "public_key": h(pk),
            "message": h(msg), "context": h(ctx), "signature": h(sig),
            "deterministic": deterministic, "source": source,
            **{k: h(v) for k, v in extra.items()}}


def ed25519_cases() -> list[dict]:
    # RFC 8032 §7.1 TEST 1.
    rfc = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    rfc_sk = c_ed25519.Ed25519PrivateKey.from_private_bytes(rfc)
    assert rfc_sk.public_key().public_bytes_raw().hex() == (
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    assert rfc_sk.sign(b"").hex() == (
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
    cases = []
    # Empty, one byte, one digest, one SHA-512 block, long messages.
    for i, ml in enumerate([0, 1, 32, 128, 1000, 1500]):
        seed = rfc if i == 0 else pat(f"ed25519 seed {i}", 32)
        msg = pat(f"ed25519 msg {i} {ml}", ml)
        csk = c_ed25519.Ed25519PrivateKey.from_private_bytes(seed)
        psk = PcdECC.construct(curve="Ed25519", seed=seed)
        pk = agree(f"ed25519 {i} pk", csk.public_key().public_bytes_raw(),
                   psk.public_key().export_key(format="raw"))
        sig = agree(f"ed25519 {i} sig", csk.sign(msg),
                    pcd_eddsa.new(psk, "rfc8032").sign(msg))
        cases.append(sign_case("ed25519", f"ed25519/sign/{i}-msg{ml}", seed, pk, msg, b"",
                               sig, True, "cryptography"))
    return cases


def ecdsa_cases() -> list[dict]:
    cases = []
    # (secret key, message length): random-looking keys, the smallest and largest
    # scalars; empty, "abc"-sized, one digest, long messages.
    shapes = [(pat("ecdsa sk 0", 32), 0), (pat("ecdsa sk 1", 32), 3),
              (pat("ecdsa sk 2", 32), 32), (pat("ecdsa sk 3", 32), 1000),
              ((1).to_bytes(32, "big"), 64), ((SECP_N - 1).to_bytes(32, "big"), 100)]
    for i, (seed, ml) in enumerate(shapes):
        msg = pat(f"ecdsa msg {i} {ml}", ml)
        key = coincurve.PrivateKey(seed)
        ckey = c_ec.derive_private_key(int.from_bytes(seed, "big"), c_ec.SECP256K1())
        pk = agree(f"ecdsa {i} pk", key.public_key.format(compressed=True),
                   ckey.public_key().public_bytes(serialization.Encoding.X962,
                                                  serialization.PublicFormat.CompressedPoint))
        # coincurve: libsecp256k1 with its default RFC 6979 nonce, over SHA-256 (the
        # default hasher), always low-S. DER out.
        der = key.sign(msg, hasher=lambda m: hashlib.sha256(m).digest())
        r, s = decode_dss_signature(der)
        if not s <= SECP_N // 2:
            raise Mismatch(f"ecdsa {i}: coincurve signature is not low-S")
        # Cross-check: cryptography's RFC 6979 ECDSA (OpenSSL), normalized to low S.
        r2, s2 = decode_dss_signature(ckey.sign(msg, c_ec.ECDSA(hashes.SHA256(),
                                                                deterministic_signing=True)))
        sig = agree(f"ecdsa {i} sig", r.to_bytes(32, "big") + s.to_bytes(32, "big"),
                    r2.to_bytes(32, "big") + min(s2, SECP_N - s2).to_bytes(32, "big"))
        ckey.public_key().verify(der, msg, c_ec.ECDSA(hashes.SHA256()))
        cases.append(sign_case("ecdsa-secp256k1", f"ecdsa-secp256k1/sign/{i}-msg{ml}", seed,
                               pk, msg, b"", sig, True, "coincurve"))
    return cases


def bip340_cases() -> list[dict]:
    # BIP-340 test vector 0 (32-byte message) and 15 (empty message).
    sk0 = (3).to_bytes(32, "big")
    assert coincurve_schnorr(sk0, bytes(32), bytes(32)).hex() == (
        "e907831f80848d1069a5371b402410364bdf1c5f8307b0084c55f1ce2dca8215"
        "25f66a4a85ea8b71e482a74f382d2ce5ebeee8fdb2172f477df4900d310536c0")
    sk15 = bytes.fromhex("03400340" * 8)
    assert agree("bip340 vector 15", coincurve_schnorr(sk15, b"", bytes(32)),
                 bip340_reference(sk15, b"", bytes(32))[1]).hex() == (
        "71535db165ecd9fbbc046e5ffaea61186bb6ad436732fccc25291a55895464cf"
        "6069ce26bf03466228f19a3a62db8a649f2d560fac652827d1af0574e427ab63")
    cases = []
    # 32-byte messages (coincurve's sign_schnorr) and other lengths (BIP-340 as revised).
    for i, ml in enumerate([32, 32, 32, 0, 1, 100, 1000]):
        seed = pat(f"bip340 sk {i}", 32)
        msg = pat(f"bip340 msg {i} {ml}", ml)
        aux = bytes(32) if i == 1 else pat(f"bip340 aux {i}", 32)
        ref_pk, ref_sig = bip340_reference(seed, msg, aux)
        key = coincurve.PrivateKey(seed)
        pk = agree(f"bip340 {i} pk", key.public_key_xonly.format(), ref_pk,
                   key.public_key.format(compressed=True)[1:])
        sig = agree(f"bip340 {i} sig", coincurve_schnorr(seed, msg, aux), ref_sig)
        cases.append(sign_case("bip340", f"bip340/sign/{i}-msg{ml}", seed, pk, msg, b"",
                               sig, True, "coincurve", aux_rand=aux))
    return cases


MLDSA = {
    # name: (cryptography class, pycryptodome parameter set)
    "ml-dsa-44": (c_mldsa.MLDSA44PrivateKey, PcdMLDSA.ML_DSA_44),
    "ml-dsa-65": (c_mldsa.MLDSA65PrivateKey, PcdMLDSA.ML_DSA_65),
    "ml-dsa-87": (c_mldsa.MLDSA87PrivateKey, PcdMLDSA.ML_DSA_87),
}


def mldsa_cases(existing: dict[str, dict], fresh: bool) -> list[dict]:
    """ML-DSA from a 32-byte seed ξ; the public key from cryptography and pycryptodome.

    * source "pycryptodome-deterministic": pycryptodome's deterministic ML-DSA.Sign
      (rnd = 0^32), verified by cryptography; zcrypto must reproduce it.
    * source "cryptography-hedged": cryptography's hedged sign() (it has no
      deterministic mode), verified by both libraries; kept from `existing` unless
      `fresh`.
    """
    cases = []
    # (seed index, message length, context length, deterministic)
    shapes = [(0, 0, 0, True), (0, 1000, 16, True), (1, 33, 255, True),
              (1, 100, 8, False), (0, 0, 0, False)]
    for alg, (ckey_cls, pset) in MLDSA.items():
        for j, (si, ml, cl, det) in enumerate(shapes):
            seed = bytes(range(32)) if si == 0 else pat(f"{alg} seed {si}", 32)
            msg = pat(f"{alg} msg {j} {ml}", ml)
            ctx = pat(f"{alg} ctx {j} {cl}", cl)
            ckey = ckey_cls.from_seed_bytes(seed)
            pkey = PcdMLDSA.construct(param_set=pset, seed=seed)
            pk = agree(f"{alg} seed{si} pk", ckey.public_key().public_bytes_raw(), pkey.pk)

            def verify_both(sig: bytes, what: str) -> None:
                try:
                    ckey.public_key().verify(sig, msg, ctx)
                    pcd_mldsa.new(PcdMLDSA.construct(param_set=pset, pk=pk), ctx).verify(
                        msg, sig)
                except (InvalidSignature, ValueError) as e:
                    raise Mismatch(f"{what}: signature does not verify: {e!r}") from None

            if det:
                cid = f"{alg}/sign/{j}-seed{si}-msg{ml}-ctx{cl}-deterministic"
                sig = pcd_mldsa.new(pkey, ctx, deterministic=True).sign(msg)
                verify_both(sig, cid)
                source = "pycryptodome-deterministic"
            else:
                cid = f"{alg}/sign/{j}-seed{si}-msg{ml}-ctx{cl}-hedged"
                old = existing.get(cid)
                if (old is not None and not fresh and old.get("seed") == h(seed)
                        and old.get("message") == h(msg) and old.get("context") == h(ctx)):
                    sig = bytes.fromhex(old["signature"])
                else:
                    sig = ckey.sign(msg, ctx)
                verify_both(sig, cid)
                source = "cryptography-hedged"
            cases.append(sign_case(alg, cid, seed, pk, msg, ctx, sig, det, source))
    return cases


# The composite Ed25519 + ML-DSA-65 signature of zcrypto/src/sig/hybrid.rs (its module
# docs are the specification).
HYBRID_PREFIX = b"CompositeAlgorithmSignatures2025"
HYBRID_LABEL = b"COMPSIG-MLDSA65-Ed25519-SHA512"


def hybrid_representative(msg: bytes, ctx: bytes) -> bytes:
    """M' = PREFIX ‖ LABEL ‖ len(ctx) (1 byte) ‖ ctx ‖ SHA-512(M)."""
    assert len(ctx) <= 255
    return HYBRID_PREFIX + HYBRID_LABEL + bytes([len(ctx)]) + ctx + hashlib.sha512(msg).digest()


def hybrid_cases() -> list[dict]:
    """"ed25519-ml-dsa-65": seed = ML-DSA-65 ξ ‖ Ed25519 seed, public key = ML-DSA-65 pk ‖
    Ed25519 pk, signature = ML-DSA-65 signature ‖ Ed25519 signature, both over M'.

    * ML-DSA-65 half: pycryptodome deterministic ML-DSA.Sign (rnd = 0^32) of M' with the
      FIPS 204 context LABEL; public key from pycryptodome and cryptography, the
      signature verified by cryptography (and refused under the empty context).
    * Ed25519 half: cryptography's Ed25519 of M', cross-checked with pycryptodome's
      eddsa (rfc8032); public key from both.
    """
    cases = []
    # (seed index, message length, context length)
    shapes = [(0, 0, 0), (1, 17, 8), (1, 1000, 255), (2, 1000, 0)]
    for j, (si, ml, cl) in enumerate(shapes):
        seed = pat(f"ed25519-ml-dsa-65 seed {si}", 64)
        msg = pat(f"ed25519-ml-dsa-65 msg {j} {ml}", ml)
        ctx = pat(f"ed25519-ml-dsa-65 ctx {j} {cl}", cl)
        cid = f"ed25519-ml-dsa-65/sign/{j}-seed{si}-msg{ml}-ctx{cl}"
        xi, ed_seed = seed[:32], seed[32:]
        m = hybrid_representative(msg, ctx)

        ckey = c_mldsa.MLDSA65PrivateKey.from_seed_bytes(xi)
        pkey = PcdMLDSA.construct(param_set=PcdMLDSA.ML_DSA_65, seed=xi)
        pq_pk = agree(f"{cid} ml-dsa pk", ckey.public_key().public_bytes_raw(), pkey.pk)
        pq_sig = pcd_mldsa.new(pkey, HYBRID_LABEL, deterministic=True).sign(m)
        try:
            ckey.public_key().verify(pq_sig, m, HYBRID_LABEL)
        except InvalidSignature:
            raise Mismatch(f"{cid}: ML-DSA-65 half does not verify (cryptography)") from None
        try:
            ckey.public_key().verify(pq_sig, m, b"")
            raise Mismatch(f"{cid}: ML-DSA-65 half verifies without the label context")
        except InvalidSignature:
            pass

        csk = c_ed25519.Ed25519PrivateKey.from_private_bytes(ed_seed)
        psk = PcdECC.construct(curve="Ed25519", seed=ed_seed)
        ed_pk = agree(f"{cid} ed25519 pk", csk.public_key().public_bytes_raw(),
                      psk.public_key().export_key(format="raw"))
        ed_sig = agree(f"{cid} ed25519 sig", csk.sign(m), pcd_eddsa.new(psk, "rfc8032").sign(m))

        assert len(pq_pk) == 1952 and len(pq_sig) == 3309
        cases.append(sign_case("ed25519-ml-dsa-65", cid, seed, pq_pk + ed_pk, msg, ctx,
                               pq_sig + ed_sig, True, "pycryptodome+cryptography"))
    return cases


def bls_cases() -> list[dict]:
    """"bls12-381" (Ethereum: min_pk, proof-of-possession ciphersuite) with py_ecc.

    `seed` is 32 bytes of KeyGen input keying material (empty key_info), what zcrypto's
    `Signer::from_seed` takes; `secret_scalar` is the resulting 32-byte big-endian
    secret (what `bls::SigningKey::from_bytes` takes). There is no second BLS library
    here: the signature is checked by py_ecc's Verify only, and the pipeline by
    published answers (EIP-2333 test case 0, an Ethereum consensus-spec sign case).
    """
    # EIP-2333 test case 0: derive_master_SK(seed) = KeyGen(seed, "").
    eip2333 = bytes.fromhex(
        "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e5349553"
        "1f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04")
    assert py_ecc_bls.KeyGen(eip2333) == (
        6083874454709270928345386274498605044986640685124978867557563392430687146096)
    # bls12-381-tests sign_case_c82df61aa3ee60fb.
    sk = int("263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3", 16)
    assert py_ecc_bls.SkToPk(sk).hex() == (
        "a491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20f"
        "d6e10c1b77654d067c0618f6e5a7f79a")
    assert py_ecc_bls.Sign(sk, bytes(32)).hex() == (
        "b6ed936746e01f8ecf281f020953fbf1f01debd5657c4a383940b020b26507f6"
        "076334f91e2366c96e9ab279fb5158090352ea1c5b0c9274504f4f0e7053af24"
        "802e51e4568d164fe986834f41e55c8e850ce1f98458c0cfc9ab380b55285a55")
    cases = []
    # Empty, one-digest and long messages (py_ecc is slow: three cases).
    for j, ml in enumerate([0, 32, 1000]):
        ikm = pat(f"bls12-381 ikm {j}", 32)
        msg = pat(f"bls12-381 msg {j} {ml}", ml)
        sk = py_ecc_bls.KeyGen(ikm)
        pk = bytes(py_ecc_bls.SkToPk(sk))
        sig = bytes(py_ecc_bls.Sign(sk, msg))
        if not py_ecc_bls.Verify(pk, msg, sig) or py_ecc_bls.Verify(pk, msg + b"x", sig):
            raise Mismatch(f"bls12-381 {j}: py_ecc Verify disagrees with its Sign")
        cases.append(sign_case("bls12-381", f"bls12-381/sign/{j}-msg{ml}", ikm, pk, msg, b"",
                               sig, True, "py_ecc",
                               secret_scalar=sk.to_bytes(32, "big")))
    return cases


def sig_cases(existing: dict[str, dict], fresh: bool) -> list[dict]:
    return (ed25519_cases() + ecdsa_cases() + bip340_cases() + mldsa_cases(existing, fresh)
            + hybrid_cases() + bls_cases())


# --- driver ---------------------------------------------------------------------------

def libraries() -> dict[str, str]:
    return {"python-hashlib": f"Python {sys.version.split()[0]}",
            "cryptography": cryptography.__version__,
            "pycryptodome": Crypto.__version__,
            "blake3": blake3.__version__,
            "coincurve": coincurve.__version__,
            "py_ecc": importlib.metadata.version("py_ecc")}


def build(existing: dict[str, dict], fresh_kem: bool, fresh_sig: bool) -> dict:
    cases = (hash_cases() + hmac_cases() + hkdf_cases() + expand_label_cases()
             + aead_cases() + x25519_cases() + kem_cases(existing, fresh_kem)
             + sig_cases(existing, fresh_sig))
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    return {"generator": GENERATOR, "libraries": libraries(), "cases": cases}


def render(doc: dict) -> str:
    return json.dumps(doc, indent=1, sort_keys=True) + "\n"


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="verify the file instead of writing it; exit 1 on any mismatch")
    ap.add_argument("--fresh-kem", action="store_true",
                    help="when writing, make new ML-KEM ciphertexts with cryptography")
    ap.add_argument("--fresh-sig", action="store_true",
                    help="when writing, make new hedged ML-DSA signatures with cryptography")
    ap.add_argument("--file", type=Path, default=OUT, help="default: %(default)s")
    args = ap.parse_args()

    stored = load(args.file) if args.file.exists() else None
    existing = {c["id"]: c for c in stored["cases"]} if stored else {}
    try:
        doc = build(existing, fresh_kem=args.fresh_kem and not args.check,
                    fresh_sig=args.fresh_sig and not args.check)
    except Mismatch as e:
        print(f"generate.py: {e}", file=sys.stderr)
        return 1

    if not args.check:
        args.file.write_text(render(doc))
        counts: dict[str, int] = {}
        for c in doc["cases"]:
            counts[c["op"]] = counts.get(c["op"], 0) + 1
        print(f"wrote {args.file}: {len(doc['cases'])} cases {counts}")
        return 0

    if stored is None:
        print(f"generate.py --check: {args.file} does not exist", file=sys.stderr)
        return 1
    problems = []
    if stored.get("libraries") != doc["libraries"]:
        print(f"note: file made with {stored.get('libraries')}, checking with "
              f"{doc['libraries']}", file=sys.stderr)
    stored["libraries"] = doc["libraries"]  # metadata, not compared
    want = {c["id"]: c for c in doc["cases"]}
    for cid in existing.keys() - want.keys():
        problems.append(f"{cid}: in the file but not generated")
    for cid, case in want.items():
        old = existing.get(cid)
        if old is None:
            problems.append(f"{cid}: generated but missing from the file")
            continue
        for key in sorted(case.keys() | old.keys()):
            if case.get(key) != old.get(key):
                problems.append(f"{cid}: field {key!r} differs: file {str(old.get(key))[:72]}"
                                f" vs regenerated {str(case.get(key))[:72]}")
    if not problems and render(stored) != args.file.read_text():
        problems.append("the cases agree but the file is not in canonical form "
                        "(order, whitespace); rewrite it with generate.py")
    if not problems and render(stored) != render(doc):
        problems.append("case order differs from the generator's")
    if problems:
        print(f"generate.py --check: {args.file}: {len(problems)} mismatch(es):",
              file=sys.stderr)
        for p in problems[:50]:
            print(f"  {p}", file=sys.stderr)
        return 1
    kem = sum(1 for c in doc["cases"] if c.get("source") == "cryptography-encapsulate")
    sig = sum(1 for c in doc["cases"] if c.get("source") == "cryptography-hedged")
    print(f"{args.file}: OK, {len(doc['cases'])} cases "
          f"({kem} randomized ML-KEM ciphertexts checked by decapsulation, "
          f"{sig} hedged ML-DSA signatures checked by verification)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
