#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "solution.cpp"

static uint64_t fnv1a(uint64_t h, uint64_t v) {
    for (int i = 0; i < 8; ++i) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t fnv1a_str(uint64_t h, const std::string& s) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return fnv1a(h, s.size());
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s ITERATIONS SCALE\n", argv[0]);
        return 2;
    }
    long iterations = std::atol(argv[1]);
    long scale = std::atol(argv[2]);
    if (iterations < 1 || scale < 1) return 2;

    // A vocabulary with a skewed (roughly Zipf-like) term distribution;
    // SCALE is the total number of tokens.
    std::mt19937 rng(99);
    const size_t vocab_size = 4000;
    std::vector<std::string> vocab;
    vocab.reserve(vocab_size);
    static const char letters[] = "etaoinshrdlucmfwypvbgkjqxz";
    for (size_t i = 0; i < vocab_size; ++i) {
        std::string w;
        size_t len = 3 + rng() % 9;
        for (size_t k = 0; k < len; ++k) w += letters[(rng() >> 3) % 26];
        w += std::to_string(i % 97);
        vocab.push_back(w);
    }
    std::vector<std::vector<std::string>> docs;
    long produced = 0;
    while (produced < scale) {
        std::vector<std::string> doc;
        size_t len = 50 + rng() % 200;
        for (size_t k = 0; k < len && produced < scale; ++k, ++produced) {
            uint32_t r = rng();
            // min of two draws skews toward low ids
            uint32_t a = r % vocab_size, b = (r >> 16) % vocab_size;
            uint32_t c = rng() % vocab_size;
            uint32_t id = a < b ? a : b;
            id = id < c ? id : c;
            doc.push_back(vocab[id]);
        }
        docs.push_back(std::move(doc));
    }

    uint64_t h = 1469598103934665603ULL;
    size_t check = 0;
    for (long it = 0; it < iterations; ++it) {
        PostingIndex idx = build_postings(docs);
        size_t local = idx.size() * 1000003 + idx.begin()->second.postings.size();
        if (it == 0) {
            check = local;
            for (const auto& kv : idx) {
                h = fnv1a_str(h, kv.first);
                h = fnv1a(h, kv.second.doc_freq);
                h = fnv1a(h, kv.second.postings.size());
                for (const Posting& p : kv.second.postings)
                    h = fnv1a(h, (static_cast<uint64_t>(p.doc) << 32) | p.position);
            }
        } else if (local != check) {
            std::fprintf(stderr, "unstable result\n");
            return 1;
        }
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
