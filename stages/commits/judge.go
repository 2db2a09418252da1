package commits

import (
	"context"
	"fmt"
	"strings"

	"github.com/perfcon/perfcon/internal/calls"
	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/prompt"
)

// verdict is what the models said of one commit.
type verdict struct {
	judged      bool   // the judge answered, and its answer decided
	judgeWhy    string // evidence: the judge's answer, or why it did not count
	category    string // the classifier's category, "" when it gave none
	classifyWhy string
}

// askModels asks the judge about every candidate commit, then the
// classifier about every commit kept, through the answer cache. A commit
// the judge turns down is skipped as judged_not_performance; a judge's or
// classifier's call that fails leaves the rules' decision, and the
// evidence says so. The error is non-nil only when ctx ends or the cache
// can't be used.
func (o MineOptions) askModels(ctx context.Context, found []*scanned) ([]verdict, llm.Stats, error) {
	out := make([]verdict, len(found))
	var stats llm.Stats
	if o.Judge != nil {
		s := llm.Settings(o.Judge, o.Sampling, calls.JudgeDefaults)
		var idx []int
		var cs []llm.Call
		for i, f := range found {
			if !candidate(f, o) {
				continue
			}
			c, err := calls.Judge(o.Judge, s, commitOf(f))
			if err != nil {
				return nil, stats, err
			}
			idx, cs = append(idx, i), append(cs, *c)
		}
		res, st, err := o.caller("judge").Run(ctx, cs)
		stats.Add(st)
		if err != nil {
			return nil, stats, fmt.Errorf("judging commits: %w", err)
		}
		for k, r := range res {
			i := idx[k]
			f := found[i]
			if r.Err != nil {
				out[i].judgeWhy = fmt.Sprintf("judge %s failed, the rules decided: %v", o.Judge.Name(), r.Err)
				continue
			}
			yes, ok := prompt.Verdict(r.Content)
			if !ok {
				out[i].judgeWhy = fmt.Sprintf("judge %s gave no verdict line, the rules decided: %s", o.Judge.Name(), excerpt(r.Content))
				continue
			}
			out[i].judged = true
			out[i].judgeWhy = fmt.Sprintf("judge %s: %s", o.Judge.Name(), excerpt(r.Content))
			switch {
			case yes:
				f.skip = ""
			default:
				f.skip = skipJudged
			}
		}
	}
	if o.Classifier != nil {
		s := llm.Settings(o.Classifier, o.Sampling, calls.ClassifyDefaults)
		var idx []int
		var cs []llm.Call
		for i, f := range found {
			if f.skip != "" {
				continue
			}
			c, err := calls.Classify(o.Classifier, s, commitOf(f))
			if err != nil {
				return nil, stats, err
			}
			idx, cs = append(idx, i), append(cs, *c)
		}
		res, st, err := o.caller("classify").Run(ctx, cs)
		stats.Add(st)
		if err != nil {
			return nil, stats, fmt.Errorf("classifying commits: %w", err)
		}
		for k, r := range res {
			i := idx[k]
			switch {
			case r.Err != nil:
				out[i].classifyWhy = fmt.Sprintf("classifier %s failed, the rules decided: %v", o.Classifier.Name(), r.Err)
			case prompt.Category(r.Content) == "":
				out[i].classifyWhy = fmt.Sprintf("classifier %s named no category, the rules decided: %s", o.Classifier.Name(), excerpt(r.Content))
			default:
				out[i].category = prompt.Category(r.Content)
				out[i].classifyWhy = fmt.Sprintf("classifier %s: %s", o.Classifier.Name(), excerpt(r.Content))
			}
		}
	}
	return out, stats, nil
}

// candidate reports whether the judge is asked about a commit: it
// changed functions and scores at least JudgeFrom.
func candidate(s *scanned, o MineOptions) bool {
	return len(s.functions) > 0 && s.score >= o.JudgeFrom && (s.skip == "" || s.skip == skipNotPerf)
}

func (o MineOptions) caller(label string) *llm.Caller {
	return &llm.Caller{Cache: o.Cache, Refresh: o.Refresh, Progress: o.Progress, Label: label}
}

// commitOf is what the models are shown of a commit: its message and the
// patches of the functions it changed.
func commitOf(s *scanned) calls.Commit {
	var patch strings.Builder
	lang := ""
	for _, fn := range s.functions {
		patch.WriteString(fn.patch)
		if lang == "" {
			lang = fn.lang
		}
	}
	return calls.Commit{ID: s.commit.SHA, Language: lang, Message: s.commit.Message, Patch: patch.String()}
}

// excerpt is an answer in one line, cut to a length evidence can hold.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:297] + "..."
	}
	return s
}
