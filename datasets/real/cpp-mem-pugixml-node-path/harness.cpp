// Harness for pugi::xml_node::path on a deep element chain.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>
#include "pugixml.hpp"

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
    // base: a chain of SCALE nested elements with names of 4..12 chars
    pugi::xml_document doc;
    std::vector<pugi::xml_node> chain;
    std::vector<std::string> names;
    uint64_t bs = 99;
    pugi::xml_node cur = doc;
    for (long k = 0; k < scale; k++) {
        std::string nm = "n";
        int L = 3 + (int)(splitmix64(bs) % 9);
        for (int c = 0; c < L; c++) nm += (char)('a' + splitmix64(bs) % 26);
        names.push_back(nm);
        cur = cur.append_child(nm.c_str());
        chain.push_back(cur);
    }
    uint64_t digest = 1469598103934665603ULL;
    std::vector<long> changed;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        // restore the names touched by the previous iteration, then rename a few nodes
        for (long idx : changed) chain[idx].set_name(names[idx].c_str());
        changed.clear();
        for (int c = 0; c < 4; c++) {
            uint64_t r = splitmix64(s);
            long idx = (long)(r % (uint64_t)scale);
            char nm[16]; snprintf(nm, sizeof nm, "x%u", (unsigned)(r >> 40));
            chain[idx].set_name(nm);
            changed.push_back(idx);
        }
        // the node asked for: one of the deepest few
        pugi::xml_node target = chain[scale - 1 - (long)(splitmix64(s) % (uint64_t)(scale < 8 ? 1 : 8))];
        if (inputs_only) {
            digest = mix(digest, (uint64_t)strlen(target.name()));
            for (long idx : changed) digest = mix(digest, (uint64_t)idx * 131 + strlen(chain[idx].name()));
            continue;
        }
        std::string p = target.path('/');
        uint64_t h = p.size();
        for (unsigned char ch : p) h = h * 1099511628211ULL + ch;
        digest = mix(digest, h);
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
