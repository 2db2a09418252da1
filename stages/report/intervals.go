package report

import (
	"strings"

	"github.com/perfcon/perfcon/internal/duck"
)

// withIntervals is a cell's result as the page shows it: a column x
// followed anywhere by x_lo and x_hi becomes one column x reading
// "x [lo, hi]", so an interval stands beside its value without tripling
// the table's width. The cell's own result (what perfcon sql prints and
// what plots draw) keeps the three numbers.
func withIntervals(r *duck.Result) *duck.Result {
	index := make(map[string]int, len(r.Columns))
	for i, c := range r.Columns {
		index[c] = i
	}
	type bounds struct{ lo, hi int }
	merged := map[int]bounds{}
	drop := map[int]bool{}
	for i, c := range r.Columns {
		if strings.HasSuffix(c, "_lo") || strings.HasSuffix(c, "_hi") {
			continue
		}
		lo, okLo := index[c+"_lo"]
		hi, okHi := index[c+"_hi"]
		if okLo && okHi {
			merged[i] = bounds{lo, hi}
			drop[lo], drop[hi] = true, true
		}
	}
	if len(merged) == 0 {
		return r
	}
	out := &duck.Result{Total: r.Total}
	for i, c := range r.Columns {
		if drop[i] {
			continue
		}
		out.Columns = append(out.Columns, c)
		if i < len(r.Types) {
			out.Types = append(out.Types, r.Types[i])
		}
	}
	for _, row := range r.Rows {
		var shown []any
		for i, v := range row {
			switch b, ok := merged[i]; {
			case drop[i]:
			case ok && v != nil && row[b.lo] != nil && row[b.hi] != nil:
				shown = append(shown, Format(v)+" ["+Format(row[b.lo])+", "+Format(row[b.hi])+"]")
			default:
				shown = append(shown, v)
			}
		}
		out.Rows = append(out.Rows, shown)
	}
	return out
}
