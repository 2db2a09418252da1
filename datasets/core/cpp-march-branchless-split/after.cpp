#include <cstddef>
#include <cstdint>
#include <vector>

// Splits request latencies (microseconds) into those within the latency
// budget and those over it, keeping the input order in both lists. The
// output vectors are reused across calls by the triage loop, which then
// computes percentiles on each side.
void split_by_budget(const std::vector<uint32_t>& latencies_us, uint32_t budget_us,
                     std::vector<uint32_t>& within, std::vector<uint32_t>& over) {
    // Branch-free split: store every value to both outputs and advance only
    // the cursor of the side it belongs to. Which side a latency lands on
    // is essentially random, so a branch here mispredicts constantly.
    const size_t n = latencies_us.size();
    within.resize(n);
    over.resize(n);
    uint32_t* w = within.data();
    uint32_t* o = over.data();
    size_t nw = 0, no = 0;
    for (size_t i = 0; i < n; ++i) {
        uint32_t v = latencies_us[i];
        w[nw] = v;
        o[no] = v;
        size_t in_budget = v <= budget_us;
        nw += in_budget;
        no += 1 - in_budget;
    }
    within.resize(nw);
    over.resize(no);
}
