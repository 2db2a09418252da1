package chart

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/perfcon/perfcon/internal/duck"
)

// RatesByModel draws a dot plot, one row per model, of the share of tasks
// whose generation is self-consistent and the share that is correct, from
// a result with columns model, correct and self_consistent (shares 0..1),
// one row per model in the order to plot, the first at the top. Optional
// columns correct_lo, correct_hi, self_consistent_lo and
// self_consistent_hi bound each share's 95% interval, drawn as a
// horizontal whisker where both bounds are known. A NULL or non-finite
// share has no dot; a result with no share at all is an error.
func RatesByModel(r *duck.Result) (Chart, error) {
	cols, err := columns(r, "model", "self_consistent", "correct")
	if err != nil {
		return Chart{}, err
	}
	series := []struct {
		column, name string
		glyph        draw.GlyphDrawer
		dy           vg.Length // up from the model's row
	}{
		// The two dots of a model sit apart so their whiskers don't
		// cover each other; the order matches the legend's.
		{"self_consistent", "self-consistent", draw.CircleGlyph{}, vg.Points(4.5)},
		{"correct", "correct", draw.PyramidGlyph{}, -vg.Points(4.5)},
	}
	n := len(r.Rows)
	names := make([]string, n)
	dots := make([]plotter.XYs, len(series))
	intervals := make([]xIntervals, len(series))
	for i, row := range r.Rows {
		y := float64(n - 1 - i)
		names[n-1-i] = keyString(row[cols[0]])
		for s := range series {
			v, ok := number(row[cols[s+1]])
			if !ok {
				continue
			}
			dots[s] = append(dots[s], plotter.XY{X: v, Y: y})
			if lo, hi, ok := interval(row, boundsColumns(r, series[s].column)); ok {
				intervals[s].add(v, y, lo, hi)
			}
		}
	}
	if len(dots[0]) == 0 && len(dots[1]) == 0 {
		return Chart{}, fmt.Errorf("chart: no self_consistent or correct values to plot")
	}

	p := plot.New()
	p.Title.Text = "Self-consistent and correct share by model"
	p.X.Label.Text = "share of tasks (0..1)"
	p.NominalY(names...)
	grid := plotter.NewGrid()
	grid.Horizontal.Color = nil // the model rows are their own guide
	p.Add(grid)
	drawn := false
	for s, sr := range series {
		if len(intervals[s].XYs) > 0 {
			e, err := plotter.NewXErrorBars(&intervals[s])
			if err != nil {
				return Chart{}, err
			}
			e.Color = plotutil.Color(s)
			e.Width = vg.Points(1.25)
			e.CapWidth = vg.Points(5)
			p.Add(shifted{dataPlotter: e, dy: sr.dy})
			drawn = true
		}
		if len(dots[s]) == 0 {
			continue
		}
		d, err := plotter.NewScatter(dots[s])
		if err != nil {
			return Chart{}, err
		}
		d.GlyphStyle = draw.GlyphStyle{Color: plotutil.Color(s), Shape: sr.glyph, Radius: vg.Points(3.5)}
		p.Add(shifted{dataPlotter: d, dy: sr.dy})
		p.Legend.Add(sr.name, d)
	}
	if drawn {
		p.X.Label.Text += ", whiskers: 95% interval"
	}
	p.X.Min, p.X.Max = 0, 1
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	band := legendAboveData(p)
	var labels vg.Length
	for _, m := range names {
		labels = max(labels, p.Y.Tick.Label.Width(m))
	}
	height := max(1.5*vg.Inch, vg.Length(n)*0.4*vg.Inch) + 1.2*vg.Inch + band
	return Chart{Plot: p, Width: labels + 5*vg.Inch, Height: height}, nil
}
