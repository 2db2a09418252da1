// Harness for cpp-march-column-profile: prog ITERATIONS SCALE SEED [inputs].
//
// The base workload is a SCALE x SCALE depth frame with scattered holes
// and a few columns left completely empty. Iteration i profiles the base
// frame with SCALE/128 rows, drawn from SEED + i, replaced by new rows
// (same holes and empty columns); the rows are restored from a pristine
// copy after the call. The whole profile is folded into the digest. With
// `inputs` the frame is changed but never profiled.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "solution.cpp"

static const uint64_t kFnvOffset = 1469598103934665603ULL;

// Folds one 64-bit word into a running FNV-style hash.
static uint64_t fold(uint64_t h, uint64_t v) {
    h = (h ^ v) * 1099511628211ULL;
    return h ^ (h >> 31);
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
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x636f6c756d6e000aULL)) {}
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

// One pixel from 32 random bits: 1 in 8 is a hole (0), columns with
// c % 97 == 5 are always empty.
static uint16_t pixel(size_t c, uint32_t x) {
    if (c % 97 != 5 && (x & 7) != 0)
        return static_cast<uint16_t>(300 + ((x >> 8) % 60000));
    return 0;
}

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

    // SCALE x SCALE frame; a few columns are left completely empty.
    const size_t rows = static_cast<size_t>(scale);
    const size_t cols = static_cast<size_t>(scale);
    std::mt19937 rng(2024);
    std::vector<uint16_t> depth(rows * cols);
    for (size_t r = 0; r < rows; ++r)
        for (size_t c = 0; c < cols; ++c)
            depth[r * cols + c] = pixel(c, rng());
    const std::vector<uint16_t> pristine = depth;

    const size_t changes = rows / 128 > 0 ? rows / 128 : 1;
    std::vector<size_t> changed(changes);
    uint64_t h = kFnvOffset;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's frame: `changes` rows replaced by new ones.
        IterRng ir(seed + it);
        uint64_t made = 0;
        for (size_t& r : changed) {
            r = static_cast<size_t>(ir.below(rows));
            uint16_t* row = depth.data() + r * cols;
            for (size_t c = 0; c < cols; c += 2) {
                uint64_t x = ir.next();
                row[c] = pixel(c, static_cast<uint32_t>(x));
                if (c + 1 < cols)
                    row[c + 1] = pixel(c + 1, static_cast<uint32_t>(x >> 32));
            }
            made = fold(made, r ^ (static_cast<uint64_t>(row[cols / 2]) << 32));
        }

        if (inputs_only) {
            h = fold(h, made);
        } else {
            ColumnProfile p = column_profile(depth, rows, cols);
            for (size_t c = 0; c < cols; ++c) {
                h = fold(h, p.sum[c]);
                h = fold(h, (static_cast<uint64_t>(p.valid[c]) << 16) | p.nearest[c]);
            }
        }

        // Back to the base frame.
        for (size_t r : changed)
            std::copy(pristine.begin() + r * cols, pristine.begin() + (r + 1) * cols, depth.begin() + r * cols);
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
