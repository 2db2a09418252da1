// Harness for tinyxml2::XMLPrinter::PrintString (via XMLPrinter::PushText on entity-heavy text).
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <vector>
#include "tinyxml2.h"

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
    // base: SCALE KiB of text, words of 1..12 letters separated by spaces, with ~1 in 8 chars an XML entity char
    size_t n = (size_t)scale * 1024;
    std::vector<char> base(n + 1);
    uint64_t bs = 2024;
    const char special[] = "&<>\"";
    for (size_t k = 0; k < n; k++) {
        uint64_t r = splitmix64(bs);
        base[k] = (r % 8 == 0) ? special[(r >> 8) % 4] : ((r >> 16) % 7 == 0 ? ' ' : (char)('a' + (r >> 24) % 26));
    }
    base[n] = 0;
    std::vector<char> text(n + 1);
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        memcpy(text.data(), base.data(), n + 1);
        for (int c = 0; c < 16; c++) { uint64_t r = splitmix64(s); text[r % n] = (r >> 40) % 3 == 0 ? '&' : (char)('A' + (r >> 48) % 26); }
        if (inputs_only) {
            uint64_t h = 0; for (size_t k = 0; k < n; k++) h = h * 31 + (unsigned char)text[k];
            digest = mix(digest, h);
            continue;
        }
        tinyxml2::XMLPrinter printer(0, true);
        printer.OpenElement("t");
        printer.PushText(text.data());
        printer.CloseElement();
        const char *out = printer.CStr();
        size_t len = (size_t)printer.CStrSize();
        uint64_t h = len;
        for (size_t k = 0; k < len && out[k]; k++) h = h * 1099511628211ULL + (unsigned char)out[k];
        digest = mix(digest, h);
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
