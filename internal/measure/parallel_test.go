package measure

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/measure/measuretest"
)

// TestParallelismSeesATakenCPU: the probe finds two idle CPUs giving
// more than when another thread keeps one of them busy, and says the
// busy pair does not give its CPUs. Relations only, in one of up to three
// tries: a shared machine does not always give its second CPU, and when
// it gives it in none of them the test says so and is skipped.
func TestParallelismSeesATakenCPU(t *testing.T) {
	allowed := measuretest.CPUs(t, 2)
	ctx := context.Background()
	pair := allowed[len(allowed)-2:]
	if p, err := Parallelism(ctx, pair[:1]); err != nil || p != 1 {
		t.Errorf("Parallelism on one CPU = %v, %v; want 1", p, err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	var seen []string
	given := false
	for range 3 {
		idle, err := Parallelism(ctx, pair)
		if err != nil {
			t.Fatal(err)
		}
		stop := measuretest.Hog(t, pair[0])
		busy, err := Parallelism(ctx, pair)
		stop()
		if err != nil {
			t.Fatal(err)
		}
		if Given(idle, 2) && !Given(busy, 2) && idle > 1.2*busy {
			return
		}
		given = given || Given(idle, 2)
		seen = append(seen, ftoa(idle)+" idle, "+ftoa(busy)+" busy")
	}
	if !given {
		t.Skipf("this machine gave no more than %s of 2 CPUs in three tries; the relation needs them given", strings.Join(seen, "; "))
	}
	t.Errorf("parallelism of CPUs %v: %s in three tries; want idle well over busy, and busy not given", pair, strings.Join(seen, "; "))
}

func TestGiven(t *testing.T) {
	for _, c := range []struct {
		p    float64
		k    int
		want bool
	}{{1, 1, true}, {1.05, 2, false}, {1.45, 2, false}, {1.6, 2, true}, {2.3, 4, false}, {3.5, 4, true}} {
		if got := Given(c.p, c.k); got != c.want {
			t.Errorf("Given(%v, %d) = %v, want %v", c.p, c.k, got, c.want)
		}
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
