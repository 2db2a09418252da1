package executables

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/table"
)

// BenchmarkValidateTwoAtOnce: the wall time of validating four CPU-time
// tasks two at a time (Jobs 2, each pinned to a CPU of its own) as a ratio
// to one at a time, and how far the two runs' validated speedups agree.
// Builds are cached by a first run, so both time validation alone.
func BenchmarkValidateTwoAtOnce(b *testing.B) {
	if _, err := exec.LookPath("python3"); err != nil {
		b.Skip("no python3")
	}
	cpus, err := measure.AllowedCPUs()
	if err != nil || len(cpus) < 2 {
		b.Skip("needs two CPUs")
	}
	dir := b.TempDir()
	var cs []table.Commit
	var es []table.Executable
	for _, id := range []string{"a", "b", "c", "d"} {
		cs = append(cs, table.Commit{TaskID: id, Language: "python", Symbol: "total",
			Category: "inefficient_algorithm", CodeBefore: loop, CodeAfter: closed})
		es = append(es, table.Executable{TaskID: id, Language: "python", Harness: harness, Entry: "total",
			Scale: declared, DeclaredScale: declared, ReviewStatus: table.ReviewApproved})
	}
	commits, execs := filepath.Join(dir, "commits.parquet"), filepath.Join(dir, "executables.parquet")
	if err := table.WriteFile(commits, cs); err != nil {
		b.Fatal(err)
	}
	if err := table.WriteFile(execs, es); err != nil {
		b.Fatal(err)
	}
	validate := func(jobs int) (time.Duration, []table.Executable) {
		out := filepath.Join(dir, "out.parquet")
		start := time.Now()
		_, err := Validate(context.Background(), ValidateOptions{Commits: commits, Executables: execs, Out: out, Alpha: 0.05, Jobs: jobs,
			Settings: measure.Settings{Profile: measure.Profiles["quick"], CacheDir: filepath.Join(dir, "cache"), CPU: cpus[len(cpus)-1]}})
		if err != nil {
			b.Fatal(err)
		}
		rows, err := table.ReadFile[table.Executable](out)
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(start), rows
	}
	validate(1) // builds
	for b.Loop() {
		one, seq := validate(1)
		two, par := validate(2)
		b.ReportMetric(float64(two)/float64(one), "two/one")
		worst := 0.0
		for i := range seq {
			if seq[i].Validation != table.ValidationPassed || par[i].Validation != table.ValidationPassed {
				b.Fatalf("%s: %s / %s", seq[i].TaskID, seq[i].ValidationReason, par[i].ValidationReason)
			}
			worst = max(worst, par[i].ValidatedSpeedup/seq[i].ValidatedSpeedup, seq[i].ValidatedSpeedup/par[i].ValidatedSpeedup)
		}
		b.ReportMetric(worst, "speedup_ratio_max")
	}
}
