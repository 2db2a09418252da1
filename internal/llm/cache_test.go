package llm_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
)

// run makes the calls through a cache read afresh from dir, as a new
// process would.
func run(t *testing.T, dir string, cs []llm.Call, refresh bool) []llm.Result {
	t.Helper()
	res, _, err := (&llm.Caller{Cache: &llm.Cache{Dir: dir}, Refresh: refresh}).Run(context.Background(), cs)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func hits(res []llm.Result) (n int) {
	for _, r := range res {
		if r.CacheHit {
			n++
		}
	}
	return n
}

func logs(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "answers-*.log"))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// What a crash can leave in a log: a record cut short at the end, or one
// whose bytes changed. Neither is served; the answers before them are,
// and the calls they held are asked again.
func TestCacheSkipsDamagedRecords(t *testing.T) {
	s := llmtest.New(t)
	m := endpoint(t, s, func(c *llm.Config) { c.Concurrency = 1 }) // records in call order
	dir := t.TempDir()
	cs := calls(m, 3)
	run(t, dir, cs, false)
	ls := logs(t, dir)
	if len(ls) != 1 {
		t.Fatalf("%d logs after one run, want 1", len(ls))
	}
	b, err := os.ReadFile(ls[0])
	if err != nil {
		t.Fatal(err)
	}
	// Change a byte of the second answer, and cut the third short.
	second := strings.Index(string(b), "answer to: task 1")
	third := strings.Index(string(b), "answer to: task 2")
	b[second+len("answer to: ")] = 'X'
	if err := os.WriteFile(ls[0], b[:third+3], 0o644); err != nil {
		t.Fatal(err)
	}
	res := run(t, dir, cs, false)
	if !res[0].CacheHit || res[1].CacheHit || res[2].CacheHit {
		t.Errorf("cache hits %v %v %v, want only the intact first record", res[0].CacheHit, res[1].CacheHit, res[2].CacheHit)
	}
	for i, r := range res {
		if strings.Contains(r.Content, "X") || r.Content != "answer to: task "+string(rune('0'+i)) {
			t.Errorf("call %d answered %q", i, r.Content)
		}
	}
	if s.Requests() != 5 {
		t.Errorf("%d requests, want 3 and the 2 damaged ones again", s.Requests())
	}
	// The rerun wrote its answers to a log of its own: all cached now.
	if got := hits(run(t, dir, cs, false)); got != 3 || len(logs(t, dir)) != 2 {
		t.Errorf("third run: %d hits and %d logs, want 3 and 2", got, len(logs(t, dir)))
	}
}

// A refreshed answer wins over the one it replaced, in later processes
// too; and caches sharing a folder each write their own log.
func TestCacheNewerAnswerWins(t *testing.T) {
	s := llmtest.New(t)
	answer := "first"
	s.Answer = func(int, llmtest.Request) llmtest.Reply { return llmtest.Reply{Content: answer} }
	m := endpoint(t, s, nil)
	dir := t.TempDir()
	cs := calls(m, 1)
	run(t, dir, cs, false)
	answer = "second"
	run(t, dir, cs, true)
	if res := run(t, dir, cs, false); res[0].Content != "second" || !res[0].CacheHit {
		t.Errorf("after a refresh the cache serves %q (hit %v), want the newer answer", res[0].Content, res[0].CacheHit)
	}
	if n := len(logs(t, dir)); n != 2 {
		t.Errorf("%d logs, want one per run that answered", n)
	}
}
