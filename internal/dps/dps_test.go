package dps_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/dps"
	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/queries"
)

// setUp opens a database of empty tables with the queries' DPS macros.
func setUp(t *testing.T) *duck.DB {
	t.Helper()
	ctx := context.Background()
	db, err := duck.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Setup(ctx, queries.FS); err != nil {
		t.Fatal(err)
	}
	return db
}

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// References 100 and 95 are one cluster (a 5% gap), 50 and 10 one each;
// at weight 0 they score 50, 75 and 100.
const costs = `task_id,solution_id,cost,role
t,a,100,reference
t,b,95,reference
t,c,50,reference
t,d,10,reference
t,s97,97,sample
t,s50,50,sample
t,s5,5,sample
t,s101,101,sample
t,sfail,,sample
`

func TestScore(t *testing.T) {
	ctx := context.Background()
	db := setUp(t)
	dir := t.TempDir()
	input := write(t, dir, "costs.csv", costs)
	out := filepath.Join(dir, "scored")
	var log strings.Builder
	res, err := dps.Score(ctx, db, input, dps.Options{Base: 0.10, FilterBase: 0.20, Out: out, Format: "csv", Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 2 {
		t.Fatalf("rows %v, want the task's and the mean", res.Rows)
	}
	for _, row := range res.Rows {
		if got := fmt.Sprint(row[1:]); got != "[5 45 40]" {
			t.Errorf("summary row %v, want 5 samples, DPS 45, DPS_norm 40", row)
		}
	}
	scores, err := os.ReadFile(filepath.Join(out, "dps_scores.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(scores), "t,s50,50.0,1,75.0,66.66666666666667\n") {
		t.Errorf("dps_scores.csv:\n%s", scores)
	}
	if !strings.Contains(log.String(), "dps: wrote "+filepath.Join(out, "dps_clusters.csv")) {
		t.Errorf("log %q names no file", log.String())
	}

	// Scored again on the same database, with EvalPerf's task filter: the
	// task has 3 clusters, fewer than 4.
	log.Reset()
	res, err = dps.Score(ctx, db, input, dps.Options{Base: 0.10, FilterBase: 0.20, MinClusters: 4, Out: out, Format: "parquet", Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 || res.Rows[0][1] != nil {
		t.Errorf("rows %v, want only an empty mean", res.Rows)
	}
	if !strings.Contains(log.String(), "no task has 4 clusters at base 0.2") {
		t.Errorf("log %q says nothing of the filter", log.String())
	}
}

func TestScoreRefuses(t *testing.T) {
	ctx := context.Background()
	db := setUp(t)
	dir := t.TempDir()
	good := write(t, dir, "costs.csv", costs)
	for _, c := range []struct {
		input string
		o     dps.Options
		want  string
	}{
		{good, dps.Options{Format: "xml"}, `format "xml": want parquet or csv`},
		{good, dps.Options{Format: "csv", Weight: -1}, "must be finite and ≥ 0"},
		{filepath.Join(dir, "costs.json"), dps.Options{Format: "csv"}, "want a .parquet or .csv file"},
		{write(t, dir, "no_role.csv", "task_id,solution_id,cost\nt,a,1\n"), dps.Options{Format: "csv"}, `missing column "role"`},
		{write(t, dir, "bad_role.csv", "task_id,solution_id,cost,role\nt,a,1,ref\n"), dps.Options{Format: "csv"}, "role ref: want 'reference' or 'sample'"},
		{write(t, dir, "negative.csv", "task_id,solution_id,cost,role\nt,a,-1,reference\n"), dps.Options{Format: "csv"}, "1 costs are negative or not finite"},
		{write(t, dir, "unrun.csv", "task_id,solution_id,cost,role\nt,a,,reference\n"), dps.Options{Format: "csv"}, "1 references have no cost"},
		{write(t, dir, "empty.csv", "task_id,solution_id,cost,role\n"), dps.Options{Format: "csv"}, "no rows"},
	} {
		c.o.Out = filepath.Join(dir, "out")
		_, err := dps.Score(ctx, db, c.input, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Score(%s, %+v) = %v, want an error with %q", filepath.Base(c.input), c.o, err, c.want)
		}
	}
}
