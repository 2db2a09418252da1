package mining

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/perfcon/perfcon/internal/table"
	"github.com/perfcon/perfcon/stages/imports"
)

// Mined rows go through perfcon commits import whole, beside rows of any
// other shape; importing the same table twice repeats its ids.
func TestImportMinedRows(t *testing.T) {
	type other struct {
		Slow  string `parquet:"slow"`
		Fast  string `parquet:"fast"`
		Label string `parquet:"label"`
		Lang  string `parquet:"lang"`
	}
	p := filepath.Join(t.TempDir(), "other.parquet")
	if err := parquet.WriteFile(p, []other{{"x = [i for i in range(9)]\n", "x = list(range(9))\n", "API misuse", "py"}}); err != nil {
		t.Fatal(err)
	}
	r, _ := buildHistory(t, filepath.Join(t.TempDir(), "shop"))
	_, mined := mine(t, Options{Repos: []string{r.dir}})
	minedFile := filepath.Join(t.TempDir(), "mined.parquet")
	if err := table.WriteFile(minedFile, mined); err != nil {
		t.Fatal(err)
	}
	imported := func(o imports.Options) ([]table.Commit, error) {
		t.Helper()
		o.Out = filepath.Join(t.TempDir(), "commits.parquet")
		if _, err := imports.Import(context.Background(), o); err != nil {
			return nil, err
		}
		rows, err := table.ReadFile[table.Commit](o.Out)
		if err != nil {
			t.Fatal(err)
		}
		return rows, nil
	}
	rows, err := imported(imports.Options{Files: []string{minedFile, p}, Columns: map[string]string{"code_before": "slow", "code_after": "fast", "category": "label"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(mined)+1 {
		t.Fatalf("%d rows, want %d", len(rows), len(mined)+1)
	}
	if m := rows[0]; m.Source != "mined" || m.CategorySource != mined[0].CategorySource || len(m.PerfEvidence) == 0 || m.CommittedAt == nil || m.TaskID != mined[0].TaskID {
		t.Errorf("a mined row changed: %+v", m)
	}
	if _, err := imported(imports.Options{Files: []string{minedFile, minedFile}}); err == nil || !strings.Contains(err.Error(), "is also the id of") {
		t.Errorf("duplicate ids: %v", err)
	}
}
