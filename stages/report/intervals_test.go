package report

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/perfcon/perfcon/internal/duck"
)

// An interval's ends join their value in one column, wherever they sit;
// a value without both ends, or whose ends are NULL, stays as it is.
func TestWithIntervals(t *testing.T) {
	r := &duck.Result{
		Columns: []string{"model", "share", "share_lo", "mean_hi", "share_hi", "mean", "mean_lo", "odd_lo"},
		Types:   []string{"VARCHAR", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE"},
		Rows: [][]any{
			{"m", 0.5, 0.188, 12.5, 0.812, 10.0, 7.5, 1.0},
			{"n", 1.0, nil, nil, nil, nil, nil, nil},
		},
		Total: 2,
	}
	got := withIntervals(r)
	want := &duck.Result{
		Columns: []string{"model", "share", "mean", "odd_lo"},
		Types:   []string{"VARCHAR", "DOUBLE", "DOUBLE", "DOUBLE"},
		Rows: [][]any{
			{"m", "0.5 [0.188, 0.812]", "10 [7.5, 12.5]", 1.0},
			{"n", 1.0, nil, nil},
		},
		Total: 2,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("withIntervals (-want +got):\n%s", diff)
	}
	plain := &duck.Result{Columns: []string{"a_lo", "b"}, Rows: [][]any{{1, 2}}}
	if withIntervals(plain) != plain {
		t.Error("a result without intervals should be shown as it is")
	}
}
