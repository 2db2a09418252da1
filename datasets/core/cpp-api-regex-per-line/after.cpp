#include <cstdint>
#include <regex>
#include <string>
#include <vector>

struct LogSummary {
    uint64_t parsed = 0;
    uint64_t rejected = 0;
    uint64_t status_class[6] = {0, 0, 0, 0, 0, 0};  // index = status / 100
    uint64_t slow = 0;         // requests at or above the threshold
    uint64_t slow_total_ms = 0;
    uint64_t bytes = 0;
};

// Parses one access-log line of the form
//   <METHOD> <path> <status> <bytes>B <millis>ms
static bool parse_line(const std::string& line, unsigned& status,
                       uint64_t& bytes, uint64_t& millis) {
    // Compiling a std::regex is far more expensive than matching with it;
    // build it once and reuse it for every line.
    static const std::regex re(
        R"(^(GET|POST|PUT|DELETE|HEAD) (/[^ ]*) ([1-5][0-9]{2}) ([0-9]+)B ([0-9]+)ms$)",
        std::regex::optimize);
    std::smatch m;
    if (!std::regex_match(line, m, re))
        return false;
    status = static_cast<unsigned>(std::stoul(m[3].str()));
    bytes = std::stoull(m[4].str());
    millis = std::stoull(m[5].str());
    return true;
}

LogSummary summarize_access_log(const std::vector<std::string>& lines,
                                uint64_t slow_threshold_ms) {
    LogSummary s;
    for (const std::string& line : lines) {
        unsigned status = 0;
        uint64_t bytes = 0, millis = 0;
        if (!parse_line(line, status, bytes, millis)) {
            ++s.rejected;
            continue;
        }
        ++s.parsed;
        ++s.status_class[status / 100];
        s.bytes += bytes;
        if (millis >= slow_threshold_ms) {
            ++s.slow;
            s.slow_total_ms += millis;
        }
    }
    return s;
}
