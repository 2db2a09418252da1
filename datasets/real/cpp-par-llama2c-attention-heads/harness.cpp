// perfcon harness for llama2.c's transformer (one forward step), run.c
// compiled as C with -fopenmp; its main is renamed by -Dmain=llama2c_run_main.
// usage: prog ITERATIONS SCALE SEED [inputs]
// SCALE is the context length: the step runs at position SCALE-1, attending
// over a key/value cache of SCALE positions filled once from a fixed seed.
#undef main
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

// run.c's structs (the same at the parent and at the commit)
extern "C" {
typedef struct {
    int dim; int hidden_dim; int n_layers; int n_heads; int n_kv_heads; int vocab_size; int seq_len;
} Config;
typedef struct {
    float* token_embedding_table; float* rms_att_weight; float* rms_ffn_weight;
    float* wq; float* wk; float* wv; float* wo;
    float* w1; float* w2; float* w3;
    float* rms_final_weight; float* freq_cis_real; float* freq_cis_imag;
} TransformerWeights;
typedef struct {
    float *x; float *xb; float *xb2; float *hb; float *hb2; float *q; float *k; float *v;
    float *att; float *logits; float* key_cache; float* value_cache;
} RunState;
void malloc_run_state(RunState* s, Config* p);
void malloc_weights(TransformerWeights* w, Config* p);
void transformer(int token, int pos, Config* p, RunState* s, TransformerWeights* w);
}

static uint64_t splitmix64(uint64_t &s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static float unitf(uint64_t &s) { return (float)((splitmix64(s) >> 40) * (1.0 / 16777216.0)) - 0.5f; }
static void fill(float *p, size_t n, uint64_t &s, float scale) { for (size_t k = 0; k < n; k++) p[k] = unitf(s) * scale; }
static uint64_t mix(uint64_t h, uint64_t v) { h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2); return h * 0x100000001B3ULL; }

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "inputs") != 0)) {
        fprintf(stderr, "usage: %s ITERATIONS SCALE SEED [inputs]\n", argv[0]);
        return 2;
    }
    long iters = atol(argv[1]);
    long scale = atol(argv[2]);
    uint64_t seed = strtoull(argv[3], 0, 10);
    if (iters < 0 || scale < 2) { fprintf(stderr, "bad arguments\n"); return 2; }
    bool inputs_only = argc == 5;

    // base: a small model (dim 128, 8 heads, 2 layers) with a long context
    Config p;
    p.dim = 128; p.hidden_dim = 256; p.n_layers = 2; p.n_heads = 8; p.n_kv_heads = 8;
    p.vocab_size = 256; p.seq_len = (int)scale;
    TransformerWeights w;
    RunState s;
    malloc_weights(&w, &p);
    malloc_run_state(&s, &p);
    uint64_t bs = 0x5eed1a2;
    size_t dim = p.dim, hd = p.hidden_dim, L = p.n_layers;
    fill(w.token_embedding_table, (size_t)p.vocab_size * dim, bs, 2.0f);
    for (size_t k = 0; k < L * dim; k++) { w.rms_att_weight[k] = 1.0f + unitf(bs) * 0.1f; w.rms_ffn_weight[k] = 1.0f + unitf(bs) * 0.1f; }
    fill(w.wq, L * dim * dim, bs, 0.2f); fill(w.wk, L * dim * dim, bs, 0.2f);
    fill(w.wv, L * dim * dim, bs, 0.2f); fill(w.wo, L * dim * dim, bs, 0.2f);
    fill(w.w1, L * dim * hd, bs, 0.2f); fill(w.w2, L * dim * hd, bs, 0.2f); fill(w.w3, L * dim * hd, bs, 0.2f);
    for (size_t k = 0; k < dim; k++) w.rms_final_weight[k] = 1.0f;
    size_t half = (size_t)p.seq_len * dim / 2;
    for (size_t k = 0; k < half; k++) { float a = unitf(bs) * 6.2831853f; w.freq_cis_real[k] = cosf(a); w.freq_cis_imag[k] = sinf(a); }
    // the cache of every earlier position (the step overwrites only row SCALE-1)
    fill(s.key_cache, L * (size_t)p.seq_len * dim, bs, 1.0f);
    fill(s.value_cache, L * (size_t)p.seq_len * dim, bs, 1.0f);
    const int pos = p.seq_len - 1;

    uint64_t digest = 1469598103934665603ULL;
    for (long i = 0; i < iters; i++) {
        // this iteration's input: the token fed at position SCALE-1
        uint64_t r = seed + (uint64_t)i;
        int token = (int)(splitmix64(r) % (uint64_t)p.vocab_size);
        if (inputs_only) { digest = mix(digest, (uint64_t)token); continue; }
        transformer(token, pos, &p, &s, &w);
        uint64_t hh = (uint64_t)token;
        for (int k = 0; k < p.vocab_size; k++) { uint32_t b; memcpy(&b, &s.logits[k], 4); hh = (hh ^ b) * 0x100000001B3ULL; }
        digest = mix(digest, hh);
    }
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
