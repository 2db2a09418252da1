package executables

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/measure/measuretest"
	"github.com/perfcon/perfcon/internal/table"
)

const (
	loop      = "def total(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n"
	closed    = "def total(n):\n    return n * (n - 1) // 2\n"
	twoLoops  = "def total(n):\n    s = 0\n    for i in range(n):\n        s += i\n    for i in range(n):\n        s += 0\n    return s\n"
	offByOne  = "def total(n):\n    return n * (n + 1) // 2\n"
	badSyntax = "def total(n)\n    return 0\n"
	harness   = "import sys\nfrom solution import total\nn, scale, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])\nr = 0\nfor i in range(n):\n    x = scale + seed + i\n    r = (r * 31 + (x if sys.argv[4:] else total(x))) % (1 << 61)\nprint(r)\n"
)

// A task set with one sound task and one broken on purpose per check.
var tasks = []struct {
	id, before, after, harness string
	want                       string // validation_reason contains this; empty: passes
}{
	{"good", loop, closed, harness, ""},
	{"wrong-digest", loop, offByOne, harness, "digests differ"},
	{"after-slower", loop, twoLoops, harness, "not significantly faster"},
	{"harness-crashes", loop, closed, "import sys\nfrom solution import total\nraise RuntimeError('harness broke')\n",
		"RuntimeError: harness broke"},
	{"after-no-build", loop, badSyntax, harness, "code after does not build"},
	{"scale-ignored", loop, closed, strings.Replace(harness, "x = scale +", "x = 50 +", 1), "does the harness use its scale"},
	{"no-digest", loop, closed, strings.Replace(harness, "print(r)", "pass", 1), "prints no digest"},
	// Harnesses that would let a variant that remembers read fast: the
	// same input every iteration, only the last result in the digest, and
	// inputs that cost as much as the work itself.
	{"same-input", loop, closed, strings.Replace(harness, "x = scale + seed + i", "x = scale", 1), "does not change with SEED"},
	{"last-only", loop, closed, strings.Replace(harness, "r = (r * 31 + (x if sys.argv[4:] else total(x))) % (1 << 61)", "r = x if sys.argv[4:] else total(x)", 1),
		"hashes only the last result"},
	{"costly-inputs", loop, closed, strings.Replace(harness, "x = scale + seed + i\n", "x = scale + seed + i + sum(range(4 * scale)) * 0\n", 1),
		"making one iteration's input costs"},
}

// testProfile's scale time is well above the few milliseconds by which
// an interpreter's start-up varies on a busy machine, so a harness that
// ignores its scale is told from one that uses it.
var testProfile = measure.Profile{Name: "unit", MinTime: 40 * time.Millisecond, Repeats: 5, MaxIterations: 1 << 20,
	Timeout: 20 * time.Second, TimeoutFactor: 20, ScaleTime: 30 * time.Millisecond,
	Walls: measure.Walls{Time: 5 * time.Second, Memory: 1 << 30}}

const declared = 10000

func writeTaskSet(t *testing.T, dir string) (commits, execs string) {
	t.Helper()
	var cs []table.Commit
	var es []table.Executable
	for _, task := range tasks {
		cs = append(cs, table.Commit{TaskID: task.id, Language: "python", Symbol: "total",
			Category: "inefficient_algorithm", CodeBefore: task.before, CodeAfter: task.after})
		es = append(es, table.Executable{TaskID: task.id, Language: "python", Harness: task.harness, Entry: "total",
			Scale: declared, DeclaredScale: declared, ReviewStatus: table.ReviewApproved, Validation: table.ValidationNotRun})
	}
	commits, execs = filepath.Join(dir, "commits.parquet"), filepath.Join(dir, "executables.parquet")
	if err := table.WriteFile(commits, cs); err != nil {
		t.Fatal(err)
	}
	if err := table.WriteFile(execs, es); err != nil {
		t.Fatal(err)
	}
	return commits, execs
}

func TestValidate(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	commits, execs := writeTaskSet(t, dir)
	var log strings.Builder
	opts := ValidateOptions{Commits: commits, Executables: execs, Out: execs, Alpha: 0.05, Log: &log,
		Settings: measure.Settings{Profile: testProfile, CacheDir: filepath.Join(dir, "cache"), CPU: -1}}
	checkValidation(t, opts, execs)
	if t.Failed() {
		t.Log(log.String())
	}
}

// Two CPU-time tasks at a time, each pinned to a CPU of its own, reach
// the same verdicts, and the table keeps its order.
func TestValidateTwoAtOnce(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	cpus := measuretest.CPUs(t, 2)
	dir := t.TempDir()
	commits, execs := writeTaskSet(t, dir)
	var log strings.Builder
	opts := ValidateOptions{Commits: commits, Executables: execs, Out: execs, Alpha: 0.05, Jobs: 2, Log: &log,
		Settings: measure.Settings{Profile: testProfile, CacheDir: filepath.Join(dir, "cache"), CPU: cpus[len(cpus)-1]}}
	checkValidation(t, opts, execs)
	if t.Failed() {
		t.Log(log.String())
	}
}

func checkValidation(t *testing.T, opts ValidateOptions, execs string) {
	t.Helper()
	sum, err := Validate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Executable](execs)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(tasks) || sum.Checked != len(tasks) {
		t.Fatalf("%d rows, %d checked; want all %d tasks kept", len(rows), sum.Checked, len(tasks))
	}
	if sum.Passed != 1 || len(sum.Failures) != len(tasks)-1 {
		t.Errorf("summary %d passed, failures %q; want 1 passed", sum.Passed, sum.Failures)
	}
	for i, task := range tasks {
		r := rows[i]
		if r.TaskID != task.id {
			t.Fatalf("row %d is %s, want %s: order changed", i, r.TaskID, task.id)
		}
		if r.ValidatedAt == nil || r.ValidatedAt.IsZero() || r.ValidatedProfile != "unit" || r.DeclaredScale != declared {
			t.Errorf("%s: validated_at %v, profile %q, declared scale %d", task.id, r.ValidatedAt, r.ValidatedProfile, r.DeclaredScale)
		}
		if task.want != "" {
			if r.Validation != table.ValidationFailed || !strings.Contains(r.ValidationReason, task.want) {
				t.Errorf("%s: %s %q; want failed, with %q", task.id, r.Validation, r.ValidationReason, task.want)
			}
			continue
		}
		if r.Validation != table.ValidationPassed || r.ValidationReason != "" {
			t.Errorf("%s: %s %q; want passed", task.id, r.Validation, r.ValidationReason)
		}
		if r.Scale <= declared {
			t.Errorf("%s: scale %d; want it doubled past %d, where one call costs under %v", task.id, r.Scale, declared, testProfile.ScaleTime)
		}
		if r.ValidatedSpeedup <= 1 || r.ValidatedP >= 0.05 || r.ValidatedIterations < 2 {
			t.Errorf("%s: speedup %.2f, p %.3f, iterations %d; want faster, significant, at least 2", task.id,
				r.ValidatedSpeedup, r.ValidatedP, r.ValidatedIterations)
		}
		if r.BeforeDigest == "" || r.BeforeDigest != r.AfterDigest {
			t.Errorf("%s: digests %q and %q; want equal", task.id, r.BeforeDigest, r.AfterDigest)
		}
	}
	// The wrong answer's digests are both kept, for the analyst.
	if r := rows[1]; r.BeforeDigest == "" || r.AfterDigest == "" || r.BeforeDigest == r.AfterDigest {
		t.Errorf("wrong-digest: digests %q, %q; want both, different", r.BeforeDigest, r.AfterDigest)
	}
}

// --task revalidates the named tasks and copies every other row as it was.
func TestValidateSomeTasks(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	commits, execs := writeTaskSet(t, dir)
	out := filepath.Join(dir, "validated.parquet")
	opts := ValidateOptions{Commits: commits, Executables: execs, Out: out, Alpha: 0.05, Tasks: []string{"wrong-digest"}, Settings: measure.Settings{Profile: testProfile, CacheDir: filepath.Join(dir, "cache"), CPU: -1}}
	sum, err := Validate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Executable](out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Checked != 1 || len(rows) != len(tasks) {
		t.Fatalf("checked %d, %d rows; want 1 checked and all %d rows", sum.Checked, len(rows), len(tasks))
	}
	for _, r := range rows {
		want := table.ValidationNotRun
		if r.TaskID == "wrong-digest" {
			want = table.ValidationFailed
		}
		if r.Validation != want {
			t.Errorf("%s: %s, want %s", r.TaskID, r.Validation, want)
		}
	}

	opts.Tasks = []string{"no-such-task"}
	if _, err := Validate(context.Background(), opts); err == nil || !strings.Contains(err.Error(), "no-such-task") {
		t.Errorf("unknown task: error %v; want one naming it", err)
	}
}

func TestValidateRefusesTooFewRepeats(t *testing.T) {
	p := testProfile
	p.Repeats = 2
	_, err := Validate(context.Background(), ValidateOptions{Alpha: 0.05, Settings: measure.Settings{Profile: p}})
	if err == nil || !strings.Contains(err.Error(), "repeats") {
		t.Errorf("2 repeats: error %v; want one saying they cannot show a difference", err)
	}
}

func TestMinUTestP(t *testing.T) {
	for n, want := range map[int]float64{1: 1, 3: 0.1, 4: 2.0 / 70, 5: 2.0 / 252} {
		if got := minUTestP(n); got < want*0.999 || got > want*1.001 {
			t.Errorf("minUTestP(%d) = %v, want %v", n, got, want)
		}
	}
}
