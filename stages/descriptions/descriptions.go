package descriptions

import (
	"context"
	"fmt"
	"io"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/prompt"
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
	Log      io.Writer
	Progress io.Writer // a terminal gets a progress bar
}

// Defaults apply where neither the stage nor the model says.
var Defaults = llm.Sampling{MaxTokens: 1024, Samples: 1}

// Run asks every model for its samples of a description of every commit,
// concurrently and through the cache. A failed call becomes a row with its
// error, never a failed stage; a stopped stage loses no answered call.
func Run(ctx context.Context, opts Options) error {
	commits, err := table.ReadFile[table.Commit](opts.Commits)
	if err != nil {
		return err
	}
	var rows []table.Description
	var calls []llm.Call
	var rowOf []int // call -> row
	for _, m := range opts.Models {
		s := llm.Settings(m, opts.Sampling, Defaults)
		for _, c := range commits {
			msgs, err := prompt.Render(prompt.DescribeVersion, prompt.Input{Language: c.Language,
				Message: c.CommitMessage, CodeBefore: c.CodeBefore, CodeAfter: c.CodeAfter})
			for sample := 0; sample < s.Samples; sample++ {
				row := table.Description{TaskID: c.TaskID, Model: m.Name(), Round: 1, Sample: int32(sample),
					PromptVersion: prompt.DescribeVersion}
				if err != nil {
					row.Error = err.Error()
					rows = append(rows, row)
					continue
				}
				rowOf = append(rowOf, len(rows))
				rows = append(rows, row)
				calls = append(calls, llm.Call{Model: m, Req: llm.Request{Kind: llm.KindDescribe, Task: llm.TaskOf(c),
					Messages: msgs, Temperature: *s.Temperature, MaxTokens: s.MaxTokens, Sample: sample, Round: 1}})
			}
		}
	}
	caller := &llm.Caller{Cache: opts.Cache, Refresh: opts.Refresh, Progress: opts.Progress, Label: "describe"}
	results, stats, err := caller.Run(ctx, calls)
	if err != nil {
		return fmt.Errorf("describe stopped after %d of %d calls (their answers are cached): %w",
			stats.Calls, len(calls), err)
	}
	for i, res := range results {
		row := &rows[rowOf[i]]
		row.LatencyMS, row.CacheHit = res.Latency.Milliseconds(), res.CacheHit
		if res.Err != nil {
			row.Error = res.Err.Error()
			continue
		}
		row.Description = res.Content
		row.PredictedCategory = prompt.Category(res.Content)
		row.PromptTokens, row.CompletionTokens = res.PromptTokens, res.CompletionTokens
	}
	if err := table.WriteFile(opts.Out, rows); err != nil {
		return err
	}
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "descriptions: %s -> %s\n", stats, opts.Out)
	}
	return nil
}
