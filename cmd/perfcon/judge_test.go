package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/repo/repotest"
	"github.com/perfcon/perfcon/internal/table"
)

// perfcon describe judge against an endpoint: a judge of the models file
// scores the descriptions describe wrote into description_scores, a
// view for perfcon sql; a built-in judge, or none, is refused; and
// describe itself runs as before.
func TestDescribeJudge(t *testing.T) {
	s := llmtest.New(t)
	s.Answer = func(_ int, req llmtest.Request) llmtest.Reply {
		switch {
		case req.Model != "org/judge":
			return llmtest.Reply{Status: 404}
		case strings.Contains(req.Last(), "Use a set"):
			return llmtest.Reply{Content: "Names both.\n\n**Inefficiency:** 5\n**Fix:** 4/5\n**Invented:** 5"}
		case strings.Contains(req.Last(), "Stream it"):
			return llmtest.Reply{Content: `{"inefficiency": 2, "fix": 3, "invented": 1}`}
		}
		return llmtest.Reply{Status: 503}
	}
	dir := t.TempDir()
	tables := filepath.Join(dir, "t")
	if err := os.MkdirAll(tables, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := table.WriteFile(filepath.Join(tables, "commits.parquet"), []table.Commit{
		{TaskID: "py-a", Language: "python", Category: "inefficient_algorithm", CommitMessage: "Use a set",
			CodeBefore: "def a(xs, y):\n    return y in list(xs)\n", CodeAfter: "def a(xs, y):\n    return y in set(xs)\n"},
		{TaskID: "py-b", Language: "python", Category: "inefficient_io", CommitMessage: "Stream it",
			CodeBefore: "def b(f):\n    return f.read()\n", CodeAfter: "def b(f):\n    yield from f\n"},
		{TaskID: "go-c", Language: "go", Category: "api_misuse", CommitMessage: "Fail",
			CodeBefore: "func c() {}\n", CodeAfter: "func c() { return }\n"},
	}); err != nil {
		t.Fatal(err)
	}
	models := filepath.Join(dir, "models.toml")
	if err := os.WriteFile(models, fmt.Appendf(nil, "[[model]]\nname = \"judge\"\nbase_url = %q\nmodel = \"org/judge\"\nmax_retries = 0\nconcurrency = 2\n",
		s.BaseURL()), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, string, error) {
		var stdout, stderr bytes.Buffer
		err := perfcon(context.Background(), &stdout, &stderr, append([]string{"--tables", tables}, args...))
		return stdout.String(), stderr.String(), err
	}
	cache := []string{"--llm-cache", filepath.Join(dir, "cache")}

	// describe is as it was: the identity model describes with the
	// commit message.
	if _, stderr, err := run(append([]string{"describe", "--model", "identity"}, cache...)...); err != nil {
		t.Fatalf("describe: %v\n%s", err, stderr)
	}
	if stdout, _, err := run("describe", "--help"); err != nil || !strings.Contains(stdout, "judge") || !strings.Contains(stdout, "--samples") {
		t.Errorf("describe --help: %v\n%s", err, stdout)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no judge: name one with --judge"},
		{[]string{"--judge", "oracle"}, "--judge oracle: built-in and replayed models answer describe and generate only"},
		{[]string{"--judge", "twin", "--models", models}, "--judge twin: built-in and replayed models"},
		{[]string{"--judge", "judge"}, "--judge judge: no models file given"},
		{[]string{"--judge", "gpt-9", "--models", models}, `unknown model "gpt-9"`},
		{[]string{"--judge", "judge", "--models", models, "--tasks", "rs-*"}, `--tasks "rs-*" matches no task`},
	} {
		if _, _, err := run(append([]string{"describe", "judge"}, tc.args...)...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("describe judge %s: error %v, want %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}
	if table.Exists(filepath.Join(tables, "description_scores.parquet")) {
		t.Fatal("a refused judge wrote a table")
	}

	_, stderr, err := run(append([]string{"describe", "judge", "--models", models, "--judge", "judge"}, cache...)...)
	if err != nil {
		t.Fatalf("describe judge: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "description scores: 3 rows, 1 with errors; parsed: 2 ok;") ||
		!strings.Contains(stderr, "describe judge: judge: 2 answers (0 from the cache), 1 errors") {
		t.Errorf("the summary:\n%s", stderr)
	}
	stdout, stderr, err := run("sql", "SELECT task_id, model, judge, names_inefficiency, names_fix, invents_nothing, parse_status, error IS NOT NULL AS failed FROM description_scores ORDER BY task_id")
	if err != nil {
		t.Fatalf("sql: %v\n%s", err, stderr)
	}
	for _, want := range []string{
		`go-c +identity +judge +(NULL)? +(NULL)? +(NULL)? +(NULL)? +true`,
		`py-a +identity +judge +5 +4 +5 +ok +false`,
		`py-b +identity +judge +2 +3 +1 +ok +false`,
	} {
		if !regexp.MustCompile(want).MatchString(stdout) {
			t.Errorf("description_scores lacks a row like %q:\n%s", want, stdout)
		}
	}

	// Only the failed call is asked again; --out and --tasks choose.
	before := s.Requests()
	out := filepath.Join(dir, "judged.parquet")
	if _, stderr, err := run(append([]string{"describe", "judge", "--models", models, "--judge", "judge", "--tasks", "py-*", "--out", out}, cache...)...); err != nil {
		t.Fatalf("describe judge --tasks: %v\n%s", err, stderr)
	}
	rows, err := table.ReadFile[table.DescriptionScore](out)
	if err != nil || len(rows) != 2 || !rows[0].CacheHit || !rows[1].CacheHit || s.Requests() != before {
		t.Errorf("--tasks py-*: %d rows (%v), %d more requests; want 2 cached rows", len(rows), err, s.Requests()-before)
	}
}

// commits evaluate --judge scores a model of the models file as the
// miner's judge on labelled commits: asked about the commits that score from
// --judge-from, its verdict decides them, beside the rules and the
// classifier.
func TestEvaluateJudge(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PERFCON_REPOS", filepath.Join(dir, "repos")) // a cache of this test's own
	r := repotest.New(t, filepath.Join(dir, "mirrors", "acme+store"))
	r.Commit("Add the store", map[string]string{"store.py": "def find(users, name):\n    for u in users:\n        if u.name == name:\n            return u\n\n\ndef names(users):\n    out = []\n    for u in users:\n        out = out + [u.name]\n    return out\n"})
	fast := r.Commit("Speed up find: index the users by name instead of scanning the list, 40x faster", map[string]string{"store.py": "def find(users, name):\n    return {u.name: u for u in users}.get(name)\n\n\ndef names(users):\n    out = []\n    for u in users:\n        out = out + [u.name]\n    return out\n"})
	quiet := r.Commit("Build the names list once instead of copying it per user", map[string]string{"store.py": "def find(users, name):\n    return {u.name: u for u in users}.get(name)\n\n\ndef names(users):\n    return [u.name for u in users]\n"})
	tidy := r.Commit("Tidy names", map[string]string{"store.py": "def find(users, name):\n    return {u.name: u for u in users}.get(name)\n\n\ndef names(users):\n    return list(map(attrgetter('name'), users))\n"})
	labels := filepath.Join(dir, "labels")
	if err := os.MkdirAll(labels, 0o755); err != nil {
		t.Fatal(err)
	}
	line := `{"sha": %q, "is_perf": true, "category": "memory_inefficiency"}` + "\n"
	if err := os.WriteFile(filepath.Join(labels, "store.jsonl"), fmt.Appendf(fmt.Appendf(fmt.Appendf(nil, line, fast), line, quiet), line, tidy), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(labels, "index.csv"), []byte("file,repo,split\nstore.jsonl,example.com/acme/store,unseen\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := llmtest.New(t)
	var asked []string
	s.Answer = func(_ int, req llmtest.Request) llmtest.Reply {
		last := req.Last()
		asked = append(asked, last)
		if strings.Contains(last, "names list once") || strings.Contains(last, "Tidy names") {
			return llmtest.Reply{Content: "It stops copying the list.\n\nPerformance: yes\nCategory: memory_inefficiency"}
		}
		return llmtest.Reply{Content: "It speeds up a lookup, but that is a feature.\n\nPerformance: no"}
	}
	models := filepath.Join(dir, "models.toml")
	if err := os.WriteFile(models, fmt.Appendf(nil, "[[model]]\nname = \"judge\"\nbase_url = %q\nmodel = \"org/judge\"\nmax_retries = 0\nconcurrency = 1\n", s.BaseURL()), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	err := perfcon(context.Background(), &stdout, &stderr, []string{"commits", "evaluate", "--labels", labels, "--mirrors", filepath.Join(dir, "mirrors"),
		"--split", "unseen", "--models", models, "--judge", "judge", "--judge-from", "0.5", "--llm-cache", filepath.Join(dir, "cache")})
	if err != nil {
		t.Fatalf("evaluate: %v\n%s", err, stderr.String())
	}
	out := stdout.String()
	// The judge keeps the quiet commit, with the category it names, and
	// turns the loud one down; the tidy-up scores too little to be asked.
	if !regexp.MustCompile(`(?m)^judge +all +3 +3 +1 +1\.000 +0\.333 +1\.000$`).MatchString(out) {
		t.Errorf("no judge row of 1 kept out of 3:\n%s", out)
	}
	if !regexp.MustCompile(`(?m)^rules +all +3 +3 +2 +1\.000 +0\.667 `).MatchString(out) || !regexp.MustCompile(`(?m)^judge +\[`).MatchString(out) {
		t.Errorf("rules or intervals missing:\n%s", out)
	}
	if len(asked) != 2 {
		t.Errorf("the judge was asked %d times; want once a commit from --judge-from", len(asked))
	}
	// --judge-all asks about the tidy-up too (the others' answers are
	// cached); --list shows what the judge said where a decider erred.
	stdout.Reset()
	err = perfcon(context.Background(), &stdout, &stderr, []string{"commits", "evaluate", "--labels", labels, "--mirrors", filepath.Join(dir, "mirrors"),
		"--split", "unseen", "--models", models, "--judge", "judge", "--judge-all", "--list", "--llm-cache", filepath.Join(dir, "cache")})
	if err != nil {
		t.Fatalf("evaluate --judge-all: %v\n%s", err, stderr.String())
	}
	out = stdout.String()
	if !regexp.MustCompile(`(?m)^judge +all +3 +3 +2 +1\.000 +0\.667 +1\.000$`).MatchString(out) || len(asked) != 3 {
		t.Errorf("--judge-all: asked %d times, want 3:\n%s", len(asked), out)
	}
	if !regexp.MustCompile(`(?m)^` + fast[:10] + ` +memory_inefficiency .* no +Speed up find`).MatchString(out) {
		t.Errorf("--list does not show the judge's no:\n%s", out)
	}
	// Without a models file, --judge is refused before any work.
	err = perfcon(context.Background(), &bytes.Buffer{}, &bytes.Buffer{}, []string{"commits", "evaluate", "--labels", labels, "--judge", "judge"})
	if err == nil || !strings.Contains(err.Error(), "no models file") {
		t.Errorf("--judge without --models: %v", err)
	}
}
