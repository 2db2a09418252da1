// Package stats holds the statistics perfcon reports. Those of repeated
// timings are computed by benchstat's own package
// (golang.org/x/perf/benchmath, AssumeNothing), so a number here is the
// one benchstat prints for the same repeats: the two-sided Mann–Whitney U
// test, and the confidence interval of a median. Those of shares of tasks
// and of paired comparisons across tasks are the Wilson interval,
// McNemar's exact test and the smallest difference it can detect,
// deterministic bootstrap intervals, and the Benjamini–Hochberg and Holm
// adjustments for many comparisons; the distributions are go-moremath's,
// which benchmath is built on, and testdata/reference.py checks them
// against statsmodels. The SQL functions of package duck, validation's
// speed test and the adaptive repeats of measure all call it.
package stats

import (
	"golang.org/x/perf/benchmath"
)

// Compare is the two-sided Mann–Whitney U test of a against b: its
// p-value (1 when the test can't be made), and benchstat's warnings at
// level alpha, such as too few repeats to ever reach it.
func Compare(a, b []float64, alpha float64) (p float64, warnings []string) {
	th := benchmath.DefaultThresholds
	th.CompareAlpha = alpha
	c := benchmath.AssumeNothing.Compare(benchmath.NewSample(a, &th), benchmath.NewSample(b, &th))
	for _, w := range c.Warnings {
		warnings = append(warnings, w.Error())
	}
	return c.P, warnings
}

// UTestP is Compare's p-value.
func UTestP(a, b []float64) float64 {
	p, _ := Compare(a, b, benchmath.DefaultThresholds.CompareAlpha)
	return p
}

// MedianCI is the median of x and its confidence interval at a level; the
// ends are infinite when x is too small for that level (under 6 values at
// 0.95), where benchstat prints ±∞.
func MedianCI(x []float64, confidence float64) (lo, median, hi float64) {
	th := benchmath.DefaultThresholds
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample(x, &th), confidence)
	return s.Lo, s.Center, s.Hi
}
