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

    // Long-tailed latencies: mostly hundreds of microseconds, some seconds.
    std::mt19937 rng(8080);
    std::vector<uint32_t> samples(static_cast<size_t>(scale));
    for (uint32_t& s : samples) {
        uint32_t r = rng();
        unsigned shift = (r & 0xff) < 200 ? 10 : ((r & 0xff) < 250 ? 16 : 22);
        s = (r >> 8) & ((1u << shift) - 1);
    }

    uint64_t h = 1469598103934665603ULL;
    uint64_t check = 0;
    for (long it = 0; it < iterations; ++it) {
        Histogram hist = latency_histogram(samples, 4);
        uint64_t local = hist.count ^ hist.total_us ^ hist.max_us;
        if (it == 0) {
            check = local;
            for (unsigned b = 0; b < 32; ++b) h = fnv1a(h, hist.buckets[b]);
            h = fnv1a(h, hist.count);
            h = fnv1a(h, hist.total_us);
            h = fnv1a(h, hist.max_us);
        } else if (local != check) {
            std::fprintf(stderr, "unstable result\n");
            return 1;
        }
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
