#include <algorithm>
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
    std::string batch;
    // Pipeline the requests in windows: one send per window, then collect
    // its replies. The window bounds how much either side has in flight.
    const size_t kWindow = 256;
    for (size_t start = 0; start < addrs.size(); start += kWindow) {
        size_t stop = std::min(addrs.size(), start + kWindow);
        batch.clear();
        for (size_t i = start; i < stop; ++i) {
            batch += "R ";
            batch += std::to_string(addrs[i]);
            batch += '\n';
        }
        if (!send_all(fd, batch))
            return false;
        for (size_t i = start; i < stop; ++i) {
            if (!reader.next(line))
                return false;
            regions.push_back(std::strtoull(line.c_str(), nullptr, 10));
        }
    }
    return true;
}
