package generations

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/table"
)

// chainServer answers describe prompts with a description naming the
// code after it was shown, and generate prompts with code returning one
// more than the code the description quotes: code after returns 0, so
// round r's code is "def f(): return r". For
// a task whose code before mentions "refuse", generations have no code.
func chainServer(t *testing.T) (*llmtest.Server, func() []string) {
	s := llmtest.New(t)
	var mu sync.Mutex
	var prompts []string
	after := regexp.MustCompile("(?s)Code after:\n```python\n(.*?)```")
	s.Answer = func(n int, req llmtest.Request) llmtest.Reply {
		mu.Lock()
		prompts = append(prompts, req.Last())
		mu.Unlock()
		p := req.Last()
		if strings.Contains(p, "Code after:") {
			code := after.FindStringSubmatch(p)[1]
			return llmtest.Reply{Content: fmt.Sprintf("It now reads %q.\n\nCategory: inefficient_algorithm", strings.TrimSpace(code))}
		}
		if strings.Contains(p, "refuse") {
			return llmtest.Reply{Content: "I would rather not."}
		}
		var quoted int // the number the description quotes
		fmt.Sscanf(p[strings.Index(p, "It now reads"):], "It now reads \"def f(): return %d", &quoted)
		return llmtest.Reply{Content: fmt.Sprintf("```python\ndef f(): return %d\n```", quoted+1)}
	}
	return s, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), prompts...)
	}
}

type chainFixture struct {
	opts Options
	m    llm.Model
}

func newChain(t *testing.T, url string) chainFixture {
	t.Helper()
	m, err := llm.Open(llm.Config{Name: "m1", BaseURL: url, Model: "org/m1", Concurrency: 2,
		Timeout: llm.Duration{Duration: 5 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opts := Options{Commits: filepath.Join(dir, "commits.parquet"), Descriptions: filepath.Join(dir, "descriptions.parquet"),
		Out: filepath.Join(dir, "generations.parquet"), Models: []llm.Model{m},
		Cache: &llm.Cache{Dir: filepath.Join(dir, "cache")}}
	if err := table.WriteFile(opts.Commits, []table.Commit{
		{TaskID: "a", Language: "python", Symbol: "f", CodeBefore: "def f(): pass\n", CodeAfter: "def f(): return 0\n", CommitMessage: "SECRET message"},
		{TaskID: "b", Language: "python", Symbol: "f", CodeBefore: "def f(): refuse\n", CodeAfter: "def f(): return 1\n", CommitMessage: "SECRET message"},
	}); err != nil {
		t.Fatal(err)
	}
	// Round 1's descriptions, as the server would write them.
	var descs []table.Description
	for _, task := range []string{"a", "b"} {
		descs = append(descs, table.Description{TaskID: task, Model: "m1", Round: 1, PromptVersion: "describe-v1",
			Description: "It now reads \"def f(): return 0\".\n\nCategory: inefficient_algorithm"})
	}
	if err := table.WriteFile(opts.Descriptions, descs); err != nil {
		t.Fatal(err)
	}
	return chainFixture{opts, m}
}

type step struct {
	Task  string
	Round int32
	Code  string
	Err   bool
}

func steps(t *testing.T, path string) []step {
	t.Helper()
	gens, err := table.ReadFile[table.Generation](path)
	if err != nil {
		t.Fatal(err)
	}
	var out []step
	for _, g := range gens {
		out = append(out, step{g.TaskID, g.Round, strings.TrimSpace(g.Code), g.Error != ""})
	}
	return out
}

func descRounds(t *testing.T, path string) map[int32]int {
	t.Helper()
	ds, err := table.ReadFile[table.Description](path)
	if err != nil {
		t.Fatal(err)
	}
	n := map[int32]int{}
	for _, d := range ds {
		n[d.Round]++
	}
	return n
}

// Round r+1 describes code before against round r's code without the
// commit message, and generates from that; a chain without code ends in
// error rows; rerunning with fewer rounds replaces the chain.
func TestChain(t *testing.T) {
	s, prompts := chainServer(t)
	f := newChain(t, s.BaseURL())
	f.opts.Rounds = 3
	if err := Run(context.Background(), f.opts); err != nil {
		t.Fatal(err)
	}
	want := []step{
		{"a", 1, "def f(): return 1", false}, {"b", 1, "", false},
		{"a", 2, "def f(): return 2", false}, {"b", 2, "", true},
		{"a", 3, "def f(): return 3", false}, {"b", 3, "", true},
	}
	if d := cmp.Diff(want, steps(t, f.opts.Out)); d != "" {
		t.Errorf("generations (-want +got):\n%s", d)
	}
	ds, err := table.ReadFile[table.Description](f.opts.Descriptions)
	if err != nil {
		t.Fatal(err)
	}
	if got := descRounds(t, f.opts.Descriptions); !cmp.Equal(got, map[int32]int{1: 2, 2: 2, 3: 2}) {
		t.Errorf("descriptions per round %v, want 2 in each of rounds 1-3", got)
	}
	for _, d := range ds {
		switch {
		case d.TaskID == "b" && d.Round > 1:
			if !strings.Contains(d.Error, fmt.Sprintf("round %d gave no code", d.Round-1)) {
				t.Errorf("task b round %d: error %q, want the broken chain", d.Round, d.Error)
			}
		case d.Round > 1 && !strings.Contains(d.Description, fmt.Sprintf("return %d", d.Round-1)):
			t.Errorf("round %d describes %q, want round %d's code", d.Round, d.Description, d.Round-1)
		}
	}
	// Later rounds never see the commit message.
	secret := 0
	for _, p := range prompts() {
		if strings.Contains(p, "SECRET") {
			secret++
		}
	}
	if secret != 0 {
		t.Errorf("%d prompts of rounds 2 and 3 carry the commit message", secret)
	}

	asked := s.Requests()
	f.opts.Rounds = 2
	if err := Run(context.Background(), f.opts); err != nil {
		t.Fatal(err)
	}
	if s.Requests() != asked {
		t.Errorf("a shorter chain asked %d more calls, want all cached", s.Requests()-asked)
	}
	if got := descRounds(t, f.opts.Descriptions); !cmp.Equal(got, map[int32]int{1: 2, 2: 2}) {
		t.Errorf("after --rounds 2, descriptions per round %v", got)
	}
	f.opts.Rounds = 1
	if err := Run(context.Background(), f.opts); err != nil {
		t.Fatal(err)
	}
	if got := descRounds(t, f.opts.Descriptions); !cmp.Equal(got, map[int32]int{1: 2}) {
		t.Errorf("after --rounds 1, descriptions per round %v", got)
	}
	if n := len(steps(t, f.opts.Out)); n != 2 {
		t.Errorf("%d generations after --rounds 1, want 2", n)
	}

	f.opts.Rounds, f.opts.Describers = 2, []string{"m1"}
	if err := Run(context.Background(), f.opts); err == nil || !strings.Contains(err.Error(), "--describer") {
		t.Errorf("a chain with cross pairs: %v, want refused", err)
	}
}

// A chain at a temperature draws each round afresh, even when a round's
// prompt repeats an earlier one.
func TestChainRoundsAreFreshSamples(t *testing.T) {
	m, err := llm.Builtin("oracle")
	if err != nil {
		t.Fatal(err)
	}
	req := llm.Request{Kind: llm.KindDescribe, Messages: []llm.Message{{Role: "user", Content: "x"}}, Temperature: 0.8}
	r1, r2, r3 := req, req, req
	r1.Round, r2.Round, r3.Round = 1, 2, 3
	if llm.Key(m, r2) == llm.Key(m, r3) || llm.Key(m, r1) == llm.Key(m, r2) {
		t.Error("chain rounds share a cache key")
	}
	r0 := req // a request that names no round is round 1
	if llm.Key(m, r0) != llm.Key(m, r1) {
		t.Error("a request without a round keys apart from round 1")
	}
}

// Cross pairs: two models generating from one describer's descriptions
// make one generation each per description, not one per model per copy.
func TestCrossPairs(t *testing.T) {
	dir := t.TempDir()
	commits, descs := filepath.Join(dir, "commits.parquet"), filepath.Join(dir, "descriptions.parquet")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(table.WriteFile(commits, []table.Commit{{TaskID: "a", Language: "python", CodeBefore: "x = 1\n", CodeAfter: "x = 2\n"}}))
	must(table.WriteFile(descs, []table.Description{{TaskID: "a", Model: "identity", Round: 1, Description: "d"}}))
	identity, err := llm.Builtin("identity")
	must(err)
	oracle, err := llm.Builtin("oracle")
	must(err)
	out := filepath.Join(dir, "generations.parquet")
	must(Run(context.Background(), Options{Commits: commits, Descriptions: descs, Out: out,
		Models: []llm.Model{identity, oracle}, Describers: []string{"identity"}}))
	gens, err := table.ReadFile[table.Generation](out)
	must(err)
	var got []string
	for _, g := range gens {
		got = append(got, g.Describer+">"+g.Model)
	}
	if want := []string{"identity>identity", "identity>oracle"}; !cmp.Equal(got, want) {
		t.Errorf("generations %v, want %v", got, want)
	}
}

// A description cut short is not generated from: its generation is a
// row that says why and what to do, and no call is made, unless
// AllowTruncated asks for it. A description that was reasoning alone is
// never generated from.
func TestCutDescriptionsAreNotGeneratedFrom(t *testing.T) {
	s := llmtest.New(t)
	s.Answer = func(int, llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Content: "```python\ndef f(): return 1\n```"}
	}
	m, err := llm.Open(llm.Config{Name: "m1", BaseURL: s.BaseURL(), Model: "org/m1"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opts := Options{Commits: filepath.Join(dir, "commits.parquet"), Descriptions: filepath.Join(dir, "descriptions.parquet"),
		Out: filepath.Join(dir, "generations.parquet"), Models: []llm.Model{m}}
	if err := table.WriteFile(opts.Commits, []table.Commit{
		{TaskID: "cut", Language: "python", Symbol: "f", CodeBefore: "def f(): return 0\n"},
		{TaskID: "whole", Language: "python", Symbol: "f", CodeBefore: "def f(): return 0\n"},
		{TaskID: "thought", Language: "python", Symbol: "f", CodeBefore: "def f(): return 0\n"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := table.WriteFile(opts.Descriptions, []table.Description{
		{TaskID: "cut", Model: "m1", Round: 1, Description: "The loop is slow because", Truncated: true, FinishReason: "length"},
		{TaskID: "whole", Model: "m1", Round: 1, Description: "Return at once.", FinishReason: "stop"},
		{TaskID: "thought", Model: "m1", Round: 1, Reasoning: "Let me think about the loop", Truncated: true, FinishReason: "length"},
	}); err != nil {
		t.Fatal(err)
	}
	errs := func() map[string]string {
		t.Helper()
		if err := Run(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		rows, err := table.ReadFile[table.Generation](opts.Out)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, r := range rows {
			out[r.TaskID] = r.Error
		}
		return out
	}
	got := errs()
	if !strings.Contains(got["cut"], "cut short at its token bound") || !strings.Contains(got["cut"], "--max-tokens") ||
		got["whole"] != "" || !strings.Contains(got["thought"], "cut short") || s.Requests() != 1 {
		t.Errorf("errors %q after %d requests; want the cut ones refused with advice, one call", got, s.Requests())
	}
	opts.AllowTruncated = true
	got = errs()
	if got["cut"] != "" || !strings.Contains(got["thought"], "reasoning") || s.Requests() != 3 {
		t.Errorf("with AllowTruncated: errors %q after %d requests; want the cut description used (and the whole one asked again, with no cache), the reasoning alone not", got, s.Requests())
	}
}

// A generation that adds a cache across calls (here lru_cache) is
// flagged with what it adds; a plain rewrite, and one keeping the cache
// code before had, are not.
func TestCachingIsFlagged(t *testing.T) {
	dir := t.TempDir()
	commits, descs := filepath.Join(dir, "commits.parquet"), filepath.Join(dir, "descriptions.parquet")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	const (
		plain  = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
		cached = "import functools\n\n@functools.lru_cache(maxsize=None)\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
		loop   = "def fib(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n"
	)
	must(table.WriteFile(commits, []table.Commit{
		{TaskID: "cached", Language: "python", Symbol: "fib", CodeBefore: plain, CodeAfter: cached},
		{TaskID: "plain", Language: "python", Symbol: "fib", CodeBefore: plain, CodeAfter: loop},
		{TaskID: "kept", Language: "python", Symbol: "fib", CodeBefore: cached, CodeAfter: strings.Replace(cached, "None", "1024", 1)},
	}))
	var rows []table.Description
	for _, task := range []string{"cached", "plain", "kept"} {
		rows = append(rows, table.Description{TaskID: task, Model: "oracle", Round: 1, Description: "faster"})
	}
	must(table.WriteFile(descs, rows))
	oracle, err := llm.Builtin("oracle")
	must(err)
	out := filepath.Join(dir, "generations.parquet")
	must(Run(context.Background(), Options{Commits: commits, Descriptions: descs, Out: out, Models: []llm.Model{oracle}}))
	gens, err := table.ReadFile[table.Generation](out)
	must(err)
	type flag struct {
		Task    string
		Adds    bool
		Caching string
	}
	var got []flag
	for _, g := range gens {
		if g.Code == "" {
			t.Errorf("%s: no code (%s %s)", g.TaskID, g.ExtractStatus, g.Error)
		}
		got = append(got, flag{g.TaskID, g.AddsCaching, g.Caching})
	}
	want := []flag{{"cached", true, "functools.lru_cache"}, {"plain", false, ""}, {"kept", false, ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("caching flags (-want +got):\n%s", diff)
	}
}
