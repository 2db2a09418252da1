package measure

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/perfcon/perfcon/internal/table"
)

// ScaleFunc runs a program at the given scale and iterations.
type ScaleFunc func(ctx context.Context, scale, iterations int64) (Result, error)

// Walls bound the scale search: no run at a scale may pass either.
type Walls struct {
	Time   time.Duration // cost (Result.Cost) of one iteration
	Memory int64         // max RSS of one run, bytes
}

// passed says which wall, if any, a run of some iterations went through:
// the time wall holds for each iteration. A timeout or a failure counts as
// the wall it most likely hit.
func (w Walls) passed(r Result, iterations int64) string {
	switch {
	case r.Status == table.StatusTimeout || (w.Time > 0 && r.Cost() > w.Time*time.Duration(iterations)):
		return fmt.Sprintf("time wall (%v)", w.Time)
	case r.Status == table.StatusOOM || (w.Memory > 0 && r.MaxRSS > w.Memory):
		return fmt.Sprintf("memory wall (%d MiB)", w.Memory>>20)
	case r.Status != table.StatusOK:
		return r.Status
	}
	return ""
}

// ScaleStep is one probe of the scale search: the program run once with
// one iteration and once with ProbeIterations at the same scale.
type ScaleStep struct {
	Scale int64
	One   Result // the run with one iteration
	// PerIteration is the cost one more iteration adds, from the two
	// runs: it leaves out start-up and the workload's set-up.
	PerIteration time.Duration
	Wall         string // the wall a run passed; empty when under both
}

// Scale is the outcome of a scale search.
type Scale struct {
	ScaleStep             // the chosen scale
	Steps     []ScaleStep // every probe, in order
	// Stopped says why the search ended below the target: the wall the
	// next doubling passed. Empty when Scale reached the target.
	Stopped string
}

// Reach is the cost of an iteration at which the scale search stops: the
// geometric middle between target/2 and target.
func Reach(target time.Duration) time.Duration {
	return time.Duration(float64(target) / math.Sqrt2)
}

// ProbeIterations is the iteration count of a probe's second run: the
// cost of an iteration is the difference over ProbeIterations-1, which
// divides the noise of the two runs' start-up by as much.
const ProbeIterations = 5

// FindScale looks for the scale at which one iteration of a program costs
// about target time in its cost kind, as EvalPerf sizes its performance-exercising
// inputs: starting from start it doubles the scale until an iteration
// reaches Reach(target), and stops at the last scale under the walls when
// the next doubling would pass one. A start that is already past a wall is
// halved until it is not. At most maxDoublings doublings are tried.
//
// Reach is target/√2, not target: the scale chosen is the doubling whose
// cost is nearest target (within a factor √2 either way). A scale whose
// iteration costs about target itself is then far from the point where
// the search would take one more doubling, so the noise of the probes
// does not make the choice flip from run to run.
//
// The cost of an iteration is measured, not the cost of a run: a run also
// pays for start-up and for building its workload, which would otherwise
// let a harness whose set-up dominates pass with a trivial input.
//
// The error is non-nil when no scale fits: the program fails at start
// without hitting a wall, passes a wall even at scale 1, or never reaches
// target within maxDoublings, which usually means the harness ignores its
// scale argument.
func FindScale(ctx context.Context, run ScaleFunc, start int64, target time.Duration, walls Walls, maxDoublings int) (Scale, error) {
	if start < 1 {
		start = 1
	}
	var s Scale
	look := func(scale int64) (ScaleStep, error) {
		step := ScaleStep{Scale: scale}
		one, err := run(ctx, scale, 1)
		if err != nil {
			return step, err
		}
		step.One, step.Wall = one, walls.passed(one, 1)
		if step.Wall == "" {
			more, err := run(ctx, scale, ProbeIterations)
			if err != nil {
				return step, err
			}
			step.Wall = walls.passed(more, ProbeIterations)
			step.PerIteration = max(0, (more.Cost()-one.Cost())/(ProbeIterations-1))
		}
		return step, ctx.Err()
	}
	probe := func(scale int64) (ScaleStep, error) {
		step, err := look(scale)
		s.Steps = append(s.Steps, step)
		return step, err
	}

	// confirm looks twice more at a probe that reached the target in a
	// leap, more than 4x the cost of the scale before it (or at the
	// first probe): a noisy machine's spike of CPU time does that more
	// often than a workload does, and a harness that ignores its scale
	// would otherwise pass. The median of the three looks counts: a
	// spike needs a second to pass, and a real workload's cost is only
	// measured more precisely.
	confirm := func(step ScaleStep, before time.Duration) (ScaleStep, error) {
		if step.Wall != "" || step.PerIteration < Reach(target) || (before > 0 && step.PerIteration <= 4*before) {
			return step, nil
		}
		looks := []ScaleStep{step}
		for range 2 {
			again, err := look(step.Scale)
			if err != nil || again.Wall != "" {
				return step, err
			}
			looks = append(looks, again)
		}
		slices.SortFunc(looks, func(a, b ScaleStep) int { return cmp.Compare(a.PerIteration, b.PerIteration) })
		s.Steps[len(s.Steps)-1] = looks[1]
		return looks[1], nil
	}

	cur, err := probe(start)
	if err == nil {
		cur, err = confirm(cur, 0)
	}
	if err != nil {
		return s, err
	}
	if cur.Wall != "" {
		if st := cur.One.Status; st != table.StatusOK && st != table.StatusTimeout && st != table.StatusOOM {
			// A crash at the declared scale is a broken harness or code,
			// not a wall: say so rather than shrink the input around it.
			return s, fmt.Errorf("code before fails at scale %d: %s: %s", start, st, Gist(cur.One.Stderr))
		}
		for cur.Wall != "" {
			if cur.Scale == 1 {
				return s, fmt.Errorf("code before passes the %s even at scale 1", cur.Wall)
			}
			if cur, err = probe(cur.Scale / 2); err != nil {
				return s, err
			}
		}
		s.ScaleStep, s.Stopped = cur, s.Steps[len(s.Steps)-2].Wall
		return s, nil
	}
	for i := 0; cur.PerIteration < Reach(target); i++ {
		if i == maxDoublings {
			return s, fmt.Errorf("one iteration of code before costs only %v at scale %d (%d doublings from %d), under %v: does the harness use its scale?",
				cur.PerIteration.Round(time.Millisecond), cur.Scale, maxDoublings, start, target)
		}
		next, err := probe(cur.Scale * 2)
		if err == nil {
			next, err = confirm(next, cur.PerIteration)
		}
		if err != nil {
			return s, err
		}
		if next.Wall != "" {
			s.Stopped = next.Wall
			break
		}
		cur = next
	}
	s.ScaleStep = cur
	return s, nil
}
