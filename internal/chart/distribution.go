package chart

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/perfcon/perfcon/internal/duck"
)

// distribution holds speedups grouped by category and model.
type distribution struct {
	categories []string // sorted
	models     []string // human fix first, then sorted
	values     map[[2]string]plotter.Values
}

// speedupDistribution groups the positive, finite speedups of r by
// (category, model).
func speedupDistribution(r *duck.Result) (distribution, error) {
	cols, err := columns(r, "category", "model", "speedup")
	if err != nil {
		return distribution{}, err
	}
	d := distribution{values: map[[2]string]plotter.Values{}}
	seenCat, seenModel := map[string]bool{}, map[string]bool{}
	for _, row := range r.Rows {
		s, ok := number(row[cols[2]])
		if !ok || s <= 0 { // a log axis has no place for s <= 0
			continue
		}
		cat, model := keyString(row[cols[0]]), keyString(row[cols[1]])
		if !seenCat[cat] {
			seenCat[cat] = true
			d.categories = append(d.categories, cat)
		}
		if !seenModel[model] {
			seenModel[model] = true
			d.models = append(d.models, model)
		}
		k := [2]string{cat, model}
		d.values[k] = append(d.values[k], s)
	}
	if len(d.values) == 0 {
		return distribution{}, fmt.Errorf("chart: no positive speedups to plot")
	}
	sort.Strings(d.categories)
	d.models = orderModels(d.models)
	return d, nil
}

// SpeedupDistribution draws, on a log axis, a box plot of speedups
// t(before)/t(x) for each model within each category, from a result with
// one row per observation and columns category, model and speedup.
// Speedups that are NULL, non-finite or not positive are skipped.
// Categories are sorted; models are sorted with "human fix" first.
func SpeedupDistribution(r *duck.Result) (Chart, error) {
	d, err := speedupDistribution(r)
	if err != nil {
		return Chart{}, err
	}
	const boxWidth, boxStep, groupGap = 0.15 * vg.Inch, 0.19 * vg.Inch, 0.3 * vg.Inch
	groupWidth := vg.Length(len(d.models))*boxStep + groupGap
	dataWidth := max(4.5*vg.Inch, vg.Length(len(d.categories))*groupWidth)

	p := plot.New()
	p.Title.Text = "Speedup over code before, by category and model (log scale)"
	p.Y.Label.Text = "speedup t(before)/t(x)"
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.TickerFunc(logTicks)
	labels := nominalX(p, d.categories, dataWidth)
	p.Add(plotter.NewGrid())

	// Speedup 1 is "no change"; drawn first so boxes cover it.
	ref, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: 1}, {X: float64(len(d.categories)) - 0.5, Y: 1}})
	if err != nil {
		return Chart{}, err
	}
	ref.LineStyle = draw.LineStyle{Color: color.Gray{Y: 0x80}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	p.Add(ref)

	lo, hi := 1.0, 1.0
	for i, m := range d.models {
		offset := (vg.Length(i) - vg.Length(len(d.models)-1)/2) * boxStep
		for x, cat := range d.categories {
			vs, ok := d.values[[2]string{cat, m}]
			if !ok {
				continue
			}
			b, err := plotter.NewBoxPlot(boxWidth, float64(x), vs)
			if err != nil {
				return Chart{}, err
			}
			b.Offset = offset
			b.FillColor = plotutil.Color(i)
			b.GlyphStyle.Color = plotutil.Color(i)
			lo, hi = math.Min(lo, b.Min), math.Max(hi, b.Max)
			p.Add(b)
		}
		p.Legend.Add(m, swatch{plotutil.Color(i)})
	}
	// A 25% margin keeps the extreme points off the edge.
	p.Y.Min, p.Y.Max = lo/1.25, hi*1.25
	band := legendAboveData(p)
	return Chart{Plot: p, Width: dataWidth + 1.5*vg.Inch, Height: 5*vg.Inch + labels + band}, nil
}
