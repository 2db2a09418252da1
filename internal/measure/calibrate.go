package measure

import (
	"context"
	"fmt"
	"time"

	"github.com/perfcon/perfcon/internal/table"
)

// RunFunc runs a program with the given iteration count.
type RunFunc func(ctx context.Context, iterations int64) (Result, error)

// Calibrate returns the smallest power-of-two iteration count at which run
// takes at least min CPU time, and that run. CPU time, not wall time: on a
// shared machine wall time counts waiting for a CPU too. Each step at least doubles the
// count, jumping further when the last run was far too short. A run that
// fails, or reaching maxIter, ends the search with an error.
func Calibrate(ctx context.Context, run RunFunc, min time.Duration, maxIter int64) (int64, Result, error) {
	n := int64(1)
	for {
		res, err := run(ctx, n)
		if err != nil {
			return n, res, err
		}
		if res.Status != table.StatusOK {
			return n, res, fmt.Errorf("calibrating at %d iterations: %s: %s", n, res.Status, res.Stderr)
		}
		if res.CPUTime() >= min {
			return n, res, nil
		}
		if n >= maxIter {
			return n, res, fmt.Errorf("calibrating: %d iterations take only %v, under %v", n, res.CPUTime(), min)
		}
		step := int64(2)
		for step < 64 && time.Duration(step*2)*res.CPUTime() < min {
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
