package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/table"
)

var benchCategories = []string{"api_misuse", "memory_inefficiency", "poor_concurrency_control", "inefficient_io",
	"network_bottleneck", "inefficient_algorithm", "parallelization", "micro_architectural"}

func variantID(code string) string {
	s := sha256.Sum256([]byte(code))
	return hex.EncodeToString(s[:])[:16]
}

// synthTables writes a study of the given size: every task has code before
// and after, and 4 models × samples × rounds generations of varied quality
// (some failing), each program measured over 5 repeats with 3% noise.
// It returns the number of measurement rows.
func synthTables(tb testing.TB, dir string, tasks, samples, rounds int) int {
	rng := rand.New(rand.NewPCG(1, 2))
	models := []string{"copycat", "halfway", "matcher", "flaky"}
	var (
		commits []table.Commit
		execs   []table.Executable
		descs   []table.Description
		gens    []table.Generation
		ms      []table.Measurement
	)
	measure := func(task, variant, code, status string, cost float64) {
		id := variantID(code)
		for r := range 5 {
			c := int64(cost * (1 + 0.03*rng.NormFloat64()))
			ms = append(ms, table.Measurement{TaskID: task, Variant: variant, VariantID: id, Repeat: int32(r),
				Iterations: 8, Status: status, WallNS: c + c/20, UserNS: c - c/10, SysNS: c / 10,
				MaxRSSBytes: 20 << 20, MeanRSSBytes: 18 << 20, Meter: "rusage", Host: "synthetic",
				HostCPU: "synthetic", HostKernel: "synthetic", Counters: "unavailable", Sandbox: "none"})
		}
	}
	for i := range tasks {
		task := fmt.Sprintf("t%06d", i)
		lang := []string{"python", "go", "cpp"}[i%3]
		cat := benchCategories[i%len(benchCategories)]
		before, after := "before "+task, "after "+task
		commits = append(commits, table.Commit{TaskID: task, Language: lang, Category: cat, CodeBefore: before, CodeAfter: after})
		speedup := math.Exp(rng.Float64() * 4) // 1×..55×
		execs = append(execs, table.Executable{TaskID: task, Language: lang, Validation: "passed", ValidatedSpeedup: speedup})
		tBefore := 2e8 + rng.Float64()*2e8
		tAfter := tBefore / speedup
		measure(task, "before", before, "ok", tBefore)
		measure(task, "after", after, "ok", tAfter)
		for mi, m := range models {
			for r := 1; r <= rounds; r++ {
				for s := range samples {
					code := fmt.Sprintf("%s by %s r%d s%d", task, m, r, s)
					predicted := cat
					if rng.IntN(4) == 0 {
						predicted = benchCategories[rng.IntN(len(benchCategories))]
					}
					descs = append(descs, table.Description{TaskID: task, Model: m, Round: int32(r), Sample: int32(s),
						Description: "d", PredictedCategory: predicted})
					gens = append(gens, table.Generation{TaskID: task, Describer: m, Model: m, Round: int32(r),
						Sample: int32(s), Code: code, ExtractStatus: "fenced"})
					status, cost := "ok", tBefore
					switch mi {
					case 1:
						cost = tAfter + (tBefore-tAfter)*rng.Float64()
					case 2:
						cost = tAfter * (0.8 + 0.4*rng.Float64())
					case 3:
						cost = tAfter * (0.5 + rng.Float64())
						if rng.IntN(3) == 0 {
							status = "wrong_output"
						}
					}
					measure(task, "generated", code, status, cost)
				}
			}
		}
	}
	for name, err := range map[string]error{
		"commits":      table.WriteFile(filepath.Join(dir, "commits.parquet"), commits),
		"executables":  table.WriteFile(filepath.Join(dir, "executables.parquet"), execs),
		"descriptions": table.WriteFile(filepath.Join(dir, "descriptions.parquet"), descs),
		"generations":  table.WriteFile(filepath.Join(dir, "generations.parquet"), gens),
		"measurements": table.WriteFile(filepath.Join(dir, "measurements.parquet"), ms),
	} {
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
	}
	return len(ms)
}

// runPerfcon runs perfcon (this test binary, see TestMain) in its own
// process and returns its wall time and peak RSS (VmHWM, bytes).
func runPerfcon(b *testing.B, args ...string) (time.Duration, int64) {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PERFCON_RUN_CLI=1")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		b.Fatalf("perfcon %v: %v\n%s", args, err, out)
	}
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(out)
	if m == nil {
		b.Fatalf("perfcon %v printed no VmHWM:\n%s", args, out)
	}
	kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return wall, kb << 10
}

// BenchmarkReport1M renders the full report over 1,000,000 synthetic
// measurement rows, each as its own perfcon process, against DuckDB's
// scan of the same measurements Parquet (an aggregate over every column the
// report reads, through perfcon sql, so process start and DuckDB start are
// on both sides). Reports the ratio of the medians of 3 alternating runs
// and the report process's peak RSS.
func BenchmarkReport1M(b *testing.B) {
	dir := b.TempDir()
	tables := filepath.Join(dir, "tables")
	if err := os.Mkdir(tables, 0o755); err != nil {
		b.Fatal(err)
	}
	rows := synthTables(b, tables, 5000, 5, 2)
	scan := fmt.Sprintf(`SELECT count(*), count(DISTINCT task_id), count(DISTINCT variant_id), max(variant),
		max(status), sum(user_ns), sum(sys_ns), sum(wall_ns), max(instructions), max(repeat), max(iterations),
		max(meter), max(host), max(host_cpu), max(host_kernel), max(counters)
		FROM read_parquet('%s')`, filepath.Join(tables, "measurements.parquet"))
	var reports, scans []time.Duration
	var peak int64
	for b.Loop() {
		for range 3 {
			w, _ := runPerfcon(b, "--tables", tables, "sql", scan)
			scans = append(scans, w)
			w, rss := runPerfcon(b, "--tables", tables, "report", "--out", filepath.Join(dir, "out"))
			reports = append(reports, w)
			peak = max(peak, rss)
		}
	}
	r, s := median(reports), median(scans)
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(r.Seconds(), "report-s")
	b.ReportMetric(s.Seconds(), "scan-s")
	b.ReportMetric(float64(r)/float64(s), "report/scan")
	b.ReportMetric(float64(peak)/(1<<20), "report-peak-MiB")
}
