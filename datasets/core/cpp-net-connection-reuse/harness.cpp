// Harness for cpp-net-connection-reuse: prog ITERATIONS SCALE SEED [inputs].
//
// A loopback stock server runs for the whole run (shared set-up). The base
// batch is SCALE SKUs, 1 in 40 of them unknown legacy codes. Iteration i
// checks the base batch with SCALE/32 SKUs, drawn from SEED + i, replaced
// by other SKUs; the replacement is made in place and undone after the
// call. Every stock level is folded into the digest. With `inputs` the
// batches are made but check_stock() is never called.
#include <arpa/inet.h>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <random>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

#include "solution.cpp"

static const uint64_t kFnvOffset = 1469598103934665603ULL;

// Folds one 64-bit word into a running FNV-style hash.
static uint64_t fold(uint64_t h, uint64_t v) {
    h = (h ^ v) * 1099511628211ULL;
    return h ^ (h >> 31);
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
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x73746f636b72000dULL)) {}
    uint64_t next() { return mix64(state += 0x9e3779b97f4a7c15ULL); }
    uint64_t below(uint64_t n) { return next() % n; }
    uint32_t operator()() { return static_cast<uint32_t>(next() >> 32); }
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

static int64_t stock_of(const std::string& sku) {
    if (sku.compare(0, 4, "SKU-") != 0) return -1;
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : sku) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return static_cast<int64_t>(h % 5000);
}

static bool write_all(int fd, const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
        ssize_t n = send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
        if (n <= 0) return false;
        off += static_cast<size_t>(n);
    }
    return true;
}

// Serves connections one after another until a "QUIT" line arrives.
static void serve(int lfd) {
    for (;;) {
        int cfd = accept(lfd, nullptr, nullptr);
        if (cfd < 0) return;
        std::string in;
        char buf[4096];
        bool quit = false;
        for (;;) {
            ssize_t n = recv(cfd, buf, sizeof buf, 0);
            if (n <= 0) break;
            in.append(buf, static_cast<size_t>(n));
            std::string out;
            size_t start = 0, nl;
            while ((nl = in.find('\n', start)) != std::string::npos) {
                std::string line = in.substr(start, nl - start);
                start = nl + 1;
                if (line == "QUIT") {
                    quit = true;
                    break;
                }
                if (line.compare(0, 6, "STOCK ") == 0)
                    out += std::to_string(stock_of(line.substr(6))) + "\n";
                else
                    out += "ERR\n";
            }
            in.erase(0, start);
            if (quit || !write_all(cfd, out)) break;
        }
        // Abortive close once the client is done: no TIME_WAIT sockets pile
        // up on either side however many connections a run makes.
        linger lg{1, 0};
        setsockopt(cfd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        close(cfd);
        if (quit) return;
    }
}

// One SKU of a batch: 1 in 40 is a legacy code the service does not know.
template <class Rng>
static std::string make_sku(Rng& rng) {
    if (rng() % 40 == 0)
        return "LEGACY-" + std::to_string(rng() % 1000);
    return "SKU-" + std::to_string(100000 + rng() % 900000);
}

struct Undo {
    size_t index;
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

    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof addr;
    if (lfd < 0 || bind(lfd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(lfd, 128) != 0 ||
        getsockname(lfd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) {
        std::perror("listen");
        return 1;
    }
    uint16_t port = ntohs(addr.sin_port);
    std::thread server(serve, lfd);

    std::mt19937 rng(4711);
    std::vector<std::string> skus;
    for (uint64_t i = 0; i < scale; ++i)
        skus.push_back(make_sku(rng));

    const size_t changes = skus.size() / 32 > 0 ? skus.size() / 32 : 1;
    std::vector<Undo> undo(changes);
    int rc = 0;
    uint64_t h = kFnvOffset;
    std::vector<int64_t> units;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's batch: `changes` SKUs replaced by other ones.
        IterRng ir(seed + it);
        uint64_t made = 0;
        for (Undo& u : undo) {
            u.index = static_cast<size_t>(ir.below(skus.size()));
            u.old = make_sku(ir);
            made = fold(made, u.index ^ (static_cast<uint64_t>(static_cast<unsigned char>(u.old.back())) << 32));
            std::swap(u.old, skus[u.index]);
        }

        if (inputs_only) {
            h = fold(h, made);
        } else {
            if (!check_stock(port, skus, units) || units.size() != skus.size()) {
                std::fprintf(stderr, "fetch failed\n");
                rc = 1;
                break;
            }
            for (int64_t p : units) h = fold(h, static_cast<uint64_t>(p));
            h = fold(h, units.size());
        }

        // Back to the base batch, last change first.
        for (size_t k = changes; k-- > 0;)
            std::swap(undo[k].old, skus[undo[k].index]);
    }

    int qfd = connect_loopback(port);
    if (qfd >= 0) {
        write_all(qfd, "QUIT\n");
        server.join();
        close(qfd);
    } else {
        shutdown(lfd, SHUT_RDWR);
        server.join();
    }
    close(lfd);
    if (rc != 0) return rc;
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
