package chart

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/perfcon/perfcon/internal/duck"
)

// noData fills heat map cells without a value.
var noData = color.Gray{Y: 0xd0}

// hatchLine strikes through cells without tasks, so they read apart from
// cells whose tasks gave no value.
var hatchLine = draw.LineStyle{Color: color.Gray{Y: 0x80}, Width: vg.Points(0.75)}

// consistencyCell is one (model, category) of the grid.
type consistencyCell struct {
	share, lo, hi float64 // NaN where unknown
	noTasks       bool    // the tasks column is 0 or NULL
}

// consistencyGrid is a model × category grid of shares, NaN where there is
// no data. It implements plotter.GridXYZ with categories along X and models
// along Y, the first model at the top.
type consistencyGrid struct {
	models, categories []string            // in first-seen order
	cells              [][]consistencyCell // cells[model][category]
}

func (g consistencyGrid) Dims() (c, r int)   { return len(g.categories), len(g.models) }
func (g consistencyGrid) Z(c, r int) float64 { return g.cell(c, r).share }
func (g consistencyGrid) X(c int) float64    { return float64(c) }
func (g consistencyGrid) Y(r int) float64    { return float64(r) }
func (g consistencyGrid) Min() float64       { return 0 }
func (g consistencyGrid) Max() float64       { return 1 }
func (g consistencyGrid) cell(c, r int) consistencyCell {
	return g.cells[len(g.models)-1-r][c]
}
func (g consistencyGrid) rowNames() []string {
	names := make([]string, len(g.models))
	for i, m := range g.models {
		names[len(g.models)-1-i] = m
	}
	return names
}

// labels places each cell's share at its centre and, where its interval
// is known, the interval just below; cells without data get no label.
func (g consistencyGrid) labels() (values, intervals plotter.XYLabels) {
	cols, rows := g.Dims()
	for r := range rows {
		for c := range cols {
			cell := g.cell(c, r)
			if math.IsNaN(cell.share) {
				continue
			}
			xy := plotter.XY{X: g.X(c), Y: g.Y(r)}
			values.XYs = append(values.XYs, xy)
			values.Labels = append(values.Labels, shareText(cell.share))
			if !math.IsNaN(cell.lo) && !math.IsNaN(cell.hi) {
				intervals.XYs = append(intervals.XYs, xy)
				intervals.Labels = append(intervals.Labels, intervalText(cell.lo, cell.hi))
			}
		}
	}
	return values, intervals
}

// withoutTasks returns the centres of the cells whose tasks column is 0
// or NULL.
func (g consistencyGrid) withoutTasks() []plotter.XY {
	var xys []plotter.XY
	cols, rows := g.Dims()
	for r := range rows {
		for c := range cols {
			if g.cell(c, r).noTasks {
				xys = append(xys, plotter.XY{X: g.X(c), Y: g.Y(r)})
			}
		}
	}
	return xys
}

func shareText(share float64) string     { return fmt.Sprintf("%.2f", share) }
func intervalText(lo, hi float64) string { return fmt.Sprintf("[%.2f–%.2f]", lo, hi) }

// newConsistencyGrid reads r into a grid; a later row for the same
// (model, category) replaces an earlier one. Where r has a tasks column,
// a cell with 0 or NULL tasks has no share whatever self_consistent says.
func newConsistencyGrid(r *duck.Result) (consistencyGrid, error) {
	cols, err := columns(r, "model", "category", "self_consistent")
	if err != nil {
		return consistencyGrid{}, err
	}
	tasks := optionalColumn(r, "tasks")
	bounds := boundsColumns(r, "self_consistent")
	var g consistencyGrid
	modelIndex, catIndex := map[string]int{}, map[string]int{}
	type placed struct {
		model, cat int
		cell       consistencyCell
	}
	var cells []placed
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
		cell := consistencyCell{share: math.NaN(), lo: math.NaN(), hi: math.NaN()}
		if tasks >= 0 {
			n, ok := number(row[tasks])
			cell.noTasks = !ok || n == 0
		}
		if s, ok := number(row[cols[2]]); ok && !cell.noTasks {
			cell.share = s
			if lo, hi, ok := interval(row, bounds); ok {
				cell.lo, cell.hi = lo, hi
			}
		}
		cells = append(cells, placed{modelIndex[model], catIndex[cat], cell})
	}
	g.cells = make([][]consistencyCell, len(g.models))
	for i := range g.cells {
		g.cells[i] = make([]consistencyCell, len(g.categories))
		for j := range g.cells[i] {
			g.cells[i][j] = consistencyCell{share: math.NaN(), lo: math.NaN(), hi: math.NaN()}
		}
	}
	found := false
	for _, c := range cells {
		g.cells[c.model][c.cat] = c.cell
	}
	for _, row := range g.cells {
		for _, c := range row {
			found = found || !math.IsNaN(c.share)
		}
	}
	if !found {
		return consistencyGrid{}, fmt.Errorf("chart: no self_consistent values to plot")
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
// categories along X, each in first-seen row order. Each cell reads its
// share and, from optional columns self_consistent_lo and
// self_consistent_hi, its 95% interval below it. The colour scale is
// fixed at 0..1 so reports compare, and stands right of the cells; a NULL
// share is a grey cell without a label, and where the optional tasks
// column is 0 or NULL the cell is grey and hatched.
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

	p := plot.New()
	p.Title.Text = "Self-consistent share by model and category"
	// Keeps the title clear of the top row and the scale's top label.
	p.Title.Padding = vg.Points(8)
	p.X.Label.Text = "category"

	values, intervals := g.labels()
	valueStyle := text.Style{
		Font:    font.From(plotter.DefaultFont, plotter.DefaultFontSize),
		XAlign:  draw.XCenter,
		YAlign:  draw.YCenter,
		Handler: p.TextHandler,
	}
	intervalStyle := valueStyle
	intervalStyle.Font = font.From(plotter.DefaultFont, vg.Points(8))
	intervalStyle.YAlign = draw.YTop

	// Cells are wide enough for the widest label, and tall enough for
	// two lines where intervals are shown.
	cellWidth, cellHeight := 0.8*vg.Inch, 0.4*vg.Inch
	for _, s := range intervals.Labels {
		cellWidth = max(cellWidth, intervalStyle.Width(s)+vg.Points(10))
	}
	if len(intervals.Labels) > 0 {
		cellHeight = 0.5 * vg.Inch
	}
	dataWidth := max(3*vg.Inch, vg.Length(len(g.categories))*cellWidth)
	xLabels := nominalX(p, g.categories, dataWidth)
	p.NominalY(g.rowNames()...)
	// Cells fill the data area; the X padding keeps rotated labels,
	// which rise a font descent above the axis, from under the cells.
	p.X.Padding, p.Y.Padding = vg.Points(3), 0

	h := plotter.NewHeatMap(g, pal)
	h.Min, h.Max = 0, 1
	h.NaN = noData
	h.Underflow, h.Overflow = colors[0], colors[len(colors)-1]
	p.Add(h)
	noTasks := g.withoutTasks()
	if len(noTasks) > 0 {
		p.Add(hatched{cells: noTasks})
	}

	hasInterval := map[plotter.XY]bool{}
	for _, xy := range intervals.XYs {
		hasInterval[xy] = true
	}
	// The pair of lines straddles the cell's centre: the share sits on
	// it, the interval hangs from it.
	const lineGap = vg.Length(1)
	vl, err := plotter.NewLabels(values)
	if err != nil {
		return Chart{}, err
	}
	for i, xy := range vl.XYs {
		vl.TextStyle[i] = valueStyle
		if hasInterval[xy] {
			vl.TextStyle[i].YAlign = draw.YBottom
		}
		vl.TextStyle[i].Color = textOn(cm, g.Z(int(xy.X), int(xy.Y)))
	}
	p.Add(vl)
	if len(intervals.XYs) > 0 {
		il, err := plotter.NewLabels(intervals)
		if err != nil {
			return Chart{}, err
		}
		il.Offset.Y = -lineGap
		for i, xy := range il.XYs {
			il.TextStyle[i] = intervalStyle
			il.TextStyle[i].Color = textOn(cm, g.Z(int(xy.X), int(xy.Y)))
		}
		p.Add(il)
	}

	tickStyle := p.Y.Tick.Label
	tickStyle.XAlign, tickStyle.YAlign, tickStyle.Rotation = draw.XLeft, draw.YCenter, 0
	scale := colorScale{
		colors: cm,
		ticks:  []float64{0, 0.25, 0.5, 0.75, 1},
		keys:   []scaleKey{{"no data", swatch{noData}}},
		text:   tickStyle,
	}
	if len(noTasks) > 0 {
		scale.keys = append(scale.keys, scaleKey{"no tasks", hatchKey{}})
	}
	p.Add(scale)

	var names vg.Length
	for _, m := range g.models {
		names = max(names, p.Y.Tick.Label.Width(m))
	}
	height := max(2*vg.Inch, vg.Length(len(g.models))*cellHeight) + 1.2*vg.Inch + xLabels
	width := names + dataWidth + scale.width() + 0.6*vg.Inch
	return Chart{Plot: p, Width: width, Height: height}, nil
}

// textOn returns the label colour for a cell of share z.
func textOn(cm palette.ColorMap, z float64) color.Color {
	c, _ := cm.At(math.Min(1, math.Max(0, z)))
	return readableOn(c)
}

// readableOn returns black or white, whichever contrasts with bg.
func readableOn(bg color.Color) color.Color {
	r, g, b, _ := bg.RGBA()
	if 0.299*float64(r)+0.587*float64(g)+0.114*float64(b) > 0.5*0xffff {
		return color.Black
	}
	return color.White
}

// hatch fills r grey and strikes it with diagonal lines.
func hatch(c *draw.Canvas, r vg.Rectangle) {
	c.SetColor(noData)
	c.Fill(r.Path())
	const step = vg.Length(5)
	// Lines x - y = t, from the rectangle's lower right corner to its
	// upper left, each clipped to the rectangle.
	for t := r.Min.X - r.Max.Y + step/2; t < r.Max.X-r.Min.Y; t += step {
		x0, x1 := max(r.Min.X, r.Min.Y+t), min(r.Max.X, r.Max.Y+t)
		if x0 < x1 {
			c.StrokeLine2(hatchLine, x0, x0-t, x1, x1-t)
		}
	}
}

// hatched draws the heat map cells centred at cells as grey and hatched.
type hatched struct{ cells []plotter.XY }

func (h hatched) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, xy := range h.cells {
		hatch(&c, vg.Rectangle{
			Min: vg.Point{X: trX(xy.X - 0.5), Y: trY(xy.Y - 0.5)},
			Max: vg.Point{X: trX(xy.X + 0.5), Y: trY(xy.Y + 0.5)},
		})
	}
}

// hatchKey is the legend thumbnail of a hatched cell.
type hatchKey struct{}

func (hatchKey) Thumbnail(c *draw.Canvas) { hatch(c, c.Rectangle) }

// scaleKey is an entry below the colour scale.
type scaleKey struct {
	name  string
	thumb plot.Thumbnailer
}

// colorScale draws a vertical colour bar with its ticks right of the data
// area, and keys for the colours outside the scale below it. Its glyph
// box makes the plot narrow the data area to leave it room, so it never
// covers cells, axis labels or the title, whatever the grid's size.
type colorScale struct {
	colors palette.ColorMap
	ticks  []float64
	keys   []scaleKey
	text   text.Style
}

const (
	scaleGap   = 0.2 * vg.Inch // between the data area and the bar
	scaleBar   = 0.18 * vg.Inch
	scaleTick  = vg.Length(3)
	scaleSpace = vg.Length(3) // between a tick or key and its label
	keyGap     = vg.Length(4)
)

func (s colorScale) tickLabel(v float64) string { return fmt.Sprintf("%g", v) }

// width is the room the scale takes right of the data area.
func (s colorScale) width() vg.Length {
	var w vg.Length
	for _, v := range s.ticks {
		w = max(w, s.text.Width(s.tickLabel(v)))
	}
	for _, k := range s.keys {
		w = max(w, s.text.Width(k.name))
	}
	return scaleGap + scaleBar + scaleTick + scaleSpace + w
}

func (s colorScale) Plot(c draw.Canvas, _ *plot.Plot) {
	x0 := c.Max.X + scaleGap
	x1 := x0 + scaleBar
	label := x1 + scaleTick + scaleSpace
	outline := draw.LineStyle{Color: color.Gray{Y: 0x60}, Width: vg.Points(0.5)}
	entry := s.text.Height("M")

	// Keys stack up from the bottom, the first on top.
	y := c.Min.Y
	for i := len(s.keys) - 1; i >= 0; i-- {
		r := vg.Rectangle{Min: vg.Point{X: x0, Y: y}, Max: vg.Point{X: x1, Y: y + entry}}
		s.keys[i].thumb.Thumbnail(&draw.Canvas{Canvas: c.Canvas, Rectangle: r})
		c.StrokeLines(outline, rectLine(r))
		c.FillText(s.text, vg.Point{X: label, Y: y + entry/2}, s.keys[i].name)
		y += entry + keyGap
	}

	// Half a label of inset at each end keeps the end labels within the
	// data area's height.
	lo, hi := y+2*keyGap+entry/2, c.Max.Y-entry/2
	if len(s.keys) == 0 {
		lo = c.Min.Y + entry/2
	}
	if hi <= lo {
		return
	}
	const steps = 128
	for k := range steps {
		col, err := s.colors.At((float64(k) + 0.5) / steps)
		if err != nil {
			continue
		}
		c.SetColor(col)
		// Each slice runs under the next one up, which hides the seams
		// antialiasing leaves between abutting slices.
		y0 := lo + (hi-lo)*vg.Length(k)/steps
		y1 := lo + (hi-lo)*vg.Length(k+1)/steps + 1
		c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: min(y1, hi)}}.Path())
	}
	c.StrokeLines(outline, rectLine(vg.Rectangle{Min: vg.Point{X: x0, Y: lo}, Max: vg.Point{X: x1, Y: hi}}))
	for _, v := range s.ticks {
		ty := lo + (hi-lo)*vg.Length(v)
		c.StrokeLine2(outline, x1, ty, x1+scaleTick, ty)
		c.FillText(s.text, vg.Point{X: label, Y: ty}, s.tickLabel(v))
	}
}

// GlyphBoxes reserves the scale's width right of the data area.
func (s colorScale) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	return []plot.GlyphBox{{X: 1, Y: 0.5, Rectangle: vg.Rectangle{Max: vg.Point{X: s.width()}}}}
}

// rectLine is the closed outline of r.
func rectLine(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min}
}
