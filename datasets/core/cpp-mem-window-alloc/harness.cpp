// Harness for cpp-mem-window-alloc: prog ITERATIONS SCALE SEED [inputs].
//
// The base workload is a trace of SCALE samples: a slowly drifting signal
// with noise and occasional spikes. Iteration i filters (radius 2) the
// base trace with SCALE/256 samples, drawn from SEED + i, hit by new
// spikes; the change is made in place and undone after the call. The
// whole filtered trace is folded into the digest. With `inputs` the trace
// is changed but never filtered.
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
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x6d656469616e000cULL)) {}
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

struct Undo {
    size_t index;
    int32_t old;
};

int main(int argc, char** argv) {
    uint64_t iterations = 0, scale = 0, seed = 0;
    if (argc < 4 || argc > 5 || !parse_number(argv[1], iterations) || !parse_number(argv[2], scale) ||
        !parse_number(argv[3], seed) || iterations < 1 || scale < 1 || scale > (1ULL << 34))
        return usage(argv[0]);
    bool inputs_only = false;
    if (argc == 5) {
        if (std::strcmp(argv[4], "inputs") != 0)
            return usage(argv[0]);
        inputs_only = true;
    }

    // A slowly drifting signal with noise and occasional spikes.
    std::mt19937 rng(4242);
    std::vector<int32_t> samples(static_cast<size_t>(scale));
    int32_t level = 1000;
    for (size_t i = 0; i < samples.size(); ++i) {
        uint32_t r = rng();
        level += static_cast<int32_t>(r % 7) - 3;
        int32_t v = level + static_cast<int32_t>((r >> 8) % 41) - 20;
        if ((r >> 20) % 64 == 0) v += static_cast<int32_t>((r >> 12) % 5000) - 2500;
        samples[i] = v;
    }

    const size_t n = samples.size();
    const size_t changes = n / 256 > 0 ? n / 256 : 1;
    std::vector<Undo> undo(changes);
    uint64_t h = kFnvOffset;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's trace: `changes` samples hit by a new spike.
        IterRng ir(seed + it);
        uint64_t made = 0;
        for (Undo& u : undo) {
            u.index = static_cast<size_t>(ir.below(n));
            u.old = samples[u.index];
            samples[u.index] += static_cast<int32_t>(ir.below(5001)) - 2500;
            made = fold(made, u.index ^ (static_cast<uint64_t>(static_cast<uint32_t>(samples[u.index])) << 40));
        }

        if (inputs_only) {
            h = fold(h, made);
        } else {
            std::vector<int32_t> out = median_filter(samples, 2);
            const size_t m = out.size();
            h = fold_words(h, (m + 1) / 2, [&](size_t w) {
                uint64_t hi = 2 * w + 1 < m ? static_cast<uint32_t>(out[2 * w + 1]) : 0xffffffffULL;
                return (hi << 32) | static_cast<uint32_t>(out[2 * w]);
            });
        }

        // Back to the base trace, last change first.
        for (size_t k = changes; k-- > 0;)
            samples[undo[k].index] = undo[k].old;
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
