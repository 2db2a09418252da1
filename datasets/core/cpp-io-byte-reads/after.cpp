#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

struct LedgerTotals {
    uint64_t records = 0;
    uint64_t malformed = 0;
    int64_t balance_cents = 0;
    uint64_t max_account = 0;
};

// Parses "<account>,<+|-><cents>" and folds it into the totals.
static void apply_line(const std::string& line, LedgerTotals& t) {
    size_t comma = line.find(',');
    if (comma == std::string::npos || comma == 0 || comma + 2 > line.size()) {
        ++t.malformed;
        return;
    }
    uint64_t account = 0;
    for (size_t i = 0; i < comma; ++i)
        account = account * 10 + static_cast<uint64_t>(line[i] - '0');
    int64_t cents = 0;
    for (size_t i = comma + 2; i < line.size(); ++i)
        cents = cents * 10 + (line[i] - '0');
    t.balance_cents += line[comma + 1] == '-' ? -cents : cents;
    if (account > t.max_account)
        t.max_account = account;
    ++t.records;
}

// Reads a ledger export, one transaction per line, and totals it.
// Returns false if the file cannot be opened.
bool scan_ledger(const char* path, LedgerTotals& totals) {
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return false;
    totals = LedgerTotals();
    std::string line;
    char buf[64 * 1024];
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0) {
        const char* p = buf;
        const char* end = buf + got;
        while (p < end) {
            const char* nl = static_cast<const char*>(memchr(p, '\n', end - p));
            if (nl == nullptr) {
                line.append(p, end);  // line continues in the next chunk
                break;
            }
            line.append(p, nl);
            apply_line(line, totals);
            line.clear();
            p = nl + 1;
        }
    }
    if (!line.empty())
        apply_line(line, totals);
    close(fd);
    return true;
}
