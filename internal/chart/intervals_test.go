package chart

import (
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/perfcon/perfcon/internal/duck"
)

func countMatches(s, pattern string) int {
	return len(regexp.MustCompile(pattern).FindAllStringIndex(s, -1))
}

func TestInterval(t *testing.T) {
	row := []any{0.2, 0.8, nil, math.NaN(), int64(3), int32(1), "x"}
	tests := []struct {
		name   string
		b      [2]int
		lo, hi float64
		ok     bool
	}{
		{"both known", [2]int{0, 1}, 0.2, 0.8, true},
		{"integers, out of order", [2]int{4, 5}, 1, 3, true},
		{"NULL bound", [2]int{0, 2}, 0, 0, false},
		{"NaN bound", [2]int{3, 1}, 0, 0, false},
		{"not a number", [2]int{0, 6}, 0, 0, false},
		{"column absent", [2]int{-1, 1}, 0, 0, false},
	}
	for _, tt := range tests {
		lo, hi, ok := interval(row, tt.b)
		if ok != tt.ok || lo != tt.lo || hi != tt.hi {
			t.Errorf("%s: interval = %v, %v, %v, want %v, %v, %v", tt.name, lo, hi, ok, tt.lo, tt.hi, tt.ok)
		}
	}
}

func TestBoundsColumns(t *testing.T) {
	r := &duck.Result{Columns: []string{"x", "x_hi", "y", "x_lo"}}
	if got, want := boundsColumns(r, "x"), [2]int{3, 1}; got != want {
		t.Errorf("boundsColumns(x) = %v, want %v", got, want)
	}
	if got, want := boundsColumns(r, "y"), [2]int{-1, -1}; got != want {
		t.Errorf("boundsColumns(y) = %v, want %v", got, want)
	}
}

func TestSpread(t *testing.T) {
	tests := []struct{ v, lo, hi, below, above float64 }{
		{0.5, 0.2, 0.9, 0.3, 0.4},
		{45.6, 45.61, 60, 0, 14.4}, // rounded value just below its bound
		{1, 0.7, 1, 0.3, 0},
	}
	for _, tt := range tests {
		below, above := spread(tt.v, tt.lo, tt.hi)
		if math.Abs(below-tt.below) > 1e-9 || math.Abs(above-tt.above) > 1e-9 {
			t.Errorf("spread(%v, %v, %v) = %v, %v, want %v, %v", tt.v, tt.lo, tt.hi, below, above, tt.below, tt.above)
		}
	}
}

func TestDodge(t *testing.T) {
	tests := []struct {
		n          int
		step, most vg.Length
		want       []vg.Length
	}{
		{1, 5, 30, []vg.Length{0}},
		{2, 5, 30, []vg.Length{-2.5, 2.5}},
		{3, 5, 30, []vg.Length{-5, 0, 5}},
		{7, 6, 12, []vg.Length{-6, -4, -2, 0, 2, 4, 6}}, // spread capped at most
	}
	for _, tt := range tests {
		var got []vg.Length
		for i := range tt.n {
			got = append(got, dodge(i, tt.n, tt.step, tt.most))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("dodge over %d = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestShiftedGlyphBoxes(t *testing.T) {
	s, err := plotter.NewScatter(plotter.XYs{{X: 0, Y: 0}})
	if err != nil {
		t.Fatal(err)
	}
	p := plot.New()
	inner := s.GlyphBoxes(p)[0].Rectangle
	got := shifted{dataPlotter: s, dx: 3, dy: -4}.GlyphBoxes(p)[0].Rectangle
	if want := inner.Add(vg.Point{X: 3, Y: -4}); got != want {
		t.Errorf("shifted glyph box = %v, want %v", got, want)
	}
}

// TestOptionalIntervals drops interval columns, as an older queries
// folder lacks them: the chart still draws, without whiskers once every
// interval is gone.
func TestOptionalIntervals(t *testing.T) {
	tests := []struct {
		name     string
		chart    func(*duck.Result) (Chart, error)
		result   func() *duck.Result
		drop     []string
		whiskers bool // the chart still says it draws whiskers
	}{
		{"DPSByModel/dps", DPSByModel, dpsIntervals, []string{"dps_lo", "dps_hi"}, true},
		{"DPSByModel/all", DPSByModel, dpsIntervals, []string{"dps_lo", "dps_hi", "dps_norm_lo", "dps_norm_hi"}, false},
		{"DPSByModel/one bound", DPSByModel, dpsIntervals, []string{"dps_hi", "dps_norm_lo"}, false},
		{"SCCurve", SCCurve, scCurveIntervals, []string{"sc_n_lo"}, false},
		{"RefinementCurve", RefinementCurve, refinementIntervals, []string{"self_consistent_hi"}, false},
		{"RatesByModel/correct", RatesByModel, ratesIntervals, []string{"correct_lo", "correct_hi"}, true},
		{"RatesByModel/all", RatesByModel, ratesIntervals, []string{"correct_lo", "self_consistent_hi"}, false},
		{"ConsistencyHeatmap", ConsistencyHeatmap, consistencyIntervals, []string{"self_consistent_lo", "tasks"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.result()
			for _, col := range tt.drop {
				i := slices.Index(r.Columns, col)
				if i < 0 {
					t.Fatalf("fixture has no column %q", col)
				}
				r.Columns = slices.Delete(r.Columns, i, i+1)
				for j := range r.Rows {
					r.Rows[j] = slices.Delete(r.Rows[j], i, i+1)
				}
			}
			c, err := tt.chart(r)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "c.svg")
			if err := c.Save(path); err != nil {
				t.Fatal(err)
			}
			svg := readSVG(t, path)
			if got := strings.Contains(svg, "95% interval"); got != tt.whiskers {
				t.Errorf("chart mentions whiskers: %v, want %v", got, tt.whiskers)
			}
			if strings.Contains(svg, "–") {
				t.Error("heat map labels an interval whose bound is gone")
			}
		})
	}
}

func TestRatesByModelRows(t *testing.T) {
	c, err := RatesByModel(ratesIntervals())
	if err != nil {
		t.Fatal(err)
	}
	if c.Plot.X.Min != 0 || c.Plot.X.Max != 1 {
		t.Errorf("X range = %v..%v, want 0..1", c.Plot.X.Min, c.Plot.X.Max)
	}
	if c.Plot.Y.Min != -0.5 || c.Plot.Y.Max != 2.5 {
		t.Errorf("Y range = %v..%v, want -0.5..2.5 (three rows)", c.Plot.Y.Min, c.Plot.Y.Max)
	}
	// Ticks run bottom to top: the first row's model is on top.
	var got []string
	for _, tick := range c.Plot.Y.Tick.Marker.Ticks(c.Plot.Y.Min, c.Plot.Y.Max) {
		if tick.Label != "" {
			got = append(got, tick.Label)
		}
	}
	if want := []string{"claude", "gpt", "human fix"}; !slices.Equal(got, want) {
		t.Errorf("Y labels = %q, want %q", got, want)
	}
}
