// Harness for cpp-par-region-scan: prog ITERATIONS SCALE SEED [inputs].
//
// The base workload is an order book of SCALE orders spread over 16
// regions. Iteration i reports on one region, drawn from SEED + i, of the
// base book with SCALE/4096 orders, also drawn from SEED + i, replaced by
// new orders (a quarter of them in the reported region); the change is
// made in place and undone after the call. The region's totals are folded
// into the digest. With `inputs` the books are changed but never scanned.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x726567696f6e000fULL)) {}
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

// One order from 64 random bits.
static Order make_order(uint64_t z) {
    uint32_t r = static_cast<uint32_t>(z);
    Order o;
    o.region = r & 0xf;
    o.quantity = 1 + (r >> 4) % 50;
    o.price_cents = 100 + (z >> 32) % 100000;
    return o;
}

struct Undo {
    size_t index;
    Order old;
};

int main(int argc, char** argv) {
    uint64_t iterations = 0, scale = 0, seed = 0;
    if (argc < 4 || argc > 5 || !parse_number(argv[1], iterations) || !parse_number(argv[2], scale) ||
        !parse_number(argv[3], seed) || iterations < 1 || scale < 1 || scale > (1ULL << 34))
        return usage(argv[0]);
    bool inputs_only = false;
    if (argc == 5) {
        if (std::strcmp(argv[4], "inputs") != 0)
            return usage(argv[0]);
        inputs_only = true;
    }

    // Orders spread over 16 regions.
    std::vector<Order> orders(static_cast<size_t>(scale));
    uint64_t x = 10101;
    for (Order& o : orders) {
        // splitmix64: one draw per order
        o = make_order(mix64(x += 0x9e3779b97f4a7c15ULL));
    }

    const size_t n = orders.size();
    const size_t changes = n / 4096 > 0 ? n / 4096 : 1;
    std::vector<Undo> undo(changes);
    uint64_t h = kFnvOffset;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's book and region: `changes` orders replaced, a
        // quarter of them moved into the reported region.
        IterRng ir(seed + it);
        const uint32_t region = static_cast<uint32_t>(ir.below(16));
        uint64_t made = region;
        for (Undo& u : undo) {
            u.index = static_cast<size_t>(ir.below(n));
            u.old = orders[u.index];
            uint64_t z = ir.next();
            Order o = make_order(z);
            if ((z >> 62) == 0)
                o.region = region;
            orders[u.index] = o;
            made = fold(made, u.index ^ (o.price_cents << 40) ^ (static_cast<uint64_t>(o.region) << 36));
        }

        if (inputs_only) {
            h = fold(h, made);
        } else {
            RegionStats s = scan_region(orders, region);
            h = fold(h, region);
            h = fold(h, s.orders);
            h = fold(h, s.units);
            h = fold(h, s.revenue_cents);
        }

        // Back to the base book, last change first.
        for (size_t k = changes; k-- > 0;)
            orders[undo[k].index] = undo[k].old;
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
