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
			[]string{"gpt", "claude", "io", "cpu", "75%", "33%", "90%", "0%", "100%", "no data"}},
		{"SCCurve", SCCurve, scCurve(),
			[]string{"gpt", "claude", "SC_n: share of chains consistent at every round up to n", "1", "2", "3"}},
		{"RefinementCurve", RefinementCurve, refinementCurve(),
			[]string{"gpt", "routed pipeline", "Self-consistent chains after each refinement step", "step (0: one-shot)", "0", "2"}},
		{"SpeedupByTask", SpeedupByTask, taskSpeedups(),
			[]string{"t1", "t2", "gpt", "claude", "human fix"}},
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.chart(tt.r); err == nil {
				t.Error("no error when every value is skipped")
			}
		})
	}
}
