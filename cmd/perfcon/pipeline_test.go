package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/queries"
	"github.com/perfcon/perfcon/stages/report"
)

// TestPipelineOnShippedTasks runs every stage on datasets/core with the
// built-in models at the test profile (a tenth of make's run time: make
// validates at the quick one), then checks the results in SQL: every
// shipped task passes validation, the task set covers every category and
// language with spread speedups, every shipped fix is faster, the oracle
// recovers it, identity stays at 1, the twin control is correct everywhere
// and the noise floor is computed from it, and the report renders.
//
// `go test -short` (make test) runs it over shortTasks, one task per
// category; make test-all over the whole set.
func TestPipelineOnShippedTasks(t *testing.T) {
	shareInShort(t)
	var subset []string
	if testing.Short() {
		for _, id := range shortTasks {
			subset = append(subset, "--tasks", id)
		}
	}
	dir := t.TempDir()
	tables := filepath.Join(dir, "tables")
	var log bytes.Buffer
	ctx := context.Background()
	cache := filepath.Join(dir, "cache")
	run := func(args ...string) {
		t.Helper()
		if err := perfcon(ctx, &log, &log, append([]string{"--tables", tables}, args...)); err != nil {
			t.Fatalf("perfcon %s: %v\n%s", strings.Join(args, " "), err, log.String())
		}
	}
	run(append([]string{"commits", "--dataset", "../../datasets/core"}, subset...)...)
	run(append([]string{"executables", "--dataset", "../../datasets/core"}, subset...)...)
	run("executables", "validate", "--profile", "test", "--cache", cache, "--allow-failures")
	// The speed test at the test profile's short runs can miss a real
	// but small speedup on a busy machine: a task that fails it gets one
	// more try at make's profile, whose runs are ten times longer.
	if failed := column(t, ctx, tables, `SELECT task_id FROM executables WHERE validation = 'failed'`); len(failed) > 0 {
		t.Logf("validating again at the quick profile: %s", strings.Join(failed, ", "))
		args := []string{"executables", "validate", "--profile", "quick", "--cache", cache, "--allow-failures"}
		for _, id := range failed {
			args = append(args, "--task", id)
		}
		run(args...)
	}
	llmCache := filepath.Join(dir, "llm")
	models := []string{"--model", "identity", "--model", "oracle", "--model", "twin", "--llm-cache", llmCache}
	run(append([]string{"describe"}, models...)...)
	run(append([]string{"generate"}, models...)...)
	run("measure", "--profile", "test", "--cache", cache)
	run("report", "--out", filepath.Join(dir, "report"))

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
	switch {
	case len(subset) == 0 && tasks < 48:
		t.Fatalf("%d shipped tasks, want at least 48", tasks)
	case len(subset) > 0 && tasks != int64(len(shortTasks)):
		t.Fatalf("%d tasks, want the %d of shortTasks", tasks, len(shortTasks))
	}
	// A wall-time task cannot show a speedup from parallelism while the
	// machine does not give it its CPUs (a shared VM's host can hold one
	// back for minutes); validation probes the CPUs and says so, and such
	// a task is left out of the counts below. The host can also take a
	// CPU back only while a task's runs last and give it back before the
	// probe: one wall-time task that fails both its speed tests at both
	// profiles is logged and left out too; a second, or any CPU-time task
	// that fails, fails the test.
	notGiven := `validation = 'failed' AND cost_kind = 'wall' AND contains(validation_reason, '` + measure.NotGiven + `')`
	if short := list(`SELECT task_id, validation_reason FROM executables WHERE ` + notGiven); short != "" {
		t.Logf("left out: this machine did not give these wall-time tasks their CPUs:\n%s", short)
	}
	missed := `validation = 'failed' AND cost_kind = 'wall' AND NOT (` + notGiven + `)`
	var spared string
	if n := count(`SELECT count(*) FROM executables WHERE ` + missed); n == 1 {
		spared = column(t, ctx, tables, `SELECT task_id FROM executables WHERE `+missed)[0]
		t.Logf("left out: one wall-time task missed its speedup on this shared machine:\n%s",
			list(`SELECT task_id, validation_reason FROM executables WHERE `+missed))
	}
	left := notGiven + ` OR task_id = '` + spared + `'`
	valid := tasks - count(`SELECT count(*) FROM executables WHERE `+left)
	if bad := list(`SELECT task_id, validation, validation_reason FROM executables WHERE validation <> 'passed' AND NOT (` + left + `)`); bad != "" {
		t.Errorf("shipped tasks that fail validation:\n%s", bad)
	}
	if n := count(`SELECT count(DISTINCT category) FROM commits`); n != 8 {
		t.Errorf("%d categories, want all 8", n)
	}
	if len(subset) == 0 {
		if bad := list(`SELECT category, count(*) FROM commits GROUP BY ALL HAVING count(*) < 6`); bad != "" {
			t.Errorf("categories with fewer than 6 tasks:\n%s", bad)
		}
		if bad := list(`SELECT language, count(*) FROM commits GROUP BY ALL HAVING count(*) < 12`); bad != "" {
			t.Errorf("languages with fewer than 12 tasks:\n%s", bad)
		}
		// Human speedups spread, so that performance clusters mean something.
		if spread := list(`SELECT min(validated_speedup) < 1.6 AND max(validated_speedup) > 10
			AND count(*) FILTER (WHERE validated_speedup BETWEEN 2 AND 10) >= 12 FROM executables`); spread != "true" {
			t.Errorf("validated speedups do not spread from under 1.6x to over 10x:\n%s",
				list(`SELECT task_id, validated_speedup FROM executables ORDER BY 2`))
		}
	}
	// The report's task set cell counts them per category and language.
	if all := list(`SELECT category, python + go + cpp, passed, failed FROM (` +
		strings.TrimSuffix(strings.TrimSpace(readCell(t, "85_task_set.sql")), ";") + `) WHERE category = 'all'`); all != fmt.Sprintf("all %d %d %d", valid, valid, tasks-valid) {
		t.Errorf("task set cell, all row: %q, want %d tasks passed and %d failed", all, valid, tasks-valid)
	}
	// Code before ran in validation's speed test, not again in measure,
	// which ran right after at the same profile: its rows are those runs,
	// all of them before code after's in measure. Measure runs it twice,
	// uncounted, to check that they still hold, and measures it again
	// where they don't (the log names the task).
	drifted := []string{"''"}
	for _, m := range regexp.MustCompile(`(?m)^measure: (\S+): code before's runs kept by validation do not hold now`).FindAllStringSubmatch(log.String(), -1) {
		drifted = append(drifted, "'"+m[1]+"'")
		t.Logf("code before measured again: %s", m[0])
	}
	if bad := list(`SELECT e.task_id FROM executables e
		JOIN measurements b ON b.task_id = e.task_id AND b.variant = 'before'
		JOIN measurements a ON a.task_id = e.task_id AND a.variant = 'after'
		WHERE e.validation = 'passed' AND e.validated_profile = 'test' AND e.task_id NOT IN (` + strings.Join(drifted, ", ") + `) GROUP BY e.task_id
		HAVING count(DISTINCT b.repeat) < 5 OR max(b.started_at) >= min(a.started_at)`); bad != "" || !strings.Contains(log.String(), "reused") {
		t.Errorf("measure ran code before again on tasks validated at its profile: %q (its log says reused: %v)", bad, strings.Contains(log.String(), "reused"))
	}
	if bad := list(`SELECT task_id, variant, status FROM variant_costs WHERE status <> 'ok'`); bad != "" {
		t.Errorf("shipped code that does not run cleanly:\n%s", bad)
	}
	// The host can take a CPU back while a wall-time task's runs are
	// measured, too, after validation passed it: when validation spared
	// no task, one wall-time task whose code after is not faster in this
	// measure run is logged and left out of the oracle's count (the
	// report leaves such a task unresolved in the run); a second, or a
	// CPU-time task, fails the test.
	slow := `SELECT task_id, human_speedup, costed_as FROM human WHERE NOT human_speedup > 1`
	var unresolved string
	if ids := strings.Fields(list(`SELECT task_id FROM human WHERE NOT human_speedup > 1 AND cost_kind = 'wall'`)); spared == "" && len(ids) == 1 {
		unresolved = ids[0]
		t.Logf("left out: one wall-time task's code after was not faster in this measure run:\n%s", list(slow))
	}
	if bad := list(slow + ` AND task_id <> '` + unresolved + `'`); bad != "" {
		t.Errorf("shipped fixes that are not faster here:\n%s", bad)
	}
	recovered := valid
	if unresolved != "" {
		recovered--
	}
	if n := count(`SELECT count(*) FROM outcomes WHERE model = 'oracle' AND correct
		AND model_speedup > 1 AND model_speedup = human_speedup`); n != recovered {
		t.Errorf("oracle recovers the human speedup on %d of %d tasks\n%s", n, recovered,
			list(`SELECT task_id, status, model_speedup, human_speedup FROM outcomes WHERE model = 'oracle'`))
	}
	if n := count(`SELECT count(*) FROM outcomes WHERE model = 'identity' AND correct AND model_speedup = 1`); n != valid {
		t.Errorf("identity is correct at speedup 1 on %d of %d tasks", n, valid)
	}
	// The control is its own program on every task, measured cleanly, and
	// the floor counts every twin; how low the floor is depends on the
	// machine and the profile, which make and the README report.
	if n := count(`SELECT count(*) FROM outcomes o JOIN variant_costs a ON a.task_id = o.task_id AND a.variant = 'after'
		WHERE o.model = 'twin' AND o.correct AND o.variant_id <> a.variant_id`); n != valid {
		t.Errorf("twin is a correct program of its own on %d of %d tasks", n, valid)
	}
	if n := count(`SELECT coalesce(sum(twins), 0)::BIGINT FROM noise_floor WHERE language = 'all' AND p90_deviation >= median_deviation`); n != valid {
		t.Errorf("the noise floor counts %d twins, want %d", n, valid)
	}
	page, err := os.ReadFile(filepath.Join(dir, "report", "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Self-consistency per model and category", "## Noise floor: code after measured against itself", "plots/20_tasks.png", "plots/12_speedups.png", "plots/40_dps.png", "| oracle |",
		"## Task set: validated tasks per category and language", "## Tasks that failed validation"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "report", "plots", "20_tasks.png")); err != nil {
		t.Error(err)
	}

	// The page opens with the controls, and both hold: identity is never
	// self-consistent on a resolved task, oracle always is.
	if i := bytes.Index(page, []byte("\n## ")); i < 0 || !bytes.HasPrefix(page[i+1:], []byte("## Controls: can this run be trusted?")) {
		t.Errorf("report.md does not open with the controls")
	}
	cell := func(name string) string { return strings.TrimSuffix(strings.TrimSpace(readCell(t, name)), ";") }
	if got := list(`SELECT control, verdict FROM (` + cell("03_controls.sql") + `) WHERE control SIMILAR TO '(identity|oracle).*'`); got != "identity self-consistent holds\noracle self-consistent holds" {
		t.Errorf("controls:\n%s", list(cell("03_controls.sql")))
	}
	// Every rate of the summary carries its interval, on the page too.
	if bad := list(`SELECT model FROM (` + cell("04_summary.sql") + `) WHERE self_consistent_lo IS NULL OR correct_hi IS NULL OR dps_lo IS NULL`); bad != "" {
		t.Errorf("summary rows without intervals: %s", bad)
	}
	if !bytes.Contains(page, []byte("| oracle | ")) || !bytes.Contains(page, []byte("| 1 [")) {
		t.Errorf("report.md shows no rate with its interval")
	}
	// The power statement: a category of 6 tasks can show only a
	// difference near 1; fewer can show none.
	if bad := list(`SELECT category, passed, detectable_diff FROM (` + cell("85_task_set.sql") + `)
		WHERE (passed >= 6) <> (detectable_diff IS NOT NULL) OR detectable_diff > 1`); bad != "" {
		t.Errorf("task set cell's power statement:\n%s", bad)
	}
	// perfcon compare: oracle is better than identity over all tasks, and
	// in every category with the 6 resolved tasks a difference needs.
	var out bytes.Buffer
	if err := perfcon(ctx, &out, &log, []string{"--tables", tables, "compare", "--format", "csv", "identity", "oracle"}); err != nil {
		t.Fatalf("perfcon compare: %v\n%s", err, log.String())
	}
	rows := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(rows) < 3 || !strings.HasPrefix(rows[0], "category,tasks,") {
		t.Fatalf("perfcon compare printed:\n%s", out.String())
	}
	better := strings.Index(rows[0], "better")
	nth := strings.Count(rows[0][:better], ",")
	for _, r := range rows[1:] {
		f := strings.Split(r, ",")
		if len(f) <= nth {
			t.Fatalf("perfcon compare row %q", r)
		}
		resolved := 0
		fmt.Sscan(f[1], &resolved)
		if (resolved >= 6 || f[0] == "all") && f[nth] != "oracle" {
			t.Errorf("compare identity oracle, %s: better %q over %d tasks, want oracle\n%s", f[0], f[nth], resolved, out.String())
		}
	}
}

// shortTasks are the shipped tasks the short run goes through end to
// end: one per category, in every language, fixes whose speedups stand
// out of the noise of a machine shared with other tests.
var shortTasks = []string{
	"cpp-api-regex-per-line",
	"py-algo-reconcile-payments",
	"go-io-index-reads",
	"py-mem-frame-decoder",
	"py-march-text-class-table",
	"cpp-net-pipeline-lookups",
	"go-par-chunked-workers",
	"go-conc-actor-store",
}

// column runs a query on the tables in dir and returns its first column.
func column(t *testing.T, ctx context.Context, dir, query string) []string {
	t.Helper()
	db, err := duck.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Query(ctx, query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	var out []string
	for _, r := range res.Rows {
		out = append(out, report.Format(r[0]))
	}
	return out
}

func readCell(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(queries.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
