package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/progress"
	"github.com/perfcon/perfcon/internal/sqlsplit"
	"github.com/perfcon/perfcon/queries"
	"github.com/perfcon/perfcon/stages/report"
)

// queriesDir is the queries folder a flag names, or the built-in one.
func queriesDir(flag string) (fs.FS, string, error) {
	if flag == "" {
		return queries.FS, "the built-in queries", nil
	}
	if _, err := os.Stat(flag); err != nil {
		return nil, "", fmt.Errorf("queries folder: %w", err)
	}
	return os.DirFS(flag), flag, nil
}

// openSetUp opens the tables in dir with the setup files (views, macros)
// of the queries folder a flag names; the caller closes it.
func openSetUp(ctx context.Context, dir, queriesFlag string) (*duck.DB, error) {
	q, _, err := queriesDir(queriesFlag)
	if err != nil {
		return nil, err
	}
	db, err := duck.Open(ctx, dir)
	if err != nil {
		return nil, err
	}
	if err := db.Setup(ctx, q); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func reportCommand(e *env) *cobra.Command {
	var o report.Options
	var dir string
	c := &cobra.Command{
		Use:   "report",
		Short: "Run queries/ over the tables and render the report",
		Long: `report runs every .sql file of the queries folder, in name order, over the
tables in DuckDB, and writes report.md with each cell's title, notes,
result table, plot and SQL, and the plots as PNG and SVG under plots/.
It also writes report.html, the same page in one self-contained file
(styles and plots inline) to open in a browser or send.`,
		Example: "  perfcon report --out reports",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if o.Queries, o.QueriesName, err = queriesDir(dir); err != nil {
				return err
			}
			o.Tables, o.Log = e.tables, e.stderr
			return report.Render(cmd.Context(), o)
		},
	}
	c.Flags().StringVar(&dir, "queries", "", "folder of .sql cells (default: the built-in queries)")
	c.Flags().StringVar(&o.Out, "out", "reports", "report folder")
	return c
}

func sqlCommand(e *env) *cobra.Command {
	var queriesFlag, format, out string
	c := &cobra.Command{
		Use:   "sql QUERY | FILE.sql | -",
		Short: "Query the tables with DuckDB SQL",
		Long: `sql runs a query over the tables, each a view named after its table
(commits, descriptions, generations, executables, measurements), after the
setup files of the queries folder (views such as runs, variant_costs,
human and outcomes), and prints the result.

The query is the argument itself, the contents of the .sql file it names
(a report cell, say), or standard input when it is "-".

--format picks the output:
  table    aligned columns, numbers short (the default)
  csv      a header row, then every value in full: NULL empty, floats
           exact, timestamps RFC 3339 in UTC with nanoseconds
  json     one array of objects keyed by column; NULL, NaN and
           infinities are null
  parquet  a Parquet file DuckDB writes, column types kept; the query
           must be one SELECT (or WITH, FROM, VALUES) statement, and
           --out is needed when standard output is a terminal

--out writes the output to a file instead of standard output.`,
		Example: `  perfcon sql "SELECT category, count(*) FROM commits GROUP BY ALL"
  perfcon sql "SELECT model, avg(correct::INT) FROM outcomes GROUP BY ALL"
  perfcon sql queries/85_task_set.sql
  perfcon sql --format csv --out outcomes.csv "SELECT * FROM outcomes"
  perfcon sql --format parquet --out outcomes.parquet "SELECT * FROM outcomes"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(sqlFormats, format) {
				return fmt.Errorf("unknown --format %q: choose one of %s", format, strings.Join(sqlFormats, ", "))
			}
			query, err := readQuery(args[0], cmd.InOrStdin())
			if err != nil {
				return err
			}
			if format == "parquet" {
				if query, err = singleQuery(query); err != nil {
					return err
				}
				if out == "" && progress.IsTerminal(e.stdout) {
					return fmt.Errorf("--format parquet writes binary: name a file with --out, or redirect standard output")
				}
			}
			db, err := openSetUp(cmd.Context(), e.tables, queriesFlag)
			if err != nil {
				return err
			}
			defer db.Close()
			// Without tables the views are empty; a query of files still works.
			if len(db.Views) == 0 {
				fmt.Fprintf(e.stderr, "perfcon: no tables in %s, the tables are empty (run make, or point --tables at a folder of tables)\n", e.tables)
			}
			if format == "parquet" {
				return writeParquet(cmd.Context(), db, query, out, e.stdout)
			}
			res, err := db.Query(cmd.Context(), query)
			if err != nil {
				return err
			}
			return writeOutput(out, e.stdout, func(w io.Writer) error {
				switch format {
				case "csv":
					return report.WriteCSV(w, res)
				case "json":
					return report.WriteJSON(w, res)
				}
				return writeTable(w, res)
			})
		},
	}
	c.Flags().StringVar(&queriesFlag, "queries", "", "folder whose setup files run first (default: the built-in queries)")
	c.Flags().StringVar(&format, "format", "table", "output format: "+strings.Join(sqlFormats, ", "))
	c.Flags().StringVar(&out, "out", "", "file to write the output to (default: standard output)")
	return c
}

var sqlFormats = []string{"table", "csv", "json", "parquet"}

// writeOutput writes to the file out, replacing it whole, or to stdout when
// out is empty.
func writeOutput(out string, stdout io.Writer, write func(io.Writer) error) error {
	if out == "" {
		return write(stdout)
	}
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("writing --out: %w", err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, out)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// writeParquet has DuckDB write a query's result as Parquet to the file
// out, or to stdout through a temporary file when out is empty.
func writeParquet(ctx context.Context, db *duck.DB, query, out string, stdout io.Writer) error {
	return writeOutput(out, stdout, func(w io.Writer) error {
		dir, err := os.MkdirTemp("", "perfcon-sql-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "result.parquet")
		if err := db.CopyTo(ctx, query, path, "parquet"); err != nil {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	})
}

// singleQuery returns a query that is one statement returning rows, with
// its comments and trailing semicolon gone, or an error.
func singleQuery(query string) (string, error) {
	stmts := sqlsplit.Statements(query)
	if len(stmts) != 1 {
		return "", fmt.Errorf("--format parquet takes a single SELECT statement; the query has %d", len(stmts))
	}
	if !sqlsplit.ReturnsRows(stmts[0]) {
		return "", fmt.Errorf("--format parquet takes a single SELECT statement, not %s", sqlsplit.Keyword(stmts[0]))
	}
	return stmts[0], nil
}

// readQuery returns the query an argument stands for: stdin for "-", a
// file's contents for a name ending in .sql, else the argument itself.
func readQuery(arg string, stdin io.Reader) (string, error) {
	switch {
	case arg == "-":
		b, err := io.ReadAll(stdin)
		return string(b), err
	case strings.HasSuffix(arg, ".sql") && !strings.ContainsAny(arg, " \n\t"):
		b, err := os.ReadFile(arg)
		return string(b), err
	}
	return arg, nil
}

// writeTable writes a result as aligned columns.
func writeTable(w io.Writer, r *duck.Result) error {
	cells := [][]string{r.Columns}
	for _, row := range r.Rows {
		line := make([]string, len(row))
		for i, v := range row {
			line[i] = report.Format(v)
		}
		cells = append(cells, line)
	}
	width := make([]int, len(r.Columns))
	for _, line := range cells {
		for i, s := range line {
			width[i] = max(width[i], len([]rune(s)))
		}
	}
	for _, line := range cells {
		var b strings.Builder
		for i, s := range line {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(s + strings.Repeat(" ", width[i]-len([]rune(s))))
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	var err error
	if len(r.Rows) == 1 {
		_, err = fmt.Fprintln(w, "(1 row)")
	} else {
		_, err = fmt.Fprintf(w, "(%d rows)\n", len(r.Rows))
	}
	return err
}
