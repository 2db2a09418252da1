package calls

import (
	"errors"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/table"
)

// A score call names the description it scores and the judge, and is
// asked at the judge's defaults; a description without text is no call.
func TestScore(t *testing.T) {
	m, _ := llm.Builtin("identity")
	s := llm.Settings(m, llm.Sampling{}, ScoreDefaults)
	c := table.Change{TaskID: "t", Language: "go", CommitMessage: " m \n", CodeBefore: "a", CodeAfter: "b"}
	row, call := Score(m, s, c, table.Description{TaskID: "t", Model: "d", Round: 2, Sample: 3, Description: "It caches."})
	if call == nil || row.Judge != "identity" || row.Model != "d" || row.Round != 2 || row.Sample != 3 ||
		row.PromptVersion != prompt.ScoreVersion || row.Error != "" {
		t.Fatalf("row %+v, call %v", row, call)
	}
	if call.Req.Kind != KindScore || call.Req.Temperature != 0 || call.Req.MaxTokens != ScoreDefaults.MaxTokens {
		t.Errorf("request %+v", call.Req)
	}
	row, call = Score(m, s, c, table.Description{TaskID: "t", Model: "d", Description: " ", Reasoning: "hmm"})
	if call != nil || row.Error != "no description to score: the answer held only reasoning" {
		t.Errorf("an empty description: row %+v, call %v", row, call)
	}
}

func TestRecordScore(t *testing.T) {
	var r table.DescriptionScore
	RecordScore(&r, llm.Result{Err: errors.New("HTTP 503"), Latency: 2 * time.Second})
	if r.Error != "HTTP 503" || r.ParseStatus != "" || r.NamesFix != nil || r.LatencyMS != 2000 {
		t.Errorf("a failed call: %+v", r)
	}
	r = table.DescriptionScore{}
	RecordScore(&r, llm.Result{Response: llm.Response{Content: "<think>hm</think>\nInefficiency: 4\nFix: **5**\nInvented: 3/5",
		FinishReason: FinishStop, PromptTokens: 10, CompletionTokens: 5}})
	if r.ParseStatus != prompt.ScoresOK || *r.NamesInefficiency != 4 || *r.NamesFix != 5 || *r.InventsNothing != 3 ||
		r.Reasoning != "hm" || r.PromptTokens != 10 {
		t.Errorf("an answer: %+v", r)
	}
	r = table.DescriptionScore{}
	RecordScore(&r, llm.Result{Response: llm.Response{Content: "Inefficiency: 4\nFix: 5\nInv", FinishReason: FinishLength}})
	if r.ParseStatus != prompt.ScoresTruncated || r.InventsNothing != nil || *r.NamesFix != 5 {
		t.Errorf("an answer cut short: %+v", r)
	}
	if u := ScoreUsage(r); u.Cut != 1 || u.Answers != 1 {
		t.Errorf("usage of an answer cut short: %+v", u)
	}
}
