#include <arpa/inet.h>
#include <cstdint>
#include <cstdlib>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

// Client for the warehouse stock service's line protocol: "STOCK <sku>\n"
// is answered with "<units on hand>\n", or "-1\n" for an unknown SKU. The
// server keeps a connection open until the client closes it.

static int connect_loopback(uint16_t port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static bool send_all(int fd, const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
        ssize_t n = send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        off += static_cast<size_t>(n);
    }
    return true;
}

// Reads one reply line (without the newline). Replies are only sent in
// answer to a request, so nothing follows the newline.
static bool recv_line(int fd, std::string& line) {
    line.clear();
    char buf[64];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            return false;
        line.append(buf, static_cast<size_t>(n));
        if (line.back() == '\n') {
            line.pop_back();
            return true;
        }
    }
}

// Looks up the stock level of every SKU, in order. Returns false on any
// connection or protocol error.
bool check_stock(uint16_t port, const std::vector<std::string>& skus,
                 std::vector<int64_t>& units) {
    units.clear();
    // One connection for the whole batch; the server serves any number of
    // requests on it.
    int fd = connect_loopback(port);
    if (fd < 0)
        return false;
    std::string reply;
    for (const std::string& sku : skus) {
        if (!send_all(fd, "STOCK " + sku + "\n") || !recv_line(fd, reply)) {
            close(fd);
            return false;
        }
        units.push_back(std::strtoll(reply.c_str(), nullptr, 10));
    }
    close(fd);
    return true;
}
