// Harness for zlib crc32_combine_ (via public crc32_combine).
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include "zlib.h"

static uint64_t splitmix64(uint64_t &s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static uint64_t mix(uint64_t h, uint64_t v) { h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2); return h * 0x100000001B3ULL; }

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "inputs") != 0)) {
        fprintf(stderr, "usage: %s ITERATIONS SCALE SEED [inputs]\n", argv[0]);
        return 2;
    }
    long iters = atol(argv[1]); long scale = atol(argv[2]); uint64_t seed = strtoull(argv[3], 0, 10);
    if (iters < 0 || scale < 1) { fprintf(stderr, "bad arguments\n"); return 2; }
    bool inputs_only = argc == 5;
    // base workload: SCALE (crc, length) pieces
    size_t n = (size_t)scale;
    uint32_t *bcrc = (uint32_t *)malloc(4 * n); int64_t *blen = (int64_t *)malloc(8 * n);
    uint64_t bs = 777;
    for (size_t k = 0; k < n; k++) {
        uint64_t r = splitmix64(bs);
        bcrc[k] = (uint32_t)r;
        blen[k] = (int64_t)(splitmix64(bs) % 100000000ULL) + 1;  // up to 100 MB pieces
    }
    uint32_t *crc = (uint32_t *)malloc(4 * n); int64_t *len = (int64_t *)malloc(8 * n);
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        memcpy(crc, bcrc, 4 * n); memcpy(len, blen, 8 * n);
        for (int c = 0; c < 16; c++) { uint64_t r = splitmix64(s); crc[r % n] ^= (uint32_t)(r >> 32); len[(r >> 20) % n] = (int64_t)(r >> 40) + 1; }
        if (inputs_only) {
            uint64_t h = 0; for (size_t k = 0; k < n; k++) h = mix(h, crc[k] ^ (uint64_t)len[k]);
            digest = mix(digest, h);
            continue;
        }
        // fold all pieces into one CRC, as if concatenating them
        uLong acc = crc[0];
        for (size_t k = 1; k < n; k++) acc = crc32_combine(acc, crc[k], (z_off_t)len[k]);
        digest = mix(digest, acc);
    }
    printf("%016llx\n", (unsigned long long)digest);
    free(bcrc); free(blen); free(crc); free(len);
    return 0;
}
