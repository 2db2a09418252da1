package par

import (
	"sync/atomic"
	"testing"
)

// Every iteration runs exactly once, however n falls against the workers.
func TestForRunsEachOnce(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 65, 1000, 1001} {
		counts := make([]atomic.Int32, n)
		For(n, func(i int) { counts[i].Add(1) })
		for i := range counts {
			if c := counts[i].Load(); c != 1 {
				t.Fatalf("n=%d: iteration %d ran %d times", n, i, c)
			}
		}
	}
}
