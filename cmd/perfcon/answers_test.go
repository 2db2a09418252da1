package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/prompt/answertest"
	"github.com/perfcon/perfcon/internal/table"
)

// reasoningBlock is a closed reasoning block, and reasoningOpen one that
// never closes: how the field variant moves reasoning out of the content,
// as vLLM's reasoning parsers do.
var (
	reasoningBlock = regexp.MustCompile(`(?s)<think>(.*?)</think>|<thinking>(.*?)</thinking>|<reasoning>(.*?)</reasoning>`)
	reasoningOpen  = regexp.MustCompile(`(?s)<(?:think|thinking|reasoning)>(.*)$`)
)

// apart sets the reasoning of an answer apart, for the server to send in
// reasoning_content.
func apart(answer string) (content, reasoning string) {
	var parts []string
	content = reasoningBlock.ReplaceAllStringFunc(answer, func(b string) string {
		m := reasoningBlock.FindStringSubmatch(b)
		parts = append(parts, strings.TrimSpace(m[1]+m[2]+m[3]))
		return ""
	})
	if m := reasoningOpen.FindStringSubmatchIndex(content); m != nil {
		parts = append(parts, strings.TrimSpace(content[m[2]:m[3]]))
		content = content[:m[0]]
	}
	return strings.TrimSpace(content), strings.Join(parts, "\n\n")
}

// The answer corpus through the real describe and generate stages, over
// HTTP, as a chat model's tags and again with the reasoning in the
// server's reasoning_content: the stored description has no reasoning,
// the category and the code are the ones the answer means, cut answers
// are marked and not generated from, and the rows of every model stay.
func TestRealAnswers(t *testing.T) {
	entries, err := answertest.Load("../../internal/prompt/testdata/answers")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 40 {
		t.Fatalf("the answer corpus has %d entries, want at least 40", len(entries))
	}
	for _, field := range []bool{false, true} {
		name := "tags"
		if field {
			name = "reasoning_content"
		}
		t.Run(name, func(t *testing.T) { runCorpus(t, entries, field) })
	}
}

func runCorpus(t *testing.T, entries []answertest.Entry, field bool) {
	dir := t.TempDir()
	byModel := map[string]answertest.Entry{}
	s := llmtest.New(t)
	s.Answer = func(_ int, req llmtest.Request) llmtest.Reply {
		e, ok := byModel[req.Model]
		if !ok {
			return llmtest.Reply{Status: 404}
		}
		describe := len(req.Messages) > 0 && strings.Contains(req.Messages[0].Content, "reviewing a code change")
		if describe != (e.Kind == "describe") {
			// The other half of the round trip, plainly answered.
			if describe {
				return llmtest.Reply{Content: "The loop did needless work; the fix removes it.\n\nCategory: inefficient_algorithm"}
			}
			return llmtest.Reply{Content: "```\npass\n```\n"}
		}
		r := llmtest.Reply{Content: e.Answer, FinishReason: e.Finish}
		if field {
			r.Content, r.Reasoning = apart(e.Answer)
		}
		return r
	}
	var models bytes.Buffer
	var tasks []string
	for i, e := range entries {
		name := fmt.Sprintf("m%02d", i)
		byModel["corpus/"+name] = e
		fmt.Fprintf(&models, "[[model]]\nname = %q\nbase_url = %q\nmodel = %q\nmax_retries = 0\n\n", name, s.BaseURL(), "corpus/"+name)
		if !slices.Contains(tasks, e.Task) {
			tasks = append(tasks, e.Task)
		}
	}
	modelsFile := filepath.Join(dir, "models.toml")
	if err := os.WriteFile(modelsFile, models.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	tables := filepath.Join(dir, "t")
	run := func(args ...string) {
		t.Helper()
		var stderr bytes.Buffer
		args = append([]string{"--tables", tables}, args...)
		if err := perfcon(context.Background(), &bytes.Buffer{}, &stderr, args); err != nil {
			t.Fatalf("perfcon %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
	}
	commitArgs := []string{"commits", "--dataset", "../../datasets/core"}
	for _, task := range tasks {
		commitArgs = append(commitArgs, "--tasks", task)
	}
	run(commitArgs...)
	llmArgs := []string{"--models", modelsFile, "--llm-cache", filepath.Join(dir, "cache")}
	var all []string
	for i, e := range entries {
		m := fmt.Sprintf("m%02d", i)
		all = append(all, "--model", m)
		// One model at a time: each run keeps the rows of the others.
		run(append([]string{"describe", "--model", m, "--tasks", e.Task}, llmArgs...)...)
	}
	run(append(append([]string{"generate"}, all...), llmArgs...)...)

	descs, err := table.ReadFile[table.Description](filepath.Join(tables, "descriptions.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	gens, err := table.ReadFile[table.Generation](filepath.Join(tables, "generations.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if len(descs) != len(entries) || len(gens) != len(entries) {
		t.Fatalf("%d descriptions and %d generations, want %d of each (one per model)", len(descs), len(gens), len(entries))
	}
	for i, e := range entries {
		m := fmt.Sprintf("m%02d", i)
		d := descs[slices.IndexFunc(descs, func(d table.Description) bool { return d.Model == m })]
		g := gens[slices.IndexFunc(gens, func(g table.Generation) bool { return g.Model == m })]
		_, thought := apart(e.Answer)
		reasoned := thought != "" || strings.Contains(e.Answer, "</think>") && !strings.Contains(e.Answer, "<think>")
		switch e.Kind {
		case "describe":
			if d.Error != "" {
				t.Errorf("%s: %s", e.Name, d.Error)
				continue
			}
			if d.PredictedCategory != e.Category {
				t.Errorf("%s: category %q (read %q), want %q", e.Name, d.PredictedCategory, d.CategoryRaw, e.Category)
			}
			if d.Truncated != e.Truncated {
				t.Errorf("%s: truncated %v, want %v (finish_reason %q)", e.Name, d.Truncated, e.Truncated, d.FinishReason)
			}
			if strings.Contains(d.Description, "<think") || strings.Contains(d.Description, "</think>") {
				t.Errorf("%s: the description keeps the reasoning: %.200q", e.Name, d.Description)
			}
			if reasoned && d.Reasoning == "" {
				t.Errorf("%s: no reasoning set apart", e.Name)
			}
			if !field && d.RawResponse != e.Answer {
				t.Errorf("%s: raw_response is not the answer as it came", e.Name)
			}
			// A cut description is not generated from.
			if cut := strings.Contains(g.Error, "cut short"); cut != e.Truncated {
				t.Errorf("%s: generation error %q; want a refusal exactly when the description was cut", e.Name, g.Error)
			}
		case "generate":
			if g.Error != "" {
				t.Errorf("%s: %s", e.Name, g.Error)
				continue
			}
			if g.ExtractStatus != e.Status {
				t.Errorf("%s: extract_status %q, want %q", e.Name, g.ExtractStatus, e.Status)
			}
			if g.Code != e.Code {
				t.Errorf("%s: code differs:\n--- got\n%s\n--- want\n%s", e.Name, g.Code, e.Code)
			}
			if g.Truncated != e.Truncated {
				t.Errorf("%s: truncated %v, want %v", e.Name, g.Truncated, e.Truncated)
			}
			if reasoned && g.Reasoning == "" {
				t.Errorf("%s: no reasoning set apart", e.Name)
			}
		}
	}
}
