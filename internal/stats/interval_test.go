package stats

import (
	"math"
	"testing"
)

func TestWilson(t *testing.T) {
	for _, c := range []struct {
		k, n, confidence float64
		nan              bool
	}{
		{k: 3, n: 6, confidence: 0.95},
		{k: 0, n: 6, confidence: 0.95},
		{k: 6, n: 6, confidence: 0.95},
		{k: 12.5, n: 40, confidence: 0.9},
		{k: 1, n: 0, confidence: 0.95, nan: true},
		{k: 0, n: -3, confidence: 0.95, nan: true},
		{k: 7, n: 6, confidence: 0.95, nan: true},
		{k: -1, n: 6, confidence: 0.95, nan: true},
		{k: 3, n: 6, confidence: 1, nan: true},
		{k: 3, n: 6, confidence: 0, nan: true},
		{k: math.NaN(), n: 6, confidence: 0.95, nan: true},
	} {
		lo, hi := Wilson(c.k, c.n, c.confidence)
		if c.nan {
			if !math.IsNaN(lo) || !math.IsNaN(hi) {
				t.Errorf("Wilson(%v, %v, %v) = %v, %v, want NaN, NaN", c.k, c.n, c.confidence, lo, hi)
			}
			continue
		}
		if share := c.k / c.n; !(0 <= lo && lo <= share && share <= hi && hi <= 1) {
			t.Errorf("Wilson(%v, %v, %v) = %v, %v: not around %v within [0, 1]", c.k, c.n, c.confidence, lo, hi, share)
		}
	}
	// A higher confidence or fewer tasks widen the interval.
	lo90, hi90 := Wilson(20, 40, 0.9)
	lo95, hi95 := Wilson(20, 40, 0.95)
	lo10, hi10 := Wilson(5, 10, 0.95)
	if !(lo95 < lo90 && hi90 < hi95 && lo10 < lo95 && hi95 < hi10) {
		t.Errorf("Wilson at 20/40 0.9: %v–%v, 0.95: %v–%v, 5/10 0.95: %v–%v", lo90, hi90, lo95, hi95, lo10, hi10)
	}
}

// McNemar's test on the paired outcomes of two models, from the outcome
// vectors themselves: only the tasks where they differ count.
func TestMcNemarPaired(t *testing.T) {
	// right is a vector of n outcomes, right on the tasks in [from, to).
	right := func(n, from, to int) []bool {
		v := make([]bool, n)
		for i := from; i < to; i++ {
			v[i] = true
		}
		return v
	}
	for _, c := range []struct {
		name        string
		a, b        []bool
		significant bool
	}{
		// A is right on 30 of 40 and B on 10 of them: 20 discordant, all A's.
		{"30 vs 10 of 40, nested", right(40, 0, 30), right(40, 0, 10), true},
		// Right on 21 and on the other 19: 40 discordant, nearly even.
		{"21 vs 19 of 40, disjoint", right(40, 0, 21), right(40, 21, 40), false},
		// Right on 21 and on 19 of them: only 2 discordant.
		{"21 vs 19 of 40, nested", right(40, 0, 21), right(40, 0, 19), false},
		{"6 vs 0 of 6", right(6, 0, 6), right(6, 0, 0), true},
		{"5 vs 0 of 6", right(6, 0, 5), right(6, 0, 0), false},
		{"identical", right(40, 5, 25), right(40, 5, 25), false},
	} {
		var b, cc int
		for i := range c.a {
			switch {
			case c.a[i] && !c.b[i]:
				b++
			case !c.a[i] && c.b[i]:
				cc++
			}
		}
		p := McNemarExact(b, cc)
		if (p < 0.05) != c.significant {
			t.Errorf("%s: McNemarExact(%d, %d) = %v, want significant at 0.05: %v", c.name, b, cc, p, c.significant)
		}
		if q := McNemarExact(cc, b); q != p {
			t.Errorf("%s: McNemarExact isn't symmetric: %v and %v", c.name, p, q)
		}
	}
	// Large nearly even counts, where the incomplete beta function doesn't
	// converge, against statsmodels 0.13.5.
	for _, c := range []struct {
		b, c int
		want float64
	}{
		{500250, 499750, 0.617779406050483},
		{500000, 500000, 1},
		{100100, 99900, 0.6563361018311282},
		{50000100, 49999900, 0.9841231451590303},
	} {
		if got := McNemarExact(c.b, c.c); math.Abs(got-c.want) > 1e-5 {
			t.Errorf("McNemarExact(%d, %d) = %v; statsmodels %v", c.b, c.c, got, c.want)
		}
	}
	if p := McNemarExact(-1, 3); !math.IsNaN(p) {
		t.Errorf("McNemarExact(-1, 3) = %v, want NaN", p)
	}
}

func TestDetectableDifference(t *testing.T) {
	for _, c := range []struct {
		n            int
		alpha, power float64
		want         float64 // NaN for none
	}{
		// At 6 tasks the test rejects only on 6 discordant pairs of 6: d⁶ >= 0.8.
		{6, 0.05, 0.8, math.Pow(0.8, 1.0/6)},
		// At 0.01 it needs 8 of 8.
		{8, 0.01, 0.5, math.Pow(0.5, 1.0/8)},
		{5, 0.05, 0.8, math.NaN()},
		{7, 0.01, 0.8, math.NaN()},
		{0, 0.05, 0.8, math.NaN()},
		{40, 0, 0.8, math.NaN()},
		{40, 0.05, 0, math.NaN()},
		{40, 0.05, 1.5, math.NaN()},
	} {
		got := DetectableDifference(c.n, c.alpha, c.power)
		switch {
		case math.IsNaN(c.want) && math.IsNaN(got):
		case got >= c.want && got-c.want <= 1e-4:
		default:
			t.Errorf("DetectableDifference(%d, %v, %v) = %v, want %v", c.n, c.alpha, c.power, got, c.want)
		}
	}
	// More tasks show smaller differences; more power needs larger ones.
	prev := 1.0
	for _, n := range []int{6, 7, 10, 20, 40, 100, 400, 1000} {
		d := DetectableDifference(n, 0.05, 0.8)
		if !(d < prev) {
			t.Errorf("DetectableDifference(%d, 0.05, 0.8) = %v, not below %v for fewer tasks", n, d, prev)
		}
		prev = d
	}
	if d50, d90 := DetectableDifference(40, 0.05, 0.5), DetectableDifference(40, 0.05, 0.9); !(d50 < d90) {
		t.Errorf("DetectableDifference(40, 0.05, ·) at power 0.5: %v, 0.9: %v", d50, d90)
	}
	// The power at the answer is the one asked for: a check by simulation
	// would be slow, so by the binomial directly, the test needing 6 pairs.
	d := DetectableDifference(40, 0.05, 0.8)
	power := 0.0
	for m := 6; m <= 40; m++ {
		power += binomPMF(40, m, d)
	}
	if !(power >= 0.8 && power < 0.8+1e-3) {
		t.Errorf("power at DetectableDifference(40, 0.05, 0.8) = %v: %v", d, power)
	}
}

func binomPMF(n, k int, p float64) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return math.Exp(a - b - c + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
}

func TestAdjustNaN(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name   string
		adjust func([]float64) []float64
		p      []float64
		want   []float64
	}{
		// The NaN isn't counted: m is 2, as for [0.01, 0.04] alone.
		{"bh", AdjustBH, []float64{0.01, nan, 0.04}, []float64{0.02, nan, 0.04}},
		{"holm", AdjustHolm, []float64{0.01, nan, 0.04}, []float64{0.02, nan, 0.04}},
		{"bh capped", AdjustBH, []float64{0.9, 0.8}, []float64{0.9, 0.9}},
		{"holm capped", AdjustHolm, []float64{0.9, 0.8}, []float64{1, 1}},
		{"bh empty", AdjustBH, nil, []float64{}},
		{"bh all NaN", AdjustBH, []float64{nan}, []float64{nan}},
	} {
		got := c.adjust(c.p)
		if len(got) != len(c.want) {
			t.Errorf("%s: %v → %v, want %v", c.name, c.p, got, c.want)
			continue
		}
		for i := range got {
			if !(math.IsNaN(got[i]) && math.IsNaN(c.want[i]) || math.Abs(got[i]-c.want[i]) < 1e-12) {
				t.Errorf("%s: %v → %v, want %v", c.name, c.p, got, c.want)
				break
			}
		}
	}
}
