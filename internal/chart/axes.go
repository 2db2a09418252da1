package chart

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// nominalX labels the X axis with names at 0, 1, …, rotating them when the
// widest would not fit its slot of a data area dataWidth wide. It returns
// the height rotation adds, which the caller adds to the chart's height.
func nominalX(p *plot.Plot, names []string, dataWidth vg.Length) vg.Length {
	p.NominalX(names...)
	var widest vg.Length
	for _, n := range names {
		widest = max(widest, p.X.Tick.Label.Width(n))
	}
	if widest > 0.9*dataWidth/vg.Length(len(names)) {
		p.X.Tick.Label.Rotation = math.Pi / 2
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
		return widest
	}
	return 0
}

// logTicks labels 1, 2 and 5 times each power of ten over narrow ranges and
// only the powers over wide ones; plot.LogTicks labels only powers, which
// leaves a range such as 0.5..3 with a single label.
func logTicks(lo, hi float64) []plot.Tick {
	labelled := []float64{1, 2, 5}
	if math.Log10(hi/lo) > 3 {
		labelled = []float64{1}
	}
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for m := 1.0; m < 10; m++ {
			v := m * base
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			for _, l := range labelled {
				if m == l {
					t.Label = strconv.FormatFloat(v, 'g', 3, 64)
				}
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// integerTicks labels whole numbers only, at most about ten of them, in
// steps of 1, 2 or 5 times a power of ten.
func integerTicks(lo, hi float64) []plot.Tick {
	step := 1.0
	for (hi-lo)/step > 10 {
		switch d := step / math.Pow(10, math.Floor(math.Log10(step))); d {
		case 2:
			step *= 2.5
		default:
			step *= 2
		}
	}
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return ticks
}
