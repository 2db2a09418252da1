package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/report"
	"github.com/perfcon/perfcon/queries"
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

func reportCommand(e *env) *cobra.Command {
	var o report.Options
	var dir string
	c := &cobra.Command{
		Use:   "report",
		Short: "Run queries/ over the tables and render the report",
		Long: `report runs every .sql file of the queries folder, in name order, over the
tables in DuckDB, and writes report.md with each cell's title, notes,
result table, plot and SQL, and the plots as PNG and SVG under plots/.`,
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
	var queriesFlag string
	c := &cobra.Command{
		Use:   "sql QUERY | FILE.sql | -",
		Short: "Query the tables with DuckDB SQL",
		Long: `sql runs a query over the tables, each a view named after its table
(commits, descriptions, generations, executables, measurements), after the
setup files of the queries folder (views such as runs, variant_costs,
human and outcomes), and prints the result.

The query is the argument itself, the contents of the .sql file it names
(a report cell, say), or standard input when it is "-".`,
		Example: `  perfcon sql "SELECT category, count(*) FROM commits GROUP BY ALL"
  perfcon sql "SELECT model, avg(correct::INT) FROM outcomes GROUP BY ALL"
  perfcon sql queries/05_task_set.sql`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			query, err := readQuery(args[0], cmd.InOrStdin())
			if err != nil {
				return err
			}
			db, err := duck.Open(cmd.Context(), e.tables)
			if err != nil {
				return err
			}
			defer db.Close()
			if len(db.Views) == 0 {
				return fmt.Errorf("no tables in %s (run make, or point --tables at a folder of tables)", e.tables)
			}
			dir, _, err := queriesDir(queriesFlag)
			if err != nil {
				return err
			}
			if err := db.Setup(cmd.Context(), dir); err != nil {
				return err
			}
			res, err := db.Query(cmd.Context(), query)
			if err != nil {
				return err
			}
			printTable(e, res)
			return nil
		},
	}
	c.Flags().StringVar(&queriesFlag, "queries", "", "folder whose setup files run first (default: the built-in queries)")
	return c
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

// printTable prints a result as aligned columns.
func printTable(e *env, r *duck.Result) {
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
		fmt.Fprintln(e.stdout, strings.TrimRight(b.String(), " "))
	}
	if len(r.Rows) == 1 {
		fmt.Fprintln(e.stdout, "(1 row)")
	} else {
		fmt.Fprintf(e.stdout, "(%d rows)\n", len(r.Rows))
	}
}
