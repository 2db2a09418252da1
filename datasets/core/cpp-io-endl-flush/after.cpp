#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

struct JobStats {
    std::string name;
    uint32_t runs;
    uint32_t failures;
    uint64_t total_ms;
};

// Writes the per-job statistics as a TSV file with a header line.
// Returns the number of data rows written, or -1 on error.
long export_job_stats(const std::string& path, const std::vector<JobStats>& jobs) {
    // Rows go through the stream's buffer; close() flushes once at the end.
    std::ofstream out(path, std::ios::trunc);
    if (!out)
        return -1;
    out << "job\truns\tfailures\tmean_ms\tfail_pct" << '\n';
    long rows = 0;
    for (const JobStats& j : jobs) {
        uint64_t mean = j.runs ? j.total_ms / j.runs : 0;
        uint32_t fail_pct = j.runs ? j.failures * 100 / j.runs : 0;
        out << j.name << '\t' << j.runs << '\t' << j.failures << '\t'
            << mean << '\t' << fail_pct << '\n';
        ++rows;
    }
    out.close();
    return out ? rows : -1;
}
