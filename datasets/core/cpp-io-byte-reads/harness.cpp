#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <unistd.h>

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

    char dir[] = "/tmp/ledgerXXXXXX";
    if (mkdtemp(dir) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    std::string path = std::string(dir) + "/export.csv";

    // SCALE lines; a few are malformed, the last has no trailing newline.
    std::mt19937 rng(1999);
    std::string content;
    for (long i = 0; i < scale; ++i) {
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
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr || std::fwrite(content.data(), 1, content.size(), f) != content.size()) {
        std::perror("write");
        return 1;
    }
    std::fclose(f);

    int rc = 0;
    uint64_t h = 1469598103934665603ULL;
    LedgerTotals first;
    for (long it = 0; it < iterations; ++it) {
        LedgerTotals t;
        if (!scan_ledger(path.c_str(), t)) {
            std::fprintf(stderr, "scan failed\n");
            rc = 1;
            break;
        }
        if (it == 0) {
            first = t;
        } else if (t.records != first.records || t.balance_cents != first.balance_cents) {
            std::fprintf(stderr, "unstable result\n");
            rc = 1;
            break;
        }
    }
    unlink(path.c_str());
    rmdir(dir);
    if (rc != 0) return rc;
    h = fnv1a(h, first.records);
    h = fnv1a(h, first.malformed);
    h = fnv1a(h, static_cast<uint64_t>(first.balance_cents));
    h = fnv1a(h, first.max_account);
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
