package report

import (
	"fmt"
	"strings"

	"github.com/perfcon/perfcon/internal/duck"
)

// markdown renders the page as Markdown, plots linked as plots/<cell>.png.
func markdown(p page) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# perfcon report\n\nRendered %s from the tables in `%s` by the queries in `%s`.\n\n",
		p.Rendered.Format("2006-01-02 15:04 UTC"), p.Tables, p.Queries)
	b.WriteString(readingNote + "\n")
	for _, c := range p.Cells {
		fmt.Fprintf(&b, "\n## %s\n\n", c.Title)
		if c.Notes != "" {
			b.WriteString(c.Notes + "\n\n")
		}
		if len(c.SVG) > 0 { // plots/<Name>.png and .svg were written
			fmt.Fprintf(&b, "![%s](plots/%s.png)\n\n", c.Title, c.Name)
		}
		writeTable(&b, c.Result)
		if m := more(c.Cell); m != "" {
			fmt.Fprintf(&b, "\n_%s_\n", m)
		}
		fmt.Fprintf(&b, "\n<details><summary>SQL (queries/%s.sql)</summary>\n\n```sql\n%s\n```\n</details>\n", c.Name, c.SQL)
	}
	b.WriteString("\n## Methods\n\n" + statsNote + "\n\n" + costNote + "\n\nMeasured on:\n\n")
	writeTable(&b, p.Host)
	return b.String()
}

// more says how many rows a page leaves out of a cell, and how to get them.
func more(c duck.Cell) string {
	if !c.Result.Truncated() {
		return ""
	}
	return fmt.Sprintf("The first %d of %d rows. All of them: perfcon sql --format csv queries/%s.sql",
		len(c.Result.Rows), c.Result.Total, c.Name)
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
