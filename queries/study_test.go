package queries_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/table"
)

// study writes tables whose truth is known: tasks whose code before takes
// 100 ms and code after 20 ms, unless flat (code before as fast as code
// after: no run can separate them), each with a fast rewrite F (code
// after's speed, a program of its own) and a slow one S (correct, twice
// code after's time). pick says which program each model generates for
// each task: "F", "S", "B" (code before) or "A" (code after).
type studyTask struct {
	id, category string
	flat         bool
	pick         map[string]string
}

func studyTables(t *testing.T, tasks []studyTask) string {
	t.Helper()
	dir := t.TempDir()
	var commits []table.Commit
	var gens []table.Generation
	var m []table.Measurement
	for _, k := range tasks {
		code := map[string]string{"B": "B" + k.id, "A": "A" + k.id, "F": "F" + k.id, "S": "S" + k.id}
		commits = append(commits, table.Commit{TaskID: k.id, Language: "go", Category: k.category,
			CodeBefore: code["B"], CodeAfter: code["A"]})
		before := int64(100)
		if k.flat {
			before = 20
		}
		// Interleaved runs: flat's code before and after overlap.
		m = append(m, runs(k.id, "before", code["B"], "ok", ms(before-1, before, before+2, before-2, before+1)...)...)
		m = append(m, runs(k.id, "after", code["A"], "ok", ms(20, 21, 19, 22, 18)...)...)
		m = append(m, runs(k.id, "generated", code["F"], "ok", ms(21, 19, 20, 18, 22)...)...)
		m = append(m, runs(k.id, "generated", code["S"], "ok", ms(40, 41, 39, 42, 38)...)...)
		for model, p := range k.pick {
			gens = append(gens, table.Generation{TaskID: k.id, Describer: model, Model: model, Round: 1, Code: code[p]})
		}
	}
	for name, err := range map[string]error{
		"commits":      table.WriteFile(filepath.Join(dir, "commits.parquet"), commits),
		"generations":  table.WriteFile(filepath.Join(dir, "generations.parquet"), gens),
		"measurements": table.WriteFile(filepath.Join(dir, "measurements.parquet"), m),
	} {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return dir
}

// A task whose code before and after overlap in the run is not resolved:
// named, and in no rate; identity (code before) scores 0 and oracle 1 on
// the rest, and the controls cell says both hold. Wilson's interval of
// 3/6 and 0/6 is statsmodels' (proportion_confint(k, n, method='wilson'),
// statsmodels 0.13.5; internal/stats/testdata/reference.tsv).
func TestUnresolvedTasksAreLeftOut(t *testing.T) {
	var tasks []studyTask
	for i := range 6 {
		m := "F"
		if i >= 3 {
			m = "S"
		}
		tasks = append(tasks, studyTask{id: fmt.Sprintf("t%d", i), category: "api_misuse",
			pick: map[string]string{"identity": "B", "oracle": "A", "m": m}})
	}
	tasks = append(tasks, studyTask{id: "flat", category: "api_misuse", flat: true,
		pick: map[string]string{"identity": "B", "oracle": "A", "m": "F"}})
	db, ctx := openTables(t, studyTables(t, tasks))

	// Without the rule identity would be self-consistent on flat.
	if got := cellRows(t, db, ctx, `SELECT self_consistent FROM outcomes WHERE model = 'identity' AND task_id = 'flat'`); !cmp.Equal(got, [][]string{{"true"}}) {
		t.Fatalf("identity on flat: %v, want self-consistent there (the case the rule is for)", got)
	}
	checkCell(t, db, ctx, "81_unresolved", "task_id, human_speedup, resolved_by", [][]string{{"flat", "1", "u-test"}})
	if got := cellRows(t, db, ctx, `SELECT count(*) FROM task_outcomes WHERE task_id = 'flat'`); !cmp.Equal(got, [][]string{{"0"}}) {
		t.Errorf("flat has %v rows in task_outcomes, want none", got)
	}
	checkCell(t, db, ctx, "03_controls", "control, tasks, value, expected, verdict, failed_tasks", [][]string{
		{"identity self-consistent", "6", "0", "0", "holds", ""},
		{"oracle self-consistent", "6", "1", "1", "holds", ""},
		{"twin false alarms", "0", "", "0.025", "not run", ""},
		{"tasks resolved", "7", "0.857", "1", "some left out", "flat"},
	})
	checkCell(t, db, ctx, "10_consistency", "model, tasks, unresolved, self_consistent, self_consistent_lo, self_consistent_hi", [][]string{
		{"m", "6", "1", "0.5", "0.188", "0.812"},
		{"identity", "6", "1", "0", "0", "0.39"},
		{"oracle", "6", "1", "1", "0.61", "1"},
	})
	checkCell(t, db, ctx, "04_summary", "model, tasks, correct, self_consistent, recovered", [][]string{
		{"m", "6", "1", "0.5", "0.75"},
		{"identity", "6", "1", "0", "0.2"},
		{"oracle", "6", "1", "1", "1"},
	})
	// The only candidate has no one to be compared with.
	checkCell(t, db, ctx, "05_comparison", "count(*)", [][]string{{"0"}})
	// identity against oracle: 6 discordant pairs, all oracle's,
	// McNemar p = 2/64.
	mustOK(t, exec(db, ctx, `CREATE TEMP TABLE pairs AS SELECT 'identity' AS model_a, 'oracle' AS model_b`))
	got := cellRows(t, db, ctx, `SELECT category, tasks, self_consistent, self_consistent_change, better FROM comparisons('pairs')`)
	want := [][]string{
		{"api_misuse", "6", "0.00 → 1.00", "+1.00 (p=0.031 n=6)", "oracle"},
		{"all", "6", "0.00 → 1.00", "+1.00 (p=0.031 n=6)", "oracle"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("identity against oracle (-want +got):\n%s", diff)
	}
}

// A model better on 30 of 40 paired tasks (worse on the other 10) is
// reported better; one better on 21 of 40 and worse on 19 is "~".
// McNemar's exact p-values are statsmodels' (mcnemar(table,
// exact=True).pvalue, statsmodels 0.13.5): 0.0022214 and 0.8746293.
func TestComparisonSeparatesOnlyRealDifferences(t *testing.T) {
	var tasks []studyTask
	for i := range 40 {
		pick := map[string]string{"a30": "F", "b30": "S", "a21": "F", "b21": "S"}
		if i < 30 {
			pick["a30"], pick["b30"] = "S", "F"
		}
		if i < 21 {
			pick["a21"], pick["b21"] = "S", "F"
		}
		tasks = append(tasks, studyTask{id: fmt.Sprintf("t%02d", i), category: "inefficient_io", pick: pick})
	}
	db, ctx := openTables(t, studyTables(t, tasks))
	mustOK(t, exec(db, ctx, `CREATE TEMP TABLE pairs AS SELECT * FROM (VALUES ('a30', 'b30'), ('a21', 'b21')) p(model_a, model_b)`))
	got := rowsAs(t, db, ctx, twoPlaces, `SELECT model_a, category, self_consistent_change, better, p_self_consistent::VARCHAR
		FROM comparisons('pairs') WHERE category = 'all' ORDER BY model_a DESC`)
	want := [][]string{
		{"a30", "all", "+0.50 (p=0.002 n=40)", "b30", "0.0022"},
		{"a21", "all", "~ (p=0.875 n=40)", "~", "0.8746"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("comparisons (-want +got):\n%s", diff)
	}
}

// The categories' p-values are adjusted for their number by
// Benjamini–Hochberg: four categories whose discordant pairs are (6, 0),
// (5, 0), (10, 0) and (19, 11) have McNemar p 0.03125, 0.0625, 0.00195
// and 0.2005, adjusted to 0.0625, 0.0833, 0.0078 and 0.2005 (statsmodels
// 0.13.5, multipletests(p, method='fdr_bh')). The 'all' row is not
// adjusted.
func TestComparisonAdjustsForCategories(t *testing.T) {
	var tasks []studyTask
	n := 0
	add := func(category string, yOnly, xOnly int) {
		for i := range yOnly + xOnly {
			pick := map[string]string{"x": "S", "y": "F"}
			if i >= yOnly {
				pick = map[string]string{"x": "F", "y": "S"}
			}
			tasks = append(tasks, studyTask{id: fmt.Sprintf("t%03d", n), category: category, pick: pick})
			n++
		}
	}
	add("api_misuse", 6, 0)
	add("inefficient_io", 5, 0)
	add("memory_inefficiency", 10, 0)
	add("parallelization", 19, 11)
	db, ctx := openTables(t, studyTables(t, tasks))
	mustOK(t, exec(db, ctx, `CREATE TEMP TABLE pairs AS SELECT 'x' AS model_a, 'y' AS model_b`))
	got := rowsAs(t, db, ctx, twoPlaces, `SELECT category, round(p_self_consistent, 4)::VARCHAR, better FROM comparisons('pairs')`)
	want := [][]string{
		// 6 and 5 tasks all favour y, but after the adjustment neither
		// McNemar nor the paired bootstrap (never below the sign test's
		// 2·0.5^n) can say so at 0.05.
		{"api_misuse", "0.0625", "~"},
		{"inefficient_io", "0.0833", "~"},
		{"memory_inefficiency", "0.0078", "y"},
		{"parallelization", "0.2005", "~"},
		{"all", "0.0001", "y"}, // 40 against 11: p = 5.7e-5
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("adjusted p-values (-want +got):\n%s", diff)
	}
}

func exec(db *duck.DB, ctx context.Context, q string) error {
	_, err := db.Conn.ExecContext(ctx, q)
	return err
}

// The automatic check of descriptions: the changed function by name, and
// the identifiers the fix adds or removes (keywords and short names left
// out), from the code or, without code, from the patch's lines.
func TestDescriptionNames(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(table.WriteFile(filepath.Join(dir, "commits.parquet"), []table.Commit{
		{TaskID: "code", Language: "python", Category: "inefficient_algorithm", Symbol: "Index.lookup",
			CodeBefore: "def lookup(self, items, key):\n    for item in items:\n        if item == key:\n            return True\n    return False\n",
			CodeAfter:  "def lookup(self, items, key):\n    return key in frozenset(items)\n"},
		{TaskID: "patch", Language: "go", Category: "memory_inefficiency", Symbol: "Join",
			Patch: "--- a/j.go\n+++ b/j.go\n@@ -1,3 +1,3 @@\n-\tout += part\n+\tbuilder.WriteString(part)\n"},
	}))
	must(table.WriteFile(filepath.Join(dir, "descriptions.parquet"), []table.Description{
		// Names lookup and frozenset, not item (removed) or the rest.
		{TaskID: "code", Model: "m", Round: 1, Description: "lookup scanned the list; frozenset makes membership O(1)."},
		{TaskID: "patch", Model: "m", Round: 1, Description: "Join now appends through a builder with WriteString."},
		{TaskID: "patch", Model: "n", Round: 1, Description: "It is faster."},
		{TaskID: "patch", Model: "n", Round: 1, Sample: 1, Error: "HTTP 500"},
	}))
	db, ctx := openTables(t, dir)
	// code: changed names frozenset, item, False, True... minus keywords:
	// frozenset and item; m names frozenset (1/2). patch: builder,
	// WriteString, out (removed); m names builder and WriteString (2/3).
	checkCell(t, db, ctx, "18_description_names", "model, category, tasks, names_function, fix_identifiers, fix_named", [][]string{
		{"m", "inefficient_algorithm", "1", "1", "2", "0.5"},
		{"m", "memory_inefficiency", "1", "1", "3", "0.667"},
		{"m", "all", "2", "1", "2.5", "0.583"},
		{"n", "memory_inefficiency", "1", "0", "3", "0"},
		{"n", "all", "1", "0", "3", "0"},
	})
}

// Results split by each model's declared cutoff against the commits'
// dates; a split with no task is listed as empty.
func TestContaminationSplits(t *testing.T) {
	tasks := []studyTask{
		{id: "old", category: "api_misuse", pick: map[string]string{"dated": "F", "plain": "F", "later": "F"}},
		{id: "new", category: "api_misuse", pick: map[string]string{"dated": "S", "plain": "F", "later": "F"}},
	}
	dir := studyTables(t, tasks)
	at := func(s string) *time.Time {
		v, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	cutoff := "2024-06-30"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(table.WriteFile(filepath.Join(dir, "commits.parquet"), []table.Commit{
		{TaskID: "old", Language: "go", Category: "api_misuse", CodeBefore: "Bold", CodeAfter: "Aold", CommittedAt: at("2023-01-05")},
		{TaskID: "new", Language: "go", Category: "api_misuse", CodeBefore: "Bnew", CodeAfter: "Anew", CommittedAt: at("2025-02-01")},
	}))
	must(table.WriteFile(filepath.Join(dir, "generations.parquet"), []table.Generation{
		{TaskID: "old", Describer: "dated", Model: "dated", Round: 1, Code: "Fold", ModelCutoff: cutoff},
		{TaskID: "new", Describer: "dated", Model: "dated", Round: 1, Code: "Snew", ModelCutoff: cutoff},
		{TaskID: "old", Describer: "plain", Model: "plain", Round: 1, Code: "Fold"},
		{TaskID: "new", Describer: "plain", Model: "plain", Round: 1, Code: "Fnew"},
		{TaskID: "old", Describer: "later", Model: "later", Round: 1, Code: "Fold", ModelCutoff: "2026-01-31"},
		{TaskID: "new", Describer: "later", Model: "later", Round: 1, Code: "Fnew", ModelCutoff: "2026-01-31"},
	}))
	db, ctx := openTables(t, dir)
	checkCell(t, db, ctx, "13_contamination", "model, cutoff, split, tasks, self_consistent, note", [][]string{
		{"dated", "2024-06-30", "before cutoff", "1", "1", ""},
		{"dated", "2024-06-30", "after cutoff", "1", "0", ""},
		{"later", "2026-01-31", "before cutoff", "2", "1", ""},
		{"later", "2026-01-31", "after cutoff", "0", "", "empty: no resolved task in this split"},
		{"plain", "", "no cutoff declared", "2", "1", ""},
	})
}
