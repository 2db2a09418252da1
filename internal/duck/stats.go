package duck

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/perfcon/perfcon/internal/stats"
)

// The statistics benchstat reports, as SQL functions over lists of repeats,
// so the cells compute them where they compute everything else:
//
//	utest_p(a DOUBLE[], b DOUBLE[])        two-sided Mann–Whitney U p-value
//	median_lo(x DOUBLE[], confidence)      low end of the median's CI
//	median_hi(x DOUBLE[], confidence)      high end of the median's CI
//
// They are package stats, benchmath's (golang.org/x/perf) AssumeNothing
// Compare and Summary, so a result here is the one benchstat prints for
// the same numbers. A p-value is NULL when either list is empty; both CI ends are
// NULL where benchstat prints ±∞ (too few repeats for that confidence: 6
// at 0.95).
var statsFunctions = map[string]duckdb.ScalarFunc{
	"utest_p":   listFunc{args: 2, fn: utestP},
	"median_lo": listFunc{args: 1, confidence: true, fn: medianEnd(false)},
	"median_hi": listFunc{args: 1, confidence: true, fn: medianEnd(true)},
}

func registerStats(conn *sql.Conn) error {
	for name, f := range statsFunctions {
		if err := duckdb.RegisterScalarUDF(conn, name, f); err != nil {
			return fmt.Errorf("registering %s: %w", name, err)
		}
	}
	return nil
}

func utestP(lists [][]float64, _ float64) any {
	if len(lists[0]) == 0 || len(lists[1]) == 0 {
		return nil
	}
	return stats.UTestP(lists[0], lists[1])
}

func medianEnd(high bool) func([][]float64, float64) any {
	return func(lists [][]float64, confidence float64) any {
		if len(lists[0]) == 0 || !(confidence > 0 && confidence < 1) {
			return nil
		}
		lo, _, hi := stats.MedianCI(lists[0], confidence)
		// benchstat prints ±∞ when either end is unbounded: so NULL for both.
		if math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi) {
			return nil
		}
		if high {
			return hi
		}
		return lo
	}
}

// listFunc is a scalar function of args DOUBLE[] arguments, optionally
// followed by a DOUBLE confidence, returning a DOUBLE. NULL elements of a
// list are left out.
type listFunc struct {
	args       int
	confidence bool
	fn         func(lists [][]float64, confidence float64) any
}

func (f listFunc) Config() duckdb.ScalarFuncConfig {
	double, err := duckdb.NewTypeInfo(duckdb.TYPE_DOUBLE)
	if err != nil {
		panic(err)
	}
	list, err := duckdb.NewListInfo(double)
	if err != nil {
		panic(err)
	}
	in := make([]duckdb.TypeInfo, f.args)
	for i := range in {
		in[i] = list
	}
	if f.confidence {
		in = append(in, double)
	}
	return duckdb.ScalarFuncConfig{InputTypeInfos: in, ResultTypeInfo: double}
}

func (f listFunc) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(values []driver.Value) (any, error) {
		lists := make([][]float64, f.args)
		for i := range f.args {
			l, ok := values[i].([]any)
			if !ok {
				return nil, fmt.Errorf("argument %d: want a list, got %T", i+1, values[i])
			}
			for _, v := range l {
				if x, ok := v.(float64); ok {
					lists[i] = append(lists[i], x)
				}
			}
		}
		var confidence float64
		if f.confidence {
			confidence, _ = values[f.args].(float64)
		}
		return f.fn(lists, confidence), nil
	}}
}
