package duck

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/table"
)

// An export, partitioned by model, reads back through --tables as the
// same rows, each file's checksum and rows are in the manifest, the
// source tables' metadata is in every file, and an existing folder is
// never written over.
func TestExportReadsBack(t *testing.T) {
	ctx := context.Background()
	// A folder name on the way that looks like a partition is not one.
	src := filepath.Join(t.TempDir(), "model=x")
	table.Stamp(table.KeyDataset, "datasets/test")
	t.Cleanup(func() { table.Stamp(table.KeyDataset, "") })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(table.WriteFile(filepath.Join(src, "commits.parquet"), []table.Commit{{TaskID: "t1", Language: "go"}, {TaskID: "t2", Language: "python"}}))
	var gens []table.Generation
	for i, m := range []string{"a", "replay:b/c", "a", "123"} {
		gens = append(gens, table.Generation{TaskID: "t1", Describer: m, Model: m, Round: 1, Sample: int32(i), Code: "code " + m})
	}
	must(table.WriteFile(filepath.Join(src, "generations.parquet"), gens))
	must(table.WriteFile(filepath.Join(src, "refinements.parquet"), []table.Refinement{})) // empty

	out := filepath.Join(t.TempDir(), "share")
	m, err := Export(ctx, src, out, "model")
	must(err)
	if len(m.Tables) != 3 || m.Tables[1].Name != "generations" || m.Tables[1].PartitionBy != "model" || m.Tables[0].PartitionBy != "" ||
		m.Tables[2].Name != "refinements" || m.Tables[2].PartitionBy != "" || len(m.Tables[2].Files) != 1 {
		t.Fatalf("manifest tables: %+v", m.Tables)
	}
	var onDisk Manifest
	b, err := os.ReadFile(filepath.Join(out, ManifestName))
	must(err)
	must(json.Unmarshal(b, &onDisk))
	for _, tb := range onDisk.Tables {
		var rows int64
		for _, f := range tb.Files {
			data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f.Path)))
			must(err)
			sum := sha256.Sum256(data)
			if hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(data)) != f.Bytes {
				t.Errorf("%s: checksum or size does not match the manifest", f.Path)
			}
			rows += f.Rows
		}
		if rows != tb.Rows || (tb.Name == "generations" && rows != 4) || (tb.Name == "commits" && rows != 2) || (tb.Name == "refinements" && rows != 0) {
			t.Errorf("%s: %d rows in files, %d in the manifest", tb.Name, rows, tb.Rows)
		}
		if tb.Metadata[table.KeyDataset] != "datasets/test" {
			t.Errorf("%s: metadata %v", tb.Name, tb.Metadata)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "generations", "model=a")); err != nil {
		t.Errorf("generations is not partitioned by model: %v", err)
	}

	d, err := Open(ctx, out)
	must(err)
	defer d.Close()
	lit, err := d.Literal(filepath.Join(src, "generations.parquet"))
	must(err)
	res, err := d.Query(ctx, "SELECT count(*) FROM (SELECT * FROM generations EXCEPT SELECT * FROM read_parquet("+Quote(lit)+", hive_partitioning = false))")
	must(err)
	if n := res.Rows[0][0].(int64); n != 0 {
		t.Errorf("%d exported rows differ from the source's", n)
	}
	res, err = d.Query(ctx, "SELECT count(*), count(DISTINCT model), typeof(any_value(model)) FROM generations")
	must(err)
	if r := res.Rows[0]; r[0].(int64) != 4 || r[1].(int64) != 3 || r[2].(string) != "VARCHAR" {
		t.Errorf("generations read back as %v", r)
	}
	lit, err = d.Literal(filepath.Join(out, "generations"))
	must(err)
	res, err = d.Query(ctx, "SELECT DISTINCT decode(value) FROM parquet_kv_metadata("+Quote(lit+"/**/*.parquet")+") WHERE decode(key) = 'perfcon.dataset'")
	must(err)
	if len(res.Rows) != 1 || res.Rows[0][0] != "datasets/test" {
		t.Errorf("the exported files' metadata: %v", res.Rows)
	}

	// The stages read an exported folder too, partition columns filled
	// in from the folder names.
	back, err := table.ReadFile[table.Generation](filepath.Join(out, "generations.parquet"))
	must(err)
	slices.SortFunc(back, func(a, b table.Generation) int { return int(a.Sample - b.Sample) })
	if !slices.EqualFunc(back, gens, func(a, b table.Generation) bool { return a == b }) {
		t.Errorf("the exported generations read back as\n%+v\nwant\n%+v", back, gens)
	}
	cs, err := table.ReadFile[table.Commit](filepath.Join(out, "commits.parquet"))
	if err != nil || len(cs) != 2 {
		t.Errorf("the exported commits read back as %d rows: %v", len(cs), err)
	}
	if rs, err := table.ReadFile[table.Refinement](filepath.Join(out, "refinements.parquet")); err != nil || len(rs) != 0 {
		t.Errorf("the exported empty refinements read back as %d rows: %v", len(rs), err)
	}
	// Partitioned by a column that is mostly empty: NULL's folder is the
	// empty value again.
	byErr := filepath.Join(t.TempDir(), "by-error")
	_, err = Export(ctx, src, byErr, "error")
	must(err)
	back, err = table.ReadFile[table.Generation](filepath.Join(byErr, "generations.parquet"))
	must(err)
	for _, g := range back {
		if g.Error != "" {
			t.Errorf("a generation without error read back with error %q", g.Error)
		}
	}
	// The source tables, read in place, keep their own model column too.
	dsrc, err := Open(ctx, src)
	must(err)
	defer dsrc.Close()
	xs, err := dsrc.Query(ctx, "SELECT count(*) FROM generations WHERE model = 'x'")
	must(err)
	if n := xs.Rows[0][0].(int64); n != 0 {
		t.Errorf("%d rows took their model from a folder name", n)
	}

	if _, err := Export(ctx, src, out, ""); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("an export over an existing folder: %v", err)
	}
}

// Every column of every table reads in DuckDB as the type the contract
// (table.Columns) says, the column types of docs/sharing.md: times as TIMESTAMP
// WITH TIME ZONE, not strings; counts as integers; lists as lists.
func TestColumnTypesAreTheContracts(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Now().UTC()
	write := map[string]error{
		"commits":      table.WriteFile(filepath.Join(dir, "commits.parquet"), []table.Commit{{TaskID: "t", CommittedAt: &now}}),
		"drafts":       table.WriteFile(filepath.Join(dir, "drafts.parquet"), []table.Draft{{TaskID: "t", DraftedAt: now}}),
		"executables":  table.WriteFile(filepath.Join(dir, "executables.parquet"), []table.Executable{{TaskID: "t", ValidatedAt: &now}}),
		"reviews":      table.WriteFile(filepath.Join(dir, "reviews.parquet"), []table.Review{{TaskID: "t", DecidedAt: now}}),
		"descriptions": table.WriteFile(filepath.Join(dir, "descriptions.parquet"), []table.Description{{TaskID: "t"}}),
		"generations":  table.WriteFile(filepath.Join(dir, "generations.parquet"), []table.Generation{{TaskID: "t"}}),
		"refinements":  table.WriteFile(filepath.Join(dir, "refinements.parquet"), []table.Refinement{{TaskID: "t", CreatedAt: now}}),
		"routes":       table.WriteFile(filepath.Join(dir, "routes.parquet"), []table.Route{{Language: "go"}}),
		"splits":       table.WriteFile(filepath.Join(dir, "splits.parquet"), []table.Split{{TaskID: "t"}}),
		"measurements": table.WriteFile(filepath.Join(dir, "measurements.parquet"), []table.Measurement{{TaskID: "t", StartedAt: now}}),

		"description_scores": table.WriteFile(filepath.Join(dir, "description_scores.parquet"), []table.DescriptionScore{{TaskID: "t"}}),
	}
	for name, err := range write {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if len(write) != len(table.Tables) {
		t.Fatalf("the test writes %d tables of %d", len(write), len(table.Tables))
	}
	d, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, name := range table.Tables {
		res, err := d.Query(ctx, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = "+Quote(name)+" ORDER BY ordinal_position")
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, r := range res.Rows {
			got = append(got, r[0].(string)+" "+r[1].(string))
		}
		for _, c := range table.Columns(table.Names[name]) {
			want = append(want, c.Name+" "+c.SQLType)
			if strings.HasSuffix(c.Name, "_at") && c.SQLType != "TIMESTAMP WITH TIME ZONE" {
				t.Errorf("%s.%s is a time kept as %s", name, c.Name, c.SQLType)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s reads as\n%v\nwant\n%v", name, got, want)
		}
	}
}
