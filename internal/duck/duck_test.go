package duck_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/table"
)

// Setup files all run before any cell, and a materialized view is computed
// after the last of them: a later file that redefines it is what cells see,
// materialized or not.
func TestMaterializeAfterEverySetupFile(t *testing.T) {
	dir := fstest.MapFS{
		"00_views.sql": {Data: []byte("-- materialize: v\nCREATE VIEW v AS SELECT range AS x FROM range(10);\n")},
		"05_cell.sql":  {Data: []byte("-- title: sum\nSELECT sum(x) AS s FROM v;\n")},
		"09_more.sql":  {Data: []byte("CREATE OR REPLACE VIEW v AS SELECT range AS x FROM range(3);\n")},
	}
	for _, materialize := range []bool{false, true} {
		db, err := duck.Open(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		db.Materialize = materialize
		cells, err := db.RunDir(context.Background(), dir)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(cells[0].Result.Rows[0][0]); got != "3" {
			t.Errorf("materialize %v: sum = %s, want 3 (the view as the last setup file defines it)", materialize, got)
		}
	}
}

// A tables folder whose name DuckDB would read as a pattern is read as the
// folder itself.
func TestTablesFolderWithPatternCharacters(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{"t[1]", "t1", "t*"} {
		dir := filepath.Join(root, name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		rows := []table.Commit{{TaskID: name}}
		if err := table.WriteFile(filepath.Join(dir, "commits.parquet"), rows); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"t[1]", "t*"} {
		db, err := duck.Open(context.Background(), filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Query(context.Background(), "SELECT string_agg(task_id, ',') FROM commits")
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(res.Rows[0][0]); got != name {
			t.Errorf("tables in %s: read tasks %s", name, got)
		}
	}
}

// A table written before some of the contract's columns existed reads
// with them as NULL, so every cell runs on old tables too.
func TestOldTableGainsNewColumnsAsNull(t *testing.T) {
	dir := t.TempDir()
	type oldDescription struct {
		TaskID      string `parquet:"task_id"`
		Model       string `parquet:"model"`
		Description string `parquet:"description"`
	}
	if err := table.WriteFile(filepath.Join(dir, "descriptions.parquet"), []oldDescription{{"t1", "m", "faster"}}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := duck.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Query(ctx, `SELECT task_id, description, model_cutoff IS NULL, cost_usd IS NULL, typeof(round) FROM descriptions`)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(res.Rows); got != "[[t1 faster true true INTEGER]]" {
		t.Errorf("old descriptions table reads as %s", got)
	}
}
