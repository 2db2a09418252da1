#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "solution.cpp"

static uint64_t fnv1a(uint64_t h, uint64_t v) {
    for (int i = 0; i < 8; ++i) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 1099511628211ULL;
    }
    return h;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s ITERATIONS SCALE\n", argv[0]);
        return 2;
    }
    long iterations = std::atol(argv[1]);
    long scale = std::atol(argv[2]);
    if (iterations < 1 || scale < 1) return 2;

    // SCALE x (3/4 SCALE + 5) frame: the odd height leaves clipped edge tiles.
    const size_t width = static_cast<size_t>(scale);
    const size_t height = static_cast<size_t>(scale) * 3 / 4 + 5;
    std::vector<uint8_t> img(width * height);
    uint64_t x = 1234567;
    for (size_t i = 0; i < img.size(); i += 8) {
        // splitmix64, eight pixels at a time
        uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        for (size_t k = i; k < i + 8 && k < img.size(); ++k, z >>= 8)
            img[k] = static_cast<uint8_t>(z);
    }

    uint64_t h = 1469598103934665603ULL;
    uint64_t check = 0;
    for (long it = 0; it < iterations; ++it) {
        std::vector<uint64_t> d = tile_digests(img, width, height, 32);
        uint64_t local = 0;
        for (uint64_t x : d) local ^= x;
        if (it == 0) {
            check = local;
            for (uint64_t x : d) h = fnv1a(h, x);
        } else if (local != check) {
            std::fprintf(stderr, "unstable result\n");
            return 1;
        }
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
