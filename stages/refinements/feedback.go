package refinements

import (
	"context"
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

// outcome is what one feedback run showed of one program.
type outcome struct {
	status         string
	speedup, human float64 // over code before, of the program and of code after (when ok)
	text           string  // what the next step is shown
}

// runs makes the feedback runs: each task's candidates beside its code
// before and after, in one trial.
type runs struct {
	bench   *measure.Bench
	builder *lang.Builder
}

func newRuns(ctx context.Context, s measure.Settings, log io.Writer) (*runs, error) {
	b, err := measure.NewBench(ctx, "feedback runs", s, log)
	if err != nil {
		return nil, err
	}
	return &runs{bench: b, builder: b.Builder}, nil
}

// task runs codes (distinct, none of them empty) beside code before and
// after on the task's workload, as measure does: one warm-up, then the
// profile's repeats (at least minRepeats), interleaved. Only the machine's errors are returned;
// whatever the code does is its outcome, and the costs of its runs (of
// each code that ran correct) are in costs.
func (r *runs) task(ctx context.Context, c table.Change, e table.Executable, codes []string) (out map[string]outcome, costs map[string][]time.Duration, err error) {
	all := append([]string{c.CodeBefore, c.CodeAfter}, codes...)
	out = map[string]outcome{}
	progs, built, err := r.build(ctx, c, e, all, out)
	if err != nil {
		return nil, nil, err
	}
	// Costed as the task is measured: CPU time on one CPU, or wall time
	// on the profile's k, at the iterations validation chose.
	trial, err := r.bench.Trial(ctx, r.bench.TaskOf(e, c.Category), progs...)
	if err != nil {
		var ce *measure.CodeError
		if !errors.As(err, &ce) {
			return nil, nil, fmt.Errorf("code before: %w", err) // the machine's: nothing could run
		}
		return nil, nil, &taskError{fmt.Errorf("code before: %w", err)}
	}
	for i := 2; i < len(all); i++ {
		// Not run when it did not build, nor when it is code before or
		// after again: the same program, whose runs are theirs.
		trial.Dead[i] = !built[i] || all[i] == c.CodeBefore || all[i] == c.CodeAfter
	}
	failed := make([]measure.Result, len(all))
	record := func(i int, res measure.Result, _ time.Time) error {
		if res.Status != table.StatusOK {
			failed[i] = res
		}
		return nil
	}
	if err := trial.Warm(ctx, record); err != nil {
		return nil, nil, err
	}
	err = trial.Repeat(ctx, max(r.bench.Settings.Profile.Repeats, minRepeats), nil, func(i, _ int, res measure.Result, started time.Time) error {
		return record(i, res, started)
	})
	if err != nil {
		return nil, nil, err
	}
	for i, what := range []string{"before", "after"} {
		if res := failed[i]; res.Status != "" {
			return nil, nil, &taskError{fmt.Errorf("code %s failed a feedback run: %s: %s", what, res.Status, measure.Gist(res.Stderr))}
		}
	}
	r.outcomes(trial, e.Scale, all, failed, out)
	// Code before and after ran as themselves, and a candidate that is
	// one of them has their runs (outcomes gave it theirs).
	costs = map[string][]time.Duration{}
	for i := range all {
		if _, done := costs[all[i]]; !done && (i < 2 || out[all[i]].status == table.StatusOK) {
			costs[all[i]] = trial.Costs[i]
		}
	}
	return out, costs, nil
}

// FasterAlpha is the level at which a step's code counts as faster than
// its parent's: a step replaces the chain's best only when the one-sided
// Mann–Whitney test over their runs in one feedback trial gives p under
// it. With minRepeats runs a side, at most 4 of the 25 pairs of runs may
// go the other way; with fewer than 4 no difference could ever count.
const FasterAlpha = 0.05

// minRepeats is the fewest repeats of a feedback trial, whatever the
// profile says (every profile has 5).
const minRepeats = 5

// build builds every program and says which built; one that does not
// (but code before or after, whose failure is the task's) has its outcome
// in out.
func (r *runs) build(ctx context.Context, c table.Change, e table.Executable, all []string, out map[string]outcome) ([]lang.Program, []bool, error) {
	jobs, err := r.bench.Jobs(ctx, c, e, all...)
	if err != nil {
		return nil, nil, err
	}
	if err := r.builder.BuildAll(ctx, jobs, runtime.NumCPU()); err != nil {
		return nil, nil, err
	}
	progs, built := make([]lang.Program, len(all)), make([]bool, len(all))
	for i, code := range all {
		p, err := r.builder.BuildJob(ctx, jobs[i])
		var be *lang.BuildError
		switch {
		case errors.As(err, &be):
			if i < 2 {
				return nil, nil, &taskError{fmt.Errorf("code %s does not build: %s", []string{"before", "after"}[i], measure.Gist(be.Error()))}
			}
			out[code] = outcome{status: table.StatusBuildError, text: "It does not build:\n\n" + tail(be.Error())}
			continue
		case err != nil:
			return nil, nil, err
		}
		progs[i], built[i] = p, true
	}
	return progs, built, nil
}

// outcomes says, in out, what the runs showed of each candidate.
func (r *runs) outcomes(trial *measure.Trial, scale int64, all []string, failed []measure.Result, out map[string]outcome) {
	cost := trial.Costs
	before, after := measure.Median(cost[0]), measure.Median(cost[1])
	human := before.Seconds() / after.Seconds()
	where := fmt.Sprintf("At workload scale %d, %d iterations", scale, trial.Iterations)
	for i := 2; i < len(all); i++ {
		code := all[i]
		if _, ok := out[code]; ok {
			continue // did not build
		}
		switch code {
		case all[0]:
			cost[i] = cost[0]
		case all[1]:
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
			where, t.Round(time.Microsecond), measure.Costed(trial.Runner), len(cost[i]), before.Round(time.Microsecond), times(s))}
	}
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
