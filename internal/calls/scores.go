package calls

import (
	"strings"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/table"
)

// KindScore asks a judge to score a description beside the change it
// describes. The built-in models answer no such request.
const KindScore = "score"

// ScoreDefaults apply where the model does not say: temperature 0 (the
// default of every call), and room for a sentence of reasons per
// criterion before the three score lines.
var ScoreDefaults = llm.Sampling{MaxTokens: 1024}

// Score prepares the call that asks judge m, at settings s, to score
// description d of commit c. A description with no text to score is a
// row with its error, and no call.
func Score(m llm.Model, s llm.Sampling, c table.Change, d table.Description) (table.DescriptionScore, *llm.Call) {
	row := table.DescriptionScore{TaskID: d.TaskID, Model: d.Model, Round: d.Round, Sample: d.Sample,
		Judge: m.Name(), PromptVersion: prompt.ScoreVersion}
	if strings.TrimSpace(d.Description) == "" {
		row.Error = "no description to score: the answer was empty"
		if d.Reasoning != "" {
			row.Error = "no description to score: the answer held only reasoning"
		}
		return row, nil
	}
	p, err := prompt.New(prompt.ScoreVersion, prompt.Input{Language: c.Language, Message: strings.TrimSpace(c.CommitMessage),
		CodeBefore: c.CodeBefore, CodeAfter: c.CodeAfter, Description: d.Description})
	if err != nil {
		row.Error = err.Error()
		return row, nil
	}
	// Sample and round stay 0: the answer depends on the prompt alone,
	// so one description's text is scored once whoever wrote it.
	return row, &llm.Call{Model: m, Req: llm.Request{Kind: KindScore, Task: llm.TaskOf(c), Prompt: p,
		Temperature: *s.Temperature, MaxTokens: s.MaxTokens}}
}

// RecordScore fills a score row from its call's result: the answer as it
// came, its reasoning set apart, and the three scores read from the
// rest. An answer stopped at its token bound before all three scores is
// truncated.
func RecordScore(row *table.DescriptionScore, res llm.Result) {
	row.LatencyMS, row.CacheHit = res.Latency.Milliseconds(), res.CacheHit
	if res.Err != nil {
		row.Error = res.Err.Error()
		return
	}
	a := answer(res)
	row.RawResponse, row.Reasoning, row.FinishReason, row.CostUSD = res.Content, a.Reasoning, res.FinishReason, res.CostUSD
	row.PromptTokens, row.CompletionTokens = res.PromptTokens, res.CompletionTokens
	sc := prompt.ParseScores(a)
	if sc.Status != prompt.ScoresOK && res.FinishReason == FinishLength {
		sc.Status = prompt.ScoresTruncated
	}
	row.NamesInefficiency, row.NamesFix, row.InventsNothing, row.ParseStatus = sc.NamesInefficiency, sc.NamesFix, sc.InventsNothing, sc.Status
}

// ScoreUsage is the usage of one row of the description_scores table,
// the judge's.
func ScoreUsage(r table.DescriptionScore) Usage {
	cut := r.FinishReason == FinishLength || r.ParseStatus == prompt.ScoresTruncated
	return usage(r.Judge, r.CacheHit, r.Error, cut, r.PromptTokens, r.CompletionTokens, r.LatencyMS, r.CostUSD)
}
