package queries_test

import (
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/table"
	"github.com/perfcon/perfcon/queries"
)

// costRuns are the runs of one program, each with its own CPU and wall
// time (ns), costed in kind on cpus CPUs.
func costRuns(task, variant, code, kind string, cpus int32, cpu, wall []int64) []table.Measurement {
	var ms []table.Measurement
	for i := range cpu {
		ms = append(ms, table.Measurement{TaskID: task, Variant: variant, VariantID: id(code),
			Repeat: int32(i), Iterations: 4, Status: table.StatusOK, UserNS: cpu[i], WallNS: wall[i],
			MaxRSSBytes: 8 << 20, CostKind: kind, CPUs: cpus})
	}
	return ms
}

// spread is five costs around c: c-2 .. c+2.
func spread(c int64) []int64 {
	return []int64{(c - 2) * 1e6, (c - 1) * 1e6, c * 1e6, (c + 1) * 1e6, (c + 2) * 1e6}
}

// Each task is costed in its own kind in every cell: a parallelization
// task that chose CPU time (par-cpu), an api_misuse task that chose wall
// time (api-wall), and a parallelization task in its category's default,
// wall time on 2 CPUs (par-wall). Their CPU and wall speedups differ, so a
// cell that costed a task the other way would show it.
func TestCostKindInEveryCell(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	type task struct {
		id, category, kind string
		cpus               int32
		// before, after and the generation G's CPU and wall times, ms.
		cpu, wall [3]int64
		speedup   string // human, in the task's kind
	}
	tasks := []task{
		{"api-wall", "api_misuse", table.CostWall, 2, [3]int64{100, 80, 80}, [3]int64{200, 50, 50}, "4"},
		{"par-cpu", "parallelization", table.CostCPU, 1, [3]int64{100, 50, 50}, [3]int64{100, 25, 25}, "2"},
		{"par-wall", "parallelization", table.CostWall, 2, [3]int64{100, 100, 100}, [3]int64{100, 40, 40}, "2.5"},
		// Code before no slower than code after: not resolved, in no rate.
		{"io-flat", "inefficient_io", table.CostCPU, 1, [3]int64{100, 100, 100}, [3]int64{100, 100, 100}, "1"},
	}
	costedAs := map[string]string{}
	var commits []table.Commit
	var execs []table.Executable
	var gens []table.Generation
	var m []table.Measurement
	for _, k := range tasks {
		costedAs[k.id] = "cpu"
		if k.kind == table.CostWall {
			costedAs[k.id] = "wall, 2 CPUs"
		}
		commits = append(commits, table.Commit{TaskID: k.id, Language: "go", Category: k.category,
			CodeBefore: "B" + k.id, CodeAfter: "A" + k.id})
		execs = append(execs, table.Executable{TaskID: k.id, Language: "go", ReviewStatus: table.ReviewApproved,
			Validation: table.ValidationPassed, CostKind: k.kind})
		for _, model := range []string{"m", "twin"} {
			gens = append(gens, table.Generation{TaskID: k.id, Describer: model, Model: model, Round: 1, Code: "G" + k.id})
		}
		for i, v := range []string{"before", "after", "generated"} {
			code := []string{"B", "A", "G"}[i] + k.id
			m = append(m, costRuns(k.id, v, code, k.kind, k.cpus, spread(k.cpu[i]), spread(k.wall[i]))...)
		}
	}
	must(table.WriteFile(filepath.Join(dir, "commits.parquet"), commits))
	must(table.WriteFile(filepath.Join(dir, "executables.parquet"), execs))
	must(table.WriteFile(filepath.Join(dir, "generations.parquet"), gens))
	must(table.WriteFile(filepath.Join(dir, "measurements.parquet"), m))
	db, ctx := openTables(t, dir)

	checkCell(t, db, ctx, "83_tasks_human", "task_id, costed_as, cost_unit, human_speedup", [][]string{
		{"api-wall", "wall, 2 CPUs", "wall_ns", "4"},
		{"io-flat", "cpu", "cpu_ns", "1"},
		{"par-cpu", "cpu", "cpu_ns", "2"},
		{"par-wall", "wall, 2 CPUs", "wall_ns", "2.5"},
	})
	checkCell(t, db, ctx, "85_task_set", "category, cpu_cost, wall_cost", [][]string{
		{"api_misuse", "0", "1"},
		{"inefficient_io", "1", "0"},
		{"parallelization", "1", "1"},
		{"all", "2", "2"},
	})
	checkCell(t, db, ctx, "81_unresolved", "task_id, costed_as, human_speedup, resolved_by", [][]string{
		{"io-flat", "cpu", "1", "u-test"},
	})
	checkCell(t, db, ctx, "10_consistency", "model, category, human_speedup, costed_as", [][]string{
		{"m", "api_misuse", "4", "wall, 2 CPUs"},
		{"m", "parallelization", "2.25", "cpu; wall, 2 CPUs"},
		{"twin", "api_misuse", "4", "wall, 2 CPUs"},
		{"twin", "parallelization", "2.25", "cpu; wall, 2 CPUs"},
	})
	// The twin is code after again (same times): a floor of its own per
	// kind, and every generation within it.
	checkCell(t, db, ctx, "80_noise_floor", "cost_kind, language, twins", [][]string{
		{"cpu", "go", "2"}, {"cpu", "all", "2"},
		{"wall", "go", "2"}, {"wall", "all", "2"},
	})

	// Every cell that names the cost: per task, the task's kind; per
	// category, its tasks' kinds; elsewhere, all of them.
	byCategory := map[string]string{"api_misuse": "wall, 2 CPUs", "parallelization": "cpu; wall, 2 CPUs", "inefficient_io": "cpu"}
	names, err := fs.Glob(queries.FS, "[1-9]*.sql")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, name := range names {
		cell := strings.TrimSuffix(name, ".sql")
		sql, err := queries.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Query(ctx, trimSemicolon(string(sql)))
		if err != nil {
			t.Fatalf("%s: %v", cell, err)
		}
		at := func(col string) int { return slices.Index(res.Columns, col) }
		c := at("costed_as")
		if c < 0 {
			continue
		}
		seen++
		for _, row := range res.Rows {
			got, _ := row[c].(string)
			want := "cpu; wall, 2 CPUs"
			switch {
			case at("task_id") >= 0:
				want = costedAs[row[at("task_id")].(string)]
			case at("category") >= 0:
				want = byCategory[row[at("category")].(string)]
			}
			if got != want {
				t.Errorf("%s: row %v: costed_as %q, want %q", cell, row, got, want)
			}
		}
		if len(res.Rows) == 0 && !strings.HasPrefix(cell, "7") {
			t.Errorf("%s: no rows on the fixture", cell)
		}
	}
	if seen < 10 {
		t.Errorf("%d cells name the cost, want every cell with costs (at least 10)", seen)
	}
}
