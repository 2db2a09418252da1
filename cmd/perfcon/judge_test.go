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
