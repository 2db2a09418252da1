package imports

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/perfcon/perfcon/internal/table"
)

func write(t *testing.T, name, contents string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(contents), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func importRows(t *testing.T, o Options) (Summary, []table.Commit, error) {
	t.Helper()
	if o.Out == "" {
		o.Out = filepath.Join(t.TempDir(), "commits.parquet")
	}
	sum, err := Import(context.Background(), o)
	if err != nil {
		return sum, nil, err
	}
	rows, rerr := table.ReadFile[table.Commit](o.Out)
	if rerr != nil {
		t.Fatal(rerr)
	}
	return sum, rows, nil
}

const pieJSONL = `{"problem_id": "p1", "src_code": "int f(int n) {\n  int s = 0;\n  for (int i = 0; i < n; i++) s += i;\n  return s;\n}\n", "tgt_code": "int f(int n) {\n  return n * (n - 1) / 2;\n}\n", "kind": "Algorithmic"}

{"problem_id": "p2", "src_code": "int g() { return 1; }\n", "tgt_code": "int g() { return 2; }\n", "kind": "memory", "sha": "abc123", "date": "2021-03-04"}
`

func TestImportJSONL(t *testing.T) {
	f := write(t, "pie.jsonl", pieJSONL)
	_, rows, err := importRows(t, Options{Files: []string{f}, Language: "c++",
		Columns:    map[string]string{"category": "kind", "task_id": "problem_id"},
		Categories: map[string]string{"algorithmic": "inefficient_algorithm", "Memory": "memory_inefficiency"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	r := rows[0]
	if r.TaskID != "p1" || r.Language != "cpp" || r.Category != "inefficient_algorithm" || r.Symbol != "f" ||
		r.Source != "imported" || r.CategorySource != "imported" || !strings.Contains(r.Patch, "+  return n * (n - 1) / 2;") ||
		r.LinesAdded != 1 || r.LinesRemoved != 3 {
		t.Errorf("row 1: %+v", r)
	}
	if r := rows[1]; r.Category != "memory_inefficiency" || r.CommitSHA != "abc123" || r.CommittedAt == nil ||
		r.CommittedAt.Format("2006-01-02") != "2021-03-04" {
		t.Errorf("row 2: %+v", r)
	}
}

func TestImportCSVAndJSONArray(t *testing.T) {
	csvFile := write(t, "study.csv", "\ufeffmessage,before,after,category,file_path,repo\n"+
		"\"Use a set\",\"def f(x, ys):\n    return x in list(ys)\n\",\"def f(x, ys):\n    return x in set(ys)\n\",Inefficient Algorithm,pkg/m.py,acme/m\n"+
		"\"Buffer\",\"package p\n\nfunc W() { a() }\n\",\"package p\n\nfunc W() { b() }\n\",inefficient-io,w.go,acme/w\n")
	arr := write(t, "more.json", `[{"before": "int a(){return 1;}", "after": "int a(){return 0;}", "category": "micro_architectural", "language": "c"}]`)
	_, rows, err := importRows(t, Options{Files: []string{csvFile, arr}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	if r := rows[0]; r.Language != "python" || r.Category != "inefficient_algorithm" || r.Symbol != "f" || r.CommitMessage != "Use a set" ||
		!strings.HasPrefix(r.TaskID, "m-") || r.Repo != "acme/m" {
		t.Errorf("row 1: %+v", r)
	}
	if r := rows[1]; r.Language != "go" || r.Category != "inefficient_io" || r.Symbol != "W" {
		t.Errorf("row 2: %+v", r)
	}
	if r := rows[2]; r.Language != "c" || r.Category != "micro_architectural" || !strings.HasPrefix(r.TaskID, "imp-") {
		t.Errorf("row 3: %+v", r)
	}
	// The same file again gives the same ids.
	_, again, err := importRows(t, Options{Files: []string{csvFile, arr}})
	if err != nil || again[0].TaskID != rows[0].TaskID || again[2].TaskID != rows[2].TaskID {
		t.Errorf("ids of a second import: %v", err)
	}
}

// A Parquet file of any shape is read through DuckDB. (That a commits
// table keeps its provenance is tested with mined rows, in stages/mining.)
func TestImportParquet(t *testing.T) {
	type other struct {
		Slow  string  `parquet:"slow"`
		Fast  string  `parquet:"fast"`
		Label string  `parquet:"label"`
		Lang  string  `parquet:"lang"`
		Score float64 `parquet:"score"`
	}
	p := filepath.Join(t.TempDir(), "other.parquet")
	if err := parquet.WriteFile(p, []other{{"x = [i for i in range(9)]\n", "x = list(range(9))\n", "API misuse", "py", 0.5}}); err != nil {
		t.Fatal(err)
	}
	_, rows, err := importRows(t, Options{Files: []string{p}, Columns: map[string]string{"code_before": "slow", "code_after": "fast", "category": "label"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Category != "api_misuse" || rows[0].Language != "python" || rows[0].CodeAfter != "x = list(range(9))\n" {
		t.Errorf("rows %+v", rows)
	}

}

func TestImportErrors(t *testing.T) {
	good := `{"before": "def a():\n    return 1\n", "after": "def a():\n    return 2\n", "category": "api_misuse", "language": "python"}`
	badCategory := `{"before": "def b():\n    return 1\n", "after": "def b():\n    return 2\n", "category": "speed", "language": "python"}`
	noAfter := `{"before": "def c():\n    return 1\n", "after": "", "category": "api_misuse", "language": "python"}`
	f := write(t, "mixed.jsonl", good+"\n"+badCategory+"\n{not json\n"+noAfter+"\n")
	out := filepath.Join(t.TempDir(), "commits.parquet")
	if err := os.WriteFile(out, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Import(context.Background(), Options{Files: []string{f}, Out: out})
	var re *RowError
	if !errors.As(err, &re) || re.Row != 2 || re.Line != 2 || re.Field != "category" || !strings.Contains(err.Error(), "mixed.jsonl: row 2 (line 2): field category") ||
		!strings.Contains(err.Error(), "--category-map") {
		t.Errorf("a bad category: %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "keep me" {
		t.Error("a failed import wrote its table")
	}
	sum, rows, err := importRows(t, Options{Files: []string{f}, SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || len(sum.Invalid) != 3 {
		t.Fatalf("%d rows, %d invalid: %v", len(rows), len(sum.Invalid), sum.Invalid)
	}
	for i, want := range []string{"row 2 (line 2): field category", "row 3 (line 3): not a JSON object", "row 4 (line 4): field after: empty"} {
		if got := sum.Invalid[i].Error(); !strings.Contains(got, want) {
			t.Errorf("invalid row %d: %q, want %q", i, got, want)
		}
	}
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"unknown map target", Options{Columns: map[string]string{"speed": "x"}}, "not a column an import fills"},
		{"mapped column missing", Options{Columns: map[string]string{"code_before": "slow"}}, "the file has no column slow"},
		{"bad category map", Options{Categories: map[string]string{"x": "fast"}}, "fast is not one of"},
		{"no language", Options{Files: []string{write(t, "n.csv", "before,after,category\na,b,api_misuse\n")}}, "row 1 (line 2): field language: empty"},
		{"no code columns", Options{Files: []string{write(t, "c.csv", "x,y\n1,2\n")}}, "no code_before column (it has x, y)"},
		{"unknown format", Options{Files: []string{write(t, "d.txt", "x")}}, "can't tell the format"},
		{"bad task id", Options{Files: []string{write(t, "i.jsonl", `{"task_id": "Bad ID", "before": "a", "after": "b", "category": "api_misuse", "language": "go"}`)}}, "field task_id"},
		{"bad date", Options{Files: []string{write(t, "t.jsonl", `{"date": "yesterday", "before": "a", "after": "b", "category": "api_misuse", "language": "go"}`)}}, "field date: \"yesterday\" is not a date"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.o.Files == nil {
				tc.o.Files = []string{f}
			}
			_, _, err := importRows(t, tc.o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}
