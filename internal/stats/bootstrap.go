package stats

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// Statistic is what a bootstrap interval is of.
type Statistic string

const (
	// Mean is the arithmetic mean.
	Mean Statistic = "mean"
	// Median is the middle value, or the mean of the two middle values of
	// an even count.
	Median Statistic = "median"
)

// ParseStatistic is the Statistic named s: "mean" or "median".
func ParseStatistic(s string) (Statistic, error) {
	switch st := Statistic(s); st {
	case Mean, Median:
		return st, nil
	}
	return "", fmt.Errorf("unknown statistic %q: want %q or %q", s, Mean, Median)
}

// Resamples is the number of resamples B of a bootstrap.
const Resamples = 2000

// Bootstrap is the percentile bootstrap interval, at a confidence level,
// of a statistic of the sample x: the statistic of Resamples resamples of
// x drawn with replacement, of which lo is the r-th smallest and hi the
// r-th largest, r = ⌈B·(1−confidence)/2⌉ (at least 1): at 0.95 the 50th
// and the 1951st of 2000.
//
// The resamples are drawn by a PCG seeded from a hash of x's values, taken
// in sorted order, so the same values, in any order, give the same
// interval on every run. It is NaN, NaN when x is empty or holds a NaN,
// the statistic is unknown or the confidence outside (0, 1).
func Bootstrap(x []float64, stat Statistic, confidence float64) (lo, hi float64) {
	if len(x) == 0 || slices.ContainsFunc(x, math.IsNaN) || !known(stat) || !(confidence > 0 && confidence < 1) {
		return math.NaN(), math.NaN()
	}
	s := slices.Clone(x)
	slices.Sort(s)
	order := make([]int, len(s))
	for i := range order {
		order[i] = i
	}
	rng := seeded(s)
	counts := make([]int, len(s))
	t := make([]float64, Resamples)
	for j := range t {
		resample(rng, counts)
		t[j] = stat.of(s, order, counts)
	}
	return percentiles(t, confidence)
}

// PairedBootstrap is the percentile bootstrap interval, at a confidence
// level, of the difference stat(a) − stat(b) of paired samples (a[i] and
// b[i] measured on the same task i), and its two-sided p-value: the
// resamples draw task indices with replacement, keeping each pair
// together, and the interval is read off their differences as in
// Bootstrap.
//
// The p-value is min(1, 2·(k+1)/(B+1)), where k is the fewer of the
// resampled differences <= 0 and those >= 0, but never under 2·0.5^m for
// m pairs that differ, the least an exact sign test of them can give: a
// difference every resample keeps positive has p = 2/(B+1) ≈ 0.001 over
// 11 or more differing pairs and 0.0625 over 5, and identical a and b
// have p = 1.
//
// The pairs are seeded and resampled in sorted order, so the same pairs
// in any order give the same result. It is NaN, NaN, NaN when a and b
// differ in length, are empty or hold a NaN, the statistic is unknown or
// the confidence outside (0, 1).
func PairedBootstrap(a, b []float64, stat Statistic, confidence float64) (lo, hi, p float64) {
	nan := math.NaN()
	if len(a) != len(b) || len(a) == 0 || slices.ContainsFunc(a, math.IsNaN) || slices.ContainsFunc(b, math.IsNaN) ||
		!known(stat) || !(confidence > 0 && confidence < 1) {
		return nan, nan, nan
	}
	pairs := make([][2]float64, len(a))
	for i := range a {
		pairs[i] = [2]float64{a[i], b[i]}
	}
	slices.SortFunc(pairs, func(x, y [2]float64) int {
		return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1]))
	})
	sa, sb := make([]float64, len(pairs)), make([]float64, len(pairs))
	for i, pr := range pairs {
		sa[i], sb[i] = pr[0], pr[1]
	}
	orderA, orderB := make([]int, len(pairs)), make([]int, len(pairs))
	for i := range orderA {
		orderA[i], orderB[i] = i, i
	}
	// sa is sorted already; the medians of b's resamples need b's order.
	slices.SortStableFunc(orderB, func(i, j int) int { return cmp.Compare(sb[i], sb[j]) })

	rng := seeded(append(slices.Clone(sa), sb...))
	counts := make([]int, len(pairs))
	t := make([]float64, Resamples)
	var below, above int
	for j := range t {
		resample(rng, counts)
		t[j] = stat.of(sa, orderA, counts) - stat.of(sb, orderB, counts)
		if t[j] <= 0 {
			below++
		}
		if t[j] >= 0 {
			above++
		}
	}
	lo, hi = percentiles(t, confidence)
	p = min(1, 2*float64(min(below, above)+1)/float64(Resamples+1))
	// A bootstrap over a handful of tasks that all agree reads p ≈ 0.001
	// however few they are; no test of m paired differences can honestly
	// claim less than the exact sign test's 2·0.5^m.
	differ := 0
	for i := range a {
		if a[i] != b[i] {
			differ++
		}
	}
	p = max(p, min(1, 2*math.Pow(0.5, float64(differ))))
	return lo, hi, p
}

func known(stat Statistic) bool {
	_, err := ParseStatistic(string(stat))
	return err == nil
}

// seeded is a PCG seeded from the values' bits.
func seeded(values []float64) *rand.PCG {
	h := fnv.New128a()
	var buf [8]byte
	for _, v := range values {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
		h.Write(buf[:])
	}
	sum := h.Sum(nil)
	return rand.NewPCG(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:]))
}

// resample sets counts[i] to how many times index i is drawn in len(counts)
// draws with replacement. The index is the high word of a PCG output times
// n (Lemire's method, without rejection: a bias under n/2⁶⁴), taken from
// the PCG itself rather than rand.Rand so that no Go release can change
// the draws.
func resample(rng *rand.PCG, counts []int) {
	clear(counts)
	n := uint64(len(counts))
	for range counts {
		i, _ := bits.Mul64(rng.Uint64(), n)
		counts[i]++
	}
}

// of is the statistic of the resample that holds x[i] counts[i] times;
// order lists x's indices from the smallest value up.
func (stat Statistic) of(x []float64, order, counts []int) float64 {
	n := 0
	for _, c := range counts {
		n += c
	}
	if stat == Mean {
		sum := 0.0
		for i, c := range counts {
			sum += float64(c) * x[i]
		}
		return sum / float64(n)
	}
	// The values at 0-based ranks (n−1)/2 and n/2, which are one and the
	// same for an odd count.
	lowRank, highRank := (n-1)/2, n/2
	var low float64
	seen := 0
	for _, i := range order {
		seen += counts[i]
		if seen > lowRank && seen-counts[i] <= lowRank {
			low = x[i]
		}
		if seen > highRank {
			return (low + x[i]) / 2
		}
	}
	return math.NaN()
}

// percentiles sorts t and returns its r-th smallest and r-th largest
// values, r = ⌈len(t)·(1−confidence)/2⌉, at least 1.
func percentiles(t []float64, confidence float64) (lo, hi float64) {
	slices.Sort(t)
	// The tolerance keeps 2000·(1−0.95)/2, which is 50.00000000000004 in
	// floating point, at 50.
	r := int(math.Ceil(float64(len(t))*(1-confidence)/2 - 1e-9))
	r = min(max(r, 1), (len(t)+1)/2)
	return t[r-1], t[len(t)-r]
}
