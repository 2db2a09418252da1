package chart

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/perfcon/perfcon/internal/duck"
)

// DPSByModel draws two bars per model, DPS and DPS_norm (both 0..100), from
// a result with columns model, dps and dps_norm, one row per model in the
// order to plot. A NULL or non-finite value counts as 0; a result with
// no value at all is an error. Optional columns dps_lo, dps_hi,
// dps_norm_lo and dps_norm_hi bound each bar's 95% interval, drawn as a
// whisker where both bounds are known.
func DPSByModel(r *duck.Result) (Chart, error) {
	cols, err := columns(r, "model", "dps", "dps_norm")
	if err != nil {
		return Chart{}, err
	}
	bounds := [2][2]int{boundsColumns(r, "dps"), boundsColumns(r, "dps_norm")}
	models := make([]string, len(r.Rows))
	values := [2]plotter.Values{make(plotter.Values, len(r.Rows)), make(plotter.Values, len(r.Rows))}
	var intervals [2]yIntervals
	found := false
	for i, row := range r.Rows {
		models[i] = keyString(row[cols[0]])
		for s := range values {
			v, ok := number(row[cols[s+1]])
			values[s][i] = v // 0 when NULL: an empty slot
			found = found || ok
			if lo, hi, okI := interval(row, bounds[s]); ok && okI {
				intervals[s].add(float64(i), v, lo, hi)
			}
		}
	}
	if !found {
		return Chart{}, fmt.Errorf("chart: no dps or dps_norm values to plot")
	}
	const barWidth = 0.25 * vg.Inch
	dataWidth := max(4*vg.Inch, vg.Length(len(models))*(2*barWidth+0.3*vg.Inch))

	p := plot.New()
	p.Title.Text = "DPS by model"
	p.Y.Label.Text = "score (0..100)"
	labels := nominalX(p, models, dataWidth)
	p.Add(plotter.NewGrid())
	for i, name := range []string{"DPS", "DPS_norm"} {
		b, err := plotter.NewBarChart(values[i], barWidth)
		if err != nil {
			return Chart{}, err
		}
		b.Offset = (vg.Length(i) - 0.5) * barWidth
		b.Color = plotutil.Color(i)
		b.LineStyle.Width = vg.Points(0.5)
		p.Add(b)
		p.Legend.Add(name, b)
	}
	// Whiskers go on after both series so no bar hides the other's.
	drawn := false
	for i := range intervals {
		if len(intervals[i].XYs) == 0 {
			continue
		}
		e, err := plotter.NewYErrorBars(&intervals[i])
		if err != nil {
			return Chart{}, err
		}
		e.Color = intervalColor
		e.Width = vg.Points(1)
		e.CapWidth = barWidth / 2
		p.Add(shifted{dataPlotter: e, dx: (vg.Length(i) - 0.5) * barWidth})
		drawn = true
	}
	if drawn {
		p.Y.Label.Text += ", whiskers: 95% interval"
	}
	// Half a slot of margin at each end; Y fixed so runs compare.
	p.X.Min, p.X.Max = -0.5, float64(len(models))-0.5
	p.Y.Min, p.Y.Max = 0, 100
	band := legendAboveData(p)
	return Chart{Plot: p, Width: dataWidth + 1.5*vg.Inch, Height: 4.5*vg.Inch + labels + band}, nil
}
