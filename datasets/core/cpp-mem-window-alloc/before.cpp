#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

// Sliding median over a trace of raw sensor samples, used to knock out
// single-sample spikes before thresholding. Windows are clipped at both
// ends of the trace; for even-sized windows the lower median is used.
std::vector<int32_t> median_filter(const std::vector<int32_t>& samples,
                                   size_t radius) {
    const size_t n = samples.size();
    std::vector<int32_t> out(n);
    for (size_t i = 0; i < n; ++i) {
        size_t lo = i >= radius ? i - radius : 0;
        size_t hi = std::min(n, i + radius + 1);
        std::vector<int32_t> window(samples.begin() + lo, samples.begin() + hi);
        auto mid = window.begin() + (window.size() - 1) / 2;
        std::nth_element(window.begin(), mid, window.end());
        out[i] = *mid;
    }
    return out;
}
