#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
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

    static const char* methods[] = {"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"};
    static const char* segs[] = {"api", "v1", "v2", "items", "users", "cart", "static", "img"};
    static const unsigned statuses[] = {200, 200, 200, 201, 204, 301, 304, 400, 404, 500, 503, 101};
    std::mt19937 rng(777);
    std::vector<std::string> lines;
    lines.reserve(static_cast<size_t>(scale));
    for (long i = 0; i < scale; ++i) {
        std::string line = methods[rng() % 6];
        line += ' ';
        unsigned depth = 1 + rng() % 4;
        for (unsigned d = 0; d < depth; ++d) {
            line += '/';
            line += segs[rng() % 8];
        }
        if (rng() % 3 == 0) line += "/" + std::to_string(rng() % 100000);
        line += ' ';
        line += std::to_string(statuses[rng() % 12]);
        line += ' ';
        line += std::to_string(rng() % 200000);
        line += 'B';
        line += ' ';
        line += std::to_string(rng() % 2500);
        line += "ms";
        if (rng() % 50 == 0) line += " trailing";  // malformed
        lines.push_back(line);
    }

    uint64_t h = 1469598103934665603ULL;
    uint64_t check = 0;
    for (long it = 0; it < iterations; ++it) {
        LogSummary s = summarize_access_log(lines, 1000);
        uint64_t local = s.parsed * 31 + s.rejected * 17 + s.slow * 7 + s.slow_total_ms + s.bytes;
        if (it == 0) {
            check = local;
            h = fnv1a(h, s.parsed);
            h = fnv1a(h, s.rejected);
            for (int k = 0; k < 6; ++k) h = fnv1a(h, s.status_class[k]);
            h = fnv1a(h, s.slow);
            h = fnv1a(h, s.slow_total_ms);
            h = fnv1a(h, s.bytes);
        } else if (local != check) {
            std::fprintf(stderr, "unstable result\n");
            return 1;
        }
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
