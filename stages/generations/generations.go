package generations

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/table"
)

// Options for the stage.
type Options struct {
	Commits      string // input table
	Descriptions string // input table
	Out          string // generations table
	// Models generate code. Each generates from its own descriptions (the
	// self-consistency pairing), or, with Describers, from the
	// descriptions of each of those models (cross pairs).
	Models     []llm.Model
	Describers []string
	// Sampling set here overrides each model's defaults; samples follow
	// the descriptions, one generation each.
	Sampling llm.Sampling
	Cache    *llm.Cache // nil: no cache
	Refresh  bool       // ask again even when cached
	Log      io.Writer
	Progress io.Writer // a terminal gets a progress bar
}

// Defaults apply where neither the stage nor the model says.
var Defaults = llm.Sampling{MaxTokens: 4096}

// Run generates code for every description of the paired describers,
// concurrently and through the cache. A failed call becomes a row with its
// error; a stopped stage loses no answered call.
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
	described := map[string]bool{}
	for _, d := range descs {
		described[d.Model] = true
	}
	describers := func(m llm.Model) []string {
		if len(opts.Describers) > 0 {
			return opts.Describers
		}
		return []string{m.Name()}
	}
	for _, m := range opts.Models {
		for _, who := range describers(m) {
			if !described[who] {
				return fmt.Errorf("%s has no descriptions by %s: run describe with that model first", opts.Descriptions, who)
			}
		}
	}

	var rows []table.Generation
	var calls []llm.Call
	var rowOf []int
	for _, m := range opts.Models {
		s := llm.Settings(m, opts.Sampling, Defaults)
		for _, d := range descs {
			if !slices.Contains(describers(m), d.Model) {
				continue
			}
			c, ok := byTask[d.TaskID]
			if !ok {
				return fmt.Errorf("%s: task %q is not in %s", opts.Descriptions, d.TaskID, opts.Commits)
			}
			row := table.Generation{TaskID: c.TaskID, Describer: d.Model, Model: m.Name(), Round: d.Round,
				Sample: d.Sample, PromptVersion: prompt.GenerateVersion, ExtractStatus: prompt.ExtractEmpty}
			if d.Error != "" {
				row.Error = "no description: " + d.Error
				rows = append(rows, row)
				continue
			}
			msgs, err := prompt.Render(prompt.GenerateVersion, prompt.Input{Language: c.Language,
				CodeBefore: c.CodeBefore, Description: d.Description})
			if err != nil {
				row.Error = err.Error()
				rows = append(rows, row)
				continue
			}
			rowOf = append(rowOf, len(rows))
			rows = append(rows, row)
			calls = append(calls, llm.Call{Model: m, Req: llm.Request{Kind: llm.KindGenerate, Task: llm.TaskOf(c),
				Messages: msgs, Temperature: *s.Temperature, MaxTokens: s.MaxTokens, Sample: int(d.Sample),
				Round: int(d.Round), Describer: d.Model}})
		}
	}
	caller := &llm.Caller{Cache: opts.Cache, Refresh: opts.Refresh, Progress: opts.Progress, Label: "generate"}
	results, stats, err := caller.Run(ctx, calls)
	if err != nil {
		return fmt.Errorf("generate stopped after %d of %d calls (their answers are cached): %w", stats.Calls, len(calls), err)
	}
	for i, res := range results {
		row := &rows[rowOf[i]]
		row.LatencyMS, row.CacheHit = res.Latency.Milliseconds(), res.CacheHit
		if res.Err != nil {
			row.Error = res.Err.Error()
			continue
		}
		c := byTask[row.TaskID]
		row.RawResponse = res.Content
		row.Code, row.ExtractStatus = prompt.Code(res.Content, c.Language, c.Symbol)
		row.PromptTokens, row.CompletionTokens = res.PromptTokens, res.CompletionTokens
	}
	if err := table.WriteFile(opts.Out, rows); err != nil {
		return err
	}
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "generations: %s -> %s\n", stats, opts.Out)
	}
	return nil
}
