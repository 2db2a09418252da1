// Harness for cpp-mem-weights-copy: prog ITERATIONS SCALE SEED [inputs].
//
// The base workload is a 4096-weight linear model and SCALE candidates
// with 4-15 sparse features each. Iteration i scores the base candidates
// against the base model with 8 weights and SCALE/256 candidate feature
// values, drawn from SEED + i, changed; the change is made in place and
// undone after the call. Every score is folded into the digest. With
// `inputs` the model and candidates are changed but nothing is scored.
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
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x776569676874000bULL)) {}
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
    size_t cand, feature;
    int32_t old;
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

    std::mt19937 rng(31337);
    LinearModel model;
    model.name = "ctr-linear-2024-06-prod-shard-eu-west";
    model.weights.resize(4096);
    for (int32_t& w : model.weights) w = static_cast<int32_t>(rng() % 4001) - 2000;
    model.bias = 512;

    std::vector<Candidate> cands(static_cast<size_t>(scale));
    for (size_t i = 0; i < cands.size(); ++i) {
        Candidate& c = cands[i];
        c.item_id = (static_cast<uint64_t>(rng()) << 32) | rng();
        size_t nf = 4 + rng() % 12;
        for (size_t k = 0; k < nf; ++k) {
            c.features.push_back(rng());
            c.values.push_back(static_cast<int32_t>(rng() % 2048));
        }
    }

    const size_t weight_changes = 8;
    const size_t changes = cands.size() / 256 > 0 ? cands.size() / 256 : 1;
    std::vector<Undo> undo_weights(weight_changes), undo(changes);
    uint64_t h = kFnvOffset;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's model and candidates: a few retrained weights
        // and `changes` feature values updated.
        IterRng ir(seed + it);
        uint64_t made = 0;
        for (Undo& u : undo_weights) {
            u.feature = static_cast<size_t>(ir.below(model.weights.size()));
            u.old = model.weights[u.feature];
            model.weights[u.feature] = static_cast<int32_t>(ir.below(4001)) - 2000;
            made = fold(made, u.feature ^ (static_cast<uint64_t>(model.weights[u.feature]) << 32));
        }
        for (Undo& u : undo) {
            u.cand = static_cast<size_t>(ir.below(cands.size()));
            std::vector<int32_t>& values = cands[u.cand].values;
            u.feature = static_cast<size_t>(ir.below(values.size()));
            u.old = values[u.feature];
            values[u.feature] = static_cast<int32_t>(ir.below(2048));
            made = fold(made, u.cand ^ (static_cast<uint64_t>(values[u.feature]) << 40));
        }

        if (inputs_only) {
            h = fold(h, made);
        } else {
            std::vector<Scored> out = score_candidates(cands, model);
            h = fold_words(h, out.size(), [&](size_t i) {
                return out[i].item_id ^ (static_cast<uint64_t>(out[i].score) * 0x2545f4914f6cdd1dULL);
            });
        }

        // Back to the base workload, last change first.
        for (size_t k = undo.size(); k-- > 0;)
            cands[undo[k].cand].values[undo[k].feature] = undo[k].old;
        for (size_t k = undo_weights.size(); k-- > 0;)
            model.weights[undo_weights[k].feature] = undo_weights[k].old;
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
