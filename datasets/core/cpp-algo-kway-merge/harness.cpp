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

    // 12 shard runs of uneven length (one empty), SCALE samples in all;
    // coarse timestamps so ties across and within runs are common.
    const size_t shards = 12;
    std::mt19937 rng(271828);
    std::vector<std::vector<Sample>> runs(shards);
    std::vector<uint64_t> clock(shards, 1700000000000ULL);
    for (long i = 0; i < scale; ++i) {
        uint32_t r = rng();
        size_t s = (r % 23) % shards;
        if (s == 7) s = 3;  // shard 7 stays empty
        clock[s] += (r >> 8) % 4;
        runs[s].push_back(Sample{clock[s], static_cast<uint32_t>(rng() % 5000), static_cast<int32_t>(rng() % 200001) - 100000});
    }

    uint64_t h = 1469598103934665603ULL;
    uint64_t check = 0;
    for (long it = 0; it < iterations; ++it) {
        std::vector<Sample> out = merge_runs(runs);
        uint64_t local = out.size() ^ out.front().series ^ (out.back().ts << 1);
        if (it == 0) {
            check = local;
            for (const Sample& s : out) {
                h = fnv1a(h, s.ts);
                h = fnv1a(h, (static_cast<uint64_t>(s.series) << 32) | static_cast<uint32_t>(s.value));
            }
        } else if (local != check) {
            std::fprintf(stderr, "unstable result\n");
            return 1;
        }
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
