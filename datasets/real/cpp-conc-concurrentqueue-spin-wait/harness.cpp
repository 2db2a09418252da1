// Harness for moodycamel::details::mpmc_sema::LightweightSemaphore::waitWithPartialSpinning
// (via LightweightSemaphore::wait, paired with a moodycamel::ConcurrentQueue exactly as
// BlockingConcurrentQueue does; BlockingConcurrentQueue itself is not instantiated because
// its 2015 static_assert with reinterpret_cast no longer compiles on modern GCC).
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>
#include "blockingconcurrentqueue.h"

static uint64_t splitmix64(uint64_t &s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static uint64_t mix(uint64_t h, uint64_t v) { h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2); return h * 0x100000001B3ULL; }

// deterministic CPU work for one item (~0.2 ms)
static uint64_t make_item(uint64_t x, int rounds) {
    for (int r = 0; r < rounds; r++) x = splitmix64(x) ^ (x >> 7);
    return x;
}

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "inputs") != 0)) {
        fprintf(stderr, "usage: %s ITERATIONS SCALE SEED [inputs]\n", argv[0]);
        return 2;
    }
    long iters = atol(argv[1]); long scale = atol(argv[2]); uint64_t seed = strtoull(argv[3], 0, 10);
    if (iters < 0 || scale < 1) { fprintf(stderr, "bad arguments\n"); return 2; }
    bool inputs_only = argc == 5;
    // base: SCALE item seeds; each item costs ROUNDS mixing rounds for the producer
    const int ROUNDS = 100000;
    size_t n = (size_t)scale;
    std::vector<uint64_t> base(n);
    uint64_t bs = 2718;
    for (size_t k = 0; k < n; k++) base[k] = splitmix64(bs);
    std::vector<uint64_t> in(n);
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        in = base;
        for (int c = 0; c < 4; c++) { uint64_t r = splitmix64(s); in[r % n] ^= r; }
        if (inputs_only) {
            for (size_t k = 0; k < n; k++) digest = mix(digest, in[k]);
            continue;
        }
        // one session: a producer thread computes and enqueues items one by one,
        // the calling thread blocks in wait_dequeue for each of them
        moodycamel::ConcurrentQueue<uint64_t> q;
        moodycamel::details::mpmc_sema::LightweightSemaphore sema;
        std::thread producer([&]() {
            for (size_t k = 0; k < n; k++) { q.enqueue(make_item(in[k], ROUNDS)); sema.signal(); }
        });
        uint64_t h = 0;
        for (size_t k = 0; k < n; k++) {
            uint64_t v = 0;
            sema.wait();
            while (!q.try_dequeue(v)) {}   // an element is guaranteed to be there after wait()
            h = mix(h, v);
        }
        producer.join();
        digest = mix(digest, h);
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
