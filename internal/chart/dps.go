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
// no value at all is an error.
func DPSByModel(r *duck.Result) (Chart, error) {
	cols, err := columns(r, "model", "dps", "dps_norm")
	if err != nil {
		return Chart{}, err
	}
	models := make([]string, len(r.Rows))
	dps := make(plotter.Values, len(r.Rows))
	norm := make(plotter.Values, len(r.Rows))
	found := false
	for i, row := range r.Rows {
		models[i] = keyString(row[cols[0]])
		var okDPS, okNorm bool
		dps[i], okDPS = number(row[cols[1]]) // 0 when NULL: an empty slot
		norm[i], okNorm = number(row[cols[2]])
		found = found || okDPS || okNorm
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
	for i, s := range []struct {
		name string
		vs   plotter.Values
	}{{"DPS", dps}, {"DPS_norm", norm}} {
		b, err := plotter.NewBarChart(s.vs, barWidth)
		if err != nil {
			return Chart{}, err
		}
		b.Offset = (vg.Length(i) - 0.5) * barWidth
		b.Color = plotutil.Color(i)
		b.LineStyle.Width = vg.Points(0.5)
		p.Add(b)
		p.Legend.Add(s.name, b)
	}
	// Half a slot of margin at each end; Y fixed so runs compare.
	p.X.Min, p.X.Max = -0.5, float64(len(models))-0.5
	p.Y.Min, p.Y.Max = 0, 100
	band := legendAboveData(p)
	return Chart{Plot: p, Width: dataWidth + 1.5*vg.Inch, Height: 4.5*vg.Inch + labels + band}, nil
}
