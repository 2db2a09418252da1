package queries_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/perfcon/perfcon/queries"
	"github.com/perfcon/perfcon/stages/report"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden.md from this run")

// The report of the fixture's tables is pinned, whole, as benchstat's
// tests pin their output: a change to any cell, its notes or its SQL
// shows as a diff here. go test ./queries -run TestReportGolden -update
// rewrites the file after a change meant to be made.
func TestReportGolden(t *testing.T) {
	dir := fixtureTables(t)
	out := t.TempDir()
	err := report.Render(context.Background(), report.Options{Tables: dir, Queries: queries.FS, QueriesName: "queries", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The time and the folder differ from run to run.
	got := regexp.MustCompile("(?m)^Rendered .* from the tables in `[^`]*`").ReplaceAllString(string(b),
		"Rendered (time) from the tables in `(fixture)`")
	golden := filepath.Join("testdata", "report.golden.md")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./queries -run TestReportGolden -update writes it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("report.md differs from %s (-want +got):\n%s", golden, diff)
	}
}
