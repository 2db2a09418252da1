package measurements

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/par"
	"github.com/perfcon/perfcon/internal/shard"
	"github.com/perfcon/perfcon/internal/table"
)

// Options for the stage.
type Options struct {
	Commits     string
	Executables string
	Generations string // optional: without it only before and after run
	// Refinements is optional too: the code of every step of its chains
	// is measured as a generated variant.
	Refinements string
	Out         string
	// Settings are how programs are run: the profile, the build cache,
	// the CPU, the sandbox's requirement and the wait for CPUs.
	measure.Settings
	// Jobs is how many CPU-time tasks are measured at once, each pinned to
	// a CPU of its own (measure.Bench.Split); below 2, or unpinned, one at
	// a time. Wall-time tasks always run alone.
	Jobs int
	// Meter is measure.MeterRusage (default: CPU time, from the kernel)
	// or measure.MeterCachegrind (instruction counts under valgrind: one
	// run a variant, the same on any machine, about 50x slower).
	Meter string
	// Shard, unless whole, measures only that shard of the measurable
	// tasks (see Measurable), writing Out as its part; Merge puts the
	// parts together.
	Shard shard.Spec
	Log   io.Writer
}

// measurable says whether measure measures a task: it has an approved
// executable, in a language perfcon builds, that did not fail validation.
func measurable(e table.Executable, ok bool) bool {
	_, known := lang.Lookup(e.Language)
	return ok && known && e.ReviewStatus == table.ReviewApproved && e.Validation != table.ValidationFailed
}

// Measurable returns the ids of the tasks of the commits table that
// measure measures, sorted: those the shards split among them.
func Measurable(commitsPath, executablesPath string) ([]string, error) {
	commits, err := table.ReadFile[table.Change](commitsPath)
	if err != nil {
		return nil, err
	}
	execs, err := table.ReadFile[table.Executable](executablesPath)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(commits))
	for i, c := range commits {
		ids[i] = c.TaskID
	}
	return measurableIDs(ids, execs), nil
}

// measurableIDs returns those of the commits' task ids that measure
// measures, sorted.
func measurableIDs(commits []string, execs []table.Executable) []string {
	byTask := map[string]table.Executable{}
	for _, e := range execs {
		byTask[e.TaskID] = e
	}
	var ids []string
	for _, id := range commits {
		if e, ok := byTask[id]; measurable(e, ok) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Merge puts the n shards' parts of the measurements table at out
// together into it, after checking that every shard wrote its part and
// no task was measured by two; the parts are removed after.
func Merge(commitsPath, executablesPath, out string, n int) (int, error) {
	ids, err := Measurable(commitsPath, executablesPath)
	if err != nil {
		return 0, err
	}
	return shard.Merge(out, n, ids, false, func(m table.Measurement) string { return m.TaskID })
}

// variant is one program to measure for a task.
type variant struct {
	kind string // table.Variant*
	id   string
	code string
	prog lang.Program
	dead bool // failed once: not run again
}

// Run measures every task that has an approved executable.
func Run(ctx context.Context, opts Options) error {
	commits, execs, generated, err := read(opts)
	if err != nil {
		return err
	}
	opts.Log = par.Writer(opts.Log) // tasks measured at once share it
	bench, err := measure.NewBench(ctx, "measure", opts.Settings, opts.Log)
	if err != nil {
		return err
	}
	m := &measurer{opts: opts, host: measure.ReadHost(), builder: bench.Builder, bench: bench, generated: generated}
	if err := m.buildAll(ctx, commits, execs); err != nil {
		return err
	}
	// Each task's runs are kept in a part of their own as soon as the task
	// is done; a stopped stage, run again, keeps the parts whose inputs
	// are unchanged and measures only the rest.
	parts := opts.Out + ".parts"
	if err := os.MkdirAll(parts, 0o755); err != nil {
		return err
	}
	start := time.Now()
	// Commits without an executable (mined or imported ones before their
	// harness is drafted and approved) are counted, not listed: there may
	// be thousands.
	var todo []int
	for i, c := range commits {
		if _, ok := execs[c.TaskID]; ok {
			todo = append(todo, i)
		}
	}
	noExec := len(commits) - len(todo)
	done := make([]string, len(commits)) // each task's part, in order
	var mu sync.Mutex
	cpu := func(k int) bool {
		c := commits[todo[k]]
		return m.bench.TaskOf(execs[c.TaskID], c.Category).Kind == table.CostCPU
	}
	err = bench.Schedule(ctx, opts.Jobs, len(todo), cpu, func(ctx context.Context, b *measure.Bench, k int) error {
		i := todo[k]
		c := commits[i]
		t := *m // a task's own rows, on its bench
		t.bench, t.rows, t.runs, t.reused = b, nil, 0, 0
		part, err := t.part(ctx, fmt.Sprintf("[%d/%d] %s", i+1, len(commits), c.TaskID), parts, c, execs[c.TaskID])
		mu.Lock()
		defer mu.Unlock()
		m.runs, m.reused = m.runs+t.runs, m.reused+t.reused
		done[i] = part
		return err
	})
	if err != nil {
		return err
	}
	done = slices.DeleteFunc(done, func(p string) bool { return p == "" })
	if noExec > 0 {
		m.logf("measure: %d of %d commits have no executable and are not measured (mined or imported commits get one when a harness is drafted and approved)", noExec, len(commits))
	}
	if err := join(opts.Out, done); err != nil {
		return err
	}
	if err := os.RemoveAll(parts); err != nil {
		return err
	}
	reused := ""
	if m.reused > 0 {
		reused = fmt.Sprintf(" (%d of them code before's, reused from validation's speed test)", m.reused)
	}
	m.logf("measurements: %d runs in %s%s -> %s (meter %s; counters %s)", m.runs,
		time.Since(start).Round(time.Second), reused, opts.Out, m.meter(), m.host.Counters)
	return nil
}

// read reads the stage's tables: the commits to measure (a shard's only,
// sorted by task), the executables by task, and each task's distinct
// generated codes, in first-seen order.
func read(opts Options) ([]table.Commit, map[string]table.Executable, map[string][]string, error) {
	commits, err := table.ReadFile[table.Commit](opts.Commits)
	if err != nil {
		return nil, nil, nil, err
	}
	execs, err := table.ReadFile[table.Executable](opts.Executables)
	if err != nil {
		return nil, nil, nil, err
	}
	generated := map[string][]string{}
	seen := map[string]bool{}
	add := func(task, code string) {
		if code != "" && !seen[task+"\x00"+code] {
			seen[task+"\x00"+code] = true
			generated[task] = append(generated[task], code)
		}
	}
	if opts.Generations != "" {
		gens, err := table.ReadFile[table.Generation](opts.Generations)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, g := range gens {
			add(g.TaskID, g.Code)
		}
	}
	if opts.Refinements != "" {
		steps, err := table.ReadFile[table.Refinement](opts.Refinements)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, nil, nil, err
		}
		for _, r := range steps {
			add(r.TaskID, r.Code)
		}
	}
	byTask := map[string]table.Executable{}
	for _, e := range execs {
		byTask[e.TaskID] = e
	}
	sort.Slice(commits, func(i, j int) bool { return commits[i].TaskID < commits[j].TaskID })
	if !opts.Shard.Whole() {
		// A shard measures its tasks only, and says nothing of the rest.
		ids := make([]string, len(commits))
		for i, c := range commits {
			ids[i] = c.TaskID
		}
		mine := opts.Shard.Set(measurableIDs(ids, execs))
		commits = slices.DeleteFunc(commits, func(c table.Commit) bool { return !mine[c.TaskID] })
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, "measure: shard %s: %d tasks -> %s\n", opts.Shard, len(commits), opts.Out)
		}
	}
	return commits, byTask, generated, nil
}

// buildAll builds every program first, in parallel, while nothing is
// measured.
func (m *measurer) buildAll(ctx context.Context, commits []table.Commit, execs map[string]table.Executable) error {
	var jobs []lang.Job
	for _, c := range commits {
		e, ok := execs[c.TaskID]
		if !measurable(e, ok) {
			continue
		}
		js, err := m.bench.Jobs(ctx, c.Change(), e, append([]string{c.CodeBefore, c.CodeAfter}, m.generated[c.TaskID]...)...)
		if err != nil {
			return err
		}
		jobs = append(jobs, js...)
	}
	m.logf("measure: building %d programs, %d at a time", len(jobs), runtime.NumCPU())
	return m.builder.BuildAll(ctx, jobs, runtime.NumCPU())
}

// part measures a task into its part of the table, or finds the part a
// stopped measure left, and returns its path: empty when the task is not
// measured.
func (m *measurer) part(ctx context.Context, label, parts string, c table.Commit, e table.Executable) (string, error) {
	switch {
	case e.ReviewStatus != table.ReviewApproved:
		m.logf("%s: skipped, executable not approved (%s)", label, e.ReviewStatus)
		return "", nil
	case e.Validation == table.ValidationFailed:
		m.logf("%s: skipped, failed validation: %s", label, e.ValidationReason)
		return "", nil
	}
	gens := m.generated[c.TaskID]
	part := filepath.Join(parts, c.TaskID+"-"+m.key(c, e, gens)+".parquet")
	if rows, err := table.ReadFile[table.Measurement](part); err == nil {
		m.runs += len(rows)
		m.logf("%s: resumed: %d runs kept from a stopped measure", label, len(rows))
		return part, nil
	}
	m.rows = m.rows[:0]
	if err := m.task(ctx, c, e, gens); err != nil {
		return "", fmt.Errorf("task %s: %w", c.TaskID, err)
	}
	if err := ctx.Err(); err != nil {
		return "", err // stopped: the task's runs are not whole
	}
	if err := table.WriteFile(part, m.rows); err != nil {
		return "", err
	}
	m.logf("%s: %s", label, m.last)
	return part, nil
}

// join writes the parts, in order, as the table at out.
func join(out string, parts []string) error {
	w, err := table.Create[table.Measurement](out)
	if err != nil {
		return err
	}
	defer w.Abort()
	for _, part := range parts {
		rows, err := table.ReadFile[table.Measurement](part)
		if err != nil {
			return err
		}
		if err := w.Write(rows...); err != nil {
			return err
		}
	}
	return w.Commit()
}

// partVersion changes when the protocol or the table's columns do: parts
// of a stopped measure made by an older one are not resumed.
const partVersion = "4"

// key names a task's part by everything its runs depend on: the code, the
// harness and scale, the protocol, the cost kind, the CPUs and the host.
func (m *measurer) key(c table.Commit, e table.Executable, gens []string) string {
	h := sha256.New()
	for _, s := range append([]string{partVersion, c.TaskID, c.CodeBefore, c.CodeAfter, e.Language, e.Harness,
		strconv.FormatInt(e.Scale, 10), strconv.FormatInt(e.ValidatedIterations, 10), e.ValidatedProfile, fmt.Sprintf("%+v", m.opts.Profile), strconv.Itoa(m.opts.CPU), m.meter(),
		m.bench.TaskOf(e, c.Category).Kind, fmt.Sprint(m.bench.Wall),
		m.host.Name, m.host.CPU, m.host.Kernel}, gens...) {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func (m *measurer) meter() string { return cmp.Or(m.opts.Meter, measure.MeterRusage) }

type measurer struct {
	opts    Options
	host    measure.Host
	builder *lang.Builder
	bench   *measure.Bench
	// generated are each task's distinct generated codes.
	generated map[string][]string
	rows      []table.Measurement // the current task's
	runs      int
	reused    int    // rows of code before's runs kept by validation
	last      string // summary of the last task, for the log
}

func (m *measurer) logf(format string, args ...any) {
	if m.opts.Log != nil {
		fmt.Fprintf(m.opts.Log, format+"\n", args...)
	}
}

// task measures one task. Only the machine's errors are returned; whatever
// the code does becomes rows.
func (m *measurer) task(ctx context.Context, c table.Commit, e table.Executable, gens []string) error {
	vs := []*variant{
		{kind: table.VariantBefore, code: c.CodeBefore},
		{kind: table.VariantAfter, code: c.CodeAfter},
	}
	for _, g := range gens {
		// A program is measured once per task: a generation identical to
		// code before or after shares its runs through the variant id.
		if g != c.CodeBefore && g != c.CodeAfter {
			vs = append(vs, &variant{kind: table.VariantGenerated, code: g})
		}
	}
	// The task's cost kind decides how its runs are pinned (one CPU, or
	// the profile's k) and what the repeats' precision is judged on.
	// Cachegrind runs a program's threads one at a time, so a wall-time
	// task is always measured natively.
	task := m.bench.TaskOf(e, c.Category)
	meter := m.meter()
	if task.Kind == table.CostWall {
		meter = measure.MeterRusage
	}
	runner := m.bench.For(task.Kind)
	base := table.Measurement{TaskID: c.TaskID, Scale: e.Scale, Meter: meter, Host: m.host.Name,
		HostCPU: m.host.CPU, HostKernel: m.host.Kernel, Counters: m.host.Counters,
		CostKind: task.Kind, CPUs: int32(measure.CPUsOf(runner))}
	if err := m.build(ctx, base, c, e, vs); err != nil || vs[0].dead {
		m.last = "code before does not build"
		return err
	}
	progs := make([]lang.Program, len(vs))
	for i, v := range vs {
		progs[i] = v.prog
	}
	// A wall-time task waits for its CPUs before anything of it runs.
	if par, given, err := m.bench.WaitForCPUs(ctx, runner, c.TaskID); err != nil {
		return err
	} else if !given {
		m.logf("measure: %s: %s; measuring it anyway: its wall-time speedups from parallelism may read low",
			c.TaskID, measure.ShortOfCPUs(par, len(measure.RunCPUs(runner))))
	}
	trial, err := m.bench.Trial(ctx, task, progs...)
	n := trial.Iterations
	var ce *measure.CodeError
	switch {
	case err != nil && !errors.As(err, &ce):
		return err // the machine's: the child could not even start
	case err != nil && ce.Status != table.StatusOK:
		m.last = "code before fails: " + err.Error()
		return m.record(base, vs[0], 0, n, trial.Ref, time.Now())
	case err != nil:
		m.last = "not measured: " + err.Error()
		return nil
	}
	for i, v := range vs {
		trial.Dead[i] = v.dead
	}
	if meter == measure.MeterCachegrind {
		trial.Reused, trial.Costs = nil, nil // counted, as every program is
		return m.count(ctx, base, vs, trial)
	}
	if err := m.rounds(ctx, base, vs, trial); err != nil {
		return err
	}
	m.last = summary(trial, len(vs)-2)
	return nil
}

// rounds records code before's reused runs, then runs the warm-up and the
// counted rounds, each run a row.
func (m *measurer) rounds(ctx context.Context, base table.Measurement, vs []*variant, trial *measure.Trial) error {
	n := trial.Iterations
	// Code before's runs that validation kept here are its rows.
	m.reused += len(trial.Reused)
	for i, run := range trial.Reused {
		if err := m.record(base, vs[0], i, n, run.Result, run.Started); err != nil {
			return err
		}
	}
	// One warm-up each; a variant that fails it is recorded once and
	// dropped, as is one that fails a repeat.
	err := trial.Warm(ctx, func(i int, res measure.Result, started time.Time) error {
		if res.Status != table.StatusOK {
			return m.record(base, vs[i], 0, n, res, started)
		}
		return nil
	})
	if err == nil {
		err = trial.Measure(ctx, m.opts.Profile, func(i, round int, res measure.Result, started time.Time) error {
			return m.record(base, vs[i], round, n, res, started)
		})
	}
	return err
}

// build builds every variant; one that does not build is recorded as such
// and dead.
func (m *measurer) build(ctx context.Context, base table.Measurement, c table.Commit, e table.Executable, vs []*variant) error {
	for _, v := range vs {
		v.id = measure.VariantID(v.code)
		p, err := m.bench.Build(ctx, c.Change(), e, v.code)
		var be *lang.BuildError
		switch {
		case errors.As(err, &be):
			v.dead = true
			if err := m.record(base, v, 0, 0, measure.Result{Status: table.StatusBuildError, Stderr: be.Error()}, time.Now()); err != nil {
				return err
			}
		case err != nil:
			return err
		}
		v.prog = p
	}
	return nil
}

// count is the measurement under cachegrind: counts are the same on every
// run, so one round, no warm-up.
func (m *measurer) count(ctx context.Context, base table.Measurement, vs []*variant, trial *measure.Trial) error {
	trial.Runner.Meter = measure.MeterCachegrind
	trial.Runner.Timeout *= measure.CachegrindSlowdown
	counts := make([]int64, len(vs))
	err := trial.Round(ctx, func(i int, res measure.Result, started time.Time) error {
		if res.Instructions != nil {
			counts[i] = *res.Instructions
		}
		return m.record(base, vs[i], 0, trial.Iterations, res, started)
	})
	m.last = fmt.Sprintf("%d iterations, before %d, after %d instructions, %d generated", trial.Iterations, counts[0], counts[1], len(vs)-2)
	return err
}

// summary says what a task's trial measured, for the log: the medians,
// and the precision reached (the half-width of code after's 95% CI, and
// the widest of the generations').
func summary(trial *measure.Trial, generated int) string {
	cost := trial.Costs
	prec := ""
	if w := measure.Width(cost[1]); !math.IsInf(w, 0) {
		prec = fmt.Sprintf(" ±%.1f%%", 50*w)
		widest := 0.0
		for i := 2; i < len(cost); i++ {
			if !trial.Dead[i] {
				widest = max(widest, measure.Width(cost[i]))
			}
		}
		if generated > 0 {
			prec += fmt.Sprintf(", generated ±%.1f%% at most", 50*widest)
		}
	}
	return fmt.Sprintf("%d iterations, %d rounds, %s: before %v, after %v%s, %d generated", trial.Iterations, trial.Rounds,
		measure.Costed(trial.Runner), measure.Median(cost[0]).Round(time.Millisecond), measure.Median(cost[1]).Round(time.Millisecond), prec, generated)
}

func (m *measurer) record(base table.Measurement, v *variant, repeat int, iter int64, res measure.Result, started time.Time) error {
	row := base
	row.Variant, row.VariantID, row.Repeat, row.Iterations = v.kind, v.id, int32(repeat), iter
	row.Status, row.OutputDigest, row.Stderr = res.Status, res.Digest, res.Stderr
	row.WallNS, row.UserNS, row.SysNS = res.Wall.Nanoseconds(), res.User.Nanoseconds(), res.Sys.Nanoseconds()
	row.MaxRSSBytes, row.MeanRSSBytes = res.MaxRSS, res.MeanRSS
	row.Sandbox = res.Isolation
	row.Instructions, row.Cycles = res.Instructions, res.Cycles
	row.StartedAt = started.UTC().Truncate(time.Microsecond) // as the column keeps it
	m.runs++
	m.rows = append(m.rows, row)
	return nil
}
