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
    p.nearest.assign(cols, 0xffff);
    // Walk the image in memory order and keep one accumulator per column,
    // so every cache line fetched is used in full.
    uint64_t* sum = p.sum.data();
    uint32_t* valid = p.valid.data();
    uint16_t* nearest = p.nearest.data();
    for (size_t r = 0; r < rows; ++r) {
        const uint16_t* row = depth.data() + r * cols;
        for (size_t c = 0; c < cols; ++c) {
            uint16_t d = row[c];
            sum[c] += d;
            valid[c] += d != 0;
            uint16_t cand = d ? d : 0xffff;
            nearest[c] = cand < nearest[c] ? cand : nearest[c];
        }
    }
    for (size_t c = 0; c < cols; ++c)
        if (p.valid[c] == 0)
            p.nearest[c] = 0;
    return p;
}
