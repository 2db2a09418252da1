package report

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/perfcon/perfcon/internal/chart"
	"github.com/perfcon/perfcon/internal/duck"
)

// Options for rendering.
type Options struct {
	Tables  string // folder of table files
	Queries fs.FS  // folder of .sql cells
	// QueriesName says where Queries came from, for the page.
	QueriesName string
	Out         string // report folder; the pages are Out/report.md and Out/report.html
	Log         io.Writer
}

// MaxRows is the most rows a page shows of one cell; the page says how to
// get the rest.
const MaxRows = 500

// plotSpec draws a cell's plot: from the cell's result, or, when From names
// a view of the setup files, from all of that view's rows (the raw values
// behind a summary table).
type plotSpec struct {
	From string
	Draw func(*duck.Result) (chart.Chart, error)
	// MaxRows, when > 0, leaves the plot out of a larger result: past it
	// the plot can no longer be read.
	MaxRows int
}

// plots maps a cell's name (its file name without .sql) to its plot. When
// a plot cannot be drawn (no rows, an error from the function, a plot
// without data) the cell is shown without it and the reason logged:
// chart's functions return errors for nothing to plot.
var plots = map[string]plotSpec{
	"04_summary":     {Draw: chart.RatesByModel},
	"10_consistency": {Draw: chart.ConsistencyHeatmap},
	"12_speedups":    {From: "speedups", Draw: chart.SpeedupDistribution},
	"20_tasks":       {Draw: chart.SpeedupByTask, MaxRows: 400},
	"40_dps":         {Draw: chart.DPSByModel},
	"50_chains":      {Draw: chart.SCCurve},
	"70_refinement":  {Draw: chart.RefinementCurve},
}

// costNote says what the costed_as column of the cells means.
const costNote = "Every task is costed in one kind, which the costed_as column of a cell names for the tasks behind its rows: " +
	"cpu, CPU time (instructions where every run was counted) with each run pinned to one CPU, for fixes that remove work; " +
	"or wall, k CPUs, elapsed time with each run given the same k CPUs, for fixes that add parallelism or remove waiting " +
	"(parallelization, poor_concurrency_control and network_bottleneck by default; a task can choose either)."

// readingNote opens the page: what comes in what order.
const readingNote = "First the controls, which say whether this run can be trusted, then the results per model with their " +
	"95% intervals and the models compared, then the study per category and language, the measurement's quality, " +
	"the task set and, last, the methods."

// statsNote says how to read the numbers of every cell.
const statsNote = "A task counts in the rates only where it is resolved in this run: code before measured significantly slower " +
	"than code after (Mann–Whitney U over the repeats, α = 0.05), so that a model giving code before back can't score; " +
	"the others are named under \"Tasks not resolved in this run\". A value followed by [lo, hi] carries its 95% interval: " +
	"Wilson's for shares, over tasks (a task's samples weigh 1 together); a percentile bootstrap over tasks (2,000 resamples) " +
	"for medians and means. Two models are compared on the tasks both were measured on: McNemar's exact test on " +
	"self-consistency, a paired bootstrap on recovered and DPS, \"~\" where a difference is not significant at α = 0.05, " +
	"per-category p-values adjusted by Benjamini–Hochberg. The task set cell's detectable_diff says how large a " +
	"difference in self-consistency each category can show at all."

type page struct {
	Rendered        time.Time
	Tables, Queries string
	Host            *duck.Result
	Cells           []cell
}

// cell is a query cell and its plot, if it has one.
type cell struct {
	duck.Cell
	SVG []byte // the SVG plot's markup; nil when the cell has none
}

// Render runs the cells and writes the pages, their plots and nothing else.
func Render(ctx context.Context, opts Options) error {
	db, err := duck.Open(ctx, opts.Tables)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Materialize, db.MaxRows = true, MaxRows
	cells, err := db.RunDir(ctx, opts.Queries)
	if err != nil {
		return err
	}
	host, err := db.Query(ctx, `SELECT DISTINCT host, host_cpu, host_kernel, meter, counters FROM measurements`)
	if err != nil {
		return fmt.Errorf("reading host facts: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(opts.Out, "plots"), 0o755); err != nil {
		return err
	}
	p := page{Rendered: time.Now().UTC(), Tables: opts.Tables, Queries: opts.QueriesName, Host: host}
	for _, c := range cells {
		pc := cell{Cell: c}
		if pc.SVG, err = drawPlot(ctx, db, opts, c); err != nil {
			return err
		}
		pc.Result = withIntervals(c.Result)
		p.Cells = append(p.Cells, pc)
	}

	md := filepath.Join(opts.Out, "report.md")
	if err := writeFile(md, []byte(markdown(p))); err != nil {
		return err
	}
	h, err := htmlPage(p)
	if err != nil {
		return err
	}
	hp := filepath.Join(opts.Out, "report.html")
	if err := writeFile(hp, h); err != nil {
		return err
	}
	logf(opts.Log, "report: %d cells -> %s, %s", len(cells), md, hp)
	return nil
}

// writeFile replaces path with b, so a reader never sees half a page.
func writeFile(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func logf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, format+"\n", args...)
	}
}

// Format renders one SQL value for a table: NULL as empty, floats short.
func Format(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return strconv.FormatFloat(x, 'g', -1, 64)
		}
		if s := strconv.FormatFloat(x, 'f', -1, 64); len(s) <= 10 {
			return s
		}
		return strconv.FormatFloat(x, 'g', 4, 64)
	case float32:
		return Format(float64(x))
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case []byte:
		return string(x)
	case string:
		return strings.ReplaceAll(x, "\n", " ")
	}
	return fmt.Sprint(v)
}
