#include <arpa/inet.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <netinet/in.h>
#include <random>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "solution.cpp"

static uint64_t fnv1a(uint64_t h, uint64_t v) {
    for (int i = 0; i < 8; ++i) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 1099511628211ULL;
    }
    return h;
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

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s ITERATIONS SCALE\n", argv[0]);
        return 2;
    }
    long iterations = std::atol(argv[1]);
    long scale = std::atol(argv[2]);
    if (iterations < 1 || scale < 1) return 2;

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
    for (long i = 0; i < scale; ++i) {
        if (rng() % 40 == 0)
            skus.push_back("LEGACY-" + std::to_string(rng() % 1000));
        else
            skus.push_back("SKU-" + std::to_string(100000 + rng() % 900000));
    }

    int rc = 0;
    uint64_t h = 1469598103934665603ULL;
    int64_t first_sum = 0;
    std::vector<int64_t> units;
    for (long it = 0; it < iterations; ++it) {
        if (!check_stock(port, skus, units) || units.size() != skus.size()) {
            std::fprintf(stderr, "fetch failed\n");
            rc = 1;
            break;
        }
        int64_t sum = 0;
        for (int64_t p : units) sum += p;
        if (it == 0) {
            first_sum = sum;
            for (int64_t p : units) h = fnv1a(h, static_cast<uint64_t>(p));
        } else if (sum != first_sum) {
            std::fprintf(stderr, "unstable result\n");
            rc = 1;
            break;
        }
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
