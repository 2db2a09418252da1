// Harness for tinyxml2::XMLElement::ParseAttributes (via XMLDocument::Parse on elements with many attributes).
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <string>
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
    // base: <root> with 4 <e> elements, each carrying SCALE distinct attributes a<k>="<letters>"
    std::string xml = "<root>";
    std::vector<size_t> valpos;
    uint64_t bs = 1414;
    for (int e = 0; e < 4; e++) {
        xml += "<e";
        for (long k = 0; k < scale; k++) {
            char nm[32]; snprintf(nm, sizeof nm, " a%ld=\"", k); xml += nm;
            int L = 1 + (int)(splitmix64(bs) % 6);
            for (int c = 0; c < L; c++) { valpos.push_back(xml.size()); xml += (char)('a' + splitmix64(bs) % 26); }
            xml += "\"";
        }
        xml += "/>";
    }
    xml += "</root>";
    std::string buf;
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        buf = xml;
        for (int c = 0; c < 8; c++) { uint64_t r = splitmix64(s); buf[valpos[r % valpos.size()]] = (char)('A' + (r >> 40) % 26); }
        if (inputs_only) {
            uint64_t h = 0; for (size_t k = 0; k < valpos.size(); k += 7) h = h * 31 + (unsigned char)buf[valpos[k]];
            digest = mix(digest, h ^ buf.size());
            continue;
        }
        tinyxml2::XMLDocument doc;
        int err = doc.Parse(buf.c_str());
        uint64_t h = (uint64_t)err;
        const tinyxml2::XMLElement *root = doc.FirstChildElement();
        for (const tinyxml2::XMLElement *e = root ? root->FirstChildElement() : 0; e; e = e->NextSiblingElement()) {
            uint64_t cnt = 0;
            for (const tinyxml2::XMLAttribute *a = e->FirstAttribute(); a; a = a->Next()) {
                const char *v = a->Value(); uint64_t hv = 0;
                for (; *v; v++) hv = hv * 31 + (unsigned char)*v;
                h = mix(h, hv + cnt); cnt++;
            }
            h = mix(h, cnt);
        }
        digest = mix(digest, h);
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
