package descriptions

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/perfcon/perfcon/internal/calls"
	"github.com/perfcon/perfcon/internal/dataset"
	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/shard"
	"github.com/perfcon/perfcon/internal/table"
)

// Options for the stage.
type Options struct {
	Commits string // input table
	Out     string // descriptions table
	Models  []llm.Model
	// Sampling set here overrides each model's defaults.
	Sampling llm.Sampling
	Cache    *llm.Cache // nil: no cache
	Refresh  bool       // ask again even when cached
	// Shard, unless whole, describes only that shard of the commits'
	// tasks, writing Out as its part; Merge puts the parts together.
	Shard shard.Spec
	// Tasks, when set, describes only the tasks it selects.
	Tasks dataset.Selection
	// Replace writes a table of this run's rows alone. Otherwise the rows
	// of other models, and of tasks Tasks leaves out, are kept: a run for
	// some models replaces only their rows.
	Replace  bool
	Log      io.Writer
	Progress io.Writer // a terminal gets a progress bar
}

// pick keeps the commits of shard s.
func pick(s shard.Spec, commits []table.Change) []table.Change {
	if s.Whole() {
		return commits
	}
	ids := make([]string, len(commits))
	for i, c := range commits {
		ids[i] = c.TaskID
	}
	mine := s.Set(ids)
	return slices.DeleteFunc(commits, func(c table.Change) bool { return !mine[c.TaskID] })
}

// Merge puts the n shards' parts of the descriptions table at out
// together, checking that every shard wrote its part and each task is
// in one, and writes them in place of the rows of the models they hold.
func Merge(commitsPath, out string, n int) (int, error) {
	return calls.MergeShards(commitsPath, out, n, func(d table.Description) (string, string) { return d.TaskID, d.Model })
}

// Defaults apply where neither the stage nor the model says.
var Defaults = calls.DescribeDefaults

// Run asks every model for its samples of a description of every commit,
// concurrently and through the cache. A failed call becomes a row with its
// error, never a failed stage; a stopped stage loses no answered call.
func Run(ctx context.Context, opts Options) error {
	opts.Cache.Preload()
	commits, err := table.ReadFile[table.Change](opts.Commits)
	if err != nil {
		return err
	}
	commits = pick(opts.Shard, commits)
	if commits, err = dataset.Filter(opts.Tasks, commits, func(c table.Change) string { return c.TaskID }, opts.Commits); err != nil {
		return err
	}
	type ask struct {
		m      llm.Model
		s      llm.Sampling
		c      *table.Change
		sample int
	}
	var asks []ask
	for _, m := range opts.Models {
		s := llm.Settings(m, opts.Sampling, Defaults)
		for i := range commits {
			for sample := range s.Samples {
				asks = append(asks, ask{m, s, &commits[i], sample})
			}
		}
	}
	batch := calls.NewBatch(len(asks), func(i int) (table.Description, *llm.Call) {
		a := asks[i]
		return calls.Describe(a.m, a.s, llm.TaskOf(*a.c), 1, a.sample)
	})
	caller := &llm.Caller{Cache: opts.Cache, Refresh: opts.Refresh, Progress: opts.Progress, Label: "describe"}
	stats, err := batch.Run(ctx, caller, calls.RecordDescription)
	if err != nil {
		return fmt.Errorf("describe stopped after %d of %d calls (their answers are cached): %w",
			stats.Calls, batch.Calls(), err)
	}
	// A shard's part holds its run's rows alone; the merge keeps the rest.
	kept, err := calls.Write(opts.Out, batch.Rows, opts.Replace || !opts.Shard.Whole(), func(d table.Description) bool {
		return calls.Asked(opts.Models, d.Model) && opts.Tasks.Has(d.TaskID)
	})
	if err != nil {
		return err
	}
	errOf := func(d table.Description) string { return d.Error }
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "descriptions: %s%s; %s -> %s\n", llm.RowCount(batch.Rows, errOf), calls.Kept(kept), stats, opts.Out)
		calls.WriteReceipt(opts.Log, "describe", calls.Receipt(batch.Rows, calls.DescriptionUsage))
	}
	return llm.AllFailed("describe", batch.Rows, errOf)
}
