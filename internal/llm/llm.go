package llm

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/perfcon/perfcon/internal/table"
)

// Message is one chat message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Kinds of request.
const (
	KindDescribe = "describe"
	KindGenerate = "generate"
	// KindJudge asks whether a mined commit is performance work, and
	// KindClassify for its category: only models of a models file
	// answer them.
	KindJudge    = "judge"
	KindClassify = "classify"
	// KindDraft asks for a harness that makes a commit executable.
	KindDraft = "draft"
	// KindRefine sends a generation back with what running it showed,
	// for a fix or a faster version.
	KindRefine = "refine"
)

// ErrNotAnswered is returned by a built-in model asked a kind of request
// it has no answer for.
var ErrNotAnswered = errors.New("built-in models answer describe, generate and refine requests only; judge, classify and draft need a model from a models file")

// Task is the change a request is about. HTTP models see only Messages;
// the built-in models answer from Task.
type Task struct {
	ID         string
	Language   string
	Category   string
	Message    string
	CodeBefore string
	CodeAfter  string
}

// TaskOf is the change in a commits row.
func TaskOf(c table.Change) Task {
	return Task{ID: c.TaskID, Language: c.Language, Category: c.Category,
		Message: c.CommitMessage, CodeBefore: c.CodeBefore, CodeAfter: c.CodeAfter}
}

// Prompt makes a request's messages when they are needed. Its Digest
// stands for the messages: two prompts with one digest render the same
// messages. The cache finds an answer by the digest, so a call answered
// from the cache renders nothing.
type Prompt interface {
	Digest() [16]byte
	Render() ([]Message, error)
}

// Request is one chat completion request.
type Request struct {
	Kind string
	Task Task
	// Messages are the chat; when nil, Prompt renders them before the call
	// is made.
	Messages    []Message
	Prompt      Prompt
	Temperature float64
	MaxTokens   int
	Sample      int
	// Round and Describer say which description a generation answers;
	// the replay model looks its answers up by them.
	Round     int
	Describer string
	// Code is the generation a refine request sends back; the built-in
	// identity model answers with it unchanged.
	Code string
}

// Response is a model's answer. Built-in models use no tokens.
type Response struct {
	Content string `json:"content"`
	// Reasoning is what a reasoning model thought before it answered, as
	// the server returned it apart from the content (the message's
	// reasoning_content or reasoning field); empty when it did not.
	Reasoning        string `json:"reasoning,omitempty"`
	PromptTokens     int64  `json:"prompt_tokens"`
	CompletionTokens int64  `json:"completion_tokens"`
	FinishReason     string `json:"finish_reason,omitempty"`
}

// Sampling is how a stage asks: the stage's flags, a model's defaults.
type Sampling struct {
	Temperature *float64 // nil: not set
	MaxTokens   int      // 0: not set
	Samples     int      // 0: not set
}

// Settings resolves the sampling settings for m: the stage's where set,
// else the model's defaults from its models file, else def.
func Settings(m Model, stage, def Sampling) Sampling {
	var model Sampling
	if d, ok := m.(Configured); ok {
		model.Temperature, model.MaxTokens, model.Samples = d.Defaults()
	}
	out := def
	for _, s := range []Sampling{model, stage} {
		if s.Temperature != nil {
			out.Temperature = s.Temperature
		}
		if s.MaxTokens > 0 {
			out.MaxTokens = s.MaxTokens
		}
		if s.Samples > 0 {
			out.Samples = s.Samples
		}
	}
	if out.Temperature == nil {
		zero := 0.0
		out.Temperature = &zero
	}
	return out
}

// Model answers requests. A model may also have any of four optional
// capabilities, each an interface of its own, which the stages look for:
// Limited (how it may be called), Configured (its own sampling defaults),
// Identified (what the answer cache knows it by) and Priced (what its
// tokens cost). The built-in models have none; a models file's endpoints
// have the first three, and Priced when the file gives a price.
type Model interface {
	Name() string
	Complete(ctx context.Context, req Request) (Response, error)
}

// Limited is a model with limits on its calls: how many may be in flight
// at once, and how many may start per second (0: no limit). Without it,
// a model takes builtinConcurrency calls at a time, unlimited.
type Limited interface {
	Limits() (concurrency int, perSecond float64)
}

// Configured is a model with sampling defaults of its own (nil or 0: not
// set), which a stage's flags override and which override the stage's.
type Configured interface {
	Defaults() (temperature *float64, maxTokens, samples int)
}

// Identified is a model the answer cache knows by more than its name: an
// endpoint's base URL and model id, so that two local names of one
// served model share answers and one name moved to another server does
// not.
type Identified interface {
	Identity() string
}

// Priced is a model with a price per million prompt and completion
// tokens, in US dollars.
type Priced interface {
	Prices() (in, out float64)
}

// Cost is what a call of m with these token counts costs in US dollars,
// or nil when m has no price.
func Cost(m Model, promptTokens, completionTokens int64) *float64 {
	p, ok := m.(Priced)
	if !ok {
		return nil
	}
	in, out := p.Prices()
	c := (in*float64(promptTokens) + out*float64(completionTokens)) / 1e6
	return &c
}

var (
	_ Limited    = (*endpoint)(nil)
	_ Configured = (*endpoint)(nil)
	_ Identified = (*endpoint)(nil)
	_ Priced     = pricedEndpoint{}
)

// Builtin returns a built-in model by name.
func Builtin(name string) (Model, error) {
	switch name {
	case "identity":
		return identity{}, nil
	case "oracle":
		return oracle{}, nil
	case "twin":
		return twin{}, nil
	}
	return nil, fmt.Errorf("unknown model %q (built in: %s)", name, strings.Join(BuiltinNames(), ", "))
}

// BuiltinNames lists the built-in models; replay:NAME is built in too.
func BuiltinNames() []string { return []string{"identity", "oracle", "twin"} }

// identity is the floor: it describes a change with its commit message and
// gives code-before back unchanged.
type identity struct{}

func (identity) Name() string { return "identity" }

func (identity) Complete(_ context.Context, req Request) (Response, error) {
	switch req.Kind {
	case KindDescribe:
		return Response{Content: strings.TrimSpace(req.Task.Message)}, nil
	case KindGenerate:
		return Response{Content: fence(req.Task.Language, req.Task.CodeBefore)}, nil
	case KindRefine: // the code sent back, unchanged
		return Response{Content: fence(req.Task.Language, cmp.Or(req.Code, req.Task.CodeBefore))}, nil
	}
	return Response{}, ErrNotAnswered
}

// oracle is the ceiling: it names the right category and returns
// code-after.
type oracle struct{}

func (oracle) Name() string { return "oracle" }

func (oracle) Complete(_ context.Context, req Request) (Response, error) {
	switch req.Kind {
	case KindDescribe:
		return Response{Content: strings.TrimSpace(req.Task.Message) + "\n\nCategory: " + req.Task.Category}, nil
	case KindGenerate, KindRefine:
		return Response{Content: fence(req.Task.Language, req.Task.CodeAfter)}, nil
	}
	return Response{}, ErrNotAnswered
}

// twin is the control: code-after with one comment line added, so it is
// built and measured as a program of its own, interleaved with the others.
// Any difference between it and code-after is the measurement's noise.
type twin struct{}

func (twin) Name() string { return "twin" }

func (twin) Complete(ctx context.Context, req Request) (Response, error) {
	if req.Kind != KindGenerate && req.Kind != KindRefine {
		return oracle{}.Complete(ctx, req)
	}
	return Response{Content: fence(req.Task.Language, twinCode(req.Task.Language, req.Task.CodeAfter))}, nil
}

// twinCode is code with a comment line appended in the language's syntax.
func twinCode(language, code string) string {
	mark := "// "
	if language == "python" {
		mark = "# "
	}
	return strings.TrimRight(code, "\n") + "\n" + mark + "perfcon twin: code after, measured as a program of its own\n"
}

func fence(lang, code string) string {
	return "```" + lang + "\n" + strings.TrimRight(code, "\n") + "\n```\n"
}
