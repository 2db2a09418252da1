package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/perfcon/perfcon/internal/llm/llmtest"
)

// Four tasks, two per category: the split holds one of each out.
var scriptedTasks = map[string]string{
	"sum-a": "inefficient_algorithm", "sum-b": "inefficient_algorithm",
	"sum-c": "memory_inefficiency", "sum-d": "memory_inefficiency",
}

const (
	sumLoop   = "def total(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n"
	sumClosed = "def total(n):\n    return n * (n - 1) // 2\n"
	sumCrash  = "def total(n):\n    return n * (n - 1) // two\n"
	sumWrong  = "def total(n):\n    return n * (n + 1) // 2\n"
	sumHarn   = "import sys\nfrom solution import total\nn, scale, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])\nr = 0\nfor i in range(n):\n    x = scale + seed + i\n    r = (r * 31 + (x if sys.argv[4:] else total(x))) % (1 << 61)\nprint(r)\n"
)

var taskName = regexp.MustCompile(`sum-[a-d]`)

// scriptedAnswer is the two scripted models: fixer generates code that
// crashes and fixes it when told; specialist is right on memory tasks
// only, and wrong again when told. Each describes with the task's name.
func scriptedAnswer(_ int, req llmtest.Request) llmtest.Reply {
	p := req.Last()
	task := taskName.FindString(p)
	category := scriptedTasks[task]
	code := ""
	switch {
	case strings.Contains(p, "Make it faster still"):
		code = sumClosed
		if req.Model == "specialist" && category != "memory_inefficiency" {
			code = sumWrong
		}
	case strings.Contains(p, "Reflect on what went wrong"):
		code = map[string]string{"fixer": sumClosed, "specialist": sumWrong}[req.Model]
	case strings.Contains(p, "Rewrite the whole file"):
		code = sumCrash
		if req.Model == "specialist" {
			code = map[string]string{"memory_inefficiency": sumClosed, "inefficient_algorithm": sumWrong}[category]
		}
	default:
		return llmtest.Reply{Content: "For " + task + ": sum in closed form.\n\nCategory: " + category}
	}
	return llmtest.Reply{Content: "```python\n" + code + "```\n"}
}

// The stages from commits to report with two scripted models behind an
// OpenAI-compatible server: refine fixes the fixer's crashes, orchestrate
// routes the held-out memory task to the specialist and the rest to the
// fixer, and the report's cells say so, as rows.
func TestRefineAndOrchestrateEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("long: make test-all runs it (stages/refinements tests refine and orchestrate)")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	for id, category := range scriptedTasks {
		files := map[string]string{
			"task.toml":   fmt.Sprintf("language = \"python\"\ncategory = %q\nsymbol = \"total\"\nscale = 20000\n", category),
			"message.txt": "Sum in closed form (" + id + ")\n",
			"before.py":   sumLoop, "after.py": sumClosed, "harness.py": sumHarn,
		}
		for name, body := range files {
			path := filepath.Join(dir, "tasks", id, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	srv := llmtest.New(t)
	srv.Answer = scriptedAnswer
	models := filepath.Join(dir, "models.toml")
	var mf strings.Builder
	for _, m := range []string{"fixer", "specialist"} {
		fmt.Fprintf(&mf, "[[model]]\nname = %q\nbase_url = %q\nmodel = %q\nconcurrency = 4\n\n", m, srv.BaseURL(), m)
	}
	if err := os.WriteFile(models, []byte(mf.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	tables := filepath.Join(dir, "t")
	run := func(args ...string) string {
		t.Helper()
		var out, errs bytes.Buffer
		args = append([]string{"--tables", tables}, args...)
		if err := perfcon(context.Background(), &out, &errs, args); err != nil {
			t.Fatalf("perfcon %s: %v\n%s", strings.Join(args, " "), err, errs.String())
		}
		return out.String()
	}
	llm := []string{"--models", models, "--model", "fixer", "--model", "specialist", "--llm-cache", filepath.Join(dir, "llm")}
	short := []string{"--min-time", "50ms", "--cache", filepath.Join(dir, "cache")}
	run("commits", "--dataset", filepath.Join(dir, "tasks"))
	run("executables", "--dataset", filepath.Join(dir, "tasks"))
	run(append([]string{"executables", "validate", "--scale-time", "5ms"}, short...)...)
	run(append([]string{"describe"}, llm...)...)
	run(append([]string{"generate"}, llm...)...)
	run(append(append([]string{"refine", "--rounds", "1"}, llm...), short...)...)
	run(append(append([]string{"orchestrate", "--steps", "1"}, llm...), short...)...)
	run(append([]string{"measure", "--repeats", "5"}, short...)...)

	cell := func(name, cols string) [][]string {
		t.Helper()
		sql, err := os.ReadFile(filepath.Join("..", "..", "queries", name+".sql"))
		if err != nil {
			t.Fatal(err)
		}
		q := "SELECT " + cols + " FROM (" + strings.TrimSuffix(strings.TrimSpace(string(sql)), ";") + ")"
		var rows [][]string
		for _, l := range strings.Split(strings.TrimSpace(run("sql", "--format", "csv", q)), "\n")[1:] {
			rows = append(rows, strings.Split(l, ","))
		}
		return rows
	}
	for _, c := range []struct {
		cell, cols string
		want       [][]string
	}{{
		// The fixer's crashes are fixed on feedback (code after, at
		// the human speedup); the specialist is right on half.
		"70_refinement", "pipeline, model, step, chains, correct, self_consistent",
		[][]string{
			{"refine", "fixer", "0", "4", "0", "0"},
			{"refine", "fixer", "1", "4", "1", "1"},
			{"refine", "specialist", "0", "4", "0.5", "0.5"},
			{"refine", "specialist", "1", "4", "0.5", "0.5"},
			{"routed", "routed", "0", "2", "0.5", "0.5"},
			{"routed", "routed", "1", "2", "1", "1"},
		},
	}, {
		"73_routes", "category, step_kind, model, scope, test_tasks",
		[][]string{
			{"inefficient_algorithm", "generate", "fixer", "language×category", "1"},
			{"inefficient_algorithm", "fix", "fixer", "language×category", "1"},
			// No optimise step was tried on an algorithm task: the
			// language's training tasks rank it.
			{"inefficient_algorithm", "optimise", "specialist", "language", "1"},
			{"memory_inefficiency", "generate", "specialist", "language×category", "1"},
			{"memory_inefficiency", "fix", "fixer", "language×category", "1"},
			{"memory_inefficiency", "optimise", "specialist", "language×category", "1"},
		},
	}, {
		"72_routed_vs_single", "model, approach, tasks, correct",
		[][]string{
			{"routed", "routed", "2", "1"},
			{"fixer", "one-shot", "2", "0"},
			{"fixer", "refined", "2", "1"},
			{"specialist", "one-shot", "2", "0.5"},
			{"specialist", "refined", "2", "0.5"},
		},
	}} {
		if diff := cmp.Diff(c.want, cell(c.cell, c.cols)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.cell, diff)
		}
	}
}
