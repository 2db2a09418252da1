package duck_test

import (
	"context"
	"math"
	"testing"

	"github.com/perfcon/perfcon/internal/duck"
)

// The SQL statistics on numbers whose answers are known: the exact U-test
// p-value of two fully separated samples of 5 is 2/C(10,5) = 2/252, and of
// identical samples is 1; the median CI at 0.95 needs 6 values, and for 10
// values 1..10 it spans the 2nd to the 9th order statistic.
func TestStatsFunctions(t *testing.T) {
	ctx := context.Background()
	db, err := duck.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		query string
		want  any
	}{
		{"SELECT utest_p([1,2,3,4,5]::DOUBLE[], [6,7,8,9,10]::DOUBLE[])", 2.0 / 252},
		{"SELECT utest_p([6,7,8,9,10]::DOUBLE[], [1,2,3,4,5]::DOUBLE[])", 2.0 / 252},
		{"SELECT utest_p([1,2,3]::DOUBLE[], [1,2,3]::DOUBLE[])", 1.0},
		{"SELECT utest_p([]::DOUBLE[], [1,2,3]::DOUBLE[])", nil},
		{"SELECT utest_p([1, NULL, 3]::DOUBLE[], [4, 5, 6]::DOUBLE[])", 0.2},
		{"SELECT median_lo([1,2,3,4,5]::DOUBLE[], 0.95)", nil},
		{"SELECT median_hi([1,2,3,4,5]::DOUBLE[], 0.95)", nil},
		{"SELECT median_lo([1,2,3,4,5]::DOUBLE[], 0.5)", 2.0},
		{"SELECT median_lo([1,2,3,4,5,6,7,8,9,10]::DOUBLE[], 0.95)", 2.0},
		{"SELECT median_hi([1,2,3,4,5,6,7,8,9,10]::DOUBLE[], 0.95)", 9.0},
		{"SELECT median_hi(list(x::DOUBLE), 0.95) FROM range(1, 11) r(x)", 9.0},
	} {
		res, err := db.Query(ctx, c.query)
		if err != nil {
			t.Errorf("%s: %v", c.query, err)
			continue
		}
		got := res.Rows[0][0]
		g, gok := got.(float64)
		w, wok := c.want.(float64)
		switch {
		case gok && wok && math.Abs(g-w) < 1e-9:
		case got == nil && c.want == nil:
		default:
			t.Errorf("%s = %v, want %v", c.query, got, c.want)
		}
	}
}
