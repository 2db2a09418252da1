// Harness for cpp-conc-queue-batching: prog ITERATIONS SCALE SEED [inputs].
//
// The base workload is SCALE blocks of 64 random bytes plus a short tail
// block. Iteration i checksums, on 4 workers, the base data with SCALE/64
// bytes, drawn from SEED + i, flipped; the flips are made in place and
// undone after the call. The checksum total is folded into the digest.
// With `inputs` the data is changed but never checksummed.
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
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x717565756b620006ULL)) {}
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
        !parse_number(argv[3], seed) || iterations < 1 || scale < 1 || scale > (1ULL << 32))
        return usage(argv[0]);
    bool inputs_only = false;
    if (argc == 5) {
        if (std::strcmp(argv[4], "inputs") != 0)
            return usage(argv[0]);
        inputs_only = true;
    }

    // SCALE blocks of 64 bytes, plus a short tail block.
    const size_t block_size = 64;
    std::mt19937 rng(5150);
    std::vector<uint8_t> data(static_cast<size_t>(scale) * block_size + 17);
    for (uint8_t& b : data) b = static_cast<uint8_t>(rng() >> 24);

    const size_t n = data.size();
    const size_t changes = static_cast<size_t>(scale / 64 > 0 ? scale / 64 : 1);
    std::vector<Flip> flips(changes);
    uint64_t h = kFnvOffset;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's data: `changes` bytes xor-ed with a non-zero mask.
        IterRng ir(seed + it);
        uint64_t made = 0;
        for (Flip& f : flips) {
            uint64_t r = ir.next();
            f.index = static_cast<size_t>((r >> 8) % n);
            f.mask = static_cast<uint8_t>(1 + r % 255);
            data[f.index] ^= f.mask;
            made += data[f.index];
        }

        if (inputs_only) {
            h = fold(h, made);
        } else {
            h = fold(h, checksum_blocks(data, block_size, 4));
        }

        // Back to the base data: xor-ing the same masks again undoes them.
        for (const Flip& f : flips)
            data[f.index] ^= f.mask;
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
