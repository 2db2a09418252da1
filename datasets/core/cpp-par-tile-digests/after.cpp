#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sched.h>
#include <thread>
#include <vector>

// Digest of one tile of an 8-bit image, used to find the tiles that
// changed between two frames.
static uint64_t tile_digest(const std::vector<uint8_t>& img, size_t width,
                            size_t x0, size_t y0, size_t w, size_t h) {
    uint64_t d = 0x84222325cbf29ce4ULL ^ (x0 << 20) ^ y0;
    for (size_t y = y0; y < y0 + h; ++y) {
        const uint8_t* row = img.data() + y * width;
        for (size_t x = x0; x < x0 + w; ++x)
            d = (d ^ row[x]) * 0x100000001b3ULL;
    }
    return d;
}

// Number of CPUs this process may run on. Unlike
// std::thread::hardware_concurrency(), this honours the affinity mask
// (taskset, cpusets), so we never start more workers than can run.
static size_t usable_cpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 1;
    int n = CPU_COUNT(&set);
    return n > 0 ? static_cast<size_t>(n) : 1;
}

// Returns the digest of every tile x tile block, row-major over tiles.
// Edge tiles are clipped to the image.
std::vector<uint64_t> tile_digests(const std::vector<uint8_t>& img,
                                   size_t width, size_t height, size_t tile) {
    const size_t tiles_x = (width + tile - 1) / tile;
    const size_t tiles_y = (height + tile - 1) / tile;
    std::vector<uint64_t> out(tiles_x * tiles_y);
    auto digest_range = [&](size_t begin, size_t end) {
        for (size_t t = begin; t < end; ++t) {
            size_t x0 = (t % tiles_x) * tile;
            size_t y0 = (t / tiles_x) * tile;
            size_t w = std::min(tile, width - x0);
            size_t h = std::min(tile, height - y0);
            out[t] = tile_digest(img, width, x0, y0, w, h);
        }
    };
    // Tiles are independent: give each usable CPU a contiguous range of
    // them, the calling thread taking the last one. With a single CPU
    // there is nothing to gain from a thread.
    const size_t n = out.size();
    const size_t workers = std::min(usable_cpus(), n);
    if (workers <= 1) {
        digest_range(0, n);
        return out;
    }
    std::vector<std::thread> threads;
    threads.reserve(workers - 1);
    for (size_t w = 0; w + 1 < workers; ++w)
        threads.emplace_back(digest_range, n * w / workers, n * (w + 1) / workers);
    digest_range(n * (workers - 1) / workers, n);
    for (std::thread& th : threads)
        th.join();
    return out;
}
