package mining

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/table"
)

// synthetic are examples of repos whose performance commits, and only
// they, have the feature "word:quick", with the rules missing half of
// them; their category is told by a cue the rules misread.
func synthetic(repos int) []Example {
	var out []Example
	for r := range repos {
		for i := range 60 {
			perf := i%4 == 0
			e := Example{Repo: fmt.Sprintf("repo%d", r), SHA: fmt.Sprintf("%d-%d", r, i), Perf: perf,
				perf: map[string]float64{"rules": 0.1, fmt.Sprintf("word:noise%d", i%7): 1},
				cat:  map[string]float64{"rules:" + algorithm: 1}}
			e.RulesCategory = algorithm
			if perf {
				e.perf["word:quick"] = 1
				e.Rules = i%8 == 0
				e.Category = memory
				e.cat["cue:pool"] = 1
				if i%12 == 0 {
					e.Category = ioBound
					e.cat = map[string]float64{"cue:flush": 1, "rules:" + algorithm: 1}
				}
			}
			out = append(out, e)
		}
	}
	return out
}

func TestLearnBeatsRulesWhereTheyMiss(t *testing.T) {
	var logged []string
	l, err := Learn(context.Background(), synthetic(4), LearnOptions{Log: func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) }})
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]Figures{}
	for _, f := range l.Evaluation {
		if f.Name == "all" {
			all[f.By] = f
		}
	}
	if r, g := all[ByRules], all[ByLearned]; r.Recall > 0.6 || g.Recall != 1 || g.Precision != 1 || g.Category != 1 {
		t.Errorf("left-one-out figures: rules %+v, learned %+v; want rules recall about half, learned 1 throughout", r, g)
	}
	if l.Default != ByLearned || l.CategoryDefault != ByLearned {
		t.Errorf("defaults %s, %s; want learned for both", l.Default, l.CategoryDefault)
	}
	if len(logged) != 4 {
		t.Errorf("logged %q; want one line a fold", logged)
	}
	// The fitted model, through JSON as it ships.
	b, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	var back Learned
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	yes := map[string]float64{"word:quick": 1, "rules": 0.1}
	no := map[string]float64{"word:noise3": 1, "rules": 0.1}
	if p, q := back.Perf.perfProb(yes), back.Perf.perfProb(no); p < back.Perf.Threshold || q >= back.Perf.Threshold {
		t.Errorf("probabilities %.2f (quick) and %.2f (noise) around threshold %.2f", p, q, back.Perf.Threshold)
	}
	if c, _ := back.Category.best(map[string]float64{"cue:flush": 1, "rules:" + algorithm: 1}); c != ioBound {
		t.Errorf("category of a flush: %s", c)
	}
	// The bound of a message's features holds for any code.
	if most := back.Perf.mostProb(map[string]float64{"word:quick": 1}, messageFeature, 0.1, 0.1); most < back.Perf.perfProb(yes) {
		t.Errorf("bound %.3f under a probability it bounds, %.3f", most, back.Perf.perfProb(yes))
	}
}

func TestLearnNeedsThreeRepositories(t *testing.T) {
	if _, err := Learn(context.Background(), synthetic(2), LearnOptions{}); err == nil || !strings.Contains(err.Error(), "at least 3") {
		t.Errorf("err %v", err)
	}
}

// The shipped classifier reads and scores.
func TestDefaultLearned(t *testing.T) {
	l := DefaultLearned()
	if l.Default != ByRules && l.Default != ByLearned || len(l.Perf.Features) == 0 || len(l.Category.Classes) != len(table.Categories) {
		t.Fatalf("default %q, %d features, %d categories", l.Default, len(l.Perf.Features), len(l.Category.Classes))
	}
	for _, f := range l.Perf.Features {
		if !messageFeature(f) && !strings.HasPrefix(f, "code:") && !strings.HasPrefix(f, "lang:") &&
			!map[string]bool{"rules": true, "functions": true, "lines": true, "share removed": true}[f] {
			t.Errorf("feature %q is none perfFeatures makes", f)
		}
	}
}

// Labelled reads a history's labelled commits as mining does, and both
// decisions can be scored on them.
func TestLabelledHistory(t *testing.T) {
	r, h := buildHistory(t, filepath.Join(t.TempDir(), "shop"))
	dir := t.TempDir()
	labels := []string{
		fmt.Sprintf(`{"sha": %q, "is_perf": true, "category": "inefficient_algorithm"}`, h["py-index"]),
		fmt.Sprintf(`{"sha": %q, "is_perf": true, "category": "memory_inefficiency"}`, h["go-pool"]),
		fmt.Sprintf(`{"sha": %q, "is_perf": false, "category": null}`, h["perf-test"]),
		fmt.Sprintf(`{"sha": %q, "is_perf": false, "category": null}`, h["format"]),
		fmt.Sprintf(`{"sha": %q, "is_perf": true, "category": "parallelization"}`, h["go-parallel"]),
	}
	write(t, filepath.Join(dir, "shop.jsonl"), strings.Join(labels, "\n")+"\n")
	write(t, filepath.Join(dir, "index.csv"), "file,repo,split\nshop.jsonl,example.com/shop,heldout\n")
	index, err := ReadLabelIndex(dir)
	if err != nil {
		t.Fatal(err)
	}
	asked := ""
	es, err := Labelled(context.Background(), index, func(_ context.Context, repo string, shas []string) (string, error) {
		asked = fmt.Sprint(repo, len(shas))
		return r.dir, nil
	}, 1, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if asked != "example.com/shop5" || len(es) != 5 {
		t.Fatalf("asked for %q, read %d examples", asked, len(es))
	}
	figs := Score(es, ByRules, DefaultLearned())
	all := figs[len(figs)-1]
	if all.Performance != 3 || all.Kept != 3 || all.KeptPerf != 3 || all.Precision != 1 {
		t.Errorf("rules on the history: %+v; want the 3 performance commits kept, and no other", all)
	}
	for _, e := range es {
		if e.SHA == h["format"] && e.Passed != skipFormatting {
			t.Errorf("format commit passed as %q", e.Passed)
		}
	}

	// Bad files say where.
	for name, tc := range map[string]struct{ index, labels, want string }{
		"split":    {"file,repo,split\nshop.jsonl,x,test\n", "", `split "test"`},
		"header":   {"name,repo\n", "", "header"},
		"category": {"file,repo,split\nshop.jsonl,x,train\n", `{"sha": "abc", "is_perf": true, "category": "speed"}` + "\n", "shop.jsonl:1"},
		"is_perf":  {"file,repo,split\nshop.jsonl,x,train\n", `{"sha": "abc"}` + "\n", "needs sha and is_perf"},
	} {
		d := t.TempDir()
		write(t, filepath.Join(d, "index.csv"), tc.index)
		write(t, filepath.Join(d, "shop.jsonl"), tc.labels)
		index, err := ReadLabelIndex(d)
		if err == nil {
			_, err = Labelled(context.Background(), index, func(context.Context, string, []string) (string, error) { return r.dir, nil }, 1, nil, nil)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want %q", name, err, tc.want)
		}
	}
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The placeholders of names, code spans, addresses and the repository's
// name are no words of the subject.
func TestMessageFeaturesSkipPlaceholders(t *testing.T) {
	x := messageFeatures(subjectAndBody("Optimize `parse()` and fooBar in fasthttp, see https://example.com", "fasthttp"))
	for f := range x {
		if f == "word:ident" || f == "word:code" || f == "word:url" || f == "word:repo" {
			t.Errorf("feature %q", f)
		}
	}
	if x["word:optimiz"] != 1 || x["subject:optimize"] != 1 {
		t.Errorf("features %v; want the subject's word and cue", x)
	}
}

// Both: the classifier names the category where it is sure enough, the
// rules elsewhere; learning makes the one that agrees best the default,
// a tie going to the simpler.
func TestCategoryByBoth(t *testing.T) {
	for _, c := range []struct {
		by      string
		p       float64
		want    string
		comment string
	}{
		{ByBoth, 0.49, "rules", "under the bar"},
		{ByBoth, 0.5, "learned", "at the bar"},
		{ByRules, 0.99, "rules", "rules whatever the classifier"},
		{ByLearned, 0.1, "learned", "the classifier however unsure"},
	} {
		if got := pickCategory(c.by, 0.5, "rules", "learned", c.p); got != c.want {
			t.Errorf("%s at %.2f (%s): %s", c.by, c.p, c.comment, got)
		}
	}
	l := &Learned{CategoryAccuracy: map[string]float64{ByRules: 0.6, ByLearned: 0.58},
		CategoryGates: []Gate{{From: 0.5, LeftOut: 0.61}, {From: 0.7, LeftOut: 0.65}, {From: 0.9, LeftOut: 0.6}}}
	l.chooseCategory(func(by string, from float64) float64 { return l.agreement(by, from, false) })
	if l.CategoryDefault != ByBoth || l.CategoryFrom != 0.7 {
		t.Errorf("chose %s from %.1f; want both from 0.7", l.CategoryDefault, l.CategoryFrom)
	}
	l.CategoryGates = []Gate{{From: 0.5, LeftOut: 0.6}}
	l.chooseCategory(func(by string, from float64) float64 { return l.agreement(by, from, false) })
	if l.CategoryDefault != ByRules {
		t.Errorf("a tie chose %s; want rules", l.CategoryDefault)
	}
}
