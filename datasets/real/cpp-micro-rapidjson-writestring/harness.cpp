// Harness for rapidjson::Writer::WriteString (via Writer::String into a StringBuffer).
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>
#include "rapidjson/writer.h"
#include "rapidjson/stringbuffer.h"

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
    // base: SCALE*100 strings of 8..200 printable chars, ~1% needing escapes (quote, backslash, newline, control)
    size_t n = (size_t)scale * 100;
    std::vector<std::string> base(n);
    uint64_t bs = 9001;
    for (size_t k = 0; k < n; k++) {
        int L = 8 + (int)(splitmix64(bs) % 193);
        std::string &s = base[k]; s.resize(L);
        for (int c = 0; c < L; c++) {
            uint64_t r = splitmix64(bs);
            if (r % 100 == 0) { const char esc[] = "\"\\\n\t\x01"; s[c] = esc[(r >> 8) % 5]; }
            else s[c] = (char)(' ' + 1 + (r >> 16) % 90);
        }
    }
    std::vector<std::string> strs;
    uint64_t digest = 1469598103934665603ULL;
    rapidjson::StringBuffer sb;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        // per-iteration change: modify a few characters in a few strings (undone afterwards)
        size_t which[8], at[8]; char old[8];
        for (int c = 0; c < 8; c++) { uint64_t r = splitmix64(s); which[c] = r % n; at[c] = (r >> 32) % base[which[c]].size(); old[c] = base[which[c]][at[c]]; base[which[c]][at[c]] = (char)('a' + (r >> 50) % 26); }
        if (inputs_only) {
            for (int c = 0; c < 8; c++) digest = mix(digest, which[c] * 1000 + at[c] + (unsigned char)base[which[c]][at[c]]);
        } else {
            sb.Clear();
            rapidjson::Writer<rapidjson::StringBuffer> w(sb);
            w.StartArray();
            for (size_t k = 0; k < n; k++) w.String(base[k].data(), (rapidjson::SizeType)base[k].size());
            w.EndArray();
            const char *out = sb.GetString(); size_t len = sb.GetSize();
            uint64_t h = len; size_t k = 0;
            for (; k + 8 <= len; k += 8) { uint64_t wv; memcpy(&wv, out + k, 8); h = (h ^ wv) * 0x9E3779B97F4A7C15ULL; }
            for (; k < len; k++) h = h * 31 + (unsigned char)out[k];
            digest = mix(digest, h);
        }
        for (int c = 7; c >= 0; c--) base[which[c]][at[c]] = old[c];
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
