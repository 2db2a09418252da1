// Harness for cpp-algo-dedupe-events: prog ITERATIONS SCALE SEED [inputs].
//
// The base batch holds SCALE events, about 30% of them retransmits of an
// earlier event. Iteration i deduplicates a copy of it in which SCALE/64
// events, drawn from SEED + i, are replaced by fresh events or by new
// retransmits, and folds the kept events into the digest. With `inputs`
// the batches are made but dedupe_events() is never called.
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
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x6465647570650001ULL)) {}
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

    std::mt19937 rng(12345);
    std::vector<Event> base;
    base.reserve(static_cast<size_t>(scale));
    for (uint64_t i = 0; i < scale; ++i) {
        uint32_t r = rng();
        if (i > 0 && r % 10 < 3) {
            Event e = base[rng() % static_cast<uint32_t>(i)];
            e.value = static_cast<int64_t>(rng() % 1000000);
            base.push_back(e);
        } else {
            Event e;
            e.source = rng() % 64;
            e.seq = rng() % 50000;
            e.value = static_cast<int64_t>(rng() % 1000000);
            base.push_back(e);
        }
    }

    const size_t n = base.size();
    const size_t changes = n / 64 > 0 ? n / 64 : 1;
    std::vector<Event> batch;
    uint64_t h = kFnvOffset;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's batch: the base with `changes` events replaced,
        // each by a fresh event or by a retransmit of an earlier one.
        IterRng ir(seed + it);
        batch = base;
        uint64_t made = 0;
        for (size_t k = 0; k < changes; ++k) {
            size_t p = static_cast<size_t>(ir.below(n));
            uint64_t r = ir.next();
            Event e;
            if (p > 0 && (r & 3) == 0) {
                e = batch[static_cast<size_t>((r >> 8) % p)];
            } else {
                e.source = static_cast<uint32_t>((r >> 8) % 64);
                e.seq = static_cast<uint32_t>((r >> 16) % 50000);
            }
            e.value = static_cast<int64_t>((r >> 40) % 1000000);
            batch[p] = e;
            made = fold(made, (static_cast<uint64_t>(p) << 40) ^ (static_cast<uint64_t>(e.source) << 32) ^ e.seq);
        }
        if (inputs_only) {
            h = fold(h, made ^ static_cast<uint64_t>(batch[n / 2].value));
            continue;
        }
        std::vector<Event> out = dedupe_events(batch);
        h = fold_words(h, out.size(), [&](size_t i) {
            const Event& e = out[i];
            return ((static_cast<uint64_t>(e.source) << 32) | e.seq) ^ (static_cast<uint64_t>(e.value) * 0x2545f4914f6cdd1dULL);
        });
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
