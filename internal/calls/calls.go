// Package calls makes perfcon's chat calls and fills rows from the
// answers: descriptions (PL→NL), generations (NL→PL), and the judge's
// verdicts and classifier's categories of mined commits. The describe
// stage, the generate stage and the chains in it, and the miner ask
// through here, so each kind of call is asked and recorded the same way
// wherever it is made.
package calls

import (
	"cmp"
	"context"
	"strings"
	"time"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/par"
	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/table"
)

// Defaults apply where neither a stage's flags nor the model say.
var (
	DescribeDefaults = llm.Sampling{MaxTokens: 1024, Samples: 1}
	GenerateDefaults = llm.Sampling{MaxTokens: 4096}
)

// Describe prepares one description: model m, at settings s, explains the
// change from task.CodeBefore to task.CodeAfter, shown task.Message when
// there is one. It returns the row and the call that fills it, or no call
// when the prompt can't be made (the row then holds the error).
func Describe(m llm.Model, s llm.Sampling, task llm.Task, round, sample int) (table.Description, *llm.Call) {
	row := table.Description{TaskID: task.ID, Model: m.Name(), Round: int32(round), Sample: int32(sample),
		PromptVersion: prompt.DescribeVersion, ModelCutoff: cutoff(m)}
	p, err := prompt.New(prompt.DescribeVersion, prompt.Input{Language: task.Language,
		Message: task.Message, CodeBefore: task.CodeBefore, CodeAfter: task.CodeAfter})
	if err != nil {
		row.Error = err.Error()
		return row, nil
	}
	return row, &llm.Call{Model: m, Req: llm.Request{Kind: llm.KindDescribe, Task: task, Prompt: p,
		Temperature: *s.Temperature, MaxTokens: s.MaxTokens, Sample: sample, Round: round}}
}

// cutoff is m's training cutoff as the model_cutoff column holds it,
// YYYY-MM-DD, or "" (NULL) when m gives none.
func cutoff(m llm.Model) string {
	if t := llm.CutoffOf(m); t != nil {
		return t.Format(time.DateOnly)
	}
	return ""
}

// RecordDescription fills a description row from its call's result: the
// answer as it came, its reasoning set apart, and the description (the
// rest) with the category it names.
func RecordDescription(row *table.Description, res llm.Result) {
	row.LatencyMS, row.CacheHit = res.Latency.Milliseconds(), res.CacheHit
	if res.Err != nil {
		row.Error = res.Err.Error()
		return
	}
	a := answer(res)
	row.RawResponse, row.Description, row.Reasoning = res.Content, a.Text, a.Reasoning
	row.FinishReason, row.Truncated, row.CostUSD = res.FinishReason, cutShort(res, a), res.CostUSD
	row.PredictedCategory, row.CategoryRaw = prompt.Category(a.Text)
	row.PromptTokens, row.CompletionTokens = res.PromptTokens, res.CompletionTokens
}

// answer is a result's answer with its reasoning set apart.
func answer(res llm.Result) prompt.Answer { return prompt.Split(res.Content, res.Reasoning) }

// FinishLength is the finish_reason of an answer the server stopped at
// its token bound; FinishStop of one that ended by itself.
const (
	FinishLength = "length"
	FinishStop   = "stop"
)

// CutShort says why an answer with finish_reason finish counts as cut
// short.
func CutShort(finish string) string {
	if finish == FinishLength {
		return "the answer was cut short at its token bound (finish_reason length)"
	}
	return "the answer was cut short inside its reasoning (the reasoning block never closed)"
}

// cutShort says whether an answer was cut before it ended: the server
// stopped it at its token bound, or its reasoning never closed.
func cutShort(res llm.Result, a prompt.Answer) bool {
	return res.FinishReason == FinishLength || a.Unclosed
}

// Generate prepares one generation: model m, at settings s, rewrites c's
// code before from description d. Without a description (d has an error,
// held only reasoning, or was cut short and allowCut is false) or a
// prompt, there is no call and the row holds the error.
func Generate(m llm.Model, s llm.Sampling, c table.Change, d table.Description, allowCut bool) (table.Generation, *llm.Call) {
	row := table.Generation{TaskID: c.TaskID, Describer: d.Model, Model: m.Name(), Round: d.Round,
		Sample: d.Sample, PromptVersion: prompt.GenerateVersion, ExtractStatus: prompt.ExtractEmpty,
		ModelCutoff: cutoff(m)}
	if d.Error != "" {
		row.Error = "no description: " + d.Error
		return row, nil
	}
	switch {
	case d.Truncated && !allowCut:
		row.Error = "no description: " + CutShort(d.FinishReason) +
			"; describe again with a larger --max-tokens, or generate with --allow-truncated"
		return row, nil
	case strings.TrimSpace(d.Description) == "" && d.Reasoning != "":
		row.Error = "no description: the answer held only reasoning"
		return row, nil
	}
	in := prompt.Input{Language: c.Language, CodeBefore: c.CodeBefore, Description: d.Description}
	if c.FileContext != "" {
		// A repository task's function, in its file.
		row.PromptVersion = prompt.GenerateRepoVersion
		in.Symbol, in.FilePath, in.Context = c.Symbol, c.FilePath, c.FileContext
	}
	p, err := prompt.New(row.PromptVersion, in)
	if err != nil {
		row.Error = err.Error()
		return row, nil
	}
	return row, &llm.Call{Model: m, Req: llm.Request{Kind: llm.KindGenerate, Task: llm.TaskOf(c),
		Prompt: p, Temperature: *s.Temperature, MaxTokens: s.MaxTokens, Sample: int(d.Sample),
		Round: int(d.Round), Describer: d.Model}}
}

// RecordGeneration fills a generation row of commit c from its call's
// result, extracting the code from the answer.
func RecordGeneration(row *table.Generation, c table.Change, res llm.Result) {
	row.LatencyMS, row.CacheHit = res.Latency.Milliseconds(), res.CacheHit
	if res.Err != nil {
		row.Error = res.Err.Error()
		return
	}
	a := answer(res)
	row.RawResponse, row.Reasoning = res.Content, a.Reasoning
	row.FinishReason, row.Truncated, row.CostUSD = res.FinishReason, cutShort(res, a), res.CostUSD
	row.PromptTokens, row.CompletionTokens = res.PromptTokens, res.CompletionTokens
	if a.Unclosed {
		// Cut inside its reasoning: whatever code it drafted there is no
		// answer.
		row.Code, row.ExtractStatus = "", prompt.ExtractTruncated
		return
	}
	row.Code, row.ExtractStatus = prompt.Code(a.Text, c.Language, c.Symbol, c.CodeBefore)
	if row.ExtractStatus == prompt.ExtractTruncated && res.FinishReason == FinishStop {
		// The server says the answer ended: its last fence was left
		// open, not cut.
		row.ExtractStatus = prompt.ExtractFenced
	}
	if row.Code == "" && res.FinishReason == FinishLength {
		// Cut before its code began (inside reasoning the server sent
		// apart, say): no code because it was cut, not because it gave
		// none.
		row.ExtractStatus = prompt.ExtractTruncated
	}
}

// Batch is a stage's rows and the calls that fill them.
type Batch[R any] struct {
	Rows  []R
	calls []llm.Call
	rowOf []int // call -> row
}

// NewBatch prepares n rows, spread over every CPU: prepare(i) returns
// row i and the call that fills it, or nil when the row is complete.
func NewBatch[R any](n int, prepare func(i int) (R, *llm.Call)) *Batch[R] {
	b := &Batch[R]{Rows: make([]R, n), calls: make([]llm.Call, 0, n), rowOf: make([]int, 0, n)}
	calls := make([]*llm.Call, n)
	par.For(n, func(i int) { b.Rows[i], calls[i] = prepare(i) })
	for i, c := range calls {
		if c != nil {
			b.calls = append(b.calls, *c)
			b.rowOf = append(b.rowOf, i)
		}
	}
	return b
}

// Calls is how many calls the batch makes.
func (b *Batch[R]) Calls() int { return len(b.calls) }

// Run makes the calls with caller and records each result into its row.
// It fails only when ctx ends; the calls answered until then are cached.
func (b *Batch[R]) Run(ctx context.Context, caller *llm.Caller, record func(*R, llm.Result)) (llm.Stats, error) {
	results, stats, err := caller.Run(ctx, b.calls)
	if err != nil {
		return stats, err
	}
	par.For(len(results), func(i int) { record(&b.Rows[b.rowOf[i]], results[i]) })
	return stats, nil
}

// Commit is what the judge and the classifier see of a mined commit.
type Commit struct {
	ID       string // the commit's id, which the answers are kept by
	Language string
	Message  string
	Patch    string // the changed functions, as a unified diff
}

// MaxPatch bounds the patch shown to the judge and classifier, in bytes:
// a large commit is cut, and the cut says so.
const MaxPatch = 24 << 10

// JudgeDefaults and ClassifyDefaults apply where the model does not say.
var (
	JudgeDefaults    = llm.Sampling{MaxTokens: 512}
	ClassifyDefaults = llm.Sampling{MaxTokens: 512}
)

// Judge prepares the call that asks model m whether commit c is
// performance work.
func Judge(m llm.Model, s llm.Sampling, c Commit) (*llm.Call, error) {
	return commitCall(m, s, c, llm.KindJudge, prompt.JudgeVersion)
}

// Classify prepares the call that asks model m for commit c's category.
func Classify(m llm.Model, s llm.Sampling, c Commit) (*llm.Call, error) {
	return commitCall(m, s, c, llm.KindClassify, prompt.ClassifyVersion)
}

func commitCall(m llm.Model, s llm.Sampling, c Commit, kind, version string) (*llm.Call, error) {
	patch := cut(c.Patch, MaxPatch, "diff")
	p, err := prompt.New(version, prompt.Input{Language: c.Language, Message: strings.TrimSpace(c.Message), Patch: patch})
	if err != nil {
		return nil, err
	}
	return &llm.Call{Model: m, Req: llm.Request{Kind: kind, Task: llm.Task{ID: c.ID, Language: c.Language, Message: c.Message},
		Prompt: p, Temperature: *s.Temperature, MaxTokens: s.MaxTokens}}, nil
}

// MaxContext bounds the file a draft prompt shows, in bytes.
const MaxContext = 24 << 10

// cut is s, a diff or a file, up to the last line that ends within n
// bytes, saying so when it cuts.
func cut(s string, n int, what string) string {
	if len(s) <= n {
		return s
	}
	return s[:strings.LastIndexByte(s[:n], '\n')+1] + "... (the " + what + " goes on; cut here)\n"
}

// DraftDefaults apply to harness drafts where the model does not say.
var DraftDefaults = llm.Sampling{MaxTokens: 4096}

// Draft prepares the call that asks model m for a harness for commit c,
// shown example (a harness of c's language). With prev, a draft that
// failed validation, it is sent back with why it failed.
//
// file is the changed file as it was before the commit, when the
// repository is at hand: cut to MaxContext bytes, it shows the model the
// imports, types and helpers the function uses.
func Draft(m llm.Model, s llm.Sampling, c table.Commit, example, file string, prev *table.Draft) (*llm.Call, error) {
	in := prompt.Input{Language: c.Language, Message: strings.TrimSpace(c.CommitMessage), CodeBefore: c.CodeBefore,
		CodeAfter: c.CodeAfter, Symbol: c.Symbol, FilePath: c.FilePath, Example: example, Context: cut(file, MaxContext, "file")}
	version := prompt.DraftVersion
	if prev != nil {
		version = prompt.DraftFixVersion
		in.Example = ""
		in.Prelude, in.Harness = prev.Prelude, prev.Harness
		in.Failure = cmp.Or(prev.ValidationReason, prev.Error, "it failed")
	}
	p, err := prompt.New(version, in)
	if err != nil {
		return nil, err
	}
	return &llm.Call{Model: m, Req: llm.Request{Kind: llm.KindDraft,
		Task: llm.Task{ID: c.TaskID, Language: c.Language, Category: c.Category, Message: c.CommitMessage,
			CodeBefore: c.CodeBefore, CodeAfter: c.CodeAfter},
		Prompt: p, Temperature: *s.Temperature, MaxTokens: s.MaxTokens}}, nil
}

// DraftRepo prepares the call that asks model m for the harness of
// commit c as a repository task: the function runs in its repository's
// tree, reached by importLine; context is the file around it. With prev,
// a draft that failed validation, it is sent back with why it failed.
func DraftRepo(m llm.Model, s llm.Sampling, c table.Commit, example, context, importLine string, prev *table.Draft) (*llm.Call, error) {
	in := prompt.Input{Language: c.Language, Message: strings.TrimSpace(c.CommitMessage), CodeBefore: c.CodeBefore,
		CodeAfter: c.CodeAfter, Symbol: c.Symbol, FilePath: c.FilePath, Example: example, Context: cut(context, MaxContext, "file"),
		Import: importLine}
	version := prompt.DraftRepoVersion
	if prev != nil {
		version = prompt.DraftRepoFixVersion
		in.Example = ""
		in.Harness = prev.Harness
		in.Failure = cmp.Or(prev.ValidationReason, prev.Error, "it failed")
	}
	p, err := prompt.New(version, in)
	if err != nil {
		return nil, err
	}
	return &llm.Call{Model: m, Req: llm.Request{Kind: llm.KindDraft,
		Task: llm.Task{ID: c.TaskID, Language: c.Language, Category: c.Category, Message: c.CommitMessage,
			CodeBefore: c.CodeBefore, CodeAfter: c.CodeAfter},
		Prompt: p, Temperature: *s.Temperature, MaxTokens: s.MaxTokens}}, nil
}

// RecordDraft fills a draft row from its call's result: the prelude,
// harness, scale and stubs of the answer. A failed call or an answer
// with no harness leaves the row failed, with the reason.
func RecordDraft(row *table.Draft, res llm.Result) {
	row.LatencyMS, row.CacheHit = res.Latency.Milliseconds(), res.CacheHit
	row.Validation = table.ValidationFailed
	if res.Err != nil {
		row.Error = res.Err.Error()
		row.ValidationReason = "no answer: " + row.Error
		return
	}
	a := answer(res)
	row.RawResponse, row.Reasoning = res.Content, a.Reasoning
	row.FinishReason, row.Truncated, row.CostUSD = res.FinishReason, cutShort(res, a), res.CostUSD
	row.PromptTokens, row.CompletionTokens = res.PromptTokens, res.CompletionTokens
	d, status := prompt.Harness(a.Text, row.Language)
	if status == prompt.ExtractEmpty {
		row.ValidationReason = "the answer holds no harness in a fenced code block"
		return
	}
	row.Prelude, row.Harness, row.Stubs = d.Prelude, d.Harness, d.Stubs
	if d.Scale > 0 {
		row.Scale = d.Scale
	}
	row.Validation = table.ValidationNotRun
	if status == prompt.ExtractTruncated {
		row.Validation = table.ValidationFailed
		row.ValidationReason = "the harness's code block was cut short (the answer hit its token limit?)"
	}
}

// RefineDefaults apply to refinement steps where the model does not say.
var RefineDefaults = GenerateDefaults

// Refine prepares one step of a refinement chain: model m, at settings
// s, is shown c's code before, the chain's description, the parent
// step's code and the feedback from running it, and asked for a fix
// (kind table.StepFix) or a faster version (table.StepOptimise). A
// parent without code is sent as its feedback alone. Each step is asked
// as a fresh sample, so a step whose prompt repeats an earlier one's is
// not answered from that one's cache entry.
func Refine(m llm.Model, s llm.Sampling, c table.Change, description, kind, code, feedback string, step, sample int) (*llm.Call, string, error) {
	version := prompt.RefineFixVersion
	if kind == table.StepOptimise {
		version = prompt.RefineOptimiseVersion
	}
	p, err := prompt.New(version, prompt.Input{Language: c.Language, CodeBefore: c.CodeBefore,
		Description: description, Code: code, Feedback: feedback})
	if err != nil {
		return nil, version, err
	}
	return &llm.Call{Model: m, Req: llm.Request{Kind: llm.KindRefine, Task: llm.TaskOf(c), Prompt: p,
		Temperature: *s.Temperature, MaxTokens: s.MaxTokens, Sample: sample, Round: step + 1, Code: code}}, version, nil
}

// RecordRefinement fills a refinement step of commit c from its call's
// result, extracting the code from the answer as a generation's is.
func RecordRefinement(row *table.Refinement, c table.Change, res llm.Result) {
	g := table.Generation{ExtractStatus: row.ExtractStatus}
	RecordGeneration(&g, c, res)
	row.LatencyMS, row.CacheHit, row.Error, row.RawResponse = g.LatencyMS, g.CacheHit, g.Error, g.RawResponse
	row.Code, row.ExtractStatus, row.PromptTokens, row.CompletionTokens = g.Code, g.ExtractStatus, g.PromptTokens, g.CompletionTokens
	row.Reasoning, row.FinishReason, row.Truncated, row.CostUSD = g.Reasoning, g.FinishReason, g.Truncated, g.CostUSD
}
