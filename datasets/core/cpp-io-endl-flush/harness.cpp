// Harness for cpp-io-endl-flush: prog ITERATIONS SCALE SEED [inputs].
//
// The base workload is a table of SCALE job statistics. Iteration i
// exports the base table, to the same file in a temporary directory, with
// SCALE/64 jobs, drawn from SEED + i, given new run, failure and time
// counts; the change is made in place and undone after the call. The row
// count and the whole file written are folded into the digest. With
// `inputs` the table is changed but never exported.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "solution.cpp"

static const uint64_t kFnvOffset = 1469598103934665603ULL;

// Folds one 64-bit word into a running FNV-style hash.
static uint64_t fold(uint64_t h, uint64_t v) {
    h = (h ^ v) * 1099511628211ULL;
    return h ^ (h >> 31);
}

// Folds n words, word(0) .. word(n-1), into h on four independent lanes,
// so hashing a large result runs at the multiplier's throughput.
template <class Word>
static uint64_t fold_words(uint64_t h, size_t n, Word word) {
    uint64_t lane[4] = {h, h ^ 0x9e3779b97f4a7c15ULL, h ^ 0xc2b2ae3d27d4eb4fULL, h ^ 0x165667b19e3779f9ULL};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (size_t k = 0; k < 4; ++k)
            lane[k] = (lane[k] ^ word(i + k)) * 1099511628211ULL;
    for (; i < n; ++i)
        lane[0] = (lane[0] ^ word(i)) * 1099511628211ULL;
    for (uint64_t l : lane)
        h = fold(h, l);
    return fold(h, n);
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
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x656e646c66660008ULL)) {}
    uint64_t next() { return mix64(state += 0x9e3779b97f4a7c15ULL); }
    uint64_t below(uint64_t n) { return next() % n; }
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

// Reads the whole file at path into buf; false on error.
static bool read_file(const std::string& path, std::vector<char>& buf) {
    int fd = open(path.c_str(), O_RDONLY);
    if (fd < 0)
        return false;
    buf.clear();
    char chunk[1 << 16];
    ssize_t got;
    while ((got = read(fd, chunk, sizeof chunk)) > 0)
        buf.insert(buf.end(), chunk, chunk + got);
    close(fd);
    return got == 0;
}

struct Undo {
    size_t index;
    uint32_t runs, failures;
    uint64_t total_ms;
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

    char dir[] = "/tmp/jobstatsXXXXXX";
    if (mkdtemp(dir) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    std::string path = std::string(dir) + "/jobs.tsv";

    static const char* parts[] = {"build", "test", "lint", "deploy", "docs", "bench", "linux", "macos", "arm64", "x86"};
    std::mt19937 rng(606);
    std::vector<JobStats> jobs(static_cast<size_t>(scale));
    for (size_t i = 0; i < jobs.size(); ++i) {
        JobStats& j = jobs[i];
        j.name = std::string(parts[rng() % 10]) + "-" + parts[rng() % 10] + "-" + std::to_string(i);
        j.runs = rng() % 500;
        j.failures = j.runs ? rng() % (j.runs + 1) : 0;
        j.total_ms = static_cast<uint64_t>(j.runs) * (rng() % 600000);
    }

    const size_t n = jobs.size();
    const size_t changes = n / 64 > 0 ? n / 64 : 1;
    std::vector<Undo> undo(changes);
    std::vector<char> written;
    int rc = 0;
    uint64_t h = kFnvOffset;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's table: `changes` jobs with new counts.
        IterRng ir(seed + it);
        uint64_t made = 0;
        for (size_t k = 0; k < changes; ++k) {
            size_t i = static_cast<size_t>(ir.below(n));
            JobStats& j = jobs[i];
            undo[k] = Undo{i, j.runs, j.failures, j.total_ms};
            uint64_t r = ir.next();
            j.runs = 1 + static_cast<uint32_t>(r % 499);
            j.failures = static_cast<uint32_t>((r >> 16) % (j.runs + 1));
            j.total_ms = static_cast<uint64_t>(j.runs) * ((r >> 32) % 600000);
            made = fold(made, i ^ j.total_ms ^ (static_cast<uint64_t>(j.failures) << 40));
        }

        if (inputs_only) {
            h = fold(h, made);
        } else {
            long rows = export_job_stats(path, jobs);
            if (rows != static_cast<long>(n) || !read_file(path, written)) {
                std::fprintf(stderr, "export failed\n");
                rc = 1;
                break;
            }
            h = fold(h, static_cast<uint64_t>(rows));
            // The file, eight bytes to a word (the tail zero-padded).
            const size_t len = written.size();
            h = fold(h, len);
            written.resize(len + 8, 0);
            h = fold_words(h, (len + 7) / 8, [&](size_t w) {
                uint64_t v;
                std::memcpy(&v, written.data() + 8 * w, 8);
                return v;
            });
        }

        // Back to the base table, last change first.
        for (size_t k = changes; k-- > 0;) {
            JobStats& j = jobs[undo[k].index];
            j.runs = undo[k].runs;
            j.failures = undo[k].failures;
            j.total_ms = undo[k].total_ms;
        }
    }
    unlink(path.c_str());
    rmdir(dir);
    if (rc != 0) return rc;
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
