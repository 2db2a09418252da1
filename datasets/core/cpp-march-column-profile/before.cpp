#include <cstddef>
#include <cstdint>
#include <vector>

// Per-column statistics of a depth image, used to find the ground line.
struct ColumnProfile {
    std::vector<uint64_t> sum;    // sum of valid depths per column
    std::vector<uint32_t> valid;  // number of valid (non-zero) pixels
    std::vector<uint16_t> nearest;  // smallest valid depth, 0 if none
};

// `depth` is a row-major image of `rows` x `cols` 16-bit depths in
// millimetres; 0 marks a pixel with no return.
ColumnProfile column_profile(const std::vector<uint16_t>& depth,
                             size_t rows, size_t cols) {
    ColumnProfile p;
    p.sum.assign(cols, 0);
    p.valid.assign(cols, 0);
    p.nearest.assign(cols, 0);
    for (size_t c = 0; c < cols; ++c) {
        uint64_t sum = 0;
        uint32_t valid = 0;
        uint16_t nearest = 0xffff;
        for (size_t r = 0; r < rows; ++r) {
            uint16_t d = depth[r * cols + c];
            if (d == 0)
                continue;
            sum += d;
            ++valid;
            if (d < nearest)
                nearest = d;
        }
        p.sum[c] = sum;
        p.valid[c] = valid;
        p.nearest[c] = valid ? nearest : 0;
    }
    return p;
}
