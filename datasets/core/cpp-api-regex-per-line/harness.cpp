// Harness for cpp-api-regex-per-line: prog ITERATIONS SCALE SEED [inputs].
//
// The base log is SCALE access-log lines, about 2% of them malformed.
// Iteration i summarizes the base log with SCALE/32 lines, drawn from
// SEED + i, replaced by freshly generated ones; the replacement is made in
// place and undone after the call. The whole summary is folded into the
// digest. With `inputs` the log is changed but never summarized.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "solution.cpp"

static const uint64_t kFnvOffset = 1469598103934665603ULL;

// Folds one 64-bit word into a running FNV-style hash.
static uint64_t fold(uint64_t h, uint64_t v) {
    h = (h ^ v) * 1099511628211ULL;
    return h ^ (h >> 31);
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
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x7265676578700004ULL)) {}
    uint64_t next() { return mix64(state += 0x9e3779b97f4a7c15ULL); }
    uint64_t below(uint64_t n) { return next() % n; }
    uint32_t operator()() { return static_cast<uint32_t>(next() >> 32); }
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

// One access-log line: "<METHOD> <path> <status> <bytes>B <millis>ms",
// PATCH requests and a trailing word (1 in 50) make malformed ones.
template <class Rng>
static std::string make_line(Rng& rng) {
    static const char* methods[] = {"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"};
    static const char* segs[] = {"api", "v1", "v2", "items", "users", "cart", "static", "img"};
    static const unsigned statuses[] = {200, 200, 200, 201, 204, 301, 304, 400, 404, 500, 503, 101};
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
    return line;
}

struct Undo {
    size_t index;
    std::string old;
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

    std::mt19937 rng(777);
    std::vector<std::string> lines;
    lines.reserve(static_cast<size_t>(scale));
    for (uint64_t i = 0; i < scale; ++i)
        lines.push_back(make_line(rng));

    const size_t changes = scale / 32 > 0 ? static_cast<size_t>(scale / 32) : 1;
    std::vector<Undo> undo(changes);
    uint64_t h = kFnvOffset;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's log: `changes` lines replaced by new ones.
        IterRng ir(seed + it);
        uint64_t made = 0;
        for (size_t k = 0; k < changes; ++k) {
            Undo& u = undo[k];
            u.index = static_cast<size_t>(ir.below(lines.size()));
            u.old = make_line(ir);
            made = fold(made, u.index ^ (u.old.size() << 32) ^ static_cast<unsigned char>(u.old[u.old.size() - 3]));
            std::swap(u.old, lines[u.index]);
        }

        if (inputs_only) {
            h = fold(h, made);
        } else {
            LogSummary s = summarize_access_log(lines, 1000);
            h = fold(h, s.parsed);
            h = fold(h, s.rejected);
            for (int k = 0; k < 6; ++k) h = fold(h, s.status_class[k]);
            h = fold(h, s.slow);
            h = fold(h, s.slow_total_ms);
            h = fold(h, s.bytes);
        }

        // Back to the base log, last change first.
        for (size_t k = changes; k-- > 0;)
            std::swap(undo[k].old, lines[undo[k].index]);
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
