// Harness for cpp-api-map-lookups: prog ITERATIONS SCALE SEED [inputs].
//
// The base corpus is SCALE tokens in documents of 50-250 tokens, drawn
// from a 4000-term vocabulary with a skewed (roughly Zipf-like)
// distribution. Iteration i indexes the base corpus with SCALE/64 tokens,
// drawn from SEED + i, replaced by other vocabulary terms or by terms the
// vocabulary does not have; the replacement is made in place and undone
// after the call. The whole index is folded into the digest. With
// `inputs` the corpus is changed but never indexed.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "solution.cpp"

static const uint64_t kFnvOffset = 1469598103934665603ULL;

// Folds one 64-bit word into a running FNV-style hash.
static uint64_t fold(uint64_t h, uint64_t v) {
    h = (h ^ v) * 1099511628211ULL;
    return h ^ (h >> 31);
}

static uint64_t fold_str(uint64_t h, const std::string& s) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return fold(h, s.size());
}

// Folds n words, word(0) .. word(n-1), into h on four independent lanes,
// so hashing a large result runs at the multiplier's throughput.
template <class Word>
static uint64_t fold_words(uint64_t h, size_t n, Word word) {
    uint64_t lane[4] = {h, h ^ 0x9e3779b97f4a7c15ULL, h ^ 0xc2b2ae3d27d4eb4fULL, h ^ 0x165667b19e3779f9ULL};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (size_t k = 0; k < 4; ++k)
            lane[k] = (lane[k] ^ word(i + k)) * 1099511628211ULL;
    for (; i < n; ++i)
        lane[0] = (lane[0] ^ word(i)) * 1099511628211ULL;
    for (uint64_t l : lane)
        h = fold(h, l);
    return fold(h, n);
}

static uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// splitmix64 seeded from SEED + i alone: iteration i of seed s draws
// exactly what iteration i-1 of seed s+1 draws.
struct IterRng {
    uint64_t state;
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x6d61706c6b700003ULL)) {}
    uint64_t next() { return mix64(state += 0x9e3779b97f4a7c15ULL); }
    uint64_t below(uint64_t n) { return next() % n; }
};

static bool parse_number(const char* s, uint64_t& out) {
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return false;
    out = v;
    return true;
}

static int usage(const char* prog) {
    std::fprintf(stderr, "usage: %s ITERATIONS SCALE SEED [inputs]\n", prog);
    return 2;
}

struct Undo {
    size_t doc, pos;
    std::string old;
};

int main(int argc, char** argv) {
    uint64_t iterations = 0, scale = 0, seed = 0;
    if (argc < 4 || argc > 5 || !parse_number(argv[1], iterations) || !parse_number(argv[2], scale) ||
        !parse_number(argv[3], seed) || iterations < 1 || scale < 1 || scale > (1ULL << 32))
        return usage(argv[0]);
    bool inputs_only = false;
    if (argc == 5) {
        if (std::strcmp(argv[4], "inputs") != 0)
            return usage(argv[0]);
        inputs_only = true;
    }

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
    uint64_t produced = 0;
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

    const size_t changes = scale / 64 > 0 ? static_cast<size_t>(scale / 64) : 1;
    std::vector<Undo> undo(changes);
    uint64_t h = kFnvOffset;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's corpus: `changes` tokens replaced, seven in
        // eight by another vocabulary term, the rest by a new term.
        IterRng ir(seed + it);
        uint64_t made = 0;
        for (size_t k = 0; k < changes; ++k) {
            Undo& u = undo[k];
            u.doc = static_cast<size_t>(ir.below(docs.size()));
            u.pos = static_cast<size_t>(ir.below(docs[u.doc].size()));
            uint64_t r = ir.next();
            if ((r & 7) != 0)
                u.old = vocab[(r >> 8) % vocab_size];
            else
                u.old = "zq" + std::to_string((r >> 8) % 100000);
            std::swap(u.old, docs[u.doc][u.pos]);
            made = fold(made, (static_cast<uint64_t>(u.doc) << 32) ^ u.pos ^ (r >> 8));
        }

        if (inputs_only) {
            h = fold(h, made ^ docs[undo[0].doc][undo[0].pos].size());
        } else {
            PostingIndex idx = build_postings(docs);
            for (const auto& kv : idx) {
                h = fold_str(h, kv.first);
                h = fold(h, kv.second.doc_freq);
                const std::vector<Posting>& ps = kv.second.postings;
                h = fold_words(h, ps.size(), [&](size_t i) {
                    return (static_cast<uint64_t>(ps[i].doc) << 32) | ps[i].position;
                });
            }
            h = fold(h, idx.size());
        }

        // Back to the base corpus, last change first.
        for (size_t k = changes; k-- > 0;)
            std::swap(undo[k].old, docs[undo[k].doc][undo[k].pos]);
    }
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
