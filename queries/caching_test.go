package queries_test

import (
	"path/filepath"
	"testing"

	"github.com/perfcon/perfcon/internal/table"
)

// cachingTables writes tasks a, b and c, each with code before at 100 ms
// and code after at 20 ms, and programs: Ca (10 ms, faster than code
// after), Fa and Fb (code after's times) and Sc (40 ms, slower), with
// gens as the generations table.
func cachingTables[G any](t *testing.T, gens []G) string {
	t.Helper()
	dir := t.TempDir()
	var commits []table.Commit
	var m []table.Measurement
	for _, k := range []string{"a", "b", "c"} {
		commits = append(commits, table.Commit{TaskID: k, Language: "python", Category: "api_misuse", CodeBefore: "B" + k, CodeAfter: "A" + k})
		m = append(m, runs(k, "before", "B"+k, "ok", ms(99, 100, 102, 98, 101)...)...)
		m = append(m, runs(k, "after", "A"+k, "ok", ms(20, 21, 19, 22, 18)...)...)
	}
	m = append(m, runs("a", "generated", "Ca", "ok", ms(10, 11, 9, 12, 8)...)...)
	m = append(m, runs("a", "generated", "Fa", "ok", ms(21, 19, 20, 18, 22)...)...)
	m = append(m, runs("b", "generated", "Fb", "ok", ms(21, 19, 20, 18, 22)...)...)
	m = append(m, runs("b", "generated", "Cb", "ok", ms(21, 19, 20, 18, 22)...)...)
	m = append(m, runs("c", "generated", "Sc", "ok", ms(40, 41, 39, 42, 38)...)...)
	mustOK(t, table.WriteFile(filepath.Join(dir, "commits.parquet"), commits))
	mustOK(t, table.WriteFile(filepath.Join(dir, "measurements.parquet"), m))
	mustOK(t, table.WriteFile(filepath.Join(dir, "generations.parquet"), gens))
	return dir
}

// A flagged generation is counted, and its speedup shown apart from the
// others'; controls are left out.
//
//	m: a Ca, flagged (10x, self-consistent); b Fb (5x, self-consistent);
//	   c Sc (2.5x, slower than after), and a second sample with no code.
//	n: a Fa (5x); b Cb, flagged with two constructs (5x); both
//	   self-consistent.
//
// Wilson 95% intervals of 1/3 and 1/2 are statsmodels'
// proportion_confint(k, n, method='wilson'): (0.061, 0.792) and (0.095,
// 0.905).
func TestCachingCell(t *testing.T) {
	lru := "functools.lru_cache"
	dir := cachingTables(t, []table.Generation{
		{TaskID: "a", Describer: "m", Model: "m", Round: 1, Code: "Ca", AddsCaching: true, Caching: lru},
		{TaskID: "b", Describer: "m", Model: "m", Round: 1, Code: "Fb"},
		{TaskID: "c", Describer: "m", Model: "m", Round: 1, Code: "Sc"},
		{TaskID: "c", Describer: "m", Model: "m", Round: 1, Sample: 1, Error: "HTTP 500"},
		{TaskID: "a", Describer: "n", Model: "n", Round: 1, Code: "Fa"},
		{TaskID: "b", Describer: "n", Model: "n", Round: 1, Code: "Cb", AddsCaching: true, Caching: lru + ", module-level dict written in a function"},
		// Not the study's unit: another describer's, a later round, a control.
		{TaskID: "c", Describer: "m", Model: "n", Round: 1, Code: "Ca", AddsCaching: true, Caching: lru},
		{TaskID: "c", Describer: "n", Model: "n", Round: 2, Code: "Ca", AddsCaching: true, Caching: lru},
		{TaskID: "a", Describer: "oracle", Model: "oracle", Round: 1, Code: "Aa", AddsCaching: true, Caching: lru},
	})
	db, ctx := openTables(t, dir)
	checkCell(t, db, ctx, "14_caching",
		"model, tasks, with_code, adds_caching, caching, caching_lo, caching_hi, n_caching, speedup_caching, speedup_caching_lo, speedup_caching_hi, n_other, speedup_other, sc_generations, sc_caching, sc_caching_lo, sc_caching_hi, constructs",
		[][]string{
			{"m", "3", "3", "1", "0.333", "0.061", "0.792", "1", "10", "10", "10", "2", "3.75", "2", "0.5", "0.095", "0.905", lru},
			{"n", "2", "2", "1", "0.5", "0.095", "0.905", "1", "5", "5", "5", "1", "5", "2", "0.5", "0.095", "0.905", lru + "; module-level dict written in a function"},
		})
}

// Generations written before the flag read as adding no caching: every
// model still has its row, with zeros.
func TestCachingCellOnOlderGenerations(t *testing.T) {
	type olderGeneration struct { // Generation before adds_caching and caching
		TaskID    string `parquet:"task_id"`
		Describer string `parquet:"describer"`
		Model     string `parquet:"model"`
		Round     int32  `parquet:"round"`
		Sample    int32  `parquet:"sample"`
		Code      string `parquet:"code"`
		Error     string `parquet:"error,optional"`
	}
	dir := cachingTables(t, []olderGeneration{
		{TaskID: "a", Describer: "m", Model: "m", Round: 1, Code: "Ca"},
		{TaskID: "b", Describer: "m", Model: "m", Round: 1, Code: "Fb"},
		{TaskID: "c", Describer: "m", Model: "m", Round: 1, Code: "Sc"},
	})
	db, ctx := openTables(t, dir)
	checkCell(t, db, ctx, "14_caching",
		"model, tasks, with_code, adds_caching, caching, caching_lo, caching_hi, n_caching, speedup_caching, n_other, speedup_other, sc_generations, sc_caching, constructs",
		[][]string{{"m", "3", "3", "0", "0", "0", "0.561", "0", "", "3", "5", "2", "0", ""}})
}
