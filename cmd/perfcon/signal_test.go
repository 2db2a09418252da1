package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/table"
)

// Every long stage (mine, validate, describe, describe judge, generate,
// measure, draft, report, refine, orchestrate), told to stop by SIGINT or
// SIGTERM halfway (a real signal to a real perfcon process), stops: it
// exits non-zero saying so, the table it would have replaced is byte for
// byte the one it found (draft, refine and orchestrate, which write theirs
// after every round or task to resume from, leave it readable with every
// row it had), and no unfinished table file is left beside it. Each stage first runs to the
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
		switch system := req.Messages[0].Content; {
		case strings.Contains(system, "benchmark harnesses"):
			r.Content = "```python\nraise SystemExit(3)\n```\n" // a draft that fails at once
		case strings.Contains(system, "reviewing a code change"):
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
		err := perfcon(context.Background(), &bytes.Buffer{}, &stderr, append([]string{"--tables", tables}, args...))
		if err != nil && strings.Contains(err.Error(), "no draft of m passed validation") {
			err = nil // drafts that fail are the drafts table's rows all the same
		}
		if err != nil {
			t.Fatalf("perfcon %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
	}
	cache := filepath.Join(dir, "builds")
	// Two tasks of one cell, so that orchestrate has one to route.
	tasks := []string{"--tasks", "py-algo-reconcile-payments", "--tasks", "py-algo-room-booking-conflicts", "--tasks", "go-io-index-reads"}
	run(append([]string{"commits", "--dataset", "../../datasets/core"}, tasks...)...)
	run(append([]string{"executables", "--dataset", "../../datasets/core"}, tasks...)...)
	llmArgs := []string{"--models", models, "--model", "m", "--llm-cache", filepath.Join(dir, "llm"), "--replace"}
	history := bigHistory(t, filepath.Join(dir, "history"), 20000)
	// The report's cells: one quick, then one that counts for minutes.
	fast, slowCells := filepath.Join(dir, "cells"), filepath.Join(dir, "slow-cells")
	for _, d := range []string{fast, slowCells} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "01_one.sql"), []byte("-- One.\nSELECT 1 AS one;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(slowCells, "02_many.sql"), []byte("-- Many.\nSELECT count(*) AS n FROM range(1000000000000) t(i) WHERE i % 7 = 3;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stages := []struct {
		name, table string // table: a table's name, or a file's path
		args        []string
	}{
		{"mine", "mined", []string{"commits", "mine", "--repo", history, "--out", filepath.Join(tables, "mined.parquet"), "--decide", "rules"}},
		{"validate", "executables", []string{"executables", "validate", "--profile", "test", "--cache", cache, "--allow-failures"}},
		{"describe", "descriptions", append([]string{"describe", "--samples", "8"}, llmArgs...)},
		{"describe judge", "description_scores", []string{"describe", "judge", "--models", models, "--judge", "m", "--llm-cache", filepath.Join(dir, "llm"), "--replace", "--allow-errors"}},
		{"generate", "generations", append([]string{"generate", "--rounds", "4"}, llmArgs...)},
		{"measure", "measurements", []string{"measure", "--profile", "test", "--cache", cache, "--reuse-before", "0"}},
		{"draft", "drafts", append([]string{"executables", "draft", "--commits", filepath.Join(tables, "mined.parquet"), "--attempts", "1", "--profile", "test", "--cache", cache,
			"--drafts", filepath.Join(tables, "drafts.parquet"), "--executables", filepath.Join(dir, "drafted.parquet")}, llmArgs[:len(llmArgs)-1]...)},
		{"report", filepath.Join(dir, "report", "report.html"), []string{"report", "--out", filepath.Join(dir, "report"), "--queries", fast}},
		{"refine", "refinements", append([]string{"refine", "--rounds", "0", "--profile", "test", "--cache", cache}, llmArgs[:len(llmArgs)-1]...)},
		{"orchestrate", "routes", append([]string{"orchestrate", "--steps", "0", "--profile", "test", "--cache", cache}, llmArgs[:len(llmArgs)-1]...)},
	}
	for _, st := range stages {
		args := st.args
		if st.name == "mine" {
			args = append(slices.Clone(args), "--max-commits", "20")
		}
		run(args...) // the table the stopped run must keep
	}
	slow = true
	for i, st := range stages {
		args := st.args
		switch st.name {
		case "mine": // the whole history
		case "validate", "measure":
			args = append(slices.Clone(args), "--profile", "quick") // runs of 200 ms and more
		case "refine": // steps the first run did not make, asked of the slow model
			args = append(slices.Clone(args), "--rounds", "3", "--profile", "quick")
		case "orchestrate": // the same, routed
			args = append(slices.Clone(args), "--steps", "3", "--profile", "quick")
		case "draft": // attempts the first run did not make
			args = append(slices.Clone(args), "--attempts", "3")
		case "report":
			args = append(slices.Clone(args), "--queries", slowCells)
		default:
			args = append(slices.Clone(args), "--refresh") // ask the slow model again
		}
		sig := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM}[i%2]
		t.Run(st.name, func(t *testing.T) {
			path := st.table
			if !filepath.IsAbs(path) {
				path = filepath.Join(tables, st.table+".parquet")
			}
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
			if !strings.Contains(stderr.String(), ": context canceled") {
				t.Errorf("perfcon %s did not say it was stopped:\n%s", st.name, stderr.String())
			}
			switch st.name {
			case "refine":
				// refine writes its table after each task, to resume
				// from: it must still read, with every step it had.
				rows, err := table.ReadFile[table.Refinement](path)
				if err != nil || len(rows) < 16 {
					t.Errorf("the refinements table after a stopped refine: %d rows, %v", len(rows), err)
				}
			case "orchestrate":
				// Its routes are written before the routed chains (ranked
				// anew from the chains the stopped refine left); the
				// chains go to refine's table after each task. Both must
				// still read.
				routes, err := table.ReadFile[table.Route](path)
				if err != nil || len(routes) == 0 {
					t.Errorf("the routes table after a stopped orchestrate: %d rows, %v", len(routes), err)
				}
				if _, err := table.ReadFile[table.Refinement](filepath.Join(tables, "refinements.parquet")); err != nil {
					t.Errorf("the refinements table after a stopped orchestrate: %v", err)
				}
			case "draft": // the same, after each round
				rows, err := table.ReadFile[table.Draft](path)
				if err != nil || len(rows) < 20 {
					t.Errorf("the drafts table after a stopped draft: %d rows, %v", len(rows), err)
				}
			default:
				if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
					t.Errorf("the %s table changed under a stopped %s", st.table, st.name)
				}
			}
			left, _ := filepath.Glob(filepath.Join(tables, ".*.tmp"))
			more, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tmp"))
			if left = append(left, more...); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

// bigHistory makes a repository of n commits, each a change to a Python
// function that says it is faster: enough for mining to take seconds.
func bigHistory(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		body := fmt.Sprintf("def f(xs):\n    total = 0\n    for x in xs[:%d]:\n        total += x\n    return total\n", i)
		fmt.Fprintf(&b, "commit refs/heads/main\ncommitter Dev <dev@example.com> %d +0000\ndata <<EOM\nMake f faster by %d%%\nEOM\n", 1700000000+i, i)
		fmt.Fprintf(&b, "M 100644 inline app/f.py\ndata %d\n%s\n", len(body), body)
	}
	for _, args := range [][]string{{"init", "-q", "-b", "main", dir}, {"-C", dir, "fast-import", "--quiet"}} {
		cmd := exec.Command("git", args...)
		cmd.Stdin = strings.NewReader(b.String())
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// The stages that take a moment (commits and executables from a task
// set, learn, dataset fetch, export), signalled while they start or read
// their input, stop the same way; export leaves no folder.
// Their input is held back by a named pipe: the stage waits in its read
// when the signal comes, and carries on reading once the test writes the
// file, with the signal already taken.
func TestQuickStagesStopOnSignal(t *testing.T) {
	shareInShort(t)
	dir := t.TempDir()
	tables := filepath.Join(dir, "t")
	set := filepath.Join(dir, "set")
	for _, id := range []string{"py-algo-reconcile-payments", "go-io-index-reads"} {
		if err := os.CopyFS(filepath.Join(set, id), os.DirFS(filepath.Join("../../datasets/core", id))); err != nil {
			t.Fatal(err)
		}
	}
	labels := filepath.Join(dir, "labels")
	if err := os.MkdirAll(labels, 0o755); err != nil {
		t.Fatal(err)
	}
	index := "file,repo,split\n"
	for _, r := range []string{"a", "b", "c"} {
		index += fmt.Sprintf("%s.jsonl,example.invalid/%s/%s,train\n", r, r, r)
		line := fmt.Sprintf(`{"sha": "%040d", "subject": "s", "is_perf": false, "category": null, "functions": []}`+"\n", 1)
		if err := os.WriteFile(filepath.Join(labels, r+".jsonl"), []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "learned.json")
	if err := os.WriteFile(out, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	message := filepath.Join(set, "go-io-index-reads", "message.txt")
	text, err := os.ReadFile(message)
	if err != nil {
		t.Fatal(err)
	}
	// A repository task whose repository nobody has fetched yet.
	repoSet, repos := filepath.Join(dir, "repo-set"), filepath.Join(dir, "repos")
	fetchToml := []byte("language = \"python\"\ncategory = \"inefficient_algorithm\"\nrepo_url = \"https://perfcon.invalid/acme/app\"\n" +
		"commit = \"" + strings.Repeat("ab", 20) + "\"\nfile_path = \"app/f.py\"\nsymbol = \"f\"\nscale = 10\n")
	if err := os.MkdirAll(filepath.Join(repoSet, "py-algo-f"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(repos, 0o755); err != nil {
		t.Fatal(err)
	}
	stages := []struct {
		name, table, pipe string
		content           []byte
		args              []string
	}{
		{"commits", filepath.Join(tables, "commits.parquet"), message, text, []string{"commits", "--dataset", set}},
		{"executables", filepath.Join(tables, "executables.parquet"), message, text, []string{"executables", "--dataset", set}},
		{"learn", out, filepath.Join(labels, "index.csv"), []byte(index), []string{"commits", "learn", "--labels", labels, "--mirrors", filepath.Join(dir, "none"), "--out", out, "--no-held-out"}},
		// fetch's "table" is the repository cache, which must stay empty.
		{"dataset fetch", repos, filepath.Join(repoSet, "py-algo-f", "task.toml"), fetchToml, []string{"dataset", "fetch", "--dataset", repoSet, "--mirrors", dir}},
		// export's is the folder it makes, which must not appear; the
		// commits table it reads first is the pipe (its bytes: below).
		{"export", filepath.Join(dir, "shared"), filepath.Join(tables, "commits.parquet"), nil, []string{"export", "--out", filepath.Join(dir, "shared")}},
	}
	for _, st := range stages[:2] {
		var stderr bytes.Buffer
		if err := perfcon(context.Background(), &bytes.Buffer{}, &stderr, append([]string{"--tables", tables}, st.args...)); err != nil {
			t.Fatalf("perfcon %s: %v\n%s", st.name, err, stderr.String())
		}
	}
	if stages[4].content, err = os.ReadFile(stages[4].pipe); err != nil {
		t.Fatal(err)
	}
	for i, st := range stages {
		sig := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM}[i%2]
		t.Run(st.name, func(t *testing.T) {
			snapshot := func() []byte {
				fi, err := os.Stat(st.table)
				if errors.Is(err, fs.ErrNotExist) {
					return []byte("(none)")
				}
				if err == nil && fi.IsDir() {
					names, _ := filepath.Glob(filepath.Join(st.table, "*"))
					return []byte(strings.Join(names, "\n"))
				}
				b, err := os.ReadFile(st.table)
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			before := snapshot()
			os.Remove(st.pipe)
			if err := syscall.Mkfifo(st.pipe, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Remove(st.pipe); os.WriteFile(st.pipe, st.content, 0o644) })
			cmd := exec.Command(os.Args[0], append([]string{"--tables", tables}, st.args...)...)
			cmd.Env = append(os.Environ(), "PERFCON_RUN_CLI=1", "PERFCON_REPOS="+repos)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Second) // waiting on the pipe
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
			// The input comes after the signal. Without a reader (the stage
			// gone already), opening the pipe fails instead of waiting.
			if f, err := os.OpenFile(st.pipe, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				f.Write(st.content)
				f.Close()
			}
			err = cmd.Wait()
			if err == nil {
				t.Fatalf("perfcon %s ended with status 0 after %v\n%s", st.name, sig, stderr.String())
			}
			t.Logf("%v: %s", sig, lastLine(stderr.String()))
			if !strings.Contains(stderr.String(), "context canceled") {
				t.Errorf("perfcon %s did not say it was stopped:\n%s", st.name, stderr.String())
			}
			if after := snapshot(); !bytes.Equal(before, after) {
				t.Errorf("%s changed under a stopped %s", filepath.Base(st.table), st.name)
			}
			left, _ := filepath.Glob(filepath.Join(filepath.Dir(st.table), "*.tmp"))
			hidden, _ := filepath.Glob(filepath.Join(filepath.Dir(st.table), ".*.tmp"))
			if left = append(left, hidden...); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}
