// Harness for leveldb::Block::Iter::Seek: a reused iterator seeking to increasing keys in one large block.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>
#include "leveldb/comparator.h"
#include "leveldb/iterator.h"
#include "table/block.h"
#include "table/format.h"

static uint64_t splitmix64(uint64_t &s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static uint64_t mix(uint64_t h, uint64_t v) { h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2); return h * 0x100000001B3ULL; }

static void put_varint32(std::string &dst, uint32_t v) {
    while (v >= 128) { dst.push_back((char)(v | 128)); v >>= 7; }
    dst.push_back((char)v);
}
static void put_fixed32(std::string &dst, uint32_t v) { char b[4]; memcpy(b, &v, 4); dst.append(b, 4); }  // little-endian host

// serialise sorted keys/values in leveldb's block format (prefix compression, restart every 16 entries)
static std::string build_block(const std::vector<std::string> &keys, const std::vector<std::string> &vals) {
    std::string out; std::vector<uint32_t> restarts; std::string last;
    for (size_t k = 0; k < keys.size(); k++) {
        size_t shared = 0;
        if (k % 16 == 0) restarts.push_back((uint32_t)out.size());
        else { size_t m = std::min(last.size(), keys[k].size()); while (shared < m && last[shared] == keys[k][shared]) shared++; }
        put_varint32(out, (uint32_t)shared); put_varint32(out, (uint32_t)(keys[k].size() - shared)); put_varint32(out, (uint32_t)vals[k].size());
        out.append(keys[k], shared, std::string::npos); out.append(vals[k]);
        last = keys[k];
    }
    for (uint32_t r : restarts) put_fixed32(out, r);
    put_fixed32(out, (uint32_t)restarts.size());
    return out;
}

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "inputs") != 0)) {
        fprintf(stderr, "usage: %s ITERATIONS SCALE SEED [inputs]\n", argv[0]);
        return 2;
    }
    long iters = atol(argv[1]); long scale = atol(argv[2]); uint64_t seed = strtoull(argv[3], 0, 10);
    if (iters < 0 || scale < 1) { fprintf(stderr, "bad arguments\n"); return 2; }
    bool inputs_only = argc == 5;
    // base: one block of SCALE*1000 keys "user/<common prefix>/<12-digit even number>" with short values
    size_t n = (size_t)scale * 1000;
    std::vector<std::string> keys(n), vals(n);
    const std::string prefix = "user/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/";
    uint64_t bs = 4711;
    for (size_t k = 0; k < n; k++) {
        char num[32]; snprintf(num, sizeof num, "%012llu", (unsigned long long)(2 * k));
        keys[k] = prefix + num;
        char v[16]; snprintf(v, sizeof v, "v%u", (unsigned)(splitmix64(bs) % 100000)); vals[k] = v;
    }
    std::string block_data = build_block(keys, vals);
    leveldb::BlockContents contents;
    contents.data = leveldb::Slice(block_data);
    contents.cachable = false;
    contents.heap_allocated = false;
    leveldb::Block block(contents);
    const leveldb::Comparator *cmp = leveldb::BytewiseComparator();
    // each iteration: SCALE*1000/4 increasing targets with seeded gaps of 1..8 key positions
    size_t nseeks = n / 4;
    // all candidate target keys (even = present, odd = between keys), built once
    std::vector<std::string> allkeys(2 * n + 32);
    for (size_t p = 0; p < allkeys.size(); p++) { char num[32]; snprintf(num, sizeof num, "%012llu", (unsigned long long)p); allkeys[p] = prefix + num; }
    std::vector<uint32_t> targets(nseeks);
    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        uint64_t s = seed + (uint64_t)i;
        uint64_t pos = splitmix64(s) % 16;
        for (size_t t = 0; t < nseeks; t++) {
            pos += 1 + splitmix64(s) % 7;      // mostly within the same restart interval
            targets[t] = (uint32_t)pos;  // odd values fall between keys
        }
        if (inputs_only) {
            digest = mix(digest, pos);
            digest = mix(digest, targets[nseeks / 2]);
            continue;
        }
        leveldb::Iterator *it = block.NewIterator(cmp);
        uint64_t h = 0;
        for (size_t t = 0; t < nseeks; t++) {
            it->Seek(allkeys[targets[t]]);
            if (!it->Valid()) { h = mix(h, 0xdead); continue; }
            leveldb::Slice v = it->value();
            leveldb::Slice kk = it->key();
            h = mix(h, (unsigned char)kk[kk.size() - 1] * 131 + (unsigned char)kk[kk.size() - 2] + v.size() * 7 + (unsigned char)v[v.size() - 1]);
        }
        delete it;
        digest = mix(digest, h);
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
