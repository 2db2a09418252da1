#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
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

    // Most orders come from region 3, the one being scanned.
    std::mt19937 rng(10101);
    std::vector<Order> orders(static_cast<size_t>(scale));
    for (Order& o : orders) {
        uint32_t r = rng();
        o.region = (r & 0xf) < 12 ? 3 : (r & 0xf);
        o.quantity = 1 + (r >> 4) % 50;
        o.price_cents = 100 + rng() % 100000;
    }

    uint64_t h = 1469598103934665603ULL;
    uint64_t check = 0;
    for (long it = 0; it < iterations; ++it) {
        RegionStats s = scan_region(orders, 3, 4);
        uint64_t local = s.orders ^ (s.units << 7) ^ s.revenue_cents;
        if (it == 0) {
            check = local;
            h = fnv1a(h, s.orders);
            h = fnv1a(h, s.units);
            h = fnv1a(h, s.revenue_cents);
        } else if (local != check) {
            std::fprintf(stderr, "unstable result\n");
            return 1;
        }
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
