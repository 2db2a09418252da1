package measure

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/lang"
)

// swinging is a program whose CPU cost is ITERATIONS × SCALE × work units
// times lo and hi in turn, run after run (it counts its runs in its
// folder: the runner here is unsandboxed, and runs in it).
func swinging(t *testing.T, work int, lo, hi float64) lang.Program {
	t.Helper()
	return lang.Program{Dir: t.TempDir(), ReadOnly: pythonPaths(t), Argv: []string{python(t), "-c", fmt.Sprintf(
		"import sys\ntry:\n    c = int(open('runs').read())\nexcept OSError:\n    c = 0\nopen('runs', 'w').write(str(c + 1))\n"+
			"k = (%g, %g)[c %% 2]\nn = int(int(sys.argv[1]) * int(sys.argv[2]) * %d * k)\n"+
			"s = 0\nfor i in range(n): s += 1\nprint(int(sys.argv[1]) * int(sys.argv[2]))", lo, hi, work)}}
}

// Adaptive rounds: a generation whose cost swings keeps code after
// running to the bound beside it; code before, however imprecise its own
// median, joins those rounds only while its interval meets code after's.
func TestMeasureRunsCodeBeforeWhileItMeetsCodeAfter(t *testing.T) {
	p := Profile{Name: "unit", Repeats: 5, MaxRepeats: 9, Width: 0.04, Timeout: time.Minute, TimeoutFactor: 20}
	for _, c := range []struct {
		name       string
		before     lang.Program
		wantBefore int
	}{
		// Forty times code after's cost, swinging by half: apart from
		// code after once both have an interval (six runs). An interval
		// of six runs is their whole range, so one run of code after
		// stalled 20 times over by a busy machine would make them meet:
		// at ten times (5x at the least), CI's load did.
		{"apart", swinging(t, 40, 0.5, 1.5), p.Repeats + 1},
		// Half and one and a half times code after's cost: its interval
		// meets code after's in every round.
		{"meeting", swinging(t, 1, 0.5, 1.5), p.MaxRepeats},
	} {
		t.Run(c.name, func(t *testing.T) {
			after := swinging(t, 1, 1, 1)
			gen := swinging(t, 1, 0.7, 1.3)
			trial, err := NewTrialAt(context.Background(), Runner{}, p, 20000, 10, c.before, after, gen)
			if err != nil {
				t.Fatal(err)
			}
			runs := make([]int, 3)
			err = trial.Measure(context.Background(), p, func(i, _ int, res Result, _ time.Time) error {
				if res.Status != "ok" {
					t.Errorf("program %d: %s %s", i, res.Status, res.Stderr)
				}
				runs[i]++
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if runs[1] != p.MaxRepeats || runs[2] != p.MaxRepeats {
				t.Errorf("runs %v: want code after and the swinging generation at the bound, %d", runs, p.MaxRepeats)
			}
			if runs[0] != c.wantBefore {
				t.Errorf("runs %v: code before ran %d times, want %d (width %.2f, apart from code after: %v)",
					runs, runs[0], c.wantBefore, Width(trial.Costs[0]), Apart(trial.Costs[0], trial.Costs[1]))
			}
		})
	}
}

func TestApart(t *testing.T) {
	ms := func(xs ...int) []time.Duration {
		var d []time.Duration
		for _, x := range xs {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	for _, c := range []struct {
		a, b []time.Duration
		want bool
	}{
		{ms(100, 101, 102, 103, 104, 105), ms(50, 51, 52, 53, 54, 55), true},
		{ms(50, 51, 52, 53, 54, 55), ms(100, 101, 102, 103, 104, 105), true},
		// The ranges meet at one run.
		{ms(100, 101, 102, 103, 104, 105), ms(50, 51, 52, 53, 54, 100), false},
		// Five runs have no 95% interval.
		{ms(100, 101, 102, 103, 104), ms(50, 51, 52, 53, 54, 55), false},
		{nil, ms(50, 51, 52, 53, 54, 55), false},
	} {
		if got := Apart(c.a, c.b); got != c.want {
			t.Errorf("Apart(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
