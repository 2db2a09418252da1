#include <cstddef>
#include <cstdint>
#include <vector>

struct Order {
    uint32_t region;
    uint32_t quantity;
    uint64_t price_cents;
};

struct RegionStats {
    uint64_t orders = 0;
    uint64_t units = 0;
    uint64_t revenue_cents = 0;
};

// Totals the orders of one region.
RegionStats scan_region(const std::vector<Order>& orders, uint32_t region) {
    RegionStats s;
    for (const Order& o : orders) {
        if (o.region != region)
            continue;
        s.orders++;
        s.units += o.quantity;
        s.revenue_cents += o.price_cents * o.quantity;
    }
    return s;
}
