package chart

import (
	"slices"
	"testing"

	"gonum.org/v1/plot"
)

func labels(ticks []plot.Tick) []string {
	var out []string
	for _, t := range ticks {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}

func TestLogTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   []string
	}{
		{0.4, 3, []string{"0.5", "1", "2"}},
		{0.8, 12, []string{"1", "2", "5", "10"}},
		{0.001, 20, []string{"0.001", "0.01", "0.1", "1", "10"}}, // wide: powers only
	}
	for _, tt := range tests {
		if got := labels(logTicks(tt.lo, tt.hi)); !slices.Equal(got, tt.want) {
			t.Errorf("logTicks(%v, %v) labels = %q, want %q", tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestIntegerTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   []string
	}{
		{1, 3, []string{"1", "2", "3"}},
		{0.5, 2.5, []string{"1", "2"}},
		{1, 12, []string{"2", "4", "6", "8", "10", "12"}},
		{0, 100, []string{"0", "10", "20", "30", "40", "50", "60", "70", "80", "90", "100"}},
		{1, 40, []string{"5", "10", "15", "20", "25", "30", "35", "40"}},
	}
	for _, tt := range tests {
		if got := labels(integerTicks(tt.lo, tt.hi)); !slices.Equal(got, tt.want) {
			t.Errorf("integerTicks(%v, %v) labels = %q, want %q", tt.lo, tt.hi, got, tt.want)
		}
	}
}
