package mining

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/perfcon/perfcon/internal/calls"
	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/table"
)

// verdict is what the models said of one commit.
type verdict struct {
	judged   bool   // the judge answered, and its answer decided
	judgeWhy string // evidence: the judge's answer, or why it did not count
	// judgeCategory is the category the judge named with a yes, ""
	// when it named none; a classifier's category comes first.
	judgeCategory string
	category      string // the classifier's category, "" when it gave none
	classifyWhy   string
}

// askModels asks the judge about every candidate commit, then the
// classifier about every commit kept, through the answer cache. A commit
// the judge turns down is skipped as judged_not_performance; a judge's or
// classifier's call that fails leaves the rules' decision, and the
// evidence says so. The error is non-nil only when ctx ends or the cache
// can't be used.
func (o Options) askModels(ctx context.Context, found []*scanned) ([]verdict, llm.Stats, error) {
	out := make([]verdict, len(found))
	var stats llm.Stats
	if o.Judge != nil {
		err := o.ask(ctx, &stats, found, "judge", o.Judge, calls.JudgeDefaults, calls.Judge,
			func(f *scanned) bool { return candidate(f, o) },
			func(i int, r llm.Result) {
				v, name := &out[i], o.Judge.Name()
				text := prompt.Split(r.Content, r.Reasoning).Text
				yes, ok := prompt.Verdict(text)
				switch {
				case r.Err != nil:
					v.judgeWhy = fmt.Sprintf("judge %s failed, the rules decided: %v", name, r.Err)
				case !ok:
					v.judgeWhy = fmt.Sprintf("judge %s gave no verdict line, the rules decided: %s", name, excerpt(text))
				default:
					v.judged, v.judgeWhy = true, fmt.Sprintf("judge %s: %s", name, excerpt(text))
					found[i].skip = ""
					if !yes {
						found[i].skip = skipJudged
					} else if c, _ := prompt.Category(text); c != "" {
						v.judgeCategory = c
					}
				}
			})
		if err != nil {
			return nil, stats, fmt.Errorf("judging commits: %w", err)
		}
	}
	if o.Classifier != nil {
		err := o.ask(ctx, &stats, found, "classify", o.Classifier, calls.ClassifyDefaults, calls.Classify,
			func(f *scanned) bool { return f.skip == "" },
			func(i int, r llm.Result) {
				v, name := &out[i], o.Classifier.Name()
				text := prompt.Split(r.Content, r.Reasoning).Text
				switch c, _ := prompt.Category(text); {
				case r.Err != nil:
					v.classifyWhy = fmt.Sprintf("classifier %s failed, the rules decided: %v", name, r.Err)
				case c == "":
					v.classifyWhy = fmt.Sprintf("classifier %s named no category, the rules decided: %s", name, excerpt(text))
				default:
					v.category, v.classifyWhy = c, fmt.Sprintf("classifier %s: %s", name, excerpt(text))
				}
			})
		if err != nil {
			return nil, stats, fmt.Errorf("classifying commits: %w", err)
		}
	}
	return out, stats, nil
}

// ask makes the call prepare makes for each commit of found that want
// picks, through the cache, and gives each result to record with the
// commit's index.
func (o Options) ask(ctx context.Context, stats *llm.Stats, found []*scanned, label string, m llm.Model, defaults llm.Sampling,
	prepare func(llm.Model, llm.Sampling, calls.Commit) (*llm.Call, error), want func(*scanned) bool, record func(int, llm.Result)) error {
	s := llm.Settings(m, o.Sampling, defaults)
	var idx []int
	var cs []llm.Call
	for i, f := range found {
		if !want(f) {
			continue
		}
		c, err := prepare(m, s, commitOf(f))
		if err != nil {
			return err
		}
		idx, cs = append(idx, i), append(cs, *c)
	}
	res, st, err := (&llm.Caller{Cache: o.Cache, Refresh: o.Refresh, Progress: o.Progress, Label: label}).Run(ctx, cs)
	stats.Add(st)
	if err != nil {
		return err
	}
	for k, r := range res {
		record(idx[k], r)
	}
	return nil
}

// categoryOf is a kept commit's category and who named it, with the
// evidence: the classifier model's, else the judge's, else the rules' or
// the learned classifier's.
func categoryOf(s *scanned, v verdict, o Options) (category, source string, why []string) {
	category, source, why = s.category, cmp.Or(s.catBy, table.CategoryRules), s.catWhy
	if v.classifyWhy != "" {
		why = append([]string{v.classifyWhy}, why...)
	}
	switch {
	case v.category != "":
		category, source = v.category, "model:"+o.Classifier.Name()
	case v.judgeCategory != "":
		category, source = v.judgeCategory, "model:"+o.Judge.Name()
		why = append([]string{v.judgeWhy}, why...)
	}
	return category, source, why
}

// candidate reports whether the judge is asked about a commit: it
// changed functions and scores at least JudgeFrom.
func candidate(s *scanned, o Options) bool {
	return len(s.functions) > 0 && s.score >= o.JudgeFrom && (s.skip == "" || s.skip == skipNotPerf)
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
