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
			for sample := 0; sample < s.Samples; sample++ {
				row, call := Ask(m, s, llm.TaskOf(c), 1, sample)
				if call != nil {
					rowOf = append(rowOf, len(rows))
					calls = append(calls, *call)
				}
				rows = append(rows, row)
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
		Record(&rows[rowOf[i]], res)
	}
	if err := table.WriteFile(opts.Out, rows); err != nil {
		return err
	}
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "descriptions: %s -> %s\n", stats, opts.Out)
	}
	return nil
}

// Ask prepares one description: model m, at settings s, explains the
// change from task.CodeBefore to task.CodeAfter, shown task.Message when
// there is one. It returns the row and the call that fills it, or no call
// when the prompt can't be made (the row then holds the error).
func Ask(m llm.Model, s llm.Sampling, task llm.Task, round, sample int) (table.Description, *llm.Call) {
	row := table.Description{TaskID: task.ID, Model: m.Name(), Round: int32(round), Sample: int32(sample),
		PromptVersion: prompt.DescribeVersion}
	msgs, err := prompt.Render(prompt.DescribeVersion, prompt.Input{Language: task.Language,
		Message: task.Message, CodeBefore: task.CodeBefore, CodeAfter: task.CodeAfter})
	if err != nil {
		row.Error = err.Error()
		return row, nil
	}
	return row, &llm.Call{Model: m, Req: llm.Request{Kind: llm.KindDescribe, Task: task, Messages: msgs,
		Temperature: *s.Temperature, MaxTokens: s.MaxTokens, Sample: sample, Round: round}}
}

// Record fills a description row from its call's result.
func Record(row *table.Description, res llm.Result) {
	row.LatencyMS, row.CacheHit = res.Latency.Milliseconds(), res.CacheHit
	if res.Err != nil {
		row.Error = res.Err.Error()
		return
	}
	row.Description = res.Content
	row.PredictedCategory = prompt.Category(res.Content)
	row.PromptTokens, row.CompletionTokens = res.PromptTokens, res.CompletionTokens
}
