package descriptions

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/table"
)

// The test binary doubles as a process running the stage, for the test
// below to kill.
func TestMain(m *testing.M) {
	if dir := os.Getenv("PERFCON_DESCRIBE_IN"); dir != "" {
		if err := Run(context.Background(), killOptions(dir, os.Getenv("PERFCON_DESCRIBE_URL"))); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const (
	killTasks       = 40
	killConcurrency = 4
)

func killOptions(dir, url string) Options {
	m, err := llm.Open(llm.Config{Name: "m1", BaseURL: url, Model: "org/m1", Concurrency: killConcurrency,
		Timeout: llm.Duration{Duration: 10 * time.Second}})
	if err != nil {
		panic(err)
	}
	return Options{Commits: filepath.Join(dir, "commits.parquet"), Out: filepath.Join(dir, "descriptions.parquet"),
		Models: []llm.Model{m}, Cache: &llm.Cache{Dir: filepath.Join(dir, "cache")}}
}

// Killed with SIGKILL halfway, the stage reruns without asking again any
// call it had finished, and loses no row. Only calls answered while in
// flight at the kill, at most the concurrency, may be asked twice.
func TestSIGKILLHalfwayLosesNothing(t *testing.T) {
	s := llmtest.New(t)
	s.Answer = func(n int, req llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Content: "The loop was quadratic.\n\nCategory: inefficient_algorithm", Delay: 20 * time.Millisecond}
	}
	dir := t.TempDir()
	var commits []table.Commit
	for i := range killTasks {
		commits = append(commits, table.Commit{TaskID: fmt.Sprintf("t%02d", i), Language: "python",
			CodeBefore: fmt.Sprintf("def f():\n    return %d\n", i), CodeAfter: "def f(): pass\n", CommitMessage: "m"})
	}
	if err := table.WriteFile(filepath.Join(dir, "commits.parquet"), commits); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PERFCON_DESCRIBE_IN="+dir, "PERFCON_DESCRIBE_URL="+s.BaseURL())
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	answered := func() (n int) {
		for _, c := range s.Answered() {
			n += c
		}
		return n
	}
	deadline := time.Now().Add(30 * time.Second)
	for answered() < killTasks/2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	first := answered()
	if first < killTasks/2 || first >= killTasks {
		t.Fatalf("killed after %d of %d answers, want about half", first, killTasks)
	}
	if _, err := os.Stat(filepath.Join(dir, "descriptions.parquet")); err == nil {
		t.Fatal("the killed stage left a descriptions table")
	}

	opts := killOptions(dir, s.BaseURL())
	if err := Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Description](opts.Out)
	if err != nil {
		t.Fatal(err)
	}
	hits := 0
	for _, r := range rows {
		if r.Error != "" || r.PredictedCategory != "inefficient_algorithm" {
			t.Errorf("row %s: %+v", r.TaskID, r)
		}
		if r.CacheHit {
			hits++
		}
	}
	if len(rows) != killTasks {
		t.Errorf("%d rows after the rerun, want %d", len(rows), killTasks)
	}
	again := 0
	for _, c := range s.Answered() {
		again += c - 1
	}
	t.Logf("killed after %d answers; the rerun found %d cached and asked %d twice", first, hits, again)
	if again > killConcurrency {
		t.Errorf("%d calls answered twice, want at most the %d in flight at the kill", again, killConcurrency)
	}
	if hits < first-killConcurrency {
		t.Errorf("%d cache hits on the rerun, want at least %d", hits, first-killConcurrency)
	}
}
