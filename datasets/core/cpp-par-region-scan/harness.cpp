#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

    // Orders spread over 16 regions; every iteration reports on each one.
    std::vector<Order> orders(static_cast<size_t>(scale));
    uint64_t x = 10101;
    for (Order& o : orders) {
        // splitmix64: one draw per order
        uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        uint32_t r = static_cast<uint32_t>(z);
        o.region = r & 0xf;
        o.quantity = 1 + (r >> 4) % 50;
        o.price_cents = 100 + (z >> 32) % 100000;
    }

    uint64_t h = 1469598103934665603ULL;
    uint64_t check = 0;
    for (long it = 0; it < iterations; ++it) {
        uint64_t local = 0;
        for (uint32_t region = 0; region < 16; ++region) {
            RegionStats s = scan_region(orders, region);
            local = local * 31 + (s.orders ^ (s.units << 7) ^ s.revenue_cents);
            if (it == 0) {
                h = fnv1a(h, s.orders);
                h = fnv1a(h, s.units);
                h = fnv1a(h, s.revenue_cents);
            }
        }
        if (it == 0) {
            check = local;
        } else if (local != check) {
            std::fprintf(stderr, "unstable result\n");
            return 1;
        }
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
