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

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/table"
)

// corpusEntry is one realistic answer of internal/prompt's corpus (see
// its testdata/answers/README) with what perfcon should read from it.
type corpusEntry struct {
	name, kind, task, category, status, finish string
	truncated                                  bool
	answer, code                               string
	hasCode                                    bool
}

func loadCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	files, err := filepath.Glob("../../internal/prompt/testdata/answers/*.txtar")
	if err != nil || len(files) < 40 {
		t.Fatalf("the answer corpus has %d files (%v), want at least 40", len(files), err)
	}
	var out []corpusEntry
	for _, f := range files {
		a, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		e := corpusEntry{name: strings.TrimSuffix(filepath.Base(f), ".txtar"), finish: "stop"}
		for _, line := range strings.Split(string(a.Comment), "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			v = strings.TrimSpace(v)
			switch strings.TrimSpace(k) {
			case "kind":
				e.kind = v
			case "task":
				e.task = v
			case "category":
				e.category = v
			case "status":
				e.status = v
			case "finish":
				e.finish = v
			case "truncated":
				e.truncated = v == "true"
			}
		}
		for _, file := range a.Files {
			switch file.Name {
			case "answer":
				e.answer = string(file.Data)
			case "code":
				e.code, e.hasCode = string(file.Data), true
			}
		}
		if e.kind != "describe" && e.kind != "generate" || e.task == "" || e.answer == "" {
			t.Fatalf("%s: kind %q, task %q, %d bytes of answer: not a corpus entry", f, e.kind, e.task, len(e.answer))
		}
		out = append(out, e)
	}
	return out
}

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
	entries := loadCorpus(t)
	for _, field := range []bool{false, true} {
		name := "tags"
		if field {
			name = "reasoning_content"
		}
		t.Run(name, func(t *testing.T) { runCorpus(t, entries, field) })
	}
}

func runCorpus(t *testing.T, entries []corpusEntry, field bool) {
	dir := t.TempDir()
	byModel := map[string]corpusEntry{}
	s := llmtest.New(t)
	s.Answer = func(_ int, req llmtest.Request) llmtest.Reply {
		e, ok := byModel[req.Model]
		if !ok {
			return llmtest.Reply{Status: 404}
		}
		describe := len(req.Messages) > 0 && strings.Contains(req.Messages[0].Content, "reviewing a code change")
		if describe != (e.kind == "describe") {
			// The other half of the round trip, plainly answered.
			if describe {
				return llmtest.Reply{Content: "The loop did needless work; the fix removes it.\n\nCategory: inefficient_algorithm"}
			}
			return llmtest.Reply{Content: "```\npass\n```\n"}
		}
		r := llmtest.Reply{Content: e.answer, FinishReason: e.finish}
		if field {
			r.Content, r.Reasoning = apart(e.answer)
		}
		return r
	}
	var models bytes.Buffer
	var tasks []string
	for i, e := range entries {
		name := fmt.Sprintf("m%02d", i)
		byModel["corpus/"+name] = e
		fmt.Fprintf(&models, "[[model]]\nname = %q\nbase_url = %q\nmodel = %q\nmax_retries = 0\n\n", name, s.BaseURL(), "corpus/"+name)
		if !slices.Contains(tasks, e.task) {
			tasks = append(tasks, e.task)
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
		run(append([]string{"describe", "--model", m, "--tasks", e.task}, llmArgs...)...)
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
		_, thought := apart(e.answer)
		reasoned := thought != "" || strings.Contains(e.answer, "</think>") && !strings.Contains(e.answer, "<think>")
		switch e.kind {
		case "describe":
			if d.Error != "" {
				t.Errorf("%s: %s", e.name, d.Error)
				continue
			}
			if d.PredictedCategory != e.category {
				t.Errorf("%s: category %q (read %q), want %q", e.name, d.PredictedCategory, d.CategoryRaw, e.category)
			}
			if d.Truncated != e.truncated {
				t.Errorf("%s: truncated %v, want %v (finish_reason %q)", e.name, d.Truncated, e.truncated, d.FinishReason)
			}
			if strings.Contains(d.Description, "<think") || strings.Contains(d.Description, "</think>") {
				t.Errorf("%s: the description keeps the reasoning: %.200q", e.name, d.Description)
			}
			if reasoned && d.Reasoning == "" {
				t.Errorf("%s: no reasoning set apart", e.name)
			}
			if !field && d.RawResponse != e.answer {
				t.Errorf("%s: raw_response is not the answer as it came", e.name)
			}
			// A cut description is not generated from.
			if cut := strings.Contains(g.Error, "cut short"); cut != e.truncated {
				t.Errorf("%s: generation error %q; want a refusal exactly when the description was cut", e.name, g.Error)
			}
		case "generate":
			if g.Error != "" {
				t.Errorf("%s: %s", e.name, g.Error)
				continue
			}
			if g.ExtractStatus != e.status {
				t.Errorf("%s: extract_status %q, want %q", e.name, g.ExtractStatus, e.status)
			}
			if g.Code != e.code {
				t.Errorf("%s: code differs:\n--- got\n%s\n--- want\n%s", e.name, g.Code, e.code)
			}
			if g.Truncated != e.truncated {
				t.Errorf("%s: truncated %v, want %v", e.name, g.Truncated, e.truncated)
			}
			if reasoned && g.Reasoning == "" {
				t.Errorf("%s: no reasoning set apart", e.name)
			}
		}
	}
}
