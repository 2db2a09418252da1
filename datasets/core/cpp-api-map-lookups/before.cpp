#include <cstdint>
#include <map>
#include <string>
#include <vector>

struct Posting {
    uint32_t doc;
    uint32_t position;
};

struct TermStats {
    std::vector<Posting> postings;
    uint32_t doc_freq = 0;
    uint32_t last_doc = UINT32_MAX;
};

using PostingIndex = std::map<std::string, TermStats>;

// Builds the postings for a corpus given as tokenised documents.
PostingIndex build_postings(const std::vector<std::vector<std::string>>& docs) {
    PostingIndex index;
    for (uint32_t d = 0; d < docs.size(); ++d) {
        const std::vector<std::string>& tokens = docs[d];
        for (uint32_t pos = 0; pos < tokens.size(); ++pos) {
            const std::string& term = tokens[pos];
            if (index.count(term) == 0)
                index[term] = TermStats();
            index[term].postings.push_back(Posting{d, pos});
            if (index[term].last_doc != d) {
                index[term].doc_freq++;
                index[term].last_doc = d;
            }
        }
    }
    return index;
}
