package chart

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/perfcon/perfcon/internal/duck"
)

// noData fills heat map cells without a value.
var noData = color.Gray{Y: 0xd0}

// consistencyGrid is a model × category grid of shares, NaN where there is
// no data. It implements plotter.GridXYZ with categories along X and models
// along Y, the first model at the top.
type consistencyGrid struct {
	models, categories []string    // in first-seen order
	share              [][]float64 // share[model][category]
}

func (g consistencyGrid) Dims() (c, r int)   { return len(g.categories), len(g.models) }
func (g consistencyGrid) Z(c, r int) float64 { return g.share[len(g.models)-1-r][c] }
func (g consistencyGrid) X(c int) float64    { return float64(c) }
func (g consistencyGrid) Y(r int) float64    { return float64(r) }
func (g consistencyGrid) Min() float64       { return 0 }
func (g consistencyGrid) Max() float64       { return 1 }
func (g consistencyGrid) rowNames() []string {
	names := make([]string, len(g.models))
	for i, m := range g.models {
		names[len(g.models)-1-i] = m
	}
	return names
}

// labels places each cell's share, as a percentage, at its centre; cells
// without data get no label.
func (g consistencyGrid) labels() plotter.XYLabels {
	var l plotter.XYLabels
	cols, rows := g.Dims()
	for r := range rows {
		for c := range cols {
			if z := g.Z(c, r); !math.IsNaN(z) {
				l.XYs = append(l.XYs, plotter.XY{X: g.X(c), Y: g.Y(r)})
				l.Labels = append(l.Labels, percent(z))
			}
		}
	}
	return l
}

func percent(share float64) string { return fmt.Sprintf("%.0f%%", 100*share) }

// newConsistencyGrid reads r into a grid; a later row for the same
// (model, category) replaces an earlier one.
func newConsistencyGrid(r *duck.Result) (consistencyGrid, error) {
	cols, err := columns(r, "model", "category", "self_consistent")
	if err != nil {
		return consistencyGrid{}, err
	}
	var g consistencyGrid
	modelIndex, catIndex := map[string]int{}, map[string]int{}
	type cell struct {
		model, cat int
		share      float64
	}
	var cells []cell
	for _, row := range r.Rows {
		model, cat := keyString(row[cols[0]]), keyString(row[cols[1]])
		if _, ok := modelIndex[model]; !ok {
			modelIndex[model] = len(g.models)
			g.models = append(g.models, model)
		}
		if _, ok := catIndex[cat]; !ok {
			catIndex[cat] = len(g.categories)
			g.categories = append(g.categories, cat)
		}
		if s, ok := number(row[cols[2]]); ok {
			cells = append(cells, cell{modelIndex[model], catIndex[cat], s})
		}
	}
	if len(cells) == 0 {
		return consistencyGrid{}, fmt.Errorf("chart: no self_consistent values to plot")
	}
	g.share = make([][]float64, len(g.models))
	for i := range g.share {
		g.share[i] = make([]float64, len(g.categories))
		for j := range g.share[i] {
			g.share[i][j] = math.NaN()
		}
	}
	for _, c := range cells {
		g.share[c.model][c.cat] = c.share
	}
	return g, nil
}

// consistencyColors maps a share in 0..1 to light (0) through dark (1).
func consistencyColors() (palette.ColorMap, error) {
	m, err := moreland.NewLuminance([]color.Color{
		color.NRGBA{R: 0x08, G: 0x1d, B: 0x58, A: 0xff},
		color.NRGBA{R: 0x41, G: 0xb6, B: 0xc4, A: 0xff},
		color.NRGBA{R: 0xff, G: 0xff, B: 0xd9, A: 0xff},
	})
	if err != nil {
		return nil, err
	}
	m.SetMin(0)
	m.SetMax(1)
	return palette.Reverse(m), nil
}

// ConsistencyHeatmap draws a model × category heat map of the share of
// self-consistent chains, from a result with columns model, category and
// self_consistent (a share 0..1). Models run down the Y axis and
// categories along X, each in first-seen row order. The colour scale is
// fixed at 0%..100% so reports compare; a NULL share is a grey cell
// without a label.
func ConsistencyHeatmap(r *duck.Result) (Chart, error) {
	g, err := newConsistencyGrid(r)
	if err != nil {
		return Chart{}, err
	}
	cm, err := consistencyColors()
	if err != nil {
		return Chart{}, err
	}
	pal := cm.Palette(256)
	colors := pal.Colors()
	const cellWidth, cellHeight = 0.8 * vg.Inch, 0.4 * vg.Inch
	dataWidth := max(3*vg.Inch, vg.Length(len(g.categories))*cellWidth)

	p := plot.New()
	p.Title.Text = "Self-consistent share by model and category"
	p.X.Label.Text = "category"
	labels := nominalX(p, g.categories, dataWidth)
	p.NominalY(g.rowNames()...)
	// Cells fill the data area; the X padding keeps rotated labels,
	// which rise a font descent above the axis, from under the cells.
	p.X.Padding, p.Y.Padding = vg.Points(3), 0

	h := plotter.NewHeatMap(g, pal)
	h.Min, h.Max = 0, 1
	h.NaN = noData
	h.Underflow, h.Overflow = colors[0], colors[len(colors)-1]
	p.Add(h)

	l, err := plotter.NewLabels(g.labels())
	if err != nil {
		return Chart{}, err
	}
	for i, xy := range l.XYs {
		l.TextStyle[i].XAlign = draw.XCenter
		l.TextStyle[i].YAlign = draw.YCenter
		c, _ := cm.At(math.Min(1, math.Max(0, g.Z(int(xy.X), int(xy.Y)))))
		l.TextStyle[i].Color = readableOn(c)
	}
	p.Add(l)

	for _, v := range []float64{0, 0.5, 1} {
		c, _ := cm.At(v)
		p.Legend.Add(percent(v), swatch{c})
	}
	p.Legend.Add("no data", swatch{noData})
	band := legendAboveData(p)
	height := max(2*vg.Inch, vg.Length(len(g.models))*cellHeight) + 1.5*vg.Inch + labels + band
	var names vg.Length
	for _, m := range g.models {
		names = max(names, p.Y.Tick.Label.Width(m))
	}
	return Chart{Plot: p, Width: dataWidth + names + vg.Inch, Height: height}, nil
}

// readableOn returns black or white, whichever contrasts with bg.
func readableOn(bg color.Color) color.Color {
	r, g, b, _ := bg.RGBA()
	if 0.299*float64(r)+0.587*float64(g)+0.114*float64(b) > 0.5*0xffff {
		return color.Black
	}
	return color.White
}
