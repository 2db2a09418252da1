#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

// Log2-bucketed latency histogram; bucket b holds samples in [2^b, 2^(b+1))
// microseconds, bucket 0 also holds 0.
struct Histogram {
    uint64_t buckets[32] = {};
    uint64_t count = 0;
    uint64_t total_us = 0;
    uint32_t max_us = 0;
};

static unsigned bucket_of(uint32_t us) {
    unsigned b = 0;
    while (us > 1) {
        us >>= 1;
        ++b;
    }
    return b;
}

Histogram latency_histogram(const std::vector<uint32_t>& samples_us,
                            unsigned workers) {
    Histogram hist;
    std::mutex mu;
    std::vector<std::thread> pool;
    const size_t n = samples_us.size();
    for (unsigned w = 0; w < workers; ++w) {
        pool.emplace_back([&, w] {
            size_t begin = n * w / workers;
            size_t end = n * (w + 1) / workers;
            // Fill a private histogram and publish it once.
            Histogram local;
            for (size_t i = begin; i < end; ++i) {
                uint32_t us = samples_us[i];
                local.buckets[bucket_of(us)]++;
                local.count++;
                local.total_us += us;
                if (us > local.max_us)
                    local.max_us = us;
            }
            std::lock_guard<std::mutex> lock(mu);
            for (unsigned b = 0; b < 32; ++b)
                hist.buckets[b] += local.buckets[b];
            hist.count += local.count;
            hist.total_us += local.total_us;
            if (local.max_us > hist.max_us)
                hist.max_us = local.max_us;
        });
    }
    for (std::thread& t : pool)
        t.join();
    return hist;
}
