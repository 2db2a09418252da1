package chart

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/perfcon/perfcon/internal/duck"
)

// Chart is a plot and the size to save it at.
type Chart struct {
	Plot          *plot.Plot
	Width, Height vg.Length
}

// Save writes the chart; the format follows the extension (.png, .svg).
func (c Chart) Save(path string) error { return c.Plot.Save(c.Width, c.Height, path) }

// column returns the index of a named column.
func column(r *duck.Result, name string) (int, error) {
	for i, c := range r.Columns {
		if c == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("chart: result has no column %q", name)
}

// columns returns the indices of the named columns, in order.
func columns(r *duck.Result, names ...string) ([]int, error) {
	if r == nil {
		return nil, fmt.Errorf("chart: no result")
	}
	idx := make([]int, len(names))
	for i, name := range names {
		j, err := column(r, name)
		if err != nil {
			return nil, err
		}
		idx[i] = j
	}
	return idx, nil
}

// keyString renders a key value (model, category) as a label; NULL shows as "NULL".
func keyString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return "NULL"
	}
	return fmt.Sprint(v)
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case float32:
		f := float64(x)
		return f, !math.IsNaN(f) && !math.IsInf(f, 0)
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	}
	return 0, false
}

// SpeedupByTask plots, on a log axis, each task's human speedup beside each
// model's, from a result with columns task_id, model, human_speedup and
// model_speedup.
func SpeedupByTask(r *duck.Result) (Chart, error) {
	cols, err := columns(r, "task_id", "model", "human_speedup", "model_speedup")
	if err != nil {
		return Chart{}, err
	}
	taskIndex := map[string]int{}
	var tasks []string
	human := map[string]float64{}
	byModel := map[string]plotter.XYs{}
	for _, row := range r.Rows {
		task := keyString(row[cols[0]])
		if _, ok := taskIndex[task]; !ok {
			taskIndex[task] = len(tasks)
			tasks = append(tasks, task)
		}
		// A log axis has no place for a speedup <= 0 (one that rounds to 0).
		if h, ok := number(row[cols[2]]); ok && h > 0 {
			human[task] = h
		}
		model := keyString(row[cols[1]])
		if s, ok := number(row[cols[3]]); ok && s > 0 {
			byModel[model] = append(byModel[model], plotter.XY{X: float64(taskIndex[task]), Y: s})
		}
	}
	if len(tasks) == 0 {
		return Chart{}, fmt.Errorf("chart: no tasks to plot")
	}
	p := plot.New()
	p.Title.Text = "Speedup over code before, per task (log scale)"
	p.Y.Label.Text = "speedup t(before)/t(x)"
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	p.NominalX(tasks...)
	p.X.Tick.Label.Rotation = math.Pi / 2
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
	p.Add(plotter.NewGrid())
	p.Legend.Top = true

	var hxy plotter.XYs
	for _, t := range tasks {
		if h, ok := human[t]; ok {
			hxy = append(hxy, plotter.XY{X: float64(taskIndex[t]), Y: h})
		}
	}
	if err := addSeries(p, humanModel, hxy, 0); err != nil {
		return Chart{}, err
	}
	models := make([]string, 0, len(byModel))
	for m := range byModel {
		models = append(models, m)
	}
	sort.Strings(models)
	for i, m := range models {
		if err := addSeries(p, m, byModel[m], i+1); err != nil {
			return Chart{}, err
		}
	}
	width := vg.Length(math.Max(6, 0.28*float64(len(tasks))+2)) * vg.Inch
	return Chart{Plot: p, Width: width, Height: 5 * vg.Inch}, nil
}

func addSeries(p *plot.Plot, name string, xy plotter.XYs, i int) error {
	if len(xy) == 0 {
		return nil
	}
	s, err := plotter.NewScatter(xy)
	if err != nil {
		return err
	}
	s.GlyphStyle.Color = plotutil.Color(i)
	s.GlyphStyle.Shape = plotutil.Shape(i)
	s.GlyphStyle.Radius = vg.Points(3.5)
	p.Add(s)
	p.Legend.Add(name, s)
	return nil
}
