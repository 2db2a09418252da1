package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/stages/report"
)

func compareCommand(e *env) *cobra.Command {
	var queriesFlag, format string
	c := &cobra.Command{
		Use:   "compare A B",
		Short: "Compare two models on the same tasks, with significance",
		Long: `compare sets model B beside model A on the tasks both were measured on
and resolved in this run (code before significantly slower than code
after), per category and over all of them:

  self_consistent  the shares, A → B, and the change by McNemar's exact
                   test on the paired outcomes (a task counts for a model
                   when most of its samples are self-consistent)
  recovered        median recovered speedup, A → B, over the tasks where
                   both had a correct sample; the change by a paired
                   bootstrap over tasks
  dps              mean DPS, A → B; the change by a paired bootstrap

A change reads as benchstat prints one: the difference B − A with its
p-value and the number of tasks, or "~" when it is not significant at
α = 0.05. The categories' p-values are adjusted for the number of
categories compared (Benjamini–Hochberg); the 'all' row's are not.
better names the model one measure or more favours significantly and none
disfavours ("~" when none does). With few tasks in a category only a
large difference can be significant: the task set cell of the report
says how large (detectable_diff).

The report compares every two candidate models of a run the same way
(the comparisons macro of the queries' setup files).`,
		Example: `  perfcon compare identity oracle
  perfcon compare --format csv qwen2.5-coder-7b deepseek-coder-6.7b`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(sqlFormats, format) || format == "parquet" {
				return fmt.Errorf("unknown --format %q: choose one of table, csv, json", format)
			}
			a, b := args[0], args[1]
			if a == b {
				return fmt.Errorf("compare %s with another model, not itself", a)
			}
			ctx := cmd.Context()
			db, err := openSetUp(ctx, e.tables, queriesFlag)
			if err != nil {
				return err
			}
			defer db.Close()
			known, err := db.Query(ctx, `SELECT model, count(*) FROM task_outcomes GROUP BY model ORDER BY model`)
			if err != nil {
				return err
			}
			models := map[string]bool{}
			var names []string
			for _, row := range known.Rows {
				name := fmt.Sprint(row[0])
				models[name] = true
				names = append(names, name)
			}
			for _, m := range []string{a, b} {
				if !models[m] {
					if len(names) == 0 {
						return fmt.Errorf("model %q has no measured generation on a resolved task in %s: no model has (run make, or point --tables at a run's tables)", m, e.tables)
					}
					return fmt.Errorf("model %q has no measured generation on a resolved task in %s; models that have: %s", m, e.tables, strings.Join(names, ", "))
				}
			}
			pair := fmt.Sprintf("CREATE OR REPLACE TEMP TABLE compare_pair AS SELECT %s AS model_a, %s AS model_b", duck.Quote(a), duck.Quote(b))
			if _, err := db.Conn.ExecContext(ctx, pair); err != nil {
				return err
			}
			res, err := db.QueryAll(ctx, `SELECT category, tasks, self_consistent, self_consistent_change,
				recovered, recovered_change, dps, dps_change, better,
				p_self_consistent, p_recovered, p_dps
				FROM comparisons('compare_pair')`)
			if err != nil {
				return err
			}
			switch format {
			case "csv":
				return report.WriteCSV(e.stdout, res)
			case "json":
				return report.WriteJSON(e.stdout, res)
			}
			return writeComparison(e.stdout, a, b, res)
		},
	}
	c.Flags().StringVar(&queriesFlag, "queries", "", "folder of .sql files whose setup files define the views (default: the built-in queries)")
	c.Flags().StringVar(&format, "format", "table", "output: table, csv or json")
	return c
}

// writeComparison prints the comparison as a table under a line saying
// which model is which, leaving out the p-value columns (last in the
// result) that the change columns already show.
func writeComparison(w io.Writer, a, b string, r *duck.Result) error {
	fmt.Fprintf(w, "A = %s, B = %s: resolved tasks both were measured on; changes are B − A\n\n", a, b)
	keep := slices.IndexFunc(r.Columns, func(c string) bool { return strings.HasPrefix(c, "p_") })
	if keep < 0 {
		keep = len(r.Columns)
	}
	shown := &duck.Result{Columns: r.Columns[:keep], Total: r.Total}
	for _, row := range r.Rows {
		shown.Rows = append(shown.Rows, row[:keep])
	}
	return writeTable(w, shown)
}
