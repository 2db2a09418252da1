package executables

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/measure/measuretest"
	"github.com/perfcon/perfcon/internal/table"
)

// forked does total's work in two halves, the second in a forked child,
// when the process may run on two CPUs or more: the same CPU time as the
// loop, about half its wall time.
const forked = `import os

def part(lo, hi):
    s = 0
    for i in range(lo, hi):
        s += i
    return s

def total(n):
    if len(os.sched_getaffinity(0)) < 2:
        return part(0, n)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        os.write(w, str(part(n // 2, n)).encode())
        os._exit(0)
    os.close(w)
    s = part(0, n // 2)
    data = b""
    while True:
        chunk = os.read(r, 64)
        if not chunk:
            break
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    return s + int(data)
`

// A parallelization task is validated in wall time on k CPUs by default,
// where a fix that only adds parallelism is faster; the same task that
// chose CPU time is validated in it, where it is not faster at all; and a
// task of another category can choose wall time. Each row records its
// kind and its reason names it. Whether wall time sees the parallelism
// depends on the other CPU being free (other packages' tests share it),
// so that relation is measure's TestWallCostSeesParallelism, which looks
// for it more than once.
func TestValidateCostKind(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	cpus := measuretest.CPUs(t, 2)
	dir := t.TempDir()
	var cs []table.Commit
	var es []table.Executable
	for _, id := range []string{"par-default", "par-cpu", "algo-wall"} {
		category, kind := "parallelization", ""
		switch id {
		case "par-cpu":
			kind = table.CostCPU
		case "algo-wall":
			category, kind = "inefficient_algorithm", table.CostWall
		}
		cs = append(cs, table.Commit{TaskID: id, Language: "python", Symbol: "total", Category: category,
			CodeBefore: loop, CodeAfter: forked})
		es = append(es, table.Executable{TaskID: id, Language: "python", Harness: harness, Entry: "total",
			Scale: declared, DeclaredScale: declared, ReviewStatus: table.ReviewApproved, Validation: table.ValidationNotRun,
			CostKind: kind})
	}
	commits, execs := filepath.Join(dir, "commits.parquet"), filepath.Join(dir, "executables.parquet")
	if err := table.WriteFile(commits, cs); err != nil {
		t.Fatal(err)
	}
	if err := table.WriteFile(execs, es); err != nil {
		t.Fatal(err)
	}
	p := testProfile
	p.CPUs = 2
	if _, err := Validate(context.Background(), ValidateOptions{Commits: commits, Executables: execs, Out: execs, Alpha: 0.05, Settings: measure.Settings{Profile: p, CacheDir: filepath.Join(dir, "cache"), CPU: cpus[len(cpus)-1]}}); err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Executable](execs)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"par-default": table.CostWall, "par-cpu": table.CostCPU, "algo-wall": table.CostWall}
	for _, r := range rows {
		if r.CostKind != want[r.TaskID] {
			t.Errorf("%s: cost %q, want %q", r.TaskID, r.CostKind, want[r.TaskID])
		}
		said := "median CPU"
		if want[r.TaskID] == table.CostWall {
			said = "median wall time on 2 CPUs"
		}
		if r.Validation == table.ValidationFailed && !strings.Contains(r.ValidationReason, said) {
			t.Errorf("%s: reason %q; want it to say the test was on %s", r.TaskID, r.ValidationReason, said)
		}
	}
	if r := rows[1]; r.Validation != table.ValidationFailed || !strings.Contains(r.ValidationReason, "not significantly faster") {
		t.Errorf("par-cpu: %s %q; want failed: the same CPU time is no speedup", r.Validation, r.ValidationReason)
	}
}

// A task folder's cost overrides its category's default; any other
// value is refused with the choices.
func TestTaskCostOverride(t *testing.T) {
	dir := t.TempDir()
	write := func(id, toml string) {
		t.Helper()
		d := filepath.Join(dir, id)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		files := map[string]string{"task.toml": toml, "message.txt": "speed up total\n", "before.py": loop,
			"after.py": closed, "harness.py": harness}
		for name, text := range files {
			if err := os.WriteFile(filepath.Join(d, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	const head = "language = \"python\"\nsymbol = \"total\"\nscale = 100\n"
	write("par-default", head+"category = \"parallelization\"\n")
	write("par-cpu", head+"category = \"parallelization\"\ncost = \"cpu\"\n")
	write("io-wall", head+"category = \"inefficient_io\"\ncost = \"wall\"\n")
	write("io-default", head+"category = \"inefficient_io\"\n")
	out := filepath.Join(t.TempDir(), "executables.parquet")
	if err := Run(context.Background(), Options{Dataset: dir, Out: out}); err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Executable](out)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"par-default": "wall", "par-cpu": "cpu", "io-wall": "wall", "io-default": "cpu"}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for _, r := range rows {
		if r.CostKind != want[r.TaskID] {
			t.Errorf("%s: cost_kind %q, want %q", r.TaskID, r.CostKind, want[r.TaskID])
		}
	}

	write("bad", head+"category = \"parallelization\"\ncost = \"elapsed\"\n")
	err = Run(context.Background(), Options{Dataset: dir, Out: out})
	if err == nil || !strings.Contains(err.Error(), `cost "elapsed" is not one of cpu, wall`) {
		t.Errorf("cost = \"elapsed\": error %v; want one naming the choices", err)
	}
}

// A wall-time task whose fix is parallelism alone, validated while
// another thread keeps one of its two CPUs busy, is not faster; the
// verdict says the machine did not give the runs their CPUs, so that it
// is not taken for a fix that is no fix.
func TestValidateSaysWhenCPUsAreTaken(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	cpus := measuretest.CPUs(t, 2)
	dir := t.TempDir()
	commits, execs := filepath.Join(dir, "commits.parquet"), filepath.Join(dir, "executables.parquet")
	if err := table.WriteFile(commits, []table.Commit{{TaskID: "par", Language: "python", Symbol: "total",
		Category: "parallelization", CodeBefore: loop, CodeAfter: forked}}); err != nil {
		t.Fatal(err)
	}
	if err := table.WriteFile(execs, []table.Executable{{TaskID: "par", Language: "python", Harness: harness, Entry: "total",
		Scale: declared, DeclaredScale: declared, ReviewStatus: table.ReviewApproved, Validation: table.ValidationNotRun}}); err != nil {
		t.Fatal(err)
	}
	cpu := cpus[len(cpus)-1]
	wall, _, err := measure.WallCPUs(cpu, 2)
	if err != nil {
		t.Fatal(err)
	}
	// Three threads keep the CPU busy, so that the kernel moves the
	// task's processes off it rather than share it: with one, code after
	// still gains a little from the CPU's share it gets.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(6))
	var stops []func()
	for range 3 {
		stops = append(stops, measuretest.Hog(t, wall[0]))
	}
	stop := func() {
		for _, f := range stops {
			f()
		}
	}
	p := testProfile
	p.CPUs = 2
	var log strings.Builder
	_, err = Validate(context.Background(), ValidateOptions{Commits: commits, Executables: execs, Out: execs, Alpha: 0.05, Log: &log, Settings: measure.Settings{Profile: p, CacheDir: filepath.Join(dir, "cache"), CPU: cpu, CPUWait: time.Second}})
	stop()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Executable](execs)
	if err != nil {
		t.Fatal(err)
	}
	if r := rows[0]; r.Validation != table.ValidationFailed || !strings.Contains(r.ValidationReason, measure.NotGiven) {
		t.Errorf("with CPU %d taken: %s %q; want failed, saying the machine did not give the CPUs\n%s",
			wall[0], r.Validation, r.ValidationReason, log.String())
	}
}

// A harness written by hand may choose its task's cost kind in
// harness.toml: the draft and the executable keep it, the scaffold says
// the category's default, and a kind that is neither is refused.
func TestHandHarnessChoosesCost(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	commitsPath := filepath.Join(dir, "commits.parquet")
	if err := table.WriteFile(commitsPath, []table.Commit{{TaskID: "hand-sum", Source: table.SourceMined, Language: "python",
		Category: "inefficient_algorithm", CommitMessage: "Sum in closed form", FilePath: "sum.py", Symbol: "total",
		CodeBefore: cutLoop, CodeAfter: cutClosed}}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "harnesses")
	if err := Scaffold(ScaffoldOptions{Commits: commitsPath, Tasks: []string{"hand-sum"}, Out: out}); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(out, "hand-sum")
	meta, err := os.ReadFile(filepath.Join(folder, handFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(meta), "(inefficient_algorithm: cpu)") {
		t.Errorf("harness.toml does not say the category's cost kind:\n%s", meta)
	}
	for name, body := range map[string]string{"prelude.py": stub, "harness.py": goodHarn,
		handFile: string(meta) + "cost = \"wall\"\n"} {
		if err := os.WriteFile(filepath.Join(folder, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := DraftOptions{Commits: commitsPath, Executables: filepath.Join(dir, "executables.parquet"),
		Drafts: filepath.Join(dir, "drafts.parquet"), Reviews: filepath.Join(dir, "reviews.parquet"),
		Validate: ValidateOptions{Alpha: 0.05, Settings: measure.Settings{Profile: draftProfile, CacheDir: filepath.Join(dir, "builds"), CPU: -1}}}
	if _, err := DraftByHand(context.Background(), opts, []string{out}); err != nil {
		t.Fatal(err)
	}
	drafts, err := table.ReadFile[table.Draft](opts.Drafts)
	if err != nil {
		t.Fatal(err)
	}
	execs, err := table.ReadFile[table.Executable](opts.Executables)
	if err != nil {
		t.Fatal(err)
	}
	if len(drafts) != 1 || drafts[0].CostKind != table.CostWall || len(execs) != 1 || execs[0].CostKind != table.CostWall {
		t.Errorf("cost = \"wall\" by hand: drafts %+v, executables %+v; want both wall", drafts, execs)
	}

	if err := os.WriteFile(filepath.Join(folder, handFile), []byte(string(meta)+"cost = \"elapsed\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := DraftByHand(context.Background(), opts, []string{out}); err == nil || !strings.Contains(err.Error(), `cost "elapsed" is not one of cpu, wall`) {
		t.Errorf("cost = \"elapsed\": %v; want the choices named", err)
	}
}

// A wall-time task whose code after is code before fails, on a machine
// that gives its CPUs or not, and its reason says what a probe of them
// found: its two speed tests, at half the level each, are not a second
// chance for a task with no fix.
func TestValidateWallNoFixStandsWithProbe(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	cpus := measuretest.CPUs(t, 2)
	dir := t.TempDir()
	commits, execs := filepath.Join(dir, "commits.parquet"), filepath.Join(dir, "executables.parquet")
	if err := table.WriteFile(commits, []table.Commit{{TaskID: "same", Language: "python", Symbol: "total",
		Category: "parallelization", CodeBefore: loop, CodeAfter: loop}}); err != nil {
		t.Fatal(err)
	}
	if err := table.WriteFile(execs, []table.Executable{{TaskID: "same", Language: "python", Harness: harness, Entry: "total",
		Scale: declared, DeclaredScale: declared, ReviewStatus: table.ReviewApproved, Validation: table.ValidationNotRun}}); err != nil {
		t.Fatal(err)
	}
	p := testProfile
	p.CPUs = 2
	// At a level of 0.001 the same code passes by chance once in a
	// thousand runs or fewer.
	if _, err := Validate(context.Background(), ValidateOptions{Commits: commits, Executables: execs, Out: execs, Alpha: 0.001, Settings: measure.Settings{Profile: p, CacheDir: filepath.Join(dir, "cache"), CPU: cpus[len(cpus)-1], CPUWait: time.Second}}); err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Executable](execs)
	if err != nil {
		t.Fatal(err)
	}
	r := rows[0]
	if r.Validation != table.ValidationFailed || !strings.Contains(r.ValidationReason, "not significantly faster") {
		t.Fatalf("no fix: %s %q; want failed, not faster", r.Validation, r.ValidationReason)
	}
	if !strings.Contains(r.ValidationReason, "probe right after") && !strings.Contains(r.ValidationReason, measure.NotGiven) {
		t.Errorf("no fix: reason %q; want it to give what a probe of the CPUs found", r.ValidationReason)
	}
}
