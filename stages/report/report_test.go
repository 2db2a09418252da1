package report

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/perfcon/perfcon/internal/chart"
	"github.com/perfcon/perfcon/internal/duck"
)

// cells is a queries folder: a setup file and three cells, 20_tasks
// plotted by its real chart.
var cells = fstest.MapFS{
	"00_setup.sql": {Data: []byte("CREATE MACRO twice(x) AS 2 * x;\n")},
	"10_values.sql": {Data: []byte(`-- title: Values <and> escapes
-- A note with <tag> & more,
-- on two lines.
--
-- A second paragraph.
SELECT n, twice(n) AS doubled, ratio, label
FROM (VALUES (1, 0.5, '<b>'), (2, NULL, 'x|y'), (3, 1.25, NULL)) v(n, ratio, label)
WHERE n < 4
ORDER BY n;
`)},
	"20_tasks.sql": {Data: []byte(`-- title: Speedup per task
SELECT * FROM (VALUES ('t1', 'm1', 2.0::DOUBLE, 3.0::DOUBLE), ('t2', 'm1', 1.5, NULL))
  v(task_id, model, human_speedup, model_speedup);
`)},
	"30_nothing.sql": {Data: []byte(`-- title: Nothing to plot
SELECT 't1' AS task_id, 'm1' AS model, NULL::DOUBLE AS human_speedup, NULL::DOUBLE AS model_speedup;
`)},
}

// withPlot registers a plot for a cell for the length of a test.
func withPlot(t *testing.T, name string, draw func(*duck.Result) (chart.Chart, error)) {
	t.Helper()
	old, had := plots[name]
	plots[name] = plotSpec{Draw: draw}
	t.Cleanup(func() {
		if had {
			plots[name] = old
		} else {
			delete(plots, name)
		}
	})
}

func render(t *testing.T, queries fstest.MapFS) (string, string, error) {
	t.Helper()
	out := t.TempDir()
	var log bytes.Buffer
	err := Render(context.Background(), Options{
		Tables: t.TempDir(), Queries: queries, QueriesName: "test queries", Out: out, Log: &log})
	return out, log.String(), err
}

func TestRender(t *testing.T) {
	withPlot(t, "30_nothing", func(*duck.Result) (chart.Chart, error) {
		return chart.Chart{Plot: plot.New(), Width: vg.Inch, Height: vg.Inch}, nil
	})
	out, log, err := render(t, cells)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"report: 30_nothing: plot left out: no data\n",
		"report: 3 cells -> " + filepath.Join(out, "report.md") + ", " + filepath.Join(out, "report.html") + "\n",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	for name, want := range map[string]bool{
		"plots/20_tasks.png": true, "plots/20_tasks.svg": true,
		"plots/30_nothing.png": false, "plots/30_nothing.svg": false,
		"report.md.tmp": false, "report.html.tmp": false,
	} {
		if _, err := os.Stat(filepath.Join(out, name)); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", name, err == nil, want)
		}
	}

	md := readFile(t, filepath.Join(out, "report.md"))
	for _, want := range []string{
		"## Values <and> escapes\n\nA note with <tag> & more,\non two lines.\n\nA second paragraph.\n\n| n | doubled | ratio | label |",
		"| 2 | 4 |  | x\\|y |",
		"![Speedup per task](plots/20_tasks.png)",
		"## Nothing to plot\n\n| task_id |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}

	page := readFile(t, filepath.Join(out, "report.html"))
	doc := parseHTML(t, page)
	if diff := cmp.Diff([]string{"Values <and> escapes", "Speedup per task", "Nothing to plot", "Methods"}, doc.headings); diff != "" {
		t.Errorf("headings (-want +got):\n%s", diff)
	}
	var anchors []string
	for _, id := range doc.ids {
		anchors = append(anchors, "#"+id)
	}
	if diff := cmp.Diff(anchors, doc.toc); diff != "" || len(anchors) != 4 {
		t.Errorf("contents links do not match the heading ids (-ids +links):\n%s", diff)
	}
	// The host facts (no rows here) are a paragraph; each cell is a table.
	if diff := cmp.Diff([]int{4, 3, 2}, doc.tableRows); diff != "" {
		t.Errorf("table rows (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"1", "2", "0.5", "<b>", "2", "4", "", "x|y"}, doc.cells[:8]); diff != "" {
		t.Errorf("first cells (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"num", "num", "num", ""}, doc.cellClasses[:4]); diff != "" {
		t.Errorf("cell classes (-want +got):\n%s", diff)
	}
	if doc.svgs != 1 {
		t.Errorf("%d inline SVG plots, want 1", doc.svgs)
	}
	if len(doc.code) != 3 || !strings.Contains(doc.code[0], "WHERE n < 4") {
		t.Errorf("SQL blocks = %q, want 3, the first with the cell's SQL", doc.code)
	}
	if !slices.Contains(doc.paragraphs, "A note with <tag> & more,\non two lines.") ||
		!slices.Contains(doc.paragraphs, "A second paragraph.") {
		t.Errorf("paragraphs = %q, want the notes' two", doc.paragraphs)
	}
	for _, want := range []string{"<td>&lt;b&gt;</td>", "WHERE n &lt; 4", "A note with &lt;tag&gt; &amp; more"} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?\s*(https?:)?//|url\(`).FindString(page); external != "" {
		t.Errorf("report.html refers to an outside resource: %s", external)
	}
}

// A draw function's error leaves the plot out, not the cell.
func TestRenderPlotError(t *testing.T) {
	withPlot(t, "20_tasks", func(*duck.Result) (chart.Chart, error) {
		return chart.Chart{}, errors.New("chart: no values to plot")
	})
	out, log, err := render(t, cells)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log, "report: 20_tasks: plot left out: chart: no values to plot\n") {
		t.Errorf("log lacks the plot left out:\n%s", log)
	}
	md := readFile(t, filepath.Join(out, "report.md"))
	if !strings.Contains(md, "## Speedup per task\n\n| task_id |") {
		t.Errorf("report.md lacks the cell without its plot:\n%s", md)
	}
	if page := readFile(t, filepath.Join(out, "report.html")); strings.Contains(page, "<svg") {
		t.Error("report.html has a plot")
	}
}

// A plot that panics while drawing is left out with a log line.
func TestRenderPlotPanic(t *testing.T) {
	withPlot(t, "20_tasks", func(*duck.Result) (chart.Chart, error) {
		p := plot.New()
		p.Y.Scale = plot.LogScale{}
		s, err := plotter.NewScatter(plotter.XYs{{X: 1, Y: 0}}) // no place on a log axis
		p.Add(s)
		return chart.Chart{Plot: p, Width: vg.Inch, Height: vg.Inch}, err
	})
	out, log, err := render(t, cells)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log, "report: 20_tasks: plot left out: cannot draw") {
		t.Errorf("log lacks the plot left out:\n%s", log)
	}
	if _, err := os.Stat(filepath.Join(out, "plots", "20_tasks.png")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("half-drawn plot kept: %v", err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// htmlDoc is what the tests look at in the HTML page.
type htmlDoc struct {
	headings, ids, toc []string
	paragraphs, code   []string
	tableRows          []int // <tr> per table
	cells, cellClasses []string
	svgs               int
}

// parseHTML reads the page as XML, which also checks it is well formed.
func parseHTML(t *testing.T, page string) htmlDoc {
	t.Helper()
	var doc htmlDoc
	d := xml.NewDecoder(strings.NewReader(page))
	d.Entity = xml.HTMLEntity
	var stack []string
	var text *string // where character data goes
	attr := func(e xml.StartElement, name string) string {
		for _, a := range e.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	in := func(name string) bool {
		for _, s := range stack {
			if s == name {
				return true
			}
		}
		return false
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("report.html is not well formed: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			stack = append(stack, e.Name.Local)
			switch e.Name.Local {
			case "h2":
				doc.ids = append(doc.ids, attr(e, "id"))
				doc.headings = append(doc.headings, "")
				text = &doc.headings[len(doc.headings)-1]
			case "a":
				if in("nav") {
					doc.toc = append(doc.toc, attr(e, "href"))
				}
			case "p":
				doc.paragraphs = append(doc.paragraphs, "")
				text = &doc.paragraphs[len(doc.paragraphs)-1]
			case "code":
				if in("pre") {
					doc.code = append(doc.code, "")
					text = &doc.code[len(doc.code)-1]
				}
			case "table":
				doc.tableRows = append(doc.tableRows, 0)
			case "tr":
				doc.tableRows[len(doc.tableRows)-1]++
			case "td":
				doc.cells = append(doc.cells, "")
				doc.cellClasses = append(doc.cellClasses, attr(e, "class"))
				text = &doc.cells[len(doc.cells)-1]
			case "svg":
				if in("figure") {
					doc.svgs++
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			text = nil
		case xml.CharData:
			if text != nil {
				*text += string(e)
			}
		}
	}
	return doc
}
