package descriptions

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/dataset"
	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/table"
)

// judgeAnswers are a judge's answers in the shapes chat models give,
// by the description they score.
var judgeAnswers = map[string]llmtest.Reply{
	"plain":     {Content: "It names the loop and the set.\n\nInefficiency: 5\nFix: 4\nInvented: 5"},
	"markdown":  {Content: "**Reasons.** Vague.\n\n**Inefficiency:** 3\n**Fix:** 2/5\n**Invented:** 4"},
	"json":      {Content: "```json\n{\"inefficiency\": 1, \"fix\": 1, \"invented\": 2}\n```"},
	"reasoning": {Content: "<think>\nInefficiency: 1\n</think>\nInefficiency: 4\nFix: 4\nInvented: 4"},
	"apart":     {Content: "Inefficiency: 2\nFix: 3\nInvented: 1", Reasoning: "It claims a cache that is not there."},
	"partial":   {Content: "Inefficiency: 4\nFix: 9"},
	"cut":       {Content: "Inefficiency: 4\nFix: 4\nInv", FinishReason: "length"},
	"broken":    {Status: 503},
}

// describedOf is the description a judge's prompt shows.
func describedOf(req llmtest.Request) string {
	_, rest, _ := strings.Cut(req.Last(), "<explanation>\n")
	d, _, _ := strings.Cut(rest, "\n</explanation>")
	return d
}

type judgeFixture struct {
	dir, commits, descs, out string
}

// newJudgeFixture writes a commits table of tasks a and b and a
// descriptions table of one description per judge answer (task b's
// describer writes "plain" too), an error row, and a description of a
// task the commits table lacks.
func newJudgeFixture(t *testing.T) judgeFixture {
	t.Helper()
	dir := t.TempDir()
	f := judgeFixture{dir, filepath.Join(dir, "commits.parquet"), filepath.Join(dir, "descriptions.parquet"),
		filepath.Join(dir, "description_scores.parquet")}
	if err := table.WriteFile(f.commits, []table.Commit{
		{TaskID: "a", Language: "python", CodeBefore: "def a(): pass\n", CodeAfter: "def a(): return\n", CommitMessage: "a"},
		{TaskID: "b", Language: "python", CodeBefore: "def b(): pass\n", CodeAfter: "def b(): return\n", CommitMessage: "b"},
	}); err != nil {
		t.Fatal(err)
	}
	var descs []table.Description
	for i, text := range []string{"plain", "markdown", "json", "reasoning", "apart", "partial", "cut", "broken"} {
		descs = append(descs, table.Description{TaskID: "a", Model: "m1", Round: 1, Sample: int32(i), Description: text})
	}
	descs = append(descs,
		table.Description{TaskID: "b", Model: "m2", Round: 1, Description: "plain"},
		table.Description{TaskID: "b", Model: "m2", Round: 1, Sample: 1, Error: "HTTP 500"},
		table.Description{TaskID: "gone", Model: "m2", Round: 1, Description: "plain"})
	if err := table.WriteFile(f.descs, descs); err != nil {
		t.Fatal(err)
	}
	return f
}

func judgeModel(t *testing.T, s *llmtest.Server, name string, concurrency int) llm.Model {
	t.Helper()
	retries := 0
	m, err := llm.Open(llm.Config{Name: name, BaseURL: s.BaseURL(), Model: "org/" + name, Concurrency: concurrency,
		Timeout: llm.Duration{Duration: 5 * time.Second}, MaxRetries: &retries})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// show prints a row's scores as "5 4 -" and its parse status.
func show(r table.DescriptionScore) string {
	var b strings.Builder
	for _, p := range []*int32{r.NamesInefficiency, r.NamesFix, r.InventsNothing} {
		if p == nil {
			b.WriteString("- ")
		} else {
			fmt.Fprintf(&b, "%d ", *p)
		}
	}
	return b.String() + r.ParseStatus
}

// Every description without an error is scored beside its change, the
// answers read whatever their shape; a failed call and a task without a
// commit are rows with their errors; the judge is asked within its
// concurrency and at temperature 0; a rerun asks only what failed; and
// another judge's rows are kept.
func TestJudgeAgainstEndpoint(t *testing.T) {
	s := llmtest.New(t)
	var temps atomic.Int64
	s.Answer = func(n int, req llmtest.Request) llmtest.Reply {
		if req.Temperature == nil || *req.Temperature != 0 || req.MaxTokens != JudgeDefaults.MaxTokens {
			temps.Add(1)
		}
		r, ok := judgeAnswers[describedOf(req)]
		if !ok {
			return llmtest.Reply{Status: 400}
		}
		r.Delay = 5 * time.Millisecond
		return r
	}
	f := newJudgeFixture(t)
	var log, progress bytes.Buffer
	opts := JudgeOptions{Commits: f.commits, Descriptions: f.descs, Out: f.out, Judge: judgeModel(t, s, "j1", 2),
		Cache: &llm.Cache{Dir: filepath.Join(f.dir, "cache")}, Log: &log, Progress: &progress}
	if err := Judge(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.DescriptionScore](f.out)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		key := fmt.Sprintf("%s/%s/%d", r.TaskID, r.Model, r.Sample)
		if r.Judge != "j1" || r.PromptVersion != prompt.ScoreVersion || r.Round != 1 {
			t.Errorf("%s: %+v", key, r)
		}
		got[key] = show(r)
		if r.Error != "" {
			got[key] = "error: " + r.Error
		}
	}
	want := map[string]string{
		"a/m1/0":    "5 4 5 ok",
		"a/m1/1":    "3 2 4 ok",
		"a/m1/2":    "1 1 2 ok",
		"a/m1/3":    "4 4 4 ok",
		"a/m1/4":    "2 3 1 ok",
		"a/m1/5":    "4 - - out_of_range",
		"a/m1/6":    "4 4 - truncated",
		"a/m1/7":    "error: ",
		"b/m2/0":    "5 4 5 ok",
		"gone/m2/0": "error: task gone is not in " + f.commits,
	}
	if len(rows) != len(want) {
		t.Errorf("%d rows, want %d: the error row of the descriptions is not scored", len(rows), len(want))
	}
	for k, w := range want {
		if g := got[k]; g != w && !(w == "error: " && strings.Contains(g, "HTTP 503")) {
			t.Errorf("%s: %q, want %q", k, g, w)
		}
	}
	for _, r := range rows {
		if r.Sample == 4 && r.TaskID == "a" && r.Reasoning != "It claims a cache that is not there." {
			t.Errorf("the reasoning apart is not kept: %q", r.Reasoning)
		}
		if r.Sample == 6 && r.TaskID == "a" && r.FinishReason != "length" {
			t.Errorf("finish_reason %q", r.FinishReason)
		}
	}
	if temps.Load() != 0 {
		t.Errorf("%d calls not at temperature 0 and the judge's max tokens", temps.Load())
	}
	if s.MaxInFlight() > 2 {
		t.Errorf("%d calls in flight at once, over the judge's concurrency of 2", s.MaxInFlight())
	}
	// The two "plain" descriptions are one prompt apiece: their tasks differ.
	if s.Requests() != 9 {
		t.Errorf("%d requests, want 9", s.Requests())
	}
	for _, w := range []string{"description scores: 10 rows, 2 with errors; parsed: 6 ok, 1 out_of_range, 1 truncated;",
		"describe judge: j1: 8 answers (0 from the cache), 2 errors, 1 cut short"} {
		if !strings.Contains(log.String(), w) {
			t.Errorf("the log does not say %q:\n%s", w, log.String())
		}
	}

	// A rerun asks again only the failed call.
	before := s.Requests()
	if err := Judge(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if n := s.Requests() - before; n != 1 {
		t.Errorf("the rerun made %d requests, want the failed one only", n)
	}

	// Another judge, for task b alone, adds its rows and keeps j1's.
	opts2 := opts
	opts2.Judge, opts2.Tasks = judgeModel(t, s, "j2", 1), dataset.Selection{"b"}
	if err := Judge(context.Background(), opts2); err != nil {
		t.Fatal(err)
	}
	rows, _ = table.ReadFile[table.DescriptionScore](f.out)
	by := map[string]int{}
	for _, r := range rows {
		by[r.Judge]++
	}
	if by["j1"] != 10 || by["j2"] != 1 {
		t.Errorf("rows by judge %v, want j1's 10 kept and j2's 1", by)
	}
	opts2.Tasks = dataset.Selection{"nope*"}
	if err := Judge(context.Background(), opts2); err == nil || !strings.Contains(err.Error(), "matches no task") {
		t.Errorf("a --tasks pattern that selects nothing: %v", err)
	}
}

// A judge whose every call fails writes its error rows and says so; a
// built-in model answers none.
func TestJudgeEveryCallFailing(t *testing.T) {
	f := newJudgeFixture(t)
	m, _ := llm.Builtin("oracle")
	err := Judge(context.Background(), JudgeOptions{Commits: f.commits, Descriptions: f.descs, Out: f.out, Judge: m})
	var all *llm.AllFailedError
	if !errors.As(err, &all) || !strings.Contains(err.Error(), "models file") {
		t.Fatalf("error %v, want every row failed, saying a judge comes from a models file", err)
	}
	rows, err := table.ReadFile[table.DescriptionScore](f.out)
	if err != nil || len(rows) != 10 {
		t.Fatalf("%d rows written: %v", len(rows), err)
	}
}

// Stopped halfway (Ctrl-C), judge writes no table, and the answers it
// had are in the cache: the rerun asks only for the rest.
func TestJudgeStoppedKeepsAnswers(t *testing.T) {
	s := llmtest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var answered atomic.Int64
	s.Answer = func(n int, req llmtest.Request) llmtest.Reply {
		if answered.Add(1) == 3 {
			cancel()
		}
		return llmtest.Reply{Content: "Inefficiency: 3\nFix: 3\nInvented: 3", Delay: 10 * time.Millisecond}
	}
	dir := t.TempDir()
	commits, descsPath := filepath.Join(dir, "commits.parquet"), filepath.Join(dir, "descriptions.parquet")
	if err := table.WriteFile(commits, []table.Commit{{TaskID: "a", Language: "go", CodeBefore: "x", CodeAfter: "y"}}); err != nil {
		t.Fatal(err)
	}
	var descs []table.Description
	for i := range 20 {
		descs = append(descs, table.Description{TaskID: "a", Model: "m", Round: 1, Sample: int32(i), Description: fmt.Sprint("d", i)})
	}
	if err := table.WriteFile(descsPath, descs); err != nil {
		t.Fatal(err)
	}
	opts := JudgeOptions{Commits: commits, Descriptions: descsPath, Out: filepath.Join(dir, "scores.parquet"),
		Judge: judgeModel(t, s, "j", 1), Cache: &llm.Cache{Dir: filepath.Join(dir, "cache")}}
	err := Judge(ctx, opts)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "their answers are cached") {
		t.Fatalf("error %v, want the stop", err)
	}
	if table.Exists(opts.Out) {
		t.Error("a stopped judge wrote its table")
	}
	first := s.Requests()
	if err := Judge(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.DescriptionScore](opts.Out)
	if err != nil {
		t.Fatal(err)
	}
	hits := 0
	for _, r := range rows {
		if r.CacheHit {
			hits++
		}
	}
	// The calls answered before the stop (all but the one in flight at
	// most) come from the cache.
	if len(rows) != 20 || hits < first-1 || s.Requests()-first != 20-hits {
		t.Errorf("%d rows, %d cache hits after %d requests before the stop, %d after", len(rows), hits, first, s.Requests()-first)
	}
}
