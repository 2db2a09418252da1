package prompt

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/dataset"
	"github.com/perfcon/perfcon/internal/prompt/answertest"
)

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
		e, err := answertest.Read(path)
		if err == nil && e.Kind == "generate" && !isExtractStatus(e.Status) {
			err = fmt.Errorf("status %q is not an extract status", e.Status)
		}
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		kinds[e.Kind]++
		task, ok := tasks[e.Task]
		if !ok {
			if task, err = dataset.LoadTask(filepath.Join("..", "..", "datasets", "core", e.Task)); err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			tasks[e.Task] = task
		}
		t.Run(e.Name, func(t *testing.T) {
			inline := Split(e.Answer, "")
			if inline.Unclosed && !e.Truncated {
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
				switch e.Kind {
				case "describe":
					if got, raw := Category(form.a.Text); got != e.Category {
						t.Errorf("%s: Category = %q (raw %q), want %q", form.name, got, raw, e.Category)
					}
				case "generate":
					code, status := generated(form.a, e.Finish, task)
					if status != e.Status {
						t.Errorf("%s: status %q, want %q", form.name, status, e.Status)
					}
					if code != e.Code {
						t.Errorf("%s: code\n%s\nwant\n%s", form.name, code, e.Code)
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
		e, err := answertest.Read(path)
		if err != nil {
			continue // TestCorpus says why
		}
		if _, err := os.Stat(filepath.Join("..", "..", "datasets", "core", e.Task, "task.toml")); err != nil {
			t.Errorf("%s: task %s: %v", path, e.Task, err)
		}
	}
}
