/*
 * FFI call overhead: times N calls of zc_hash("sha256", 32 bytes) through the C ABI
 * with clock_gettime(CLOCK_MONOTONIC), the best of several rounds, and prints ns per
 * call. bindings/c/bench.sh runs it next to the same loop in Rust
 * (ffi/examples/hash_overhead.rs) and prints the ratio.
 *
 * Usage: bench_overhead [N [ROUNDS]]
 * Output (one line): c_zc_hash_sha256_32 n=... best_ns_per_call=...
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "zcrypto.h"

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    int rounds = argc > 2 ? atoi(argv[2]) : 9;
    if (n <= 0 || rounds <= 0) {
        fprintf(stderr, "usage: bench_overhead [N [ROUNDS]]\n");
        return 2;
    }
    uint8_t data[32], out[32];
    for (int i = 0; i < 32; i++) data[i] = (uint8_t)i;
    size_t written = 0;
    double best = 1e300;
    volatile uint8_t sink = 0;
    for (int r = 0; r < rounds; r++) {
        double t = now_ns();
        for (long i = 0; i < n; i++) {
            if (zc_hash("sha256", data, sizeof data, out, sizeof out, &written) != ZC_OK) {
                fprintf(stderr, "zc_hash failed\n");
                return 1;
            }
            sink ^= out[0];
        }
        double ns = (now_ns() - t) / (double)n;
        if (ns < best) best = ns;
    }
    (void)sink;
    printf("c_zc_hash_sha256_32 n=%ld best_ns_per_call=%.2f\n", n, best);
    return 0;
}
