// Package dps scores any cost table with EvalPerf's Differential
// Performance Score (DPS and DPS_norm), with the same SQL the report uses
// (queries/01_dps.sql, EvalPerf's released algorithm), so data from other
// benchmarks is scored exactly as perfcon's own.
//
// The input is a Parquet or CSV file with the columns task_id,
// solution_id, cost (lower is faster; NULL or empty for a failed sample)
// and role ('reference', which defines the clusters, or 'sample', which is
// scored). Score writes the tables dps_clusters and dps_scores and returns
// each task's mean DPS and DPS_norm and the overall means.
package dps

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/perfcon/perfcon/internal/duck"
)

// Options are the settings of a scoring.
type Options struct {
	// Base is the relative gap a split between two references needs on
	// top of sqrt(Weight/cost); Weight widens the gap for cheap solutions,
	// in the cost's unit (EvalPerf's: 0.10 and 10 000 instructions).
	Base, Weight float64
	// MinClusters, when above 0, scores only the tasks with at least this
	// many clusters at base FilterBase (EvalPerf's task filter: 0.20).
	MinClusters int
	FilterBase  float64
	// Out is the folder dps_clusters and dps_scores are written to, as
	// Format: "parquet" or "csv".
	Out, Format string
	// Log gets a line for each file written and a note when MinClusters
	// leaves no task (nil: none).
	Log io.Writer
}

// Score reads the cost table in the file input (.parquet or .csv), checks
// it, and writes its clusters and scores to o.Out as dps_clusters and
// dps_scores. db must hold the DPS macros (the setup files of the queries
// folder); Score adds temporary tables to it. The result has a row per
// task (task_id, samples, dps, dps_norm, rounded to 2 places), then the
// mean of the task means, as EvalPerf reports them.
func Score(ctx context.Context, db *duck.DB, input string, o Options) (*duck.Result, error) {
	if o.Format != "parquet" && o.Format != "csv" {
		return nil, fmt.Errorf("format %q: want parquet or csv", o.Format)
	}
	for _, f := range []float64{o.Base, o.Weight, o.FilterBase} {
		if !(f >= 0) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("base, weight and filter base must be finite and ≥ 0")
		}
	}
	log := o.Log
	if log == nil {
		log = io.Discard
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
		return nil, fmt.Errorf("%s: want a .parquet or .csv file", input)
	}
	if _, err := os.Stat(input); err != nil {
		return nil, err
	}
	lit, err := db.Literal(input)
	if err != nil {
		return nil, err
	}
	source := fmt.Sprintf("%s(%s%s)", reader, duck.Quote(lit), csvText)
	cols, err := db.Query(ctx, "SELECT * FROM "+source+" LIMIT 0")
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", input, err)
	}
	for _, want := range []string{"task_id", "solution_id", "cost", "role"} {
		if !slices.Contains(cols.Columns, want) {
			return nil, fmt.Errorf("%s: missing column %q (want task_id, solution_id, cost, role; has %s)",
				input, want, strings.Join(cols.Columns, ", "))
		}
	}
	load := fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE input_costs AS
		SELECT task_id::VARCHAR AS task_id, solution_id::VARCHAR AS solution_id,
		       cost::DOUBLE AS cost, role::VARCHAR AS role
		FROM %s`, source)
	if _, err := db.Conn.ExecContext(ctx, load); err != nil {
		return nil, fmt.Errorf("reading %s (columns task_id, solution_id, cost, role): %w", input, err)
	}
	if err := checkCosts(ctx, db, input); err != nil {
		return nil, err
	}
	scored := "input_costs"
	if o.MinClusters > 0 {
		q := fmt.Sprintf(`CREATE OR REPLACE TEMP VIEW kept_costs AS
			SELECT * FROM input_costs WHERE task_id IN (
				SELECT task_id FROM dps_clusters('input_costs', base := %s, weight := %s)
				GROUP BY task_id HAVING any_value(clusters) >= %d)`,
			num(o.FilterBase), num(o.Weight), o.MinClusters)
		if _, err := db.Conn.ExecContext(ctx, q); err != nil {
			return nil, err
		}
		scored = "kept_costs"
	}
	params := fmt.Sprintf("%s, base := %s, weight := %s", duck.Quote(scored), num(o.Base), num(o.Weight))
	// Scored once, for the file and the summary.
	if _, err := db.Conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE scores AS SELECT * FROM dps_scores("+params+")"); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, err
	}
	for _, t := range []struct{ name, query string }{
		{"dps_clusters", "SELECT * FROM dps_clusters(" + params + ") ORDER BY task_id, cluster"},
		{"dps_scores", "SELECT * FROM scores ORDER BY task_id, solution_id"},
	} {
		path := filepath.Join(o.Out, t.name+"."+o.Format)
		if err := db.CopyTo(ctx, t.query, path, o.Format); err != nil {
			return nil, fmt.Errorf("writing %s: %w", path, err)
		}
		fmt.Fprintf(log, "dps: wrote %s\n", path)
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
		return nil, err
	}
	if last := res.Rows[len(res.Rows)-1]; o.MinClusters > 0 && last[1] == nil {
		fmt.Fprintf(log, "dps: no task has %d clusters at base %s: nothing was scored\n", o.MinClusters, num(o.FilterBase))
	}
	return res, nil
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
