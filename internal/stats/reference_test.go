package stats

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Agreement, to 1e-9, with statsmodels 0.13.5 (scipy 1.10.1, Debian
// bookworm's python3-statsmodels) on the values of
// testdata/reference.tsv, which testdata/reference.py prints: Wilson
// intervals, McNemar's exact p-values and Benjamini–Hochberg and Holm
// adjustments.
func TestReference(t *testing.T) {
	f, err := os.Open("testdata/reference.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-9 }
	seen := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		seen[fields[0]]++
		switch fields[0] {
		case "wilson":
			k, n, wantLo, wantHi := num(t, fields[1]), num(t, fields[2]), num(t, fields[3]), num(t, fields[4])
			if lo, hi := Wilson(k, n, 0.95); !near(lo, wantLo) || !near(hi, wantHi) {
				t.Errorf("Wilson(%v, %v, 0.95) = %v, %v; statsmodels %v, %v", k, n, lo, hi, wantLo, wantHi)
			}
		case "mcnemar":
			b, c, want := int(num(t, fields[1])), int(num(t, fields[2])), num(t, fields[3])
			if got := McNemarExact(b, c); !near(got, want) {
				t.Errorf("McNemarExact(%d, %d) = %v; statsmodels %v", b, c, got, want)
			}
		case "bh", "holm":
			adjust := AdjustBH
			if fields[0] == "holm" {
				adjust = AdjustHolm
			}
			p, want := nums(t, fields[1]), nums(t, fields[2])
			got := adjust(p)
			for i := range want {
				if !near(got[i], want[i]) {
					t.Errorf("%s(%v) = %v; statsmodels %v", fields[0], p, got, want)
					break
				}
			}
		default:
			t.Errorf("unknown line %q", line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"wilson", "mcnemar", "bh", "holm"} {
		if seen[name] == 0 {
			t.Errorf("no %s lines in reference.tsv", name)
		}
	}
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func nums(t *testing.T, s string) []float64 {
	t.Helper()
	var xs []float64
	for f := range strings.SplitSeq(s, ",") {
		xs = append(xs, num(t, f))
	}
	return xs
}
