package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/perfcon/perfcon/internal/chart"
	"github.com/perfcon/perfcon/internal/duck"
)

var plotFormats = []string{".png", ".svg"}

// errCannotDraw marks a plot that failed while drawing its data, as
// gonum's log axes do on values they cannot place.
var errCannotDraw = errors.New("cannot draw")

// drawPlot writes a cell's plot under Out/plots and returns its SVG
// markup, or nil when the cell has no plot or it is left out. It removes
// the plot files of an earlier run that this run does not draw.
func drawPlot(ctx context.Context, db *duck.DB, opts Options, c duck.Cell) ([]byte, error) {
	spec, ok := plots[c.Name]
	if !ok {
		return nil, nil
	}
	base := filepath.Join(opts.Out, "plots", c.Name)
	leaveOut := func(why any) ([]byte, error) {
		logf(opts.Log, "report: %s: plot left out: %v", c.Name, why)
		for _, ext := range plotFormats {
			os.Remove(base + ext)
		}
		return nil, nil
	}
	data := c.Result
	if spec.From != "" {
		var err error
		if data, err = db.QueryAll(ctx, "SELECT * FROM "+spec.From); err != nil {
			return nil, fmt.Errorf("plot for %s: %w", c.Name, err)
		}
	}
	switch {
	case data.Total == 0:
		return leaveOut("no rows")
	case data.Truncated():
		return leaveOut(fmt.Sprintf("%d rows, more than the page shows", data.Total))
	case spec.MaxRows > 0 && data.Total > spec.MaxRows:
		return leaveOut(fmt.Sprintf("%d rows, too many to read in one plot", data.Total))
	}
	ch, err := spec.Draw(data)
	if err != nil {
		return leaveOut(err)
	}
	if !hasData(ch) {
		return leaveOut("no data")
	}
	for _, ext := range plotFormats {
		if err := save(ch, base+ext); errors.Is(err, errCannotDraw) {
			return leaveOut(err)
		} else if err != nil {
			return nil, fmt.Errorf("plot for %s: %w", c.Name, err)
		}
	}
	svg, err := os.ReadFile(base + ".svg")
	if err != nil {
		return nil, err
	}
	// Inlined in HTML, the SVG starts at its element, after the XML prolog.
	if i := bytes.Index(svg, []byte("<svg")); i > 0 {
		svg = svg[i:]
	}
	return svg, nil
}

// hasData reports whether a chart has a plot with data on both axes.
func hasData(ch chart.Chart) bool {
	p := ch.Plot
	return p != nil && p.X.Min <= p.X.Max && p.Y.Min <= p.Y.Max
}

// save saves a chart, turning a panic while drawing into errCannotDraw.
func save(ch chart.Chart, path string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errCannotDraw, r)
		}
	}()
	return ch.Save(path)
}
