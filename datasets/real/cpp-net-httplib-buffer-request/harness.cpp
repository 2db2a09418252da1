// perfcon harness for cpp-httplib's httplib::Client::write_request (writes
// one HTTP request to the socket). usage: prog ITERATIONS SCALE SEED [inputs]
//
// A small HTTP/1.1 server runs in this process on 127.0.0.1, in a thread
// of its own: for each connection it reads the request head and its
// Content-Length body, answers with one write (status, headers and body
// together, as a real server does) and closes, as the request's
// "Connection: close" asks. Each iteration makes SCALE POST requests,
// their paths, headers, form fields and JSON bodies drawn from SEED+i, through
// httplib::Client; the server's answer to each (its status and body, which
// carry a hash of the request head and body it received) goes into the
// digest.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "httplib.h"

static uint64_t splitmix64(uint64_t &s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint64_t fnv(uint64_t h, const char *p, size_t n) {
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)p[i]; h *= 0x100000001B3ULL; }
    return h;
}

static uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return h * 0x100000001B3ULL;
}

// ---- the loopback server -------------------------------------------------

static std::atomic<bool> stopping(false);

static void serve_connection(int fd) {
    std::string in;
    char buf[16384];
    size_t head_end = std::string::npos;
    while (head_end == std::string::npos) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) { close(fd); return; }
        in.append(buf, (size_t)n);
        head_end = in.find("\r\n\r\n");
    }
    size_t body_len = 0;
    {
        // header names are matched case-insensitively
        std::string lower = in.substr(0, head_end);
        for (auto &c : lower) c = (char)tolower((unsigned char)c);
        size_t p = lower.find("\r\ncontent-length:");
        if (p != std::string::npos) body_len = strtoul(lower.c_str() + p + 17, nullptr, 10);
    }
    while (in.size() < head_end + 4 + body_len) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) { close(fd); return; }
        in.append(buf, (size_t)n);
    }
    // The request line and every header but Host (whose port changes from
    // run to run), and the body.
    std::string head = in.substr(0, head_end);
    std::string kept;
    size_t pos = 0;
    while (pos <= head.size()) {
        size_t e = head.find("\r\n", pos);
        if (e == std::string::npos) e = head.size();
        std::string line = head.substr(pos, e - pos);
        if (strncasecmp(line.c_str(), "Host:", 5) != 0) { kept += line; kept += '\n'; }
        pos = e + 2;
    }
    uint64_t h = fnv(1469598103934665603ULL, kept.data(), kept.size());
    h = fnv(h, in.data() + head_end + 4, body_len);
    char body[128];
    int blen = snprintf(body, sizeof body, "{\"received\":%zu,\"hash\":\"%016llx\"}\n",
                        body_len, (unsigned long long)h);
    int status = (h % 17 == 0) ? 409 : 200;
    char out[512];
    int olen = snprintf(out, sizeof out,
                        "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                        "Connection: close\r\n\r\n%s",
                        status, status == 200 ? "OK" : "Conflict", blen, body);
    send(fd, out, (size_t)olen, MSG_NOSIGNAL);
    close(fd);
}

static void server_loop(int lfd) {
    while (!stopping.load()) {
        int fd = accept(lfd, nullptr, nullptr);
        if (fd < 0) continue;
        if (stopping.load()) { close(fd); break; }
        serve_connection(fd);
    }
}

// ---- the workload --------------------------------------------------------

static const char *kResources[] = {"orders", "invoices", "customers", "shipments", "refunds", "carts"};
static const char *kFields[] = {"sku", "qty", "price", "currency", "note", "region", "coupon", "channel"};

struct Req {
    std::string path;
    std::string body;
    httplib::Headers headers;
    bool form;
};

static std::string hex64(uint64_t v) {
    char b[17];
    snprintf(b, sizeof b, "%016llx", (unsigned long long)v);
    return b;
}

static void make_input(uint64_t s, long scale, std::vector<Req> &out) {
    out.clear();
    for (long j = 0; j < scale; j++) {
        uint64_t r = splitmix64(s);
        Req q;
        q.path = std::string("/api/v1/") + kResources[r % 6] + "/" + std::to_string((r >> 8) % 100000);
        q.form = ((r >> 30) & 3) == 0;
        int nf = 2 + (int)((r >> 33) % 6);
        for (int f = 0; f < nf; f++) {
            uint64_t v = splitmix64(s);
            std::string val = std::to_string(v % 1000000);
            if (q.form) {
                if (f) q.body += '&';
                q.body += std::string(kFields[(v >> 20) % 8]) + "=" + val;
            } else {
                q.body += (f ? ",\"" : "{\"") + std::string(kFields[(v >> 20) % 8]) + "\":" + val;
            }
        }
        if (!q.form) q.body += "}";
        // the headers an API client sends with each call
        q.headers.emplace("Authorization", "Bearer " + hex64(splitmix64(s)) + hex64(splitmix64(s)));
        q.headers.emplace("X-Request-Id", hex64(r));
        q.headers.emplace("X-Client-Version", "3." + std::to_string((r >> 40) % 20) + ".1");
        q.headers.emplace("Accept-Language", ((r >> 45) & 1) ? "en-US" : "de-DE");
        q.headers.emplace("Idempotency-Key", hex64(splitmix64(s)));
        q.headers.emplace("X-Tenant", std::string("tenant-") + std::to_string((r >> 50) % 64));
        out.push_back(std::move(q));
    }
}

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "inputs") != 0)) {
        fprintf(stderr, "usage: %s ITERATIONS SCALE SEED [inputs]\n", argv[0]);
        return 2;
    }
    long iters = atol(argv[1]);
    long scale = atol(argv[2]);
    uint64_t seed = strtoull(argv[3], nullptr, 10);
    if (iters < 0 || scale < 1) { fprintf(stderr, "bad arguments\n"); return 2; }
    bool inputs_only = argc == 5;

    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(lfd, (sockaddr *)&addr, sizeof addr) != 0 || listen(lfd, 128) != 0) {
        perror("listen");
        return 1;
    }
    socklen_t alen = sizeof addr;
    getsockname(lfd, (sockaddr *)&addr, &alen);
    int port = ntohs(addr.sin_port);
    std::thread server(server_loop, lfd);

    httplib::Client cli("127.0.0.1", port);
    uint64_t digest = 1469598103934665603ULL;
    std::vector<Req> reqs;
    for (long i = 0; i < iters; i++) {
        make_input(seed + (uint64_t)i, scale, reqs);
        if (inputs_only) {
            for (auto &q : reqs) digest = fnv(digest, q.body.data(), q.body.size());
            digest = mix(digest, 0x7c);
            continue;
        }
        for (auto &q : reqs) {
            auto res = cli.Post(q.path.c_str(), q.headers, q.body,
                                q.form ? "application/x-www-form-urlencoded" : "application/json");
            if (!res) {
                digest = mix(digest, 0xdead);
                continue;
            }
            digest = mix(digest, (uint64_t)res->status);
            digest = fnv(digest, res->body.data(), res->body.size());
        }
        digest = mix(digest, 0x7c);
    }

    stopping.store(true);
    // wake the server's accept
    int wake = socket(AF_INET, SOCK_STREAM, 0);
    connect(wake, (sockaddr *)&addr, sizeof addr);
    close(wake);
    server.join();
    close(lfd);
    printf("%016llx\n", (unsigned long long)digest);
    return 0;
}
