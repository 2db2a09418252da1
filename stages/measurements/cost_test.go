package measurements

import (
	"context"
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

// Every run records the cost kind it was made for and the CPUs it was
// given: a parallelization task's runs get the profile's k CPUs, an
// algorithm task's one, and a task that chose wall time gets k whatever
// its category. Under the cachegrind meter a wall-time task still runs
// natively: valgrind runs a program's threads one at a time.
func TestRunsRecordTheirCost(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	if _, err := exec.LookPath("valgrind"); err != nil {
		t.Skip("no valgrind")
	}
	cpus := measuretest.CPUs(t, 2)
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name+".parquet") }
	tasks := []struct{ id, category, kind, want string }{
		{"algo", "inefficient_algorithm", "", table.CostCPU},
		{"par", "parallelization", "", table.CostWall},
		{"algo-wall", "inefficient_algorithm", table.CostWall, table.CostWall},
	}
	var cs []table.Commit
	var es []table.Executable
	for _, k := range tasks {
		cs = append(cs, table.Commit{TaskID: k.id, Language: "python", Symbol: "total", Category: k.category,
			CodeBefore: before, CodeAfter: after})
		es = append(es, table.Executable{TaskID: k.id, Language: "python", Harness: harness, Entry: "total",
			Scale: 100000, ReviewStatus: table.ReviewApproved, CostKind: k.kind})
	}
	must(t, table.WriteFile(path("commits"), cs))
	must(t, table.WriteFile(path("executables"), es))
	profile := measure.Profile{MinTime: 20 * time.Millisecond, Repeats: 3, MaxIterations: 1 << 20,
		Timeout: 20 * time.Second, TimeoutFactor: 5, CPUs: 2}
	must(t, Run(context.Background(), Options{Commits: path("commits"), Executables: path("executables"),
		Out:   path("measurements"),
		Meter: measure.MeterCachegrind, Settings: measure.Settings{Profile: profile, CacheDir: filepath.Join(dir, "cache"), CPU: cpus[len(cpus)-1]}}))
	rows, err := table.ReadFile[table.Measurement](path("measurements"))
	must(t, err)
	seen := map[string]int{}
	for _, r := range rows {
		seen[r.TaskID]++
		for _, k := range tasks {
			if k.id != r.TaskID {
				continue
			}
			wantCPUs, wantMeter := int32(1), measure.MeterCachegrind
			if k.want == table.CostWall {
				wantCPUs, wantMeter = 2, measure.MeterRusage
			}
			if r.CostKind != k.want || r.CPUs != wantCPUs || r.Meter != wantMeter || r.Status != table.StatusOK {
				t.Errorf("%s %s: cost %q on %d CPUs, meter %s, %s; want %q on %d, meter %s, ok", r.TaskID, r.Variant,
					r.CostKind, r.CPUs, r.Meter, r.Status, k.want, wantCPUs, wantMeter)
			}
		}
	}
	for _, k := range tasks {
		if seen[k.id] == 0 {
			t.Errorf("%s: no runs", k.id)
		}
	}
}

// A wall-time task measured while another thread keeps one of its CPUs
// busy waits for them, then is measured anyway, and the log says the
// machine did not give them; a CPU-time task is not held up by it.
func TestWallTaskWaitsForItsCPUs(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	cpus := measuretest.CPUs(t, 2)
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name+".parquet") }
	var cs []table.Commit
	var es []table.Executable
	for _, id := range []string{"algo", "par"} {
		category := map[string]string{"algo": "inefficient_algorithm", "par": "parallelization"}[id]
		cs = append(cs, table.Commit{TaskID: id, Language: "python", Symbol: "total", Category: category,
			CodeBefore: before, CodeAfter: after})
		es = append(es, table.Executable{TaskID: id, Language: "python", Harness: harness, Entry: "total",
			Scale: 100000, ReviewStatus: table.ReviewApproved})
	}
	must(t, table.WriteFile(path("commits"), cs))
	must(t, table.WriteFile(path("executables"), es))
	cpu := cpus[len(cpus)-1]
	wall, _, err := measure.WallCPUs(cpu, 2)
	must(t, err)
	profile := measure.Profile{MinTime: 20 * time.Millisecond, Repeats: 3, MaxIterations: 1 << 20,
		Timeout: 20 * time.Second, TimeoutFactor: 5, CPUs: 2}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	stop := measuretest.Hog(t, wall[0])
	var log strings.Builder
	err = Run(context.Background(), Options{Commits: path("commits"), Executables: path("executables"),
		Out: path("measurements"), Log: &log, Settings: measure.Settings{Profile: profile, CacheDir: filepath.Join(dir, "cache"), CPU: cpu, CPUWait: time.Second}})
	stop()
	must(t, err)
	said := func(task string) bool {
		for _, l := range strings.Split(log.String(), "\n") {
			if strings.Contains(l, "measure: "+task+": "+measure.NotGiven) {
				return true
			}
		}
		return false
	}
	if !said("par") {
		t.Errorf("with CPU %d taken, the log does not say the wall-time task was not given its CPUs:\n%s", wall[0], log.String())
	}
	if said("algo") {
		t.Errorf("the log says a CPU-time task was not given CPUs:\n%s", log.String())
	}
	rows, err := table.ReadFile[table.Measurement](path("measurements"))
	must(t, err)
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.TaskID] = seen[r.TaskID] || r.Status == table.StatusOK
	}
	if !seen["par"] || !seen["algo"] {
		t.Errorf("tasks with clean runs: %v; want both measured", seen)
	}
}

// With Jobs 2, CPU-time tasks are measured two at a time, each on a CPU
// of its own, and a wall-time task alone, after them: its runs overlap
// no other task's. The table keeps the tasks in order.
func TestMeasureTwoAtOnce(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	cpus := measuretest.CPUs(t, 2)
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name+".parquet") }
	var cs []table.Commit
	var es []table.Executable
	for _, id := range []string{"a-cpu", "b-cpu", "c-wall", "d-cpu", "e-cpu"} {
		category := "inefficient_algorithm"
		if id == "c-wall" {
			category = "parallelization"
		}
		cs = append(cs, table.Commit{TaskID: id, Language: "python", Symbol: "total", Category: category,
			CodeBefore: before, CodeAfter: after})
		es = append(es, table.Executable{TaskID: id, Language: "python", Harness: harness, Entry: "total",
			Scale: 100000, ReviewStatus: table.ReviewApproved})
	}
	must(t, table.WriteFile(path("commits"), cs))
	must(t, table.WriteFile(path("executables"), es))
	profile := measure.Profile{MinTime: 50 * time.Millisecond, Repeats: 5, MaxIterations: 1 << 20,
		Timeout: 20 * time.Second, TimeoutFactor: 20, CPUs: 2}
	must(t, Run(context.Background(), Options{Commits: path("commits"), Executables: path("executables"),
		Out: path("measurements"), Jobs: 2, Settings: measure.Settings{Profile: profile, CacheDir: filepath.Join(dir, "cache"), CPU: cpus[len(cpus)-1]}}))
	rows, err := table.ReadFile[table.Measurement](path("measurements"))
	must(t, err)
	type span struct{ from, to time.Time }
	spans := map[string]span{}
	var order []string
	for _, r := range rows {
		if r.Status != table.StatusOK {
			t.Errorf("%s %s: %s", r.TaskID, r.Variant, r.Status)
		}
		if len(order) == 0 || order[len(order)-1] != r.TaskID {
			order = append(order, r.TaskID)
		}
		s, ok := spans[r.TaskID]
		end := r.StartedAt.Add(time.Duration(r.WallNS))
		if !ok || r.StartedAt.Before(s.from) {
			s.from = r.StartedAt
		}
		if end.After(s.to) {
			s.to = end
		}
		spans[r.TaskID] = s
	}
	if strings.Join(order, " ") != "a-cpu b-cpu c-wall d-cpu e-cpu" {
		t.Errorf("tasks in the table: %v, want them in order, each whole", order)
	}
	wall := spans["c-wall"]
	overlapped := false
	for id, s := range spans {
		if id == "c-wall" {
			continue
		}
		if s.from.Before(wall.to) && wall.from.Before(s.to) {
			t.Errorf("%s's runs (%v to %v) overlap the wall-time task's (%v to %v)", id, s.from, s.to, wall.from, wall.to)
		}
		for other, o := range spans {
			if other != id && other != "c-wall" && s.from.Before(o.to) && o.from.Before(s.to) {
				overlapped = true
			}
		}
	}
	if !overlapped {
		t.Errorf("no two CPU-time tasks were measured at once: %v", spans)
	}
}
