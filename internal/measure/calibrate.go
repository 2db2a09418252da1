package measure

import (
	"context"
	"fmt"
	"time"

	"github.com/perfcon/perfcon/internal/table"
)

// RunFunc runs a program with the given iteration count.
type RunFunc func(ctx context.Context, iterations int64) (Result, error)

// Calibrate returns the smallest power-of-two iteration count at which the
// iterations of run take at least min of their cost (Result.Cost: CPU time,
// or wall time for a wall-time task), and the run at that count.
//
// The iterations, not the whole run: a run also pays for start-up and for
// building its workload, and a harness whose set-up alone takes min would
// otherwise be measured at one iteration, its set-up diluting any speedup.
// The cost of n iterations is estimated from the run at n against the run
// at one, so the count is at least 2.
//
// For a CPU-time task CPU time, not wall time: on a shared machine wall
// time counts waiting for a CPU too. Each step at least doubles the count, jumping further when the
// iterations were far too short; a jump that went too far (the short runs'
// cost was noise) is taken back once the long runs' cost is known, so the
// iterations take between min and about twice min. A run that fails, or
// reaching maxIter, ends the search with an error.
func Calibrate(ctx context.Context, run RunFunc, min time.Duration, maxIter int64) (int64, Result, error) {
	return CalibrateFrom(ctx, run, min, maxIter, Hint{})
}

// Hint is what an earlier search (validation's scale probe) already knows
// of a program at the scale: a run at one iteration and the cost of one
// more. With it the search starts at the count the cost calls for instead
// of at 2, which saves most of its runs.
type Hint struct {
	One          Result
	PerIteration time.Duration
}

// CalibrateFrom is Calibrate starting from a hint; a zero hint is none.
func CalibrateFrom(ctx context.Context, run RunFunc, min time.Duration, maxIter int64, hint Hint) (int64, Result, error) {
	ok := func(n int64, res Result, err error) error {
		if err != nil {
			return err
		}
		if res.Status != table.StatusOK {
			return fmt.Errorf("calibrating at %d iterations: %s: %s", n, res.Status, res.Stderr)
		}
		return nil
	}
	tooFew := fmt.Errorf("calibrating: at most %d iterations allowed, need 2 to tell iterations from set-up", maxIter)
	one, n := hint.One, int64(2)
	if hint.PerIteration > 0 && one.Status == table.StatusOK {
		if maxIter <= 1 {
			return 1, one, tooFew
		}
		for n < maxIter && hint.PerIteration*time.Duration(n) < min {
			n *= 2
		}
		n = min64(n, maxIter)
	} else {
		var err error
		one, err = run(ctx, 1)
		if err := ok(1, one, err); err != nil {
			return 1, one, err
		}
		if maxIter <= 1 {
			return 1, one, tooFew
		}
		// The cost of n iterations is a difference of two noisy runs, and
		// the same program's CPU time can differ by a third from run to
		// run (the memory layout it gets, a neighbour on the machine). The
		// search errs towards more iterations: the baseline is the slower
		// of two runs at one iteration, and a count that seems enough must
		// seem so twice.
		if again, err := run(ctx, 1); err != nil || again.Status != table.StatusOK {
			return 1, again, ok(1, again, err)
		} else if again.Cost() > one.Cost() {
			one = again
		}
	}
	for {
		res, err := run(ctx, n)
		if err := ok(n, res, err); err != nil {
			return n, res, err
		}
		// n-1 iterations more than the first run.
		per := (res.Cost() - one.Cost()) / time.Duration(n-1)
		if per > 0 && per*time.Duration(n) >= min {
			// A second run at n must agree; the faster of the two counts.
			again, err := run(ctx, n)
			if err := ok(n, again, err); err != nil {
				return n, again, err
			}
			if again.Cost() < res.Cost() {
				res = again
			}
			per = (res.Cost() - one.Cost()) / time.Duration(n-1)
			if per > 0 && per*time.Duration(n) >= min {
				// A jump sized from short runs' noisy cost can overshoot;
				// the cost per iteration at n is the precise one, so step
				// back to the smallest power of two it says is enough.
				m := n
				for m > 2 && m&(m-1) == 0 && per*time.Duration(m/2) >= min {
					m /= 2
				}
				if m == n {
					return n, res, nil
				}
				res, err := run(ctx, m)
				return m, res, ok(m, res, err)
			}
		}
		if n >= maxIter {
			return n, res, fmt.Errorf("calibrating: %d iterations take only about %v, under %v", n, max(per, 0)*time.Duration(n), min)
		}
		step := int64(2)
		for per > 0 && step < 64 && per*time.Duration(n*step*2) <= min {
			step *= 2
		}
		n = min64(n*step, maxIter)
	}
}

func min64(a, b int64) int64 {
	if a < b {
		return a
	}
	return b
}
