package measure

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/stats"
	"github.com/perfcon/perfcon/internal/table"
)

// Trial runs programs on one workload under the protocol: the iteration
// count is calibrated on the first program (code before), every program
// runs with that count, and rounds interleave the programs so that drift in
// the machine's speed falls on all of them alike.
type Trial struct {
	Runner     Runner
	Progs      []lang.Program
	Scale      int64
	Iterations int64
	// Ref is the calibration run of Progs[0]; its digest is the right
	// output for every program.
	Ref Result
	// Dead marks the programs that failed a run; rounds skip them.
	Dead []bool
	// Shuffle, when set, runs each round's programs in an order of its
	// own, so that no program always follows the same one (a long run
	// of code before heats the CPU and evicts the caches for whatever
	// comes next). Seed it with ShuffleFor to keep the order the same
	// run after run.
	Shuffle *rand.Rand
	// Costs[i] are the costs of program i's counted runs (Repeat), and
	// Rounds how many counted rounds have run.
	Costs  [][]time.Duration
	Rounds int
	// Reused, when set, are code before's counted runs taken before the
	// trial (by validation, kept: see Bench.Keep); Costs[0] holds their
	// costs, Ref stands for them, and no round runs code before.
	Reused []Run
}

// NewTrialReused is a trial at iterations whose code before is not run
// again: runs (at least one, all ok, with one digest) are its counted
// runs, their median wall time bounds the others' runs as Ref's would.
func NewTrialReused(r Runner, p Profile, scale, iterations int64, runs []Run, progs ...lang.Program) *Trial {
	t := &Trial{Runner: r, Progs: progs, Scale: scale, Iterations: iterations, Dead: make([]bool, len(progs)),
		Reused: runs, Costs: make([][]time.Duration, len(progs))}
	walls := make([]time.Duration, len(runs))
	for i, run := range runs {
		walls[i] = run.Wall
		t.Costs[0] = append(t.Costs[0], run.Cost())
	}
	t.Ref = runs[0].Result
	t.Ref.Wall = Median(walls)
	t.Runner.Timeout = p.RunTimeout(t.Ref.Wall)
	return t
}

// runs says whether rounds run program i: it is alive, which marks it
// (or which is nil), and its runs are not reused.
func (t *Trial) runs(i int, which []bool) bool {
	return !t.Dead[i] && (which == nil || which[i]) && (i > 0 || t.Reused == nil)
}

// ShuffleFor is a generator seeded by a name (a task id): the same name
// gives the same sequence of round orders.
func ShuffleFor(name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(h.Sum64(), 0x9e3779b97f4a7c15))
}

// CodeError is a trial that could not start because of code before
// itself: its calibration run failed (Status is not ok), or it never
// reached the profile's minimum time (Status ok). Any other error from
// NewTrial is the machine's: nothing could be run.
type CodeError struct {
	Status string // code before's last run's status
	Err    error
}

func (e *CodeError) Error() string { return e.Err.Error() }
func (e *CodeError) Unwrap() error { return e.Err }

// codeError makes err a *CodeError when code before's run took place.
func codeError(ref Result, err error) error {
	if err == nil || ref.Status == "" {
		return err
	}
	return &CodeError{Status: ref.Status, Err: err}
}

// NewTrial calibrates the iterations on progs[0] at scale and bounds later
// runs by the profile's timeout relative to it. A *CodeError says code
// before failed or never reached the profile's minimum time; any other
// error is the machine's. The trial returned with an error still holds
// the iterations tried and the last run.
func NewTrial(ctx context.Context, r Runner, p Profile, scale int64, progs ...lang.Program) (*Trial, error) {
	return NewTrialFrom(ctx, r, p, scale, Hint{}, progs...)
}

// NewTrialFrom is NewTrial with a calibration that starts from a hint.
// Either way Ref is a run at the trial's iterations, so it is also code
// before's warm-up.
func NewTrialFrom(ctx context.Context, r Runner, p Profile, scale int64, hint Hint, progs ...lang.Program) (*Trial, error) {
	t := &Trial{Runner: r, Progs: progs, Scale: scale, Dead: make([]bool, len(progs))}
	t.Runner.Timeout = p.Timeout
	n, ref, err := CalibrateFrom(ctx, func(ctx context.Context, iter int64) (Result, error) {
		return t.Runner.Run(ctx, progs[0], iter, scale)
	}, p.MinTime, p.MaxIterations, hint)
	t.Iterations, t.Ref = n, ref
	if err == nil {
		t.Runner.Timeout = p.RunTimeout(ref.Wall)
	}
	return t, codeError(ref, err)
}

// NewTrialAt is NewTrial at iterations chosen before (by validation under
// the same profile): one run of progs[0] at that count is Ref, and doubles
// as its warm-up. The error says why that run failed: a *CodeError, as
// with NewTrial, unless it could not be started.
func NewTrialAt(ctx context.Context, r Runner, p Profile, scale, iterations int64, progs ...lang.Program) (*Trial, error) {
	t := &Trial{Runner: r, Progs: progs, Scale: scale, Iterations: iterations, Dead: make([]bool, len(progs))}
	t.Runner.Timeout = p.Timeout
	ref, err := t.Runner.Run(ctx, progs[0], iterations, scale)
	t.Ref = ref
	switch {
	case err != nil:
		return t, err
	case ref.Status != table.StatusOK:
		return t, codeError(ref, fmt.Errorf("at %d iterations: %s: %s", iterations, ref.Status, Gist(ref.Stderr)))
	}
	t.Runner.Timeout = p.RunTimeout(ref.Wall)
	return t, nil
}

// Round runs every live program once, in order, and hands each run to
// each. A run that prints other than Ref's digest is wrong_output; a
// program whose run is not ok is marked dead. The error is the machine's,
// each's, or the context's.
func (t *Trial) Round(ctx context.Context, each func(i int, res Result, started time.Time) error) error {
	return t.RoundOf(ctx, nil, each)
}

// RoundOf is Round over the programs that which marks (all when nil).
func (t *Trial) RoundOf(ctx context.Context, which []bool, each func(i int, res Result, started time.Time) error) error {
	order := make([]int, len(t.Progs))
	for i := range order {
		order[i] = i
	}
	if t.Shuffle != nil {
		t.Shuffle.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	for _, i := range order {
		p := t.Progs[i]
		if !t.runs(i, which) {
			continue
		}
		started := time.Now()
		res, err := t.Runner.Run(ctx, p, t.Iterations, t.Scale)
		if err != nil {
			return err
		}
		if res.Status == table.StatusOK && res.Digest != t.Ref.Digest {
			res.Status = table.StatusWrongOutput
		}
		t.Dead[i] = res.Status != table.StatusOK
		if err := each(i, res, started); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Median is the median of d; zero when d is empty.
func Median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// LessP is the one-sided Mann–Whitney p-value that the values of a tend
// to be less than those of b (a costs less); 1 when either is empty.
func LessP(a, b []time.Duration) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 1
	}
	seconds := func(d []time.Duration) []float64 {
		x := make([]float64, len(d))
		for i, v := range d {
			x[i] = v.Seconds()
		}
		return x
	}
	p := stats.UTestP(seconds(a), seconds(b))
	if Median(a) < Median(b) {
		return p / 2
	}
	return 1 - p/2
}

// Apart says whether the 95% confidence intervals of a's and b's medians
// (Width's) do not meet; never when either is too small to have one.
func Apart(a, b []time.Duration) bool {
	alo, _, ahi := medianCI(a)
	blo, _, bhi := medianCI(b)
	if math.IsInf(alo, 0) || math.IsInf(ahi, 0) || math.IsInf(blo, 0) || math.IsInf(bhi, 0) {
		return false
	}
	return alo > bhi || blo > ahi
}

func medianCI(d []time.Duration) (lo, med, hi float64) {
	x := make([]float64, len(d))
	for i, v := range d {
		x[i] = float64(v)
	}
	return stats.MedianCI(x, 0.95)
}

// Width is the width of the 95% confidence interval of d's median, as
// benchstat computes it, relative to the median: +Inf when d is too small
// for that confidence (under 6 values) or its median is 0.
func Width(d []time.Duration) float64 {
	lo, med, hi := medianCI(d)
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) || med <= 0 {
		return math.Inf(1)
	}
	return (hi - lo) / med
}
