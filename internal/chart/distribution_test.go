package chart

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/plot/plotter"
)

func TestSpeedupDistributionGroups(t *testing.T) {
	d, err := speedupDistribution(speedups())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"alloc", "cpu", "io"}; !slices.Equal(d.categories, want) {
		t.Errorf("categories = %q, want %q", d.categories, want)
	}
	if want := []string{"human fix", "claude", "gpt"}; !slices.Equal(d.models, want) {
		t.Errorf("models = %q, want %q", d.models, want)
	}
	// One box per (category, model) with a usable speedup; NULL, NaN, Inf,
	// 0 and negative speedups leave (alloc, human fix), (cpu, claude) and
	// (cpu, gpt) without one.
	want := map[[2]string]plotter.Values{
		{"io", "gpt"}:        {1.5, 2.0, 0.8},
		{"io", "human fix"}:  {3.0, 2.5},
		{"alloc", "claude"}:  {1.1, 4},
		{"alloc", "gpt"}:     {0.5},
		{"cpu", "human fix"}: {10},
	}
	if diff := cmp.Diff(want, d.values); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
}

func TestOrderModels(t *testing.T) {
	tests := []struct{ in, want []string }{
		{[]string{"gpt", "human fix", "claude"}, []string{"human fix", "claude", "gpt"}},
		{[]string{"gpt", "claude"}, []string{"claude", "gpt"}},
		{[]string{"human fix"}, []string{"human fix"}},
		{nil, []string{}},
	}
	for _, tt := range tests {
		if got := orderModels(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("orderModels(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
