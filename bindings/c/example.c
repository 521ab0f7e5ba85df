/*
 * A short tour of libzcrypto: a hash, an AEAD round trip and an Ed25519 signature.
 * Build and run: bindings/c/run.sh (or see the cc line there).
 */
#include <stdio.h>
#include <string.h>

#include "zcrypto.h"

static void print_hex(const char *label, const uint8_t *p, size_t n) {
    printf("%-12s", label);
    for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
    printf("\n");
}

/* Prints the failing call and its error, and returns from main. */
#define TRY(call)                                                                  \
    do {                                                                           \
        int32_t rc_ = (call);                                                      \
        if (rc_ != ZC_OK) {                                                        \
            fprintf(stderr, "%s: %s (%d)\n", #call, zc_error_message(rc_), rc_);   \
            return 1;                                                              \
        }                                                                          \
    } while (0)

int main(void) {
    printf("libzcrypto %s\n", zc_version());

    /* 1. SHA-256 of "abc". */
    const uint8_t abc[] = {'a', 'b', 'c'};
    uint8_t digest[32];
    size_t n = 0;
    TRY(zc_hash("sha256", abc, sizeof abc, digest, sizeof digest, &n));
    print_hex("sha256:", digest, n);

    /* 2. AES-256-GCM: seal in place with the tag appended, then open. */
    uint8_t key[32], nonce[12];
    TRY(zc_random(key, sizeof key));
    TRY(zc_random(nonce, sizeof nonce)); /* never reuse a nonce under one key */
    ZcAeadKey *aead = NULL;
    TRY(zc_aead_key_new("aes-256-gcm", key, sizeof key, &aead));
    const char *secret = "attack at dawn";
    size_t pt_len = strlen(secret);
    uint8_t buf[64];
    memcpy(buf, secret, pt_len);
    size_t sealed = 0, opened = 0;
    const uint8_t aad[] = "header";
    int32_t rc = zc_aead_seal(aead, nonce, sizeof nonce, aad, sizeof aad, buf, sizeof buf, pt_len,
                              &sealed);
    if (rc == ZC_OK) {
        print_hex("sealed:", buf, sealed);
        rc = zc_aead_open(aead, nonce, sizeof nonce, aad, sizeof aad, buf, sealed, &opened);
    }
    zc_aead_key_free(aead);
    TRY(rc);
    printf("%-12s%.*s\n", "opened:", (int)opened, (const char *)buf);

    /* 3. Ed25519: public key from a 32-byte seed, sign, verify, tamper. */
    uint8_t seed[32], pk[ZC_ED25519_PUBLIC_KEY_LEN], sig[ZC_ED25519_SIGNATURE_LEN];
    TRY(zc_random(seed, sizeof seed));
    TRY(zc_sig_public_key("ed25519", seed, sizeof seed, pk, sizeof pk, &n));
    const uint8_t msg[] = "hello from C";
    TRY(zc_sig_sign("ed25519", seed, sizeof seed, msg, sizeof msg, NULL, 0, sig, sizeof sig, &n));
    print_hex("public key:", pk, sizeof pk);
    print_hex("signature:", sig, sizeof sig);
    TRY(zc_sig_verify("ed25519", pk, sizeof pk, msg, sizeof msg, NULL, 0, sig, sizeof sig));
    printf("%-12s%s\n", "verify:", "ok");
    sig[0] ^= 1;
    rc = zc_sig_verify("ed25519", pk, sizeof pk, msg, sizeof msg, NULL, 0, sig, sizeof sig);
    printf("%-12s%s\n", "tampered:", zc_error_name(rc));
    return rc == ZC_ERR_INVALID_SIGNATURE ? 0 : 1;
}
