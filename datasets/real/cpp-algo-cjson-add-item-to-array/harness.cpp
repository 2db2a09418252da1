// Harness for cJSON add_item_to_array (via cJSON_AddItemToArray).
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include "cJSON.h"

static uint64_t splitmix64(uint64_t &s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static uint64_t mix(uint64_t h, uint64_t v) { h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2); return h * 0x100000001B3ULL; }

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "inputs") != 0)) {
        fprintf(stderr, "usage: %s ITERATIONS SCALE SEED [inputs]\n", argv[0]);
        return 2;
    }
    long iters = atol(argv[1]); long scale = atol(argv[2]); uint64_t seed = strtoull(argv[3], 0, 10);
    if (iters < 0 || scale < 1) { fprintf(stderr, "bad arguments\n"); return 2; }
    bool inputs_only = argc == 5;
    // base workload: values for SCALE array elements
    int n = (int)scale;
    double *base = (double *)malloc(sizeof(double) * n);
    uint64_t bs = 12345;
    for (int k = 0; k < n; k++) base[k] = (double)(splitmix64(bs) % 1000000);
    double *vals = (double *)malloc(sizeof(double) * n);
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        memcpy(vals, base, sizeof(double) * n);
        for (int c = 0; c < 8; c++) { uint64_t r = splitmix64(s); vals[r % n] = (double)(r >> 40); }
        if (inputs_only) {
            for (int k = 0; k < n; k += 97) digest = mix(digest, (uint64_t)vals[k]);
            digest = mix(digest, (uint64_t)n);
            continue;
        }
        // items are created up front; the timed part is appending them one by one
        cJSON *arr = cJSON_CreateArray();
        cJSON **items = (cJSON **)malloc(sizeof(cJSON *) * n);
        for (int k = 0; k < n; k++) items[k] = cJSON_CreateNumber(vals[k]);
        for (int k = 0; k < n; k++) cJSON_AddItemToArray(arr, items[k]);
        uint64_t h = 0; int cnt = 0;
        for (cJSON *e = arr->child; e; e = e->next) { h = mix(h, (uint64_t)e->valuedouble + (uint64_t)cnt); cnt++; }
        digest = mix(digest, h); digest = mix(digest, (uint64_t)cJSON_GetArraySize(arr));
        free(items);
        cJSON_Delete(arr);
    }
    printf("%016llx\n", (unsigned long long)digest);
    free(base); free(vals);
    return 0;
}
