package descriptions

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/table"
)

// With the endpoint refusing every call, describe says so while it runs,
// writes the error rows, counts rows in its summary, and fails.
func TestEveryCallFailing(t *testing.T) {
	s := llmtest.New(t)
	s.Answer = func(int, llmtest.Request) llmtest.Reply { return llmtest.Reply{Status: 401} }
	retries := 0
	m, err := llm.Open(llm.Config{Name: "down", BaseURL: s.BaseURL(), Model: "m", Concurrency: 2,
		Timeout: llm.Duration{Duration: 5 * time.Second}, MaxRetries: &retries})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var commits []table.Commit
	for i := range 5 {
		commits = append(commits, table.Commit{TaskID: fmt.Sprint(i), Language: "python", CodeBefore: "x\n", CodeAfter: "y\n"})
	}
	cp := filepath.Join(dir, "commits.parquet")
	if err := table.WriteFile(cp, commits); err != nil {
		t.Fatal(err)
	}
	var log, progress bytes.Buffer
	opts := Options{Commits: cp, Out: filepath.Join(dir, "descriptions.parquet"), Models: []llm.Model{m}, Log: &log, Progress: &progress}
	err = Run(context.Background(), opts)
	var all *llm.AllFailedError
	if !errors.As(err, &all) || all.Rows != 5 || !strings.Contains(err.Error(), "401") {
		t.Fatalf("error %v, want all 5 rows failed, naming the status", err)
	}
	if !strings.Contains(progress.String(), "describe: 1 of 5 calls failed so far; the latest: ") {
		t.Errorf("nothing said of the failures while they happened:\n%s", progress.String())
	}
	if !strings.Contains(log.String(), "descriptions: 5 rows, 5 with errors; 5 calls") {
		t.Errorf("the summary does not count rows:\n%s", log.String())
	}
	rows, err := table.ReadFile[table.Description](opts.Out)
	if err != nil || len(rows) != 5 {
		t.Fatalf("%d rows written: %v", len(rows), err)
	}
}
