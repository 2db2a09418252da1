package measurements

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/table"
)

// The test binary doubles as a process running the stage, for the test
// below to kill.
func TestMain(m *testing.M) {
	if dir := os.Getenv("PERFCON_MEASURE_IN"); dir != "" {
		if err := Run(context.Background(), killOptions(dir, nil)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func killOptions(dir string, log *bytes.Buffer) Options {
	path := func(name string) string { return filepath.Join(dir, name+".parquet") }
	o := Options{Commits: path("commits"), Executables: path("executables"), Out: path("measurements"),
		Profile:  measure.Profile{MinTime: 100 * time.Millisecond, Repeats: 3, MaxIterations: 1 << 20, Timeout: 20 * time.Second, TimeoutFactor: 5},
		CacheDir: filepath.Join(dir, "cache"), CPU: -1}
	if log != nil {
		o.Log = log
	}
	return o
}

// Killed with SIGKILL after its first task, the stage run again keeps
// that task's runs, measures the rest, and loses no row.
func TestSIGKILLResumes(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	var commits []table.Commit
	var execs []table.Executable
	for _, id := range []string{"t1", "t2", "t3"} {
		commits = append(commits, table.Commit{TaskID: id, Language: "python", Symbol: "total",
			Category: "inefficient_algorithm", CodeBefore: before, CodeAfter: after})
		execs = append(execs, table.Executable{TaskID: id, Language: "python", Harness: harness, Entry: "total",
			Scale: 300000, ReviewStatus: table.ReviewApproved})
	}
	must(t, table.WriteFile(filepath.Join(dir, "commits.parquet"), commits))
	must(t, table.WriteFile(filepath.Join(dir, "executables.parquet"), execs))

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PERFCON_MEASURE_IN="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	parts := filepath.Join(dir, "measurements.parquet.parts")
	var first []string
	deadline := time.Now().Add(2 * time.Minute)
	for len(first) == 0 && time.Now().Before(deadline) {
		first, _ = filepath.Glob(filepath.Join(parts, "t1-*.parquet"))
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if len(first) == 0 {
		t.Fatal("the stage finished no task before the deadline")
	}
	if _, err := os.Stat(filepath.Join(dir, "measurements.parquet")); err == nil {
		t.Fatal("the killed stage left a measurements table")
	}
	kept, err := table.ReadFile[table.Measurement](first[0])
	must(t, err)

	var log bytes.Buffer
	must(t, Run(context.Background(), killOptions(dir, &log)))
	if !strings.Contains(log.String(), "t1: resumed: ") {
		t.Errorf("the rerun did not resume t1:\n%s", log.String())
	}
	rows, err := table.ReadFile[table.Measurement](filepath.Join(dir, "measurements.parquet"))
	must(t, err)
	started := map[string]bool{}
	perTask := map[string]int{}
	for _, r := range rows {
		started[r.StartedAt] = true
		perTask[r.TaskID]++
	}
	for _, r := range kept {
		if !started[r.StartedAt] {
			t.Errorf("t1's run started at %s is not in the table: it was measured again", r.StartedAt)
		}
	}
	for _, id := range []string{"t1", "t2", "t3"} {
		if perTask[id] != 2*3 {
			t.Errorf("%s: %d runs, want 2 variants x 3 repeats", id, perTask[id])
		}
	}
	if _, err := os.Stat(parts); err == nil {
		t.Error("the parts are left behind after the table was written")
	}
}
