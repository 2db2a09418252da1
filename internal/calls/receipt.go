package calls

import (
	"fmt"
	"io"
	"time"

	"github.com/perfcon/perfcon/internal/table"
)

// Usage is what a stage's calls of one model took: answers, those served
// from the answer cache, failed calls and answers cut short, tokens in
// and out, the model's time (summed over calls, cached ones at the time
// they first took) and money, at the models file's prices, for every
// answer as first asked (Priced says whether any answer had a price).
type Usage struct {
	Model                          string
	Answers, Cached, Errors, Cut   int
	PromptTokens, CompletionTokens int64
	Latency                        time.Duration
	CostUSD                        float64
	Priced                         bool
}

// Receipt sums rows' usage per model, in the order models first appear.
func Receipt[R any](rows []R, of func(R) Usage) []Usage {
	var out []Usage
	at := map[string]int{}
	for _, r := range rows {
		u := of(r)
		i, ok := at[u.Model]
		if !ok {
			i = len(out)
			at[u.Model] = i
			out = append(out, Usage{Model: u.Model})
		}
		s := &out[i]
		s.Answers += u.Answers
		s.Cached += u.Cached
		s.Errors += u.Errors
		s.Cut += u.Cut
		s.PromptTokens += u.PromptTokens
		s.CompletionTokens += u.CompletionTokens
		s.Latency += u.Latency
		s.CostUSD += u.CostUSD
		s.Priced = s.Priced || u.Priced
	}
	return out
}

// usage is one row's usage.
func usage(model string, cacheHit bool, err string, cut bool, prompt, completion, latencyMS int64, cost *float64) Usage {
	u := Usage{Model: model, PromptTokens: prompt, CompletionTokens: completion,
		Latency: time.Duration(latencyMS) * time.Millisecond}
	switch {
	case err != "":
		u.Errors = 1
	default:
		u.Answers = 1
	}
	if cacheHit {
		u.Cached = 1
	}
	if cut {
		u.Cut = 1
	}
	if cost != nil {
		u.CostUSD, u.Priced = *cost, true
	}
	return u
}

// DescriptionUsage, GenerationUsage, RefinementUsage and DraftUsage are
// the usage of one row of their tables.
func DescriptionUsage(d table.Description) Usage {
	return usage(d.Model, d.CacheHit, d.Error, d.Truncated, d.PromptTokens, d.CompletionTokens, d.LatencyMS, d.CostUSD)
}

func GenerationUsage(g table.Generation) Usage {
	return usage(g.Model, g.CacheHit, g.Error, g.Truncated, g.PromptTokens, g.CompletionTokens, g.LatencyMS, g.CostUSD)
}

func RefinementUsage(r table.Refinement) Usage {
	return usage(r.StepModel, r.CacheHit, r.Error, r.Truncated, r.PromptTokens, r.CompletionTokens, r.LatencyMS, r.CostUSD)
}

func DraftUsage(d table.Draft) Usage {
	return usage(d.Origin, d.CacheHit, d.Error, d.Truncated, d.PromptTokens, d.CompletionTokens, d.LatencyMS, d.CostUSD)
}

// WriteReceipt writes one line per model of a stage's usage.
func WriteReceipt(w io.Writer, stage string, us []Usage) {
	for _, u := range us {
		line := fmt.Sprintf("%s: %s: %d answers (%d from the cache), %d errors", stage, u.Model, u.Answers, u.Cached, u.Errors)
		if u.Cut > 0 {
			line += fmt.Sprintf(", %d cut short (see --max-tokens)", u.Cut)
		}
		line += fmt.Sprintf("; %d tokens in, %d out; %s of model time", u.PromptTokens, u.CompletionTokens, u.Latency.Round(time.Millisecond))
		if u.Priced {
			line += fmt.Sprintf("; $%.4f", u.CostUSD)
		}
		fmt.Fprintln(w, line)
	}
}
