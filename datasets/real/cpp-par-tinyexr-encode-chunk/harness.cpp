// perfcon harness for tinyexr's EncodeChunk, reached through
// SaveEXRImageToMemory on a ZIP-compressed scanline image.
// usage: prog ITERATIONS SCALE SEED [inputs]
// SCALE is the image height in scanlines (width fixed at 512, RGB float).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
#define TINYEXR_IMPLEMENTATION
#include "tinyexr.h"

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
    long iters = atol(argv[1]);
    long scale = atol(argv[2]);
    uint64_t seed = strtoull(argv[3], 0, 10);
    if (iters < 0 || scale < 1) { fprintf(stderr, "bad arguments\n"); return 2; }
    bool inputs_only = argc == 5;

    // base: a 512 x SCALE RGB float image, smooth gradients plus a little noise
    const int W = 512, H = (int)scale, C = 3;
    size_t npix = (size_t)W * H;
    std::vector<std::vector<float> > planes(C, std::vector<float>(npix));
    uint64_t bs = 0xe7a1;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            size_t k = (size_t)y * W + x;
            uint64_t r = splitmix64(bs);
            planes[0][k] = (float)x / W + (float)(r & 0xff) * (1.0f / 4096);
            planes[1][k] = (float)(y % 1024) / 1024 + (float)((r >> 8) & 0xff) * (1.0f / 4096);
            planes[2][k] = 0.5f + 0.25f * (float)((x ^ y) & 63) / 64 + (float)((r >> 16) & 0xff) * (1.0f / 4096);
        }
    // EXR wants the channels in B, G, R order
    unsigned char *chans[3] = {(unsigned char *)planes[2].data(), (unsigned char *)planes[1].data(),
                               (unsigned char *)planes[0].data()};

    EXRHeader header;
    InitEXRHeader(&header);
    EXRImage image;
    InitEXRImage(&image);
    image.num_channels = C;
    image.images = chans;
    image.width = W;
    image.height = H;
    header.num_channels = C;
    header.compression_type = TINYEXR_COMPRESSIONTYPE_ZIP;
    EXRChannelInfo infos[3];
    memset(infos, 0, sizeof(infos));
    strcpy(infos[0].name, "B"); strcpy(infos[1].name, "G"); strcpy(infos[2].name, "R");
    header.channels = infos;
    int ptypes[3] = {TINYEXR_PIXELTYPE_FLOAT, TINYEXR_PIXELTYPE_FLOAT, TINYEXR_PIXELTYPE_FLOAT};
    int rtypes[3] = {TINYEXR_PIXELTYPE_HALF, TINYEXR_PIXELTYPE_HALF, TINYEXR_PIXELTYPE_HALF};
    header.pixel_types = ptypes;
    header.requested_pixel_types = rtypes;

    const int NCHG = 64;
    size_t where[NCHG]; float saved[NCHG]; int plane[NCHG];
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        // this iteration's input: the base image with 64 pixels changed (from SEED+i)
        uint64_t s = seed + (uint64_t)i;
        for (int c = 0; c < NCHG; c++) {
            uint64_t r = splitmix64(s);
            plane[c] = (int)(r % 3);
            where[c] = (size_t)((r >> 8) % npix);
            saved[c] = planes[plane[c]][where[c]];
            planes[plane[c]][where[c]] = (float)((r >> 40) & 0xffff) * (1.0f / 8192);
        }
        if (inputs_only) {
            for (int c = 0; c < NCHG; c++) { uint32_t b; memcpy(&b, &planes[plane[c]][where[c]], 4); digest = mix(digest, b ^ where[c]); }
        } else {
            unsigned char *mem = NULL;
            const char *err = NULL;
            size_t n = SaveEXRImageToMemory(&image, &header, &mem, &err);
            if (n == 0) { fprintf(stderr, "save failed: %s\n", err ? err : "?"); return 1; }
            uint64_t hh = (uint64_t)n;
            size_t k = 0;
            for (; k + 8 <= n; k += 8) { uint64_t wv; memcpy(&wv, mem + k, 8); hh = (hh ^ wv) * 0x9E3779B97F4A7C15ULL; }
            for (; k < n; k++) hh = hh * 1099511628211ULL + mem[k];
            free(mem);
            digest = mix(digest, hh);
        }
        // restore the base (undo in reverse, in case a pixel was hit twice)
        for (int c = NCHG - 1; c >= 0; c--) planes[plane[c]][where[c]] = saved[c];
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
