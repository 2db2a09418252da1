package descriptions

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/perfcon/perfcon/internal/calls"
	"github.com/perfcon/perfcon/internal/dataset"
	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/table"
)

// JudgeOptions for Judge.
type JudgeOptions struct {
	Commits      string // input: the human change of each task
	Descriptions string // input: the descriptions scored
	Out          string // description_scores table
	Judge        llm.Model
	// Sampling set here overrides the judge's defaults.
	Sampling llm.Sampling
	Cache    *llm.Cache // nil: no cache
	Refresh  bool       // ask again even when cached
	// Tasks, when set, scores only the descriptions of the tasks it
	// selects.
	Tasks dataset.Selection
	// Replace writes a table of this run's rows alone. Otherwise the rows
	// of other judges, and of tasks Tasks leaves out, are kept.
	Replace  bool
	Log      io.Writer
	Progress io.Writer // a terminal gets a progress bar
}

// JudgeDefaults apply where neither the stage nor the judge says.
var JudgeDefaults = calls.ScoreDefaults

// Judge asks the judge to score every description without an error
// beside its commit's change, concurrently within the judge's limits and
// through the cache. A failed call becomes a row with its error, never a
// failed stage; a stopped stage loses no answered call.
func Judge(ctx context.Context, opts JudgeOptions) error {
	opts.Cache.Preload()
	commits, err := table.ReadFile[table.Change](opts.Commits)
	if err != nil {
		return err
	}
	descs, err := table.ReadFile[table.Description](opts.Descriptions)
	if err != nil {
		return err
	}
	if descs, err = dataset.Filter(opts.Tasks, descs, func(d table.Description) string { return d.TaskID }, opts.Descriptions); err != nil {
		return err
	}
	descs = slices.DeleteFunc(descs, func(d table.Description) bool { return d.Error != "" })
	change := make(map[string]*table.Change, len(commits))
	for i := range commits {
		change[commits[i].TaskID] = &commits[i]
	}
	s := llm.Settings(opts.Judge, opts.Sampling, JudgeDefaults)
	batch := calls.NewBatch(len(descs), func(i int) (table.DescriptionScore, *llm.Call) {
		d := descs[i]
		c, ok := change[d.TaskID]
		if !ok {
			row, _ := calls.Score(opts.Judge, s, table.Change{}, d)
			row.Error = fmt.Sprintf("task %s is not in %s", d.TaskID, opts.Commits)
			return row, nil
		}
		return calls.Score(opts.Judge, s, *c, d)
	})
	caller := &llm.Caller{Cache: opts.Cache, Refresh: opts.Refresh, Progress: opts.Progress, Label: "describe judge"}
	stats, err := batch.Run(ctx, caller, calls.RecordScore)
	if err != nil {
		return fmt.Errorf("describe judge stopped after %d of %d calls (their answers are cached): %w",
			stats.Calls, batch.Calls(), err)
	}
	judge := opts.Judge.Name()
	kept, err := calls.Write(opts.Out, batch.Rows, opts.Replace, func(r table.DescriptionScore) bool {
		return r.Judge == judge && opts.Tasks.Has(r.TaskID)
	})
	if err != nil {
		return err
	}
	errOf := func(r table.DescriptionScore) string { return r.Error }
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "description scores: %s%s; %s; %s -> %s\n", llm.RowCount(batch.Rows, errOf),
			calls.Kept(kept), statuses(batch.Rows), stats, opts.Out)
		calls.WriteReceipt(opts.Log, "describe judge", calls.Receipt(batch.Rows, calls.ScoreUsage))
	}
	return llm.AllFailed("describe judge", batch.Rows, errOf)
}

// statuses counts the answered rows by parse status, for the summary:
// "parsed: 9 ok, 1 partial".
func statuses(rows []table.DescriptionScore) string {
	n := map[string]int{}
	for _, r := range rows {
		if r.Error == "" {
			n[r.ParseStatus]++
		}
	}
	if len(n) == 0 {
		return "parsed: none"
	}
	var parts []string
	for _, st := range slices.Sorted(maps.Keys(n)) {
		parts = append(parts, fmt.Sprintf("%d %s", n[st], st))
	}
	return "parsed: " + strings.Join(parts, ", ")
}
