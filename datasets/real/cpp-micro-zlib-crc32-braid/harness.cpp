// Harness for zlib crc32_z over a large buffer.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <vector>
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
    // base: SCALE KiB of pseudo-random bytes (one allocation, an odd start offset to exercise alignment handling)
    size_t n = (size_t)scale * 1024;
    std::vector<unsigned char> base(n + 8);
    uint64_t bs = 42;
    for (size_t k = 0; k < n + 8; k += 8) { uint64_t r = splitmix64(bs); memcpy(&base[k], &r, 8); }
    std::vector<unsigned char> buf(n + 8);
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        // cheap per-iteration change: flip a few bytes in place (undone below)
        if (i == 0) memcpy(buf.data(), base.data(), n + 8);
        size_t pos[8]; unsigned char old[8];
        for (int c = 0; c < 8; c++) { uint64_t r = splitmix64(s); pos[c] = 3 + r % n; old[c] = buf[pos[c]]; buf[pos[c]] ^= (unsigned char)((r >> 56) | 1); }
        size_t off = 3, len = n - (size_t)(splitmix64(s) % 64);
        if (inputs_only) {
            uint64_t h = len; for (int c = 0; c < 8; c++) h = mix(h, pos[c] * 256 + buf[pos[c]]);
            digest = mix(digest, h);
        } else {
            uLong crc = crc32_z(0L, buf.data() + off, (z_size_t)len);
            digest = mix(digest, crc);
        }
        for (int c = 7; c >= 0; c--) buf[pos[c]] = old[c];
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
