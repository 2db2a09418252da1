// Harness for nlohmann::basic_json::parser::parse (via basic_json::parse on a string).
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>
#include "json.hpp"

static uint64_t splitmix64(uint64_t &s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static uint64_t mix(uint64_t h, uint64_t v) { h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2); return h * 0x100000001B3ULL; }

static uint64_t walk(const nlohmann::json &j) {
    uint64_t h = (uint64_t)j.type();
    if (j.is_object()) { for (auto it = j.begin(); it != j.end(); ++it) { for (char c : it.key()) h = h * 31 + (unsigned char)c; h = mix(h, walk(it.value())); } }
    else if (j.is_array()) { for (const auto &e : j) h = mix(h, walk(e)); }
    else if (j.is_string()) { for (char c : j.get<std::string>()) h = h * 31 + (unsigned char)c; }
    else if (j.is_number_integer()) h = mix(h, (uint64_t)j.get<int64_t>());
    else if (j.is_number_float()) { double d = j.get<double>(); uint64_t b; memcpy(&b, &d, 8); h = mix(h, b); }
    else if (j.is_boolean()) h = mix(h, j.get<bool>() ? 1 : 2);
    return h;
}

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "inputs") != 0)) {
        fprintf(stderr, "usage: %s ITERATIONS SCALE SEED [inputs]\n", argv[0]);
        return 2;
    }
    long iters = atol(argv[1]); long scale = atol(argv[2]); uint64_t seed = strtoull(argv[3], 0, 10);
    if (iters < 0 || scale < 1) { fprintf(stderr, "bad arguments\n"); return 2; }
    bool inputs_only = argc == 5;
    // base: JSON text of SCALE records {"id":..,"name":"..","tags":[..],"score":..,"ok":..}
    std::string text = "[";
    std::vector<size_t> digitpos;
    uint64_t bs = 1618;
    for (long k = 0; k < scale; k++) {
        if (k) text += ",";
        char buf[256];
        uint64_t r = splitmix64(bs);
        text += "{\"id\":";
        digitpos.push_back(text.size());
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)(1000000 + r % 9000000)); text += buf;
        text += ",\"name\":\"";
        for (int c = 0; c < 6 + (int)(r % 10); c++) text += (char)('a' + splitmix64(bs) % 26);
        text += "\",\"tags\":[";
        for (int t = 0; t < (int)(r >> 8) % 5; t++) { if (t) text += ","; snprintf(buf, sizeof buf, "\"t%u\"", (unsigned)(splitmix64(bs) % 100)); text += buf; }
        snprintf(buf, sizeof buf, "],\"score\":%u.%02u,\"ok\":%s,\"nested\":{\"a\":%u,\"b\":[%u,%u]}}", (unsigned)(r >> 20) % 1000, (unsigned)(r >> 30) % 100,
                 (r >> 40) & 1 ? "true" : "false", (unsigned)(r >> 44) % 100, (unsigned)(r >> 50) % 10, (unsigned)(r >> 54) % 10);
        text += buf;
    }
    text += "]";
    std::string in;
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        in = text;
        for (int c = 0; c < 8; c++) { uint64_t r = splitmix64(s); in[digitpos[r % digitpos.size()]] = (char)('1' + (r >> 40) % 9); }
        if (inputs_only) {
            uint64_t h = in.size(); for (size_t k = 0; k < digitpos.size(); k++) h = h * 31 + (unsigned char)in[digitpos[k]];
            digest = mix(digest, h);
            continue;
        }
        nlohmann::json j = nlohmann::json::parse(in);
        digest = mix(digest, walk(j));
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
