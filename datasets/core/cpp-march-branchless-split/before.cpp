#include <cstddef>
#include <cstdint>
#include <vector>

// Splits request latencies (microseconds) into those within the latency
// budget and those over it, keeping the input order in both lists. The
// output vectors are reused across calls by the triage loop, which then
// computes percentiles on each side.
void split_by_budget(const std::vector<uint32_t>& latencies_us, uint32_t budget_us,
                     std::vector<uint32_t>& within, std::vector<uint32_t>& over) {
    within.clear();
    over.clear();
    for (uint32_t v : latencies_us) {
        if (v <= budget_us)
            within.push_back(v);
        else
            over.push_back(v);
    }
}
