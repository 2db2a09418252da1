package calls_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/calls"
	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/table"
)

// Every description and generation row of a model with a cutoff carries
// it, answered or not, from the server or the cache, through the table;
// the rows of a model without one carry none.
func TestRowsCarryTheModelCutoff(t *testing.T) {
	s := llmtest.New(t)
	s.Answer = func(_ int, req llmtest.Request) llmtest.Reply {
		if req.Model == "org/down" {
			return llmtest.Reply{Status: 500}
		}
		return llmtest.Reply{Content: "It reads the file once.\n\nCategory: inefficient_io\n\n```go\nfunc F() {}\n```"}
	}
	open := func(name, cutoff string) llm.Model {
		t.Helper()
		retries := 0
		m, err := llm.Open(llm.Config{Name: name, BaseURL: s.BaseURL(), Model: "org/" + name, MaxRetries: &retries,
			Timeout: llm.Duration{Duration: 5 * time.Second}, Cutoff: llm.Cutoff(cutoff)})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	identity, err := llm.Builtin("identity")
	if err != nil {
		t.Fatal(err)
	}
	models := []llm.Model{open("dated", "2024-06"), open("down", "2023"), open("undated", ""), identity}
	want := map[string]string{"dated": "2024-06-30", "down": "2023-12-31", "undated": "", "identity": ""}
	changes := []table.Change{
		{TaskID: "go-1", Language: "go", Category: "inefficient_io", CommitMessage: "Read once", Symbol: "F",
			CodeBefore: "func F() { read(); read() }", CodeAfter: "func F() { read() }"},
		{TaskID: "go-2", Language: "go", Category: "inefficient_io", CommitMessage: "Buffer", Symbol: "F",
			CodeBefore: "func F() { write() }", CodeAfter: "func F() { buffered() }"},
	}
	caller := &llm.Caller{Cache: &llm.Cache{Dir: t.TempDir()}}
	dir := t.TempDir()
	for _, cached := range []bool{false, true} {
		n := len(models) * len(changes)
		descs := calls.NewBatch(n, func(i int) (table.Description, *llm.Call) {
			m, c := models[i/len(changes)], changes[i%len(changes)]
			s := llm.Settings(m, llm.Sampling{}, calls.DescribeDefaults)
			return calls.Describe(m, s, llm.TaskOf(c), 1, 0)
		})
		if _, err := descs.Run(context.Background(), caller, calls.RecordDescription); err != nil {
			t.Fatal(err)
		}
		gens := calls.NewBatch(n, func(i int) (table.Generation, *llm.Call) {
			d := descs.Rows[i]
			m, c := models[i/len(changes)], changes[i%len(changes)]
			s := llm.Settings(m, llm.Sampling{}, calls.GenerateDefaults)
			return calls.Generate(m, s, c, d, false)
		})
		if _, err := gens.Run(context.Background(), caller, func(g *table.Generation, res llm.Result) {
			calls.RecordGeneration(g, changes[0], res)
		}); err != nil {
			t.Fatal(err)
		}
		// Through the tables, as the stages write them.
		dpath, gpath := filepath.Join(dir, "descriptions.parquet"), filepath.Join(dir, "generations.parquet")
		if err := table.WriteFile(dpath, descs.Rows); err != nil {
			t.Fatal(err)
		}
		if err := table.WriteFile(gpath, gens.Rows); err != nil {
			t.Fatal(err)
		}
		dRows, err := table.ReadFile[table.Description](dpath)
		if err != nil {
			t.Fatal(err)
		}
		gRows, err := table.ReadFile[table.Generation](gpath)
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range dRows {
			g := gRows[i]
			failed := d.Model == "down"
			if (d.Error != "") != failed || (g.Error != "") != failed {
				t.Errorf("cached %v, %s %s: description error %q, generation error %q", cached, d.Model, d.TaskID, d.Error, g.Error)
			}
			answered := !failed
			if d.CacheHit != (cached && answered) || g.CacheHit != (cached && answered) {
				t.Errorf("cached %v, %s %s: cache hits %v and %v", cached, d.Model, d.TaskID, d.CacheHit, g.CacheHit)
			}
			if d.ModelCutoff != want[d.Model] || g.ModelCutoff != want[g.Model] {
				t.Errorf("cached %v, %s %s: model_cutoff %q and %q, want %q", cached, d.Model, d.TaskID,
					d.ModelCutoff, g.ModelCutoff, want[d.Model])
			}
		}
	}

	// A generation by a dated model from another model's description
	// carries the generating model's cutoff, and so does one with no
	// description to answer, which makes no call.
	d := table.Description{TaskID: "go-1", Model: "identity", Description: "Read once."}
	s1 := llm.Settings(models[0], llm.Sampling{}, calls.GenerateDefaults)
	if g, call := calls.Generate(models[0], s1, changes[0], d, false); call == nil || g.ModelCutoff != "2024-06-30" {
		t.Errorf("generation from identity's description: call %v, model_cutoff %q", call != nil, g.ModelCutoff)
	}
	d.Error = "down"
	if g, call := calls.Generate(models[0], s1, changes[0], d, false); call != nil || g.Error == "" || g.ModelCutoff != "2024-06-30" {
		t.Errorf("generation without a description: call %v, error %q, model_cutoff %q", call != nil, g.Error, g.ModelCutoff)
	}
}

// A repository task's generation prompt shows the function, its file
// around it, and asks for the function alone.
func TestGenerateRepositoryTask(t *testing.T) {
	m, err := llm.Builtin("identity")
	if err != nil {
		t.Fatal(err)
	}
	c := table.Change{TaskID: "py-1", Language: "python", Symbol: "Tally.repeats", FilePath: "dupes/count.py",
		CodeBefore: "def repeats(self):\n    return 0\n", FileContext: "import os\n\n\nclass Tally:\n    <<< the function to rewrite goes here >>>\n"}
	d := table.Description{TaskID: "py-1", Model: "identity", Description: "Use a set."}
	g, call := calls.Generate(m, llm.Settings(m, llm.Sampling{}, calls.GenerateDefaults), c, d, false)
	if call == nil || g.PromptVersion != prompt.GenerateRepoVersion {
		t.Fatalf("call %v, prompt version %q: want a call under %s", call != nil, g.PromptVersion, prompt.GenerateRepoVersion)
	}
	msgs, err := call.Req.Prompt.Render()
	if err != nil {
		t.Fatal(err)
	}
	user := msgs[len(msgs)-1].Content
	for _, want := range []string{"Tally.repeats", "dupes/count.py", "class Tally:", "the function to rewrite goes here", "Use a set.", "function alone"} {
		if !strings.Contains(user, want) {
			t.Errorf("the prompt lacks %q:\n%s", want, user)
		}
	}
	// A task whose variants are whole files keeps its prompt.
	c.FileContext = ""
	if g, _ := calls.Generate(m, llm.Settings(m, llm.Sampling{}, calls.GenerateDefaults), c, d, false); g.PromptVersion != prompt.GenerateVersion {
		t.Errorf("whole-file task: prompt version %q", g.PromptVersion)
	}
}
