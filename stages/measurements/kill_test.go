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
	o := Options{Commits: path("commits"), Executables: path("executables"), Out: path("measurements"), Settings: measure.Settings{Profile: measure.Profile{MinTime: 100 * time.Millisecond, Repeats: 3, MaxIterations: 1 << 20, Timeout: 20 * time.Second, TimeoutFactor: 5}, CacheDir: filepath.Join(dir, "cache"), CPU: -1}}
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
	writeTasks(t, dir, 300000, "t1", "t2", "t3")

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
	// Nothing it was running outlives it.
	time.Sleep(200 * time.Millisecond)
	if n := processesIn(dir); n > 0 {
		t.Errorf("%d processes of the killed stage are still running", n)
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
	started := map[time.Time]bool{}
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

// Stopped (Ctrl-C: the context ends) in its second task, the stage fails,
// writes no table and keeps no part for the task it was in; run again it
// keeps the first task and measures the rest.
func TestStoppedStageKeepsOnlyWholeTasks(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	writeTasks(t, dir, 300000, "t1", "t2")

	ctx, cancel := context.WithCancel(context.Background())
	parts := filepath.Join(dir, "measurements.parquet.parts")
	go func() {
		for {
			if done, _ := filepath.Glob(filepath.Join(parts, "t1-*.parquet")); len(done) > 0 {
				time.Sleep(300 * time.Millisecond) // into t2's runs
				cancel()
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	err := Run(ctx, killOptions(dir, nil))
	if err == nil {
		t.Fatal("a stopped stage reported success")
	}
	if _, err := os.Stat(filepath.Join(dir, "measurements.parquet")); err == nil {
		t.Error("a stopped stage wrote the table")
	}
	if got, _ := filepath.Glob(filepath.Join(parts, "t2-*.parquet")); len(got) > 0 {
		t.Errorf("the task it was stopped in left a part: %v", got)
	}
	var log bytes.Buffer
	must(t, Run(context.Background(), killOptions(dir, &log)))
	if !strings.Contains(log.String(), "t1: resumed") || strings.Contains(log.String(), "t2: resumed") {
		t.Errorf("the rerun should resume t1 only:\n%s", log.String())
	}
	rows, err := table.ReadFile[table.Measurement](filepath.Join(dir, "measurements.parquet"))
	must(t, err)
	for _, r := range rows {
		if r.Status != table.StatusOK {
			t.Errorf("%s %s: status %s (%s): a stop was recorded as a run", r.TaskID, r.Variant, r.Status, r.Stderr)
		}
	}
}

// processesIn counts processes running in, or naming, the folder dir.
func processesIn(dir string) int {
	ents, _ := os.ReadDir("/proc")
	n := 0
	for _, e := range ents {
		cwd, _ := os.Readlink(filepath.Join("/proc", e.Name(), "cwd"))
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if strings.HasPrefix(cwd, dir) || bytes.Contains(cmdline, []byte(dir)) {
			n++
		}
	}
	return n
}

// writeTasks writes commits and executables tables of the sum task, once
// per id, into dir.
func writeTasks(t *testing.T, dir string, scale int64, ids ...string) {
	t.Helper()
	var commits []table.Commit
	var execs []table.Executable
	for _, id := range ids {
		commits = append(commits, table.Commit{TaskID: id, Language: "python", Symbol: "total",
			Category: "inefficient_algorithm", CodeBefore: before, CodeAfter: after})
		execs = append(execs, table.Executable{TaskID: id, Language: "python", Harness: harness, Entry: "total",
			Scale: scale, ReviewStatus: table.ReviewApproved})
	}
	must(t, table.WriteFile(filepath.Join(dir, "commits.parquet"), commits))
	must(t, table.WriteFile(filepath.Join(dir, "executables.parquet"), execs))
}
