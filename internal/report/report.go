package report

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/perfcon/perfcon/internal/chart"
	"github.com/perfcon/perfcon/internal/duck"
)

// Options for rendering.
type Options struct {
	Tables  string // folder of table files
	Queries fs.FS  // folder of .sql cells
	// QueriesName says where Queries came from, for the page.
	QueriesName string
	Out         string // report folder; the page is Out/report.md
	Log         io.Writer
}

// plots maps a cell's name to the plot drawn from its result.
var plots = map[string]func(*duck.Result) (chart.Chart, error){
	"20_tasks": chart.SpeedupByTask,
}

// Render runs the cells and writes the page, its plots and nothing else.
func Render(ctx context.Context, opts Options) error {
	db, err := duck.Open(ctx, opts.Tables)
	if err != nil {
		return err
	}
	defer db.Close()
	cells, err := db.RunDir(ctx, opts.Queries)
	if err != nil {
		return err
	}
	host, err := db.Query(ctx, `SELECT DISTINCT host, host_cpu, host_kernel, meter, counters FROM measurements`)
	if err != nil {
		return fmt.Errorf("reading host facts: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(opts.Out, "plots"), 0o755); err != nil {
		return err
	}

	var b strings.Builder
	fmt.Fprintf(&b, "# perfcon report\n\nRendered %s from the tables in `%s` by the queries in `%s`.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), opts.Tables, opts.QueriesName)
	b.WriteString("Measured on:\n\n")
	writeTable(&b, host)
	for _, c := range cells {
		fmt.Fprintf(&b, "\n## %s\n\n", c.Title)
		if c.Notes != "" {
			b.WriteString(c.Notes + "\n\n")
		}
		if draw, ok := plots[c.Name]; ok && len(c.Result.Rows) > 0 {
			ch, err := draw(c.Result)
			if err != nil {
				return fmt.Errorf("plot for %s: %w", c.Name, err)
			}
			for _, ext := range []string{".png", ".svg"} {
				if err := ch.Save(filepath.Join(opts.Out, "plots", c.Name+ext)); err != nil {
					return fmt.Errorf("plot for %s: %w", c.Name, err)
				}
			}
			fmt.Fprintf(&b, "![%s](plots/%s.png)\n\n", c.Title, c.Name)
		}
		writeTable(&b, c.Result)
		fmt.Fprintf(&b, "\n<details><summary>SQL (queries/%s.sql)</summary>\n\n```sql\n%s\n```\n</details>\n", c.Name, c.SQL)
	}
	page := filepath.Join(opts.Out, "report.md")
	tmp := page + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, page); err != nil {
		return err
	}
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "report: %d cells -> %s\n", len(cells), page)
	}
	return nil
}

func writeTable(b *strings.Builder, r *duck.Result) {
	if len(r.Rows) == 0 {
		b.WriteString("_(no rows)_\n")
		return
	}
	b.WriteString("| " + strings.Join(r.Columns, " | ") + " |\n|")
	for range r.Columns {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, row := range r.Rows {
		cells := make([]string, len(row))
		for i, v := range row {
			cells[i] = strings.ReplaceAll(Format(v), "|", `\|`)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
}

// Format renders one SQL value for a table: NULL as empty, floats short.
func Format(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return strconv.FormatFloat(x, 'g', -1, 64)
		}
		if s := strconv.FormatFloat(x, 'f', -1, 64); len(s) <= 10 {
			return s
		}
		return strconv.FormatFloat(x, 'g', 4, 64)
	case float32:
		return Format(float64(x))
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case []byte:
		return string(x)
	case string:
		return strings.ReplaceAll(x, "\n", " ")
	}
	return fmt.Sprint(v)
}
