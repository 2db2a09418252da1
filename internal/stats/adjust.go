package stats

import (
	"cmp"
	"math"
	"slices"
)

// AdjustBH is the Benjamini–Hochberg adjustment of p-values for the false
// discovery rate: statsmodels' multipletests(p, method='fdr_bh'). The i-th
// smallest of m p-values becomes the least p_(j)·m/j over j >= i, at most
// 1. A NaN stays NaN and isn't counted in m.
func AdjustBH(p []float64) []float64 {
	adj, order := adjusted(p)
	m := len(order)
	running := 1.0
	for r := m - 1; r >= 0; r-- {
		i := order[r]
		running = min(running, p[i]*float64(m)/float64(r+1))
		adj[i] = running
	}
	return adj
}

// AdjustHolm is Holm's step-down adjustment of p-values for the
// family-wise error rate: statsmodels' multipletests(p, method='holm').
// The i-th smallest of m p-values becomes the greatest p_(j)·(m−j+1) over
// j <= i, at most 1. A NaN stays NaN and isn't counted in m.
func AdjustHolm(p []float64) []float64 {
	adj, order := adjusted(p)
	m := len(order)
	running := 0.0
	for r, i := range order {
		running = max(running, min(1, p[i]*float64(m-r)))
		adj[i] = running
	}
	return adj
}

// adjusted is a result with NaN where p is NaN, and the indices of p's
// other values from the smallest up.
func adjusted(p []float64) (adj []float64, order []int) {
	adj = make([]float64, len(p))
	for i, x := range p {
		if math.IsNaN(x) {
			adj[i] = math.NaN()
		} else {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(p[i], p[j]) })
	return adj, order
}
