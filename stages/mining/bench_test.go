package mining

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// synthHistory writes a repository of n commits with git fast-import:
// Go, Python, C++ and C files of 40 functions each; each commit edits one
// to three functions of one or two files, and about one commit in eight
// says it is performance work.
func synthHistory(b *testing.B, n int) string {
	b.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git is not installed")
	}
	dir := filepath.Join(b.TempDir(), "synth")
	if out, err := exec.Command("git", "init", "-q", "-b", "main", dir).CombinedOutput(); err != nil {
		b.Fatalf("%v: %s", err, out)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	type file struct {
		path   string
		bodies []int // a counter per function, so an edit changes its code
	}
	var files []file
	for i := range 24 {
		ext := []string{"go", "py", "cc", "c"}[i%4]
		files = append(files, file{fmt.Sprintf("pkg%d/f%d.%s", i%5, i, ext), make([]int, 40)})
	}
	render := func(f file) string {
		var s strings.Builder
		switch {
		case strings.HasSuffix(f.path, ".go"):
			s.WriteString("package p\n\nimport \"fmt\"\n")
			for j, v := range f.bodies {
				fmt.Fprintf(&s, "\n// F%d does things.\nfunc F%d(xs []int) int {\n\tn := %d\n\tfor _, x := range xs {\n\t\tif x > n {\n\t\t\tn += x\n\t\t}\n\t}\n\tfmt.Println(n)\n\treturn n\n}\n", j, j, v)
			}
		case strings.HasSuffix(f.path, ".py"):
			s.WriteString("import os\n")
			for j, v := range f.bodies {
				fmt.Fprintf(&s, "\n\ndef f%d(xs):\n    \"\"\"Does things.\"\"\"\n    n = %d\n    for x in xs:\n        if x > n:\n            n += x\n    print(n)\n    return n\n", j, v)
			}
		default:
			s.WriteString("#include <stdio.h>\n")
			for j, v := range f.bodies {
				fmt.Fprintf(&s, "\n/* f%d does things. */\nint f%d(const int *xs, int len) {\n  int n = %d;\n  for (int i = 0; i < len; i++) {\n    if (xs[i] > n) n += xs[i];\n  }\n  printf(\"%%d\\n\", n);\n  return n;\n}\n", j, j, v)
			}
		}
		return s.String()
	}
	subjects := []string{"Fix a typo in %s", "Update %s", "Add an option to %s", "Refactor %s", "Handle errors in %s",
		"Rename a variable in %s", "Document %s", "Support more inputs in %s", "Speed up %s: avoid a copy",
		"Reduce allocations in %s"}
	var in bytes.Buffer
	blob := func(path, text string) {
		fmt.Fprintf(&in, "M 100644 inline %s\ndata %d\n%s\n", path, len(text), text)
	}
	for c := range n {
		msg := fmt.Sprintf(subjects[rng.IntN(len(subjects))], files[rng.IntN(len(files))].path) + "\n"
		fmt.Fprintf(&in, "commit refs/heads/main\ncommitter Dev <dev@example.com> %d +0000\ndata %d\n%s", 1700000000+c*600, len(msg), msg)
		if c == 0 {
			for _, f := range files {
				blob(f.path, render(f))
			}
			continue
		}
		for range 1 + rng.IntN(2) {
			f := &files[rng.IntN(len(files))]
			for range 1 + rng.IntN(3) {
				f.bodies[rng.IntN(len(f.bodies))]++
			}
			blob(f.path, render(*f))
		}
	}
	cmd := exec.Command("git", "-C", dir, "fast-import", "--quiet")
	cmd.Stdin = &in
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("git fast-import: %v: %s", err, out)
	}
	return dir
}

// BenchmarkMineVsGitLog compares mining a history with a bare `git log -p`
// over it, which reads the same commits and computes their diffs: commits
// a second, as a ratio, in alternating runs: mining as it does by
// default (the classifier decides), and with the rules deciding.
// PERFCON_BENCH_REPO names a real clone to use instead of a synthetic
// history of 3,000 commits.
func BenchmarkMineVsGitLog(b *testing.B) {
	repo := os.Getenv("PERFCON_BENCH_REPO")
	if repo == "" {
		repo = synthHistory(b, 3000)
	}
	ctx := context.Background()
	out := filepath.Join(b.TempDir(), "commits.parquet")
	var mine, rules, log []time.Duration
	var scanned int
	for range 5 {
		start := time.Now()
		cmd := exec.Command("git", "-C", repo, "log", "-p", "HEAD")
		cmd.Stdout = io.Discard
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		log = append(log, time.Since(start))
		start = time.Now()
		sum, err := Mine(ctx, Options{Repos: []string{repo}, Out: out})
		if err != nil {
			b.Fatal(err)
		}
		mine = append(mine, time.Since(start))
		scanned = sum.Scanned + sum.Skipped[skipMerge]
		start = time.Now()
		if _, err := Mine(ctx, Options{Repos: []string{repo}, Out: out, Decide: ByRules}); err != nil {
			b.Fatal(err)
		}
		rules = append(rules, time.Since(start))
	}
	m, l := median(mine), median(log)
	b.ReportMetric(l.Seconds()/median(rules).Seconds(), "rules-throughput-ratio")
	b.ReportMetric(float64(scanned)/m.Seconds(), "commits/s")
	b.ReportMetric(float64(scanned)/l.Seconds(), "git-log-p-commits/s")
	b.ReportMetric(l.Seconds()/m.Seconds(), "throughput-ratio")
	b.Logf("%d commits: mine %v, git log -p %v (medians of 5)", scanned, m.Round(time.Millisecond), l.Round(time.Millisecond))
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
