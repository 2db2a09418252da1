package measurements

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/sandbox"
	"github.com/perfcon/perfcon/internal/table"
)

const (
	before  = "def total(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n"
	after   = "def total(n):\n    return n * (n - 1) // 2\n"
	harness = "import sys\nfrom solution import total\nn, scale, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])\nr = 0\nfor i in range(n):\n    x = scale + seed + i\n    r = (r * 31 + (x if sys.argv[4:] else total(x))) % (1 << 61)\nprint(r)\n"
)

// Generated answers of every kind: each must end in its status, and none
// may stop the stage.
var generated = map[string]string{
	"slower":      "def total(n):\n    return sum([i for i in range(n)] + [0] * n)\n",
	"wrong":       "def total(n):\n    return n * n // 2\n",
	"syntax":      "def total(n)\n    return 0\n",
	"crash":       "def total(n):\n    raise ValueError('no')\n",
	"hang":        "def total(n):\n    while True:\n        pass\n",
	"same_as_old": before,
	// Hostile ones, each contained by the sandbox.
	"escape":     "def total(n):\n    open('/var/tmp/perfcon-escape-test', 'w').write('out')\n    return 0\n",
	"network":    "import socket\ndef total(n):\n    socket.create_connection(('1.1.1.1', 80), timeout=1)\n    return 0\n",
	"fork_bomb":  "import os\ndef total(n):\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n",
	"memory_hog": "def total(n):\n    return len(bytearray(16 << 30))\n", // past the data limit, within RAM
	"flood":      "def total(n):\n    while True:\n        print('x' * 1000)\n",
	// Bytes no text column may hold: stderr past the kept 2,048 bytes cut
	// inside a character, and an output line of invalid bytes and NUL.
	"bad_stderr": "import sys\ndef total(n):\n    sys.stderr.buffer.write(b'x' + 'é'.encode() * 1500 + b'\\xff')\n    sys.stderr.flush()\n    raise SystemExit(3)\n",
	"bad_digest": "import os, sys\ndef total(n):\n    sys.stdout.buffer.write(b'\\xff\\x00\\xc3')\n    sys.stdout.flush()\n    os._exit(0)\n",
	// Code that only looks fast: code before's loop remembered across
	// calls, which the harness's inputs (one per iteration) never repeat;
	// and the loop handed to a child that is never waited for.
	"memo": "import functools\n@functools.lru_cache(maxsize=None)\n" + before,
	// (The child does the loop and exits: it never runs on into the
	// harness, so the children of a run do not multiply.)
	"unwaited": "import os\n" + strings.NewReplacer("    s = 0\n", "    if os.fork() != 0:\n        return n * (n - 1) // 2\n    s = 0\n",
		"    return s\n", "    os._exit(0)\n").Replace(before),
}

var want = map[string]string{
	"slower":      table.StatusOK,
	"wrong":       table.StatusWrongOutput,
	"syntax":      table.StatusBuildError,
	"crash":       table.StatusRuntimeError,
	"hang":        table.StatusTimeout,
	"same_as_old": table.StatusOK,
	"escape":      table.StatusRuntimeError,
	"network":     table.StatusRuntimeError,
	"fork_bomb":   table.StatusTimeout,
	"memory_hog":  table.StatusOOM,
	"flood":       table.StatusRuntimeError,
	"bad_stderr":  table.StatusRuntimeError,
	"bad_digest":  table.StatusWrongOutput,
	"memo":        table.StatusOK,
	"unwaited":    table.StatusRuntimeError,
}

func TestStatusesOfGeneratedCode(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name+".parquet") }
	must(t, table.WriteFile(path("commits"), []table.Commit{{TaskID: "t1", Language: "python", Symbol: "total",
		Category: "inefficient_algorithm", CodeBefore: before, CodeAfter: after}}))
	must(t, table.WriteFile(path("executables"), []table.Executable{{TaskID: "t1", Language: "python",
		Harness: harness, Entry: "total", Scale: 300000, ReviewStatus: table.ReviewApproved}}))
	// A fork bomb only where the sandbox bounds processes.
	sb, err := sandbox.New(context.Background(), filepath.Join(dir, "cache", "sandbox"))
	must(t, err)
	probe, err := sb.Probe(context.Background())
	iso := probe.Isolation
	must(t, err)
	var gens []table.Generation
	for name, code := range generated {
		if !contained(name, iso) {
			t.Logf("no %s here: %s", name, iso)
			continue
		}
		gens = append(gens, table.Generation{TaskID: "t1", Model: name, Describer: name, Round: 1, Code: code})
	}
	must(t, table.WriteFile(path("generations"), gens))

	profile := measure.Profile{MinTime: 100 * time.Millisecond, Repeats: 3, MaxIterations: 1 << 20,
		Timeout: 20 * time.Second, TimeoutFactor: 5}
	err = Run(context.Background(), Options{Commits: path("commits"), Executables: path("executables"),
		Generations: path("generations"), Out: path("measurements"), Settings: measure.Settings{Profile: profile, CacheDir: filepath.Join(dir, "cache"), CPU: -1}})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Measurement](path("measurements"))
	if err != nil {
		t.Fatal(err)
	}

	byID := map[string][]table.Measurement{}
	for _, r := range rows {
		byID[r.VariantID] = append(byID[r.VariantID], r)
	}
	for name, code := range generated {
		runs := byID[measure.VariantID(code)]
		if !contained(name, iso) {
			continue
		}
		if len(runs) == 0 {
			t.Errorf("%s: no runs recorded", name)
			continue
		}
		for _, r := range runs {
			if r.Status != want[name] {
				t.Errorf("%s: status %s, want %s (stderr %q)", name, r.Status, want[name], r.Stderr)
			}
		}
		if want[name] == table.StatusOK && len(runs) != profile.Repeats {
			t.Errorf("%s: %d runs, want %d repeats", name, len(runs), profile.Repeats)
		}
		if want[name] != table.StatusOK && len(runs) != 1 {
			t.Errorf("%s: %d runs, want a failure recorded once", name, len(runs))
		}
	}
	// The copy of code before is measured once, as code before.
	for _, r := range byID[measure.VariantID(before)] {
		if r.Variant != table.VariantBefore {
			t.Errorf("code before's copy measured as %s, want before", r.Variant)
		}
	}
	// Same iterations for every variant, and the slower answer measures slower.
	med := func(id string) time.Duration {
		var d []time.Duration
		for _, r := range byID[id] {
			if r.Iterations != byID[measure.VariantID(before)][0].Iterations {
				t.Errorf("variant %s ran %d iterations, code before %d", id, r.Iterations, byID[measure.VariantID(before)][0].Iterations)
			}
			d = append(d, time.Duration(r.UserNS+r.SysNS))
		}
		return measure.Median(d)
	}
	if slow, fast := med(measure.VariantID(generated["slower"])), med(measure.VariantID(after)); slow <= fast {
		t.Errorf("slower answer took %v, code after %v: want slower", slow, fast)
	}
	// Remembering gets no credit: the memoising copy of code before
	// costs what code before does (within the noise of three runs), where
	// on one input called again and again it would cost one call of its
	// iterations.
	memo, old := med(measure.VariantID(generated["memo"])), med(measure.VariantID(before))
	t.Logf("memoising code before: %v, code before %v", memo, old)
	if memo < old/2 {
		t.Errorf("memoising code before took %v, code before %v: want no faster", memo, old)
	}
	if r := byID[measure.VariantID(generated["unwaited"])]; len(r) > 0 && !strings.Contains(r[0].Stderr, "never waited for") {
		t.Errorf("unwaited: stderr %q, want the child named", r[0].Stderr)
	}
	for _, r := range rows {
		if r.Host == "" || r.Counters == "" || r.StartedAt.IsZero() || r.Meter == "" {
			t.Fatalf("row lacks host facts: %+v", r)
		}
		if r.Status != table.StatusBuildError && r.Sandbox == "" {
			t.Errorf("a %s run does not say how it was sandboxed", r.Status)
		}
		if r.Status == table.StatusOK && (r.MeanRSSBytes <= 0 || r.MeanRSSBytes > r.MaxRSSBytes) {
			t.Errorf("mean RSS %d, peak %d: want 0 < mean <= peak", r.MeanRSSBytes, r.MaxRSSBytes)
		}
	}
	// Every text column reads in DuckDB, every row of it, and the bad
	// programs' text is kept as far as it was valid.
	db, err := duck.Open(context.Background(), dir)
	must(t, err)
	defer db.Close()
	if all, err := db.Query(context.Background(), "SELECT * FROM measurements"); err != nil {
		t.Errorf("SELECT * over the measurements: %v", err)
	} else if all.Total != len(rows) {
		t.Errorf("SELECT * over the measurements: %d rows of %d", all.Total, len(rows))
	}
	if s := byID[measure.VariantID(generated["bad_stderr"])][0].Stderr; !utf8.ValidString(s) || !strings.HasPrefix(s, "xéé") {
		t.Errorf("bad_stderr: stderr %q, want valid text keeping what was valid", s)
	}
	if d := byID[measure.VariantID(generated["bad_digest"])][0].OutputDigest; !utf8.ValidString(d) || strings.ContainsRune(d, 0) {
		t.Errorf("bad_digest: digest %q, want valid text without NUL", d)
	}
	if _, err := os.Stat("/var/tmp/perfcon-escape-test"); err == nil {
		os.Remove("/var/tmp/perfcon-escape-test")
		t.Error("generated code wrote outside its work directory")
	}
	if strings.Contains(byID[measure.VariantID(generated["flood"])][0].Stderr, "stdout exceeded") == false {
		t.Errorf("flood: stderr %q, want the output cap named", byID[measure.VariantID(generated["flood"])][0].Stderr)
	}
	t.Logf("isolation: %s", byID[measure.VariantID(before)][0].Sandbox)
}

// contained says whether the sandbox here holds the hostile answer name:
// each is tried only where it is (isolation as Probe says it).
func contained(name, iso string) bool {
	isolated := strings.SplitN(iso, " isolated", 2)[0]
	switch name {
	case "fork_bomb":
		return sandbox.Contains(iso)
	case "escape":
		return strings.Contains(isolated, "fs")
	case "network":
		return strings.Contains(isolated, "net")
	}
	return true
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A task whose code before cannot reach the minimum time within the
// iteration bound is that task's problem: the stage goes on.
func TestCalibrationLimitSkipsTask(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name+".parquet") }
	must(t, table.WriteFile(path("commits"), []table.Commit{{TaskID: "t1", Language: "python", Symbol: "total",
		CodeBefore: before, CodeAfter: after}}))
	must(t, table.WriteFile(path("executables"), []table.Executable{{TaskID: "t1", Language: "python",
		Harness: harness, Scale: 10, ReviewStatus: table.ReviewApproved}}))
	profile := measure.Profile{MinTime: time.Hour, Repeats: 3, MaxIterations: 2, Timeout: 20 * time.Second, TimeoutFactor: 5}
	err := Run(context.Background(), Options{Commits: path("commits"), Executables: path("executables"),
		Out: path("measurements"), Settings: measure.Settings{Profile: profile, CacheDir: filepath.Join(dir, "cache"), CPU: -1}})
	if err != nil {
		t.Fatalf("the stage failed on one task's calibration: %v", err)
	}
	rows, err := table.ReadFile[table.Measurement](path("measurements"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 0 {
		t.Errorf("%d rows for a task that was never calibrated, want none", len(rows))
	}
}

// A task that failed validation is not measured, and the stage says why.
func TestFailedValidationSkipsTask(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name+".parquet") }
	var commits []table.Commit
	var execs []table.Executable
	for _, id := range []string{"ok", "bad"} {
		commits = append(commits, table.Commit{TaskID: id, Language: "python", Symbol: "total", CodeBefore: before, CodeAfter: after})
		e := table.Executable{TaskID: id, Language: "python", Harness: harness, Scale: 100000,
			ReviewStatus: table.ReviewApproved, Validation: table.ValidationPassed}
		if id == "bad" {
			e.Validation, e.ValidationReason = table.ValidationFailed, "digests differ"
		}
		execs = append(execs, e)
	}
	must(t, table.WriteFile(path("commits"), commits))
	must(t, table.WriteFile(path("executables"), execs))
	var log strings.Builder
	profile := measure.Profile{MinTime: 50 * time.Millisecond, Repeats: 3, MaxIterations: 1 << 20, Timeout: 20 * time.Second, TimeoutFactor: 5}
	must(t, Run(context.Background(), Options{Commits: path("commits"), Executables: path("executables"),
		Out: path("measurements"), Log: &log, Settings: measure.Settings{Profile: profile, CacheDir: filepath.Join(dir, "cache"), CPU: -1}}))
	rows, err := table.ReadFile[table.Measurement](path("measurements"))
	must(t, err)
	tasks := map[string]int{}
	for _, r := range rows {
		tasks[r.TaskID]++
	}
	if tasks["ok"] == 0 || tasks["bad"] != 0 {
		t.Errorf("rows per task %v; want the passed task measured and the failed one not", tasks)
	}
	if !strings.Contains(log.String(), "bad: skipped, failed validation: digests differ") {
		t.Errorf("log does not say why the task was skipped:\n%s", log.String())
	}
}

// With the cachegrind meter every variant runs once, with its instruction
// count, and the faster code counts fewer.
func TestCachegrindMeter(t *testing.T) {
	if _, err := exec.LookPath("valgrind"); err != nil {
		t.Skip("no valgrind")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name+".parquet") }
	writeTasks(t, dir, 100000, "t1")
	profile := measure.Profile{MinTime: 20 * time.Millisecond, Repeats: 3, MaxIterations: 1 << 20,
		Timeout: 20 * time.Second, TimeoutFactor: 5}
	must(t, Run(context.Background(), Options{Commits: path("commits"), Executables: path("executables"),
		Out:   path("measurements"),
		Meter: measure.MeterCachegrind, Settings: measure.Settings{Profile: profile, CacheDir: filepath.Join(dir, "cache"), CPU: -1}}))
	rows, err := table.ReadFile[table.Measurement](path("measurements"))
	must(t, err)
	count := map[string]int64{}
	for _, r := range rows {
		if r.Meter != measure.MeterCachegrind || r.Instructions == nil || r.Status != table.StatusOK {
			t.Fatalf("row %+v: want an ok cachegrind run with its count", r)
		}
		count[r.Variant] = *r.Instructions
	}
	if len(rows) != 2 {
		t.Errorf("%d rows, want one run of before and one of after", len(rows))
	}
	if count[table.VariantAfter] >= count[table.VariantBefore] {
		t.Errorf("after counted %d instructions, before %d: want fewer", count[table.VariantAfter], count[table.VariantBefore])
	}
}

// Adaptive repeats: a generation whose cost swings from run to run gets
// rounds up to the bound, each shared with code after; code before, far
// slower, stops once that is certain; all run at the count validation
// chose.
func TestAdaptiveRepeats(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name+".parquet") }
	// Each process does its sum one to five times over.
	noisy := "import random\n_k = random.SystemRandom().choice([1, 2, 3, 4, 5])\ndef total(n):\n" +
		"    s = 0\n    for _ in range(_k):\n        s = sum(range(n))\n    return s\n"
	profile := measure.Profile{Name: "unit", MinTime: 50 * time.Millisecond, Repeats: 5, MaxRepeats: 8, Width: 0.04,
		MaxIterations: 1 << 20, Timeout: 20 * time.Second, TimeoutFactor: 10}
	const validated = 3
	must(t, table.WriteFile(path("commits"), []table.Commit{{TaskID: "t1", Language: "python", Symbol: "total",
		Category: "inefficient_algorithm", CodeBefore: before, CodeAfter: after}}))
	must(t, table.WriteFile(path("executables"), []table.Executable{{TaskID: "t1", Language: "python",
		Harness: harness, Entry: "total", Scale: 100000, ReviewStatus: table.ReviewApproved,
		Validation: table.ValidationPassed, ValidatedIterations: validated, ValidatedProfile: profile.Label()}}))
	must(t, table.WriteFile(path("generations"), []table.Generation{{TaskID: "t1", Model: "m", Describer: "m", Round: 1, Code: noisy}}))
	must(t, Run(context.Background(), Options{Commits: path("commits"), Executables: path("executables"),
		Generations: path("generations"), Out: path("measurements"), Settings: measure.Settings{Profile: profile, CacheDir: filepath.Join(dir, "cache"), CPU: -1}}))
	rows, err := table.ReadFile[table.Measurement](path("measurements"))
	must(t, err)
	runs := map[string]int{}
	// ran[v][round] is variant v's cost in that round, when it ran in it.
	ran := map[string]map[int32]time.Duration{}
	for _, r := range rows {
		runs[r.Variant]++
		if r.Status != table.StatusOK || r.Iterations != validated {
			t.Errorf("%s run: %s at %d iterations, want ok at validation's %d", r.Variant, r.Status, r.Iterations, validated)
		}
		if ran[r.Variant] == nil {
			ran[r.Variant] = map[int32]time.Duration{}
		}
		ran[r.Variant][r.Repeat] = time.Duration(r.UserNS + r.SysNS)
	}
	for _, v := range []string{table.VariantGenerated, table.VariantAfter} {
		if runs[v] != profile.MaxRepeats {
			t.Errorf("runs %v: want the swinging generation and code after at the bound, %d", runs, profile.MaxRepeats)
			break
		}
	}
	// Code before runs in every counted round of the profile's repeats,
	// and in an extra round only while, over the rounds before it, its
	// own median is imprecise and its interval meets code after's.
	upTo := func(v string, round int32) []time.Duration {
		var d []time.Duration
		for r := int32(0); r < round; r++ {
			if c, ok := ran[v][r]; ok {
				d = append(d, c)
			}
		}
		return d
	}
	for round := int32(0); round < int32(profile.MaxRepeats); round++ {
		before, after := upTo(table.VariantBefore, round), upTo(table.VariantAfter, round)
		want := round < int32(profile.Repeats) || (measure.Width(before) > profile.Width && !measure.Apart(before, after))
		if _, got := ran[table.VariantBefore][round]; got != want {
			t.Errorf("round %d: code before ran %v, want %v (its width %.3f over %d runs, apart from code after: %v)",
				round, got, want, measure.Width(before), len(before), measure.Apart(before, after))
		}
	}
	if n := runs[table.VariantBefore]; n < profile.Repeats || n > profile.MaxRepeats {
		t.Errorf("runs %v: code before ran %d times, want %d to %d", runs, n, profile.Repeats, profile.MaxRepeats)
	}
}
