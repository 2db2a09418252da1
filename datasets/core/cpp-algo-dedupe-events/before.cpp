#include <cstdint>
#include <vector>

// An event as delivered by the collectors. Collectors retry on timeout, so
// the same (source, seq) pair can arrive more than once in a batch; the
// first copy wins.
struct Event {
    uint32_t source;
    uint32_t seq;
    int64_t value;
};

static bool same_event(const Event& a, const Event& b) {
    return a.source == b.source && a.seq == b.seq;
}

// Returns the batch with retransmitted events removed, keeping the first
// occurrence of every (source, seq) pair and the original order.
std::vector<Event> dedupe_events(const std::vector<Event>& batch) {
    std::vector<Event> kept;
    kept.reserve(batch.size());
    for (const Event& ev : batch) {
        bool seen = false;
        for (const Event& k : kept) {
            if (same_event(k, ev)) {
                seen = true;
                break;
            }
        }
        if (!seen)
            kept.push_back(ev);
    }
    return kept;
}
