// Harness for cpp-algo-kway-merge: prog ITERATIONS SCALE SEED [inputs].
//
// The base workload is 12 sorted shard runs of uneven length (one empty),
// SCALE samples in all, with coarse timestamps so ties are common.
// Iteration i merges the base with a change drawn from SEED + i: one run's
// timestamps shifted by a small offset (which moves it against the others)
// and SCALE/4096 samples given a new series and value. The change is made
// in place and undone after the call. Every merged sample is folded into
// the digest. With `inputs` the runs are changed but never merged.
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

// Folds the merged stream into h. It is tens of megabytes, so hashing it
// must keep up with memory: samples are read four at a time, their words
// combined with additions and position-keyed xors, and each block of four
// costs one multiply.
static uint64_t fold_samples(uint64_t h, const std::vector<Sample>& v) {
    const size_t n = v.size();
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        uint64_t sum = 0, x = 0;
        for (size_t k = 0; k < 4; ++k) {
            const Sample& s = v[i + k];
            uint64_t w = (static_cast<uint64_t>(s.series) << 32) | static_cast<uint32_t>(s.value);
            sum += s.ts + w * 0x9e3779b97f4a7c15ULL;
            x ^= (s.ts ^ w) + k * 0xc2b2ae3d27d4eb4fULL;
        }
        h = ((h ^ sum) * 1099511628211ULL) ^ x;
    }
    for (; i < n; ++i) {
        h = fold(h, v[i].ts);
        h = fold(h, (static_cast<uint64_t>(v[i].series) << 32) | static_cast<uint32_t>(v[i].value));
    }
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
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x6b7761796d650002ULL)) {}
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
    size_t run, index;
    Sample old;
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

    // 12 shard runs of uneven length (one empty), SCALE samples in all;
    // coarse timestamps so ties across and within runs are common.
    const size_t shards = 12;
    std::mt19937 rng(271828);
    std::vector<std::vector<Sample>> runs(shards);
    std::vector<uint64_t> clock(shards, 1700000000000ULL);
    for (uint64_t i = 0; i < scale; ++i) {
        uint32_t r = rng();
        size_t s = (r % 23) % shards;
        if (s == 7) s = 3;  // shard 7 stays empty
        clock[s] += (r >> 8) % 4;
        runs[s].push_back(Sample{clock[s], static_cast<uint32_t>(rng() % 5000), static_cast<int32_t>(rng() % 200001) - 100000});
    }
    std::vector<size_t> nonempty;
    for (size_t s = 0; s < shards; ++s)
        if (!runs[s].empty())
            nonempty.push_back(s);

    const size_t changes = scale / 4096 > 0 ? static_cast<size_t>(scale / 4096) : 1;
    std::vector<Undo> undo;
    undo.reserve(changes);
    uint64_t h = kFnvOffset;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's runs: one run shifted by -64..+64 ms (never 0),
        // and `changes` samples with a new series and value.
        IterRng ir(seed + it);
        std::vector<Sample>& shifted = runs[nonempty[ir.below(nonempty.size())]];
        uint64_t delta = 1 + ir.below(64);
        bool later = ir.next() & 1;
        for (Sample& s : shifted)
            s.ts = later ? s.ts + delta : s.ts - delta;
        undo.clear();
        uint64_t made = fold(delta, later);
        for (size_t k = 0; k < changes; ++k) {
            size_t run = nonempty[ir.below(nonempty.size())];
            size_t index = static_cast<size_t>(ir.below(runs[run].size()));
            Sample& s = runs[run][index];
            undo.push_back(Undo{run, index, s});
            uint64_t r = ir.next();
            s.series = static_cast<uint32_t>(r % 5000);
            s.value = static_cast<int32_t>((r >> 32) % 200001) - 100000;
            made = fold(made, s.ts ^ (static_cast<uint64_t>(s.series) << 32) ^ static_cast<uint32_t>(s.value));
        }

        if (inputs_only) {
            h = fold(h, made ^ shifted.back().ts);
        } else {
            std::vector<Sample> out = merge_runs(runs);
            h = fold_samples(h, out);
        }

        // Back to the base workload.
        for (size_t k = undo.size(); k-- > 0;)
            runs[undo[k].run][undo[k].index] = undo[k].old;
        for (Sample& s : shifted)
            s.ts = later ? s.ts - delta : s.ts + delta;
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
