package chart

import (
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/duck"
)

func speedups() *duck.Result {
	return &duck.Result{
		Columns: []string{"category", "model", "speedup"},
		Rows: [][]any{
			{"io", "gpt", 1.5}, {"io", "gpt", 2.0}, {"io", "gpt", 0.8},
			{"io", "human fix", 3.0}, {"io", "human fix", 2.5},
			{"alloc", "claude", 1.1}, {"alloc", "claude", int64(4)},
			{"alloc", "gpt", 0.5},
			{"alloc", "human fix", nil},               // NULL: skipped
			{"cpu", "claude", math.NaN()},             // non-finite: skipped
			{"cpu", "claude", math.Inf(1)},            // non-finite: skipped
			{"cpu", "gpt", 0.0}, {"cpu", "gpt", -2.0}, // not positive: skipped
			{"cpu", "human fix", 10.0},
		},
	}
}

func taskSpeedups() *duck.Result {
	return &duck.Result{
		Columns: []string{"task_id", "model", "human_speedup", "model_speedup"},
		Rows: [][]any{
			{"t1", "gpt", 2.0, 1.5},
			{"t1", "claude", 2.0, 0.0}, // rounded to 0: no place on a log axis
			{"t2", "gpt", 0.0, 3.0},
			{"t2", "claude", nil, 1.2},
		},
	}
}

func dpsScores() *duck.Result {
	return &duck.Result{
		Columns: []string{"model", "dps", "dps_norm"},
		Rows: [][]any{
			{"human fix", 90.0, 100.0},
			{"gpt", 45.5, nil},
			{"claude", int64(60), 66.7},
		},
	}
}

func consistency() *duck.Result {
	return &duck.Result{
		Columns: []string{"model", "category", "self_consistent"},
		Rows: [][]any{
			{"gpt", "io", 0.75},
			{"gpt", "cpu", 1.0 / 3},
			{"claude", "io", nil}, // no data: blank cell
			{"claude", "cpu", 0.9},
		},
	}
}

// consistencyIntervals is a consistency result as queries write it now,
// with each share's interval and the tasks behind it.
func consistencyIntervals() *duck.Result {
	return &duck.Result{
		Columns: []string{"model", "category", "tasks", "self_consistent", "self_consistent_lo", "self_consistent_hi"},
		Rows: [][]any{
			{"gpt", "io", int64(4), 0.5, 0.19, 0.81},
			{"gpt", "cpu", int64(4), 0.75, nil, 0.95},     // interval unknown
			{"claude", "io", int64(0), 0.6, 0.2, 0.9},     // no tasks
			{"claude", "cpu", int32(10), 0.9, 0.98, 0.60}, // bounds out of order
			{"human fix", "io", int64(5), 1.0, 0.72, 1.0},
			{"human fix", "cpu", nil, nil, nil, nil}, // NULL tasks
		},
	}
}

func dpsIntervals() *duck.Result {
	return &duck.Result{
		Columns: []string{"model", "tasks", "dps", "dps_lo", "dps_hi", "dps_norm", "dps_norm_lo", "dps_norm_hi"},
		Rows: [][]any{
			{"human fix", int64(10), 90.0, 85.2, 94.1, 100.0, 100.0, 100.0},
			{"gpt", int64(10), 45.5, 30.1, 60.7, nil, nil, nil},
			{"claude", int64(10), int64(60), nil, 77.0, 66.7, 50.0, 80.0}, // DPS interval unknown
		},
	}
}

func scCurveIntervals() *duck.Result {
	return &duck.Result{
		Columns: []string{"model", "n", "chains", "sc_n", "sc_n_lo", "sc_n_hi"},
		Rows: [][]any{
			{"gpt", int64(1), int64(20), 0.9, 0.7, 0.97}, {"gpt", int64(2), int64(20), 0.7, 0.48, 0.85},
			{"claude", int64(1), int64(20), 1.0, 0.84, 1.0}, {"claude", int64(2), int64(20), 0.8, nil, nil},
		},
	}
}

func refinementIntervals() *duck.Result {
	return &duck.Result{
		Columns: []string{"chains_of", "step", "self_consistent", "self_consistent_lo", "self_consistent_hi"},
		Rows: [][]any{
			{"gpt", int64(0), 0.4, 0.2, 0.6}, {"gpt", int64(1), 0.6, 0.39, 0.78},
			{"routed pipeline", int64(0), 0.5, 0.3, 0.7}, {"routed pipeline", int64(1), 0.8, 0.58, 0.92},
		},
	}
}

// rates holds RatesByModel's required columns only, as TestErrors wants.
func rates() *duck.Result {
	return &duck.Result{
		Columns: []string{"model", "correct", "self_consistent"},
		Rows: [][]any{
			{"human fix", 1.0, 0.95},
			{"gpt", 0.7, nil},
			{"claude", int64(1), 0.45},
		},
	}
}

func ratesIntervals() *duck.Result {
	return &duck.Result{
		Columns: []string{"model", "correct", "correct_lo", "correct_hi", "self_consistent", "self_consistent_lo", "self_consistent_hi"},
		Rows: [][]any{
			{"human fix", 1.0, 0.83, 1.0, 0.95, 0.76, 0.99},
			{"gpt", 0.7, 0.48, 0.85, 0.5, 0.30, 0.70},
			{"claude", 0.8, nil, nil, 0.45, 0.26, 0.66},
		},
	}
}

func scCurve() *duck.Result {
	return &duck.Result{
		Columns: []string{"model", "n", "sc_n"},
		Rows: [][]any{
			{"gpt", int64(3), 0.5}, {"gpt", int64(1), 0.9}, {"gpt", int64(2), 0.7},
			{"claude", int32(1), 1.0}, {"claude", int32(2), 0.8}, {"claude", int32(3), nil},
		},
	}
}

func refinementCurve() *duck.Result {
	return &duck.Result{
		Columns: []string{"chains_of", "step", "self_consistent"},
		Rows: [][]any{
			{"gpt", int64(0), 0.4}, {"gpt", int64(1), 0.6}, {"gpt", int64(2), 0.7},
			{"routed pipeline", int64(0), 0.5}, {"routed pipeline", int64(1), 0.8},
		},
	}
}

// svgText is how the SVG backend writes a text element's content.
func svgText(s string) string { return ">" + s + "</text>" }

func TestSave(t *testing.T) {
	tests := []struct {
		name   string
		chart  func(*duck.Result) (Chart, error)
		result *duck.Result
		want   []string // text in the SVG
	}{
		{"SpeedupDistribution", SpeedupDistribution, speedups(),
			[]string{"human fix", "gpt", "claude", "alloc", "cpu", "io", "speedup t(before)/t(x)"}},
		{"DPSByModel", DPSByModel, dpsScores(),
			[]string{"human fix", "gpt", "claude", "DPS", "DPS_norm", "100"}},
		{"ConsistencyHeatmap", ConsistencyHeatmap, consistency(),
			[]string{"gpt", "claude", "io", "cpu", "0.75", "0.33", "0.90", "0", "0.5", "1", "no data"}},
		{"SCCurve", SCCurve, scCurve(),
			[]string{"gpt", "claude", "SC_n: share of chains consistent at every round up to n", "1", "2", "3"}},
		{"RefinementCurve", RefinementCurve, refinementCurve(),
			[]string{"gpt", "routed pipeline", "Self-consistent chains after each refinement step", "step (0: one-shot)", "0", "2"}},
		{"SpeedupByTask", SpeedupByTask, taskSpeedups(),
			[]string{"t1", "t2", "gpt", "claude", "human fix"}},
		{"DPSByModel/intervals", DPSByModel, dpsIntervals(),
			[]string{"human fix", "gpt", "claude", "DPS", "DPS_norm", "score (0..100), whiskers: 95% interval"}},
		{"ConsistencyHeatmap/intervals", ConsistencyHeatmap, consistencyIntervals(),
			[]string{"gpt", "claude", "human fix", "0.50", "[0.19–0.81]", "0.75", "[0.60–0.98]", "no data", "no tasks"}},
		{"SCCurve/intervals", SCCurve, scCurveIntervals(),
			[]string{"gpt", "claude", "SC_n (whiskers: 95% interval)"}},
		{"RefinementCurve/intervals", RefinementCurve, refinementIntervals(),
			[]string{"gpt", "routed pipeline", "self-consistent share (whiskers: 95% interval)"}},
		{"RatesByModel", RatesByModel, rates(),
			[]string{"human fix", "gpt", "claude", "self-consistent", "correct", "share of tasks (0..1)", "0.5"}},
		{"RatesByModel/intervals", RatesByModel, ratesIntervals(),
			[]string{"human fix", "gpt", "claude", "self-consistent", "correct", "share of tasks (0..1), whiskers: 95% interval"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.chart(tt.result)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			pngPath, svgPath := filepath.Join(dir, "c.png"), filepath.Join(dir, "c.svg")
			for _, p := range []string{pngPath, svgPath} {
				if err := c.Save(p); err != nil {
					t.Fatalf("Save(%s): %v", filepath.Base(p), err)
				}
			}
			f, err := os.Open(pngPath)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatalf("decoding PNG: %v", err)
			}
			if b := img.Bounds(); b.Dx() == 0 || b.Dy() == 0 {
				t.Errorf("PNG is %v", b)
			}
			svg := readSVG(t, svgPath)
			for _, w := range tt.want {
				if !strings.Contains(svg, svgText(w)) {
					t.Errorf("SVG has no text %q", w)
				}
			}
		})
	}
}

func readSVG(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "<svg") {
		t.Fatalf("%s is not SVG", filepath.Base(path))
	}
	return string(b)
}

func TestErrors(t *testing.T) {
	charts := []struct {
		name   string
		chart  func(*duck.Result) (Chart, error)
		result func() *duck.Result
	}{
		{"SpeedupDistribution", SpeedupDistribution, speedups},
		{"DPSByModel", DPSByModel, dpsScores},
		{"ConsistencyHeatmap", ConsistencyHeatmap, consistency},
		{"SCCurve", SCCurve, scCurve},
		{"RefinementCurve", RefinementCurve, refinementCurve},
		{"RatesByModel", RatesByModel, rates},
	}
	for _, c := range charts {
		for _, col := range c.result().Columns {
			t.Run(c.name+"/missing "+col, func(t *testing.T) {
				r := c.result()
				i := slices.Index(r.Columns, col)
				r.Columns = slices.Delete(r.Columns, i, i+1)
				for j := range r.Rows {
					r.Rows[j] = slices.Delete(r.Rows[j], i, i+1)
				}
				_, err := c.chart(r)
				if err == nil || !strings.Contains(err.Error(), `"`+col+`"`) {
					t.Errorf("error = %v, want one naming %q", err, col)
				}
			})
		}
		t.Run(c.name+"/empty", func(t *testing.T) {
			r := c.result()
			r.Rows = nil
			if _, err := c.chart(r); err == nil {
				t.Error("no error for a result without rows")
			}
		})
		t.Run(c.name+"/nil", func(t *testing.T) {
			if _, err := c.chart(nil); err == nil {
				t.Error("no error for a nil result")
			}
		})
	}
}

func TestNothingToPlot(t *testing.T) {
	tests := []struct {
		name  string
		chart func(*duck.Result) (Chart, error)
		r     *duck.Result
	}{
		{"SpeedupDistribution", SpeedupDistribution, &duck.Result{
			Columns: []string{"category", "model", "speedup"},
			Rows:    [][]any{{"io", "gpt", nil}, {"io", "gpt", 0.0}, {"io", "gpt", math.NaN()}},
		}},
		{"DPSByModel", DPSByModel, &duck.Result{
			Columns: []string{"model", "dps", "dps_norm"},
			Rows:    [][]any{{"gpt", nil, nil}, {"claude", math.NaN(), nil}},
		}},
		{"ConsistencyHeatmap", ConsistencyHeatmap, &duck.Result{
			Columns: []string{"model", "category", "self_consistent"},
			Rows:    [][]any{{"gpt", "io", nil}},
		}},
		{"SCCurve", SCCurve, &duck.Result{
			Columns: []string{"model", "n", "sc_n"},
			Rows:    [][]any{{"gpt", nil, 0.5}, {"gpt", int64(1), nil}},
		}},
		{"ConsistencyHeatmap/no tasks", ConsistencyHeatmap, &duck.Result{
			Columns: []string{"model", "category", "tasks", "self_consistent"},
			Rows:    [][]any{{"gpt", "io", int64(0), 0.5}, {"gpt", "cpu", nil, 0.5}},
		}},
		{"RatesByModel", RatesByModel, &duck.Result{
			Columns: []string{"model", "correct", "correct_lo", "correct_hi", "self_consistent"},
			Rows:    [][]any{{"gpt", nil, 0.1, 0.9, math.NaN()}, {"claude", math.Inf(1), nil, nil, nil}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.chart(tt.r); err == nil {
				t.Error("no error when every value is skipped")
			}
		})
	}
}
