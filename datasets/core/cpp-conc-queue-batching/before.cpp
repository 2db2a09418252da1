#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

static uint64_t block_checksum(const uint8_t* p, size_t len) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; ++i) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

// Checksums every `block_size` block of `data` on a pool of worker threads
// fed through a work queue, and returns the sum of the block checksums.
uint64_t checksum_blocks(const std::vector<uint8_t>& data, size_t block_size,
                         unsigned workers) {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<size_t> queue;
    bool done = false;
    uint64_t total = 0;

    std::vector<std::thread> pool;
    for (unsigned w = 0; w < workers; ++w) {
        pool.emplace_back([&] {
            for (;;) {
                size_t off;
                {
                    std::unique_lock<std::mutex> lock(mu);
                    cv.wait(lock, [&] { return done || !queue.empty(); });
                    if (queue.empty())
                        return;
                    off = queue.front();
                    queue.pop_front();
                }
                size_t len = std::min(block_size, data.size() - off);
                uint64_t c = block_checksum(data.data() + off, len);
                std::lock_guard<std::mutex> lock(mu);
                total += c;
            }
        });
    }

    for (size_t off = 0; off < data.size(); off += block_size) {
        {
            std::lock_guard<std::mutex> lock(mu);
            queue.push_back(off);
        }
        cv.notify_one();
    }
    {
        std::lock_guard<std::mutex> lock(mu);
        done = true;
    }
    cv.notify_all();
    for (std::thread& t : pool)
        t.join();
    return total;
}
