// Harness for utf8proc_iterate: decode a mixed-script UTF-8 buffer code point by code point.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <vector>
extern "C" {
#include "utf8proc.h"
}

static uint64_t splitmix64(uint64_t &s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static uint64_t mix(uint64_t h, uint64_t v) { h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2); return h * 0x100000001B3ULL; }

// pick a code point valid under both old and new rules (no surrogates, no U+FDD0..FDEF, no xxFFFE/xxFFFF)
static uint32_t pick(uint64_t r) {
    uint32_t k = (uint32_t)(r % 100);                                                   // mostly-ASCII text, like European prose
    if (k < 85) return 0x20 + (uint32_t)((r >> 8) % 0x5f);                              // ASCII
    if (k < 95) return 0xC0 + (uint32_t)((r >> 8) % 0x700);                             // 2-byte (Latin, Greek, Cyrillic...)
    if (k < 99) return 0x4E00 + (uint32_t)((r >> 8) % 0x5000);                          // 3-byte CJK
    return 0x1F300 + (uint32_t)((r >> 8) % 0x300);                                      // 4-byte emoji
}
static int enc(uint32_t c, unsigned char *o) {
    if (c < 0x80) { o[0] = (unsigned char)c; return 1; }
    if (c < 0x800) { o[0] = 0xC0 | (c >> 6); o[1] = 0x80 | (c & 63); return 2; }
    if (c < 0x10000) { o[0] = 0xE0 | (c >> 12); o[1] = 0x80 | ((c >> 6) & 63); o[2] = 0x80 | (c & 63); return 3; }
    o[0] = 0xF0 | (c >> 18); o[1] = 0x80 | ((c >> 12) & 63); o[2] = 0x80 | ((c >> 6) & 63); o[3] = 0x80 | (c & 63); return 4;
}

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "inputs") != 0)) {
        fprintf(stderr, "usage: %s ITERATIONS SCALE SEED [inputs]\n", argv[0]);
        return 2;
    }
    long iters = atol(argv[1]); long scale = atol(argv[2]); uint64_t seed = strtoull(argv[3], 0, 10);
    if (iters < 0 || scale < 1) { fprintf(stderr, "bad arguments\n"); return 2; }
    bool inputs_only = argc == 5;
    // base: SCALE*1000 code points encoded as UTF-8; we remember where ASCII bytes are so
    // an iteration can swap a few of them for other ASCII letters without breaking the encoding
    size_t ncp = (size_t)scale * 1000;
    std::vector<unsigned char> base; base.reserve(ncp * 3);
    std::vector<size_t> asciipos;
    uint64_t bs = 161803;
    for (size_t k = 0; k < ncp; k++) {
        unsigned char b[4]; uint32_t c = pick(splitmix64(bs));
        int L = enc(c, b);
        if (L == 1) asciipos.push_back(base.size());
        base.insert(base.end(), b, b + L);
    }
    std::vector<unsigned char> buf(base.size());
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        memcpy(buf.data(), base.data(), base.size());
        for (int c = 0; c < 16; c++) { uint64_t r = splitmix64(s); buf[asciipos[r % asciipos.size()]] = (unsigned char)('a' + (r >> 40) % 26); }
        if (inputs_only) {
            uint64_t h = 0; for (size_t k = 0; k < buf.size(); k += 61) h = h * 31 + buf[k];
            for (int c = 0; c < 4; c++) h = mix(h, buf[asciipos[c]]);
            digest = mix(digest, h);
            continue;
        }
        const utf8proc_uint8_t *p = buf.data();
        utf8proc_ssize_t left = (utf8proc_ssize_t)buf.size();
        uint64_t h = 0, cnt = 0;
        while (left > 0) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t L = utf8proc_iterate(p, left, &cp);
            if (L <= 0) { h = mix(h, 0xbad); p++; left--; continue; }
            h = ((h << 5) | (h >> 59)) ^ (uint32_t)cp; cnt++;
            p += L; left -= L;
        }
        digest = mix(digest, h ^ cnt);
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
