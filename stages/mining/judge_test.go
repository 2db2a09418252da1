package mining

import (
	"bufio"
	"encoding/json"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/prompt"
)

func testModel(t *testing.T, s *llmtest.Server, name string) llm.Model {
	t.Helper()
	retries := 0
	m, err := llm.Open(llm.Config{Name: name, BaseURL: s.BaseURL(), Model: "org/" + name, Concurrency: 2, MaxRetries: &retries})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The judge's verdict decides for every commit from --judge-from, the
// classifier's category replaces the rules', both are kept as evidence,
// and a rerun asks nothing again.
func TestMineWithModels(t *testing.T) {
	r, h := buildHistory(t, filepath.Join(t.TempDir(), "shop"))
	judgeSrv, clsSrv := llmtest.New(t), llmtest.New(t)
	var mu sync.Mutex
	var judged []string
	judgeSrv.Answer = func(n int, req llmtest.Request) llmtest.Reply {
		msg := req.Last()
		mu.Lock()
		judged = append(judged, msg)
		mu.Unlock()
		switch {
		case strings.Contains(msg, "lookup table"):
			return llmtest.Reply{Content: "A micro-optimisation, but let us say no.\n\n**Performance:** No"}
		case strings.Contains(msg, "Parallelize"):
			return llmtest.Reply{Content: "I can't tell."} // no verdict: the rules decide
		case strings.Contains(msg, "record accessors"):
			return llmtest.Reply{Status: 500} // fails: the rules decide
		}
		return llmtest.Reply{Content: "It removes work from a hot path.\nPerformance: yes"}
	}
	clsSrv.Answer = func(n int, req llmtest.Request) llmtest.Reply {
		if strings.Contains(req.Last(), "dict index") {
			return llmtest.Reply{Content: "No idea which."}
		}
		return llmtest.Reply{Content: "Fewer round trips.\n\nCategory: network_bottleneck"}
	}
	cache := &llm.Cache{Dir: filepath.Join(t.TempDir(), "cache")}
	skipped := filepath.Join(t.TempDir(), "skipped.jsonl")
	o := Options{Repos: []string{r.dir}, Judge: testModel(t, judgeSrv, "judge"), Classifier: testModel(t, clsSrv, "cls"),
		Cache: cache, Skipped: skipped}
	sum, rows := mine(t, o)

	got := byCommit(h, rows)
	if _, ok := got["c-table"]; ok {
		t.Error("the commit the judge turned down was kept")
	}
	for _, name := range []string{"py-index", "go-pool", "cpp-reserve", "go-parallel", "large", "cache-names"} {
		if _, ok := got[name]; !ok {
			t.Errorf("%s was not kept", name)
		}
	}
	if sum.Skipped[skipJudged] != 1 {
		t.Errorf("skipped %v", sum.Skipped)
	}
	// Every commit with changed functions and a score from 1 was asked
	// about, and only those: the decoys scoring less were not.
	for _, msg := range judged {
		if strings.Contains(msg, "Fast-forward") || strings.Contains(msg, "names()") {
			t.Errorf("the judge was asked about a decoy:\n%s", msg)
		}
		if !strings.Contains(msg, "```diff\n--- a/") {
			t.Errorf("the judge was not shown a patch:\n%s", msg)
		}
	}
	if len(judged) != 7 { // the six the rules keep, and has_name's set, which scores 1.5
		t.Errorf("judge asked %d times, want 7", len(judged))
	}
	for _, row := range rows {
		name := ""
		for k, v := range h {
			if v == row.CommitSHA {
				name = k
			}
		}
		last := row.PerfEvidence[len(row.PerfEvidence)-1]
		switch name {
		case "go-parallel":
			if row.PerfSource != "rules" || !strings.Contains(last, "no verdict") {
				t.Errorf("%s: %s, %q", name, row.PerfSource, last)
			}
		case "large":
			if row.PerfSource != "rules" || !strings.Contains(last, "judge judge failed") {
				t.Errorf("%s: %s, %q", name, row.PerfSource, last)
			}
		default:
			if row.PerfSource != "model:judge" || !strings.Contains(last, "hot path") {
				t.Errorf("%s: %s, %q", name, row.PerfSource, last)
			}
		}
		if name == "py-index" {
			if row.CategorySource != "rules" || row.Category != "inefficient_algorithm" || !strings.Contains(row.CategoryEvidence[0], "named no category") {
				t.Errorf("%s: %s %s %q", name, row.Category, row.CategorySource, row.CategoryEvidence)
			}
		} else if row.Category != "network_bottleneck" || row.CategorySource != "model:cls" {
			t.Errorf("%s: %s %s", name, row.Category, row.CategorySource)
		}
	}

	// The skipped file names the judge's no.
	f, err := os.Open(skipped)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reasons := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var s skippedCommit
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		reasons[s.SHA] = s.Reason + ": " + strings.Join(s.Evidence, "; ")
	}
	if why := reasons[h["c-table"]]; !strings.HasPrefix(why, skipJudged) || !strings.Contains(why, "let us say no") {
		t.Errorf("skipped c-table: %q", why)
	}
	if why := reasons[h["perf-test"]]; !strings.HasPrefix(why, "only_test") {
		t.Errorf("skipped perf-test: %q", why)
	}
	if len(reasons) != sum.Scanned-sum.Kept {
		t.Errorf("%d skipped lines for %d commits scanned and %d kept", len(reasons), sum.Scanned, sum.Kept)
	}

	// Again: every answer comes from the cache but the failed one.
	before := judgeSrv.Requests() + clsSrv.Requests()
	_, again := mine(t, o)
	if n := judgeSrv.Requests() + clsSrv.Requests() - before; n != 1 {
		t.Errorf("a rerun made %d requests, want 1 (the failed call)", n)
	}
	if len(again) != len(rows) {
		t.Errorf("a rerun mined %d rows, the first %d", len(again), len(rows))
	}
}

func TestVerdict(t *testing.T) {
	for _, tc := range []struct {
		answer     string
		yes, found bool
	}{
		{"Performance: yes", true, true},
		{"Because.\n\n**Performance:** No.", false, true},
		{"performance = TRUE", true, true},
		{"Performance: no\n...on reflection,\nPerformance: yes", true, true},
		{"The performance is better.", false, false},
		{"", false, false},
		{"Reasons.\nPerformance work: Yes", true, true},
		{"Verdict — no (a refactor)", false, true},
		{"**Final answer:** YES", true, true},
		{"```json\n{\"performance\": true, \"category\": \"memory_inefficiency\"}\n```", true, true},
		{"{\"is_performance\": \"no\"}", false, true},
		{"| Performance | yes |\n|---|---|", true, true},
		{"Performance: no doubt this is faster", false, false},
		{"Yes. It reuses the buffer instead of allocating per call.", true, true},
		{"It only renames fields.\n\nNo.", false, true},
		{"Performance: Yes (micro_architectural)\nCategory: micro_architectural", true, true},
		{"Not sure; it could be either.", false, false},
		{"Nothing here is faster.", false, false},
	} {
		yes, found := prompt.Verdict(tc.answer)
		if yes != tc.yes || found != tc.found {
			t.Errorf("Verdict(%q) = %v, %v", tc.answer, yes, found)
		}
	}
}

// With JudgeFrom at -Inf (--judge-all) the judge is asked about every
// commit that changed a function, the decoys whose messages say nothing
// of performance too; with no classifier, the category it names with
// its yes is the row's and the summary's.
func TestJudgeAllNamesCategory(t *testing.T) {
	r, h := buildHistory(t, filepath.Join(t.TempDir(), "shop"))
	srv := llmtest.New(t)
	var mu sync.Mutex
	asked := 0
	srv.Answer = func(n int, req llmtest.Request) llmtest.Reply {
		mu.Lock()
		asked++
		mu.Unlock()
		if strings.Contains(req.Last(), "lookup table") {
			return llmtest.Reply{Content: "Performance: yes"} // names none: the miner's own stays
		}
		return llmtest.Reply{Content: "Work runs on every core.\nPerformance: yes\n**Category:** Parallelization"}
	}
	o := Options{Repos: []string{r.dir}, Judge: testModel(t, srv, "judge"), JudgeFrom: math.Inf(-1),
		Cache: &llm.Cache{Dir: filepath.Join(t.TempDir(), "cache")}}
	sum, rows := mine(t, o)
	got := byCommit(h, rows)
	if _, ok := got["feature"]; !ok {
		t.Errorf("the judge's yes did not keep a commit whose message says nothing of performance: kept %v", slices.Collect(maps.Keys(got)))
	}
	if asked <= 7 {
		t.Errorf("judge asked %d times: no more than from a score of 1", asked)
	}
	cats := map[string]int{}
	for _, row := range rows {
		switch {
		case row.CommitSHA == h["c-table"]:
			if row.CategorySource == "model:judge" {
				t.Errorf("c-table: %s by %s, want the miner's own category", row.Category, row.CategorySource)
			}
		case row.Category != "parallelization" || row.CategorySource != "model:judge" || !strings.Contains(row.CategoryEvidence[0], "every core"):
			t.Errorf("%s: %s by %s (%q)", row.TaskID, row.Category, row.CategorySource, row.CategoryEvidence)
		}
	}
	for _, name := range []string{"c-table", "go-parallel"} {
		if _, ok := got[name]; !ok {
			t.Errorf("%s not kept", name)
		}
	}
	for name := range got {
		if name != "c-table" {
			cats["parallelization"]++
		}
	}
	if sum.Categories["parallelization"] != cats["parallelization"] {
		t.Errorf("summary counts %v, rows name parallelization for %d commits", sum.Categories, cats["parallelization"])
	}
}
