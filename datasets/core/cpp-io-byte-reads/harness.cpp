// Harness for cpp-io-byte-reads: prog ITERATIONS SCALE SEED [inputs].
//
// The base workload is a ledger export of SCALE lines (a few malformed,
// the last without a trailing newline) written once to a temporary file.
// Iteration i scans the file after rewriting, in place and with one
// pwrite(2), a stretch of about 1/64 of it whose position and new digits
// and signs are drawn from SEED + i; the stretch is written back after the
// call. The totals are folded into the digest. With `inputs` the file is
// changed but never scanned.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <string>
#include <unistd.h>

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
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x6c65646765720007ULL)) {}
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

static bool pwrite_all(int fd, const char* p, size_t len, off_t off) {
    while (len > 0) {
        ssize_t n = pwrite(fd, p, len, off);
        if (n <= 0)
            return false;
        p += n;
        len -= static_cast<size_t>(n);
        off += n;
    }
    return true;
}

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

    char dir[] = "/tmp/ledgerXXXXXX";
    if (mkdtemp(dir) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    std::string path = std::string(dir) + "/export.csv";

    // SCALE lines; a few are malformed, the last has no trailing newline.
    std::mt19937 rng(1999);
    std::string content;
    for (uint64_t i = 0; i < scale; ++i) {
        uint32_t r = rng();
        if (r % 200 == 0) {
            content += "corrupt-line\n";
            continue;
        }
        content += std::to_string(100000 + rng() % 900000);
        content += ',';
        content += (r & 1) ? '-' : '+';
        content += std::to_string(rng() % 5000000);
        if (i + 1 < scale) content += '\n';
    }
    int wfd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (wfd < 0 || !pwrite_all(wfd, content.data(), content.size(), 0)) {
        std::perror("write");
        if (wfd >= 0) close(wfd);
        unlink(path.c_str());
        rmdir(dir);
        return 1;
    }

    // The stretch rewritten each iteration: digits stay digits and signs
    // stay signs, so every line keeps its shape and length.
    const size_t size = content.size();
    const size_t span = size / 64 > 0 ? size / 64 : 1;
    std::string stretch;
    int rc = 0;
    uint64_t h = kFnvOffset;
    for (uint64_t it = 0; it < iterations; ++it) {
        IterRng ir(seed + it);
        size_t off = static_cast<size_t>(ir.below(size - span + 1));
        stretch.assign(content, off, span);
        uint64_t made = off;
        for (size_t k = 0; k < span; ++k) {
            char& c = stretch[k];
            if (c >= '0' && c <= '9')
                c = static_cast<char>('0' + ir.below(10));
            else if (c == '+' || c == '-')
                c = (ir.next() & 1) ? '-' : '+';
            made = made * 31 + static_cast<unsigned char>(c);
        }
        if (!pwrite_all(wfd, stretch.data(), span, static_cast<off_t>(off))) {
            std::perror("pwrite");
            rc = 1;
            break;
        }

        if (inputs_only) {
            h = fold(h, made);
        } else {
            LedgerTotals t;
            if (!scan_ledger(path.c_str(), t)) {
                std::fprintf(stderr, "scan failed\n");
                rc = 1;
                break;
            }
            h = fold(h, t.records);
            h = fold(h, t.malformed);
            h = fold(h, static_cast<uint64_t>(t.balance_cents));
            h = fold(h, t.max_account);
        }

        // Back to the base file.
        if (!pwrite_all(wfd, content.data() + off, span, static_cast<off_t>(off))) {
            std::perror("pwrite");
            rc = 1;
            break;
        }
    }
    close(wfd);
    unlink(path.c_str());
    rmdir(dir);
    if (rc != 0) return rc;
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
