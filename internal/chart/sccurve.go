package chart

import (
	"fmt"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/perfcon/perfcon/internal/duck"
)

// SCCurve draws one line per model of SC_n, the share of chains
// consistent at every round up to n, from a result with columns model,
// n (the round count) and sc_n (a share 0..1). Rows with a NULL or
// non-finite n or sc_n are skipped. Models are sorted, "human fix" first.
// Optional columns sc_n_lo and sc_n_hi bound each point's 95% interval.
func SCCurve(r *duck.Result) (Chart, error) {
	return shareCurve(r, [3]string{"model", "n", "sc_n"},
		"SC_n: share of chains consistent at every round up to n", "n (rounds)", "SC_n")
}

// RefinementCurve draws one line per pipeline of the share of its chains
// whose result is self-consistent after each refinement step, from a
// result with columns chains_of (the model, or the routed pipeline),
// step and self_consistent (a share 0..1), and optionally
// self_consistent_lo and self_consistent_hi, each point's 95% interval.
func RefinementCurve(r *duck.Result) (Chart, error) {
	return shareCurve(r, [3]string{"chains_of", "step", "self_consistent"},
		"Self-consistent chains after each refinement step", "step (0: one-shot)", "self-consistent share")
}

// shareCurve draws one line per series of a share against an integer, from
// the columns named in names: the series, x and the share, with the
// share's interval from its _lo and _hi columns where present.
func shareCurve(r *duck.Result, names [3]string, title, xLabel, yLabel string) (Chart, error) {
	cols, err := columns(r, names[0], names[1], names[2])
	if err != nil {
		return Chart{}, err
	}
	bounds := boundsColumns(r, names[2])
	byModel := map[string]plotter.XYs{}
	intervals := map[string]*yIntervals{}
	var models []string
	for _, row := range r.Rows {
		n, okN := number(row[cols[1]])
		sc, okSC := number(row[cols[2]])
		if !okN || !okSC {
			continue
		}
		m := keyString(row[cols[0]])
		if _, ok := byModel[m]; !ok {
			models = append(models, m)
			intervals[m] = &yIntervals{}
		}
		byModel[m] = append(byModel[m], plotter.XY{X: n, Y: sc})
		if lo, hi, ok := interval(row, bounds); ok {
			intervals[m].add(n, sc, lo, hi)
		}
	}
	if len(models) == 0 {
		return Chart{}, fmt.Errorf("chart: no %s values to plot", names[2])
	}

	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.X.Tick.Marker = plot.TickerFunc(integerTicks)
	p.Add(plotter.NewGrid())
	withIntervals := false
	for _, m := range models {
		withIntervals = withIntervals || len(intervals[m].XYs) > 0
	}
	for i, m := range orderModels(models) {
		xy := byModel[m]
		sort.Slice(xy, func(a, b int) bool { return xy[a].X < xy[b].X })
		l, s, err := plotter.NewLinePoints(xy)
		if err != nil {
			return Chart{}, err
		}
		l.Color = plotutil.Color(i)
		l.Width = vg.Points(1.5)
		s.Color = plotutil.Color(i)
		s.Shape = plotutil.Shape(i)
		// Models sharing an x would stack their whiskers; a small
		// sideways step per model keeps each one readable.
		var dx vg.Length
		if withIntervals {
			dx = dodge(i, len(models), vg.Points(5), vg.Points(30))
		}
		if in := intervals[m]; len(in.XYs) > 0 {
			e, err := plotter.NewYErrorBars(in)
			if err != nil {
				return Chart{}, err
			}
			e.Color = plotutil.Color(i)
			e.Width = vg.Points(1)
			e.CapWidth = vg.Points(4)
			p.Add(shifted{dataPlotter: e, dx: dx})
		}
		p.Add(shifted{dataPlotter: l, dx: dx}, shifted{dataPlotter: s, dx: dx})
		p.Legend.Add(m, l, s)
	}
	if withIntervals {
		p.Y.Label.Text += " (whiskers: 95% interval)"
	}
	p.Y.Min, p.Y.Max = 0, 1
	band := legendAboveData(p)
	return Chart{Plot: p, Width: 6.5 * vg.Inch, Height: 4.5*vg.Inch + band}, nil
}
