/* A storage counter in C: proof that the zvm ABI is language-neutral.
 *
 * Built by build.sh with clang --target=wasm32 -nostdlib and wasm-ld; no libc.
 *
 *   increment, main   the new count (8 bytes, big-endian)
 *   get               the count (8 bytes, big-endian)
 *   hash              SHA-256 of the call data (32 bytes), through the host
 *
 * The count is stored big-endian at slot 0 (32 zero bytes), the same layout as the
 * Rust counter. */

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;

#define IMPORT(name) __attribute__((import_module("zvm"), import_name(#name)))
#define EXPORT(name) __attribute__((export_name(#name)))

IMPORT(input_len) int zvm_input_len(void);
IMPORT(input) void zvm_input(u8 *dst);
IMPORT(return_data) void zvm_return_data(const u8 *ptr, u32 len);
IMPORT(revert) void zvm_revert(const u8 *ptr, u32 len);
IMPORT(storage_read) int zvm_storage_read(const u8 *key, u8 *dst, u32 cap);
IMPORT(storage_write) void zvm_storage_write(const u8 *key, const u8 *ptr, u32 len);
IMPORT(sha256) int zvm_sha256(const u8 *in, u32 in_len, u8 *out, u32 out_len);

static const u8 SLOT0[32];
static u8 buf[4096];

static u64 load(void) {
    u8 v[8] = {0};
    int n = zvm_storage_read(SLOT0, v, 8);
    if (n < 0 || n > 8) {
        static const u8 msg[] = "counter: bad value";
        zvm_revert(msg, sizeof msg - 1);
    }
    u64 x = 0;
    for (int i = 0; i < n; i++) x = (x << 8) | v[i];
    return x;
}

static void put_be(u8 *out, u64 x) {
    for (int i = 7; i >= 0; i--) { out[i] = (u8)x; x >>= 8; }
}

EXPORT(increment) void increment(void) {
    u8 v[8];
    put_be(v, load() + 1);
    zvm_storage_write(SLOT0, v, 8);
    zvm_return_data(v, 8);
}

EXPORT(main) void entry_main(void) { increment(); }

EXPORT(get) void get(void) {
    u8 v[8];
    put_be(v, load());
    zvm_return_data(v, 8);
}

EXPORT(hash) void hash(void) {
    int n = zvm_input_len();
    if (n < 0 || n > (int)sizeof buf) {
        static const u8 msg[] = "counter: input too long";
        zvm_revert(msg, sizeof msg - 1);
    }
    zvm_input(buf);
    u8 out[32];
    if (zvm_sha256(buf, (u32)n, out, 32) != 0) {
        static const u8 msg[] = "counter: sha256 failed";
        zvm_revert(msg, sizeof msg - 1);
    }
    zvm_return_data(out, 32);
}
