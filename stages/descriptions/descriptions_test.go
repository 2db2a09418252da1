package descriptions

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/table"
)

// The stage against a real HTTP endpoint: samples, a call that keeps
// failing becomes a row with its error, and a rerun asks only for what
// was not answered.
func TestDescribeAgainstEndpoint(t *testing.T) {
	s := llmtest.New(t)
	s.Answer = func(n int, req llmtest.Request) llmtest.Reply {
		if strings.Contains(req.Last(), "def broken") {
			return llmtest.Reply{Status: 503}
		}
		return llmtest.Reply{Content: "The loop was quadratic.\n\nCategory: inefficient_algorithm"}
	}
	retries := 1
	m, err := llm.Open(llm.Config{Name: "m1", BaseURL: s.BaseURL(), Model: "org/m1", Concurrency: 2,
		Timeout: llm.Duration{Duration: 5 * time.Second}, MaxRetries: &retries})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	commits := filepath.Join(dir, "commits.parquet")
	if err := table.WriteFile(commits, []table.Commit{
		{TaskID: "a", Language: "python", CodeBefore: "def a(): pass\n", CodeAfter: "def a(): return\n", CommitMessage: "a"},
		{TaskID: "b", Language: "python", CodeBefore: "def broken(): pass\n", CodeAfter: "def broken(): return\n", CommitMessage: "b"},
	}); err != nil {
		t.Fatal(err)
	}
	opts := Options{Commits: commits, Out: filepath.Join(dir, "descriptions.parquet"), Models: []llm.Model{m},
		Sampling: llm.Sampling{Samples: 2}, Cache: &llm.Cache{Dir: filepath.Join(dir, "cache")}}
	if err := Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Description](opts.Out)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 2 tasks x 2 samples", len(rows))
	}
	for _, r := range rows {
		switch r.TaskID {
		case "a":
			if r.Error != "" || r.PredictedCategory != "inefficient_algorithm" || r.Model != "m1" {
				t.Errorf("task a: %+v", r)
			}
		case "b":
			if !strings.Contains(r.Error, "HTTP 503") || r.Description != "" {
				t.Errorf("task b: error %q, want the 503", r.Error)
			}
		}
	}
	before := s.Requests() // 2 answered + 2 failing calls x 2 attempts
	if before != 6 {
		t.Errorf("%d requests, want 6", before)
	}
	if err := Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	rows, _ = table.ReadFile[table.Description](opts.Out)
	hits := 0
	for _, r := range rows {
		if r.CacheHit {
			hits++
		}
	}
	// Only the failed calls are asked again.
	if hits != 2 || s.Requests() != before+4 {
		t.Errorf("rerun: %d cache hits, %d more requests; want 2 hits and only the 2 failed calls again", hits, s.Requests()-before)
	}
}
