#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sched.h>
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

static RegionStats scan_slice(const Order* begin, const Order* end,
                              uint32_t region) {
    RegionStats s;
    for (const Order* o = begin; o != end; ++o) {
        if (o->region != region)
            continue;
        s.orders++;
        s.units += o->quantity;
        s.revenue_cents += o->price_cents * o->quantity;
    }
    return s;
}

// CPUs this process may run on (its affinity mask, not the machine's
// core count).
static unsigned usable_cpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 1;
    return std::max(1, CPU_COUNT(&set));
}

// Slices shorter than this are scanned faster than a thread starts.
static const size_t kMinSlice = 1 << 16;

// Totals the orders of one region, scanning one slice per usable CPU.
RegionStats scan_region(const std::vector<Order>& orders, uint32_t region) {
    const size_t n = orders.size();
    const size_t workers =
        std::min<size_t>(usable_cpus(), std::max<size_t>(1, n / kMinSlice));
    if (workers <= 1)
        return scan_slice(orders.data(), orders.data() + n, region);

    // Each worker totals its own slice into its own slot; the calling
    // thread scans the last slice, then adds the slots up in order.
    std::vector<RegionStats> partial(workers);
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    const Order* base = orders.data();
    for (size_t w = 0; w + 1 < workers; ++w) {
        pool.emplace_back([&partial, base, n, workers, region, w] {
            partial[w] = scan_slice(base + n * w / workers,
                                    base + n * (w + 1) / workers, region);
        });
    }
    partial[workers - 1] =
        scan_slice(base + n * (workers - 1) / workers, base + n, region);
    for (std::thread& t : pool)
        t.join();

    RegionStats s;
    for (const RegionStats& p : partial) {
        s.orders += p.orders;
        s.units += p.units;
        s.revenue_cents += p.revenue_cents;
    }
    return s;
}
