#include <atomic>
#include <cstddef>
#include <cstdint>
#include <thread>
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

// Totals the orders of one region, splitting the scan over `workers`
// threads.
RegionStats scan_region(const std::vector<Order>& orders, uint32_t region,
                        unsigned workers) {
    std::atomic<uint64_t> count{0}, units{0}, revenue{0};
    std::vector<std::thread> pool;
    const size_t n = orders.size();
    for (unsigned w = 0; w < workers; ++w) {
        pool.emplace_back([&, w] {
            size_t begin = n * w / workers;
            size_t end = n * (w + 1) / workers;
            for (size_t i = begin; i < end; ++i) {
                const Order& o = orders[i];
                if (o.region != region)
                    continue;
                count.fetch_add(1);
                units.fetch_add(o.quantity);
                revenue.fetch_add(o.price_cents * o.quantity);
            }
        });
    }
    for (std::thread& t : pool)
        t.join();
    RegionStats s;
    s.orders = count.load();
    s.units = units.load();
    s.revenue_cents = revenue.load();
    return s;
}
