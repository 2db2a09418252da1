// Harness for cpp-net-pipeline-lookups: prog ITERATIONS SCALE SEED [inputs].
//
// A loopback geo server and one connection to it last for the whole run
// (shared set-up). The base batch is SCALE random IPv4 addresses.
// Iteration i resolves the base batch with SCALE/32 addresses, drawn from
// SEED + i, replaced by other addresses; the replacement is made in place
// and undone after the call. Every region is folded into the digest. With
// `inputs` the batches are made but resolve_regions() is never called.
#include <arpa/inet.h>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <random>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
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
    explicit IterRng(uint64_t seed) : state(mix64(seed ^ 0x67656f6c6f6f000eULL)) {}
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

static uint64_t region_of(uint64_t addr) {
    // Regions are assigned per /16 block.
    uint64_t x = (addr >> 16) * 0x9E3779B97F4A7C15ULL;
    x ^= x >> 29;
    return x % 4096;
}

// Serves one connection: answers every complete request line in what it
// has read, with one send per read, until the client closes.
static void serve(int lfd) {
    int cfd = accept(lfd, nullptr, nullptr);
    if (cfd < 0) return;
    int one = 1;
    setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string in, out;
    char buf[16384];
    for (;;) {
        ssize_t n = recv(cfd, buf, sizeof buf, 0);
        if (n <= 0) break;
        in.append(buf, static_cast<size_t>(n));
        out.clear();
        size_t start = 0, nl;
        while ((nl = in.find('\n', start)) != std::string::npos) {
            if (nl > start + 2 && in[start] == 'R' && in[start + 1] == ' ')
                out += std::to_string(region_of(std::strtoull(in.c_str() + start + 2, nullptr, 10)));
            else
                out += "0";
            out += '\n';
            start = nl + 1;
        }
        in.erase(0, start);
        size_t off = 0;
        while (off < out.size()) {
            ssize_t w = send(cfd, out.data() + off, out.size() - off, MSG_NOSIGNAL);
            if (w <= 0) break;
            off += static_cast<size_t>(w);
        }
        if (off < out.size()) break;
    }
    close(cfd);
}

struct Undo {
    size_t index;
    uint32_t old;
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
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof addr;
    if (lfd < 0 || bind(lfd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(lfd, 4) != 0 ||
        getsockname(lfd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) {
        std::perror("listen");
        return 1;
    }
    std::thread server(serve, lfd);

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        std::perror("connect");
        shutdown(lfd, SHUT_RDWR);
        server.join();
        return 1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    std::mt19937 rng(8675309);
    std::vector<uint32_t> addrs(static_cast<size_t>(scale));
    for (uint32_t& a : addrs) a = static_cast<uint32_t>(rng());

    const size_t changes = addrs.size() / 32 > 0 ? addrs.size() / 32 : 1;
    std::vector<Undo> undo(changes);
    int rc = 0;
    uint64_t h = kFnvOffset;
    std::vector<uint64_t> regions;
    for (uint64_t it = 0; it < iterations; ++it) {
        // This iteration's batch: `changes` addresses replaced.
        IterRng ir(seed + it);
        uint64_t made = 0;
        for (Undo& u : undo) {
            u.index = static_cast<size_t>(ir.below(addrs.size()));
            u.old = addrs[u.index];
            addrs[u.index] = static_cast<uint32_t>(ir.next() >> 32);
            made = fold(made, (static_cast<uint64_t>(u.index) << 32) | addrs[u.index]);
        }

        if (inputs_only) {
            h = fold(h, made);
        } else {
            if (!resolve_regions(fd, addrs, regions) || regions.size() != addrs.size()) {
                std::fprintf(stderr, "fetch failed\n");
                rc = 1;
                break;
            }
            for (uint64_t r : regions) h = fold(h, r);
            h = fold(h, regions.size());
        }

        // Back to the base batch, last change first.
        for (size_t k = changes; k-- > 0;)
            addrs[undo[k].index] = undo[k].old;
    }
    close(fd);
    server.join();
    close(lfd);
    if (rc != 0) return rc;
    std::printf("%016llx\n", static_cast<unsigned long long>(h));
    return 0;
}
