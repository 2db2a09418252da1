#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
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

    uint64_t h = 1469598103934665603ULL;
    int64_t check = 0;
    for (long it = 0; it < iterations; ++it) {
        std::vector<Scored> out = score_candidates(cands, model);
        int64_t local = 0;
        for (const Scored& s : out) local += s.score;
        if (it == 0) {
            check = local;
            for (const Scored& s : out) {
                h = fnv1a(h, s.item_id);
                h = fnv1a(h, static_cast<uint64_t>(s.score));
            }
        } else if (local != check) {
            std::fprintf(stderr, "unstable result\n");
            return 1;
        }
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
