package main

import (
	"context"
	"fmt"
	"math"
	"os"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/dps"
)

func dpsCommand(e *env) *cobra.Command {
	o := dps.Options{}
	var queriesFlag string
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
			o.Log = e.stderr
			return scoreDPS(cmd.Context(), e, args[0], queriesFlag, o)
		},
	}
	f := c.Flags()
	f.Float64Var(&o.Base, "base", 0.10, "relative gap a split needs on top of sqrt(weight/cost)")
	f.Float64Var(&o.Weight, "weight", 10000, "widens the gap for cheap solutions, in the cost's unit")
	f.IntVar(&o.MinClusters, "min-clusters", 0, "score only tasks with at least this many clusters at --filter-base (0: all tasks)")
	f.Float64Var(&o.FilterBase, "filter-base", 0.20, "base of the clusters --min-clusters counts")
	f.StringVar(&o.Out, "out", ".", "folder for dps_clusters and dps_scores")
	f.StringVar(&o.Format, "format", "parquet", "output format: parquet or csv")
	f.StringVar(&queriesFlag, "queries", "", "queries folder holding the DPS macros (default: the built-in queries)")
	return c
}

// scoreDPS scores input in a database of no tables with the queries
// folder's macros, and prints the summary.
func scoreDPS(ctx context.Context, e *env, input, queriesFlag string, o dps.Options) error {
	if o.Format != "parquet" && o.Format != "csv" {
		return fmt.Errorf("--format %q: want parquet or csv", o.Format)
	}
	for _, f := range []float64{o.Base, o.Weight, o.FilterBase} {
		if !(f >= 0) || math.IsInf(f, 0) {
			return fmt.Errorf("--base, --weight and --filter-base must be finite and ≥ 0")
		}
	}
	// No tables: the views of the queries folder are defined over empty ones.
	empty, err := os.MkdirTemp("", "perfcon-dps-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(empty)
	db, err := openSetUp(ctx, empty, queriesFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := dps.Score(ctx, db, input, o)
	if err != nil {
		return err
	}
	return writeTable(e.stdout, res)
}
