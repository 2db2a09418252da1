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

    std::mt19937 rng(12345);
    std::vector<Event> batch;
    batch.reserve(static_cast<size_t>(scale));
    for (long i = 0; i < scale; ++i) {
        uint32_t r = rng();
        if (i > 0 && r % 10 < 3) {
            Event e = batch[rng() % static_cast<uint32_t>(i)];
            e.value = static_cast<int64_t>(rng() % 1000000);
            batch.push_back(e);
        } else {
            Event e;
            e.source = rng() % 64;
            e.seq = rng() % 50000;
            e.value = static_cast<int64_t>(rng() % 1000000);
            batch.push_back(e);
        }
    }

    uint64_t h = 1469598103934665603ULL;
    size_t first_size = 0;
    for (long it = 0; it < iterations; ++it) {
        std::vector<Event> out = dedupe_events(batch);
        if (it > 0) {
            if (out.size() != first_size) {
                std::fprintf(stderr, "unstable result size\n");
                return 1;
            }
        } else {
            first_size = out.size();
            for (const Event& e : out) {
                h = fnv1a(h, e.source);
                h = fnv1a(h, e.seq);
                h = fnv1a(h, static_cast<uint64_t>(e.value));
            }
            h = fnv1a(h, out.size());
        }
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
