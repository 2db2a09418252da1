package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// sample is n values, the same on every run.
func sample(n int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	x := make([]float64, n)
	for i := range x {
		x[i] = 10 + 2*r.NormFloat64()
	}
	return x
}

func statOf(stat Statistic, x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	if stat == Mean {
		sum := 0.0
		for _, v := range s {
			sum += v
		}
		return sum / float64(len(s))
	}
	return (s[(len(s)-1)/2] + s[len(s)/2]) / 2
}

func TestBootstrap(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name       string
		x          []float64
		stat       Statistic
		confidence float64
		lo, hi     float64 // NaN for a check of containment only
	}{
		{"constant", []float64{3, 3, 3, 3}, Mean, 0.95, 3, 3},
		{"one value", []float64{7}, Median, 0.95, 7, 7},
		{"mean of 40", sample(40, 1), Mean, 0.95, nan, nan},
		{"median of 40", sample(40, 1), Median, 0.95, nan, nan},
		{"median of an even count", []float64{1, 2, 3, 4}, Median, 0.95, nan, nan},
		{"shares", []float64{0, 0.2, 1, 1, 0.8, 0.6, 1, 0, 0.4, 1}, Mean, 0.9, nan, nan},
	} {
		lo, hi := Bootstrap(c.x, c.stat, c.confidence)
		if !math.IsNaN(c.lo) {
			if lo != c.lo || hi != c.hi {
				t.Errorf("%s: Bootstrap = %v, %v, want %v, %v", c.name, lo, hi, c.lo, c.hi)
			}
			continue
		}
		if s := statOf(c.stat, c.x); !(lo <= s && s <= hi && lo < hi) {
			t.Errorf("%s: Bootstrap = %v, %v, not around the %s %v", c.name, lo, hi, c.stat, s)
		}
	}
	for _, c := range []struct {
		name       string
		x          []float64
		stat       Statistic
		confidence float64
	}{
		{"empty", nil, Mean, 0.95},
		{"NaN", []float64{1, math.NaN()}, Mean, 0.95},
		{"unknown statistic", []float64{1, 2}, "mode", 0.95},
		{"confidence 1", []float64{1, 2}, Mean, 1},
		{"confidence 0", []float64{1, 2}, Mean, 0},
	} {
		if lo, hi := Bootstrap(c.x, c.stat, c.confidence); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("%s: Bootstrap = %v, %v, want NaN, NaN", c.name, lo, hi)
		}
	}
}

// The same values give the same interval whatever their order, and an
// interval narrows as the sample grows and widens with the confidence.
func TestBootstrapDeterministicAndShrinking(t *testing.T) {
	for _, stat := range []Statistic{Mean, Median} {
		x := sample(50, 2)
		lo, hi := Bootstrap(x, stat, 0.95)
		rev := slices.Clone(x)
		slices.Reverse(rev)
		if lo2, hi2 := Bootstrap(rev, stat, 0.95); lo2 != lo || hi2 != hi {
			t.Errorf("%s: reversed sample gives %v, %v, not %v, %v", stat, lo2, hi2, lo, hi)
		}
		if lo2, hi2 := Bootstrap(x, stat, 0.95); lo2 != lo || hi2 != hi {
			t.Errorf("%s: second run gives %v, %v, not %v, %v", stat, lo2, hi2, lo, hi)
		}
		if lo80, hi80 := Bootstrap(x, stat, 0.8); !(lo <= lo80 && hi80 <= hi && hi80-lo80 < hi-lo) {
			t.Errorf("%s: 0.8 interval %v, %v not inside 0.95's %v, %v", stat, lo80, hi80, lo, hi)
		}
		prev := math.Inf(1)
		for _, n := range []int{10, 40, 160, 640} {
			lo, hi := Bootstrap(sample(n, 3), stat, 0.95)
			if !(hi-lo < prev) {
				t.Errorf("%s: width at n=%d %v, not below %v for fewer", stat, n, hi-lo, prev)
			}
			prev = hi - lo
		}
	}
}

func TestPairedBootstrap(t *testing.T) {
	b := sample(30, 4)
	// a is b raised by 0.5 to 1.5 on every task.
	a := make([]float64, len(b))
	for i := range a {
		a[i] = b[i] + 0.5 + float64(i%11)/10
	}
	// noisy is b moved by ±1 alternately: no difference either way.
	noisy := make([]float64, len(b))
	for i := range noisy {
		noisy[i] = b[i] + float64(1-2*(i%2))
	}
	for _, c := range []struct {
		name  string
		a, b  []float64
		stat  Statistic
		check func(lo, hi, p float64) bool
		want  string
	}{
		{"better on every task, mean", a, b, Mean,
			func(lo, hi, p float64) bool { return lo > 0 && lo <= hi && p < 0.01 }, "lo > 0, p < 0.01"},
		{"better on every task, median", a, b, Median,
			func(lo, hi, p float64) bool { return lo > 0 && lo <= hi && p < 0.01 }, "lo > 0, p < 0.01"},
		{"worse on every task", b, a, Mean,
			func(lo, hi, p float64) bool { return hi < 0 && p < 0.01 }, "hi < 0, p < 0.01"},
		{"identical", b, b, Median,
			func(lo, hi, p float64) bool { return lo == 0 && hi == 0 && p == 1 }, "0, 0, 1"},
		{"no difference", noisy, b, Mean,
			func(lo, hi, p float64) bool { return lo < 0 && 0 < hi && p > 0.2 }, "lo < 0 < hi, p > 0.2"},
		// Every resample is positive, but two pairs can't claim less than
		// the sign test's 2·0.5².
		{"two pairs", []float64{1, 2}, []float64{0, 0}, Mean,
			func(lo, hi, p float64) bool { return lo == 1 && hi == 2 && p == 0.5 }, "1, 2, 0.5"},
	} {
		lo, hi, p := PairedBootstrap(c.a, c.b, c.stat, 0.95)
		if !c.check(lo, hi, p) {
			t.Errorf("%s: PairedBootstrap = %v, %v, p %v; want %s", c.name, lo, hi, p, c.want)
		}
		if d := statOf(c.stat, c.a) - statOf(c.stat, c.b); c.stat == Mean && !(lo <= d && d <= hi) {
			t.Errorf("%s: interval %v, %v doesn't hold the difference %v", c.name, lo, hi, d)
		}
	}
	// Pairs in another order: the same result.
	ra, rb := slices.Clone(a), slices.Clone(b)
	slices.Reverse(ra)
	slices.Reverse(rb)
	lo, hi, p := PairedBootstrap(a, b, Median, 0.95)
	if lo2, hi2, p2 := PairedBootstrap(ra, rb, Median, 0.95); lo2 != lo || hi2 != hi || p2 != p {
		t.Errorf("reversed pairs give %v, %v, %v, not %v, %v, %v", lo2, hi2, p2, lo, hi, p)
	}
	for _, c := range []struct {
		name string
		a, b []float64
		stat Statistic
	}{
		{"lengths differ", []float64{1, 2}, []float64{1}, Mean},
		{"empty", nil, nil, Mean},
		{"NaN", []float64{1, math.NaN()}, []float64{1, 2}, Mean},
		{"unknown statistic", []float64{1}, []float64{2}, "max"},
	} {
		if lo, hi, p := PairedBootstrap(c.a, c.b, c.stat, 0.95); !math.IsNaN(lo) || !math.IsNaN(hi) || !math.IsNaN(p) {
			t.Errorf("%s: PairedBootstrap = %v, %v, %v, want NaNs", c.name, lo, hi, p)
		}
	}
}

func TestParseStatistic(t *testing.T) {
	for _, c := range []struct {
		s    string
		want Statistic
		ok   bool
	}{
		{"mean", Mean, true},
		{"median", Median, true},
		{"Mean", "", false},
		{"", "", false},
	} {
		got, err := ParseStatistic(c.s)
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("ParseStatistic(%q) = %q, %v", c.s, got, err)
		}
	}
}

// The median of a resample read off its counts is the sorted resample's.
func TestStatisticOfCounts(t *testing.T) {
	x := []float64{1, 2, 4, 8, 16}
	order := []int{0, 1, 2, 3, 4}
	for _, c := range []struct {
		counts       []int
		median, mean float64
	}{
		{[]int{1, 1, 1, 1, 1}, 4, 31.0 / 5},
		{[]int{5, 0, 0, 0, 0}, 1, 1},
		{[]int{2, 0, 0, 0, 2}, 8.5, 8.5},
		{[]int{0, 2, 1, 0, 1}, 3, 6},
		{[]int{0, 3, 0, 0, 2}, 2, 7.6},
	} {
		if got := Median.of(x, order, c.counts); got != c.median {
			t.Errorf("median of %v = %v, want %v", c.counts, got, c.median)
		}
		if got := Mean.of(x, order, c.counts); math.Abs(got-c.mean) > 1e-12 {
			t.Errorf("mean of %v = %v, want %v", c.counts, got, c.mean)
		}
	}
}

// However clear a paired difference, a few tasks can't make it more
// significant than an exact sign test of them allows.
func TestPairedBootstrapFewPairs(t *testing.T) {
	for _, c := range []struct {
		n    int
		want float64
	}{{1, 1}, {5, 0.0625}, {6, 0.03125}} {
		a, b := make([]float64, c.n), make([]float64, c.n)
		for i := range a {
			a[i], b[i] = float64(i+2), float64(i)
		}
		if _, _, p := PairedBootstrap(a, b, Mean, 0.95); p != c.want {
			t.Errorf("%d pairs all favouring a: p = %v, want %v", c.n, p, c.want)
		}
	}
	a := []float64{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}
	b := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	if _, _, p := PairedBootstrap(a, b, Mean, 0.95); p > 0.001 {
		t.Errorf("12 pairs all favouring a: p = %v, want the bootstrap's least, 2/2001", p)
	}
}
