package duck

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/perfcon/perfcon/internal/stats"
)

// The statistics perfcon reports, as SQL functions, so the cells compute
// them where they compute everything else. Over lists of repeats, those
// benchstat reports:
//
//	utest_p(a DOUBLE[], b DOUBLE[])        two-sided Mann–Whitney U p-value
//	median_lo(x DOUBLE[], confidence)      low end of the median's CI
//	median_hi(x DOUBLE[], confidence)      high end of the median's CI
//
// They are package stats, benchmath's (golang.org/x/perf) AssumeNothing
// Compare and Summary, so a result here is the one benchstat prints for
// the same numbers. A p-value is NULL when either list is empty; both CI
// ends are NULL where benchstat prints ±∞ (too few repeats for that
// confidence: 6 at 0.95).
//
// Over shares of tasks and paired comparisons across tasks:
//
//	wilson_lo(k DOUBLE, n DOUBLE)          95% Wilson interval of k/n, low end
//	wilson_hi(k DOUBLE, n DOUBLE)          its high end
//	mcnemar_p(b BIGINT, c BIGINT)          McNemar's exact two-sided p-value
//	boot_lo(x DOUBLE[], stat VARCHAR, confidence DOUBLE)   bootstrap CI of
//	boot_hi(x DOUBLE[], stat VARCHAR, confidence DOUBLE)   'mean' or 'median'
//	paired_boot_lo(a DOUBLE[], b DOUBLE[], stat VARCHAR, confidence DOUBLE)
//	paired_boot_hi(a DOUBLE[], b DOUBLE[], stat VARCHAR, confidence DOUBLE)
//	paired_boot_p(a DOUBLE[], b DOUBLE[], stat VARCHAR)
//	                                       paired bootstrap CI and p-value
//	                                       of stat(a) − stat(b)
//	detectable_difference(n BIGINT, alpha DOUBLE, power DOUBLE)
//	                                       smallest paired share difference
//	                                       McNemar's test detects on n tasks
//
// They are package stats' Wilson, McNemarExact, Bootstrap, PairedBootstrap
// and DetectableDifference (whose docs hold the rules: the bootstrap's 2000
// resamples, its percentiles and p-value). A bootstrap is seeded from its
// values, so the same values in any list order give the same result on
// every run. A wilson end is NULL when n <= 0 or k is outside [0, n]; a
// bootstrap one when the list is empty, and a paired one when the lists
// differ in length or no pair is left once those with a NULL element are
// dropped; an unknown stat is an error; detectable_difference is NULL when
// even a difference of 1 can't be detected (n < 6 at alpha 0.05). For all
// of them a NULL argument gives NULL, NULL elements of a list are left
// out, and a result stats can't give (NaN) is NULL.
var statsFunctions = map[string]sqlFunc{
	"utest_p":   {in: []sqlType{doubleList, doubleList}, fn: utestP},
	"median_lo": {in: []sqlType{doubleList, double}, fn: medianEnd(false)},
	"median_hi": {in: []sqlType{doubleList, double}, fn: medianEnd(true)},

	"wilson_lo":             {in: []sqlType{double, double}, fn: wilsonEnd(false)},
	"wilson_hi":             {in: []sqlType{double, double}, fn: wilsonEnd(true)},
	"mcnemar_p":             {in: []sqlType{bigint, bigint}, fn: mcnemarP},
	"boot_lo":               {in: []sqlType{doubleList, varchar, double}, fn: bootEnd(false)},
	"boot_hi":               {in: []sqlType{doubleList, varchar, double}, fn: bootEnd(true)},
	"paired_boot_lo":        {in: []sqlType{doubleList, doubleList, varchar, double}, fn: pairedBoot(pairedLo)},
	"paired_boot_hi":        {in: []sqlType{doubleList, doubleList, varchar, double}, fn: pairedBoot(pairedHi)},
	"paired_boot_p":         {in: []sqlType{doubleList, doubleList, varchar}, fn: pairedBoot(pairedP)},
	"detectable_difference": {in: []sqlType{bigint, double, double}, fn: detectableDifference},
}

func registerStats(conn *sql.Conn) error {
	for name, f := range statsFunctions {
		if err := duckdb.RegisterScalarUDF(conn, name, f); err != nil {
			return fmt.Errorf("registering %s: %w", name, err)
		}
	}
	return nil
}

func utestP(a args) (float64, error) {
	x, y := a.list(0), a.list(1)
	if len(x) == 0 || len(y) == 0 {
		return math.NaN(), nil
	}
	return stats.UTestP(x, y), nil
}

func medianEnd(high bool) func(args) (float64, error) {
	return func(a args) (float64, error) {
		x, confidence := a.list(0), a.float(1)
		if len(x) == 0 || !(confidence > 0 && confidence < 1) {
			return math.NaN(), nil
		}
		lo, _, hi := stats.MedianCI(x, confidence)
		// benchstat prints ±∞ when either end is unbounded: so NULL for both.
		if math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi) {
			return math.NaN(), nil
		}
		return pick(high, lo, hi), nil
	}
}

func wilsonEnd(high bool) func(args) (float64, error) {
	return func(a args) (float64, error) {
		lo, hi := stats.Wilson(a.float(0), a.float(1), 0.95)
		return pick(high, lo, hi), nil
	}
}

func mcnemarP(a args) (float64, error) {
	return stats.McNemarExact(int(a.int(0)), int(a.int(1))), nil
}

func bootEnd(high bool) func(args) (float64, error) {
	return func(a args) (float64, error) {
		stat, err := stats.ParseStatistic(a.str(1))
		if err != nil {
			return 0, err
		}
		lo, hi := stats.Bootstrap(a.list(0), stat, a.float(2))
		return pick(high, lo, hi), nil
	}
}

// The results of a paired bootstrap.
const (
	pairedLo = iota
	pairedHi
	pairedP
)

func pairedBoot(result int) func(args) (float64, error) {
	return func(a args) (float64, error) {
		stat, err := stats.ParseStatistic(a.str(2))
		if err != nil {
			return 0, err
		}
		x, y, ok := a.pairs(0, 1)
		if !ok {
			return math.NaN(), nil
		}
		// The p-value doesn't depend on the confidence, which paired_boot_p
		// doesn't take.
		confidence := 0.95
		if result != pairedP {
			confidence = a.float(3)
		}
		lo, hi, p := stats.PairedBootstrap(x, y, stat, confidence)
		return [...]float64{pairedLo: lo, pairedHi: hi, pairedP: p}[result], nil
	}
}

func detectableDifference(a args) (float64, error) {
	return stats.DetectableDifference(int(a.int(0)), a.float(1), a.float(2)), nil
}

func pick(high bool, lo, hi float64) float64 {
	if high {
		return hi
	}
	return lo
}

// sqlType is the SQL type of a function's argument.
type sqlType int

const (
	double     sqlType = iota // DOUBLE, a float64 in Go
	bigint                    // BIGINT, an int64
	varchar                   // VARCHAR, a string
	doubleList                // DOUBLE[], a []any of float64 and nil
)

func (t sqlType) info() (duckdb.TypeInfo, error) {
	switch t {
	case bigint:
		return duckdb.NewTypeInfo(duckdb.TYPE_BIGINT)
	case varchar:
		return duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	case doubleList:
		d, err := duckdb.NewTypeInfo(duckdb.TYPE_DOUBLE)
		if err != nil {
			return nil, err
		}
		return duckdb.NewListInfo(d)
	}
	return duckdb.NewTypeInfo(duckdb.TYPE_DOUBLE)
}

// sqlFunc is a scalar SQL function of arguments of the types in, returning
// a DOUBLE: fn's result, or NULL where it is NaN or ±∞. A NULL argument
// gives NULL without calling fn (DuckDB's default NULL handling).
type sqlFunc struct {
	in []sqlType
	fn func(args) (float64, error)
}

func (f sqlFunc) Config() duckdb.ScalarFuncConfig {
	in := make([]duckdb.TypeInfo, len(f.in))
	for i, t := range f.in {
		info, err := t.info()
		if err != nil {
			panic(err)
		}
		in[i] = info
	}
	out, err := double.info()
	if err != nil {
		panic(err)
	}
	return duckdb.ScalarFuncConfig{InputTypeInfos: in, ResultTypeInfo: out}
}

func (f sqlFunc) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(values []driver.Value) (result any, err error) {
		// A panic would take down the process from inside DuckDB's callback.
		defer func() {
			if r := recover(); r != nil {
				result, err = nil, fmt.Errorf("%v", r)
			}
		}()
		a, err := f.args(values)
		if err != nil {
			return nil, err
		}
		x, err := f.fn(a)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, err
		}
		return x, nil
	}}
}

// args checks that a row's values are of the function's types, making any
// integer an int64.
func (f sqlFunc) args(values []driver.Value) (args, error) {
	if len(values) != len(f.in) {
		return nil, fmt.Errorf("want %d arguments, got %d", len(f.in), len(values))
	}
	a := make(args, len(values))
	for i, v := range values {
		a[i] = v
		ok := false
		switch f.in[i] {
		case double:
			_, ok = v.(float64)
		case bigint:
			a[i], ok = toInt64(v)
		case varchar:
			_, ok = v.(string)
		case doubleList:
			_, ok = v.([]any)
		}
		if !ok {
			return nil, fmt.Errorf("argument %d: unexpected %T", i+1, v)
		}
	}
	return a, nil
}

func toInt64(v driver.Value) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case int16:
		return int64(n), true
	case int8:
		return int64(n), true
	case int:
		return int64(n), true
	}
	return 0, false
}

// args are a row's argument values, checked against the function's types.
type args []driver.Value

func (a args) float(i int) float64 { return a[i].(float64) }
func (a args) int(i int) int64     { return a[i].(int64) }
func (a args) str(i int) string    { return a[i].(string) }

// list is the i-th argument's non-NULL elements.
func (a args) list(i int) []float64 {
	var xs []float64
	for _, v := range a[i].([]any) {
		if x, ok := v.(float64); ok {
			xs = append(xs, x)
		}
	}
	return xs
}

// pairs is the i-th and j-th arguments' elements at the positions where
// neither is NULL; ok is false when the lists differ in length.
func (a args) pairs(i, j int) (x, y []float64, ok bool) {
	l, m := a[i].([]any), a[j].([]any)
	if len(l) != len(m) {
		return nil, nil, false
	}
	for k := range l {
		u, uok := l[k].(float64)
		v, vok := m[k].(float64)
		if uok && vok {
			x, y = append(x, u), append(y, v)
		}
	}
	return x, y, true
}
