package chart

import (
	"image/color"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// humanModel is the pseudo-model standing for the human-written fix.
const humanModel = "human fix"

// orderModels sorts model names, with the human fix first so it is the
// reference colour and legend entry in every chart.
func orderModels(models []string) []string {
	out := append([]string(nil), models...)
	sort.Slice(out, func(i, j int) bool {
		if (out[i] == humanModel) != (out[j] == humanModel) {
			return out[i] == humanModel
		}
		return out[i] < out[j]
	})
	return out
}

// swatch is a legend thumbnail filled with one colour.
type swatch struct{ color color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	c.SetColor(s.color)
	c.Fill(c.Rectangle.Path())
}

// legendGap separates the title from the legend band below it, so the two
// stay apart even where a viewer's font is taller than the one measured.
const legendGap = vg.Length(6)

// legendAboveData moves the legend into a band between the title and the
// data area, so it never hides data; it returns the band's height, which
// the caller adds to the chart's height. Call it after the last Legend.Add.
func legendAboveData(p *plot.Plot) vg.Length {
	h := p.Legend.Rectangle(draw.Canvas{}).Size().Y
	// The descent keeps the last entry clear of the data area's top edge.
	h += p.Legend.TextStyle.FontExtents().Descent
	p.Legend.Top = true
	p.Legend.YOffs += h
	p.Title.Padding += h + legendGap
	return h + legendGap
}
