package duck_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/stats"
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

// The statistics of shares and paired comparisons, each row of a query
// against its expected value (nil for NULL): Wilson and McNemar against
// statsmodels (internal/stats/testdata/reference.tsv), the bootstraps
// against package stats on the same numbers, NULL elements left out.
func TestShareStatsFunctions(t *testing.T) {
	ctx := context.Background()
	db, err := duck.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	bootLo, bootHi := stats.Bootstrap([]float64{1, 2, 4, 8, 9, 12}, stats.Median, 0.9)
	sampleLo, sampleHi := stats.Bootstrap([]float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, stats.Mean, 0.95)
	pairedLo, pairedHi, pairedP := stats.PairedBootstrap([]float64{3, 5, 4}, []float64{1, 2, 2}, stats.Median, 0.95)
	for _, c := range []struct {
		query string
		want  []any
	}{
		{"SELECT wilson_lo(3, 6), wilson_hi(3, 6)", []any{0.18761630648265054, 0.8123836935173494}},
		{"SELECT wilson_lo(12.5, 40), wilson_hi(12.5, 40)", []any{0.19074487213774935, 0.46711322831123325}},
		{"SELECT wilson_lo(0, 6), wilson_hi(6::BIGINT, 6::INTEGER)", []any{0.0, 1.0}},
		{"SELECT wilson_lo(k, n) FROM (VALUES (1, 0, 6), (2, NULL, 6), (3, 1, 0), (4, 17, 48), (5, 1, NULL), (6, 0, -1)) v(i, k, n) ORDER BY i",
			[]any{0.0, nil, nil, 0.23433644125604855, nil, nil}},

		{"SELECT mcnemar_p(6, 0), mcnemar_p(5, 0), mcnemar_p(0, 0), mcnemar_p(19, 11)", []any{0.03125, 0.0625, 1.0, 0.20048842206597334}},
		{"SELECT mcnemar_p(30::BIGINT, 10::INTEGER), mcnemar_p(NULL, 3), mcnemar_p(3, NULL), mcnemar_p(-1, 3)", []any{0.0022214337732293643, nil, nil, nil}},
		// From paired outcomes: A right on 30 of 40 tasks, B on 10 of those.
		{`SELECT mcnemar_p(count(*) FILTER (a AND NOT b), count(*) FILTER (b AND NOT a))
		  FROM (SELECT i < 30 AS a, i < 10 AS b FROM range(40) r(i))`, []any{1.9073486328125e-06}},

		{"SELECT boot_lo([3, 3, 3]::DOUBLE[], 'mean', 0.95), boot_hi([3, 3, 3]::DOUBLE[], 'median', 0.95)", []any{3.0, 3.0}},
		{"SELECT boot_lo([1, 2, NULL, 4, 8, 9, 12]::DOUBLE[], 'median', 0.9), boot_hi([12, 9, 8, 4, 2, 1], 'median', 0.9)", []any{bootLo, bootHi}},
		{"SELECT boot_lo(list(i::DOUBLE), 'mean', 0.95), boot_hi(list(i::DOUBLE), 'mean', 0.95) FROM range(10) r(i)", []any{sampleLo, sampleHi}},
		{"SELECT boot_lo([]::DOUBLE[], 'mean', 0.95), boot_hi([NULL]::DOUBLE[], 'mean', 0.95), boot_lo(NULL::DOUBLE[], 'mean', 0.95)", []any{nil, nil, nil}},
		{"SELECT boot_lo([1, 2]::DOUBLE[], NULL, 0.95), boot_hi([1, 2]::DOUBLE[], 'mean', NULL), boot_hi([1, 2]::DOUBLE[], 'mean', 1.5)", []any{nil, nil, nil}},

		{"SELECT paired_boot_lo([1, 2], [0, 0], 'mean', 0.95), paired_boot_hi([1, 2], [0, 0], 'mean', 0.95), paired_boot_p([1, 2], [0, 0], 'mean')",
			[]any{1.0, 2.0, 0.5}}, // two pairs: no less than the sign test's 2·0.5²
		// The pairs with a NULL are dropped: the same as [1, 2] and [0, 0].
		{"SELECT paired_boot_lo([1, NULL, 2, 5], [0, 0, 0, NULL], 'mean', 0.95), paired_boot_p([NULL, 1, 2], [7, 0, 0], 'mean')",
			[]any{1.0, 0.5}},
		{"SELECT paired_boot_lo(list(a), list(b), 'median', 0.95), paired_boot_hi(list(a), list(b), 'median', 0.95), paired_boot_p(list(a), list(b), 'median') FROM (VALUES (3.0, 1.0), (5, 2), (4, 2)) v(a, b)",
			[]any{pairedLo, pairedHi, pairedP}},
		{"SELECT paired_boot_lo([1, 2, 3], [1, 2, 3], 'median', 0.95), paired_boot_hi([1, 2, 3], [1, 2, 3], 'median', 0.95), paired_boot_p([1, 2, 3], [1, 2, 3], 'median')",
			[]any{0.0, 0.0, 1.0}},
		{"SELECT paired_boot_lo([1, 2], [1], 'mean', 0.95), paired_boot_p([1, NULL], [NULL, 2], 'mean'), paired_boot_p([]::DOUBLE[], []::DOUBLE[], 'mean'), paired_boot_hi(NULL, [1], 'mean', 0.95)",
			[]any{nil, nil, nil, nil}},

		{"SELECT detectable_difference(6, 0.05, 0.8), detectable_difference(40::INTEGER, 0.05, 0.8)",
			[]any{stats.DetectableDifference(6, 0.05, 0.8), stats.DetectableDifference(40, 0.05, 0.8)}},
		{"SELECT detectable_difference(5, 0.05, 0.8), detectable_difference(NULL, 0.05, 0.8), detectable_difference(40, 0.05, NULL)", []any{nil, nil, nil}},
	} {
		res, err := db.Query(ctx, c.query)
		if err != nil {
			t.Errorf("%s: %v", c.query, err)
			continue
		}
		// One column per value, or one row per value when a single column.
		var got []any
		for _, row := range res.Rows {
			got = append(got, row...)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s = %v, want %v", c.query, got, c.want)
			continue
		}
		for i := range got {
			g, gok := got[i].(float64)
			w, wok := c.want[i].(float64)
			switch {
			case gok && wok && math.Abs(g-w) < 1e-9:
			case got[i] == nil && c.want[i] == nil:
			default:
				t.Errorf("%s = %v, want %v", c.query, got, c.want)
			}
		}
	}
	if d := stats.DetectableDifference(6, 0.05, 0.8); math.Abs(d-0.9635) > 1e-3 {
		t.Errorf("DetectableDifference(6, 0.05, 0.8) = %v, want about 0.9635", d)
	}

	for _, q := range []string{
		"SELECT boot_lo([1, 2]::DOUBLE[], 'mode', 0.95)",
		"SELECT paired_boot_p([1, 2], [3, 4], 'Mean')",
	} {
		if _, err := db.Query(ctx, q); err == nil || !strings.Contains(err.Error(), "unknown statistic") {
			t.Errorf("%s: error %v, want an unknown statistic", q, err)
		}
	}
}
