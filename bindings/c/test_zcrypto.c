/*
 * C tests of libzcrypto: every exported function, against the project's
 * cross-language vectors (vectors/foundation.json, vectors/ffi.json, vectors/merkle/rfc9162.json,
 * vectors/quic/rfc9001.json and rfc9369.json) and
 * with negative cases (wrong key, flipped bit, truncated input, wrong length, NULL
 * pointers, buffer too small + size query, unknown algorithm names).
 *
 * Usage: test_zcrypto <repository root>   (run by bindings/c/run.sh under valgrind)
 * Needs cJSON (Debian: libcjson-dev).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "zcrypto.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        checks++;                                                          \
        if (!(cond)) {                                                     \
            failures++;                                                    \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);           \
            fprintf(stderr, __VA_ARGS__);                                  \
            fprintf(stderr, "\n");                                         \
        }                                                                  \
    } while (0)

/* A call must return `want`. */
#define EXPECT(want, call)                                                          \
    do {                                                                            \
        int32_t rc_ = (call);                                                       \
        CHECK(rc_ == (want), "%s returned %d (%s), expected %d (%s)", #call, rc_,   \
              zc_error_name(rc_), (want), zc_error_name(want));                     \
    } while (0)

#define OK(call) EXPECT(ZC_OK, call)

/* ---------------------------------------------------------------- helpers */

typedef struct {
    uint8_t *p;
    size_t n;
} bytes;

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes hex into a malloc'd buffer (at least 1 byte allocated, so never NULL). */
static bytes unhex(const char *s) {
    size_t len = strlen(s);
    bytes b = {malloc(len / 2 + 1), len / 2};
    if (!b.p) abort();
    for (size_t i = 0; i < b.n; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0) abort();
        b.p[i] = (uint8_t)(hi * 16 + lo);
    }
    return b;
}

/* A hex field of a JSON case; missing = empty. */
static bytes field(const cJSON *c, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key);
    return unhex(cJSON_IsString(v) ? v->valuestring : "");
}

static const char *str(const cJSON *c, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static int same(const uint8_t *a, size_t an, const bytes *b) {
    return an == b->n && (an == 0 || memcmp(a, b->p, an) == 0);
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) abort();
    s[n] = 0;
    fclose(f);
    return s;
}

static cJSON *load_json(const char *root, const char *rel) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    char *text = read_file(path);
    cJSON *j = cJSON_Parse(text);
    free(text);
    if (!j) {
        fprintf(stderr, "cannot parse %s\n", path);
        exit(2);
    }
    return j;
}

/* --------------------------------------------------------- vector cases */

static void hash_case(const cJSON *c) {
    const char *alg = str(c, "alg");
    bytes msg = field(c, "msg"), want = field(c, "digest");
    uint8_t out[ZC_HASH_MAX_LEN];
    size_t w = 0, len = 0;
    OK(zc_hash_len(alg, &len));
    CHECK(len == want.n, "%s: zc_hash_len", str(c, "id"));
    OK(zc_hash(alg, msg.p, msg.n, out, sizeof out, &w));
    CHECK(same(out, w, &want), "%s: one-shot digest", str(c, "id"));

    /* Incremental, in two pieces; then reuse the reset handle. */
    ZcHash *h = NULL;
    OK(zc_hash_new(alg, &h));
    size_t half = msg.n / 2;
    OK(zc_hash_update(h, msg.p, half));
    OK(zc_hash_update(h, msg.p + half, msg.n - half));
    memset(out, 0, sizeof out);
    OK(zc_hash_finish(h, out, sizeof out, &w));
    CHECK(same(out, w, &want), "%s: incremental digest", str(c, "id"));
    OK(zc_hash_update(h, msg.p, msg.n));
    OK(zc_hash_finish(h, out, sizeof out, &w));
    CHECK(same(out, w, &want), "%s: digest after reset", str(c, "id"));
    zc_hash_free(h);
    free(msg.p);
    free(want.p);
}

static void hmac_case(const cJSON *c) {
    const char *alg = str(c, "alg");
    bytes key = field(c, "key"), msg = field(c, "msg"), want = field(c, "tag");
    uint8_t out[64];
    size_t w = 0;
    OK(zc_hmac(alg, key.p, key.n, msg.p, msg.n, out, sizeof out, &w));
    CHECK(same(out, w, &want), "%s: tag", str(c, "id"));
    OK(zc_hmac_verify(alg, key.p, key.n, msg.p, msg.n, want.p, want.n));
    want.p[0] ^= 1;
    EXPECT(ZC_ERR_INVALID_SIGNATURE, zc_hmac_verify(alg, key.p, key.n, msg.p, msg.n, want.p, want.n));
    want.p[0] ^= 1;
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_hmac_verify(alg, key.p, key.n, msg.p, msg.n, want.p, want.n - 1));
    free(key.p);
    free(msg.p);
    free(want.p);
}

static void hkdf_case(const cJSON *c) {
    const char *alg = str(c, "alg");
    bytes salt = field(c, "salt"), ikm = field(c, "ikm"), info = field(c, "info");
    bytes prk = field(c, "prk"), okm = field(c, "okm");
    uint8_t p[64];
    size_t w = 0;
    OK(zc_hkdf_extract(alg, salt.p, salt.n, ikm.p, ikm.n, p, sizeof p, &w));
    CHECK(same(p, w, &prk), "%s: prk", str(c, "id"));
    uint8_t *out = malloc(okm.n + 1);
    OK(zc_hkdf_expand(alg, prk.p, prk.n, info.p, info.n, out, okm.n));
    CHECK(same(out, okm.n, &okm), "%s: expand", str(c, "id"));
    memset(out, 0, okm.n);
    OK(zc_hkdf(alg, salt.p, salt.n, ikm.p, ikm.n, info.p, info.n, out, okm.n));
    CHECK(same(out, okm.n, &okm), "%s: one-shot", str(c, "id"));
    free(out);
    free(salt.p);
    free(ikm.p);
    free(info.p);
    free(prk.p);
    free(okm.p);
}

static void expand_label_case(const cJSON *c) {
    const char *alg = str(c, "alg");
    bytes secret = field(c, "secret"), label = field(c, "label"), ctx = field(c, "context");
    bytes okm = field(c, "okm");
    uint8_t *out = malloc(okm.n + 1);
    OK(zc_hkdf_expand_label(alg, secret.p, secret.n, label.p, label.n, ctx.p, ctx.n, out, okm.n));
    CHECK(same(out, okm.n, &okm), "%s: okm", str(c, "id"));
    free(out);
    free(secret.p);
    free(label.p);
    free(ctx.p);
    free(okm.p);
}

static void aead_case(const cJSON *c) {
    const char *alg = str(c, "alg");
    const char *id = str(c, "id");
    bytes key = field(c, "key"), nonce = field(c, "nonce"), aad = field(c, "aad");
    bytes pt = field(c, "pt"), ct = field(c, "ct");
    ZcAeadKey *k = NULL;
    OK(zc_aead_key_new(alg, key.p, key.n, &k));
    size_t klen = 0, nlen = 0, w = 0;
    OK(zc_aead_lengths(alg, &klen, &nlen));
    CHECK(klen == key.n && nlen == nonce.n, "%s: lengths", id);

    /* Appended tag: seal, then open in place. */
    uint8_t *buf = malloc(pt.n + ZC_AEAD_TAG_LEN);
    if (pt.n) memcpy(buf, pt.p, pt.n);
    OK(zc_aead_seal(k, nonce.p, nonce.n, aad.p, aad.n, buf, pt.n + ZC_AEAD_TAG_LEN, pt.n, &w));
    CHECK(same(buf, w, &ct), "%s: sealed", id);
    OK(zc_aead_open(k, nonce.p, nonce.n, aad.p, aad.n, buf, ct.n, &w));
    CHECK(same(buf, w, &pt), "%s: opened", id);

    /* Detached tag. */
    uint8_t tag[ZC_AEAD_TAG_LEN];
    if (pt.n) memcpy(buf, pt.p, pt.n);
    OK(zc_aead_seal_detached(k, nonce.p, nonce.n, aad.p, aad.n, buf, pt.n, tag, sizeof tag, &w));
    CHECK(w == ZC_AEAD_TAG_LEN && memcmp(tag, ct.p + pt.n, ZC_AEAD_TAG_LEN) == 0, "%s: tag", id);
    CHECK(pt.n == 0 || memcmp(buf, ct.p, pt.n) == 0, "%s: detached ciphertext", id);
    OK(zc_aead_open_detached(k, nonce.p, nonce.n, aad.p, aad.n, buf, pt.n, tag, sizeof tag));
    CHECK(same(buf, pt.n, &pt), "%s: detached open", id);

    /* Flipped bit in the tag: refused, buffer zeroed. */
    memcpy(buf, ct.p, ct.n);
    buf[ct.n - 1] ^= 0x80;
    EXPECT(ZC_ERR_DECRYPTION_FAILED, zc_aead_open(k, nonce.p, nonce.n, aad.p, aad.n, buf, ct.n, &w));
    int zero = 1;
    for (size_t i = 0; i < ct.n; i++) zero &= buf[i] == 0;
    CHECK(zero, "%s: buffer zeroed after a failed open", id);
    /* Wrong key. */
    key.p[0] ^= 1;
    ZcAeadKey *k2 = NULL;
    OK(zc_aead_key_new(alg, key.p, key.n, &k2));
    memcpy(buf, ct.p, ct.n);
    EXPECT(ZC_ERR_DECRYPTION_FAILED, zc_aead_open(k2, nonce.p, nonce.n, aad.p, aad.n, buf, ct.n, &w));
    zc_aead_key_free(k2);
    /* Truncated input, wrong nonce length. */
    memcpy(buf, ct.p, ct.n);
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_aead_open(k, nonce.p, nonce.n, aad.p, aad.n, buf, ZC_AEAD_TAG_LEN - 1, &w));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_aead_open(k, nonce.p, nonce.n - 1, aad.p, aad.n, buf, ct.n, &w));
    zc_aead_key_free(k);
    free(buf);
    free(key.p);
    free(nonce.p);
    free(aad.p);
    free(pt.p);
    free(ct.p);
}

static void x25519_case(const cJSON *c) {
    const char *id = str(c, "id");
    bytes sk = field(c, "sk"), peer = field(c, "peer"), pk = field(c, "pk"), shared = field(c, "shared");
    uint8_t out[ZC_X25519_KEY_LEN];
    size_t w = 0;
    OK(zc_x25519_public_key(sk.p, sk.n, out, sizeof out, &w));
    CHECK(same(out, w, &pk), "%s: public key", id);
    OK(zc_x25519(sk.p, sk.n, peer.p, peer.n, out, sizeof out, &w));
    CHECK(same(out, w, &shared), "%s: shared secret", id);
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_x25519(sk.p, sk.n - 1, peer.p, peer.n, out, sizeof out, &w));
    free(sk.p);
    free(peer.p);
    free(pk.p);
    free(shared.p);
}

static void kem_case(const cJSON *c) {
    const char *alg = str(c, "alg");
    const char *id = str(c, "id");
    bytes seed = field(c, "seed"), ct = field(c, "ciphertext"), m = field(c, "m");
    bytes ek = field(c, "ek"), dk = field(c, "dk"), ss = field(c, "shared_secret");
    size_t ek_len = 0, dk_len = 0, ct_len = 0, w1 = 0, w2 = 0;
    OK(zc_kem_lengths(alg, &ek_len, &dk_len, &ct_len));
    CHECK(ek_len == ek.n && dk_len == dk.n && ct_len == ct.n, "%s: lengths", id);
    uint8_t *e = malloc(ek_len), *d = malloc(dk_len), *cto = malloc(ct_len);
    uint8_t s[ZC_KEM_SHARED_SECRET_LEN];
    OK(zc_kem_keygen(alg, seed.p, seed.n, e, ek_len, &w1, d, dk_len, &w2));
    CHECK(same(e, w1, &ek) && same(d, w2, &dk), "%s: keygen", id);
    OK(zc_kem_decapsulate(alg, dk.p, dk.n, ct.p, ct.n, s, sizeof s, &w1));
    CHECK(same(s, w1, &ss), "%s: decapsulate", id);
    if (m.n) {
        OK(zc_kem_encapsulate(alg, ek.p, ek.n, m.p, m.n, cto, ct_len, &w1, s, sizeof s, &w2));
        CHECK(same(cto, w1, &ct) && same(s, w2, &ss), "%s: deterministic encapsulate", id);
    }
    /* Flipped ciphertext bit: implicit rejection gives another secret. */
    ct.p[0] ^= 1;
    OK(zc_kem_decapsulate(alg, dk.p, dk.n, ct.p, ct.n, s, sizeof s, &w1));
    CHECK(!same(s, w1, &ss), "%s: tampered ciphertext", id);
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_kem_decapsulate(alg, dk.p, dk.n, ct.p, ct.n - 1, s, sizeof s, &w1));
    free(e);
    free(d);
    free(cto);
    free(seed.p);
    free(ct.p);
    free(m.p);
    free(ek.p);
    free(dk.p);
    free(ss.p);
}

static int sig_cases = 0;

static void sign_case(const cJSON *c) {
    const char *alg = str(c, "alg");
    const char *id = str(c, "id");
    bytes seed = field(c, "seed"), msg = field(c, "message"), ctx = field(c, "context");
    bytes pk = field(c, "public_key"), sig = field(c, "signature");
    size_t seed_len = 0, pk_len = 0, sig_len = 0, w = 0;
    OK(zc_sig_lengths(alg, &seed_len, &pk_len, &sig_len));
    CHECK(seed_len == seed.n && pk_len == pk.n && sig_len == sig.n, "%s: lengths", id);
    uint8_t pko[ZC_SIG_MAX_PUBLIC_KEY_LEN], sigo[ZC_SIG_MAX_SIGNATURE_LEN];
    OK(zc_sig_public_key(alg, seed.p, seed.n, pko, sizeof pko, &w));
    CHECK(same(pko, w, &pk), "%s: public key", id);
    OK(zc_sig_check_public_key(alg, pk.p, pk.n));
    OK(zc_sig_verify(alg, pk.p, pk.n, msg.p, msg.n, ctx.p, ctx.n, sig.p, sig.n));
    /* Byte-exact signing: zc_sig_sign is deterministic for every scheme except BIP-340,
     * which draws aux_rand from the OS (zc_bip340_sign takes the stored one); hedged
     * ML-DSA cases (deterministic = false) are only round-tripped. */
    const cJSON *det = cJSON_GetObjectItemCaseSensitive(c, "deterministic");
    int bip340 = !strcmp(alg, "bip340");
    int exact = cJSON_IsTrue(det) && !bip340;
    OK(zc_sig_sign(alg, seed.p, seed.n, msg.p, msg.n, ctx.p, ctx.n, sigo, sizeof sigo, &w));
    CHECK(w == sig.n, "%s: signature length", id);
    if (exact) CHECK(same(sigo, w, &sig), "%s: deterministic signature", id);
    if (bip340) {
        bytes aux = field(c, "aux_rand");
        uint8_t bsig[64];
        OK(zc_bip340_sign(seed.p, seed.n, msg.p, msg.n, aux.p, aux.n, bsig, sizeof bsig, &w));
        CHECK(same(bsig, w, &sig), "%s: zc_bip340_sign", id);
        EXPECT(ZC_ERR_INVALID_LENGTH, zc_bip340_sign(seed.p, seed.n, msg.p, msg.n, aux.p, aux.n - 1, bsig,
                                                     sizeof bsig, &w));
        free(aux.p);
    }
    OK(zc_sig_verify(alg, pk.p, pk.n, msg.p, msg.n, ctx.p, ctx.n, sigo, w));
    /* Flipped bits. */
    sig.p[sig.n / 2] ^= 0x01;
    CHECK(zc_sig_verify(alg, pk.p, pk.n, msg.p, msg.n, ctx.p, ctx.n, sig.p, sig.n) != ZC_OK,
          "%s: flipped signature bit accepted", id);
    sig.p[sig.n / 2] ^= 0x01;
    if (msg.n) {
        msg.p[0] ^= 0x01;
        CHECK(zc_sig_verify(alg, pk.p, pk.n, msg.p, msg.n, ctx.p, ctx.n, sig.p, sig.n) != ZC_OK,
              "%s: flipped message bit accepted", id);
        msg.p[0] ^= 0x01;
    }
    /* Truncated signature. */
    CHECK(zc_sig_verify(alg, pk.p, pk.n, msg.p, msg.n, ctx.p, ctx.n, sig.p, sig.n - 1) != ZC_OK,
          "%s: truncated signature accepted", id);
    /* Wrong key: the key of another seed (first byte: flipping the last bit of the
     * secp256k1 scalar n - 1 would give n, an invalid scalar). */
    seed.p[0] ^= 0x01;
    OK(zc_sig_public_key(alg, seed.p, seed.n, pko, sizeof pko, &w));
    EXPECT(ZC_ERR_INVALID_SIGNATURE, zc_sig_verify(alg, pko, w, msg.p, msg.n, ctx.p, ctx.n, sig.p, sig.n));
    sig_cases++;
    free(seed.p);
    free(msg.p);
    free(ctx.p);
    free(pk.p);
    free(sig.p);
}

static void run_vectors(const char *root) {
    cJSON *j = load_json(root, "vectors/foundation.json");
    const cJSON *cases = cJSON_GetObjectItemCaseSensitive(j, "cases");
    int n = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        const char *op = str(c, "op");
        int before = failures;
        if (!strcmp(op, "hash")) hash_case(c);
        else if (!strcmp(op, "hmac")) hmac_case(c);
        else if (!strcmp(op, "hkdf")) hkdf_case(c);
        else if (!strcmp(op, "expand_label")) expand_label_case(c);
        else if (!strcmp(op, "aead")) aead_case(c);
        else if (!strcmp(op, "x25519")) x25519_case(c);
        else if (!strcmp(op, "kem")) kem_case(c);
        else if (!strcmp(op, "sign")) sign_case(c);
        else CHECK(0, "unknown op %s in %s", op, str(c, "id"));
        if (failures != before) fprintf(stderr, "  in case %s\n", str(c, "id"));
        n++;
    }
    CHECK(n > 250, "only %d foundation cases", n);
    printf("foundation.json: %d cases (%d signature cases)\n", n, sig_cases);
    cJSON_Delete(j);
}

/* ------------------------------------------------ vectors/ffi.json (cargo run -p vectors) */

static size_t num(const cJSON *c, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key);
    return cJSON_IsNumber(v) ? (size_t)v->valuedouble : 0;
}

static int32_t inum(const cJSON *c, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key);
    return cJSON_IsNumber(v) ? (int32_t)v->valuedouble : -1;
}

/* Element i of a list of hex strings. */
static bytes list_item(const cJSON *c, const char *key, int i) {
    const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(c, key), i);
    return unhex(cJSON_IsString(v) ? v->valuestring : "");
}

static int list_len(const cJSON *c, const char *key) {
    return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, key));
}

/* A list of numbers equals codes[0..n]. */
static int same_codes(const cJSON *c, const char *key, const int32_t *codes, size_t n) {
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(c, key);
    if ((size_t)cJSON_GetArraySize(a) != n) return 0;
    for (size_t i = 0; i < n; i++)
        if ((int32_t)cJSON_GetArrayItem(a, (int)i)->valuedouble != codes[i]) return 0;
    return 1;
}

static void ffi_case(const cJSON *c) {
    const char *op = str(c, "op"), *id = str(c, "id"), *alg = str(c, "alg");
    size_t w = 0;
    if (!strcmp(op, "version")) {
        CHECK(!strcmp(zc_version(), str(c, "version")), "%s", id);
    } else if (!strcmp(op, "error_name")) {
        int32_t code = inum(c, "code");
        CHECK(!strcmp(zc_error_name(code), str(c, "name")), "%s: %s", id, zc_error_name(code));
        CHECK(strlen(zc_error_message(code)) > 0, "%s: message", id);
    } else if (!strcmp(op, "has_feature")) {
        CHECK(zc_has_feature(str(c, "name")) == cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "has")),
              "%s", id);
    } else if (!strcmp(op, "hash_len")) {
        size_t n = 0;
        OK(zc_hash_len(alg, &n));
        CHECK(n == num(c, "len"), "%s", id);
    } else if (!strcmp(op, "aead_lengths")) {
        size_t k = 0, nn = 0;
        OK(zc_aead_lengths(alg, &k, &nn));
        CHECK(k == num(c, "key_len") && nn == num(c, "nonce_len"), "%s", id);
    } else if (!strcmp(op, "kem_lengths")) {
        size_t ek = 0, dk = 0, ct = 0;
        OK(zc_kem_lengths(alg, &ek, &dk, &ct));
        CHECK(ek == num(c, "ek_len") && dk == num(c, "dk_len") && ct == num(c, "ct_len"), "%s", id);
    } else if (!strcmp(op, "sig_lengths")) {
        size_t s = 0, p = 0, g = 0;
        OK(zc_sig_lengths(alg, &s, &p, &g));
        CHECK(s == num(c, "seed_len") && p == num(c, "public_key_len") && g == num(c, "signature_len"),
              "%s", id);
    } else if (!strcmp(op, "hash_incremental")) {
        ZcHash *h = NULL;
        OK(zc_hash_new(alg, &h));
        for (int i = 0; i < list_len(c, "chunks"); i++) {
            bytes ch = list_item(c, "chunks", i);
            OK(zc_hash_update(h, ch.p, ch.n));
            free(ch.p);
        }
        uint8_t d[ZC_HASH_MAX_LEN];
        OK(zc_hash_finish(h, d, sizeof d, &w));
        zc_hash_free(h);
        bytes want = field(c, "digest");
        CHECK(same(d, w, &want), "%s", id);
        free(want.p);
    } else if (!strcmp(op, "hash_rows")) {
        bytes data = field(c, "data"), want = field(c, "digests");
        uint8_t *o = malloc(want.n + 1);
        OK(zc_hash_rows(alg, data.p, num(c, "rows"), num(c, "row_len"), o, want.n, &w));
        CHECK(same(o, w, &want), "%s", id);
        free(o);
        free(data.p);
        free(want.p);
    } else if (!strcmp(op, "secp256k1_recover")) {
        bytes seed = field(c, "seed"), ph = field(c, "prehash"), sig = field(c, "signature");
        bytes pk = field(c, "public_key"), pku = field(c, "public_key_uncompressed");
        uint8_t o[65];
        OK(zc_secp256k1_sign_recoverable(seed.p, seed.n, ph.p, ph.n, o, sizeof o, &w));
        CHECK(same(o, w, &sig), "%s: signature", id);
        OK(zc_secp256k1_recover(ph.p, ph.n, sig.p, sig.n, 0, o, sizeof o, &w));
        CHECK(same(o, w, &pk), "%s: compressed key", id);
        OK(zc_secp256k1_recover(ph.p, ph.n, sig.p, sig.n, 1, o, sizeof o, &w));
        CHECK(same(o, w, &pku), "%s: uncompressed key", id);
        free(seed.p); free(ph.p); free(sig.p); free(pk.p); free(pku.p);
    } else if (!strcmp(op, "bls_aggregate")) {
        bytes pks = field(c, "public_keys"), sigs = field(c, "signatures"), msg = field(c, "message");
        bytes apk = field(c, "aggregate_public_key"), asig = field(c, "aggregate_signature");
        uint8_t o[ZC_BLS_SIGNATURE_LEN];
        OK(zc_bls_aggregate_signatures(sigs.p, sigs.n, o, sizeof o, &w));
        CHECK(same(o, w, &asig), "%s: aggregate signature", id);
        OK(zc_bls_aggregate_public_keys(pks.p, pks.n, o, sizeof o, &w));
        CHECK(same(o, w, &apk), "%s: aggregate key", id);
        OK(zc_bls_fast_aggregate_verify(pks.p, pks.n, msg.p, msg.n, asig.p, asig.n));
        /* Another message: the first n - 1 bytes. */
        if (msg.n)
            EXPECT(ZC_ERR_INVALID_SIGNATURE,
                   zc_bls_fast_aggregate_verify(pks.p, pks.n, msg.p, msg.n - 1, asig.p, asig.n));
        free(pks.p); free(sigs.p); free(msg.p); free(apk.p); free(asig.p);
    } else if (!strcmp(op, "batch_verify")) {
        ZcBatch *b = NULL;
        OK(zc_batch_new(inum(c, "rule"), &b));
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(c, "items"), *it;
        size_t count = (size_t)cJSON_GetArraySize(items), len = 0;
        cJSON_ArrayForEach(it, items) {
            bytes pk = field(it, "public_key"), m = field(it, "message"), ctx = field(it, "context"),
                  sig = field(it, "signature");
            OK(zc_batch_add(b, str(it, "alg"), pk.p, pk.n, m.p, m.n, ctx.p, ctx.n, sig.p, sig.n));
            free(pk.p); free(m.p); free(ctx.p); free(sig.p);
        }
        OK(zc_batch_len(b, &len));
        CHECK(len == count, "%s: len", id);
        int all_ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "all_ok"));
        CHECK((zc_batch_verify_all(b) == ZC_OK) == all_ok, "%s: verify_all", id);
        int32_t *codes = malloc((count + 1) * sizeof *codes);
        OK(zc_batch_verify_each(b, codes, count, &w));
        CHECK(w == count && same_codes(c, "codes", codes, count), "%s: codes", id);
        free(codes);
        zc_batch_free(b);
    } else if (!strcmp(op, "sig_verify_rows")) {
        bytes pks = field(c, "public_keys"), msgs = field(c, "messages"), sigs = field(c, "signatures");
        size_t n = num(c, "n");
        int32_t *res = malloc((n + 1) * sizeof *res);
        EXPECT(inum(c, "status"), zc_sig_verify_rows(alg, pks.p, num(c, "pk_len"), msgs.p, num(c, "msg_len"),
                                                     sigs.p, num(c, "sig_len"), n, res));
        CHECK(same_codes(c, "results", res, n), "%s: results", id);
        free(res); free(pks.p); free(msgs.p); free(sigs.p);
    } else if (!strcmp(op, "merkle_tree")) {
        int n = list_len(c, "leaves");
        bytes *leaves = calloc((size_t)n + 1, sizeof *leaves);
        const uint8_t **ptrs = calloc((size_t)n + 1, sizeof *ptrs);
        size_t *lens = calloc((size_t)n + 1, sizeof *lens);
        for (int i = 0; i < n; i++) {
            leaves[i] = list_item(c, "leaves", i);
            ptrs[i] = leaves[i].p;
            lens[i] = leaves[i].n;
        }
        bytes root = field(c, "root");
        uint8_t r[ZC_MERKLE_NODE_LEN], path[64 * ZC_MERKLE_NODE_LEN];
        OK(zc_merkle_root(alg, ptrs, lens, (size_t)n, r, sizeof r, &w));
        CHECK(same(r, w, &root), "%s: root", id);
        for (int i = 0; i < n; i++) {
            bytes want = list_item(c, "paths", i);
            OK(zc_merkle_inclusion_path(alg, ptrs, lens, (size_t)n, (uint64_t)i, path, sizeof path, &w));
            CHECK(same(path, w, &want), "%s: path %d", id, i);
            OK(zc_merkle_verify_inclusion(alg, leaves[i].p, leaves[i].n, (uint64_t)i, (uint64_t)n, want.p,
                                          want.n, root.p, root.n));
            if (n > 1)
                EXPECT(ZC_ERR_INVALID_PROOF,
                       zc_merkle_verify_inclusion(alg, leaves[i].p, leaves[i].n, (uint64_t)((i + 1) % n),
                                                  (uint64_t)n, want.p, want.n, root.p, root.n));
            free(want.p);
        }
        for (int i = 0; i < n; i++) free(leaves[i].p);
        free(leaves); free(ptrs); free(lens); free(root.p);
    } else if (!strcmp(op, "merkle_root_rows")) {
        bytes leaves = field(c, "leaves"), root = field(c, "root");
        uint8_t r[ZC_MERKLE_NODE_LEN];
        OK(zc_merkle_root_rows(alg, leaves.p, num(c, "n"), num(c, "leaf_len"), r, sizeof r, &w));
        CHECK(same(r, w, &root), "%s", id);
        free(leaves.p); free(root.p);
    } else if (!strcmp(op, "hybrid_kem")) {
        bytes seed = field(c, "mlkem_seed"), x = field(c, "x25519_secret"), m = field(c, "m"),
              eph = field(c, "x25519_ephemeral"), cs = field(c, "client_share"),
              ss = field(c, "server_share"), secret = field(c, "shared_secret");
        uint8_t share[ZC_HYBRID_CLIENT_SHARE_LEN], sshare[ZC_HYBRID_SERVER_SHARE_LEN];
        uint8_t sec[ZC_HYBRID_SECRET_LEN], sec2[ZC_HYBRID_SECRET_LEN];
        size_t w2 = 0;
        OK(zc_hybrid_client_share(seed.p, seed.n, x.p, x.n, share, sizeof share, &w));
        CHECK(same(share, w, &cs), "%s: client share", id);
        OK(zc_hybrid_server_encapsulate(cs.p, cs.n, m.p, m.n, eph.p, eph.n, sshare, sizeof sshare, &w,
                                        sec, sizeof sec, &w2));
        CHECK(same(sshare, w, &ss) && same(sec, w2, &secret), "%s: server", id);
        OK(zc_hybrid_client_finish(seed.p, seed.n, x.p, x.n, ss.p, ss.n, sec2, sizeof sec2, &w));
        CHECK(same(sec2, w, &secret), "%s: client secret", id);
        free(seed.p); free(x.p); free(m.p); free(eph.p); free(cs.p); free(ss.p); free(secret.p);
    } else if (!strcmp(op, "groth16_verify")) {
        bytes vk = field(c, "vk"), proof = field(c, "proof"), x = field(c, "inputs");
        EXPECT(inum(c, "code"), zc_groth16_verify(vk.p, vk.n, proof.p, proof.n, x.p, x.n));
        free(vk.p); free(proof.p); free(x.p);
    } else if (!strcmp(op, "bulletproofs")) {
        uint32_t bits = (uint32_t)num(c, "bits");
        size_t n = (size_t)list_len(c, "values");
        uint64_t values[ZC_BULLETPROOFS_MAX_AGGREGATION];
        const cJSON *vs = cJSON_GetObjectItemCaseSensitive(c, "values");
        for (size_t i = 0; i < n && i < ZC_BULLETPROOFS_MAX_AGGREGATION; i++)
            values[i] = strtoull(cJSON_GetArrayItem(vs, (int)i)->valuestring, NULL, 10);
        bytes bl = field(c, "blindings"), ent = field(c, "entropy"), coms = field(c, "commitments"),
              proof = field(c, "proof");
        for (size_t i = 0; i < n; i++) {
            uint8_t cm[ZC_BULLETPROOFS_COMMITMENT_LEN];
            OK(zc_bulletproofs_commit(values[i], bl.p + 32 * i, 32, cm, sizeof cm, &w));
            CHECK(w == 32 && !memcmp(cm, coms.p + 32 * i, 32), "%s: commit %zu", id, i);
        }
        uint8_t pr[ZC_BULLETPROOFS_MAX_PROOF_LEN], cms[32 * ZC_BULLETPROOFS_MAX_AGGREGATION];
        size_t w2 = 0;
        /* Size query: both needed lengths, nothing written. */
        EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_bulletproofs_prove(bits, values, n, bl.p, bl.n, ent.p, ent.n,
                                                              NULL, 0, &w, NULL, 0, &w2));
        CHECK(w == proof.n && w2 == coms.n, "%s: size query %zu %zu", id, w, w2);
        OK(zc_bulletproofs_prove(bits, values, n, bl.p, bl.n, ent.p, ent.n, pr, sizeof pr, &w, cms,
                                 sizeof cms, &w2));
        CHECK(same(pr, w, &proof) && same(cms, w2, &coms), "%s: prove", id);
        const cJSON *v;
        cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(c, "verify")) {
            bytes vp = field(v, "proof"), vc = field(v, "commitments");
            int32_t rc = zc_bulletproofs_verify((uint32_t)num(v, "bits"), vp.p, vp.n, vc.p, vc.n);
            CHECK(rc == inum(v, "code"), "%s: verify %s: %d", id, str(v, "what"), rc);
            free(vp.p); free(vc.p);
        }
        free(bl.p); free(ent.p); free(coms.p); free(proof.p);
    } else if (!strcmp(op, "halo2")) {
        uint16_t circuit = (uint16_t)num(c, "circuit");
        bytes ent = field(c, "entropy"), want = field(c, "encoded"), pub = field(c, "public_input");
        static uint8_t enc[ZC_HALO2_MAX_ENCODED_LEN];
        int range = cJSON_GetObjectItemCaseSensitive(c, "value") != NULL;
        bytes a = field(c, range ? "blinding" : "leaf"), sib = {NULL, 0};
        uint64_t value = range ? strtoull(str(c, "value"), NULL, 10) : (uint64_t)num(c, "index");
        if (!range) sib = field(c, "siblings");
        CHECK(want.n >= 34 && pub.n == 32 && !memcmp(want.p + 2, pub.p, 32), "%s: public input", id);
        /* Size query (answered before proving), then the proof. */
        for (int pass = 0; pass < 2; pass++) {
            uint8_t *o = pass ? enc : NULL;
            size_t ol = pass ? sizeof enc : 0;
            int32_t rc = range ? zc_halo2_prove_range(circuit, value, a.p, a.n, ent.p, ent.n, o, ol, &w)
                               : zc_halo2_prove_membership(circuit, a.p, a.n, value, sib.p, sib.n, ent.p,
                                                           ent.n, o, ol, &w);
            EXPECT(pass ? ZC_OK : ZC_ERR_BUFFER_TOO_SMALL, rc);
            CHECK(w == want.n, "%s: length %zu", id, w);
        }
        CHECK(same(enc, w, &want), "%s: prove", id);
        const cJSON *v;
        cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(c, "verify")) {
            bytes e = field(v, "encoded");
            int32_t rc = zc_halo2_verify(e.p, e.n);
            CHECK(rc == inum(v, "code"), "%s: verify %s: %d", id, str(v, "what"), rc);
            free(e.p);
        }
        free(ent.p); free(want.p); free(pub.p); free(a.p); free(sib.p);
    } else if (!strcmp(op, "kzg_point_evaluation")) {
        bytes in = field(c, "input"), want = field(c, "output");
        uint8_t o[ZC_KZG_POINT_EVALUATION_OUTPUT_LEN];
        w = 0;
        int32_t rc = zc_kzg_point_evaluation(in.p, in.n, o, sizeof o, &w);
        CHECK(rc == inum(c, "code"), "%s: %d", id, rc);
        CHECK(rc != ZC_OK || same(o, w, &want), "%s: output", id);
        free(in.p); free(want.p);
    } else if (!strcmp(op, "kzg_blob")) {
        bytes head = field(c, "blob_head"), com = field(c, "commitment"), proof = field(c, "proof"),
              other = field(c, "other_commitment"), bad = field(c, "bad_commitment");
        uint8_t *blob = calloc(ZC_KZG_BLOB_LEN, 1);
        if (!blob) abort();
        memcpy(blob, head.p, head.n);
        uint8_t cm[ZC_KZG_COMMITMENT_LEN], pr[ZC_KZG_COMMITMENT_LEN];
        OK(zc_kzg_blob_to_commitment(blob, ZC_KZG_BLOB_LEN, cm, sizeof cm, &w));
        CHECK(same(cm, w, &com), "%s: commitment", id);
        OK(zc_kzg_compute_blob_proof(blob, ZC_KZG_BLOB_LEN, cm, sizeof cm, pr, sizeof pr, &w));
        CHECK(same(pr, w, &proof), "%s: proof", id);
        OK(zc_kzg_verify_blob_proof(blob, ZC_KZG_BLOB_LEN, cm, sizeof cm, pr, sizeof pr));
        EXPECT(inum(c, "other_commitment_code"),
               zc_kzg_verify_blob_proof(blob, ZC_KZG_BLOB_LEN, other.p, other.n, pr, sizeof pr));
        EXPECT(inum(c, "bad_commitment_code"),
               zc_kzg_verify_blob_proof(blob, ZC_KZG_BLOB_LEN, bad.p, bad.n, pr, sizeof pr));
        EXPECT(ZC_ERR_INVALID_LENGTH, zc_kzg_verify_blob_proof(blob, ZC_KZG_BLOB_LEN - 1, cm, sizeof cm, pr, sizeof pr));
        free(blob); free(head.p); free(com.p); free(proof.p); free(other.p); free(bad.p);
    } else {
        CHECK(0, "unknown op %s in %s", op, id);
    }
}

static void run_ffi_vectors(const char *root) {
    cJSON *j = load_json(root, "vectors/ffi.json");
    const cJSON *c;
    int n = 0;
    /* ZC_TEST_SAMPLE_ZK=1 (set by run.sh for the valgrind run, after a full native run):
     * the first Groth16 and the first Bulletproofs case only (10-13 s each under
     * valgrind), and no KZG case: c-kzg's first call loads the mainnet trusted setup
     * (4096 G1 points and its FK20 tables), which alone ran over 6 minutes under
     * valgrind. No halo2 case either: the first proof of a circuit builds its proving
     * key, and key generation and proving alone would take many minutes under valgrind.
     * The KZG and halo2 functions run in the native pass; under valgrind their NULL and
     * length refusals run in test_zk_misc. */
    const char *sample_env = getenv("ZC_TEST_SAMPLE_ZK");
    int sample = sample_env && *sample_env == '1';
    const char *zk_ops[] = {"groth16_verify", "bulletproofs", "halo2", "kzg_point_evaluation", "kzg_blob"};
    const int zk_keep[5] = {1, 1, 0, 0, 0};
    int zk_seen[5] = {0, 0, 0, 0, 0}, skipped = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(j, "cases")) {
        int skip = 0;
        for (int k = 0; sample && k < 5; k++)
            if (!strcmp(str(c, "op"), zk_ops[k])) skip = zk_seen[k]++ >= zk_keep[k];
        if (skip) {
            skipped++;
            continue;
        }
        int before = failures;
        ffi_case(c);
        if (failures != before) fprintf(stderr, "  in case %s\n", str(c, "id"));
        n++;
    }
    CHECK(n > 100, "only %d ffi.json cases", n);
    if (skipped) printf("ffi.json: %d cases (%d more zero-knowledge cases in the full run)\n", n, skipped);
    else printf("ffi.json: %d cases\n", n);
    cJSON_Delete(j);
}

/* -------------------------------------------------------------- merkle */

static void run_merkle(const char *root) {
    cJSON *j = load_json(root, "vectors/merkle/rfc9162.json");
    const cJSON *jl = cJSON_GetObjectItemCaseSensitive(j, "leaves");
    int count = cJSON_GetArraySize(jl);
    bytes leaves[16];
    const uint8_t *ptrs[16];
    size_t lens[16];
    for (int i = 0; i < count && i < 16; i++) {
        leaves[i] = unhex(cJSON_GetArrayItem(jl, i)->valuestring);
        ptrs[i] = leaves[i].p;
        lens[i] = leaves[i].n;
    }
    uint8_t r[ZC_MERKLE_NODE_LEN];
    size_t w = 0;
    bytes empty = field(j, "empty_root");
    OK(zc_merkle_root("sha256", NULL, NULL, 0, r, sizeof r, &w));
    CHECK(same(r, w, &empty), "empty root");
    free(empty.p);
    const cJSON *c;
    int roots = 0, proofs = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(j, "roots")) {
        size_t size = (size_t)cJSON_GetObjectItemCaseSensitive(c, "size")->valuedouble;
        bytes want = field(c, "root");
        OK(zc_merkle_root("sha256", ptrs, lens, size, r, sizeof r, &w));
        CHECK(same(r, w, &want), "root of %zu leaves", size);
        free(want.p);
        roots++;
    }
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(j, "inclusion")) {
        uint64_t index = (uint64_t)cJSON_GetObjectItemCaseSensitive(c, "index")->valuedouble;
        uint64_t size = (uint64_t)cJSON_GetObjectItemCaseSensitive(c, "tree_size")->valuedouble;
        const cJSON *jp = cJSON_GetObjectItemCaseSensitive(c, "path");
        size_t np = (size_t)cJSON_GetArraySize(jp);
        uint8_t *path = malloc(32 * np + 1);
        for (size_t i = 0; i < np; i++) {
            bytes node = unhex(cJSON_GetArrayItem(jp, (int)i)->valuestring);
            memcpy(path + 32 * i, node.p, 32);
            free(node.p);
        }
        OK(zc_merkle_root("sha256", ptrs, lens, size, r, sizeof r, &w));
        OK(zc_merkle_verify_inclusion("sha256", ptrs[index], lens[index], index, size, path, 32 * np, r, sizeof r));
        /* The library computes the same path. */
        uint8_t got[64 * 32];
        OK(zc_merkle_inclusion_path("sha256", ptrs, lens, size, index, got, sizeof got, &w));
        CHECK(w == 32 * np && (np == 0 || memcmp(got, path, w) == 0), "path %llu/%llu",
              (unsigned long long)index, (unsigned long long)size);
        /* Corruptions: wrong index, wrong size, modified node, missing node. */
        if (size > 1) {
            CHECK(zc_merkle_verify_inclusion("sha256", ptrs[index], lens[index], (index + 1) % size, size, path, 32 * np, r, sizeof r) != ZC_OK,
                  "wrong index accepted");
        }
        /* The size is not hashed into the root: use one that changes the path's shape. */
        EXPECT(ZC_ERR_INVALID_PROOF, zc_merkle_verify_inclusion("sha256", ptrs[index], lens[index], index, size * 2, path, 32 * np, r, sizeof r));
        if (np) {
            path[0] ^= 1;
            EXPECT(ZC_ERR_INVALID_PROOF, zc_merkle_verify_inclusion("sha256", ptrs[index], lens[index], index, size, path, 32 * np, r, sizeof r));
            path[0] ^= 1;
            EXPECT(ZC_ERR_INVALID_PROOF, zc_merkle_verify_inclusion("sha256", ptrs[index], lens[index], index, size, path, 32 * (np - 1), r, sizeof r));
            EXPECT(ZC_ERR_INVALID_LENGTH, zc_merkle_verify_inclusion("sha256", ptrs[index], lens[index], index, size, path, 32 * np - 1, r, sizeof r));
        }
        free(path);
        proofs++;
    }
    /* Other hashes, size query, index out of range, unknown/unsupported hash names. */
    OK(zc_merkle_root("keccak256", ptrs, lens, (size_t)count, r, sizeof r, &w));
    OK(zc_merkle_root("blake3", ptrs, lens, (size_t)count, r, sizeof r, &w));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_merkle_root("sha512", ptrs, lens, 1, r, sizeof r, &w));
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_merkle_root("md5", ptrs, lens, 1, r, sizeof r, &w));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_merkle_root("sha256", NULL, lens, 2, r, sizeof r, &w));
    w = 0;
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_merkle_inclusion_path("sha256", ptrs, lens, (size_t)count, 0, NULL, 0, &w));
    CHECK(w == 3 * 32, "size query of an 8-leaf path: %zu", w);
    EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_merkle_inclusion_path("sha256", ptrs, lens, 3, 3, NULL, 0, &w));
    for (int i = 0; i < count && i < 16; i++) free(leaves[i].p);
    printf("rfc9162.json: %d roots, %d inclusion proofs\n", roots, proofs);
    cJSON_Delete(j);
}

/* ------------------------------------------------- everything else */

static void test_general(void) {
    CHECK(strlen(zc_version()) > 0, "version");
    CHECK(!strcmp(zc_error_name(ZC_OK), "ok"), "name of 0");
    CHECK(!strcmp(zc_error_name(ZC_ERR_INVALID_LENGTH), "invalid_length"), "name of 1");
    CHECK(!strcmp(zc_error_name(ZC_ERR_BUFFER_TOO_SMALL), "buffer_too_small"), "name of 9");
    CHECK(!strcmp(zc_error_name(ZC_ERR_INTERNAL), "internal"), "name of 255");
    CHECK(!strcmp(zc_error_name(1000), "unknown"), "name of 1000");
    CHECK(!strcmp(zc_error_message(-3), "unknown error code"), "message of -3");
    CHECK(strlen(zc_error_message(ZC_ERR_DECRYPTION_FAILED)) > 10, "message of 4");
    CHECK(zc_has_feature("native") == 1, "native");
    CHECK(zc_has_feature("bls") == 1, "bls");
    CHECK(zc_has_feature("ml-dsa-65") == 1, "ml-dsa-65");
    CHECK(zc_has_feature("no-such-thing") == 0, "unknown feature");
    CHECK(zc_has_feature(NULL) == 0, "NULL feature");

    uint8_t a[32] = {0}, b[32] = {0};
    OK(zc_random(a, sizeof a));
    OK(zc_random(b, sizeof b));
    CHECK(memcmp(a, b, sizeof a) != 0, "two random draws equal");
    OK(zc_random(NULL, 0));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_random(NULL, 1));
}

static void test_boundary(void) {
    /* Unknown name, NULL name, wrong kind of algorithm. */
    uint8_t out[64];
    size_t w = 12345;
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_hash("md5", NULL, 0, out, sizeof out, &w));
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_hash("SHA256", NULL, 0, out, sizeof out, &w));
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_hash(NULL, NULL, 0, out, sizeof out, &w));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_hash("ed25519", NULL, 0, out, sizeof out, &w));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_hmac("sha256", NULL, 0, NULL, 0, out, sizeof out, &w));
    CHECK(w == 12345, "out_written touched on error");
    /* NULL input with a nonzero length. */
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_hash("sha256", NULL, 5, out, sizeof out, &w));
    /* Size query, then a too-small buffer that must stay untouched. */
    w = 0;
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_hash("sha512", (const uint8_t *)"abc", 3, NULL, 0, &w));
    CHECK(w == 64, "size query of sha512: %zu", w);
    memset(out, 0xEE, sizeof out);
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_hash("sha512", (const uint8_t *)"abc", 3, out, 63, &w));
    int untouched = 1;
    for (size_t i = 0; i < sizeof out; i++) untouched &= out[i] == 0xEE;
    CHECK(untouched && w == 64, "output touched on BUFFER_TOO_SMALL");
    /* NULL out claiming room. */
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_hash("sha256", NULL, 0, NULL, 32, &w));
    /* out_written may be NULL. */
    OK(zc_hash("sha256", NULL, 0, out, 32, NULL));

    /* Incremental hash: finish with a small buffer keeps the state; NULL handles. */
    ZcHash *h = NULL;
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_hash_new("nope", &h));
    CHECK(h == NULL, "handle set on error");
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_hash_new("sha256", NULL));
    OK(zc_hash_new("sha256", &h));
    OK(zc_hash_update(h, (const uint8_t *)"ab", 2));
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_hash_finish(h, out, 31, &w));
    OK(zc_hash_update(h, (const uint8_t *)"c", 1));
    OK(zc_hash_finish(h, out, sizeof out, &w));
    bytes abc = unhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(same(out, w, &abc), "sha256(abc) incremental across a failed finish");
    free(abc.p);
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_hash_update(NULL, NULL, 0));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_hash_finish(NULL, out, sizeof out, &w));
    zc_hash_free(h);
    zc_hash_free(NULL);
    zc_aead_key_free(NULL);
    zc_batch_free(NULL);

    /* HKDF: too long, NULL out. */
    uint8_t prk[32] = {1};
    EXPECT(ZC_ERR_OUTPUT_TOO_LONG, zc_hkdf_expand("hkdf-sha256", prk, 32, NULL, 0, out, 255 * 32 + 1));
    EXPECT(ZC_ERR_OUTPUT_TOO_LONG, zc_hkdf("hkdf-sha256", NULL, 0, NULL, 0, NULL, 0, NULL, SIZE_MAX));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_hkdf_expand("hkdf-sha256", prk, 31, NULL, 0, out, 32));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_hkdf_expand("hkdf-sha256", prk, 32, NULL, 0, NULL, 32));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_hkdf_extract("hmac-sha256", NULL, 0, NULL, 0, out, sizeof out, &w));
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_hkdf_extract("hkdf-sha384", NULL, 0, NULL, 0, NULL, 0, &w));
    CHECK(w == 48, "hkdf-sha384 prk size");
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_hkdf_expand_label("hkdf-sha256", prk, 32, NULL, 0, NULL, 256, out, 16));
}

static void test_aead_misc(void) {
    uint8_t key[32] = {7}, nonce[12] = {1}, buf[64] = "hello";
    ZcAeadKey *k = NULL;
    size_t w = 0;
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_aead_key_new("aes-256-gcm", key, 31, &k));
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_aead_key_new("aes-512-gcm", key, 32, &k));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_aead_key_new("sha256", key, 32, &k));
    CHECK(k == NULL, "AEAD handle set on error");
    OK(zc_aead_key_new("aes-256-gcm", key, 32, &k));
    /* Appended tag: buffer too small reports the needed size, leaves the data alone. */
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_aead_seal(k, nonce, 12, NULL, 0, buf, 20, 5, &w));
    CHECK(w == 21 && !memcmp(buf, "hello", 5), "seal size query");
    /* Detached: tag buffer size query, data unchanged. */
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_aead_seal_detached(k, nonce, 12, NULL, 0, buf, 5, NULL, 0, &w));
    CHECK(w == ZC_AEAD_TAG_LEN && !memcmp(buf, "hello", 5), "detached size query");
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_aead_seal_detached(k, nonce, 12, NULL, 0, NULL, 5, buf + 32, 16, &w));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_aead_seal(NULL, nonce, 12, NULL, 0, buf, 64, 5, &w));
    uint8_t tag[16];
    OK(zc_aead_seal_detached(k, nonce, 12, (const uint8_t *)"aad", 3, buf, 5, tag, 16, &w));
    EXPECT(ZC_ERR_DECRYPTION_FAILED, zc_aead_open_detached(k, nonce, 12, (const uint8_t *)"aaD", 3, buf, 5, tag, 16));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_aead_open_detached(k, nonce, 12, NULL, 0, buf, 5, tag, 15));
    zc_aead_key_free(k);
}

static void test_kem_misc(void) {
    uint8_t seed[64], m[32], ek[1184], dk[2400], ct[1088], ss1[32], ss2[32];
    size_t w1 = 0, w2 = 0;
    memset(seed, 3, sizeof seed);
    memset(m, 4, sizeof m);
    /* Size query of both outputs at once. */
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_kem_keygen("ml-kem-768", seed, 64, NULL, 0, &w1, NULL, 0, &w2));
    CHECK(w1 == 1184 && w2 == 2400, "keygen size query %zu %zu", w1, w2);
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_kem_keygen("ml-kem-768", seed, 63, ek, sizeof ek, &w1, dk, sizeof dk, &w2));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_kem_keygen("x25519", seed, 64, ek, sizeof ek, &w1, dk, sizeof dk, &w2));
    OK(zc_kem_keygen("ml-kem-768", seed, 64, ek, sizeof ek, &w1, dk, sizeof dk, &w2));
    /* OS randomness round trip. */
    OK(zc_kem_encapsulate("ml-kem-768", ek, sizeof ek, NULL, 0, ct, sizeof ct, &w1, ss1, 32, &w2));
    OK(zc_kem_decapsulate("ml-kem-768", dk, sizeof dk, ct, sizeof ct, ss2, 32, &w2));
    CHECK(!memcmp(ss1, ss2, 32), "ML-KEM round trip");
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_kem_encapsulate("ml-kem-768", ek, sizeof ek, m, 31, ct, sizeof ct, &w1, ss1, 32, &w2));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_kem_encapsulate("ml-kem-768", ek, sizeof ek - 1, NULL, 0, ct, sizeof ct, &w1, ss1, 32, &w2));
    /* Buffer too small on the second output: nothing written. */
    memset(ct, 0xEE, sizeof ct);
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_kem_encapsulate("ml-kem-768", ek, sizeof ek, m, 32, ct, sizeof ct, &w1, ss1, 31, &w2));
    CHECK(ct[0] == 0xEE && ct[1087] == 0xEE && w2 == 32, "ciphertext written although the secret did not fit");
    /* A modified decapsulation key fails the FIPS 203 input check. */
    dk[2400 - 65] ^= 1;
    CHECK(zc_kem_decapsulate("ml-kem-768", dk, sizeof dk, ct, sizeof ct, ss2, 32, &w2) != ZC_OK, "bad dk accepted");
}

static void test_hybrid(void) {
    uint8_t seed[64], xs[32], m[32], eph[32];
    uint8_t cshare[ZC_HYBRID_CLIENT_SHARE_LEN], sshare[ZC_HYBRID_SERVER_SHARE_LEN];
    uint8_t s1[ZC_HYBRID_SECRET_LEN], s2[ZC_HYBRID_SECRET_LEN], s3[ZC_HYBRID_SECRET_LEN];
    size_t w1 = 0, w2 = 0;
    memset(seed, 5, 64);
    memset(xs, 6, 32);
    memset(m, 7, 32);
    memset(eph, 8, 32);
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_hybrid_client_share(seed, 64, xs, 32, NULL, 0, &w1));
    CHECK(w1 == ZC_HYBRID_CLIENT_SHARE_LEN, "client share size");
    OK(zc_hybrid_client_share(seed, 64, xs, 32, cshare, sizeof cshare, &w1));
    /* OS randomness. */
    OK(zc_hybrid_server_encapsulate(cshare, sizeof cshare, NULL, 0, NULL, 0, sshare, sizeof sshare, &w1, s1, sizeof s1, &w2));
    OK(zc_hybrid_client_finish(seed, 64, xs, 32, sshare, sizeof sshare, s2, sizeof s2, &w2));
    CHECK(!memcmp(s1, s2, sizeof s1), "hybrid secrets differ");
    /* Explicit randomness: reproducible. */
    OK(zc_hybrid_server_encapsulate(cshare, sizeof cshare, m, 32, eph, 32, sshare, sizeof sshare, &w1, s1, sizeof s1, &w2));
    OK(zc_hybrid_server_encapsulate(cshare, sizeof cshare, m, 32, eph, 32, sshare, sizeof sshare, &w1, s3, sizeof s3, &w2));
    CHECK(!memcmp(s1, s3, sizeof s1), "deterministic hybrid encapsulation differs");
    OK(zc_hybrid_client_finish(seed, 64, xs, 32, sshare, sizeof sshare, s2, sizeof s2, &w2));
    CHECK(!memcmp(s1, s2, sizeof s1), "hybrid secrets differ (deterministic)");
    /* Wrong client secret: another combined secret (not byte 0's low bits: clamped). */
    xs[1] ^= 1;
    OK(zc_hybrid_client_finish(seed, 64, xs, 32, sshare, sizeof sshare, s2, sizeof s2, &w2));
    CHECK(memcmp(s1, s2, sizeof s1) != 0, "wrong X25519 secret gave the same secret");
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_hybrid_client_finish(seed, 64, xs, 32, sshare, sizeof sshare - 1, s2, sizeof s2, &w2));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_hybrid_server_encapsulate(cshare, sizeof cshare - 1, NULL, 0, NULL, 0, sshare, sizeof sshare, &w1, s1, sizeof s1, &w2));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_hybrid_server_encapsulate(cshare, sizeof cshare, m, 32, NULL, 0, sshare, sizeof sshare, &w1, s1, sizeof s1, &w2));
}

static void test_sig_misc(void) {
    uint8_t seed[32], pk[ZC_SIG_MAX_PUBLIC_KEY_LEN], sig[ZC_SIG_MAX_SIGNATURE_LEN];
    size_t w = 0;
    memset(seed, 9, sizeof seed);
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_sig_sign("rsa", seed, 32, NULL, 0, NULL, 0, sig, sizeof sig, &w));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_sig_sign("sha256", seed, 32, NULL, 0, NULL, 0, sig, sizeof sig, &w));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_sig_lengths("frost-ed25519", NULL, NULL, NULL));
    /* Size query without signing. */
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_sig_sign("ml-dsa-65", seed, 32, NULL, 0, NULL, 0, NULL, 0, &w));
    CHECK(w == 3309, "ml-dsa-65 signature size %zu", w);
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_sig_public_key("ed25519", seed, 31, pk, sizeof pk, &w));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_sig_verify("ed25519", NULL, 32, NULL, 0, NULL, 0, sig, 64));
    /* A context on Ed25519 (no contexts): unsupported. */
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_sig_sign("ed25519", seed, 32, NULL, 0, (const uint8_t *)"c", 1, sig, sizeof sig, &w));
    /* ML-DSA context: signed under one, refused under another. */
    OK(zc_sig_public_key("ml-dsa-44", seed, 32, pk, sizeof pk, &w));
    size_t pkn = w;
    OK(zc_sig_sign("ml-dsa-44", seed, 32, (const uint8_t *)"m", 1, (const uint8_t *)"ctx", 3, sig, sizeof sig, &w));
    OK(zc_sig_verify("ml-dsa-44", pk, pkn, (const uint8_t *)"m", 1, (const uint8_t *)"ctx", 3, sig, w));
    EXPECT(ZC_ERR_INVALID_SIGNATURE, zc_sig_verify("ml-dsa-44", pk, pkn, (const uint8_t *)"m", 1, (const uint8_t *)"ctY", 3, sig, w));
    /* A malformed public key. */
    uint8_t badpk[33] = {0x05};
    EXPECT(ZC_ERR_INVALID_KEY, zc_sig_check_public_key("ecdsa-secp256k1", badpk, 33));
}

static void test_secp256k1_recover(void) {
    uint8_t seed[32], h[32], sig[65], pk[65], rec[65];
    size_t w = 0, pkn = 0;
    memset(seed, 0x11, 32);
    OK(zc_hash("keccak256", (const uint8_t *)"tx", 2, h, 32, &w));
    OK(zc_sig_public_key("ecdsa-secp256k1", seed, 32, pk, sizeof pk, &pkn));
    OK(zc_secp256k1_sign_recoverable(seed, 32, h, 32, sig, sizeof sig, &w));
    CHECK(w == ZC_SECP256K1_RECOVERABLE_SIGNATURE_LEN && sig[64] <= 1, "recoverable signature");
    OK(zc_secp256k1_recover(h, 32, sig, 65, 0, rec, sizeof rec, &w));
    CHECK(w == ZC_SECP256K1_PUBLIC_KEY_LEN && !memcmp(rec, pk, pkn), "recovered key");
    OK(zc_secp256k1_recover(h, 32, sig, 65, 1, rec, sizeof rec, &w));
    CHECK(w == 65 && rec[0] == 4 && !memcmp(rec + 1, pk + 1, 32), "uncompressed recovered key");
    /* Wrong hash: another key. */
    h[0] ^= 1;
    int rc = zc_secp256k1_recover(h, 32, sig, 65, 0, rec, sizeof rec, &w);
    CHECK(rc != ZC_OK || memcmp(rec, pk, pkn) != 0, "recovered the key from the wrong hash");
    h[0] ^= 1;
    sig[64] = 27; /* Ethereum's offset must be removed first */
    EXPECT(ZC_ERR_INVALID_SIGNATURE, zc_secp256k1_recover(h, 32, sig, 65, 0, rec, sizeof rec, &w));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_secp256k1_recover(h, 31, sig, 65, 0, rec, sizeof rec, &w));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_secp256k1_recover(h, 32, sig, 64, 0, rec, sizeof rec, &w));
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_secp256k1_sign_recoverable(seed, 32, h, 32, sig, 64, &w));
}

static void test_bls(void) {
    enum { N = 3 };
    uint8_t pks[N * ZC_BLS_PUBLIC_KEY_LEN], sigs[N * ZC_BLS_SIGNATURE_LEN];
    uint8_t agg_sig[ZC_BLS_SIGNATURE_LEN], agg_pk[ZC_BLS_PUBLIC_KEY_LEN];
    const uint8_t msg[] = "block 42";
    size_t w = 0;
    for (int i = 0; i < N; i++) {
        uint8_t seed[32];
        memset(seed, 0x20 + i, 32);
        OK(zc_sig_public_key("bls12-381", seed, 32, pks + i * 48, 48, &w));
        OK(zc_sig_sign("bls12-381", seed, 32, msg, sizeof msg, NULL, 0, sigs + i * 96, 96, &w));
    }
    OK(zc_bls_aggregate_signatures(sigs, sizeof sigs, agg_sig, sizeof agg_sig, &w));
    OK(zc_bls_aggregate_public_keys(pks, sizeof pks, agg_pk, sizeof agg_pk, &w));
    OK(zc_sig_verify("bls12-381", agg_pk, 48, msg, sizeof msg, NULL, 0, agg_sig, 96));
    OK(zc_bls_fast_aggregate_verify(pks, sizeof pks, msg, sizeof msg, agg_sig, 96));
    EXPECT(ZC_ERR_INVALID_SIGNATURE, zc_bls_fast_aggregate_verify(pks, 2 * 48, msg, sizeof msg, agg_sig, 96));
    EXPECT(ZC_ERR_INVALID_SIGNATURE, zc_bls_fast_aggregate_verify(pks, sizeof pks, msg, sizeof msg - 1, agg_sig, 96));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_bls_aggregate_signatures(sigs, sizeof sigs - 1, agg_sig, 96, &w));
    EXPECT(ZC_ERR_INVALID_SIGNATURE, zc_bls_aggregate_signatures(NULL, 0, agg_sig, 96, &w));
    EXPECT(ZC_ERR_INVALID_KEY, zc_bls_aggregate_public_keys(NULL, 0, agg_pk, 48, &w));
    EXPECT(ZC_ERR_INVALID_KEY, zc_bls_fast_aggregate_verify(NULL, 0, msg, sizeof msg, agg_sig, 96));
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_bls_aggregate_public_keys(pks, sizeof pks, NULL, 0, &w));
    CHECK(w == 48, "aggregate key size");
}

static void test_batch(void) {
    uint8_t ed_seed[32], bls_seed[32], k1_seed[32];
    uint8_t ed_pk[32], bls_pk[48], k1_pk[33], ed_sig[64], bls_sig[96], k1_sig[64];
    const uint8_t m[] = "vote";
    size_t w = 0, n = 0;
    memset(ed_seed, 1, 32);
    memset(bls_seed, 2, 32);
    memset(k1_seed, 3, 32);
    OK(zc_sig_public_key("ed25519", ed_seed, 32, ed_pk, 32, &w));
    OK(zc_sig_sign("ed25519", ed_seed, 32, m, 4, NULL, 0, ed_sig, 64, &w));
    OK(zc_sig_public_key("bls12-381", bls_seed, 32, bls_pk, 48, &w));
    OK(zc_sig_sign("bls12-381", bls_seed, 32, m, 4, NULL, 0, bls_sig, 96, &w));
    OK(zc_sig_public_key("ecdsa-secp256k1", k1_seed, 32, k1_pk, 33, &w));
    OK(zc_sig_sign("ecdsa-secp256k1", k1_seed, 32, m, 4, NULL, 0, k1_sig, 64, &w));

    ZcBatch *b = NULL;
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_batch_new(7, &b));
    CHECK(b == NULL, "batch handle set on error");
    OK(zc_batch_new(ZC_BATCH_ED25519_ZIP215, &b));
    OK(zc_batch_verify_all(b)); /* empty */
    OK(zc_batch_add(b, "ed25519", ed_pk, 32, m, 4, NULL, 0, ed_sig, 64));
    OK(zc_batch_add(b, "bls12-381", bls_pk, 48, m, 4, NULL, 0, bls_sig, 96));
    OK(zc_batch_add(b, "ecdsa-secp256k1", k1_pk, 33, m, 4, NULL, 0, k1_sig, 64));
    OK(zc_batch_verify_all(b));
    /* A bad item: the wrong message. */
    OK(zc_batch_add(b, "ed25519", ed_pk, 32, (const uint8_t *)"veto", 4, NULL, 0, ed_sig, 64));
    /* A malformed signature is accepted by add and reported per item. */
    OK(zc_batch_add(b, "ecdsa-secp256k1", k1_pk, 33, m, 4, NULL, 0, k1_sig, 63));
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_batch_add(b, "rsa", ed_pk, 32, m, 4, NULL, 0, ed_sig, 64));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_batch_add(b, "sha256", ed_pk, 32, m, 4, NULL, 0, ed_sig, 64));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_batch_add(b, "ed25519", NULL, 32, m, 4, NULL, 0, ed_sig, 64));
    OK(zc_batch_len(b, &n));
    CHECK(n == 5, "batch length %zu", n);
    CHECK(zc_batch_verify_all(b) != ZC_OK, "batch with bad items verified");
    int32_t codes[5] = {-1, -1, -1, -1, -1};
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_batch_verify_each(b, NULL, 0, &w));
    CHECK(w == 5, "verify_each size query");
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_batch_verify_each(b, codes, 4, &w));
    CHECK(codes[0] == -1, "codes written on BUFFER_TOO_SMALL");
    OK(zc_batch_verify_each(b, codes, 5, &w));
    CHECK(w == 5 && codes[0] == ZC_OK && codes[1] == ZC_OK && codes[2] == ZC_OK &&
              codes[3] == ZC_ERR_INVALID_SIGNATURE && codes[4] == ZC_ERR_INVALID_LENGTH,
          "verify_each codes %d %d %d %d %d", codes[0], codes[1], codes[2], codes[3], codes[4]);
    zc_batch_free(b);
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_batch_verify_all(NULL));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_batch_new(ZC_BATCH_ED25519_STRICT, NULL));
    OK(zc_batch_new(ZC_BATCH_ED25519_STRICT, &b));
    OK(zc_batch_add(b, "ed25519", ed_pk, 32, m, 4, NULL, 0, ed_sig, 64));
    OK(zc_batch_verify_all(b));
    zc_batch_free(b);
}

/* ------------------------------------------- contiguous arrays (array.rs) */

static void test_rows(void) {
    /* zc_hash_rows: each row equals the one-shot hash. */
    enum { ROWS = 5, ROW_LEN = 100, N = 6 };
    uint8_t data[ROWS * ROW_LEN], out[ROWS * 64 + 1], one[64];
    size_t w = 0, w1 = 0;
    for (size_t i = 0; i < sizeof data; i++) data[i] = (uint8_t)(i * 7);
    const char *algs[] = {"sha256", "sha3-256", "keccak256", "blake2b-512", "blake3"};
    for (size_t a = 0; a < sizeof algs / sizeof *algs; a++) {
        size_t d = 0;
        OK(zc_hash_len(algs[a], &d));
        memset(out, 0xEE, sizeof out);
        OK(zc_hash_rows(algs[a], data, ROWS, ROW_LEN, out, sizeof out, &w));
        CHECK(w == ROWS * d, "%s: hash_rows wrote %zu", algs[a], w);
        for (int r = 0; r < ROWS; r++) {
            OK(zc_hash(algs[a], data + r * ROW_LEN, ROW_LEN, one, sizeof one, &w1));
            CHECK(!memcmp(out + r * d, one, d), "%s: row %d", algs[a], r);
        }
        CHECK(out[ROWS * d] == 0xEE, "%s: hash_rows wrote past its output", algs[a]);
    }
    /* Size query, too small (untouched), zero rows, empty rows, errors. */
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_hash_rows("sha256", data, ROWS, ROW_LEN, NULL, 0, &w));
    CHECK(w == ROWS * 32, "hash_rows size query %zu", w);
    memset(out, 0xEE, sizeof out);
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_hash_rows("sha256", data, ROWS, ROW_LEN, out, ROWS * 32 - 1, &w));
    CHECK(out[0] == 0xEE, "hash_rows wrote on BUFFER_TOO_SMALL");
    OK(zc_hash_rows("sha256", NULL, 0, ROW_LEN, NULL, 0, &w));
    CHECK(w == 0, "zero rows");
    OK(zc_hash_rows("sha256", NULL, 2, 0, out, sizeof out, &w));
    OK(zc_hash("sha256", NULL, 0, one, sizeof one, &w1));
    CHECK(w == 64 && !memcmp(out, one, 32) && !memcmp(out + 32, one, 32), "empty rows");
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_hash_rows("md5", data, 1, 1, out, sizeof out, &w));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_hash_rows("ed25519", data, 1, 1, out, sizeof out, &w));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_hash_rows("sha256", NULL, 1, 1, out, sizeof out, &w));
    EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_hash_rows("sha256", data, SIZE_MAX, 2, out, sizeof out, &w));

    /* zc_sig_verify_rows: N Ed25519 rows, then two bad ones. */
    uint8_t pks[N * 32], msgs[N * 8], sigs[N * 64];
    int32_t res[N];
    for (int i = 0; i < N; i++) {
        uint8_t seed[32];
        memset(seed, 0x40 + i, 32);
        memset(msgs + 8 * i, i, 8);
        OK(zc_sig_public_key("ed25519", seed, 32, pks + 32 * i, 32, &w));
        OK(zc_sig_sign("ed25519", seed, 32, msgs + 8 * i, 8, NULL, 0, sigs + 64 * i, 64, &w));
    }
    for (int i = 0; i < N; i++) res[i] = -1;
    OK(zc_sig_verify_rows("ed25519", pks, 32, msgs, 8, sigs, 64, N, res));
    for (int i = 0; i < N; i++) CHECK(res[i] == ZC_OK, "verify_rows item %d: %d", i, res[i]);
    msgs[8 * 1] ^= 1;        /* wrong message */
    pks[32 * 4] ^= 1;        /* wrong key */
    EXPECT(ZC_ERR_INVALID_SIGNATURE, zc_sig_verify_rows("ed25519", pks, 32, msgs, 8, sigs, 64, N, res));
    for (int i = 0; i < N; i++) {
        if (i == 1) CHECK(res[i] == ZC_ERR_INVALID_SIGNATURE, "bad item 1: %d", res[i]);
        else if (i == 4) CHECK(res[i] != ZC_OK, "bad item 4 accepted");
        else CHECK(res[i] == ZC_OK, "good item %d: %d", i, res[i]);
    }
    msgs[8 * 1] ^= 1;
    pks[32 * 4] ^= 1;
    /* Argument errors leave results untouched. */
    for (int i = 0; i < N; i++) res[i] = -1;
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_sig_verify_rows("rsa", pks, 32, msgs, 8, sigs, 64, N, res));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_sig_verify_rows("sha256", pks, 32, msgs, 8, sigs, 64, N, res));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_sig_verify_rows("ed25519", pks, 32, msgs, 8, sigs, 63, N, res));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_sig_verify_rows("ed25519", pks, 31, msgs, 8, sigs, 64, N, res));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_sig_verify_rows("ed25519", NULL, 32, msgs, 8, sigs, 64, N, res));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_sig_verify_rows("ed25519", pks, 32, msgs, 8, sigs, 64, N, NULL));
    EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_sig_verify_rows("ed25519", pks, 32, msgs, 8, sigs, 64, ZC_ROWS_MAX_SIGNATURES + 1, res));
    EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_sig_verify_rows("ed25519", pks, 32, msgs, SIZE_MAX, sigs, 64, 2, res));
    CHECK(res[0] == -1 && res[N - 1] == -1, "results written on an argument error");
    OK(zc_sig_verify_rows("ed25519", NULL, 32, NULL, 0, NULL, 64, 0, NULL));
    /* Another scheme: ML-DSA-44 (each item alone). */
    {
        uint8_t seed[32], pk2[2 * 1312], sg2[2 * 2420];
        int32_t r2[2] = {-1, -1};
        const uint8_t m2[2] = {'a', 'b'};
        memset(seed, 3, 32);
        for (int i = 0; i < 2; i++) {
            OK(zc_sig_public_key("ml-dsa-44", seed, 32, pk2 + 1312 * i, 1312, &w));
            OK(zc_sig_sign("ml-dsa-44", seed, 32, m2 + i, 1, NULL, 0, sg2 + 2420 * i, 2420, &w));
        }
        OK(zc_sig_verify_rows("ml-dsa-44", pk2, 1312, m2, 1, sg2, 2420, 2, r2));
        CHECK(r2[0] == ZC_OK && r2[1] == ZC_OK, "ml-dsa rows");
        sg2[2420 + 100] ^= 1;
        EXPECT(ZC_ERR_INVALID_SIGNATURE, zc_sig_verify_rows("ml-dsa-44", pk2, 1312, m2, 1, sg2, 2420, 2, r2));
        CHECK(r2[0] == ZC_OK && r2[1] == ZC_ERR_INVALID_SIGNATURE, "ml-dsa bad row: %d %d", r2[0], r2[1]);
    }

    /* zc_merkle_root_rows equals zc_merkle_root over the same fixed-size leaves. */
    {
        enum { L = 7 };
        uint8_t leaves[L * 32], r1[32], r2[32];
        const uint8_t *ptrs[L];
        size_t lens[L];
        for (int i = 0; i < L * 32; i++) leaves[i] = (uint8_t)(i * 13);
        for (int i = 0; i < L; i++) {
            ptrs[i] = leaves + 32 * i;
            lens[i] = 32;
        }
        for (size_t n = 0; n <= L; n++) {
            OK(zc_merkle_root("sha256", ptrs, lens, n, r1, sizeof r1, &w));
            OK(zc_merkle_root_rows("sha256", n ? leaves : NULL, n, 32, r2, sizeof r2, &w));
            CHECK(w == 32 && !memcmp(r1, r2, 32), "merkle_root_rows of %zu leaves", n);
        }
        OK(zc_merkle_root("keccak256", ptrs, lens, L, r1, sizeof r1, &w));
        OK(zc_merkle_root_rows("keccak256", leaves, L, 32, r2, sizeof r2, &w));
        CHECK(!memcmp(r1, r2, 32), "keccak merkle_root_rows");
        EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_merkle_root_rows("sha256", leaves, L, 32, NULL, 0, &w));
        CHECK(w == 32, "merkle_root_rows size query");
        memset(r2, 0xEE, 32);
        EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_merkle_root_rows("sha512", leaves, L, 32, r2, 32, &w));
        EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_merkle_root_rows("md5", leaves, L, 32, r2, 32, &w));
        EXPECT(ZC_ERR_INVALID_LENGTH, zc_merkle_root_rows("sha256", NULL, L, 32, r2, 32, &w));
        EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_merkle_root_rows("sha256", leaves, SIZE_MAX, 32, r2, 32, &w));
        EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_merkle_root_rows("sha256", NULL, ZC_ROWS_MAX_LEAVES + 1, 0, r2, 32, &w));
        CHECK(r2[0] == 0xEE, "merkle_root_rows wrote on error");
    }
}

/* ------------------------------------------- QUIC (RFC 9001 / RFC 9369 Appendix A) */

/* Protects header ‖ payload with `sealer` and checks the packet is `expected`; then
 * opens `expected` with `opener` and checks packet number, header and payload; then the
 * negative cases of zc_quic_decrypt on that packet. */
static void quic_packet(const ZcQuicKeys *sealer, const ZcQuicKeys *opener, uint64_t pn,
                        const bytes *header, const bytes *payload, const bytes *expected,
                        uint64_t largest, const char *what) {
    size_t cap = header->n + payload->n + ZC_QUIC_TAG_LEN, w = 0;
    uint8_t *buf = malloc(cap);
    if (!buf) abort();
    memcpy(buf, header->p, header->n);
    if (payload->n) memcpy(buf + header->n, payload->p, payload->n);

    /* Size query, then a buffer one byte short: both leave the buffer alone. */
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_quic_encrypt(sealer, pn, NULL, 0, header->n, payload->n, &w));
    CHECK(w == expected->n, "%s: size query %zu", what, w);
    w = 0;
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_quic_encrypt(sealer, pn, buf, cap - 1, header->n, payload->n, &w));
    CHECK(w == cap && memcmp(buf, header->p, header->n) == 0, "%s: too small", what);
    /* A packet number whose low bytes differ from the header's: refused, unchanged. */
    EXPECT(ZC_ERR_INVALID_ENCODING, zc_quic_encrypt(sealer, pn + 1, buf, cap, header->n, payload->n, &w));
    EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_quic_encrypt(sealer, ZC_QUIC_MAX_PACKET_NUMBER + 1, buf, cap, header->n, payload->n, &w));
    CHECK(memcmp(buf, header->p, header->n) == 0, "%s: changed on error", what);
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_encrypt(NULL, pn, buf, cap, header->n, payload->n, &w));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_encrypt(sealer, pn, NULL, cap, header->n, payload->n, &w));

    OK(zc_quic_encrypt(sealer, pn, buf, cap, header->n, payload->n, &w));
    CHECK(same(buf, w, expected), "%s: protected packet", what);

    /* Open the expected packet. */
    size_t pn_offset = 1, end = expected->n;
    memcpy(buf, expected->p, expected->n);
    if (buf[0] & 0x80) {
        uint32_t version = 0;
        uint8_t type = 0xff;
        size_t dco = 0, dcl = 0;
        OK(zc_quic_parse_long_header(buf, expected->n, &version, &type, &dco, &dcl, &pn_offset, &end));
        CHECK(end == expected->n, "%s: end %zu", what, end);
        CHECK(version == ZC_QUIC_V1 || version == ZC_QUIC_V2, "%s: version", what);
        CHECK(type == ZC_QUIC_INITIAL, "%s: packet type %u", what, type);
        /* Truncated datagram: the Length runs past it. */
        EXPECT(ZC_ERR_INVALID_ENCODING, zc_quic_parse_long_header(buf, expected->n - 1, NULL, NULL, NULL, NULL, NULL, NULL));
        EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_parse_long_header(NULL, 5, NULL, NULL, NULL, NULL, NULL, NULL));
    }
    uint64_t got_pn = 0;
    size_t hl = 0, po = 0, pl = 0;
    OK(zc_quic_decrypt(opener, buf, end, pn_offset, largest, &got_pn, &hl, &po, &pl));
    CHECK(got_pn == pn, "%s: packet number %llu", what, (unsigned long long)got_pn);
    CHECK(same(buf, hl, header), "%s: unprotected header", what);
    CHECK(po == hl && same(buf + po, pl, payload), "%s: payload", what);

    /* Flipped bit in the tag: fails, payload zeroed, header protection restored. */
    memcpy(buf, expected->p, expected->n);
    buf[expected->n - 1] ^= 1;
    got_pn = 7;
    EXPECT(ZC_ERR_DECRYPTION_FAILED, zc_quic_decrypt(opener, buf, end, pn_offset, largest, &got_pn, &hl, &po, &pl));
    CHECK(got_pn == 7, "%s: output written on error", what);
    CHECK(memcmp(buf, expected->p, header->n) == 0, "%s: header protection not restored", what);
    int zero = 1;
    for (size_t i = header->n; i < expected->n - ZC_QUIC_TAG_LEN; i++) zero &= buf[i] == 0;
    CHECK(zero, "%s: plaintext left after failure", what);
    /* Flipped bit in the protected header. */
    memcpy(buf, expected->p, expected->n);
    buf[pn_offset - 1] ^= 1; /* the last byte before the packet number (authenticated) */
    EXPECT(ZC_ERR_DECRYPTION_FAILED, zc_quic_decrypt(opener, buf, end, pn_offset, largest, NULL, NULL, NULL, NULL));
    /* Truncated below the sample: refused before anything is touched. */
    memcpy(buf, expected->p, expected->n);
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_decrypt(opener, buf, pn_offset + 19, pn_offset, largest, NULL, NULL, NULL, NULL));
    CHECK(memcmp(buf, expected->p, expected->n) == 0, "%s: changed by a refused call", what);
    /* Bad pn_offset: 0 is malformed; past the sample is too short; off by one fails. */
    EXPECT(ZC_ERR_INVALID_ENCODING, zc_quic_decrypt(opener, buf, end, 0, largest, NULL, NULL, NULL, NULL));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_decrypt(opener, buf, end, end, largest, NULL, NULL, NULL, NULL));
    EXPECT(ZC_ERR_INVALID_ENCODING, zc_quic_decrypt(opener, buf, end, SIZE_MAX, largest, NULL, NULL, NULL, NULL));
    {
        /* Off by one: the wrong sample (or, for a minimal packet, too short for it). */
        int32_t rc = zc_quic_decrypt(opener, buf, end, pn_offset + 1, largest, NULL, NULL, NULL, NULL);
        CHECK(rc == ZC_ERR_DECRYPTION_FAILED || rc == ZC_ERR_INVALID_LENGTH, "%s: pn_offset + 1: %d", what, rc);
    }
    memcpy(buf, expected->p, expected->n);
    EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_quic_decrypt(opener, buf, end, pn_offset, ZC_QUIC_MAX_PACKET_NUMBER + 1, NULL, NULL, NULL, NULL));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_decrypt(NULL, buf, end, pn_offset, largest, NULL, NULL, NULL, NULL));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_decrypt(opener, NULL, end, pn_offset, largest, NULL, NULL, NULL, NULL));
    free(buf);
}

static void run_quic_file(const char *root, const char *rel, uint32_t version) {
    cJSON *v = load_json(root, rel);
    bytes dcid = field(v, "dcid");
    ZcQuicKeys *cl = NULL, *cr = NULL, *sl = NULL, *sr = NULL;
    OK(zc_quic_keys_initial(version, dcid.p, dcid.n, ZC_QUIC_CLIENT, &cl, &cr));
    OK(zc_quic_keys_initial(version, dcid.p, dcid.n, ZC_QUIC_SERVER, &sl, &sr));
    uint64_t gen = 9;
    OK(zc_quic_keys_generation(cl, &gen));
    CHECK(gen == 0, "%s: generation", rel);

    /* A.2: the client Initial (CRYPTO frame padded to payload_len with zeros). */
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(v, "client_initial");
    bytes header = field(c, "header"), packet = field(c, "packet"), frame = field(c, "crypto_frame");
    size_t plen = (size_t)cJSON_GetObjectItemCaseSensitive(c, "payload_len")->valuedouble;
    bytes payload = {calloc(plen, 1), plen};
    if (!payload.p) abort();
    memcpy(payload.p, frame.p, frame.n);
    uint64_t pn = (uint64_t)cJSON_GetObjectItemCaseSensitive(c, "packet_number")->valuedouble;
    char what[128];
    snprintf(what, sizeof what, "%s client Initial", rel);
    quic_packet(cl, sr, pn, &header, &payload, &packet, ZC_QUIC_PN_NONE, what);
    /* The client's own remote keys (server's direction) cannot open it. */
    {
        uint8_t *b = malloc(packet.n);
        if (!b) abort();
        memcpy(b, packet.p, packet.n);
        EXPECT(ZC_ERR_DECRYPTION_FAILED, zc_quic_decrypt(cr, b, packet.n, header.n - 4, ZC_QUIC_PN_NONE, NULL, NULL, NULL, NULL));
        free(b);
    }
    free(header.p); free(packet.p); free(frame.p); free(payload.p);

    /* A.3: the server Initial. */
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(v, "server_initial");
    header = field(s, "header"); packet = field(s, "packet"); payload = field(s, "payload");
    pn = (uint64_t)cJSON_GetObjectItemCaseSensitive(s, "packet_number")->valuedouble;
    snprintf(what, sizeof what, "%s server Initial", rel);
    quic_packet(sl, cr, pn, &header, &payload, &packet, 0, what);
    free(header.p); free(packet.p); free(payload.p);

    /* A.4: the Retry Integrity Tag. */
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(v, "retry");
    bytes odcid = field(r, "original_dcid"), retry = field(r, "packet");
    uint8_t tag[ZC_QUIC_TAG_LEN];
    size_t w = 0;
    OK(zc_quic_verify_retry(version, odcid.p, odcid.n, retry.p, retry.n));
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_quic_retry_tag(version, odcid.p, odcid.n, retry.p, retry.n - 16, NULL, 0, &w));
    CHECK(w == ZC_QUIC_TAG_LEN, "%s: retry tag size query", rel);
    OK(zc_quic_retry_tag(version, odcid.p, odcid.n, retry.p, retry.n - 16, tag, sizeof tag, &w));
    CHECK(w == 16 && memcmp(tag, retry.p + retry.n - 16, 16) == 0, "%s: retry tag", rel);
    for (size_t i = 5; i < retry.n; i += 7) {
        retry.p[i] ^= 0x10;
        CHECK(zc_quic_verify_retry(version, odcid.p, odcid.n, retry.p, retry.n) != ZC_OK, "%s: retry bit %zu", rel, i);
        retry.p[i] ^= 0x10;
    }
    odcid.p[0] ^= 1;
    EXPECT(ZC_ERR_DECRYPTION_FAILED, zc_quic_verify_retry(version, odcid.p, odcid.n, retry.p, retry.n));
    odcid.p[0] ^= 1;
    uint32_t other = version == ZC_QUIC_V1 ? ZC_QUIC_V2 : ZC_QUIC_V1;
    EXPECT(ZC_ERR_INVALID_ENCODING, zc_quic_verify_retry(other, odcid.p, odcid.n, retry.p, retry.n));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_quic_verify_retry(2, odcid.p, odcid.n, retry.p, retry.n));
    EXPECT(ZC_ERR_INVALID_ENCODING, zc_quic_verify_retry(version, odcid.p, odcid.n, retry.p, 20));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_verify_retry(version, NULL, 8, retry.p, retry.n));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_retry_tag(version, retry.p, 21, retry.p, retry.n - 16, tag, sizeof tag, &w));
    free(odcid.p); free(retry.p);

    /* A.5: ChaCha20-Poly1305 short header from a secret, and the key update. */
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(v, "chacha20_short_header");
    bytes secret = field(h, "secret"), ku = field(h, "ku");
    header = field(h, "header"); packet = field(h, "packet"); payload = field(h, "payload");
    pn = (uint64_t)cJSON_GetObjectItemCaseSensitive(h, "packet_number")->valuedouble;
    ZcQuicKeys *k = NULL;
    OK(zc_quic_keys_from_secret(version, "chacha20-poly1305", secret.p, secret.n, &k));
    snprintf(what, sizeof what, "%s ChaCha20 short header", rel);
    quic_packet(k, k, pn, &header, &payload, &packet, pn - 1, what);
    {
        /* Without the largest received number, 49140 is decoded: wrong nonce. */
        uint8_t b[64];
        memcpy(b, packet.p, packet.n);
        EXPECT(ZC_ERR_DECRYPTION_FAILED, zc_quic_decrypt(k, b, packet.n, 1, ZC_QUIC_PN_NONE, NULL, NULL, NULL, NULL));
    }
    /* Key update: generation 1; its packet key is the one from the "ku" secret (same
     * ciphertext after the header), its header key the old one. */
    ZcQuicKeys *next = NULL, *from_ku = NULL;
    OK(zc_quic_key_update(k, &next));
    OK(zc_quic_keys_generation(next, &gen));
    CHECK(gen == 1, "%s: generation after update", rel);
    OK(zc_quic_keys_from_secret(version, "chacha20-poly1305", ku.p, ku.n, &from_ku));
    {
        uint8_t a[64], b[64];
        size_t wa = 0, wb = 0;
        memcpy(a, header.p, header.n); memcpy(a + header.n, payload.p, payload.n);
        memcpy(b, a, header.n + payload.n);
        OK(zc_quic_encrypt(next, pn, a, sizeof a, header.n, payload.n, &wa));
        OK(zc_quic_encrypt(from_ku, pn, b, sizeof b, header.n, payload.n, &wb));
        CHECK(wa == wb && memcmp(a + header.n, b + header.n, wa - header.n) == 0, "%s: ku packet key", rel);
        memcpy(b, a, wa);
        /* The old generation cannot open a new-generation packet; the new one can. */
        EXPECT(ZC_ERR_DECRYPTION_FAILED, zc_quic_decrypt(k, b, wa, 1, pn - 1, NULL, NULL, NULL, NULL));
        uint64_t got = 0;
        OK(zc_quic_decrypt(next, a, wa, 1, pn - 1, &got, NULL, NULL, NULL));
        CHECK(got == pn, "%s: new generation opens", rel);
    }
    ZcQuicKeys *untouched = (ZcQuicKeys *)0x1;
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_key_update(NULL, &untouched));
    CHECK(untouched == (ZcQuicKeys *)0x1, "key_update wrote on error");
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_key_update(k, NULL));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_keys_generation(NULL, &gen));
    zc_quic_keys_free(next);
    zc_quic_keys_free(from_ku);
    zc_quic_keys_free(k);
    free(secret.p); free(ku.p); free(header.p); free(packet.p); free(payload.p);

    zc_quic_keys_free(cl); zc_quic_keys_free(cr); zc_quic_keys_free(sl); zc_quic_keys_free(sr);
    free(dcid.p);
    cJSON_Delete(v);
}

static void test_quic(const char *root) {
    run_quic_file(root, "vectors/quic/rfc9001.json", ZC_QUIC_V1);
    run_quic_file(root, "vectors/quic/rfc9369.json", ZC_QUIC_V2);

    /* Constructor errors: out-handles untouched. */
    uint8_t dcid[21] = {0}, secret[48] = {0};
    ZcQuicKeys *l = NULL, *r = NULL, *k = NULL;
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_quic_keys_initial(0xff00001d, dcid, 8, ZC_QUIC_CLIENT, &l, &r));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_quic_keys_initial(ZC_QUIC_V1, dcid, 8, 7, &l, &r));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_keys_initial(ZC_QUIC_V1, dcid, 21, ZC_QUIC_CLIENT, &l, &r));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_keys_initial(ZC_QUIC_V1, NULL, 8, ZC_QUIC_CLIENT, &l, &r));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_keys_initial(ZC_QUIC_V1, dcid, 8, ZC_QUIC_CLIENT, &l, NULL));
    CHECK(l == NULL && r == NULL, "keys_initial wrote on error");
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_quic_keys_from_secret(ZC_QUIC_V1, "aes-128-ccm", secret, 32, &k));
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_quic_keys_from_secret(ZC_QUIC_V1, NULL, secret, 32, &k));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_quic_keys_from_secret(ZC_QUIC_V1, "xchacha20-poly1305", secret, 32, &k));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM, zc_quic_keys_from_secret(ZC_QUIC_V1, "sha256", secret, 32, &k));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_keys_from_secret(ZC_QUIC_V1, "aes-256-gcm", secret, 32, &k));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_keys_from_secret(ZC_QUIC_V2, "aes-128-gcm", secret, 32, NULL));
    CHECK(k == NULL, "keys_from_secret wrote on error");
    /* Every suite round-trips a short-header packet; a 48-byte secret for AES-256-GCM. */
    const char *suites[] = {"aes-128-gcm", "aes-256-gcm", "chacha20-poly1305"};
    for (int i = 0; i < 3; i++) {
        OK(zc_quic_keys_from_secret(ZC_QUIC_V1, suites[i], secret, i == 1 ? 48 : 32, &k));
        /* Short header, 1-byte packet number 5, payload "abc". */
        uint8_t p[1 + 1 + 3 + 16] = {0x40, 5, 'a', 'b', 'c'};
        size_t w = 0;
        /* Too short for the sample: pn_len + payload_len < 4 needs padding. */
        EXPECT(ZC_ERR_INVALID_LENGTH, zc_quic_encrypt(k, 5, p, sizeof p, 2, 2, &w));
        CHECK(p[0] == 0x40 && p[2] == 'a', "encrypt changed the packet on error");
        OK(zc_quic_encrypt(k, 5, p, sizeof p, 2, 3, &w));
        uint64_t got = 0;
        size_t po = 0, pl = 0;
        OK(zc_quic_decrypt(k, p, w, 1, 4, &got, NULL, &po, &pl));
        CHECK(got == 5 && pl == 3 && memcmp(p + po, "abc", 3) == 0, "%s round trip", suites[i]);
        zc_quic_keys_free(k);
        k = NULL;
    }
    zc_quic_keys_free(NULL);
}

/* ------------------------------------------------------------- profiler */

static void test_profile(void) {
    uint32_t flags = 0xdeadbeef;
    OK(zc_hardware_features(&flags));
    CHECK((flags & ~(uint32_t)(ZC_HW_AES | ZC_HW_VAES | ZC_HW_CLMUL | ZC_HW_AVX2 | ZC_HW_AVX512 |
                               ZC_HW_SHA | ZC_HW_AES_GCM)) == 0, "unknown hardware bits %x", flags);
    CHECK(!(flags & ZC_HW_AES_GCM) == !((flags & ZC_HW_AES) && (flags & ZC_HW_CLMUL)), "aes-gcm bit");
    OK(zc_hardware_features(NULL));

    size_t w = 0;
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_profile_report(1, 1350, NULL, 0, &w));
    CHECK(w == ZC_PROFILE_REPORT_MAX_LEN, "profile size query %zu", w);
    char small[16] = "untouched";
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_profile_report(1, 1350, (uint8_t *)small, sizeof small, &w));
    CHECK(strcmp(small, "untouched") == 0, "profile wrote into a small buffer");
    EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_profile_report(0, 1350, NULL, 0, &w));
    EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_profile_report(1, 0, NULL, 0, &w));
    EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_profile_report(10001, 1350, NULL, 0, &w));

    char *report = malloc(ZC_PROFILE_REPORT_MAX_LEN);
    if (!report) abort();
    OK(zc_profile_report(1, 1350, (uint8_t *)report, ZC_PROFILE_REPORT_MAX_LEN, &w));
    CHECK(w > 0 && w < ZC_PROFILE_REPORT_MAX_LEN && report[w] == 0 && strlen(report) == w,
          "profile report length %zu", w);
    cJSON *j = cJSON_Parse(report);
    CHECK(j != NULL, "profile report is not JSON: %s", report);
    if (j) {
        const cJSON *suites = cJSON_GetObjectItemCaseSensitive(j, "suites");
        CHECK(cJSON_IsArray(suites) && cJSON_GetArraySize(suites) == 3, "3 suites");
        const cJSON *s;
        int names = 0;
        cJSON_ArrayForEach(s, suites) {
            const char *n = str(s, "suite");
            names += !strcmp(n, "aes-128-gcm") || !strcmp(n, "aes-256-gcm") || !strcmp(n, "chacha20-poly1305");
            const cJSON *seal = cJSON_GetObjectItemCaseSensitive(s, "seal");
            CHECK(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(seal, "per_packet_ns")), "%s seal", n);
            CHECK(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(
                      cJSON_GetObjectItemCaseSensitive(s, "open"), "max_rate_bytes_per_sec_1_core")), "%s open", n);
        }
        CHECK(names == 3, "suite names");
        CHECK(cJSON_GetObjectItemCaseSensitive(j, "packet_bytes")->valuedouble == 1350, "packet_bytes");
        CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "best_suite")), "best_suite");
        CHECK(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "hardware")), "hardware");
        CHECK(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(j, "aes_gcm_accelerated")), "aes_gcm_accelerated");
        cJSON_Delete(j);
    }
    free(report);
}

/* Zero knowledge: boundary cases the vectors do not state (NULLs, counts, buffers). */
static void test_zk_misc(void) {
    uint8_t r[32] = {1}, ent[32] = {2}, cm[32], pr[ZC_BULLETPROOFS_MAX_PROOF_LEN];
    uint8_t cms[32 * 2], out[ZC_KZG_POINT_EVALUATION_OUTPUT_LEN], before[sizeof out];
    uint64_t values[17] = {1, 2};
    uint8_t bl[32 * 17] = {0};
    size_t w = 0, w2 = 0;
    /* NULL with a length, non-canonical blinding, bad bit size, counts. */
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_groth16_verify(NULL, 10, NULL, 0, NULL, 0));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_bulletproofs_commit(1, NULL, 32, cm, sizeof cm, &w));
    memset(cm, 0xff, sizeof cm);
    EXPECT(ZC_ERR_INVALID_KEY, zc_bulletproofs_commit(1, cm, 32, cm, sizeof cm, &w));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_bulletproofs_prove(12, values, 2, bl, 64, ent, 32, pr, sizeof pr, &w,
                                                       cms, sizeof cms, &w2));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_bulletproofs_prove(64, values, 2, bl, 63, ent, 32, pr, sizeof pr, &w,
                                                       cms, sizeof cms, &w2));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_bulletproofs_prove(64, values, 3, bl, 96, ent, 32, pr, sizeof pr, &w,
                                                       cms, sizeof cms, &w2));
    EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_bulletproofs_prove(64, values, 17, bl, sizeof bl, ent, 32, pr, sizeof pr,
                                                       &w, cms, sizeof cms, &w2));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_bulletproofs_prove(64, values, 2, bl, 64, ent, 31, pr, sizeof pr, &w,
                                                       cms, sizeof cms, &w2));
    /* 256 does not fit in 8 bits. */
    values[0] = 256;
    EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_bulletproofs_prove(8, values, 2, bl, 64, ent, 32, pr, sizeof pr, &w,
                                                       cms, sizeof cms, &w2));
    /* Commitments buffer too small: both sizes reported, nothing written. */
    values[0] = 1;
    memcpy(bl, r, 32);
    memset(cms, 0xAA, sizeof cms);
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_bulletproofs_prove(64, values, 2, bl, 64, ent, 32, pr, sizeof pr, &w,
                                                         cms, 63, &w2));
    CHECK(w == 32 * (9 + 2 * 7) && w2 == 64 && cms[0] == 0xAA, "prove size report %zu %zu", w, w2);
    /* Point evaluation: wrong length, output untouched. */
    uint8_t in[ZC_KZG_POINT_EVALUATION_INPUT_LEN] = {0};
    memset(out, 0x55, sizeof out);
    memcpy(before, out, sizeof out);
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_kzg_point_evaluation(in, sizeof in - 1, out, sizeof out, &w));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_kzg_blob_to_commitment(in, sizeof in, out, sizeof out, &w));
    CHECK(!memcmp(out, before, sizeof out), "point evaluation output written on error");
    /* halo2: refusals before any key generation or proving. */
    uint8_t leaf[32] = {7}, sib[8 * 32] = {0}, enc[64];
    memset(enc, 0xAA, sizeof enc);
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_halo2_verify(NULL, 10));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_halo2_verify(enc, 1));
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_halo2_verify(enc, sizeof enc)); /* id 0xAAAA */
    EXPECT(ZC_ERR_UNKNOWN_ALGORITHM, zc_halo2_prove_range(0x7fff, 1, r, 32, ent, 32, enc, sizeof enc, &w));
    EXPECT(ZC_ERR_UNSUPPORTED_ALGORITHM,
           zc_halo2_prove_range(ZC_HALO2_MEMBERSHIP8, 1, r, 32, ent, 32, enc, sizeof enc, &w));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_halo2_prove_range(ZC_HALO2_RANGE8, 1, r, 32, ent, 31, enc, sizeof enc, &w));
    EXPECT(ZC_ERR_INVALID_KEY, zc_halo2_prove_range(ZC_HALO2_RANGE8, 1, cm, 32, ent, 32, enc, sizeof enc, &w));
    EXPECT(ZC_ERR_INVALID_LENGTH, zc_halo2_prove_membership(ZC_HALO2_MEMBERSHIP16, leaf, 32, 0, sib, sizeof sib,
                                                            ent, 32, enc, sizeof enc, &w));
    EXPECT(ZC_ERR_LIMIT_EXCEEDED, zc_halo2_prove_membership(ZC_HALO2_MEMBERSHIP8, leaf, 32, 256, sib, sizeof sib,
                                                            ent, 32, enc, sizeof enc, &w));
    /* Too small: the needed size, nothing written, nothing proved. */
    w = 0;
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_halo2_prove_range(ZC_HALO2_RANGE8, 1, r, 32, ent, 32, enc, sizeof enc, &w));
    CHECK(w == 2 + 32 + 2400 && enc[0] == 0xAA, "halo2 range size report %zu", w);
    EXPECT(ZC_ERR_BUFFER_TOO_SMALL, zc_halo2_prove_membership(ZC_HALO2_MEMBERSHIP8, leaf, 32, 3, sib, sizeof sib,
                                                              ent, 32, NULL, 0, &w));
    CHECK(w == 2 + 32 + 2528, "halo2 membership size report %zu", w);
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : ".";
    printf("libzcrypto %s\n", zc_version());
    test_general();
    test_boundary();
    run_vectors(root);
    run_ffi_vectors(root);
    run_merkle(root);
    test_aead_misc();
    test_kem_misc();
    test_hybrid();
    test_sig_misc();
    test_secp256k1_recover();
    test_bls();
    test_batch();
    test_rows();
    test_zk_misc();
    test_quic(root);
    test_profile();
    printf("%d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
