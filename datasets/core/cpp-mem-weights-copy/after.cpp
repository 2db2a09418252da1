#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

// A linear model over hashed sparse features, in fixed point (1/1024).
struct LinearModel {
    std::string name;
    std::vector<int32_t> weights;  // indexed by feature id
    int32_t bias = 0;
};

struct Candidate {
    uint64_t item_id;
    std::vector<uint32_t> features;  // active feature ids
    std::vector<int32_t> values;     // matching feature values
};

struct Scored {
    uint64_t item_id;
    int64_t score;
};

static int64_t score_one(const Candidate& c, const LinearModel& model) {
    int64_t s = model.bias;
    for (size_t k = 0; k < c.features.size(); ++k) {
        uint32_t f = c.features[k] % model.weights.size();
        s += static_cast<int64_t>(model.weights[f]) * c.values[k];
    }
    return s / 1024;
}

std::vector<Scored> score_candidates(const std::vector<Candidate>& cands,
                                     const LinearModel& model) {
    std::vector<Scored> out;
    out.reserve(cands.size());
    for (const Candidate& c : cands) {
        Scored s;
        s.item_id = c.item_id;
        s.score = score_one(c, model);
        out.push_back(s);
    }
    return out;
}
