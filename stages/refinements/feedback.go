package refinements

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/table"
)

// StatusNoCode is the feedback status of a step whose answer held no
// code (or whose call failed).
const StatusNoCode = "no_code"

// VariantID names a program's code as the measurements table does: the
// first 16 hex digits of its SHA-256, left(sha256(code), 16) in SQL.
func VariantID(code string) string {
	if code == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])[:16]
}

// RunOptions say how feedback runs are made.
type RunOptions struct {
	Profile  measure.Profile
	CacheDir string // build cache
	CPU      int    // the CPU runs are pinned to; negative: unpinned
	// RequireSandbox refuses to run unless every layer of the sandbox
	// holds.
	RequireSandbox bool
}

// outcome is what one feedback run showed of one program.
type outcome struct {
	status         string
	speedup, human float64 // over code before, of the program and of code after (when ok)
	text           string  // what the next step is shown
}

// runs makes the feedback runs: each task's candidates beside its code
// before and after, in one trial.
type runs struct {
	opts    RunOptions
	bench   *measure.Bench
	builder *lang.Builder
}

func newRuns(ctx context.Context, opts RunOptions, log io.Writer) (*runs, error) {
	b, err := measure.NewBench(ctx, "feedback runs", opts.CacheDir, opts.CPU, opts.Profile, opts.RequireSandbox, log)
	if err != nil {
		return nil, err
	}
	return &runs{opts: opts, bench: b, builder: b.Builder}, nil
}

// task runs codes (distinct, none of them empty) beside code before and
// after on the task's workload: one warm-up, then the profile's repeats,
// interleaved. Only the machine's errors are returned; whatever the code
// does is its outcome.
func (r *runs) task(ctx context.Context, c table.Change, e table.Executable, codes []string) (map[string]outcome, error) {
	a, ok := lang.Lookup(e.Language)
	if !ok {
		return nil, fmt.Errorf("no adapter for language %q", e.Language)
	}
	all := append([]string{c.CodeBefore, c.CodeAfter}, codes...)
	var jobs []lang.Job
	for _, code := range all {
		jobs = append(jobs, lang.Job{Adapter: a, Code: lang.Source(e.Language, e.Prelude, code), Harness: e.Harness})
	}
	if err := r.builder.BuildAll(ctx, jobs, runtime.NumCPU()); err != nil {
		return nil, err
	}
	out := map[string]outcome{}
	progs := make([]lang.Program, len(all))
	dead := make([]bool, len(all))
	for i, code := range all {
		p, err := r.builder.Build(ctx, a, jobs[i].Code, e.Harness)
		var be *lang.BuildError
		switch {
		case errors.As(err, &be):
			if i < 2 {
				return nil, &taskError{fmt.Errorf("code %s does not build: %s", []string{"before", "after"}[i], measure.Gist(be.Error()))}
			}
			dead[i] = true
			out[code] = outcome{status: table.StatusBuildError, text: "It does not build:\n\n" + tail(be.Error())}
		case err != nil:
			return nil, err
		}
		progs[i] = p
	}
	p := r.opts.Profile
	// Costed as the task is measured: CPU time on one CPU, or wall time
	// on the profile's k.
	kind := table.CostOf(e.CostKind, c.Category)
	runner := r.bench.For(kind)
	costed := measure.Costed(runner)
	reuse := e.Validation == table.ValidationPassed && e.ValidatedIterations > 0 && e.ValidatedProfile == p.Label()
	var trial *measure.Trial
	var err error
	if reuse {
		trial, err = measure.NewTrialAt(ctx, runner, p, e.Scale, e.ValidatedIterations, progs...)
	} else {
		trial, err = measure.NewTrial(ctx, runner, p, e.Scale, progs...)
	}
	if err != nil {
		var ce *measure.CodeError
		if !errors.As(err, &ce) {
			return nil, fmt.Errorf("code before: %w", err) // the machine's: nothing could run
		}
		return nil, &taskError{fmt.Errorf("code before: %w", err)}
	}
	copy(trial.Dead, dead)
	for i := 2; i < len(all); i++ {
		if all[i] == c.CodeBefore || all[i] == c.CodeAfter {
			trial.Dead[i] = true // not run: see below
		}
	}
	cost := make([][]time.Duration, len(all))
	failed := make([]measure.Result, len(all))
	record := func(i int, res measure.Result, _ time.Time) error {
		if res.Status != table.StatusOK {
			failed[i] = res
		}
		return nil
	}
	warm := make([]bool, len(all))
	for i := range warm {
		warm[i] = i > 0
	}
	if err := trial.RoundOf(ctx, warm, record); err != nil {
		return nil, err
	}
	trial.Shuffle = measure.ShuffleFor(c.TaskID)
	for range max(p.Repeats, 1) {
		err := trial.RoundOf(ctx, nil, func(i int, res measure.Result, started time.Time) error {
			cost[i] = append(cost[i], res.Cost())
			return record(i, res, started)
		})
		if err != nil {
			return nil, err
		}
	}
	for i, what := range []string{"before", "after"} {
		if res := failed[i]; res.Status != "" {
			return nil, &taskError{fmt.Errorf("code %s failed a feedback run: %s: %s", what, res.Status, measure.Gist(res.Stderr))}
		}
	}
	before, after := measure.Median(cost[0]), measure.Median(cost[1])
	human := before.Seconds() / after.Seconds()
	where := fmt.Sprintf("At workload scale %d, %d iterations", e.Scale, trial.Iterations)
	for i := 2; i < len(all); i++ {
		code := all[i]
		if _, ok := out[code]; ok {
			continue // did not build
		}
		// Code before or after again is the same program: its runs
		// are theirs, so it is exactly as fast.
		switch code {
		case c.CodeBefore:
			cost[i] = cost[0]
		case c.CodeAfter:
			cost[i] = cost[1]
		}
		if res := failed[i]; res.Status != "" {
			out[code] = outcome{status: res.Status, text: failure(res, where, trial)}
			continue
		}
		t := measure.Median(cost[i])
		s := before.Seconds() / t.Seconds()
		out[code] = outcome{status: table.StatusOK, speedup: s, human: human, text: fmt.Sprintf(
			"It is correct: its output equals the original file's. %s took %v of %s (the median of %d runs) against %v for the original file: %s.",
			where, t.Round(time.Microsecond), costed, len(cost[i]), before.Round(time.Microsecond), times(s))}
	}
	return out, nil
}

// taskError is a task whose code before or after failed its feedback
// runs: the task's steps are left for a later run, and the others go on.
type taskError struct{ error }

func (e *taskError) Unwrap() error { return e.error }

// failure says what a failed run showed.
func failure(res measure.Result, where string, trial *measure.Trial) string {
	switch res.Status {
	case table.StatusWrongOutput:
		return fmt.Sprintf("%s printed the output digest %q where the original file prints %q: its results differ.",
			where, res.Digest, trial.Ref.Digest)
	case table.StatusTimeout:
		return fmt.Sprintf("%s did not finish within %v, while the original file takes %v: it is far too slow or never ends.",
			where, trial.Runner.Timeout.Round(time.Millisecond), trial.Ref.Wall.Round(time.Millisecond))
	case table.StatusOOM:
		return fmt.Sprintf("%s ran out of memory (the limit is %d MiB).", where, trial.Runner.Limits.Memory>>20)
	}
	return fmt.Sprintf("%s exited with an error:\n\n%s", where, tail(res.Stderr))
}

// times says how a speedup compares.
func times(s float64) string {
	if s >= 1 {
		return fmt.Sprintf("%.2f times as fast", s)
	}
	return fmt.Sprintf("%.2f times as slow", 1/s)
}

// maxShown bounds the compiler or runtime output a prompt shows, in
// bytes: the end, where the error is.
const maxShown = 2000

func tail(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= maxShown {
		return s
	}
	s = s[len(s)-maxShown:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return "...\n" + s
}
