package chart

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/perfcon/perfcon/internal/duck"
)

func TestConsistencyGrid(t *testing.T) {
	g, err := newConsistencyGrid(consistency())
	if err != nil {
		t.Fatal(err)
	}
	if c, r := g.Dims(); c != 2 || r != 2 {
		t.Fatalf("Dims() = %d, %d, want 2, 2", c, r)
	}
	// Columns follow first-seen categories; rows put the first model on top.
	if want := []string{"io", "cpu"}; !slices.Equal(g.categories, want) {
		t.Errorf("categories = %q, want %q", g.categories, want)
	}
	if want := []string{"claude", "gpt"}; !slices.Equal(g.rowNames(), want) {
		t.Errorf("rowNames() = %q, want %q (bottom to top)", g.rowNames(), want)
	}
	tests := []struct {
		c, r int
		want float64 // NaN: no data
	}{
		{0, 1, 0.75},       // gpt, io
		{1, 1, 1.0 / 3},    // gpt, cpu
		{0, 0, math.NaN()}, // claude, io is NULL
		{1, 0, 0.9},        // claude, cpu
	}
	for _, tt := range tests {
		got := g.Z(tt.c, tt.r)
		if got != tt.want && !(math.IsNaN(got) && math.IsNaN(tt.want)) {
			t.Errorf("Z(%d, %d) = %v, want %v", tt.c, tt.r, got, tt.want)
		}
	}

	values, intervals := g.labels()
	checkLabels(t, "values", values, map[plotter.XY]string{{X: 0, Y: 1}: "0.75", {X: 1, Y: 1}: "0.33", {X: 1, Y: 0}: "0.90"})
	checkLabels(t, "intervals", intervals, nil) // the result has no interval columns
	if xys := g.withoutTasks(); len(xys) != 0 {
		t.Errorf("withoutTasks() = %v for a result without a tasks column", xys)
	}
}

func TestConsistencyGridIntervals(t *testing.T) {
	g, err := newConsistencyGrid(consistencyIntervals())
	if err != nil {
		t.Fatal(err)
	}
	values, intervals := g.labels()
	checkLabels(t, "values", values, map[plotter.XY]string{
		{X: 0, Y: 2}: "0.50", {X: 1, Y: 2}: "0.75", {X: 1, Y: 1}: "0.90", {X: 0, Y: 0}: "1.00",
	})
	checkLabels(t, "intervals", intervals, map[plotter.XY]string{
		{X: 0, Y: 2}: "[0.19–0.81]", // gpt, io
		{X: 1, Y: 1}: "[0.60–0.98]", // claude, cpu: bounds given high first
		{X: 0, Y: 0}: "[0.72–1.00]", // human fix, io
		// gpt, cpu has a NULL bound: its interval is unknown.
	})
	// claude, io has 0 tasks and human fix, cpu NULL tasks: no share
	// whatever self_consistent holds.
	want := []plotter.XY{{X: 1, Y: 0}, {X: 0, Y: 1}}
	if got := g.withoutTasks(); !slices.Equal(got, want) {
		t.Errorf("withoutTasks() = %v, want %v", got, want)
	}
	for _, xy := range want {
		if z := g.Z(int(xy.X), int(xy.Y)); !math.IsNaN(z) {
			t.Errorf("Z at %v = %v, want NaN for a cell without tasks", xy, z)
		}
	}
}

func checkLabels(t *testing.T, name string, l plotter.XYLabels, want map[plotter.XY]string) {
	t.Helper()
	got := map[plotter.XY]string{}
	for i, xy := range l.XYs {
		got[xy] = l.Labels[i]
	}
	if len(got) != len(want) {
		t.Errorf("%s labels = %v, want %v", name, got, want)
	}
	for xy, s := range want {
		if got[xy] != s {
			t.Errorf("%s label at %v = %q, want %q", name, xy, got[xy], s)
		}
	}
}

func TestConsistencyHeatmapLabels(t *testing.T) {
	tests := []struct {
		name           string
		r              *duck.Result
		values, bounds int
		noTasks        bool
	}{
		{"without intervals", consistency(), 3, 0, false},
		{"with intervals", consistencyIntervals(), 4, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ConsistencyHeatmap(tt.r)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "heat.svg")
			if err := c.Save(path); err != nil {
				t.Fatal(err)
			}
			svg := readSVG(t, path)
			// Shares print with two decimals, as do the scale's 0.25 and 0.75.
			if n := countMatches(svg, `>\d\.\d\d</text>`) - 2; n != tt.values {
				t.Errorf("SVG has %d share labels, want %d", n, tt.values)
			}
			if n := countMatches(svg, `>\[\d\.\d\d–\d\.\d\d\]</text>`); n != tt.bounds {
				t.Errorf("SVG has %d interval labels, want %d", n, tt.bounds)
			}
			for _, tick := range []string{"0", "0.25", "0.5", "0.75", "1", "no data"} {
				if !strings.Contains(svg, svgText(tick)) {
					t.Errorf("SVG has no colour scale text %q", tick)
				}
			}
			if got := strings.Contains(svg, svgText("no tasks")); got != tt.noTasks {
				t.Errorf("SVG has a \"no tasks\" key: %v, want %v", got, tt.noTasks)
			}
			if strings.Contains(svg, "NaN") {
				t.Error("SVG labels a NULL cell NaN")
			}
		})
	}
}

// TestConsistencyHeatmapLayout checks, over grids small and large, that
// the colour scale fits right of the cells within the page, the cells sit
// below the title, and each cell is wide enough for its interval label.
func TestConsistencyHeatmapLayout(t *testing.T) {
	tests := []struct {
		models, categories int
		model, category    string
	}{
		{1, 1, "m", "io"},
		{2, 2, "gpt", "cpu"},
		{8, 12, "model-%d-long-name", "category_%d"},
		{3, 20, "gpt-%d", "very_long_category_name_%d"},
		{15, 3, "anthropic/claude-model-%d", "c%d"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%dx%d", tt.models, tt.categories), func(t *testing.T) {
			name := func(format string, i int) string {
				if strings.Contains(format, "%") {
					return fmt.Sprintf(format, i)
				}
				return format
			}
			r := &duck.Result{Columns: []string{"model", "category", "tasks", "self_consistent", "self_consistent_lo", "self_consistent_hi"}}
			for m := range tt.models {
				for c := range tt.categories {
					r.Rows = append(r.Rows, []any{name(tt.model, m), name(tt.category, c), int64(1 + m%3), 0.5, 0.19, 0.81})
				}
			}
			ch, err := ConsistencyHeatmap(r)
			if err != nil {
				t.Fatal(err)
			}
			page := draw.New(vgimg.New(ch.Width, ch.Height))
			data := ch.Plot.DataCanvas(page)
			title := ch.Plot.Title.TextStyle.Rectangle(ch.Plot.Title.Text).Size().Y
			if top := page.Max.Y - title; data.Max.Y > top {
				t.Errorf("cells reach %v, above the title's bottom %v", data.Max.Y, top)
			}
			scale := colorScale{text: ch.Plot.Y.Tick.Label, ticks: []float64{0, 0.25, 0.5, 0.75, 1}, keys: []scaleKey{{"no data", nil}}}
			if right := data.Max.X + scale.width(); right > page.Max.X+vg.Points(0.5) {
				t.Errorf("colour scale ends at %v, past the page's %v", right, page.Max.X)
			}
			cell := data.Size().X / vg.Length(tt.categories)
			widest := ch.Plot.Y.Tick.Label.Width("[0.19–0.81]") // 10pt: wider than the 8pt label
			if cell < 0.8*widest {
				t.Errorf("cells are %v wide, too narrow for an interval label (%v at 10pt)", cell, widest)
			}
		})
	}
}
