// Harness for stb_image_write stbiw__write_pixel / stbiw__write_pixels (via stbi_write_bmp_to_func).
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <vector>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include "stb_image_write.h"

static uint64_t splitmix64(uint64_t &s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static uint64_t mix(uint64_t h, uint64_t v) { h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2); return h * 0x100000001B3ULL; }

// sink: append to a growable byte vector, like writing to a stream
static void sink(void *ctx, void *data, int size) {
    std::vector<unsigned char> *v = (std::vector<unsigned char> *)ctx;
    v->insert(v->end(), (unsigned char *)data, (unsigned char *)data + size);
}

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "inputs") != 0)) {
        fprintf(stderr, "usage: %s ITERATIONS SCALE SEED [inputs]\n", argv[0]);
        return 2;
    }
    long iters = atol(argv[1]); long scale = atol(argv[2]); uint64_t seed = strtoull(argv[3], 0, 10);
    if (iters < 0 || scale < 1) { fprintf(stderr, "bad arguments\n"); return 2; }
    bool inputs_only = argc == 5;
    // base: a SCALE x SCALE RGB image with a smooth gradient plus noise
    int w = (int)scale, h = (int)scale, comp = 3;
    size_t sz = (size_t)w * h * comp;
    std::vector<unsigned char> base(sz), img(sz);
    uint64_t bs = 555;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned char *p = &base[((size_t)y * w + x) * comp];
            uint64_t r = splitmix64(bs);
            p[0] = (unsigned char)(x * 255 / w + (r & 7)); p[1] = (unsigned char)(y * 255 / h + ((r >> 3) & 7)); p[2] = (unsigned char)(r >> 16);
        }
    std::vector<unsigned char> out;
    out.reserve(sz + 1024);
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        memcpy(img.data(), base.data(), sz);
        for (int c = 0; c < 32; c++) { uint64_t r = splitmix64(s); img[r % sz] = (unsigned char)(r >> 56); }
        if (inputs_only) {
            uint64_t hh = 0; for (size_t k = 0; k < sz; k += 7) hh = hh * 31 + img[k];
            digest = mix(digest, hh);
            continue;
        }
        out.clear();
        int ok = stbi_write_bmp_to_func(sink, &out, w, h, comp, img.data());
        uint64_t hh = (uint64_t)ok * 1000003 + out.size();
        size_t k = 0;
        for (; k + 8 <= out.size(); k += 8) { uint64_t wv; memcpy(&wv, &out[k], 8); hh = (hh ^ wv) * 0x9E3779B97F4A7C15ULL; }
        for (; k < out.size(); k++) hh = hh * 1099511628211ULL + out[k];
        digest = mix(digest, hh);
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
