// Harness for zlib gzvprintf (via gzprintf in transparent "wT" mode into an in-memory file, memfd).
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <vector>
#include <string>
#include <sys/mman.h>
#include <unistd.h>
#include "zlib.h"

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
    // base: SCALE*1000 small records (id, word, value) to be printed as CSV lines
    size_t n = (size_t)scale * 1000;
    std::vector<int> ids(n), vals(n);
    std::vector<std::string> words(n);
    uint64_t bs = 6021;
    for (size_t k = 0; k < n; k++) {
        uint64_t r = splitmix64(bs);
        ids[k] = (int)(r % 1000000);
        vals[k] = (int)((r >> 20) % 100000) - 50000;
        int L = 3 + (int)((r >> 40) % 8);
        for (int c = 0; c < L; c++) words[k] += (char)('a' + splitmix64(bs) % 26);
    }
    std::vector<int> v2(n);
    std::vector<char> back;
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        v2 = vals;
        for (int c = 0; c < 16; c++) { uint64_t r = splitmix64(s); v2[r % n] = (int)(r >> 44); }
        if (inputs_only) {
            for (size_t k = 0; k < n; k++) digest = mix(digest, (uint64_t)(uint32_t)v2[k]);
            continue;
        }
        int fd = memfd_create("gzprintf-harness", 0);
        if (fd < 0) { perror("memfd_create"); return 1; }
        gzFile gz = gzdopen(dup(fd), "wT");          // transparent: plain bytes, no compression
        if (!gz) { fprintf(stderr, "gzdopen failed\n"); return 1; }
        for (size_t k = 0; k < n; k++) gzprintf(gz, "%d,%s,%d\n", ids[k], words[k].c_str(), v2[k]);
        if (gzclose_w(gz) != Z_OK) { fprintf(stderr, "gzclose failed\n"); return 1; }
        off_t size = lseek(fd, 0, SEEK_END);
        back.resize((size_t)size);
        if (pread(fd, back.data(), (size_t)size, 0) != size) { fprintf(stderr, "read back failed\n"); return 1; }
        close(fd);
        uint64_t h = (uint64_t)size; size_t q = 0;
        for (; q + 8 <= back.size(); q += 8) { uint64_t w; memcpy(&w, &back[q], 8); h = (h ^ w) * 0x9E3779B97F4A7C15ULL; }
        for (; q < back.size(); q++) h = h * 31 + (unsigned char)back[q];
        digest = mix(digest, h);
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
