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
func SCCurve(r *duck.Result) (Chart, error) {
	cols, err := columns(r, "model", "n", "sc_n")
	if err != nil {
		return Chart{}, err
	}
	byModel := map[string]plotter.XYs{}
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
		}
		byModel[m] = append(byModel[m], plotter.XY{X: n, Y: sc})
	}
	if len(models) == 0 {
		return Chart{}, fmt.Errorf("chart: no sc_n values to plot")
	}

	p := plot.New()
	p.Title.Text = "SC_n: share of chains consistent at every round up to n"
	p.X.Label.Text = "n (rounds)"
	p.Y.Label.Text = "SC_n"
	p.X.Tick.Marker = plot.TickerFunc(integerTicks)
	p.Add(plotter.NewGrid())
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
		p.Add(l, s)
		p.Legend.Add(m, l, s)
	}
	p.Y.Min, p.Y.Max = 0, 1
	band := legendAboveData(p)
	return Chart{Plot: p, Width: 6.5 * vg.Inch, Height: 4.5*vg.Inch + band}, nil
}
