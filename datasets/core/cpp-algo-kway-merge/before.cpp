#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

struct Sample {
    uint64_t ts;
    uint32_t series;
    int32_t value;
};

// Merges per-shard runs, each already sorted by timestamp, into a single
// timestamp-ordered stream. Samples with equal timestamps keep the order of
// their runs (run 0 first) and, within a run, their original order.
std::vector<Sample> merge_runs(const std::vector<std::vector<Sample>>& runs) {
    std::vector<Sample> out;
    size_t total = 0;
    for (const auto& r : runs)
        total += r.size();
    out.reserve(total);
    for (const auto& r : runs)
        out.insert(out.end(), r.begin(), r.end());
    std::stable_sort(out.begin(), out.end(),
                     [](const Sample& a, const Sample& b) { return a.ts < b.ts; });
    return out;
}
