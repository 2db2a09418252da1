package generations

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
	Commits      string // input table
	Descriptions string // input table
	Out          string // generations table
	// Models generate from the descriptions whose describer has the same
	// name: the self-consistency pairing.
	Models      []llm.Model
	Temperature float64
	MaxTokens   int
	Log         io.Writer
}

// Run generates code for every description a model wrote itself.
func Run(ctx context.Context, opts Options) error {
	commits, err := table.ReadFile[table.Commit](opts.Commits)
	if err != nil {
		return err
	}
	descs, err := table.ReadFile[table.Description](opts.Descriptions)
	if err != nil {
		return err
	}
	byTask := make(map[string]table.Commit, len(commits))
	for _, c := range commits {
		byTask[c.TaskID] = c
	}
	w, err := table.Create[table.Generation](opts.Out)
	if err != nil {
		return err
	}
	defer w.Abort()
	described := map[string]bool{}
	for _, d := range descs {
		described[d.Model] = true
	}
	for _, m := range opts.Models {
		if !described[m.Name()] {
			return fmt.Errorf("%s has no descriptions by %s: run describe with that model first", opts.Descriptions, m.Name())
		}
	}
	var calls, failed int
	for _, m := range opts.Models {
		for _, d := range descs {
			if d.Model != m.Name() {
				continue
			}
			c, ok := byTask[d.TaskID]
			if !ok {
				return fmt.Errorf("%s: task %q is not in %s", opts.Descriptions, d.TaskID, opts.Commits)
			}
			row := generate(ctx, m, c, d, opts)
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
	if err := w.Commit(); err != nil {
		return err
	}
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "generations: %d calls, %d errors -> %s\n", calls, failed, opts.Out)
	}
	return nil
}

func generate(ctx context.Context, m llm.Model, c table.Commit, d table.Description, opts Options) table.Generation {
	row := table.Generation{TaskID: c.TaskID, Describer: d.Model, Model: m.Name(), Round: d.Round,
		Sample: d.Sample, PromptVersion: prompt.GenerateVersion}
	if d.Error != "" {
		row.Error = "no description: " + d.Error
		row.ExtractStatus = prompt.ExtractEmpty
		return row
	}
	msgs, err := prompt.Render(prompt.GenerateVersion, prompt.Input{Language: c.Language,
		CodeBefore: c.CodeBefore, Description: d.Description})
	if err != nil {
		row.Error = err.Error()
		return row
	}
	start := time.Now()
	resp, err := m.Complete(ctx, llm.Request{Kind: llm.KindGenerate, Task: llm.TaskOf(c), Messages: msgs,
		Temperature: opts.Temperature, MaxTokens: opts.MaxTokens, Sample: int(d.Sample)})
	row.LatencyMS = time.Since(start).Milliseconds()
	if err != nil {
		row.Error = err.Error()
		row.ExtractStatus = prompt.ExtractEmpty
		return row
	}
	row.RawResponse = resp.Content
	row.Code, row.ExtractStatus = prompt.Code(resp.Content, c.Language, c.Symbol)
	row.PromptTokens, row.CompletionTokens = resp.PromptTokens, resp.CompletionTokens
	return row
}
