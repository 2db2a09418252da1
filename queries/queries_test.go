package queries_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/table"
	"github.com/perfcon/perfcon/queries"
)

func id(code string) string {
	s := sha256.Sum256([]byte(code))
	return hex.EncodeToString(s[:])[:16]
}

// runs makes one measurement row per CPU cost (ns), all with one status,
// each at half CPU utilisation, 4 MiB mean and 8 MiB peak memory, costed
// in CPU time on one CPU.
func runs(task, variant, code, status string, costs ...int64) []table.Measurement {
	var ms []table.Measurement
	for i, c := range costs {
		ms = append(ms, table.Measurement{TaskID: task, Variant: variant, VariantID: id(code),
			Repeat: int32(i), Iterations: 4, Status: status, UserNS: c - 1, SysNS: 1, WallNS: 2 * c,
			MeanRSSBytes: 4 << 20, MaxRSSBytes: 8 << 20, CostKind: table.CostCPU, CPUs: 1})
	}
	return ms
}

// TestOutcomes checks the metric definitions of 00_views.sql on hand-worked
// numbers: t(x) is the median over repeats, speedups are t(before)/t(x),
// recovered is model over human speedup, and only correct code has a
// speedup.
func TestOutcomes(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	write("commits", table.WriteFile(filepath.Join(dir, "commits.parquet"), []table.Commit{
		{TaskID: "t1", Language: "go", Category: "api_misuse", CodeBefore: "B", CodeAfter: "A"}}))
	write("generations", table.WriteFile(filepath.Join(dir, "generations.parquet"), []table.Generation{
		{TaskID: "t1", Model: "half", Describer: "half", Round: 1, Code: "G"},
		{TaskID: "t1", Model: "wrong", Describer: "wrong", Round: 1, Code: "W"},
		{TaskID: "t1", Model: "copy", Describer: "copy", Round: 1, Code: "B"},
		{TaskID: "t1", Model: "failed", Describer: "failed", Round: 1, Error: "HTTP 500"},
		{TaskID: "t1", Model: "unrun", Describer: "unrun", Round: 1, Code: "U"},
	}))
	var ms []table.Measurement
	ms = append(ms, runs("t1", "before", "B", "ok", 90, 100, 130)...)
	ms = append(ms, runs("t1", "after", "A", "ok", 20, 25, 15)...)
	ms = append(ms, runs("t1", "generated", "G", "ok", 50, 40, 60)...)
	ms = append(ms, runs("t1", "generated", "W", "wrong_output", 10)...)
	write("measurements", table.WriteFile(filepath.Join(dir, "measurements.parquet"), ms))

	db, ctx := openTables(t, dir)
	got := cellRows(t, db, ctx, `SELECT model, status, correct, human_speedup, model_speedup, recovered
		FROM outcomes ORDER BY model`)
	want := [][]string{
		{"copy", "ok", "true", "5", "1", "0.2"},
		{"failed", "no_code", "false", "5", "", ""},
		{"half", "ok", "true", "5", "2", "0.4"},
		{"unrun", "not_measured", "false", "5", "", ""},
		{"wrong", "wrong_output", "false", "5", "", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
}

// Every cell runs on an empty set of tables: the views never depend on a
// stage having run.
func TestCellsRunOnEmptyTables(t *testing.T) {
	ctx := context.Background()
	db, err := duck.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cells, err := db.RunDir(ctx, queries.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) == 0 {
		t.Fatal("no cells")
	}
	for _, c := range cells {
		if c.Title == "" || len(c.Result.Columns) == 0 {
			t.Errorf("cell %s: title %q, %d columns", c.Name, c.Title, len(c.Result.Columns))
		}
	}
}
