package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/llm/llmtest"
)

// Every long stage, told to stop by SIGINT or SIGTERM halfway (a real
// signal to a real perfcon process), stops: it exits non-zero, the table
// it would have replaced is byte for byte the one it found, and no
// unfinished table file is left beside it. Each stage first runs to the
// end once, so that there is a table to keep; then it runs again, made
// slow (a model that answers in half a second; the quick profile's runs),
// and is signalled while it works.
func TestStagesStopOnSignal(t *testing.T) {
	shareInShort(t)
	dir := t.TempDir()
	tables := filepath.Join(dir, "t")
	s := llmtest.New(t)
	slow := false
	s.Answer = func(_ int, req llmtest.Request) llmtest.Reply {
		r := llmtest.Reply{Content: "```python\npass\n```\n"}
		if len(req.Messages) > 0 && strings.Contains(req.Messages[0].Content, "reviewing a code change") {
			r.Content = "The loop did needless work.\n\nCategory: inefficient_algorithm"
		}
		if slow {
			r.Delay = 500 * time.Millisecond
		}
		return r
	}
	models := filepath.Join(dir, "models.toml")
	if err := os.WriteFile(models, fmt.Appendf(nil, "[[model]]\nname = \"m\"\nbase_url = %q\nmodel = \"org/m\"\nmax_retries = 0\nconcurrency = 1\n", s.BaseURL()), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) {
		t.Helper()
		var stderr bytes.Buffer
		if err := perfcon(context.Background(), &bytes.Buffer{}, &stderr, append([]string{"--tables", tables}, args...)); err != nil {
			t.Fatalf("perfcon %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
	}
	cache := filepath.Join(dir, "builds")
	run("commits", "--dataset", "../../datasets/core", "--tasks", "py-algo-reconcile-payments", "--tasks", "go-io-index-reads")
	run("executables", "--dataset", "../../datasets/core", "--tasks", "py-algo-reconcile-payments", "--tasks", "go-io-index-reads")
	llmArgs := []string{"--models", models, "--model", "m", "--llm-cache", filepath.Join(dir, "llm"), "--replace"}
	stages := []struct {
		name, table string
		args        []string
	}{
		{"validate", "executables", []string{"executables", "validate", "--profile", "test", "--cache", cache, "--allow-failures"}},
		{"describe", "descriptions", append([]string{"describe", "--samples", "8"}, llmArgs...)},
		{"generate", "generations", append([]string{"generate", "--rounds", "4"}, llmArgs...)},
		{"measure", "measurements", []string{"measure", "--profile", "test", "--cache", cache, "--reuse-before", "0"}},
	}
	for _, st := range stages {
		run(st.args...) // the table the stopped run must keep
	}
	slow = true
	for i, st := range stages {
		args := st.args
		if st.name == "validate" || st.name == "measure" {
			args = append(slices.Clone(args), "--profile", "quick") // runs of 200 ms and more
		} else {
			args = append(slices.Clone(args), "--refresh") // ask the slow model again
		}
		sig := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM}[i%2]
		t.Run(st.name, func(t *testing.T) {
			path := filepath.Join(tables, st.table+".parquet")
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], append([]string{"--tables", tables}, args...)...)
			cmd.Env = append(os.Environ(), "PERFCON_RUN_CLI=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(1500 * time.Millisecond) // well into its work
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			if err == nil {
				t.Fatalf("perfcon %s ended with status 0 after %v\n%s", st.name, sig, stderr.String())
			}
			t.Logf("%v: %s", sig, lastLine(stderr.String()))
			if !strings.Contains(stderr.String(), "context canceled") {
				t.Errorf("perfcon %s did not say it was stopped:\n%s", st.name, stderr.String())
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Errorf("the %s table changed under a stopped %s", st.table, st.name)
			}
			if left, _ := filepath.Glob(filepath.Join(tables, ".*.tmp")); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
