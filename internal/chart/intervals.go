package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/perfcon/perfcon/internal/duck"
)

// intervalColor draws whiskers over filled bars, dark enough to read on
// every series colour.
var intervalColor = color.Gray{Y: 0x30}

// optionalColumn returns the index of a named column, or -1 when r has
// none: queries folders written before intervals lack the _lo/_hi columns.
func optionalColumn(r *duck.Result, name string) int {
	if i, err := column(r, name); err == nil {
		return i
	}
	return -1
}

// boundsColumns returns the indices of name_lo and name_hi, -1 for each
// one r lacks.
func boundsColumns(r *duck.Result, name string) [2]int {
	return [2]int{optionalColumn(r, name+"_lo"), optionalColumn(r, name+"_hi")}
}

// interval reads a 95% interval from the columns at b; ok is false when
// either column is absent or its value NULL or not finite, which the
// queries use for an unknown interval.
func interval(row []any, b [2]int) (lo, hi float64, ok bool) {
	if b[0] < 0 || b[1] < 0 {
		return 0, 0, false
	}
	lo, okLo := number(row[b[0]])
	hi, okHi := number(row[b[1]])
	if !okLo || !okHi {
		return 0, 0, false
	}
	return math.Min(lo, hi), math.Max(lo, hi), true
}

// spread is a value with its interval, as plotter's error bars want it:
// distances below and above the value. A value rounded by its query may
// fall just outside its unrounded bounds; the distance is then 0.
func spread(v, lo, hi float64) (below, above float64) {
	return math.Max(0, v-lo), math.Max(0, hi-v)
}

// yIntervals holds points with vertical intervals for plotter.NewYErrorBars.
type yIntervals struct {
	plotter.XYs
	plotter.YErrors
}

func (y *yIntervals) add(x, v, lo, hi float64) {
	below, above := spread(v, lo, hi)
	y.XYs = append(y.XYs, plotter.XY{X: x, Y: v})
	y.YErrors = append(y.YErrors, struct{ Low, High float64 }{below, above})
}

// xIntervals holds points with horizontal intervals for plotter.NewXErrorBars.
type xIntervals struct {
	plotter.XYs
	plotter.XErrors
}

func (x *xIntervals) add(v, y, lo, hi float64) {
	below, above := spread(v, lo, hi)
	x.XYs = append(x.XYs, plotter.XY{X: v, Y: y})
	x.XErrors = append(x.XErrors, struct{ Low, High float64 }{below, above})
}

// dataPlotter is a plotter that reports its data range, as every plotter
// shifted here does.
type dataPlotter interface {
	plot.Plotter
	plot.DataRanger
}

// shifted draws a plotter moved by a fixed distance on the page, so
// series sharing an x or y (bars side by side, dodged points) keep their
// intervals apart without changing the data they show.
type shifted struct {
	dataPlotter
	dx, dy vg.Length
}

func (s shifted) Plot(c draw.Canvas, p *plot.Plot) {
	c.Rectangle = c.Rectangle.Add(vg.Point{X: s.dx, Y: s.dy})
	s.dataPlotter.Plot(c, p)
}

// GlyphBoxes moves the inner plotter's boxes too, so the plot pads its
// data area for the shift.
func (s shifted) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	g, ok := s.dataPlotter.(plot.GlyphBoxer)
	if !ok {
		return nil
	}
	boxes := g.GlyphBoxes(p)
	for i := range boxes {
		boxes[i].Rectangle = boxes[i].Rectangle.Add(vg.Point{X: s.dx, Y: s.dy})
	}
	return boxes
}

// dodge returns the page offset of series i of n, spaced step apart and
// centred on the data, with the whole spread kept within most.
func dodge(i, n int, step, most vg.Length) vg.Length {
	if n < 2 {
		return 0
	}
	step = min(step, most/vg.Length(n-1))
	return (vg.Length(i) - vg.Length(n-1)/2) * step
}
