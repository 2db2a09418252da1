package descriptions

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/table"
)

// Options for the stage.
type Options struct {
	Commits     string // input table
	Out         string // descriptions table
	Models      []llm.Model
	Samples     int
	Temperature float64
	MaxTokens   int
	Log         io.Writer
}

// Run asks every model for Samples descriptions of every commit. A failed
// call becomes a row with its error, never a failed stage.
func Run(ctx context.Context, opts Options) error {
	commits, err := table.ReadFile[table.Commit](opts.Commits)
	if err != nil {
		return err
	}
	if opts.Samples < 1 {
		opts.Samples = 1
	}
	w, err := table.Create[table.Description](opts.Out)
	if err != nil {
		return err
	}
	defer w.Abort()
	var calls, failed int
	for _, m := range opts.Models {
		for _, c := range commits {
			for s := 0; s < opts.Samples; s++ {
				row := describe(ctx, m, c, s, opts)
				if err := ctx.Err(); err != nil {
					return err
				}
				calls++
				if row.Error != "" {
					failed++
				}
				if err := w.Write(row); err != nil {
					return err
				}
			}
		}
	}
	if err := w.Commit(); err != nil {
		return err
	}
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "descriptions: %d calls, %d errors -> %s\n", calls, failed, opts.Out)
	}
	return nil
}

func describe(ctx context.Context, m llm.Model, c table.Commit, sample int, opts Options) table.Description {
	row := table.Description{TaskID: c.TaskID, Model: m.Name(), Round: 1, Sample: int32(sample),
		PromptVersion: prompt.DescribeVersion}
	msgs, err := prompt.Render(prompt.DescribeVersion, prompt.Input{Language: c.Language,
		Message: c.CommitMessage, CodeBefore: c.CodeBefore, CodeAfter: c.CodeAfter})
	if err != nil {
		row.Error = err.Error()
		return row
	}
	start := time.Now()
	resp, err := m.Complete(ctx, llm.Request{Kind: llm.KindDescribe, Task: llm.TaskOf(c), Messages: msgs,
		Temperature: opts.Temperature, MaxTokens: opts.MaxTokens, Sample: sample})
	row.LatencyMS = time.Since(start).Milliseconds()
	if err != nil {
		row.Error = err.Error()
		return row
	}
	row.Description = resp.Content
	row.PredictedCategory = prompt.Category(resp.Content)
	row.PromptTokens, row.CompletionTokens = resp.PromptTokens, resp.CompletionTokens
	return row
}
