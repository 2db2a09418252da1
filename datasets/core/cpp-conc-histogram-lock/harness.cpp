// Harness for cpp-conc-histogram-lock: prog ITERATIONS SCALE SEED [inputs].
//
// The base workload is SCALE long-tailed latency samples. Iteration i
// builds the histogram, on 4 workers, of the base samples with SCALE/512
// of them, drawn from SEED + i, replaced by new latencies; the change is
// made in place and undone after the call. The whole histogram is folded
// into the digest. With `inputs` the samples are changed but no histogram
// is built.
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
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x686973746f670005ULL)) {}
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

// Long-tailed latencies: mostly hundreds of microseconds, some seconds.
static uint32_t latency(uint32_t r) {
    unsigned shift = (r & 0xff) < 200 ? 10 : ((r & 0xff) < 250 ? 16 : 22);
    return (r >> 8) & ((1u << shift) - 1);
}

struct Undo {
    size_t index;
    uint32_t old;
};

int main(int argc, char** argv) {
    uint64_t iterations = 0, scale = 0, seed = 0;
    if (argc < 4 || argc > 5 || !parse_number(argv[1], iterations) || !parse_number(argv[2], scale) ||
        !parse_number(argv[3], seed) || iterations < 1 || scale < 1 || scale > (1ULL << 36))
        return usage(argv[0]);
    bool inputs_only = false;
    if (argc == 5) {
        if (std::strcmp(argv[4], "inputs") != 0)
            return usage(argv[0]);
        inputs_only = true;
    }

    std::mt19937 rng(8080);
    std::vector<uint32_t> samples(static_cast<size_t>(scale));
    for (uint32_t& s : samples) s = latency(rng());

    const size_t n = samples.size();
    const size_t changes = n / 512 > 0 ? n / 512 : 1;
    std::vector<Undo> undo(changes);
    uint64_t h = kFnvOffset;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's samples: `changes` of them replaced.
        IterRng ir(seed + it);
        uint64_t made = 0;
        for (size_t k = 0; k < changes; ++k) {
            size_t i = static_cast<size_t>(ir.below(n));
            undo[k] = Undo{i, samples[i]};
            samples[i] = latency(static_cast<uint32_t>(ir.next()));
            made += samples[i];
        }

        if (inputs_only) {
            h = fold(h, made);
        } else {
            Histogram hist = latency_histogram(samples, 4);
            for (unsigned b = 0; b < 32; ++b) h = fold(h, hist.buckets[b]);
            h = fold(h, hist.count);
            h = fold(h, hist.total_us);
            h = fold(h, hist.max_us);
        }

        // Back to the base samples, last change first.
        for (size_t k = changes; k-- > 0;)
            samples[undo[k].index] = undo[k].old;
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
