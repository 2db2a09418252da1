package prompt

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/perfcon/perfcon/internal/dataset"
	"github.com/perfcon/perfcon/internal/table"
)

// corpusEntry is an answer of testdata/answers with what it must read as
// (the format is in testdata/answers/README).
type corpusEntry struct {
	name                     string
	kind, task               string
	category, status, finish string
	truncated                bool
	answer, code             string
	hasCode                  bool
}

// readCorpusEntry reads and checks one file of testdata/answers.
func readCorpusEntry(path string) (corpusEntry, error) {
	a, err := txtar.ParseFile(path)
	if err != nil {
		return corpusEntry{}, err
	}
	e := corpusEntry{name: strings.TrimSuffix(filepath.Base(path), ".txtar")}
	keys := map[string]bool{}
	for line := range strings.Lines(string(a.Comment)) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return e, fmt.Errorf("comment line %q is not key: value", line)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if keys[k] {
			return e, fmt.Errorf("key %q given twice", k)
		}
		keys[k] = true
		switch k {
		case "kind":
			e.kind = v
		case "task":
			e.task = v
		case "category":
			e.category = v
		case "status":
			e.status = v
		case "truncated":
			if v != "true" && v != "false" {
				return e, fmt.Errorf("truncated %q is not true or false", v)
			}
			e.truncated = v == "true"
		case "finish":
			if v != "stop" && v != "length" {
				return e, fmt.Errorf("finish %q is not stop or length", v)
			}
			e.finish = v
		default:
			return e, fmt.Errorf("unknown key %q", k)
		}
	}
	for _, f := range a.Files {
		switch f.Name {
		case "answer":
			e.answer = string(f.Data)
		case "code":
			e.code, e.hasCode = string(f.Data), true
		default:
			return e, fmt.Errorf("unknown file %q", f.Name)
		}
	}
	switch {
	case e.kind == "describe" && (!keys["category"] || keys["status"] || e.hasCode):
		return e, fmt.Errorf("a describe entry has a category key, and no status or code")
	case e.kind == "describe" && e.category != "" && !table.IsCategory(e.category):
		return e, fmt.Errorf("category %q is not one of %s", e.category, strings.Join(table.Categories, ", "))
	case e.kind == "generate" && (!keys["status"] || keys["category"]):
		return e, fmt.Errorf("a generate entry has a status key, and no category")
	case e.kind == "generate" && !isExtractStatus(e.status):
		return e, fmt.Errorf("status %q is not an extract status", e.status)
	case e.kind != "describe" && e.kind != "generate":
		return e, fmt.Errorf("kind %q is not describe or generate", e.kind)
	case !keys["task"] || !keys["truncated"] || !keys["finish"]:
		return e, fmt.Errorf("task, truncated and finish are all needed")
	case e.truncated != (e.finish == "length"):
		return e, fmt.Errorf("truncated %v with finish %s: a cut answer ends at its token bound", e.truncated, e.finish)
	case strings.TrimSpace(e.answer) == "":
		return e, fmt.Errorf("no answer file")
	}
	return e, nil
}

func isExtractStatus(s string) bool {
	for _, st := range ExtractStatuses {
		if st.Name == s {
			return true
		}
	}
	return false
}

// generated is what a generation records of an answer: the code Code
// extracts, or, for an answer cut inside its reasoning (a block never
// closed, or a server's separate reasoning stopped at the token bound
// before any answer), no code and truncated.
func generated(a Answer, finish string, task dataset.Task) (code, status string) {
	if a.Unclosed || (finish == "length" && a.Text == "") {
		return "", ExtractTruncated
	}
	return Code(a.Text, task.Language, task.Symbol, task.Before)
}

// Every answer of the corpus reads as its entry says, as sent and with
// its reasoning in the server's separate field.
func TestCorpus(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "answers", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	tasks := map[string]dataset.Task{}
	kinds := map[string]int{}
	for _, path := range paths {
		e, err := readCorpusEntry(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		kinds[e.kind]++
		task, ok := tasks[e.task]
		if !ok {
			if task, err = dataset.LoadTask(filepath.Join("..", "..", "datasets", "core", e.task)); err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			tasks[e.task] = task
		}
		t.Run(e.name, func(t *testing.T) {
			inline := Split(e.answer, "")
			if inline.Unclosed && !e.truncated {
				t.Errorf("the reasoning never closes, but the entry is not truncated")
			}
			for _, tag := range []string{"<think", "</think", "<reasoning", "</reasoning"} {
				if strings.Contains(strings.ToLower(inline.Text), tag) {
					t.Errorf("the text keeps a reasoning tag:\n%s", inline.Text)
				}
			}
			// What a server that sets reasoning apart sends instead.
			separate := Split(inline.Text, inline.Reasoning)
			if separate.Text != inline.Text || separate.Reasoning != inline.Reasoning || separate.Unclosed {
				t.Errorf("with its reasoning in the field, the answer splits as %+v, not as %+v", separate, inline)
			}
			for _, form := range []struct {
				name string
				a    Answer
			}{{"as sent", inline}, {"reasoning apart", separate}} {
				switch e.kind {
				case "describe":
					if got, raw := Category(form.a.Text); got != e.category {
						t.Errorf("%s: Category = %q (raw %q), want %q", form.name, got, raw, e.category)
					}
				case "generate":
					code, status := generated(form.a, e.finish, task)
					if status != e.status {
						t.Errorf("%s: status %q, want %q", form.name, status, e.status)
					}
					if code != e.code {
						t.Errorf("%s: code\n%s\nwant\n%s", form.name, code, e.code)
					}
				}
			}
		})
	}
	// Too few entries would test little: files gone missing show here.
	if kinds["describe"] < 20 || kinds["generate"] < 20 {
		t.Errorf("the corpus holds %d describe and %d generate entries, want 20 of each at least",
			kinds["describe"], kinds["generate"])
	}
}

// The corpus's tasks are in the shipped task set, so the files stay
// usable by tests that run the stages over them.
func TestCorpusTasksExist(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "answers", "*.txtar"))
	for _, path := range paths {
		e, err := readCorpusEntry(path)
		if err != nil {
			continue // TestCorpus says why
		}
		if _, err := os.Stat(filepath.Join("..", "..", "datasets", "core", e.task, "task.toml")); err != nil {
			t.Errorf("%s: task %s: %v", path, e.task, err)
		}
	}
}
