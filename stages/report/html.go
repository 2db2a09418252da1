package report

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"

	"github.com/perfcon/perfcon/internal/duck"
)

// htmlPage renders the page as one self-contained HTML file: styles and
// SVG plots inline, nothing fetched. It is also well-formed XML, so tests
// can parse it with encoding/xml.
func htmlPage(p page) ([]byte, error) {
	type cellView struct {
		ID, Name, Title, SQL string
		Notes                []string
		Plot                 template.HTML
		Table                tableView
		More                 string
	}
	v := struct {
		Rendered, Tables, Queries string
		Host                      tableView
		CostNote, StatsNote       string
		ReadingNote               string
		Cells                     []cellView
	}{
		CostNote:    costNote,
		StatsNote:   statsNote,
		ReadingNote: readingNote,
		Rendered:    p.Rendered.Format("2006-01-02 15:04 UTC"),
		Tables:      p.Tables,
		Queries:     p.Queries,
		Host:        newTableView(p.Host),
	}
	for _, c := range p.Cells {
		v.Cells = append(v.Cells, cellView{
			ID:    "cell-" + idUnsafe.ReplaceAllString(c.Name, "-"),
			Name:  c.Name,
			Title: c.Title,
			SQL:   c.SQL,
			Notes: paragraphs(c.Notes),
			// The SVG is gonum's own output, whose text it escapes.
			Plot:  template.HTML(c.SVG),
			Table: newTableView(c.Result),
			More:  more(c.Cell),
		})
	}
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var idUnsafe = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// paragraphs splits notes at blank lines.
func paragraphs(notes string) []string {
	var ps []string
	for _, p := range strings.Split(notes, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			ps = append(ps, p)
		}
	}
	return ps
}

type tableView struct {
	Head []td
	Rows [][]td
}

// td is one table cell; Num right-aligns it.
type td struct {
	Text string
	Num  bool
}

func newTableView(r *duck.Result) tableView {
	var t tableView
	num := make([]bool, len(r.Columns))
	for i, name := range r.Columns {
		num[i] = i < len(r.Types) && numeric(r.Types[i])
		t.Head = append(t.Head, td{name, num[i]})
	}
	for _, row := range r.Rows {
		tr := make([]td, len(row))
		for i, val := range row {
			tr[i] = td{Format(val), num[i]}
		}
		t.Rows = append(t.Rows, tr)
	}
	return t
}

// numeric reports whether a DuckDB type name is a number's.
func numeric(typ string) bool {
	typ, _, _ = strings.Cut(typ, "(") // DECIMAL(18,3)
	switch typ {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
		"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
		"FLOAT", "DOUBLE", "DECIMAL":
		return true
	}
	return false
}

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>perfcon report</title>
<style>
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; max-width: 75rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2 { line-height: 1.25; }
h2 { margin-top: 2.5rem; padding-bottom: .2rem; border-bottom: 1px solid #ddd; }
nav ol { padding-left: 1.5rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: .88rem; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ddd; padding: .2rem .55rem; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
tbody tr:nth-child(even) { background: #fafafa; }
.num { text-align: right; }
.empty { color: #777; font-style: italic; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
details { margin: .8rem 0; }
summary { cursor: pointer; color: #555; }
pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; }
</style>
</head>
<body>
<h1>perfcon report</h1>
<p>Rendered {{.Rendered}} from the tables in <code>{{.Tables}}</code> by the queries in <code>{{.Queries}}</code>.</p>
<nav>
<ol>
{{- range .Cells}}
<li><a href="#{{.ID}}">{{.Title}}</a></li>
{{- end}}
<li><a href="#methods">Methods</a></li>
</ol>
</nav>
<p>{{.ReadingNote}}</p>
{{- range .Cells}}
<section>
<h2 id="{{.ID}}">{{.Title}}</h2>
{{- range .Notes}}
<p>{{.}}</p>
{{- end}}
{{- with .Plot}}
<figure>{{.}}</figure>
{{- end}}
{{template "table" .Table}}
{{- with .More}}
<p class="empty">{{.}}</p>
{{- end}}
<details><summary>SQL (queries/{{.Name}}.sql)</summary>
<pre><code>{{.SQL}}</code></pre>
</details>
</section>
{{- end}}
<section>
<h2 id="methods">Methods</h2>
<p>{{.StatsNote}}</p>
<p>{{.CostNote}}</p>
<p>Measured on:</p>
{{template "table" .Host}}
</section>
</body>
</html>
{{define "table"}}
{{- if .Rows}}<div class="scroll"><table>
<thead><tr>{{range .Head}}<th{{if .Num}} class="num"{{end}}>{{.Text}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td{{if .Num}} class="num"{{end}}>{{.Text}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table></div>
{{- else}}<p class="empty">(no rows)</p>
{{- end}}
{{- end}}
`))
