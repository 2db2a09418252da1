// Harness for cpp-par-tile-digests: prog ITERATIONS SCALE SEED [inputs].
//
// The base workload is a SCALE x (3/4 SCALE + 5) 8-bit frame of random
// pixels; the odd height leaves clipped edge tiles. Iteration i digests
// the 32x32 tiles of the base frame with one pixel in 16384, drawn from
// SEED + i, changed (as the next frame of a stream would differ); the
// pixels are changed in place and restored after the call. Every tile
// digest is folded into the digest. With `inputs` the frames are changed
// but never digested.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "solution.cpp"

static const uint64_t kFnvOffset = 1469598103934665603ULL;

// Folds one 64-bit word into a running FNV-style hash.
static uint64_t fold(uint64_t h, uint64_t v) {
    h = (h ^ v) * 1099511628211ULL;
    return h ^ (h >> 31);
}

// Folds n words, word(0) .. word(n-1), into h on four independent lanes,
// so hashing a large result runs at the multiplier's throughput.
template <class Word>
static uint64_t fold_words(uint64_t h, size_t n, Word word) {
    uint64_t lane[4] = {h, h ^ 0x9e3779b97f4a7c15ULL, h ^ 0xc2b2ae3d27d4eb4fULL, h ^ 0x165667b19e3779f9ULL};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (size_t k = 0; k < 4; ++k)
            lane[k] = (lane[k] ^ word(i + k)) * 1099511628211ULL;
    for (; i < n; ++i)
        lane[0] = (lane[0] ^ word(i)) * 1099511628211ULL;
    for (uint64_t l : lane)
        h = fold(h, l);
    return fold(h, n);
}

static uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// splitmix64 seeded from SEED + i alone: iteration i of seed s draws
// exactly what iteration i-1 of seed s+1 draws.
struct IterRng {
    uint64_t state;
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x74696c6564670010ULL)) {}
    uint64_t next() { return mix64(state += 0x9e3779b97f4a7c15ULL); }
    uint64_t below(uint64_t n) { return next() % n; }
};

static bool parse_number(const char* s, uint64_t& out) {
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    out = v;
    return true;
}

static int usage(const char* prog) {
    std::fprintf(stderr, "usage: %s ITERATIONS SCALE SEED [inputs]\n", prog);
    return 2;
}

struct Flip {
    size_t index;
    uint8_t mask;
};

int main(int argc, char** argv) {
    uint64_t iterations = 0, scale = 0, seed = 0;
    if (argc < 4 || argc > 5 || !parse_number(argv[1], iterations) || !parse_number(argv[2], scale) ||
        !parse_number(argv[3], seed) || iterations < 1 || scale < 1 || scale > (1ULL << 18))
        return usage(argv[0]);
    bool inputs_only = false;
    if (argc == 5) {
        if (std::strcmp(argv[4], "inputs") != 0)
            return usage(argv[0]);
        inputs_only = true;
    }

    // SCALE x (3/4 SCALE + 5) frame: the odd height leaves clipped edge tiles.
    const size_t width = static_cast<size_t>(scale);
    const size_t height = static_cast<size_t>(scale) * 3 / 4 + 5;
    std::vector<uint8_t> img(width * height);
    uint64_t x = 1234567;
    for (size_t i = 0; i < img.size(); i += 8) {
        // splitmix64, eight pixels at a time
        uint64_t z = mix64(x += 0x9e3779b97f4a7c15ULL);
        for (size_t k = i; k < i + 8 && k < img.size(); ++k, z >>= 8)
            img[k] = static_cast<uint8_t>(z);
    }

    const size_t n = img.size();
    const size_t changes = n / 16384 > 0 ? n / 16384 : 1;
    std::vector<Flip> flips(changes);
    uint64_t h = kFnvOffset;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's frame: `changes` pixels xor-ed with a non-zero mask.
        IterRng ir(seed + it);
        uint64_t made = 0;
        for (Flip& f : flips) {
            uint64_t r = ir.next();
            f.index = static_cast<size_t>((r >> 8) % n);
            f.mask = static_cast<uint8_t>(1 + r % 255);
            img[f.index] ^= f.mask;
            made += img[f.index] ^ f.index;
        }

        if (inputs_only) {
            h = fold(h, made);
        } else {
            std::vector<uint64_t> d = tile_digests(img, width, height, 32);
            h = fold_words(h, d.size(), [&](size_t i) { return d[i]; });
        }

        // Back to the base frame: xor-ing the same masks again undoes them.
        for (const Flip& f : flips)
            img[f.index] ^= f.mask;
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
