package chart

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
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

	l := g.labels()
	want := map[plotter.XY]string{{X: 0, Y: 1}: "75%", {X: 1, Y: 1}: "33%", {X: 1, Y: 0}: "90%"}
	got := map[plotter.XY]string{}
	for i, xy := range l.XYs {
		got[xy] = l.Labels[i]
	}
	if len(got) != len(want) {
		t.Errorf("labels = %v, want %v", got, want)
	}
	for xy, s := range want {
		if got[xy] != s {
			t.Errorf("label at %v = %q, want %q", xy, got[xy], s)
		}
	}
}

func TestConsistencyHeatmapLabels(t *testing.T) {
	c, err := ConsistencyHeatmap(consistency())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "heat.svg")
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	svg := readSVG(t, path)
	// Three cells have data; the legend adds 0%, 50% and 100%.
	if n := strings.Count(svg, "%</text>"); n != 3+3 {
		t.Errorf("SVG has %d percentage labels, want 6 (one per non-NULL cell, three in the legend)", n)
	}
	if strings.Contains(svg, "NaN") {
		t.Error("SVG labels a NULL cell NaN")
	}
}
