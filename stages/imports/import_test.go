package imports

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
	_, err := Import(context.Background(), Options{Files: []string{f}, Out: out, Replace: true})
	if err == nil || !strings.Contains(err.Error(), `mixed.jsonl: column category has categories that are not perfcon's: "speed" (1 row)`) ||
		!strings.Contains(err.Error(), "--category-map 'speed=CATEGORY'") {
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
		{"bad task id", Options{Files: []string{write(t, "i.jsonl", `{"task_id": "!!", "before": "a", "after": "b", "category": "api_misuse", "language": "go"}`)}}, "field task_id"},
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

// PIE's shape: the same problem_id for many pairs, the code under input
// and target, the diff as a list of lines.
func TestImportPIEShape(t *testing.T) {
	pie := `{"problem_id": "p00001", "user_id": "u1", "input": "def f(n):\n    return sum([i for i in range(n)])\n", "target": "def f(n):\n    return n * (n - 1) // 2\n", "diff": ["-    return sum([i for i in range(n)])", "+    return n * (n - 1) // 2"], "language": "Python"}
{"problem_id": "p00001", "user_id": "u2", "input": "def g(xs):\n    return [x for x in xs if x in list(xs)]\n", "target": "def g(xs):\n    s = set(xs)\n    return [x for x in xs if x in s]\n", "diff": ["-    return [x for x in xs if x in list(xs)]", "+    s = set(xs)", "+    return [x for x in xs if x in s]"], "language": "Python"}
`
	f := write(t, "pie.jsonl", pie)
	_, _, err := importRows(t, Options{Files: []string{f}, Category: "inefficient_algorithm"})
	if err == nil || !strings.Contains(err.Error(), `column problem_id repeats "p00001" (rows 1 and 2)`) || !strings.Contains(err.Error(), "--map task_id=") {
		t.Fatalf("a repeated id column: %v", err)
	}
	sum, rows, err := importRows(t, Options{Files: []string{f}, Category: "inefficient_algorithm", Columns: map[string]string{"task_id": ""}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"code_before <- input (pie.jsonl)", "code_after <- target (pie.jsonl)", "patch <- diff (pie.jsonl)"}
	if diff := cmp.Diff(want, sum.Aliased); diff != "" {
		t.Errorf("aliased columns (-want +got):\n%s", diff)
	}
	if len(rows) != 2 || rows[0].TaskID == rows[1].TaskID || !strings.HasPrefix(rows[0].TaskID, "imp-") {
		t.Fatalf("rows %+v", rows)
	}
	if r := rows[1]; r.Patch != "-    return [x for x in xs if x in list(xs)]\n+    s = set(xs)\n+    return [x for x in xs if x in s]\n" ||
		r.LinesAdded != 2 || r.LinesRemoved != 1 || r.CategorySource != table.CategoryDefault || r.Language != "python" {
		t.Errorf("row 2: patch %q, +%d -%d, category source %q", r.Patch, r.LinesAdded, r.LinesRemoved, r.CategorySource)
	}
	// --map patch= turns the alias off: the patch is computed.
	sum, rows, err = importRows(t, Options{Files: []string{f}, Category: "inefficient_algorithm", Columns: map[string]string{"task_id": "", "patch": ""}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rows[0].Patch, "@@") || slices.Contains(sum.Aliased, "patch <- diff (pie.jsonl)") {
		t.Errorf("patch with its alias off: %q, aliased %v", rows[0].Patch, sum.Aliased)
	}
}

// NoFunEval's shape: source_code and target_code, the language as pl,
// problem ids that repeat across submissions.
func TestImportNoFunEvalShape(t *testing.T) {
	nofun := `{"problem_id": "p03674", "submission_id_v0": "s545310428", "cpu_time_v0": "433", "cpu_time_v1": "334", "source_code": "n = int(input())\nprint(sum([i for i in range(n)]))", "target_code": "n = int(input())\nprint(n * (n - 1) // 2)\n", "pl": "python"}
{"problem_id": "p03674", "submission_id_v0": "s1", "source_code": "x = 1\n", "target_code": "x = 2\n", "pl": "python"}
`
	f := write(t, "runtime_efficiency.jsonl", nofun)
	sum, rows, err := importRows(t, Options{Files: []string{f}, Category: "inefficient_algorithm", Columns: map[string]string{"task_id": ""}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"language <- pl (runtime_efficiency.jsonl)", "code_before <- source_code (runtime_efficiency.jsonl)", "code_after <- target_code (runtime_efficiency.jsonl)"}
	if diff := cmp.Diff(want, sum.Aliased); diff != "" {
		t.Errorf("aliased columns (-want +got):\n%s", diff)
	}
	if len(rows) != 2 || rows[0].Language != "python" || !strings.Contains(rows[0].CodeAfter, "n * (n - 1) // 2") {
		t.Fatalf("rows %+v", rows)
	}
}

// A list of commits with no code is pointed at mining; patches on a base
// commit (SWE-bench's instances and their kin) are told what is missing.
func TestImportCommitListSaysMine(t *testing.T) {
	for _, c := range []struct{ name, file, want, not string }{
		{"commits", "repo,sha\npandas-dev/pandas,0123abc\n", "perfcon commits mine --commits FILE", "a patch alone"},
		{"patches", "instance_id,repo,base_commit,patch\npandas-dev__pandas-38248,pandas-dev/pandas,abc123,\"-a\n+b\n\"\n",
			"a patch alone is not enough", "commits mine"},
	} {
		_, _, err := importRows(t, Options{Files: []string{write(t, c.name+".csv", c.file)}, Category: "inefficient_algorithm"})
		if err == nil || !strings.Contains(err.Error(), "no code_before column") || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), c.not) {
			t.Errorf("%s: error %v, want it to name the missing code and say %q", c.name, err, c.want)
		}
	}
}

// Code must be text; a list is lines only for the patch.
func TestImportValuesMustBeText(t *testing.T) {
	for _, tc := range []struct{ name, row, want string }{
		{"number as code", `{"before": 12, "after": "x = 1\n", "category": "api_misuse", "language": "python"}`, "field before: is a number, not code as text"},
		{"list as code", `{"before": ["a", "b"], "after": "x = 1\n", "category": "api_misuse", "language": "python"}`, "field before: is a list, not code as text"},
		{"object as code", `{"before": "x = 0\n", "after": {"code": "x"}, "category": "api_misuse", "language": "python"}`, "field after: is an object, not code as text"},
		{"list as message", `{"before": "x = 0\n", "after": "x = 1\n", "message": ["a"], "category": "api_misuse", "language": "python"}`, "field message: is a list of 1 values, not text"},
		{"numbers in a patch", `{"before": "x = 0\n", "after": "x = 1\n", "patch": ["-x = 0", 3], "category": "api_misuse", "language": "python"}`, "item 2 is a number, not a line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := importRows(t, Options{Files: []string{write(t, "v.jsonl", tc.row)}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// Other benchmarks' ids become task ids, the original kept; commit URLs
// are split into the repository and the commit.
func TestImportIDsAndCommitURLs(t *testing.T) {
	f := write(t, "swe.jsonl", `{"instance_id": "pandas-dev__pandas-38248", "commit": "https://github.com/pandas-dev/pandas/commit/0123456789abcdef0123456789abcdef01234567", "before": "x = 0\n", "after": "x = 1\n", "category": "api_misuse", "language": "python"}
{"instance_id": "dataset_215", "commit": "https://gitlab.com/group/sub/lib/-/commit/abcdef1", "before": "y = 0\n", "after": "y = 1\n", "category": "api_misuse", "language": "python"}
{"instance_id": "x-1", "commit": "acme/lib@ABCDEF12", "before": "z = 0\n", "after": "z = 1\n", "category": "api_misuse", "language": "python"}
{"instance_id": "x-2", "commit": "abcdef1234", "repo": "acme/other", "before": "w = 0\n", "after": "w = 1\n", "category": "api_misuse", "language": "python"}
`)
	_, rows, err := importRows(t, Options{Files: []string{f}})
	if err != nil {
		t.Fatal(err)
	}
	type got struct{ ID, SourceID, Repo, SHA string }
	var have []got
	for _, r := range rows {
		have = append(have, got{r.TaskID, r.SourceID, r.Repo, r.CommitSHA})
	}
	want := []got{
		{"pandas-dev-pandas-38248", "pandas-dev__pandas-38248", "https://github.com/pandas-dev/pandas", "0123456789abcdef0123456789abcdef01234567"},
		{"dataset-215", "dataset_215", "https://gitlab.com/group/sub/lib", "abcdef1"},
		{"x-1", "", "acme/lib", "abcdef12"},
		{"x-2", "", "acme/other", "abcdef1234"},
	}
	if diff := cmp.Diff(want, have); diff != "" {
		t.Errorf("ids and commits (-want +got):\n%s", diff)
	}
}

// Files that are no table of their format say what they are; a JSON
// Lines file's columns are listed in the order it has them; DuckDB's
// statement stays out of a Parquet error.
func TestImportFileMessages(t *testing.T) {
	for _, tc := range []struct{ name, file, contents, want string }{
		{"empty", "e.jsonl", "\n\n", "e.jsonl is empty"},
		{"LFS pointer", "l.parquet", "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n", "is a Git LFS pointer"},
		{"binary", "b.jsonl", "\x1f\x8b\x08\x00\x00\x00\x00\x00", "is binary, not JSONL text"},
		{"Parquet named .csv", "p.csv", "PAR1\x00\x00", "is a Parquet file, not CSV"},
		{"text named .parquet", "t.parquet", "a,b\n1,2\n", "is not a Parquet file"},
		{"columns in file order", "o.jsonl", `{"zeta": 1, "alpha": 2, "mid": 3}`, "no code_before column (it has zeta, alpha, mid)"},
		{"broken Parquet", "x.parquet", "PAR1 this is not really parquet PAR1", "DuckDB can't read it as Parquet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := importRows(t, Options{Files: []string{write(t, tc.file, tc.contents)}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if err != nil && (strings.Contains(err.Error(), "SELECT") || strings.Contains(err.Error(), "read_parquet")) {
				t.Errorf("the error quotes DuckDB's statement: %v", err)
			}
		})
	}
}

// An import over a table of another source says so; --append adds to it,
// --replace replaces it; the same source imported again replaces it.
func TestImportOverATable(t *testing.T) {
	out := filepath.Join(t.TempDir(), "commits.parquet")
	mined := []table.Commit{{TaskID: "m-1", Source: table.SourceMined, Language: "python", Category: "api_misuse", CodeBefore: "a = 0\n", CodeAfter: "a = 1\n"}}
	if err := table.WriteFile(out, mined); err != nil {
		t.Fatal(err)
	}
	f := write(t, "s.jsonl", `{"id": "s-1", "before": "x = 0\n", "after": "x = 1\n", "category": "api_misuse", "language": "python"}`)
	ids := func() []string {
		rows, err := table.ReadFile[table.Commit](out)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range rows {
			ids = append(ids, r.TaskID)
		}
		return ids
	}
	if _, err := Import(context.Background(), Options{Files: []string{f}, Out: out}); err == nil ||
		!strings.Contains(err.Error(), `holds 1 mined rows`) || !strings.Contains(err.Error(), "--append") {
		t.Errorf("importing over a mined table: %v", err)
	}
	if sum, err := Import(context.Background(), Options{Files: []string{f}, Out: out, Append: true}); err != nil || sum.Rows != 1 || sum.Kept != 1 {
		t.Fatalf("append: %v, %+v", err, sum)
	}
	if got := ids(); !slices.Equal(got, []string{"m-1", "s-1"}) {
		t.Errorf("after --append: %v", got)
	}
	if _, err := Import(context.Background(), Options{Files: []string{f}, Out: out, Append: true}); err == nil || !strings.Contains(err.Error(), `"s-1" is also the id of`) {
		t.Errorf("appending the same rows again: %v", err)
	}
	if _, err := Import(context.Background(), Options{Files: []string{f}, Out: out, Replace: true}); err != nil {
		t.Fatal(err)
	}
	if got := ids(); !slices.Equal(got, []string{"s-1"}) {
		t.Errorf("after --replace: %v", got)
	}
	if _, err := Import(context.Background(), Options{Files: []string{f}, Out: out}); err != nil {
		t.Errorf("importing the same source again: %v", err)
	}
}
