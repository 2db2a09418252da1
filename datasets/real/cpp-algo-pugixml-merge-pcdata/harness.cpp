// Harness for pugi::impl::xml_parser::parse_tree with parse_merge_pcdata (via xml_document::load_buffer).
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
    // base: a few elements, each holding SCALE/4 text fragments separated by comments (which merge into one PCDATA)
    std::string xml = "<root>";
    std::vector<size_t> textpos;
    uint64_t bs = 77;
    for (int e = 0; e < 4; e++) {
        xml += "<p>";
        for (long k = 0; k < scale / 4 + 1; k++) {
            int L = 4 + (int)(splitmix64(bs) % 12);
            for (int c = 0; c < L; c++) { textpos.push_back(xml.size()); xml += (char)('a' + splitmix64(bs) % 26); }
            xml += "<!-- c -->";
        }
        xml += "tail</p>";
    }
    xml += "</root>";
    std::string buf;
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        buf = xml;
        for (int c = 0; c < 8; c++) { uint64_t r = splitmix64(s); buf[textpos[r % textpos.size()]] = (char)('A' + (r >> 40) % 26); }
        if (inputs_only) {
            uint64_t h = 0; for (size_t k = 0; k < buf.size(); k += 3) h = h * 31 + (unsigned char)buf[k];
            digest = mix(digest, h);
            continue;
        }
        pugi::xml_document doc;
        pugi::xml_parse_result res = doc.load_buffer(buf.data(), buf.size(), pugi::parse_default | pugi::parse_merge_pcdata);
        uint64_t h = (uint64_t)res.status;
        for (pugi::xml_node p = doc.first_child().first_child(); p; p = p.next_sibling()) {
            const char *t = p.child_value();
            size_t len = strlen(t);
            h = mix(h, len);
            for (size_t k = 0; k < len; k++) h = h * 1099511628211ULL + (unsigned char)t[k];
        }
        digest = mix(digest, h);
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
