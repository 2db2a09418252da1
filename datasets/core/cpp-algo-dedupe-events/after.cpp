#include <cstdint>
#include <unordered_set>
#include <vector>

// An event as delivered by the collectors. Collectors retry on timeout, so
// the same (source, seq) pair can arrive more than once in a batch; the
// first copy wins.
struct Event {
    uint32_t source;
    uint32_t seq;
    int64_t value;
};

static uint64_t event_key(const Event& e) {
    return (static_cast<uint64_t>(e.source) << 32) | e.seq;
}

// Returns the batch with retransmitted events removed, keeping the first
// occurrence of every (source, seq) pair and the original order.
std::vector<Event> dedupe_events(const std::vector<Event>& batch) {
    std::vector<Event> kept;
    kept.reserve(batch.size());
    std::unordered_set<uint64_t> seen;
    seen.reserve(batch.size());
    for (const Event& ev : batch) {
        if (seen.insert(event_key(ev)).second)
            kept.push_back(ev);
    }
    return kept;
}
