#!/usr/bin/env python3
"""Generates (or checks) zcrypto's own cross-language known-answer vectors.

Every expected value in ``foundation.json`` is computed here by independent Python
implementations (hashlib, cryptography, pycryptodome, blake3), never by zcrypto, and
where a second independent implementation exists the two are cross-checked before
anything is written. All inputs are derived from fixed labels with SHAKE-128, so the
output is deterministic.

    python3 vectors/generate.py            # (re)write vectors/foundation.json
    python3 vectors/generate.py --check    # verify vectors/foundation.json, exit 1 on mismatch

The one randomized input is the ML-KEM ciphertext produced by cryptography's
``encapsulate()`` (it has no deterministic variant). Writing keeps the ciphertexts
already in the file (the secret is always recomputed by decapsulation), so a re-run is
byte-identical; ``--fresh-kem`` encapsulates anew. ``--check`` regenerates everything
deterministic, decapsulates the stored ciphertexts with cryptography and pycryptodome,
and compares the result byte for byte with the file.

See README.md in this directory.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac as std_hmac
import json
import struct
import sys
from pathlib import Path

try:
    import blake3
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
    from Crypto.PublicKey import MLKEM as PcdMLKEM
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives import hmac as c_hmac
    from cryptography.hazmat.primitives.asymmetric import mlkem as c_mlkem
    from cryptography.hazmat.primitives.asymmetric import x25519 as c_x25519
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF, HKDFExpand
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


# --- driver ---------------------------------------------------------------------------

def libraries() -> dict[str, str]:
    return {"python-hashlib": f"Python {sys.version.split()[0]}",
            "cryptography": cryptography.__version__,
            "pycryptodome": Crypto.__version__,
            "blake3": blake3.__version__}


def build(existing: dict[str, dict], fresh: bool) -> dict:
    cases = (hash_cases() + hmac_cases() + hkdf_cases() + expand_label_cases()
             + aead_cases() + x25519_cases() + kem_cases(existing, fresh))
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
    ap.add_argument("--file", type=Path, default=OUT, help="default: %(default)s")
    args = ap.parse_args()

    stored = load(args.file) if args.file.exists() else None
    existing = {c["id"]: c for c in stored["cases"]} if stored else {}
    try:
        doc = build(existing, fresh=args.fresh_kem and not args.check)
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
    print(f"{args.file}: OK, {len(doc['cases'])} cases "
          f"({kem} randomized ML-KEM ciphertexts checked by decapsulation)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
