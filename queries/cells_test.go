package queries_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/table"
	"github.com/perfcon/perfcon/queries"
)

// ms scales costs to milliseconds of CPU time, so DPS's default weight
// (10 000 in the cost's unit) barely widens the gaps, as on real runs.
func ms(costs ...int64) []int64 {
	for i := range costs {
		costs[i] *= 1e6
	}
	return costs
}

// fixture: one task, t(before) = 100 ms and t(after) = 22 ms (human
// speedup 4.55). Model m, two samples, a chain of two rounds:
//
//	r1 s0  G1, 12 ms: correct, %Opt, faster than after      → consistent
//	r1 s1  G2, 42 ms: correct, significantly slower than after → not
//	r2 s0  code after itself                                 → consistent
//	r2 s1  wrong output                                      → not
//
// Model o answers code after in round 1. m's round-1 descriptions predict
// the label once and another category once. Task t2 failed validation
// and was never measured; t3's code after timed out: neither is a task of
// the study, and m's generations for them count nowhere.
func fixture(t *testing.T) *duck.DB {
	t.Helper()
	db, _ := openTables(t, fixtureTables(t))
	return db
}

func fixtureTables(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(table.WriteFile(filepath.Join(dir, "commits.parquet"), []table.Commit{
		{TaskID: "t1", Language: "python", Category: "api_misuse", CodeBefore: "B", CodeAfter: "A"},
		{TaskID: "t2", Language: "python", Category: "api_misuse", CodeBefore: "B2", CodeAfter: "A2"},
		{TaskID: "t3", Language: "python", Category: "api_misuse", CodeBefore: "B3", CodeAfter: "A3"},
	}))
	must(table.WriteFile(filepath.Join(dir, "descriptions.parquet"), []table.Description{
		{TaskID: "t1", Model: "m", Round: 1, Sample: 0, PredictedCategory: "api_misuse"},
		{TaskID: "t1", Model: "m", Round: 1, Sample: 1, PredictedCategory: "inefficient_io"},
		{TaskID: "t1", Model: "m", Round: 2, Sample: 0},
		{TaskID: "t1", Model: "m", Round: 2, Sample: 1},
		{TaskID: "t1", Model: "o", Round: 1, Sample: 0, PredictedCategory: "api_misuse"},
	}))
	must(table.WriteFile(filepath.Join(dir, "generations.parquet"), []table.Generation{
		{TaskID: "t1", Describer: "m", Model: "m", Round: 1, Sample: 0, Code: "G1"},
		{TaskID: "t1", Describer: "m", Model: "m", Round: 1, Sample: 1, Code: "G2"},
		{TaskID: "t1", Describer: "m", Model: "m", Round: 2, Sample: 0, Code: "A"},
		{TaskID: "t1", Describer: "m", Model: "m", Round: 2, Sample: 1, Code: "W"},
		{TaskID: "t1", Describer: "o", Model: "o", Round: 1, Sample: 0, Code: "A"},
		{TaskID: "t2", Describer: "m", Model: "m", Round: 1, Sample: 0, Code: "A2"},
		{TaskID: "t3", Describer: "m", Model: "m", Round: 1, Sample: 0, Code: "G3"},
	}))
	// Refinement chains on t1, which the split holds out. m refines its
	// sample-1 generation G2 (correct, slower than after): step 1 is
	// wrong (W) and the result stays G2; step 2 is G1, the new result.
	// The routed chain starts from o's code after and refines it into G1.
	step := func(n int32) *int32 { return &n }
	ref := func(pipeline, model, describer string, sample, s int32, kind, code string, parent *int32, result int32, resultCode string) table.Refinement {
		return table.Refinement{TaskID: "t1", Pipeline: pipeline, Model: model, Describer: describer, Sample: sample, Step: s,
			StepKind: kind, StepModel: describer, ParentStep: parent, Code: code, VariantID: id(code),
			ResultStep: result, ResultVariantID: id(resultCode)}
	}
	must(table.WriteFile(filepath.Join(dir, "refinements.parquet"), []table.Refinement{
		ref("refine", "m", "m", 1, 0, "generate", "G2", nil, 0, "G2"),
		ref("refine", "m", "m", 1, 1, "optimise", "W", step(0), 0, "G2"),
		ref("refine", "m", "m", 1, 2, "optimise", "G1", step(0), 2, "G1"),
		ref("routed", "routed", "o", 0, 0, "generate", "A", nil, 0, "A"),
		ref("routed", "routed", "o", 0, 1, "optimise", "G1", step(0), 1, "G1"),
	}))
	must(table.WriteFile(filepath.Join(dir, "splits.parquet"), []table.Split{
		{TaskID: "t1", Language: "python", Category: "api_misuse", Side: "test", Salt: "perfcon"},
		{TaskID: "t2", Language: "python", Category: "api_misuse", Side: "train", Salt: "perfcon"},
	}))
	must(table.WriteFile(filepath.Join(dir, "routes.parquet"), []table.Route{
		{Language: "python", Category: "api_misuse", StepKind: "generate", Rank: 1, Model: "o", Score: 1, Tiebreak: 1, Scope: "language×category", Observations: 1},
		{Language: "python", Category: "api_misuse", StepKind: "generate", Rank: 2, Model: "m", Score: 0.5, Tiebreak: 0.5, Scope: "language×category", Observations: 2},
		{Language: "python", Category: "api_misuse", StepKind: "fix", Rank: 1, Model: "m", Score: 1, Scope: "all", Observations: 1},
		{Language: "python", Category: "api_misuse", StepKind: "optimise", Rank: 1, Model: "m", Score: 0, Scope: "generate ranking"},
	}))
	var m []table.Measurement
	m = append(m, runs("t1", "before", "B", "ok", ms(98, 99, 100, 101, 102)...)...)
	m = append(m, runs("t1", "after", "A", "ok", ms(20, 21, 22, 23, 24)...)...)
	m = append(m, runs("t1", "generated", "G1", "ok", ms(10, 11, 12, 13, 14)...)...)
	g2 := runs("t1", "generated", "G2", "ok", ms(40, 41, 42, 43, 44)...)
	for i := range g2 {
		g2[i].MaxRSSBytes = 16 << 20 // twice code after's peak
	}
	m = append(m, g2...)
	m = append(m, runs("t1", "generated", "W", "wrong_output", ms(5)...)...)
	m = append(m, runs("t3", "before", "B3", "ok", ms(50, 51, 52, 53, 54)...)...)
	m = append(m, runs("t3", "after", "A3", "timeout", ms(60000)...)...)
	m = append(m, runs("t3", "generated", "G3", "ok", ms(200, 201, 202, 203, 204)...)...)
	must(table.WriteFile(filepath.Join(dir, "measurements.parquet"), m))
	return dir
}

// The report computes some views once as tables; every cell must give the
// same rows either way.
func TestMaterializedViewsChangeNoResult(t *testing.T) {
	dir := fixtureTables(t)
	ctx := context.Background()
	run := func(materialize bool) map[string][][]string {
		db, err := duck.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		db.Materialize = materialize
		cells, err := db.RunDir(ctx, queries.FS)
		if err != nil {
			t.Fatal(err)
		}
		if materialize {
			// The views really were replaced by tables.
			res, err := db.Query(ctx, "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = 'outcomes'")
			if err != nil || res.Rows[0][0].(int64) != 1 {
				t.Fatalf("outcomes not materialized: %v %v", res, err)
			}
		}
		got := map[string][][]string{}
		for _, c := range cells {
			got[c.Name] = append(got[c.Name], c.Result.Columns)
			for _, r := range c.Result.Rows {
				row := make([]string, len(r))
				for i, v := range r {
					row[i] = fmt.Sprint(v)
				}
				got[c.Name] = append(got[c.Name], row)
			}
		}
		return got
	}
	lazy, eager := run(false), run(true)
	if diff := cmp.Diff(lazy, eager); diff != "" {
		t.Errorf("cells differ when views are materialized (-lazy +materialized):\n%s", diff)
	}
}

// The cells' results on the fixture, worked by hand, compared as rows.
func TestCellsOnFixture(t *testing.T) {
	db := fixture(t)
	ctx := context.Background()
	for _, c := range []struct {
		cell string
		cols string
		want [][]string
	}{{
		// m: G1 and G2 correct; G1 alone is %Opt and consistent; one of two
		// predictions agrees. Speedups 8.33 and 2.38, median 5.36; recovered
		// 1.83 and 0.52. o: code after, consistent, not %Opt (not < 0.9·t).
		cell: "10_consistency",
		cols: "model, category, tasks, correct, pct_opt, self_consistent, agreement, human_speedup, model_speedup, recovered",
		want: [][]string{
			{"m", "api_misuse", "1", "1", "0.5", "0.5", "0.5", "4.55", "5.36", "1.18"},
			{"o", "api_misuse", "1", "1", "0", "1", "1", "4.55", "4.55", "1"},
		},
	}, {
		cell: "11_consistency_by_language",
		cols: "model, language, tasks, self_consistent",
		want: [][]string{{"m", "python", "1", "0.5"}, {"m", "all", "1", "0.5"}, {"o", "python", "1", "1"}, {"o", "all", "1", "1"}},
	}, {
		cell: "12_speedups",
		cols: "category, model, n, min, median, max",
		want: [][]string{
			{"api_misuse", "human fix", "1", "4.55", "4.55", "4.55"},
			{"api_misuse", "m", "2", "2.38", "5.36", "8.33"},
			{"api_misuse", "o", "1", "4.55", "4.55", "4.55"},
		},
	}, {
		// 5 repeats each: no CI at 0.95 (benchstat's ±∞); fully separated
		// samples of 5 give the U-test's smallest p, 2/252.
		cell: "31_costs",
		cols: "program, made_by, runs, t_m, lo_m, hi_m, vs_after",
		want: [][]string{
			{"before", "", "5", "100", "", "", "+354.5% (p=0.008)"},
			{"after", "m,o", "5", "22", "", "", ""},
			{"generated", "m", "5", "12", "", "", "-45.5% (p=0.008)"},
			{"generated", "m", "5", "42", "", "", "+90.9% (p=0.008)"},
			{"generated", "m", "1", "", "", "", "wrong_output"},
		},
	}, {
		// Every run of the fixture is at half utilisation, 4 MiB mean and
		// 8 MiB peak, but G2's peak is 16 MiB. m's correct generations are
		// G1 and G2 (median peak 12, ratio 1.5); o's is code after.
		cell: "32_resources",
		cols: "program, programs, cpu_utilisation, mean_mib, peak_mib, mem_ratio",
		want: [][]string{
			{"code before", "1", "0.5", "4", "8", "1"},
			{"code after", "1", "0.5", "4", "8", "1"},
			{"m", "2", "0.5", "4", "12", "1.5"},
			{"o", "1", "0.5", "4", "8", "1"},
		},
	}, {
		// Correct programs 100 > 42 > 22 > 12 ms: every gap splits, four
		// clusters scoring 25, 50, 75, 100. m's samples match 12 (100) and
		// 42 (50); o's code after matches 22 (75).
		cell: "40_dps",
		cols: "model, tasks, dps, dps_norm, pass_at_1",
		want: [][]string{{"m", "1", "75", "75", "100"}, {"o", "1", "75", "75", "100"}},
	}, {
		cell: "41_dps_clusters",
		cols: "task_id, clusters, programs, reference_costs_m, scores, clusters_at_020, evalperf_kept",
		want: [][]string{{"t1", "4", "4", "100.00 > 42.00 > 22.00 > 12.00", "25 < 50 < 75 < 100", "4", "true"}},
	}, {
		// Best of the first k samples: G1 is sample 0, so k = 1 already
		// has it.
		cell: "45_best_at_k",
		cols: "model, k, tasks, correct, pct_opt, self_consistent, best_speedup",
		want: [][]string{
			{"m", "1", "1", "1", "1", "1", "8.33"},
			{"m", "2", "1", "1", "1", "1", "8.33"},
			{"o", "1", "1", "1", "0", "1", "4.55"},
		},
	}, {
		// Chain s0: consistent in rounds 1 and 2; chain s1: in neither.
		cell: "50_chains",
		cols: "model, n, chains, sc_n",
		want: [][]string{{"m", "1", "2", "0.5"}, {"m", "2", "2", "0.5"}, {"o", "1", "1", "1"}},
	}, {
		cell: "60_routing",
		cols: "language, category, rank, model, self_consistent",
		want: [][]string{{"python", "api_misuse", "1", "o", "1"}, {"python", "api_misuse", "2", "m", "0.5"}},
	}, {
		// m's chain: its result is G2 (2.38x, slower than after) until
		// step 2 makes it G1 (8.33x, %Opt, consistent); Best@k sees
		// the same, as W is wrong. The routed chain: code after
		// (4.55x, consistent, not %Opt), then G1.
		cell: "70_refinement",
		cols: "pipeline, model, step, chains, correct, pct_opt, self_consistent, median_speedup, best_correct, best_pct_opt, best_self_consistent, best_speedup",
		want: [][]string{
			{"refine", "m", "0", "1", "1", "0", "0", "2.38", "1", "0", "0", "2.38"},
			{"refine", "m", "1", "1", "1", "0", "0", "2.38", "1", "0", "0", "2.38"},
			{"refine", "m", "2", "1", "1", "1", "1", "8.33", "1", "1", "1", "8.33"},
			{"routed", "routed", "0", "1", "1", "0", "1", "4.55", "1", "0", "1", "4.55"},
			{"routed", "routed", "1", "1", "1", "1", "1", "8.33", "1", "1", "1", "8.33"},
		},
	}, {
		cell: "71_refinement_cells",
		cols: "language, category, pipeline, model, chains, steps, one_shot_self_consistent, refined_self_consistent, one_shot_pct_opt, refined_pct_opt, refined_median_speedup",
		want: [][]string{
			{"python", "api_misuse", "refine", "m", "1", "2", "0", "1", "0", "1", "8.33"},
			{"python", "api_misuse", "routed", "routed", "1", "1", "1", "1", "0", "1", "8.33"},
		},
	}, {
		cell: "72_routed_vs_single",
		cols: "model, approach, steps, tasks, correct, pct_opt, self_consistent, median_speedup",
		want: [][]string{
			{"routed", "routed", "1", "1", "1", "1", "1", "8.33"},
			{"m", "one-shot", "0", "1", "1", "0", "0", "2.38"},
			{"m", "refined", "2", "1", "1", "1", "1", "8.33"},
		},
	}, {
		cell: "73_routes",
		cols: "language, category, step_kind, model, score, scope, runners_up, test_tasks",
		want: [][]string{
			{"python", "api_misuse", "generate", "o", "1", "language×category", "m", "1"},
			{"python", "api_misuse", "fix", "m", "1", "all", "", "1"},
			{"python", "api_misuse", "optimise", "m", "0", "generate ranking", "", "1"},
		},
	}} {
		checkCell(t, db, ctx, c.cell, c.cols, c.want)
	}
}

// With one instruction count per program (the cachegrind meter) the U-test
// can't decide; costs are compared directly, 1% above code after being
// slower. A description that names no category disagrees.
func TestSelfConsistencyWithOneCount(t *testing.T) {
	dir := t.TempDir()
	count := func(variant, code string, n int64) table.Measurement {
		return table.Measurement{TaskID: "t", Variant: variant, VariantID: id(code), Iterations: 1,
			Status: "ok", UserNS: 1, Instructions: &n, Meter: "cachegrind"}
	}
	for name, err := range map[string]error{
		"commits": table.WriteFile(filepath.Join(dir, "commits.parquet"), []table.Commit{
			{TaskID: "t", Language: "go", Category: "parallelization", CodeBefore: "B", CodeAfter: "A"}}),
		"descriptions": table.WriteFile(filepath.Join(dir, "descriptions.parquet"), []table.Description{
			{TaskID: "t", Model: "slow", Round: 1}, {TaskID: "t", Model: "close", Round: 1, PredictedCategory: "parallelization"}}),
		"generations": table.WriteFile(filepath.Join(dir, "generations.parquet"), []table.Generation{
			{TaskID: "t", Describer: "slow", Model: "slow", Round: 1, Code: "S"},
			{TaskID: "t", Describer: "close", Model: "close", Round: 1, Code: "C"}}),
		"measurements": table.WriteFile(filepath.Join(dir, "measurements.parquet"), []table.Measurement{
			count("before", "B", 1_000_000_000), count("after", "A", 100_000_000),
			count("generated", "S", 900_000_000), count("generated", "C", 100_500_000)}),
	} {
		if err != nil {
			t.Fatal(name, err)
		}
	}
	db, ctx := openTables(t, dir)
	got := cellRows(t, db, ctx, `SELECT model, compared_by, self_consistent, category_agreement FROM outcomes ORDER BY model`)
	want := [][]string{{"close", "direct", "true", "true"}, {"slow", "direct", "false", "false"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Mined and imported commits have no executable: the task set cell counts
// them, the commits cell says where they came from, and category
// agreement covers them, measured or not.
func TestCellsOnCommitsWithoutExecutables(t *testing.T) {
	dir := t.TempDir()
	score := 4.0
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(table.WriteFile(filepath.Join(dir, "commits.parquet"), []table.Commit{
		{TaskID: "core-1", Source: "core", Language: "go", Category: "api_misuse", CategorySource: "authored", CodeBefore: "B", CodeAfter: "A"},
		{TaskID: "core-2", Source: "core", Language: "go", Category: "api_misuse", CategorySource: "authored", CodeBefore: "B", CodeAfter: "A"},
		{TaskID: "m-1", Source: "mined", Repo: "r", CommitSHA: "c1", Language: "go", Category: "api_misuse", CategorySource: "rules", PerfScore: &score, CodeBefore: "B", CodeAfter: "A", FunctionsInCommit: 2},
		{TaskID: "m-2", Source: "mined", Repo: "r", CommitSHA: "c1", Language: "go", Category: "api_misuse", CategorySource: "rules", PerfScore: &score, CodeBefore: "B", CodeAfter: "A", FunctionsInCommit: 2},
		{TaskID: "m-3", Source: "mined", Repo: "r2", CommitSHA: "c2", Language: "c", Category: "micro_architectural", CategorySource: "model:q", PerfScore: &score, CodeBefore: "B", CodeAfter: "A", LargeCommit: true},
		{TaskID: "i-1", Source: "imported", Language: "python", Category: "api_misuse", CategorySource: "imported", CodeBefore: "B", CodeAfter: "A"},
	}))
	must(table.WriteFile(filepath.Join(dir, "executables.parquet"), []table.Executable{
		{TaskID: "core-1", Language: "go", Origin: "authored", Validation: "passed", ValidatedSpeedup: 2},
		{TaskID: "core-2", Language: "go", Origin: "authored", Validation: "failed"},
		{TaskID: "m-1", Language: "go", Origin: "llm:q", Validation: "passed", ReviewStatus: "approved"},
		{TaskID: "m-2", Language: "go", Origin: "hand", Validation: "passed", ReviewStatus: "pending"},
		{TaskID: "m-3", Language: "c", Origin: "llm:q", Validation: "failed", ReviewStatus: "pending"},
	}))
	must(table.WriteFile(filepath.Join(dir, "drafts.parquet"), []table.Draft{
		{TaskID: "m-1", Origin: "llm:q", Attempt: 1, Validation: "failed"},
		{TaskID: "m-1", Origin: "llm:q", Attempt: 2, Validation: "passed", Stubs: []string{"Conn"}},
		{TaskID: "m-2", Origin: "hand", Attempt: 1, Validation: "passed"},
		{TaskID: "m-3", Origin: "llm:q", Attempt: 1, Validation: "failed"},
		{TaskID: "m-3", Origin: "llm:q", Attempt: 2, Validation: "failed"},
		{TaskID: "m-3", Origin: "llm:q", Attempt: 3, Validation: "failed"},
	}))
	must(table.WriteFile(filepath.Join(dir, "descriptions.parquet"), []table.Description{
		{TaskID: "core-1", Model: "x", Round: 1, PredictedCategory: "api_misuse"},
		{TaskID: "m-1", Model: "x", Round: 1, PredictedCategory: "memory_inefficiency"},
		{TaskID: "m-2", Model: "x", Round: 1, PredictedCategory: "api_misuse"},
		{TaskID: "m-3", Model: "x", Round: 1},
		{TaskID: "i-1", Model: "x", Round: 1, Error: "timeout"},
		{TaskID: "m-1", Model: "x", Round: 2, PredictedCategory: "api_misuse"},
	}))
	db, ctx := openTables(t, dir)
	for _, c := range []struct {
		cell, cols string
		want       [][]string
	}{{
		cell: "85_task_set",
		cols: "category, tasks, go, passed, failed, not_validated, no_executable",
		want: [][]string{
			{"api_misuse", "5", "3", "3", "1", "0", "1"},
			{"micro_architectural", "1", "0", "0", "1", "0", "0"},
			{"all", "6", "3", "3", "2", "0", "1"},
		},
	}, {
		cell: "88_harnesses",
		cols: "language, category, commits, drafted, by_model, by_hand, validated, failed, approved, rejected, awaiting_review, attempts, stubbed",
		want: [][]string{
			{"c", "micro_architectural", "1", "1", "1", "0", "0", "1", "0", "0", "0", "3", "0"},
			{"c", "all", "1", "1", "1", "0", "0", "1", "0", "0", "0", "3", "0"},
			{"go", "api_misuse", "2", "2", "1", "1", "2", "0", "1", "0", "1", "3", "1"},
			{"go", "all", "2", "2", "1", "1", "2", "0", "1", "0", "1", "3", "1"},
			{"python", "api_misuse", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
			{"python", "all", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
			{"all", "all", "4", "3", "2", "1", "2", "1", "1", "0", "1", "6", "1"},
		},
	}, {
		cell: "87_commits",
		cols: "source, language, commits, functions, repos, large, labelled_by, median_score, with_executable",
		want: [][]string{
			{"core", "go", "2", "2", "0", "0", "authored", "", "2"},
			{"imported", "python", "1", "1", "0", "0", "imported", "", "0"},
			{"mined", "c", "1", "1", "1", "1", "model:q", "4", "1"},
			{"mined", "go", "1", "2", "1", "0", "rules", "4", "2"},
		},
	}, {
		cell: "15_category_agreement",
		cols: "model, category, labelled_by, descriptions, agreement, no_category, most_named",
		want: [][]string{
			{"x", "api_misuse", "authored", "1", "1", "0", "api_misuse"},
			{"x", "api_misuse", "rules", "2", "0.5", "0", "api_misuse"},
			{"x", "micro_architectural", "model:q", "1", "0", "1", ""},
		},
	}} {
		checkCell(t, db, ctx, c.cell, c.cols, c.want)
	}
}

// checkCell runs a cell and compares the columns cols of its rows, as the
// report prints them, with want.
func checkCell(t *testing.T, db *duck.DB, ctx context.Context, cell, cols string, want [][]string) {
	t.Helper()
	t.Run(cell, func(t *testing.T) {
		sql, err := queries.FS.ReadFile(cell + ".sql")
		if err != nil {
			t.Fatal(err)
		}
		got := cellRows(t, db, ctx, "SELECT "+cols+" FROM ("+trimSemicolon(string(sql))+")")
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", cell, diff)
		}
	})
}

// Runs of one task from two machines are named in the hosts cell's
// warning; the task set cell counts the machines.
func TestHostsWarnWhenATaskSpansMachines(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) { mustOK(t, err) }
	must(table.WriteFile(filepath.Join(dir, "commits.parquet"), []table.Commit{
		{TaskID: "a", Language: "go", Category: "api_misuse", CodeBefore: "B", CodeAfter: "A"},
		{TaskID: "b", Language: "go", Category: "api_misuse", CodeBefore: "B2", CodeAfter: "A2"},
	}))
	on := func(host string, ms []table.Measurement) []table.Measurement {
		for i := range ms {
			ms[i].Host, ms[i].HostCPU = host, "cpu"
		}
		return ms
	}
	var m []table.Measurement
	m = append(m, on("n1", runs("a", "before", "B", "ok", ms(10, 11, 12)...))...)
	m = append(m, on("n1", runs("a", "after", "A", "ok", ms(5, 6, 7)...))...)
	m = append(m, on("n1", runs("b", "before", "B2", "ok", ms(10, 11, 12)...))...)
	m = append(m, on("n2", runs("b", "after", "A2", "ok", ms(5, 6, 7)...))...)
	must(table.WriteFile(filepath.Join(dir, "measurements.parquet"), m))
	db, ctx := openTables(t, dir)
	checkCell(t, db, ctx, "82_hosts", "host, tasks, runs, split_tasks, warning", [][]string{
		{"n1", "2", "9", "1", "WARNING: runs of one task on several machines: b"},
		{"n2", "1", "3", "1", "WARNING: runs of one task on several machines: b"},
	})
	checkCell(t, db, ctx, "85_task_set", "category, tasks, hosts", [][]string{
		{"api_misuse", "2", "2"}, {"all", "2", "2"},
	})
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The answers cell counts, per model, what perfcon read of its answers,
// and the usage cell sums what they took, with money only where a price
// was known.
func TestAnswersAndUsageCells(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) { mustOK(t, err) }
	cost := func(v float64) *float64 { return &v }
	must(table.WriteFile(filepath.Join(dir, "descriptions.parquet"), []table.Description{
		{TaskID: "a", Model: "r", Round: 1, Reasoning: "hmm", CategoryRaw: "I/O", PredictedCategory: "inefficient_io",
			PromptTokens: 100, CompletionTokens: 50, LatencyMS: 2000, CostUSD: cost(0.01)},
		{TaskID: "b", Model: "r", Round: 1, Reasoning: "hmm…", Truncated: true, FinishReason: "length",
			PromptTokens: 100, CompletionTokens: 1024, LatencyMS: 9000, CostUSD: cost(0.02)},
		{TaskID: "c", Model: "r", Round: 1, CategoryRaw: "speed", CacheHit: true, CostUSD: cost(0.005)},
		{TaskID: "a", Model: "p", Round: 1, PredictedCategory: "api_misuse", CategoryRaw: "api_misuse"},
		{TaskID: "b", Model: "p", Round: 1, Error: "HTTP 500"},
	}))
	must(table.WriteFile(filepath.Join(dir, "generations.parquet"), []table.Generation{
		{TaskID: "a", Model: "r", Describer: "r", Round: 1, ExtractStatus: "multiple_blocks", Code: "x", Reasoning: "r"},
		{TaskID: "b", Model: "r", Describer: "r", Round: 1, ExtractStatus: "empty",
			Error: "no description: the answer was cut short at its token bound (finish_reason length); describe again"},
		{TaskID: "c", Model: "r", Describer: "r", Round: 1, ExtractStatus: "diff_only", CostUSD: cost(0.5)},
		{TaskID: "a", Model: "p", Describer: "p", Round: 1, ExtractStatus: "truncated", Truncated: true},
		{TaskID: "b", Model: "p", Describer: "p", Round: 1, ExtractStatus: "empty", Error: "no description: HTTP 500"},
	}))
	db, ctx := openTables(t, dir)
	checkCell(t, db, ctx, "16_answers",
		"model, descriptions, describe_errors, with_reasoning, cut_short, no_category_line, unknown_category, generations, generate_errors, from_cut_description, multiple_blocks, truncated, diff_only",
		[][]string{
			{"p", "2", "1", "0", "0", "0", "0", "2", "1", "0", "0", "1", "0"},
			{"r", "3", "0", "2", "1", "1", "1", "3", "1", "1", "1", "0", "1"},
		})
	checkCell(t, db, ctx, "17_usage", "model, stage, answers, from_cache, errors, cut_short, tokens_in, tokens_out, model_seconds, cost_usd",
		[][]string{
			{"p", "describe", "1", "0", "1", "0", "0", "0", "0", ""},
			{"p", "generate", "1", "0", "1", "1", "0", "0", "0", ""},
			{"r", "describe", "3", "1", "0", "1", "200", "1074", "11", "0.035"},
			{"r", "generate", "2", "0", "1", "0", "0", "0", "0", "0.5"},
		})
}
