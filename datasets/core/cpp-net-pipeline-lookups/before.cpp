#include <cstdint>
#include <cstdlib>
#include <string>
#include <sys/socket.h>
#include <vector>

// Client side of the geo service protocol. Requests are "R <ipv4>\n" with
// the address as a decimal 32-bit integer; each is answered, in order, by
// "<region id>\n". Requests may be pipelined: the server answers them
// strictly in the order received.

struct LineReader {
    int fd;
    std::string buf;
    size_t pos = 0;

    explicit LineReader(int f) : fd(f) {}

    bool next(std::string& line) {
        for (;;) {
            size_t nl = buf.find('\n', pos);
            if (nl != std::string::npos) {
                line.assign(buf, pos, nl - pos);
                pos = nl + 1;
                if (pos == buf.size()) {
                    buf.clear();
                    pos = 0;
                }
                return true;
            }
            char tmp[16384];
            ssize_t n = recv(fd, tmp, sizeof tmp, 0);
            if (n <= 0)
                return false;
            buf.append(tmp, static_cast<size_t>(n));
        }
    }
};

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

// Resolves the region of every address over the connected socket `fd`.
// Returns false on a connection or protocol error.
bool resolve_regions(int fd, const std::vector<uint32_t>& addrs,
                     std::vector<uint64_t>& regions) {
    regions.clear();
    LineReader reader(fd);
    std::string line;
    for (uint32_t addr : addrs) {
        if (!send_all(fd, "R " + std::to_string(addr) + "\n"))
            return false;
        if (!reader.next(line))
            return false;
        regions.push_back(std::strtoull(line.c_str(), nullptr, 10));
    }
    return true;
}
