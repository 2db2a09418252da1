package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/report"
	"github.com/perfcon/perfcon/queries"
)

// TestPipelineOnShippedTasks runs every stage on datasets/core with the
// built-in models, then checks the results in SQL: every shipped fix is
// faster, the oracle recovers it, identity stays at 1, and the report
// renders.
func TestPipelineOnShippedTasks(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end: measures every shipped task")
	}
	dir := t.TempDir()
	tables := filepath.Join(dir, "tables")
	var log bytes.Buffer
	ctx := context.Background()
	for _, args := range [][]string{
		{"commits", "--dataset", "../../datasets/core"},
		{"executables", "--dataset", "../../datasets/core"},
		{"describe", "--model", "identity", "--model", "oracle"},
		{"generate", "--model", "identity", "--model", "oracle"},
		{"measure", "--min-time", "400ms", "--cache", filepath.Join(dir, "cache")},
		{"report", "--out", filepath.Join(dir, "report")},
	} {
		if err := perfcon(ctx, &log, &log, append([]string{"--tables", tables}, args...)); err != nil {
			t.Fatalf("perfcon %s: %v\n%s", strings.Join(args, " "), err, log.String())
		}
	}

	db, err := duck.Open(ctx, tables)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Setup(ctx, queries.FS); err != nil {
		t.Fatal(err)
	}
	count := func(query string) int64 {
		t.Helper()
		res, err := db.Query(ctx, query)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return res.Rows[0][0].(int64)
	}
	list := func(query string) string {
		t.Helper()
		res, err := db.Query(ctx, query)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		var rows []string
		for _, r := range res.Rows {
			cells := make([]string, len(r))
			for i, v := range r {
				cells[i] = report.Format(v)
			}
			rows = append(rows, strings.Join(cells, " "))
		}
		return strings.Join(rows, "\n")
	}

	tasks := count(`SELECT count(*) FROM commits`)
	if tasks < 4 {
		t.Fatalf("%d shipped tasks, want at least 4", tasks)
	}
	if bad := list(`SELECT task_id, variant, status FROM variant_costs WHERE status <> 'ok'`); bad != "" {
		t.Errorf("shipped code that does not run cleanly:\n%s", bad)
	}
	if bad := list(`SELECT task_id, human_speedup FROM human WHERE NOT human_speedup > 1`); bad != "" {
		t.Errorf("shipped fixes that are not faster here:\n%s", bad)
	}
	if n := count(`SELECT count(*) FROM outcomes WHERE model = 'oracle' AND correct
		AND model_speedup > 1 AND model_speedup = human_speedup`); n != tasks {
		t.Errorf("oracle recovers the human speedup on %d of %d tasks\n%s", n, tasks,
			list(`SELECT task_id, status, model_speedup, human_speedup FROM outcomes WHERE model = 'oracle'`))
	}
	if n := count(`SELECT count(*) FROM outcomes WHERE model = 'identity' AND correct AND model_speedup = 1`); n != tasks {
		t.Errorf("identity is correct at speedup 1 on %d of %d tasks", n, tasks)
	}
	page, err := os.ReadFile(filepath.Join(dir, "report", "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Correctness and speedup per model and category", "plots/20_tasks.png", "| oracle |"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "report", "plots", "20_tasks.png")); err != nil {
		t.Error(err)
	}
}
