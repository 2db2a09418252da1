package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestMakeRerunsOnlyWhatChanged runs the real Makefile on the two tasks of
// testdata/script/pipeline.txtar: a second make does nothing, and a newer
// descriptions table, new settings or a touched harness rerun exactly the
// stages downstream of them.
func TestMakeRerunsOnlyWhatChanged(t *testing.T) {
	if testing.Short() {
		t.Skip("runs make and the pipeline")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	dir := t.TempDir()
	writeTasks(t, dir)
	vars := []string{"-C", "../..", "DATASET=" + filepath.Join(dir, "tasks"), "OUT=" + filepath.Join(dir, "out"),
		"BIN=" + filepath.Join(dir, "perfcon"), "CACHE=" + filepath.Join(dir, "cache"), "MEASURE_FLAGS=--min-time 50ms",
		"VALIDATE_FLAGS=--min-time 50ms --scale-time 5ms"}
	make := func(args ...string) (string, error) {
		out, err := exec.Command("make", append(vars, args...)...).CombinedOutput()
		return string(out), err
	}

	if out, err := make(); err != nil {
		t.Fatalf("make: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "report.md")); err != nil {
		t.Fatalf("make left no report: %v", err)
	}
	if out, err := make("-q"); err != nil {
		t.Errorf("after make, make -q says something is out of date:\n%s", out)
	}

	// A stage's settings are among its inputs: chains rerun generate and
	// what follows it.
	out, err := make("-n", "ROUNDS=2")
	if err != nil {
		t.Fatalf("make -n: %v\n%s", err, out)
	}
	for _, stage := range []string{" generate ", " measure ", " report "} {
		if !strings.Contains(out, stage) {
			t.Errorf("with ROUNDS=2, make would not run%s:\n%s", stage, out)
		}
	}
	for _, stage := range []string{" commits ", " executables ", " describe "} {
		if strings.Contains(out, stage) {
			t.Errorf("with ROUNDS=2, make would run%s:\n%s", stage, out)
		}
	}
	if out, err := make(); err != nil {
		t.Fatalf("make: %v\n%s", err, out)
	}
	if out, err := make("-q"); err != nil {
		t.Errorf("back at the default settings, make -q says something is out of date:\n%s", out)
	}
	// Refinement reruns refine, measure and report, and nothing upstream;
	// back at the default, its tables are gone with it.
	if out, err = make("-n", "REFINE=1"); err != nil {
		t.Fatalf("make -n: %v\n%s", err, out)
	}
	for _, stage := range []string{" refine ", " orchestrate ", " measure ", " report "} {
		if !strings.Contains(out, stage) {
			t.Errorf("with REFINE=1, make would not run%s:\n%s", stage, out)
		}
	}
	for _, stage := range []string{" commits ", " executables ", " describe ", " generate "} {
		if strings.Contains(out, stage) {
			t.Errorf("with REFINE=1, make would run%s:\n%s", stage, out)
		}
	}
	if out, err := make("REFINE=1"); err != nil {
		t.Fatalf("make REFINE=1: %v\n%s", err, out)
	}
	if out, err := make("-q", "REFINE=1"); err != nil {
		t.Errorf("after make REFINE=1, make -q says something is out of date:\n%s", out)
	}
	refined := filepath.Join(dir, "out", "tables", "refinements.parquet")
	if _, err := os.Stat(refined); err != nil {
		t.Errorf("make REFINE=1 left no refinements table: %v", err)
	}

	if out, err := make(); err != nil {
		t.Fatalf("make: %v\n%s", err, out)
	}
	if out, err := make("-q"); err != nil {
		t.Errorf("back at the default settings, make -q says something is out of date:\n%s", out)
	}
	if _, err := os.Stat(refined); err == nil {
		t.Error("back at REFINE=0, the refinements table is still there")
	}

	future := time.Now().Add(time.Minute)
	if err := os.Chtimes(filepath.Join(dir, "out", "tables", "descriptions.parquet"), future, future); err != nil {
		t.Fatal(err)
	}
	if out, err = make("-n"); err != nil {
		t.Fatalf("make -n: %v\n%s", err, out)
	}
	for _, stage := range []string{" generate ", " measure ", " report "} {
		if !strings.Contains(out, stage) {
			t.Errorf("after touching descriptions, make would not run%s:\n%s", stage, out)
		}
	}
	for _, stage := range []string{" commits ", " executables ", " describe ", "go build"} {
		if strings.Contains(out, stage) {
			t.Errorf("after touching descriptions, make would run%s:\n%s", stage, out)
		}
	}

	// A harness is an input of executables only: no model is asked again.
	// First undo the future time given to descriptions above.
	tables := filepath.Join(dir, "out", "tables")
	st, err := os.Stat(filepath.Join(tables, "commits.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(tables, "descriptions.parquet"), st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if out, err := make(); err != nil {
		t.Fatalf("make: %v\n%s", err, out)
	}
	now := time.Now()
	if err := os.Chtimes(filepath.Join(dir, "tasks", "py-algo-sum", "harness.py"), now, now); err != nil {
		t.Fatal(err)
	}
	if out, err = make("-n"); err != nil {
		t.Fatalf("make -n: %v\n%s", err, out)
	}
	for _, stage := range []string{" executables ", " measure ", " report "} {
		if !strings.Contains(out, stage) {
			t.Errorf("after touching a harness, make would not run%s:\n%s", stage, out)
		}
	}
	for _, stage := range []string{" commits ", " describe ", " generate "} {
		if strings.Contains(out, stage) {
			t.Errorf("after touching a harness, make would run%s:\n%s", stage, out)
		}
	}
}

// writeTasks writes the two tasks of testdata/script/pipeline.txtar to
// dir/tasks.
func writeTasks(t *testing.T, dir string) {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/script/pipeline.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "tasks/") {
			continue
		}
		path := filepath.Join(dir, f.Name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestMakeRerunsWhatImportsAPackage: a stage's code, in the Makefile, is
// what go list -deps says its package uses. A changed file of a package
// reruns the stages whose package imports it, directly or not, and those
// downstream of them, and no other. It runs nothing: make -n -W FILE
// (FILE as if just changed) over tables made up to date by hand.
func TestMakeRerunsWhatImportsAPackage(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	dir := t.TempDir()
	writeTasks(t, dir)
	mined := filepath.Join(dir, "mined.parquet")
	if err := os.WriteFile(mined, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	make := func(args ...string) (string, error) {
		vars := []string{"-C", "../..", "DATASET=" + filepath.Join(dir, "tasks"), "OUT=" + out,
			"BIN=" + filepath.Join(dir, "perfcon"), "CACHE=" + filepath.Join(dir, "cache")}
		b, err := exec.Command("make", append(vars, args...)...).CombinedOutput()
		return string(b), err
	}
	// upToDate has make write its settings (and the stages' code) for
	// these variables, then makes every table and the binary newer than
	// all their inputs, at once: a prerequisite no newer than its target
	// leaves it be.
	upToDate := func(vars ...string) {
		t.Helper()
		if b, err := make(append([]string{"-n"}, vars...)...); err != nil {
			t.Fatalf("make -n %v: %v\n%s", vars, err, b)
		}
		now := time.Now()
		for _, f := range []string{"perfcon", "out/tables/commits.parquet", "out/tables/executables.parquet",
			"out/tables/descriptions.parquet", "out/tables/generations.parquet", "out/tables/measurements.parquet",
			"out/report.md", "out/report.html"} {
			path := filepath.Join(dir, f)
			if err := os.WriteFile(path, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(path, now, now); err != nil {
				t.Fatal(err)
			}
		}
		if b, err := make(append([]string{"-q"}, vars...)...); err != nil {
			t.Fatalf("tables made up to date, make -q %v says something is out of date (a file edited just now?):\n%s", vars, b)
		}
	}
	stages := []string{" commits ", " executables ", " describe ", " generate ", " measure ", " report "}
	commits := "COMMITS=" + mined
	for _, c := range []struct {
		why  string
		vars []string
		file string
		runs []string // the stages that rerun; the others must not
	}{
		{"internal/chart: only report's package imports it", nil, "internal/chart/chart.go", []string{" report "}},
		{"internal/gitlog: of the pipeline's stages, only executables' imports it", nil, "internal/gitlog/gitlog.go",
			[]string{" executables ", " measure ", " report "}},
		{"internal/stats: executables', measurements' and report's import it, not commits'", nil, "internal/stats/stats.go",
			[]string{" executables ", " measure ", " report "}},
		{"a generate template: the LLM stages render their own only", nil, "internal/prompt/templates/generate-v1.tmpl",
			[]string{" generate ", " measure ", " report "}},
		{"the sandbox's embedded helper: dataset imports lang, which imports the sandbox", nil, "internal/sandbox/csrc/helper.c", stages},
		{"the miner: no stage's package imports it", nil, "stages/mining/mine.go", nil},
		{"import, when the commits come from the task set", nil, "stages/imports/import.go", nil},
		{"import, when the commits are imported", []string{commits}, "stages/imports/import.go", stages},
		{"the commits stage's own code, which import uses", []string{commits}, "stages/commits/commits.go", stages},
		{"the miner, when the commits are imported", []string{commits}, "stages/mining/mine.go", nil},
	} {
		upToDate(c.vars...)
		b, err := make(append([]string{"-n", "-W", c.file}, c.vars...)...)
		if err != nil {
			t.Fatalf("make -n -W %s: %v\n%s", c.file, err, b)
		}
		for _, stage := range stages {
			if want := slices.Contains(c.runs, stage); strings.Contains(b, stage) != want {
				t.Errorf("%s: after %s changed, make would run%s: %v, want %v\n%s", c.why, c.file, stage, !want, want, b)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(out, "tables", ".deps.mk")); err != nil {
		t.Errorf("make left no list of the stages' code: %v", err)
	}
}
