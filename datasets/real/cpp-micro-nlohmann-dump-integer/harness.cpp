// Harness for nlohmann::detail::serializer::dump_integer (via basic_json::dump on an integer-heavy document).
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <string>
#include <nlohmann/json.hpp>

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
    // base: one array of SCALE*1000 integers: signed and unsigned, of all magnitudes
    size_t n = (size_t)scale * 1000;
    nlohmann::json arr = nlohmann::json::array();
    uint64_t bs = 314159;
    for (size_t k = 0; k < n; k++) {
        uint64_t r = splitmix64(bs);
        int bits = 1 + (int)(r % 63);
        uint64_t mag = (splitmix64(bs) >> (64 - bits));
        if (r & (1ULL << 40)) arr.push_back(-(int64_t)(mag >> 1));
        else arr.push_back((uint64_t)mag);
    }
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        size_t idx[8]; nlohmann::json old[8];
        for (int c = 0; c < 8; c++) { uint64_t r = splitmix64(s); idx[c] = r % n; old[c] = arr[idx[c]]; arr[idx[c]] = (int64_t)(r >> 1) - (int64_t)(1ULL << 62); }
        if (inputs_only) {
            for (int c = 0; c < 8; c++) digest = mix(digest, idx[c] + (uint64_t)arr[idx[c]].get<int64_t>());
        } else {
            std::string out = arr.dump();
            uint64_t h = out.size(); size_t k = 0;
            for (; k + 8 <= out.size(); k += 8) { uint64_t w; memcpy(&w, out.data() + k, 8); h = (h ^ w) * 0x9E3779B97F4A7C15ULL; }
            for (; k < out.size(); k++) h = h * 31 + (unsigned char)out[k];
            digest = mix(digest, h);
        }
        for (int c = 7; c >= 0; c--) arr[idx[c]] = old[c];
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
