// perfcon harness for llama2.c's matmul (run.c, compiled as C with
// -fopenmp; its main is renamed by -Dmain=llama2c_run_main).
// usage: prog ITERATIONS SCALE SEED [inputs]
// SCALE is the number of output rows d of W (d, n); n is fixed.
#undef main
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" void matmul(float* xout, float* x, float* w, int n, int d);

static uint64_t splitmix64(uint64_t &s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static float unitf(uint64_t &s) { return (float)((splitmix64(s) >> 40) * (1.0 / 16777216.0)) - 0.5f; }
static uint64_t mix(uint64_t h, uint64_t v) { h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2); return h * 0x100000001B3ULL; }

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "inputs") != 0)) {
        fprintf(stderr, "usage: %s ITERATIONS SCALE SEED [inputs]\n", argv[0]);
        return 2;
    }
    long iters = atol(argv[1]);
    long scale = atol(argv[2]);
    uint64_t seed = strtoull(argv[3], 0, 10);
    if (iters < 0 || scale < 1) { fprintf(stderr, "bad arguments\n"); return 2; }
    bool inputs_only = argc == 5;

    // base: W (d, n) with d = SCALE rows, n = 1024 columns, fixed seed
    const int n = 1024;
    const int d = (int)scale;
    std::vector<float> w((size_t)d * n);
    uint64_t bs = 0x11a3a2c;
    for (size_t k = 0; k < w.size(); k++) w[k] = unitf(bs);
    std::vector<float> x(n), xout(d);

    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        // this iteration's input: a fresh activation vector x from SEED+i
        uint64_t s = seed + (uint64_t)i;
        for (int j = 0; j < n; j++) x[j] = unitf(s);
        if (inputs_only) {
            uint32_t b; memcpy(&b, &x[(size_t)(s % n)], 4);
            digest = mix(digest, b);
            continue;
        }
        memset(xout.data(), 0, sizeof(float) * d);
        matmul(xout.data(), x.data(), w.data(), n, d);
        uint64_t hh = (uint64_t)d;
        for (int r = 0; r < d; r++) { uint32_t b; memcpy(&b, &xout[r], 4); hh = (hh ^ b) * 0x100000001B3ULL; }
        digest = mix(digest, hh);
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
