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
    // Lay the runs out back to back and remember where each one starts.
    std::vector<size_t> bounds{0};
    for (const auto& r : runs) {
        if (r.empty())
            continue;
        out.insert(out.end(), r.begin(), r.end());
        bounds.push_back(out.size());
    }

    // The runs are already sorted: merge neighbouring runs pairwise until
    // one is left. That is ceil(log2(k)) linear passes for k runs instead
    // of a full sort. inplace_merge is stable, so samples with equal
    // timestamps stay in run order.
    auto by_ts = [](const Sample& a, const Sample& b) { return a.ts < b.ts; };
    while (bounds.size() > 2) {
        std::vector<size_t> next{0};
        size_t i = 0;
        for (; i + 2 < bounds.size(); i += 2) {
            std::inplace_merge(out.begin() + bounds[i], out.begin() + bounds[i + 1],
                               out.begin() + bounds[i + 2], by_ts);
            next.push_back(bounds[i + 2]);
        }
        if (i + 1 < bounds.size())  // odd run out: carry it over
            next.push_back(bounds[i + 1]);
        bounds.swap(next);
    }
    return out;
}
