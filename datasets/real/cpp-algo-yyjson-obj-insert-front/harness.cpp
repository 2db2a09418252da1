// Harness for yyjson_mut_obj_insert (inserting every key at index 0).
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <vector>
#include <string>
#include "yyjson.h"

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
    // base: SCALE keys "k<n>" and values
    size_t n = (size_t)scale;
    std::vector<std::string> keys(n);
    std::vector<uint64_t> base(n), vals(n);
    uint64_t bs = 8080;
    for (size_t k = 0; k < n; k++) { keys[k] = "k" + std::to_string(k); base[k] = splitmix64(bs) % 1000000; }
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        vals = base;
        for (int c = 0; c < 8; c++) { uint64_t r = splitmix64(s); vals[r % n] = r >> 40; }
        if (inputs_only) {
            for (size_t k = 0; k < n; k++) digest = mix(digest, vals[k]);
            continue;
        }
        yyjson_mut_doc *doc = yyjson_mut_doc_new(NULL);
        yyjson_mut_val *obj = yyjson_mut_obj(doc);
        yyjson_mut_doc_set_root(doc, obj);
        for (size_t k = 0; k < n; k++) {
            yyjson_mut_val *key = yyjson_mut_strn(doc, keys[k].data(), keys[k].size());
            yyjson_mut_val *val = yyjson_mut_uint(doc, vals[k]);
            if (!yyjson_mut_obj_insert(obj, key, val, 0)) { fprintf(stderr, "insert failed\n"); return 1; }
        }
        size_t len = 0;
        char *json = yyjson_mut_write(doc, 0, &len);
        uint64_t h = len;
        for (size_t k = 0; k < len; k++) h = h * 1099511628211ULL + (unsigned char)json[k];
        digest = mix(digest, h);
        free(json);
        yyjson_mut_doc_free(doc);
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
