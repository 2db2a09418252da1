package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/duck"
)

// dpsOptions are the settings of perfcon dps.
type dpsOptions struct {
	base, weight  float64
	minClusters   int
	filterBase    float64
	out, format   string
	queriesFolder string
}

func dpsCommand(e *env) *cobra.Command {
	o := dpsOptions{}
	c := &cobra.Command{
		Use:   "dps COSTS.parquet|COSTS.csv",
		Short: "Score any cost table with EvalPerf's DPS and DPS_norm",
		Long: `dps clusters the reference solutions of each task by cost and scores each
sample against the clusters, with the same SQL the report uses
(queries/01_dps.sql, EvalPerf's released algorithm), so data from other
benchmarks is scored exactly as perfcon's own.

The input is a Parquet or CSV file with the columns
  task_id      the task
  solution_id  a solution of it
  cost         its cost, lower is faster (instructions, ns, ...); NULL or
               empty for a failed sample
  role         'reference' (defines the clusters) or 'sample' (is scored);
               a solution may appear in both roles

It writes dps_clusters and dps_scores (Parquet or CSV) to --out, and prints
each task's mean DPS and DPS_norm and the overall means (mean of the task
means, as EvalPerf reports them).

Clusters: references sorted slowest first split between neighbours a > b
when (a − b)/a > base + sqrt(weight/a). A sample matches a cluster when its
cost ≤ the cluster's slowest member; it scores the fastest cluster it
matches, and 0 when slower than every reference or failed.`,
		Example: `  perfcon dps costs.csv
  perfcon dps costs.parquet --base 0.10 --weight 10000 --out scored --format csv
  perfcon dps costs.parquet --min-clusters 4   (EvalPerf's task filter, at base 0.20)`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return scoreDPS(cmd.Context(), e, args[0], o)
		},
	}
	f := c.Flags()
	f.Float64Var(&o.base, "base", 0.10, "relative gap a split needs on top of sqrt(weight/cost)")
	f.Float64Var(&o.weight, "weight", 10000, "widens the gap for cheap solutions, in the cost's unit")
	f.IntVar(&o.minClusters, "min-clusters", 0, "score only tasks with at least this many clusters at --filter-base (0: all tasks)")
	f.Float64Var(&o.filterBase, "filter-base", 0.20, "base of the clusters --min-clusters counts")
	f.StringVar(&o.out, "out", ".", "folder for dps_clusters and dps_scores")
	f.StringVar(&o.format, "format", "parquet", "output format: parquet or csv")
	f.StringVar(&o.queriesFolder, "queries", "", "queries folder holding the DPS macros (default: the built-in queries)")
	return c
}

func scoreDPS(ctx context.Context, e *env, input string, o dpsOptions) error {
	if o.format != "parquet" && o.format != "csv" {
		return fmt.Errorf("--format %q: want parquet or csv", o.format)
	}
	for _, f := range []float64{o.base, o.weight, o.filterBase} {
		if !(f >= 0) || math.IsInf(f, 0) {
			return fmt.Errorf("--base, --weight and --filter-base must be finite and ≥ 0")
		}
	}
	reader, csvText := "", ""
	switch strings.ToLower(filepath.Ext(input)) {
	case ".parquet":
		reader = "read_parquet"
	case ".csv":
		// Every column as text, so a task named "t" is not read as a boolean;
		// an empty field or NULL is a missing cost.
		reader, csvText = "read_csv", ", all_varchar = true, header = true, nullstr = ['', 'NULL']"
	default:
		return fmt.Errorf("%s: want a .parquet or .csv file", input)
	}
	if _, err := os.Stat(input); err != nil {
		return err
	}
	// No tables: the views of the queries folder are defined over empty ones.
	empty, err := os.MkdirTemp("", "perfcon-dps-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(empty)
	db, err := openSetUp(ctx, empty, o.queriesFolder)
	if err != nil {
		return err
	}
	defer db.Close()
	lit, err := db.Literal(input)
	if err != nil {
		return err
	}
	source := fmt.Sprintf("%s(%s%s)", reader, duck.Quote(lit), csvText)
	cols, err := db.Query(ctx, "SELECT * FROM "+source+" LIMIT 0")
	if err != nil {
		return fmt.Errorf("reading %s: %w", input, err)
	}
	for _, want := range []string{"task_id", "solution_id", "cost", "role"} {
		if !slices.Contains(cols.Columns, want) {
			return fmt.Errorf("%s: missing column %q (want task_id, solution_id, cost, role; has %s)",
				input, want, strings.Join(cols.Columns, ", "))
		}
	}
	load := fmt.Sprintf(`CREATE TEMP TABLE input_costs AS
		SELECT task_id::VARCHAR AS task_id, solution_id::VARCHAR AS solution_id,
		       cost::DOUBLE AS cost, role::VARCHAR AS role
		FROM %s`, source)
	if _, err := db.Conn.ExecContext(ctx, load); err != nil {
		return fmt.Errorf("reading %s (columns task_id, solution_id, cost, role): %w", input, err)
	}
	if err := checkCosts(ctx, db, input); err != nil {
		return err
	}
	scored := "input_costs"
	if o.minClusters > 0 {
		q := fmt.Sprintf(`CREATE TEMP VIEW kept_costs AS
			SELECT * FROM input_costs WHERE task_id IN (
				SELECT task_id FROM dps_clusters('input_costs', base := %s, weight := %s)
				GROUP BY task_id HAVING any_value(clusters) >= %d)`,
			num(o.filterBase), num(o.weight), o.minClusters)
		if _, err := db.Conn.ExecContext(ctx, q); err != nil {
			return err
		}
		scored = "kept_costs"
	}
	params := fmt.Sprintf("%s, base := %s, weight := %s", duck.Quote(scored), num(o.base), num(o.weight))
	// Scored once, for the file and the summary.
	if _, err := db.Conn.ExecContext(ctx, "CREATE TEMP TABLE scores AS SELECT * FROM dps_scores("+params+")"); err != nil {
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	for _, t := range []struct{ name, query string }{
		{"dps_clusters", "SELECT * FROM dps_clusters(" + params + ") ORDER BY task_id, cluster"},
		{"dps_scores", "SELECT * FROM scores ORDER BY task_id, solution_id"},
	} {
		path := filepath.Join(o.out, t.name+"."+o.format)
		if err := db.CopyTo(ctx, t.query, path, o.format); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		fmt.Fprintf(e.stderr, "dps: wrote %s\n", path)
	}
	res, err := db.Query(ctx, `WITH t AS (
			SELECT task_id, count(*) AS samples,
			       avg(dps) AS dps, avg(dps_norm) AS dps_norm
			FROM scores
			GROUP BY task_id)
		SELECT task_id, samples, round(dps, 2) AS dps, round(dps_norm, 2) AS dps_norm
		FROM (SELECT *, 0 AS o FROM t
		      UNION ALL
		      SELECT 'mean of ' || count(dps) || ' tasks', sum(samples), avg(dps), avg(dps_norm), 1 FROM t)
		ORDER BY o, task_id`)
	if err != nil {
		return err
	}
	if err := writeTable(e.stdout, res); err != nil {
		return err
	}
	if last := res.Rows[len(res.Rows)-1]; o.minClusters > 0 && last[1] == nil {
		fmt.Fprintf(e.stderr, "dps: no task has %d clusters at base %s: nothing was scored\n", o.minClusters, num(o.filterBase))
	}
	return nil
}

// checkCosts refuses inputs the algorithm has no answer for.
func checkCosts(ctx context.Context, db *duck.DB, input string) error {
	res, err := db.Query(ctx, `SELECT
		count(*) FILTER (WHERE task_id IS NULL OR solution_id IS NULL),
		string_agg(DISTINCT coalesce(role, 'NULL'), ', ') FILTER (WHERE role IS DISTINCT FROM 'reference' AND role IS DISTINCT FROM 'sample'),
		count(*) FILTER (WHERE cost < 0 OR isnan(cost) OR isinf(cost)),
		count(*) FILTER (WHERE role = 'reference' AND cost IS NULL),
		count(*)
		FROM input_costs`)
	if err != nil {
		return err
	}
	r := res.Rows[0]
	switch {
	case r[4].(int64) == 0:
		return fmt.Errorf("%s: no rows", input)
	case r[0].(int64) > 0:
		return fmt.Errorf("%s: %d rows without a task_id or solution_id", input, r[0])
	case r[1] != nil:
		return fmt.Errorf("%s: role %s: want 'reference' or 'sample'", input, r[1])
	case r[2].(int64) > 0:
		return fmt.Errorf("%s: %d costs are negative or not finite", input, r[2])
	case r[3].(int64) > 0:
		return fmt.Errorf("%s: %d references have no cost (a reference must have run)", input, r[3])
	}
	return nil
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
