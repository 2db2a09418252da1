package stats

import (
	"math"

	moremath "github.com/aclements/go-moremath/stats"
)

// Wilson is the Wilson score interval, at a confidence level, of the share
// k/n: k successes of n, where k may be fractional (a mean of per-task
// shares times n). It is statsmodels' proportion_confint(k, n,
// method='wilson'), clipped to [0, 1]. It is NaN, NaN when n <= 0, k is
// outside [0, n] or the confidence outside (0, 1).
func Wilson(k, n, confidence float64) (lo, hi float64) {
	if !(n > 0) || !(k >= 0 && k <= n) || !(confidence > 0 && confidence < 1) {
		return math.NaN(), math.NaN()
	}
	z := math.Sqrt2 * math.Erfinv(confidence)
	z2 := z * z
	p := k / n
	denom := 1 + z2/n
	center := (p + z2/(2*n)) / denom
	half := z * math.Sqrt(p*(1-p)/n+z2/(4*n*n)) / denom
	// Rounding can take an end a hair past the share's range at k = 0 or n.
	return max(0, center-half), min(1, center+half)
}

// McNemarExact is the two-sided p-value of McNemar's exact test on the
// discordant pairs of a paired comparison: b where A is right and B wrong,
// c the other way round. It is min(1, 2·P(X <= min(b, c))) for X binomial
// with b+c trials and probability ½, and 1 when there are no discordant
// pairs: statsmodels' mcnemar(table, exact=True).pvalue. Negative counts
// give NaN. (Beyond about 10⁵ nearly even discordant pairs, where p is
// over 0.3, it is the normal approximation's, to about 1/(b+c).)
func McNemarExact(b, c int) float64 {
	if b < 0 || c < 0 {
		return math.NaN()
	}
	if b+c == 0 {
		return 1
	}
	return min(1, 2*binomialCDF(b+c, min(b, c), 0.5))
}

// binomialCDF is P(X <= k) for X binomial with n trials and probability p.
// go-moremath's incomplete beta function gives up, panicking, when n is
// over about 10⁵ and k near the mean; there the normal approximation with
// continuity correction is used, whose error is of order 1/n at p = ½
// (McNemar's case) and 1/√n otherwise.
func binomialCDF(n, k int, p float64) (cdf float64) {
	d := moremath.BinomialDist{N: n, P: p}
	defer func() {
		if recover() != nil {
			cdf = d.NormalApprox().CDF(float64(k) + 0.5)
		}
	}()
	return d.CDF(float64(k))
}

// DetectableDifference is the smallest difference d in a paired share
// (such as the self-consistency of two models on the same n tasks) that
// McNemar's exact test at level alpha (two-sided) detects with the given
// power, in the most favourable case: every discordant pair favours the
// same model (one model is never right where the other is wrong, p01 = 0,
// p10 = d). There the number m of discordant pairs is Binomial(n, d) and
// the test rejects when McNemarExact(m, 0) = 2·½^m < alpha. Any other pair
// of models with the same difference has discordant pairs going both ways,
// which only add noise, so no smaller difference can be shown on n tasks,
// whatever the models.
//
// d is found by bisection on (0, 1] and is at most 1e-4 above the exact
// value, never below it. It is NaN when even d = 1 can't be shown (n too
// small: n < 6 at alpha 0.05), or alpha isn't in (0, 1) or power in (0, 1].
func DetectableDifference(n int, alpha, power float64) float64 {
	if n < 1 || !(alpha > 0 && alpha < 1) || !(power > 0 && power <= 1) {
		return math.NaN()
	}
	// m is the fewest discordant pairs, all one way, on which the test rejects.
	m := 1
	for m <= n && !(McNemarExact(m, 0) < alpha) {
		m++
	}
	if m > n {
		return math.NaN()
	}
	reject := func(d float64) float64 {
		return 1 - binomialCDF(n, m-1, d)
	}
	lo, hi := 0.0, 1.0
	for hi-lo > 1e-4 {
		mid := (lo + hi) / 2
		if reject(mid) >= power {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}
