package executables

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/par"
	"github.com/perfcon/perfcon/internal/shard"
	"github.com/perfcon/perfcon/internal/stats"
	"github.com/perfcon/perfcon/internal/table"
)

// ValidateOptions says which tables to read and how to run the checks.
type ValidateOptions struct {
	Commits     string
	Executables string
	Out         string // may equal Executables: the table is replaced whole
	// Settings are how programs are run; a wall-time task that was not
	// faster waits up to CPUWait for its CPUs before it is tried again.
	measure.Settings
	// Alpha is the significance level of the test that code after is
	// faster than code before.
	Alpha float64
	// Jobs is how many CPU-time tasks are validated at once, each pinned
	// to a CPU of its own (measure.Bench.Split); below 2, or unpinned, one
	// at a time. Wall-time tasks always run alone.
	Jobs int
	// Tasks limits validation to these task ids; the other rows are
	// copied unchanged. Empty validates every task.
	Tasks []string
	// Shard, unless whole, validates only that shard of the tasks (all,
	// or Tasks), writing Out as its part, with only its rows;
	// MergeValidation puts the parts together.
	Shard shard.Spec
	Log   io.Writer
	Now   func() time.Time // for validated_at; time.Now when nil
}

// Summary counts the outcome of a validation run.
type Summary struct {
	Checked, Passed int
	Failures        []string // "task: reason"
}

// Validate checks every task's executable and writes the verdict into the
// executables table:
//
//   - code before and code after build with the harness;
//   - a scale is found by doubling (as EvalPerf does) at which one
//     iteration of code before takes the profile's ScaleTime, without
//     passing its time or memory wall, and that scale replaces the
//     declared one (kept in declared_scale);
//   - both print the same, non-empty digest;
//   - at iterations calibrated as the measurement stage does, code after is
//     faster than code before, significantly so by a two-sided
//     Mann–Whitney U test at Alpha/2 over the profile's repeats or, when
//     that is not yet significant, at Alpha/2 again over twice as many:
//     two looks that keep a false pass under Alpha. A wall-time task on
//     several CPUs gets two such tests at Alpha/2 each, so that a stretch
//     in which the machine held a CPU back does not decide its verdict;
//     before the second a probe of its CPUs (measure.Parallelism) waits
//     for them when they are taken, and if the machine keeps them, the
//     reason says so (measure.NotGiven).
//
// A task that fails any check is written with validation "failed" and the
// reason; none is dropped. The error reports only what stopped the run
// itself (unreadable tables, a program that could not be started).
func Validate(ctx context.Context, opts ValidateOptions) (Summary, error) {
	var sum Summary
	if err := opts.check(); err != nil {
		return sum, err
	}
	commits, err := table.ReadFile[table.Commit](opts.Commits)
	if err != nil {
		return sum, err
	}
	execs, err := table.ReadFile[table.Executable](opts.Executables)
	if err != nil {
		return sum, err
	}
	byTask := map[string]table.Commit{}
	for _, c := range commits {
		byTask[c.TaskID] = c
	}
	selected, todo, err := opts.selection(execs)
	if err != nil {
		return sum, err
	}
	opts.Log = par.Writer(opts.Log) // tasks validated at once share it
	v, err := newValidator(ctx, opts)
	if err != nil {
		return sum, err
	}
	start := time.Now()
	if err := v.buildAll(ctx, execs, byTask, selected); err != nil {
		return sum, err
	}
	out := make([]table.Executable, 0, len(execs))
	var checked []int // the rows of out to validate
	for _, e := range execs {
		if selected(e.TaskID) {
			checked = append(checked, len(out))
		} else if opts.Shard.Count > 0 {
			continue // a shard's part holds its own rows only
		}
		out = append(out, e)
	}
	if err := v.checkAll(ctx, out, checked, byTask, todo); err != nil {
		return sum, err
	}
	for _, i := range checked {
		sum.Checked++
		sum.add(out[i])
	}
	if err := table.WriteFile(opts.Out, out); err != nil {
		return sum, err
	}
	v.logf("validate: %d of %d tasks passed in %s -> %s", sum.Passed, sum.Checked,
		time.Since(start).Round(time.Second), opts.Out)
	return sum, nil
}

// checkAll validates the rows of out at checked, in place. CPU-time tasks
// run Jobs at a time, each pinned to a CPU of its own (the interleaved
// speed test is fair to both programs whatever the other CPU does);
// wall-time tasks, which need the CPUs to themselves, one at a time after
// them.
func (v *validator) checkAll(ctx context.Context, out []table.Executable, checked []int, byTask map[string]table.Commit, todo int) error {
	var mu sync.Mutex
	done := 0
	cpu := func(k int) bool {
		c, ok := byTask[out[checked[k]].TaskID]
		return ok && v.bench.TaskOf(out[checked[k]], c.Category).Kind == table.CostCPU
	}
	return v.bench.Schedule(ctx, v.opts.Jobs, len(checked), cpu, func(ctx context.Context, b *measure.Bench, k int) error {
		i := checked[k]
		w := *v
		w.bench = b
		e := out[i]
		c, ok := byTask[e.TaskID]
		if !ok {
			e = w.verdict(e, fail("no commits row for this task"))
		} else if r, err := w.check(ctx, c, e); err != nil {
			return fmt.Errorf("task %s: %w", e.TaskID, err)
		} else {
			e = r
		}
		mu.Lock()
		defer mu.Unlock()
		out[i], done = e, done+1
		v.logVerdict(done, todo, e)
		return nil
	})
}

// selection says which tasks are to be validated now (Tasks, and the
// shard's), and how many; a task in Tasks with no executable is an error.
func (opts ValidateOptions) selection(execs []table.Executable) (func(string) bool, int, error) {
	want := map[string]bool{}
	for _, id := range opts.Tasks {
		want[id] = true
	}
	selected := func(id string) bool { return len(want) == 0 || want[id] }
	if opts.Shard.Count > 0 { // a shard, even the one of 1
		var ids []string
		for _, e := range execs {
			if selected(e.TaskID) {
				ids = append(ids, e.TaskID)
			}
		}
		mine := opts.Shard.Set(ids)
		all := selected
		selected = func(id string) bool { return all(id) && mine[id] }
	}
	unknown := maps.Clone(want)
	todo := 0
	for _, e := range execs {
		delete(unknown, e.TaskID)
		if selected(e.TaskID) {
			todo++
		}
	}
	if len(unknown) > 0 {
		ids := slices.Sorted(maps.Keys(unknown))
		return nil, 0, fmt.Errorf("no executable for task %s in %s", strings.Join(ids, ", "), opts.Executables)
	}
	return selected, todo, nil
}

// buildAll builds the selected tasks' code before and after first, in
// parallel, while nothing is timed.
func (v *validator) buildAll(ctx context.Context, execs []table.Executable, byTask map[string]table.Commit, selected func(string) bool) error {
	var jobs []lang.Job
	for _, e := range execs {
		_, ok := lang.Lookup(e.Language)
		c, has := byTask[e.TaskID]
		if !ok || !has || !selected(e.TaskID) {
			continue
		}
		js, err := v.bench.Jobs(ctx, c.Change(), e, c.CodeBefore, c.CodeAfter)
		if err != nil {
			return err
		}
		jobs = append(jobs, js...)
	}
	v.logf("validate: building %d programs, %d at a time", len(jobs), runtime.NumCPU())
	return v.builder.BuildAll(ctx, jobs, runtime.NumCPU())
}

// add counts a verdict.
func (sum *Summary) add(e table.Executable) {
	if e.Validation == table.ValidationPassed {
		sum.Passed++
	} else {
		sum.Failures = append(sum.Failures, e.TaskID+": "+e.ValidationReason)
	}
}

func (v *validator) logVerdict(i, n int, e table.Executable) {
	if e.Validation == table.ValidationPassed {
		v.logf("[%d/%d] %s: passed: %.2fx (p=%.3f) at scale %d, %d iterations", i, n, e.TaskID,
			e.ValidatedSpeedup, e.ValidatedP, e.Scale, e.ValidatedIterations)
	} else {
		v.logf("[%d/%d] %s: FAILED: %s", i, n, e.TaskID, e.ValidationReason)
	}
}

// MergeValidation puts the n shards' parts of a validation of the table
// at base together: base's rows, each shard's validated ones in their
// place (tasks, when given, are those the shards validated), written to
// out. It checks that every shard wrote its part and that no task is in
// two or missing; the parts, beside out, are removed after.
func MergeValidation(base, out string, n int, tasks []string) (Summary, error) {
	var sum Summary
	execs, err := table.ReadFile[table.Executable](base)
	if err != nil {
		return sum, err
	}
	ids := slices.Clone(tasks)
	if len(ids) == 0 {
		for _, e := range execs {
			ids = append(ids, e.TaskID)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	parts, err := shard.Parts(out, n, slices.Clone(ids), true, func(e table.Executable) string { return e.TaskID })
	if err != nil {
		return sum, err
	}
	done := map[string]table.Executable{}
	for _, p := range parts {
		for _, e := range p {
			done[e.TaskID] = e
		}
	}
	for i, e := range execs {
		if v, ok := done[e.TaskID]; ok {
			execs[i] = v
			sum.Checked++
			sum.add(v)
		}
	}
	if err := table.WriteFile(out, execs); err != nil {
		return sum, err
	}
	return sum, shard.Clean(out)
}

// minUTestP is the smallest two-sided p-value a Mann–Whitney U test of two
// samples of n can give: 2 / C(2n, n).
func minUTestP(n int) float64 {
	if n < 1 {
		return 1
	}
	c := 1.0
	for i := 1; i <= n; i++ {
		c = c * float64(n+i) / float64(i)
	}
	return math.Min(1, 2/c)
}

// check refuses settings under which no task could pass.
func (opts ValidateOptions) check() error {
	if opts.Alpha <= 0 || opts.Alpha >= 1 {
		return fmt.Errorf("alpha %v: want a level between 0 and 1", opts.Alpha)
	}
	if p := minUTestP(looks * opts.Profile.Repeats); p >= opts.Alpha/looks {
		return fmt.Errorf("%d repeats cannot show a difference at alpha %v (the smallest p-value of %d runs each is %.3f, over alpha/%d): use more repeats",
			opts.Profile.Repeats, opts.Alpha, looks*opts.Profile.Repeats, p, looks)
	}
	return nil
}

type validator struct {
	opts    ValidateOptions
	builder *lang.Builder
	bench   *measure.Bench
}

// newValidator sets up the sandboxed runner and the builder, and logs
// how the sandbox isolates.
func newValidator(ctx context.Context, opts ValidateOptions) (*validator, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	b, err := measure.NewBench(ctx, "validate", opts.Settings, opts.Log)
	if err != nil {
		return nil, err
	}
	return &validator{opts: opts, builder: b.Builder, bench: b}, nil
}

// check validates e against its commit and returns it with the verdict.
func (v *validator) check(ctx context.Context, c table.Commit, e table.Executable) (table.Executable, error) {
	if e.DeclaredScale == 0 {
		e.DeclaredScale = e.Scale
	}
	e.CostKind = table.CostOf(e.CostKind, c.Category)
	r, err := v.task(ctx, c, e)
	if err != nil {
		return e, err
	}
	return v.verdict(e, r), nil
}

// verdict writes r into e.
func (v *validator) verdict(e table.Executable, r result) table.Executable {
	if e.DeclaredScale == 0 {
		e.DeclaredScale = e.Scale
	}
	return r.apply(e, v.opts.Profile.Label(), v.now())
}

// now is the clock of validated_at, and of drafted_at.
func (v *validator) now() time.Time {
	if v.opts.Now != nil {
		return v.opts.Now()
	}
	return time.Now()
}

func (v *validator) logf(format string, args ...any) {
	if v.opts.Log != nil {
		fmt.Fprintf(v.opts.Log, format+"\n", args...)
	}
}

// result is the verdict on one task.
type result struct {
	reason                 string // empty when passed
	scale, iterations      int64
	beforeDigest, afterDig string
	speedup, p             float64
	before                 []measure.Run // code before's counted runs in the speed test
}

func fail(format string, args ...any) result { return result{reason: fmt.Sprintf(format, args...)} }

func (r result) apply(e table.Executable, profile string, at time.Time) table.Executable {
	e.Validation, e.ValidationReason = table.ValidationPassed, ""
	if r.reason != "" {
		e.Validation, e.ValidationReason = table.ValidationFailed, r.reason
	}
	if r.scale > 0 {
		e.Scale = r.scale
	}
	e.BeforeDigest, e.AfterDigest = r.beforeDigest, r.afterDig
	e.ValidatedSpeedup, e.ValidatedP, e.ValidatedIterations = r.speedup, r.p, r.iterations
	e.ValidatedProfile = profile
	utc := at.UTC()
	e.ValidatedAt = &utc
	return e
}

// task runs the checks on one task. Only the machine's errors are
// returned; whatever the code does is a verdict.
func (v *validator) task(ctx context.Context, c table.Commit, e table.Executable) (result, error) {
	if _, ok := lang.Lookup(e.Language); !ok {
		return fail("no adapter for language %q (have %s)", e.Language, strings.Join(lang.Names(), ", ")), nil
	}
	var progs [2]lang.Program
	for i, code := range []string{c.CodeBefore, c.CodeAfter} {
		p, err := v.bench.Build(ctx, c.Change(), e, code)
		if r, done, err := buildVerdict([]string{"code before", "code after"}[i], err); done || err != nil {
			return r, err
		}
		progs[i] = p
	}
	before, after := progs[0], progs[1]
	// The task's cost kind decides how its runs are pinned and costed,
	// the scale search and the calibration included.
	task := v.bench.TaskOf(e, c.Category)
	task.Iterations = 0 // validation calibrates them
	runner := v.bench.For(task.Kind)
	sc, r, err := v.scale(ctx, runner, before, e.DeclaredScale)
	if err != nil || r.reason != "" {
		return r, err
	}
	// The same output at that scale, one iteration each.
	runner.Timeout = v.opts.Profile.Timeout
	res, err := runner.Run(ctx, after, 1, r.scale)
	if err != nil {
		return result{}, err
	}
	r.afterDig = res.Digest
	switch {
	case res.Status != table.StatusOK:
		r.reason = fmt.Sprintf("code after fails at scale %d: %s", r.scale, what(res, runner.Timeout))
		return r, nil
	case r.beforeDigest == "":
		r.reason = "the harness prints no digest (its last line of output is empty)"
		return r, nil
	case res.Digest != r.beforeDigest:
		r.reason = fmt.Sprintf("digests differ at scale %d: before %q, after %q", r.scale, r.beforeDigest, res.Digest)
		return r, nil
	}
	if reason, err := contract(ctx, runner, after, r.scale, res); err != nil || reason != "" {
		r.reason = reason
		return r, err
	}
	// Iterations as the measurement stage chooses them; the scale search
	// already knows what an iteration costs, and code before's run at the
	// chosen count is its warm-up.
	task.Scale, task.Hint = r.scale, measure.Hint{One: sc.One, PerIteration: sc.PerIteration}
	return v.timed(ctx, task, r, sc.PerIteration, before, after)
}

// scale finds the task's scale: a result holding it and code before's
// digest, or a failed verdict.
func (v *validator) scale(ctx context.Context, runner measure.Runner, before lang.Program, declared int64) (measure.Scale, result, error) {
	p := v.opts.Profile
	var startErr error // a child that could not be started: the machine's fault
	sc, err := measure.FindScale(ctx, func(ctx context.Context, scale, iter int64) (measure.Result, error) {
		// The wall clock bounds a probe loosely: the wall is on the cost.
		runner.Timeout = time.Duration(2*iter)*p.Walls.Time + 5*time.Second
		res, err := runner.Run(ctx, before, iter, scale)
		if err != nil {
			startErr = err
		}
		return res, err
	}, declared, p.ScaleTime, p.Walls, 24)
	switch {
	case startErr != nil:
		return sc, result{}, startErr
	case ctx.Err() != nil:
		return sc, result{}, ctx.Err()
	case err != nil:
		return sc, fail("scale: %v", err), nil
	}
	return sc, result{scale: sc.Scale, beforeDigest: sc.One.Digest}, nil
}

// timed runs the speed test on a task whose output is right, and then
// what its inputs cost.
func (v *validator) timed(ctx context.Context, task measure.Task, r result, perIteration time.Duration, before, after lang.Program) (result, error) {
	trial, err := v.bench.Trial(ctx, task, before, after)
	r.iterations = trial.Iterations
	var ce *measure.CodeError
	switch {
	case err != nil && !errors.As(err, &ce):
		return result{}, err
	case err != nil:
		r.reason = "calibrating iterations: " + measure.Gist(err.Error())
		return r, nil
	}
	// A wall-time task on several CPUs gets two speed tests, each at
	// half the level, so that a stretch of the run in which the machine
	// held a CPU back does not decide the verdict, and a task with no
	// real speedup still passes with a chance under alpha.
	p := v.opts.Profile
	alpha, twice := v.opts.Alpha, false
	if task.Kind == table.CostWall && len(measure.RunCPUs(trial.Runner)) >= 2 &&
		minUTestP(looks*p.Repeats) < alpha/2/looks {
		alpha, twice = alpha/2, true
	}
	r, slow, err := v.speed(ctx, trial, r, alpha)
	if err == nil && slow && twice {
		r, err = v.again(ctx, task.ID, trial, r, alpha)
	}
	if err != nil || r.reason != "" {
		return r, err
	}
	// A task that passed: what its inputs cost beside the work.
	share, reason, err := inputShare(ctx, trial.Runner, after, r.scale, trial.Iterations, perIteration)
	r.reason = reason
	if share >= 0 && err == nil {
		v.logf("%s: making the inputs costs %.0f%% of an iteration of code after", task.ID, 100*share)
	}
	if err == nil && r.reason == "" {
		// Measure, soon after on this host, reuses code before's runs.
		err = v.bench.Keep(trial, r.before)
	}
	return r, err
}

// contract checks that the harness follows the contract that defeats
// caching across calls (datasets/README.md): iteration i's input is made
// from SEED+i, so a different SEED changes the digest; and every
// iteration's result feeds the digest, so that two iterations from SEED
// differ from the one iteration of SEED and from that of SEED+1 (which is
// their second). A harness that reuses one input, or hashes only the last
// result, would let a variant that remembers its last answer read fast.
// one is code after's run of one iteration at Seed. The reason is empty
// when the harness holds to the contract.
func contract(ctx context.Context, runner measure.Runner, after lang.Program, scale int64, one measure.Result) (string, error) {
	digest := func(n, seed int64) (string, error) {
		res, err := runner.RunArgs(ctx, after, measure.Args{Iterations: n, Scale: scale, Seed: seed})
		if err != nil {
			return "", err
		}
		if res.Status != table.StatusOK {
			return "", failure(fmt.Sprintf("code after fails at scale %d with SEED %d: %s", scale, seed, what(res, runner.Timeout)))
		}
		return res.Digest, nil
	}
	next, err := digest(1, measure.Seed+1)
	if err != nil {
		return codeReason(err)
	}
	two, err := digest(2, measure.Seed)
	if err != nil {
		return codeReason(err)
	}
	const see = " (the harness contract: iteration i's input is made from SEED+i, and every iteration's result feeds the digest)"
	switch {
	case next == one.Digest:
		return "the digest does not change with SEED: every iteration gets the same input" + see, nil
	case two == next:
		return "the digest of two iterations is that of the second alone: the harness hashes only the last result" + see, nil
	case two == one.Digest:
		return "the digest of two iterations is that of the first alone: the harness hashes only the first result" + see, nil
	}
	return "", nil
}

// failure is a run of the code that failed: a verdict, where any other
// error is the machine's.
type failure string

func (f failure) Error() string { return string(f) }

// codeReason makes a failed run of the code a verdict, and passes the
// machine's errors on.
func codeReason(err error) (string, error) {
	var f failure
	if errors.As(err, &f) {
		return string(f), nil
	}
	return "", err
}

// maxInputShare bounds what making the inputs may cost beside an
// iteration of code after: past it the inputs, which every variant pays
// for alike, would hide the difference the task is about. Inputs that
// cost under minInputShare of an iteration of code before pass whatever
// code after costs: a fix that leaves almost nothing to do can't be told
// from the noise of the difference.
const (
	maxInputShare = 0.5
	minInputShare = 0.05
	// inputRounds rounds of runs give the input check a one-sided
	// Mann–Whitney p-value as small as 1/252, well under inputAlpha.
	inputRounds = 5
	inputAlpha  = 0.01
)

// inputShare measures what making one iteration's input costs (the
// harness's inputs mode) as a share of an iteration of code after, each
// the difference between n iterations and one, so that start-up and the
// shared workload cancel out. A negative share could not be told (code
// after's iterations cost nothing measurable); a reason refuses the
// harness.
func inputShare(ctx context.Context, runner measure.Runner, after lang.Program, scale, n int64, before time.Duration) (float64, string, error) {
	// Enough iterations that their cost, not a start-up's jitter on a
	// busy machine, makes the difference between n and one.
	n = max(n, 10)
	cost := func(iter int64, inputs bool) (time.Duration, error) {
		res, err := runner.RunArgs(ctx, after, measure.Args{Iterations: iter, Scale: scale, Seed: measure.Seed, Inputs: inputs})
		if err != nil {
			return 0, err
		}
		if res.Status != table.StatusOK {
			mode := "code after"
			if inputs {
				mode = "the harness's inputs mode"
			}
			return 0, failure(fmt.Sprintf("%s fails at scale %d, %d iterations: %s", mode, scale, iter, what(res, runner.Timeout)))
		}
		return res.Cost(), nil
	}
	// Rounds of the four runs, interleaved so that a stretch of a busy
	// machine slows all four of a round alike; each round gives one
	// difference for the inputs and one for code after. The harness is
	// refused only when its inputs' differences are significantly more
	// than half of code after's (one-sided Mann–Whitney at inputAlpha),
	// so that noise, in either direction, does not decide.
	runs := []struct {
		iter   int64
		inputs bool
	}{{1, true}, {n, true}, {1, false}, {n, false}}
	var ins, work, half []time.Duration
	for round := 0; round < inputRounds; round++ {
		var d [4]time.Duration
		for i, a := range runs {
			var err error
			d[i], err = cost(a.iter, a.inputs)
			var f failure
			switch {
			case err == nil:
			case !errors.As(err, &f):
				return 0, "", err
			case a.inputs:
				return 0, string(f), nil
			default:
				// Code after's own trouble is the speed test's to judge.
				return -1, "", nil
			}
		}
		in, w := d[1]-d[0], d[3]-d[2]
		ins, work, half = append(ins, in), append(work, w), append(half, time.Duration(maxInputShare*float64(w)))
	}
	mi, mw := max(0, measure.Median(ins)), measure.Median(work)
	share := -1.0
	if mw > 0 {
		share = float64(mi) / float64(mw)
	}
	perIter := mi / time.Duration(n-1)
	if float64(mi) > maxInputShare*float64(mw) && measure.LessP(half, ins) < inputAlpha &&
		float64(perIter) > minInputShare*float64(before) {
		of := "more than an iteration of code after costs"
		if share >= 0 {
			of = fmt.Sprintf("%.0f%% of an iteration of code after", 100*share)
		}
		return share, fmt.Sprintf("making one iteration's input costs %v, %s at scale %d (at most %.0f%%): "+
			"make each iteration's input from a shared workload cheaply, not from scratch",
			perIter.Round(time.Microsecond), of, scale, 100*maxInputShare), nil
	}
	return share, "", nil
}

// speed runs the speed test: one warm-up round, then the profile's
// repeats of both programs, interleaved, and when that is not yet
// significant as many again. slow says code after was not significantly
// faster (r.reason says so); a run that failed is the reason too.
func (v *validator) speed(ctx context.Context, trial *measure.Trial, r result, alpha float64) (_ result, slow bool, _ error) {
	p := v.opts.Profile
	names := []string{"code before", "code after"}
	// A failed run is the verdict.
	each := func(i int, res measure.Result, _ time.Time) error {
		switch {
		case res.Status == table.StatusWrongOutput:
			r.reason = fmt.Sprintf("%s prints %q at %d iterations, code before printed %q", names[i], res.Digest, trial.Iterations, trial.Ref.Digest)
		case res.Status != table.StatusOK:
			r.reason = fmt.Sprintf("%s fails at %d iterations: %s", names[i], trial.Iterations, what(res, trial.Runner.Timeout))
		}
		return nil
	}
	if err := trial.Warm(ctx, each); err != nil || r.reason != "" {
		return r, false, err
	}
	// Two looks: after the repeats and, when that is not yet significant,
	// after as many again. Each look tests at alpha/2, so the chance that
	// a task with no real speedup passes stays under alpha.
	trial.Costs, r.before = nil, nil // a second test counts its own runs
	level := alpha / looks
	var warn []string
	var mb, ma time.Duration
	for look := 0; look < looks; look++ {
		for rep := 0; rep < p.Repeats; rep++ {
			err := trial.Repeat(ctx, 1, nil, func(i, _ int, res measure.Result, started time.Time) error {
				if i == 0 {
					r.before = append(r.before, measure.Run{Result: res, Started: started})
				}
				return each(i, res, started)
			})
			if err != nil || r.reason != "" {
				return r, false, err
			}
		}
		cost := trial.Costs
		r.p, warn = stats.Compare(floats(cost[0]), floats(cost[1]), level)
		mb, ma = measure.Median(cost[0]), measure.Median(cost[1])
		if r.p < level && ma < mb {
			break
		}
	}
	r.speedup = 0
	if ma > 0 {
		r.speedup = float64(mb) / float64(ma)
	}
	if r.p >= level || ma >= mb {
		r.reason = fmt.Sprintf("code after is not significantly faster: %.2fx (median %s: %v before, %v after, %d runs each), p=%.3f, want < %v",
			r.speedup, measure.Costed(trial.Runner), mb.Round(time.Millisecond), ma.Round(time.Millisecond), len(trial.Costs[0]), r.p, level)
		if len(warn) > 0 {
			r.reason += " (" + strings.Join(warn, "; ") + ")"
		}
		return r, true, nil
	}
	return r, false, nil
}

// again gives a wall-time task that was not faster its second speed
// test, once its CPUs are given (measure's rule: it waits for them when
// a probe finds them taken); if they do not come, the reason says so and
// the task is not tested again. A second failure's reason gives what a
// probe found right after.
func (v *validator) again(ctx context.Context, task string, trial *measure.Trial, r result, alpha float64) (result, error) {
	cpus := measure.RunCPUs(trial.Runner)
	k := len(cpus)
	par, given, err := v.bench.WaitForCPUs(ctx, trial.Runner, task)
	switch {
	case err != nil:
		return r, err
	case !given:
		r.reason += "; " + measure.ShortOfCPUs(par, k) + " (validate it again when the machine is idle)"
		return r, nil
	}
	v.logf("validate: %s was not faster in wall time; testing it once more (its CPUs give %.2fx to a probe)", task, par)
	first := r
	r.reason = ""
	r, slow, err := v.speed(ctx, trial, r, alpha)
	if err != nil || !slow {
		return r, err
	}
	r.reason = first.reason + "; tried again: " + strings.TrimPrefix(r.reason, "code after is not significantly faster: ")
	if par, err = measure.Parallelism(ctx, cpus); err != nil {
		return r, err
	}
	if measure.Given(par, k) {
		r.reason += fmt.Sprintf("; its %d CPUs gave %.2fx to a CPU-bound probe right after", k, par)
	} else {
		r.reason += "; " + measure.ShortOfCPUs(par, k) + " (validate it again when the machine is idle)"
	}
	return r, nil
}

// looks is how many times the speed test may look at the repeats.
const looks = 2

// buildVerdict turns a build error into a failed verdict (done); other
// errors are the machine's and are returned.
func buildVerdict(what string, err error) (result, bool, error) {
	var be *lang.BuildError
	switch {
	case errors.As(err, &be):
		return fail("%s does not build: %s", what, measure.Gist(be.Output)), true, nil
	case err != nil:
		return result{}, false, err
	}
	return result{}, false, nil
}

// what says how a run failed: its status, and the gist of its error
// output or the time limit it ran into.
func what(res measure.Result, timeout time.Duration) string {
	if res.Status == table.StatusTimeout {
		return fmt.Sprintf("timeout (killed after %v)", timeout)
	}
	if g := measure.Gist(res.Stderr); g != "" {
		return res.Status + ": " + g
	}
	return fmt.Sprintf("%s (exit status %d)", res.Status, res.ExitCode)
}

// floats are durations in nanoseconds, for the test.
func floats(d []time.Duration) []float64 {
	f := make([]float64, len(d))
	for i, x := range d {
		f[i] = float64(x)
	}
	return f
}
